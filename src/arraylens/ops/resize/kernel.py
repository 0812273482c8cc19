"""The resize compute: per axis a banded table of taps, applied axis by axis.

For each resized axis :func:`axis_table` builds an ``(out, taps)`` table of input indices and
weights (a handful of taps per output position: 1 for nearest, 2 for linear, 4 for cubic,
``2 * ceil(radius * stretch)`` when antialiasing), and :func:`apply_axis` applies it with one
``np.take`` and one multiply-add per tap column: memory stays at the input, the result and one
temporary, and the work is ``taps x output`` per axis, never a dense ``out x in`` matrix.

Where the table is a *lattice* (an integer scale factor: the same weights every ``period``
output positions, the input moved by ``step``), its interior reads strided views of the input
instead (one multiply-add per phase and tap; the rows of a non-last axis in one compiled loop,
:mod:`.lattice_loop`), and nearest picks of whole lattices are one strided copy per phase.
Every path does the same operations on each element in the same order, so the path taken
never changes a bit. Tables, lattices and pass orders are kept between calls of the same
resize (:func:`_cached_axis_pass`, :func:`_prepared`).

A library's integer arithmetic for 8-bit images (OpenCV's and PIL's fixed point) plugs in
through :func:`register_fixed_point`: ``Precision.fixed_point`` names the registered function,
which receives the input, the spec and the float tables and returns the result.
"""

from __future__ import annotations

import itertools
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from arraylens.ops.resize.lattice_loop import lattice_rows
from arraylens.ops.resize.spec import (
    AxisResize,
    Coordinates,
    ResizeSpec,
    filter_function,
    filter_radius,
    nearest_index,
)

__all__ = [
    "AxisTable",
    "apply_axis",
    "axis_table",
    "peak_parts",
    "register_fixed_point",
    "resize",
    "value_at",
]


@dataclass(frozen=True)
class AxisTable:
    """The taps of one resized axis.

    Attributes
    ----------
    index : ndarray of intp, shape (out, taps)
        The input index each tap reads (already clamped or, for excluded taps, any valid index
        with weight 0).
    weight : ndarray of float64, shape (out, taps)
    position : ndarray of int64, shape (out, taps)
        The tap's position before clamping (may be outside ``[0, in)``).
    extrapolated : ndarray of bool, shape (out,)
        Output positions whose source coordinate is outside ``[0, in - 1]`` (tf_crop_and_resize).
    coords : Coordinates
        The source coordinates of the output positions.
    """

    index: np.ndarray
    weight: np.ndarray
    position: np.ndarray
    extrapolated: np.ndarray
    coords: Coordinates


def axis_table(spec: ResizeSpec, k: int, positions: np.ndarray | None = None) -> AxisTable:
    """The tap table of ``spec.resizes[k]`` for output ``positions`` (default: all)."""
    r = spec.resizes[k]
    x = np.arange(r.out_size, dtype=np.int64) if positions is None else np.asarray(positions, dtype=np.int64)
    c = r.coordinates(x, spec.precision)
    n = r.in_size
    if spec.extrapolation_value is not None and r.coordinate == "tf_crop_and_resize":
        extrapolated = (c.value < 0) | (c.floor > n - 1) | ((c.floor == n - 1) & (c.frac > 0))
    else:
        extrapolated = np.zeros(x.shape, bool)
    f = spec.filter
    if f.kind == "nearest":
        idx = nearest_index(c, f.rounding, n)[:, None]
        return AxisTable(idx, np.ones(idx.shape), idx.astype(np.int64), extrapolated, c)
    if f.kind == "area":
        pos, w = _area_taps(r, x, f.area)
    else:
        stretch = float(spec.stretch(r))
        reach = math.ceil(filter_radius(f) * stretch - 1e-12)
        reach = max(reach, 1)
        offsets = np.arange(1 - reach, reach + 1, dtype=np.int64)
        pos = c.floor[:, None] + offsets[None, :]
        frac = c.frac
        table = spec.precision.weight_table
        if table is not None and stretch == 1:  # weights read from a table of fractions (lrintf rounds to even)
            frac = np.rint(frac * table) / table
        if spec.precision.arithmetic == "exact":
            t = (offsets[None, :] - frac[:, None]) / stretch
        else:  # the libraries' float: (tap - x_src) times the float inverse of the stretch
            ft: Any = np.float32 if spec.precision.arithmetic == "float32" else np.float64
            t = ((offsets[None, :].astype(ft) - frac[:, None].astype(ft)) * ft(1 / stretch)).astype(np.float64)
        w = filter_function(f)(t)
    if spec.boundary == "exclude":
        w = np.where((pos < 0) | (pos >= n), 0.0, w)
    if spec.boundary == "exclude" or f.antialias or f.normalize:
        total = w.sum(axis=1, keepdims=True)
        w = w / np.where(total == 0, 1.0, total)
    idx = np.clip(pos, 0, n - 1).astype(np.intp)
    return AxisTable(idx, w, pos, extrapolated, c)


