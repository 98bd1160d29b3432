"""ODMantic 1.x, sync (``SyncEngine`` over PyMongo) and async (``AIOEngine`` over Motor).

Models are ODMantic models built from :class:`bench.data.Shapes`. ``engine.save`` is ODMantic's
only write: an upsert ``$set`` of the modified fields *plus every mutable field* (embedded
models and lists), so a nested save sends all embedded documents. ``find`` runs an aggregation.
"""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from motor.motor_asyncio import AsyncIOMotorClient
from odmantic import AIOEngine, EmbeddedModel, Model, SyncEngine, query
from odmantic import ObjectId as OdmanticObjectId
from odmantic.engine import BaseEngine
from pymongo import MongoClient

from bench.data import Datasets, Document
from bench.micro import CHANGED_FIELD, FILTER_VALUES
from bench.tasks import COLLECTIONS, Kind

__all__ = [
    "NAME",
    "VARIANTS",
    "AsyncOdmantic",
    "SyncOdmantic",
    "micro",
    "open_async",
    "open_sync",
    "version",
]

NAME = "odmantic"
VARIANTS = ("sync", "async")
ARRAY_KEY = "embedded_str_doc_array.unique_field"


def version() -> str:
    """ODMantic's version."""
    from importlib.metadata import version as installed

    return installed("odmantic")


def _build(data: Datasets) -> dict[Kind, type[Model]]:
    definitions = data.shapes.annotations(EmbeddedModel, OdmanticObjectId, __name__)
    return {
        kind: type(
            f"Odmantic_{kind}",
            (Model,),
            {
                "__annotations__": fields,
                "model_config": {"collection": COLLECTIONS[kind]},
                "__module__": __name__,
            },
        )
        for kind, fields in definitions.items()
    }


class SyncOdmantic:
    """The sync adapter: ``SyncEngine``."""

    __slots__ = ("_client", "_engine", "models")

    def __init__(self, uri: str, database: str, data: Datasets) -> None:
        self._client: MongoClient[Document] = MongoClient(uri)
        self._engine = SyncEngine(client=self._client, database=database)
        self.models = _build(data)

    def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        self._engine.get_collection(self.models[kind]).drop()

    def create(self, kind: Kind, document: Document) -> object:
        """``engine.save(Model(**document))``."""
        return self._engine.save(self.models[kind](**document))

    def load_all(self, kind: Kind) -> list[Any]:
        """``list(engine.find(Model))``."""
        return list(self._engine.find(self.models[kind]))

    def id_of(self, instance: Any) -> ObjectId:
        """The model's primary key."""
        return instance.id  # type: ignore[no-any-return]

    def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """Set field1, ``engine.save``."""
        instance.field1 = value
        self._engine.save(instance)

    def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """Set embedded_str_doc_1.field1, ``engine.save``."""
        instance.embedded_str_doc_1.field1 = value
        self._engine.save(instance)

    def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """``engine.find(Model, Model.id == id_)``."""
        model: Any = self.models[kind]
        return list(self._engine.find(model, model.id == id_))

    def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """``engine.find(Model, Model.field_fk == foreign_id)``."""
        model: Any = self.models["small_fk"]
        return list(self._engine.find(model, model.field_fk == foreign_id))

    def find_by_embedded(self, value: str) -> list[Any]:
        """``engine.find(Model, Model.embedded_str_doc_1.unique_field == value)``."""
        model: Any = self.models["nested"]
        return list(self._engine.find(model, model.embedded_str_doc_1.unique_field == value))

    def find_by_embedded_array(self, value: str) -> list[Any]:
        """A raw query: ODMantic has no proxy into lists of embedded models."""
        return list(self._engine.find(self.models["nested"], {ARRAY_KEY: value}))

    def close(self) -> None:
        """Close the client."""
        self._client.close()


