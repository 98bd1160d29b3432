# Generated from tests/managers/aio/test_injection.py by scripts/unasync.py: edit the source, then regenerate.
"""Injection: hostile values and names fed to every predicate method, update operator and
manager argument that takes them, run through the server.

Each hostile input (operator-shaped dicts, ``$``-prefixed strings, dotted keys) either raises a
clear ``TypeError``/``ValueError`` (``CompilationError`` is one) before anything is sent, or
matches and changes exactly what its literal meaning does: the server's answer is compared with
a plain-Python evaluation of that meaning on the same documents.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest
from pymongo.synchronous.database import Database

from gault import Field, Model, Schema, ValidationError, configure
from gault.managers import Manager
from gault.predicates import Eq

#: The values an attacker controls: operator-shaped dicts, ``$`` strings, dotted keys, lists.
HOSTILE: list[Any] = [
    {"$ne": None},
    {"$gt": ""},
    {"$where": "1"},
    {"$set": {"title": "pwned"}},
    {"$exists": True},
    {"$elemMatch": {"$ne": None}},
    {"$in": []},
    {"a.b": 1},
    {"ok": {"$ne": None}},
    "$where",
    "$title",
    "$gt",
    "a.b",
    "",
    ["$ne", None],
    [{"$ne": None}],
    [{"$gt": ""}, "ann"],
]

#: Names an attacker controls: undeclared fields, operators, dotted and ``$`` paths.
HOSTILE_NAMES: list[str] = [
    "secret",
    "-secret",
    "+secret",
    "$where",
    "-$where",
    "title.$ne",
    "a.b",
    "title.secret",
    "items.secret",
    "__class__",
    "",
]

ERRORS = (TypeError, ValueError)


class Item(Model):
    label: Field[Any] = None


class Doc(Schema, collection="injection"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    title: Field[Any] = None
    tags: Field[Any] = None
    rank: Field[Any] = None
    items: Field[list[Item]] = configure(default_factory=list)


class Other(Schema, collection="injection_other"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    body: Field[str] = ""


#: ``title`` and ``tags`` hold the hostile values literally in some documents; ``rank`` holds
#: only scalars and string arrays (the ordering comparisons); ``secret`` is undeclared.
DOCUMENTS: list[dict[str, Any]] = [
    {"_id": "d1", "title": "ann", "tags": ["x", "y"], "rank": "m", "secret": "s1"},
    {"_id": "d2", "title": "", "tags": [], "rank": "", "secret": "s2"},
    {"_id": "d3", "title": "$title", "tags": ["$where"], "rank": "$z", "secret": "s3"},
    {"_id": "d4", "title": "a.b", "tags": ["a.b", "x"], "rank": ["b", "$a"]},
    {"_id": "d5", "title": None, "tags": [{"$ne": None}], "rank": None},
    {"_id": "d6", "tags": ["1"], "rank": 5},
    {"_id": "d7", "title": {"$ne": None}, "tags": [{"$gt": ""}, "ann"], "rank": "zz"},
    {"_id": "d8", "title": ["ann", "$gt"], "tags": ["$gt"], "rank": ["a"]},
    {"_id": "d9", "title": {"ok": {"$ne": None}}, "tags": [["$ne", "x"], "$ne"], "rank": "a.b"},
    {
        "_id": "d10",
        "title": "z",
        "items": [{"label": "ann"}, {"label": {"$ne": None}}, {"label": "$where"}],
    },
]

MISSING = object()


def seeded(sync_db: Database[Any]) -> Manager:
    sync_db.injection.delete_many({})
    sync_db.injection_other.delete_many({})
    sync_db.injection.insert_many(copy.deepcopy(DOCUMENTS))
    sync_db.injection_other.insert_one({"_id": "o1", "body": "x"})
    return Manager(sync_db)


def stored(sync_db: Database[Any]) -> dict[str, dict[str, Any]]:
    return {document["_id"]: document for document in sync_db.injection.find()}


# -- the literal meaning, in plain Python ----------------------------------------------------


def equal(stored: Any, value: Any) -> bool:
    """``{f: {"$eq": value}}``: equal, or an array holding it; null also matches missing."""
    if stored is MISSING:
        return value is None
    if _same(stored, value):
        return True
    return isinstance(stored, list) and any(_same(item, value) for item in stored)


def _same(left: Any, right: Any) -> bool:
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return bool(left == right)


def _bracket(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, (int, float)):
        return 1
    if isinstance(value, str):
        return 2
    return 3 if isinstance(value, dict) else 4


def _order(left: Any, right: Any) -> int:
    """BSON order of two values: type bracket first; arrays element by element."""
    if _bracket(left) != _bracket(right):
        return -1 if _bracket(left) < _bracket(right) else 1
    if isinstance(left, list):
        for a, b in zip(left, right, strict=False):
            if (result := _order(a, b)) != 0:
                return result
        return (len(left) > len(right)) - (len(left) < len(right))
    if isinstance(left, dict) or left is None:
        return 0 if _same(left, right) else 1
    return (left > right) - (left < right)


def ordered(test: Callable[[int], bool]) -> Callable[[Any, Any], bool]:
    """An ordering comparison: same type bracket only, on the value or an array's elements."""

    def compare(stored: Any, value: Any) -> bool:
        if stored is MISSING or isinstance(value, dict):
            return False
        candidates = [stored, *stored] if isinstance(stored, list) else [stored]
        return any(
            _bracket(item) == _bracket(value) and item is not None and test(_order(item, value))
            for item in candidates
        )

    return compare


