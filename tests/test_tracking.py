"""Persistence and StateTracker: the reference examples, dirty detection, weak holding."""

import datetime
import gc
import weakref
from typing import Any

import pytest

from gault._schema.changes import CHANGES
from gault.mappers import get_mapper
from gault.models import Model, Schema, configure
from gault.tracking import Persistence, StateTracker, tracking_loader


class Address(Model):
    city: str = configure(db_alias="city_name")
    zip: str = "00000"


class User(Schema, collection="tracking_users"):
    id: str = configure(pk=True)
    name: str
    age: int = 0
    seen: datetime.datetime | None = None
    address: Address | None = None
    addresses: list[Address] = configure(default_factory=list)
    tags: list[str] = configure(default_factory=list)
    labels: set[str] = configure(default_factory=set)
    extra: dict[str, list[int]] = configure(default_factory=dict)
    pair: tuple[str, ...] = ()


# -- the reference examples (manager-reference.txt), verbatim -----------------------------------


def test_persistence_reference_example() -> None:
    persistence = Persistence()
    user = User(id="1", name="Alice")

    assert persistence.is_persisted(user) is False

    persistence.mark_persisted(user)
    assert persistence.is_persisted(user) is True

    persistence.forget(user)
    assert persistence.is_persisted(user) is False


def test_state_tracker_reference_example() -> None:
    tracker = StateTracker()
    user = User(id="1", name="Alice")

    tracker.snapshot(user)
    user.name = "Bob"

    dirty = tracker.get_dirty_fields(user)
    assert dirty == {"name"}

    tracker.reset(user)
    assert user.name == "Alice"


# -- Persistence ----------------------------------------------------------------------------------


def test_forget_without_mark_is_fine() -> None:
    persistence = Persistence()
    user = User(id="1", name="Alice")
    persistence.forget(user)
    assert persistence.is_persisted(user) is False


def test_several_persistences_are_independent() -> None:
    first, second, third = Persistence(), Persistence(), Persistence()
    user = User(id="1", name="Alice")
    first.mark_persisted(user)
    assert not second.is_persisted(user)
    second.mark_persisted(user)
    third.mark_persisted(user)
    first.mark_persisted(user)
    assert first.is_persisted(user) and second.is_persisted(user) and third.is_persisted(user)
    second.forget(user)
    assert first.is_persisted(user) and not second.is_persisted(user)
    first.forget(user)
    third.forget(user)
    assert not any(p.is_persisted(user) for p in (first, second, third))


def test_equal_instances_are_tracked_separately() -> None:
    persistence = Persistence()
    user, twin = User(id="1", name="Alice"), User(id="1", name="Alice")
    persistence.mark_persisted(user)
    assert persistence.is_persisted(twin) is False


def test_tracking_never_keeps_an_instance_alive() -> None:
    persistence, tracker = Persistence(), StateTracker()
    user = User(id="1", name="Alice")
    persistence.mark_persisted(user)
    tracker.snapshot(user)
    ref = weakref.ref(user)
    del user
    gc.collect()
    assert ref() is None


def test_persistence_is_a_weak_set() -> None:
    persistence = Persistence()
    assert isinstance(persistence, weakref.WeakSet)
    users = [User(id=str(i), name="Alice") for i in range(3)]
    for index in (0, 1, 2, 0):
        persistence.mark_persisted(users[index])
    assert len(persistence) == 3
    assert users[1] in persistence
    assert set(persistence) == set(users)
    del users[1:]
    gc.collect()
    assert list(persistence) == users


def test_state_tracker_snapshots_live_in_a_weak_key_dictionary() -> None:
    tracker = StateTracker()
    assert isinstance(tracker._snapshots, weakref.WeakKeyDictionary)
    user, other = User(id="1", name="Alice"), User(id="2", name="Bob")
    tracker.snapshot(user)
    tracker.snapshot(other)
    tracker.snapshot(user)
    assert len(tracker._snapshots) == 2
    del user
    gc.collect()
    assert list(tracker._snapshots) == [other]


