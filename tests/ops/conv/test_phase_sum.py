"""The kernels' "taps" schedule (one product for every tap per block of input rows, then the
compiled sum of :mod:`arraylens.ops.conv.phase_sum`): against torch and the other schedules on
random configurations, the exact order of its sums (NaN, inf and -0.0 included), the cached
call against the checked one, the memory bound, and no numba import for a small call."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
import tracemalloc
from typing import Any

import numpy as np
import pytest
import torch

import arraylens.frontends.torch as al_torch
from arraylens.ops.conv import kernel as k
from tests.ops.conv.test_kernel import torch_conv_transpose
from tests.ops.conv.test_kernel_schedules import _torch_conv


def _taps(monkeypatch: pytest.MonkeyPatch, on: bool, block: int = 512) -> None:
    """Every transposed and stride-1 forward call takes the "taps" schedule (``on``) or never."""
    monkeypatch.setattr(k, "TAPS_FROM", 0 if on else 1 << 62)
    monkeypatch.setattr(k, "FORWARD_TAPS_FROM", 0 if on else 1 << 62)
    monkeypatch.setattr(k, "TAP_BLOCK_POSITIONS", block)
    monkeypatch.setattr(k, "CHANNELS_FIRST_BELOW", 1)
    monkeypatch.setattr(k, "GATHER_UP_TO", 0)
    if on:  # tiny shapes: a row of products may exceed the memory bound's share
        monkeypatch.setattr(k, "PRODUCT_BUDGET", 1e6)


def _mode_t(x: np.ndarray, w: np.ndarray, spec: k.ConvTransposeSpec) -> str:
    dtype = np.result_type(x, w, np.float32)
    return k._transpose_schedule(
        x.shape,
        w.shape,
        dtype.itemsize,
        spec,
        k.PRODUCT_BUDGET,
        k.CHANNELS_FIRST_BELOW,
        k.PARALLEL_FROM,
        k.GATHER_UP_TO,
        taps_from=k.TAPS_FROM,
        tap_block_positions=k.TAP_BLOCK_POSITIONS,
        taps_min_work=k.TAPS_MIN_WORK,
    ).mode


def _mode_f(x: np.ndarray, w: np.ndarray, spec: k.ConvSpec) -> str:
    dtype = np.result_type(x, w, np.float32)
    return k._conv_schedule(
        x.shape,
        w.shape,
        dtype.itemsize,
        spec,
        k.PRODUCT_BUDGET,
        k.CONV_BLOCK_BYTES,
        k.GATHER_UP_TO,
        spec.groups > 1 or w.dtype != dtype,
        taps_from=k.FORWARD_TAPS_FROM,
        tap_block_positions=k.TAP_BLOCK_POSITIONS,
        taps_min_channels=k.CHANNELS_FIRST_BELOW,
    ).mode


def _random_case(rng: np.random.Generator) -> tuple[Any, ...]:
    nd = int(rng.integers(1, 4))
    groups = int(rng.choice([1, 1, 2, 3]))
    c_in = groups * int(rng.integers(1, 4))
    c_out_g = int(rng.integers(1, 5))
    size = tuple(int(v) for v in rng.integers(1, 7, nd))
    kernel = tuple(int(v) for v in rng.integers(1, 4, nd))
    stride = tuple(int(v) for v in rng.integers(1, 4, nd))
    dilation = tuple(int(v) for v in rng.integers(1, 3, nd))
    crop = tuple((int(rng.integers(-2, 3)), int(rng.integers(-2, 3))) for _ in range(nd))
    n = int(rng.integers(1, 4))
    dtype = [np.float32, np.float64][int(rng.integers(0, 2))]
    return n, size, c_in, c_out_g, kernel, stride, dilation, crop, groups, dtype


def _all_blocks(fn: Any, monkeypatch: pytest.MonkeyPatch) -> list[np.ndarray]:
    """``fn()`` with blocks of one input position, of 7 and of every input row at once."""
    out = []
    for block in (1, 7, 1 << 20):
        _taps(monkeypatch, True, block)
        out.append(fn())
    return out


@pytest.mark.parametrize("seed", range(6))
def test_transposed_taps_match_torch_and_the_phases(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(seed)
    done = 0
    while done < 25:
        n, size, c_in, c_out_g, kernel, stride, dilation, crop, groups, dtype = _random_case(rng)
        spec = k.ConvTransposeSpec(stride, dilation, crop, groups)
        if any(o <= 0 for o in spec.output_size(size, kernel)):
            continue
        x = rng.standard_normal((n, *size, c_in)).astype(dtype)
        w = rng.standard_normal((*kernel, c_in, c_out_g)).astype(dtype)
        _taps(monkeypatch, False)
        monkeypatch.setattr(k, "PRODUCT_BUDGET", 0.75)
        old = k.conv_transpose(x, w, spec)
        assert _mode_t(x, w, spec) != "taps"
        ref = torch_conv_transpose(x.astype(np.float64), w.astype(np.float64), spec)
        tol = 2e-5 if dtype == np.float32 else 1e-12
        for got in _all_blocks(lambda x=x, w=w, spec=spec: k.conv_transpose(x, w, spec), monkeypatch):
            if _mode_t(x, w, spec) == "tile":  # kernel == stride keeps its own schedule
                break
            assert _mode_t(x, w, spec) == "taps"
            assert got.dtype == old.dtype and got.shape == old.shape
            np.testing.assert_allclose(got, ref, rtol=tol, atol=tol)
            np.testing.assert_allclose(got, old, rtol=tol, atol=tol)
        done += 1


@pytest.mark.parametrize("seed", range(6))
def test_forward_taps_match_torch_and_the_blocks(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(100 + seed)
    done = 0
    while done < 25:
        n, size, c_in, c_out_g, kernel, _, dilation, _, groups, dtype = _random_case(rng)
        c_out_g = min(c_out_g, c_in // groups)  # the taps schedule: no more outputs than inputs per group
        pad = tuple((int(rng.integers(-1, 3)), int(rng.integers(-1, 3))) for _ in size)
        spec = k.ConvSpec((1,) * len(size), dilation, pad, groups)
        if any(o <= 0 for o in spec.output_size(size, kernel)) or math.prod(kernel) == 1:
            continue
        x = rng.standard_normal((n, *size, c_in)).astype(dtype)
        w = rng.standard_normal((*kernel, c_in // groups, groups * c_out_g)).astype(dtype)
        _taps(monkeypatch, False)
        monkeypatch.setattr(k, "PRODUCT_BUDGET", 0.75)
        old = k.conv(x, w, spec)
        ref = _torch_conv(x.astype(np.float64), w.astype(np.float64), spec)
        tol = 2e-5 if dtype == np.float32 else 1e-12
        for got in _all_blocks(lambda x=x, w=w, spec=spec: k.conv(x, w, spec), monkeypatch):
            assert _mode_f(x, w, spec) == "taps"
            np.testing.assert_allclose(got, ref, rtol=tol, atol=tol)
            np.testing.assert_allclose(got, old, rtol=tol, atol=tol)
        done += 1


def _dot1(a: Any, b: np.ndarray) -> np.ndarray:
    """A dot product of one term, as BLAS computes it: ``0 + a*b`` (a -0.0 product gives +0.0)."""
    return (a * b).astype(b.dtype) + b.dtype.type(0)


def _in_order(terms: dict[tuple[int, ...], list[np.ndarray]], shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """Each output position's terms summed in the order listed: the first assigned, then ``+``."""
    out = np.zeros(shape, dtype=dtype)
    for pos, vals in terms.items():
        acc = vals[0].copy()
        for v in vals[1:]:
            acc = (acc + v).astype(dtype)
        out[pos] = acc
    return out


