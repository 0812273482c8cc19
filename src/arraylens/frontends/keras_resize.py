"""Keras 3's resizing layers on the TensorFlow backend: ``keras.layers.UpSampling2D`` and
``keras.layers.Resizing`` (their ``call``), imported by :mod:`arraylens.frontends.keras`.

Source of the semantics: ``keras.src.layers.reshaping.up_sampling2d`` (nearest is ``ops.repeat``
along H then W; the other interpolations call ``ops.image.resize`` with the size multiplied),
``keras.src.layers.preprocessing.image_preprocessing.resizing`` (the images are cast to the
layer's float32 compute dtype first) and ``keras.src.backend.tensorflow.image.resize`` (crop or
pad to the target aspect ratio, then ``tf.image.resize``), Keras 3.15.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.explanation import Explanation, Section
from arraylens.core.frontend import check_index, frontend
from arraylens.core.registry import Cli, Entry, Option, int_or_ints, register
from arraylens.frontends import tensorflow_image
from arraylens.frontends._dtypes import keras_autocast
from arraylens.frontends._resize_integer import SaturatingResizePlan
from arraylens.ops.resize import fixed_point
from arraylens.ops.resize.fixed_point import saturate_cast
from arraylens.ops.resize.plan import ResizePlan
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec

__all__ = ["resizing", "upsampling2d"]

#: keras.src.backend.tensorflow.image.RESIZE_INTERPOLATIONS
RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def _data_format(data_format: str | None) -> str:
    fmt = "channels_last" if data_format is None else str(data_format).lower()
    if fmt not in ("channels_last", "channels_first"):
        raise ArgumentError("The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
                            f"Received: data_format={data_format}")
    return fmt


def _to_last(x: np.ndarray, channels_first: bool) -> np.ndarray:
    if not channels_first:
        return x
    return np.moveaxis(x, -3, -1)


def _back(plan: ResizePlan, op: str, x: np.ndarray, channels_first: bool, out_dtype: Any = None) -> ResizePlan:
    """The TF plan on channels-last data, re-expressed on the caller's layout."""
    spec = plan.spec
    if channels_first:
        spec = dataclasses.replace(spec, axes=tuple(a + 1 for a in spec.axes))
    names = {spec.axes[0]: "H", spec.axes[1]: "W"}
    return ResizePlan(op, x, spec, plan.out_dtype if out_dtype is None else out_dtype, plan.compute_dtype,
                      plan.label, names, plan.finish, plan.notes)


@frontend("keras.layers.UpSampling2D")
def upsampling2d(x: Any, size: Any = (2, 2), data_format: str | None = None,
                 interpolation: str = "nearest") -> ResizePlan:
    """``keras.layers.UpSampling2D(size, data_format, interpolation)(x)`` (Keras 3, TensorFlow backend).

    Parameters
    ----------
    x : array_like
        4-D: ``(N, H, W, C)`` (channels_last, the default) or ``(N, C, H, W)``.
    size : int or (int, int)
        The upsampling factors for rows and columns.
    data_format : {'channels_last', 'channels_first'}, optional
    interpolation : {'nearest', 'bilinear', 'bicubic', 'lanczos3', 'lanczos5'}
        ``nearest`` repeats each pixel (``ops.repeat``, dtype kept); the others call
        ``tf.image.resize`` to ``(H * size[0], W * size[1])`` (float32 result).

    Returns
    -------
    ndarray ``(N, H * size[0], W * size[1], C)`` (or channels-first).

    Raises
    ------
    ArgumentError
        Keras's messages: a rank other than 4 ("Input 0 of layer \\"up_sampling2d\\" is incompatible
        with the layer: expected ndim=4, found ndim=3."), a bad ``data_format``.
    """
    fmt = _data_format(data_format)
    arr = keras_autocast(np.asarray(x))
    if arr.ndim != 4:
        raise ArgumentError(f'Input 0 of layer "up_sampling2d" is incompatible with the layer: expected ndim=4, '
                            f"found ndim={arr.ndim}. Full shape received: {arr.shape}")
    sz = (int(size), int(size)) if isinstance(size, int | np.integer) else tuple(int(s) for s in size)
    if len(sz) != 2:
        raise ArgumentError(f"The `size` argument must be a tuple of 2 integers. Received: size={size}")
    interp = str(interpolation).lower()
    cf = fmt == "channels_first"
    h, w = (arr.shape[2], arr.shape[3]) if cf else (arr.shape[1], arr.shape[2])
    if interp == "nearest":
        axes = (2, 3) if cf else (1, 2)
        rules = (AxisResize.of(h, h * sz[0], "asymmetric", sz[0]), AxisResize.of(w, w * sz[1], "asymmetric", sz[1]))
        spec = ResizeSpec(axes, rules, Filter("nearest", rounding="floor"), "clamp", None, Precision("exact"))
        return ResizePlan("keras.layers.UpSampling2D", arr, spec, arr.dtype, None,
                          f"nearest (ops.repeat x{sz[0]}, x{sz[1]})", {axes[0]: "H", axes[1]: "W"})
    if interp not in ("bilinear", "bicubic", "lanczos3", "lanczos5"):
        raise ArgumentError(f"Resize method is not implemented: {interp}")
    plan = cast(ResizePlan, tensorflow_image.resize.build_plan(_to_last(arr, cf), (h * sz[0], w * sz[1]), interp))
    return _cast_back(_back(plan, "keras.layers.UpSampling2D", arr, cf), arr.dtype)


