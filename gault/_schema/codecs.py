"""``Codec``: how one field type is checked, encoded to BSON and decoded back; leaf codecs.

- ``check(value) -> bool``: the cheap instance-side check (``isinstance`` against precomputed
  types, walking containers); it decides every supported annotation, so typeguard is only
  called to word an error (``explain``).
- ``encode(value)``: instance value → BSON-ready value (fresh containers, never shared).
- ``decode(raw)``: BSON value → instance value (fresh containers); raises ``Invalid`` when the
  raw value does not fit.
- ``same(value, raw)``: the value equals a stored one (dirty detection).
- ``coerce(value)``: the value as MongoDB stores it, for codecs holding datetimes (milliseconds:
  finer digits are truncated on the way in, see ``truncate_datetime``); ``None`` elsewhere.
- ``trusted``: the class whose every instance fits (construction and assignment skip the check).
- ``reason(value)``: why a value ``check`` refused does not fit (``int`` range, Decimal128
  digits, unencodable strings and keys), or ``None`` when it is only of the wrong type.
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
import re
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from bson.binary import UUID_SUBTYPE, Binary
from bson.decimal128 import Decimal128
from bson.objectid import ObjectId
from typeguard import CollectionCheckStrategy, TypeCheckError, check_type

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "Codec",
    "Invalid",
    "Resolve",
    "any_codec",
    "bson_problem",
    "enum_codec",
    "exact_class",
    "explain",
    "is_decimal128",
    "is_encodable_str",
    "is_int64",
    "is_model_class",
    "key_problem",
    "literal_codec",
    "none_codec",
    "same_kinds",
    "scalar_codec",
    "strict_same",
    "truncate_datetime",
    "type_name",
]

UTC = datetime.UTC

#: The range of a BSON int64 (what an ``int`` field holds).
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


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
        "coerce",
        "decode",
        "embedded",
        "encode",
        "exact",
        "item",
        "mutable",
        "nullable",
        "reason",
        "same",
        "same_is_equality",
        "shape",
        "since",
        "trusted",
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
        coerce: Callable[[Any], Any] | None = None,
        trusted: type | None = None,
        reason: Callable[[Any], str | None] | None = None,
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
        #: ``coerce(value)``: a fitting value as MongoDB stores it (``None``: already is).
        self.coerce = coerce
        #: A class whose every instance fits (``None``: always call ``check``).
        self.trusted = trusted
        #: ``reason(value)``: why a refused value does not fit, beyond its type, if it can say.
        self.reason = _no_reason if reason is None else reason

    def encode_value(self, value: Any) -> Any:
        """Encode ``value`` (identity codecs return it unchanged)."""
        return value if self.encode is None else self.encode(value)

    def decode_value(self, raw: Any) -> Any:
        """Decode ``raw``; identity codecs only check it."""
        if self.decode is None:
            if not self.check(raw):
                raise Invalid(self.annotation, raw, self.reason(raw))
            return raw
        return self.decode(raw)


def _no_reason(value: Any) -> str | None:
    return None


def same_kinds(value: Any, raw: Any) -> bool:
    """Whether two equal values are also stored alike where Python's ``==`` hides it: a bool
    is not a number in MongoDB (``True == 1`` in Python; ``{flag: true}`` never matches a stored
    ``1``), containers compared item by item."""
    if value.__class__ is bool or raw.__class__ is bool:
        return value.__class__ is raw.__class__
    if isinstance(value, dict) and isinstance(raw, dict):
        return all(same_kinds(item, raw[key]) for key, item in value.items())
    if isinstance(value, list | tuple) and isinstance(raw, list | tuple):
        return all(map(same_kinds, value, raw))
    return True


def strict_same(decode: Callable[[Any], Any]) -> Callable[[Any, Any], bool]:
    """``same`` for codecs that hold both bools and numbers (unions, ``Any``): equal, and
    stored alike (``same_kinds``)."""

    def same(value: Any, raw: Any) -> bool:
        if value == raw:
            return same_kinds(value, raw)
        try:
            decoded = decode(raw)
        except Invalid:
            return False
        return bool(decoded == value) and same_kinds(value, decoded)

    return same


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
    """Readable name of an annotation: ``int``, ``list[str]``, ``Address | None``."""
    if annotation is type(None) or annotation is None:
        return "None"
    args = typing.get_args(annotation)
    if isinstance(annotation, type) and not args:
        return annotation.__qualname__
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(type_name(arg) for arg in args)
    if origin is not None and origin is not typing.Literal and args:
        inner = ", ".join("..." if arg is Ellipsis else type_name(arg) for arg in args)
        return f"{getattr(origin, '__qualname__', None) or type_name(origin)}[{inner}]"
    return repr(annotation).replace("typing.", "")


#: Scalars whose decode is the identity on the exact class pymongo returns.
_IDENTITY_SCALARS: tuple[type, ...] = (bool, bytes, ObjectId, Decimal128, Binary)


def _isinstance(kind: type | tuple[type, ...]) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, kind)

    return check


def _is_none(value: Any) -> bool:
    return value is None


def _accept_any(value: Any) -> bool:
    return True


def scalar_codec(annotation: type) -> Codec | None:
    """The codec of a scalar type (``str``, ``datetime``, ``UUID``, bson types...), if it is one.

    ``bool`` is not an ``int`` or a ``float`` here; an ``int`` is an int64; a ``Decimal`` fits
    Decimal128; a ``str`` encodes to UTF-8 (no lone surrogates).
    """
    if annotation is int:
        return Codec(int, is_int64, None, None, exact=int, reason=_int_reason)
    if annotation is float:
        return Codec(float, _is_float, None, None, exact=float, trusted=float, reason=_int_reason)
    if annotation is str:
        return Codec(str, is_encodable_str, None, None, exact=str, reason=_str_reason)
    if annotation is datetime.datetime:
        return Codec(
            annotation,
            _is_storable_datetime,
            None,
            _decode_datetime,
            exact=datetime.datetime,
            tz_aware=True,
            coerce=truncate_datetime,
            reason=_datetime_reason,
        )
    if annotation is datetime.date:
        return Codec(annotation, _is_date, _encode_date, _decode_date)
    if annotation is decimal.Decimal:
        return Codec(annotation, is_decimal128, Decimal128, _decode_decimal, reason=_decimal_reason)
    if annotation is uuid.UUID:
        return Codec(annotation, _isinstance(uuid.UUID), Binary.from_uuid, _decode_uuid)
    if annotation in _IDENTITY_SCALARS:
        return Codec(
            annotation, _isinstance(annotation), None, None, exact=annotation, trusted=annotation
        )
    if annotation.__module__.split(".")[0] == "bson":
        return Codec(annotation, _isinstance(annotation), None, None, trusted=annotation)
    return None


def is_int64(value: Any) -> bool:
    """An ``int`` (not a ``bool``) within BSON's int64 range."""
    if value.__class__ is not int and (not isinstance(value, int) or isinstance(value, bool)):
        return False
    return INT64_MIN <= value <= INT64_MAX


