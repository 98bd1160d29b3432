"""Compile tests for ``gault.pipelines``: the exact stage list of every stage and argument form."""

from __future__ import annotations

import datetime
from typing import Any

import bson
import pytest

from gault import window_aggregators as window
from gault.accumulators import Avg, Push, Sum, TopN
from gault.exceptions import CompilationError
from gault.expressions import Var
from gault.geo import Point
from gault.interfaces import Aliased, ExpressionOperator, QueryPredicate
from gault.models import Model, Schema, configure
from gault.pipelines import (
    CollectionPipeline,
    DocumentsPipeline,
    LimitStep,
    MatchStep,
    Pipeline,
    RawStep,
    Step,
)
from gault.predicates import Field, Query


class Expr(ExpressionOperator):
    """A stand-in aggregation expression compiling to a fixed operator document."""

    __slots__ = ("document",)

    def __init__(self, document: Any) -> None:
        self.document = document

    def compile_expression(self) -> Any:
        return self.document


class Pred(QueryPredicate):
    """A stand-in query predicate."""

    __slots__ = ("document",)

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def compile_query(self) -> dict[str, Any]:
        return dict(self.document)


AGE = Field("age")
NAME = Field("name")


def stages(pipeline: Pipeline) -> list[dict[str, Any]]:
    return pipeline.build()


# -- the builder --------------------------------------------------------------------------------


def test_empty_pipeline_builds_nothing() -> None:
    assert Pipeline().build() == []


def test_every_method_returns_a_new_pipeline() -> None:
    base = Pipeline().match({"a": 1})
    longer = base.skip(1)
    assert base.build() == [{"$match": {"a": 1}}]
    assert longer.build() == [{"$match": {"a": 1}}, {"$skip": 1}]
    assert longer is not base


def test_build_returns_fresh_documents() -> None:
    pipeline = Pipeline().match({"a": {"$in": [1, 2]}})
    built = pipeline.build()
    built[0]["$match"]["a"]["$in"].append(3)
    built.append({"$skip": 1})
    assert pipeline.build() == [{"$match": {"a": {"$in": [1, 2]}}}]


def test_constructor_takes_steps_and_raw_dicts() -> None:
    pipeline = Pipeline(steps=[MatchStep({"a": 1}), {"$limit": 2}])
    assert pipeline.build() == [{"$match": {"a": 1}}, {"$limit": 2}]
    assert pipeline.steps == (MatchStep({"a": 1}), LimitStep(2))


def test_subclasses_keep_their_type_and_collection() -> None:
    pets = CollectionPipeline("pets").match({"kind": "dog"}).take(2)
    assert isinstance(pets, CollectionPipeline)
    assert pets.collection == "pets"
    assert pets.build() == [{"$match": {"kind": "dog"}}, {"$limit": 2}]
    docs = Pipeline.documents({"a": 1}).skip(1)
    assert isinstance(docs, DocumentsPipeline)


def test_equality_and_repr() -> None:
    assert Pipeline().match({"a": 1}) == Pipeline().match({"a": 1})
    assert Pipeline().match({"a": 1}) != Pipeline().match({"a": 2})
    assert CollectionPipeline("a") != CollectionPipeline("b")
    assert CollectionPipeline("a") != Pipeline()
    assert repr(Pipeline().skip(1)) == "Pipeline([{'$skip': 1}])"
    assert repr(CollectionPipeline("a").skip(1)) == "CollectionPipeline('a', [{'$skip': 1}])"
    assert repr(MatchStep({"a": 1})) == "MatchStep({'$match': {'a': 1}})"


def test_step_operator() -> None:
    assert MatchStep().operator == "$match"
    assert RawStep({"$collStats": {}}).operator == "$collStats"


# -- $match -------------------------------------------------------------------------------------


def test_match_forms() -> None:
    assert stages(Pipeline().match()) == [{"$match": {}}]
    assert stages(Pipeline().match({"a": 1})) == [{"$match": {"a": 1}}]
    assert stages(Pipeline().match({"a": 1}, Pred({"b": 2}))) == [
        {"$match": {"$and": [{"a": 1}, {"b": 2}]}}
    ]
    assert stages(Pipeline().match([{"a": 1}, {"b": 2}])) == [
        {"$match": {"$and": [{"a": 1}, {"b": 2}]}}
    ]
    assert stages(Pipeline().match({}, {"a": 1}, None)) == [{"$match": {"a": 1}}]


def test_match_expression_becomes_expr() -> None:
    expression = Expr({"$gt": ["$a", "$b"]})
    assert stages(Pipeline().match(expression)) == [{"$match": {"$expr": {"$gt": ["$a", "$b"]}}}]
    assert stages(Pipeline().match({"c": 1}, expression)) == [
        {"$match": {"$and": [{"c": 1}, {"$expr": {"$gt": ["$a", "$b"]}}]}}
    ]


def test_match_rejects_other_values() -> None:
    with pytest.raises(TypeError, match=r"\$match.*int 5"):
        Pipeline().match(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"\$match"):
        Pipeline().match(AGE)  # type: ignore[arg-type]


def test_match_step_query() -> None:
    assert MatchStep({"a": 1}, {"b": 1}).query == {"$and": [{"a": 1}, {"b": 1}]}


# -- $project -----------------------------------------------------------------------------------


def test_project_dict_values_are_expressions() -> None:
    pipeline = Pipeline().project({"_id": 0, "name": 1, "years": AGE, "label": Expr({"$x": 1})})
    assert stages(pipeline) == [
        {"$project": {"_id": 0, "name": 1, "years": "$age", "label": {"$x": 1}}}
    ]


