"""Named attribute patterns that match a known converter or runtime trap.

A pitfall needs no divergence: it fires on a node's attributes (and, where it says so, its input
shapes and the model's ``producer_name``), whether or not arraylens implements the operator.
Each rule is one :class:`Pitfall` in :data:`PITFALLS`: a stable name, the operator, what the
trap is, and a check that returns the message for this node or None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["PITFALLS", "NodeFacts", "Pitfall", "pitfalls_for"]

Shapes = Sequence[tuple[int, ...] | None]


@dataclass(frozen=True)
class NodeFacts:
    """What a rule may read: the node's operator, attributes (ONNX names, plain Python values),
    input shapes (None where unknown) and the model's producer (``producer_name``, lower case)."""

    op_type: str
    attributes: Mapping[str, Any]
    input_shapes: Shapes
    producer: str


@dataclass(frozen=True)
class Pitfall:
    """One named rule.

    Attributes
    ----------
    name : str
        Stable identifier, used in reports (``--json``) and in docs/audit.md.
    op_type : str
        The ONNX operator it applies to.
    summary : str
        The trap, in one sentence.
    reference : str
        Where it is documented (an issue, the specification).
    check : callable
        ``check(facts) -> str | None``: the message for this node, or None when it does not fire.
    """

    name: str
    op_type: str
    summary: str
    reference: str
    check: Callable[[NodeFacts], str | None]


def _conv_transpose_output_padding(facts: NodeFacts) -> str | None:
    out_pad = list(facts.attributes.get("output_padding") or [])
    strides = list(facts.attributes.get("strides") or [1] * len(out_pad))
    bad = [(a, o, s) for a, (o, s) in enumerate(zip(out_pad, strides, strict=False)) if o >= s]
    if not bad:
        return None
    a, o, s = bad[0]
    return (f"output_padding[{a}] = {o} is not smaller than stride {s}: the specification and PyTorch allow it "
            "below the dilation, but onnxruntime refuses it and TensorFlow/Keras cannot express it (their "
            "output_padding must be lower than the stride): running or converting this model elsewhere fails "
            "or changes the output size")


def _conv_transpose_same(facts: NodeFacts) -> str | None:
    auto_pad = facts.attributes.get("auto_pad", "NOTSET")
    if auto_pad not in ("SAME_UPPER", "SAME_LOWER"):
        return None
    other = "SAME_LOWER" if auto_pad == "SAME_UPPER" else "SAME_UPPER"
    return (f"auto_pad {auto_pad} on ConvTranspose: onnxruntime before 1.13 swapped SAME_UPPER and SAME_LOWER here "
            "(microsoft/onnxruntime#9370, fixed by #12537) and the specification's text contradicted its own formula "
            f"(onnx/onnx#3019), so an older runtime or a converter that follows either crops like {other}, one "
            "position off when the total padding is odd; explicit pads say the same without the ambiguity")


