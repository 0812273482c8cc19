"""arraylens.opencv.resize against cv2.resize (OpenCV 5.0), seeded random configurations.

With Intel IPP off (``cv2.ipp.setUseIPP(False)``: OpenCV's own resize.cpp), INTER_LINEAR, INTER_CUBIC,
INTER_AREA and INTER_LANCZOS4 are bit-exact on every depth (uint8, uint16, int16, float32, float64).
cv2 as installed runs Intel IPP for the pairs in
``opencv_generic.IPP_ROUTED`` (8-bit cubic, 16-bit and float32 linear and cubic, float64 linear):
there within one level / float32 rounding, bit-exact elsewhere. INTER_NEAREST and INTER_NEAREST_EXACT
are bit-exact on every dtype cv2 takes; INTER_LINEAR_EXACT on 8-, 16- and 32-bit integer images,
halving odd sizes included; INTER_AREA with a size rounded from fx/fy (windows of 1 / fx) on every dtype.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from arraylens import opencv as alo
from arraylens.core.errors import ArgumentError
from arraylens.ops.resize import opencv_generic

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
    """cv2 as installed (Intel IPP on): bit-exact where cv2 runs OpenCV's own code; one level (floats:
    float32 rounding) where IPP computes (opencv_generic.IPP_ROUTED, and INTER_LINEAR halving)."""
    if interp in (alo.INTER_NEAREST, alo.INTER_AREA, alo.INTER_LANCZOS4):
        return 0  # bit-exact
    if (interp == alo.INTER_LINEAR and dt == "uint8") or (interp == alo.INTER_CUBIC and dt == "float64"):
        return 0
    return 1e-4 if dt in ("float32", "float64") else 1


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
        cv2.resize(np.zeros((4, 4), np.int32), (2, 2))
    with pytest.raises(ArgumentError, match="func != 0"):
        alo.resize(np.zeros((4, 4), np.int32), (2, 2))
    with pytest.raises(ArgumentError, match="int64 to int32"):  # cv2's binding converts; arraylens does not
        alo.resize(np.zeros((4, 4), np.int64), (2, 2), interpolation=alo.INTER_NEAREST)


ALL_DTYPES = ("uint8", "int8", "uint16", "int16", "int32", "uint32", "float16", "float32", "float64", "bool")


def _any_image(rng: np.random.Generator, shape: tuple[int, ...], dt: str) -> np.ndarray:
    if dt == "bool":
        return rng.integers(0, 2, shape).astype(bool)
    if np.dtype(dt).kind in "iu":
        info = np.iinfo(dt)
        return rng.integers(int(info.min), int(info.max), shape, endpoint=True, dtype=np.int64).astype(dt)
    return rng.standard_normal(shape).astype(dt)


def test_nearest_exact_picks_equal_cv2_on_every_axis_up_to_64() -> None:
    """INTER_NEAREST_EXACT: the source index of every output position, for every in, out in 1..64
    (4096 axes), read from a ramp: OpenCV 5's double running sum, not the 16.16 formula."""
    for n in range(1, 65):
        ramp = np.arange(n, dtype=np.uint16).reshape(1, n)
        for m in range(1, 65):
            want = cv2.resize(ramp, (m, 1), interpolation=cv2.INTER_NEAREST_EXACT)
            np.testing.assert_array_equal(alo.resize(ramp, (m, 1), interpolation=alo.INTER_NEAREST_EXACT), want,
                                          err_msg=f"{n} -> {m}")
    # 2 -> 7: output 3 sits on the boundary (3.5 * 2 / 7 = 1); the double sum gives 0.9999999999999999
    two = np.array([[10, 20]], np.uint8)
    assert alo.resize(two, (7, 1), interpolation=alo.INTER_NEAREST_EXACT)[0, 3] == 10


