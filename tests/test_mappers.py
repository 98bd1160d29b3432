"""Mapping documents to instances and back: every value type, errors, save updates (no server)."""

import datetime
import decimal
import enum
import uuid
from typing import Any, Literal

import pytest
from bson import Binary, Decimal128, Int64, ObjectId
from bson.binary import UUID_SUBTYPE

from gault.exceptions import LoadWarning, Unprocessable, ValidationError
from gault.managers._writes import save_update
from gault.mappers import Mapper, get_mapper
from gault.models import Model, Schema, configure
from gault.predicates import Field

UTC = datetime.UTC


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Point(Model):
    x: int
    y: int = configure(db_alias="y_value", default=0)


class Address(Model):
    city: str = configure(db_alias="city_name")
    point: Point | None = None


class Everything(Schema, collection="mappers_everything"):
    id: ObjectId = configure(pk=True, db_alias="_id")
    text: str
    number: int
    ratio: float
    flag: bool
    blob: bytes
    moment: datetime.datetime
    day: datetime.date
    amount: decimal.Decimal
    exact: Decimal128
    token: uuid.UUID
    ref: ObjectId
    color: Color
    level: Level
    mode: Literal["a", "b", 3]
    maybe: int | None
    either: int | str
    items: list[int]
    pair: tuple[str, int]
    many: tuple[float, ...]
    unique: set[str]
    frozen: frozenset[int]
    mapping: dict[str, float]
    address: Address
    addresses: list[Address]
    grid: dict[str, list[Point]]
    anything: Any
    free: dict[str, Any]


def everything(**overrides: Any) -> Everything:
    values: dict[str, Any] = {
        "id": ObjectId(),
        "text": "héllo",
        "number": 42,
        "ratio": 0.5,
        "flag": True,
        "blob": b"\x00\x01",
        "moment": datetime.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=UTC),
        "day": datetime.date(2024, 2, 29),
        "amount": decimal.Decimal("12.345"),
        "exact": Decimal128("1.10"),
        "token": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "ref": ObjectId(),
        "color": Color.BLUE,
        "level": Level.HIGH,
        "mode": 3,
        "maybe": None,
        "either": "x",
        "items": [1, 2, 3],
        "pair": ("a", 1),
        "many": (1.0, 2.5),
        "unique": {"a", "b"},
        "frozen": frozenset({1, 2}),
        "mapping": {"a": 1.5},
        "address": Address(city="Paris", point=Point(x=1, y=2)),
        "addresses": [Address(city="Lyon"), Address(city="Nice", point=Point(x=3))],
        "grid": {"row": [Point(x=1), Point(x=2, y=5)], "empty": []},
        "anything": {"nested": [1, {"deep": "x"}]},
        "free": {"a": [1, 2], "b": None},
    }
    values.update(overrides)
    return Everything(**values)


def test_get_mapper_is_cached_per_class() -> None:
    mapper = get_mapper(Everything)
    assert isinstance(mapper, Mapper)
    assert get_mapper(Everything) is mapper
    assert get_mapper(everything()) is mapper
    assert mapper.model is Everything
    assert repr(mapper) == "Mapper(Everything)"


def test_get_mapper_rejects_other_classes() -> None:
    with pytest.raises(TypeError, match="expects a Model class"):
        get_mapper(dict)  # type: ignore[type-var]


def test_dump_encodes_every_type() -> None:
    instance = everything()
    document = get_mapper(Everything).dump(instance)
    assert document["text"] == "héllo"
    assert document["blob"] == b"\x00\x01"
    assert document["day"] == datetime.datetime(2024, 2, 29, tzinfo=UTC)
    assert document["amount"] == Decimal128("12.345")
    assert document["token"] == Binary.from_uuid(instance.token)
    assert document["token"].subtype == UUID_SUBTYPE
    assert document["color"] == "blue"
    assert document["level"] == 2
    assert document["pair"] == ["a", 1]
    assert document["many"] == [1.0, 2.5]
    assert sorted(document["unique"]) == ["a", "b"]
    assert sorted(document["frozen"]) == [1, 2]
    assert document["address"] == {"city_name": "Paris", "point": {"x": 1, "y_value": 2}}
    assert document["addresses"] == [
        {"city_name": "Lyon", "point": None},
        {"city_name": "Nice", "point": {"x": 3, "y_value": 0}},
    ]
    assert document["grid"] == {
        "row": [{"x": 1, "y_value": 0}, {"x": 2, "y_value": 5}],
        "empty": [],
    }
    assert document["maybe"] is None
    assert next(iter(document)) == "_id"


