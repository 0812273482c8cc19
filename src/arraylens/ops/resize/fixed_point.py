"""The libraries' own integer and float arithmetic of a resize, registered as precision rules.

:func:`arraylens.ops.resize.kernel.register_fixed_point` names them; a front-end selects one with
``Precision(fixed_point=NAME)``:

``"opencv_linear_exact"`` (INTER_LINEAR_EXACT, ``resize_bitExact`` + ``interpolationLinear``)
    8-, 16- and 32-bit integer images: per axis ``fval = (1 / inv_scale) * (x + 0.5) - 0.5`` in double, two
    taps ``floor(fval)`` and the next, the weight of the second ``cvRound(frac * 2**bits)``
    (half to even; ``bits`` 8 for uint8, 16 for int8 / uint16 / int16, 32 for int32), edge positions reading the
    edge pixel; the horizontal sums exact, the result ``(h0 * b0 + h1 * b1 + 2**(2 bits - 1))
    >> 2 bits``, saturated. Halving both axes (but 2-channel images) runs ``"opencv_area_fast"`` instead.
``"opencv_nearest_exact"`` (INTER_NEAREST_EXACT, ``resizeNN_bitexact_tab``)
    Each axis picked by :func:`opencv_nearest_exact` (Pillow's NEAREST running sum in double,
    ``in / out``), any dtype.
``"pil"`` (Pillow 13.0, ``src/libImaging/Resample.c``)
    8-bit images: the normalised double weights of each output pixel in fixed point with
    ``PRECISION_BITS = 32 - 8 - 2`` fractional bits (``(int)(w * 2**22 + 0.5)``, toward zero
    for negative weights after subtracting 0.5), each pass
    ``(2**21 + sum) >> 22`` clipped to 0..255; horizontal pass first, vertical first when the
    height shrinks by more than twice as many pixels as the width (:func:`pil_horizontal_first`).
    32-bit images (I, F): double sums of the double weights, I rounded half away from zero by
    the C cast (``ROUND_UP``; past int32's range INT_MIN, :func:`pil_round_int32`), F cast to float.
``"torch_uint8"`` (PyTorch 2.13 CPU, ``aten/src/ATen/native/cpu/UpSampleKernel.cpp``)
    uint8 bilinear, bicubic and lanczos (antialiased or not): per axis double weights
    (:func:`torch_uint8_axis`: without antialias the unnormalised filter at ``lambda``, taps
    outside the image added onto the edge tap; with antialias Pillow's window, normalised), a
    precision chosen from the largest weight (:func:`torch_precision`: the most fractional
    bits, at most 22, that keep it within int16), the weights ``(int)(w * 2**p +- 0.5)``; the
    width pass first, then the height, each ``(2**(p - 1) + sum) >> p`` clipped to 0..255
    (:func:`fixed_point_pass`, shared with Pillow); an axis whose size is unchanged is not
    resized. Measured bit-exact against torch 2.13 on both of its CPU kernels (AVX2, up to 4
    channels, and the generic one).

OpenCV's other resize paths (``resizeGeneric_``, ``resizeArea_``, ``resizeAreaFast_``) are the
rules ``"opencv_generic"``, ``"opencv_area"`` and ``"opencv_area_fast"`` of
:mod:`arraylens.ops.resize.opencv_generic`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any, cast

import numpy as np

from arraylens.ops.resize import opencv_loops
from arraylens.ops.resize.kernel import AxisTable, apply_axis, register_fixed_point
from arraylens.ops.resize.spec import AxisResize, Coordinates, ResizeSpec, filter_function, filter_radius

__all__ = [
    "PIL_PRECISION_BITS",
    "TORCH_MAX_PRECISION",
    "TORCH_WEIGHT_LIMIT",
    "TorchUint8Axis",
    "fixed_point_pass",
    "opencv_exact_bits",
    "opencv_linear_exact_taps",
    "opencv_linear_exact_value_at",
    "opencv_nearest_exact",
    "opencv_nearest_exact_value_at",
    "pil_coefficients",
    "pil_fixed_weights",
    "pil_horizontal_first",
    "pil_nearest_picks",
    "pil_premultiply",
    "pil_unpremultiply",
    "pil_value_at",
    "saturate_cast",
    "torch_axis_scale",
    "torch_filter",
    "torch_fixed_weights",
    "torch_passes",
    "torch_precision",
    "torch_uint8_axes",
    "torch_uint8_axis",
    "torch_uint8_value_at",
]

#: Pillow's PRECISION_BITS: 8-bit weights are multiples of 1 / 2**22.
PIL_PRECISION_BITS = 32 - 8 - 2


def opencv_nearest_exact(in_size: int, out_size: int, positions: np.ndarray | None = None) -> np.ndarray:
    """INTER_NEAREST_EXACT's picks on one axis, as OpenCV 5.0 computes them (``resizeNN_bitexact_tab``):
    Pillow's NEAREST running sum in double (``softdouble``), ``scale = in / out``, ``f = scale * 0.5``,
    the pick ``min(floor(f), in - 1)``, then ``f += scale`` (:func:`pil_nearest_picks` with the box
    ``(0, in)``). The scale is ``in / out`` even when the size came from ``fx``, ``fy``.

    Not OpenCV 4's 16.16 formula (``((in << 16) + out / 2) / out`` with offset ``step / 2 - in % 2``),
    which cv2 5.0.0 no longer uses: the two disagree in 730 of the 4096 axes 1..64 -> 1..64
    (2 -> 7 takes pixel 0 at output 3 in cv2 5.0.0, pixel 1 by the 16.16 formula; 2 -> 5 the reverse).
    """
    picks = pil_nearest_picks(in_size, out_size, 0.0, float(in_size))
    picks = np.where(picks < 0, in_size - 1, picks).astype(np.intp)  # -1: beyond the image, clamped
    return picks if positions is None else picks[np.asarray(positions, dtype=np.intp)]


def _opencv_nearest_exact(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable]) -> np.ndarray:
    """INTER_NEAREST_EXACT: the picks of :func:`opencv_nearest_exact` on both axes, any dtype."""
    (ay, ax) = spec.axes
    rows = opencv_nearest_exact(spec.resizes[0].in_size, spec.resizes[0].out_size)
    cols = opencv_nearest_exact(spec.resizes[1].in_size, spec.resizes[1].out_size)
    return np.take(np.take(x, rows, axis=ay), cols, axis=ax)


def opencv_nearest_exact_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]
                                  ) -> tuple[Any, tuple[str, ...]]:
    """One output element of INTER_NEAREST_EXACT with its running sums in words: ``(value, lines)``."""
    (ay, ax) = spec.axes
    at: list[Any] = list(index)
    lines = []
    for k, (a, name) in enumerate(((ay, "row"), (ax, "column"))):
        r = spec.resizes[k]
        n, m, i = r.in_size, r.out_size, int(index[a])
        s = n / m
        steps = np.full(i + 1, s)
        steps[0] = s * 0.5
        f = float(np.cumsum(steps)[-1])
        pick = int(opencv_nearest_exact(n, m, np.array([i]))[0])
        at[a] = pick
        lines.append(f"{name}: scale = {n} / {m} = {s!r}; f = scale * 0.5 + {i} * scale, summed one step at a "
                     f"time in double = {f!r}; min(floor(f), {n - 1}) = {pick}")
        exact = min((2 * i + 1) * n // (2 * m), n - 1)
        if exact != pick:
            lines.append(f"  the exact floor((x + 0.5) * {n} / {m}) is {exact}: the double sum rounds across the "
                         "pixel boundary, and OpenCV takes what it gives")
    value = x[tuple(at)]
    lines.append(f"value x[{', '.join(str(v) for v in at)}] = {value}")
    return value, tuple(lines)


def _pil_box(x: np.ndarray) -> np.ndarray:
    """Pillow's BOX: 1 on ``(-0.5, 0.5]``, 0 elsewhere (half-open, not symmetric)."""
    return np.where((x > -0.5) & (x <= 0.5), 1.0, 0.0)


def pil_nearest_picks(in_size: int, out_size: int, start: float, end: float) -> np.ndarray:
    """Pillow's NEAREST picks on one axis (``ImagingScaleAffine``): ``a = (double)(end - start) / out``
    with the box in float32, ``xo = start + a * 0.5`` then ``xo += a`` per output pixel (a running
    double sum), the pick ``(int)xo`` (``-1`` when ``xo < 0``); ``-1`` marks a pick outside the
    image (Pillow fills it with 0)."""
    s32, e32 = np.float32(start), np.float32(end)
    a = float(e32 - s32) / out_size
    steps = np.full(out_size, a)
    steps[0] = float(s32) + a * 0.5
    xo = np.cumsum(steps)  # sequential: the running sum of the C loop
    pick = np.where(xo < 0, -1, np.trunc(np.maximum(xo, 0)).astype(np.int64))
    return np.where((pick >= 0) & (pick < in_size), pick, -1)


