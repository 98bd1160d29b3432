"""Aggregation stage classes, part 1: the ``Step`` base, argument helpers, reshaping stages.

Every stage compiles its arguments when it is built, so a bad argument raises at once, naming
the stage. A step holds its compiled document and hands out a fresh copy on each ``compile()``,
so the caller may mutate what it gets without corrupting the pipeline.

Argument conventions, shared by every stage module:

- references (``User.age``, ``Field("a.b")``) become their db-aliased path: ``"a.b"`` where
  MongoDB wants a field name, ``"$a.b"`` where it wants an expression;
- values are aggregation expressions, compiled recursively; a plain string is a literal there,
  unless it starts with ``$``;
- where MongoDB evaluates an argument as a field to group, unwind or partition by (``by``,
  ``start_with``, ``partition_by``, ``unwind``'s field, ``replace_with``'s new root), a plain
  string names a field: ``group(by="city")`` groups by ``"$city"``.

This module knows nothing of ``Pipeline``: stages that embed sub-pipelines take them built.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from gault._support import INT64_MAX, describe
from gault.compilers import compile_expression, compile_field, compile_path, compile_query
from gault.exceptions import CompilationError
from gault.interfaces import Aliased, AsRef, Context, ExpressionOperator, QueryPredicate
from gault.sorting import normalize_sort

__all__ = [
    "AddFieldsStep",
    "Buildable",
    "Compiling",
    "LimitStep",
    "MatchStep",
    "ProjectStep",
    "RawStep",
    "RedactStep",
    "ReplaceRootStep",
    "ReplaceWithStep",
    "SampleStep",
    "SetStep",
    "SkipStep",
    "SortStep",
    "Step",
    "UnsetStep",
    "UnwindStep",
    "choice",
]


class Step:
    """One compiled aggregation stage: ``compile()`` returns ``{"$operator": body}``."""

    __slots__ = ("_document",)

    _document: dict[str, Any]

    @property
    def operator(self) -> str:
        """The stage operator, e.g. ``"$match"``."""
        return next(iter(self._document))

    def compile(self, context: Context = None) -> dict[str, Any]:
        """Return the stage document (a fresh copy on each call)."""
        return {key: fresh(body) for key, body in self._document.items()}

    def _set(self, operator: str, body: Any) -> None:
        self._document = {operator: body}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Step):
            return NotImplemented
        return self._document == other._document

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._document!r})"


def fresh(value: Any) -> Any:
    """Copy the dicts and lists of a compiled document; leave the leaves shared."""
    if type(value) is dict:
        copy = {}
        for key, item in value.items():
            kind = type(item)
            copy[key] = fresh(item) if kind is dict or kind is list else item
        return copy
    if type(value) is list:
        return [fresh(item) if type(item) is dict or type(item) is list else item for item in value]
    return value


class Compiling:
    """Context manager: prefix a ``CompilationError`` raised inside with the stage name."""

    __slots__ = ("stage",)

    def __init__(self, stage: str) -> None:
        self.stage = stage

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        if isinstance(error, CompilationError):
            raise CompilationError(f"{self.stage}: {error.message}", error.target) from error


def field_name(stage: str, value: Any, argument: str) -> str:
    """Compile ``value`` (a name or a reference) to a field name, naming the stage on error."""
    if not isinstance(value, (str, AsRef)):
        raise TypeError(
            f"{stage}: {argument} must be a field name or a field reference, got {describe(value)}"
        )
    with Compiling(stage):
        name = compile_field(value)
    if not name:
        raise ValueError(f"{stage}: {argument} must not be empty")
    return name


def field_or_expression(stage: str, value: Any) -> Any:
    """Compile ``value`` as an expression where a plain string names a field (``"$name"``)."""
    with Compiling(stage):
        if isinstance(value, str):
            return compile_path(value)
        return compile_expression(value)


def value_expression(stage: str, value: Any) -> Any:
    """Compile ``value`` as an aggregation expression, naming the stage on error."""
    with Compiling(stage):
        return compile_expression(value)


def filter_query(stage: str, value: Any) -> dict[str, Any]:
    """Compile a filter (predicate, dict, expression or None), naming the stage on error."""
    query: dict[str, Any]
    if type(value) is dict and all(type(key) is str for key in value):
        query = fresh(value)  # the caller's dict: copied, never compiled
        return query
    if value is not None and not isinstance(value, (QueryPredicate, ExpressionOperator, Mapping)):
        raise TypeError(
            f"{stage}: expected a predicate, a query dict or an expression, got {describe(value)}"
        )
    with Compiling(stage):
        query = fresh(compile_query(value))
    return query


def named_values(stage: str, items: Sequence[Any]) -> dict[str, Any]:
    """Merge dicts, ``Aliased`` values and lists of them into ``{field name: value}``.

    Values are left uncompiled. A field named twice raises ``ValueError``.
    """
    result: dict[str, Any] = {}
    for item in items:
        if isinstance(item, Mapping):
            pairs: Any = item.items()
        elif isinstance(item, Aliased):
            pairs = [(item.ref, item.value)]
        elif isinstance(item, (list, tuple)):
            pairs = named_values(stage, item).items()
        else:
            raise TypeError(
                f"{stage}: expected a dict of fields or aliased values (value.alias('name')), "
                f"got {describe(item)}"
            )
        for key, value in pairs:
            name = field_name(stage, key, "a field")
            if name in result:
                raise ValueError(f"{stage}: field {name!r} is given twice")
            result[name] = value
    return result


def compiled_values(stage: str, items: Sequence[Any]) -> dict[str, Any]:
    """``named_values`` with every value compiled as an expression."""
    return {
        name: value_expression(stage, value) for name, value in named_values(stage, items).items()
    }


def sort_document(stage: str, payloads: Sequence[Any]) -> dict[str, Any]:
    """Merge sort payloads (every ``SortPayload`` form) into one ``{path: direction}`` dict."""
    result: dict[str, Any] = {}
    for payload in payloads:
        try:
            normalized = normalize_sort(payload)
        except CompilationError as error:
            raise CompilationError(f"{stage}: {error.message}", error.target) from error
        except TypeError as error:
            raise TypeError(f"{stage}: {error}") from error
        except ValueError as error:
            raise ValueError(f"{stage}: {error}") from error
        for key, direction in (normalized or {}).items():
            if key in result:
                raise ValueError(f"{stage}: field {key!r} is sorted twice")
            result[key] = direction
    return result


def integer(stage: str, value: Any, argument: str, *, minimum: int) -> int:
    """Check that ``value`` is an ``int`` (not a bool) of at least ``minimum`` that fits a
    64-bit integer."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{stage}: {argument} must be an int, got {describe(value)}")
    if value < minimum:
        raise ValueError(f"{stage}: {argument} must be at least {minimum}, got {value}")
    if value > INT64_MAX:
        raise ValueError(
            f"{stage}: {argument} must fit a 64-bit integer (<= 2**63 - 1), got {value}"
        )
    return value