def test_project_names_refs_and_aliases() -> None:
    pipeline = Pipeline().project("name", AGE, Aliased("total", Expr({"$sum": "$x"})))
    assert stages(pipeline) == [
        {"$project": {"_id": False, "name": True, "age": True, "total": {"$sum": "$x"}}}
    ]
    assert stages(Pipeline().project([Aliased(NAME, True), Aliased("city", "$address.city")])) == [
        {"$project": {"_id": False, "name": True, "city": "$address.city"}}
    ]


def test_project_errors() -> None:
    with pytest.raises(ValueError, match=r"\$project needs"):
        Pipeline().project()
    with pytest.raises(ValueError, match="given twice"):
        Pipeline().project("a", {"a": 0})
    with pytest.raises(TypeError, match=r"\$project.*int 3"):
        Pipeline().project(3)
    with pytest.raises(TypeError, match=r"\$project: expected a Model class"):
        Pipeline().project(int)


# -- $sort --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payloads", "expected"),
    [
        (("name",), {"name": 1}),
        (("-name",), {"name": -1}),
        ((NAME,), {"name": 1}),
        ((("age", -1),), {"age": -1}),
        ((AGE.desc(),), {"age": -1}),
        (((AGE, None),), {"age": 1}),
        (([AGE.desc(), NAME.asc()],), {"age": -1, "name": 1}),
        (({"age": -1, "name": 1},), {"age": -1, "name": 1}),
        (({AGE: -1, NAME: None},), {"age": -1, "name": 1}),
        (("-age", NAME), {"age": -1, "name": 1}),
        (({"a": 1}, ["-b", "c"]), {"a": 1, "b": -1, "c": 1}),
        ((("score", {"$meta": "textScore"}),), {"score": {"$meta": "textScore"}}),
    ],
)
def test_sort_forms(payloads: tuple[Any, ...], expected: dict[str, Any]) -> None:
    assert stages(Pipeline().sort(*payloads)) == [{"$sort": expected}]


@pytest.mark.parametrize("payloads", [(), (None,), ([],), ({},), (None, [])])
def test_empty_sort_adds_no_stage(payloads: tuple[Any, ...]) -> None:
    assert stages(Pipeline().sort(*payloads)) == []


def test_sort_errors() -> None:
    with pytest.raises(ValueError, match=r"\$sort: invalid sort direction"):
        Pipeline().sort(("age", 2))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"\$sort: field 'age' is sorted twice"):
        Pipeline().sort("age", "-age")
    with pytest.raises(TypeError, match=r"\$sort"):
        Pipeline().sort(3)  # type: ignore[arg-type]


# -- $skip, $limit, $sample ---------------------------------------------------------------------


def test_skip_take_sample() -> None:
    pipeline = Pipeline().skip(0).skip(5).take(10).sample(3)
    assert stages(pipeline) == [
        {"$skip": 0},
        {"$skip": 5},
        {"$limit": 10},
        {"$sample": {"size": 3}},
    ]
    assert stages(Pipeline().skip(None).take(None).sample(None)) == []


def test_skip_take_sample_errors() -> None:
    with pytest.raises(ValueError, match=r"\$limit: the size must be at least 1, got 0"):
        Pipeline().take(0)
    with pytest.raises(ValueError, match=r"\$skip"):
        Pipeline().skip(-1)
    with pytest.raises(TypeError, match=r"\$limit: the size must be an int"):
        Pipeline().take(True)
    with pytest.raises(TypeError, match=r"\$sample"):
        Pipeline().sample(2.5)  # type: ignore[arg-type]


def test_skip_take_sample_fit_a_64_bit_integer() -> None:
    assert Pipeline().skip(2**63 - 1).take(2**63 - 1).build() == [
        {"$skip": 2**63 - 1},
        {"$limit": 2**63 - 1},
    ]
    for build in (Pipeline().skip, Pipeline().take, Pipeline().sample):
        with pytest.raises(ValueError, match="must fit a 64-bit integer"):
            build(2**63)


# -- $group, $bucket, $bucketAuto, $count, $sortByCount -----------------------------------------


def test_group_forms() -> None:
    total = {"$sum": "$amount"}
    assert stages(Pipeline().group({"total": total})) == [
        {"$group": {"_id": None, "total": {"$sum": "$amount"}}}
    ]
    assert stages(Pipeline().group({"total": total}, by="city")) == [
        {"$group": {"_id": "$city", "total": {"$sum": "$amount"}}}
    ]
    assert stages(Pipeline().group(Aliased("n", Expr({"$sum": 1})), by=Field("address.city"))) == [
        {"$group": {"_id": "$address.city", "n": {"$sum": 1}}}
    ]
    assert stages(
        Pipeline().group(
            [Aliased("n", {"$sum": 1}), Aliased("top", Expr({"$max": "$age"}))],
            by={"city": Field("city"), "year": Expr({"$year": "$at"})},
        )
    ) == [
        {
            "$group": {
                "_id": {"city": "$city", "year": {"$year": "$at"}},
                "n": {"$sum": 1},
                "top": {"$max": "$age"},
            }
        }
    ]
    assert stages(Pipeline().group(by="$kind")) == [{"$group": {"_id": "$kind"}}]


def test_group_rejects_id_accumulator() -> None:
    with pytest.raises(ValueError, match=r"\$group: the group key is given with by="):
        Pipeline().group({"_id": "$a"})


def test_bucket() -> None:
    pipeline = Pipeline().bucket(
        {"n": {"$sum": 1}}, by=AGE, boundaries=[0, 18, 65], default="other"
    )
    assert stages(pipeline) == [
        {
            "$bucket": {
                "groupBy": "$age",
                "boundaries": [0, 18, 65],
                "default": "other",
                "output": {"n": {"$sum": 1}},
            }
        }
    ]
    assert stages(Pipeline().bucket(by="age", boundaries=(0, 10))) == [
        {"$bucket": {"groupBy": "$age", "boundaries": [0, 10]}}
    ]


