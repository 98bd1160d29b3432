"""Compiled output of field references, operators and predicates (no server)."""

from __future__ import annotations

import datetime
import decimal
import enum
import re
import uuid
from typing import Any

import bson
import pytest

from gault import geo
from gault.compilers import compile_query
from gault.exceptions import CompilationError
from gault.expressions import Cond
from gault.interfaces import Aliased, AsRef, QueryPredicate
from gault.models import Model, Schema, configure
from gault.predicates import (
    All,
    And,
    Condition,
    ElemMatch,
    Eq,
    Expr,
    Field,
    FieldComparison,
    Gt,
    Gte,
    In,
    JsonSchema,
    Lt,
    Ne,
    Near,
    Nor,
    Not,
    Or,
    Predicate,
    Query,
    Raw,
    Regex,
    Text,
)
from gault.shapes import Box, Coordinates
from gault.sorting import normalize_sort
from gault.updates import compile_update

age = Field("age")
name = Field("name")
tags = Field("tags")
loc = Field("loc")

POINT = {"type": "Point", "coordinates": [2.35, 48.85]}
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]],
}

# (predicate, its compiled query)
METHODS: list[tuple[Any, dict[str, Any]]] = [
    (age.eq(18), {"age": {"$eq": 18}}),
    (age.ne(18), {"age": {"$ne": 18}}),
    (age.gt(18), {"age": {"$gt": 18}}),
    (age.gte(18), {"age": {"$gte": 18}}),
    (age.lt(18), {"age": {"$lt": 18}}),
    (age.lte(18), {"age": {"$lte": 18}}),
    (age == 18, {"age": {"$eq": 18}}),
    (age != 18, {"age": {"$ne": 18}}),
    (age > 18, {"age": {"$gt": 18}}),
    (age >= 18, {"age": {"$gte": 18}}),
    (age < 18, {"age": {"$lt": 18}}),
    (age <= 18, {"age": {"$lte": 18}}),
    (18 < age, {"age": {"$gt": 18}}),
    (age == None, {"age": {"$eq": None}}),
    (age.in_(1, 2), {"age": {"$in": [1, 2]}}),
    (age.in_([1, 2]), {"age": {"$in": [1, 2]}}),
    (age.in_((1, 2)), {"age": {"$in": [1, 2]}}),
    (age.in_(), {"age": {"$in": []}}),
    (age.in_(range(3)), {"age": {"$in": [0, 1, 2]}}),
    (age.in_({"a": 1}.keys()), {"age": {"$in": ["a"]}}),
    (age.in_(value for value in (1, 2)), {"age": {"$in": [1, 2]}}),
    (age.in_("ab"), {"age": {"$in": ["ab"]}}),
    (age.in_(b"ab"), {"age": {"$in": [b"ab"]}}),
    (age.in_({"a": 1}), {"age": {"$in": [{"a": 1}]}}),
    (tags.in_([["a", "b"]]), {"tags": {"$in": [["a", "b"]]}}),
    (age.nin(1, 2), {"age": {"$nin": [1, 2]}}),
    (age.nin([1]), {"age": {"$nin": [1]}}),
    (age.exists(), {"age": {"$exists": True}}),
    (age.exists(False), {"age": {"$exists": False}}),
    (age.type("int"), {"age": {"$type": ["int"]}}),
    (age.type("int", "long", 1), {"age": {"$type": ["int", "long", 1]}}),
    (age.type(["number"]), {"age": {"$type": ["number"]}}),
    (tags.all("a", "b"), {"tags": {"$all": ["a", "b"]}}),
    (tags.all(["a", "b"]), {"tags": {"$all": ["a", "b"]}}),
    (tags.all(iter(["a"])), {"tags": {"$all": ["a"]}}),
    (
        tags.all(ElemMatch(Gt(1)), ElemMatch(Field("x") == 2)),
        {"tags": {"$all": [{"$elemMatch": {"$gt": 1}}, {"$elemMatch": {"x": {"$eq": 2}}}]}},
    ),
    (tags.size(3), {"tags": {"$size": 3}}),
    (age.mod(4, 0), {"age": {"$mod": [4, 0]}}),
    (name.regex("^a"), {"name": {"$regex": "^a"}}),
    (name.regex("^a", options="im"), {"name": {"$regex": "^a", "$options": "im"}}),
    (name.regex(re.compile("^a")), {"name": {"$regex": re.compile("^a")}}),
    (age.bits_all_clear(5), {"age": {"$bitsAllClear": 5}}),
    (age.bits_all_set([0, 2]), {"age": {"$bitsAllSet": [0, 2]}}),
    (age.bits_any_clear(b"\x05"), {"age": {"$bitsAnyClear": b"\x05"}}),
    (age.bits_any_set(bson.Binary(b"\x05")), {"age": {"$bitsAnySet": bson.Binary(b"\x05")}}),
    (loc.geo_intersects(SQUARE), {"loc": {"$geoIntersects": {"$geometry": SQUARE}}}),
    (
        loc.geo_intersects({"$geometry": POINT}),
        {"loc": {"$geoIntersects": {"$geometry": POINT}}},
    ),
    (loc.geo_within(SQUARE), {"loc": {"$geoWithin": {"$geometry": SQUARE}}}),
    (
        loc.geo_within({"$box": [[0, 0], [10, 10]]}),
        {"loc": {"$geoWithin": {"$box": [[0, 0], [10, 10]]}}},
    ),
    (
        loc.geo_within({"$centerSphere": [[0, 0], 0.1]}),
        {"loc": {"$geoWithin": {"$centerSphere": [[0, 0], 0.1]}}},
    ),
    (loc.near(POINT), {"loc": {"$near": {"$geometry": POINT}}}),
    (
        loc.near(POINT, 10, 500),
        {"loc": {"$near": {"$geometry": POINT, "$minDistance": 10, "$maxDistance": 500}}},
    ),
    (
        loc.near(POINT, max_distance=500),
        {"loc": {"$near": {"$geometry": POINT, "$maxDistance": 500}}},
    ),
    (loc.near([1, 2], max_distance=0.5), {"loc": {"$near": [1, 2], "$maxDistance": 0.5}}),
    (
        loc.near_sphere(POINT, min_distance=1),
        {"loc": {"$nearSphere": {"$geometry": POINT, "$minDistance": 1}}},
    ),
    (loc.near_sphere((1, 2)), {"loc": {"$nearSphere": [1, 2]}}),
]


