"""Typed update operators for ``update_many`` and ``compile_update``, which merges them.

``User.age.inc(1)`` is ``Inc(User.age, 1)``; ``compile_update(User.age.inc(1),
User.name.set("x"))`` is ``{"$inc": {"age": 1}, "$set": {"name": "x"}}``. Values are literals
(``gault.compilers.compile_value``): a ``dict`` value is stored as a document, never read as an
operator. Paths use db aliases. Two operations on the same path, or on a path and one of its
parents (``a`` and ``a.b``), raise ``CompilationError``, as MongoDB would reject them.

Imports only ``gault.compilers``, ``gault.exceptions``, ``gault.interfaces``, ``gault.sorting``
and ``gault._query.operators``; never the models or managers.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

import bson

from gault._query.operators import Operator, field_path
from gault._support import publish
from gault.compilers import compile_value
from gault.exceptions import CompilationError
from gault.interfaces import AsRef, QueryPredicate
from gault.sorting import normalize_sort

__all__ = [
    "UPDATE_OPERATORS",
    "AddToSet",
    "CurrentDate",
    "Inc",
    "Max",
    "Min",
    "Mul",
    "Pop",
    "Pull",
    "Push",
    "Rename",
    "Set",
    "SetOnInsert",
    "Unset",
    "UpdateOperation",
    "compile_update",
]

#: Every top-level operator MongoDB accepts in an update document.
UPDATE_OPERATORS: frozenset[str] = frozenset(
    {
        "$addToSet",
        "$bit",
        "$currentDate",
        "$inc",
        "$max",
        "$min",
        "$mul",
        "$pop",
        "$pull",
        "$pullAll",
        "$push",
        "$rename",
        "$set",
        "$setOnInsert",
        "$unset",
    }
)


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class UpdateOperation:
    """One update operator on one field: ``{operator: {path: value}}``."""

    __slots__ = ("_field", "_path", "_value")
    operator: ClassVar[str] = ""

    def __init__(self, field: str | AsRef, value: Any) -> None:
        self._field = field
        self._path = field_path(field)
        self._value = value

    @property
    def path(self) -> str:
        """The updated document path (db aliases applied)."""
        return self._path

    @property
    def fields(self) -> tuple[str | AsRef, ...]:
        """The fields as given (names or references): two for ``$rename``."""
        return (self._field,)

    @property
    def paths(self) -> tuple[str, ...]:
        """Every path the operation touches (two for ``$rename``)."""
        return (self._path,)

    def compile_update(self) -> dict[str, dict[str, Any]]:
        """Return ``{operator: {path: value}}``."""
        return {self.operator: {self._path: self._value}}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._path!r}, {self._value!r})"


def _number(operator: str, path: str, value: Any) -> Any:
    numeric = (int, float, decimal.Decimal, bson.Int64, bson.Decimal128)
    if not isinstance(value, numeric) or isinstance(value, bool):
        raise TypeError(
            f"{operator} on {path!r} takes a number, got {type(value).__name__} {value!r}"
        )
    return compile_value(value)


class Set(UpdateOperation):
    """``$set``: replace the field's value (creating the field if needed)."""

    __slots__ = ()
    operator = "$set"

    def __init__(self, field: str | AsRef, value: Any) -> None:
        super().__init__(field, compile_value(value))


class SetOnInsert(UpdateOperation):
    """``$setOnInsert``: set the field's value only when an upsert inserts the document."""

    __slots__ = ()
    operator = "$setOnInsert"

    def __init__(self, field: str | AsRef, value: Any) -> None:
        super().__init__(field, compile_value(value))


class Unset(UpdateOperation):
    """``$unset``: remove the field."""

    __slots__ = ()
    operator = "$unset"

    def __init__(self, field: str | AsRef) -> None:
        super().__init__(field, "")

    def __repr__(self) -> str:
        return f"Unset({self._path!r})"


class Inc(UpdateOperation):
    """``$inc``: add a number to the field (a missing field starts at 0)."""

    __slots__ = ()
    operator = "$inc"

    def __init__(self, field: str | AsRef, amount: Any) -> None:
        super().__init__(field, None)
        self._value = _number(self.operator, self._path, amount)


class Mul(UpdateOperation):
    """``$mul``: multiply the field by a number (a missing field becomes 0)."""

    __slots__ = ()
    operator = "$mul"

    def __init__(self, field: str | AsRef, factor: Any) -> None:
        super().__init__(field, None)
        self._value = _number(self.operator, self._path, factor)