def test_bucket_errors() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        Pipeline().bucket(by="a", boundaries=[1])
    with pytest.raises(ValueError, match="ascend"):
        Pipeline().bucket(by="a", boundaries=[3, 1])


def test_bucket_auto() -> None:
    pipeline = Pipeline().bucket_auto(
        Aliased("n", {"$sum": 1}), by="price", buckets=4, granularity="R5"
    )
    assert stages(pipeline) == [
        {
            "$bucketAuto": {
                "groupBy": "$price",
                "buckets": 4,
                "output": {"n": {"$sum": 1}},
                "granularity": "R5",
            }
        }
    ]
    with pytest.raises(ValueError, match="unknown granularity 'R7'"):
        Pipeline().bucket_auto(by="p", buckets=2, granularity="R7")
    with pytest.raises(ValueError, match="buckets must be at least 1"):
        Pipeline().bucket_auto(by="p", buckets=0)


def test_count_and_sort_by_count() -> None:
    assert stages(Pipeline().count()) == [{"$count": "count"}]
    assert stages(Pipeline().count("total")) == [{"$count": "total"}]
    assert stages(Pipeline().sort_by_count("tags")) == [{"$sortByCount": "$tags"}]
    assert stages(Pipeline().sort_by_count(Expr({"$year": "$at"}))) == [
        {"$sortByCount": {"$year": "$at"}}
    ]
    for bad in ("", "$n", "a.b"):
        with pytest.raises(ValueError, match=r"\$count"):
            Pipeline().count(bad)
    with pytest.raises(TypeError, match=r"\$count"):
        Pipeline().count(1)  # type: ignore[arg-type]


# -- $unwind ------------------------------------------------------------------------------------


def test_unwind_forms() -> None:
    assert stages(Pipeline().unwind("tags")) == [{"$unwind": {"path": "$tags"}}]
    assert stages(Pipeline().unwind("$tags")) == [{"$unwind": {"path": "$tags"}}]
    assert stages(
        Pipeline().unwind(
            Field("items.tags"), include_array_index="index", preserve_null_and_empty_arrays=True
        )
    ) == [
        {
            "$unwind": {
                "path": "$items.tags",
                "includeArrayIndex": "index",
                "preserveNullAndEmptyArrays": True,
            }
        }
    ]
    assert stages(Pipeline().unwind("a", include_array_index=Field("i"))) == [
        {"$unwind": {"path": "$a", "includeArrayIndex": "i"}}
    ]


def test_unwind_errors() -> None:
    with pytest.raises(CompilationError, match=r"\$unwind"):
        Pipeline().unwind("a", include_array_index="$i")
    with pytest.raises(TypeError, match="preserve_null_and_empty_arrays must be a bool"):
        Pipeline().unwind("a", preserve_null_and_empty_arrays=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"\$unwind: path"):
        Pipeline().unwind(3)  # type: ignore[arg-type]


# -- $set, $addFields, $unset, $replaceWith, $replaceRoot, $redact -------------------------------


def test_set_add_fields_set_field() -> None:
    assert stages(Pipeline().set({"a": 1, "b": AGE})) == [{"$set": {"a": 1, "b": "$age"}}]
    assert stages(Pipeline().set(Aliased(NAME, Expr({"$toUpper": "$name"})))) == [
        {"$set": {"name": {"$toUpper": "$name"}}}
    ]
    assert stages(Pipeline().add_fields({"a": "$b"})) == [{"$addFields": {"a": "$b"}}]
    assert stages(Pipeline().set_field(Field("x.y"), [AGE, 1])) == [{"$set": {"x.y": ["$age", 1]}}]
    assert stages(Pipeline().set().add_fields({}).set([])) == []


def test_unset() -> None:
    assert stages(Pipeline().unset("a", NAME)) == [{"$unset": ["a", "name"]}]
    assert stages(Pipeline().unset(["a", "b"])) == [{"$unset": ["a", "b"]}]  # type: ignore[arg-type]
    assert stages(Pipeline().unset()) == []


def test_replace_with_and_replace_root_compile_arguments() -> None:
    assert stages(Pipeline().replace_with("address")) == [{"$replaceWith": "$address"}]
    assert stages(Pipeline().replace_with(Field("address"))) == [{"$replaceWith": "$address"}]
    assert stages(Pipeline().replace_with({"n": NAME, "k": Expr({"$literal": 1})})) == [
        {"$replaceWith": {"n": "$name", "k": {"$literal": 1}}}
    ]
    assert stages(Pipeline().replace_root({"n": NAME})) == [
        {"$replaceRoot": {"newRoot": {"n": "$name"}}}
    ]


def test_redact() -> None:
    expression = Expr({"$cond": [{"$eq": ["$level", 1]}, "$$KEEP", "$$PRUNE"]})
    assert stages(Pipeline().redact(expression)) == [
        {"$redact": {"$cond": [{"$eq": ["$level", 1]}, "$$KEEP", "$$PRUNE"]}}
    ]


# -- $lookup, $graphLookup, $unionWith ---------------------------------------------------------


def test_lookup_fields_form() -> None:
    pipeline = Pipeline().lookup(
        "pets", local_field=Field("_id"), foreign_field="owner", into="pets"
    )
    assert stages(pipeline) == [
        {"$lookup": {"from": "pets", "localField": "_id", "foreignField": "owner", "as": "pets"}}
    ]


