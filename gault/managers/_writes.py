"""Update documents: the ``save`` plans, the snapshot of what a save wrote, and
``update_many``'s operators with db aliases applied. No I/O.

An atomic save sends the change since the snapshot: ``$set`` of changed values (embedded
changes as dotted paths), ``$unset`` of deleted fields, ``$push``/``$each`` of items appended
at the end of a list; only when that matched nothing does the full upsert (``save_update``)
recreate the document.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from gault._schema.changes import CHANGES
from gault._schema.plan import FieldSpec, plan_of
from gault._support import MISSING
from gault.exceptions import Unprocessable, ValidationError
from gault.managers._filters import db_key
from gault.mappers import get_mapper
from gault.models import Model
from gault.updates import compile_update

__all__ = [
    "SavePlan",
    "change_update",
    "check_pk_unchanged",
    "compile_update_for",
    "plan_save",
    "save_update",
]


class SavePlan:
    """The commands of one save: ``filter``, ``update`` and ``upsert`` of the first
    ``find_one_and_update``, and what follows it.

    ``two_step`` (an atomic save of a persisted, unversioned instance): the first command
    updates the existing document with the change only (``upsert=False``) and, when it matched
    nothing, ``recreate()`` is the full upsert that rebuilds the document. ``pk_filter`` is
    ``filter`` without the version. ``written()`` is the document the instance was saved
    as (its next snapshot) and ``stamp`` the assignment clock when that document was made (at
    planning, or at ``recreate()``), so a change made while the write is in flight stays
    dirty. With a version field, ``filter`` also matches ``expected_version``, ``update`` sets
    the next version and ``applied(instance)`` writes it back. ``guarded``: a versioned save
    whose pk is not ``_id``, so the server does not refuse a second document with the pk; its
    first command is no upsert and, when it matched nothing, ``insert_update()`` inserts the
    instance only where no document holds the pk (``insert_if_absent`` for ``save``).
    """

    __slots__ = (
        "_dirty",
        "_document",
        "_instance",
        "_recreated",
        "_snapshot",
        "expected_version",
        "filter",
        "guarded",
        "insert_if_absent",
        "pk_filter",
        "stamp",
        "two_step",
        "update",
        "upsert",
        "version_field",
    )

    def __init__(
        self,
        instance: Model,
        pk_filter: dict[str, Any],
        update: dict[str, Any],
        *,
        upsert: bool,
        document: dict[str, Any],
        two_step: bool = False,
        dirty: Collection[str] | None = None,
        snapshot: Mapping[str, Any] | None = None,
        version_field: FieldSpec | None = None,
        expected_version: int | None = None,
    ) -> None:
        self._instance = instance
        self._document = document
        self._recreated: dict[str, Any] | None = None
        self.stamp = next(CHANGES)
        self._dirty = dirty
        self._snapshot = snapshot
        self.pk_filter = pk_filter
        self.filter = pk_filter
        if version_field is not None:
            self.filter = {**pk_filter, version_field.db_key: expected_version}
        self.update = update
        self.guarded = version_field is not None and set(pk_filter) != {"_id"}
        self.upsert = upsert and not self.guarded
        self.insert_if_absent = upsert and self.guarded
        self.two_step = two_step
        self.version_field = version_field
        self.expected_version = expected_version

    def recreate(self) -> dict[str, Any]:
        """The full upsert of a two-step save: ``$set`` of the changed fields (embedded
        changes as dotted paths), ``$setOnInsert`` of every other field. The instance as it is
        now is what ``written()`` returns from then on, stamped now."""
        update = save_update(self._instance, dirty=self._dirty or (), snapshot=self._snapshot)
        self._recreated = plan_of(type(self._instance)).dump(self._instance)
        self.stamp = next(CHANGES)
        return update

    def insert_update(self) -> dict[str, Any]:
        """The upsert on ``pk_filter`` of a guarded save: ``$setOnInsert`` of the whole
        document at the next version, so a document holding the pk is left as it is."""
        return {"$setOnInsert": self.written()}

    def written(self) -> dict[str, Any]:
        """The document the instance was saved as, for its next snapshot: the one planned
        (the dump of a plain save; the previous snapshot with the changed top-level fields
        replaced, or removed when unset, for an atomic one, also what its upsert wrote), or
        the dump taken by ``recreate()`` once that was called."""
        document = self._document if self._recreated is None else self._recreated
        if self.version_field is not None:
            document[self.version_field.db_key] = (self.expected_version or 0) + 1
        return document

    def applied(self, instance: Model) -> None:
        """Record on ``instance`` what the successful write changed (its new version)."""
        if self.version_field is not None:
            setattr(instance, self.version_field.name, (self.expected_version or 0) + 1)


def _written_before(version: FieldSpec, value: int | None) -> bool:
    """Whether a version field's ``value`` moved on from a new instance's (``None``, ``0`` or
    the field's default): the instance was saved before, so its document must exist."""
    if value is None or value == 0:
        return False
    return not (version.has_default and value == version.make_default())


def plan_save(
    instance: Model,
    *,
    persisted: bool,
    dirty: Collection[str] | None,
    snapshot: Mapping[str, Any] | None,
) -> SavePlan:
    """Plan the save of ``instance`` on its pk.

    ``dirty=None`` (a plain save): one upsert, ``$set`` of every field and ``$unset`` of the
    unset ones. Otherwise (an atomic save of a persisted instance) the change since
    ``snapshot`` (see ``change_update``), sent with ``upsert=False`` first; with nothing
    changed, the upsert of ``$setOnInsert`` alone. With a version field the filter matches
    the instance's version and ``$set`` moves it on; a persisted versioned instance (or one
    whose version moved on from its initial value, whichever manager loaded it) is updated,
    never upserted, so a stale version or a deleted document matches nothing (a ``Conflict``).

    Raises ``Unprocessable`` when the model declares no pk, ``ValidationError`` when a
    required field was deleted.
    """
    mapper = get_mapper(instance)
    mapper.ensure_pk(instance)
    query = mapper.pk_filter(instance)
    plan = plan_of(type(instance))
    version = plan.version_field
    expected = None if version is None else mapper.get_version(instance)
    if version is not None and not persisted:
        persisted = _written_before(version, expected)
    versioned: dict[str, Any] = {
        "version_field": version,
        "expected_version": expected,
    }
    if dirty is None:
        _check_required(instance, type(instance), "")
        document = plan.dump(instance)
        update = _plain_update(instance, document)
        if version is not None:
            update.setdefault("$set", {})[version.db_key] = (expected or 0) + 1
        elif not update:
            update["$setOnInsert"] = {
                field.db_key: document[field.db_key] for field in plan.pk_fields
            }
        upsert = version is None or not persisted
        return SavePlan(instance, query, update, upsert=upsert, document=document, **versioned)
    update = change_update(instance, dirty, snapshot)
    written = _after(instance, dirty, snapshot)
    if version is not None:
        update.setdefault("$set", {})[version.db_key] = (expected or 0) + 1
        return SavePlan(
            instance, query, update, upsert=not persisted, document=written, dirty=dirty,
            snapshot=snapshot, **versioned,
        )  # fmt: skip
    if not update:
        update = save_update(instance, dirty=(), snapshot=snapshot)
        return SavePlan(
            instance, query, update, upsert=True, document=written, dirty=(), snapshot=snapshot
        )
    return SavePlan(
        instance, query, update, upsert=False, two_step=True, document=written, dirty=dirty,
        snapshot=snapshot,
    )  # fmt: skip


def _after(
    instance: Model, dirty: Collection[str], snapshot: Mapping[str, Any] | None
) -> dict[str, Any]:
    """``snapshot`` with the ``dirty`` top-level fields as they are now (the document after
    the change is applied); without a snapshot, the whole dump (every field is written)."""
    plan = plan_of(type(instance))
    if snapshot is None:
        return plan.dump(instance)
    document = dict(snapshot)
    state = instance.__dict__
    for name in dirty:
        field = plan.by_name[name]
        if name in state:
            document[field.db_key] = field.codec.encode_value(state[name])
        else:
            document.pop(field.db_key, None)
    return document


def _plain_update(instance: Model, document: Mapping[str, Any]) -> dict[str, Any]:
    """``$set`` of every dumped field but the pk and version, ``$unset`` of the unset ones."""
    plan = plan_of(type(instance))
    state = instance.__dict__
    to_set: dict[str, Any] = {}
    unset: dict[str, Any] = {}
    for field in plan.fields:
        if field.pk or field.version:
            continue
        if field.name in state:
            to_set[field.db_key] = document[field.db_key]
        else:
            unset[field.db_key] = ""
    update: dict[str, Any] = {}
    if to_set:
        update["$set"] = to_set
    if unset:
        update["$unset"] = unset
    return update


def change_update(
    instance: Model, dirty: Collection[str], snapshot: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The update document of what changed in ``instance`` since ``snapshot``.

    For each ``dirty`` field (attribute names, from ``StateTracker.get_dirty_fields``): a
    deleted field goes into ``$unset``; a list whose only change is items appended at its end
    into ``$push: {field: {"$each": [...]}}`` (so concurrent appends both survive); an
    embedded model recurses as dotted paths; any other change is ``$set`` of the value.
    Without a snapshot, every unset field is unset. Each path appears once: no conflicts.
    Empty when nothing changed; pk and version fields are left to the caller.
    """
    plan = plan_of(type(instance))
    state = instance.__dict__
    changes = _Changes(type(instance))
    fields = plan.fields if len(dirty) > 1 else [plan.by_name[name] for name in dirty]
    for field in fields:
        if field.pk or field.version or field.name not in dirty:
            continue
        stored = MISSING if snapshot is None else snapshot.get(field.db_key, MISSING)
        changes.add(field, state.get(field.name, MISSING), stored, field.db_key, field.name)
    if snapshot is None:
        for field in plan.fields:
            if not (field.pk or field.version or field.name in state):
                changes.unset[field.db_key] = ""
    return changes.update()


class _Changes:
    """The ``$set``, ``$unset`` and ``$push`` parts of one update, filled path by path."""

    __slots__ = ("model", "push", "to_set", "unset")

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.to_set: dict[str, Any] = {}
        self.unset: dict[str, Any] = {}
        self.push: dict[str, Any] = {}

    def add(self, field: FieldSpec, value: Any, stored: Any, path: str, where: str) -> None:
        """Record the change of ``field`` (at db ``path``, attribute path ``where``) from
        ``stored`` (raw, or MISSING) to ``value``; a deleted required field raises."""
        if value is MISSING:
            if stored is not MISSING:
                if not (field.has_default or field.optional or field.auto_pk):
                    raise _deleted_required(self.model, field, where)
                self.unset[path] = ""
            return
        if isinstance(value, Model) and isinstance(stored, dict):
            state = value.__dict__
            for sub in plan_of(type(value)).fields:
                raw = stored.get(sub.db_key, MISSING)
                current = state.get(sub.name, MISSING)
                if current is raw or (sub.codec.same_is_equality and current == raw):
                    continue  # the common case, without the codec's comparison
                if current is MISSING or raw is MISSING or sub.differs(current, raw):
                    self.add(sub, current, raw, f"{path}.{sub.db_key}", f"{where}.{sub.name}")
            return
        encoded = field.codec.encode_value(value)
        if (
            isinstance(value, list)
            and isinstance(stored, list)
            and len(encoded) > len(stored)
            and _same_bson(encoded[: len(stored)], stored)
        ):
            self.push[path] = {"$each": encoded[len(stored) :]}
        else:
            self.to_set[path] = encoded

    def update(self) -> dict[str, Any]:
        """The update document (only the non-empty operators)."""
        update: dict[str, Any] = {}
        if self.to_set:
            update["$set"] = self.to_set
        if self.unset:
            update["$unset"] = self.unset
        if self.push:
            update["$push"] = self.push
        return update


def _same_bson(left: Any, right: Any) -> bool:
    """Whether two BSON values are the same, types included (``1`` is not ``1.0``)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(
            _same_bson(value, right[key]) for key, value in left.items()
        )
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same_bson, left, right))
    return bool(left == right)


