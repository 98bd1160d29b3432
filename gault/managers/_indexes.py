"""Index declarations: ``Index(...)`` and the ``__indexes__`` attribute of a schema.

``index_models(model, indexes)`` compiles declarations (field names, references, ``-name``
for descending, ``(field, kind)`` pairs, lists of keys for compound indexes, PyMongo
``IndexModel``s) into ``IndexModel``s with db keys, for ``ensure_indexes``. A field name must
be a declared field of the model (``ValueError`` otherwise); ``Field("raw.path")`` indexes
any path. No I/O.

    class User(Schema, collection="users"):
        __indexes__ = (Index("email", unique=True), "-created", [("name", 1), "age"])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

from pymongo import IndexModel

from gault.compilers import compile_field
from gault.interfaces import AsRef
from gault.managers._fields import field_key

__all__ = ["Index", "IndexKey", "IndexSpec", "index_models"]

#: One key of an index: a field (``"-name"`` is descending) or ``(field, kind)``, where
#: kind is 1, -1, "text", "hashed", "2d" or "2dsphere".
IndexKey: TypeAlias = str | AsRef | tuple[str | AsRef, int | str]

_KINDS = (1, -1, "text", "hashed", "2d", "2dsphere")


class Index:
    """An index on ``keys`` with PyMongo's index ``options`` (``unique=True``, ``name=...``).

    ``Index(User.email, unique=True)``, ``Index("-created", User.name)``,
    ``Index((User.location, "2dsphere"))``.
    """

    __slots__ = ("_fields", "keys", "options")

    def __init__(self, *keys: IndexKey, **options: Any) -> None:
        if not keys:
            raise TypeError("Index needs at least one key")
        self.keys = [_key(key) for key in keys]
        self._fields = [_field(key) for key in keys]
        self.options = options

    def __repr__(self) -> str:
        options = "".join(f", {key}={value!r}" for key, value in self.options.items())
        return f"Index({', '.join(map(repr, self.keys))}{options})"

    def to_model(self, model: type[Any]) -> IndexModel:
        """Return the PyMongo ``IndexModel`` of this declaration on ``model``'s collection.

        Field names must name declared fields of ``model`` (translated to db keys), references
        must be ``model``'s own; ``ValueError``/``TypeError`` otherwise.
        """
        keys = [
            (field_key(model, given, "Index"), kind)
            for given, (_, kind) in zip(self._fields, self.keys, strict=True)
        ]
        return IndexModel(keys, **self.options)


#: What ``ensure_indexes`` and ``__indexes__`` accept for one index (a list of keys is one
#: compound index).
IndexSpec: TypeAlias = Index | IndexModel | IndexKey | list[IndexKey]


def index_models(model: type[Any], indexes: Sequence[IndexSpec] | None) -> list[IndexModel]:
    """Return ``indexes`` (default: ``model.__indexes__``, if declared) as ``IndexModel``s."""
    declared = getattr(model, "__indexes__", ()) if indexes is None else indexes
    if isinstance(declared, (str, Index, IndexModel, Mapping)):
        raise TypeError(f"{model.__qualname__}: indexes are a list or tuple, got {declared!r}")
    result = []
    for spec in declared:
        if isinstance(spec, IndexModel):
            result.append(spec)
        elif isinstance(spec, Index):
            result.append(spec.to_model(model))
        elif isinstance(spec, list):
            result.append(Index(*spec).to_model(model))
        else:
            result.append(Index(spec).to_model(model))
    return result


def _field(key: IndexKey) -> str | AsRef:
    """The field of an index key as given (``"-name"`` without its ``-``)."""
    field = key[0] if isinstance(key, tuple) else key
    if isinstance(field, str) and not isinstance(key, tuple) and field.startswith("-"):
        return field[1:]
    return field


def _key(key: Any) -> tuple[str, int | str]:
    if isinstance(key, tuple) and len(key) == 2:
        field, kind = key
        if kind in _KINDS and not isinstance(kind, bool):
            return compile_field(field), kind
        raise ValueError(f"index kind for {field!r} must be one of {_KINDS}, got {kind!r}")
    if isinstance(key, str) and key.startswith("-") and len(key) > 1:
        return compile_field(key[1:]), -1
    if isinstance(key, (str, AsRef)):
        return compile_field(key), 1
    raise TypeError(
        f"an index key is a field name, a reference or a (field, kind) pair, got {key!r}"
    )
