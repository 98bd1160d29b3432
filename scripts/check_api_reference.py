"""Check that the built API reference documents every public name of every public module.

Usage: ``python scripts/check_api_reference.py [SITE_DIR]`` after ``mkdocs build`` (default
``site``). Each ``docs/reference/<module>.md`` page must have been rendered, and its HTML must
carry an anchor ``<module>.<name>`` for every name of the module's ``__all__`` (dunder names,
such as ``__version__``, must be named in the page's text instead). Exits 1 listing what is
missing, and also when a public module of ``gault/`` has no reference page.
"""

from __future__ import annotations

import importlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT / "docs" / "reference"


def public_modules() -> list[str]:
    """``gault`` and every module or package of it whose name has no leading underscore."""
    package = ROOT / "gault"
    names = ["gault"]
    for path in sorted(package.iterdir()):
        stem = path.stem if path.suffix == ".py" else path.name
        is_module = path.suffix == ".py" or (path / "__init__.py").exists()
        if is_module and not stem.startswith("_"):
            names.append(f"gault.{stem}")
    return names


def missing_names(site: pathlib.Path) -> dict[str, list[str]]:
    """The public names (by module) that the built reference does not document."""
    missing: dict[str, list[str]] = {}
    for module_name in public_modules():
        page = PAGES / f"{module_name}.md"
        html_path = site / "reference" / module_name / "index.html"
        if not page.exists() or not html_path.exists():
            missing[module_name] = ["(no reference page)"]
            continue
        module = importlib.import_module(module_name)
        anchors = set(re.findall(r'id="([^"]+)"', html_path.read_text(encoding="utf-8")))
        text = page.read_text(encoding="utf-8")
        absent = [
            name
            for name in getattr(module, "__all__", ())
            if (
                name not in text
                if name.startswith("__")
                else f"{module_name}.{name}" not in anchors
            )
        ]
        if absent:
            missing[module_name] = absent
    return missing


def main(argv: list[str]) -> int:
    site = pathlib.Path(argv[1]) if len(argv) > 1 else ROOT / "site"
    missing = missing_names(site)
    for module_name, names in missing.items():
        print(f"{module_name}: not in the API reference: {', '.join(names)}", file=sys.stderr)
    if not missing:
        print(f"API reference: every public name of {len(public_modules())} modules is documented")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
