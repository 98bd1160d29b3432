"""Arithmetic, trigonometry and bitwise expression operators (all generated).

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from typing import Any

from gault._expressions.base import (
    DocumentOperator,
    ListOperator,
    UnaryOperator,
    VariadicOperator,
)
from gault._support import MISSING, either, required

# START GENERATED NAMES (scripts/gen_expressions.py: edit the table there)
__all__ = [
    "Abs",
    "Acos",
    "Acosh",
    "Add",
    "Asin",
    "Asinh",
    "Atan",
    "Atan2",
    "Atanh",
    "BitAnd",
    "BitNot",
    "BitOr",
    "BitXor",
    "Ceil",
    "Cos",
    "Cosh",
    "DegreesToRadians",
    "Divide",
    "Exp",
    "Floor",
    "Ln",
    "Log",
    "Log10",
    "Mod",
    "Multiply",
    "Pow",
    "RadiansToDegrees",
    "Round",
    "Sigmoid",
    "Sin",
    "Sinh",
    "Sqrt",
    "Subtract",
    "Tan",
    "Tanh",
    "Trunc",
]
# END GENERATED NAMES

# START GENERATED OPERATORS (scripts/gen_expressions.py: edit the table there)


class Abs(UnaryOperator):
    """``$abs``: the absolute value of a number."""

    __slots__ = ("input",)
    operator = "$abs"

    input: Any

    def __init__(self, input: Any = MISSING, *, number: Any = MISSING) -> None:
        self._assign(input=either("Abs", "input", input, "number", number))


class Add(VariadicOperator):
    """``$add``: the sum of numbers, or a date plus milliseconds."""

    __slots__ = ()
    operator = "$add"
    minimum = 2


class Ceil(UnaryOperator):
    """``$ceil``: the smallest integer greater than or equal to a number."""

    __slots__ = ("input",)
    operator = "$ceil"

    input: Any

    def __init__(self, input: Any = MISSING, *, number: Any = MISSING) -> None:
        self._assign(input=either("Ceil", "input", input, "number", number))


class Divide(ListOperator):
    """``$divide``: the first number divided by the second."""

    __slots__ = ("dividende", "divisor")
    operator = "$divide"

    dividende: Any
    divisor: Any

    def __init__(
        self, dividende: Any = MISSING, divisor: Any = MISSING, *, dividend: Any = MISSING
    ) -> None:
        self._assign(
            dividende=either("Divide", "dividende", dividende, "dividend", dividend),
            divisor=required("Divide", "divisor", divisor),
        )


class Exp(UnaryOperator):
    """``$exp``: euler's number raised to an exponent."""

    __slots__ = ("exponent",)
    operator = "$exp"

    exponent: Any

    def __init__(self, exponent: Any) -> None:
        self._assign(exponent=exponent)


class Floor(UnaryOperator):
    """``$floor``: the largest integer less than or equal to a number."""

    __slots__ = ("input",)
    operator = "$floor"

    input: Any

    def __init__(self, input: Any = MISSING, *, number: Any = MISSING) -> None:
        self._assign(input=either("Floor", "input", input, "number", number))


class Ln(UnaryOperator):
    """``$ln``: the natural logarithm of a number."""

    __slots__ = ("input",)
    operator = "$ln"

    input: Any

    def __init__(self, input: Any = MISSING, *, number: Any = MISSING) -> None:
        self._assign(input=either("Ln", "input", input, "number", number))


class Log(ListOperator):
    """``$log``: the logarithm of a number in a base."""

    __slots__ = ("base", "input")
    operator = "$log"

    input: Any
    base: Any

    def __init__(self, input: Any = MISSING, base: Any = MISSING, *, number: Any = MISSING) -> None:
        self._assign(
            input=either("Log", "input", input, "number", number),
            base=required("Log", "base", base),
        )


class Log10(UnaryOperator):
    """``$log10``: the base-10 logarithm of a number."""

    __slots__ = ("input",)
    operator = "$log10"

    input: Any

    def __init__(self, input: Any = MISSING, *, number: Any = MISSING) -> None:
        self._assign(input=either("Log10", "input", input, "number", number))


