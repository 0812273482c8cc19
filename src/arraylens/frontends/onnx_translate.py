"""ONNX as a translate target of pads (``Pad``, opset 19+: constant, reflect, edge, wrap, axes,
negative pads) and block rearrangements (``DepthToSpace`` DCR/CRD, ``SpaceToDepth`` DCR only):
its vocabulary for :mod:`arraylens.translate.rearrange`.

The snippet builds a graph with ``onnx.helper`` through two small functions it defines,
``node(op_type, *inputs, **attributes)`` (returns the output's name) and ``const(values)`` (an
initializer), and runs it with onnxruntime. Where onnxruntime is stricter than the
specification (a ``reflect`` pad above ``size - 1``; ``wrap`` above the size) no single ``Pad``
is proposed and the translation composes instead, so the snippet runs as written. So too for a
dtype onnxruntime's CPU provider has no kernel of (:data:`ORT_CPU_DTYPES`): the composition's
Reshape, Transpose, Slice, Concat and Gather take every dtype below.
"""

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
from arraylens.ops.pool.spec import AdaptiveWindows, LpReduction, MaxReduction, MeanReduction, Window

_MODES = ("constant", "reflect", "edge", "wrap")

_SMALL = ("float16", "float32", "float64", "int8", "uint8")
#: The dtypes onnxruntime's CPU provider implements, per op (opset 21; measured with onnxruntime
#: 1.32 on float16/32/64, (u)int8/16/32/64 and bool). Reshape, Transpose, Slice, Concat, Gather
#: and Identity, the composition's nodes, implement all of them.
ORT_CPU_DTYPES: dict[str, tuple[str, ...]] = {
    "DepthToSpace": _SMALL,
    "SpaceToDepth": _SMALL,
    "Pad": (*_SMALL, "int32", "int64", "uint32", "uint64", "bool"),
}


def _unimplemented(op: str, dtype: Any) -> str:
    """Why onnxruntime's CPU ``op`` cannot take ``dtype``; empty when it can."""
    name = np.dtype(dtype).name
    if name in ORT_CPU_DTYPES[op]:
        return ""
    return f"onnxruntime's CPU {op} does not implement {name} (it does {', '.join(ORT_CPU_DTYPES[op])})"


def _pad(spec: Any, shape: tuple[int, ...], dtype: Any) -> Native | str:
    if spec.mode not in _MODES:
        return f"ONNX Pad has no {spec.mode} mode (constant, reflect, edge, wrap)"
    if why := _unimplemented("Pad", dtype):
        return why
    if spec.reflect_type == "odd" and spec.mode == "reflect":
        return "ONNX Pad has no odd reflection"
    if spec.has_crop and spec.mode != "constant" and spec.crop != "first":
        return "ONNX Pad crops before it pads; the source maps the pad on the uncropped axis"
    for n, (b, a) in zip(shape, spec.widths, strict=True):
        kept = n - max(-b, 0) - max(-a, 0)
        if spec.mode == "reflect" and max(b, a) > kept - 1:
            return f"onnxruntime's reflect Pad needs pads <= size - 1 (pad {max(b, a)}, size {kept})"
        if spec.mode == "wrap" and max(b, a) > kept:
            return f"onnxruntime's wrap Pad wraps at most once (pad {max(b, a)}, size {kept})"
    axes = [k for k, w in enumerate(spec.widths) if w != (0, 0)]
    pads = [spec.widths[k][0] for k in axes] + [spec.widths[k][1] for k in axes]
    args: dict[str, Any] = {"pads": pads, "axes": axes, "mode": spec.mode}
    value = "''"
    if spec.mode == "constant":
        fill, why = uniform_fill(spec, dtype)
        if why:
            return f"ONNX Pad: {why}"
        args["constant_value"] = fill
        value = f"const({literal(fill)}, x.dtype)"
    return "onnx.Pad", args, lambda v: f"node('Pad', {v}, const({pads}), {value}, const({axes}), mode={spec.mode!r})"


def _blocks(spec: Any, shape: tuple[int, ...], dtype: Any) -> Native | str:
    if spec.channels_last:
        return "ONNX DepthToSpace/SpaceToDepth take NCHW"
    if why := _unimplemented("DepthToSpace" if spec.direction == "to_space" else "SpaceToDepth", dtype):
        return why
    if spec.direction == "to_depth":
        if spec.order != "DCR":
            return "ONNX SpaceToDepth is DCR only; the source is CRD (torch's pixel_unshuffle order)"
        return ("onnx.SpaceToDepth", {"blocksize": spec.block},
                lambda v: f"node('SpaceToDepth', {v}, blocksize={spec.block})")
    return ("onnx.DepthToSpace", {"blocksize": spec.block, "mode": spec.order},
            lambda v: f"node('DepthToSpace', {v}, blocksize={spec.block}, mode={spec.order!r})")


