"""PyTorch as a translate target of pads (``F.pad``) and block rearrangements
(``F.pixel_shuffle``/``F.pixel_unshuffle``, CRD): its vocabulary for
:mod:`arraylens.translate.rearrange`. The proposals are checked by :mod:`arraylens.frontends.torch`'s
own rules (rank limits, ``reflect`` pad < size, ``circular`` wrapping once)."""

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
from arraylens.frontends._translate_common import call_writer, literal, uniform_fill
from arraylens.ops.pool.spec import AdaptiveWindows, LpReduction, MaxReduction, MeanReduction

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


# ----------------------------------------------------------------------------------------------
# Pooling (arraylens.translate.pool): F.max_poolNd, avg_poolNd, adaptive_*_poolNd, lp_poolNd
# ----------------------------------------------------------------------------------------------



def _pool(spec: Any, spatial: tuple[int, ...], dtype: Any) -> list[Native] | str:
    nd = spec.ndim
    red = spec.reduction
    if nd not in (1, 2, 3):
        return f"torch pools 1 to 3 spatial axes, not {nd}"
    if all(isinstance(a, AdaptiveWindows) for a in spec.axes):
        sizes = [len(a.starts) for a in spec.axes]
        if isinstance(red, MaxReduction):
            kind = "max"
        elif isinstance(red, MeanReduction) and red.divisor == "valid":
            kind = "avg"
        else:
            return "torch's adaptive pooling is a max or a plain mean"
        op = f"adaptive_{kind}_pool{nd}d"
        size = sizes[0] if nd == 1 else tuple(sizes)
        return [(f"torch.{op}", {"output_size": size}, call_writer(f"F.{op}(", f", {size})"))]
    if any(isinstance(a, AdaptiveWindows) for a in spec.axes):
        return "torch pools all axes adaptively or none"
    ks = [a.kernel for a in spec.axes]
    ss = [a.stride for a in spec.axes]
    ds = [a.dilation for a in spec.axes]
    ps = [a.padding[0] for a in spec.axes]  # torch pads both sides; a longer after-padding may be a ceil extension

    def one(v: list[int]) -> int | tuple[int, ...]:
        return v[0] if len(set(v)) == 1 else tuple(v)

    base = {"kernel_size": one(ks), "stride": one(ss), "padding": one(ps)}
    out: list[Native] = []
    args: dict[str, Any]
    for ceil in (False, True):
        if isinstance(red, MaxReduction):
            args = {**base, "dilation": one(ds), "ceil_mode": ceil}
            extra = f", dilation={one(ds)}" * (max(ds) > 1)
            op = f"max_pool{nd}d"
        elif isinstance(red, MeanReduction):
            if max(ds) > 1:
                return "torch's avg_pool has no dilation"
            if red.divisor == "fixed":
                if nd == 1:
                    return "torch's avg_pool1d has no divisor_override"
                args = {**base, "ceil_mode": ceil, "divisor_override": red.divisor_value}
                extra = f", divisor_override={red.divisor_value}"
            else:
                for cip in (True, False):
                    a2: dict[str, Any] = {**base, "ceil_mode": ceil, "count_include_pad": cip}
                    out.append((f"torch.avg_pool{nd}d", a2,
                                call_writer(f"F.avg_pool{nd}d(",
                                            f", {a2['kernel_size']}, {a2['stride']}, {a2['padding']}, "
                                            f"ceil_mode={ceil}, count_include_pad={cip})")))
                continue
            op = f"avg_pool{nd}d"
        else:
            assert isinstance(red, LpReduction)
            if red.form != "torch":
                return ("torch's lp_pool is (mean(x^p) * kernel area)^(1/p) with no absolute value, "
                        "not ONNX's (sum |x|^p)^(1/p)")
            if max(ps) or max(ds) > 1:
                return "torch's lp_pool has no padding and no dilation"
            p = red.p
            args = {"norm_type": p, "kernel_size": one(ks), "stride": one(ss), "ceil_mode": ceil}
            out.append((f"torch.lp_pool{nd}d", args,
                        call_writer(f"F.lp_pool{nd}d(", f", {p!r}, {one(ks)}, {one(ss)}, ceil_mode={ceil})")))
            continue
        out.append((f"torch.{op}", args,
                    call_writer(f"F.{op}(", f", {one(ks)}, {one(ss)}, {one(ps)}{extra}, ceil_mode={ceil})")))
    return out


