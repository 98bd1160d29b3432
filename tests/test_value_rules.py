"""Issue 11: the value rules (milliseconds, one decode per document, keyword-only construction)
and a round trip through the server of whatever a model accepts."""

from __future__ import annotations

import datetime
import decimal
import enum
import itertools
import types
import uuid
from collections.abc import Callable
from typing import Any, Literal

import pytest
from bson import ObjectId
from bson.decimal128 import Decimal128
from bson.timestamp import Timestamp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pymongo.database import Database

from gault import Manager, Model, Schema, ValidationError, configure, get_mapper

UTC = datetime.UTC


# -- datetimes: the instance holds what MongoDB stores (milliseconds, truncated) -------------


class Stamped(Schema, collection="rules_stamped"):
    id: str = configure(pk=True, db_alias="_id")
    at: datetime.datetime
    maybe: datetime.datetime | None = None
    many: list[datetime.datetime] = configure(default_factory=list)
    made: datetime.datetime = configure(
        default_factory=lambda: datetime.datetime(2024, 1, 1, 0, 0, 0, 999999, tzinfo=UTC)
    )


FINE = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
MILLIS = FINE.replace(microsecond=123000)


def test_datetimes_are_truncated_to_milliseconds_on_the_way_in() -> None:
    stamped = Stamped(id="s", at=FINE, maybe=FINE, many=[FINE, MILLIS])
    assert stamped.at == MILLIS and stamped.maybe == MILLIS
    assert stamped.many == [MILLIS, MILLIS]
    assert stamped.made.microsecond == 999000
    stamped.at = FINE.replace(microsecond=1)
    assert stamped.at.microsecond == 0


def test_truncated_datetimes_match_the_database(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    stamped = manager.insert(Stamped(id="s", at=FINE))
    stamped.many.append(FINE)  # an in-place change: truncated when written
    manager.save(stamped, atomic=True)
    assert stamped.many == [MILLIS]
    assert manager.state_tracker.get_dirty_fields(stamped) == set()
    assert manager.get(Stamped) == stamped
    assert sync_db.rules_stamped.find_one()["at"] == MILLIS  # type: ignore[index]


def test_naive_datetimes_are_taken_as_utc_and_round_trip_equal(sync_db: Database[Any]) -> None:
    naive = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456)
    stamped = Stamped(id="n", at=naive, many=[naive])
    assert stamped.at == MILLIS and stamped.at.tzinfo is UTC
    assert stamped.many == [MILLIS]
    manager = Manager(sync_db)
    manager.insert(stamped)
    assert manager.get(Stamped) == stamped
    assert manager.state_tracker.get_dirty_fields(stamped) == set()


def test_update_operators_truncate_datetimes_too() -> None:
    assert Stamped.at.set(FINE).compile_update() == {"$set": {"at": MILLIS}}
    assert Stamped.many.push(FINE).compile_update() == {"$push": {"many": MILLIS}}


# -- one decode per document: __post_init__ once per loaded instance --------------------------

CALLS: list[str] = []


class Counted(Model):
    name: str
    note: str | None = None

    def __post_init__(self) -> None:
        CALLS.append(self.name)


class Holder(Model):
    first: Counted
    rest: list[Counted] = configure(default_factory=list)
    tag: str = "x"

    def __post_init__(self) -> None:
        CALLS.append("holder")


def test_post_init_runs_once_per_loaded_instance() -> None:
    CALLS.clear()
    loaded = get_mapper(Holder).load({"first": {"name": "a"}, "rest": [{"name": "b"}]})
    assert loaded.first.note is None and loaded.tag == "x"
    assert CALLS == ["a", "b", "holder"]


def test_post_init_runs_once_when_a_value_needs_converting() -> None:
    CALLS.clear()
    get_mapper(Holder).load({"first": {"name": "a", "note": None}, "tag": "y", "extra": 1})
    assert CALLS == ["a", "holder"]


# -- construction is keyword-only, and says so naming the class -------------------------------


def test_positional_construction_names_the_class() -> None:
    with pytest.raises(TypeError, match=r"^Counted\(\) takes keyword arguments only") as caught:
        Counted("a")  # type: ignore[misc]
    assert "name, note" in str(caught.value) and "'a'" in str(caught.value)


