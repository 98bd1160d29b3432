"""``gault.utils``: small helpers of the public API."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

from gault.utils import (
    drop_missing,
    nullfree_dict,
    nullfree_list,
    to_list,
    unwrap_array,
    unwrap_single_element,
)


async def numbers() -> AsyncIterator[int]:
    for number in (1, 2, 3):
        yield number


async def test_to_list() -> None:
    assert await to_list(numbers()) == [1, 2, 3]


def test_nullfree() -> None:
    assert nullfree_dict({"a": 1, "b": None, "c": 0}) == {"a": 1, "c": 0}
    assert nullfree_list([1, None, 0]) == [1, 0]


def test_drop_missing() -> None:
    mapping = {"a": 1, "b": dataclasses.MISSING, "c": None}
    assert drop_missing(mapping) == {"a": 1, "c": None}
    assert "b" in mapping


def test_unwrap() -> None:
    assert unwrap_array((1, 2)) == [1, 2]
    assert unwrap_array(([1, 2],)) == [1, 2]
    assert unwrap_array(((1, 2),)) == [1, 2]
    assert unwrap_array(()) == []
    assert unwrap_single_element([5]) == 5
    assert unwrap_single_element([5, 6]) == [5, 6]
