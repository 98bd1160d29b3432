"""``Page``: one page of a paginated result, with its place in the whole result set.

Built by ``paginate`` (which validates its arguments the same way); imports only
``gault._support``.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from gault._support import INT64_MAX

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler

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

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        """``Page[T]``'s pydantic v2 schema (the ``gault[pydantic]`` extra): an object with
        ``items`` (a list of ``T``), ``total``, ``page``, ``per_page`` and the derived
        ``pages``, ``has_next`` and ``has_prev`` (read-only: ignored on input)."""
        return page_core_schema(cls, source, handler)

    def __repr__(self) -> str:
        return (
            f"Page(items={self.items!r}, total={self.total}, page={self.page}, "
            f"per_page={self.per_page})"
        )


def page_core_schema(page: type[Page[Any]], source: Any, handler: GetCoreSchemaHandler) -> Any:
    """The core schema of ``Page[T]`` (``source``): validated into a ``Page``, dumped from one."""
    from pydantic_core import PydanticCustomError, core_schema  # the optional extra

    args = typing.get_args(source)
    item = args[0] if args else Any
    number = core_schema.int_schema(ge=1)
    fields = {
        "items": core_schema.typed_dict_field(handler.generate_schema(list[item])),  # type: ignore[valid-type]
        "total": core_schema.typed_dict_field(core_schema.int_schema(ge=0)),
        "page": core_schema.typed_dict_field(number),
        "per_page": core_schema.typed_dict_field(number),
    }
    derived = {
        "pages": core_schema.int_schema(ge=0),
        "has_next": core_schema.bool_schema(),
        "has_prev": core_schema.bool_schema(),
    }
    for name, schema in derived.items():
        fields[name] = core_schema.typed_dict_field(schema, required=False)
    name = getattr(item, "__name__", None) or repr(item)
    shape = core_schema.typed_dict_schema(fields, config={"title": f"Page[{name}]"})

    def build(values: dict[str, Any]) -> Page[Any]:
        built = page(values["items"], values["total"], values["page"], values["per_page"])
        for key in derived:
            if key in values and values[key] != getattr(built, key):
                raise PydanticCustomError(
                    "page_numbers",
                    "{key} must be {expected} for these numbers",
                    {"key": key, "expected": repr(getattr(built, key))},
                )
        return built

    def validate(value: Any, inner: Callable[[Any], Any]) -> Any:
        return value if isinstance(value, page) else build(inner(value))

    def dump(value: Any) -> Any:
        if not isinstance(value, page):
            return value
        return {
            "items": value.items,
            "total": value.total,
            "page": value.page,
            "per_page": value.per_page,
            "pages": value.pages,
            "has_next": value.has_next,
            "has_prev": value.has_prev,
        }

    serializer = core_schema.plain_serializer_function_ser_schema(dump, return_schema=shape)
    return core_schema.no_info_wrap_validator_function(
        validate, shape, ref=f"gault.pages.Page[{name}]:{id(item)}", serialization=serializer
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
