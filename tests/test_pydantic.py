"""The pydantic v2 integration (``gault[pydantic]``): models and ``Page[T]`` as pydantic types."""

from __future__ import annotations

import datetime
import decimal
import enum
import json
import uuid
from typing import Any

import pydantic
import pytest
from bson import Binary, Decimal128, Int64, ObjectId

from gault.json import to_jsonable
from gault.models import Model, Schema, configure
from gault.pages import Page
from gault.predicates import Field


class Level(enum.Enum):
    LOW = 1
    HIGH = 2


class Tag(Model):
    label: Field[str]
    weight: Field[int] = configure(db_alias="w", default=1)


class Tree(Model):
    name: Field[str]
    children: Field[list[Tree]] = configure(default_factory=list)


class Item(Schema, collection="pydantic_items"):
    id: Field[ObjectId] = configure(pk=True, db_alias="_id")
    name: Field[str]
    price: Field[Decimal128]
    amount: Field[decimal.Decimal]
    key: Field[uuid.UUID]
    at: Field[datetime.datetime]
    level: Field[Level]
    blob: Field[bytes]
    raw: Field[Binary] = configure(default_factory=lambda: Binary(b"\x02"))
    big: Field[Int64] = configure(default_factory=lambda: Int64(7))
    refs: Field[list[ObjectId]] = configure(default_factory=list)
    tags: Field[list[Tag]] = configure(default_factory=list)
    main: Field[Tag | None] = configure(default=None)
    tree: Field[Tree | None] = configure(default=None)


def item() -> Item:
    return Item(
        id=ObjectId("65a1b2c3d4e5f60718293a4b"),
        name="pen",
        price=Decimal128("1.10"),
        amount=decimal.Decimal("2.5"),
        key=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        at=datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC),
        level=Level.HIGH,
        blob=b"\x00\xff",
        refs=[ObjectId("65a1b2c3d4e5f60718293a4c")],
        tags=[Tag(label="a"), Tag(label="b", weight=3)],
        main=Tag(label="m"),
        tree=Tree(name="root", children=[Tree(name="leaf")]),
    )


ITEMS = pydantic.TypeAdapter(Item)


def test_dump_gives_the_json_forms() -> None:
    data = json.loads(ITEMS.dump_json(item()))
    assert data == {
        "id": "65a1b2c3d4e5f60718293a4b",
        "name": "pen",
        "price": "1.10",
        "amount": "2.5",
        "key": "12345678-1234-5678-1234-567812345678",
        "at": "2024-05-06T07:08:09Z",
        "level": 2,
        "blob": "AP8=",
        "raw": "Ag==",
        "big": 7,
        "refs": ["65a1b2c3d4e5f60718293a4c"],
        "tags": [{"label": "a", "weight": 1}, {"label": "b", "weight": 3}],
        "main": {"label": "m", "weight": 1},
        "tree": {"name": "root", "children": [{"name": "leaf", "children": []}]},
    }
    # gault.json agrees, but for the spelling of UTC
    assert {**to_jsonable(item()), "at": data["at"]} == data


def test_python_mode_keeps_the_values() -> None:
    assert ITEMS.dump_python(item())["id"] == ObjectId("65a1b2c3d4e5f60718293a4b")
    assert ITEMS.validate_python(item()) == item()


@pytest.mark.parametrize("mode", ["json", "python"])
def test_json_data_validates_into_an_equal_instance(mode: str) -> None:
    text = ITEMS.dump_json(item())
    back = ITEMS.validate_json(text) if mode == "json" else ITEMS.validate_python(json.loads(text))
    assert back == item()
    assert type(back.id) is ObjectId and type(back.price) is Decimal128
    assert type(back.raw) is Binary and type(back.big) is Int64
    assert isinstance(back.tags[0], Tag) and isinstance(back.tree, Tree)


