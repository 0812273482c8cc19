"""TensorFlow as a translate target of pads (``tf.pad``: CONSTANT, REFLECT, SYMMETRIC) and block
rearrangements (``tf.nn.depth_to_space``/``space_to_depth``, DCR, NHWC: the layout its CPU kernels
run): its vocabulary for :mod:`arraylens.translate.rearrange`."""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.registry import (
    Native,
    PoolTarget,
    RearrangeTarget,
    ResizeCandidate,
    ResizeTarget,
    register_pool_target,
    register_rearrange_target,
    register_resize_target,
)
from arraylens.frontends._translate_common import call_writer, index_text, literal, uniform_fill
from arraylens.ops.pool.spec import AdaptiveWindows, LpReduction, MaxReduction, MeanReduction

_MODES = {"constant": "CONSTANT", "reflect": "REFLECT", "symmetric": "SYMMETRIC"}


def _pad(spec: Any, shape: tuple[int, ...], dtype: Any) -> Native | str:
    mode = _MODES.get(spec.mode)
    if mode is None:
        return f"tf.pad has no {spec.mode} mode (CONSTANT, REFLECT, SYMMETRIC)"
    if spec.has_crop:
        return "tf.pad takes no negative paddings (it cannot crop)"
    if spec.reflect_type == "odd":
        return "tf.pad has no odd reflection"
    paddings = [list(w) for w in spec.widths]
    args: dict[str, Any] = {"paddings": np.array(paddings, dtype=np.int64).reshape(-1, 2), "mode": mode}
    extra = ""
    if mode == "CONSTANT":
        fill, why = uniform_fill(spec, dtype)
        if why:
            return f"tf.pad: {why}"
        args["constant_values"] = fill
        extra = f", constant_values={literal(fill)}"
    return "tf.pad", args, lambda v: f"tf.pad({v}, {paddings}, mode={mode!r}{extra})"


def _blocks(spec: Any, shape: tuple[int, ...], dtype: Any) -> Native | str:
    if spec.order != "DCR":
        return "tf.nn.depth_to_space/space_to_depth use the DCR channel order; the source is CRD"
    if not spec.channels_last:
        return "TensorFlow's CPU kernels of depth_to_space/space_to_depth take NHWC only"
    op = "tf.nn.depth_to_space" if spec.direction == "to_space" else "tf.nn.space_to_depth"
    return op, {"block_size": spec.block, "data_format": "NHWC"}, lambda v: f"{op}({v}, {spec.block})"


register_rearrange_target(RearrangeTarget(
    framework="tensorflow",
    sources=("tf.pad", "tf.nn.depth_to_space", "tf.nn.space_to_depth"),
    prologue=lambda: ["import numpy as np", "import tensorflow as tf", "v = tf.constant(x)"],
    epilogue=lambda: ["y = v.numpy()"],
    slice=index_text,
    flip=lambda v, axis: f"tf.reverse({v}, [{axis}])",
    concat=lambda vs, axis: f"tf.concat([{', '.join(vs)}], {axis})",
    gather=lambda v, axis, idx: f"tf.gather({v}, {idx}, axis={axis})",
    reshape=lambda v, shape: f"tf.reshape({v}, {list(shape)})",
    transpose=lambda v, perm: f"tf.transpose({v}, {list(perm)})",
    pad=_pad,
    blocks=_blocks,
))


# ----------------------------------------------------------------------------------------------
# Pooling (arraylens.translate.pool): tf.nn.max_poolNd / avg_poolNd, NHWC
# ----------------------------------------------------------------------------------------------



def _pool(spec: Any, spatial: tuple[int, ...], dtype: Any) -> list[Native] | str:
    nd = spec.ndim
    red = spec.reduction
    if any(isinstance(a, AdaptiveWindows) for a in spec.axes):
        return ("TensorFlow has no adaptive pooling, and these windows are not one kernel and stride "
                "(the sizes do not divide: they overlap or vary in length)")
    if isinstance(red, LpReduction):
        return "TensorFlow has no Lp pooling"
    if any(a.dilation > 1 for a in spec.axes):
        return "tf.nn.max_pool/avg_pool have no dilation"
    if isinstance(red, MeanReduction) and red.divisor == "fixed":
        return "TensorFlow's average has no fixed divisor"
    ks = [a.kernel for a in spec.axes]
    ss = [a.stride for a in spec.axes]
    kind = "max" if isinstance(red, MaxReduction) else "avg"
    op = f"tf.nn.{kind}_pool{nd}d"
    paddings: list[str | list[list[int]]] = ["VALID", "SAME"]
    if kind == "max" and nd <= 2:  # explicit pairs: the ceil extension is more padding to a max
        paddings.append([[0, 0], *([a.padding[0], a.padding[1] + a.extension(n)]
                                   for a, n in zip(spec.axes, spatial, strict=True)), [0, 0]])
    out: list[Native] = []
    for padding in paddings:
        args: dict[str, Any] = {"ksize": ks, "strides": ss, "padding": padding}
        out.append((op, args, call_writer(f"{op}(", f", ksize={ks}, strides={ss}, padding={padding!r})")))
    return out


