"""The compiled-kernel decorator: numba compiles on the first call, keeps IEEE order and NaN."""

import subprocess
import sys

import numpy as np

from arraylens.core.compiled import compiled


@compiled
def _left_to_right_sum(values):  # type: ignore[no-untyped-def]
    total = values.dtype.type(0)
    for v in values:
        total += v
    return total


@compiled
def _ratio(a, b):  # type: ignore[no-untyped-def]
    return a / b


def test_a_compiled_sum_adds_in_loop_order_without_reassociation() -> None:
    # 1e8 + 1 + 1 ... in float32 stays 1e8 when added one at a time; any pairwise or
    # vectorised reassociation would give more.
    values = np.array([1e8] + [1.0] * 64, dtype=np.float32)
    got = _left_to_right_sum(values)
    assert got == np.float32(1e8)
    assert np.add.reduce(values) != np.float32(1e8)  # NumPy's pairwise order differs
    assert _left_to_right_sum.py_func(values) == got


def test_division_by_zero_follows_numpy_not_python() -> None:
    assert _ratio(1.0, 0.0) == np.inf
    assert np.isnan(_ratio(0.0, 0.0))


def test_importing_arraylens_does_not_import_numba() -> None:
    code = "import sys, arraylens, arraylens.torch, arraylens.onnx; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
