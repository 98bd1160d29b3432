"""gault.json: instances to JSON-compatible data and back, JSON Schemas, ``$jsonSchema``."""

from __future__ import annotations

import datetime
import decimal
import enum
import json
import uuid
from typing import Any, Literal

import pytest
from bson import Binary, Decimal128, Int64, ObjectId
from bson.timestamp import Timestamp
from pymongo.database import Database
from pymongo.errors import WriteError

from gault.exceptions import ValidationError
from gault.json import from_jsonable, json_schema, to_jsonable, validator
from gault.models import Model, Schema, configure
from gault.predicates import Field


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Point(Model):
    x: Field[int]
    y: Field[int] = configure(db_alias="why", default=0)


class Everything(Schema, collection="json_everything"):
    id: Field[ObjectId] = configure(pk=True, db_alias="_id")
    text: Field[str]
    count: Field[int] = configure(db_alias="n", default=0)
    ratio: Field[float] = configure(default=0.5)
    flag: Field[bool] = configure(default=False)
    price: Field[Decimal128]
    amount: Field[decimal.Decimal]
    key: Field[uuid.UUID]
    at: Field[datetime.datetime]
    day: Field[datetime.date]
    color: Field[Color]
    size: Field[Literal["s", "m"]] = configure(default="s")
    blob: Field[bytes]
    big: Field[Int64] = configure(default_factory=lambda: Int64(1))
    raw: Field[Binary] = configure(default_factory=lambda: Binary(b"\x01"))
    tags: Field[set[str]] = configure(default_factory=set)
    pair: Field[tuple[int, str]] = configure(default=(1, "a"))
    spots: Field[dict[str, list[Point]]] = configure(default_factory=dict)
    home: Field[Point | None] = configure(default=None)
    either: Field[int | str] = configure(default=1)
    anything: Field[Any] = configure(default=None)


def everything() -> Everything:
    return Everything(
        id=ObjectId("65a1b2c3d4e5f60718293a4b"),
        text="hi",
        count=3,
        price=Decimal128("1.10"),
        amount=decimal.Decimal("2.50"),
        key=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        at=datetime.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=datetime.UTC),
        day=datetime.date(2024, 5, 6),
        color=Color.BLUE,
        size="m",
        blob=b"\x00\xff\x10",
        tags={"b"},
        pair=(2, "z"),
        spots={"here": [Point(x=1, y=2)]},
        home=Point(x=5),
        either="five",
        anything={"when": datetime.date(2024, 1, 2), "ids": [ObjectId("65a1b2c3d4e5f60718293a4b")]},
    )


EXPECTED = {
    "id": "65a1b2c3d4e5f60718293a4b",
    "text": "hi",
    "count": 3,
    "ratio": 0.5,
    "flag": False,
    "price": "1.10",
    "amount": "2.50",
    "key": "12345678-1234-5678-1234-567812345678",
    "at": "2024-05-06T07:08:09.123000+00:00",
    "day": "2024-05-06",
    "color": "blue",
    "size": "m",
    "blob": "AP8Q",
    "big": 1,
    "raw": "AQ==",
    "tags": ["b"],
    "pair": [2, "z"],
    "spots": {"here": [{"x": 1, "y": 2}]},
    "home": {"x": 5, "y": 0},
    "either": "five",
    "anything": {"when": "2024-01-02", "ids": ["65a1b2c3d4e5f60718293a4b"]},
}


def test_to_jsonable_gives_the_json_form_of_every_type() -> None:
    data = to_jsonable(everything())
    assert data == EXPECTED
    assert json.loads(json.dumps(data)) == data


def test_round_trip_preserves_types() -> None:
    original = everything()
    back = from_jsonable(Everything, json.loads(json.dumps(to_jsonable(original))))
    expected = everything()
    expected.anything = {"when": "2024-01-02", "ids": ["65a1b2c3d4e5f60718293a4b"]}  # Any: as JSON
    assert back == expected
    assert type(back.price) is Decimal128 and type(back.amount) is decimal.Decimal
    assert type(back.id) is ObjectId and type(back.key) is uuid.UUID
    assert type(back.tags) is set and type(back.pair) is tuple
    assert type(back.raw) is Binary and back.blob == b"\x00\xff\x10"
    assert back.color is Color.BLUE and isinstance(back.spots["here"][0], Point)


