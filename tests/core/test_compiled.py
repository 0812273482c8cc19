"""The compiled-kernel decorator: numba compiles on the first call, keeps IEEE order and NaN."""

import subprocess
import sys

import numpy as np

from arraylens.core.compiled import compiled, jitable


@compiled
def _left_to_right_sum(values):  # type: ignore[no-untyped-def]
    total = values.dtype.type(0)
    for v in values:
        total += v
    return total


@compiled
def _ratio(a, b):  # type: ignore[no-untyped-def]
    return a / b


@jitable
def _halve(v):  # type: ignore[no-untyped-def]
    return v * 0.5


@compiled
def _halves(values):  # type: ignore[no-untyped-def]
    out = np.empty_like(values)
    for i in range(values.shape[0]):
        out[i] = _halve(values[i])
    return out


def test_a_jitable_helper_stays_python_and_serves_compiled_kernels() -> None:
    assert _halve(3.0) == 1.5  # the plain function, unchanged
    assert not hasattr(_halve, "py_func")
    np.testing.assert_array_equal(_halves(np.array([1.0, -3.0, np.inf])), [0.5, -1.5, np.inf])


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


def test_first_calls_from_several_threads_compile_once_and_agree() -> None:
    """The resize kernel's worker threads may make a kernel's first call together."""
    import threading

    from arraylens.core import compiled as module

    @compiled
    def _twice(values):  # type: ignore[no-untyped-def]
        return values * 2.0

    results: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(_twice(np.arange(4.0)))
        except BaseException as exc:  # the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(np.array_equal(r, [0.0, 2.0, 4.0, 6.0]) for r in results) and len(results) == 6
    assert not module._COMPILING.locked()