def _special(rng: np.random.Generator, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """Normal values with NaN, +-inf, -0.0 and +0.0 sprinkled in."""
    a = rng.standard_normal(shape).astype(dtype)
    pick = rng.random(shape)
    a[pick < 0.04] = np.nan
    a[(pick >= 0.04) & (pick < 0.07)] = np.inf
    a[(pick >= 0.07) & (pick < 0.10)] = -np.inf
    a[(pick >= 0.10) & (pick < 0.30)] = -0.0
    a[(pick >= 0.30) & (pick < 0.40)] = 0.0
    return a


def _bits_equal(a: np.ndarray, b: np.ndarray) -> None:
    assert a.shape == b.shape and a.dtype == b.dtype
    np.testing.assert_array_equal(a, b)  # NaN where NaN
    assert np.array_equal(np.signbit(a), np.signbit(b))  # -0.0 where -0.0
    assert np.array_equal(np.isnan(a), np.isnan(b))


EXACT = [
    # (N, spatial, C_out/g, kernel, stride, dilation, crop/padding, groups); one input channel per
    # group, so that every product is one rounded multiplication and only the sum's order is tested
    (2, (5, 4), 3, (3, 2), (2, 1), (1, 2), ((1, -1), (0, 2)), 2),
    (1, (6,), 4, (4,), (3,), (1,), ((-2, 1),), 1),
    (1, (3, 4, 3), 2, (2, 3, 2), (2, 1, 2), (1, 1, 2), ((0, 1), (1, 0), (-1, 1)), 1),
    (3, (7, 6), 5, (3, 3), (2, 2), (1, 1), ((0, 0), (0, 0)), 1),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", EXACT, ids=[f"exact{i}" for i in range(len(EXACT))])
def test_transposed_taps_add_in_row_major_tap_order(case: tuple, dtype: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    n, size, c_out_g, kernel, stride, dilation, crop, groups = case
    rng = np.random.default_rng(len(size) + c_out_g)
    x = _special(rng, (n, *size, groups), dtype)
    w = _special(rng, (*kernel, groups, c_out_g), dtype)
    spec = k.ConvTransposeSpec(stride, dilation, crop, groups)
    out_size = spec.output_size(size, kernel)
    terms: dict[tuple[int, ...], list[np.ndarray]] = {}
    for nn in range(n):
        for o in itertools.product(*(range(s) for s in out_size)):
            vals = []
            for kk in itertools.product(*(range(s) for s in kernel)):  # row-major taps
                num = [oa + b - ka * d for oa, (b, _), ka, d in zip(o, crop, kk, dilation, strict=True)]
                if all(v % s == 0 and 0 <= v // s < i for v, s, i in zip(num, stride, size, strict=True)):
                    i = tuple(v // s for v, s in zip(num, stride, strict=True))
                    # group g: input channel g times its weights (one channel per group)
                    vals.append(np.concatenate([_dot1(x[(nn, *i, g)], w[(*kk, g)]) for g in range(groups)]))
            if vals:
                terms[(nn, *o)] = vals
    want = _in_order(terms, (n, *out_size, groups * c_out_g), dtype)
    with np.errstate(invalid="ignore"):
        for got in _all_blocks(lambda: k.conv_transpose(x, w, spec), monkeypatch):
            assert _mode_t(x, w, spec) == "taps"
            _bits_equal(got, want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", EXACT, ids=[f"exact{i}" for i in range(len(EXACT))])
def test_forward_taps_add_in_row_major_tap_order(case: tuple, dtype: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    n, size, _, kernel, _, dilation, padding, groups = case
    rng = np.random.default_rng(7 * len(size))
    x = _special(rng, (n, *size, groups), dtype)
    w = _special(rng, (*kernel, 1, groups), dtype)  # one output channel per group as well
    spec = k.ConvSpec((1,) * len(size), dilation, padding, groups)
    out_size = spec.output_size(size, kernel)
    if any(o <= 0 for o in out_size):
        pytest.skip("no output")
    terms: dict[tuple[int, ...], list[np.ndarray]] = {}
    for nn in range(n):
        for o in itertools.product(*(range(s) for s in out_size)):
            vals = []
            for kk in itertools.product(*(range(s) for s in kernel)):
                i = [oa + ka * d - b for oa, ka, d, (b, _) in zip(o, kk, dilation, padding, strict=True)]
                if all(0 <= v < s for v, s in zip(i, size, strict=True)):
                    vals.append(_dot1(x[(nn, *i)], w[(*kk, 0)]))
            if vals:
                terms[(nn, *o)] = vals
    want = _in_order(terms, (n, *out_size, groups), dtype)
    with np.errstate(invalid="ignore"):
        for got in _all_blocks(lambda: k.conv(x, w, spec), monkeypatch):
            assert _mode_f(x, w, spec) == "taps"
            _bits_equal(got, want)


def test_the_benchmark_shapes_take_the_taps_schedule_and_small_calls_do_not() -> None:
    f32 = np.float32
    t = k.ConvTransposeSpec((2, 2), (1, 1), ((0, 0), (0, 0)), 1)
    assert _mode_t(np.empty((1, 64, 64, 64), f32), np.empty((3, 3, 64, 32), f32), t) == "taps"
    assert _mode_t(np.empty((8, 16, 16, 256), f32), np.empty((4, 4, 256, 128), f32), t) == "taps"
    assert _mode_t(np.empty((1, 8, 8, 64), f32), np.empty((3, 3, 64, 32), f32), t) != "taps"  # small
    assert _mode_t(np.empty((16, 32, 32, 64), f32), np.empty((5, 5, 64, 3), f32), t) == "taps"  # 64 x 3
    assert _mode_t(np.empty((1, 512, 512, 1), f32), np.empty((3, 3, 1, 1), f32), t) != "taps"  # 1 x 1
    assert _mode_t(np.empty((4, 64, 64, 8), f32), np.empty((3, 3, 8, 2), f32), t) != "taps"  # 8 x 2
    same = k.ConvSpec((1, 1), (1, 1), ((1, 1), (1, 1)), 1)
    assert _mode_f(np.empty((1, 56, 56, 64), f32), np.empty((3, 3, 64, 64), f32), same) == "taps"
    # more output than input channels: the window copies cost less than the products
    assert _mode_f(np.empty((1, 56, 56, 3), f32), np.empty((3, 3, 3, 64), f32), same) != "taps"
    s2 = k.ConvSpec((2, 2), (1, 1), ((1, 1), (1, 1)), 1)
    assert _mode_f(np.empty((1, 56, 56, 64), f32), np.empty((3, 3, 64, 64), f32), s2) != "taps"


def _peak(fn: Any) -> int:
    k.release_scratch()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


@pytest.mark.parametrize(
    "shape",
    [
        ("t", (1, 64, 64, 64), (3, 3, 64, 32), 2),
        ("t", (8, 16, 16, 256), (4, 4, 256, 128), 2),
        ("t", (2, 40, 40, 32), (5, 5, 32, 32), 3),
        ("t", (16, 32, 32, 64), (5, 5, 64, 3), 2),
        ("f", (1, 56, 56, 64), (3, 3, 64, 64), 1),
        ("f", (2, 32, 32, 64), (5, 5, 64, 32), 1),
    ],
)
def test_taps_peak_memory_is_within_the_bound(shape: tuple) -> None:
    kind, xs, ws, s = shape
    rng = np.random.default_rng(0)
    x = rng.standard_normal(xs).astype(np.float32)
    w = rng.standard_normal(ws).astype(np.float32)
    if kind == "t":
        spec: Any = k.ConvTransposeSpec((s, s), (1, 1), ((0, 0), (0, 0)), 1)
        fn = lambda: k.conv_transpose(x, w, spec)  # noqa: E731
        assert _mode_t(x, w, spec) == "taps"
    else:
        p = ws[0] // 2
        spec = k.ConvSpec((1, 1), (1, 1), ((p, p), (p, p)), 1)
        fn = lambda: k.conv(x, w, spec)  # noqa: E731
        assert _mode_f(x, w, spec) == "taps"
    out = fn()
    assert _peak(fn) <= 2 * out.nbytes + x.nbytes


def test_cached_torch_calls_equal_the_checked_ones_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    calls: list[tuple[Any, tuple[int, ...], tuple[int, ...], dict[str, Any]]] = [
        (
            al_torch.conv_transpose2d,
            (1, 64, 40, 36),
            (64, 32, 3, 3),
            dict(stride=2, padding=1, output_padding=1, dilation=1, groups=1),
        ),
        (
            al_torch.conv_transpose2d,
            (2, 32, 30, 30),
            (32, 24, 4, 3),
            dict(stride=(2, 3), padding=(1, 2), output_padding=(1, 0), dilation=(1, 2), groups=2),
        ),
        (al_torch.conv_transpose1d, (4, 32, 600), (32, 32, 5), dict(stride=3, padding=2, output_padding=2)),
        (al_torch.conv_transpose3d, (1, 16, 10, 12, 12), (16, 16, 3, 3, 3), dict(stride=2, padding=1)),
        (al_torch.conv2d, (1, 64, 56, 56), (64, 64, 3, 3), dict(padding=1)),
        (al_torch.conv2d, (2, 64, 30, 30), (32, 16, 3, 3), dict(padding="same", dilation=2, groups=4)),
        (al_torch.conv3d, (1, 32, 12, 14, 14), (32, 32, 3, 3, 3), dict(padding=1)),
    ]
    for dtype in (np.float32, np.float64):
        for fn, xs, ws, kwargs in calls:
            x = _special(rng, xs, dtype)
            w = rng.standard_normal(ws).astype(dtype)
            with np.errstate(invalid="ignore"):
                first = fn(x, w, **kwargs)  # checked, then stored
                again = fn(x, w, **kwargs)  # rebuilt from the stored plan
            assert np.array_equal(first.view(np.uint8), again.view(np.uint8))
            ref = getattr(torch.nn.functional, fn.__name__)(torch.from_numpy(x), torch.from_numpy(w), **kwargs).numpy()
            tol = 1e-4 if dtype == np.float32 else 1e-11
            np.testing.assert_allclose(first, ref, rtol=tol, atol=tol, equal_nan=True)


def test_taps_schedule_is_used_by_the_cached_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.zeros((1, 64, 40, 36), np.float32)
    w = np.zeros((64, 32, 3, 3), np.float32)
    seen = []
    real = k.run_tap_sum

    def spy(*args: Any) -> None:
        seen.append(args[2])
        real(*args)

    monkeypatch.setattr(k, "run_tap_sum", spy)
    al_torch.conv_transpose2d(x, w, stride=2)
    al_torch.conv_transpose2d(x, w, stride=2)
    assert len(seen) == 2 and seen[0] is seen[1]  # one cached plan, both calls


def test_a_small_call_never_imports_numba() -> None:
    code = (
        "import sys, numpy as np\n"
        "import arraylens.torch as t, arraylens.tensorflow as tf\n"
        "x = np.ones((1, 8, 20, 20), np.float32)\n"
        "t.conv_transpose2d(x, np.ones((8, 16, 3, 3), np.float32), stride=2)\n"
        "t.conv2d(x, np.ones((8, 8, 3, 3), np.float32), padding=1)\n"
        "tf.conv2d_transpose(np.ones((1, 20, 20, 8), np.float32), np.ones((3, 3, 16, 8), np.float32),"
        " [1, 41, 41, 16], 2, padding='VALID')\n"
        "assert 'numba' not in sys.modules, 'numba imported'\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_callers_memory_layout_does_not_change_the_bits(dtype: Any) -> None:
    rng = np.random.default_rng(21)
    nchw = rng.standard_normal((3, 24, 40, 36)).astype(dtype)
    x_view = nchw.transpose(0, 2, 3, 1)  # channels-last view of NCHW data, as the torch front-end sees it
    x_copy = np.ascontiguousarray(x_view)
    wt = rng.standard_normal((3, 3, 24, 16)).astype(dtype)
    t = k.ConvTransposeSpec((2, 2), (1, 1), ((1, 0), (0, 1)), 1)
    assert _mode_t(x_copy, wt, t) == "taps"
    a, b = k.conv_transpose(x_view, wt, t), k.conv_transpose(x_copy, wt, t)
    assert np.array_equal(a.view(np.uint8), b.view(np.uint8))
    wf = rng.standard_normal((3, 3, 24, 16)).astype(dtype)
    f = k.ConvSpec((1, 1), (1, 1), ((1, 1), (1, 1)), 1)
    assert _mode_f(x_copy, wf, f) == "taps"
    a, b = k.conv(x_view, wf, f), k.conv(x_copy, wf, f)
    assert np.array_equal(a.view(np.uint8), b.view(np.uint8))
    # a view of the input is read a block at a time, never copied whole
    out = k.conv(x_copy, wf, f)
    assert _peak(lambda: k.conv(x_view, wf, f)) <= 2 * out.nbytes + x_copy.nbytes


@pytest.mark.parametrize("transposed", [False, True])
def test_every_result_layout_gets_the_same_bits(transposed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # the caller's layout as an AxisMap: channels-last and channels-first are written in place
    # (out_strides), a layout whose positions do not lie at one stride gets a channels-last
    # result copied once; every one holds the identity layout's bits
    from arraylens.core.axis_map import AxisMap
    from arraylens.ops.conv.phase_sum import out_strides

    _taps(monkeypatch, True, 7)
    rng = np.random.default_rng(8)
    x = rng.standard_normal((2, 5, 6, 7, 6))
    w = rng.standard_normal((2, 3, 2, 6, 5))
    if transposed:
        spec: Any = k.ConvTransposeSpec((2, 1, 2), (1, 2, 1), ((0, 1), (1, 0), (0, 0)), 1)
        run = lambda m: k.conv_transpose(x, w, spec, m)  # noqa: E731
        assert _mode_t(x, w, spec) == "taps"
    else:
        spec = k.ConvSpec((1, 1, 1), (1, 2, 1), ((1, 0), (1, 1), (0, 1)), 1)
        run = lambda m: k.conv(x, w, spec, m)  # noqa: E731
        assert _mode_f(x, w, spec) == "taps"
    want = run(None)
    # perm: canonical = caller.transpose(perm); the expected position stride, None: copied
    layouts = {
        (0, 1, 2, 3, 4): want.shape[-1],  # identity, channels-last
        (0, 2, 3, 4, 1): 1,  # channels-first (N, C, D, H, W)
        (0, 4, 2, 1, 3): None,  # (N, W, H, C, D): H and W not at one stride
    }
    for perm, pos in layouts.items():
        m = AxisMap(perm)
        got = run(m)
        assert got.flags.c_contiguous and got.shape == m.shape_from_canonical(want.shape)
        assert np.array_equal(np.ascontiguousarray(m.to_canonical(got)).view(np.uint8), want.view(np.uint8))
        found = out_strides(m.to_canonical(got))
        assert (found is None) == (pos is None)
        assert found is None or found[2] == pos
