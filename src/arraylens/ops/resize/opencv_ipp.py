"""Intel IPP's arithmetic for the resizes a cv2 build with IPP hands to it (the ``"opencv_ipp_*"``
rules of :data:`IPP_RULES`).

cv2 builds with Intel IPP enabled (the PyPI wheels, ``cv2.ipp.useIPP()`` True) run
``ipp_hal_resize`` (OpenCV 5.0 ``hal/ipp/src/resize_ipp.cpp``) before OpenCV's own
``resizeGeneric_`` for the pairs of :data:`.opencv_generic.IPP_ROUTED`. IPP's code is not public;
the rules here were recovered by probing cv2 5.0.0 (IPP 2026.0.0, AVX-512 ``k0`` kernels) with
designed images and are verified bit for bit against it (seeded random sizes, 1/3/4 channels, up
and down, INTER_LINEAR halving included). Reproduced: INTER_LINEAR on uint16, int16, float32 and
float64 images, INTER_CUBIC on uint8, uint16, int16 and float32 images (:data:`IPP_RULES`).

``"opencv_ipp_linear16"`` (INTER_LINEAR on uint16 and int16 images, ``IwiResize``):

* source coordinate per axis in double, ``s = (x + 0.5) * (in / out) - 0.5`` (a product and a
  difference, each rounded; no fused multiply-add), ``i = floor(s)``, ``t = (float)(s - i)``;
  the taps ``i``, ``i + 1`` clamped to the image (border replicate);
* horizontal pass first, in float32: ``h = fma(t, (float)(b - a), a)`` (one rounding); then the
  vertical pass the same way on two such rows; the result rounded half to even and saturated;
* int16 only: at output columns whose two horizontal taps are the same pixel (the replicated
  border) the vertical step is ``h0 + rint((float)(t * (float)(h1 - h0)))``, and at rows whose two
  vertical taps are the same row the horizontal step is ``a + rint((float)(t * (float)(b - a)))``:
  a tie then rounds to the parity of ``h0`` (``a``), not to even.

``"opencv_ipp_linear32f"`` (INTER_LINEAR on float32 images): the same coordinates and fused
passes on the float32 pixels (``b - a`` and ``h1 - h0`` rounded to float32), not rounded at the
end; except on images of 3 or 4 channels in the output columns that read one replicated border
pixel, where IPP (its border code, per run of such columns cut in blocks of 16 from the run's
first column) takes the vertical step as ``h0 + (float)(t * (h1 - h0))``, two roundings: in a
run's last, partial block of 5 columns or more, and in every whole block of a 4-channel image; on
channels 0 and 1 of 3 (the third keeps the fused step), all 4 of 4
(:func:`ipp_plain_columns`). Narrow images enlarged 5 times or more across have such runs.

``"opencv_ipp_linear64f"`` (INTER_LINEAR on float64 images): in double throughout, the coordinate
``s = fma(x + 0.5, in / out, -0.5)`` (one rounding), ``t = s - floor(s)``, taps clamped; rows
first ``h = fma(t, b - a, a)``, then ``fma(t, h1 - h0, h0)``, every border included
(:func:`fma64` emulates the fused multiply-add exactly).

``"opencv_ipp_cubic32"`` (INTER_CUBIC on float32 images, sources of 4 rows and 4 columns or more):

* per axis ``s``, ``i``, ``t`` as above; the taps ``i - 1 .. i + 2`` clamped; float32 weights
  ``(float)K(u)`` of Keys a = -0.75 evaluated in double at ``u0 = (float)(1 + t)``,
  ``u1 = u0 - 1``, ``u3 = (float)(2 - t)``, ``u2 = u3 - 1``;
* an output pixel is *inside* when neither its row nor its column has a clamped tap, else
  *border*; both compute the horizontal pass first (float32 rows ``h_r``), then the vertical one
  with weights ``b_r``; ``w_k p_k`` is the float32 product, ``fmaf`` rounds once:
* inside, horizontal: 1 channel ``(w0 p0 + w1 p1) + (w2 p2 + w3 p3)``, but
  ``(w0 p0 + w2 p2) + (w1 p1 + w3 p3)`` on the last ``n mod 4`` inside columns (``n`` inside
  columns); 3 and 4 channels ``fmaf(w0, p0, w3 p3) + fmaf(w1, p1, w2 p2)``; vertical
  ``fmaf(b0, h0, b1 h1) + fmaf(b2, h2, b3 h3)``, but ``fmaf(b1, h1, b0 h0) + fmaf(b2, h2, b3 h3)``
  on the last ``(n * channels) mod 4`` elements of the inside span of a row (the vector tail);
* border, horizontal ``fmaf(w3, p3, fmaf(w2, p2, fmaf(w0, p0, w1 p1)))`` for the rows of taps 1
  and 2 and ``fmaf(w3, p3, fmaf(w2, p2, fmaf(w1, p1, w0 p0)))`` for those of taps 0 and 3;
  vertical ``(b0 h0 + b2 h2) + (b1 h1 + b3 h3)``.

Computed by a compiled loop (:func:`_cubic_loop`, the horizontal pass per source row, then the
vertical one per output row) with the operations of the NumPy passes (``_cubic32``, ``_cubic8``)
that the element explanations use, in their order; the two give the same bytes (tested).

Measured bit-exact against cv2 5.0.0 on 300 seeded configurations (sizes 4..64 on both axes, 1/3/4
channels, up, down, kept) and 30 of sizes 4..300, and by the conformance tests; equal
source and output sizes on one axis included.

``"opencv_ipp_cubic8"`` (INTER_CUBIC on uint8 images; the same weights, sources and channels):
pixels converted to float32, the horizontal pass per source row over every output column, then
``fmaf(b0, h0, b1 h1) + fmaf(b2, h2, b3 h3)`` for every output pixel (no border kernel), rounded
half to even and saturated. Horizontal kernels: at columns with a clamped tap
``fmaf(w3, p3, fmaf(w2, p2, fmaf(w1, p1, w0 p0)))``; inside, 1 channel
``(w0 p0 + w1 p1) + (w2 p2 + w3 p3)``, 3 channels the same chain as at the border, 4 channels
``fmaf(w2, p2, w0 p0) + fmaf(w3, p3, w1 p1)`` but ``fmaf(w0, p0, w3 p3) + fmaf(w1, p1, w2 p2)`` on
the last ``n mod 4`` inside columns. Bit-exact on 400 seeded configurations of each channel count
(sizes 4..100, same-size axes included) and the conformance tests; the 1-channel kernel of the last
``n mod 4`` inside columns (taken as ``(w0 p0 + w2 p2) + (w1 p1 + w3 p3)``, the float32 one) and the
vertical kernel of the 4-channel tail could not be told apart from alternatives by 8-bit outputs.

``"opencv_ipp_cubic16"`` (INTER_CUBIC on uint16 and int16 images; the same weights, sources and
channels): pixels converted to float32, then the float32 rule's regions and kernels (inside and
border, the 1-channel horizontal tail of the last ``n mod 4`` inside columns included) but without
its vertical tail: inside, ``fmaf(b0, h0, b1 h1) + fmaf(b2, h2, b3 h3)`` on every element; rounded
half to even and saturated. The float32 rule with its vertical tail misses cv2 only there (12
values in 300 configurations). Bit-exact on 1,800 seeded configurations (sizes 4..70 and up to
150 x 40 -> 400 x 60, 1/3/4 channels, both dtypes, full-range images and images near the top of
the range) and the conformance tests.

Where IPP is not reached cv2 runs OpenCV's own code (:mod:`.opencv_generic`): images of one row or
one column (INTER_CUBIC: under 4 rows or columns, :data:`IPP_MIN_SOURCE`), or of 2 or more than 4
channels (measured identical to IPP off), and sizes from ``fx``, ``fy`` whose ratio
``dsize / ssize`` differs from ``fx`` (``fy``) by more than 1e-10 relative, which IPP computes
with ``IwiWarpAffine`` (not reproduced: the caller keeps OpenCV's own arithmetic there).

Not reproduced (measured, kept for the next step): sizes from ``fx``, ``fy`` off their ratio (``IwiWarpAffine``, above);
infinities on the replicated border rows or columns of float INTER_LINEAR (IPP gives ``inf``
where ``h1 - h0`` is ``inf - inf`` on a replicated row, the fused formula NaN; finite values and
signed zeros are exact).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from arraylens.core.compiled import compiled, jitable
from arraylens.core.limits import check_allocation
from arraylens.ops.resize.kernel import AxisTable, register_fixed_point
from arraylens.ops.resize.spec import ResizeSpec

__all__ = [
    "IPP_MIN_SOURCE",
    "IPP_REPRODUCED",
    "IPP_RULES",
    "fma32",
    "fma64",
    "ipp_cubic8_value_at",
    "ipp_cubic16_value_at",
    "ipp_cubic32_value_at",
    "ipp_cubic_axis",
    "ipp_linear16_value_at",
    "ipp_linear32f_value_at",
    "ipp_linear64f_value_at",
    "ipp_linear_axis",
    "ipp_linear_axis64",
    "ipp_plain_columns",
    "resize_ipp_cubic8",
    "resize_ipp_cubic16",
    "resize_ipp_cubic32",
    "resize_ipp_linear16",
    "resize_ipp_linear32f",
    "resize_ipp_linear64f",
]

#: (interpolation kind, dtype) -> the precision rule of its reproduced IPP arithmetic; the
#: frontend picks every IPP rule here.
IPP_RULES = {
    ("linear", "uint16"): "opencv_ipp_linear16",
    ("linear", "int16"): "opencv_ipp_linear16",
    ("linear", "float32"): "opencv_ipp_linear32f",
    ("linear", "float64"): "opencv_ipp_linear64f",
    ("cubic", "uint8"): "opencv_ipp_cubic8",
    ("cubic", "float32"): "opencv_ipp_cubic32",
    ("cubic", "uint16"): "opencv_ipp_cubic16",
    ("cubic", "int16"): "opencv_ipp_cubic16",
}

#: (interpolation kind, dtype) whose IPP arithmetic is reproduced (the rest of
#: :data:`.opencv_generic.IPP_ROUTED` keeps OpenCV's own).
IPP_REPRODUCED = frozenset(IPP_RULES)

#: The smallest source (rows and columns) IPP is reached with, per kind (cv2 gives OpenCV's own
#: values below, measured).
IPP_MIN_SOURCE = {"linear": 2, "cubic": 4}

#: float32 IPP linear, 3 or 4 channels: the output columns on one replicated border pixel (each
#: side's run on its own) go in blocks of :data:`PLAIN_BLOCK` from the run's first column; a last,
#: shorter block of at least :data:`PLAIN_RUN` columns takes the vertical step without the fused
#: multiply-add, and so do whole blocks of 4-channel images (measured on cv2 5.0.0, runs of 1 to 66).
PLAIN_RUN = 5
PLAIN_BLOCK = 16

_F32 = np.float32


def fma32(a: Any, b: Any, c: Any) -> np.ndarray:
    """``fmaf(a, b, c)``: ``a * b + c`` of float32 arrays rounded once to float32.

    The product of two float32 is exact in double; the double sum is rounded once more to
    float32, which is wrong only when the double sum falls exactly halfway between two float32
    and was itself rounded: the sign of the double sum's error (Knuth's two-sum) then decides
    (worked out only at those halfway elements).
    """
    p = np.asarray(a, np.float64) * np.asarray(b, np.float64)
    c64 = np.broadcast_to(np.asarray(c, np.float64), p.shape)
    s = p + c64
    r = s.astype(_F32)
    gap = np.abs(r.astype(np.float64) - s)
    ulp = np.spacing(np.abs(r)).astype(np.float64)
    # halfway: half the spacing above |r|, or a quarter of it (the spacing below a power of two)
    cand = np.flatnonzero((gap * 2 == ulp) | (gap * 4 == ulp))
    if cand.size:
        rf, sf, pf, cf = r.reshape(-1), s.reshape(-1)[cand], p.reshape(-1)[cand], c64.reshape(-1)[cand]
        bb = sf - pf
        err = (pf - (sf - bb)) + (cf - bb)  # sf + err == pf + cf exactly
        rc = rf[cand]
        other = np.where(rc.astype(np.float64) > sf, np.nextafter(rc, _F32(-np.inf)), np.nextafter(rc, _F32(np.inf)))
        half = (rc.astype(np.float64) + other.astype(np.float64)) * 0.5 == sf
        fix = half & (err != 0) & ((other.astype(np.float64) > rc.astype(np.float64)) == (err > 0))
        r = r.copy()
        r.reshape(-1)[cand] = np.where(fix, other, rc)
    return r


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Knuth's two-sum: ``s + e == a + b`` exactly, ``s = fl(a + b)``."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def fma64(a: Any, b: Any, c: Any) -> np.ndarray:
    """``fma(a, b, c)`` of float64 arrays: ``a * b + c`` rounded once (round to nearest even).

    Boldo and Melquiond's emulation ("Emulation of FMA and correctly rounded sums: proved
    algorithms using rounding to odd", IEEE TC 2008): the product split exactly (Dekker), its
    high part added to ``c`` exactly (two-sum), the two low parts added with rounding to odd,
    then one rounding to nearest. Exact where the split cannot overflow nor the error terms
    underflow; elements outside that (``|b|`` above 2**995, products under 2**-960, non-finite
    operands) are computed with exact rationals (non-finite ones as ``a * b + c``, which IEEE
    gives the fused value there).
    """
    a, b, c = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64), np.asarray(c, np.float64))
    with np.errstate(all="ignore"):
        p = a * b
        sa, sb = a * 134217729.0, b * 134217729.0  # Dekker's split, 2**27 + 1
        ah = sa - (sa - a)
        bh = sb - (sb - b)
        al, bl = a - ah, b - bh
        pl = ((ah * bh - p) + ah * bl + al * bh) + al * bl  # p + pl == a * b
        th, tl = _two_sum(c, p)
        v, e = _two_sum(tl, pl)
        # round v to odd: a sum that was rounded lands on an odd significand
        odd = (v.view(np.int64) & 1) == 1
        v = np.where((e != 0) & ~odd, np.nextafter(v, np.where(e > 0, np.inf, -np.inf)), v)
        r = th + v
        big = np.maximum(np.abs(a), np.abs(b))
        off = ~np.isfinite(r) | ~np.isfinite(p) | (big > 2.0**995) | ((p != 0) & (np.abs(p) < 2.0**-960))
    if off.any():
        r = r.copy()
        for k in np.flatnonzero(off.reshape(-1)):
            x, y, z = a.reshape(-1)[k], b.reshape(-1)[k], c.reshape(-1)[k]
            if np.isfinite(x) and np.isfinite(y) and np.isfinite(z):
                r.reshape(-1)[k] = float(Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)))
            else:
                with np.errstate(all="ignore"):
                    r.reshape(-1)[k] = x * y + z
    return r


def ipp_linear_axis64(in_size: int, out_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """IPP's float64 linear taps of one axis: ``(i0, i1, t)``, each ``(out_size,)``; the coordinate
    ``s = fma(x + 0.5, in / out, -0.5)`` (one rounding), ``t = s - floor(s)`` float64."""
    x = np.arange(out_size, dtype=np.float64)
    s = fma64(x + 0.5, in_size / out_size, -0.5)
    fl = np.floor(s)
    i = fl.astype(np.int64)
    return np.clip(i, 0, in_size - 1), np.clip(i + 1, 0, in_size - 1), s - fl


def ipp_linear_axis(in_size: int, out_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """IPP's linear taps of one axis: ``(i0, i1, t)``, each ``(out_size,)``; ``t`` float32."""
    x = np.arange(out_size, dtype=np.float64)
    s = (x + 0.5) * (in_size / out_size) - 0.5
    fl = np.floor(s)
    t = (s - fl).astype(_F32)
    i = fl.astype(np.int64)
    return np.clip(i, 0, in_size - 1), np.clip(i + 1, 0, in_size - 1), t