def test_equal_instances_have_their_own_snapshots() -> None:
    tracker = StateTracker()
    user, twin = User(id="1", name="Alice"), User(id="1", name="Alice")
    tracker.snapshot(user)
    assert tracker.get_snapshot(twin) is None
    tracker.snapshot(twin)
    twin.name = "Bob"
    assert tracker.get_dirty_fields(user) == set()
    assert tracker.get_dirty_fields(twin) == {"name"}


def test_tracking_loader_marks_and_snapshots_each_loaded_instance() -> None:
    persistence, tracker = Persistence(), StateTracker()
    load = tracking_loader(get_mapper(User).load, persistence, tracker)
    document = {"id": "1", "name": "Alice", "tags": ["a"]}
    user = load(document)
    assert persistence.is_persisted(user)
    assert tracker.get_snapshot(user) is document
    assert tracker.get_dirty_fields(user) == set()
    user.tags.append("b")
    user.name = "Bob"
    assert tracker.get_dirty_fields(user) == {"tags", "name"}
    persistence.forget(user)
    tracker.forget(user)
    assert not persistence.is_persisted(user)
    assert tracker.get_snapshot(user) is None


def test_tracking_loader_holds_instances_weakly_even_while_iterating() -> None:
    persistence, tracker = Persistence(), StateTracker()
    load = tracking_loader(get_mapper(User).load, persistence, tracker)
    users = [load({"id": str(i), "name": "Alice"}) for i in range(3)]
    iterator = iter(persistence)
    kept = next(iterator)
    del users
    gc.collect()
    assert [kept, *iterator] == [kept]
    assert list(persistence) == [kept]
    assert list(tracker._snapshots) == [kept]


def test_tracking_loader_forgets_collected_instances_in_both_trackers() -> None:
    persistence, tracker = Persistence(), StateTracker()
    load = tracking_loader(get_mapper(User).load, persistence, tracker)
    users = [load({"id": str(i), "name": "Alice"}) for i in range(3)]
    persistence.forget(users[0])
    kept = users[1]
    del users
    gc.collect()
    assert list(persistence) == [kept]
    assert list(tracker._snapshots) == [kept]
    assert len(persistence.data) == len(tracker._entries) == 1  # type: ignore[attr-defined]
    again = load({"id": "9", "name": "Bea"})
    tracker.forget(again)
    del again
    gc.collect()
    assert list(persistence) == [kept] and list(tracker._snapshots) == [kept]


def test_a_loaded_snapshot_is_the_document_alone_and_counts_every_later_change() -> None:
    persistence, tracker = Persistence(), StateTracker()
    load = tracking_loader(get_mapper(User).load, persistence, tracker)
    document = {"id": "1", "name": "Alice", "tags": ["a"]}
    user = load(document)
    (stored,) = tracker._entries.values()  # type: ignore[attr-defined]
    assert stored is document  # no (document, stamp) tuple per loaded instance
    assert tracker.get_dirty_fields(user) == set()
    user.name = "Alice"  # the same value: not dirty
    assert tracker.get_dirty_fields(user) == set()
    user.name = "Bob"
    assert tracker.get_dirty_fields(user) == {"name"}
    tracker.reset(user)
    assert user.name == "Alice" and tracker.get_dirty_fields(user) == set()
    tracker.snapshot(user)
    assert tracker.get_snapshot(user) is not document
    user.age = 3
    assert tracker.get_dirty_fields(user) == {"age"}


def test_tracking_rejects_non_models() -> None:
    with pytest.raises(TypeError, match="expects a Model instance, got dict"):
        Persistence().mark_persisted({})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expects a Model instance, got dict"):
        StateTracker().snapshot({})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expects a Model instance"):
        Persistence().is_persisted(object())  # type: ignore[arg-type]

    class Plain:
        pass

    for method in ("get_dirty_fields", "get_snapshot", "reset", "forget", "snapshot_document"):
        arguments = (Plain(), {}) if method == "snapshot_document" else (Plain(),)
        with pytest.raises(TypeError, match=f"{method}\\(\\) expects a Model instance, got"):
            getattr(StateTracker(), method)(*arguments)
        with pytest.raises(TypeError, match=f"{method}\\(\\) expects a Model instance, got"):
            getattr(StateTracker(), method)(*[[], *arguments[1:]])
    for method in ("is_persisted", "mark_persisted", "forget"):
        with pytest.raises(TypeError, match=f"{method}\\(\\) expects a Model instance, got"):
            getattr(Persistence(), method)(Plain())


