"""gault 0.14 code keeps working: the same call builds the same MQL (issue #13).

One test per item of ``compat-0.14.md`` §1–§3 and §5–§7, and one per row of §4's table: the
0.14 call, by position and by keyword, and the exact MQL (or exception) 0.14 documents.
Where 0.14 contradicts the manual, docs/upgrading.md lists the difference instead.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from pymongo.database import Database

from gault import accumulators as acc
from gault import compilers
from gault import expressions as ex
from gault import window_aggregators as win
from gault.accumulators import Accumulator, compile_accumulator
from gault.compilers import (
    compile_expression,
    compile_expression_multi,
    compile_field,
    compile_path,
    compile_query,
    compile_value,
)
from gault.exceptions import ArgumentError, Unprocessable, UnsupportedError
from gault.expressions import ExpressionOperator, Var
from gault.geo import Point, compile_geo
from gault.interfaces import AsRef, QueryPredicate
from gault.managers import Manager
from gault.models import Model, Schema
from gault.pipelines import CollectionPipeline, Pipeline
from gault.predicates import (
    All,
    And,
    BitsAllClear,
    BitsAllSet,
    BitsAnyClear,
    BitsAnySet,
    Condition,
    ElemMatch,
    Eq,
    Exists,
    Field,
    GeoIntersects,
    GeoWithin,
    Gt,
    Gte,
    In,
    Lt,
    Lte,
    Mod,
    Ne,
    Near,
    NearSphere,
    Nin,
    NoOp,
    Nor,
    Not,
    Or,
    Regex,
    Size,
    Type,
)
from gault.shapes import Box


class Item(Schema, collection="compat14_items"):
    id: str
    qty: int = 0


# -- §1 the compile protocol takes ``context`` ------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: compile_expression(ex.Add("$a", 1), context={}), {"$add": ["$a", 1]}),
        (lambda: compile_query(Field("a") == 1, context={}), {"a": {"$eq": 1}}),
        (lambda: compile_field(Field("a"), context={}), "a"),
        (lambda: compile_path(Field("a"), context={}), "$a"),
        (lambda: compile_expression_multi("$a", 1, context={}), ["$a", 1]),
        (lambda: compile_value([1, "$a"], context={}), [1, "$a"]),
        (lambda: compile_accumulator(acc.Sum("$a"), context={}), {"$sum": "$a"}),
        (
            lambda: compile_geo(Point(1, 2), {}),
            {"$geometry": {"type": "Point", "coordinates": [1, 2]}},
        ),
        (lambda: ex.Add("$a", 1).compile_expression(context={}), {"$add": ["$a", 1]}),
        (lambda: (Field("a") == 1).compile_query(context={}), {"a": {"$eq": 1}}),
        (lambda: Field("a").compile_field(context={}), "a"),
        (lambda: Var("x").compile_expression(context={}), "$$x"),
        (lambda: acc.Sum("$a").compile_expression(context={}), {"$sum": "$a"}),
        (lambda: win.Sum("$a").compile_expression(context={}), {"$sum": "$a"}),
        (lambda: Gte(18).compile_query(context={}), {"$gte": 18}),
        (lambda: Pipeline().take(1).build(context={}), [{"$limit": 1}]),
        (lambda: Pipeline().take(1).steps[0].compile({}), {"$limit": 1}),
        (lambda: Box((0, 0), (1, 1)).compile_expression(context={}), {"$box": [[0, 0], [1, 1]]}),
    ],
)
def test_our_compile_methods_accept_the_0_14_context(
    call: Callable[[], Any], expected: Any
) -> None:
    assert call() == expected


@dataclasses.dataclass
class Twice(ExpressionOperator):
    """A user operator written to the 0.14 protocol: ``context`` is required."""

    value: Any

    def compile_expression(self, *, context: Any) -> Any:
        assert context is not None
        return {"$multiply": [compile_expression(self.value, context=context), 2]}


class Interfaced(compilers.ExpressionOperator):
    """The same, on the bare ``gault.interfaces`` ABC."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def compile_expression(self, *, context: Any) -> Any:
        return {"$abs": compile_expression(self.value, context=context)}


@dataclasses.dataclass
class Total(Accumulator):
    """A user accumulator written to the 0.14 protocol."""

    input: Any

    def compile_expression(self, *, context: Any) -> Any:
        return {"$sum": compile_expression(self.input, context=context)}


