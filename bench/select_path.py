"""The client side of ``select``, against ``bson.decode_all`` of the same batch (no server).

A ``select`` receives batches of BSON from the server; PyMongo decodes each batch into dicts
and gault turns each dict into a tracked instance (load, persistence mark, snapshot). This
measures that whole client-side path, ``decode_all(batch)`` then the manager's loader on
every document, as a ratio to ``decode_all(batch)`` alone: the part of a read that gault
adds on top of the driver. Small (flat) and nested documents, 1,000 per batch (the size of
a full run's small find); the garbage collector stays on, as in a program reading data,
and the tracked instances are kept until the batch is timed, as a ``list(select(...))``
keeps them.

    python -m bench.select_path [--documents N] [--repeats N]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

from bson import ObjectId, decode_all, encode

from bench.data import Datasets, Document, load_datasets
from bench.libs.gault_lib import Models
from bench.report import select_path_rows
from gault.mappers import get_mapper
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
    """Microseconds per document of ``decode_all`` and of decode + load + track, and the
    ratio of the two; each the best of three interleaved medians of ``repeats`` batches."""
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

        decoded, selected = [], []
        for _ in range(3):  # interleaved, so a slow spell of the machine hits both alike
            decoded.append(_time(decode, repeats))
            selected.append(_time(select, repeats))
        decode_s, select_s = min(decoded), min(selected)
        results[kind] = {
            "documents": documents,
            "decode_us": decode_s / documents * 1e6,
            "select_us": select_s / documents * 1e6,
            "ratio": select_s / decode_s,
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