@pytest.mark.parametrize("seed", range(4))
def test_nearest_modes_every_dtype_match_cv2(seed: int) -> None:
    """INTER_NEAREST and INTER_NEAREST_EXACT: 100 random configurations per seed (400 in all) over
    every dtype cv2 takes for them (int8, int32, uint32, float16, bool too), 0/1/3/4 channels, dsize
    or fx/fy; bit-exact, and explain(at=) gives the pixel and checks."""
    rng = np.random.default_rng(4000 + seed)
    seen = set()
    for i in range(100):
        dt = ALL_DTYPES[i % len(ALL_DTYPES)]
        interp = (alo.INTER_NEAREST, alo.INTER_NEAREST_EXACT)[(i // len(ALL_DTYPES)) % 2]
        h, w = (int(v) for v in rng.integers(1, 40, 2))
        c = (0, 1, 3, 4)[i % 4]
        img = _any_image(rng, (h, w) if c == 0 else (h, w, c), dt)
        dsize: tuple[int, int] | None = (int(rng.integers(1, 60)), int(rng.integers(1, 60)))
        fx = fy = 0.0
        if i % 3 == 0:
            dsize, fx, fy = None, float(rng.uniform(0.2, 3)), float(rng.uniform(0.2, 3))
            if round(w * fx) < 1 or round(h * fy) < 1:
                continue
        want = cv2.resize(img, dsize, fx=fx, fy=fy, interpolation=interp)
        got = alo.resize(img, dsize, fx, fy, interp)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want, err_msg=f"{dt} {img.shape} {dsize} {fx} {fy} {interp}")
        at = tuple(int(rng.integers(s)) for s in want.shape)
        e = alo.resize.explain(img, dsize, fx, fy, interp, at=at)
        assert e.check()
        np.testing.assert_array_equal(np.asarray(e.value), want[at])
        seen.add((dt, interp))
    assert len(seen) == 2 * len(ALL_DTYPES)


@pytest.mark.parametrize("seed", range(3))
def test_linear_exact_halving_an_odd_size_matches_cv2(seed: int) -> None:
    """INTER_LINEAR_EXACT with fx = fy = 0.5 on any size (100 per seed, 300 in all): OpenCV's fast
    INTER_AREA, the blocks cut by an odd edge averaged in float and rounded half to even; bit-exact."""
    rng = np.random.default_rng(5000 + seed)
    cut = 0
    for i in range(100):
        dt = ("uint8", "uint16", "int16")[i % 3]
        h, w = (int(v) for v in rng.integers(2, 50, 2))
        c = (0, 1, 3, 4)[i % 4]
        img = _any_image(rng, (h, w) if c == 0 else (h, w, c), dt)
        want = cv2.resize(img, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_LINEAR_EXACT)
        got = alo.resize(img, None, 0.5, 0.5, alo.INTER_LINEAR_EXACT)
        np.testing.assert_array_equal(got, want, err_msg=f"{dt} {img.shape}")
        # the last row / column: a cut block when the size is odd and rounded up
        at = (want.shape[0] - 1, want.shape[1] - 1, *((int(rng.integers(c)),) if c > 1 else ()))
        e = alo.resize.explain(img, None, 0.5, 0.5, alo.INTER_LINEAR_EXACT, at=at)
        assert e.check() and int(e.value) == int(want[at])
        cut += (h % 2 == 1 and want.shape[0] * 2 > h) or (w % 2 == 1 and want.shape[1] * 2 > w)
    assert cut > 20


def test_linear_exact_int8_int32_match_cv2() -> None:
    """INTER_LINEAR_EXACT on int8 (16 fractional bits) and int32 (32 bits) images, whole value
    ranges: 200 random configurations, bit-exact; explain(at=) checks."""
    rng = np.random.default_rng(6000)
    for i in range(200):
        dt = ("int8", "int32")[i % 2]
        h, w = (int(v) for v in rng.integers(1, 30, 2))
        c = (0, 1, 3, 4)[i % 4]
        img = _any_image(rng, (h, w) if c == 0 else (h, w, c), dt)
        dsize = (int(rng.integers(1, 40)), int(rng.integers(1, 40)))
        if dsize == (w // 2, h // 2) and 2 * dsize[0] == w and 2 * dsize[1] == h:
            continue  # halving runs the fast INTER_AREA, which cv2 refuses for these types
        want = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR_EXACT)
        got = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR_EXACT)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want, err_msg=f"{dt} {img.shape} {dsize}")
        at = tuple(int(rng.integers(s)) for s in want.shape)
        e = alo.resize.explain(img, dsize, interpolation=alo.INTER_LINEAR_EXACT, at=at)
        assert e.check() and int(e.value) == int(want[at])


