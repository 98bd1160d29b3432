"""Models and helpers shared by the manager tests (async sources and generated sync twins)."""

from __future__ import annotations

import types
from typing import Any

from bson import ObjectId
from pymongo import monitoring

from gault.managers import Index
from gault.models import Model, Schema, configure
from gault.predicates import Field

__all__ = [
    "Account",
    "Address",
    "Article",
    "Crew",
    "Note",
    "Person",
    "Project",
    "Recorder",
    "Summary",
    "Tag",
    "Ticket",
    "Unbound",
    "User",
    "UserView",
    "Wide",
]


class User(Schema, collection="users"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]
    email: Field[str] = configure(default="")
    age: Field[int] = configure(default=0, db_alias="person_age")


class Summary(Model, collection="users"):
    """A read-only shape over the users collection."""

    name: Field[str]


class UserView(Model, collection="users"):
    """A read-only shape with a pk, so it can be refreshed."""

    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]


class Unbound(Model):
    """A model bound to no collection."""

    name: Field[str]


class Tag(Schema, collection="tags"):
    """A schema whose only field is its pk."""

    label: Field[str] = configure(pk=True, db_alias="_id")


class Note(Schema, collection="notes"):
    """A schema without a pk."""

    text: Field[str]


class Address(Model):
    city: Field[str]
    zip: Field[str] = configure(default="", db_alias="zip_code")


class Person(Schema, collection="people"):
    """A schema with a generated ObjectId pk and an embedded model."""

    id: Field[ObjectId] = configure(pk=True, db_alias="_id")
    name: Field[str]
    address: Field[Address]
    tags: Field[list[str]] = configure(default_factory=list)


class Article(Schema, collection="articles"):
    """A schema with optimistic concurrency."""

    id: Field[str] = configure(pk=True, db_alias="_id")
    title: Field[str]
    body: Field[str] = configure(default="")
    version: Field[int] = configure(version=True, default=0)


class Account(Schema, collection="accounts"):
    """A schema declaring its indexes."""

    __indexes__ = (Index("email", unique=True), "-age", [("email", 1), "age"])

    id: Field[str] = configure(pk=True, db_alias="_id")
    email: Field[str]
    age: Field[int] = configure(default=0, db_alias="years")


class Crew(Model):
    """An embedded model holding a list."""

    name: Field[str]
    members: Field[list[str]] = configure(default_factory=list)


class Project(Schema, collection="projects"):
    """A schema with lists, a dict, an optional field and an embedded model (atomic saves)."""

    id: Field[str] = configure(pk=True, db_alias="_id")
    title: Field[str]
    note: Field[str | None] = configure(default=None)
    tags: Field[list[str]] = configure(default_factory=list)
    counts: Field[dict[str, int]] = configure(default_factory=dict)
    crew: Field[Crew]


class Ticket(Schema, collection="tickets"):
    """A versioned schema whose pk is not stored as ``_id``, with an embedded model."""

    code: Field[str] = configure(pk=True, db_alias="ticket_code")
    title: Field[str]
    note: Field[str | None] = configure(default=None)
    crew: Field[Crew]
    version: Field[int] = configure(version=True, default=0)


def _wide_fields(namespace: dict[str, Any]) -> None:
    namespace["__annotations__"] = {"id": Field[str]} | {f"f{i}": Field[int] for i in range(249)}
    namespace["id"] = configure(pk=True, db_alias="_id")
    namespace.update({f"f{i}": i for i in range(249)})


#: A schema of 250 fields (its pk and ``f0`` ... ``f248``, ints defaulting to their number).
Wide: type[Schema] = types.new_class("Wide", (Schema,), {"collection": "wide"}, _wide_fields)


class Recorder(monitoring.CommandListener):
    """Records the commands a client sends (command monitoring)."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, dict[str, Any]]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.commands.append((event.command_name, dict(event.command)))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        """Nothing to record."""

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        """Nothing to record."""

    def sent(self, name: str) -> list[dict[str, Any]]:
        """The commands called ``name`` sent so far."""
        return [command for command_name, command in self.commands if command_name == name]

    def clear(self) -> None:
        """Forget what was recorded."""
        self.commands.clear()
