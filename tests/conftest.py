"""Pytest plugin for gault's suite: one real MongoDB wire-protocol server, real clients.

The server comes from ``MONGODB_URI`` when it is set; otherwise ``scripts/test-server``
(mongo-java-server in memory, on loopback) is started once for the session and stopped at
the end. Every test that asks for a database gets a fresh one, dropped afterwards.
"""

from __future__ import annotations

import os
import pathlib
import selectors
import signal
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from pymongo import AsyncMongoClient, MongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.synchronous.database import Database

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEST_SERVER = ROOT / "scripts" / "test-server"
STARTUP_TIMEOUT = 300.0  # the first start may download the server's jars


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker for behaviour only a real MongoDB has."""
    config.addinivalue_line(
        "markers",
        "needs_mongodb: needs a real MongoDB (set MONGODB_URI); skipped on the bundled server",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``needs_mongodb`` tests unless MONGODB_URI points at a real MongoDB."""
    if os.environ.get("MONGODB_URI"):
        return
    skip = pytest.mark.skip(reason="needs a real MongoDB: set MONGODB_URI")
    for item in items:
        if "needs_mongodb" in item.keywords:
            item.add_marker(skip)


def _start_test_server() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [str(TEST_SERVER), "--watch-stdin"],  # stops when this process's end of stdin closes
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    if not selector.select(timeout=STARTUP_TIMEOUT):
        _stop(process)
        raise RuntimeError(f"{TEST_SERVER} printed nothing within {STARTUP_TIMEOUT:.0f}s")
    line = process.stdout.readline().strip()
    if not line.startswith("ready "):
        _stop(process)
        raise RuntimeError(f"{TEST_SERVER} did not start: {line!r}")
    return process, line.removeprefix("ready ")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def mongodb_uri() -> Iterator[str]:
    """The server's URI: MONGODB_URI, or a bundled test server started for the session."""
    uri = os.environ.get("MONGODB_URI")
    if uri:
        yield uri
        return
    process, uri = _start_test_server()
    try:
        yield uri
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def sync_client(mongodb_uri: str) -> Iterator[MongoClient[dict[str, object]]]:
    """A synchronous PyMongo client for the whole session."""
    client: MongoClient[dict[str, object]] = MongoClient(mongodb_uri, tz_aware=True)
    yield client
    client.close()


@pytest.fixture
async def async_client(mongodb_uri: str) -> AsyncIterator[AsyncMongoClient[dict[str, object]]]:
    """An asynchronous PyMongo client bound to the test's event loop."""
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongodb_uri, tz_aware=True)
    yield client
    await client.close()


@pytest.fixture
def database_name(sync_client: MongoClient[dict[str, object]]) -> Iterator[str]:
    """A fresh database name for one test; the database is dropped afterwards."""
    name = f"gault_test_{uuid.uuid4().hex[:12]}"
    yield name
    sync_client.drop_database(name)


@pytest.fixture
def sync_db(
    sync_client: MongoClient[dict[str, object]], database_name: str
) -> Database[dict[str, object]]:
    """The test's fresh database, through the synchronous client."""
    return sync_client[database_name]


@pytest.fixture
def async_db(
    async_client: AsyncMongoClient[dict[str, object]], database_name: str
) -> AsyncDatabase[dict[str, object]]:
    """The test's fresh database, through the asynchronous client."""
    return async_client[database_name]
