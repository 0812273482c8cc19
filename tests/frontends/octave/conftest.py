"""Shared set-up of the arraylens.octave tests: find GNU Octave (its version is in the
report header, from ``tests/conftest.py``).

In CI (the ``CI`` environment variable is set) a missing ``octave-cli`` FAILS the tests that
need it; locally they are skipped with the command that installs it.
"""

from __future__ import annotations

import os
import shutil

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
