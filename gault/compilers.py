"""Compile gault objects and Python values to MQL: the bottom layer of the library.

- ``compile_field``: a field name or reference → ``"dotted.path"`` (a key).
- ``compile_path``: the same as an expression → ``"$dotted.path"``.
- ``compile_expression``: an aggregation expression (operators, references, literals,
  containers of them) → MQL.
- ``compile_value``: a query *literal*: never interpreted as an operator or a path.
- ``compile_query``: a predicate, raw dict, or expression → a query document.

Imports only ``gault.exceptions`` and ``gault.interfaces``.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import re
import uuid
from collections.abc import Mapping
from typing import Any, TypeAlias

import bson

from gault.exceptions import CompilationError
from gault.interfaces import AsRef, ExpressionOperator, QueryPredicate

__all__ = [
    "CompilationError",
    "compile_expression",
    "compile_expression_multi",
    "compile_field",
    "compile_path",
    "compile_query",
    "compile_value",
]

#: The compile context of gault 0.14. Every compile function still takes it (positionally or
#: as ``context=``) so that 0.14 callers keep working; compiling needs no context, so it is
#: ignored.
Context: TypeAlias = Mapping[str, Any] | None

#: Values sent to MongoDB as they are (bson encodes them natively).
SCALAR_TYPES: frozenset[type] = frozenset(
    {
        type(None),
        bool,
        int,
        float,
        str,
        bytes,
        datetime.datetime,
        re.Pattern,
        bson.ObjectId,
        bson.Decimal128,
        bson.Int64,
        bson.Regex,
        bson.Binary,
        bson.Timestamp,
        bson.Code,
        bson.MinKey,
        bson.MaxKey,
        bson.DBRef,
    }
)


def compile_field(value: str | AsRef, context: Context = None) -> str:
    """Return the document path named by ``value`` (``"a.b"``), without a ``$`` prefix."""
    if isinstance(value, str):
        if value.startswith("$"):
            raise CompilationError(
                f"field name {value!r} starts with '$': give the field name without it", value
            )
        return value
    if isinstance(value, AsRef):
        return value.compile_field()
    raise CompilationError(
        f"expected a field name (str) or a field reference, got {type(value).__name__} {value!r}",
        value,
    )


def compile_path(value: str | AsRef, context: Context = None) -> str:
    """Return ``value`` as a field-path expression (``"$a.b"``); a ``$`` string is kept."""
    if isinstance(value, str):
        return value if value.startswith("$") else "$" + value
    if isinstance(value, AsRef):
        compiled = value.compile_expression()
        if isinstance(compiled, str):
            return compiled
    raise CompilationError(
        f"expected a field path (str) or a field reference, got {type(value).__name__} {value!r}",
        value,
    )


def compile_expression(value: Any, context: Context = None) -> Any:
    """Compile an aggregation expression: operators, references, literals and containers."""
    kind = type(value)
    if kind in SCALAR_TYPES:
        return value
    if isinstance(value, (ExpressionOperator, AsRef)):
        return value.compile_expression()
    if isinstance(value, Mapping):
        return {_key(key): compile_expression(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [compile_expression(item) for item in value]
    return _compile_other(value, compile_expression)


def compile_expression_multi(*values: Any, context: Context = None) -> list[Any]:
    """Compile several expressions to a list: ``f(a, b)`` and ``f([a, b])`` give ``[a', b']``."""
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = tuple(values[0])
    return [compile_expression(value) for value in values]


def compile_value(value: Any) -> Any:
    """Compile a query literal: containers are walked, nothing becomes an operator or path."""
    kind = type(value)
    if kind in SCALAR_TYPES:
        return value
    if isinstance(value, Mapping):
        return {_key(key): compile_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [compile_value(item) for item in value]
    if isinstance(value, (AsRef, ExpressionOperator, QueryPredicate)):
        raise CompilationError(
            f"{value!r} cannot be used as a literal value; to compare two fields write "
            "User.a < User.b (compiles to $expr)",
            value,
        )
    return _compile_other(value, compile_value)


#: Predicate classes already seen by ``compile_query``: a set lookup skips the ABC check.
_PREDICATE_TYPES: set[type] = set()


def compile_query(value: Any, context: Context = None) -> dict[str, Any]:
    """Compile a filter: a predicate, a raw query ``dict`` (kept as is), an expression, or None."""
    if type(value) in _PREDICATE_TYPES:
        query: dict[str, Any] = value.compile_query()
        return query
    if value is None:
        return {}
    if isinstance(value, QueryPredicate):
        _PREDICATE_TYPES.add(type(value))
        return value.compile_query()
    if isinstance(value, ExpressionOperator):
        return {"$expr": value.compile_expression()}
    if isinstance(value, Mapping):
        # A raw query is kept as written; only reference keys ({User.age: 5}) are named.
        if all(type(key) is str for key in value):
            return dict(value)
        return {_key(key): item for key, item in value.items()}
    raise CompilationError(
        f"cannot use {type(value).__name__} {value!r} as a query: expected a predicate, "
        "a dict, or an expression",
        value,
    )


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, AsRef):
        return key.compile_field()
    if isinstance(key, enum.Enum) and isinstance(key.value, str):
        return key.value
    raise CompilationError(f"document keys must be strings, got {type(key).__name__} {key!r}", key)


def _compile_other(value: Any, recurse: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return bson.Binary.from_uuid(value)  # standard subtype 4, as the models store it
    if isinstance(value, decimal.Decimal):
        return bson.Decimal128(value)  # bson cannot encode decimal.Decimal itself
    if isinstance(value, enum.Enum):
        return recurse(value.value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.datetime(value.year, value.month, value.day)
    if isinstance(value, (datetime.datetime, int, float, str, bytes)):
        return value  # subclasses of the scalar types
    document = getattr(value, "__gault_document__", None)
    if document is not None:
        return document()
    if type(value).__module__.startswith("bson"):
        return value
    raise CompilationError(
        f"cannot send {type(value).__name__} {value!r} to MongoDB: not a BSON type", value
    )