def test_user_expression_operator_works_in_project_group_and_set() -> None:
    assert Pipeline().project({"double": Twice("$qty")}).build() == [
        {"$project": {"_id": False, "double": {"$multiply": ["$qty", 2]}}}
    ]
    assert Pipeline().group({"n": acc.Sum(Twice("$qty"))}, by=Interfaced("$k")).build() == [
        {"$group": {"_id": {"$abs": "$k"}, "n": {"$sum": {"$multiply": ["$qty", 2]}}}}
    ]
    assert Pipeline().set(Twice("$qty").alias("double")).build() == [
        {"$set": {"double": {"$multiply": ["$qty", 2]}}}
    ]
    assert compile_expression(ex.Add(Twice(1), Interfaced(-1))) == {
        "$add": [{"$multiply": [1, 2]}, {"$abs": -1}]
    }
    assert compile_query(Twice("$qty")) == {"$expr": {"$multiply": ["$qty", 2]}}


def test_user_accumulator_works_in_project_group_and_set() -> None:
    assert Pipeline().group({"total": Total("$qty")}, by=None).build() == [
        {"$group": {"_id": None, "total": {"$sum": "$qty"}}}
    ]
    assert Pipeline().group(Total("$qty").alias("total"), by="$k").build() == [
        {"$group": {"_id": "$k", "total": {"$sum": "$qty"}}}
    ]
    assert Pipeline().project({"total": Total("$items")}).build() == [
        {"$project": {"_id": False, "total": {"$sum": "$items"}}}
    ]
    assert Pipeline().set({"total": Total("$items")}).build() == [
        {"$set": {"total": {"$sum": "$items"}}}
    ]
    assert compile_accumulator(Total("$qty")) == {"$sum": "$qty"}


def test_user_subclasses_run_on_the_server(sync_db: Database[Any]) -> None:
    sync_db.items.insert_many([{"_id": 1, "k": "a", "qty": 2}, {"_id": 2, "k": "a", "qty": 3}])
    grouped = Pipeline().group({"total": Total(Twice("$qty"))}, by="$k").build()
    assert list(sync_db.items.aggregate(grouped)) == [{"_id": "a", "total": 10}]
    projected = Pipeline().sort("_id").project({"double": Twice("$qty")}).build()
    assert list(sync_db.items.aggregate(projected)) == [{"double": 4}, {"double": 6}]


class Adult(QueryPredicate):
    """A user predicate written to the 0.14 protocol."""

    def compile_query(self, *, context: Any) -> dict[str, Any]:
        return {"age": {"$gte": 18}}


class Path(AsRef):
    """A user reference written to the 0.14 protocol."""

    def compile_field(self, *, context: Any) -> str:
        return "a.b"


def test_user_predicates_and_references_are_given_a_context() -> None:
    assert compile_query(Adult()) == {"age": {"$gte": 18}}
    assert Pipeline().match(Adult()).build() == [{"$match": {"age": {"$gte": 18}}}]
    assert compile_field(Path()) == "a.b"
    assert compile_expression(Path()) == "$a.b"
    assert compile_expression({"x": Path()}) == {"x": "$a.b"}


def test_a_context_requiring_class_is_detected_once(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclasses.dataclass
    class Once(ExpressionOperator):
        value: Any

        def compile_expression(self, *, context: Any) -> Any:
            return {"$toInt": self.value}

    seen: list[Any] = []
    signature = inspect.signature

    def counting(function: Any) -> inspect.Signature:
        seen.append(function)
        return signature(function)

    monkeypatch.setattr(compilers.inspect, "signature", counting)
    for value in range(50):
        assert compile_expression(Once(value)) == {"$toInt": value}
        assert compile_query(Field("a") == value) == {"a": {"$eq": value}}
    assert seen.count(Once.compile_expression) == 1


# -- §2 a bare operator compiles as a query fragment ------------------------------------------


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        (Eq(42), {"$eq": 42}),
        (Not(Gte(18)), {"$not": {"$gte": 18}}),
        (Ne(1), {"$ne": 1}),
        (Gt(1), {"$gt": 1}),
        (Lt(1), {"$lt": 1}),
        (Lte(1), {"$lte": 1}),
        (In(1, 2), {"$in": [1, 2]}),
        (Nin([1, 2]), {"$nin": [1, 2]}),
        (Exists(True), {"$exists": True}),
        (Type("string"), {"$type": ["string"]}),
        (All(1, 2), {"$all": [1, 2]}),
        (ElemMatch(Gte(1)), {"$elemMatch": {"$gte": 1}}),
        (Size(2), {"$size": 2}),
        (Mod(4, 0), {"$mod": [4, 0]}),
        (Regex("^a"), {"$regex": "^a"}),
        (BitsAllSet(3), {"$bitsAllSet": 3}),
    ],
)
def test_bare_operator_compiles_as_a_query_fragment(operator: Any, expected: Any) -> None:
    assert compile_query(operator) == expected
    assert compile_query(operator, context={}) == expected
    assert operator.compile_query(context={}) == expected


