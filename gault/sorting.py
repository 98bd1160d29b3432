"""Sort payloads: every accepted form normalised to one ``{path: direction}`` dict.

``SortPayload = SortToken | list[SortToken] | Mapping[FieldLike, Direction | None]``,
``SortToken = FieldLike | tuple[FieldLike, Direction | None]``,
``Direction = 1 | -1 | {"$meta": str}``.

A plain string ``"name"`` sorts ascending and ``"-name"`` descending; references use their db
alias; a ``None`` direction means ascending; a list keeps its order. An empty payload (``None``,
``[]``, ``{}``) normalises to ``None``: callers then add no ``$sort`` stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeAlias

from gault.compilers import compile_field
from gault.interfaces import AsRef

__all__ = [
    "Direction",
    "FieldLike",
    "SortPayload",
    "SortToken",
    "normalize_sort",
    "normalize_token",
]

FieldLike: TypeAlias = str | AsRef
Direction: TypeAlias = Literal[1, -1] | Mapping[str, str]
SortToken: TypeAlias = FieldLike | tuple[FieldLike, Direction | None]
SortPayload: TypeAlias = SortToken | list[SortToken] | Mapping[FieldLike, Direction | None]


def normalize_sort(payload: SortPayload | None) -> dict[str, Any] | None:
    """Return ``payload`` as an ordered ``{path: direction}`` dict, or ``None`` when empty.

    Raises ``TypeError`` for an unsupported payload, ``ValueError`` for a bad direction, an
    empty field name or a field sorted twice.
    """
    if payload is None:
        return None
    if isinstance(payload, Mapping):
        pairs = [normalize_token((field, direction)) for field, direction in payload.items()]
    elif isinstance(payload, list):
        pairs = [normalize_token(token) for token in payload]
    else:
        pairs = [normalize_token(payload)]
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"sort: the field {key!r} is sorted twice in {payload!r}")
        result[key] = value
    return result or None


def normalize_token(token: SortToken) -> tuple[str, Any]:
    """Return one sort token as ``(path, direction)``."""
    if isinstance(token, tuple):
        if len(token) != 2:
            raise TypeError(f"a sort token tuple is (field, direction), got {token!r}")
        field, direction = token
        return _field(field), _direction(field, direction)
    if isinstance(token, str):
        direction = -1 if token.startswith("-") else 1
        name = token[1:] if token[:1] in ("-", "+") else token
        if not name:
            raise ValueError(f"sort: {token!r} names no field")
        return compile_field(name), direction
    if isinstance(token, AsRef):
        return token.compile_field(), 1
    raise TypeError(
        "a sort token is a field name, a field reference or a (field, direction) tuple, "
        f"got {type(token).__name__} {token!r}"
    )


def _field(field: Any) -> str:
    if isinstance(field, (str, AsRef)):
        return compile_field(field)
    raise TypeError(
        f"a sort field is a field name or a field reference, got {type(field).__name__} {field!r}"
    )


def _direction(field: Any, direction: Any) -> Any:
    if direction is None:
        return 1
    if direction in (1, -1) and not isinstance(direction, bool):
        return int(direction)
    if (
        isinstance(direction, Mapping)
        and len(direction) == 1
        and isinstance(direction.get("$meta"), str)
    ):
        return dict(direction)
    if direction in ("asc", "ascending"):
        return 1
    if direction in ("desc", "descending"):
        return -1
    raise ValueError(
        f"invalid sort direction for {field!r}: {direction!r} "
        "(expected 1, -1, 'asc', 'desc' or {'$meta': ...})"
    )