def _area_taps(r: AxisResize, x: np.ndarray, rule: str) -> tuple[np.ndarray, np.ndarray]:
    n, m = r.in_size, r.out_size
    if rule == "adaptive":  # PyTorch's adaptive average pooling windows, integer arithmetic
        start = (x * n) // m
        end = -((-(x + 1) * n) // m)
        width = int((end - start).max(initial=1))
        pos = start[:, None] + np.arange(width)[None, :]
        inside = pos < end[:, None]
        w = np.where(inside, 1.0 / (end - start)[:, None], 0.0)
        return np.where(inside, pos, start[:, None]), w
    # coverage: overlap of [x * n / m, (x + 1) * n / m) with each input pixel, divided by n / m
    lo = x * n / m
    hi = (x + 1) * n / m
    first = np.floor(lo).astype(np.int64)
    width = math.ceil(n / m) + 1
    pos = first[:, None] + np.arange(width)[None, :]
    overlap = np.minimum(hi[:, None], pos + 1.0) - np.maximum(lo[:, None], pos.astype(np.float64))
    w = np.maximum(overlap, 0.0) * (m / n)
    return np.where(w > 0, pos, first[:, None]), w


#: Elements of one block of a pass: its temporaries stay in the core's cache.
BLOCK = 1 << 15
#: Output elements of a pass from which the compiled rows loop runs: below it the NumPy passes
#: (the same operations in the same order, so the same bits) cost less than numba's import and
#: cache load on a process's first call (about 1 s), which a small CLI or notebook call would pay.
COMPILED_MIN_ELEMENTS = 1 << 16
#: Passes with at least this many output elements run their blocks on several threads.
PARALLEL_FROM = 1 << 18


@cache
def _workers() -> int:
    return min(4, os.cpu_count() or 1)


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=_workers(), thread_name_prefix="arraylens-resize")


if hasattr(os, "register_at_fork"):  # a forked child must not send work to the parent's threads
    os.register_at_fork(after_in_child=_pool.cache_clear)