@pytest.mark.parametrize(("predicate", "expected"), METHODS, ids=lambda value: repr(value)[:60])
def test_method_compiles(predicate: Any, expected: dict[str, Any]) -> None:
    assert compile_query(predicate) == expected


#: MongoDB allows no $not around $near/$nearSphere (see test_near_cannot_be_negated).
NEGATABLE = [(predicate, query) for predicate, query in METHODS if "$near" not in str(query)]


@pytest.mark.parametrize(("predicate", "expected"), NEGATABLE, ids=lambda value: repr(value)[:60])
def test_invert_negates_each_method(predicate: Any, expected: dict[str, Any]) -> None:
    ((path, operator),) = expected.items()
    negated = {path: {"$not": operator}}
    assert compile_query(~predicate) == negated
    assert compile_query(~~predicate) == expected


def test_not_proxy_methods() -> None:
    assert compile_query(age.not_.gte(18)) == {"age": {"$not": {"$gte": 18}}}
    assert compile_query(age.not_.in_(1, 2)) == {"age": {"$not": {"$in": [1, 2]}}}
    assert compile_query(name.not_.regex("^a", options="i")) == {
        "name": {"$not": {"$regex": "^a", "$options": "i"}}
    }
    assert compile_query(tags.not_.size(0)) == {"tags": {"$not": {"$size": 0}}}
    assert compile_query(tags.not_.elem_match(Gt(1))) == {
        "tags": {"$not": {"$elemMatch": {"$gt": 1}}}
    }
    assert compile_query(age.not_(Gt(1))) == {"age": {"$not": {"$gt": 1}}}
    assert compile_query(~age.not_.gt(1)) == {"age": {"$gt": 1}}
    assert repr(age.not_) == "Field('age').not_"


def test_near_cannot_be_negated() -> None:
    with pytest.raises(CompilationError, match=r"\$not"):
        ~loc.near(POINT)
    with pytest.raises(CompilationError):
        loc.not_.near_sphere(POINT)
    with pytest.raises(CompilationError):
        Not(Not(Gt(1)))


