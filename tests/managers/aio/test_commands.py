"""The commands the managers send, recorded with PyMongo command monitoring."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from gault.managers import AsyncManager
from gault.pipelines import Pipeline

from ..support import Recorder, User

Recorded = tuple[AsyncManager, Recorder]


@pytest.fixture
async def recorded(mongodb_uri: str, database_name: str) -> AsyncIterator[Recorded]:
    recorder = Recorder()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongodb_uri, tz_aware=True, event_listeners=[recorder]
    )
    yield AsyncManager(client[database_name]), recorder
    await client.close()


async def test_atomic_save_sends_only_the_changed_field_in_set(recorded: Recorded) -> None:
    manager, recorder = recorded
    await manager.insert(User(id="1", name="Alice", email="a@example.com", age=30))
    user = await manager.get(User, User.id == "1")
    recorder.clear()
    user.age = 31
    await manager.save(user, atomic=True)
    (command,) = recorder.sent("findAndModify")
    assert command["query"] == {"_id": "1"}
    assert command["update"] == {"$set": {"person_age": 31}}
    assert command["upsert"] is False
    assert [name for name, _ in recorder.commands] == ["findAndModify"]


async def test_atomic_save_with_nothing_dirty_sends_only_set_on_insert(recorded: Recorded) -> None:
    manager, recorder = recorded
    user = await manager.insert(User(id="1", name="Alice"))
    recorder.clear()
    await manager.save(user, atomic=True)
    (command,) = recorder.sent("findAndModify")
    assert command["update"] == {"$setOnInsert": {"name": "Alice", "email": "", "person_age": 0}}


async def test_plain_save_sets_every_field(recorded: Recorded) -> None:
    manager, recorder = recorded
    await manager.save(User(id="1", name="Alice"))
    (command,) = recorder.sent("findAndModify")
    assert command["update"] == {"$set": {"name": "Alice", "email": "", "person_age": 0}}
    assert command["fields"] == {"_id": True}
    assert command["new"] is True


async def test_paginate_sends_exactly_one_aggregate(recorded: Recorded) -> None:
    manager, recorder = recorded
    await manager.insert_many([User(id=str(i), name=f"n{i}", age=i) for i in range(30)])
    recorder.clear()
    page = await manager.paginate(User, User.age.gte(10), page=2, per_page=5, sort_by="-age")
    assert [user.age for user in page] == [24, 23, 22, 21, 20]
    assert [name for name, _ in recorder.commands] == ["aggregate"]
    (command,) = recorder.sent("aggregate")
    assert command["pipeline"] == [
        {"$match": {"person_age": {"$gte": 10}}},
        {"$sort": {"person_age": -1}},
        {
            "$facet": {
                "total": [{"$count": "total"}],
                "items": [{"$skip": 5}, {"$limit": 5}],
            }
        },
    ]


async def test_find_sends_limit_one(recorded: Recorded) -> None:
    manager, recorder = recorded
    await manager.insert(User(id="1", name="Alice"))
    recorder.clear()
    assert await manager.find(User, User.name == "Alice") is not None
    (command,) = recorder.sent("find")
    assert command["filter"] == {"name": "Alice"}
    assert command["limit"] == 1
    assert "killCursors" not in [name for name, _ in recorder.commands]


async def test_select_sort_comes_before_skip_and_limit(recorded: Recorded) -> None:
    manager, recorder = recorded
    assert [user async for user in manager.select(User, skip=2, take=3, sort_by="name")] == []
    (command,) = recorder.sent("find")
    assert (command["sort"], command["skip"], command["limit"]) == ({"name": 1}, 2, 3)


async def test_select_take_zero_sends_nothing(recorded: Recorded) -> None:
    manager, recorder = recorded
    assert [user async for user in manager.select(User, take=0)] == []
    assert recorder.commands == []


async def test_exists_stops_at_one_document(recorded: Recorded) -> None:
    manager, recorder = recorded
    await manager.insert_many([User(id=str(i), name="x") for i in range(3)])
    recorder.clear()
    assert await manager.exists(User, User.name == "x")
    (command,) = recorder.sent("find")
    assert command["filter"] == {"name": "x"}
    assert (command["limit"], command["projection"]) == (1, {"_id": 1})


SESSION = object()
METHODS = (
    "aggregate",
    "bulk_write",
    "count_documents",
    "create_indexes",
    "delete_many",
    "delete_one",
    "distinct",
    "find_one",
    "find_one_and_delete",
    "find_one_and_update",
    "insert_many",
    "insert_one",
    "update_many",
)  # and ``find``, which opens its cursor without I/O (not a coroutine)


@pytest.fixture
def sessions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Spy on every collection method the managers call: record its ``session`` argument,
    then run it without one (the bundled server has no sessions). Calls a spied method
    makes itself (``find_one`` calls ``find``) are not the managers' and are not recorded."""
    seen: list[tuple[str, object]] = []
    inside: list[str] = []
    for name in METHODS:
        original = getattr(AsyncCollection, name)

        async def spy(
            self: Any,
            *args: Any,
            session: Any = None,
            _name: str = name,
            _original: Any = original,
            **kwargs: Any,
        ) -> Any:
            seen.append((_name, session))
            inside.append(_name)
            try:
                return await _original(self, *args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(AsyncCollection, name, spy)
    find = AsyncCollection.find

    def find_spy(self: Any, *args: Any, session: Any = None, **kwargs: Any) -> Any:
        if not inside:
            seen.append(("find", session))
        return find(self, *args, **kwargs)

    monkeypatch.setattr(AsyncCollection, "find", find_spy)
    return seen


async def test_session_reaches_every_pymongo_call(
    async_db: AsyncDatabase[Any], sessions: list[tuple[str, object]]
) -> None:
    manager = AsyncManager(async_db)
    session: Any = SESSION
    user = await manager.insert(User(id="1", name="A"), session=session)
    await manager.insert_many([User(id="2", name="B")], session=session)
    await manager.save(user, atomic=True, session=session)
    await manager.save_many([user], session=session)
    await manager.refresh(user, session=session)
    await manager.get(User, session=session)
    await manager.find(User, session=session)
    assert [found async for found in manager.select(User, session=session)]
    await manager.paginate(User, session=session)
    await manager.count(User, session=session)
    await manager.exists(User, session=session)
    await manager.distinct(User, User.name, session=session)
    await manager.update_many(User, None, User.age.inc(1), session=session)
    await manager.find_one_and_update(User, User.id == "1", User.age.inc(1), session=session)
    await manager.bulk_write(
        User, [UpdateOne({"_id": "2"}, {"$set": {"name": "C"}})], session=session
    )
    await manager.ensure_indexes(User, ["name"], session=session)
    await manager.find_one_and_delete(User, User.id == "2", session=session)
    await manager.delete(user, session=session)
    await manager.delete_many(User, None, session=session)
    await manager.count(User, Pipeline().match(User.age >= 0).group(by="name"), session=session)
    assert {name for name, _ in sessions} == {*METHODS, "find"}
    assert all(seen is SESSION for _, seen in sessions)


@pytest.mark.needs_mongodb
async def test_session_is_sent_with_every_command(recorded: Recorded) -> None:
    manager, recorder = recorded
    async with manager.database.client.start_session() as session:
        await manager.insert(User(id="1", name="Alice"), session=session)
        await manager.get(User, session=session)
        session_id = session.session_id
    sent = [command for name, command in recorder.commands if name in ("insert", "find")]
    assert len(sent) == 2
    assert all(command["lsid"] == session_id for command in sent)


async def test_two_managers_edit_different_fields_atomically(
    mongodb_uri: str, database_name: str
) -> None:
    first_client: AsyncMongoClient[Any] = AsyncMongoClient(mongodb_uri, tz_aware=True)
    second_client: AsyncMongoClient[Any] = AsyncMongoClient(mongodb_uri, tz_aware=True)
    first = AsyncManager(first_client[database_name])
    second = AsyncManager(second_client[database_name])
    await first.insert(User(id="1", name="Alice", email="a@example.com", age=30))
    mine = await first.get(User, User.id == "1")
    theirs = await second.get(User, User.id == "1")
    mine.name = "Alicia"
    theirs.age = 31
    await first.save(mine, atomic=True)
    await second.save(theirs, atomic=True)
    final = await AsyncManager(first_client[database_name]).get(User, User.id == "1")
    assert (final.name, final.age, final.email) == ("Alicia", 31, "a@example.com")
    await first_client.close()
    await second_client.close()
