"""Array and set expression operators.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from typing import Any

from gault._expressions._support import compile_argument, resolve_callable
from gault._expressions.base import (
    DocumentOperator,
    ExpressionOperator,
    ListOperator,
    UnaryOperator,
    VariadicOperator,
)
from gault._expressions.variables import Var
from gault.interfaces import Context
from gault.sorting import normalize_sort

# START GENERATED NAMES (scripts/gen_expressions.py: edit the table there)
__all__ = [
    "AllElementsTrue",
    "AnyElementsTrue",
    "ArrayElemAt",
    "ArrayToObject",
    "ConcatArrays",
    "Filter",
    "First",
    "FirstN",
    "In",
    "IndexOfArray",
    "IsArray",
    "Last",
    "LastN",
    "Map",
    "MaxN",
    "MinN",
    "ObjectToArray",
    "Range",
    "Reduce",
    "ReverseArray",
    "SetDifference",
    "SetEquals",
    "SetIntersection",
    "SetIsSubset",
    "SetUnion",
    "Size",
    "Slice",
    "SortArray",
    "Zip",
]
# END GENERATED NAMES

# START GENERATED OPERATORS (scripts/gen_expressions.py: edit the table there)


class ArrayElemAt(ListOperator):
    """``$arrayElemAt``: the element at an index."""

    __slots__ = ("array", "index")
    operator = "$arrayElemAt"

    array: Any
    index: Any

    def __init__(self, array: Any, index: Any) -> None:
        self._assign(array=array, index=index)


class ArrayToObject(UnaryOperator):
    """``$arrayToObject``: a document from key-value pairs."""

    __slots__ = ("array",)
    operator = "$arrayToObject"

    array: Any

    def __init__(self, array: Any) -> None:
        self._assign(array=array)


class ConcatArrays(VariadicOperator):
    """``$concatArrays``: the arrays concatenated."""

    __slots__ = ()
    operator = "$concatArrays"


class First(UnaryOperator):
    """``$first``: the first element of an array."""

    __slots__ = ("array",)
    operator = "$first"

    array: Any

    def __init__(self, array: Any) -> None:
        self._assign(array=array)


class FirstN(DocumentOperator):
    """``$firstN``: the first ``n`` elements of an array."""

    __slots__ = ("input", "n")
    operator = "$firstN"

    input: Any
    n: Any

    def __init__(self, input: Any, n: Any) -> None:
        self._assign(input=input, n=n)


class In(ListOperator):
    """``$in``: true when the value is an element of the array."""

    __slots__ = ("array", "expression")
    operator = "$in"

    expression: Any
    array: Any

    def __init__(self, expression: Any, array: Any) -> None:
        self._assign(expression=expression, array=array)


class IsArray(ListOperator):
    """``$isArray``: true when the value is an array."""

    __slots__ = ("expression",)
    operator = "$isArray"

    expression: Any

    def __init__(self, expression: Any) -> None:
        self._assign(expression=expression)


class Last(UnaryOperator):
    """``$last``: the last element of an array."""

    __slots__ = ("array",)
    operator = "$last"

    array: Any

    def __init__(self, array: Any) -> None:
        self._assign(array=array)


class LastN(DocumentOperator):
    """``$lastN``: the last ``n`` elements of an array."""

    __slots__ = ("input", "n")
    operator = "$lastN"

    input: Any
    n: Any

    def __init__(self, input: Any, n: Any) -> None:
        self._assign(input=input, n=n)


class MaxN(DocumentOperator):
    """``$maxN``: the ``n`` largest elements of an array."""

    __slots__ = ("input", "n")
    operator = "$maxN"

    input: Any
    n: Any

    def __init__(self, input: Any, n: Any) -> None:
        self._assign(input=input, n=n)


class MinN(DocumentOperator):
    """``$minN``: the ``n`` smallest elements of an array."""

    __slots__ = ("input", "n")
    operator = "$minN"

    input: Any
    n: Any

    def __init__(self, input: Any, n: Any) -> None:
        self._assign(input=input, n=n)


class ObjectToArray(UnaryOperator):
    """``$objectToArray``: a document as key-value pairs."""

    __slots__ = ("object",)
    operator = "$objectToArray"

    object: Any

    def __init__(self, object: Any) -> None:
        self._assign(object=object)


class Range(ListOperator):
    """``$range``: the integers from ``start`` up to ``end``."""

    __slots__ = ("end", "start", "step")
    operator = "$range"

    start: Any
    end: Any
    step: Any

    def __init__(self, start: Any, end: Any, step: Any = None) -> None:
        self._assign(start=start, end=end, step=step)


class ReverseArray(UnaryOperator):
    """``$reverseArray``: the array in reverse order."""

    __slots__ = ("array",)
    operator = "$reverseArray"

    array: Any

    def __init__(self, array: Any) -> None:
        self._assign(array=array)


class Size(UnaryOperator):
    """``$size``: the number of elements of an array."""

    __slots__ = ("array",)
    operator = "$size"

    array: Any

    def __init__(self, array: Any) -> None:
        self._assign(array=array)


class Zip(DocumentOperator):
    """``$zip``: the arrays transposed."""

    __slots__ = ("defaults", "inputs", "use_longest_length")
    operator = "$zip"

    inputs: Any
    use_longest_length: Any
    defaults: Any

    def __init__(self, inputs: Any, use_longest_length: Any = None, defaults: Any = None) -> None:
        self._assign(inputs=inputs, use_longest_length=use_longest_length, defaults=defaults)


class AllElementsTrue(ListOperator):
    """``$allElementsTrue``: true when no element is false."""

    __slots__ = ("array",)
    operator = "$allElementsTrue"

    array: Any

    def __init__(self, array: Any) -> None:
        self._assign(array=array)


class AnyElementsTrue(ListOperator):
    """``$anyElementTrue``: true when an element is true."""

    __slots__ = ("array",)
    operator = "$anyElementTrue"

    array: Any

    def __init__(self, array: Any) -> None:
        self._assign(array=array)


class SetDifference(ListOperator):
    """``$setDifference``: elements only in the first."""

    __slots__ = ("expression1", "expression2")
    operator = "$setDifference"

    expression1: Any
    expression2: Any

    def __init__(self, expression1: Any, expression2: Any) -> None:
        self._assign(expression1=expression1, expression2=expression2)


class SetEquals(VariadicOperator):
    """``$setEquals``: true when the arrays hold the same elements."""

    __slots__ = ()
    operator = "$setEquals"
    minimum = 2


class SetIntersection(VariadicOperator):
    """``$setIntersection``: elements in every array."""

    __slots__ = ()
    operator = "$setIntersection"


class SetIsSubset(ListOperator):
    """``$setIsSubset``: true when the first is a subset."""

    __slots__ = ("expression1", "expression2")
    operator = "$setIsSubset"

    expression1: Any
    expression2: Any

    def __init__(self, expression1: Any, expression2: Any) -> None:
        self._assign(expression1=expression1, expression2=expression2)


class SetUnion(VariadicOperator):
    """``$setUnion``: elements in any of the arrays."""

    __slots__ = ()
    operator = "$setUnion"


# END GENERATED OPERATORS


class IndexOfArray(ListOperator):
    """``$indexOfArray``: the first index of ``search`` in ``array`` (``-1`` when absent).

    Giving ``end`` without ``start`` searches from index 0.
    """

    __slots__ = ("array", "end", "search", "start")
    operator = "$indexOfArray"

    array: Any
    search: Any
    start: Any
    end: Any

    def __init__(self, array: Any, search: Any, start: Any = None, end: Any = None) -> None:
        if end is not None and start is None:
            start = 0
        self._assign(array=array, search=search, start=start, end=end)


class Slice(ExpressionOperator):
    """``$slice``: ``n`` elements of ``array``, from ``position`` when given.

    A negative ``n`` without ``position`` takes the last elements.
    """

    __slots__ = ("array", "n", "position")
    operator = "$slice"

    array: Any
    n: Any
    position: Any

    def __init__(self, array: Any, n: Any, position: Any = None) -> None:
        self._assign(array=array, n=n, position=position)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$slice": [array, n]}`` or ``{"$slice": [array, position, n]}``."""
        values = (
            [self.array, self.n]
            if self.position is None
            else [
                self.array,
                self.position,
                self.n,
            ]
        )
        return {"$slice": [compile_argument(self, value) for value in values]}


