"""Query predicates: immutable objects that compile to a query document (a filter).

``Condition(field, operator)`` is ``{field: <operator>}``; ``And``/``Or``/``Nor`` combine
predicates; ``FieldComparison`` compares two fields through ``$expr``; ``Expr``, ``JsonSchema``
and ``Text`` are the top-level operators; ``Raw`` embeds a query dict; ``Query()`` is the
neutral element. Every predicate combines with ``&`` (``$and``), ``|`` (``$or``) and ``~``:

- ``~Condition`` negates its operator with ``$not`` (``{f: {"$not": {"$gt": 1}}}``), which, as
  the manual says, also matches documents without the field; ``{"$not": {"$eq": v}}`` is the
  manual's own equivalent of ``$ne``.
- ``~Or(a, b)`` is ``Nor(a, b)`` and back; any other predicate ``p`` becomes ``Nor(p)``, and
  ``~Nor(p)`` gives ``p`` back, so ``~~p`` always means ``p``.
- ``~Query()`` (match nothing) is ``Nor(Query())``: ``{"$nor": [{}]}``.

Predicates have no truth value (``bool(p)`` raises ``TypeError``), except the result of
``ref == ref`` / ``ref != ref``, which answers "same reference?" so ``in`` and dict lookups on
references work. Imports only ``gault.compilers``, ``gault.exceptions``, ``gault.interfaces``
and ``gault._query.operators``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeAlias, cast

from gault._query.operators import LITERAL_OPERATORS, OPERATOR_CLASSES, Operator, field_path
from gault._support import MISSING, either
from gault.compilers import (
    SCALAR_TYPES,
    call_compile,
    compile_expression,
    compile_query,
    compile_value,
)
from gault.exceptions import ArgumentError, CompilationError
from gault.interfaces import AsRef, Context, ExpressionOperator, QueryPredicate

__all__ = [
    "PREDICATE_CLASSES",
    "And",
    "Condition",
    "Expr",
    "FieldComparison",
    "JsonSchema",
    "Nor",
    "Or",
    "Predicate",
    "PredicateLike",
    "Query",
    "Raw",
    "Text",
    "as_predicate",
    "literal_list_method",
    "literal_method",
]

#: What ``&``, ``|`` and the logical classes accept: predicates, raw query dicts, expressions.
PredicateLike: TypeAlias = QueryPredicate | Mapping[str, Any] | ExpressionOperator

NO_TRUTH_VALUE = "a predicate has no truth value; combine with & and |"

_new = object.__new__


#: The containers ``in_([a, b])`` spreads on the fast path (other iterables spread too, through
#: the general path).
SEQUENCES = (list, tuple)

#: Every concrete ``Predicate`` class (registered by ``__init_subclass__``): membership of
#: ``type(value)`` is a much cheaper test than ``isinstance`` against the ABCs.
PREDICATE_CLASSES: set[type] = set()


def as_predicate(value: PredicateLike) -> QueryPredicate:
    """Return ``value`` as a predicate: a dict becomes ``Raw``, an expression ``Expr``."""
    if type(value) in PREDICATE_CLASSES:
        return cast(Predicate, value)
    if isinstance(value, QueryPredicate):
        return value
    if isinstance(value, Mapping):
        return Raw(value)
    if isinstance(value, ExpressionOperator):
        return Expr(value)
    raise TypeError(
        "expected a predicate, a query dict or an aggregation expression, got "
        f"{type(value).__name__} {value!r}"
    )


def _wrap(predicate: QueryPredicate) -> Predicate:
    """Give a foreign ``QueryPredicate`` gault's operators (as a one-element ``And``)."""
    return predicate if isinstance(predicate, Predicate) else And(predicate)


class Predicate(QueryPredicate):
    """Base of gault's predicates: ``&``, ``|``, ``~`` and no truth value."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        PREDICATE_CLASSES.add(cls)

    # ``&`` and ``|`` of two gault predicates skip ``_Logical.__init__``: the operands are
    # already predicates, so flattening is one tuple concatenation.
    def __and__(self, other: PredicateLike) -> Predicate:
        kind = type(other)
        if kind not in PREDICATE_CLASSES:
            return And(self, other)
        if kind is Query:
            return self
        left = self._predicates if type(self) is And else (self,)
        right: tuple[Any, ...] = other._predicates if type(other) is And else (other,)
        joined = _new(And)
        joined._predicates = left + right
        return joined

    def __rand__(self, other: PredicateLike) -> Predicate:
        return And(other, self)

    def __or__(self, other: PredicateLike) -> Predicate:
        kind = type(other)
        if kind not in PREDICATE_CLASSES:
            return Or(self, other)
        if kind is Query:
            return self
        left = self._predicates if type(self) is Or else (self,)
        right: tuple[Any, ...] = other._predicates if type(other) is Or else (other,)
        joined = _new(Or)
        joined._predicates = left + right
        return joined

    def __ror__(self, other: PredicateLike) -> Predicate:
        return Or(other, self)

    def __invert__(self) -> Predicate:
        return Nor(self)

    def __bool__(self) -> bool:
        raise TypeError(NO_TRUTH_VALUE)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return the predicate as a boolean aggregation expression (``Cond(p, ...)``).

        Raises ``CompilationError`` where no exact expression form exists.
        """
        raise CompilationError(
            f"{self!r} has no aggregation expression form; write it with .expr "
            "(e.g. User.age.expr.gte(18))",
            self,
        )