def test_a_bare_operator_is_still_not_a_filter(sync_db: Database[Any]) -> None:
    with pytest.raises(TypeError):
        Pipeline().match(Eq(42))
    with pytest.raises(TypeError):
        list(Manager(sync_db).select(Item, Eq(42)))  # type: ignore[arg-type]


# -- §3 arity errors are ValueError (and TypeError) -------------------------------------------


@pytest.mark.parametrize(
    ("build", "minimum"),
    [
        (lambda: ex.Add(1), 2),
        (lambda: ex.And(), 1),
        (lambda: ex.BitAnd(1), 2),
        (lambda: ex.BitOr(1), 2),
        (lambda: ex.BitXor(), 1),
        (lambda: ex.Concat(), 1),
        (lambda: ex.ConcatArrays(), 1),
        (lambda: ex.Or(), 1),
        (lambda: ex.IfNull(), 1),
        (lambda: ex.SetEquals("$a"), 2),
    ],
)
def test_too_few_inputs_raise_value_error_and_type_error(build: Any, minimum: int) -> None:
    with pytest.raises(ValueError, match="at least"):
        build()
    with pytest.raises(TypeError, match="at least"):
        build()
    with pytest.raises(ArgumentError):
        build()


def test_set_intersection_and_union_accept_one_input() -> None:
    # The manual's prose says two or more; MongoDB accepts one (documented in upgrading.md).
    assert ex.SetIntersection("$a").compile_expression() == {"$setIntersection": ["$a"]}
    assert ex.SetUnion("$a").compile_expression() == {"$setUnion": ["$a"]}
    with pytest.raises(ValueError):
        ex.SetUnion()


# -- §4 keyword names and positional order (one row each) -------------------------------------

Row = tuple[str, Callable[[], Any], Callable[[], Any], Any]


def _expression(name: str, args: tuple[Any, ...], kwargs: dict[str, Any], expected: Any) -> Row:
    cls = getattr(ex, name)
    return (name, lambda: cls(*args), lambda: cls(**kwargs), expected)


UNARY_0_14 = {
    "Abs": "$abs", "Acos": "$acos", "Acosh": "$acosh", "ArrayToObject": "$arrayToObject",
    "Asin": "$asin", "Asinh": "$asinh", "Atan": "$atan", "Atanh": "$atanh",
    "BinarySize": "$binarySize", "BitNot": "$bitNot", "BsonSize": "$bsonSize", "Ceil": "$ceil",
    "Cos": "$cos", "Cosh": "$cosh", "DegreesToRadians": "$degreesToRadians", "Floor": "$floor",
    "Ln": "$ln", "Log10": "$log10", "ObjectToArray": "$objectToArray",
    "RadiansToDegrees": "$radiansToDegrees", "ReverseArray": "$reverseArray", "Sin": "$sin",
    "Sinh": "$sinh", "Size": "$size", "Sqrt": "$sqrt", "StrLenBytes": "$strLenBytes",
    "StrLenCP": "$strLenCP", "Tan": "$tan", "Tanh": "$tanh", "ToBool": "$toBool",
    "ToDate": "$toDate", "ToDecimal": "$toDecimal", "ToDouble": "$toDouble",
    "ToHashedIndexKey": "$toHashedIndexKey", "ToInt": "$toInt", "ToLong": "$toLong",
    "ToLower": "$toLower", "ToObjectId": "$toObjectId", "ToString": "$toString",
    "ToUUID": "$toUUID", "ToUpper": "$toUpper", "TsIncrement": "$tsIncrement",
    "TsSecond": "$tsSecond", "Type": "$type", "IsNumber": "$isNumber",
}  # fmt: skip
#: Unary operators whose single argument is written in a list (``{"$op": [x]}``).
LISTED_0_14 = {
    "AllElementsTrue": "$allElementsTrue", "AnyElementsTrue": "$anyElementTrue",
    "IsArray": "$isArray", "Not": "$not",
}  # fmt: skip
PAIRS_0_14 = {
    # name: (0.14 keywords, operator)
    "Atan2": (("x", "y"), "$atan2"), "Cmp": (("lhs", "rhs"), "$cmp"),
    "Divide": (("dividende", "divisor"), "$divide"), "Eq": (("lhs", "rhs"), "$eq"),
    "Gt": (("lhs", "rhs"), "$gt"), "Gte": (("lhs", "rhs"), "$gte"), "In": (("lhs", "rhs"), "$in"),
    "Log": (("input", "base"), "$log"), "Lt": (("lhs", "rhs"), "$lt"),
    "Lte": (("lhs", "rhs"), "$lte"), "Mod": (("value1", "value2"), "$mod"),
    "Ne": (("lhs", "rhs"), "$ne"), "Pow": (("input", "exponent"), "$pow"),
    "Round": (("input", "place"), "$round"), "SetDifference": (("inputs1", "inputs2"), "$setDifference"),
    "SetIsSubset": (("input1", "input2"), "$setIsSubset"), "Split": (("input", "delimiter"), "$split"),
    "StrCaseCmp": (("input1", "input2"), "$strcasecmp"),
    "Subtract": (("input1", "input2"), "$subtract"), "Trunc": (("input", "place"), "$trunc"),
    "ArrayElemAt": (("input", "index"), "$arrayElemAt"),
}  # fmt: skip