def test_a_field_named_self_is_a_keyword_like_any_other() -> None:
    class Odd(Model):
        self: int

    assert Odd(self=1).self == 1


def test_bool_is_not_a_number_on_load() -> None:
    with pytest.raises(ValidationError, match=r"Stamped\.id: expected str, got bool"):
        get_mapper(Stamped).load({"_id": True, "at": MILLIS})


# -- round trip: whatever the model accepts is stored and loads back equal ---------------------


class Tone(enum.Enum):
    LOW = 1
    HIGH = 2


class Leaf(Model):
    label: str
    weight: float | None = None
    tones: list[Tone] = configure(default_factory=list)


class Branch(Model):
    leaf: Leaf
    leaves: list[Leaf] = configure(default_factory=list)
    by_name: dict[str, list[Leaf]] = configure(default_factory=dict)


class Everything(Schema, collection="rules_everything"):
    id: int = configure(pk=True, db_alias="_id")
    text: str
    number: int
    real: float
    flag: bool
    blob: bytes
    moment: datetime.datetime
    day: datetime.date
    amount: decimal.Decimal
    raw_amount: Decimal128
    key: uuid.UUID
    oid: ObjectId
    tone: Tone
    mode: Literal["a", "b", 3]
    maybe: int | None
    either: int | str
    items: list[int]
    pair: tuple[str, int]
    stream: tuple[float, ...]
    unique: set[str]
    frozen: frozenset[int]
    mapping: dict[str, bytes]
    branch: Branch
    branches: list[Branch]
    nested: dict[str, list[dict[str, int]]]


def _fits_decimal128(value: decimal.Decimal) -> bool:
    try:
        Decimal128(value)
    except decimal.DecimalException:
        return False
    return True


INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
FLOATS = st.floats(allow_nan=False)
TEXT = st.text(max_size=12)
KEYS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8
)
DECIMALS = st.decimals(allow_nan=False).filter(_fits_decimal128)
MOMENTS = st.datetimes(
    min_value=datetime.datetime(1900, 1, 1),
    max_value=datetime.datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, datetime.timezone(datetime.timedelta(hours=-5, minutes=30))]),
)
LEAVES = st.builds(
    Leaf,
    label=TEXT,
    weight=st.none() | FLOATS,
    tones=st.lists(st.sampled_from(Tone), max_size=3),
)
BRANCHES = st.builds(
    Branch,
    leaf=LEAVES,
    leaves=st.lists(LEAVES, max_size=2),
    by_name=st.dictionaries(KEYS, st.lists(LEAVES, max_size=2), max_size=2),
)
SERIAL = itertools.count()


