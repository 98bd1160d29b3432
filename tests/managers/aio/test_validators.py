"""``ensure_validator``: the model's ``$jsonSchema`` validator installed on its collection."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import WriteError

from gault.exceptions import Forbidden
from gault.json import validator
from gault.managers import AsyncManager
from gault.models import Model, Schema, configure
from gault.predicates import Field


class Address(Model):
    city: Field[str]


class Member(Schema, collection="members"):
    id: Field[ObjectId] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(db_alias="years", default=0)
    address: Field[Address | None] = configure(default=None)


async def test_creates_the_collection_with_the_validator(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    rules = await manager.ensure_validator(Member)
    assert rules == validator(Member)
    assert rules["$jsonSchema"]["required"] == ["_id", "name"]
    assert "members" in await async_db.list_collection_names()
    member = await manager.insert(Member(name="Ann", age=30, address=Address(city="Oslo")))
    assert await manager.get(Member, Member.id == member.id) == member


@pytest.mark.needs_mongodb
async def test_the_validator_rejects_a_bad_document(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await manager.ensure_validator(Member)
    with pytest.raises(WriteError, match="Document failed validation"):
        await async_db.members.insert_one({"name": "Ann", "years": "thirty"})
    with pytest.raises(WriteError, match="Document failed validation"):
        await async_db.members.insert_one({"years": 3})
    await async_db.members.insert_one({"name": "Bob", "years": 3, "address": {"city": "Rome"}})


@pytest.mark.needs_mongodb
async def test_an_existing_collection_gets_the_validator_by_coll_mod(
    async_db: AsyncDatabase[Any],
) -> None:
    # bundled server: "no such command: 'collMod'"
    await async_db.create_collection("members")
    manager = AsyncManager(async_db)
    await manager.ensure_validator(Member, level="moderate", action="error")
    info = await async_db.command("listCollections", filter={"name": "members"})
    options = info["cursor"]["firstBatch"][0]["options"]
    assert options["validator"] == validator(Member)
    assert options["validationLevel"] == "moderate"


async def test_bad_arguments_raise_before_any_command(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(Forbidden, match="Address"):
        await manager.ensure_validator(Address)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="level must be one of"):
        await manager.ensure_validator(Member, level="lax")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="action must be one of"):
        await manager.ensure_validator(Member, action="ignore")  # type: ignore[arg-type]
    assert "members" not in await async_db.list_collection_names()
