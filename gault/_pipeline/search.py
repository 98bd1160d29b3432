"""Aggregation stage classes, part 4: search stages (``$geoNear``, Atlas ``$search``,
``$searchMeta``, ``$vectorSearch``).

Atlas Search specifications name fields as plain paths, so references compile to their
db-aliased field name there (``"title"``, never ``"$title"``); other values are literals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import bson

from gault._pipeline.stages import (
    Compiling,
    Step,
    field_name,
    filter_query,
    flag,
    integer,
    sort_document,
    value_expression,
)
from gault._support import describe
from gault.compilers import compile_value
from gault.geo import GeoJSON
from gault.interfaces import AsRef

__all__ = ["GeoNearStep", "SearchMetaStep", "SearchStep", "VectorSearchStep", "search_value"]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def search_value(stage: str, value: Any) -> Any:
    """Compile an Atlas Search argument: references → field names, the rest literals."""
    if isinstance(value, AsRef):
        return field_name(stage, value, "a path")
    if isinstance(value, Mapping):
        return {
            field_name(stage, key, "a key"): search_value(stage, item)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [search_value(stage, item) for item in value]
    with Compiling(stage):
        return compile_value(value)


def _index_name(stage: str, index: Any) -> str:
    if not isinstance(index, str) or not index:
        raise TypeError(f"{stage}: index must be a non-empty str, got {describe(index)}")
    return index


def _search_body(stage: str, index: str | None, operators: Mapping[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if index is not None:
        body["index"] = _index_name(stage, index)
    for name, value in operators.items():
        if name == "sort" and not isinstance(value, Mapping):
            body["sort"] = sort_document(stage, [value])
        else:
            body[_camel(name)] = search_value(stage, value)
    if not operators:
        raise ValueError(f"{stage} needs an operator or collector, e.g. text={{...}}")
    return body


class SearchStep(Step):
    """Atlas ``$search``: ``SearchStep(index="default", text={"query": ..., "path": ...})``.

    Keyword names are turned to camelCase (``return_stored_source`` → ``returnStoredSource``);
    nested documents are Atlas syntax, kept as given apart from references.
    """

    __slots__ = ()

    def __init__(self, *, index: str | None = None, **operators: Any) -> None:
        self._set("$search", _search_body("$search", index, operators))


class SearchMetaStep(Step):
    """Atlas ``$searchMeta``: the metadata (counts, facets) of a search, as ``SearchStep``."""

    __slots__ = ()

    def __init__(self, *, index: str | None = None, **operators: Any) -> None:
        self._set("$searchMeta", _search_body("$searchMeta", index, operators))


class VectorSearchStep(Step):
    """Atlas ``$vectorSearch``: approximate (``num_candidates``) or ``exact`` nearest vectors.

    ``filter`` is a query (predicate or dict) on fields indexed as filters.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        index: str,
        path: str | AsRef,
        query_vector: Sequence[float] | bson.Binary,
        limit: int,
        num_candidates: int | None = None,
        exact: bool | None = None,
        filter: Any = None,
    ) -> None:
        stage = "$vectorSearch"
        index = _index_name(stage, index)
        if isinstance(query_vector, bson.Binary):
            vector: Any = query_vector
        elif isinstance(query_vector, (list, tuple)) and all(
            isinstance(item, (int, float)) and not isinstance(item, bool) for item in query_vector
        ):
            vector = list(query_vector)
        else:
            raise TypeError(
                f"{stage}: query_vector must be a list of numbers or a bson Binary vector, "
                f"got {describe(query_vector)}"
            )
        body: dict[str, Any] = {
            "index": index,
            "path": field_name(stage, path, "path"),
            "queryVector": vector,
        }
        size = integer(stage, limit, "limit", minimum=1)
        if exact:
            if num_candidates is not None:
                raise ValueError(f"{stage}: an exact search takes no num_candidates")
        elif num_candidates is None:
            raise ValueError(f"{stage}: an approximate search needs num_candidates (or exact=True)")
        else:
            body["numCandidates"] = integer(stage, num_candidates, "num_candidates", minimum=size)
        if exact is not None:
            body["exact"] = flag(stage, exact, "exact")
        body["limit"] = size
        if filter is not None:
            body["filter"] = filter_query(stage, filter)
        self._set(stage, body)


def _geo_point(value: Any) -> Any:
    if isinstance(value, GeoJSON):
        return value.compile_geometry()
    if isinstance(value, Mapping):
        document = value_expression("$geoNear", value)
        return document.get("$geometry", document) if len(document) == 1 else document
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return value_expression("$geoNear", list(value))
    raise TypeError(
        f"$geoNear: near must be a GeoJSON point (gault.geo.Point or a dict) or legacy "
        f"[x, y] coordinates, got {describe(value)}"
    )


class GeoNearStep(Step):
    """``$geoNear``: documents by distance from ``near`` (a GeoJSON point or ``[x, y]``),
    the distance written to ``distance_field``.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        near: Any,
        distance_field: str | AsRef,
        spherical: bool | None = None,
        max_distance: float | None = None,
        min_distance: float | None = None,
        query: Any = None,
        include_locs: str | AsRef | None = None,
        distance_multiplier: float | None = None,
        key: str | AsRef | None = None,
    ) -> None:
        stage = "$geoNear"
        body: dict[str, Any] = {
            "near": _geo_point(near),
            "distanceField": field_name(stage, distance_field, "distance_field"),
        }
        if spherical is not None:
            body["spherical"] = flag(stage, spherical, "spherical")
        for argument, option, number in (
            ("max_distance", "maxDistance", max_distance),
            ("min_distance", "minDistance", min_distance),
        ):
            if number is not None:
                body[option] = _distance(stage, argument, number)
        if query is not None:
            body["query"] = filter_query(stage, query)
        if include_locs is not None:
            body["includeLocs"] = field_name(stage, include_locs, "include_locs")
        if distance_multiplier is not None:
            body["distanceMultiplier"] = _distance(
                stage, "distance_multiplier", distance_multiplier
            )
        if key is not None:
            body["key"] = field_name(stage, key, "key")
        self._set(stage, body)


def _distance(stage: str, argument: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{stage}: {argument} must be a non-negative number, got {value!r}")
    return value