def choice(stage: str, value: str, argument: str, choices: Collection[str]) -> str:
    """Check that ``value`` is one of ``choices``."""
    if value not in choices:
        raise ValueError(
            f"{stage}: unknown {argument} {value!r}; expected one of {', '.join(sorted(choices))}"
        )
    return value


def flag(stage: str, value: Any, argument: str) -> bool:
    """Check that ``value`` is a bool."""
    if not isinstance(value, bool):
        raise TypeError(f"{stage}: {argument} must be a bool, got {describe(value)}")
    return value


@runtime_checkable
class Buildable(Protocol):
    """Anything with ``build() -> list[stage]``: a ``Pipeline``, used as a sub-pipeline."""

    def build(self) -> list[dict[str, Any]]:
        """Return the compiled stage list."""
        ...


def sub_pipeline(stage: str, value: Any) -> list[dict[str, Any]]:
    """Compile a sub-pipeline: a ``Pipeline`` or a list of raw stage documents."""
    if isinstance(value, Buildable):
        return value.build()
    if not isinstance(value, (list, tuple)):
        raise TypeError(
            f"{stage}: expected a pipeline or a list of stage documents, got {describe(value)}"
        )
    return [RawStep(document).compile() for document in value]


class RawStep(Step):
    """A stage document used verbatim: ``RawStep({"$collStats": {...}})``."""

    __slots__ = ()

    def __init__(self, document: Mapping[str, Any]) -> None:
        if isinstance(document, Step):
            self._document = document.compile()
            return
        if not isinstance(document, Mapping):
            raise TypeError(f"a raw stage must be a dict, got {describe(document)}")
        if len(document) != 1:
            raise ValueError(f"a stage document has exactly one key, got {dict(document)!r}")
        (operator,) = document
        if not isinstance(operator, str) or not operator.startswith("$"):
            raise ValueError(f"a stage operator starts with '$', got {operator!r}")
        self._document = fresh(dict(document))


class MatchStep(Step):
    """``$match``: the predicates, raw query dicts and expressions given, joined by ``$and``."""

    __slots__ = ()

    def __init__(self, *predicates: Any) -> None:
        if len(predicates) == 1 and isinstance(predicates[0], (list, tuple)):
            predicates = tuple(predicates[0])
        bodies = [body for body in (filter_query("$match", item) for item in predicates) if body]
        if not bodies:
            self._set("$match", {})
        elif len(bodies) == 1:
            self._set("$match", bodies[0])
        else:
            self._set("$match", {"$and": bodies})

    @property
    def query(self) -> dict[str, Any]:
        """The compiled query document (a fresh copy)."""
        return fresh(self._document["$match"])  # type: ignore[no-any-return]


