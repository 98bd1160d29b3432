"""Field-level query operators: ``Gte(18)`` is ``{"$gte": 18}``, placed under a field key.

An operator knows nothing of its field: ``Condition(field, operator)`` (in ``gault.predicates``)
pairs them. Every value is compiled once, at construction, as a *literal*
(``gault.compilers.compile_value``): a ``dict`` from user input never becomes an operator.
Bad arguments raise at construction: ``TypeError`` for a wrong type or arity, ``ValueError``
for a value MongoDB would reject.

The geo operators live in ``gault._query.geo``. Imports only ``gault.compilers``,
``gault.exceptions`` and ``gault.interfaces``; never ``gault.predicates`` or the models.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, cast

import bson

from gault._support import INT64_MAX
from gault.compilers import compile_field, compile_query, compile_value
from gault.exceptions import CompilationError
from gault.interfaces import AsRef, Context, QueryOperator, QueryPredicate

__all__ = [
    "LITERAL_OPERATORS",
    "OPERATOR_CLASSES",
    "REFERENCE_CLASSES",
    "All",
    "BitsAllClear",
    "BitsAllSet",
    "BitsAnyClear",
    "BitsAnySet",
    "ElemMatch",
    "Eq",
    "Exists",
    "Gt",
    "Gte",
    "In",
    "Lt",
    "Lte",
    "Mod",
    "Ne",
    "Nin",
    "Not",
    "Operator",
    "Regex",
    "Size",
    "Type",
    "field_path",
    "is_number",
    "listed_literal",
    "literal",
    "spread",
]

#: ``$type`` aliases and codes MongoDB accepts (``"number"`` matches every numeric type).
BSON_TYPE_ALIASES: frozenset[str] = frozenset(
    {
        "double",
        "string",
        "object",
        "array",
        "binData",
        "undefined",
        "objectId",
        "bool",
        "date",
        "null",
        "regex",
        "dbPointer",
        "javascript",
        "symbol",
        "javascriptWithScope",
        "int",
        "timestamp",
        "long",
        "decimal",
        "minKey",
        "maxKey",
        "number",
    }
)
BSON_TYPE_CODES: frozenset[int] = frozenset({*range(1, 20), -1, 127})
REGEX_OPTIONS = "imsxu"


def field_path(field: str | AsRef) -> str:
    """Return the document path of ``field``; an empty or ``$``-prefixed path raises."""
    if type(field) in REFERENCE_CLASSES:
        path = cast(AsRef, field).compile_field()
    else:
        path = compile_field(field)
    if not isinstance(path, str) or not path or path.startswith("$"):
        raise CompilationError(f"{field!r} is not a field path: got {path!r}", field)
    return path


#: Every concrete ``Operator`` class (registered by ``__init_subclass__``), for cheap checks.
OPERATOR_CLASSES: set[type] = set()
#: Reference classes known to be ``AsRef`` (registered by ``gault._query.references``).
REFERENCE_CLASSES: set[type] = set()


class Operator(QueryOperator):
    """A query operator applied to one field's value; ``~op`` wraps it in ``Not``.

    Operators compare by value: ``Gte(18) == Gte(18)``.
    """

    __slots__ = ()
    #: False for operators MongoDB refuses inside ``$not`` (``$near``, ``$nearSphere``).
    negatable: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        OPERATOR_CLASSES.add(cls)

    @abstractmethod
    def compile_operator(self) -> dict[str, Any]:
        """Return the operator document placed under the field key (``{"$gte": 18}``)."""

    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return the operator document, as a query fragment (0.14's bare operator form)."""
        return self.compile_operator()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Operator):
            return NotImplemented
        return type(self) is type(other) and self.compile_operator() == other.compile_operator()

    def __hash__(self) -> int:
        return hash((type(self), repr(self.compile_operator())))

    def as_expression(self, path: str) -> Any:
        """Return the aggregation-expression form on ``path`` (``"$age"``), where one exists.

        Used when a predicate is an expression argument (``Cond(User.age >= 18, ...)``);
        aggregation semantics apply (an array is compared as a whole). Raises
        ``CompilationError`` for operators without an exact expression form.
        """
        raise CompilationError(
            f"{type(self).__name__} has no aggregation expression form; write the condition "
            "with .expr (e.g. User.age.expr.gte(18))",
            self,
        )

    def __invert__(self) -> Operator:
        return Not(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.compile_operator()!r})"


