"""The resize compute: per axis a banded table of taps, applied axis by axis.

For each resized axis :func:`axis_table` builds an ``(out, taps)`` table of input indices and
weights (a handful of taps per output position: 1 for nearest, 2 for linear, 4 for cubic,
``2 * ceil(radius * stretch)`` when antialiasing), and :func:`apply_axis` applies it with one
``np.take`` and one multiply-add per tap column: memory stays at the input, the result and one
temporary, and the work is ``taps x output`` per axis, never a dense ``out x in`` matrix.

A library's integer arithmetic for 8-bit images (OpenCV's and PIL's fixed point) plugs in
through :func:`register_fixed_point`: ``Precision.fixed_point`` names the registered function,
which receives the input, the spec and the float tables and returns the result.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from arraylens.ops.resize.spec import (
    AxisResize,
    Coordinates,
    ResizeSpec,
    filter_function,
    filter_radius,
    nearest_index,
)

__all__ = ["AxisTable", "apply_axis", "axis_table", "register_fixed_point", "resize", "value_at"]


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


def apply_axis(x: np.ndarray, axis: int, table: AxisTable, dtype: Any,
               extrapolation_value: float | None = None) -> np.ndarray:
    """Resize ``x`` along ``axis`` by ``table``, computing in ``dtype``.

    Each output element is ``x[tap 0] * w0 + x[tap 1] * w1 + ...`` in tap order (taps whose
    weight is 0 at every position are skipped). The pass runs in blocks of about
    :data:`BLOCK` output elements (rows of the flattened array for the last axis, output
    positions of ``axis`` otherwise), on several threads for large outputs.

    Memory: the result plus two temporaries of one block per thread.
    """
    n_out, taps = table.index.shape
    out_shape = list(x.shape)
    out_shape[axis] = n_out
    w = table.weight.astype(dtype)
    plain = taps == 1 and bool(np.all(table.weight == 1.0))
    active = [t for t in range(taps) if t == 0 or np.any(w[:, t])]
    idx = table.index

    def combine(take: Callable[[np.ndarray], np.ndarray], weights: Callable[[int], np.ndarray]) -> np.ndarray:
        acc = take(idx[:, 0]).astype(dtype, copy=False)
        acc *= weights(0)
        for t in active[1:]:
            term = take(idx[:, t]).astype(dtype, copy=False)
            term *= weights(t)
            acc += term
        return acc

    work: list[tuple[int, int]] = []
    if math.prod(out_shape) == 0:
        return np.empty(out_shape, dtype)
    if plain:  # one pick per output and no arithmetic: one gather of the whole array is fastest
        out = np.take(x, idx[:, 0], axis=axis).astype(dtype, copy=False)
    else:
        out = np.empty(out_shape, dtype)
    if plain:
        pass
    elif axis == x.ndim - 1:  # blocks of whole rows: each gathers along one contiguous row
        x2 = x.reshape(-1, x.shape[-1])
        o2 = out.reshape(-1, n_out)

        def run(block: tuple[int, int]) -> None:
            lo, hi = block
            # gather whole rows of the transposed block (contiguous copies), not single elements
            src = np.ascontiguousarray(x2[lo:hi].T)
            o2[lo:hi] = combine(lambda i: np.take(src, i, axis=0), lambda t: w[:, t, None]).T

        work = _blocks(x2.shape[0], n_out)
    else:  # blocks of output positions along ``axis``
        per = out.size // n_out
        shape = [1] * x.ndim

        def run(block: tuple[int, int]) -> None:
            lo, hi = block
            sel = (slice(None),) * axis + (slice(lo, hi),)
            shape_b = list(shape)
            shape_b[axis] = hi - lo
            out[sel] = combine(lambda i: np.take(x, i[lo:hi], axis=axis), lambda t: w[lo:hi, t].reshape(shape_b))

        work = _blocks(n_out, per)
    if out.size >= PARALLEL_FROM and len(work) > 1 and _workers() > 1:
        list(_pool().map(run, work))
    else:
        for b in work:
            run(b)
    if extrapolation_value is not None and table.extrapolated.any():
        sel = [slice(None)] * x.ndim
        sel[axis] = table.extrapolated  # type: ignore[call-overload]
        out[tuple(sel)] = extrapolation_value
    return out


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
    ndarray of ``dtype`` (nearest: ``x``'s dtype), shape ``spec.output_shape(x.shape)``.
    """
    spec.output_shape(x.shape)
    tables = [axis_table(spec, k) for k in range(len(spec.axes))]
    if spec.precision.fixed_point is not None:
        return _FIXED_POINT[spec.precision.fixed_point](x, spec, tables)
    if spec.filter.kind == "nearest" and spec.extrapolation_value is None:
        dtype = x.dtype
    elif dtype is None:
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    order = pass_order(x.shape, spec)
    out = x
    for k in order:
        out = apply_axis(out, spec.axes[k], tables[k], dtype, spec.extrapolation_value)
    if out is x:
        out = x.astype(dtype, copy=True)
    if spec.extrapolation_value is not None:
        # exactly the extrapolation value wherever any axis is outside (a later axis's weights would
        # otherwise round the value set by an earlier one)
        for k, axis in enumerate(spec.axes):
            if tables[k].extrapolated.any():
                sel: list[Any] = [slice(None)] * out.ndim
                sel[axis] = tables[k].extrapolated
                out[tuple(sel)] = spec.extrapolation_value
    return out


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
    local = [AxisTable(np.arange(t.index.shape[1], dtype=np.intp)[None, :], t.weight, t.position,
                       np.zeros(1, bool), t.coords) for t in tables]
    order = pass_order(x.shape, spec)
    out = block
    for k in order:
        out = apply_axis(out, spec.axes[k], local[k], dtype)
    return np.asarray(out, dtype=dtype).reshape(())[()], tables
