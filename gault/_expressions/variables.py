"""``Var`` (``$$name`` variables) and ``ExpressionProxy`` (the object behind ``Field.expr``).

Both carry every fluent method of ``ExpressionsInterface``. Must not import
``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from typing import Any

from gault._expressions.fluent import ExpressionsInterface
from gault._support import Immutable
from gault.compilers import compile_field
from gault.interfaces import (
    AsAlias,
    AsRef,
    Assignable,
    Context,
    FieldSortInterface,
    InclusionInterface,
    SubfieldInterface,
    TempFieldInterface,
)

__all__ = ["ExpressionProxy", "Var"]


class Var(
    FieldSortInterface,
    InclusionInterface,
    Assignable,
    TempFieldInterface,
    SubfieldInterface,
    ExpressionsInterface,
    AsAlias,
    Immutable,
):
    """An aggregation variable: ``Var("NOW")`` → ``"$$NOW"``, ``Var("this.price")``.

    As a key (``compile_field``) it is the bare name. Equal when the names are equal. Like a
    field reference it makes sort tokens (``.asc``), projections (``.keep()``), assignments
    (``.assign(v)``) and temporary names (``Var.tmp()``).
    """

    __slots__ = ("name",)

    name: str

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name or name.startswith("$"):
            raise ValueError(f"Var: expected a variable name without '$', got {name!r}")
        self._assign(name=name)

    def compile_field(self, *, context: Context = None) -> str:
        """Return the variable name (``"this.price"``)."""
        return self.name

    def compile_expression(self, *, context: Context = None) -> str:
        """Return the variable as an expression: ``"$$" + name``."""
        return "$$" + self.name

    def field(self, sub: str) -> Var:
        """Return the variable's sub-path: ``Var("this").field("price")`` → ``$$this.price``."""
        return Var(f"{self.name}.{sub}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Var):
            return NotImplemented
        return self.name == other.name

    def __hash__(self) -> int:
        return hash((Var, self.name))

    def __repr__(self) -> str:
        return f"Var({self.name!r})"


class ExpressionProxy(AsRef, ExpressionsInterface, Immutable):
    """The fluent expression methods applied to a field reference (what ``Field.expr`` returns).

    ``ExpressionProxy(User.price).multiply(2)`` → ``{"$multiply": ["$price", 2]}``. The proxy
    itself compiles like its reference, so it can be passed as an argument too.
    """

    __slots__ = ("ref",)

    ref: AsRef

    def __init__(self, ref: AsRef) -> None:
        if not isinstance(ref, AsRef):
            raise TypeError(
                f"ExpressionProxy: expected a field reference, got {type(ref).__name__} {ref!r}"
            )
        self._assign(ref=ref)

    def _expression_operand(self) -> Any:
        return self.ref

    def compile_field(self, *, context: Context = None) -> str:
        """Return the reference's dotted path."""
        return compile_field(self.ref)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return the reference as an expression (``"$path"``)."""
        return self.ref.compile_expression()

    def __repr__(self) -> str:
        return f"ExpressionProxy({self.ref!r})"
