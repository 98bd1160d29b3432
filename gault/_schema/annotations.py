"""Compile a field annotation, once per class, into a ``Codec`` (see ``gault._schema.codecs``).

``compile_codec`` unwraps ``Field[T]`` and ``Annotated``, then builds unions and ``X | None``,
``list``/``set``/``frozenset``/``tuple``/``dict`` of anything, and embedded models (whose own
plan is looked up lazily, so models may refer to models defined later, or to themselves).
``Field[T]`` is recognised by its class's ``__gault_field_annotation__`` marker, so the schema
core does not import the query language. Imports ``gault._schema.codecs`` only; the plans of
embedded models come from the injected ``resolve``.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Literal, Union

from bson.binary import Binary
from bson.decimal128 import Decimal128
from bson.int64 import Int64
from bson.objectid import ObjectId

from gault._schema.codecs import (
    Codec,
    Invalid,
    Resolve,
    any_codec,
    enum_codec,
    exact_class,
    is_model_class,
    key_problem,
    literal_codec,
    none_codec,
    scalar_codec,
    strict_same,
    type_name,
)

__all__ = ["compile_codec", "find_misfit", "join_path"]


def compile_codec(annotation: Any, where: str, resolve: Resolve) -> Codec:
    """Compile ``annotation`` into a ``Codec``; ``where`` (``"User.age"``) names it in errors.

    ``resolve(model)`` returns an embedded model's plan (``gault._schema.plan.plan_of``, injected
    by the caller): embedded codecs call it on first use, so models may refer to models defined
    later, or to themselves.
    """
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return compile_codec(args[0], where, resolve)
    if getattr(origin, "__gault_field_annotation__", False):  # ``Field[T]``: the value is ``T``
        return compile_codec(args[0] if args else Any, where, resolve)
    if annotation is Any or annotation is object:
        return any_codec(annotation, resolve)
    if isinstance(annotation, typing.TypeVar):  # a generic model's parameter: its bound
        return compile_codec(annotation.__bound__ or Any, where, resolve)
    if annotation is None or annotation is type(None):
        return none_codec()
    if origin is Literal:
        return literal_codec(annotation, args, where)
    if origin is Union or origin is types.UnionType:
        return _union(annotation, args, where, resolve)
    if origin in (list, set, frozenset) or annotation in (list, set, frozenset):
        container = origin or annotation
        item = compile_codec(args[0] if args else Any, where, resolve)
        return _collection(annotation, container, item)
    if origin is tuple or annotation is tuple:
        return _tuple(annotation, args, where, resolve)
    if origin is dict or annotation is dict:
        if args and args[0] is not str:
            raise TypeError(f"{where}: dict keys must be str (BSON keys), got {args[0]!r}")
        return _dict(annotation, compile_codec(args[1] if args else Any, where, resolve))
    if not isinstance(annotation, type):
        raise TypeError(f"{where}: unsupported field type {annotation!r}")
    if is_model_class(annotation):
        return _embedded(annotation, resolve)
    if issubclass(annotation, enum.Enum):
        return enum_codec(annotation, where)
    scalar = scalar_codec(annotation)
    if scalar is not None:
        return scalar
    raise TypeError(
        f"{where}: unsupported field type {annotation.__qualname__}; use a BSON type, a gault "
        "Model, or a container of them"
    )


#: The BSON type each scalar is stored as (what a stored value says of the member it came from).
_STORED_AS: dict[type, str] = {
    str: "string",
    int: "int",
    float: "double",
    bool: "bool",
    bytes: "binData",
    Binary: "binData",
    uuid.UUID: "binData (UUID)",
    datetime.datetime: "date",
    datetime.date: "date",
    decimal.Decimal: "decimal",
    Decimal128: "decimal",
    ObjectId: "objectId",
}


def _loads_as(annotation: Any) -> dict[str, Any]:
    """For each BSON type a union member stores, the Python type its values load back as
    (empty when not known: ``Any``, type variables, other bson types)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated or getattr(origin, "__gault_field_annotation__", False):
        return _loads_as(args[0]) if args else {}
    if origin is Literal:
        return {kind: type(value) for value in args for kind in _loads_as(type(value))}
    if origin is Union or origin is types.UnionType:
        return {kind: loaded for arg in args for kind, loaded in _loads_as(arg).items()}
    container = origin or annotation
    if container in (list, set, frozenset, tuple):
        return {"array": container}
    if container is dict:
        return {"object": dict}
    if not isinstance(annotation, type):
        return {}
    if is_model_class(annotation):
        return {"object": annotation}
    if issubclass(annotation, enum.Enum):
        return {kind: annotation for member in annotation for kind in _loads_as(type(member.value))}
    kind = _STORED_AS.get(annotation)
    return {} if kind is None else {kind: annotation}


