"""The small base classes every other gault module builds on.

- ``ExpressionOperatorABC`` (0.14: ``ExpressionOperator``): anything that compiles to an
  aggregation expression.
- ``QueryPredicate``: anything that compiles to a query document (a filter).
- ``QueryOperator``: a field-level query operator (``Gte(18)``), a fragment of a filter.
- ``AsRef``: anything that names a field path (model attributes, ``Field``, ``Var``).
- ``Aliased`` / ``AsAlias``: a value paired with the output name it is bound to
  (``Sum(...).alias("total")``, ``pipeline.alias("items")``).
- ``Context``: the type of the 0.14 ``context`` argument every compile method accepts.
- ``DocumentSource``: the protocol of model instances, which compile to their document.
- Reference mixins shared by ``Field``/model attributes and ``Var``: ``FieldSortInterface``
  (``.asc``/``.desc``/``.by_score``, making ``SortKey`` tokens), ``InclusionInterface``
  (``.keep``/``.remove``), ``Assignable`` (``.assign``), ``TempFieldInterface`` (``.tmp()``)
  and ``SubfieldInterface`` (``.field(sub)``). ``AttributeBase`` is the 0.14 name of ``AsRef``.

This module imports nothing from the rest of gault.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, Generic, Protocol, Self, TypeAlias, TypeVar, runtime_checkable

import bson

__all__ = [
    "Aliased",
    "AsAlias",
    "AsRef",
    "Assignable",
    "AttributeBase",
    "Context",
    "DocumentSource",
    "ExpressionOperator",
    "ExpressionOperatorABC",
    "FieldSortInterface",
    "InclusionInterface",
    "QueryOperator",
    "QueryPredicate",
    "SortKey",
    "SubfieldInterface",
    "TempFieldInterface",
]

T_co = TypeVar("T_co", covariant=True)

#: The compile context of gault 0.14: every compile method and function accepts it (as
#: ``context=``) so that 0.14 callers keep working. Compiling needs no context; a user class
#: whose method *requires* one is called with an empty mapping (``gault.compilers``).
Context: TypeAlias = Mapping[str, Any] | None


class ExpressionOperatorABC(ABC):
    """Something that compiles to an aggregation expression (``{"$add": [...]}``, ``"$a"``)."""

    __slots__ = ()

    @abstractmethod
    def compile_expression(self, *, context: Context = None) -> Any:
        """Return the MQL aggregation expression this object stands for."""


class QueryPredicate(ABC):
    """Something that compiles to a query document, usable wherever a filter is."""

    __slots__ = ()

    @abstractmethod
    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return the MQL query document (``{"age": {"$gte": 18}}``)."""


class QueryOperator(ABC):
    """A field-level query operator (``Gte(18)``): a fragment placed under a field key.

    ``compile_query()`` returns the fragment (``{"$gte": 18}``), as in 0.14; a bare operator
    is not a filter, so the managers and ``Pipeline.match`` refuse it.
    """

    __slots__ = ()

    @abstractmethod
    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return the operator document placed under a field key (``{"$gte": 18}``)."""


class AsRef(ABC):
    """Something that names a field: compiles to ``"path"`` as a key, ``"$path"`` as a value."""

    __slots__ = ()

    @abstractmethod
    def compile_field(self, *, context: Context = None) -> str:
        """Return the dotted document path, with db aliases applied and no ``$`` prefix."""

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return the path as an aggregation expression: ``"$" + path``."""
        return "$" + self.compile_field()


class SortKey(tuple[AsRef, Any]):
    """A ``(reference, direction)`` sort token, as ``ref.asc``/``ref.desc`` make it.

    Calling it returns itself, so both the 0.14 spelling ``ref.asc`` and ``ref.asc()`` work.
    """

    __slots__ = ()

    def __call__(self) -> SortKey:
        """Return this token (``ref.asc()`` is ``ref.asc``)."""
        return self


class FieldSortInterface(AsRef):
    """Mixin: sort tokens on a reference (``ref.asc``, ``ref.desc()``, ``ref.by_score()``)."""

    __slots__ = ()

    @property
    def asc(self) -> SortKey:
        """Sort token ``(ref, 1)``: ascending (usable as ``ref.asc`` or ``ref.asc()``)."""
        return SortKey((self, 1))

    @property
    def desc(self) -> SortKey:
        """Sort token ``(ref, -1)``: descending (usable as ``ref.desc`` or ``ref.desc()``)."""
        return SortKey((self, -1))

    def by_score(self, meta: str = "textScore") -> SortKey:
        """Sort token on metadata: ``(ref, {"$meta": meta})`` (text search score)."""
        if not isinstance(meta, str):
            raise TypeError(f"by_score takes a $meta name such as 'textScore', got {meta!r}")
        return SortKey((self, {"$meta": meta}))


class InclusionInterface(AsRef):
    """Mixin: projection helpers ``ref.keep()`` and ``ref.remove()``."""

    __slots__ = ()

    def keep(self, alias: str | AsRef | None = None) -> Aliased[Any]:
        """Keep the field in a projection (``{f: True}``), or output it as ``alias``."""
        if alias is None:
            return Aliased(self, True)
        return Aliased(alias, self)

    def remove(self) -> Aliased[str]:
        """Remove the field (``{f: "$$REMOVE"}``)."""
        return Aliased(self, "$$REMOVE")


class Assignable(AsRef):
    """Mixin: ``ref.assign(value)`` binds a value to the field for ``$set``/``$project``."""

    __slots__ = ()

    def assign(self, value: Any) -> Aliased[Any]:
        """Set the field to ``value`` (an expression) in ``$set``/``$project``."""
        return Aliased(self, value)


class TempFieldInterface(ABC):
    """Mixin: ``cls.tmp()`` makes a reference to a fresh temporary field."""

    __slots__ = ()

    @classmethod
    def tmp(cls) -> Self:
        """Return a reference to a fresh, unique temporary name (``__<ObjectId>``)."""
        return cls(f"__{bson.ObjectId()}")  # type: ignore[call-arg]


class SubfieldInterface(ABC):
    """Mixin: ``ref.field(sub)`` is the reference to the dotted sub-path ``ref.sub``."""

    __slots__ = ()

    @abstractmethod
    def field(self, sub: str) -> SubfieldInterface:
        """Return the reference to the sub-path ``sub`` of this one."""


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


# gault 0.14 names, kept so that existing imports work.
#: The name gault 0.14 gave the base of field references; the same class as ``AsRef``.
AttributeBase = AsRef
#: The 0.14 name of ``ExpressionOperatorABC`` (not ``gault.expressions.ExpressionOperator``, the
#: concrete base of the operator classes, which subclasses it).
ExpressionOperator = ExpressionOperatorABC
