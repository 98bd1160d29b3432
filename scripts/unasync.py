#!/usr/bin/env python3
"""Generate the synchronous managers and their tests from the asynchronous sources.

``gault/managers/aio.py`` (``AsyncManager``) is hand-written; ``gault/managers/sync.py``
(``Manager``) is generated from it, and ``tests/managers/aio/test_*.py`` become
``tests/managers/sync/test_*.py``. Every rule is a word-bounded regular expression; a rule
that no file used is an error, so the table cannot rot. The output goes through
``ruff check --select I --fix`` and ``ruff format --line-length 100``, and ``--check``
compares the full formatted text with the file on disk.

Usage: ``python scripts/unasync.py`` (write) or ``python scripts/unasync.py --check``.
"""

from __future__ import annotations

import argparse
import difflib
import pathlib
import re
import subprocess
import sys

__all__ = ["RULES", "generate", "main", "pairs"]

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: (pattern, replacement), applied in order.
RULES: tuple[tuple[str, str], ...] = (
    (r"\bAsyncManager\b", "Manager"),
    (r"\bAsyncMongoClient\b", "MongoClient"),
    (r"\bAsyncDatabase\b", "Database"),
    (r"\bAsyncCollection\b", "Collection"),
    (r"\bAsyncClientSession\b", "ClientSession"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bpymongo\.asynchronous\b", "pymongo.synchronous"),
    (r"\basync_db\b", "sync_db"),
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait ", ""),
    # Concurrent tasks of the async tests run one after the other in sync code.
    (r"\basyncio\.gather\(", "("),
    (r"\bimport asyncio\n", ""),
)

HEADER = "# Generated from {source} by scripts/unasync.py: edit the source, then regenerate.\n"


def pairs(root: pathlib.Path = ROOT) -> list[tuple[pathlib.Path, pathlib.Path]]:
    """Return every (async source, sync target) pair, sources in sorted order."""
    result = [(root / "gault/managers/aio.py", root / "gault/managers/sync.py")]
    tests = root / "tests/managers"
    for source in sorted((tests / "aio").glob("test_*.py")):
        result.append((source, tests / "sync" / source.name))
    return result


def generate(
    source: pathlib.Path, target: pathlib.Path, used: set[str], root: pathlib.Path = ROOT
) -> str:
    """Return the formatted sync text of ``source``; record the patterns that matched."""
    text = source.read_text()
    for pattern, replacement in RULES:
        text, count = re.subn(pattern, replacement, text)
        if count:
            used.add(pattern)
    text = HEADER.format(source=source.relative_to(root).as_posix()) + text
    return _ruff(text, target)


def _ruff(text: str, target: pathlib.Path) -> str:
    for command in (
        ["check", "--select", "I", "--fix-only", "--exit-zero", "--quiet"],
        ["format", "--line-length", "100", "--quiet"],
    ):
        text = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", str(target), "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return text


def main(argv: list[str] | None = None, root: pathlib.Path = ROOT) -> int:
    """Write (or with ``--check`` compare) every generated file under ``root``; return the
    exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    arguments = parser.parse_args(argv)
    used: set[str] = set()
    stale: list[str] = []
    for source, target in pairs(root):
        text = generate(source, target, used, root)
        current = target.read_text() if target.exists() else ""
        if text == current:
            continue
        name = target.relative_to(root).as_posix()
        if arguments.check:
            stale.append(name)
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"{name} (on disk)",
                    f"{name} (generated)",
                )
            )
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
            print(f"wrote {name}")
    unused = [pattern for pattern, _ in RULES if pattern not in used]
    if unused:
        print(f"unused unasync rules (remove them): {unused}", file=sys.stderr)
        return 1
    if stale:
        print(f"out of date, run scripts/unasync.py: {stale}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
