"""Shared set-up of the arraylens.octave tests: find GNU Octave (its version is in the
report header, from ``tests/conftest.py``).

In CI (the ``CI`` environment variable is set) a missing ``octave-cli`` FAILS the tests that
need it; locally they are skipped with the command that installs it.
"""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

INSTALL_HINT = (
    "install GNU Octave with `sudo apt-get install octave` (or run scripts/install-system-deps.sh)"
)


@pytest.fixture(scope="session")
def octave_cli() -> str:
    """Path of ``octave-cli``; fails in CI and skips locally when it is missing."""
    exe = shutil.which("octave-cli")
    if exe is None:
        message = f"GNU Octave (octave-cli) is not installed: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(
                f"CI requires GNU Octave for the arraylens.octave conformance tests. {message}"
            )
        pytest.skip(message)
    return exe


def _all_cases() -> list[Any]:
    """Every conformance case of arraylens.octave: the first wave's (``octave_cases``) and
    those of every ``cases_*.py`` module beside this file (each defines ``CASES`` and,
    optionally, ``ERROR_CASES``), so that one Octave process answers them all."""
    from octave_cases import ERROR_CASES, build_cases

    cases: list[Any] = [*build_cases(), *ERROR_CASES]
    for path in sorted(Path(__file__).parent.glob("cases_*.py")):
        module = importlib.import_module(path.stem)
        cases += [*module.CASES, *getattr(module, "ERROR_CASES", [])]
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"conformance case ids must be unique: {duplicates[:5]}"
    return cases


@pytest.fixture(scope="session")
def octave_results(octave_cli: str) -> tuple[str, dict[str, Any]]:
    """(Octave's version, results by case id) for every case, from ONE octave-cli process."""
    from octave_batch import run_batch

    return run_batch(octave_cli, _all_cases(), timeout=900)