class Condition(Predicate):
    """``{field: <operator>}``: ``Condition("age", Gte(18))`` or ``User.age >= 18``."""

    __slots__ = ("_field", "_operator", "_path", "_query")

    def __init__(
        self, field: str | AsRef, op: Operator = MISSING, *, operator: Operator = MISSING
    ) -> None:
        operator = either("Condition", "op", op, "operator", operator)
        if type(operator) not in OPERATOR_CLASSES and not isinstance(operator, Operator):
            raise TypeError(
                f"Condition takes a field operator such as Gte(18), got "
                f"{type(operator).__name__} {operator!r}"
            )
        self._field = field
        self._operator: Operator | None = operator
        self._path = field_path(field)
        self._query = operator.compile_operator()

    @property
    def field(self) -> str | AsRef:
        """The field (name or reference) the operator applies to."""
        return self._field

    @property
    def operator(self) -> Operator:
        """The field operator (made on first use for a condition built by a literal method)."""
        operator = self._operator
        if operator is None:
            ((name, value),) = self._query.items()
            operator = self._operator = LITERAL_OPERATORS[name](value)
        return operator

    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{path: {...}}``."""
        return {self._path: {**self._query}}

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return the operator's expression form on ``"$path"`` (``{"$gte": ["$age", 18]}``)."""
        return self.operator.as_expression("$" + self._path)

    def __invert__(self) -> Condition:
        return Condition(self._field, ~self.operator)

    def __repr__(self) -> str:
        return f"Condition({self._field!r}, {self.operator!r})"


# The two method factories below make a ``Condition`` without ``__init__`` (no operator
# object, no validation a scalar literal does not need): the hottest path of gault, written
# out in each method because a shared helper would cost one more Python call per condition.
# ``_path`` is read directly from a ``Field`` (see its docstring), else ``compile_field()``.


def literal_method(
    name: str, general: Callable[[Any, Any], Predicate]
) -> Callable[[Any, Any], Predicate]:
    """Return the reference method ``ref.<op>(value)`` for the operator ``name`` (``"$gte"``).

    A scalar literal (``User.age >= 18``) makes the condition directly; any other value goes
    to ``general`` (the ``ConditionMethods`` method), which compiles it.
    """

    def method(self: Any, value: Any, /) -> Predicate:
        if type(value) not in SCALAR_TYPES:
            return general(self, value)
        try:
            path = self._path
        except AttributeError:
            path = self.compile_field()
        if type(path) is not str or not path or path[0] == "$":
            path = field_path(self)  # raises the "not a field path" error
        condition = _new(Condition)
        condition._field = self
        condition._operator = None
        condition._path = path
        condition._query = {name: value}
        return condition

    method.__name__ = general.__name__
    method.__qualname__ = general.__qualname__
    method.__doc__ = general.__doc__
    return method


def literal_list_method(name: str, general: Callable[..., Predicate]) -> Callable[..., Predicate]:
    """Return the reference method ``ref.<op>(*values)`` for ``"$in"`` or ``"$nin"``.

    Scalar values, given as arguments or as one list or tuple, make the condition directly;
    anything else (another iterable, values to compile) goes to ``general``.
    """

    def method(self: Any, *values: Any) -> Predicate:
        items = values[0] if len(values) == 1 and type(values[0]) in SEQUENCES else values
        for item in items:
            if type(item) not in SCALAR_TYPES:
                return general(self, *values)
        try:
            path = self._path
        except AttributeError:
            path = self.compile_field()
        if type(path) is not str or not path or path[0] == "$":
            path = field_path(self)  # raises the "not a field path" error
        condition = _new(Condition)
        condition._field = self
        condition._operator = None
        condition._path = path
        condition._query = {name: list(items)}
        return condition

    method.__name__ = general.__name__
    method.__qualname__ = general.__qualname__
    method.__doc__ = general.__doc__
    return method