def test_round_trip_every_type() -> None:
    mapper = get_mapper(Everything)
    instance = everything()
    loaded = mapper.load(mapper.dump(instance))
    assert loaded == instance
    assert type(loaded.pair) is tuple
    assert type(loaded.unique) is set
    assert type(loaded.frozen) is frozenset
    assert loaded.color is Color.BLUE
    assert loaded.level is Level.HIGH
    assert loaded.token == instance.token
    assert loaded.amount == decimal.Decimal("12.345")
    assert loaded.day == datetime.date(2024, 2, 29)


def test_dump_never_shares_containers() -> None:
    instance = everything()
    document = get_mapper(Everything).dump(instance)
    assert document["items"] is not instance.items
    assert document["mapping"] is not instance.mapping
    assert document["free"]["a"] is not instance.free["a"]


def test_load_never_shares_containers_with_the_document() -> None:
    mapper = get_mapper(Everything)
    document = mapper.dump(everything())
    loaded = mapper.load(document)
    loaded.items.append(4)
    loaded.mapping["b"] = 2.0
    loaded.addresses.append(Address(city="x"))
    loaded.grid["row"].append(Point(x=9))
    loaded.anything["nested"].append(2)
    loaded.free["a"].append(3)
    assert document["items"] == [1, 2, 3]
    assert document["mapping"] == {"a": 1.5}
    assert len(document["addresses"]) == 2
    assert len(document["grid"]["row"]) == 2
    assert document["anything"] == {"nested": [1, {"deep": "x"}]}
    assert document["free"]["a"] == [1, 2]


def test_load_ignores_unknown_keys() -> None:
    loaded = get_mapper(Point).load({"x": 1, "y_value": 2, "z": 3})
    assert loaded == Point(x=1, y=2)


def test_load_applies_defaults_and_none_for_missing_optional_keys() -> None:
    class Sparse(Model):
        name: str
        count: int = 0
        tags: list[str] = configure(default_factory=list)
        note: str | None

    loaded = get_mapper(Sparse).load({"name": "a"})
    assert loaded.count == 0
    assert loaded.tags == []
    assert loaded.note is None


def test_load_accepts_lenient_raw_types() -> None:
    class Lenient(Model):
        count: int
        ratio: float
        moment: datetime.datetime
        amount: decimal.Decimal
        token: uuid.UUID

    token = uuid.uuid4()
    loaded = get_mapper(Lenient).load(
        {
            "count": Int64(5),
            "ratio": 2,
            "moment": datetime.datetime(2024, 1, 1, 12, 0),
            "amount": 7,
            "token": token,
        }
    )
    assert loaded.count == 5
    assert loaded.ratio == 2
    assert loaded.moment == datetime.datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    assert loaded.moment.tzinfo is not None
    assert loaded.amount == decimal.Decimal(7)
    assert loaded.token == token