class Mod(ListOperator):
    """``$mod``: the remainder of the first number divided by the second."""

    __slots__ = ("value1", "value2")
    operator = "$mod"

    value1: Any
    value2: Any

    def __init__(
        self,
        value1: Any = MISSING,
        value2: Any = MISSING,
        *,
        dividend: Any = MISSING,
        divisor: Any = MISSING,
    ) -> None:
        self._assign(
            value1=either("Mod", "value1", value1, "dividend", dividend),
            value2=either("Mod", "value2", value2, "divisor", divisor),
        )


class Multiply(VariadicOperator):
    """``$multiply``: the product of numbers."""

    __slots__ = ()
    operator = "$multiply"
    minimum = 2


class Pow(ListOperator):
    """``$pow``: a number raised to an exponent."""

    __slots__ = ("exponent", "input")
    operator = "$pow"

    input: Any
    exponent: Any

    def __init__(
        self, input: Any = MISSING, exponent: Any = MISSING, *, number: Any = MISSING
    ) -> None:
        self._assign(
            input=either("Pow", "input", input, "number", number),
            exponent=required("Pow", "exponent", exponent),
        )


class Round(ListOperator):
    """``$round``: a number rounded to ``place`` decimal places."""

    __slots__ = ("input", "place")
    operator = "$round"

    input: Any
    place: Any

    def __init__(self, input: Any = MISSING, place: Any = 0, *, number: Any = MISSING) -> None:
        self._assign(input=either("Round", "input", input, "number", number), place=place)


class Sigmoid(DocumentOperator):
    """``$sigmoid``: the sigmoid (logistic) function of a number."""

    __slots__ = ("input", "on_null")
    operator = "$sigmoid"

    input: Any
    on_null: Any

    def __init__(self, input: Any, on_null: Any = None) -> None:
        self._assign(input=input, on_null=on_null)


class Sqrt(UnaryOperator):
    """``$sqrt``: the square root of a number."""

    __slots__ = ("input",)
    operator = "$sqrt"

    input: Any

    def __init__(self, input: Any = MISSING, *, number: Any = MISSING) -> None:
        self._assign(input=either("Sqrt", "input", input, "number", number))


class Subtract(ListOperator):
    """``$subtract``: the difference of two numbers or dates."""

    __slots__ = ("input1", "input2")
    operator = "$subtract"

    input1: Any
    input2: Any

    def __init__(
        self,
        input1: Any = MISSING,
        input2: Any = MISSING,
        *,
        minuend: Any = MISSING,
        subtrahend: Any = MISSING,
    ) -> None:
        self._assign(
            input1=either("Subtract", "input1", input1, "minuend", minuend),
            input2=either("Subtract", "input2", input2, "subtrahend", subtrahend),
        )


class Trunc(ListOperator):
    """``$trunc``: a number truncated to ``place`` decimal places."""

    __slots__ = ("input", "place")
    operator = "$trunc"

    input: Any
    place: Any

    def __init__(self, input: Any = MISSING, place: Any = None, *, number: Any = MISSING) -> None:
        self._assign(input=either("Trunc", "input", input, "number", number), place=place)


class Sin(UnaryOperator):
    """``$sin``: the sine of an angle in radians."""

    __slots__ = ("input",)
    operator = "$sin"

    input: Any

    def __init__(self, input: Any = MISSING, *, angle: Any = MISSING) -> None:
        self._assign(input=either("Sin", "input", input, "angle", angle))


class Cos(UnaryOperator):
    """``$cos``: the cosine of an angle in radians."""

    __slots__ = ("input",)
    operator = "$cos"

    input: Any

    def __init__(self, input: Any = MISSING, *, angle: Any = MISSING) -> None:
        self._assign(input=either("Cos", "input", input, "angle", angle))


class Tan(UnaryOperator):
    """``$tan``: the tangent of an angle in radians."""

    __slots__ = ("input",)
    operator = "$tan"

    input: Any

    def __init__(self, input: Any = MISSING, *, angle: Any = MISSING) -> None:
        self._assign(input=either("Tan", "input", input, "angle", angle))


