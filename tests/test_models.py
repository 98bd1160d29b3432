"""Models: class creation, fields, construction, assignment, references (no server)."""

from __future__ import annotations

import copy
import datetime
import gc
import inspect
import pickle
from typing import Any, ClassVar

import pytest
from bson import ObjectId

from gault._schema.changes import init_tracking
from gault._schema.plan import plan_of
from gault.exceptions import ValidationError
from gault.models import (
    MISSING,
    Attribute,
    Model,
    Schema,
    configure,
    fields,
    get_collection,
    get_schema,
)
from gault.predicates import Field


class Address(Model):
    city: Field[str] = configure(db_alias="city_name")
    zip: Field[str] = "00000"


class Person(Schema, collection="models_people"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(db_alias="person_age", default=0)
    address: Field[Address | None] = None
    addresses: Field[list[Address]] = configure(default_factory=list)
    tags: list[str] = configure(default_factory=list)
    scores: dict[str, list[Address]] = configure(default_factory=dict)


class Employee(Person):
    company: str = "acme"


class Archived(Person, collection="models_archive"):
    reason: str = ""


class Later(Model):
    child: Child | None = None
    children: list[Child] = configure(default_factory=list)


class Child(Model):
    name: str


# -- class creation -------------------------------------------------------------------------


def test_fields_in_declaration_order_with_db_keys() -> None:
    specs = fields(Person)
    assert [spec.name for spec in specs] == [
        "id",
        "name",
        "age",
        "address",
        "addresses",
        "tags",
        "scores",
    ]
    assert [spec.db_key for spec in specs] == [
        "_id",
        "name",
        "person_age",
        "address",
        "addresses",
        "tags",
        "scores",
    ]
    by_name = {spec.name: spec for spec in specs}
    assert by_name["id"].pk is True
    assert by_name["name"].pk is False
    assert by_name["name"].annotation is str
    assert by_name["name"].required is True
    assert by_name["age"].default == 0
    assert by_name["age"].required is False
    assert by_name["tags"].default_factory is list
    assert by_name["tags"].default is MISSING
    assert by_name["address"].embedded is Address
    assert by_name["addresses"].embedded is Address
    assert by_name["scores"].embedded is Address
    assert by_name["tags"].embedded is None
    assert by_name["age"].version is False


def test_fields_accepts_an_instance() -> None:
    assert fields(Person(id="1", name="a")) == fields(Person)


def test_fields_rejects_other_objects() -> None:
    with pytest.raises(TypeError, match="Model"):
        fields(dict)  # type: ignore[arg-type]


def test_inheritance_appends_fields_and_keeps_the_collection() -> None:
    assert [spec.name for spec in fields(Employee)][-1] == "company"
    assert [spec.name for spec in fields(Employee)][:-1] == [spec.name for spec in fields(Person)]
    assert get_collection(Employee) == "models_people"
    assert get_collection(Archived) == "models_archive"
    assert Employee.name is not Person.name
    assert Employee.age.compile_field() == "person_age"


def test_subclass_redeclaring_a_field_keeps_its_position() -> None:
    class Base(Model):
        a: int
        b: int

    class Sub(Base):
        a: int = 5
        c: int = 0

    assert [spec.name for spec in fields(Sub)] == ["a", "b", "c"]
    assert Sub(b=1).a == 5


def test_class_vars_and_plain_methods_are_not_fields() -> None:
    class WithClassVar(Model):
        kind: ClassVar[str] = "x"
        name: str

        def shout(self) -> str:
            return self.name.upper()

    assert [spec.name for spec in fields(WithClassVar)] == ["name"]
    assert WithClassVar(name="a").shout() == "A"
    assert WithClassVar.kind == "x"


def test_forward_references_resolve_lazily() -> None:
    later = Later(child=Child(name="a"), children=[Child(name="b")])
    assert later.child == Child(name="a")
    assert Later.children.name.compile_field() == "children.name"
    assert fields(Later)[0].embedded is Child


def test_local_models_with_string_annotations() -> None:
    class Inner(Model):
        value: int

    class Outer(Model):
        inner: Inner
        inners: list[Inner]

    outer = Outer(inner=Inner(value=1), inners=[])
    assert outer.inner.value == 1
    assert fields(Outer)[0].embedded is Inner


def test_schema_needs_a_collection() -> None:
    with pytest.raises(TypeError, match="NoCollection: a Schema needs a collection"):

        class NoCollection(Schema):
            name: str


def test_collection_must_be_a_non_empty_string() -> None:
    with pytest.raises(TypeError, match="collection must be a non-empty str"):

        class Empty(Schema, collection=""):
            name: str


def test_model_may_name_a_collection() -> None:
    class ReadOnly(Model, collection="models_read_only"):
        name: str

    assert get_collection(ReadOnly) == "models_read_only"
    assert get_collection(ReadOnly(name="a")) == "models_read_only"


def test_get_collection_of_an_unbound_model() -> None:
    with pytest.raises(KeyError, match="Address is not bound to a collection"):
        get_collection(Address)


def test_get_schema() -> None:
    assert get_schema("models_people") is Person
    assert get_schema("models_archive") is Archived
    with pytest.raises(KeyError, match="no Schema is declared with collection='nope'"):
        get_schema("nope")


def test_registries_are_weak() -> None:
    class Temporary(Schema, collection="models_temporary"):
        name: str

    assert get_schema("models_temporary") is Temporary
    del Temporary
    gc.collect()
    with pytest.raises(KeyError):
        get_schema("models_temporary")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"primary": True}, "Bad.x: configure\\(\\) got unknown keyword\\(s\\) primary"),
        ({"default": []}, "Bad.x: mutable default \\[\\]"),
        ({"default": {}}, "Bad.x: mutable default"),
        ({"default": 1, "default_factory": int}, "Bad.x: give default or default_factory"),
        ({"default_factory": 3}, "Bad.x: default_factory must be callable"),
        ({"db_alias": "a.b"}, "Bad.x: db_alias must be"),
        ({"db_alias": "$a"}, "Bad.x: db_alias must be"),
        ({"db_alias": ""}, "Bad.x: db_alias must be"),
        ({"version": True}, "Bad.x: version=True needs an int field"),
    ],
)
def test_configure_mistakes_fail_at_class_creation(options: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):

        class Bad(Model):
            x: str = configure(**options)


