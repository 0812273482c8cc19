"""Every resize front-end's explain(...).check() at random indices (hypothesis), and the
separability of the libraries' 2-d calls (H then W equals the 2-d call)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import arraylens.jax as alj
import arraylens.onnx as alo
import arraylens.tensorflow as altf
import arraylens.torch as alt

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _index(draw: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(draw(st.integers(0, s - 1)) for s in shape)


@st.composite
def _torch_calls(draw: Any) -> tuple[np.ndarray, dict[str, Any]]:
    mode = draw(st.sampled_from(["nearest", "nearest-exact", "bilinear", "bicubic", "area", "lanczos"]))
    integer = mode != "area" and draw(st.booleans())  # uint8: PyTorch's fixed point (1 to 6 channels: both kernels)
    rng = np.random.default_rng(draw(st.integers(0, 999)))
    shape = (1, draw(st.integers(1, 6)) if integer else 2, draw(st.integers(1, 7)), draw(st.integers(1, 7)))
    kw: dict[str, Any] = {"mode": mode, "size": (draw(st.integers(1, 9)), draw(st.integers(1, 9)))}
    if integer and shape[1] == 3 and kw["size"] == (1, 1):
        shape = (1, 4, *shape[2:])  # PyTorch refuses a 1 x 1 RGB uint8 output
    x = rng.integers(0, 256, shape).astype(np.uint8) if integer else rng.standard_normal(shape).astype(np.float32)
    if mode in ("bilinear", "bicubic"):
        kw["align_corners"] = draw(st.booleans())
    if mode in ("bilinear", "bicubic", "lanczos"):
        kw["antialias"] = mode == "lanczos" or draw(st.booleans())
        if mode == "lanczos":
            kw.pop("align_corners", None)
    return x, kw


@SETTINGS
@given(_torch_calls(), st.data())
def test_torch_interpolate_explanations_check(call: tuple[np.ndarray, dict[str, Any]], data: Any) -> None:
    x, kw = call
    y = alt.interpolate(x, **kw)
    at = _index(data.draw, y.shape)
    e = alt.interpolate.explain(x, **kw, at=at)
    assert e.check() and e.value == y[at], str(e)


@SETTINGS
@given(st.sampled_from(["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian",
                        "mitchellcubic"]), st.booleans(), st.integers(1, 9), st.integers(1, 9), st.data())
def test_tf_image_resize_explanations_check(method: str, antialias: bool, h: int, w: int, data: Any) -> None:
    x = np.random.default_rng(h * 10 + w).integers(0, 255, (2, 5, 6, 2)).astype(np.uint8)
    y = altf.image.resize(x, (h, w), method=method, antialias=antialias)
    at = _index(data.draw, y.shape)
    e = altf.image.resize.explain(x, (h, w), method=method, antialias=antialias, at=at)
    assert e.check() and e.value == y[at], str(e)


@SETTINGS
@given(st.sampled_from(["nearest", "linear", "cubic"]),
       st.sampled_from(["half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
                        "tf_crop_and_resize"]),
       st.sampled_from(["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]), st.booleans(),
       st.sampled_from([[1, 1, 0.5, 2.5], [1, 1, 1.7, 0.6], None]), st.data())
def test_onnx_resize_explanations_check(mode: str, coord: str, nearest: str, antialias: bool, scales: Any,
                                        data: Any) -> None:
    x = np.random.default_rng(3).standard_normal((1, 2, 5, 6))
    kw: dict[str, Any] = {"mode": mode, "coordinate_transformation_mode": coord, "nearest_mode": nearest,
                          "antialias": int(antialias)}
    if scales is None:
        kw["sizes"] = [1, 2, data.draw(st.integers(1, 8)), data.draw(st.integers(1, 8))]
    else:
        kw["scales"] = scales
    if coord == "tf_crop_and_resize":
        kw.update(roi=[0, 0, -0.1, 0.2, 1, 1, 0.8, 1.1], extrapolation_value=9.0)
    y = alo.resize(x, **kw)
    at = _index(data.draw, y.shape)
    e = alo.resize.explain(x, **kw, at=at)
    assert e.check() and e.value == y[at], str(e)


@SETTINGS
@given(st.sampled_from(["nearest", "linear", "cubic", "lanczos3", "lanczos5"]), st.booleans(),
       st.tuples(st.integers(1, 4), st.integers(1, 9), st.integers(1, 9)), st.data())
def test_jax_image_resize_explanations_check(method: str, antialias: bool, shape: tuple[int, int, int],
                                             data: Any) -> None:
    x = np.random.default_rng(4).standard_normal((3, 6, 5)).astype(np.float32)
    y = alj.image.resize(x, shape, method, antialias=antialias)
    at = _index(data.draw, y.shape)
    e = alj.image.resize.explain(x, shape, method, antialias=antialias, at=at)
    assert e.check() and e.value == y[at], str(e)


def test_h_then_w_equals_the_2d_call_in_each_separable_library() -> None:
    x = np.random.default_rng(5).standard_normal((1, 2, 7, 9)).astype(np.float32)
    for mode in ("nearest", "linear", "cubic"):
        for coord in ("half_pixel", "align_corners", "asymmetric"):
            both = alo.resize(x, sizes=[4, 13], axes=[2, 3], mode=mode, coordinate_transformation_mode=coord)
            h = alo.resize(x, sizes=[4], axes=[2], mode=mode, coordinate_transformation_mode=coord)
            hw = alo.resize(h, sizes=[13], axes=[3], mode=mode, coordinate_transformation_mode=coord)
            np.testing.assert_allclose(both, hw, rtol=1e-5, atol=1e-5, err_msg=f"onnx {mode} {coord}")
    nhwc = x.transpose(0, 2, 3, 1)
    for method in ("bilinear", "nearest", "bicubic", "lanczos3", "area"):
        both = altf.image.resize(nhwc, (4, 13), method=method)
        hw = altf.image.resize(altf.image.resize(nhwc, (4, 9), method=method), (4, 13), method=method)
        np.testing.assert_allclose(both, hw, rtol=1e-5, atol=1e-5, err_msg=f"tf {method}")
    for method in ("linear", "cubic", "lanczos5", "nearest"):
        both = alj.image.resize(x, (1, 2, 4, 13), method)
        hw = alj.image.resize(alj.image.resize(x, (1, 2, 4, 9), method), (1, 2, 4, 13), method)
        np.testing.assert_allclose(both, hw, rtol=1e-5, atol=1e-5, err_msg=f"jax {method}")
