"""``Filter``: every form a manager accepts as a filter, normalised to aggregation stages.

``filter_stages`` turns a filter into the stage list that reads run; ``filter_query`` turns it
into the one query document that writes, ``distinct`` and ``find_one_and_*`` need, and refuses
(``ValueError``) a filter that cannot be one query instead of dropping any of its stages.
``db_key`` translates a raw dict's field names to db keys where they name fields.
No I/O; imports the pipeline layer and below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

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
    "runs_on_database",
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
        return filter.build()
    if isinstance(filter, list):
        return [_stage(stage) for stage in filter]
    if isinstance(filter, AsRef) and not isinstance(filter, QueryPredicate):
        raise TypeError(
            f"a field reference is not a filter, got {filter!r}: compare it "
            "(User.active == True) or test it (User.active.exists(True))"
        )
    if isinstance(filter, (QueryPredicate, ExpressionOperator, Mapping)):
        query = compile_query(filter)
        return [{"$match": query}] if query else []
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


def _stage(stage: Any) -> dict[str, Any]:
    if isinstance(stage, Mapping) and len(stage) == 1:
        (name,) = stage
        if isinstance(name, str) and name.startswith("$"):
            return dict(stage)
    raise TypeError(
        "a list filter holds aggregation stages, one {'$stage': ...} dict each; got "
        f"{type(stage).__name__} {stage!r} (combine predicates with & and |)"
    )
