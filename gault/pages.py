"""``Page``: one page of a paginated result, with its place in the whole result set.

Built by ``paginate`` (which validates its arguments the same way); imports only
``gault._support``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from gault._support import INT64_MAX

__all__ = ["Page"]

T = TypeVar("T")
U = TypeVar("U")


class Page(Sequence[T], Generic[T]):
    """The ``items`` of page ``page`` (1-based) of ``per_page`` items, out of ``total``.

    A page is a read-only sequence of its items (``len``, indexing, iteration, ``in``,
    ``reversed``). ``instances`` is the established name of ``items`` (the same list).

    Raises ``ValueError`` when ``total < 0``, ``page < 1`` or ``per_page < 1``.
    """

    __slots__ = ("items", "page", "per_page", "total")

    def __init__(
        self,
        items: Sequence[T] | None = None,
        total: int = 0,
        page: int = 1,
        per_page: int = 10,
        *,
        instances: Sequence[T] | None = None,
    ) -> None:
        if items is not None and instances is not None:
            raise TypeError("Page: give items or instances (the same list), not both")
        check_page_numbers(page, per_page)
        if not _is_int(total) or total < 0:
            raise ValueError(f"Page: total must be an int >= 0, got {total!r}")
        chosen = items if items is not None else instances
        self.items: list[T] = list(chosen) if chosen is not None else []
        self.total = total
        self.page = page
        self.per_page = per_page

    @property
    def instances(self) -> list[T]:
        """The items of this page (the established name of ``items``)."""
        return self.items

    @property
    def pages(self) -> int:
        """How many pages the whole result set fills (0 when it is empty)."""
        return -(-self.total // self.per_page)

    @property
    def has_next(self) -> bool:
        """Whether a page follows this one."""
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        """Whether a page precedes this one (every page but the first)."""
        return self.page > 1

    def with_(self, into: Callable[[T], U], /) -> Page[U]:
        """Return a page of ``into(item)`` for each item, with the same numbers."""
        return Page([into(item) for item in self.items], self.total, self.page, self.per_page)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __reversed__(self) -> Iterator[T]:
        return reversed(self.items)

    def __contains__(self, item: object) -> bool:
        return item in self.items

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Page):
            return NotImplemented
        return (self.items, self.total, self.page, self.per_page) == (
            other.items,
            other.total,
            other.page,
            other.per_page,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Page(items={self.items!r}, total={self.total}, page={self.page}, "
            f"per_page={self.per_page})"
        )


def check_page_numbers(page: Any, per_page: Any) -> None:
    """Raise ``ValueError`` unless ``page`` and ``per_page`` are ints ``>= 1`` whose skip
    (``(page - 1) * per_page``) and ``per_page`` fit a 64-bit integer."""
    if not _is_int(page) or page < 1:
        raise ValueError(f"page must be an int >= 1 (pages count from 1), got {page!r}")
    if not _is_int(per_page) or per_page < 1:
        raise ValueError(f"per_page must be an int >= 1, got {per_page!r}")
    if per_page > INT64_MAX:
        raise ValueError(f"per_page must fit a 64-bit integer (<= 2**63 - 1), got {per_page}")
    if (page - 1) * per_page > INT64_MAX:
        raise ValueError(
            f"page {page} of {per_page} items skips {(page - 1) * per_page} items, more than "
            "a 64-bit integer holds (2**63 - 1)"
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
