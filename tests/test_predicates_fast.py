"""The fast path of filters on scalar literals behaves exactly like the general one."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable
from typing import Any

import bson
import pytest

from gault.compilers import compile_query
from gault.exceptions import CompilationError
from gault.models import Schema, configure
from gault.predicates import (
    And,
    Condition,
    Eq,
    Field,
    Gt,
    Gte,
    In,
    Lt,
    Lte,
    Ne,
    Nin,
    Nor,
    Operator,
    Or,
    Query,
    Raw,
)


class Color(enum.Enum):
    """A non-scalar literal: compiled through the general path."""

    RED = "red"


class User(Schema, collection="fast_users"):
    """The filter of SPEC §9, with a db alias on ``age``."""

    id: Field[str] = configure(pk=True)
    name: Field[str]
    age: Field[int] = configure(db_alias="a")
    tags: Field[list[str]]


ref = Field("f")


def parts(predicate: object) -> tuple[Any, ...]:
    """The predicates combined by a logical predicate."""
    assert isinstance(predicate, (And, Or, Nor))
    return tuple(predicate.predicates)  # a list since 0.14 compatibility (#13)


COMPARISONS: list[tuple[str, Callable[[Any], Operator]]] = [
    ("eq", Eq),
    ("ne", Ne),
    ("gt", Gt),
    ("gte", Gte),
    ("lt", Lt),
    ("lte", Lte),
]
SCALARS = [0, 1, True, False, None, 1.5, "x", "$x", b"\x00", bson.ObjectId(), bson.Int64(3)]


@pytest.mark.parametrize(("method", "operator"), COMPARISONS)
@pytest.mark.parametrize("value", SCALARS, ids=repr)
def test_comparison_matches_the_general_condition(
    method: str, operator: Callable[[Any], Operator], value: Any
) -> None:
    fast = getattr(ref, method)(value)
    general = Condition(ref, operator(value))
    assert type(fast) is Condition
    assert (
        fast.compile_query() == general.compile_query() == {"f": operator(value).compile_operator()}
    )
    assert type(fast.operator) is operator
    assert fast.operator.compile_operator() == general.operator.compile_operator()
    assert fast.field is ref
    assert repr(fast) == repr(general)
    assert (~fast).compile_query() == (~general).compile_query()
    assert fast.compile_expression() == general.compile_expression()


def test_python_operators_are_the_methods() -> None:
    assert (ref == 1).compile_query() == {"f": {"$eq": 1}}
    assert (ref != 1).compile_query() == {"f": {"$ne": 1}}
    assert (ref < 1).compile_query() == {"f": {"$lt": 1}}
    assert (ref <= 1).compile_query() == {"f": {"$lte": 1}}
    assert (ref > 1).compile_query() == {"f": {"$gt": 1}}
    assert (ref >= 1).compile_query() == {"f": {"$gte": 1}}
    assert (1 < ref).compile_query() == {"f": {"$gt": 1}}  # reflected


def test_bool_and_int_stay_distinct() -> None:
    query = compile_query((ref == True) & (ref == 1))
    values = [part["f"]["$eq"] for part in query["$and"]]
    assert values == [True, 1]
    assert [type(value) for value in values] == [bool, int]


def test_non_scalar_literals_take_the_general_path() -> None:
    day = datetime.date(2024, 1, 2)
    assert (ref == Color.RED).compile_query() == {"f": {"$eq": "red"}}
    assert (ref >= day).compile_query() == {"f": {"$gte": datetime.datetime(2024, 1, 2)}}
    assert (ref == {"$gt": 1}).compile_query() == {"f": {"$eq": {"$gt": 1}}}
    assert (ref == [1, 2]).compile_query() == {"f": {"$eq": [1, 2]}}
    comparison = ref < Field("g")
    assert comparison.compile_query() == {"$expr": {"$lt": ["$f", "$g"]}}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((["a", "b"],), ["a", "b"]),
        ((("a", "b"),), ["a", "b"]),
        (("a", "b"), ["a", "b"]),
        (("abc",), ["abc"]),
        ((b"ab",), [b"ab"]),
        ((5,), [5]),
        ((), []),
        (([],), []),
        (([Color.RED, 1],), ["red", 1]),
        ((range(1, 3),), [1, 2]),
        (({3},), [3]),
        (({"k": 1},), [{"k": 1}]),
    ],
)
def test_in_and_nin_match_the_general_operators(
    values: tuple[Any, ...], expected: list[Any]
) -> None:
    assert ref.in_(*values).compile_query() == {"f": {"$in": expected}}
    assert ref.nin(*values).compile_query() == {"f": {"$nin": expected}}


def test_in_copies_the_given_list() -> None:
    given = ["a"]
    condition = ref.in_(given)
    given.append("b")
    assert condition.compile_query() == {"f": {"$in": ["a"]}}
    assert isinstance(condition, Condition)
    assert type(condition.operator) is In
    excluded = ref.nin(["a"])
    assert isinstance(excluded, Condition)
    assert type(excluded.operator) is Nin
    assert repr(ref.in_(["a"])) == repr(Condition(ref, In(["a"])))


def test_in_refuses_operators_like_the_general_path() -> None:
    with pytest.raises(CompilationError, match="literal values"):
        ref.in_([Gt(1)])


@pytest.mark.parametrize(
    "build",
    [lambda: Field("") == 1, lambda: Field("$a") >= 1, lambda: Field("$a").in_([1])],
)
def test_bad_paths_raise_on_the_fast_path(build: Callable[[], object]) -> None:
    with pytest.raises(CompilationError, match="not a field path"):
        build()


def test_model_filter_uses_db_aliases() -> None:
    query = compile_query((User.age >= 18) & (User.name == "x") & User.tags.in_(["a"]))
    assert query == {
        "$and": [{"a": {"$gte": 18}}, {"name": {"$eq": "x"}}, {"tags": {"$in": ["a"]}}]
    }


def test_compiled_queries_are_fresh_copies() -> None:
    predicate = (ref >= 1) & ref.in_([1])
    first = compile_query(predicate)
    first["$and"][0]["f"]["$gte"] = 99
    first["$and"][1]["f"]["$in"].append(2)
    first["$and"].append({})
    assert compile_query(predicate) == {"$and": [{"f": {"$gte": 1}}, {"f": {"$in": [1, 2]}}]}


def test_and_flattens_both_sides() -> None:
    a, b, c, d = ref == 1, ref == 2, ref == 3, ref == 4
    joined = (a & b) & (c & d)
    assert type(joined) is And
    assert parts(joined) == (a, b, c, d)
    assert parts(a & b) == (a, b)
    assert parts((a & b) & c) == (a, b, c)
    assert parts(a & (b & c)) == (a, b, c)


def test_or_flattens_both_sides() -> None:
    a, b, c = ref == 1, ref == 2, ref == 3
    joined = (a | b) | c
    assert type(joined) is Or
    assert parts(joined) == (a, b, c)
    assert parts(a | (b | c)) == (a, b, c)


def test_mixed_logical_operators_nest() -> None:
    a, b, c = ref == 1, ref == 2, ref == 3
    assert parts(a & (b | c))[1].compile_query() == {"$or": [{"f": {"$eq": 2}}, {"f": {"$eq": 3}}]}
    assert parts((a | b) & c)[0].compile_query() == {"$or": [{"f": {"$eq": 1}}, {"f": {"$eq": 2}}]}
    nor = Nor(a, b)
    assert parts(nor & c) == (nor, c)
    assert parts(nor | c) == (nor, c)


def test_query_is_neutral_and_dicts_become_raw() -> None:
    a = ref == 1
    assert a & Query() is a
    assert a | Query() is a
    joined = a & {"g": 2}
    assert type(joined) is And
    assert type(parts(joined)[1]) is Raw
    assert compile_query(joined) == {"$and": [{"f": {"$eq": 1}}, {"g": 2}]}
    assert compile_query({"g": 2} & a) == {"$and": [{"g": 2}, {"f": {"$eq": 1}}]}


def test_and_refuses_non_predicates() -> None:
    with pytest.raises(TypeError, match="expected a predicate"):
        (ref == 1) & 3  # type: ignore[operator]