def _fx_configs(rng: np.random.Generator, n: int, dtypes: tuple[str, ...]) -> list[tuple]:
    out: list[tuple] = []
    while len(out) < n:
        i = len(out)
        dt = dtypes[i % len(dtypes)]
        h, w = (int(v) for v in rng.integers(1, 50, 2))
        c = (0, 1, 3, 4, 2)[(i // len(dtypes)) % 5]
        if i % 4 == 0:  # integer scales: the fast INTER_AREA, blocks cut by the edge when the size rounds up
            fx, fy = 1 / int(rng.integers(1, 6)), 1 / int(rng.integers(1, 6))
        else:
            fx, fy = (float(v) for v in rng.uniform(0.05, 1.0, 2))
        dw, dh = int(np.rint(w * fx)), int(np.rint(h * fy))
        if dw < 1 or dh < 1 or (dw, dh) == (w, h):
            continue
        out.append((dt, (h, w) if c == 0 else (h, w, c), fx, fy))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_area_with_a_rounded_fx_size_matches_cv2(seed: int) -> None:
    """INTER_AREA shrinking with fx, fy (100 per seed, 300 in all; every dtype INTER_AREA takes,
    0/1/3/4/2 channels): the windows follow 1 / fx (the last one cut and its weights renormalised),
    or the fast INTER_AREA at integer scales; bit-exact, floats included; explain(at=) checks."""
    rng = np.random.default_rng(7000 + seed)
    for dt, shape, fx, fy in _fx_configs(rng, 100, DTYPES):
        img = _any_image(rng, shape, dt)
        want = cv2.resize(img, None, fx=fx, fy=fy, interpolation=cv2.INTER_AREA)
        got = alo.resize(img, None, fx, fy, alo.INTER_AREA)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want, err_msg=f"{dt} {shape} fx={fx} fy={fy}")
        at = tuple(int(rng.integers(s)) for s in want.shape)
        e = alo.resize.explain(img, None, fx, fy, alo.INTER_AREA, at=at)
        assert e.check()
        np.testing.assert_array_equal(np.asarray(e.value), want[at])


def test_linear_halving_runs_the_fast_area_as_cv2() -> None:
    """INTER_LINEAR with fx = fy = 0.5: cv2 5.0 averages 2 x 2 blocks (the fast INTER_AREA, odd edges
    cut) on uint8 images and on images of 2 or 5 channels; 200 configurations, bit-exact."""
    rng = np.random.default_rng(7500)
    for i in range(200):
        dt = DTYPES[i % len(DTYPES)] if i % 2 else "uint8"
        c = (0, 1, 3, 4, 2, 5)[(i // 2) % 6]
        h, w = (int(v) for v in rng.integers(2, 40, 2))
        img = _any_image(rng, (h, w) if c == 0 else (h, w, c), dt)
        want = cv2.resize(img, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_LINEAR)
        got = alo.resize(img, None, 0.5, 0.5, alo.INTER_LINEAR)
        if dt == "uint8" or c in (2, 5):
            np.testing.assert_array_equal(got, want, err_msg=f"{dt} {img.shape}")
            at = (want.shape[0] - 1, want.shape[1] - 1, *((0,) if want.ndim == 3 else ()))
            e = alo.resize.explain(img, None, 0.5, 0.5, alo.INTER_LINEAR, at=at)
            assert e.check() and float(e.value) == float(want[at])
        else:  # the linear taps: the same average up to rounding
            np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), atol=1.0, rtol=1e-5)


REFUSAL_CASES = [(dt, interp, c, dsize, fx, fy)
                 for dt in (*ALL_DTYPES, "int64")
                 for interp in range(7)
                 for c in (1, 2, 5)
                 for dsize, fx, fy in [((4, 3), 0, 0), ((12, 10), 0, 0), ((3, 5), 0, 0), ((6, 5), 0, 0),
                                       ((12, 4), 0, 0), ((24, 20), 0, 0), (None, 0.5, 1 / 3), ((6, 10), 0, 0)]]


def test_every_accept_and_refusal_matches_cv2() -> None:
    """Which dtype, channel count and interpolation cv::resize takes (1848 combinations): arraylens
    takes what cv2 takes and refuses the rest with OpenCV's assertion and line. Not reproduced and
    named: int64 (cv2's binding converts it to int32 first)."""
    mismatches = []
    for dt, interp, c, dsize, fx, fy in REFUSAL_CASES:
        img = np.zeros((10, 12, c), dt)
        try:
            cv2.resize(img, dsize, fx=fx, fy=fy, interpolation=interp)
            cv_error = None
        except cv2.error as err:
            cv_error = str(err)
        try:
            alo.resize(img, dsize, fx, fy, interp)
            ours = None
        except ArgumentError as err:
            ours = str(err)
        if cv_error is None and ours is not None:
            if dt == "int64":
                assert "int64 to int32" in ours
                continue
            mismatches.append((dt, interp, c, dsize, "accepted by cv2", ours))
        elif cv_error is not None:
            line = cv_error.split("resize.cpp:")[1].split(" in function")[0]
            if ours is None or (line not in ours and dt != "int64"):
                mismatches.append((dt, interp, c, dsize, cv_error, ours))
    assert not mismatches


def test_linear_exact_matches_cv2() -> None:
    """INTER_LINEAR_EXACT: 500 random configurations, bit-exact on uint8 / uint16 / int16 (OpenCV's
    softdouble coordinates, weights in 1/2**8 or 1/2**16 rounded half to even), halving through the
    fast INTER_AREA, 2-channel images, dsize or fx/fy; floats fall back to INTER_LINEAR."""
    rng = np.random.default_rng(77)
    kinds = set()
    for i in range(500):
        dt = ("uint8", "uint16", "int16", "float32", "float64")[i % 5]
        h, w = (int(v) for v in rng.integers(1, 30, 2))
        dsize: tuple[int, int] | None = (int(rng.integers(1, 40)), int(rng.integers(1, 40)))
        if i % 7 == 0:
            dsize = (max(w // 2, 1), max(h // 2, 1))
            w, h = 2 * dsize[0], 2 * dsize[1]
        img = _image(rng, (h, w, *((), (3,), (2,), (4,))[i % 4]), dt)
        fx = fy = 0.0
        if i % 9 == 4:
            dsize, fx, fy = None, float(rng.uniform(0.3, 3)), float(rng.uniform(0.3, 3))
            if round(w * fx) == 0 or round(h * fy) == 0:
                continue
        want = cv2.resize(img, dsize, fx=fx, fy=fy, interpolation=cv2.INTER_LINEAR_EXACT)
        got = alo.resize(img, dsize, fx, fy, alo.INTER_LINEAR_EXACT)
        assert got.shape == want.shape and got.dtype == want.dtype
        if dt.startswith("float"):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-3)
        else:
            np.testing.assert_array_equal(got, want, err_msg=f"{dt} {img.shape} -> {dsize} fx={fx} fy={fy}")
        kinds.add((dt, i % 7 == 0))
    assert len(kinds) == 10


@pytest.mark.parametrize("seed", range(9))
def test_linear_exact_explain_is_the_computed_pixel(seed: int) -> None:
    rng = np.random.default_rng(900 + seed)
    dt = ("uint8", "uint16", "int16")[seed % 3]
    h, w = (int(v) for v in rng.integers(1, 12, 2))
    dsize = (int(rng.integers(1, 15)), int(rng.integers(1, 15)))
    if seed % 2:
        dsize, h, w = (3, 2), 4, 6  # halving: OpenCV's fast INTER_AREA
    img = _image(rng, (h, w, 3), dt)
    got = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR_EXACT)
    np.testing.assert_array_equal(got, cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR_EXACT))
    for _ in range(3):
        at = (int(rng.integers(dsize[1])), int(rng.integers(dsize[0])), int(rng.integers(3)))
        e = alo.resize.explain(img, dsize, interpolation=alo.INTER_LINEAR_EXACT, at=at)
        assert e.check()
        assert int(e.value) == int(got[at])


