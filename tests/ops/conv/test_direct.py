"""The compiled transposed convolution for one input channel per group (ops/conv/direct.py):
bit for bit the NumPy path's result, torch's within rounding, the path chosen by shapes only,
bounded memory, and no numba for a small call."""

from __future__ import annotations

import random
import subprocess
import sys
import tracemalloc
from typing import Any

import numpy as np
import pytest
import torch

import arraylens.frontends.torch as al_torch
from arraylens.ops.conv import direct
from arraylens.ops.conv import kernel as k
from tests.ops.conv.test_kernel import CASES, torch_conv_transpose


def _conv_schedule(x: np.ndarray, w: np.ndarray, spec: k.ConvSpec) -> Any:
    return k._conv_schedule(
        x.shape,
        w.shape,
        8 if np.float64 in (x.dtype, w.dtype) else 4,
        spec,
        k.PRODUCT_BUDGET,
        k.CONV_BLOCK_BYTES,
        k.GATHER_UP_TO,
        spec.groups > 1 or w.dtype != np.result_type(x, w),
        direct_limits=direct.conv_limits(),
    )


def _schedule(x: np.ndarray, w: np.ndarray, spec: k.ConvTransposeSpec) -> Any:
    dtype = np.result_type(x, w)
    return k._transpose_schedule(
        x.shape,
        w.shape,
        dtype.itemsize,
        spec,
        k.PRODUCT_BUDGET,
        k.CHANNELS_FIRST_BELOW,
        k.PARALLEL_FROM,
        k.GATHER_UP_TO,
        direct_limits=direct.limits(),
    )


def _numpy_path(x: np.ndarray, w: np.ndarray, spec: k.ConvTransposeSpec, mp: pytest.MonkeyPatch) -> np.ndarray:
    with mp.context() as m:
        m.setattr(direct, "DIRECT_FROM", 1 << 62)
        m.setattr(k, "GATHER_UP_TO", 0)
        assert _schedule(x, w, spec).mode == "phases"
        return k.conv_transpose(x, w, spec)


def _direct_path(x: np.ndarray, w: np.ndarray, spec: k.ConvTransposeSpec, mp: pytest.MonkeyPatch) -> np.ndarray:
    with mp.context() as m:
        m.setattr(direct, "DIRECT_FROM", 0)
        m.setattr(k, "GATHER_UP_TO", 0)
        assert _schedule(x, w, spec).mode == "direct"
        return k.conv_transpose(x, w, spec)


def _same_bits(a: np.ndarray, b: np.ndarray) -> None:
    assert a.dtype == b.dtype and a.shape == b.shape
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    assert np.array_equal(a.view(np.uint8), b.view(np.uint8))  # -0.0 and NaN included


