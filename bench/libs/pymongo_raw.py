"""Raw PyMongo, the floor every ODM is compared with: plain dicts, no models.

"Creating a model" is copying the source dict (``insert_one`` adds ``_id`` to what it is
given); saving a change is one ``update_one`` with ``$set``; finds return lists of dicts.

The ``sync-aggregate`` variant is the sync one reading through ``aggregate([{"$match": ...}])``
instead of ``find``: the command gault's ``select`` sends, so the report can tell the cost of
that command on the server apart from gault's own cost.
"""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from pymongo import AsyncMongoClient, MongoClient

from bench.data import Datasets, Document
from bench.tasks import COLLECTIONS, READ_TASKS, Kind

__all__ = [
    "NAME",
    "VARIANTS",
    "VARIANT_TASKS",
    "AsyncPyMongo",
    "SyncPyMongo",
    "SyncPyMongoAggregate",
    "micro",
    "open_async",
    "open_sync",
    "open_sync_aggregate",
    "version",
]

NAME = "pymongo"

EMBEDDED_KEY = "embedded_str_doc_1.unique_field"
ARRAY_KEY = "embedded_str_doc_array.unique_field"
NESTED_FIELD = "embedded_str_doc_1.field1"


class SyncPyMongo:
    """The sync adapter over ``MongoClient``."""

    __slots__ = ("_client", "_db")

    def __init__(self, uri: str, database: str) -> None:
        self._client: MongoClient[Document] = MongoClient(uri)
        self._db = self._client[database]

    def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        self._db.drop_collection(COLLECTIONS[kind])

    def create(self, kind: Kind, document: Document) -> object:
        """Insert a copy of ``document``."""
        instance = dict(document)
        self._db[COLLECTIONS[kind]].insert_one(instance)
        return instance

    def load_all(self, kind: Kind) -> list[Any]:
        """Every document of ``kind``."""
        return list(self._db[COLLECTIONS[kind]].find())

    def id_of(self, instance: Any) -> ObjectId:
        """The document's ``_id``."""
        return instance["_id"]  # type: ignore[no-any-return]

    def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """``$set`` field1."""
        instance["field1"] = value
        self._db[COLLECTIONS[kind]].update_one(
            {"_id": instance["_id"]}, {"$set": {"field1": value}}
        )

    def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """``$set`` embedded_str_doc_1.field1."""
        instance["embedded_str_doc_1"]["field1"] = value
        self._db[COLLECTIONS[kind]].update_one(
            {"_id": instance["_id"]}, {"$set": {NESTED_FIELD: value}}
        )

    def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """Find by ``_id``."""
        return list(self._db[COLLECTIONS[kind]].find({"_id": id_}))

    def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """Find by ``field_fk``."""
        return list(self._db[COLLECTIONS["small_fk"]].find({"field_fk": foreign_id}))

    def find_by_embedded(self, value: str) -> list[Any]:
        """Find by embedded_str_doc_1.unique_field."""
        return list(self._db[COLLECTIONS["nested"]].find({EMBEDDED_KEY: value}))

    def find_by_embedded_array(self, value: str) -> list[Any]:
        """Find by embedded_str_doc_array.unique_field."""
        return list(self._db[COLLECTIONS["nested"]].find({ARRAY_KEY: value}))

    def close(self) -> None:
        """Close the client."""
        self._client.close()


class SyncPyMongoAggregate(SyncPyMongo):
    """The sync adapter, finding through an aggregation ``$match`` instead of ``find``."""

    __slots__ = ()

    def _match(self, kind: Kind, query: Document) -> list[Any]:
        return list(self._db[COLLECTIONS[kind]].aggregate([{"$match": query}]))

    def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """``$match`` on ``_id``."""
        return self._match(kind, {"_id": id_})

    def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """``$match`` on ``field_fk``."""
        return self._match("small_fk", {"field_fk": foreign_id})

    def find_by_embedded(self, value: str) -> list[Any]:
        """``$match`` on embedded_str_doc_1.unique_field."""
        return self._match("nested", {EMBEDDED_KEY: value})

    def find_by_embedded_array(self, value: str) -> list[Any]:
        """``$match`` on embedded_str_doc_array.unique_field."""
        return self._match("nested", {ARRAY_KEY: value})


class AsyncPyMongo:
    """The async adapter over ``AsyncMongoClient``."""

    __slots__ = ("_client", "_db")

    def __init__(self, uri: str, database: str) -> None:
        self._client: AsyncMongoClient[Document] = AsyncMongoClient(uri)
        self._db = self._client[database]

    async def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        await self._db.drop_collection(COLLECTIONS[kind])

    async def create(self, kind: Kind, document: Document) -> object:
        """Insert a copy of ``document``."""
        instance = dict(document)
        await self._db[COLLECTIONS[kind]].insert_one(instance)
        return instance

    async def load_all(self, kind: Kind) -> list[Any]:
        """Every document of ``kind``."""
        return await self._db[COLLECTIONS[kind]].find().to_list()

    def id_of(self, instance: Any) -> ObjectId:
        """The document's ``_id``."""
        return instance["_id"]  # type: ignore[no-any-return]

    async def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """``$set`` field1."""
        instance["field1"] = value
        await self._db[COLLECTIONS[kind]].update_one(
            {"_id": instance["_id"]}, {"$set": {"field1": value}}
        )

    async def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """``$set`` embedded_str_doc_1.field1."""
        instance["embedded_str_doc_1"]["field1"] = value
        await self._db[COLLECTIONS[kind]].update_one(
            {"_id": instance["_id"]}, {"$set": {NESTED_FIELD: value}}
        )

    async def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """Find by ``_id``."""
        return await self._db[COLLECTIONS[kind]].find({"_id": id_}).to_list()

    async def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """Find by ``field_fk``."""
        return await self._db[COLLECTIONS["small_fk"]].find({"field_fk": foreign_id}).to_list()

    async def find_by_embedded(self, value: str) -> list[Any]:
        """Find by embedded_str_doc_1.unique_field."""
        return await self._db[COLLECTIONS["nested"]].find({EMBEDDED_KEY: value}).to_list()

    async def find_by_embedded_array(self, value: str) -> list[Any]:
        """Find by embedded_str_doc_array.unique_field."""
        return await self._db[COLLECTIONS["nested"]].find({ARRAY_KEY: value}).to_list()

    async def close(self) -> None:
        """Close the client."""
        await self._client.close()


VARIANTS = ("sync", "sync-aggregate", "async")
VARIANT_TASKS = {"sync-aggregate": READ_TASKS}
"""Variants that only make sense for some tasks: aggregations change nothing but reads."""


def version() -> str:
    """PyMongo's version."""
    import pymongo

    return pymongo.version


def open_sync(uri: str, database: str, data: Datasets) -> SyncPyMongo:
    """The sync adapter."""
    return SyncPyMongo(uri, database)


def open_sync_aggregate(uri: str, database: str, data: Datasets) -> SyncPyMongoAggregate:
    """The sync adapter reading through aggregations."""
    return SyncPyMongoAggregate(uri, database)


async def open_async(uri: str, database: str, data: Datasets) -> AsyncPyMongo:
    """The async adapter."""
    return AsyncPyMongo(uri, database)


def micro(uri: str, data: Datasets) -> None:
    """Raw PyMongo has no model layer to micro-benchmark: the dataclass baseline stands in."""
