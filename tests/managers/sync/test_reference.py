# Generated from tests/managers/aio/test_reference.py by scripts/unasync.py: edit the source, then regenerate.
"""Every behaviour and example of the Manager reference page, against the server."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.synchronous.database import Database

from gault.exceptions import Forbidden, NotFound, Unprocessable
from gault.managers import Manager, Persistence, StateTracker
from gault.pages import Page
from gault.pipelines import Pipeline

from ..support import Note, Summary, Tag, Unbound, User


def seed(manager: Manager, count: int = 5) -> list[User]:
    users = [
        User(id=f"u{i}", name=f"user{i}", email=f"user{i}@example.com", age=10 * i)
        for i in range(1, count + 1)
    ]
    return manager.insert_many(users)


# -- constructor and properties ------------------------------------------------------------


def test_constructor_creates_trackers_lazily(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    assert manager._persistence is None and manager._state_tracker is None
    assert isinstance(manager.persistence, Persistence)
    assert isinstance(manager.state_tracker, StateTracker)
    assert manager.persistence is manager.persistence
    assert manager.state_tracker is manager.state_tracker


def test_constructor_shares_given_trackers(sync_db: Database[Any]) -> None:
    persistence, tracker = Persistence(), StateTracker()
    first = Manager(sync_db, persistence=persistence, state_tracker=tracker)
    second = Manager(sync_db, persistence=persistence, state_tracker=tracker)
    user = first.insert(User(id="1", name="Alice"))
    assert second.persistence.is_persisted(user)
    user.name = "Bob"
    assert second.state_tracker.get_dirty_fields(user) == {"name"}


def test_manager_is_subscriptable(sync_db: Database[Any]) -> None:
    manager = Manager[User, User](sync_db)
    manager.insert(User(id="1", name="Alice"))
    assert (manager.get(User)).name == "Alice"


# -- get -------------------------------------------------------------------------------------


def test_get_example(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    manager.insert(User(id="abc123", name="Alice", email="alice@example.com"))
    user = manager.get(User, User.id == "abc123")
    assert user == User(id="abc123", name="Alice", email="alice@example.com")
    assert manager.persistence.is_persisted(user)


def test_get_raises_not_found(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    query = User.id == "missing"
    with pytest.raises(NotFound) as caught:
        manager.get(User, query)
    assert caught.value.model is User
    assert caught.value.filter is query
    assert isinstance(caught.value, LookupError)


def test_get_without_filter_returns_a_document(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    manager.insert(User(id="1", name="Alice"))
    assert (manager.get(User)).id == "1"


# -- find ------------------------------------------------------------------------------------


def test_find_example(sync_db: Database[Any], capsys: pytest.CaptureFixture[str]) -> None:
    manager = Manager(sync_db)
    manager.insert(User(id="abc123", name="Alice", email="alice@example.com"))
    user = manager.find(User, User.email.eq("alice@example.com"))
    if user:
        print(user.name)
    assert capsys.readouterr().out == "Alice\n"


def test_find_returns_none(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    assert manager.find(User, User.email.eq("nobody@example.com")) is None


# -- select ----------------------------------------------------------------------------------


def test_select_example(sync_db: Database[Any], capsys: pytest.CaptureFixture[str]) -> None:
    manager = Manager(sync_db)
    seed(manager)
    for user in manager.select(User, User.age.gte(18), take=100):
        print(user.name)
    assert sorted(capsys.readouterr().out.split()) == ["user2", "user3", "user4", "user5"]


def test_select_skip_take_sort(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager)
    names = [user.name for user in manager.select(User, skip=1, take=2, sort_by="-age")]
    assert names == ["user4", "user3"]


def test_select_take_zero_returns_nothing(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager)
    assert [user for user in manager.select(User, take=0)] == []


@pytest.mark.parametrize("argument", ["skip", "take"])
def test_select_rejects_negative_numbers(sync_db: Database[Any], argument: str) -> None:
    manager = Manager(sync_db)
    with pytest.raises(ValueError, match=argument):
        manager.select(User, **{argument: -1})


def test_select_marks_and_snapshots_schemas(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    sync_db.users.insert_one({"_id": "1", "name": "Alice", "person_age": 3})
    (user,) = [user for user in manager.select(User)]
    assert manager.persistence.is_persisted(user)
    assert manager.state_tracker.get_dirty_fields(user) == set()
    user.age = 4
    assert manager.state_tracker.get_dirty_fields(user) == {"age"}


def test_select_model_is_read_only_shape(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager, 2)
    summaries = [summary for summary in manager.select(Summary, sort_by=Summary.name)]
    assert summaries == [Summary(name="user1"), Summary(name="user2")]
    assert not manager.persistence.is_persisted(summaries[0])


@pytest.mark.needs_mongodb
def test_select_documents_pipeline_runs_on_database(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    pipeline = Pipeline.documents({"name": "a"}, {"name": "b"})
    names = [summary.name for summary in manager.select(Summary, pipeline)]
    assert names == ["a", "b"]


# -- insert ----------------------------------------------------------------------------------


def test_insert_example(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    user = User(id="abc123", name="Alice", email="alice@example.com")
    manager.insert(user)
    assert manager.persistence.is_persisted(user)
    assert sync_db.users.find_one() == {
        "_id": "abc123",
        "name": "Alice",
        "email": "alice@example.com",
        "person_age": 0,
    }


def test_insert_returns_the_same_instance(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    user = User(id="1", name="Alice")
    assert manager.insert(user) is user


def test_insert_rejects_a_model(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    with pytest.raises(Forbidden) as caught:
        manager.insert(Summary(name="x"))  # type: ignore[type-var]
    assert caught.value.model is Summary
    assert isinstance(caught.value, TypeError)


# -- save ------------------------------------------------------------------------------------


def test_save_example(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    user = manager.insert(User(id="abc123", name="Alice", email="alice@example.com"))
    user.name = "Alice Updated"
    manager.save(user, refresh=True, atomic=True)
    assert (sync_db.users.find_one())["name"] == "Alice Updated"
    assert manager.state_tracker.get_dirty_fields(user) == set()


def test_save_upserts_a_new_instance(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    user = manager.save(User(id="1", name="Alice", age=5))
    assert manager.persistence.is_persisted(user)
    assert sync_db.users.find_one() == {
        "_id": "1",
        "name": "Alice",
        "email": "",
        "person_age": 5,
    }


def test_save_refresh_reloads_concurrent_changes(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    user = manager.insert(User(id="1", name="Alice", age=5))
    sync_db.users.update_one({"_id": "1"}, {"$set": {"person_age": 50}})
    user.name = "Alicia"
    manager.save(user, refresh=True, atomic=True)
    assert (user.name, user.age) == ("Alicia", 50)
    assert manager.state_tracker.get_dirty_fields(user) == set()


def test_save_without_refresh_keeps_instance_values(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    user = manager.insert(User(id="1", name="Alice", age=5))
    sync_db.users.update_one({"_id": "1"}, {"$set": {"person_age": 50}})
    user.name = "Alicia"
    manager.save(user, atomic=True)
    assert user.age == 5
    assert (sync_db.users.find_one())["person_age"] == 50


def test_save_rejects_a_model(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    with pytest.raises(Forbidden):
        manager.save(Summary(name="x"))  # type: ignore[type-var]


def test_save_needs_a_pk(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    note = Note(text="hello")
    with pytest.raises(Unprocessable) as caught:
        manager.save(note)
    assert caught.value.model is Note
    assert not manager.persistence.is_persisted(note)


def test_save_pk_only_schema(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    tag = manager.save(Tag(label="python"))
    manager.save(tag, atomic=True)
    assert sync_db.tags.find_one() == {"_id": "python"}


def test_atomic_save_with_nothing_dirty_recreates_deleted(
    sync_db: Database[Any],
) -> None:
    manager = Manager(sync_db)
    user = manager.insert(User(id="1", name="Alice", age=5))
    sync_db.users.delete_one({"_id": "1"})
    manager.save(user, atomic=True)
    assert sync_db.users.find_one() == {
        "_id": "1",
        "name": "Alice",
        "email": "",
        "person_age": 5,
    }


# -- refresh ---------------------------------------------------------------------------------


def test_refresh_example(sync_db: Database[Any], capsys: pytest.CaptureFixture[str]) -> None:
    manager = Manager(sync_db)
    user = manager.insert(User(id="abc123", name="Alice"))
    sync_db.users.update_one({"_id": "abc123"}, {"$set": {"name": "Bob"}})
    manager.refresh(user)
    print(user.name)  # reflects the current database state
    assert capsys.readouterr().out == "Bob\n"


def test_refresh_snapshots_again(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    user = manager.insert(User(id="1", name="Alice"))
    sync_db.users.update_one({"_id": "1"}, {"$set": {"name": "Bob"}})
    assert manager.refresh(user) is user
    assert manager.state_tracker.get_dirty_fields(user) == set()
    user.name = "Alice"
    assert manager.state_tracker.get_dirty_fields(user) == {"name"}


def test_refresh_needs_a_pk(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    with pytest.raises(Unprocessable):
        manager.refresh(Note(text="x"))


def test_refresh_raises_not_found_when_gone(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    user = manager.insert(User(id="1", name="Alice"))
    sync_db.users.delete_many({})
    with pytest.raises(NotFound) as caught:
        manager.refresh(user)
    assert caught.value.model is User


# -- paginate --------------------------------------------------------------------------------


def test_paginate_example(sync_db: Database[Any], capsys: pytest.CaptureFixture[str]) -> None:
    manager = Manager(sync_db)
    manager.insert_many([User(id=f"u{i:02}", name=f"n{i:02}", age=i) for i in range(60)])
    page = manager.paginate(
        User,
        User.age.gte(18),
        page=2,
        per_page=25,
        sort_by=User.name.asc(),
    )
    print(page.total)  # total matching documents
    for user in page:
        print(user.name)
    lines = capsys.readouterr().out.split()
    assert lines == ["42", *[f"n{i:02}" for i in range(43, 60)]]
    assert isinstance(page, Page)
    assert (page.page, page.per_page, page.pages, page.has_next, page.has_prev) == (
        2,
        25,
        2,
        False,
        True,
    )


def test_paginate_defaults(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager, 12)
    page = manager.paginate(User, sort_by="age")
    assert (page.total, page.page, page.per_page, len(page)) == (12, 1, 10, 10)
    assert page.items is page.instances
    assert manager.persistence.is_persisted(page[0])


def test_paginate_empty(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    page = manager.paginate(User)
    assert (page.total, list(page), page.pages, page.has_next) == (0, [], 0, False)


@pytest.mark.parametrize(("page", "per_page"), [(0, 10), (-1, 10), (1, 0), (1, -5)])
def test_paginate_validates_numbers(sync_db: Database[Any], page: int, per_page: int) -> None:
    manager = Manager(sync_db)
    with pytest.raises(ValueError):
        manager.paginate(User, page=page, per_page=per_page)


@pytest.mark.parametrize(
    "sort_by",
    ["-age", User.age.desc(), [User.age.desc(), User.name.asc()], {"person_age": -1}],
)
def test_paginate_every_sort_form(sync_db: Database[Any], sort_by: Any) -> None:
    manager = Manager(sync_db)
    seed(manager, 4)
    page = manager.paginate(User, per_page=2, sort_by=sort_by)
    assert [user.name for user in page] == ["user4", "user3"]


# -- filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filter",
    [
        None,
        {"person_age": {"$gte": 30}},
        User.age.gte(30),
        Pipeline().match(User.age >= 30),
        [{"$match": {"person_age": {"$gte": 30}}}],
        User.age.expr.gte(30),
    ],
    ids=["none", "dict", "predicate", "pipeline", "stages", "expression"],
)
def test_every_filter_form(sync_db: Database[Any], filter: Any) -> None:
    manager = Manager(sync_db)
    seed(manager)
    expected = 5 if filter is None else 3
    assert len([user for user in manager.select(User, filter)]) == expected


def test_unsupported_filter_type(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    with pytest.raises(TypeError, match="a filter is None, a predicate"):
        manager.find(User, 42)  # type: ignore[arg-type]


def test_model_without_collection(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    with pytest.raises(Unprocessable):
        manager.find(Unbound)


# -- sorting examples --------------------------------------------


@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        ("name", ["a", "b", "c"]),
        (User.name.asc(), ["a", "b", "c"]),
        ([User.age.desc(), User.name.asc()], ["c", "a", "b"]),
        ({"age": -1, "name": 1}, ["c", "a", "b"]),
    ],
    ids=["string", "attribute-spec", "tokens", "dict"],
)
def test_sorting_examples(sync_db: Database[Any], sort_by: Any, expected: list[str]) -> None:
    manager = Manager(sync_db)
    manager.insert_many(
        [
            User(id="1", name="b", age=1),
            User(id="2", name="c", age=2),
            User(id="3", name="a", age=1),
        ]
    )
    page = manager.paginate(User, sort_by=sort_by)
    assert [user.name for user in page] == expected
    assert [user.name for user in manager.select(User, sort_by=sort_by)] == expected
