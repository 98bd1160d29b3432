"""The field names and references a manager call takes, checked against the call's model.

A string that names a field (a ``sort_by`` key, the ``distinct`` field, an ``Index`` key)
must name a declared attribute or its db key, dotted through embedded models
(``"address.city"``); anything else raises ``ValueError`` naming the model and its fields, so a
name taken from user input never reaches a field the model does not declare.
``Field("any.path")`` is the explicit, trusted form of a raw document path.

A model attribute (``User.age``) in a filter, sort, update or ``distinct`` must be a field of
the call's model (or of a base or subclass sharing its documents): another model's raises
``TypeError`` naming both. Raw filter and update dicts stay raw (trusted input). No I/O.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

from gault._schema.codecs import Invalid
from gault._support import MISSING
from gault.exceptions import ValidationError
from gault.interfaces import AsRef, QueryPredicate
from gault.models import Attribute, FieldSpec, fields, reference_model
from gault.predicates import And, Condition, FieldComparison, Nor, Or
from gault.sorting import SortPayload, normalize_sort
from gault.updates import UpdateOperation

__all__ = [
    "check_filter",
    "check_reference",
    "check_update",
    "declared_key",
    "distinct_values",
    "field_key",
    "sort_document",
]


#: By model: its fields by attribute name and by db key (built once per model).
_FIELDS: weakref.WeakKeyDictionary[type, dict[str, FieldSpec]] = weakref.WeakKeyDictionary()


def _named(model: type[Any]) -> dict[str, FieldSpec]:
    named = _FIELDS.get(model)
    if named is None:
        specs = fields(model)
        named = {spec.db_key: spec for spec in specs}
        named.update((spec.name, spec) for spec in specs)
        _FIELDS[model] = named
    return named


def declared_key(model: type[Any], name: str, operation: str) -> str:
    """Return the db key of the declared field ``name`` of ``model`` (an attribute name or a
    db key, dotted through embedded models); raise ``ValueError`` for any other name."""
    owner: type[Any] = model
    keys: list[str] = []
    parts = name.split(".")
    for depth, part in enumerate(parts):
        spec = _named(owner).get(part)
        if spec is None:
            where = (
                "" if owner is model else f" ({'.'.join(parts[:depth])} is a {owner.__qualname__})"
            )
            raise ValueError(
                f"{operation}: {model.__qualname__} has no field {name!r}{where}; the fields of "
                f"{owner.__qualname__} are {_listing(owner)}. Give a declared field (attribute "
                f"name or db key, dotted through embedded models), or Field({name!r}) for a "
                "trusted raw document path"
            )
        keys.append(spec.db_key)
        if depth < len(parts) - 1:
            if spec.embedded is None:
                raise ValueError(
                    f"{operation}: {model.__qualname__} has no field {name!r}: "
                    f"{owner.__qualname__}.{spec.name} is not an embedded model; use "
                    f"Field({name!r}) for a trusted raw document path"
                )
            owner = spec.embedded
    return ".".join(keys)


def distinct_values(model: type[Any], key: str, values: list[Any]) -> list[Any]:
    """``distinct``'s values of the declared field at db key path ``key``, those holding
    embedded models loaded as the model (so a stored sub-document's undeclared keys never come
    back); values of other fields, and of undeclared (trusted) paths, as stored."""
    owner: type[Any] | None = model
    spec: FieldSpec | None = None
    for part in key.split("."):
        spec = None if owner is None else _named(owner).get(part)
        if spec is None:
            return values
        owner = spec.embedded
    codec = None if spec is None else spec.codec
    if codec is None or codec.embedded is None:
        return values
    if codec.nullable and codec.item is not None:
        codec = codec.item
    if codec.shape == "list" and codec.item is not None:  # distinct gives an array's elements
        codec = codec.item
    decoded = []
    for value in values:
        try:
            decoded.append(value if value is None else codec.decode_value(value))
        except Invalid as error:
            where = ".".join([key, *error.path])
            missing = error.value is MISSING
            reason = f"distinct: {'missing' if missing else f'got {error.value!r}'}"
            raise ValidationError(
                model, where, error.expected, error.value, reason=reason
            ) from None
    return decoded


def _listing(model: type[Any]) -> str:
    names = []
    for spec in fields(model):
        alias = "" if spec.db_key == spec.name else f" (db key {spec.db_key!r})"
        names.append(f"{spec.name}{alias}")
    return ", ".join(names) or "none"


def check_reference(model: type[Any], reference: Any, operation: str) -> None:
    """Raise ``TypeError`` when ``reference`` is an attribute of a model unrelated to ``model``."""
    if not isinstance(reference, Attribute):
        return
    owner = reference_model(reference)
    if owner is model or issubclass(model, owner) or issubclass(owner, model):
        return
    raise TypeError(
        f"{operation}: {reference!r} is a field of {owner.__qualname__}, not of "
        f"{model.__qualname__}; use {model.__qualname__}'s own fields (or Field('...') for a "
        "trusted raw document path)"
    )


def field_key(model: type[Any], field: str | AsRef, operation: str) -> str:
    """Return the db key of ``field``: a declared name (checked), or a reference of ``model``
    (or a trusted ``Field``)."""
    if isinstance(field, str):
        return declared_key(model, field, operation)
    if not isinstance(field, AsRef):
        raise TypeError(
            f"{operation}: a field is a declared field name or a field reference, got "
            f"{type(field).__name__} {field!r}"
        )
    check_reference(model, field, operation)
    return field.compile_field()


#: The logical predicates, whose operands ``check_filter`` walks.
_LOGICAL = (And, Or, Nor)


def check_filter(model: type[Any], filter: Any, operation: str) -> None:
    """Raise ``TypeError`` when a condition of ``filter`` is on another model's field.

    Walks the logical predicates and their conditions and field comparisons, and the reference
    keys of a query dict; the conditions inside ``$elemMatch`` are on the array's elements (an
    embedded model's fields), so they are not walked. Pipelines, ``Expr`` and raw predicates
    are not walked either.
    """
    kind = type(filter)
    if kind is Condition:  # the common cases first, without isinstance
        check_reference(model, filter.field, operation)
    elif kind is And or kind is Or or kind is Nor:
        for predicate in filter.predicates:
            check_filter(model, predicate, operation)
    elif kind is dict or filter is None:
        for key in filter or ():
            if type(key) is not str:
                check_reference(model, key, operation)
    elif isinstance(filter, Condition):
        check_reference(model, filter.field, operation)
    elif isinstance(filter, _LOGICAL):
        for predicate in filter.predicates:
            check_filter(model, predicate, operation)
    elif isinstance(filter, FieldComparison):
        check_reference(model, filter.left, operation)
        check_reference(model, filter.right, operation)
    elif isinstance(filter, Mapping) and not isinstance(filter, QueryPredicate):
        for key in filter:
            check_reference(model, key, operation)


def check_update(model: type[Any], update: Any, operation: str) -> None:
    """Raise ``TypeError`` when an update operation (or a raw update's reference key) is on
    another model's field."""
    if isinstance(update, UpdateOperation):
        for field in update.fields:
            check_reference(model, field, operation)
    elif isinstance(update, (list, tuple)):
        for item in update:
            check_update(model, item, operation)
    elif isinstance(update, Mapping):
        for body in update.values():
            if isinstance(body, Mapping):
                for key in body:
                    check_reference(model, key, operation)


def sort_document(
    model: type[Any], sort_by: SortPayload | None, operation: str = "sort_by"
) -> dict[str, Any] | None:
    """Return ``sort_by`` normalised with db keys; its string field names must be declared
    fields of ``model`` (``"-age"`` sorts on ``person_age`` when that is ``age``'s db key).

    A name sorted by ``{"$meta": ...}`` (text score) is an output name, not a field, so it is
    kept as given.
    """
    sort = normalize_sort(sort_by)
    if sort is None:
        return None
    result: dict[str, Any] = {}
    for (key, direction), field in zip(sort.items(), _sort_fields(sort_by), strict=True):
        if isinstance(field, str) and not isinstance(direction, Mapping):
            key = declared_key(model, key, operation)
        else:
            check_reference(model, field, operation)
        if key in result:
            raise ValueError(f"{operation}: the field {key!r} is sorted twice in {sort_by!r}")
        result[key] = direction
    return result


def _sort_fields(sort_by: Any) -> list[Any]:
    """The field of each token of ``sort_by``, in ``normalize_sort``'s order."""
    if isinstance(sort_by, Mapping):
        return list(sort_by)
    tokens = sort_by if isinstance(sort_by, list) else [sort_by]
    return [token[0] if isinstance(token, tuple) else token for token in tokens]