def _round_sat(v: np.ndarray, dt: np.dtype) -> np.ndarray:
    info = np.iinfo(dt)
    return np.clip(np.rint(v), info.min, info.max).astype(dt)


def _passes(x3: np.ndarray, ry: tuple, rx: tuple, rows: Any = slice(None), cols: Any = slice(None)) -> np.ndarray:
    """The result (float64 before the store) at ``rows`` x ``cols`` of the ``(h, w, c)`` image."""
    yi0, yi1, ty = (a[rows] for a in ry)
    xi0, xi1, tx = (a[cols] for a in rx)
    src = x3.astype(_F32)
    a, b = src[:, xi0], src[:, xi1]
    txr = tx[None, :, None]
    hs = fma32(txr, b - a, a)  # (h, w_out, c) float32; b - a is exact for 16-bit values
    h0, h1 = hs[yi0], hs[yi1]
    tyr = ty[:, None, None]
    out = fma32(tyr, h1 - h0, h0).astype(np.float64)
    out = np.rint(out)
    if x3.dtype == np.int16:
        bx = (xi0 == xi1)[None, :, None]
        by = (yi0 == yi1)[:, None, None]
        col_edge = h0.astype(np.float64) + np.rint((tyr * (h1 - h0)).astype(_F32).astype(np.float64))
        row_edge = a.astype(np.float64) + np.rint((txr * (b - a)).astype(_F32).astype(np.float64))
        out = np.where(bx, col_edge, out)
        out = np.where(by & ~bx, row_edge[yi0], out)
    return out


