"""Compile gault objects and Python values to MQL: the bottom layer of the library.

- ``compile_field``: a field name or reference → ``"dotted.path"`` (a key).
- ``compile_path``: the same as an expression → ``"$dotted.path"``.
- ``compile_expression``: an aggregation expression (operators, references, literals,
  containers of them) → MQL.
- ``compile_value``: a query *literal*: never interpreted as an operator or a path.
- ``compile_query``: a predicate, raw dict, expression, or bare field operator → a query
  document.
- ``call_compile``: call a compile method of a user class written to the 0.14 protocol
  (``compile_expression(self, *, context)``) with the context it requires.

Every function takes the 0.14 ``context`` (positionally or as ``context=``) and ignores it.
Imports only ``gault.exceptions`` and ``gault.interfaces``.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import inspect
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import bson

from gault.exceptions import CompilationError
from gault.interfaces import AsRef, Context, ExpressionOperator, QueryOperator, QueryPredicate

__all__ = [
    "CompilationError",
    "Context",
    "call_compile",
    "compile_expression",
    "compile_expression_multi",
    "compile_field",
    "compile_path",
    "compile_query",
    "compile_value",
]

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


#: Per compile method, per class: how to call it. gault's own methods take ``context`` as an
#: optional keyword; a user class written to the 0.14 protocol requires it. The signature is
#: read once per class, so the filter and expression fast paths pay one dict lookup.
_CALLERS: dict[str, dict[type, Callable[[Any], Any]]] = {}
_EXPRESSION_CALLERS = _CALLERS.setdefault("compile_expression", {})
#: Classes whose ``compile_query`` takes no required context: ``compile_query``'s fast path
#: (a set membership test, the cheapest check for the hottest call of gault).
_PLAIN_QUERY_TYPES: set[type] = set()

#: The context given to a method that requires one (0.14 compiled with an empty context).
_EMPTY_CONTEXT: Mapping[str, Any] = {}


def call_compile(value: Any, method: str) -> Any:
    """Return ``value.<method>()``, passing ``context`` when the class's method requires it."""
    callers = _CALLERS.setdefault(method, {})
    kind = type(value)
    caller = callers.get(kind)
    if caller is None:
        caller = callers[kind] = _caller(kind, method)
        if method == "compile_query" and caller is getattr(kind, method):
            _PLAIN_QUERY_TYPES.add(kind)
    return caller(value)


def _caller(kind: type, method: str) -> Callable[[Any], Any]:
    function: Callable[..., Any] = getattr(kind, method)
    if (
        function is AsRef.compile_expression
        and issubclass(kind, AsRef)
        and _requires_context(kind.compile_field)
    ):
        # The inherited "$" + compile_field(), over a 0.14-protocol compile_field.
        return lambda value: "$" + call_compile(value, "compile_field")
    if not _requires_context(function):
        return function

    def with_context(value: Any) -> Any:
        return function(value, context=_EMPTY_CONTEXT)

    return with_context


def _requires_context(function: Callable[..., Any]) -> bool:
    """Whether ``function`` has a ``context`` parameter without a default (0.14 protocol)."""
    try:
        parameter = inspect.signature(function).parameters.get("context")
    except (TypeError, ValueError):
        return False
    return (
        parameter is not None
        and parameter.default is inspect.Parameter.empty
        and parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
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
        path: str = call_compile(value, "compile_field")
        return path
    raise CompilationError(
        f"expected a field name (str) or a field reference, got {type(value).__name__} {value!r}",
        value,
    )


def compile_path(value: str | AsRef, context: Context = None) -> str:
    """Return ``value`` as a field-path expression (``"$a.b"``); a ``$`` string is kept."""
    if isinstance(value, str):
        return value if value.startswith("$") else "$" + value
    if isinstance(value, AsRef):
        compiled = call_compile(value, "compile_expression")
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
    caller = _EXPRESSION_CALLERS.get(kind)
    if caller is not None:
        return caller(value)
    if isinstance(value, (ExpressionOperator, AsRef)):
        return call_compile(value, "compile_expression")
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


def compile_value(value: Any, context: Context = None) -> Any:
    """Compile a query literal: containers are walked, nothing becomes an operator or path."""
    kind = type(value)
    if kind in SCALAR_TYPES:
        return value
    if isinstance(value, Mapping):
        return {_key(key): compile_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [compile_value(item) for item in value]
    if isinstance(value, (AsRef, ExpressionOperator, QueryPredicate, QueryOperator)):
        raise CompilationError(
            f"{value!r} cannot be used as a literal value; to compare two fields write "
            "User.a < User.b (compiles to $expr)",
            value,
        )
    return _compile_other(value, compile_value)


def compile_query(value: Any, context: Context = None) -> dict[str, Any]:
    """Compile a filter: a predicate, a raw query ``dict`` (kept as is), an expression, or None.

    A bare field operator compiles to its fragment (``Eq(42)`` → ``{"$eq": 42}``), as in
    0.14; it is not a filter by itself (the managers and ``match()`` refuse it).
    """
    if type(value) in _PLAIN_QUERY_TYPES:
        query: dict[str, Any] = value.compile_query()
        return query
    if value is None:
        return {}
    if isinstance(value, (QueryPredicate, QueryOperator)):
        query = call_compile(value, "compile_query")
        return query
    if isinstance(value, ExpressionOperator):
        return {"$expr": call_compile(value, "compile_expression")}
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
        path: str = call_compile(key, "compile_field")
        return path
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
