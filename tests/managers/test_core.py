"""The I/O-free core, driven by hand: filters, plans, commands and flows, without a server."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from bson import Decimal128, ObjectId
from pymongo import IndexModel, ReturnDocument

from gault.compilers import compile_query
from gault.exceptions import Conflict, Forbidden, NotFound, Unprocessable
from gault.managers import Filter, Index, Persistence, StateTracker
from gault.managers._commands import Command, Flow
from gault.managers._core import BaseManager
from gault.managers._fields import sort_document
from gault.managers._filters import (
    db_key,
    filter_query,
    filter_stages,
    find_arguments,
    runs_on_database,
    wire_query,
)
from gault.managers._indexes import index_models
from gault.managers._writes import compile_update_for
from gault.pipelines import CollectionPipeline, Pipeline
from gault.predicates import Expr, Field, JsonSchema, Query, Raw

from .support import Address, Article, Note, Person, Summary, Tag, Unbound, User

AGE = {"person_age": {"$gte": 18}}


def drive(flow: Flow[Any], *replies: Any) -> tuple[list[Command], Any]:
    """Run ``flow``, answering its commands with ``replies``; return commands and result."""
    commands = [next(flow)]
    for reply in replies:
        try:
            commands.append(flow.send(reply))
        except StopIteration as stop:
            return commands, stop.value
    raise AssertionError(f"the flow wants more replies after {commands}")


# -- filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filter", "stages"),
    [
        (None, []),
        (Query(), []),
        ({}, []),
        (AGE, [{"$match": AGE}]),
        (User.age >= 18, [{"$match": AGE}]),
        (Raw(AGE), [{"$match": AGE}]),
        (Pipeline().match(User.age >= 18).take(2), [{"$match": AGE}, {"$limit": 2}]),
        ([{"$match": AGE}, {"$limit": 2}], [{"$match": AGE}, {"$limit": 2}]),
        (User.age.expr.gte(18), [{"$match": {"$expr": {"$gte": ["$person_age", 18]}}}]),
        (Expr(User.age.expr.gte(18)), [{"$match": {"$expr": {"$gte": ["$person_age", 18]}}}]),
        (
            JsonSchema({"required": ["name"]}),
            [{"$match": {"$jsonSchema": {"required": ["name"]}}}],
        ),
        (
            User.age.expr.gte(18) & User.name.expr.eq("x"),
            [
                {
                    "$match": {
                        "$expr": {
                            "$and": [
                                {"$gte": ["$person_age", 18]},
                                {"$eq": ["$name", "x"]},
                            ]
                        }
                    }
                }
            ],
        ),
        (
            (User.age >= 18) & User.name.expr.eq("x"),
            [{"$match": {"$and": [AGE, {"$expr": {"$eq": ["$name", "x"]}}]}}],
        ),
    ],
)
def test_filter_stages(filter: Filter, stages: list[dict[str, Any]]) -> None:
    assert filter_stages(filter) == stages


@pytest.mark.parametrize(
    ("filter", "message"),
    [
        (42, "a filter is None, a predicate"),
        ("name", "a filter is None, a predicate"),
        ((User.age >= 1,), "a filter is None, a predicate"),
        (User.age, "a field reference is not a filter"),
        ([User.age >= 1], "a list filter holds aggregation stages"),
        ([{"match": {}}], "a list filter holds aggregation stages"),
    ],
)
def test_filter_stages_rejects(filter: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        filter_stages(filter)


def test_filter_query_keeps_every_condition_on_one_key() -> None:
    pipeline = Pipeline().match(User.age > 1).match(User.age < 10)
    assert filter_query(pipeline, "delete_many") == {
        "$and": [{"person_age": {"$gt": 1}}, {"person_age": {"$lt": 10}}]
    }
    assert filter_query(User.age > 1, "delete_many") == {"person_age": {"$gt": 1}}
    assert filter_query(None, "delete_many") == {}


@pytest.mark.parametrize("filter", [Pipeline().match(User.age > 1).take(1), [{"$sort": {"a": 1}}]])
def test_filter_query_refuses_what_is_not_a_query(filter: Filter) -> None:
    with pytest.raises(ValueError, match="update_many: the filter has a"):
        filter_query(filter, "update_many")


def test_runs_on_database() -> None:
    assert runs_on_database(Pipeline.documents({"a": 1}).build())
    assert not runs_on_database([{"$match": {}}])
    assert not runs_on_database([])


def test_db_key_translates_field_names() -> None:
    assert db_key(User, "age") == "person_age"
    assert db_key(Person, "address.zip") == "address.zip_code"
    assert db_key(User, "person_age") == "person_age"
    assert db_key(Person, "tags.0") == "tags.0"
    assert db_key(User, "_id") == "_id"


def test_sort_document() -> None:
    assert sort_document(User, "-age") == {"person_age": -1}
    assert sort_document(User, [User.name.desc(), "id"]) == {"name": -1, "_id": 1}
    assert sort_document(User, None) is None
    assert sort_document(User, []) is None


# -- reads -----------------------------------------------------------------------------------


def test_select_plan() -> None:
    read = BaseManager()._select(User, User.age >= 18, 5, 10, "name")
    assert read.command == Command("users", "find", AGE, sort=[("name", 1)], skip=5, limit=10)


def test_select_take_zero_plans_no_command() -> None:
    assert BaseManager()._select(User, None, None, 0, None).command is None


@pytest.mark.parametrize(("skip", "take"), [(-1, None), (None, -1)])
def test_select_rejects_negative_numbers(skip: int | None, take: int | None) -> None:
    with pytest.raises(ValueError, match="must be >= 0"):
        BaseManager()._select(User, None, skip, take, None)


@pytest.mark.parametrize(("skip", "take"), [(1.5, None), (None, "3"), (True, None)])
def test_select_rejects_non_integers(skip: Any, take: Any) -> None:
    with pytest.raises(TypeError, match="must be an int"):
        BaseManager()._select(User, None, skip, take, None)


def test_select_loader_tracks_schemas_only() -> None:
    manager = BaseManager()
    user = manager._select(User, None, None, None, None).load({"_id": "1", "name": "A"})
    assert manager.persistence.is_persisted(user)
    assert manager.state_tracker.get_dirty_fields(user) == set()
    summary = manager._select(Summary, None, None, None, None).load({"name": "A"})
    assert not manager.persistence.is_persisted(summary)


def test_model_without_collection_is_unprocessable() -> None:
    with pytest.raises(Unprocessable, match="bound to no collection"):
        BaseManager()._select(Unbound, None, None, None, None)
    docs = Pipeline.documents({"name": "x"})
    read = BaseManager()._select(Unbound, docs, None, None, None)
    assert read.command == Command(None, "aggregate", [{"$documents": [{"name": "x"}]}])


def test_get_flow() -> None:
    commands, user = drive(BaseManager()._get(User, User.id == "1"), [{"_id": "1", "name": "A"}])
    assert commands == [Command("users", "find", {"_id": "1"}, limit=1)]
    assert user == User(id="1", name="A")
    with pytest.raises(NotFound):
        drive(BaseManager()._get(User, None), [])


def test_paginate_flow() -> None:
    facets = {"total": [{"total": 7}], "items": [{"_id": "3", "name": "c"}]}
    commands, page = drive(BaseManager()._paginate(User, None, 3, 3, "-age"), [facets])
    assert commands[0].args == (
        [
            {"$sort": {"person_age": -1}},
            {
                "$facet": {
                    "total": [{"$count": "total"}],
                    "items": [{"$skip": 6}, {"$limit": 3}],
                }
            },
        ],
    )
    assert (page.total, page.page, page.per_page, page.pages, page.has_next) == (7, 3, 3, 3, False)
    assert page.items == [User(id="3", name="c")]


def test_paginate_first_page_has_no_skip() -> None:
    commands, page = drive(BaseManager()._paginate(User, None, 1, 2, None), [])
    assert commands[0].args == (
        [{"$facet": {"total": [{"$count": "total"}], "items": [{"$limit": 2}]}}],
    )
    assert (page.total, page.items) == (0, [])


@pytest.mark.parametrize(("page", "per_page"), [(0, 1), (1, 0), (True, 1), (1, 2.0)])
def test_paginate_validates_before_any_command(page: Any, per_page: Any) -> None:
    with pytest.raises(ValueError):
        next(BaseManager()._paginate(User, None, page, per_page, None))


def test_count_exists_distinct_flows() -> None:
    manager = BaseManager()
    commands, count = drive(manager._count(User, None), 4)
    assert (commands, count) == ([Command("users", "count_documents", {})], 4)
    grouped = Pipeline().match(User.age >= 18).group(by="name")
    commands, count = drive(manager._count(User, grouped), [{"count": 2}])
    assert commands[0].method == "aggregate" and commands[0].args[0][-1] == {"$count": "count"}
    assert count == 2
    assert drive(manager._count(User, grouped), [])[1] == 0
    commands, found = drive(manager._exists(User, User.age >= 18), [{"_id": "1"}])
    assert commands == [Command("users", "find", AGE, limit=1, projection={"_id": 1})]
    assert found is True
    commands, values = drive(manager._distinct(Person, "address.zip", None), ("1", "2"))
    assert commands == [Command("people", "distinct", "address.zip_code", {})]
    assert values == ["1", "2"]
    commands, _ = drive(manager._distinct(User, Field("x.y"), User.age >= 18), [])
    assert commands == [Command("users", "distinct", "x.y", AGE)]


def test_refresh_flow() -> None:
    manager = BaseManager()
    user = User(id="1", name="A")
    commands, result = drive(manager._refresh(user), {"_id": "1", "name": "B"})
    assert commands == [Command("users", "find_one", {"_id": "1"})]
    assert result is user and user.name == "B"
    assert manager.persistence.is_persisted(user)
    assert manager.state_tracker.get_dirty_fields(user) == set()
    with pytest.raises(NotFound):
        drive(manager._refresh(user), None)
    with pytest.raises(Unprocessable):
        next(manager._refresh(Note(text="x")))


# -- writes ----------------------------------------------------------------------------------


def test_insert_flow_marks_only_after_the_reply() -> None:
    manager = BaseManager()
    person = Person(name="A", address=Address(city="x"))
    flow = manager._insert(person)
    command = next(flow)
    assert command.method == "insert_one" and command.collection == "people"
    assert isinstance(person.id, ObjectId) and command.args[0]["_id"] == person.id
    assert not manager.persistence.is_persisted(person)
    with pytest.raises(StopIteration):
        flow.send(object())
    assert manager.persistence.is_persisted(person)


def test_insert_many_groups_by_collection() -> None:
    manager = BaseManager()
    batch = [User(id="1", name="a"), Tag(label="t"), User(id="2", name="b")]
    commands, result = drive(manager._insert_many(batch), None, None)
    assert [(command.collection, len(command.args[0])) for command in commands] == [
        ("users", 2),
        ("tags", 1),
    ]
    assert result == batch


@pytest.mark.parametrize("operation", ["_insert", "_delete"])
def test_writes_need_a_schema(operation: str) -> None:
    with pytest.raises(Forbidden, match="needs a Schema"):
        next(getattr(BaseManager(), operation)(Summary(name="x")))


def test_save_flow_plain_and_atomic() -> None:
    manager = BaseManager()
    user = User(id="1", name="A", age=3)
    commands, _ = drive(manager._save(user, False, False), {"_id": "1"})
    assert commands == [
        Command(
            "users",
            "find_one_and_update",
            {"_id": "1"},
            {"$set": {"name": "A", "email": "", "person_age": 3}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            projection={"_id": True},
        )
    ]
    user.email = "a@x"
    commands, _ = drive(manager._save(user, False, True), {"_id": "1"})
    # issue 10: the first step of an atomic save sends the change alone, upsert=False
    assert commands[0].args[1] == {"$set": {"email": "a@x"}}
    assert commands[0].kwargs["upsert"] is False


def test_atomic_save_recreates_a_deleted_document_in_a_second_step() -> None:
    manager = BaseManager()
    user = User(id="1", name="A", age=3)
    drive(manager._save(user, False, False), {"_id": "1"})
    user.email = "a@x"
    commands, _ = drive(manager._save(user, False, True), None, {"_id": "1"})
    assert [command.kwargs["upsert"] for command in commands] == [False, True]
    assert commands[1].args[1] == {
        "$set": {"email": "a@x"},
        "$setOnInsert": {"name": "A", "person_age": 3},
    }
    assert manager.state_tracker.get_dirty_fields(user) == set()


def test_atomic_save_of_unpersisted_instance_sets_everything() -> None:
    commands, _ = drive(BaseManager()._save(User(id="1", name="A"), False, True), {"_id": "1"})
    assert commands[0].args[1] == {"$set": {"name": "A", "email": "", "person_age": 0}}


def test_atomic_save_writes_embedded_changes_as_dotted_paths() -> None:
    manager = BaseManager()
    load = manager._select(Person, None, None, None, None).load
    person = load({"_id": ObjectId(), "name": "A", "address": {"city": "x", "zip_code": "1"}})
    person.address.city = "y"
    commands, _ = drive(manager._save(person, False, True), {"_id": person.id})
    assert commands[0].args[1] == {"$set": {"address.city": "y"}}


def test_save_pk_only_schema_sends_set_on_insert() -> None:
    commands, _ = drive(BaseManager()._save(Tag(label="t"), False, False), {"_id": "t"})
    assert commands[0].args[:2] == ({"_id": "t"}, {"$setOnInsert": {"_id": "t"}})


def test_save_refresh_asks_for_the_whole_document() -> None:
    manager = BaseManager()
    user = User(id="1", name="A")
    commands, _ = drive(manager._save(user, True, False), {"_id": "1", "name": "Z"})
    assert "projection" not in commands[0].kwargs
    assert user.name == "Z"


def test_failed_save_leaves_no_trace() -> None:
    manager = BaseManager()
    user = User(id="1", name="A")
    flow = manager._save(user, False, False)
    next(flow)
    flow.close()  # the PyMongo call raised: the flow is never resumed
    assert not manager.persistence.is_persisted(user)


def test_save_needs_a_pk() -> None:
    with pytest.raises(Unprocessable):
        next(BaseManager()._save(Note(text="x"), False, False))


def test_versioned_save_flow() -> None:
    manager = BaseManager()
    article = Article(id="a", title="t")
    commands, _ = drive(manager._save(article, False, False), {"_id": "a"})
    assert commands[0].args[0] == {"_id": "a", "version": 0}
    assert commands[0].kwargs["upsert"] is True
    assert commands[0].args[1]["$set"]["version"] == 1
    assert article.version == 1
    article.title = "u"
    flow = manager._save(article, False, True)
    command = next(flow)
    assert command.args[0] == {"_id": "a", "version": 1}
    assert command.args[1] == {"$set": {"title": "u", "version": 2}}  # no $setOnInsert (issue 10)
    assert command.kwargs["upsert"] is False
    with pytest.raises(Conflict) as caught:
        flow.send(None)
    assert (caught.value.model, caught.value.expected_version) == (Article, 1)
    assert article.version == 1
    assert manager.state_tracker.get_dirty_fields(article) == {"title"}


def test_save_many_flow_and_conflict() -> None:
    # New versioned instances go in one unordered bulk of upserts; a persisted one is saved on
    # its own at its expected version, never upserted (a bulk's counts do not say which update
    # matched): one that matched nothing is stale, and the others are still written, tracked.
    manager = BaseManager()
    articles = [Article(id=name, title="t") for name in "abc"]
    upserted = [{"index": index, "_id": article.id} for index, article in enumerate(articles)]
    drive(manager._save_many(articles, False), _Bulk({"nMatched": 0, "upserted": upserted}))
    assert [article.version for article in articles] == [1, 1, 1]
    for article in articles:
        article.title = "u"
    flow = manager._save_many(articles, True)
    sent = [next(flow)]
    for reply in ({"_id": "a"}, None):
        sent.append(flow.send(reply))
    with pytest.raises(Conflict) as caught:
        flow.send({"_id": "c"})
    assert [(command.method, command.args[0]) for command in sent] == [
        ("find_one_and_update", {"_id": name, "version": 1}) for name in "abc"
    ]
    assert all(command.kwargs["upsert"] is False for command in sent)
    assert caught.value.instances == (articles[1],)
    assert caught.value.filter == {"_id": "b", "version": 1}
    assert [article.version for article in articles] == [2, 1, 2]
    assert manager.state_tracker.get_dirty_fields(articles[0]) == set()
    assert manager.state_tracker.get_dirty_fields(articles[1]) == {"title"}


class _Bulk:
    def __init__(self, result: dict[str, Any]) -> None:
        self.bulk_api_result = result


def test_delete_flows() -> None:
    manager = BaseManager()
    user = User(id="1", name="A")
    manager.persistence.mark_persisted(user)
    commands, _ = drive(manager._delete(user), None)
    assert commands == [Command("users", "delete_one", {"_id": "1"})]
    assert not manager.persistence.is_persisted(user)
    commands, count = drive(manager._delete_many(User, User.age >= 18), _Deleted(3))
    assert (commands, count) == ([Command("users", "delete_many", AGE)], 3)
    with pytest.raises(Forbidden):
        next(manager._delete_many(Summary, None))


class _Deleted:
    def __init__(self, count: int) -> None:
        self.deleted_count = count


def test_update_documents() -> None:
    assert compile_update_for(User, User.age.inc(1)) == {"$inc": {"person_age": 1}}
    assert compile_update_for(User, [User.age.inc(1), User.name.set("x")]) == {
        "$inc": {"person_age": 1},
        "$set": {"name": "x"},
    }
    assert compile_update_for(User, {"$set": {"age": 3, "nickname": "z"}}) == {
        "$set": {"person_age": 3, "nickname": "z"}
    }
    with pytest.raises((TypeError, ValueError)):
        compile_update_for(User, {"age": 3})


def test_find_one_and_update_and_delete_flows() -> None:
    manager = BaseManager()
    commands, user = drive(
        manager._find_one_and_update(User, User.id == "1", User.age.inc(1), True, "-age"),
        {"_id": "1", "name": "A", "person_age": 1},
    )
    assert commands == [
        Command(
            "users",
            "find_one_and_update",
            {"_id": "1"},
            {"$inc": {"person_age": 1}},
            upsert=True,
            sort={"person_age": -1},
            return_document=ReturnDocument.AFTER,
        )
    ]
    assert manager.persistence.is_persisted(user)
    commands, gone = drive(
        manager._find_one_and_delete(User, None, None), {"_id": "1", "name": "A"}
    )
    assert commands == [Command("users", "find_one_and_delete", {}, sort=None)]
    assert not manager.persistence.is_persisted(gone)


# -- indexes ---------------------------------------------------------------------------------


class Indexed(User, collection="indexed"):
    __indexes__ = (Index(User.email, unique=True), "-age", [("name", 1)])


def test_index_declarations() -> None:
    models = index_models(Indexed, None)
    assert [model.document["key"] for model in models[:2]] == [
        {"email": 1},
        {"person_age": -1},
    ]
    assert models[0].document["unique"] is True
    assert index_models(User, None) == []
    explicit = IndexModel([("a", 1)])
    assert index_models(User, [explicit, (User.name, "text")])[0] is explicit


@pytest.mark.parametrize(
    ("spec", "error"),
    [((User.name, 2), ValueError), (3, TypeError), ((User.name, True), ValueError)],
)
def test_index_key_errors(spec: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        index_models(User, [spec])


def test_ensure_indexes_without_declarations_sends_nothing() -> None:
    with pytest.raises(StopIteration) as stop:
        next(BaseManager()._ensure_indexes(User, None))
    assert stop.value.value == []


# -- tracking and commands -------------------------------------------------------------------


def test_trackers_are_lazy_and_shared() -> None:
    persistence, tracker = Persistence(), StateTracker()
    manager = BaseManager(persistence=persistence, state_tracker=tracker)
    assert manager.persistence is persistence and manager.state_tracker is tracker
    fresh = BaseManager()
    assert fresh.persistence is fresh.persistence
    assert fresh.state_tracker is fresh.state_tracker


def test_command_repr_and_equality() -> None:
    command = Command("users", "find_one", {"_id": 1}, projection=None)
    assert repr(command) == "Command('users', 'find_one', {'_id': 1}, projection=None)"
    assert command == Command("users", "find_one", {"_id": 1}, projection=None)
    assert command != Command("users", "find_one", {"_id": 2}, projection=None)
    assert command != "find_one"


def test_reads_honour_a_collection_pipeline() -> None:
    pipeline = CollectionPipeline("archive").match(User.age >= 18)
    read = BaseManager()._select(User, pipeline, None, None, None)
    assert read.command == Command("archive", "find", AGE)
    commands, _ = drive(BaseManager()._count(User, pipeline), 0)
    assert commands[0].collection == "archive"


def test_writes_refuse_a_pipeline_over_another_collection() -> None:
    with pytest.raises(ValueError, match="delete_many: the filter is a pipeline over 'archive'"):
        next(BaseManager()._delete_many(User, CollectionPipeline("archive")))
    same = CollectionPipeline("users").match(User.age >= 18)
    commands, _ = drive(BaseManager()._delete_many(User, same), _Deleted(0))
    assert commands == [Command("users", "delete_many", AGE)]


# -- the wire form and the find path ---------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "x",
        3,
        2.5,
        True,
        ObjectId(),
        uuid.UUID(int=7),
        datetime.datetime(2024, 1, 1),
        Decimal128("1"),
    ],
)
def test_wire_query_sends_scalar_equalities_plain(value: Any) -> None:
    assert wire_query({"a": {"$eq": value}}) == {"a": value}
    assert wire_query({"$or": [{"a": {"$eq": value}}, {"b": 1}]}) == {
        "$or": [{"a": value}, {"b": 1}]
    }


@pytest.mark.parametrize("value", [None, {"x": 1}, {"$gt": 1}, [1, 2], re.compile("x"), b"x"])
def test_wire_query_keeps_eq_where_the_plain_form_differs(value: Any) -> None:
    query = {"a": {"$eq": value}}
    assert wire_query(query) == query


def test_wire_query_leaves_operators_and_the_input_alone() -> None:
    query = {"a": {"$eq": 1, "$ne": 2}, "$expr": {"$eq": ["$a", 1]}, "b": {"$not": {"$eq": 1}}}
    assert wire_query(query) == query
    nested = {"$and": [{"a": {"$eq": "x"}}]}
    assert wire_query(nested) == {"$and": [{"a": "x"}]}
    assert nested == {"$and": [{"a": {"$eq": "x"}}]}
    assert compile_query(User.name == "x") == {"name": {"$eq": "x"}}


def test_filter_stages_send_match_bodies_in_the_wire_form() -> None:
    assert filter_stages(User.id == "1") == [{"$match": {"_id": "1"}}]
    assert filter_stages(Pipeline().match(User.id == "1").limit(2)) == [
        {"$match": {"_id": "1"}},
        {"$limit": 2},
    ]
    assert filter_stages([{"$match": {"a": {"$eq": 1}}}]) == [{"$match": {"a": 1}}]


@pytest.mark.parametrize(
    ("stages", "expected"),
    [
        ([], ({}, {})),
        ([{"$match": AGE}], (AGE, {})),
        ([{"$match": AGE}, {"$match": {"a": 1}}], ({"$and": [AGE, {"a": 1}]}, {})),
        ([{"$sort": {"a": -1}}, {"$match": AGE}], (AGE, {"sort": [("a", -1)]})),
        (
            [{"$match": {}}, {"$sort": {"a": 1, "b": -1}}, {"$skip": 0}, {"$limit": 3}],
            ({}, {"sort": [("a", 1), ("b", -1)], "skip": 0, "limit": 3}),
        ),
        ([{"$limit": 1}, {"$project": {"_id": 1}}], ({}, {"limit": 1, "projection": {"_id": 1}})),
        ([{"$project": {"a": 0, "b": False}}], ({}, {"projection": {"a": 0, "b": False}})),
    ],
)
def test_find_arguments_of_plain_reads(stages: list[dict[str, Any]], expected: Any) -> None:
    assert find_arguments(stages) == expected


@pytest.mark.parametrize(
    "stages",
    [
        [{"$limit": 0}],
        [{"$limit": -1}],
        [{"$limit": True}],
        [{"$skip": -1}],
        [{"$limit": 2}, {"$skip": 1}],
        [{"$skip": 1}, {"$match": AGE}],
        [{"$limit": 2}, {"$limit": 1}],
        [{"$sort": {"a": 1}}, {"$sort": {"b": 1}}],
        [{"$sort": {"score": {"$meta": "textScore"}}}],
        [{"$project": {"a": "$b"}}],
        [{"$project": {}}],
        [{"$project": {"a": 1}}, {"$match": AGE}],
        [{"$group": {"_id": "$a"}}],
        [{"$match": AGE, "$limit": 1}],
        [{"$documents": [{"a": 1}]}],
    ],
)
def test_find_arguments_refuse_what_a_find_cannot_mean(stages: list[dict[str, Any]]) -> None:
    assert find_arguments(stages) is None


def test_reads_plan_find_or_aggregate() -> None:
    manager = BaseManager()
    grouped = Pipeline().match(User.age >= 18).group(by="name")
    assert manager._select(User, grouped, None, None, None).command == Command(
        "users", "aggregate", [{"$match": AGE}, {"$group": {"_id": "$name"}}]
    )
    commands, _ = drive(manager._find(User, [{"$skip": 2}]), [])
    assert commands == [Command("users", "find", {}, skip=2, limit=1)]
    commands, count = drive(manager._count(User, [{"$match": AGE}, {"$limit": 5}]), 5)
    assert (commands, count) == ([Command("users", "count_documents", AGE, limit=5)], 5)


def test_loaders_are_built_once_per_model() -> None:
    manager = BaseManager()
    assert manager._loader(User) is manager._loader(User)
    assert manager._loader(Summary) is manager._loader(Summary)
    assert manager._loader(User) is not manager._loader(Person)