def test_same_size_with_fx_is_a_copy() -> None:
    """cv::resize copies src when the size from fx, fy is the source's, whatever the interpolation."""
    img = _image(np.random.default_rng(3), (15, 3), "float32")
    for interp in range(7):
        want = cv2.resize(img, None, fx=0.9621, fy=0.9765, interpolation=interp)
        np.testing.assert_array_equal(want, img)
        np.testing.assert_array_equal(alo.resize(img, None, 0.9621, 0.9765, interp), want)


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


# --- OpenCV's own arithmetic (resizeGeneric_, resizeArea_, resizeAreaFast_), every depth ----------------------------

GENERIC = (alo.INTER_LINEAR, alo.INTER_CUBIC, alo.INTER_AREA, alo.INTER_LANCZOS4)
_KIND = {alo.INTER_LINEAR: "linear", alo.INTER_CUBIC: "cubic", alo.INTER_AREA: "area", alo.INTER_LANCZOS4: "lanczos"}


@pytest.fixture
def without_ipp():
    """cv2 with Intel IPP off: the arithmetic of OpenCV's own resize.cpp (what arraylens reproduces)."""
    was = cv2.ipp.useIPP()
    cv2.ipp.setUseIPP(False)
    yield
    cv2.ipp.setUseIPP(was)