@jitable
def _fmaf(a, b, c):  # type: ignore[no-untyped-def]
    """``fmaf(a, b, c)`` of float32 scalars, rounded as :func:`fma32` rounds it (for the compiled
    loops; the product is exact in double, the double sum rounded to float32 and corrected where it
    fell exactly halfway between two float32 after a rounding of its own)."""
    p = np.float64(a) * np.float64(b)
    c64 = np.float64(c)
    s = p + c64
    r = np.float32(s)
    r64 = np.float64(r)
    if r64 == s:
        return r
    # s halfway between r and its neighbour o: o = r + 2 * (s - r) (exact in double) is a float
    o = r64 + 2.0 * (s - r64)
    other = np.float32(o)
    if np.float64(other) != o:
        return r
    bb = s - p
    err = (p - (s - bb)) + (c64 - bb)
    if err != 0 and (o > r64) == (err > 0):
        return other
    return r


@compiled
def _linear_loop(src, yi0, yi1, ty, xi0, xi1, tx, edge, plain, rnd, lo, hi, out):  # type: ignore[no-untyped-def]
    """IPP's float32 linear passes over ``src`` ``(h, w, c)`` float32 into ``out`` ``(oh, ow, c)``
    float64: ``rnd``: rounded half to even and saturated to ``lo..hi`` (16-bit images);
    ``edge``: the int16 border rule; ``plain`` ``(ow, c)`` bool: the vertical step without the
    fused multiply-add, ``h0 + (float)(t * (h1 - h0))`` (float32's replicated border runs)."""
    h, _w, c = src.shape
    oh, ow = yi0.shape[0], xi0.shape[0]

    hs = np.empty((h, ow, c), np.float32)
    need = np.zeros(h, np.bool_)
    for y in range(oh):
        need[yi0[y]] = True
        need[yi1[y]] = True
    for r in range(h):
        if need[r]:
            for x in range(ow):
                for k in range(c):
                    a = src[r, xi0[x], k]
                    hs[r, x, k] = _fmaf(tx[x], src[r, xi1[x], k] - a, a)
    for y in range(oh):
        r0, r1, t = yi0[y], yi1[y], ty[y]
        for x in range(ow):
            bx = xi0[x] == xi1[x]
            for k in range(c):
                h0 = hs[r0, x, k]
                d = hs[r1, x, k] - h0
                if edge and bx:
                    v = np.float64(h0) + np.rint(np.float64(np.float32(t * d)))
                elif edge and r0 == r1:
                    a = src[r0, xi0[x], k]
                    v = np.float64(a) + np.rint(np.float64(np.float32(tx[x] * (src[r0, xi1[x], k] - a))))
                elif plain[x, k]:
                    v = np.float64(np.float32(h0 + np.float32(t * d)))
                else:
                    v = np.float64(_fmaf(t, d, h0))
                    if rnd:
                        v = np.rint(v)
                out[y, x, k] = min(max(v, lo), hi) if rnd else v


def resize_ipp_linear16(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable] | None = None) -> np.ndarray:
    """The ``"opencv_ipp_linear16"`` rule (see the module docstring): uint16 or int16 ``(h, w)`` or
    ``(h, w, c)`` in, the same dtype out, ``(out_h, out_w[, c])``. A compiled loop (NumPy's passes
    with the fused multiply-add emulated are about 300 times slower than cv2); the same
    operations as :func:`_passes`, which the element explanation uses."""
    ry, rx = spec.resizes
    x3 = np.ascontiguousarray((x[:, :, None] if x.ndim == 2 else x).astype(_F32))
    yi0, yi1, ty = ipp_linear_axis(ry.in_size, ry.out_size)
    xi0, xi1, tx = ipp_linear_axis(rx.in_size, rx.out_size)
    out = np.empty((ry.out_size, rx.out_size, x3.shape[2]), np.float64)
    info = np.iinfo(x.dtype)
    plain = np.zeros((rx.out_size, x3.shape[2]), np.bool_)
    _linear_loop(
        x3, yi0, yi1, ty, xi0, xi1, tx, x.dtype == np.int16, plain, True, float(info.min), float(info.max), out
    )
    return out.astype(x.dtype).reshape(ry.out_size, rx.out_size, *x.shape[2:])


