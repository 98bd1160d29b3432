# Generated from tests/managers/aio/test_acceptance.py by scripts/unasync.py: edit the source, then regenerate.
"""Acceptance: the Manager reference page and SPEC §6-§8 read line by line, as a new user would.

Each test pins one promise the reference or the spec states (signatures, defaults, return
values, exceptions, filters, pages, tracking) that ``test_reference.py`` leaves implicit.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from bson import ObjectId
from pymongo import MongoClient
from pymongo.errors import ServerSelectionTimeoutError
from pymongo.synchronous.database import Database

import gault
import gault.exceptions
from gault.exceptions import Forbidden, GaultError, NotFound, Unprocessable
from gault.managers import Manager, Persistence, Stage, StateTracker
from gault.models import Model, Schema, configure
from gault.pages import Page
from gault.pipelines import Pipeline
from gault.predicates import Expr, Field, Query, Raw

from ..support import Note, Tag


class Member(Schema, collection="members"):
    """The reference's ``User``: a string pk and plain field names."""

    id: Field[str] = configure(pk=True)
    name: Field[str]
    email: Field[str] = configure(default="")
    age: Field[int] = configure(default=0)


class Admin(Member):
    """A subclass: inherits the ``members`` collection."""

    level: Field[int] = configure(default=1)


class Card(Model, collection="members"):
    """A read-only ``Model`` over the members collection, with a pk."""

    id: Field[str] = configure(pk=True)
    name: Field[str]


class Shape(Model, collection="members"):
    """A read-only ``Model`` without a pk."""

    name: Field[str]


class Ticket(Schema, collection="tickets"):
    """An optional ``ObjectId`` pk mapped to ``_id``: generated when ``None``."""

    id: Field[ObjectId | None] = configure(pk=True, db_alias="_id", default=None)
    title: Field[str]


def seed(manager: Manager, count: int = 5) -> list[Member]:
    members = [Member(id=f"m{i}", name=f"n{i}", age=10 * i) for i in range(1, count + 1)]
    for member in members:
        manager.insert(member)
    return members


def names(iterator: Iterator[Member]) -> list[str]:
    return [member.name for member in iterator]


# -- signatures ------------------------------------------------------------------------------

EMPTY = inspect.Parameter.empty
POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD
KEYWORD = inspect.Parameter.KEYWORD_ONLY

#: The reference's parameters of each method (``session`` and ``select``'s ``sort_by`` are
#: the spec's additions), as (name, kind, default).
REFERENCE: dict[str, list[tuple[str, Any, Any]]] = {
    "__init__": [
        ("database", POSITIONAL, EMPTY),
        ("persistence", KEYWORD, None),
        ("state_tracker", KEYWORD, None),
    ],
    "get": [("model", POSITIONAL, EMPTY), ("filter", POSITIONAL, None), ("session", KEYWORD, None)],
    "find": [
        ("model", POSITIONAL, EMPTY),
        ("filter", POSITIONAL, None),
        ("session", KEYWORD, None),
    ],
    "select": [
        ("model", POSITIONAL, EMPTY),
        ("filter", POSITIONAL, None),
        ("skip", KEYWORD, None),
        ("take", KEYWORD, None),
        ("sort_by", KEYWORD, None),
        ("session", KEYWORD, None),
    ],
    "insert": [("instance", POSITIONAL, EMPTY), ("session", KEYWORD, None)],
    "save": [
        ("instance", POSITIONAL, EMPTY),
        ("refresh", KEYWORD, False),
        ("atomic", KEYWORD, False),
        ("session", KEYWORD, None),
    ],
    "refresh": [("instance", POSITIONAL, EMPTY), ("session", KEYWORD, None)],
    "paginate": [
        ("model", POSITIONAL, EMPTY),
        ("filter", POSITIONAL, None),
        ("page", KEYWORD, 1),
        ("per_page", KEYWORD, 10),
        ("sort_by", KEYWORD, None),
        ("session", KEYWORD, None),
    ],
}


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_signature_matches_the_reference(name: str) -> None:
    signature = inspect.signature(getattr(Manager, name))
    parameters = list(signature.parameters.values())
    assert parameters[0].name == "self"
    assert [(p.name, p.kind, p.default) for p in parameters[1:]] == REFERENCE[name]
    session = signature.parameters.get("session")
    assert session is None or session.annotation == "Session | None"


