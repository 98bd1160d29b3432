"""Round trips through the real server: raw document → instance, instance → stored document."""

import datetime
import decimal
import enum
import uuid
from typing import Any

import pytest
from bson import Binary, Decimal128, ObjectId
from pymongo import AsyncMongoClient, MongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.synchronous.database import Database

from gault.exceptions import ValidationError
from gault.managers._writes import save_update
from gault.mappers import get_mapper
from gault.models import Model, Schema, configure
from gault.tracking import StateTracker

UTC = datetime.UTC
PARIS = datetime.timezone(datetime.timedelta(hours=2))


class Kind(enum.Enum):
    A = "a"
    B = "b"


class Point(Model):
    x: int
    y: int = configure(db_alias="y_value", default=0)


class Address(Model):
    city: str = configure(db_alias="city_name")
    points: list[Point] = configure(default_factory=list)


class Record(Schema, collection="records"):
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
    kind: Kind
    maybe: str | None
    tags: list[str]
    pair: tuple[int, ...]
    labels: set[str]
    scores: dict[str, float]
    address: Address = configure(db_alias="addr")
    addresses: list[Address]
    grid: dict[str, list[Point]]


TOKEN = uuid.UUID("00112233-4455-6677-8899-aabbccddeeff")
MOMENT = datetime.datetime(2024, 5, 6, 9, 8, 7, 654000, tzinfo=PARIS)


def raw_document() -> dict[str, Any]:
    """A document as another program would have written it with PyMongo."""
    return {
        "_id": ObjectId(),
        "text": "héllo",
        "number": 7,
        "ratio": 1.25,
        "flag": False,
        "blob": b"\x00\xff",
        "moment": MOMENT,
        "day": datetime.datetime(2024, 2, 29),
        "amount": Decimal128("3.14159"),
        "exact": Decimal128("-0.001"),
        "token": Binary.from_uuid(TOKEN),
        "kind": "b",
        "maybe": None,
        "tags": ["a", "b"],
        "pair": [1, 2, 3],
        "labels": ["x"],
        "scores": {"math": 9.5},
        "addr": {"city_name": "Paris", "points": [{"x": 1, "y_value": 2}]},
        "addresses": [
            {"city_name": "Lyon", "points": []},
            {"city_name": "Nice", "points": [{"x": 3, "y_value": 4}, {"x": 5}]},
        ],
        "grid": {"row": [{"x": 1, "y_value": 1}], "empty": []},
        "ignored": "unknown keys are ignored",
    }


def expected(document: dict[str, Any]) -> Record:
    return Record(
        id=document["_id"],
        text="héllo",
        number=7,
        ratio=1.25,
        flag=False,
        blob=b"\x00\xff",
        moment=MOMENT,
        day=datetime.date(2024, 2, 29),
        amount=decimal.Decimal("3.14159"),
        exact=Decimal128("-0.001"),
        token=TOKEN,
        kind=Kind.B,
        maybe=None,
        tags=["a", "b"],
        pair=(1, 2, 3),
        labels={"x"},
        scores={"math": 9.5},
        address=Address(city="Paris", points=[Point(x=1, y=2)]),
        addresses=[
            Address(city="Lyon"),
            Address(city="Nice", points=[Point(x=3, y=4), Point(x=5)]),
        ],
        grid={"row": [Point(x=1, y=1)], "empty": []},
    )


def check_loaded(record: Record, document: dict[str, Any]) -> None:
    assert record == expected(document)
    assert record.moment.utcoffset() is not None
    assert record.moment == MOMENT
    assert type(record.pair) is tuple
    assert record.kind is Kind.B


# -- sync -----------------------------------------------------------------------------------------


def test_sync_raw_document_loads(sync_db: Database[dict[str, Any]]) -> None:
    document = raw_document()
    sync_db.records.insert_one(document)
    stored = sync_db.records.find_one({"_id": document["_id"]})
    assert stored is not None
    check_loaded(get_mapper(Record).load(stored), document)


def test_sync_dump_insert_read_back(sync_db: Database[dict[str, Any]]) -> None:
    document = raw_document()
    record = expected(document)
    mapper = get_mapper(Record)
    sync_db.records.insert_one(mapper.dump(record))
    stored = sync_db.records.find_one({"_id": record.id})
    assert stored is not None
    dumped = mapper.dump(record)
    assert stored == dumped
    assert stored["token"] == Binary.from_uuid(TOKEN)
    assert stored["day"] == datetime.datetime(2024, 2, 29, tzinfo=UTC)
    assert mapper.load(stored) == record


