"""The JSON form of model instances: encoders, decoders and JSON Schemas, compiled per class.

A field annotation compiles once into a ``JsonCodec``: ``encode(value)`` gives JSON-compatible
data (``dict``/``list``/``str``/``int``/``float``/``bool``/``None``), ``decode(data)`` rebuilds
the field's Python value, and ``schema(defs)`` is its JSON Schema (embedded models go to
``defs``). The JSON forms: ``ObjectId`` a 24-hex string, ``Decimal``/``Decimal128`` a decimal
string, ``UUID`` its canonical string, ``datetime``/``date`` ISO 8601, ``bytes`` base64, an
enum its value, sets and tuples arrays, embedded models objects. Keys are field names, or db
aliases with ``by_alias=True``. ``gault.json`` is the public face. Imports the schema core
below it only.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import enum
import types
import typing
import uuid
import weakref
from collections.abc import Callable
from typing import Any, Literal, Union

from bson.binary import Binary
from bson.decimal128 import Decimal128
from bson.errors import InvalidId
from bson.int64 import Int64
from bson.objectid import ObjectId

from gault._schema.annotations import compile_codec
from gault._schema.codecs import is_model_class, type_name
from gault._schema.plan import plan_of
from gault._support import MISSING
from gault.exceptions import ValidationError

__all__ = [
    "Defs",
    "JsonCodec",
    "JsonMismatch",
    "ModelJson",
    "encode_any",
    "model_codec",
    "model_schema",
]


class Defs:
    """The ``$defs`` of one JSON Schema being built: model schemas by name."""

    __slots__ = ("owners", "schemas")

    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}
        self.owners: dict[str, type] = {}

    def ref(self, model: type, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """A ``$ref`` to ``model``'s schema, built (once) by ``build`` if it is new."""
        name = model.__name__
        if self.owners.get(name, model) is not model:
            name = f"{model.__module__}.{model.__qualname__}"
        if name not in self.owners:
            self.owners[name] = model
            self.schemas[name] = {}  # placeholder: a recursive model refers to itself
            self.schemas[name] = build()
        return {"$ref": f"#/$defs/{name}"}


OBJECT_ID_SCHEMA: dict[str, Any] = {"type": "string", "pattern": "^[0-9a-fA-F]{24}$"}
DECIMAL_SCHEMA: dict[str, Any] = {"type": "string", "format": "decimal"}
BYTES_SCHEMA: dict[str, Any] = {"type": "string", "contentEncoding": "base64"}


