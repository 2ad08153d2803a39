"""The import contracts of pyproject.toml (`make lint` runs `lint-imports`): kept now, and they bite.

Each negative case copies the apps into a temporary directory, adds one offending module and
runs the same command there: an upward import between apps, and an import cycle hidden in a
function, must both fail.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _root_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy_of_apps(tmp_path: Path) -> Path:
    for package in _root_packages():
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_every_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_keeps_them_too(copy_of_apps):
    """The control: the copy alone passes, so the failures below come from the added module."""
    assert _lint(copy_of_apps).returncode == 0


def test_an_upward_import_between_apps_fails(copy_of_apps):
    (copy_of_apps / "venues" / "upward.py").write_text("from bookings.models import Booking  # noqa\n")
    result = _lint(copy_of_apps)
    assert result.returncode != 0
    assert "venues is not allowed to import bookings" in result.stdout
    assert "venues.upward -> bookings.models" in result.stdout


def test_a_cycle_hidden_in_a_function_fails(copy_of_apps):
    emails = copy_of_apps / "bookings" / "emails.py"
    late = "\n\ndef _late():\n    from bookings.tasks import send_notice  # noqa\n"
    emails.write_text(emails.read_text() + late)
    result = _lint(copy_of_apps)
    assert result.returncode != 0
    assert "bookings.emails -> bookings.tasks" in result.stdout
