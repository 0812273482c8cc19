"""OpenCV 5.0's own arithmetic for ``cv::resize`` INTER_LINEAR, INTER_CUBIC, INTER_LANCZOS4 and
INTER_AREA on every depth it takes (uint8, uint16, int16, float32, float64), as
``modules/imgproc/src/resize.cpp`` computes them (``resizeGeneric_``, ``resizeArea_``,
``resizeAreaFast_``) in the opencv-python 5.0.0 wheels for x86-64 (128-bit SIMD loops, no fused
multiply-add: verified bit for bit against cv2), with Intel IPP off (see :data:`IPP_ROUTED`).

Registered as three precision rules (``Precision(fixed_point=...)``):

``"opencv_generic"`` (INTER_LINEAR, INTER_CUBIC, INTER_LANCZOS4, and INTER_AREA where an axis is enlarged)
    Per axis, ``fx = (float)((d + 0.5) * scale - 0.5)`` (INTER_AREA: ``sx = floor(d * scale)``,
    ``fx = (float)((d + 1) - (sx + 1) * inv_scale)``, 0 when not positive, else its fraction),
    ``sx = floor(fx)``, ``fx -= sx`` in float; the weights in float32: ``(1 - fx, fx)``,
    ``interpolateCubic`` (Keys, A = -0.75, the fourth weight ``1 - c0 - c1 - c2``),
    ``interpolateLanczos4`` (double sines, float weights normalised by their float sum). Columns
    of two-tap modes left of the image read pixel 0 with ``fx = 0``, right of it the last pixel
    alone; rows are only clamped (``fy`` is kept). The horizontal pass first, then the vertical:

    * uint8: weights ``saturate_cast<short>(w * 2048)``; horizontal sums exact in int32; vertical
      INTER_LINEAR ``((b0 * (S0 >> 4)) >> 16) + ((b1 * (S1 >> 4)) >> 16) + 2) >> 2``,
      INTER_LANCZOS4 ``(sum + 2**21) >> 22``, INTER_CUBIC in float32 where the SIMD loop runs
      (``b0*S0 + (b1*S1 + (b2*S2 + b3*S3))`` with ``bk = beta_k / 2**22``, rounded half to
      even) and ``(sum + 2**21) >> 22`` in the last ``width * cn mod 8`` elements of a row;
    * uint16, int16, float32: float32 products and sums, horizontal left to right; vertical
      left to right, except the SIMD part of INTER_CUBIC (all three) and INTER_LANCZOS4 (int16,
      float32), which nests ``b0*S0 + (b1*S1 + (... + b_last*S_last))`` over the first
      ``floor(width * cn / L) * L`` elements (L = 8 for 16-bit, 4 for float32); integers
      rounded half to even and saturated;
    * float64: double products of the float weights, summed left to right.

``"opencv_area"`` (INTER_AREA shrinking both axes by a non-integer factor)
    ``computeResizeAreaTab``: per output pixel the source pixels it covers, weights
    ``(float)(overlap / cellWidth)`` (double arithmetic, ``cellWidth = min(scale, in - d *
    scale)``, overlaps under 1e-3 dropped); per source row a float32 (float64 for float64
    images) sum of ``pixel * alpha`` in increasing column, then per output row ``beta * row``
    accumulated in increasing source row; rounded half to even and saturated.

``"opencv_area_fast"`` (INTER_AREA with integer factors, INTER_LINEAR halving both axes, and
INTER_LINEAR_EXACT halving integer images of other than 2 channels)
    Each output pixel the mean of its ``iy x ix`` block: halving 8- and 16-bit images with 1, 3
    or 4 channels ``(a + b + c + d + 2) >> 2``; otherwise the block summed (int for uint8, float
    for 16-bit and float32, double for float64; in runs of four ``sum += ((s0 + s1) + s2) + s3``,
    so 16-bit sums round past 2**24) times ``1.f / area`` and rounded half to even; float32
    halving with 1 or 4 channels adds ``(a + b) + (c + d)`` in the SIMD blocks of 4 outputs.
    Blocks cut by the image's edge (a size rounded up from ``fx``, ``fy``): ``(float)sum /
    count`` over the pixels inside, summed one by one.

How it is computed: images as OpenCV's rows ``(rows, cols * cn)``, gathers with ``np.take``;
the passes that run over every output element in OpenCV's order are compiled loops
(:mod:`.opencv_loops`), the exact integer block sums and the area tables' running sums NumPy
passes over whole rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.ops.resize import opencv_loops
from arraylens.ops.resize.fixed_point import saturate_cast
from arraylens.ops.resize.kernel import AxisTable, register_fixed_point
from arraylens.ops.resize.spec import ResizeSpec

__all__ = [
    "COEF_BITS",
    "IPP_ROUTED",
    "OpenCVAxis",
    "area_fast_factors",
    "area_taps",
    "cubic_weights",
    "fast_factors",
    "generic_axis",
    "lanczos4_weights",
    "resize_area",
    "resize_area_fast",
    "resize_generic",
    "value_at",
]

#: INTER_RESIZE_COEF_BITS: 8-bit weights are multiples of 1 / 2048.
COEF_BITS = 11
_ONE = 1 << COEF_BITS

#: (interpolation kind, dtype) that a cv2 build with Intel IPP enabled (the PyPI wheels:
#: ``cv2.ipp.useIPP()`` is True) hands to IPP's ``iwiResize`` / ``iwiWarpAffine`` instead of
#: the code reproduced here (OpenCV 5.0 ``hal/ipp/src/resize_ipp.cpp``: every linear and cubic
#: resize except 8-bit linear, float64 only linear; IPP takes them before INTER_LINEAR's
#: halving shortcut; on images of one row or one column cv2 gives OpenCV's own values, as
#: measured; INTER_CUBIC: under 4 rows or columns). IPP's arithmetic is reproduced for
#: INTER_LINEAR on 16-bit and float images and INTER_CUBIC on 8-bit, 16-bit and float32 images
#: (:mod:`.opencv_ipp`, ``IPP_RULES``; ``cv2.resize(..., ipp=True)`` in the frontend); elsewhere
#: (sizes from ``fx``, ``fy`` off their ratio, which IPP resizes with
#: warpAffine; infinities at the replicated borders of float INTER_LINEAR) not. IPP's kernels
#: are chosen per CPU (on an AVX-512 machine its float64 linear source coordinate is
#: ``fma(x + 0.5, in / out, -0.5)`` in double, its weights ``1 - t, t``), so its last bits may
#: depend on the machine; it differs from OpenCV's own code by one level at most on integers
#: and in float32 rounding on floats.
IPP_ROUTED = frozenset(
    {
        ("cubic", "uint8"),
        ("linear", "uint16"),
        ("cubic", "uint16"),
        ("linear", "int16"),
        ("cubic", "int16"),
        ("linear", "float32"),
        ("cubic", "float32"),
        ("linear", "float64"),
    }
)

_F32 = np.float32


@dataclass(frozen=True)
class OpenCVAxis:
    """One axis of ``resizeGeneric_``: the taps of every output position.

    Attributes
    ----------
    index : ndarray of intp, shape (out, ksize)
        The source index of each tap, clamped to the image.
    weight : ndarray of float32, shape (out, ksize)
        OpenCV's ``cbuf``: the float weights (before the 8-bit ``* 2048``).
    single : ndarray of bool, shape (out,)
        Columns read as the one pixel ``index[:, 0]`` (two-tap modes right of the image:
        ``dx >= xmax`` in ``HResizeLinear``); always False for rows.
    offset : ndarray of int64, shape (out,)
        ``sx`` (``xofs`` / ``yofs``), after the column clamp of two-tap modes.
    frac : ndarray of float32, shape (out,)
        ``fx`` as the weights were computed from it.
    """

    index: np.ndarray
    weight: np.ndarray
    single: np.ndarray
    offset: np.ndarray
    frac: np.ndarray


def cubic_weights(f: np.ndarray) -> np.ndarray:
    """``interpolateCubic``: the four Keys weights (A = -0.75) of fractions ``f``, in float32 as
    OpenCV evaluates them; ``(n, 4)``."""
    x = np.asarray(f, dtype=_F32)
    a = _F32(-0.75)
    one = _F32(1)
    x1 = x + one
    c0 = ((a * x1 - _F32(5) * a) * x1 + _F32(8) * a) * x1 - _F32(4) * a
    c1 = ((a + _F32(2)) * x - (a + _F32(3))) * x * x + one
    y = one - x
    c2 = ((a + _F32(2)) * y - (a + _F32(3))) * y * y + one
    c3 = one - c0 - c1 - c2
    return np.stack([c0, c1, c2, c3], axis=-1).astype(_F32)


_S45 = 0.70710678118654752440084436210485
_CS = ((1.0, 0.0), (-_S45, -_S45), (0.0, 1.0), (_S45, -_S45), (-1.0, 0.0), (_S45, _S45), (0.0, -1.0), (-_S45, _S45))


def lanczos4_weights(f: np.ndarray) -> np.ndarray:
    """``interpolateLanczos4``: the eight weights of fractions ``f``; ``(n, 8)`` float32.

    ``y0 = -(x + 3) * pi / 4`` in double, ``s0, c0`` its sine and cosine (the C library's, as
    OpenCV's ``std::sin``), weight ``i`` ``(float)((cs[i][0] * s0 + cs[i][1] * c0) / (y * y))``
    at ``y = -(float)((x + 3) - i) * pi / 4`` (two float operations) (1e30 where ``|x + 3 - i| < 1e-6``), summed in
    float, and each multiplied by the float ``1 / sum``."""
    x = np.asarray(f, dtype=_F32).reshape(-1)
    y0 = -(x + _F32(3)).astype(np.float64) * math.pi * 0.25
    # the C library's sine and cosine, one pair per output position (NumPy's may differ in the last bit)
    s0 = np.array([math.sin(v) for v in y0.tolist()], dtype=np.float64)
    c0 = np.array([math.cos(v) for v in y0.tolist()], dtype=np.float64)
    w = np.empty((x.size, 8), _F32)
    total = np.zeros(x.size, _F32)
    for i in range(8):
        t = ((x + _F32(3)).astype(_F32) - _F32(i)).astype(_F32)  # (x + 3) - i: two float roundings
        y = -t.astype(np.float64) * math.pi * 0.25
        with np.errstate(divide="ignore", invalid="ignore"):
            v = ((_CS[i][0] * s0 + _CS[i][1] * c0) / (y * y)).astype(_F32)
        v = np.where(np.abs(t) >= _F32(1e-6), v, _F32(1e30)).astype(_F32)
        w[:, i] = v
        total = (total + v).astype(_F32)
    inv = (_F32(1) / total).astype(_F32)
    return (w * inv[:, None]).astype(_F32)


def generic_axis(
    in_size: int, out_size: int, inv_scale: float, kind: str, columns: bool, positions: np.ndarray | None = None
) -> OpenCVAxis:
    """The taps of one axis as ``cv::hal::resize`` builds them for ``resizeGeneric_``.

    Parameters
    ----------
    in_size, out_size : int
    inv_scale : float
        ``inv_scale_x`` (``dsize.width / ssize.width``, or ``fx``), a double.
    kind : {'linear', 'area', 'cubic', 'lanczos'}
        ``area``: INTER_AREA's two-tap rule (an enlarged axis).
    columns : bool
        The horizontal axis (two-tap modes clamp ``sx`` and zero ``fx`` there), or rows.
    positions : ndarray of int, optional
        Output positions (default: all).
    """
    n = in_size
    d = np.arange(out_size, dtype=np.int64) if positions is None else np.asarray(positions, dtype=np.int64)
    scale = 1.0 / inv_scale
    if kind == "area":
        sx = np.floor(d * scale).astype(np.int64)
        f = ((d + 1) - (sx + 1) * inv_scale).astype(_F32)
        f = np.where(f <= 0, _F32(0), f - np.floor(f).astype(_F32)).astype(_F32)
    else:
        f = ((d + 0.5) * scale - 0.5).astype(_F32)
        fl = np.floor(f)
        sx = fl.astype(np.int64)
        f = (f - fl.astype(_F32)).astype(_F32)
    ksize = {"linear": 2, "area": 2, "cubic": 4, "lanczos": 8}[kind]
    half = ksize // 2
    single = np.zeros(d.shape, bool)
    if columns and ksize == 2:
        left = sx < 0
        f = np.where(left, _F32(0), f).astype(_F32)
        sx = np.where(left, 0, sx)
        single = sx + half >= n
        right = sx >= n - 1
        f = np.where(right, _F32(0), f).astype(_F32)
        sx = np.where(right, n - 1, sx)
    if kind == "cubic":
        w = cubic_weights(f)
    elif kind == "lanczos":
        w = lanczos4_weights(f)
    else:
        w = np.stack([_F32(1) - f, f], axis=-1).astype(_F32)
    taps = sx[:, None] - half + 1 + np.arange(ksize)[None, :]
    return OpenCVAxis(np.clip(taps, 0, n - 1).astype(np.intp), w, single, sx, f)


def fixed_weights(w: np.ndarray) -> np.ndarray:
    """``saturate_cast<short>(w * INTER_RESIZE_COEF_SCALE)``: the 8-bit weights (int64)."""
    return np.clip(np.rint(np.asarray(w, dtype=_F32) * _F32(_ONE)), -32768, 32767).astype(np.int64)


def _work(dt: np.dtype[Any]) -> Any:
    """The buffer type of the float paths: double for float64 images, float otherwise."""
    return np.float64 if dt == np.float64 else _F32


def _rows(x3: np.ndarray, dtype: Any) -> np.ndarray:
    """``(rows, cols, cn)`` as OpenCV's rows of ``cols * cn`` interleaved values, ``(rows, cols *
    cn)`` of ``dtype``: the kernels' operations run along whole rows."""
    return x3.reshape(x3.shape[0], -1).astype(dtype, copy=False)


