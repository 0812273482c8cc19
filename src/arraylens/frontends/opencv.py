"""OpenCV front-end: ``cv2.resize`` with OpenCV 5.0's arithmetic.

Arrays in OpenCV's layout: ``(rows, cols)`` or ``(rows, cols, channels)``; ``dsize`` is
``(width, height)``. The interpolation constants have cv2's integer values.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from arraylens.core.dtypes import native_byte_order
from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation, Section
from arraylens.core.frontend import check_index, frontend
from arraylens.core.registry import Cli, Entry, Option, register
from arraylens.core.text import format_ref, format_scalar
from arraylens.frontends._resize import floats
from arraylens.frontends._resize_integer import SaturatingResizePlan
from arraylens.ops.resize import fixed_point, opencv_generic, opencv_ipp
from arraylens.ops.resize.explain import explain_resize
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
#: What cv::resize 5.0 takes (measured): every interpolating mode the 8-bit, 16-bit and float images;
#: INTER_NEAREST and INTER_NEAREST_EXACT (pixel copies) also int8, int32, uint32, float16 and bool;
#: INTER_LINEAR_EXACT also int8 and int32 (bit-exact fixed point). Others fail OpenCV's
#: ``func != 0`` (``func != 0 && cn <= 4`` for INTER_AREA shrinking).
_DTYPES = ("uint8", "uint16", "int16", "float32", "float64")
_NEAREST_DTYPES = (*_DTYPES, "int8", "int32", "uint32", "float16", "bool")
_LINEAR_EXACT_DTYPES = (*_DTYPES, "int8", "int32")
_OP = "cv2.resize"


def _assert(ok: bool, expr: str) -> None:
    if not ok:
        raise ArgumentError(f"OpenCV(5.0.0) resize.cpp: error: (-215:Assertion failed) {expr} in function 'resize'")


_CN_MAX = 128  # OpenCV 5's CV_CN_MAX (512 in OpenCV 4)


def _bad_argument(reason: str, err: type[ArgumentError] = ArgumentTypeError) -> ArgumentError:
    """cv2's binding refusal, one line: its ``Overload resolution failed`` with the first reason."""
    return err(f"OpenCV(5.0.0) :-1: error: (-5:Bad argument) in function 'resize': {reason}")


def _binding_args(x: np.ndarray, dsize: Any, fx: Any, fy: Any, interpolation: Any) -> tuple[Any, float, float, int]:
    """The arguments as cv2 5.0's Python binding parses them, in its order (src, dsize, fx, fy,
    interpolation), then ``_src.size()``'s ``m->dims <= 2``: ``src`` of 1 to 128 channels (0 can
    not be wrapped; more make a 3-d Mat), ``dsize`` None or a length-2 sequence of int32 integers
    (not bool, not float), ``fx``/``fy`` numbers (None: 0), ``interpolation`` an integer (not bool,
    not float; None: INTER_LINEAR). Returns ``(dsize, fx, fy, interpolation)`` as plain numbers."""
    cn = x.shape[2] if x.ndim == 3 else 1
    if cn == 0:
        raise _bad_argument(f"src unable to wrap channels, invalid count (0, must be in [1, {_CN_MAX}])", ArgumentError)
    if dsize is not None:
        if not hasattr(dsize, "__len__") or isinstance(dsize, str | bytes):
            raise _bad_argument("Can't parse 'dsize'. Input argument doesn't provide sequence protocol")
        try:  # cv2 iterates the sequence: the rows of a 2-d array are not integers
            items = list(dsize)
        except TypeError:  # a 0-d array
            raise _bad_argument("Can't parse 'dsize'. Input argument doesn't provide sequence protocol") from None
        if len(items) != 2:
            raise _bad_argument(f"Can't parse 'dsize'. Expected sequence length 2, got {len(items)}")
        for k, v in enumerate(items):
            if (isinstance(v, bool | np.bool_) or not isinstance(v, int | np.integer)
                    or not -(2**31) <= int(v) < 2**31):
                raise _bad_argument(f"Can't parse 'dsize'. Sequence item with index {k} has a wrong type")
        dsize = (int(items[0]), int(items[1]))
    scales = []
    for name, v in (("fx", fx), ("fy", fy)):
        if v is None:
            v = 0.0
        if isinstance(v, bool | np.bool_):
            raise _bad_argument(f"Argument '{name}' must be double, not bool")
        if not isinstance(v, int | float | np.integer | np.floating):
            raise _bad_argument(f"Argument '{name}' can not be treated as a double")
        scales.append(float(v))
    if interpolation is None:
        interpolation = INTER_LINEAR
    if isinstance(interpolation, bool | np.bool_):
        raise _bad_argument("Argument 'interpolation' must be integer, not bool")
    if not isinstance(interpolation, int | np.integer):
        raise _bad_argument("Argument 'interpolation' is required to be an integer")
    if cn > _CN_MAX:
        raise ArgumentError("OpenCV(5.0.0) matrix_wrap.cpp:511: error: (-215:Assertion failed) m->dims <= 2 in "
                            f"function 'size' (an image of {cn} channels is a 3-d Mat: at most {_CN_MAX} channels)")
    return dsize, scales[0], scales[1], int(interpolation)


