"""pydantic v2 core schemas of gault models (the ``gault[pydantic]`` extra).

``Model.__get_pydantic_core_schema__`` calls ``model_core_schema``: the model becomes a typed
dict of its fields (each field's annotation given to pydantic, with ``ObjectId``,
``Decimal128`` and ``bytes`` replaced by the annotated forms below, so that their JSON forms
match ``gault.json``: a 24-hex string, a decimal string, base64), validated into an instance
by the model's constructor and serialized back from the instance. pydantic is imported only
when pydantic asks for a schema; this module imports the schema core below it only.
"""

from __future__ import annotations

import base64
import binascii
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, LiteralString, Union

from bson.binary import Binary
from bson.decimal128 import Decimal128
from bson.int64 import Int64
from bson.objectid import ObjectId

from gault._schema.plan import plan_of
from gault._support import MISSING
from gault.exceptions import ValidationError

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

__all__ = ["model_core_schema", "pydantic_annotation"]

OBJECT_ID_PATTERN = "^[0-9a-fA-F]{24}$"


def _core() -> Any:
    """pydantic-core's ``core_schema`` module (present whenever pydantic asks for a schema)."""
    from pydantic_core import core_schema  # the optional extra: imported on use

    return core_schema


def _error(kind: LiteralString, message: str) -> Exception:
    """A pydantic error of type ``kind`` saying ``message``."""
    from pydantic_core import PydanticCustomError  # the optional extra

    return PydanticCustomError(kind, "{message}", {"message": message})


class _BsonForm:
    """pydantic metadata for a bson type with a JSON form (a string, or ``Int64``'s integer).

    Python input of the type passes as it is; anything else is validated by ``inner`` (a
    string schema) and built by ``build``; JSON output is ``dump(value)``.
    """

    def __init__(
        self,
        kind: type,
        inner: Callable[[Any], Any],
        build: Callable[[Any], Any],
        dump: Callable[[Any], Any],
        schema_extra: dict[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.inner = inner
        self.build = build
        self.dump = dump
        self.schema_extra = schema_extra or {}

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        cs = _core()
        kind, build = self.kind, self.build

        def validate(value: Any, inner: Callable[[Any], Any]) -> Any:
            return value if isinstance(value, kind) else build(inner(value))

        metadata = {"pydantic_js_updates": self.schema_extra} if self.schema_extra else None
        inner = self.inner(cs)
        dump = self.dump

        def serialize(value: Any, info: Any) -> Any:
            return dump(value) if info.mode == "json" and isinstance(value, kind) else value

        # No return schema: the JSON Schema of the output is the input's (a 24-hex string...)
        return cs.no_info_wrap_validator_function(
            validate,
            inner,
            serialization=cs.plain_serializer_function_ser_schema(serialize, info_arg=True),
            metadata=metadata,
        )


def _build_bytes(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise _error("base64", "Value is not valid base64") from None


def _encode_bytes(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


#: The pydantic form of each bson type that pydantic does not know, keyed by the type.
_BSON_FORMS: dict[type, _BsonForm] = {
    ObjectId: _BsonForm(
        ObjectId, lambda cs: cs.str_schema(pattern=OBJECT_ID_PATTERN), ObjectId, str
    ),
    Decimal128: _BsonForm(Decimal128, lambda cs: cs.decimal_schema(), Decimal128, str),
    bytes: _BsonForm(
        bytes, lambda cs: cs.str_schema(), _build_bytes, _encode_bytes, {"format": "base64"}
    ),
    Int64: _BsonForm(Int64, lambda cs: cs.int_schema(), Int64, int),
    Binary: _BsonForm(
        Binary,
        lambda cs: cs.str_schema(),
        lambda text: Binary(_build_bytes(text)),
        _encode_bytes,
        {"format": "base64"},
    ),
}


def pydantic_annotation(annotation: Any) -> Any:
    """``annotation`` with ``Field[T]`` unwrapped and the bson types annotated with their forms."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return Annotated[(pydantic_annotation(args[0]), *annotation.__metadata__)]
    if isinstance(origin, type) and hasattr(origin, "compile_field"):  # Field[T]
        return pydantic_annotation(args[0]) if args else Any
    if isinstance(annotation, type) and annotation in _BSON_FORMS:
        return Annotated[annotation, _BSON_FORMS[annotation]]
    if not args or origin is Literal:
        return annotation
    rewritten = tuple(arg if arg is Ellipsis else pydantic_annotation(arg) for arg in args)
    if origin is Union or origin is types.UnionType:
        return Union[rewritten]  # noqa: UP007 - built from a tuple of members
    if origin in (list, set, frozenset, tuple, dict):
        generic: Any = origin
        return generic[rewritten]
    return annotation


#: The models whose schema is being generated (schema generation is synchronous).
_BUILDING: set[type] = set()


def _fields(model: type, handler: GetCoreSchemaHandler) -> dict[str, Any]:
    """The typed-dict fields of ``model``: each field's schema, with its default."""
    cs = _core()
    fields: dict[str, Any] = {}
    for spec in plan_of(model).fields:
        schema = handler.generate_schema(pydantic_annotation(spec.annotation))
        if spec.default is not MISSING:
            schema = cs.with_default_schema(schema, default=spec.default)
        elif spec.default_factory is not MISSING:
            schema = cs.with_default_schema(schema, default_factory=spec.default_factory)
        fields[spec.name] = cs.typed_dict_field(schema, required=spec.required)
    return fields


def model_core_schema(model: type, handler: GetCoreSchemaHandler) -> CoreSchema:
    """The core schema of a gault model: a typed dict of its fields, built by the model."""
    cs = _core()
    ref = f"{model.__module__}.{model.__qualname__}:{id(model)}"
    if model in _BUILDING:  # a model that contains itself: refer to the schema being built
        return cs.definition_reference_schema(ref)  # type: ignore[no-any-return]
    _BUILDING.add(model)
    try:
        fields = _fields(model, handler)
    finally:
        _BUILDING.discard(model)
    shape = cs.typed_dict_schema(fields, extra_behavior="forbid", config={"title": model.__name__})

    def build(values: dict[str, Any]) -> Any:
        try:
            return model(**values)
        except ValidationError as error:
            raise _error("gault_validation", str(error)) from None

    def validate(value: Any, inner: Callable[[Any], Any]) -> Any:
        return value if isinstance(value, model) else build(inner(value))

    def dump(instance: Any) -> Any:
        if not isinstance(instance, model):
            return instance
        state = instance.__dict__
        return {name: state[name] for name in fields if name in state}

    return cs.no_info_wrap_validator_function(  # type: ignore[no-any-return]
        validate,
        shape,
        ref=ref,
        serialization=cs.plain_serializer_function_ser_schema(dump, return_schema=shape),
    )