def test_lookup_let_pipeline_form() -> None:
    sub = Pipeline().match(Expr({"$eq": ["$owner", "$$owner_id"]})).project({"name": 1})
    pipeline = Pipeline().lookup("pets", let={"owner_id": Field("_id")}, pipeline=sub, into="pets")
    assert stages(pipeline) == [
        {
            "$lookup": {
                "from": "pets",
                "let": {"owner_id": "$_id"},
                "pipeline": [
                    {"$match": {"$expr": {"$eq": ["$owner", "$$owner_id"]}}},
                    {"$project": {"_id": False, "name": 1}},
                ],
                "as": "pets",
            }
        }
    ]
    raw = Pipeline().lookup("pets", pipeline=[{"$match": {"kind": "dog"}}], into="dogs")
    assert stages(raw) == [
        {"$lookup": {"from": "pets", "pipeline": [{"$match": {"kind": "dog"}}], "as": "dogs"}}
    ]


def test_lookup_combined_form_and_collection_pipeline() -> None:
    dogs = CollectionPipeline("pets").match({"kind": "dog"})
    pipeline = Pipeline().lookup(
        dogs, local_field="_id", foreign_field="owner", let={"n": "$name"}, into="dogs"
    )
    assert stages(pipeline) == [
        {
            "$lookup": {
                "from": "pets",
                "localField": "_id",
                "foreignField": "owner",
                "let": {"n": "$name"},
                "pipeline": [{"$match": {"kind": "dog"}}],
                "as": "dogs",
            }
        }
    ]
    plain = Pipeline().lookup(
        CollectionPipeline("pets"), local_field="a", foreign_field="b", into="c"
    )
    assert stages(plain) == [
        {"$lookup": {"from": "pets", "localField": "a", "foreignField": "b", "as": "c"}}
    ]


def test_lookup_documents_pipeline_has_no_from() -> None:
    source = Pipeline.documents({"k": 1, "label": "one"})
    pipeline = Pipeline().lookup(source, local_field="kind", foreign_field="k", into="labels")
    assert stages(pipeline) == [
        {
            "$lookup": {
                "localField": "kind",
                "foreignField": "k",
                "pipeline": [{"$documents": [{"k": 1, "label": "one"}]}],
                "as": "labels",
            }
        }
    ]


def test_lookup_errors() -> None:
    with pytest.raises(ValueError, match="both local_field and foreign_field"):
        Pipeline().lookup("pets", local_field="a", into="x")
    with pytest.raises(ValueError, match="local_field and foreign_field, or a pipeline"):
        Pipeline().lookup("pets", into="x")
    with pytest.raises(ValueError, match="let needs a pipeline"):
        Pipeline().lookup("pets", local_field="a", foreign_field="b", let={"v": 1}, into="x")
    with pytest.raises(TypeError, match="a Pipeline names no collection"):
        Pipeline().lookup(Pipeline().match({}), into="x")
    with pytest.raises(ValueError, match="sub-pipeline once"):
        Pipeline().lookup(CollectionPipeline("p").skip(1), pipeline=[], into="x")
    with pytest.raises(TypeError, match=r"\$lookup: expected a collection name"):
        Pipeline().lookup(3, into="x")
    with pytest.raises(ValueError, match="non-empty name"):
        Pipeline().lookup("$pets", local_field="a", foreign_field="b", into="x")


def test_graph_lookup() -> None:
    pipeline = Pipeline().graph_lookup(
        "employees",
        start_with="boss",
        local_field="boss",
        foreign_field=Field("name"),
        into="chain",
        max_depth=3,
        depth_field="depth",
        restrict_search_with_match={"active": True},
    )
    assert stages(pipeline) == [
        {
            "$graphLookup": {
                "from": "employees",
                "startWith": "$boss",
                "connectFromField": "boss",
                "connectToField": "name",
                "as": "chain",
                "maxDepth": 3,
                "depthField": "depth",
                "restrictSearchWithMatch": {"active": True},
            }
        }
    ]
    with pytest.raises(ValueError, match="max_depth must be at least 0"):
        Pipeline().graph_lookup("e", "a", "b", "c", "d", max_depth=-1)
    with pytest.raises(TypeError, match="collection name or a Model class"):
        Pipeline().graph_lookup(CollectionPipeline("e").skip(1), "a", "b", "c", "d")  # type: ignore[arg-type]


def test_union_with_forms() -> None:
    assert stages(Pipeline().union_with("archive")) == [
        {"$unionWith": {"coll": "archive", "pipeline": []}}
    ]
    assert stages(Pipeline().union_with(CollectionPipeline("archive").match({"y": 1}))) == [
        {"$unionWith": {"coll": "archive", "pipeline": [{"$match": {"y": 1}}]}}
    ]
    assert stages(Pipeline().union_with(Pipeline.documents([{"a": 1}]))) == [
        {"$unionWith": {"pipeline": [{"$documents": [{"a": 1}]}]}}
    ]
    with pytest.raises(TypeError, match=r"\$unionWith"):
        Pipeline().union_with(Pipeline())


# -- $facet -------------------------------------------------------------------------------------


def test_facet_of_pipelines() -> None:
    items = Pipeline().sort("-age").skip(10).take(5)
    expected = [
        {
            "$facet": {
                "total": [{"$count": "total"}],
                "items": [{"$sort": {"age": -1}}, {"$skip": 10}, {"$limit": 5}],
            }
        }
    ]
    assert (
        stages(Pipeline().facet({"total": Pipeline().count("total"), "items": items})) == expected
    )
    assert (
        stages(Pipeline().facet(Pipeline().count("total").alias("total"), items.alias("items")))
        == expected
    )
    assert (
        stages(Pipeline().facet([Aliased("total", [{"$count": "total"}]), Aliased("items", items)]))
        == expected
    )


