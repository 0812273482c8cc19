"""torch.nn.functional.interpolate on uint8 images against PyTorch 2.13 (CPU): bit-exact.

PyTorch resizes uint8 bilinear, bicubic and lanczos images with separable int16 fixed point
(``UpSampleKernel.cpp``): per axis double weights, a precision chosen from the largest weight,
``(2**(p - 1) + sum) >> p`` clipped, the width pass first. Up to 4 channels run the AVX2 kernel,
more the generic one; both are checked (C = 1 .. 6), with and without antialias, align_corners
both ways, size or scale_factor, up and down. Where the paths differ (an output width of 1) and
where PyTorch refuses (a 1 x 1 RGB output), named tests.
"""

from __future__ import annotations

import dataclasses
import importlib  # test extras: a missing one must fail, not skip
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

torch = importlib.import_module("torch")

import arraylens.torch as alt  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402
from arraylens.ops.resize import fixed_point  # noqa: E402

F = torch.nn.functional
N_CASES = 400


def _config(rng: np.random.Generator) -> dict[str, Any]:
    mode = str(rng.choice(["bilinear", "bicubic", "lanczos"]))
    kw: dict[str, Any] = {"mode": mode}
    if mode == "lanczos" or rng.random() < 0.5:
        kw["antialias"] = True
    if mode != "lanczos" and rng.random() < 0.6:
        kw["align_corners"] = bool(rng.random() < 0.5)
    h, w = (int(v) for v in rng.integers(1, 25, 2))
    if rng.random() < 0.5:
        kw["size"] = tuple(int(v) for v in rng.integers(1, 33, 2))
        if rng.random() < 0.1:
            kw["size"] = (int(rng.integers(1, 9)), 1)
    else:
        choices = [0.3, 0.45, 0.5, 0.75, 1.0, 1.3, 1.5, 1.7, 2.0, 2.5, 3.0, 4.0]
        kw["scale_factor"] = tuple(float(rng.choice(choices)) for _ in range(2))
        if rng.random() < 0.3:
            kw["recompute_scale_factor"] = True
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 7)), h, w)
    return {"shape": shape, "kw": kw}


def _run(fn: Any) -> tuple[str, Any]:
    try:
        return "ok", fn()
    except Exception as exc:
        return "error", exc


def test_uint8_resizes_equal_pytorchs_bit_for_bit() -> None:
    rng = np.random.default_rng(2026)
    counted = {"ok": 0, "error": 0}
    paths = set()
    for case in range(N_CASES):
        cfg = _config(rng)
        x = rng.integers(0, 256, cfg["shape"]).astype(np.uint8)
        if rng.random() < 0.1:  # saturated images: the clipping of both passes
            x = (x > 127).astype(np.uint8) * 255
        kw = cfg["kw"]
        what = f"case {case}: shape {cfg['shape']} {kw}"
        ref = _run(lambda: F.interpolate(torch.from_numpy(x), **kw).numpy())  # noqa: B023
        ours = _run(lambda: alt.interpolate(x, **kw))  # noqa: B023
        assert ours[0] == ref[0], f"{what}: arraylens {ours[1]!r:.300} vs torch {ref[1]!r:.300}"
        counted[ours[0]] += 1
        if ref[0] == "error":
            assert isinstance(ours[1], ArgumentError), what
            assert str(ours[1]).splitlines()[0].strip() == str(ref[1]).splitlines()[0].strip(), what
            continue
        assert ours[1].dtype == np.uint8 and ours[1].shape == ref[1].shape, what
        np.testing.assert_array_equal(ours[1], ref[1], err_msg=what)
        paths.add((kw["mode"], bool(kw.get("antialias")), cfg["shape"][1] > 4))
    assert counted["ok"] > 0.9 * N_CASES, counted
    assert len(paths) == 10, paths  # every mode, with and without antialias, both kernels


def test_extreme_scales_reach_the_largest_precision_and_many_taps() -> None:
    rng = np.random.default_rng(3)
    for shape, size in [((1, 2, 300, 7), (2, 3)), ((1, 5, 2, 3), (90, 100)), ((1, 1, 64, 600), (7, 3))]:
        x = rng.integers(0, 256, shape).astype(np.uint8)
        for mode, aa in [("bilinear", True), ("bicubic", True), ("lanczos", True), ("bicubic", False)]:
            want = F.interpolate(torch.from_numpy(x), size=size, mode=mode, antialias=aa).numpy()
            np.testing.assert_array_equal(alt.interpolate(x, size=size, mode=mode, antialias=aa), want,
                                          err_msg=f"{shape} {size} {mode} {aa}")