_PROLOGUE = [
    "import numpy as np",
    "import onnxruntime",
    "from onnx import helper, numpy_helper",
    "nodes, inits = [], []",
    "def node(op_type, *inputs, **attributes):",
    "    nodes.append(helper.make_node(op_type, list(inputs), [f't{len(nodes)}'], **attributes))",
    "    return nodes[-1].output[0]",
    "def const(values, dtype=np.int64):",
    "    inits.append(numpy_helper.from_array(np.asarray(values, dtype=dtype), f'c{len(inits)}'))",
    "    return inits[-1].name",
    "v = 'X'",
]

_EPILOGUE = [
    "v = node('Identity', v)",
    "elem = helper.np_dtype_to_tensor_dtype(x.dtype)",
    "graph = helper.make_graph(nodes, 'g', [helper.make_tensor_value_info('X', elem, x.shape)], "
    "[helper.make_tensor_value_info(v, elem, None)], inits)",
    "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 21)])",
    "model.ir_version = 10",
    "session = onnxruntime.InferenceSession(model.SerializeToString(), providers=['CPUExecutionProvider'])",
    "y = session.run(None, {'X': np.ascontiguousarray(x)})[0]",
]


register_rearrange_target(RearrangeTarget(
    framework="onnx",
    sources=("onnx.Pad", "onnx.DepthToSpace", "onnx.SpaceToDepth"),
    prologue=lambda: list(_PROLOGUE),
    epilogue=lambda: list(_EPILOGUE),
    slice=lambda v, ndim, axis, s, e: f"node('Slice', {v}, const([{s}]), const([{e}]), const([{axis}]))",
    flip=lambda v, axis: f"node('Slice', {v}, const([-1]), const([-2**63]), const([{axis}]), const([-1]))",
    concat=lambda vs, axis: f"node('Concat', {', '.join(vs)}, axis={axis})",
    gather=lambda v, axis, idx: f"node('Gather', {v}, const({idx}), axis={axis})",
    reshape=lambda v, shape: f"node('Reshape', {v}, const({list(shape)}))",
    transpose=lambda v, perm: f"node('Transpose', {v}, perm={list(perm)})",
    pad=_pad,
    blocks=_blocks,
    full=lambda shape, value: f"const(np.full({list(shape)}, {literal(value)}), x.dtype)",
))


# ----------------------------------------------------------------------------------------------
# Pooling (arraylens.translate.pool): MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool,
# LpPool (opset 19+: ceil_mode drops a last window that starts in the right padding). The
# proposals name the ONNX front-end's registered ops ("onnx.MaxPool", ...); the translator checks
# each against that front-end, so ONNX becomes a target as soon as those names are registered.
# ----------------------------------------------------------------------------------------------



def _pool(spec: Any, spatial: tuple[int, ...], dtype: Any) -> list[Native] | str:
    red = spec.reduction
    out: list[Native] = []
    whole = all((isinstance(a, AdaptiveWindows) and len(a.starts) == 1)
                or (isinstance(a, Window) and a.kernel == n and a.padding == (0, 0) and a.dilation == 1)
                for a, n in zip(spec.axes, spatial, strict=True))
    if whole and isinstance(red, MaxReduction | MeanReduction):
        op = "GlobalMaxPool" if isinstance(red, MaxReduction) else "GlobalAveragePool"
        out.append((f"onnx.{op}", {}, call_writer(f"node({op!r}, ", ")")))
    if any(isinstance(a, AdaptiveWindows) for a in spec.axes):
        return out or ("ONNX has no adaptive pooling, and these windows are not one kernel and stride (the sizes do "
                       "not divide: they overlap or vary in length): no single op computes them")
    if isinstance(red, MeanReduction) and red.divisor == "fixed":
        return out or "ONNX AveragePool has no fixed divisor (divisor_override)"
    ks = [a.kernel for a in spec.axes]
    ss = [a.stride for a in spec.axes]
    ds = [a.dilation for a in spec.axes]
    pads = [a.padding[0] for a in spec.axes] + [a.padding[1] for a in spec.axes]
    dil = f", dilations={ds}" * (max(ds) > 1)
    for ceil in (0, 1):
        base: dict[str, Any] = {"kernel_shape": ks, "strides": ss, "pads": pads, "ceil_mode": ceil}
        if max(ds) > 1:
            base["dilations"] = ds
        text = f"kernel_shape={ks}, strides={ss}, pads={pads}, ceil_mode={ceil}{dil}"
        if isinstance(red, MaxReduction):
            out.append(("onnx.MaxPool", base, call_writer("node('MaxPool', ", f", {text})")))
        elif isinstance(red, MeanReduction):
            for cip in (1, 0):
                out.append(("onnx.AveragePool", {**base, "count_include_pad": cip},
                            call_writer("node('AveragePool', ", f", {text}, count_include_pad={cip})")))
        elif isinstance(red, LpReduction):
            if red.form != "norm":
                return out or "ONNX LpPool is (sum |x|^p)^(1/p); torch's lp_pool scales a mean of x^p by the area"
            if float(red.p) != int(red.p):
                return out or f"ONNX LpPool takes an integer p, not {red.p:g}"
            p = int(red.p)
            out.append(("onnx.LpPool", {**base, "p": p}, call_writer("node('LpPool', ", f", {text}, p={p})")))
    return out


