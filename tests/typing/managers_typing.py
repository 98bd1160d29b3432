"""Type-checked, never run: each manager method takes its types from its own arguments."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, assert_type

from pymongo import AsyncMongoClient, MongoClient

from gault.managers import AsyncManager, Manager
from gault.models import Model, Schema, configure
from gault.pages import Page
from gault.predicates import Field


class Account(Schema, collection="typing_accounts"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]


class Shape(Model):
    name: Field[str]


def sync_manager(client: MongoClient[Any]) -> None:
    manager = Manager(client["db"])
    assert_type(manager.get(Account, Account.name == "x"), Account)
    assert_type(manager.get(Shape), Shape)
    assert_type(manager.find(Account), Account | None)
    assert_type(manager.select(Account, take=3), Iterator[Account])
    assert_type(manager.paginate(Account, page=2), Page[Account])
    assert_type(manager.insert(Account(id="1", name="a")), Account)
    assert_type(manager.save(Account(id="1", name="a"), atomic=True), Account)
    assert_type(manager.count(Account), int)
    subscripted = Manager[Account, Account](client["db"])
    assert_type(subscripted.get(Shape), Shape)
    manager.insert(Shape(name="x"))  # type: ignore[type-var]
    AsyncManager(client["db"])  # type: ignore[arg-type]


async def async_manager(client: AsyncMongoClient[Any]) -> None:
    manager = AsyncManager(client["db"])
    assert_type(await manager.get(Account), Account)
    assert_type(await manager.find(Shape), Shape | None)
    assert_type(manager.select(Account), AsyncIterator[Account])
    assert_type(await manager.paginate(Account), Page[Account])
    assert_type(await manager.refresh(Account(id="1", name="a")), Account)
    Manager(client["db"])  # type: ignore[arg-type]
