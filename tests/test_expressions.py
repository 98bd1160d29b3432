"""Compile tests: the exact MQL of every expression operator, fluent method and error."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from gault import expressions as e
from gault._expressions.base import OneOrManyOperator, VariadicOperator
from gault.compilers import compile_expression, compile_query
from gault.exceptions import CompilationError
from gault.expressions import ExpressionProxy, Var
from gault.interfaces import Aliased, AsRef, QueryPredicate
from gault.predicates import Field

D = datetime.datetime(2024, 3, 15, 13, 45, 30)

#: (operator instance, the exact compiled expression).
CASES: list[tuple[Any, Any]] = [
    # arithmetic
    (e.Abs("$x"), {"$abs": "$x"}),
    (e.Add("$x", 1, 2), {"$add": ["$x", 1, 2]}),
    (e.Add(["$x", 1]), {"$add": ["$x", 1]}),
    (e.Ceil("$x"), {"$ceil": "$x"}),
    (e.Divide("$x", 2), {"$divide": ["$x", 2]}),
    (e.Exp("$x"), {"$exp": "$x"}),
    (e.Floor("$x"), {"$floor": "$x"}),
    (e.Ln("$x"), {"$ln": "$x"}),
    (e.Log("$x", 2), {"$log": ["$x", 2]}),
    (e.Log10("$x"), {"$log10": "$x"}),
    (e.Mod("$x", 3), {"$mod": ["$x", 3]}),
    (e.Multiply("$x", 2, "$y"), {"$multiply": ["$x", 2, "$y"]}),
    (e.Pow("$x", 2), {"$pow": ["$x", 2]}),
    (e.Round("$x"), {"$round": ["$x", 0]}),  # 0.14 writes the default place (#13)
    (e.Round("$x", 2), {"$round": ["$x", 2]}),
    (e.Sigmoid("$x"), {"$sigmoid": {"input": "$x"}}),
    (e.Sigmoid("$x", on_null=0), {"$sigmoid": {"input": "$x", "onNull": 0}}),
    (e.Sqrt("$x"), {"$sqrt": "$x"}),
    (e.Subtract("$x", 1), {"$subtract": ["$x", 1]}),
    (e.Trunc("$x", -1), {"$trunc": ["$x", -1]}),
    # trigonometry
    (e.Sin("$a"), {"$sin": "$a"}),
    (e.Cos("$a"), {"$cos": "$a"}),
    (e.Tan("$a"), {"$tan": "$a"}),
    (e.Asin("$a"), {"$asin": "$a"}),
    (e.Acos("$a"), {"$acos": "$a"}),
    (e.Atan("$a"), {"$atan": "$a"}),
    (e.Atan2("$y", "$x"), {"$atan2": ["$y", "$x"]}),
    (e.Asinh("$a"), {"$asinh": "$a"}),
    (e.Acosh("$a"), {"$acosh": "$a"}),
    (e.Atanh("$a"), {"$atanh": "$a"}),
    (e.Sinh("$a"), {"$sinh": "$a"}),
    (e.Cosh("$a"), {"$cosh": "$a"}),
    (e.Tanh("$a"), {"$tanh": "$a"}),
    (e.DegreesToRadians("$a"), {"$degreesToRadians": "$a"}),
    (e.RadiansToDegrees("$a"), {"$radiansToDegrees": "$a"}),
    # bitwise
    (e.BitAnd("$a", 3), {"$bitAnd": ["$a", 3]}),
    (e.BitNot("$a"), {"$bitNot": "$a"}),
    (e.BitOr("$a", 3), {"$bitOr": ["$a", 3]}),
    (e.BitXor("$a", 3), {"$bitXor": ["$a", 3]}),
    # boolean
    (e.And("$a", "$b"), {"$and": ["$a", "$b"]}),
    (e.Or("$a", "$b"), {"$or": ["$a", "$b"]}),
    (e.Not("$a"), {"$not": ["$a"]}),
    # comparison
    (e.Cmp("$a", 1), {"$cmp": ["$a", 1]}),
    (e.Eq("$a", 1), {"$eq": ["$a", 1]}),
    (e.Ne("$a", 1), {"$ne": ["$a", 1]}),
    (e.Gt("$a", 1), {"$gt": ["$a", 1]}),
    (e.Gte("$a", 1), {"$gte": ["$a", 1]}),
    (e.Lt("$a", 1), {"$lt": ["$a", 1]}),
    (e.Lte("$a", 1), {"$lte": ["$a", 1]}),
    # conditional
    (e.Cond("$a", 1, 2), {"$cond": {"if": "$a", "then": 1, "else": 2}}),
    (
        e.Cond(e.Gt("$a", 1), None, "x"),
        {"$cond": {"if": {"$gt": ["$a", 1]}, "then": None, "else": "x"}},
    ),
    (e.IfNull("$a", "$b", 0), {"$ifNull": ["$a", "$b", 0]}),
    (
        e.Switch([(e.Lt("$a", 0), "neg"), (e.Eq("$a", 0), "zero")], default="pos"),
        {
            "$switch": {
                "branches": [
                    {"case": {"$lt": ["$a", 0]}, "then": "neg"},
                    {"case": {"$eq": ["$a", 0]}, "then": "zero"},
                ],
                "default": "pos",
            }
        },
    ),
    (e.Switch([("$a", 1)]), {"$switch": {"branches": [{"case": "$a", "then": 1}]}}),
    # custom
    (
        e.Function("function(x) { return x; }", ["$a"]),
        {"$function": {"body": "function(x) { return x; }", "args": ["$a"], "lang": "js"}},
    ),
    # array
    (e.ArrayElemAt("$arr", -1), {"$arrayElemAt": ["$arr", -1]}),
    (e.ArrayToObject("$pairs"), {"$arrayToObject": "$pairs"}),
    (e.ArrayToObject([["a", 1]]), {"$arrayToObject": [[["a", 1]]]}),
    (e.ConcatArrays("$a", [1, 2]), {"$concatArrays": ["$a", [1, 2]]}),
    (
        e.Filter("$arr", e.Gt("$$this", 1)),
        {"$filter": {"input": "$arr", "cond": {"$gt": ["$$this", 1]}}},
    ),
    (
        e.Filter("$arr", lambda item: item.gt(1), var="item", limit=2, array_index_as="i"),
        {
            "$filter": {
                "input": "$arr",
                "as": "item",
                "cond": {"$gt": ["$$item", 1]},
                "limit": 2,
                "arrayIndexAs": "i",
            }
        },
    ),
    (e.First("$arr"), {"$first": "$arr"}),
    (e.FirstN("$arr", 2), {"$firstN": {"input": "$arr", "n": 2}}),
    (e.In(1, "$arr"), {"$in": [1, "$arr"]}),
    (e.IndexOfArray("$arr", 2), {"$indexOfArray": ["$arr", 2]}),
    (e.IndexOfArray("$arr", 2, end=5), {"$indexOfArray": ["$arr", 2, 0, 5]}),
    (e.IndexOfArray("$arr", 2, 1, 5), {"$indexOfArray": ["$arr", 2, 1, 5]}),
    (e.IsArray("$arr"), {"$isArray": ["$arr"]}),
    (e.Last("$arr"), {"$last": "$arr"}),
    (e.LastN("$arr", 2), {"$lastN": {"input": "$arr", "n": 2}}),
    (
        e.Map("$arr", lambda item: item.multiply(2)),
        {"$map": {"input": "$arr", "in": {"$multiply": ["$$this", 2]}}},
    ),
    (
        e.Map("$arr", Var("x").add(1), var="x", array_index_as="i"),
        {"$map": {"input": "$arr", "as": "x", "in": {"$add": ["$$x", 1]}, "arrayIndexAs": "i"}},
    ),
    (e.MaxN("$arr", 2), {"$maxN": {"input": "$arr", "n": 2}}),
    (e.MinN("$arr", 2), {"$minN": {"input": "$arr", "n": 2}}),
    (e.ObjectToArray("$doc"), {"$objectToArray": "$doc"}),
    (e.Range(0, 10), {"$range": [0, 10]}),
    (e.Range(0, 10, 2), {"$range": [0, 10, 2]}),
    (
        e.Reduce("$arr", 0, lambda value, this: value.add(this)),
        {"$reduce": {"input": "$arr", "initialValue": 0, "in": {"$add": ["$$value", "$$this"]}}},
    ),
    (
        e.Reduce("$arr", "", "$$this", array_index_as="i"),
        {"$reduce": {"input": "$arr", "initialValue": "", "in": "$$this", "arrayIndexAs": "i"}},
    ),
    (e.ReverseArray("$arr"), {"$reverseArray": "$arr"}),
    (e.Size("$arr"), {"$size": "$arr"}),
    (e.Size([1, 2]), {"$size": [[1, 2]]}),
    (e.Slice("$arr", 2), {"$slice": ["$arr", 2]}),
    (e.Slice("$arr", 2, 1), {"$slice": ["$arr", 1, 2]}),
    (e.SortArray("$arr", -1), {"$sortArray": {"input": "$arr", "sortBy": -1}}),
    (
        e.SortArray("$people", ["-age", "name"]),
        {"$sortArray": {"input": "$people", "sortBy": {"age": -1, "name": 1}}},
    ),
    (e.Zip(["$a", "$b"]), {"$zip": {"inputs": ["$a", "$b"]}}),
    (
        e.Zip(["$a", "$b"], use_longest_length=True, defaults=[0, 0]),
        {"$zip": {"inputs": ["$a", "$b"], "useLongestLength": True, "defaults": [0, 0]}},
    ),
    # set
    (e.AllElementsTrue("$arr"), {"$allElementsTrue": ["$arr"]}),
    (e.AnyElementsTrue("$arr"), {"$anyElementTrue": ["$arr"]}),
    (e.SetDifference("$a", "$b"), {"$setDifference": ["$a", "$b"]}),
    (e.SetEquals("$a", "$b"), {"$setEquals": ["$a", "$b"]}),
    (e.SetIntersection("$a", "$b"), {"$setIntersection": ["$a", "$b"]}),
    (e.SetIsSubset("$a", "$b"), {"$setIsSubset": ["$a", "$b"]}),
    (e.SetUnion("$a", "$b"), {"$setUnion": ["$a", "$b"]}),
    # data size
    (e.BinarySize("$s"), {"$binarySize": "$s"}),
    (e.BsonSize("$$ROOT"), {"$bsonSize": "$$ROOT"}),
    # date
    (
        e.DateAdd("$d", "day", 3, timezone="Europe/Paris"),
        {"$dateAdd": {"startDate": "$d", "unit": "day", "amount": 3, "timezone": "Europe/Paris"}},
    ),
    (
        e.DateDiff("$a", "$b", "week", start_of_week="monday"),
        {
            "$dateDiff": {
                "startDate": "$a",
                "endDate": "$b",
                "unit": "week",
                "startOfWeek": "monday",
            }
        },
    ),
    (
        e.DateFromParts(year=2024, month=3, day=15, timezone="UTC"),
        {"$dateFromParts": {"year": 2024, "month": 3, "day": 15, "timezone": "UTC"}},
    ),
    (
        e.DateFromParts(iso_week_year=2024, iso_week=11, iso_day_of_week=5),
        {"$dateFromParts": {"isoWeekYear": 2024, "isoWeek": 11, "isoDayOfWeek": 5}},
    ),
    (
        e.DateFromString("$s", format="%Y-%m-%d", on_error=e.Literal(None)),
        {
            "$dateFromString": {
                "dateString": "$s",
                "format": "%Y-%m-%d",
                "onError": {"$literal": None},
            }
        },
    ),
    (
        e.DateSubtract("$d", "hour", 2),
        {"$dateSubtract": {"startDate": "$d", "unit": "hour", "amount": 2}},
    ),
    (e.DateToParts("$d", iso8601=True), {"$dateToParts": {"date": "$d", "iso8601": True}}),
    (
        e.DateToString("$d", format="%Y", on_null="-"),
        {"$dateToString": {"date": "$d", "format": "%Y", "onNull": "-"}},
    ),
    (
        e.DateTrunc("$d", "week", bin_size=2, timezone="UTC", start_of_week="monday"),
        {
            "$dateTrunc": {
                "date": "$d",
                "unit": "week",
                "binSize": 2,
                "timezone": "UTC",
                "startOfWeek": "monday",
            }
        },
    ),
    (e.DayOfMonth("$d"), {"$dayOfMonth": {"date": "$d"}}),
    (e.DayOfWeek("$d", "UTC"), {"$dayOfWeek": {"date": "$d", "timezone": "UTC"}}),
    (e.DayOfYear("$d"), {"$dayOfYear": {"date": "$d"}}),
    (e.Hour("$d"), {"$hour": {"date": "$d"}}),
    (e.IsoDayOfWeek("$d"), {"$isoDayOfWeek": {"date": "$d"}}),
    (e.IsoWeek("$d"), {"$isoWeek": {"date": "$d"}}),
    (e.IsoWeekYear("$d"), {"$isoWeekYear": {"date": "$d"}}),
    (e.Millisecond("$d"), {"$millisecond": {"date": "$d"}}),
    (e.Minute("$d"), {"$minute": {"date": "$d"}}),
    (e.Month("$d"), {"$month": {"date": "$d"}}),
    (e.Second("$d"), {"$second": {"date": "$d"}}),
    (e.Week("$d"), {"$week": {"date": "$d"}}),
    (e.Year(D), {"$year": {"date": D}}),
    # timestamp
    (e.TsIncrement("$ts"), {"$tsIncrement": "$ts"}),
    (e.TsSecond("$ts"), {"$tsSecond": "$ts"}),
    # literal
    (e.Literal("$notAPath"), {"$literal": "$notAPath"}),
    (e.Literal({"a": [1, "$b"]}), {"$literal": {"a": [1, "$b"]}}),
    (e.Raw({"$add": ["$a", 1]}), {"$add": ["$a", 1]}),
    # misc
    (e.CreateObjectId(), {"$createObjectId": {}}),
    (e.GetField("a.b"), {"$getField": {"field": "a.b"}}),
    # a field name starting with $ is a key, never a path: the manual's {"$literal": name}
    (e.GetField("$doc", "$x"), {"$getField": {"field": {"$literal": "$x"}, "input": "$doc"}}),
    (e.GetField("$price"), {"$getField": {"field": {"$literal": "$price"}}}),
    (
        e.SetField("$$ROOT", "$price", 1),
        {"$setField": {"field": {"$literal": "$price"}, "input": "$$ROOT", "value": 1}},
    ),
    (
        e.UnsetField("$$ROOT", "$a.b"),
        {"$unsetField": {"field": {"$literal": "$a.b"}, "input": "$$ROOT"}},
    ),
    (e.UnsetField("$$ROOT", "price"), {"$unsetField": {"field": "price", "input": "$$ROOT"}}),
    (e.Rand(), {"$rand": {}}),
    (e.SampleRate(0.25), {"$sampleRate": 0.25}),
    (e.ToHashedIndexKey("$a"), {"$toHashedIndexKey": "$a"}),
    (e.Meta("textScore"), {"$meta": "textScore"}),
    # object
    (e.MergeObjects("$a", {"b": 1}), {"$mergeObjects": ["$a", {"b": 1}]}),
    (
        e.SetField("$$ROOT", "price.usd", 10),
        {"$setField": {"field": "price.usd", "input": "$$ROOT", "value": 10}},
    ),
    (e.UnsetField("$$ROOT", "x"), {"$unsetField": {"field": "x", "input": "$$ROOT"}}),
    # string
    (e.Concat("$a", "-", "$b"), {"$concat": ["$a", "-", "$b"]}),
    (e.IndexOfBytes("$s", "o"), {"$indexOfBytes": ["$s", "o"]}),
    (e.IndexOfCP("$s", "o", end=4), {"$indexOfCP": ["$s", "o", 0, 4]}),
    (e.Ltrim("$s"), {"$ltrim": {"input": "$s"}}),
    (e.Rtrim("$s", chars="x"), {"$rtrim": {"input": "$s", "chars": "x"}}),
    (e.Trim("$s"), {"$trim": {"input": "$s"}}),
    (e.RegexFind("$s", "a+", "i"), {"$regexFind": {"input": "$s", "regex": "a+", "options": "i"}}),
    (e.RegexFindAll("$s", "a+"), {"$regexFindAll": {"input": "$s", "regex": "a+"}}),
    (
        e.RegexMatch("$s", re.compile("^a")),
        {"$regexMatch": {"input": "$s", "regex": re.compile("^a")}},
    ),
    (
        e.ReplaceOne("$s", "a", "b"),
        {"$replaceOne": {"input": "$s", "find": "a", "replacement": "b"}},
    ),
    (
        e.ReplaceAll("$s", "a", "b"),
        {"$replaceAll": {"input": "$s", "find": "a", "replacement": "b"}},
    ),
    (
        e.EncStrStartsWith("$name", "Sam"),
        {"$encStrStartsWith": {"input": "$name", "prefix": "Sam"}},
    ),
    (e.EncStrEndsWith("$name", "son"), {"$encStrEndsWith": {"input": "$name", "suffix": "son"}}),
    (
        e.EncStrContains("$name", "am"),
        {"$encStrContains": {"input": "$name", "substring": "am"}},
    ),
    (
        e.EncStrNormalizedEq("$name", "samuel"),
        {"$encStrNormalizedEq": {"input": "$name", "string": "samuel"}},
    ),
    (e.Split("$s", ","), {"$split": ["$s", ","]}),
    (e.StrCaseCmp("$s", "abc"), {"$strcasecmp": ["$s", "abc"]}),
    (e.StrLenBytes("$s"), {"$strLenBytes": "$s"}),
    (e.StrLenCP("$s"), {"$strLenCP": "$s"}),
    (e.Substr("$s", 0, 2), {"$substr": ["$s", 0, 2]}),
    (e.SubStrBytes("$s", 0, 2), {"$substrBytes": ["$s", 0, 2]}),
    (e.SubStrCP("$s", 1, 3), {"$substrCP": ["$s", 1, 3]}),
    (e.ToLower("$s"), {"$toLower": "$s"}),
    (e.ToUpper("$s"), {"$toUpper": "$s"}),
    # type
    (e.Convert("$a", "int"), {"$convert": {"input": "$a", "to": "int"}}),
    (
        e.Convert("$a", "binData", subtype=4, format="uuid", on_error="bad", on_null="none"),
        {
            "$convert": {
                "input": "$a",
                "to": {"type": "binData", "subtype": 4},
                "format": "uuid",
                "onError": "bad",
                "onNull": "none",
            }
        },
    ),
    (
        e.Convert("$n", "binData", byte_order="big"),
        {"$convert": {"input": "$n", "to": "binData", "byteOrder": "big"}},
    ),
    (e.IsNumber("$a"), {"$isNumber": "$a"}),
    (e.ToBool("$a"), {"$toBool": "$a"}),
    (e.ToDate("$a"), {"$toDate": "$a"}),
    (e.ToDecimal("$a"), {"$toDecimal": "$a"}),
    (e.ToDouble("$a"), {"$toDouble": "$a"}),
    (e.ToInt("$a"), {"$toInt": "$a"}),
    (e.ToLong("$a"), {"$toLong": "$a"}),
    (e.ToObjectId("$a"), {"$toObjectId": "$a"}),
    (e.ToString("$a"), {"$toString": "$a"}),
    (e.ToUUID("$a"), {"$toUUID": "$a"}),
    (e.Type("$a"), {"$type": "$a"}),
    (e.Subtype("$a"), {"$subtype": "$a"}),
    (e.Hash("$a", "sha256"), {"$hash": {"input": "$a", "algorithm": "sha256"}}),
    (e.HexHash("$a", "md5"), {"$hexHash": {"input": "$a", "algorithm": "md5"}}),
    (e.SerializeEJSON("$a"), {"$serializeEJSON": {"input": "$a"}}),
    (
        e.SerializeEJSON("$a", relaxed=False, on_error="x"),
        {"$serializeEJSON": {"input": "$a", "relaxed": False, "onError": "x"}},
    ),
    (e.DeserializeEJSON("$a", on_error=0), {"$deserializeEJSON": {"input": "$a", "onError": 0}}),
    # accumulators in expressions
    (e.Avg("$arr"), {"$avg": "$arr"}),
    (e.Avg("$a", "$b"), {"$avg": ["$a", "$b"]}),
    (e.Max("$a", 1), {"$max": ["$a", 1]}),
    (e.Min("$arr"), {"$min": "$arr"}),
    (e.Sum("$arr"), {"$sum": "$arr"}),
    (e.Sum(["$a", "$b"]), {"$sum": ["$a", "$b"]}),
    (e.StdDevPop("$arr"), {"$stdDevPop": "$arr"}),
    (e.StdDevSamp("$a", "$b"), {"$stdDevSamp": ["$a", "$b"]}),
    (e.Median("$arr"), {"$median": {"input": "$arr", "method": "approximate"}}),
    (
        e.Percentile("$arr", [0.5, 0.9]),
        {"$percentile": {"input": "$arr", "p": [0.5, 0.9], "method": "approximate"}},
    ),
    # variables
    (
        e.Let({"total": e.Add("$a", "$b")}, into=Var("total").multiply(2)),
        {"$let": {"vars": {"total": {"$add": ["$a", "$b"]}}, "in": {"$multiply": ["$$total", 2]}}},
    ),
    (
        e.Let(e.Add("$a", 1).alias("x"), Aliased("y", 2), into=lambda x, y: x.add(y)),
        {"$let": {"vars": {"x": {"$add": ["$a", 1]}, "y": 2}, "in": {"$add": ["$$x", "$$y"]}}},
    ),
]


@pytest.mark.parametrize(("operator", "expected"), CASES, ids=lambda value: repr(value)[:60])
def test_compiles_exactly(operator: Any, expected: Any) -> None:
    assert operator.compile_expression() == expected
    assert compile_expression(operator) == expected


def test_cases_cover_every_class() -> None:
    covered = {type(operator) for operator, _ in CASES}
    classes = {
        value
        for name in e.__all__
        if isinstance(value := getattr(e, name), type)
        and issubclass(value, e.ExpressionOperator)
        and value is not e.ExpressionOperator
    }
    assert classes - covered == set()


#: (fluent call on Var("v"), the class it builds with Var("v") as the receiver argument).
def fluent_cases() -> list[tuple[str, Any, Any]]:
    v = Var("v")
    cases: list[tuple[str, Any, Any]] = []
    for operator, _ in CASES:
        cls = type(operator)
        method = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", cls.__name__).lower()
        method = {"and": "and_", "or": "or_", "not": "not_", "in": "in_"}.get(method, method)
        if not hasattr(Var, method) or cls in (e.GetField, e.SetField, e.UnsetField, e.Switch):
            continue
        if cls in (e.Filter, e.Map, e.Reduce, e.Let, e.Cond, e.Zip):
            continue  # explicit tests below
        arguments = [value for _, value in operator._arguments()]
        if isinstance(operator, OneOrManyOperator):  # fluent: the list of inputs (0.14, #13)
            rest: list[Any] = list(operator.inputs[1:])
            cases.append((method, getattr(v, method)(*rest), cls([v, *rest])))
        elif isinstance(operator, VariadicOperator):
            rest = list(operator.inputs[1:])
            cases.append((method, getattr(v, method)(*rest), cls(v, *rest)))
        elif cls is e.Convert:
            cases.append((method, v.convert("int", on_null=0), e.Convert(v, "int", on_null=0)))
        elif cls is e.SortArray:
            cases.append((method, v.sort_array("-a"), e.SortArray(v, "-a")))
        else:
            rest = arguments[1:]
            cases.append((method, getattr(v, method)(*rest), cls(v, *rest)))
    return cases


@pytest.mark.parametrize(("method", "fluent", "direct"), fluent_cases(), ids=lambda x: str(x)[:30])
def test_fluent_method_builds_the_operator(method: str, fluent: Any, direct: Any) -> None:
    assert type(fluent) is type(direct)
    assert fluent.compile_expression() == direct.compile_expression()
    assert "$$v" in repr(fluent.compile_expression())


def test_fluent_methods_with_a_named_receiver() -> None:
    doc = Var("doc")
    assert doc.get_field("a").compile_expression() == {
        "$getField": {"field": "a", "input": "$$doc"}
    }
    assert doc.set_field("a", 1).compile_expression() == {
        "$setField": {"field": "a", "input": "$$doc", "value": 1}
    }
    assert doc.unset_field("a").compile_expression() == {
        "$unsetField": {"field": "a", "input": "$$doc"}
    }


def test_fluent_encrypted_string_methods() -> None:
    name = Field("name").expr
    assert compile_query(name.enc_str_starts_with("Sam")) == {
        "$expr": {"$encStrStartsWith": {"input": "$name", "prefix": "Sam"}}
    }
    assert name.enc_str_ends_with("son").compile_expression() == {
        "$encStrEndsWith": {"input": "$name", "suffix": "son"}
    }
    assert Var("n").enc_str_contains("am").compile_expression() == {
        "$encStrContains": {"input": "$$n", "substring": "am"}
    }
    assert e.ToLower("$name").enc_str_normalized_eq("samuel").compile_expression() == {
        "$encStrNormalizedEq": {"input": {"$toLower": "$name"}, "string": "samuel"}
    }


def test_fluent_control_flow_methods() -> None:
    v = Var("v")
    assert v.gt(0).cond("pos", "neg").compile_expression() == {
        "$cond": {"if": {"$gt": ["$$v", 0]}, "then": "pos", "else": "neg"}
    }
    assert v.switch({1: "one", 2: "two"}, default="many").compile_expression() == {
        "$switch": {
            "branches": [
                {"case": {"$eq": ["$$v", 1]}, "then": "one"},
                {"case": {"$eq": ["$$v", 2]}, "then": "two"},
            ],
            "default": "many",
        }
    }
    assert v.switch([(1, "one")]).compile_expression() == {
        "$switch": {"branches": [{"case": {"$eq": ["$$v", 1]}, "then": "one"}]}
    }
    assert v.filter(lambda x: x.gt(1), limit=1).compile_expression() == {
        "$filter": {"input": "$$v", "cond": {"$gt": ["$$this", 1]}, "limit": 1}
    }
    assert v.map(lambda x: x.multiply(2), var="x").compile_expression() == {
        "$map": {"input": "$$v", "as": "x", "in": {"$multiply": ["$$x", 2]}}
    }
    assert v.reduce(lambda acc, x: acc.add(x), initial_value=0).compile_expression() == {
        "$reduce": {"input": "$$v", "initialValue": 0, "in": {"$add": ["$$value", "$$this"]}}
    }
    assert v.let(lambda t: t.multiply(t), var="t").compile_expression() == {
        "$let": {"vars": {"t": "$$v"}, "in": {"$multiply": ["$$t", "$$t"]}}
    }
    assert v.not_().compile_expression() == {"$not": ["$$v"]}
    assert v.in_([1, 2]).compile_expression() == {"$in": ["$$v", [1, 2]]}
    assert v.and_(True).compile_expression() == {"$and": ["$$v", True]}
    assert v.or_(False).compile_expression() == {"$or": ["$$v", False]}
    assert v.divide(2).compile_expression() == {"$divide": ["$$v", 2]}
    assert v.if_null(0).compile_expression() == {"$ifNull": ["$$v", 0]}
    assert v.slice(-2).compile_expression() == {"$slice": ["$$v", -2]}
    assert v.array_elem_at(0).compile_expression() == {"$arrayElemAt": ["$$v", 0]}
    assert v.concat_arrays([1]).compile_expression() == {"$concatArrays": ["$$v", [1]]}
    assert v.merge_objects({"a": 1}).compile_expression() == {"$mergeObjects": ["$$v", {"a": 1}]}
    assert v.sub_str_cp(0, 2).compile_expression() == {"$substrCP": ["$$v", 0, 2]}


def test_chaining() -> None:
    compiled = Var("price").multiply(2).add(1).gt(10).compile_expression()
    assert compiled == {"$gt": [{"$add": [{"$multiply": ["$$price", 2]}, 1]}, 10]}


def test_var() -> None:
    assert Var("NOW").compile_expression() == "$$NOW"
    assert Var("this.x").compile_expression() == "$$this.x"
    assert Var("this").field("price").compile_expression() == "$$this.price"
    assert Var("x").compile_field() == "x"
    assert e.MergeObjects({Var("k"): 1}).compile_expression() == {"$mergeObjects": [{"k": 1}]}
    assert isinstance(Var("x"), AsRef)
    assert Var("x") == Var("x") and hash(Var("x")) == hash(Var("x")) and Var("x") != Var("y")
    assert repr(Var("x")) == "Var('x')"
    aliased = Var("x").alias("out")
    assert aliased.ref == "out" and aliased.value == Var("x")
    with pytest.raises(ValueError, match="Var"):
        Var("$$NOW")
    with pytest.raises(ValueError, match="Var"):
        Var("")


def test_expression_proxy() -> None:
    proxy = ExpressionProxy(Field("price"))
    assert proxy.multiply(2).gt(10).compile_expression() == {
        "$gt": [{"$multiply": ["$price", 2]}, 10]
    }
    assert proxy.in_([1, 2]).compile_expression() == {"$in": ["$price", [1, 2]]}
    assert proxy.avg().compile_expression() == {"$avg": ["$price"]}  # 0.14: .input is a list
    assert proxy.bson_size().compile_expression() == {"$bsonSize": "$price"}
    assert proxy.all_elements_true().compile_expression() == {"$allElementsTrue": ["$price"]}
    assert proxy.gt(ExpressionProxy(Field("cost"))).compile_expression() == {
        "$gt": ["$price", "$cost"]
    }
    assert proxy.gt(Field("cost")).compile_expression() == {"$gt": ["$price", "$cost"]}
    assert compile_expression(proxy) == "$price" and proxy.compile_field() == "price"
    assert compile_query(proxy.gte(3)) == {"$expr": {"$gte": ["$price", 3]}}
    with pytest.raises(TypeError, match="ExpressionProxy"):
        ExpressionProxy("price")  # type: ignore[arg-type]


def test_logical_operators() -> None:
    a, b, c = e.Gt("$a", 1), e.Lt("$b", 2), e.Eq("$c", 3)
    assert (a & b).compile_expression() == {
        "$and": [a.compile_expression(), b.compile_expression()]
    }
    assert (a & b & c).compile_expression()["$and"][2] == {"$eq": ["$c", 3]}
    assert len((a | b | c).compile_expression()["$or"]) == 3
    assert (~a).compile_expression() == {"$not": [{"$gt": ["$a", 1]}]}
    assert ~~a is a
    assert (~e.Not("$flag")).compile_expression() == {"$not": [{"$not": ["$flag"]}]}
    assert (True & a).compile_expression() == {"$and": [True, {"$gt": ["$a", 1]}]}
    assert (False | a).compile_expression() == {"$or": [False, {"$gt": ["$a", 1]}]}


class AgeAtLeast(QueryPredicate):
    """A predicate with an expression form, as gault.predicates conditions have."""

    def compile_query(self) -> dict[str, Any]:
        return {"age": {"$gte": 18}}

    def compile_expression(self) -> Any:
        return {"$gte": ["$age", 18]}


class QueryOnly(QueryPredicate):
    """A predicate without an expression form."""

    def compile_query(self) -> dict[str, Any]:
        return {"loc": {"$near": [0, 0]}}


def test_predicates_as_conditions() -> None:
    assert e.Cond(AgeAtLeast(), "adult", "minor").compile_expression() == {
        "$cond": {"if": {"$gte": ["$age", 18]}, "then": "adult", "else": "minor"}
    }
    assert e.And(AgeAtLeast(), "$ok").compile_expression() == {
        "$and": [{"$gte": ["$age", 18]}, "$ok"]
    }
    assert e.MergeObjects({"adult": AgeAtLeast()}, [AgeAtLeast()]).compile_expression() == {
        "$mergeObjects": [{"adult": {"$gte": ["$age", 18]}}, [{"$gte": ["$age", 18]}]]
    }
    assert e.Literal(None).compile_expression() == {"$literal": None}
    with pytest.raises(CompilationError, match="Cond"):
        e.Cond(QueryOnly(), 1, 2).compile_expression()
    with pytest.raises(CompilationError, match="Concat"):
        e.Concat({"nested": [QueryOnly()]}).compile_expression()


def test_immutable_and_repr() -> None:
    add = e.Add("$a", 1)
    with pytest.raises(AttributeError, match="immutable"):
        add.inputs = ()
    with pytest.raises(AttributeError, match="immutable"):
        del add.inputs
    assert repr(add) == "Add('$a', 1)"
    assert repr(e.DateTrunc("$d", "day")) == "DateTrunc(date='$d', unit='day')"
    assert e.DateTrunc("$d", "day").date == "$d"
    assert not hasattr(add, "__dict__")


def test_alias() -> None:
    aliased = e.Sum("$a").alias("total")
    assert isinstance(aliased, Aliased) and aliased.ref == "total"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: e.Add("$a"), "Add takes at least 2 arguments, got 1"),
        (lambda: e.Multiply(), "Multiply takes at least 2 arguments, got 0"),
        (lambda: e.And(), "And takes at least 1 argument, got 0"),
        (lambda: e.Or([]), "Or takes at least 1 argument, got 0"),
        (lambda: e.BitAnd(1), "BitAnd takes at least 2"),
        (lambda: e.BitOr(1), "BitOr takes at least 2"),
        (lambda: e.BitXor(1), "BitXor takes at least 2"),
        (lambda: e.Concat(), "Concat takes at least 1"),
        (lambda: e.ConcatArrays(), "ConcatArrays takes at least 1"),
        (lambda: e.IfNull("$a"), "IfNull takes at least 2"),
        (lambda: e.SetEquals("$a"), "SetEquals takes at least 2"),
        (lambda: e.SetUnion(), "SetUnion takes at least 1"),
        (lambda: e.MergeObjects(), "MergeObjects takes at least 1"),
        (lambda: e.Sum(), "Sum takes at least 1"),
        (lambda: e.DateFromParts(month=1), "DateFromParts: year or iso_week_year is required"),
        (lambda: e.DateFromParts(year=1, iso_week=2), "DateFromParts: give calendar parts"),
        (lambda: e.Switch([]), "Switch needs at least one"),
        (lambda: e.Switch([("$a",)]), "Switch branches are"),  # type: ignore[list-item]
        (lambda: e.Let(into=1), "Let needs at least one variable"),
        (lambda: e.Let(["x"], into=1), "Let: variables are"),  # type: ignore[arg-type]
        (lambda: e.SortArray("$a", []), "SortArray: sort_by is empty"),
        (lambda: e.SortArray("$a", 2), "SortArray: sort_by is 1, -1 or a sort payload, got 2"),
        (lambda: e.SortArray("$a", True), "SortArray: sort_by is 1, -1 or a sort payload"),
        (lambda: e.Convert("$a", None), "Convert: the target type"),
    ],
)
def test_bad_arguments(build: Any, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=re.escape(message)):
        build()


def test_missing_required_argument_names_the_operator() -> None:
    with pytest.raises(TypeError, match="DateTrunc"):
        e.DateTrunc("$d")  # type: ignore[call-arg]


def test_literal_is_never_parsed() -> None:
    with pytest.raises(CompilationError):
        e.Literal(Var("x")).compile_expression()