def ipp_linear16_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """One output element of the ``"opencv_ipp_linear16"`` rule with the rule's own operations and
    its steps in words: ``(value, lines)``."""
    i, j = int(index[0]), int(index[1])
    c = int(index[2]) if x.ndim == 3 else 0
    x3 = x[:, :, None] if x.ndim == 2 else x
    ry, rx = spec.resizes
    yi0, yi1, ty = (a[i : i + 1] for a in ipp_linear_axis(ry.in_size, ry.out_size))
    xi0, xi1, tx = (a[j : j + 1] for a in ipp_linear_axis(rx.in_size, rx.out_size))
    rows = np.array([yi0[0], yi1[0]])
    sub = x3[rows][:, :, [c]]
    local = (np.array([0]), np.array([0 if yi0[0] == yi1[0] else 1]), ty)
    v = _round_sat(_passes(sub, local, (xi0, xi1, tx)), x.dtype)[0, 0, 0]
    px = [[x3[r, q, c].item() for q in (xi0[0], xi1[0])] for r in (yi0[0], yi1[0])]
    lines = [
        f"rows {yi0[0]}, {yi1[0]} with t = {float(ty[0])!r}; columns {xi0[0]}, {xi1[0]} with t = {float(tx[0])!r} "
        "(x_src = (x + 0.5) * in / out - 0.5 in double, t = (float)(x_src - floor(x_src)), taps clamped)",
        f"pixels {px}",
        "IPP: each row h = fmaf(tx, b - a, a), then fmaf(ty, h1 - h0, h0), rounded half to even, saturated",
    ]
    if x.dtype == np.int16 and (xi0[0] == xi1[0] or yi0[0] == yi1[0]):
        lines.append("int16 at the replicated border: h0 + rint(t * (h1 - h0)) on the axis with two distinct taps")
    lines.append(f"-> {v.item()}")
    return v, tuple(lines)


def ipp_plain_columns(in_size: int, out_size: int, cn: int) -> np.ndarray:
    """Where float32 IPP linear takes its vertical step without the fused multiply-add: ``(out_size,
    cn)`` bool.

    The output columns left of the image (``s < 0``) and those whose two taps are the last pixel
    form two runs, each cut into blocks of :data:`PLAIN_BLOCK` columns from its first column. On
    images of 3 or 4 channels IPP computes ``h0 + (float)(t * (h1 - h0))`` (two roundings) in
    a run's last block when it is shorter than a whole block and has :data:`PLAIN_RUN` or more
    columns, and in the whole blocks of 4-channel images; on channels 0 and 1 of 3, all 4 of 4
    (the third of 3 keeps the fused step). 1-channel images keep the fused step everywhere.
    Measured on cv2 5.0.0 (IPP 2026.0.0, AVX-512).
    """
    plain = np.zeros((out_size, cn), np.bool_)
    if cn not in (3, 4):
        return plain
    x = np.arange(out_size, dtype=np.float64)
    s = (x + 0.5) * (in_size / out_size) - 0.5
    i0, i1, _t = ipp_linear_axis(in_size, out_size)
    left = int(np.count_nonzero(s < 0))
    right = int(np.count_nonzero(i0 == i1)) - left
    chans = slice(0, 2) if cn == 3 else slice(0, 4)
    for start, n in ((0, left), (out_size - right, right)):
        whole, rest = divmod(n, PLAIN_BLOCK)
        if cn == 4:
            plain[start : start + whole * PLAIN_BLOCK, chans] = True
        if rest >= PLAIN_RUN:
            plain[start + whole * PLAIN_BLOCK : start + n, chans] = True
    return plain


def resize_ipp_linear32f(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable] | None = None) -> np.ndarray:
    """The ``"opencv_ipp_linear32f"`` rule (see the module docstring): float32 ``(h, w)`` or ``(h,
    w, c)`` in, float32 ``(out_h, out_w[, c])`` out. The compiled loop of the 16-bit rule, without
    its rounding, with the plain vertical step of :func:`ipp_plain_columns`."""
    ry, rx = spec.resizes
    x3 = np.ascontiguousarray((x[:, :, None] if x.ndim == 2 else x).astype(_F32))
    yi0, yi1, ty = ipp_linear_axis(ry.in_size, ry.out_size)
    xi0, xi1, tx = ipp_linear_axis(rx.in_size, rx.out_size)
    out = np.empty((ry.out_size, rx.out_size, x3.shape[2]), np.float64)
    plain = ipp_plain_columns(rx.in_size, rx.out_size, x3.shape[2])
    _linear_loop(x3, yi0, yi1, ty, xi0, xi1, tx, False, plain, False, 0.0, 0.0, out)
    return out.astype(_F32).reshape(ry.out_size, rx.out_size, *x.shape[2:])


def ipp_linear32f_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """One output element of the ``"opencv_ipp_linear32f"`` rule with the rule's own operations
    (NumPy scalars, :func:`fma32`) and its steps in words: ``(value, lines)``."""
    i, j = int(index[0]), int(index[1])
    c = int(index[2]) if x.ndim == 3 else 0
    x3 = x[:, :, None] if x.ndim == 2 else x
    ry, rx = spec.resizes
    yi0, yi1, ty = (a[i] for a in ipp_linear_axis(ry.in_size, ry.out_size))
    xi0, xi1, tx = (a[j] for a in ipp_linear_axis(rx.in_size, rx.out_size))
    plain = bool(ipp_plain_columns(rx.in_size, rx.out_size, x3.shape[2])[j, c])
    px = [[_F32(x3[r, q, c]) for q in (xi0, xi1)] for r in (yi0, yi1)]
    h0, h1 = (fma32(tx, _F32(b - a), a)[()] for a, b in px)
    d = _F32(h1 - h0)
    v = _F32(h0 + _F32(ty * d)) if plain else fma32(ty, d, h0)[()]
    how = (
        "h0 + (float)(ty * (h1 - h0)) (two roundings: a run of 5 or more columns on one replicated border pixel, "
        "channels 0-1 of 3 or 0-3 of 4)"
        if plain
        else "fmaf(ty, h1 - h0, h0)"
    )
    lines = (
        f"rows {yi0}, {yi1} with ty = {float(ty)!r}; columns {xi0}, {xi1} with tx = {float(tx)!r} "
        "(x_src = (x + 0.5) * in / out - 0.5 in double, t = (float)(x_src - floor(x_src)), taps clamped)",
        f"pixels {[[float(v) for v in row] for row in px]}",
        f"IPP: each row h = fmaf(tx, b - a, a) = {float(h0)!r}, {float(h1)!r}; then {how} (float32) -> {float(v)!r}",
    )
    return _F32(v), lines


@compiled
def _linear64_loop(src, yi0, yi1, ty, xi0, xi1, tx, out):  # type: ignore[no-untyped-def]
    """IPP's float64 linear passes over ``src`` ``(h, w, c)`` into ``out`` ``(oh, ow, c)`` with the
    fused multiply-add of :func:`fma64`; returns False where an operand is outside the range where
    that emulation is exact (the caller then computes with :func:`fma64`'s exact fallback)."""
    h, _w, c = src.shape
    oh, ow = yi0.shape[0], xi0.shape[0]
    buf = np.empty(1, np.float64)
    bits = buf.view(np.int64)
    ok = True

    def fma(a, b, c):  # type: ignore[no-untyped-def]
        p = a * b
        sa = a * 134217729.0
        ah = sa - (sa - a)
        sb = b * 134217729.0
        bh = sb - (sb - b)
        al = a - ah
        bl = b - bh
        pl = ((ah * bh - p) + ah * bl + al * bh) + al * bl
        th = c + p
        bb = th - c
        tl = (c - (th - bb)) + (p - bb)
        v = tl + pl
        bb = v - tl
        e = (tl - (v - bb)) + (pl - bb)
        if e != 0:
            buf[0] = v
            if (bits[0] & 1) == 0:
                v = np.nextafter(v, np.inf) if e > 0 else np.nextafter(v, -np.inf)
        return th + v

    def safe(a, b, r):  # type: ignore[no-untyped-def]
        p = a * b
        return np.isfinite(r) and abs(b) <= 2.0**995 and (p == 0 or abs(p) >= 2.0**-960)

    hs = np.empty((h, ow, c), np.float64)
    need = np.zeros(h, np.bool_)
    for y in range(oh):
        need[yi0[y]] = True
        need[yi1[y]] = True
    for r in range(h):
        if need[r]:
            for x in range(ow):
                for k in range(c):
                    a = src[r, xi0[x], k]
                    d = src[r, xi1[x], k] - a
                    v = fma(tx[x], d, a)
                    ok = ok and safe(tx[x], d, v)
                    hs[r, x, k] = v
    for y in range(oh):
        r0, r1, t = yi0[y], yi1[y], ty[y]
        for x in range(ow):
            for k in range(c):
                h0 = hs[r0, x, k]
                d = hs[r1, x, k] - h0
                v = fma(t, d, h0)
                ok = ok and safe(t, d, v)
                out[y, x, k] = v
    return ok


