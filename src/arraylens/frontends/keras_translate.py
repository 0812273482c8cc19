"""Keras as a translate target of resizes (``keras.layers.Resizing`` and, for integer factors,
``keras.layers.UpSampling2D``): its vocabulary for :mod:`arraylens.translate.resize`; proposals
are checked by :mod:`arraylens.frontends.keras_resize`."""

from __future__ import annotations

from typing import Any

from arraylens.core.registry import ResizeTarget, register_resize_target

#: A resize candidate: (op, arguments after the array, call text on ``v``).
Candidate = tuple[str, dict[str, Any], str]

_RESIZING = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")
_UPSAMPLING = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")


def _candidates(ins: tuple[int, ...], outs: tuple[int, ...], scales: Any) -> list[Candidate]:
    out: list[Candidate] = []
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
