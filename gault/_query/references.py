"""The methods of field references: predicates, ``.not_``, sort tokens, projections, updates.

``ConditionMethods`` holds the query-operator methods (``gte``, ``in_``, ``elem_match``, ...)
shared by references and by the ``.not_`` proxy; ``ReferenceMethods`` adds what only a
reference has: Python comparison operators, hashing, sort tokens, projection helpers and the
update-operator methods. ``gault.predicates.Field`` (and the models' ``Attribute``) mix them in.

Imports the query, geo-operator and update modules, ``gault.compilers`` and
``gault.interfaces``; ``gault.expressions`` (which sits above) is imported lazily by ``.expr``.
"""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from gault import updates
from gault._query.conditions import (
    Condition,
    FieldComparison,
    Predicate,
    literal_list_method,
    literal_method,
)
from gault._query.geo import GeoIntersects, GeoWithin, Near, NearSphere
from gault._query.operators import (
    REFERENCE_CLASSES,
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
from gault.compilers import SCALAR_TYPES
from gault.expressions import ExpressionProxy
from gault.interfaces import (
    AsRef,
    Assignable,
    FieldSortInterface,
    InclusionInterface,
    QueryPredicate,
    SubfieldInterface,
)

if TYPE_CHECKING:
    import re

    import bson

__all__ = ["ConditionMethods", "NotProxy", "ReferenceMethods"]


def _is_ref(value: Any) -> bool:
    """Tell a field reference from a literal, cheaply for the common literal types."""
    kind = type(value)
    if kind in REFERENCE_CLASSES:
        return True
    return kind not in SCALAR_TYPES and isinstance(value, AsRef)


class ConditionMethods(ABC):
    """Query-operator methods; each builds a predicate through ``_condition``."""

    __slots__ = ()

    @abstractmethod
    def _condition(self, operator: Operator) -> Predicate:
        """Return the predicate applying ``operator`` to the field."""

    @abstractmethod
    def _compare(self, operator: str, other: AsRef) -> Predicate:
        """Return the ``$expr`` comparison of the field with another field."""

    def eq(self, value: Any, /) -> Predicate:
        """``$eq``: equal to the literal ``value`` (another field: ``$expr``)."""
        if _is_ref(value):
            return self._compare("$eq", value)
        return self._condition(Eq(value))

    def ne(self, value: Any, /) -> Predicate:
        """``$ne``: different from ``value``, or missing."""
        if _is_ref(value):
            return self._compare("$ne", value)
        return self._condition(Ne(value))

    def gt(self, value: Any, /) -> Predicate:
        """``$gt``: greater than ``value``."""
        if _is_ref(value):
            return self._compare("$gt", value)
        return self._condition(Gt(value))

    def gte(self, value: Any, /) -> Predicate:
        """``$gte``: greater than or equal to ``value``."""
        if _is_ref(value):
            return self._compare("$gte", value)
        return self._condition(Gte(value))

    def lt(self, value: Any, /) -> Predicate:
        """``$lt``: less than ``value``."""
        if _is_ref(value):
            return self._compare("$lt", value)
        return self._condition(Lt(value))

    def lte(self, value: Any, /) -> Predicate:
        """``$lte``: less than or equal to ``value``."""
        if _is_ref(value):
            return self._compare("$lte", value)
        return self._condition(Lte(value))

    def in_(self, *values: Any) -> Predicate:
        """``$in``: equal to one of the values: ``in_(1, 2)``, ``in_([1, 2])``, any iterable."""
        return self._condition(In(*values))

    def nin(self, *values: Any) -> Predicate:
        """``$nin``: equal to none of the values, or missing."""
        return self._condition(Nin(*values))

    def exists(self, value: bool = True, /) -> Predicate:
        """``$exists``: the field is present (or absent with ``False``)."""
        return self._condition(Exists(value))

    def type(self, *types: str | int | Sequence[str | int]) -> Predicate:
        """``$type``: the value has one of the BSON types (``"string"``, ``"number"``, 16)."""
        return self._condition(Type(*types))

    def all(self, *values: Any) -> Predicate:
        """``$all``: the array contains every value (``ElemMatch`` operators allowed)."""
        return self._condition(All(*values))

    def elem_match(self, *conditions: Operator | QueryPredicate) -> Predicate:
        """``$elemMatch``: one element satisfies every condition (operators or predicates).

        A trusted raw query on the element is ``Raw({...})``; a plain dict raises ``TypeError``.
        """
        return self._condition(ElemMatch(*conditions))

    def size(self, count: int, /) -> Predicate:
        """``$size``: the array has exactly ``count`` elements."""
        return self._condition(Size(count))

    def mod(self, divisor: float, remainder: float) -> Predicate:
        """``$mod``: ``value % divisor == remainder``."""
        return self._condition(Mod(divisor, remainder))

    def regex(
        self,
        regex: str | re.Pattern[str] | bson.Regex[Any],
        *,
        options: str | None = None,
    ) -> Predicate:
        """``$regex``: the string matches ``regex`` (``options``: MongoDB flags ``"imsxu"``)."""
        return self._condition(Regex(regex, options))

    def bits_all_clear(self, bits: int | bytes | bson.Binary | list[int], /) -> Predicate:
        """``$bitsAllClear``: every given bit is 0 (mask, binary data or bit positions)."""
        return self._condition(BitsAllClear(bits))

    def bits_all_set(self, bits: int | bytes | bson.Binary | list[int], /) -> Predicate:
        """``$bitsAllSet``: every given bit is 1."""
        return self._condition(BitsAllSet(bits))

    def bits_any_clear(self, bits: int | bytes | bson.Binary | list[int], /) -> Predicate:
        """``$bitsAnyClear``: at least one given bit is 0."""
        return self._condition(BitsAnyClear(bits))

    def bits_any_set(self, bits: int | bytes | bson.Binary | list[int], /) -> Predicate:
        """``$bitsAnySet``: at least one given bit is 1."""
        return self._condition(BitsAnySet(bits))

    def geo_intersects(self, geometry: Any, /) -> Predicate:
        """``$geoIntersects``: the geometry intersects ``geometry`` (GeoJSON)."""
        return self._condition(GeoIntersects(geometry))

    def geo_within(self, shape: Any, /) -> Predicate:
        """``$geoWithin``: the geometry lies within ``shape`` (GeoJSON or legacy shape)."""
        return self._condition(GeoWithin(shape))

    def near(
        self,
        point: Any,
        /,
        min_distance: float | None = None,
        max_distance: float | None = None,
    ) -> Predicate:
        """``$near``: nearest first from ``point`` (GeoJSON Point or legacy ``(x, y)``)."""
        return self._condition(Near(point, min_distance, max_distance))

    def near_sphere(
        self,
        point: Any,
        /,
        min_distance: float | None = None,
        max_distance: float | None = None,
    ) -> Predicate:
        """``$nearSphere``: like ``near``, with spherical distances."""
        return self._condition(NearSphere(point, min_distance, max_distance))


class NotProxy(ConditionMethods):
    """``ref.not_``: the same methods, each negated with ``$not`` (``ref.not_.gt(1)``).

    Also callable with an operator: ``ref.not_(Gt(1))``.
    """

    __slots__ = ("_ref",)

    def __init__(self, ref: AsRef) -> None:
        self._ref = ref

    def __call__(self, operator: Operator, /) -> Predicate:
        """Return ``{field: {"$not": <operator>}}``."""
        return self._condition(operator)

    def _condition(self, operator: Operator) -> Predicate:
        return Condition(self._ref, Not(operator))

    def _compare(self, operator: str, other: AsRef) -> Predicate:
        return FieldComparison(operator, self._ref, other, negated=True)

    def __repr__(self) -> str:
        return f"{self._ref!r}.not_"


class ReferenceMethods(
    FieldSortInterface, InclusionInterface, Assignable, SubfieldInterface, ConditionMethods
):
    """A field reference's methods besides query operators (the base of ``Field``).

    Sort tokens (``.asc``, ``.desc``, ``.by_score()``), ``.keep()``/``.remove()`` and
    ``.assign()`` come from the ``gault.interfaces`` mixins shared with ``Var``.
    """

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        REFERENCE_CLASSES.add(cls)

    def _condition(self, operator: Operator) -> Predicate:
        return Condition(self, operator)

    def _compare(self, operator: str, other: AsRef) -> Predicate:
        return FieldComparison(operator, self, other)

    # The comparisons and ``in_``/``nin`` on scalar literals (the usual filter) take a fast
    # path: the literal needs no compiling and the operator object is made only if asked for.
    eq = literal_method("$eq", ConditionMethods.eq)
    ne = literal_method("$ne", ConditionMethods.ne)
    gt = literal_method("$gt", ConditionMethods.gt)
    gte = literal_method("$gte", ConditionMethods.gte)
    lt = literal_method("$lt", ConditionMethods.lt)
    lte = literal_method("$lte", ConditionMethods.lte)

    in_ = literal_list_method("$in", ConditionMethods.in_)
    nin = literal_list_method("$nin", ConditionMethods.nin)

    # Python operators. ``==``/``!=`` between references answer "same reference?" in a
    # boolean context (see FieldComparison), so ``ref in [refs]`` and dict keys work.
    if TYPE_CHECKING:
        # Declared for type checkers, which otherwise fall back to ``object.__eq__ -> bool``
        # for an assigned callable: ``User.id == "x"`` is a ``Predicate``.
        def __eq__(self, other: object) -> Predicate: ...  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]

        def __ne__(self, other: object) -> Predicate: ...  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]

    else:
        __eq__ = eq
        __ne__ = ne
    __lt__ = lt
    __le__ = lte
    __gt__ = gt
    __ge__ = gte

    def __hash__(self) -> int:
        return hash((type(self), self.compile_field()))

    @property
    def not_(self) -> NotProxy:
        """The negating proxy: ``ref.not_.gte(18)`` is ``{f: {"$not": {"$gte": 18}}}``."""
        return NotProxy(self)

    @property
    def expr(self) -> ExpressionProxy:
        """Aggregation expressions on this field: ``ref.expr.add(1)``, ``ref.expr.gt(ref2)``."""
        return ExpressionProxy(self)

    # Update operators (Manager.update_many, gault.updates.compile_update). A model's field
    # reference checks each value against the field's type through ``_update_value``.
    def _update_value(self, operator: str, value: Any) -> Any:
        """The value ``operator`` writes (a schema-free reference takes it as given)."""
        return value

    def set(self, value: Any) -> updates.Set:
        """``$set``: replace the value."""
        return updates.Set(self, self._update_value("$set", value))

    def set_on_insert(self, value: Any) -> updates.SetOnInsert:
        """``$setOnInsert``: set the value only when an upsert inserts the document."""
        return updates.SetOnInsert(self, self._update_value("$setOnInsert", value))

    def _update_check(self, operator: str, argument: Any) -> None:
        """Check an operator that writes no value (``$unset``, ``$rename``, ``$currentDate``)
        against the field (a schema-free reference takes any)."""

    def unset(self) -> updates.Unset:
        """``$unset``: remove the field."""
        self._update_check("$unset", None)
        return updates.Unset(self)

    def inc(self, amount: Any = 1) -> updates.Inc:
        """``$inc``: add ``amount`` (default 1)."""
        return updates.Inc(self, self._update_value("$inc", amount))

    def mul(self, factor: Any) -> updates.Mul:
        """``$mul``: multiply by ``factor``."""
        return updates.Mul(self, self._update_value("$mul", factor))

    def min(self, value: Any) -> updates.Min:
        """``$min``: set to ``value`` when it is smaller."""
        return updates.Min(self, self._update_value("$min", value))

    def max(self, value: Any) -> updates.Max:
        """``$max``: set to ``value`` when it is greater."""
        return updates.Max(self, self._update_value("$max", value))

    def push(
        self,
        value: Any = updates.MISSING,
        *,
        each: builtins.list[Any] | builtins.tuple[Any, ...] | None = None,
        position: int | None = None,
        slice: int | None = None,
        sort: Any = None,
    ) -> updates.Push:
        """``$push``: append ``value`` (or ``each``), with ``position``/``slice``/``sort``."""
        value, each = self._items("$push", value, each)
        return updates.Push(self, value, each=each, position=position, slice=slice, sort=sort)

    def add_to_set(
        self,
        value: Any = updates.MISSING,
        *,
        each: builtins.list[Any] | builtins.tuple[Any, ...] | None = None,
    ) -> updates.AddToSet:
        """``$addToSet``: append ``value`` (or ``each``) unless present."""
        value, each = self._items("$addToSet", value, each)
        return updates.AddToSet(self, value, each=each)

    def _items(self, operator: str, value: Any, each: Any) -> builtins.tuple[Any, Any]:
        if value is not updates.MISSING:
            value = self._update_value(operator, value)
        if isinstance(each, (builtins.list, builtins.tuple)):
            each = [self._update_value(operator, item) for item in each]
        return value, each

    def pull(self, condition: Any) -> updates.Pull:
        """``$pull``: remove elements equal to a value or matching an operator/predicate."""
        if not isinstance(condition, (Operator, QueryPredicate)):
            condition = self._update_value("$pull", condition)
        return updates.Pull(self, condition)

    def rename(self, new_name: str | AsRef) -> updates.Rename:
        """``$rename``: move the value to ``new_name``."""
        self._update_check("$rename", new_name)
        return updates.Rename(self, new_name)

    def current_date(self, type: Literal["date", "timestamp"] = "date") -> updates.CurrentDate:
        """``$currentDate``: set to the server's current date (or timestamp)."""
        self._update_check("$currentDate", type)
        return updates.CurrentDate(self, type)

    def pop(self, first: bool = False) -> updates.Pop:
        """``$pop``: remove the last element (the first with ``first=True``)."""
        return updates.Pop(self, first)