register_pool_target(PoolTarget(
    framework="torch",
    sources=tuple(f"torch.{kind}_pool{nd}d" for kind in ("max", "avg", "adaptive_avg", "adaptive_max", "lp")
                  for nd in (1, 2, 3)),
    prologue=lambda: ["import numpy as np", "import torch", "import torch.nn.functional as F", "v = torch.tensor(x)"],
    epilogue=lambda: ["y = v.numpy()"],
    channels_last=False,
    transpose=lambda v, perm: f"{v}.permute({perm}).contiguous()",
    pool=_pool,
))


# --- resize: F.interpolate as a translate target (arraylens.translate.resize) ---------------

def _interp_candidates(ins: tuple[int, ...], outs: tuple[int, ...], scales: Any) -> list[ResizeCandidate]:
    linear = {1: "linear", 2: "bilinear", 3: "trilinear"}[len(ins)]
    modes: list[tuple[str, Any, bool]] = [("nearest", None, False), ("nearest-exact", None, False)]
    for mode in (linear, "bicubic") if len(ins) == 2 else (linear,):
        modes += [(mode, False, False), (mode, True, False), (mode, False, True)]
    if len(ins) == 2:  # PyTorch 2.13's antialiased lanczos3
        modes.append(("lanczos", False, True))
    modes.append(("area", None, False))
    size = tuple(outs)
    out = []
    for mode, corners, aa in modes:
        args: dict[str, Any] = {"size": size, "mode": mode}
        text = f"size={size}, mode={mode!r}"
        if corners is not None:
            args["align_corners"] = corners
            text += f", align_corners={corners}"
        if aa:
            args["antialias"] = True
            text += ", antialias=True"
        out.append(("torch.nn.functional.interpolate", args, f"F.interpolate(torch.tensor(v), {text}).numpy()"))
        if scales is not None and mode != "area":  # the source's coordinates use a given scale
            sargs = {k: a for k, a in args.items() if k != "size"}
            sargs["scale_factor"] = tuple(float(s) for s in scales)
            stext = text.replace(f"size={size}", f"scale_factor={sargs['scale_factor']}")
            out.append(("torch.nn.functional.interpolate", sargs,
                        f"F.interpolate(torch.tensor(v), {stext}).numpy()"))
    return out


def _interp_cannot(spec: Any) -> str:
    f = spec.filter
    coords = {r.coordinate for r in spec.resizes}
    if f.kind == "nearest" and coords - {"asymmetric", "half_pixel"}:
        return ("torch's nearest modes use asymmetric coordinates with floor ('nearest') or half_pixel ones "
                f"rounded half up ('nearest-exact') and refuse align_corners; the source's nearest is "
                f"{', '.join(sorted(coords))} with {f.rounding}")
    if f.kind == "nearest" and f.rounding not in ("floor", "round_prefer_ceil"):
        return f"torch's nearest modes round by floor or half up; the source rounds by {f.rounding}"
    if coords - {"asymmetric", "half_pixel", "align_corners", "pytorch_half_pixel"}:
        return f"F.interpolate has no {', '.join(sorted(coords))} coordinates"
    if f.kind == "lanczos" and f.lobes != 3:
        return f"F.interpolate's lanczos has 3 lobes; the source's has {f.lobes}"
    if f.kind in ("gaussian", "mitchell", "box"):
        return f"F.interpolate has no {f.kind} filter"
    if f.kind == "cubic" and f.cubic_a != -0.75 and not f.antialias:
        return f"torch's bicubic uses a = -0.75 (a = -0.5 only with antialias=True); the source's a = {f.cubic_a}"
    return ""


register_resize_target(ResizeTarget(
    framework="torch", layout="nc", spatial=(1, 2, 3),
    imports=("import torch", "import torch.nn.functional as F"),
    candidates=_interp_candidates, cannot=_interp_cannot,
))
