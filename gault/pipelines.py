"""``Pipeline``: an immutable, fluent builder of MongoDB aggregation pipelines.

Every method returns a new pipeline of the same class; ``build()`` returns the stage list::

    Pipeline().match(User.age >= 18).sort(User.age.desc()).take(10).project(Summary).build()

Arguments compile when the stage is added (a bad one raises at once, naming the stage):
references become db-aliased paths, models become projections of their fields in declaration
order, expressions, accumulators and window operators compile recursively. Where MongoDB reads
an argument as a field to group, unwind or partition by, a plain string names a field
(``group(by="city")``); elsewhere strings are literals unless they start with ``$``.

``CollectionPipeline("pets")`` is a pipeline over another collection, for ``lookup`` and
``union_with``; ``Pipeline.documents(...)`` starts a pipeline with ``$documents``, which runs on
the database rather than a collection (``is_documents_pipeline``). ``as_query()`` turns a
pipeline made only of ``$match`` stages into one query document, for find/update/delete filters.

The stage classes live in private modules and are re-exported here. This module sits above
compilers, sorting and models, and below the managers: it must not import the managers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Self, TypeAlias

import bson

from gault._pipeline.base import PipelineBase, collection_of, model_keys
from gault._pipeline.grouping import (
    BucketAutoStep,
    BucketStep,
    CountStep,
    DensifyStep,
    FacetStep,
    FillStep,
    GroupStep,
    SetWindowFieldsStep,
    SortByCountStep,
)
from gault._pipeline.search import GeoNearStep, SearchMetaStep, SearchStep, VectorSearchStep
from gault._pipeline.sources import (
    DocumentsStep,
    GraphLookupStep,
    LookupStep,
    MergeStep,
    OutStep,
    UnionWithStep,
)
from gault._pipeline.stages import (
    AddFieldsStep,
    LimitStep,
    MatchStep,
    ProjectStep,
    RawStep,
    RedactStep,
    ReplaceRootStep,
    ReplaceWithStep,
    SampleStep,
    SetStep,
    SkipStep,
    SortStep,
    Step,
    UnsetStep,
    UnwindStep,
    sort_document,
)
from gault._support import describe, publish
from gault.exceptions import UnsupportedError
from gault.interfaces import AsRef, ExpressionOperator, QueryPredicate
from gault.models import Model
from gault.sorting import SortPayload

__all__ = [
    "AddFieldsStep",
    "BucketAutoStep",
    "BucketStep",
    "CollectionPipeline",
    "Condition",
    "CountStep",
    "DensifyStep",
    "DocumentsPipeline",
    "DocumentsStep",
    "FacetStep",
    "FillStep",
    "GeoNearStep",
    "GraphLookupStep",
    "GroupStep",
    "LimitStep",
    "LookupStep",
    "MatchCondition",
    "MatchStep",
    "MergeStep",
    "OutStep",
    "Pipeline",
    "ProjectStep",
    "RawStep",
    "RedactStep",
    "ReplaceRootStep",
    "ReplaceWithStep",
    "SampleStep",
    "SearchMetaStep",
    "SearchStep",
    "SetStep",
    "SetWindowFields",
    "SetWindowFieldsStep",
    "SkipStep",
    "SortByCountStep",
    "SortStep",
    "Step",
    "UnionWithStep",
    "UnsetStep",
    "UnwindStep",
    "VectorSearchStep",
]

#: What ``match`` takes: a predicate, a raw query dict, an expression (→ ``$expr``) or None.
MatchCondition: TypeAlias = QueryPredicate | ExpressionOperator | Mapping[str, Any] | None

# gault 0.14 names, kept so that existing imports work.
#: The 0.14 name of ``SetWindowFieldsStep``.
SetWindowFields = SetWindowFieldsStep
#: The 0.14 name of ``MatchCondition`` (not ``gault.predicates.Condition``, a predicate class).
Condition: TypeAlias = MatchCondition


def _source(stage: str, source: Any) -> tuple[str | None, list[dict[str, Any]]]:
    """Resolve a stage source to ``(collection or None, sub-pipeline stages)``."""
    if isinstance(source, str):
        return source, []
    if isinstance(source, CollectionPipeline):
        return source.collection, source.build()
    if isinstance(source, Pipeline):
        if source.is_documents_pipeline:
            return None, source.build()
        raise UnsupportedError(
            f"{stage}: a Pipeline names no collection; use CollectionPipeline('name', ...) "
            "or a pipeline starting with Pipeline.documents(...)"
        )
    if isinstance(source, type):
        return collection_of(stage, source), []
    raise UnsupportedError(
        f"{stage}: expected a collection name, a Model class, a CollectionPipeline or a "
        f"documents pipeline, got {describe(source)}"
    )


def _given(items: tuple[Any, ...]) -> bool:
    """Whether ``items`` hold anything besides empty dicts and lists."""
    return any(not isinstance(item, (Mapping, list, tuple)) or item for item in items)


class Pipeline(PipelineBase):
    """An immutable aggregation pipeline; each stage method returns a new pipeline.

    ``Pipeline(steps=[...])`` accepts ``Step`` objects and raw stage dicts; ``build()`` returns
    the stage list; ``pipeline.alias("name")`` names it inside ``facet``. Inherited from the
    core: ``steps``, ``is_documents_pipeline``, ``as_query()``, ``add_step``, ``raw``,
    ``extend`` / ``+``, ``pipe``.
    """

    __slots__ = ()

    # -- filtering and shaping ---------------------------------------------------------------

    def match(self, *predicates: MatchCondition | Sequence[MatchCondition]) -> Self:
        """``$match`` predicates, raw query dicts or expressions (``$expr``); several → ``$and``."""
        return self._then(MatchStep(*predicates))

    def project(self, *fields_: Any) -> Self:
        """``$project`` a Model class, or dicts / ``ref.alias(...)`` values / field names.

        A Model (the class, or an instance standing for its class) projects exactly its
        fields' db keys in declaration order, with ``_id`` excluded unless a field maps to it;
        so ``select(Summary, pipeline)`` hydrates ``Summary``. Dict and aliased values compile
        as expressions (``1``/``True`` keeps a field, ``0``/``False`` drops it); a bare field
        name or reference keeps that field.
        """
        if len(fields_) == 1 and isinstance(fields_[0], (type, Model)):
            model = fields_[0] if isinstance(fields_[0], type) else type(fields_[0])
            return self._then(ProjectStep.of_fields(model_keys("$project", model)))
        return self._then(ProjectStep(*fields_))

    def set(self, *fields_: Any) -> Self:
        """``$set`` fields (dicts or aliased values) to expressions; nothing given → no stage."""
        return self._then(SetStep(*fields_)) if _given(fields_) else self

    def add_fields(self, *fields_: Any) -> Self:
        """``$addFields``: ``set`` under the stage's older name; nothing given → no stage."""
        return self._then(AddFieldsStep(*fields_)) if _given(fields_) else self

    def set_field(self, field: str | AsRef, value: Any, /) -> Self:
        """``$set`` one field: ``set_field("total", Field("a").expr.add(1))``."""
        return self._then(SetStep({field: value}))

    def unset(self, *fields_: str | AsRef) -> Self:
        """``$unset`` fields (names or references); nothing given → no stage."""
        return self._then(UnsetStep(*fields_)) if _given(fields_) else self

    def replace_with(self, new_root: Any, /) -> Self:
        """``$replaceWith``: the expression (a plain string names a field) becomes the document."""
        return self._then(ReplaceWithStep(new_root))

    def replace_root(self, new_root: Any, /) -> Self:
        """``$replaceRoot`` with ``{"newRoot": ...}``, as ``replace_with``."""
        return self._then(ReplaceRootStep(new_root))

    def redact(self, expression: Any, /) -> Self:
        """``$redact`` with an expression resolving to ``$$DESCEND``/``$$PRUNE``/``$$KEEP``."""
        return self._then(RedactStep(expression))

    def unwind(
        self,
        field: str | AsRef,
        /,
        *,
        include_array_index: str | AsRef | None = None,
        preserve_null_and_empty_arrays: bool | None = None,
    ) -> Self:
        """``$unwind`` an array field; ``include_array_index`` names the index output field."""
        return self._then(
            UnwindStep(
                field,
                include_array_index=include_array_index,
                preserve_null_and_empty_arrays=preserve_null_and_empty_arrays,
            )
        )

    # -- ordering and paging -----------------------------------------------------------------

    def sort(self, *payloads: SortPayload | None) -> Self:
        """``$sort`` by every ``SortPayload`` form (``"-age"``, ``User.age.desc()``, lists,
        dicts), several merged in order; an empty payload adds no stage.
        """
        document = sort_document("$sort", payloads)
        return self._then(SortStep(document)) if document else self

    def skip(self, size: int | None, /) -> Self:
        """``$skip`` ``size`` documents; ``None`` adds no stage."""
        return self if size is None else self._then(SkipStep(size))

    def take(self, size: int | None, /) -> Self:
        """``$limit`` to ``size`` documents; ``None`` adds no stage.

        Raises ``ValueError`` for ``take(0)``: MongoDB rejects ``$limit: 0`` (the managers
        answer ``take=0`` with no documents without running a pipeline).
        """
        return self if size is None else self._then(LimitStep(size))

    def limit(self, size: int | None, /) -> Self:
        """``$limit`` to ``size`` documents: the same as ``take`` (MongoDB's name)."""
        return self.take(size)

    def sample(self, size: int | None, /) -> Self:
        """``$sample`` ``size`` random documents; ``None`` adds no stage."""
        return self if size is None else self._then(SampleStep(size))

    # -- grouping ---------------------------------------------------------------------------

    def group(self, *accumulators: Any, by: Any = None) -> Self:
        """``$group`` by ``by`` (``None``: one group) with accumulators as dicts or aliases."""
        return self._then(GroupStep(*accumulators, by=by))

    def bucket(self, *output: Any, by: Any, boundaries: Sequence[Any], default: Any = None) -> Self:
        """``$bucket`` ``by`` into ``boundaries`` ranges (``default`` names the overflow)."""
        return self._then(BucketStep(*output, by=by, boundaries=boundaries, default=default))

    def bucket_auto(
        self, *output: Any, by: Any, buckets: int, granularity: str | None = None
    ) -> Self:
        """``$bucketAuto`` ``by`` into ``buckets`` evenly filled buckets."""
        return self._then(BucketAutoStep(*output, by=by, buckets=buckets, granularity=granularity))

    def count(self, output: str = "count", /) -> Self:
        """``$count`` the documents into one ``{output: n}`` document."""
        return self._then(CountStep(output))

    def sort_by_count(self, by: Any, /) -> Self:
        """``$sortByCount``: group by ``by``, count, most frequent first."""
        return self._then(SortByCountStep(by))

    def facet(self, *facets: Any) -> Self:
        """``$facet`` named sub-pipelines: ``{"name": pipeline}`` or ``pipeline.alias("name")``."""
        return self._then(FacetStep(*facets))

    def set_window_fields(
        self, *output: Any, sort_by: SortPayload | None = None, partition_by: Any = None
    ) -> Self:
        """``$setWindowFields``: window operators (dicts or aliases) per partition."""
        return self._then(SetWindowFieldsStep(*output, sort_by=sort_by, partition_by=partition_by))

    def densify(
        self,
        field: str | AsRef,
        /,
        *,
        step: float,
        bounds: str | Sequence[Any] = "full",
        unit: str | None = None,
        partition_by_fields: Sequence[str | AsRef] | None = None,
    ) -> Self:
        """``$densify`` ``field`` in ``step`` increments (``unit`` for dates) over ``bounds``."""
        return self._then(
            DensifyStep(
                field, step=step, bounds=bounds, unit=unit, partition_by_fields=partition_by_fields
            )
        )

    def fill(
        self,
        *output: Any,
        sort_by: SortPayload | None = None,
        partition_by: Any = None,
        partition_by_fields: Sequence[str | AsRef] | None = None,
    ) -> Self:
        """``$fill`` null or missing fields with values or ``"linear"``/``"locf"``."""
        return self._then(
            FillStep(
                *output,
                sort_by=sort_by,
                partition_by=partition_by,
                partition_by_fields=partition_by_fields,
            )
        )

    # -- other collections --------------------------------------------------------------------

    def lookup(
        self,
        source: Any,
        /,
        *,
        into: str | AsRef,
        local_field: str | AsRef | None = None,
        foreign_field: str | AsRef | None = None,
        let: Any = None,
        pipeline: Pipeline | Sequence[Mapping[str, Any]] | None = None,
    ) -> Self:
        """``$lookup`` from ``source``: a collection name, a Model class, a
        ``CollectionPipeline`` (its stages become the sub-pipeline) or a documents pipeline.

        Join on ``local_field``/``foreign_field``, or with ``let`` variables and a
        ``pipeline``, or both; the matches go into the array field ``into``.
        """
        collection, stages = _source("$lookup", source)
        if stages and pipeline is not None:
            raise ValueError("$lookup: give the sub-pipeline once, in the source or pipeline=")
        return self._then(
            LookupStep(
                collection,
                into=into,
                local_field=local_field,
                foreign_field=foreign_field,
                let=let,
                pipeline=pipeline if pipeline is not None else (stages or None),
            )
        )

    def graph_lookup(
        self,
        other: str | type[Model],
        /,
        start_with: Any,
        local_field: str | AsRef,
        foreign_field: str | AsRef,
        into: str | AsRef,
        max_depth: int | None = None,
        depth_field: str | AsRef | None = None,
        restrict_search_with_match: Any = None,
    ) -> Self:
        """``$graphLookup`` in ``other`` (a collection name or Model), following ``local_field`` (connectFromField) to
        ``foreign_field`` (connectToField) from ``start_with``.
        """
        collection, stages = _source("$graphLookup", other)
        if collection is None or stages:
            raise TypeError("$graphLookup: the source must be a collection name or a Model class")
        return self._then(
            GraphLookupStep(
                collection,
                start_with=start_with,
                local_field=local_field,
                foreign_field=foreign_field,
                into=into,
                max_depth=max_depth,
                depth_field=depth_field,
                restrict_search_with_match=restrict_search_with_match,
            )
        )

    def union_with(self, source: Any, /) -> Self:
        """``$unionWith`` a collection name, a ``CollectionPipeline``, a documents pipeline, or
        a Model class (its documents projected to the model's fields).
        """
        collection, stages = _source("$unionWith", source)
        if isinstance(source, type):
            stages = Pipeline().project(source).build()
        return self._then(UnionWithStep(collection, pipeline=stages))

    def out(self, collection: str | type[Model], /, *, db: str | None = None) -> Self:
        """``$out``: replace ``collection`` (name or Model) with the results; last stage."""
        if isinstance(collection, type):
            collection = collection_of("$out", collection)
        return self._then(OutStep(collection, db=db))

    def merge(
        self,
        into: str | type[Model],
        /,
        *,
        db: str | None = None,
        on: str | AsRef | Sequence[str | AsRef] | None = None,
        let: Any = None,
        when_matched: str | Pipeline | Sequence[Mapping[str, Any]] | None = None,
        when_not_matched: str | None = None,
    ) -> Self:
        """``$merge`` the results into ``into`` (name or Model); last stage."""
        if isinstance(into, type):
            into = collection_of("$merge", into)
        return self._then(
            MergeStep(
                into,
                db=db,
                on=on,
                let=let,
                when_matched=when_matched,
                when_not_matched=when_not_matched,
            )
        )

    @classmethod
    def documents(cls, *documents: Any) -> DocumentsPipeline:
        """Start a ``DocumentsPipeline`` on literal documents: ``Pipeline.documents({...}, ...)``
        or ``Pipeline.documents([...])``.
        """
        return DocumentsPipeline(documents)

    # -- search -------------------------------------------------------------------------------

    def geo_near(
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
    ) -> Self:
        """``$geoNear``: documents nearest ``near`` first, distance in ``distance_field``."""
        return self._then(
            GeoNearStep(
                near=near,
                distance_field=distance_field,
                spherical=spherical,
                max_distance=max_distance,
                min_distance=min_distance,
                query=query,
                include_locs=include_locs,
                distance_multiplier=distance_multiplier,
                key=key,
            )
        )

    def search(self, *, index: str | None = None, **operators: Any) -> Self:
        """Atlas ``$search``: ``search(index="default", text={"query": "x", "path": User.name})``."""
        return self._then(SearchStep(index=index, **operators))

    def search_meta(self, *, index: str | None = None, **operators: Any) -> Self:
        """Atlas ``$searchMeta``, as ``search``."""
        return self._then(SearchMetaStep(index=index, **operators))

    def vector_search(
        self,
        *,
        index: str,
        path: str | AsRef,
        query_vector: Sequence[float] | bson.Binary,
        limit: int,
        num_candidates: int | None = None,
        exact: bool | None = None,
        filter: Any = None,
    ) -> Self:
        """Atlas ``$vectorSearch``: approximate (``num_candidates``) or ``exact=True``."""
        return self._then(
            VectorSearchStep(
                index=index,
                path=path,
                query_vector=query_vector,
                limit=limit,
                num_candidates=num_candidates,
                exact=exact,
                filter=filter,
            )
        )


