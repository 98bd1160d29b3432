# Generated from tests/managers/aio/test_read_paths.py by scripts/unasync.py: edit the source, then regenerate.
"""Which command each read sends (command monitoring), and that both paths agree.

A read whose stages a ``find`` can express goes out as ``find`` (``count`` as PyMongo's
``count_documents``: an ``aggregate`` of ``$match`` then ``$group`` on ``n``); any other
pipeline stays an ``aggregate``. The results must not depend on the path: every filter below
is run through the manager and, as the same stages, through a raw PyMongo ``aggregate``.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from bson import Decimal128, ObjectId
from pymongo import MongoClient

from gault.compilers import compile_query
from gault.managers import Filter, Manager
from gault.models import Model, Schema, configure
from gault.pipelines import Pipeline
from gault.predicates import Field, Query

from ..support import Recorder

Recorded = tuple[Manager, Recorder]

COUNT_DOCUMENTS = {"$group": {"_id": 1, "n": {"$sum": 1}}}
WHEN = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
OID = ObjectId("65f0a1b2c3d4e5f601234567")
TOKEN = uuid.UUID("12345678-1234-5678-1234-567812345678")


class Spot(Model):
    city: Field[str]
    zip: Field[str] = configure(default="", db_alias="zip_code")


class Item(Schema, collection="items"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]
    rank: Field[int] = configure(default=0, db_alias="item_rank")
    score: Field[float] = configure(default=0.0)
    flag: Field[bool] = configure(default=False)
    tags: Field[list[str]] = configure(default_factory=list)
    when: Field[datetime.datetime | None] = configure(default=None)
    ref: Field[ObjectId | None] = configure(default=None)
    spot: Field[Spot | None] = configure(default=None)


def items() -> list[Item]:
    return [
        Item(id="a", name="alpha", rank=3, score=1.5, flag=True, tags=["x", "y"], when=WHEN),
        Item(id="b", name="beta", rank=1, score=2.5, tags=["y"], ref=OID, spot=Spot(city="Oslo")),
        Item(id="c", name="gamma", rank=2, score=1.5, flag=True, tags=[], spot=Spot(city="Rome")),
        Item(id="d", name="delta", rank=2, score=0.5, tags=["x"]),
        Item(id="e", name="alpha", rank=5, score=3.0, tags=["z", "x"], when=WHEN, ref=OID),
    ]


#: Plain filters: predicates and raw queries (every $eq form the wire rewrite meets).
PLAIN: list[Filter] = [
    None,
    Query(),
    Item.name == "alpha",
    Item.id == "c",
    Item.rank == 2,
    Item.score == 1.5,
    Item.flag == True,
    Item.when == WHEN,
    Item.ref == OID,
    Item.when == None,
    Item.spot == Spot(city="Oslo"),
    Item.tags == ["x", "y"],
    (Item.rank >= 2) & (Item.flag == False),
    (Item.name == "beta") | (Item.rank == 5),
    Item.name.in_(["alpha", "delta"]),
    {"tags": {"$eq": "x"}},
    {"name": {"$eq": re.compile("^al")}},
    {"$nor": [{"name": {"$eq": "alpha"}}, {"item_rank": {"$eq": 1}}]},
    {"spot.city": {"$eq": "Rome"}},
    {"missing": {"$eq": None}},
    {"score": {"$eq": Decimal128("1.5")}},
    {"token": {"$eq": TOKEN}},
    [{"$match": {"item_rank": {"$gt": 1}}}, {"$match": {"flag": {"$eq": True}}}],
    Pipeline().match(Item.rank > 1),
]

#: A plain pipeline with its own window: select and count read through find and
#: count_documents; find and exists add a second $limit, so they aggregate.
WINDOWED = Pipeline().match(Item.rank > 1).sort("-score", "_id").skip(1).limit(2)

#: Pipelines a find cannot express: they stay aggregations.
AGGREGATED: list[Filter] = [
    Pipeline().match(Item.rank > 1).add_fields({"double": {"$multiply": ["$item_rank", 2]}}),
    [{"$limit": 3}, {"$match": {"flag": {"$eq": True}}}],
    [{"$skip": 1}, {"$sort": {"_id": 1}}],
    [{"$match": {"item_rank": {"$gte": 1}}}, {"$limit": 4}, {"$limit": 2}],
]


@pytest.fixture
def recorded(mongodb_uri: str, database_name: str) -> Iterator[Recorded]:
    recorder = Recorder()
    client: MongoClient[Any] = MongoClient(
        mongodb_uri, tz_aware=True, uuidRepresentation="standard", event_listeners=[recorder]
    )
    manager = Manager(client[database_name])
    manager.insert_many(items())
    recorder.clear()
    yield manager, recorder
    client.close()


def names(recorder: Recorder) -> list[str]:
    return [name for name, _ in recorder.commands if name not in ("getMore", "killCursors")]


def raw_aggregate(manager: Manager, stages: list[dict[str, Any]]) -> list[Any]:
    with manager.database["items"].aggregate(stages) as cursor:
        return cursor.to_list()


def stages_of(filter: Filter) -> list[dict[str, Any]]:
    """The filter's stages as 0.15 sent them: ``compile_query`` output, ``$eq`` kept."""
    if filter is None:
        return []
    if isinstance(filter, Pipeline):
        return filter.build()
    if isinstance(filter, list):
        return list(filter)
    query = compile_query(filter)
    return [{"$match": query}] if query else []