def _pil_nearest(x: np.ndarray, spec: ResizeSpec) -> np.ndarray:
    (ay, ax) = spec.axes
    ry, rx = spec.resizes
    rows = pil_nearest_picks(ry.in_size, ry.out_size, float(ry.roi[0]), float(ry.roi[1]))
    cols = pil_nearest_picks(rx.in_size, rx.out_size, float(rx.roi[0]), float(rx.roi[1]))
    out = np.take(np.take(x, np.maximum(rows, 0), axis=ay), np.maximum(cols, 0), axis=ax)
    if (rows < 0).any() or (cols < 0).any():
        shape_r = [1] * x.ndim
        shape_r[ay] = -1
        shape_c = [1] * x.ndim
        shape_c[ax] = -1
        out = np.where((rows.reshape(shape_r) >= 0) & (cols.reshape(shape_c) >= 0), out, np.zeros((), x.dtype))
    return out


def _premultiplied(x: np.ndarray) -> bool:
    """RGBA (uint8, 4 channels last): Pillow resizes it as RGBa (premultiplied by alpha)."""
    return x.dtype == np.uint8 and x.ndim == 3 and x.shape[2] == 4


def pil_premultiply(x: np.ndarray) -> np.ndarray:
    """Pillow's RGBA -> RGBa: each colour ``MULDIV255(c, alpha)`` = ``(t + (t >> 8)) >> 8`` with
    ``t = c * alpha + 128``; alpha kept."""
    xi = x.astype(np.int64)
    t = xi[..., :3] * xi[..., 3:4] + 128
    return np.concatenate([((t >> 8) + t) >> 8, xi[..., 3:4]], axis=-1).astype(np.uint8)