def _blocks(n: int, per: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` ranges over ``n`` items of ``per`` elements each, about :data:`BLOCK` elements a block."""
    step = max(1, BLOCK // max(per, 1))
    return [(lo, min(lo + step, n)) for lo in range(0, n, step)]


@dataclass(frozen=True)
class _Lattice:
    """Output positions ``[lo, hi)`` of one axis whose taps repeat every ``period`` positions with
    the input indices moved by ``step`` and bit-for-bit the same weights: phase ``p`` (positions
    ``lo + p + j * period``) reads the strided input rows ``starts[p, t] + j * step``."""

    lo: int
    hi: int
    period: int
    step: int
    starts: np.ndarray  # (period, taps)


#: The longest period a lattice may have (more phases make each NumPy call too short).
MAX_PERIOD = 16


def _same_bits(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row by row, whether ``a`` and ``b`` (float64, same shape) hold the same bits (``-0.0`` is
    not ``0.0``: the sign of a zero product can reach the sum)."""
    return np.all(a.view(np.int64) == b.view(np.int64), axis=1)


def _lattice(index: np.ndarray, weight: np.ndarray) -> _Lattice | None:
    """The longest run of output positions whose taps are a lattice (see :class:`_Lattice`), found
    from the table alone; None when none of at least 2 periods exists for a period up to
    :data:`MAX_PERIOD`. Integer scale factors (x2 upsampling, /4 downsampling) give one interior
    lattice; clamped or renormalised edge positions are left out of it."""
    n_out = index.shape[0]
    mid = n_out // 2
    for period in range(1, min(MAX_PERIOD, n_out // 2) + 1):
        if mid + period >= n_out:
            break
        step = int(index[mid + period, 0] - index[mid, 0])
        if step < 1 or not np.all(index[mid + period] - index[mid] == step):
            continue
        if not _same_bits(weight[mid + period : mid + period + 1], weight[mid : mid + 1])[0]:
            continue
        ok = np.all(index[period:] - index[:-period] == step, axis=1) & _same_bits(weight[period:], weight[:-period])
        # the longest run of True in ok: rows a..b relate to a + period..b + period
        edges = np.flatnonzero(np.diff(np.concatenate(([0], ok.view(np.int8), [0]))))
        starts, stops = edges[0::2], edges[1::2]
        longest = int(np.argmax(stops - starts))
        lo = int(starts[longest])
        rows = (int(stops[longest]) + period - lo) // period
        if rows >= 2 and 2 * rows * period >= n_out:  # most of the axis, else a longer period may do
            return _Lattice(lo, lo + rows * period, period, step, index[lo : lo + period].copy())
    return None


@dataclass(frozen=True)
class _AxisPass:
    """A table made ready for :func:`_apply`: weights in the arithmetic's dtype, the taps that
    weigh something somewhere, whether it is a plain pick, and its lattice."""

    table: AxisTable
    dtype: np.dtype[Any]
    weight: np.ndarray  # (out, taps) in dtype
    active: tuple[int, ...]
    plain: bool
    lattice: _Lattice | None


def _axis_pass(table: AxisTable, dtype: Any) -> _AxisPass:
    dtype = np.dtype(dtype)
    w = table.weight.astype(dtype)
    taps = table.index.shape[1]
    plain = taps == 1 and bool(np.all(table.weight == 1.0))
    active = tuple(t for t in range(taps) if t == 0 or np.any(w[:, t]))
    # the lattice compares the weights in the arithmetic's dtype: what the products see
    lattice = _lattice(table.index, w.astype(np.float64)) if table.index.shape[0] >= 4 else None
    w.flags.writeable = False
    return _AxisPass(table, dtype, w, active, plain, lattice)


def apply_axis(
    x: np.ndarray, axis: int, table: AxisTable, dtype: Any, extrapolation_value: float | None = None
) -> np.ndarray:
    """Resize ``x`` along ``axis`` by ``table``, computing in ``dtype``.

    Each output element is ``x[tap 0] * w0 + x[tap 1] * w1 + ...`` in tap order (taps whose
    weight is 0 at every position are skipped). Output positions whose taps form a lattice
    (the same weights every ``period`` positions, the input moved by ``step``: the interior of
    an integer-factor resize) read strided views of the input, one multiply-add per phase and
    tap; the others gather their taps with ``np.take``. Both run in blocks of about
    :data:`BLOCK` output elements, on several threads for large outputs, and do the same
    operations on every element, so the path taken does not change a bit.

    Memory: the result plus two temporaries of one block per thread.
    """
    return _apply(x, axis, _axis_pass(table, dtype), extrapolation_value)


def _run_blocks(run: Callable[[Any], None], work: list[Any], size: int) -> None:
    """``run`` each block of ``work``: on the pool's threads when the pass has at least
    :data:`PARALLEL_FROM` output elements, in runs of consecutive blocks (four runs per thread,
    so that a thread the machine delays leaves its share to the others)."""
    n = _workers()
    if size >= PARALLEL_FROM and len(work) > 1 and n > 1:
        g = min(len(work), 4 * n)
        groups = [work[i * len(work) // g : (i + 1) * len(work) // g] for i in range(g)]

        def run_group(group: list[Any]) -> None:
            for b in group:
                run(b)

        list(_pool().map(run_group, [g for g in groups if g]))
    else:
        for b in work:
            run(b)


def _apply(x: np.ndarray, axis: int, ap: _AxisPass, extrapolation_value: float | None = None) -> np.ndarray:
    table, dtype = ap.table, ap.dtype
    n_out = table.index.shape[0]
    out_shape = list(x.shape)
    out_shape[axis] = n_out
    if math.prod(out_shape) == 0:
        return np.empty(out_shape, dtype)
    idx = table.index
    lat = ap.lattice if _mergeable(x, axis) else None
    if ap.plain and lat is None:  # one pick per output and no arithmetic: one gather of the whole array is fastest
        out = np.take(x, idx[:, 0], axis=axis).astype(dtype, copy=False)
    else:
        out = np.empty(out_shape, dtype)
        ranges = [(0, n_out)] if lat is None else [(0, lat.lo), (lat.hi, n_out)]
        if lat is not None:
            _lattice_pass(x, out, axis, ap, lat)
        for a, b in ranges:
            if b > a:
                _gather_pass(x, out, axis, ap, a, b)
    if extrapolation_value is not None and table.extrapolated.any():
        sel = [slice(None)] * x.ndim
        sel[axis] = table.extrapolated  # type: ignore[call-overload]
        out[tuple(sel)] = extrapolation_value
    return out


def _mergeable(x: np.ndarray, axis: int) -> bool:
    """Whether ``x`` is a view of shape ``(before axis, axis, after axis)`` without a copy."""
    if x.flags.c_contiguous:
        return True
    try:
        x.reshape(math.prod(x.shape[:axis]), x.shape[axis], math.prod(x.shape[axis + 1 :]), copy=False)
    except ValueError:
        return False
    return True


def _lattice_pass(x: np.ndarray, out: np.ndarray, axis: int, ap: _AxisPass, lat: _Lattice) -> None:
    """Output positions ``[lat.lo, lat.hi)``: per phase and tap, one strided view of the input
    times the phase's weight (a scalar), added in tap order."""
    dtype, active = ap.dtype, ap.active
    n_in, n_out = x.shape[axis], out.shape[axis]
    outer = math.prod(x.shape[:axis])
    inner = math.prod(x.shape[axis + 1 :])
    x3 = x.reshape(outer, n_in, inner, copy=False)  # a view (the caller checked :func:`_mergeable`)
    period, step, rows = lat.period, lat.step, (lat.hi - lat.lo) // lat.period
    o4 = out.reshape(outer, n_out, inner)[:, lat.lo : lat.hi].reshape(outer, rows, period, inner)
    wl = ap.weight[lat.lo : lat.lo + period]
    per_outer = rows * period * inner
    if ap.plain:  # copies only, no temporary to keep in cache: four blocks per thread
        parts = 4 * _workers()
        step_o = max(1, -(-outer // parts))
        work = [(o, min(o + step_o, outer), 0, rows) for o in range(0, outer, step_o)]
        if len(work) < parts and rows >= parts:
            step_j = -(-rows // parts)
            work = [(o, o + 1, j, min(j + step_j, rows)) for o in range(outer) for j in range(0, rows, step_j)]
    elif per_outer <= BLOCK:
        step_o = BLOCK // per_outer
        work = [(o, min(o + step_o, outer), 0, rows) for o in range(0, outer, step_o)]
    else:
        step_j = max(1, BLOCK // (period * inner))
        work = [(o, o + 1, j, min(j + step_j, rows)) for o in range(outer) for j in range(0, rows, step_j)]

    compiled_rows = outer * (lat.hi - lat.lo) * inner >= COMPILED_MIN_ELEMENTS
    if compiled_rows and inner > 1 and not ap.plain and x.dtype == dtype and dtype.type in (np.float32, np.float64):
        # rows of a non-last axis: one compiled loop, the same operations in the same order (the
        # last axis stays with NumPy: a scalar loop over its taps measured slower, 5.6 vs 2.2 ms
        # for the bilinear x2 width pass)
        o3 = out.reshape(outer, n_out, inner)
        starts = np.ascontiguousarray(lat.starts[:, list(active)], dtype=np.int64)
        weights = np.ascontiguousarray(wl[:, list(active)])

        def run_compiled(block: tuple[int, int, int, int]) -> None:
            lattice_rows(x3, o3, lat.lo, period, step, starts, weights, *block)

        _run_blocks(run_compiled, work, outer * (lat.hi - lat.lo) * inner)
        return

    def run(block: tuple[int, int, int, int]) -> None:
        o0, o1, j0, j1 = block
        tmp = None
        # interleaved phases of the last axis: sum in a contiguous buffer, then one strided copy
        acc = None if inner > 1 or period == 1 or ap.plain else np.empty(o4[o0:o1, j0:j1, 0].shape, dtype)
        for p in range(period):
            dst = o4[o0:o1, j0:j1, p]
            into = dst if acc is None else acc
            for k, t in enumerate(active):
                s = int(lat.starts[p, t]) + j0 * step
                src = x3[o0:o1, s : s + (j1 - j0 - 1) * step + 1 : step]
                if ap.plain:
                    np.copyto(dst, src, casting="unsafe")
                elif k == 0:
                    np.multiply(src, wl[p, t], out=into, dtype=dtype, casting="unsafe")
                else:
                    if tmp is None:
                        tmp = np.empty(dst.shape, dtype)
                    np.multiply(src, wl[p, t], out=tmp, dtype=dtype, casting="unsafe")
                    np.add(into, tmp, out=into)
            if into is not dst:
                np.copyto(dst, into)

    _run_blocks(run, work, outer * (lat.hi - lat.lo) * inner)


def _gather_pass(x: np.ndarray, out: np.ndarray, axis: int, ap: _AxisPass, a: int, b: int) -> None:
    """Output positions ``[a, b)``: each tap gathered with ``np.take``, multiplied and added in
    tap order."""
    dtype, w, active = ap.dtype, ap.weight, ap.active
    idx = ap.table.index[a:b]
    n_out = b - a

    def combine(take: Callable[[np.ndarray], np.ndarray], weights: Callable[[int], np.ndarray]) -> np.ndarray:
        acc = take(idx[:, 0]).astype(dtype, copy=False)
        if ap.plain:
            return acc
        acc *= weights(0)
        for t in active[1:]:
            term = take(idx[:, t]).astype(dtype, copy=False)
            term *= weights(t)
            acc += term
        return acc

    if axis == x.ndim - 1:  # blocks of whole rows: each gathers along one contiguous row
        x2 = x.reshape(-1, x.shape[-1])
        o2 = out.reshape(-1, out.shape[-1])
        c0, c1 = int(idx.min()), int(idx.max()) + 1  # the input columns these positions read

        def run(block: tuple[int, int]) -> None:
            lo, hi = block
            # gather whole rows of the transposed block (contiguous copies), not single elements
            src = np.ascontiguousarray(x2[lo:hi, c0:c1].T)
            o2[lo:hi, a:b] = combine(lambda i: np.take(src, i - c0, axis=0), lambda t: w[a:b, t, None]).T

        work = _blocks(x2.shape[0], max(n_out, c1 - c0))
    else:  # blocks of output positions along ``axis``
        per = math.prod(out.shape) // out.shape[axis]
        shape = [1] * x.ndim

        def run(block: tuple[int, int]) -> None:
            lo, hi = block
            sel = (slice(None),) * axis + (slice(a + lo, a + hi),)
            shape_b = list(shape)
            shape_b[axis] = hi - lo
            out[sel] = combine(
                lambda i: np.take(x, i[lo:hi], axis=axis), lambda t: w[a + lo : a + hi, t].reshape(shape_b)
            )

        work = _blocks(n_out, per)
    _run_blocks(run, work, math.prod(out.shape[:axis]) * n_out * math.prod(out.shape[axis + 1 :]))


FixedPoint = Callable[[np.ndarray, ResizeSpec, list[AxisTable]], np.ndarray]
_FIXED_POINT: dict[str, FixedPoint] = {}


def register_fixed_point(name: str, fn: FixedPoint) -> None:
    """Register a library's integer arithmetic under ``name`` (``Precision.fixed_point``).

    ``fn(x, spec, tables)`` receives the input array, the spec and the float tap tables of
    every resized axis (in ``spec.axes`` order) and returns the result array.
    """
    if name in _FIXED_POINT:
        raise ValueError(f"fixed point {name!r} is registered twice")
    _FIXED_POINT[name] = fn


#: How much more a tap costs on the array's last axis (a strided gather) than on another axis
#: (whole contiguous rows taken at once); measured on float32 1x3x512x512 bilinear passes.
LAST_AXIS_COST = 2.0


def _taps_estimate(spec: ResizeSpec, k: int) -> float:
    """About how many taps an output position of axis ``k`` reads (from the spec alone, so that
    the full result and one element choose the same pass order)."""
    r = spec.resizes[k]
    if spec.filter.kind == "nearest":
        return 1.0
    if spec.filter.kind == "area":
        return max(1.0, r.in_size / max(r.out_size, 1)) + 1.0
    return 2.0 * max(1.0, filter_radius(spec.filter) * float(spec.stretch(r)))


def pass_order(shape: tuple[int, ...], spec: ResizeSpec) -> list[int]:
    """The order of the per-axis passes (indices into ``spec.axes``) that costs least: each pass
    costs its output's size times its taps (times :data:`LAST_AXIS_COST` on the last axis), so
    shrinking axes go first and an enlarged last axis is resized while the array is still small.
    The result is the same in any order up to float rounding (the filter is separable);
    :func:`resize` and :func:`value_at` use the same order, so they round alike."""
    taps = [_taps_estimate(spec, k) for k in range(len(spec.axes))]
    best: tuple[float, list[int]] | None = None
    for order in itertools.permutations(range(len(spec.axes))):
        size = list(shape)
        cost = 0.0
        for k in order:
            axis = spec.axes[k]
            size[axis] = spec.resizes[k].out_size
            cost += math.prod(size) * taps[k] * (LAST_AXIS_COST if axis == len(shape) - 1 else 1.0)
        if best is None or cost < best[0]:
            best = (cost, list(order))
    assert best is not None
    return best[1]


#: Bytes a tap table entry (one output position, one tap) may take at the peak of building an
#: axis's tables: the canonical table (index, weight, position) and its temporaries, and a
#: library's own tables built after it (fixed-point weights, masks, float32 copies). Measured with
#: tracemalloc (tests/ops/resize/test_resize_memory.py): at most about 150 bytes on every path.
TABLE_BYTES_PER_TAP = 128

#: Bytes per output position of an axis at the same peak (source coordinates, floors, fractions,
#: first taps, sums of weights, lattice checks); measured at most about 400 bytes.
TABLE_BYTES_PER_POSITION = 384

#: Arrays of the size of the largest pass held at the same time (the pass's input converted to the
#: arithmetic's dtype, its output, a term, the library's conversion of the result), at 8 bytes an
#: element.
PASS_BUFFERS = 6


def _table_taps(spec: ResizeSpec, k: int) -> int:
    """An upper bound of the taps per output position of axis ``k`` in any library's table."""
    r = spec.resizes[k]
    if spec.filter.kind == "nearest":
        return 2
    if spec.filter.kind == "area":
        return -(-r.in_size // max(r.out_size, 1)) + 3
    return 2 * max(math.ceil(filter_radius(spec.filter) * float(spec.stretch(r))), 1) + 3


def peak_parts(shape: tuple[int, ...], spec: ResizeSpec) -> list[tuple[str, tuple[int, ...], Any]]:
    """The arrays a resize of an input of ``shape`` holds at its peak, for
    :func:`arraylens.core.limits.check_allocations`: an upper bound (measured with tracemalloc on
    every path) of the pass buffers and of each axis's tap tables (output positions times taps:
    an antialiased shrink by ``s`` reads about ``2 * radius * s`` taps per position).

    Parameters
    ----------
    shape : tuple of int
        The input's shape.
    spec : ResizeSpec

    Returns
    -------
    list of (str, shape, dtype)
    """
    size = list(shape)
    largest = math.prod(size)
    for k in pass_order(tuple(shape), spec):
        size[spec.axes[k]] = spec.resizes[k].out_size
        largest = max(largest, math.prod(size))
    parts: list[tuple[str, tuple[int, ...], Any]] = [
        (f"{PASS_BUFFERS} pass buffers", (PASS_BUFFERS, largest), np.float64)
    ]
    for k, a in enumerate(spec.axes):
        m = spec.resizes[k].out_size
        taps = _table_taps(spec, k)
        per = taps * TABLE_BYTES_PER_TAP + TABLE_BYTES_PER_POSITION
        parts.append(
            (f"the tap tables of axis {a} ({m} positions x {taps} taps: {per} bytes a position)", (m, per), np.uint8)
        )
    return parts


def resize(x: np.ndarray, spec: ResizeSpec, dtype: Any = None) -> np.ndarray:
    """Resize ``x`` by ``spec``.

    Parameters
    ----------
    x : ndarray
        Any real dtype.
    spec : ResizeSpec
    dtype : dtype, optional
        The arithmetic's dtype (default: ``x``'s for floats, float64 otherwise). Nearest picks
        keep ``x``'s dtype whatever ``dtype`` says (no arithmetic).

    Returns
    -------
    ndarray of ``dtype`` (nearest: ``x``'s dtype), shape ``spec.output_shape(x.shape)``; in native
    byte order (a big-endian input is read as its values).
    """
    spec.output_shape(x.shape)
    if not x.dtype.isnative:  # the compiled loops (numba) take native byte order only
        x = x.astype(x.dtype.newbyteorder("="))
    if dtype is not None:
        dtype = np.dtype(dtype).newbyteorder("=")
    if spec.precision.fixed_point is not None:
        return _FIXED_POINT[spec.precision.fixed_point](x, spec, [axis_table(spec, k) for k in range(len(spec.axes))])
    if spec.filter.kind == "nearest" and spec.extrapolation_value is None:
        dtype = x.dtype
    elif dtype is None:
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    passes, order, picks = _prepared(spec, np.dtype(dtype), x.shape)
    if picks is not None and x.size:
        return _lattice_picks(x, spec, passes, picks)
    out = x
    for k in order:
        out = _apply(out, spec.axes[k], passes[k], spec.extrapolation_value)
    if out is x:
        out = x.astype(dtype, copy=True)
    if spec.extrapolation_value is not None:
        # exactly the extrapolation value wherever any axis is outside (a later axis's weights would
        # otherwise round the value set by an earlier one)
        for k, axis in enumerate(spec.axes):
            extrapolated = passes[k].table.extrapolated
            if extrapolated.any():
                sel: list[Any] = [slice(None)] * out.ndim
                sel[axis] = extrapolated
                out[tuple(sel)] = spec.extrapolation_value
    return out


def _picks_plan(shape: tuple[int, ...], spec: ResizeSpec, passes: list[_AxisPass]) -> list[tuple[Any, Any]] | None:
    """For nearest picks whose every resized axis is one whole lattice (an integer-factor
    resize): per combination of phases, the index of the output (split into rows and phases per
    resized axis) and the strided slice of the input it copies; None when some axis is not."""
    if not passes or spec.extrapolation_value is not None or not all(ap.plain for ap in passes):
        return None
    lattices = [ap.lattice for ap in passes]
    if any(
        lat is None or lat.lo != 0 or lat.hi != ap.table.index.shape[0]
        for lat, ap in zip(lattices, passes, strict=True)
    ):
        return None
    out_shape = spec.output_shape(shape)
    split: list[int] = []
    for a, n in enumerate(out_shape):
        lat = lattices[spec.axes.index(a)] if a in spec.axes else None
        split += [n] if lat is None else [n // lat.period, lat.period]
    picks: list[tuple[Any, Any]] = []
    for phases in itertools.product(*(range(lat.period) for lat in lattices if lat is not None)):
        dst: list[Any] = []
        src: list[Any] = []
        for a in range(len(shape)):
            lat = lattices[spec.axes.index(a)] if a in spec.axes else None
            if lat is None:
                dst.append(slice(None))
                src.append(slice(None))
                continue
            p = phases[spec.axes.index(a)]
            first = int(lat.starts[p, 0])
            dst += [slice(None), p]
            src.append(slice(first, first + (out_shape[a] // lat.period - 1) * lat.step + 1, lat.step))
        picks.append((tuple(dst), tuple(src)))
    return [(tuple(split), None), *picks]


def _lattice_picks(
    x: np.ndarray, spec: ResizeSpec, passes: list[_AxisPass], picks: list[tuple[Any, Any]]
) -> np.ndarray:
    """The nearest picks of :func:`_picks_plan`: one strided copy per combination of phases
    instead of one gather per axis (the same values: copies cast to the same dtype)."""
    out = np.empty(spec.output_shape(x.shape), passes[0].dtype)
    view = out.reshape(picks[0][0])
    for dst, src in picks[1:]:
        np.copyto(view[dst], x[src], casting="unsafe")
    return out


_PREPARED: OrderedDict[Any, Any] = OrderedDict()
_PREPARED_BY_VALUE: OrderedDict[Any, Any] = OrderedDict()


def _keep(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    with _PASSES_LOCK:
        cache[key] = value
        while len(cache) > 32:
            cache.popitem(last=False)


def _prepared(
    spec: ResizeSpec, dtype: np.dtype[Any], shape: tuple[int, ...]
) -> tuple[list[_AxisPass], list[int], list[tuple[Any, Any]] | None]:
    """The passes, their order and the nearest picks' copies of ``spec`` on an input of
    ``shape``, kept for the next call: by the spec object itself (a front-end that keeps its
    checked plans passes the very same spec again: no hashing of its rules), else by its value."""
    key = (id(spec), dtype, shape)
    with _PASSES_LOCK:
        hit = _PREPARED.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    value_key = (spec, dtype, shape)
    with _PASSES_LOCK:
        prepared = _PREPARED_BY_VALUE.get(value_key)
    if prepared is None:
        passes = [_cached_axis_pass(spec, k, dtype) for k in range(len(spec.axes))]
        prepared = (passes, pass_order(shape, spec), _picks_plan(shape, spec, passes))
        if not all(_small(ap.table) for ap in passes):  # large tables are not kept (memory)
            return prepared
        _keep(_PREPARED_BY_VALUE, value_key, prepared)
    _keep(_PREPARED, key, (spec, prepared))  # the spec is kept with it: its id stays its own
    return prepared


#: Tables of at most this many bytes are kept for the next call with the same axis rules: the 64
#: latest axes, and those of the 32 latest resizes by spec object and by value (in the worst
#: case, every one of them distinct and this large, 256 MiB; a 512 -> 1024 bicubic table is
#: 98 KiB).
CACHE_TABLE_BYTES = 1 << 20


def _small(table: AxisTable) -> bool:
    return table.index.nbytes + table.weight.nbytes + table.position.nbytes <= CACHE_TABLE_BYTES


_PASSES: OrderedDict[Any, _AxisPass] = OrderedDict()
_PASSES_LOCK = threading.Lock()


def _cached_axis_pass(spec: ResizeSpec, k: int, dtype: Any) -> _AxisPass:
    """:func:`axis_table` made ready for the passes, kept (read-only) for the next call with the
    same axis rule, filter, boundary, precision and dtype: a repeated call of the same resize
    builds no table."""
    dtype = np.dtype(dtype)
    key = (spec.resizes[k], spec.filter, spec.boundary, spec.extrapolation_value, spec.precision, dtype)
    with _PASSES_LOCK:
        hit = _PASSES.get(key)
        if hit is not None:
            _PASSES.move_to_end(key)
            return hit
    table = axis_table(spec, k)
    for a in (table.index, table.weight, table.position, table.extrapolated):
        a.flags.writeable = False
    ap = _axis_pass(table, dtype)
    if _small(table):
        with _PASSES_LOCK:
            _PASSES[key] = ap
            while len(_PASSES) > 64:
                _PASSES.popitem(last=False)
    return ap


def value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...], dtype: Any = None) -> tuple[Any, list[AxisTable]]:
    """One output element, in O(its taps): ``(value, per-axis one-row tables)``.

    The taps along every resized axis combine as an outer product: the element is
    ``sum over taps of x[taps] * prod(weights)`` (or the extrapolation value).
    """
    tables = [axis_table(spec, k, np.array([index[a]])) for k, a in enumerate(spec.axes)]
    if spec.filter.kind == "nearest" and spec.extrapolation_value is None:
        dtype = x.dtype
    elif dtype is None:
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    if spec.extrapolation_value is not None and any(t.extrapolated[0] for t in tables):
        return np.asarray(spec.extrapolation_value, dtype=dtype)[()], tables
    sel: list[Any] = [np.array([i]) for i in index]
    for k, a in enumerate(spec.axes):
        sel[a] = tables[k].index[0]
    block = x[np.ix_(*sel)]
    # the kernel's operations, in its order, on the taps only: the same rounding as the full result
    local = [
        AxisTable(
            np.arange(t.index.shape[1], dtype=np.intp)[None, :], t.weight, t.position, np.zeros(1, bool), t.coords
        )
        for t in tables
    ]
    order = pass_order(x.shape, spec)
    out = block
    for k in order:
        out = apply_axis(out, spec.axes[k], local[k], dtype)
    return np.asarray(out, dtype=dtype).reshape(())[()], tables