def _crop_or_pad(x: np.ndarray, th: int, tw: int, crop: bool, fill_value: Any) -> np.ndarray:
    """Keras's crop_to_aspect_ratio / pad_to_aspect_ratio on channels-last images, float32 arithmetic."""
    h, w = x.shape[-3], x.shape[-2]
    f32 = np.float32
    if crop:
        ch = max(min(h, int(f32(w * th) / f32(tw))), 1)
        cw = max(min(w, int(f32(h * tw) / f32(th))), 1)
        hs, ws = int(f32(h - ch) / f32(2)), int(f32(w - cw) / f32(2))
        return x[..., hs:hs + ch, ws:ws + cw, :]
    ph = max(h, int(f32(w * th) / f32(tw)))
    pw = max(w, int(f32(h * tw) / f32(th)))
    hs, ws = int(f32(ph - h) / f32(2)), int(f32(pw - w) / f32(2))
    out = x
    if (hs > 0 or ws > 0) and x.dtype.kind in "iub" and isinstance(fill_value, float | np.floating):
        # tf.ones(..., dtype=uint8) * fill_value: TensorFlow will not convert a Python float to an integer tensor
        raise ArgumentError(f"Cannot convert {fill_value} to EagerTensor of dtype {x.dtype.name}")
    if hs > 0:  # Keras pads hs rows on both sides (2 * hs in all, whatever pad_height was)
        band = np.full((*x.shape[:-3], hs, w, x.shape[-1]), fill_value, dtype=x.dtype)
        out = np.concatenate([band, out, band], axis=-3)
    if ws > 0:
        if hs > 0:
            raise ArgumentError("Keras's pad_to_aspect_ratio pads rows and columns with tensors of mismatched "
                                "heights here (TensorFlow's ConcatV2 refuses it)")
        band = np.full((*x.shape[:-3], h, ws, x.shape[-1]), fill_value, dtype=x.dtype)
        out = np.concatenate([band, out, band], axis=-2)
    return out