def pil_unpremultiply(x: np.ndarray) -> np.ndarray:
    """Pillow's RGBa -> RGBA: each colour ``min(255 * c // alpha, 255)``, unchanged where alpha is 0
    or 255; alpha kept."""
    xi = x.astype(np.int64)
    a = xi[..., 3:4]
    c = np.where((a == 0) | (a == 255), xi[..., :3], np.minimum(255 * xi[..., :3] // np.maximum(a, 1), 255))
    return np.concatenate([c, a], axis=-1).astype(np.uint8)


def pil_coefficients(spec: ResizeSpec, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pillow's ``precompute_coeffs`` for axis ``k``: ``(xmin, xsize, weights)``.

    ``scale = (box end - box start) / out``, ``filterscale = max(scale, 1)``, support
    ``filter radius * filterscale``; output pixel ``xx``'s centre ``c = start + (xx + 0.5) * scale``,
    its taps ``[max(int(c - support + 0.5), 0), min(int(c + support + 0.5), in))`` weighted by
    ``filter((x - c + 0.5) / filterscale)`` and normalised (double).
    """
    r = spec.resizes[k]
    n, m = r.in_size, r.out_size
    start32 = np.float32(r.roi[0])  # Pillow's box is float[4]; in1 - in0 is a float subtraction
    scale = float(np.float32(r.roi[1]) - start32) / m
    start = float(start32)
    filterscale = max(scale, 1.0)
    support = filter_radius(spec.filter) * filterscale
    xx = np.arange(m, dtype=np.float64)
    center = start + (xx + 0.5) * scale
    ss = 1.0 / filterscale
    xmin = np.maximum((center - support + 0.5).astype(np.int64), 0)
    xmax = np.minimum((center + support + 0.5).astype(np.int64), n) - xmin
    ksize = int(np.ceil(support)) * 2 + 1
    j = np.arange(ksize)[None, :]
    kernel = _pil_box if spec.filter.kind == "box" else filter_function(spec.filter)
    w = kernel((j + xmin[:, None] - center[:, None] + 0.5) * ss)
    w = np.where(j < xmax[:, None], w, 0.0)
    total = np.zeros((m, 1))
    for t in range(ksize):  # Pillow's running sum, tap by tap (NumPy's pairwise sum can differ in the last bit)
        total[:, 0] += w[:, t]
    w = np.where(total != 0, w / np.where(total == 0, 1.0, total), w)
    return xmin, xmax, w


def pil_fixed_weights(w: np.ndarray) -> np.ndarray:
    """Pillow's ``normalize_coeffs_8bpc``: ``(int)(w * 2**22 + 0.5)``, ``(int)(w * 2**22 - 0.5)`` if negative."""
    return round_half_away(w * float(1 << PIL_PRECISION_BITS)).astype(np.int64)


def round_half_away(v: np.ndarray) -> np.ndarray:
    """C's ``(int)(v >= 0 ? v + 0.5 : v - 0.5)`` before the cast's range: ``v`` plus or minus
    one half, truncated toward zero (halves rounded away from zero), still float. The rule of
    Pillow's and PyTorch's fixed-point weights and of Pillow's ``ROUND_UP``."""
    return np.trunc(np.where(v < 0, v - 0.5, v + 0.5))


def _pil_pass(x: np.ndarray, axis: int, xmin: np.ndarray, w: np.ndarray) -> np.ndarray:
    """One Pillow pass along ``axis``."""
    n = x.shape[axis]
    shape = [1] * x.ndim
    shape[axis] = -1
    if x.dtype == np.uint8:
        return fixed_point_pass(x, axis, xmin, pil_fixed_weights(w), PIL_PRECISION_BITS)
    accf: Any = np.zeros([*x.shape[:axis], len(xmin), *x.shape[axis + 1:]], dtype=np.float64)
    xf = x.astype(np.float64)
    for j in range(w.shape[1]):
        if not np.any(w[:, j]):
            continue
        accf += np.take(xf, np.minimum(xmin + j, n - 1), axis=axis) * w[:, j].reshape(shape)
    if x.dtype == np.int32:
        return pil_round_int32(accf)
    return accf.astype(x.dtype)


def pil_round_int32(acc: np.ndarray) -> np.ndarray:
    """Pillow's ``ROUND_UP`` of an I image's double sums: ``(int)(f >= 0 ? f + 0.5 : f - 0.5)``.
    The C cast truncates; a value past int32's range (either side) is what x86's ``cvttsd2si``
    gives, ``INT_MIN`` (-2147483648), not a saturated one."""
    r = round_half_away(acc)
    inside = (r >= -(2.0**31)) & (r < 2.0**31)
    return np.where(inside, r, -(2.0**31)).astype(np.int32)


def pil_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """One output element of the ``"pil"`` rule from its taps only, with the steps in words:
    ``(value, lines)``. Both passes as Pillow runs them (in :func:`pil_horizontal_first`'s order,
    each pass rounded to the image's type)."""
    (ay, ax) = spec.axes
    ry, rx = spec.resizes
    i, j = index[ay], index[ax]
    if spec.filter.kind == "nearest":
        r = int(pil_nearest_picks(ry.in_size, ry.out_size, float(ry.roi[0]), float(ry.roi[1]))[i])
        c = int(pil_nearest_picks(rx.in_size, rx.out_size, float(rx.roi[0]), float(rx.roi[1]))[j])
        line = ("Pillow's NEAREST (ImagingScaleAffine): a = (box end - box start) / out, xo = start + a / 2, "
                f"then xo += a per pixel; pick (int)xo: row {r}, column {c}")
        if r < 0 or c < 0:
            return x.dtype.type(0), (line, "the pick is outside the image (-1): Pillow fills 0")
        at: list[Any] = list(index)
        at[ay], at[ax] = r, c
        return x[tuple(at)], (line, f"value x[{', '.join(str(v) for v in at)}] = {x[tuple(at)]}")
    need_v, need_h = pil_needs(spec)
    crop = pil_crop_origin(spec)
    if crop is not None:
        at = list(index)
        at[ay], at[ax] = crop[0] + i, crop[1] + j
        value = x[tuple(at)]
        where = ", ".join(str(v) for v in at)
        lines = [f"the box starts at whole pixels and has the output's size: Pillow crops (no filter), "
                 f"x[{where}] = {value}"]
        if _premultiplied(x) and (need_h or need_v):
            at[2] = slice(None)
            px = x[tuple(at)].reshape(1, 1, 4)
            value = pil_unpremultiply(pil_premultiply(px))[0, 0, int(index[2])]
            lines.append(f"RGBA -> RGBa -> RGBA (premultiplied by alpha and back, as Image.resize converts): {value}")
        return value, tuple(lines)
    ymin, ysize, wy = pil_coefficients(spec, 0)
    xmin, xsize, wx = pil_coefficients(spec, 1)
    rows = np.arange(int(ymin[i]), int(ymin[i] + ysize[i])) if need_v else np.array([i])
    cols = np.arange(int(xmin[j]), int(xmin[j] + xsize[j])) if need_h else np.array([j])
    sel: list[Any] = [np.array([k]) for k in index]
    sel[ay], sel[ax] = rows, cols
    lines = [f"Pillow's taps: rows {rows[0]}..{rows[-1]}, columns {cols[0]}..{cols[-1]} (window "
             "[int(c - support + 0.5), int(c + support + 0.5)) around c = start + (x + 0.5) * scale)"]
    if _premultiplied(x) and (need_h or need_v):
        sel[2] = np.arange(4)
        px = pil_premultiply(x[np.ix_(*sel)])
        lines.append("RGBA is resized as RGBa: colours premultiplied, MULDIV255(c, alpha)")
        value, steps = _pil_passes(spec, px[:, :, int(index[2])], need_h, need_v, wx[j], wy[i])
        alpha, _ = _pil_passes(spec, px[:, :, 3], need_h, need_v, wx[j], wy[i])
        lines.extend(steps)
        if int(index[2]) < 3:
            un = pil_unpremultiply(np.array([[value, 0, 0, alpha]], np.uint8))[0, 0]
            lines.append(f"RGBa -> RGBA: alpha {int(alpha)}; min(255 * {int(value)} // alpha, 255) "
                         f"(unchanged when alpha is 0 or 255) -> {int(un)}")
            value = un
        return np.uint8(value), tuple(lines)
    block = np.moveaxis(x[np.ix_(*sel)], (ay, ax), (0, 1)).reshape(len(rows), len(cols), -1)[:, :, 0]
    value, steps = _pil_passes(spec, block, need_h, need_v, wx[j], wy[i])
    return value, (*lines, *steps)


def _pil_passes(spec: ResizeSpec, block: np.ndarray, need_h: bool, need_v: bool, wx: np.ndarray,
                wy: np.ndarray) -> tuple[Any, list[str]]:
    """Pillow's passes on one output pixel's ``(rows, cols)`` block of taps: ``(value, lines)``."""
    lines: list[str] = []
    eight = block.dtype == np.uint8
    cur = block
    passes = [(need_h, wx, 1, "horizontal"), (need_v, wy, 0, "vertical")]
    if not pil_horizontal_first(spec):
        passes.reverse()
    for on, w, k, name in passes:
        if not on:
            continue
        w = w[: cur.shape[k]]
        if eight:
            kw = pil_fixed_weights(w)
            acc = (1 << (PIL_PRECISION_BITS - 1)) + (cur.astype(np.int64) * (kw if k == 1 else kw[:, None])).sum(axis=k)
            cur = np.clip(acc >> PIL_PRECISION_BITS, 0, 255).astype(np.uint8)
            lines.append(f"{name} pass: weights in 1/2**22 {[int(v) for v in kw]}; (2**21 + sum) >> 22, clipped "
                         f"-> {[int(v) for v in np.atleast_1d(cur)]}")
        else:
            acc = np.zeros(cur.shape[0] if k == 1 else cur.shape[1])
            for t in range(len(w)):  # Pillow's double sum, tap by tap, then the image's float
                acc = acc + (cur[:, t] if k == 1 else cur[t, :]).astype(np.float64) * w[t]
            if block.dtype == np.int32:  # ROUND_UP, then the C cast (out of range: INT_MIN)
                cur = pil_round_int32(acc)
            else:
                cur = acc.astype(block.dtype)
            lines.append(f"{name} pass: double weights {[float(f'{v:.6g}') for v in w]} -> "
                         f"{[float(f'{v:.9g}') for v in np.atleast_1d(cur)]}")
        cur = cur[:, None] if k == 1 else cur[None, :]
    return block.dtype.type(np.asarray(cur).reshape(-1)[0]), lines


def pil_crop_origin(spec: ResizeSpec) -> tuple[int, int] | None:
    """Where Pillow 13.0's ``Image.resize`` crops instead of resampling (``_resize`` in
    ``src/_imaging.c``): the box (read as C floats) starts at whole pixels and its width and
    height equal the output's (``box[0] - (int)box[0] == 0 && box[2] - box[0] == xsize``, the
    same for rows). Returns ``(top, left)``, or None when Pillow resamples. For every filter but
    MKS2013 and MKS2021 the resample would give the same pixels; the Magic Kernel Sharp filters
    are not interpolating (weight 17/16 at the centre), so the crop is a rule of its own."""
    ry, rx = spec.resizes
    origin = []
    for r in (ry, rx):
        start, end = np.float32(r.roi[0]), np.float32(r.roi[1])
        if start != np.trunc(start) or end - start != np.float32(r.out_size):
            return None
        origin.append(int(start))
    return origin[0], origin[1]


def pil_horizontal_first(spec: ResizeSpec) -> bool:
    """Pillow 13.0.0's order of its two passes (``ImagingResampleInner``, python-pillow/Pillow#9549
    "If height is scaled down significantly more than width, resize vertically first"): the
    vertical pass runs first when the output is less tall than the image and the height loses
    more than twice as many pixels as the width, ``ysize < in_y and in_y - ysize > 2 * (in_x -
    xsize)`` (image sizes, whatever the ``box``); horizontal first otherwise.

    Measured against Pillow 13.0.0 on every shape up to 20 x 20 shrunk on both axes (11,898 size
    pairs where the two orders give different pixels: none disagrees), 3,000 random resizes with
    an axis enlarged and 3,000 random boxes. It matters to 8-bit and I images (each pass is
    rounded) and to F images (each pass is stored as float32)."""
    ry, rx = spec.resizes
    vertical_first = ry.out_size < ry.in_size and ry.in_size - ry.out_size > 2 * (rx.in_size - rx.out_size)
    return not vertical_first


def pil_needs(spec: ResizeSpec) -> tuple[bool, bool]:
    """Which of Pillow's passes run: ``(vertical, horizontal)``; a pass runs where its axis
    changes size or its box is not the whole axis (``ImagingResampleInner``'s ``need_vertical``,
    ``need_horizontal``)."""
    ry, rx = spec.resizes
    return (ry.out_size != ry.in_size or ry.roi != (0, ry.in_size),
            rx.out_size != rx.in_size or rx.roi != (0, rx.in_size))


def _pil(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable]) -> np.ndarray:
    if spec.filter.kind == "nearest":
        return _pil_nearest(x, spec)
    need_v, need_h = pil_needs(spec)
    if _premultiplied(x) and (need_h or need_v):
        return pil_unpremultiply(_pil_resample(pil_premultiply(x), spec))
    return _pil_resample(x, spec)


def _pil_resample(x: np.ndarray, spec: ResizeSpec) -> np.ndarray:
    (ay, ax) = spec.axes
    ry, rx = spec.resizes
    crop = pil_crop_origin(spec)
    if crop is not None:
        at: list[Any] = [slice(None)] * x.ndim
        at[ay], at[ax] = slice(crop[0], crop[0] + ry.out_size), slice(crop[1], crop[1] + rx.out_size)
        return x[tuple(at)].copy()
    ymin, ysize, wy = pil_coefficients(spec, 0)
    xmin, _xsize, wx = pil_coefficients(spec, 1)
    need_v, need_h = pil_needs(spec)
    out = x
    if need_v and not pil_horizontal_first(spec):
        return _pil_pass(_pil_pass(out, ay, ymin, wy), ax, xmin, wx) if need_h else _pil_pass(out, ay, ymin, wy)
    if need_h:
        # the horizontal pass reads only the rows the vertical pass will use
        if need_v:
            first = int(ymin[0])
            last = int((ymin + ysize).max())
            out = np.take(out, np.arange(first, last), axis=ay)
            ymin = ymin - first
        out = _pil_pass(out, ax, xmin, wx)
    if need_v:
        out = _pil_pass(out, ay, ymin, wy)
    if out is x:
        out = x.copy()
    return out


def opencv_linear_exact_taps(in_size: int, out_size: int, inv_scale: float, bits: int
                             ) -> tuple[np.ndarray, np.ndarray]:
    """INTER_LINEAR_EXACT's taps of one axis (``interpolationLinear::getCoeffs``): ``(offset,
    c1)``, the output reading ``offset`` and ``offset + 1`` with weights ``2**bits - c1`` and
    ``c1``. ``fval = (1 / inv_scale) * (x + 0.5) - 0.5`` in double, ``c1 = cvRound((fval -
    floor(fval)) * 2**bits)`` (half to even); positions left of the image (``fval < 0``, or
    an axis of 1) read pixel 0, right of it (``floor(fval) >= in - 1``) the last pixel, with
    ``c1 = 0``."""
    v = np.arange(out_size, dtype=np.float64)
    fval = (1.0 / inv_scale) * (v + 0.5) - 0.5
    ival = np.floor(fval).astype(np.int64)
    c1 = np.rint((fval - ival) * float(1 << bits)).astype(np.int64)
    inner = (ival >= 0) & (ival < in_size - 1) & (in_size > 1)
    left = ~((ival >= 0) & (in_size > 1))
    return np.where(inner, ival, np.where(left, 0, in_size - 1)), np.where(inner, c1, 0)


def opencv_exact_bits(dtype: Any) -> int:
    """INTER_LINEAR_EXACT's fractional bits: 8 for uint8 (``ufixedpoint16``), 16 for int8 and the
    16-bit images (``(u)fixedpoint32``), 32 for int32 (``fixedpoint64``; measured against cv2 5.0
    over the whole int32 range: the exact products never saturate it)."""
    dt = np.dtype(dtype)
    return 8 if dt == np.uint8 else 32 if dt == np.int32 else 16


def _opencv_linear_exact(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable]) -> np.ndarray:
    (ay, ax) = spec.axes
    ry, rx = spec.resizes
    bits = opencv_exact_bits(x.dtype)
    one = 1 << bits
    oy, cy = opencv_linear_exact_taps(ry.in_size, ry.out_size, float(ry.scale), bits)
    ox, cx = opencv_linear_exact_taps(rx.in_size, rx.out_size, float(rx.scale), bits)
    info = np.iinfo(x.dtype)
    if bits <= 16 and (ay, ax) == (0, 1) and x.ndim in (2, 3):  # every value within int64: a compiled loop
        cn = x.shape[2] if x.ndim == 3 else 1
        ch = np.arange(cn)
        c0 = (ox[:, None] * cn + ch).reshape(-1).astype(np.intp)
        c1 = (np.minimum(ox + 1, rx.in_size - 1)[:, None] * cn + ch).reshape(-1).astype(np.intp)
        out = np.empty((ry.out_size, rx.out_size * cn), x.dtype)
        opencv_loops.linear_exact(x.reshape(ry.in_size, -1), c0, c1, np.repeat(cx, cn), oy.astype(np.intp),
                                  np.minimum(oy + 1, ry.in_size - 1).astype(np.intp), cy, bits, int(info.min),
                                  int(info.max), out)
        return out.reshape(ry.out_size, rx.out_size, *x.shape[2:])
    shape_w = [1] * x.ndim
    shape_w[ax] = -1
    shape_h = [1] * x.ndim
    shape_h[ay] = -1
    xi = x.astype(np.int64)
    # horizontal exact (bits fractional bits), vertical 2 * bits fractional bits
    hs = (np.take(xi, ox, axis=ax) * (one - cx).reshape(shape_w)
          + np.take(xi, np.minimum(ox + 1, rx.in_size - 1), axis=ax) * cx.reshape(shape_w))
    if bits <= 16:
        acc: Any = (np.take(hs, oy, axis=ay) * (one - cy).reshape(shape_h)
                    + np.take(hs, np.minimum(oy + 1, ry.in_size - 1), axis=ay) * cy.reshape(shape_h))
    else:  # int32 images: up to 2**95, exact in Python integers
        hso = hs.astype(object)
        acc = (np.take(hso, oy, axis=ay) * (one - cy).astype(object).reshape(shape_h)
               + np.take(hso, np.minimum(oy + 1, ry.in_size - 1), axis=ay) * cy.astype(object).reshape(shape_h))
    r = (acc + (1 << (2 * bits - 1))) >> (2 * bits)
    return np.clip(np.asarray(r).astype(np.int64), info.min, info.max).astype(x.dtype)


def opencv_linear_exact_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]
                                 ) -> tuple[Any, tuple[str, ...]]:
    """One output element of INTER_LINEAR_EXACT from its four taps: ``(value, lines)``."""
    (ay, ax) = spec.axes
    ry, rx = spec.resizes
    bits = opencv_exact_bits(x.dtype)
    one = 1 << bits
    i, j = index[ay], index[ax]
    oy, cy = (int(v[i]) for v in opencv_linear_exact_taps(ry.in_size, ry.out_size, float(ry.scale), bits))
    ox, cx = (int(v[j]) for v in opencv_linear_exact_taps(rx.in_size, rx.out_size, float(rx.scale), bits))
    rows, cols = (oy, min(oy + 1, ry.in_size - 1)), (ox, min(ox + 1, rx.in_size - 1))
    at: list[Any] = list(index)

    def px(r: int, c: int) -> int:
        at[ay], at[ax] = r, c
        return int(x[tuple(at)])

    h0 = px(rows[0], cols[0]) * (one - cx) + px(rows[0], cols[1]) * cx
    h1 = px(rows[1], cols[0]) * (one - cx) + px(rows[1], cols[1]) * cx
    acc = h0 * (one - cy) + h1 * cy
    info = np.iinfo(x.dtype)
    value = min(max((acc + (1 << (2 * bits - 1))) >> (2 * bits), int(info.min)), int(info.max))
    return x.dtype.type(value), (
        f"weights in 1/2**{bits} (softdouble fval = (x + 0.5) / inv_scale - 0.5, fraction rounded half to "
        f"even): columns {cols} <- ({one - cx}, {cx}), rows {rows} <- ({one - cy}, {cy})",
        f"horizontal (exact): row {rows[0]}: {h0}, row {rows[1]}: {h1}",
        f"vertical: ({h0} * {one - cy} + {h1} * {cy} + 2**{2 * bits - 1}) >> {2 * bits} -> saturated {value}")


