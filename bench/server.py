"""The MongoDB server the benchmark talks to: ``MONGODB_URI``, or the bundled test server.

The bundled server is ``scripts/test-server`` (mongo-java-server, in memory, on loopback). It
prints ``ready mongodb://127.0.0.1:PORT`` once it accepts connections and stops on SIGTERM.
"""

from __future__ import annotations

import os
import pathlib
import selectors
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["TEST_SERVER", "mongodb_uri"]

TEST_SERVER = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "test-server"
STARTUP_TIMEOUT = 300.0


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def mongodb_uri() -> Iterator[tuple[str, str]]:
    """Yield ``(uri, description)``: ``MONGODB_URI`` or a bundled server started for the run."""
    uri = os.environ.get("MONGODB_URI")
    if uri:
        yield uri, "MongoDB at MONGODB_URI"
        return
    process = subprocess.Popen(
        [str(TEST_SERVER)], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert process.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=STARTUP_TIMEOUT):
            raise RuntimeError(f"{TEST_SERVER} printed nothing within {STARTUP_TIMEOUT:.0f}s")
        line = process.stdout.readline().strip()
        if not line.startswith("ready "):
            raise RuntimeError(f"{TEST_SERVER} did not start: {line!r}")
        yield line.removeprefix("ready "), "bundled mongo-java-server (scripts/test-server)"
    finally:
        _stop(process)
