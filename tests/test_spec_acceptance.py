"""SPEC.md §2–§5, sentence by sentence: each test names the promise it holds the code to.

Compile-level checks need no server; tests taking ``sync_db``/``async_db`` run on the test
server.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from typing import Any, Literal

import bson
import pytest
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.synchronous.database import Database

from gault import (
    AsyncManager,
    Field,
    Manager,
    Model,
    Schema,
    ValidationError,
    configure,
    get_collection,
    get_mapper,
)
from gault import accumulators as acc
from gault import expressions as ex
from gault import window_aggregators as win
from gault.compilers import compile_expression, compile_query
from gault.exceptions import CompilationError, LoadWarning
from gault.pipelines import Pipeline
from gault.predicates import Expr, JsonSchema, Query, Raw, Text
from gault.utils import to_list

# -- models used throughout ----------------------------------------------------------------------


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Point(Model):
    x: int
    y: int


class Address(Model):
    city: Field[str] = configure(db_alias="c")
    points: Field[list[Point]] = configure(default_factory=list)


class Account(Schema, collection="spec_accounts"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(db_alias="person_age", default=0)
    tags: Field[list[str]] = configure(default_factory=list)
    address: Field[Address | None] = None


class Everything(Schema, collection="spec_everything"):
    id: bson.ObjectId = configure(pk=True, db_alias="_id")
    text: str = ""
    number: int = 0
    real: float = 0.0
    flag: bool = False
    raw: bytes = b""
    moment: datetime.datetime | None = None
    day: datetime.date | None = None
    money: decimal.Decimal | None = None
    money128: bson.Decimal128 | None = None
    ident: uuid.UUID | None = None
    color: Color | None = None
    level: Literal["low", "high"] = "low"
    labels: tuple[str, ...] = ()
    unique: set[int] = configure(default_factory=set)
    scores: dict[str, int] = configure(default_factory=dict)
    nested: dict[str, list[Point]] = configure(default_factory=dict)
    addresses: list[Address] = configure(default_factory=list)


# -- §2 Models ----------------------------------------------------------------------------------


def test_schema_is_bound_and_model_is_a_shape() -> None:
    class Summary(Model):
        total: int

    class Named(Model, collection="spec_named_models"):
        total: int

    assert get_collection(Account) == "spec_accounts"
    assert get_collection(Named) == "spec_named_models"
    with pytest.raises(KeyError):
        get_collection(Summary)


def test_fields_in_declaration_order_with_inheritance() -> None:
    class Child(Account):
        extra: int = 0

    class Elsewhere(Account, collection="spec_elsewhere"):
        other: int = 0

    mapper = get_mapper(Child)
    assert [m.model_field for m in mapper.field_mapping] == [
        "id",
        "name",
        "age",
        "tags",
        "address",
        "extra",
    ]
    assert get_collection(Child) == "spec_accounts"
    assert get_collection(Elsewhere) == "spec_elsewhere"


def test_plain_annotations_and_field_annotations_are_both_fields() -> None:
    class Mixed(Model):
        a: int
        b: Field[int]

    assert Mixed(a=1, b=2).b == 2
    with pytest.raises(ValidationError):
        Mixed(a=1, b="x")  # type: ignore[arg-type]


def test_configure_rejects_unknown_keywords_and_mutable_defaults_naming_the_field() -> None:
    with pytest.raises(TypeError, match="Bad1.a"):

        class Bad1(Model):
            a: int = configure(index=True)  # type: ignore[call-arg]

    with pytest.raises(TypeError, match="Bad2.a"):

        class Bad2(Model):
            a: list[int] = configure(default=[])


def test_default_factory_gives_each_instance_its_own_value() -> None:
    first, second = Account(id="1", name="a"), Account(id="2", name="b")
    first.tags.append("x")
    assert second.tags == []


def test_every_supported_value_type_round_trips_through_the_mapper() -> None:
    instance = Everything(
        id=bson.ObjectId(),
        text="t",
        number=3,
        real=1.5,
        flag=True,
        raw=b"\x00",
        moment=datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC),
        day=datetime.date(2024, 5, 1),
        money=decimal.Decimal("1.10"),
        money128=bson.Decimal128("2.5"),
        ident=uuid.UUID(int=7),
        color=Color.BLUE,
        level="high",
        labels=("a", "b"),
        unique={1, 2},
        scores={"a": 1},
        nested={"k": [Point(x=1, y=2)]},
        addresses=[Address(city="Paris", points=[Point(x=0, y=0)])],
    )
    mapper = get_mapper(Everything)
    document = mapper.to_document(instance)
    assert document["color"] == "blue"
    assert document["addresses"] == [{"c": "Paris", "points": [{"x": 0, "y": 0}]}]
    assert mapper.map(document) == instance


def test_construction_is_keyword_only_and_validated() -> None:
    with pytest.raises(TypeError):
        Account("1", "a")  # type: ignore[misc]
    with pytest.raises(ValidationError) as missing:
        Account(id="1")  # type: ignore[call-arg]
    assert missing.value.field == "name"
    with pytest.raises(ValidationError):
        Account(id="1", name="a", unknown=1)  # type: ignore[call-arg]
    with pytest.raises(ValidationError) as wrong:
        Account(id="1", name=5)  # type: ignore[arg-type]
    error = wrong.value
    assert isinstance(error, TypeError)
    assert (error.model, error.field, error.value) == (Account, "name", 5)
    assert "Account" in str(error) and "name" in str(error) and "int" in str(error)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("labels", ["a"]),
        ("unique", [1]),
        ("scores", {"a": "x"}),
        ("nested", {"k": [{"x": 1, "y": 2}]}),
        ("level", "medium"),
        ("color", "red"),
        ("number", 1.5),
    ],
)
def test_wrong_types_are_rejected_with_typeguard_semantics(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        Everything(id=bson.ObjectId(), **{field: value})
    assert caught.value.field == field


def test_assignment_is_checked() -> None:
    account = Account(id="1", name="a")
    with pytest.raises(ValidationError):
        account.age = "x"  # type: ignore[assignment]
    account.age = 3
    assert account.age == 3


def test_instances_have_value_equality_identity_hash_and_repr() -> None:
    first, second = Account(id="1", name="a"), Account(id="1", name="a")
    assert first == second
    assert first != Account(id="1", name="b")
    assert hash(first) == object.__hash__(first)
    assert len({first, second}) == 2
    assert "Account" in repr(first) and "'a'" in repr(first)


def test_loaded_value_of_the_wrong_type_names_the_document_id() -> None:
    with pytest.raises(ValidationError) as caught:
        get_mapper(Account).map({"_id": "doc-1", "name": 5})
    assert caught.value.document_id == "doc-1"


def test_models_may_opt_out_of_load_validation() -> None:
    class Loose(Model, validate_load=False):
        a: int

    # Issue 11: the value kept is reported (a LoadWarning), never put in silently.
    with pytest.warns(LoadWarning, match=r"Loose\.a: kept the stored str 'not checked'"):
        assert get_mapper(Loose).map({"a": "not checked"}).a == "not checked"


def test_unknown_keys_in_loaded_documents_are_ignored() -> None:
    loaded = get_mapper(Account).map({"_id": "1", "name": "a", "legacy": True})
    assert loaded == Account(id="1", name="a")


def test_embedded_models_map_recursively_and_apply_aliases() -> None:
    account = Account(id="1", name="a", address=Address(city="Paris"))
    document = get_mapper(Account).to_document(account)
    assert document["address"] == {"c": "Paris", "points": []}
    assert get_mapper(Account).map(document).address == Address(city="Paris")


def test_generated_object_id_is_written_back_on_insert(sync_db: Database[Any]) -> None:
    class Generated(Schema, collection="spec_generated"):
        id: bson.ObjectId | None = configure(pk=True, db_alias="_id", default=None)
        name: str

    manager = Manager(sync_db)
    instance = manager.insert(Generated(name="a"))
    assert isinstance(instance.id, bson.ObjectId)
    assert sync_db["spec_generated"].find_one({"_id": instance.id}) is not None


def test_supported_types_round_trip_through_the_server(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    instance = Everything(
        id=bson.ObjectId(),
        moment=datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC),
        day=datetime.date(2024, 5, 1),
        money=decimal.Decimal("1.10"),
        ident=uuid.UUID(int=9),
        color=Color.RED,
        labels=("a",),
        unique={3},
        nested={"k": [Point(x=1, y=2)]},
        addresses=[Address(city="Oslo")],
    )
    manager.insert(instance)
    loaded = manager.get(Everything, Everything.id == instance.id)
    assert loaded == instance
    assert loaded.moment is not None and loaded.moment.tzinfo is not None


# -- §3 Field references and predicates ----------------------------------------------------------


def test_class_access_is_a_reference_instance_access_the_value() -> None:
    assert compile_query(Account.age >= 18) == {"person_age": {"$gte": 18}}
    assert Account(id="1", name="a", age=3).age == 3


def test_embedded_references_compose_alias_aware() -> None:
    assert Account.address.city.compile_field() == "address.c"
    assert compile_query(Account.address.city == "Paris") == {"address.c": {"$eq": "Paris"}}
    assert compile_query(Account.tags.in_(["a"])) == {"tags": {"$in": ["a"]}}
    assert compile_query(Field("address.city") == "x") == {"address.city": {"$eq": "x"}}


def test_comparing_two_fields_compiles_to_expr() -> None:
    assert compile_query(Account.age < Account.name) == {"$expr": {"$lt": ["$person_age", "$name"]}}
    assert compile_query(Account.age == Account.name) == {
        "$expr": {"$eq": ["$person_age", "$name"]}
    }


def test_values_are_always_literals() -> None:
    hostile = {"$ne": None}
    assert compile_query(Account.name == hostile) == {"name": {"$eq": {"$ne": None}}}
    with pytest.raises(CompilationError, match=r"\$in cannot hold the literal document"):
        Account.name.in_([hostile])  # MongoDB's parser refuses $-keys under $in
    assert compile_query(Account.name == "$where") == {"name": {"$eq": "$where"}}


def test_combining_flattens_and_negation_is_valid_mql() -> None:
    a, b, c = Account.age > 1, Account.name == "x", Account.age < 9
    assert len(compile_query(a & b & c)["$and"]) == 3
    assert len(compile_query(a & (b & c))["$and"]) == 3
    assert len(compile_query((a | b) | c)["$or"]) == 3
    assert compile_query(~a) == {"person_age": {"$not": {"$gt": 1}}}
    assert compile_query(~(a & b)) == {"$nor": [{"$and": [compile_query(a), compile_query(b)]}]}
    assert compile_query(~(a | b)) == {"$nor": [compile_query(a), compile_query(b)]}
    assert compile_query(~~a) == compile_query(a)


def test_references_are_hashable_and_not_fooled_by_predicates() -> None:
    assert (Account.age in [Account.name]) is False
    assert Account.age in [Account.age]
    assert len({Account.age, Account.age, Account.name}) == 2


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        (Expr(Account.age.expr.gt(1)), {"$expr": {"$gt": ["$person_age", 1]}}),
        (JsonSchema({"required": ["name"]}), {"$jsonSchema": {"required": ["name"]}}),
        (Text("coffee"), {"$text": {"$search": "coffee"}}),
        (Raw({"name": "x"}), {"name": "x"}),
        (Query(), {}),
    ],
)
def test_top_level_predicates_combine(predicate: Any, expected: Any) -> None:
    other = Account.age > 1
    assert compile_query(predicate) == expected
    combined_and = compile_query(predicate & other)
    combined_or = compile_query(predicate | other)
    if expected:
        assert combined_and == {"$and": [expected, compile_query(other)]}
        assert combined_or == {"$or": [expected, compile_query(other)]}
    else:  # Query() is the neutral element
        assert combined_and == combined_or == compile_query(other)
    if not isinstance(predicate, Text):  # MongoDB cannot negate $text
        assert compile_query(~predicate)


def test_text_cannot_be_negated_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"\$text"):
        compile_query(~Text("coffee"))


def test_predicates_are_accepted_wherever_a_filter_is(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    manager.insert_many([Account(id="1", name="ann", age=30), Account(id="2", name="bob", age=10)])
    filters: list[Any] = [
        Account.age > 18,
        Account.age.expr.gt(18),
        Expr(Account.age.expr.gt(18)),
        Raw({"name": "ann"}),
        (Account.age > 18) & Query(),
        Query() & (Account.name == "ann"),
        ~(Account.age < 18),
        Pipeline().match(Account.age > 18),
        [{"$match": {"person_age": {"$gt": 18}}}],
        {"person_age": {"$gt": 18}},
    ]
    for filter in filters:
        assert [a.id for a in manager.select(Account, filter)] == ["1"], filter
    assert manager.count(Account, Query()) == 2


# -- §4 Sorting ----------------------------------------------------------------------------------

SORT_FORMS: list[tuple[Any, dict[str, Any]]] = [
    ("name", {"name": 1}),
    ("-name", {"name": -1}),
    (Account.age, {"person_age": 1}),
    (Account.age.desc(), {"person_age": -1}),
    ((Account.age, None), {"person_age": 1}),
    ([Account.age.desc(), "name"], {"person_age": -1, "name": 1}),
    ({Account.age: -1, "name": 1}, {"person_age": -1, "name": 1}),
    (Account.age.by_score("textScore"), {"person_age": {"$meta": "textScore"}}),
]


@pytest.mark.parametrize(("payload", "expected"), SORT_FORMS)
def test_every_sort_form_everywhere(payload: Any, expected: dict[str, Any]) -> None:
    assert Pipeline().sort(payload).build() == [{"$sort": expected}]
    top = acc.Top(payload, "$name").compile_expression()
    assert top == {"$top": {"sortBy": expected, "output": "$name"}}
    window = Pipeline().set_window_fields({"r": win.Rank()}, sort_by=payload).build()
    assert window[0]["$setWindowFields"]["sortBy"] == expected
    assert ex.SortArray("$items", payload).compile_expression() == {
        "$sortArray": {"input": "$items", "sortBy": expected}
    }


@pytest.mark.parametrize("payload", [None, [], {}])
def test_empty_sort_adds_no_stage(payload: Any) -> None:
    assert Pipeline().sort(payload).build() == []


def test_invalid_sort_direction_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        Pipeline().sort(("name", 2))


def test_sort_forms_on_the_managers(sync_db: Database[Any]) -> None:
    manager = Manager(sync_db)
    manager.insert_many(
        [
            Account(id="1", name="a", age=2),
            Account(id="2", name="b", age=1),
            Account(id="3", name="c", age=2),
        ]
    )
    by_age_then_name = [Account.age.desc(), "-name"]
    selected = [a.id for a in manager.select(Account, sort_by=by_age_then_name)]
    assert selected == ["3", "1", "2"]
    assert [a.id for a in manager.select(Account, sort_by="-name")] == ["3", "2", "1"]
    page = manager.paginate(Account, sort_by=by_age_then_name, page=1, per_page=2)
    assert [a.id for a in page] == ["3", "1"] and page.total == 3


async def test_sort_forms_on_the_async_manager(async_db: AsyncDatabase[Any]) -> None:
    manager = AsyncManager(async_db)
    await manager.insert_many([Account(id="1", name="a", age=2), Account(id="2", name="b", age=1)])
    selected = await to_list(manager.select(Account, sort_by=[Account.age.asc(), "-name"]))
    assert [a.id for a in selected] == ["2", "1"]


# -- §5 Pipeline, expressions, accumulators, window functions, geo -------------------------------


@pytest.mark.parametrize(
    "method",
    [
        "match",
        "project",
        "group",
        "sort",
        "skip",
        "take",
        "limit",
        "sample",
        "unwind",
        "lookup",
        "graph_lookup",
        "facet",
        "bucket",
        "bucket_auto",
        "set",
        "add_fields",
        "unset",
        "replace_with",
        "replace_root",
        "count",
        "sort_by_count",
        "union_with",
        "set_window_fields",
        "densify",
        "fill",
        "geo_near",
        "redact",
        "out",
        "merge",
        "documents",
        "search",
        "search_meta",
        "vector_search",
        "raw",
        "build",
    ],
)
def test_every_stage_has_a_method(method: str) -> None:
    assert callable(getattr(Pipeline, method))


def test_every_method_returns_a_new_pipeline() -> None:
    base = Pipeline().match(Account.age > 1)
    extended = base.sort("-name").take(5)
    assert base.build() == [{"$match": {"person_age": {"$gt": 1}}}]
    assert len(extended.build()) == 3


def test_stages_compile_their_arguments() -> None:
    stages = (
        Pipeline()
        .match({Account.age: 3})
        .set({"next": Account.age.expr.add(1)})
        .replace_with(ex.MergeObjects("$$ROOT", {"years": Account.age}))
        .group({"total": acc.Sum(Account.age)}, by=Account.address.city)
        .build()
    )
    assert stages == [
        {"$match": {"person_age": 3}},
        {"$set": {"next": {"$add": ["$person_age", 1]}}},
        {"$replaceWith": {"$mergeObjects": ["$$ROOT", {"years": "$person_age"}]}},
        {"$group": {"_id": "$address.c", "total": {"$sum": "$person_age"}}},
    ]


def test_project_model_uses_declaration_order_and_aliases() -> None:
    class Summary(Model):
        name: str
        age: int = configure(db_alias="person_age")

    assert Pipeline().project(Summary).build() == [
        {"$project": {"_id": 0, "name": 1, "person_age": 1}}
    ]
    assert list(Pipeline().project(Account).build()[0]["$project"]) == [
        "_id",
        "name",
        "person_age",
        "tags",
        "address",
    ]


def test_lookup_both_forms() -> None:
    local = (
        Pipeline()
        .lookup(Account, local_field="owner", foreign_field=Account.id, into="owners")
        .build()
    )
    assert local == [
        {
            "$lookup": {
                "from": "spec_accounts",
                "localField": "owner",
                "foreignField": "_id",
                "as": "owners",
            }
        }
    ]
    correlated = Pipeline().lookup(
        Account,
        let={"owner": "$owner"},
        pipeline=Pipeline().match(Account.id.expr.eq(ex.Var("owner"))),
        into="owners",
    )
    assert correlated.build() == [
        {
            "$lookup": {
                "from": "spec_accounts",
                "let": {"owner": "$owner"},
                "pipeline": [{"$match": {"$expr": {"$eq": ["$_id", "$$owner"]}}}],
                "as": "owners",
            }
        }
    ]


def test_var_and_convert() -> None:
    assert compile_expression(ex.Var("NOW")) == "$$NOW"
    converted = compile_expression(ex.Convert(Account.age, "string", on_error="?"))
    assert converted == {"$convert": {"input": "$person_age", "to": "string", "onError": "?"}}


def test_window_bounds_are_nested_under_window() -> None:
    operator = win.Sum(Account.age, window_range=(-5, 0), window_unit="day")
    assert compile_expression(operator) == {
        "$sum": "$person_age",
        "window": {"range": [-5, 0], "unit": "day"},
    }


def test_pipeline_executes_on_the_server(sync_db: Database[Any]) -> None:
    collection = sync_db["spec_accounts"]
    collection.insert_many(
        [
            {"_id": "1", "name": "a", "person_age": 10, "tags": ["x", "y"], "address": None},
            {"_id": "2", "name": "b", "person_age": 20, "tags": ["x"], "address": None},
        ]
    )
    pipeline = (
        Pipeline()
        .match(Account.age >= 10)
        .unwind(Account.tags)
        .group({"n": acc.Sum(1), "ages": acc.Push(Account.age)}, by=Account.tags)
        .sort("-n", "_id")
        .project({"_id": 0, "tag": "$_id", "n": 1, "oldest": ex.Max("$ages")})
    )
    assert list(collection.aggregate(pipeline.build())) == [
        {"n": 2, "tag": "x", "oldest": 20},
        {"n": 1, "tag": "y", "oldest": 10},
    ]
