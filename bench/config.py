"""Run sizes: ``quick`` for smoke runs (the whole run in well under 5 minutes), ``full`` for
the published table. Every library runs with the same counts and budgets.

Operation counts are scaled down from the spec's 10,000 per iteration for a 2-core machine
that also hosts the server; the large flat document is 2.4 MB of BSON, so its tasks do few
operations per iteration. A full run makes several rounds over the libraries and pools each
task's timings, so a slow spell of the shared machine does not land on one library only.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.tasks import Counts
from bench.timing import Budget

__all__ = ["MODES", "Mode", "mode"]


@dataclass(frozen=True, slots=True)
class Mode:
    """Counts and budgets of one run size."""

    name: str
    rounds: int
    counts: Counts
    budget: Budget
    micro_documents: int
    micro_filters: int
    micro_repeats: int


MODES: dict[str, Mode] = {
    "quick": Mode(
        name="quick",
        rounds=1,
        counts=Counts(small=100, large=2, nested=50),
        budget=Budget(min_iterations=3, max_iterations=5, min_seconds=0.0, max_seconds=2.0),
        micro_documents=2_000,
        micro_filters=10_000,
        micro_repeats=1,
    ),
    "full": Mode(
        name="full",
        rounds=3,
        counts=Counts(small=1_000, large=10, nested=200),
        budget=Budget(min_iterations=4, max_iterations=40, min_seconds=2.0, max_seconds=8.0),
        micro_documents=20_000,
        micro_filters=100_000,
        micro_repeats=3,
    ),
}


def mode(name: str) -> Mode:
    """The run size called ``name``."""
    try:
        return MODES[name]
    except KeyError:
        raise ValueError(f"unknown run mode {name!r}; known: {', '.join(MODES)}") from None
