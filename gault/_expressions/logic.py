"""Boolean, comparison and conditional expression operators.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gault._expressions._support import compile_argument
from gault._expressions.base import ExpressionOperator, ListOperator, VariadicOperator
from gault._support import MISSING, either
from gault.interfaces import Context

# START GENERATED NAMES (scripts/gen_expressions.py: edit the table there)
__all__ = [
    "And",
    "Cmp",
    "Cond",
    "Eq",
    "Gt",
    "Gte",
    "IfNull",
    "Lt",
    "Lte",
    "Ne",
    "Not",
    "Or",
    "Switch",
]
# END GENERATED NAMES

# START GENERATED OPERATORS (scripts/gen_expressions.py: edit the table there)


class And(VariadicOperator):
    """``$and``: true when every input is true."""

    __slots__ = ()
    operator = "$and"


class Or(VariadicOperator):
    """``$or``: true when any input is true."""

    __slots__ = ()
    operator = "$or"


class Cmp(ListOperator):
    """``$cmp``: -1, 0 or 1 as the first value is less, equal or greater."""

    __slots__ = ("lhs", "rhs")
    operator = "$cmp"

    lhs: Any
    rhs: Any

    def __init__(
        self,
        lhs: Any = MISSING,
        rhs: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            lhs=either("Cmp", "lhs", lhs, "expression1", expression1),
            rhs=either("Cmp", "rhs", rhs, "expression2", expression2),
        )


class Eq(ListOperator):
    """``$eq``: true when the two values are equal."""

    __slots__ = ("lhs", "rhs")
    operator = "$eq"

    lhs: Any
    rhs: Any

    def __init__(
        self,
        lhs: Any = MISSING,
        rhs: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            lhs=either("Eq", "lhs", lhs, "expression1", expression1),
            rhs=either("Eq", "rhs", rhs, "expression2", expression2),
        )


class Ne(ListOperator):
    """``$ne``: true when the two values differ."""

    __slots__ = ("lhs", "rhs")
    operator = "$ne"

    lhs: Any
    rhs: Any

    def __init__(
        self,
        lhs: Any = MISSING,
        rhs: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            lhs=either("Ne", "lhs", lhs, "expression1", expression1),
            rhs=either("Ne", "rhs", rhs, "expression2", expression2),
        )


class Gt(ListOperator):
    """``$gt``: true when the first value is greater than the second."""

    __slots__ = ("lhs", "rhs")
    operator = "$gt"

    lhs: Any
    rhs: Any

    def __init__(
        self,
        lhs: Any = MISSING,
        rhs: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            lhs=either("Gt", "lhs", lhs, "expression1", expression1),
            rhs=either("Gt", "rhs", rhs, "expression2", expression2),
        )


class Gte(ListOperator):
    """``$gte``: true when the first value is greater than or equal."""

    __slots__ = ("lhs", "rhs")
    operator = "$gte"

    lhs: Any
    rhs: Any

    def __init__(
        self,
        lhs: Any = MISSING,
        rhs: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            lhs=either("Gte", "lhs", lhs, "expression1", expression1),
            rhs=either("Gte", "rhs", rhs, "expression2", expression2),
        )


class Lt(ListOperator):
    """``$lt``: true when the first value is less than the second."""

    __slots__ = ("lhs", "rhs")
    operator = "$lt"

    lhs: Any
    rhs: Any

    def __init__(
        self,
        lhs: Any = MISSING,
        rhs: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            lhs=either("Lt", "lhs", lhs, "expression1", expression1),
            rhs=either("Lt", "rhs", rhs, "expression2", expression2),
        )


class Lte(ListOperator):
    """``$lte``: true when the first value is less than or equal."""

    __slots__ = ("lhs", "rhs")
    operator = "$lte"

    lhs: Any
    rhs: Any

    def __init__(
        self,
        lhs: Any = MISSING,
        rhs: Any = MISSING,
        *,
        expression1: Any = MISSING,
        expression2: Any = MISSING,
    ) -> None:
        self._assign(
            lhs=either("Lte", "lhs", lhs, "expression1", expression1),
            rhs=either("Lte", "rhs", rhs, "expression2", expression2),
        )


class IfNull(VariadicOperator):
    """``$ifNull``: the first non-null input (the last one is the fallback)."""

    __slots__ = ()
    operator = "$ifNull"
    minimum = 2


# END GENERATED OPERATORS


class Not(ListOperator):
    """``$not``: true when ``input`` is false; ``~Not(x)`` gives ``x`` back."""

    __slots__ = ("input",)
    operator = "$not"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("Not", "input", input, "expression", expression))

    def __invert__(self) -> ExpressionOperator:
        if isinstance(self.input, ExpressionOperator):
            return self.input
        return Not(self)


class Cond(ExpressionOperator):
    """``$cond``: ``then`` when ``when`` is true, else ``otherwise``.

    ``when`` may be a query predicate with an expression form (``User.age >= 18``).
    """

    __slots__ = ("otherwise", "then", "when")
    operator = "$cond"

    when: Any
    then: Any
    otherwise: Any

    def __init__(self, when: Any, then: Any, otherwise: Any) -> None:
        self._assign(when=when, then=then, otherwise=otherwise)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$cond": {"if": ..., "then": ..., "else": ...}}``."""
        return {
            "$cond": {
                "if": compile_argument(self, self.when),
                "then": compile_argument(self, self.then),
                "else": compile_argument(self, self.otherwise),
            }
        }


class Switch(ExpressionOperator):
    """``$switch``: the ``then`` of the first ``(case, then)`` branch whose case is true.

    ``default`` is left out when None (MongoDB then fails if no case matches); write
    ``Literal(None)`` for a null default.
    """

    __slots__ = ("branches", "default")
    operator = "$switch"

    branches: tuple[tuple[Any, Any], ...]
    default: Any

    def __init__(self, branches: Iterable[tuple[Any, Any]], default: Any = None) -> None:
        pairs = tuple(branches)
        if not pairs:
            raise ValueError("Switch needs at least one (case, then) branch")
        for pair in pairs:
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise TypeError(f"Switch branches are (case, then) tuples, got {pair!r}")
        self._assign(branches=pairs, default=default)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$switch": {"branches": [{"case", "then"}...], "default"?}}``."""
        body: dict[str, Any] = {
            "branches": [
                {"case": compile_argument(self, case), "then": compile_argument(self, then)}
                for case, then in self.branches
            ]
        }
        if self.default is not None:
            body["default"] = compile_argument(self, self.default)
        return {"$switch": body}
