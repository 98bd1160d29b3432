"""Type checkers infer each manager call's types from its arguments (tests/typing/)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHECKED = "tests/typing/managers_typing.py"


def test_mypy_strict_accepts_the_manager_typing_file() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--warn-unused-ignores",
            "--cache-dir",
            ".mypy_cache/managers-typing",  # its own cache: other mypy runs may be concurrent
            CHECKED,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    problems = [
        line
        for line in result.stdout.splitlines()
        if line.startswith((CHECKED, "gault/managers/", "gault/pages.py"))
    ]
    assert problems == [], result.stdout
    assert "Success" in result.stdout or "Found" in result.stdout, result.stdout + result.stderr


def test_pyright_accepts_the_manager_typing_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, CHECKED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
