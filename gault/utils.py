"""Small helpers of the public API that belong to no single concern.

Imports nothing from the rest of gault.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterable, Iterable, Mapping
from typing import Any, TypeVar

__all__ = [
    "drop_missing",
    "nullfree_dict",
    "nullfree_list",
    "to_list",
    "unwrap_array",
    "unwrap_single_element",
]

T = TypeVar("T")


async def to_list(iterable: AsyncIterable[T], /) -> list[T]:
    """Collect an async iterable (``manager.select(...)``) into a list."""
    return [item async for item in iterable]


def nullfree_dict(mapping: Mapping[str, Any], /) -> dict[str, Any]:
    """Return a copy of ``mapping`` without its ``None`` values (optional MQL arguments)."""
    return {key: value for key, value in mapping.items() if value is not None}


def drop_missing(mapping: Mapping[str, Any], /) -> dict[str, Any]:
    """Return a copy of ``mapping`` without the values that are ``dataclasses.MISSING``."""
    return {key: value for key, value in mapping.items() if value is not dataclasses.MISSING}


def nullfree_list(items: Iterable[T | None], /) -> list[T]:
    """Return the items that are not ``None``, in order."""
    return [item for item in items if item is not None]


def unwrap_array(values: tuple[Any, ...], /) -> list[Any]:
    """Return variadic arguments as a list: ``f(a, b)`` and ``f([a, b])`` give ``[a, b]``."""
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        return list(values[0])
    return list(values)


def unwrap_single_element(values: list[T], /) -> T | list[T]:
    """Return the only element of a one-element list, else the list itself."""
    return values[0] if len(values) == 1 else values