def _saturate_int(v: float) -> int:
    """``saturate_cast<int>(double)``: round half to even, saturate to int32."""
    if math.isnan(v):
        return 0
    r = round(v) if math.isfinite(v) else (2**31 - 1 if v > 0 else -(2**31))
    return max(-(2**31), min(2**31 - 1, int(r)))


class OpenCVResizePlan(SaturatingResizePlan):
    """A ``cv2.resize`` plan: the explanation adds OpenCV's fixed-point steps on 8-bit images."""

    def explain(self, at: Any) -> Explanation:
        rule = self.spec.precision.fixed_point
        if rule in _OWN_RULES:
            return self._explain_own(at, *_OWN_RULES[rule])
        e = super().explain(at)
        if rule not in ("opencv_linear_exact", "opencv_generic"):
            return e
        index = check_index(at, self.output_shape())
        if rule == "opencv_generic":
            value, lines = opencv_generic.value_at(self.x, self.spec, index)
        else:
            value, lines = fixed_point.opencv_linear_exact_value_at(self.x, self.spec, index)
        title = "OpenCV's arithmetic" + (" (8-bit fixed point)" if self.x.dtype == np.uint8 else "")
        if (self.spec.filter.kind, self.x.dtype.name) in opencv_generic.IPP_ROUTED and rule == "opencv_generic":
            lines = (*lines, "cv2 builds with Intel IPP enabled (cv2.ipp.useIPP(), the PyPI wheels) compute this "
                     "resize with IPP instead, which can differ by one level (floats: in the last float32 bits)")
        if self.spec.filter.kind == "area" and rule == "opencv_generic":
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

    def _explain_own(self, at: Any, value_at: Any, title: str) -> Explanation:
        """The explanation of a path whose taps are OpenCV's own (not the canonical filter's): the
        value and the comparisons with the other libraries are OpenCV's, the canonical taps and
        terms stay for reference."""
        index = check_index(at, self.output_shape())
        value, lines = value_at(self.x, self.spec, index)
        e = explain_resize(self.op, self.x, self.spec, index, self.out_dtype, self.compute_dtype, self.label,
                           self.axis_names, value)
        sections = [sec for sec in e.sections if sec.title != "Terms"]
        if self.notes:
            sections.append(Section("Notes", self.notes))
        sections.append(Section(title, lines))
        if e.terms:
            sections.append(Section("Canonical terms (not OpenCV's windows or arithmetic)",
                                    tuple(str(t) for t in e.terms)))
        return replace(e, value=value, terms=(), offset=0.0, expected=value, sections=tuple(sections),
                       summary=f"{format_ref('out', index)} = {format_scalar(value)}: {self.label} by OpenCV's "
                               "arithmetic")