def _horizontal(x2: np.ndarray, ax: OpenCVAxis, cn: int) -> np.ndarray:
    """``HResize*`` on rows ``x2`` ``(rows, cols * cn)`` (int32 for uint8 images, else the work
    type); returns ``(rows, out_cols * cn)``: int32 sums of ``pixel * alpha`` (alpha in 1/2048)
    for uint8, else float32 (float64) sums left to right (:func:`.opencv_loops.horizontal`)."""
    k = ax.index.shape[1]
    eight = x2.dtype == np.int32  # int32, as OpenCV's buffers (the sums fit; a wrap would be OpenCV's too)
    w = fixed_weights(ax.weight).astype(np.int32) if eight else ax.weight.astype(x2.dtype)
    # tap j of output element (col, channel) reads element index * cn + channel
    flat = (ax.index[:, None, :] * cn + np.arange(cn)[None, :, None]).reshape(-1, k).astype(np.intp)
    out = np.empty((x2.shape[0], flat.shape[0]), x2.dtype)
    one = np.array(_ONE if eight else 1, x2.dtype)[()]
    opencv_loops.horizontal(x2, flat, np.repeat(w, cn, axis=0), np.repeat(ax.single, cn), one, out)
    return out


def _vertical(
    hs: np.ndarray, index: np.ndarray, beta: np.ndarray, dt: np.dtype[Any], kind: str, simd_cols: int
) -> np.ndarray:
    """``VResize*`` on OpenCV's rows: ``hs`` the horizontal sums ``(rows, width)``, ``index`` the
    rows of each output row's taps ``(out_rows, ksize)``, ``beta`` their float32 weights,
    ``simd_cols`` the flat column where the vertical SIMD loop stops (:func:`_simd_limit`);
    returns ``(out_rows, width)`` of the image dtype (compiled loops: :mod:`.opencv_loops`)."""
    out_rows, width = index.shape[0], hs.shape[1]
    index = np.ascontiguousarray(index, dtype=np.intp)
    if dt == np.uint8:
        b = fixed_weights(beta).astype(np.int32)
        out = np.empty((out_rows, width), np.uint8)
        if kind in ("linear", "area"):  # ((b0 * (S0 >> 4)) >> 16) + ((b1 * (S1 >> 4)) >> 16), (t + 2) >> 2
            opencv_loops.vertical_linear_u8(hs, index, b, out)
            return out
        nested = 0 if kind == "lanczos" else min(simd_cols, width)  # INTER_CUBIC's SIMD loop in float32
        if nested:
            bf = (b.astype(_F32) * _F32(1.0 / (_ONE * _ONE))).astype(_F32)
            opencv_loops.vertical_nested_u8(hs, index, bf, out, 0, nested)
        opencv_loops.vertical_sum_u8(hs, index, b, out, nested, width)
        return out
    out = np.empty((out_rows, width), dt)
    # the SIMD loops of INTER_CUBIC (16-bit, float32) and INTER_LANCZOS4 (int16, float32) nest the
    # sum; uint16 Lanczos runs an SSE4.1 loop that adds left to right, float64 has no SIMD loop
    nests = dt != np.float64 and (kind == "cubic" or (kind == "lanczos" and dt != np.uint16))
    lo, hi = (float(np.iinfo(dt).min), float(np.iinfo(dt).max)) if dt.kind in "iu" else (0.0, 0.0)
    count = np.full(out_rows, index.shape[1], np.intp)
    opencv_loops.vertical_float(hs, index, beta.astype(hs.dtype), count, out, simd_cols if nests else 0, lo, hi)
    return out


