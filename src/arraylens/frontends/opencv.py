"""OpenCV front-end: ``cv2.resize`` with OpenCV 5.0's arithmetic.

Arrays in OpenCV's layout: ``(rows, cols)`` or ``(rows, cols, channels)``; ``dsize`` is
``(width, height)``. The interpolation constants have cv2's integer values.
"""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation, Section
from arraylens.core.frontend import check_index, frontend
from arraylens.core.registry import Cli, Entry, Option, register
from arraylens.frontends._resize import floats
from arraylens.frontends._resize_integer import SaturatingResizePlan
from arraylens.ops.resize import fixed_point, opencv_generic
from arraylens.ops.resize.plan import ResizePlan
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec

__all__ = ["INTER_AREA", "INTER_CUBIC", "INTER_LANCZOS4", "INTER_LINEAR", "INTER_LINEAR_EXACT", "INTER_NEAREST",
           "INTER_NEAREST_EXACT", "resize"]

INTER_NEAREST = 0
INTER_LINEAR = 1
INTER_CUBIC = 2
INTER_AREA = 3
INTER_LANCZOS4 = 4
INTER_LINEAR_EXACT = 5
INTER_NEAREST_EXACT = 6

_NAMES = {INTER_NEAREST: "INTER_NEAREST", INTER_LINEAR: "INTER_LINEAR", INTER_CUBIC: "INTER_CUBIC",
          INTER_AREA: "INTER_AREA", INTER_LANCZOS4: "INTER_LANCZOS4", INTER_LINEAR_EXACT: "INTER_LINEAR_EXACT",
          INTER_NEAREST_EXACT: "INTER_NEAREST_EXACT"}
_DTYPES = ("uint8", "uint16", "int16", "float32", "float64")
_GENERIC_RULES = ("opencv_generic", "opencv_area", "opencv_area_fast")
_OP = "cv2.resize"


def _assert(ok: bool, expr: str) -> None:
    if not ok:
        raise ArgumentError(f"OpenCV(5.0.0) resize.cpp: error: (-215:Assertion failed) {expr} in function 'resize'")


def _saturate_int(v: float) -> int:
    """``saturate_cast<int>(double)``: round half to even, saturate to int32."""
    if math.isnan(v):
        return 0
    r = round(v) if math.isfinite(v) else (2**31 - 1 if v > 0 else -(2**31))
    return max(-(2**31), min(2**31 - 1, int(r)))


class OpenCVResizePlan(SaturatingResizePlan):
    """A ``cv2.resize`` plan: the explanation adds OpenCV's fixed-point steps on 8-bit images."""

    def explain(self, at: Any) -> Explanation:
        e = super().explain(at)
        rule = self.spec.precision.fixed_point
        if rule not in ("opencv", "opencv_linear_exact", "opencv_area_fast2", *_GENERIC_RULES):
            return e
        index = check_index(at, self.output_shape())
        if rule in _GENERIC_RULES:
            value, lines = opencv_generic.value_at(self.x, self.spec, index)
        elif rule == "opencv_linear_exact":
            value, lines = fixed_point.opencv_linear_exact_value_at(self.x, self.spec, index)
        elif rule == "opencv_area_fast2":
            value, lines = _area_fast2_value_at(self.x, index)
        else:
            value, lines = fixed_point.opencv_value_at(self.x, self.spec, index)
        title = "OpenCV's arithmetic" + (" (8-bit fixed point)" if self.x.dtype == np.uint8 else "")
        if (self.spec.filter.kind, self.x.dtype.name) in opencv_generic.IPP_ROUTED and rule == "opencv_generic":
            lines = (*lines, "cv2 builds with Intel IPP enabled (cv2.ipp.useIPP(), the PyPI wheels) compute this "
                     "resize with IPP instead, which can differ by one level (floats: in the last float32 bits)")
        if self.spec.filter.kind == "area" and rule in ("opencv", "opencv_generic"):
            lines = ("INTER_AREA with an axis upsampled: two taps per axis, sx = floor(x / scale), "
                     "fx = (x + 1) - (sx + 1) * scale (0 when not positive, else its fraction); the taps above "
                     "are the canonical area filter's", *lines)
        canonical = tuple(f"{t}" for t in e.terms)
        sections = (*e.sections, Section(title, lines))
        if canonical:
            sections = (*sections, Section("Canonical float terms (not OpenCV's arithmetic)", canonical))
        # the value is OpenCV's: recomputed here from the taps with the kernel's own operations
        return replace(e, value=value, terms=(), offset=0.0, expected=value, sections=sections,
                       summary=f"{e.summary.split(':')[0]}: {value} by OpenCV's arithmetic")


