"""Aggregation stage classes, part 3: stages that read or write other collections.

``$lookup``, ``$graphLookup``, ``$unionWith``, ``$documents``, ``$out`` and ``$merge``. These
take collection names already resolved (``Pipeline`` turns models and ``CollectionPipeline``s
into names and sub-pipelines); sub-pipelines are ``Pipeline`` objects or raw stage lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gault._pipeline.stages import (
    Compiling,
    Step,
    choice,
    compiled_values,
    field_name,
    field_or_expression,
    filter_query,
    integer,
    sub_pipeline,
)
from gault._query.operators import literal
from gault._support import describe
from gault.compilers import compile_expression, compile_value
from gault.interfaces import AsRef, DocumentSource, ExpressionOperator

__all__ = [
    "MERGE_WHEN_MATCHED",
    "MERGE_WHEN_NOT_MATCHED",
    "DocumentsStep",
    "GraphLookupStep",
    "LookupStep",
    "MergeStep",
    "OutStep",
    "UnionWithStep",
]

#: The ``whenMatched`` actions of ``$merge`` (a pipeline is accepted too).
MERGE_WHEN_MATCHED = frozenset({"replace", "keepExisting", "merge", "fail"})
#: The ``whenNotMatched`` actions of ``$merge``.
MERGE_WHEN_NOT_MATCHED = frozenset({"insert", "discard", "fail"})


def collection_name(stage: str, value: Any, argument: str = "the collection") -> str:
    """Check a collection name: a non-empty ``str`` without ``$``."""
    if not isinstance(value, str):
        raise TypeError(f"{stage}: {argument} must be a collection name, got {describe(value)}")
    if not value or value.startswith("$"):
        raise ValueError(f"{stage}: {argument} must be a non-empty name without '$', got {value!r}")
    return value


def _check_documents_first(stage: str, stages: list[dict[str, Any]] | None) -> None:
    """Refuse a sub-pipeline without a collection unless it starts with ``$documents``."""
    if not stages or "$documents" not in stages[0]:
        raise ValueError(f"{stage}: without a collection, the pipeline must start with $documents")


class LookupStep(Step):
    """``$lookup``: join ``from_`` on ``local_field``/``foreign_field``, or with ``let`` and a
    ``pipeline``, or both (MongoDB ≥ 5.0); ``from_=None`` needs a pipeline starting with
    ``$documents``. The matches go into the array field ``into``.
    """

    __slots__ = ()

    def __init__(
        self,
        from_: str | None,
        /,
        *,
        into: str | AsRef,
        local_field: str | AsRef | None = None,
        foreign_field: str | AsRef | None = None,
        let: Any = None,
        pipeline: Any = None,
    ) -> None:
        stage = "$lookup"
        if (local_field is None) != (foreign_field is None):
            raise ValueError(f"{stage}: give both local_field and foreign_field, or neither")
        stages = None if pipeline is None else sub_pipeline(stage, pipeline)
        if local_field is None and stages is None:
            raise ValueError(f"{stage}: give local_field and foreign_field, or a pipeline")
        if let is not None and stages is None:
            raise ValueError(f"{stage}: let needs a pipeline that uses the variables")
        body: dict[str, Any] = {}
        if from_ is not None:
            body["from"] = collection_name(stage, from_)
        else:
            _check_documents_first(stage, stages)
        if local_field is not None and foreign_field is not None:
            body["localField"] = field_name(stage, local_field, "local_field")
            body["foreignField"] = field_name(stage, foreign_field, "foreign_field")
        if let is not None:
            body["let"] = compiled_values(stage, [let])
        if stages is not None and (stages or local_field is None):
            body["pipeline"] = stages
        body["as"] = field_name(stage, into, "into")
        self._set(stage, body)


class GraphLookupStep(Step):
    """``$graphLookup``: recursive search of ``from_``, starting from ``start_with`` and
    following ``local_field`` (connectFromField) to ``foreign_field`` (connectToField).
    """

    __slots__ = ()

    def __init__(
        self,
        from_: str,
        /,
        *,
        start_with: Any,
        local_field: str | AsRef,
        foreign_field: str | AsRef,
        into: str | AsRef,
        max_depth: int | None = None,
        depth_field: str | AsRef | None = None,
        restrict_search_with_match: Any = None,
    ) -> None:
        stage = "$graphLookup"
        body: dict[str, Any] = {
            "from": collection_name(stage, from_),
            "startWith": field_or_expression(stage, start_with),
            "connectFromField": field_name(stage, local_field, "local_field"),
            "connectToField": field_name(stage, foreign_field, "foreign_field"),
            "as": field_name(stage, into, "into"),
        }
        if max_depth is not None:
            body["maxDepth"] = integer(stage, max_depth, "max_depth", minimum=0)
        if depth_field is not None:
            body["depthField"] = field_name(stage, depth_field, "depth_field")
        if restrict_search_with_match is not None:
            body["restrictSearchWithMatch"] = filter_query(stage, restrict_search_with_match)
        self._set(stage, body)


class UnionWithStep(Step):
    """``$unionWith``: append the documents of ``coll`` (through ``pipeline`` if given);
    ``coll=None`` needs a pipeline starting with ``$documents``.
    """

    __slots__ = ()

    def __init__(self, coll: str | None, /, *, pipeline: Any = None) -> None:
        stage = "$unionWith"
        stages = [] if pipeline is None else sub_pipeline(stage, pipeline)
        body: dict[str, Any] = {}
        if coll is not None:
            body["coll"] = collection_name(stage, coll)
        else:
            _check_documents_first(stage, stages)
        body["pipeline"] = stages  # always written, as in 0.14 (``[]``: every document)
        self._set(stage, body)


class DocumentsStep(Step):
    """``$documents``: literal documents (dicts or model instances) as the pipeline's input.

    Their values are data: a ``$``-leading string or a ``dict`` with a ``$``-leading key is
    sent as ``{"$literal": ...}`` (it would be read as a path or an operator); gault
    expressions and references in a ``dict`` are evaluated.
    """

    __slots__ = ()

    def __init__(self, *documents: Mapping[str, Any] | DocumentSource) -> None:
        items: Sequence[Any] = documents
        if len(documents) == 1 and isinstance(documents[0], (list, tuple)):
            items = documents[0]
        for document in items:
            if not isinstance(document, (Mapping, DocumentSource)):
                raise TypeError(
                    f"$documents: expected dicts or model instances, got {describe(document)}"
                )
        with Compiling("$documents"):
            self._set("$documents", [_document_data(document) for document in items])


def _document_data(value: Any) -> Any:
    """A value of a ``$documents`` document as an expression that evaluates to the value."""
    if isinstance(value, (ExpressionOperator, AsRef)):
        return compile_expression(value)
    if isinstance(value, DocumentSource):
        return _document_data(compile_value(value))
    if isinstance(value, Mapping):
        if any(isinstance(key, str) and key.startswith("$") for key in value):
            return {"$literal": compile_value(value)}
        keys = compile_value(dict.fromkeys(value))  # the keys as a compiled document has them
        return {key: _document_data(item) for key, item in zip(keys, value.values(), strict=True)}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_document_data(item) for item in value]
    return literal(compile_value(value))


def _target(stage: str, collection: str, db: str | None) -> str | dict[str, str]:
    name = collection_name(stage, collection)
    if db is None:
        return name
    return {"db": collection_name(stage, db, "db"), "coll": name}


class OutStep(Step):
    """``$out``: write the results to ``collection`` (in database ``db``), replacing it."""

    __slots__ = ()

    def __init__(self, collection: str, /, *, db: str | None = None) -> None:
        self._set("$out", _target("$out", collection, db))


class MergeStep(Step):
    """``$merge``: write the results into ``into`` (in database ``db``), merging on ``on``.

    ``when_matched`` is one of ``MERGE_WHEN_MATCHED`` or an update pipeline (which may use the
    ``let`` variables); ``when_not_matched`` one of ``MERGE_WHEN_NOT_MATCHED``.
    """

    __slots__ = ()

    def __init__(
        self,
        into: str,
        /,
        *,
        db: str | None = None,
        on: str | AsRef | Sequence[str | AsRef] | None = None,
        let: Any = None,
        when_matched: str | Any = None,
        when_not_matched: str | None = None,
    ) -> None:
        stage = "$merge"
        body: dict[str, Any] = {"into": _target(stage, into, db)}
        if on is not None:
            if isinstance(on, (list, tuple)):
                body["on"] = [field_name(stage, field, "on") for field in on]
            else:
                body["on"] = field_name(stage, on, "on")
        matched: Any = None
        if isinstance(when_matched, str):
            if when_matched not in MERGE_WHEN_MATCHED:
                raise ValueError(
                    f"{stage}: unknown when_matched {when_matched!r}; expected a pipeline or "
                    f"one of {', '.join(sorted(MERGE_WHEN_MATCHED))}"
                )
            matched = when_matched
        elif when_matched is not None:
            matched = sub_pipeline(stage, when_matched)
        if let is not None:
            if not isinstance(matched, list):
                raise ValueError(f"{stage}: let needs a when_matched pipeline that uses it")
            body["let"] = compiled_values(stage, [let])
        if matched is not None:
            body["whenMatched"] = matched
        if when_not_matched is not None:
            body["whenNotMatched"] = choice(
                stage, when_not_matched, "when_not_matched", MERGE_WHEN_NOT_MATCHED
            )
        self._set(stage, body)