class CollectionPipeline(Pipeline):
    """A pipeline over ``collection`` (a name or a collection-bound Model class), for
    ``lookup`` and ``union_with``.
    """

    __slots__ = ("_collection",)

    def __init__(
        self,
        collection: str | type[Model],
        *,
        steps: Iterable[Step | Mapping[str, Any]] = (),
    ) -> None:
        if isinstance(collection, type):
            collection = collection_of("CollectionPipeline", collection)
        if not isinstance(collection, str) or not collection:
            raise TypeError(
                f"CollectionPipeline needs a collection name or a Model class, "
                f"got {describe(collection)}"
            )
        self._collection = collection
        super().__init__(steps=steps)

    @property
    def collection(self) -> str:
        """The collection the pipeline reads."""
        return self._collection

    def _derive(self, steps: tuple[Step, ...]) -> Self:
        new = super()._derive(steps)
        new._collection = self._collection
        return new

    def _target(self) -> str | None:
        return self._collection

    def _key(self) -> tuple[Any, ...]:
        return (self._collection, self._steps)

    def __repr__(self) -> str:
        return f"CollectionPipeline({self._collection!r}, {self.build()!r})"


class DocumentsPipeline(Pipeline):
    """A pipeline starting with ``$documents``: it runs on the database, not a collection.

    ``DocumentsPipeline([{"a": 1}, ...])`` or ``Pipeline.documents({"a": 1}, ...)``.
    """

    __slots__ = ()

    def __init__(
        self,
        documents: Sequence[Any] = (),
        *,
        steps: Iterable[Step | Mapping[str, Any]] = (),
    ) -> None:
        super().__init__(steps=(DocumentsStep(*documents), *steps))


publish(__name__, __all__, globals())
