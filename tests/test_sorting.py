"""Every SortPayload form through ``normalize_sort`` (SPEC §4), and its errors."""

from __future__ import annotations

import types
from typing import Any

import pytest

from gault.exceptions import CompilationError
from gault.predicates import Field
from gault.sorting import normalize_sort, normalize_token

age = Field("age")
name = Field("name")
score = Field("score")

FORMS: list[tuple[Any, dict[str, Any] | None]] = [
    (None, None),
    ([], None),
    ({}, None),
    ("name", {"name": 1}),
    ("-name", {"name": -1}),
    ("+name", {"name": 1}),
    ("address.city", {"address.city": 1}),
    ("-address.city", {"address.city": -1}),
    (age, {"age": 1}),
    (("age", -1), {"age": -1}),
    (("age", 1), {"age": 1}),
    (("age", None), {"age": 1}),
    ((age, -1), {"age": -1}),
    (("age", "asc"), {"age": 1}),
    (("age", "descending"), {"age": -1}),
    (age.asc(), {"age": 1}),
    (age.desc(), {"age": -1}),
    (score.by_score(), {"score": {"$meta": "textScore"}}),
    (score.by_score("searchScore"), {"score": {"$meta": "searchScore"}}),
    (("score", {"$meta": "textScore"}), {"score": {"$meta": "textScore"}}),
    (["-age", "name"], {"age": -1, "name": 1}),
    ([age.desc(), name.asc(), ("x", None)], {"age": -1, "name": 1, "x": 1}),
    ([name, "-age"], {"name": 1, "age": -1}),
    ({"age": -1, "name": 1}, {"age": -1, "name": 1}),
    ({age: -1, name: None}, {"age": -1, "name": 1}),
    ({"score": {"$meta": "textScore"}, "age": 1}, {"score": {"$meta": "textScore"}, "age": 1}),
    (types.MappingProxyType({"age": -1}), {"age": -1}),
    (Field("a").field("b").desc(), {"a.b": -1}),
]


@pytest.mark.parametrize(("payload", "expected"), FORMS, ids=repr)
def test_every_form_normalizes(payload: Any, expected: dict[str, Any] | None) -> None:
    assert normalize_sort(payload) == expected


def test_list_keeps_order() -> None:
    result = normalize_sort(["z", "-a", "m"])
    assert result is not None
    assert list(result) == ["z", "a", "m"]


def test_meta_direction_is_copied() -> None:
    meta = {"$meta": "textScore"}
    result = normalize_sort(("score", meta))
    assert result == {"score": {"$meta": "textScore"}}
    assert result is not None
    assert result["score"] is not meta


def test_normalize_token() -> None:
    assert normalize_token("-age") == ("age", -1)
    assert normalize_token(age.desc()) == ("age", -1)
    assert normalize_token(name) == ("name", 1)


@pytest.mark.parametrize(
    ("payload", "error", "message"),
    [
        (("age", 2), ValueError, "invalid sort direction for 'age': 2"),
        (("age", 0), ValueError, "invalid sort direction"),
        (("age", True), ValueError, "invalid sort direction"),
        (("age", "up"), ValueError, "invalid sort direction"),
        (("age", [1]), ValueError, "invalid sort direction"),
        (("age", {"$meta": 1}), ValueError, "invalid sort direction"),
        (("age", {"$meta": "textScore", "x": 1}), ValueError, "invalid sort direction"),
        ({"age": "sideways"}, ValueError, "invalid sort direction"),
        ([("age", 5)], ValueError, "invalid sort direction"),
        ("", ValueError, "names no field"),
        ("-", ValueError, "names no field"),
        ("+", ValueError, "names no field"),
        (["age", "-age"], ValueError, "'age' is sorted twice"),
        ([age.asc(), ("age", -1)], ValueError, "sorted twice"),
        ({age: 1, "age": -1}, ValueError, "sorted twice"),
        ("-$age", CompilationError, "starts with"),
        ((), TypeError, r"\(field, direction\)"),
        (("age",), TypeError, r"\(field, direction\)"),
        (("a", 1, 2), TypeError, r"\(field, direction\)"),
        ((1, 1), TypeError, "sort field is a field name"),
        (5, TypeError, "sort token is a field name"),
        ([["age", 1]], TypeError, "sort token is a field name"),
        ({"age", "name"}, TypeError, "sort token is a field name"),
    ],
    ids=repr,
)
def test_bad_payloads_raise_clearly(payload: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        normalize_sort(payload)
