"""``Filter``: every form a manager accepts as a filter, normalised to aggregation stages.

``filter_stages`` turns a filter into the stage list that reads run; ``filter_query`` turns it
into the one query document that writes, ``distinct`` and ``find_one_and_*`` need, and refuses
(``ValueError``) a filter that cannot be one query instead of dropping any of its stages.
``find_arguments`` tells whether a read's stages are a plain ``find`` (and with which
arguments). Every ``$match`` body goes out in its wire form (``wire_query``: equalities on
scalar literals as ``{field: value}``). ``db_key`` translates a raw dict's field names to db
keys where they name fields. No I/O; imports the pipeline layer and below.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from bson.decimal128 import Decimal128
from bson.objectid import ObjectId

from gault.compilers import compile_query
from gault.interfaces import AsRef, ExpressionOperator, QueryPredicate
from gault.pipelines import Pipeline

__all__ = [
    "Filter",
    "FilterLike",
    "MongoQuery",
    "Stage",
    "db_key",
    "filter_query",
    "filter_stages",
    "find_arguments",
    "runs_on_database",
    "wire_query",
]

#: A raw MongoDB query document: ``{"age": {"$gte": 18}}``.
MongoQuery: TypeAlias = Mapping[str, Any]
#: A raw aggregation stage: ``{"$match": {...}}``.
Stage: TypeAlias = Mapping[str, Any]
#: What every manager method accepts as ``filter``.
FilterLike: TypeAlias = (
    QueryPredicate | ExpressionOperator | Pipeline | MongoQuery | list[Stage] | None
)
#: The name of ``FilterLike`` in the Manager reference and gault 0.14 (not
#: ``gault.expressions.Filter``, the ``$filter`` operator).
Filter: TypeAlias = FilterLike

_ACCEPTED = (
    "None, a predicate (User.age >= 18, Query(), Expr(...), JsonSchema(...), Raw({...})), "
    "an expression (User.age.expr.gt(18)), a Pipeline, a query dict, or a list of stage dicts"
)


def filter_stages(filter: Filter) -> list[dict[str, Any]]:
    """Return ``filter`` as a list of aggregation stages (empty: match everything).

    Raises ``TypeError`` for anything that is not a filter, listing the accepted types.
    """
    if filter is None:
        return []
    if isinstance(filter, Pipeline):
        return [_wire_stage(stage) for stage in filter.build()]
    if isinstance(filter, list):
        return [_wire_stage(_stage(stage)) for stage in filter]
    if isinstance(filter, AsRef) and not isinstance(filter, QueryPredicate):
        raise TypeError(
            f"a field reference is not a filter, got {filter!r}: compare it "
            "(User.active == True) or test it (User.active.exists(True))"
        )
    if isinstance(filter, (QueryPredicate, ExpressionOperator, Mapping)):
        query = compile_query(filter)
        return [{"$match": wire_query(query)}] if query else []
    raise TypeError(f"a filter is {_ACCEPTED}; got {type(filter).__name__} {filter!r}")


def filter_query(filter: Filter, operation: str) -> dict[str, Any]:
    """Return ``filter`` as one query document for ``operation`` (its name, for errors).

    Every ``$match`` body is kept (several are joined with ``$and``, never merged key by key);
    any other stage raises ``ValueError``, since it cannot be part of a query.
    """
    bodies: list[dict[str, Any]] = []
    for stage in filter_stages(filter):
        name = next(iter(stage), None)
        if name != "$match" or len(stage) != 1:
            raise ValueError(
                f"{operation}: the filter has a {name or 'empty'} stage, which a query cannot "
                "express; give a predicate, a query dict, or only $match stages"
            )
        body = stage["$match"]
        if body:
            bodies.append(dict(body))
    if not bodies:
        return {}
    return bodies[0] if len(bodies) == 1 else {"$and": bodies}


def wire_query(query: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``query`` as it is sent: ``{field: {"$eq": value}}`` becomes ``{field: value}``
    when ``value`` is a scalar literal (str, int, float, bool, ObjectId, UUID, datetime,
    Decimal128), at the top level and through ``$and``/``$or``/``$nor``.

    The two forms match the same documents; the plain one takes the server's fast paths
    (MongoDB before 8.1 only takes its ``_id`` fast path for it). Dict, list, regex and null
    values keep ``$eq``, where the plain form would mean something else (or might). The
    input is not modified.
    """
    wire: dict[str, Any] = {}
    for key, value in query.items():
        if key in _LOGICAL:
            if isinstance(value, list):
                value = [wire_query(part) if isinstance(part, Mapping) else part for part in value]
        elif isinstance(value, Mapping) and len(value) == 1 and "$eq" in value:
            operand = value["$eq"]
            if isinstance(operand, _SCALARS) and not key.startswith("$"):
                value = operand
        wire[key] = value
    return wire


