"""Every behaviour and example of the Manager reference page, against the server."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from gault.exceptions import Forbidden, NotFound, Unprocessable
from gault.managers import AsyncManager, Persistence, StateTracker
from gault.pages import Page
from gault.pipelines import Pipeline

from ..support import Note, Summary, Tag, Unbound, User


async def seed(manager: AsyncManager, count: int = 5) -> list[User]:
    users = [
        User(id=f"u{i}", name=f"user{i}", email=f"user{i}@example.com", age=10 * i)
        for i in range(1, count + 1)
    ]
    return await manager.insert_many(users)


# -- constructor and properties ------------------------------------------------------------


async def test_constructor_creates_trackers_lazily(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    assert manager._persistence is None and manager._state_tracker is None
    assert isinstance(manager.persistence, Persistence)
    assert isinstance(manager.state_tracker, StateTracker)
    assert manager.persistence is manager.persistence
    assert manager.state_tracker is manager.state_tracker


async def test_constructor_shares_given_trackers(async_db: AsyncDatabase[Any]) -> None:
    persistence, tracker = Persistence(), StateTracker()
    first = AsyncManager(async_db, persistence=persistence, state_tracker=tracker)
    second = AsyncManager(async_db, persistence=persistence, state_tracker=tracker)
    user = await first.insert(User(id="1", name="Alice"))
    assert second.persistence.is_persisted(user)
    user.name = "Bob"
    assert second.state_tracker.get_dirty_fields(user) == {"name"}


async def test_manager_is_subscriptable(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager[User, User](async_db)
    await manager.insert(User(id="1", name="Alice"))
    assert (await manager.get(User)).name == "Alice"


# -- get -------------------------------------------------------------------------------------


async def test_get_example(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await manager.insert(User(id="abc123", name="Alice", email="alice@example.com"))
    user = await manager.get(User, User.id == "abc123")
    assert user == User(id="abc123", name="Alice", email="alice@example.com")
    assert manager.persistence.is_persisted(user)


async def test_get_raises_not_found(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    query = User.id == "missing"
    with pytest.raises(NotFound) as caught:
        await manager.get(User, query)
    assert caught.value.model is User
    assert caught.value.filter is query
    assert isinstance(caught.value, LookupError)


async def test_get_without_filter_returns_a_document(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await manager.insert(User(id="1", name="Alice"))
    assert (await manager.get(User)).id == "1"


# -- find ------------------------------------------------------------------------------------


async def test_find_example(
    async_db: AsyncDatabase[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    manager = AsyncManager(async_db)
    await manager.insert(User(id="abc123", name="Alice", email="alice@example.com"))
    user = await manager.find(User, User.email.eq("alice@example.com"))
    if user:
        print(user.name)
    assert capsys.readouterr().out == "Alice\n"


async def test_find_returns_none(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    assert await manager.find(User, User.email.eq("nobody@example.com")) is None


# -- select ----------------------------------------------------------------------------------


async def test_select_example(
    async_db: AsyncDatabase[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    async for user in manager.select(User, User.age.gte(18), take=100):
        print(user.name)
    assert sorted(capsys.readouterr().out.split()) == ["user2", "user3", "user4", "user5"]


async def test_select_skip_take_sort(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    names = [user.name async for user in manager.select(User, skip=1, take=2, sort_by="-age")]
    assert names == ["user4", "user3"]


async def test_select_take_zero_returns_nothing(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    assert [user async for user in manager.select(User, take=0)] == []


@pytest.mark.parametrize("argument", ["skip", "take"])
async def test_select_rejects_negative_numbers(async_db: AsyncDatabase[Any], argument: str) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(ValueError, match=argument):
        manager.select(User, **{argument: -1})


async def test_select_marks_and_snapshots_schemas(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await async_db.users.insert_one({"_id": "1", "name": "Alice", "person_age": 3})
    (user,) = [user async for user in manager.select(User)]
    assert manager.persistence.is_persisted(user)
    assert manager.state_tracker.get_dirty_fields(user) == set()
    user.age = 4
    assert manager.state_tracker.get_dirty_fields(user) == {"age"}


async def test_select_model_is_read_only_shape(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager, 2)
    summaries = [summary async for summary in manager.select(Summary, sort_by=Summary.name)]
    assert summaries == [Summary(name="user1"), Summary(name="user2")]
    assert not manager.persistence.is_persisted(summaries[0])


@pytest.mark.needs_mongodb
async def test_select_documents_pipeline_runs_on_database(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    pipeline = Pipeline.documents({"name": "a"}, {"name": "b"})
    names = [summary.name async for summary in manager.select(Summary, pipeline)]
    assert names == ["a", "b"]


# -- insert ----------------------------------------------------------------------------------


async def test_insert_example(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = User(id="abc123", name="Alice", email="alice@example.com")
    await manager.insert(user)
    assert manager.persistence.is_persisted(user)
    assert await async_db.users.find_one() == {
        "_id": "abc123",
        "name": "Alice",
        "email": "alice@example.com",
        "person_age": 0,
    }


async def test_insert_returns_the_same_instance(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = User(id="1", name="Alice")
    assert await manager.insert(user) is user


async def test_insert_rejects_a_model(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(Forbidden) as caught:
        await manager.insert(Summary(name="x"))  # type: ignore[type-var]
    assert caught.value.model is Summary
    assert isinstance(caught.value, TypeError)


# -- save ------------------------------------------------------------------------------------


async def test_save_example(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = await manager.insert(User(id="abc123", name="Alice", email="alice@example.com"))
    user.name = "Alice Updated"
    await manager.save(user, refresh=True, atomic=True)
    assert (await async_db.users.find_one())["name"] == "Alice Updated"
    assert manager.state_tracker.get_dirty_fields(user) == set()


async def test_save_upserts_a_new_instance(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = await manager.save(User(id="1", name="Alice", age=5))
    assert manager.persistence.is_persisted(user)
    assert await async_db.users.find_one() == {
        "_id": "1",
        "name": "Alice",
        "email": "",
        "person_age": 5,
    }


async def test_save_refresh_reloads_concurrent_changes(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = await manager.insert(User(id="1", name="Alice", age=5))
    await async_db.users.update_one({"_id": "1"}, {"$set": {"person_age": 50}})
    user.name = "Alicia"
    await manager.save(user, refresh=True, atomic=True)
    assert (user.name, user.age) == ("Alicia", 50)
    assert manager.state_tracker.get_dirty_fields(user) == set()


async def test_save_without_refresh_keeps_instance_values(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = await manager.insert(User(id="1", name="Alice", age=5))
    await async_db.users.update_one({"_id": "1"}, {"$set": {"person_age": 50}})
    user.name = "Alicia"
    await manager.save(user, atomic=True)
    assert user.age == 5
    assert (await async_db.users.find_one())["person_age"] == 50


async def test_save_rejects_a_model(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(Forbidden):
        await manager.save(Summary(name="x"))  # type: ignore[type-var]


async def test_save_needs_a_pk(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    note = Note(text="hello")
    with pytest.raises(Unprocessable) as caught:
        await manager.save(note)
    assert caught.value.model is Note
    assert not manager.persistence.is_persisted(note)


async def test_save_pk_only_schema(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    tag = await manager.save(Tag(label="python"))
    await manager.save(tag, atomic=True)
    assert await async_db.tags.find_one() == {"_id": "python"}


async def test_atomic_save_with_nothing_dirty_recreates_deleted(
    async_db: AsyncDatabase[Any],
) -> None:
    manager = AsyncManager(async_db)
    user = await manager.insert(User(id="1", name="Alice", age=5))
    await async_db.users.delete_one({"_id": "1"})
    await manager.save(user, atomic=True)
    assert await async_db.users.find_one() == {
        "_id": "1",
        "name": "Alice",
        "email": "",
        "person_age": 5,
    }


# -- refresh ---------------------------------------------------------------------------------


async def test_refresh_example(
    async_db: AsyncDatabase[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    manager = AsyncManager(async_db)
    user = await manager.insert(User(id="abc123", name="Alice"))
    await async_db.users.update_one({"_id": "abc123"}, {"$set": {"name": "Bob"}})
    await manager.refresh(user)
    print(user.name)  # reflects the current database state
    assert capsys.readouterr().out == "Bob\n"


async def test_refresh_snapshots_again(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = await manager.insert(User(id="1", name="Alice"))
    await async_db.users.update_one({"_id": "1"}, {"$set": {"name": "Bob"}})
    assert await manager.refresh(user) is user
    assert manager.state_tracker.get_dirty_fields(user) == set()
    user.name = "Alice"
    assert manager.state_tracker.get_dirty_fields(user) == {"name"}


async def test_refresh_needs_a_pk(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(Unprocessable):
        await manager.refresh(Note(text="x"))


async def test_refresh_raises_not_found_when_gone(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = await manager.insert(User(id="1", name="Alice"))
    await async_db.users.delete_many({})
    with pytest.raises(NotFound) as caught:
        await manager.refresh(user)
    assert caught.value.model is User


# -- paginate --------------------------------------------------------------------------------


async def test_paginate_example(
    async_db: AsyncDatabase[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    manager = AsyncManager(async_db)
    await manager.insert_many([User(id=f"u{i:02}", name=f"n{i:02}", age=i) for i in range(60)])
    page = await manager.paginate(
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


async def test_paginate_defaults(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager, 12)
    page = await manager.paginate(User, sort_by="age")
    assert (page.total, page.page, page.per_page, len(page)) == (12, 1, 10, 10)
    assert page.items is page.instances
    assert manager.persistence.is_persisted(page[0])


async def test_paginate_empty(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    page = await manager.paginate(User)
    assert (page.total, list(page), page.pages, page.has_next) == (0, [], 0, False)


@pytest.mark.parametrize(("page", "per_page"), [(0, 10), (-1, 10), (1, 0), (1, -5)])
async def test_paginate_validates_numbers(
    async_db: AsyncDatabase[Any], page: int, per_page: int
) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(ValueError):
        await manager.paginate(User, page=page, per_page=per_page)


@pytest.mark.parametrize(
    "sort_by",
    ["-age", User.age.desc(), [User.age.desc(), User.name.asc()], {"person_age": -1}],
)
async def test_paginate_every_sort_form(async_db: AsyncDatabase[Any], sort_by: Any) -> None:
    manager = AsyncManager(async_db)
    await seed(manager, 4)
    page = await manager.paginate(User, per_page=2, sort_by=sort_by)
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
async def test_every_filter_form(async_db: AsyncDatabase[Any], filter: Any) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    expected = 5 if filter is None else 3
    assert len([user async for user in manager.select(User, filter)]) == expected


async def test_unsupported_filter_type(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(TypeError, match="a filter is None, a predicate"):
        await manager.find(User, 42)  # type: ignore[arg-type]


async def test_model_without_collection(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(Unprocessable):
        await manager.find(Unbound)


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
async def test_sorting_examples(
    async_db: AsyncDatabase[Any], sort_by: Any, expected: list[str]
) -> None:
    manager = AsyncManager(async_db)
    await manager.insert_many(
        [
            User(id="1", name="b", age=1),
            User(id="2", name="c", age=2),
            User(id="3", name="a", age=1),
        ]
    )
    page = await manager.paginate(User, sort_by=sort_by)
    assert [user.name for user in page] == expected
    assert [user.name async for user in manager.select(User, sort_by=sort_by)] == expected