def test_plain_reads_send_find_and_count_documents(recorded: Recorded) -> None:
    manager, recorder = recorded
    assert (manager.get(Item, Item.id == "a")).name == "alpha"
    assert (manager.find(Item, Item.name == "beta")) is not None
    assert len([item for item in manager.select(Item, Item.rank >= 2, sort_by="-rank")]) == 4
    assert manager.count(Item, Item.flag == True) == 2
    assert manager.exists(Item, Item.tags == ["x", "y"])
    assert names(recorder) == ["find", "find", "find", "aggregate", "find"]
    get, find, select, count, exists = (command for _, command in recorder.commands)
    assert (get["filter"], get["limit"]) == ({"_id": "a"}, 1)
    assert (find["filter"], find["limit"]) == ({"name": "beta"}, 1)
    assert (select["filter"], select["sort"]) == ({"item_rank": {"$gte": 2}}, {"item_rank": -1})
    assert count["pipeline"] == [{"$match": {"flag": True}}, COUNT_DOCUMENTS]
    assert exists["filter"] == {"tags": {"$eq": ["x", "y"]}}
    assert (exists["limit"], exists["projection"]) == (1, {"_id": 1})


def test_other_pipelines_stay_aggregations(recorded: Recorded) -> None:
    manager, recorder = recorded
    pipeline = (
        Pipeline().match(Item.rank > 1).add_fields({"double": {"$multiply": ["$item_rank", 2]}})
    )
    manager.get(Item, pipeline)
    manager.find(Item, pipeline)
    assert len([item for item in manager.select(Item, pipeline)]) == 4
    assert manager.count(Item, pipeline) == 4
    assert manager.exists(Item, pipeline)
    assert names(recorder) == ["aggregate"] * 5
    for _, command in recorder.commands:
        assert command["pipeline"][:2] == pipeline.build()
        assert COUNT_DOCUMENTS not in command["pipeline"]


def test_scalar_equalities_go_out_plain(recorded: Recorded) -> None:
    manager, recorder = recorded
    plain = [Item.name == "x", Item.rank == 1, Item.score == 1.5, Item.flag == False]
    plain += [Item.when == WHEN, Item.ref == OID]
    kept = [Item.when == None, Item.tags == ["x"], Item.spot == Spot(city="Oslo")]
    for filter in [*plain, *kept, {"name": {"$eq": re.compile("x")}}]:
        manager.find(Item, filter)
    sent = [command["filter"] for command in recorder.sent("find")]
    assert sent[:3] == [{"name": "x"}, {"item_rank": 1}, {"score": 1.5}]
    assert sent[3:6] == [{"flag": False}, {"when": WHEN}, {"ref": OID}]
    assert all("$eq" in next(iter(query.values())) for query in sent[len(plain) :])