def expression_rows() -> list[Row]:
    rows: list[Row] = []
    for name, operator in UNARY_0_14.items():
        rows.append(_expression(name, ("$x",), {"input": "$x"}, {operator: "$x"}))
    for name, operator in LISTED_0_14.items():
        rows.append(_expression(name, ("$x",), {"input": "$x"}, {operator: ["$x"]}))
    for name, ((first, second), operator) in PAIRS_0_14.items():
        rows.append(
            _expression(name, ("$a", "$b"), {first: "$a", second: "$b"}, {operator: ["$a", "$b"]})
        )
    rows += [
        _expression("Literal", ("$x",), {"input": "$x"}, {"$literal": "$x"}),
        _expression("Raw", ({"$x": 1},), {"input": {"$x": 1}}, {"$x": 1}),
        _expression("SampleRate", (0.5,), {"number": 0.5}, {"$sampleRate": 0.5}),
        _expression("Avg", ("$x",), {"input": "$x"}, {"$avg": "$x"}),
        _expression("Sum", ("$x",), {"input": "$x"}, {"$sum": "$x"}),
        _expression("StdDevPop", ("$x",), {"input": "$x"}, {"$stdDevPop": "$x"}),
        _expression("StdDevSamp", ("$x",), {"input": "$x"}, {"$stdDevSamp": "$x"}),
        _expression(
            "GetField", ("$doc", "price"), {"input": "$doc", "field": "price"},
            {"$getField": {"field": "price", "input": "$doc"}},
        ),
        _expression(
            "SetField", ("$doc", "price", 3), {"input": "$doc", "field": "price", "value": 3},
            {"$setField": {"field": "price", "input": "$doc", "value": 3}},
        ),
        _expression(
            "UnsetField", ("$doc", "price"), {"input": "$doc", "field": "price"},
            {"$unsetField": {"field": "price", "input": "$doc"}},
        ),
        _expression(
            "IndexOfArray", ("$a", 2, 0, 5), {"input": "$a", "search": 2, "start": 0, "end": 5},
            {"$indexOfArray": ["$a", 2, 0, 5]},
        ),
        _expression(
            "IndexOfBytes", ("$s", "x", 1, 4), {"input": "$s", "search": "x", "start": 1, "end": 4},
            {"$indexOfBytes": ["$s", "x", 1, 4]},
        ),
        _expression(
            "IndexOfCP", ("$s", "x", 1, 4), {"input": "$s", "search": "x", "start": 1, "end": 4},
            {"$indexOfCP": ["$s", "x", 1, 4]},
        ),
        _expression(
            "Slice", ("$a", 2, 1), {"input": "$a", "n": 2, "position": 1},
            {"$slice": ["$a", 1, 2]},
        ),
        _expression(
            "SubStrBytes", ("$s", 0, 3), {"input": "$s", "start": 0, "length": 3},
            {"$substrBytes": ["$s", 0, 3]},
        ),
        _expression(
            "SubStrCP", ("$s", 0, 3), {"input": "$s", "start": 0, "length": 3},
            {"$substrCP": ["$s", 0, 3]},
        ),
    ]  # fmt: skip
    return rows


