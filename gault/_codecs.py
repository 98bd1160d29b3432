"""Compile a field's annotation, once per class, into a ``Codec``: check, encode, decode.

- ``check(value) -> bool``: the cheap instance-side check (``isinstance`` against precomputed
  types, walking containers); it decides every supported annotation, so typeguard is only
  called to word an error (``explain``).
- ``encode(value)``: instance value → BSON-ready value (fresh containers, never shared).
- ``decode(raw)``: BSON value → instance value (fresh containers); raises ``Invalid`` when the
  raw value does not fit.
- ``fast``: for codecs whose decode is the identity on the common raw type, a Python expression
  template (``"{0}.__class__ is str"``) the generated loaders inline.

Embedded models are found through ``embedded_plan`` (installed by ``gault._plan``) so this module
imports nothing from the rest of gault but ``gault.predicates`` (to unwrap ``Field[T]``).
"""

from __future__ import annotations

import datetime
import decimal
import enum
import types
import typing
import uuid
from collections.abc import Callable
from typing import Any, Literal, Union

from bson.binary import UUID_SUBTYPE, Binary
from bson.decimal128 import Decimal128
from bson.objectid import ObjectId
from typeguard import CollectionCheckStrategy, TypeCheckError, check_type

from gault.predicates import Field

__all__ = ["Codec", "Invalid", "compile_codec", "exact_class", "explain", "is_model_class"]

UTC = datetime.UTC


class Invalid(Exception):
    """A raw value does not fit its field; ``path`` lists attribute names, outermost first."""

    __slots__ = ("expected", "path", "reason", "value")

    def __init__(self, expected: Any, value: Any, reason: str | None = None) -> None:
        super().__init__(expected, value)
        self.expected = expected
        self.value = value
        self.reason = reason
        self.path: list[str] = []


class Codec:
    """How one annotation is checked, encoded to BSON and decoded back."""

    __slots__ = (
        "annotation",
        "check",
        "decode",
        "embedded",
        "encode",
        "fast",
        "item",
        "mutable",
        "same",
        "same_is_equality",
        "shape",
        "since",
    )

    def __init__(
        self,
        annotation: Any,
        check: Callable[[Any], bool],
        encode: Callable[[Any], Any] | None,
        decode: Callable[[Any], Any] | None,
        *,
        fast: str | None = None,
        mutable: bool = False,
        embedded: type | None = None,
        same: Callable[[Any, Any], bool] | None = None,
        shape: str = "other",
        item: Codec | None = None,
        since: Callable[[Any, Any, int], bool] | None = None,
    ) -> None:
        self.annotation = annotation
        self.check = check
        #: ``None`` means the identity (the value is already BSON-ready / already decoded).
        self.encode = encode
        self.decode = decode
        self.fast = fast
        self.mutable = mutable
        self.embedded = embedded
        #: ``same(value, raw)``: whether an instance value equals a stored (raw) value.
        self.same_is_equality = same is None
        self.same = _equal_or_decoded(decode) if same is None else same
        #: ``"model"``, ``"optional"`` or ``"list"`` (with ``item``), else ``"other"``: lets
        #: the generated loaders inline the common shapes.
        self.shape = shape
        self.item = item
        #: ``since(value, raw, stamp)``: ``same`` for a value that equalled ``raw`` at
        #: ``stamp``, trusting assignment stamps (embedded models only; else ``None``).
        self.since = since

    def encode_value(self, value: Any) -> Any:
        """Encode ``value`` (identity codecs return it unchanged)."""
        return value if self.encode is None else self.encode(value)

    def decode_value(self, raw: Any) -> Any:
        """Decode ``raw``; identity codecs only check it."""
        if self.decode is None:
            if not self.check(raw):
                raise Invalid(self.annotation, raw)
            return raw
        return self.decode(raw)


def _equal_or_decoded(decode: Callable[[Any], Any] | None) -> Callable[[Any, Any], bool]:
    """``same`` for codecs whose values mostly equal their raw form: ``==``, then decode."""

    def same(value: Any, raw: Any) -> bool:
        if value == raw:
            return True
        if decode is None:
            return False
        try:
            return bool(decode(raw) == value)
        except Invalid:
            return False

    return same