def test_geo_objects() -> None:
    square = geo.Polygon([[(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]])
    assert compile_query(loc.geo_within(square)) == {"loc": {"$geoWithin": {"$geometry": SQUARE}}}
    assert compile_query(loc.geo_intersects(geo.Point(2.35, 48.85))) == {
        "loc": {"$geoIntersects": {"$geometry": POINT}}
    }
    assert compile_query(loc.geo_within(Box((0, 0), (10, 10)))) == {
        "loc": {"$geoWithin": {"$box": [[0, 0], [10, 10]]}}
    }
    assert compile_query(loc.near(geo.Point(2.35, 48.85), max_distance=5)) == {
        "loc": {"$near": {"$geometry": POINT, "$maxDistance": 5}}
    }
    assert compile_query(loc.near_sphere(Coordinates(2.35, 48.85))) == {
        "loc": {"$nearSphere": {"$geometry": POINT}}
    }


def test_literal_values_never_become_operators() -> None:
    assert compile_query(name == {"$ne": None}) == {"name": {"$eq": {"$ne": None}}}
    with pytest.raises(CompilationError, match=r"\$in cannot hold the literal document"):
        name.in_({"$gt": ""})  # MongoDB's parser refuses $-keys under $in
    assert compile_query(name.ne({"$exists": True})) == {"name": {"$ne": {"$exists": True}}}
    assert compile_query(age.gt("$other")) == {"age": {"$gt": "$other"}}


class Color(enum.Enum):
    RED = "red"


def test_values_are_encoded() -> None:
    day = datetime.date(2024, 5, 1)
    assert compile_query(name == Color.RED) == {"name": {"$eq": "red"}}
    assert compile_query(age == day) == {"age": {"$eq": datetime.datetime(2024, 5, 1)}}
    assert compile_query(tags == ("a", "b")) == {"tags": {"$eq": ["a", "b"]}}
    assert compile_query(age.in_({Color.RED})) == {"age": {"$in": ["red"]}}


def test_uuid_and_decimal_values_are_bson_ready() -> None:
    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert compile_query(Field("id") == value) == {"id": {"$eq": bson.Binary.from_uuid(value)}}
    assert compile_query(Field("price") < decimal.Decimal("9.99")) == {
        "price": {"$lt": bson.Decimal128("9.99")}
    }


def test_values_are_copied_at_construction() -> None:
    values = [1, 2]
    predicate = age.in_(values)
    values.append(3)
    assert compile_query(predicate) == {"age": {"$in": [1, 2]}}
    compiled = compile_query(predicate)
    compiled["age"]["$in2"] = 1
    assert compile_query(predicate) == {"age": {"$in": [1, 2]}}


def test_reference_comparisons_compile_to_expr() -> None:
    other = Field("other")
    assert compile_query(age < other) == {"$expr": {"$lt": ["$age", "$other"]}}
    assert compile_query(age <= other) == {"$expr": {"$lte": ["$age", "$other"]}}
    assert compile_query(age > other) == {"$expr": {"$gt": ["$age", "$other"]}}
    assert compile_query(age >= other) == {"$expr": {"$gte": ["$age", "$other"]}}
    assert compile_query(age == other) == {"$expr": {"$eq": ["$age", "$other"]}}
    assert compile_query(age != other) == {"$expr": {"$ne": ["$age", "$other"]}}
    assert compile_query(age.gt(other)) == {"$expr": {"$gt": ["$age", "$other"]}}
    assert compile_query(age.not_.gt(other)) == {"$expr": {"$not": [{"$gt": ["$age", "$other"]}]}}
    assert compile_query(~(age < other)) == {"$expr": {"$not": [{"$lt": ["$age", "$other"]}]}}
    assert compile_query(~~(age < other)) == {"$expr": {"$lt": ["$age", "$other"]}}
    assert repr(age < other) == "Field('age') < Field('other')"


def test_references_in_containers_are_rejected() -> None:
    with pytest.raises(CompilationError, match="literal"):
        age.in_(Field("a"), 1)
    with pytest.raises(CompilationError):
        age == [Field("a")]  # noqa: B015 - builds the predicate


def test_reference_identity_in_checks_and_dict_keys() -> None:
    assert (age in [name]) is False
    assert (age in [age]) is True
    assert Field("age") in [Field("age")]
    assert Field("age") not in [Field("name")]
    assert bool(Field("age") == Field("age")) is True
    assert bool(Field("age") != Field("age")) is False
    assert bool(Field("age") != Field("name")) is True
    assert {age: 1, name: 2}[Field("name")] == 2
    assert hash(Field("a.b")) == hash(Field("a").field("b"))
    assert len({Field("a"), Field("a"), Field("b")}) == 2


def test_predicates_have_no_truth_value() -> None:
    for predicate in [age == 1, age < Field("b"), ~(age == Field("b")), Query(), Raw({})]:
        with pytest.raises(TypeError, match="no truth value"):
            bool(predicate)
    with pytest.raises(TypeError, match="no truth value"):
        1 in [age]  # noqa: B015 - the check under test


a = age >= 18
b = name == "x"
c = tags.in_(["t"])
A = {"age": {"$gte": 18}}
B = {"name": {"$eq": "x"}}
C = {"tags": {"$in": ["t"]}}


def test_and_or_flatten() -> None:
    assert compile_query(a & b & c) == {"$and": [A, B, C]}
    assert compile_query(a & (b & c)) == {"$and": [A, B, C]}
    assert compile_query((a & b) & (b & c)) == {"$and": [A, B, B, C]}
    assert compile_query(a | b | c) == {"$or": [A, B, C]}
    assert compile_query(a | (b | c)) == {"$or": [A, B, C]}
    assert compile_query((a | b) & c) == {"$and": [{"$or": [A, B]}, C]}
    assert compile_query((a & b) | c) == {"$or": [{"$and": [A, B]}, C]}
    assert compile_query(And(a, And(b, c))) == {"$and": [A, B, C]}
    assert compile_query(And([a, b])) == {"$and": [A, B]}
    assert compile_query(Or(a)) == {"$or": [A]}
    assert compile_query(Nor(a, Nor(b))) == {"$nor": [A, {"$nor": [B]}]}
    assert isinstance(a & b, And)
    assert isinstance(a | b, Or)


def test_and_or_accept_dicts_and_expressions() -> None:
    assert compile_query(a & {"x": 1}) == {"$and": [A, {"x": 1}]}
    assert compile_query({"x": 1} & a) == {"$and": [{"x": 1}, A]}
    assert compile_query({"x": 1} | a) == {"$or": [{"x": 1}, A]}
    assert compile_query(a & age.expr.gt(1)) == {"$and": [A, {"$expr": {"$gt": ["$age", 1]}}]}


def test_negation_of_logical_predicates() -> None:
    assert compile_query(~(a & b)) == {"$nor": [{"$and": [A, B]}]}
    assert compile_query(~~(a & b)) == {"$and": [A, B]}
    assert compile_query(~(a | b)) == {"$nor": [A, B]}
    assert compile_query(~~(a | b)) == {"$or": [A, B]}
    assert compile_query(~Nor(a, b)) == {"$or": [A, B]}
    assert compile_query(~Nor(a)) == A
    assert compile_query(~Raw({"x": 1})) == {"$nor": [{"x": 1}]}
    assert compile_query(~~Raw({"x": 1})) == {"x": 1}
    assert compile_query(~(age == 1)) == {"age": {"$not": {"$eq": 1}}}
    assert compile_query(~Expr(age.expr.gt(1))) == {"$nor": [{"$expr": {"$gt": ["$age", 1]}}]}


def test_query_is_the_neutral_element() -> None:
    assert compile_query(Query()) == {}
    assert Query() & a is a
    assert a & Query() is a
    assert Query() | a is a
    assert a | Query() is a
    assert compile_query(Query() & Query()) == {}
    assert compile_query(Query() & {"x": 1}) == {"x": 1}
    assert compile_query(~Query()) == {"$nor": [{}]}
    assert compile_query(~~Query()) == {}
    assert isinstance(~~Query(), Query)
    assert repr(Query()) == "Query()"
    built: Predicate = Query()
    for predicate in (a, b):
        built = built & predicate
    assert compile_query(built) == {"$and": [A, B]}


def test_top_level_predicates() -> None:
    assert compile_query(Expr(age.expr.gt(Field("b")))) == {"$expr": {"$gt": ["$age", "$b"]}}
    assert compile_query(Expr({"$eq": ["$a", 1]})) == {"$expr": {"$eq": ["$a", 1]}}
    schema = {"required": ["name"], "properties": {"name": {"bsonType": "string"}}}
    assert compile_query(JsonSchema(schema)) == {"$jsonSchema": schema}
    assert compile_query(Text("coffee")) == {"$text": {"$search": "coffee"}}
    assert compile_query(
        Text("café", language="fr", case_sensitive=True, diacritic_sensitive=False)
    ) == {
        "$text": {
            "$search": "café",
            "$language": "fr",
            "$caseSensitive": True,
            "$diacriticSensitive": False,
        }
    }
    assert compile_query(Text("x") & a) == {"$and": [{"$text": {"$search": "x"}}, A]}
    assert compile_query(~JsonSchema(schema)) == {"$nor": [{"$jsonSchema": schema}]}


def test_text_cannot_be_negated() -> None:
    with pytest.raises(CompilationError, match=r"\$text"):
        ~Text("x")
    with pytest.raises(CompilationError, match=r"\$text"):
        Nor(Text("x"))


def test_raw_is_copied() -> None:
    query = {"a": {"$in": [1]}}
    raw = Raw(query)
    query["a"]["$in"].append(2)
    assert compile_query(raw) == {"a": {"$in": [1]}}
    compiled = compile_query(raw)
    compiled["a"]["$in"].append(3)
    assert compile_query(raw) == {"a": {"$in": [1]}}
    assert repr(raw) == "Raw({'a': {'$in': [1]}})"


def test_condition_and_operator_classes() -> None:
    condition = Condition("age", Gte(18))
    assert compile_query(condition) == A
    assert condition.field == "age"
    assert isinstance(condition.operator, Gte)
    assert compile_query(Condition(age, ~Lt(3))) == {"age": {"$not": {"$lt": 3}}}
    assert compile_query(Condition(age, In([1]))) == {"age": {"$in": [1]}}
    assert compile_query(Condition(age, Not(Regex("^a", "i")))) == {
        "age": {"$not": {"$regex": "^a", "$options": "i"}}
    }
    assert (~Not(Eq(1))).compile_operator() == {"$eq": 1}
    assert Not(Ne(1)).operator.compile_operator() == {"$ne": 1}
    assert repr(condition) == "Condition('age', Gte(18))"
    assert repr(Not(Eq(1))) == "Not(Eq(1))"
    assert isinstance(condition, QueryPredicate)


def test_elem_match_operators_and_predicates() -> None:
    assert compile_query(tags.elem_match(Gte(80), Lt(85))) == {
        "tags": {"$elemMatch": {"$gte": 80, "$lt": 85}}
    }
    assert compile_query(tags.elem_match(Field("item") == "B", Field("score") > 8)) == {
        "tags": {"$elemMatch": {"item": {"$eq": "B"}, "score": {"$gt": 8}}}
    }
    assert compile_query(tags.elem_match(Raw({"item": "B"}))) == {
        "tags": {"$elemMatch": {"item": "B"}}
    }


def test_elem_match_keeps_every_condition_on_one_key() -> None:
    assert compile_query(tags.elem_match(Field("score") > 8, Field("score") < 10)) == {
        "tags": {"$elemMatch": {"$and": [{"score": {"$gt": 8}}, {"score": {"$lt": 10}}]}}
    }


def test_elem_match_errors() -> None:
    with pytest.raises(TypeError, match="at least one"):
        tags.elem_match()
    with pytest.raises(CompilationError, match="not both"):
        tags.elem_match(Gt(1), Field("a") == 1)
    with pytest.raises(CompilationError, match=r"two \$ne"):
        tags.elem_match(Ne(1), Ne(2))
    with pytest.raises(TypeError, match=r"operators or predicates \(Raw"):
        tags.elem_match(Field("a") == 1, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: age.exists("yes"), TypeError, "True or False"),
        (lambda: age.type(), TypeError, "at least one"),
        (lambda: age.type("str"), ValueError, "not a BSON type"),
        (lambda: age.type(99), ValueError, "not a BSON type"),
        (lambda: age.type(True), ValueError, "not a BSON type"),
        (lambda: tags.size(-1), ValueError, ">= 0"),
        (lambda: tags.size(1.5), TypeError, "int"),
        (lambda: tags.size(True), TypeError, "int"),
        (lambda: age.mod(0, 1), ValueError, "divisor"),
        (lambda: age.mod("4", 1), TypeError, "two numbers"),
        (lambda: name.regex(3), TypeError, "str or a compiled pattern"),
        (lambda: name.regex("a", options="q"), ValueError, "unknown option"),
        (lambda: name.regex("a", options=1), TypeError, "str of flags"),
        (lambda: name.regex(re.compile("a"), options="i"), TypeError, "str pattern"),
        (lambda: age.bits_all_set(-1), TypeError, "non-negative"),
        (lambda: age.bits_all_set([1, -2]), TypeError, "non-negative"),
        (lambda: age.bits_any_set("x"), TypeError, "bitmask"),
        (lambda: loc.geo_intersects([1, 2]), TypeError, r"\$geoIntersects: expected a GeoJSON"),
        (lambda: loc.geo_intersects({"$box": [[0, 0], [1, 1]]}), CompilationError, "legacy"),
        (lambda: loc.geo_intersects(Box((0, 0), (1, 1))), CompilationError, "legacy"),
        (lambda: loc.geo_within({"type": "Nope"}), TypeError, r"\$geoWithin: expected"),
        (lambda: loc.near(Box((0, 0), (1, 1))), CompilationError, "legacy"),
        (lambda: loc.near(SQUARE), CompilationError, "Point"),
        (lambda: loc.near([1, 2, 3]), TypeError, r"\(x, y\)"),
        (lambda: loc.near(POINT, max_distance=-1), ValueError, ">= 0"),
        (lambda: loc.near(POINT, min_distance="far"), ValueError, ">= 0"),
        (lambda: Condition("age", 18), TypeError, "field operator"),
        (lambda: Condition("$age", Gt(1)), CompilationError, "starts with"),
        (lambda: Field("") == 1, CompilationError, "not a field path"),
        (lambda: Field("$a").gt(1), CompilationError, "not a field path"),
        (lambda: Field(3) == 1, CompilationError, "not a field path"),  # type: ignore[arg-type]
        (lambda: Not(18), TypeError, "field operator"),
        (lambda: And(), TypeError, "at least one"),
        (lambda: Or([]), TypeError, "at least one"),
        (lambda: And(a, 3), TypeError, "predicate, a query dict"),
        (lambda: a & 3, TypeError, "predicate, a query dict"),
        (lambda: Raw([("a", 1)]), TypeError, "query dict"),
        (lambda: Raw({1: 2}), TypeError, "keys are str"),
        (lambda: JsonSchema("x"), TypeError, "dict"),
        (lambda: Text(3), TypeError, "search str"),
        (lambda: Text("x", language=1), TypeError, "language"),
        (lambda: Text("x", case_sensitive="yes"), TypeError, "caseSensitive"),
        (lambda: FieldComparison("$in", age, name), ValueError, "unknown comparison"),
        (lambda: FieldComparison("$lt", age, 1), TypeError, "two field references"),
        (lambda: age.by_score(1), TypeError, r"\$meta"),
        (lambda: age.field(""), ValueError, "empty"),
        (lambda: age == object(), CompilationError, "not a BSON type"),
    ],
)
def test_bad_input_raises_clearly(build: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        build()


def test_reference_helpers() -> None:
    assert age.asc() == (age, 1)
    assert age.desc() == (age, -1)
    assert age.by_score() == (age, {"$meta": "textScore"})
    assert age.by_score("searchScore") == (age, {"$meta": "searchScore"})
    assert Field("a").field("b").compile_field() == "a.b"
    assert Field("a").field(Field("b.c")).compile_field() == "a.b.c"
    assert Field("a").compile_expression() == "$a"
    assert repr(Field("a.b")) == "Field('a.b')"
    assert age.keep() == Aliased(age, True)
    kept = age.keep("years")
    assert (kept.ref, kept.value) == ("years", age)
    removed = age.remove()
    assert (removed.ref, removed.value) == (age, "$$REMOVE")
    assigned = age.assign(age.expr.add(1))
    assert assigned.ref is age
    assert assigned.value.compile_expression() == {"$add": ["$age", 1]}


def test_tmp_fields_are_unique() -> None:
    first, second = Field.tmp(), Field.tmp()
    assert first.compile_field().startswith("__")
    assert len(first.compile_field()) == 26
    assert first.compile_field() != second.compile_field()
    assert isinstance(first, AsRef)


def test_expr_proxy() -> None:
    assert compile_query(age.expr.gt(18)) == {"$expr": {"$gt": ["$age", 18]}}
    assert age.expr.add(Field("b")).compile_expression() == {"$add": ["$age", "$b"]}


def test_predicates_are_immutable_value_holders() -> None:
    predicate = age >= 18
    with pytest.raises(AttributeError):
        predicate.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        predicate.field = "x"  # type: ignore[attr-defined]


def test_repr_is_readable() -> None:
    assert repr(a & b) == "And(Condition(Field('age'), Gte(18)), Condition(Field('name'), Eq('x')))"
    assert repr(~(a | b)).startswith("Nor(Condition(Field('age')")
    assert repr(Text("x")) == "Text({'$search': 'x'})"
    assert repr(Near([1, 2])) == "Near({'$near': [1, 2]})"
    assert repr(All(1)) == "All({'$all': [1]})"


class Address(Model):
    city: Field[str] = configure(db_alias="town")
    zip_code: str


class Person(Schema, collection="predicate_people"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(db_alias="person_age")
    address: Address
    tags: list[str] = configure(default_factory=list)
    best_friend_age: int = 0


def test_model_attributes_compile_with_db_aliases() -> None:
    assert compile_query(Person.age >= 18) == {"person_age": {"$gte": 18}}
    assert compile_query(Person.age.not_.in_(1, 2)) == {"person_age": {"$not": {"$in": [1, 2]}}}
    assert compile_query(Person.address.city == "Paris") == {"address.town": {"$eq": "Paris"}}
    assert compile_query(Person.id == "x") == {"_id": {"$eq": "x"}}
    assert compile_query(Person.age < Person.best_friend_age) == {
        "$expr": {"$lt": ["$person_age", "$best_friend_age"]}
    }
    assert compile_query((Person.age > 1) & Person.tags.size(0) | ~(Person.name == "x")) == {
        "$or": [
            {"$and": [{"person_age": {"$gt": 1}}, {"tags": {"$size": 0}}]},
            {"name": {"$not": {"$eq": "x"}}},
        ]
    }


def test_model_attributes_sort_update_and_identity() -> None:
    assert normalize_sort([Person.age.desc(), Person.address.city]) == {
        "person_age": -1,
        "address.town": 1,
    }
    assert compile_update(Person.age.inc(1), Person.address.city.set("Lyon")) == {
        "$inc": {"person_age": 1},
        "$set": {"address.town": "Lyon"},
    }
    assert (Person.age in [Person.name]) is False
    assert (Person.age in [Person.age]) is True
    assert {Person.age: "a", Person.name: "n"}[Person.age] == "a"
    assert compile_query(Person.age.expr.add(1).gt(3)) == {
        "$expr": {"$gt": [{"$add": ["$person_age", 1]}, 3]}
    }


def test_model_instances_are_literal_values() -> None:
    address = Address(city="Paris", zip_code="75001")
    assert compile_query(Person.address == address) == {
        "address": {"$eq": {"town": "Paris", "zip_code": "75001"}}
    }


EXPRESSION_FORMS: list[tuple[Any, Any]] = [
    (age >= 1, {"$gte": ["$age", 1]}),
    (age == "x", {"$eq": ["$age", "x"]}),
    (age == "$x", {"$eq": ["$age", {"$literal": "$x"}]}),
    (age == {"$ne": 1}, {"$eq": ["$age", {"$literal": {"$ne": 1}}]}),
    (age != [1, 2], {"$ne": ["$age", [1, 2]]}),
    (age < 1, {"$lt": ["$age", 1]}),
    (age == None, {"$in": [{"$type": "$age"}, ["null", "missing"]]}),
    (age != None, {"$not": [{"$in": [{"$type": "$age"}, ["null", "missing"]]}]}),
    (age.in_(1, 2), {"$in": ["$age", [1, 2]]}),
    (age.in_("$a"), {"$in": ["$age", {"$literal": ["$a"]}]}),
    (age.nin(1), {"$not": [{"$in": ["$age", [1]]}]}),
    (age.exists(), {"$ne": [{"$type": "$age"}, "missing"]}),
    (age.exists(False), {"$eq": [{"$type": "$age"}, "missing"]}),
    (
        name.regex("^a", options="i"),
        {
            "$cond": [
                {"$eq": [{"$type": "$name"}, "string"]},
                {"$regexMatch": {"input": "$name", "regex": "^a", "options": "i"}},
                False,
            ]
        },
    ),
    (  # regexMatch's regex is an expression: a pattern starting with $ goes as a literal
        name.regex("$x"),
        {
            "$cond": [
                {"$eq": [{"$type": "$name"}, "string"]},
                {"$regexMatch": {"input": "$name", "regex": {"$literal": "$x"}}},
                False,
            ]
        },
    ),
    (
        tags.size(2),
        {"$cond": [{"$isArray": "$tags"}, {"$eq": [{"$size": "$tags"}, 2]}, False]},
    ),
    (age.not_.gt(1), {"$not": [{"$gt": ["$age", 1]}]}),
    (a & b, {"$and": [{"$gte": ["$age", 18]}, {"$eq": ["$name", "x"]}]}),
    (a | b, {"$or": [{"$gte": ["$age", 18]}, {"$eq": ["$name", "x"]}]}),
    (~(a | b), {"$not": [{"$or": [{"$gte": ["$age", 18]}, {"$eq": ["$name", "x"]}]}]}),
    (age < Field("b"), {"$lt": ["$age", "$b"]}),
    (~(age < Field("b")), {"$not": [{"$lt": ["$age", "$b"]}]}),
    (Expr(age.expr.gt(1)), {"$gt": ["$age", 1]}),
    (Query(), True),
]


@pytest.mark.parametrize(("predicate", "expected"), EXPRESSION_FORMS, ids=repr)
def test_expression_form(predicate: Any, expected: Any) -> None:
    assert predicate.compile_expression() == expected


def test_predicates_inside_expressions() -> None:
    assert Cond(age >= 18, "adult", "minor").compile_expression() == {
        "$cond": {"if": {"$gte": ["$age", 18]}, "then": "adult", "else": "minor"}
    }


@pytest.mark.parametrize(
    "predicate",
    [age.type("int"), tags.all(1), age.mod(2, 0), Raw({}), Text("x"), JsonSchema({})],
    ids=repr,
)
def test_no_expression_form_raises(predicate: Any) -> None:
    with pytest.raises(CompilationError, match="no aggregation expression form"):
        predicate.compile_expression()


#: (method, arguments): every ConditionMethods method except the geo "near" ones.
NOT_CALLS: list[tuple[str, tuple[Any, ...]]] = [
    ("eq", (1,)),
    ("ne", (1,)),
    ("gt", (1,)),
    ("gte", (1,)),
    ("lt", (1,)),
    ("lte", (1,)),
    ("in_", (1, 2)),
    ("nin", ([1, 2],)),
    ("exists", (True,)),
    ("type", ("string",)),
    ("all", ("a", "b")),
    ("elem_match", (Gt(1),)),
    ("size", (2,)),
    ("mod", (2, 1)),
    ("regex", ("^a",)),
    ("bits_all_clear", (1,)),
    ("bits_all_set", ([1],)),
    ("bits_any_clear", (b"\x01",)),
    ("bits_any_set", (3,)),
    ("geo_intersects", (POINT,)),
    ("geo_within", (SQUARE,)),
]


@pytest.mark.parametrize(("method", "arguments"), NOT_CALLS, ids=[call[0] for call in NOT_CALLS])
def test_not_proxy_has_every_method(method: str, arguments: tuple[Any, ...]) -> None:
    plain = compile_query(getattr(tags, method)(*arguments))
    negated = compile_query(getattr(tags.not_, method)(*arguments))
    assert negated == {"tags": {"$not": plain["tags"]}}


@pytest.mark.parametrize(
    "call",
    [
        lambda: age.eq(),
        lambda: age.eq(1, 2),
        lambda: age.mod(4),
        lambda: age.size(),
        lambda: age.regex("a", "i"),
        lambda: age.exists(True, False),
        lambda: Gt(),
        lambda: Condition(age),
    ],
)
def test_wrong_arity_raises_type_error(call: Any) -> None:
    with pytest.raises(TypeError):
        call()
