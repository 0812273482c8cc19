"""The padding kernel: one output allocation, the input copied once, the borders gathered.

* Source-index modes: the cropped input is copied into the centre of the output; then, axis
  by axis, the border slabs are gathered (``np.take`` with the axis's small index array) from
  the part of the output already filled, so corners combine the maps of both axes. Memory: the
  output plus one border slab at a time. The ``original`` crop rule with an actual crop reads
  outside the cropped centre; it gathers axis by axis from the input instead.
* Fills follow NumPy's order (``numpy/lib/_arraypad_impl.py``): axis by axis, a later axis
  covers the corners, and a statistic or ramp of a later axis is taken over the values an
  earlier axis padded. Statistics are NumPy's own reductions over the window (rounded for
  integer dtypes as NumPy rounds them); ramps are ``np.linspace`` in the output dtype.
* ``reflect_type='odd'`` follows NumPy's chunked reflection (``2 * edge - chunk``), whose edge is
  the outermost value so far when the width exceeds the size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from arraylens.ops.rearrange.pad.spec import MAP_MODES, STAT_MODES, PadSpec, source_index

__all__ = ["STAT_FUNCTIONS", "pad", "pad_line_odd", "window_lengths"]

STAT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "maximum": np.amax, "minimum": np.amin, "mean": np.mean, "median": np.median}
"""NumPy's reductions for the statistic modes, as ``np.pad`` calls them."""


def _at(axis: int, ndim: int, s: Any) -> tuple[Any, ...]:
    return (slice(None),) * axis + (s,) + (slice(None),) * (ndim - axis - 1)


def _roi(out: np.ndarray, centre: tuple[slice, ...], axis: int) -> np.ndarray:
    """The part NumPy pads along ``axis``: full extent up to ``axis``, the centre after it."""
    return out[tuple(slice(None) if k <= axis else centre[k] for k in range(out.ndim))]


def pad(x: np.ndarray, spec: PadSpec) -> np.ndarray:
    """Pad ``x`` by ``spec``; the result has ``x``'s dtype and ``spec.output_shape(x.shape)``.

    The caller (a front-end) has checked the widths against the sizes.
    """
    if spec.mode in MAP_MODES and spec.crop == "original" and spec.has_crop:
        out = x
        for axis in range(x.ndim):
            b, a = spec.widths[axis]
            if b or a:
                idx = spec.axis_source(axis, x.shape[axis], np.arange(x.shape[axis] + b + a))
                out = np.take(out, idx, axis=axis)
        return np.ascontiguousarray(out)
    crop = tuple(slice(max(-b, 0), n - max(-a, 0)) for n, (b, a) in zip(x.shape, spec.widths, strict=True))
    x = x[crop]
    widths = [(max(b, 0), max(a, 0)) for b, a in spec.widths]
    out = np.empty(tuple(n + b + a for n, (b, a) in zip(x.shape, widths, strict=True)), dtype=x.dtype)
    centre = tuple(slice(b, b + n) for n, (b, _) in zip(x.shape, widths, strict=True))
    out[centre] = x
    if out.size == 0:
        return out
    nd = x.ndim
    for axis, (b, a) in enumerate(widths):
        if not (b or a):
            continue
        n = x.shape[axis]
        roi = _roi(out, centre, axis)
        if spec.mode in MAP_MODES and not (spec.reflect_type == "odd" and spec.mode in ("reflect", "symmetric")):
            for side, positions in ((slice(0, b), np.arange(-b, 0)), (slice(b + n, b + n + a), np.arange(n, n + a))):
                if positions.size:
                    # basic indexing per source row: no copy of the centre (np.take would make
                    # the strided view contiguous first)
                    sources = b + _map(positions, n, spec.mode)
                    if sources.size > 32:  # wide borders: one gather of the slab
                        roi[_at(axis, nd, side)] = roi[_at(axis, nd, sources)]
                        continue
                    for t, src in zip(range(side.start, side.stop), sources.tolist(), strict=True):
                        roi[_at(axis, nd, t)] = roi[_at(axis, nd, src)]
        elif spec.mode == "constant":
            vb, va = spec.values[axis]
            roi[_at(axis, nd, slice(0, b))] = vb
            roi[_at(axis, nd, slice(b + n, b + n + a))] = va
        elif spec.mode in STAT_MODES:
            left, right = window_lengths(n, spec.stat_length[axis])
            func = STAT_FUNCTIONS[spec.mode]
            for side, window in ((slice(0, b), slice(b, b + left)),
                                 (slice(b + n, b + n + a), slice(b + n - right, b + n))):
                stat = np.asarray(func(roi[_at(axis, nd, window)], axis=axis, keepdims=True))
                if np.issubdtype(out.dtype, np.integer):
                    stat = stat.round()
                roi[_at(axis, nd, side)] = stat
        elif spec.mode == "linear_ramp":
            eb, ea = spec.values[axis]
            left_edge = roi[_at(axis, nd, slice(b, b + 1))]
            right_edge = roi[_at(axis, nd, slice(b + n - 1, b + n))]
            roi[_at(axis, nd, slice(0, b))] = np.linspace(eb, left_edge.squeeze(axis), b, endpoint=False,
                                                          dtype=out.dtype, axis=axis)
            ramp = np.linspace(ea, right_edge.squeeze(axis), a, endpoint=False, dtype=out.dtype, axis=axis)
            roi[_at(axis, nd, slice(b + n, b + n + a))] = ramp[_at(axis, nd, slice(None, None, -1))]
        else:  # odd reflection
            _odd_axis(roi, axis, (b, a), n, spec.mode == "symmetric")
    return out


