"""The generated sync managers and tests are exactly what scripts/unasync.py produces now."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("unasync", ROOT / "scripts" / "unasync.py")
assert _spec is not None and _spec.loader is not None
unasync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(unasync)

PAIRS = unasync.pairs()


@pytest.mark.parametrize(
    ("source", "target"), PAIRS, ids=[target.relative_to(ROOT).as_posix() for _, target in PAIRS]
)
def test_generated_file_is_up_to_date(source: pathlib.Path, target: pathlib.Path) -> None:
    generated = unasync.generate(source, target, set())
    assert target.read_text() == generated, f"run: python scripts/unasync.py ({target})"


def test_every_rule_is_used() -> None:
    used: set[str] = set()
    for source, target in PAIRS:
        unasync.generate(source, target, used)
    assert [pattern for pattern, _ in unasync.RULES if pattern not in used] == []


def test_generated_files_say_where_they_come_from() -> None:
    for source, target in PAIRS:
        first_line = target.read_text().splitlines()[0]
        assert first_line.startswith(f"# Generated from {source.relative_to(ROOT).as_posix()}")


def test_check_mode_passes_when_up_to_date() -> None:
    assert unasync.main(["--check"]) == 0


def test_check_mode_fails_on_a_truncated_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for source, target in PAIRS:
        for path in (source, target):
            copy = tmp_path / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(path.read_text())
    stale = tmp_path / "gault/managers/sync.py"
    stale.write_text("\n".join(stale.read_text().splitlines()[:-3]) + "\n")
    assert unasync.main(["--check"], root=tmp_path) == 1
    assert "gault/managers/sync.py" in capsys.readouterr().out
