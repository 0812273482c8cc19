"""The compiled few-channel loops (ops/conv/direct.py) in the torch front-end's NCHW layout.

The loops read channels-first input rows and write ``(N, C_out, *spatial)`` rows, which is
PyTorch's NCHW layout itself: an NCHW call reads its input in place and gets the loop's array
back, no copy in or out (the depthwise channels-last loop aside: one copy each way, within the
memory bound). These tests hold that to the peak memory (``tracemalloc``) and to the array the
loop returned, and hold the results' bits to being the same whatever the caller's memory
layout, on the cached and unbatched calls, and whether or not the loop's rows are shared among
threads.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import arraylens.frontends.torch as al_torch
from arraylens.core.axis_map import AxisMap
from arraylens.ops.conv import direct
from arraylens.ops.conv import kernel as k
from arraylens.ops.conv.spec import ConvSpec, ConvTransposeSpec
from tests.frontends.test_torch_conv_layout import (
    ALLOWANCE,
    CT,
    CV,
    _before,
    _random_call,
    channels_last_memory,
    peak_extra,
    same_bits,
)


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    al_torch._TRANSPOSE_CALLS.clear()
    al_torch._CONV_CALLS.clear()


class _Returned:
    """Wraps a loop runner of ops/conv/direct.py and keeps the arrays it returned."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.arrays: list[np.ndarray] = []

    def __call__(self, *args: Any) -> np.ndarray:
        res = self.fn(*args)
        self.arrays.append(res)
        return res


def _base(a: np.ndarray) -> np.ndarray:
    while a.base is not None:
        a = a.base
    return a


# (N, C_in, H, W, C_out, groups, kernel, stride): the row loop with one and several input
# channels, several of each at unit stride, and the transposed loop
FORWARD = [
    (1, 1, 384, 384, 1, 1, 3, 1),
    (2, 3, 256, 256, 1, 1, 5, 2),
    (1, 4, 256, 256, 4, 1, 3, 1),
    (2, 4, 192, 192, 4, 4, 3, 1),
]
TRANSPOSED = [
    (1, 1, 256, 256, 8, 1, 4, 2),
    (4, 1, 128, 128, 3, 1, 5, 2),
    (1, 3, 128, 128, 3, 1, 4, 2),
]


