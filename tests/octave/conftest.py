"""Shared set-up of the arraylens.octave tests: find GNU Octave, report its version.

In CI (the ``CI`` environment variable is set) a missing ``octave-cli`` FAILS the tests that
need it; locally they are skipped with the command that installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

INSTALL_HINT = (
    "install GNU Octave with `sudo apt-get install octave` (or run scripts/install-system-deps.sh)"
)


def octave_version() -> str | None:
    """``octave-cli --version``'s first line, or None when Octave is not installed."""
    exe = shutil.which("octave-cli")
    if exe is None:
        return None
    out = subprocess.run(
        [exe, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    return out.stdout.splitlines()[0].strip() if out.stdout else f"{exe} (version unknown)"


def pytest_report_header(config: pytest.Config) -> str:
    version = octave_version()
    return f"GNU Octave for arraylens.octave conformance: {version or 'NOT INSTALLED'}"


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