def resize_ipp_linear64f(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable] | None = None) -> np.ndarray:
    """The ``"opencv_ipp_linear64f"`` rule (see the module docstring): float64 ``(h, w)`` or ``(h,
    w, c)`` in, float64 ``(out_h, out_w[, c])`` out. A compiled loop (NumPy passes with
    :func:`fma64` are about 130 times slower than cv2); where it meets an operand outside the exact
    range of the emulation (non-finite values, magnitudes above 2**995 or products under
    2**-960), the NumPy passes with :func:`fma64`'s exact fallback."""
    ry, rx = spec.resizes
    x3 = np.ascontiguousarray((x[:, :, None] if x.ndim == 2 else x).astype(np.float64))
    yi0, yi1, ty = ipp_linear_axis64(ry.in_size, ry.out_size)
    xi0, xi1, tx = ipp_linear_axis64(rx.in_size, rx.out_size)
    out = np.empty((ry.out_size, rx.out_size, x3.shape[2]), np.float64)
    with np.errstate(all="ignore"):
        if not _linear64_loop(x3, yi0, yi1, ty, xi0, xi1, tx, out):
            a = x3[:, xi0]
            hs = fma64(tx[None, :, None], x3[:, xi1] - a, a)
            out = fma64(ty[:, None, None], hs[yi1] - hs[yi0], hs[yi0])
    return out.reshape(ry.out_size, rx.out_size, *x.shape[2:])


def ipp_linear64f_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """One output element of the ``"opencv_ipp_linear64f"`` rule with the rule's own operations
    (:func:`fma64`) and its steps in words: ``(value, lines)``."""
    i, j = int(index[0]), int(index[1])
    c = int(index[2]) if x.ndim == 3 else 0
    x3 = x[:, :, None] if x.ndim == 2 else x
    ry, rx = spec.resizes
    yi0, yi1, ty = (v[i] for v in ipp_linear_axis64(ry.in_size, ry.out_size))
    xi0, xi1, tx = (v[j] for v in ipp_linear_axis64(rx.in_size, rx.out_size))
    px = [[np.float64(x3[r, q, c]) for q in (xi0, xi1)] for r in (yi0, yi1)]
    with np.errstate(all="ignore"):
        h0, h1 = (fma64(tx, b - a, a)[()] for a, b in px)
        v = fma64(ty, h1 - h0, h0)[()]
    lines = (
        f"rows {yi0}, {yi1} with ty = {float(ty)!r}; columns {xi0}, {xi1} with tx = {float(tx)!r} "
        "(x_src = fma(x + 0.5, in / out, -0.5) in double, t = x_src - floor(x_src), taps clamped)",
        f"pixels {[[float(p) for p in row] for row in px]}",
        f"IPP: each row h = fma(tx, b - a, a) = {float(h0)!r}, {float(h1)!r}; then fma(ty, h1 - h0, h0) "
        f"(double) -> {float(v)!r}",
    )
    return np.float64(v), lines


register_fixed_point("opencv_ipp_linear16", resize_ipp_linear16)
register_fixed_point("opencv_ipp_linear32f", resize_ipp_linear32f)
register_fixed_point("opencv_ipp_linear64f", resize_ipp_linear64f)


# --- float32 INTER_CUBIC ("opencv_ipp_cubic32") ---------------------------------------------------

_KEYS_A = -0.75


def _keys(u: np.ndarray) -> np.ndarray:
    """Keys' cubic (a = -0.75) at ``|u|`` in double."""
    u = np.abs(u.astype(np.float64))
    a = _KEYS_A
    return np.where(u <= 1, ((a + 2) * u - (a + 3)) * u * u + 1, ((a * u - 5 * a) * u + 8 * a) * u - 4 * a)


