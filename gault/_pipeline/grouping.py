"""Aggregation stage classes, part 2: grouping, bucketing, counting, facets, windows, gap filling.

Accumulators and window operators (``gault.accumulators``, ``gault.window_aggregators``) are
expressions: their values compile through ``compile_expression`` like any other, and raw
operator dicts (``{"$sum": 1}``) work the same way. See ``gault._pipeline.stages`` for the argument
conventions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from gault._pipeline.stages import (
    Step,
    choice,
    compiled_values,
    field_name,
    field_or_expression,
    integer,
    named_values,
    sort_document,
    sub_pipeline,
    value_expression,
)
from gault._support import describe
from gault.interfaces import AsRef

__all__ = [
    "BUCKET_GRANULARITIES",
    "DENSIFY_UNITS",
    "FACET_FORBIDDEN",
    "BucketAutoStep",
    "BucketStep",
    "CountStep",
    "DensifyStep",
    "FacetStep",
    "FillStep",
    "GroupStep",
    "SetWindowFieldsStep",
    "SortByCountStep",
]

#: The preferred-number series ``$bucketAuto`` accepts as ``granularity``.
BUCKET_GRANULARITIES = frozenset(
    {"R5", "R10", "R20", "R40", "R80", "1-2-5", "E6", "E12", "E24", "E48", "E96", "E192"}
    | {"POWERSOF2"}
)

#: The time units of ``$densify`` (and of window ranges).
DENSIFY_UNITS = frozenset(
    {"millisecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year"}
)

#: Stages a ``$facet`` sub-pipeline may not contain (MongoDB manual, ``$facet``).
FACET_FORBIDDEN = frozenset(
    {"$collStats", "$facet", "$geoNear", "$indexStats", "$out", "$merge", "$planCacheStats"}
)

#: ``$fill`` methods, given as a plain string instead of a value.
FILL_METHODS = frozenset({"linear", "locf"})


def _accumulators(stage: str, items: Sequence[Any]) -> dict[str, Any]:
    """The output fields; ``None`` (0.14's "no accumulators") adds none."""
    fields = compiled_values(stage, [item for item in items if item is not None])
    if "_id" in fields:
        raise ValueError(f"{stage}: the group key is given with by=..., not as an '_id' field")
    return fields


class GroupStep(Step):
    """``$group`` by ``by`` (a plain string names a field; ``None`` makes one group)."""

    __slots__ = ()

    def __init__(self, *accumulators: Any, by: Any = None) -> None:
        key = None if by is None else field_or_expression("$group", by)
        self._set("$group", {"_id": key, **_accumulators("$group", accumulators)})


class BucketStep(Step):
    """``$bucket``: documents grouped into ``[boundaries[i], boundaries[i+1])`` ranges."""

    __slots__ = ()

    def __init__(
        self, *output: Any, by: Any, boundaries: Sequence[Any], default: Any = None
    ) -> None:
        if not isinstance(boundaries, (list, tuple)) or len(boundaries) < 2:
            raise ValueError(
                f"$bucket: boundaries must be a list of at least 2 values, got {boundaries!r}"
            )
        try:
            ascending = all(low < high for low, high in pairwise(boundaries))
        except TypeError:
            ascending = True  # mixed types: MongoDB decides
        if not ascending:
            raise ValueError(f"$bucket: boundaries must ascend strictly, got {boundaries!r}")
        body: dict[str, Any] = {
            "groupBy": field_or_expression("$bucket", by),
            "boundaries": value_expression("$bucket", list(boundaries)),
        }
        if default is not None:
            body["default"] = value_expression("$bucket", default)
        fields = _accumulators("$bucket", output)
        if fields:
            body["output"] = fields
        self._set("$bucket", body)


class BucketAutoStep(Step):
    """``$bucketAuto``: ``buckets`` evenly filled groups of ``by``."""

    __slots__ = ()

    def __init__(self, *output: Any, by: Any, buckets: int, granularity: str | None = None) -> None:
        body: dict[str, Any] = {
            "groupBy": field_or_expression("$bucketAuto", by),
            "buckets": integer("$bucketAuto", buckets, "buckets", minimum=1),
        }
        fields = _accumulators("$bucketAuto", output)
        if fields:
            body["output"] = fields
        if granularity is not None:
            body["granularity"] = choice(
                "$bucketAuto", granularity, "granularity", BUCKET_GRANULARITIES
            )
        self._set("$bucketAuto", body)


class CountStep(Step):
    """``$count``: one document ``{output: number of input documents}``."""

    __slots__ = ()

    def __init__(self, output: str = "count", /) -> None:
        if not isinstance(output, str):
            raise TypeError(f"$count: the output field must be a str, got {describe(output)}")
        if not output or output.startswith("$") or "." in output:
            raise ValueError(
                f"$count: the output field must be a non-empty name without '$' or '.', "
                f"got {output!r}"
            )
        self._set("$count", output)


class SortByCountStep(Step):
    """``$sortByCount``: group by the expression, count, sort by count descending."""

    __slots__ = ()

    def __init__(self, by: Any, /) -> None:
        self._set("$sortByCount", field_or_expression("$sortByCount", by))


class FacetStep(Step):
    """``$facet``: named sub-pipelines (``{"name": pipeline}`` or ``pipeline.alias("name")``)."""

    __slots__ = ()

    def __init__(self, *facets: Any) -> None:
        body = {
            name: sub_pipeline("$facet", pipeline)
            for name, pipeline in named_values("$facet", facets).items()
        }
        if not body:
            raise ValueError("$facet needs at least one sub-pipeline")
        for name, stages in body.items():
            for stage in stages:
                if not FACET_FORBIDDEN.isdisjoint(stage):
                    raise ValueError(
                        f"$facet: the sub-pipeline {name!r} may not contain {next(iter(stage))}"
                    )
        self._set("$facet", body)


class SetWindowFieldsStep(Step):
    """``$setWindowFields``: window operators evaluated per partition, in ``sort_by`` order."""

    __slots__ = ()

    def __init__(self, *output: Any, sort_by: Any = None, partition_by: Any = None) -> None:
        stage = "$setWindowFields"
        body: dict[str, Any] = {}
        if partition_by is not None:
            body["partitionBy"] = field_or_expression(stage, partition_by)
        sort = sort_document(stage, [sort_by])
        if sort:
            body["sortBy"] = sort
        fields = compiled_values(stage, output)
        if not fields:
            raise ValueError(f"{stage} needs at least one output field")
        body["output"] = fields
        self._set(stage, body)


def _field_names(stage: str, fields: Any, argument: str) -> list[str]:
    if isinstance(fields, (str, AsRef)):
        fields = [fields]
    if not isinstance(fields, (list, tuple)):
        raise TypeError(f"{stage}: {argument} must be a list of fields, got {describe(fields)}")
    return [field_name(stage, field, argument) for field in fields]


class DensifyStep(Step):
    """``$densify``: add documents so ``field`` has no gap larger than ``step``.

    ``bounds`` is ``"full"``, ``"partition"`` or a ``[lower, upper]`` pair; ``unit`` is needed
    for dates.
    """

    __slots__ = ()

    def __init__(
        self,
        field: str | AsRef,
        /,
        *,
        step: float,
        bounds: str | Sequence[Any] = "full",
        unit: str | None = None,
        partition_by_fields: Sequence[str | AsRef] | None = None,
    ) -> None:
        stage = "$densify"
        if isinstance(step, bool) or not isinstance(step, (int, float)) or step <= 0:
            raise ValueError(f"{stage}: step must be a positive number, got {step!r}")
        body: dict[str, Any] = {"field": field_name(stage, field, "field")}
        if partition_by_fields is not None:
            body["partitionByFields"] = _field_names(
                stage, partition_by_fields, "partition_by_fields"
            )
        window: dict[str, Any] = {"step": step}
        if unit is not None:
            window["unit"] = choice(stage, unit, "unit", DENSIFY_UNITS)
        if isinstance(bounds, str) and bounds in ("full", "partition"):
            window["bounds"] = bounds
        elif isinstance(bounds, (list, tuple)) and len(bounds) == 2:
            window["bounds"] = value_expression(stage, list(bounds))
        else:
            raise ValueError(
                f"{stage}: bounds must be 'full', 'partition' or [lower, upper], got {bounds!r}"
            )
        body["range"] = window
        self._set(stage, body)


def _fill_spec(stage: str, name: str, value: Any) -> dict[str, Any]:
    if isinstance(value, str) and value in FILL_METHODS:
        return {"method": value}
    if isinstance(value, Mapping) and len(value) == 1 and "method" in value:
        if value["method"] not in FILL_METHODS:
            raise ValueError(
                f"{stage}: unknown method {value['method']!r} for {name!r}; "
                "expected 'linear' or 'locf'"
            )
        return {"method": value["method"]}
    if isinstance(value, Mapping) and len(value) == 1 and "value" in value:
        value = value["value"]
    return {"value": value_expression(stage, value)}


class FillStep(Step):
    """``$fill``: set missing or null fields to a value or by ``"linear"`` / ``"locf"``.

    Each output value is an expression, or the method name ``"linear"`` / ``"locf"``
    (``{"value": ...}`` / ``{"method": ...}`` are accepted too); methods need ``sort_by``.
    """

    __slots__ = ()

    def __init__(
        self,
        *output: Any,
        sort_by: Any = None,
        partition_by: Any = None,
        partition_by_fields: Sequence[str | AsRef] | None = None,
    ) -> None:
        stage = "$fill"
        if partition_by is not None and partition_by_fields is not None:
            raise ValueError(f"{stage}: give partition_by or partition_by_fields, not both")
        body: dict[str, Any] = {}
        if partition_by is not None:
            body["partitionBy"] = field_or_expression(stage, partition_by)
        if partition_by_fields is not None:
            body["partitionByFields"] = _field_names(
                stage, partition_by_fields, "partition_by_fields"
            )
        sort = sort_document(stage, [sort_by])
        if sort:
            body["sortBy"] = sort
        fields = {
            name: _fill_spec(stage, name, value)
            for name, value in named_values(stage, output).items()
        }
        if not fields:
            raise ValueError(f"{stage} needs at least one output field")
        if not sort and any("method" in spec for spec in fields.values()):
            raise ValueError(f"{stage}: the 'linear' and 'locf' methods need sort_by")
        body["output"] = fields
        self._set(stage, body)