def literal(value: Any) -> Any:
    """Return a compiled literal as an expression argument: ``{"$literal": v}`` where needed.

    A string starting with ``$`` would be read as a path, a ``dict`` as an operator, so they
    (and lists holding them) are wrapped; other values are their own expression.
    """
    if isinstance(value, dict) or (isinstance(value, str) and value.startswith("$")):
        return {"$literal": value}
    if isinstance(value, list) and any(literal(item) is not item for item in value):
        return {"$literal": value}
    return value


class _Literal(Operator):
    """An operator whose argument is one literal value: ``{"$op": value}``."""

    __slots__ = ("_value",)
    name: ClassVar[str]

    def __init__(self, value: Any) -> None:
        self._value = compile_value(value)

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$op": value}``."""
        return {self.name: self._value}

    def as_expression(self, path: str) -> Any:
        """Return ``{"$op": [path, value]}``."""
        return {self.name: [path, literal(self._value)]}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._value!r})"


#: The expression form of ``{f: {"$eq": None}}``, which matches a null or missing field.
NULL_TYPES = ["null", "missing"]


class Eq(_Literal):
    """``$eq``: the field equals the value (an array field: contains it, or equals it)."""

    __slots__ = ()
    name = "$eq"

    def as_expression(self, path: str) -> Any:
        """Return ``{"$eq": [path, value]}``; ``None`` also matches a missing field."""
        if self._value is None:
            return {"$in": [{"$type": path}, list(NULL_TYPES)]}
        return super().as_expression(path)


class Ne(_Literal):
    """``$ne``: the field differs from the value, or is missing."""

    __slots__ = ()
    name = "$ne"

    def as_expression(self, path: str) -> Any:
        """Return ``{"$ne": [path, value]}``; ``None``: the field is neither null nor missing."""
        if self._value is None:
            return {"$not": [{"$in": [{"$type": path}, list(NULL_TYPES)]}]}
        return super().as_expression(path)


class Gt(_Literal):
    """``$gt``: the field is greater than the value (same BSON type bracket)."""

    __slots__ = ()
    name = "$gt"


class Gte(_Literal):
    """``$gte``: the field is greater than or equal to the value."""

    __slots__ = ()
    name = "$gte"


class Lt(_Literal):
    """``$lt``: the field is less than the value."""

    __slots__ = ()
    name = "$lt"


class Lte(_Literal):
    """``$lte``: the field is less than or equal to the value."""

    __slots__ = ()
    name = "$lte"


