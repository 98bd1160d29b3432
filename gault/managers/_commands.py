"""The small command objects the core yields and the shells send to PyMongo.

A multi-step operation is a generator (a ``Flow``): it yields ``Command``s, receives each
PyMongo result, and returns the operation's value, as httpx's auth flows do. Each shell has
one driver loop and one place where a command becomes a PyMongo call. No I/O here.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from typing import Any, Generic, Literal, TypeAlias, TypeVar

__all__ = ["CURSOR_METHODS", "Command", "Flow", "Method", "Read"]

T = TypeVar("T")

#: The PyMongo methods the managers call (on a collection, or on the database).
Method: TypeAlias = Literal[
    "aggregate",
    "bulk_write",
    "command",
    "create_collection",
    "count_documents",
    "create_indexes",
    "delete_many",
    "delete_one",
    "distinct",
    "find",
    "find_one",
    "find_one_and_delete",
    "find_one_and_update",
    "insert_many",
    "insert_one",
    "list_collection_names",
    "update_many",
]

#: The methods whose result is a cursor (the shells stream it, or hand its documents over).
CURSOR_METHODS = frozenset(("aggregate", "find"))

#: A multi-step operation: yields commands, receives their results, returns ``T``.
Flow: TypeAlias = Generator["Command", Any, T]


class Command:
    """One PyMongo call: ``method(*args, session=..., **kwargs)`` on ``collection``.

    ``collection`` is ``None`` for a call on the database (a ``$documents`` pipeline). The
    result of ``aggregate`` and ``find`` (cursors) is delivered to the flow as the list of
    its documents.
    """

    __slots__ = ("args", "collection", "kwargs", "method")

    def __init__(
        self, collection: str | None, method: Method, /, *args: Any, **kwargs: Any
    ) -> None:
        self.collection = collection
        self.method = method
        self.args = args
        self.kwargs = kwargs

    def __repr__(self) -> str:
        arguments = [repr(arg) for arg in self.args]
        arguments += [f"{key}={value!r}" for key, value in self.kwargs.items()]
        return f"Command({self.collection!r}, {self.method!r}, {', '.join(arguments)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Command):
            return NotImplemented
        return (self.collection, self.method, self.args, self.kwargs) == (
            other.collection,
            other.method,
            other.args,
            other.kwargs,
        )

    __hash__ = None  # type: ignore[assignment]


class Read(Generic[T]):
    """A streamed read: the ``find`` or ``aggregate`` command to open (``None``: no round
    trip needed) and ``load``, which turns each raw document into the caller's instance."""

    __slots__ = ("command", "load")

    def __init__(self, command: Command | None, load: Callable[[Mapping[str, Any]], T]) -> None:
        self.command = command
        self.load = load