def _fluent(
    name: str, call: Callable[[Var], Any], keyword: Callable[[Var], Any], expected: Any
) -> Row:
    return (f"fluent.{name}", lambda: call(Var("v")), lambda: keyword(Var("v")), expected)


FLUENT_ROWS: list[Row] = [
    _fluent(name, lambda v, n=name: getattr(v, n)(5), lambda v, n=name: getattr(v, n)(other=5), {f"${name}": ["$$v", 5]})
    for name in ("eq", "gt", "gte", "lt", "lte")
] + [
    _fluent("subtract", lambda v: v.subtract(5), lambda v: v.subtract(other=5), {"$subtract": ["$$v", 5]}),
    _fluent(
        "index_of_bytes", lambda v: v.index_of_bytes("x", 1, 4),
        lambda v: v.index_of_bytes(search="x", start=1, end=4), {"$indexOfBytes": ["$$v", "x", 1, 4]},
    ),
    _fluent(
        "index_of_cp", lambda v: v.index_of_cp("x", 1, 4),
        lambda v: v.index_of_cp(search="x", start=1, end=4), {"$indexOfCP": ["$$v", "x", 1, 4]},
    ),
    _fluent(
        "sub_str_bytes", lambda v: v.sub_str_bytes(0, 3),
        lambda v: v.sub_str_bytes(start=0, length=3), {"$substrBytes": ["$$v", 0, 3]},
    ),
]  # fmt: skip


def _predicate(
    name: str, call: Callable[[], Any], keyword: Callable[[], Any], expected: Any
) -> Row:
    return (f"predicates.{name}", call, keyword, expected)


POINT = {"type": "Point", "coordinates": [1.0, 2.0]}
SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
PREDICATE_ROWS: list[Row] = [
    _predicate("BitsAllClear", lambda: BitsAllClear(5), lambda: BitsAllClear(bits=5), {"$bitsAllClear": 5}),
    _predicate("BitsAllSet", lambda: BitsAllSet(5), lambda: BitsAllSet(bits=5), {"$bitsAllSet": 5}),
    _predicate("BitsAnyClear", lambda: BitsAnyClear([1]), lambda: BitsAnyClear(bits=[1]), {"$bitsAnyClear": [1]}),
    _predicate("BitsAnySet", lambda: BitsAnySet(5), lambda: BitsAnySet(bits=5), {"$bitsAnySet": 5}),
    _predicate("Condition", lambda: Condition("a", Gte(1)), lambda: Condition(field="a", op=Gte(1)), {"a": {"$gte": 1}}),
    _predicate("Eq", lambda: Eq(1), lambda: Eq(value=1), {"$eq": 1}),
    _predicate("Exists", lambda: Exists(False), lambda: Exists(value=False), {"$exists": False}),
    _predicate("Field", lambda: Field("a.b") == 1, lambda: Field(name="a.b") == 1, {"a.b": {"$eq": 1}}),
    _predicate("GeoIntersects", lambda: GeoIntersects(POINT), lambda: GeoIntersects(value=POINT), {"$geoIntersects": {"$geometry": POINT}}),
    _predicate("GeoWithin", lambda: GeoWithin(SQUARE), lambda: GeoWithin(value=SQUARE), {"$geoWithin": {"$geometry": SQUARE}}),
    _predicate("Gt", lambda: Gt(1), lambda: Gt(value=1), {"$gt": 1}),
    _predicate("Gte", lambda: Gte(1), lambda: Gte(value=1), {"$gte": 1}),
    _predicate("Lt", lambda: Lt(1), lambda: Lt(value=1), {"$lt": 1}),
    _predicate("Lte", lambda: Lte(1), lambda: Lte(value=1), {"$lte": 1}),
    _predicate("Ne", lambda: Ne(1), lambda: Ne(value=1), {"$ne": 1}),
    _predicate(
        "Near", lambda: Near(POINT, 1, 9), lambda: Near(value=POINT, min_distance=1, max_distance=9),
        {"$near": {"$geometry": POINT, "$minDistance": 1, "$maxDistance": 9}},
    ),
    _predicate(
        "NearSphere", lambda: NearSphere(POINT, 1, 9),
        lambda: NearSphere(value=POINT, min_distance=1, max_distance=9),
        {"$nearSphere": {"$geometry": POINT, "$minDistance": 1, "$maxDistance": 9}},
    ),
    _predicate("Not", lambda: Not(Gt(1)), lambda: Not(operator=Gt(1)), {"$not": {"$gt": 1}}),
    _predicate("Size", lambda: Size(2), lambda: Size(count=2), {"$size": 2}),
]  # fmt: skip

