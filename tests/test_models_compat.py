"""0.14 behaviours of models: ``AttributeSpec``, ``get_db_alias``, ``__post_init__``, the
``dataclasses`` helpers, and no pk filter on a ``None`` pk (refresh/delete on a server)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import sys
from typing import Any

import pytest
from bson import ObjectId
from pymongo.synchronous.database import Database

from gault.exceptions import Unprocessable, ValidationError
from gault.managers import Manager
from gault.mappers import get_mapper
from gault.models import Attribute, AttributeSpec, Model, Schema, configure
from gault.predicates import Field
from gault.tracking import Persistence, StateTracker, tracking_loader


class Address(Model):
    city: Field[str] = configure(db_alias="c")
    zip: str = "00000"


class Person(Schema, collection="compat_models_people"):
    id: Field[ObjectId] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(db_alias="person_age", default=0)
    version: int = configure(version=True, default=0)
    tags: list[str] = configure(default_factory=list)
    address: Field[Address | None] = configure(default=None)
    history: Field[list[Address]] = configure(default_factory=list)


class Tagged(Model):
    """Normalises on construction and on load; counts its calls."""

    name: str
    slug: str = ""
    calls: int = 0

    def __post_init__(self) -> None:
        self.name = self.name.strip()
        self.slug = self.name.lower().replace(" ", "-")
        self.calls += 1


class Stored(Schema, collection="compat_models_stored"):
    id: str = configure(pk=True, db_alias="_id")
    name: str

    def __post_init__(self) -> None:
        self.name = self.name.strip()


# -- AttributeSpec and get_db_alias -----------------------------------------------------------


def test_attribute_spec_is_the_attribute_class() -> None:
    assert AttributeSpec is Attribute
    assert isinstance(Person.age, AttributeSpec)


def test_get_db_alias_is_the_document_key() -> None:
    assert Person.id.get_db_alias() == "_id"
    assert Person.age.get_db_alias() == "person_age"
    assert Person.name.get_db_alias() == "name"


def test_get_db_alias_of_an_embedded_reference_is_its_own_key() -> None:
    assert Person.address.city.get_db_alias() == "c"
    assert Person.address.city.compile_field() == "address.c"
    assert Person.history.zip.get_db_alias() == "zip"


# -- __post_init__ ----------------------------------------------------------------------------


def test_post_init_runs_after_the_fields_are_set() -> None:
    tagged = Tagged(name="  Big Deal ")
    assert (tagged.name, tagged.slug, tagged.calls) == ("Big Deal", "big-deal", 1)


def test_post_init_assignments_are_checked() -> None:
    class Broken(Model):
        count: int = 0

        def __post_init__(self) -> None:
            self.count = "many"  # type: ignore[assignment]

    with pytest.raises(ValidationError, match="Broken.count"):
        Broken()


def test_post_init_is_not_called_when_construction_fails() -> None:
    with pytest.raises(ValidationError, match="missing required field"):
        Tagged()  # type: ignore[call-arg]


def test_post_init_runs_on_load_fast_and_slow_paths() -> None:
    mapper = get_mapper(Tagged)
    fast = mapper.load({"name": " A b ", "slug": "", "calls": 0})
    assert (fast.name, fast.slug, fast.calls) == ("A b", "a-b", 1)
    slow = mapper.load({"name": " A b "})  # missing keys: the field-by-field path
    assert (slow.name, slow.slug, slow.calls) == ("A b", "a-b", 1)


def test_post_init_errors_are_not_swallowed_by_the_fast_loader() -> None:
    class Strict(Model):
        name: str

        def __post_init__(self) -> None:
            if not self.name:
                raise ValueError("Strict.name must not be empty")

    with pytest.raises(ValueError, match="must not be empty"):
        get_mapper(Strict).load({"name": ""})


def test_post_init_runs_on_embedded_documents() -> None:
    class Holder(Model):
        items: list[Tagged]

    holder = get_mapper(Holder).load({"items": [{"name": " X "}, {"name": "Y Z"}]})
    assert [item.slug for item in holder.items] == ["x", "y-z"]


def test_a_subclass_inherits_post_init() -> None:
    class Child(Tagged):
        extra: int = 1

    assert Child(name=" C ").slug == "c"


def test_post_init_changes_made_while_loading_are_dirty() -> None:
    persistence, tracker = Persistence(), StateTracker()
    load = tracking_loader(get_mapper(Stored).load, persistence, tracker)
    changed = load({"_id": "1", "name": " padded "})
    assert changed.name == "padded"
    assert tracker.get_dirty_fields(changed) == {"name"}
    clean = load({"_id": "2", "name": "clean"})
    assert tracker.get_dirty_fields(clean) == set()


def test_models_without_post_init_keep_the_plain_loader() -> None:
    loader = get_mapper(Person).load
    assert "_post" not in loader.__globals__
    assert "_post" in get_mapper(Tagged).load.__globals__


def test_unpickling_does_not_call_post_init() -> None:
    tagged = Tagged(name="a")
    assert pickle.loads(pickle.dumps(tagged)).calls == 1


# -- dataclasses helpers ----------------------------------------------------------------------


def test_models_are_dataclasses_but_the_bases_are_not() -> None:
    person = Person(id=ObjectId(), name="a")
    assert dataclasses.is_dataclass(Person) and dataclasses.is_dataclass(person)
    assert not dataclasses.is_dataclass(Model)
    assert not dataclasses.is_dataclass(Schema)
    assert dataclasses.is_dataclass(Address)


def test_fields_mirror_the_model() -> None:
    by_name = {field.name: field for field in dataclasses.fields(Person)}
    assert list(by_name) == ["id", "name", "age", "version", "tags", "address", "history"]
    assert by_name["name"].type is str
    assert by_name["address"].type == Address | None
    assert by_name["name"].default is dataclasses.MISSING
    assert by_name["age"].default == 0
    assert by_name["tags"].default_factory is list
    assert all(field.kw_only for field in by_name.values())
    assert dict(by_name["id"].metadata) == {"pk": True, "db_alias": "_id"}
    assert dict(by_name["age"].metadata) == {"db_alias": "person_age"}
    assert dict(by_name["version"].metadata) == {"version": True}
    assert dict(by_name["name"].metadata) == {}
    assert by_name["id"].default is None  # generated on insert: optional, as in the signature


def test_fields_of_an_instance_and_of_a_subclass() -> None:
    class Child(Tagged):
        extra: int = 1

    assert [field.name for field in dataclasses.fields(Tagged(name="a"))] == [
        "name",
        "slug",
        "calls",
    ]
    assert [field.name for field in dataclasses.fields(Child)][-1] == "extra"
    assert len(dataclasses.fields(Tagged)) == 3  # the subclass did not change its parent's


def test_dataclass_params() -> None:
    params = Person.__dataclass_params__  # type: ignore[attr-defined]
    assert params.init and params.eq and not params.frozen and not params.order


def test_replace_goes_through_the_checked_constructor() -> None:
    person = Person(id=ObjectId(), name="a", tags=["x"], address=Address(city="Oslo"))
    older = dataclasses.replace(person, age=3)
    assert type(older) is Person and older is not person
    assert (older.age, older.name, older.id, older.tags) == (3, "a", person.id, ["x"])
    assert person.age == 0
    with pytest.raises(ValidationError, match="Person.age"):
        dataclasses.replace(person, age="old")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unknown field 'nick'"):
        dataclasses.replace(person, nick="x")  # type: ignore[call-arg]


def test_replace_runs_post_init() -> None:
    tagged = dataclasses.replace(Tagged(name="a"), name=" B ")
    assert (tagged.name, tagged.slug, tagged.calls) == ("B", "b", 2)


def test_replace_of_an_unset_field_is_an_attribute_error() -> None:
    person = Person(name="no id yet")  # type: ignore[call-arg]
    with pytest.raises(AttributeError, match="Person.id is not set"):
        dataclasses.replace(person, name="b")


def test_dataclass_helpers_need_resolved_annotations() -> None:
    class Early(Model):
        later: Later | None = None  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(NameError, match="Early: cannot resolve its field annotations"):
        dataclasses.fields(Early)


@pytest.mark.skipif(sys.version_info < (3, 13), reason="copy.replace is new in Python 3.13")
def test_copy_replace() -> None:
    person = Person(id=ObjectId(), name="a")
    assert copy.replace(person, name="b").name == "b"  # type: ignore[attr-defined]


def test_replace_dunder_is_dataclasses_replace() -> None:
    person = Person(id=ObjectId(), name="a")
    assert person.__replace__(name="b") == dataclasses.replace(person, name="b")


def test_asdict_and_astuple_recurse_into_embedded_models() -> None:
    key = ObjectId()
    person = Person(
        id=key,
        name="a",
        tags=["x"],
        address=Address(city="Oslo"),
        history=[Address(city="Rome", zip="1")],
    )
    document = dataclasses.asdict(person)
    assert document == {
        "id": key,
        "name": "a",
        "age": 0,
        "version": 0,
        "tags": ["x"],
        "address": {"city": "Oslo", "zip": "00000"},
        "history": [{"city": "Rome", "zip": "1"}],
    }
    assert document["tags"] is not person.tags
    assert dataclasses.astuple(person)[5] == ("Oslo", "00000")


# -- None pk: no filter, no query ----------------------------------------------------------------


class Nullable(Schema, collection="compat_models_nullable"):
    id: ObjectId | None = configure(pk=True, db_alias="_id", default=None)
    name: str


def test_refresh_and_delete_with_a_none_pk_are_unprocessable(sync_db: Database[Any]) -> None:
    sync_db.compat_models_nullable.insert_one({"_id": None, "name": "stray"})
    manager = Manager(sync_db)
    orphan = Nullable(name="x")
    with pytest.raises(Unprocessable, match="pk field 'id' is None"):
        manager.refresh(orphan)
    with pytest.raises(Unprocessable, match="pk field 'id' is None"):
        manager.delete(orphan)
    assert orphan.name == "x"
    assert sync_db.compat_models_nullable.count_documents({}) == 1


def test_a_manager_saves_what_post_init_changed_on_read(sync_db: Database[Any]) -> None:
    sync_db.compat_models_stored.insert_one({"_id": "1", "name": "  padded "})
    manager = Manager(sync_db)
    stored = manager.get(Stored)
    assert stored.name == "padded"
    assert manager.state_tracker.get_dirty_fields(stored) == {"name"}
    manager.save(stored, atomic=True)
    assert sync_db.compat_models_stored.find_one() == {"_id": "1", "name": "padded"}
    assert manager.state_tracker.get_dirty_fields(stored) == set()