class JsonMismatch(Exception):
    """JSON data does not fit an annotation; ``path`` lists keys and indexes, outermost first."""

    def __init__(self, expected: Any, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.expected = expected
        self.value = value
        self.reason = reason
        self.path: list[str] = []


class JsonCodec:
    """How one annotation maps to JSON: ``encode``, ``decode`` and ``schema(defs)``."""

    __slots__ = ("annotation", "decode", "encode", "schema")

    def __init__(
        self,
        annotation: Any,
        encode: Callable[[Any], Any],
        decode: Callable[[Any], Any],
        schema: Callable[[Defs], dict[str, Any]],
    ) -> None:
        self.annotation = annotation
        self.encode = encode
        self.decode = decode
        self.schema = schema


def _identity(value: Any) -> Any:
    return value


def _constant(schema: dict[str, Any]) -> Callable[[Defs], dict[str, Any]]:
    return lambda defs: dict(schema)


def _from_string(annotation: Any, build: Callable[[str], Any], what: str) -> Callable[[Any], Any]:
    """A decoder for a type whose JSON form is a string (``what`` words the expected form)."""

    def decode(data: Any) -> Any:
        if isinstance(data, annotation):
            return data
        if not isinstance(data, str):
            raise JsonMismatch(annotation, data, f"expected {what}, got {type(data).__name__}")
        try:
            return build(data)
        except (ValueError, TypeError, decimal.InvalidOperation, binascii.Error, InvalidId):
            raise JsonMismatch(annotation, data, f"expected {what}, got {data!r}") from None

    return decode


def _decode_bytes(data: str) -> bytes:
    return base64.b64decode(data, validate=True)


def _encode_bytes(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _decode_decimal(data: Any) -> decimal.Decimal:
    if isinstance(data, bool) or not isinstance(data, str | int | float):
        raise JsonMismatch(
            decimal.Decimal, data, f"expected a decimal string, got {type(data).__name__}"
        )
    try:
        number = decimal.Decimal(str(data))
    except decimal.InvalidOperation:
        raise JsonMismatch(
            decimal.Decimal, data, f"expected a decimal string, got {data!r}"
        ) from None
    return number


def _scalar(annotation: type, where: str) -> JsonCodec:
    if annotation is ObjectId:
        decode = _from_string(ObjectId, ObjectId, "a 24-hex ObjectId string")
        return JsonCodec(annotation, str, decode, _constant(OBJECT_ID_SCHEMA))
    if annotation is Decimal128:

        def decode_decimal128(data: Any) -> Decimal128:
            return data if isinstance(data, Decimal128) else Decimal128(_decode_decimal(data))

        return JsonCodec(annotation, str, decode_decimal128, _constant(DECIMAL_SCHEMA))
    if annotation is decimal.Decimal:

        def decode_decimal(data: Any) -> decimal.Decimal:
            return data if isinstance(data, decimal.Decimal) else _decode_decimal(data)

        return JsonCodec(annotation, str, decode_decimal, _constant(DECIMAL_SCHEMA))
    if annotation is uuid.UUID:
        decode = _from_string(uuid.UUID, uuid.UUID, "a UUID string")
        return JsonCodec(annotation, str, decode, _constant({"type": "string", "format": "uuid"}))
    if annotation is datetime.datetime:
        decode = _from_string(datetime.datetime, datetime.datetime.fromisoformat, "an ISO 8601")
        schema = {"type": "string", "format": "date-time"}
        return JsonCodec(annotation, datetime.datetime.isoformat, decode, _constant(schema))
    if annotation is datetime.date:

        def build_date(data: str) -> datetime.date:
            return datetime.date.fromisoformat(data)

        decode = _from_string(datetime.date, build_date, "an ISO 8601 date")
        schema = {"type": "string", "format": "date"}
        return JsonCodec(annotation, datetime.date.isoformat, decode, _constant(schema))
    if annotation is Binary or annotation is bytes:
        build = _decode_bytes if annotation is bytes else (lambda data: Binary(_decode_bytes(data)))
        decode = _from_string(annotation, build, "a base64 string")
        return JsonCodec(annotation, _encode_bytes, decode, _constant(BYTES_SCHEMA))
    natives: dict[type, dict[str, Any]] = {
        str: {"type": "string"},
        bool: {"type": "boolean"},
        int: {"type": "integer"},
        float: {"type": "number"},
    }
    if annotation is Int64:

        def decode_int64(data: Any) -> Any:
            is_int = isinstance(data, int) and not isinstance(data, bool)
            return Int64(data) if is_int and not isinstance(data, Int64) else data

        return JsonCodec(annotation, int, decode_int64, _constant({"type": "integer"}))
    if annotation in natives:
        return JsonCodec(annotation, _identity, _identity, _constant(natives[annotation]))
    raise TypeError(f"{where}: {annotation.__qualname__} has no JSON form")


def _enum(annotation: type[enum.Enum]) -> JsonCodec:
    values = [member.value for member in annotation]

    def decode(data: Any) -> Any:
        if isinstance(data, annotation):
            return data
        try:
            return annotation(data)
        except ValueError:
            raise JsonMismatch(
                annotation, data, f"expected one of {values!r}, got {data!r}"
            ) from None

    schema = {"title": annotation.__name__, "enum": values}
    return JsonCodec(annotation, lambda value: value.value, decode, _constant(schema))


def _literal(annotation: Any, args: tuple[Any, ...]) -> JsonCodec:
    def encode(value: Any) -> Any:
        return value.value if isinstance(value, enum.Enum) else value

    values = [encode(arg) for arg in args]

    def decode(data: Any) -> Any:
        for arg, value in zip(args, values, strict=True):
            if data == value and type(data) is type(value):
                return arg
        raise JsonMismatch(annotation, data, f"expected one of {values!r}, got {data!r}")

    schema: dict[str, Any] = {"const": values[0]} if len(values) == 1 else {"enum": values}
    return JsonCodec(annotation, encode, decode, _constant(schema))


def _union(annotation: Any, args: tuple[Any, ...], where: str, by_alias: bool) -> JsonCodec:
    nullable = type(None) in args
    members = [
        (compile_codec(arg, where, plan_of).check, compile_json(arg, where, by_alias))
        for arg in args
        if arg is not type(None)
    ]

    def encode(value: Any) -> Any:
        if value is None:
            return None
        for check, codec in members:
            if check(value):
                return codec.encode(value)
        return value

    def decode(data: Any) -> Any:
        if data is None and nullable:
            return None
        if len(members) == 1:
            return members[0][1].decode(data)
        for _, codec in members:
            try:
                return codec.decode(data)
            except (JsonMismatch, ValidationError):
                continue
        raise JsonMismatch(annotation, data, f"expected {type_name(annotation)}, got {data!r}")

    def schema(defs: Defs) -> dict[str, Any]:
        options = [codec.schema(defs) for _, codec in members]
        if nullable:
            options.append({"type": "null"})
        return {"anyOf": options}

    return JsonCodec(annotation, encode, decode, schema)


def _array(annotation: Any, container: type, item: JsonCodec, unique: bool) -> JsonCodec:
    encode_item, decode_item = item.encode, item.decode

    def encode(value: Any) -> list[Any]:
        return [encode_item(entry) for entry in value]

    def decode(data: Any) -> Any:
        if not isinstance(data, list | tuple):
            raise JsonMismatch(annotation, data, f"expected an array, got {type(data).__name__}")
        items = []
        for index, entry in enumerate(data):
            try:
                items.append(decode_item(entry))
            except JsonMismatch as error:
                error.path.insert(0, f"[{index}]")
                raise
        return container(items)

    def schema(defs: Defs) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "array", "items": item.schema(defs)}
        if unique:
            result["uniqueItems"] = True
        return result

    return JsonCodec(annotation, encode, decode, schema)


def _fixed_tuple(annotation: Any, items: list[JsonCodec]) -> JsonCodec:
    def encode(value: Any) -> list[Any]:
        return [codec.encode(entry) for codec, entry in zip(items, value, strict=True)]

    def decode(data: Any) -> tuple[Any, ...]:
        if not isinstance(data, list | tuple) or len(data) != len(items):
            raise JsonMismatch(
                annotation, data, f"expected an array of {len(items)} items, got {data!r}"
            )
        values = []
        for index, (codec, entry) in enumerate(zip(items, data, strict=True)):
            try:
                values.append(codec.decode(entry))
            except JsonMismatch as error:
                error.path.insert(0, f"[{index}]")
                raise
        return tuple(values)

    def schema(defs: Defs) -> dict[str, Any]:
        prefix = [codec.schema(defs) for codec in items]
        count = len(items)
        return {
            "type": "array",
            "prefixItems": prefix,
            "items": False,
            "minItems": count,
            "maxItems": count,
        }

    return JsonCodec(annotation, encode, decode, schema)


def _object(annotation: Any, value_codec: JsonCodec) -> JsonCodec:
    encode_value, decode_value = value_codec.encode, value_codec.decode

    def encode(value: Any) -> dict[str, Any]:
        return {key: encode_value(entry) for key, entry in value.items()}

    def decode(data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise JsonMismatch(annotation, data, f"expected an object, got {type(data).__name__}")
        values = {}
        for key, entry in data.items():
            try:
                values[key] = decode_value(entry)
            except JsonMismatch as error:
                error.path.insert(0, str(key))
                raise
        return values

    def schema(defs: Defs) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": value_codec.schema(defs)}

    return JsonCodec(annotation, encode, decode, schema)


def encode_any(value: Any) -> Any:
    """The JSON form of a value of a field typed ``Any``, chosen by the value's runtime type."""
    if value is None or isinstance(value, str | int | float):
        return value.value if isinstance(value, enum.Enum) else value
    if is_model_class(type(value)):
        return model_codec(type(value), by_alias=False).encode(value)
    if isinstance(value, dict):
        return {str(key): encode_any(entry) for key, entry in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [encode_any(entry) for entry in value]
    if isinstance(value, enum.Enum):
        return encode_any(value.value)
    if isinstance(value, ObjectId | Decimal128 | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return _encode_bytes(value)
    raise TypeError(f"{type(value).__qualname__} {value!r} has no JSON form")


def compile_json(annotation: Any, where: str, by_alias: bool) -> JsonCodec:
    """Compile ``annotation`` into a ``JsonCodec``; ``where`` (``"User.age"``) names errors."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return compile_json(args[0], where, by_alias)
    if isinstance(origin, type) and hasattr(origin, "compile_field"):  # Field[T]
        return compile_json(args[0] if args else Any, where, by_alias)
    if annotation is Any or annotation is object:
        return JsonCodec(annotation, encode_any, _identity, _constant({}))
    if isinstance(annotation, typing.TypeVar):
        return compile_json(annotation.__bound__ or Any, where, by_alias)
    if annotation is None or annotation is type(None):
        return JsonCodec(type(None), _identity, _decode_none, _constant({"type": "null"}))
    if origin is Literal:
        return _literal(annotation, args)
    if origin is Union or origin is types.UnionType:
        return _union(annotation, args, where, by_alias)
    if origin in (list, set, frozenset) or annotation in (list, set, frozenset):
        container = origin or annotation
        item = compile_json(args[0] if args else Any, where, by_alias)
        return _array(annotation, container, item, unique=container is not list)
    if origin is tuple or annotation is tuple:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            item = compile_json(args[0] if args else Any, where, by_alias)
            return _array(annotation, tuple, item, unique=False)
        return _fixed_tuple(annotation, [compile_json(arg, where, by_alias) for arg in args])
    if origin is dict or annotation is dict:
        return _object(annotation, compile_json(args[1] if args else Any, where, by_alias))
    if is_model_class(annotation):
        return _embedded(annotation, by_alias)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _enum(annotation)
    if isinstance(annotation, type):
        return _scalar(annotation, where)
    raise TypeError(f"{where}: {annotation!r} has no JSON form")


def _decode_none(data: Any) -> None:
    if data is not None:
        raise JsonMismatch(type(None), data, f"expected null, got {data!r}")


class ModelJson:
    """The JSON mapping of one model class (field names or db aliases as keys)."""

    __slots__ = ("by_alias", "fields", "model")

    def __init__(self, model: type, by_alias: bool) -> None:
        self.model = model
        self.by_alias = by_alias
        #: (attribute name, JSON key, codec) of every field, in declaration order.
        self.fields: list[tuple[str, str, JsonCodec]] = []

    def resolve(self) -> None:
        """Compile the field codecs (after registering, so recursive models terminate)."""
        for spec in plan_of(self.model).fields:
            key = spec.db_key if self.by_alias else spec.name
            where = f"{self.model.__qualname__}.{spec.name}"
            self.fields.append(
                (spec.name, key, compile_json(spec.annotation, where, self.by_alias))
            )

    def encode(self, instance: Any) -> dict[str, Any]:
        """The JSON object of ``instance`` (unset fields are left out)."""
        state = instance.__dict__
        return {key: codec.encode(state[name]) for name, key, codec in self.fields if name in state}

    def decode(self, data: Any) -> Any:
        """Build an instance from a JSON object (the constructor checks every value)."""
        if isinstance(data, self.model):
            return data
        if not isinstance(data, dict):
            raise JsonMismatch(self.model, data, f"expected an object, got {type(data).__name__}")
        values: dict[str, Any] = {}
        known = set()
        for name, key, codec in self.fields:
            known.add(key)
            if key in data:
                try:
                    values[name] = codec.decode(data[key])
                except JsonMismatch as error:
                    error.path.insert(0, name)
                    raise
        unknown = [key for key in data if key not in known]
        if unknown:
            raise JsonMismatch(
                self.model, data, f"unknown keys {unknown!r}; expected {sorted(known)!r}"
            )
        return self.model(**values)

    def schema(self, defs: Defs) -> dict[str, Any]:
        """The JSON Schema of the model's object (embedded models are added to ``defs``)."""
        properties: dict[str, Any] = {}
        required: list[str] = []
        for spec, (_, key, codec) in zip(plan_of(self.model).fields, self.fields, strict=True):
            prop = codec.schema(defs)
            if spec.default is not MISSING:
                prop["default"] = _json_default(codec, spec.default)
            properties[key] = prop
            if spec.required:
                required.append(key)
        result: dict[str, Any] = {
            "title": self.model.__name__,
            "type": "object",
            "properties": properties,
        }
        if required:
            result["required"] = required
        result["additionalProperties"] = False
        return result


def _json_default(codec: JsonCodec, default: Any) -> Any:
    try:
        return codec.encode(default)
    except (TypeError, AttributeError, ValueError):
        return None


_CODECS: weakref.WeakKeyDictionary[type, dict[bool, ModelJson]] = weakref.WeakKeyDictionary()


def model_codec(model: type, *, by_alias: bool) -> ModelJson:
    """The (cached) JSON mapping of ``model``."""
    per_model = _CODECS.setdefault(model, {})
    found = per_model.get(by_alias)
    if found is None:
        found = per_model[by_alias] = ModelJson(model, by_alias)
        try:
            found.resolve()
        except BaseException:
            del per_model[by_alias]
            raise
    return found


def _embedded(model: type, by_alias: bool) -> JsonCodec:
    """An embedded model: encoded and decoded through its own (lazily built) mapping."""

    def encode(value: Any) -> Any:
        return model_codec(type(value), by_alias=by_alias).encode(value)

    def decode(data: Any) -> Any:
        return model_codec(model, by_alias=by_alias).decode(data)

    def schema(defs: Defs) -> dict[str, Any]:
        return defs.ref(model, lambda: model_codec(model, by_alias=by_alias).schema(defs))

    return JsonCodec(model, encode, decode, schema)


def model_schema(model: type, *, by_alias: bool) -> dict[str, Any]:
    """The JSON Schema of ``model``'s JSON form, embedded models under ``$defs``."""
    defs = Defs()
    schema = model_codec(model, by_alias=by_alias).schema(defs)
    if defs.schemas:
        schema["$defs"] = defs.schemas
    return schema