def test_precision_rule_is_pytorchs() -> None:
    # the first p with (int)(0.5 + w_max * 2**(p + 1)) >= 2**15; 22 at most
    assert fixed_point.torch_precision(1.0) == 14
    assert fixed_point.torch_precision(0.75) == 15
    assert fixed_point.torch_precision(0.01) == 21
    assert fixed_point.torch_precision(0.001) == 22
    assert fixed_point.torch_precision(1.25) == 14  # cubic without antialias: an edge tap gathers > 1
    assert fixed_point.torch_precision(2.0) == 13
    # half away from zero, stored as int16
    got = fixed_point.torch_fixed_weights(np.array([0.5 / 2**14, -0.5 / 2**14, 0.25]), 14)
    assert got.tolist() == [1, -1, 4096]


def test_an_output_width_of_1_repeats_row_0_in_the_generic_kernel_only() -> None:
    # more than 4 channels run the generic separable kernel: with an output width of 1 every output row
    # is row 0; up to 4 channels run the AVX2 kernel, which resizes the rows
    x = np.repeat(np.arange(0, 250, 25, dtype=np.uint8).reshape(1, 1, 10, 1), 5, axis=1)
    for c in (1, 5):
        xc = np.ascontiguousarray(x[:, :c])
        want = F.interpolate(torch.from_numpy(xc), size=(5, 1), mode="bilinear").numpy()
        got = alt.interpolate(xc, size=(5, 1), mode="bilinear")
        np.testing.assert_array_equal(got, want)
        assert (len(set(got[0, 0, :, 0].tolist())) == 1) == (c > 4)
    e = alt.interpolate.explain(np.ascontiguousarray(x), size=(5, 1), mode="bilinear", at=(0, 4, 3, 0))
    assert e.check() and e.value == 13


def test_channels_last_tensors_do_not_repeat_row_0() -> None:
    # arraylens reads an array as a contiguous NCHW tensor; PyTorch's channels_last tensors with more than
    # 4 channels and an output width of 1 resize the rows (the only difference measured between the layouts)
    x = np.repeat(np.arange(0, 250, 25, dtype=np.uint8).reshape(1, 1, 10, 1), 5, axis=1)
    t = torch.from_numpy(x)
    nchw = F.interpolate(t, size=(5, 1), mode="bilinear").numpy()
    nhwc = F.interpolate(t.contiguous(memory_format=torch.channels_last), size=(5, 1), mode="bilinear").numpy()
    assert nhwc[0, 0, :, 0].tolist() == [13, 63, 113, 163, 213] and nchw[0, 0, :, 0].tolist() == [13] * 5
    np.testing.assert_array_equal(alt.interpolate(x, size=(5, 1), mode="bilinear"), nchw)


