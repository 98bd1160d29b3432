"""Object, variable, literal, custom, miscellaneous and accumulator-style expression operators.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gault._expressions._support import compile_argument, resolve_callable
from gault._expressions.base import (
    DocumentOperator,
    EmptyOperator,
    ExpressionOperator,
    UnaryOperator,
    VariadicOperator,
)
from gault._expressions.variables import Var
from gault.compilers import compile_field, compile_value
from gault.interfaces import Aliased, Context

# START GENERATED NAMES (scripts/gen_expressions.py: edit the table there)
__all__ = [
    "Avg",
    "CreateObjectId",
    "Function",
    "GetField",
    "Let",
    "Literal",
    "Max",
    "Median",
    "MergeObjects",
    "Meta",
    "Min",
    "Percentile",
    "Rand",
    "Raw",
    "SampleRate",
    "SetField",
    "StdDevPop",
    "StdDevSamp",
    "Sum",
    "ToHashedIndexKey",
    "UnsetField",
]
# END GENERATED NAMES

# START GENERATED OPERATORS (scripts/gen_expressions.py: edit the table there)


class GetField(DocumentOperator):
    """``$getField``: the value of a field (any name)."""

    __slots__ = ("field", "input")
    operator = "$getField"

    field: Any
    input: Any

    def __init__(self, field: Any, input: Any = None) -> None:
        self._assign(field=field, input=input)


class MergeObjects(VariadicOperator):
    """``$mergeObjects``: the documents merged."""

    __slots__ = ()
    operator = "$mergeObjects"


class SetField(DocumentOperator):
    """``$setField``: the document with a field set."""

    __slots__ = ("field", "input", "value")
    operator = "$setField"

    field: Any
    input: Any
    value: Any

    def __init__(self, field: Any, input: Any, value: Any) -> None:
        self._assign(field=field, input=input, value=value)


class UnsetField(DocumentOperator):
    """``$unsetField``: the document without a field."""

    __slots__ = ("field", "input")
    operator = "$unsetField"

    field: Any
    input: Any

    def __init__(self, field: Any, input: Any) -> None:
        self._assign(field=field, input=input)


class Rand(EmptyOperator):
    """``$rand``: a random float between 0 and 1."""

    __slots__ = ()
    operator = "$rand"


class CreateObjectId(EmptyOperator):
    """``$createObjectId``: a new random ObjectId."""

    __slots__ = ()
    operator = "$createObjectId"


class SampleRate(UnaryOperator):
    """``$sampleRate``: true for a random ``rate`` share of documents."""

    __slots__ = ("rate",)
    operator = "$sampleRate"

    rate: Any

    def __init__(self, rate: Any) -> None:
        self._assign(rate=rate)


class ToHashedIndexKey(UnaryOperator):
    """``$toHashedIndexKey``: the hashed index key."""

    __slots__ = ("value",)
    operator = "$toHashedIndexKey"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


class Meta(UnaryOperator):
    """``$meta``: metadata of the document (``"textScore"``, ``"indexKey"``...)."""

    __slots__ = ("keyword",)
    operator = "$meta"

    keyword: Any

    def __init__(self, keyword: Any) -> None:
        self._assign(keyword=keyword)


class Function(DocumentOperator):
    """``$function``: the result of a JavaScript function."""

    __slots__ = ("args", "body", "lang")
    operator = "$function"

    body: Any
    args: Any
    lang: Any

    def __init__(self, body: Any, args: Any, lang: Any = "js") -> None:
        self._assign(body=body, args=args, lang=lang)


class Avg(VariadicOperator):
    """``$avg``: the average of numbers (or of one array)."""

    __slots__ = ()
    operator = "$avg"
    collapse = True


class Max(VariadicOperator):
    """``$max``: the largest value (or the largest of one array)."""

    __slots__ = ()
    operator = "$max"
    collapse = True


class Min(VariadicOperator):
    """``$min``: the smallest value (or the smallest of one array)."""

    __slots__ = ()
    operator = "$min"
    collapse = True


class Sum(VariadicOperator):
    """``$sum``: the sum of numbers (or of one array)."""

    __slots__ = ()
    operator = "$sum"
    collapse = True


class StdDevPop(VariadicOperator):
    """``$stdDevPop``: the population standard deviation."""

    __slots__ = ()
    operator = "$stdDevPop"
    collapse = True


class StdDevSamp(VariadicOperator):
    """``$stdDevSamp``: the sample standard deviation."""

    __slots__ = ()
    operator = "$stdDevSamp"
    collapse = True


class Median(DocumentOperator):
    """``$median``: the approximate median of numbers."""

    __slots__ = ("input", "method")
    operator = "$median"

    input: Any
    method: Any

    def __init__(self, input: Any, method: Any = "approximate") -> None:
        self._assign(input=input, method=method)


class Percentile(DocumentOperator):
    """``$percentile``: approximate percentiles."""

    __slots__ = ("input", "method", "p")
    operator = "$percentile"

    input: Any
    p: Any
    method: Any

    def __init__(self, input: Any, p: Any, method: Any = "approximate") -> None:
        self._assign(input=input, p=p, method=method)


# END GENERATED OPERATORS


class Literal(ExpressionOperator):
    """``$literal``: ``value`` as is, never parsed as an expression (``"$5"`` stays a string)."""

    __slots__ = ("value",)
    operator = "$literal"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$literal": value}`` with ``value`` compiled as a plain value."""
        return {"$literal": compile_value(self.value)}


class Let(ExpressionOperator):
    """``$let``: ``into`` evaluated with variables bound.

    ``variables`` is a ``{name: expression}`` mapping or ``Aliased`` values
    (``Let(Var("total").alias(...))`` style: ``expr.alias("total")``); ``into`` is an
    expression using ``Var(name)`` or a callable receiving the ``Var`` objects in order.
    """

    __slots__ = ("into", "variables")
    operator = "$let"

    variables: dict[str, Any]
    into: Any

    def __init__(self, *variables: Mapping[str, Any] | Aliased[Any], into: Any) -> None:
        bound: dict[str, Any] = {}
        for item in variables:
            if isinstance(item, Aliased):
                bound[compile_field(item.ref)] = item.value
            elif isinstance(item, Mapping):
                bound.update({compile_field(name): value for name, value in item.items()})
            else:
                raise TypeError(
                    f"Let: variables are a mapping or aliased values, got {type(item).__name__}"
                )
        if not bound:
            raise TypeError("Let needs at least one variable")
        into = resolve_callable(into, *(Var(name) for name in bound))
        self._assign(variables=bound, into=into)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$let": {"vars": {...}, "in": ...}}``."""
        return {
            "$let": {
                "vars": {
                    name: compile_argument(self, value) for name, value in self.variables.items()
                },
                "in": compile_argument(self, self.into),
            }
        }


class Raw(ExpressionOperator):
    """An aggregation expression written by hand in MQL, sent exactly as given.

    ``Raw({"$function": {...}})`` is the escape hatch for what gault has no class for; it
    still combines with ``&``, ``|`` and ``~`` like any operator.
    """

    __slots__ = ("expression",)
    operator = "$raw"

    expression: Any

    def __init__(self, expression: Any) -> None:
        self._assign(expression=expression)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return the expression unchanged."""
        return self.expression
