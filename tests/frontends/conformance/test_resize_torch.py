"""torch.nn.functional.interpolate against PyTorch 2.13 (CPU).

Seeded random configurations over every mode, align_corners, antialias, size or scale_factor
(integer and fractional, up and down, with and without recompute_scale_factor), outputs of
size 1, odd sizes, 1-3 spatial axes and every dtype PyTorch accepts: float results within
float tolerance, uint8 results (nearest picks and PyTorch's fixed point) bit-exact, shapes and
dtypes equal, and every accept/reject decision equal with PyTorch's message. Named tests for the public reports.
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
from typing import Any

import numpy as np
import pytest

torch = importlib.import_module("torch")

import arraylens.torch as alt  # noqa: E402
from arraylens.core.errors import ArgumentError, ArgumentTypeError  # noqa: E402

F = torch.nn.functional
N_CASES = 400
MODES = {1: ("nearest", "nearest-exact", "linear", "area"), 2: ("nearest", "nearest-exact", "bilinear", "bicubic",
                                                                "area", "lanczos"),
         3: ("nearest", "nearest-exact", "trilinear", "area")}
TOL = {"float64": 1e-10, "float32": 2e-5, "float16": 2e-2}


def _config(rng: np.random.Generator) -> dict[str, Any]:
    nd = int(rng.integers(1, 4))
    mode = str(rng.choice(MODES[nd]))
    spatial = tuple(int(v) for v in rng.integers(1, 10 if nd < 3 else 6, nd))
    kw: dict[str, Any] = {"mode": mode}
    if rng.random() < 0.5:
        kw["size"] = tuple(int(v) for v in rng.integers(1, 14 if nd < 3 else 7, nd))
        if rng.random() < 0.15:
            kw["size"] = (1,) * nd
    else:
        choices = [0.5, 2.0, 3.0, 1.5, 0.3, 1.7, 2.5, 0.75, 4.0, 1.0, 0.45]
        kw["scale_factor"] = tuple(float(rng.choice(choices)) for _ in range(nd))
        if rng.random() < 0.3:
            kw["recompute_scale_factor"] = True
    if mode in ("linear", "bilinear", "bicubic", "trilinear", "lanczos") and rng.random() < 0.5:
        kw["align_corners"] = bool(rng.random() < 0.5)
    if mode in ("bilinear", "bicubic", "lanczos") and rng.random() < (0.9 if mode == "lanczos" else 0.4):
        kw["antialias"] = True
    dtype = str(rng.choice(["float32", "float32", "float64", "float16", "uint8"]))
    if rng.random() < 0.08:  # refusals: an odd dtype, a wrong rank, align_corners with nearest
        dtype = str(rng.choice(["int32", "int64", "bool", "int16"]))
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 4)), *spatial)
    if rng.random() < 0.04:
        kw["align_corners"] = True
    return {"shape": shape, "dtype": dtype, "kw": kw}


def _array(rng: np.random.Generator, shape: tuple[int, ...], dtype: str) -> np.ndarray:
    if dtype == "uint8":
        return rng.integers(0, 256, shape).astype(np.uint8)
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype.startswith("int"):
        return rng.integers(-50, 50, shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def _run(fn: Any) -> tuple[str, Any]:
    try:
        return "ok", fn()
    except Exception as exc:
        return "error", exc


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else ""


def test_interpolate_matches_pytorch_on_random_configurations() -> None:
    rng = np.random.default_rng(12)
    counted = {"ok": 0, "error": 0}
    for case in range(N_CASES):
        cfg = _config(rng)
        x = _array(rng, cfg["shape"], cfg["dtype"])
        kw = cfg["kw"]
        what = f"case {case}: shape {cfg['shape']} {cfg['dtype']} {kw}"
        ref = _run(lambda: F.interpolate(torch.from_numpy(x), **kw).numpy())  # noqa: B023
        ours = _run(lambda: alt.interpolate(x, **kw))  # noqa: B023
        assert ours[0] == ref[0], f"{what}: arraylens {ours[0]} ({ours[1]!r:.300}) vs torch {ref[0]} ({ref[1]!r:.300})"
        counted[ours[0]] += 1
        if ref[0] == "error":
            assert isinstance(ours[1], ArgumentError), what
            assert _first_line(ours[1]) == _first_line(ref[1]), what
            continue
        got, want = ours[1], ref[1]
        assert (got.shape, got.dtype) == (want.shape, want.dtype), what
        if cfg["dtype"] not in TOL:  # uint8 (picks and fixed point) and empty integer results: exact
            np.testing.assert_array_equal(got, want, err_msg=what)
        else:
            tol = TOL[cfg["dtype"]]
            np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=tol, atol=tol,
                                       err_msg=what)
    assert counted["ok"] > N_CASES // 2 and counted["error"] > 5, counted


def test_nearest_with_a_scale_factor_reads_floor_of_x_over_the_factor() -> None:
    # scale_factor 2.1 on 5 pixels gives 10 = 2 * 5 pixels, but PyTorch's nearest reads floor(x / 2.1), not x // 2
    x = np.arange(5, dtype=np.float32).reshape(1, 1, 5)
    want = F.interpolate(torch.from_numpy(x), scale_factor=2.1, mode="nearest").numpy()
    got = alt.interpolate(x, scale_factor=2.1, mode="nearest")
    np.testing.assert_array_equal(got, want)
    assert got[0, 0, 8] == 3.0  # 8 // 2 would be 4


NEAREST_SCALES = (1.2, 2.3, 0.5, 1.0000001, 2.0, 1.0, 1.5, 2.1, 0.99, 1.9, 3.0, 0.7, 2.05)


def test_nearest_picks_match_pytorch_on_random_scale_factors() -> None:
    # PyTorch's 2-d nearest ignores scale_factor on an axis whose output is the input size (copy) or
    # twice it (i >> 1); 1-d, 3-d and nearest-exact use the scale: picks must be bit-exact everywhere
    rng = np.random.default_rng(2013)
    shortcut = compared = 0
    for case in range(500):
        nd = int(rng.integers(1, 4))
        spatial = tuple(int(v) for v in rng.integers(1, 13 if nd < 3 else 8, nd))
        scales = tuple(float(rng.choice(NEAREST_SCALES)) for _ in range(nd))
        if any(int(n * s) == 0 for n, s in zip(spatial, scales, strict=True)):
            continue
        mode = str(rng.choice(["nearest", "nearest", "nearest-exact"]))
        dtype = str(rng.choice(["float32", "uint8", "float64"]))
        x = _array(rng, (int(rng.integers(1, 3)), int(rng.integers(1, 4)), *spatial), dtype)
        kw = {"scale_factor": scales, "mode": mode}
        what = f"case {case}: shape {x.shape} {dtype} {kw}"
        want = F.interpolate(torch.from_numpy(x), **kw).numpy()
        got = alt.interpolate(x, **kw)
        assert (got.shape, got.dtype) == (want.shape, want.dtype), what
        np.testing.assert_array_equal(got, want, err_msg=what)
        compared += 1
        outs = [int(n * s) for n, s in zip(spatial, scales, strict=True)]
        if nd == 2 and mode == "nearest" and any(
                m in (n, 2 * n) and s != m / n for n, m, s in zip(spatial, outs, scales, strict=True)):
            shortcut += 1
    assert compared > 400 and shortcut > 20, (compared, shortcut)


@pytest.mark.parametrize(("scale", "column"), [(2.3, [0, 0, 30, 30, 60, 60]), (1.2, [0, 30, 60])])
@pytest.mark.parametrize("dtype", ["float32", "uint8"])
def test_2d_nearest_copies_or_halves_when_the_output_is_once_or_twice_the_input(scale: float, column: list[int],
                                                                                dtype: str) -> None:
    x = (np.arange(9).reshape(1, 1, 3, 3) * 10).astype(dtype)
    want = F.interpolate(torch.from_numpy(x), scale_factor=scale, mode="nearest").numpy()
    np.testing.assert_array_equal(want[0, 0, :, 0], column)
    np.testing.assert_array_equal(alt.interpolate(x, scale_factor=scale, mode="nearest"), want)
    e = alt.interpolate.explain(x, scale_factor=scale, mode="nearest", at=(0, 0, 2, 0))
    assert e.value == column[2]
    notes = next(s.lines for s in e.sections if s.title == "Notes")
    assert any("ignores scale_factor" in n for n in notes), notes


def test_scale_factor_is_used_in_the_coordinates_unless_recomputed() -> None:
    x = np.random.default_rng(0).standard_normal((1, 1, 7)).astype(np.float32)
    given = alt.interpolate(x, scale_factor=1.7, mode="linear")
    recomputed = alt.interpolate(x, scale_factor=1.7, mode="linear", recompute_scale_factor=True)
    np.testing.assert_allclose(given, F.interpolate(torch.from_numpy(x), scale_factor=1.7, mode="linear").numpy(),
                               rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(recomputed, F.interpolate(torch.from_numpy(x), scale_factor=1.7, mode="linear",
                                                         recompute_scale_factor=True).numpy(), rtol=1e-6, atol=1e-6)
    assert given.shape == recomputed.shape == (1, 1, 11)
    assert not np.allclose(given, recomputed)  # 1 / 1.7 against 7 / 11
    e = alt.interpolate.explain(x, scale_factor=1.7, mode="linear", at=(0, 0, 5))
    assert "scale 1.7" in str(e) and e.check()


def test_pytorch_183523_size_1_takes_the_centre_not_pytorch_half_pixel() -> None:
    """pytorch/pytorch#183523: F.interpolate(size=(1, 1), bilinear, align_corners=False) samples the centre
    ((0 + 0.5) * in - 0.5), while its ONNX export (pytorch_half_pixel) takes x_src = 0 for an output of length 1."""
    x = np.random.default_rng(1).standard_normal((1, 2, 4, 6)).astype(np.float32)
    got = alt.interpolate(x, size=(1, 1), mode="bilinear", align_corners=False)
    np.testing.assert_allclose(got, F.interpolate(torch.from_numpy(x), size=(1, 1), mode="bilinear",
                                                  align_corners=False).numpy(), rtol=1e-6, atol=1e-6)
    centre = x[:, :, 1:3, 2:4].mean(axis=(2, 3), keepdims=True)  # x_src = (1.5, 2.5)
    np.testing.assert_allclose(got, centre, rtol=1e-6)
    e = alt.interpolate.explain(x, size=(1, 1), mode="bilinear", at=(0, 1, 0, 0))
    assert e.details["source"] == [1.5, 2.5]
    assert "pytorch_half_pixel takes x_src = 0 on an output of length 1" in str(e)


def test_antialias_with_an_output_width_of_1_repeats_row_0_as_pytorch() -> None:
    x = np.random.default_rng(2).standard_normal((1, 1, 4, 5)).astype(np.float32)
    for mode in ("bilinear", "bicubic", "lanczos"):
        want = F.interpolate(torch.from_numpy(x), size=(3, 1), mode=mode, antialias=True).numpy()
        got = alt.interpolate(x, size=(3, 1), mode=mode, antialias=True)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=mode)
        assert got[0, 0, 2, 0] == got[0, 0, 0, 0]
        e = alt.interpolate.explain(x, size=(3, 1), mode=mode, antialias=True, at=(0, 0, 2, 0))
        assert "repeats position 0" in str(e) and e.check()


def test_uint8_nearest_exact_picks_equal_pytorchs() -> None:
    x = np.full((1, 1, 4, 4), 7, np.uint8)
    np.testing.assert_array_equal(alt.interpolate(x, size=(5, 3), mode="nearest-exact"),
                                  F.interpolate(torch.from_numpy(x), size=(5, 3), mode="nearest-exact").numpy())


def test_refusals_in_pytorchs_words() -> None:
    x = np.zeros((1, 1, 4, 4), np.float32)
    for kw, message in [
        ({"size": 3, "mode": "nearest", "align_corners": True},
         "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"),
        ({"size": 3, "scale_factor": 2.0}, "only one of size or scale_factor should be defined"),
        ({}, "either size or scale_factor should be defined"),
        ({"size": 3, "mode": "linear"}, "Got 4D input, but linear mode needs 3D input"),
        ({"size": (3, 0), "mode": "bilinear"}, "Input and output sizes should be greater than 0, but got input "
                                                "(H: 4, W: 4) output (H: 3, W: 0)"),
        ({"size": 3, "mode": "bilinear", "recompute_scale_factor": True},
         "recompute_scale_factor is not meaningful with an explicit size."),
    ]:
        with pytest.raises(Exception) as ref:
            F.interpolate(torch.from_numpy(x), **kw)
        assert _first_line(ref.value) == message
        with pytest.raises(ArgumentError) as ours:
            alt.interpolate(x, **kw)
        assert str(ours.value) == message


def test_align_corners_must_be_a_bool_as_torch_kernels_require() -> None:
    """'False' is a non-empty string: read as truthy it would silently compute align_corners=True."""
    x = np.zeros((1, 1, 4, 4), np.float32)
    with pytest.raises(TypeError):
        torch.nn.functional.interpolate(torch.from_numpy(x), size=(2, 2), mode="bilinear", align_corners="False")
    with pytest.raises(ArgumentTypeError, match="'align_corners' must be bool, not str"):
        alt.interpolate(x, size=(2, 2), mode="bilinear", align_corners="False")
