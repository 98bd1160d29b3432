"""Accumulators: the ``$group`` / ``$bucket`` / ``$bucketAuto`` operators of the MongoDB manual.

Each class compiles (``compile_expression()``) to its operator document, so a stage just
compiles its values: ``Pipeline.group({"total": Sum("$price")})`` or
``Pipeline.group(Sum(Order.price).alias("total"))``. ``sort_by`` arguments take every sort
payload form (``gault.sorting``). The custom ``$accumulator`` is ``FunctionAccumulator``
(``Accumulator`` is the base class). The same operators used inside an expression (``$sum`` of
an array) live in ``gault.expressions``; over a window, in ``gault.window_aggregators``.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from gault import interfaces
from gault._expressions._support import check_percentiles, compile_argument
from gault._support import Immutable, camel
from gault.compilers import call_compile, compile_expression
from gault.exceptions import CompilationError
from gault.interfaces import AsAlias, Context
from gault.sorting import normalize_sort

__all__ = [
    "Accumulator",
    "AddToSet",
    "Avg",
    "Bottom",
    "BottomN",
    "ConcatArrays",
    "Count",
    "First",
    "FirstN",
    "FunctionAccumulator",
    "Last",
    "LastN",
    "Max",
    "MaxN",
    "Median",
    "MergeObjects",
    "Min",
    "MinN",
    "Percentile",
    "Push",
    "SetUnion",
    "StdDevPop",
    "StdDevSamp",
    "Sum",
    "Top",
    "TopN",
    "compile_accumulator",
]


class Accumulator(interfaces.ExpressionOperator, AsAlias, Immutable):
    """Base of every accumulator: ``{operator: <arguments>}``, aliasable, immutable."""

    __slots__ = ()

    #: The MQL operator this class compiles to (``"$sum"``).
    operator: ClassVar[str]

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{operator: arguments}``."""
        return {self.operator: self.compile_arguments()}

    def compile_arguments(self, *, context: Context = None) -> Any:
        """Return the operator's compiled arguments: ``{"camelKey": value}``, None dropped."""
        return {
            camel(name): compile_argument(self, value)
            for name, value in self._arguments()
            if value is not None
        }


class _Single(Accumulator):
    """An accumulator of one expression: ``{"$op": input}``."""

    __slots__ = ("input",)

    input: Any

    def __init__(self, input: Any) -> None:
        self._assign(input=input)

    def compile_arguments(self, *, context: Context = None) -> Any:
        """Return the compiled input."""
        return compile_argument(self, self.input)


class AddToSet(_Single):
    """``$addToSet``: an array of the distinct values of ``input`` in the group."""

    __slots__ = ()
    operator = "$addToSet"


class Avg(_Single):
    """``$avg``: the average of the numeric values of ``input`` (non-numbers ignored)."""

    __slots__ = ()
    operator = "$avg"


class ConcatArrays(_Single):
    """``$concatArrays``: the arrays of ``input`` concatenated, in group order (MongoDB 8.1)."""

    __slots__ = ()
    operator = "$concatArrays"


class First(_Single):
    """``$first``: the value of ``input`` in the first document of the group."""

    __slots__ = ()
    operator = "$first"


class Last(_Single):
    """``$last``: the value of ``input`` in the last document of the group."""

    __slots__ = ()
    operator = "$last"


class Max(_Single):
    """``$max``: the largest value of ``input`` in the group."""

    __slots__ = ()
    operator = "$max"


class MergeObjects(_Single):
    """``$mergeObjects``: the documents of ``input`` merged (later fields win)."""

    __slots__ = ()
    operator = "$mergeObjects"


class Min(_Single):
    """``$min``: the smallest value of ``input`` in the group."""

    __slots__ = ()
    operator = "$min"


class Push(_Single):
    """``$push``: an array of every value of ``input`` in the group."""

    __slots__ = ()
    operator = "$push"


class SetUnion(_Single):
    """``$setUnion``: the distinct elements of the arrays of ``input`` (MongoDB 8.1)."""

    __slots__ = ()
    operator = "$setUnion"


class StdDevPop(_Single):
    """``$stdDevPop``: the population standard deviation of ``input``."""

    __slots__ = ()
    operator = "$stdDevPop"


class StdDevSamp(_Single):
    """``$stdDevSamp``: the sample standard deviation of ``input``."""

    __slots__ = ()
    operator = "$stdDevSamp"


class Sum(_Single):
    """``$sum``: the sum of the numeric values of ``input`` (``Sum(1)`` counts documents)."""

    __slots__ = ()
    operator = "$sum"


class Count(Accumulator):
    """``$count``: the number of documents in the group (``{"$count": {}}``)."""

    __slots__ = ()
    operator = "$count"

    def __init__(self) -> None:
        pass


def check_n(owner: type, n: Any) -> Any:
    """Return ``n`` after checking that a literal ``n`` is a positive integer."""
    if isinstance(n, bool) or (isinstance(n, (int, float)) and (n < 1 or n != int(n))):
        raise ValueError(f"{owner.__name__}: n must be a positive integer, got {n!r}")
    return n


def check_sort(owner: type, sort_by: Any) -> dict[str, Any]:
    """Return ``sort_by`` normalised to ``{path: direction}``; an empty payload is an error."""
    normalized = normalize_sort(sort_by)
    if normalized is None:
        raise ValueError(f"{owner.__name__}: sort_by must name at least one field")
    return normalized