WINDOW = {"window_documents": ("unbounded", "current")}
WINDOW_MQL = {"window": {"documents": ["unbounded", "current"]}}
WINDOW_ROWS: list[Row] = (
    [
        (
            f"window_aggregators.{name}",
            lambda n=name: getattr(win, n)("$a", "$b", **WINDOW),
            lambda n=name: getattr(win, n)(value1="$a", value2="$b", **WINDOW),
            {f"${name[0].lower()}{name[1:]}": ["$a", "$b"], **WINDOW_MQL},
        )
        for name in ("CovariancePop", "CovarianceSamp")
    ]
    + [
        (
            f"window_aggregators.{name}",
            lambda n=name: getattr(win, n)(2, "$x", **WINDOW),
            lambda n=name: getattr(win, n)(n=2, input="$x", **WINDOW),
            {f"${name[0].lower()}{name[1:]}": {"input": "$x", "n": 2}, **WINDOW_MQL},
        )
        for name in ("FirstN", "LastN", "MaxN", "MinN")
    ]
    + [
        (
            "window_aggregators.TopN",
            lambda: win.TopN("-x", "$y", 2, **WINDOW),
            lambda: win.TopN(sort_by="-x", output="$y", n=2, **WINDOW),
            {"$topN": {"n": 2, "sortBy": {"x": -1}, "output": "$y"}, **WINDOW_MQL},
        ),
    ]
)

GRAPH = {
    "$graphLookup": {
        "from": "people",
        "startWith": "$boss",
        "connectFromField": "boss",
        "connectToField": "name",
        "as": "chain",
        "maxDepth": 2,
        "depthField": "depth",
        "restrictSearchWithMatch": {"active": True},
    }
}
PIPELINE_ROWS: list[Row] = [
    (
        "Pipeline.graph_lookup",
        lambda: Pipeline().graph_lookup("people", "$boss", "boss", "name", "chain", 2, "depth", {"active": True}),
        lambda: Pipeline().graph_lookup(
            "people", start_with="$boss", local_field="boss", foreign_field="name", into="chain",
            max_depth=2, depth_field="depth", restrict_search_with_match={"active": True},
        ),
        [GRAPH],
    ),
]  # fmt: skip

TABLE: list[Row] = PIPELINE_ROWS + expression_rows() + FLUENT_ROWS + PREDICATE_ROWS + WINDOW_ROWS


def _compiled(value: Any) -> Any:
    if isinstance(value, Pipeline):
        return value.build()
    if isinstance(value, (QueryPredicate, Eq, Not)) or hasattr(value, "compile_operator"):
        return compile_query(value)
    return compile_expression(value)


@pytest.mark.parametrize(
    ("name", "positional", "keyword", "expected"), TABLE, ids=[r[0] for r in TABLE]
)
def test_0_14_call_builds_0_14_mql(
    name: str, positional: Callable[[], Any], keyword: Callable[[], Any], expected: Any
) -> None:
    assert _compiled(positional()) == expected
    assert _compiled(keyword()) == expected


def test_the_table_covers_every_row_of_compat_0_14() -> None:
    names = {row[0].removeprefix("expressions.") for row in TABLE}
    assert len(TABLE) == len(names) == 122  # the rows of compat-0.14.md §4, one test each


def test_silent_departures_of_main_are_fixed() -> None:
    v = Var("v")
    assert v.zip("$other").compile_expression() == {"$zip": {"inputs": ["$$v", "$other"]}}
    assert v.zip("$o", use_longest_length=True, defaults=[0, 0]).compile_expression() == {
        "$zip": {"inputs": ["$$v", "$o"], "useLongestLength": True, "defaults": [0, 0]}
    }
    add = v.reduce(lambda value, this: value.add(this), initial_value=0)
    assert add.compile_expression() == {
        "$reduce": {"input": "$$v", "initialValue": 0, "in": {"$add": ["$$value", "$$this"]}}
    }
    assert v.reduce(Var("value").add(Var("this")), initial_value=1).compile_expression() == {
        "$reduce": {"input": "$$v", "initialValue": 1, "in": {"$add": ["$$value", "$$this"]}}
    }
    assert ex.SetField("$$ROOT", "a", 1).compile_expression() == {
        "$setField": {"field": "a", "input": "$$ROOT", "value": 1}
    }


