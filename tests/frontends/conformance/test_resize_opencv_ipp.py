"""arraylens.opencv.resize(..., ipp=True) against cv2 5.0.0 with Intel IPP on (its default), and
``ipp=False`` against cv2 after ``cv2.ipp.setUseIPP(False)``: 16-bit, float32 and float64
INTER_LINEAR and uint8, uint16, int16 and float32 INTER_CUBIC, the pairs whose IPP arithmetic is reproduced
(:mod:`arraylens.ops.resize.opencv_ipp`). cv2's IPP state is restored after every test."""

from __future__ import annotations

import importlib
from fractions import Fraction

import numpy as np
import pytest

from arraylens import opencv as alo
from arraylens.ops.resize import opencv_ipp

cv2 = importlib.import_module("cv2")  # test extras: a missing one must fail, not skip


@pytest.fixture
def ipp_state():
    """Yields a setter for cv2's IPP switch; puts the switch back as it was afterwards."""
    was = cv2.ipp.useIPP()
    yield cv2.ipp.setUseIPP
    cv2.ipp.setUseIPP(was)


def _image(rng: np.random.Generator, shape: tuple[int, ...], dt: str) -> np.ndarray:
    info = np.iinfo(dt)
    return rng.integers(info.min, info.max + 1, shape).astype(dt)


def _configs(n: int, seed: int) -> list[tuple]:
    """Sizes 1..64 (sources of one row or column included), 1 / 2 / 3 / 4 / 5 channels and none, up, down,
    halving, outputs of one pixel."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        dt = ("uint16", "int16")[i % 2]
        h, w = (int(v) for v in rng.integers(1, 65, 2))
        c = int(rng.choice([0, 1, 3, 4, 2, 5]))  # 2, 5: cv2 runs OpenCV's own code
        kind = (i // 2) % 4
        if kind == 0:
            dsize = (int(rng.integers(1, 65)), int(rng.integers(1, 65)))
        elif kind == 1:  # halving: IPP takes it before OpenCV's fast area shortcut
            h, w = h + h % 2, w + w % 2
            dsize = (w // 2, h // 2)
        elif kind == 2:  # up
            dsize = (w + int(rng.integers(1, 40)), h + int(rng.integers(1, 40)))
        else:  # down
            dsize = (max(1, w - int(rng.integers(0, w))), max(1, h - int(rng.integers(0, h))))
        out.append((dt, (h, w) if c == 0 else (h, w, c), dsize, int(rng.integers(0, 2**31))))
    return out


CONFIGS = _configs(240, 23)


@pytest.mark.parametrize("dt,shape,dsize,seed", CONFIGS)
def test_linear16_bit_exact_with_and_without_ipp(ipp_state, dt, shape, dsize, seed) -> None:
    img = _image(np.random.default_rng(seed), shape, dt)
    ipp_state(True)
    want_ipp = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR)
    ipp_state(False)
    want_own = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR)
    got_ipp = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR)
    got_own = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR, ipp=False)
    assert got_ipp.dtype == want_ipp.dtype and got_ipp.shape == want_ipp.shape
    np.testing.assert_array_equal(got_ipp, want_ipp, err_msg=f"ipp {dt} {shape} -> {dsize}")
    np.testing.assert_array_equal(got_own, want_own, err_msg=f"own {dt} {shape} -> {dsize}")


def test_the_two_arithmetics_differ_where_cv2_s_do(ipp_state) -> None:
    """The IPP rule is not OpenCV's own one under another name: on these configurations cv2's two
    results differ, and arraylens' ipp=True / ipp=False follow each."""
    differ = 0
    for dt, shape, dsize, seed in CONFIGS[:80]:
        img = _image(np.random.default_rng(seed), shape, dt)
        ipp_state(True)
        a = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR)
        ipp_state(False)
        b = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR)
        if not np.array_equal(a, b):
            differ += 1
            assert not np.array_equal(alo.resize(img, dsize, interpolation=alo.INTER_LINEAR, ipp=False), a)
    assert differ >= 40


@pytest.mark.parametrize("dt", ["uint16", "int16"])
@pytest.mark.parametrize("shape,f", [((20, 30, 3), 0.5), ((21, 14), 2.0), ((16, 12, 4), 0.25), ((10, 7), 3.0)])
def test_fx_equal_to_the_size_ratio_runs_ipp_resize(ipp_state, dt, shape, f) -> None:
    """fx, fy with dsize / ssize equal to them: ipp_hal_resize's IwiResize, reproduced."""
    img = _image(np.random.default_rng(len(shape) + int(f * 8)), shape, dt)
    ipp_state(True)
    want = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_LINEAR)
    np.testing.assert_array_equal(alo.resize(img, None, f, f, alo.INTER_LINEAR), want)