def _check_required(instance: Model, model: type[Model], prefix: str) -> None:
    """Raise ``ValidationError`` when a field that loading needs was deleted (``del``);
    embedded models are checked too (``model`` is the saved class, ``prefix`` the path)."""
    plan = plan_of(type(instance))
    state = instance.__dict__
    for field in plan.fields:
        value = state.get(field.name, MISSING)
        if value is MISSING:
            changes = getattr(instance, "_gault_changes", None)
            deleted = changes is not None and field.name in changes
            if deleted and not (field.has_default or field.optional or field.auto_pk):
                raise _deleted_required(model, field, prefix + field.name)
        elif field.embedded is not None and isinstance(value, Model):
            _check_required(value, model, f"{prefix}{field.name}.")


def _deleted_required(model: type[Model], field: FieldSpec, where: str) -> ValidationError:
    return ValidationError(
        model,
        where,
        field.annotation,
        MISSING,
        reason="required field was deleted (del); set it again before saving (nothing was written)",
    )


def check_pk_unchanged(instance: Model, snapshot: Mapping[str, Any] | None, operation: str) -> None:
    """Raise ``Unprocessable`` when the pk of ``instance`` is not the one of ``snapshot``
    (the document it was read from or written as), naming the old and the new pk."""
    if snapshot is None:
        return
    plan = plan_of(type(instance))
    state = instance.__dict__
    for field in plan.pk_fields:
        stored = snapshot.get(field.db_key, MISSING)
        value = state.get(field.name, MISSING)
        if value is stored or stored is MISSING:
            continue
        if value is not MISSING and (value == stored or not field.differs(value, stored)):
            continue
        old = {pk.db_key: snapshot.get(pk.db_key) for pk in plan.pk_fields}
        new = {
            pk.db_key: pk.codec.encode_value(state[pk.name]) if pk.name in state else None
            for pk in plan.pk_fields
        }
        raise Unprocessable(
            type(instance),
            f"{operation}: the pk changed from {old!r} to {new!r} since the instance was "
            "read or saved; to move the document, insert the instance under its new pk and "
            "delete the old document explicitly",
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
