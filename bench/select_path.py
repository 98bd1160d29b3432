"""The client side of ``select``, against ``bson.decode_all`` of the same batch (no server).

A ``select`` receives batches of BSON from the server; PyMongo decodes each batch into dicts
and gault turns each dict into a tracked instance (load, persistence mark, snapshot). This
measures that whole client-side path, ``decode_all(batch)`` then the manager's loader on
every document, as a ratio to ``decode_all(batch)`` alone: the part of a read that gault
adds on top of the driver. Small (flat) and nested documents, 1,000 per batch (the size of
a full run's small find); the garbage collector stays on, as in a program reading data,
and the tracked instances are kept until the batch is timed, as a ``list(select(...))``
keeps them.

The floor beside it is the same path with a loader that checks nothing: each instance (and
each embedded one) is a new object whose ``__dict__`` is a copy of its document, tracked alike.
It is what making one tracked Python object per document costs, before any validation.

    python -m bench.select_path [--documents N] [--repeats N]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable, Mapping
from typing import Any

from bson import ObjectId, decode_all, encode

from bench.data import Datasets, Document, load_datasets
from bench.libs.gault_lib import Models
from bench.report import select_path_rows
from gault._schema.plan import plan_of
from gault.mappers import get_mapper
from gault.models import Model
from gault.tracking import Persistence, StateTracker, tracking_loader

__all__ = ["KINDS", "main", "measure"]

#: The two document shapes measured, by the model kind of ``bench.libs.gault_lib.Models``.
KINDS = ("small", "nested")
BATCH = 1_000


def _batch(data: Datasets, kind: str, documents: int) -> bytes:
    def document() -> Document:
        body = data.small if kind == "small" else data.nested_document()
        return {"_id": ObjectId(), **body}

    return b"".join(encode(document()) for _ in range(documents))


#: The instance ``__dict__`` setter (``Model.__setattr__`` takes fields only).
_SET_STATE = Model.__dict__["__dict__"].__set__


def _unchecked(model: type[Model]) -> Callable[[Mapping[str, Any]], Model]:
    """A loader of ``model`` with no check at all (the floor): copy, rename, embed, no more."""
    plan = plan_of(model)
    renames = [(field.db_key, field.name) for field in plan.fields if field.db_key != field.name]
    embedded = []
    for field in plan.fields:
        codec = field.codec
        if codec.embedded is None:
            continue
        many = codec.shape == "list"
        embedded.append((field.name, _unchecked(codec.embedded), many))

    def load(raw: Mapping[str, Any]) -> Model:
        instance = object.__new__(model)
        state = dict(raw)
        for key, name in renames:
            state[name] = state.pop(key)
        for name, inner, many in embedded:
            value = state[name]
            state[name] = [inner(item) for item in value] if many else inner(value)
        _SET_STATE(instance, state)
        return instance

    return load


def _time(run: Callable[[], object], repeats: int) -> float:
    seconds = []
    for _ in range(repeats):
        gc.collect()
        begin = time.perf_counter()
        kept = run()
        seconds.append(time.perf_counter() - begin)
        del kept
    return statistics.median(seconds)


def measure(data: Datasets, *, documents: int = BATCH, repeats: int = 15) -> dict[str, Any]:
    """Microseconds per document of ``decode_all``, of decode + load + track and of the floor
    (decode + unchecked load + track), and their ratios to the decode; each the best of three
    interleaved medians of ``repeats`` batches."""
    models = Models(data)
    results: dict[str, Any] = {}
    for kind in KINDS:
        batch = _batch(data, kind, documents)
        model = models.schemas[kind]

        def decode(batch: bytes = batch) -> object:
            return decode_all(batch)

        def select(batch: bytes = batch, model: Any = model) -> object:
            # What a manager's select runs, with fresh trackers for each batch.
            load = tracking_loader(get_mapper(model).load, Persistence(), StateTracker())
            return [load(document) for document in decode_all(batch)]

        def floor(batch: bytes = batch, model: Any = model) -> object:
            load = tracking_loader(_unchecked(model), Persistence(), StateTracker())
            return [load(document) for document in decode_all(batch)]

        decoded, selected, floors = [], [], []
        for _ in range(3):  # interleaved, so a slow spell of the machine hits all alike
            decoded.append(_time(decode, repeats))
            selected.append(_time(select, repeats))
            floors.append(_time(floor, repeats))
        decode_s, select_s, floor_s = min(decoded), min(selected), min(floors)
        results[kind] = {
            "documents": documents,
            "decode_us": decode_s / documents * 1e6,
            "select_us": select_s / documents * 1e6,
            "ratio": select_s / decode_s,
            "floor_us": floor_s / documents * 1e6,
            "floor_ratio": floor_s / decode_s,
        }
    return results


def main(argv: list[str] | None = None) -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.select_path", description=__doc__)
    parser.add_argument("--documents", type=int, default=BATCH)
    parser.add_argument("--repeats", type=int, default=15)
    options = parser.parse_args(argv)
    results = measure(load_datasets(), documents=options.documents, repeats=options.repeats)
    print("\n".join(select_path_rows(results)))


if __name__ == "__main__":
    main()
