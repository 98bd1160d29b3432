"""Which instances are persisted (``Persistence``) and what changed since a read (``StateTracker``).

Neither keeps an instance alive: marks and snapshots are stored on the instance itself (in
slots of ``Model``), under the tracker's token, so they live exactly as long as the instance:
the behaviour of a ``WeakSet`` / ``WeakKeyDictionary`` at a fraction of the cost per loaded
document. Several trackers follow the same instance independently.

A snapshot is a document (db keys, BSON values): the raw document PyMongo returned when an
instance is loaded (stored as is, no copy: it is already private), or the instance's dump when
``snapshot`` is called. Dirty detection is cheap: assignments and deletions stamp the field on
the instance (the model's ``__setattr__``), so only stamped fields and fields of mutable type
(lists, dicts, sets, embedded models: they change in place) are compared with the snapshot.
Imports ``gault.models`` and below.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from gault._plan import plan_of
from gault._tracked import CHANGES, SET_PERSISTED, SET_SNAPSHOTS, record_change
from gault.models import Model

__all__ = ["Persistence", "StateTracker"]

_TOKENS = itertools.count(1)


def _slot(instance: object, name: str, caller: str) -> Any:
    """Read a tracking slot of ``instance`` (``None`` when unset); ``TypeError`` if no model."""
    if not isinstance(instance, Model):
        raise TypeError(f"{caller}() expects a Model instance, got {type(instance).__qualname__}")
    return getattr(instance, name, None)


class Persistence:
    """The instances known to be stored in the database (never kept alive by it)."""

    __slots__ = ("_token",)

    def __init__(self) -> None:
        self._token = next(_TOKENS)

    def is_persisted(self, instance: Model) -> bool:
        """Whether ``instance`` was read from or written to the database."""
        try:
            marks = instance._gault_persisted
        except AttributeError:
            marks = _slot(instance, "_gault_persisted", "is_persisted")
        token = self._token
        return bool(marks == token or (marks.__class__ is set and token in marks))

    def mark_persisted(self, instance: Model) -> None:
        """Record that ``instance`` is stored in the database."""
        try:
            marks = instance._gault_persisted
        except AttributeError:
            marks = _slot(instance, "_gault_persisted", "mark_persisted")
        token = self._token
        if marks is None or marks == token:
            SET_PERSISTED(instance, token)
        elif marks.__class__ is set:
            marks.add(token)
        else:
            SET_PERSISTED(instance, {marks, token})

    def forget(self, instance: Model) -> None:
        """Forget ``instance`` (after a delete); no error if it was not marked."""
        marks = _slot(instance, "_gault_persisted", "forget")
        if marks == self._token:
            SET_PERSISTED(instance, None)
        elif marks.__class__ is set:
            marks.discard(self._token)


class StateTracker:
    """Snapshots of instances, to tell which fields changed since (never keeps one alive).

    Without a snapshot, ``get_dirty_fields`` reports every set field as dirty, so an atomic
    save of an instance the tracker never saw writes everything.
    """

    __slots__ = ("_token",)

    def __init__(self) -> None:
        self._token = next(_TOKENS)

    def snapshot(self, instance: Model) -> None:
        """Remember ``instance``'s current state (as its document, with fresh containers)."""
        _slot(instance, "_gault_snapshots", "snapshot")
        self.snapshot_document(instance, plan_of(type(instance)).dump(instance))

    def snapshot_document(self, instance: Model, document: Mapping[str, Any]) -> None:
        """Remember ``document`` (the raw document ``instance`` was loaded from) as its state.

        The document is kept as is, not copied: the caller must not mutate it afterwards.
        """
        try:
            snapshots = instance._gault_snapshots
        except AttributeError:
            snapshots = _slot(instance, "_gault_snapshots", "snapshot_document")
        token = self._token
        if snapshots is None or (snapshots.__class__ is tuple and snapshots[0] == token):
            SET_SNAPSHOTS(instance, (token, document, next(CHANGES)))
        elif snapshots.__class__ is dict:
            snapshots[token] = (document, next(CHANGES))
        else:
            entries = {snapshots[0]: snapshots[1:], token: (document, next(CHANGES))}
            SET_SNAPSHOTS(instance, entries)

    def _entry(self, instance: Model, caller: str) -> tuple[Mapping[str, Any], int] | None:
        snapshots = _slot(instance, "_gault_snapshots", caller)
        if snapshots is None:
            return None
        if snapshots.__class__ is tuple:
            return snapshots[1:] if snapshots[0] == self._token else None
        return snapshots.get(self._token)  # type: ignore[no-any-return]

    def get_snapshot(self, instance: Model) -> Mapping[str, Any] | None:
        """The last snapshot of ``instance`` as a document, or ``None`` (do not mutate it)."""
        entry = self._entry(instance, "get_snapshot")
        return None if entry is None else entry[0]

    def forget(self, instance: Model) -> None:
        """Drop the snapshot of ``instance``, if any."""
        snapshots = _slot(instance, "_gault_snapshots", "forget")
        if snapshots.__class__ is tuple and snapshots[0] == self._token:
            SET_SNAPSHOTS(instance, None)
        elif snapshots.__class__ is dict:
            snapshots.pop(self._token, None)

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
            snapshots = instance._gault_snapshots
        except AttributeError:
            snapshots = _slot(instance, "_gault_snapshots", "get_dirty_fields")
        if snapshots.__class__ is tuple and snapshots[0] == self._token:
            document, stamp = snapshots[1], snapshots[2]
        else:
            entry = self._entry(instance, "get_dirty_fields")
            if entry is None:
                plan = plan_of(type(instance))
                return {field.name for field in plan.fields if field.name in instance.__dict__}
            document, stamp = entry
        plan = type(instance).__gault_plan__ or plan_of(type(instance))
        state = instance.__dict__
        dirty = plan.mutable_dirty(state, document, stamp)
        try:
            changes = instance._gault_changes
        except AttributeError:
            changes = None
        if changes:
            for name, when in changes.items():
                if when > stamp:
                    if plan.by_name[name].changed(state, document):
                        dirty.add(name)
                    else:
                        dirty.discard(name)
        return dirty