def test_a_cpu_without_avx2_runs_every_uint8_resize_through_the_generic_kernel() -> None:
    # ATEN_CPU_CAPABILITY=default stands for such a CPU: there even 1 channel repeats row 0 (arraylens
    # follows the x86-64 CPUs with AVX2 or AVX-512, where 1 channel resizes its rows)
    code = ("import torch, torch.nn.functional as F; x = torch.arange(0, 250, 25, dtype=torch.uint8)"
            ".reshape(1, 1, 10, 1); print(F.interpolate(x, size=(5, 1), mode='bilinear')[0, 0, :, 0].tolist())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"ATEN_CPU_CAPABILITY": "default", "PATH": ""}).stdout
    assert out.strip() == "[13, 13, 13, 13, 13]"
    x = np.arange(0, 250, 25, dtype=np.uint8).reshape(1, 1, 10, 1)
    assert alt.interpolate(x, size=(5, 1), mode="bilinear")[0, 0, :, 0].tolist() == [13, 63, 113, 163, 213]


def test_a_1x1_rgb_output_is_refused_as_pytorch_refuses_it() -> None:
    x = np.zeros((2, 3, 4, 5), np.uint8)
    with pytest.raises(RuntimeError, match="INTERNAL ASSERT FAILED"):
        F.interpolate(torch.from_numpy(x), size=(1, 1), mode="bilinear")
    with pytest.raises(ArgumentError, match=r"num_channels == unpacked_output\.size"):
        alt.interpolate(x, size=(1, 1), mode="bilinear")
    # without a vertical pass, and with other channel counts, PyTorch resizes
    for shape in [(1, 3, 1, 5), (1, 4, 4, 5), (1, 2, 4, 5)]:
        y = np.random.default_rng(1).integers(0, 256, shape).astype(np.uint8)
        np.testing.assert_array_equal(alt.interpolate(y, size=(1, 1), mode="bicubic"),
                                      F.interpolate(torch.from_numpy(y), size=(1, 1), mode="bicubic").numpy())


def test_uint8_refusals_in_pytorchs_words() -> None:
    for shape, kw, message in [
        ((1, 2, 5), {"mode": "linear"}, "\"compute_indices_weights_linear\" not implemented for 'Byte'"),
        ((1, 2, 5, 5, 5), {"mode": "trilinear"}, "\"compute_indices_weights_linear\" not implemented for 'Byte'"),
        ((1, 2, 5, 5), {"mode": "area"}, "\"adaptive_avg_pool2d\" not implemented for 'Byte'"),
        ((1, 2, 5, 5), {"mode": "lanczos"}, "Lanczos mode requires antialias=True"),
    ]:
        x = np.zeros(shape, np.uint8)
        size = (3,) * (len(shape) - 2)
        with pytest.raises(Exception) as ref:  # PyTorch's own class varies
            F.interpolate(torch.from_numpy(x), size=size, **kw)
        assert str(ref.value).splitlines()[0] == message
        with pytest.raises(ArgumentError) as ours:
            alt.interpolate(x, size=size, **kw)
        assert str(ours.value) == message


def test_explain_shows_every_rounding_step_and_checks() -> None:
    rng = np.random.default_rng(7)
    for _ in range(40):
        cfg = _config(rng)
        x = rng.integers(0, 256, cfg["shape"]).astype(np.uint8)
        kw = cfg["kw"]
        try:
            out = alt.interpolate(x, **kw)
        except ArgumentError:
            continue
        if out.size == 0:
            continue
        at = tuple(int(rng.integers(0, n)) for n in out.shape)
        e = alt.interpolate.explain(x, **kw, at=at)
        assert e.check(), (kw, at)
        assert e.value == out[at], (kw, at)
        text = str(e)
        if out.shape[2:] != x.shape[2:]:
            assert "weights_precision p =" in text and ">> " in text and "clipped to 0..255" in text


def test_explain_check_fails_when_the_steps_disagree() -> None:
    x = np.random.default_rng(0).integers(0, 256, (1, 3, 7, 9)).astype(np.uint8)
    e = alt.interpolate.explain(x, size=(4, 13), mode="bicubic", at=(0, 1, 2, 5))
    assert e.check()
    assert not dataclasses.replace(e, expected=float(e.value) + 1).check()


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("size", [(1, 50), (3, 40), (7, 9)])
def test_a_tall_image_to_few_rows_sums_only_the_rows_it_reads(mode: str, size: tuple[int, int]) -> None:
    """The width pass runs on the rows the height pass reads: 4000 rows to a few hold a few rows of
    int32 sums, not 4000 (a (1, 3, 20000, 10) image to 1 x 2000 once held 600 MB); PyTorch's pixels."""
    import tracemalloc

    x = np.random.default_rng(4).integers(0, 256, (1, 3, 4000, 10)).astype(np.uint8)
    want = F.interpolate(torch.from_numpy(x), size=size, mode=mode).numpy()
    alt.interpolate(x[:, :, :50], size=size, mode=mode)  # the compiled loops load first
    tracemalloc.start()
    try:
        got = alt.interpolate(x, size=size, mode=mode)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(got, want)
    assert peak < 1_000_000, peak  # every row's sums: 4000 * 3 * size[1] * 4 bytes, up to 2.4 MB


@pytest.mark.parametrize("kw", [{"size": (0, 3)}, {"scale_factor": 1e-9}, {"size": (2, 0)}])
def test_uint8_area_to_an_empty_output_is_pytorchs_empty_result(kw: dict[str, Any]) -> None:
    # area on uint8 is accepted by PyTorch only for an empty output; it once reached the uint8 fixed
    # point, which has no area filter (KeyError: 'area')
    x = np.ones((1, 3, 5, 6), np.uint8)
    want = F.interpolate(torch.from_numpy(x), mode="area", **kw).numpy()
    got = alt.interpolate(x, mode="area", **kw)
    assert got.shape == want.shape and got.dtype == want.dtype == np.uint8