def ipp_cubic_axis(in_size: int, out_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """IPP's cubic taps of one axis: ``(index, weight, inner)``.

    ``index`` ``(out_size, 4)`` the clamped source indices ``i - 1 .. i + 2``; ``weight``
    ``(out_size, 4)`` float32 ``(float)K(u)`` at ``u0 = (float)(1 + t)``, ``u1 = u0 - 1``,
    ``u3 = (float)(2 - t)``, ``u2 = u3 - 1``; ``inner`` ``(out_size,)`` True where no tap is clamped.
    """
    x = np.arange(out_size, dtype=np.float64)
    s = (x + 0.5) * (in_size / out_size) - 0.5
    fl = np.floor(s)
    t = (s - fl).astype(_F32)
    one, two = _F32(1), _F32(2)
    u0 = (one + t).astype(_F32)
    u3 = (two - t).astype(_F32)
    w = np.stack([_keys(u0), _keys(u0 - one), _keys(u3 - one), _keys(u3)], -1).astype(_F32)
    i = fl.astype(np.int64)
    raw = i[:, None] + np.arange(-1, 3)[None, :]
    inner = (raw[:, 0] >= 0) & (raw[:, 3] <= in_size - 1)
    return np.clip(raw, 0, in_size - 1), w, inner


def _prod(w: np.ndarray, p: np.ndarray, k: int) -> np.ndarray:
    return (w[..., k] * p[..., k]).astype(_F32)


def _sum_pairs(w: np.ndarray, p: np.ndarray, a: int, b: int, c: int, d: int) -> np.ndarray:
    """``(w_a p_a + w_b p_b) + (w_c p_c + w_d p_d)``, every product and sum rounded to float32."""
    return (_prod(w, p, a) + _prod(w, p, b)) + (_prod(w, p, c) + _prod(w, p, d))


def _fma_pairs(w: np.ndarray, p: np.ndarray, a: int, b: int, c: int, d: int) -> np.ndarray:
    """``fmaf(w_a, p_a, w_b p_b) + fmaf(w_c, p_c, w_d p_d)``."""
    return fma32(w[..., a], p[..., a], _prod(w, p, b)) + fma32(w[..., c], p[..., c], _prod(w, p, d))


def _fma_chain(w: np.ndarray, p: np.ndarray, first: int, second: int) -> np.ndarray:
    """``fmaf(w3, p3, fmaf(w2, p2, fmaf(w_first, p_first, w_second p_second)))``."""
    acc = fma32(w[..., first], p[..., first], _prod(w, p, second))
    return fma32(w[..., 3], p[..., 3], fma32(w[..., 2], p[..., 2], acc))


def _tail32(xin: np.ndarray, c: int) -> np.ndarray:
    """The float32 rule's vector tail: the last ``(n * c) mod 4`` elements of the inside span of a
    row (``n`` inside columns), ``(out_w, c)`` bool."""
    span = np.flatnonzero(xin)
    tail = np.zeros((xin.shape[0], c), bool)
    n_tail = (span.size * c) % 4
    if n_tail:
        flat = np.zeros(span.size * c, bool)
        flat[-n_tail:] = True
        tail[span] = flat.reshape(span.size, c)
    return tail


def _tail8(xin: np.ndarray) -> np.ndarray:
    """The 8-bit rule's tail: the last ``n mod 4`` inside columns, ``(out_w,)`` bool."""
    span = np.flatnonzero(xin)
    tail = np.zeros(xin.shape[0], bool)
    tail[span[span.size - span.size % 4 :]] = True
    return tail


#: Horizontal kernels of :func:`_cubic_loop` (codes of its ``hk``): ``(w0 p0 + w1 p1) + (w2 p2 +
#: w3 p3)``, ``(w0 p0 + w2 p2) + (w1 p1 + w3 p3)``, ``fmaf(w0, p0, w3 p3) + fmaf(w1, p1, w2 p2)``,
#: ``fmaf(w2, p2, w0 p0) + fmaf(w3, p3, w1 p1)``, and the chain
#: ``fmaf(w3, p3, fmaf(w2, p2, fmaf(w1, p1, w0 p0)))``.
_H_PAIRS, _H_PAIRS_0213, _H_FMA_0312, _H_FMA_2031, _H_CHAIN_10 = range(5)


@jitable
def _cubic_h(code, w0, w1, w2, w3, p0, p1, p2, p3):  # type: ignore[no-untyped-def]
    """One horizontal kernel (``code``: :data:`_H_PAIRS` ...) on float32 weights and pixels, the
    operations of :func:`_sum_pairs`, :func:`_fma_pairs` and :func:`_fma_chain`."""
    if code == 0:
        return (w0 * p0 + w1 * p1) + (w2 * p2 + w3 * p3)
    if code == 1:
        return (w0 * p0 + w2 * p2) + (w1 * p1 + w3 * p3)
    if code == 2:
        return _fmaf(w0, p0, w3 * p3) + _fmaf(w1, p1, w2 * p2)
    if code == 3:
        return _fmaf(w2, p2, w0 * p0) + _fmaf(w3, p3, w1 * p1)
    return _fmaf(w3, p3, _fmaf(w2, p2, _fmaf(w1, p1, w0 * p0)))


@compiled
def _cubic_loop(src, rows, iy, wy, yb, ix, wx, xb, hk, e_lo, e_tail, e_hi, rnd, out):  # type: ignore[no-untyped-def]
    """IPP's cubic passes (the operations of :func:`_cubic32` and :func:`_cubic8`, in their order)
    over ``src`` ``(h, w, c)`` float32 into ``out`` ``(oh, ow * c)`` (channels interleaved).

    ``rows`` the source rows read, ``iy`` ``(oh, 4)`` positions in ``rows``; ``wy``, ``wx`` the
    float32 weights, ``ix`` ``(ow, 4)`` source columns; ``hk`` ``(ow, c)`` the horizontal kernel
    code of each output column and channel. The float32 border kernels (horizontal chains,
    vertical ``(b0 h0 + b2 h2) + (b1 h1 + b3 h3)``) on the output rows ``yb`` and, in the other
    rows, on the elements before ``e_lo`` and from ``e_hi`` (a row's elements, columns ``xb``);
    between them the vertical step ``fmaf(b0, h0, b1 h1) + fmaf(b2, h2, b3 h3)``, with ``b1``,
    ``b0`` swapped from ``e_tail``; ``rnd``: rounded half to even and saturated to 0..255."""
    n = rows.shape[0]
    c = src.shape[2]
    oh, ow = iy.shape[0], ix.shape[0]
    rowb = np.zeros(n, np.bool_)
    anyb = False
    for x in range(ow):
        anyb = anyb or xb[x]
    for y in range(oh):
        if yb[y]:
            anyb = True
            for j in range(4):
                rowb[iy[y, j]] = True
    hs = np.empty((n, ow * c), np.float32)
    nb = n if anyb else 0
    hb1 = np.empty((nb, ow * c), np.float32)
    hb2 = np.empty((nb, ow * c), np.float32)
    for q in range(n):
        sr = src[rows[q]]
        hr = hs[q]
        for x in range(ow):
            j0, j1, j2, j3 = ix[x, 0], ix[x, 1], ix[x, 2], ix[x, 3]
            w0, w1, w2, w3 = wx[x, 0], wx[x, 1], wx[x, 2], wx[x, 3]
            bd = rowb[q] or xb[x]
            for k in range(c):
                p0, p1, p2, p3 = sr[j0, k], sr[j1, k], sr[j2, k], sr[j3, k]
                hr[x * c + k] = _cubic_h(hk[x, k], w0, w1, w2, w3, p0, p1, p2, p3)
                if bd:
                    hb1[q, x * c + k] = _fmaf(w3, p3, _fmaf(w2, p2, _fmaf(w0, p0, w1 * p1)))
                    hb2[q, x * c + k] = _fmaf(w3, p3, _fmaf(w2, p2, _fmaf(w1, p1, w0 * p0)))
    width = ow * c
    v = np.empty(width, np.float32)  # one output row before the store
    for y in range(oh):
        q0, q1, q2, q3 = iy[y, 0], iy[y, 1], iy[y, 2], iy[y, 3]
        b0, b1, b2, b3 = wy[y, 0], wy[y, 1], wy[y, 2], wy[y, 3]
        lo, tl, hi = (width, width, width) if yb[y] else (e_lo, e_tail, e_hi)
        if anyb:
            g0, g1, g2, g3 = hb2[q0], hb1[q1], hb1[q2], hb2[q3]
            for e in range(lo):
                v[e] = (b0 * g0[e] + b2 * g2[e]) + (b1 * g1[e] + b3 * g3[e])
            for e in range(hi, width):
                v[e] = (b0 * g0[e] + b2 * g2[e]) + (b1 * g1[e] + b3 * g3[e])
        h0, h1, h2, h3 = hs[q0], hs[q1], hs[q2], hs[q3]
        for e in range(lo, tl):
            v[e] = _fmaf(b0, h0[e], b1 * h1[e]) + _fmaf(b2, h2[e], b3 * h3[e])
        for e in range(tl, hi):
            v[e] = _fmaf(b1, h1[e], b0 * h0[e]) + _fmaf(b2, h2[e], b3 * h3[e])
        o = out[y]
        if rnd:
            for e in range(width):
                o[e] = min(max(np.rint(np.float64(v[e])), 0.0), 255.0)
        else:
            for e in range(width):
                o[e] = v[e]


def _cubic_passes(
    x3: np.ndarray, ry: tuple, rx: tuple, border: bool, hk: np.ndarray, n_tail: int, dt: type
) -> np.ndarray:
    """:func:`_cubic_loop` on the ``(h, w, c)`` image with the axis tables ``ry``, ``rx`` of
    :func:`ipp_cubic_axis`: ``(out_h, out_w, c)`` of ``dt``; ``border``: the float32 rule's border
    kernels where a row or column has a clamped tap; ``n_tail``: the elements at the end of the
    inside span of a row whose vertical step swaps ``b0``, ``b1``."""
    iy, wy, yin = ry
    ix, wx, xin = rx
    c = x3.shape[2]
    check_allocation((iy.shape[0], ix.shape[0], c), dt, "cv2.resize output")
    rows = np.unique(iy)
    check_allocation((3 * rows.size, ix.shape[0], c), _F32, "cv2.resize horizontal pass")
    out = np.empty((iy.shape[0], ix.shape[0] * c), dt)
    src = np.ascontiguousarray(x3, dtype=_F32)
    width = ix.shape[0] * c
    yb = ~yin if border else np.zeros_like(yin)
    xb = ~xin if border else np.zeros_like(xin)
    span = np.flatnonzero(xin)  # the inside columns, one run
    e_lo, e_hi = (
        (int(span[0]) * c, (int(span[-1]) + 1) * c) if border and span.size else (0, width if not border else 0)
    )
    pos = np.searchsorted(rows, iy)
    _cubic_loop(src, rows, pos, wy, yb, ix, wx, xb, hk.astype(np.int8), e_lo, e_hi - n_tail, e_hi, dt is np.uint8, out)
    return out.reshape(iy.shape[0], ix.shape[0], c)


def _cubic32(
    x3: np.ndarray, ry: tuple, rx: tuple, rows: Any = slice(None), cols: Any = slice(None), vertical_tail: bool = True
) -> np.ndarray:
    """The rule on the ``(h, w, c)`` image (its pixels taken to float32) at output ``rows`` x
    ``cols``: ``(n_rows, n_cols, c)`` float32. ``vertical_tail=False``: the 16-bit rule, whose
    vertical step never swaps ``b0``, ``b1``."""
    iy, wy, yin = (a[rows] for a in ry)
    ix_all, _wx_all, xin_all = rx
    c = x3.shape[2]
    tail_all = _tail32(xin_all, c)
    ix, wx, xin, tail = ix_all[cols], rx[1][cols], xin_all[cols], tail_all[cols]
    need = np.unique(iy)
    p = np.moveaxis(x3[need][:, ix, :].astype(_F32, copy=False), -1, -2)  # (rows needed, n_cols, c, 4)
    w = wx[:, None, :]
    # horizontal pass per source row, the kernel of each region
    if c == 1:
        main, end = _sum_pairs(w, p, 0, 1, 2, 3), _sum_pairs(w, p, 0, 2, 1, 3)
    else:
        main = end = _fma_pairs(w, p, 0, 3, 1, 2)
    h_in = np.where(tail[None], end, main)
    h_b1, h_b2 = _fma_chain(w, p, 0, 1), _fma_chain(w, p, 1, 0)
    pos = np.searchsorted(need, iy)  # (n_rows, 4) rows of the horizontal results
    wyr = wy[:, None, None, :]
    hi = np.moveaxis(h_in[pos], 1, -1)  # (n_rows, n_cols, c, 4)
    inner = _fma_pairs(wyr, hi, 0, 1, 2, 3)
    if vertical_tail:
        inner = np.where(tail[None], _fma_pairs(wyr, hi, 1, 0, 2, 3), inner)
    hb = np.stack([h_b2[pos[:, 0]], h_b1[pos[:, 1]], h_b1[pos[:, 2]], h_b2[pos[:, 3]]], -1)
    border = _sum_pairs(wyr, hb, 0, 2, 1, 3)
    return np.where((yin[:, None] & xin[None, :])[:, :, None], inner, border)


def resize_ipp_cubic32(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable] | None = None) -> np.ndarray:
    """The ``"opencv_ipp_cubic32"`` rule (see the module docstring): float32 ``(h, w)`` or
    ``(h, w, c)`` (c in 1, 3, 4; h, w >= 4) in, float32 ``(out_h, out_w[, c])`` out. A compiled
    loop (:func:`_cubic_loop`; the NumPy passes of :func:`_cubic32`, which the element explanation
    uses, are about 70 times slower than cv2), the same operations in the same order."""
    ry, rx = spec.resizes
    x3 = np.ascontiguousarray((x[:, :, None] if x.ndim == 2 else x).astype(_F32))
    ty = ipp_cubic_axis(ry.in_size, ry.out_size)
    tx = ipp_cubic_axis(rx.in_size, rx.out_size)
    c = x3.shape[2]
    tail = _tail32(tx[2], c)
    hk = np.where(tail, _H_PAIRS_0213, _H_PAIRS) if c == 1 else np.full(tail.shape, _H_FMA_0312)
    out = _cubic_passes(x3, ty, tx, True, hk, int(np.count_nonzero(tail)), _F32)
    return out.reshape(ry.out_size, rx.out_size, *x.shape[2:])