#: The paths whose explanation is OpenCV's own: rule -> (value_at, section title).
_OWN_RULES = {
    "opencv_nearest_exact": (fixed_point.opencv_nearest_exact_value_at,
                             "OpenCV's picks (resizeNN_bitexact_tab: Pillow's running sum in double)"),
    "opencv_area_fast": (opencv_generic.value_at, "OpenCV's arithmetic (fast INTER_AREA, resizeAreaFast_)"),
    "opencv_area": (opencv_generic.value_at, "OpenCV's arithmetic (INTER_AREA, resizeArea_)"),
    "opencv_ipp_linear16": (opencv_ipp.ipp_linear16_value_at, "Intel IPP's arithmetic (cv2 with IPP on)"),
    "opencv_ipp_linear32f": (opencv_ipp.ipp_linear32f_value_at, "Intel IPP's arithmetic (cv2 with IPP on)"),
    "opencv_ipp_linear64f": (opencv_ipp.ipp_linear64f_value_at, "Intel IPP's arithmetic (cv2 with IPP on)"),
    "opencv_ipp_cubic32": (opencv_ipp.ipp_cubic32_value_at, "Intel IPP's arithmetic (cv2 with IPP on)"),
    "opencv_ipp_cubic8": (opencv_ipp.ipp_cubic8_value_at, "Intel IPP's arithmetic (cv2 with IPP on)"),
    "opencv_ipp_cubic16": (opencv_ipp.ipp_cubic16_value_at, "Intel IPP's arithmetic (cv2 with IPP on)"),
}


def _halving(sx: Any, sy: Any) -> bool:
    """Both of OpenCV's scales ``1 / inv_scale`` are 2 (``is_area_fast``, ``iscale == 2``); ``sx``,
    ``sy`` are ``inv_scale_x``, ``inv_scale_y``."""
    return opencv_generic.fast_factors(float(sy), float(sx)) == (2, 2)


def _halved_as_area(x: np.ndarray, interpolation: int, sx: Any, sy: Any) -> bool:
    """Whether cv::resize 5.0 runs this linear resize halving both axes as the fast INTER_AREA
    (blocks cut by an odd edge when fx = fy = 0.5): INTER_LINEAR (and INTER_LINEAR_EXACT on
    floats, which falls back to it) always; INTER_LINEAR_EXACT on integer images but 2-channel
    ones (OpenCV's fast area path is not its bit-exact linear there). cv2 builds with Intel IPP
    take 16-bit and float INTER_LINEAR before this shortcut (:data:`opencv_generic.IPP_ROUTED`)."""
    if interpolation not in (INTER_LINEAR, INTER_LINEAR_EXACT) or not _halving(sx, sy):
        return False
    cn = x.shape[2] if x.ndim == 3 else 1
    return not (interpolation == INTER_LINEAR_EXACT and x.dtype.kind != "f" and cn == 2)


def _ipp_takes(x: np.ndarray, interpolation: int, ipp: bool, from_fx: bool, dw: int, dh: int, fx: float,
               fy: float) -> bool:
    """Whether cv2 with Intel IPP on computes this resize with IPP's ``IwiResize`` and arraylens
    reproduces it (:data:`opencv_ipp.IPP_REPRODUCED`): not for a source under
    :data:`opencv_ipp.IPP_MIN_SOURCE` rows or columns (linear 2, cubic 4) nor for 2 or more than
    4 channels (cv2 then gives OpenCV's own values, measured), nor for a
    size from ``fx``, ``fy`` whose ratio differs from them by more than 1e-10 relative
    (``ipp_hal_resize`` runs ``IwiWarpAffine`` there, not reproduced: OpenCV's own arithmetic is
    kept)."""
    kind = {INTER_LINEAR: "linear", INTER_CUBIC: "cubic"}.get(interpolation)
    if interpolation == INTER_LINEAR_EXACT and x.dtype.name in ("float32", "float64"):
        kind = "linear"  # cv::resize turns float INTER_LINEAR_EXACT into INTER_LINEAR before the HAL (IPP)
    cn = x.shape[2] if x.ndim == 3 else 1
    if not ipp or kind is None or (kind, x.dtype.name) not in opencv_ipp.IPP_REPRODUCED:
        return False
    if min(x.shape[0], x.shape[1]) < opencv_ipp.IPP_MIN_SOURCE[kind]:
        return False
    if cn not in (1, 3, 4):  # IwiResize's channel counts; cv2 gives OpenCV's own values for the others
        return False
    if from_fx:
        h, w = x.shape[0], x.shape[1]
        return abs(dw / w - fx) / fx <= 1e-10 and abs(dh / h - fy) / fy <= 1e-10
    return True


