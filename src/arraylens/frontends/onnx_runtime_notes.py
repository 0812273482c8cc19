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

from arraylens.core.errors import ArgumentError
from arraylens.ops.conv.spec import full_extent
from arraylens.ops.pool.spec import Window

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
        The ONNX operator (``"ConvTranspose"``, ``"Pad"``, ...), or several separated by ``", "``
        where one difference is shared (``"MaxPool, AveragePool, LpPool"``).
    outcome : {'differs', 'refuses', 'accepts'}
        ``differs``: onnxruntime returns other values or another shape; ``refuses``: it raises
        where the specification defines a result; ``accepts``: it computes what the
        specification leaves undefined or forbids.
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
    opsets : (int, int)
        The model opsets (inclusive) at which the difference exists (default: all).
    dtypes : tuple of str
        The input element types (NumPy names, ``"float64"``) it concerns; empty: any.
    """

    key: str
    op_type: str
    outcome: str
    specification: str
    onnxruntime: str
    test: str
    applies: Callable[[Mapping[str, Any], Shapes], bool]
    opsets: tuple[int, int] = (1, 10**6)
    dtypes: tuple[str, ...] = ()

    @property
    def op_types(self) -> tuple[str, ...]:
        """The operators this note concerns."""
        return tuple(self.op_type.split(", "))


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


# --- Pooling (MaxPool, AveragePool, LpPool, GlobalAveragePool, GlobalMaxPool): opset 22 ---------

def _pool_axes(attrs: Mapping[str, Any], shapes: Shapes,
               ceil_mode: bool = False, drop_last: str = "start_past_input") -> list[tuple[int, Window]] | None:
    """Per spatial axis (n, its :class:`arraylens.ops.pool.spec.Window`) of a pooling node with
    explicit (or no) pads; None when the input shape or the kernel is unknown, or the attributes
    make no window."""
    kernel = list(attrs.get("kernel_shape") or [])
    if not shapes or shapes[0] is None or len(shapes[0]) != len(kernel) + 2 or not kernel:
        return None
    nd = len(kernel)
    strides = list(attrs.get("strides") or [1] * nd)
    dilations = list(attrs.get("dilations") or [1] * nd)
    pads = list(attrs.get("pads") or [0] * (2 * nd))
    if attrs.get("auto_pad", "NOTSET") != "NOTSET" or not len(strides) == len(dilations) == nd == len(pads) // 2:
        return None
    try:
        return [(int(shapes[0][2 + i]), Window(kernel[i], strides[i], dilations[i], (pads[i], pads[nd + i]),
                                               ceil_mode, drop_last)) for i in range(nd)]
    except ArgumentError:  # an invalid attribute: the node is refused, no note to quote
        return None


def _ceil_window_in_right_padding(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    """ceil_mode keeps, before opset 22, a last window that opset 22 drops."""
    if not attrs.get("ceil_mode") or attrs.get("auto_pad", "NOTSET") != "NOTSET":
        return False
    kept, dropped = _pool_axes(attrs, shapes, True, "none"), _pool_axes(attrs, shapes, True)
    if kept is None or dropped is None:
        return True  # the shape is unknown: the case may apply
    return any(k.output_size(n) != d.output_size(n) for (n, k), (_, d) in zip(kept, dropped, strict=True))


def _valid_with_ceil(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    return attrs.get("auto_pad") == "VALID" and bool(attrs.get("ceil_mode"))


def _same_pool_dilated(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    return (attrs.get("auto_pad", "NOTSET") in ("SAME_UPPER", "SAME_LOWER")
            and any(d > 1 for d in attrs.get("dilations") or []))


def _window_longer_than_padded_input(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    axes = _pool_axes(attrs, shapes)
    return axes is not None and any(w.output_size(n) < 1 for n, w in axes)


def _pad_at_least_kernel(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    kernel = list(attrs.get("kernel_shape") or [])
    pads = list(attrs.get("pads") or [])
    return bool(kernel) and len(pads) == 2 * len(kernel) and any(
        p >= kernel[i % len(kernel)] for i, p in enumerate(pads))


def _pads_with_auto_pad(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    return attrs.get("auto_pad", "NOTSET") != "NOTSET" and bool(attrs.get("pads"))


def _more_than_three_spatial_axes(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    return bool(shapes) and shapes[0] is not None and len(shapes[0]) > 5


def _always(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    return True


def _lp_p_zero(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    return attrs.get("p", 2) == 0


_WINDOWED = ("MaxPool", "AveragePool", "LpPool")
_POOL_TEST = "test_pool_onnx.py::"
_POOL_CASES: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (_WINDOWED, dict(
        key="pool_ceil_mode_before_opset_22", outcome="differs", applies=_ceil_window_in_right_padding,
        opsets=(10, 21),
        specification="opset 19-21, ceil_mode=1: a plain ceil keeps a last window that starts in the right "
                      "padding (the sentence that drops it arrived in opset 22); onnxruntime's own shape "
                      "inference agrees",
        onnxruntime="drops that window at every opset: the output is one shorter than the model's inferred "
                    "shape ('Expected shape from model of {1,1,4} does not match actual shape of {1,1,3}')",
        test=_POOL_TEST + "test_ceil_mode_before_opset_22_runtime_drops_the_window")),
    (_WINDOWED, dict(
        key="pool_valid_ceil_mode", outcome="differs", applies=_valid_with_ceil,
        specification="auto_pad=VALID: floor((n - (k - 1) * d - 1) / s) + 1 windows, ceil_mode or not",
        onnxruntime="applies ceil_mode to VALID: ceil((n - (k - 1) * d - 1) / s) + 1 windows, the last one partly "
                    "outside X",
        test=_POOL_TEST + "test_valid_with_ceil_mode_runtime_adds_a_window")),
    (("MaxPool", "AveragePool"), dict(
        key="pool_same_with_dilations", outcome="differs", applies=_same_pool_dilated,
        specification="SAME_*: ceil(n / s) windows, total padding (out - 1) * s + ((k - 1) * d + 1) - n",
        onnxruntime="sizes the padding with the undilated kernel, (out - 1) * s + k - n, then slides the dilated "
                    "one: fewer windows (5 -> 2 for n=5, k=4, d=2)",
        test=_POOL_TEST + "test_same_with_dilations_runtime_ignores_the_dilation")),
    (_WINDOWED, dict(
        key="pool_window_larger_than_input", outcome="differs", applies=_window_longer_than_padded_input,
        specification="floor((n + pads - ((k - 1) * d + 1)) / s + 1) windows: 0 when the dilated kernel is "
                      "longer than the padded input (an empty output)",
        onnxruntime="divides with truncation toward zero: one window reaching past the input (MaxPool of [4, 7] "
                    "with k=3, s=2 gives [7])",
        test=_POOL_TEST + "test_window_larger_than_input_runtime_truncates")),
    (_WINDOWED, dict(
        key="pool_pads_at_least_kernel", outcome="refuses", applies=_pad_at_least_kernel,
        specification="pads can take any value >= 0 (a window of padding only: AveragePool 0/0 = NaN with "
                      "count_include_pad=0; arraylens refuses such a MaxPool, whose maximum of no cell is "
                      "undefined)",
        onnxruntime="refuses at session creation: 'Pad should be smaller than kernel.'",
        test=_POOL_TEST + "test_pads_at_least_kernel_runtime_refuses")),
    (("AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool"), dict(
        key="pool_double_types", outcome="refuses", applies=_always, dtypes=("float64",),
        specification="T includes tensor(double)",
        onnxruntime="NOT_IMPLEMENTED: Could not find an implementation (its CPU kernels take float16 and float; "
                    "MaxPool takes double)",
        test=_POOL_TEST + "test_types_the_runtime_lacks")),
    ((*_WINDOWED, "GlobalAveragePool", "GlobalMaxPool"), dict(
        key="pool_bfloat16", outcome="refuses", applies=_always, dtypes=("bfloat16",),
        specification="T includes tensor(bfloat16)",
        onnxruntime="NOT_IMPLEMENTED: Could not find an implementation",
        test=_POOL_TEST + "test_types_the_runtime_lacks")),
    (_WINDOWED, dict(
        key="pool_pads_with_auto_pad", outcome="accepts", applies=_pads_with_auto_pad,
        specification="pads cannot be used simultaneously with auto_pad (arraylens refuses)",
        onnxruntime="ignores pads and pads by auto_pad",
        test=_POOL_TEST + "test_pads_with_auto_pad")),
    (("MaxPool", "AveragePool"), dict(
        key="pool_more_than_three_spatial_axes", outcome="refuses", applies=_more_than_three_spatial_axes,
        specification="X is (N x C x D1 x D2 ... Dn): any number of spatial axes",
        onnxruntime="INVALID_ARGUMENT at run time (its pooling kernels stop at 3 spatial axes)",
        test=_POOL_TEST + "test_four_spatial_axes")),
    (("LpPool",), dict(
        key="lp_pool_p_zero", outcome="accepts", applies=_lp_p_zero,
        specification="no L0 norm: (sum |x|^0)^(1/0) is undefined (arraylens refuses)",
        onnxruntime="returns inf",
        test=_POOL_TEST + "test_lp_pool_p_zero")),
)

RUNTIME_NOTES += tuple(RuntimeNote(op_type=", ".join(ops), **case) for ops, case in _POOL_CASES)


# --- Resize (opset 19) ---------------------------------------------------------------------------


def _crop_and_resize(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    return attrs.get("coordinate_transformation_mode") == "tf_crop_and_resize"


def _crop_and_resize_from_scales(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    scales = shapes[2] if len(shapes) > 2 else None
    return _crop_and_resize(attrs, shapes) and (scales is None or bool(scales and scales[0]))


def _from_scales(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    """The output size comes from ``scales``: no non-empty ``sizes`` input (exactly one is given)."""
    sizes = shapes[3] if len(shapes) > 3 else None
    return not (sizes and sizes[0])


def _nearest_round_prefer(attrs: Mapping[str, Any], shapes: Shapes) -> bool:
    return attrs.get("mode", "nearest") == "nearest" and attrs.get("nearest_mode", "round_prefer_floor") in (
        "round_prefer_floor", "round_prefer_ceil")


_RESIZE_TEST = "test_resize_onnx.py::"
RUNTIME_NOTES += (
    RuntimeNote(
        "resize_coordinate_arithmetic", "Resize", "differs",
        "x_original is exact: nearest, asymmetric, floor, 26 -> 64 reads input 32 * 26 / 64 = 13 for output 32",
        "computes x_resized / scale in float32: 32 / 2.4615386 = 12.999999, input 12 (microsoft/onnxruntime#28085); "
        "arraylens.onnx.resize(..., runtime='onnxruntime') reproduces it",
        _RESIZE_TEST + "test_difference_coordinate_arithmetic_onnxruntime_28085",
        _always,
    ),
    RuntimeNote(
        "resize_crop_size_from_scales", "Resize", "differs",
        "tf_crop_and_resize from scales: output floor(input_dimension * (roi_end - roi_start) * scale)",
        "floor(input_dimension * scale): the roi does not shrink the output",
        _RESIZE_TEST + "test_difference_tf_crop_and_resize_size_from_scales",
        _crop_and_resize_from_scales,
    ),
    RuntimeNote(
        "resize_crop_unchanged_axis", "Resize", "differs",
        "tf_crop_and_resize: an axis whose size does not change is cropped to its roi and resampled like the others",
        "copies the axis unchanged: its roi is ignored",
        _RESIZE_TEST + "test_difference_tf_crop_and_resize_on_an_unchanged_axis",
        _crop_and_resize,
    ),
    RuntimeNote(
        "resize_nearest_near_half", "Resize", "differs",
        "round_prefer_floor / round_prefer_ceil: only an exact half is a tie: asymmetric, scales [0.2857143] on 7 "
        "elements, output 1 reads x_original = 1 / 0.2857143 = 3.49999984, input 3",
        "takes a float32 x_original within 1e-6 of a half as a half (float32 3.4999998: round_prefer_ceil reads "
        "input 4); runtime='onnxruntime' reproduces it",
        _RESIZE_TEST + "test_difference_nearest_near_half",
        _nearest_round_prefer,
    ),
    RuntimeNote(
        "resize_output_size_float32", "Resize", "differs",
        "output size floor(input_dimension * scale), exactly: 15 * 1.6666666 gives 24",
        "static_cast<int64_t>(scale * input_dimension) with a float32 product: 24.999999 rounds to 25.0, 25; "
        "runtime='onnxruntime' reproduces it",
        _RESIZE_TEST + "test_difference_output_size_from_scales_in_float32",
        _from_scales,
    ),
    RuntimeNote(
        "resize_unchanged_shape_copies", "Resize", "differs",
        "an output of the input's shape is still resampled at the given scales: nearest, half_pixel_symmetric, floor, "
        "scales [1.1686623] on 3 elements reads inputs [0, 1, 1]",
        "copies the input when the output shape equals the input shape, whatever the scales and mode: [0, 1, 2]; "
        "runtime='onnxruntime' reproduces it",
        _RESIZE_TEST + "test_difference_unchanged_shape_is_copied",
        _from_scales,
    ),
)


def notes_for(op_type: str, attributes: Mapping[str, Any], input_shapes: Shapes, *, opset: int = 22,
              dtype: str | None = None) -> list[RuntimeNote]:
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
    opset : int
        The model's default-domain opset (notes bound to other opsets are left out).
    dtype : str, optional
        The first input's element type as NumPy names it; None: unknown (notes bound to a
        type are then left out).

    Returns
    -------
    list of RuntimeNote
    """
    return [n for n in RUNTIME_NOTES
            if op_type in n.op_types and n.opsets[0] <= opset <= n.opsets[1]
            and (not n.dtypes or dtype in n.dtypes) and n.applies(attributes, input_shapes)]
