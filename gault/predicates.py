"""Query predicates and ``Field``, the schema-free field reference.

``Field("address.city")`` and model attributes (``User.age``, whose ``Attribute`` subclasses
``Field``) build predicates: ``User.age >= 18``, ``User.tags.in_(["a"])``,
``User.name.not_.regex("^x")``, combined with ``&``, ``|`` and ``~``. Values are always
literals; comparing two references (``User.a < User.b``) compiles to ``$expr``. References also
make sort tokens (``.asc()``), projections (``.keep()``) and updates (``.inc(1)``).

The predicate classes live in ``gault._query_predicates``, the field operators in
``gault._query_operators`` and the reference methods in ``gault._field_methods``; this module
is their public home. It must not import the models, pipelines or managers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import bson

from gault._field_methods import NotProxy, ReferenceMethods
from gault._geo_operators import GeoIntersects, GeoWithin, Near, NearSphere
from gault._query_operators import (
    All,
    BitsAllClear,
    BitsAllSet,
    BitsAnyClear,
    BitsAnySet,
    ElemMatch,
    Eq,
    Exists,
    Gt,
    Gte,
    In,
    Lt,
    Lte,
    Mod,
    Ne,
    Nin,
    Not,
    Operator,
    Regex,
    Size,
    Type,
)
from gault._query_predicates import (
    And,
    Condition,
    Expr,
    FieldComparison,
    JsonSchema,
    Nor,
    Or,
    Predicate,
    PredicateLike,
    Query,
    Raw,
    Text,
    as_predicate,
)
from gault.compilers import compile_field
from gault.interfaces import AsRef

if TYPE_CHECKING:
    from gault.models import Attribute

__all__ = [
    "All",
    "And",
    "BitsAllClear",
    "BitsAllSet",
    "BitsAnyClear",
    "BitsAnySet",
    "Condition",
    "ElemMatch",
    "Eq",
    "Exists",
    "Expr",
    "Field",
    "FieldComparison",
    "GeoIntersects",
    "GeoWithin",
    "Gt",
    "Gte",
    "In",
    "JsonSchema",
    "Lt",
    "Lte",
    "Mod",
    "Ne",
    "Near",
    "NearSphere",
    "Nin",
    "Nor",
    "Not",
    "NotProxy",
    "Operator",
    "Or",
    "Predicate",
    "PredicateLike",
    "Query",
    "Raw",
    "Regex",
    "Size",
    "Text",
    "Type",
    "as_predicate",
]

T = TypeVar("T")


class Field(ReferenceMethods, Generic[T]):
    """A reference to a document field by its dotted path: ``Field("address.city")``.

    As an annotation, ``name: Field[str]`` declares a model field whose values are ``str``.
    """

    __slots__ = ("_path",)

    def __init__(self: Field[Any], path: str) -> None:
        self._path = path

    def compile_field(self) -> str:
        """Return the dotted document path."""
        return self._path

    def field(self, sub: str | AsRef) -> Field[Any]:
        """Return a reference to the sub-path ``sub``: ``Field("a").field("b")`` is ``a.b``."""
        name = compile_field(sub)
        if not name:
            raise ValueError(f"{self!r}.field(): the sub-path is empty")
        return Field(f"{self.compile_field()}.{name}")

    @classmethod
    def tmp(cls) -> Field[Any]:
        """Return a reference to a fresh, unique temporary field (``__<ObjectId>``)."""
        return Field(f"__{bson.ObjectId()}")

    def __repr__(self) -> str:
        return f"Field({self.compile_field()!r})"

    if TYPE_CHECKING:

        @overload
        def __get__(self, instance: None, owner: type[Any]) -> Attribute[T]: ...

        @overload
        def __get__(self, instance: object, owner: type[Any]) -> T: ...

        def __get__(self, instance: object | None, owner: type[Any]) -> Attribute[T] | T: ...

        def __set__(self, instance: object, value: T) -> None: ...