def test_take_zero_reaches_no_server(recorded: Recorded) -> None:
    manager, recorder = recorded
    assert [item for item in manager.select(Item, Item.rank > 0, take=0)] == []
    assert [item for item in manager.select(Item, AGGREGATED[0], take=0)] == []
    assert recorder.commands == []


@pytest.mark.parametrize("filter", PLAIN, ids=repr)
def test_both_paths_return_the_same_documents(recorded: Recorded, filter: Filter) -> None:
    manager, recorder = recorded
    stages = stages_of(filter)
    expected = raw_aggregate(manager, [*stages, {"$sort": {"_id": 1}}])
    recorder.clear()
    selected = [item for item in manager.select(Item, filter)]
    assert names(recorder) == ["find"]
    assert sorted(item.id for item in selected) == [document["_id"] for document in expected]
    assert manager.count(Item, filter) == len(expected)
    assert manager.exists(Item, filter) is bool(expected)
    found = manager.find(Item, filter)
    assert names(recorder) == ["find", "aggregate", "find", "find"]
    assert recorder.sent("aggregate")[0]["pipeline"][-1] == COUNT_DOCUMENTS
    first = raw_aggregate(manager, [*stages, {"$limit": 1}])
    assert (found and found.id) == (first[0]["_id"] if first else None)


@pytest.mark.parametrize("filter", PLAIN, ids=repr)
def test_both_paths_sort_skip_and_take_alike(recorded: Recorded, filter: Filter) -> None:
    manager, _ = recorded
    window = [{"$sort": {"score": -1, "_id": 1}}, {"$skip": 1}, {"$limit": 2}]
    expected = raw_aggregate(manager, [*stages_of(filter), *window])
    selected = manager.select(Item, filter, skip=1, take=2, sort_by=["-score", "id"])
    assert [item.id for item in selected] == [document["_id"] for document in expected]
    unsorted = [item.id for item in manager.select(Item, filter, skip=1, take=2)]
    assert len(unsorted) == len(expected)


def test_a_windowed_pipeline_reads_alike_on_both_paths(recorded: Recorded) -> None:
    manager, recorder = recorded
    expected = [document["_id"] for document in raw_aggregate(manager, WINDOWED.build())]
    assert expected == ["a", "c"]
    recorder.clear()
    assert [item.id for item in manager.select(Item, WINDOWED)] == expected
    assert manager.count(Item, WINDOWED) == 2
    assert (manager.get(Item, WINDOWED)).id == "a"
    assert manager.exists(Item, WINDOWED)
    assert names(recorder) == ["find", "aggregate", "aggregate", "aggregate"]
    select, count, get, _ = (command for _, command in recorder.commands)
    assert select["sort"] == {"score": -1, "_id": 1}
    assert (select["skip"], select["limit"]) == (1, 2)
    assert count["pipeline"][1:] == [{"$skip": 1}, {"$limit": 2}, COUNT_DOCUMENTS]
    assert get["pipeline"][-2:] == [{"$limit": 2}, {"$limit": 1}]


@pytest.mark.parametrize("filter", AGGREGATED, ids=repr)
def test_aggregated_filters_return_what_the_pipeline_does(
    recorded: Recorded, filter: Filter
) -> None:
    manager, recorder = recorded
    expected = raw_aggregate(manager, stages_of(filter))
    recorder.clear()
    selected = [item.id for item in manager.select(Item, filter)]
    assert names(recorder) == ["aggregate"]
    assert selected == [document["_id"] for document in expected]
    assert manager.count(Item, filter) == len(expected)