def test_manager_is_generic_in_two_types() -> None:
    generic: Any = Manager
    assert len(generic.__parameters__) == 2
    assert generic[Member, Member].__origin__ is Manager


# -- exceptions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "builtin"),
    [("NotFound", LookupError), ("Forbidden", TypeError), ("Unprocessable", ValueError)],
)
def test_exceptions_bases_and_import_paths(name: str, builtin: type[Exception]) -> None:
    error = getattr(gault, name)
    assert error is getattr(gault.exceptions, name)
    assert issubclass(error, GaultError) and issubclass(error, builtin)
    assert name in gault.__all__ and name in gault.exceptions.__all__


# -- constructor and tracking properties -----------------------------------------------------


def test_tracking_properties_are_created_once(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    persistence, tracker = manager.persistence, manager.state_tracker
    assert type(persistence) is Persistence and type(tracker) is StateTracker
    assert manager.persistence is persistence and manager.state_tracker is tracker
    assert Manager(sync_db).persistence is not persistence


def test_given_trackers_are_used_as_is(sync_db: Database[Any]) -> None:
    persistence, tracker = Persistence(), StateTracker()
    manager = Manager(sync_db, persistence=persistence, state_tracker=tracker)
    assert manager.persistence is persistence and manager.state_tracker is tracker
    member = manager.insert(Member(id="1", name="Ann"))
    assert persistence.is_persisted(member) and tracker.get_dirty_fields(member) == set()


def test_managers_sharing_nothing_track_separately(sync_db: Database[Any]) -> None:
    first, second = Manager(sync_db), Manager(sync_db)
    member = first.insert(Member(id="1", name="Ann"))
    assert first.persistence.is_persisted(member)
    assert not second.persistence.is_persisted(member)


@pytest.mark.parametrize(
    ("keyword", "value"),
    [("persistence", StateTracker()), ("state_tracker", Persistence()), ("persistence", set())],
)
def test_constructor_rejects_wrong_trackers(
    sync_db: Database[Any], keyword: str, value: Any
) -> None:
    with pytest.raises(TypeError, match=keyword):
        Manager(sync_db, **{keyword: value})


# -- bad model arguments ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "model"),
    [("get", Member(id="1", name="x")), ("find", "members"), ("paginate", None)],
    ids=["get-instance", "find-name", "paginate-none"],
)
def test_reads_need_a_model_class(sync_db: Database[Any], operation: str, model: Any) -> None:
    manager = Manager(sync_db)
    with pytest.raises(TypeError, match=r"takes a model class"):
        getattr(manager, operation)(model)
    with pytest.raises(TypeError, match=r"select\(\) takes a model class .* an instance of Member"):
        manager.select(Member(id="1", name="x"))  # type: ignore[arg-type]


@pytest.mark.parametrize("operation", ["insert", "save"])
@pytest.mark.parametrize(
    ("value", "words"),
    [(Member, "the class Member itself"), ({"id": "1"}, "dict"), (None, "NoneType")],
)
def test_writes_need_a_schema_instance(
    sync_db: Database[Any], operation: str, value: Any, words: str
) -> None:
    manager = Manager(sync_db)
    with pytest.raises(Forbidden, match=words):
        getattr(manager, operation)(value)
    assert sync_db.members.count_documents({}) == 0