class Asin(UnaryOperator):
    """``$asin``: the inverse sine (arc sine), in radians."""

    __slots__ = ("input",)
    operator = "$asin"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("Asin", "input", input, "value", value))


class Acos(UnaryOperator):
    """``$acos``: the inverse cosine (arc cosine), in radians."""

    __slots__ = ("input",)
    operator = "$acos"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("Acos", "input", input, "value", value))


class Atan(UnaryOperator):
    """``$atan``: the inverse tangent (arc tangent), in radians."""

    __slots__ = ("input",)
    operator = "$atan"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("Atan", "input", input, "value", value))


class Atan2(ListOperator):
    """``$atan2``: the inverse tangent of ``y / x``, in radians."""

    __slots__ = ("x", "y")
    operator = "$atan2"

    x: Any
    y: Any

    def __init__(self, x: Any, y: Any) -> None:
        self._assign(x=x, y=y)


class Asinh(UnaryOperator):
    """``$asinh``: the inverse hyperbolic sine, in radians."""

    __slots__ = ("input",)
    operator = "$asinh"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("Asinh", "input", input, "value", value))


class Acosh(UnaryOperator):
    """``$acosh``: the inverse hyperbolic cosine, in radians."""

    __slots__ = ("input",)
    operator = "$acosh"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("Acosh", "input", input, "value", value))


class Atanh(UnaryOperator):
    """``$atanh``: the inverse hyperbolic tangent, in radians."""

    __slots__ = ("input",)
    operator = "$atanh"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("Atanh", "input", input, "value", value))


class Sinh(UnaryOperator):
    """``$sinh``: the hyperbolic sine of an angle in radians."""

    __slots__ = ("input",)
    operator = "$sinh"

    input: Any

    def __init__(self, input: Any = MISSING, *, angle: Any = MISSING) -> None:
        self._assign(input=either("Sinh", "input", input, "angle", angle))


class Cosh(UnaryOperator):
    """``$cosh``: the hyperbolic cosine of an angle in radians."""

    __slots__ = ("input",)
    operator = "$cosh"

    input: Any

    def __init__(self, input: Any = MISSING, *, angle: Any = MISSING) -> None:
        self._assign(input=either("Cosh", "input", input, "angle", angle))


class Tanh(UnaryOperator):
    """``$tanh``: the hyperbolic tangent of an angle in radians."""

    __slots__ = ("input",)
    operator = "$tanh"

    input: Any

    def __init__(self, input: Any = MISSING, *, angle: Any = MISSING) -> None:
        self._assign(input=either("Tanh", "input", input, "angle", angle))


class DegreesToRadians(UnaryOperator):
    """``$degreesToRadians``: degrees to radians."""

    __slots__ = ("input",)
    operator = "$degreesToRadians"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("DegreesToRadians", "input", input, "value", value))


class RadiansToDegrees(UnaryOperator):
    """``$radiansToDegrees``: radians to degrees."""

    __slots__ = ("input",)
    operator = "$radiansToDegrees"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("RadiansToDegrees", "input", input, "value", value))


class BitAnd(VariadicOperator):
    """``$bitAnd``: the bitwise AND of integers."""

    __slots__ = ()
    operator = "$bitAnd"
    minimum = 2


class BitNot(UnaryOperator):
    """``$bitNot``: the bitwise NOT of an integer."""

    __slots__ = ("input",)
    operator = "$bitNot"

    input: Any

    def __init__(self, input: Any = MISSING, *, value: Any = MISSING) -> None:
        self._assign(input=either("BitNot", "input", input, "value", value))


class BitOr(VariadicOperator):
    """``$bitOr``: the bitwise OR of integers."""

    __slots__ = ()
    operator = "$bitOr"
    minimum = 2


class BitXor(VariadicOperator):
    """``$bitXor``: the bitwise XOR of integers."""

    __slots__ = ()
    operator = "$bitXor"
    minimum = 2


# END GENERATED OPERATORS