def _cubic_point(
    x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]
) -> tuple[int, int, int, np.ndarray, tuple, tuple]:
    """What a cubic rule's element explanation reads: the output row, column and channel of
    ``index``, the image as ``(h, w, c)`` and the two axes' :func:`ipp_cubic_axis` tables."""
    c = int(index[2]) if x.ndim == 3 else 0
    x3 = np.ascontiguousarray(x[:, :, None] if x.ndim == 2 else x)
    ry, rx = spec.resizes
    return (int(index[0]), int(index[1]), c, x3, ipp_cubic_axis(ry.in_size, ry.out_size),
            ipp_cubic_axis(rx.in_size, rx.out_size))


def ipp_cubic32_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """One output element of the ``"opencv_ipp_cubic32"`` rule with the rule's own operations and
    its steps in words: ``(value, lines)``."""
    i, j, c, x3, ty, tx = _cubic_point(x.astype(_F32, copy=False), spec, index)
    v = _cubic32(x3, ty, tx, slice(i, i + 1), slice(j, j + 1))[0, 0, c]
    rows, cols = ty[0][i], tx[0][j]
    inner = bool(ty[2][i] and tx[2][j])
    lines = [
        f"rows {rows.tolist()} weights {ty[1][i].tolist()}; columns {cols.tolist()} weights {tx[1][j].tolist()} "
        "(x_src = (x + 0.5) * in / out - 0.5 in double, t = (float)(x_src - floor(x_src)), float32 Keys a = -0.75 "
        "weights, taps clamped)",
        f"pixels {x3[np.ix_(rows, cols, [c])][:, :, 0].tolist()}",
    ]
    if inner:
        lines.append(
            "IPP inside the image: per row "
            + (
                "(w0 p0 + w1 p1) + (w2 p2 + w3 p3) ((w0 p0 + w2 p2) + (w1 p1 + w3 p3) in the last (n mod 4) columns)"
                if x3.shape[2] == 1
                else "fmaf(w0, p0, w3 p3) + fmaf(w1, p1, w2 p2)"
            )
            + ", then fmaf(b0, h0, b1 h1) + fmaf(b2, h2, b3 h3) (fmaf(b1, h1, b0 h0) + ... in the row's element tail)"
        )
    else:
        lines.append(
            "IPP at the border: per row fmaf(w3, p3, fmaf(w2, p2, fmaf(w0, p0, w1 p1))) (rows 0 and 3: "
            "fmaf(w1, p1, w0 p0) innermost), then (b0 h0 + b2 h2) + (b1 h1 + b3 h3)"
        )
    lines.append(f"-> {v.item()!r}")
    return v, tuple(lines)


register_fixed_point("opencv_ipp_cubic32", resize_ipp_cubic32)


# --- uint8 INTER_CUBIC ("opencv_ipp_cubic8") -------------------------------------------------------


def _cubic8(x3: np.ndarray, ry: tuple, rx: tuple, rows: Any = slice(None), cols: Any = slice(None)) -> np.ndarray:
    """The 8-bit rule before rounding (float32) on the ``(h, w, c)`` image at output ``rows`` x ``cols``."""
    iy, wy, _yin = (a[rows] for a in ry)
    ix_all, _wx_all, xin_all = rx
    c = x3.shape[2]
    tail_all = _tail8(xin_all)
    ix, wx, xin, tail = ix_all[cols], rx[1][cols], xin_all[cols], tail_all[cols]
    need = np.unique(iy)
    p = np.moveaxis(x3[need][:, ix, :].astype(_F32), -1, -2)  # (rows needed, n_cols, c, 4)
    w = wx[:, None, :]
    chain = _fma_chain(w, p, 1, 0)
    if c == 1:
        h = np.where(tail[None, :, None], _sum_pairs(w, p, 0, 2, 1, 3), _sum_pairs(w, p, 0, 1, 2, 3))
    elif c == 3:
        h = chain
    else:
        h = np.where(tail[None, :, None], _fma_pairs(w, p, 0, 3, 1, 2), _fma_pairs(w, p, 2, 0, 3, 1))
    h = np.where(xin[None, :, None], h, chain)
    pos = np.searchsorted(need, iy)
    return _fma_pairs(wy[:, None, None, :], np.moveaxis(h[pos], 1, -1), 0, 1, 2, 3)


