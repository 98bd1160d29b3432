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
from gault._support import MISSING, either, required
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

    __slots__ = ("index", "input")
    operator = "$arrayElemAt"

    input: Any
    index: Any

    def __init__(self, input: Any = MISSING, index: Any = MISSING, *, array: Any = MISSING) -> None:
        self._assign(
            input=either("ArrayElemAt", "input", input, "array", array),
            index=required("ArrayElemAt", "index", index),
        )


class ArrayToObject(UnaryOperator):
    """``$arrayToObject``: a document from key-value pairs."""

    __slots__ = ("input",)
    operator = "$arrayToObject"

    input: Any

    def __init__(self, input: Any = MISSING, *, array: Any = MISSING) -> None:
        self._assign(input=either("ArrayToObject", "input", input, "array", array))


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

    __slots__ = ("lhs", "rhs")
    operator = "$in"

    lhs: Any
    rhs: Any

    def __init__(
        self,
        lhs: Any = MISSING,
        rhs: Any = MISSING,
        *,
        expression: Any = MISSING,
        array: Any = MISSING,
    ) -> None:
        self._assign(
            lhs=either("In", "lhs", lhs, "expression", expression),
            rhs=either("In", "rhs", rhs, "array", array),
        )


class IsArray(ListOperator):
    """``$isArray``: true when the value is an array."""

    __slots__ = ("input",)
    operator = "$isArray"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("IsArray", "input", input, "expression", expression))


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

    __slots__ = ("input",)
    operator = "$objectToArray"

    input: Any

    def __init__(self, input: Any = MISSING, *, object: Any = MISSING) -> None:
        self._assign(input=either("ObjectToArray", "input", input, "object", object))


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

    __slots__ = ("input",)
    operator = "$reverseArray"

    input: Any

    def __init__(self, input: Any = MISSING, *, array: Any = MISSING) -> None:
        self._assign(input=either("ReverseArray", "input", input, "array", array))


class Size(UnaryOperator):
    """``$size``: the number of elements of an array."""

    __slots__ = ("input",)
    operator = "$size"

    input: Any

    def __init__(self, input: Any = MISSING, *, array: Any = MISSING) -> None:
        self._assign(input=either("Size", "input", input, "array", array))


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

    __slots__ = ("input",)
    operator = "$allElementsTrue"

    input: Any

    def __init__(self, input: Any = MISSING, *, array: Any = MISSING) -> None:
        self._assign(input=either("AllElementsTrue", "input", input, "array", array))


class AnyElementsTrue(ListOperator):
    """``$anyElementTrue``: true when an element is true."""

    __slots__ = ("input",)
    operator = "$anyElementTrue"

    input: Any

    def __init__(self, input: Any = MISSING, *, array: Any = MISSING) -> None:
        self._assign(input=either("AnyElementsTrue", "input", input, "array", array))


class SetDifference(ListOperator):
    """``$setDifference``: elements only in the first."""

    __slots__ = ("inputs1", "inputs2")
    operator = "$setDifference"

    inputs1: Any
    inputs2: Any

    def __init__(
        self,
        inputs1: Any = MISSING,
        inputs2: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            inputs1=either("SetDifference", "inputs1", inputs1, "expression1", expression1),
            inputs2=either("SetDifference", "inputs2", inputs2, "expression2", expression2),
        )


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

    __slots__ = ("input1", "input2")
    operator = "$setIsSubset"

    input1: Any
    input2: Any

    def __init__(
        self,
        input1: Any = MISSING,
        input2: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            input1=either("SetIsSubset", "input1", input1, "expression1", expression1),
            input2=either("SetIsSubset", "input2", input2, "expression2", expression2),
        )


class SetUnion(VariadicOperator):
    """``$setUnion``: elements in any of the arrays."""

    __slots__ = ()
    operator = "$setUnion"


# END GENERATED OPERATORS


class IndexOfArray(ListOperator):
    """``$indexOfArray``: the first index of ``search`` in the array ``input`` (``-1`` when
    absent).

    Giving ``end`` without ``start`` searches from index 0.
    """

    __slots__ = ("end", "input", "search", "start")
    operator = "$indexOfArray"

    input: Any
    search: Any
    start: Any
    end: Any

    def __init__(
        self,
        input: Any = MISSING,
        search: Any = MISSING,
        start: Any = None,
        end: Any = None,
        *,
        array: Any = MISSING,
    ) -> None:
        input = either("IndexOfArray", "input", input, "array", array)
        if search is MISSING:
            raise TypeError("IndexOfArray() missing required argument 'search'")
        if end is not None and start is None:
            start = 0
        self._assign(input=input, search=search, start=start, end=end)


class Slice(ExpressionOperator):
    """``$slice``: ``n`` elements of the array ``input``, from ``position`` when given.

    A negative ``n`` without ``position`` takes the last elements.
    """

    __slots__ = ("input", "n", "position")
    operator = "$slice"

    input: Any
    n: Any
    position: Any

    def __init__(
        self, input: Any = MISSING, n: Any = MISSING, position: Any = None, *, array: Any = MISSING
    ) -> None:
        input = either("Slice", "input", input, "array", array)
        if n is MISSING:
            raise TypeError("Slice() missing required argument 'n'")
        self._assign(input=input, n=n, position=position)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$slice": [input, n]}`` or ``{"$slice": [input, position, n]}``."""
        values = (
            [self.input, self.n] if self.position is None else [self.input, self.position, self.n]
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


def variable_name(owner: str, var: str | Var) -> str:
    """The name of the loop variable ``var``: a name, or a ``Var`` as 0.14 took it."""
    if isinstance(var, Var):
        return var.compile_field()
    if not isinstance(var, str) or not var:
        raise TypeError(f"{owner}: var is a variable name or a Var, got {var!r}")
    return var


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
        var: str | Var = "this",
        limit: Any = None,
        array_index_as: str | None = None,
    ) -> None:
        var = variable_name("Filter", var)
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
        self,
        input: Any,
        into: Any,
        *,
        var: str | Var = "this",
        array_index_as: str | None = None,
    ) -> None:
        var = variable_name("Map", var)
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