def _check_dtype(x: np.ndarray, interpolation: int, name: str, sx: Any, sy: Any) -> None:
    """cv::resize's choice of a function for the image's type (``func != 0``), in OpenCV's words;
    ``sx``, ``sy`` are OpenCV's ``inv_scale_x``, ``inv_scale_y``."""
    dt = x.dtype.name
    if interpolation in (INTER_NEAREST, INTER_NEAREST_EXACT):
        return
    cn = x.shape[2] if x.ndim == 3 else 1
    fast = opencv_generic.fast_factors(float(sy), float(sx)) is not None
    if (interpolation in (INTER_LINEAR, INTER_LINEAR_EXACT) and _halving(sx, sy)
            and not (interpolation == INTER_LINEAR_EXACT and cn == 2)):  # the switch that decides the refusal
        interpolation = INTER_AREA  # halving both axes: cv::resize runs the fast INTER_AREA
    if interpolation == INTER_AREA and 1.0 / float(sx) >= 1 and 1.0 / float(sy) >= 1:
        if fast and dt not in _DTYPES:
            raise ArgumentTypeError("OpenCV(5.0.0) resize.cpp:4035: error: (-215:Assertion failed) func != 0 in "
                                    f"function 'resize' ({name} at integer scales runs the fast INTER_AREA, which "
                                    f"has no function for {dt} images)")
        if not fast and (dt not in _DTYPES or cn > 4):
            raise ArgumentTypeError("OpenCV(5.0.0) resize.cpp:4054: error: (-215:Assertion failed) func != 0 && cn "
                                    f"<= 4 in function 'resize' (INTER_AREA shrinking takes {', '.join(_DTYPES)} "
                                    f"images of at most 4 channels, got {dt} with {cn})")
        return
    if interpolation == INTER_LINEAR_EXACT and dt not in _LINEAR_EXACT_DTYPES:
        raise ArgumentTypeError("OpenCV(5.0.0) resize.cpp:3994: error: (-215:Assertion failed) func != 0 in "
                                f"function 'resize' ({name} has no function for {dt} images)")
    if dt not in _DTYPES and interpolation != INTER_LINEAR_EXACT:
        raise ArgumentTypeError("OpenCV(5.0.0) resize.cpp:4095: error: (-215:Assertion failed) func != 0 in "
                                f"function 'resize' ({name} has no function for {dt} images)")