def test_facet_errors() -> None:
    with pytest.raises(ValueError, match=r"\$facet needs"):
        Pipeline().facet()
    with pytest.raises(TypeError, match=r"\$facet: expected a pipeline"):
        Pipeline().facet({"a": 3})
    with pytest.raises(ValueError, match=r"sub-pipeline 'inner' may not contain \$facet"):
        Pipeline().facet({"inner": Pipeline().facet({"x": Pipeline().count()})})


# -- $setWindowFields, $densify, $fill ----------------------------------------------------------


def test_set_window_fields_with_nested_window_bounds() -> None:
    running = {"$sum": "$amount", "window": {"documents": ["unbounded", "current"]}}
    pipeline = Pipeline().set_window_fields(
        {"running": running, "rank": Expr({"$rank": {}})},
        sort_by=Field("at").asc(),
        partition_by="shop",
    )
    assert stages(pipeline) == [
        {
            "$setWindowFields": {
                "partitionBy": "$shop",
                "sortBy": {"at": 1},
                "output": {
                    "running": {
                        "$sum": "$amount",
                        "window": {"documents": ["unbounded", "current"]},
                    },
                    "rank": {"$rank": {}},
                },
            }
        }
    ]
    assert stages(
        Pipeline().set_window_fields(Aliased("n", {"$count": {}}), sort_by=["-a", "b"])
    ) == [{"$setWindowFields": {"sortBy": {"a": -1, "b": 1}, "output": {"n": {"$count": {}}}}}]
    with pytest.raises(ValueError, match="needs at least one output"):
        Pipeline().set_window_fields()


def test_densify() -> None:
    start = datetime.datetime(2024, 1, 1)
    end = datetime.datetime(2024, 1, 5)
    pipeline = Pipeline().densify(
        Field("at"), step=1, unit="day", bounds=[start, end], partition_by_fields=["shop"]
    )
    assert stages(pipeline) == [
        {
            "$densify": {
                "field": "at",
                "partitionByFields": ["shop"],
                "range": {"step": 1, "unit": "day", "bounds": [start, end]},
            }
        }
    ]
    assert stages(Pipeline().densify("n", step=2.5, bounds="partition")) == [
        {"$densify": {"field": "n", "range": {"step": 2.5, "bounds": "partition"}}}
    ]
    with pytest.raises(ValueError, match="step must be a positive number"):
        Pipeline().densify("n", step=0)
    with pytest.raises(ValueError, match="unknown unit 'days'"):
        Pipeline().densify("n", step=1, unit="days")
    with pytest.raises(ValueError, match="bounds must be"):
        Pipeline().densify("n", step=1, bounds="all")


def test_fill() -> None:
    pipeline = Pipeline().fill(
        {"price": "linear", "stock": 0, "note": {"value": "n/a"}, "qty": {"method": "locf"}},
        sort_by="at",
        partition_by=Field("shop"),
    )
    assert stages(pipeline) == [
        {
            "$fill": {
                "partitionBy": "$shop",
                "sortBy": {"at": 1},
                "output": {
                    "price": {"method": "linear"},
                    "stock": {"value": 0},
                    "note": {"value": "n/a"},
                    "qty": {"method": "locf"},
                },
            }
        }
    ]
    assert stages(Pipeline().fill(Aliased("a", AGE), partition_by_fields=[NAME])) == [
        {"$fill": {"partitionByFields": ["name"], "output": {"a": {"value": "$age"}}}}
    ]
    with pytest.raises(ValueError, match="need sort_by"):
        Pipeline().fill({"a": "locf"})
    with pytest.raises(ValueError, match="not both"):
        Pipeline().fill({"a": 0}, partition_by="x", partition_by_fields=["x"])
    with pytest.raises(ValueError, match="unknown method 'spline'"):
        Pipeline().fill({"a": {"method": "spline"}}, sort_by="t")


# -- $geoNear, $search, $searchMeta, $vectorSearch ---------------------------------------------


def test_geo_near() -> None:
    pipeline = Pipeline().geo_near(
        near=Point(2.35, 48.85),
        distance_field="distance",
        spherical=True,
        max_distance=1000,
        min_distance=10,
        query={"kind": "cafe"},
        include_locs="loc",
        distance_multiplier=0.001,
        key=Field("location"),
    )
    assert stages(pipeline) == [
        {
            "$geoNear": {
                "near": {"type": "Point", "coordinates": [2.35, 48.85]},
                "distanceField": "distance",
                "spherical": True,
                "maxDistance": 1000,
                "minDistance": 10,
                "query": {"kind": "cafe"},
                "includeLocs": "loc",
                "distanceMultiplier": 0.001,
                "key": "location",
            }
        }
    ]
    assert stages(Pipeline().geo_near(near=(1, 2), distance_field="d")) == [
        {"$geoNear": {"near": [1, 2], "distanceField": "d"}}
    ]
    point = {"type": "Point", "coordinates": [1, 2]}
    for near in (point, {"$geometry": point}):
        assert stages(Pipeline().geo_near(near=near, distance_field="d")) == [
            {"$geoNear": {"near": point, "distanceField": "d"}}
        ]
    with pytest.raises(TypeError, match="near must be a GeoJSON point"):
        Pipeline().geo_near(near=[1, 2, 3], distance_field="d")
    with pytest.raises(ValueError, match="max_distance must be a non-negative number"):
        Pipeline().geo_near(near=[0, 0], distance_field="d", max_distance=-1)


def test_search_compiles_arguments() -> None:
    pipeline = Pipeline().search(
        index="movies",
        text={"query": "space", "path": [Field("title"), "plot"]},
        return_stored_source=True,
        sort=Field("year").desc(),
    )
    assert stages(pipeline) == [
        {
            "$search": {
                "index": "movies",
                "text": {"query": "space", "path": ["title", "plot"]},
                "returnStoredSource": True,
                "sort": {"year": -1},
            }
        }
    ]
    meta = Pipeline().search_meta(facet={"operator": {"exists": {"path": NAME}}})
    assert stages(meta) == [{"$searchMeta": {"facet": {"operator": {"exists": {"path": "name"}}}}}]
    with pytest.raises(ValueError, match=r"\$search needs an operator"):
        Pipeline().search(index="x")
    with pytest.raises(CompilationError, match=r"\$search"):
        Pipeline().search(text={"query": Expr({"$x": 1})})


