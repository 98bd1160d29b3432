"""Window operators: the ``$setWindowFields`` ``output`` operators of the MongoDB manual.

Each compiles to its operator document with the window NESTED under ``"window"``::

    Sum("$qty", window_documents=("unbounded", "current")).compile_expression()
    == {"$sum": "$qty", "window": {"documents": ["unbounded", "current"]}}

Bounds are ``"unbounded"``, ``"current"`` or a number (an int for ``window_documents``);
``window_unit`` (a date unit) goes with ``window_range``. Arguments come in the same order as
the accumulator twins in ``gault.accumulators``. Operators that take no window (``Rank``,
``Shift``, ``Locf``...) do not accept the window keywords.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, TypedDict, Unpack

from gault import accumulators as acc
from gault import interfaces
from gault._expressions._support import compile_argument
from gault._support import MISSING, Immutable, either
from gault.exceptions import ArgumentError
from gault.interfaces import AsAlias, Context

__all__ = [
    "AddToSet",
    "Avg",
    "Bottom",
    "BottomN",
    "ConcatArrays",
    "Count",
    "CovariancePop",
    "CovarianceSamp",
    "DenseRank",
    "Derivative",
    "DocumentNumber",
    "ExpMovingAvg",
    "First",
    "FirstN",
    "Integral",
    "Last",
    "LastN",
    "LinearFill",
    "Locf",
    "Max",
    "MaxN",
    "Median",
    "Min",
    "MinMaxScaler",
    "MinN",
    "Percentile",
    "Push",
    "Rank",
    "SetUnion",
    "Shift",
    "StdDevPop",
    "StdDevSamp",
    "Sum",
    "Top",
    "TopN",
    "Window",
    "WindowOperator",
]

Bound = Literal["unbounded", "current"] | int | float
DATE_UNITS = frozenset(
    {"year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond"}
)


class Window(TypedDict, total=False):
    """The window keywords: ``window_documents``, ``window_range``, ``window_unit``."""

    window_documents: tuple[Bound, Bound] | None
    window_range: tuple[Bound, Bound] | None
    window_unit: str | None


def compile_window(owner: type, options: Window) -> dict[str, Any] | None:
    """Return the ``"window"`` document for ``options``, or None when no window is given.

    Raises ``ValueError`` for bad bounds, both kinds of window, or a unit without a range.
    """
    documents = options.get("window_documents")
    range_ = options.get("window_range")
    unit = options.get("window_unit")
    if documents is not None and range_ is not None:
        raise ValueError(f"{owner.__name__}: give window_documents or window_range, not both")
    if unit is not None:
        if range_ is None:
            raise ValueError(f"{owner.__name__}: window_unit needs window_range")
        if unit not in DATE_UNITS:
            raise ValueError(
                f"{owner.__name__}: window_unit must be one of {sorted(DATE_UNITS)}, got {unit!r}"
            )
    if documents is not None:
        window: dict[str, Any] = {"documents": _bounds(owner, "window_documents", documents)}
    elif range_ is not None:
        window = {"range": _bounds(owner, "window_range", range_)}
    else:
        return None
    if unit is not None:
        window["unit"] = unit
    return window


def _bounds(owner: type, name: str, bounds: Any) -> list[Any]:
    if not isinstance(bounds, (tuple, list)) or len(bounds) != 2:
        raise ValueError(f"{owner.__name__}: {name} is a (lower, upper) pair, got {bounds!r}")
    numbers: tuple[type, ...] = (int,) if name == "window_documents" else (int, float)
    for bound in bounds:
        if bound not in ("unbounded", "current") and (
            isinstance(bound, bool) or not isinstance(bound, numbers)
        ):
            raise ValueError(
                f"{owner.__name__}: {name} bounds are 'unbounded', 'current' or "
                f"{'an int' if name == 'window_documents' else 'a number'}, got {bound!r}"
            )
    lower, upper = bounds
    if isinstance(lower, (int, float)) and isinstance(upper, (int, float)) and lower > upper:
        raise ValueError(f"{owner.__name__}: {name} lower bound {lower} exceeds upper {upper}")
    return list(bounds)


def _count_first(owner: type, n: Any, input: Any) -> Any:
    """Return ``n`` of a window ``FirstN``-style operator, which takes ``(n, input)`` (0.14's
    order, unlike the accumulators); a swapped call raises ``TypeError``."""

    def is_count(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if is_count(input) and not is_count(n) and not isinstance(n, float):
        raise TypeError(
            f"{owner.__name__} (window) takes (n, input), got n={n!r} and input={input!r}: "
            "swapped? (the accumulator takes (input, n))"
        )
    return n


class WindowOperator(interfaces.ExpressionOperator, AsAlias, Immutable):
    """Base of every window operator: an operator document plus an optional ``"window"``."""

    __slots__ = ("function", "window")

    #: The operator document (an accumulator or a window-only operator) before the window.
    function: interfaces.ExpressionOperator
    window: dict[str, Any] | None

    def _init(self, function: interfaces.ExpressionOperator, options: Window) -> None:
        self._assign(function=function, window=compile_window(type(self), options))

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$op": arguments, "window": {...}?}``."""
        compiled = dict(self.function.compile_expression())
        if self.window is not None:
            compiled["window"] = self.window
        return compiled


