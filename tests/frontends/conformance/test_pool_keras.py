"""Keras 3 pooling layers (TensorFlow backend) against keras: MaxPooling, AveragePooling,
GlobalAveragePooling and GlobalMaxPooling, 1-3-d.

Seeded random configurations (pool sizes 1-4, strides None or 1-3, valid/same in any case,
channels_last/channels_first, float16/32/64 and integer inputs, NaN and -inf cells, ties,
keepdims): values, shapes and dtypes equal, and every accept/reject decision equal.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

keras = importlib.import_module("keras")

import arraylens.keras as alk  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402

N_CASES = 110
LAYERS = {
    "max": ("MaxPooling{nd}D", "max_pooling{nd}d"), "avg": ("AveragePooling{nd}D", "average_pooling{nd}d"),
    "gavg": ("GlobalAveragePooling{nd}D", "global_average_pooling{nd}d"),
    "gmax": ("GlobalMaxPooling{nd}D", "global_max_pooling{nd}d"),
}


def _values(rng: np.random.Generator, shape: tuple[int, ...], dtype: str) -> np.ndarray:
    x = rng.integers(-4, 5, size=shape).astype(np.float64)
    if dtype.startswith("float"):
        x += rng.choice([0.0, 0.25], size=shape)
        mode = rng.integers(0, 4)
        if mode == 1:
            x[rng.random(shape) < 0.2] = np.nan
        elif mode == 2:
            x[rng.random(shape) < 0.3] = -np.inf
    elif dtype.startswith("u"):
        x = np.abs(x)
    return x.astype(dtype)


def _case(seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(2000 + seed)
    kind = str(rng.choice(["max", "avg", "gavg", "gmax"], p=[0.35, 0.3, 0.175, 0.175]))
    nd = int(rng.integers(1, 4))
    k = [int(v) for v in rng.integers(1, 5, nd)]
    spatial = [int(max(k) + rng.integers(0, 4)) for _ in k]  # a window always fits (TensorFlow's oneDNN
    # kernels abort or crash the process on an empty output)
    channels_first = bool(rng.random() < 0.35)
    c = int(rng.integers(1, 3))
    shape = (int(rng.integers(1, 3)), c, *spatial) if channels_first else (int(rng.integers(1, 3)), *spatial, c)
    dtype = str(rng.choice(["float32"] * 5 + ["float64", "float16", "int32", "uint8", "int64"]))
    kwargs: dict[str, Any] = {"data_format": "channels_first" if channels_first else
                              str(rng.choice(["channels_last", "channels_last", "CHANNELS_LAST"]))}
    if kind in ("max", "avg"):
        kwargs["pool_size"] = k if rng.random() < 0.7 else k[0]
        if rng.random() < 0.7:
            kwargs["strides"] = [int(v) for v in rng.integers(1, 4, nd)]
        kwargs["padding"] = str(rng.choice(["valid", "same", "SAME", "Valid"]))
    elif rng.random() < 0.5:
        kwargs["keepdims"] = True
    return {"kind": kind, "nd": nd, "x": _values(rng, shape, dtype), "kwargs": kwargs}


def _layer(case: dict[str, Any]) -> tuple[Any, Any]:
    layer, fn = (name.format(nd=case["nd"]) for name in LAYERS[case["kind"]])
    return getattr(keras.layers, layer)(**case["kwargs"]), getattr(alk, fn)


def test_keras_pooling_random_configurations() -> None:
    accepted = refused = 0
    for seed in range(N_CASES):
        case = _case(seed)
        layer, ours = _layer(case)
        x = case["x"]
        try:
            theirs = np.asarray(layer(x))
        except Exception as e:  # Keras wraps TensorFlow's errors in its own
            with pytest.raises((ArgumentError, TypeError)):
                ours(x, **case["kwargs"])
            refused += 1
            del e
            continue
        try:
            mine = ours(x, **case["kwargs"])
        except (ArgumentError, TypeError) as e:
            raise AssertionError(f"seed {seed}: keras accepts {case['kind']} {case['kwargs']} {x.shape} {x.dtype}, "
                                 f"arraylens refuses: {e}") from e
        accepted += 1
        assert mine.shape == theirs.shape and mine.dtype == theirs.dtype, (seed, mine.shape, theirs.shape,
                                                                            mine.dtype, theirs.dtype)
        if case["kind"] in ("avg", "gavg"):
            np.testing.assert_allclose(mine, theirs, rtol=2e-6, atol=2e-6, err_msg=f"seed {seed}")
        else:
            np.testing.assert_array_equal(mine, theirs, err_msg=f"seed {seed}")
    print(f"keras pooling: {accepted} accepted, {refused} refused")
    assert accepted >= 80 and refused >= 5, (accepted, refused)


def test_keras_refusals() -> None:
    x = np.zeros((1, 5, 6, 3), np.float32)
    with pytest.raises(ArgumentError, match="pool_size"):
        alk.max_pooling2d(x, 0)
    with pytest.raises(ArgumentError, match="data_format"):
        alk.max_pooling2d(x, 2, data_format="NHWC")
    with pytest.raises(ArgumentError, match="expected ndim=4"):
        alk.max_pooling2d(x[0], 2)
    # no window: TensorFlow's size rule gives an empty axis; its oneDNN max pooling aborts instead
    assert alk.max_pooling2d(x, 7).shape == (1, 0, 0, 3)
    assert np.asarray(keras.layers.AveragePooling2D(pool_size=(4, 1), strides=1)(x[:, :3])).shape == (1, 0, 6, 3)
    assert alk.average_pooling2d(x[:, :3], (4, 1), 1).shape == (1, 0, 6, 3)
    with pytest.raises(Exception, match="MaxPooling2D"):
        keras.layers.MaxPooling2D(pool_size=7)(x)
    with pytest.raises(ArgumentError, match="Computed output size would be negative"):
        alk.max_pooling2d(x, 8, 1)
    with pytest.raises(TypeError):
        alk.average_pooling2d(x.astype(np.int32), 2)


def test_global_pooling_nan_and_infinity() -> None:
    v = np.array([[[1.0], [np.nan], [3.0]]], np.float32)
    assert np.isnan(alk.global_max_pooling1d(v)).all() and np.isnan(np.asarray(keras.layers.GlobalMaxPooling1D()(v)))
    ninf = np.full((1, 2, 1), -np.inf, np.float32)
    assert alk.global_max_pooling1d(ninf).ravel()[0] == -np.inf
    assert alk.max_pooling1d(ninf).ravel()[0] == np.finfo(np.float32).min  # tf.nn.max_pool's floor


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.data())
def test_explain_check_at_random_indices(seed: int, data: st.DataObject) -> None:
    case = _case(seed)
    _, ours = _layer(case)
    x = case["x"]
    try:
        out = ours(x, **case["kwargs"])
    except (ArgumentError, TypeError):
        return
    if 0 in out.shape:
        return
    at = tuple(data.draw(st.integers(0, n - 1)) for n in out.shape)
    assert ours.explain(x, **case["kwargs"], at=at).check()
