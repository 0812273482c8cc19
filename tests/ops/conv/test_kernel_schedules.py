"""The cached schedules of both kernels reach every path with the same result as torch: the
gather for tiny calls, the phase slice-adds (in place), the forward kernel's blocks of output
rows, and its chunks of taps when one image's windows exceed the memory bound."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from arraylens.ops.conv import kernel as k
from tests.ops.conv.test_kernel import CASES, TORCH_F, torch_conv_transpose
from tests.ops.conv.test_kernel_memory import peak_extra

FORWARD = [
    # (N, spatial, C_in, C_out, kernel, stride, dilation, padding, groups)
    (2, (9, 7), 6, 9, (3, 2), (2, 1), (1, 2), ((1, 2), (0, 1)), 3),
    (3, (11, 10), 4, 5, (3, 3), (1, 1), (1, 1), ((1, 1), (1, 1)), 1),
    (1, (12, 13), 2, 3, (5, 4), (2, 3), (2, 1), ((-1, 3), (2, -2)), 1),  # negative padding: a crop
    (2, (8,), 3, 4, (3,), (1,), (1,), ((4, 4),), 1),  # padding wider than the kernel reach
    (2, (4, 5, 6), 4, 6, (2, 3, 2), (1, 2, 1), (2, 1, 1), ((1, 0), (1, 1), (0, 2)), 2),
    (4, (6, 6), 8, 8, (1, 1), (1, 1), (1, 1), ((0, 0), (0, 0)), 1),  # a 1x1 kernel: one product
]


def _torch_conv(x: np.ndarray, w: np.ndarray, spec: k.ConvSpec) -> np.ndarray:
    nd = spec.ndim
    pad = [(0, 0)] + [(max(b, 0), max(a, 0)) for b, a in spec.padding] + [(0, 0)]
    xp = np.pad(x, pad)
    sel = (slice(None), *(slice(max(-b, 0), xp.shape[1 + i] - max(-a, 0)) for i, (b, a) in enumerate(spec.padding)))
    xt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(xp[sel], -1, 1)))
    wt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(w, (-1, -2), (0, 1))))
    out = TORCH_F[nd](xt, wt, stride=spec.stride, dilation=spec.dilation, groups=spec.groups).numpy()
    return np.moveaxis(out, 1, -1)


@pytest.mark.parametrize("path", ["gather", "blocks", "rows", "taps"])
@pytest.mark.parametrize("case", FORWARD, ids=[f"fwd{i}" for i in range(len(FORWARD))])
def test_forward_paths_match_torch(case: tuple, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    n, size, c_in, c_out, kernel, stride, dilation, padding, groups = case
    if path == "gather":
        monkeypatch.setattr(k, "GATHER_UP_TO", 1 << 30)
    else:
        monkeypatch.setattr(k, "GATHER_UP_TO", 0)
    if path == "rows":  # one output row per block
        monkeypatch.setattr(k, "CONV_BLOCK_BYTES", 1)
    if path == "taps":  # one tap at a time, accumulated
        monkeypatch.setattr(k, "CONV_BLOCK_BYTES", 1)
        monkeypatch.setattr(k, "PRODUCT_BUDGET", 0)
    rng = np.random.default_rng(sum(size) + c_in)
    x = rng.standard_normal((n, *size, c_in))
    w = rng.standard_normal((*kernel, c_in // groups, c_out))
    spec = k.ConvSpec(stride, dilation, padding, groups)
    np.testing.assert_allclose(k.conv(x, w, spec), _torch_conv(x, w, spec), rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("gather", [0, 1 << 30])
@pytest.mark.parametrize("case", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_transposed_gather_and_phases_match_torch(case: tuple, gather: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(k, "GATHER_UP_TO", gather)
    n, size, c_in, c_out_g, kernel, stride, dilation, crop, groups = case
    rng = np.random.default_rng(11)
    x = rng.standard_normal((n, *size, c_in))
    w = rng.standard_normal((*kernel, c_in, c_out_g))
    spec = k.ConvTransposeSpec(stride, dilation, crop, groups)
    np.testing.assert_allclose(k.conv_transpose(x, w, spec), torch_conv_transpose(x, w, spec), rtol=1e-11, atol=1e-11)


def test_a_repeated_call_reuses_its_schedule() -> None:
    x = np.ones((1, 5, 5, 2), dtype=np.float32)
    w = np.ones((3, 3, 2, 4), dtype=np.float32)
    spec = k.ConvTransposeSpec((2, 2), (1, 1), ((0, 0), (0, 0)))
    k.conv_transpose(x, w, spec)
    hits = k._transpose_schedule.cache_info().hits
    k.conv_transpose(x + 1, w, spec)
    assert k._transpose_schedule.cache_info().hits == hits + 1


def test_forward_large_kernel_memory_is_bounded() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 128, 128, 1)).astype(np.float32)
    w = rng.standard_normal((64, 64, 1, 1)).astype(np.float32)
    spec = k.ConvSpec((1, 1), (1, 1), ((0, 0), (0, 0)), 1)
    out = k.conv(x, w, spec)
    assert out.shape == (1, 65, 65, 1)
    # im2col of every tap at once was 4096 x 65 x 65 x 4 bytes = 69 MB (4096 x the output)
    assert peak_extra(lambda: k.conv(x, w, spec)) <= 2 * out.nbytes + x.nbytes + (64 << 10)
    want = sum(float(x[0, 10 + a, 20 + b, 0]) * float(w[a, b, 0, 0]) for a in range(64) for b in range(64))
    assert out[0, 10, 20, 0] == pytest.approx(want, rel=1e-4, abs=1e-3)


@pytest.mark.parametrize(
    ("size", "kernel", "c_in", "c_out"),
    [((7,), (3,), 3, 5), ((5, 4), (2, 3), 4, 20), ((3, 4, 2), (2, 2, 3), 2, 3), ((6, 5), (1, 2), 1, 1)],
)
def test_kernel_equal_to_stride_writes_the_tiles_in_place(size: tuple, kernel: tuple, c_in: int, c_out: int) -> None:
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, *size, c_in))
    w = rng.standard_normal((*kernel, c_in, c_out))
    spec = k.ConvTransposeSpec(kernel, (1,) * len(kernel), ((0, 0),) * len(kernel))
    np.testing.assert_allclose(k.conv_transpose(x, w, spec), torch_conv_transpose(x, w, spec), rtol=1e-11, atol=1e-11)


def test_forward_wide_padding_memory_is_bounded() -> None:
    # padding makes the output far larger than the input: one tap's windows of the whole image
    # (64 x 64 positions x 64 channels, 1 MiB) were copied at once, 22 x (2 x output + input)
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 8, 8, 64)).astype(np.float32)
    w = rng.standard_normal((5, 5, 64, 1)).astype(np.float32)
    spec = k.ConvSpec((1, 1), (1, 1), ((30, 30), (30, 30)), 1)
    out = k.conv(x, w, spec)
    assert out.shape == (1, 64, 64, 1)
    assert peak_extra(lambda: k.conv(x, w, spec)) <= 2 * out.nbytes + x.nbytes + (64 << 10)
    np.testing.assert_allclose(out, _torch_conv(x, w, spec), rtol=1e-4, atol=1e-4)


def test_forward_whole_image_chunks_of_taps_match_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    # a budget where one image's windows of one tap fit (96 bytes) but one output row's windows
    # of every tap (1200 bytes) do not: whole images, chunks of taps, accumulated
    monkeypatch.setattr(k, "GATHER_UP_TO", 0)
    monkeypatch.setattr(k, "CONV_BLOCK_BYTES", 1)
    monkeypatch.setattr(k, "PRODUCT_BUDGET", 2.0)
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1, 6, 6, 3))
    w = rng.standard_normal((5, 5, 3, 2))
    spec = k.ConvSpec((1, 1), (1, 1), ((0, 0), (0, 0)), 1)
    plan = k._conv_schedule(x.shape, w.shape, 8, spec, 2.0, 1, 0)
    assert plan.mode == "blocks" and len(plan.blocks) == 1 and len(plan.blocks[0][2]) == 25
    np.testing.assert_allclose(k.conv(x, w, spec), _torch_conv(x, w, spec), rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("contiguous", [True, False])
def test_forward_weights_read_in_place_leave_their_bytes_to_the_blocks(contiguous: bool) -> None:
    # weights larger than the budget (3x3x128x256 float32: 5.9 x the output): read in place they
    # take nothing from it, and the windows go by blocks of rows with every tap (one product per
    # block); weights in another layout (a transposed view here) are copied once beside the budget,
    # so the schedule, and the result's bits, do not depend on the layout
    rng = np.random.default_rng(16)
    x = rng.standard_normal((1, 28, 28, 128)).astype(np.float32)
    w_hwio = rng.standard_normal((3, 3, 128, 256)).astype(np.float32)
    w = w_hwio if contiguous else np.ascontiguousarray(w_hwio.transpose(3, 2, 0, 1)).transpose(2, 3, 1, 0)
    assert w.flags.c_contiguous == contiguous
    spec = k.ConvSpec((2, 2), (1, 1), ((0, 1), (0, 1)), 1)
    out = k.conv(x, w, spec)
    assert out.shape == (1, 14, 14, 256)
    schedule = k._conv_schedule(
        x.shape, w.shape, 4, spec, k.PRODUCT_BUDGET, k.CONV_BLOCK_BYTES, k.GATHER_UP_TO, False
    )
    taps_per_chunk = {t1 - t0 for _, _, chunks in schedule.blocks for t0, t1, _ in chunks}
    rows_per_block = {b.stop - b.start for _, b, _ in schedule.blocks}
    assert taps_per_chunk == {9} and max(rows_per_block) > 1
    assert peak_extra(lambda: k.conv(x, w, spec)) <= 2 * out.nbytes + x.nbytes + (not contiguous) * w.nbytes
    np.testing.assert_array_equal(out, k.conv(x, w_hwio, spec))  # the same bits in either layout
    np.testing.assert_allclose(out, _torch_conv(x, w_hwio, spec), rtol=1e-4, atol=1e-3)


def test_forward_result_bits_do_not_depend_on_the_weights_layout() -> None:
    # a Fortran-ordered or transposed-view filter once took another schedule (its copy charged to
    # the budget: one tap per product instead of nine) and so other sums: tf.nn.conv2d gave
    # results 1e-4 apart for the same values
    import arraylens.tensorflow as altf

    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 14, 14, 256)).astype(np.float32)
    f = rng.standard_normal((3, 3, 256, 512)).astype(np.float32)
    want = altf.conv2d(x, f, 1, "VALID")
    np.testing.assert_array_equal(altf.conv2d(x, np.asfortranarray(f), 1, "VALID"), want)