def _lanes(dt: np.dtype[Any], kind: str) -> int:
    """The vertical SIMD loop's step (128-bit vectors): int16 lanes for 8- and 16-bit images,
    float lanes for float32."""
    return 4 if dt == np.float32 else 8


def _simd_limit(out_cols: int, cn: int, lanes: int) -> int:
    """The flat index ``col * cn + channel`` of a row where the vertical SIMD loop stops:
    ``floor(out_cols * cn / lanes) * lanes``."""
    return (out_cols * cn // lanes) * lanes


def _as3(x: np.ndarray, spec: ResizeSpec) -> np.ndarray:
    """``(rows, cols, cn)`` view of an OpenCV image (axes 0 and 1 resized)."""
    if spec.axes != (0, 1) or x.ndim not in (2, 3):
        raise ValueError("OpenCV's resize arithmetic takes (rows, cols) or (rows, cols, channels) arrays")
    return x[:, :, None] if x.ndim == 2 else x


def _kind(spec: ResizeSpec) -> str:
    return {"linear": "linear", "cubic": "cubic", "lanczos": "lanczos", "area": "area"}[spec.filter.kind]


def resize_generic(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable] | None = None) -> np.ndarray:
    """``resizeGeneric_``: the ``"opencv_generic"`` rule (see the module docstring)."""
    x3 = _as3(x, spec)
    kind = _kind(spec)
    ry, rx = spec.resizes
    ay = generic_axis(ry.in_size, ry.out_size, float(ry.scale), kind, columns=False)
    axx = generic_axis(rx.in_size, rx.out_size, float(rx.scale), kind, columns=True)
    cn = x3.shape[2]
    # the horizontal pass of the rows the vertical one reads only (a 20000-row image resized to one
    # row would otherwise hold 20000 rows of horizontal sums): the same sums, re-indexed
    rows = np.unique(ay.index)
    index = ay.index
    if rows.size < ry.in_size:
        x3, index = x3[rows], np.searchsorted(rows, ay.index)
    hs = _horizontal(_rows(x3, np.int32 if x.dtype == np.uint8 else _work(x.dtype)), axx, cn)
    out = _vertical(hs, index, ay.weight, x.dtype, kind, _simd_limit(rx.out_size, cn, _lanes(x.dtype, kind)))
    return out.reshape(ry.out_size, rx.out_size, *x.shape[2:])