def test_vector_search() -> None:
    approximate = Pipeline().vector_search(
        index="vec",
        path=Field("embedding"),
        query_vector=(0.1, 0.2),
        num_candidates=100,
        limit=10,
        filter=Pred({"year": {"$gt": 2000}}),
    )
    assert stages(approximate) == [
        {
            "$vectorSearch": {
                "index": "vec",
                "path": "embedding",
                "queryVector": [0.1, 0.2],
                "numCandidates": 100,
                "limit": 10,
                "filter": {"year": {"$gt": 2000}},
            }
        }
    ]
    vector = bson.Binary(b"\x27\x00\x01\x02", 9)
    exact = Pipeline().vector_search(
        index="vec", path="e", query_vector=vector, exact=True, limit=3
    )
    assert stages(exact) == [
        {
            "$vectorSearch": {
                "index": "vec",
                "path": "e",
                "queryVector": vector,
                "exact": True,
                "limit": 3,
            }
        }
    ]


def test_vector_search_errors() -> None:
    with pytest.raises(ValueError, match="needs num_candidates"):
        Pipeline().vector_search(index="v", path="e", query_vector=[1.0], limit=1)
    with pytest.raises(ValueError, match="exact search takes no num_candidates"):
        Pipeline().vector_search(
            index="v", path="e", query_vector=[1.0], limit=1, exact=True, num_candidates=5
        )
    with pytest.raises(ValueError, match="num_candidates must be at least 10"):
        Pipeline().vector_search(
            index="v", path="e", query_vector=[1.0], limit=10, num_candidates=5
        )
    with pytest.raises(TypeError, match="query_vector"):
        Pipeline().vector_search(index="v", path="e", query_vector=["a"], limit=1, exact=True)  # type: ignore[list-item]


# -- $out, $merge, $documents, raw --------------------------------------------------------------


def test_out() -> None:
    assert stages(Pipeline().out("report")) == [{"$out": "report"}]
    assert stages(Pipeline().out("report", db="stats")) == [
        {"$out": {"db": "stats", "coll": "report"}}
    ]


def test_merge() -> None:
    assert stages(Pipeline().merge("totals")) == [{"$merge": {"into": "totals"}}]
    pipeline = Pipeline().merge(
        "totals",
        db="stats",
        on=[Field("day"), "shop"],
        let={"new": "$$ROOT"},
        when_matched=Pipeline().set({"n": {"$add": ["$n", "$$new.n"]}}),
        when_not_matched="insert",
    )
    assert stages(pipeline) == [
        {
            "$merge": {
                "into": {"db": "stats", "coll": "totals"},
                "on": ["day", "shop"],
                "let": {"new": "$$ROOT"},
                "whenMatched": [{"$set": {"n": {"$add": ["$n", "$$new.n"]}}}],
                "whenNotMatched": "insert",
            }
        }
    ]
    assert stages(Pipeline().merge("t", on="_id", when_matched="keepExisting")) == [
        {"$merge": {"into": "t", "on": "_id", "whenMatched": "keepExisting"}}
    ]


def test_merge_errors() -> None:
    with pytest.raises(ValueError, match="unknown when_matched 'update'"):
        Pipeline().merge("t", when_matched="update")
    with pytest.raises(ValueError, match="unknown when_not_matched 'skip'"):
        Pipeline().merge("t", when_not_matched="skip")
    with pytest.raises(ValueError, match="let needs a when_matched pipeline"):
        Pipeline().merge("t", let={"a": 1})


def test_out_and_merge_must_be_last() -> None:
    with pytest.raises(ValueError, match=r"\$out must be the last stage; cannot add \$match"):
        Pipeline().out("x").match({})
    with pytest.raises(ValueError, match=r"\$merge must be the last stage"):
        Pipeline().merge("x").out("y")


def test_documents() -> None:
    expected = [{"$documents": [{"a": 1}, {"a": 2}]}, {"$match": {"a": 2}}]
    assert stages(Pipeline.documents({"a": 1}, {"a": 2}).match({"a": 2})) == expected
    assert stages(Pipeline.documents([{"a": 1}, {"a": 2}]).match({"a": 2})) == expected
    assert stages(DocumentsPipeline([{"a": 1}, {"a": 2}], steps=[{"$match": {"a": 2}}])) == expected
    assert stages(Pipeline.documents()) == [{"$documents": []}]
    with pytest.raises(TypeError, match=r"\$documents: expected dicts"):
        Pipeline.documents(1)


def test_documents_must_come_first() -> None:
    with pytest.raises(ValueError, match=r"\$documents must be the first stage"):
        Pipeline().match({}) + Pipeline.documents({"a": 1})
    with pytest.raises(ValueError, match=r"\$documents must be the first stage"):
        Pipeline().skip(1).raw({"$documents": []})


def test_documents_classmethod_is_not_shadowed() -> None:
    first = Pipeline.documents({"a": 1})
    assert first.documents({"b": 2}).build() == [{"$documents": [{"b": 2}]}]
    assert first.build() == [{"$documents": [{"a": 1}]}]


def test_is_documents_pipeline() -> None:
    assert Pipeline.documents({"a": 1}).is_documents_pipeline
    assert Pipeline().raw({"$documents": [{"a": 1}]}).match({}).is_documents_pipeline
    assert not Pipeline().match({}).is_documents_pipeline
    assert not Pipeline().is_documents_pipeline


