"""Runs one library's tasks and micro-benchmarks and reports them as JSON.

In-process libraries (raw PyMongo, gault) are run by calling :func:`work`; each peer ODM runs
``python -m bench.worker`` in its own virtualenv, which prints one line
``BENCH-RESULT {json}`` on stdout (anything else the library prints is ignored). A task that
fails is reported with its error instead of a measurement, never dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import platform
import sys
from typing import Any

from pymongo import MongoClient

from bench.config import mode
from bench.data import load_datasets
from bench.libs import MODULES, VARIANTS
from bench.micro import Baseline, MicroSuite, run_micro
from bench.tasks import run_task

__all__ = ["MARKER", "work"]

MARKER = "BENCH-RESULT "
ERROR_LENGTH = 400


def _error(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= ERROR_LENGTH else text[: ERROR_LENGTH - 1] + "…"


async def work(
    library: str,
    uri: str,
    *,
    mode_name: str,
    tasks: list[str],
    variants: list[str],
    micro: bool,
) -> dict[str, Any]:
    """Run ``tasks`` for each of ``variants`` of ``library`` (and its micro-benchmarks)."""
    if library not in MODULES:
        raise ValueError(f"unknown library {library!r}; known: {', '.join(MODULES)}")
    module = importlib.import_module(MODULES[library])
    run = mode(mode_name)
    data = load_datasets()
    report: dict[str, Any] = {
        "library": library,
        "version": module.version(),
        "python": platform.python_version(),
        "measurements": [],
        "errors": [],
        "micro": None,
    }
    for variant in variants:
        if variant not in module.VARIANTS:
            continue
        label = f"{library}/{variant}"
        database = f"bench_{library}_{variant}"
        opener = getattr(module, "open_" + variant.replace("-", "_"))
        is_async = asyncio.iscoroutinefunction(opener)
        try:
            adapter = await opener(uri, database, data) if is_async else opener(uri, database, data)
        except Exception as exc:  # noqa: BLE001 - reported: the library cannot run here
            report["errors"].append({"library": label, "task": "*", "error": _error(exc)})
            continue
        only = getattr(module, "VARIANT_TASKS", {}).get(variant)
        try:
            for task in tasks:
                if only is not None and task not in only:
                    continue
                try:
                    measurement = await run_task(
                        task,
                        label,
                        adapter,
                        is_async=is_async,
                        data=data,
                        counts=run.counts,
                        budget=run.budget,
                    )
                except Exception as exc:  # noqa: BLE001 - reported: one task must not hide others
                    report["errors"].append({"library": label, "task": task, "error": _error(exc)})
                else:
                    report["measurements"].append(measurement.to_json())
        finally:
            closing = adapter.close()
            if asyncio.iscoroutine(closing):
                await closing
            client: MongoClient[dict[str, Any]] = MongoClient(uri)
            try:
                client.drop_database(database)
            finally:
                client.close()
    if micro:
        report["micro"] = await _micro(
            module, uri, data, run.micro_documents, run.micro_filters, run.micro_repeats
        )
    return report


async def _micro(
    module: Any, uri: str, data: Any, documents: int, filters: int, repeats: int
) -> dict[str, Any] | None:
    sizes = {"documents": documents, "filters": filters, "repeats": repeats}
    try:
        suite = module.micro(uri, data)
        if asyncio.iscoroutine(suite):
            suite = await suite
        suites: dict[str, MicroSuite] = {"baseline": Baseline()}
        if suite is not None:
            suites["library"] = suite
        timed = run_micro(suites, data, **sizes)
    except Exception as exc:  # noqa: BLE001 - reported in the table instead of a number
        timed = run_micro({"baseline": Baseline()}, data, **sizes)
        return {"baseline": timed["baseline"], "library": None, "error": _error(exc)}
    return {"baseline": timed["baseline"], "library": timed.get("library"), "error": None}


def main(argv: list[str] | None = None) -> int:
    """Command line of the worker subprocess."""
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("--library", required=True, choices=sorted(MODULES))
    parser.add_argument("--uri", required=True)
    parser.add_argument("--mode", default="quick")
    parser.add_argument("--tasks", required=True, help="comma-separated task names")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--micro", action="store_true")
    args = parser.parse_args(argv)
    report = asyncio.run(
        work(
            args.library,
            args.uri,
            mode_name=args.mode,
            tasks=[name for name in args.tasks.split(",") if name],
            variants=args.variants.split(","),
            micro=args.micro,
        )
    )
    sys.stdout.write(MARKER + json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