register_pool_target(PoolTarget(
    framework="onnx",
    sources=("onnx.MaxPool", "onnx.AveragePool", "onnx.GlobalAveragePool", "onnx.GlobalMaxPool", "onnx.LpPool"),
    prologue=lambda: list(_PROLOGUE),
    epilogue=lambda: list(_EPILOGUE),
    channels_last=False,
    transpose=lambda v, perm: f"node('Transpose', {v}, perm={list(perm)})",
    pool=_pool,
    window_reduce=lambda v, axis, s, e, kind: (f"node({'ReduceMax' if kind == 'max' else 'ReduceMean'!r}, "
                                               f"node('Slice', {v}, const([{s}]), const([{e}]), const([{axis}])), "
                                               f"const([{axis}]), keepdims=1)"),
    concat=lambda vs, axis: f"node('Concat', {', '.join(vs)}, axis={axis})",
))


# --- resize: onnx Resize as a translate target (run by onnx.reference in the snippet) ---------

_CTMS = ("half_pixel", "pytorch_half_pixel", "asymmetric", "align_corners", "half_pixel_symmetric")
_NEAREST_MODES = ("round_prefer_floor", "floor", "round_prefer_ceil", "ceil")


def _onnx_candidates(ins: tuple[int, ...], outs: tuple[int, ...], scales: Any) -> list[ResizeCandidate]:
    variants: list[dict[str, Any]] = []
    for ctm in _CTMS:
        variants += [{"mode": "nearest", "coordinate_transformation_mode": ctm, "nearest_mode": nm}
                     for nm in _NEAREST_MODES]
    for ctm in _CTMS:
        for aa in (0, 1):
            for ex in (0, 1):
                variants.append({"mode": "linear", "coordinate_transformation_mode": ctm, "antialias": aa,
                                 "exclude_outside": ex})
                for a in (-0.75, -0.5):
                    variants.append({"mode": "cubic", "coordinate_transformation_mode": ctm, "antialias": aa,
                                     "exclude_outside": ex, "cubic_coeff_a": a})
    out = []
    for attrs in variants:
        n = len(ins)
        args = {**attrs, "sizes": None, "axes": list(range(1, n + 1))}  # the planes (P, *resized)
        given = "sizes"
        args["sizes"] = list(outs)
        if scales is not None:
            given = "scales"
            args["scales"] = [float(s) for s in scales]
            del args["sizes"]
        attr_text = ", ".join(f"{k}={v!r}" for k, v in attrs.items())
        tensor = (f"np.array({args['scales']}, np.float32)" if given == "scales"
                  else f"np.array({args['sizes']}, np.int64)")
        inputs = '["X", "", "scales"]' if given == "scales" else '["X", "", "", "sizes"]'
        text = (f"ReferenceEvaluator(helper.make_model(helper.make_graph([helper.make_node('Resize', {inputs}, "
                f"['Y'], axes={args['axes']}, {attr_text})], 'g', "
                f"[helper.make_tensor_value_info('X', helper.np_dtype_to_tensor_dtype(v.dtype), None), "
                f"helper.make_tensor_value_info('{given}', {1 if given == 'scales' else 7}, None)], "
                f"[helper.make_tensor_value_info('Y', helper.np_dtype_to_tensor_dtype(v.dtype), None)]), "
                f"opset_imports=[helper.make_opsetid('', 19)])).run(None, {{'X': v, '{given}': {tensor}}})[0]")
        out.append(("onnx.Resize", args, text))
    return out


def _onnx_cannot(spec: Any) -> str:
    f = spec.filter
    if f.kind not in ("nearest", "linear", "cubic"):
        return f"ONNX Resize's modes are nearest, linear and cubic; the source's filter is {f.kind}"
    return ""


register_resize_target(ResizeTarget(
    framework="onnx", layout="flat", spatial=(1, 2, 3, 4),
    imports=("from onnx import helper", "from onnx.reference import ReferenceEvaluator"),
    candidates=_onnx_candidates, cannot=_onnx_cannot,
))