def test_bad_data_gives_pydantic_errors() -> None:
    data = json.loads(ITEMS.dump_json(item()))
    bad = {
        **data,
        "id": "nope",
        "price": "x",
        "blob": "!!",
        "tags": [{"label": 1}],
        "extra": 1,
    }
    with pytest.raises(pydantic.ValidationError) as caught:
        ITEMS.validate_python(bad)
    found = {(tuple(error["loc"]), error["type"]) for error in caught.value.errors()}
    assert found == {
        (("id",), "string_pattern_mismatch"),
        (("price",), "decimal_parsing"),
        (("blob",), "base64"),
        (("tags", 0, "label"), "string_type"),
        (("extra",), "extra_forbidden"),
    }


def test_the_model_constructor_has_the_last_word() -> None:
    class Checked(Model):
        low: Field[int]
        high: Field[int]

        def __post_init__(self) -> None:
            if self.low > self.high:
                raise ValueError("low must not exceed high")

    with pytest.raises(pydantic.ValidationError, match="low must not exceed high"):
        pydantic.TypeAdapter(Checked).validate_python({"low": 2, "high": 1})


def test_json_schema() -> None:
    schema = ITEMS.json_schema()
    properties = schema["properties"]
    assert properties["id"] == {"type": "string", "pattern": "^[0-9a-fA-F]{24}$", "title": "Id"}
    assert properties["blob"]["format"] == "base64"
    assert properties["tags"]["items"] == {"$ref": "#/$defs/Tag"}
    assert schema["$defs"]["Tag"]["required"] == ["label"]
    assert schema["$defs"]["Tree"]["properties"]["children"]["items"] == {"$ref": "#/$defs/Tree"}
    assert schema["required"] == ["name", "price", "amount", "key", "at", "level", "blob"]
    assert schema["additionalProperties"] is False
    output = ITEMS.json_schema(mode="serialization")["properties"]
    assert output["id"] == properties["id"] and output["price"] == {
        "type": "string",
        "title": "Price",
    }


def test_lists_of_models() -> None:
    tags = pydantic.TypeAdapter(list[Tag])
    assert tags.validate_json('[{"label": "x"}]') == [Tag(label="x")]
    assert tags.dump_json([Tag(label="x")]) == b'[{"label":"x","weight":1}]'


def test_a_pydantic_model_holds_gault_models() -> None:
    class Envelope(pydantic.BaseModel):
        item: Item
        others: list[Tag] = []

    envelope = Envelope.model_validate_json(
        json.dumps({"item": json.loads(ITEMS.dump_json(item())), "others": [{"label": "o"}]})
    )
    assert envelope.item == item() and envelope.others == [Tag(label="o")]
    assert json.loads(envelope.model_dump_json())["item"]["id"] == "65a1b2c3d4e5f60718293a4b"


def test_page_round_trip_and_schema() -> None:
    pages = pydantic.TypeAdapter(Page[Tag])
    page = Page([Tag(label="a")], total=3, page=1, per_page=1)
    data = json.loads(pages.dump_json(page))
    assert data == {
        "items": [{"label": "a", "weight": 1}],
        "total": 3,
        "page": 1,
        "per_page": 1,
        "pages": 3,
        "has_next": True,
        "has_prev": False,
    }
    assert pages.validate_python(data) == page
    assert pages.validate_json(json.dumps(data)) == page
    schema = pages.json_schema()
    assert schema["properties"]["items"]["items"] == {"$ref": "#/$defs/Tag"}
    assert schema["required"] == ["items", "total", "page", "per_page"]


def test_page_numbers_are_checked() -> None:
    pages = pydantic.TypeAdapter(Page[Tag])
    with pytest.raises(pydantic.ValidationError) as caught:
        pages.validate_python({"items": [], "total": -1, "page": 0, "per_page": 1})
    assert {tuple(error["loc"]) for error in caught.value.errors()} == {("total",), ("page",)}
    with pytest.raises(pydantic.ValidationError, match="pages must be 0"):
        pages.validate_python({"items": [], "total": 0, "page": 1, "per_page": 1, "pages": 2})


def test_a_bare_page_holds_anything() -> None:
    bare: pydantic.TypeAdapter[Page[Any]] = pydantic.TypeAdapter(Page)
    assert bare.validate_python({"items": [1], "total": 1, "page": 1, "per_page": 5}) == Page(
        [1], 1, 1, 5
    )
