"""``arraylens audit`` pays for importing arraylens on every run: importing the audit (which
loads every front-end) must not import the heavy libraries arraylens calls only on demand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_importing_the_audit_leaves_scipy_signal_and_the_frameworks_out() -> None:
    code = (
        "import sys, arraylens.auditing; "
        "print(sorted(m for m in ('scipy.signal', 'torch', 'tensorflow', 'jax', 'keras', 'cv2', 'onnxruntime') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"
