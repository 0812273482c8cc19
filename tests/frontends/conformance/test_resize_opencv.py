"""arraylens.opencv.resize against cv2.resize (OpenCV 5.0), seeded random configurations.

INTER_NEAREST (every dtype) and uint8 INTER_LINEAR / INTER_LANCZOS4 are bit-exact (OpenCV's fixed
point); floats within float32 tolerance. Known gaps (bounded here, see the front-end): 16-bit
results of the float paths and 8-bit INTER_CUBIC / INTER_AREA may differ by one level (OpenCV 5's
float order of operations, not reproduced); INTER_LINEAR_EXACT, INTER_NEAREST_EXACT and INTER_AREA
with a rounded fx/fy size are refused.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from arraylens import opencv as alo
from arraylens.core.errors import ArgumentError

cv2 = importlib.import_module("cv2")  # test extras: a missing one must fail, not skip

DTYPES = ("uint8", "uint16", "int16", "float32", "float64")
INTERPOLATIONS = (alo.INTER_NEAREST, alo.INTER_LINEAR, alo.INTER_CUBIC, alo.INTER_AREA, alo.INTER_LANCZOS4)


def _image(rng: np.random.Generator, shape: tuple[int, ...], dt: str) -> np.ndarray:
    if dt == "uint8":
        return rng.integers(0, 256, shape).astype(np.uint8)
    if dt == "uint16":
        return rng.integers(0, 65536, shape).astype(np.uint16)
    if dt == "int16":
        return rng.integers(-32768, 32768, shape).astype(np.int16)
    return rng.standard_normal(shape).astype(dt)


def _configs(n: int, seed: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        interp = INTERPOLATIONS[i % len(INTERPOLATIONS)]
        dt = DTYPES[(i // len(INTERPOLATIONS)) % len(DTYPES)]
        h, w = (int(v) for v in rng.integers(1, 24, 2))
        c = int(rng.choice([0, 1, 3, 4]))
        shape = (h, w) if c == 0 else (h, w, c)
        kind = i % 4
        if kind == 0:  # integer up-scale
            dsize = (w * int(rng.integers(1, 4)), h * int(rng.integers(1, 4)))
        elif kind == 1:  # integer down-scale
            f = int(rng.integers(1, 4))
            dsize = (max(w // f, 1), max(h // f, 1))
        elif kind == 2:  # size-1 outputs and odd sizes
            dsize = (int(rng.choice([1, 3, 5, 7])), int(rng.choice([1, 3, 5, 9])))
        else:  # fractional, any
            dsize = (int(rng.integers(1, 30)), int(rng.integers(1, 30)))
        out.append((interp, dt, shape, dsize, int(rng.integers(0, 2**31))))
    return out


CONFIGS = _configs(150, 11)


def _tolerance(interp: int, dt: str) -> float:
    if dt in ("float32", "float64"):
        return 1e-4
    if interp == alo.INTER_NEAREST or (interp in (alo.INTER_LINEAR, alo.INTER_LANCZOS4) and dt == "uint8"):
        return 0  # bit-exact
    return 1  # one level: the known gap


@pytest.mark.parametrize("interp,dt,shape,dsize,seed", CONFIGS)
def test_resize_matches_cv2(interp: int, dt: str, shape: tuple[int, ...], dsize: tuple[int, int], seed: int) -> None:
    img = _image(np.random.default_rng(seed), shape, dt)
    want = cv2.resize(img, dsize, interpolation=interp)
    got = alo.resize(img, dsize, interpolation=interp)
    assert got.shape == want.shape and got.dtype == want.dtype
    diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
    scale = 1.0 + np.abs(want.astype(np.float64)).max() if dt.startswith("float") else 1.0
    assert diff.max() / scale <= _tolerance(interp, dt)


@pytest.mark.parametrize("seed", range(40))
def test_uint8_linear_bit_exact(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    h, w, H, W = (int(v) for v in rng.integers(1, 40, 4))
    c = int(rng.choice([0, 1, 2, 3, 4]))
    img = _image(rng, (h, w) if c == 0 else (h, w, c), "uint8")
    np.testing.assert_array_equal(alo.resize(img, (W, H)), cv2.resize(img, (W, H)))


@pytest.mark.parametrize("fx,fy", [(0.5, 2.0), (2.0, 2.0), (1.5, 0.75), (3.0, 1.0), (0.3, 0.7)])
@pytest.mark.parametrize("interp", [alo.INTER_NEAREST, alo.INTER_LINEAR])
def test_scale_factors_use_fx_in_the_coordinates(fx: float, fy: float, interp: int) -> None:
    img = _image(np.random.default_rng(7), (11, 13, 3), "uint8")
    np.testing.assert_array_equal(alo.resize(img, (0, 0), fx=fx, fy=fy, interpolation=interp),
                                  cv2.resize(img, (0, 0), fx=fx, fy=fy, interpolation=interp))


@pytest.mark.parametrize("dsize,fx,fy,interp", [((0, 0), 0, 0, 1), ((0, 0), 0.01, 0.01, 1), ((3, 0), 0, 0, 1),
                                                 ((4, 4), 0, 0, 9)])
def test_refusals_match(dsize: tuple[int, int], fx: float, fy: float, interp: int) -> None:
    img = np.zeros((5, 6), np.uint8)
    with pytest.raises(cv2.error):
        cv2.resize(img, dsize, fx=fx, fy=fy, interpolation=interp)
    with pytest.raises(ArgumentError):
        alo.resize(img, dsize, fx=fx, fy=fy, interpolation=interp)


def test_refused_dtype_and_unreproduced_modes() -> None:
    with pytest.raises(cv2.error):
        cv2.resize(np.zeros((4, 4), np.int32), (2, 2), interpolation=cv2.INTER_LINEAR_EXACT)
    with pytest.raises(ArgumentError):
        alo.resize(np.zeros((4, 4), np.int32), (2, 2))
    for interp in (alo.INTER_LINEAR_EXACT, alo.INTER_NEAREST_EXACT):
        with pytest.raises(ArgumentError, match="not reproduced"):
            alo.resize(np.zeros((4, 4), np.uint8), (2, 2), interpolation=interp)


def test_constants_equal_cv2() -> None:
    for name in ("INTER_NEAREST", "INTER_LINEAR", "INTER_CUBIC", "INTER_AREA", "INTER_LANCZOS4",
                 "INTER_LINEAR_EXACT", "INTER_NEAREST_EXACT"):
        assert getattr(alo, name) == getattr(cv2, name)


@pytest.mark.parametrize("at", [(0, 0, 0), (3, 4, 2), (6, 10, 1)])
def test_explain_shows_fixed_point_steps_and_value(at: tuple[int, int, int]) -> None:
    img = _image(np.random.default_rng(3), (13, 17, 3), "uint8")
    want = cv2.resize(img, (11, 7))
    e = alo.resize.explain(img, (11, 7), at=at)
    text = "\n".join(line for s in e.sections for line in s.lines)
    assert "(SIMD)" in text and f"-> saturated {int(want[at])}" in text


@pytest.mark.parametrize("seed", range(12))
def test_uint8_lanczos4_fixed_point(seed: int) -> None:
    rng = np.random.default_rng(2000 + seed)
    h, w, H, W = (int(v) for v in rng.integers(1, 30, 4))
    img = _image(rng, (h, w, 3) if seed % 2 else (h, w), "uint8")
    want = cv2.resize(img, (W, H), interpolation=cv2.INTER_LANCZOS4)
    np.testing.assert_array_equal(alo.resize(img, (W, H), interpolation=alo.INTER_LANCZOS4), want)
    at = (H // 2, W // 3, 1) if seed % 2 else (H // 2, W // 3)
    e = alo.resize.explain(img, (W, H), interpolation=alo.INTER_LANCZOS4, at=at)
    text = "\n".join(line for s in e.sections for line in s.lines)
    assert f"-> saturated {int(want[at])}" in text


def test_nearest_uses_the_double_scale_of_dsize() -> None:
    """28 -> 18 columns: 9 * (1. / (18. / 28)) is just above or below 14 in double; cv2 takes what that gives."""
    img = np.arange(4 * 28, dtype=np.uint16).reshape(4, 28)
    np.testing.assert_array_equal(alo.resize(img, (18, 15), interpolation=alo.INTER_NEAREST),
                                  cv2.resize(img, (18, 15), interpolation=cv2.INTER_NEAREST))


@pytest.mark.parametrize("seed", range(25))
def test_explain_value_is_the_computed_pixel_and_checks(seed: int) -> None:
    rng = np.random.default_rng(3000 + seed)
    interp = INTERPOLATIONS[seed % len(INTERPOLATIONS)]
    dt = DTYPES[seed % len(DTYPES)]
    h, w, H, W = (int(v) for v in rng.integers(1, 15, 4))
    img = _image(rng, (h, w, 3), dt)
    out = alo.resize(img, (W, H), interpolation=interp)
    for _ in range(4):
        at = (int(rng.integers(H)), int(rng.integers(W)), int(rng.integers(3)))
        e = alo.resize.explain(img, (W, H), interpolation=interp, at=at)
        assert e.check()
        assert float(e.value) == float(out[at])
