"""Type conversion, type inspection, hashing and data size expression operators.

Must not import ``gault.predicates``, ``gault.pipelines`` or anything above them.
"""

from __future__ import annotations

from typing import Any

from gault._expressions.base import DocumentOperator, UnaryOperator
from gault._support import MISSING, either

# START GENERATED NAMES (scripts/gen_expressions.py: edit the table there)
__all__ = [
    "BinarySize",
    "BsonSize",
    "Convert",
    "DeserializeEJSON",
    "Hash",
    "HexHash",
    "IsNumber",
    "SerializeEJSON",
    "Subtype",
    "ToBool",
    "ToDate",
    "ToDecimal",
    "ToDouble",
    "ToInt",
    "ToLong",
    "ToObjectId",
    "ToString",
    "ToUUID",
    "Type",
]
# END GENERATED NAMES

# START GENERATED OPERATORS (scripts/gen_expressions.py: edit the table there)


class IsNumber(UnaryOperator):
    """``$isNumber``: true when the value is a number."""

    __slots__ = ("input",)
    operator = "$isNumber"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("IsNumber", "input", input, "expression", expression))


class ToBool(UnaryOperator):
    """``$toBool``: the value converted to a boolean."""

    __slots__ = ("input",)
    operator = "$toBool"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("ToBool", "input", input, "expression", expression))


class ToDate(UnaryOperator):
    """``$toDate``: the value converted to a date."""

    __slots__ = ("input",)
    operator = "$toDate"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("ToDate", "input", input, "expression", expression))


class ToDecimal(UnaryOperator):
    """``$toDecimal``: the value converted to a Decimal128."""

    __slots__ = ("input",)
    operator = "$toDecimal"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("ToDecimal", "input", input, "expression", expression))


class ToDouble(UnaryOperator):
    """``$toDouble``: the value converted to a double."""

    __slots__ = ("input",)
    operator = "$toDouble"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("ToDouble", "input", input, "expression", expression))


class ToInt(UnaryOperator):
    """``$toInt``: the value converted to a 32-bit integer."""

    __slots__ = ("input",)
    operator = "$toInt"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("ToInt", "input", input, "expression", expression))


class ToLong(UnaryOperator):
    """``$toLong``: the value converted to a 64-bit integer."""

    __slots__ = ("input",)
    operator = "$toLong"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("ToLong", "input", input, "expression", expression))


class ToObjectId(UnaryOperator):
    """``$toObjectId``: the value converted to an ObjectId."""

    __slots__ = ("input",)
    operator = "$toObjectId"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("ToObjectId", "input", input, "expression", expression))


class ToString(UnaryOperator):
    """``$toString``: the value converted to a string."""

    __slots__ = ("input",)
    operator = "$toString"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("ToString", "input", input, "expression", expression))


class ToUUID(UnaryOperator):
    """``$toUUID``: the string converted to a UUID."""

    __slots__ = ("input",)
    operator = "$toUUID"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("ToUUID", "input", input, "expression", expression))


class Type(UnaryOperator):
    """``$type``: the BSON type name of the value."""

    __slots__ = ("input",)
    operator = "$type"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("Type", "input", input, "expression", expression))


class Subtype(UnaryOperator):
    """``$subtype``: the binary subtype of a BinData value."""

    __slots__ = ("expression",)
    operator = "$subtype"

    expression: Any

    def __init__(self, expression: Any) -> None:
        self._assign(expression=expression)


class BinarySize(UnaryOperator):
    """``$binarySize``: the size of a string or BinData in bytes."""

    __slots__ = ("input",)
    operator = "$binarySize"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("BinarySize", "input", input, "expression", expression))


class BsonSize(UnaryOperator):
    """``$bsonSize``: the BSON size of a document in bytes."""

    __slots__ = ("input",)
    operator = "$bsonSize"

    input: Any

    def __init__(self, input: Any = MISSING, *, expression: Any = MISSING) -> None:
        self._assign(input=either("BsonSize", "input", input, "expression", expression))


class Hash(DocumentOperator):
    """``$hash``: the hash of a string or BinData, as BinData."""

    __slots__ = ("algorithm", "input")
    operator = "$hash"

    input: Any
    algorithm: Any

    def __init__(self, input: Any, algorithm: Any) -> None:
        self._assign(input=input, algorithm=algorithm)


class HexHash(DocumentOperator):
    """``$hexHash``: the hash of a string or BinData, as hex."""

    __slots__ = ("algorithm", "input")
    operator = "$hexHash"

    input: Any
    algorithm: Any

    def __init__(self, input: Any, algorithm: Any) -> None:
        self._assign(input=input, algorithm=algorithm)


class SerializeEJSON(DocumentOperator):
    """``$serializeEJSON``: the value as Extended JSON."""

    __slots__ = ("input", "on_error", "relaxed")
    operator = "$serializeEJSON"

    input: Any
    relaxed: Any
    on_error: Any

    def __init__(self, input: Any, relaxed: Any = None, on_error: Any = None) -> None:
        self._assign(input=input, relaxed=relaxed, on_error=on_error)


class DeserializeEJSON(DocumentOperator):
    """``$deserializeEJSON``: extended JSON back to BSON."""

    __slots__ = ("input", "on_error")
    operator = "$deserializeEJSON"

    input: Any
    on_error: Any

    def __init__(self, input: Any, on_error: Any = None) -> None:
        self._assign(input=input, on_error=on_error)


# END GENERATED OPERATORS


class Convert(DocumentOperator):
    """``$convert``: ``input`` converted to the type ``to`` (a name like ``"int"`` or a number).

    ``subtype`` sets the BinData subtype (``to`` becomes ``{"type", "subtype"}``); ``format``
    (``"base64"``, ``"hex"``, ``"uuid"``...) and ``byte_order`` (``"little"``/``"big"``) apply to
    BinData conversions; ``on_error``/``on_null`` replace failed or null results.
    """

    __slots__ = ("byte_order", "format", "input", "on_error", "on_null", "to")
    operator = "$convert"

    input: Any
    to: Any
    format: Any
    byte_order: Any
    on_error: Any
    on_null: Any

    def __init__(
        self,
        input: Any,
        to: Any,
        *,
        subtype: Any = None,
        format: Any = None,
        byte_order: Any = None,
        on_error: Any = None,
        on_null: Any = None,
    ) -> None:
        if to is None:
            raise TypeError("Convert: the target type 'to' is required")
        if subtype is not None:
            to = {"type": to, "subtype": subtype}
        self._assign(
            input=input,
            to=to,
            format=format,
            byte_order=byte_order,
            on_error=on_error,
            on_null=on_null,
        )