def test_sync_snapshot_of_a_loaded_document_is_clean(sync_db: Database[dict[str, Any]]) -> None:
    document = raw_document()
    sync_db.records.insert_one(document)
    stored = sync_db.records.find_one({"_id": document["_id"]})
    assert stored is not None
    record = get_mapper(Record).load(stored)
    tracker = StateTracker()
    tracker.snapshot_document(record, stored)
    assert tracker.get_dirty_fields(record) == set()
    record.addresses[1].points[0].y = 40
    assert tracker.get_dirty_fields(record) == {"addresses"}


def test_sync_atomic_update_reaches_the_document(sync_db: Database[dict[str, Any]]) -> None:
    document = raw_document()
    sync_db.records.insert_one(document)
    stored = sync_db.records.find_one({"_id": document["_id"]})
    assert stored is not None
    mapper = get_mapper(Record)
    record = mapper.load(stored)
    tracker = StateTracker()
    tracker.snapshot_document(record, stored)
    record.address.city = "Marseille"
    record.number = 8
    update = save_update(
        record, dirty=tracker.get_dirty_fields(record), snapshot=tracker.get_snapshot(record)
    )
    assert update["$set"] == {"number": 8, "addr.city_name": "Marseille"}
    sync_db.records.update_one(mapper.pk_filter(record), update, upsert=True)
    again = sync_db.records.find_one({"_id": record.id})
    assert again is not None
    assert mapper.load(again) == record


def test_sync_mismatch_names_the_stored_id(sync_db: Database[dict[str, Any]]) -> None:
    document = raw_document()
    document["number"] = "seven"
    sync_db.records.insert_one(document)
    stored = sync_db.records.find_one({"_id": document["_id"]})
    with pytest.raises(ValidationError) as caught:
        get_mapper(Record).load(stored)  # type: ignore[arg-type]
    assert caught.value.field == "number"
    assert caught.value.document_id == document["_id"]


def test_naive_client_datetimes_load_as_utc(mongodb_uri: str, database_name: str) -> None:
    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_uri)
    try:
        collection = client[database_name].records
        document = raw_document()
        collection.insert_one(document)
        stored = collection.find_one({"_id": document["_id"]})
        assert stored is not None
        assert stored["moment"].tzinfo is None
        record = get_mapper(Record).load(stored)
        assert record.moment == MOMENT
        assert record.moment.tzinfo is not None
        tracker = StateTracker()
        tracker.snapshot_document(record, stored)
        assert tracker.get_dirty_fields(record) == set()
    finally:
        client.close()


# -- async ----------------------------------------------------------------------------------------


async def test_async_raw_document_loads(async_db: AsyncDatabase[dict[str, Any]]) -> None:
    document = raw_document()
    await async_db.records.insert_one(document)
    stored = await async_db.records.find_one({"_id": document["_id"]})
    assert stored is not None
    check_loaded(get_mapper(Record).load(stored), document)


async def test_async_dump_insert_read_back(async_db: AsyncDatabase[dict[str, Any]]) -> None:
    record = expected(raw_document())
    mapper = get_mapper(Record)
    await async_db.records.insert_one(mapper.dump(record))
    stored = await async_db.records.find_one({"_id": record.id})
    assert stored is not None
    assert stored == mapper.dump(record)
    assert mapper.load(stored) == record


async def test_async_many_nested_documents(async_db: AsyncDatabase[dict[str, Any]]) -> None:
    mapper = get_mapper(Record)
    records = []
    for index in range(50):
        document = raw_document()
        document["number"] = index
        records.append(expected(document))
    await async_db.records.insert_many([mapper.dump(record) for record in records])
    cursor = async_db.records.find({}, sort=[("number", 1)])
    loaded = [mapper.load(document) async for document in cursor]
    assert loaded == records


async def test_async_client_with_default_uuid_representation(
    mongodb_uri: str, database_name: str
) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_uri)
    try:
        collection = client[database_name].records
        record = expected(raw_document())
        await collection.insert_one(get_mapper(Record).dump(record))
        stored = await collection.find_one({"_id": record.id})
        assert stored is not None
        assert get_mapper(Record).load(stored).token == TOKEN
    finally:
        await client.close()