@frontend("keras.layers.Resizing")
def resizing(x: Any, height: int, width: int, interpolation: str = "bilinear", crop_to_aspect_ratio: bool = False,
             pad_to_aspect_ratio: bool = False, fill_mode: str = "constant", fill_value: float = 0.0,
             data_format: str | None = None) -> ResizePlan:
    """``keras.layers.Resizing(height, width, ...)(x)`` (Keras 3, TensorFlow backend).

    Parameters
    ----------
    x : array_like
        ``(N, H, W, C)`` or ``(H, W, C)`` (channels_last) or channels-first.
    height, width : int
        The output size.
    interpolation : {'bilinear', 'nearest', 'lanczos3', 'lanczos5', 'bicubic', 'area'}
    crop_to_aspect_ratio, pad_to_aspect_ratio : bool
        Crop (centred) or pad (``fill_value``, both sides by the same amount) to the target
        aspect ratio first, sizes computed in float32 and truncated, as Keras does.
    fill_mode : {'constant'}
    fill_value : float
    data_format : {'channels_last', 'channels_first'}, optional

    Returns
    -------
    ndarray ``(N, height, width, C)`` (or the layout given): ``tf.image.resize``'s float32 result,
    rounded half to even (``ops.round``) and saturated back to the input's dtype for integer images
    (nearest keeps it); for integer images the float32 result is TensorFlow's to the bit (its own
    operations for bilinear, bicubic, area, lanczos3 and lanczos5), so the levels equal Keras's.
    Float images are within float32 tolerance of Keras's, not bit for bit (TensorFlow's kernels
    sum in another order: measured up to about 2e-6 relative, 1.7e-4 on values near 100).

    Raises
    ------
    ArgumentError
        Keras's messages ("Invalid value for argument `interpolation`. ...", "Only one of
        `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.", ...).
    """
    fmt = _data_format(data_format)
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ArgumentError("Invalid value for argument `interpolation`. Expected of one "
                            f"{RESIZE_INTERPOLATIONS}. Received: interpolation={interpolation}")
    if fill_mode != "constant":
        raise ArgumentError("Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
                            f"Received: fill_mode={fill_mode}")
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ArgumentError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.")
    arr = keras_autocast(np.asarray(x))
    if arr.dtype.kind not in "biuf":
        raise ArgumentError(f"keras.layers.Resizing: images must be numeric, got {arr.dtype}")
    if arr.ndim not in (3, 4):
        raise ArgumentError("Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). "
                            f"Received input with shape: images.shape={arr.shape}")
    cf = fmt == "channels_first"
    last = _to_last(arr, cf)
    th, tw = int(height), int(width)
    if (crop_to_aspect_ratio or pad_to_aspect_ratio) and th > 0 and tw > 0:
        # a zero or negative size: Keras's crop/pad arithmetic divides by it without complaint and
        # its resize op then refuses the size ("output dimensions must be positive"), so skip to that
        last = _crop_or_pad(last, th, tw, bool(crop_to_aspect_ratio), fill_value)
        last = np.ascontiguousarray(last)
    plan = cast(ResizePlan, tensorflow_image.resize.build_plan(last, (th, tw), interpolation))
    notes: tuple[str, ...] = ()
    if crop_to_aspect_ratio or pad_to_aspect_ratio:
        notes = (f"{'cropped' if crop_to_aspect_ratio else 'padded'} to {last.shape[-3]}x{last.shape[-2]} first: "
                 "the input pixels named are those of that image",)
    base = _back(plan, "keras.layers.Resizing", np.moveaxis(last, -1, -3) if cf else last, cf)
    return _cast_back(base, arr.dtype, notes)


class TFFloat32ResizePlan(SaturatingResizePlan):
    """A Keras resize of an integer image whose float32 result is TensorFlow's to the bit
    (``Precision(fixed_point="tf_float32")``: bilinear and area): the explanation shows TensorFlow's
    float32 operations and Keras's rounding; ``check()`` compares the rule's code on the taps with the
    operations recomputed step by step."""

    def explain(self, at: Any) -> Explanation:
        e = super().explain(at)
        index = check_index(at, self.output_shape())
        value, steps, lines = fixed_point.tf_float32_value_at(self.x, self.spec, index, self.axis_names)
        dtype = np.dtype(self.out_dtype)
        rounded, expected = saturate_cast(value, dtype), saturate_cast(steps, dtype)
        lines = (*lines, f"Keras: ops.round (half to even) and saturate_cast to {dtype.name}: {float(value)!r} -> "
                         f"{int(rounded)}")
        sections = (*e.sections, Section("TensorFlow's float32 arithmetic and Keras's rounding", lines))
        if e.terms:
            sections = (*sections, Section("Canonical float terms (not TensorFlow's operations)",
                                           tuple(str(t) for t in e.terms)))
        return dataclasses.replace(e, value=rounded, terms=(), offset=0.0, expected=expected, sections=sections,
                                   summary=f"{e.summary.split(':')[0]}: {rounded} (TensorFlow's float32 "
                                           f"{float(value)!r}, rounded half to even)")


