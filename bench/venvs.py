"""Virtualenvs for the peer ODMs and the chart, under ``bench/.venvs/`` (ignored by git).

Each is created with the runner's interpreter and filled from PyPI with pip; a marker file
records the requirements it was built for, so later runs reuse it and a changed requirement
rebuilds it. Nothing installed here is a dependency of gault.
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

__all__ = ["VENVS", "InstallError", "ensure_venv", "venv_python"]

VENVS = pathlib.Path(__file__).resolve().parent / ".venvs"
MARKER = "bench-requirements.txt"
INSTALL_TIMEOUT = 600.0


class InstallError(RuntimeError):
    """A virtualenv could not be created or its requirements installed."""


def venv_python(name: str) -> pathlib.Path:
    """The interpreter of the virtualenv called ``name``."""
    return VENVS / name / "bin" / "python"


def ensure_venv(name: str, requirements: tuple[str, ...]) -> pathlib.Path:
    """Create (or reuse) the virtualenv ``name`` with ``requirements``; return its python."""
    folder = VENVS / name
    marker = folder / MARKER
    wanted = "\n".join(requirements) + "\n"
    python = venv_python(name)
    if python.exists() and marker.exists() and marker.read_text(encoding="utf-8") == wanted:
        return python
    shutil.rmtree(folder, ignore_errors=True)
    VENVS.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "venv", str(folder)], f"create the {name} virtualenv")
    _run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements],
        f"install {' '.join(requirements)} into {folder}",
    )
    marker.write_text(wanted, encoding="utf-8")
    return python


def _run(command: list[str], what: str) -> None:
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise InstallError(f"could not {what}: timed out after {INSTALL_TIMEOUT:.0f}s") from None
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise InstallError(f"could not {what}: " + " | ".join(tail))