def _sort_specification(sort_by: Any) -> Any:
    """Return ``1``/``-1`` as is, any other sort payload normalised (never empty)."""
    if isinstance(sort_by, int):
        if isinstance(sort_by, bool) or sort_by not in (1, -1):
            raise ValueError(f"SortArray: sort_by is 1, -1 or a sort payload, got {sort_by!r}")
        return sort_by
    normalized = normalize_sort(sort_by)
    if normalized is None:
        raise ValueError(f"SortArray: sort_by is empty: {sort_by!r}")
    return normalized


class SortArray(ExpressionOperator):
    """``$sortArray``: ``input`` sorted by ``sort_by`` (``1``/``-1`` for whole values, or any
    sort payload for documents: ``"-age"``, ``[("a", 1)]``, ``{"a": -1}``, a reference)."""

    __slots__ = ("input", "sort_by")
    operator = "$sortArray"

    input: Any
    sort_by: Any

    def __init__(self, input: Any, sort_by: Any) -> None:
        self._assign(input=input, sort_by=_sort_specification(sort_by))

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$sortArray": {"input": ..., "sortBy": ...}}``."""
        return {"$sortArray": {"input": compile_argument(self, self.input), "sortBy": self.sort_by}}


class Filter(ExpressionOperator):
    """``$filter``: the elements of ``input`` for which ``cond`` is true.

    ``cond`` (kept as ``condition``) is an expression over ``Var(var)`` or a callable receiving
    that ``Var``;
    ``array_index_as`` names a variable holding the element's index (MongoDB 8.3).
    """

    __slots__ = ("array_index_as", "condition", "input", "limit", "var")
    operator = "$filter"

    input: Any
    condition: Any
    var: str
    limit: Any
    array_index_as: str | None

    def __init__(
        self,
        input: Any,
        cond: Any,
        *,
        var: str = "this",
        limit: Any = None,
        array_index_as: str | None = None,
    ) -> None:
        cond = resolve_callable(cond, Var(var))
        self._assign(
            input=input, condition=cond, var=var, limit=limit, array_index_as=array_index_as
        )

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$filter": {"input", "as"?, "cond", "limit"?, "arrayIndexAs"?}}``."""
        body: dict[str, Any] = {"input": compile_argument(self, self.input)}
        if self.var != "this":
            body["as"] = self.var
        body["cond"] = compile_argument(self, self.condition)
        if self.limit is not None:
            body["limit"] = compile_argument(self, self.limit)
        if self.array_index_as is not None:
            body["arrayIndexAs"] = self.array_index_as
        return {"$filter": body}


