"""The small base classes every other gault module builds on.

- ``ExpressionOperator``: anything that compiles to an aggregation expression.
- ``QueryPredicate``: anything that compiles to a query document (a filter).
- ``AsRef``: anything that names a field path (model attributes, ``Field``, ``Var``).
- ``Aliased`` / ``AsAlias``: a value paired with the output name it is bound to
  (``Sum(...).alias("total")``, ``pipeline.alias("items")``).
- ``DocumentSource``: the protocol of model instances, which compile to their document.

This module imports nothing from the rest of gault except ``gault.exceptions``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

__all__ = [
    "Aliased",
    "AsAlias",
    "AsRef",
    "DocumentSource",
    "ExpressionOperator",
    "QueryPredicate",
]

T_co = TypeVar("T_co", covariant=True)


class ExpressionOperator(ABC):
    """Something that compiles to an aggregation expression (``{"$add": [...]}``, ``"$a"``)."""

    __slots__ = ()

    @abstractmethod
    def compile_expression(self) -> Any:
        """Return the MQL aggregation expression this object stands for."""


class QueryPredicate(ABC):
    """Something that compiles to a query document, usable wherever a filter is."""

    __slots__ = ()

    @abstractmethod
    def compile_query(self) -> dict[str, Any]:
        """Return the MQL query document (``{"age": {"$gte": 18}}``)."""


class AsRef(ABC):
    """Something that names a field: compiles to ``"path"`` as a key, ``"$path"`` as a value."""

    __slots__ = ()

    @abstractmethod
    def compile_field(self) -> str:
        """Return the dotted document path, with db aliases applied and no ``$`` prefix."""

    def compile_expression(self) -> Any:
        """Return the path as an aggregation expression: ``"$" + path``."""
        return "$" + self.compile_field()


class Aliased(Generic[T_co]):
    """``value`` bound to the output name ``ref`` (a field name or reference)."""

    __slots__ = ("ref", "value")

    def __init__(self, ref: str | AsRef, value: T_co) -> None:
        self.ref = ref
        self.value = value

    def __repr__(self) -> str:
        return f"Aliased({self.ref!r}, {self.value!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Aliased):
            return NotImplemented
        return bool(self.ref is other.ref or self.ref == other.ref) and self.value == other.value

    def __hash__(self) -> int:
        return hash((id(self.ref), id(self.value)))


class AsAlias:
    """Mixin: ``obj.alias("name")`` binds the object to an output field name."""

    __slots__ = ()

    def alias(self, ref: str | AsRef) -> Aliased[Any]:
        """Bind this object to the output field ``ref``."""
        return Aliased(ref, self)


@runtime_checkable
class DocumentSource(Protocol):
    """A model instance: it knows the document it maps to."""

    def __gault_document__(self) -> dict[str, Any]:
        """Return the document (db keys, BSON-ready values) this instance maps to."""
        ...
