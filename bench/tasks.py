"""MongoDB's ODM benchmark task list, written once against two small adapter protocols.

Each library module provides a :class:`SyncAdapter` and/or an :class:`AsyncAdapter`: the few
operations the tasks need (create a model from a document and insert it, read every instance
back, change one field and save, find by a filter). :func:`run_task` prepares a task through the
adapter (untimed), then times only the "do" phase: a plain loop calling one adapter method per
operation, awaited for async adapters. Setup of sync adapters goes through :class:`AsyncShim`, so
one coroutine drives both variants; the timed loop never does.

Scores follow the ODM benchmarking spec: bytes per iteration / median iteration time. Creates and
finds count the BSON size of the documents; updates count the BSON size of the change
(``{"field1": "updated_value<i>"}``), as MongoDB's Python ODM benchmark does.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from bson import ObjectId

from bench.data import UNIQUE_FIELD, Datasets, Document, bson_size
from bench.timing import Budget, Measurement

__all__ = [
    "COLLECTIONS",
    "READ_TASKS",
    "TASKS",
    "AsyncAdapter",
    "AsyncShim",
    "Counts",
    "Kind",
    "Plan",
    "SyncAdapter",
    "Task",
    "run_task",
    "task_names",
]

Kind = Literal["small", "small_fk", "foreign", "large", "nested"]

COLLECTIONS: dict[Kind, str] = {
    "small": "small_flat",
    "small_fk": "small_flat_fk",
    "foreign": "foreign_key",
    "large": "large_flat",
    "nested": "large_nested",
}
"""The collection each model kind is stored in, the same for every library."""

UPDATE_FIELD = "field1"
NESTED_UPDATE_PATH = ("embedded_str_doc_1", "field1")
EMBEDDED_FIELD = "embedded_str_doc_1"
EMBEDDED_ARRAY_FIELD = "embedded_str_doc_array"


class SyncAdapter(Protocol):
    """What a synchronous library implementation offers the tasks."""

    def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        ...

    def create(self, kind: Kind, document: Document) -> object:
        """Build a model of ``kind`` from ``document`` and insert it; return the instance."""
        ...

    def load_all(self, kind: Kind) -> list[Any]:
        """Read back every instance of ``kind`` (as loaded instances, ready to change)."""
        ...

    def id_of(self, instance: Any) -> ObjectId:
        """The ``_id`` of an inserted or loaded instance."""
        ...

    def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """Set ``field1`` on a flat instance of ``kind`` and save the change."""
        ...

    def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """Set ``embedded_str_doc_1.field1`` on a nested instance and save the change."""
        ...

    def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """The instances of ``kind`` whose ``_id`` is ``id_``."""
        ...

    def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """The small fk instances whose ``field_fk`` is ``foreign_id``."""
        ...

    def find_by_embedded(self, value: str) -> list[Any]:
        """The nested instances whose ``embedded_str_doc_1.unique_field`` is ``value``."""
        ...

    def find_by_embedded_array(self, value: str) -> list[Any]:
        """The nested instances with an ``embedded_str_doc_array`` item of that unique_field."""
        ...

    def close(self) -> None:
        """Release the client."""
        ...


class AsyncAdapter(Protocol):
    """The asynchronous twin of :class:`SyncAdapter`: the same methods, awaited."""

    async def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        ...

    async def create(self, kind: Kind, document: Document) -> object:
        """Build a model of ``kind`` from ``document`` and insert it; return the instance."""
        ...

    async def load_all(self, kind: Kind) -> list[Any]:
        """Read back every instance of ``kind``."""
        ...

    def id_of(self, instance: Any) -> ObjectId:
        """The ``_id`` of an inserted or loaded instance."""
        ...

    async def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """Set ``field1`` on a flat instance of ``kind`` and save the change."""
        ...

    async def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """Set ``embedded_str_doc_1.field1`` on a nested instance and save the change."""
        ...

    async def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """The instances of ``kind`` whose ``_id`` is ``id_``."""
        ...

    async def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """The small fk instances whose ``field_fk`` is ``foreign_id``."""
        ...

    async def find_by_embedded(self, value: str) -> list[Any]:
        """The nested instances whose ``embedded_str_doc_1.unique_field`` is ``value``."""
        ...

    async def find_by_embedded_array(self, value: str) -> list[Any]:
        """The nested instances with an ``embedded_str_doc_array`` item of that unique_field."""
        ...

    async def close(self) -> None:
        """Release the client."""
        ...


class AsyncShim:
    """Presents a :class:`SyncAdapter` as an :class:`AsyncAdapter`, for untimed phases only."""

    __slots__ = ("_adapter",)

    def __init__(self, adapter: SyncAdapter) -> None:
        self._adapter = adapter

    async def drop(self, kind: Kind) -> None:
        """Drop the collection of ``kind``."""
        self._adapter.drop(kind)

    async def create(self, kind: Kind, document: Document) -> object:
        """Build and insert one model."""
        return self._adapter.create(kind, document)

    async def load_all(self, kind: Kind) -> list[Any]:
        """Read back every instance of ``kind``."""
        return self._adapter.load_all(kind)

    def id_of(self, instance: Any) -> ObjectId:
        """The ``_id`` of an instance."""
        return self._adapter.id_of(instance)

    async def update_flat(self, kind: Kind, instance: Any, value: str) -> None:
        """Set ``field1`` and save."""
        self._adapter.update_flat(kind, instance, value)

    async def update_nested(self, kind: Kind, instance: Any, value: str) -> None:
        """Set ``embedded_str_doc_1.field1`` and save."""
        self._adapter.update_nested(kind, instance, value)

    async def find_by_id(self, kind: Kind, id_: ObjectId) -> list[Any]:
        """Find by ``_id``."""
        return self._adapter.find_by_id(kind, id_)

    async def find_by_foreign_key(self, foreign_id: ObjectId) -> list[Any]:
        """Find by ``field_fk``."""
        return self._adapter.find_by_foreign_key(foreign_id)

    async def find_by_embedded(self, value: str) -> list[Any]:
        """Find by an embedded field."""
        return self._adapter.find_by_embedded(value)

    async def find_by_embedded_array(self, value: str) -> list[Any]:
        """Find by an embedded array field."""
        return self._adapter.find_by_embedded_array(value)

    async def close(self) -> None:
        """Release the client."""
        self._adapter.close()


@dataclass(frozen=True, slots=True)
class Counts:
    """Operations per iteration for each dataset (the same for every library)."""

    small: int
    large: int
    nested: int


Arguments = Sequence[tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class Plan:
    """A prepared task: the adapter method to time and, per iteration, its argument tuples."""

    operation: str
    arguments: Callable[[int], Arguments]
    bytes_per_iteration: int
    before: Callable[[], Awaitable[None]] | None = None
    teardown: Callable[[], Awaitable[None]] | None = None


Prepare = Callable[[AsyncAdapter, Datasets, Counts], Awaitable[Plan]]


@dataclass(frozen=True, slots=True)
class Task:
    """One benchmark task: its name, a title for the report, and how to prepare it."""

    name: str
    title: str
    prepare: Prepare


def _update_value(iteration: int) -> str:
    return f"updated_value{iteration}"


def _update_bytes(operations: int) -> int:
    return bson_size({UPDATE_FIELD: _update_value(0)}) * operations


def _dropper(api: AsyncAdapter, *kinds: Kind) -> Callable[[], Awaitable[None]]:
    async def drop() -> None:
        for kind in kinds:
            await api.drop(kind)

    return drop


async def _fill(api: AsyncAdapter, kind: Kind, documents: list[Document]) -> list[Any]:
    await api.drop(kind)
    for document in documents:
        await api.create(kind, document)
    return await api.load_all(kind)


def _creating(
    kind: Kind, source: Callable[[Datasets], Document], count: Callable[[Counts], int]
) -> Prepare:
    async def prepare(api: AsyncAdapter, data: Datasets, counts: Counts) -> Plan:
        operations = count(counts)

        def arguments(iteration: int) -> Arguments:
            return [(kind, source(data)) for _ in range(operations)]

        return Plan(
            operation="create",
            arguments=arguments,
            bytes_per_iteration=bson_size(source(data)) * operations,
            before=_dropper(api, kind),
            teardown=_dropper(api, kind),
        )

    return prepare


def _updating(
    kind: Kind,
    operation: str,
    source: Callable[[Datasets], Document],
    count: Callable[[Counts], int],
) -> Prepare:
    async def prepare(api: AsyncAdapter, data: Datasets, counts: Counts) -> Plan:
        operations = count(counts)
        instances = await _fill(api, kind, [source(data) for _ in range(operations)])

        def arguments(iteration: int) -> Arguments:
            value = _update_value(iteration)
            return [(kind, instance, value) for instance in instances]

        return Plan(
            operation=operation,
            arguments=arguments,
            bytes_per_iteration=_update_bytes(operations),
            teardown=_dropper(api, kind),
        )

    return prepare


async def _small_find_by_id(api: AsyncAdapter, data: Datasets, counts: Counts) -> Plan:
    instances = await _fill(api, "small", [dict(data.small) for _ in range(counts.small)])
    ids = [("small", api.id_of(instance)) for instance in instances]
    return Plan(
        operation="find_by_id",
        arguments=lambda iteration: ids,
        bytes_per_iteration=bson_size(data.small) * len(ids),
        teardown=_dropper(api, "small"),
    )


async def _small_find_by_foreign_key(api: AsyncAdapter, data: Datasets, counts: Counts) -> Plan:
    foreign = await _fill(
        api, "foreign", [{"name": "foreign_key_name"} for _ in range(counts.small)]
    )
    foreign_ids = [api.id_of(instance) for instance in foreign]
    await _fill(api, "small_fk", [data.small_fk(foreign_id) for foreign_id in foreign_ids])
    arguments = [(foreign_id,) for foreign_id in foreign_ids]
    return Plan(
        operation="find_by_foreign_key",
        arguments=lambda iteration: arguments,
        bytes_per_iteration=bson_size(data.small_fk(ObjectId())) * len(arguments),
        teardown=_dropper(api, "small_fk", "foreign"),
    )


def _nested_finding(operation: str, pick: Callable[[Document], str]) -> Prepare:
    async def prepare(api: AsyncAdapter, data: Datasets, counts: Counts) -> Plan:
        documents = [data.nested_document() for _ in range(counts.nested)]
        await _fill(api, "nested", documents)
        arguments = [(pick(document),) for document in documents]
        return Plan(
            operation=operation,
            arguments=lambda iteration: arguments,
            bytes_per_iteration=sum(bson_size(document) for document in documents),
            teardown=_dropper(api, "nested"),
        )

    return prepare


def _small(data: Datasets) -> Document:
    return dict(data.small)


def _large(data: Datasets) -> Document:
    return dict(data.large)


def _nested(data: Datasets) -> Document:
    return data.nested_document()


TASKS: tuple[Task, ...] = (
    Task("small_create", "Small model create", _creating("small", _small, lambda c: c.small)),
    Task(
        "small_update",
        "Small model update (field1)",
        _updating("small", "update_flat", _small, lambda c: c.small),
    ),
    Task("small_find_id", "Small model find by _id", _small_find_by_id),
    Task("small_find_fk", "Small model find by foreign key", _small_find_by_foreign_key),
    Task("large_create", "Large model create", _creating("large", _large, lambda c: c.large)),
    Task(
        "large_update",
        "Large model update (field1)",
        _updating("large", "update_flat", _large, lambda c: c.large),
    ),
    Task(
        "nested_create",
        "Nested large model create",
        _creating("nested", _nested, lambda c: c.nested),
    ),
    Task(
        "nested_update",
        "Nested update of one embedded field",
        _updating("nested", "update_nested", _nested, lambda c: c.nested),
    ),
    Task(
        "nested_find_embedded",
        "Nested find by an embedded field",
        _nested_finding("find_by_embedded", lambda d: str(d[EMBEDDED_FIELD][UNIQUE_FIELD])),
    ),
    Task(
        "nested_find_array",
        "Nested find by an embedded array field",
        _nested_finding(
            "find_by_embedded_array", lambda d: str(d[EMBEDDED_ARRAY_FIELD][0][UNIQUE_FIELD])
        ),
    ),
)
"""The task list, in report order."""


READ_TASKS = ("small_find_id", "small_find_fk", "nested_find_embedded", "nested_find_array")
"""The tasks that read documents (and only those differ between find and aggregate)."""


def task_names() -> list[str]:
    """The names of every task, in report order."""
    return [task.name for task in TASKS]


def _task(name: str) -> Task:
    for task in TASKS:
        if task.name == name:
            return task
    raise ValueError(f"unknown benchmark task {name!r}; known: {', '.join(task_names())}")


async def run_task(
    name: str,
    library: str,
    adapter: SyncAdapter | AsyncAdapter,
    *,
    is_async: bool,
    data: Datasets,
    counts: Counts,
    budget: Budget,
) -> Measurement:
    """Prepare task ``name`` through ``adapter``, time its iterations, and clean up."""
    task = _task(name)
    api: AsyncAdapter = adapter if is_async else AsyncShim(adapter)  # type: ignore[assignment,arg-type]
    plan = await task.prepare(api, data, counts)
    operation: Callable[..., Any] = getattr(adapter, plan.operation)
    timings: list[float] = []
    started = time.perf_counter()
    try:
        while not budget.done(len(timings), time.perf_counter() - started):
            if plan.before is not None:
                await plan.before()
            arguments = plan.arguments(len(timings))
            if is_async:
                begin = time.perf_counter()
                for args in arguments:
                    await operation(*args)
                timings.append(time.perf_counter() - begin)
            else:
                begin = time.perf_counter()
                for args in arguments:
                    operation(*args)
                timings.append(time.perf_counter() - begin)
    finally:
        if plan.teardown is not None:
            await plan.teardown()
    return Measurement(
        task=name,
        library=library,
        operations=len(plan.arguments(0)),
        bytes_per_iteration=plan.bytes_per_iteration,
        timings=tuple(timings),
    )