def is_model_class(tp: Any) -> bool:
    """Whether ``tp`` is a gault model class (built by the model metaclass)."""
    return isinstance(tp, type) and "__gault_declared__" in getattr(tp, "__dict__", {})


def explain(annotation: Any, value: Any) -> str | None:
    """Word why ``value`` does not fit ``annotation`` (typeguard's message), if it can."""
    try:
        check_type(value, annotation, collection_check_strategy=CollectionCheckStrategy.ALL_ITEMS)
    except TypeCheckError as error:
        return str(error)
    except Exception:  # noqa: BLE001 - typeguard cannot check it: gault words the error
        return None
    return None


def type_name(annotation: Any) -> str:
    """Readable name of an annotation: ``int``, ``list[str]``, ``Address``."""
    if isinstance(annotation, type) and not typing.get_args(annotation):
        return annotation.__qualname__
    return repr(annotation).replace("typing.", "")


#: Scalars whose decode is the identity on the exact class pymongo returns.
_IDENTITY_SCALARS: tuple[type, ...] = (str, int, bool, bytes, ObjectId, Decimal128, Binary)


def compile_codec(annotation: Any, where: str) -> Codec:
    """Compile ``annotation`` into a ``Codec``; ``where`` (``"User.age"``) names it in errors."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return compile_codec(args[0], where)
    if isinstance(origin, type) and issubclass(origin, Field):
        return compile_codec(args[0] if args else Any, where)
    if annotation is Any or annotation is object:
        return Codec(annotation, _accept_any, _encode_any, _copy_any, mutable=True)
    if annotation is None or annotation is type(None):
        return Codec(type(None), _is_none, None, None, fast="{0} is None")
    if origin is Literal:
        return _literal(annotation, args, where)
    if origin is Union or origin is types.UnionType:
        return _union(annotation, args, where)
    if origin in (list, set, frozenset) or annotation in (list, set, frozenset):
        container = origin or annotation
        item = compile_codec(args[0] if args else Any, where)
        return _collection(annotation, container, item)
    if origin is tuple or annotation is tuple:
        return _tuple(annotation, args, where)
    if origin is dict or annotation is dict:
        if args and args[0] is not str:
            raise TypeError(f"{where}: dict keys must be str (BSON keys), got {args[0]!r}")
        return _dict(annotation, compile_codec(args[1] if args else Any, where))
    if not isinstance(annotation, type):
        raise TypeError(f"{where}: unsupported field type {annotation!r}")
    if is_model_class(annotation):
        return _embedded(annotation)
    if issubclass(annotation, enum.Enum):
        return _enum(annotation)
    scalar = _scalar(annotation)
    if scalar is not None:
        return scalar
    if annotation.__module__.split(".")[0] == "bson":
        return Codec(annotation, _isinstance(annotation), None, None)
    raise TypeError(
        f"{where}: unsupported field type {annotation.__qualname__}; use a BSON type, a gault "
        "Model, or a container of them"
    )


def _isinstance(kind: type | tuple[type, ...]) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, kind)

    return check


def _is_none(value: Any) -> bool:
    return value is None


def _accept_any(value: Any) -> bool:
    return True


def _scalar(annotation: type) -> Codec | None:
    if annotation is float:
        return Codec(float, _isinstance((int, float)), None, None, fast="{0}.__class__ is float")
    if annotation is datetime.datetime:
        return Codec(
            annotation,
            _isinstance(datetime.datetime),
            None,
            _decode_datetime,
            fast="{0}.__class__ is datetime and {0}.tzinfo is not None",
        )
    if annotation is datetime.date:
        return Codec(annotation, _is_date, _encode_date, _decode_date)
    if annotation is decimal.Decimal:
        return Codec(annotation, _isinstance(decimal.Decimal), Decimal128, _decode_decimal)
    if annotation is uuid.UUID:
        return Codec(annotation, _isinstance(uuid.UUID), Binary.from_uuid, _decode_uuid)
    if annotation in _IDENTITY_SCALARS:
        fast = "{0}.__class__ is " + annotation.__name__
        return Codec(annotation, _isinstance(annotation), None, None, fast=fast)
    return None


def _decode_datetime(raw: Any) -> datetime.datetime:
    if not isinstance(raw, datetime.datetime):
        raise Invalid(datetime.datetime, raw)
    return raw if raw.tzinfo is not None else raw.replace(tzinfo=UTC)


def _is_date(value: Any) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _encode_date(value: datetime.date) -> datetime.datetime:
    return datetime.datetime(value.year, value.month, value.day, tzinfo=UTC)


def _decode_date(raw: Any) -> datetime.date:
    if not isinstance(raw, datetime.datetime):
        raise Invalid(datetime.date, raw)
    moment: datetime.datetime = raw if raw.tzinfo is None else raw.astimezone(UTC)
    return moment.date()


def _decode_decimal(raw: Any) -> decimal.Decimal:
    if isinstance(raw, Decimal128):
        return raw.to_decimal()
    if isinstance(raw, decimal.Decimal):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return decimal.Decimal(raw)
    raise Invalid(decimal.Decimal, raw)


def _decode_uuid(raw: Any) -> uuid.UUID:
    if isinstance(raw, uuid.UUID):
        return raw
    if isinstance(raw, Binary) and raw.subtype == UUID_SUBTYPE:
        return raw.as_uuid()
    raise Invalid(uuid.UUID, raw, "expected UUID (BSON binary subtype 4)")


def _encode_any(value: Any) -> Any:
    """Encode a value of an ``Any`` field: containers walked, models dumped."""
    kind = value.__class__
    if kind in _PLAIN:
        return value
    if isinstance(value, dict):
        return {key: _encode_any(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_encode_any(item) for item in value]
    if is_model_class(kind):
        from gault._plan import plan_of

        return plan_of(kind).dump(value)
    if isinstance(value, enum.Enum):
        return _encode_any(value.value)
    if isinstance(value, uuid.UUID):
        return Binary.from_uuid(value)
    if isinstance(value, decimal.Decimal):
        return Decimal128(value)
    if _is_date(value):
        return _encode_date(value)
    return value


_PLAIN: frozenset[type] = frozenset(
    {str, int, float, bool, bytes, type(None), ObjectId, datetime.datetime, Decimal128}
)


def _copy_any(raw: Any) -> Any:
    """Decode a value of an ``Any`` field: containers copied, never shared with the document."""
    if isinstance(raw, dict):
        return {key: _copy_any(item) for key, item in raw.items()}
    if isinstance(raw, list):
        return [_copy_any(item) for item in raw]
    return raw


def _literal(annotation: Any, values: tuple[Any, ...], where: str) -> Codec:
    encoded = [(value.value if isinstance(value, enum.Enum) else value) for value in values]
    for raw in encoded:
        if not isinstance(raw, (str, int, bool, bytes, type(None))):
            raise TypeError(f"{where}: unsupported Literal value {raw!r}")
    pairs = list(zip(values, encoded, strict=True))

    def check(value: Any) -> bool:
        return any(
            value is item or (type(value) is type(item) and value == item) for item in values
        )

    def encode(value: Any) -> Any:
        return value.value if isinstance(value, enum.Enum) else value

    def decode(raw: Any) -> Any:
        for value, raw_value in pairs:
            if type(raw) is type(raw_value) and raw == raw_value:
                return value
        raise Invalid(annotation, raw)

    return Codec(annotation, check, encode, decode)


def _union(annotation: Any, args: tuple[Any, ...], where: str) -> Codec:
    members = [arg for arg in args if arg is not type(None)]
    optional = len(members) < len(args)
    codecs = [compile_codec(member, where) for member in members]
    mutable = any(codec.mutable for codec in codecs)
    embedded = next((codec.embedded for codec in codecs if codec.embedded), None)
    if optional and len(codecs) == 1:
        return _optional(annotation, codecs[0])

    def check(value: Any) -> bool:
        return (optional and value is None) or any(codec.check(value) for codec in codecs)

    def encode(value: Any) -> Any:
        for codec in codecs:
            if codec.check(value):
                return codec.encode_value(value)
        return value

    def decode(raw: Any) -> Any:
        if optional and raw is None:
            return None
        for codec in codecs:
            try:
                return codec.decode_value(raw)
            except Invalid:
                continue
        raise Invalid(annotation, raw)

    return Codec(annotation, check, encode, decode, mutable=mutable, embedded=embedded)


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

    return Codec(
        annotation,
        check,
        None if inner_encode is None else encode,
        None if inner.decode is None else decode,
        fast=None if inner.fast is None else "({0} is None or " + inner.fast + ")",
        mutable=inner.mutable,
        embedded=inner.embedded,
        same=None if inner.same_is_equality else same,
        shape="optional",
        item=inner,
        since=None if inner_since is None else since,
    )


def _collection(annotation: Any, container: type[Any], item: Codec) -> Codec:
    item_check, item_encode = item.check, item.encode
    exact = exact_class(item)

    def check(value: Any) -> bool:
        if not isinstance(value, container):
            return False
        if exact is not None:
            return all(element.__class__ is exact or item_check(element) for element in value)
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
        try:
            return container(item_decode(element) for element in raw)
        except Invalid as error:
            if not error.path:
                raise Invalid(annotation, raw, f"item {error.value!r}: {error.reason or ''}")
            raise

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
    )


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


def exact_class(codec: Codec) -> type | None:
    """The one raw class for which ``codec``'s decode is the identity, if there is one."""
    if codec.decode is None and codec.fast is not None and codec.fast.startswith("{0}.__class__"):
        kind = codec.annotation
        return kind if isinstance(kind, type) else None
    return None


