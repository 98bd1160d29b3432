"""The managers beyond the reference page: bulk, delete, update, count, versions, indexes."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId
from pymongo import InsertOne, ReplaceOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from gault.exceptions import Conflict, Forbidden, Unprocessable
from gault.managers import AsyncManager, Index
from gault.pipelines import Pipeline
from gault.predicates import Expr, JsonSchema, Query, Raw

from ..support import Account, Address, Article, Note, Person, Summary, User, UserView


async def seed(manager: AsyncManager, count: int = 5) -> list[User]:
    users = [User(id=f"u{i}", name=f"user{i}", age=10 * i) for i in range(1, count + 1)]
    return await manager.insert_many(users)


# -- insert ----------------------------------------------------------------------------------


async def test_insert_writes_back_a_generated_object_id(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    person = await manager.insert(Person(name="Ann", address=Address(city="Oslo")))
    assert isinstance(person.id, ObjectId)
    assert await async_db.people.find_one() == {
        "_id": person.id,
        "name": "Ann",
        "address": {"city": "Oslo", "zip_code": ""},
        "tags": [],
    }


async def test_failed_insert_leaves_instance_unpersisted(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await manager.insert(User(id="1", name="Alice"))
    duplicate = User(id="1", name="Bob")
    with pytest.raises(DuplicateKeyError):
        await manager.insert(duplicate)
    assert not manager.persistence.is_persisted(duplicate)


async def test_insert_many(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    people = await manager.insert_many(
        [Person(name="A", address=Address(city="x")), Person(name="B", address=Address(city="y"))]
    )
    assert all(isinstance(person.id, ObjectId) for person in people)
    assert all(manager.persistence.is_persisted(person) for person in people)
    assert await manager.insert_many([]) == []
    assert await async_db.people.count_documents({}) == 2


async def test_insert_many_rejects_a_model_before_writing(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(Forbidden):
        await manager.insert_many([User(id="1", name="A"), Summary(name="x")])  # type: ignore[list-item]
    assert await async_db.users.count_documents({}) == 0


async def test_failed_insert_many_marks_only_what_was_written(
    async_db: AsyncDatabase[Any],
) -> None:
    # issue 10: the first user is written before the duplicate fails, so it is persisted.
    manager = AsyncManager(async_db)
    users = [User(id="1", name="A"), User(id="1", name="B")]
    with pytest.raises(Exception) as caught:
        await manager.insert_many(users)
    assert type(caught.value).__module__.startswith("pymongo")
    assert manager.persistence.is_persisted(users[0])
    assert not manager.persistence.is_persisted(users[1])


# -- save ------------------------------------------------------------------------------------


async def test_failed_save_leaves_instance_unpersisted(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await async_db.users.create_index("email", unique=True)
    await manager.insert(User(id="1", name="A", email="same@example.com"))
    other = User(id="2", name="B", email="same@example.com")
    with pytest.raises(DuplicateKeyError):
        await manager.save(other)
    assert not manager.persistence.is_persisted(other)


async def test_failed_save_keeps_the_changes_dirty(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await async_db.users.create_index("email", unique=True)
    await manager.insert_many(
        [User(id="1", name="A", email="a@example.com"), User(id="2", name="B", email="b")]
    )
    user = await manager.get(User, User.id == "2")
    user.email = "a@example.com"
    with pytest.raises(DuplicateKeyError):
        await manager.save(user, atomic=True)
    assert manager.state_tracker.get_dirty_fields(user) == {"email"}
    assert (await async_db.users.find_one({"_id": "2"}))["email"] == "b"


async def test_atomic_save_of_an_embedded_change(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    person = await manager.insert(Person(name="Ann", address=Address(city="Oslo", zip="1")))
    person.address.city = "Bergen"
    await manager.save(person, atomic=True)
    document = await async_db.people.find_one()
    assert document["address"] == {"city": "Bergen", "zip_code": "1"}
    assert manager.state_tracker.get_dirty_fields(person) == set()


async def test_save_many(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    users = await seed(manager, 3)
    for user in users:
        user.age += 1
    assert await manager.save_many(users, atomic=True) == users
    ages = [doc["person_age"] async for doc in async_db.users.find({}, sort=[("_id", 1)])]
    assert ages == [11, 21, 31]
    assert all(manager.state_tracker.get_dirty_fields(user) == set() for user in users)


# -- optimistic concurrency -----------------------------------------------------------------


async def test_versioned_save_increments_the_version(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    article = await manager.save(Article(id="a", title="One"))
    assert article.version == 1
    article.title = "Two"
    await manager.save(article, atomic=True)
    assert article.version == 2
    assert await async_db.articles.find_one() == {
        "_id": "a",
        "title": "Two",
        "body": "",
        "version": 2,
    }


async def test_versioned_save_raises_conflict(async_db: AsyncDatabase[Any]) -> None:
    first, second = AsyncManager(async_db), AsyncManager(async_db)
    await first.save(Article(id="a", title="One"))
    mine = await first.get(Article)
    theirs = await second.get(Article)
    theirs.body = "theirs"
    await second.save(theirs)
    mine.title = "mine"
    with pytest.raises(Conflict) as caught:
        await first.save(mine, atomic=True)
    assert caught.value.expected_version == 1
    assert mine.version == 1
    assert await async_db.articles.find_one() == {
        "_id": "a",
        "title": "One",
        "body": "theirs",
        "version": 2,
    }


# -- delete ----------------------------------------------------------------------------------


async def test_delete(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = await manager.insert(User(id="1", name="Alice"))
    await manager.delete(user)
    assert not manager.persistence.is_persisted(user)
    assert await async_db.users.count_documents({}) == 0


async def test_delete_untracked_instance_forgets_quietly(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await async_db.users.insert_one({"_id": "1", "name": "Alice"})
    await manager.delete(User(id="1", name="Alice"))
    assert await async_db.users.count_documents({}) == 0


async def test_delete_needs_a_schema_with_a_pk(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(Forbidden):
        await manager.delete(Summary(name="x"))  # type: ignore[arg-type]
    with pytest.raises(Unprocessable):
        await manager.delete(Note(text="x"))


async def test_delete_many_keeps_every_condition(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    pipeline = Pipeline().match(User.age > 10).match(User.age < 40)
    assert await manager.delete_many(User, pipeline) == 2
    remaining = sorted([user.id async for user in manager.select(User)])
    assert remaining == ["u1", "u4", "u5"]


async def test_delete_many_refuses_a_filter_that_is_not_a_query(
    async_db: AsyncDatabase[Any],
) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    with pytest.raises(ValueError, match=r"delete_many.*\$limit"):
        await manager.delete_many(User, Pipeline().match(User.age > 10).take(1))
    assert await manager.count(User) == 5


async def test_delete_many_with_query_deletes_all(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    assert await manager.delete_many(User, Query()) == 5


async def test_delete_many_without_filter_deletes_all(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    assert await manager.delete_many(User) == 5
    assert await manager.count(User) == 0


# -- update_many -----------------------------------------------------------------------------


async def test_update_many_with_typed_operators(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    assert await manager.update_many(User, User.age >= 30, User.age.inc(1)) == 3
    assert await manager.update_many(User, User.id == "u1", [User.age.set(7), User.name.set("x")])
    ages = sorted([user.age async for user in manager.select(User)])
    assert ages == [7, 20, 31, 41, 51]


async def test_update_many_raw_dict_translates_aliases(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager, 2)
    assert await manager.update_many(User, None, {"$inc": {"age": 5}}) == 2
    assert sorted([user.age async for user in manager.select(User)]) == [15, 25]


async def test_update_many_established_keyword_form(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager, 3)
    assert (
        await manager.update_many(User, update={"$set": {"name": "x"}}, filter=User.age > 10) == 2
    )
    assert await manager.update_many(User, update=User.age.inc(1)) == 3
    assert sorted([user.age async for user in manager.select(User)]) == [11, 21, 31]


async def test_update_many_without_update_is_a_type_error(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(TypeError, match="needs an update"):
        await manager.update_many(User, User.age > 10)


# -- count, exists, distinct ----------------------------------------------------------------


async def test_count_and_exists(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    assert await manager.count(User) == 5
    assert await manager.count(User, User.age > 25) == 3
    assert await manager.count(User, User.age > 100) == 0
    assert await manager.exists(User, User.name == "user2")
    assert not await manager.exists(User, User.name == "nobody")


async def test_distinct_is_alias_aware(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await manager.insert_many([User(id=str(i), name="x", age=i % 2) for i in range(4)])
    assert sorted(await manager.distinct(User, User.age)) == [0, 1]
    assert sorted(await manager.distinct(User, "age")) == [0, 1]
    assert await manager.distinct(User, "name", User.age == 1) == ["x"]


# -- find_one_and_* --------------------------------------------------------------------------


async def test_find_one_and_update_returns_the_updated_instance(
    async_db: AsyncDatabase[Any],
) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    user = await manager.find_one_and_update(User, User.id == "u2", User.age.inc(5))
    assert user is not None and user.age == 25
    assert manager.persistence.is_persisted(user)
    assert await manager.find_one_and_update(User, User.id == "nope", User.age.inc(1)) is None


async def test_find_one_and_delete_returns_the_deleted_instance(
    async_db: AsyncDatabase[Any],
) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    user = await manager.find_one_and_delete(User, User.age > 10, sort_by="-age")
    assert user is not None and user.id == "u5"
    assert not manager.persistence.is_persisted(user)
    assert await manager.count(User) == 4


# -- bulk_write and indexes ------------------------------------------------------------------


async def test_bulk_write(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager, 2)
    result = await manager.bulk_write(
        User,
        [
            UpdateOne({"_id": "u1"}, {"$set": {"name": "A"}}),
            UpdateOne({"_id": "u2"}, {"$set": {"name": "B"}}),
        ],
    )
    assert result.modified_count == 2


async def test_bulk_write_tracks_the_instances_it_writes(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager, 1)
    replaced = await manager.get(User, User.id == "u1")
    replaced.name = "replaced"
    fresh = User(id="new", name="new")
    await manager.bulk_write(User, [InsertOne(fresh), ReplaceOne({"_id": "u1"}, replaced)])
    for user in (fresh, replaced):
        assert manager.persistence.is_persisted(user)
        assert manager.state_tracker.get_dirty_fields(user) == set()
        user.email = "e"
        await manager.save(user, atomic=True)
    stored = [document async for document in async_db.users.find().sort("_id")]
    assert [(document["name"], document["email"]) for document in stored] == [
        ("new", "e"),
        ("replaced", "e"),
    ]


async def test_bulk_write_tracks_only_the_instances_it_wrote(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager, 1)
    upserted, missed = User(id="up", name="up"), User(id="none", name="none")
    taken, after = User(id="u1", name="taken"), User(id="after", name="after")
    requests = [
        ReplaceOne({"_id": "up"}, upserted, upsert=True),
        ReplaceOne({"_id": "none"}, missed),
        InsertOne(taken),
        InsertOne(after),
    ]
    with pytest.raises(BulkWriteError):
        await manager.bulk_write(User, requests)
    assert [
        manager.persistence.is_persisted(user) for user in (upserted, missed, taken, after)
    ] == [
        True,
        False,  # matched nothing: not written
        False,  # a duplicate pk
        False,  # after the failure of an ordered bulk_write: not sent
    ]
    assert manager.state_tracker.get_dirty_fields(upserted) == set()


async def test_ensure_indexes(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    names = await manager.ensure_indexes(
        User, [Index(User.email, unique=True), "-age", (User.name, 1)]
    )
    assert names == ["email_1", "person_age_-1", "name_1"]
    info = await async_db.users.index_information()
    assert info["email_1"]["unique"] is True


async def test_ensure_indexes_from_the_schema_declaration(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    assert await manager.ensure_indexes(Account) == ["email_1", "years_-1", "email_1_years_1"]
    await manager.insert(Account(id="1", email="a@example.com"))
    duplicate = Account(id="2", email="a@example.com")
    with pytest.raises(DuplicateKeyError):
        await manager.insert(duplicate)
    assert not manager.persistence.is_persisted(duplicate)


# -- more filters and reads -----------------------------------------------------------------


@pytest.mark.parametrize(
    "filter",
    [
        Raw({"person_age": {"$gte": 30}}),
        pytest.param(
            JsonSchema({"properties": {"person_age": {"minimum": 30}}}),
            marks=pytest.mark.needs_mongodb,
        ),
        Expr(User.age.expr.gte(30)),
        (User.age >= 30) & Query(),
        User.age.expr.gte(30) & User.name.expr.ne("nobody"),
    ],
    ids=["raw", "json-schema", "expr", "query", "expression-and"],
)
async def test_more_filter_forms(async_db: AsyncDatabase[Any], filter: Any) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    assert await manager.count(User, filter) == 3


async def test_filter_value_is_always_a_literal(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager)
    assert await manager.find(User, User.name == {"$ne": None}) is None


async def test_refresh_a_read_only_model_with_a_pk(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await seed(manager, 1)
    view = await manager.get(UserView)
    await async_db.users.update_one({"_id": "u1"}, {"$set": {"name": "changed"}})
    assert (await manager.refresh(view)).name == "changed"
    assert not manager.persistence.is_persisted(view)


async def test_find_one_and_update_upsert(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    user = await manager.find_one_and_update(
        User, User.id == "new", [User.name.set("New"), User.age.set(3)], upsert=True
    )
    assert user == User(id="new", name="New", age=3)
    assert manager.persistence.is_persisted(user)


async def test_update_many_refuses_a_model(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    with pytest.raises(Forbidden):
        await manager.update_many(Summary, None, {"$set": {"name": "x"}})  # type: ignore[arg-type]


@pytest.mark.needs_mongodb
async def test_transaction_commits_and_aborts(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await async_db.create_collection("users")
    async with manager.database.client.start_session() as session:
        async with await session.start_transaction():
            await manager.insert(User(id="1", name="kept"), session=session)
        async with await session.start_transaction():
            await manager.insert(User(id="2", name="dropped"), session=session)
            await session.abort_transaction()
    assert [user.id async for user in manager.select(User)] == ["1"]
