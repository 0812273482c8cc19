"""The pooling kernel: vectorised, one spatial axis at a time, bounded memory.

Every reduction here is separable: the window of an output element is the product of its
per-axis windows, so the kernel reduces the last spatial axis first, then the one before, and so
on. Max with ties to the first cell in row-major scan order stays exact under this order (the
first row holding the maximum, then its first column), and so do the NaN rules (the last or the
first row holding a NaN, then its last or first NaN). Along one axis the kernel either loops over
the kernel taps (a strided view of the input per tap, updating the output positions for which
that tap lies inside the input) or, when there are fewer windows than taps (global and adaptive
pooling to small sizes), over the windows (one strided slice each, reduced at once). Never over
elements. Memory: the input, one intermediate per axis (no larger than the input) and, with
indices, an int64 array of the same shape.

float32 and float64 max, mean and Lp poolings with one or two spatial axes and at least
:data:`COMPILED_MIN_ELEMENTS` input or output elements run on compiled loops instead
(:mod:`arraylens.ops.pool.loops`, numba): the same order of additions and the same maxima,
reading the input once in its memory order (``pool(..., compiled=False)`` runs these NumPy
passes; ``tests/ops/pool/test_pool_compiled.py`` compares the two bit for bit). Smaller inputs
(an explanation's window box among them), float16, integers and 3-d pooling stay here and never
import numba.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.ops.pool.spec import (
    AdaptiveWindows,
    Axis,
    LpReduction,
    MaxReduction,
    MeanReduction,
    PoolSpec,
    Window,
)

__all__ = [
    "accumulate_dtype",
    "axis_divisors",
    "compiled_supported",
    "divisor_array",
    "pool",
    "tap_table",
    "values_loop",
]


def accumulate_dtype(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The dtype sums are taken in: float64 for float64, int64 for integers, else float32
    (PyTorch's ``opmath`` type on the CPU: float for half, bfloat16 and float)."""
    if dtype == np.float64:
        return np.dtype(np.float64)
    if dtype.kind in "iub":
        return np.dtype(np.int64)
    return np.dtype(np.float32)


def _lowest(dtype: np.dtype[Any]) -> Any:
    if dtype.kind == "f":
        return -np.inf
    if dtype.kind == "b":
        return False
    return np.iinfo(dtype).min