def _generic_configs(n: int, seed: int) -> list[tuple]:
    """Up and down, integer and fractional factors, dsize and fx/fy, 1 / 3 / 4 channels, sizes 1..40."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        interp = GENERIC[i % len(GENERIC)]
        dt = DTYPES[(i // len(GENERIC)) % len(DTYPES)]
        h, w = (int(v) for v in rng.integers(1, 41, 2))
        c = int(rng.choice([0, 1, 3, 4]))
        kind = (i // 20) % 6
        fx = fy = 0.0
        if kind == 0:  # integer up
            dsize: tuple[int, int] | None = (w * int(rng.integers(2, 4)), h * int(rng.integers(2, 4)))
        elif kind == 1:  # integer down (exact multiples: OpenCV's fast area path, INTER_LINEAR halving)
            f = int(rng.integers(2, 5))
            w, h = w - w % f + f, h - h % f + f
            dsize = (w // f, h // f)
        elif kind == 2:  # fractional down
            dsize = (max(1, int(w * rng.uniform(0.2, 0.95))), max(1, int(h * rng.uniform(0.2, 0.95))))
        elif kind == 3:  # fractional up
            dsize = (int(w * rng.uniform(1.05, 3)) + 1, int(h * rng.uniform(1.05, 3)) + 1)
        elif kind == 4:  # fx, fy: the coordinates use 1 / fx
            dsize, fx, fy = None, float(rng.uniform(0.3, 3)), float(rng.uniform(0.3, 3))
            if round(w * fx) < 1 or round(h * fy) < 1:
                fx, fy = 1.5, 2.5
        else:  # any sizes, one axis up and the other down, outputs of 1
            dsize = (int(rng.integers(1, 41)), int(rng.choice([1, int(rng.integers(1, 41))])))
        shape = (h, w) if c == 0 else (h, w, c)
        out.append((interp, dt, shape, dsize, fx, fy, int(rng.integers(0, 2**31))))
    return out


GENERIC_CONFIGS = _generic_configs(480, 17)


@pytest.mark.parametrize("interp,dt,shape,dsize,fx,fy,seed", GENERIC_CONFIGS)
def test_own_arithmetic_bit_exact(without_ipp, interp, dt, shape, dsize, fx, fy, seed) -> None:
    """480 configurations: bit-exact against cv2 with IPP off, every depth (uint8 fixed point, 16-bit and
    float32 in float32 with OpenCV's orders of summation, float64 in double)."""
    img = _image(np.random.default_rng(seed), shape, dt)
    want = cv2.resize(img, dsize, fx=fx, fy=fy, interpolation=interp)
    got = alo.resize(img, dsize, fx, fy, interp, ipp=False)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want, err_msg=f"{_KIND[interp]} {dt} {shape} -> {dsize} {fx} {fy}")


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("src,dst,c", [((30, 30), (9, 9), 3), ((10, 10), (6, 6), 1), ((25, 15), (15, 9), 4),
                                       ((12, 12), (6, 6), 2), ((12, 9), (4, 3), 1), ((9, 12), (3, 6), 3),
                                       ((14, 20), (7, 10), 1), ((16, 16), (4, 4), 4)])
def test_area_special_ratios_bit_exact(without_ipp, dt: str, src, dst, c: int) -> None:
    """INTER_AREA at ratios OpenCV 5 may special-case (10/3, 5/3), integer factors (resizeAreaFast_,
    2-channel halving without the (a+b+c+d+2)>>2 shortcut), and INTER_LINEAR halving (fast area path)."""
    img = _image(np.random.default_rng(sum(src) + c), (*src, c), dt)
    for interp in (alo.INTER_AREA, alo.INTER_LINEAR):
        want = cv2.resize(img, dst[::-1], interpolation=interp)
        np.testing.assert_array_equal(alo.resize(img, dst[::-1], interpolation=interp, ipp=False), want)


@pytest.mark.parametrize("dt", DTYPES)
def test_linear_halving_with_rounded_fx(without_ipp, dt: str) -> None:
    """fx = fy = 0.5 on odd sizes: the fast area path averages the pixels inside the last block."""
    img = _image(np.random.default_rng(5), (7, 9, 3), dt)
    want = cv2.resize(img, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_LINEAR)
    np.testing.assert_array_equal(alo.resize(img, None, 0.5, 0.5, alo.INTER_LINEAR, ipp=False), want)


@pytest.mark.parametrize("interp,dt,shape,dsize,fx,fy,seed", GENERIC_CONFIGS[::4])
def test_default_cv2_with_ipp(interp, dt, shape, dsize, fx, fy, seed) -> None:
    """cv2 as installed (IPP on): the resizes IPP takes (opencv_generic.IPP_ROUTED) within one level (floats:
    float32 rounding); every other resize bit-exact."""
    img = _image(np.random.default_rng(seed), shape, dt)
    want = cv2.resize(img, dsize, fx=fx, fy=fy, interpolation=interp)
    got = alo.resize(img, dsize, fx, fy, interp)
    routed = (_KIND[interp], dt) in opencv_generic.IPP_ROUTED or (interp == alo.INTER_LINEAR and dt != "uint8")
    if not routed:
        np.testing.assert_array_equal(got, want)
    diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
    tol = 1.0 if dt in ("uint8", "uint16", "int16") else 1e-5 * (1 + np.abs(want.astype(np.float64)))
    assert np.all(diff <= tol)