def area_taps(in_size: int, out_size: int, scale: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``computeResizeAreaTab`` for one axis: ``(index, alpha, used)``, each ``(out, taps)``:
    the source pixels covered by each output pixel in increasing order, their float32 weights,
    and which of the ``taps`` columns are entries of OpenCV's table."""
    n = in_size
    d = np.arange(out_size, dtype=np.float64)
    fsx1 = d * scale
    fsx2 = fsx1 + scale
    cell = np.minimum(scale, n - fsx1)
    sx1 = np.ceil(fsx1).astype(np.int64)
    sx2 = np.minimum(np.floor(fsx2).astype(np.int64), n - 1)
    sx1 = np.minimum(sx1, sx2)
    head = (sx1 - fsx1) > 1e-3
    tail = (fsx2 - sx2) > 1e-3
    width = int(max(1, math.ceil(scale) + 2))
    j = np.arange(width)[None, :]
    start = np.where(head, sx1 - 1, sx1)
    index = start[:, None] + j
    count = head.astype(np.int64) + (sx2 - sx1) + tail.astype(np.int64)
    used = j < count[:, None]
    alpha = np.full(index.shape, (1.0 / cell)[:, None]).astype(_F32)
    alpha = np.where(head[:, None] & (j == 0), ((sx1 - fsx1) / cell)[:, None].astype(_F32), alpha)
    last = np.minimum(np.minimum(fsx2 - sx2, 1.0), cell) / cell
    alpha = np.where(tail[:, None] & (j == count[:, None] - 1), last[:, None].astype(_F32), alpha)
    return np.clip(index, 0, n - 1).astype(np.intp), np.where(used, alpha, _F32(0)).astype(_F32), used


def resize_area(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable] | None = None) -> np.ndarray:
    """``resizeArea_``: the ``"opencv_area"`` rule (see the module docstring): per source row the
    running sum ``buf = 0; buf += pixel * alpha`` over the columns of each output pixel, then per
    output row ``sum = beta * buf`` and ``sum += beta * buf`` over its rows, in the work type
    (compiled: :func:`.opencv_loops.area_horizontal`, :func:`.opencv_loops.vertical_float`)."""
    x3 = _as3(x, spec)
    ry, rx = spec.resizes
    cn = x3.shape[2]
    yi, ya, yu = area_taps(ry.in_size, ry.out_size, 1.0 / float(ry.scale))
    xi, xa, xu = area_taps(rx.in_size, rx.out_size, 1.0 / float(rx.scale))
    t = _work(x.dtype)
    # the column taps on OpenCV's rows of cols * cn values (``xtab``'s ``si`` and ``di`` times cn)
    flat = (xi[:, None, :] * cn + np.arange(cn)[None, :, None]).reshape(-1, xi.shape[1]).astype(np.intp)
    rows = np.unique(yi[yu])  # the horizontal pass of the rows the vertical one reads
    buf = np.empty((rows.size, rx.out_size * cn), t)
    opencv_loops.area_horizontal(
        _rows(x3[rows], t), flat, np.repeat(xa, cn, axis=0).astype(t), np.repeat(xu.sum(axis=1), cn), buf
    )
    index = np.searchsorted(rows, np.where(yu, yi, rows[0])).astype(np.intp)
    dt = x.dtype
    out = np.empty((ry.out_size, rx.out_size * cn), dt)
    lo, hi = (float(np.iinfo(dt).min), float(np.iinfo(dt).max)) if dt.kind in "iu" else (0.0, 0.0)
    opencv_loops.vertical_float(buf, index, ya.astype(t), yu.sum(axis=1).astype(np.intp), out, 0, lo, hi)
    return out.reshape(ry.out_size, rx.out_size, *x.shape[2:])


