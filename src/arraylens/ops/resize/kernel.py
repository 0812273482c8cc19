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

import math
from collections.abc import Callable
from dataclasses import dataclass
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


def apply_axis(x: np.ndarray, axis: int, table: AxisTable, dtype: Any,
               extrapolation_value: float | None = None) -> np.ndarray:
    """Resize ``x`` along ``axis`` by ``table``, computing in ``dtype``.

    Memory: the result plus one temporary of the result's size.
    """
    shape = [1] * x.ndim
    shape[axis] = table.index.shape[0]
    taps = table.index.shape[1]
    if taps == 1 and np.all(table.weight == 1.0):
        out = np.take(x, table.index[:, 0], axis=axis).astype(dtype, copy=False)
    else:
        w = table.weight.astype(dtype)
        out = np.take(x, table.index[:, 0], axis=axis).astype(dtype, copy=False)  # take copies: out is ours
        out *= w[:, 0].reshape(shape)
        for t in range(1, taps):
            col = w[:, t]
            if not np.any(col):
                continue
            term = np.take(x, table.index[:, t], axis=axis).astype(dtype, copy=False)
            term *= col.reshape(shape)
            out += term
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
    # shrink first: the axes that reduce the most go first, so later axes work on less
    order = sorted(range(len(spec.axes)), key=lambda k: spec.resizes[k].out_size / spec.resizes[k].in_size)
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
    order = sorted(range(len(spec.axes)), key=lambda k: spec.resizes[k].out_size / spec.resizes[k].in_size)
    out = block
    for k in order:
        out = apply_axis(out, spec.axes[k], local[k], dtype)
    return np.asarray(out, dtype=dtype).reshape(())[()], tables