@pytest.mark.parametrize("shape", FORWARD, ids=lambda s: "x".join(map(str, s)))
def test_nchw_forward_result_is_the_loops_array(shape: tuple[int, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    n, c_in, h, w, c_out, groups, kk, s = shape
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, c_in, h, w)).astype(np.float32)
    wt = rng.standard_normal((c_out, c_in // groups, kk, kk)).astype(np.float32)
    b = rng.standard_normal(c_out).astype(np.float32)
    runner = _Returned(direct.run_conv_direct)
    monkeypatch.setattr(direct, "run_conv_direct", runner)
    out = al_torch.conv2d(x, wt, b, stride=s, padding=kk // 2, groups=groups)
    assert len(runner.arrays) == 1, "not on the compiled path"
    assert out.flags.c_contiguous and _base(out) is _base(runner.arrays[0])
    # nothing beside the result but the weights' reordered copy: no input or result copy
    peak = peak_extra(lambda: al_torch.conv2d(x, wt, b, stride=s, padding=kk // 2, groups=groups))
    assert peak <= out.nbytes + wt.nbytes + ALLOWANCE, peak / out.nbytes


@pytest.mark.parametrize("shape", TRANSPOSED, ids=lambda s: "x".join(map(str, s)))
def test_nchw_transposed_result_is_the_loops_array(shape: tuple[int, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    n, c_in, h, w, c_out, groups, kk, s = shape
    rng = np.random.default_rng(1)
    x = rng.standard_normal((n, c_in, h, w)).astype(np.float32)
    wt = rng.standard_normal((c_in, c_out // groups, kk, kk)).astype(np.float32)
    runner = _Returned(direct.run_direct)
    monkeypatch.setattr(direct, "run_direct", runner)
    out = al_torch.conv_transpose2d(x, wt, stride=s, groups=groups)
    assert len(runner.arrays) == 1, "not on the compiled path"
    assert out.flags.c_contiguous and _base(out) is _base(runner.arrays[0])
    peak = peak_extra(lambda: al_torch.conv_transpose2d(x, wt, stride=s, groups=groups))
    assert peak <= out.nbytes + wt.nbytes + ALLOWANCE, peak / out.nbytes


def test_nchw_depthwise_channels_last_loop_meets_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    # the depthwise loop of 8 channels or more computes channels-last: a copy of the input in,
    # one of the result out, within the memory bound of issue 16
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 16, 96, 96)).astype(np.float32)
    wt = rng.standard_normal((16, 1, 3, 3)).astype(np.float32)
    runner = _Returned(direct.run_conv_direct)
    monkeypatch.setattr(direct, "run_conv_direct", runner)
    out = al_torch.conv2d(x, wt, padding=1, groups=16)
    assert len(runner.arrays) == 1 and runner.arrays[0].flags.c_contiguous  # channels-last
    peak = peak_extra(lambda: al_torch.conv2d(x, wt, padding=1, groups=16))
    assert peak <= 2 * out.nbytes + x.nbytes + wt.nbytes + ALLOWANCE, peak / out.nbytes


@pytest.mark.parametrize("transposed", [False, True], ids=["conv", "conv_transpose"])
def test_loop_results_do_not_depend_on_layout_cache_or_threads(
    transposed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every eligible call on the loops, whatever its size; the rows shared among threads or not
    monkeypatch.setattr(direct, "DIRECT_FROM", 0)
    monkeypatch.setattr(k, "GATHER_UP_TO", 0)
    name = "run_direct" if transposed else "run_conv_direct"
    runner = _Returned(getattr(direct, name))
    monkeypatch.setattr(direct, name, runner)
    rng = np.random.default_rng(61)
    on_loop = 0
    for _ in range(60):
        nd, x, w, bias, kw = _random_call(rng, transposed)
        fn = (CT if transposed else CV)[nd]
        try:
            want = _before(nd, x, w, bias, kw, transposed)
        except ValueError:
            continue
        before = len(runner.arrays)
        got = fn(x, w, bias, **kw)
        if len(runner.arrays) == before:
            continue
        on_loop += 1
        same_bits(got, want)
        same_bits(fn(x, w, bias, **kw), want)  # the cached path
        same_bits(fn(channels_last_memory(x, nd), w, bias, **kw), want)
        same_bits(fn(x[0], w, bias, **kw), _before(nd, x[:1], w, bias, kw, transposed)[0])
        with monkeypatch.context() as m:  # every row block on the pool's threads
            m.setattr(direct, "PARALLEL_FROM", 0)
            m.setattr(k, "_workers", lambda: 4)
            al_torch._TRANSPOSE_CALLS.clear()
            al_torch._CONV_CALLS.clear()
            same_bits(fn(x, w, bias, **kw), want)
        al_torch._TRANSPOSE_CALLS.clear()
        al_torch._CONV_CALLS.clear()
    assert on_loop >= 10, on_loop


def test_kernel_out_map_on_the_loops_gives_the_canonical_bits() -> None:
    # the kernels called directly with a channels-first out_map, unbatched too: the loop's
    # array (forward and transposed) equals the canonical result moved to channels-first
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 3, 160, 140)).astype(np.float32)  # NCHW
    for add_batch in (False, True):
        cf = AxisMap.channels_first(3 if add_batch else 4, add_batch=add_batch)
        xs = x[0] if add_batch else x
        view = cf.to_canonical(xs)
        w = rng.standard_normal((3, 3, 3, 1)).astype(np.float32)
        spec = ConvSpec((1, 1), (1, 1), ((1, 1), (1, 1)), 1)
        want = k.conv(np.ascontiguousarray(view), w, spec)
        same_bits(k.conv(view, w, spec, cf), cf.from_canonical_contiguous(want))
        wt = rng.standard_normal((4, 4, 3, 2)).astype(np.float32)
        tspec = ConvTransposeSpec((2, 2), (1, 1), ((1, 1), (1, 1)), 1)
        want = k.conv_transpose(np.ascontiguousarray(view), wt, tspec)
        same_bits(k.conv_transpose(view, wt, tspec, cf), cf.from_canonical_contiguous(want))
