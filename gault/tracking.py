"""Which instances are persisted (``Persistence``) and what changed since a read (``StateTracker``).

Neither keeps an instance alive: ``Persistence`` is a ``WeakSet`` of instances and
``StateTracker`` keeps its snapshots in a ``WeakKeyDictionary``, so tracked instances are
garbage-collected normally. Several trackers follow the same instance independently.

A snapshot is a document (db keys, BSON values) with a stamp of the global assignment clock:
the raw document PyMongo returned when an instance is loaded (stored as is, no copy: it is
already private), or the instance's dump when ``snapshot`` is called. Dirty detection
(``gault._schema.changes``) compares only fields stamped after the snapshot and fields of
mutable type (lists, dicts, sets, embedded models: they change in place).
Imports ``gault.models`` and below.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from gault._schema.changes import CHANGES, dirty_fields, record_change
from gault._schema.plan import plan_of
from gault._support import publish
from gault.models import Model

__all__ = ["Persistence", "StateTracker", "tracking_loader"]

M = TypeVar("M", bound=Model)

_ref = weakref.ref

#: What a ``StateTracker`` keeps per instance: the snapshot document and its clock stamp.
_Snapshot = tuple[Mapping[str, Any], int]
#: What its storage holds: a ``_Snapshot``, or, for an instance made by a tracking loader, the
#: raw document alone (stamp 0: every change recorded on that instance came after its load).
_Entry = _Snapshot | Mapping[str, Any]


def _snapshot(entry: _Entry) -> _Snapshot:
    if isinstance(entry, tuple):
        return entry
    return entry, 0


def _not_a_model(caller: str, instance: object) -> TypeError:
    return TypeError(f"{caller}() expects a Model instance, got {type(instance).__qualname__}")


def _check(instance: object, caller: str) -> None:
    if not isinstance(instance, Model):
        raise _not_a_model(caller, instance)


class Persistence(weakref.WeakSet[Model]):
    """The instances known to be stored in the database: a ``WeakSet`` of model instances."""

    def is_persisted(self, instance: Model) -> bool:
        """Whether ``instance`` was read from or written to the database."""
        if not isinstance(instance, Model):
            raise _not_a_model("is_persisted", instance)
        return instance in self

    def mark_persisted(self, instance: Model) -> None:
        """Record that ``instance`` is stored in the database."""
        if not isinstance(instance, Model):
            raise _not_a_model("mark_persisted", instance)
        self.add(instance)

    def forget(self, instance: Model) -> None:
        """Forget ``instance`` (after a delete); no error if it was not marked."""
        _check(instance, "forget")
        self.discard(instance)


class StateTracker:
    """Snapshots of instances, to tell which fields changed since (never keeps one alive).

    The snapshots live in a ``WeakKeyDictionary`` (instance → snapshot document and stamp).
    Without a snapshot, ``get_dirty_fields`` reports every set field as dirty, so an atomic
    save of an instance the tracker never saw writes everything.
    """

    __slots__ = ("_entries", "_snapshots", "_unsnap")

    def __init__(self) -> None:
        snapshots: weakref.WeakKeyDictionary[Model, _Snapshot] = weakref.WeakKeyDictionary()
        self._snapshots = snapshots
        # The dictionary's own storage (weak reference → snapshot) and the removal callback
        # of its keys, used directly on the hot paths (neither is in the typing stubs).
        self._entries: dict[weakref.ref[Model], _Entry] = snapshots.data  # type: ignore[attr-defined]
        self._unsnap: Callable[[Any], None] = snapshots._remove  # type: ignore[attr-defined]

    def snapshot(self, instance: Model) -> None:
        """Remember ``instance``'s current state (as its document, with fresh containers)."""
        _check(instance, "snapshot")
        self._snapshots[instance] = (plan_of(type(instance)).dump(instance), next(CHANGES))

    def snapshot_document(
        self, instance: Model, document: Mapping[str, Any], *, stamp: int | None = None
    ) -> None:
        """Remember ``document`` (the raw document ``instance`` was loaded from, or was
        written as) as its state.

        ``stamp`` is the value of the assignment clock (``gault._schema.changes.CHANGES``)
        taken when ``document`` was made, so that a change made since (while the write was in
        flight) stays dirty; default: now. The document is kept as is, not copied: the caller
        must not mutate it afterwards. Raises ``TypeError`` for a ``stamp`` that is not an int.
        """
        if not isinstance(instance, Model):
            raise _not_a_model("snapshot_document", instance)
        if stamp is None:
            stamp = next(CHANGES)
        elif not isinstance(stamp, int) or isinstance(stamp, bool):
            raise TypeError(
                f"snapshot_document(stamp=...) takes an int or None, got {type(stamp).__name__}"
            )
        self._entries[_ref(instance, self._unsnap)] = (document, stamp)

    def _entry(self, instance: Model, caller: str) -> _Snapshot | None:
        try:
            entry = self._entries.get(_ref(instance))
        except TypeError:  # not weakly referenceable or not hashable: not a model
            raise _not_a_model(caller, instance) from None
        if entry is None:
            _check(instance, caller)
            return None
        return _snapshot(entry)

    def get_snapshot(self, instance: Model) -> Mapping[str, Any] | None:
        """The last snapshot of ``instance`` as a document, or ``None`` (do not mutate it)."""
        entry = self._entry(instance, "get_snapshot")
        return None if entry is None else entry[0]

    def forget(self, instance: Model) -> None:
        """Drop the snapshot of ``instance``, if any."""
        _check(instance, "forget")
        self._snapshots.pop(instance, None)

    def reset(self, instance: Model) -> None:
        """Restore ``instance`` to its last snapshot (with fresh containers).

        Raises ``KeyError`` when the tracker has no snapshot of ``instance``.
        """
        entry = self._entry(instance, "reset")
        if entry is None:
            raise KeyError(f"the state tracker has no snapshot of {instance!r}")
        fresh = plan_of(type(instance)).load(entry[0])
        state = vars(instance)
        names = set(state) | set(fresh.__dict__)
        state.clear()
        state.update(fresh.__dict__)
        for name in names:
            record_change(instance, name)

    def get_dirty_fields(self, instance: Model) -> set[str]:
        """Return the names of the fields changed since the last snapshot.

        Reassigned fields count only if their value differs; lists, dicts, sets and embedded
        models mutated in place count too. With no snapshot, every set field is dirty.
        """
        try:
            entry = self._entries.get(_ref(instance))
        except TypeError:  # not weakly referenceable or not hashable: not a model
            raise _not_a_model("get_dirty_fields", instance) from None
        if entry is None:
            _check(instance, "get_dirty_fields")
            plan = plan_of(type(instance))
            return {field.name for field in plan.fields if field.name in instance.__dict__}
        document, stamp = _snapshot(entry)
        plan = type(instance).__gault_plan__ or plan_of(type(instance))
        return dirty_fields(plan, instance, document, stamp)