def _random_case(rng: random.Random) -> tuple[Any, ...]:
    """A transposed convolution with one input channel per group (``groups == C_in``), fewer than
    ``CHANNELS_FIRST_BELOW`` output channels per group, kernel != stride somewhere."""
    nd = rng.randint(1, 3)
    groups = rng.choice([1, 1, 1, 2, 3])
    c_out_g = rng.choice([1, 1, 2, 3, 15])
    kernel = tuple(rng.randint(1, 5) for _ in range(nd))
    stride = tuple(rng.randint(1, 4) for _ in range(nd))
    dilation = tuple(rng.randint(1, 3) for _ in range(nd))
    if all(kk == s and d == 1 for kk, s, d in zip(kernel, stride, dilation, strict=True)):
        kernel = (kernel[0] + 1, *kernel[1:])  # the tiling path would take it
    size = tuple(rng.randint(1, 9 if nd == 3 else 14) for _ in range(nd))
    full = [(i - 1) * s + d * (kk - 1) + 1 for i, s, d, kk in zip(size, stride, dilation, kernel, strict=True)]
    crop = tuple((rng.randint(-2, f // 3), rng.randint(-2, f // 3)) for f in full)  # negative: zero extension
    n = rng.randint(1, 2)
    return n, size, groups, c_out_g, kernel, stride, dilation, crop


def _operands(case: tuple[Any, ...], dtype: type, seed: int) -> tuple[np.ndarray, np.ndarray, k.ConvTransposeSpec]:
    n, size, groups, c_out_g, kernel, stride, dilation, crop = case
    nprng = np.random.default_rng(seed)
    x = nprng.standard_normal((n, *size, groups)).astype(dtype)
    x[nprng.random(x.shape) < 0.2] = 0.0  # zeros times negative weights: -0.0 terms
    x[nprng.random(x.shape) < 0.05] = -0.0
    w = nprng.standard_normal((*kernel, groups, c_out_g)).astype(dtype)
    w[nprng.random(w.shape) < 0.1] = 0.0
    return x, w, k.ConvTransposeSpec(stride, dilation, crop, groups)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_direct_path_has_the_numpy_paths_bits(dtype: type, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(16)
    for i in range(60):
        case = _random_case(rng)
        x, w, spec = _operands(case, dtype, i)
        got = _direct_path(x, w, spec, monkeypatch)
        _same_bits(got, _numpy_path(x, w, spec, monkeypatch))
        np.testing.assert_allclose(got, torch_conv_transpose(x, w, spec), rtol=1e-5, atol=1e-5)


def test_signed_zeros_follow_the_numpy_paths_first_slice_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    # x = 0 and a negative weight: every term is -0.0. The NumPy path assigns the first tap of a
    # phase (-0.0 stays) and adds the later ones into zeros (+0.0 + -0.0 = +0.0) where the first
    # tap's slice does not reach: both signs occur in one result.
    x = np.zeros((1, 7, 6, 1), np.float32)
    w = -np.ones((3, 4, 1, 1), np.float32)
    spec = k.ConvTransposeSpec((2, 1), (1, 1), ((1, -1), (0, 2)), 1)
    got = _direct_path(x, w, spec, monkeypatch)
    assert np.signbit(got).any() and not np.signbit(got).all()
    _same_bits(got, _numpy_path(x, w, spec, monkeypatch))


def test_numpy_chunks_do_not_change_the_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    # the NumPy path split into one tap per chunk (phases accumulated across chunks) still has
    # the direct loop's bits: the order of the sums is the kernel's tap order either way
    x, w, spec = _operands((1, (9, 8), 1, 2, (4, 3), (2, 2), (1, 2), ((1, 2), (0, -1))), np.float32, 3)
    monkeypatch.setattr(k, "PRODUCT_BUDGET", 0)
    _same_bits(_direct_path(x, w, spec, monkeypatch), _numpy_path(x, w, spec, monkeypatch))


def test_large_calls_take_the_direct_path_threads_included() -> None:
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 260, 250, 1))
    w = rng.standard_normal((5, 4, 1, 3))
    spec = k.ConvTransposeSpec((2, 3), (1, 2), ((2, 1), (0, 3)), 1)
    plan = _schedule(x, w, spec)
    assert plan.mode == "direct" and (plan.parallel or k._workers() < 2)
    got = k.conv_transpose(x, w, spec)
    np.testing.assert_allclose(got, torch_conv_transpose(x, w, spec), rtol=1e-10, atol=1e-10)
    one_thread = direct.run_direct(
        x, np.ascontiguousarray(w.reshape(20, 1, 3)), *plan.direct, 3, got.shape[1:-1], None, 1
    )
    _same_bits(got, np.moveaxis(one_thread, 1, -1))


def test_the_path_depends_on_shapes_not_on_memory_layout() -> None:
    rng = np.random.default_rng(9)
    x = rng.standard_normal((1, 3, 300, 260)).astype(np.float32).transpose(0, 2, 3, 1)  # NCHW seen as NHWC
    w = np.asfortranarray(rng.standard_normal((3, 3, 3, 2)).astype(np.float32))
    spec = k.ConvTransposeSpec((2, 2), (1, 1), ((0, 0), (0, 0)), 3)
    assert _schedule(x, w, spec).mode == "direct"
    _same_bits(k.conv_transpose(x, w, spec), k.conv_transpose(np.ascontiguousarray(x), np.ascontiguousarray(w), spec))


@pytest.mark.parametrize("nd", [1, 2, 3])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_torch_front_end_calls_on_the_direct_path_match_torch(
    nd: int, dtype: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(direct, "DIRECT_FROM", 0)  # smaller sizes take it too
    monkeypatch.setattr(k, "GATHER_UP_TO", 0)
    rng = random.Random(nd)
    nprng = np.random.default_rng(nd)
    fns = {
        1: torch.nn.functional.conv_transpose1d,
        2: torch.nn.functional.conv_transpose2d,
        3: torch.nn.functional.conv_transpose3d,
    }
    ours = {1: al_torch.conv_transpose1d, 2: al_torch.conv_transpose2d, 3: al_torch.conv_transpose3d}
    side = {1: 300, 2: 40, 3: 12}[nd]
    for _ in range(4):
        groups = rng.choice([1, 2])
        c_out_g = rng.choice([1, 3])
        kernel = [rng.randint(2, 5) for _ in range(nd)]
        stride = [rng.randint(1, 3) for _ in range(nd)]
        dilation = [rng.randint(1, 2) for _ in range(nd)]
        padding = [rng.randint(0, d * (kk - 1)) for kk, d in zip(kernel, dilation, strict=True)]
        output_padding = [rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation, strict=True)]
        x = nprng.standard_normal((2, groups, *[side] * nd)).astype(dtype)
        w = nprng.standard_normal((groups, c_out_g, *kernel)).astype(dtype)
        b = nprng.standard_normal(groups * c_out_g).astype(dtype)
        kw: dict[str, Any] = dict(
            stride=stride, padding=padding, output_padding=output_padding, groups=groups, dilation=dilation
        )
        canon_x = np.moveaxis(x, 1, -1)
        canon_w = np.moveaxis(w, (0, 1), (-2, -1))
        full = [(side - 1) * s + d * (kk - 1) + 1 for s, d, kk in zip(stride, dilation, kernel, strict=True)]
        crop = tuple((p, p - op) for p, op in zip(padding, output_padding, strict=True))
        assert all(f - c0 - c1 > 0 for f, (c0, c1) in zip(full, crop, strict=True))
        spec = k.ConvTransposeSpec(tuple(stride), tuple(dilation), crop, groups)
        assert _schedule(canon_x, canon_w, spec).mode == "direct"
        expected = fns[nd](torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), **kw).numpy()
        got = ours[nd](x, w, b, **kw)
        tol = 1e-5 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)
        _same_bits(ours[nd](x, w, b, **kw), got)  # the cached call (prepared plan): the same bits
        checked = al_torch._checked_transpose_plan(
            nd, x, w, b, stride, padding, output_padding, groups, dilation, None
        ).compute()
        _same_bits(got, checked)


