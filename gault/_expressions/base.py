"""The concrete expression base class and the five argument shapes operators compile to.

- ``ExpressionOperator``: every operator class; ``&`` → ``And``, ``|`` → ``Or``, ``~`` → ``Not``
  (``~~x`` gives ``x`` back), ``.alias(name)``, and every fluent method of
  ``ExpressionsInterface``. Instances are immutable; the slots are the arguments, in order.
- ``UnaryOperator`` (``{"$op": x}``), ``ListOperator`` (``{"$op": [a, b]}``, trailing ``None``
  dropped), ``VariadicOperator`` (``*inputs``, arity-checked), ``OneOrManyOperator`` (one input
  bare, else a list: ``$sum``, ``$avg``...), ``DocumentOperator``
  (``{"$op": {"camelKey": value}}``, ``None`` dropped), ``EmptyOperator`` (``{"$op": {}}``).

An optional argument left at ``None`` is omitted from the output; to send an explicit null
(``onError: null``), pass ``Literal(None)``.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from gault import interfaces
from gault._expressions._support import compile_argument, variadic
from gault._expressions.fluent import ExpressionsInterface, operator_class
from gault._support import MISSING, Immutable, camel
from gault.interfaces import AsAlias, Context

if TYPE_CHECKING:
    from gault._expressions.logic import And, Or

__all__ = [
    "DocumentOperator",
    "EmptyOperator",
    "ExpressionOperator",
    "ListOperator",
    "OneOrManyOperator",
    "UnaryOperator",
    "VariadicOperator",
]


class ExpressionOperator(interfaces.ExpressionOperator, ExpressionsInterface, AsAlias, Immutable):
    """Base of every aggregation expression operator: combinable, aliasable, immutable."""

    __slots__ = ()

    #: The MQL operator this class compiles to (``"$add"``).
    operator: ClassVar[str]

    # ``And``/``Or``/``Not`` subclass this class: they are looked up in the fluent registry.
    def __and__(self, other: Any) -> And:
        kind: type[And] = operator_class("And")
        inputs = self.inputs if isinstance(self, kind) else (self,)
        return kind(*inputs, other)

    def __rand__(self, other: Any) -> And:
        combined: And = operator_class("And")(other, self)
        return combined

    def __or__(self, other: Any) -> Or:
        kind: type[Or] = operator_class("Or")
        inputs = self.inputs if isinstance(self, kind) else (self,)
        return kind(*inputs, other)

    def __ror__(self, other: Any) -> Or:
        combined: Or = operator_class("Or")(other, self)
        return combined

    def __invert__(self) -> ExpressionOperator:
        negated: ExpressionOperator = operator_class("Not")(self)
        return negated


class UnaryOperator(ExpressionOperator):
    """``{"$op": value}``; an argument compiling to a list is wrapped (``[[...]]``) as required."""

    __slots__ = ()

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{operator: argument}``."""
        ((_, value),) = self._arguments()
        compiled = compile_argument(self, value)
        return {self.operator: [compiled] if isinstance(compiled, list) else compiled}


class ListOperator(ExpressionOperator):
    """``{"$op": [a, b, ...]}``: positional arguments; trailing ``None`` ones are left out."""

    __slots__ = ()

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{operator: [arguments...]}``."""
        values = [value for _, value in self._arguments()]
        while values and values[-1] is None:
            values.pop()
        return {self.operator: [compile_argument(self, value) for value in values]}


class VariadicOperator(ExpressionOperator):
    """``{"$op": [inputs...]}`` from ``*inputs`` or one list, at least ``minimum`` of them.

    ``inputs`` is a list, as in 0.14. Too few inputs raise ``ArgumentError`` (a ``TypeError``
    and, as in 0.14, a ``ValueError``).
    """

    __slots__ = ("inputs",)

    #: The fewest inputs the operator accepts.
    minimum: ClassVar[int] = 1

    inputs: list[Any]

    def __init__(self, *inputs: Any) -> None:
        self._assign(inputs=list(variadic(type(self), inputs, self.minimum)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self.inputs))})"

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{operator: [inputs...]}``."""
        return {self.operator: [compile_argument(self, value) for value in self.inputs]}


class OneOrManyOperator(VariadicOperator):
    """An accumulator-style operator (``$sum``, ``$avg``, ``$max``...): one input compiles
    bare (``{"$sum": "$items"}``), several or a list compile to a list (``[x]`` stays ``[x]``).

    0.14's keyword ``input=`` (one expression or a list) is accepted too; ``.input`` gives
    back the input (the list, when several were given).
    """

    __slots__ = ("_bare",)

    _bare: bool

    def __init__(self, *inputs: Any, input: Any = MISSING) -> None:
        if input is not MISSING:
            if inputs:
                raise TypeError(
                    f"{type(self).__name__}: give the inputs positionally or as input=, not both"
                )
            inputs = (input,)
        super().__init__(*inputs)
        self._assign(_bare=len(inputs) == 1 and not isinstance(inputs[0], (list, tuple)))

    @property
    def input(self) -> Any:
        """The input: the one expression given, or the list of inputs."""
        return self.inputs[0] if self._bare else list(self.inputs)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{operator: input}`` for one input, else ``{operator: [inputs...]}``."""
        if self._bare:
            return {self.operator: compile_argument(self, self.inputs[0])}
        return super().compile_expression()


class DocumentOperator(ExpressionOperator):
    """``{"$op": {"camelKey": value, ...}}``: named arguments; ``None`` ones are left out."""

    __slots__ = ()

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{operator: {key: argument, ...}}``."""
        return {
            self.operator: {
                camel(name): compile_argument(self, value)
                for name, value in self._arguments()
                if value is not None
            }
        }


class EmptyOperator(ExpressionOperator):
    """``{"$op": {}}``: an operator without arguments (``$rand``)."""

    __slots__ = ()

    def __init__(self) -> None:
        pass

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{operator: {}}``."""
        return {self.operator: {}}