def _floor_ceil_sizes(facts: NodeFacts) -> list[tuple[int, int]] | None:
    """Per spatial axis, (floor-mode, ceil-mode) output sizes of a pooling node; None if unknown."""
    shape = facts.input_shapes[0] if facts.input_shapes else None
    kernel = list(facts.attributes.get("kernel_shape") or [])
    if shape is None or not kernel or len(shape) != len(kernel) + 2:
        return None
    nd = len(kernel)
    strides = list(facts.attributes.get("strides") or [1] * nd)
    dilations = list(facts.attributes.get("dilations") or [1] * nd)
    pads = list(facts.attributes.get("pads") or [0] * (2 * nd))
    sizes = []
    for a in range(nd):
        span = shape[2 + a] + pads[a] + pads[nd + a] - ((kernel[a] - 1) * dilations[a] + 1)
        sizes.append((span // strides[a] + 1, -(-span // strides[a]) + 1))
    return sizes


def _average_pool_ceil_edges(facts: NodeFacts) -> str | None:
    if not int(facts.attributes.get("ceil_mode", 0)):
        return None
    auto_pad = facts.attributes.get("auto_pad", "NOTSET")
    if auto_pad not in ("NOTSET", None):
        return None
    sizes = _floor_ceil_sizes(facts)
    if sizes is not None and all(f == c for f, c in sizes):
        return None  # ceil_mode adds no window: the edges are the floor mode's
    include = int(facts.attributes.get("count_include_pad", 0))
    extra = "" if sizes is None else " (output " + " x ".join(str(c) for _, c in sizes) + " instead of " + \
        " x ".join(str(f) for f, _ in sizes) + ")"
    rule = ("counts the explicit padding but never the ceil-mode overhang, as PyTorch's count_include_pad=True "
            "does" if include else "counts only the input cells, where PyTorch's default (count_include_pad=True) "
            "also counts the padding")
    return (f"ceil_mode=1 adds a last window that hangs over the input{extra}; with count_include_pad={include} "
            f"its divisor {rule} (the specification, onnxruntime and onnx.reference agree on this); a converter "
            "that drops or flips count_include_pad changes every edge value")


# Resize coordinate modes each exporter writes, by mode family ('nearest' or the interpolating modes).
_PRODUCER_MODES: dict[str, dict[str, frozenset[str]]] = {
    "pytorch": {
        "nearest": frozenset({"asymmetric", "half_pixel"}),  # F.interpolate nearest / nearest-exact
        "linear": frozenset({"pytorch_half_pixel", "half_pixel", "align_corners"}),
    },
    "tf2onnx": {
        "nearest": frozenset({"asymmetric", "tf_half_pixel_for_nn", "half_pixel", "align_corners"}),
        "linear": frozenset({"asymmetric", "half_pixel", "align_corners", "tf_crop_and_resize"}),
    },
}
_PRODUCER_WORDS = {
    "pytorch": "PyTorch's F.interpolate writes asymmetric (nearest), half_pixel (nearest-exact), "
               "pytorch_half_pixel (linear/cubic, align_corners=False) or align_corners",
    "tf2onnx": "TensorFlow's resize ops convert to asymmetric (TF1 default), half_pixel / tf_half_pixel_for_nn "
               "(half_pixel_centers=True) or align_corners; pytorch_half_pixel is PyTorch's own rule",
}


def _producer_key(producer: str) -> str | None:
    p = producer.lower()
    if "pytorch" in p or p == "torch":
        return "pytorch"
    if "tf2onnx" in p or "keras2onnx" in p or "tensorflow" in p:
        return "tf2onnx"
    return None


def _resize_coordinate_mode(facts: NodeFacts) -> str | None:
    key = _producer_key(facts.producer)
    if key is None:
        return None
    mode = facts.attributes.get("mode", "nearest")
    coordinate = facts.attributes.get("coordinate_transformation_mode", "half_pixel")
    family = "nearest" if mode == "nearest" else "linear"
    if coordinate in _PRODUCER_MODES[key][family]:
        return None
    return (f"Resize {mode} with coordinate_transformation_mode {coordinate!r} in a model from "
            f"{facts.producer!r}: that exporter does not write this mode for {mode} ({_PRODUCER_WORDS[key]}); "
            "the model was edited or converted through another framework, so its samples sit elsewhere "
            "than the source framework's")


PITFALLS: tuple[Pitfall, ...] = (
    Pitfall("conv_transpose_output_padding_ge_stride", "ConvTranspose",
            "ConvTranspose with output_padding >= stride",
            "ONNX ConvTranspose specification; docs/conv-conventions.md",
            _conv_transpose_output_padding),
    Pitfall("conv_transpose_auto_pad_same", "ConvTranspose",
            "ConvTranspose with auto_pad SAME_UPPER or SAME_LOWER",
            "microsoft/onnxruntime#9370 (fixed in onnxruntime 1.13 by #12537); onnx/onnx#3019",
            _conv_transpose_same),
    Pitfall("average_pool_ceil_mode_edges", "AveragePool",
            "AveragePool with ceil_mode where count_include_pad decides the edge windows",
            "ONNX AveragePool specification; onnx.reference vs onnxruntime (arraylens issue 14)",
            _average_pool_ceil_edges),
    Pitfall("resize_coordinate_mode_vs_producer", "Resize",
            "Resize whose coordinate_transformation_mode is not one the producing exporter writes",
            "ONNX Resize specification (coordinate_transformation_mode); each exporter's Resize converter",
            _resize_coordinate_mode),
)


def pitfalls_for(facts: NodeFacts) -> list[tuple[Pitfall, str]]:
    """The rules of :data:`PITFALLS` that fire on this node, with their messages."""
    found = []
    for rule in PITFALLS:
        if rule.op_type == facts.op_type:
            message = rule.check(facts)
            if message is not None:
                found.append((rule, message))
    return found
