"""gault, sync (``Manager``) and async (``AsyncManager``), in the runner's own interpreter.

Models are ``Schema``/``Model`` classes built from :class:`bench.data.Shapes`, with an
``ObjectId`` pk mapped to ``_id`` (generated on insert). Creating is ``insert``; an update is
``save(instance, atomic=True)``: one ``find_one_and_update`` with the dirty field in ``$set``
(as a dotted path for the nested change); finds are ``select`` with field predicates.
"""

from __future__ import annotations

import types
from typing import Any

from bson import ObjectId
from pymongo import AsyncMongoClient, MongoClient

import gault
from bench.data import FOREIGN_KEY_FIELD, Datasets, Document
from bench.micro import CHANGED_FIELD, FILTER_VALUES
from bench.tasks import COLLECTIONS, Kind
from gault.compilers import compile_query
from gault.managers import AsyncManager, Manager
from gault.mappers import get_mapper
from gault.models import Model, Schema, configure, fields
from gault.tracking import Persistence, StateTracker

__all__ = [
    "NAME",
    "VARIANTS",
    "AsyncGault",
    "GaultMicro",
    "SyncGault",
    "micro",
    "open_async",
    "open_sync",
    "version",
]

NAME = "gault"
VARIANTS = ("sync", "async")


def version() -> str:
    """gault's version."""
    return gault.__version__


def _model(name: str, base: type[Model], annotations: dict[str, Any], **options: Any) -> Any:
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": __name__}
    if base is Schema:
        namespace["__annotations__"] = {"id": ObjectId, **annotations}
        namespace["id"] = configure(pk=True, db_alias="_id")
    return types.new_class(name, (base,), options, lambda ns: ns.update(namespace))


class Models:
    """gault's benchmark models: one ``Schema`` per kind, two embedded ``Model`` shapes."""

    __slots__ = ("embedded", "many", "schemas")

    def __init__(self, data: Datasets) -> None:
        shapes = data.shapes
        str_doc = _model("StrEmbedded", Model, dict(shapes.str_embedded))
        int_doc = _model("IntEmbedded", Model, dict(shapes.int_embedded))
        nested: dict[str, Any] = {}
        self.embedded: dict[str, type[Model]] = {}
        self.many: set[str] = set()
        for name, (embedded, many) in shapes.nested.items():
            target = str_doc if embedded == "str" else int_doc
            nested[name] = list[target] if many else target  # type: ignore[valid-type]
            self.embedded[name] = target
            if many:
                self.many.add(name)
        definitions: dict[Kind, dict[str, Any]] = {
            "small": dict(shapes.small),
            "small_fk": {**shapes.small, FOREIGN_KEY_FIELD: ObjectId},
            "foreign": {"name": str},
            "large": dict(shapes.large),
            "nested": nested,
        }
        self.schemas: dict[Kind, Any] = {
            kind: _model(f"Gault_{kind}", Schema, annotations, collection=COLLECTIONS[kind])
            for kind, annotations in definitions.items()
        }

    def build(self, kind: Kind, document: Document) -> Any:
        """An instance of ``kind`` from a raw document (embedded models built explicitly)."""
        if kind != "nested":
            return self.schemas[kind](**document)
        values: dict[str, Any] = {}
        for name, value in document.items():
            embedded = self.embedded[name]
            if name in self.many:
                values[name] = [embedded(**item) for item in value]
            else:
                values[name] = embedded(**value)
        return self.schemas[kind](**values)


class SyncGault:
    """The sync adapter: ``gault.Manager``."""

    __slots__ = ("_client", "_db", "_manager", "models")

    def __init__(self, uri: str, database: str, data: Datasets) -> None:
        self._client: MongoClient[Document] = MongoClient(uri, tz_aware=True)
        self._db = self._client[database]
        self._manager: Manager[Any, Any] = Manager(self._db)
        self.models = Models(data)

    def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        self._db.drop_collection(COLLECTIONS[kind])

    def create(self, kind: Kind, document: Document) -> object:
        """``manager.insert(Model(...))``."""
        return self._manager.insert(self.models.build(kind, document))

    def load_all(self, kind: Kind) -> list[Any]:
        """``list(manager.select(Model))``."""
        return list(self._manager.select(self.models.schemas[kind]))

    def id_of(self, instance: Any) -> ObjectId:
        """The pk."""
        return instance.id  # type: ignore[no-any-return]

    def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """Set field1, ``save(atomic=True)``."""
        instance.field1 = value
        self._manager.save(instance, atomic=True)

    def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """Set embedded_str_doc_1.field1 in place, ``save(atomic=True)``."""
        instance.embedded_str_doc_1.field1 = value
        self._manager.save(instance, atomic=True)

    def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """``select(Model, Model.id == id_)``."""
        model = self.models.schemas[kind]
        return list(self._manager.select(model, model.id == id_))

    def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """``select(Model, Model.field_fk == foreign_id)``."""
        model = self.models.schemas["small_fk"]
        return list(self._manager.select(model, model.field_fk == foreign_id))

    def find_by_embedded(self, value: str) -> list[Any]:
        """``select(Model, Model.embedded_str_doc_1.unique_field == value)``."""
        model = self.models.schemas["nested"]
        return list(self._manager.select(model, model.embedded_str_doc_1.unique_field == value))

    def find_by_embedded_array(self, value: str) -> list[Any]:
        """``select(Model, Model.embedded_str_doc_array.unique_field == value)``."""
        model = self.models.schemas["nested"]
        predicate = model.embedded_str_doc_array.unique_field == value
        return list(self._manager.select(model, predicate))

    def close(self) -> None:
        """Close the client."""
        self._client.close()