def test_ipp_routing_is_what_cv2_does() -> None:
    """The (mode, dtype) pairs arraylens names as IPP's are those whose cv2 result changes with IPP."""
    rng = np.random.default_rng(8)
    was = cv2.ipp.useIPP()
    changed = set()
    try:
        for dt in DTYPES:
            for interp in GENERIC:
                for _ in range(6):
                    img = _image(rng, (int(rng.integers(8, 30)), int(rng.integers(8, 30)), 3), dt)
                    dsize = (int(rng.integers(5, 40)), int(rng.integers(5, 40)))
                    cv2.ipp.setUseIPP(True)
                    a = cv2.resize(img, dsize, interpolation=interp)
                    cv2.ipp.setUseIPP(False)
                    b = cv2.resize(img, dsize, interpolation=interp)
                    if not np.array_equal(a, b):
                        changed.add((_KIND[interp], dt))
    finally:
        cv2.ipp.setUseIPP(was)
    assert changed == set(opencv_generic.IPP_ROUTED)


@pytest.mark.parametrize("seed", range(12))
def test_generic_explain_is_the_computed_pixel(without_ipp, seed: int) -> None:
    rng = np.random.default_rng(4000 + seed)
    interp = GENERIC[seed % 4]
    dt = DTYPES[seed % 5]
    h, w, H, W = (int(v) for v in rng.integers(2, 20, 4))
    img = _image(rng, (h, w, 3), dt)
    out = alo.resize(img, (W, H), interpolation=interp, ipp=False)
    np.testing.assert_allclose(out.astype(np.float64), cv2.resize(img, (W, H), interpolation=interp), atol=1)
    for _ in range(4):
        at = (int(rng.integers(H)), int(rng.integers(W)), int(rng.integers(3)))
        e = alo.resize.explain(img, (W, H), interpolation=interp, ipp=False, at=at)
        assert e.check()
        assert float(e.value) == float(out[at])
        text = "\n".join(line for s in e.sections for line in s.lines)
        assert f"{out[at]}" in text


def test_linear_halving_two_channels_rounds_half_to_even() -> None:
    """INTER_LINEAR halving a 2-channel uint8 image runs resizeAreaFast_ without its (a+b+c+d+2)>>2 shortcut
    (1, 3, 4 channels only): sum * 0.25f rounded half to even, one level below the shortcut at sums 2 mod 4."""
    img = np.array([[[1, 0], [1, 0]], [[0, 0], [0, 0]]], np.uint8)  # block sum 2: 0.5 -> 0, (2 + 2) >> 2 = 1
    want = cv2.resize(img, (1, 1))
    assert want.reshape(-1).tolist() == [0, 0]
    np.testing.assert_array_equal(alo.resize(img, (1, 1)), want)
    big = _image(np.random.default_rng(12), (30, 32, 2), "uint8")
    np.testing.assert_array_equal(alo.resize(big, (16, 15)), cv2.resize(big, (16, 15)))


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("shape,dsize,f,interp", [((12, 20), (10, 6), 0.0, 1), ((12, 18, 3), (6, 4), 0.0, 3),
                                                  ((7, 9, 3), None, 0.5, 1), ((9, 12, 1), (4, 3), 0.0, 3)])
