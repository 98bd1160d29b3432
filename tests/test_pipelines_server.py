"""Execution tests for ``gault.pipelines``: built pipelines run on the server, results asserted.

The bundled test server (mongo-java-server) lacks some stages and options; they are listed
once, in ``UNSUPPORTED``, with the server's error. Their execution tests are marked
``needs_mongodb`` (they run against a real MongoDB with MONGODB_URI) and their compiled form is
tested in ``tests/test_pipelines.py``.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import OperationFailure
from pymongo.synchronous.database import Database

from gault.accumulators import Avg, Max, Push, Sum
from gault.interfaces import Aliased, ExpressionOperator
from gault.mappers import get_mapper
from gault.models import Model, Schema, configure
from gault.pipelines import CollectionPipeline, Pipeline
from gault.predicates import Field

PEOPLE = [
    {"_id": 1, "name": "Ann", "age": 34, "city": "Paris", "tags": ["a", "b"], "boss": None},
    {"_id": 2, "name": "Bob", "age": 19, "city": "Lyon", "tags": [], "boss": "Ann"},
    {"_id": 3, "name": "Cid", "age": 52, "city": "Paris", "tags": ["b"], "boss": "Bob"},
    {"_id": 4, "name": "Dee", "age": 27, "city": "Nice", "tags": ["c", "a"], "boss": "Cid"},
]
PETS = [
    {"_id": "rex", "owner": 1, "kind": "dog"},
    {"_id": "tom", "owner": 1, "kind": "cat"},
    {"_id": "max", "owner": 3, "kind": "dog"},
]

#: Stages and options the bundled server does not implement → the error it answers.
UNSUPPORTED: dict[str, tuple[list[dict[str, Any]], str]] = {
    "$set": ([{"$set": {"x": 1}}], "Unrecognized pipeline stage name: '$set'"),
    "$replaceWith": (
        [{"$replaceWith": {"a": 1}}],
        "Unrecognized pipeline stage name: '$replaceWith'",
    ),
    "$unionWith": ([{"$unionWith": {"coll": "pets"}}], "Unrecognized pipeline stage name"),
    "$bucketAuto": (
        [{"$bucketAuto": {"groupBy": "$age", "buckets": 2}}],
        "Unrecognized pipeline stage name: '$bucketAuto'",
    ),
    "$setWindowFields": (
        [{"$setWindowFields": {"output": {"n": {"$count": {}}}}}],
        "Unrecognized pipeline stage name: '$setWindowFields'",
    ),
    "$densify": (
        [{"$densify": {"field": "age", "range": {"step": 1, "bounds": "full"}}}],
        "Unrecognized pipeline stage name: '$densify'",
    ),
    "$fill": (
        [{"$fill": {"output": {"age": {"value": 0}}}}],
        "Unrecognized pipeline stage name: '$fill'",
    ),
    "$geoNear": (
        [{"$geoNear": {"near": [0, 0], "distanceField": "d"}}],
        "$geoNear is not yet implemented",
    ),
    "$search": (
        [{"$search": {"text": {"query": "a", "path": "name"}}}],
        "Unrecognized pipeline stage name: '$search'",
    ),
    "$searchMeta": (
        [{"$searchMeta": {"count": {"type": "total"}}}],
        "Unrecognized pipeline stage name: '$searchMeta'",
    ),
    "$vectorSearch": (
        [{"$vectorSearch": {"index": "v", "path": "e", "queryVector": [1.0], "limit": 1}}],
        "Unrecognized pipeline stage name: '$vectorSearch'",
    ),
    "$lookup localField+pipeline": (
        [
            {
                "$lookup": {
                    "from": "pets",
                    "localField": "_id",
                    "foreignField": "owner",
                    "pipeline": [],
                    "as": "p",
                }
            }
        ],
        "unknown argument to $lookup: localField",
    ),
    "$graphLookup restrictSearchWithMatch": (
        [
            {
                "$graphLookup": {
                    "from": "people",
                    "startWith": "$boss",
                    "connectFromField": "boss",
                    "connectToField": "name",
                    "as": "chain",
                    "restrictSearchWithMatch": {},
                }
            }
        ],
        "unknown argument to $graphLookup: restrictSearchWithMatch",
    ),
    "$redact $$DESCEND": ([{"$redact": "$$DESCEND"}], "String cannot be cast"),
    "$out to another database": (
        [{"$out": {"db": "other", "coll": "x"}}],
        "cannot be cast to class java.lang.String",
    ),
}


class Expr(ExpressionOperator):
    """A stand-in aggregation expression compiling to a fixed operator document."""

    __slots__ = ("document",)

    def __init__(self, document: Any) -> None:
        self.document = document

    def compile_expression(self) -> Any:
        return self.document


def run(db: Database[Any], pipeline: Pipeline, collection: str = "people") -> list[Any]:
    return list(db[collection].aggregate(pipeline.build()))


@pytest.fixture
def db(sync_db: Database[Any]) -> Database[Any]:
    sync_db.people.insert_many(PEOPLE)
    sync_db.pets.insert_many(PETS)
    return sync_db


@pytest.mark.skipif(bool(os.environ.get("MONGODB_URI")), reason="documents the bundled server")
@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_bundled_server_lacks(db: Database[Any], name: str) -> None:
    stages, error = UNSUPPORTED[name]
    with pytest.raises(OperationFailure) as raised:
        list(db.people.aggregate(stages))
    assert error in str(raised.value)


# -- stages the bundled server runs --------------------------------------------------------------


def test_match(db: Database[Any]) -> None:
    adults = run(db, Pipeline().match(Field("age").gte(30), {"city": "Paris"}).sort("_id"))
    assert [doc["name"] for doc in adults] == ["Ann", "Cid"]
    expressed = run(db, Pipeline().match(Expr({"$gt": ["$age", 30]})).sort("_id"))
    assert [doc["_id"] for doc in expressed] == [1, 3]


def test_project(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .sort("_id")
        .project("name", Aliased("years", Field("age")), {"_id": 0, "town": "$city"})
    )
    assert run(db, pipeline)[:2] == [
        {"name": "Ann", "years": 34, "town": "Paris"},
        {"name": "Bob", "years": 19, "town": "Lyon"},
    ]


def test_sort_skip_take(db: Database[Any]) -> None:
    pipeline = Pipeline().sort([Field("city").asc(), "-age"]).skip(1).take(2)
    assert [doc["name"] for doc in run(db, pipeline)] == ["Dee", "Cid"]
    assert [doc["_id"] for doc in run(db, Pipeline().sort({"age": -1}).take(1))] == [3]


def test_sample(db: Database[Any]) -> None:
    sampled = run(db, Pipeline().sample(2))
    assert len(sampled) == 2
    assert {doc["_id"] for doc in sampled} <= {1, 2, 3, 4}


def test_group(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .group({"n": {"$sum": 1}, "oldest": {"$max": "$age"}}, by="city")
        .sort("-n", "_id")
    )
    assert run(db, pipeline) == [
        {"_id": "Paris", "n": 2, "oldest": 52},
        {"_id": "Lyon", "n": 1, "oldest": 19},
        {"_id": "Nice", "n": 1, "oldest": 27},
    ]
    assert run(db, Pipeline().group(Aliased("total", {"$sum": "$age"}))) == [
        {"_id": None, "total": 132}
    ]


def test_unwind(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .unwind(Field("tags"), include_array_index="position", preserve_null_and_empty_arrays=True)
        .sort("_id", "position")
        .project({"_id": 1, "tags": 1, "position": 1})
    )
    assert run(db, pipeline) == [
        {"_id": 1, "tags": "a", "position": 0},
        {"_id": 1, "tags": "b", "position": 1},
        {"_id": 2, "position": None},
        {"_id": 3, "tags": "b", "position": 0},
        {"_id": 4, "tags": "c", "position": 0},
        {"_id": 4, "tags": "a", "position": 1},
    ]
    plain = run(db, Pipeline().unwind("tags").count("n"))
    assert plain == [{"n": 5}]


def test_lookup_fields_form(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .lookup("pets", local_field="_id", foreign_field="owner", into="pets")
        .sort("_id")
        .project({"_id": 1, "pets": 1})
    )
    assert [
        (doc["_id"], sorted(pet["_id"] for pet in doc["pets"])) for doc in run(db, pipeline)
    ] == [
        (1, ["rex", "tom"]),
        (2, []),
        (3, ["max"]),
        (4, []),
    ]


def test_lookup_let_pipeline_form(db: Database[Any]) -> None:
    dogs = (
        CollectionPipeline("pets")
        .match(Expr({"$eq": ["$owner", "$$person"]}), {"kind": "dog"})
        .project({"_id": 1})
    )
    pipeline = (
        Pipeline()
        .lookup(dogs, let={"person": Field("_id")}, into="dogs")
        .sort("_id")
        .project({"_id": 1, "dogs": 1})
    )
    assert run(db, pipeline) == [
        {"_id": 1, "dogs": [{"_id": "rex"}]},
        {"_id": 2, "dogs": []},
        {"_id": 3, "dogs": [{"_id": "max"}]},
        {"_id": 4, "dogs": []},
    ]


def test_graph_lookup(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .match({"name": "Dee"})
        .graph_lookup(
            "people",
            start_with="boss",
            local_field="boss",
            foreign_field="name",
            into="chain",
            depth_field="depth",
        )
        .project({"chain": 1})
    )
    (dee,) = run(db, pipeline)
    assert sorted((boss["depth"], boss["name"]) for boss in dee["chain"]) == [
        (0, "Cid"),
        (1, "Bob"),
        (2, "Ann"),
    ]


def test_facet(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .match(Field("age").gte(20))
        .facet(
            Pipeline().count("total").alias("total"),
            Pipeline().sort("-age").skip(1).take(1).project({"_id": 1, "name": 1}).alias("items"),
        )
    )
    assert run(db, pipeline) == [{"total": [{"total": 3}], "items": [{"_id": 1, "name": "Ann"}]}]


def test_bucket(db: Database[Any]) -> None:
    pipeline = Pipeline().bucket(
        {"names": {"$push": "$name"}}, by="age", boundaries=[0, 30, 50], default="older"
    )
    assert sorted(run(db, pipeline), key=lambda doc: str(doc["_id"])) == [
        {"_id": 0, "names": ["Bob", "Dee"]},
        {"_id": 30, "names": ["Ann"]},
        {"_id": "older", "names": ["Cid"]},
    ]


def test_add_fields_unset_replace_root(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .match({"_id": 1})
        .add_fields({"next_age": {"$add": ["$age", 1]}, "home": {"city": "$city"}})
        .unset("tags", Field("boss"))
    )
    assert run(db, pipeline) == [
        {
            "_id": 1,
            "name": "Ann",
            "age": 34,
            "city": "Paris",
            "next_age": 35,
            "home": {"city": "Paris"},
        }
    ]
    assert run(db, pipeline.replace_root("home")) == [{"city": "Paris"}]
    assert run(db, pipeline.replace_root({"who": Field("name")})) == [{"who": "Ann"}]


def test_count_and_sort_by_count(db: Database[Any]) -> None:
    assert run(db, Pipeline().match({"city": "Paris"}).count("total")) == [{"total": 2}]
    counts = run(db, Pipeline().sort_by_count("city"))
    assert counts[0] == {"_id": "Paris", "count": 2}
    assert sorted(doc["_id"] for doc in counts[1:]) == ["Lyon", "Nice"]


def test_redact(db: Database[Any]) -> None:
    pipeline = Pipeline().redact({"$cond": [{"$eq": ["$city", "Paris"]}, "$$KEEP", "$$PRUNE"]})
    assert sorted(doc["_id"] for doc in run(db, pipeline)) == [1, 3]


def test_out(db: Database[Any]) -> None:
    assert (
        run(db, Pipeline().match({"city": "Paris"}).project({"_id": 1, "name": 1}).out("parisians"))
        == []
    )
    assert list(db.parisians.find(sort=[("_id", 1)])) == [
        {"_id": 1, "name": "Ann"},
        {"_id": 3, "name": "Cid"},
    ]


def test_merge(db: Database[Any]) -> None:
    db.totals.insert_one({"_id": "Paris", "n": 0, "note": "kept"})
    pipeline = (
        Pipeline()
        .group({"n": {"$sum": 1}}, by="city")
        .merge("totals", on="_id", when_matched="merge", when_not_matched="insert")
    )
    assert run(db, pipeline) == []
    assert list(db.totals.find(sort=[("_id", 1)])) == [
        {"_id": "Lyon", "n": 1},
        {"_id": "Nice", "n": 1},
        {"_id": "Paris", "n": 2, "note": "kept"},
    ]


def test_as_query_filters_like_the_pipeline(db: Database[Any]) -> None:
    pipeline = Pipeline().match(Field("age").gt(20)).match(Field("age").lt(40))
    query = pipeline.as_query()
    assert query is not None
    found = [doc["_id"] for doc in db.people.find(query, sort=[("_id", 1)])]
    assert found == [doc["_id"] for doc in run(db, pipeline.sort("_id"))] == [1, 4]


class Person(Schema, collection="people"):
    id: Field[int] = configure(pk=True, db_alias="_id")
    name: Field[str]
    years: Field[int] = configure(db_alias="age")
    city: Field[str]


class CityStats(Model):
    city: Field[str] = configure(db_alias="_id")
    people: Field[int]
    average_age: Field[float] = configure(db_alias="avg")
    names: Field[list[str]]


def test_model_projection_hydrates_the_output_model(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .match(Person.years >= 20)
        .sort(Person.id)
        .group(
            Sum(1).alias(CityStats.people),
            Avg(Person.years).alias(CityStats.average_age),
            Push(Person.name).alias(CityStats.names),
            Max(Person.years).alias("oldest"),
            by=Person.city,
        )
        .sort(CityStats.city)
        .project(CityStats)
    )
    documents = run(db, pipeline)
    assert "oldest" not in documents[0]
    mapper = get_mapper(CityStats)
    assert [mapper.load(document) for document in documents] == [
        CityStats(city="Nice", people=1, average_age=27.0, names=["Dee"]),
        CityStats(city="Paris", people=2, average_age=43.0, names=["Ann", "Cid"]),
    ]


def test_model_projection_without_id(db: Database[Any]) -> None:
    class Badge(Model):
        label: Field[str] = configure(db_alias="name")
        years: Field[int] = configure(db_alias="age")

    documents = run(db, Pipeline().sort("-age").take(2).project(Badge))
    assert documents == [{"name": "Cid", "age": 52}, {"name": "Ann", "age": 34}]
    mapper = get_mapper(Badge)
    assert [mapper.load(document) for document in documents] == [
        Badge(label="Cid", years=52),
        Badge(label="Ann", years=34),
    ]


async def test_pipeline_async(async_db: AsyncDatabase[Any]) -> None:
    await async_db.people.insert_many(PEOPLE)
    pipeline = (
        Pipeline()
        .match(Field("age").gte(20))
        .group({"n": {"$sum": 1}}, by=Field("city"))
        .sort("_id")
    )
    cursor = await async_db.people.aggregate(pipeline.build())
    assert await cursor.to_list() == [{"_id": "Nice", "n": 1}, {"_id": "Paris", "n": 2}]


# -- stages only a real MongoDB runs (see UNSUPPORTED) -------------------------------------------


@pytest.mark.needs_mongodb
def test_set_and_replace_with(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .match({"_id": 2})
        .set_field("next_age", {"$add": ["$age", 1]})
        .replace_with({"who": Field("name"), "next": "$next_age"})
    )
    assert run(db, pipeline) == [{"who": "Bob", "next": 20}]


@pytest.mark.needs_mongodb
def test_union_with(db: Database[Any]) -> None:
    pipeline = (
        Pipeline()
        .match({"_id": 1})
        .project({"_id": 1})
        .union_with(CollectionPipeline("pets").match({"kind": "cat"}).project({"_id": 1}))
        .union_with(Pipeline.documents({"_id": "doc"}))
    )
    assert run(db, pipeline) == [{"_id": 1}, {"_id": "tom"}, {"_id": "doc"}]


@pytest.mark.needs_mongodb
def test_bucket_auto(db: Database[Any]) -> None:
    buckets = run(db, Pipeline().bucket_auto({"n": {"$sum": 1}}, by="age", buckets=2))
    assert [bucket["n"] for bucket in buckets] == [2, 2]


@pytest.mark.needs_mongodb
def test_set_window_fields(db: Database[Any]) -> None:
    running = {"$sum": "$age", "window": {"documents": ["unbounded", "current"]}}
    pipeline = (
        Pipeline()
        .set_window_fields({"running": running}, sort_by="age", partition_by="city")
        .sort("_id")
        .project({"running": 1})
    )
    assert run(db, pipeline) == [
        {"_id": 1, "running": 34},
        {"_id": 2, "running": 19},
        {"_id": 3, "running": 86},
        {"_id": 4, "running": 27},
    ]


@pytest.mark.needs_mongodb
def test_densify_and_fill(db: Database[Any]) -> None:
    db.readings.insert_many(
        [
            {"at": datetime.datetime(2024, 1, 1), "value": 1.0},
            {"at": datetime.datetime(2024, 1, 4), "value": 4.0},
        ]
    )
    pipeline = (
        Pipeline()
        .densify("at", step=1, unit="day")
        .fill({"value": "linear"}, sort_by="at")
        .sort("at")
        .project({"_id": 0, "value": 1})
    )
    assert run(db, pipeline, "readings") == [
        {"value": 1.0},
        {"value": 2.0},
        {"value": 3.0},
        {"value": 4.0},
    ]


@pytest.mark.needs_mongodb
def test_geo_near(db: Database[Any]) -> None:
    db.places.insert_many(
        [
            {"_id": "near", "loc": {"type": "Point", "coordinates": [2.35, 48.85]}},
            {"_id": "far", "loc": {"type": "Point", "coordinates": [4.83, 45.76]}},
        ]
    )
    db.places.create_index([("loc", "2dsphere")])
    pipeline = Pipeline().geo_near(
        near={"type": "Point", "coordinates": [2.34, 48.85]}, distance_field="d", spherical=True
    )
    assert [doc["_id"] for doc in run(db, pipeline, "places")] == ["near", "far"]


@pytest.mark.needs_mongodb
def test_documents_values_come_back_as_given(db: Database[Any]) -> None:
    given = {"_id": 1, "name": "$price", "meta": {"$where": "1"}, "tags": ["$a", {"k": "$b"}]}
    assert list(db.aggregate(Pipeline.documents(given).build())) == [given]


@pytest.mark.needs_mongodb
def test_documents_and_lookup_combined(db: Database[Any]) -> None:
    kinds = Pipeline.documents({"kind": "dog", "sound": "woof"}, {"kind": "cat", "sound": "meow"})
    pipeline = (
        CollectionPipeline("pets")
        .lookup(kinds, local_field="kind", foreign_field="kind", into="sounds")
        .sort("_id")
        .project({"sound": {"$first": "$sounds.sound"}})
    )
    assert run(db, pipeline, "pets") == [
        {"_id": "max", "sound": "woof"},
        {"_id": "rex", "sound": "woof"},
        {"_id": "tom", "sound": "meow"},
    ]
    listed = list(db.aggregate(kinds.match({"kind": "cat"}).project({"_id": 0}).build()))
    assert listed == [{"kind": "cat", "sound": "meow"}]
