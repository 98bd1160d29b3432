"""MongoDB ``$jsonSchema`` documents derived from model classes, for collection validators.

``bson_schema(model)`` walks the model's fields once: every document key is a db alias, types
become ``bsonType`` names (``int`` accepts ``int`` and ``long``, ``float`` also integers, as
gault stores them), enums and ``Literal`` become ``enum``, containers ``array``/``object`` with
their item schemas, embedded models are inlined (MongoDB's ``$jsonSchema`` has no ``$ref``; a
model that contains itself is cut to ``{"bsonType": "object"}`` where it recurs). A field is
required when a document without it would not load (no default, not optional), and so is
every pk field. Imports the
schema core below it only.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import types
import typing
import uuid
from typing import Any, Literal, Union

from bson.binary import Binary
from bson.decimal128 import Decimal128
from bson.int64 import Int64
from bson.objectid import ObjectId

from gault._schema.codecs import is_model_class
from gault._schema.plan import plan_of

__all__ = ["bson_schema"]

_BSON_TYPES: dict[type, list[str]] = {
    str: ["string"],
    bool: ["bool"],
    int: ["int", "long"],
    Int64: ["long"],
    float: ["double", "int", "long"],
    bytes: ["binData"],
    Binary: ["binData"],
    uuid.UUID: ["binData"],
    datetime.datetime: ["date"],
    datetime.date: ["date"],
    decimal.Decimal: ["decimal"],
    Decimal128: ["decimal"],
    ObjectId: ["objectId"],
}


def _types(names: list[str]) -> dict[str, Any]:
    return {"bsonType": names[0] if len(names) == 1 else list(names)}


def _stored(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _annotation(annotation: Any, where: str, seen: tuple[type, ...]) -> dict[str, Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _annotation(args[0], where, seen)
    if isinstance(origin, type) and hasattr(origin, "compile_field"):  # Field[T]
        return _annotation(args[0] if args else Any, where, seen)
    if annotation is Any or annotation is object or isinstance(annotation, typing.TypeVar):
        bound = getattr(annotation, "__bound__", None)
        return _annotation(bound, where, seen) if bound is not None else {}
    if annotation is None or annotation is type(None):
        return {"bsonType": "null"}
    if origin is Literal:
        return {"enum": [_stored(arg) for arg in args]}
    if origin is Union or origin is types.UnionType:
        return _union(args, where, seen)
    if origin in (list, set, frozenset, tuple) or annotation in (list, set, frozenset, tuple):
        return _array(annotation, origin or annotation, args, where, seen)
    if origin is dict or annotation is dict:
        values = _annotation(args[1] if args else Any, where, seen)
        return {"bsonType": "object", "additionalProperties": values or True}
    if is_model_class(annotation):
        if annotation in seen:
            return {"bsonType": "object"}
        return _model(annotation, seen)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {"enum": [member.value for member in annotation]}
    if isinstance(annotation, type):
        for kind in annotation.__mro__:
            if kind in _BSON_TYPES:
                return _types(_BSON_TYPES[kind])
    raise TypeError(f"{where}: {annotation!r} has no $jsonSchema form")


def _union(args: tuple[Any, ...], where: str, seen: tuple[type, ...]) -> dict[str, Any]:
    members = [_annotation(arg, where, seen) for arg in args]
    if any(not member for member in members):
        return {}
    if all(set(member) == {"bsonType"} for member in members):
        names: list[str] = []
        for member in members:
            kinds = member["bsonType"]
            for name in [kinds] if isinstance(kinds, str) else kinds:
                if name not in names:
                    names.append(name)
        return _types(names)
    return {"anyOf": members}


def _array(
    annotation: Any, container: Any, args: tuple[Any, ...], where: str, seen: tuple[type, ...]
) -> dict[str, Any]:
    schema: dict[str, Any] = {"bsonType": "array"}
    if container is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
        schema["items"] = [_annotation(arg, where, seen) for arg in args]
        schema["additionalItems"] = False
        schema["minItems"] = schema["maxItems"] = len(args)
        return schema
    items = _annotation(args[0] if args else Any, where, seen)
    if items:
        schema["items"] = items
    if container in (set, frozenset):
        schema["uniqueItems"] = True
    return schema


def _model(model: type, seen: tuple[type, ...]) -> dict[str, Any]:
    seen = (*seen, model)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for spec in plan_of(model).fields:
        where = f"{model.__qualname__}.{spec.name}"
        properties[spec.db_key] = _annotation(spec.annotation, where, seen)
        if (spec.required and not spec.optional) or spec.pk:
            required.append(spec.db_key)
    schema: dict[str, Any] = {"bsonType": "object"}
    if required:
        schema["required"] = required
    schema["properties"] = properties
    return schema


def bson_schema(model: type) -> dict[str, Any]:
    """The ``$jsonSchema`` document of ``model``'s stored documents (db aliases as keys)."""
    return _model(model, ())