def find_arguments(stages: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Return ``(query, options)`` for ``Collection.find`` when ``stages`` mean the same
    as that ``find``, else ``None`` (the read stays an ``aggregate``).

    That is: ``$match`` stages (several are joined with ``$and``), then at most one each of
    ``$sort`` (directions 1/-1), ``$skip`` (an int >= 0), ``$limit`` (an int >= 1: ``find``
    reads ``limit=0`` as no limit) and ``$project`` (0/1 values only), in that order; a
    ``$match`` may follow the ``$sort``. ``options`` holds ``sort`` (a list of pairs),
    ``skip``, ``limit`` and ``projection``, only those the stages set.
    """
    bodies: list[Any] = []
    options: dict[str, Any] = {}
    rank = 0
    for stage in stages:
        if len(stage) != 1:
            return None
        ((name, body),) = stage.items()
        if name == "$match":
            if rank > _RANKS["$sort"] or not isinstance(body, Mapping):
                return None
            if body:
                bodies.append(body)
            continue
        order = _RANKS.get(name)
        if order is None or order <= rank:
            return None
        option = _OPTIONS[name](body)
        if option is None:
            return None
        rank = order
        options[_OPTION_NAMES[name]] = option
    if not bodies:
        return {}, options
    return (dict(bodies[0]) if len(bodies) == 1 else {"$and": bodies}), options


def runs_on_database(stages: list[dict[str, Any]]) -> bool:
    """Whether ``stages`` start with ``$documents`` (run on the database, not a collection)."""
    return bool(stages) and "$documents" in stages[0]


def db_key(model: type[Any], path: str) -> str:
    """Return ``path`` (attribute names, dotted through embedded models) with db aliases.

    A path that does not name fields of ``model`` (``"tags.0"``, a db key) is returned as is.
    """
    owner: Any = model
    for part in path.split("."):
        owner = getattr(owner, part, None)
        if not isinstance(owner, AsRef):
            return path
    reference: AsRef = owner
    return reference.compile_field()


def _wire_stage(stage: dict[str, Any]) -> dict[str, Any]:
    body = stage.get("$match")
    if len(stage) == 1 and isinstance(body, Mapping):
        return {"$match": wire_query(body)}
    return stage


def _sort_option(body: Any) -> list[tuple[str, int]] | None:
    if not isinstance(body, Mapping) or not body:
        return None
    if not all(type(direction) is int and direction in (1, -1) for direction in body.values()):
        return None
    return list(body.items())


def _skip_option(body: Any) -> int | None:
    return body if type(body) is int and body >= 0 else None


def _limit_option(body: Any) -> int | None:
    return body if type(body) is int and body >= 1 else None


def _project_option(body: Any) -> dict[str, Any] | None:
    if not isinstance(body, Mapping) or not body:
        return None
    if not all(type(value) in (int, bool) and value in (0, 1) for value in body.values()):
        return None
    return dict(body)


_LOGICAL = frozenset(("$and", "$or", "$nor"))
_SCALARS = (str, int, float, ObjectId, uuid.UUID, datetime.datetime, Decimal128)
#: The order of the stages a ``find`` can express (``$match`` comes first, or after ``$sort``).
_RANKS = {"$sort": 1, "$skip": 2, "$limit": 3, "$project": 4}
_OPTIONS: dict[str, Callable[[Any], Any]] = {
    "$sort": _sort_option,
    "$skip": _skip_option,
    "$limit": _limit_option,
    "$project": _project_option,
}
_OPTION_NAMES = {"$sort": "sort", "$skip": "skip", "$limit": "limit", "$project": "projection"}


def _stage(stage: Any) -> dict[str, Any]:
    if isinstance(stage, Mapping) and len(stage) == 1:
        (name,) = stage
        if isinstance(name, str) and name.startswith("$"):
            return dict(stage)
    raise TypeError(
        "a list filter holds aggregation stages, one {'$stage': ...} dict each; got "
        f"{type(stage).__name__} {stage!r} (combine predicates with & and |)"
    )