def _tuple(annotation: Any, args: tuple[Any, ...], where: str) -> Codec:
    if not args or (len(args) == 2 and args[1] is Ellipsis):
        item = compile_codec(args[0] if args else Any, where)
        inner = _collection(annotation, tuple, item)
        return Codec(
            annotation,
            inner.check,
            inner.encode,
            inner.decode,
            mutable=item.mutable,
            embedded=item.embedded,
            same=None if inner.same_is_equality else inner.same,
        )
    if args == ((),):
        args = ()
    codecs = [compile_codec(arg, where) for arg in args]

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

    mutable = any(codec.mutable for codec in codecs)
    return Codec(annotation, check, encode, decode, mutable=mutable)


def _dict(annotation: Any, item: Codec) -> Codec:
    item_check, item_encode, item_decode = item.check, item.encode, item.decode_value

    def check(value: Any) -> bool:
        return isinstance(value, dict) and all(
            isinstance(key, str) and item_check(element) for key, element in value.items()
        )

    if item_encode is None:

        def encode(value: Any) -> Any:
            return dict(value)

    else:

        def encode(value: Any) -> Any:
            return {key: item_encode(element) for key, element in value.items()}

    def decode(raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise Invalid(annotation, raw)
        try:
            return {key: item_decode(element) for key, element in raw.items()}
        except Invalid as error:
            if not error.path:
                raise Invalid(annotation, raw, f"value {error.value!r}: {error.reason or ''}")
            raise

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
    )