def _is_float(value: Any) -> bool:
    if value.__class__ is float:
        return True
    return isinstance(value, float) or is_int64(value)


def _int_reason(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"out of the int64 range [{INT64_MIN}, {INT64_MAX}]"
    if isinstance(value, bool):
        return "a bool is not a number here"
    return None


def is_encodable_str(value: Any) -> bool:
    """A ``str`` that encodes to UTF-8 (BSON strings): no lone surrogates."""
    if value.__class__ is not str and not isinstance(value, str):
        return False
    if value.isascii():
        return True
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def _str_reason(value: Any) -> str | None:
    if isinstance(value, str):
        return "not encodable as UTF-8 (a lone surrogate)"
    return None


def key_problem(key: Any) -> str | None:
    """Why ``key`` cannot be a document key of a ``dict`` field, or ``None`` when it can.

    ``$``-leading and dotted keys are kept: MongoDB stores them in embedded documents, and
    gault always writes a ``dict`` field whole (``$set`` of the value, never a path per key).
    """
    if not isinstance(key, str):
        return f"key {key!r} is not a str"
    if not is_encodable_str(key):
        return f"key {key!r} is not encodable as UTF-8 (a lone surrogate)"
    if "\x00" in key:
        return f"key {key!r} contains a NUL character"
    return None


def bson_problem(value: Any, path: str = "") -> tuple[str, Any, str] | None:
    """Where a value of an ``Any`` field cannot be stored (a path, the part, why), or ``None``:
    an int outside int64, an unencodable string, a key that is not a str or holds a NUL, a
    Decimal outside Decimal128, a datetime outside years 1-9999 in UTC, a value of a type BSON
    has no form for (an enum by its value)."""
    if isinstance(value, str):
        return None if is_encodable_str(value) else (path, value, _str_reason(value) or "")
    if isinstance(value, int) and not isinstance(value, bool):
        return None if is_int64(value) else (path, value, _int_reason(value) or "")
    if isinstance(value, decimal.Decimal):
        return None if is_decimal128(value) else (path, value, _decimal_reason(value) or "")
    if isinstance(value, datetime.datetime):
        return (
            None if _is_storable_datetime(value) else (path, value, _datetime_reason(value) or "")
        )
    if isinstance(value, Mapping):
        for key, item in value.items():
            problem = key_problem(key)
            if problem is not None:
                return path, value, problem
            found = bson_problem(item, f"{path}[{key!r}]")
            if found is not None:
                return found
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            found = bson_problem(item, f"{path}[{index}]")
            if found is not None:
                return found
    elif isinstance(value, enum.Enum):
        return bson_problem(value.value, path)
    elif not _storable_as_is(value):
        return path, value, f"{type(value).__qualname__} is not a BSON type"
    return None


#: What an ``Any`` field stores as it is, beside containers, enums and models (and ``bson``'s
#: own types: ``Int64``, ``Timestamp``, ``Regex``, ``Code``...).
_STORABLE: tuple[type, ...] = (
    float,
    bool,
    bytes,
    type(None),
    datetime.date,
    uuid.UUID,
    re.Pattern,
)


def _storable_as_is(value: Any) -> bool:
    kind = value.__class__
    return (
        isinstance(value, _STORABLE)
        or kind.__module__.split(".")[0] == "bson"
        or is_model_class(kind)
    )


def _is_storable_datetime(value: Any) -> bool:
    """A ``datetime`` whose UTC moment is within years 1-9999 (what BSON stores and loads)."""
    if not isinstance(value, datetime.datetime):
        return False
    if value.tzinfo is None or value.tzinfo is UTC:
        return True
    try:
        value.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _datetime_reason(value: Any) -> str | None:
    if isinstance(value, datetime.datetime):
        return "its UTC moment is outside years 1-9999, which BSON cannot store"
    return None


def is_decimal128(value: Any) -> bool:
    """A ``Decimal`` that Decimal128 stores (not a signaling NaN, which cannot be compared)."""
    if not isinstance(value, decimal.Decimal) or value.is_snan():
        return False
    try:
        Decimal128(value)
    except decimal.DecimalException:
        return False
    return True


def _decimal_reason(value: Any) -> str | None:
    if isinstance(value, decimal.Decimal) and value.is_snan():
        return "a signaling NaN cannot be compared (use Decimal('NaN'))"
    if isinstance(value, decimal.Decimal):
        return "does not fit Decimal128 (at most 34 digits, exponent from -6176 to 6111)"
    return None


def truncate_datetime(value: datetime.datetime) -> datetime.datetime:
    """``value`` as MongoDB stores it and gault loads it back: milliseconds (finer digits
    truncated), timezone-aware (a naive datetime is taken as UTC, as PyMongo writes it)."""
    micro = value.microsecond
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if micro % 1000 == 0:
        return value
    return value.replace(microsecond=micro - micro % 1000)


def any_codec(annotation: Any, resolve: Resolve) -> Codec:
    """The codec of ``Any``/``object``: containers walked (models dumped through their plan,
    from ``resolve``), copied on load."""

    def encode(value: Any) -> Any:
        return _encode_any(value, resolve)

    return Codec(
        annotation, _accept_any, encode, _copy_any, mutable=True, same=strict_same(_copy_any)
    )


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
        value = raw.to_decimal()
        if value.is_snan():
            raise Invalid(decimal.Decimal, raw, _decimal_reason(value))
        return value
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
    if isinstance(value, Mapping):
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
    """Decode a value of an ``Any`` field: containers copied, never shared with the document;
    a Decimal128 loads as the ``Decimal`` and a UUID binary (subtype 4) as the ``UUID`` that
    ``_encode_any`` stored them from."""
    if isinstance(raw, dict):
        return {key: _copy_any(item) for key, item in raw.items()}
    if isinstance(raw, list):
        return [_copy_any(item) for item in raw]
    if raw.__class__ is Decimal128:
        return raw.to_decimal()
    if raw.__class__ is Binary and raw.subtype == UUID_SUBTYPE:
        return raw.as_uuid()
    return raw


def literal_codec(annotation: Any, values: tuple[Any, ...], where: str) -> Codec:
    """The codec of ``Literal[...]`` (str, int, bool, bytes, None or Enum values)."""
    encoded = [(value.value if isinstance(value, enum.Enum) else value) for value in values]
    for raw in encoded:
        if not isinstance(raw, (str, int, bool, bytes, type(None))):
            raise TypeError(f"{where}: unsupported Literal value {raw!r}")
    pairs = [(value, raw, _literal_kind(raw)) for value, raw in zip(values, encoded, strict=True)]

    def check(value: Any) -> bool:
        return any(
            value is item or (type(value) is type(item) and value == item) for item in values
        )

    def encode(value: Any) -> Any:
        return value.value if isinstance(value, enum.Enum) else value

    def decode(raw: Any) -> Any:
        kind = _literal_kind(raw)
        for value, raw_value, raw_kind in pairs:
            if kind is raw_kind and raw == raw_value:
                return value
        raise Invalid(annotation, raw)

    return Codec(annotation, check, encode, decode)


def _literal_kind(raw: Any) -> type:
    """The class a stored literal value is matched by: ``int`` for any int but a bool (PyMongo
    may load an int64 as ``bson.Int64``), else its own class."""
    return int if isinstance(raw, int) and not isinstance(raw, bool) else type(raw)


def exact_class(codec: Codec) -> type | None:
    """The one raw class for which ``codec``'s decode is the identity, if there is one."""
    if codec.decode is None and codec.exact is not None and codec.exact is not type(None):
        return codec.exact
    return None


#: The classes an ``Enum`` field's member values may have (stored as they are, loaded back).
_ENUM_VALUES: tuple[type, ...] = (str, int, float, bool, bytes, type(None))


def enum_codec(kind: type[enum.Enum], where: str) -> Codec:
    """The codec of an ``Enum`` subclass: stored by value (``TypeError`` naming ``where`` for a
    member whose value BSON cannot store and load back as it is)."""
    for member in kind:
        value = member.value
        if not isinstance(value, _ENUM_VALUES) or bson_problem(value) is not None:
            raise TypeError(
                f"{where}: {kind.__qualname__}.{member.name} has the value {value!r}, which BSON "
                "cannot store as it is (enum values are str, int, float, bool, bytes or None)"
            )

    def encode(value: enum.Enum) -> Any:
        return value.value

    def decode(raw: Any) -> Any:
        try:
            return kind(raw)
        except ValueError:
            raise Invalid(kind, raw) from None

    return Codec(kind, _isinstance(kind), encode, decode)