def test_direct_path_memory_is_bounded() -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((1, 128, 128, 4)).astype(np.float32)  # depthwise: a channels-first copy
    w = rng.standard_normal((9, 9, 4, 2)).astype(np.float32)
    spec = k.ConvTransposeSpec((1, 1), (1, 1), ((0, 0), (0, 0)), 4)
    assert _schedule(x, w, spec).mode == "direct"
    out = k.conv_transpose(x, w, spec)  # compiled before measuring
    k.release_scratch()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    k.conv_transpose(x, w, spec)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    assert peak <= 1.1 * out.nbytes + x.nbytes + w.nbytes, peak


def test_a_small_call_never_imports_numba() -> None:
    code = (
        "import sys, numpy as np\n"
        "from arraylens.ops.conv import kernel as k, direct\n"
        "x = np.ones((1, 100, 100, 1), np.float32); w = np.ones((7, 7, 1, 1), np.float32)\n"
        "assert x.size * w.size < direct.DIRECT_FROM\n"
        "k.conv_transpose(x, w, k.ConvTransposeSpec((2, 2), (1, 1), ((0, 0), (0, 0)), 1))\n"
        "k.conv(x, w, k.ConvSpec((1, 1), (1, 1), ((3, 3), (3, 3)), 1))\n"
        "import arraylens.torch as t\n"
        "t.conv_transpose2d(np.ones((1, 1, 2, 2), np.float32), np.ones((1, 1, 3, 3), np.float32), stride=2)\n"
        "print('numba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_axis_table_lists_each_taps_reach_and_each_phases_first_tap() -> None:
    # by the definition: output o (cropped by ``begin``) receives input i through tap k when
    # o + begin == i*stride + k*dilation
    rng = random.Random(3)
    for _ in range(300):
        kernel, dilation, stride = rng.randint(1, 6), rng.randint(1, 3), rng.randint(1, 4)
        in_size, begin = rng.randint(1, 6), rng.randint(-3, 4)
        out_size = rng.randint(1, 12)
        table = direct.axis_table(kernel, dilation, stride, begin, in_size, out_size)
        seen: set[int] = set()
        for kk, (r, q, j0, j1, first) in enumerate(table.tolist()):
            pairs = {(o, i) for o in range(out_size) for i in range(in_size) if o + begin == i * stride + kk * dilation}
            assert pairs == {(r + j * stride, j + q) for j in range(j0, j1)}
            assert first == (bool(pairs) and r not in seen)
            if pairs:
                seen.add(r)


# ----------------------------------------------------------------------------------------------
# forward convolution
# ----------------------------------------------------------------------------------------------


def _random_conv_case(rng: random.Random) -> tuple[Any, ...]:
    """A forward convolution the compiled loop takes: one output channel per group and up to 8
    input channels per group, or up to 4 of each with stride 1 along the last axis."""
    nd = rng.randint(1, 3)
    groups = rng.choice([1, 1, 2, 3])
    if rng.random() < 0.5:
        c_in_g, c_out_g = rng.randint(1, 8), 1
        stride = tuple(rng.randint(1, 3) for _ in range(nd))
    else:
        c_in_g, c_out_g = rng.randint(1, 4), rng.randint(1, 4)
        stride = (*(rng.randint(1, 3) for _ in range(nd - 1)), 1)
    kernel = tuple(rng.randint(1, 4) for _ in range(nd))
    dilation = tuple(rng.randint(1, 2) for _ in range(nd))
    size = tuple(
        rng.randint(d * (kk - 1) + 1, d * (kk - 1) + (8 if nd == 3 else 14))
        for kk, d in zip(kernel, dilation, strict=True)
    )
    padding = tuple((rng.randint(-1, 3), rng.randint(-1, 3)) for _ in range(nd))  # negative: crop
    return rng.randint(1, 2), size, groups, c_in_g, c_out_g, kernel, stride, dilation, padding


def _torch_conv(x: np.ndarray, w: np.ndarray, spec: k.ConvSpec) -> np.ndarray:
    """torch's convolution of canonical (channels-last, HWIO) operands, its padding applied by
    ``np.pad`` (negative amounts crop)."""
    nd = spec.ndim
    pads = [(0, 0)] + [(max(b, 0), max(a, 0)) for b, a in spec.padding] + [(0, 0)]
    xp = np.pad(x, pads)
    sel = (slice(None), *(slice(max(-b, 0), xp.shape[1 + i] - max(-a, 0)) for i, (b, a) in enumerate(spec.padding)))
    xp = xp[sel]
    xt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(xp, -1, 1)))
    wt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(w, (-1, -2), (0, 1))))
    fn = {1: torch.nn.functional.conv1d, 2: torch.nn.functional.conv2d, 3: torch.nn.functional.conv3d}[nd]
    return np.moveaxis(fn(xt, wt, stride=spec.stride, dilation=spec.dilation, groups=spec.groups).numpy(), 1, -1)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_direct_path_matches_torch_and_the_blocks(dtype: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(direct, "DIRECT_FROM", 0)
    monkeypatch.setattr(k, "GATHER_UP_TO", 0)
    rng = random.Random(61)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    ran = 0
    for i in range(60):
        n, size, groups, c_in_g, c_out_g, kernel, stride, dilation, padding = _random_conv_case(rng)
        spec = k.ConvSpec(stride, dilation, padding, groups)
        out_size = spec.output_size(size, kernel)
        if any(o <= 0 for o in out_size):
            continue
        nprng = np.random.default_rng(i)
        x = nprng.standard_normal((n, *size, groups * c_in_g)).astype(dtype)
        w = nprng.standard_normal((*kernel, c_in_g, groups * c_out_g)).astype(dtype)
        plan = _conv_schedule(x, w, spec)
        if plan.mode == "direct":  # a 1x1 kernel, stride 1, no padding: one product
            continue
        assert plan.mode == "compiled", (kernel, stride, padding, groups)
        got = k.conv(x, w, spec)
        np.testing.assert_allclose(got, _torch_conv(x, w, spec), rtol=tol, atol=tol)
        with monkeypatch.context() as m:
            m.setattr(direct, "DIRECT_FROM", 1 << 62)
            np.testing.assert_allclose(got, k.conv(x, w, spec), rtol=tol, atol=tol)
        ran += 1
    assert ran >= 45


def test_forward_direct_path_order_of_sums() -> None:
    # each output adds its terms in tap order, then channel order, from +0.0: (1e8 + 1) - 1e8 is
    # 0 in float32 where BLAS may sum otherwise; -0.0 terms alone give +0.0
    x = np.zeros((1, 700, 800, 2), np.float32)
    x[0, 10, 10] = (1e8, 1.0)
    x[0, 10, 11] = (-1e8, 0.0)
    w = np.ones((1, 2, 2, 1), np.float32)
    w[0, 0, 1, 0] = 1.0
    spec = k.ConvSpec((1, 1), (1, 1), ((0, 0), (0, 0)), 1)
    assert _conv_schedule(x, w, spec).mode == "compiled"
    out = k.conv(x, w, spec)
    # out[10, 10] = x[10,10,0] + x[10,10,1] + x[10,11,0] + x[10,11,1] = ((1e8 + 1) - 1e8) + 0
    assert out[0, 10, 10, 0] == np.float32(0.0)
    neg = k.conv(x, -np.abs(w), spec)
    assert not np.signbit(neg[0, 300, 300, 0])  # 0.0 + -0.0 + ... is +0.0


def test_forward_path_depends_on_shapes_not_on_memory_layout() -> None:
    rng = np.random.default_rng(4)
    for n, c in ((1, 1), (2, 1), (1, 3), (2, 3)):  # NCHW of one image seen as NHWC: read in place
        x = rng.standard_normal((n, c, 300, 250)).astype(np.float32).transpose(0, 2, 3, 1)
        w = np.asfortranarray(rng.standard_normal((3, 4, 1, c)).astype(np.float32))
        spec = k.ConvSpec((1, 1), (2, 1), ((1, 1), (2, 1)), c)
        assert _conv_schedule(x, w, spec).mode == "compiled"
        _same_bits(k.conv(x, w, spec), k.conv(np.ascontiguousarray(x), np.ascontiguousarray(w), spec))


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_torch_front_end_forward_calls_on_the_direct_path(nd: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(direct, "DIRECT_FROM", 0)
    monkeypatch.setattr(k, "GATHER_UP_TO", 0)
    rng = random.Random(nd + 10)
    nprng = np.random.default_rng(nd)
    fns = {1: torch.nn.functional.conv1d, 2: torch.nn.functional.conv2d, 3: torch.nn.functional.conv3d}
    ours = {1: al_torch.conv1d, 2: al_torch.conv2d, 3: al_torch.conv3d}
    side = {1: 300, 2: 40, 3: 12}[nd]
    for dtype in (np.float32, np.float64):
        for _ in range(3):
            groups = rng.choice([1, 2, 4])
            kernel = [rng.randint(1, 5) for _ in range(nd)]
            stride = [rng.randint(1, 3) for _ in range(nd)]
            dilation = [rng.randint(1, 2) for _ in range(nd)]
            padding: Any = [rng.randint(0, 2) for _ in range(nd)]
            if all(s == 1 for s in stride) and rng.random() < 0.5:
                padding = "same"
            x = nprng.standard_normal((2, groups, *[side] * nd)).astype(dtype)
            w = nprng.standard_normal((groups, 1, *kernel)).astype(dtype)  # depthwise
            b = nprng.standard_normal(groups).astype(dtype)
            kw: dict[str, Any] = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
            expected = fns[nd](torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), **kw).numpy()
            got = ours[nd](x, w, b, **kw)
            tol = 1e-5 if dtype == np.float32 else 1e-12
            np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)
            _same_bits(ours[nd](x, w, b, **kw), got)  # the cached call: the same bits
            checked = al_torch._checked_conv_plan(nd, x, w, b, stride, padding, dilation, groups).compute()
            _same_bits(got, checked)


