"""arraylens.keras.upsampling2d / resizing against Keras 3's UpSampling2D and Resizing layers
(TensorFlow backend), seeded random configurations.

Floats within float32 tolerance; integer images through Resizing bit-exact (Keras rounds
TensorFlow's float32 result half to even, and arraylens computes that float32 result with
TensorFlow's own operations); nearest UpSampling2D is exact (a repeat).
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
keras = importlib.import_module("keras")

import arraylens.keras as alk  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402

UP = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")
RS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def _up_configs(n: int, seed: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        size = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        shape = (int(rng.integers(1, 3)), *(int(v) for v in rng.integers(1, 7, 3)))
        dt = "int32" if (i % 5 == 0 and UP[i % 5] == "nearest") else "float32"
        out.append((UP[i % 5], size, "channels_first" if i % 3 == 0 else None, shape, dt, int(rng.integers(2**31))))
    return out


@pytest.mark.parametrize("interp,size,fmt,shape,dt,seed", _up_configs(40, 1))
def test_upsampling2d_matches_keras(interp: str, size: tuple[int, int], fmt: str | None, shape: tuple[int, ...],
                                    dt: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.integers(-50, 50, shape).astype(dt) if dt == "int32" else rng.standard_normal(shape).astype(dt)
    want = np.asarray(keras.layers.UpSampling2D(size, data_format=fmt, interpolation=interp)(x))
    got = alk.upsampling2d(x, size, fmt, interp)
    assert got.shape == want.shape and got.dtype == want.dtype
    if interp == "nearest":
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def _rs_configs(n: int, seed: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        h, w, oh, ow = (int(v) for v in rng.integers(1, 13, 4))
        batched = i % 2 == 0
        dt = "uint8" if i % 4 == 1 else "float32"
        mode = ("plain", "crop", "pad")[i % 3]
        out.append((RS[i % 6], (h, w), (oh, ow), batched, dt, mode, "channels_first" if i % 7 == 0 else None,
                    int(rng.integers(2**31))))
    return out


@pytest.mark.parametrize("interp,hw,size,batched,dt,mode,fmt,seed", _rs_configs(60, 2))
def test_resizing_matches_keras(interp: str, hw: tuple[int, int], size: tuple[int, int], batched: bool, dt: str,
                                mode: str, fmt: str | None, seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape: tuple[int, ...] = (*hw, 3) if fmt is None else (3, *hw)
    if batched:
        shape = (2, *shape)
    x = rng.integers(0, 256, shape).astype(np.uint8) if dt == "uint8" else rng.standard_normal(shape).astype(dt)
    kw = {"crop_to_aspect_ratio": mode == "crop", "pad_to_aspect_ratio": mode == "pad",
          "fill_value": 3 if seed % 2 else 3.0, "data_format": fmt}
    try:
        want = np.asarray(keras.layers.Resizing(size[0], size[1], interpolation=interp, **kw)(x))
    except Exception as e:  # Keras's own refusal (a float fill on integer images)
        with pytest.raises(ArgumentError):
            alk.resizing(x, size[0], size[1], interp, **kw)
        assert "Cannot convert 3.0" in str(e) or "concat" in str(e).lower()
        return
    got = alk.resizing(x, size[0], size[1], interp, **kw)
    assert got.shape == want.shape and got.dtype == want.dtype
    if dt == "uint8":
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_resizing_refusals_match() -> None:
    x = np.zeros((4, 6, 3), np.uint8)
    for kw in ({"interpolation": "cubic"}, {"crop_to_aspect_ratio": True, "pad_to_aspect_ratio": True},
               {"fill_mode": "reflect"}):
        with pytest.raises(ValueError):
            keras.layers.Resizing(3, 3, **kw)(x)
        with pytest.raises(ArgumentError):
            alk.resizing(x, 3, 3, **kw)
    with pytest.raises(Exception, match=r"Cannot convert 0\.5"):
        keras.layers.Resizing(6, 3, pad_to_aspect_ratio=True, fill_value=0.5)(x)
    with pytest.raises(ArgumentError, match=r"Cannot convert 0\.5"):
        alk.resizing(x, 6, 3, pad_to_aspect_ratio=True, fill_value=0.5)


@pytest.mark.parametrize("hw", [(0, 5), (5, 0), (0, 0)])
@pytest.mark.parametrize("kw", [{}, {"crop_to_aspect_ratio": True}, {"pad_to_aspect_ratio": True}])
def test_resizing_zero_size_refused_as_keras_does(hw: tuple[int, int], kw: dict) -> None:
    # Keras's crop/pad arithmetic divides by the zero size; its resize op then refuses it
    x = np.zeros((4, 6, 3), np.float32)
    with pytest.raises(Exception, match="output dimensions must be positive"):
        keras.layers.Resizing(*hw, **kw)(x)
    with pytest.raises(ArgumentError, match=r"^output dimensions must be positive \[Op:ResizeBilinear\]$"):
        alk.resizing(x, *hw, **kw)


def test_upsampling2d_explain_names_the_repeat() -> None:
    x = np.arange(2 * 3 * 4 * 1, dtype=np.float32).reshape(2, 3, 4, 1)
    e = alk.upsampling2d.explain(x, (2, 3), at=(1, 5, 7, 0))
    assert float(e.value) == float(x[1, 2, 2, 0])


@pytest.mark.parametrize("seed", range(15))
def test_resizing_explain_checks_at_random_pixels(seed: int) -> None:
    rng = np.random.default_rng(5000 + seed)
    h, w, oh, ow = (int(v) for v in rng.integers(1, 10, 4))
    interp = RS[seed % 6]
    x = rng.integers(0, 256, (1, h, w, 2)).astype(np.uint8) if seed % 2 else rng.standard_normal((1, h, w, 2)).astype(
        np.float32)
    out = alk.resizing(x, oh, ow, interp)
    for _ in range(3):
        at = (0, int(rng.integers(oh)), int(rng.integers(ow)), int(rng.integers(2)))
        e = alk.resizing.explain(x, oh, ow, interp, at=at)
        assert e.check()
        assert float(e.value) == float(out[at])


@pytest.mark.parametrize("dtype", ["float16", "float64", "uint8", "int16", "int32"])
@pytest.mark.parametrize("interpolation", ["nearest", "bilinear", "bicubic"])
def test_upsampling2d_casts_as_the_layer_does(dtype: str, interpolation: str) -> None:
    """A Keras 3 layer casts a floating input to float32 before calling; a resized integer image
    comes back rounded (half to even) and saturated to its dtype (uint8 bicubic overshoots)."""
    x = np.random.default_rng(0).integers(0, 100, (1, 3, 4, 2)).astype(dtype)
    ours = alk.upsampling2d(x, size=(2, 3), interpolation=interpolation)
    theirs = np.asarray(keras.layers.UpSampling2D(size=(2, 3), interpolation=interpolation)(x))
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours.astype(np.float64), theirs.astype(np.float64), atol=1e-4 if dtype[0] == "f" else 0)


def test_resizing_int32_top_wraps_as_keras_does() -> None:
    # Keras clips in float32, where 2**31 - 1 is 2**31, and the cast wraps that to -2**31:
    # saturate_cast keeps Keras's values (see its docstring)
    x = np.array([[2**31 - 1, -(2**31)], [2**31 - 1, 5]], np.int32)[None, :, :, None]
    want = np.asarray(keras.layers.Resizing(3, 3)(x))
    got = np.asarray(alk.resizing(x, 3, 3))
    assert want[0, 0, 0, 0] == -(2**31)  # the top wrapped, not saturated
    assert got.dtype == want.dtype == np.int32
    np.testing.assert_array_equal(got, want)