class Map(ExpressionOperator):
    """``$map``: ``into`` applied to each element of ``input``.

    ``into`` is an expression over ``Var(var)`` or a callable receiving that ``Var``.
    """

    __slots__ = ("array_index_as", "input", "into", "var")
    operator = "$map"

    input: Any
    into: Any
    var: str
    array_index_as: str | None

    def __init__(
        self, input: Any, into: Any, *, var: str = "this", array_index_as: str | None = None
    ) -> None:
        into = resolve_callable(into, Var(var))
        self._assign(input=input, into=into, var=var, array_index_as=array_index_as)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$map": {"input", "as"?, "in", "arrayIndexAs"?}}``."""
        body: dict[str, Any] = {"input": compile_argument(self, self.input)}
        if self.var != "this":
            body["as"] = self.var
        body["in"] = compile_argument(self, self.into)
        if self.array_index_as is not None:
            body["arrayIndexAs"] = self.array_index_as
        return {"$map": body}


class Reduce(ExpressionOperator):
    """``$reduce``: fold ``input`` from ``initial_value`` with ``into``.

    ``into`` is an expression over ``$$value`` and ``$$this`` or a callable receiving
    ``(Var("value"), Var("this"))``.
    """

    __slots__ = ("array_index_as", "initial_value", "input", "into")
    operator = "$reduce"

    input: Any
    initial_value: Any
    into: Any
    array_index_as: str | None

    def __init__(
        self, input: Any, initial_value: Any, into: Any, *, array_index_as: str | None = None
    ) -> None:
        into = resolve_callable(into, Var("value"), Var("this"))
        self._assign(
            input=input, initial_value=initial_value, into=into, array_index_as=array_index_as
        )

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$reduce": {"input", "initialValue", "in", "arrayIndexAs"?}}``."""
        body: dict[str, Any] = {
            "input": compile_argument(self, self.input),
            "initialValue": compile_argument(self, self.initial_value),
            "in": compile_argument(self, self.into),
        }
        if self.array_index_as is not None:
            body["arrayIndexAs"] = self.array_index_as
        return {"$reduce": body}
