# Generated from tests/managers/aio/test_commands.py by scripts/unasync.py: edit the source, then regenerate.
"""The commands the managers send, recorded with PyMongo command monitoring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import MongoClient, UpdateOne
from pymongo.synchronous.collection import Collection
from pymongo.synchronous.database import Database

from gault.managers import Manager
from gault.pipelines import Pipeline

from ..support import Recorder, User

Recorded = tuple[Manager, Recorder]


@pytest.fixture
def recorded(mongodb_uri: str, database_name: str) -> Iterator[Recorded]:
    recorder = Recorder()
    client: MongoClient[Any] = MongoClient(mongodb_uri, tz_aware=True, event_listeners=[recorder])
    yield Manager(client[database_name]), recorder
    client.close()


def test_atomic_save_sends_only_the_changed_field_in_set(recorded: Recorded) -> None:
    manager, recorder = recorded
    manager.insert(User(id="1", name="Alice", email="a@example.com", age=30))
    user = manager.get(User, User.id == "1")
    recorder.clear()
    user.age = 31
    manager.save(user, atomic=True)
    (command,) = recorder.sent("findAndModify")
    assert command["query"] == {"_id": "1"}
    assert command["update"] == {"$set": {"person_age": 31}}
    assert command["upsert"] is False
    assert [name for name, _ in recorder.commands] == ["findAndModify"]


def test_atomic_save_with_nothing_dirty_sends_only_set_on_insert(recorded: Recorded) -> None:
    manager, recorder = recorded
    user = manager.insert(User(id="1", name="Alice"))
    recorder.clear()
    manager.save(user, atomic=True)
    (command,) = recorder.sent("findAndModify")
    assert command["update"] == {"$setOnInsert": {"name": "Alice", "email": "", "person_age": 0}}


def test_plain_save_sets_every_field(recorded: Recorded) -> None:
    manager, recorder = recorded
    manager.save(User(id="1", name="Alice"))
    (command,) = recorder.sent("findAndModify")
    assert command["update"] == {"$set": {"name": "Alice", "email": "", "person_age": 0}}
    assert command["fields"] == {"_id": True}
    assert command["new"] is True


def test_paginate_sends_exactly_one_aggregate(recorded: Recorded) -> None:
    manager, recorder = recorded
    manager.insert_many([User(id=str(i), name=f"n{i}", age=i) for i in range(30)])
    recorder.clear()
    page = manager.paginate(User, User.age.gte(10), page=2, per_page=5, sort_by="-age")
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


def test_find_sends_limit_one(recorded: Recorded) -> None:
    manager, recorder = recorded
    manager.insert(User(id="1", name="Alice"))
    recorder.clear()
    assert manager.find(User, User.name == "Alice") is not None
    (command,) = recorder.sent("find")
    assert command["filter"] == {"name": "Alice"}
    assert command["limit"] == 1
    assert "killCursors" not in [name for name, _ in recorder.commands]


def test_select_sort_comes_before_skip_and_limit(recorded: Recorded) -> None:
    manager, recorder = recorded
    assert [user for user in manager.select(User, skip=2, take=3, sort_by="name")] == []
    (command,) = recorder.sent("find")
    assert (command["sort"], command["skip"], command["limit"]) == ({"name": 1}, 2, 3)


def test_select_take_zero_sends_nothing(recorded: Recorded) -> None:
    manager, recorder = recorded
    assert [user for user in manager.select(User, take=0)] == []
    assert recorder.commands == []


def test_exists_stops_at_one_document(recorded: Recorded) -> None:
    manager, recorder = recorded
    manager.insert_many([User(id=str(i), name="x") for i in range(3)])
    recorder.clear()
    assert manager.exists(User, User.name == "x")
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
        original = getattr(Collection, name)

        def spy(
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
                return _original(self, *args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(Collection, name, spy)
    find = Collection.find

    def find_spy(self: Any, *args: Any, session: Any = None, **kwargs: Any) -> Any:
        if not inside:
            seen.append(("find", session))
        return find(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "find", find_spy)
    return seen


def test_session_reaches_every_pymongo_call(
    sync_db: Database[Any], sessions: list[tuple[str, object]]
) -> None:
    manager = Manager(sync_db)
    session: Any = SESSION
    user = manager.insert(User(id="1", name="A"), session=session)
    manager.insert_many([User(id="2", name="B")], session=session)
    manager.save(user, atomic=True, session=session)
    manager.save_many([user], session=session)
    manager.refresh(user, session=session)
    manager.get(User, session=session)
    manager.find(User, session=session)
    assert [found for found in manager.select(User, session=session)]
    manager.paginate(User, session=session)
    manager.count(User, session=session)
    manager.exists(User, session=session)
    manager.distinct(User, User.name, session=session)
    manager.update_many(User, None, User.age.inc(1), session=session)
    manager.find_one_and_update(User, User.id == "1", User.age.inc(1), session=session)
    manager.bulk_write(User, [UpdateOne({"_id": "2"}, {"$set": {"name": "C"}})], session=session)
    manager.ensure_indexes(User, ["name"], session=session)
    manager.find_one_and_delete(User, User.id == "2", session=session)
    manager.delete(user, session=session)
    manager.delete_many(User, None, session=session)
    manager.count(User, Pipeline().match(User.age >= 0).group(by="name"), session=session)
    assert {name for name, _ in sessions} == {*METHODS, "find"}
    assert all(seen is SESSION for _, seen in sessions)


@pytest.mark.needs_mongodb
def test_session_is_sent_with_every_command(recorded: Recorded) -> None:
    manager, recorder = recorded
    with manager.database.client.start_session() as session:
        manager.insert(User(id="1", name="Alice"), session=session)
        manager.get(User, session=session)
        session_id = session.session_id
    sent = [command for name, command in recorder.commands if name in ("insert", "find")]
    assert len(sent) == 2
    assert all(command["lsid"] == session_id for command in sent)


def test_two_managers_edit_different_fields_atomically(
    mongodb_uri: str, database_name: str
) -> None:
    first_client: MongoClient[Any] = MongoClient(mongodb_uri, tz_aware=True)
    second_client: MongoClient[Any] = MongoClient(mongodb_uri, tz_aware=True)
    first = Manager(first_client[database_name])
    second = Manager(second_client[database_name])
    first.insert(User(id="1", name="Alice", email="a@example.com", age=30))
    mine = first.get(User, User.id == "1")
    theirs = second.get(User, User.id == "1")
    mine.name = "Alicia"
    theirs.age = 31
    first.save(mine, atomic=True)
    second.save(theirs, atomic=True)
    final = Manager(first_client[database_name]).get(User, User.id == "1")
    assert (final.name, final.age, final.email) == ("Alicia", 31, "a@example.com")
    first_client.close()
    second_client.close()
