"""tf.image.resize and tf.compat.v1.image.resize_* against TensorFlow 2.21 (CPU).

Seeded random configurations over every method, antialias, preserve_aspect_ratio, TF1's three
coordinate flags, up and down, outputs of size 1, odd sizes, 3-d and 4-d images and every dtype
TensorFlow accepts: float results within float32 tolerance, nearest picks exact in the input's
dtype, shapes and dtypes equal, every accept/reject decision equal with TensorFlow's message.
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
import os
import re
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

tf = importlib.import_module("tensorflow")

import arraylens.tensorflow as altf  # noqa: E402
import arraylens.torch as alt  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402

N_V2 = 160
N_V1 = 90
METHODS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")
DTYPES = ("float32", "float32", "float64", "float16", "uint8", "int16", "int32", "uint16", "int8", "int64")


def _array(rng: np.random.Generator, shape: tuple[int, ...], dtype: str) -> np.ndarray:
    if dtype in ("float32", "float64", "float16"):
        return rng.standard_normal(shape).astype(dtype)
    if dtype == "bool":
        return rng.random(shape) < 0.5
    info = np.iinfo(dtype)
    return rng.integers(max(info.min, -1000), min(info.max, 1000), shape, endpoint=True).astype(dtype)


def _run(fn: Any) -> tuple[str, Any]:
    try:
        return "ok", np.asarray(fn())
    except Exception as exc:
        return "error", exc


def _message(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    m = re.search(r"\}\} (.*) \[Op:(\w+)", text)
    return f"{m.group(1)} [Op:{m.group(2)}]" if m else text


def _compare(ours: tuple[str, Any], ref: tuple[str, Any], what: str, exact: bool, tol: float = 3e-5) -> str:
    assert ours[0] == ref[0], f"{what}: arraylens {ours[0]} ({ours[1]!r:.300}) vs tf {ref[0]} ({ref[1]!r:.300})"
    if ref[0] == "error":
        assert isinstance(ours[1], ArgumentError), what
        assert _message(ref[1]).startswith(_message(ours[1]).split(" [Op:")[0]), \
            f"{what}: {_message(ours[1])!r} vs {_message(ref[1])!r}"
        return "error"
    got, want = ours[1], ref[1]
    assert (got.shape, got.dtype) == (want.shape, want.dtype), f"{what}: {got.shape} {got.dtype} vs {want.shape} " \
                                                                 f"{want.dtype}"
    if exact:
        np.testing.assert_array_equal(got, want, err_msg=what)
    else:
        scale = max(1.0, float(np.abs(want).max(initial=0)))
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol * scale, err_msg=what)
    return "ok"


def test_image_resize_matches_tensorflow_on_random_configurations() -> None:
    rng = np.random.default_rng(21)
    counted: dict[str, int] = {}
    for case in range(N_V2):
        method = str(rng.choice(METHODS))
        dtype = str(rng.choice(DTYPES)) if rng.random() > 0.04 else "bool"
        batched = rng.random() < 0.7
        shape = ((int(rng.integers(1, 3)),) if batched else ()) + tuple(int(v) for v in rng.integers(1, 9, 2)) + (
            int(rng.integers(1, 4)),)
        size = tuple(int(v) for v in rng.integers(1, 14, 2))
        if rng.random() < 0.1:
            size = (1, 1) if rng.random() < 0.5 else (0, size[1])
        kw: dict[str, Any] = {"method": method}
        if rng.random() < 0.4:
            kw["antialias"] = True
        if rng.random() < 0.15:
            kw["preserve_aspect_ratio"] = True
        x = _array(rng, shape, dtype)
        what = f"case {case}: {shape} {dtype} size={size} {kw}"
        ref = _run(lambda: tf.image.resize(x, size, **kw))  # noqa: B023
        ours = _run(lambda: altf.image.resize(x, size, **kw))  # noqa: B023
        # float16 images: TensorFlow keeps some intermediates in half precision (bicubic's cached rows)
        outcome = _compare(ours, ref, what, exact=method == "nearest", tol=2e-3 if dtype == "float16" else 3e-5)
        counted[outcome] = counted.get(outcome, 0) + 1
    assert counted.get("ok", 0) > N_V2 * 0.7 and counted.get("error", 0) >= 5, counted


def test_v1_resizes_match_tensorflow_on_random_configurations() -> None:
    rng = np.random.default_rng(22)
    fns = {"bilinear": (tf.compat.v1.image.resize_bilinear, altf.compat.v1.image.resize_bilinear),
           "nearest": (tf.compat.v1.image.resize_nearest_neighbor, altf.compat.v1.image.resize_nearest_neighbor),
           "bicubic": (tf.compat.v1.image.resize_bicubic, altf.compat.v1.image.resize_bicubic)}
    counted: dict[str, int] = {}
    for case in range(N_V1):
        kind = str(rng.choice(list(fns)))
        dtype = str(rng.choice(DTYPES))
        shape = (int(rng.integers(1, 3)), *(int(v) for v in rng.integers(1, 9, 2)), int(rng.integers(1, 3)))
        size = tuple(int(v) for v in rng.integers(1, 14, 2))
        if rng.random() < 0.1:
            size = (1, 1)
        flags = {"align_corners": bool(rng.random() < 0.4), "half_pixel_centers": bool(rng.random() < 0.4)}
        x = _array(rng, shape, dtype)
        what = f"case {case}: {kind} {shape} {dtype} size={size} {flags}"
        theirs, mine = fns[kind]
        ref = _run(lambda: theirs(x, size, **flags))  # noqa: B023
        ours = _run(lambda: mine(x, size, **flags))  # noqa: B023
        outcome = _compare(ours, ref, what, exact=kind == "nearest", tol=2e-3 if dtype == "float16" else 3e-5)
        counted[outcome] = counted.get(outcome, 0) + 1
    assert counted.get("ok", 0) > N_V1 // 2 and counted.get("error", 0) >= 5, counted


def test_tf2_bilinear_is_torch_align_corners_false_and_tf2_nearest_is_nearest_exact() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 9, 7, 3)).astype(np.float32)
    nchw = x.transpose(0, 3, 1, 2)
    for size in [(4, 5), (17, 11), (1, 1)]:
        tf2 = altf.image.resize(x, size).transpose(0, 3, 1, 2)
        torch_like = alt.interpolate(nchw, size=size, mode="bilinear", align_corners=False)
        np.testing.assert_allclose(tf2, torch_like, rtol=1e-6, atol=1e-6)
        near = altf.image.resize(x, size, method="nearest").transpose(0, 3, 1, 2)
        np.testing.assert_array_equal(near, alt.interpolate(nchw, size=size, mode="nearest-exact"))
    assert not np.array_equal(altf.image.resize(x, (17, 11), method="nearest").transpose(0, 3, 1, 2),
                              alt.interpolate(nchw, size=(17, 11), mode="nearest"))
    e = altf.image.resize.explain(x, (17, 11), method="nearest", at=(0, 5, 3, 1))
    assert "torch 'nearest-exact' = tf.image.resize nearest" in str(e) and e.check()


def test_both_tf1_flags_are_tensorflows_error() -> None:
    x = np.zeros((1, 4, 4, 1), np.float32)
    for fn, raw in [(altf.compat.v1.image.resize_bilinear, "ResizeBilinear"),
                    (altf.compat.v1.image.resize_nearest_neighbor, "ResizeNearestNeighbor"),
                    (altf.compat.v1.image.resize_bicubic, "ResizeBicubic")]:
        with pytest.raises(ArgumentError, match=rf"If half_pixel_centers is True, align_corners must be False\. "
                                                rf"\[Op:{raw}\]"):
            fn(x, (3, 3), align_corners=True, half_pixel_centers=True)


def test_tensorflow_onnx_914_half_pixel_centers_is_not_the_tf1_default() -> None:
    """onnx/tensorflow-onnx#914: a converter that ignores half_pixel_centers exports TF1's asymmetric
    resize for a half-pixel one; the two differ at most pixels."""
    x = np.random.default_rng(4).standard_normal((1, 5, 6, 2)).astype(np.float32)
    half = altf.compat.v1.image.resize_bilinear(x, (9, 11), half_pixel_centers=True)
    legacy = altf.compat.v1.image.resize_bilinear(x, (9, 11))
    np.testing.assert_allclose(half, tf.compat.v1.image.resize_bilinear(x, (9, 11), half_pixel_centers=True).numpy(),
                               rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(legacy, tf.compat.v1.image.resize_bilinear(x, (9, 11)).numpy(), rtol=1e-6, atol=1e-6)
    assert np.mean(np.abs(half - legacy) > 1e-4) > 0.5
    e = altf.compat.v1.image.resize_bilinear.explain(x, (9, 11), at=(0, 4, 5, 1))
    assert "asymmetric: x_src = 4 * " in str(e) or "asymmetric: x_src = 4 / " in str(e)
    assert e.check()


def test_explain_checks_for_every_method() -> None:
    rng = np.random.default_rng(5)
    x = rng.integers(0, 255, (2, 7, 5, 3)).astype(np.uint8)
    for method in METHODS:
        for antialias in (False, True):
            for size in [(3, 2), (11, 9)]:
                y = altf.image.resize(x, size, method=method, antialias=antialias)
                for at in [(0, 0, 0, 0), (1, size[0] - 1, size[1] - 1, 2), (1, 1, 1, 1)]:
                    e = altf.image.resize.explain(x, size, method=method, antialias=antialias, at=at)
                    assert e.check(), f"{method} {antialias} {size} {at}: {e}"
                    assert e.value == y[at]