register_fixed_point("opencv_linear_exact", _opencv_linear_exact)
register_fixed_point("opencv_nearest_exact", _opencv_nearest_exact)
register_fixed_point("pil", _pil)


def saturate_cast(values: Any, dtype: Any) -> Any:
    """``values`` rounded half to even (``np.rint``), clipped to ``dtype``'s limits in ``values``'s
    own float type, then cast: Keras's resize layers' cast back (``ops.round``, a clip in float32,
    ``cast``), and OpenCV's ``saturate_cast`` where the limits are exact in that float type.

    The clip is not a saturation where a limit is not representable: int32's 2**31 - 1 in float32
    (and int64's 2**63 - 1 in float32 or float64) rounds up to 2**31 (2**63), so a value at or past
    the top clips to that, and the C cast wraps it to the type's minimum (-2**31, -2**63 on x86),
    the bottom saturating correctly. Keras (TensorFlow backend) gives the same wrapped values, so
    they are kept on purpose. uint8, int8, uint16, int16 and bool saturate at both ends in float32;
    int32 from float64 saturates too.
    """
    dt = np.dtype(dtype)
    lo, hi = (0, 1) if dt.kind == "b" else (int(np.iinfo(dt).min), int(np.iinfo(dt).max))
    # int64's limit is 2**63 in float64: the cast of the clipped value overflows to the library's
    # own result (the C cast, as TensorFlow's); intended, so not warned about
    with np.errstate(invalid="ignore"):
        return np.clip(np.rint(values), lo, hi).astype(dt)


# --- PyTorch's uint8 arithmetic (torch 2.13 CPU, aten/src/ATen/native/cpu/UpSampleKernel.cpp) ---

#: PyTorch's uint8 weights are int16: the precision is the largest with ``round(w_max * 2**(p + 1)) < 2**15``.
TORCH_WEIGHT_LIMIT = 1 << 15
#: PyTorch's precision loop stops at 22 fractional bits.
TORCH_MAX_PRECISION = 22
#: The taps PyTorch's filters reach (``interp_size``): linear 2, cubic 4, lanczos3 6.
_TORCH_INTERP = {"linear": 2, "cubic": 4, "lanczos": 6}


@dataclass(frozen=True)
class TorchUint8Axis:
    """PyTorch's uint8 taps of one axis (``_compute_index_ranges_int16_weights``).

    Attributes
    ----------
    scale : float
        The double ``area_pixel_compute_scale``: ``(in - 1) / (out - 1)`` with align_corners
        (0 for an output of 1), else ``1 / scale_factor`` or ``in / out``.
    first : ndarray of int64, shape (out,)
        ``xmin``: the first input index of each output position's taps.
    size : ndarray of int64, shape (out,)
        ``xsize``: how many taps from ``first`` are read.
    weights : ndarray of float64, shape (out, taps)
        The double weights (0 past ``size``).
    fixed : ndarray of int64, shape (out, taps)
        The int16 weights, ``(int)(w * 2**precision +- 0.5)`` (toward zero after adding half).
    precision : int
        ``weights_precision``.
    w_max : float
        The largest weight (PyTorch's ``wt_max``) that chose the precision.
    """

    scale: float
    first: np.ndarray
    size: np.ndarray
    weights: np.ndarray
    fixed: np.ndarray
    precision: int
    w_max: float


def torch_filter(kind: str, antialias: bool, t: np.ndarray) -> np.ndarray:
    """PyTorch's ``aa_filter`` of ``kind`` at ``t`` in double, with its own order of operations:
    triangle ``1 - |t|``; Keys cubic with ``a = -0.5`` when antialiasing, ``-0.75`` otherwise
    (``((a + 2) x - (a + 3)) x x + 1`` below 1, ``((a x - 5a) x + 8a) x - 4a`` below 2);
    lanczos3 ``sinc(x) sinc(x / 3)`` with ``sinc(x) = sin(pi x) / (pi x)`` (libm's sin)."""
    x = np.abs(np.asarray(t, dtype=np.float64))
    if kind == "linear":
        return np.where(x < 1.0, 1.0 - x, 0.0)
    if kind == "cubic":
        a = -0.5 if antialias else -0.75
        near = ((a + 2) * x - (a + 3)) * x * x + 1
        far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
        return np.where(x < 1.0, near, np.where(x < 2.0, far, 0.0))
    if kind == "lanczos":
        def sinc(v: float) -> float:
            if v == 0.0:
                return 1.0
            v *= math.pi
            return math.sin(v) / v
        flat = [sinc(v) * sinc(v / 3.0) if v < 3.0 else 0.0 for v in x.reshape(-1).tolist()]
        return np.array(flat, dtype=np.float64).reshape(x.shape)
    raise ValueError(f"PyTorch has no uint8 filter {kind!r}")


