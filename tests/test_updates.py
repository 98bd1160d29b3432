"""Compiled output of the typed update operators and ``compile_update`` (no server)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import bson
import pytest

from gault.exceptions import CompilationError
from gault.predicates import Field, Gte, In
from gault.updates import (
    AddToSet,
    CurrentDate,
    Inc,
    Pop,
    Pull,
    Push,
    Rename,
    Set,
    Unset,
    UpdateOperation,
    compile_update,
)

age = Field("age")
name = Field("name")
tags = Field("tags")
scores = Field("scores")

OPERATIONS: list[tuple[UpdateOperation, dict[str, Any]]] = [
    (age.inc(2), {"$inc": {"age": 2}}),
    (age.inc(), {"$inc": {"age": 1}}),
    (age.inc(-1.5), {"$inc": {"age": -1.5}}),
    (age.mul(3), {"$mul": {"age": 3}}),
    (name.set("x"), {"$set": {"name": "x"}}),
    (name.set({"$ne": None}), {"$set": {"name": {"$ne": None}}}),
    (name.set(None), {"$set": {"name": None}}),
    (name.unset(), {"$unset": {"name": ""}}),
    (age.min(5), {"$min": {"age": 5}}),
    (age.max(datetime.date(2024, 1, 2)), {"$max": {"age": datetime.datetime(2024, 1, 2)}}),
    (tags.push("a"), {"$push": {"tags": "a"}}),
    (tags.push({"a": 1}), {"$push": {"tags": {"a": 1}}}),
    (tags.push(each=["a", "b"]), {"$push": {"tags": {"$each": ["a", "b"]}}}),
    (tags.push("a", position=0), {"$push": {"tags": {"$each": ["a"], "$position": 0}}}),
    (
        scores.push(each=[3, 1], sort=-1, slice=5),
        {"$push": {"scores": {"$each": [3, 1], "$slice": 5, "$sort": -1}}},
    ),
    (
        scores.push(each=[{"s": 1}], sort=Field("s").desc()),
        {"$push": {"scores": {"$each": [{"s": 1}], "$sort": {"s": -1}}}},
    ),
    (
        scores.push(each=[], sort={"s": 1, "t": -1}),
        {"$push": {"scores": {"$each": [], "$sort": {"s": 1, "t": -1}}}},
    ),
    (tags.push({"$each": 1}), {"$push": {"tags": {"$each": [{"$each": 1}]}}}),
    (tags.add_to_set("a"), {"$addToSet": {"tags": "a"}}),
    (tags.add_to_set(each=("a", "b")), {"$addToSet": {"tags": {"$each": ["a", "b"]}}}),
    (tags.add_to_set({"$each": [1]}), {"$addToSet": {"tags": {"$each": [{"$each": [1]}]}}}),
    (tags.pull("a"), {"$pull": {"tags": "a"}}),
    (tags.pull({"$in": ["a"]}), {"$pull": {"tags": {"$eq": {"$in": ["a"]}}}}),
    (scores.pull(Gte(6)), {"$pull": {"scores": {"$gte": 6}}}),
    (scores.pull(In(1, 2)), {"$pull": {"scores": {"$in": [1, 2]}}}),
    (
        scores.pull((Field("s") < 5) & (Field("t") == "x")),
        {"$pull": {"scores": {"$and": [{"s": {"$lt": 5}}, {"t": {"$eq": "x"}}]}}},
    ),
    (name.rename("full_name"), {"$rename": {"name": "full_name"}}),
    (name.rename(Field("a.b")), {"$rename": {"name": "a.b"}}),
    (Field("at").current_date(), {"$currentDate": {"at": True}}),
    (Field("at").current_date("timestamp"), {"$currentDate": {"at": {"$type": "timestamp"}}}),
    (tags.pop(), {"$pop": {"tags": 1}}),
    (tags.pop(first=True), {"$pop": {"tags": -1}}),
    (Set("a.b", 1), {"$set": {"a.b": 1}}),
    (Inc(age, 1), {"$inc": {"age": 1}}),
]


@pytest.mark.parametrize(("operation", "expected"), OPERATIONS, ids=repr)
def test_operation_compiles(operation: UpdateOperation, expected: dict[str, Any]) -> None:
    assert operation.compile_update() == expected
    assert compile_update(operation) == expected


def test_values_are_encoded_literals() -> None:
    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert compile_update(Field("id").set(value)) == {"$set": {"id": bson.Binary.from_uuid(value)}}
    assert compile_update(tags.push(each=[value])) == {
        "$push": {"tags": {"$each": [bson.Binary.from_uuid(value)]}}
    }


def test_compile_update_merges_operators() -> None:
    assert compile_update(age.inc(1), name.set("x"), Field("n").inc(2), tags.unset()) == {
        "$inc": {"age": 1, "n": 2},
        "$set": {"name": "x"},
        "$unset": {"tags": ""},
    }
    assert compile_update([age.inc(1), name.set("x")]) == {
        "$inc": {"age": 1},
        "$set": {"name": "x"},
    }


def test_compile_update_accepts_raw_update_dicts() -> None:
    assert compile_update({"$set": {"a": 1}, "$inc": {"n": 1}}) == {
        "$set": {"a": 1},
        "$inc": {"n": 1},
    }
    assert compile_update({"$set": {"a": 1}}, age.inc(1), {"$set": {"b": 2}}) == {
        "$set": {"a": 1, "b": 2},
        "$inc": {"age": 1},
    }
    assert compile_update({"$set": {age: 1}}) == {"$set": {"age": 1}}
    assert compile_update({"$rename": {age: Field("years")}}) == {"$rename": {"age": "years"}}
    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert compile_update({"$push": {"ids": {"$each": [value]}}}) == {
        "$push": {"ids": {"$each": [bson.Binary.from_uuid(value)]}}
    }


@pytest.mark.parametrize(
    "operations",
    [
        (age.inc(1), age.set(3)),
        (age.inc(1), age.inc(2)),
        (Field("a").set(1), Field("a.b").set(2)),
        (Field("a.b").unset(), Field("a").set({})),
        (name.rename("full"), Field("full").set("x")),
        ({"$set": {"age": 1}}, age.inc(1)),
        ({"$set": {"a": 1}, "$inc": {"a": 1}},),
        ({"$rename": {"a": "b"}, "$set": {"b": 1}},),
    ],
)
def test_two_operations_on_one_path_are_rejected(operations: tuple[Any, ...]) -> None:
    with pytest.raises(CompilationError, match="conflicts|twice") as error:
        compile_update(*operations)
    assert "a" in str(error.value) or "age" in str(error.value) or "b" in str(error.value)


def test_sibling_paths_do_not_conflict() -> None:
    assert compile_update(Field("a.b").set(1), Field("a.bc").set(2), Field("ab").inc(1)) == {
        "$set": {"a.b": 1, "a.bc": 2},
        "$inc": {"ab": 1},
    }


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: compile_update(), ValueError, "empty"),
        (lambda: compile_update({}), ValueError, "empty"),
        (lambda: compile_update({"name": "x"}), ValueError, "not an update operator"),
        (lambda: compile_update({"$set": {"a": 1}, "b": 2}), ValueError, "'b'"),
        (lambda: compile_update({"$set": [("a", 1)]}), TypeError, r"\{path: value\}"),
        (lambda: compile_update(age == 1), TypeError, "update operations"),
        (lambda: compile_update("$set"), TypeError, "update operations"),
        (lambda: age.inc("1"), TypeError, r"\$inc on 'age' takes a number"),
        (lambda: age.inc(True), TypeError, "number"),
        (lambda: age.mul(None), TypeError, r"\$mul"),
        (lambda: tags.push(), TypeError, "needs a value or each"),
        (lambda: tags.push("a", each=["b"]), TypeError, "not both"),
        (lambda: tags.push(each="ab"), TypeError, "each= takes a list"),
        (lambda: tags.push("a", position="0"), TypeError, "position takes an int"),
        (lambda: tags.push("a", slice=1.5), TypeError, "slice takes an int"),
        (lambda: tags.push("a", sort=0), ValueError, "sort takes 1, -1"),
        (lambda: tags.push("a", sort=True), ValueError, "sort takes 1, -1"),
        (lambda: tags.push("a", sort=[]), ValueError, "sort is empty"),
        (lambda: tags.add_to_set(), TypeError, "needs a value or each"),
        (lambda: name.rename("name"), ValueError, "itself"),
        (lambda: name.rename("$x"), CompilationError, "starts with"),
        (lambda: Field("at").current_date("time"), ValueError, "'date' or 'timestamp'"),
        (lambda: tags.pop(1), TypeError, "True or False"),
        (lambda: name.set(Field("other")), CompilationError, "literal"),
        (lambda: Unset("$a"), CompilationError, "starts with"),
        (lambda: Field("$a").set(1), CompilationError, "not a field path"),
        (lambda: compile_update({"$set": {"": 1}}), CompilationError, "not a field path"),
    ],
)
def test_bad_input_raises_clearly(build: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        build()


def test_operation_properties_and_repr() -> None:
    rename = name.rename("full")
    assert rename.path == "name"
    assert rename.paths == ("name", "full")
    assert age.inc(1).paths == ("age",)
    assert repr(age.inc(1)) == "Inc('age', 1)"
    assert repr(name.unset()) == "Unset('name')"
    assert isinstance(tags.push("a"), Push)
    assert isinstance(tags.add_to_set("a"), AddToSet)
    assert isinstance(tags.pull("a"), Pull)
    assert isinstance(name.rename("b"), Rename)
    assert isinstance(Field("at").current_date(), CurrentDate)
    assert isinstance(tags.pop(), Pop)