def test_plain_mutable_default_is_rejected() -> None:
    with pytest.raises(TypeError, match="Bad.tags: mutable default"):

        class Bad(Model):
            tags: list[str] = []  # noqa: RUF012


def test_model_instance_default_is_rejected() -> None:
    with pytest.raises(TypeError, match="Bad.address: mutable default"):

        class Bad(Model):
            address: Address = Address(city="x")


def test_two_version_fields_are_rejected() -> None:
    with pytest.raises(TypeError, match="at most one version field"):

        class Bad(Model):
            a: int = configure(version=True, default=0)
            b: int = configure(version=True, default=0)


def test_two_fields_on_one_db_key_are_rejected() -> None:
    with pytest.raises(TypeError, match="Bad.b: db key 'a' is already used by .*Bad.a"):

        class Bad(Model):
            a: int
            b: int = configure(db_alias="a")


def test_unsupported_annotation_is_rejected() -> None:
    with pytest.raises(TypeError, match="Bad.x: unsupported field type complex"):

        class Bad(Model):
            x: complex


def test_dict_keys_must_be_strings() -> None:
    with pytest.raises(TypeError, match="Bad.x: dict keys must be str"):

        class Bad(Model):
            x: dict[int, str]


def test_version_field_and_composite_pk() -> None:
    class Versioned(Schema, collection="models_versioned"):
        tenant: str = configure(pk=True)
        key: str = configure(pk=True)
        version: int = configure(version=True, default=0)

    specs = {spec.name: spec for spec in fields(Versioned)}
    assert specs["version"].version is True
    assert specs["tenant"].pk and specs["key"].pk