def _refuse_ambiguous(annotation: Any, members: list[Any], where: str) -> None:
    """``TypeError`` for a union two of whose members store the same BSON type but load back
    as different Python types: a stored value could not say which member it was written as
    (``Plan | str``, ``datetime | date``, two models), so it would load as another type."""
    seen: dict[str, tuple[Any, Any]] = {}
    for member in members:
        for kind, loaded in _loads_as(member).items():
            if kind not in seen:
                seen[kind] = (member, loaded)
                continue
            first, first_loaded = seen[kind]
            if first_loaded is not loaded:
                raise TypeError(
                    f"{where}: {type_name(first)} and {type_name(member)} in "
                    f"{type_name(annotation)} are both stored as BSON {kind}, so a stored value "
                    f"cannot say which one it was (it would load as {type_name(first)}); use "
                    "one of them, or a field for each"
                )


def _union(annotation: Any, args: tuple[Any, ...], where: str, resolve: Resolve) -> Codec:
    members = [arg for arg in args if arg is not type(None)]
    optional = len(members) < len(args)
    _refuse_ambiguous(annotation, members, where)
    codecs = [compile_codec(member, where, resolve) for member in members]
    #: The member that holds a value of exactly its class, tried first (``5`` in
    #: ``Decimal | int`` stays an ``int``, not the first member that accepts it).
    by_class = {member: codec for member, codec in zip(members, codecs, strict=True)
                if isinstance(member, type)}  # fmt: skip

    def holder(value: Any) -> Codec | None:
        codec = by_class.get(value.__class__)
        if codec is not None and codec.check(value):
            return codec
        return next((codec for codec in codecs if codec.check(value)), None)

    mutable = any(codec.mutable for codec in codecs)
    embedded = next((codec.embedded for codec in codecs if codec.embedded), None)
    if optional and len(codecs) == 1:
        return _optional(annotation, codecs[0])

    def check(value: Any) -> bool:
        return (optional and value is None) or any(codec.check(value) for codec in codecs)

    def encode(value: Any) -> Any:
        codec = holder(value)
        return value if codec is None else codec.encode_value(value)

    coercing = [codec for codec in codecs if codec.coerce is not None]

    def coerce(value: Any) -> Any:
        codec = holder(value)
        return value if codec is None or codec.coerce is None else codec.coerce(value)

    #: The member whose stored values are exactly of the raw class, tried first on load.
    by_raw_class = {codec.exact: codec for codec in reversed(codecs) if codec.exact is not None}
    if int in by_raw_class:  # PyMongo reads a BSON int64 as ``Int64``
        by_raw_class[Int64] = by_raw_class[int]

    def decode(raw: Any) -> Any:
        if optional and raw is None:
            return None
        first = by_raw_class.get(raw.__class__)
        if first is not None:
            try:
                return first.decode_value(raw)
            except Invalid:
                pass
        for codec in codecs:
            try:
                return codec.decode_value(raw)
            except Invalid:
                continue
        raise Invalid(annotation, raw)

    return Codec(
        annotation,
        check,
        encode,
        decode,
        mutable=mutable,
        embedded=embedded,
        same=strict_same(decode),
        coerce=coerce if coercing else None,
    )