class Min(UpdateOperation):
    """``$min``: set the field to the value if the value is smaller."""

    __slots__ = ()
    operator = "$min"

    def __init__(self, field: str | AsRef, value: Any) -> None:
        super().__init__(field, compile_value(value))


class Max(UpdateOperation):
    """``$max``: set the field to the value if the value is greater."""

    __slots__ = ()
    operator = "$max"

    def __init__(self, field: str | AsRef, value: Any) -> None:
        super().__init__(field, compile_value(value))


def _each(operator: str, path: str, value: Any, each: Any) -> list[Any] | None:
    """Return the ``$each`` list for ``$push``/``$addToSet``, or None for a single value."""
    if value is MISSING and each is None:
        raise TypeError(f"{operator} on {path!r} needs a value or each=[...]")
    if value is not MISSING and each is not None:
        raise TypeError(f"{operator} on {path!r}: give a value or each=[...], not both")
    if each is None:
        return None
    if not isinstance(each, (list, tuple)):
        raise TypeError(f"{operator} on {path!r}: each= takes a list, got {each!r}")
    return [compile_value(item) for item in each]


def _single(value: Any) -> tuple[Any, bool]:
    """Compile one pushed value; say whether it needs ``$each`` to stay a literal."""
    compiled = compile_value(value)
    dollar = isinstance(compiled, dict) and any(key.startswith("$") for key in compiled)
    return compiled, dollar


class Push(UpdateOperation):
    """``$push``: append a value, or ``each=[...]`` values, with the optional modifiers.

    ``position`` inserts at an index, ``slice`` keeps the first (or, negative, last) n elements,
    ``sort`` orders the array: ``1``/``-1`` for scalars, or a sort payload on the elements'
    fields (``{"score": -1}``, ``Field("score").desc()``).
    """

    __slots__ = ()
    operator = "$push"

    def __init__(
        self,
        field: str | AsRef,
        value: Any = MISSING,
        *,
        each: list[Any] | tuple[Any, ...] | None = None,
        position: int | None = None,
        slice: int | None = None,
        sort: Any = None,
    ) -> None:
        super().__init__(field, None)
        items = _each(self.operator, self._path, value, each)
        modifiers: dict[str, Any] = {}
        for key, number in (("$position", position), ("$slice", slice)):
            if number is not None:
                if not isinstance(number, int) or isinstance(number, bool):
                    raise TypeError(
                        f"$push on {self._path!r}: {key[1:]} takes an int, got {number!r}"
                    )
                modifiers[key] = number
        if sort is not None:
            modifiers["$sort"] = _push_sort(self._path, sort)
        if items is None:
            single, dollar = _single(value)
            if not modifiers and not dollar:
                self._value = single
                return
            items = [single]
        self._value = {"$each": items, **modifiers}


def _push_sort(path: str, sort: Any) -> Any:
    if sort in (1, -1) and not isinstance(sort, bool):
        return int(sort)
    try:
        normalized = normalize_sort(sort)
    except (TypeError, ValueError, CompilationError) as error:
        raise ValueError(
            f"$push on {path!r}: sort takes 1, -1 or a sort payload on the elements' fields "
            f"({error})"
        ) from error
    if normalized is None:
        raise ValueError(f"$push on {path!r}: sort is empty")
    return normalized


class AddToSet(UpdateOperation):
    """``$addToSet``: append a value (or ``each=[...]`` values) unless already present."""

    __slots__ = ()
    operator = "$addToSet"

    def __init__(
        self,
        field: str | AsRef,
        value: Any = MISSING,
        *,
        each: list[Any] | tuple[Any, ...] | None = None,
    ) -> None:
        super().__init__(field, None)
        items = _each(self.operator, self._path, value, each)
        if items is None:
            single, dollar = _single(value)
            if not dollar:
                self._value = single
                return
            items = [single]
        self._value = {"$each": items}


class Pull(UpdateOperation):
    """``$pull``: remove the elements matching a value or a condition.

    A plain value removes equal elements (a ``dict`` compiles to ``{"$eq": {...}}``: exact
    match, never operators); an operator (``Gte(6)``) tests scalar elements; a predicate
    (``Field("score") < 5``) tests the fields of document elements.
    """

    __slots__ = ()
    operator = "$pull"

    def __init__(self, field: str | AsRef, condition: Any) -> None:
        super().__init__(field, None)
        if isinstance(condition, Operator):
            self._value = condition.compile_operator()
        elif isinstance(condition, QueryPredicate):
            self._value = condition.compile_query()
        else:
            value = compile_value(condition)
            self._value = {"$eq": value} if isinstance(value, dict) else value