def torch_precision(w_max: float) -> int:
    """PyTorch's ``weights_precision``: the first ``p`` in 0..21 with ``(int)(0.5 + w_max * 2**(p + 1))
    >= 2**15``, else 22: the most fractional bits that keep the largest weight within int16."""
    for p in range(TORCH_MAX_PRECISION):
        if int(0.5 + w_max * (1 << (p + 1))) >= TORCH_WEIGHT_LIMIT:
            return p
    return TORCH_MAX_PRECISION


def torch_fixed_weights(w: np.ndarray, precision: int) -> np.ndarray:
    """PyTorch's int16 weights: ``v = w * 2**precision``, ``(int)(v + 0.5)``, ``(int)(v - 0.5)``
    when negative (rounded half away from zero), stored as int16."""
    return round_half_away(w * float(1 << precision)).astype(np.int64).astype(np.int16).astype(np.int64)


def torch_axis_scale(r: AxisResize, align_corners: bool) -> float:
    """The double scale of one axis (``area_pixel_compute_scale<double>``)."""
    n, m = r.in_size, r.out_size
    if align_corners:
        return (n - 1) / (m - 1) if m > 1 else 0.0
    if r.scale == Fraction(m, n):  # no scale factor (or one equal to out / in: the same double)
        return n / m
    return 1.0 / float(r.scale)


def torch_uint8_axis(r: AxisResize, kind: str, antialias: bool, align_corners: bool) -> TorchUint8Axis:
    """PyTorch's uint8 taps of one axis.

    Without antialias (``_compute_indices_min_size_weights``): ``x_src = scale * x``
    (align_corners) or ``scale * (x + 0.5) - 0.5`` (0 when negative, linear only); ``i =
    min(floor((float)x_src), in - 1)``, ``lambda = clip(x_src - i, 0, 1)``; the taps ``i - s + 1
    .. i + s`` (``s`` = taps / 2) weigh ``filter(j + 1 - s - lambda)`` (not normalised), taps
    outside the image added, in order, onto the edge tap. With antialias
    (``_compute_indices_min_size_weights_aa``): ``centre = scale * (x + 0.5)``, ``support =
    taps / 2 * max(scale, 1)``, taps ``[int(centre - support + 0.5), int(centre + support + 0.5))``
    clipped to the image, weights ``filter((j - centre + 0.5) / max(scale, 1))`` divided by their sum.
    """
    n, m = r.in_size, r.out_size
    interp = _TORCH_INTERP[kind]
    scale = torch_axis_scale(r, align_corners)
    i = np.arange(m, dtype=np.float64)
    if r.repeat_first:
        i = np.zeros_like(i)
    if antialias:
        support = interp * 0.5 * scale if scale >= 1.0 else interp * 0.5
        taps = math.ceil(support) * 2 + 1
        invscale = 1.0 / scale if scale >= 1.0 else 1.0
        center = scale * (i + 0.5)
        first = np.maximum(np.trunc(center - support + 0.5).astype(np.int64), 0)
        size = np.clip(np.minimum(np.trunc(center + support + 0.5).astype(np.int64), n) - first, 0, taps)
        j = np.arange(taps, dtype=np.int64)[None, :]
        w = torch_filter(kind, True, ((j + first[:, None]).astype(np.float64) - center[:, None] + 0.5) * invscale)
        w = np.where(j < size[:, None], w, 0.0)
        total = np.zeros(m)
        for k in range(taps):  # PyTorch's running double sum, tap by tap
            total = total + w[:, k]
        w = np.where(total[:, None] != 0.0, w / np.where(total == 0.0, 1.0, total)[:, None], w)
        w_max = float(np.where(total[:, None] != 0.0, w, 0.0).max(initial=0.0))
    else:
        if align_corners:
            src = scale * i
        else:
            src = scale * (i + 0.5) - 0.5
            if kind == "linear":
                src = np.where(src < 0, 0.0, src)
        index = np.minimum(np.floor(src.astype(np.float32)).astype(np.int64), n - 1)  # floorf
        lam = np.minimum(np.maximum(src - index, 0.0), 1.0)
        taps = interp
        s = interp // 2
        low = index - s + 1
        first = np.maximum(low, 0)
        size = np.clip(np.minimum(low + taps, n) - first, 0, taps)
        w = np.zeros((m, taps))
        w_max = 0.0
        rows = np.arange(m)
        for k in range(taps):  # taps outside the image accumulate onto the edge tap, in order
            slot = np.clip(low + k, 0, n - 1) - first
            w[rows, slot] += torch_filter(kind, False, float(k + 1 - s) - lam)
            w_max = max(w_max, float(w[rows, slot].max(initial=0.0)))
    precision = torch_precision(w_max)
    return TorchUint8Axis(scale, first, size, w, torch_fixed_weights(w, precision), precision, w_max)


def torch_uint8_axes(spec: ResizeSpec) -> list[TorchUint8Axis]:
    """:func:`torch_uint8_axis` for each resized axis of a PyTorch uint8 spec (in ``spec.axes`` order)."""
    f = spec.filter
    align = [r.coordinate == "align_corners" or r.step is not None for r in spec.resizes]
    return [torch_uint8_axis(r, f.kind, f.antialias, a) for r, a in zip(spec.resizes, align, strict=True)]


def fixed_point_pass(
    x: np.ndarray, axis: int, first: np.ndarray, fixed: np.ndarray, bits: int, index: np.ndarray | None = None
) -> np.ndarray:
    """One pass of a library's 8-bit separable fixed point along ``axis``: output position ``o``
    is ``(2**(bits - 1) + sum_j x[first[o] + j] * fixed[o, j]) >> bits`` (an arithmetic shift),
    clipped to 0..255 (Pillow's and PyTorch's passes, both int32 sums). Taps past the image read
    its last pixel (their weight is 0). The integer sums run on the banded kernel
    (:func:`arraylens.ops.resize.kernel.apply_axis` in int32: exact, as the libraries' int32 sums,
    since ``255 * sum(|fixed|) < 2**31`` for weights of at most 22 fractional bits). ``index``:
    the taps' positions in ``x`` when ``x`` holds only some of the input's positions along
    ``axis`` (default ``min(first + j, n - 1)``)."""
    n = x.shape[axis]
    if index is None:
        index = np.minimum(first[:, None] + np.arange(fixed.shape[1])[None, :], n - 1)
    idx = np.asarray(index).astype(np.intp)
    zeros = np.zeros(len(first))
    coords = Coordinates(first.astype(np.int64), zeros, zeros.astype(np.int8), first.astype(np.float64))
    table = AxisTable(idx, fixed.astype(np.float64), idx.astype(np.int64), np.zeros(len(first), bool), coords)
    acc = apply_axis(x, axis, table, np.int32)
    acc += np.int32(1 << (bits - 1))
    acc >>= bits
    np.clip(acc, 0, 255, out=acc)
    return acc.astype(np.uint8)


def torch_passes(spec: ResizeSpec) -> list[int]:
    """The axes (indices into ``spec.axes``) PyTorch's uint8 kernel resizes, in its order: the last
    spatial axis (W) first, then the others from last to first; an axis whose size is unchanged
    is skipped (a copy, whatever its scale factor)."""
    ks = [k for k in reversed(range(len(spec.axes))) if spec.resizes[k].out_size != spec.resizes[k].in_size]
    return ks


def _torch_uint8(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable]) -> np.ndarray:
    axes = torch_uint8_axes(spec)
    order = torch_passes(spec)
    out = x
    index: dict[int, np.ndarray] = {}
    for k in order[1:]:
        # the earlier passes run on the positions this pass reads only (shrinking a tall image, the
        # width pass of every row would hold in_rows x out_cols int32 sums): the same sums, re-indexed
        axis, a = spec.axes[k], axes[k]
        n = x.shape[axis]
        taps = np.minimum(a.first[:, None] + np.arange(a.fixed.shape[1])[None, :], n - 1)
        used = np.unique(taps)
        if used.size < n:
            out = np.take(out, used, axis=axis)
            index[k] = np.searchsorted(used, taps)
    for k in order:
        a = axes[k]
        out = fixed_point_pass(out, spec.axes[k], a.first, a.fixed, a.precision, index.get(k))
    return out.copy() if out is x else out


register_fixed_point("torch_uint8", _torch_uint8)