def test_forward_direct_path_memory_is_bounded() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 160, 160, 3)).astype(np.float32)  # channels-first copy of the input
    w = rng.standard_normal((5, 5, 1, 3)).astype(np.float32)
    spec = k.ConvSpec((1, 1), (1, 1), ((2, 2), (2, 2)), 3)
    assert _conv_schedule(x, w, spec).mode == "compiled"
    out = k.conv(x, w, spec)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    k.conv(x, w, spec)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    assert peak <= 1.1 * out.nbytes + x.nbytes + w.nbytes, peak


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_depthwise_channels_last_loop_has_the_row_loops_bits(dtype: type, monkeypatch: pytest.MonkeyPatch) -> None:
    # one channel per group from DEPTHWISE_FROM channels: vectorised over the channels of
    # channels-last data, the same sums in the same order as the per-channel rows
    monkeypatch.setattr(direct, "DIRECT_FROM", 0)
    monkeypatch.setattr(k, "GATHER_UP_TO", 0)
    rng = random.Random(8)
    ran = 0
    for i in range(24):
        nd = rng.randint(1, 3)
        c = rng.choice([8, 9, 16, 33])
        kernel = tuple(rng.randint(1, 4) for _ in range(nd))
        stride = tuple(rng.randint(1, 3) for _ in range(nd))
        dilation = tuple(rng.randint(1, 2) for _ in range(nd))
        padding = tuple((rng.randint(-1, 3), rng.randint(-1, 3)) for _ in range(nd))
        size = tuple(rng.randint(d * (kk - 1) + 2, d * (kk - 1) + 9) for kk, d in zip(kernel, dilation, strict=True))
        spec = k.ConvSpec(stride, dilation, padding, c)
        if any(o <= 0 for o in spec.output_size(size, kernel)):
            continue
        nprng = np.random.default_rng(i)
        x = nprng.standard_normal((rng.randint(1, 2), *size, c)).astype(dtype)
        x[nprng.random(x.shape) < 0.2] = 0.0
        w = nprng.standard_normal((*kernel, 1, c)).astype(dtype)
        if _conv_schedule(x, w, spec).mode != "compiled":
            continue  # a 1x1 kernel without stride or padding
        got = k.conv(x, w, spec)
        assert got.flags.c_contiguous  # written channels-last
        tol = 1e-5 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, _torch_conv(x, w, spec), rtol=tol, atol=tol)
        with monkeypatch.context() as m:
            m.setattr(direct, "DEPTHWISE_FROM", 1 << 30)
            _same_bits(got, k.conv(x, w, spec))
        ran += 1
    assert ran >= 15


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_transposed_loop_with_a_few_input_channels_per_group(dtype: type, monkeypatch: pytest.MonkeyPatch) -> None:
    # 2-4 input channels per group: each term a channel sum, within rounding of the NumPy path
    # (BLAS sums the channels its own way) and of torch
    rng = random.Random(24)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    ran = 0
    for i in range(40):
        n, size, groups, c_out_g, kernel, stride, dilation, crop = _random_case(rng)
        c_in_g = rng.randint(2, direct.TRANSPOSE_MAX_C_IN)
        nprng = np.random.default_rng(i)
        x = nprng.standard_normal((n, *size, groups * c_in_g)).astype(dtype)
        w = nprng.standard_normal((*kernel, groups * c_in_g, c_out_g)).astype(dtype)
        spec = k.ConvTransposeSpec(stride, dilation, crop, groups)
        got = _direct_path(x, w, spec, monkeypatch)
        np.testing.assert_allclose(got, torch_conv_transpose(x, w, spec), rtol=tol, atol=tol)
        np.testing.assert_allclose(got, _numpy_path(x, w, spec, monkeypatch), rtol=tol, atol=tol)
        ran += 1
    assert ran == 40