def test_raw() -> None:
    assert stages(Pipeline().raw({"$collStats": {"count": {}}}, MatchStep({"a": 1}))) == [
        {"$collStats": {"count": {}}},
        {"$match": {"a": 1}},
    ]
    with pytest.raises(ValueError, match="exactly one key"):
        Pipeline().raw({"$match": {}, "$limit": 1})
    with pytest.raises(ValueError, match="starts with '\\$'"):
        Pipeline().raw({"match": {}})
    with pytest.raises(TypeError, match="must be a dict"):
        Pipeline().raw([{"$match": {}}])  # type: ignore[arg-type]


# -- composition --------------------------------------------------------------------------------


def test_add_and_extend() -> None:
    head = Pipeline().match({"a": 1})
    tail = Pipeline().skip(1)
    assert stages(head + tail) == [{"$match": {"a": 1}}, {"$skip": 1}]
    assert stages(head + [{"$limit": 1}]) == [{"$match": {"a": 1}}, {"$limit": 1}]
    assert stages(head.extend(tail, [{"$limit": 1}])) == [
        {"$match": {"a": 1}},
        {"$skip": 1},
        {"$limit": 1},
    ]
    joined = CollectionPipeline("a").skip(1) + CollectionPipeline("a").take(1)
    assert joined == CollectionPipeline("a", steps=[{"$skip": 1}, {"$limit": 1}])
    with pytest.raises(TypeError, match="over collection 'b'"):
        Pipeline() + CollectionPipeline("b")
    with pytest.raises(TypeError):
        Pipeline() + 3  # type: ignore[operator]


def test_pipe_and_alias() -> None:
    def adults(pipeline: Pipeline, age: int) -> Pipeline:
        return pipeline.match(AGE.gte(age))

    assert Pipeline().pipe(adults, 18) == Pipeline().match(AGE.gte(18))
    aliased = Pipeline().skip(1).alias("rest")
    assert aliased.ref == "rest"
    assert isinstance(aliased.value, Pipeline)


def test_add_step() -> None:
    assert stages(Pipeline().add_step(LimitStep(3))) == [{"$limit": 3}]
    assert isinstance(LimitStep(3), Step)


# -- as_query -----------------------------------------------------------------------------------


def test_as_query() -> None:
    assert Pipeline().as_query() == {}
    assert Pipeline().match().as_query() == {}
    assert Pipeline().match({"a": 1}).as_query() == {"a": 1}
    conditions = Pipeline().match({"age": {"$gt": 1}}).match({"age": {"$lt": 10}})
    assert conditions.as_query() == {"$and": [{"age": {"$gt": 1}}, {"age": {"$lt": 10}}]}
    assert Pipeline().raw({"$match": {"a": 1}}).match({}).as_query() == {"a": 1}
    assert Pipeline().match({"a": 1}).skip(1).as_query() is None
    assert Pipeline().sort("a").as_query() is None


# -- models: projections in declaration order, aliases everywhere --------------------------------


class Address(Model):
    city: Field[str] = configure(db_alias="town")
    zip: Field[str]


class Person(Schema, collection="people"):
    id: Field[int] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(db_alias="person_age")
    address: Field[Address]