class AsyncOdmantic:
    """The async adapter: ``AIOEngine`` (Motor)."""

    __slots__ = ("_client", "_engine", "models")

    def __init__(self, uri: str, database: str, data: Datasets) -> None:
        self._client: Any = AsyncIOMotorClient(uri)
        self._engine = AIOEngine(client=self._client, database=database)
        self.models = _build(data)

    async def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        await self._engine.get_collection(self.models[kind]).drop()

    async def create(self, kind: Kind, document: Document) -> object:
        """``await engine.save(Model(**document))``."""
        return await self._engine.save(self.models[kind](**document))

    async def load_all(self, kind: Kind) -> list[Any]:
        """``await engine.find(Model)``."""
        return await self._engine.find(self.models[kind])

    def id_of(self, instance: Any) -> ObjectId:
        """The model's primary key."""
        return instance.id  # type: ignore[no-any-return]

    async def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """Set field1, ``engine.save``."""
        instance.field1 = value
        await self._engine.save(instance)

    async def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """Set embedded_str_doc_1.field1, ``engine.save``."""
        instance.embedded_str_doc_1.field1 = value
        await self._engine.save(instance)

    async def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """``await engine.find(Model, Model.id == id_)``."""
        model: Any = self.models[kind]
        return await self._engine.find(model, model.id == id_)

    async def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """``await engine.find(Model, Model.field_fk == foreign_id)``."""
        model: Any = self.models["small_fk"]
        return await self._engine.find(model, model.field_fk == foreign_id)

    async def find_by_embedded(self, value: str) -> list[Any]:
        """``await engine.find(Model, Model.embedded_str_doc_1.unique_field == value)``."""
        model: Any = self.models["nested"]
        return await self._engine.find(model, model.embedded_str_doc_1.unique_field == value)

    async def find_by_embedded_array(self, value: str) -> list[Any]:
        """A raw query: ODMantic has no proxy into lists of embedded models."""
        return await self._engine.find(self.models["nested"], {ARRAY_KEY: value})

    async def close(self) -> None:
        """Close the client."""
        self._client.close()


def open_sync(uri: str, database: str, data: Datasets) -> SyncOdmantic:
    """The sync adapter."""
    return SyncOdmantic(uri, database, data)


async def open_async(uri: str, database: str, data: Datasets) -> AsyncOdmantic:
    """The async adapter."""
    return AsyncOdmantic(uri, database, data)


class OdmanticMicro:
    """ODMantic's read path (what its cursor does per document), dump, filter, changes."""

    __slots__ = ("_models",)

    def __init__(self, models: dict[Kind, type[Model]]) -> None:
        self._models = models

    def hydrate(self, documents: list[Document]) -> list[Any]:
        """``model_validate_doc`` and a cleared ``__fields_modified__``, as the cursor does."""
        model = self._models["nested"]
        instances = []
        for document in documents:
            instance = model.model_validate_doc(document)
            object.__setattr__(instance, "__fields_modified__", set())
            instances.append(instance)
        return instances

    def dump(self, instances: list[Any]) -> list[Any]:
        """``model_dump_doc()``."""
        return [instance.model_dump_doc() for instance in instances]

    def build_filter(self) -> object:
        """``query.and_(a == x, b > n, query.in_(c, [...]))``: already a query dict."""
        model: Any = self._models["small"]
        first, threshold, among = FILTER_VALUES
        return query.and_(
            model.field1 == first, model.field8 > threshold, query.in_(model.field2, among)
        )

    def compile_filter(self, built: Any) -> object:
        """What ``find`` does with its queries: ``BaseEngine._build_query``."""
        return BaseEngine._build_query(built)

    def change(self, instance: Any) -> None:
        """Replace embedded_str_doc_1 with a changed copy."""
        embedded = getattr(instance, CHANGED_FIELD)
        setattr(instance, CHANGED_FIELD, embedded.model_copy(update={"field1": "changed"}))

    def dirty(self, instance: Any) -> object:
        """The fields ``save`` would send: modified ones plus every mutable one."""
        return instance.__fields_modified__ | instance.__mutable_fields__

    def define(self, data: Datasets) -> int:
        """Define ODMantic's benchmark classes afresh (two embedded models plus models)."""
        return len(_build(data)) + 2


def micro(uri: str, data: Datasets) -> OdmanticMicro:
    """The micro-benchmark suite (no server needed)."""
    return OdmanticMicro(_build(data))