# -- construction -----------------------------------------------------------------------------


def test_construction_with_defaults() -> None:
    person = Person(id="1", name="Alice")
    assert person.age == 0
    assert person.address is None
    assert person.tags == []
    assert Person(id="2", name="B").tags is not person.tags


class Label(str):
    """A str subclass: not the field's exact class, so the codec's check decides."""


class Tagged(Schema, collection="models_tagged"):
    id: Field[ObjectId] = configure(pk=True, db_alias="_id")
    label: Field[str]
    rank: int = 0
    when: Field[Address] = configure(default_factory=lambda: Address(city="x"))


class Stamped(Model):
    """A datetime field: stored as MongoDB stores it (milliseconds), also on the bulk path."""

    name: str
    at: datetime.datetime


_FULL_PERSON = {
    "id": "1",
    "name": "a",
    "age": 3,
    "address": None,
    "addresses": [Address(city="c")],
    "tags": ["t"],
    "scores": {},
}
_NOW = datetime.datetime(2026, 1, 2, 3, 4, 5, 678_901, tzinfo=datetime.UTC)

GENERATED_INIT_CASES: list[tuple[type[Model], dict[str, Any]]] = [
    # Every field given, no other keyword: the bulk path, and each of its doubts.
    (Person, _FULL_PERSON),
    (Person, dict(reversed(_FULL_PERSON.items()))),
    (Person, {**_FULL_PERSON, "age": 2**63}),
    (Person, {**_FULL_PERSON, "name": "\ud800"}),
    (Person, {**_FULL_PERSON, "name": "caf\u00e9"}),
    (Person, {**_FULL_PERSON, "addresses": [{"city": "c"}]}),
    (Person, {**{k: v for k, v in _FULL_PERSON.items() if k != "tags"}, "nickname": "n"}),
    (Stamped, {"name": "s", "at": _NOW}),
    (Stamped, {"name": "s", "at": _NOW.replace(tzinfo=None)}),
    (Person, {"id": "1", "name": "a"}),
    (Person, {"id": "1", "name": Label("a"), "age": 3, "tags": ["x"]}),
    (Person, {"id": "1", "name": "a", "address": Address(city="c"), "addresses": []}),
    (Person, {"id": "1", "name": "a", "age": True}),
    (Person, {"id": "1", "name": "a", "age": 1.0}),
    (Person, {"id": "1", "name": "a", "address": {"city_name": "x"}}),
    (Person, {"id": "1", "name": "a", "tags": ["a", 1]}),
    (Person, {"id": "1"}),
    (Person, {"name": "a"}),
    (Person, {"id": "1", "name": "a", "nickname": "b"}),
    (Person, {"id": 1, "name": 2, "nickname": "b"}),
    (Employee, {"id": "1", "name": "a", "company": "b"}),
    (Tagged, {"label": "x"}),
    (Tagged, {"label": "x", "id": ObjectId(), "when": Address(city="y")}),
    (Tagged, {"label": "x", "id": "not an ObjectId"}),
    (Address, {}),
    (Address, {"city": "c", "zip": None}),
    # The inline str and int tests: non-ASCII but encodable, lone surrogates, int64 bounds.
    (Person, {"id": "1", "name": "caf\u00e9", "age": 2**63 - 1}),
    (Person, {"id": "1", "name": "\ud800"}),
    (Person, {"id": "\udfff", "name": "a"}),
    (Person, {"id": "1", "name": "a", "age": 2**63}),
    (Person, {"id": "1", "name": "a", "age": -(2**63)}),
    (Person, {"id": "1", "name": "a", "age": -(2**63) - 1}),
    (Person, {"id": "1", "name": "a", "tags": ["\ud800"]}),
]


def _outcome(model: type[Model], init: Any, values: dict[str, Any]) -> tuple[str, Any]:
    instance = object.__new__(model)
    init_tracking(instance)
    try:
        init(instance, dict(values))
    except ValidationError as error:
        return "error", str(error)
    return "ok", {key: value for key, value in vars(instance).items() if key != "when"}