class Pet(Schema, collection="pets"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    owner: Field[int] = configure(db_alias="owner_id")


class CityStats(Model):
    total: Field[int]
    city: Field[str]
    average_age: Field[float] = configure(db_alias="avg")


class Unbound(Model):
    x: Field[int]


def test_project_model_in_declaration_order() -> None:
    (stage,) = stages(Pipeline().project(CityStats))
    assert stage == {"$project": {"_id": 0, "total": 1, "city": 1, "avg": 1}}
    assert list(stage["$project"]) == ["_id", "total", "city", "avg"]


def test_project_model_keeps_id_when_a_field_maps_to_it() -> None:
    (stage,) = stages(Pipeline().project(Person))
    assert list(stage["$project"].items()) == [
        ("_id", 1),
        ("name", 1),
        ("person_age", 1),
        ("address", 1),
    ]


def test_model_references_compile_to_db_aliases() -> None:
    pipeline = (
        Pipeline()
        .match(Person.age >= 18)
        .sort(Person.age.desc(), Person.name)
        .group({"n": Sum(1), "avg": Avg(Person.age)}, by=Person.address.city)
        .project({"city": "$_id", "avg": 1, "n": 1})
    )
    assert stages(pipeline) == [
        {"$match": {"person_age": {"$gte": 18}}},
        {"$sort": {"person_age": -1, "name": 1}},
        {"$group": {"_id": "$address.town", "n": {"$sum": 1}, "avg": {"$avg": "$person_age"}}},
        {"$project": {"_id": False, "city": "$_id", "avg": 1, "n": 1}},
    ]
    assert stages(Pipeline().unwind(Person.address, include_array_index=Person.age)) == [
        {"$unwind": {"path": "$address", "includeArrayIndex": "person_age"}}
    ]
    assert stages(Pipeline().set(Person.age.assign(Person.age.expr.add(1)))) == [
        {"$set": {"person_age": {"$add": ["$person_age", 1]}}}
    ]


def test_model_sources() -> None:
    assert stages(
        Pipeline().lookup(Pet, local_field=Person.id, foreign_field=Pet.owner, into="pets")
    ) == [
        {"$lookup": {"from": "pets", "localField": "_id", "foreignField": "owner_id", "as": "pets"}}
    ]
    assert stages(Pipeline().union_with(Pet)) == [
        {"$unionWith": {"coll": "pets", "pipeline": [{"$project": {"_id": 1, "owner_id": 1}}]}}
    ]
    assert stages(
        Pipeline().graph_lookup(Person, "$name", Person.name, Person.name, "same", max_depth=0)
    ) == [
        {
            "$graphLookup": {
                "from": "people",
                "startWith": "$name",
                "connectFromField": "name",
                "connectToField": "name",
                "as": "same",
                "maxDepth": 0,
            }
        }
    ]
    assert CollectionPipeline(Pet).collection == "pets"
    assert stages(Pipeline().out(Pet)) == [{"$out": "pets"}]
    assert stages(Pipeline().merge(Pet, on=Pet.id)) == [{"$merge": {"into": "pets", "on": "_id"}}]


def test_unbound_model_as_source_raises() -> None:
    with pytest.raises(ValueError, match=r"\$lookup: Unbound is not bound to a collection"):
        Pipeline().lookup(Unbound, local_field="a", foreign_field="b", into="c")
    with pytest.raises(TypeError, match="expected a Model class"):
        Pipeline().lookup(int, local_field="a", foreign_field="b", into="c")


def test_documents_from_model_instances() -> None:
    pet = Pet(id="rex", owner=1)
    assert stages(Pipeline.documents(pet, {"_id": "tom"})) == [
        {"$documents": [{"_id": "rex", "owner_id": 1}, {"_id": "tom"}]}
    ]


def test_documents_values_are_data_not_paths_or_operators() -> None:
    pet = Pet(id="$rex", owner=1)
    user_input = {"name": "$price", "meta": {"$where": "1"}, "tags": ["$a", {"k": "$b"}], "n": 1}
    assert stages(Pipeline.documents(pet, user_input, {"$set": 1})) == [
        {
            "$documents": [
                {"_id": {"$literal": "$rex"}, "owner_id": 1},
                {
                    "name": {"$literal": "$price"},
                    "meta": {"$literal": {"$where": "1"}},
                    "tags": [{"$literal": "$a"}, {"k": {"$literal": "$b"}}],
                    "n": 1,
                },
                {"$literal": {"$set": 1}},
            ]
        }
    ]


def test_documents_evaluate_gault_expressions() -> None:
    assert stages(Pipeline.documents({"a": Field("x"), "b": Expr({"$add": [1, 2]})})) == [
        {"$documents": [{"a": "$x", "b": {"$add": [1, 2]}}]}
    ]


# -- gault's own accumulators, window operators and expressions ----------------------------------


def test_group_with_accumulators() -> None:
    pipeline = Pipeline().group(
        Sum(1).alias("n"),
        Push(Field("name")).alias("names"),
        TopN(2, sort_by=Field("age").desc(), output=Field("name")).alias("oldest"),
        by=Field("city"),
    )
    assert stages(pipeline) == [
        {
            "$group": {
                "_id": "$city",
                "n": {"$sum": 1},
                "names": {"$push": "$name"},
                "oldest": {"$topN": {"n": 2, "sortBy": {"age": -1}, "output": "$name"}},
            }
        }
    ]


def test_set_window_fields_with_window_operators() -> None:
    pipeline = Pipeline().set_window_fields(
        window.Sum(Field("amount"), window_documents=("unbounded", "current")).alias("running"),
        window.Avg(Field("amount"), window_range=(-1, 0), window_unit="day").alias("daily"),
        window.Rank().alias("rank"),
        sort_by=Field("at").asc(),
        partition_by=Field("shop"),
    )
    assert stages(pipeline) == [
        {
            "$setWindowFields": {
                "partitionBy": "$shop",
                "sortBy": {"at": 1},
                "output": {
                    "running": {
                        "$sum": "$amount",
                        "window": {"documents": ["unbounded", "current"]},
                    },
                    "daily": {"$avg": "$amount", "window": {"range": [-1, 0], "unit": "day"}},
                    "rank": {"$rank": {}},
                },
            }
        }
    ]


def test_expressions_in_stages() -> None:
    pipeline = (
        Pipeline()
        .match(Field("price").expr.gt(Field("cost")))
        .project({"margin": Field("price").expr.subtract(Field("cost")), "now": Var("NOW")})
        .redact(Var("KEEP"))
    )
    assert stages(pipeline) == [
        {"$match": {"$expr": {"$gt": ["$price", "$cost"]}}},
        {"$project": {"_id": False, "margin": {"$subtract": ["$price", "$cost"]}, "now": "$$NOW"}},
        {"$redact": "$$KEEP"},
    ]


def test_match_predicates_and_neutral_query() -> None:
    assert stages(Pipeline().match(Query())) == [{"$match": {}}]
    assert stages(Pipeline().match(Query() & (AGE >= 18), NAME == "Ann")) == [
        {"$match": {"$and": [{"age": {"$gte": 18}}, {"name": {"$eq": "Ann"}}]}}
    ]


def test_project_keep_and_remove_helpers() -> None:
    assert stages(Pipeline().project(NAME.keep(), AGE.keep("years"), Field("tmp").remove())) == [
        {"$project": {"_id": False, "name": True, "years": "$age", "tmp": "$$REMOVE"}}
    ]


def test_compilation_errors_name_the_stage() -> None:
    with pytest.raises(CompilationError, match=r"^\$project: cannot send object"):
        Pipeline().project({"a": object()})
    with pytest.raises(CompilationError, match=r"^\$group: cannot send object"):
        Pipeline().group(by=object())
    with pytest.raises(TypeError, match=r"^\$lookup: into must be a field name"):
        Pipeline().lookup("pets", local_field="a", foreign_field="b", into=3)  # type: ignore[arg-type]


def test_stages_do_not_share_the_callers_containers() -> None:
    query: dict[str, Any] = {"tags": {"$in": ["a"]}}
    pipeline = Pipeline().match(query)
    query["tags"]["$in"].append("b")
    assert pipeline.build() == [{"$match": {"tags": {"$in": ["a"]}}}]
