"""The canonical resize: the kernel against a slow first-principles reference, the exact and
float coordinate arithmetic, refusals, separability and explanations that recompute their pixel."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arraylens.core.errors import ArgumentError
from arraylens.ops.resize.kernel import axis_table, resize, value_at
from arraylens.ops.resize.plan import ResizePlan
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec

RULES = ("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
         "tf_crop_and_resize")


def _kernel(f: Filter, t: float) -> float:
    """The filters written out from their definitions, one value at a time."""
    a = abs(t)
    if f.kind == "linear":
        return max(0.0, 1 - a)
    if f.kind == "cubic":
        c = f.cubic_a
        if a <= 1:
            return (c + 2) * a**3 - (c + 3) * a**2 + 1
        return c * a**3 - 5 * c * a**2 + 8 * c * a - 4 * c if a < 2 else 0.0
    if f.kind == "lanczos":
        if a == 0:
            return 1.0
        n = f.lobes
        return n * math.sin(math.pi * a) * math.sin(math.pi * a / n) / (math.pi * a) ** 2 if a < n else 0.0
    if f.kind == "gaussian":
        return math.exp(-a * a / 0.5) if a < 1.5 else 0.0
    if f.kind == "mitchell":
        if a < 1:
            return (7 * a**3 - 12 * a**2 + 16 / 3) / 6
        return (-7 / 3 * a**3 + 12 * a**2 - 20 * a + 32 / 3) / 6 if a < 2 else 0.0
    raise AssertionError(f.kind)


def _source(r: AxisResize, x: int) -> Fraction:
    """The ONNX specification's coordinate formulas, term by term, in exact arithmetic."""
    n, m, s = r.in_size, r.out_size, r.scale
    if r.coordinate == "half_pixel":
        return (x + Fraction(1, 2)) / s - Fraction(1, 2)
    if r.coordinate == "pytorch_half_pixel":
        return (x + Fraction(1, 2)) / s - Fraction(1, 2) if m > 1 else Fraction(0)
    if r.coordinate == "asymmetric":
        return x / s
    if r.coordinate == "align_corners":
        return Fraction(x * (n - 1), m - 1) if m > 1 else Fraction(0)
    if r.coordinate == "half_pixel_symmetric":
        width = s * n
        offset = Fraction(n, 2) * (1 - m / width)
        return offset + (x + Fraction(1, 2)) / s - Fraction(1, 2)
    start, end = r.roi
    if m > 1:
        return start * (n - 1) + x * (end - start) * (n - 1) / (m - 1)
    return (start + end) / 2 * (n - 1)


def _reference_1d(line: np.ndarray, r: AxisResize, f: Filter, boundary: str, extrap: float | None) -> np.ndarray:
    n = r.in_size
    out = np.empty(r.out_size)
    for x in range(r.out_size):
        c = _source(r, x)
        if extrap is not None and r.coordinate == "tf_crop_and_resize" and not 0 <= c <= n - 1:
            out[x] = extrap
            continue
        if f.kind == "nearest":
            fl = math.floor(c)
            frac = c - fl
            i = {"floor": fl, "ceil": math.ceil(c), "round_prefer_floor": fl + (frac > Fraction(1, 2)),
                 "round_prefer_ceil": fl + (frac >= Fraction(1, 2))}[f.rounding]
            out[x] = line[min(max(i, 0), n - 1)]
            continue
        stretch = float(1 / r.scale) if f.antialias and r.scale < 1 else 1.0
        total, acc = 0.0, 0.0
        for j in range(math.floor(c) - 40, math.floor(c) + 41):
            w = _kernel(f, (j - float(c)) / stretch)
            if w == 0 or (boundary == "exclude" and not 0 <= j < n):
                continue
            total += w
            acc += w * line[min(max(j, 0), n - 1)]
        normalise = boundary == "exclude" or f.antialias or f.normalize
        out[x] = acc / total if normalise and total != 0 else acc
    return out


def _reference(x: np.ndarray, spec: ResizeSpec) -> np.ndarray:
    out = x.astype(np.float64)
    for axis, r in zip(spec.axes, spec.resizes, strict=True):
        out = np.apply_along_axis(_reference_1d, axis, out, r, spec.filter, spec.boundary, spec.extrapolation_value)
    return out


FILTERS = [Filter("nearest", rounding=r) for r in ("floor", "ceil", "round_prefer_floor", "round_prefer_ceil")] + [
    Filter("linear"), Filter("cubic"), Filter("cubic", cubic_a=-0.5), Filter("lanczos", lobes=3),
    Filter("lanczos", lobes=5), Filter("gaussian", normalize=True), Filter("mitchell", normalize=True),
    Filter("linear", antialias=True), Filter("cubic", cubic_a=-0.5, antialias=True)]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: f.describe() + (" aa" if f.antialias else ""))
