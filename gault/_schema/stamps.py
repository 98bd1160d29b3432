"""The tracking state every model instance carries: assignment stamps and load origin.

``CHANGES`` is a global clock; each assignment or deletion of a field (the field's descriptor,
``gault.models.Attribute``) records ``next(CHANGES)`` under the field's name in the instance's
``_gault_changes``. A tracker snapshot also takes a stamp, so "changed since the snapshot" is
one comparison, and any number of trackers can follow the same instance. An embedded instance
remembers the raw sub-document it was loaded from (``_gault_origin``), which tells dirty
detection which stored item a list element came from. Which instances are persisted and their
snapshots are kept by ``gault.tracking`` (weakly), not here. Imports nothing from gault.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

__all__ = [
    "CHANGES",
    "SET_CHANGES",
    "SET_ORIGIN",
    "Tracked",
    "init_tracking",
    "record_change",
]

#: Global assignment clock.
CHANGES = itertools.count(1)


class Tracked:
    """Base of ``Model``: the per-instance tracking slots (stamps ``None`` until a change)."""

    __slots__ = ("_gault_changes", "_gault_origin")

    if TYPE_CHECKING:
        _gault_changes: dict[str, int] | None
        #: The raw sub-document an embedded instance was loaded from (unset otherwise).
        _gault_origin: Any


#: C-level setters of the tracking slots (no ``__setattr__`` involved).
SET_CHANGES = Tracked.__dict__["_gault_changes"].__set__
SET_ORIGIN = Tracked.__dict__["_gault_origin"].__set__


def init_tracking(instance: Tracked) -> None:
    """Give a new instance empty assignment stamps."""
    SET_CHANGES(instance, None)


def record_change(instance: Tracked, name: str) -> None:
    """Record that field ``name`` of ``instance`` changed now."""
    changes = getattr(instance, "_gault_changes", None)
    if changes is None:
        SET_CHANGES(instance, {name: next(CHANGES)})
    else:
        changes[name] = next(CHANGES)
