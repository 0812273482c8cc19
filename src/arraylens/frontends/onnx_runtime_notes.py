"""Where onnxruntime departs from the ONNX specification: one table, read by ``arraylens audit``.

Each :class:`RuntimeNote` names one documented difference (onnxruntime 1.32, opset 22), says
what the specification defines and what onnxruntime does instead, and carries a predicate on a
node's attributes and input shapes that tells whether the difference can apply to that node.
arraylens follows the specification; each note's test
(``tests/frontends/conformance/test_onnx_spec_differences.py``, ``test_pad.py``) asserts both
facts. An audit that finds a node diverging (or refused by onnxruntime) quotes the notes whose
predicate holds as the reason.

A new op family adds its notes by appending :class:`RuntimeNote` entries to
:data:`RUNTIME_NOTES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from arraylens.ops.conv.spec import full_extent

__all__ = ["RUNTIME_NOTES", "RuntimeNote", "notes_for"]

Shapes = Sequence[tuple[int, ...] | None]


@dataclass(frozen=True)
class RuntimeNote:
    """One documented difference between onnxruntime and the ONNX specification.

    Attributes
    ----------
    key : str
        Stable identifier (used in audit reports).
    op_type : str
        The ONNX operator (``"ConvTranspose"``, ``"Pad"``, ...).
    outcome : {'differs', 'refuses'}
        ``differs``: onnxruntime returns other values or another shape; ``refuses``: it raises
        where the specification defines a result.
    specification : str
        What the specification defines (what arraylens computes).
    onnxruntime : str
        What onnxruntime does instead.
    test : str
        The test that asserts both facts.
    applies : callable
        ``applies(attributes, input_shapes) -> bool``: whether the node's attributes (ONNX
        names, ints as ints, lists as lists, strings as str) and input shapes (None where
        unknown) fall in this case.
    """

    key: str
    op_type: str
    outcome: str
    specification: str
    onnxruntime: str
    test: str
    applies: Callable[[Mapping[str, Any], Shapes], bool]


def _spatial(attrs: Mapping[str, Any], shapes: Shapes) -> tuple[list[int], list[int], list[int], list[int]] | None:
    """(input sizes, kernel, strides, dilations) of a Conv/ConvTranspose node, None if unknown."""
    if len(shapes) < 2 or shapes[0] is None or shapes[1] is None or len(shapes[0]) < 3:
        return None
    in_size = list(shapes[0][2:])
    kernel = list(shapes[1][2:])
    nd = len(in_size)
    strides = list(attrs.get("strides") or [1] * nd)
    dilations = list(attrs.get("dilations") or [1] * nd)
    if not len(kernel) == len(strides) == len(dilations) == nd:
        return None
    return in_size, kernel, strides, dilations


def _total_padding(attrs: Mapping[str, Any], shapes: Shapes) -> list[int] | None:
    """ConvTranspose's total padding per axis when it is derived from an output shape
    (``output_shape`` or ``SAME_*``), as the specification writes it; None otherwise."""
    geometry = _spatial(attrs, shapes)
    if geometry is None:
        return None
    in_size, kernel, strides, dilations = geometry
    out_pad = list(attrs.get("output_padding") or [0] * len(in_size))
    if attrs.get("output_shape"):
        target = list(attrs["output_shape"])[-len(in_size):]
    elif attrs.get("auto_pad", "NOTSET") in ("SAME_UPPER", "SAME_LOWER"):
        target = [i * s for i, s in zip(in_size, strides, strict=True)]
    else:
        return None
    full = full_extent(in_size, kernel, strides, dilations)
    return [f + o - t for f, o, t in zip(full, out_pad, target, strict=True)]


def _same_negative_total(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    total = _total_padding(attrs, shapes)
    return (total is not None and not attrs.get("output_shape")
            and any(t < 0 for t in total))


def _output_shape_overshoot(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    total = _total_padding(attrs, shapes)
    return total is not None and bool(attrs.get("output_shape")) and any(t < -1 for t in total)


def _output_padding_not_below_stride(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    out_pad = attrs.get("output_padding") or []
    strides = attrs.get("strides") or [1] * len(out_pad)
    return any(o >= s for o, s in zip(out_pad, strides, strict=False))


def _conv_same_dilated(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    return (attrs.get("auto_pad", "NOTSET") in ("SAME_UPPER", "SAME_LOWER")
            and any(d > 1 for d in attrs.get("dilations") or []))


def _pad_reflect_beyond(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    if attrs.get("mode", "constant") != "reflect":
        return False
    pads = attrs.get("pads")
    if pads is None or not shapes or shapes[0] is None:
        return True  # pads given as an input: the audit cannot tell from the attributes alone
    rank = len(shapes[0])
    axes = list(attrs.get("axes") or range(rank))
    n = len(axes)
    if len(pads) != 2 * n:
        return False
    return any(max(pads[i], pads[n + i]) > shapes[0][a] - 1 for i, a in enumerate(axes))


RUNTIME_NOTES: tuple[RuntimeNote, ...] = (
    RuntimeNote(
        "conv_transpose_negative_total_padding", "ConvTranspose", "differs",
        "auto_pad SAME_*: the output is input x stride; a negative total padding (a kernel smaller "
        "than the stride) extends the full result with zeros, split floor-wise",
        "clamps the total padding at 0 and returns the full extent: fewer values, no leading zero",
        "test_onnx_spec_differences.py::test_ort_clamps_negative_total_padding_spec_extends_with_zeros",
        _same_negative_total,
    ),
    RuntimeNote(
        "conv_transpose_output_shape_overshoot", "ConvTranspose", "refuses",
        "an output_shape beyond the full result zero-extends it on both sides (NOTSET: the odd "
        "element at the beginning)",
        "refuses an overshoot of more than one: 'Explicit output_shape is inconsistent with input "
        "spatial dimensions'",
        "test_onnx_spec_differences.py::test_ort_rejects_output_shape_beyond_the_full_result_spec_extends_with_zeros",
        _output_shape_overshoot,
    ),
    RuntimeNote(
        "conv_transpose_output_padding_below_dilation", "ConvTranspose", "refuses",
        "output_padding must be smaller than max(stride, dilation): at stride 1, dilation 2, "
        "output_padding 1 is defined (PyTorch agrees)",
        "requires output_padding < stride: 'Computed output shape is inconsistent with input "
        "spatial dimensions'",
        "test_onnx_spec_differences.py::test_ort_rejects_output_padding_below_dilation_but_not_below_stride",
        _output_padding_not_below_stride,
    ),
    RuntimeNote(
        "conv_same_with_dilation", "Conv", "refuses",
        "auto_pad SAME_* with dilations > 1 pads the dilated kernel's extent",
        "its CPU kernel refuses: 'Dilation not supported for AutoPadType::SAME_UPPER or SAME_LOWER'",
        "test_onnx_spec_differences.py::test_ort_rejects_same_conv_with_dilation",
        _conv_same_dilated,
    ),
    RuntimeNote(
        "pad_reflect_beyond_size", "Pad", "refuses",
        "reflect pads larger than size - 1 repeat the reflection, as the reference np.pad does "
        "(onnx/onnx#6735)",
        "refuses reflect pads larger than size - 1 (microsoft/onnxruntime#23878)",
        "test_pad.py::test_onnx_reflect_follows_the_specification_onnx_6735",
        _pad_reflect_beyond,
    ),
)


def notes_for(op_type: str, attributes: Mapping[str, Any], input_shapes: Shapes) -> list[RuntimeNote]:
    """The notes of :data:`RUNTIME_NOTES` whose case covers this node.

    Parameters
    ----------
    op_type : str
        The ONNX operator.
    attributes : mapping
        The node's attributes by their ONNX names (Pad's ``pads``/``axes`` inputs may be
        given here too).
    input_shapes : sequence of tuple or None
        The shapes of the node's inputs, in order (None where unknown or absent).

    Returns
    -------
    list of RuntimeNote
    """
    return [n for n in RUNTIME_NOTES if n.op_type == op_type and n.applies(attributes, input_shapes)]
