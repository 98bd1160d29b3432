"""Type checkers see models right: mypy --strict (and pyright) on tests/typing/models_typing.py."""

from __future__ import annotations

import importlib.util
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHECKED = "tests/typing/models_typing.py"

SNIPPET = """
from gault.models import Model, configure
from gault.predicates import Field

class User(Model):
    name: Field[str]
    age: Field[int] = configure(default=0)

User(name="a", age="x")
User(age=1)
user = User(name="a")
user.age = "x"
reveal_type(User.age)
reveal_type(user.age)
"""


def run_mypy(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--warn-unused-ignores", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_mypy_strict_accepts_the_models_typing_file() -> None:
    result = run_mypy(CHECKED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
    assert 'Revealed type is "gault.models.Attribute[builtins.int]"' in result.stdout or (
        'Revealed type is "gault.models.Attribute[int]"' in result.stdout
    )
    assert 'Revealed type is "builtins.int"' in result.stdout or (
        'Revealed type is "int"' in result.stdout
    )


def test_mypy_reports_wrong_field_types() -> None:
    result = run_mypy("-c", SNIPPET)
    out = result.stdout
    assert result.returncode == 1, out
    assert 'Argument "age" to "User" has incompatible type "str"; expected "int"' in out
    assert 'Missing named argument "name" for "User"' in out
    assert "Incompatible types in assignment" in out
    assert "Attribute[" in out
    assert "Found 3 errors" in out


@pytest.mark.skipif(importlib.util.find_spec("pyright") is None, reason="pyright is not installed")
def test_pyright_accepts_the_models_typing_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, CHECKED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert 'Type of "User.age" is "Attribute[int]"' in result.stdout
    assert 'Type of "user.age" is "int"' in result.stdout
