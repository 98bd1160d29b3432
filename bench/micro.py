"""Client-side micro-benchmarks, no server: hydrate, dump, compile a filter, detect changes.

Every library process times the same four operations on the nested dataset and, in the same
process, a hand-written ``@dataclass(slots=True)`` baseline built from the same dicts (SPEC §9
states gault's bounds as ratios to it):

- ``hydrate``: the whole read path of a find, per document: build the instance and whatever the
  library does to track it (gault: load + mark persisted + snapshot);
- ``dump``: instance to the document sent to the server;
- ``filter``: build and compile ``field1 == a AND field8 > n AND field2 IN [..]`` once;
- ``compile``: compile that filter, built beforehand (what a reused filter object costs);
- ``dirty``: after one top-level field was replaced on each loaded instance, ask for the changes;
- ``define``: define the library's benchmark model classes (7 per round, 7 rounds), the
  metaclass cost paid once per class.

Times are the median of ``repeats`` runs, reported in microseconds per item. As ``timeit``
does, the garbage collector is off while an operation is timed (and run between operations),
so a collection triggered by one library's allocations is not billed to the next.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, make_dataclass
from typing import Any, Protocol

from bson import ObjectId

from bench.data import Datasets, Document

__all__ = ["OPERATIONS", "Baseline", "MicroSuite", "run_micro"]

OPERATIONS = ("hydrate", "dump", "filter", "compile", "dirty", "define")
DEFINE_ROUNDS = 7
CHANGED_FIELD = "embedded_str_doc_1"
FILTER_VALUES = ("miNVpaKW", 1000, ["CS5VwrwN", "Oq5Csk1w"])


class MicroSuite(Protocol):
    """What each library offers the micro-benchmarks."""

    def hydrate(self, documents: list[Document]) -> list[Any]:
        """Load raw nested documents as tracked, persisted instances (a find's read path)."""
        ...

    def dump(self, instances: list[Any]) -> list[Any]:
        """Turn instances into the documents the driver would send."""
        ...

    def build_filter(self) -> object:
        """Build the 3-condition filter on the small flat model (the library's query object)."""
        ...

    def compile_filter(self, built: object) -> object:
        """Compile a built filter into the query document sent to the server."""
        ...

    def change(self, instance: Any) -> None:
        """Replace ``embedded_str_doc_1`` with a copy whose ``field1`` differs (untimed)."""
        ...

    def dirty(self, instance: Any) -> object:
        """The library's changed-fields answer for one instance."""
        ...

    def define(self, data: Datasets) -> int:
        """Define every benchmark model class afresh; return how many classes that was."""
        ...


@dataclass(slots=True)
class StrDoc:
    """The string sub-document, written by hand."""

    field1: str
    field2: str
    field3: str
    field4: str
    field5: str
    field6: str
    field7: str
    field8: str
    field9: str
    field10: str
    field11: str
    field12: str
    field13: str
    field14: str
    field15: str
    unique_field: str

    @classmethod
    def from_dict(cls, d: Document) -> StrDoc:
        """Build from a raw sub-document."""
        return cls(
            d["field1"], d["field2"], d["field3"], d["field4"], d["field5"], d["field6"],
            d["field7"], d["field8"], d["field9"], d["field10"], d["field11"], d["field12"],
            d["field13"], d["field14"], d["field15"], d["unique_field"],
        )  # fmt: skip

    def to_dict(self) -> Document:
        """The raw sub-document."""
        return {
            "field1": self.field1, "field2": self.field2, "field3": self.field3,
            "field4": self.field4, "field5": self.field5, "field6": self.field6,
            "field7": self.field7, "field8": self.field8, "field9": self.field9,
            "field10": self.field10, "field11": self.field11, "field12": self.field12,
            "field13": self.field13, "field14": self.field14, "field15": self.field15,
            "unique_field": self.unique_field,
        }  # fmt: skip


@dataclass(slots=True)
class IntDoc:
    """The integer sub-document, written by hand."""

    field1: int
    field2: int
    field3: int
    field4: int
    field5: int
    field6: int
    field7: int
    field8: int
    field9: int
    field10: int
    field11: int
    field12: int
    field13: int
    field14: int
    field15: int

    @classmethod
    def from_dict(cls, d: Document) -> IntDoc:
        """Build from a raw sub-document."""
        return cls(
            d["field1"], d["field2"], d["field3"], d["field4"], d["field5"], d["field6"],
            d["field7"], d["field8"], d["field9"], d["field10"], d["field11"], d["field12"],
            d["field13"], d["field14"], d["field15"],
        )  # fmt: skip

    def to_dict(self) -> Document:
        """The raw sub-document."""
        return {
            "field1": self.field1, "field2": self.field2, "field3": self.field3,
            "field4": self.field4, "field5": self.field5, "field6": self.field6,
            "field7": self.field7, "field8": self.field8, "field9": self.field9,
            "field10": self.field10, "field11": self.field11, "field12": self.field12,
            "field13": self.field13, "field14": self.field14, "field15": self.field15,
        }  # fmt: skip


@dataclass(slots=True)
class Nested:
    """The nested model, written by hand; ``snapshot`` holds the loaded field values."""

    id: Any
    embedded_str_doc_1: StrDoc
    embedded_str_doc_2: StrDoc
    embedded_str_doc_3: StrDoc
    embedded_str_doc_4: StrDoc
    embedded_str_doc_5: StrDoc
    embedded_str_doc_array: list[StrDoc]
    embedded_int_doc_8: IntDoc
    embedded_int_doc_9: IntDoc
    embedded_int_doc_10: IntDoc
    embedded_int_doc_11: IntDoc
    embedded_int_doc_12: IntDoc
    embedded_int_doc_13: IntDoc
    embedded_int_doc_14: IntDoc
    snapshot: tuple[Any, ...] = ()


NESTED_FIELDS = tuple(name for name in Nested.__dataclass_fields__ if name != "snapshot")


class Baseline:
    """The hand-written baseline: dataclasses, a shallow snapshot tuple, a dict filter."""

    __slots__ = ()

    def hydrate(self, documents: list[Document]) -> list[Any]:
        """Build nested dataclasses and take a shallow snapshot of their fields."""
        instances = []
        for d in documents:
            s = StrDoc.from_dict
            i = IntDoc.from_dict
            instance = Nested(
                d["_id"],
                s(d["embedded_str_doc_1"]), s(d["embedded_str_doc_2"]),
                s(d["embedded_str_doc_3"]), s(d["embedded_str_doc_4"]),
                s(d["embedded_str_doc_5"]), [s(item) for item in d["embedded_str_doc_array"]],
                i(d["embedded_int_doc_8"]), i(d["embedded_int_doc_9"]),
                i(d["embedded_int_doc_10"]), i(d["embedded_int_doc_11"]),
                i(d["embedded_int_doc_12"]), i(d["embedded_int_doc_13"]),
                i(d["embedded_int_doc_14"]),
            )  # fmt: skip
            instance.snapshot = _shallow(instance)
            instances.append(instance)
        return instances

    def dump(self, instances: list[Any]) -> list[Any]:
        """Hand-written dicts of the dataclasses."""
        return [
            {
                "_id": n.id,
                "embedded_str_doc_1": n.embedded_str_doc_1.to_dict(),
                "embedded_str_doc_2": n.embedded_str_doc_2.to_dict(),
                "embedded_str_doc_3": n.embedded_str_doc_3.to_dict(),
                "embedded_str_doc_4": n.embedded_str_doc_4.to_dict(),
                "embedded_str_doc_5": n.embedded_str_doc_5.to_dict(),
                "embedded_str_doc_array": [item.to_dict() for item in n.embedded_str_doc_array],
                "embedded_int_doc_8": n.embedded_int_doc_8.to_dict(),
                "embedded_int_doc_9": n.embedded_int_doc_9.to_dict(),
                "embedded_int_doc_10": n.embedded_int_doc_10.to_dict(),
                "embedded_int_doc_11": n.embedded_int_doc_11.to_dict(),
                "embedded_int_doc_12": n.embedded_int_doc_12.to_dict(),
                "embedded_int_doc_13": n.embedded_int_doc_13.to_dict(),
                "embedded_int_doc_14": n.embedded_int_doc_14.to_dict(),
            }
            for n in instances
        ]

    def compile_filter(self, built: object) -> object:
        """A literal dict needs no compiling."""
        return built

    def build_filter(self) -> object:
        """The filter as a literal dict."""
        first, threshold, among = FILTER_VALUES
        return {
            "$and": [
                {"field1": {"$eq": first}},
                {"field8": {"$gt": threshold}},
                {"field2": {"$in": list(among)}},
            ]
        }

    def change(self, instance: Any) -> None:
        """Replace embedded_str_doc_1 with a changed copy."""
        copy = StrDoc.from_dict(instance.embedded_str_doc_1.to_dict())
        copy.field1 = "changed"
        instance.embedded_str_doc_1 = copy

    def dirty(self, instance: Any) -> object:
        """Field names whose value is not the snapshot's (identity first, then equality)."""
        changed = []
        for name, old in zip(NESTED_FIELDS, instance.snapshot, strict=True):
            value = getattr(instance, name)
            if value is not old and value != old:
                changed.append(name)
        return changed

    def define(self, data: Datasets) -> int:
        """``make_dataclass(..., slots=True)`` for the same shapes as the libraries."""
        shapes = data.shapes
        classes = [
            make_dataclass("StrDoc", list(shapes.str_embedded.items()), slots=True),
            make_dataclass("IntDoc", list(shapes.int_embedded.items()), slots=True),
            make_dataclass("Small", list(shapes.small.items()), slots=True),
            make_dataclass("SmallFk", [*shapes.small.items(), ("field_fk", ObjectId)], slots=True),
            make_dataclass("Foreign", [("name", str)], slots=True),
            make_dataclass("Large", list(shapes.large.items()), slots=True),
            make_dataclass("Nested", [(name, object) for name in shapes.nested], slots=True),
        ]
        return len(classes)


def _shallow(instance: Nested) -> tuple[Any, ...]:
    return tuple(getattr(instance, name) for name in NESTED_FIELDS)


class _Prepared:
    """One suite's loaded instances (changed, untimed, just before ``dirty`` is timed)."""

    __slots__ = ("loaded", "suite")

    def __init__(self, suite: MicroSuite, raw: list[Document]) -> None:
        self.suite = suite
        self.loaded = suite.hydrate(raw)

    def change(self) -> None:
        """Apply the one change to every loaded instance and check the suite sees it."""
        for instance in self.loaded:
            self.suite.change(instance)
        if not self.suite.dirty(self.loaded[0]):
            raise RuntimeError(f"{type(self.suite).__name__}.dirty did not see the changed field")


def _operations(
    prepared: _Prepared, raw: list[Document], data: Datasets, filters: int
) -> dict[str, tuple[Callable[[], object], int]]:
    """Each operation as (timed callable, items it handles)."""
    suite = prepared.suite

    def build_and_compile() -> None:
        for _ in range(filters):
            suite.compile_filter(suite.build_filter())

    built = suite.build_filter()

    def compile_built() -> None:
        for _ in range(filters):
            suite.compile_filter(built)

    def detect() -> None:
        for instance in prepared.loaded:
            suite.dirty(instance)

    def define_all() -> None:
        for _ in range(DEFINE_ROUNDS):
            suite.define(data)

    classes = suite.define(data) * DEFINE_ROUNDS
    return {
        "hydrate": (lambda: suite.hydrate(raw), len(raw)),
        "dump": (lambda: suite.dump(prepared.loaded), len(raw)),
        "filter": (build_and_compile, filters),
        "compile": (compile_built, filters),
        "dirty": (detect, len(raw)),
        "define": (define_all, classes),
    }


def run_micro(
    suites: dict[str, MicroSuite], data: Datasets, *, documents: int, filters: int, repeats: int
) -> dict[str, dict[str, float]]:
    """Time every operation for every suite; microseconds per item, by suite and operation.

    The suites share the same raw documents, and their repeats are interleaved (each repeat
    times every suite in turn) so that a slow spell of a shared machine hits them alike.
    """
    raw = [{"_id": ObjectId(), **data.nested_document()} for _ in range(documents)]
    prepared = {name: _Prepared(suite, raw) for name, suite in suites.items()}
    operations = {name: _operations(p, raw, data, filters) for name, p in prepared.items()}
    timings: dict[str, dict[str, list[float]]] = {
        name: {operation: [] for operation in OPERATIONS} for name in suites
    }
    for operation in OPERATIONS:
        if operation == "dirty":
            for each in prepared.values():
                each.change()
        for _ in range(repeats):
            for name in suites:
                run, _count = operations[name][operation]
                gc.collect()
                gc.disable()
                try:
                    begin = time.perf_counter()
                    run()
                    timings[name][operation].append(time.perf_counter() - begin)
                finally:
                    gc.enable()
    return {
        name: {
            operation: statistics.median(seconds) / operations[name][operation][1] * 1_000_000
            for operation, seconds in by_operation.items()
        }
        for name, by_operation in timings.items()
    }
