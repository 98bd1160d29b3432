"""Every Python example in docs/ runs, in order, against the test server.

Each page's ```python blocks run top to bottom in one namespace that starts with ``client``
(a ``MongoClient``), ``db`` (a fresh ``Database``), ``async_client`` and ``async_db``. Top-level
``await`` is allowed, so async examples read as they would in an async function. A block
fenced as ```python no-run is shown but not run (for code that needs a real MongoDB).
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import pathlib
import re
import sys
import types
import uuid
from typing import Any

import pytest
from pymongo import AsyncMongoClient, MongoClient

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
PAGES = sorted(DOCS.glob("*.md"))


def python_blocks(page: pathlib.Path) -> list[tuple[int, str]]:
    """Return ``(line, source)`` of every runnable Python block of a page."""
    text = page.read_text()
    return [
        (text.count("\n", 0, match.start()) + 2, match.group(1)) for match in BLOCK.finditer(text)
    ]


def test_every_page_has_examples() -> None:
    assert PAGES, "docs/ has no pages"
    assert all(python_blocks(page) for page in PAGES if page.name != "index.md")


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_examples_run(page: pathlib.Path, mongodb_uri: str) -> None:
    asyncio.run(_run_page(page, mongodb_uri))


async def _run_page(page: pathlib.Path, uri: str) -> None:
    name = f"gault_docs_{uuid.uuid4().hex[:8]}"
    client: MongoClient[dict[str, Any]] = MongoClient(uri, tz_aware=True)
    async_client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, tz_aware=True)
    module = types.ModuleType(f"docs_{page.stem}")
    sys.modules[module.__name__] = module  # so models can resolve their annotations
    namespace = module.__dict__
    namespace.update(
        client=client, db=client[name], async_client=async_client, async_db=async_client[name]
    )
    try:
        for line, source in python_blocks(page):
            code = compile(
                "\n" * (line - 1) + source,
                str(page),
                "exec",
                flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
                dont_inherit=True,
            )
            result = eval(code, namespace)  # our own documentation
            if inspect.iscoroutine(result):
                await result
    finally:
        del sys.modules[module.__name__]
        client.drop_database(name)
        client.close()
        await async_client.close()