class Rename(UpdateOperation):
    """``$rename``: move the field's value to ``new_name``."""

    __slots__ = ("_new_name",)
    operator = "$rename"

    def __init__(self, field: str | AsRef, new_name: str | AsRef) -> None:
        super().__init__(field, field_path(new_name))
        self._new_name = new_name
        if self._value == self._path:
            raise ValueError(f"$rename: {self._path!r} renamed to itself")

    @property
    def fields(self) -> tuple[str | AsRef, ...]:
        """The source and the target field, as given."""
        return (self._field, self._new_name)

    @property
    def paths(self) -> tuple[str, ...]:
        """The source and the target path."""
        return (self._path, self._value)


class CurrentDate(UpdateOperation):
    """``$currentDate``: set the field to the server's current date or timestamp."""

    __slots__ = ()
    operator = "$currentDate"

    def __init__(self, field: str | AsRef, type: Literal["date", "timestamp"] = "date") -> None:
        if type == "date":
            super().__init__(field, True)
        elif type == "timestamp":
            super().__init__(field, {"$type": "timestamp"})
        else:
            raise ValueError(f"$currentDate: type is 'date' or 'timestamp', got {type!r}")


class Pop(UpdateOperation):
    """``$pop``: remove the last element of the array (the first with ``first=True``)."""

    __slots__ = ()
    operator = "$pop"

    def __init__(self, field: str | AsRef, first: bool = False) -> None:
        if not isinstance(first, bool):
            raise TypeError(f"$pop: first is True or False, got {first!r}")
        super().__init__(field, -1 if first else 1)


def compile_update(
    *given: UpdateOperation | Mapping[str, Any] | Sequence[UpdateOperation | Mapping[str, Any]],
) -> dict[str, Any]:
    """Merge update operations (and raw update dicts) into one update document.

    A raw dict's values are encoded like any literal (UUIDs, Enums, model instances); its
    modifiers (``{"$push": {"a": {"$each": [...]}}}``) are kept.

    Takes the operations as arguments or as one list. Raises ``TypeError`` for anything else,
    ``ValueError`` for no operation at all or a raw key that is not an update operator,
    ``CompilationError`` when two operations touch the same path (or a path and its parent).
    """
    operations: tuple[Any, ...] = given
    if len(given) == 1 and isinstance(given[0], (list, tuple)):
        operations = tuple(given[0])
    result: dict[str, dict[str, Any]] = {}
    owners: dict[str, str] = {}
    for operation in operations:
        if isinstance(operation, UpdateOperation):
            parts = operation.compile_update()
            touched = {path: operation.operator for path in operation.paths}
        elif isinstance(operation, Mapping):
            parts, touched = _raw_update(operation)
        else:
            raise TypeError(
                "compile_update takes update operations (User.age.inc(1)) or update dicts "
                f"({{'$inc': {{'age': 1}}}}), got {type(operation).__name__} {operation!r}"
            )
        for path, operator in touched.items():
            _claim(owners, path, operator)
        for operator, fields in parts.items():
            result.setdefault(operator, {}).update(fields)
    if not result:
        raise ValueError("compile_update: the update is empty; give at least one operation")
    return result


def _raw_update(
    update: Mapping[str, Any],
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    parts: dict[str, dict[str, Any]] = {}
    touched: dict[str, str] = {}
    for operator, fields in update.items():
        if operator not in UPDATE_OPERATORS:
            raise ValueError(
                f"{operator!r} is not an update operator (expected one of "
                f"{sorted(UPDATE_OPERATORS)}); to replace a whole document use a replace call"
            )
        if not isinstance(fields, Mapping):
            raise TypeError(f"{operator} takes a {{path: value}} dict, got {fields!r}")
        parts[operator] = {}
        for field, value in fields.items():
            path = field_path(field)
            if path in touched:
                raise CompilationError(f"update: {path!r} is updated twice", update)
            touched[path] = operator
            if operator == "$rename":
                target = field_path(value)
                touched[target] = operator
                parts[operator][path] = target
            else:
                parts[operator][path] = compile_value(value)
    return parts, touched


def _claim(owners: dict[str, str], path: str, operator: str) -> None:
    for other, other_operator in owners.items():
        if other == path or other.startswith(path + ".") or path.startswith(other + "."):
            raise CompilationError(
                f"update: {operator} on {path!r} conflicts with {other_operator} on {other!r}; "
                "MongoDB rejects two updates of one path in a single update",
                path,
            )
    owners[path] = operator


publish(__name__, __all__, globals())
