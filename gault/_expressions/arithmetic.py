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

    __slots__ = ("number",)
    operator = "$abs"

    number: Any

    def __init__(self, number: Any) -> None:
        self._assign(number=number)


class Add(VariadicOperator):
    """``$add``: the sum of numbers, or a date plus milliseconds."""

    __slots__ = ()
    operator = "$add"
    minimum = 2


class Ceil(UnaryOperator):
    """``$ceil``: the smallest integer greater than or equal to a number."""

    __slots__ = ("number",)
    operator = "$ceil"

    number: Any

    def __init__(self, number: Any) -> None:
        self._assign(number=number)


class Divide(ListOperator):
    """``$divide``: the first number divided by the second."""

    __slots__ = ("dividend", "divisor")
    operator = "$divide"

    dividend: Any
    divisor: Any

    def __init__(self, dividend: Any, divisor: Any) -> None:
        self._assign(dividend=dividend, divisor=divisor)


class Exp(UnaryOperator):
    """``$exp``: euler's number raised to an exponent."""

    __slots__ = ("exponent",)
    operator = "$exp"

    exponent: Any

    def __init__(self, exponent: Any) -> None:
        self._assign(exponent=exponent)


class Floor(UnaryOperator):
    """``$floor``: the largest integer less than or equal to a number."""

    __slots__ = ("number",)
    operator = "$floor"

    number: Any

    def __init__(self, number: Any) -> None:
        self._assign(number=number)


class Ln(UnaryOperator):
    """``$ln``: the natural logarithm of a number."""

    __slots__ = ("number",)
    operator = "$ln"

    number: Any

    def __init__(self, number: Any) -> None:
        self._assign(number=number)


class Log(ListOperator):
    """``$log``: the logarithm of a number in a base."""

    __slots__ = ("base", "number")
    operator = "$log"

    number: Any
    base: Any

    def __init__(self, number: Any, base: Any) -> None:
        self._assign(number=number, base=base)


class Log10(UnaryOperator):
    """``$log10``: the base-10 logarithm of a number."""

    __slots__ = ("number",)
    operator = "$log10"

    number: Any

    def __init__(self, number: Any) -> None:
        self._assign(number=number)


class Mod(ListOperator):
    """``$mod``: the remainder of the first number divided by the second."""

    __slots__ = ("dividend", "divisor")
    operator = "$mod"

    dividend: Any
    divisor: Any

    def __init__(self, dividend: Any, divisor: Any) -> None:
        self._assign(dividend=dividend, divisor=divisor)


class Multiply(VariadicOperator):
    """``$multiply``: the product of numbers."""

    __slots__ = ()
    operator = "$multiply"
    minimum = 2


class Pow(ListOperator):
    """``$pow``: a number raised to an exponent."""

    __slots__ = ("exponent", "number")
    operator = "$pow"

    number: Any
    exponent: Any

    def __init__(self, number: Any, exponent: Any) -> None:
        self._assign(number=number, exponent=exponent)


class Round(ListOperator):
    """``$round``: a number rounded to ``place`` decimal places."""

    __slots__ = ("number", "place")
    operator = "$round"

    number: Any
    place: Any

    def __init__(self, number: Any, place: Any = None) -> None:
        self._assign(number=number, place=place)


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

    __slots__ = ("number",)
    operator = "$sqrt"

    number: Any

    def __init__(self, number: Any) -> None:
        self._assign(number=number)


class Subtract(ListOperator):
    """``$subtract``: the difference of two numbers or dates."""

    __slots__ = ("minuend", "subtrahend")
    operator = "$subtract"

    minuend: Any
    subtrahend: Any

    def __init__(self, minuend: Any, subtrahend: Any) -> None:
        self._assign(minuend=minuend, subtrahend=subtrahend)


class Trunc(ListOperator):
    """``$trunc``: a number truncated to ``place`` decimal places."""

    __slots__ = ("number", "place")
    operator = "$trunc"

    number: Any
    place: Any

    def __init__(self, number: Any, place: Any = None) -> None:
        self._assign(number=number, place=place)


class Sin(UnaryOperator):
    """``$sin``: the sine of an angle in radians."""

    __slots__ = ("angle",)
    operator = "$sin"

    angle: Any

    def __init__(self, angle: Any) -> None:
        self._assign(angle=angle)


class Cos(UnaryOperator):
    """``$cos``: the cosine of an angle in radians."""

    __slots__ = ("angle",)
    operator = "$cos"

    angle: Any

    def __init__(self, angle: Any) -> None:
        self._assign(angle=angle)


class Tan(UnaryOperator):
    """``$tan``: the tangent of an angle in radians."""

    __slots__ = ("angle",)
    operator = "$tan"

    angle: Any

    def __init__(self, angle: Any) -> None:
        self._assign(angle=angle)


class Asin(UnaryOperator):
    """``$asin``: the inverse sine (arc sine), in radians."""

    __slots__ = ("value",)
    operator = "$asin"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


class Acos(UnaryOperator):
    """``$acos``: the inverse cosine (arc cosine), in radians."""

    __slots__ = ("value",)
    operator = "$acos"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


class Atan(UnaryOperator):
    """``$atan``: the inverse tangent (arc tangent), in radians."""

    __slots__ = ("value",)
    operator = "$atan"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


class Atan2(ListOperator):
    """``$atan2``: the inverse tangent of ``y / x``, in radians."""

    __slots__ = ("x", "y")
    operator = "$atan2"

    y: Any
    x: Any

    def __init__(self, y: Any, x: Any) -> None:
        self._assign(y=y, x=x)


class Asinh(UnaryOperator):
    """``$asinh``: the inverse hyperbolic sine, in radians."""

    __slots__ = ("value",)
    operator = "$asinh"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


class Acosh(UnaryOperator):
    """``$acosh``: the inverse hyperbolic cosine, in radians."""

    __slots__ = ("value",)
    operator = "$acosh"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


class Atanh(UnaryOperator):
    """``$atanh``: the inverse hyperbolic tangent, in radians."""

    __slots__ = ("value",)
    operator = "$atanh"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


class Sinh(UnaryOperator):
    """``$sinh``: the hyperbolic sine of an angle in radians."""

    __slots__ = ("angle",)
    operator = "$sinh"

    angle: Any

    def __init__(self, angle: Any) -> None:
        self._assign(angle=angle)


class Cosh(UnaryOperator):
    """``$cosh``: the hyperbolic cosine of an angle in radians."""

    __slots__ = ("angle",)
    operator = "$cosh"

    angle: Any

    def __init__(self, angle: Any) -> None:
        self._assign(angle=angle)


class Tanh(UnaryOperator):
    """``$tanh``: the hyperbolic tangent of an angle in radians."""

    __slots__ = ("angle",)
    operator = "$tanh"

    angle: Any

    def __init__(self, angle: Any) -> None:
        self._assign(angle=angle)


class DegreesToRadians(UnaryOperator):
    """``$degreesToRadians``: degrees to radians."""

    __slots__ = ("value",)
    operator = "$degreesToRadians"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


class RadiansToDegrees(UnaryOperator):
    """``$radiansToDegrees``: radians to degrees."""

    __slots__ = ("value",)
    operator = "$radiansToDegrees"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


class BitAnd(VariadicOperator):
    """``$bitAnd``: the bitwise AND of integers."""

    __slots__ = ()
    operator = "$bitAnd"
    minimum = 2


class BitNot(UnaryOperator):
    """``$bitNot``: the bitwise NOT of an integer."""

    __slots__ = ("value",)
    operator = "$bitNot"

    value: Any

    def __init__(self, value: Any) -> None:
        self._assign(value=value)


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