#: Python spelling of each comparison, for reprs.
SYMBOLS = {"$eq": "==", "$ne": "!=", "$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}


class FieldComparison(Predicate):
    """Two fields compared in ``$expr``: ``User.a < User.b`` is ``{"$expr": {"$lt": ["$a", "$b"]}}``.

    Aggregation comparison semantics apply (a missing field is less than any value). The truth
    value of ``a == b`` (and ``a != b``) says whether both sides are the same reference, which
    keeps ``ref in [refs]`` and ``{ref: ...}[ref]`` working.
    """

    __slots__ = ("_left", "_negated", "_operator", "_right")

    def __init__(self, operator: str, left: AsRef, right: AsRef, *, negated: bool = False) -> None:
        if operator not in SYMBOLS:
            raise ValueError(f"unknown comparison {operator!r}; expected one of {list(SYMBOLS)}")
        if not isinstance(left, AsRef) or not isinstance(right, AsRef):
            raise TypeError(
                f"FieldComparison compares two field references, got {left!r}, {right!r}"
            )
        self._operator = operator
        self._left = left
        self._right = right
        self._negated = negated

    @property
    def left(self) -> AsRef:
        """The field on the left of the comparison."""
        return self._left

    @property
    def right(self) -> AsRef:
        """The field on the right of the comparison."""
        return self._right

    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{"$expr": {op: [left, right]}}`` (inside ``$not`` when negated)."""
        comparison = {
            self._operator: [self._left.compile_expression(), self._right.compile_expression()]
        }
        if self._negated:
            return {"$expr": {"$not": [comparison]}}
        return {"$expr": comparison}

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return the comparison expression (``{"$lt": ["$a", "$b"]}``)."""
        return self.compile_query()["$expr"]

    def __invert__(self) -> FieldComparison:
        return FieldComparison(self._operator, self._left, self._right, negated=not self._negated)

    def __bool__(self) -> bool:
        if self._negated or self._operator not in ("$eq", "$ne"):
            raise TypeError(NO_TRUTH_VALUE)
        same = type(self._left) is type(self._right) and (
            self._left.compile_field() == self._right.compile_field()
        )
        return same if self._operator == "$eq" else not same

    def __repr__(self) -> str:
        text = f"{self._left!r} {SYMBOLS[self._operator]} {self._right!r}"
        return f"~({text})" if self._negated else text


def _flatten(
    kind: type[_Logical], given: tuple[PredicateLike | Sequence[PredicateLike], ...]
) -> tuple[QueryPredicate, ...]:
    predicates: tuple[Any, ...] = given
    if len(given) == 1 and isinstance(given[0], (list, tuple)):
        predicates = tuple(given[0])
    if not predicates:
        raise ArgumentError(f"{kind.__name__} needs at least one predicate")
    flat: list[QueryPredicate] = []
    for predicate in predicates:
        if type(predicate) is kind and kind is not Nor:
            flat.extend(predicate.predicates)
        else:
            flat.append(as_predicate(predicate))
    return tuple(flat)


def _expression(predicate: QueryPredicate) -> Any:
    if isinstance(predicate, Predicate):
        return predicate.compile_expression()
    if not hasattr(predicate, "compile_expression"):
        raise CompilationError(f"{predicate!r} has no aggregation expression form", predicate)
    return call_compile(predicate, "compile_expression")


class _Logical(Predicate):
    """A logical operator over a tuple of predicates."""

    __slots__ = ("_predicates",)
    keyword: ClassVar[str]

    def __init__(self, *predicates: PredicateLike | Sequence[PredicateLike]) -> None:
        self._predicates = _flatten(type(self), predicates)

    @property
    def predicates(self) -> list[QueryPredicate]:
        """The combined predicates, in order (a new list, as in 0.14)."""
        return list(self._predicates)

    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{"$op": [...]}``."""
        # A Condition's compile_query, inlined (and a loop, cheaper than a comprehension here):
        # the common filter is an And of conditions.
        compiled = []
        for predicate in self._predicates:
            if type(predicate) is Condition:
                compiled.append({predicate._path: {**predicate._query}})
            else:
                compiled.append(compile_query(predicate))
        return {self.keyword: compiled}

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$and"/"$or": [...]}`` of the predicates' expression forms."""
        return {self.keyword: [_expression(predicate) for predicate in self._predicates]}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self._predicates))})"


class And(_Logical):
    """``$and``: every predicate matches. ``And(a, And(b, c))`` flattens to three."""

    __slots__ = ()
    keyword = "$and"


class Or(_Logical):
    """``$or``: at least one predicate matches. Nested ``Or`` flatten; ``~Or`` is ``Nor``."""

    __slots__ = ()
    keyword = "$or"

    def __invert__(self) -> Nor:
        return Nor(*self._predicates)


