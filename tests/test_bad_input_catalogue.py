"""Issue 11: every value is checked at every door, with one error shape.

A catalogue of bad inputs, each sent through a door (construction, assignment, a typed
update operator, an in-place change written by ``insert``/``save``/``insert_many``/
``save_many``/``bulk_write``, a load): each raises ``ValidationError`` naming the model, the
full field path and the problem, before anything is written.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from collections.abc import Callable
from typing import Any, Literal

import pytest
from bson import DatetimeMS, Decimal128
from pymongo import InsertOne, ReplaceOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.database import Database

from gault import AsyncManager, LoadWarning, Manager, Model, Schema, ValidationError, configure

D = decimal.Decimal
UTC = datetime.UTC
AHEAD = datetime.timezone(datetime.timedelta(hours=5))
BEHIND = datetime.timezone(datetime.timedelta(hours=-5))


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Item(Model):
    sku: str
    qty: int = 0
    notes: list[str] = configure(default_factory=list)


class Address(Model):
    city: str
    zip_code: str = ""


class Order(Schema, collection="catalogue_orders"):
    id: str = configure(pk=True, db_alias="_id")
    title: str
    count: int = 0
    ratio: float = 0.0
    flag: bool = False
    amount: D = D(0)
    when: datetime.datetime | None = None
    day: datetime.date | None = None
    uid: uuid.UUID | None = None
    color: Color = Color.RED
    mode: Literal["a", "b"] = "a"
    tags: list[str] = configure(default_factory=list)
    scores: dict[str, int] = configure(default_factory=dict)
    items: list[Item] = configure(default_factory=list)
    address: Address | None = None
    unique: set[int] = configure(default_factory=set)
    pair: tuple[int, str] | None = None
    extra: Any = None


def order(**values: Any) -> Order:
    return Order(id=values.pop("id", "o1"), title=values.pop("title", "t"), **values)


# (field, bad value, the full path named, a fragment of the problem)
VALUES: list[tuple[str, Any, str, str]] = [
    ("count", True, "count", "expected int, got bool True"),
    ("count", False, "count", "expected int, got bool False"),
    ("count", 1.5, "count", "expected int, got float 1.5"),
    ("count", "1", "count", "expected int, got str '1'"),
    ("count", None, "count", "expected int, got NoneType None"),
    ("count", 2**63, "count", "int64 range"),
    ("count", -(2**63) - 1, "count", "int64 range"),
    ("count", 2**70, "count", "int64 range"),
    ("count", D(1), "count", "expected int, got Decimal"),
    ("count", [1], "count", "expected int, got list [1]"),
    ("ratio", True, "ratio", "expected float, got bool True"),
    ("ratio", "1.0", "ratio", "expected float, got str '1.0'"),
    ("ratio", None, "ratio", "expected float, got NoneType"),
    ("ratio", 2**64, "ratio", "int64 range"),
    ("ratio", D("1.5"), "ratio", "expected float, got Decimal"),
    ("flag", 1, "flag", "expected bool, got int 1"),
    ("flag", 0, "flag", "expected bool, got int 0"),
    ("flag", "true", "flag", "expected bool, got str 'true'"),
    ("flag", None, "flag", "expected bool, got NoneType"),
    ("title", 1, "title", "expected str, got int 1"),
    ("title", None, "title", "expected str, got NoneType None"),
    ("title", b"t", "title", "expected str, got bytes"),
    ("title", "\ud800", "title", "lone surrogate"),
    ("title", "a\udfffb", "title", "lone surrogate"),
    ("amount", 1.5, "amount", "expected Decimal, got float 1.5"),
    ("amount", "1", "amount", "expected Decimal, got str '1'"),
    ("amount", True, "amount", "expected Decimal, got bool True"),
    ("amount", D("1." + "1" * 40), "amount", "does not fit Decimal128"),
    ("amount", D("1E+7000"), "amount", "does not fit Decimal128"),
    ("amount", D("1E-7000"), "amount", "does not fit Decimal128"),
    ("amount", D("-" + "9" * 35), "amount", "does not fit Decimal128"),
    ("amount", D("sNaN"), "amount", "signaling NaN"),
    ("amount", D("-sNaN"), "amount", "signaling NaN"),
    ("when", "2020-01-01", "when", "got str '2020-01-01'"),
    ("when", 1, "when", "got int 1"),
    ("when", datetime.date(2020, 1, 1), "when", "got date"),
    ("when", datetime.datetime(1, 1, 1, tzinfo=AHEAD), "when", "outside years 1-9999"),
    ("when", datetime.datetime(9999, 12, 31, 23, tzinfo=BEHIND), "when", "outside years 1-9999"),
    ("day", datetime.datetime(2020, 1, 1, tzinfo=UTC), "day", "got datetime"),
    ("day", "2020-01-01", "day", "got str"),
    ("uid", "0c7d0e4e-7d2b-4cb1-9c57-d5b0f0d8f000", "uid", "got str"),
    ("uid", 1, "uid", "got int 1"),
    ("color", "red", "color", "expected Color, got str 'red'"),
    ("color", 1, "color", "expected Color, got int 1"),
    ("mode", "c", "mode", "got str 'c'"),
    ("mode", 1, "mode", "got int 1"),
    ("mode", True, "mode", "got bool True"),
    ("tags", [1], "tags[0]", "expected str, got int 1"),
    ("tags", ["a", None], "tags[1]", "expected str, got NoneType None"),
    ("tags", ["a", "b", b"c"], "tags[2]", "expected str, got bytes"),
    ("tags", ["\ud800"], "tags[0]", "lone surrogate"),
    ("tags", "abc", "tags", "expected list[str], got str 'abc'"),
    ("tags", ("a",), "tags", "expected list[str], got tuple"),
    ("tags", {"a"}, "tags", "expected list[str], got set"),
    ("tags", None, "tags", "expected list[str], got NoneType"),
    ("scores", {"a": "1"}, "scores['a']", "expected int, got str '1'"),
    ("scores", {"a": True}, "scores['a']", "expected int, got bool True"),
    ("scores", {"a": 2**70}, "scores['a']", "int64 range"),
    ("scores", {1: 1}, "scores[1]", "key 1 is not a str"),
    ("scores", {"a\x00b": 1}, "scores['a\\x00b']", "NUL"),
    ("scores", {"\ud800": 1}, "scores['\\ud800']", "lone surrogate"),
    ("scores", [("a", 1)], "scores", "expected dict[str, int], got list"),
    ("items", ["x"], "items[0]", "expected Item, got str 'x'"),
    ("items", [Item(sku="a"), {"sku": "b"}], "items[1]", "expected Item, got dict"),
    ("items", [Address(city="x")], "items[0]", "expected Item, got Address"),
    ("items", Item(sku="a"), "items", "expected list[Item], got Item"),
    ("address", {"city": "x"}, "address", "got dict"),
    ("address", "Paris", "address", "got str 'Paris'"),
    ("address", Item(sku="a"), "address", "got Item"),
    ("unique", {True}, "unique[0]", "expected int, got bool True"),
    ("unique", {"a"}, "unique[0]", "expected int, got str 'a'"),
    ("unique", [1], "unique", "expected set[int], got list"),
    ("pair", (1,), "pair", "got tuple (1,)"),
    ("pair", ("1", "a"), "pair", "got tuple ('1', 'a')"),
    ("pair", [1, "a"], "pair", "got list"),
    ("pair", (1, 2), "pair", "got tuple (1, 2)"),
    ("pair", (True, "a"), "pair", "got tuple (True, 'a')"),
]


def _ids(cases: list[tuple[Any, ...]]) -> list[str]:
    return [f"{case[0]}-{index}" for index, case in enumerate(cases)]


def assert_names(error: ValidationError, path: str, fragment: str) -> None:
    message = str(error)
    assert error.model is Order, message
    assert f"Order.{path}" in message, message
    assert fragment in message, message
    assert error.path == path


@pytest.mark.parametrize(("field", "value", "path", "fragment"), VALUES, ids=_ids(VALUES))
def test_construction(field: str, value: Any, path: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        order(**{field: value})
    assert_names(caught.value, path, fragment)
    assert caught.value.field == field


@pytest.mark.parametrize(("field", "value", "path", "fragment"), VALUES, ids=_ids(VALUES))
def test_assignment(field: str, value: Any, path: str, fragment: str) -> None:
    instance = order()
    before = dict(vars(instance))
    with pytest.raises(ValidationError) as caught:
        setattr(instance, field, value)
    assert_names(caught.value, path, fragment)
    assert vars(instance) == before


# -- typed update operators -------------------------------------------------------------------

UPDATES: list[tuple[str, Callable[[], Any], str, str]] = [
    ("set", lambda: Order.count.set("thirty"), "count", "$set: expected int, got str"),
    ("set", lambda: Order.count.set(True), "count", "$set: expected int, got bool True"),
    ("set", lambda: Order.count.set(2**64), "count", "int64 range"),
    ("set", lambda: Order.title.set({"$ne": None}), "title", "$set: expected str, got dict"),
    ("set", lambda: Order.title.set("\ud800"), "title", "lone surrogate"),
    ("set", lambda: Order.amount.set(D("1E+7000")), "amount", "does not fit Decimal128"),
    ("set", lambda: Order.amount.set(1.5), "amount", "expected Decimal, got float"),
    ("set", lambda: Order.tags.set([1]), "tags", "expected list[str], got list"),
    ("set", lambda: Order.scores.set({"a": "x"}), "scores", "expected dict[str, int]"),
    ("set", lambda: Order.address.set({"city": "x"}), "address", "got dict"),
    ("set", lambda: Order.items.sku.set(5), "items.sku", "$set: expected str, got int 5"),
    ("set", lambda: Order.address.city.set(None), "address.city", "expected str, got NoneType"),
    ("set_on_insert", lambda: Order.title.set_on_insert(1), "title", "$setOnInsert"),
    ("set_on_insert", lambda: Order.flag.set_on_insert(1), "flag", "expected bool, got int"),
    ("push", lambda: Order.tags.push(5), "tags", "$push: expected str, got int 5"),
    ("push", lambda: Order.tags.push(each=["a", 1]), "tags", "$push: expected str, got int"),
    ("push", lambda: Order.items.push("x"), "items", "$push: expected Item, got str"),
    ("push", lambda: Order.title.push("x"), "title", "$push: str is not an array"),
    ("push", lambda: Order.scores.push(1), "scores", "is not an array"),
    ("add_to_set", lambda: Order.tags.add_to_set(5), "tags", "$addToSet: expected str"),
    ("add_to_set", lambda: Order.unique.add_to_set("a"), "unique", "expected int, got str"),
    ("add_to_set", lambda: Order.unique.add_to_set(True), "unique", "got bool True"),
    ("pull", lambda: Order.tags.pull(5), "tags", "$pull: expected str, got int 5"),
    ("pull", lambda: Order.count.pull(5), "count", "$pull: int is not an array"),
    ("min", lambda: Order.count.min("x"), "count", "$min: expected int, got str"),
    ("max", lambda: Order.when.max("2020"), "when", "$max: expected datetime"),
    ("set", lambda: Order.when.set(datetime.datetime(1, 1, 1, tzinfo=AHEAD)), "when", "1-9999"),
    ("inc", lambda: Order.count.inc(1.5), "count", "$inc: expected an amount that keeps int"),
    ("inc", lambda: Order.count.inc(True), "count", "$inc: expected an amount that keeps int"),
    ("inc", lambda: Order.count.inc(2**63), "count", "int64 range"),
    ("inc", lambda: Order.title.inc(1), "title", "$inc: str is not a number"),
    ("inc", lambda: Order.amount.inc(0.5), "amount", "keeps Decimal, got float"),
    ("inc", lambda: Order.ratio.inc("1"), "ratio", "keeps float, got str"),
    ("mul", lambda: Order.tags.mul(2), "tags", "$mul: list[str] is not a number"),
    ("mul", lambda: Order.count.mul(0.5), "count", "$mul: expected an amount that keeps int"),
    ("inc", lambda: Order.items.qty.inc(0.5), "items.qty", "$inc"),
    ("unset", lambda: Order.title.unset(), "title", "$unset: the field is required"),
    ("unset", lambda: Order.items.sku.unset(), "items.sku", "$unset: the field is required"),
    ("rename", lambda: Order.title.rename("other"), "title", "$rename: the field is required"),
    ("rename", lambda: Order.count.rename(Order.title), "count", "does not fit the target"),
    ("rename", lambda: Order.when.rename("day"), "when", "does not fit the target Order.day"),
    ("current_date", lambda: Order.title.current_date(), "title", "does not hold a date"),
    ("current_date", lambda: Order.count.current_date(), "count", "does not hold a date"),
    ("current_date", lambda: Order.when.current_date("timestamp"), "when", "a Timestamp"),
]


@pytest.mark.parametrize(("operator", "build", "path", "fragment"), UPDATES, ids=_ids(UPDATES))
def test_update_operator(operator: str, build: Callable[[], Any], path: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        build()
    error = caught.value
    assert error.model is Order
    assert f"Order.{path}: " in str(error), str(error)
    assert fragment in str(error), str(error)


# -- in-place changes, checked when the instance is written -----------------------------------


def _append_int_tag(instance: Order) -> None:
    instance.tags.append(5)  # type: ignore[arg-type]


def _bad_score(instance: Order) -> None:
    instance.scores["a"] = "x"  # type: ignore[assignment]


def _append_str_item(instance: Order) -> None:
    instance.items.append("x")  # type: ignore[arg-type]


def _delete_required(instance: Order) -> None:
    del instance.title


def _delete_embedded_required(instance: Order) -> None:
    assert instance.address is not None
    del instance.address.city


def _bad_embedded_list(instance: Order) -> None:
    instance.items[0].notes.append(1)  # type: ignore[arg-type]


def _bad_set_item(instance: Order) -> None:
    instance.unique.add("x")  # type: ignore[arg-type]


def _bad_key(instance: Order) -> None:
    instance.scores["a\x00"] = 1


def _huge_int(instance: Order) -> None:
    instance.scores["big"] = 2**70


def _bad_any(instance: Order) -> None:
    instance.extra = {"k": "\ud800"}


def _any_not_bson(instance: Order) -> None:
    instance.extra = {"k": [1, complex(1, 2)]}


class Shape(enum.Enum):
    SQUARE = (1, complex(0, 1))


def _any_enum_not_bson(instance: Order) -> None:
    instance.extra = [Shape.SQUARE]


CHANGES: list[tuple[str, Callable[[Order], None], str, str]] = [
    ("tags", _append_int_tag, "tags[0]", "expected str, got int 5"),
    ("scores", _bad_score, "scores['a']", "expected int, got str 'x'"),
    ("items", _append_str_item, "items[1]", "expected Item, got str 'x'"),
    ("title", _delete_required, "title", "required field was deleted"),
    ("address", _delete_embedded_required, "address.city", "required field was deleted"),
    ("notes", _bad_embedded_list, "items[0].notes[0]", "expected str, got int 1"),
    ("unique", _bad_set_item, "unique[", "expected int, got str 'x'"),
    ("key", _bad_key, "scores['a\\x00']", "NUL"),
    ("big", _huge_int, "scores['big']", "int64 range"),
    ("any", _bad_any, "extra['k']", "lone surrogate"),
    ("any_type", _any_not_bson, "extra['k'][1]", "complex is not a BSON type"),
    ("any_enum", _any_enum_not_bson, "extra[0][1]", "complex is not a BSON type"),
]

DOORS = ["insert", "save", "save_atomic", "insert_many", "save_many", "bulk_insert", "bulk_replace"]


def _fresh() -> Order:
    return order(items=[Item(sku="a")], address=Address(city="Oslo"))


def _write(manager: Manager, door: str, instance: Order) -> None:
    if door == "insert":
        manager.insert(instance)
    elif door == "save":
        manager.save(instance)
    elif door == "save_atomic":
        manager.save(instance, atomic=True)
    elif door == "insert_many":
        manager.insert_many([order(id="other"), instance])
    elif door == "save_many":
        manager.save_many([order(id="other"), instance])
    elif door == "bulk_insert":
        manager.bulk_write(Order, [InsertOne(order(id="other")), InsertOne(instance)])
    else:
        manager.bulk_write(Order, [ReplaceOne({"_id": "o1"}, instance, upsert=True)])


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize(("name", "change", "path", "fragment"), CHANGES, ids=_ids(CHANGES))
def test_in_place_change_is_checked_when_written(
    sync_db: Database[Any],
    door: str,
    name: str,
    change: Callable[[Order], None],
    path: str,
    fragment: str,
) -> None:
    manager = Manager(sync_db)
    instance = _fresh()
    if door == "save_atomic":
        manager.insert(instance)
    change(instance)
    with pytest.raises(ValidationError) as caught:
        _write(manager, door, instance)
    message = str(caught.value)
    assert caught.value.model is Order, message
    assert f"Order.{path}" in message, message
    assert fragment in message, message
    stored = list(sync_db.catalogue_orders.find())
    if door == "save_atomic":
        assert [document["_id"] for document in stored] == ["o1"]
        assert stored[0]["tags"] == [] and stored[0].get("title") == "t"
    else:
        assert stored == []  # nothing was written, not even the good instance before it


# -- load --------------------------------------------------------------------------------------

GOOD: dict[str, Any] = {"_id": "d1", "title": "t"}

LOADS: list[tuple[dict[str, Any], str, str]] = [
    ({"count": "x"}, "count", "expected int, got str 'x'"),
    ({"count": True}, "count", "expected int, got bool True"),
    ({"ratio": False}, "ratio", "expected float, got bool False"),
    ({"amount": 1.5}, "amount", "expected Decimal, got float 1.5"),
    ({"amount": Decimal128(D("sNaN"))}, "amount", "signaling NaN"),
    ({"tags": [1]}, "tags", "expected list[str], got list [1]"),
    ({"items": [{"sku": "a"}, {"sku": 1}]}, "items.sku", "expected str, got int 1"),
    ({"address": {"city": 5}}, "address.city", "expected str, got int 5"),
    ({"title": None}, "title", "expected str, got NoneType None"),
    ({"when": "2020"}, "when", "got str '2020'"),
    ({"color": "green"}, "color", "expected Color, got str 'green'"),
    ({"scores": {"a": "1"}}, "scores", "got dict"),
    ({"flag": 1}, "flag", "expected bool, got int 1"),
]


@pytest.mark.parametrize(("changes", "field", "fragment"), LOADS, ids=_ids(LOADS))
def test_load_names_the_document_field_value_and_type(
    sync_db: Database[Any], changes: dict[str, Any], field: str, fragment: str
) -> None:
    sync_db.catalogue_orders.insert_one({**GOOD, **changes})
    manager = Manager(sync_db)
    for read in (
        lambda: manager.get(Order),
        lambda: list(manager.select(Order)),
        lambda: manager.paginate(Order),
    ):
        with pytest.raises(ValidationError) as caught:
            read()
        error = caught.value
        assert error.model is Order and error.document_id == "d1"
        assert error.field == field
        assert f"Order.{field}: " in str(error) and fragment in str(error), str(error)
        assert "(document _id='d1')" in str(error)


def test_load_without_a_required_key(sync_db: Database[Any]) -> None:
    sync_db.catalogue_orders.insert_one({"_id": "d1"})
    with pytest.raises(ValidationError, match=r"Order\.title: missing key 'title'.*_id='d1'"):
        Manager(sync_db).get(Order)


def test_load_names_the_position_of_a_bad_item(sync_db: Database[Any]) -> None:
    sync_db.catalogue_orders.insert_one({**GOOD, "items": [{"sku": "a"}, {"sku": 1}]})
    with pytest.raises(ValidationError) as caught:
        Manager(sync_db).get(Order)
    assert caught.value.path == "items[1].sku"
    assert "Order.items[1].sku" in str(caught.value)


# -- the load policy ---------------------------------------------------------------------------


def _seed_mixed(sync_db: Database[Any]) -> None:
    sync_db.catalogue_orders.insert_many(
        [
            {"_id": "a", "title": "fine"},
            {"_id": "b", "title": "other program", "amount": 1.5},
            {"_id": "c", "title": "fine too"},
        ]
    )


def test_skip_invalid_collects_each_document_that_does_not_fit(sync_db: Database[Any]) -> None:
    _seed_mixed(sync_db)
    manager = Manager(sync_db)
    with pytest.raises(ValidationError, match=r"Order\.amount: expected Decimal, got float 1.5"):
        list(manager.select(Order))
    rejected: list[ValidationError] = []
    view = manager.skip_invalid(rejected)
    assert [item.id for item in view.select(Order)] == ["a", "c"]
    page = view.paginate(Order, per_page=10)
    assert [item.id for item in page] == ["a", "c"] and page.total == 3
    assert [error.document_id for error in rejected] == ["b", "b"]
    assert all(isinstance(item.amount, D) for item in view.select(Order))
    assert view.persistence is manager.persistence


def test_skip_invalid_reports_to_a_callable_or_warns(sync_db: Database[Any]) -> None:
    _seed_mixed(sync_db)
    seen: list[Any] = []
    assert (
        Manager(sync_db)
        .skip_invalid(lambda error: seen.append(error.document_id))
        .find(Order, Order.id == "b")
        is None
    )
    assert seen == ["b"]
    with pytest.warns(LoadWarning, match=r"skipped a document.*Order\.amount.*_id='b'"):
        assert len(list(Manager(sync_db).skip_invalid().select(Order))) == 2


def _seed_out_of_range_date(db: Database[Any]) -> None:
    # MongoDB stores any 64-bit count of milliseconds as a date; Python's datetime ends at 9999.
    db["catalogue_orders"].insert_many(
        [
            {"_id": "a", "title": "fine"},
            {"_id": "b", "title": "far", "when": DatetimeMS(2**62)},
            {"_id": "c", "title": "fine too", "when": datetime.datetime(2024, 1, 1)},
        ]
    )


def test_a_date_beyond_python_is_one_misfit_not_a_broken_batch(sync_db: Database[Any]) -> None:
    _seed_out_of_range_date(sync_db)
    manager = Manager(sync_db)
    with pytest.raises(ValidationError, match=r"Order\.when: .*DatetimeMS.*_id='b'"):
        list(manager.select(Order))
    rejected: list[ValidationError] = []
    assert [item.id for item in manager.skip_invalid(rejected).select(Order)] == ["a", "c"]
    assert [error.document_id for error in rejected] == ["b"]
    assert manager.get(Order, Order.id == "c").when == datetime.datetime(2024, 1, 1, tzinfo=UTC)


async def test_a_date_beyond_python_is_one_misfit_async(
    sync_db: Database[Any], async_db: AsyncDatabase[Any]
) -> None:
    _seed_out_of_range_date(sync_db)
    rejected: list[ValidationError] = []
    view = AsyncManager(async_db).skip_invalid(rejected)
    assert [item.id async for item in view.select(Order)] == ["a", "c"]
    assert [error.document_id for error in rejected] == ["b"]


def test_a_refused_document_travels_with_its_error(sync_db: Database[Any]) -> None:
    # find_one_and_delete removes the document before gault sees it: the error keeps it.
    stored = {"_id": "legacy", "title": "old", "amount": 1.5}
    sync_db["catalogue_orders"].insert_one(stored)
    with pytest.raises(ValidationError, match=r"Order\.amount: .*_id='legacy'") as error:
        Manager(sync_db).find_one_and_delete(Order, Order.id == "legacy")
    assert error.value.document == stored
    assert sync_db["catalogue_orders"].count_documents({}) == 0


def test_skip_invalid_takes_a_list_a_callable_or_none(sync_db: Database[Any]) -> None:
    with pytest.raises(TypeError, match="takes a list, a callable or None"):
        Manager(sync_db).skip_invalid("skip")  # type: ignore[arg-type]


def test_the_catalogue_is_large() -> None:
    doors = 2 * len(VALUES) + len(UPDATES) + len(CHANGES) * len(DOORS) + 3 * len(LOADS)
    assert doors >= 150


def test_a_raw_document_bson_cannot_store_is_refused_by_bulk_write(
    sync_db: Database[Any],
) -> None:
    # Raw documents in InsertOne/ReplaceOne were checked as loading would check them, which
    # lets through what BSON cannot encode: PyMongo's errors reached the caller.
    manager = Manager(sync_db)
    ahead = datetime.timezone(datetime.timedelta(hours=5))
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"extra": complex(1, 2)}, "extra", "complex is not a BSON type"),
        ({"extra": {"a": [1, {1: 2}]}}, "extra['a'][1]", "key 1 is not a str"),
        ({"tags": ["\ud800"]}, "tags[0]", "lone surrogate"),
        ({"title": "a\udfffb"}, "title", "lone surrogate"),
        ({"when": datetime.datetime(1, 1, 1, tzinfo=ahead)}, "when", "outside years 1-9999"),
        ({"scores": {"a": 2**70}}, "scores", "int64 range"),
        ({"undeclared": 2**64}, "undeclared", "int64 range"),
    ]
    for changes, path, fragment in cases:
        document = {**GOOD, **changes}
        for request in (InsertOne(document), ReplaceOne({"_id": "d1"}, document, upsert=True)):
            with pytest.raises(ValidationError) as caught:
                manager.bulk_write(Order, [InsertOne({"_id": "first", "title": "t"}), request])
            message = str(caught.value)
            assert caught.value.model is Order and f"Order.{path}" in message, message
            assert fragment in message, message
    assert list(sync_db.catalogue_orders.find()) == []