def test_transposed_loop_with_several_channels_ignores_memory_layout() -> None:
    rng = np.random.default_rng(12)
    for n in (1, 2):  # NCHW seen as NHWC: read in place for one image
        x = rng.standard_normal((n, 3, 200, 210)).astype(np.float32).transpose(0, 2, 3, 1)
        w = np.asfortranarray(rng.standard_normal((4, 4, 3, 2)).astype(np.float32))
        spec = k.ConvTransposeSpec((2, 2), (1, 1), ((1, 1), (1, 1)), 1)
        assert _schedule(x, w, spec).mode == "direct"
        _same_bits(
            k.conv_transpose(x, w, spec), k.conv_transpose(np.ascontiguousarray(x), np.ascontiguousarray(w), spec)
        )
        xt, wt = np.ascontiguousarray(x.transpose(0, 3, 1, 2)), np.ascontiguousarray(w.transpose(2, 3, 0, 1))
        got = al_torch.conv_transpose2d(xt, wt, stride=2, padding=1)
        expected = torch.nn.functional.conv_transpose2d(torch.from_numpy(xt), torch.from_numpy(wt), stride=2, padding=1)
        np.testing.assert_allclose(got, expected.numpy(), rtol=1e-5, atol=1e-5)
        _same_bits(al_torch.conv_transpose2d(xt, wt, stride=2, padding=1), got)  # the cached call


