"""``Codec``: how one field type is checked, encoded to BSON and decoded back; leaf codecs.

- ``check(value) -> bool``: the cheap instance-side check (``isinstance`` against precomputed
  types, walking containers); it decides every supported annotation, so typeguard is only
  called to word an error (``explain``).
- ``encode(value)``: instance value → BSON-ready value (fresh containers, never shared).
- ``decode(raw)``: BSON value → instance value (fresh containers); raises ``Invalid`` when the
  raw value does not fit.
- ``same(value, raw)``: the value equals a stored one (dirty detection).
- ``exact`` and ``tz_aware``: data for the generated loaders (``gault._schema.codegen`` writes
  the source): ``exact`` is the one raw class taken as is on the common path (``str`` for
  ``str``, ``float`` for ``float``, ``NoneType`` for ``None``), ``tz_aware`` asks that a
  datetime also carry a ``tzinfo`` there; ``nullable`` (with ``item``) describes
  ``X | None``, and ``shape``/``item`` lists and embedded models.

This module holds the leaf codecs (scalars, ``Any``, ``Literal``, enums); ``gault._schema.annotations``
compiles whole annotations (unions, containers, embedded models). Imports nothing from gault.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import typing
import uuid
from collections.abc import Callable
from typing import Any

from bson.binary import UUID_SUBTYPE, Binary
from bson.decimal128 import Decimal128
from bson.objectid import ObjectId
from typeguard import CollectionCheckStrategy, TypeCheckError, check_type

__all__ = [
    "Codec",
    "Invalid",
    "Resolve",
    "any_codec",
    "enum_codec",
    "exact_class",
    "explain",
    "is_model_class",
    "literal_codec",
    "none_codec",
    "scalar_codec",
    "type_name",
]

UTC = datetime.UTC


#: ``resolve(model)``: the plan of a model class (``gault._schema.plan.plan_of``), injected by
#: the caller so that codecs never import the plans.
Resolve = Callable[[type], Any]


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
        "exact",
        "item",
        "mutable",
        "nullable",
        "same",
        "same_is_equality",
        "shape",
        "since",
        "tz_aware",
    )

    def __init__(
        self,
        annotation: Any,
        check: Callable[[Any], bool],
        encode: Callable[[Any], Any] | None,
        decode: Callable[[Any], Any] | None,
        *,
        exact: type | None = None,
        tz_aware: bool = False,
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
        #: The raw class the generated loaders accept as is (``None``: always decode/check).
        self.exact = exact
        #: With ``exact``: the value must also carry a ``tzinfo`` (aware datetimes).
        self.tz_aware = tz_aware
        self.mutable = mutable
        self.embedded = embedded
        #: ``same(value, raw)``: whether an instance value equals a stored (raw) value.
        self.same_is_equality = same is None
        self.same = _equal_or_decoded(decode) if same is None else same
        #: ``"model"``, ``"optional"`` or ``"list"`` (with ``item``), else ``"other"``: lets
        #: the generated loaders inline the common shapes.
        self.shape = shape
        self.item = item
        #: ``X | None``: ``None`` is taken as is, anything else goes to ``item``.
        self.nullable = shape == "optional"
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


def _isinstance(kind: type | tuple[type, ...]) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, kind)

    return check


def _is_none(value: Any) -> bool:
    return value is None


def _accept_any(value: Any) -> bool:
    return True


def scalar_codec(annotation: type) -> Codec | None:
    """The codec of a scalar type (``str``, ``datetime``, ``UUID``, bson types...), if it is one."""
    if annotation is float:
        return Codec(float, _isinstance((int, float)), None, None, exact=float)
    if annotation is datetime.datetime:
        return Codec(
            annotation,
            _isinstance(datetime.datetime),
            None,
            _decode_datetime,
            exact=datetime.datetime,
            tz_aware=True,
        )
    if annotation is datetime.date:
        return Codec(annotation, _is_date, _encode_date, _decode_date)
    if annotation is decimal.Decimal:
        return Codec(annotation, _isinstance(decimal.Decimal), Decimal128, _decode_decimal)
    if annotation is uuid.UUID:
        return Codec(annotation, _isinstance(uuid.UUID), Binary.from_uuid, _decode_uuid)
    if annotation in _IDENTITY_SCALARS:
        return Codec(annotation, _isinstance(annotation), None, None, exact=annotation)
    if annotation.__module__.split(".")[0] == "bson":
        return Codec(annotation, _isinstance(annotation), None, None)
    return None


def any_codec(annotation: Any, resolve: Resolve) -> Codec:
    """The codec of ``Any``/``object``: containers walked (models dumped through their plan,
    from ``resolve``), copied on load."""

    def encode(value: Any) -> Any:
        return _encode_any(value, resolve)

    return Codec(annotation, _accept_any, encode, _copy_any, mutable=True)


def none_codec() -> Codec:
    """The codec of ``None``."""
    return Codec(type(None), _is_none, None, None, exact=type(None))


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


def _encode_any(value: Any, resolve: Resolve) -> Any:
    """Encode a value of an ``Any`` field: containers walked, models dumped."""
    kind = value.__class__
    if kind in _PLAIN:
        return value
    if isinstance(value, dict):
        return {key: _encode_any(item, resolve) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_encode_any(item, resolve) for item in value]
    if is_model_class(kind):
        return resolve(kind).dump(value)
    if isinstance(value, enum.Enum):
        return _encode_any(value.value, resolve)
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


def literal_codec(annotation: Any, values: tuple[Any, ...], where: str) -> Codec:
    """The codec of ``Literal[...]`` (str, int, bool, bytes, None or Enum values)."""
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


def exact_class(codec: Codec) -> type | None:
    """The one raw class for which ``codec``'s decode is the identity, if there is one."""
    if codec.decode is None and codec.exact is not None and codec.exact is not type(None):
        return codec.exact
    return None


def enum_codec(kind: type[enum.Enum]) -> Codec:
    """The codec of an ``Enum`` subclass: stored by value."""

    def encode(value: enum.Enum) -> Any:
        return value.value

    def decode(raw: Any) -> Any:
        try:
            return kind(raw)
        except ValueError:
            raise Invalid(kind, raw) from None

    return Codec(kind, _isinstance(kind), encode, decode)