def test_manual_style_names_stay_keyword_aliases() -> None:
    assert ex.Abs(number="$x").compile_expression() == {"$abs": "$x"}
    assert ex.Eq(expression1="$a", expression2=1).compile_expression() == {"$eq": ["$a", 1]}
    assert ex.Subtract(minuend="$a", subtrahend=1).compile_expression() == {"$subtract": ["$a", 1]}
    assert ex.SubStrCP(
        string="$s", code_point_index=0, code_point_count=2
    ).compile_expression() == {"$substrCP": ["$s", 0, 2]}
    assert Var("v").eq(expression2=1).compile_expression() == {"$eq": ["$$v", 1]}
    assert win.ConcatArrays(input="$a").compile_expression() == {"$concatArrays": "$a"}
    assert Condition("a", operator=Gte(1)).compile_query() == {"a": {"$gte": 1}}
    assert (Field(path="a") == 1).compile_query() == {"a": {"$eq": 1}}
    with pytest.raises(TypeError, match="alias"):
        ex.Abs("$x", number="$y")
    with pytest.raises(TypeError, match="missing required argument 'input'"):
        ex.Abs()


def test_0_14_extras_of_section_4() -> None:
    assert ex.Max(input=["$a", "$b"]).compile_expression() == {"$max": ["$a", "$b"]}
    assert ex.Min(input="$a").compile_expression() == {"$min": "$a"}
    assert win.ConcatArrays("$a").compile_expression() == {"$concatArrays": "$a"}
    assert ElemMatch([Gte(80), Lt(85)]).compile_operator() == {
        "$elemMatch": {"$gte": 80, "$lt": 85}
    }
    assert ex.Map("$a", Var("x").multiply(2), var=Var("x")).compile_expression() == {
        "$map": {"input": "$a", "as": "x", "in": {"$multiply": ["$$x", 2]}}
    }
    assert ex.Filter("$a", Var("x").gt(1), var=Var("x")).compile_expression() == {
        "$filter": {"input": "$a", "as": "x", "cond": {"$gt": ["$$x", 1]}}
    }


def test_window_n_operators_in_main_s_order_raise() -> None:
    with pytest.raises(TypeError, match="swapped"):
        win.FirstN("$x", 2)


# -- §5 values and attributes -----------------------------------------------------------------


def test_operator_objects_compare_by_value() -> None:
    assert ex.Add("$a", 1) == ex.Add("$a", 1)
    assert ex.Add("$a", 1) != ex.Add("$a", 2)
    assert hash(ex.Add("$a", [1])) == hash(ex.Add("$a", [1]))
    assert acc.Sum("$a") == acc.Sum("$a")
    assert win.Sum("$a") == win.Sum("$a")
    assert Gte(18) == Gte(18) and Gte(18) != Gt(18) and Gte(18) != Gte(19)
    assert {Gte(18), Gte(18)} == {Gte(18)}


def test_list_valued_attributes() -> None:
    a, b = Field("a") == 1, Field("b") == 2
    assert ex.And("$a", "$b").inputs == ["$a", "$b"]
    assert ex.Or("$a", "$b").inputs == ["$a", "$b"]
    assert Or(a, b).predicates == [a, b]
    assert Nor(a, b).predicates == [a, b]
    assert And(a, b).predicates == [a, b]
    assert Var("x").avg(1).input == [Var("x"), 1]
    assert Var("x").avg().compile_expression() == {"$avg": ["$$x"]}
    assert isinstance(Var("x").max(1).input, list)
    assert isinstance(Var("x").min(1).input, list)


def test_field_name() -> None:
    assert Field("address.city").name == "address.city"
    assert Field(name="a").compile_field() == "a"
    assert Item.qty.name == "qty"


def test_project_starts_with_id_false() -> None:
    assert Pipeline().project({"a": 1}).build() == [{"$project": {"_id": False, "a": 1}}]
    assert Pipeline().project(Field("a").keep()).build() == [
        {"$project": {"_id": False, "a": True}}
    ]
    assert Pipeline().project({"_id": 1, "a": 1}).build() == [{"$project": {"_id": 1, "a": 1}}]


def test_project_drops_id_on_the_server(sync_db: Database[Any]) -> None:
    sync_db.items.insert_one({"_id": 1, "a": 2})
    assert list(sync_db.items.aggregate(Pipeline().project({"a": 1}).build())) == [{"a": 2}]