class _InputN(Accumulator):
    """``{"$op": {"input": ..., "n": ...}}``."""

    __slots__ = ("input", "n")

    input: Any
    n: Any

    def __init__(self, input: Any, n: Any) -> None:
        if _is_count(input) and not _is_count(n) and not isinstance(n, float):
            raise TypeError(
                f"{type(self).__name__} takes (input, n), got input={input!r} and n={n!r}: "
                "swapped? (gault 0.14's window operators took n first)"
            )
        self._assign(input=input, n=check_n(type(self), n))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class FirstN(_InputN):
    """``$firstN``: the values of ``input`` in the first ``n`` documents of the group."""

    __slots__ = ()
    operator = "$firstN"


class LastN(_InputN):
    """``$lastN``: the values of ``input`` in the last ``n`` documents of the group."""

    __slots__ = ()
    operator = "$lastN"


class MaxN(_InputN):
    """``$maxN``: the ``n`` largest values of ``input`` in the group."""

    __slots__ = ()
    operator = "$maxN"


class MinN(_InputN):
    """``$minN``: the ``n`` smallest values of ``input`` in the group."""

    __slots__ = ()
    operator = "$minN"


class Median(Accumulator):
    """``$median``: the median of ``input`` (``method`` ``"approximate"``, the only one)."""

    __slots__ = ("input", "method")
    operator = "$median"

    input: Any
    method: str

    def __init__(self, input: Any, method: str = "approximate") -> None:
        self._assign(input=input, method=method)


class Percentile(Accumulator):
    """``$percentile``: the values of ``input`` at the percentiles ``p`` (each in ``[0, 1]``)."""

    __slots__ = ("input", "method", "p")
    operator = "$percentile"

    input: Any
    p: Any
    method: str

    def __init__(self, input: Any, p: Any, method: str = "approximate") -> None:
        self._assign(input=input, p=check_percentiles(type(self), p), method=method)


class _Ranked(Accumulator):
    """``{"$op": {"sortBy": ..., "output": ...}}`` with an optional ``n``."""

    __slots__ = ()

    def compile_arguments(self, *, context: Context = None) -> Any:
        """Return ``{"n"?, "sortBy", "output"}``."""
        body: dict[str, Any] = {}
        for name, value in self._arguments():
            body[camel(name)] = value if name == "sort_by" else compile_argument(self, value)
        return body


class Top(_Ranked):
    """``$top``: ``output`` of the first document of the group ordered by ``sort_by``."""

    __slots__ = ("output", "sort_by")
    operator = "$top"

    sort_by: dict[str, Any]
    output: Any

    def __init__(self, sort_by: Any, output: Any) -> None:
        self._assign(sort_by=check_sort(type(self), sort_by), output=output)


class Bottom(_Ranked):
    """``$bottom``: ``output`` of the last document of the group ordered by ``sort_by``."""

    __slots__ = ("output", "sort_by")
    operator = "$bottom"

    sort_by: dict[str, Any]
    output: Any

    def __init__(self, sort_by: Any, output: Any) -> None:
        self._assign(sort_by=check_sort(type(self), sort_by), output=output)


class TopN(_Ranked):
    """``$topN``: ``output`` of the first ``n`` documents of the group ordered by ``sort_by``."""

    __slots__ = ("n", "output", "sort_by")
    operator = "$topN"

    n: Any
    sort_by: dict[str, Any]
    output: Any

    def __init__(self, n: Any, sort_by: Any, output: Any) -> None:
        self._assign(
            n=check_n(type(self), n), sort_by=check_sort(type(self), sort_by), output=output
        )


class BottomN(_Ranked):
    """``$bottomN``: ``output`` of the last ``n`` documents of the group ordered by
    ``sort_by``."""

    __slots__ = ("n", "output", "sort_by")
    operator = "$bottomN"

    n: Any
    sort_by: dict[str, Any]
    output: Any

    def __init__(self, n: Any, sort_by: Any, output: Any) -> None:
        self._assign(
            n=check_n(type(self), n), sort_by=check_sort(type(self), sort_by), output=output
        )


class FunctionAccumulator(Accumulator):
    """``$accumulator``: a custom accumulator written as JavaScript functions.

    ``init``, ``accumulate``, ``merge`` and ``finalize`` are JavaScript source strings;
    ``accumulate_args`` and ``init_args`` are expressions passed to them.
    """

    __slots__ = (
        "accumulate",
        "accumulate_args",
        "finalize",
        "init",
        "init_args",
        "lang",
        "merge",
    )
    operator = "$accumulator"

    init: str
    init_args: Any
    accumulate: str
    accumulate_args: Any
    merge: str
    finalize: str | None
    lang: str

    def __init__(
        self,
        init: str,
        accumulate: str,
        accumulate_args: Any,
        merge: str,
        *,
        finalize: str | None = None,
        init_args: Any = None,
        lang: str = "js",
    ) -> None:
        self._assign(
            init=init,
            init_args=init_args,
            accumulate=accumulate,
            accumulate_args=accumulate_args,
            merge=merge,
            finalize=finalize,
            lang=lang,
        )


def compile_accumulator(value: Any, context: Context = None) -> Any:
    """Compile an accumulator: an ``Accumulator``, an operator, or a raw ``{"$op": ...}`` dict.

    Raises ``CompilationError`` for anything else (a bare field or literal is not an
    accumulator).
    """
    if isinstance(value, interfaces.ExpressionOperator):
        return call_compile(value, "compile_expression")
    if isinstance(value, Mapping):
        compiled = compile_expression(value)
        if len(compiled) == 1 and next(iter(compiled)).startswith("$"):
            return compiled
    raise CompilationError(
        f"expected an accumulator (e.g. Sum('$price')) or a {{'$op': ...}} document, "
        f"got {type(value).__name__} {value!r}",
        value,
    )
