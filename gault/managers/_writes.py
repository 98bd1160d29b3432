"""Update documents: the ``save`` plan (the update document of the changed fields, the version
check) and
``update_many``'s operators with db aliases applied. No I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from gault._schema.plan import plan_of
from gault._support import MISSING
from gault.managers._filters import db_key
from gault.mappers import get_mapper
from gault.models import Model
from gault.updates import compile_update

__all__ = ["SavePlan", "compile_update_for", "plan_save", "save_update"]


class SavePlan:
    """One upsert of ``save``: ``filter``, ``update`` and ``upsert`` for ``find_one_and_update``.

    With a version field, ``filter`` also matches ``expected_version`` and ``update`` sets the
    next version; ``applied(instance)`` writes that version back once the write succeeded.
    """

    __slots__ = ("expected_version", "filter", "update", "upsert", "version_field")

    def __init__(
        self,
        filter: dict[str, Any],
        update: dict[str, Any],
        *,
        upsert: bool,
        version_field: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        self.filter = filter
        self.update = update
        self.upsert = upsert
        self.version_field = version_field
        self.expected_version = expected_version

    def applied(self, instance: Model) -> None:
        """Record on ``instance`` what the successful write changed (its new version)."""
        if self.version_field is not None:
            setattr(instance, self.version_field, (self.expected_version or 0) + 1)


def plan_save(
    instance: Model,
    *,
    persisted: bool,
    dirty: set[str] | None,
    snapshot: Mapping[str, Any] | None,
) -> SavePlan:
    """Plan the upsert of ``instance`` on its pk.

    ``dirty=None`` (a plain save) sets every field; otherwise (an atomic save) only the
    ``dirty`` fields go in ``$set`` (embedded changes as dotted paths, using ``snapshot``)
    and the others in ``$setOnInsert``. With a version field the filter matches the
    instance's version and ``$set`` moves it on; a persisted versioned instance is updated,
    never upserted, so a stale version matches nothing (a ``Conflict``). Raises
    ``Unprocessable`` when the model declares no pk.
    """
    mapper = get_mapper(instance)
    mapper.ensure_pk(instance)
    query = mapper.pk_filter(instance)
    update = save_update(instance, dirty=dirty, snapshot=snapshot)
    version = mapper.version_field
    if version is None:
        return SavePlan(query, update, upsert=True)
    expected = mapper.get_version(instance)
    query[version.db_key] = expected
    set_part = update.setdefault("$set", {})
    set_part[version.db_key] = (expected or 0) + 1
    return SavePlan(
        query,
        update,
        upsert=not persisted,
        version_field=version.name,
        expected_version=expected,
    )


def save_update(
    instance: Model,
    *,
    dirty: Collection[str] | None = None,
    snapshot: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the update document of an upsert saving ``instance`` on its pk.

    Without ``dirty``, every non-pk field goes into ``$set``. With ``dirty`` (attribute
    names, from ``StateTracker.get_dirty_fields``), dirty fields go into ``$set`` and the
    others into ``$setOnInsert``, so a document deleted meanwhile is recreated whole; with
    the ``snapshot`` too, a changed embedded model is written as dotted paths (changed
    sub-fields in ``$set``, unchanged ones in ``$setOnInsert``). pk fields and the version
    field are left to the caller. Never empty: a save with nothing else to write puts the
    pk fields in ``$setOnInsert``.
    """
    plan = plan_of(type(instance))
    state = instance.__dict__
    to_set: dict[str, Any] = {}
    on_insert: dict[str, Any] = {}
    for field in plan.fields:
        if field.pk or field.version or field.name not in state:
            continue
        value = state[field.name]
        if dirty is not None and field.name not in dirty:
            on_insert[field.db_key] = field.codec.encode_value(value)
            continue
        raw = MISSING if snapshot is None else snapshot.get(field.db_key, MISSING)
        if dirty is not None and isinstance(value, Model) and isinstance(raw, dict):
            _diff(value, raw, field.db_key + ".", to_set, on_insert)
        else:
            to_set[field.db_key] = field.codec.encode_value(value)
    if not to_set and not on_insert:
        for field in plan.pk_fields:
            if field.name in state:
                on_insert[field.db_key] = field.codec.encode_value(state[field.name])
    update: dict[str, Any] = {}
    if to_set:
        update["$set"] = to_set
    if on_insert:
        update["$setOnInsert"] = on_insert
    return update


def _diff(
    instance: Model,
    raw: Mapping[str, Any],
    prefix: str,
    to_set: dict[str, Any],
    on_insert: dict[str, Any],
) -> None:
    """Split an embedded model's changes into dotted ``$set`` / ``$setOnInsert`` entries."""
    state = instance.__dict__
    for field in plan_of(type(instance)).fields:
        if field.name not in state:
            continue
        value = state[field.name]
        path = prefix + field.db_key
        stored = raw.get(field.db_key, MISSING)
        if stored is not MISSING and not field.differs(value, stored):
            on_insert[path] = field.codec.encode_value(value)
        elif isinstance(value, Model) and isinstance(stored, dict):
            _diff(value, stored, path + ".", to_set, on_insert)
        else:
            to_set[path] = field.codec.encode_value(value)


def compile_update_for(model: type[Any], update: Any) -> dict[str, Any]:
    """Compile ``update`` (update operators, a list of them, or a raw update dict) for
    ``model``; the raw dict's field names are translated to db keys where they name fields."""
    if isinstance(update, Mapping):
        translated = {
            operator: (
                {_translate(model, key): value for key, value in body.items()}
                if isinstance(body, Mapping)
                else body
            )
            for operator, body in update.items()
        }
        return compile_update(translated)
    if isinstance(update, (list, tuple)):
        return compile_update(*update)
    return compile_update(update)


def _translate(model: type[Any], key: Any) -> Any:
    return db_key(model, key) if isinstance(key, str) else key
