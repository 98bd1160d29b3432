"""gault's benchmark harness: MongoDB's ODM task list and client-side micro-benchmarks.

Run it with ``python -m bench`` (see ``bench/README.md``). Nothing here is part of the
``gault`` distribution.
"""

__all__: list[str] = []
