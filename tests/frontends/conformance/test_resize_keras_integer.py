"""Keras 3 Resizing and UpSampling2D on integer images (TensorFlow backend): bit-exact.

Keras rounds ``tf.image.resize``'s float32 result with ``ops.round`` (half to even) and
saturates it to the input's dtype; an exact .5 in TensorFlow's float32 therefore decides the
level, and arraylens reproduces TensorFlow's float32 operations for bilinear, area, bicubic,
lanczos3 and lanczos5 (``fixed_point="tf_float32"``) to the bit.
"""

from __future__ import annotations

import dataclasses
import importlib  # test extras: a missing one must fail, not skip
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
keras = importlib.import_module("keras")
tf = importlib.import_module("tensorflow")

import arraylens.keras as alk  # noqa: E402
from arraylens.ops.resize import fixed_point  # noqa: E402
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec  # noqa: E402

METHODS = ("bilinear", "area", "bicubic", "lanczos3", "lanczos5")


def _spec(method: str, h: int, w: int, oh: int, ow: int) -> ResizeSpec:
    filt = {"area": Filter("area", area="coverage"), "bilinear": Filter("linear"),
            "bicubic": Filter("cubic", cubic_a=-0.5), "lanczos3": Filter("lanczos", lobes=3, normalize=True),
            "lanczos5": Filter("lanczos", lobes=5, normalize=True)}[method]
    rules = (AxisResize.of(h, oh, "half_pixel"), AxisResize.of(w, ow, "half_pixel"))
    return ResizeSpec((1, 2), rules, filt, "exclude", None, Precision("float32", fixed_point="tf_float32"))


def test_tf_float32_rule_is_tensorflows_float32_to_the_bit() -> None:
    rng = np.random.default_rng(0)
    for i in range(250):
        method = METHODS[i % 5]
        h, w, oh, ow = (int(v) for v in rng.integers(1, 20, 4))
        c = int(rng.integers(1, 5))
        x = rng.integers(0, 256, (2, h, w, c)).astype(np.uint8) if i % 10 < 5 else \
            rng.standard_normal((2, h, w, c)).astype(np.float32)
        want = tf.image.resize(x, (oh, ow), method=method).numpy()
        got = fixed_point._tf_float32(x, _spec(method, h, w, oh, ow), [])
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, want, err_msg=f"{method} {x.shape} -> {(oh, ow)}")


def test_resizing_integer_images_equal_keras_for_every_interpolation() -> None:
    rng = np.random.default_rng(1)
    halves = 0
    for i in range(300):
        method = (*METHODS, "nearest")[i % 6]
        h, w, oh, ow = (int(v) for v in rng.integers(1, 13, 4))
        x = rng.integers(0, 256, (2, h, w, 3)).astype(np.uint8)
        want = np.asarray(keras.layers.Resizing(oh, ow, interpolation=method)(x))
        got = alk.resizing(x, oh, ow, method)
        assert got.dtype == want.dtype == np.uint8
        np.testing.assert_array_equal(got, want, err_msg=f"{method} {x.shape} -> {(oh, ow)}")
        f = tf.image.resize(x, (oh, ow), method=method).numpy().astype(np.float32)
        halves += int(np.count_nonzero(np.abs(f - np.floor(f) - 0.5) < 1e-3))
    assert halves > 10  # the cases that decide: TensorFlow's float32 within a rounding of .5


def test_the_float32_half_that_made_resizing_one_level_off() -> None:
    # bilinear 10x6 -> 6x7: TensorFlow's float32 gives 92.50001 (Keras: 93); the canonical float32
    # weights give 92.5 or less (92)
    rng = np.random.default_rng(0)
    for _ in range(1000):
        h, w, oh, ow = (int(v) for v in rng.integers(1, 13, 4))
        x = rng.integers(0, 256, (1, h, w, 1)).astype(np.uint8)
        f = tf.image.resize(x, (oh, ow), method="bilinear").numpy()
        frac = f - np.floor(f)
        hit = np.argwhere((np.abs(frac - 0.5) < 1e-4) & (frac != 0.5))
        if len(hit):
            at = tuple(int(v) for v in hit[0])
            want = np.asarray(keras.layers.Resizing(oh, ow)(x))[at]
            assert want == np.rint(f[at])  # Keras rounds TensorFlow's float32 half to even
            assert alk.resizing(x, oh, ow)[at] == want
            e = alk.resizing.explain(x, oh, ow, at=at)
            assert e.check() and e.value == want and "TensorFlow's float32" in str(e)
            return
    raise AssertionError("no float32 near-half found")


def test_upsampling2d_on_integers_equals_keras() -> None:
    rng = np.random.default_rng(2)
    for dtype in ("uint8", "int16", "int32"):
        for interp in ("bilinear", "bicubic", "lanczos3", "lanczos5"):
            x = rng.integers(0, 200, (2, 5, 3, 2)).astype(dtype)
            want = np.asarray(keras.layers.UpSampling2D((3, 2), interpolation=interp)(x))
            got = alk.upsampling2d(x, (3, 2), interpolation=interp)
            np.testing.assert_array_equal(got, want.astype(got.dtype), err_msg=f"{dtype} {interp}")
            assert got.dtype == want.dtype


def test_explain_shows_tensorflows_operations_and_checks() -> None:
    rng = np.random.default_rng(3)
    for i in range(40):
        method = METHODS[i % 5]
        h, w, oh, ow = (int(v) for v in rng.integers(1, 10, 4))
        x = rng.integers(0, 256, (1, h, w, 2)).astype(np.uint8)
        out = alk.resizing(x, oh, ow, method)
        at = (0, int(rng.integers(oh)), int(rng.integers(ow)), int(rng.integers(2)))
        e = alk.resizing.explain(x, oh, ow, method, at=at)
        assert e.check() and e.value == out[at], (method, at)
        assert "half to even" in str(e)
        assert not dataclasses.replace(e, expected=float(e.value) + 1).check()


def test_int64_limits_cast_back_like_keras_without_a_warning() -> None:
    import warnings

    x = np.array([[[[2**63 - 1], [2**63 - 1]], [[2**63 - 1], [0]]]], np.int64)
    want = np.asarray(keras.layers.Resizing(3, 3)(x))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = alk.resizing(x, 3, 3)
    assert got.dtype == want.dtype == np.int64
    np.testing.assert_array_equal(got, want)
