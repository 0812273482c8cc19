"""The torch convolutions compute in the caller's NCHW layout without whole-array copies.

``arraylens.torch.conv*d`` reads its channels-first input through a channels-last view (the
forward kernel's window blocks stage a band of rows at a time) and writes each block of output
rows straight into the NCHW result; ``conv_transpose*d`` adds its phases straight into the NCHW
result (fewer than 16 output channels per group) or copies its channels-last result once, after
dropping its copy of the input. These tests hold that to:

* the memory bound of issue 16, peak extra memory (``tracemalloc``) at most 2 x output + 1 x
  input, through the torch front-end, beside the weights' copy in the kernel's layout (PyTorch's
  OIHW weights are reordered for the products; that copy is the weights' size and cannot go
  without changing the order of the sums), plus a small fixed allowance;
* the results' bits: the same whatever the memory layout of the caller's input (NCHW-contiguous
  or channels-last memory), the same as the kernels computing on a contiguous channels-last
  copy and copying the result back (what the front-end did before), on the cached path too.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import arraylens.frontends.torch as al_torch
from arraylens.core.axis_map import AxisMap
from arraylens.ops.conv import kernel as k
from arraylens.ops.conv.spec import ConvSpec, ConvTransposeSpec

CT = {1: al_torch.conv_transpose1d, 2: al_torch.conv_transpose2d, 3: al_torch.conv_transpose3d}
CV = {1: al_torch.conv1d, 2: al_torch.conv2d, 3: al_torch.conv3d}
ALLOWANCE = 64 << 10  # Python objects, the schedules' small arrays


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    al_torch._TRANSPOSE_CALLS.clear()
    al_torch._CONV_CALLS.clear()


def peak_extra(fn: Callable[[], Any]) -> int:
    """Peak bytes allocated during ``fn()``, the kernel's kept work array freed first (counted as
    new, as ``benchmarks/conv.py`` counts it); the schedules are made by a call before."""
    k.release_scratch()
    fn()
    k.release_scratch()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def channels_last_memory(a: np.ndarray, nd: int) -> np.ndarray:
    """``a`` (N, C, *spatial) with the same values, its memory channels-last (torch's
    ``channels_last`` format)."""
    return np.moveaxis(np.ascontiguousarray(np.moveaxis(a, -nd - 1, -1)), -1, -nd - 1)


def same_bits(a: np.ndarray, b: np.ndarray) -> None:
    assert a.dtype == b.dtype and a.shape == b.shape
    assert a.flags.c_contiguous and b.flags.c_contiguous
    assert np.array_equal(a.view(np.uint8), b.view(np.uint8))


# ----------------------------------------------------------------------------------------------
# memory
# ----------------------------------------------------------------------------------------------

# (N, H, W, C_in, C_out, kernel, stride): the five forward shapes of issue 16 that exceeded the
# bound through the torch front-end (1.1-2.3 x), and benchmarks/conv.py's 1x1 shape
FORWARD = [
    (1, 28, 28, 128, 256, 3, 2),
    (1, 56, 56, 64, 64, 3, 1),
    (8, 14, 14, 256, 256, 1, 1),
    (1, 16, 16, 64, 128, 3, 1),
    (1, 32, 32, 32, 32, 5, 1),
]
# benchmarks/conv.py's transposed shapes, the DCGAN one at half its batch and channels
TRANSPOSED = [
    (4, 16, 16, 128, 64, 4, 2),
    (1, 64, 64, 64, 32, 3, 2),
    (1, 128, 128, 16, 16, 2, 2),
    (1, 512, 512, 1, 1, 3, 2),
    (2, 24, 24, 8, 3, 3, 2),  # channels-first products, two images: added straight into NCHW
]


@pytest.mark.parametrize("shape", FORWARD, ids=lambda s: "x".join(map(str, s)))
def test_forward_peak_memory_meets_the_bound(shape: tuple[int, ...]) -> None:
    n, h, w, c_in, c_out, kk, s = shape
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, c_in, h, w)).astype(np.float32)
    wt = rng.standard_normal((c_out, c_in, kk, kk)).astype(np.float32)
    out = al_torch.conv2d(x, wt, stride=s, padding=(kk - 1) // 2)
    peak = peak_extra(lambda: al_torch.conv2d(x, wt, stride=s, padding=(kk - 1) // 2))
    assert peak <= 2 * out.nbytes + x.nbytes + wt.nbytes + ALLOWANCE, peak / out.nbytes


@pytest.mark.parametrize("shape", TRANSPOSED, ids=lambda s: "x".join(map(str, s)))
def test_transposed_peak_memory_meets_the_bound(shape: tuple[int, ...]) -> None:
    n, h, w, c_in, c_out, kk, s = shape
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, c_in, h, w)).astype(np.float32)
    wt = rng.standard_normal((c_in, c_out, kk, kk)).astype(np.float32)
    out = al_torch.conv_transpose2d(x, wt, stride=s)
    peak = peak_extra(lambda: al_torch.conv_transpose2d(x, wt, stride=s))
    assert peak <= 2 * out.nbytes + x.nbytes + wt.nbytes + ALLOWANCE, peak / out.nbytes


def test_the_weights_in_their_own_layout_leave_the_forward_bound_to_the_blocks() -> None:
    # the same call with the weights already in the kernel's layout (HWIO, as TensorFlow's):
    # nothing beside the bound at all
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 64, 56, 56)).astype(np.float32)
    w = rng.standard_normal((3, 3, 64, 64)).astype(np.float32)
    spec = ConvSpec((1, 1), (1, 1), ((1, 1), (1, 1)), 1)
    view = AxisMap.channels_first(4).to_canonical(x)
    out = k.conv(view, w, spec, AxisMap.channels_first(4))
    peak = peak_extra(lambda: k.conv(view, w, spec, AxisMap.channels_first(4)))
    assert peak <= 2 * out.nbytes + x.nbytes, peak / out.nbytes


# ----------------------------------------------------------------------------------------------
# bits
# ----------------------------------------------------------------------------------------------


def _random_call(rng: np.random.Generator, transposed: bool) -> tuple[Any, ...]:
    nd = int(rng.integers(1, 4))
    groups = int(rng.choice([1, 1, 2, 3]))
    c_in = groups * int(rng.integers(1, 5 if nd == 3 else 12))
    c_out = groups * int(rng.integers(1, 5 if nd == 3 else 24))
    kernel = tuple(int(v) for v in rng.integers(1, 3 if nd == 3 else 5, nd))
    stride = tuple(int(v) for v in rng.integers(1, 3, nd))
    dilation = tuple(int(v) for v in rng.integers(1, 3, nd))
    size = tuple(int(v) for v in rng.integers(5, 9 if nd == 3 else 30, nd))
    dtype = np.float32 if rng.random() < 0.7 else np.float64
    x = rng.standard_normal((int(rng.integers(1, 4)), c_in, *size)).astype(dtype)
    bias = rng.standard_normal(c_out).astype(dtype) if rng.random() < 0.5 else None
    if transposed:
        w = rng.standard_normal((c_in, c_out // groups, *kernel)).astype(dtype)
        padding = tuple(int(rng.integers(0, kk)) for kk in kernel)
    else:
        w = rng.standard_normal((c_out, c_in // groups, *kernel)).astype(dtype)
        padding = tuple(int(rng.integers(0, kk + 1)) for kk in kernel)
    return nd, x, w, bias, dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


def _before(
    nd: int, x: np.ndarray, w: np.ndarray, bias: np.ndarray | None, kw: dict[str, Any], transposed: bool
) -> np.ndarray:
    """What the torch front-end computed before: the kernel on a contiguous channels-last copy of
    the input, the bias added, the result copied back to NCHW."""
    xc = np.ascontiguousarray(np.moveaxis(x, 1, -1))
    if transposed:
        wc = np.ascontiguousarray(np.moveaxis(w, (0, 1), (-2, -1)))  # (I, O/g, *k) -> (*k, I, O/g)
        crop = tuple((p, p) for p in kw["padding"])
        out = k.conv_transpose(xc, wc, ConvTransposeSpec(kw["stride"], kw["dilation"], crop, kw["groups"]))
    else:
        wc = np.moveaxis(w, (0, 1), (-1, -2))  # (O, I/g, *k) -> (*k, I/g, O)
        pads = tuple((p, p) for p in kw["padding"])
        out = k.conv(xc, wc, ConvSpec(kw["stride"], kw["dilation"], pads, kw["groups"]))
    out = np.array(out)  # a writable copy (the channels-first product form is a view)
    if bias is not None:
        out += bias
    return np.ascontiguousarray(np.moveaxis(out, -1, 1))


@pytest.mark.parametrize("transposed", [False, True], ids=["conv", "conv_transpose"])
def test_results_do_not_depend_on_the_callers_memory_layout(transposed: bool) -> None:
    rng = np.random.default_rng(16)
    for _ in range(60):
        nd, x, w, bias, kw = _random_call(rng, transposed)
        fn = (CT if transposed else CV)[nd]
        try:
            want = _before(nd, x, w, bias, kw, transposed)
        except ValueError:  # no output for this crop or padding: the front-end refuses it too
            with pytest.raises(ValueError):
                fn(x, w, bias, **kw)
            continue
        got = fn(x, w, bias, **kw)
        same_bits(got, want)
        same_bits(fn(x, w, bias, **kw), want)  # the cached path
        same_bits(fn(channels_last_memory(x, nd), w, bias, **kw), want)
        # unbatched: as the batch of its one image (a batch of several is another schedule)
        same_bits(fn(x[0], w, bias, **kw), _before(nd, x[:1], w, bias, kw, transposed)[0])


@pytest.mark.parametrize("share", [0.0, 0.95, 10.0])
@pytest.mark.parametrize("block", [1, 1 << 14, 1 << 21])
def test_staged_bands_change_no_bit(share: float, block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # no band fits (0), the default, every band fits (10); blocks of one row, a few rows, whole
    # images: the strided input gives the contiguous input's bits, into NCHW or channels-last
    monkeypatch.setattr(k, "BAND_SHARE", share)
    monkeypatch.setattr(k, "CONV_BLOCK_BYTES", block)
    rng = np.random.default_rng(5)
    cases = [
        ((2, 5, 19, 17), (3, 3, 5, 7), ConvSpec((1, 1), (1, 1), ((1, 1), (1, 1)), 1)),
        ((1, 8, 21, 9), (5, 3, 8, 16), ConvSpec((2, 1), (1, 2), ((2, 1), (0, 3)), 1)),
        ((3, 6, 12, 12), (3, 3, 2, 9), ConvSpec((1, 2), (2, 1), ((3, 0), (1, 1)), 3)),
        ((2, 4, 30), (7, 4, 6), ConvSpec((1,), (1,), ((3, 3),), 1)),
        ((1, 3, 6, 7, 8), (3, 2, 3, 3, 5), ConvSpec((1, 2, 1), (1, 1, 1), ((1, 1), (0, 1), (1, 1)), 1)),
    ]
    for x_shape, w_shape, spec in cases:
        nd = len(x_shape) - 2
        x = rng.standard_normal(x_shape)  # (N, C, *spatial)
        w = rng.standard_normal(w_shape)
        cf = AxisMap.channels_first(nd + 2)
        want = k.conv(np.ascontiguousarray(cf.to_canonical(x)), w, spec)
        same_bits(k.conv(cf.to_canonical(x), w, spec, cf), np.ascontiguousarray(cf.from_canonical(want)))
        same_bits(np.ascontiguousarray(k.conv(cf.to_canonical(x), w, spec)), want)
        plan = k._conv_schedule(
            cf.shape_to_canonical(x.shape),
            w.shape,
            8,
            spec,
            k.PRODUCT_BUDGET,
            block,
            k.GATHER_UP_TO,
            False,
            True,
            share,
        )
        if plan.mode == "blocks" and share == 10.0 and math_taps(w_shape, nd) > stride_prod(spec):
            assert plan.bands and all(b is not None for b in plan.bands)
        if plan.mode == "blocks" and share == 0.0:
            assert all(b is None for b in plan.bands)


def math_taps(w_shape: tuple[int, ...], nd: int) -> int:
    return int(np.prod(w_shape[:nd]))


def stride_prod(spec: ConvSpec) -> int:
    return int(np.prod(spec.stride))


def test_bands_cover_what_their_blocks_read() -> None:
    spec = ConvSpec((1, 1), (1, 1), ((2, 2), (2, 2)), 1)
    plan = k._conv_schedule(
        (1, 32, 32, 32), (5, 5, 32, 32), 4, spec, k.PRODUCT_BUDGET, 1 << 14, k.GATHER_UP_TO, False, True
    )
    assert plan.mode == "blocks" and len(plan.blocks) > 1
    staged = None
    for (ns, _rows, chunks), entry in zip(plan.blocks, plan.bands, strict=True):
        assert entry is not None
        band, moved = entry
        if band is not None:
            staged = band
        assert staged is not None and staged[0] == ns
        lo, hi = staged[1].start, staged[1].stop
        for (t0, t1, copies), (m0, m1, moved_copies) in zip(chunks, moved, strict=True):
            assert (t0, t1) == (m0, m1)
            for (t, dst, src, zeros), (mt, mdst, msrc, mzeros) in zip(copies, moved_copies, strict=True):
                assert (t, dst, zeros) == (mt, mdst, mzeros)
                if dst is not None:  # the same input rows, read from the band
                    assert lo <= src[1].start and src[1].stop <= hi
                    assert msrc[1] == slice(src[1].start - lo, src[1].stop - lo, src[1].step)
                    assert msrc[2:] == src[2:]


def test_transposed_chunks_for_a_copy_back_change_no_bit() -> None:
    # channels-last products (>= 16 output channels): the smaller chunks of a result copied to
    # NCHW give the full budget's bits
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 9, 11, 24)).astype(np.float32)
    w = rng.standard_normal((4, 3, 24, 32)).astype(np.float32)
    spec = ConvTransposeSpec((2, 2), (1, 2), ((1, 0), (2, 1)), 1)
    cf = AxisMap.channels_first(4)
    whole = k._transpose_schedule(
        x.shape, w.shape, 4, spec, k.PRODUCT_BUDGET, k.CHANNELS_FIRST_BELOW, k.PARALLEL_FROM, k.GATHER_UP_TO, False
    )
    chunked = k._transpose_schedule(
        x.shape, w.shape, 4, spec, k.PRODUCT_BUDGET, k.CHANNELS_FIRST_BELOW, k.PARALLEL_FROM, k.GATHER_UP_TO, True
    )
    assert len(chunked.chunks) > len(whole.chunks)
    want = k.conv_transpose(x, w, spec)
    same_bits(k.conv_transpose(x, w, spec, cf), np.ascontiguousarray(cf.from_canonical(want)))


# ----------------------------------------------------------------------------------------------
# the taps schedule (ops/conv/phase_sum.py) in the caller's layout
# ----------------------------------------------------------------------------------------------


def _every_call_takes_taps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every transposed and stride-1 forward call of the tests' sizes takes the "taps" schedule
    (the others keep theirs)."""
    monkeypatch.setattr(k, "TAPS_FROM", 0)
    monkeypatch.setattr(k, "FORWARD_TAPS_FROM", 0)
    monkeypatch.setattr(k, "TAPS_MIN_WORK", 0)
    monkeypatch.setattr(k, "CHANNELS_FIRST_BELOW", 1)
    monkeypatch.setattr(k, "GATHER_UP_TO", 0)
    monkeypatch.setattr(k, "PRODUCT_BUDGET", 1e6)  # tiny shapes: a row of products may exceed the bound's share