@pytest.mark.parametrize("case", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_kernel_cases_on_the_numpy_path_still_match_torch(case: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    # test_kernel's cases, some of which now take the loop (case 4, its "threaded phase fill"),
    # with the loop switched off: the NumPy path keeps its own coverage
    monkeypatch.setattr(direct, "DIRECT_FROM", 1 << 62)
    n, size, c_in, c_out_g, kernel, stride, dilation, crop, groups = case
    rng = np.random.default_rng(len(size) * 100 + c_out_g)
    x = rng.standard_normal((n, *size, c_in))
    w = rng.standard_normal((*kernel, c_in, c_out_g))
    spec = k.ConvTransposeSpec(stride, dilation, crop, groups)
    assert _schedule(x, w, spec).mode != "direct"
    np.testing.assert_allclose(k.conv_transpose(x, w, spec), torch_conv_transpose(x, w, spec), rtol=1e-11, atol=1e-11)


def _direct_call() -> float:
    x = np.arange(300 * 300, dtype=np.float64).reshape(1, 300, 300, 1) % 7
    w = np.arange(49, dtype=np.float64).reshape(7, 7, 1, 1)
    spec = k.ConvTransposeSpec((2, 2), (1, 1), ((0, 0), (0, 0)), 1)
    plan = _schedule(x, w, spec)
    assert plan.mode == "direct" and plan.parallel
    return float(k.conv_transpose(x, w, spec).sum())


def _direct_child(queue: Any) -> None:
    queue.put(_direct_call())


@pytest.mark.skipif(sys.platform == "win32", reason="no fork start method")
@pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")
def test_the_threaded_loop_works_in_a_forked_child_after_the_parent() -> None:
    import multiprocessing

    if k._workers() < 2:
        pytest.skip("one CPU: the pool is never used")
    expected = _direct_call()  # compiled, and the pool made, in the parent
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_direct_child, args=(queue,))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("the forked child hung")
    assert child.exitcode == 0
    assert queue.get(timeout=5) == expected
