"""Iteration timing and the nearest-rank percentiles of MongoDB's benchmarking specs.

A task runs whole iterations until it has both ``min_iterations`` and ``min_seconds`` of
cumulated time, or until ``max_iterations`` or ``max_seconds`` stops it. Only the "do" phase of
each iteration is timed, with ``time.perf_counter``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PERCENTILES", "Budget", "Measurement", "percentile"]

PERCENTILES = (10, 50, 90)


@dataclass(frozen=True, slots=True)
class Budget:
    """How many iterations a task runs and for how long."""

    min_iterations: int
    max_iterations: int
    min_seconds: float
    max_seconds: float

    def done(self, iterations: int, elapsed: float) -> bool:
        """Whether a task that ran ``iterations`` in ``elapsed`` seconds should stop."""
        if iterations >= self.max_iterations or elapsed >= self.max_seconds:
            return True
        return iterations >= self.min_iterations and elapsed >= self.min_seconds


def percentile(timings: list[float], rank: int) -> float:
    """The nearest-rank ``rank``-th percentile (``i = int(N * p / 100) - 1``, at least 0)."""
    if not timings:
        raise ValueError("percentile of no timings")
    if not 1 <= rank <= 100:
        raise ValueError(f"percentile rank must be in [1, 100], got {rank}")
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * rank / 100) - 1)]


@dataclass(frozen=True, slots=True)
class Measurement:
    """The timings of one task for one library, and the bytes one iteration processes."""

    task: str
    library: str
    operations: int
    bytes_per_iteration: int
    timings: tuple[float, ...]

    def seconds(self, rank: int) -> float:
        """The ``rank``-th percentile iteration time, in seconds."""
        return percentile(list(self.timings), rank)

    def megabytes_per_second(self, rank: int = 50) -> float:
        """Throughput in MB/s (10^6 bytes) at a time percentile.

        A low time percentile is a high throughput: ``p10`` of the time is ``p90`` of MB/s.
        """
        return self.bytes_per_iteration / self.seconds(rank) / 1_000_000

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (``from_json`` reads it back)."""
        return {
            "task": self.task,
            "library": self.library,
            "operations": self.operations,
            "bytes_per_iteration": self.bytes_per_iteration,
            "timings": list(self.timings),
        }

    @classmethod
    def from_json(cls, payload: dict[str, object]) -> Measurement:
        """Rebuild a measurement from ``to_json`` output (a worker's report)."""
        timings = payload["timings"]
        if not isinstance(timings, list) or not timings:
            raise ValueError(f"measurement {payload.get('task')!r} has no timings")
        return cls(
            task=str(payload["task"]),
            library=str(payload["library"]),
            operations=int(str(payload["operations"])),
            bytes_per_iteration=int(str(payload["bytes_per_iteration"])),
            timings=tuple(float(t) for t in timings),
        )
