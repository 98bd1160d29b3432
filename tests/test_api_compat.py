"""The established 0.14 API (API-REFERENCE.md) still imports, keeps its signatures and compiles
to the documented MQL; the bugs that reference reports are fixed, not reproduced.

One test (or one parametrised row) per reference row. No server needed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import inspect
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

import gault
from gault import accumulators as acc
from gault import expressions as ex
from gault import geo, shapes
from gault import window_aggregators as win
from gault.compilers import (
    CompilationError,
    compile_expression,
    compile_expression_multi,
    compile_field,
    compile_path,
    compile_query,
)
from gault.interfaces import (
    Aliased,
    AsAlias,
    AsRef,
    Assignable,
    AttributeBase,
    ExpressionOperator,
    FieldSortInterface,
    InclusionInterface,
    QueryPredicate,
    SortKey,
    SubfieldInterface,
    TempFieldInterface,
)
from gault.models import Model, Schema, configure
from gault.pipelines import CollectionPipeline, DocumentsPipeline, Pipeline
from gault.predicates import (
    All,
    And,
    BitsAllClear,
    BitsAllSet,
    BitsAnyClear,
    BitsAnySet,
    Condition,
    ElemMatch,
    Eq,
    Exists,
    Expr,
    Field,
    GeoIntersects,
    GeoWithin,
    Gt,
    Gte,
    In,
    JsonSchema,
    Lt,
    Lte,
    Mod,
    Ne,
    Near,
    NearSphere,
    Nin,
    NoOp,
    Nor,
    Not,
    Or,
    Query,
    Raw,
    Regex,
    Size,
    Type,
)
from gault.sorting import normalize_sort, normalize_token
from gault.utils import drop_missing, to_list


class Person(Schema, collection="compat_people"):
    id: str = configure(pk=True, db_alias="_id")
    name: str
    age: int = configure(db_alias="person_age", default=0)
    score: float = 0.0


# -- §1/§2: module paths and exported names --------------------------------------------------

PUBLIC_NAMES = {
    "gault": (
        "Accumulator Sum Forbidden NotFound Unprocessable Var AsyncManager Manager Persistence "
        "StateTracker Mapper get_mapper Attribute Model Page Schema configure get_collection "
        "get_schema CollectionPipeline Pipeline Field Query __version__"
    ),
    "gault.models": "Model Schema Attribute configure get_collection get_schema",
    "gault.managers": "AsyncManager Manager Persistence StateTracker",
    "gault.mappers": "Mapper FieldMapping FieldEntry get_mapper",
    "gault.predicates": (
        "And Or Nor Not Raw Expr JsonSchema Condition Predicate Operator Eq Ne Gt Gte Lt Lte In "
        "Nin Exists Type All ElemMatch Size BitsAllClear BitsAllSet BitsAnyClear BitsAnySet Mod "
        "Regex GeoIntersects GeoWithin Near NearSphere Field Query NoOp ConditionInterface "
        "NotInterface ExpressionInterface AsExpression NotProxy ExpressionProxy"
    ),
    "gault.pipelines": (
        "Pipeline CollectionPipeline DocumentsPipeline Step RawStep FacetStep MatchStep GroupStep "
        "LookupStep GraphLookupStep BucketStep BucketAutoStep ProjectStep UnwindStep SetStep "
        "UnsetStep CountStep SortStep SetWindowFields SearchStep SearchMetaStep VectorSearchStep"
    ),
    "gault.expressions": "ExpressionOperator ExpressionsInterface Var Raw Median",
    "gault.accumulators": (
        "Accumulator compile_accumulator AddToSet Avg Bottom BottomN Count First FirstN Last "
        "LastN Max MaxN Median MergeObjects Min MinN Percentile Push StdDevPop StdDevSamp Sum "
        "Top TopN"
    ),
    "gault.window_aggregators": (
        "WindowOperator AddToSet Avg Bottom BottomN ConcatArrays Count CovariancePop "
        "CovarianceSamp DenseRank Derivative DocumentNumber ExpMovingAvg First FirstN Integral "
        "Last LastN LinearFill Locf Max MaxN Median Min MinMaxScaler MinN Percentile Push Rank "
        "SetUnion Shift StdDevPop StdDevSamp Sum Top TopN"
    ),
    "gault.geo": (
        "GeoJSON Point LineString Polygon MultiPoint MultiLineString MultiPolygon "
        "GeometryCollection compile_geo"
    ),
    "gault.shapes": "Box Center CenterSphere Polygon Coordinates",
    "gault.sorting": "normalize_sort normalize_token",
    "gault.exceptions": "Unprocessable Forbidden NotFound PipelineError",
    "gault.compilers": (
        "compile_query compile_expression compile_expression_multi compile_path compile_field "
        "CompilationError"
    ),
    "gault.utils": (
        "drop_missing to_list nullfree_dict nullfree_list unwrap_array unwrap_single_element"
    ),
    "gault.interfaces": (
        "AttributeBase QueryPredicate ExpressionOperator Aliased AsAlias Assignable AsRef "
        "FieldSortInterface InclusionInterface TempFieldInterface SubfieldInterface"
    ),
}


@pytest.mark.parametrize(
    ("module", "name"),
    [(module, name) for module, names in PUBLIC_NAMES.items() for name in names.split()],
)
def test_established_name_imports(module: str, name: str) -> None:
    assert getattr(importlib.import_module(module), name) is not None


@pytest.mark.parametrize("module", sorted(PUBLIC_NAMES))
def test_every_public_module_declares_all(module: str) -> None:
    imported = importlib.import_module(module)
    assert all(hasattr(imported, name) for name in imported.__all__)


def test_top_level_sum_is_the_accumulator() -> None:
    assert gault.Sum is acc.Sum
    assert gault.Var is ex.Var
    assert gault.Field is Field


def test_models_page_still_imports() -> None:
    assert importlib.import_module("gault.models").Page is gault.Page


def test_models_attribute_spec_still_imports() -> None:
    models = importlib.import_module("gault.models")
    assert models.AttributeSpec is models.Attribute
    assert isinstance(Person.age, models.AttributeSpec)


def test_attribute_get_db_alias() -> None:
    assert Person.age.get_db_alias() == "person_age"  # type: ignore[attr-defined]
    assert Person.id.get_db_alias() == "_id"  # type: ignore[attr-defined]
    assert Person.name.get_db_alias() == "name"  # type: ignore[attr-defined]


def test_post_init_is_honoured() -> None:
    class Normalised(Model):
        name: str

        def __post_init__(self) -> None:
            self.name = self.name.strip()

    assert Normalised(name=" a ").name == "a"


def test_models_still_work_with_dataclasses_helpers() -> None:
    person = Person(id="1", name="a", age=2)
    assert dataclasses.is_dataclass(Person)
    assert dataclasses.replace(person, age=3).age == 3
    assert dataclasses.asdict(person)["name"] == "a"


def test_version_is_available_from_a_checkout() -> None:
    assert isinstance(gault.__version__, str) and gault.__version__


def test_old_aliases_are_the_new_classes() -> None:
    from gault import exceptions, pipelines, predicates

    assert predicates.NoOp is Query
    assert pipelines.SetWindowFields is pipelines.SetWindowFieldsStep
    assert exceptions.PipelineError is CompilationError
    assert AttributeBase is AsRef
    assert predicates.ExpressionProxy is ex.ExpressionProxy
    assert isinstance(Person.age.expr, predicates.ExpressionProxy)
    assert isinstance(Person.age, predicates.ConditionInterface)
    assert isinstance(Person.age, predicates.NotInterface)
    assert isinstance(Person.age, predicates.ExpressionInterface)
    assert isinstance(Gt(1), predicates.AsExpression)


@pytest.mark.parametrize("mixin", [FieldSortInterface, InclusionInterface, Assignable])
@pytest.mark.parametrize("ref", [Field("a"), Person.name, ex.Var("a")])
def test_references_implement_the_0_14_mixins(mixin: type, ref: Any) -> None:
    assert isinstance(ref, mixin)
    assert isinstance(ref, SubfieldInterface)


def test_tmp_fields_on_field_and_var() -> None:
    assert isinstance(ex.Var("x"), TempFieldInterface)
    first, second = Field.tmp(), ex.Var.tmp()
    assert first.compile_field().startswith("__") and second.compile_field().startswith("__")
    assert first.compile_field() != Field.tmp().compile_field()
    assert second.compile_expression().startswith("$$__")


# -- §3: models ---------------------------------------------------------------------------------


def test_schema_requires_a_collection() -> None:
    with pytest.raises(TypeError):

        class NoCollection(Schema):  # type: ignore[call-arg]
            a: int


def test_registry_helpers() -> None:
    assert gault.get_collection(Person) == "compat_people"
    assert gault.get_collection(Person(id="1", name="a")) == "compat_people"
    assert gault.get_schema("compat_people") is Person

    class Shape(Model):
        a: int

    with pytest.raises(KeyError):
        gault.get_collection(Shape)
    with pytest.raises(KeyError):
        gault.get_schema("compat_no_such_collection")


def test_configure_keywords() -> None:
    parameters = inspect.signature(configure).parameters
    for name in ("default", "pk", "db_alias", "default_factory"):
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY

    class WithFactory(Model):  # 0.14 crashed on default_factory
        tags: list[str] = configure(default_factory=list)

    first, second = WithFactory(), WithFactory()
    assert first.tags == [] and first.tags is not second.tags


def test_construction_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        Person("1", "a")  # type: ignore[misc]


def test_mapper_interface() -> None:
    mapper = gault.get_mapper(Person)
    person = Person(id="1", name="a", age=3)
    assert mapper.to_document(person) == {"_id": "1", "name": "a", "person_age": 3, "score": 0.0}
    assert mapper.to_filter(person) == {"_id": "1"}
    loaded = mapper.map({"_id": "2", "name": "b", "person_age": 4, "unknown": True})
    assert loaded == Person(id="2", name="b", age=4)
    assert [(m.model_field, m.db_field, m.pk) for m in mapper.field_mapping] == [
        ("id", "_id", True),
        ("name", "name", False),
        ("age", "person_age", False),
        ("score", "score", False),
    ]
    assert mapper.db_fields == {"_id", "name", "person_age", "score"}
    entries = list(mapper.iter_document(person))
    assert [(e.model_field, e.db_field, e.value, e.pk) for e in entries][:3] == [
        ("id", "_id", "1", True),
        ("name", "name", "a", False),
        ("age", "person_age", 3, False),
    ]


def test_page_is_a_sequence_with_with_() -> None:
    page = gault.Page(instances=[1, 2, 3], total=7, page=1, per_page=3)
    assert list(page) == [1, 2, 3] and len(page) == 3 and page[1] == 2 and 3 in page
    assert list(reversed(page)) == [3, 2, 1]
    mapped = page.with_(str)
    assert mapped.instances == ["1", "2", "3"] and (mapped.total, mapped.page) == (7, 1)


# -- §4: references -------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", [Person.age, Field("person_age")])
def test_python_comparisons_build_predicates(ref: Any) -> None:
    assert compile_query(ref == 1) == {"person_age": {"$eq": 1}}
    assert compile_query(ref != 1) == {"person_age": {"$ne": 1}}
    assert compile_query(ref < 1) == {"person_age": {"$lt": 1}}
    assert compile_query(ref <= 1) == {"person_age": {"$lte": 1}}
    assert compile_query(ref > 1) == {"person_age": {"$gt": 1}}
    assert compile_query(ref >= 1) == {"person_age": {"$gte": 1}}


def test_reference_identity_is_not_fooled_by_predicates() -> None:
    assert (Person.age in [Person.name]) is False
    assert Person.age in [Person.age]
    assert Field("a") not in [Field("b")]
    assert hash(Person.age) == hash(Person.age)
    assert {Person.age: 1}[Person.age] == 1


@pytest.mark.parametrize(
    ("ref", "field", "expression"),
    [
        (Person.age, "person_age", "$person_age"),
        (Field("a.b"), "a.b", "$a.b"),
        (ex.Var("this"), "this", "$$this"),
    ],
)
def test_reference_compiles_as_field_and_path(ref: Any, field: str, expression: str) -> None:
    assert compile_field(ref) == field
    assert compile_path(ref) == expression
    assert compile_expression(ref) == expression


@pytest.mark.parametrize("ref", [Person.age, Field("person_age"), ex.Var("person_age")])
def test_sort_tokens_as_properties_and_calls(ref: Any) -> None:
    assert ref.asc == (ref, 1) and ref.asc() == (ref, 1)
    assert ref.desc == (ref, -1) and ref.desc() == (ref, -1)
    assert isinstance(ref.asc, SortKey)
    assert ref.by_score("textScore") == (ref, {"$meta": "textScore"})
    assert normalize_sort(ref.desc) == {"person_age": -1}
    assert normalize_sort([ref.desc, ("b", 1)]) == {"person_age": -1, "b": 1}


@pytest.mark.parametrize("ref", [Person.name, Field("name"), ex.Var("name")])
def test_projection_helpers(ref: Any) -> None:
    assert ref.keep() == Aliased(ref, True)
    assert ref.keep("alias") == Aliased("alias", ref)
    assert ref.remove() == Aliased(ref, "$$REMOVE")
    assert ref.assign(1) == Aliased(ref, 1)


def test_attribute_field_subpath() -> None:  # broken in 0.14
    assert Person.name.field("first").compile_field() == "name.first"
    assert Field("a").field("b").compile_field() == "a.b"
    assert ex.Var("this").field("a").compile_expression() == "$$this.a"


# §4.1 condition methods: (predicate, compiled query under the field key)
CONDITIONS: list[tuple[Any, Any]] = [
    (Person.age.eq(1), {"$eq": 1}),
    (Person.age.ne(1), {"$ne": 1}),
    (Person.age.ne(uuid.UUID(int=1)), {"$ne": compile_expression(uuid.UUID(int=1))}),
    (Person.age.gt(1), {"$gt": 1}),
    (Person.age.gte(1), {"$gte": 1}),
    (Person.age.lt(1), {"$lt": 1}),
    (Person.age.lte(1), {"$lte": 1}),
    (Person.age.in_(1, 2), {"$in": [1, 2]}),
    (Person.age.in_([1, 2]), {"$in": [1, 2]}),
    (Person.age.nin(1, 2), {"$nin": [1, 2]}),
    (Person.age.exists(True), {"$exists": True}),
    (Person.age.type("int", "long"), {"$type": ["int", "long"]}),
    (Person.age.all(1, 2), {"$all": [1, 2]}),
    (Person.age.all(ElemMatch(Gt(1))), {"$all": [{"$elemMatch": {"$gt": 1}}]}),
    (Person.age.elem_match(Gt(1), Lt(5)), {"$elemMatch": {"$gt": 1, "$lt": 5}}),
    (Person.age.size(2), {"$size": 2}),
    (Person.age.bits_all_clear(3), {"$bitsAllClear": 3}),
    (Person.age.bits_any_clear([1, 2]), {"$bitsAnyClear": [1, 2]}),
    (Person.age.bits_all_set(3), {"$bitsAllSet": 3}),
    (Person.age.bits_any_set(3), {"$bitsAnySet": 3}),
    (Person.age.mod(4, 1), {"$mod": [4, 1]}),
    (Person.age.regex("^a"), {"$regex": "^a"}),
    (Person.age.regex("^a", options="i"), {"$regex": "^a", "$options": "i"}),
    (
        Person.age.geo_intersects(geo.Point(1, 2)),
        {"$geoIntersects": {"$geometry": {"type": "Point", "coordinates": [1, 2]}}},
    ),
    (
        Person.age.geo_within(shapes.Box(shapes.Coordinates(0, 0), shapes.Coordinates(1, 1))),
        {"$geoWithin": {"$box": [[0, 0], [1, 1]]}},
    ),
    (
        Person.age.near(geo.Point(1, 2), min_distance=1, max_distance=9),
        {
            "$near": {
                "$geometry": {"type": "Point", "coordinates": [1, 2]},
                "$minDistance": 1,
                "$maxDistance": 9,
            }
        },
    ),
    (
        Person.age.near_sphere(shapes.Coordinates(1, 2), max_distance=9),
        {
            "$nearSphere": {
                "$geometry": {"type": "Point", "coordinates": [1, 2]},
                "$maxDistance": 9,
            }
        },
    ),
]


@pytest.mark.parametrize(("predicate", "expected"), CONDITIONS)
def test_condition_method(predicate: Any, expected: Any) -> None:
    assert compile_query(predicate) == {"person_age": expected}


@pytest.mark.parametrize(("predicate", "expected"), CONDITIONS[:-2])
def test_not_proxy_negates_each_method(predicate: Any, expected: Any) -> None:
    operator = predicate.operator
    assert compile_query(Person.age.not_(operator)) == {"person_age": {"$not": expected}}


def test_not_proxy_method_form() -> None:
    assert compile_query(Person.age.not_.gte(18)) == {"person_age": {"$not": {"$gte": 18}}}
    assert compile_query(Person.age.not_(Gte(18))) == {"person_age": {"$not": {"$gte": 18}}}


def test_condition_method_signatures() -> None:
    def kinds(method: Any) -> list[str]:
        return [p.kind.name for p in inspect.signature(method).parameters.values()]

    for name in ("eq", "ne", "gt", "gte", "lt", "lte", "size"):
        assert kinds(getattr(Field("a"), name)) == ["POSITIONAL_ONLY"]
    for name in ("in_", "nin", "type", "all"):
        assert kinds(getattr(Field("a"), name)) == ["VAR_POSITIONAL"]
    regex = inspect.signature(Field("a").regex).parameters
    assert regex["options"].kind is inspect.Parameter.KEYWORD_ONLY
    near = inspect.signature(Field("a").near).parameters
    assert near["min_distance"].default is None and near["max_distance"].default is None


# §4.3 logical operators
def test_logical_operators_flatten_and_negate() -> None:
    a, b, c = Person.age > 1, Person.name == "x", Person.score < 2
    assert compile_query(a & b & c) == {"$and": [compile_query(p) for p in (a, b, c)]}
    assert compile_query(a | b | c) == {"$or": [compile_query(p) for p in (a, b, c)]}
    # 0.14 raised TypeError for ~ on a Condition or an And
    assert compile_query(~(Person.age < 18)) == {"person_age": {"$not": {"$lt": 18}}}
    assert compile_query(~(a & b)) == {"$nor": [{"$and": [compile_query(a), compile_query(b)]}]}
    assert compile_query(~(a | b)) == {"$nor": [compile_query(a), compile_query(b)]}
    assert compile_query(~Nor(a, b)) == {"$or": [compile_query(a), compile_query(b)]}


def test_query_is_the_neutral_element() -> None:
    predicate = Person.age > 1
    assert compile_query(Query()) == {}
    assert compile_query(Query() & predicate) == compile_query(predicate)
    assert compile_query(Query() | predicate) == compile_query(predicate)
    assert isinstance(Query(), NoOp)


# §4.4 .expr
EXPR_CASES: list[tuple[Any, Any]] = [
    (Person.score.expr.gt(42), {"$gt": ["$score", 42]}),
    (Person.score.expr.gt(Person.age), {"$gt": ["$score", "$person_age"]}),
    (Person.score.expr.in_([1, 2]), {"$in": ["$score", [1, 2]]}),  # 0.14 built $ifNull
    (Person.score.expr.avg(), {"$avg": ["$score"]}),  # 0.14 passed the proxy; a list (#13)
    (Person.score.expr.bson_size(), {"$bsonSize": "$score"}),
    (Person.score.expr.divide(2), {"$divide": ["$score", 2]}),  # missing in 0.14
    (
        Person.score.expr.gt(1) & Person.age.expr.lt(3),
        {"$and": [{"$gt": ["$score", 1]}, {"$lt": ["$person_age", 3]}]},
    ),
    (
        Person.score.expr.gt(1) | Person.age.expr.lt(3),
        {"$or": [{"$gt": ["$score", 1]}, {"$lt": ["$person_age", 3]}]},
    ),
    (~Person.score.expr.gt(1), {"$not": [{"$gt": ["$score", 1]}]}),
    (~~Person.score.expr.gt(1), {"$gt": ["$score", 1]}),
]


@pytest.mark.parametrize(("expression", "expected"), EXPR_CASES)
def test_expr_proxy(expression: Any, expected: Any) -> None:
    assert compile_expression(expression) == expected


def test_expr_inside_match_becomes_dollar_expr() -> None:
    stages = Pipeline().match(Person.score.expr.gt(42)).build()
    assert stages == [{"$match": {"$expr": {"$gt": ["$score", 42]}}}]


def test_compile_query_accepts_expressions_and_dicts() -> None:
    assert compile_query(Person.score.expr.gt(1)) == {"$expr": {"$gt": ["$score", 1]}}
    assert compile_query({"a": 1}) == {"a": 1}
    with pytest.raises(CompilationError):
        compile_query(3)


# -- §5: predicate classes ---------------------------------------------------------------------

PREDICATE_CLASSES: list[tuple[Any, Any]] = [
    (Condition("a", Gt(1)), {"a": {"$gt": 1}}),
    (Condition(Field("a"), Eq(1)), {"a": {"$eq": 1}}),
    (And(Raw({"a": 1}), Raw({"b": 2})), {"$and": [{"a": 1}, {"b": 2}]}),
    (And([Raw({"a": 1}), Raw({"b": 2})]), {"$and": [{"a": 1}, {"b": 2}]}),
    (Or(Raw({"a": 1}), Raw({"b": 2})), {"$or": [{"a": 1}, {"b": 2}]}),
    (Nor(Raw({"a": 1}), Raw({"b": 2})), {"$nor": [{"a": 1}, {"b": 2}]}),
    (Raw({"a": {"$gt": 1}}), {"a": {"$gt": 1}}),
    (Expr(ex.Gt("$a", 1)), {"$expr": {"$gt": ["$a", 1]}}),
    (JsonSchema({"required": ["a"]}), {"$jsonSchema": {"required": ["a"]}}),
]


@pytest.mark.parametrize(("predicate", "expected"), PREDICATE_CLASSES)
def test_predicate_class(predicate: Any, expected: Any) -> None:
    assert compile_query(predicate) == expected


OPERATOR_CLASSES: list[tuple[Any, Any]] = [
    (Eq(1), {"$eq": 1}),
    (Ne(1), {"$ne": 1}),
    (Gt(1), {"$gt": 1}),
    (Gte(1), {"$gte": 1}),
    (Lt(1), {"$lt": 1}),
    (Lte(1), {"$lte": 1}),
    (In(1, 2), {"$in": [1, 2]}),
    (In([1, 2]), {"$in": [1, 2]}),
    (Nin(1, 2), {"$nin": [1, 2]}),
    (Exists(True), {"$exists": True}),
    (Type("string"), {"$type": ["string"]}),
    (All(1, 2), {"$all": [1, 2]}),
    (ElemMatch(Gt(1)), {"$elemMatch": {"$gt": 1}}),
    (Size(3), {"$size": 3}),
    (BitsAllClear(1), {"$bitsAllClear": 1}),
    (BitsAllSet(1), {"$bitsAllSet": 1}),
    (BitsAnyClear(1), {"$bitsAnyClear": 1}),
    (BitsAnySet(1), {"$bitsAnySet": 1}),
    (Mod(2, 0), {"$mod": [2, 0]}),
    (Regex("^a", "i"), {"$regex": "^a", "$options": "i"}),
    (Regex(regex="^a", options="i"), {"$regex": "^a", "$options": "i"}),
    (Not(Gt(1)), {"$not": {"$gt": 1}}),
    (
        GeoIntersects(geo.Point(0, 1)),
        {"$geoIntersects": {"$geometry": {"type": "Point", "coordinates": [0, 1]}}},
    ),
    (GeoWithin(shapes.Center(0, 0, 2)), {"$geoWithin": {"$center": [[0, 0], 2]}}),
    (
        Near(geo.Point(0, 1), max_distance=5),
        {"$near": {"$geometry": {"type": "Point", "coordinates": [0, 1]}, "$maxDistance": 5}},
    ),
    (
        NearSphere(geo.Point(0, 1), min_distance=5),
        {
            "$nearSphere": {
                "$geometry": {"type": "Point", "coordinates": [0, 1]},
                "$minDistance": 5,
            }
        },
    ),
]


@pytest.mark.parametrize(("operator", "expected"), OPERATOR_CLASSES)
def test_operator_class_under_a_condition(operator: Any, expected: Any) -> None:
    assert compile_query(Condition("f", operator)) == {"f": expected}


EXPRESSION_FORMS: list[tuple[Any, Any]] = [
    (Condition("a", Eq(1)), {"$eq": ["$a", 1]}),
    (Condition("a", Ne(1)), {"$ne": ["$a", 1]}),
    (Condition("a", Gt(1)), {"$gt": ["$a", 1]}),
    (Condition("a", Lte(1)), {"$lte": ["$a", 1]}),
    (Condition("a", In(1, 2)), {"$in": ["$a", [1, 2]]}),
    (Nor(Condition("a", Gt(1))), {"$not": [{"$or": [{"$gt": ["$a", 1]}]}]}),
    (Condition("a", Not(Gt(1))), {"$not": [{"$gt": ["$a", 1]}]}),  # recursed forever in 0.14
    (Expr(ex.Gt("$a", 1)), {"$gt": ["$a", 1]}),
    (Query(), True),
]


@pytest.mark.parametrize(("predicate", "expected"), EXPRESSION_FORMS)
def test_predicate_expression_form(predicate: Any, expected: Any) -> None:
    assert compile_expression(ex.Cond(predicate, 1, 0)) == {
        "$cond": {"if": expected, "then": 1, "else": 0}
    }


def test_expression_forms_of_size_and_regex_are_guarded() -> None:
    size = compile_expression(ex.Cond(Condition("a", Size(2)), 1, 0))["$cond"]["if"]
    regex = compile_expression(ex.Cond(Condition("a", Regex("^x")), 1, 0))["$cond"]["if"]
    assert "$size" in str(size) and "$regexMatch" in str(regex)


# -- §6: pipelines -------------------------------------------------------------------------------

STAGES: list[tuple[Any, Any]] = [
    (Pipeline().match(), [{"$match": {}}]),
    (Pipeline().match(Person.age > 1), [{"$match": {"person_age": {"$gt": 1}}}]),
    (
        Pipeline().match(Person.age > 1, {"a": 1}),
        [{"$match": {"$and": [{"person_age": {"$gt": 1}}, {"a": 1}]}}],
    ),
    (Pipeline().match([{"a": 1}]), [{"$match": {"a": 1}}]),
    (Pipeline().match(JsonSchema({})), [{"$match": {"$jsonSchema": {}}}]),
    (Pipeline().skip(2), [{"$skip": 2}]),
    (Pipeline().skip(None), []),
    (Pipeline().take(3), [{"$limit": 3}]),
    (Pipeline().take(None), []),
    (Pipeline().limit(3), [{"$limit": 3}]),
    (Pipeline().sample(4), [{"$sample": {"size": 4}}]),
    (Pipeline().sample(None), []),
    (Pipeline().sort(None), []),
    (Pipeline().sort(), []),  # 0.14 emitted {"$sort": None}
    (Pipeline().sort(Person.age.desc), [{"$sort": {"person_age": -1}}]),
    (  # a single list argument crashed in 0.14
        Pipeline().sort([Person.age.desc, Person.name.asc]),
        [{"$sort": {"person_age": -1, "name": 1}}],
    ),
    (Pipeline().sort({Person.age: -1, "name": None}), [{"$sort": {"person_age": -1, "name": 1}}]),
    (Pipeline().sort(Person.age.desc, "name"), [{"$sort": {"person_age": -1, "name": 1}}]),
    (
        Pipeline().project(Person),
        [{"$project": {"_id": 1, "name": 1, "person_age": 1, "score": 1}}],
    ),
    (
        Pipeline().project(Person(id="x", name="y")),
        [{"$project": {"_id": 1, "name": 1, "person_age": 1, "score": 1}}],
    ),
    (
        Pipeline().project({"a": True, "b": Person.age}),
        [{"$project": {"_id": False, "a": True, "b": "$person_age"}}],
    ),
    (
        Pipeline().project(Person.age.keep(), Person.name.remove()),
        [{"$project": {"_id": False, "person_age": True, "name": "$$REMOVE"}}],
    ),
    (
        Pipeline().project([Person.age.keep("years")]),
        [{"$project": {"_id": False, "years": "$person_age"}}],
    ),
    (
        Pipeline().group({"total": acc.Sum(Person.score)}, by=Person.name),
        [{"$group": {"_id": "$name", "total": {"$sum": "$score"}}}],
    ),
    (
        Pipeline().group(acc.Sum(1).alias("n"), by=None),
        [{"$group": {"_id": None, "n": {"$sum": 1}}}],
    ),
    (
        Pipeline().group([acc.Sum(1).alias("n"), acc.Avg("$x").alias("m")], by=None),
        [{"$group": {"_id": None, "n": {"$sum": 1}, "m": {"$avg": "$x"}}}],
    ),
    (Pipeline().group(None, by=Person.name), [{"$group": {"_id": "$name"}}]),
    (
        Pipeline().bucket(None, by="$x", boundaries=[0, 1]),
        [{"$bucket": {"groupBy": "$x", "boundaries": [0, 1]}}],
    ),
    (
        Pipeline().bucket_auto(None, by="$x", buckets=2),
        [{"$bucketAuto": {"groupBy": "$x", "buckets": 2}}],
    ),
    (Pipeline().set({"a": Person.age}), [{"$set": {"a": "$person_age"}}]),
    (Pipeline().set(Field("b").assign(1)), [{"$set": {"b": 1}}]),
    (Pipeline().set({}), []),
    (
        Pipeline().set_field("a", ex.Add(Person.age, 1)),
        [{"$set": {"a": {"$add": ["$person_age", 1]}}}],
    ),
    (Pipeline().unset("a", Person.age), [{"$unset": ["a", "person_age"]}]),
    (Pipeline().unset(), []),
    (
        Pipeline().unwind("$tags", include_array_index="i", preserve_null_and_empty_arrays=True),
        [
            {
                "$unwind": {
                    "path": "$tags",
                    "includeArrayIndex": "i",  # 0.14 emitted "$i", which MongoDB rejects
                    "preserveNullAndEmptyArrays": True,
                }
            }
        ],
    ),
    (Pipeline().unwind(Field("tags")), [{"$unwind": {"path": "$tags"}}]),
    (Pipeline().count("n"), [{"$count": "n"}]),
    (Pipeline().replace_with(Person.name), [{"$replaceWith": "$name"}]),  # uncompiled in 0.14
    (
        Pipeline().replace_with(ex.MergeObjects("$a", {"b": Person.age})),
        [{"$replaceWith": {"$mergeObjects": ["$a", {"b": "$person_age"}]}}],
    ),
    (
        Pipeline().union_with("other"),
        [{"$unionWith": {"coll": "other", "pipeline": []}}],
    ),  # rejected in 0.14
    (
        Pipeline().union_with(CollectionPipeline("other").match({"a": 1})),
        [{"$unionWith": {"coll": "other", "pipeline": [{"$match": {"a": 1}}]}}],
    ),
    (
        Pipeline().union_with(Person),
        [
            {
                "$unionWith": {
                    "coll": "compat_people",
                    "pipeline": [{"$project": {"_id": 1, "name": 1, "person_age": 1, "score": 1}}],
                }
            }
        ],
    ),
    (
        Pipeline().lookup(Person, local_field="pid", foreign_field=Person.id, into="p"),
        [
            {
                "$lookup": {
                    "from": "compat_people",
                    "localField": "pid",
                    "foreignField": "_id",
                    "as": "p",
                }
            }
        ],
    ),
    (
        Pipeline().lookup(Pipeline.documents({"a": 1}), into="p"),
        [{"$lookup": {"pipeline": [{"$documents": [{"a": 1}]}], "as": "p"}}],
    ),
    (  # no let in 0.14
        Pipeline().lookup(
            CollectionPipeline("o").match(Field("x").expr.eq(ex.Var("v"))),
            let={"v": "$a"},
            into="p",
        ),
        [
            {
                "$lookup": {
                    "from": "o",
                    "let": {"v": "$a"},
                    "pipeline": [{"$match": {"$expr": {"$eq": ["$x", "$$v"]}}}],
                    "as": "p",
                }
            }
        ],
    ),
    (
        Pipeline().graph_lookup(
            Person, start_with="$a", local_field="b", foreign_field="c", into="d", max_depth=2
        ),
        [
            {
                "$graphLookup": {
                    "from": "compat_people",
                    "startWith": "$a",
                    "connectFromField": "b",
                    "connectToField": "c",
                    "as": "d",
                    "maxDepth": 2,
                }
            }
        ],
    ),
    (Pipeline().facet({"a": Pipeline().count("n")}), [{"$facet": {"a": [{"$count": "n"}]}}]),
    (Pipeline().facet(Pipeline().count("n").alias("a")), [{"$facet": {"a": [{"$count": "n"}]}}]),
    (
        Pipeline().bucket({"n": acc.Sum(1)}, by=Person.age, boundaries=[0, 10], default="x"),
        [
            {
                "$bucket": {
                    "groupBy": "$person_age",
                    "boundaries": [0, 10],
                    "default": "x",
                    "output": {"n": {"$sum": 1}},
                }
            }
        ],
    ),
    (
        Pipeline().bucket_auto({"n": acc.Sum(1)}, by=Person.age, buckets=3, granularity="R5"),
        [
            {
                "$bucketAuto": {
                    "groupBy": "$person_age",
                    "buckets": 3,
                    "granularity": "R5",
                    "output": {"n": {"$sum": 1}},
                }
            }
        ],
    ),
    (
        Pipeline().set_window_fields(
            {"c": win.Sum(Person.score, window_documents=("unbounded", "current"))},
            sort_by=Person.age,
            partition_by=Person.name,
        ),
        [
            {
                "$setWindowFields": {
                    "partitionBy": "$name",
                    "sortBy": {"person_age": 1},
                    "output": {  # bounds nested under "window" (0.14 put them beside $sum)
                        "c": {"$sum": "$score", "window": {"documents": ["unbounded", "current"]}}
                    },
                }
            }
        ],
    ),
    (
        Pipeline().search(index="default", text={"query": "x", "path": "name"}),
        [{"$search": {"index": "default", "text": {"query": "x", "path": "name"}}}],
    ),
    (
        Pipeline().search_meta(index="default", exists={"path": "name"}),
        [{"$searchMeta": {"index": "default", "exists": {"path": "name"}}}],
    ),
    (
        Pipeline().vector_search(
            index="v", path="e", query_vector=[1.0], num_candidates=10, limit=2, filter={"a": 1}
        ),
        [
            {
                "$vectorSearch": {
                    "index": "v",
                    "path": "e",
                    "queryVector": [1.0],
                    "numCandidates": 10,
                    "limit": 2,
                    "filter": {"a": 1},
                }
            }
        ],
    ),
    (Pipeline().raw({"$out": "x"}), [{"$out": "x"}]),
    (Pipeline().pipe(lambda p, n: p.take(n), 3), [{"$limit": 3}]),
    (
        Pipeline.documents({"a": 1}, {"a": 2}).match({"a": 1}),
        [{"$documents": [{"a": 1}, {"a": 2}]}, {"$match": {"a": 1}}],
    ),
    (Pipeline.documents([{"a": 1}]), [{"$documents": [{"a": 1}]}]),
]


@pytest.mark.parametrize(("pipeline", "expected"), STAGES)
def test_stage(pipeline: Pipeline, expected: list[dict[str, Any]]) -> None:
    assert pipeline.build() == expected


def test_pipeline_is_immutable_and_keeps_its_type() -> None:
    base = Pipeline()
    longer = base.take(1)
    assert base.build() == [] and longer.build() == [{"$limit": 1}]
    assert type(CollectionPipeline("x").take(1)) is CollectionPipeline
    assert isinstance(Pipeline.documents({"a": 1}), DocumentsPipeline)
    assert CollectionPipeline("x").collection == "x"


def test_pipeline_build_accepts_the_0_14_context() -> None:
    assert Pipeline().take(1).build(context={}) == [{"$limit": 1}]
    assert Pipeline().take(1).build(context=None) == [{"$limit": 1}]


def test_pipeline_add_step_and_steps() -> None:
    from gault.pipelines import RawStep

    pipeline = Pipeline().add_step(RawStep({"$limit": 1}))
    assert pipeline.build() == [{"$limit": 1}]
    assert Pipeline(steps=[{"$limit": 2}]).build() == [{"$limit": 2}]
    assert isinstance(Pipeline().alias("p"), Aliased)


def test_stage_method_signatures() -> None:
    def names(method: Any) -> dict[str, str]:
        return {
            name: parameter.kind.name
            for name, parameter in inspect.signature(method).parameters.items()
            if name != "self"
        }

    assert names(Pipeline.bucket)["by"] == "KEYWORD_ONLY"
    assert names(Pipeline.bucket_auto)["granularity"] == "KEYWORD_ONLY"
    assert names(Pipeline.group)["by"] == "KEYWORD_ONLY"
    lookup = names(Pipeline.lookup)
    assert {"local_field", "foreign_field", "into"} <= set(lookup)
    unwind = names(Pipeline.unwind)
    assert unwind["include_array_index"] == "KEYWORD_ONLY"
    assert unwind["preserve_null_and_empty_arrays"] == "KEYWORD_ONLY"
    window = names(Pipeline.set_window_fields)
    assert window["sort_by"] == window["partition_by"] == "KEYWORD_ONLY"
    vector = names(Pipeline.vector_search)
    assert {"index", "path", "query_vector", "num_candidates", "limit", "filter"} <= set(vector)
    graph = names(Pipeline.graph_lookup)
    for name in (
        "start_with",
        "local_field",
        "foreign_field",
        "into",
        "max_depth",
        "depth_field",
        "restrict_search_with_match",
    ):
        assert name in graph


# -- §7: expressions -----------------------------------------------------------------------------

EXPRESSION_CLASSES: list[tuple[Any, Any]] = [
    (
        ex.DateTrunc("$d", "day", bin_size=2, timezone="UTC", start_of_week=None),
        {"$dateTrunc": {"date": "$d", "unit": "day", "binSize": 2, "timezone": "UTC"}},
    ),
    (ex.Year("$d"), {"$year": {"date": "$d"}}),
    (ex.Year("$d", timezone="UTC"), {"$year": {"date": "$d", "timezone": "UTC"}}),
    (ex.Not("$a"), {"$not": ["$a"]}),
    (
        ex.Cond(Person.age > 1, "a", "b"),
        {"$cond": {"if": {"$gt": ["$person_age", 1]}, "then": "a", "else": "b"}},
    ),
    (
        ex.Switch([(Field("a").expr.gt(1), "x")], default="y"),
        {"$switch": {"branches": [{"case": {"$gt": ["$a", 1]}, "then": "x"}], "default": "y"}},
    ),
    (ex.IndexOfArray("$a", 1, end=3), {"$indexOfArray": ["$a", 1, 0, 3]}),
    (ex.StrCaseCmp("$a", "$b"), {"$strcasecmp": ["$a", "$b"]}),
    (ex.SubStrCP("$a", 0, 2), {"$substrCP": ["$a", 0, 2]}),
    (ex.SubStrBytes("$a", 0, 2), {"$substrBytes": ["$a", 0, 2]}),
    (ex.Median("$a"), {"$median": {"input": "$a", "method": "approximate"}}),  # abstract in 0.14
    (
        ex.Percentile("$a", [0.5]),
        {"$percentile": {"input": "$a", "p": [0.5], "method": "approximate"}},
    ),
    (ex.Let({"x": 1}, into=ex.Var("x")), {"$let": {"vars": {"x": 1}, "in": "$$x"}}),
    (
        ex.Let(ex.Add("$a", 1).alias("x"), into=ex.Var("x")),
        {"$let": {"vars": {"x": {"$add": ["$a", 1]}}, "in": "$$x"}},
    ),
    (ex.Raw({"$add": ["$a", 1]}), {"$add": ["$a", 1]}),
    (ex.Var("NOW"), "$$NOW"),
    (
        ex.Filter("$a", lambda v: v.gt(1)),
        {"$filter": {"input": "$a", "cond": {"$gt": ["$$this", 1]}}},
    ),
    (  # 0.14 callables received (variable, context)
        ex.Filter("$a", lambda v, context: v.gt(1)),
        {"$filter": {"input": "$a", "cond": {"$gt": ["$$this", 1]}}},
    ),
    (
        ex.Map("$a", lambda v, context: v.add(1), var="x"),
        {"$map": {"input": "$a", "as": "x", "in": {"$add": ["$$x", 1]}}},
    ),
]


@pytest.mark.parametrize(("expression", "expected"), EXPRESSION_CLASSES)
def test_expression_class(expression: Any, expected: Any) -> None:
    assert compile_expression(expression) == expected


@pytest.mark.parametrize(
    "cls",
    [ex.Add, ex.BitAnd, ex.BitOr, ex.SetEquals, ex.SetIntersection, ex.SetUnion],
)
def test_expression_arity_is_checked(cls: type) -> None:
    with pytest.raises((TypeError, ValueError)):
        cls()


FLUENT = [
    "abs",
    "acos",
    "acosh",
    "add",
    "all_elements_true",
    "any_elements_true",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "avg",
    "binary_size",
    "bit_and",
    "bit_not",
    "bit_or",
    "bit_xor",
    "bson_size",
    "ceil",
    "cmp",
    "concat",
    "cos",
    "cosh",
    "date_add",
    "date_diff",
    "date_from_string",
    "date_subtract",
    "date_to_parts",
    "date_to_string",
    "date_trunc",
    "day_of_month",
    "day_of_week",
    "day_of_year",
    "degrees_to_radians",
    "eq",
    "exp",
    "filter",
    "floor",
    "get_field",
    "gt",
    "gte",
    "hour",
    "in_",
    "index_of_array",
    "index_of_bytes",
    "index_of_cp",
    "is_array",
    "is_number",
    "iso_day_of_week",
    "iso_week_year",
    "ln",
    "log",
    "log10",
    "trim",
    "ltrim",
    "rtrim",
    "lt",
    "lte",
    "map",
    "max",
    "max_n",
    "min",
    "min_n",
    "millisecond",
    "minute",
    "mod",
    "month",
    "multiply",
    "ne",
    "not_",
    "object_to_array",
    "pow",
    "radians_to_degrees",
    "reduce",
    "regex_find",
    "regex_find_all",
    "regex_match",
    "replace_one",
    "replace_all",
    "reverse_array",
    "round",
    "sample_rate",
    "second",
    "set_difference",
    "set_equals",
    "set_intersection",
    "set_is_subset",
    "set_union",
    "set_field",
    "sigmoid",
    "size",
    "sin",
    "sinh",
    "sort_array",
    "split",
    "sqrt",
    "str_case_cmp",
    "str_len_bytes",
    "str_len_cp",
    "sub_str_bytes",
    "subtract",
    "tan",
    "tanh",
    "to_bool",
    "to_date",
    "to_decimal",
    "to_double",
    "to_hashed_index_key",
    "to_int",
    "to_long",
    "to_object_id",
    "to_string",
    "to_lower",
    "to_upper",
    "to_uuid",
    "ts_increment",
    "ts_second",
    "trunc",
    "type",
    "unset_field",
    "week",
    "year",
    "zip",
]


@pytest.mark.parametrize("method", FLUENT)
@pytest.mark.parametrize("owner", [ex.Var("v"), Field("v").expr, Person.age.expr])
def test_fluent_method_exists(owner: Any, method: str) -> None:
    assert callable(getattr(owner, method))


def test_fluent_unary_methods_use_the_field_not_the_proxy() -> None:
    for method in ("abs", "ceil", "avg", "bson_size", "to_string", "all_elements_true"):
        compiled = compile_expression(getattr(Person.age.expr, method)())
        assert "$person_age" in str(compiled), method


# -- §8: accumulators and window operators ---------------------------------------------------

ACCUMULATORS: list[tuple[Any, Any]] = [
    (acc.AddToSet("$a"), {"$addToSet": "$a"}),
    (acc.Avg("$a"), {"$avg": "$a"}),
    (acc.Bottom(Field("a").asc, "$b"), {"$bottom": {"sortBy": {"a": 1}, "output": "$b"}}),
    (acc.BottomN(2, "a", "$b"), {"$bottomN": {"n": 2, "sortBy": {"a": 1}, "output": "$b"}}),
    (acc.Count(), {"$count": {}}),
    (acc.First("$a"), {"$first": "$a"}),
    (acc.FirstN("$a", 2), {"$firstN": {"input": "$a", "n": 2}}),
    (acc.Last("$a"), {"$last": "$a"}),
    (acc.LastN("$a", 2), {"$lastN": {"input": "$a", "n": 2}}),
    (acc.Max("$a"), {"$max": "$a"}),
    (acc.MaxN("$a", 2), {"$maxN": {"input": "$a", "n": 2}}),
    (acc.Median("$a"), {"$median": {"input": "$a", "method": "approximate"}}),
    (acc.MergeObjects("$a"), {"$mergeObjects": "$a"}),
    (acc.Min("$a"), {"$min": "$a"}),
    (acc.MinN("$a", 2), {"$minN": {"input": "$a", "n": 2}}),
    (
        acc.Percentile("$a", [0.5]),
        {"$percentile": {"input": "$a", "p": [0.5], "method": "approximate"}},
    ),
    (acc.Push("$a"), {"$push": "$a"}),
    (acc.StdDevPop("$a"), {"$stdDevPop": "$a"}),
    (acc.StdDevSamp("$a"), {"$stdDevSamp": "$a"}),
    (acc.Sum("$a"), {"$sum": "$a"}),
    (acc.Top(Field("a").desc, "$b"), {"$top": {"sortBy": {"a": -1}, "output": "$b"}}),
    (
        acc.TopN(2, [Field("a").desc], "$b"),
        {"$topN": {"n": 2, "sortBy": {"a": -1}, "output": "$b"}},
    ),
]


@pytest.mark.parametrize(("accumulator", "expected"), ACCUMULATORS)
def test_accumulator(accumulator: Any, expected: Any) -> None:
    assert acc.compile_accumulator(accumulator) == expected
    assert isinstance(accumulator, acc.Accumulator)


def test_compile_accumulator_accepts_raw_documents() -> None:
    assert acc.compile_accumulator({"$sum": 1}) == {"$sum": 1}


WINDOW: list[tuple[Any, Any]] = [
    (win.Sum("$a"), {"$sum": "$a"}),
    (
        win.Avg("$a", window_range=(-1, 1), window_unit="day"),
        {"$avg": "$a", "window": {"range": [-1, 1], "unit": "day"}},
    ),
    (
        win.Push("$a", window_documents=("unbounded", "current")),
        {"$push": "$a", "window": {"documents": ["unbounded", "current"]}},
    ),
    (win.Count(), {"$count": {}}),
    (win.Rank(), {"$rank": {}}),
    (win.DenseRank(), {"$denseRank": {}}),
    (win.DocumentNumber(), {"$documentNumber": {}}),
    (win.ExpMovingAvg("$a", n=2), {"$expMovingAvg": {"input": "$a", "N": 2}}),
    (win.ExpMovingAvg("$a", alpha=0.5), {"$expMovingAvg": {"input": "$a", "alpha": 0.5}}),
    (win.Shift("$a", 1, 0), {"$shift": {"output": "$a", "by": 1, "default": 0}}),
    (win.LinearFill("$a"), {"$linearFill": "$a"}),
    (win.Locf("$a"), {"$locf": "$a"}),
    (win.CovariancePop("$a", "$b"), {"$covariancePop": ["$a", "$b"]}),
    (win.CovarianceSamp("$a", "$b"), {"$covarianceSamp": ["$a", "$b"]}),
    (
        win.Derivative("$a", unit="hour", window_documents=(-1, 0)),
        {"$derivative": {"input": "$a", "unit": "hour"}, "window": {"documents": [-1, 0]}},
    ),
    (win.Integral("$a"), {"$integral": {"input": "$a"}}),
]


@pytest.mark.parametrize(("operator", "expected"), WINDOW)
def test_window_operator(operator: Any, expected: Any) -> None:
    assert compile_expression(operator) == expected
    assert isinstance(operator, win.WindowOperator)


def test_exp_moving_avg_needs_exactly_one_of_n_alpha() -> None:
    with pytest.raises(TypeError):
        win.ExpMovingAvg("$a")
    with pytest.raises(TypeError):
        win.ExpMovingAvg("$a", n=2, alpha=0.5)


# -- §9: geo ---------------------------------------------------------------------------------------

LINE = geo.LineString([geo.Point(0, 0), geo.Point(1, 1), geo.Point(1, 0), geo.Point(0, 0)])

GEO: list[tuple[Any, Any]] = [
    (geo.Point(1, 2), {"type": "Point", "coordinates": [1, 2]}),
    (LINE, {"type": "LineString", "coordinates": [[0, 0], [1, 1], [1, 0], [0, 0]]}),
    (geo.Polygon([LINE]), {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 0]]]}),
    (
        geo.MultiPoint([geo.Point(0, 0), geo.Point(1, 1)]),
        {"type": "MultiPoint", "coordinates": [[0, 0], [1, 1]]},
    ),
    (
        geo.MultiLineString([LINE]),
        {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 0]]]},
    ),
    (
        geo.MultiPolygon([geo.Polygon([LINE])]),
        {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 1], [1, 0], [0, 0]]]]},
    ),
    (
        geo.GeometryCollection([geo.Point(1, 2)]),
        {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}]},
    ),
]


@pytest.mark.parametrize(("geometry", "expected"), GEO)
def test_geojson_geometry(geometry: Any, expected: Any) -> None:
    assert geometry.compile_expression() == {"$geometry": expected}
    assert geo.compile_geo(geometry) == {"$geometry": expected}
    assert geo.compile_geo(expected) == {"$geometry": expected}


def test_polygon_crs() -> None:
    crs = "urn:x-mongodb:crs:strictwinding:EPSG:4326"
    compiled = geo.Polygon([LINE], crs=crs).compile_expression()["$geometry"]
    assert compiled["crs"] == {"type": "name", "properties": {"name": crs}}


LEGACY: list[tuple[Any, Any]] = [
    (shapes.Box(shapes.Coordinates(0, 0), shapes.Coordinates(1, 1)), {"$box": [[0, 0], [1, 1]]}),
    (shapes.Center(0, 0, 1), {"$center": [[0, 0], 1]}),
    (shapes.CenterSphere(0, 0, 1), {"$centerSphere": [[0, 0], 1]}),
    (
        shapes.Polygon(
            [shapes.Coordinates(0, 0), shapes.Coordinates(1, 1), shapes.Coordinates(1, 0)]
        ),
        {"$polygon": [[0, 0], [1, 1], [1, 0]]},
    ),
    (shapes.Coordinates(1, 2), {"$geometry": {"type": "Point", "coordinates": [1, 2]}}),
    ({"$box": [[0, 0], [1, 1]]}, {"$box": [[0, 0], [1, 1]]}),
]


@pytest.mark.parametrize(("shape", "expected"), LEGACY)
def test_legacy_shapes(shape: Any, expected: Any) -> None:
    assert geo.compile_geo(shape) == expected


def test_compile_geo_rejects_other_values() -> None:
    with pytest.raises(TypeError):
        geo.compile_geo(3)


# -- §11: sorting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (None, None),
        ([], None),
        ({}, None),
        ("name", {"name": 1}),
        ("-name", {"name": -1}),  # SPEC §4: "-name" is descending
        (Person.age, {"person_age": 1}),
        ((Person.age, None), {"person_age": 1}),
        ((Person.age, -1), {"person_age": -1}),
        (Person.age.by_score("textScore"), {"person_age": {"$meta": "textScore"}}),
        ([Person.age.desc, "name"], {"person_age": -1, "name": 1}),
        ({Person.age: -1, "name": None}, {"person_age": -1, "name": 1}),
    ],
)
def test_normalize_sort(payload: Any, expected: Any) -> None:
    assert normalize_sort(payload) == expected


def test_normalize_token() -> None:
    assert normalize_token(Person.age.desc) == ("person_age", -1)
    assert normalize_token("a") == ("a", 1)
    with pytest.raises(ValueError):
        normalize_sort(("a", 2))


# -- compilers, utils ---------------------------------------------------------------------------


def test_compile_functions_accept_the_0_14_context() -> None:
    assert compile_expression(Person.age, {}) == "$person_age"
    assert compile_query(Person.age > 1, context={}) == {"person_age": {"$gt": 1}}
    assert compile_field(Person.age, {}) == "person_age"
    assert compile_path("a", context=None) == "$a"


def test_compile_expression_multi() -> None:
    assert compile_expression_multi(Person.age, 1) == ["$person_age", 1]
    assert compile_expression_multi([Person.age, ex.Add("$a", 1)]) == [
        "$person_age",
        {"$add": ["$a", 1]},
    ]


def test_compilation_errors() -> None:
    with pytest.raises(CompilationError):
        compile_field("$a")
    with pytest.raises(CompilationError):
        compile_expression(object())
    error = CompilationError("message", 3)
    assert (error.message, error.target) == ("message", 3)


def test_utils() -> None:
    from gault import utils

    async def numbers() -> AsyncIterator[int]:
        for number in (1, 2):
            yield number

    assert asyncio.run(to_list(numbers())) == [1, 2]
    assert drop_missing({"a": 1, "b": dataclasses.MISSING}) == {"a": 1}
    assert utils.nullfree_dict({"a": 1, "b": None}) == {"a": 1}
    assert utils.nullfree_list([1, None, 2]) == [1, 2]
    assert utils.unwrap_array(([1, 2],)) == [1, 2] and utils.unwrap_array((1, 2)) == [1, 2]
    assert utils.unwrap_single_element([1]) == 1 and utils.unwrap_single_element([1, 2]) == [1, 2]


def test_interfaces_are_abstract_bases() -> None:
    assert isinstance(Person.age > 1, QueryPredicate)
    assert isinstance(ex.Add("$a", 1), ExpressionOperator)
    assert isinstance(acc.Sum(1), AsAlias)
    aliased = ex.Add("$a", 1).alias("x")
    assert aliased.ref == "x" and compile_expression(aliased.value) == {"$add": ["$a", 1]}


@pytest.mark.parametrize(
    "build",
    [
        lambda: win.FirstN("$b", 2),
        lambda: win.LastN("$b", 2),
        lambda: win.MaxN("$b", 2),
        lambda: win.MinN("$b", 2),
        lambda: acc.FirstN(2, "$b"),
    ],
)
def test_n_operators_in_the_other_order_raise(build: Any) -> None:
    # Window FirstN/LastN/MaxN/MinN take 0.14's (n, input) (#13); the accumulators take
    # (input, n), as in 0.14. The other order is an error, never a silently wrong stage.
    with pytest.raises(TypeError, match="swapped"):
        build()


def test_window_n_operators_take_n_then_input() -> None:
    assert compile_expression(win.FirstN(2, "$b")) == {"$firstN": {"input": "$b", "n": 2}}
    assert compile_expression(win.TopN("a", "$b", 2)) == {
        "$topN": {"n": 2, "sortBy": {"a": 1}, "output": "$b"}
    }


def test_field_is_a_generic_annotation() -> None:
    # 0.14's Field was not subscriptable: ``name: Field[str]`` failed without postponed
    # annotations and typing.get_type_hints broke. Here the annotations are real objects.
    import typing

    annotations = {"id": Field[str], "tags": Field[list[str]]}
    eager: Any = type(
        "Eager", (Schema,), {"__annotations__": annotations}, collection="compat_eager"
    )
    hints = typing.get_type_hints(eager)
    assert hints["id"] == Field[str] and hints["tags"] == Field[list[str]]
    assert eager(id="1", tags=["a"]).tags == ["a"]