@pytest.mark.parametrize(
    ("document", "field", "value"),
    [
        ({"_id": 7, "x": "1"}, "x", "1"),
        ({"_id": 7, "x": None}, "x", None),
        ({"_id": 7, "x": 1, "y_value": 1.5}, "y", 1.5),
    ],
)
def test_load_mismatch_names_the_document_id(
    document: dict[str, Any], field: str, value: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        get_mapper(Point).load(document)
    error = caught.value
    assert error.model is Point
    assert error.field == field
    assert error.value == value
    assert error.document_id == 7
    assert "(document _id=7)" in str(error)


def test_load_missing_required_key() -> None:
    with pytest.raises(ValidationError) as caught:
        get_mapper(Point).load({"_id": "k"})
    assert caught.value.field == "x"
    assert "missing key 'x'" in str(caught.value)
    assert caught.value.document_id == "k"


def test_load_nested_mismatch_names_the_path() -> None:
    document = get_mapper(Everything).dump(everything())
    document["addresses"][1]["point"]["x"] = "bad"
    with pytest.raises(ValidationError) as caught:
        get_mapper(Everything).load(document)
    error = caught.value
    assert error.model is Everything
    assert error.field == "addresses.point.x"
    assert error.value == "bad"
    assert error.expected is int
    assert error.document_id == document["_id"]


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("items", [1, "2"]),
        ("items", "123"),
        ("color", "green"),
        ("level", 5),
        ("mode", "c"),
        ("mode", True),
        ("token", Binary(b"0123456789abcdef", 0)),
        ("day", "2024-01-01"),
        ("pair", ["a"]),
        ("address", "Paris"),
        ("addresses", {"city_name": "x"}),
        ("grid", {"row": [{"y_value": 1}]}),
        ("unique", [1]),
        ("mapping", {"a": "x"}),
        ("amount", "1.5"),
        ("either", 1.5),
    ],
)
def test_load_rejects_mismatched_values(field: str, raw: Any) -> None:
    document = get_mapper(Everything).dump(everything())
    key = next(spec.db_key for spec in get_mapper(Everything).fields if spec.name == field)
    document[key] = raw
    with pytest.raises(ValidationError) as caught:
        get_mapper(Everything).load(document)
    assert caught.value.field is not None
    assert caught.value.field.split(".")[0] == field
    assert caught.value.document_id == document["_id"]


def test_load_rejects_a_non_document() -> None:
    with pytest.raises(ValidationError, match="expected a Point document"):
        get_mapper(Point).load([1, 2])  # type: ignore[arg-type]


def test_load_into_replaces_values_in_place() -> None:
    point = Point(x=1, y=2)
    same = get_mapper(Point).load_into(point, {"x": 5})
    assert same is point
    assert point == Point(x=5, y=0)


def test_dump_omits_unset_fields() -> None:
    class Auto(Schema, collection="mappers_auto"):
        id: ObjectId = configure(pk=True, db_alias="_id")
        name: str

    auto = Auto(name="a")  # type: ignore[call-arg]
    assert get_mapper(Auto).dump(auto) == {"name": "a"}


def test_ensure_pk_generates_object_ids_once() -> None:
    class Auto(Schema, collection="mappers_auto"):
        id: ObjectId = configure(pk=True, db_alias="_id")
        name: str

    class Optional(Schema, collection="mappers_optional"):
        id: ObjectId | None = configure(pk=True, db_alias="_id", default=None)

    mapper = get_mapper(Auto)
    auto = Auto(name="a")  # type: ignore[call-arg]
    assert mapper.ensure_pk(auto) is True
    generated = auto.id
    assert isinstance(generated, ObjectId)
    assert mapper.ensure_pk(auto) is False
    assert auto.id is generated
    assert mapper.dump(auto) == {"_id": generated, "name": "a"}

    optional = Optional()
    assert get_mapper(Optional).ensure_pk(optional) is True
    assert isinstance(optional.id, ObjectId)


def test_ensure_pk_leaves_other_pks_alone() -> None:
    class Named(Schema, collection="mappers_named"):
        name: str = configure(pk=True)

    named = Named(name="a")
    assert get_mapper(Named).ensure_pk(named) is False
    assert named.name == "a"


def test_pk_filter() -> None:
    class Composite(Schema, collection="mappers_composite"):
        tenant: uuid.UUID = configure(pk=True)
        key: str = configure(pk=True, db_alias="k")
        value: int = 0

    token = uuid.uuid4()
    instance = Composite(tenant=token, key="a")
    mapper = get_mapper(Composite)
    assert mapper.has_pk is True
    assert [spec.name for spec in mapper.pk_fields] == ["tenant", "key"]
    assert mapper.pk_filter(instance) == {"tenant": Binary.from_uuid(token), "k": "a"}
    assert mapper.to_filter(instance) == mapper.pk_filter(instance)


