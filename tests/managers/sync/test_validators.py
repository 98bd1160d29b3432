# Generated from tests/managers/aio/test_validators.py by scripts/unasync.py: edit the source, then regenerate.
"""``ensure_validator``: the model's ``$jsonSchema`` validator installed on its collection."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId
from pymongo.errors import WriteError
from pymongo.synchronous.database import Database

from gault.exceptions import Forbidden
from gault.json import validator
from gault.managers import Manager
from gault.models import Model, Schema, configure
from gault.predicates import Field


class Address(Model):
    city: Field[str]


class Member(Schema, collection="members"):
    id: Field[ObjectId] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(db_alias="years", default=0)
    address: Field[Address | None] = configure(default=None)


def test_creates_the_collection_with_the_validator(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    rules = manager.ensure_validator(Member)
    assert rules == validator(Member)
    assert rules["$jsonSchema"]["required"] == ["_id", "name"]
    assert "members" in sync_db.list_collection_names()
    member = manager.insert(Member(name="Ann", age=30, address=Address(city="Oslo")))
    assert manager.get(Member, Member.id == member.id) == member


@pytest.mark.needs_mongodb
def test_the_validator_rejects_a_bad_document(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    manager.ensure_validator(Member)
    with pytest.raises(WriteError, match="Document failed validation"):
        sync_db.members.insert_one({"name": "Ann", "years": "thirty"})
    with pytest.raises(WriteError, match="Document failed validation"):
        sync_db.members.insert_one({"years": 3})
    sync_db.members.insert_one({"name": "Bob", "years": 3, "address": {"city": "Rome"}})


@pytest.mark.needs_mongodb
def test_an_existing_collection_gets_the_validator_by_coll_mod(
    sync_db: Database[Any],
) -> None:
    # bundled server: "no such command: 'collMod'"
    sync_db.create_collection("members")
    manager = Manager(sync_db)
    manager.ensure_validator(Member, level="moderate", action="error")
    info = sync_db.command("listCollections", filter={"name": "members"})
    options = info["cursor"]["firstBatch"][0]["options"]
    assert options["validator"] == validator(Member)
    assert options["validationLevel"] == "moderate"


def test_bad_arguments_raise_before_any_command(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    with pytest.raises(Forbidden, match="Address"):
        manager.ensure_validator(Address)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="level must be one of"):
        manager.ensure_validator(Member, level="lax")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="action must be one of"):
        manager.ensure_validator(Member, action="ignore")  # type: ignore[arg-type]
    assert "members" not in sync_db.list_collection_names()
