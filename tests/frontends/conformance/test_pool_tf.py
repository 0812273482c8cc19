"""TensorFlow pooling against tensorflow-cpu: tf.nn.max_pool/avg_pool (1-3-d), max_pool_with_argmax.

Seeded random configurations (kernels 1-4, strides 1-3, SAME/VALID/explicit pairs, channels-last
and channels-first, several dtypes, NaN and -inf cells, ties from small integers): values,
indices, shapes and dtypes equal, and every accept/reject decision equal. TensorFlow is fed
tensors (``tf.constant``): its eager fast path converts a NumPy argument with the dtype of an
earlier call of the same op, so a NumPy float64 may come back float32.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

tf = importlib.import_module("tensorflow")
ml_dtypes = importlib.import_module("ml_dtypes")

import arraylens.tensorflow as altf  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402

N_CASES = 200
FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def _dtype(name: str) -> Any:
    return ml_dtypes.bfloat16 if name == "bfloat16" else np.dtype(name)


def _values(rng: np.random.Generator, shape: tuple[int, ...], dtype: str) -> np.ndarray:
    """Small integers (ties), with NaN and -inf cells in some float cases."""
    x = rng.integers(-4, 5, size=shape).astype(np.float64)
    if dtype in ("float16", "float32", "float64", "bfloat16"):
        x += rng.choice([0.0, 0.25, 0.5], size=shape)
        mode = rng.integers(0, 4)
        if mode == 1:
            x[rng.random(shape) < 0.2] = np.nan
        elif mode == 2:
            x[rng.random(shape) < 0.3] = -np.inf
        elif mode == 3:
            x[rng.random(shape) < 0.6] = np.nan
    return x.astype(_dtype(dtype))


def _case(seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    kind = rng.choice(["max", "avg", "argmax", "generic_max", "generic_avg"], p=[0.3, 0.25, 0.2, 0.13, 0.12])
    nd = 2 if kind == "argmax" else int(rng.integers(1, 4))
    k = [int(v) for v in rng.integers(1, 5, nd)]
    s = [int(v) for v in rng.integers(1, 4, nd)]
    spatial = [int(max(kk, rng.integers(1, 8))) for kk in k]
    if rng.random() < 0.08 and nd == 2:  # a window larger than the input: refused (negative size)
        spatial[0] = max(1, k[0] - s[0] - 1)
    padding: Any = str(rng.choice(["SAME", "VALID"]))
    channels_first = kind != "argmax" and rng.random() < 0.25
    explicit = kind in ("max", "generic_max") and nd < 3 and rng.random() < 0.4
    if explicit:
        pairs = [[int(rng.integers(0, kk + 1)), int(rng.integers(0, kk + 1))] for kk in k]
        pad_all = [[0, 0], [0, 0], *pairs] if channels_first else [[0, 0], *pairs, [0, 0]]
        padding = pad_all
    pool = ["float32"] * 6 + ["float64", "float16", "bfloat16"]
    if kind in ("max", "argmax", "generic_max"):
        pool += ["int32", "int8", "uint8", "int64"]
    if rng.random() < 0.06:
        pool = ["int32", "uint32", "bool"]  # refusals for most ops
    dtype = str(rng.choice(pool))
    c = int(rng.integers(1, 3))
    n = int(rng.integers(1, 3))
    shape = (n, c, *spatial) if channels_first else (n, *spatial, c)
    if dtype == "bool":
        x = rng.random(shape) < 0.5
    else:
        x = _values(rng, shape, dtype)
    ksize: Any = k if rng.random() < 0.7 else (k[0] if len(set(k)) == 1 else k)
    strides: Any = s
    if rng.random() < 0.15:  # the full-rank form
        ksize = [1, 1, *k] if channels_first else [1, *k, 1]
    return {"kind": str(kind), "nd": nd, "x": x, "ksize": ksize, "strides": strides, "padding": padding,
            "data_format": FORMATS[nd][1 if channels_first else 0], "include_batch": bool(rng.random() < 0.5),
            "targmax": "int32" if rng.random() < 0.3 else "int64"}


def _calls(case: dict[str, Any]) -> tuple[Any, Any]:
    nd, kind = case["nd"], case["kind"]
    args = (case["ksize"], case["strides"], case["padding"])
    df = case["data_format"]
    if kind == "argmax":
        td = tf.int32 if case["targmax"] == "int32" else tf.int64
        return (lambda x: tf.nn.max_pool_with_argmax(x, *args, output_dtype=td,
                                                     include_batch_in_index=case["include_batch"]),
                lambda x: altf.max_pool_with_argmax(x, *args, output_dtype=case["targmax"],
                                                    include_batch_in_index=case["include_batch"]))
    if kind.startswith("generic"):
        name = "max_pool" if kind == "generic_max" else "avg_pool"
        return (lambda x: getattr(tf.nn, name)(x, *args, data_format=df),
                lambda x: getattr(altf, name)(x, *args, data_format=df))
    name = f"{kind}_pool{nd}d"
    return (lambda x: getattr(tf.nn, name)(x, *args, data_format=df),
            lambda x: getattr(altf, name)(x, *args, data_format=df))


def _compare(ours: np.ndarray, theirs: Any, average: bool) -> None:
    theirs = np.asarray(theirs)
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    if ours.dtype.name in ("float16", "bfloat16") and average:
        # TensorFlow's float16 kernel sums in float16; arraylens sums in float32 and rounds once
        a, b = ours.astype(np.float32), theirs.astype(np.float32)
        np.testing.assert_allclose(a, b, rtol=2 ** -7, atol=2 ** -7)
        return
    if ours.dtype.kind == "f" and average:
        np.testing.assert_allclose(ours, theirs, rtol=1e-6 if ours.dtype == np.float32 else 1e-12, atol=1e-6)
        return
    np.testing.assert_array_equal(ours.astype(np.float64) if ours.dtype.name == "bfloat16" else ours,
                                  theirs.astype(np.float64) if theirs.dtype.name == "bfloat16" else theirs)


def _tf_windows_empty(case: dict[str, Any]) -> bool:
    """VALID/explicit configurations with an empty output: TensorFlow's oneDNN kernels abort or
    crash the process (SIGFPE) on them, so they are not run."""
    x, nd = case["x"], case["nd"]
    cf = case["data_format"].startswith("NC")
    spatial = x.shape[2:] if cf else x.shape[1:-1]
    k = case["ksize"] if isinstance(case["ksize"], list) else [case["ksize"]] * nd
    k = k[2:] if len(k) == nd + 2 and cf else k[1:-1] if len(k) == nd + 2 else k * nd if len(k) == 1 else k
    s = case["strides"]
    for i, n in enumerate(spatial):
        if case["padding"] == "SAME":
            continue
        pad = (0, 0) if isinstance(case["padding"], str) else case["padding"][i + (2 if cf else 1)]
        num = n + pad[0] + pad[1] - k[i] + s[i]
        if 0 <= num < s[i] or (num < 0 and nd != 2):
            return True
    return False


def test_tensorflow_pooling_random_configurations() -> None:
    accepted = refused = 0
    for seed in range(N_CASES):
        case = _case(seed)
        if _tf_windows_empty(case):
            continue
        theirs_fn, ours_fn = _calls(case)
        try:
            theirs = theirs_fn(tf.constant(case["x"]))
        except (tf.errors.OpError, ValueError, TypeError):
            with pytest.raises((ArgumentError, TypeError)):
                ours_fn(case["x"])
            refused += 1
            continue
        try:
            ours = ours_fn(case["x"])
        except (ArgumentError, TypeError) as e:
            raise AssertionError(f"seed {seed}: TensorFlow accepts {case}, arraylens refuses: {e}") from e
        accepted += 1
        if case["kind"] == "argmax":
            _compare(ours[0], theirs[0].numpy(), False)
            _compare(ours[1], theirs[1].numpy(), False)
        else:
            _compare(ours, theirs.numpy(), "avg" in case["kind"])
    print(f"tensorflow pooling: {accepted} accepted, {refused} refused")
    assert accepted >= 130 and refused >= 12, (accepted, refused)


def test_max_pool_nan_and_infinity_rules() -> None:
    """MaxPool ignores NaN and floors at -FLT_MAX; MaxPoolWithArgmax seeds with the first cell."""
    v = np.array([1, np.nan, 3, np.nan, 2, 5, np.nan, 0], np.float32).reshape(1, 1, 8, 1)
    ours = altf.max_pool2d(v, [1, 3], 1, "VALID")
    np.testing.assert_array_equal(ours.ravel(), [3, 3, 3, 5, 5, 5])
    np.testing.assert_array_equal(ours, tf.nn.max_pool2d(tf.constant(v), [1, 3], 1, "VALID").numpy())
    out, idx = altf.max_pool_with_argmax(v, [1, 3], 1, "VALID")
    np.testing.assert_array_equal(out.ravel(), [3, np.nan, 3, np.nan, 5, 5])
    np.testing.assert_array_equal(idx.ravel(), [2, 1, 2, 3, 5, 5])
    ninf = np.full((1, 2, 2, 1), -np.inf, np.float32)
    assert altf.max_pool2d(ninf, 2, 1, "VALID").ravel()[0] == np.finfo(np.float32).min
    assert tf.nn.max_pool2d(tf.constant(ninf), 2, 1, "VALID").numpy().ravel()[0] == np.finfo(np.float32).min
    assert altf.max_pool_with_argmax(ninf, 2, 1, "VALID")[0].ravel()[0] == -np.inf


def test_argmax_encoding_with_batch() -> None:
    x = np.random.default_rng(3).standard_normal((3, 4, 5, 2)).astype(np.float32)
    for include in (False, True):
        ours = altf.max_pool_with_argmax(x, 2, 2, "SAME", include_batch_in_index=include)[1]
        theirs = tf.nn.max_pool_with_argmax(tf.constant(x), 2, 2, "SAME", include_batch_in_index=include)[1]
        np.testing.assert_array_equal(ours, theirs.numpy())
    b, y, xx, c = 2, 3, 4, 1
    flat = altf.max_pool_with_argmax(x, 1, 1, "VALID", include_batch_in_index=True)[1][b, y, xx, c]
    assert flat == ((b * 4 + y) * 5 + xx) * 2 + c


def test_refusals_in_tensorflow_words() -> None:
    x = np.zeros((1, 4, 4, 1), np.float32)
    with pytest.raises(ArgumentError, match="Top padding 2 needs to be smaller than the window size 2"):
        altf.max_pool2d(x, 2, 1, [[0, 0], [2, 0], [0, 0], [0, 0]])
    with pytest.raises(ArgumentError, match="Computed output size would be negative"):
        altf.max_pool2d(x, 6, 1, "VALID")
    with pytest.raises(TypeError, match="Expected string for argument 'padding'"):
        altf.avg_pool2d(x, 2, 1, [[0, 0], [1, 0], [0, 0], [0, 0]])
    with pytest.raises(ArgumentError, match="Pooling is not yet supported on the batch dimension"):
        altf.max_pool2d(x, [2, 1, 1, 1], 1, "VALID")
    with pytest.raises(TypeError, match="Value for attr 'T' of int32"):
        altf.avg_pool2d(x.astype(np.int32), 2, 1, "VALID")
    with pytest.raises(ArgumentError, match="Targmax"):
        altf.max_pool_with_argmax(x, 2, 1, "VALID", output_dtype="float32")
    with pytest.raises(ArgumentError, match="only supports NHWC on device type CPU"):
        altf.max_pool2d(x.astype(np.float64), 2, 1, "VALID", data_format="NCHW")


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["max_pool", "avg_pool", "argmax"]), st.data())
def test_explain_check_at_random_indices(seed: int, which: str, data: st.DataObject) -> None:
    rng = np.random.default_rng(seed)
    nd = 2 if which == "argmax" else int(rng.integers(1, 4))
    x = _values(rng, (1, *[int(v) for v in rng.integers(2, 6, nd)], 2), "float32")
    k = [int(v) for v in rng.integers(1, 4, nd)]
    args = (k, [int(v) for v in rng.integers(1, 3, nd)], str(rng.choice(["SAME", "VALID"])))
    fn = altf.max_pool_with_argmax if which == "argmax" else getattr(altf, which)
    try:
        out = fn(x, *args)
    except ArgumentError:
        return
    shape = (out[0] if isinstance(out, tuple) else out).shape
    if 0 in shape:
        return
    at = tuple(data.draw(st.integers(0, n - 1)) for n in shape)
    assert fn.explain(x, *args, at=at).check()
