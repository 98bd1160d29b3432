"""``Page``: numbers, the sequence protocol, ``with_``, validation."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import gault
import gault.models
from gault.pages import Page


def test_numbers() -> None:
    page = Page(["c", "d"], total=5, page=2, per_page=2)
    assert (page.pages, page.has_next, page.has_prev) == (3, True, True)
    last = Page(["e"], total=5, page=3, per_page=2)
    assert (last.has_next, last.has_prev) == (False, True)
    first = Page(["a", "b"], total=5, page=1, per_page=2)
    assert (first.has_next, first.has_prev) == (True, False)


def test_empty_page() -> None:
    page: Page[str] = Page()
    assert (page.items, page.total, page.page, page.per_page, page.pages) == ([], 0, 1, 10, 0)
    assert not page.has_next and not page.has_prev


def test_sequence_protocol() -> None:
    page = Page(["a", "b", "c"], total=3, page=1, per_page=3)
    assert len(page) == 3
    assert page[0] == "a" and page[-1] == "c" and page[1:] == ["b", "c"]
    assert list(page) == ["a", "b", "c"]
    assert "b" in page and "z" not in page
    assert list(reversed(page)) == ["c", "b", "a"]
    assert page.index("c") == 2 and page.count("a") == 1


def test_items_and_instances_are_the_same_list() -> None:
    page = Page(instances=["a"], total=1)
    assert page.items is page.instances
    assert page == Page(["a"], 1)
    with pytest.raises(TypeError, match="not both"):
        Page(["a"], 1, instances=["a"])


def test_with_maps_items_and_keeps_numbers() -> None:
    page = Page([1, 2], total=9, page=2, per_page=2)
    assert page.with_(str) == Page(["1", "2"], total=9, page=2, per_page=2)


def test_equality_and_repr() -> None:
    assert Page([1], 1) != Page([1], 2)
    assert Page([1], 1) != [1]
    assert repr(Page([1], 1)) == "Page(items=[1], total=1, page=1, per_page=10)"


@pytest.mark.parametrize(
    ("total", "page", "per_page", "message"),
    [(-1, 1, 1, "total"), (1, 0, 1, "page must"), (1, 1, 0, "per_page"), (1, True, 1, "page")],
)
def test_validation(total: int, page: int, per_page: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Page([], total, page, per_page)


@pytest.mark.parametrize(
    ("total", "per_page", "pages"),
    [(0, 10, 0), (1, 10, 1), (10, 10, 1), (11, 10, 2), (25, 25, 1), (26, 25, 2), (7, 1, 7)],
)
def test_pages_rounds_up(total: int, per_page: int, pages: int) -> None:
    assert Page([], total, 1, per_page).pages == pages


def test_a_page_past_the_end() -> None:
    page: Page[str] = Page([], total=5, page=9, per_page=2)
    assert (len(page), page.pages, page.has_next, page.has_prev) == (0, 3, False, True)
    assert page.with_(str.upper) == Page([], total=5, page=9, per_page=2)


def test_page_is_a_generic_sequence() -> None:
    assert gault.Page is Page and gault.models.Page is Page  # 0.14 defined it in models
    assert isinstance(Page([1]), Sequence)
    assert Page[int]([1, 2], 2).items == [1, 2]
    assert not Page() and Page([0])
