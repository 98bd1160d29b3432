"""``python -m bench``: run the ODM tasks and micro-benchmarks for every library, side by side.

    python -m bench [--quick] [--tasks NAME,...] [--libs NAME,...] [--variants NAME,...]
                    [--no-micro] [--output DIR]

Starts the bundled test server (or uses ``MONGODB_URI``), runs raw PyMongo and gault in this
interpreter and each peer ODM in its own virtualenv under ``bench/.venvs/`` (created on first
use), prints the markdown table, and writes ``RESULTS.md``, ``results.json`` and
``results.png`` to ``--output`` (default ``bench/`` for full runs; quick runs write only when
``--output`` is given).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import pathlib
import platform
import shlex
import subprocess
import sys
from typing import Any

from bench.config import Mode, mode
from bench.data import load_datasets
from bench.libs import IN_PROCESS, LIBRARIES, PEERS, VARIANTS
from bench.report import render
from bench.select_path import measure as measure_select_path
from bench.server import mongodb_uri
from bench.tasks import TASKS, task_names
from bench.venvs import InstallError, ensure_venv
from bench.worker import MARKER, work

__all__ = ["main", "merge_rounds", "run"]

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
NOTES = HERE / "notes.md"
CHART_REQUIREMENTS = ("matplotlib",)
WORKER_TIMEOUT = 1800.0


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in pathlib.Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}"


def _failed(library: str, message: str) -> dict[str, Any]:
    return {
        "library": library,
        "version": None,
        "measurements": [],
        "errors": [{"library": f"{library}/*", "task": "*", "error": message}],
        "micro": None,
    }


def _run_peer(
    library: str, uri: str, run: Mode, tasks: list[str], variants: list[str], micro: bool
) -> dict[str, Any]:
    try:
        python = ensure_venv(library, PEERS[library])
    except InstallError as exc:
        return _failed(library, str(exc))
    command = [
        str(python), "-m", "bench.worker", "--library", library, "--uri", uri,
        "--mode", run.name, "--tasks", ",".join(tasks), "--variants", ",".join(variants),
    ]  # fmt: skip
    if micro:
        command.append("--micro")
    try:
        result = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=WORKER_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return _failed(library, f"worker timed out after {WORKER_TIMEOUT:.0f}s")
    for line in result.stdout.splitlines():
        if line.startswith(MARKER):
            report: dict[str, Any] = json.loads(line.removeprefix(MARKER))
            return report
    tail = " | ".join(result.stderr.strip().splitlines()[-3:])
    return _failed(library, f"worker exited {result.returncode}: {tail}")


def merge_rounds(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One report per library: the timings of every round pooled, errors listed once."""
    merged: dict[str, dict[str, Any]] = {}
    for report in reports:
        into = merged.get(report["library"])
        if into is None:
            merged[report["library"]] = json.loads(json.dumps(report))
            continue
        into["version"] = into["version"] or report["version"]
        into["micro"] = into["micro"] or report["micro"]
        pooled = {(m["task"], m["library"]): m for m in into["measurements"]}
        for measurement in report["measurements"]:
            same = pooled.get((measurement["task"], measurement["library"]))
            if same is None:
                into["measurements"].append(measurement)
            else:
                same["timings"] += measurement["timings"]
        for error in report["errors"]:
            if error not in into["errors"]:
                into["errors"].append(error)
    return list(merged.values())


