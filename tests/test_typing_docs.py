"""Every model and query example of README.md and docs/ type-checks; the negative cases do not.

Each page's Python blocks (README's and every ``docs/*.md`` page's, ``no-run`` blocks too) are
joined into one module, in order, after a preamble that declares what the examples take as
given (``db``, ``async_db``, ``client``, ``async_client``). A page with top-level ``await`` is
wrapped in an ``async def``. mypy ``--strict`` and pyright must accept every module; an example
that shows a mistake on purpose carries ``# type: ignore[code]`` on that line (an ignore that
is not needed fails, mypy runs with ``--warn-unused-ignores``). ``NEGATIVE`` lists mistakes
both checkers must reject.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import subprocess
import sys
import textwrap
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python(?: no-run)?\n(.*?)^```", re.DOTALL | re.MULTILINE)
TOP_LEVEL_AWAIT = re.compile(r"^(?:await |async (?:with|for) |.*[=(\[] *await )", re.MULTILINE)

PREAMBLE = """\
from typing import Any

from pymongo import AsyncMongoClient, MongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.database import Database

client: MongoClient[dict[str, Any]] = MongoClient(connect=False)
db: Database[dict[str, Any]] = client["docs"]
async_client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(connect=False)
async_db: AsyncDatabase[dict[str, Any]] = async_client["docs"]
"""

NEGATIVE = {
    "comparison": ('User.age >= "x"', "Attribute[int]"),
    "update": ('User.age.set("x")', '"set"'),
    "constructor": ('User(id="u1", name="Ann", age="x")', '"age"'),
    "membership": ("User.name.in_([1])", "int"),
    "assignment": ('User(id="u1", name="Ann").age = "x"', "assign"),
}
NEGATIVE_MODEL = """\
from gault import Field, Schema, configure


class User(Schema, collection="users"):
    id: Field[str] = configure(pk=True, db_alias="_id")
    name: Field[str]
    age: Field[int] = configure(default=0)
"""


def page_module(page: pathlib.Path) -> str:
    """The page's examples as one module (wrapped in an ``async def`` if they ``await``)."""
    source = "\n".join(block for block in BLOCK.findall(page.read_text()))
    if TOP_LEVEL_AWAIT.search(source):
        source = "async def page() -> None:\n" + textwrap.indent(source, "    ")
    return PREAMBLE + "\n" + source


def write_modules(folder: pathlib.Path) -> list[pathlib.Path]:
    files = []
    for page in PAGES:
        if not BLOCK.search(page.read_text()):
            continue
        path = folder / f"example_{page.stem.lower()}.py"
        path.write_text(page_module(page))
        files.append(path)
    return files


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def mypy(*paths: pathlib.Path) -> subprocess.CompletedProcess[str]:
    strict = ["--strict", "--warn-unused-ignores", "--follow-imports=silent"]
    return run([sys.executable, "-m", "mypy", *strict, *map(str, paths)])


def pyright(*paths: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "pyright", "--pythonpath", sys.executable, *map(str, paths)])


needs_pyright = pytest.mark.skipif(
    importlib.util.find_spec("pyright") is None, reason="pyright is not installed"
)


def negative_modules(folder: pathlib.Path) -> dict[str, pathlib.Path]:
    paths = {}
    for name, (line, _) in NEGATIVE.items():
        path = folder / f"negative_{name}.py"
        path.write_text(NEGATIVE_MODEL + "\n" + line + "\n")
        paths[name] = path
    return paths


def errors_by_file(output: str, pattern: str) -> dict[str, list[str]]:
    """The error lines of a checker's output, by file name (``pattern`` finds name and text)."""
    found: dict[str, list[str]] = {}
    for match in re.finditer(pattern, output, re.MULTILINE):
        found.setdefault(pathlib.Path(match.group(1)).name, []).append(match.group(2))
    return found


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[pathlib.Path], dict[str, pathlib.Path]]:
    """The page modules and the negative cases, written once for both checkers."""
    folder = tmp_path_factory.mktemp("typing_docs")
    return write_modules(folder), negative_modules(folder)


def test_every_page_with_examples_is_checked(checked: Any) -> None:
    names = {path.stem for path in checked[0]}
    assert {"example_readme", "example_models", "example_queries", "example_tutorial"} <= names


def test_mypy_strict(checked: Any) -> None:
    pages, negatives = checked
    result = mypy(*pages, *negatives.values())
    errors = errors_by_file(result.stdout, r"^(\S+\.py):\d+: error: (.*)$")
    for page in pages:
        assert page.name not in errors, f"{page.name}: {errors[page.name]}"
    for name, path in negatives.items():
        line, expected = NEGATIVE[name]
        reported = errors.get(path.name, [])
        assert len(reported) == 1 and expected in reported[0], f"mypy on {line}: {reported}"


@needs_pyright
def test_pyright(checked: Any) -> None:
    pages, negatives = checked
    result = pyright(*pages, *negatives.values())
    errors = errors_by_file(result.stdout, r"^\s+(\S+\.py):\d+:\d+ - error: (.*)$")
    for page in pages:
        assert page.name not in errors, f"{page.name}: {errors[page.name]}"
    for name, path in negatives.items():
        line, expected = NEGATIVE[name]
        reported = errors.get(path.name, [])
        assert len(reported) == 1 and expected in reported[0], f"pyright on {line}: {reported}"