def test_refresh_needs_a_model_instance(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    with pytest.raises(TypeError, match="refresh.. takes a model instance, got the class"):
        manager.refresh(Member)  # type: ignore[type-var]


# -- get and find ----------------------------------------------------------------------------


def test_get_and_find_on_an_empty_collection(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    assert manager.find(Member) is None
    with pytest.raises(NotFound) as caught:
        manager.get(Member)
    assert caught.value.model is Member and caught.value.filter is None
    with pytest.raises(LookupError):
        manager.get(Member, Member.id == "nope")
    with pytest.raises(GaultError):
        manager.get(Member, {"_id": "nope"})


def test_get_returns_an_instance_of_the_model(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager, 2)
    member = manager.get(Member, Member.id == "m2")
    assert type(member) is Member and member == Member(id="m2", name="n2", age=20)
    assert manager.persistence.is_persisted(member)
    assert manager.state_tracker.get_dirty_fields(member) == set()


def test_model_with_a_collection_is_readable(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager, 3)
    card = manager.get(Card, Card.id == "m1")
    assert card == Card(id="m1", name="n1")
    assert manager.find(Card, Card.id == "zz") is None
    shapes = [shape for shape in manager.select(Shape, sort_by="-name")]
    assert shapes == [Shape(name="n3"), Shape(name="n2"), Shape(name="n1")]
    page = manager.paginate(Shape, per_page=2, sort_by="name")
    assert (page.items, page.total) == ([Shape(name="n1"), Shape(name="n2")], 3)
    assert manager.refresh(card) is card
    assert not manager.persistence.is_persisted(card)


@pytest.mark.parametrize("operation", ["insert", "save"])
def test_model_with_a_collection_is_not_writable(sync_db: Database[Any], operation: str) -> None:
    manager = Manager(sync_db)
    card = Card(id="1", name="x")
    with pytest.raises(Forbidden) as caught:
        getattr(manager, operation)(card)
    assert caught.value.model is Card and isinstance(caught.value, TypeError)
    assert not manager.persistence.is_persisted(card)
    assert sync_db.members.count_documents({}) == 0


# -- filters ---------------------------------------------------------------------------------

#: Every filter form, each matching the members aged 30 and over (three of five).
FILTERS: dict[str, Any] = {
    "field": Field("age").gte(30),
    "attribute": Member.age.gte(30),
    "operator": Member.age >= 30,
    "query-dict": {"age": {"$gte": 30}},
    "raw": Raw({"age": {"$gte": 30}}),
    "and": (Member.age >= 30) & Member.name.exists(True),
    "or": (Member.age >= 30) | (Member.age > 100),
    "query-and": Query() & (Member.age >= 30),
    "expression": Member.age.expr.gte(30),
    "expr": Expr(Member.age.expr.gte(30)),
    "expression-and-predicate": Member.age.expr.gte(30) & (Member.name != "x"),
    "predicate-and-expression": (Member.name != "x") & Member.age.expr.gte(30),
    "pipeline": Pipeline().match(Member.age >= 30),
    "stages": [{"$match": {"age": {"$gte": 30}}}],
    "two-stages": [{"$match": {"age": {"$gte": 20}}}, {"$match": {"age": {"$gte": 30}}}],
}


@pytest.mark.parametrize("filter", list(FILTERS.values()), ids=list(FILTERS))
def test_every_filter_form_in_every_read(sync_db: Database[Any], filter: Any) -> None:
    manager = Manager(sync_db)
    seed(manager)
    expected = ["n3", "n4", "n5"]
    assert sorted(names(manager.select(Member, filter))) == expected
    assert sorted(names(manager.select(Member, filter=filter))) == expected
    assert (manager.get(Member, filter)).name in expected
    found = manager.find(Member, filter)
    assert found is not None and found.name in expected
    page = manager.paginate(Member, filter, per_page=2, sort_by="name")
    assert ([member.name for member in page], page.total) == (["n3", "n4"], 3)


@pytest.mark.parametrize("filter", [None, Query(), {}, [], Pipeline()], ids=repr)
def test_empty_filters_match_everything(sync_db: Database[Any], filter: Any) -> None:
    manager = Manager(sync_db)
    seed(manager, 3)
    assert len(names(manager.select(Member, filter))) == 3
    assert (manager.paginate(Member, filter)).total == 3


def test_pipeline_filter_keeps_its_own_stages(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager)
    pipeline = Pipeline().match(Member.age >= 20).sort(Member.age.desc())
    assert names(manager.select(Member, pipeline)) == ["n5", "n4", "n3", "n2"]
    assert names(manager.select(Member, pipeline, skip=1, take=2)) == ["n4", "n3"]
    assert (manager.get(Member, pipeline)).name == "n5"
    stages: list[Stage] = [{"$match": {"age": {"$lt": 40}}}, {"$sort": {"age": -1}}, {"$limit": 2}]
    assert names(manager.select(Member, stages)) == ["n3", "n2"]
    page = manager.paginate(Member, stages)
    assert ([member.name for member in page], page.total) == (["n3", "n2"], 2)


@pytest.mark.parametrize(
    "filter", [42, "m1", ({"$match": {}},), Member.name, [Member.age >= 1]], ids=repr
)
def test_unsupported_filters_raise_type_error(sync_db: Database[Any], filter: Any) -> None:
    manager = Manager(sync_db)
    with pytest.raises(TypeError, match="filter"):
        manager.find(Member, filter)
    with pytest.raises(TypeError, match="filter"):
        manager.paginate(Member, filter)


# -- select ----------------------------------------------------------------------------------


def test_select_returns_an_iterator(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager, 2)
    iterator = manager.select(Member)
    assert isinstance(iterator, Iterator)
    assert sorted(names(iterator)) == ["n1", "n2"]


@pytest.mark.parametrize(
    ("skip", "take", "expected"),
    [
        (None, None, ["n1", "n2", "n3", "n4", "n5"]),
        (0, None, ["n1", "n2", "n3", "n4", "n5"]),
        (3, None, ["n4", "n5"]),
        (None, 2, ["n1", "n2"]),
        (1, 1, ["n2"]),
        (5, None, []),
        (9, 3, []),
        (None, 0, []),
        (2, 0, []),
        (None, 100, ["n1", "n2", "n3", "n4", "n5"]),
    ],
)
def test_select_skip_and_take(
    sync_db: Database[Any], skip: int | None, take: int | None, expected: list[str]
) -> None:
    manager = Manager(sync_db)
    seed(manager)
    assert names(manager.select(Member, skip=skip, take=take, sort_by="age")) == expected


@pytest.mark.parametrize(("skip", "take"), [(-1, None), (None, -1), (-5, -5)])
def test_select_refuses_negative_numbers_at_the_call(
    sync_db: Database[Any], skip: int | None, take: int | None
) -> None:
    manager = Manager(sync_db)
    with pytest.raises(ValueError, match=">= 0"):
        manager.select(Member, skip=skip, take=take)


# -- insert ----------------------------------------------------------------------------------


def test_insert_returns_the_instance_persisted_and_snapshotted(
    sync_db: Database[Any],
) -> None:
    manager = Manager(sync_db)
    member = Member(id="abc123", name="Alice", email="alice@example.com")
    assert not manager.persistence.is_persisted(member)
    assert manager.insert(member) is member
    assert manager.persistence.is_persisted(member)
    assert manager.state_tracker.get_dirty_fields(member) == set()
    member.age = 3
    assert manager.state_tracker.get_dirty_fields(member) == {"age"}
    assert sync_db.members.find_one({"id": "abc123"}, {"_id": 0}) == {
        "id": "abc123",
        "name": "Alice",
        "email": "alice@example.com",
        "age": 0,
    }


def test_insert_generates_a_missing_object_id(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    ticket = manager.insert(Ticket(title="one"))
    assert isinstance(ticket.id, ObjectId)
    assert sync_db.tickets.find_one() == {"_id": ticket.id, "title": "one"}
    assert (manager.get(Ticket, Ticket.id == ticket.id)).title == "one"


def test_insert_of_a_schema_without_pk(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    note = manager.insert(Note(text="hello"))
    assert manager.persistence.is_persisted(note)
    assert manager.get(Note) == Note(text="hello")


def test_insert_of_a_subclass_uses_the_inherited_collection(
    sync_db: Database[Any],
) -> None:
    manager = Manager(sync_db)
    manager.insert(Admin(id="1", name="Root", level=9))
    assert (manager.get(Admin)).level == 9
    assert (manager.get(Member)).name == "Root"


# -- save ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [{}, {"refresh": True}, {"atomic": True}, {"refresh": True, "atomic": True}],
    ids=repr,
)
def test_save_returns_the_instance_persisted_with_a_fresh_snapshot(
    sync_db: Database[Any], options: dict[str, Any]
) -> None:
    manager = Manager(sync_db)
    member = Member(id="1", name="Ann", age=4)
    assert manager.save(member, **options) is member
    assert manager.persistence.is_persisted(member)
    assert manager.state_tracker.get_dirty_fields(member) == set()
    member.name = "Bea"
    assert manager.save(member, **options) is member
    assert manager.state_tracker.get_dirty_fields(member) == set()
    stored = sync_db.members.find_one({"id": "1"}, {"_id": 0})
    assert stored == {"id": "1", "name": "Bea", "email": "", "age": 4}


def test_atomic_save_of_a_new_instance_writes_every_field(
    sync_db: Database[Any],
) -> None:
    manager = Manager(sync_db)
    manager.save(Member(id="1", name="Ann", email="a@x", age=4), atomic=True)
    stored = sync_db.members.find_one({"id": "1"}, {"_id": 0})
    assert stored == {"id": "1", "name": "Ann", "email": "a@x", "age": 4}


def test_atomic_save_keeps_concurrent_changes_to_other_fields(
    sync_db: Database[Any],
) -> None:
    manager = Manager(sync_db)
    member = manager.insert(Member(id="1", name="Ann", age=4))
    sync_db.members.update_one({"id": "1"}, {"$set": {"email": "new@x"}})
    member.age = 5
    manager.save(member, atomic=True)
    stored = sync_db.members.find_one({"id": "1"}, {"_id": 0})
    assert stored == {"id": "1", "name": "Ann", "email": "new@x", "age": 5}
    manager.save(member)
    assert sync_db.members.count_documents({"email": ""}) == 1


def test_atomic_save_of_a_deleted_document_recreates_it_whole(
    sync_db: Database[Any],
) -> None:
    manager = Manager(sync_db)
    member = manager.insert(Member(id="1", name="Ann", age=4))
    sync_db.members.delete_many({})
    member.age = 5
    manager.save(member, atomic=True)
    stored = sync_db.members.find_one({"id": "1"}, {"_id": 0})
    assert stored == {"id": "1", "name": "Ann", "email": "", "age": 5}


def test_save_generates_a_missing_object_id(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    ticket = manager.save(Ticket(title="one"))
    assert isinstance(ticket.id, ObjectId)
    ticket.title = "two"
    manager.save(ticket, atomic=True)
    assert sync_db.tickets.find_one() == {"_id": ticket.id, "title": "two"}


def test_save_without_pk_is_unprocessable_and_writes_nothing(
    sync_db: Database[Any],
) -> None:
    manager = Manager(sync_db)
    choices: list[dict[str, Any]] = [{}, {"atomic": True}, {"refresh": True}]
    for options in choices:
        with pytest.raises(Unprocessable) as caught:
            manager.save(Note(text="x"), **options)
        assert isinstance(caught.value, ValueError) and isinstance(caught.value, GaultError)
        assert "pk" in str(caught.value)
    assert sync_db.notes.count_documents({}) == 0


def test_pk_only_schema_reads_refreshes_and_saves(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    tag = manager.insert(Tag(label="python"))
    assert manager.refresh(tag) is tag
    assert manager.save(tag, atomic=True, refresh=True) is tag
    assert [found for found in manager.select(Tag)] == [Tag(label="python")]
    assert sync_db.tags.find_one() == {"_id": "python"}


# -- refresh ---------------------------------------------------------------------------------


def test_refresh_discards_local_changes_and_snapshots(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    member = manager.insert(Member(id="1", name="Ann", email="a@x"))
    sync_db.members.update_one({"id": "1"}, {"$set": {"age": 7}, "$unset": {"email": ""}})
    member.name = "local"
    assert manager.refresh(member) is member
    assert member == Member(id="1", name="Ann", email="", age=7)
    assert manager.state_tracker.get_dirty_fields(member) == set()


def test_refresh_of_an_untracked_instance_tracks_it(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    sync_db.members.insert_one({"id": "1", "name": "Ann", "email": "", "age": 2})
    member = Member(id="1", name="?")
    manager.refresh(member)
    assert member.name == "Ann" and manager.persistence.is_persisted(member)
    member.age = 3
    assert manager.state_tracker.get_dirty_fields(member) == {"age"}


@pytest.mark.parametrize("instance", [Note(text="x"), Shape(name="x")], ids=repr)
def test_refresh_without_pk_is_unprocessable(sync_db: Database[Any], instance: Model) -> None:
    manager = Manager(sync_db)
    with pytest.raises(Unprocessable, match="pk"):
        manager.refresh(instance)


def test_refresh_of_a_missing_document_is_not_found(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    member = Member(id="ghost", name="x")
    with pytest.raises(NotFound) as caught:
        manager.refresh(member)
    assert caught.value.model is Member and isinstance(caught.value, LookupError)
    assert not manager.persistence.is_persisted(member)


def test_reset_restores_what_was_read(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager, 1)
    member = manager.get(Member)
    member.name, member.age = "changed", 99
    assert manager.state_tracker.get_dirty_fields(member) == {"name", "age"}
    manager.state_tracker.reset(member)
    assert member == Member(id="m1", name="n1", age=10)
    assert manager.state_tracker.get_dirty_fields(member) == set()


# -- paginate --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "items", "has_next", "has_prev"),
    [
        (1, ["n1", "n2"], True, False),
        (2, ["n3", "n4"], True, True),
        (3, ["n5"], False, True),
        (4, [], False, True),
    ],
)
def test_paginate_numbers(
    sync_db: Database[Any], page: int, items: list[str], has_next: bool, has_prev: bool
) -> None:
    manager = Manager(sync_db)
    seed(manager)
    result = manager.paginate(Member, page=page, per_page=2, sort_by=Member.age.asc())
    assert isinstance(result, Page)
    assert [member.name for member in result.items] == items
    assert result.instances is result.items
    assert (result.total, result.page, result.per_page, result.pages) == (5, page, 2, 3)
    assert (result.has_next, result.has_prev) == (has_next, has_prev)
    assert all(manager.persistence.is_persisted(member) for member in result)


def test_paginate_page_is_a_sequence(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    seed(manager, 3)
    page = manager.paginate(Member, sort_by="age")
    assert len(page) == 3 and page[0].name == "n1" and page[-1].name == "n3"
    assert [member.name for member in page[1:]] == ["n2", "n3"]
    assert [member.name for member in reversed(page)] == ["n3", "n2", "n1"]
    assert page[1] in page and page.index(page[2]) == 2
    names_page = page.with_(lambda member: member.name)
    assert names_page == Page(["n1", "n2", "n3"], total=3, page=1, per_page=10)


@pytest.mark.parametrize(
    "sort_by",
    [
        "-age",
        ("age", -1),
        [("age", -1)],
        [("age", -1), "name"],
        {"age": -1},
        {"age": -1, "name": 1},
        Member.age.desc(),
        Member.age.desc,
        [Member.age.desc(), Member.name.asc()],
        [Member.age.desc, Member.name.asc],
        {Member.age: -1},
    ],
    ids=repr,
)
def test_paginate_and_select_sort_forms(sync_db: Database[Any], sort_by: Any) -> None:
    manager = Manager(sync_db)
    seed(manager, 4)
    page = manager.paginate(Member, per_page=3, sort_by=sort_by)
    assert [member.name for member in page] == ["n4", "n3", "n2"]
    assert names(manager.select(Member, take=2, sort_by=sort_by)) == ["n4", "n3"]


@pytest.mark.parametrize(
    ("page", "per_page"), [(0, 10), (-1, 10), (1, 0), (1, -1), (0, 0)], ids=repr
)
def test_paginate_refuses_bad_page_numbers(
    sync_db: Database[Any], page: int, per_page: int
) -> None:
    manager = Manager(sync_db)
    with pytest.raises(ValueError, match="page"):
        manager.paginate(Member, page=page, per_page=per_page)


def test_paginate_refuses_a_bad_sort_direction(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    with pytest.raises(ValueError, match="direction"):
        manager.paginate(Member, sort_by={"age": 2})  # type: ignore[dict-item]


# -- failed writes ---------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["insert", "save"])
def test_network_errors_propagate_and_mark_nothing(operation: str) -> None:
    client: MongoClient[Any] = MongoClient(
        "mongodb://127.0.0.1:9", serverSelectionTimeoutMS=100, connect=False
    )
    manager = Manager(client["unreachable"])
    member = Member(id="1", name="Ann")
    with pytest.raises(ServerSelectionTimeoutError):
        getattr(manager, operation)(member)
    assert not manager.persistence.is_persisted(member)
    client.close()