def spread(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Accept ``op(a, b)`` and ``op([a, b])`` alike (any iterable but a str, bytes or dict)."""
    if len(values) == 1:
        (only,) = values
        if type(only) in (list, tuple) or (
            isinstance(only, Iterable) and not isinstance(only, (str, bytes, bytearray, Mapping))
        ):
            return tuple(only)
    return values


def _values(operator: str, values: tuple[Any, ...]) -> list[Any]:
    """Return the compiled literal list of ``op(a, b)`` or ``op([a, b])``."""
    values = spread(values)
    if any(type(value) in OPERATOR_CLASSES for value in values):
        raise CompilationError(f"{operator} takes literal values, not operators: {values!r}")
    return [listed_literal(operator, compile_value(value)) for value in values]


#: How the ``==`` comparisons replacing each listing operator combine.
_COMBINE = {"$in": "with |", "$nin": "with | under ~", "$all": "with &"}


def listed_literal(operator: str, value: Any) -> Any:
    """Return the compiled literal ``value`` as an element of ``$in``, ``$nin`` or ``$all``.

    MongoDB's query parser reads a document element whose keys start with ``$`` as an
    operator there (``$in``/``$nin``: "cannot nest $ under $in"; ``$all``: an operator or
    ``$elemMatch``), so such a literal would be refused or change meaning: it raises
    ``CompilationError``, pointing to ``==``, whose ``$eq`` matches it literally.
    """
    if isinstance(value, dict) and any(key.startswith("$") for key in value):
        raise CompilationError(
            f"{operator} cannot hold the literal document {value!r}: MongoDB reads a document "
            f"with $-prefixed keys inside {operator} as an operator (and refuses it); compare "
            "it with == (which compiles to $eq, a literal match) and combine the comparisons "
            f"{_COMBINE[operator]} instead",
            value,
        )
    return value


class In(Operator):
    """``$in``: the field equals any of the values; ``In(1, 2)`` or ``In([1, 2])``."""

    __slots__ = ("_values",)

    def __init__(self, *values: Any) -> None:
        self._values = _values("$in", values)

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$in": [...]}``."""
        return {"$in": self._values}

    def as_expression(self, path: str) -> Any:
        """Return ``{"$in": [path, [...]]}``."""
        return {"$in": [path, literal(self._values)]}


class Nin(Operator):
    """``$nin``: the field equals none of the values (or is missing)."""

    __slots__ = ("_values",)

    def __init__(self, *values: Any) -> None:
        self._values = _values("$nin", values)

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$nin": [...]}``."""
        return {"$nin": self._values}

    def as_expression(self, path: str) -> Any:
        """Return ``{"$not": [{"$in": [path, [...]]}]}``."""
        return {"$not": [{"$in": [path, literal(self._values)]}]}


#: The operators made from one compiled literal (a value, or the list of ``$in``/``$nin``),
#: by MongoDB name: ``LITERAL_OPERATORS["$gte"](18)`` is ``Gte(18)``.
LITERAL_OPERATORS: dict[str, Callable[[Any], Operator]] = {
    "$eq": Eq,
    "$ne": Ne,
    "$gt": Gt,
    "$gte": Gte,
    "$lt": Lt,
    "$lte": Lte,
    "$in": In,
    "$nin": Nin,
}


class Exists(Operator):
    """``$exists``: the field is present (``True``) or absent (``False``)."""

    __slots__ = ("_value",)

    def __init__(self, value: bool = True) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"$exists takes True or False, got {type(value).__name__} {value!r}")
        self._value = value

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$exists": bool}``."""
        return {"$exists": self._value}

    def as_expression(self, path: str) -> Any:
        """Return ``{"$ne": [{"$type": path}, "missing"]}`` (``$eq`` for ``Exists(False)``)."""
        return {"$ne" if self._value else "$eq": [{"$type": path}, "missing"]}


class Type(Operator):
    """``$type``: the field has one of the BSON types (aliases such as ``"string"`` or codes)."""

    __slots__ = ("_types",)

    def __init__(self, *given: str | int | Sequence[str | int]) -> None:
        types: tuple[Any, ...] = given
        if len(given) == 1 and isinstance(given[0], (list, tuple)):
            types = tuple(given[0])
        if not types:
            raise TypeError("$type needs at least one BSON type alias or code")
        for kind in types:
            if isinstance(kind, str) and kind in BSON_TYPE_ALIASES:
                continue
            if isinstance(kind, int) and not isinstance(kind, bool) and kind in BSON_TYPE_CODES:
                continue
            raise ValueError(
                f"$type: {kind!r} is not a BSON type; use an alias such as 'string', 'int', "
                f"'number' (one of {sorted(BSON_TYPE_ALIASES)}) or its numeric code"
            )
        self._types = list(types)

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$type": [...]}`` (always a list)."""
        return {"$type": list(self._types)}


class All(Operator):
    """``$all``: the array field contains every value; values may be ``ElemMatch`` operators."""

    __slots__ = ("_values",)

    def __init__(self, *values: Any) -> None:
        values = spread(values)
        if any(
            type(value) in OPERATOR_CLASSES and not isinstance(value, ElemMatch) for value in values
        ):
            raise CompilationError(
                f"$all takes literal values or ElemMatch operators, not other operators: {values!r}"
            )
        self._values = [
            value.compile_operator()
            if isinstance(value, ElemMatch)
            else listed_literal("$all", compile_value(value))
            for value in values
        ]

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$all": [...]}``."""
        return {"$all": self._values}