def test_pk_filter_of_a_dict_pk_uses_eq() -> None:
    class Keyed(Schema, collection="mappers_keyed"):
        key: dict[str, int] = configure(pk=True, db_alias="_id")

    instance = Keyed(key={"$gt": 1})
    assert get_mapper(Keyed).pk_filter(instance) == {"_id": {"$eq": {"$gt": 1}}}


def test_pk_filter_without_a_pk_is_unprocessable() -> None:
    with pytest.raises(Unprocessable, match="declares no pk field"):
        get_mapper(Point).pk_filter(Point(x=1))
    assert get_mapper(Point).has_pk is False


def test_pk_filter_with_an_unset_pk_is_unprocessable() -> None:
    class Auto(Schema, collection="mappers_auto"):
        id: ObjectId = configure(pk=True, db_alias="_id")

    with pytest.raises(Unprocessable, match="pk field 'id' is not set"):
        get_mapper(Auto).pk_filter(Auto())  # type: ignore[call-arg]


def test_pk_filter_with_a_none_pk_is_unprocessable() -> None:
    class Nullable(Schema, collection="mappers_nullable"):
        id: ObjectId | None = configure(pk=True, db_alias="_id", default=None)
        tenant: str | None = configure(pk=True, default=None)

    mapper = get_mapper(Nullable)
    with pytest.raises(Unprocessable, match="pk field 'id' is None"):
        mapper.pk_filter(Nullable(tenant="t"))
    with pytest.raises(Unprocessable, match="pk field 'tenant' is None"):
        mapper.to_filter(Nullable(id=ObjectId()))
    key = ObjectId()
    assert mapper.pk_filter(Nullable(id=key, tenant="t")) == {"_id": key, "tenant": "t"}


def test_mapper_rejects_instances_of_other_models() -> None:
    with pytest.raises(TypeError, match="cannot dump Address as a Point"):
        get_mapper(Point).dump(Address(city="x"))  # type: ignore[arg-type]


def test_legacy_names() -> None:
    mapper = get_mapper(Point)
    assert mapper.to_document(Point(x=1)) == {"x": 1, "y_value": 0}
    assert mapper.map({"x": 1}) == Point(x=1)


class Profile(Schema, collection="mappers_profiles"):
    id: str = configure(pk=True, db_alias="_id")
    name: str
    age: int = configure(db_alias="person_age", default=0)
    address: Address | None = None
    tags: list[str] = configure(default_factory=list)
    version: int = configure(version=True, default=0)


def test_version_field_access() -> None:
    mapper = get_mapper(Profile)
    assert mapper.version_field is not None
    assert mapper.version_field.name == "version"
    assert mapper.get_version(Profile(id="1", name="a", version=3)) == 3
    assert get_mapper(Point).version_field is None
    assert get_mapper(Point).get_version(Point(x=1)) is None


def test_save_update_plain_sets_every_field_but_pk_and_version() -> None:
    profile = Profile(id="1", name="Alice", tags=["a"])
    assert save_update(profile) == {
        "$set": {"name": "Alice", "person_age": 0, "address": None, "tags": ["a"]}
    }


def test_save_update_atomic_splits_dirty_and_clean_fields() -> None:
    profile = Profile(id="1", name="Alice")
    assert save_update(profile, dirty={"age"}) == {
        "$set": {"person_age": 0},
        "$setOnInsert": {"name": "Alice", "address": None, "tags": []},
    }


def test_save_update_with_nothing_dirty_only_sets_on_insert() -> None:
    profile = Profile(id="1", name="Alice")
    assert save_update(profile, dirty=set()) == {
        "$setOnInsert": {"name": "Alice", "person_age": 0, "address": None, "tags": []},
    }


def test_save_update_of_a_pk_only_schema_is_never_empty() -> None:
    class OnlyPk(Schema, collection="mappers_only_pk"):
        id: str = configure(pk=True, db_alias="_id")

    assert save_update(OnlyPk(id="a")) == {"$setOnInsert": {"_id": "a"}}