@pytest.mark.parametrize(("model", "values"), GENERATED_INIT_CASES)
def test_the_generated_init_agrees_with_the_field_by_field_path(
    model: type[Model], values: dict[str, Any]
) -> None:
    plan = plan_of(model)
    assert _outcome(model, plan.init, values) == _outcome(model, plan.init_slow, values)


def test_construction_runs_the_generated_init() -> None:
    plan = plan_of(Tagged)
    assert plan.init.__code__.co_filename.startswith("<gault generated init ")
    assert "def init(instance, kwargs):" in inspect.getsource(plan.init)
    first, second = Tagged(label="a"), Tagged(label="b")
    assert first.when == Address(city="x") and first.when is not second.when
    assert "id" not in vars(first)  # an ObjectId pk is made on insert, not here


def test_construction_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        Person("1", "Alice")  # type: ignore[call-arg]


def test_missing_required_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Person(id="1")  # type: ignore[call-arg]
    error = caught.value
    assert isinstance(error, TypeError)
    assert error.model is Person
    assert error.field == "name"
    assert error.expected is str
    assert "Person.name: missing required field (expected str)" in str(error)


def test_unknown_keyword() -> None:
    with pytest.raises(ValidationError) as caught:
        Person(id="1", name="a", nickname="b")  # type: ignore[call-arg]
    assert caught.value.field == "nickname"
    assert "unknown field 'nickname'" in str(caught.value)