def _tf_float32_rule(spec: ResizeSpec) -> bool:
    """Whether TensorFlow's own float32 operations are reproduced for this resize (bilinear with
    half-pixel centres, bicubic, area, lanczos3 and lanczos5, without antialias)."""
    f = spec.filter
    if f.antialias or len(spec.axes) != 2:
        return False
    if f.kind == "area":
        return f.area == "coverage"
    if f.kind == "lanczos":
        return f.lobes in (3, 5)
    if f.kind == "cubic":
        return f.cubic_a == -0.5 and spec.boundary == "exclude" and all(
            r.coordinate == "half_pixel" for r in spec.resizes)
    return f.kind == "linear" and all(r.coordinate == "half_pixel" for r in spec.resizes)


def _cast_back(base: ResizePlan, dtype: np.dtype, notes: tuple[str, ...] = ()) -> ResizePlan:
    """Keras's resize layers cast tf.image.resize's float32 result back to an integer input's
    dtype: ``ops.round`` (half to even), then saturate. For bilinear and area the float32 result is
    TensorFlow's to the bit (``fixed_point="tf_float32"``), so that an exact .5 in TensorFlow's
    float32 rounds as Keras rounds it."""
    finish = base.finish
    out_dtype = base.out_dtype
    spec = base.spec
    cls: type[SaturatingResizePlan] = SaturatingResizePlan
    if out_dtype != dtype and dtype.kind in "iub":

        def finish(r: np.ndarray) -> np.ndarray:
            return saturate_cast(r.astype(np.float32), dtype)

        out_dtype = dtype
        notes = (*notes, f"the float32 result is rounded (half to even) and saturated back to {dtype.name}")
        if _tf_float32_rule(spec):
            spec = dataclasses.replace(spec, precision=dataclasses.replace(spec.precision, fixed_point="tf_float32"))
            cls = TFFloat32ResizePlan
    return cls(base.op, base.x, spec, out_dtype, base.compute_dtype, base.label, base.axis_names, finish,
               (*base.notes, *notes))


register(Entry("keras.UpSampling2D", upsampling2d, "keras", aliases=("keras.layers.UpSampling2D",),
               figure="sampling_grid", cli=Cli((
    Option("--x", "x", "The 4-D input (.npy, .npz or .csv).", kind="array", required=True, what="x", positional=True),
    Option("--size", "size", "Upsampling factors: one int or rows,cols.", default="2,2", parse=int_or_ints("--size")),
    Option("--data-format", "data_format", "channels_last or channels_first."),
    Option("--interpolation", "interpolation", "nearest, bilinear, bicubic, lanczos3 or lanczos5.",
           default="nearest", show_default=True),
), help="Explain one output pixel of keras.layers.UpSampling2D.", result="shape")))

register(Entry("keras.Resizing", resizing, "keras", aliases=("keras.layers.Resizing",), figure="sampling_grid",
               cli=Cli((
    Option("--x", "x", "The images (.npy, .npz or .csv).", kind="array", required=True, what="x", positional=True),
    Option("--height", "height", "Output height.", required=True, kind="int"),
    Option("--width", "width", "Output width.", required=True, kind="int"),
    Option("--interpolation", "interpolation", "The interpolation.", default="bilinear", show_default=True,
           choices=RESIZE_INTERPOLATIONS),
    Option("--crop-to-aspect-ratio", "crop_to_aspect_ratio", "Crop to the target aspect ratio first.", kind="flag"),
    Option("--pad-to-aspect-ratio", "pad_to_aspect_ratio", "Pad to the target aspect ratio first.", kind="flag"),
    Option("--fill-value", "fill_value", "Padding value.", default="0.0", parse=float),
    Option("--data-format", "data_format", "channels_last or channels_first."),
), help="Explain one output pixel of keras.layers.Resizing.", result="shape")))
