"""The test server is real and does what the managers need, through both PyMongo clients."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError
from pymongo.synchronous.database import Database

PEOPLE = [{"_id": i, "name": f"p{i}", "age": 10 * i} for i in range(1, 8)]


def test_insert_and_find(sync_db: Database[Any]) -> None:
    sync_db.people.insert_many(PEOPLE)
    found = list(sync_db.people.find({"age": {"$gte": 50}}, sort=[("_id", 1)]))
    assert [doc["name"] for doc in found] == ["p5", "p6", "p7"]


async def test_insert_and_find_async(async_db: AsyncDatabase[Any]) -> None:
    await async_db.people.insert_many(PEOPLE)
    found = await async_db.people.find({"age": {"$gte": 50}}, sort=[("_id", 1)]).to_list()
    assert [doc["name"] for doc in found] == ["p5", "p6", "p7"]


UPSERT = {"$set": {"name": "Ann"}, "$setOnInsert": {"age": 30}}


def test_find_one_and_update_upsert(sync_db: Database[Any]) -> None:
    people = sync_db.people
    created = people.find_one_and_update(
        {"_id": "a"}, UPSERT, upsert=True, return_document=ReturnDocument.AFTER
    )
    assert created == {"_id": "a", "name": "Ann", "age": 30}
    people.update_one({"_id": "a"}, {"$set": {"age": 31}})
    updated = people.find_one_and_update(
        {"_id": "a"}, UPSERT, upsert=True, return_document=ReturnDocument.AFTER
    )
    assert updated == {"_id": "a", "name": "Ann", "age": 31}


async def test_find_one_and_update_upsert_async(async_db: AsyncDatabase[Any]) -> None:
    people = async_db.people
    created = await people.find_one_and_update(
        {"_id": "a"}, UPSERT, upsert=True, return_document=ReturnDocument.AFTER
    )
    assert created == {"_id": "a", "name": "Ann", "age": 30}
    await people.update_one({"_id": "a"}, {"$set": {"age": 31}})
    updated = await people.find_one_and_update(
        {"_id": "a"}, UPSERT, upsert=True, return_document=ReturnDocument.AFTER
    )
    assert updated == {"_id": "a", "name": "Ann", "age": 31}


FACET = [
    {"$match": {"age": {"$gte": 20}}},
    {
        "$facet": {
            "total": [{"$count": "total"}],
            "items": [{"$sort": {"age": -1}}, {"$skip": 1}, {"$limit": 2}],
        }
    },
]


def test_aggregate_facet_count(sync_db: Database[Any]) -> None:
    sync_db.people.insert_many(PEOPLE)
    (result,) = sync_db.people.aggregate(FACET)
    assert result["total"] == [{"total": 6}]
    assert [doc["_id"] for doc in result["items"]] == [6, 5]


async def test_aggregate_facet_count_async(async_db: AsyncDatabase[Any]) -> None:
    await async_db.people.insert_many(PEOPLE)
    (result,) = await (await async_db.people.aggregate(FACET)).to_list()
    assert result["total"] == [{"total": 6}]
    assert [doc["_id"] for doc in result["items"]] == [6, 5]


LOOKUP = [
    {"$lookup": {"from": "pets", "localField": "_id", "foreignField": "owner", "as": "pets"}},
    {"$match": {"_id": {"$in": [1, 2]}}},
    {"$sort": {"_id": 1}},
]


def test_lookup(sync_db: Database[Any]) -> None:
    sync_db.people.insert_many(PEOPLE)
    sync_db.pets.insert_many([{"_id": "rex", "owner": 1}, {"_id": "tom", "owner": 1}])
    result = list(sync_db.people.aggregate(LOOKUP))
    assert [sorted(pet["_id"] for pet in doc["pets"]) for doc in result] == [["rex", "tom"], []]


async def test_lookup_async(async_db: AsyncDatabase[Any]) -> None:
    await async_db.people.insert_many(PEOPLE)
    await async_db.pets.insert_many([{"_id": "rex", "owner": 1}, {"_id": "tom", "owner": 1}])
    result = await (await async_db.people.aggregate(LOOKUP)).to_list()
    assert [sorted(pet["_id"] for pet in doc["pets"]) for doc in result] == [["rex", "tom"], []]


def test_unique_index_rejects_duplicate(sync_db: Database[Any]) -> None:
    sync_db.people.create_index("name", unique=True)
    sync_db.people.insert_one({"name": "Ann"})
    with pytest.raises(DuplicateKeyError):
        sync_db.people.insert_one({"name": "Ann"})
    assert sync_db.people.count_documents({}) == 1


async def test_unique_index_rejects_duplicate_async(async_db: AsyncDatabase[Any]) -> None:
    await async_db.people.create_index("name", unique=True)
    await async_db.people.insert_one({"name": "Ann"})
    with pytest.raises(DuplicateKeyError):
        await async_db.people.insert_one({"name": "Ann"})
    assert await async_db.people.count_documents({}) == 1


def test_cursor_spans_batches(sync_db: Database[Any]) -> None:
    sync_db.people.insert_many(PEOPLE)
    cursor = sync_db.people.find({}, batch_size=2, sort=[("_id", 1)])
    assert [doc["_id"] for doc in cursor] == [1, 2, 3, 4, 5, 6, 7]
    pipeline_cursor = sync_db.people.aggregate([{"$sort": {"_id": 1}}], batchSize=2)
    assert [doc["_id"] for doc in pipeline_cursor] == [1, 2, 3, 4, 5, 6, 7]


async def test_cursor_spans_batches_async(async_db: AsyncDatabase[Any]) -> None:
    await async_db.people.insert_many(PEOPLE)
    cursor = async_db.people.find({}, batch_size=2, sort=[("_id", 1)])
    assert [doc["_id"] async for doc in cursor] == [1, 2, 3, 4, 5, 6, 7]
    pipeline_cursor = await async_db.people.aggregate([{"$sort": {"_id": 1}}], batchSize=2)
    assert [doc["_id"] async for doc in pipeline_cursor] == [1, 2, 3, 4, 5, 6, 7]