def resize_ipp_cubic8(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable] | None = None) -> np.ndarray:
    """The ``"opencv_ipp_cubic8"`` rule (see the module docstring): uint8 ``(h, w)`` or ``(h, w, c)``
    (c in 1, 3, 4; h, w >= 4) in, uint8 ``(out_h, out_w[, c])`` out. A compiled loop
    (:func:`_cubic_loop`) with the operations of :func:`_cubic8` (the element explanation's)."""
    ry, rx = spec.resizes
    x3 = np.ascontiguousarray(x[:, :, None] if x.ndim == 2 else x)
    ty = ipp_cubic_axis(ry.in_size, ry.out_size)
    tx = ipp_cubic_axis(rx.in_size, rx.out_size)
    c = x3.shape[2]
    tail = np.broadcast_to(_tail8(tx[2])[:, None], (tx[2].shape[0], c))
    if c == 1:
        hk = np.where(tail, _H_PAIRS_0213, _H_PAIRS)
    elif c == 3:
        hk = np.full(tail.shape, _H_CHAIN_10)
    else:
        hk = np.where(tail, _H_FMA_0312, _H_FMA_2031)
    hk = np.where(tx[2][:, None], hk, _H_CHAIN_10)  # a clamped column: the chain
    out = _cubic_passes(x3, ty, tx, False, hk, 0, np.uint8)
    return out.reshape(ry.out_size, rx.out_size, *x.shape[2:])


def ipp_cubic8_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """One output element of the ``"opencv_ipp_cubic8"`` rule with the rule's own operations and
    its steps in words: ``(value, lines)``."""
    i, j, c, x3, ty, tx = _cubic_point(x, spec, index)
    f = _cubic8(x3, ty, tx, slice(i, i + 1), slice(j, j + 1))[0, 0, c]
    v = _round_sat(np.asarray(f), np.dtype(np.uint8))
    rows, cols = ty[0][i], tx[0][j]
    kernels = {
        1: "(w0 p0 + w1 p1) + (w2 p2 + w3 p3) ((w0 p0 + w2 p2) + (w1 p1 + w3 p3) in the last n mod 4 inside columns)",
        3: "fmaf(w3, p3, fmaf(w2, p2, fmaf(w1, p1, w0 p0)))",
        4: "fmaf(w2, p2, w0 p0) + fmaf(w3, p3, w1 p1) (fmaf(w0, p0, w3 p3) + fmaf(w1, p1, w2 p2) in the last n mod 4 "
        "inside columns)",
    }
    lines = (
        f"rows {rows.tolist()} weights {ty[1][i].tolist()}; columns {cols.tolist()} weights {tx[1][j].tolist()} "
        "(x_src = (x + 0.5) * in / out - 0.5 in double, t = (float)(x_src - floor(x_src)), float32 Keys a = -0.75 "
        "weights, taps clamped)",
        f"pixels {x3[np.ix_(rows, cols, [c])][:, :, 0].tolist()}",
        "IPP 8-bit: pixels to float32, per row "
        + (kernels[x3.shape[2]] if tx[2][j] else "fmaf(w3, p3, fmaf(w2, p2, fmaf(w1, p1, w0 p0))) (a clamped column)")
        + ", then fmaf(b0, h0, b1 h1) + fmaf(b2, h2, b3 h3)",
        f"= {f.item()!r}, rounded half to even and saturated -> {v.item()}",
    )
    return v, lines


register_fixed_point("opencv_ipp_cubic8", resize_ipp_cubic8)


# --- 16-bit INTER_CUBIC ("opencv_ipp_cubic16") ------------------------------------------------------


def resize_ipp_cubic16(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable] | None = None) -> np.ndarray:
    """The ``"opencv_ipp_cubic16"`` rule (see the module docstring): uint16 or int16 ``(h, w)`` or
    ``(h, w, c)`` (c in 1, 3, 4; h, w >= 4) in, the same dtype ``(out_h, out_w[, c])`` out: the
    float32 rule's compiled loop without its vertical tail, rounded half to even and saturated."""
    ry, rx = spec.resizes
    x3 = np.ascontiguousarray(x[:, :, None] if x.ndim == 2 else x)
    ty = ipp_cubic_axis(ry.in_size, ry.out_size)
    tx = ipp_cubic_axis(rx.in_size, rx.out_size)
    c = x3.shape[2]
    check_allocation((ry.out_size, rx.out_size, c), x.dtype, "cv2.resize output")
    tail = _tail32(tx[2], c)
    hk = np.where(tail, _H_PAIRS_0213, _H_PAIRS) if c == 1 else np.full(tail.shape, _H_FMA_0312)
    out = _round_sat(_cubic_passes(x3, ty, tx, True, hk, 0, _F32), x.dtype)
    return out.reshape(ry.out_size, rx.out_size, *x.shape[2:])


def ipp_cubic16_value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """One output element of the ``"opencv_ipp_cubic16"`` rule with the rule's own operations and
    its steps in words: ``(value, lines)``."""
    i, j, c, x3, ty, tx = _cubic_point(x, spec, index)
    f = _cubic32(x3, ty, tx, slice(i, i + 1), slice(j, j + 1), vertical_tail=False)[0, 0, c]
    v = _round_sat(np.asarray(f), x.dtype)
    rows, cols = ty[0][i], tx[0][j]
    if ty[2][i] and tx[2][j]:
        how = (
            "IPP 16-bit inside the image: pixels to float32, per row "
            + (
                "(w0 p0 + w1 p1) + (w2 p2 + w3 p3) ((w0 p0 + w2 p2) + (w1 p1 + w3 p3) in the last n mod 4 inside "
                "columns)"
                if x3.shape[2] == 1
                else "fmaf(w0, p0, w3 p3) + fmaf(w1, p1, w2 p2)"
            )
            + ", then fmaf(b0, h0, b1 h1) + fmaf(b2, h2, b3 h3)"
        )
    else:
        how = (
            "IPP 16-bit at the border: pixels to float32, per row fmaf(w3, p3, fmaf(w2, p2, fmaf(w0, p0, w1 p1))) "
            "(rows 0 and 3: fmaf(w1, p1, w0 p0) innermost), then (b0 h0 + b2 h2) + (b1 h1 + b3 h3)"
        )
    lines = (
        f"rows {rows.tolist()} weights {ty[1][i].tolist()}; columns {cols.tolist()} weights {tx[1][j].tolist()} "
        "(x_src = (x + 0.5) * in / out - 0.5 in double, t = (float)(x_src - floor(x_src)), float32 Keys a = -0.75 "
        "weights, taps clamped)",
        f"pixels {x3[np.ix_(rows, cols, [c])][:, :, 0].tolist()}",
        how,
        f"= {f.item()!r}, rounded half to even and saturated -> {v.item()}",
    )
    return v, lines


register_fixed_point("opencv_ipp_cubic16", resize_ipp_cubic16)
