"""Which instances are persisted (``Persistence``) and what changed since a read (``StateTracker``).

Both hold instances weakly, so tracking never keeps an instance alive. A snapshot is a document
(db keys, BSON values): the raw document PyMongo returned when an instance is loaded (stored as
is, no copy: it is already private), or the instance's dump when ``snapshot`` is called.

Dirty detection is cheap: assignments and deletions stamp the field on the instance (through
the model's ``__setattr__``, see ``gault.models``), so only stamped fields and fields of mutable
type (lists, dicts, sets, embedded models: they can change in place) are compared with the
snapshot. Several trackers can follow the same instance independently. Imports
``gault.models`` and below.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

from gault._plan import CHANGES, changed_since, plan_of, record_change
from gault.models import Model

__all__ = ["Persistence", "StateTracker"]


class Persistence:
    """The set of instances known to be stored in the database (held weakly)."""

    __slots__ = ("_instances",)

    def __init__(self) -> None:
        self._instances: weakref.WeakSet[Model] = weakref.WeakSet()

    def is_persisted(self, instance: Model) -> bool:
        """Whether ``instance`` was read from or written to the database."""
        return instance in self._instances

    def mark_persisted(self, instance: Model) -> None:
        """Record that ``instance`` is stored in the database."""
        self._instances.add(instance)

    def forget(self, instance: Model) -> None:
        """Forget ``instance`` (after a delete); no error if it was not marked."""
        self._instances.discard(instance)


class StateTracker:
    """Snapshots of instances (held weakly), to tell which fields changed since.

    Without a snapshot, ``get_dirty_fields`` reports every set field as dirty, so an atomic
    save of an instance the tracker never saw writes everything.
    """

    __slots__ = ("_snapshots",)

    def __init__(self) -> None:
        self._snapshots: weakref.WeakKeyDictionary[Model, tuple[Mapping[str, Any], int]] = (
            weakref.WeakKeyDictionary()
        )

    def snapshot(self, instance: Model) -> None:
        """Remember ``instance``'s current state (as its document, with fresh containers)."""
        document = plan_of(type(instance)).dump(instance)
        self._snapshots[instance] = (document, next(CHANGES))

    def snapshot_document(self, instance: Model, document: Mapping[str, Any]) -> None:
        """Remember ``document`` (the raw document ``instance`` was loaded from) as its state.

        The document is kept as is, not copied: the caller must not mutate it afterwards.
        """
        self._snapshots[instance] = (document, next(CHANGES))

    def get_snapshot(self, instance: Model) -> Mapping[str, Any] | None:
        """The last snapshot of ``instance`` as a document, or ``None`` (do not mutate it)."""
        entry = self._snapshots.get(instance)
        return None if entry is None else entry[0]

    def forget(self, instance: Model) -> None:
        """Drop the snapshot of ``instance``, if any."""
        self._snapshots.pop(instance, None)

    def reset(self, instance: Model) -> None:
        """Restore ``instance`` to its last snapshot (with fresh containers).

        Raises ``KeyError`` when the tracker has no snapshot of ``instance``.
        """
        entry = self._snapshots.get(instance)
        if entry is None:
            raise KeyError(f"the state tracker has no snapshot of {instance!r}")
        plan = plan_of(type(instance))
        fresh = plan.load(entry[0])
        state = instance.__dict__
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
        plan = plan_of(type(instance))
        entry = self._snapshots.get(instance)
        state = instance.__dict__
        if entry is None:
            return {field.name for field in plan.fields if field.name in state}
        document, stamp = entry
        by_name = plan.by_name
        dirty = {
            name
            for name in changed_since(instance, stamp)
            if not by_name[name].codec.mutable and by_name[name].changed(state, document)
        }
        for field in plan.mutable_fields:
            if field.changed(state, document):
                dirty.add(field.name)
        return dirty