def test_instances_made_without_init_can_be_tracked() -> None:
    user = User.__new__(User)
    persistence, tracker = Persistence(), StateTracker()
    assert persistence.is_persisted(user) is False
    persistence.mark_persisted(user)
    assert persistence.is_persisted(user) is True
    tracker.snapshot(user)
    assert tracker.get_dirty_fields(user) == set()


# -- StateTracker -------------------------------------------------------------------------------


def test_no_snapshot_means_every_set_field_is_dirty() -> None:
    user = User(id="1", name="Alice")
    assert StateTracker().get_dirty_fields(user) == {
        "id",
        "name",
        "age",
        "seen",
        "address",
        "addresses",
        "tags",
        "labels",
        "extra",
        "pair",
    }
    assert StateTracker().get_snapshot(user) is None


def test_nothing_dirty_right_after_a_snapshot() -> None:
    tracker = StateTracker()
    user = User(id="1", name="Alice", address=Address(city="Paris"), tags=["a"])
    tracker.snapshot(user)
    assert tracker.get_dirty_fields(user) == set()


def test_reassigning_the_same_value_is_not_dirty() -> None:
    tracker = StateTracker()
    user = User(id="1", name="Alice")
    tracker.snapshot(user)
    user.name = "Bob"
    user.name = "Alice"
    assert tracker.get_dirty_fields(user) == set()


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda user: user.tags.append("x"), "tags"),
        (lambda user: user.labels.add("x"), "labels"),
        (lambda user: user.extra.setdefault("a", []).append(1), "extra"),
        (lambda user: user.extra["b"].append(1), "extra"),
        (lambda user: setattr(user.address, "city", "Lyon"), "address"),
        (lambda user: setattr(user.addresses[0], "zip", "1"), "addresses"),
        (lambda user: user.addresses.append(Address(city="x")), "addresses"),
        (lambda user: user.addresses.pop(), "addresses"),
    ],
)
def test_in_place_mutations_are_detected(mutate, field) -> None:
    tracker = StateTracker()
    user = User(
        id="1",
        name="Alice",
        address=Address(city="Paris"),
        addresses=[Address(city="Nice")],
        extra={"b": [0]},
    )
    tracker.snapshot(user)
    mutate(user)
    assert tracker.get_dirty_fields(user) == {field}