def test_by_alias_uses_the_db_aliases_at_every_depth() -> None:
    data = to_jsonable(everything(), by_alias=True)
    assert data["_id"] == "65a1b2c3d4e5f60718293a4b" and data["n"] == 3
    assert "id" not in data and "count" not in data
    assert data["home"] == {"x": 5, "why": 0}
    assert data["spots"] == {"here": [{"x": 1, "why": 2}]}
    assert from_jsonable(Everything, data, by_alias=True) == from_jsonable(
        Everything, to_jsonable(everything())
    )


def test_unset_and_defaulted_fields() -> None:
    point = from_jsonable(Point, {"x": 1})
    assert point == Point(x=1, y=0)
    fresh = Everything(
        **{key: getattr(everything(), key) for key in ("text", "price", "amount")},
        key=uuid.uuid4(),
        at=datetime.datetime.now(datetime.UTC),
        day=datetime.date.today(),
        color=Color.RED,
        blob=b"",
    )
    assert "id" not in to_jsonable(fresh)  # an ObjectId pk generated on insert: not set yet


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({"x": "1"}, "x", "expected int, got str '1'"),
        ({"x": 1, "y": None}, "y", "expected int, got NoneType None"),
        ({"x": 1, "z": 2}, None, "unknown keys ['z']"),
        ({}, "x", "missing required field"),
    ],
)
def test_bad_data_names_model_field_and_problem(
    data: dict[str, Any], field: str | None, reason: str
) -> None:
    with pytest.raises(ValidationError, match="Point") as caught:
        from_jsonable(Point, data)
    assert caught.value.field == field
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("key", "value", "path", "reason"),
    [
        ("id", "zz", "id", "expected a 24-hex ObjectId string, got 'zz'"),
        ("price", "1.x", "price", "expected a decimal string, got '1.x'"),
        ("key", 5, "key", "expected a UUID string, got int"),
        ("at", "yesterday", "at", "expected an ISO 8601"),
        ("blob", "not base64!", "blob", "expected a base64 string"),
        ("color", "green", "color", "expected one of ['red', 'blue'], got 'green'"),
        ("size", "xl", "size", "expected one of ['s', 'm'], got 'xl'"),
        ("pair", [1], "pair", "expected an array of 2 items"),
        ("tags", "a", "tags", "expected an array, got str"),
        ("spots", {"here": [{"x": "1"}]}, None, "expected int, got str '1'"),
        ("home", {"x": 1, "q": 2}, "home", "unknown keys ['q']"),
        ("either", 1.5, "either", "expected int | str, got float 1.5"),
    ],
)
def test_bad_values_raise_validation_error(
    key: str, value: Any, path: str | None, reason: str
) -> None:
    data = {**EXPECTED, key: value}
    with pytest.raises(ValidationError) as caught:
        from_jsonable(Everything, data)
    assert reason in str(caught.value)
    if path is not None:
        assert caught.value.model is Everything
        assert caught.value.field == path


def test_a_bad_item_in_a_list_is_named_by_its_index() -> None:
    class Route(Model):
        stops: Field[list[datetime.date]]

    with pytest.raises(ValidationError) as caught:
        from_jsonable(Route, {"stops": ["2024-01-01", "soon"]})
    assert caught.value.field == "stops[1]"


def test_misuse_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="expects a Model instance"):
        to_jsonable({"x": 1})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expects a Model class"):
        from_jsonable(dict, {})  # type: ignore[type-var]
    with pytest.raises(TypeError, match="expects a Model class"):
        json_schema(int)  # type: ignore[arg-type]

    class Stamped(Model):
        at: Field[Timestamp]

    with pytest.raises(TypeError, match="Stamped.at: Timestamp has no JSON form"):
        to_jsonable(Stamped(at=Timestamp(1, 1)))


