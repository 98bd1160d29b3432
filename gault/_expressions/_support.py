"""Machinery shared by expression operators, accumulators and window operators.

- ``compile_argument``: compile one operator argument, turning query predicates used as
  boolean expressions into their expression form.
- ``check_percentiles``: check the ``p`` of ``$percentile`` (numbers in [0, 1]).
- ``variadic``: normalise ``*inputs`` (or one list) and check the operator's arity.
- ``resolve_callable``: call a ``lambda v: ...`` argument with the loop variables.

Imports only ``gault.compilers``, ``gault.exceptions`` and ``gault.interfaces``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from gault.compilers import call_compile, compile_expression
from gault.exceptions import ArgumentError, CompilationError
from gault.interfaces import AsRef, ExpressionOperator, QueryPredicate

__all__ = [
    "check_percentiles",
    "compile_argument",
    "is_plain_callable",
    "resolve_callable",
    "variadic",
]


def compile_argument(owner: object, value: Any) -> Any:
    """Compile ``value`` as an argument of ``owner`` (an operator), predicates included, also
    inside documents and lists."""
    if isinstance(value, Mapping) and all(isinstance(key, (str, AsRef)) for key in value):
        return {
            key if isinstance(key, str) else key.compile_field(): compile_argument(owner, item)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [compile_argument(owner, item) for item in value]
    if isinstance(value, QueryPredicate) and not isinstance(value, (ExpressionOperator, AsRef)):
        if not hasattr(value, "compile_expression"):
            raise CompilationError(
                f"{type(owner).__name__}: the predicate {value!r} has no aggregation "
                "expression form; write it with .expr (e.g. User.age.expr.gte(18))",
                value,
            )
        return call_compile(value, "compile_expression")
    return compile_expression(value)


def variadic(owner: type, inputs: tuple[Any, ...], minimum: int) -> tuple[Any, ...]:
    """Return ``inputs`` (``*inputs`` or one list/tuple) after checking there are enough."""
    if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
        inputs = tuple(inputs[0])
    if len(inputs) < minimum:
        raise ArgumentError(
            f"{owner.__name__} takes at least {minimum} argument"
            f"{'s' if minimum > 1 else ''}, got {len(inputs)}"
        )
    return inputs


def is_plain_callable(value: Any) -> bool:
    """Tell a ``lambda``/function argument from an expression object that happens to be callable."""
    return callable(value) and not isinstance(value, (ExpressionOperator, AsRef, QueryPredicate))


def resolve_callable(value: Any, *variables: Any) -> Any:
    """Call ``value`` with ``variables`` when it is a plain callable, else return it as is.

    A callable written for gault 0.14, which also took a compile ``context`` after the
    variables (``lambda this, context: ...``), is given an empty context.
    """
    if not is_plain_callable(value):
        return value
    function: Callable[..., Any] = value
    if _takes_context(function, len(variables)):
        return function(*variables, {})
    return function(*variables)


def _takes_context(function: Callable[..., Any], count: int) -> bool:
    """Whether ``function`` needs one positional argument more than ``count`` (0.14 style)."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return False
    try:
        signature.bind(*range(count))
    except TypeError:
        try:
            signature.bind(*range(count + 1))
        except TypeError:
            return False
        return True
    return False


def check_percentiles(owner: type, p: Any) -> Any:
    """Return ``p`` after checking that a literal list holds numbers between 0 and 1."""
    if isinstance(p, (list, tuple)):
        if not p:
            raise ValueError(f"{owner.__name__}: p must list at least one percentile")
        for value in p:
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if number and not 0 <= value <= 1:
                raise ValueError(f"{owner.__name__}: percentiles are in [0, 1], got {value!r}")
        return list(p)
    if isinstance(p, (AsRef, ExpressionOperator)):
        return p
    raise TypeError(f"{owner.__name__}: p is a list of numbers in [0, 1], got {p!r}")
