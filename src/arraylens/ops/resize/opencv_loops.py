"""Compiled loops of OpenCV's resize paths, for :mod:`arraylens.ops.resize.opencv_generic`
(``resizeGeneric_``'s horizontal and vertical passes, ``resizeAreaFast_``'s float block sums)
and :mod:`arraylens.ops.resize.fixed_point` (INTER_LINEAR_EXACT).

Each output row reads its few source rows once and writes its values in one pass, where NumPy
needs a gather and several whole-array passes per tap (uint8 512x512x3 -> 1024x1024
INTER_LINEAR: 48 ms in NumPy against 1 ms in cv2; about 6 ms compiled). The arithmetic is
OpenCV's, in its types and orders: integers exact in int64 where OpenCV's int32 does not wrap,
float32 operations kept in float32 (numba types ``float32 * float32`` as float32; 16-bit
values are converted explicitly, since numba types ``uint16 * float32`` as float64), no fused
multiply-add (``fastmath`` off).

Images are OpenCV's rows: ``(rows, cols * cn)``, the channels interleaved; ``out`` is written
in place.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.compiled import compiled

__all__ = [
    "area_fast_blocks",
    "area_horizontal",
    "horizontal",
    "linear_exact",
    "vertical_float",
    "vertical_linear_u8",
    "vertical_nested_u8",
    "vertical_sum_u8",
]


@compiled
def vertical_linear_u8(hs: Any, index: Any, beta: Any, out: Any) -> None:
    """8-bit INTER_LINEAR: ``((b0 * (S0 >> 4)) >> 16) + ((b1 * (S1 >> 4)) >> 16)``, then
    ``(t + 2) >> 2`` saturated to 0..255 (``beta`` int32 in 1/2048)."""
    rows, width = out.shape
    for y in range(rows):
        r0 = index[y, 0]
        r1 = index[y, 1]
        b0 = beta[y, 0]
        b1 = beta[y, 1]
        for c in range(width):
            t = ((b0 * (hs[r0, c] >> 4)) >> 16) + ((b1 * (hs[r1, c] >> 4)) >> 16)
            v = (t + 2) >> 2
            out[y, c] = 0 if v < 0 else (255 if v > 255 else v)


@compiled
def vertical_sum_u8(hs: Any, index: Any, beta: Any, out: Any, start: int, stop: int) -> None:
    """8-bit INTER_CUBIC (scalar loop) and INTER_LANCZOS4: ``(sum(b * S) + 2**21) >> 22``
    saturated to 0..255 (exact integers; ``beta`` int32 in 1/2048)."""
    rows = out.shape[0]
    k = index.shape[1]
    m = max(stop - start, 0)  # loops from 0 over slices: numba then vectorizes them
    acc = np.empty(m, np.int64)
    for y in range(rows):
        acc[:] = 1 << 21
        for j in range(k):
            src = hs[index[y, j], start:stop]
            b = np.int64(beta[y, j])
            for c in range(m):
                acc[c] += b * src[c]
        dst = out[y, start:stop]
        for c in range(m):
            v = acc[c] >> 22
            dst[c] = 0 if v < 0 else (255 if v > 255 else v)


@compiled
def vertical_nested_u8(hs: Any, index: Any, beta: Any, out: Any, start: int, stop: int) -> None:
    """8-bit INTER_CUBIC in the SIMD loop: ``b0*S0 + (b1*S1 + (b2*S2 + b3*S3))`` in float32
    (``beta`` float32, the 1/2048 weights over 2**22), rounded half to even, saturated."""
    rows = out.shape[0]
    k = index.shape[1]
    m = max(stop - start, 0)  # loops from 0 over slices: numba then vectorizes them
    acc = np.empty(m, np.float32)
    for y in range(rows):
        src = hs[index[y, k - 1], start:stop]
        b = beta[y, k - 1]
        for c in range(m):
            acc[c] = np.float32(src[c]) * b
        for j in range(k - 2, -1, -1):
            src = hs[index[y, j], start:stop]
            b = beta[y, j]
            for c in range(m):
                acc[c] = np.float32(src[c]) * b + acc[c]
        dst = out[y, start:stop]
        for c in range(m):
            v = np.rint(acc[c])
            dst[c] = 0 if v < 0 else (255 if v > 255 else np.int32(v))


@compiled
def vertical_float(
    hs: Any, index: Any, beta: Any, count: Any, out: Any, nested_stop: int, lo: float, hi: float
) -> None:
    """Float sums in ``hs``'s type (``beta`` the same type): columns before ``nested_stop``
    ``b0*S0 + (b1*S1 + (... + b_last*S_last))`` (the SIMD ``v_muladd`` chain), the others
    ``S0*b0 + S1*b1 + ...`` left to right (the scalar loops; row ``y`` over its first
    ``count[y]`` taps: ``resizeArea_``'s vertical pass too). An integer ``out`` takes each sum
    rounded half to even and saturated to ``[lo, hi]`` (``saturate_cast``)."""
    rows, width = out.shape
    k = index.shape[1]
    n = min(max(nested_stop, 0), width)
    dst = np.empty(width, hs.dtype)
    tail = dst[n:]
    integer = lo < hi
    for y in range(rows):
        src = hs[index[y, k - 1]]
        b = beta[y, k - 1]
        for c in range(n):
            dst[c] = src[c] * b
        for j in range(k - 2, -1, -1):
            src = hs[index[y, j]]
            b = beta[y, j]
            for c in range(n):
                dst[c] = src[c] * b + dst[c]
        src = hs[index[y, 0], n:]  # loops from 0 over slices: numba then vectorizes them
        b = beta[y, 0]
        for c in range(width - n):
            tail[c] = src[c] * b
        for j in range(1, count[y]):
            src = hs[index[y, j], n:]
            b = beta[y, j]
            for c in range(width - n):
                tail[c] = tail[c] + src[c] * b
        row = out[y]
        if integer:
            for c in range(width):
                v = np.rint(dst[c])
                row[c] = lo if v < lo else (hi if v > hi else v)
        else:
            for c in range(width):
                row[c] = dst[c]


@compiled
def horizontal(x: Any, index: Any, weight: Any, single: Any, one: Any, out: Any) -> None:
    """``HResize*``: each output element ``x[r, i0] * w0 + x[r, i1] * w1 + ...`` left to right in
    the type of ``x`` and ``weight`` (int32 for 8-bit images, exact; float32 or float64), or
    ``x[r, i0] * one`` where ``single`` (two-tap columns right of the image)."""
    rows, width = out.shape
    k = index.shape[1]
    ends = np.nonzero(single)[0]
    for r in range(rows):
        src = x[r]
        dst = out[r]
        for o in range(width):
            acc = src[index[o, 0]] * weight[o, 0]
            for j in range(1, k):
                acc = acc + src[index[o, j]] * weight[o, j]
            dst[o] = acc
        for e in ends:
            dst[e] = src[index[e, 0]] * one


@compiled
def area_fast_blocks(
    x: Any, iy: int, ix: int, cn: int, vec_cols: int, wide: bool, lo: float, hi: float, out: Any
) -> None:
    """``resizeAreaFast_`` on whole ``iy x ix`` blocks of OpenCV's rows ``x`` ``(rows, cols * cn)``
    into ``out`` ``(out_rows, out_cols * cn)``: output columns before ``vec_cols`` (float32
    halving with 1 or 4 channels) ``((a + b) + (c + d)) * 0.25f``; the others ``sum = 0``, then
    per four pixels of the block (row-major) ``sum += ((p0 + p1) + p2) + p3`` (the four added in
    the pixel's type, integers promoted to int), the rest one by one, the sum in float (double
    when ``wide``), times ``1.f / area``. An integer ``out`` takes the value rounded half to even
    and saturated to ``[lo, hi]``."""
    rows = out.shape[0]
    out_cols = out.shape[1] // cn
    area = iy * ix
    scale = np.float32(1) / np.float32(area)
    quarter = np.float32(0.25)
    integer = lo < hi
    dr = np.empty(area, np.int64)  # OpenCV's ofs: the block's pixels row-major
    dc = np.empty(area, np.int64)
    for k in range(area):
        dr[k] = k // ix
        dc[k] = (k % ix) * cn
    width = out_cols * cn
    base = np.empty(width, np.int64)  # each output element's first pixel on its block's first row
    for o in range(width):
        base[o] = (o // cn) * ix * cn + o % cn
    vec = vec_cols * cn
    acc32 = np.empty(width, np.float32)
    acc64 = np.empty(width, np.float64)
    for oy in range(rows):
        r0 = oy * iy
        top = x[r0]
        dst = out[oy]
        for o in range(vec):
            c0 = base[o]
            dst[o] = ((top[c0] + top[c0 + cn]) + (x[r0 + 1, c0] + x[r0 + 1, c0 + cn])) * quarter
        if iy == 2 and ix == 2:  # 2 x 2 blocks: one group of four
            bottom = x[r0 + 1]
            for o in range(vec, width):
                c0 = base[o]
                g = ((top[c0] + top[c0 + cn]) + bottom[c0]) + bottom[c0 + cn]
                v = (
                    np.float64(np.float64(0) + np.float64(g)) * np.float64(scale)
                    if wide
                    else np.float64((np.float32(0) + np.float32(g)) * scale)
                )
                if integer:
                    r = np.rint(v)
                    dst[o] = lo if r < lo else (hi if r > hi else r)
                else:
                    dst[o] = v
            continue
        # sum = 0; per group of four ``sum += ((p0 + p1) + p2) + p3``, then one by one: tap by tap
        # over the row (the same operations per element, in the same order)
        acc32[:] = 0
        acc64[:] = 0
        k = 0
        while k < area:
            n = 4 if k + 4 <= area else 1
            ra = x[r0 + dr[k]]
            da = dc[k]
            if n == 4:
                rb = x[r0 + dr[k + 1]]
                rc = x[r0 + dr[k + 2]]
                rd = x[r0 + dr[k + 3]]
                db = dc[k + 1]
                dcc = dc[k + 2]
                dd = dc[k + 3]
                for o in range(vec, width):
                    c0 = base[o]
                    g = ((ra[c0 + da] + rb[c0 + db]) + rc[c0 + dcc]) + rd[c0 + dd]
                    if wide:
                        acc64[o] = acc64[o] + np.float64(g)
                    else:
                        acc32[o] = acc32[o] + np.float32(g)
            else:
                for o in range(vec, width):
                    g1 = ra[base[o] + da]
                    if wide:
                        acc64[o] = acc64[o] + np.float64(g1)
                    else:
                        acc32[o] = acc32[o] + np.float32(g1)
            k += n
        for o in range(vec, width):
            v = acc64[o] * np.float64(scale) if wide else np.float64(acc32[o] * scale)
            if integer:
                r = np.rint(v)
                dst[o] = lo if r < lo else (hi if r > hi else r)
            else:
                dst[o] = v


@compiled
def linear_exact(
    x: Any, c0: Any, c1: Any, cx: Any, r0: Any, r1: Any, cy: Any, bits: int, lo: int, hi: int, out: Any
) -> None:
    """INTER_LINEAR_EXACT with at most 16 fractional bits (8-bit and 16-bit images): output row
    ``y`` from rows ``r0[y]``, ``r1[y]`` (weights ``2**bits - cy``, ``cy``), element ``o`` from
    the flat columns ``c0[o]``, ``c1[o]`` (weights ``2**bits - cx``, ``cx``): the horizontal
    sums exact, ``(h0 * b0 + h1 * b1 + 2**(2 bits - 1)) >> 2 bits`` saturated to ``[lo, hi]``
    (every value exact in int64)."""
    rows, width = out.shape
    one = np.int64(1) << bits
    half = np.int64(1) << (2 * bits - 1)
    for y in range(rows):
        top = x[r0[y]]
        bottom = x[r1[y]]
        b1 = np.int64(cy[y])
        b0 = one - b1
        for o in range(width):
            a1 = np.int64(cx[o])
            a0 = one - a1
            h0 = np.int64(top[c0[o]]) * a0 + np.int64(top[c1[o]]) * a1
            h1 = np.int64(bottom[c0[o]]) * a0 + np.int64(bottom[c1[o]]) * a1
            v = (h0 * b0 + h1 * b1 + half) >> (2 * bits)
            out[y, o] = lo if v < lo else (hi if v > hi else v)


@compiled
def area_horizontal(x: Any, index: Any, alpha: Any, count: Any, out: Any) -> None:
    """``resizeArea_``'s horizontal pass: ``out[r, o] = 0``, then ``+= x[r, index[o, j]] *
    alpha[o, j]`` over its ``count[o]`` taps in order (``x``, ``alpha``, ``out`` of one float
    type)."""
    rows, width = out.shape
    for r in range(rows):
        src = x[r]
        dst = out[r]
        for o in range(width):
            dst[o] = 0
            for j in range(count[o]):
                dst[o] = dst[o] + src[index[o, j]] * alpha[o, j]