def spread(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def dollar_document(value: Any) -> bool:
    return isinstance(value, dict) and any(key.startswith("$") for key in value)


def field(document: dict[str, Any], name: str) -> Any:
    return document.get(name, MISSING)


#: method name -> (build the predicate, literal meaning on the stored field, field name).
PredicateCase = tuple[Callable[[Any], Any], Callable[[Any, Any], bool], str]

PREDICATES: dict[str, PredicateCase] = {
    "eq": (lambda v: Doc.title.eq(v), equal, "title"),
    "==": (lambda v: Doc.title == v, equal, "title"),
    "ne": (lambda v: Doc.title.ne(v), lambda s, v: not equal(s, v), "title"),
    "!=": (lambda v: Doc.title != v, lambda s, v: not equal(s, v), "title"),
    "not_.eq": (lambda v: Doc.title.not_.eq(v), lambda s, v: not equal(s, v), "title"),
    "tags.eq": (lambda v: Doc.tags == v, equal, "tags"),
    "gt": (lambda v: Doc.rank.gt(v), ordered(lambda order: order > 0), "rank"),
    "gte": (lambda v: Doc.rank >= v, ordered(lambda order: order >= 0), "rank"),
    "lt": (lambda v: Doc.rank < v, ordered(lambda order: order < 0), "rank"),
    "lte": (lambda v: Doc.rank.lte(v), ordered(lambda order: order <= 0), "rank"),
    "not_.gt": (
        lambda v: Doc.rank.not_.gt(v),
        lambda s, v: not ordered(lambda order: order > 0)(s, v),
        "rank",
    ),
    "in_": (lambda v: Doc.title.in_(v), lambda s, v: any(equal(s, x) for x in spread(v)), "title"),
    "nin": (
        lambda v: Doc.title.nin(v),
        lambda s, v: not any(equal(s, x) for x in spread(v)),
        "title",
    ),
    "tags.in_": (
        lambda v: Doc.tags.in_(v),
        lambda s, v: any(equal(s, x) for x in spread(v)),
        "tags",
    ),
    "all": (
        lambda v: Doc.tags.all(v),
        lambda s, v: all(equal(s, x) for x in spread(v)) and bool(spread(v)),
        "tags",
    ),
    "elem_match(Eq)": (
        lambda v: Doc.tags.elem_match(Eq(v)),
        lambda s, v: isinstance(s, list) and any(_same(item, v) for item in s),
        "tags",
    ),
    "regex": (
        lambda v: Doc.title.regex(v),
        lambda s, v: any(isinstance(x, str) and re.search(v, x) for x in spread(s)),
        "title",
    ),
}


def expected_error(method: str, value: Any) -> bool:
    """Whether gault must refuse ``value`` (MongoDB would read it as an operator)."""
    if method in ("in_", "nin", "tags.in_", "all"):
        return any(dollar_document(item) for item in spread(value))
    if method == "regex":
        return not isinstance(value, str)
    return False


@pytest.mark.parametrize("method", list(PREDICATES))
def test_predicate_methods_match_only_the_literal_meaning(
    sync_db: Database[Any], method: str
) -> None:
    manager = seeded(sync_db)
    build, meaning, name = PREDICATES[method]
    for value in HOSTILE:
        if expected_error(method, value):
            with pytest.raises(ERRORS):
                build(value)
            continue
        if method == "regex" and re.search(value, "{}"):
            continue  # the bundled server also matches a regex against an object's text
        found = sorted([doc.id for doc in manager.select(Doc, build(value))])
        literal = sorted(d["_id"] for d in DOCUMENTS if meaning(field(d, name), value))
        assert found == literal, (method, value)
    assert stored(sync_db) == {d["_id"]: d for d in DOCUMENTS}


@pytest.mark.parametrize(
    "build",
    [
        lambda v: Doc.tags.elem_match(v),
        lambda v: Doc.tags.not_.elem_match(v),
        lambda v: Doc.tags.exists(v),
        lambda v: Doc.tags.type(v),
        lambda v: Doc.tags.size(v),
        lambda v: Doc.rank.mod(v, 1),
        lambda v: Doc.rank.mod(2, v),
        lambda v: Doc.rank.bits_all_set(v),
        lambda v: Doc.rank.bits_any_clear(v),
        lambda v: Doc.rank.geo_within(v),
        lambda v: Doc.rank.geo_intersects(v),
        lambda v: Doc.rank.near(v),
        lambda v: Doc.rank.near_sphere(v),
        lambda v: Doc.title.regex("a", options=v),
    ],
    ids=[
        "elem_match",
        "not_.elem_match",
        "exists",
        "type",
        "size",
        "mod.divisor",
        "mod.remainder",
        "bits_all_set",
        "bits_any_clear",
        "geo_within",
        "geo_intersects",
        "near",
        "near_sphere",
        "regex.options",
    ],
)
def test_operator_arguments_refuse_operator_shaped_values(build: Callable[[Any], Any]) -> None:
    for value in HOSTILE:
        if isinstance(value, dict) or not isinstance(value, (str, list)):
            with pytest.raises(ERRORS):
                build(value)


def test_operator_counts_fit_a_64_bit_integer() -> None:
    for build in (
        lambda n: Doc.tags.size(n),
        lambda n: Doc.rank.mod(n, 1),
        lambda n: Doc.rank.mod(2, n),
        lambda n: Doc.rank.bits_all_set(n),
        lambda n: Doc.rank.bits_any_set([n]),
    ):
        with pytest.raises(ERRORS):
            build(2**63)


def test_elem_match_refuses_a_plain_dict_and_names_raw() -> None:
    for value in ({"$ne": None}, {"$where": "1"}, {"label": "ann"}):
        with pytest.raises(TypeError, match=r"Raw\(\{\.\.\.\}\)"):
            Doc.tags.elem_match(value)


def test_elem_match_predicates_on_elements_are_literal(
    sync_db: Database[Any],
) -> None:
    manager = seeded(sync_db)
    for value in HOSTILE:
        found = [doc.id for doc in manager.select(Doc, Doc.items.elem_match(Item.label == value))]
        literal = [
            d["_id"]
            for d in DOCUMENTS
            if any(equal(item.get("label", MISSING), value) for item in d.get("items", []))
        ]
        assert found == literal, value


# -- updates ---------------------------------------------------------------------------------

#: operator -> (build the update of d1's field, new stored value from the old one, field).
UpdateCase = tuple[Callable[[Any], Any], Callable[[Any, Any], Any], str]

UPDATES: dict[str, UpdateCase] = {
    "set": (lambda v: Doc.title.set(v), lambda old, v: v, "title"),
    "push": (lambda v: Doc.tags.push(v), lambda old, v: [*old, v], "tags"),
    "push.each": (lambda v: Doc.tags.push(each=[v]), lambda old, v: [*old, v], "tags"),
    "add_to_set": (
        lambda v: Doc.tags.add_to_set(v),
        lambda old, v: old if any(_same(x, v) for x in old) else [*old, v],
        "tags",
    ),
    "pull": (
        lambda v: Doc.tags.pull(v),
        lambda old, v: [x for x in old if not _same(x, v)],
        "tags",
    ),
    "min": (lambda v: Field("fresh").min(v), lambda old, v: v, "fresh"),
    "max": (lambda v: Field("fresh").max(v), lambda old, v: v, "fresh"),
}


@pytest.mark.parametrize("operator", list(UPDATES))
def test_update_operators_store_the_literal_value(sync_db: Database[Any], operator: str) -> None:
    build, change, name = UPDATES[operator]
    for value in HOSTILE:
        manager = seeded(sync_db)
        before = stored(sync_db)
        target = "d7" if operator == "pull" else "d1"
        modified = manager.update_many(Doc, Doc.id == target, build(value))
        after = stored(sync_db)
        expected = copy.deepcopy(before)
        old = before[target].get(name, MISSING)
        new = change(old, value)
        expected[target][name] = new
        assert after == expected, (operator, value)
        assert modified == (0 if _same(old, new) else 1), (operator, value)


@pytest.mark.parametrize(
    "build",
    [
        lambda v: Doc.rank.inc(v),
        lambda v: Doc.rank.mul(v),
        lambda v: Doc.tags.pop(v),
        lambda v: Doc.rank.current_date(v),
        lambda v: Doc.title.rename(v),
        lambda v: Doc.tags.push(1, position=v),
        lambda v: Doc.tags.push(1, slice=v),
    ],
    ids=["inc", "mul", "pop", "current_date", "rename", "push.position", "push.slice"],
)
def test_update_arguments_refuse_operator_shaped_values(build: Callable[[Any], Any]) -> None:
    for value in HOSTILE:
        if isinstance(value, dict) or (isinstance(value, str) and value[:1] in ("$", "")):
            with pytest.raises(ERRORS):
                build(value)


def test_find_one_and_update_changes_only_the_literal_match(
    sync_db: Database[Any],
) -> None:
    manager = seeded(sync_db)
    for value in HOSTILE:
        before = stored(sync_db)
        matching = [d for d in before.values() if equal(d.get("title", MISSING), value)]
        result = manager.find_one_and_update(
            Doc, Doc.title == value, Doc.rank.set(value), sort_by="id"
        )
        after = stored(sync_db)
        if not matching:
            assert result is None and after == before, value
            continue
        first = min(matching, key=lambda d: d["_id"])
        assert result is not None and result.id == first["_id"], value
        assert _same(result.rank, value), value
        expected = copy.deepcopy(before)
        expected[first["_id"]]["rank"] = value
        assert after == expected, value


# -- names: distinct, sort, indexes ----------------------------------------------------------


def test_distinct_takes_declared_names_only(sync_db: Database[Any]) -> None:
    manager = seeded(sync_db)
    for name in HOSTILE_NAMES:
        with pytest.raises(ValueError, match="Doc has no field"):
            manager.distinct(Doc, name)
    for value in HOSTILE:
        with pytest.raises(ERRORS):
            manager.distinct(Doc, value)
    with pytest.raises(TypeError, match="field of Other, not of Doc"):
        manager.distinct(Doc, Other.body)
    assert sorted(manager.distinct(Doc, Field("secret"))) == ["s1", "s2", "s3"]
    for value in HOSTILE:
        if expected_error("eq", value):
            continue
        values = manager.distinct(Doc, "id", Doc.title == value)
        literal = [d["_id"] for d in DOCUMENTS if equal(d.get("title", MISSING), value)]
        assert sorted(values) == sorted(literal), value


class Address(Model):
    city: Field[str]


class Account(Schema, collection="injection_accounts"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    address: Field[Address | None] = configure(default=None)
    addresses: Field[list[Address]] = configure(default_factory=list)


def test_distinct_of_an_embedded_field_gives_its_declared_fields_only(
    sync_db: Database[Any],
) -> None:
    # A stored sub-document may hold keys its model does not declare (written by another
    # program): distinct loads it as the model, as a read does, so they never come back.
    sync_db.injection_accounts.insert_many(
        [
            {"_id": "a", "address": {"city": "Oslo", "door_code": "4711"}},
            {"_id": "b", "addresses": [{"city": "Rome", "door_code": "1234"}]},
        ]
    )
    manager = Manager(sync_db)
    assert manager.distinct(Account, "address") == [Address(city="Oslo")]
    assert manager.distinct(Account, Account.address) == [Address(city="Oslo")]
    assert manager.distinct(Account, "addresses") == [Address(city="Rome")]
    assert sorted(manager.distinct(Account, "address.city")) == ["Oslo"]
    raw = manager.distinct(Account, Field("address"))  # a trusted raw path: as stored
    assert raw == [{"city": "Oslo", "door_code": "4711"}]
    sync_db.injection_accounts.insert_one({"_id": "c", "address": {"town": "Pau"}})
    with pytest.raises(ValidationError, match=r"Account\.address\.city: distinct: missing"):
        manager.distinct(Account, "address")


def test_sort_takes_declared_names_only(sync_db: Database[Any]) -> None:
    manager = seeded(sync_db)
    payloads: list[Any] = [
        *HOSTILE_NAMES,
        *[[name] for name in HOSTILE_NAMES],
        *[{name: -1} for name in HOSTILE_NAMES],
        *[(name, 1) for name in HOSTILE_NAMES],
        *[v for v in HOSTILE if isinstance(v, dict)],
        {"title": {"$where": "1"}},
        ("title", "$where"),
    ]
    for payload in payloads:
        with pytest.raises(ERRORS):
            [doc for doc in manager.select(Doc, sort_by=payload)]
        with pytest.raises(ERRORS):
            manager.paginate(Doc, sort_by=payload)
        with pytest.raises(ERRORS):
            manager.find_one_and_update(Doc, None, Doc.rank.set(1), sort_by=payload)
        with pytest.raises(ERRORS):
            manager.find_one_and_delete(Doc, None, sort_by=payload)
    with pytest.raises(TypeError, match="field of Other, not of Doc"):
        [doc for doc in manager.select(Doc, sort_by=Other.body.desc)]
    assert stored(sync_db) == {d["_id"]: d for d in DOCUMENTS}


def test_pagination_numbers(sync_db: Database[Any]) -> None:
    manager = seeded(sync_db)
    numbers: list[Any] = [0, -1, 2**63, 2**64, 2**70, "1", "$gt", 1.5, True, {"$gt": 0}, [1]]
    for number in numbers:
        with pytest.raises(ValueError):
            manager.paginate(Doc, page=number)
        with pytest.raises(ValueError):
            manager.paginate(Doc, per_page=number)
    with pytest.raises(ValueError, match="64-bit"):
        manager.paginate(Doc, page=2**32 + 1, per_page=2**31)
    for number in [-1, 2**63, 2**64, 2**70, "1", 1.5, True, {"$gt": 0}]:
        with pytest.raises(ERRORS):
            [doc for doc in manager.select(Doc, skip=number)]
        with pytest.raises(ERRORS):
            [doc for doc in manager.select(Doc, take=number)]
    page = manager.paginate(Doc, page=3, per_page=2**61, sort_by="id")
    assert (page.items, page.total) == ([], len(DOCUMENTS))


def test_another_models_fields_raise(sync_db: Database[Any]) -> None:
    manager = seeded(sync_db)
    with pytest.raises(TypeError, match="field of Other, not of Doc"):
        manager.count(Doc, Other.body == "x")
    with pytest.raises(TypeError, match="field of Other, not of Doc"):
        manager.count(Doc, (Doc.title == "ann") | ~(Other.body == "x"))
    with pytest.raises(TypeError, match="field of Other, not of Doc"):
        manager.update_many(Doc, None, Other.body.set("x"))
    with pytest.raises(TypeError, match="field of Other, not of Doc"):
        manager.delete_many(Doc, Other.body == "x")
    with pytest.raises(TypeError, match="field of Item, not of Doc"):
        manager.count(Doc, Item.label == "ann")
    assert stored(sync_db) == {d["_id"]: d for d in DOCUMENTS}
