"""Subnormal numbers in TensorFlow's convolutions, bit for bit against the real TensorFlow.

TensorFlow 2.21's CPU kernels compute bfloat16, float32 and float64 convolutions with
flush-to-zero: a subnormal input or filter value reads as zero and a result (also one that
becomes subnormal only in the sum) is zero, a bfloat16 one already in its float32 arithmetic,
before the rounding to bfloat16. float16 subnormals are kept. Each case is one output element
summing two exact products (two input channels, a kernel of size 1), so the order of the sum
cannot matter and the values must agree exactly; each call is made twice, the second through the
call cache (float32/float64).

The sign of a flushed zero is not compared: TensorFlow's depends on its kernel's order of
operations (a negative subnormal sum gives -0.0 in float32 and in the bfloat16 forward
convolution, 0.0 in float64 and the bfloat16 transposed one, and 0.0 in float32 once a third
term ``+ 0*w`` follows the flush); arraylens keeps the subnormal's sign.

Not reproduced (see :func:`test_a_subnormal_partial_sum_is_not_flushed_here`): TensorFlow also
flushes subnormal partial sums, and in float64 and bfloat16 subnormal products, inside a sum
whose result is normal; arraylens flushes the operands and the result only, so such a result
differs from TensorFlow's by less than a few times the smallest normal number.
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip

import numpy as np
import pytest

import arraylens.tensorflow as atf

tf = importlib.import_module("tensorflow")
ml_dtypes = importlib.import_module("ml_dtypes")

BF16 = np.dtype(ml_dtypes.bfloat16)
DTYPES = [np.dtype(np.float16), BF16, np.dtype(np.float32), np.dtype(np.float64)]


def _tiny(dtype: np.dtype) -> float:
    return float(ml_dtypes.finfo(dtype).tiny)


def _cases(dtype: np.dtype) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    """(what, the two input channels, the two filter taps), each value exact in ``dtype``."""
    t = _tiny(dtype)
    return [
        ("subnormal input", (t / 4, 0.0), (8.0, 0.0)),
        ("subnormal filter", (8.0, 0.0), (-t / 4, 0.0)),
        ("subnormal product of normal operands", (2.0**-10, 0.0), (t * 2.0**9, 0.0)),
        ("subnormal only after the sum", (1.5 * t, -t), (1.0, 1.0)),
        ("negative subnormal sum", (-1.5 * t, t), (1.0, 1.0)),
        (
            "just below the smallest normal, rounding up to it in bfloat16",
            (2.0**-10, 0.0),
            (t * 2.0**10 * (1 - 2.0**-8), 0.0),
        ),
    ]


def _ops(nd: int, x: np.ndarray, f_fwd: np.ndarray, f_tr: np.ndarray) -> list[tuple[str, object, object]]:
    one = [1] * nd
    out = [1, *one, 1]
    name = {1: "conv1d", 2: "conv2d", 3: "conv3d"}[nd]
    stride = {"stride": 1} if nd == 1 else {"strides": [1] * (nd + 2)}
    tf_fwd = getattr(tf.nn, name)
    tf_tr = getattr(tf.nn, f"{name}_transpose")
    al_fwd = getattr(atf, name)
    al_tr = getattr(atf, f"{name}_transpose")
    return [
        (
            name,
            lambda: tf_fwd(x, f_fwd, padding="VALID", **stride).numpy(),
            lambda: al_fwd(x, f_fwd, padding="VALID", **stride),
        ),
        (f"{name}_transpose", lambda: tf_tr(x, f_tr, out, 1, "VALID").numpy(), lambda: al_tr(x, f_tr, out, 1, "VALID")),
    ]


@pytest.mark.parametrize("nd", [1, 2, 3])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
def test_subnormals_as_tensorflow_reads_and_returns_them(dtype: np.dtype, nd: int) -> None:
    for what, xs, ws in _cases(dtype):
        x = np.array(xs, dtype).reshape((1,) + (1,) * nd + (2,))
        assert [float(v) for v in x.ravel()] == list(xs), what  # every value exact in dtype
        f_fwd = np.array(ws, dtype).reshape((1,) * nd + (2, 1))
        f_tr = np.array(ws, dtype).reshape((1,) * nd + (1, 2))
        assert [float(v) for v in f_fwd.ravel()] == list(ws), what
        for op, theirs, ours in _ops(nd, x, f_fwd, f_tr):
            want = theirs()
            for attempt in ("first call", "repeated call"):
                got = ours()
                assert got.dtype == want.dtype, (op, what)
                assert got.shape == want.shape, (op, what)
                assert got.astype(np.float64).tolist() == want.astype(np.float64).tolist(), (
                    f"{op} {dtype} {what} ({attempt}): {got.ravel().tolist()} vs TensorFlow's {want.ravel().tolist()}"
                )


def test_the_cases_reach_both_sides_of_the_rule() -> None:
    # the cases above are not all zeros: float16 keeps what the others flush, and the last case
    # is a normal number everywhere
    t = _tiny(np.dtype(np.float32))
    x = np.array([1.5 * t, -t], np.float32).reshape(1, 1, 1, 2)
    f = np.ones((1, 1, 2, 1), np.float32)
    assert atf.conv2d(x, f, 1, "VALID").item() == 0.0
    h = np.array([1.5, -1.0], np.float16).reshape(1, 1, 1, 2) * np.float16(_tiny(np.dtype(np.float16)))
    assert atf.conv2d(h, f.astype(np.float16), 1, "VALID").item() == _tiny(np.dtype(np.float16)) / 2


@pytest.mark.xfail(
    strict=True,
    reason="TensorFlow flushes a subnormal partial sum inside a normal sum; arraylens "
    "sums exactly and flushes the result only",
)
def test_a_subnormal_partial_sum_is_not_flushed_here() -> None:
    t = _tiny(np.dtype(np.float32))
    x = np.array([1.5 * t, -t, t], np.float32).reshape(1, 1, 1, 3)  # partial sum 0.5 t, then 1.5 t
    f = np.ones((1, 1, 3, 1), np.float32)
    assert tf.nn.conv2d(x, f, 1, "VALID").numpy().item() == t  # TensorFlow: 0.5 t flushed, then + t
    assert atf.conv2d(x, f, 1, "VALID").item() == t  # arraylens: 1.5 t