def tap_table(axis: Axis, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per output position, the first tap of its window at or after position 0 and how many of
    its taps lie inside the input: ``(first, count)``; the taps inside are ``first + i * step``
    for ``i < count`` (``step``: the dilation, 1 for adaptive windows). Where ``count`` is 0,
    ``first`` may lie past the input: PyTorch's index of a window without input cells."""
    if isinstance(axis, AdaptiveWindows):
        starts = np.asarray(axis.starts, dtype=np.int64)
        return starts, np.asarray(axis.ends, dtype=np.int64) - starts
    out = max(axis.output_size(n), 0)
    p0 = axis.start(np.arange(out, dtype=np.int64))
    d = axis.dilation
    # first tap t with p0 + t d >= 0; last tap with p0 + t d <= n - 1
    t_first = np.maximum(0, -(p0 // d))  # ceil(-p0 / d) for p0 < 0
    t_last = np.minimum(axis.kernel - 1, np.floor_divide(n - 1 - p0, d))
    count = np.maximum(t_last - t_first + 1, 0)
    return p0 + t_first * d, count


def axis_divisors(axis: Axis, n: int, rule: str) -> np.ndarray:
    """Per output position along one axis, the number of cells the divisor rule counts
    (``"valid"``, ``"padded"`` or ``"window"``; the divisor is their product over the axes)."""
    if isinstance(axis, AdaptiveWindows):
        return np.asarray(axis.ends, dtype=np.int64) - np.asarray(axis.starts, dtype=np.int64)
    if rule == "valid":
        return tap_table(axis, n)[1]
    out = max(axis.output_size(n), 0)
    if rule == "window":
        return np.full(out, axis.kernel, dtype=np.int64)
    before, after = axis.padding
    p0 = axis.start(np.arange(out, dtype=np.int64))
    d = axis.dilation
    lo, hi = -before, n + after  # taps in [lo, hi)
    t_first = np.maximum(0, -((p0 - lo) // d))
    t_last = np.minimum(axis.kernel - 1, np.floor_divide(hi - 1 - p0, d))
    return np.maximum(t_last - t_first + 1, 0)


def _take(a: np.ndarray, axis: int, index: Any) -> np.ndarray:
    sl: list[Any] = [slice(None)] * a.ndim
    sl[axis] = index
    return a[tuple(sl)]


def _shape1(ndim: int, axis: int, values: np.ndarray) -> np.ndarray:
    """``values`` (1-d) shaped to broadcast along ``axis`` of an ``ndim``-d array."""
    shape = [1] * ndim
    shape[axis] = values.size
    return values.reshape(shape)


class _Axis:
    """One axis's windows as the kernel walks them."""

    def __init__(self, axis: Axis, n: int) -> None:
        self.first, self.count = tap_table(axis, n)
        self.out = self.first.size
        self.step = axis.dilation if isinstance(axis, Window) else 1
        self.taps = axis.kernel if isinstance(axis, Window) else axis.max_length
        self.window = axis if isinstance(axis, Window) else None
        self.n = n
        self.first.setflags(write=False)
        self.count.setflags(write=False)
        length = int(self.count[0]) if self.out else 0
        # windows side by side, one length, no gaps (global pooling, sizes that divide): the
        # axis splits into (out, length) by a reshape
        self.tiled = length if (self.out > 0 and length > 0 and self.step == 1
                                and bool(np.all(self.count == length))
                                and bool(np.all(self.first == self.first[0] + length * np.arange(self.out)))) else 0

    def tap_range(self, t: int) -> tuple[int, int, int, int, int] | None:
        """For tap ``t`` of a sliding window: ``(o_lo, o_hi, p_lo, p_stop, stride)``, the output
        positions where the tap lies inside the input and the strided input slice they read."""
        w = self.window
        assert w is not None
        s, off = w.stride, t * w.dilation - w.padding[0]
        # 0 <= o s + off < n
        o_lo = max(0, -((off) // s) if off < 0 else 0)
        o_hi = min(self.out, (self.n - 1 - off) // s + 1) if self.n - 1 - off >= 0 else 0
        if o_hi <= o_lo:
            return None
        p_lo = o_lo * s + off
        return o_lo, o_hi, p_lo, p_lo + (o_hi - o_lo - 1) * s + 1, s


CACHED_OUTPUTS = 4096
"""Window tables and divisors are cached only up to this many outputs (per axis; in all for the
divisors): the cache holds at most 256 entries of each, so it never keeps large arrays alive."""


@functools.lru_cache(maxsize=256)
def _cached_axis(axis: Axis, n: int) -> _Axis:
    return _Axis(axis, n)


def _axis(axis: Axis, n: int) -> _Axis:
    """:class:`_Axis`, built once per window rule and input size when it is small (its tables are
    read-only)."""
    out = len(axis.starts) if isinstance(axis, AdaptiveWindows) else axis.output_size(n)
    return _cached_axis(axis, n) if out <= CACHED_OUTPUTS else _Axis(axis, n)


def _windowed(ax: _Axis) -> bool:
    """Walk the windows (one slice each) rather than the taps."""
    return ax.window is None or ax.out <= ax.taps


def _full_taps(ax: _Axis) -> list[int]:
    """The taps that lie inside the input for every output position."""
    full = []
    for t in range(ax.taps):
        r = ax.tap_range(t)
        if r is not None and r[0] == 0 and r[1] == ax.out:
            full.append(t)
    return full


def _tap_view(a: np.ndarray, k: int, ax: _Axis, t: int) -> tuple[slice, np.ndarray] | None:
    """Tap ``t``: the output slice it updates and the strided input view it reads."""
    r = ax.tap_range(t)
    if r is None:
        return None
    o_lo, o_hi, p_lo, p_stop, s = r
    return slice(o_lo, o_hi), _take(a, k, slice(p_lo, p_stop, s))


def _combine_taps(a: np.ndarray, k: int, ax: _Axis, out: np.ndarray, fn: Any, fill: Any, dtype: Any) -> None:
    """``out`` = ``fn`` over the taps (a sum or a maximum, order-free): the first two taps that
    cover every output start it (no fill pass), the others update their output range."""
    full = _full_taps(ax)
    if len(full) >= 2:
        fn(_tap_view(a, k, ax, full[0])[1], _tap_view(a, k, ax, full[1])[1], out=out, dtype=dtype)  # type: ignore[index]
        done = set(full[:2])
    elif full:
        np.copyto(out, _tap_view(a, k, ax, full[0])[1], casting="unsafe")  # type: ignore[index]
        done = {full[0]}
    else:
        out.fill(fill)
        done = set()
    for t in range(ax.taps):
        if t in done:
            continue
        view = _tap_view(a, k, ax, t)
        if view is None:
            continue
        dst = _take(out, k, view[0])
        fn(dst, view[1], out=dst, dtype=dtype)


def _sum_axis(a: np.ndarray, k: int, ax: _Axis, dtype: np.dtype[Any]) -> np.ndarray:
    """Sums along axis ``k`` in an order that depends on the window alone, never on the array's
    size or layout (no numpy reduce, whose pairwise blocks follow the memory layout, no BLAS):
    sliding windows add their taps one after the other in scan order, adaptive windows in the
    order :func:`fixed_order_sum` fixes by the window's length. An explanation that runs the kernel on the
    element's window alone thus gets the same rounding, bit for bit."""
    shape = list(a.shape)
    shape[k] = ax.out
    out = np.empty(shape, dtype)
    if ax.window is None:  # adaptive windows: a fixed order per window length
        for where, block in _adaptive_blocks(a, k, ax):
            dst = _take(out, k, where)
            if block is None:
                dst.fill(0)
            elif where == slice(None):  # split (out, length): reduce the length axis
                np.copyto(dst, _take(fixed_order_sum(block, k + 1, dtype), k + 1, 0), casting="unsafe")
            else:
                np.copyto(dst, fixed_order_sum(block, k, dtype), casting="unsafe")
        return out
    if _windowed(ax):
        length = ax.tiled
        if length:  # windows side by side (global, adaptive where the size divides): one accumulate
            f = int(ax.first[0])
            block = _take(a, k, slice(f, f + ax.out * length))
            split = block.reshape((*block.shape[:k], ax.out, length, *block.shape[k + 1:]))
            np.copyto(out, _take(split, k + 1, 0), casting="unsafe")
            for i in range(1, length):  # one addition after the other (reduce would sum pairwise)
                np.add(out, _take(split, k + 1, i), out=out, dtype=dtype)
            return out
        for o in range(ax.out):
            f, c = int(ax.first[o]), int(ax.count[o])
            dst = _take(out, k, slice(o, o + 1))
            if c == 0:
                dst.fill(0)
                continue
            np.copyto(dst, _take(a, k, slice(f, f + 1)), casting="unsafe")
            for i in range(1, c):
                p = f + i * ax.step
                np.add(dst, _take(a, k, slice(p, p + 1)), out=dst, dtype=dtype)
        return out
    views = [_tap_view(a, k, ax, t) for t in range(ax.taps)]
    present = [(t, v) for t, v in enumerate(views) if v is not None]
    start = 0
    if present and present[0][1][0] == slice(0, ax.out):
        # the first tap covers every output: start from it (from the first two when both do)
        if len(present) > 1 and present[1][1][0] == slice(0, ax.out):
            np.add(present[0][1][1], present[1][1][1], out=out, dtype=dtype)
            start = 2
        else:
            np.copyto(out, present[0][1][1], casting="unsafe")
            start = 1
    else:
        out.fill(0)
    for _, (sl, view) in present[start:]:
        dst = _take(out, k, sl)
        np.add(dst, view, out=dst, dtype=dtype)
    return out


def _adaptive_blocks(a: np.ndarray, k: int, ax: _Axis) -> list[tuple[slice, np.ndarray | None]]:
    """The windows of an adaptive axis as blocks to reduce: one block split ``(out, length)``
    along ``k`` when they lie side by side with one length (global pooling, sizes that divide),
    else one block per window (``None`` for an empty one), reduced along ``k``."""
    length = ax.tiled
    if length:
        f = int(ax.first[0])
        block = _take(a, k, slice(f, f + ax.out * length))
        return [(slice(None), block.reshape((*block.shape[:k], ax.out, length, *block.shape[k + 1:])))]
    blocks: list[tuple[slice, np.ndarray | None]] = []
    for o in range(ax.out):
        f, c = int(ax.first[o]), int(ax.count[o])
        blocks.append((slice(o, o + 1), _take(a, k, slice(f, f + c)) if c else None))
    return blocks


def _tree_sum(block: np.ndarray, k: int, dtype: np.dtype[Any]) -> np.ndarray:
    """The sum along ``k`` (kept, length 1) by a fixed pairwise tree: cells ``2i`` and
    ``2i + 1`` are added, an odd last cell carried, until one is left. The tree depends only on
    the length: the same bits for the whole array and for one window's box."""
    level = block
    while level.shape[k] > 1:
        n = level.shape[k]
        pairs = np.add(_take(level, k, slice(0, n - 1, 2)), _take(level, k, slice(1, n, 2)), dtype=dtype)
        level = np.concatenate([pairs, _take(level, k, slice(n - 1, n))], axis=k) if n % 2 else pairs
    return level.astype(dtype, copy=False)


LANE_RUN = 16
"""An adaptive window sums at most this many cells one after the other per lane (see
:func:`fixed_order_sum`)."""


def sum_lanes(length: int) -> int:
    """The number of lanes :func:`fixed_order_sum` uses for a window of ``length`` cells: the
    smallest power of two ``m`` with ``length // m <= LANE_RUN`` (1 up to 16 cells, 8 for 112)."""
    m = 1
    while length // m > LANE_RUN:
        m *= 2
    return m


def fixed_order_sum(block: np.ndarray, k: int, dtype: np.dtype[Any]) -> np.ndarray:
    """The sum along ``k`` (kept, length 1) in an order fixed by the length ``n`` alone.

    With ``m = sum_lanes(n)`` lanes and ``n = q * m + r``: the ``q`` consecutive chunks of ``m``
    cells are added one after the other (chunk 0 + chunk 1, then + chunk 2, ...), which leaves
    ``m`` lane sums; the lanes are added by the fixed pairwise tree of :func:`_tree_sum`; the
    ``r`` cells left over are summed by that tree too and added last. Up to 16 cells (``m = 1``)
    this is the plain left-to-right sum. Each step is one NumPy call over a slice of the block
    (at most 16 + 2 log2(n) calls), reading the block once; the order never depends on the array's
    size, layout or the other windows, so an explanation that runs the kernel on one window's box
    gets the same bits. (NumPy's own ``add.reduce`` is not used: its pairwise blocking follows the
    memory layout.)
    """
    n = block.shape[k]
    m = sum_lanes(n)
    q, r = divmod(n, m)
    if q >= 2:
        acc = np.add(_take(block, k, slice(0, m)), _take(block, k, slice(m, 2 * m)), dtype=dtype)
        for i in range(2, q):
            np.add(acc, _take(block, k, slice(i * m, (i + 1) * m)), out=acc, dtype=dtype)
    else:
        acc = _take(block, k, slice(0, m)).astype(dtype)
    total = _tree_sum(acc, k, dtype) if m > 1 else acc
    if r:
        total = np.add(total, _tree_sum(_take(block, k, slice(q * m, n)), k, dtype), dtype=dtype)
    return total


def _keep(shape: list[int], k: int) -> tuple[int, ...]:
    s = list(shape)
    s[k] = 1
    return tuple(s)


def _max_axis(a: np.ndarray, k: int, ax: _Axis, nan: str) -> np.ndarray:
    """Values only: NaN propagates (``last``/``first``) or is ignored (``fmax``)."""
    shape = list(a.shape)
    shape[k] = ax.out
    fn = np.fmax if nan in ("ignore", "leading") else np.maximum
    low = _lowest(a.dtype)
    out = np.empty(shape, a.dtype)
    if _windowed(ax):
        for o in range(ax.out):
            f, c = int(ax.first[o]), int(ax.count[o])
            dst = _take(out, k, slice(o, o + 1))
            if c == 0:
                dst.fill(low)
                continue
            block = _take(a, k, slice(f, f + (c - 1) * ax.step + 1, ax.step))
            fn.reduce(block, axis=k, keepdims=True, out=dst)
        if nan in ("ignore", "leading") and a.dtype.kind == "f":
            np.copyto(out, low, where=np.isnan(out))  # an all-NaN window: nothing won
        return out
    _combine_taps(a, k, ax, out, fn, low, None)
    if nan in ("ignore", "leading") and a.dtype.kind == "f":
        np.copyto(out, low, where=np.isnan(out))
    return out


def _better(v: np.ndarray, best: np.ndarray, nan: str) -> np.ndarray:
    """Where ``v`` replaces the running maximum ``best`` under the NaN rule."""
    cond = v > best
    if v.dtype.kind == "f":
        if nan == "last":
            cond |= np.isnan(v)
        elif nan == "first":
            cond |= np.isnan(v) & ~np.isnan(best)
    return cond


def _argmax_axis(a: np.ndarray, idx: np.ndarray | None, init: Any, k: int, ax: _Axis, plane_stride: int,
                 nan: str) -> tuple[np.ndarray, np.ndarray]:
    """Values and plane indices along axis ``k``: ``idx`` holds the plane index accumulated over
    the axes already reduced (None before the first); ``init`` the index a window without input
    cells takes there (its first taps at or after 0, as PyTorch's ``ih0 * W + iw0``)."""
    shape = list(a.shape)
    shape[k] = ax.out
    low = _lowest(a.dtype)
    nd = a.ndim
    if _windowed(ax):
        vals, inds = [], []
        for o in range(ax.out):
            f, c = int(ax.first[o]), int(ax.count[o])
            if c == 0:
                vals.append(np.full(_keep(shape, k), low, a.dtype))
                inds.append(np.broadcast_to(f * plane_stride + np.asarray(init, np.int64), _keep(shape, k)))
                continue
            sl = slice(f, f + (c - 1) * ax.step + 1, ax.step)
            block = _take(a, k, sl)
            local = _local_argmax(block, k, nan)
            v = np.take_along_axis(block, local, axis=k)
            if nan in ("ignore", "leading") and a.dtype.kind == "f":
                v = np.where(np.isnan(v), low, v)
            pos = f + local * ax.step
            ind = pos * plane_stride
            if idx is not None:
                ind = ind + np.take_along_axis(_take(idx, k, sl), local, axis=k)
            vals.append(v)
            inds.append(ind)
        if not vals:  # no window on this axis: an empty result
            return np.full(shape, low, a.dtype), np.full(shape, -1, np.int64)
        return np.concatenate(vals, axis=k), np.concatenate(inds, axis=k)
    best = np.full(shape, low, a.dtype)
    bidx = np.full(shape, -1, np.int64)
    seen = np.zeros(ax.out, bool)
    for t in range(ax.taps):
        r = ax.tap_range(t)
        if r is None:
            continue
        o_lo, o_hi, p_lo, p_stop, s = r
        src = slice(p_lo, p_stop, s)
        v = _take(a, k, src)
        ind = _shape1(nd, k, np.arange(p_lo, p_stop, s, dtype=np.int64) * plane_stride)
        if idx is not None:
            ind = ind + _take(idx, k, src)
        dst_v = _take(best, k, slice(o_lo, o_hi))
        dst_i = _take(bidx, k, slice(o_lo, o_hi))
        new = ~seen[o_lo:o_hi]
        if new.any():  # the window's first input cell: the index before any comparison (PyTorch)
            fresh = _shape1(nd, k, new)
            np.copyto(dst_i, np.broadcast_to(ind, dst_i.shape), where=fresh)
            seen[o_lo:o_hi] = True
        cond = _better(v, dst_v, nan)
        np.copyto(dst_v, v, where=cond)
        np.copyto(dst_i, np.broadcast_to(ind, dst_i.shape), where=cond)
    if not seen.all():  # windows without input cells
        empty = _shape1(nd, k, ~seen)
        np.copyto(bidx, np.broadcast_to(_shape1(nd, k, ax.first * plane_stride) + np.asarray(init, np.int64),
                                        bidx.shape), where=empty)
    return best, bidx


def _local_argmax(block: np.ndarray, k: int, nan: str) -> np.ndarray:
    """The winner's position along ``k`` in each window block (keepdims): the first maximum;
    under ``last``/``first`` a NaN wins, the last/first one."""
    if block.dtype.kind != "f":
        return np.argmax(block, axis=k, keepdims=True)
    isn = np.isnan(block)
    plain = np.argmax(np.where(isn, -np.inf, block), axis=k, keepdims=True)
    if nan in ("ignore", "leading"):
        return plain
    anyn = isn.any(axis=k, keepdims=True)
    if nan == "first":
        where_nan = np.argmax(isn, axis=k, keepdims=True)
    else:
        length = block.shape[k]
        where_nan = length - 1 - np.argmax(np.flip(isn, axis=k), axis=k, keepdims=True)
    return np.where(anyn, where_nan, plain)


def _divide(total: np.ndarray, divisor: Any) -> np.ndarray:
    """``total / divisor`` (in place for floats: ``total`` is the kernel's own array);
    integers truncate toward zero (PyTorch's integer average)."""
    if total.dtype.kind in "iu":
        di = np.asarray(divisor, dtype=np.int64)
        q = np.abs(total) // np.abs(di)
        return np.where((total < 0) != (di < 0), -q, q)
    d = np.asarray(divisor, dtype=total.dtype)  # a scalar where every window has one divisor
    if d.ndim == 0 and d != 0:  # (no 0 / 0 to silence: skip errstate's cost)
        mantissa, _ = np.frexp(d)
        if abs(mantissa) == 0.5:  # a power of two: x * (1/d) is x / d exactly (the same real, rounded once)
            return np.multiply(total, np.reciprocal(d), out=total)
        return np.divide(total, d, out=total)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(total, d, out=total)


def _kernel_divisor(spec: PoolSpec, spatial: tuple[int, ...], rule: str, fixed: int | None,
                    axes: list[_Axis]) -> Any:
    """:func:`divisor_array` for the kernel: one number when every window has the same divisor (a
    scalar division), else the array; built once per spec and size when the output is small."""
    if math.prod(ax.out for ax in axes) <= CACHED_OUTPUTS:
        return _cached_divisor(spec, spatial, rule, fixed)
    return _uniform_divisor(spec, spatial, rule, fixed)


@functools.lru_cache(maxsize=256)
def _cached_divisor(spec: PoolSpec, spatial: tuple[int, ...], rule: str, fixed: int | None) -> Any:
    d = _uniform_divisor(spec, spatial, rule, fixed)
    if isinstance(d, np.ndarray):
        d.setflags(write=False)
    return d


def _uniform_divisor(spec: PoolSpec, spatial: tuple[int, ...], rule: str, fixed: int | None) -> Any:
    d = divisor_array(spec, spatial, rule, fixed)
    if rule == "fixed":
        return d
    if d.size and np.all(d == d.flat[0]):
        return d.flat[0]
    return d


def divisor_array(spec: PoolSpec, spatial: tuple[int, ...], rule: str, fixed: int | None = None) -> Any:
    """The divisor per output position, shaped ``(1, *out_spatial, 1)`` (or the fixed number)."""
    if rule == "fixed":
        return fixed
    div: Any = np.ones((1,) * (len(spatial) + 2), dtype=np.int64)
    for k, (a, n) in enumerate(zip(spec.axes, spatial, strict=True)):
        div = div * _shape1(len(spatial) + 2, k + 1, axis_divisors(a, n, rule))
    return div


def _max_finish(x: np.ndarray, axes: list[_Axis], red: MaxReduction, values: np.ndarray,
                idx: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """The NaN rule ``"leading"`` (computed as ``"ignore"``, then a window whose first input cell
    is NaN takes that NaN and its index) and ``finite_floor``: O(output), after the reduction."""
    if x.dtype.kind != "f":
        return values, idx
    if red.nan == "leading" and values.size:
        spatial = [ax.n for ax in axes]
        has = [ax.count > 0 for ax in axes]
        firsts = [np.minimum(ax.first, max(ax.n - 1, 0)) for ax in axes]
        grids = np.ix_(*firsts)
        lead = x[(slice(None), *grids, slice(None))]
        valid = np.ones(values.shape[1:-1], bool)
        for k, h in enumerate(has):
            valid = valid & _shape1(len(axes), k, h)
        nan_first = np.isnan(lead) & valid[None, ..., None]
        if nan_first.any():
            values = np.where(nan_first, lead, values)
            if idx is not None:
                plane = np.asarray(np.ravel_multi_index(grids, spatial))[None, ..., None]
                idx = np.where(nan_first, plane, idx)
    if red.finite_floor:
        values = np.maximum(values, np.finfo(x.dtype).min)
    return values, idx


def pool(x: np.ndarray, spec: PoolSpec, with_index: bool = False,
         compiled: bool | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Pool the canonical channels-last array ``x``, ``(N, *spatial, C)``, by ``spec``.

    Parameters
    ----------
    x : ndarray
        Any real dtype (views are fine: the kernel only slices).
    spec : PoolSpec
    with_index : bool
        Max pooling only: also return each winner's row-major index within its spatial plane (a
        window without input cells has PyTorch's index: its first taps at or after 0).
    compiled : bool or None
        Run the compiled loops (:mod:`arraylens.ops.pool.loops`, the same bits) or the NumPy
        passes; None: the loops where :func:`compiled_supported` takes the pooling and the input
        or the output has at least :data:`COMPILED_MIN_ELEMENTS` elements.

    Returns
    -------
    values : ndarray, shape ``spec.output_shape(x.shape)``
        Max: ``x``'s dtype. Mean and Lp: :func:`accumulate_dtype` (the caller casts).
    index : ndarray of int64 or None
        The plane index (encode it with :func:`arraylens.ops.pool.spec.encode_index`).

    Raises
    ------
    ArgumentError
        ``compiled=True`` where the loops do not apply.
    """
    red = spec.reduction
    if compiled is None:
        use = _use_loops(spec, x.shape, x.dtype, COMPILED_MIN_ELEMENTS)
    else:
        use = compiled
        if use and not compiled_supported(x, spec):
            raise ArgumentError(f"the compiled pooling loops do not take {x.dtype} input with {spec.ndim} spatial axes "
                                "(float32/float64, 1-2 axes, nothing empty)")
    if use and isinstance(red, MaxReduction):
        values, plane = _compiled_argmax(x, spec) if with_index else (_compiled_reduce(x, x, spec), None)
        if x.dtype.kind != "f" or (red.nan != "leading" and not red.finite_floor):
            return values, plane  # (nothing for _max_finish to do)
        axes = [_axis(a, int(n)) for a, n in zip(spec.axes, x.shape[1:-1], strict=True)]
        return _max_finish(x, axes, red, values, plane)
    if use and isinstance(red, MeanReduction):
        return _compiled_reduce(x, x, spec), None
    spatial = tuple(int(n) for n in x.shape[1:-1])
    axes = [_axis(a, n) for a, n in zip(spec.axes, spatial, strict=True)]
    # work in the memory order of x (NCHW data viewed as NHWC stays NCHW in memory): the
    # strided views then run along contiguous rows; the result is transposed back, a view
    # (by stride alone, sizes aside: a window's box, a view of x, gets the same order, hence the
    # same order of additions)
    perm = sorted(range(x.ndim), key=lambda a: -abs(x.strides[a]))
    back = [perm.index(c) for c in range(x.ndim)]  # where each canonical axis lies in y
    y = x.transpose(perm)
    where = dict(enumerate(back))
    last_first = list(range(spec.ndim - 1, -1, -1))  # the last spatial axis first (row-major ties)
    outer_first = sorted(range(spec.ndim), key=lambda k: where[k + 1])  # order-free reductions
    if isinstance(red, MaxReduction):
        if not with_index:
            a = y
            for k in outer_first:
                a = _max_axis(a, where[k + 1], axes[k], red.nan)
            return _max_finish(x, axes, red, a.transpose(back), None)
        idx: np.ndarray | None = None
        init: Any = np.int64(0)
        a = y
        for k in last_first:
            stride = int(np.prod(spatial[k + 1:], dtype=np.int64))
            a, idx = _argmax_axis(a, idx, init, where[k + 1], axes[k], stride, red.nan)
            init = init + _shape1(x.ndim, where[k + 1], axes[k].first * stride)
        assert idx is not None
        return _max_finish(x, axes, red, a.transpose(back), idx.transpose(back))
    dtype = accumulate_dtype(x.dtype)
    if isinstance(red, LpReduction):
        base = y.astype(dtype, copy=False)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            if dtype.kind in "iu":
                a = base ** int(red.p)  # PyTorch's integer power (the front-end refuses p < 0)
            elif red.form == "norm":
                a = np.abs(base) ** dtype.type(red.p)
            else:
                a = base ** dtype.type(red.p)
        a = a.astype(dtype, copy=False)
    else:
        a = y
    if use:  # Lp: the powers summed by the loops
        total = _compiled_reduce(a.transpose(back), x, spec)
    else:
        for k in outer_first:  # a fixed order of the axes: a window's box sums the same way
            a = _sum_axis(a, where[k + 1], axes[k], dtype)
        total = a.transpose(back)
    if isinstance(red, MeanReduction):
        return _divide(total, _kernel_divisor(spec, spatial, red.divisor, red.divisor_value, axes)), None
    a = total
    assert isinstance(red, LpReduction)
    fdtype = dtype if dtype.kind == "f" else np.dtype(np.float32)  # an integer ** (1/p) is float32 (PyTorch)
    inv = fdtype.type(1.0 / red.p)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if red.form == "norm":
            return (a.astype(fdtype, copy=False) ** inv).astype(fdtype, copy=False), None
        mean = _divide(a, _kernel_divisor(spec, spatial, red.divisor, None, axes))
        # sign(m) * relu(|m|) * area, in the mean's dtype (integers stay integers), then ** (1/p)
        scaled = (np.sign(mean) * np.maximum(np.abs(mean), 0)).astype(dtype) * dtype.type(spec.kernel_area())
        return (scaled.astype(fdtype, copy=False) ** inv).astype(fdtype, copy=False), None


# ----------------------------------------------------------------------------------------------
# The compiled loops (arraylens.ops.pool.loops; numba is imported on a loop's first call)
# ----------------------------------------------------------------------------------------------

COMPILED_MIN_ELEMENTS = 1 << 16
"""Input or output elements from which a pooling runs on the compiled loops (the same bits):
below it the NumPy passes cost less than numba's import and a loop's first call (measured in
docs/benchmarks.md, "Compiled loops")."""

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def compiled_supported(x: np.ndarray, spec: PoolSpec) -> bool:
    """Whether the compiled loops take this pooling: one or two spatial axes, nothing empty, and
    float32/float64 cells to reduce (the input; for Lp the powered input) in native byte order."""
    return _supported(spec, x.shape, x.dtype)


def _supported(spec: PoolSpec, shape: tuple[int, ...], dtype: np.dtype[Any]) -> bool:
    if spec.ndim > 2 or 0 in shape or not dtype.isnative:
        return False
    if any(_axis(a, int(n)).out == 0 for a, n in zip(spec.axes, shape[1:-1], strict=True)):
        return False
    cells = accumulate_dtype(dtype) if isinstance(spec.reduction, LpReduction) else dtype
    return cells in _FLOATS


@functools.lru_cache(maxsize=256)
def _use_loops(spec: PoolSpec, shape: tuple[int, ...], dtype: np.dtype[Any], threshold: int) -> bool:
    """Whether ``pool`` runs the loops by default: :func:`compiled_supported`, and the input or
    the output has at least ``threshold`` elements (:data:`COMPILED_MIN_ELEMENTS`)."""
    if not _supported(spec, shape, dtype):
        return False
    outs = [_axis(a, int(n)).out for a, n in zip(spec.axes, shape[1:-1], strict=True)]
    return max(math.prod(shape), shape[0] * shape[-1] * math.prod(outs)) >= threshold


class _Loop:
    """A pooling as the loops run it, built once per spec, input shape, strides and dtype: the
    loop, its fixed arguments, whether H and W trade places (the NumPy kernel reduces the outer
    axis of the memory first; a 1-d pooling gets a trivial first axis) and whether the channels
    lie outside both spatial axes in memory (channel planes)."""

    def __init__(self, spec: PoolSpec, shape: tuple[int, ...], strides: tuple[int, ...], dtype: np.dtype[Any],
                 index: bool) -> None:
        from arraylens.ops.pool import loops

        spatial = tuple(int(n) for n in shape[1:-1])
        tabs = [loops.tables(a, n) for a, n in zip(spec.axes, spatial, strict=True)]
        ndim = len(shape)
        perm = sorted(range(ndim), key=lambda a: -abs(strides[a]))  # the NumPy kernel's memory order
        rank = {axis: i for i, axis in enumerate(perm)}
        self.planar = all(rank[ndim - 1] < rank[k + 1] for k in range(spec.ndim))
        self.ndim = spec.ndim
        if spec.ndim == 1:
            tabs, self.swap = [loops.tables(Window(1), 1), tabs[0]], False
        else:
            self.swap = rank[2] < rank[1]
            if self.swap and not index:  # (the index scan stays row-major in the canonical order)
                tabs = tabs[::-1]
        h, w = tabs
        self.out_hw = (h.out, w.out)
        red = spec.reduction
        self.index = index
        self.vectors = True  # the loop takes (G, OH, OW, B) outputs; the planes loops (G, OH, OW)
        self.args: tuple[Any, ...]
        if index:
            assert isinstance(red, MaxReduction)
            self.loop = loops.argmax_windows
            self.args = (h.windows, h.step, w.windows, w.step, loops.NAN_CODES[red.nan])
            return
        if isinstance(red, MaxReduction):
            nan_wins = red.nan not in ("ignore", "leading")
            if self.planar and w.sliding:
                self.loop, self.vectors = loops.max_planes_taps, False
                self.args = (h.windows, w.taps, np.array([h.step, w.stride, nan_wins], np.int64))
            else:
                self.loop = loops.max_windows
                self.args = (h.windows, w.windows, np.array([h.step, w.step, nan_wins], np.int64))
            return
        if isinstance(red, MeanReduction):
            axes = [_axis(a, n) for a, n in zip(spec.axes, spatial, strict=True)]
            divisor = _kernel_divisor(spec, spatial, red.divisor, red.divisor_value, axes)
            scale, mode = _scale(divisor, self.out_hw, spec.ndim, self.swap, dtype)
        else:
            scale, mode = np.ones((1, 1), dtype), 0
        if self.planar and w.sliding:
            self.loop, self.vectors = loops.sum_planes_taps, False
            self.args = (h.windows, w.taps, scale, np.array([h.step, h.zero, h.max_lanes, w.stride, mode], np.int64))
        elif self.planar and w.tile:
            self.loop, self.vectors = loops.sum_tiles_planes, False
            self.args = (h.windows, scale,
                         np.array([h.step, h.zero, h.max_lanes, w.tile, int(w.windows[0, 0]), mode], np.int64))
        else:
            self.loop = loops.sum_windows
            self.args = (h.windows, w.windows, scale,
                         np.array([h.step, h.zero, h.max_lanes, w.step, w.zero, w.max_lanes, mode], np.int64))

    def parts(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Everything :meth:`run` does for the values alone (no index loop) but the loop's call:
        ``(y, out, o, values)``, the loop's input, the result array allocated, the view of it the
        loop writes and the canonical ``(N, *out_spatial, C)`` view of it; ``self.loop(y, o,
        *self.args)`` fills them."""
        assert not self.index
        if self.ndim == 1:
            z = z[:, None]
        elif self.swap:
            z = z.transpose(0, 2, 1, 3)
        n, hh, ww, c = z.shape
        oh, ow = self.out_hw
        if self.planar:  # (G, H, W) channel planes, G = N C
            y = np.ascontiguousarray(z.transpose(0, 3, 1, 2)).reshape(n * c, hh, ww)
            out = np.empty((n, c, oh, ow), z.dtype)
            o = out.reshape(n * c, oh, ow, 1) if self.vectors else out.reshape(n * c, oh, ow)
            values = out.transpose(0, 2, 3, 1)
        else:  # (G, H, W, B) channel vectors, G = N, B = C
            y = np.ascontiguousarray(z).reshape(n, hh, ww * c)
            out = np.empty((n, oh, ow, c), z.dtype)
            o, values = out, out
        if self.ndim == 1:
            values = values[:, 0]
        elif self.swap:
            values = values.transpose(0, 2, 1, 3)
        return y, out, o, values

    def run(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """The loop over ``z`` ``(N, *spatial, C)`` (copied first when its memory is in neither
        order): the result ``(N, *out_spatial, C)`` (a view) and, for the index loop, the plane
        indices."""
        if not self.index:
            y, _, o, values = self.parts(z)
            self.loop(y, o, *self.args)
            return values, None
        if self.ndim == 1:
            z = z[:, None]
        elif self.swap and not self.index:
            z = z.transpose(0, 2, 1, 3)
        n, hh, ww, c = z.shape
        oh, ow = self.out_hw
        index = None
        if self.planar:  # (G, H, W) channel planes, G = N C
            y = np.ascontiguousarray(z.transpose(0, 3, 1, 2))
            out = np.empty((n, c, oh, ow), z.dtype)
            if self.index:
                index = np.empty((n, c, oh, ow), np.int64)
                self.loop(y.reshape(n * c, hh, ww, 1), out.reshape(n * c, oh, ow, 1),
                          index.reshape(n * c, oh, ow, 1), *self.args)
                index = index.transpose(0, 2, 3, 1)
            elif self.vectors:
                self.loop(y.reshape(n * c, hh, ww), out.reshape(n * c, oh, ow, 1), *self.args)
            else:
                self.loop(y.reshape(n * c, hh, ww), out.reshape(n * c, oh, ow), *self.args)
            out = out.transpose(0, 2, 3, 1)
        else:  # (G, H, W, B) channel vectors, G = N, B = C
            y = np.ascontiguousarray(z)
            out = np.empty((n, oh, ow, c), z.dtype)
            if self.index:
                index = np.empty((n, oh, ow, c), np.int64)
                self.loop(y, out, index, *self.args)
            else:
                self.loop(y.reshape(n, hh, ww * c), out, *self.args)
        if self.ndim == 1:
            return out[:, 0], None if index is None else index[:, 0]
        if self.swap and not self.index:
            out = out.transpose(0, 2, 1, 3)
        return out, index


def _loop(spec: PoolSpec, z: np.ndarray, x: np.ndarray, index: bool = False) -> _Loop:
    """:class:`_Loop` for ``z`` (``x``, or its powers for Lp, laid out by ``x``'s strides),
    cached when every spatial axis has at most :data:`CACHED_OUTPUTS` cells (the cache never
    keeps large tables alive)."""
    key = (spec, z.shape, x.strides, z.dtype, index)
    if max(z.shape[1:-1]) <= CACHED_OUTPUTS:  # (an axis has at most about as many outputs as cells)
        return _cached_loop(*key)
    return _Loop(*key)


@functools.lru_cache(maxsize=256)
def _cached_loop(spec: PoolSpec, shape: tuple[int, ...], strides: tuple[int, ...], dtype: np.dtype[Any],
                 index: bool) -> _Loop:
    return _Loop(spec, shape, strides, dtype, index)


def _scale(divisor: Any, out_hw: tuple[int, int], ndim: int, swap: bool,
           dtype: np.dtype[Any]) -> tuple[np.ndarray, int]:
    """The divisor as the loops apply it: ``(scale, mode)``, ``scale`` ``(OH, OW)`` (C-contiguous:
    the loops vectorise over it) of the sums' dtype; mode 1 multiplies by the reciprocal of one
    power of two (the quotient's bits, as :func:`_divide`), 2 divides."""
    d = np.asarray(divisor, dtype=dtype)
    if d.ndim == 0:
        if d != 0 and abs(np.frexp(d)[0]) == 0.5:
            return np.full(out_hw, np.reciprocal(d)), 1
        return np.full(out_hw, d), 2
    plane = d.reshape(d.shape[1:-1])
    if ndim == 1:
        plane = plane[None]
    return np.array(plane.T if swap else plane, order="C"), 2  # (a writeable copy: one array type for numba)


def values_loop(x: np.ndarray, spec: PoolSpec) -> _Loop | None:
    """The loop that computes ``pool(x, spec)`` alone, when ``pool`` runs the loops and has
    nothing to do after them (means; maxima without indices and without a NaN or finite-floor
    finish), else None: a caller that prepares repeated calls of one shape, strides and dtype
    (:mod:`arraylens.ops.pool.prepared`) calls it directly (:meth:`_Loop.parts`)."""
    red = spec.reduction
    if not _use_loops(spec, x.shape, x.dtype, COMPILED_MIN_ELEMENTS):
        return None
    if isinstance(red, MaxReduction):
        if x.dtype.kind == "f" and (red.nan == "leading" or red.finite_floor):
            return None
    elif not isinstance(red, MeanReduction):
        return None
    return _loop(spec, x, x)


def _compiled_reduce(z: np.ndarray, x: np.ndarray, spec: PoolSpec) -> np.ndarray:
    """Maxima, or sums divided by the mean's divisor (Lp: the sums of ``z``, the powers), of the
    canonical float array ``z`` (``x`` itself, or for Lp its powers) by the loops."""
    return _loop(spec, z, x).run(z)[0]


def _compiled_argmax(x: np.ndarray, spec: PoolSpec) -> tuple[np.ndarray, np.ndarray]:
    """The maxima and their plane indices by the loops (each window scanned row by row)."""
    values, index = _loop(spec, x, x, index=True).run(x)
    assert index is not None
    return values, index