def test_json_schema() -> None:
    assert json_schema(Point) == {
        "title": "Point",
        "type": "object",
        "properties": {"x": {"type": "integer"}, "y": {"type": "integer", "default": 0}},
        "required": ["x"],
        "additionalProperties": False,
    }
    schema = json_schema(Everything)
    properties = schema["properties"]
    assert properties["id"] == {"type": "string", "pattern": "^[0-9a-fA-F]{24}$"}
    assert properties["price"] == properties["amount"] == {"type": "string", "format": "decimal"}
    assert properties["key"] == {"type": "string", "format": "uuid"}
    assert properties["at"] == {"type": "string", "format": "date-time"}
    assert properties["blob"] == {"type": "string", "contentEncoding": "base64"}
    assert properties["color"] == {"title": "Color", "enum": ["red", "blue"]}
    assert properties["size"] == {"enum": ["s", "m"], "default": "s"}
    assert properties["tags"] == {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
    assert properties["home"] == {
        "anyOf": [{"$ref": "#/$defs/Point"}, {"type": "null"}],
        "default": None,
    }
    assert properties["spots"] == {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"$ref": "#/$defs/Point"}},
    }
    assert schema["$defs"] == {"Point": json_schema(Point)}
    assert schema["required"] == ["text", "price", "amount", "key", "at", "day", "color", "blob"]
    assert json_schema(Point, by_alias=True)["properties"].keys() == {"x", "why"}


def test_json_schema_of_a_recursive_model() -> None:
    class Node(Model):
        name: Field[str]
        children: Field[list[Node]] = configure(default_factory=list)

    schema = json_schema(Node)
    assert schema["$defs"]["Node"]["properties"]["children"] == {
        "type": "array",
        "items": {"$ref": "#/$defs/Node"},
    }
    tree = Node(name="a", children=[Node(name="b")])
    assert from_jsonable(Node, to_jsonable(tree)) == tree


def test_validator() -> None:
    assert validator(Point) == {
        "$jsonSchema": {
            "bsonType": "object",
            "required": ["x"],
            "properties": {
                "x": {"bsonType": ["int", "long"]},
                "why": {"bsonType": ["int", "long"]},
            },
        }
    }
    rules = validator(Everything)["$jsonSchema"]
    assert rules["required"] == [
        "_id",
        "text",
        "price",
        "amount",
        "key",
        "at",
        "day",
        "color",
        "blob",
    ]
    properties = rules["properties"]
    assert properties["_id"] == {"bsonType": "objectId"}
    assert properties["n"] == {"bsonType": ["int", "long"]}
    assert properties["ratio"] == {"bsonType": ["double", "int", "long"]}
    assert properties["price"] == properties["amount"] == {"bsonType": "decimal"}
    assert properties["key"] == properties["blob"] == {"bsonType": "binData"}
    assert properties["at"] == properties["day"] == {"bsonType": "date"}
    assert properties["color"] == {"enum": ["red", "blue"]}
    assert properties["size"] == {"enum": ["s", "m"]}
    assert properties["tags"] == {
        "bsonType": "array",
        "items": {"bsonType": "string"},
        "uniqueItems": True,
    }
    assert properties["pair"] == {
        "bsonType": "array",
        "items": [{"bsonType": ["int", "long"]}, {"bsonType": "string"}],
        "additionalItems": False,
        "minItems": 2,
        "maxItems": 2,
    }
    point = validator(Point)["$jsonSchema"]
    assert properties["home"] == {"anyOf": [point, {"bsonType": "null"}]}
    assert properties["spots"] == {
        "bsonType": "object",
        "additionalProperties": {"bsonType": "array", "items": point},
    }
    assert properties["either"] == {"bsonType": ["int", "long", "string"]}
    assert properties["anything"] == {}


def test_validator_of_a_recursive_model_cuts_the_recursion() -> None:
    class Node(Model):
        children: Field[list[Node]] = configure(default_factory=list)

    assert validator(Node)["$jsonSchema"]["properties"]["children"] == {
        "bsonType": "array",
        "items": {"bsonType": "object"},
    }


def test_create_collection_accepts_the_validator(sync_db: Database[Any]) -> None:
    sync_db.create_collection("json_everything", validator=validator(Everything))
    assert "json_everything" in sync_db.list_collection_names()


@pytest.mark.needs_mongodb
def test_the_validator_rejects_a_bad_document(sync_db: Database[Any]) -> None:
    collection = sync_db.create_collection("points", validator=validator(Point))
    collection.insert_one({"x": 1, "why": 2})
    with pytest.raises(WriteError, match="Document failed validation"):
        collection.insert_one({"x": "one"})
    with pytest.raises(WriteError, match="Document failed validation"):
        collection.insert_one({"why": 2})