def test_assignments_and_deletions_are_dirty() -> None:
    tracker = StateTracker()
    user = User(id="1", name="Alice", seen=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    tracker.snapshot(user)
    user.age = 5
    user.pair = ("a",)
    user.seen = None
    del user.name
    assert tracker.get_dirty_fields(user) == {"age", "pair", "seen", "name"}


def test_two_trackers_are_independent() -> None:
    first, second = StateTracker(), StateTracker()
    user = User(id="1", name="Alice")
    first.snapshot(user)
    user.name = "Bob"
    second.snapshot(user)
    user.age = 3
    assert first.get_dirty_fields(user) == {"name", "age"}
    assert second.get_dirty_fields(user) == {"age"}
    second.reset(user)
    assert user.age == 0
    assert user.name == "Bob"
    assert second.get_dirty_fields(user) == set()
    assert first.get_dirty_fields(user) == {"name"}
    third = StateTracker()
    third.snapshot(user)
    first.forget(user)
    assert first.get_snapshot(user) is None
    assert third.get_dirty_fields(user) == set()


def test_reset_restores_fresh_objects() -> None:
    tracker = StateTracker()
    user = User(id="1", name="Alice", tags=["a"], address=Address(city="Paris"))
    tracker.snapshot(user)
    user.tags.append("b")
    assert user.address is not None
    user.address.city = "Lyon"
    tracker.reset(user)
    assert user.tags == ["a"]
    assert user.address == Address(city="Paris")
    user.tags.append("c")
    tracker.reset(user)
    assert user.tags == ["a"]
    assert tracker.get_dirty_fields(user) == set()


def test_reset_without_snapshot_raises() -> None:
    with pytest.raises(KeyError, match="no snapshot"):
        StateTracker().reset(User(id="1", name="Alice"))


def test_snapshot_document_keeps_the_raw_document() -> None:
    tracker = StateTracker()
    document = {"id": "1", "name": "Alice", "tags": ["a"], "unknown": 1}
    user = get_mapper(User).load(document)
    tracker.snapshot_document(user, document)
    assert tracker.get_snapshot(user) is document
    assert tracker.get_dirty_fields(user) == set()
    user.tags.append("b")
    assert document["tags"] == ["a"]
    assert tracker.get_dirty_fields(user) == {"tags"}
    user.age = 0
    assert tracker.get_dirty_fields(user) == {"tags"}
    user.age = 1
    assert tracker.get_dirty_fields(user) == {"tags", "age"}


def test_snapshot_document_at_an_earlier_stamp_keeps_later_changes_dirty() -> None:
    tracker = StateTracker()
    user = User(id="1", name="Alice")
    document = get_mapper(User).dump(user)
    stamp = next(CHANGES)
    user.age = 1  # changed after the document was made, before it was snapshotted
    tracker.snapshot_document(user, document, stamp=stamp)
    assert tracker.get_dirty_fields(user) == {"age"}
    with pytest.raises(TypeError, match="stamp"):
        tracker.snapshot_document(user, document, stamp="1")  # type: ignore[arg-type]


def test_naive_datetimes_in_a_snapshot_compare_as_utc() -> None:
    tracker = StateTracker()
    document = {"id": "1", "name": "Alice", "seen": datetime.datetime(2024, 1, 1)}
    user = get_mapper(User).load(document)
    tracker.snapshot_document(user, document)
    user.seen = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    assert tracker.get_dirty_fields(user) == set()


def test_snapshot_is_not_changed_by_later_mutation() -> None:
    tracker = StateTracker()
    user = User(id="1", name="Alice", addresses=[Address(city="Nice")])
    tracker.snapshot(user)
    user.addresses[0].city = "Lyon"
    snapshot = tracker.get_snapshot(user)
    assert snapshot is not None
    assert snapshot["addresses"] == [{"city_name": "Nice", "zip": "00000"}]


class Inner(Model):
    values: list[int] = configure(default_factory=list)
    label: str = ""


class Outer(Model):
    inner: Inner
    maybe: Inner | None = None


class Holder(Schema, collection="tracking_holders"):
    id: str = configure(pk=True)
    outer: Outer


def holder() -> Holder:
    return Holder(id="1", outer=Outer(inner=Inner(values=[1]), maybe=Inner(label="m")))


def test_replacing_an_embedded_model_is_dirty_unless_equal() -> None:
    tracker = StateTracker()
    user = User(id="1", name="Alice", address=Address(city="Paris"))
    tracker.snapshot(user)
    user.address = Address(city="Paris")
    assert tracker.get_dirty_fields(user) == set()
    user.address = Address(city="Lyon")
    assert tracker.get_dirty_fields(user) == {"address"}


def test_embedded_change_reverted_is_clean() -> None:
    tracker = StateTracker()
    user = User(id="1", name="Alice", address=Address(city="Paris"))
    tracker.snapshot(user)
    assert user.address is not None
    user.address.city = "Lyon"
    user.address.city = "Paris"
    assert tracker.get_dirty_fields(user) == set()


@pytest.mark.parametrize(
    "mutate",
    [
        lambda h: h.outer.inner.values.append(2),
        lambda h: setattr(h.outer.inner, "label", "x"),
        lambda h: setattr(h.outer, "inner", Inner(values=[1], label="y")),
        lambda h: setattr(h.outer, "maybe", None),
        lambda h: setattr(h.outer.maybe, "label", "n"),
        lambda h: h.outer.maybe.values.append(1),
    ],
)
def test_changes_deep_inside_embedded_models(mutate) -> None:
    tracker = StateTracker()
    instance = holder()
    tracker.snapshot(instance)
    assert tracker.get_dirty_fields(instance) == set()
    mutate(instance)
    assert tracker.get_dirty_fields(instance) == {"outer"}


def test_embedded_changes_made_before_the_snapshot_are_clean() -> None:
    tracker = StateTracker()
    instance = holder()
    instance.outer.inner.label = "before"
    tracker.snapshot(instance)
    assert tracker.get_dirty_fields(instance) == set()


def test_loaded_embedded_models_are_tracked_from_the_document() -> None:
    tracker = StateTracker()
    document = get_mapper(Holder).dump(holder())
    loaded = get_mapper(Holder).load(document)
    tracker.snapshot_document(loaded, document)
    assert tracker.get_dirty_fields(loaded) == set()
    loaded.outer.inner.label = "z"
    assert tracker.get_dirty_fields(loaded) == {"outer"}


def loaded_user() -> tuple[StateTracker, User]:
    tracker = StateTracker()
    document = get_mapper(User).dump(
        User(
            id="1",
            name="Alice",
            address=Address(city="Paris"),
            addresses=[Address(city="Nice"), Address(city="Lyon")],
        )
    )
    user = get_mapper(User).load(document)
    tracker.snapshot_document(user, document)
    return tracker, user


@pytest.mark.parametrize(
    ("mutate", "dirty"),
    [
        (lambda user: None, set()),
        (lambda user: user.addresses.reverse(), {"addresses"}),
        (lambda user: setattr(user.addresses[1], "city", "Rome"), {"addresses"}),
        (lambda user: user.addresses.__setitem__(0, Address(city="Nice")), set()),
        (lambda user: user.addresses.__setitem__(0, Address(city="Pau")), {"addresses"}),
        (lambda user: user.addresses.append(Address(city="Pau")), {"addresses"}),
        (lambda user: setattr(user.address, "zip", "75000"), {"address"}),
        (lambda user: setattr(user, "address", user.addresses[0]), {"address"}),
    ],
)
def test_dirty_detection_on_loaded_documents(mutate, dirty) -> None:
    tracker, user = loaded_user()
    mutate(user)
    assert tracker.get_dirty_fields(user) == dirty


class Mixed(Schema, collection="tracking_mixed"):
    id: str = configure(pk=True)
    flag: int | bool = 0
    extra: dict[str, Any] = configure(default_factory=dict)
    anything: Any = None
    items: list[Any] = configure(default_factory=list)
    maybe: float | str | None = None


@pytest.mark.parametrize(
    ("mutate", "dirty"),
    [
        (lambda m: setattr(m, "flag", True), {"flag"}),
        (lambda m: m.extra.__setitem__("on", True), {"extra"}),
        (lambda m: setattr(m, "anything", [True]), {"anything"}),
        (lambda m: m.items.__setitem__(0, True), {"items"}),
        (lambda m: setattr(m, "maybe", 1.0), set()),
        (lambda m: setattr(m, "flag", 1), set()),
        (lambda m: m.extra.__setitem__("on", 1), set()),
    ],
)
def test_a_bool_replacing_an_equal_number_is_dirty(mutate, dirty) -> None:
    # Python says True == 1; MongoDB stores a bool, which {flag: 1} never matches: a save must
    # write it, so dirty detection tells them apart wherever a field can hold both.
    tracker = StateTracker()
    document = {"id": "1", "flag": 1, "extra": {"on": 1}, "anything": [1], "items": [1],
                "maybe": 1.0}  # fmt: skip
    loaded = get_mapper(Mixed).load(document)
    tracker.snapshot_document(loaded, document)
    mutate(loaded)
    assert tracker.get_dirty_fields(loaded) == dirty