@pytest.mark.parametrize("dt", ["uint16", "int16"])
def test_fx_off_the_size_ratio_keeps_opencv_s_own(ipp_state, dt) -> None:
    """A size rounded from fx, fy (IPP's warpAffine in cv2, not reproduced): OpenCV's own arithmetic,
    which is what cv2 gives with IPP off."""
    img = _image(np.random.default_rng(3), (17, 23, 3), dt)
    ipp_state(False)
    want = cv2.resize(img, None, fx=1.7, fy=0.6, interpolation=cv2.INTER_LINEAR)
    np.testing.assert_array_equal(alo.resize(img, None, 1.7, 0.6, alo.INTER_LINEAR), want)


def test_int16_edge_ties_round_to_the_first_tap_s_parity(ipp_state) -> None:
    """int16 columns on the replicated border: h0 + rint(t * (h1 - h0)), so x.5 rounds to the parity of
    h0 (uint16 and the inside: half to even)."""
    ipp_state(True)
    for k in (100, 101, -101):
        for dt in ("int16", "uint16"):
            if dt == "uint16" and k < 0:
                continue
            img = np.zeros((4, 8, 3), dt)
            img[:2], img[2:] = k, k + 4
            want = cv2.resize(img, (13, 16), interpolation=cv2.INTER_LINEAR)
            got = alo.resize(img, (13, 16), interpolation=alo.INTER_LINEAR)
            np.testing.assert_array_equal(got, want)
    edge = alo.resize(np.repeat(np.array([[101], [101], [105], [105]], np.int16), 8, 1), (13, 16))
    assert list(edge[6:10, 0]) == [101, 103, 103, 105]  # 101.5, 102.5, 103.5, 104.5


def test_fma32_rounds_once() -> None:
    rng = np.random.default_rng(4)
    a = rng.standard_normal(4000).astype(np.float32)
    b = rng.standard_normal(4000).astype(np.float32)
    c = rng.standard_normal(4000).astype(np.float32)
    # halfway cases of the double sum: c = -a*b rounded, plus a tiny part
    c[:1000] = (-(a[:1000].astype(np.float64) * b[:1000])).astype(np.float32)
    got = opencv_ipp.fma32(a, b, c)
    for k in range(0, 4000, 7):
        exact = Fraction(float(a[k])) * Fraction(float(b[k])) + Fraction(float(c[k]))
        assert got[k] == np.float32(float(exact)) or abs(Fraction(float(got[k])) - exact) <= abs(
            Fraction(float(np.float32(float(exact)))) - exact
        )
    # a constructed double-rounding case: 1 + 2**-24 + 2**-60 rounds up in float32
    x = opencv_ipp.fma32(np.float32(2.0**-30), np.float32(2.0**-30), np.float32(1 + 2.0**-23))
    assert x == np.float32(1 + 2.0**-23)
    y = opencv_ipp.fma32(np.float32(1 + 2.0**-23), np.float32(2.0**-24), np.float32(1.0))
    assert y == np.float32(1 + 2.0**-23)  # 1 + 2**-24 + 2**-47: above halfway


