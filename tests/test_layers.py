"""The package's architecture holds (docs/architecture.md): layers, no cycles, no late imports.

- the import-linter contracts of ``setup.cfg`` are kept (``lint-imports``, also run by
  ``tox -e lint``);
- every public module imports on its own, in a fresh interpreter, in any order (an import-time
  cycle shows up as a module that only imports after another);
- no function or method imports anything of gault (an AST check over ``gault/``), and imports
  under ``TYPE_CHECKING`` serve annotations only.
"""

from __future__ import annotations

import ast
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_public_api import PUBLIC_MODULES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gault"


def test_the_layers_contracts_are_kept() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [lint_imports, "--config", str(ROOT / "setup.cfg")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("seed", range(6))
def test_public_modules_import_in_any_order_in_a_fresh_interpreter(seed: int) -> None:
    order = list(PUBLIC_MODULES)
    random.Random(seed).shuffle(order)
    script = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in order)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"order {order}:\n{result.stderr}"


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_each_public_module_imports_alone(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _gault_imports(node: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.ImportFrom)
            and (sub.level or (sub.module or "").startswith("gault"))
            or isinstance(sub, ast.Import)
            and any(a.name.startswith("gault") for a in sub.names)
        ):
            found.append(sub)
    return found


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_function_local_gault_imports() -> None:
    offenders = []
    for path in _sources():
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                for found in _gault_imports(node):
                    offenders.append(f"{path.relative_to(ROOT)}:{found.lineno}")
    assert not offenders, f"function-local gault imports: {sorted(set(offenders))}"


def test_the_ast_check_finds_a_function_local_import() -> None:
    tree = ast.parse("def f():\n    from gault.models import Model\n    return Model\n")
    function = tree.body[0]
    assert [node.lineno for node in _gault_imports(function)] == [2]


def test_no_module_getattr_serves_names_lazily() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _sources()
        if any(
            isinstance(node, ast.FunctionDef) and node.name == "__getattr__"
            for node in ast.parse(path.read_text()).body
        )
    ]
    assert not offenders, f"module-level __getattr__ in {offenders}"


def _type_checking_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in {
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        }:
            for sub in _gault_imports(node):
                names.update(alias.asname or alias.name for alias in sub.names)
    return names


def test_type_checking_imports_serve_annotations_only() -> None:
    """A name imported under ``TYPE_CHECKING`` is never read at run time: every use is inside
    an annotation (all modules use ``from __future__ import annotations``) or a string.

    Exception: ``gault._expressions.fluent``, whose methods find the operator classes in the
    module namespace at run time (``fluent.register``), by design.
    """
    offenders = []
    for path in _sources():
        if path.name == "fluent.py":
            continue
        tree = ast.parse(path.read_text(), str(path))
        guarded = _type_checking_names(tree)
        if not guarded:
            continue
        annotation_nodes: set[int] = set()
        for node in ast.walk(tree):
            annotations: list[ast.AST | None] = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = node.args
                every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
                every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
                annotations = [a.annotation for a in every] + [node.returns]
            elif isinstance(node, ast.AnnAssign):
                annotations = [node.annotation]
            for annotation in annotations:
                if annotation is not None:
                    annotation_nodes.update(id(sub) for sub in ast.walk(annotation))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Name)
                and node.id in guarded
                and isinstance(node.ctx, ast.Load)
                and id(node) not in annotation_nodes
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.id}")
    assert not offenders, f"TYPE_CHECKING names used at run time: {offenders}"