def fast_factors(inv_scale_y: float, inv_scale_x: float) -> tuple[int, int] | None:
    """``(iscale_y, iscale_x)`` when ``cv::hal::resize`` finds ``is_area_fast`` (both ``1 /
    inv_scale`` within DBL_EPSILON of an integer, ``saturate_cast<int>`` rounding half to even),
    else None. INTER_AREA shrinking then runs ``resizeAreaFast_``, and so does INTER_LINEAR
    when both are 2."""
    out = []
    for inv in (inv_scale_y, inv_scale_x):
        s = 1.0 / inv
        i = round(s)
        if abs(s - i) >= np.finfo(np.float64).eps:
            return None
        out.append(int(i))
    return out[0], out[1]


def area_fast_factors(spec: ResizeSpec) -> tuple[int, int] | None:
    """:func:`fast_factors` of a spec's two axes (rows, columns)."""
    return fast_factors(float(spec.resizes[0].scale), float(spec.resizes[1].scale))


def resize_area_fast(x: np.ndarray, spec: ResizeSpec, tables: list[AxisTable] | None = None) -> np.ndarray:
    """``resizeAreaFast_``: the ``"opencv_area_fast"`` rule (see the module docstring). Output
    pixels whose block runs past the image (a size rounded from ``fx``) average the pixels
    inside, ``(float)sum / count``."""
    x3 = _as3(x, spec)
    factors = area_fast_factors(spec)
    if factors is None:
        raise ValueError("resizeAreaFast_ needs integer factors on both axes")
    iy, ix = factors
    ry, rx = spec.resizes
    h, w, cn = x3.shape
    oh, ow = ry.out_size, rx.out_size
    full_h, full_w = min(h // iy, oh), min(w // ix, ow)
    dt = x.dtype
    wt: Any = np.int64 if dt == np.uint8 else _work(dt)
    out = np.zeros((oh, ow, cn), dt)
    if full_h and full_w:
        block = x3[: full_h * iy, : full_w * ix].reshape(full_h, iy, full_w, ix, cn)
        out[:full_h, :full_w] = _area_fast_blocks(block, cn, full_w)
    if full_h < oh or full_w < ow:
        _area_fast_partial(x3, out, iy, ix, full_h, full_w, wt)
    return out.reshape(oh, ow, *x.shape[2:])


def _cm(f: np.ufunc, out: np.ndarray, *operands: Any) -> np.ndarray:
    """``f(*operands)`` into ``out`` in ``out``'s dtype, for ``(..., cn)`` arrays (strided views
    of an image), iterated channel-major so that the inner loop runs along a row instead of over
    ``cn`` values; returns ``out``."""
    ops = [np.moveaxis(o, -1, 0) if isinstance(o, np.ndarray) else o for o in operands]
    f(*ops, out=np.moveaxis(out, -1, 0), dtype=out.dtype, order="C")
    return out


def _exact_block_sums(block: np.ndarray) -> np.ndarray:
    """The integer sums of the ``(bh, iy, bw, ix, cn)`` blocks ``(bh, bw, cn)``, row slices added
    first, then column slices, in the smallest integer type that holds them."""
    bh, iy, bw, ix, cn = block.shape
    top = max(abs(int(np.iinfo(block.dtype).min)), int(np.iinfo(block.dtype).max)) * iy * ix
    st: Any = np.uint16 if block.dtype == np.uint8 and top < 1 << 16 else np.int32 if top < 1 << 31 else np.int64
    rows = np.add(block[:, 0], block[:, 1], dtype=st) if iy > 1 else block[:, 0].astype(st)
    for sy in range(2, iy):
        rows += block[:, sy]
    if ix == 1:
        return rows[:, :, 0]
    s = _cm(np.add, np.empty((bh, bw, cn), st), rows[:, :, 0], rows[:, :, 1])
    for sx in range(2, ix):
        _cm(np.add, s, s, rows[:, :, sx])
    return s


def _area_fast_blocks(block: np.ndarray, cn: int, full_w: int) -> np.ndarray:
    """``resizeAreaFast_`` on whole blocks ``(bh, iy, bw, ix, cn)`` (a view of the image):
    ``(bh, bw, cn)`` of the image's dtype. Integer sums are exact in any order where OpenCV's are
    (uint8 in int; 16-bit in float up to 2**24, that is blocks of at most 256 pixels); other sums
    follow OpenCV's order (:func:`.opencv_loops.area_fast_blocks`)."""
    bh, iy, bw, ix, _cn = block.shape
    dt = block.dtype
    area = iy * ix
    scale = _F32(1) / _F32(area)
    if dt.kind in "iu" and (dt == np.uint8 or area <= 256):
        s = _exact_block_sums(block)
        if iy == ix == 2 and cn in (1, 3, 4):  # the vector path: (a + b + c + d + 2) >> 2
            s += 2
            s >>= 2
            return s.astype(dt)
        return saturate_cast(s.astype(_F32) * scale, dt)
    # float sums in OpenCV's order: compiled (strided NumPy passes would read each pixel in a separate pass)
    vec = 0
    if dt == np.float32 and iy == ix == 2 and cn in (1, 4):
        vec = full_w if cn == 4 else (full_w // 4) * 4  # the 128-bit vector path: whole groups of 4 floats
    lo, hi = (float(np.iinfo(dt).min), float(np.iinfo(dt).max)) if dt.kind in "iu" else (0.0, 0.0)
    out = np.empty((bh, bw * cn), dt)
    x2 = block.reshape(bh * iy, bw * ix * cn)
    opencv_loops.area_fast_blocks(x2, iy, ix, cn, vec, dt == np.float64, lo, hi, out)
    return out.reshape(bh, bw, cn)


def _area_fast_partial(x3: np.ndarray, out: np.ndarray, iy: int, ix: int, full_h: int, full_w: int, wt: Any) -> None:
    """The blocks that run past the image (rows from ``full_h``, columns from ``full_w``):
    ``saturate_cast((float)sum / count)`` over the pixels inside (zero where none)."""
    h, w, _cn = x3.shape
    oh, ow = out.shape[:2]
    dt = x3.dtype
    for sel_r, sel_c in ((slice(full_h, oh), slice(None)), (slice(0, full_h), slice(full_w, ow))):
        r = np.arange(oh)[sel_r]
        c = np.arange(ow)[sel_c]
        if not r.size or not c.size:
            continue
        acc: Any = np.zeros((r.size, c.size, x3.shape[2]), wt)
        count = np.zeros((r.size, c.size, 1), np.int64)
        for sy in range(iy):
            rr = r * iy + sy
            okr = rr < h
            for sx in range(ix):
                cc = c * ix + sx
                ok = okr[:, None, None] & (cc < w)[None, :, None]
                v = x3[np.ix_(np.minimum(rr, h - 1), np.minimum(cc, w - 1))].astype(wt)
                acc = np.where(ok, acc + v, acc)
                count = count + ok
        # (float)sum / count: float even for float64 images
        val = acc.astype(_F32) / np.where(count == 0, 1, count).astype(_F32)
        val = np.where(count == 0, _F32(0), val)
        out[np.ix_(r, c)] = val.astype(dt) if dt.kind == "f" else saturate_cast(val, dt)


def value_at(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """One output element of the ``"opencv_generic"``, ``"opencv_area"`` or ``"opencv_area_fast"``
    rule from its taps only, with the kernel's own operations, and the steps in words:
    ``(value, lines)``."""
    rule = spec.precision.fixed_point
    i, j = int(index[0]), int(index[1])
    c = int(index[2]) if x.ndim == 3 else 0
    x3 = x[:, :, None] if x.ndim == 2 else x
    cn = x3.shape[2]
    ry, rx = spec.resizes
    dt = x.dtype
    if rule == "opencv_area_fast":
        iy, ix = area_fast_factors(spec) or (1, 1)
        rows = np.arange(i * iy, min(i * iy + iy, x3.shape[0]))
        cols = np.arange(j * ix, min(j * ix + ix, x3.shape[1]))
        # the same function on the block alone (its position in the SIMD blocks kept by the column)
        sub = x3[np.ix_(rows, cols)][:, :, [c]]
        if rows.size == iy and cols.size == ix:
            value = _area_fast_one(sub, iy, ix, dt, j, cn, rx.out_size, x3.shape[1] // ix)
        else:  # a block past the image: (float)sum / count, the sum in the buffer type, row by row
            wt: Any = np.int64 if dt == np.uint8 else _work(dt)
            tot: Any = wt(0)
            for v in sub.reshape(-1):
                tot = wt(tot + wt(v))
            cnt = rows.size * cols.size
            value = dt.type(0) if cnt == 0 else _one(np.array(_F32(tot) / _F32(cnt)), dt)
        vals = [v.item() for v in sub.reshape(-1)]
        if rows.size * cols.size < iy * ix:
            how = "a block cut by the image's edge: saturate_cast((float)sum / count) over the pixels inside"
        elif dt.kind in "iu" and iy == ix == 2 and cn in (1, 3, 4):
            how = "(a + b + c + d + 2) >> 2 (the vector path)"
        elif dt == np.float32 and iy == ix == 2 and cn in (1, 4):
            how = "((a + b) + (c + d)) * 0.25 in the SIMD blocks of 4 floats, (((a + b) + c) + d) * 0.25 after them"
        else:
            how = "saturate_cast(sum * (1.f / area)), the block summed four pixels at a time"
        return value, (
            f"the {iy} x {ix} block rows {rows[0]}..{rows[-1]}, columns {cols[0]}..{cols[-1]}: {vals}",
            f"OpenCV's resizeAreaFast_: {how} -> {value}",
        )
    if rule == "opencv_area":
        yi, ya, yu = area_taps(ry.in_size, ry.out_size, 1.0 / float(ry.scale))
        xi, xa, xu = area_taps(rx.in_size, rx.out_size, 1.0 / float(rx.scale))
        t = _work(dt)
        r_idx, r_w = yi[i][yu[i]], ya[i][yu[i]].astype(t)
        c_idx, c_w = xi[j][xu[j]], xa[j][xu[j]].astype(t)
        block = x3[np.ix_(r_idx, c_idx)][:, :, c].astype(t)
        bufs = []
        for r in range(block.shape[0]):
            acc = t(0)
            for k in range(block.shape[1]):
                acc = t(acc + block[r, k] * c_w[k])
            bufs.append(acc)
        tot = t(bufs[0] * r_w[0])
        for r in range(1, len(bufs)):
            tot = t(tot + bufs[r] * r_w[r])
        value = _one(np.array(tot), dt)
        return value, (
            f"computeResizeAreaTab: rows {[int(v) for v in r_idx]} weights {[float(f'{v:.9g}') for v in r_w]}, "
            f"columns {[int(v) for v in c_idx]} weights {[float(f'{v:.9g}') for v in c_w]}",
            f"per row sum(pixel * alpha) in {np.dtype(t).name}: {[float(f'{v:.9g}') for v in bufs]}",
            f"sum(beta * row) = {float(tot):.9g} -> {value}",
        )
    kind = _kind(spec)
    ay = generic_axis(ry.in_size, ry.out_size, float(ry.scale), kind, columns=False, positions=np.array([i]))
    axx = generic_axis(rx.in_size, rx.out_size, float(rx.scale), kind, columns=True, positions=np.array([j]))
    block = x3[np.ix_(ay.index[0], np.arange(x3.shape[1]))][:, :, [c]]
    hs = _horizontal(_rows(block, np.int32 if dt == np.uint8 else _work(dt)), axx, 1)  # (ksize rows, 1)
    in_simd = j * cn + c < _simd_limit(rx.out_size, cn, _lanes(dt, kind))
    local = np.arange(hs.shape[0])[None, :]  # the block's rows are the taps
    value = _vertical(hs, local, ay.weight, dt, kind, int(in_simd)).reshape(())[()]
    eight = dt == np.uint8
    wx = fixed_weights(axx.weight[0]) if eight else axx.weight[0]
    wy = fixed_weights(ay.weight[0]) if eight else ay.weight[0]
    hv = [v.item() for v in hs.reshape(-1)]
    unit = " (in 1/2048)" if eight else f" ({np.dtype(_work(dt)).name})"
    lines = [
        f"columns {[int(v) for v in axx.index[0]]}{' (the last pixel alone)' if axx.single[0] else ''} "
        f"weights{unit} {_fmt(wx)} (fx = {float(axx.frac[0]):.9g}); rows {[int(v) for v in ay.index[0]]} "
        f"weights{unit} {_fmt(wy)} (fy = {float(ay.frac[0]):.9g})",
        f"horizontal sums S per row ({'exact integers' if eight else 'left to right'}): "
        f"{[v if isinstance(v, int) else float(f'{v:.9g}') for v in hv]}",
    ]
    if eight and kind in ("linear", "area"):
        t0, t1 = (int(wy[0]) * (hv[0] >> 4)) >> 16, (int(wy[1]) * (hv[1] >> 4)) >> 16
        lines.append(
            f"vertical (SIMD): ((S0 >> 4) * {int(wy[0])} >> 16) + ((S1 >> 4) * {int(wy[1])} >> 16) = "
            f"{t0} + {t1}; ({t0 + t1} + 2) >> 2 -> saturated {value}"
        )
    elif eight and (kind == "lanczos" or not in_simd):
        acc = sum(int(b) * v for b, v in zip(wy, hv, strict=True))
        lines.append(
            f"vertical ({'the scalar tail of the SIMD loop' if kind == 'cubic' else 'exact'}): "
            f"(sum(beta * S) + 2**21) >> 22 = ({acc} + 2097152) >> 22 -> saturated {value}"
        )
    elif eight:
        lines.append(
            "vertical (SIMD, float32): b0*S0 + (b1*S1 + (b2*S2 + b3*S3)) with b = beta / 2**22, rounded "
            f"half to even -> saturated {value}"
        )
    else:
        order = (
            "nested b0*S0 + (b1*S1 + (...)) (the SIMD loop)"
            if in_simd and dt != np.float64 and (kind == "cubic" or (kind == "lanczos" and dt != np.uint16))
            else "left to right"
        )
        end = "rounded half to even -> saturated " if dt.kind in "iu" else "-> "
        lines.append(f"vertical in {np.dtype(_work(dt)).name}, {order}, {end}{value}")
    return value, tuple(lines)


def _fmt(w: np.ndarray) -> list[Any]:
    return [int(v) if np.issubdtype(w.dtype, np.integer) else float(f"{float(v):.9g}") for v in w]


def _one(v: np.ndarray, dt: np.dtype[Any]) -> Any:
    return (v.astype(dt) if dt.kind == "f" else saturate_cast(v, dt)).reshape(())[()]


def _area_fast_one(sub: np.ndarray, iy: int, ix: int, dt: np.dtype[Any], j: int, cn: int, ow: int, full_w: int) -> Any:
    """One full block of ``resizeAreaFast_`` (``sub`` is ``(iy, ix, 1)``), its column ``j``."""
    taps = [sub[sy, sx, 0] for sy in range(iy) for sx in range(ix)]
    if iy == 2 and ix == 2 and cn in (1, 3, 4) and dt.kind in "iu":
        return dt.type((sum(int(t) for t in taps) + 2) >> 2)
    wt: Any = np.int64 if dt == np.uint8 else _work(dt)
    scale = _F32(1) / _F32(iy * ix)
    if dt == np.float32 and iy == 2 and ix == 2 and cn in (1, 4) and (cn == 4 or j < (full_w // 4) * 4):
        a, b, c, d = (_F32(t) for t in taps)
        return dt.type(((a + b) + (c + d)) * _F32(0.25))
    acc: Any = wt(0)
    k = 0
    while k + 4 <= len(taps):
        a, b, c, d = (wt(t) for t in taps[k : k + 4])
        acc = wt(acc + (((a + b) + c) + d))
        k += 4
    for t in taps[k:]:
        acc = wt(acc + wt(t))
    val = _F32(acc) * scale if dt == np.uint8 else acc * (scale if dt != np.float64 else np.float64(scale))
    return _one(np.array(val), dt)


register_fixed_point("opencv_generic", resize_generic)
register_fixed_point("opencv_area", resize_area)
register_fixed_point("opencv_area_fast", resize_area_fast)
