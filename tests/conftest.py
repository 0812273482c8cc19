"""Suite-wide pytest hooks (the report header names the real frameworks' versions)."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The GNU Octave that the arraylens.octave conformance tests compare with."""
    exe = shutil.which("octave-cli")
    if exe is None:
        return ["GNU Octave (arraylens.octave conformance): NOT INSTALLED"]
    out = subprocess.run(
        [exe, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    first = out.stdout.splitlines()[0].strip() if out.stdout else "version unknown"
    return [f"arraylens.octave conformance against: {first} ({exe})"]
