"""Accumulators: exact compiled documents, validation, and $group execution on the server."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pymongo.synchronous.database import Database

from gault import accumulators as a
from gault.compilers import compile_expression
from gault.exceptions import CompilationError
from gault.expressions import Add, Var
from gault.interfaces import Aliased
from gault.predicates import Field

CASES: list[tuple[Any, Any]] = [
    (a.AddToSet("$tag"), {"$addToSet": "$tag"}),
    (a.Avg("$price"), {"$avg": "$price"}),
    (a.Bottom("-price", "$name"), {"$bottom": {"sortBy": {"price": -1}, "output": "$name"}}),
    (
        a.BottomN(2, [("price", 1), "name"], ["$name", "$price"]),
        {
            "$bottomN": {
                "n": 2,
                "sortBy": {"price": 1, "name": 1},
                "output": ["$name", "$price"],
            }
        },
    ),
    (a.ConcatArrays("$tags"), {"$concatArrays": "$tags"}),
    (a.Count(), {"$count": {}}),
    (a.First("$name"), {"$first": "$name"}),
    (a.FirstN("$name", 3), {"$firstN": {"input": "$name", "n": 3}}),
    (a.Last("$name"), {"$last": "$name"}),
    (a.LastN("$name", 3), {"$lastN": {"input": "$name", "n": 3}}),
    (a.Max("$price"), {"$max": "$price"}),
    (a.MaxN("$price", 2), {"$maxN": {"input": "$price", "n": 2}}),
    (a.Median("$price"), {"$median": {"input": "$price", "method": "approximate"}}),
    (a.MergeObjects("$attrs"), {"$mergeObjects": "$attrs"}),
    (a.Min("$price"), {"$min": "$price"}),
    (a.MinN("$price", 2), {"$minN": {"input": "$price", "n": 2}}),
    (
        a.Percentile("$price", [0.5, 0.95]),
        {"$percentile": {"input": "$price", "p": [0.5, 0.95], "method": "approximate"}},
    ),
    (a.Push({"n": "$name"}), {"$push": {"n": "$name"}}),
    (a.SetUnion("$tags"), {"$setUnion": "$tags"}),
    (a.StdDevPop("$price"), {"$stdDevPop": "$price"}),
    (a.StdDevSamp("$price"), {"$stdDevSamp": "$price"}),
    (a.Sum(1), {"$sum": 1}),
    (a.Sum(Add("$price", "$tax")), {"$sum": {"$add": ["$price", "$tax"]}}),
    (a.Sum(Field("price")), {"$sum": "$price"}),
    (a.Top({"price": -1}, "$name"), {"$top": {"sortBy": {"price": -1}, "output": "$name"}}),
    (
        a.TopN(2, Field("price"), "$name"),
        {"$topN": {"n": 2, "sortBy": {"price": 1}, "output": "$name"}},
    ),
    (
        a.FunctionAccumulator(
            "function() { return 0 }",
            "function(state, x) { return state + x }",
            ["$price"],
            "function(a, b) { return a + b }",
            finalize="function(state) { return state }",
            init_args=[],
        ),
        {
            "$accumulator": {
                "init": "function() { return 0 }",
                "initArgs": [],
                "accumulate": "function(state, x) { return state + x }",
                "accumulateArgs": ["$price"],
                "merge": "function(a, b) { return a + b }",
                "finalize": "function(state) { return state }",
                "lang": "js",
            }
        },
    ),
]


@pytest.mark.parametrize(("accumulator", "expected"), CASES, ids=lambda value: repr(value)[:50])
def test_compiles_exactly(accumulator: a.Accumulator, expected: Any) -> None:
    assert accumulator.compile_expression() == expected
    assert compile_expression(accumulator) == expected
    assert a.compile_accumulator(accumulator) == expected


def test_every_accumulator_is_covered() -> None:
    covered = {type(accumulator) for accumulator, _ in CASES}
    classes = {
        getattr(a, name)
        for name in a.__all__
        if isinstance(getattr(a, name), type) and getattr(a, name) is not a.Accumulator
    }
    assert classes == covered


def test_alias_and_repr() -> None:
    aliased = a.Sum("$price").alias("total")
    assert isinstance(aliased, Aliased) and aliased.ref == "total"
    assert repr(a.Sum("$price")) == "Sum(input='$price')"
    with pytest.raises(AttributeError, match="immutable"):
        a.Sum("$x").input = "$y"


def test_compile_accumulator_accepts_raw_documents() -> None:
    assert a.compile_accumulator({"$sum": Var("this")}) == {"$sum": "$$this"}
    for bad in ("$price", {"price": 1}, 3):
        with pytest.raises(CompilationError, match="expected an accumulator"):
            a.compile_accumulator(bad)


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: a.FirstN("$x", 0), ValueError, "FirstN: n must be a positive integer, got 0"),
        (lambda: a.TopN(True, "x", "$x"), ValueError, "TopN: n must be a positive integer"),
        (lambda: a.MaxN("$x", 1.5), ValueError, "MaxN: n must be a positive integer"),
        (lambda: a.Top([], "$x"), ValueError, "Top: sort_by must name at least one field"),
        (lambda: a.Bottom(None, "$x"), ValueError, "Bottom: sort_by must name"),
        (lambda: a.Percentile("$x", []), ValueError, "Percentile: p must list at least one"),
        (lambda: a.Percentile("$x", [1.5]), ValueError, "Percentile: percentiles are in [0, 1]"),
        (lambda: a.Percentile("$x", 0.5), TypeError, "Percentile: p is a list of numbers"),
    ],
)
def test_bad_arguments(build: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        build()


def test_n_may_be_an_expression() -> None:
    assert a.FirstN("$x", Var("n")).compile_expression() == {"$firstN": {"input": "$x", "n": "$$n"}}


SALES = [
    {"_id": 1, "shop": "a", "item": "pen", "price": 3, "tags": ["x"]},
    {"_id": 2, "shop": "a", "item": "ink", "price": 5, "tags": ["y"]},
    {"_id": 3, "shop": "b", "item": "pad", "price": 4, "tags": ["x"]},
    {"_id": 4, "shop": "a", "item": "pen", "price": 1, "tags": ["x"]},
]

#: Accumulators the bundled server does not implement → its error.
UNSUPPORTED: dict[str, str] = {
    "$bottom": "unknown group operator '$bottom'",
    "$bottomN": "unknown group operator '$bottomN'",
    "$concatArrays": "unknown group operator '$concatArrays'",
    "$count": "unknown group operator '$count'",
    "$firstN": "unknown group operator '$firstN'",
    "$lastN": "unknown group operator '$lastN'",
    "$maxN": "unknown group operator '$maxN'",
    "$median": "unknown group operator '$median'",
    "$mergeObjects": "unknown group operator '$mergeObjects'",
    "$minN": "unknown group operator '$minN'",
    "$percentile": "unknown group operator '$percentile'",
    "$setUnion": "unknown group operator '$setUnion'",
    "$stdDevPop": "unknown group operator '$stdDevPop'",
    "$stdDevSamp": "unknown group operator '$stdDevSamp'",
    "$top": "unknown group operator '$top'",
    "$topN": "unknown group operator '$topN'",
    "$accumulator": "unknown group operator '$accumulator'",
}

#: (accumulator, result for shop "a" when grouped by shop, sorted by _id first).
GROUP_CASES: list[tuple[str, Any, Any]] = [
    ("$addToSet", a.AddToSet("$item"), ["ink", "pen"]),
    ("$avg", a.Avg("$price"), 3.0),
    ("$bottom", a.Bottom("price", "$item"), "ink"),
    ("$bottomN", a.BottomN(2, "price", "$price"), [3, 5]),
    ("$concatArrays", a.ConcatArrays("$tags"), ["x", "y", "x"]),
    ("$count", a.Count(), 3),
    ("$first", a.First("$item"), "pen"),
    ("$firstN", a.FirstN("$price", 2), [3, 5]),
    ("$last", a.Last("$item"), "pen"),
    ("$lastN", a.LastN("$price", 2), [5, 1]),
    ("$max", a.Max("$price"), 5),
    ("$maxN", a.MaxN("$price", 2), [5, 3]),
    ("$median", a.Median("$price"), 3.0),
    ("$mergeObjects", a.MergeObjects({"last": "$item"}), {"last": "pen"}),
    ("$min", a.Min("$price"), 1),
    ("$minN", a.MinN("$price", 2), [1, 3]),
    ("$percentile", a.Percentile("$price", [0.5]), [3.0]),
    ("$push", a.Push("$price"), [3, 5, 1]),
    ("$setUnion", a.SetUnion("$tags"), ["x", "y"]),
    ("$stdDevPop", a.StdDevPop("$price"), 1.632993161855452),
    ("$stdDevSamp", a.StdDevSamp("$price"), 2.0),
    ("$sum", a.Sum("$price"), 9),
    ("$top", a.Top("-price", "$item"), "ink"),
    ("$topN", a.TopN(2, "-price", "$price"), [5, 3]),
    (
        "$accumulator",
        a.FunctionAccumulator(
            "function() { return 0 }",
            "function(s, x) { return s + x }",
            ["$price"],
            "function(a, b) { return a + b }",
        ),
        9,
    ),
]


def group_params() -> list[Any]:
    return [
        pytest.param(
            accumulator,
            expected,
            id=name,
            marks=[pytest.mark.needs_mongodb] if name in UNSUPPORTED else [],
        )
        for name, accumulator, expected in GROUP_CASES
    ]


@pytest.mark.parametrize(("accumulator", "expected"), group_params())
def test_server_groups(sync_db: Database[Any], accumulator: Any, expected: Any) -> None:
    sync_db.sales.insert_many(SALES)
    pipeline = [
        {"$sort": {"_id": 1}},
        {"$group": {"_id": "$shop", "out": a.compile_accumulator(accumulator)}},
        {"$match": {"_id": "a"}},
    ]
    (result,) = sync_db.sales.aggregate(pipeline)
    out = result["out"]
    if isinstance(expected, float):
        assert out == pytest.approx(expected)
    elif isinstance(accumulator, (a.AddToSet, a.SetUnion)):
        assert sorted(out) == expected
    else:
        assert out == expected


def test_unsupported_list_names_real_cases() -> None:
    assert set(UNSUPPORTED) <= {name for name, _, _ in GROUP_CASES}