def _embedded(model: type) -> Codec:
    from gault._plan import plan_of

    load: Callable[[Any], Any] | None = None
    dump: Callable[[Any], Any] | None = None
    same_document: Callable[[Any, Any], bool] | None = None
    same_since: Callable[[Any, Any, int], bool] | None = None

    def check(value: Any) -> bool:
        return isinstance(value, model)

    def encode(value: Any) -> Any:
        nonlocal dump
        if value.__class__ is not model:
            return plan_of(value.__class__).dump(value)
        if dump is None:
            dump = plan_of(model).dump
        return dump(value)

    def decode(raw: Any) -> Any:
        nonlocal load
        if not isinstance(raw, dict):
            raise Invalid(model, raw, f"expected an embedded {model.__qualname__} document")
        if load is None:
            load = plan_of(model).load_embedded
        return load(raw)

    def same(value: Any, raw: Any) -> bool:
        nonlocal same_document
        if value.__class__ is not model:
            return plan_of(value.__class__).same(value, raw)
        if same_document is None:
            same_document = plan_of(model).same
        return same_document(value, raw)

    def since(value: Any, raw: Any, stamp: int) -> bool:
        nonlocal same_since
        if value.__class__ is not model:
            return plan_of(value.__class__).same(value, raw)
        if same_since is None:
            same_since = plan_of(model).since
        return same_since(value, raw, stamp)

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


def _enum(kind: type[enum.Enum]) -> Codec:
    def encode(value: enum.Enum) -> Any:
        return value.value

    def decode(raw: Any) -> Any:
        try:
            return kind(raw)
        except ValueError:
            raise Invalid(kind, raw) from None

    return Codec(kind, _isinstance(kind), encode, decode)