class _Operator(acc.Accumulator):
    """A window-only operator document: ``{operator: arguments}`` built by the window class."""

    __slots__ = ("arguments", "name")

    name: str
    arguments: Any

    def __init__(self, name: str, arguments: Any) -> None:
        self._assign(name=name, arguments=arguments)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{name: compiled arguments}``."""
        return {self.name: compile_argument(self, self.arguments)}


class AddToSet(WindowOperator):
    """``$addToSet`` of ``input`` over the window."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.AddToSet(input), window)


class Avg(WindowOperator):
    """``$avg`` of ``input`` over the window."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.Avg(input), window)


class Bottom(WindowOperator):
    """``$bottom``: ``output`` of the last document of the window ordered by ``sort_by``."""

    __slots__ = ()

    def __init__(self, sort_by: Any, output: Any, **window: Unpack[Window]) -> None:
        self._init(acc.Bottom(sort_by, output), window)


class BottomN(WindowOperator):
    """``$bottomN``: ``output`` of the last ``n`` documents of the window by ``sort_by``."""

    __slots__ = ()

    def __init__(self, n: Any, sort_by: Any, output: Any, **window: Unpack[Window]) -> None:
        self._init(acc.BottomN(n, sort_by, output), window)


class ConcatArrays(WindowOperator):
    """``$concatArrays`` of the arrays of ``field`` (0.14's name; ``input=`` too) over the
    window (MongoDB 8.1)."""

    __slots__ = ()

    def __init__(
        self, field: Any = MISSING, *, input: Any = MISSING, **window: Unpack[Window]
    ) -> None:
        self._init(acc.ConcatArrays(either("ConcatArrays", "field", field, "input", input)), window)


class Count(WindowOperator):
    """``$count``: the number of documents in the window."""

    __slots__ = ()

    def __init__(self, **window: Unpack[Window]) -> None:
        self._init(acc.Count(), window)


class _Covariance(WindowOperator):
    """The two covariance operators: ``(value1, value2)`` (0.14), or the manual's
    ``expression1``/``expression2`` by keyword."""

    __slots__ = ()

    #: The window operator this class compiles to.
    operator: ClassVar[str]

    def __init__(
        self,
        value1: Any = MISSING,
        value2: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
        **window: Unpack[Window],
    ) -> None:
        name = type(self).__name__
        value1 = either(name, "value1", value1, "expression1", expression1)
        value2 = either(name, "value2", value2, "expression2", expression2)
        self._init(_Operator(self.operator, [value1, value2]), window)


class CovariancePop(_Covariance):
    """``$covariancePop``: the population covariance of two numeric expressions."""

    __slots__ = ()
    operator = "$covariancePop"


class CovarianceSamp(_Covariance):
    """``$covarianceSamp``: the sample covariance of two numeric expressions."""

    __slots__ = ()
    operator = "$covarianceSamp"


class DenseRank(WindowOperator):
    """``$denseRank``: the document's rank in the partition, without gaps after ties."""

    __slots__ = ()

    def __init__(self) -> None:
        self._init(_Operator("$denseRank", {}), {})


class Derivative(WindowOperator):
    """``$derivative``: the average rate of change of ``input`` over the window (required).

    ``unit`` (a date unit) is required when sorting by dates.
    """

    __slots__ = ()

    def __init__(self, input: Any, unit: str | None = None, **window: Unpack[Window]) -> None:
        arguments = {"input": input} if unit is None else {"input": input, "unit": unit}
        self._init(_Operator("$derivative", arguments), window)
        if self.window is None:
            raise ValueError("Derivative needs a window (window_documents or window_range)")


class DocumentNumber(WindowOperator):
    """``$documentNumber``: the document's position in the partition (1, 2, 3...)."""

    __slots__ = ()

    def __init__(self) -> None:
        self._init(_Operator("$documentNumber", {}), {})


class ExpMovingAvg(WindowOperator):
    """``$expMovingAvg``: the exponential moving average of ``input``; give exactly one of
    ``n`` (emitted as ``N``) or ``alpha``."""

    __slots__ = ()

    def __init__(self, input: Any, n: Any = None, alpha: Any = None) -> None:
        if n is not None and alpha is not None:
            raise ArgumentError("ExpMovingAvg: n or alpha, not both")
        if n is None and alpha is None:
            raise ArgumentError("ExpMovingAvg: n or alpha required")
        if n is not None:
            arguments = {"input": input, "N": acc.check_n(type(self), n)}
        else:
            if isinstance(alpha, (int, float)) and not 0 < alpha < 1:
                raise ValueError(f"ExpMovingAvg: alpha is between 0 and 1, got {alpha!r}")
            arguments = {"input": input, "alpha": alpha}
        self._init(_Operator("$expMovingAvg", arguments), {})


class First(WindowOperator):
    """``$first``: ``input`` of the first document of the window."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.First(input), window)


class FirstN(WindowOperator):
    """``$firstN``: ``input`` of the first ``n`` documents of the window."""

    __slots__ = ()

    def __init__(self, n: Any, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.FirstN(input, _count_first(type(self), n, input)), window)


class Integral(WindowOperator):
    """``$integral``: the area under the curve of ``input`` over the window (trapezoids).

    ``unit`` (a date unit) is required when sorting by dates.
    """

    __slots__ = ()

    def __init__(self, input: Any, unit: str | None = None, **window: Unpack[Window]) -> None:
        arguments = {"input": input} if unit is None else {"input": input, "unit": unit}
        self._init(_Operator("$integral", arguments), window)


class Last(WindowOperator):
    """``$last``: ``input`` of the last document of the window."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.Last(input), window)


class LastN(WindowOperator):
    """``$lastN``: ``input`` of the last ``n`` documents of the window."""

    __slots__ = ()

    def __init__(self, n: Any, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.LastN(input, _count_first(type(self), n, input)), window)


class LinearFill(WindowOperator):
    """``$linearFill``: null and missing ``input`` values filled by linear interpolation."""

    __slots__ = ()

    def __init__(self, input: Any) -> None:
        self._init(_Operator("$linearFill", input), {})


class Locf(WindowOperator):
    """``$locf``: null and missing ``input`` values filled with the last non-null value."""

    __slots__ = ()

    def __init__(self, input: Any) -> None:
        self._init(_Operator("$locf", input), {})


class Max(WindowOperator):
    """``$max`` of ``input`` over the window."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.Max(input), window)


class MaxN(WindowOperator):
    """``$maxN``: the ``n`` largest values of ``input`` over the window."""

    __slots__ = ()

    def __init__(self, n: Any, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.MaxN(input, _count_first(type(self), n, input)), window)


class Median(WindowOperator):
    """``$median`` of ``input`` over the window (``method`` ``"approximate"``)."""

    __slots__ = ()

    def __init__(self, input: Any, method: str = "approximate", **window: Unpack[Window]) -> None:
        self._init(acc.Median(input, method), window)


class Min(WindowOperator):
    """``$min`` of ``input`` over the window."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.Min(input), window)


class MinMaxScaler(WindowOperator):
    """``$minMaxScaler``: ``input`` rescaled over the window to ``[min, max]`` (each defaults to
    ``0`` and ``1`` when omitted; MongoDB 8.2)."""

    __slots__ = ()

    def __init__(
        self, input: Any, min: Any = None, max: Any = None, **window: Unpack[Window]
    ) -> None:
        if min is None and max is None:
            self._init(_Operator("$minMaxScaler", input), window)
            return
        arguments = {"input": input}
        if min is not None:
            arguments["min"] = min
        if max is not None:
            arguments["max"] = max
        self._init(_Operator("$minMaxScaler", arguments), window)


class MinN(WindowOperator):
    """``$minN``: the ``n`` smallest values of ``input`` over the window."""

    __slots__ = ()

    def __init__(self, n: Any, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.MinN(input, _count_first(type(self), n, input)), window)


class Percentile(WindowOperator):
    """``$percentile``: the values of ``input`` at percentiles ``p`` over the window."""

    __slots__ = ()

    def __init__(
        self, input: Any, p: Any, method: str = "approximate", **window: Unpack[Window]
    ) -> None:
        self._init(acc.Percentile(input, p, method), window)


class Push(WindowOperator):
    """``$push``: every value of ``input`` over the window, as an array."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.Push(input), window)


class Rank(WindowOperator):
    """``$rank``: the document's rank in the partition, with gaps after ties."""

    __slots__ = ()

    def __init__(self) -> None:
        self._init(_Operator("$rank", {}), {})


class SetUnion(WindowOperator):
    """``$setUnion`` of the arrays of ``input`` over the window (MongoDB 8.1)."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.SetUnion(input), window)


class Shift(WindowOperator):
    """``$shift``: ``output`` of the document ``by`` positions away in the partition, or
    ``default`` (null when None) past its ends."""

    __slots__ = ()

    def __init__(self, output: Any, by: int, default: Any = None) -> None:
        if isinstance(by, bool) or not isinstance(by, int):
            raise TypeError(f"Shift: by is an integer, got {by!r}")
        arguments = {"output": output, "by": by}
        if default is not None:
            arguments["default"] = default
        self._init(_Operator("$shift", arguments), {})


class StdDevPop(WindowOperator):
    """``$stdDevPop`` of ``input`` over the window."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.StdDevPop(input), window)


class StdDevSamp(WindowOperator):
    """``$stdDevSamp`` of ``input`` over the window."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.StdDevSamp(input), window)


class Sum(WindowOperator):
    """``$sum`` of ``input`` over the window."""

    __slots__ = ()

    def __init__(self, input: Any, **window: Unpack[Window]) -> None:
        self._init(acc.Sum(input), window)


class Top(WindowOperator):
    """``$top``: ``output`` of the first document of the window ordered by ``sort_by``."""

    __slots__ = ()

    def __init__(self, sort_by: Any, output: Any, **window: Unpack[Window]) -> None:
        self._init(acc.Top(sort_by, output), window)


class TopN(WindowOperator):
    """``$topN``: ``output`` of the first ``n`` documents of the window by ``sort_by``."""

    __slots__ = ()

    def __init__(self, sort_by: Any, output: Any, n: Any, **window: Unpack[Window]) -> None:
        self._init(acc.TopN(n, sort_by, output), window)
