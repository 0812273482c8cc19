"""Keras 3 as a translate target: of poolings (``keras.layers.MaxPooling1D..3D`` and
``AveragePooling1D..3D``, ``padding='valid'`` or ``'same'``, channels last; checked by
:mod:`arraylens.frontends.keras`'s own rules) and of resizes (``keras.layers.Resizing`` and, for
integer factors, ``keras.layers.UpSampling2D``; checked by :mod:`arraylens.frontends.keras_resize`).
Keras pools as TensorFlow does (its TensorFlow backend calls ``tf.nn.max_pool``/``avg_pool``): no
explicit padding, no ceil mode, no dilation, an average that never counts padding."""


from __future__ import annotations

from typing import Any

from arraylens.core.registry import (
    Native,
    PoolTarget,
    ResizeCandidate,
    ResizeTarget,
    register_pool_target,
    register_resize_target,
)
from arraylens.frontends._translate_common import call_writer
from arraylens.ops.pool.spec import AdaptiveWindows, LpReduction, MaxReduction, MeanReduction


def _pool(spec: Any, spatial: tuple[int, ...], dtype: Any) -> list[Native] | str:
    nd = spec.ndim
    red = spec.reduction
    if any(isinstance(a, AdaptiveWindows) for a in spec.axes):
        return ("Keras has no adaptive pooling, and these windows are not one kernel and stride "
                "(the sizes do not divide: they overlap or vary in length)")
    if isinstance(red, LpReduction):
        return "Keras has no Lp pooling"
    if any(a.dilation > 1 for a in spec.axes):
        return "Keras pooling layers have no dilation"
    if isinstance(red, MeanReduction) and red.divisor == "fixed":
        return "Keras's average has no fixed divisor"
    ks = tuple(a.kernel for a in spec.axes)
    ss = tuple(a.stride for a in spec.axes)
    layer = f"{'MaxPooling' if isinstance(red, MaxReduction) else 'AveragePooling'}{nd}D"
    return [(f"keras.{layer}", {"pool_size": ks, "strides": ss, "padding": padding},
             call_writer(f"keras.layers.{layer}(pool_size={ks}, strides={ss}, padding={padding!r})(", ")"))
            for padding in ("valid", "same")]


register_pool_target(PoolTarget(
    framework="keras",
    sources=tuple(f"keras.{kind}Pooling{nd}D" for kind in ("Max", "Average") for nd in (1, 2, 3)),
    prologue=lambda: ["import numpy as np", "import keras", "v = x"],
    epilogue=lambda: ["y = keras.ops.convert_to_numpy(v)"],
    channels_last=True,
    transpose=lambda v, perm: f"keras.ops.transpose({v}, {list(perm)})",
    pool=_pool,
))


# --- resizes ---

_RESIZING = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")
_UPSAMPLING = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")


def _candidates(ins: tuple[int, ...], outs: tuple[int, ...], scales: Any) -> list[ResizeCandidate]:
    out: list[ResizeCandidate] = []
    if all(o % i == 0 and o >= i for i, o in zip(ins, outs, strict=True)):
        size = tuple(o // i for i, o in zip(ins, outs, strict=True))
        out += [("keras.UpSampling2D", {"size": size, "interpolation": m},
                 f"np.asarray(keras.layers.UpSampling2D(size={size}, interpolation={m!r})(v))") for m in _UPSAMPLING]
    out += [("keras.Resizing", {"height": outs[0], "width": outs[1], "interpolation": m},
             f"np.asarray(keras.layers.Resizing({outs[0]}, {outs[1]}, interpolation={m!r})(v))") for m in _RESIZING]
    return out


def _cannot(spec: Any) -> str:
    coords = {r.coordinate for r in spec.resizes}
    if coords - {"half_pixel"} and spec.filter.kind != "area":
        return ("Keras's resizing layers call tf.image.resize (half_pixel coordinates); the source uses "
                f"{', '.join(sorted(coords))}")
    if spec.filter.kind == "cubic" and spec.filter.cubic_a != -0.5:
        return f"Keras's bicubic is tf.image.resize's (a = -0.5); the source's a = {spec.filter.cubic_a}"
    return ""


register_resize_target(ResizeTarget(
    framework="keras", layout="nhwc", spatial=(2,), imports=("import keras",),
    candidates=_candidates, cannot=_cannot,
))