class ProjectStep(Step):
    """``$project``: dicts / aliased values (compiled as expressions) and field names (kept);
    ``_id`` is excluded (``"_id": False`` first) unless the projection names it.

    ``ProjectStep.of_fields`` builds the projection of a model (see ``Pipeline.project``).
    """

    __slots__ = ()

    def __init__(self, *items: Any) -> None:
        spec: list[Any] = []
        for item in items:
            if isinstance(item, (str, AsRef)):
                spec.append(Aliased(item, True))
            else:
                spec.append(item)
        body = compiled_values("$project", spec)
        if not body:
            raise ValueError("$project needs at least one field")
        # As in 0.14, ``_id`` is left out unless the projection names it.
        self._set("$project", body if "_id" in body else {"_id": False, **body})

    @classmethod
    def of_fields(cls, db_keys: Sequence[str]) -> ProjectStep:
        """Project exactly ``db_keys`` in order; ``_id`` is excluded unless one of them."""
        step = cls.__new__(cls)
        body: dict[str, Any] = {} if "_id" in db_keys else {"_id": 0}
        body.update((key, 1) for key in db_keys)
        step._set("$project", body)
        return step


class SortStep(Step):
    """``$sort``: every ``SortPayload`` form, several merged in order."""

    __slots__ = ()

    def __init__(self, *payloads: Any) -> None:
        body = sort_document("$sort", payloads)
        if not body:
            raise ValueError("$sort needs at least one field")
        self._set("$sort", body)


class SkipStep(Step):
    """``$skip``: a non-negative number of documents."""

    __slots__ = ()

    def __init__(self, size: int, /) -> None:
        self._set("$skip", integer("$skip", size, "the size", minimum=0))


class LimitStep(Step):
    """``$limit``: a positive number of documents (MongoDB rejects ``$limit: 0``)."""

    __slots__ = ()

    def __init__(self, size: int, /) -> None:
        self._set("$limit", integer("$limit", size, "the size", minimum=1))


class SampleStep(Step):
    """``$sample``: that many random documents."""

    __slots__ = ()

    def __init__(self, size: int, /) -> None:
        self._set("$sample", {"size": integer("$sample", size, "the size", minimum=1)})


class UnwindStep(Step):
    """``$unwind`` of ``field``; ``include_array_index`` is a plain output field name."""

    __slots__ = ()

    def __init__(
        self,
        field: str | AsRef,
        /,
        *,
        include_array_index: str | AsRef | None = None,
        preserve_null_and_empty_arrays: bool | None = None,
    ) -> None:
        name = field_name(
            "$unwind", field.removeprefix("$") if isinstance(field, str) else field, "path"
        )
        body: dict[str, Any] = {"path": "$" + name}
        if include_array_index is not None:
            body["includeArrayIndex"] = field_name(
                "$unwind", include_array_index, "include_array_index"
            )
        if preserve_null_and_empty_arrays is not None:
            body["preserveNullAndEmptyArrays"] = flag(
                "$unwind", preserve_null_and_empty_arrays, "preserve_null_and_empty_arrays"
            )
        self._set("$unwind", body)


class SetStep(Step):
    """``$set``: new or replaced fields, values compiled as expressions."""

    __slots__ = ()

    operator_name: ClassVar[str] = "$set"

    def __init__(self, *fields: Any) -> None:
        body = compiled_values(self.operator_name, fields)
        if not body:
            raise ValueError(f"{self.operator_name} needs at least one field")
        self._set(self.operator_name, body)


class AddFieldsStep(SetStep):
    """``$addFields``: the same as ``$set`` under its older name."""

    __slots__ = ()

    operator_name: ClassVar[str] = "$addFields"


class UnsetStep(Step):
    """``$unset``: remove fields (names or references)."""

    __slots__ = ()

    def __init__(self, *fields: str | AsRef) -> None:
        if len(fields) == 1 and isinstance(fields[0], (list, tuple)):
            fields = tuple(fields[0])
        names = [field_name("$unset", field, "a field") for field in fields]
        if not names:
            raise ValueError("$unset needs at least one field")
        self._set("$unset", names)


class ReplaceWithStep(Step):
    """``$replaceWith``: the expression (a plain string names a field) becomes the document."""

    __slots__ = ()

    def __init__(self, new_root: Any, /) -> None:
        self._set("$replaceWith", field_or_expression("$replaceWith", new_root))


class ReplaceRootStep(Step):
    """``$replaceRoot``: ``{"newRoot": expression}``, as ``ReplaceWithStep``."""

    __slots__ = ()

    def __init__(self, new_root: Any, /) -> None:
        self._set("$replaceRoot", {"newRoot": field_or_expression("$replaceRoot", new_root)})


class RedactStep(Step):
    """``$redact``: an expression resolving to ``$$DESCEND``, ``$$PRUNE`` or ``$$KEEP``."""

    __slots__ = ()

    def __init__(self, expression: Any, /) -> None:
        self._set("$redact", value_expression("$redact", expression))