def tracking_loader(
    load: Callable[[Mapping[str, Any]], M], persistence: Persistence, tracker: StateTracker
) -> Callable[[Mapping[str, Any]], M]:
    """``load`` followed by ``mark_persisted`` and ``snapshot_document`` of the raw document.

    The snapshot is the raw document alone, with no stamp (0, older than any clock value): the
    instance is new, so every change recorded on it counts as made after the snapshot, and the
    fields a model's ``__post_init__`` changes while loading are dirty when they differ from
    the document (a save writes them). No tuple per instance either: one object fewer.

    What the managers run for every document they read: one weak reference per instance goes
    straight into both the ``WeakSet``'s and the ``WeakKeyDictionary``'s storage, with a
    callback that removes it from both when the instance is collected (what their own
    callbacks do). One reference instead of two is one object fewer per loaded instance for
    the garbage collector to allocate, track and traverse.
    """
    ref: Callable[..., Any] = _ref
    persisted: set[weakref.ref[Model]] = persistence.data  # type: ignore[attr-defined]
    unmark = persistence._remove  # type: ignore[attr-defined]
    entries: dict[Any, Any] = tracker._entries
    unsnap = tracker._unsnap
    mark = persisted.add

    def collected(key: Any) -> None:
        unmark(key)
        unsnap(key)

    def load_tracked(document: Mapping[str, Any]) -> M:
        instance = load(document)
        key: Any = ref(instance, collected)
        mark(key)
        entries[key] = document
        return instance

    return load_tracked


publish(__name__, __all__, globals())