class AsyncGault:
    """The async adapter: ``gault.AsyncManager``."""

    __slots__ = ("_client", "_db", "_manager", "models")

    def __init__(self, uri: str, database: str, data: Datasets) -> None:
        self._client: AsyncMongoClient[Document] = AsyncMongoClient(uri, tz_aware=True)
        self._db = self._client[database]
        self._manager = AsyncManager(self._db)
        self.models = Models(data)

    async def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        await self._db.drop_collection(COLLECTIONS[kind])

    async def create(self, kind: Kind, document: Document) -> object:
        """``await manager.insert(Model(...))``."""
        return await self._manager.insert(self.models.build(kind, document))

    async def load_all(self, kind: Kind) -> list[Any]:
        """``[x async for x in manager.select(Model)]``."""
        return [instance async for instance in self._manager.select(self.models.schemas[kind])]

    def id_of(self, instance: Any) -> ObjectId:
        """The pk."""
        return instance.id  # type: ignore[no-any-return]

    async def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """Set field1, ``save(atomic=True)``."""
        instance.field1 = value
        await self._manager.save(instance, atomic=True)

    async def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """Set embedded_str_doc_1.field1 in place, ``save(atomic=True)``."""
        instance.embedded_str_doc_1.field1 = value
        await self._manager.save(instance, atomic=True)

    async def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """``select(Model, Model.id == id_)``."""
        model = self.models.schemas[kind]
        return [instance async for instance in self._manager.select(model, model.id == id_)]

    async def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """``select(Model, Model.field_fk == foreign_id)``."""
        model = self.models.schemas["small_fk"]
        selected = self._manager.select(model, model.field_fk == foreign_id)
        return [instance async for instance in selected]

    async def find_by_embedded(self, value: str) -> list[Any]:
        """``select(Model, Model.embedded_str_doc_1.unique_field == value)``."""
        model = self.models.schemas["nested"]
        selected = self._manager.select(model, model.embedded_str_doc_1.unique_field == value)
        return [instance async for instance in selected]

    async def find_by_embedded_array(self, value: str) -> list[Any]:
        """``select(Model, Model.embedded_str_doc_array.unique_field == value)``."""
        model = self.models.schemas["nested"]
        selected = self._manager.select(model, model.embedded_str_doc_array.unique_field == value)
        return [instance async for instance in selected]

    async def close(self) -> None:
        """Close the client."""
        await self._client.close()


def open_sync(uri: str, database: str, data: Datasets) -> SyncGault:
    """The sync adapter."""
    return SyncGault(uri, database, data)


async def open_async(uri: str, database: str, data: Datasets) -> AsyncGault:
    """The async adapter."""
    return AsyncGault(uri, database, data)


class GaultMicro:
    """gault's read path as ``select`` runs it, dump, filter compilation and dirty fields."""

    __slots__ = ("_models", "_persistence", "_tracker")

    def __init__(self, models: Models) -> None:
        self._models = models
        self._persistence = Persistence()
        self._tracker = StateTracker()

    def hydrate(self, documents: list[Document]) -> list[Any]:
        """Load, mark persisted, snapshot the raw document: what ``select`` does per document."""
        load = get_mapper(self._models.schemas["nested"]).load
        mark = self._persistence.mark_persisted
        snapshot = self._tracker.snapshot_document
        instances = []
        for document in documents:
            instance = load(document)
            mark(instance)
            snapshot(instance, document)
            instances.append(instance)
        return instances

    def dump(self, instances: list[Any]) -> list[Any]:
        """``get_mapper(Model).dump(instance)``."""
        dump = get_mapper(self._models.schemas["nested"]).dump
        return [dump(instance) for instance in instances]

    def build_filter(self) -> object:
        """``(M.field1 == a) & (M.field8 > n) & M.field2.in_([...])``."""
        model = self._models.schemas["small"]
        first, threshold, among = FILTER_VALUES
        return (model.field1 == first) & (model.field8 > threshold) & model.field2.in_(among)

    def compile_filter(self, built: Any) -> object:
        """``compile_query(predicate)``."""
        return compile_query(built)

    def change(self, instance: Any) -> None:
        """Replace embedded_str_doc_1 with a changed copy."""
        embedded = getattr(instance, CHANGED_FIELD)
        values = {spec.name: getattr(embedded, spec.name) for spec in fields(embedded)}
        setattr(instance, CHANGED_FIELD, type(embedded)(**{**values, "field1": "changed"}))

    def dirty(self, instance: Any) -> object:
        """``StateTracker.get_dirty_fields``."""
        return self._tracker.get_dirty_fields(instance)

    def define(self, data: Datasets) -> int:
        """Define gault's seven benchmark classes afresh."""
        Models(data)
        return 7


def micro(uri: str, data: Datasets) -> GaultMicro:
    """The micro-benchmark suite (no server needed)."""
    return GaultMicro(Models(data))
