"""The ONNX operators ``arraylens audit`` recomputes: one table, one entry per operator.

Each :class:`AuditedOp` says how to call the :mod:`arraylens.frontends.onnx` function from a
node's inputs (the arrays onnxruntime fed it) and attributes, and how to describe the
attributes in plain words (what the source framework meant). Adding an operator that
``arraylens.onnx`` implements (MaxPool, AveragePool, Resize, ...) is one entry in :data:`AUDITED_OPS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens import frontends
from arraylens.core.frontend import Explainable

frontends.load()  # every front-end in the registry's order (translate's targets follow it), then ONNX's
from arraylens.frontends import onnx as onnx_ops  # noqa: E402

__all__ = ["AUDITED_OPS", "AuditedOp", "describe_attributes"]

Inputs = Sequence[np.ndarray | None]
Shapes = Sequence[tuple[int, ...] | None]
Call = tuple[tuple[Any, ...], dict[str, Any]]


@dataclass(frozen=True)
class AuditedOp:
    """How the audit recomputes one ONNX operator with arraylens.

    Attributes
    ----------
    op_type : str
        The ONNX operator name (default domain).
    function : Explainable
        The ``arraylens.onnx`` function: ``function(*args, **kwargs)`` computes the node's
        (first) output, ``function.explain(*args, at=INDEX, **kwargs)`` explains one element.
    arguments : callable
        ``arguments(inputs, attributes) -> (args, kwargs)``: the call for this node, from its
        input arrays (None for an absent optional input) and attributes (ONNX names, ints as
        int, strings as str, lists as list).
    describe : callable
        ``describe(attributes, input_shapes) -> str``: the attributes in plain words, and the
        framework call they correspond to.
    opset_keyword : bool
        The function takes ``opset=`` (its semantics changed across opsets: the poolings'
        ceil_mode at 22); the audit passes 22 for a model at opset 22 or later, else 19.
    unsupported : callable
        ``unsupported(attributes, opset) -> str | None``: why arraylens does not recompute this
        node (an attribute value or an opset the front-end does not implement), or None. Such
        a node is listed as unsupported with that reason, not reported as a divergence.
    """

    op_type: str
    function: Explainable[..., Any]
    arguments: Callable[[Inputs, Mapping[str, Any]], Call]
    describe: Callable[[Mapping[str, Any], Shapes], str]
    opset_keyword: bool = False
    unsupported: Callable[[Mapping[str, Any], int], str | None] = lambda attributes, opset: None


def _pick(attributes: Mapping[str, Any], names: Sequence[str]) -> dict[str, Any]:
    return {n: attributes[n] for n in names if n in attributes}


def _lst(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _torch_arg(values: Sequence[int]) -> str:
    """One int when every axis has the same value (as PyTorch's modules take it), else a tuple."""
    vals = list(values)
    return str(vals[0]) if len(set(vals)) == 1 else "(" + ", ".join(str(v) for v in vals) + ")"


def _geometry(attributes: Mapping[str, Any], shapes: Shapes) -> tuple[int, list[int], list[int], list[int], list[int]]:
    """(spatial rank, kernel, strides, dilations, pads) of a Conv/ConvTranspose node."""
    kernel = list(attributes.get("kernel_shape") or [])
    if not kernel and len(shapes) > 1 and shapes[1] is not None:
        kernel = list(shapes[1][2:])
    nd = len(kernel) or len(attributes.get("strides") or []) or 2
    strides = list(attributes.get("strides") or [1] * nd)
    dilations = list(attributes.get("dilations") or [1] * nd)
    pads = list(attributes.get("pads") or [0] * (2 * nd))
    return nd, kernel, strides, dilations, pads


_CONV_ATTRS = ("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides")


def _conv_call(inputs: Inputs, attributes: Mapping[str, Any]) -> Call:
    b = inputs[2] if len(inputs) > 2 else None
    return (inputs[0], inputs[1], b), _pick(attributes, _CONV_ATTRS)


def _conv_transpose_call(inputs: Inputs, attributes: Mapping[str, Any]) -> Call:
    b = inputs[2] if len(inputs) > 2 else None
    return (inputs[0], inputs[1], b), _pick(attributes, (*_CONV_ATTRS, "output_padding", "output_shape"))


def _padding_words(auto_pad: str, pads: list[int], nd: int) -> tuple[str, bool]:
    """(words for the padding, whether begin == end on every axis)."""
    if auto_pad != "NOTSET":
        return f"auto_pad {auto_pad}", False
    symmetric = pads[:nd] == pads[nd:]
    return f"pads {_lst(pads)}", symmetric


def _describe_conv(attributes: Mapping[str, Any], shapes: Shapes) -> str:
    nd, kernel, strides, dilations, pads = _geometry(attributes, shapes)
    auto_pad = attributes.get("auto_pad", "NOTSET")
    group = int(attributes.get("group", 1))
    padding, symmetric = _padding_words(auto_pad, pads, nd)
    words = [f"{nd}-d", f"kernel {'x'.join(str(k) for k in kernel)}", f"stride {_torch_arg(strides)}", padding]
    if any(d != 1 for d in dilations):
        words.append(f"dilation {_torch_arg(dilations)}")
    if group != 1:
        words.append(f"group {group}")
    text = "Conv: " + ", ".join(words)
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        where = "end" if auto_pad == "SAME_UPPER" else "beginning"
        return text + (f": output ceil(D / stride), the odd padding element at the {where}"
                       + (" (TensorFlow's padding='SAME')" if auto_pad == "SAME_UPPER" else ""))
    if symmetric:
        call = f"kernel_size={_torch_arg(kernel) if kernel else '?'}, stride={_torch_arg(strides)}"
        if any(pads):
            call += f", padding={_torch_arg(pads[:nd])}"
        if any(d != 1 for d in dilations):
            call += f", dilation={_torch_arg(dilations)}"
        if group != 1:
            call += f", groups={group}"
        return text + f": PyTorch's Conv{nd}d(..., {call})"
    return text + ": begin and end pads differ (no single PyTorch padding; TensorFlow's SAME pads the end)"


def _describe_conv_transpose(attributes: Mapping[str, Any], shapes: Shapes) -> str:
    nd, kernel, strides, dilations, pads = _geometry(attributes, shapes)
    auto_pad = attributes.get("auto_pad", "NOTSET")
    group = int(attributes.get("group", 1))
    out_pad = list(attributes.get("output_padding") or [0] * nd)
    padding, symmetric = _padding_words(auto_pad, pads, nd)
    words = [f"{nd}-d", f"kernel {'x'.join(str(k) for k in kernel)}", f"stride {_torch_arg(strides)}", padding]
    if any(out_pad):
        words.append(f"output_padding {_lst(out_pad)}")
    if attributes.get("output_shape"):
        words.append(f"output_shape {_lst(attributes['output_shape'])}")
    if any(d != 1 for d in dilations):
        words.append(f"dilation {_torch_arg(dilations)}")
    if group != 1:
        words.append(f"group {group}")
    text = "ConvTranspose: " + ", ".join(words)
    if attributes.get("output_shape"):
        return text + ": pads are derived from output_shape (pads ignored), the odd element at the beginning " \
            "unless SAME_UPPER"
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        where = "end" if auto_pad == "SAME_UPPER" else "beginning"
        return text + (f": output D x stride, the odd cropped element at the {where}"
                       + (" (TensorFlow's conv2d_transpose padding='SAME')" if auto_pad == "SAME_UPPER" else ""))
    if symmetric:
        call = f"kernel_size={_torch_arg(kernel) if kernel else '?'}, stride={_torch_arg(strides)}"
        if any(pads):
            call += f", padding={_torch_arg(pads[:nd])}"
        if any(out_pad):
            call += f", output_padding={_torch_arg(out_pad)}"
        if any(d != 1 for d in dilations):
            call += f", dilation={_torch_arg(dilations)}"
        if group != 1:
            call += f", groups={group}"
        return text + f": PyTorch's ConvTranspose{nd}d(..., {call})"
    return text + ": begin and end crops differ (no single PyTorch padding; TensorFlow's SAME crops so)"


def _pad_call(inputs: Inputs, attributes: Mapping[str, Any]) -> Call:
    mode = attributes.get("mode", "constant")
    if "pads" in attributes:  # opset < 11: pads and value are attributes
        return (inputs[0], list(attributes["pads"]), attributes.get("value")), {"mode": mode}
    pads = inputs[1]
    value = inputs[2] if len(inputs) > 2 and inputs[2] is not None else None
    axes = inputs[3] if len(inputs) > 3 and inputs[3] is not None else None
    fill = None if value is None else np.asarray(value).reshape(-1)[0] if np.asarray(value).size else None
    axes_list = None if axes is None else [int(a) for a in np.asarray(axes).reshape(-1)]
    pads_list = [] if pads is None else [int(p) for p in np.asarray(pads).reshape(-1)]
    return (inputs[0], pads_list, fill, axes_list), {"mode": mode}


_PAD_PEERS = {
    "constant": "np.pad(mode='constant'), PyTorch's F.pad(mode='constant')",
    "reflect": "np.pad(mode='reflect'), PyTorch's F.pad(mode='reflect'), TensorFlow's REFLECT",
    "edge": "np.pad(mode='edge'), PyTorch's F.pad(mode='replicate')",
    "wrap": "np.pad(mode='wrap'), PyTorch's F.pad(mode='circular')",
}


def _describe_pad(attributes: Mapping[str, Any], shapes: Shapes) -> str:
    mode = attributes.get("mode", "constant")
    pads = attributes.get("pads")
    where = f"pads {_lst(pads)}" if pads is not None else "pads from an input"
    return f"Pad: {mode}, {where} (all begins, then all ends): {_PAD_PEERS.get(mode, mode)}"


def _block_call(inputs: Inputs, attributes: Mapping[str, Any]) -> Call:
    return (inputs[0],), _pick(attributes, ("blocksize", "mode"))


def _space_to_depth_call(inputs: Inputs, attributes: Mapping[str, Any]) -> Call:
    return (inputs[0],), _pick(attributes, ("blocksize",))


def _describe_depth_to_space(attributes: Mapping[str, Any], shapes: Shapes) -> str:
    mode = attributes.get("mode", "DCR")
    b = attributes.get("blocksize")
    if mode == "CRD":
        return f"DepthToSpace: blocksize {b}, CRD: PyTorch's pixel_shuffle({b}), not TensorFlow's depth_to_space"
    return f"DepthToSpace: blocksize {b}, DCR: TensorFlow's depth_to_space, not PyTorch's pixel_shuffle (CRD)"


def _describe_space_to_depth(attributes: Mapping[str, Any], shapes: Shapes) -> str:
    b = attributes.get("blocksize")
    return (f"SpaceToDepth: blocksize {b}, DCR: TensorFlow's space_to_depth, not PyTorch's "
            f"pixel_unshuffle({b}) (CRD)")


def _pool_call(names: Sequence[str]) -> Callable[[Inputs, Mapping[str, Any]], Call]:
    def call(inputs: Inputs, attributes: Mapping[str, Any]) -> Call:
        return (inputs[0],), _pick(attributes, names)
    return call


_POOL_WINDOW = ("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "strides")


def _describe_pool(attributes: Mapping[str, Any], shapes: Shapes, op: str) -> str:
    kernel = list(attributes.get("kernel_shape") or [])
    nd = len(kernel)
    strides = list(attributes.get("strides") or [1] * nd)
    dilations = list(attributes.get("dilations") or [1] * nd)
    pads = list(attributes.get("pads") or [0] * (2 * nd))
    auto_pad = attributes.get("auto_pad", "NOTSET")
    ceil = bool(attributes.get("ceil_mode", 0))
    padding, symmetric = _padding_words(auto_pad, pads, nd)
    words = [f"{nd}-d", f"kernel {'x'.join(str(k) for k in kernel)}", f"stride {_torch_arg(strides)}", padding]
    if any(d != 1 for d in dilations):
        words.append(f"dilation {_torch_arg(dilations)}")
    if ceil:
        words.append("ceil_mode 1")
    include = bool(attributes.get("count_include_pad", 0))
    if op == "AveragePool":
        words.append(f"count_include_pad {int(include)}")
    if op == "LpPool":
        words.append(f"p {attributes.get('p', 2)}")
    text = f"{op}: " + ", ".join(words)
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        where = "end" if auto_pad == "SAME_UPPER" else "beginning"
        tf = " (TensorFlow's padding='SAME', which never counts padding)" if auto_pad == "SAME_UPPER" else ""
        return text + f": output ceil(D / stride), the odd padding element at the {where}{tf}"
    if not symmetric:
        return text + ": begin and end pads differ (no single PyTorch padding)"
    if op == "LpPool":  # PyTorch's LPPool has no padding or dilation, and its own formula
        return text + (": no PyTorch LPPool equivalent (PyTorch's LPPoolNd takes no padding and computes "
                       "(sum of x^p)^(1/p) without the absolute value)")
    torch_name = {"MaxPool": "MaxPool", "AveragePool": "AvgPool"}[op]
    call = f"{_torch_arg(kernel) if kernel else '?'}, stride={_torch_arg(strides)}"
    if any(pads):
        call += f", padding={_torch_arg(pads[:nd])}"
    if any(d != 1 for d in dilations) and op == "MaxPool":
        call += f", dilation={_torch_arg(dilations)}"
    if ceil:
        call += ", ceil_mode=True"
    if op == "AveragePool":
        call += f", count_include_pad={include}"
    text += f": PyTorch's {torch_name}{nd}d({call})"
    if op == "AveragePool" and not include and any(pads):
        text += " (not PyTorch's default count_include_pad=True: the edge windows divide by fewer cells)"
    if ceil:
        text += ("; from opset 22 a last window that would start in the right padding is dropped, as PyTorch "
                 "drops it")
    return text


def _describe_global(attributes: Mapping[str, Any], shapes: Shapes, op: str) -> str:
    what = "mean" if op == "GlobalAveragePool" else "maximum"
    torch_fn = "adaptive_avg_pool" if op == "GlobalAveragePool" else "adaptive_max_pool"
    nd = len(shapes[0]) - 2 if shapes and shapes[0] is not None else None
    suffix = f"{nd}d" if nd else "Nd"
    return (f"{op}: the {what} over every spatial axis, keeping them as size 1: PyTorch's {torch_fn}{suffix}(x, 1), "
            f"Keras' Global{'Average' if what == 'mean' else 'Max'}Pooling with keepdims=True")


_RESIZE_ATTRS = ("antialias", "axes", "coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside",
                 "extrapolation_value", "keep_aspect_ratio_policy", "mode", "nearest_mode")


def _resize_call(inputs: Inputs, attributes: Mapping[str, Any]) -> Call:
    def optional(i: int) -> Any:
        return inputs[i] if len(inputs) > i and inputs[i] is not None and np.asarray(inputs[i]).size else None
    return (inputs[0], optional(1), optional(2), optional(3)), _pick(attributes, _RESIZE_ATTRS)


def _resize_unsupported(attributes: Mapping[str, Any], opset: int) -> str | None:
    mode = attributes.get("coordinate_transformation_mode", "half_pixel")
    if opset < 11:
        return f"Resize at opset {opset} (arraylens implements Resize from opset 11, as opset 19 defines it)"
    if mode == "tf_half_pixel_for_nn":
        return ("coordinate_transformation_mode tf_half_pixel_for_nn (opsets 11-12; arraylens implements "
                "opset 19's modes)")
    return None


_RESIZE_PEERS = {
    ("nearest", "asymmetric"): "PyTorch's F.interpolate(mode='nearest') with nearest_mode floor; TF1's "
                               "resize_nearest_neighbor default",
    ("nearest", "half_pixel"): "PyTorch's 'nearest-exact' and TF2's tf.image.resize nearest with nearest_mode "
                               "round_prefer_ceil",
    ("linear", "pytorch_half_pixel"): "PyTorch's F.interpolate(mode='bilinear', align_corners=False)",
    ("linear", "half_pixel"): "TF2's tf.image.resize bilinear (and PyTorch's align_corners=False except an output "
                              "of size 1)",
    ("linear", "align_corners"): "PyTorch's align_corners=True; TF1's align_corners=True",
    ("linear", "asymmetric"): "TF1's resize_bilinear default (align_corners=False, half_pixel_centers=False)",
    ("cubic", "pytorch_half_pixel"): "PyTorch's bicubic (a = -0.75)",
    ("cubic", "half_pixel"): "TF2's bicubic when cubic_coeff_a = -0.5 and exclude_outside = 1",
}


def _describe_resize(attributes: Mapping[str, Any], shapes: Shapes) -> str:
    mode = attributes.get("mode", "nearest")
    ctm = attributes.get("coordinate_transformation_mode", "half_pixel")
    words = [mode, ctm]
    if mode == "nearest":
        words.append(attributes.get("nearest_mode", "round_prefer_floor"))
    if mode == "cubic":
        words.append(f"a = {attributes.get('cubic_coeff_a', -0.75):g}")
    if attributes.get("antialias"):
        words.append("antialias")
    peer = _RESIZE_PEERS.get((mode, ctm))
    text = "Resize: " + ", ".join(str(w) for w in words)
    return text + (f": {peer}" if peer else "")


AUDITED_OPS: dict[str, AuditedOp] = {
    op.op_type: op
    for op in (
        AuditedOp("Conv", onnx_ops.conv, _conv_call, _describe_conv),
        AuditedOp("ConvTranspose", onnx_ops.conv_transpose, _conv_transpose_call, _describe_conv_transpose),
        AuditedOp("Pad", onnx_ops.pad, _pad_call, _describe_pad),
        AuditedOp("DepthToSpace", onnx_ops.depth_to_space, _block_call, _describe_depth_to_space),
        AuditedOp("SpaceToDepth", onnx_ops.space_to_depth, _space_to_depth_call, _describe_space_to_depth),
        AuditedOp("MaxPool", onnx_ops.max_pool, _pool_call((*_POOL_WINDOW, "storage_order")),
                  lambda a, s: _describe_pool(a, s, "MaxPool"), opset_keyword=True),
        AuditedOp("AveragePool", onnx_ops.average_pool, _pool_call((*_POOL_WINDOW, "count_include_pad")),
                  lambda a, s: _describe_pool(a, s, "AveragePool"), opset_keyword=True),
        AuditedOp("LpPool", onnx_ops.lp_pool, _pool_call((*_POOL_WINDOW, "p")),
                  lambda a, s: _describe_pool(a, s, "LpPool"), opset_keyword=True),
        AuditedOp("GlobalAveragePool", onnx_ops.global_average_pool, _pool_call(()),
                  lambda a, s: _describe_global(a, s, "GlobalAveragePool")),
        AuditedOp("GlobalMaxPool", onnx_ops.global_max_pool, _pool_call(()),
                  lambda a, s: _describe_global(a, s, "GlobalMaxPool")),
        AuditedOp("Resize", onnx_ops.resize, _resize_call, _describe_resize, unsupported=_resize_unsupported),
    )
}
"""The audited operators by ONNX op type (default domain)."""


def describe_attributes(op_type: str, attributes: Mapping[str, Any], shapes: Shapes) -> str:
    """The node's attributes in plain words: the table's description for an audited operator,
    else ``"Op: name value, ..."``."""
    entry = AUDITED_OPS.get(op_type)
    if entry is not None:
        return entry.describe(attributes, shapes)
    words = ", ".join(f"{k} {_short(v)}" for k, v in sorted(attributes.items()))
    return f"{op_type}: {words}" if words else op_type


def _short(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        text = _lst(value)
    elif isinstance(value, float):
        text = f"{value:.6g}"
    elif isinstance(value, str) and value.startswith("<"):
        text = value
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