def _item_reason(what: str, item: Codec, error: Invalid) -> str:
    """Why a container does not fit: ``item 'x' does not fit int``."""
    reason = f"{what} {error.value!r} does not fit {type_name(item.annotation)}"
    return reason if error.reason is None else f"{reason}: {error.reason}"


def _optional(annotation: Any, inner: Codec) -> Codec:
    inner_check, inner_encode, inner_decode = inner.check, inner.encode, inner.decode_value

    def check(value: Any) -> bool:
        return value is None or inner_check(value)

    def encode(value: Any) -> Any:
        return None if value is None else inner_encode(value)  # type: ignore[misc]

    def decode(raw: Any) -> Any:
        if raw is None:
            return None
        try:
            return inner_decode(raw)
        except Invalid as error:
            if error.path:
                raise
            raise Invalid(annotation, raw, error.reason) from None

    inner_same = inner.same

    def same(value: Any, raw: Any) -> bool:
        if value is None or raw is None:
            return value is raw
        return inner_same(value, raw)

    inner_since = inner.since

    def since(value: Any, raw: Any, stamp: int) -> bool:
        if value is None or raw is None:
            return value is raw
        return inner_since(value, raw, stamp)  # type: ignore[misc]

    inner_coerce = inner.coerce

    def coerce(value: Any) -> Any:
        return None if value is None else inner_coerce(value)  # type: ignore[misc]

    return Codec(
        annotation,
        check,
        None if inner_encode is None else encode,
        None if inner.decode is None else decode,
        mutable=inner.mutable,
        embedded=inner.embedded,
        same=None if inner.same_is_equality else same,
        shape="optional",
        item=inner,
        since=None if inner_since is None else since,
        coerce=None if inner_coerce is None else coerce,
        reason=inner.reason,
    )


def _collection(annotation: Any, container: type[Any], item: Codec) -> Codec:
    item_check, item_encode = item.check, item.encode
    exact = exact_class(item)
    trusted = item.trusted

    def check(value: Any) -> bool:
        if not isinstance(value, container):
            return False
        if trusted is not None:
            return all(element.__class__ is trusted or item_check(element) for element in value)
        return all(item_check(element) for element in value)

    if item_encode is None:

        def encode(value: Any) -> Any:
            return list(value)

    else:

        def encode(value: Any) -> Any:
            return [item_encode(element) for element in value]

    item_decode = item.decode_value

    def decode(raw: Any) -> Any:
        if raw.__class__ is not list and not isinstance(raw, list):
            raise Invalid(annotation, raw)
        if exact is not None:
            for element in raw:
                if element.__class__ is not exact:
                    break
            else:
                return container(raw)
        items = []
        for index, element in enumerate(raw):
            try:
                items.append(item_decode(element))
            except Invalid as error:
                if not error.path:
                    raise Invalid(annotation, raw, _item_reason("item", item, error)) from None
                error.path.insert(0, f"[{index}]")
                raise
        return items if container is list else container(items)

    return Codec(
        annotation,
        check,
        encode,
        decode,
        mutable=container is not frozenset or item.mutable,
        embedded=item.embedded,
        same=None if item.same_is_equality or container not in (list, tuple) else _same_items(item),
        shape="list" if container is list else "other",
        item=item,
        since=_since_items(item) if container is list else None,
        coerce=None if item.coerce is None else _coerce_items(container, item.coerce),
    )