class ElemMatch(Operator):
    """``$elemMatch``: one array element satisfies every condition given.

    Give operators on the element itself (``ElemMatch(Gte(80), Lt(85))``) or predicates on
    the element's fields (``ElemMatch(Field("score") > 8, Field("item") == "B")``), not a mix;
    a trusted raw query on the element is ``Raw({...})``. A plain ``dict`` raises
    ``TypeError``: it may come from user input, and would be read as a query.
    Conditions on the same key are kept together with ``$and``; none is ever dropped.
    """

    __slots__ = ("_query",)

    def __init__(self, *conditions: Operator | QueryPredicate) -> None:
        if len(conditions) == 1 and isinstance(conditions[0], list):
            conditions = tuple(conditions[0])  # 0.14's single-list form
        if not conditions:
            raise TypeError("$elemMatch needs at least one condition")
        for condition in conditions:
            if isinstance(condition, Mapping) and not isinstance(condition, QueryPredicate):
                raise TypeError(
                    f"$elemMatch does not read the plain dict {condition!r} as a query (a dict "
                    "may come from user input): give predicates on the element's fields "
                    "(Field('score') > 8), operators on the element (Gte(8)), or Raw({...}) "
                    "for a trusted raw query"
                )
        operators = [item for item in conditions if isinstance(item, Operator)]
        if operators and len(operators) != len(conditions):
            raise CompilationError(
                "$elemMatch takes either operators on the element (Gte(1), Lt(5)) or "
                f"predicates on its fields (Field('a') == 1), not both: {conditions!r}"
            )
        if operators:
            self._query = _merge_operators("$elemMatch", operators)
        else:
            self._query = _merge_queries(conditions)

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$elemMatch": {...}}``."""
        return {"$elemMatch": dict(self._query)}


def _merge_operators(where: str, operators: list[Operator]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for operator in operators:
        for key, value in operator.compile_operator().items():
            if key in merged:
                raise CompilationError(
                    f"{where}: two {key} operators on the same value ({merged[key]!r} and "
                    f"{value!r}); combine them into one (e.g. In/Nin for several values)"
                )
            merged[key] = value
    return merged


def _merge_queries(conditions: tuple[Any, ...]) -> dict[str, Any]:
    queries: list[dict[str, Any]] = []
    for condition in conditions:
        if isinstance(condition, QueryPredicate):
            queries.append(compile_query(condition))
        else:
            raise TypeError(
                "$elemMatch takes operators or predicates (Raw({...}) for a raw query), got "
                f"{type(condition).__name__} {condition!r}"
            )
    merged: dict[str, Any] = {}
    for query in queries:
        if any(key in merged for key in query):
            return {"$and": queries}
        merged.update(query)
    return merged


class Size(Operator):
    """``$size``: the array field has exactly ``count`` elements."""

    __slots__ = ("_count",)

    def __init__(self, count: int) -> None:
        if not isinstance(count, int) or isinstance(count, bool):
            raise TypeError(f"$size takes an int, got {type(count).__name__} {count!r}")
        if count < 0:
            raise ValueError(f"$size takes a count >= 0, got {count}")
        if count > INT64_MAX:
            raise ValueError(f"$size takes a count that fits a 64-bit integer, got {count}")
        self._count = count

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$size": count}``."""
        return {"$size": self._count}

    def as_expression(self, path: str) -> Any:
        """Return ``$size`` guarded by ``$isArray`` (a non-array never matches, never errors)."""
        return {"$cond": [{"$isArray": path}, {"$eq": [{"$size": path}, self._count]}, False]}


def is_number(value: Any) -> bool:
    """Tell an int, float, Int64 or Decimal128 (not a bool)."""
    return isinstance(value, (int, float, bson.Int64, bson.Decimal128)) and not isinstance(
        value, bool
    )


class Mod(Operator):
    """``$mod``: ``field % divisor == remainder``."""

    __slots__ = ("_divisor", "_remainder")

    def __init__(self, divisor: float, remainder: float) -> None:
        if not is_number(divisor) or not is_number(remainder):
            raise TypeError(
                f"$mod takes two numbers (divisor, remainder), got {divisor!r}, {remainder!r}"
            )
        if divisor == 0:
            raise ValueError("$mod: the divisor must not be 0")
        for number in (divisor, remainder):
            if isinstance(number, int) and not -INT64_MAX - 1 <= number <= INT64_MAX:
                raise ValueError(f"$mod takes numbers that fit a 64-bit integer, got {number}")
        self._divisor = divisor
        self._remainder = remainder

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$mod": [divisor, remainder]}``."""
        return {"$mod": [self._divisor, self._remainder]}


class Regex(Operator):
    """``$regex``: the string field matches ``regex`` (a ``str`` or a compiled pattern).

    ``options`` is a string of MongoDB regex flags (``"imsxu"``), only with a ``str`` pattern.
    """

    __slots__ = ("_query",)

    def __init__(
        self, regex: str | re.Pattern[str] | bson.Regex[Any], options: str | None = None
    ) -> None:
        pattern = regex  # the parameter keeps its 0.14 name
        if not isinstance(pattern, (str, re.Pattern, bson.Regex)):
            raise TypeError(
                f"$regex takes a str or a compiled pattern, got {type(pattern).__name__} "
                f"{pattern!r}"
            )
        self._query: dict[str, Any] = {"$regex": pattern}
        if options is None:
            return
        if not isinstance(options, str):
            raise TypeError(f"$regex options are a str of flags, got {options!r}")
        if not isinstance(pattern, str):
            raise TypeError("$regex: give options with a str pattern, not a compiled pattern")
        unknown = set(options) - set(REGEX_OPTIONS)
        if unknown:
            raise ValueError(
                f"$regex: unknown option(s) {''.join(sorted(unknown))!r}; "
                f"MongoDB accepts {REGEX_OPTIONS!r}"
            )
        self._query["$options"] = options

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$regex": pattern}`` plus ``"$options"`` when given."""
        return dict(self._query)

    def as_expression(self, path: str) -> Any:
        """Return ``$regexMatch`` guarded by a string check (a non-string never matches); its
        ``regex`` is an expression there, so a pattern starting with ``$`` goes as a literal."""
        match = {"input": path, "regex": literal(self._query["$regex"])}
        if "$options" in self._query:
            match["options"] = self._query["$options"]
        is_string = {"$eq": [{"$type": path}, "string"]}
        return {"$cond": [is_string, {"$regexMatch": match}, False]}


class _Bits(Operator):
    """A bitwise operator: a non-negative int mask, binary data, or a list of bit positions."""

    __slots__ = ("_bits",)
    name: ClassVar[str]

    def __init__(self, bits: int | bytes | bson.Binary | list[int]) -> None:
        if isinstance(bits, (bytes, bson.Binary)):
            self._bits: Any = bits
            return
        if isinstance(bits, (list, tuple)):
            positions = list(bits)
            if all(_is_position(bit) for bit in positions):
                self._bits = positions
                return
        elif _is_position(bits):
            self._bits = bits
            return
        raise TypeError(
            f"{self.name} takes a non-negative 64-bit int bitmask, bytes/Binary data or a list of "
            f"non-negative bit positions, got {type(bits).__name__} {bits!r}"
        )

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$bitsXxx": bits}``."""
        bits = self._bits
        return {self.name: list(bits) if isinstance(bits, list) else bits}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._bits!r})"


