"""Query predicates and ``Field``, the schema-free field reference.

``Field("address.city")`` and model attributes (``User.age``, whose ``Attribute`` subclasses
``Field``) build predicates: ``User.age >= 18``, ``User.tags.in_(["a"])``,
``User.name.not_.regex("^x")``, combined with ``&``, ``|`` and ``~``. Values are always
literals; comparing two references (``User.a < User.b``) compiles to ``$expr``. References also
make sort tokens (``.asc()``), projections (``.keep()``) and updates (``.inc(1)``).

The predicate classes live in ``gault._query.conditions``, the field operators in
``gault._query.operators`` and the reference methods in ``gault._query.references``; this module
is their public home. It must not import the models, pipelines or managers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

import bson

from gault._query.conditions import (
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
from gault._query.geo import GeoIntersects, GeoWithin, Near, NearSphere
from gault._query.operators import (
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
from gault._query.references import ConditionMethods, NotProxy, ReferenceMethods
from gault._support import MISSING, either, publish
from gault.compilers import compile_field
from gault.expressions import ExpressionProxy
from gault.interfaces import AsRef, Context

if TYPE_CHECKING:
    from gault import updates
    from gault.models import Attribute

__all__ = [
    "All",
    "And",
    "AsExpression",
    "BitsAllClear",
    "BitsAllSet",
    "BitsAnyClear",
    "BitsAnySet",
    "Condition",
    "ConditionInterface",
    "ElemMatch",
    "Eq",
    "Exists",
    "Expr",
    "ExpressionInterface",
    "ExpressionProxy",
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
    "NoOp",
    "Nor",
    "Not",
    "NotInterface",
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
E = TypeVar("E")

# gault 0.14 names, kept so that existing imports work.
#: 0.14's neutral filter class (``Query()`` returned a ``NoOp``): now ``Query`` itself.
NoOp = Query
#: 0.14's mixin of the query-operator methods (``eq``, ``gte``, ``in_``, ...).
ConditionInterface = ConditionMethods
#: 0.14's mixin giving ``.not_``; references now get it from ``ReferenceMethods``.
NotInterface = ReferenceMethods
#: 0.14's mixin giving ``.expr``; references now get it from ``ReferenceMethods``.
ExpressionInterface = ReferenceMethods
#: 0.14's ABC of operators with an expression form: every ``Operator`` has ``as_expression``
#: (raising ``CompilationError`` where MongoDB has no exact equivalent).
AsExpression = Operator


class Field(ReferenceMethods, Generic[T]):
    """A reference to a document field by its dotted path: ``Field("address.city")``.

    As an annotation, ``name: Field[str]`` declares a model field whose values are ``str``.
    ``_path`` is the compiled path: the filter fast path reads it instead of calling
    ``compile_field()``, so a subclass must keep both equal (set it through ``__init__``).
    """

    __slots__ = ("_path",)

    #: Marks ``Field[T]`` annotations for the schema core (which does not import this module).
    __gault_field_annotation__: ClassVar[bool] = True

    def __init__(self: Field[Any], name: str = MISSING, *, path: str = MISSING) -> None:
        self._path: str = either("Field", "name", name, "path", path)

    @property
    def name(self) -> Any:
        """The dotted path this reference names (0.14's ``Field.name``)."""
        return self._path

    def compile_field(self, *, context: Context = None) -> str:
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

        # Values typed by the field's type, for type checkers only (at run time these are
        # ``ReferenceMethods``' methods): ``User.age >= "x"`` and ``User.age.set("x")`` are
        # type errors. An array field also takes its elements (``User.tags.eq("a")``); ``==``
        # and ``!=`` keep the ``object`` operand of ``ReferenceMethods``.
        @overload
        def eq(self: Field[list[E]], value: E | list[E] | AsRef | None, /) -> Predicate: ...
        @overload
        def eq(self, value: T | AsRef | None, /) -> Predicate: ...
        def eq(self, value: Any, /) -> Predicate: ...
        @overload
        def ne(self: Field[list[E]], value: E | list[E] | AsRef | None, /) -> Predicate: ...
        @overload
        def ne(self, value: T | AsRef | None, /) -> Predicate: ...
        def ne(self, value: Any, /) -> Predicate: ...
        @overload
        def gt(self: Field[list[E]], value: E | AsRef, /) -> Predicate: ...
        @overload
        def gt(self, value: T | AsRef, /) -> Predicate: ...
        def gt(self, value: Any, /) -> Predicate: ...
        @overload
        def gte(self: Field[list[E]], value: E | AsRef, /) -> Predicate: ...
        @overload
        def gte(self, value: T | AsRef, /) -> Predicate: ...
        def gte(self, value: Any, /) -> Predicate: ...
        @overload
        def lt(self: Field[list[E]], value: E | AsRef, /) -> Predicate: ...
        @overload
        def lt(self, value: T | AsRef, /) -> Predicate: ...
        def lt(self, value: Any, /) -> Predicate: ...
        @overload
        def lte(self: Field[list[E]], value: E | AsRef, /) -> Predicate: ...
        @overload
        def lte(self, value: T | AsRef, /) -> Predicate: ...
        def lte(self, value: Any, /) -> Predicate: ...
        @overload
        def in_(self: Field[list[E]], *values: E | Iterable[E]) -> Predicate: ...
        @overload
        def in_(self, *values: T | Iterable[T]) -> Predicate: ...
        def in_(self, *values: Any) -> Predicate: ...
        @overload
        def nin(self: Field[list[E]], *values: E | Iterable[E]) -> Predicate: ...
        @overload
        def nin(self, *values: T | Iterable[T]) -> Predicate: ...
        def nin(self, *values: Any) -> Predicate: ...
        def __lt__(self, other: T | AsRef) -> Predicate: ...
        def __le__(self, other: T | AsRef) -> Predicate: ...
        def __gt__(self, other: T | AsRef) -> Predicate: ...
        def __ge__(self, other: T | AsRef) -> Predicate: ...
        def set(self, value: T) -> updates.Set: ...
        def min(self, value: T) -> updates.Min: ...
        def max(self, value: T) -> updates.Max: ...


publish(__name__, __all__, globals())
