"""Object, variable, literal, custom, miscellaneous and accumulator-style expression operators.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gault._expressions._support import (
    check_percentiles,
    compile_argument,
    resolve_callable,
)
from gault._expressions.base import (
    DocumentOperator,
    EmptyOperator,
    ExpressionOperator,
    OneOrManyOperator,
    UnaryOperator,
    VariadicOperator,
)
from gault._expressions.variables import Var
from gault._support import MISSING, either
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


class MergeObjects(VariadicOperator):
    """``$mergeObjects``: the documents merged."""

    __slots__ = ()
    operator = "$mergeObjects"


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

    __slots__ = ("number",)
    operator = "$sampleRate"

    number: Any

    def __init__(self, number: Any = MISSING, *, rate: Any = MISSING) -> None:
        self._assign(number=either("SampleRate", "number", number, "rate", rate))


class ToHashedIndexKey(UnaryOperator):
    """``$toHashedIndexKey``: the hashed index key."""

    __slots__ = ("input",)
    operator = "$toHashedIndexKey"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("ToHashedIndexKey", "input", input, "value", value))


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


class Avg(OneOrManyOperator):
    """``$avg``: the average of numbers (or of one array)."""

    __slots__ = ()
    operator = "$avg"


class Max(OneOrManyOperator):
    """``$max``: the largest value (or the largest of one array)."""

    __slots__ = ()
    operator = "$max"


class Min(OneOrManyOperator):
    """``$min``: the smallest value (or the smallest of one array)."""

    __slots__ = ()
    operator = "$min"


class Sum(OneOrManyOperator):
    """``$sum``: the sum of numbers (or of one array)."""

    __slots__ = ()
    operator = "$sum"


class StdDevPop(OneOrManyOperator):
    """``$stdDevPop``: the population standard deviation."""

    __slots__ = ()
    operator = "$stdDevPop"


class StdDevSamp(OneOrManyOperator):
    """``$stdDevSamp``: the sample standard deviation."""

    __slots__ = ()
    operator = "$stdDevSamp"


class Median(DocumentOperator):
    """``$median``: the approximate median of numbers."""

    __slots__ = ("input", "method")
    operator = "$median"

    input: Any
    method: Any

    def __init__(self, input: Any, method: Any = "approximate") -> None:
        self._assign(input=input, method=method)


# END GENERATED OPERATORS


class Literal(ExpressionOperator):
    """``$literal``: ``input`` as is, never parsed as an expression (``"$5"`` stays a string)."""

    __slots__ = ("input",)
    operator = "$literal"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("Literal", "input", input, "value", value))

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$literal": input}`` with ``input`` compiled as a plain value."""
        return {"$literal": compile_value(self.input)}


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

    __slots__ = ("input",)
    operator = "$raw"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("Raw", "input", input, "expression", expression))

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return the expression unchanged."""
        return self.input


class _NamedField(DocumentOperator):
    """A ``$getField``-family operator: a ``field`` name starting with ``$`` is sent as
    ``{"$literal": name}`` (the manual's form), so it names a key and is never read as a path."""

    __slots__ = ()

    field: Any

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{operator: {...}}`` with a ``$``-leading field name wrapped in ``$literal``."""
        compiled = super().compile_expression(context=context)
        if isinstance(self.field, str) and self.field.startswith("$"):
            compiled[self.operator]["field"] = {"$literal": self.field}
        return compiled


class GetField(_NamedField):
    """``$getField``: the value of ``field`` (any name, even with ``$`` or ``.``) in the
    document ``input`` (the current document when left out).

    The order is 0.14's, ``GetField(input, field)``; a single argument is the field
    (``GetField("price")``).
    """

    __slots__ = ("field", "input")
    operator = "$getField"

    field: Any
    input: Any

    def __init__(self, input: Any = None, field: Any = MISSING) -> None:
        if field is MISSING:
            if input is None:
                raise TypeError("GetField() missing required argument 'field'")
            input, field = None, input
        self._assign(field=field, input=input)


class SetField(_NamedField):
    """``$setField``: the document ``input`` with ``field`` set to ``value`` (0.14's order)."""

    __slots__ = ("field", "input", "value")
    operator = "$setField"

    field: Any
    input: Any
    value: Any

    def __init__(self, input: Any, field: Any, value: Any) -> None:
        self._assign(field=field, input=input, value=value)


class UnsetField(_NamedField):
    """``$unsetField``: the document ``input`` without ``field`` (0.14's order)."""

    __slots__ = ("field", "input")
    operator = "$unsetField"

    field: Any
    input: Any

    def __init__(self, input: Any, field: Any) -> None:
        self._assign(field=field, input=input)


class Percentile(DocumentOperator):
    """``$percentile``: approximate percentiles ``p`` (numbers in [0, 1]) of ``input``."""

    __slots__ = ("input", "method", "p")
    operator = "$percentile"

    input: Any
    p: Any
    method: Any

    def __init__(self, input: Any, p: Any, method: Any = "approximate") -> None:
        self._assign(input=input, p=check_percentiles(type(self), p), method=method)