def _is_position(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= INT64_MAX


class BitsAllClear(_Bits):
    """``$bitsAllClear``: every given bit of the field is 0."""

    __slots__ = ()
    name = "$bitsAllClear"


class BitsAllSet(_Bits):
    """``$bitsAllSet``: every given bit of the field is 1."""

    __slots__ = ()
    name = "$bitsAllSet"


class BitsAnyClear(_Bits):
    """``$bitsAnyClear``: at least one given bit of the field is 0."""

    __slots__ = ()
    name = "$bitsAnyClear"


class BitsAnySet(_Bits):
    """``$bitsAnySet``: at least one given bit of the field is 1."""

    __slots__ = ()
    name = "$bitsAnySet"


class Not(Operator):
    """``$not``: the field does not match ``operator`` (missing fields match too).

    ``~Not(op)`` gives back ``op``. MongoDB allows no ``$not`` around another ``$not`` or a
    non-negatable operator (``$near``, ``$nearSphere``): those raise ``CompilationError``.
    """

    __slots__ = ("_operator", "_query")

    def __init__(self, operator: Operator) -> None:
        if not isinstance(operator, Operator):
            raise TypeError(
                f"Not takes a field operator such as Gte(1), got {type(operator).__name__} "
                f"{operator!r}"
            )
        if isinstance(operator, Not) or not operator.negatable:
            raise CompilationError(
                f"MongoDB does not accept {type(operator).__name__} inside $not", operator
            )
        self._operator = operator
        self._query = operator.compile_operator()

    @property
    def operator(self) -> Operator:
        """The negated operator."""
        return self._operator

    def compile_operator(self) -> dict[str, Any]:
        """Return ``{"$not": {...}}``."""
        return {"$not": dict(self._query)}

    def as_expression(self, path: str) -> Any:
        """Return ``{"$not": [<operator on path>]}``."""
        return {"$not": [self._operator.as_expression(path)]}

    def __invert__(self) -> Operator:
        return self._operator

    def __repr__(self) -> str:
        return f"Not({self._operator!r})"