def _area_fast2_value_at(x: np.ndarray, index: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """INTER_LINEAR_EXACT halving both axes (OpenCV's fast INTER_AREA) at one pixel."""
    at = list(index)
    vals = []
    for r in (0, 1):
        for c in (0, 1):
            at[0], at[1] = 2 * index[0] + r, 2 * index[1] + c
            vals.append(int(x[tuple(at)]))
    value = (sum(vals) + 2) >> 2
    return x.dtype.type(value), (
        "INTER_LINEAR_EXACT halving both axes runs OpenCV's fast INTER_AREA: the 2 x 2 block "
        f"rows {2 * index[0]}..{2 * index[0] + 1}, columns {2 * index[1]}..{2 * index[1] + 1}",
        f"({' + '.join(str(v) for v in vals)} + 2) >> 2 = {value}")


def _linear_rule(sx: Any, sy: Any) -> tuple[Filter, str, str]:
    """INTER_LINEAR's ``(filter, coordinate rule, precision rule)``: halving both axes (1 / inv_scale
    within DBL_EPSILON of 2) runs OpenCV's fast INTER_AREA, any other size ``resizeGeneric_``."""
    if opencv_generic.fast_factors(float(sy), float(sx)) == (2, 2):
        return Filter("area", area="coverage"), "asymmetric", "opencv_area_fast"
    return Filter("linear"), "half_pixel", "opencv_generic"


@frontend(_OP)
def resize(src: Any, dsize: Any = None, fx: float = 0, fy: float = 0, interpolation: int = INTER_LINEAR) -> ResizePlan:
    """Resize an image, as ``cv2.resize`` (OpenCV 5.0, ``modules/imgproc/src/resize.cpp``).

    Parameters
    ----------
    src : array_like
        ``(rows, cols)`` or ``(rows, cols, channels)``; uint8, uint16, int16, float32 or float64.
    dsize : (int, int) or None
        ``(width, height)`` of the result; ``(0, 0)`` or None: ``(round(cols * fx), round(rows * fy))``.
    fx, fy : float
        Scale factors, used when ``dsize`` is empty. Then the coordinates use ``1 / fx`` (not
        ``cols / width``).
    interpolation : int
        ``INTER_NEAREST`` (0): ``floor(x * cols / width)`` in double; ``INTER_LINEAR`` (1):
        half-pixel, 2 taps clamped at the edges, no antialias; 8-bit images in fixed point
        (weights in 1/2048); halving both axes runs OpenCV's fast INTER_AREA; ``INTER_CUBIC`` (2):
        Keys a = -0.75, 4 taps clamped; ``INTER_AREA`` (3): pixel-area coverage when shrinking
        both axes (integer factors: the block mean), otherwise OpenCV's two-tap area rule;
        ``INTER_LANCZOS4`` (4): 8 taps, normalised (the arithmetic of each:
        :mod:`arraylens.ops.resize.opencv_generic`); ``INTER_LINEAR_EXACT`` (5): half-pixel, 2 taps,
        OpenCV's bit-exact fixed point on 8- and 16-bit images (weights in 1/2**8 or 1/2**16, see
        :func:`arraylens.ops.resize.fixed_point.opencv_linear_exact_taps`), halving both axes
        through the fast INTER_AREA ``(a + b + c + d + 2) >> 2``, INTER_LINEAR on floats;
        ``INTER_NEAREST_EXACT`` (6): half-pixel nearest in 16.16 fixed point (refused).
        A size equal to the source's (also from ``fx``, ``fy``) copies the image, as cv2 does.

    Exactness (tested against cv2 5.0.0, :mod:`arraylens.ops.resize.opencv_generic`): INTER_LINEAR,
    INTER_CUBIC, INTER_AREA and INTER_LANCZOS4 reproduce OpenCV's own resize.cpp bit for bit on
    every dtype (8-bit fixed point; 16-bit and float32 in float32 with OpenCV's orders of
    summation, the SIMD loop's and the scalar tail's; float64 in double). INTER_NEAREST is
    bit-exact on every dtype, INTER_LINEAR_EXACT on 8- and 16-bit images. cv2 builds with Intel IPP enabled
    (``cv2.ipp.useIPP()``, the PyPI wheels) hand 8-bit INTER_CUBIC, 16-bit and float32
    INTER_LINEAR / INTER_CUBIC and float64 INTER_LINEAR to IPP (``IPP_ROUTED``; 16-bit and float
    INTER_LINEAR halving included): there cv2 differs from OpenCV's own code, and from arraylens,
    by up to one level (floats: float32 rounding, about 3e-6 relative); with
    ``cv2.ipp.setUseIPP(False)`` it equals arraylens.

    Returns
    -------
    ndarray of ``src``'s dtype, ``(height, width)`` or ``(height, width, channels)``
    (a single channel ``(rows, cols, 1)`` comes back as ``(height, width)``, as cv2 returns it).

    Raises
    ------
    ArgumentError
        OpenCV's assertions: ``!ssize.empty()``, ``dsize.area() > 0 || (inv_scale_x > 0 &&
        inv_scale_y > 0)``, ``!dsize.empty()``; an unknown interpolation; an unsupported dtype.
        What arraylens does not reproduce yet, named: INTER_NEAREST_EXACT (cv2 5.0.0's picks
        differ from OpenCV's published 16.16 formula at exact pixel boundaries, e.g. 2 -> 7),
        INTER_AREA shrinking with ``fx``/``fy`` whose size was rounded, INTER_LINEAR_EXACT
        halving an odd size.
    """
    x = np.asarray(src)
    if x.dtype.name not in _DTYPES:
        raise ArgumentTypeError(f"cv2.resize: src data type = {x.dtype.name} is not reproduced by arraylens (it "
                                f"takes {', '.join(_DTYPES)}; OpenCV's INTER_NEAREST also takes int8 and int32)")
    if x.ndim not in (2, 3):
        raise ArgumentError(f"cv2.resize: src must be (rows, cols) or (rows, cols, channels), got shape {x.shape}")
    if x.ndim == 3 and x.shape[2] == 1:
        x = x[:, :, 0]
    if interpolation not in _NAMES:
        raise ArgumentError(f"OpenCV(5.0.0) resize.cpp: error: (-5:Bad argument) Unknown interpolation method "
                            f"in function 'resize' (got {interpolation})")
    h, w = int(x.shape[0]), int(x.shape[1])
    _assert(h > 0 and w > 0, "!ssize.empty()")
    if dsize is None:
        dsize = (0, 0)
    try:
        dw, dh = (int(v) for v in dsize)
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"cv2.resize: dsize must be a (width, height) pair of ints, got {dsize!r}") from None
    fx, fy = float(fx), float(fy)
    from_fx = dw * dh <= 0
    if not from_fx:
        # inv_scale_x = (double)dsize.width / ssize.width: the coordinates use 1. / that double
        sx: Any = dw / w
        sy: Any = dh / h
    else:
        _assert(fx > 0 and fy > 0, "dsize.area() > 0 || (inv_scale_x > 0 && inv_scale_y > 0)")
        dw, dh = _saturate_int(w * fx), _saturate_int(h * fy)
        _assert(dw > 0 and dh > 0, "!dsize.empty()")
        sx, sy = fx, fy
    _assert(dw > 0 and dh > 0, "!dsize.empty()")
    name = _NAMES[interpolation]
    if (dw, dh) == (w, h):  # cv::resize: dsize == ssize copies src, whatever fx, fy and interpolation
        same = (AxisResize.of(h, h, "asymmetric"), AxisResize.of(w, w, "asymmetric"))
        spec = ResizeSpec((0, 1), same, Filter("nearest", rounding="floor"), "clamp", None, Precision("float64"))
        return OpenCVResizePlan(_OP, x, spec, x.dtype, None, name, {0: "rows", 1: "cols"},
                                notes=["dsize equals the source size: cv::resize copies src"])
    arithmetic = "float64"
    fixed = None
    boundary = "clamp"
    coordinate = "half_pixel"
    if interpolation == INTER_NEAREST:
        filt, coordinate = Filter("nearest", rounding="floor"), "asymmetric"
    elif interpolation == INTER_NEAREST_EXACT:
        raise ArgumentError("cv2.resize INTER_NEAREST_EXACT (OpenCV's fixed-point picks) is not reproduced by "
                            "arraylens yet: cv2 5.0.0's picks differ from its 16.16 formula at exact pixel "
                            "boundaries (2 -> 7)")
    elif interpolation == INTER_LINEAR_EXACT and x.dtype.kind == "f":
        filt, coordinate, fixed = _linear_rule(sx, sy)  # cv::resize falls back to INTER_LINEAR for floats
    elif interpolation == INTER_LINEAR_EXACT:
        scale_x, scale_y = 1.0 / float(sx), 1.0 / float(sy)
        fast = (abs(scale_x - _saturate_int(scale_x)) < sys.float_info.epsilon
                and abs(scale_y - _saturate_int(scale_y)) < sys.float_info.epsilon)
        channels = x.shape[2] if x.ndim == 3 else 1
        if fast and _saturate_int(scale_x) == 2 and _saturate_int(scale_y) == 2 and channels != 2:
            if w != 2 * dw or h != 2 * dh:
                raise ArgumentError("cv2.resize INTER_LINEAR_EXACT halving an odd size (OpenCV's fast INTER_AREA "
                                    "with a remainder) is not reproduced by arraylens yet")
            filt, coordinate, fixed = Filter("area", area="coverage"), "asymmetric", "opencv_area_fast2"
        else:
            filt, fixed = Filter("linear"), "opencv_linear_exact"
    elif interpolation == INTER_LINEAR:
        filt, coordinate, fixed = _linear_rule(sx, sy)
    elif interpolation == INTER_CUBIC:
        filt, fixed = Filter("cubic", cubic_a=-0.75), "opencv_generic"
    elif interpolation == INTER_LANCZOS4:
        filt, fixed = Filter("lanczos", lobes=4, normalize=True), "opencv_generic"
    else:
        if sx <= 1 and sy <= 1:  # both axes shrink: the pixel-area path
            if sx != dw / w or sy != dh / h:
                raise ArgumentError("cv2.resize INTER_AREA with fx, fy whose output size is rounded (the area "
                                    "windows then follow 1 / fx, not cols / width) is not reproduced by arraylens "
                                    "yet: pass dsize")
            filt, coordinate = Filter("area", area="coverage"), "asymmetric"
            fixed = "opencv_area" if opencv_generic.fast_factors(float(sy), float(sx)) is None else "opencv_area_fast"
        else:
            filt, fixed = Filter("area", area="coverage"), "opencv_generic"
    rules = (AxisResize.of(h, dh, coordinate, sy), AxisResize.of(w, dw, coordinate, sx))
    spec = ResizeSpec((0, 1), rules, filt, boundary, None, Precision(arithmetic, "multiply", fixed_point=fixed))
    compute = np.float64 if x.dtype == np.float64 else np.float32
    finish = None
    if x.dtype.kind in "iu":

        def finish(r: np.ndarray, dt: Any = x.dtype) -> np.ndarray:
            return r if r.dtype == dt else fixed_point.saturate_cast(r, dt)

    notes = []
    if from_fx:
        notes.append(f"dsize empty: the size is (round(cols * fx), round(rows * fy)) = ({dw}, {dh}); the "
                     "coordinates use 1 / fx and 1 / fy")
    if fixed == "opencv_generic" and interpolation == INTER_AREA:
        notes.append("INTER_AREA with an axis upsampled: OpenCV's two-tap rule sx = floor(x / scale), "
                     "fx = (x + 1) - (sx + 1) * scale, 0 when not positive, else its fraction")
    return OpenCVResizePlan(_OP, x, spec, x.dtype, compute, name, {0: "rows", 1: "cols"}, finish=finish,
                            notes=notes)


