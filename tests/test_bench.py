"""The benchmark harness (``bench/``) cannot rot: a quick run of one task, raw PyMongo and gault.

Nothing here asserts on timings; it checks that the harness runs the task through both
libraries and both variants, measures what it says, and reports it.
"""

from __future__ import annotations

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # ``bench`` is a top-level folder, not part of the gault package
    sys.path.insert(0, str(ROOT))

from bench.__main__ import main, merge_rounds, run
from bench.config import mode
from bench.data import bson_size, data_dir, load_datasets
from bench.libs.gault_lib import GaultMicro, Models
from bench.micro import OPERATIONS, Baseline, MicroSuite, run_micro
from bench.report import LOAD_TASKS, render
from bench.select_path import KINDS
from bench.select_path import measure as measure_select_path
from bench.tasks import READ_TASKS, run_task
from bench.timing import Budget, Measurement, percentile

# The datasets come from MongoDB's ODM benchmark and live outside the repository, in
# shared/bench-data/odm/ beside it (CI has them) or wherever GAULT_BENCH_DATA points.
pytestmark = pytest.mark.skipif(
    not (data_dir() / "flat-models" / "small_doc.json").is_file(),
    reason=f"the ODM benchmark datasets are not in {data_dir()} (set GAULT_BENCH_DATA)",
)

TASK = "small_find_id"
LABELS = {"pymongo/sync", "pymongo/async", "gault/sync", "gault/async"}


def test_quick_run_of_one_task_for_pymongo_and_gault(
    mongodb_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONGODB_URI", mongodb_uri)
    quick = mode("quick")
    results = run(
        quick,
        libraries=["pymongo", "gault"],
        tasks=[TASK],
        variants=["sync", "async"],
        micro=False,
        command="pytest",
    )
    assert [report["errors"] for report in results["reports"]] == [[], []]
    measurements = [
        Measurement.from_json(payload)
        for report in results["reports"]
        for payload in report["measurements"]
    ]
    assert {m.library for m in measurements} == LABELS
    small = load_datasets().small
    for measurement in measurements:
        assert measurement.task == TASK
        assert measurement.operations == quick.counts.small
        assert measurement.bytes_per_iteration == bson_size(small) * quick.counts.small
        assert quick.budget.min_iterations <= len(measurement.timings)
        assert len(measurement.timings) <= quick.budget.max_iterations
        assert all(seconds > 0 for seconds in measurement.timings)
    markdown = render(results)
    assert "Small model find by _id" in markdown
    assert all(label in markdown for label in LABELS)
    assert "Could not run" not in markdown


def test_command_line_quick_run_prints_the_table(
    mongodb_uri: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MONGODB_URI", mongodb_uri)
    status = main(["--quick", "--tasks", TASK, "--libs", "pymongo,gault", "--no-micro"])
    table = capsys.readouterr().out
    assert status == 0
    assert "| Small model find by _id |" in table
    assert "gault/async" in table
    assert "Could not run" not in table


def test_command_line_rejects_unknown_names() -> None:
    with pytest.raises(SystemExit):
        main(["--quick", "--tasks", "no_such_task"])


async def test_run_task_propagates_adapter_errors() -> None:
    class Broken:
        async def drop(self, kind: str) -> None:
            raise RuntimeError("cannot drop")

        async def create(self, kind: str, document: dict[str, object]) -> object:
            return document

    with pytest.raises(RuntimeError, match="cannot drop"):
        await run_task(
            "small_create",
            "broken/async",
            Broken(),  # type: ignore[arg-type]
            is_async=True,
            data=load_datasets(),
            counts=mode("quick").counts,
            budget=Budget(1, 1, 0.0, 1.0),
        )


def test_micro_benchmarks_run_for_gault_and_the_baseline() -> None:
    data = load_datasets()
    suites: dict[str, MicroSuite] = {"gault": GaultMicro(Models(data)), "baseline": Baseline()}
    timings = run_micro(suites, data, documents=20, filters=20, repeats=1)
    assert set(timings) == {"gault", "baseline"}
    for by_operation in timings.values():
        assert tuple(by_operation) == OPERATIONS
        assert all(value > 0 for value in by_operation.values())


def test_select_path_measure_reports_both_shapes_and_renders() -> None:
    results = measure_select_path(load_datasets(), documents=20, repeats=1)
    assert tuple(results) == KINDS
    for row in results.values():
        assert row["documents"] == 20
        assert row["decode_us"] > 0 and row["select_us"] > 0
        assert row["ratio"] == pytest.approx(row["select_us"] / row["decode_us"])
    markdown = render({"meta": META, "tasks": [], "reports": [], "select_path": results})
    assert "## The select path against `bson.decode_all` (no server)" in markdown
    assert "| small (20 per batch) |" in markdown and "| nested (20 per batch) |" in markdown


META = {
    "command": "pytest",
    "date": "today",
    "mode": "quick",
    "machine": "here",
    "python": "3",
    "server": "bundled",
    "counts": "-",
    "budget": "-",
}


def test_gault_dirty_fields_see_the_micro_change() -> None:
    data = load_datasets()
    suite = GaultMicro(Models(data))
    from bson import ObjectId

    [instance] = suite.hydrate([{"_id": ObjectId(), **data.nested_document()}])
    assert suite.dirty(instance) == set()
    suite.change(instance)
    assert suite.dirty(instance) == {"embedded_str_doc_1"}


def test_nearest_rank_percentiles() -> None:
    timings = [5.0, 1.0, 4.0, 2.0, 3.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert percentile(timings, 10) == 1.0
    assert percentile(timings, 50) == 5.0
    assert percentile(timings, 90) == 9.0
    assert percentile([3.0], 10) == 3.0
    with pytest.raises(ValueError, match="no timings"):
        percentile([], 50)


def test_budget_stops_on_the_first_limit_reached() -> None:
    budget = Budget(min_iterations=3, max_iterations=5, min_seconds=1.0, max_seconds=10.0)
    assert not budget.done(2, 5.0)
    assert not budget.done(3, 0.5)
    assert budget.done(3, 1.0)
    assert budget.done(5, 0.0)
    assert budget.done(1, 10.0)


def test_measurement_round_trips_through_json() -> None:
    measurement = Measurement("t", "lib/sync", 10, 2_000_000, (2.0, 1.0, 4.0))
    again = Measurement.from_json(measurement.to_json())
    assert again == measurement
    # nearest rank: the median of 3 timings is the first (int(3 * 0.5) - 1 == 0)
    assert again.megabytes_per_second() == 2.0
    assert again.megabytes_per_second(90) == 1.0


def test_rounds_pool_timings_and_list_errors_once() -> None:
    def report(timings: list[float]) -> dict[str, object]:
        return {
            "library": "gault",
            "version": "1",
            "measurements": [Measurement("t", "gault/sync", 1, 10, tuple(timings)).to_json()],
            "errors": [{"library": "gault/async", "task": "t", "error": "E"}],
            "micro": None,
        }

    [merged] = merge_rounds([report([1.0, 2.0]), report([3.0])])
    assert merged["measurements"][0]["timings"] == [1.0, 2.0, 3.0]
    assert merged["errors"] == [{"library": "gault/async", "task": "t", "error": "E"}]


def test_report_names_the_same_read_tasks_as_the_task_list() -> None:
    assert LOAD_TASKS == READ_TASKS