def _map(positions: np.ndarray, n: int, mode: str) -> np.ndarray:
    return np.asarray(source_index(positions, n, mode))


def window_lengths(n: int, lengths: tuple[int | None, int | None]) -> tuple[int, int]:
    """NumPy's statistic windows next to each edge: ``stat_length`` clipped to the axis size."""
    left, right = lengths
    return (n if left is None or left > n else left), (n if right is None or right > n else right)


def _odd_axis(roi: np.ndarray, axis: int, width: tuple[int, int], n: int, include_edge: bool) -> None:
    """NumPy's ``_set_reflect_both`` with ``method='odd'``, repeated until both sides are filled."""
    nd = roi.ndim
    left_pad, right_pad = width
    if n == 1:
        edge = roi[_at(axis, nd, slice(left_pad, left_pad + 1))]
        roi[_at(axis, nd, slice(0, left_pad))] = edge
        roi[_at(axis, nd, slice(left_pad + 1, left_pad + 1 + right_pad))] = edge
        return
    while left_pad > 0 or right_pad > 0:
        old_length = roi.shape[axis] - right_pad - left_pad
        if include_edge:
            old_length = old_length // n * n
            edge_offset = 1
        else:
            old_length = (old_length - 1) // (n - 1) * (n - 1) + 1
            edge_offset = 0
            old_length -= 1
        if left_pad > 0:
            chunk_length = min(old_length, left_pad)
            stop = left_pad - edge_offset
            start = stop + chunk_length
            chunk = roi[_at(axis, nd, slice(start, stop if stop >= 0 else None, -1))]
            chunk = 2 * roi[_at(axis, nd, slice(left_pad, left_pad + 1))] - chunk
            roi[_at(axis, nd, slice(left_pad - chunk_length, left_pad))] = chunk
            left_pad -= chunk_length
        if right_pad > 0:
            chunk_length = min(old_length, right_pad)
            start = -right_pad + edge_offset - 2
            stop = start - chunk_length
            chunk = roi[_at(axis, nd, slice(start, stop, -1))]
            edge = roi[_at(axis, nd, slice(-right_pad - 1, -right_pad))]
            chunk = 2 * edge - chunk
            start = roi.shape[axis] - right_pad
            roi[_at(axis, nd, slice(start, start + chunk_length))] = chunk
            right_pad -= chunk_length


def pad_line_odd(line: np.ndarray, width: tuple[int, int], include_edge: bool) -> np.ndarray:
    """A 1-D line padded with NumPy's odd reflection (used by the explanation: O(line))."""
    n = line.shape[0]
    out = np.empty(n + width[0] + width[1], dtype=line.dtype)
    out[width[0]:width[0] + n] = line
    _odd_axis(out, 0, width, n, include_edge)
    return out