@pytest.mark.parametrize("block", [1, 7, 512])
@pytest.mark.parametrize("in_place", [True, False], ids=["in_place", "copied"])
@pytest.mark.parametrize("transposed", [False, True], ids=["conv", "conv_transpose"])
def test_taps_results_do_not_depend_on_the_callers_memory_layout(
    transposed: bool, in_place: bool, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the taps sum written into the NCHW result (a row at a time through a channels-last row
    # buffer, rows that earlier blocks began loaded back: blocks of 1 and 7 input positions), or
    # into a channels-last result copied once: the bits of the kernel on a contiguous
    # channels-last copy either way
    _every_call_takes_taps(monkeypatch)
    monkeypatch.setattr(k, "TAPS_IN_PLACE", in_place)
    monkeypatch.setattr(k, "TAP_BLOCK_POSITIONS", block)
    seen: list[bool] = []
    real = k.run_tap_sum

    def spy(x: np.ndarray, w_all: np.ndarray, plan: Any, out: np.ndarray, scratch: Any) -> None:
        seen.append(out.flags.c_contiguous)
        real(x, w_all, plan, out, scratch)

    monkeypatch.setattr(k, "run_tap_sum", spy)
    rng = np.random.default_rng(61)
    hits = 0
    for _ in range(40):
        nd, x, w, bias, kw = _random_call(rng, transposed)
        if not transposed:  # the forward taps take stride 1 only
            kw["stride"] = (1,) * nd
        fn = (CT if transposed else CV)[nd]
        try:
            want = _before(nd, x, w, bias, kw, transposed)
        except ValueError:
            continue
        seen.clear()
        got = fn(x, w, bias, **kw)
        same_bits(got, want)
        same_bits(fn(x, w, bias, **kw), want)  # the cached path
        same_bits(fn(channels_last_memory(x, nd), w, bias, **kw), want)
        same_bits(fn(x[0], w, bias, **kw), _before(nd, x[:1], w, bias, kw, transposed)[0])
        if seen:  # the NCHW calls' sums: in the caller's array (strided) or a channels-last one
            hits += 1
            assert seen[0] == (not in_place or np.moveaxis(got, 1, -1).flags.c_contiguous)
    assert hits >= 4  # the stride-1 forward calls and every transposed one


@pytest.mark.parametrize(
    "shape",
    [(1, 56, 56, 64, 64, 3, 1, False), (1, 64, 64, 64, 32, 3, 2, True), (16, 32, 32, 64, 3, 5, 2, True)],
    ids=lambda s: "x".join(map(str, s[:7])),
)
def test_taps_in_nchw_meet_the_bound(shape: tuple[Any, ...]) -> None:
    # the default tunables take the taps schedule for these shapes, and the NCHW result is the
    # sum's own array: no channels-last result beside it
    n, h, wd, c_in, c_out, kk, s, transposed = shape
    rng = np.random.default_rng(5)
    x = rng.standard_normal((n, c_in, h, wd)).astype(np.float32)
    canon = AxisMap.channels_first(4).to_canonical(x)
    if transposed:
        w = rng.standard_normal((kk, kk, c_in, c_out)).astype(np.float32)
        spec: Any = ConvTransposeSpec((s, s), (1, 1), ((0, 0), (0, 0)), 1)
        plan: Any = k._transpose_schedule(
            canon.shape, w.shape, 4, spec, k.PRODUCT_BUDGET, k.CHANNELS_FIRST_BELOW, k.PARALLEL_FROM,
            k.GATHER_UP_TO, True, k.TAPS_FROM, k.TAP_BLOCK_POSITIONS, k.TAPS_MIN_WORK,
        )  # fmt: skip
        fn = lambda: k.conv_transpose(canon, w, spec, AxisMap.channels_first(4))  # noqa: E731
        ref = k.conv_transpose(np.ascontiguousarray(canon), w, spec)
    else:
        w = rng.standard_normal((kk, kk, c_in, c_out)).astype(np.float32)
        p = kk // 2
        spec = ConvSpec((1, 1), (1, 1), ((p, p), (p, p)), 1)
        plan = k._conv_schedule(
            canon.shape, w.shape, 4, spec, k.PRODUCT_BUDGET, k.CONV_BLOCK_BYTES, k.GATHER_UP_TO, False, True,
            k.BAND_SHARE, k.FORWARD_TAPS_FROM, k.TAP_BLOCK_POSITIONS, k.CHANNELS_FIRST_BELOW,
        )  # fmt: skip
        fn = lambda: k.conv(canon, w, spec, AxisMap.channels_first(4))  # noqa: E731
        ref = k.conv(np.ascontiguousarray(canon), w, spec)
    assert plan.mode == "taps"
    out = fn()
    same_bits(out, np.ascontiguousarray(np.moveaxis(ref, -1, 1)))
    peak = peak_extra(fn)
    # the weights' copy (every tap side by side) beside the bound, as for the blocks
    assert peak <= 2 * out.nbytes + x.nbytes + w.nbytes + ALLOWANCE, peak / out.nbytes
