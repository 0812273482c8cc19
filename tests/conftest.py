"""Suite-wide set-up: quiet TensorFlow logs, the Agg backend, and a report header that names
the real frameworks the conformance tests compare with."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")


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