def test_area_fast_explain_is_the_computed_pixel(without_ipp, dt: str, shape, dsize, f: float, interp: int) -> None:
    img = _image(np.random.default_rng(len(shape) + interp), shape, dt)
    out = alo.resize(img, dsize, f, f, interp, ipp=False)
    np.testing.assert_array_equal(out, cv2.resize(img, dsize, fx=f, fy=f, interpolation=interp))
    for at in [(0, 0, 0)[: out.ndim], tuple(s - 1 for s in out.shape), tuple(s // 2 for s in out.shape)]:
        e = alo.resize.explain(img, dsize, f, f, interp, ipp=False, at=at)
        assert e.check() and float(e.value) == float(out[at])


@pytest.mark.parametrize("dt,lo,hi", [("uint16", 60000, 65536), ("int16", -32768, -30000)])
@pytest.mark.parametrize("f,usefx", [(24, False), (31, True), (40, False)])
def test_area_fast_sums_16bit_blocks_in_float(dt: str, lo: int, hi: int, f: int, usefx: bool) -> None:
    """resizeAreaFast_ sums 16-bit blocks in float: past 2**24 the sum rounds (an exact integer sum
    differs in 14-22 of these 400 pixels), and arraylens rounds where OpenCV does; blocks cut by the
    edge (fx) summed one pixel at a time."""
    rng = np.random.default_rng(f)
    img = rng.integers(lo, hi, (f * 20 + (7 if usefx else 0), f * 20 + (5 if usefx else 0))).astype(dt)
    if usefx:
        want = cv2.resize(img, None, fx=1 / f, fy=1 / f, interpolation=cv2.INTER_AREA)
        got = alo.resize(img, None, 1 / f, 1 / f, alo.INTER_AREA)
    else:
        want = cv2.resize(img, (20, 20), interpolation=cv2.INTER_AREA)
        got = alo.resize(img, (20, 20), interpolation=alo.INTER_AREA)
    np.testing.assert_array_equal(got, want)
    # the exact integer sum, then OpenCV's own sum * (1.f / area): not what cv2 gives
    total = img[: 20 * f, : 20 * f].reshape(20, f, 20, f).sum(axis=(1, 3), dtype=np.int64)
    exact = np.rint(total.astype(np.float32) * (np.float32(1) / np.float32(f * f)))
    assert (exact != want[:20, :20]).any()


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("iy,ix", [(1, 4), (4, 1), (2, 3), (3, 2), (1, 2), (2, 1), (5, 7)])
def test_area_fast_unequal_integer_factors(dt: str, iy: int, ix: int) -> None:
    """The fast INTER_AREA with different integer factors per axis (blocks of 4 pixels that are not
    2 x 2 among them), 1/3/4 channels, dsize and fx/fy (cut blocks); bit-exact."""
    rng = np.random.default_rng(100 * iy + ix)
    for c in (0, 3, 4):
        h, w = 6 * iy + 1, 5 * ix + 1
        img = _any_image(rng, (h, w) if c == 0 else (h, w, c), dt)
        want = cv2.resize(img, (w // ix, h // iy), interpolation=cv2.INTER_AREA)
        np.testing.assert_array_equal(alo.resize(img, (w // ix, h // iy), interpolation=alo.INTER_AREA), want)
        want = cv2.resize(img, None, fx=1 / ix, fy=1 / iy, interpolation=cv2.INTER_AREA)
        np.testing.assert_array_equal(alo.resize(img, None, 1 / ix, 1 / iy, alo.INTER_AREA), want)


@pytest.mark.parametrize("dt", ["uint16", "int16", "float32", "float64", "int32"])
@pytest.mark.parametrize("interpolation", range(7))
def test_byte_swapped_input_is_resized_by_its_values(dt: str, interpolation: int, without_ipp: None) -> None:
    """A non-native byte order (a '>u2' .npy file) reached numba's loops as an untyped array (a
    TypingError from deep inside numba); it is resized as the native array of the same values."""
    rng = np.random.default_rng(7)
    native = _image(rng, (9, 11, 3), dt)
    swapped = native.astype(np.dtype(dt).newbyteorder(">" if np.little_endian else "<"))
    try:
        want = cv2.resize(native, (5, 7), interpolation=interpolation)
    except cv2.error:
        with pytest.raises(ArgumentError):
            alo.resize(swapped, (5, 7), interpolation=interpolation, ipp=False)
        return
    got = alo.resize(swapped, (5, 7), interpolation=interpolation, ipp=False)
    assert got.dtype == want.dtype and np.array_equal(got, want)
    assert alo.resize.explain(swapped, (5, 7), interpolation=interpolation, ipp=False, at=(1, 2, 0)).check()


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("interp", [alo.INTER_LINEAR, alo.INTER_CUBIC, alo.INTER_LANCZOS4, alo.INTER_AREA])
def test_a_tall_image_to_few_rows_sums_only_the_rows_it_reads(without_ipp, dt: str, interp: int) -> None:
    """resizeGeneric_'s horizontal pass runs on the rows the vertical pass reads: 4000 rows to 2 hold
    a few rows of horizontal sums, not 4000 (a 20000 x 10 image to 1 x 2000 once held 480 MB);
    the pixels stay cv2's."""
    import tracemalloc

    img = _image(np.random.default_rng(9), (4000, 10, 3), dt)
    dsize = (500, 2)  # columns up (INTER_AREA then runs resizeGeneric_'s two-tap rule)
    want = cv2.resize(img, dsize, interpolation=interp)
    alo.resize(img[:50], dsize, interpolation=interp, ipp=False)  # compile first: numba's own allocations
    tracemalloc.start()
    try:
        got = alo.resize(img, dsize, interpolation=interp, ipp=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(got, want)
    assert peak < 2_000_000, peak  # 4000 rows of sums would be 4000 * 1500 * 4 bytes = 24 MB


BINDING_CASES = {
    "dsize of floats": ((4, 5), np.uint8, {"dsize": (2.5, 3)}),
    "dsize of integral floats": ((4, 5), np.uint8, {"dsize": (2.0, 3)}),
    "dsize with a float second": ((4, 5), np.uint8, {"dsize": (2, 2.5)}),
    "dsize of bools": ((4, 5), np.uint8, {"dsize": (True, 3)}),
    "dsize of a float array": ((4, 5), np.uint8, {"dsize": np.array([2.0, 3.0])}),
    "dsize of 3": ((4, 5), np.uint8, {"dsize": (2, 3, 4)}),
    "dsize an int": ((4, 5), np.uint8, {"dsize": 5}),
    "dsize past int32": ((4, 5), np.uint8, {"dsize": (2**31, 3)}),
    "interpolation a float": ((4, 5), np.uint8, {"dsize": (2, 3), "interpolation": 1.0}),
    "interpolation a NumPy float": ((4, 5), np.uint8, {"dsize": (2, 3), "interpolation": np.float64(1)}),
    "interpolation a bool": ((4, 5), np.uint8, {"dsize": (2, 3), "interpolation": True}),
    "interpolation a str": ((4, 5), np.uint8, {"dsize": (2, 3), "interpolation": "1"}),
    "fx a str": ((4, 5), np.uint8, {"dsize": None, "fx": "a", "fy": 2}),
    "0 channels": ((3, 4, 0), np.uint8, {"dsize": (2, 2)}),
    "0 channels and a bad dsize": ((3, 4, 0), np.uint8, {"dsize": (2.5, 3)}),
    "129 channels": ((3, 4, 129), np.uint8, {"dsize": (2, 2)}),
    "513 channels float": ((3, 4, 513), np.float32, {"dsize": (2, 2)}),
    "129 channels, unknown interpolation": ((3, 4, 129), np.uint8, {"dsize": (2, 2), "interpolation": 99}),
    "dsize of a list": ((4, 5), np.uint8, {"dsize": [2, 3]}),
    "dsize of an int array": ((4, 5), np.uint8, {"dsize": np.array([2, 3])}),
    "dsize of NumPy ints": ((4, 5), np.uint8, {"dsize": (np.int64(2), 3)}),
    "interpolation a NumPy int": ((4, 5), np.uint8, {"dsize": (2, 3), "interpolation": np.int64(2)}),
    "fx and interpolation None": ((4, 5), np.uint8, {"dsize": (2, 3), "fx": None, "interpolation": None}),
    "128 channels linear": ((3, 4, 128), np.uint8, {"dsize": (5, 7)}),
    "128 channels float cubic": ((3, 4, 128), np.float32, {"dsize": (5, 2), "interpolation": 2}),
    "dsize a column array": ((4, 5), np.uint8, {"dsize": np.array([[2], [3]])}),
    "dsize a row array": ((4, 5), np.uint8, {"dsize": np.array([[2, 3]])}),
    "fx a bool": ((4, 5), np.uint8, {"dsize": (2, 3), "fx": True}),
    "fy a NumPy bool": ((4, 5), np.uint8, {"dsize": None, "fx": 2, "fy": np.bool_(True)}),
}


def _cv2_reason(exc: BaseException) -> str:
    """cv2's refusal without its banner: the first overload's reason, or the assertion."""
    text = str(exc)
    if "Overload resolution failed" in text:
        return text.split("\n>  - ")[1].strip()
    return text.split("error: ")[1].strip().split(" in function")[0]


@pytest.mark.parametrize("case", sorted(BINDING_CASES))
def test_binding_accepts_and_refuses_what_cv2_does(case: str, without_ipp: None) -> None:
    shape, dt, kw = BINDING_CASES[case]
    src = np.random.default_rng(5).integers(0, 200, shape).astype(dt)
    args = {"interpolation": 1, **kw}
    try:
        want = cv2.resize(src, args.pop("dsize"), **args)
    except cv2.error as exc:
        with pytest.raises(ArgumentError) as ours:
            alo.resize(src, ipp=False, **kw)
        assert _cv2_reason(exc) in str(ours.value), (str(exc), str(ours.value))
        assert "\n" not in str(ours.value)
        return
    got = alo.resize(src, ipp=False, **kw)  # cv2 runs with IPP off here
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(got, want, atol=1e-4 if dt == np.float32 else 0)


@pytest.mark.parametrize("interpolation", [0, 1, 2, 3, 4, 6])
@pytest.mark.parametrize("dsize", [(3, 4), (9, 2), (1, 1)])
def test_a_1d_src_is_one_row_as_in_cv2(interpolation: int, dsize: tuple[int, int]) -> None:
    x = (np.arange(7) * 37 % 256).astype(np.uint8)
    want = cv2.resize(x, dsize, interpolation=interpolation)
    got = np.asarray(alo.resize(x, dsize, interpolation=interpolation))
    assert got.shape == want.shape == dsize[::-1]
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (2, 3, 4, 5, 6)])
def test_a_4d_src_is_refused_in_cv2s_words(shape: tuple[int, ...]) -> None:
    x = np.zeros(shape, np.uint8)
    with pytest.raises(cv2.error, match=r"m->dims <= 2 in function 'size'"):
        cv2.resize(x, (3, 3))
    msg = r"^OpenCV\(5\.0\.0\) matrix_wrap\.cpp:511: error: \(-215:Assertion failed\) m->dims <= 2 in function 'size'"
    with pytest.raises(ArgumentError, match=msg):
        alo.resize(x, (3, 3))