def run(
    run_mode: Mode,
    *,
    libraries: list[str],
    tasks: list[str],
    variants: list[str],
    micro: bool,
    command: str,
) -> dict[str, Any]:
    """Run everything asked for against one server; return the results dict for the report."""
    load_datasets()  # fail before starting anything if a dataset is missing
    reports = []
    with mongodb_uri() as (uri, server):
        print("bench: warming the server up (raw PyMongo, discarded) ...", file=sys.stderr)
        asyncio.run(
            work("pymongo", uri, mode_name="quick", tasks=tasks, variants=["sync"], micro=False)
        )
        for round_ in range(run_mode.rounds):
            with_micro = micro and round_ == 0
            for library in libraries:
                print(f"bench: round {round_ + 1}: {library} ...", file=sys.stderr, flush=True)
                if library in IN_PROCESS:
                    report = asyncio.run(
                        work(
                            library,
                            uri,
                            mode_name=run_mode.name,
                            tasks=tasks,
                            variants=variants,
                            micro=with_micro,
                        )
                    )
                else:
                    report = _run_peer(library, uri, run_mode, tasks, variants, with_micro)
                reports.append(report)
    titles = {task.name: task.title for task in TASKS}
    select_path = None
    if micro:
        print("bench: the select path against bson.decode_all ...", file=sys.stderr, flush=True)
        select_path = measure_select_path(load_datasets(), repeats=run_mode.micro_repeats * 5)
    return {
        "meta": {
            "command": command,
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "mode": run_mode.name,
            "machine": _machine(),
            "python": platform.python_version(),
            "server": server,
            "counts": (
                f"small {run_mode.counts.small}, large {run_mode.counts.large}, "
                f"nested {run_mode.counts.nested}"
            ),
            "budget": (
                f"{run_mode.rounds} round(s) over the libraries, each running "
                f"{run_mode.budget.min_iterations}–{run_mode.budget.max_iterations} iterations "
                f"and {run_mode.budget.min_seconds:g}–{run_mode.budget.max_seconds:g} s per task"
            ),
        },
        "tasks": [(name, titles[name]) for name in tasks],
        "reports": merge_rounds(reports),
        "select_path": select_path,
    }


def _write(results: dict[str, Any], output: pathlib.Path, markdown: str) -> None:
    output.mkdir(parents=True, exist_ok=True)
    (output / "RESULTS.md").write_text(markdown, encoding="utf-8")
    raw = output / "results.json"
    raw.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    try:
        python = ensure_venv("report", CHART_REQUIREMENTS)
    except InstallError as exc:
        print(f"bench: no chart: {exc}", file=sys.stderr)
        return
    subprocess.run(
        [str(python), "-m", "bench.report", "chart", str(raw), str(output / "results.png")],
        cwd=ROOT,
        check=True,
        timeout=WORKER_TIMEOUT,
    )


def _names(value: str, known: list[str], what: str) -> list[str]:
    names = [name for name in value.split(",") if name]
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {unknown or value!r}; known: {', '.join(known)}"
        )
    return names


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="smoke-run sizes (whole run < 5 min)")
    parser.add_argument("--tasks", default=",".join(task_names()), help="comma-separated tasks")
    parser.add_argument("--libs", default=",".join(LIBRARIES), help="comma-separated libraries")
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help=f"some of {', '.join(VARIANTS)}"
    )
    parser.add_argument("--no-micro", action="store_true", help="skip the micro-benchmarks")
    parser.add_argument("--output", type=pathlib.Path, help="folder for RESULTS.md/json/png")
    args = parser.parse_args(argv)
    try:
        tasks = _names(args.tasks, task_names(), "task")
        libraries = _names(args.libs, list(LIBRARIES), "library")
        variants = _names(args.variants, list(VARIANTS), "variant")
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    run_mode = mode("quick" if args.quick else "full")
    command = "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])
    results = run(
        run_mode,
        libraries=libraries,
        tasks=tasks,
        variants=variants,
        micro=not args.no_micro,
        command=command.strip(),
    )
    markdown = render(results)
    print(markdown)
    output = args.output or (None if args.quick else HERE)
    if output is not None:
        _write(results, output, markdown)
        print(
            f"bench: wrote {output}; the analysis in {NOTES.name} is about the previous run: "
            f"update it, then python -m bench.report render {output / 'results.json'} "
            f"{output / 'RESULTS.md'} {NOTES}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