def _coerce_items(container: type[Any], coerce: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``coerce`` for a collection: a list is changed in place (it is the instance's own),
    a tuple, set or frozenset rebuilt only when an element changes."""

    def coerce_items(value: Any) -> Any:
        if container is list:
            for index, element in enumerate(value):
                stored = coerce(element)
                if stored is not element:
                    value[index] = stored
            return value
        coerced = [coerce(element) for element in value]
        if all(new is old for new, old in zip(coerced, value, strict=True)):
            return value
        if container is set:
            value.clear()
            value.update(coerced)
            return value
        return container(coerced)

    return coerce_items


def _since_items(item: Codec) -> Callable[[Any, Any, int], bool] | None:
    """``since`` for a list of embedded models: an element still holding the very raw
    sub-document it was loaded from is checked by its stamps, any other is compared."""
    item_since, item_same = item.since, item.same
    model: Any = item.embedded
    if item_since is None or item.shape != "model":
        return None
    flat: bool | None = None

    def since(value: Any, raw: Any, stamp: int) -> bool:
        nonlocal flat
        if raw.__class__ is not list or len(value) != len(raw):
            return False
        if flat is None:
            plan = getattr(model, "__gault_plan__", None)
            flat = plan is not None and not plan.mutable_fields
        for element, stored in zip(value, raw, strict=True):
            try:
                origin = element._gault_origin
            except AttributeError:
                origin = None
            if origin is not stored:
                if not item_same(element, stored):
                    return False
                continue
            pristine = flat and element.__class__ is model and not element._gault_changes
            if not pristine and not item_since(element, stored, stamp):
                return False
        return True

    return since


def _same_items(item: Codec) -> Callable[[Any, Any], bool]:
    item_same = item.same

    def same(value: Any, raw: Any) -> bool:
        return (
            isinstance(raw, list)
            and len(value) == len(raw)
            and all(item_same(element, stored) for element, stored in zip(value, raw, strict=True))
        )

    return same


def _tuple(annotation: Any, args: tuple[Any, ...], where: str, resolve: Resolve) -> Codec:
    if not args or (len(args) == 2 and args[1] is Ellipsis):
        item = compile_codec(args[0] if args else Any, where, resolve)
        inner = _collection(annotation, tuple, item)
        return Codec(
            annotation,
            inner.check,
            inner.encode,
            inner.decode,
            mutable=item.mutable,
            embedded=item.embedded,
            same=None if inner.same_is_equality else inner.same,
            item=item,
            coerce=inner.coerce,
        )
    if args == ((),):
        args = ()
    codecs = [compile_codec(arg, where, resolve) for arg in args]

    def check(value: Any) -> bool:
        return (
            isinstance(value, tuple)
            and len(value) == len(codecs)
            and all(codec.check(item) for codec, item in zip(codecs, value, strict=True))
        )

    def encode(value: Any) -> Any:
        return [codec.encode_value(item) for codec, item in zip(codecs, value, strict=True)]

    def decode(raw: Any) -> Any:
        if not isinstance(raw, list) or len(raw) != len(codecs):
            raise Invalid(annotation, raw)
        return tuple(codec.decode_value(item) for codec, item in zip(codecs, raw, strict=True))

    def coerce(value: Any) -> Any:
        coerced = tuple(
            item if codec.coerce is None else codec.coerce(item)
            for codec, item in zip(codecs, value, strict=True)
        )
        return (
            value if all(new is old for new, old in zip(coerced, value, strict=True)) else coerced
        )

    mutable = any(codec.mutable for codec in codecs)
    coercing = any(codec.coerce is not None for codec in codecs)
    return Codec(
        annotation, check, encode, decode, mutable=mutable, coerce=coerce if coercing else None
    )


def _dict(annotation: Any, item: Codec) -> Codec:
    item_check, item_encode, item_decode = item.check, item.encode, item.decode_value

    def check(value: Any) -> bool:
        return isinstance(value, dict) and all(
            key.__class__ is str
            and (key.isalnum() or key_problem(key) is None)
            and item_check(element)
            for key, element in value.items()
        )

    item_coerce = item.coerce

    def coerce(value: Any) -> Any:
        for key, element in value.items():
            stored = item_coerce(element)  # type: ignore[misc]
            if stored is not element:
                value[key] = stored
        return value

    if item_encode is None:

        def encode(value: Any) -> Any:
            return dict(value)

    else:

        def encode(value: Any) -> Any:
            return {key: item_encode(element) for key, element in value.items()}

    def decode(raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise Invalid(annotation, raw)
        decoded = {}
        for key, element in raw.items():
            try:
                decoded[key] = item_decode(element)
            except Invalid as error:
                if not error.path:
                    raise Invalid(annotation, raw, _item_reason("value", item, error)) from None
                error.path.insert(0, f"[{key!r}]")
                raise
        return decoded

    item_same = item.same

    def same(value: Any, raw: Any) -> bool:
        return (
            isinstance(raw, dict)
            and value.keys() == raw.keys()
            and all(item_same(element, raw[key]) for key, element in value.items())
        )

    return Codec(
        annotation,
        check,
        encode,
        decode,
        mutable=True,
        embedded=item.embedded,
        same=None if item.same_is_equality else same,
        shape="dict",
        item=item,
        coerce=None if item_coerce is None else coerce,
    )


def _embedded(model: type, resolve: Resolve) -> Codec:

    # The embedded model's generated functions, looked up through ``resolve`` on first use.
    load: Any = None
    dump: Any = None
    same_document: Any = None
    same_since: Any = None

    def check(value: Any) -> bool:
        return isinstance(value, model)

    def encode(value: Any) -> Any:
        nonlocal dump
        if value.__class__ is not model:
            if not isinstance(value, model):
                raise TypeError(
                    f"cannot encode {type(value).__name__} {value!r} as an embedded "
                    f"{model.__qualname__}"
                )
            return resolve(value.__class__).dump(value)
        if dump is None:
            dump = resolve(model).dump
        return dump(value)

    def decode(raw: Any) -> Any:
        nonlocal load
        if not isinstance(raw, Mapping):
            raise Invalid(model, raw, f"expected an embedded {model.__qualname__} document")
        if load is None:
            load = resolve(model).load_embedded
        return load(raw)

    def same(value: Any, raw: Any) -> bool:
        nonlocal same_document
        if value.__class__ is not model:
            if not isinstance(value, model):
                return False
            equal: bool = resolve(value.__class__).same(value, raw)
            return equal
        if same_document is None:
            same_document = resolve(model).same
        same_value: bool = same_document(value, raw)
        return same_value

    def since(value: Any, raw: Any, stamp: int) -> bool:
        nonlocal same_since
        if value.__class__ is not model:
            if not isinstance(value, model):
                return False
            equal: bool = resolve(value.__class__).same(value, raw)
            return equal
        if same_since is None:
            same_since = resolve(model).since
        unchanged: bool = same_since(value, raw, stamp)
        return unchanged

    return Codec(
        model,
        check,
        encode,
        decode,
        mutable=True,
        embedded=model,
        same=same,
        shape="model",
        since=since,
    )


def join_path(parts: list[str]) -> str:
    """``["items", "[2]", "sku"]`` → ``"items[2].sku"``."""
    return ".".join(parts).replace(".[", "[")


def find_misfit(codec: Codec, value: Any) -> tuple[list[str], Codec, Any, str | None]:
    """Where ``value`` does not fit ``codec``: the path inside it (``["[2]"]``), the innermost
    codec that refuses, the value it refuses and the reason, if one can be given."""
    if codec.shape == "optional" and codec.item is not None and value is not None:
        return find_misfit(codec.item, value)
    item = codec.item
    if item is not None and codec.shape == "dict" and isinstance(value, dict):
        for key, element in value.items():
            problem = key_problem(key)
            if problem is not None:
                return [f"[{key!r}]"], codec, value, problem
            if not item.check(element):
                path, leaf, bad, reason = find_misfit(item, element)
                return [f"[{key!r}]", *path], leaf, bad, reason
    elif (
        item is not None
        and codec.shape != "dict"
        and isinstance(value, (list, tuple, set, frozenset))
    ):
        for index, element in enumerate(value):
            if not item.check(element):
                path, leaf, bad, reason = find_misfit(item, element)
                return [f"[{index}]", *path], leaf, bad, reason
    return [], codec, value, codec.reason(value)