# -- §6 exceptions and messages ---------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: Pipeline().union_with(42),
        lambda: Pipeline().lookup(42, into="x"),
        lambda: Pipeline().lookup(Pipeline().take(1), into="x"),
        lambda: compile_geo(42),
    ],
)
def test_unsupported_targets_raise_not_implemented_error(call: Callable[[], Any]) -> None:
    with pytest.raises(NotImplementedError):
        call()
    with pytest.raises(TypeError):
        call()
    with pytest.raises(UnsupportedError):
        call()


def test_schema_with_collection_none() -> None:
    with pytest.raises(ValueError, match="collection is required"):

        class Nowhere(Schema, collection=None):  # type: ignore[call-arg]
            id: str

    with pytest.raises(TypeError, match="collection is required"):

        class Nowhere2(Schema, collection=None):  # type: ignore[call-arg]
            id: str


class Foo(Model):
    a: int


def test_unprocessable_message() -> None:
    assert str(Unprocessable(Foo, "reason")) == "Unprocessable Foo ; reason"


def test_exp_moving_avg_messages() -> None:
    with pytest.raises(ValueError, match="n or alpha, not both"):
        win.ExpMovingAvg("$x", n=2, alpha=0.5)
    with pytest.raises(ValueError, match="n or alpha required"):
        win.ExpMovingAvg("$x")


# -- §7 equivalent output, different text -----------------------------------------------------


def test_round_writes_the_default_place() -> None:
    assert ex.Round("$x").compile_expression() == {"$round": ["$x", 0]}
    assert Var("x").round().compile_expression() == {"$round": ["$$x", 0]}


def test_max_min_keep_a_one_element_list() -> None:
    assert ex.Max(["$x"]).compile_expression() == {"$max": ["$x"]}
    assert ex.Min(["$x"]).compile_expression() == {"$min": ["$x"]}
    assert ex.Max("$x").compile_expression() == {"$max": "$x"}


def test_union_with_writes_pipeline() -> None:
    assert Pipeline().union_with("other").build() == [
        {"$unionWith": {"coll": "other", "pipeline": []}}
    ]
    assert Pipeline().union_with(CollectionPipeline("other")).build() == [
        {"$unionWith": {"coll": "other", "pipeline": []}}
    ]


def test_noop_compiles_to_an_empty_query() -> None:
    assert compile_query(NoOp()) == {}
    assert Pipeline().match(NoOp()).build() == [{"$match": {}}]


def test_predicate_logic_arity_is_a_value_error_too() -> None:
    for build in (And, Or, Nor):
        with pytest.raises(ValueError, match="at least one predicate"):
            build()
        with pytest.raises(TypeError, match="at least one predicate"):
            build()


# -- Not to follow: where 0.14 contradicts the manual, the manual wins --------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: ex.Percentile("$x", [1.5]),
        lambda: acc.Percentile("$x", [-0.1]),
        lambda: win.Percentile("$x", [2]),
        lambda: win.ExpMovingAvg("$x", alpha=1.5),
        lambda: win.Derivative("$x"),
        lambda: Type(42),
        lambda: Pipeline().lookup("other", into="x"),
    ],
)
def test_the_manual_wins_over_0_14(call: Callable[[], Any]) -> None:
    with pytest.raises(ValueError):
        call()


def test_any_element_true_is_the_manual_s_operator() -> None:
    assert ex.AnyElementsTrue("$a").compile_expression() == {"$anyElementTrue": ["$a"]}


def test_user_predicates_combine_with_gault_s() -> None:
    age = Field("n") == 1
    assert compile_query(Adult() & age) == {"$and": [{"age": {"$gte": 18}}, {"n": {"$eq": 1}}]}
    assert compile_query(Or(Adult(), age)) == {"$or": [{"age": {"$gte": 18}}, {"n": {"$eq": 1}}]}
    assert ElemMatch(Adult()).compile_operator() == {"$elemMatch": {"age": {"$gte": 18}}}


def test_user_subclasses_without_slots_compare_by_their_attributes() -> None:
    class Scaled(ExpressionOperator):
        def __init__(self, value: Any) -> None:
            self.value = value

        def compile_expression(self, *, context: Any) -> Any:
            return {"$multiply": [self.value, 10]}

    assert Scaled(1) == Scaled(1)
    assert Scaled(1) != Scaled(2)
    assert Pipeline().set({"x": Scaled(2)}).build() == [{"$set": {"x": {"$multiply": [2, 10]}}}]
