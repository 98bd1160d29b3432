"""The public surface: every public module's ``__all__``, snapshotted.

``tests/data/public_api.json`` lists, per public module, the names it exports. A name may be
added (then the snapshot is updated on purpose: ``python tests/test_public_api.py --write``),
never silently removed or moved: every listed name must import from its module.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).parent / "data" / "public_api.json"

#: The public modules (``gault/__init__.py`` and ``docs/index.md`` name the same list).
PUBLIC_MODULES = [
    "gault",
    "gault.accumulators",
    "gault.compilers",
    "gault.exceptions",
    "gault.expressions",
    "gault.geo",
    "gault.interfaces",
    "gault.json",
    "gault.managers",
    "gault.mappers",
    "gault.models",
    "gault.pages",
    "gault.pipelines",
    "gault.predicates",
    "gault.shapes",
    "gault.sorting",
    "gault.tracking",
    "gault.updates",
    "gault.utils",
    "gault.window_aggregators",
]


def current() -> dict[str, list[str]]:
    """Each public module's ``__all__``, sorted."""
    return {name: sorted(importlib.import_module(name).__all__) for name in PUBLIC_MODULES}


def test_every_public_module_declares_its_surface() -> None:
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        assert isinstance(getattr(module, "__all__", None), list), name
        assert len(set(module.__all__)) == len(module.__all__), f"{name}: duplicates in __all__"


def test_the_surface_matches_the_snapshot() -> None:
    snapshot = json.loads(SNAPSHOT.read_text())
    assert sorted(snapshot) == sorted(PUBLIC_MODULES)
    now = current()
    for module, names in snapshot.items():
        missing = sorted(set(names) - set(now[module]))
        added = sorted(set(now[module]) - set(names))
        assert not missing, f"{module} no longer exports {missing}"
        assert not added, f"{module} exports new names {added}: update the snapshot on purpose"


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_every_snapshotted_name_imports_from_its_module(module: str) -> None:
    names = json.loads(SNAPSHOT.read_text())[module]
    loaded = importlib.import_module(module)
    for name in names:
        assert hasattr(loaded, name), f"from {module} import {name} fails"


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_exported_classes_report_a_public_module(module: str) -> None:
    loaded = importlib.import_module(module)
    for name in loaded.__all__:
        value = getattr(loaded, name)
        if isinstance(value, type) and value.__module__.startswith("gault"):
            parts = value.__module__.split(".")
            assert not any(part.startswith("_") for part in parts[1:]), (
                f"{module}.{name} reports the private module {value.__module__}"
            )


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    sys.path.insert(0, str(Path(__file__).parent.parent))
    SNAPSHOT.write_text(json.dumps(current(), indent=2) + "\n")
    print(f"wrote {SNAPSHOT}")
