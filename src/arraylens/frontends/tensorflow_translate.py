"""TensorFlow as a translate target of pads (``tf.pad``: CONSTANT, REFLECT, SYMMETRIC) and block
rearrangements (``tf.nn.depth_to_space``/``space_to_depth``, DCR, NHWC: the layout its CPU kernels
run): its vocabulary for :mod:`arraylens.translate.rearrange`."""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.registry import Native, RearrangeTarget, register_rearrange_target
from arraylens.frontends._translate_common import index_text, literal, uniform_fill

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