@pytest.mark.parametrize("seed", range(6))
def test_explain_is_the_computed_pixel(ipp_state, seed: int) -> None:
    rng = np.random.default_rng(seed)
    dt = ("uint16", "int16")[seed % 2]
    img = _image(rng, (int(rng.integers(2, 20)), int(rng.integers(2, 20)), 3), dt)
    dsize = (int(rng.integers(2, 30)), int(rng.integers(2, 30)))
    out = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR)
    for at in [(0, 0, 0), (dsize[1] - 1, dsize[0] - 1, 2), (dsize[1] // 2, 0, 1)]:
        e = alo.resize.explain(img, dsize, interpolation=alo.INTER_LINEAR, at=at)
        assert e.check() and e.value == out[at]
        assert any("IPP" in sec.title for sec in e.sections)


# --- float32 INTER_LINEAR ("opencv_ipp_linear32f") ---------------------------------------------------------------


def _float_configs(n: int, seed: int, dt: str) -> list[tuple]:
    """Sizes 1..64, 1 / 2 / 3 / 4 / 5 channels and none, up, down, halving, and narrow images enlarged 5 to 40
    times across (long runs of columns on one border pixel); values over several magnitudes."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        c = int(rng.choice([0, 1, 3, 4, 2, 5]))
        h, w = (int(v) for v in rng.integers(1, 65, 2))
        kind = i % 5
        if kind == 0:
            dsize = (int(rng.integers(1, 65)), int(rng.integers(1, 65)))
        elif kind == 1:
            h, w = h + h % 2, w + w % 2
            dsize = (w // 2, h // 2)
        elif kind == 2:
            w = int(rng.integers(2, 9))
            dsize = (w * int(rng.integers(5, 41)) + int(rng.integers(0, w)), int(rng.integers(1, 40)))
        elif kind == 3:
            h = int(rng.integers(2, 9))
            dsize = (int(rng.integers(1, 40)), h * int(rng.integers(5, 41)) + int(rng.integers(0, h)))
        else:
            dsize = (max(1, w - int(rng.integers(0, w))), max(1, h - int(rng.integers(0, h))))
        out.append((dt, (h, w) if c == 0 else (h, w, c), dsize, int(rng.integers(0, 2**31))))
    return out


def _float_image(seed: int, shape: tuple[int, ...], dt: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * 10.0 ** int(rng.integers(-3, 4))).astype(dt)


@pytest.mark.parametrize("dt,shape,dsize,seed", _float_configs(200, 31, "float32"))
def test_linear32f_bit_exact_with_and_without_ipp(ipp_state, dt, shape, dsize, seed) -> None:
    img = _float_image(seed, shape, dt)
    ipp_state(True)
    want_ipp = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR)
    ipp_state(False)
    want_own = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR)
    got_ipp = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR)
    got_own = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR, ipp=False)
    assert got_ipp.dtype == want_ipp.dtype and got_ipp.shape == want_ipp.shape
    np.testing.assert_array_equal(got_ipp, want_ipp, err_msg=f"ipp {dt} {shape} -> {dsize}")
    np.testing.assert_array_equal(got_own, want_own, err_msg=f"own {dt} {shape} -> {dsize}")


@pytest.mark.parametrize("cn", [1, 3, 4])
def test_linear32f_border_runs(ipp_state, cn: int) -> None:
    """Narrow images enlarged across: runs of 1 to 66 output columns on one border pixel, cut in blocks of 16;
    the plain vertical step (two roundings) where opencv_ipp.ipp_plain_columns says, the fused one elsewhere.
    The plain step is needed: the fused step alone misses cv2 on 3 and 4 channels."""
    ipp_state(True)
    rng = np.random.default_rng(cn)
    plain_used = 0
    for w in (2, 3):
        for ow in range(3 * w, 140 * w, 5):
            img = rng.standard_normal((20, w, cn)).astype(np.float32)
            want = cv2.resize(img, (ow, 23), interpolation=cv2.INTER_LINEAR)
            np.testing.assert_array_equal(alo.resize(img, (ow, 23)), want, err_msg=f"{w} -> {ow}")
            plain_used += int(opencv_ipp.ipp_plain_columns(w, ow, cn).any())
    assert (plain_used > 40) if cn > 1 else plain_used == 0
    # the fused step alone is not cv2's: 3 channels, a run of 15 columns on each side
    img = rng.standard_normal((20, 2, 3)).astype(np.float32)
    want = cv2.resize(img, (60, 23), interpolation=cv2.INTER_LINEAR)
    assert (
        opencv_ipp.ipp_plain_columns(2, 60, 3)[:15, :2].all() and not opencv_ipp.ipp_plain_columns(2, 60, 3)[:, 2].any()
    )
    yi0, yi1, ty = opencv_ipp.ipp_linear_axis(20, 23)
    xi0, xi1, tx = opencv_ipp.ipp_linear_axis(2, 60)
    rows = opencv_ipp.fma32(tx[None, :, None], img[:, xi1] - img[:, xi0], img[:, xi0])
    fused_only = opencv_ipp.fma32(ty[:, None, None], rows[yi1] - rows[yi0], rows[yi0])
    assert not np.array_equal(fused_only, want)


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("shape,f", [((20, 30, 3), 0.5), ((21, 14), 2.0), ((16, 12, 4), 0.25), ((10, 7), 3.0)])
def test_float_linear_fx_equal_to_the_size_ratio(ipp_state, dt, shape, f) -> None:
    img = _float_image(len(shape) + int(f * 8), shape, dt)
    ipp_state(True)
    want = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_LINEAR)
    np.testing.assert_array_equal(alo.resize(img, None, f, f, alo.INTER_LINEAR), want)


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_float_linear_fx_off_the_size_ratio_keeps_opencv_s_own(ipp_state, dt) -> None:
    img = _float_image(3, (17, 23, 3), dt)
    ipp_state(False)
    want = cv2.resize(img, None, fx=1.7, fy=0.6, interpolation=cv2.INTER_LINEAR)
    np.testing.assert_array_equal(alo.resize(img, None, 1.7, 0.6, alo.INTER_LINEAR), want)


@pytest.mark.parametrize("seed", range(6))
def test_linear32f_explain_is_the_computed_pixel(ipp_state, seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    cn = (3, 4)[seed % 2]
    w = int(rng.integers(2, 5))
    img = rng.standard_normal((int(rng.integers(2, 20)), w, cn)).astype(np.float32)
    dsize = (w * int(rng.integers(6, 30)), int(rng.integers(2, 30)))
    out = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR)
    ipp_state(True)
    np.testing.assert_array_equal(out, cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR))
    for at in [(0, 0, 0), (dsize[1] - 1, dsize[0] - 1, 2), (dsize[1] // 2, 0, 1), (1, dsize[0] // 2, cn - 1)]:
        e = alo.resize.explain(img, dsize, interpolation=alo.INTER_LINEAR, at=at)
        assert e.check() and e.value == out[at]
        assert any("IPP" in sec.title for sec in e.sections)


# --- float64 INTER_LINEAR ("opencv_ipp_linear64f") ---------------------------------------------------------------


@pytest.mark.parametrize("dt,shape,dsize,seed", _float_configs(200, 37, "float64"))
def test_linear64f_bit_exact_with_and_without_ipp(ipp_state, dt, shape, dsize, seed) -> None:
    img = _float_image(seed, shape, dt)
    ipp_state(True)
    want_ipp = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR)
    ipp_state(False)
    want_own = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR)
    got_ipp = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR)
    got_own = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR, ipp=False)
    assert got_ipp.dtype == want_ipp.dtype and got_ipp.shape == want_ipp.shape
    np.testing.assert_array_equal(got_ipp, want_ipp, err_msg=f"ipp {dt} {shape} -> {dsize}")
    np.testing.assert_array_equal(got_own, want_own, err_msg=f"own {dt} {shape} -> {dsize}")


def test_linear64f_the_coordinate_is_fused(ipp_state) -> None:
    """IPP's float64 coordinate is fma(x + 0.5, in / out, -0.5): with the product rounded first (as for 16-bit and
    float32) cv2 differs on some of these sizes, and arraylens follows cv2."""
    ipp_state(True)
    rng = np.random.default_rng(5)
    differ = 0
    for w in range(2, 40):
        for ow in (3 * w + 1, w + 7, 2 * w - 1):
            x = np.arange(ow, dtype=np.float64)
            fused = opencv_ipp.ipp_linear_axis64(w, ow)[2]
            plain = (x + 0.5) * (w / ow) - 0.5
            differ += int(not np.array_equal(fused, plain - np.floor(plain)))
            img = rng.standard_normal((3, w))
            want = cv2.resize(img, (ow, 3), interpolation=cv2.INTER_LINEAR)
            np.testing.assert_array_equal(alo.resize(img, (ow, 3)), want, err_msg=f"{w} -> {ow}")
    assert differ > 10


def test_fma64_rounds_once() -> None:
    rng = np.random.default_rng(6)
    a, b, c = (rng.standard_normal(3000) for _ in range(3))
    c[:800] = -(a[:800] * b[:800])  # cancellation: the result is the product's rounding error
    c[800:1200] = -(a[800:1200] * b[800:1200]) * (1 + 2.0**-52)
    a[1200:1300], b[1200:1300], c[1200:1300] = 1 + 2.0**-30, 1 + 2.0**-23, -1.0
    b[1300:1310] = 1e300  # outside the split's range: the exact fallback
    c[1310:1320] = 1e-320
    a[1320:1330] = 1e-200
    b[1320:1330] = 1e-200  # a product under 2**-960
    got = opencv_ipp.fma64(a, b, c)
    for k in list(range(0, 3000, 5)) + list(range(1300, 1330)):
        assert got[k] == float(Fraction(float(a[k])) * Fraction(float(b[k])) + Fraction(float(c[k]))), k
    with np.errstate(all="ignore"):
        inf = opencv_ipp.fma64(np.array([0.5, 0.0, 2.0]), np.array([np.inf, np.inf, 3.0]), np.array([1.0, 1.0, np.nan]))
    assert inf[0] == np.inf and np.isnan(inf[1]) and np.isnan(inf[2])


@pytest.mark.parametrize("seed", range(4))
def test_linear64f_explain_is_the_computed_pixel(ipp_state, seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    img = rng.standard_normal((int(rng.integers(2, 20)), int(rng.integers(2, 20)), 3))
    dsize = (int(rng.integers(2, 40)), int(rng.integers(2, 30)))
    out = alo.resize(img, dsize, interpolation=alo.INTER_LINEAR)
    ipp_state(True)
    np.testing.assert_array_equal(out, cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR))
    for at in [(0, 0, 0), (dsize[1] - 1, dsize[0] - 1, 2), (dsize[1] // 2, 0, 1), (1, dsize[0] // 2, 2)]:
        e = alo.resize.explain(img, dsize, interpolation=alo.INTER_LINEAR, at=at)
        assert e.check() and e.value == out[at]
        assert any("IPP" in sec.title for sec in e.sections)


# --- float32 INTER_CUBIC ----------------------------------------------------------------------------


def _cubic_configs(n: int, seed: int) -> list[tuple]:
    """float32 sources 1..64 (under 4 rows or columns: OpenCV's own in cv2), 1..6 channels and none,
    outputs 1..64 up and down, same-size axes."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        h, w = (int(v) for v in rng.integers(1, 65, 2))
        c = int(rng.choice([0, 1, 3, 4, 1, 3, 4, 2, 5, 6]))  # 2, 5, 6: OpenCV's own in cv2
        kind = i % 4
        if kind == 0:
            dsize = (int(rng.integers(1, 65)), int(rng.integers(1, 65)))
        elif kind == 1:  # up
            dsize = (w + int(rng.integers(1, 40)), h + int(rng.integers(1, 40)))
        elif kind == 2:  # down
            dsize = (max(1, w - int(rng.integers(0, w))), max(1, h - int(rng.integers(0, h))))
        else:  # one axis kept
            dsize = (w, int(rng.integers(1, 65))) if i % 8 == 3 else (int(rng.integers(1, 65)), h)
        out.append(((h, w) if c == 0 else (h, w, c), dsize, int(rng.integers(0, 2**31))))
    return out


CUBIC_CONFIGS = _cubic_configs(240, 31)


@pytest.mark.parametrize("shape,dsize,seed", CUBIC_CONFIGS)
def test_cubic32_bit_exact_with_and_without_ipp(ipp_state, shape, dsize, seed) -> None:
    img = np.random.default_rng(seed).uniform(-300, 300, shape).astype(np.float32)
    ipp_state(True)
    want_ipp = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
    ipp_state(False)
    want_own = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
    got_ipp = alo.resize(img, dsize, interpolation=alo.INTER_CUBIC)
    got_own = alo.resize(img, dsize, interpolation=alo.INTER_CUBIC, ipp=False)
    assert got_ipp.dtype == want_ipp.dtype and got_ipp.shape == want_ipp.shape
    np.testing.assert_array_equal(got_ipp, want_ipp, err_msg=f"ipp {shape} -> {dsize}")
    np.testing.assert_array_equal(got_own, want_own, err_msg=f"own {shape} -> {dsize}")


def test_cubic32_arithmetics_differ_where_cv2_s_do(ipp_state) -> None:
    """On most routed configurations cv2's IPP and own float32 cubic differ in the last bits, and
    arraylens' ipp=False result is not IPP's."""
    differ = 0
    for shape, dsize, seed in CUBIC_CONFIGS[:80]:
        img = np.random.default_rng(seed).uniform(-300, 300, shape).astype(np.float32)
        ipp_state(True)
        a = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
        ipp_state(False)
        b = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
        if not np.array_equal(a, b):
            differ += 1
            assert not np.array_equal(alo.resize(img, dsize, interpolation=alo.INTER_CUBIC, ipp=False), a)
    assert differ >= 30


@pytest.mark.parametrize("h,w", [(3, 20), (20, 3), (4, 4), (4, 30), (2, 2), (1, 9)])
@pytest.mark.parametrize("c", [1, 2, 3, 4, 5, 6])
def test_cubic32_routing_small_sources_and_channels(ipp_state, h, w, c) -> None:
    """IPP is reached for sources of 4 rows and 4 columns or more with 1, 3 or 4 channels; elsewhere
    default cv2 gives OpenCV's own values, and so does arraylens."""
    img = np.random.default_rng(h * 100 + w * 10 + c).uniform(0, 1, (h, w, c)).astype(np.float32)
    ipp_state(True)
    want = cv2.resize(img, (11, 7), interpolation=cv2.INTER_CUBIC).reshape(7, 11, c)
    got = alo.resize(img, (11, 7), interpolation=alo.INTER_CUBIC).reshape(7, 11, c)
    np.testing.assert_array_equal(got, want)
    own = alo.resize(img, (11, 7), interpolation=alo.INTER_CUBIC, ipp=False).reshape(7, 11, c)
    assert np.array_equal(own, want) == (min(h, w) < 4 or c not in (1, 3, 4) or np.array_equal(own, got))


def test_cubic32_large_images(ipp_state) -> None:
    """Several bands of output rows and long rows (the row tails of the inside kernels)."""
    rng = np.random.default_rng(8)
    ipp_state(True)
    for shape, dsize in [((300, 257, 3), (411, 199)), ((123, 517), (1001, 77)), ((90, 91, 4), (45, 300))]:
        img = rng.standard_normal(shape).astype(np.float32)
        want = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
        np.testing.assert_array_equal(alo.resize(img, dsize, interpolation=alo.INTER_CUBIC), want)


def _cubic_image(seed: int, shape: tuple[int, ...], dt: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return _image(rng, shape, dt) if dt in ("uint8", "uint16", "int16") else rng.uniform(-5, 5, shape).astype(dt)


@pytest.mark.parametrize("dt", ["uint8", "float32", "uint16", "int16"])
@pytest.mark.parametrize("f", [0.5, 2.0, 0.25, 3.0])
def test_cubic_fx_equal_to_the_size_ratio_runs_ipp_resize(ipp_state, f, dt) -> None:
    img = _cubic_image(int(f * 8), (20, 16, 4), dt)
    ipp_state(True)
    want = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    np.testing.assert_array_equal(alo.resize(img, None, f, f, alo.INTER_CUBIC), want)


@pytest.mark.parametrize("dt", ["uint8", "float32", "uint16", "int16"])
def test_cubic_fx_off_the_size_ratio_keeps_opencv_s_own(ipp_state, dt) -> None:
    """A size rounded from fx, fy (IPP's warpAffine in cv2, not reproduced): OpenCV's own."""
    img = _cubic_image(3, (17, 23, 3), dt)
    ipp_state(False)
    want = cv2.resize(img, None, fx=1.7, fy=0.6, interpolation=cv2.INTER_CUBIC)
    np.testing.assert_array_equal(alo.resize(img, None, 1.7, 0.6, alo.INTER_CUBIC), want)


@pytest.mark.parametrize("seed", range(6))
def test_cubic32_explain_is_the_computed_pixel(ipp_state, seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(4, 20)), int(rng.integers(4, 20)), int(rng.choice([1, 3, 4])))
    img = rng.uniform(-5, 5, shape).astype(np.float32)
    dsize = (int(rng.integers(2, 30)), int(rng.integers(2, 30)))
    out = alo.resize(img, dsize, interpolation=alo.INTER_CUBIC)
    for at in [(0, 0, 0), (dsize[1] - 1, dsize[0] - 1, shape[2] - 1), (dsize[1] // 2, dsize[0] // 2, 0)]:
        at = at[: out.ndim]  # cv2 drops a single channel
        e = alo.resize.explain(img, dsize, interpolation=alo.INTER_CUBIC, at=at)
        assert e.value == out[at]
        assert e.check()
        assert any("IPP" in sec.title for sec in e.sections)


# --- uint8 INTER_CUBIC ------------------------------------------------------------------------------

CUBIC8_CONFIGS = _cubic_configs(240, 47)


@pytest.mark.parametrize("shape,dsize,seed", CUBIC8_CONFIGS)
def test_cubic8_bit_exact_with_and_without_ipp(ipp_state, shape, dsize, seed) -> None:
    img = _image(np.random.default_rng(seed), shape, "uint8")
    ipp_state(True)
    want_ipp = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
    ipp_state(False)
    want_own = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
    got_ipp = alo.resize(img, dsize, interpolation=alo.INTER_CUBIC)
    got_own = alo.resize(img, dsize, interpolation=alo.INTER_CUBIC, ipp=False)
    assert got_ipp.dtype == want_ipp.dtype and got_ipp.shape == want_ipp.shape
    np.testing.assert_array_equal(got_ipp, want_ipp, err_msg=f"ipp {shape} -> {dsize}")
    np.testing.assert_array_equal(got_own, want_own, err_msg=f"own {shape} -> {dsize}")


def test_cubic8_arithmetics_differ_where_cv2_s_do(ipp_state) -> None:
    """IPP's 8-bit cubic differs from OpenCV's own by one level on most routed configurations."""
    differ = 0
    for shape, dsize, seed in CUBIC8_CONFIGS[:80]:
        img = _image(np.random.default_rng(seed), shape, "uint8")
        ipp_state(True)
        a = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
        ipp_state(False)
        b = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
        if not np.array_equal(a, b):
            differ += 1
            assert not np.array_equal(alo.resize(img, dsize, interpolation=alo.INTER_CUBIC, ipp=False), a)
    assert differ >= 30


@pytest.mark.parametrize("h,w", [(3, 20), (20, 3), (4, 4), (4, 30), (2, 2), (1, 9)])
@pytest.mark.parametrize("c", [1, 2, 3, 4, 5, 6])
def test_cubic8_routing_small_sources_and_channels(ipp_state, h, w, c) -> None:
    img = _image(np.random.default_rng(h * 100 + w * 10 + c), (h, w, c), "uint8")
    ipp_state(True)
    want = cv2.resize(img, (11, 7), interpolation=cv2.INTER_CUBIC)
    np.testing.assert_array_equal(alo.resize(img, (11, 7), interpolation=alo.INTER_CUBIC), want)


def test_cubic8_large_images_and_ties(ipp_state) -> None:
    """Several bands of rows, long rows, and halving / doubling (t = 0.5, 0.25, 0.75: many exact
    x.5 sums, rounded half to even)."""
    rng = np.random.default_rng(9)
    ipp_state(True)
    cases = [
        ((300, 257, 3), (411, 199)),
        ((123, 517), (1001, 77)),
        ((90, 91, 4), (45, 300)),
        ((64, 64, 4), (32, 32)),
        ((40, 60), (120, 80)),
        ((33, 48, 3), (24, 66)),
    ]
    for shape, dsize in cases:
        img = _image(rng, shape, "uint8")
        want = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
        np.testing.assert_array_equal(alo.resize(img, dsize, interpolation=alo.INTER_CUBIC), want)


@pytest.mark.parametrize("seed", range(6))
def test_cubic8_explain_is_the_computed_pixel(ipp_state, seed: int) -> None:
    rng = np.random.default_rng(seed + 10)
    shape = (int(rng.integers(4, 20)), int(rng.integers(4, 20)), int(rng.choice([1, 3, 4])))
    img = _image(rng, shape, "uint8")
    dsize = (int(rng.integers(2, 30)), int(rng.integers(2, 30)))
    out = alo.resize(img, dsize, interpolation=alo.INTER_CUBIC)
    for at in [(0, 0, 0), (dsize[1] - 1, dsize[0] - 1, shape[2] - 1), (dsize[1] // 2, dsize[0] // 2, 0)]:
        at = at[: out.ndim]
        e = alo.resize.explain(img, dsize, interpolation=alo.INTER_CUBIC, at=at)
        assert e.value == out[at]
        assert e.check()
        assert any("IPP" in sec.title for sec in e.sections)


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("shape,dsize", [((4, 4), (3, 7)), ((8, 6, 3), (4, 3)), ((5, 7, 4), (11, 9))])
def test_float_linear_exact_is_routed_to_ipp_as_linear(ipp_state, dt, shape, dsize) -> None:
    """cv::resize turns INTER_LINEAR_EXACT on a float image into INTER_LINEAR before the HAL:
    with IPP on, IPP computes it (differing from OpenCV's own code), with IPP off OpenCV does."""
    img = _float_image(len(shape) + dsize[0], shape, dt)
    ipp_state(True)
    want = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR_EXACT)
    np.testing.assert_array_equal(alo.resize(img, dsize, interpolation=alo.INTER_LINEAR_EXACT), want)
    ipp_state(False)
    want = cv2.resize(img, dsize, interpolation=cv2.INTER_LINEAR_EXACT)
    np.testing.assert_array_equal(alo.resize(img, dsize, interpolation=alo.INTER_LINEAR_EXACT, ipp=False), want)


# --- 16-bit INTER_CUBIC ("opencv_ipp_cubic16") ---------------------------------------------------------------

CUBIC16_CONFIGS = [(("uint16", "int16")[i % 2], *cfg) for i, cfg in enumerate(_cubic_configs(240, 59))]


def _cubic16_image(seed: int, shape: tuple[int, ...], dt: str) -> np.ndarray:
    """Every other image near the top of the range (float32 steps of 1/256 there: more rounding to tell)."""
    rng = np.random.default_rng(seed)
    info = np.iinfo(dt)
    lo = info.max - 3000 if seed % 2 else info.min
    return rng.integers(lo, info.max + 1, shape).astype(dt)


@pytest.mark.parametrize("dt,shape,dsize,seed", CUBIC16_CONFIGS)
def test_cubic16_bit_exact_with_and_without_ipp(ipp_state, dt, shape, dsize, seed) -> None:
    img = _cubic16_image(seed, shape, dt)
    ipp_state(True)
    want_ipp = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
    ipp_state(False)
    want_own = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
    got_ipp = alo.resize(img, dsize, interpolation=alo.INTER_CUBIC)
    got_own = alo.resize(img, dsize, interpolation=alo.INTER_CUBIC, ipp=False)
    assert got_ipp.dtype == want_ipp.dtype and got_ipp.shape == want_ipp.shape
    np.testing.assert_array_equal(got_ipp, want_ipp, err_msg=f"ipp {dt} {shape} -> {dsize}")
    np.testing.assert_array_equal(got_own, want_own, err_msg=f"own {dt} {shape} -> {dsize}")


def test_cubic16_arithmetics_differ_where_cv2_s_do(ipp_state) -> None:
    """IPP's 16-bit cubic differs from OpenCV's own by one level on many routed configurations."""
    differ = 0
    for dt, shape, dsize, seed in CUBIC16_CONFIGS[:80]:
        img = _cubic16_image(seed, shape, dt)
        ipp_state(True)
        a = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
        ipp_state(False)
        b = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
        if not np.array_equal(a, b):
            differ += 1
            assert not np.array_equal(alo.resize(img, dsize, interpolation=alo.INTER_CUBIC, ipp=False), a)
    assert differ >= 20


def test_cubic16_has_no_vertical_tail(ipp_state) -> None:
    """The 16-bit rule is the float32 one without its vertical tail (fmaf(b1, h1, b0 h0) first on the last
    (n * channels) mod 4 elements of a row's inside span): with that tail the float32 rule misses cv2 here."""
    rng = np.random.default_rng(12)
    ipp_state(True)
    missed = 0
    for _ in range(60):
        cn = int(rng.choice([1, 3]))
        shape = (int(rng.integers(40, 120)), int(rng.integers(5, 40)), cn)
        dsize = (int(rng.integers(4, 60)), int(rng.integers(200, 400)))
        img = rng.integers(0, 65536, shape).astype(np.uint16)
        want = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC).reshape(dsize[1], dsize[0], cn)
        np.testing.assert_array_equal(alo.resize(img, dsize, interpolation=alo.INTER_CUBIC).reshape(want.shape), want)
        as32 = alo.resize(img.astype(np.float32), dsize, interpolation=alo.INTER_CUBIC).reshape(want.shape)
        missed += int(np.count_nonzero(np.clip(np.rint(as32), 0, 65535).astype(np.uint16) != want))
    assert missed > 0


@pytest.mark.parametrize("h,w", [(3, 20), (20, 3), (4, 4), (4, 30), (2, 2), (1, 9)])
@pytest.mark.parametrize("c", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("dt", ["uint16", "int16"])
def test_cubic16_routing_small_sources_and_channels(ipp_state, h, w, c, dt) -> None:
    img = _image(np.random.default_rng(h * 100 + w * 10 + c), (h, w, c), dt)
    ipp_state(True)
    want = cv2.resize(img, (11, 7), interpolation=cv2.INTER_CUBIC)
    np.testing.assert_array_equal(alo.resize(img, (11, 7), interpolation=alo.INTER_CUBIC), want)


def test_cubic16_large_images(ipp_state) -> None:
    """Several bands of rows, long rows, halving / doubling (t = 0.5, 0.25, 0.75: exact x.5 sums)."""
    rng = np.random.default_rng(19)
    ipp_state(True)
    cases = [
        ("uint16", (300, 257, 3), (411, 199)),
        ("int16", (123, 517), (1001, 77)),
        ("uint16", (90, 91, 4), (45, 300)),
        ("int16", (64, 64, 4), (32, 32)),
        ("uint16", (40, 60), (120, 80)),
        ("int16", (33, 48, 3), (24, 66)),
    ]
    for dt, shape, dsize in cases:
        img = _image(rng, shape, dt)
        want = cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC)
        np.testing.assert_array_equal(alo.resize(img, dsize, interpolation=alo.INTER_CUBIC), want, err_msg=f"{shape}")


@pytest.mark.parametrize("seed", range(8))
def test_cubic16_explain_is_the_computed_pixel(ipp_state, seed: int) -> None:
    rng = np.random.default_rng(seed + 30)
    dt = ("uint16", "int16")[seed % 2]
    shape = (int(rng.integers(4, 20)), int(rng.integers(4, 20)), int(rng.choice([1, 3, 4])))
    img = _image(rng, shape, dt)
    dsize = (int(rng.integers(2, 30)), int(rng.integers(2, 30)))
    out = alo.resize(img, dsize, interpolation=alo.INTER_CUBIC)
    ipp_state(True)
    np.testing.assert_array_equal(out, cv2.resize(img, dsize, interpolation=cv2.INTER_CUBIC))
    for at in [(0, 0, 0), (dsize[1] - 1, dsize[0] - 1, shape[2] - 1), (dsize[1] // 2, dsize[0] // 2, 0)]:
        at = at[: out.ndim]
        e = alo.resize.explain(img, dsize, interpolation=alo.INTER_CUBIC, at=at)
        assert e.value == out[at]
        assert e.check()
        assert any("IPP" in sec.title for sec in e.sections)
