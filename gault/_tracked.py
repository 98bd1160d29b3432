"""The tracking state every model instance carries: assignment stamps and tracker slots.

``CHANGES`` is a global clock; each assignment or deletion of a field records ``next(CHANGES)``
under the field's name in the instance's ``_gault_changes``. A tracker snapshot also takes a
stamp, so "changed since the snapshot" is one comparison, and any number of trackers can follow
the same instance. ``_gault_persisted`` and ``_gault_snapshots`` hold ``gault.tracking``'s data
on the instance itself; an embedded instance remembers the raw sub-document it was loaded from
(``_gault_origin``), which tells dirty detection which stored item a list element came from.
Imports nothing from gault.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

__all__ = [
    "CHANGES",
    "SET_CHANGES",
    "SET_ORIGIN",
    "SET_PERSISTED",
    "SET_SNAPSHOTS",
    "Tracked",
    "changed_since",
    "init_tracking",
    "record_change",
]

#: Global assignment clock.
CHANGES = itertools.count(1)


class Tracked:
    """Base of ``Model``: the per-instance tracking slots, ``None`` once an instance is made."""

    __slots__ = ("_gault_changes", "_gault_origin", "_gault_persisted", "_gault_snapshots")

    if TYPE_CHECKING:
        _gault_changes: dict[str, int] | None
        #: The raw sub-document an embedded instance was loaded from (unset otherwise).
        _gault_origin: Any
        _gault_persisted: Any
        _gault_snapshots: Any


#: C-level setters of the tracking slots (no ``__setattr__`` involved).
SET_CHANGES = Tracked.__dict__["_gault_changes"].__set__
SET_PERSISTED = Tracked.__dict__["_gault_persisted"].__set__
SET_SNAPSHOTS = Tracked.__dict__["_gault_snapshots"].__set__
SET_ORIGIN = Tracked.__dict__["_gault_origin"].__set__


def init_tracking(instance: Tracked) -> None:
    """Give a new instance empty tracking slots."""
    SET_CHANGES(instance, None)
    SET_PERSISTED(instance, None)
    SET_SNAPSHOTS(instance, None)


def record_change(instance: Tracked, name: str) -> None:
    """Record that field ``name`` of ``instance`` changed now."""
    changes = getattr(instance, "_gault_changes", None)
    if changes is None:
        SET_CHANGES(instance, {name: next(CHANGES)})
    else:
        changes[name] = next(CHANGES)


def changed_since(instance: Tracked, stamp: int) -> list[str]:
    """Names of the fields of ``instance`` assigned or deleted after ``stamp``."""
    changes = getattr(instance, "_gault_changes", None)
    if not changes:
        return []
    return [name for name, when in changes.items() if when > stamp]
