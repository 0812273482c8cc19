"""PyTorch as a translate target of pads (``F.pad``) and block rearrangements
(``F.pixel_shuffle``/``F.pixel_unshuffle``, CRD): its vocabulary for
:mod:`arraylens.translate.rearrange`. The proposals are checked by :mod:`arraylens.frontends.torch`'s
own rules (rank limits, ``reflect`` pad < size, ``circular`` wrapping once)."""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.registry import Native, RearrangeTarget, register_rearrange_target
from arraylens.frontends._translate_common import literal, uniform_fill

_MODES = {"constant": "constant", "reflect": "reflect", "edge": "replicate", "wrap": "circular"}


def _pad(spec: Any, shape: tuple[int, ...], dtype: Any) -> Native | str:
    mode = _MODES.get(spec.mode)
    if mode is None:
        return f"torch.nn.functional.pad has no {spec.mode} mode (constant, reflect, replicate, circular)"
    if spec.reflect_type == "odd" and spec.mode == "reflect":
        return "torch.nn.functional.pad has no odd reflection"
    if mode in ("reflect", "replicate") and np.dtype(dtype) == np.bool_:
        return f"torch's {mode} pad does not implement bool"
    padded = [k for k, w in enumerate(spec.widths) if w != (0, 0)]
    pads: list[int] = []
    for k in reversed(range(min(padded, default=len(shape)), len(shape))):
        pads += list(spec.widths[k])
    args: dict[str, Any] = {"pad": pads, "mode": mode}
    extra = ""
    if mode == "constant":
        fill, why = uniform_fill(spec, dtype)
        if why:
            return f"F.pad's constant mode: {why}"
        if isinstance(fill, int) and not isinstance(fill, bool) and float(fill) != fill:
            return (f"F.pad takes value as a double: {fill} is not one "
                    f"(it would fill {int(float(fill))})")
        args["value"] = fill
        extra = f", value={literal(fill)}"
    return "torch.pad", args, lambda v: f"F.pad({v}, {pads}, mode={mode!r}{extra})"


def _blocks(spec: Any, shape: tuple[int, ...], dtype: Any) -> Native | str:
    if spec.order != "CRD":
        return "pixel_shuffle/pixel_unshuffle use the CRD channel order; the source is DCR"
    if spec.channels_last:
        return "pixel_shuffle/pixel_unshuffle take the channels before height and width"
    if spec.direction == "to_space":
        return "torch.pixel_shuffle", {"upscale_factor": spec.block}, lambda v: f"F.pixel_shuffle({v}, {spec.block})"
    return "torch.pixel_unshuffle", {"downscale_factor": spec.block}, lambda v: f"F.pixel_unshuffle({v}, {spec.block})"


def _narrow(v: str, ndim: int, axis: int, start: int, stop: int) -> str:
    return f"{v}.narrow({axis}, {start}, {stop - start})"


register_rearrange_target(RearrangeTarget(
    framework="torch",
    sources=("torch.pad", "torch.pixel_shuffle", "torch.pixel_unshuffle"),
    prologue=lambda: ["import numpy as np", "import torch", "import torch.nn.functional as F", "v = torch.tensor(x)"],
    epilogue=lambda: ["y = v.numpy()"],
    slice=_narrow,
    flip=lambda v, axis: f"torch.flip({v}, [{axis}])",
    concat=lambda vs, axis: f"torch.cat([{', '.join(vs)}], dim={axis})",
    gather=lambda v, axis, idx: f"torch.index_select({v}, {axis}, torch.tensor({idx}))",
    reshape=lambda v, shape: f"{v}.reshape({shape})",
    transpose=lambda v, perm: f"{v}.permute({perm})",
    pad=_pad,
    blocks=_blocks,
    full=lambda shape, value: f"torch.full({list(shape)}, {literal(value)}, dtype=v.dtype)",
))
