"""The canonical form of a resize: per axis a source-coordinate rule, one filter, a boundary rule
and a precision rule.

Every library's resize is one choice of these (see the package docstring for the mapping):

* **coordinate rule** (:class:`AxisResize`): output position ``x`` on an axis of ``out`` maps to
  the source coordinate ``x_src = A * x + B`` with rational ``A`` and ``B`` fixed by the rule,
  the scale used (the given scale factor or ``out / in``), the sizes and the region of interest.
  The rules are ONNX's names (Resize, opset 19+): ``half_pixel``, ``half_pixel_symmetric``,
  ``pytorch_half_pixel``, ``align_corners``, ``asymmetric``, ``tf_crop_and_resize``.
* **filter** (:class:`Filter`): ``nearest`` with its rounding rule (``floor``, ``ceil``,
  ``round_prefer_floor``, ``round_prefer_ceil``); ``linear`` (triangle), ``cubic`` (Keys, with
  its ``a``), ``lanczos`` (with its lobes), ``box``, ``gaussian`` (TensorFlow's, radius 1.5),
  ``mitchell`` (B = C = 1/3), and ``area`` (``adaptive``: PyTorch's integer windows,
  ``coverage``: TensorFlow's fractional overlaps), ``hamming`` (Pillow's HAMMING, radius 1).
  With ``antialias`` the filter is stretched by ``max(1, 1 / scale)`` when downsampling (more
  input pixels per output pixel) and the weights are normalised to sum to 1.
* **boundary rule** (:attr:`ResizeSpec.boundary`): ``clamp`` (a tap outside the input reads
  the edge pixel), ``exclude`` (taps outside get weight 0 and the others are renormalised:
  ONNX's ``exclude_outside``, TensorFlow's half-pixel bicubic, every antialiased resize of
  PyTorch, TensorFlow, JAX and PIL); plus the extrapolation value of ``tf_crop_and_resize``
  (a source coordinate outside ``[0, in - 1]`` gives ``extrapolation_value``).
* **precision rule** (:class:`Precision`): how the source coordinate is computed: ``exact``
  (rational arithmetic: the specification), ``float32`` or ``float64`` with the library's
  order of operations (``multiply``: ``(x + 0.5) * (1 / scale) - 0.5`` as PyTorch and
  TensorFlow compute it with a precomputed inverse; ``divide``: ``(x + 0.5) / scale - 0.5`` as
  onnxruntime does). It matters to nearest-neighbour picks: onnxruntime's float32
  ``32 / (64 / 26)`` is 12.999999 (input row 12), the exact value is 13. ``fixed_point``
  names a library's integer arithmetic for 8-bit images (``None``: floating point): the hook
  the OpenCV and PIL front-ends fill (:mod:`arraylens.ops.resize.kernel`).

The result is separable: the resize is the composition of one 1-D resize per axis.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError

__all__ = [
    "AREA_RULES",
    "BOUNDARIES",
    "COORDINATE_RULES",
    "FILTERS",
    "ONNXRUNTIME_TIE_TOLERANCE",
    "ROUNDING_RULES",
    "AxisResize",
    "Coordinates",
    "Filter",
    "Precision",
    "ResizeSpec",
    "filter_function",
    "filter_radius",
    "nearest_index",
    "onnxruntime_coordinates",
    "round_coordinates",
    "round_half_up",
]

COORDINATE_RULES = ("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
                    "tf_crop_and_resize", "tf_half_pixel_for_nn")
ROUNDING_RULES = ("floor", "ceil", "round_prefer_floor", "round_prefer_ceil")
FILTERS = ("nearest", "linear", "cubic", "lanczos", "box", "gaussian", "mitchell", "area", "hamming", "mks2013",
           "mks2021")
AREA_RULES = ("adaptive", "coverage")
BOUNDARIES = ("clamp", "exclude")
ARITHMETIC = ("exact", "float32", "float64")
SCALE_FORMS = ("multiply", "divide")


def _fraction(value: Any, what: str) -> Fraction:
    try:
        f = Fraction(value) if not isinstance(value, float | np.floating) else Fraction(float(value))
    except (TypeError, ValueError, OverflowError):
        raise ArgumentError(f"{what} must be a finite number, got {value!r}") from None
    return f


@dataclass(frozen=True)
class AxisResize:
    """One resized axis: its sizes, the scale its coordinate rule uses, and the rule.

    Attributes
    ----------
    in_size, out_size : int
        The input and output lengths (``in_size >= 1``, ``out_size >= 0``).
    coordinate : str
        One of :data:`COORDINATE_RULES`.
    scale : Fraction
        ``out / in`` as the library uses it in the coordinate formula: the given scale factor
        (PyTorch's ``scale_factor``, ONNX's ``scales``) or ``Fraction(out, in)``. Exact: a float
        scale is its exact binary value.
    roi : (Fraction, Fraction)
        ``tf_crop_and_resize``'s normalised ``(start, end)``; ``(0, 1)`` otherwise.
    output_width : Fraction or None
        ``half_pixel_symmetric``'s ``output_width`` (``scale * in``, possibly fractional); None
        means ``out_size``.
    step : Fraction or None
        The multiplier of the ``half_pixel`` and ``asymmetric`` formulas where it is not
        ``1 / scale``: PyTorch's antialiased kernel with ``align_corners=True`` centres its taps
        at ``(x + 0.5) * (in - 1) / (out - 1) - 0.5`` (0 for an output of 1). None: ``1 / scale``.
    repeat_first : bool
        Every output position takes position 0's source coordinate and taps (PyTorch 2.13's
        antialiased CPU kernel does this to the rows when the output width is 1).
    """

    in_size: int
    out_size: int
    coordinate: str
    scale: Fraction
    roi: tuple[Fraction, Fraction] = (Fraction(0), Fraction(1))
    output_width: Fraction | None = None
    step: Fraction | None = None
    repeat_first: bool = False

    def __post_init__(self) -> None:
        if self.coordinate not in COORDINATE_RULES:
            raise ArgumentError(f"coordinate rule {self.coordinate!r} is not one of {', '.join(COORDINATE_RULES)}")
        if self.in_size < 1:
            raise ArgumentError(f"cannot resize an axis of size {self.in_size}: the input must be non-empty")
        if self.out_size < 0:
            raise ArgumentError(f"output size {self.out_size} is negative")
        if not self.scale > 0:
            raise ArgumentError(f"scale {self.scale} must be positive")

    @classmethod
    def of(cls, in_size: int, out_size: int, coordinate: str, scale: Any = None,
           roi: tuple[Any, Any] = (0, 1), output_width: Any = None) -> AxisResize:
        """Build from plain numbers: ``scale`` None means ``out / in``; floats are taken exactly."""
        if int(in_size) < 1:
            raise ArgumentError(f"cannot resize an axis of size {in_size}: the input must be non-empty")
        s = Fraction(out_size, in_size) if scale is None else _fraction(scale, "scale")
        if s == 0 and out_size == 0:
            s = Fraction(1, in_size)  # an empty output: any positive scale, nothing is sampled
        r = (_fraction(roi[0], "roi start"), _fraction(roi[1], "roi end"))
        w = None if output_width is None else _fraction(output_width, "output width")
        return cls(int(in_size), int(out_size), coordinate, s, r, w)

    @property
    def downsampling(self) -> bool:
        """Whether the scale is below 1."""
        return self.scale < 1

    def affine(self) -> tuple[Fraction, Fraction]:
        """``(A, B)`` with ``x_src = A * x + B`` exactly (the specification's formula)."""
        n, m, s = self.in_size, self.out_size, self.scale
        rule = self.coordinate
        if self.step is not None and rule in ("asymmetric", "half_pixel"):
            return self.step, (Fraction(0) if rule == "asymmetric" else self.step / 2 - Fraction(1, 2))
        if rule == "asymmetric":
            return 1 / s, Fraction(0)
        if rule == "half_pixel":
            return 1 / s, Fraction(1, 2) / s - Fraction(1, 2)
        if rule == "tf_half_pixel_for_nn":
            return 1 / s, Fraction(1, 2) / s
        if rule == "pytorch_half_pixel":
            return (1 / s, Fraction(1, 2) / s - Fraction(1, 2)) if m > 1 else (Fraction(0), Fraction(0))
        if rule == "half_pixel_symmetric":
            width = self.output_width if self.output_width is not None else s * n
            adjustment = Fraction(m) / width if width else Fraction(1)
            offset = Fraction(n, 2) * (1 - adjustment)
            return 1 / s, offset + Fraction(1, 2) / s - Fraction(1, 2)
        if rule == "align_corners":
            return (Fraction(n - 1, m - 1), Fraction(0)) if m > 1 else (Fraction(0), Fraction(0))
        start, end = self.roi  # tf_crop_and_resize
        if m > 1:
            return (end - start) * (n - 1) / (m - 1), start * (n - 1)
        return Fraction(0), (start + end) / 2 * (n - 1)

    def formula(self, x: int, precision: Precision | None = None) -> str:
        """The rule's formula with ``x`` and the sizes filled in, and its exact value:
        ``"half_pixel: x_src = (3 + 0.5) / 2 - 0.5 = 1.25"``."""
        n, m, s = self.in_size, self.out_size, self.scale
        rule = self.coordinate
        sc = _num(s)
        value = self.coordinates(np.array([x]), precision or Precision()).value[0]
        val = _value(value)
        if self.repeat_first and x != 0:
            return (f"every output position repeats position 0 (PyTorch's antialiased kernel with an output width "
                    f"of 1): x_src = {val}")
        if self.step is not None and rule in ("asymmetric", "half_pixel"):
            st = _num(self.step)
            if rule == "asymmetric":
                return f"asymmetric: x_src = {x} * {st} = {val}"
            return f"half_pixel: x_src = ({x} + 0.5) * {st} - 0.5 = {val}"
        if rule == "asymmetric":
            return f"asymmetric: x_src = {x} / {sc} = {val}"
        if rule == "half_pixel":
            return f"half_pixel: x_src = ({x} + 0.5) / {sc} - 0.5 = {val}"
        if rule == "tf_half_pixel_for_nn":
            return f"tf_half_pixel_for_nn: x_src = ({x} + 0.5) / {sc} = {val}"
        if rule == "pytorch_half_pixel":
            if m > 1:
                return f"pytorch_half_pixel: x_src = ({x} + 0.5) / {sc} - 0.5 = {val}"
            return "pytorch_half_pixel: the output has length 1, so x_src = 0"
        if rule == "half_pixel_symmetric":
            _a, b = self.affine()
            off = b - Fraction(1, 2) / s + Fraction(1, 2)
            return f"half_pixel_symmetric: x_src = {_num(off)} + ({x} + 0.5) / {sc} - 0.5 = {val}"
        if rule == "align_corners":
            if m > 1:
                return f"align_corners: x_src = {x} * ({n} - 1) / ({m} - 1) = {val}"
            return "align_corners: the output has length 1, so x_src = 0"
        start, end = self.roi
        if m > 1:
            return (f"tf_crop_and_resize: x_src = {_num(start)} * ({n} - 1) + {x} * ({_num(end)} - {_num(start)}) "
                    f"* ({n} - 1) / ({m} - 1) = {val}")
        return f"tf_crop_and_resize: x_src = 0.5 * ({_num(start)} + {_num(end)}) * ({n} - 1) = {val}"

    def coordinates(self, x: np.ndarray, precision: Precision) -> Coordinates:
        """The source coordinates of output positions ``x`` under ``precision``."""
        x = np.asarray(x, dtype=np.int64)
        if self.repeat_first:
            x = np.zeros_like(x)
        if precision.runtime == "onnxruntime":
            return onnxruntime_coordinates(self, x)
        if precision.arithmetic == "exact":
            return _exact_coordinates(self, x)
        return _float_coordinates(self, x, precision)


def _num(v: Any) -> str:
    """A number in a formula: exact fractions as a short decimal."""
    f = float(v)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return f"{f:.6g}"


def _value(v: Any) -> str:
    """A computed coordinate: up to 9 significant digits, so that a float32 12.999999 is not shown as 13."""
    f = float(v)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return f"{f:.9g}"


@dataclass(frozen=True)
class Coordinates:
    """Source coordinates of a run of output positions, with what rounding needs exactly.

    Attributes
    ----------
    floor : ndarray of int64
        ``floor(x_src)``.
    frac : ndarray of float64
        ``x_src - floor(x_src)`` in ``[0, 1)``.
    half : ndarray of int8
        The sign of ``frac - 1/2`` (exact: a tie is 0; under ``Precision(runtime='onnxruntime')``
        a fraction within 1e-6 of 1/2 is a tie, as onnxruntime rounds).
    value : ndarray of float64
        ``x_src`` (rounded to float64).
    """

    floor: np.ndarray
    frac: np.ndarray
    half: np.ndarray
    value: np.ndarray


def _exact_coordinates(ax: AxisResize, x: np.ndarray) -> Coordinates:
    a, b = ax.affine()
    d = a.denominator * b.denominator // math.gcd(a.denominator, b.denominator)
    na, nb = a.numerator * (d // a.denominator), b.numerator * (d // b.denominator)
    big = max(abs(na), abs(nb), d) * (int(x.max(initial=0)) + 2) >= 2**62
    xs: Any = x.astype(object) if big else x
    num = xs * na + nb
    fl = num // d
    rem = num - fl * d
    half = np.sign(2 * rem - d).astype(np.int8)
    frac = np.array([float(Fraction(int(r), d)) for r in rem]) if big else rem / d
    floor = fl.astype(np.int64)
    value = floor + frac
    return Coordinates(floor, np.asarray(frac, dtype=np.float64), half, np.asarray(value, dtype=np.float64))


def _float_coordinates(ax: AxisResize, x: np.ndarray, precision: Precision) -> Coordinates:
    t: Any = np.float32 if precision.arithmetic == "float32" else np.float64
    n, m, s = ax.in_size, ax.out_size, ax.scale
    rule = ax.coordinate
    xf = x.astype(t)
    half_ = t(0.5)
    divide = precision.scale_form == "divide"
    scale_t = t(float(s))
    # 1 / scale in double, then the library's float (PyTorch's compute_scales_value)
    inv_t = t(float(1 / s if ax.step is None else ax.step))
    if ax.step is not None:
        divide = False
    with np.errstate(all="ignore"):
        if rule in ("asymmetric",):
            v = xf / scale_t if divide else xf * inv_t
        elif rule in ("half_pixel", "pytorch_half_pixel"):
            if rule == "pytorch_half_pixel" and m <= 1:
                v = np.zeros_like(xf)
            else:
                v = ((xf + half_) / scale_t if divide else (xf + half_) * inv_t) - half_
        elif rule == "tf_half_pixel_for_nn":
            v = (xf + half_) / scale_t if divide else (xf + half_) * inv_t
        elif rule == "half_pixel_symmetric":
            _a, b = ax.affine()
            off = t(float(b - Fraction(1, 2) / s + Fraction(1, 2)))
            v = off + ((xf + half_) / scale_t if divide else (xf + half_) * inv_t) - half_
        elif rule == "align_corners":
            if m <= 1:
                v = np.zeros_like(xf)
            elif divide:
                v = xf * t(n - 1) / t(m - 1)
            else:
                v = xf * (t(n - 1) / t(m - 1))
        else:
            start, end = t(float(ax.roi[0])), t(float(ax.roi[1]))
            if m > 1:
                v = start * t(n - 1) + xf * (end - start) * t(n - 1) / t(m - 1)
            else:
                v = half_ * (start + end) * t(n - 1)
    v = np.broadcast_to(np.asarray(v, dtype=t), xf.shape)
    fl = np.floor(v)
    frac = (v - fl).astype(np.float64)
    half = np.sign(frac - 0.5).astype(np.int8)
    return Coordinates(fl.astype(np.int64), frac, half, v.astype(np.float64))


#: onnxruntime 1.32's CPU Resize takes a nearest pick's ``x_original`` as a half when its
#: fraction is within this of 1/2 (``round_prefer_floor`` / ``round_prefer_ceil``; measured).
ONNXRUNTIME_TIE_TOLERANCE = 1e-6


def onnxruntime_coordinates(ax: AxisResize, x: np.ndarray) -> Coordinates:
    """Source coordinates as onnxruntime 1.32's CPU Resize computes them
    (``GetOriginalCoordinateFromResizedCoordinate`` in ``upsamplebase.h``, and its nearest
    rounding), for ``Precision(runtime='onnxruntime')``.

    * Every rule in float32 dividing by the float32 scale (``(x + 0.5f) / scale - 0.5f``), as
      ``Precision('float32', 'divide')``, except ``half_pixel_symmetric``: its
      ``output_width = scale * in``, ``adjustment = out / output_width`` and ``offset = (in / 2)
      * (1 - adjustment)`` are float32, but ``(x + 0.5) / scale - 0.5`` is double (the literal
      ``0.5`` is a double), the sum rounded to float once.
    * Near-halves are halves: where ``|frac - 1/2| <= 1e-6`` (:data:`ONNXRUNTIME_TIE_TOLERANCE`)
      ``half`` is 0, so ``round_prefer_floor`` takes the floor and ``round_prefer_ceil`` the
      ceiling (float32 ``14.5 + 1 ulp`` is a half; ``17.5 - 2 ulp``, 1.9e-6 away, is not). Measured against
      onnxruntime 1.32 on every size pair 1..64 and every coordinate rule: all 33,012 picks
      within 1e-3 of a half agree (onnxruntime's source, microsoft/onnxruntime#28291's fix,
      is not in the reference snapshot; the tolerance is the one its WebGPU fix #28757 names).
      ``floor`` and ``ceil`` read ``x_original`` as it is (26 -> 64 asymmetric: 12.999999 -> 12).
    """
    if ax.coordinate == "half_pixel_symmetric" and not ax.repeat_first and ax.step is None:
        f32 = np.float32
        n, m = ax.in_size, ax.out_size
        scale = f32(float(ax.scale))
        output_width = f32(scale * f32(n))
        adjustment = f32(f32(m) / output_width)
        offset = f32(f32(n) / f32(2) * (f32(1) - adjustment))
        xs = np.asarray(x, dtype=np.int64).astype(np.float64)
        v = (float(offset) + (xs + 0.5) / float(scale) - 0.5).astype(np.float32)
        fl = np.floor(v)
        frac = (v - fl).astype(np.float64)
        c = Coordinates(fl.astype(np.int64), frac, np.sign(frac - 0.5).astype(np.int8), v.astype(np.float64))
    else:
        c = ax.coordinates(x, Precision("float32", "divide"))
    near = np.abs(np.float32(c.frac) - np.float32(0.5)) <= np.float32(ONNXRUNTIME_TIE_TOLERANCE)
    return Coordinates(c.floor, c.frac, np.where(near, 0, c.half).astype(np.int8), c.value)


def nearest_index(c: Coordinates, rounding: str, in_size: int) -> np.ndarray:
    """The input index a nearest-neighbour pick reads: ``x_src`` rounded by ``rounding``
    (:func:`round_coordinates`), then clamped to ``[0, in_size - 1]``."""
    return np.clip(round_coordinates(c, rounding), 0, in_size - 1).astype(np.intp)


def round_coordinates(c: Coordinates, rounding: str) -> np.ndarray:
    """``x_src`` rounded to an integer by ``rounding``, not clamped.

    ``floor`` and ``ceil`` as named; ``round_prefer_floor`` rounds halves down (ONNX's default),
    ``round_prefer_ceil`` rounds halves up (``floor(x_src + 0.5)``: PyTorch's ``nearest-exact``,
    TensorFlow 2's nearest, JAX's nearest).
    """
    if rounding == "floor":
        idx = c.floor
    elif rounding == "ceil":
        idx = c.floor + (c.frac > 0)
    elif rounding == "round_prefer_floor":
        idx = c.floor + (c.half > 0)
    elif rounding == "round_prefer_ceil":
        idx = c.floor + (c.half >= 0)
    else:
        raise ArgumentError(f"rounding rule {rounding!r} is not one of {', '.join(ROUNDING_RULES)}")
    return np.asarray(idx, dtype=np.int64)


def round_half_up(value: Any) -> int:
    """``floor(value + 1/2)`` exactly (ONNX's ``round_int``)."""
    return math.floor(_fraction(value, "value") + Fraction(1, 2))


# ----------------------------------------------------------------------------------------------
# Filters
# ----------------------------------------------------------------------------------------------

def _triangle(x: np.ndarray) -> np.ndarray:
    return np.maximum(0.0, 1.0 - np.abs(x))


def _keys(a: float) -> Callable[[np.ndarray], np.ndarray]:
    def f(x: np.ndarray) -> np.ndarray:
        ax = np.abs(x)
        near = ((a + 2) * ax - (a + 3)) * ax * ax + 1
        far = ((a * ax - 5 * a) * ax + 8 * a) * ax - 4 * a
        return np.where(ax <= 1, near, np.where(ax < 2, far, 0.0))
    return f


def _lanczos(lobes: int) -> Callable[[np.ndarray], np.ndarray]:
    def f(x: np.ndarray) -> np.ndarray:
        return np.where(np.abs(x) < lobes, np.sinc(x) * np.sinc(x / lobes), 0.0)
    return f


def _box(x: np.ndarray) -> np.ndarray:
    ax = np.abs(x)
    return np.where(ax < 0.5, 1.0, np.where(ax == 0.5, 0.5, 0.0))


def _hamming(x: np.ndarray) -> np.ndarray:
    """Pillow's HAMMING: ``sinc(x) * (0.54f + 0.46f * cos(pi x))`` on ``|x| < 1`` (its constants are
    C floats, kept as float32 values)."""
    ax = np.abs(x)
    t = ax * np.pi
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.sin(t) / t * (float(np.float32(0.54)) + float(np.float32(0.46)) * np.cos(t))
    return np.where(ax == 0, 1.0, np.where(ax >= 1, 0.0, w))


def _gaussian(x: np.ndarray) -> np.ndarray:
    sigma = 0.5  # TensorFlow's: radius 1.5 = 3 sigma
    return np.where(np.abs(x) < 1.5, np.exp(-x * x / (2 * sigma * sigma)), 0.0)


def _mitchell(x: np.ndarray) -> np.ndarray:
    ax = np.abs(x)
    near = ((7 / 6 * ax - 2) * ax) * ax + 8 / 9
    far = ((-7 / 18 * ax + 2) * ax - 10 / 3) * ax + 16 / 9
    return np.where(ax < 1, near, np.where(ax < 2, far, 0.0))


def _mks2013(x: np.ndarray) -> np.ndarray:
    """Magic Kernel Sharp 2013 (J. Costella; Pillow 13.0's MKS2013): the quadratic B-spline
    sharpened, piecewise quadratic on ``|x| < 2.5``: ``17/16 - 7/4 x**2`` below 1/2,
    ``(1 - x) (7/4 - x)`` below 3/2, ``-(x - 5/2)**2 / 8`` below 5/2. Evaluated as Pillow's
    ``mks_2013_filter`` (Resample.c, python-pillow/Pillow#8811) in double, operation by operation
    (``7/4 * (x * x)``, not ``(7/4 * x) * x``: the last bit of the weights)."""
    ax = np.abs(x)
    return np.where(ax < 0.5, 17 / 16 - 7 / 4 * (ax * ax),
                    np.where(ax < 1.5, (1 - ax) * (7 / 4 - ax),
                             np.where(ax < 2.5, -1 / 8 * ((ax - 5 / 2) * (ax - 5 / 2)), 0.0)))


def _mks2021(x: np.ndarray) -> np.ndarray:
    """Magic Kernel Sharp 2021 (J. Costella; Pillow 13.0's MKS2021): piecewise quadratic on
    ``|x| < 4.5``, pieces on ``[0, 1/2), [1/2, 3/2), ..., [7/2, 9/2)``: ``577/576 - 239/144 x**2``,
    ``35/36 (x - 1) (x - 239/140)``, ``1/6 (x - 2) (65/24 - x)``, ``1/36 (x - 3) (x - 15/4)``,
    ``-(x - 9/2)**2 / 288``. Evaluated as Pillow's ``mks_2021_filter`` (Resample.c,
    python-pillow/Pillow#8811) in double, in these factored forms, left to right (the expanded
    polynomials differ in the last bit of the weights)."""
    ax = np.abs(x)
    x2 = ax * ax
    return np.where(ax < 0.5, 577 / 576 - 239 / 144 * x2,
                    np.where(ax < 1.5, 35 / 36 * (ax - 1) * (ax - 239 / 140),
                             np.where(ax < 2.5, 1 / 6 * (ax - 2) * (65 / 24 - ax),
                                      np.where(ax < 3.5, 1 / 36 * (ax - 3) * (ax - 15 / 4),
                                               np.where(ax < 4.5, -1 / 288 * ((ax - 9 / 2) * (ax - 9 / 2)),
                                                        0.0)))))


@dataclass(frozen=True)
class Filter:
    """The interpolation filter of a resize.

    Attributes
    ----------
    kind : str
        One of :data:`FILTERS`.
    rounding : str
        ``nearest``'s rounding rule (:data:`ROUNDING_RULES`).
    cubic_a : float
        ``cubic``'s Keys coefficient (-0.75 PyTorch and ONNX, -0.5 TensorFlow 2, JAX and PIL).
    lobes : int
        ``lanczos``'s radius (3 or 5 in TensorFlow and JAX, 3 in PIL, 4 in OpenCV).
    antialias : bool
        Stretch the filter by ``max(1, 1 / scale)`` when downsampling and normalise the weights.
    area : str
        ``area``'s window rule: ``adaptive`` (PyTorch: ``[floor(i * in / out), ceil((i + 1) *
        in / out))``, equal weights) or ``coverage`` (TensorFlow's resize_area: each input
        pixel weighted by its overlap with ``[i * in / out, (i + 1) * in / out)``).
    normalize : bool
        Divide the weights by their sum even without antialiasing (TensorFlow's and JAX's
        scale_and_translate kernels do).
    """

    kind: str
    rounding: str = "floor"
    cubic_a: float = -0.75
    lobes: int = 3
    antialias: bool = False
    area: str = "adaptive"
    normalize: bool = False

    def __post_init__(self) -> None:
        if self.kind not in FILTERS:
            raise ArgumentError(f"filter {self.kind!r} is not one of {', '.join(FILTERS)}")
        if self.rounding not in ROUNDING_RULES:
            raise ArgumentError(f"rounding rule {self.rounding!r} is not one of {', '.join(ROUNDING_RULES)}")
        if self.area not in AREA_RULES:
            raise ArgumentError(f"area rule {self.area!r} is not one of {', '.join(AREA_RULES)}")
        if self.kind == "lanczos" and self.lobes < 1:
            raise ArgumentError(f"lanczos needs at least one lobe, got {self.lobes}")

    def describe(self) -> str:
        """The filter in words: ``"cubic (a = -0.75)"``."""
        if self.kind == "nearest":
            return f"nearest ({self.rounding})"
        if self.kind == "cubic":
            return f"cubic (a = {_num(self.cubic_a)})"
        if self.kind == "lanczos":
            return f"lanczos{self.lobes}"
        if self.kind == "area":
            return f"area ({self.area})"
        return self.kind


def filter_function(f: Filter) -> Callable[[np.ndarray], np.ndarray]:
    """The continuous kernel ``k(t)`` of ``f`` (float64, vectorised); not for nearest/area."""
    if f.kind == "linear":
        return _triangle
    if f.kind == "cubic":
        return _keys(f.cubic_a)
    if f.kind == "lanczos":
        return _lanczos(f.lobes)
    if f.kind == "box":
        return _box
    if f.kind == "gaussian":
        return _gaussian
    if f.kind == "mitchell":
        return _mitchell
    if f.kind == "hamming":
        return _hamming
    if f.kind == "mks2013":
        return _mks2013
    if f.kind == "mks2021":
        return _mks2021
    raise ValueError(f"{f.kind} has no continuous kernel")


def filter_radius(f: Filter) -> float:
    """Half the support of ``f``'s kernel (before any antialias stretch)."""
    return {"linear": 1.0, "cubic": 2.0, "box": 0.5, "gaussian": 1.5, "mitchell": 2.0,
            "lanczos": float(f.lobes), "hamming": 1.0, "mks2013": 2.5, "mks2021": 4.5}.get(f.kind, 0.5)


@dataclass(frozen=True)
class Precision:
    """How the source coordinates (and, later, the sums) are computed.

    Attributes
    ----------
    arithmetic : {'exact', 'float32', 'float64'}
        The arithmetic of the coordinate formula.
    scale_form : {'multiply', 'divide'}
        ``multiply``: by the precomputed inverse ``1 / scale`` (PyTorch, TensorFlow, OpenCV);
        ``divide``: by ``scale`` (onnxruntime).
    fixed_point : str or None
        None: floating-point weights and sums. Otherwise the name of a library's integer
        arithmetic registered with :func:`arraylens.ops.resize.kernel.register_fixed_point`
        (``"opencv_generic"``, ``"pil"``, ...): a library's own arithmetic.
    weight_table : int or None
        The filter is read from a table of ``weight_table + 1`` fractions: the fractional part
        of ``x_src`` is rounded (half to even) to a multiple of ``1 / weight_table`` first
        (TensorFlow's ResizeBicubic: 1024). None: evaluated exactly.
    runtime : {None, 'onnxruntime'}
        A runtime's own coordinate code where it departs from the plain formula in
        ``arithmetic`` (:func:`onnxruntime_coordinates`). None: the plain formula.
    """

    arithmetic: str = "exact"
    scale_form: str = "multiply"
    fixed_point: str | None = None
    weight_table: int | None = None
    runtime: str | None = None

    def __post_init__(self) -> None:
        if self.arithmetic not in ARITHMETIC:
            raise ArgumentError(f"arithmetic {self.arithmetic!r} is not one of {', '.join(ARITHMETIC)}")
        if self.scale_form not in SCALE_FORMS:
            raise ArgumentError(f"scale form {self.scale_form!r} is not one of {', '.join(SCALE_FORMS)}")
        if self.weight_table is not None and self.weight_table < 1:
            raise ArgumentError(f"a weight table needs at least one step, got {self.weight_table}")
        if self.runtime not in (None, "onnxruntime"):
            raise ArgumentError(f"runtime {self.runtime!r} is not None or 'onnxruntime'")


@dataclass(frozen=True)
class ResizeSpec:
    """A resize in canonical form.

    Attributes
    ----------
    axes : tuple of int
        The array axes resized (non-negative, increasing); the others are kept.
    resizes : tuple of AxisResize
        One per entry of ``axes``.
    filter : Filter
    boundary : {'clamp', 'exclude'}
        What a tap outside the input does (see the module docstring).
    extrapolation_value : float or None
        ``tf_crop_and_resize``: the value of an output whose source coordinate is outside
        ``[0, in - 1]`` on some axis; None: no extrapolation (clamped).
    precision : Precision
    """

    axes: tuple[int, ...]
    resizes: tuple[AxisResize, ...]
    filter: Filter
    boundary: str = "clamp"
    extrapolation_value: float | None = None
    precision: Precision = field(default_factory=Precision)

    def __post_init__(self) -> None:
        if len(self.axes) != len(self.resizes):
            raise ArgumentError(f"{len(self.axes)} axes but {len(self.resizes)} axis rules")
        if list(self.axes) != sorted(set(self.axes)) or any(a < 0 for a in self.axes):
            raise ArgumentError(f"resized axes {self.axes} must be distinct, non-negative and increasing")
        if self.boundary not in BOUNDARIES:
            raise ArgumentError(f"boundary rule {self.boundary!r} is not one of {', '.join(BOUNDARIES)}")

    def output_shape(self, shape: Sequence[int]) -> tuple[int, ...]:
        """``shape`` with each resized axis replaced by its output size.

        Raises
        ------
        ArgumentError
            If an axis rule's input size is not the array's.
        """
        out = list(shape)
        for k, r in zip(self.axes, self.resizes, strict=True):
            if k >= len(shape) or shape[k] != r.in_size:
                raise ArgumentError(f"axis {k} of the input has size {shape[k] if k < len(shape) else None}, "
                                    f"the resize expects {r.in_size}")
            out[k] = r.out_size
        return tuple(out)

    def stretch(self, r: AxisResize) -> Fraction:
        """The antialias stretch of axis ``r``: ``max(1, 1 / scale)`` with antialiasing, else 1."""
        if self.filter.antialias and r.scale < 1:
            return 1 / r.scale
        return Fraction(1)

    def describe_axis(self, r: AxisResize) -> str:
        """The rules of one axis in words."""
        parts = [self.filter.describe(), r.coordinate, f"{r.in_size} -> {r.out_size}"]
        if self.filter.antialias and r.scale < 1:
            parts.append(f"antialiased: filter stretched x{_num(1 / r.scale)}")
        return ", ".join(parts)