def test_kernel_equals_the_slow_reference_for_every_rule_and_boundary(f: Filter) -> None:
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 7, 5))
    for rule in RULES:
        for boundary in ("clamp", "exclude"):
            for outs in [(3, 11), (1, 2), (14, 1), (7, 5)]:
                roi = (Fraction(1, 5), Fraction(9, 10)) if rule == "tf_crop_and_resize" else (0, 1)
                extrap = -3.5 if rule == "tf_crop_and_resize" else None
                resizes = tuple(AxisResize.of(n, m, rule, None, roi) for n, m in zip((7, 5), outs, strict=True))
                if rule == "half_pixel_symmetric":  # a fractional output width, from a scale factor
                    resizes = tuple(AxisResize.of(n, m, rule, Fraction(m * 10 + 3, n * 10)) for n, m in
                                    zip((7, 5), outs, strict=True))
                spec = ResizeSpec((1, 2), resizes, f, boundary, extrap, Precision("exact"))
                got = resize(x, spec)
                want = _reference(x, spec)
                np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12,
                                           err_msg=f"{f.describe()} {rule} {boundary} {outs}")


def test_area_rules_against_their_definitions() -> None:
    rng = np.random.default_rng(1)
    line = rng.standard_normal(7)
    for m in (1, 2, 3, 5, 7, 10, 15):
        adaptive = resize(line, ResizeSpec((0,), (AxisResize.of(7, m, "asymmetric"),), Filter("area")))
        coverage = resize(line, ResizeSpec((0,), (AxisResize.of(7, m, "asymmetric"),), Filter("area", area="coverage")))
        for i in range(m):
            lo, hi = (i * 7) // m, -((-(i + 1) * 7) // m)
            assert adaptive[i] == pytest.approx(line[lo:hi].mean(), abs=1e-12)
            a, b = Fraction(i * 7, m), Fraction((i + 1) * 7, m)
            want = sum(float(max(Fraction(0), min(b, j + 1) - max(a, Fraction(j)))) * line[j] for j in range(7))
            assert coverage[i] == pytest.approx(want / float(b - a), abs=1e-12)


def test_exact_and_float32_coordinates_differ_where_onnxruntime_and_the_specification_do() -> None:
    # nearest, asymmetric, floor, 26 -> 64: output row 32 reads 32 * 26 / 64 = 13 exactly; onnxruntime's
    # float32 x / (64 / 26) is 12.999999 and reads row 12
    r = AxisResize.of(26, 64, "asymmetric")
    f = Filter("nearest", rounding="floor")
    exact = axis_table(ResizeSpec((0,), (r,), f, precision=Precision("exact")), 0)
    ort = axis_table(ResizeSpec((0,), (r,), f, precision=Precision("float32", "divide")), 0)
    torch_like = axis_table(ResizeSpec((0,), (r,), f, precision=Precision("float32", "multiply")), 0)
    assert exact.index[32, 0] == 13
    assert ort.index[32, 0] == 12
    assert torch_like.index[32, 0] == 13


def test_formula_writes_its_numbers() -> None:
    r = AxisResize.of(4, 8, "half_pixel", 2)
    assert r.formula(3) == "half_pixel: x_src = (3 + 0.5) / 2 - 0.5 = 1.25"
    one = AxisResize.of(4, 1, "pytorch_half_pixel")
    assert one.formula(0) == "pytorch_half_pixel: the output has length 1, so x_src = 0"
    assert AxisResize.of(5, 3, "align_corners").formula(1) == "align_corners: x_src = 1 * (5 - 1) / (3 - 1) = 2"
    assert AxisResize.of(26, 64, "asymmetric").formula(32) == "asymmetric: x_src = 32 / 2.46154 = 13"


@pytest.mark.parametrize("bad", [
    lambda: AxisResize.of(4, 8, "half_pixels"),
    lambda: AxisResize.of(0, 8, "half_pixel"),
    lambda: AxisResize.of(4, -1, "half_pixel"),
    lambda: AxisResize.of(4, 8, "half_pixel", -2.0),
    lambda: AxisResize.of(4, 8, "half_pixel", float("nan")),
    lambda: Filter("bilinear"),
    lambda: Filter("nearest", rounding="round"),
    lambda: Filter("area", area="mean"),
    lambda: Filter("lanczos", lobes=0),
    lambda: Precision("float16"),
    lambda: Precision("exact", "times"),
    lambda: ResizeSpec((1, 0), (AxisResize.of(2, 3, "half_pixel"),) * 2, Filter("linear")),
    lambda: ResizeSpec((0,), (AxisResize.of(2, 3, "half_pixel"),) * 2, Filter("linear")),
    lambda: ResizeSpec((0,), (AxisResize.of(2, 3, "half_pixel"),), Filter("linear"), "wrap"),
    lambda: ResizeSpec((0,), (AxisResize.of(2, 3, "half_pixel"),), Filter("linear")).output_shape((3,)),
])
def test_spec_refuses_with_one_line(bad: Any) -> None:
    with pytest.raises(ArgumentError) as info:
        bad()
    assert "\n" not in str(info.value)