def _parse_interpolation(text: str) -> int:
    t = text.strip().upper()
    for value, name in _NAMES.items():
        if t in (name, name.replace("INTER_", ""), str(value)):
            return value
    raise ValueError(f"--interpolation must be one of {', '.join(_NAMES.values())} or 0..6, got {text!r}")


def _parse_dsize(text: str) -> tuple[int, int]:
    parts = [p.strip() for p in text.split(",")]
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise ValueError(f"--dsize must be width,height, got {text!r}") from None
    return w, h


register(Entry(resize.name, resize, "opencv", aliases=("cv.resize",), figure="sampling_grid", cli=Cli((
    Option("--src", "src", "The image (.npy, .npz or .csv), (rows, cols) or (rows, cols, channels).", kind="array",
           required=True, what="src", positional=True),
    Option("--dsize", "dsize", "width,height of the result (0,0: use --fx, --fy).", parse=_parse_dsize),
    Option("--fx", "fx", "Horizontal scale factor (with an empty dsize).", default="0", parse=floats("--fx")),
    Option("--fy", "fy", "Vertical scale factor (with an empty dsize).", default="0", parse=floats("--fy")),
    Option("--interpolation", "interpolation", "INTER_NEAREST, INTER_LINEAR, ... or its value.",
           default="INTER_LINEAR", show_default=True, parse=_parse_interpolation),
), help="Explain one output pixel of cv2.resize: its source coordinate, the input pixels and weights (8-bit "
        "fixed point steps), and what the other libraries give there.", result="shape")))
