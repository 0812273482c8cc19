"""NumPy as a translate target of pads (``np.pad``): its vocabulary for
:mod:`arraylens.translate.rearrange`. NumPy is not a target of block rearrangements."""

from __future__ import annotations

from typing import Any

from arraylens.core.registry import Native, RearrangeTarget, register_rearrange_target
from arraylens.frontends._translate_common import index_text, literal
from arraylens.ops.rearrange.pad.kernel import window_lengths


def _py(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _pad(spec: Any, shape: tuple[int, ...], dtype: Any) -> Native | str:
    """``np.pad`` has every canonical mode but no negative widths."""
    if spec.has_crop:
        return "np.pad takes no negative widths (it cannot crop)"
    args: dict[str, Any] = {"pad_width": tuple(spec.widths), "mode": spec.mode}
    if spec.mode in ("constant", "linear_ramp"):
        values = tuple(tuple(_py(v) for v in pair) for pair in spec.values)
        flat = {v for pair in values for v in pair}
        # one value as a scalar: np.pad's linear_ramp rounds per-axis pairs differently (1 ulp)
        args["constant_values" if spec.mode == "constant" else "end_values"] = (
            next(iter(flat)) if len(flat) == 1 else values)
    elif spec.stat_length:
        if any(w is not None for pair in spec.stat_length for w in pair):
            args["stat_length"] = tuple(
                window_lengths(n, (b, a))
                for n, (b, a) in zip(shape, spec.stat_length, strict=True)
            )
    if spec.mode in ("reflect", "symmetric") and spec.reflect_type == "odd":
        args["reflect_type"] = "odd"
    rest = ", ".join(f"{k}={literal(v)}" for k, v in args.items() if k != "pad_width")
    return "np.pad", args, lambda v: f"np.pad({v}, {args['pad_width']!r}, {rest})"


register_rearrange_target(RearrangeTarget(
    framework="numpy",
    sources=("np.pad",),
    prologue=lambda: ["import numpy as np", "v = np.asarray(x)"],
    epilogue=lambda: ["y = v"],
    slice=index_text,
    flip=lambda v, axis: f"np.flip({v}, {axis})",
    concat=lambda vs, axis: f"np.concatenate([{', '.join(vs)}], axis={axis})",
    gather=lambda v, axis, idx: f"np.take({v}, {idx}, axis={axis})",
    reshape=lambda v, shape: f"{v}.reshape({shape})",
    transpose=lambda v, perm: f"{v}.transpose({perm})",
    pad=_pad,
))