def _torch_pass_lines(name: str, a: TorchUint8Axis, pos: int, n: int) -> tuple[np.ndarray, np.ndarray, str]:
    """The taps (clamped indices) and int16 weights of output position ``pos`` of one axis, and a line
    that says how they were made."""
    taps = np.minimum(a.first[pos] + np.arange(a.fixed.shape[1]), n - 1)
    keep = np.arange(a.fixed.shape[1]) < max(int(a.size[pos]), 1)
    idx, w, wf = taps[keep], a.fixed[pos][keep], a.weights[pos][keep]
    line = (f"{name}: scale {a.scale:.9g} (double), largest weight {a.w_max:.9g}: weights_precision p = "
            f"{a.precision} (the first p with (int)(0.5 + w_max * 2**(p + 1)) >= 2**15, at most 22); taps "
            f"{[int(i) for i in idx]} weigh {[float(f'{v:.9g}') for v in wf]} -> int16 (w * 2**{a.precision}, "
            f"rounded half away from zero) {[int(v) for v in w]}")
    return idx, w, line


def _torch_sum_line(what: str, values: list[int], w: np.ndarray, p: int) -> tuple[int, str]:
    acc = (1 << (p - 1)) + sum(int(v) * int(c) for v, c in zip(values, w, strict=True))
    out = min(max(acc >> p, 0), 255)
    terms = " + ".join(f"{v} * {int(c)}" for v, c in zip(values, w, strict=True))
    return out, f"{what}: (2**{p - 1} + {terms}) >> {p} = {acc} >> {p} = {acc >> p} -> clipped to 0..255: {out}"


def torch_uint8_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...],
                         axis_names: dict[int, str] | None = None) -> tuple[Any, int, tuple[str, ...]]:
    """One output element of the ``"torch_uint8"`` rule from its taps only: ``(value, steps,
    lines)``. ``value`` applies the kernel's own passes (:func:`fixed_point_pass`) to the block of
    taps; ``steps`` is the same element recomputed in Python integers, one line per rounding
    step (each row of the first pass, then the second pass); the two agree when the account is right."""
    axes = torch_uint8_axes(spec)
    order = torch_passes(spec)
    lines: list[str] = [
        "PyTorch's uint8 kernel (torch 2.13 CPU, UpSampleKernel.cpp): separable int16 fixed point, the "
        "width pass first, each pass (2**(p - 1) + sum(pixel * weight)) >> p clipped to uint8"]
    if not order:
        lines.append("every resized axis keeps its size: PyTorch copies the input")
        return x[index], int(x[index]), tuple(lines)
    names = {k: (axis_names or {}).get(spec.axes[k], f"axis {spec.axes[k]}") for k in range(len(spec.axes))}
    taps: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for k in order:
        a = axes[k]
        idx, w, line = _torch_pass_lines(names[k], a, index[spec.axes[k]], spec.resizes[k].in_size)
        taps[k] = (idx, w)
        lines.append(line)
    # the kernel's own passes on the block of taps
    sel: list[Any] = [np.array([i]) for i in index]
    for k in order:
        sel[spec.axes[k]] = taps[k][0]
    block = x[np.ix_(*sel)]
    for k in order:
        block = fixed_point_pass(block, spec.axes[k], np.array([0]), taps[k][1][None, :], axes[k].precision)
    value = np.uint8(block.reshape(-1)[0])
    # the same in Python integers, step by step
    k1 = order[0]
    at: list[Any] = list(index)
    if len(order) == 1:
        vals = []
        for i in taps[k1][0]:
            at[spec.axes[k1]] = int(i)
            vals.append(int(x[tuple(at)]))
        steps, line = _torch_sum_line(f"{names[k1]} pass", vals, taps[k1][1], axes[k1].precision)
        lines.append(line)
        return value, steps, tuple(lines)
    k2 = order[1]
    firsts = []
    for r in taps[k2][0]:
        vals = []
        for c in taps[k1][0]:
            at[spec.axes[k2]], at[spec.axes[k1]] = int(r), int(c)
            vals.append(int(x[tuple(at)]))
        h, line = _torch_sum_line(f"{names[k1]} pass at {names[k2]} = {int(r)}", vals, taps[k1][1],
                                  axes[k1].precision)
        firsts.append(h)
        lines.append(line)
    steps, line = _torch_sum_line(f"{names[k2]} pass on those", firsts, taps[k2][1], axes[k2].precision)
    lines.append(line)
    return value, steps, tuple(lines)


# --- TensorFlow's float32 arithmetic (tf.image.resize bilinear and area, TF 2.x CPU kernels) ---