@pytest.mark.parametrize(
    ("values", "field", "got"),
    [
        ({"name": 1}, "name", "int"),
        ({"name": None}, "name", "NoneType"),
        ({"name": "a", "age": "x"}, "age", "str"),
        ({"name": "a", "age": 1.5}, "age", "float"),
        ({"name": "a", "tags": ["a", 1]}, "tags", "list"),
        ({"name": "a", "tags": ("a",)}, "tags", "tuple"),
        ({"name": "a", "address": {"city_name": "x"}}, "address", "dict"),
        ({"name": "a", "addresses": [Address(city="x"), "y"]}, "addresses", "list"),
        ({"name": "a", "scores": {"a": [1]}}, "scores", "dict"),
    ],
)
def test_wrong_types_at_construction(values: dict[str, Any], field: str, got: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Person(id="1", **values)
    error = caught.value
    assert error.model is Person
    assert error.field == field
    assert error.value is values[field]
    assert f"Person.{field}: expected " in str(error)
    assert f"got {got} " in str(error)


def test_bool_is_not_an_int() -> None:
    # Issue 11: a bool is stored as a BSON bool, which ``Person.age >= 1`` never matches.
    with pytest.raises(ValidationError, match=r"Person\.age: expected int, got bool True"):
        Person(id="1", name="a", age=True)


def test_error_wording_names_the_bad_item() -> None:
    # Issue 11: the message names the full path of the item (gault's wording, not typeguard's).
    with pytest.raises(ValidationError, match=r"Person\.tags\[1\]: expected str, got int 1"):
        Person(id="1", name="a", tags=["a", 1])


# -- instances --------------------------------------------------------------------------------


def test_assignment_is_checked() -> None:
    person = Person(id="1", name="Alice")
    person.age = 3
    assert person.age == 3
    with pytest.raises(ValidationError) as caught:
        person.age = "x"  # type: ignore[assignment]
    assert caught.value.field == "age"
    assert caught.value.expected is int
    assert person.age == 3


def test_attribute_is_a_data_descriptor_doing_the_checks() -> None:
    descriptor = Person.__dict__["age"]
    assert isinstance(descriptor, Attribute)
    assert inspect.isdatadescriptor(descriptor)
    assert Person.age is descriptor
    person = Person(id="1", name="Alice")
    descriptor.__set__(person, 7)
    assert vars(person)["age"] == 7
    assert descriptor.__get__(person, Person) == 7
    with pytest.raises(ValidationError, match="expected int, got str 'x'"):
        descriptor.__set__(person, "x")
    assert person.age == 7
    descriptor.__delete__(person)
    assert "age" not in vars(person)


def test_instance_reads_come_from_the_instance_dict() -> None:
    person = Person(id="1", name="Alice")
    vars(person)["name"] = "Bob"
    assert person.name == "Bob"
    assert getattr(person, "name", None) == "Bob"
    del vars(person)["name"]
    assert getattr(person, "name", None) is None


def test_embedded_and_subclass_values_pass_the_exact_class_shortcut() -> None:
    class Home(Address):
        floor: int = 0

    person = Person(id="1", name="Alice")
    person.address = Address(city="Paris")
    person.address = Home(city="Lyon")
    assert person.address == Home(city="Lyon")
    with pytest.raises(ValidationError, match="Person.address"):
        person.address = "Paris"  # type: ignore[assignment]
    with pytest.raises(ValidationError, match="Person.name"):
        person.name = b"Bob"  # type: ignore[assignment]


def test_a_subclass_checks_assignments_against_its_own_field_types() -> None:
    class Base(Model):
        value: int | str = 0

    class Narrow(Base):
        value: int = 0  # type: ignore[assignment]

    Base().value = "text"
    with pytest.raises(ValidationError, match="Narrow.value"):
        Narrow().value = "text"


def test_assigning_an_unknown_attribute_fails() -> None:
    person = Person(id="1", name="Alice")
    with pytest.raises(AttributeError, match="Person has no field 'nick'"):
        person.nick = "x"  # type: ignore[attr-defined]


def test_unset_field_raises_attribute_error() -> None:
    class WithObjectIdPk(Schema, collection="models_oid"):
        id: ObjectId = configure(pk=True, db_alias="_id")
        name: str

    instance = WithObjectIdPk(name="a")  # type: ignore[call-arg]
    with pytest.raises(AttributeError, match="WithObjectIdPk.id is not set"):
        _ = instance.id
    assert not hasattr(instance, "id")


def test_delete_a_field() -> None:
    person = Person(id="1", name="Alice")
    del person.age
    with pytest.raises(AttributeError, match="Person.age is not set"):
        _ = person.age
    with pytest.raises(AttributeError, match="Person.age is not set"):
        del person.age
    with pytest.raises(AttributeError, match="Person has no field 'nope'"):
        del person.nope  # type: ignore[attr-defined]


def test_value_equality_and_identity_hash() -> None:
    first = Person(id="1", name="Alice", address=Address(city="Paris"))
    second = Person(id="1", name="Alice", address=Address(city="Paris"))
    assert first == second
    assert first != Person(id="1", name="Bob")
    assert first != Employee(id="1", name="Alice", address=Address(city="Paris"))
    assert hash(first) != hash(second) or first is second
    assert hash(first) == id(first) >> 4 or hash(first) == object.__hash__(first)
    assert len({first, second}) == 2
    assert (first == "x") is False


def test_repr() -> None:
    person = Person(id="1", name="Alice", address=Address(city="Paris"))
    assert repr(person) == (
        "Person(id='1', name='Alice', age=0, address=Address(city='Paris', zip='00000'), "
        "addresses=[], tags=[], scores={})"
    )


def test_copy_and_pickle() -> None:
    person = Person(id="1", name="Alice", tags=["a"])
    assert copy.copy(person) == person
    deep = copy.deepcopy(person)
    assert deep == person
    assert deep.tags is not person.tags
    assert pickle.loads(pickle.dumps(person)) == person


def test_gault_document() -> None:
    person = Person(id="1", name="Alice", address=Address(city="Paris"))
    assert person.__gault_document__() == {
        "_id": "1",
        "name": "Alice",
        "person_age": 0,
        "address": {"city_name": "Paris", "zip": "00000"},
        "addresses": [],
        "tags": [],
        "scores": {},
    }


# -- references -------------------------------------------------------------------------------


def test_class_access_returns_the_same_attribute() -> None:
    assert isinstance(Person.age, Attribute)
    assert isinstance(Person.age, Field)
    assert Person.age is Person.age
    assert Person.address.city is Person.address.city


def test_attribute_compiles_to_the_db_alias() -> None:
    assert Person.age.compile_field() == "person_age"
    assert Person.age.compile_expression() == "$person_age"
    assert Person.id.compile_field() == "_id"
    assert Person.name.compile_field() == "name"


def test_embedded_references_compose_with_aliases() -> None:
    assert Person.address.city.compile_field() == "address.city_name"
    assert Person.address.zip.compile_field() == "address.zip"
    assert Person.addresses.city.compile_field() == "addresses.city_name"
    assert Person.scores.city.compile_field() == "scores.city_name"

    class Deep(Model):
        person: Person = configure(db_alias="p")

    assert Deep.person.address.city.compile_field() == "p.address.city_name"
    assert Deep.person.address.city.compile_expression() == "$p.address.city_name"


def test_unknown_embedded_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="Address has no field 'country'"):
        _ = Person.address.country
    with pytest.raises(AttributeError, match="Person.name is not an embedded model"):
        _ = Person.name.first
    with pytest.raises(AttributeError):
        _ = Person.address.__wrapped__