def test_resizing_h_then_w_equals_the_2d_call() -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 9, 6)).astype(np.float32)
    for f in FILTERS:
        for rule in ("half_pixel", "align_corners", "asymmetric"):
            rh, rw = AxisResize.of(9, 4, rule), AxisResize.of(6, 13, rule)
            both = resize(x, ResizeSpec((1, 2), (rh, rw), f, "exclude" if f.antialias else "clamp"))
            h = resize(x, ResizeSpec((1,), (rh,), f, "exclude" if f.antialias else "clamp"))
            hw = resize(h, ResizeSpec((2,), (rw,), f, "exclude" if f.antialias else "clamp"))
            np.testing.assert_allclose(both, hw, rtol=2e-6, atol=2e-6, err_msg=f"{f.describe()} {rule}")


def test_value_at_is_the_kernels_value_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 8, 7)).astype(np.float32)
    spec = ResizeSpec((1, 2), (AxisResize.of(8, 3, "half_pixel"), AxisResize.of(7, 12, "half_pixel")),
                      Filter("cubic", cubic_a=-0.5, antialias=True), "exclude", None, Precision("float32"))
    full = resize(x, spec)
    for index in [(0, 0, 0), (2, 2, 11), (1, 1, 5)]:
        v, _ = value_at(x, spec, index)
        assert v == full[index]


@st.composite
def _cases(draw: Any) -> tuple[np.ndarray, ResizeSpec, tuple[int, ...]]:
    nd = draw(st.integers(1, 3))
    ins = draw(st.lists(st.integers(1, 7), min_size=nd, max_size=nd))
    outs = draw(st.lists(st.integers(1, 9), min_size=nd, max_size=nd))
    rule = draw(st.sampled_from(RULES))
    f = draw(st.sampled_from([*FILTERS, Filter("area"), Filter("area", area="coverage")]))
    boundary = draw(st.sampled_from(["clamp", "exclude"]))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    seed = draw(st.integers(0, 2**16))
    x = np.random.default_rng(seed).standard_normal((2, *ins)).astype(dtype)
    extrap = 1.5 if rule == "tf_crop_and_resize" and draw(st.booleans()) else None
    roi = (Fraction(-1, 4), Fraction(5, 4)) if extrap is not None else (0, 1)
    spec = ResizeSpec(tuple(range(1, nd + 1)), tuple(AxisResize.of(n, m, rule, None, roi) for n, m in
                                                     zip(ins, outs, strict=True)), f, boundary, extrap,
                      Precision(draw(st.sampled_from(["exact", "float32", "float64"]))))
    index = tuple(draw(st.integers(0, s - 1)) for s in spec.output_shape(x.shape))
    return x, spec, index


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_explanations_recompute_their_pixel(case: tuple[np.ndarray, ResizeSpec, tuple[int, ...]]) -> None:
    x, spec, index = case
    plan = ResizePlan("test.resize", x, spec, x.dtype)
    e = plan.explain(index)
    assert e.check(), str(e)
    assert e.value == plan.compute()[index]
    assert e.details["kind"] == "resize"


def test_explanation_names_taps_weights_and_elsewhere() -> None:
    x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
    spec = ResizeSpec((2, 3), (AxisResize.of(4, 8, "half_pixel"), AxisResize.of(4, 8, "half_pixel")),
                      Filter("linear"), precision=Precision("float32"))
    e = ResizePlan("torch.nn.functional.interpolate", x, spec, np.float32, label="bilinear").explain((0, 0, 3, 0))
    text = str(e)
    assert "half_pixel: x_src = (3 + 0.5) / 2 - 0.5 = 1.25" in text
    assert "position -1 is outside: clamped to 0" in text
    assert "The same pixel elsewhere" in text and "asymmetric" in text
    assert e.check() and e.value == pytest.approx(4 * 1.25)
    assert e.details["source"] == [1.25, -0.25]
    same = {r["label"].split(" ")[0]: r for r in e.details["elsewhere"]}
    assert same["torch.nn.functional.interpolate"]["same"]
