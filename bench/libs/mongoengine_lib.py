"""MongoEngine 0.29 (sync only), run in its own virtualenv.

Documents are built from :class:`bench.data.Shapes` with ``StringField``/``IntField``/
``BinaryField`` and ``EmbeddedDocumentField``/``EmbeddedDocumentListField``. ``save()`` on a
loaded document sends a ``$set`` of the changed fields (MongoEngine tracks changes, nested ones
included); finds are querysets turned into lists.
"""

from __future__ import annotations

from typing import Any

import mongoengine
from bson import ObjectId
from mongoengine import (
    BinaryField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    EmbeddedDocumentListField,
    IntField,
    ObjectIdField,
    Q,
    StringField,
)
from mongoengine import (
    Document as MongoDocument,
)

from bench.data import Datasets, Document
from bench.micro import CHANGED_FIELD, FILTER_VALUES
from bench.tasks import COLLECTIONS, Kind

__all__ = ["NAME", "VARIANTS", "SyncMongoEngine", "micro", "open_sync", "version"]

NAME = "mongoengine"
VARIANTS = ("sync",)
FIELD_TYPES: dict[type, type] = {str: StringField, int: IntField, bytes: BinaryField}


def version() -> str:
    """MongoEngine's version."""
    return str(mongoengine.__version__)


def _fields(shape: dict[str, type]) -> dict[str, Any]:
    return {name: FIELD_TYPES[kind]() for name, kind in shape.items()}


def _build(data: Datasets, alias: str) -> dict[Kind, type[MongoDocument]]:
    shapes = data.shapes
    str_doc = type("StrEmbedded", (EmbeddedDocument,), _fields(shapes.str_embedded))
    int_doc = type("IntEmbedded", (EmbeddedDocument,), _fields(shapes.int_embedded))
    nested: dict[str, Any] = {}
    for name, (embedded, many) in shapes.nested.items():
        target = str_doc if embedded == "str" else int_doc
        nested[name] = EmbeddedDocumentListField(target) if many else EmbeddedDocumentField(target)
    definitions: dict[Kind, dict[str, Any]] = {
        "small": _fields(shapes.small),
        "small_fk": {**_fields(shapes.small), "field_fk": ObjectIdField()},
        "foreign": {"name": StringField()},
        "large": _fields(shapes.large),
        "nested": nested,
    }
    return {
        kind: type(
            f"MongoEngine_{kind}_{alias}",
            (MongoDocument,),
            {**fields, "meta": {"collection": COLLECTIONS[kind], "db_alias": alias}},
        )
        for kind, fields in definitions.items()
    }


class SyncMongoEngine:
    """The sync adapter: MongoEngine documents and querysets."""

    __slots__ = ("_alias", "models")

    def __init__(self, uri: str, database: str, data: Datasets) -> None:
        self._alias = database
        mongoengine.connect(db=database, host=uri, alias=database)
        self.models = _build(data, database)

    def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        self.models[kind].drop_collection()

    def create(self, kind: Kind, document: Document) -> object:
        """``Model(**document).save()``."""
        return self.models[kind](**document).save()

    def load_all(self, kind: Kind) -> list[Any]:
        """``list(Model.objects)``."""
        return list(self.models[kind].objects)  # type: ignore[attr-defined]

    def id_of(self, instance: Any) -> ObjectId:
        """The document's id."""
        return instance.id  # type: ignore[no-any-return]

    def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """Set field1, ``save()``."""
        instance.field1 = value
        instance.save()

    def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """Set embedded_str_doc_1.field1, ``save()``."""
        instance.embedded_str_doc_1.field1 = value
        instance.save()

    def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """``list(Model.objects(id=id_))``."""
        return list(self.models[kind].objects(id=id_))  # type: ignore[attr-defined]

    def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """``list(Model.objects(field_fk=foreign_id))``."""
        return list(self.models["small_fk"].objects(field_fk=foreign_id))  # type: ignore[attr-defined]

    def find_by_embedded(self, value: str) -> list[Any]:
        """``list(Model.objects(embedded_str_doc_1__unique_field=value))``."""
        model: Any = self.models["nested"]
        return list(model.objects(embedded_str_doc_1__unique_field=value))

    def find_by_embedded_array(self, value: str) -> list[Any]:
        """``list(Model.objects(embedded_str_doc_array__unique_field=value))``."""
        model: Any = self.models["nested"]
        return list(model.objects(embedded_str_doc_array__unique_field=value))

    def close(self) -> None:
        """Disconnect."""
        mongoengine.disconnect(alias=self._alias)


def open_sync(uri: str, database: str, data: Datasets) -> SyncMongoEngine:
    """The sync adapter."""
    return SyncMongoEngine(uri, database, data)


class MongoEngineMicro:
    """MongoEngine's read path (``_from_son``), dump (``to_mongo``), filter and changes."""

    __slots__ = ("_models",)

    def __init__(self, models: dict[Kind, type[MongoDocument]]) -> None:
        self._models = models

    def hydrate(self, documents: list[Document]) -> list[Any]:
        """What a queryset does per document."""
        model: Any = self._models["nested"]
        return [model._from_son(document) for document in documents]

    def dump(self, instances: list[Any]) -> list[Any]:
        """``to_mongo()``."""
        return [instance.to_mongo() for instance in instances]

    def build_filter(self) -> object:
        """``Q(a=x) & Q(b__gt=n) & Q(c__in=[...])``."""
        first, threshold, among = FILTER_VALUES
        return Q(field1=first) & Q(field8__gt=threshold) & Q(field2__in=among)

    def compile_filter(self, built: Any) -> object:
        """``.to_query(Model)``."""
        return built.to_query(self._models["small"])

    def change(self, instance: Any) -> None:
        """Replace embedded_str_doc_1 with a changed copy."""
        embedded = getattr(instance, CHANGED_FIELD)
        copy = type(embedded)(**{**embedded.to_mongo().to_dict(), "field1": "changed"})
        setattr(instance, CHANGED_FIELD, copy)

    def dirty(self, instance: Any) -> object:
        """``_get_changed_fields()``."""
        return instance._get_changed_fields()

    def define(self, data: Datasets) -> int:
        """Define MongoEngine's benchmark classes afresh (two embedded plus documents)."""
        return len(_build(data, "bench_mongoengine_micro")) + 2


def micro(uri: str, data: Datasets) -> MongoEngineMicro:
    """The micro-benchmark suite (documents need a registered alias; nothing is sent)."""
    alias = "bench_mongoengine_micro"
    mongoengine.connect(db=alias, host=uri, alias=alias)
    return MongoEngineMicro(_build(data, alias))