def test_attribute_is_hashable_and_builds_predicates() -> None:
    assert len({Person.age, Person.name, Person.age}) == 2
    assert (Person.age >= 18).compile_query() == {"person_age": {"$gte": 18}}
    assert (Person.address.city == "Paris").compile_query() == {
        "address.city_name": {"$eq": "Paris"}
    }
    assert Person.age.asc() == (Person.age, 1)


def test_attribute_repr_and_pickle() -> None:
    assert repr(Person.age) == "<Attribute Person.age ('person_age')>"
    assert pickle.loads(pickle.dumps(Person.age)) is Person.age


def test_field_reaches_embedded_names_shadowed_by_methods() -> None:
    class Box(Model):
        type: str = configure(db_alias="t")
        size: int = 0

    class Shelf(Model):
        box: Box = configure(db_alias="b")
        boxes: list[Box] = configure(default_factory=list)

    assert Shelf.box.field("type").compile_field() == "b.t"
    assert Shelf.box.field("size") is Shelf.box.field("size")
    assert Shelf.boxes.field("type").compile_field() == "boxes.t"
    assert Shelf.box.field("extra.key").compile_field() == "b.extra.key"
    assert Shelf.box.field("type.deeper").compile_field() == "b.t.deeper"
    assert pickle.loads(pickle.dumps(Person.address.city)) is Person.address.city


def test_signature_lists_keyword_only_fields() -> None:
    import inspect

    signature = inspect.signature(Person)
    assert list(signature.parameters) == [spec.name for spec in fields(Person)]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in signature.parameters.values())
    assert signature.parameters["name"].default is inspect.Parameter.empty
    assert signature.parameters["age"].default == 0
    assert repr(signature.parameters["tags"].default) == "<factory 'list'>"


def test_default_of_the_wrong_type_is_rejected() -> None:
    with pytest.raises(TypeError, match="Bad.age: the default 'x' does not fit int"):

        class Bad(Model):
            age: int = "x"  # type: ignore[assignment]


def test_unresolvable_annotations_fail_clearly_on_first_use() -> None:
    class Dangling(Model):
        other: Missing  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(NameError, match="Dangling: cannot resolve its field annotations"):
        Dangling(other=1)
    with pytest.raises(NameError, match="Dangling: cannot resolve"):
        fields(Dangling)


def test_generic_models_use_the_type_variable_bound() -> None:
    from typing import Generic, TypeVar

    Item = TypeVar("Item")
    Number = TypeVar("Number", bound=int)

    class Box(Model, Generic[Item, Number]):
        item: Item
        count: Number

    box = Box(item=["anything"], count=3)
    assert box.item == ["anything"]
    with pytest.raises(ValidationError):
        Box(item=1, count="x")
