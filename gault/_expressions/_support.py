"""Machinery shared by expression operators, accumulators and window operators.

- ``Immutable``: slotted value objects, assigned once in ``__init__``, with a readable repr.
- ``compile_argument``: compile one operator argument, turning query predicates used as
  boolean expressions into their expression form.
- ``variadic``: normalise ``*inputs`` (or one list) and check the operator's arity.
- ``camel``: snake_case argument name → the manual's camelCase key.
- ``resolve_callable``: call a ``lambda v: ...`` argument with the loop variables.

Imports only ``gault.compilers``, ``gault.exceptions`` and ``gault.interfaces``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from gault.compilers import compile_expression
from gault.exceptions import CompilationError
from gault.interfaces import AsRef, ExpressionOperator, QueryPredicate

__all__ = [
    "Immutable",
    "camel",
    "compile_argument",
    "fields",
    "is_plain_callable",
    "resolve_callable",
    "variadic",
]


class Immutable:
    """A slotted object whose slots are set once by ``_assign`` and never change after."""

    __slots__ = ()

    def _assign(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def _arguments(self) -> list[tuple[str, Any]]:
        """Return the ``(argument, value)`` pairs, in declaration order."""
        return [(name, getattr(self, name)) for name in fields(type(self))]

    def __repr__(self) -> str:
        parts = [f"{name}={value!r}" for name, value in self._arguments() if value is not None]
        return f"{type(self).__name__}({', '.join(parts)})"


_FIELDS: dict[type, tuple[str, ...]] = {}


def fields(cls: type) -> tuple[str, ...]:
    """Return the public slots of ``cls`` in the order their annotations declare them."""
    cached = _FIELDS.get(cls)
    if cached is not None:
        return cached
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        slots = set(vars(klass).get("__slots__", ()))
        names.extend(
            name
            for name in vars(klass).get("__annotations__", {})
            if name in slots and not name.startswith("_")
        )
    _FIELDS[cls] = result = tuple(names)
    return result


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
        method = getattr(value, "compile_expression", None)
        if method is None:
            raise CompilationError(
                f"{type(owner).__name__}: the predicate {value!r} has no aggregation "
                "expression form; write it with .expr (e.g. User.age.expr.gte(18))",
                value,
            )
        return method()
    return compile_expression(value)


def variadic(owner: type, inputs: tuple[Any, ...], minimum: int) -> tuple[Any, ...]:
    """Return ``inputs`` (``*inputs`` or one list/tuple) after checking there are enough."""
    if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
        inputs = tuple(inputs[0])
    if len(inputs) < minimum:
        raise TypeError(
            f"{owner.__name__} takes at least {minimum} argument"
            f"{'s' if minimum > 1 else ''}, got {len(inputs)}"
        )
    return inputs


def camel(name: str) -> str:
    """Return the manual's key for a snake_case argument name: ``bin_size`` → ``binSize``."""
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


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
