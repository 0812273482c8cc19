"""``python -m arraylens`` runs the same command line as the ``arraylens`` script."""

import subprocess
import sys


def test_python_dash_m_arraylens_runs_the_cli() -> None:
    out = subprocess.run([sys.executable, "-m", "arraylens", "explain", "torch.conv_transpose2d", "--help"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "--stride" in out.stdout


def test_python_dash_m_arraylens_passes_the_exit_status() -> None:
    out = subprocess.run([sys.executable, "-m", "arraylens", "no-such-command"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 2