class Nor(_Logical):
    """``$nor``: no predicate matches. ``~Nor(a, b)`` is ``Or(a, b)``; ``~Nor(a)`` is ``a``.

    MongoDB allows no ``$text`` inside ``$nor``: ``Nor(Text(...))`` raises ``CompilationError``.
    """

    __slots__ = ()
    keyword = "$nor"

    def __init__(self, *predicates: PredicateLike | Sequence[PredicateLike]) -> None:
        super().__init__(*predicates)
        if any(type(predicate) is Text for predicate in self._predicates):
            raise CompilationError("MongoDB cannot negate $text (no $text inside $nor)", self)

    def __invert__(self) -> Predicate:
        if len(self._predicates) == 1:
            return _wrap(self._predicates[0])
        return Or(*self._predicates)

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``{"$not": [{"$or": [...]}]}``."""
        return {"$not": [{"$or": [_expression(predicate) for predicate in self._predicates]}]}


class Expr(Predicate):
    """``$expr``: an aggregation expression used as a filter (``Expr(User.a.expr.gt(1))``)."""

    __slots__ = ("_expression", "_query")

    def __init__(self, expression: Any) -> None:
        self._expression = expression
        self._query = compile_expression(expression)

    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{"$expr": <expression>}``."""
        return {"$expr": copy.deepcopy(self._query)}

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return the expression itself."""
        return copy.deepcopy(self._query)

    def __repr__(self) -> str:
        return f"Expr({self._expression!r})"


class JsonSchema(Predicate):
    """``$jsonSchema``: documents valid against the JSON schema (a literal ``dict``)."""

    __slots__ = ("_schema",)

    def __init__(self, schema: Mapping[str, Any]) -> None:
        if not isinstance(schema, Mapping):
            raise TypeError(f"JsonSchema takes a dict, got {type(schema).__name__} {schema!r}")
        self._schema: dict[str, Any] = compile_value(schema)

    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{"$jsonSchema": schema}``."""
        return {"$jsonSchema": copy.deepcopy(self._schema)}

    def __repr__(self) -> str:
        return f"JsonSchema({self._schema!r})"


class Text(Predicate):
    """``$text``: full-text search on the collection's text index (cannot be negated)."""

    __slots__ = ("_query",)

    def __init__(
        self,
        search: str,
        *,
        language: str | None = None,
        case_sensitive: bool | None = None,
        diacritic_sensitive: bool | None = None,
    ) -> None:
        if not isinstance(search, str):
            raise TypeError(f"Text takes a search str, got {type(search).__name__} {search!r}")
        if language is not None and not isinstance(language, str):
            raise TypeError(f"Text: language is a str such as 'english', got {language!r}")
        query: dict[str, Any] = {"$search": search}
        if language is not None:
            query["$language"] = language
        for key, flag in (
            ("$caseSensitive", case_sensitive),
            ("$diacriticSensitive", diacritic_sensitive),
        ):
            if flag is not None:
                if not isinstance(flag, bool):
                    raise TypeError(f"Text: {key[1:]} is True, False or None, got {flag!r}")
                query[key] = flag
        self._query = query

    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{"$text": {"$search": ..., ...}}``."""
        return {"$text": dict(self._query)}

    def __invert__(self) -> Predicate:
        raise CompilationError("MongoDB cannot negate $text (no $text inside $nor)", self)

    def __repr__(self) -> str:
        return f"Text({self._query!r})"


class Raw(Predicate):
    """A raw query document, embedded as given (copied, so later changes do not leak in)."""

    __slots__ = ("_query",)

    def __init__(self, query: Mapping[str, Any]) -> None:
        if not isinstance(query, Mapping):
            raise TypeError(f"Raw takes a query dict, got {type(query).__name__} {query!r}")
        for key in query:
            if not isinstance(key, str):
                raise TypeError(f"Raw: query keys are str, got {type(key).__name__} {key!r}")
        self._query = copy.deepcopy(dict(query))

    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return a copy of the query document."""
        return copy.deepcopy(self._query)

    def __repr__(self) -> str:
        return f"Raw({self._query!r})"


class Query(Predicate):
    """The neutral predicate: matches every document, compiles to ``{}``.

    ``Query() & p`` and ``Query() | p`` are ``p`` (handy to build filters in a loop);
    ``~Query()`` matches nothing.
    """

    __slots__ = ()

    def compile_query(self, *, context: Context = None) -> dict[str, Any]:
        """Return ``{}``."""
        return {}

    def compile_expression(self, *, context: Context = None) -> Any:
        """Return ``True``."""
        return True

    def __and__(self, other: PredicateLike) -> Predicate:
        return _wrap(as_predicate(other))

    __rand__ = __and__
    __or__ = __and__
    __ror__ = __and__

    def __repr__(self) -> str:
        return "Query()"