def tf_bilinear_axis(in_size: int, out_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``ResizeBilinear``'s taps of one axis (half-pixel centres, ``compute_interpolation_weights``):
    ``(lower, upper, lerp)``. In float32: ``scale = in / out``, ``v = (x + 0.5) * scale - 0.5``,
    ``lower = max(floor(v), 0)``, ``upper = min(ceil(v), in - 1)`` (``lower`` at most ``upper``),
    ``lerp = v - floor(v)``."""
    f32 = np.float32
    scale = f32(in_size) / f32(out_size)
    v = (np.arange(out_size, dtype=f32) + f32(0.5)) * scale - f32(0.5)
    fl = np.floor(v)
    upper = np.minimum(np.ceil(v).astype(np.int64), in_size - 1)
    lower = np.minimum(np.maximum(fl.astype(np.int64), 0), upper)
    return lower, upper, (v - fl).astype(f32)


def tf_area_axis(in_size: int, out_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.float32]:
    """``ResizeArea``'s cells of one axis: ``(index, scale, valid, axis_scale)`` with ``index`` and
    ``scale`` of shape ``(out, cells)``. In float32: ``axis_scale = in / out``, the cell of output
    ``x`` spans ``[x * axis_scale, (x + 1) * axis_scale)``; input ``i`` from ``floor`` of the start to
    ``ceil`` of the end weighs its overlap (``i + 1 - start``, ``end - i``, 1, or ``axis_scale``)."""
    f32 = np.float32
    s = f32(in_size) / f32(out_size)
    x = np.arange(out_size)
    a = x.astype(f32) * s
    b = (x + 1).astype(f32) * s
    start = np.floor(a).astype(np.int64)
    end = np.ceil(b).astype(np.int64)
    cells = int((end - start).max(initial=1))
    i = start[:, None] + np.arange(cells)[None, :]
    fi = i.astype(f32)
    after = fi + f32(1) > b[:, None]
    w = np.where(fi < a[:, None], np.where(after, s, (fi + f32(1)) - a[:, None]),
                 np.where(after, b[:, None] - fi, f32(1))).astype(f32)
    return np.clip(i, 0, in_size - 1), w, i < end[:, None], s


def _shape_on(ndim: int, axis: int, n: int) -> list[int]:
    shape = [1] * ndim
    shape[axis] = n
    return shape


def _tf_bilinear(x: np.ndarray, spec: ResizeSpec, at: tuple[int, int] | None = None) -> np.ndarray:
    """The bilinear rule on every output position, or on output ``at = (row, column)`` only."""
    (ay, ax), (ry, rx) = spec.axes, spec.resizes
    f32 = np.float32
    y0, y1, yl = tf_bilinear_axis(ry.in_size, ry.out_size)
    x0, x1, xl = tf_bilinear_axis(rx.in_size, rx.out_size)
    if at is not None:
        y0, y1, yl = (v[at[0]:at[0] + 1] for v in (y0, y1, yl))
        x0, x1, xl = (v[at[1]:at[1] + 1] for v in (x0, x1, xl))
    top_rows, bottom_rows = np.take(x, y0, axis=ay).astype(f32), np.take(x, y1, axis=ay).astype(f32)
    xl_ = xl.reshape(_shape_on(x.ndim, ax, -1))
    tl, tr = np.take(top_rows, x0, axis=ax), np.take(top_rows, x1, axis=ax)
    top = tl + (tr - tl) * xl_
    bl, br = np.take(bottom_rows, x0, axis=ax), np.take(bottom_rows, x1, axis=ax)
    bottom = bl + (br - bl) * xl_
    return (top + (bottom - top) * yl.reshape(_shape_on(x.ndim, ay, -1))).astype(f32)


def _tf_area(x: np.ndarray, spec: ResizeSpec, at: tuple[int, int] | None = None) -> np.ndarray:
    """The area rule on every output position, or on output ``at = (row, column)`` only."""
    (ay, ax), (ry, rx) = spec.axes, spec.resizes
    f32 = np.float32
    iy, wy, vy, sh = tf_area_axis(ry.in_size, ry.out_size)
    ix, wx, vx, sw = tf_area_axis(rx.in_size, rx.out_size)
    if at is not None:
        iy, wy, vy = (v[at[0]:at[0] + 1] for v in (iy, wy, vy))
        ix, wx, vx = (v[at[1]:at[1] + 1] for v in (ix, wx, vx))
    scale = f32(1.0 / float(sh * sw))  # 1.0 / (height_scale * width_scale): double, then float
    cells_x = vx.sum(axis=1)
    wshape = _shape_on(x.ndim, ax, -1)
    hshape = _shape_on(x.ndim, ay, -1)
    out_shape = list(x.shape)
    out_shape[ay], out_shape[ax] = iy.shape[0], ix.shape[0]
    total = np.zeros(out_shape, f32)
    for r in range(iy.shape[1]):  # cells of rows, in order
        rows = np.take(x, iy[:, r], axis=ay).astype(f32)
        # each row: the first cell times its scale, the inner cells added as they are, the last times its scale
        row_sum = np.take(rows, ix[:, 0], axis=ax) * wx[:, 0].reshape(wshape)
        for k in range(1, ix.shape[1]):
            px = np.take(rows, ix[:, k], axis=ax)
            term = np.where((k == cells_x - 1).reshape(wshape), px * wx[:, k].reshape(wshape), px)
            row_sum = np.where((k < cells_x).reshape(wshape), row_sum + term, row_sum)
        total = np.where(vy[:, r].reshape(hshape), total + row_sum * wy[:, r].reshape(hshape), total)
    return (total * scale).astype(f32)


@cache
def _c_sinf() -> Callable[[float], float] | None:
    """The C library's ``sinf`` (what TensorFlow's float kernels call), or None where it cannot be loaded."""
    name = ctypes.util.find_library("m")
    try:
        lib = ctypes.CDLL(name)
        fn = lib.sinf
    except (OSError, AttributeError, TypeError):
        return None
    fn.restype = ctypes.c_float
    fn.argtypes = [ctypes.c_float]
    return cast(Callable[[float], float], fn)


def c_sinf(v: np.ndarray) -> np.ndarray:
    """float32 ``sin`` as the C library's ``sinf`` computes it (TensorFlow calls ``std::sin`` on
    floats); where no C library can be loaded, the double sine rounded to float32 (which differs
    from glibc's ``sinf`` in the last bit now and then)."""
    a = np.asarray(v, dtype=np.float32)
    fn = _c_sinf()
    if fn is None:
        return np.sin(a.astype(np.float64)).astype(np.float32)
    return np.array([fn(t) for t in a.reshape(-1).tolist()], dtype=np.float32).reshape(a.shape)


def tf_lanczos(x: np.ndarray, radius: int) -> np.ndarray:
    """TensorFlow's ``LanczosKernelFunc`` in float32: 0 beyond the radius, 1 at ``|x| <= 1e-3``, else
    ``radius * sin(pi x) * sin(pi x / radius) / (pi * pi * x * x)`` with ``pi = 3.14159265359f``, in that order."""
    f32 = np.float32
    kpi, r = f32(3.14159265359), f32(radius)
    ax = np.abs(np.asarray(x, dtype=f32))
    with np.errstate(all="ignore"):
        val = r * c_sinf(kpi * ax) * c_sinf((kpi * ax) / r) / (kpi * kpi * ax * ax)
    return np.where(ax > r, f32(0), np.where(ax <= f32(1e-3), f32(1), val)).astype(f32)


def tf_span_axis(in_size: int, out_size: int, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """``ScaleAndTranslate``'s spans of one axis (``ComputeSpansCore``, no antialias, translation 0):
    ``(starts, weights)``, weights ``(out, span)`` float32, 0 past the image. In float32: ``scale =
    out / in``, ``inv_scale = 1 / scale`` (double, then float), ``sample = (x + 0.5) * inv_scale``
    (no span outside ``[0, in]``), taps ``ceil(sample - radius - 0.5) .. floor(sample + radius - 0.5)``
    clamped, each ``lanczos(tap + 0.5 - sample)``, summed in order and multiplied by ``1 / sum``."""
    f32 = np.float32
    scale = f32(out_size) / f32(in_size)
    inv_scale = f32(1.0 / float(scale))
    rk = f32(radius)
    span = min(2 * math.ceil(float(rk)) + 1, in_size)
    sample = (np.arange(out_size, dtype=f32) + f32(0.5)) * inv_scale + f32(-0.0)
    inside = (sample >= 0) & (sample <= in_size)
    first = np.clip(np.ceil(sample - rk - f32(0.5)).astype(np.int64), 0, in_size - 1)
    last = np.clip(np.floor(sample + rk - f32(0.5)).astype(np.int64), 0, in_size - 1) + 1
    k = np.arange(span)[None, :]
    taps = first[:, None] + k
    used = (taps < last[:, None]) & inside[:, None]
    w = np.where(used, tf_lanczos(taps.astype(f32) + f32(0.5) - sample[:, None], radius), f32(0)).astype(f32)
    total = np.zeros(out_size, f32)
    for j in range(span):  # the running float32 sum, tap by tap
        total = total + w[:, j]
    ok = np.abs(total) >= f32(1000) * np.finfo(f32).tiny
    inv = (f32(1) / np.where(ok, total, f32(1))).astype(f32)
    w = np.where(ok[:, None], w * inv[:, None], f32(0)).astype(f32)
    return np.where(inside, first, 0), w


def _tf_gather(x: np.ndarray, axis: int, starts: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``GatherRows`` / ``GatherColumns``: ``out = 0``, then ``out += x[start + k] * w[k]`` tap by tap in float32."""
    f32 = np.float32
    n = x.shape[axis]
    out_shape = list(x.shape)
    out_shape[axis] = len(starts)
    out = np.zeros(out_shape, f32)
    real = np.minimum(starts + w.shape[1], n) - starts
    shape = _shape_on(x.ndim, axis, -1)
    for k in range(w.shape[1]):
        term = np.take(x, np.minimum(starts + k, n - 1), axis=axis).astype(f32) * w[:, k].reshape(shape)
        out = np.where((k < real).reshape(shape), out + term, out)
    return out


def _tf_lanczos(x: np.ndarray, spec: ResizeSpec, at: tuple[int, int] | None = None) -> np.ndarray:
    """``ScaleAndTranslate`` with a lanczos kernel: the rows first (into a float32 intermediate),
    then the columns; on every output position or on ``at = (row, column)`` only."""
    (ay, ax), (ry, rx) = spec.axes, spec.resizes
    lobes = spec.filter.lobes
    sy, wy = tf_span_axis(ry.in_size, ry.out_size, lobes)
    sx, wx = tf_span_axis(rx.in_size, rx.out_size, lobes)
    if at is not None:
        sy, wy, sx, wx = sy[at[0]:at[0] + 1], wy[at[0]:at[0] + 1], sx[at[1]:at[1] + 1], wx[at[1]:at[1] + 1]
    return _tf_gather(_tf_gather(x, ay, sy, wy), ax, sx, wx)


#: TensorFlow's ResizeBicubic reads its weights from a table of 1024 fractions.
TF_CUBIC_TABLE = 1 << 10


@cache
def _tf_cubic_table() -> tuple[np.ndarray, np.ndarray]:
    """``InitCoeffsTable(-0.5)``: for ``x = i / 1024`` (double, stored as float) the near weight
    ``((a + 2) x - (a + 3)) x x + 1`` and, at ``x + 1``, the far weight ``((a x - 5a) x + 8a) x - 4a``,
    each computed in double and stored as float."""
    a = -0.5
    x = (np.arange(TF_CUBIC_TABLE + 1) * 1.0 / TF_CUBIC_TABLE).astype(np.float32).astype(np.float64)
    near = (((a + 2) * x - (a + 3)) * x * x + 1).astype(np.float32)
    x1 = (x + 1.0).astype(np.float32).astype(np.float64)
    far = (((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a).astype(np.float32)
    return near, far


def tf_bicubic_axis(in_size: int, out_size: int) -> tuple[np.ndarray, np.ndarray]:
    """``ResizeBicubic``'s taps of one axis (half-pixel centres, Keys a = -0.5,
    ``GetWeightsAndIndices``): ``(index, weight)``, both ``(out, 4)``. In float32: ``v = (x + 0.5)
    * (in / out) - 0.5``, the weights read from the table at ``lrintf((v - floor(v)) * 1024)``
    (half to even), taps outside the image weigh 0, the four multiplied by ``1 / sum``."""
    f32 = np.float32
    near, far = _tf_cubic_table()
    scale = f32(in_size) / f32(out_size)
    v = (np.arange(out_size, dtype=f32) + f32(0.5)) * scale - f32(0.5)
    low = np.floor(v).astype(np.int64)
    offset = np.rint((v - low.astype(f32)).astype(f32) * f32(TF_CUBIC_TABLE)).astype(np.int64)
    want = low[:, None] + np.arange(-1, 3)[None, :]
    index = np.clip(want, 0, in_size - 1)
    top = TF_CUBIC_TABLE - offset
    w = np.stack([far[offset], near[offset], near[top], far[top]], axis=1).astype(f32)
    w = np.where(index == want, w, f32(0)).astype(f32)
    total = ((w[:, 0] + w[:, 1]) + w[:, 2]) + w[:, 3]
    ok = np.abs(total) >= f32(1000) * np.finfo(f32).tiny
    inv = (f32(1) / np.where(ok, total, f32(1))).astype(f32)
    return index, np.where(ok[:, None], w * inv[:, None], w).astype(f32)


def _tf_bicubic(x: np.ndarray, spec: ResizeSpec, at: tuple[int, int] | None = None) -> np.ndarray:
    """``ResizeBicubic``: for each of the 4 column taps the 4 rows combined (``v0 w0 + v1 w1 + v2 w2
    + v3 w3`` in float32, in that order), then those 4 values by the column weights."""
    (ay, ax), (ry, rx) = spec.axes, spec.resizes
    f32 = np.float32
    iy, wy = tf_bicubic_axis(ry.in_size, ry.out_size)
    ix, wx = tf_bicubic_axis(rx.in_size, rx.out_size)
    if at is not None:
        iy, wy, ix, wx = iy[at[0]:at[0] + 1], wy[at[0]:at[0] + 1], ix[at[1]:at[1] + 1], wx[at[1]:at[1] + 1]
    hshape, wshape = _shape_on(x.ndim, ay, -1), _shape_on(x.ndim, ax, -1)

    def combine(values: list[np.ndarray], w: np.ndarray, shape: list[int]) -> np.ndarray:
        acc = values[0] * w[:, 0].reshape(shape)
        for k in range(1, 4):
            acc = acc + values[k] * w[:, k].reshape(shape)
        return acc

    cols = []
    for k in range(4):
        ck = np.take(x, ix[:, k], axis=ax).astype(f32)
        cols.append(combine([np.take(ck, iy[:, r], axis=ay) for r in range(4)], wy, hshape))
    return combine(cols, wx, wshape).astype(f32)


def _tf_float32(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable]) -> np.ndarray:
    """TensorFlow's own float32 arithmetic of ``tf.image.resize`` bilinear (``ResizeBilinear``,
    half-pixel centres: ``top = tl + (tr - tl) * xl``, ``bottom = bl + (br - bl) * xl``, ``top +
    (bottom - top) * yl``) and area (``ResizeArea``: per row the first cell scaled, the inner
    cells added, the last scaled; rows summed times their scale; times ``1 / (sh * sw)``): the
    float32 result to the bit, which Keras rounds for integer images."""
    if spec.filter.kind == "area":
        return _tf_area(x, spec)
    if spec.filter.kind == "lanczos":
        return _tf_lanczos(x, spec)
    if spec.filter.kind == "cubic":
        return _tf_bicubic(x, spec)
    return _tf_bilinear(x, spec)


register_fixed_point("tf_float32", _tf_float32)


def tf_float32_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...],
                        axis_names: dict[int, str] | None = None) -> tuple[np.float32, np.float32, tuple[str, ...]]:
    """One output element of the ``"tf_float32"`` rule: ``(value, steps, lines)``. ``value`` runs the
    rule's own vectorised code on the element's taps; ``steps`` recomputes it with float32 scalars,
    one line per operation, in TensorFlow's order."""
    (ay, ax), (ry, rx) = spec.axes, spec.resizes
    names = axis_names or {}
    hy, wx_ = names.get(ay, f"axis {ay}"), names.get(ax, f"axis {ax}")
    i, j = index[ay], index[ax]
    at: list[Any] = list(index)
    f32 = np.float32

    def px(r: int, c: int) -> np.float32:
        at[ay], at[ax] = int(r), int(c)
        return f32(x[tuple(at)])

    if spec.filter.kind == "lanczos":
        lobes = spec.filter.lobes
        sy, wy_ = (v[i] for v in tf_span_axis(ry.in_size, ry.out_size, lobes))
        sx, wx2 = (v[j] for v in tf_span_axis(rx.in_size, rx.out_size, lobes))
        rows = [int(sy) + k for k in range(len(wy_)) if int(sy) + k < ry.in_size]
        cols = [int(sx) + k for k in range(len(wx2)) if int(sx) + k < rx.in_size]
        lines = [f"ScaleAndTranslate (lanczos{lobes}, float32): {hy} rows {rows} weigh "
                 f"{[float(v) for v in wy_[:len(rows)]]}, {wx_} columns {cols} weigh "
                 f"{[float(v) for v in wx2[:len(cols)]]} (sample = (x + 0.5) / scale, kernel with the C library's "
                 "sinf, normalised by 1 / sum); the rows first, then the columns"]
        inter = []
        for c in cols:
            acc = f32(0)
            for k, r in enumerate(rows):
                acc = f32(acc + px(r, c) * wy_[k])
            inter.append(acc)
        lines.append(f"rows pass (0 + pixel * weight, in order) at columns {cols}: {[float(v) for v in inter]}")
        steps = f32(0)
        for k, v in enumerate(inter):
            steps = f32(steps + v * wx2[k])
        lines.append(f"columns pass: {float(steps):.9g}")
    elif spec.filter.kind == "cubic":
        iy_, wy_ = (v[i] for v in tf_bicubic_axis(ry.in_size, ry.out_size))
        ix_, wx3 = (v[j] for v in tf_bicubic_axis(rx.in_size, rx.out_size))
        lines = [f"ResizeBicubic (float32, half-pixel centres, a = -0.5 from a table of 1024 fractions, taps "
                 f"outside weigh 0, times 1 / sum): {hy} rows {[int(r) for r in iy_]} weigh "
                 f"{[float(v) for v in wy_]}, {wx_} columns {[int(c) for c in ix_]} weigh {[float(v) for v in wx3]}"]
        vals = []
        for c in ix_:
            acc = px(iy_[0], c) * wy_[0]
            for k in range(1, 4):
                acc = f32(acc + px(iy_[k], c) * wy_[k])
            vals.append(f32(acc))
        lines.append(f"each column's 4 rows combined in order: {[float(v) for v in vals]}")
        steps = f32(vals[0] * wx3[0])
        for k in range(1, 4):
            steps = f32(steps + vals[k] * wx3[k])
        lines.append(f"the 4 columns combined in order: {float(steps):.9g}")
    elif spec.filter.kind == "area":
        iy, wy, vy, sh = tf_area_axis(ry.in_size, ry.out_size)
        ix, wxs, vx, sw = tf_area_axis(rx.in_size, rx.out_size)
        rows, ry_w = iy[i][vy[i]], wy[i][vy[i]]
        cols, cx_w = ix[j][vx[j]], wxs[j][vx[j]]
        scale = f32(1.0 / float(sh * sw))
        lines = [f"ResizeArea (float32): {hy} cells {[int(r) for r in rows]} weigh {[float(v) for v in ry_w]}, "
                 f"{wx_} cells {[int(c) for c in cols]} weigh {[float(v) for v in cx_w]} (overlaps with "
                 f"[x * {float(sh):.9g}, (x + 1) * {float(sh):.9g}) and [x * {float(sw):.9g}, "
                 f"(x + 1) * {float(sw):.9g}))"]
        total = f32(0)
        for r, wr in zip(rows, ry_w, strict=True):
            s_ = px(r, cols[0]) * cx_w[0]
            for k in range(1, len(cols)):
                s_ = s_ + (px(r, cols[k]) * cx_w[k] if k == len(cols) - 1 else px(r, cols[k]))
            total = total + s_ * wr
            lines.append(f"row {int(r)}: first cell * its scale, inner cells added, last cell * its scale = "
                         f"{float(s_):.9g}; times {float(wr):.9g}, running sum {float(total):.9g}")
        steps = f32(total * scale)
        lines.append(f"times 1 / ({float(sh):.9g} * {float(sw):.9g}) = {float(scale):.9g}: {float(steps):.9g}")
    else:
        y0, y1, yl = (v[i] for v in tf_bilinear_axis(ry.in_size, ry.out_size))
        x0, x1, xl = (v[j] for v in tf_bilinear_axis(rx.in_size, rx.out_size))
        tl, tr, bl, br = px(y0, x0), px(y0, x1), px(y1, x0), px(y1, x1)
        top = tl + (tr - tl) * xl
        bottom = bl + (br - bl) * xl
        steps = f32(top + (bottom - top) * yl)
        lines = [f"ResizeBilinear (float32, half-pixel centres): {hy} rows ({int(y0)}, {int(y1)}) lerp "
                 f"{float(yl):.9g}, {wx_} columns ({int(x0)}, {int(x1)}) lerp {float(xl):.9g} (v = (x + 0.5) * "
                 "(in / out) - 0.5 in float32, lerp = v - floor(v))",
                 f"top = {tl:g} + ({tr:g} - {tl:g}) * {float(xl):.9g} = {float(top):.9g}",
                 f"bottom = {bl:g} + ({br:g} - {bl:g}) * {float(xl):.9g} = {float(bottom):.9g}",
                 f"top + (bottom - top) * {float(yl):.9g} = {float(steps):.9g}"]
    # the rule's own vectorised code on this element's taps (the other axes at their index)
    plane = tuple(slice(None) if a in (ay, ax) else slice(v, v + 1) for a, v in enumerate(index))  # a view
    rule = {"area": _tf_area, "lanczos": _tf_lanczos, "cubic": _tf_bicubic}.get(spec.filter.kind, _tf_bilinear)
    value = f32(rule(x[plane], spec, (i, j)).reshape(-1)[0])
    return value, steps, tuple(lines)