def test_save_update_writes_embedded_changes_as_dotted_paths() -> None:
    mapper = get_mapper(Profile)
    profile = Profile(id="1", name="Alice", address=Address(city="Paris", point=Point(x=1)))
    snapshot = mapper.dump(profile)
    assert profile.address is not None
    profile.address.city = "Lyon"
    assert profile.address.point is not None
    profile.address.point.y = 4
    update = save_update(profile, dirty={"address"}, snapshot=snapshot)
    assert update == {
        "$set": {"address.city_name": "Lyon", "address.point.y_value": 4},
        "$setOnInsert": {
            "name": "Alice",
            "person_age": 0,
            "address.point.x": 1,
            "tags": [],
        },
    }


def test_save_update_writes_whole_values_where_paths_are_not_exact() -> None:
    mapper = get_mapper(Profile)
    profile = Profile(id="1", name="Alice", tags=["a"])
    snapshot = mapper.dump(profile)
    profile.tags.append("b")
    profile.address = Address(city="Nice")
    update = save_update(profile, dirty={"tags", "address"}, snapshot=snapshot)
    assert update["$set"] == {
        "address": {"city_name": "Nice", "point": None},
        "tags": ["a", "b"],
    }


def test_field_reference_annotation_maps_like_the_plain_type() -> None:
    class Wrapped(Model):
        name: Field[str] = configure(db_alias="n")
        tags: Field[list[str]] = configure(default_factory=list)

    mapper = get_mapper(Wrapped)
    assert mapper.dump(Wrapped(name="a")) == {"n": "a", "tags": []}
    assert mapper.load({"n": "b", "tags": ["x"]}) == Wrapped(name="b", tags=["x"])


def test_models_may_opt_out_of_load_checks() -> None:
    class Legacy(Model, validate_load=False):
        count: int
        point: Point | None = None
        name: str

    class Newer(Legacy):
        extra: int = 0

    # Issue 11: what a validate_load=False model keeps is reported (a LoadWarning), never silent.
    with pytest.warns(LoadWarning) as warned:
        loaded = get_mapper(Legacy).load({"count": "seven", "point": {"x": "bad"}})
    assert [str(item.message).split(":")[0] for item in warned] == [
        f"{Legacy.__qualname__}.count",
        f"{Legacy.__qualname__}.point",
        f"{Legacy.__qualname__}.name",
    ]
    assert loaded.count == "seven"
    assert loaded.point == {"x": "bad"}
    assert not hasattr(loaded, "name")
    with pytest.warns(LoadWarning, match="kept the stored float 1.5, expected int"):
        assert get_mapper(Newer).load({"count": 1.5, "name": "a"}).count == 1.5
    fine = get_mapper(Legacy).load({"count": 1, "point": {"x": 2}, "name": "a"})
    assert fine == Legacy(count=1, point=Point(x=2), name="a")
    with pytest.raises(ValidationError):
        Legacy(count="seven", name="a")


def test_validate_load_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="validate_load must be a bool"):

        class Bad(Model, validate_load="no"):
            x: int


def test_load_into_keeps_subclass_fields() -> None:
    class Point3(Point):
        z: int = 0

    point = Point3(x=1, z=3)
    get_mapper(Point).load_into(point, {"x": 2, "z": 4})
    assert point == Point3(x=2, z=4)


def test_legacy_introspection() -> None:
    mapper = get_mapper(Profile)
    assert mapper.field_mapping[0] == ("id", "_id", True)
    assert mapper.field_mapping[2].db_field == "person_age"
    assert mapper.db_fields == {"_id", "name", "person_age", "address", "tags", "version"}
    entries = list(mapper.iter_document(Profile(id="1", name="a")))
    assert entries[0] == ("id", "_id", "1", True)
    assert [entry.db_field for entry in entries][:3] == ["_id", "name", "person_age"]


def test_documents_may_be_any_mapping() -> None:
    from types import MappingProxyType

    point = MappingProxyType({"x": 1})
    loaded = get_mapper(Address).load(MappingProxyType({"city_name": "x", "point": point}))
    assert loaded == Address(city="x", point=Point(x=1))
    slow = get_mapper(Address).load(MappingProxyType({"city_name": "x", "point": {"x": Int64(1)}}))
    assert slow == Address(city="x", point=Point(x=1))
