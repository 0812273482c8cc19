"""TensorFlow's image resizes: ``tf.image.resize`` and TF1's ``tf.compat.v1.image.resize_*``.

Measured against tensorflow-cpu 2.21 (CPU kernels):

* ``tf.image.resize`` (TF2): bilinear = ResizeBilinear with half-pixel centres; nearest =
  ResizeNearestNeighbor, ``floor((x + 0.5) * in / out)`` in float32 (half_pixel,
  round_prefer_ceil); bicubic = ResizeBicubic with half-pixel centres: Keys a = -0.5, taps
  outside the image excluded and the rest renormalised; area = ResizeArea (fractional
  coverage); lanczos3, lanczos5, gaussian, mitchellcubic and every ``antialias=True`` call =
  ScaleAndTranslate (half_pixel, weights normalised, taps outside excluded; with antialias the
  kernel is stretched by ``in / out`` when downsampling). The result is float32 except for
  nearest (the input's dtype); the arithmetic is float32.
* TF1 (``tf.compat.v1.image.resize_bilinear``, ``resize_nearest_neighbor``, ``resize_bicubic``):
  asymmetric coordinates by default (``x * in / out``), ``align_corners=True``
  (``x * (in - 1) / (out - 1)``; nearest rounds half up) or ``half_pixel_centers=True``; both
  True is TensorFlow's error. Bicubic is a = -0.75 with clamped taps except with half-pixel
  centres (as TF2). 4-d input only.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.registry import Cli, Entry, Option, ints, register
from arraylens.frontends._dtypes import _tf_name, tf_read
from arraylens.frontends._resize import optional_bool
from arraylens.ops.resize.plan import ResizePlan
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec

__all__ = ["compat", "image", "resize", "resize_bicubic", "resize_bilinear", "resize_nearest_neighbor"]

METHODS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")
_RESIZE_TYPES = "int8, uint8, int16, uint16, int32, int64, half, float, double, bfloat16"
_SCALE_TYPES = "int8, uint8, int16, uint16, int32, int64, bfloat16, half, float, double"
_ALLOWED = {"ResizeBilinear": _SCALE_TYPES + ", bfloat16", "ResizeNearestNeighbor": _RESIZE_TYPES,
            "ResizeBicubic": _RESIZE_TYPES, "ResizeArea": _RESIZE_TYPES, "ScaleAndTranslate": _SCALE_TYPES}
_OK_KINDS = {"int8", "uint8", "int16", "uint16", "int32", "int64", "float16", "float32", "float64", "bfloat16"}
#: ResizeBicubic reads its weights from a table of 1024 steps of the fraction (rounded by lrintf)
BICUBIC_TABLE = 1024


def _op_error(message: str, op: str) -> ArgumentError:
    return ArgumentError(f"{message} [Op:{op}]")


def _images(images: Any) -> np.ndarray:
    x = tf_read(images)
    if x.dtype.kind not in "biufc" and x.dtype.name != "bfloat16":
        raise ArgumentTypeError(f"images must be a numeric tensor, got {x.dtype}")
    return x


def _size(size: Any) -> tuple[int, int]:
    try:
        arr = np.asarray(size)
    except (TypeError, ValueError):
        raise ArgumentError("'size' must be a 1-D int32 Tensor") from None
    if arr.dtype.kind not in "iu" or arr.ndim > 1:
        raise ArgumentError("'size' must be a 1-D int32 Tensor")
    if arr.shape != (2,):
        raise ArgumentError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    values = [int(v) for v in arr]
    for v in values:
        if not -(2**31) <= v < 2**31:
            raise ArgumentError("'size' must be a 1-D int32 Tensor")
    return values[0], values[1]


def _kernel_checks(x: np.ndarray, h: int, w: int, op: str) -> None:
    """The kernel's dtype, channel, input-size and output-size checks, in the kernel's order."""
    if x.dtype.name not in _OK_KINDS:
        raise ArgumentTypeError(f"Value for attr 'T' of {_tf_name(x.dtype)} is not in the list of allowed values: "
                                f"{_ALLOWED[op]}")
    checks = [(x.shape[3] == 0, "image must have at least one channel"),
              (x.shape[1] == 0 or x.shape[2] == 0, "input image must be of non-zero size"),
              (h <= 0 or w <= 0, "output dimensions must be positive")]
    if op == "ScaleAndTranslate":  # checks the output size first
        checks = [checks[2], checks[0], checks[1]]
    for failed, message in checks:
        if failed:
            raise _op_error(message, op)


@lru_cache(maxsize=256)
def _spec(axes: tuple[int, int], ins: tuple[int, int], outs: tuple[int, int], coordinate: str, filt: Filter,
          boundary: str, table: int | None, float_scale: bool) -> ResizeSpec:
    """The spec of a resize of ``ins`` to ``outs``, one object per set of arguments (kept: a
    repeated call hands the kernel the spec it has prepared before)."""
    # ScaleAndTranslate receives the scale as float32(out) / float32(in) and inverts that rounded value
    rules = tuple(AxisResize.of(n, m, coordinate, np.float32(m) / np.float32(n) if float_scale and n > 0 else None)
                  for n, m in zip(ins, outs, strict=True))
    return ResizeSpec(axes, rules, filt, boundary, None, Precision("float32", "multiply", weight_table=table))


def _plan(op: str, x: np.ndarray, batched: bool, h: int, w: int, coordinate: str, filt: Filter, boundary: str,
          label: str, nearest_keeps_dtype: bool, table: int | None = None, float_scale: bool = False) -> ResizePlan:
    axes = (1, 2) if batched else (0, 1)
    ins = (int(x.shape[axes[0]]), int(x.shape[axes[1]]))
    spec = _spec(axes, ins, (h, w), coordinate, filt, boundary, table, float_scale)
    out = x.dtype if nearest_keeps_dtype else np.dtype(np.float32)
    names = {axes[0]: "H", axes[1]: "W"}
    return ResizePlan(op, x, spec, out, np.float32, label, names)


@frontend("tf.image.resize")
def resize(images: Any, size: Any, method: str = "bilinear", preserve_aspect_ratio: bool = False,
           antialias: bool = False, name: str | None = None) -> ResizePlan:
    """Resize images, as ``tf.image.resize`` (TensorFlow 2.21).

    Parameters
    ----------
    images : array_like
        ``(batch, height, width, channels)`` or ``(height, width, channels)`` (NHWC).
        int8, uint8, int16, uint16, int32, int64, float16, float32, float64 (bfloat16 where
        NumPy has it).
    size : sequence of 2 int
        ``(new_height, new_width)``.
    method : {'bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'}
    preserve_aspect_ratio : bool
        Scale both sides by ``min(new_h / h, new_w / w)`` and round (float32, half to even).
    antialias : bool
        Stretch the filter by ``in / out`` when downsampling (not for nearest and area).
    name : str, optional
        Accepted for signature compatibility; unused.

    Returns
    -------
    ndarray, float32 (nearest: the input's dtype), ``(batch, new_h, new_w, channels)``. The
    values are within float32 tolerance of TensorFlow's (its kernels sum in another order:
    measured up to about 2e-6 relative, 1.7e-4 on values near 100), not bit for bit; nearest
    picks are exact.

    Raises
    ------
    ValueError
        TensorFlow's messages: "'images' must have either 3 or 4 dimensions.", "'size' must be
        a 1-D Tensor of 2 elements: new_height, new_width", "Resize method is not implemented:
        foo", "output dimensions must be positive [Op:ResizeBilinear]", ...
    """
    x = _images(images)
    if x.ndim not in (3, 4):
        raise ArgumentError("'images' must have either 3 or 4 dimensions.")
    h, w = _size(size)
    batched = x.ndim == 4
    x4 = x if batched else x[None]
    if preserve_aspect_ratio:
        f32 = np.float32
        sh, sw = f32(h) / f32(x4.shape[1]), f32(w) / f32(x4.shape[2])
        s = min(sh, sw)
        h, w = int(np.round(s * f32(x4.shape[1]))), int(np.round(s * f32(x4.shape[2])))
    method = str(getattr(method, "value", method))
    if method not in METHODS:
        raise ArgumentError(f"Resize method is not implemented: {method}")
    scale_translate = method in ("lanczos3", "lanczos5", "gaussian", "mitchellcubic") or (
        antialias and method in ("bilinear", "bicubic"))
    op = {"bilinear": "ResizeBilinear", "nearest": "ResizeNearestNeighbor", "bicubic": "ResizeBicubic",
          "area": "ResizeArea"}.get(method, "ScaleAndTranslate")
    if scale_translate:
        op = "ScaleAndTranslate"
    _kernel_checks(x4, h, w, op)
    label = method + (", antialias=True" if antialias and method not in ("nearest", "area") else "")
    if scale_translate:
        kinds = {"bilinear": Filter("linear", antialias=antialias, normalize=True),
                 "bicubic": Filter("cubic", cubic_a=-0.5, antialias=antialias, normalize=True),
                 "lanczos3": Filter("lanczos", lobes=3, antialias=antialias, normalize=True),
                 "lanczos5": Filter("lanczos", lobes=5, antialias=antialias, normalize=True),
                 "gaussian": Filter("gaussian", antialias=antialias, normalize=True),
                 "mitchellcubic": Filter("mitchell", antialias=antialias, normalize=True)}
        return _plan("tf.image.resize", x, batched, h, w, "half_pixel", kinds[method], "exclude", label, False,
                     float_scale=True)
    if method == "bilinear":
        return _plan("tf.image.resize", x, batched, h, w, "half_pixel", Filter("linear"), "clamp", label, False)
    if method == "nearest":
        return _plan("tf.image.resize", x, batched, h, w, "half_pixel", Filter("nearest", rounding="round_prefer_ceil"),
                     "clamp", label, True)
    if method == "bicubic":
        return _plan("tf.image.resize", x, batched, h, w, "half_pixel", Filter("cubic", cubic_a=-0.5), "exclude",
                     label, False, BICUBIC_TABLE)
    return _plan("tf.image.resize", x, batched, h, w, "asymmetric", Filter("area", area="coverage"), "clamp", label,
                 False)


def _v1(op_name: str, raw: str, images: Any, size: Any, align_corners: bool, half_pixel_centers: bool,
        kind: str) -> ResizePlan:
    x = _images(images)
    h, w = _size(size)
    if x.ndim != 4:
        raise _op_error(f"input must be 4-dimensional{list(x.shape)}".replace(" ", ""), raw)
    _kernel_checks(x, h, w, raw)
    if align_corners and half_pixel_centers:
        raise _op_error("If half_pixel_centers is True, align_corners must be False.", raw)
    coordinate = "align_corners" if align_corners else "half_pixel" if half_pixel_centers else "asymmetric"
    flags = f"align_corners={align_corners}, half_pixel_centers={half_pixel_centers}"
    if kind == "nearest":
        rounding = "round_prefer_ceil" if align_corners or half_pixel_centers else "floor"
        return _plan(op_name, x, True, h, w, coordinate, Filter("nearest", rounding=rounding), "clamp",
                     f"nearest, {flags}", True)
    if kind == "linear":
        return _plan(op_name, x, True, h, w, coordinate, Filter("linear"), "clamp", f"bilinear, {flags}", False)
    if half_pixel_centers:
        return _plan(op_name, x, True, h, w, coordinate, Filter("cubic", cubic_a=-0.5), "exclude",
                     f"bicubic, {flags}", False, BICUBIC_TABLE)
    return _plan(op_name, x, True, h, w, coordinate, Filter("cubic", cubic_a=-0.75), "clamp", f"bicubic, {flags}",
                 False, BICUBIC_TABLE)


_V1_DOC = """Resize 4-d NHWC images, as ``tf.compat.v1.image.{name}`` (TensorFlow 2.21's {raw}).

    Parameters
    ----------
    images : array_like
        ``(batch, height, width, channels)``.
    size : sequence of 2 int
        ``(new_height, new_width)``.
    align_corners : bool
        ``x_src = x * (in - 1) / (out - 1)``.
    half_pixel_centers : bool
        ``x_src = (x + 0.5) * in / out - 0.5``; with neither flag, ``x * in / out`` (asymmetric).
    name : str, optional
        Accepted for signature compatibility; unused.

    Returns
    -------
    ndarray: {dtype}.

    Raises
    ------
    ValueError
        "If half_pixel_centers is True, align_corners must be False. [Op:{raw}]", "input must be
        4-dimensional[...]", "output dimensions must be positive", TensorFlow's dtype message.
    """


@frontend("tf.compat.v1.image.resize_bilinear")
def resize_bilinear(images: Any, size: Any, align_corners: bool = False, name: str | None = None,
                    half_pixel_centers: bool = False) -> ResizePlan:
    return _v1("tf.compat.v1.image.resize_bilinear", "ResizeBilinear", images, size, align_corners,
               half_pixel_centers, "linear")


@frontend("tf.compat.v1.image.resize_nearest_neighbor")
def resize_nearest_neighbor(images: Any, size: Any, align_corners: bool = False, name: str | None = None,
                            half_pixel_centers: bool = False) -> ResizePlan:
    return _v1("tf.compat.v1.image.resize_nearest_neighbor", "ResizeNearestNeighbor", images, size, align_corners,
               half_pixel_centers, "nearest")


@frontend("tf.compat.v1.image.resize_bicubic")
def resize_bicubic(images: Any, size: Any, align_corners: bool = False, name: str | None = None,
                   half_pixel_centers: bool = False) -> ResizePlan:
    return _v1("tf.compat.v1.image.resize_bicubic", "ResizeBicubic", images, size, align_corners,
               half_pixel_centers, "cubic")


resize_bilinear.__doc__ = _V1_DOC.format(name="resize_bilinear", raw="ResizeBilinear", dtype="float32")
resize_nearest_neighbor.__doc__ = _V1_DOC.format(name="resize_nearest_neighbor", raw="ResizeNearestNeighbor",
                                                 dtype="the input's dtype")
resize_bicubic.__doc__ = _V1_DOC.format(name="resize_bicubic", raw="ResizeBicubic",
                                        dtype="float32 (a = -0.75, clamped; with half_pixel_centers a = -0.5, "
                                              "taps outside excluded)")

#: ``arraylens.tensorflow.image``: ``image.resize``.
image = SimpleNamespace(resize=resize, ResizeMethod=SimpleNamespace(
    BILINEAR="bilinear", NEAREST_NEIGHBOR="nearest", BICUBIC="bicubic", AREA="area", LANCZOS3="lanczos3",
    LANCZOS5="lanczos5", GAUSSIAN="gaussian", MITCHELLCUBIC="mitchellcubic"))
#: ``arraylens.tensorflow.compat.v1.image``: the TF1 resizes.
compat = SimpleNamespace(v1=SimpleNamespace(image=SimpleNamespace(
    resize_bilinear=resize_bilinear, resize_nearest_neighbor=resize_nearest_neighbor, resize_bicubic=resize_bicubic)))


def _size_option() -> Option:
    return Option("--size", "size", "new_height,new_width.", required=True, parse=ints("--size"), positional=True)


register(Entry(resize.name, resize, "tensorflow", figure="sampling_grid", cli=Cli((
    Option("--images", "images", "NHWC or HWC images (.npy, .npz or .csv).", kind="array", required=True,
           what="images", positional=True),
    _size_option(),
    Option("--method", "method", "The resize method.", default="bilinear", show_default=True, choices=METHODS),
    Option("--preserve-aspect-ratio", "preserve_aspect_ratio", "Keep the aspect ratio.", kind="flag"),
    Option("--antialias", "antialias", "Antialias when downsampling.", kind="flag"),
), help="Explain one output pixel of tf.image.resize: its source coordinate, input pixels and weights, and what "
        "the other libraries give there.", result="shape")))

for _fn in (resize_bilinear, resize_nearest_neighbor, resize_bicubic):
    register(Entry(_fn.name, _fn, "tensorflow", figure="sampling_grid",
                   aliases=(_fn.name.replace("tf.compat.v1.image.", "tf.image."),), cli=Cli((
                       Option("--images", "images", "NHWC images (.npy, .npz or .csv).", kind="array", required=True,
                              what="images", positional=True),
                       _size_option(),
                       Option("--align-corners", "align_corners", "true or false.", default="false",
                              parse=optional_bool("--align-corners")),
                       Option("--half-pixel-centers", "half_pixel_centers", "true or false.", default="false",
                              parse=optional_bool("--half-pixel-centers")),
                   ), help=f"Explain one output pixel of {_fn.name} (TF1: asymmetric coordinates by default).",
                       result="shape")))
