"""Window operators: exact compiled documents (window nested under "window"), validation, and
$setWindowFields execution on the server."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pymongo.synchronous.database import Database

from gault import window_aggregators as w
from gault.compilers import compile_expression
from gault.interfaces import Aliased

ROWS = {"documents": ["unbounded", "current"]}

CASES: list[tuple[Any, Any]] = [
    (
        w.AddToSet("$x", window_documents=("unbounded", "current")),
        {"$addToSet": "$x", "window": ROWS},
    ),
    (w.Avg("$x", window_documents=(-1, 1)), {"$avg": "$x", "window": {"documents": [-1, 1]}}),
    (w.Avg("$x"), {"$avg": "$x"}),
    (
        w.Bottom("x", "$y", window_documents=("unbounded", "current")),
        {"$bottom": {"sortBy": {"x": 1}, "output": "$y"}, "window": ROWS},
    ),
    (
        w.BottomN(2, "-x", "$y"),
        {"$bottomN": {"n": 2, "sortBy": {"x": -1}, "output": "$y"}},
    ),
    (w.ConcatArrays("$tags"), {"$concatArrays": "$tags"}),
    (
        w.Count(window_range=(-10, 10)),
        {"$count": {}, "window": {"range": [-10, 10]}},
    ),
    (w.CovariancePop("$x", "$y"), {"$covariancePop": ["$x", "$y"]}),
    (
        w.CovarianceSamp("$x", "$y", window_documents=("unbounded", "unbounded")),
        {"$covarianceSamp": ["$x", "$y"], "window": {"documents": ["unbounded", "unbounded"]}},
    ),
    (w.DenseRank(), {"$denseRank": {}}),
    (
        w.Derivative("$x", "hour", window_range=(-1, 0), window_unit="hour"),
        {
            "$derivative": {"input": "$x", "unit": "hour"},
            "window": {"range": [-1, 0], "unit": "hour"},
        },
    ),
    (
        w.Derivative("$x", window_documents=(-1, 0)),
        {"$derivative": {"input": "$x"}, "window": {"documents": [-1, 0]}},
    ),
    (w.DocumentNumber(), {"$documentNumber": {}}),
    (w.ExpMovingAvg("$x", n=3), {"$expMovingAvg": {"input": "$x", "N": 3}}),
    (w.ExpMovingAvg("$x", alpha=0.5), {"$expMovingAvg": {"input": "$x", "alpha": 0.5}}),
    (w.ExpMovingAvg("$x", 2), {"$expMovingAvg": {"input": "$x", "N": 2}}),
    (w.First("$x"), {"$first": "$x"}),
    (w.FirstN(2, "$x"), {"$firstN": {"input": "$x", "n": 2}}),
    (w.Integral("$x"), {"$integral": {"input": "$x"}}),
    (
        w.Integral("$x", "second", window_range=("unbounded", "current"), window_unit="second"),
        {
            "$integral": {"input": "$x", "unit": "second"},
            "window": {"range": ["unbounded", "current"], "unit": "second"},
        },
    ),
    (w.Last("$x"), {"$last": "$x"}),
    (w.LastN(2, "$x"), {"$lastN": {"input": "$x", "n": 2}}),
    (w.LinearFill("$x"), {"$linearFill": "$x"}),
    (w.Locf("$x"), {"$locf": "$x"}),
    (w.Max("$x"), {"$max": "$x"}),
    (w.MaxN(2, "$x"), {"$maxN": {"input": "$x", "n": 2}}),
    (w.Median("$x"), {"$median": {"input": "$x", "method": "approximate"}}),
    (w.Min("$x"), {"$min": "$x"}),
    (w.MinMaxScaler("$x"), {"$minMaxScaler": "$x"}),
    (w.MinMaxScaler("$x", max=100), {"$minMaxScaler": {"input": "$x", "max": 100}}),
    (
        w.MinMaxScaler("$x", -1, 1, window_documents=("unbounded", "unbounded")),
        {
            "$minMaxScaler": {"input": "$x", "min": -1, "max": 1},
            "window": {"documents": ["unbounded", "unbounded"]},
        },
    ),
    (w.MinN(2, "$x"), {"$minN": {"input": "$x", "n": 2}}),
    (
        w.Percentile("$x", [0.9]),
        {"$percentile": {"input": "$x", "p": [0.9], "method": "approximate"}},
    ),
    (w.Push("$x"), {"$push": "$x"}),
    (w.Rank(), {"$rank": {}}),
    (w.SetUnion("$tags"), {"$setUnion": "$tags"}),
    (w.Shift("$x", 1), {"$shift": {"output": "$x", "by": 1}}),
    (w.Shift("$x", -1, "none"), {"$shift": {"output": "$x", "by": -1, "default": "none"}}),
    (w.StdDevPop("$x"), {"$stdDevPop": "$x"}),
    (w.StdDevSamp("$x"), {"$stdDevSamp": "$x"}),
    (
        w.Sum("$x", window_documents=("unbounded", "current")),
        {"$sum": "$x", "window": ROWS},
    ),
    (
        w.Sum("$x", window_range=(-7, 0), window_unit="day"),
        {"$sum": "$x", "window": {"range": [-7, 0], "unit": "day"}},
    ),
    (w.Top("x", "$y"), {"$top": {"sortBy": {"x": 1}, "output": "$y"}}),
    (w.TopN("x", "$y", 3), {"$topN": {"n": 3, "sortBy": {"x": 1}, "output": "$y"}}),
]


@pytest.mark.parametrize(("operator", "expected"), CASES, ids=lambda value: repr(value)[:60])
def test_compiles_exactly(operator: w.WindowOperator, expected: Any) -> None:
    assert operator.compile_expression() == expected
    assert compile_expression(operator) == expected


def test_every_window_operator_is_covered() -> None:
    covered = {type(operator) for operator, _ in CASES}
    classes = {
        value
        for name in w.__all__
        if isinstance(value := getattr(w, name), type)
        and issubclass(value, w.WindowOperator)
        and value is not w.WindowOperator
    }
    assert classes == covered


def test_alias() -> None:
    aliased = w.Rank().alias("rank")
    assert isinstance(aliased, Aliased) and aliased.ref == "rank"


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: w.Sum("$x", window_documents=(0, 1), window_range=(0, 1)),
            ValueError,
            "Sum: give window_documents or window_range, not both",
        ),
        (
            lambda: w.Sum("$x", window_unit="day"),
            ValueError,
            "Sum: window_unit needs window_range",
        ),
        (
            lambda: w.Sum("$x", window_range=(0, 1), window_unit="fortnight"),
            ValueError,
            "Sum: window_unit must be one of",
        ),
        (
            lambda: w.Avg("$x", window_documents=(0.5, 1)),
            ValueError,
            "Avg: window_documents bounds are 'unbounded', 'current' or an int, got 0.5",
        ),
        (
            lambda: w.Avg("$x", window_documents=("current", "later")),  # type: ignore[arg-type]
            ValueError,
            "Avg: window_documents bounds are",
        ),
        (
            lambda: w.Avg("$x", window_documents=(1,)),  # type: ignore[arg-type]
            ValueError,
            "Avg: window_documents is a (lower, upper) pair",
        ),
        (
            lambda: w.Max("$x", window_range=(5, -5)),
            ValueError,
            "Max: window_range lower bound 5 exceeds upper -5",
        ),
        (lambda: w.Derivative("$x"), ValueError, "Derivative needs a window"),
        (lambda: w.ExpMovingAvg("$x"), TypeError, "ExpMovingAvg: n or alpha required"),
        (
            lambda: w.ExpMovingAvg("$x", n=2, alpha=0.1),
            TypeError,
            "ExpMovingAvg: n or alpha, not both",
        ),
        (lambda: w.ExpMovingAvg("$x", alpha=2), ValueError, "ExpMovingAvg: alpha is between"),
        (lambda: w.Shift("$x", "1"), TypeError, "Shift: by is an integer"),  # type: ignore[arg-type]
        (lambda: w.FirstN(0, "$x"), ValueError, "FirstN: n must be a positive integer"),
        (lambda: w.Top([], "$x"), ValueError, "Top: sort_by must name at least one field"),
        (lambda: w.Rank(window_documents=(0, 1)), TypeError, "unexpected keyword"),  # type: ignore[call-arg]
    ],
)
def test_bad_arguments(build: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        build()


SERIES = [
    {"_id": 1, "g": "a", "x": 1, "y": 2, "tags": ["p"]},
    {"_id": 2, "g": "a", "x": 3, "y": None, "tags": ["q"]},
    {"_id": 3, "g": "a", "x": 5, "y": 6, "tags": ["p"]},
]

#: The bundled server has no $setWindowFields stage at all (it answers "Unrecognized pipeline
#: stage name: '$setWindowFields'"), so these execution cases run only against a real MongoDB.

#: (case id, operator, the output field for the three documents in _id order).
RUN_CASES: list[tuple[str, Any, list[Any]]] = [
    ("$sum", w.Sum("$x", window_documents=("unbounded", "current")), [1, 4, 9]),
    ("$avg", w.Avg("$x", window_documents=(-1, 1)), [2.0, 3.0, 4.0]),
    ("$count", w.Count(window_documents=("unbounded", "current")), [1, 2, 3]),
    ("$max", w.Max("$x", window_documents=(-1, 0)), [1, 3, 5]),
    ("$min", w.Min("$x", window_documents=(0, 1)), [1, 3, 5]),
    ("$push", w.Push("$x", window_documents=(-1, 0)), [[1], [1, 3], [3, 5]]),
    ("$addToSet", w.AddToSet("$g", window_documents=("unbounded", "current")), [["a"]] * 3),
    ("$first", w.First("$x", window_documents=(-1, 0)), [1, 1, 3]),
    ("$last", w.Last("$x", window_documents=(0, 1)), [3, 5, 5]),
    ("$firstN", w.FirstN(2, "$x"), [[1, 3]] * 3),
    ("$lastN", w.LastN(2, "$x"), [[3, 5]] * 3),
    ("$maxN", w.MaxN(2, "$x"), [[5, 3]] * 3),
    ("$minN", w.MinN(2, "$x"), [[1, 3]] * 3),
    ("$top", w.Top("-x", "$x"), [5, 5, 5]),
    ("$topN", w.TopN("-x", "$x", 2), [[5, 3]] * 3),
    ("$bottom", w.Bottom("-x", "$x"), [1, 1, 1]),
    ("$bottomN", w.BottomN(2, "-x", "$x"), [[3, 1]] * 3),
    ("$stdDevPop", w.StdDevPop("$x"), [1.632993161855452] * 3),
    ("$stdDevSamp", w.StdDevSamp("$x"), [2.0] * 3),
    ("$median", w.Median("$x"), [3.0] * 3),
    ("$percentile", w.Percentile("$x", [0.5]), [[3.0]] * 3),
    ("$concatArrays", w.ConcatArrays("$tags"), [["p", "q", "p"]] * 3),
    ("$setUnion", w.SetUnion("$tags"), [["p", "q"]] * 3),
    ("$covariancePop", w.CovariancePop("$x", "$x"), [8 / 3] * 3),
    ("$covarianceSamp", w.CovarianceSamp("$x", "$x"), [4.0] * 3),
    ("$rank", w.Rank(), [1, 2, 3]),
    ("$denseRank", w.DenseRank(), [1, 2, 3]),
    ("$documentNumber", w.DocumentNumber(), [1, 2, 3]),
    ("$shift", w.Shift("$x", 1, 0), [3, 5, 0]),
    ("$derivative", w.Derivative("$x", window_documents=(-1, 0)), [None, 1.0, 1.0]),
    ("$integral", w.Integral("$x", window_documents=("unbounded", "current")), [0.0, 4.0, 12.0]),
    ("$expMovingAvg", w.ExpMovingAvg("$x", alpha=0.5), [1.0, 2.0, 3.5]),
    ("$linearFill", w.LinearFill("$y"), [2, 4.0, 6]),
    ("$locf", w.Locf("$y"), [2, 2, 6]),
    ("$minMaxScaler", w.MinMaxScaler("$x"), [0.0, 0.5, 1.0]),
]


@pytest.mark.needs_mongodb
@pytest.mark.parametrize(
    ("operator", "expected"),
    [pytest.param(operator, expected, id=name) for name, operator, expected in RUN_CASES],
)
def test_server_runs_window(sync_db: Database[Any], operator: Any, expected: list[Any]) -> None:
    sync_db.series.insert_many(SERIES)
    stage = {
        "$setWindowFields": {
            "partitionBy": "$g",
            "sortBy": {"x": 1},
            "output": {"out": compile_expression(operator)},
        }
    }
    results = [doc["out"] for doc in sync_db.series.aggregate([stage, {"$sort": {"_id": 1}}])]
    if isinstance(operator, (w.AddToSet, w.SetUnion)):
        results = [sorted(value) for value in results]
    numeric = all(isinstance(value, (int, float)) for value in expected)
    assert results == (pytest.approx(expected) if numeric else expected)


def test_every_window_operator_has_an_execution_case() -> None:
    assert {name for name, _, _ in RUN_CASES} == {
        next(key for key in operator.compile_expression() if key != "window")
        for operator, _ in CASES
    }
