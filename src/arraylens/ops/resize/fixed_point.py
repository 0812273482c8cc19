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
    output is less tall than the image and at least as wide (:func:`pil_horizontal_first`).
    32-bit images (I, F): double sums of the double weights, I rounded half away from zero and
    clipped to int32 (``ROUND_UP``), F cast to float.

OpenCV's other resize paths (``resizeGeneric_``, ``resizeArea_``, ``resizeAreaFast_``) are the
rules ``"opencv_generic"``, ``"opencv_area"`` and ``"opencv_area_fast"`` of
:mod:`arraylens.ops.resize.opencv_generic`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.ops.resize import opencv_loops
from arraylens.ops.resize.kernel import AxisTable, register_fixed_point
from arraylens.ops.resize.spec import ResizeSpec, filter_function, filter_radius

__all__ = [
    "PIL_PRECISION_BITS",
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
    total = w.sum(axis=1, keepdims=True)
    w = np.where(total != 0, w / np.where(total == 0, 1.0, total), w)
    return xmin, xmax, w


def pil_fixed_weights(w: np.ndarray) -> np.ndarray:
    """Pillow's ``normalize_coeffs_8bpc``: ``(int)(w * 2**22 + 0.5)``, ``(int)(w * 2**22 - 0.5)`` if negative."""
    s = w * float(1 << PIL_PRECISION_BITS)
    return np.trunc(np.where(w < 0, s - 0.5, s + 0.5)).astype(np.int64)


def _pil_pass(x: np.ndarray, axis: int, xmin: np.ndarray, w: np.ndarray) -> np.ndarray:
    """One Pillow pass along ``axis``."""
    n = x.shape[axis]
    shape = [1] * x.ndim
    shape[axis] = -1
    if x.dtype == np.uint8:
        kw = pil_fixed_weights(w)
        acc: Any = np.full([*x.shape[:axis], len(xmin), *x.shape[axis + 1:]], 1 << (PIL_PRECISION_BITS - 1),
                           dtype=np.int64)
        xi = x.astype(np.int64)
        for j in range(w.shape[1]):
            if not np.any(kw[:, j]):
                continue
            acc += np.take(xi, np.minimum(xmin + j, n - 1), axis=axis) * kw[:, j].reshape(shape)
        return np.clip(acc >> PIL_PRECISION_BITS, 0, 255).astype(np.uint8)
    accf: Any = np.zeros([*x.shape[:axis], len(xmin), *x.shape[axis + 1:]], dtype=np.float64)
    xf = x.astype(np.float64)
    for j in range(w.shape[1]):
        if not np.any(w[:, j]):
            continue
        accf += np.take(xf, np.minimum(xmin + j, n - 1), axis=axis) * w[:, j].reshape(shape)
    if x.dtype == np.int32:  # ROUND_UP: half away from zero, then clip to int32
        r = np.where(accf < 0, accf - 0.5, accf + 0.5)
        return np.clip(np.trunc(r), -(2.0**31), 2.0**31 - 1).astype(np.int32)
    return accf.astype(x.dtype)


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
    need_h = rx.out_size != rx.in_size or rx.roi != (0, rx.in_size)
    need_v = ry.out_size != ry.in_size or ry.roi != (0, ry.in_size)
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
            if block.dtype == np.int32:  # ROUND_UP: half away from zero, then clip to int32
                r = np.where(acc < 0, acc - 0.5, acc + 0.5)
                cur = np.clip(np.trunc(r), -(2.0**31), 2.0**31 - 1).astype(np.int32)
            else:
                cur = acc.astype(block.dtype)
            lines.append(f"{name} pass: double weights {[float(f'{v:.6g}') for v in w]} -> "
                         f"{[float(f'{v:.9g}') for v in np.atleast_1d(cur)]}")
        cur = cur[:, None] if k == 1 else cur[None, :]
    return block.dtype.type(np.asarray(cur).reshape(-1)[0]), lines


def pil_horizontal_first(spec: ResizeSpec) -> bool:
    """Pillow 13.0.0's pass order, as measured against it: vertical first when the output is
    less tall than the image and at least as wide (``ysize < image height and xsize >= image
    width``, box or not), horizontal first otherwise. When both output sizes are smaller than
    the image's, Pillow 13.0.0 takes either order by a rule not reproduced (8-bit resizes refused)."""
    ry, rx = spec.resizes
    return not (rx.out_size >= rx.in_size and ry.out_size < ry.in_size)


def _pil(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable]) -> np.ndarray:
    if spec.filter.kind == "nearest":
        return _pil_nearest(x, spec)
    ry, rx = spec.resizes
    need_h = rx.out_size != rx.in_size or rx.roi != (0, rx.in_size)
    need_v = ry.out_size != ry.in_size or ry.roi != (0, ry.in_size)
    if _premultiplied(x) and (need_h or need_v):
        return pil_unpremultiply(_pil_resample(pil_premultiply(x), spec))
    return _pil_resample(x, spec)


def _pil_resample(x: np.ndarray, spec: ResizeSpec) -> np.ndarray:
    (ay, ax) = spec.axes
    ry, rx = spec.resizes
    ymin, ysize, wy = pil_coefficients(spec, 0)
    xmin, _xsize, wx = pil_coefficients(spec, 1)
    need_h = rx.out_size != rx.in_size or rx.roi != (0, rx.in_size)
    need_v = ry.out_size != ry.in_size or ry.roi != (0, ry.in_size)
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
    """``values`` rounded half to even and saturated to the integer (or bool) ``dtype``: OpenCV's
    ``saturate_cast``, and how Keras's resize layers cast a float result back to the input's dtype."""
    dt = np.dtype(dtype)
    lo, hi = (0, 1) if dt.kind == "b" else (int(np.iinfo(dt).min), int(np.iinfo(dt).max))
    return np.clip(np.rint(values), lo, hi).astype(dt)
