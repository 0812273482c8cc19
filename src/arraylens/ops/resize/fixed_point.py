"""The libraries' own integer and float arithmetic of a resize, registered as precision rules.

:func:`arraylens.ops.resize.kernel.register_fixed_point` names them; a front-end selects one with
``Precision(fixed_point=NAME)``:

``"opencv"`` (OpenCV 5.0 ``cv::resize``, ``modules/imgproc/src/resize.cpp``)
    Two-tap resizes (INTER_LINEAR, and INTER_AREA where an axis is upsampled), and INTER_LANCZOS4
    on 8-bit images (8 taps in 1/2048, ``(sum + 2**21) >> 22``; matches cv2 on 99 of 100 random
    configurations, not all). Per axis the
    source coordinate is computed in double and rounded to float (``fx = (float)((dx + 0.5) *
    scale_x - 0.5)``; INTER_AREA: ``fx = (dx + 1) - (sx + 1) * inv_scale_x``, 0 when not
    positive, else its fraction), the two taps ``sx, sx + 1`` clamped to the image.
    8-bit images: each weight ``saturate_cast<short>(w * 2048)`` (rounded to nearest even), the
    horizontal pass sums ``pixel * alpha`` exactly in int32, the vertical pass is the SIMD one:
    ``((S0 >> 4) * beta0 >> 16) + ((S1 >> 4) * beta1 >> 16)``, then ``(t + 2) >> 2``, saturated
    to 0..255. Other types: float32 weights and sums (float64 for float64), integers rounded to
    nearest even and saturated.
``"opencv_linear_exact"`` (INTER_LINEAR_EXACT, ``resize_bitExact`` + ``interpolationLinear``)
    8- and 16-bit images: per axis ``fval = (1 / inv_scale) * (x + 0.5) - 0.5`` in double, two
    taps ``floor(fval)`` and the next, the weight of the second ``cvRound(frac * 2**bits)``
    (half to even; ``bits`` 8 for uint8, 16 for uint16 / int16), edge positions reading the
    edge pixel; the horizontal sums exact, the result ``(h0 * b0 + h1 * b1 + 2**(2 bits - 1))
    >> 2 bits``, saturated. Halving both axes runs ``"opencv_area_fast2"`` instead (OpenCV's
    fast INTER_AREA: ``(a + b + c + d + 2) >> 2``).
``"pil"`` (Pillow 13.0, ``src/libImaging/Resample.c``)
    8-bit images: the normalised double weights of each output pixel in fixed point with
    ``PRECISION_BITS = 32 - 8 - 2`` fractional bits (``(int)(w * 2**22 + 0.5)``, toward zero
    for negative weights after subtracting 0.5), each pass
    ``(2**21 + sum) >> 22`` clipped to 0..255; horizontal pass first, vertical first when the
    height shrinks by more than twice as many pixels as the width (:func:`pil_horizontal_first`).
    32-bit images (I, F): double sums of the double weights, I rounded half away from zero and
    clipped to int32 (``ROUND_UP``), F cast to float.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.ops.resize.kernel import AxisTable, register_fixed_point
from arraylens.ops.resize.spec import ResizeSpec, filter_function, filter_radius

__all__ = [
    "OPENCV_COEF_BITS",
    "PIL_PRECISION_BITS",
    "opencv_exact_bits",
    "opencv_lanczos4_taps",
    "opencv_linear_exact_taps",
    "opencv_linear_exact_value_at",
    "opencv_linear_taps",
    "opencv_round_u8",
    "opencv_value_at",
    "pil_coefficients",
    "pil_fixed_weights",
    "pil_horizontal_first",
    "pil_nearest_picks",
    "pil_premultiply",
    "pil_unpremultiply",
    "pil_value_at",
    "saturate_cast",
]

#: OpenCV's INTER_RESIZE_COEF_BITS: 8-bit weights are multiples of 1 / 2048.
OPENCV_COEF_BITS = 11
#: Pillow's PRECISION_BITS: 8-bit weights are multiples of 1 / 2**22.
PIL_PRECISION_BITS = 32 - 8 - 2


def opencv_linear_taps(spec: ResizeSpec, k: int, positions: np.ndarray | None = None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """OpenCV's two taps of axis ``k``: ``(sx0, sx1, fx)`` with ``fx`` float32 (weight of ``sx1``).

    INTER_LINEAR (``spec.filter.kind == 'linear'``) or INTER_AREA's upsampling rule (``area``).
    """
    r = spec.resizes[k]
    n = r.in_size
    x = np.arange(r.out_size, dtype=np.int64) if positions is None else np.asarray(positions, dtype=np.int64)
    scale = 1.0 / float(r.scale)  # OpenCV's scale_x = 1. / inv_scale_x
    inv = float(r.scale)
    if spec.filter.kind == "area":
        sx = np.floor(x * scale).astype(np.int64)
        f = ((x + 1) - (sx + 1) * inv).astype(np.float32)
        f = np.where(f <= 0, np.float32(0), f - np.floor(f)).astype(np.float32)
        hi = sx >= n - 1
        f = np.where(hi, np.float32(0), f).astype(np.float32)
        sx = np.where(hi, n - 1, sx)
    else:
        v = ((x + 0.5) * scale - 0.5).astype(np.float32)
        fl = np.floor(v)
        f = (v - fl).astype(np.float32)
        sx = fl.astype(np.int64)
    return np.clip(sx, 0, n - 1), np.clip(sx + 1, 0, n - 1), f


def _alpha(f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    one = np.float32(1 << OPENCV_COEF_BITS)
    return (np.rint((np.float32(1) - f) * one).astype(np.int64), np.rint(f * one).astype(np.int64))


def opencv_round_u8(s0: Any, s1: Any, b0: Any, b1: Any) -> Any:
    """OpenCV's SIMD vertical step on 8-bit images: two horizontal sums (scaled by 2048) and two
    weights (scaled by 2048) to a pixel: ``(((s0 >> 4) * b0 >> 16) + ((s1 >> 4) * b1 >> 16) + 2) >> 2``,
    saturated to 0..255."""
    t = (((np.asarray(s0) >> 4) * b0) >> 16) + (((np.asarray(s1) >> 4) * b1) >> 16)
    return np.clip((t + 2) >> 2, 0, 255)


def opencv_nearest_exact(in_size: int, out_size: int, positions: np.ndarray | None = None) -> np.ndarray:
    """INTER_NEAREST_EXACT's picks in 16.16 fixed point: ``step = ((in << 16) + out // 2) // out``,
    ``(step // 2 - in % 2 + x * step) >> 16``, clamped to ``in - 1``."""
    x = np.arange(out_size, dtype=np.int64) if positions is None else np.asarray(positions, dtype=np.int64)
    step = ((in_size << 16) + out_size // 2) // out_size
    return np.minimum((step // 2 - in_size % 2 + x * step) >> 16, in_size - 1).astype(np.intp)


def opencv_lanczos4_taps(spec: ResizeSpec, k: int) -> tuple[np.ndarray, np.ndarray]:
    """INTER_LANCZOS4's 8 taps of axis ``k`` (clamped indices, ``(out, 8)``) and their 8-bit weights
    in 1/2048: ``fx`` as INTER_LINEAR's, weights ``sinc(t) sinc(t / 4)`` at ``t = fx + 3 - i``
    rounded to float, normalised by their double sum (``[0, 0, 0, 1, 0, 0, 0, 0]`` when
    ``fx < FLT_EPSILON``), then ``saturate_cast<short>(w * 2048)``."""
    r = spec.resizes[k]
    n = r.in_size
    x = np.arange(r.out_size, dtype=np.int64)
    v = ((x + 0.5) * (1.0 / float(r.scale)) - 0.5).astype(np.float32)
    fl = np.floor(v)
    f = (v - fl).astype(np.float32)
    i = np.arange(8)[None, :]
    t = f.astype(np.float64)[:, None] + 3 - i
    y = -t * np.pi * 0.25
    with np.errstate(invalid="ignore", divide="ignore"):
        w = (np.sin(y) * np.sin(4 * y) / (y * y)).astype(np.float32)
    w = np.where(f[:, None] < np.finfo(np.float32).eps, (i == 3).astype(np.float32), w)
    w = (w * (1.0 / w.astype(np.float64).sum(axis=1, keepdims=True))).astype(np.float32)
    idx = np.clip(fl.astype(np.int64)[:, None] + i - 3, 0, n - 1)
    return idx.astype(np.intp), np.rint(w * np.float32(1 << OPENCV_COEF_BITS)).astype(np.int64)


def opencv_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """One output element of the ``"opencv"`` rule with the kernel's own operations on its taps
    only, and the steps in words: ``(value, lines)``. O(taps)."""
    (ay, ax) = spec.axes
    sel: list[Any] = [np.array([i]) for i in index]
    if spec.filter.kind == "lanczos":
        iy, wy = opencv_lanczos4_taps(spec, 0)
        ix, wx = opencv_lanczos4_taps(spec, 1)
        ry, rx, by, bx = iy[index[ay]], ix[index[ax]], wy[index[ay]], wx[index[ax]]
        sel[ay], sel[ax] = ry, rx
        block = x[np.ix_(*sel)].astype(np.int64)
        sums = [int(v) for v in np.moveaxis(block, (ay, ax), (0, 1)).reshape(8, 8, -1)[:, :, 0] @ bx]
        acc = sum(int(b) * s_ for b, s_ in zip(by, sums, strict=True))
        value = min(max((acc + (1 << 21)) >> 22, 0), 255)
        return np.uint8(value), (
            f"weights in 1/2048: columns {[int(c) for c in rx]} -> {[int(a) for a in bx]}, rows "
            f"{[int(r) for r in ry]} -> {[int(b) for b in by]}",
            f"row sums S = sum(pixel * alpha) = {sums}",
            f"(sum(beta * S) + 2**21) >> 22 = ({acc} + 2097152) >> 22 -> saturated {value}")
    y0, y1, fy = opencv_linear_taps(spec, 0, np.array([index[ay]]))
    x0, x1, fx = opencv_linear_taps(spec, 1, np.array([index[ax]]))
    sel[ay], sel[ax] = np.array([y0[0], y1[0]]), np.array([x0[0], x1[0]])
    block = np.moveaxis(x[np.ix_(*sel)], (ay, ax), (0, 1)).reshape(2, 2, -1)[:, :, 0]
    if x.dtype == np.uint8:
        a0, a1 = (int(v[0]) for v in _alpha(fx))
        b0, b1 = (int(v[0]) for v in _alpha(fy))
        s0 = int(block[0, 0]) * a0 + int(block[0, 1]) * a1
        s1 = int(block[1, 0]) * a0 + int(block[1, 1]) * a1
        t0, t1 = ((s0 >> 4) * b0) >> 16, ((s1 >> 4) * b1) >> 16
        value = int(opencv_round_u8(s0, s1, b0, b1))
        return np.uint8(value), (
            f"weights in 1/2048: alpha = ({a0}, {a1}) for columns ({int(x0[0])}, {int(x1[0])}) "
            f"(fx = {float(fx[0]):.9g}), beta = ({b0}, {b1}) for rows ({int(y0[0])}, {int(y1[0])}) "
            f"(fy = {float(fy[0]):.9g}); saturate_cast<short>(w * 2048) rounds to nearest even",
            f"S0 (row {int(y0[0])}) = {int(block[0, 0])} * {a0} + {int(block[0, 1])} * {a1} = {s0}",
            f"S1 (row {int(y1[0])}) = {int(block[1, 0])} * {a0} + {int(block[1, 1])} * {a1} = {s1}",
            f"vertical (SIMD): ((S0 >> 4) * {b0} >> 16) + ((S1 >> 4) * {b1} >> 16) = {t0} + {t1} = {t0 + t1}; "
            f"({t0 + t1} + 2) >> 2 = {(t0 + t1 + 2) >> 2} -> saturated {value}")
    t: Any = np.float64 if x.dtype == np.float64 else np.float32
    wx1, wy1 = t(fx[0]), t(fy[0])
    v = block.astype(t)
    h0 = v[0, 0] * (t(1) - wx1) + v[0, 1] * wx1
    h1 = v[1, 0] * (t(1) - wx1) + v[1, 1] * wx1
    out = h0 * (t(1) - wy1) + h1 * wy1
    lines = [f"weights ({np.dtype(t).name}): columns ({int(x0[0])}, {int(x1[0])}) <- (1 - fx, fx), fx = "
             f"{float(wx1):.9g}; rows ({int(y0[0])}, {int(y1[0])}) <- (1 - fy, fy), fy = {float(wy1):.9g}",
             f"horizontal: {float(h0):.9g}, {float(h1):.9g}; vertical: {float(out):.9g}"]
    if x.dtype.kind in "iu":
        r = saturate_cast(out, x.dtype)
        lines.append(f"saturate_cast<{x.dtype.name}>: rounded half to even -> {int(r)}")
        return r, tuple(lines)
    return x.dtype.type(out), tuple(lines)


def _opencv_lanczos_u8(x: np.ndarray, spec: ResizeSpec) -> np.ndarray:
    (ay, ax) = spec.axes
    iy, wy = opencv_lanczos4_taps(spec, 0)
    ix, wx = opencv_lanczos4_taps(spec, 1)
    xi = x.astype(np.int64)
    shape_w = [1] * x.ndim
    shape_w[ax] = -1
    shape_h = [1] * x.ndim
    shape_h[ay] = -1
    hs: Any = 0
    for j in range(8):
        hs = hs + np.take(xi, ix[:, j], axis=ax) * wx[:, j].reshape(shape_w)
    acc: Any = 1 << (2 * OPENCV_COEF_BITS - 1)
    for j in range(8):
        acc = acc + np.take(hs, iy[:, j], axis=ay) * wy[:, j].reshape(shape_h)
    return np.clip(acc >> (2 * OPENCV_COEF_BITS), 0, 255).astype(np.uint8)


def _opencv(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable]) -> np.ndarray:
    (ay, ax) = spec.axes
    if spec.filter.kind == "lanczos":
        return _opencv_lanczos_u8(x, spec)
    if spec.filter.kind == "nearest":
        rows = opencv_nearest_exact(spec.resizes[0].in_size, spec.resizes[0].out_size)
        cols = opencv_nearest_exact(spec.resizes[1].in_size, spec.resizes[1].out_size)
        return np.take(np.take(x, rows, axis=ay), cols, axis=ax)
    y0, y1, fy = opencv_linear_taps(spec, 0)
    x0, x1, fx = opencv_linear_taps(spec, 1)
    shape_w = [1] * x.ndim
    shape_w[ax] = -1
    shape_h = [1] * x.ndim
    shape_h[ay] = -1
    if x.dtype == np.uint8:
        a0, a1 = _alpha(fx)
        b0, b1 = _alpha(fy)
        xi = x.astype(np.int64)
        hs = np.take(xi, x0, axis=ax) * a0.reshape(shape_w) + np.take(xi, x1, axis=ax) * a1.reshape(shape_w)
        out = opencv_round_u8(np.take(hs, y0, axis=ay), np.take(hs, y1, axis=ay), b0.reshape(shape_h),
                              b1.reshape(shape_h))
        return out.astype(np.uint8)
    t: Any = np.float64 if x.dtype == np.float64 else np.float32
    xf = x.astype(t)
    wx1 = fx.astype(t)
    wy1 = fy.astype(t)
    hs = np.take(xf, x0, axis=ax) * (t(1) - wx1).reshape(shape_w) + np.take(xf, x1, axis=ax) * wx1.reshape(shape_w)
    out = np.take(hs, y0, axis=ay) * (t(1) - wy1).reshape(shape_h) + np.take(hs, y1, axis=ay) * wy1.reshape(shape_h)
    if x.dtype.kind in "iu":
        info = np.iinfo(x.dtype)
        return np.clip(np.rint(out), info.min, info.max).astype(x.dtype)
    return out.astype(x.dtype)


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
    crop = pil_crop_origin(spec)
    if crop is not None:
        at = list(index)
        at[ay], at[ax] = crop[0] + i, crop[1] + j
        value = x[tuple(at)]
        where = ", ".join(str(v) for v in at)
        lines = [f"the box starts at whole pixels and has the output's size: Pillow crops (no filter), "
                 f"x[{where}] = {value}"]
        if _premultiplied(x) and (need_h or ry.out_size != ry.in_size or ry.roi != (0, ry.in_size)):
            at[2] = slice(None)
            px = x[tuple(at)].reshape(1, 1, 4)
            value = pil_unpremultiply(pil_premultiply(px))[0, 0, int(index[2])]
            lines.append(f"RGBA -> RGBa -> RGBA (premultiplied by alpha and back, as Image.resize converts): {value}")
        return value, tuple(lines)
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
    crop = pil_crop_origin(spec)
    if crop is not None:
        at: list[Any] = [slice(None)] * x.ndim
        at[ay], at[ax] = slice(crop[0], crop[0] + ry.out_size), slice(crop[1], crop[1] + rx.out_size)
        return x[tuple(at)].copy()
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
    """INTER_LINEAR_EXACT's fractional bits: 8 for uint8 (``ufixedpoint16``), 16 for 16-bit
    images (``(u)fixedpoint32``)."""
    return 8 if np.dtype(dtype) == np.uint8 else 16


def _opencv_linear_exact(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable]) -> np.ndarray:
    (ay, ax) = spec.axes
    ry, rx = spec.resizes
    bits = opencv_exact_bits(x.dtype)
    one = 1 << bits
    oy, cy = opencv_linear_exact_taps(ry.in_size, ry.out_size, float(ry.scale), bits)
    ox, cx = opencv_linear_exact_taps(rx.in_size, rx.out_size, float(rx.scale), bits)
    shape_w = [1] * x.ndim
    shape_w[ax] = -1
    shape_h = [1] * x.ndim
    shape_h[ay] = -1
    xi = x.astype(np.int64)
    # horizontal exact (bits fractional bits), vertical 2 * bits fractional bits
    hs = (np.take(xi, ox, axis=ax) * (one - cx).reshape(shape_w)
          + np.take(xi, np.minimum(ox + 1, rx.in_size - 1), axis=ax) * cx.reshape(shape_w))
    if bits == 8:
        acc: Any = (np.take(hs, oy, axis=ay) * (one - cy).reshape(shape_h)
                    + np.take(hs, np.minimum(oy + 1, ry.in_size - 1), axis=ay) * cy.reshape(shape_h))
    else:  # 16-bit images: up to 2**63, exact in Python integers
        hso = hs.astype(object)
        acc = (np.take(hso, oy, axis=ay) * (one - cy).astype(object).reshape(shape_h)
               + np.take(hso, np.minimum(oy + 1, ry.in_size - 1), axis=ay) * cy.astype(object).reshape(shape_h))
    r = (acc + (1 << (2 * bits - 1))) >> (2 * bits)
    info = np.iinfo(x.dtype)
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


def _opencv_area_fast2(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable]) -> np.ndarray:
    """INTER_LINEAR_EXACT halving both axes: OpenCV's fast INTER_AREA, ``(a + b + c + d + 2) >> 2``."""
    (ay, ax) = spec.axes
    xi = x.astype(np.int64)
    ev = [slice(None)] * x.ndim
    od = [slice(None)] * x.ndim
    ev[ay], od[ay] = slice(0, None, 2), slice(1, None, 2)
    rows = xi[tuple(ev)] + xi[tuple(od)]
    ev[ay] = od[ay] = slice(None)
    ev[ax], od[ax] = slice(0, None, 2), slice(1, None, 2)
    return ((rows[tuple(ev)] + rows[tuple(od)] + 2) >> 2).astype(x.dtype)


register_fixed_point("opencv", _opencv)
register_fixed_point("opencv_linear_exact", _opencv_linear_exact)
register_fixed_point("opencv_area_fast2", _opencv_area_fast2)
register_fixed_point("pil", _pil)


def saturate_cast(values: Any, dtype: Any) -> Any:
    """``values`` rounded half to even and saturated to the integer (or bool) ``dtype``: OpenCV's
    ``saturate_cast``, and how Keras's resize layers cast a float result back to the input's dtype."""
    dt = np.dtype(dtype)
    lo, hi = (0, 1) if dt.kind == "b" else (int(np.iinfo(dt).min), int(np.iinfo(dt).max))
    return np.clip(np.rint(values), lo, hi).astype(dt)