@frontend(_OP)
def resize(src: Any, dsize: Any = None, fx: float = 0, fy: float = 0, interpolation: int = INTER_LINEAR,
           ipp: bool = True) -> ResizePlan:
    """Resize an image, as ``cv2.resize`` (OpenCV 5.0, ``modules/imgproc/src/resize.cpp``).

    Parameters
    ----------
    src : array_like
        ``(rows, cols)`` or ``(rows, cols, channels)``; a 1-d array is one row ``(1, cols)``, as
        cv2 5.0's binding reads it. uint8, uint16, int16, float32 or float64
        with every interpolation; INTER_NEAREST and INTER_NEAREST_EXACT also int8, int32,
        uint32, float16 and bool; INTER_LINEAR_EXACT also int8 and int32 (as cv2 5.0 takes them).
    dsize : (int, int) or None
        ``(width, height)`` of the result; ``(0, 0)`` or None: ``(round(cols * fx), round(rows * fy))``.
    fx, fy : float
        Scale factors, used when ``dsize`` is empty. Then the coordinates use ``1 / fx`` (not
        ``cols / width``).
    interpolation : int
        ``INTER_NEAREST`` (0): ``floor(x * cols / width)`` in double; ``INTER_LINEAR`` (1):
        half-pixel, 2 taps clamped at the edges, no antialias; halving both axes (``is_area_fast``
        with scale 2) OpenCV's fast INTER_AREA instead; ``INTER_CUBIC`` (2): Keys a = -0.75, 4
        taps clamped; ``INTER_AREA`` (3): shrinking both axes OpenCV's pixel-area windows of ``1 /
        inv_scale`` (with ``fx``, ``fy`` the windows of ``1 / fx``, the last one cut when the size
        was rounded), at integer scales the fast INTER_AREA (block means; blocks cut by the edge
        averaged over the pixels inside), otherwise OpenCV's two-tap area rule;
        ``INTER_LANCZOS4`` (4): 8 taps, normalised (the arithmetic of each:
        :mod:`arraylens.ops.resize.opencv_generic`); ``INTER_LINEAR_EXACT`` (5): half-pixel, 2
        taps, OpenCV's bit-exact fixed point on integer images (weights in 1/2**8 for uint8,
        1/2**16 for int8 and 16-bit, 1/2**32 for int32, see
        :func:`arraylens.ops.resize.fixed_point.opencv_linear_exact_taps`), halving both axes (but
        2-channel images) through the fast INTER_AREA ``(a + b + c + d + 2) >> 2`` (an odd size
        halved by ``fx = fy = 0.5``: the cut blocks ``(float)sum / count``, half to even),
        INTER_LINEAR on floats; ``INTER_NEAREST_EXACT`` (6): the source index ``floor(f)``, ``f``
        running from ``in / out * 0.5`` by steps of ``in / out`` in double (OpenCV 5's
        ``resizeNN_bitexact_tab``, Pillow's NEAREST; not OpenCV 4's 16.16 formula), ``in / out``
        also when the size came from ``fx``, ``fy``.
        A size equal to the source's (also from ``fx``, ``fy``) copies the image, as cv2 does.
    ipp : bool
        True (default): follow cv2 with Intel IPP on (``cv2.ipp.useIPP()``, the PyPI wheels'
        default) where arraylens reproduces IPP (:data:`arraylens.ops.resize.opencv_ipp.IPP_RULES`):
        INTER_LINEAR on uint16, int16, float32 and float64 images, halving included, and
        INTER_CUBIC on uint8, uint16, int16 and float32 images
        (:mod:`arraylens.ops.resize.opencv_ipp`), but for
        a source of one row or one column (INTER_CUBIC: under 4 rows or columns) or of 2 or more
        than 4 channels and a size from ``fx``, ``fy`` not equal to their ratio (cv2 runs
        OpenCV's own code, resp. IPP's warpAffine, not reproduced). False: OpenCV's own
        resize.cpp everywhere (cv2 after ``cv2.ipp.setUseIPP(False)``).

    Exactness (tested against cv2 5.0.0): with ``ipp=True`` INTER_LINEAR on 16-bit and float
    images and INTER_CUBIC on 8-bit, 16-bit and float32 images are bit-exact against default cv2
    (IPP on) as above, but for infinities on the replicated border rows or columns of float INTER_LINEAR
    (cv2 gives ``inf`` where arraylens's fused formula gives NaN), and for float64 INTER_LINEAR
    with ``fx``/``fy`` a few ulps off the size ratio (``fx=0.1 * 23`` for 10 -> 23 columns: cv2's
    IPP coordinate there is not reproduced; arraylens gives the ``dsize`` result, a few ulps
    away). INTER_LINEAR, INTER_CUBIC, INTER_AREA and
    INTER_LANCZOS4 reproduce OpenCV's own resize.cpp bit for bit on every dtype
    (:mod:`arraylens.ops.resize.opencv_generic`: 8-bit fixed point; 16-bit and float32 in
    float32 with OpenCV's orders of summation, the SIMD loop's and the scalar tail's; float64 in
    double), ``fx``, ``fy`` included; INTER_NEAREST and INTER_NEAREST_EXACT are bit-exact on
    every dtype, INTER_LINEAR_EXACT on integer images. cv2 builds with Intel IPP enabled
    (``cv2.ipp.useIPP()``, the PyPI wheels) hand 8-bit INTER_CUBIC, 16-bit and float32
    INTER_LINEAR / INTER_CUBIC and float64 INTER_LINEAR to IPP (``IPP_ROUTED``; INTER_LINEAR
    halving included). Where ``ipp=True`` does not reproduce IPP (sizes from ``fx``, ``fy`` not
    equal to their ratio, IPP's warpAffine) arraylens computes OpenCV's own code, from which cv2
    differs by up to one level (floats: float32 rounding, about 3e-6 relative); with
    ``cv2.ipp.setUseIPP(False)`` and ``ipp=False`` it equals arraylens.

    Returns
    -------
    ndarray of ``src``'s dtype, ``(height, width)`` or ``(height, width, channels)``
    (a single channel ``(rows, cols, 1)`` comes back as ``(height, width)``, as cv2 returns it).

    Raises
    ------
    ArgumentError
        OpenCV's assertions: ``!ssize.empty()``, ``dsize.area() > 0 || (inv_scale_x > 0 &&
        inv_scale_y > 0)``, ``!dsize.empty()``; an unknown interpolation; cv2 5.0's binding: an
        image of 0 channels ("src unable to wrap channels, invalid count (0, must be in [1,
        128])"), of more than 128, or of 4 or more dimensions (``m->dims <= 2``).
    ArgumentTypeError
        cv2's binding: ``dsize`` not a pair of int32 integers ("Can't parse 'dsize'. Sequence
        item with index 0 has a wrong type"), ``interpolation`` not an integer ("Argument
        'interpolation' is required to be an integer"), ``fx``/``fy`` not numbers.
        A dtype the interpolation has no function for, in OpenCV's words and line
        (``func != 0`` at 3994 for INTER_LINEAR_EXACT, 4035 for the fast INTER_AREA, 4095 for
        the other modes; ``func != 0 && cn <= 4`` at 4054 for INTER_AREA shrinking at other
        scales, also for more than 4 channels); a dtype cv::resize never takes (int64: cv2's
        binding converts it to int32 first, arraylens does not).
    """
    # a byte-swapped array (a '>u2' .npy file): resized by its values, as the native array; cv2's
    # binding ignores the byte order and resizes the raw bytes read as native values
    x = native_byte_order(np.asarray(src))
    if x.dtype.name not in _NEAREST_DTYPES:
        raise ArgumentTypeError(f"cv2.resize: src data type = {x.dtype.name} is not one cv::resize takes (it takes "
                                f"{', '.join(_NEAREST_DTYPES)}; cv2's binding converts int64 to int32 first)")
    if x.ndim == 1:  # cv2 5.0's binding reads a 1-d array as one row (1, cols) (measured)
        x = x[None, :]
    if x.ndim > 3:  # cv2's binding makes an n-d Mat, which cv::resize's size() refuses
        raise ArgumentError("OpenCV(5.0.0) matrix_wrap.cpp:511: error: (-215:Assertion failed) m->dims <= 2 in "
                            f"function 'size' (src of shape {x.shape})")
    if x.ndim == 0:
        raise ArgumentError(f"cv2.resize: src must be (rows, cols) or (rows, cols, channels), got shape {x.shape}")
    dsize, fx, fy, interpolation = _binding_args(x, dsize, fx, fy, interpolation)
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
    _check_dtype(x, interpolation, name, sx, sy)
    by_ipp = _ipp_takes(x, interpolation, bool(ipp), from_fx, dw, dh, fx, fy)
    arithmetic = "float64"
    fixed = None
    boundary = "clamp"
    coordinate = "half_pixel"
    if interpolation == INTER_NEAREST:
        filt, coordinate = Filter("nearest", rounding="floor"), "asymmetric"
    elif interpolation == INTER_NEAREST_EXACT:
        # floor((x + 0.5) * in / out) exactly, up to the double running sum OpenCV computes it with
        filt, fixed = Filter("nearest", rounding="round_prefer_ceil"), "opencv_nearest_exact"
        sx, sy = dw / w, dh / h  # the picks use in / out, also when the size came from fx, fy
    elif by_ipp:  # the rule from opencv_ipp.IPP_RULES; IPP takes INTER_LINEAR before the halving shortcut
        kind = "cubic" if interpolation == INTER_CUBIC else "linear"
        filt = Filter("cubic", cubic_a=-0.75) if kind == "cubic" else Filter("linear")
        fixed = opencv_ipp.IPP_RULES[(kind, x.dtype.name)]
    elif _halved_as_area(x, interpolation, sx, sy):
        filt, coordinate, fixed = Filter("area", area="coverage"), "asymmetric", "opencv_area_fast"
    elif interpolation == INTER_LINEAR_EXACT and x.dtype.kind != "f":
        filt, fixed = Filter("linear"), "opencv_linear_exact"
    elif interpolation in (INTER_LINEAR, INTER_LINEAR_EXACT):  # cv::resize falls back to INTER_LINEAR for floats
        filt, fixed = Filter("linear"), "opencv_generic"
    elif interpolation == INTER_CUBIC:
        filt, fixed = Filter("cubic", cubic_a=-0.75), "opencv_generic"
    elif interpolation == INTER_LANCZOS4:
        filt, fixed = Filter("lanczos", lobes=4, normalize=True), "opencv_generic"
    else:
        if sx <= 1 and sy <= 1:  # both axes shrink: the pixel-area path
            filt, coordinate = Filter("area", area="coverage"), "asymmetric"
            # OpenCV's windows of 1 / inv_scale (1 / fx: the last one cut when the size was rounded), or
            # the fast INTER_AREA at integer scales
            fast = opencv_generic.fast_factors(float(sy), float(sx)) is not None
            fixed = "opencv_area_fast" if fast else "opencv_area"
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