def everything(draw: Any) -> Everything:
    return Everything(
        id=next(SERIAL),
        text=draw(st.text()),
        number=draw(INT64),
        real=draw(FLOATS),
        flag=draw(st.booleans()),
        blob=draw(st.binary(max_size=16)),
        moment=draw(MOMENTS),
        day=draw(st.dates(min_value=datetime.date(1900, 1, 1))),
        amount=draw(DECIMALS),
        raw_amount=Decimal128(draw(DECIMALS)),
        key=draw(st.uuids()),
        oid=ObjectId(),
        tone=draw(st.sampled_from(Tone)),
        mode=draw(st.sampled_from(["a", "b", 3])),
        maybe=draw(st.none() | INT64),
        either=draw(INT64 | TEXT),
        items=draw(st.lists(INT64, max_size=4)),
        pair=(draw(TEXT), draw(INT64)),
        stream=tuple(draw(st.lists(FLOATS, max_size=3))),
        unique=draw(st.sets(TEXT, max_size=3)),
        frozen=draw(st.frozensets(INT64, max_size=3)),
        mapping=draw(st.dictionaries(KEYS, st.binary(max_size=4), max_size=3)),
        branch=draw(BRANCHES),
        branches=draw(st.lists(BRANCHES, max_size=2)),
        nested=draw(
            st.dictionaries(
                KEYS, st.lists(st.dictionaries(KEYS, INT64, max_size=2), max_size=2), max_size=2
            )
        ),
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_whatever_the_model_accepts_round_trips_through_the_server(
    sync_db: Database[Any], data: st.DataObject
) -> None:
    manager = Manager(sync_db)
    instance = everything(data.draw)
    manager.insert(instance)
    loaded = manager.get(Everything, Everything.id == instance.id)
    assert loaded == instance
    assert manager.state_tracker.get_dirty_fields(loaded) == set()
    manager.save(loaded)
    assert manager.get(Everything, Everything.id == instance.id) == instance


def test_a_bad_item_appended_in_place_is_dirty_not_a_key_error(sync_db: Database[Any]) -> None:
    class Shelf(Schema, collection="rules_shelf"):
        id: str = configure(pk=True, db_alias="_id")
        leaves: list[Leaf] = configure(default_factory=list)

    manager = Manager(sync_db)
    shelf = manager.insert(Shelf(id="s", leaves=[Leaf(label="a")]))
    shelf.leaves.append("x")  # type: ignore[arg-type]
    assert manager.state_tracker.get_dirty_fields(shelf) == {"leaves"}
    with pytest.raises(TypeError, match="cannot encode str 'x' as an embedded Leaf"):
        get_mapper(Shelf).dump(shelf)
    with pytest.raises(ValidationError, match=r"Shelf\.leaves\[1\]: expected Leaf, got str 'x'"):
        manager.save(shelf, atomic=True)
    assert sync_db.rules_shelf.find_one() == {
        "_id": "s",
        "leaves": [{"label": "a", "weight": None, "tones": []}],
    }


class Plan(enum.Enum):
    FREE = "free"


@pytest.mark.parametrize(
    ("annotation", "stored_as"),
    [
        (Plan | str, "string"),
        (str | Plan, "string"),
        (Literal[Plan.FREE] | str, "string"),
        (datetime.datetime | datetime.date, "date"),
        (decimal.Decimal | Decimal128, "decimal"),
        (set[str] | list[str], "array"),
        (Leaf | Branch, "object"),
        (Leaf | dict[str, int] | None, "object"),
        (list[Plan | str], "string"),
    ],
)
def test_a_union_whose_members_a_stored_value_cannot_tell_apart_is_refused(
    annotation: Any, stored_as: str
) -> None:
    # Each pair stores the same BSON type and loads back as different Python types: the value
    # read would not be the value written, so the class is refused when it is created.
    def body(namespace: dict[str, Any]) -> None:
        namespace["__annotations__"] = {"value": annotation}

    with pytest.raises(TypeError, match=rf"Blurred\.value: .* both stored as BSON {stored_as}"):
        types.new_class("Blurred", (Model,), exec_body=body)


def test_a_union_keeps_the_member_a_value_was_written_as(sync_db: Database[Any]) -> None:
    class Amount(Schema, collection="rules_amounts"):
        id: str = configure(pk=True, db_alias="_id")
        value: decimal.Decimal | int
        count: int | float = 0

    manager = Manager(sync_db)
    for key, value, count in (("a", 5, 1.0), ("b", decimal.Decimal(5), 2), ("c", 2**40, 2**40)):
        manager.insert(Amount(id=key, value=value, count=count))
        loaded = manager.get(Amount, Amount.id == key)
        assert isinstance(loaded.value, type(value)) and isinstance(loaded.count, type(count))
        assert (loaded.value, loaded.count) == (value, count)
    assert sync_db.rules_amounts.find_one({"_id": "a"})["value"] == 5  # type: ignore[index]


# -- Any: what BSON keeps of a value comes back as the value ------------------------------------


class Loose(Schema, collection="rules_loose"):
    id: str = configure(pk=True, db_alias="_id")
    extra: Any = None


def test_an_any_field_loads_decimal_and_uuid_back_as_written(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    uid = uuid.UUID("0c7d0e4e-7d2b-4cb1-9c57-d5b0f0d8f000")
    written = {"price": decimal.Decimal("1.10"), "uid": uid, "many": [uid, decimal.Decimal(2)]}
    manager.insert(Loose(id="a", extra=written))
    loaded = manager.get(Loose)
    assert loaded.extra == written
    assert type(loaded.extra["price"]) is decimal.Decimal and type(loaded.extra["uid"]) is uuid.UUID
    assert manager.state_tracker.get_dirty_fields(loaded) == set()
    manager.insert(Loose(id="b", extra=Decimal128("3")))  # bson's own type: stored the same way
    raw = manager.get(Loose, Loose.id == "b")
    assert raw.extra == decimal.Decimal(3)
    assert manager.state_tracker.get_dirty_fields(raw) == set()


# -- a Literal of ints stored as int64 loads back ------------------------------------------


class Sized(Schema, collection="rules_sized"):
    id: str = configure(pk=True, db_alias="_id")
    size: Literal[1, 2**40, -(2**40)] = 1
    flag: Literal[1, True] = 1


def test_an_int64_literal_loads_back(sync_db: Database[Any]) -> None:
    # PyMongo loads an int beyond int32 as bson.Int64: it matched no Literal value before.
    manager = Manager(sync_db)
    for key, size in (("a", 2**40), ("b", -(2**40)), ("c", 1)):
        manager.insert(Sized(id=key, size=size, flag=True))
        loaded = manager.get(Sized, Sized.id == key)
        assert loaded.size == size and type(loaded.size) is int
        assert loaded.flag is True
    sync_db.rules_sized.insert_one({"_id": "d", "size": True})
    with pytest.raises(ValidationError, match=r"Sized\.size: .*got bool True"):
        manager.get(Sized, Sized.id == "d")  # a stored bool never matches an int value


def test_an_aware_datetime_at_the_edge_of_the_range_round_trips(sync_db: Database[Any]) -> None:
    # Refused: an aware datetime whose UTC moment is outside years 1-9999 (it could not be
    # stored); kept: one whose UTC moment is just inside.
    ahead = datetime.timezone(datetime.timedelta(hours=5))
    earliest = datetime.datetime(1, 1, 1, 5, tzinfo=ahead)
    with pytest.raises(ValidationError, match=r"Stamped\.at: .*outside years 1-9999"):
        Stamped(id="s", at=earliest.replace(hour=4))
    manager = Manager(sync_db)
    manager.insert(Stamped(id="s", at=earliest))
    assert manager.get(Stamped, Stamped.id == "s").at == earliest


# -- an Enum whose values BSON cannot store -------------------------------------------------


class _Point(enum.Enum):
    ORIGIN = (0, 0)


class _Wave(enum.Enum):
    I = complex(0, 1)


class _Thing(enum.Enum):
    IT = object()


class _Huge(enum.Enum):
    BIG = 2**70


class _Money(enum.Enum):
    ONE = decimal.Decimal(1)


@pytest.mark.parametrize("kind", [_Point, _Wave, _Thing, _Huge, _Money])
def test_an_enum_whose_values_bson_cannot_store_is_refused(kind: type[enum.Enum]) -> None:
    def body(namespace: dict[str, Any]) -> None:
        namespace["__annotations__"] = {"value": kind | None}

    with pytest.raises(TypeError, match=rf"Shaped\.value: {kind.__qualname__}\.\w+ has the value"):
        types.new_class("Shaped", (Model,), exec_body=body)


class _Plain(enum.Enum):
    TEXT = "t"
    NUMBER = 2**40
    REAL = 1.5
    BLOB = b"b"
    NOTHING = None


class Plain(Schema, collection="rules_plain"):
    id: str = configure(pk=True, db_alias="_id")
    values: list[_Plain] = configure(default_factory=list)


def test_an_enum_of_bson_scalars_round_trips(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    manager.insert(Plain(id="p", values=list(_Plain)))
    assert manager.get(Plain, Plain.id == "p").values == list(_Plain)


# -- a signaling NaN ------------------------------------------------------------------------


class Priced(Schema, collection="rules_priced"):
    id: str = configure(pk=True, db_alias="_id")
    price: decimal.Decimal = decimal.Decimal(0)


def test_a_signaling_nan_is_refused_and_dirty_checking_still_works(
    sync_db: Database[Any],
) -> None:
    # Decimal128 stores sNaN, but a Decimal sNaN raises InvalidOperation on every comparison,
    # which broke dirty checking after assignment: it is refused at every door.
    with pytest.raises(ValidationError, match=r"Priced\.price: .*signaling NaN"):
        Priced(id="p", price=decimal.Decimal("sNaN"))
    with pytest.raises(ValidationError, match=r"Priced\.price: \$set: .*signaling NaN"):
        Priced.price.set(decimal.Decimal("-sNaN"))
    manager = Manager(sync_db)
    item = Priced(id="p")
    manager.insert(item)
    with pytest.raises(ValidationError, match="signaling NaN"):
        item.price = decimal.Decimal("sNaN")
    item.price = decimal.Decimal("NaN")
    manager.save(item, atomic=True)
    assert manager.get(Priced, Priced.id == "p").price.is_qnan()


# -- $inc and $mul on a numeric union -------------------------------------------------------


class Counter(Schema, collection="rules_counters"):
    id: str = configure(pk=True, db_alias="_id")
    n: int | float = 0
    maybe: int | float | None = None
    money: decimal.Decimal | int = 0


def test_inc_and_mul_take_a_numeric_union(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    manager.insert(Counter(id="c", n=2, maybe=1))
    manager.update_many(Counter, Counter.id == "c", [Counter.n.inc(1.5), Counter.maybe.mul(2)])
    manager.update_many(Counter, Counter.id == "c", Counter.money.inc(decimal.Decimal("0.5")))
    loaded = manager.get(Counter, Counter.id == "c")
    assert (loaded.n, loaded.maybe, loaded.money) == (3.5, 2, decimal.Decimal("0.5"))


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [(True, "got bool True"), ("1", "got str '1'"), (2**63, "got int"), (None, "NoneType")],
)
def test_inc_on_a_numeric_union_still_checks_the_amount(amount: Any, fragment: str) -> None:
    with pytest.raises(ValidationError, match=rf"Counter\.n: \$inc: .*{fragment}"):
        Counter.n.inc(amount)
    with pytest.raises(ValidationError, match=rf"Counter\.maybe: \$mul: .*{fragment}"):
        Counter.maybe.mul(amount)


# -- $unset, $rename and $currentDate ------------------------------------------------------


class Dated(Schema, collection="rules_dated"):
    id: str = configure(pk=True, db_alias="_id")
    title: str
    note: str = ""
    other: str = ""
    seen: datetime.datetime | None = None
    day: datetime.date | None = None
    stamp: Timestamp | None = None
    extra: Any = None


def test_unset_rename_and_current_date_that_leave_a_loadable_document(
    sync_db: Database[Any],
) -> None:
    manager = Manager(sync_db)
    manager.insert(Dated(id="d", title="t", note="n", extra=1))
    manager.update_many(
        Dated,
        Dated.id == "d",
        [
            Dated.note.rename(Dated.other),
            Dated.seen.current_date(),
            Dated.day.current_date(),
            Dated.stamp.current_date("timestamp"),
            Dated.extra.unset(),
        ],
    )
    loaded = manager.get(Dated, Dated.id == "d")
    assert (loaded.note, loaded.other, loaded.extra) == ("", "n", None)
    assert isinstance(loaded.seen, datetime.datetime) and isinstance(loaded.day, datetime.date)
    assert isinstance(loaded.stamp, Timestamp)
    Dated.note.rename("elsewhere")  # an undeclared key: the document still loads


UNLOADABLE: list[tuple[Callable[[], Any], str, str]] = [
    (lambda: Dated.title.unset(), "title", "$unset: the field is required"),
    (lambda: Dated.title.rename("other"), "title", "$rename: the field is required"),
    (lambda: Dated.title.current_date(), "title", "$currentDate: str does not hold a date"),
    (lambda: Dated.note.current_date("timestamp"), "note", "str does not hold a Timestamp"),
    (lambda: Dated.seen.current_date("timestamp"), "seen", "does not hold a Timestamp"),
    (lambda: Dated.stamp.current_date(), "stamp", "Timestamp | None does not hold a date"),
    (lambda: Dated.seen.rename(Dated.day), "seen", "does not fit the target Dated.day"),
    (lambda: Dated.note.rename("seen"), "note", "str does not fit the target Dated.seen"),
    (lambda: Dated.seen.rename(Dated.note), "seen", "datetime | None does not fit"),
]


@pytest.mark.parametrize(("build", "path", "fragment"), UNLOADABLE)
def test_unset_rename_and_current_date_that_would_leave_an_unloadable_document(
    build: Callable[[], Any], path: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        build()
    assert caught.value.model is Dated
    assert f"Dated.{path}: " in str(caught.value) and fragment in str(caught.value)