def _zero_pad(v: str, widths: list[tuple[int, int]]) -> str:
    return f"tf.pad({v}, {[[0, 0], *[list(w) for w in widths], [0, 0]]})"


register_pool_target(PoolTarget(
    framework="tensorflow",
    sources=tuple(f"tf.nn.{kind}_pool{nd}" for kind in ("max", "avg") for nd in ("", "1d", "2d", "3d")),
    prologue=lambda: ["import numpy as np", "import tensorflow as tf", "v = tf.constant(x)"],
    epilogue=lambda: ["y = v.numpy()"],
    channels_last=True,
    transpose=lambda v, perm: f"tf.transpose({v}, {list(perm)})",
    pool=_pool,
    zero_pad=_zero_pad,
    window_reduce=lambda v, axis, s, e, kind: (f"tf.reduce_{kind}({v}[{', '.join([':'] * axis + [f'{s}:{e}'])}], "
                                               f"axis={axis}, keepdims=True)"),
    concat=lambda vs, axis: f"tf.concat([{', '.join(vs)}], {axis})",
))


# --- resize: tf.image.resize (TF2) and tf.compat.v1.image.resize_* (TF1) as translate targets ---

_TF2_METHODS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


def _tf2_candidates(ins: tuple[int, ...], outs: tuple[int, ...], scales: Any) -> list[ResizeCandidate]:
    size = list(outs)
    out = []
    for method in _TF2_METHODS:
        for aa in (False, True):
            if aa and method == "nearest":
                continue
            text = f"tf.image.resize(v, {size}, method={method!r}" + (", antialias=True" if aa else "") + ").numpy()"
            out.append(("tf.image.resize", {"size": size, "method": method, "antialias": aa}, text))
    return out


def _tf2_cannot(spec: Any) -> str:
    f = spec.filter
    coords = {r.coordinate for r in spec.resizes}
    if coords - {"half_pixel"} and f.kind != "area":
        return (f"tf.image.resize always maps with half_pixel coordinates; the source uses "
                f"{', '.join(sorted(coords))}")
    if f.kind == "nearest" and f.rounding != "round_prefer_ceil":
        return f"tf.image.resize's nearest rounds half up; the source rounds by {f.rounding}"
    if f.kind == "cubic" and f.cubic_a != -0.5:
        return f"tf.image.resize's bicubic uses a = -0.5; the source's a = {f.cubic_a}"
    return ""


_TF1_OPS = {"nearest": "resize_nearest_neighbor", "linear": "resize_bilinear", "cubic": "resize_bicubic"}


def _tf1_candidates(ins: tuple[int, ...], outs: tuple[int, ...], scales: Any) -> list[ResizeCandidate]:
    size = list(outs)
    out = []
    for name in _TF1_OPS.values():
        for corners, half in ((False, False), (True, False), (False, True)):
            text = (f"tf.compat.v1.image.{name}(v, {size}, align_corners={corners}, "
                    f"half_pixel_centers={half}).numpy()")
            out.append((f"tf.compat.v1.image.{name}", {"size": size, "align_corners": corners,
                                                       "half_pixel_centers": half}, text))
    return out


def _tf1_cannot(spec: Any) -> str:
    f = spec.filter
    if f.kind not in _TF1_OPS:
        return f"TF1 resizes are nearest, bilinear and bicubic; the source's filter is {f.kind}"
    if f.antialias:
        return "TF1's resize_* never antialias"
    coords = {r.coordinate for r in spec.resizes}
    if coords - {"asymmetric", "align_corners", "half_pixel"}:
        return ("TF1's resize_* use asymmetric, align_corners or half_pixel coordinates, not "
                f"{', '.join(sorted(coords))}")
    return ""


register_resize_target(ResizeTarget(
    framework="tensorflow", layout="nhwc", spatial=(2,), imports=("import tensorflow as tf",),
    candidates=_tf2_candidates, cannot=_tf2_cannot,
))
register_resize_target(ResizeTarget(
    framework="tensorflow.compat.v1", layout="nhwc", spatial=(2,), imports=("import tensorflow as tf",),
    candidates=_tf1_candidates, cannot=_tf1_cannot,
))
