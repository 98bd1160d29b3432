"""Update documents: the ``save`` plan (``$set`` / ``$setOnInsert`` / version check) and
``update_many``'s operators with db aliases applied. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gault.managers._filters import db_key
from gault.mappers import get_mapper
from gault.models import Model
from gault.updates import compile_update

__all__ = ["SavePlan", "compile_update_for", "plan_save"]


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
    update = mapper.save_update(instance, dirty=dirty, snapshot=snapshot)
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
