"""TensorFlow's ``tf.nn`` convolutions and transposed convolutions, exactly.

Names, parameters, defaults and layouts are those of TensorFlow 2.x (checked against
``tensorflow-cpu`` 2.21): ``tf.nn.conv1d``, ``conv2d``, ``conv3d``, ``conv1d_transpose``,
``conv2d_transpose``, ``conv3d_transpose`` and ``conv_transpose``. Each function only translates
its arguments into the canonical form of :mod:`arraylens.ops.conv.kernel`; each has
``f.explain(<same arguments>, at=INDEX)``.

TensorFlow's transposed convolution is the gradient of the forward convolution with respect to
its input (``Conv2DBackpropInput``): ``output_shape`` is the shape of that forward convolution's
input, and it is accepted exactly when the forward size formula applied to it gives the size of
``input``. SAME puts the odd padding element at the end (bottom/right) in both directions.

Dtypes are TensorFlow's (tensorflow-cpu 2.21, CPU kernels; see :mod:`arraylens.frontends._dtypes`):
the result has the dtype of the operand TensorFlow converts first (``input`` for a convolution,
``filters`` for a transposed one; the other NumPy operand is cast to it, and ``conv1d`` /
``conv1d_transpose`` refuse mixed dtypes); float16 and bfloat16 (ml_dtypes arrays) are computed
in float32 and rounded once (overflow gives inf); int32 wraps modulo 2**32 (refused in 3-d);
int64 and other dtypes are refused with TensorFlow's "Value for attr 'T'" message; Python lists
are read as TensorFlow reads them (floats as float32, integers as int32); bfloat16, float32 and
float64 subnormal inputs, filters and results are flushed to zero as TensorFlow's CPU kernels do
(float16's are kept, as there). Deliberate
difference: a float16 transposed convolution accumulates in float32 here (TensorFlow's CPU
kernel: float16), with a :class:`~arraylens.core.dtype_rules.DtypeWarning`.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from arraylens.core.axis_map import AxisMap
from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.registry import Cli, Entry, Option, TranslateRule, int_or_float, int_or_ints, ints, register
from arraylens.core.text import both_or_all, format_list, format_position, join_ints
from arraylens.frontends._conv_layouts import DATA_FORMATS, SPATIAL_NAMES, data_format_for, input_map
from arraylens.frontends._dtypes import _tf_name, tf_flushed, tf_flushes, tf_operands, tf_read
from arraylens.frontends._memo import CallCache, call_key, shape_memo
from arraylens.ops.conv.plan import ConvPlan, ConvTransposePlan, Layouts
from arraylens.ops.conv.prepared import prepare
from arraylens.ops.conv.spec import ConvSpec, ConvTransposeSpec, full_extent, split_padding
from arraylens.ops.rearrange.pad.plan import PadPlan
from arraylens.ops.rearrange.pad.spec import PadSpec

__all__ = [
    "conv1d",
    "conv1d_transpose",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "conv3d_transpose",
    "conv_transpose",
    "tf_accepted_sizes",
    "tf_window",
]

# The prepared plans of calls that passed every check, by call_key (shapes, dtype, arguments).
_TRANSPOSE_CALLS = CallCache(64)
_CONV_CALLS = CallCache(64)


def _channels_first(data_format: str | None, nd: int) -> bool:
    last, first = DATA_FORMATS[nd]
    if data_format is None or data_format == last:
        return False
    if data_format == first:
        return True
    raise ArgumentError(f"`data_format` must be '{last}' or '{first}'. Received: data_format={data_format!r}")


def _sequence(
    value: Any, nd: int, channels_first: bool, name: str, op: str | None = None
) -> tuple[int, ...]:
    """TensorFlow's ``_get_sequence`` plus the kernel's rule on batch and channel entries.

    An int or a list of length 1, ``nd`` or ``nd + 2``; in the last form the batch and channel
    entries must be 1. When ``op`` is given (``tf.nn.conv3d``, which passes its arguments to
    the raw op unchanged), only a list of ``nd + 2`` is accepted. Returns the spatial entries.
    """
    if value is None:
        return (1,) * nd
    if op is not None:
        if not isinstance(value, list | tuple):
            raise ArgumentTypeError(f"Expected list for '{name}' argument to '{op}' Op, not {value!r}.")
        if len(value) != nd + 2:
            raise ArgumentError(
                f"Length for attr '{name}' of {len(value)} must be at least minimum {nd + 2} "
                f"({op} takes {name} for every dimension of data_format)"
            )
    values = list(value) if isinstance(value, list | tuple | np.ndarray) else [value]
    try:
        ints = [int(v) for v in values]
        integral = all(int(v) == v for v in values)
    except (TypeError, ValueError):
        integral = False
    if not integral:
        raise ArgumentError(f"{name} must be integers. Received: {name}={value!r}")
    if len(ints) == nd + 2:
        c = 1 if channels_first else nd + 1
        if ints[0] != 1 or ints[c] != 1:
            raise ArgumentError(
                f"{name} in the batch and depth dimensions must be 1 (TensorFlow: Current "
                f"implementation does not yet support {name} in the batch and depth dimensions). "
                f"Received: {name}={ints}"
            )
        spatial = ints[2:] if channels_first else ints[1:-1]
    elif len(ints) == 1:
        spatial = ints * nd
    elif len(ints) == nd:
        spatial = ints
    else:
        raise ArgumentError(
            f"{name} should be of length 1, {nd} or {nd + 2}. Received: {name}={ints} of length {len(ints)}"
        )
    if any(v < 1 for v in spatial):
        raise ArgumentError(f"{name} must be >= 1 in every spatial dimension. Received: {name}={ints}")
    return tuple(spatial)


Padding = str | tuple[tuple[int, int], ...]


def _padding(padding: Any, nd: int, channels_first: bool, allow_explicit: bool) -> Padding:
    """'SAME', 'VALID', or (2-d) an explicit list of ``nd + 2`` (before, after) pairs."""
    if isinstance(padding, str):
        p = padding  # case-sensitive, as TensorFlow's op attribute
        if p == "EXPLICIT":
            raise ArgumentError(
                "'EXPLICIT' is not a valid value for `padding`. To use explicit padding, "
                "`padding` must be a list."
            )
        if p not in ("SAME", "VALID"):
            raise ArgumentError(
                f"`padding` must be 'SAME' or 'VALID' (upper case, as TensorFlow's op attribute). "
                f"Received: padding={padding!r}"
            )
        return str(p)
    if not allow_explicit:
        raise ArgumentError(
            f"`padding` must be 'SAME' or 'VALID' here (explicit padding lists are accepted by "
            f"the 2-d functions only). Received: padding={padding!r}"
        )
    try:
        pairs = [tuple(int(v) for v in pair) for pair in padding]
    except TypeError:
        raise ArgumentError(
            "When `padding` is a list, each element of `padding` must be a list/tuple of size 2. "
            f"Received: padding={padding!r}"
        ) from None
    if any(len(p) != 2 for p in pairs):
        raise ArgumentError(
            "When `padding` is a list, each element of `padding` must be a list/tuple of size 2. "
            f"Received: padding={padding!r}"
        )
    if len(pairs) != nd + 2:
        raise ArgumentError(
            f"When padding is a list, it must be of size {nd + 2}. Received: padding={padding!r} "
            f"of size {len(pairs)}"
        )
    if any(v < 0 for p in pairs for v in p):
        raise ArgumentError(f"All elements of explicit paddings must be nonnegative. Received: padding={padding!r}")
    c = 1 if channels_first else nd + 1
    if pairs[0] != (0, 0) or pairs[c] != (0, 0):
        raise ArgumentError(
            "Explicit padding in the batch and depth dimensions must be zero (TensorFlow: "
            f"Nonzero padding in the batch or depth dimensions is not supported). Received: padding={padding!r}"
        )
    spatial = pairs[2:] if channels_first else pairs[1:-1]
    return tuple((a, b) for a, b in spatial)


@dataclass(frozen=True)
class Window:
    """TensorFlow's forward window arithmetic along one axis (``GetWindowedOutputSizeVerbose``)."""

    in_size: int
    out_size: int
    pad_before: int
    pad_after: int


def tf_window(in_size: int, kernel: int, stride: int, dilation: int, padding: str | tuple[int, int]) -> Window:
    """Forward output size and padding of TensorFlow's convolution along one axis.

    Parameters
    ----------
    in_size, kernel, stride, dilation : int
        Input size, kernel size, stride and dilation along the axis.
    padding : 'SAME', 'VALID' or (before, after)
        SAME: ``out = ceil(in / stride)``, ``total = max((out-1)*stride + dk - in, 0)`` with
        ``dk = dilation*(kernel-1) + 1``, ``before = total // 2`` (the odd element goes after).
        VALID: ``out = floor((in - dk) / stride) + 1``, no padding.

    Raises
    ------
    ValueError
        When the output size would be negative (TensorFlow: "Computed output size would be
        negative").
    """
    dk = dilation * (kernel - 1) + 1
    if padding == "SAME":
        out = -(-in_size // stride)
        total = max((out - 1) * stride + dk - in_size, 0)
        return Window(in_size, out, *split_padding(total))
    before, after = (0, 0) if isinstance(padding, str) else padding
    out = (in_size + before + after - dk + stride) // stride
    if out < 0 or (in_size + before + after - dk + stride) < 0:
        raise ArgumentError(
            f"Computed output size would be negative: {out} [input_size: {in_size}, "
            f"effective_filter_size: {dk}, stride: {stride}]"
        )
    return Window(in_size, out, before, after)


@dataclass(frozen=True)
class _Shape:
    """An operand's shape where a check reads ``.shape`` and ``.ndim`` only (cached frames)."""

    shape: tuple[int, ...]

    @property
    def ndim(self) -> int:
        return len(self.shape)


def _rank_check(a: np.ndarray | _Shape, nd: int, name: str, layout: str) -> None:
    if a.ndim != nd + 2:
        raise ArgumentError(f"`{name}` must be {nd + 2}-dimensional ({layout}), got shape {a.shape}")


def _transpose_plan(
    op: str,
    nd: int,
    input: Any,
    filters: Any,
    output_shape: Any,
    strides: Any,
    padding: Any,
    data_format: str | None,
    dilations: Any,
    small_result: bool = True,
) -> ConvTransposePlan:
    # A float32/float64 call whose shapes, dtype and arguments passed every check before is
    # rebuilt from that call's prepared plan (arraylens.ops.conv.prepared); only the operands'
    # flush-to-zero, which reads their values, is redone.
    key = call_key((input, filters), op, nd, output_shape, strides, padding, data_format, dilations)
    prepared = None if key is None else _TRANSPOSE_CALLS.get(key)
    if prepared is not None:
        layouts = prepared.fields["layouts"]
        small = None
        if small_result:
            small = prepared.plan_flushing(layouts.x.to_canonical(input), layouts.w.to_canonical(filters))
        if small is not None:  # searched for subnormals once, with its result
            return small
        x, f = tf_flushed(input, filters, input.dtype)
        return prepared.plan(layouts.x.to_canonical(x), layouts.w.to_canonical(f), None)
    _channels_first(data_format, nd)  # a bad data_format is refused before the operands
    xr, fr, dtype = tf_operands(op, input, filters, True, nd)
    x = as_real_array(xr, "input")
    f = as_real_array(fr, "filters")
    layouts, spec, described = shape_memo(
        _transpose_frame, op, nd, x.shape, f.shape, output_shape, strides, padding, data_format, dilations
    )
    plan = ConvTransposePlan(
        op, layouts.x.to_canonical(x), layouts.w.to_canonical(f), spec, layouts, describe=described,
        notes=_dtype_notes(dtype), out_dtype=dtype, flush_subnormals=tf_flushes(dtype),
    )
    prepared = None if key is None else prepare(plan)
    if prepared is None:
        return plan
    _TRANSPOSE_CALLS.put(key, prepared)
    return prepared.plan(plan.x, plan.w, None)


def _transpose_frame(
    op: str,
    nd: int,
    x_shape: tuple[int, ...],
    f_shape: tuple[int, ...],
    output_shape: Any,
    strides: Any,
    padding: Any,
    data_format: str | None,
    dilations: Any,
) -> tuple[Layouts, ConvTransposeSpec, Callable[[], list[str]]]:
    """Every check of :func:`_transpose_plan` that reads shapes and arguments only (cached by
    :func:`~arraylens.frontends._memo.shape_memo`): the layouts, the spec and the notes."""
    channels_first = _channels_first(data_format, nd)
    fmt = data_format_for(nd, channels_first)
    x = _Shape(x_shape)
    f = _Shape(f_shape)
    _rank_check(x, nd, "input", fmt)
    _rank_check(f, nd, "filters", "[*spatial, out_channels, in_channels]")
    shape_values = np.asarray(output_shape).reshape(-1)
    if shape_values.dtype.kind not in "iu" and not (shape_values.dtype.kind == "O" and all(
        isinstance(v, int | np.integer) for v in shape_values
    )):
        raise ArgumentTypeError(
            f"`output_shape` must be integers (TensorFlow: Cannot convert {output_shape!r} to "
            "EagerTensor of dtype int32)"
        )
    out_shape = tuple(int(v) for v in shape_values)
    spatial_only = nd == 2 and len(out_shape) == nd and op == "tf.nn.conv2d_transpose"
    if spatial_only:
        # Conv2DBackpropInput also takes the spatial sizes alone: batch from the input, channels
        # from the filters (TF's testConv2DInputSizesContainsOnlySpatialDimensionsBackpropInput).
        # Its 1-d and 3-d transposes do not (TF 2.x aborts or fails in oneDNN).
        n_batch, c_out = x.shape[0], f.shape[-2]
        out_shape = (n_batch, c_out, *out_shape) if channels_first else (n_batch, *out_shape, c_out)
    if len(out_shape) != nd + 2:
        raise ArgumentError(
            f"`output_shape` must have {nd + 2} elements ({fmt}) for {op}. Received: "
            f"output_shape={list(out_shape)} of length {len(out_shape)}"
        )
    stride = _sequence(strides, nd, channels_first, "strides")
    dilation = _sequence(dilations, nd, channels_first, "dilations")
    pad = _padding(padding, nd, channels_first, allow_explicit=nd == 2)

    x_map = input_map(nd, channels_first)
    w_map = AxisMap((*range(nd), nd + 1, nd))  # [*k, out, in] -> canonical [*k, in, out]
    xc = _Shape(x_map.shape_to_canonical(x_shape))
    oc = x_map.shape_to_canonical(out_shape)
    if oc[0] != xc.shape[0]:
        raise ArgumentError(
            f"output_shape has batch size {oc[0]} but the input has {xc.shape[0]} (TensorFlow: "
            "input and out_backprop must have the same batch size)"
        )
    if f.shape[-1] != xc.shape[-1]:
        raise ArgumentError(
            f"filters has in_channels {f.shape[-1]} (its last dimension) but the input has "
            f"{xc.shape[-1]} channels in data_format {fmt} (TensorFlow: filter and out_backprop "
            f"must have the same out_depth){_layout_hint(x, f.shape[-1], nd, channels_first)}"
        )
    if oc[-1] != f.shape[-2]:
        raise ArgumentError(
            f"output_shape has {oc[-1]} channels but filters has out_channels {f.shape[-2]} "
            "(TensorFlow: input and filter must have the same depth)"
        )
    if any(v < 1 for v in oc[1:]):
        raise ArgumentError(
            f"output_shape must be positive in its spatial and channel dimensions. Received: "
            f"output_shape={list(out_shape)}"
        )
    kernel = f.shape[:nd]
    crop = []
    names = SPATIAL_NAMES[nd]
    for a in range(nd):
        pa = pad if isinstance(pad, str) else pad[a]
        win = tf_window(oc[1 + a], kernel[a], stride[a], dilation[a], pa)
        actual = xc.shape[1 + a]
        if win.out_size != actual:
            raise ArgumentError(
                f"{op}: output_shape {list(out_shape)} does not fit the input along {names[a]} "
                f"(spatial dimension {a}): a forward {pad if isinstance(pad, str) else 'explicit'}-"
                f"padded convolution of size {oc[1 + a]} with filter {kernel[a]}, stride "
                f"{stride[a]}, dilation {dilation[a]} gives {win.out_size}, but the input has "
                f"{actual} (TensorFlow: Size of out_backprop doesn't match computed: actual = "
                f"{actual}, computed = {win.out_size})"
            )
        (full,) = full_extent((actual,), (kernel[a],), (stride[a],), (dilation[a],))
        crop.append((win.pad_before, full - win.pad_before - oc[1 + a]))

    def describe() -> list[str]:
        notes = []
        for a in range(nd):
            pa = pad if isinstance(pad, str) else pad[a]
            actual = xc.shape[1 + a]
            if not isinstance(pa, str):
                notes.append(f"{names[a]}: explicit padding {pa} is cropped from the full result.")
                continue
            win = tf_window(oc[1 + a], kernel[a], stride[a], dilation[a], pa)
            sizes = tf_accepted_sizes(actual, kernel[a], stride[a], dilation[a], pa)
            rule = (
                f"pads {win.pad_before + win.pad_after} in total, {win.pad_before} before and "
                f"{win.pad_after} after (the odd element at the end)" if pa == "SAME" else "pads nothing"
            )
            notes.append(
                f"{names[a]}: output_shape {oc[1 + a]} is accepted because a forward {pa} "
                f"convolution of that size gives the input's {actual}; {_size_range(sizes)} "
                f"{'would' if len(sizes) == 1 else both_or_all(len(sizes)) + ' would'}, so "
                f"output_shape chooses among them. {pa} {rule}."
            )
        notes.append(
            "filters are [*spatial, out_channels, in_channels]: the transpose reads them as the "
            "forward convolution's HWIO filters, so the channel axes look swapped."
        )
        return notes

    def described() -> list[str]:
        head = [
            f"output_shape {list(shape_values)} gave the spatial sizes only: TensorFlow takes the "
            f"batch from the input and the channels from filters, {list(out_shape)}."
        ] if spatial_only else []
        return head + describe()

    spec = ConvTransposeSpec(stride, dilation, tuple(crop), 1)
    return Layouts(x_map, w_map, x_map, ("input", "filters", "out")), spec, described




def _layout_hint(x: np.ndarray | _Shape, channels: int, nd: int, channels_first: bool) -> str:
    """A pointer to the other data_format when the input's channels sit there."""
    other_axis = -1 if channels_first else 1
    if x.shape[other_axis] == channels:
        other = data_format_for(nd, not channels_first)
        return (
            f"; the input's axis {other_axis % x.ndim} has {channels}: is it {other} data? "
            f"pass data_format='{other}'"
        )
    return ""


def tf_accepted_sizes(
    in_size: int, kernel: int, stride: int, dilation: int, padding: str | tuple[int, int]
) -> range:
    """Every forward size TensorFlow maps to ``in_size`` along one axis: the ``output_shape``
    entries a transposed convolution of an input of that size accepts.

    The inverse of :func:`tf_window`, in closed form (no search, whatever the stride). SAME:
    ``ceil(size / stride) == in_size``, so ``(in_size - 1)*stride < size <= in_size*stride``.
    VALID or explicit ``(before, after)`` with ``p = before + after``:
    ``floor((size + p - dk) / stride) + 1 == in_size``, so ``(in_size - 1)*stride + dk - p <=
    size < in_size*stride + dk - p``, with ``dk = dilation*(kernel - 1) + 1``. Sizes below 1
    are left out.

    Parameters
    ----------
    in_size, kernel, stride, dilation : int
        The transposed convolution's input size, the kernel size, stride and dilation.
    padding : 'SAME', 'VALID' or (before, after)

    Returns
    -------
    range
        The accepted sizes, in increasing order (empty when there is none).

    Examples
    --------
    >>> tf_accepted_sizes(2, 3, 2, 1, "VALID")
    range(5, 7)
    >>> tf_accepted_sizes(2, 3, 10**9, 1, "SAME")
    range(1000000001, 2000000001)
    """
    if padding == "SAME":
        low, high = (in_size - 1) * stride + 1, in_size * stride
    else:
        before, after = (0, 0) if isinstance(padding, str) else padding
        dk = dilation * (kernel - 1) + 1
        low = (in_size - 1) * stride + dk - before - after
        high = low + stride - 1
    return range(max(low, 1), high + 1)


def _size_range(sizes: range) -> str:
    """``sizes 5 and 6`` for a few sizes, ``every size from a to b (n sizes)`` for many."""
    if len(sizes) == 1:
        return f"only size {sizes[0]}"
    if len(sizes) <= 8:
        return f"sizes {format_list(sizes)}"
    return f"every size from {sizes.start} to {sizes.stop - 1} ({len(sizes)} sizes)"


def _conv_plan(
    op: str, nd: int, input: Any, filters: Any, strides: Any, padding: Any,
    data_format: str | None, dilations: Any, stride_name: str = "strides",
    raw_op: str | None = None,
) -> ConvPlan:
    # as _transpose_plan: a call like one that passed every check reuses its prepared plan
    key = call_key((input, filters), op, nd, strides, padding, data_format, dilations, stride_name, raw_op)
    prepared = None if key is None else _CONV_CALLS.get(key)
    if prepared is not None:
        to_canonical = prepared.fields["layouts"].x.to_canonical
        small = prepared.plan_flushing(to_canonical(input), filters)
        if small is not None:  # searched for subnormals once, with its result
            return small
        x, f = tf_flushed(input, filters, input.dtype)
        return prepared.plan(to_canonical(x), f, None)
    _channels_first(data_format, nd)  # a bad data_format is refused before the operands
    xr, fr, dtype = tf_operands(op, input, filters, False, nd)
    x = as_real_array(xr, "input")
    f = as_real_array(fr, "filters")
    layouts, spec, notes = shape_memo(
        _conv_frame, op, nd, x.shape, f.shape, strides, padding, data_format, dilations, stride_name, raw_op
    )
    plan = ConvPlan(
        op, layouts.x.to_canonical(x), f, spec, layouts,
        notes=[*notes, *_dtype_notes(dtype)], out_dtype=dtype, flush_subnormals=tf_flushes(dtype),
        transposed=(f"arraylens.tensorflow.{op.removeprefix('tf.nn.')}_transpose", f"{op}_transpose"),
    )
    prepared = None if key is None else prepare(plan)
    if prepared is None:
        return plan
    _CONV_CALLS.put(key, prepared)
    return prepared.plan(plan.x, plan.w, None)


def _conv_frame(
    op: str, nd: int, x_shape: tuple[int, ...], f_shape: tuple[int, ...], strides: Any, padding: Any,
    data_format: str | None, dilations: Any, stride_name: str, raw_op: str | None,
) -> tuple[Layouts, ConvSpec, tuple[str, ...]]:
    """Every check of :func:`_conv_plan` that reads shapes and arguments only (cached by
    :func:`~arraylens.frontends._memo.shape_memo`): the layouts, the spec and the notes."""
    channels_first = _channels_first(data_format, nd)
    fmt = data_format_for(nd, channels_first)
    x = _Shape(x_shape)
    f = _Shape(f_shape)
    _rank_check(x, nd, "input", fmt)
    _rank_check(f, nd, "filters", "[*spatial, in_channels, out_channels]")
    stride = _sequence(strides, nd, channels_first, stride_name, raw_op)
    dilation = _sequence(dilations, nd, channels_first, "dilations", raw_op)
    pad = _padding(padding, nd, channels_first, allow_explicit=nd == 2)
    x_map = input_map(nd, channels_first)
    xc = _Shape(x_map.shape_to_canonical(x_shape))
    c_in, f_in, c_out = xc.shape[-1], f.shape[-2], f.shape[-1]
    if f_in == 0 or c_in % f_in:
        raise ArgumentError(
            f"input depth {c_in} (data_format {fmt}) must be evenly divisible by filter depth {f_in} "
            f"(filters' in_channels; a multiple means grouped convolution)"
            f"{_layout_hint(x, f_in, nd, channels_first)}"
        )
    groups = c_in // f_in
    if groups == 0:
        raise ArgumentError(
            f"grouped convolution must have at least one group: 0 groups (input depth {c_in}, "
            f"filter depth {f_in})"
        )
    if c_out % groups:
        raise ArgumentError(
            f"filters' out_channels {c_out} must be divisible by the number of groups {groups} "
            f"(input depth {c_in} / filter depth {f_in})"
        )
    kernel = f.shape[:nd]
    padding_pairs = []
    for a in range(nd):
        pa = pad if isinstance(pad, str) else pad[a]
        win = tf_window(xc.shape[1 + a], kernel[a], stride[a], dilation[a], pa)
        if win.out_size < 1:
            raise ArgumentError(
                f"{op}: the filter (effective size {dilation[a] * (kernel[a] - 1) + 1}) does not "
                f"fit the input of size {xc.shape[1 + a]} along spatial dimension {a} with "
                f"{pa if isinstance(pa, str) else 'explicit'} padding: output size {win.out_size}"
            )
        padding_pairs.append((win.pad_before, win.pad_after))
    notes = []
    if pad == "SAME":
        notes.append(
            f"SAME padding (before, after) {', '.join(format_position(p) for p in padding_pairs)} "
            f"per spatial axis: the odd "
            "element goes after."
        )
    spec = ConvSpec(stride, dilation, tuple(padding_pairs), groups)
    return Layouts(x_map, AxisMap.identity(nd + 2), x_map, ("input", "filters", "out")), spec, tuple(notes)




def _dtype_notes(dtype: Any) -> list[str]:
    """What the explanation should say about the result dtype."""
    return list(_dtype_note_tuple(dtype))


@lru_cache(maxsize=64)
def _dtype_note_tuple(dtype: Any) -> tuple[str, ...]:
    return tuple(_dtype_note_list(dtype))


def _dtype_note_list(dtype: Any) -> list[str]:
    if dtype is None:
        return []
    name = np.dtype(dtype).name
    if name in ("float32", "float64"):
        return []
    if name == "int32":
        return ["TensorFlow returns int32: the sum wraps modulo 2**32 (the sums shown are exact)."]
    return [f"TensorFlow returns {name}: the sum is rounded to {name} once (overflow gives inf)."]


@frontend("tf.nn.conv1d_transpose")
def conv1d_transpose(
    input: Any, filters: Any, output_shape: Sequence[int], strides: Any,
    padding: str = "SAME", data_format: str = "NWC", dilations: Any = None, name: str | None = None,
) -> ConvTransposePlan:
    """The transpose of ``conv1d``, as ``tf.nn.conv1d_transpose`` (TensorFlow 2.x).

    Parameters
    ----------
    input : array_like, shape (batch, width, in_channels) for NWC or (batch, in_channels, width) for NCW
    filters : array_like, shape (filter_width, out_channels, in_channels)
    output_shape : sequence of 3 ints
        The output's shape, in ``data_format``.
    strides, dilations : int or sequence of 1 or 3 ints
        In the 3-entry form the batch and channel entries must be 1.
    padding : {'SAME', 'VALID'}
    data_format : {'NWC', 'NCW'}
    name : str, optional
        Accepted for signature compatibility; unused.

    Returns
    -------
    ndarray of shape ``output_shape``, in TensorFlow's dtype (see the module's notes on dtypes).

    Raises
    ------
    ValueError
        If ``output_shape`` does not map back to the input's size under the forward size
        formula, or any argument breaks TensorFlow's rules (the message names the rule).
    TypeError
        For complex or non-numeric arrays.
    """
    return _transpose_plan(
        "tf.nn.conv1d_transpose", 1, input, filters, output_shape, strides, padding, data_format, dilations
    )


@frontend("tf.nn.conv2d_transpose")
def conv2d_transpose(
    input: Any, filters: Any, output_shape: Sequence[int], strides: Any,
    padding: Any = "SAME", data_format: str = "NHWC", dilations: Any = None, name: str | None = None,
) -> ConvTransposePlan:
    """The transpose of ``conv2d``, as ``tf.nn.conv2d_transpose`` (TensorFlow 2.x).

    Parameters
    ----------
    input : array_like
        Shape (batch, height, width, in_channels) for NHWC, (batch, in_channels, height, width)
        for NCHW.
    filters : array_like, shape (height, width, out_channels, in_channels)
    output_shape : sequence of 4 ints, or of 2
        The output's shape, in ``data_format``: the shape of the input of the forward
        ``conv2d`` that this is the gradient of. As in TensorFlow, the two spatial sizes alone
        are accepted: the batch comes from the input, the channels from ``filters``.
    strides, dilations : int or sequence of 1, 2 or 4 ints
        In the 4-entry form the batch and channel entries must be 1.
    padding : 'SAME', 'VALID' or list of 4 (before, after) pairs
        Explicit padding is given for every dimension of ``data_format`` (batch and channel
        pairs must be zero) and is cropped from the full result.
    data_format : {'NHWC', 'NCHW'}
    name : str, optional
        Accepted for signature compatibility; unused.

    Returns
    -------
    ndarray of shape ``output_shape``, in TensorFlow's dtype (see the module's notes on dtypes).

    Raises
    ------
    ValueError
        If ``output_shape`` does not map back to the input's size under the forward size
        formula (TensorFlow's "Size of out_backprop doesn't match computed"), or any argument
        breaks TensorFlow's rules (the message names the rule and the numbers).
    TypeError
        For complex or non-numeric arrays.

    Notes
    -----
    TensorFlow's CPU kernels refuse dilations > 1 and NCHW for this op; arraylens computes the
    defined result there (the transpose of the dilated forward convolution).
    """
    return _transpose_plan(
        "tf.nn.conv2d_transpose", 2, input, filters, output_shape, strides, padding, data_format, dilations
    )


@frontend("tf.nn.conv3d_transpose")
def conv3d_transpose(
    input: Any, filters: Any, output_shape: Sequence[int], strides: Any,
    padding: str = "SAME", data_format: str = "NDHWC", dilations: Any = None, name: str | None = None,
) -> ConvTransposePlan:
    """The transpose of ``conv3d``, as ``tf.nn.conv3d_transpose`` (TensorFlow 2.x).

    Parameters
    ----------
    input : array_like, shape (batch, depth, height, width, in_channels) for NDHWC or channels-first for NCDHW
    filters : array_like, shape (depth, height, width, out_channels, in_channels)
    output_shape : sequence of 5 ints, in ``data_format``
    strides, dilations : int or sequence of 1, 3 or 5 ints
    padding : {'SAME', 'VALID'}
    data_format : {'NDHWC', 'NCDHW'}
    name : str, optional
        Unused.

    Returns
    -------
    ndarray of shape ``output_shape``.

    Raises
    ------
    ValueError
        As :func:`conv2d_transpose`.
    TypeError
        For complex or non-numeric arrays.
    """
    return _transpose_plan(
        "tf.nn.conv3d_transpose", 3, input, filters, output_shape, strides, padding, data_format, dilations
    )


@frontend("tf.nn.conv_transpose")
def conv_transpose(
    input: Any, filters: Any, output_shape: Sequence[int], strides: Any,
    padding: str = "SAME", data_format: str | None = None, dilations: Any = None, name: str | None = None,
) -> ConvTransposePlan:
    """``tf.nn.conv_transpose``: the 1-, 2- or 3-d transpose chosen by ``len(output_shape) - 2``.

    Parameters and errors are those of :func:`conv1d_transpose`, :func:`conv2d_transpose` and
    :func:`conv3d_transpose`; ``data_format=None`` means channels-last.

    Raises
    ------
    ValueError
        If ``output_shape`` does not have 3, 4 or 5 elements, or as the N-d function.
    """
    return conv_transpose_plan(input, filters, output_shape, strides, padding, data_format, dilations)


def conv_transpose_plan(
    input: Any, filters: Any, output_shape: Sequence[int], strides: Any, padding: str = "SAME",
    data_format: str | None = None, dilations: Any = None, small_result: bool = True,
) -> ConvTransposePlan:
    """:func:`conv_transpose`'s plan; with ``small_result=False`` a small call's result is not
    computed with it (for a caller that changes the plan before computing, as Keras adds its
    bias: see :meth:`~arraylens.ops.conv.prepared.Prepared.plan_flushing`)."""
    try:
        n = len(output_shape) - 2
    except TypeError:
        raise ArgumentError(
            f"`output_shape` must be a sized collection. Received: output_shape={output_shape!r}"
        ) from None
    if not 1 <= n <= 3:
        raise ArgumentError(
            f"`output_shape` must be of length 3, 4 or 5. Received: output_shape={output_shape!r} of length {n + 2}."
        )
    op = ("tf.nn.conv1d_transpose", "tf.nn.conv2d_transpose", "tf.nn.conv3d_transpose")[n - 1]
    return _transpose_plan(op, n, input, filters, output_shape, strides, padding, data_format, dilations, small_result)


@frontend("tf.nn.conv1d")
def conv1d(
    input: Any, filters: Any, stride: Any, padding: str,
    data_format: str = "NWC", dilations: Any = None, name: str | None = None,
) -> ConvPlan:
    """1-d convolution (cross-correlation), as ``tf.nn.conv1d`` (TensorFlow 2.x).

    Parameters
    ----------
    input : array_like, shape (batch, width, in_channels) for NWC, (batch, in_channels, width) for NCW
    filters : array_like, shape (filter_width, in_channels / groups, out_channels)
    stride, dilations : int or sequence of 1 or 3 ints
    padding : {'SAME', 'VALID'}
    data_format : {'NWC', 'NCW'}
    name : str, optional
        Unused.

    Returns
    -------
    ndarray, shape (batch, out_width, out_channels) in ``data_format``.

    Raises
    ------
    ValueError
        For arguments TensorFlow rejects (the message names the rule).
    TypeError
        For complex or non-numeric arrays.
    """
    return _conv_plan(
        "tf.nn.conv1d", 1, input, filters, stride, padding, data_format, dilations, "stride"
    )


@frontend("tf.nn.conv2d")
def conv2d(
    input: Any, filters: Any, strides: Any, padding: Any,
    data_format: str = "NHWC", dilations: Any = None, name: str | None = None,
) -> ConvPlan:
    """2-d convolution (cross-correlation), as ``tf.nn.conv2d`` (TensorFlow 2.x).

    Parameters
    ----------
    input : array_like, shape (batch, height, width, in_channels) for NHWC or channels-first for NCHW
    filters : array_like, shape (height, width, in_channels / groups, out_channels) (HWIO)
        An input depth that is a multiple of the filter depth means grouped convolution.
    strides, dilations : int or sequence of 1, 2 or 4 ints
    padding : 'SAME', 'VALID' or list of 4 (before, after) pairs
    data_format : {'NHWC', 'NCHW'}
    name : str, optional
        Unused.

    Returns
    -------
    ndarray, shape (batch, out_height, out_width, out_channels) in ``data_format``.

    Raises
    ------
    ValueError
        For arguments TensorFlow rejects (the message names the rule).
    TypeError
        For complex or non-numeric arrays.
    """
    return _conv_plan("tf.nn.conv2d", 2, input, filters, strides, padding, data_format, dilations)


@frontend("tf.nn.conv3d")
def conv3d(
    input: Any, filters: Any, strides: Any, padding: str,
    data_format: str = "NDHWC", dilations: Any = None, name: str | None = None,
) -> ConvPlan:
    """3-d convolution (cross-correlation), as ``tf.nn.conv3d`` (TensorFlow 2.x).

    Parameters
    ----------
    input : array_like, shape (batch, depth, height, width, in_channels) or channels-first (NCDHW)
    filters : array_like, shape (depth, height, width, in_channels / groups, out_channels)
    strides : list of 5 ints
        Unlike ``conv1d``/``conv2d``, ``tf.nn.conv3d`` passes ``strides`` to the raw op
        unchanged: a list with an entry for every dimension of ``data_format`` (batch and
        channel entries 1).
    dilations : list of 5 ints, optional
        As ``strides``; default all ones.
    padding : {'SAME', 'VALID'}
    data_format : {'NDHWC', 'NCDHW'}
    name : str, optional
        Unused.

    Returns
    -------
    ndarray in ``data_format``.

    Raises
    ------
    ValueError
        For arguments TensorFlow rejects (the message names the rule).
    TypeError
        For complex or non-numeric arrays, and (as TensorFlow) for ``strides`` or
        ``dilations`` that are not lists.
    """
    return _conv_plan("tf.nn.conv3d", 3, input, filters, strides, padding, data_format, dilations,
                      raw_op="conv3d")


# ----------------------------------------------------------------------------------------------
# Registry: the CLI's arguments and translate's inverse rule, beside the forward rules above.
# ----------------------------------------------------------------------------------------------


def parse_padding(text: str) -> str | list[list[int]]:
    """CLI text -> ``padding``: 'SAME', 'VALID', or explicit pairs '0,0,1,2,1,2,0,0'."""
    if text.upper() in ("SAME", "VALID"):
        return text  # as typed: TensorFlow's attribute is upper case, and the front-end says so
    try:
        values = tuple(int(v) for v in text.replace(" ", "").split(",") if v != "")
    except ValueError:
        raise ValueError(
            f"--padding must be SAME, VALID, or (2-d) explicit (before, after) pairs for every "
            f"dimension of data_format as a flat list, e.g. 0,0,1,1,2,2,0,0; got {text!r}"
        ) from None
    if len(values) % 2:
        raise ValueError("--padding as a list needs (before, after) pairs: an even count of integers")
    return [list(values[i : i + 2]) for i in range(0, len(values), 2)]


def dilation_notes(ref: ConvTransposePlan) -> list[str]:
    """What a translation into TensorFlow (or Keras on it) should say about dilations."""
    if max(ref.spec.dilation) > 1:
        return [
            "TensorFlow's CPU kernels refuse dilations > 1 in a transposed convolution "
            "(GPU runs it); arraylens computes the defined result"
        ]
    return []


def _translate_candidates(ref: ConvTransposePlan) -> Iterator[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]:
    """The inverse rule: ``output_shape`` and a padding (SAME, VALID, explicit pairs in 2-d) that
    give ``ref``'s crop; the full result (VALID) and a slice afterwards last."""
    nd = ref.spec.ndim
    s, d, crop = ref.spec.stride, ref.spec.dilation, ref.spec.crop
    n, c_out = ref.x.shape[0], ref.w.shape[-1] * ref.spec.groups
    full = ref.spec.full_size(ref.x.shape[1:-1], ref.kernel)
    out = tuple(f - b - e for f, (b, e) in zip(full, crop, strict=True))
    zero = ((0, 0),) * nd
    shape = [n, *out, c_out]
    base = {"strides": list(s), "dilations": list(d)}
    for padding in ("VALID", "SAME"):
        yield {**base, "output_shape": shape, "padding": padding}, zero
    if nd == 2:
        for r in itertools.product(*(range(ss) for ss in s)):
            pads: list[list[int]] = [
                [0, 0],
                *[[b, e + rr] for (b, e), rr in zip(crop, r, strict=True)],
                [0, 0],
            ]
            yield {**base, "output_shape": shape, "padding": pads}, zero
    yield {**base, "output_shape": [n, *full, c_out], "padding": "VALID"}, crop


def _batch_from_input(output_shape: Sequence[int]) -> str:
    """``output_shape`` as code whose batch size is the input's (``tf.shape(xt)[0]``), not fixed."""
    return "[" + ", ".join(["tf.shape(xt)[0]", *(str(int(n)) for n in list(output_shape)[1:])]) + "]"


def _translate_snippet(a: dict[str, Any], nd: int, has_bias: bool) -> list[str]:
    return [
        "import tensorflow as tf",
        f"y = tf.nn.conv{nd}d_transpose(xt, wt, output_shape={_batch_from_input(a['output_shape'])}, "
        f"strides={a['strides']}, "
        f"padding={a['padding']!r}, dilations={a['dilations']}).numpy()",
    ]


def _register() -> None:
    x_opt = Option("--input", "input", "Input array (.npy/.npz/.csv).", kind="array", required=True, what="input")
    f_opt = Option("--filters", "filters", "Filters array (.npy/.npz/.csv).", kind="array", required=True,
                   what="filters")
    padding = Option(
        "--padding", "padding", default="SAME", show_default=True, parse=parse_padding,
        help="SAME, VALID, or (2-d) explicit (before, after) pairs for every dimension of data_format, "
        "as a flat list: 0,0,1,1,2,2,0,0 for NHWC (batch and channel pairs zero).",
    )
    data_format = Option("--data-format", "data_format", "Channels-last (default) or channels-first.")
    dilations = Option("--dilations", "dilations", "Int or comma-separated list.",
                       parse=int_or_ints("--dilations"))
    rule = TranslateRule("input", "filters", None, _translate_candidates, _translate_snippet, grouped=False,
                         probe=lambda nd: {"output_shape": [1] * (nd + 2), "strides": 1, "padding": "VALID"},
                         notes=dilation_notes)
    for nd, fn in ((1, conv1d_transpose), (2, conv2d_transpose), (3, conv3d_transpose), (None, conv_transpose)):
        op = fn.name
        register(Entry(op, fn, "tensorflow", figure="overlay", cli=Cli(
            (x_opt, f_opt,
             Option("--output-shape", "output_shape", "Comma-separated output shape, in data_format.",
                    required=True, parse=ints("--output-shape")),
             Option("--strides", "strides", "Int or comma-separated list.", required=True,
                    parse=int_or_ints("--strides")),
             padding, data_format, dilations),
            help=f"Explain one output element of {op}.", result="shape",
        ), translate=dataclasses.replace(rule, target=nd is not None, ndim=nd)))
    for conv_fn, stride_name in ((conv1d, "stride"), (conv2d, "strides"), (conv3d, "strides")):
        register(Entry(conv_fn.name, conv_fn, "tensorflow", cli=Cli(
            (x_opt, f_opt,
             Option("--strides", stride_name, "Int or comma-separated list.", required=True,
                    parse=int_or_ints("--strides")),
             padding, data_format, dilations),
            help=f"Explain one output element of {conv_fn.name}.", result="shape",
        )))


_register()


# ----------------------------------------------------------------------------------------------
# Block rearrangements: tf.nn.depth_to_space and tf.nn.space_to_depth (DCR order).
# ----------------------------------------------------------------------------------------------

from arraylens.ops.rearrange.blocks.kernel import check_values as _block_values  # noqa: E402
from arraylens.ops.rearrange.blocks.plan import BlockPlan  # noqa: E402
from arraylens.ops.rearrange.blocks.spec import BlockSpec  # noqa: E402

_BLOCK_FORMATS = ("NHWC", "NCHW", "NCHW_VECT_C")


def _block_plan(op: str, input: Any, block_size: Any, data_format: Any, to_space: bool) -> BlockPlan:
    """TensorFlow's attribute checks first (block_size >= 2, data_format), then the kernel's."""
    if isinstance(block_size, str | bytes) or not isinstance(block_size, int | float | np.integer | np.floating):
        raise ArgumentTypeError(f"Expected int for argument 'block_size' not {block_size!r}.")
    b = int(block_size)  # TensorFlow's make_int: 2.5 -> 2, True -> 1
    if b < 2:
        raise ArgumentError(f"Value for attr 'block_size' of {b} must be at least minimum 2")
    if b > 2**31 - 1:
        raise ArgumentError(f"Attr block_size has value {b} out of range for an int32")
    if data_format not in _BLOCK_FORMATS:
        allowed = ", ".join(f'"{f}"' for f in _BLOCK_FORMATS)
        raise ArgumentError(f"Value for attr 'data_format' of \"{data_format}\" is not in the list of allowed "
                            f"values: {allowed}")
    if data_format == "NCHW_VECT_C":
        raise ArgumentError("data_format 'NCHW_VECT_C' is TensorFlow's layout for qint8 tensors on GPU; "
                            "arraylens does not model quantized tensors: use NHWC or NCHW")
    x = _block_values(input)
    if x.ndim != 4:
        sep = ": " if to_space else " "
        raise ArgumentError(f"Input rank should be{sep}4 instead of{sep}{x.ndim}")
    channels_last = data_format == "NHWC"
    spec = BlockSpec("to_space" if to_space else "to_depth", b, "DCR", channels_last)
    c, h, w = spec.split_cf(x.shape)
    if to_space and c % (b * b):
        raise ArgumentError(f"Input depth dimension {c} should be divisible by: {b * b}")
    if not to_space and (h % b or w % b):
        raise ArgumentError(f"Image width {w} and height {h} should be divisible by block_size: {b}")
    return BlockPlan(op, x, spec)


@frontend("tf.nn.depth_to_space")
def depth_to_space(input: Any, block_size: int, data_format: str = "NHWC", name: str | None = None) -> BlockPlan:
    """Rearrange depth into ``block_size x block_size`` spatial blocks, as ``tf.nn.depth_to_space``.

    The DCR order: output channel ``c`` at ``(y, x) = (h*b + by, w*b + bx)`` is input channel
    ``(by*b + bx)*C_out + c`` at ``(h, w)`` (PyTorch's ``pixel_shuffle`` uses CRD,
    ``c*b*b + by*b + bx``).

    Parameters
    ----------
    input : array_like, 4-d
        ``(N, H, W, C)`` for NHWC, ``(N, C, H, W)`` for NCHW; any numeric or boolean dtype (kept).
    block_size : int
        At least 2 (TensorFlow's attribute minimum); a float is truncated, as TensorFlow does.
    data_format : {'NHWC', 'NCHW'}
        Case-sensitive, as TensorFlow. TensorFlow's CPU kernel refuses NCHW ("Could not find
        device for node"); arraylens computes it by TensorFlow's definition (the NHWC result
        in NCHW layout, as its GPU kernel does). 'NCHW_VECT_C' (qint8 only) is refused.
    name : str, optional
        Ignored (TensorFlow's op name).

    Returns
    -------
    ndarray
        ``(N, H*b, W*b, C/(b*b))`` (NHWC) or ``(N, C/(b*b), H*b, W*b)`` (NCHW), ``input``'s dtype.

    Raises
    ------
    ValueError (ArgumentError)
        TensorFlow's messages: "Value for attr 'block_size' of 1 must be at least minimum 2",
        "Input rank should be: 4 instead of: 3", "Input depth dimension 8 should be divisible by: 9",
        an unknown data_format.
    TypeError (ArgumentTypeError)
        For a string block_size or a non-numeric input.
    """
    return _block_plan("tf.nn.depth_to_space", input, block_size, data_format, True)


@frontend("tf.nn.space_to_depth")
def space_to_depth(input: Any, block_size: int, data_format: str = "NHWC", name: str | None = None) -> BlockPlan:
    """Move ``block_size x block_size`` spatial blocks into depth, as ``tf.nn.space_to_depth``.

    The DCR order: output channel ``(by*b + bx)*C + c`` at ``(h, w)`` is input channel ``c`` at
    ``(h*b + by, w*b + bx)`` (PyTorch's ``pixel_unshuffle`` uses CRD, ``c*b*b + by*b + bx``:
    tensorflow/tensorflow#53291).

    Parameters
    ----------
    input, block_size, data_format, name
        As :func:`depth_to_space`.

    Returns
    -------
    ndarray
        ``(N, H/b, W/b, C*b*b)`` (NHWC) or ``(N, C*b*b, H/b, W/b)`` (NCHW), ``input``'s dtype.

    Raises
    ------
    ValueError (ArgumentError)
        As :func:`depth_to_space`, and "Image width 3 and height 4 should be divisible by
        block_size: 2".
    TypeError (ArgumentTypeError)
        As :func:`depth_to_space`.
    """
    return _block_plan("tf.nn.space_to_depth", input, block_size, data_format, False)


def _register_blocks() -> None:
    for fn in (depth_to_space, space_to_depth):
        register(Entry(fn.name, fn, "tensorflow", figure="blocks", cli=Cli((
            Option("--input", "input", "Input array (.npy/.npz/.csv), 4-d.", kind="array", required=True,
                   what="input"),
            Option("--block-size", "block_size", "Block size (at least 2).", kind="int", required=True),
            Option("--data-format", "data_format", "NHWC or NCHW.", default="NHWC", show_default=True,
                   choices=("NHWC", "NCHW")),
        ), help=f"Explain one output element of {fn.name}: its source (channel, y, x), DCR against CRD.",
            at_help="Output index, comma-separated, in data_format (N,H,W,C for NHWC).", result="shape")))


_register_blocks()
__all__ += ["depth_to_space", "space_to_depth"]


# ----------------------------------------------------------------------------------------------
# tf.pad
# ----------------------------------------------------------------------------------------------

def _tf_tensor(value: Any) -> np.ndarray:
    """``value`` as ``tf.convert_to_tensor`` holds it: arrays keep their dtype; Python floats
    become float32 and Python ints int32 (int64 past its range), as :func:`tf_read`."""
    arr = tf_read(value)
    if arr.dtype.kind not in "biuf":
        raise ArgumentTypeError(f"tf.pad: arraylens pads bool, integer and float tensors, got {arr.dtype}")
    return arr


def _tf_shape(shape: Sequence[int]) -> str:
    return "[" + join_ints(shape, ",") + "]"


def _tf_constant(value: Any, dtype: np.dtype[Any]) -> Any:
    """``constant_values`` converted to the tensor's dtype as TensorFlow converts it."""
    v = value.item() if isinstance(value, np.ndarray | np.generic) and np.ndim(value) == 0 else value
    ok = isinstance(v, bool | int | float)
    if dtype.kind in "iu":
        ok = isinstance(v, int) and not (isinstance(v, bool) and dtype.kind == "u")
    elif dtype.kind == "b":
        ok = isinstance(v, bool)
    if not ok:
        raise ArgumentTypeError(f"Cannot convert {v!r} to EagerTensor of dtype {dtype}")
    return np.array(v).astype(dtype)[()]


@frontend("tf.pad")
def pad(tensor: Any, paddings: Any, mode: str = "CONSTANT", constant_values: Any = 0) -> PadPlan:
    """Pad a tensor, as ``tf.pad`` (TensorFlow 2.21).

    Parameters
    ----------
    tensor : array_like
        Any rank up to 6 (8 when adjacent unpadded dimensions collapse) for ``CONSTANT``; up to
        5 for ``REFLECT`` and ``SYMMETRIC``.
    paddings : array_like of int, shape (rank, 2)
        ``[[before, after], ...]`` per dimension; non-negative.
    mode : {'CONSTANT', 'REFLECT', 'SYMMETRIC'}, case-insensitive
        ``REFLECT`` mirrors without the edge (needs ``pad <= size - 1``); ``SYMMETRIC`` repeats
        the edge (needs ``pad <= size``).
    constant_values : scalar
        The ``CONSTANT`` fill, converted to the tensor's dtype as TensorFlow converts it (a
        float into an integer tensor is a ``TypeError``).

    Returns
    -------
    ndarray of the tensor's dtype (Python floats become float32, Python ints int32).

    Raises
    ------
    ValueError
        TensorFlow's messages: "paddings must be less than the dimension size: 3, 1 not less
        than 3", "paddings must be no greater than the dimension size: 4, 0 greater than 3",
        "Paddings must be non-negative: -1 0", "paddings must be a matrix with 2 columns: [2]", ...
    TypeError
        For a ``constant_values`` TensorFlow cannot convert, or non-integer paddings.
    """
    upper = str(mode).upper()
    if upper not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ArgumentError('Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". '
                            f"Received `mode` = {upper}")
    x = _tf_tensor(tensor)
    fill = _tf_constant(constant_values, x.dtype) if upper == "CONSTANT" else None
    p = np.asarray(paddings)
    if p.dtype.kind not in "iu" or p.dtype.itemsize > 8:
        name = _tf_name(p.dtype)
        raise ArgumentTypeError(f"Value for attr 'Tpaddings' of {name} is not in the list of allowed values: "
                                "int32, int64")
    if p.ndim != 2 or p.shape[1] != 2:
        raise ArgumentError(f"paddings must be a matrix with 2 columns: {_tf_shape(p.shape)}")
    if p.shape[0] != x.ndim:
        raise ArgumentError(f"The first dimension of paddings must be the rank of inputs{_tf_shape(p.shape)} "
                            f"{_tf_shape(x.shape)}")
    widths = tuple((int(b), int(a)) for b, a in p)
    if upper == "CONSTANT":
        if x.ndim > 8:
            raise ArgumentError(f"inputs rank not in [0,8]: {x.ndim}")
        for b, a in widths:
            if b < 0 or a < 0:
                raise ArgumentError(f"Paddings must be non-negative: {b} {a}")
        collapsed: list[int] = []  # TensorFlow merges adjacent unpadded dimensions first
        for k, n in enumerate(x.shape):
            if k and widths[k] == (0, 0) and widths[k - 1] == (0, 0):
                collapsed[-1] *= n
            else:
                collapsed.append(n)
        if len(collapsed) > 6:
            raise ArgumentError(f"Only ranks up to 6 supported: {_tf_shape(collapsed)}")
        return PadPlan("tf.pad", x, PadSpec(widths, "constant", values=((fill, fill),) * x.ndim), upper)
    if x.ndim > 5:
        raise ArgumentError(f"inputs rank not in [0,5]: {x.ndim}")
    for n, (b, a) in zip(x.shape, widths, strict=True):
        if b < 0 or a < 0:
            raise ArgumentError(f"paddings must be non-negative: {b} {a}")
        if upper == "REFLECT" and not (b < n and a < n):
            raise ArgumentError(f"paddings must be less than the dimension size: {b}, {a} not less than {n}")
        if upper == "SYMMETRIC" and (b > n or a > n):
            raise ArgumentError(f"paddings must be no greater than the dimension size: {b}, {a} greater than {n}")
    return PadPlan("tf.pad", x, PadSpec(widths, upper.lower()), upper)


__all__ += ["pad"]


def _paddings_text(text: str) -> np.ndarray:
    """``"1,1,2,2"`` -> ``[[1, 1], [2, 2]]``: int32, or int64 when a value needs it (as TensorFlow
    converts a Python list); a value beyond int64 is refused in TensorFlow's words."""
    values = ints("--paddings")(text)
    if len(values) % 2:
        raise ValueError(f"--paddings takes before,after pairs: an even count of integers, got {len(values)}")
    big = [v for v in values if not -(1 << 63) <= v < 1 << 63]
    if big:
        raise ValueError(f"--paddings {big[0]}: Can't convert Python sequence with out-of-range integer to Tensor.")
    fits32 = all(-(1 << 31) <= v < 1 << 31 for v in values)
    return np.asarray(values, dtype=np.int32 if fits32 else np.int64).reshape(-1, 2)


register(Entry(pad.name, pad, "tensorflow", figure="source_map", cli=Cli((
    Option("--input", "tensor", "The tensor (.npy, .npz or .csv).", kind="array", required=True, what="input",
           positional=True),
    Option("--paddings", "paddings", "before,after per dimension: B1,A1,B2,A2,...", required=True,
           parse=lambda text: _paddings_text(text), positional=True),
    Option("--mode", "mode", "CONSTANT, REFLECT or SYMMETRIC (any case).", default="CONSTANT", show_default=True),
    Option("--constant-values", "constant_values", "CONSTANT: the fill value.",
           parse=int_or_float("--constant-values")),
), help="Explain one element of tf.pad(tensor, paddings, mode): its source or the constant.", result="shape")))


# ----------------------------------------------------------------------------------------------
# Pooling: tf.nn.max_pool, avg_pool, max_pool1d/2d/3d, avg_pool1d/2d/3d, max_pool_with_argmax
# ----------------------------------------------------------------------------------------------

from arraylens.frontends._pool_calls import pool_call, pool_key  # noqa: E402
from arraylens.ops.pool.plan import PoolPlan  # noqa: E402
from arraylens.ops.pool.spec import MaxReduction, MeanReduction, PoolSpec, same_padding  # noqa: E402
from arraylens.ops.pool.spec import Window as PoolWindow  # noqa: E402

# TensorFlow 2.21's op registrations (the 'T' attribute) and what its CPU kernels leave out
_POOL_TYPES = {
    "MaxPool": ("half", "bfloat16", "float", "double", "int32", "int64", "uint8", "int16", "int8", "uint16",
                "qint8"),
    "AvgPool": ("half", "bfloat16", "float", "double"),
    "MaxPool3D": ("half", "bfloat16", "float"),
    "AvgPool3D": ("half", "bfloat16", "float", "double"),
    "MaxPoolWithArgmax": ("float", "double", "int32", "uint8", "int16", "int8", "int64", "bfloat16", "uint16",
                          "half", "uint32", "uint64"),
}
_POOL_NO_CPU = {"MaxPool3D": ("half",), "AvgPool3D": ("half", "double")}
_POOL_FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}
# channels-first on the CPU: only oneDNN's kernels take it (measured, tensorflow-cpu 2.21)
_CHANNELS_FIRST_CPU = {"MaxPool": ("half", "bfloat16", "float"), "AvgPool": ("bfloat16", "float"),
                       "MaxPool3D": ("bfloat16", "float"), "AvgPool3D": ("bfloat16", "float"),
                       "MaxPoolWithArgmax": ()}
_PAD_SIDES = {1: (("Left", "Right"),), 2: (("Top", "Bottom"), ("Left", "Right")), 3: ()}
_TF_DTYPE_ENUM = {"half": "DT_HALF", "double": "DT_DOUBLE", "float": "DT_FLOAT", "bfloat16": "DT_BFLOAT16"}


def _pool_input(input: Any, raw: str) -> tuple[np.ndarray, np.ndarray]:
    """``(input as TensorFlow holds it, the array the kernel reads)``; TensorFlow's dtype refusals."""
    x = tf_read(input)
    if x.dtype.kind not in "biufV" or (x.dtype.kind == "V" and x.dtype.name != "bfloat16"):
        raise ArgumentTypeError(f"{raw}: arraylens pools real numeric tensors, got {x.dtype}")
    name = _tf_name(x.dtype)
    if name not in _POOL_TYPES[raw]:
        raise ArgumentTypeError(f"Value for attr 'T' of {name} is not in the list of allowed values: "
                                f"{', '.join(_POOL_TYPES[raw])} [Op:{raw}]")
    if name in _POOL_NO_CPU.get(raw, ()):
        raise ArgumentError(f"Could not find device for node: {{{{node {raw}}}}} = {raw}[T={_TF_DTYPE_ENUM[name]}, "
                            "...] (TensorFlow has no CPU kernel for it)")
    # bfloat16 is pooled in float32 (exact for max; averages round once to bfloat16)
    return x, (x.astype(np.float32) if x.dtype.name == "bfloat16" else x)


def _pool_format(data_format: Any, nd: int) -> bool:
    """True for channels-first. TensorFlow's attribute check, in its words."""
    last, first = _POOL_FORMATS[nd]
    if data_format is None or data_format == last:
        return False
    if data_format == first:
        return True
    allowed = ", ".join(f'"{f}"' for f in _POOL_FORMATS[nd])
    raise ArgumentError(f"Value for attr 'data_format' of \"{data_format}\" is not in the list of allowed values: "
                        f"{allowed}")


def _pool_sequence(value: Any, nd: int, channels_first: bool, name: str) -> tuple[int, ...]:
    """``ksize`` / ``strides``: TensorFlow's ``_get_sequence`` and the pooling kernels' rules."""
    if isinstance(value, list | tuple | np.ndarray) and len(value) == nd + 2:
        ints_ = [int(v) for v in value]
        c = 1 if channels_first else nd + 1
        if ints_[0] != 1:
            raise ArgumentError("Pooling is not yet supported on the batch dimension.")
        if ints_[c] != 1:
            raise ArgumentError(f"{name} on the depth (channel) dimension must be 1 here: arraylens does not model "
                                f"TensorFlow's depthwise max pooling. Received: {name}={ints_}")
    if name == "ksize":
        spatial = [int(v) for v in (value if isinstance(value, list | tuple | np.ndarray) else [value])]
        if len(spatial) in (1, nd) and any(v < 1 for v in spatial):
            shown = spatial * nd if len(spatial) == 1 else spatial
            raise ArgumentError(f"Sliding window ksize must be positive. The specified or inferred ksize is: "
                                f"{','.join(str(v) for v in [1, *shown, 1])}")
    elif (isinstance(value, int | np.integer) and value < 1) or (
            isinstance(value, list | tuple) and len(value) in (1, nd) and any(int(v) < 1 for v in value)):
        raise ArgumentError(f"Stride must be > 0, but got {min(int(v) for v in np.ravel(value))}")
    return _sequence(value, nd, channels_first, name)


def _pool_axis(n: int, k: int, s: int, padding: str | tuple[int, int]) -> PoolWindow:
    """One axis of a TensorFlow pooling (``GetWindowedOutputSizeVerbose``): SAME gives
    ``ceil(n / s)`` windows with the odd padding cell after; VALID and explicit pairs
    ``(n + before + after - k + s) / s`` truncated toward zero, refused when negative."""
    if padding == "SAME":
        out = -(-n // s)
        if out == 0:
            return PoolWindow(n + 1)  # no window
        return PoolWindow(k, s, 1, same_padding(n, k, s))
    before, after = (0, 0) if isinstance(padding, str) else padding
    num = n + before + after - k + s
    out = abs(num) // s * (1 if num >= 0 else -1)  # C++ division truncates toward zero
    if out < 0:
        raise ArgumentError(f"Computed output size would be negative: {out} [input_size: {n}, "
                            f"effective_filter_size: {k}, stride: {s}]")
    if out == 0:
        return PoolWindow(n + before + after + 1)  # no window
    return PoolWindow(k, s, 1, (before, after))


def _pool_plan(op: str, raw: str, nd: int, input: Any, ksize: Any, strides: Any, padding: Any, data_format: Any,
               average: bool, explicit: bool, argmax: tuple[str, Any] | None = None) -> PoolPlan:
    x, xc = _pool_input(input, raw)
    channels_first = _pool_format(data_format, nd)
    if x.ndim != nd + 2:
        fmt = _POOL_FORMATS[nd][1 if channels_first else 0]
        raise ArgumentError(f"{op}: input must be {nd + 2}-dimensional ({fmt}), got shape {x.shape}")
    if not isinstance(padding, str) and not explicit:
        raise ArgumentTypeError(f"Expected string for argument 'padding' not {padding!r}.")
    if isinstance(padding, str) and padding not in ("SAME", "VALID", "EXPLICIT"):
        allowed = '"SAME", "VALID", "EXPLICIT"' if explicit else '"SAME", "VALID"'
        raise ArgumentError(f"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: "
                            f"{allowed}")
    pads = _padding(padding, nd, channels_first, explicit)
    if channels_first and (_tf_name(x.dtype) not in _CHANNELS_FIRST_CPU[raw] or not isinstance(pads, str)):
        kind = "AvgPoolingOp" if raw.startswith("Avg") else "MaxPoolingOp"
        raise ArgumentError(f"Default {kind} only supports {_POOL_FORMATS[max(nd, 2)][0]} on device type CPU "
                            f"(TensorFlow's oneDNN kernels take {data_format} for "
                            f"{', '.join(_CHANNELS_FIRST_CPU[raw])} without explicit padding) [Op:{raw}]")
    k = _pool_sequence(ksize, nd, channels_first, "ksize")
    s = _pool_sequence(strides, nd, channels_first, "strides")
    spatial = x.shape[2:] if channels_first else x.shape[1:-1]
    if not isinstance(pads, str):
        for axis, ((b, a), kk) in enumerate(zip(pads, k, strict=True)):
            for side, p in zip(_PAD_SIDES[nd][axis], (b, a), strict=True):
                if p >= kk:
                    raise ArgumentError(f"{side} padding {p} needs to be smaller than the window size {kk}")
    axes = tuple(_pool_axis(int(n), kk, ss, pads if isinstance(pads, str) else pads[i])
                 for i, (n, kk, ss) in enumerate(zip(spatial, k, s, strict=True)))
    if average:
        red: MaxReduction | MeanReduction = MeanReduction("valid")
    elif argmax is None:
        red = MaxReduction("ignore", "nhwc", finite_floor=x.dtype in (np.float32, np.float64))
    else:
        red = MaxReduction("leading", argmax[0])
    layout = AxisMap.channels_first(x.ndim) if channels_first else AxisMap.identity(x.ndim)
    return PoolPlan(op, xc, PoolSpec(axes, red), layout, x.dtype, return_indices=argmax is not None,
                    framework="tensorflow", index_dtype=np.int64 if argmax is None else argmax[1])


_POOL_DOC = """{what}, as ``tf.nn.{name}`` (TensorFlow 2.21, CPU).

    Parameters
    ----------
    input : array_like, rank {rank}
        {layouts}. Dtypes: {dtypes} (TensorFlow's op registration; {cpu}).
    ksize, strides : int or list of int
        One value, one per spatial axis, or one per axis of ``input`` (batch and channel entries
        1: TensorFlow refuses pooling over the batch, "Pooling is not yet supported on the batch
        dimension."; its depthwise max pooling over channels is not modelled and refused).
    padding : {padding}
        ``'SAME'`` (``ceil(n / stride)`` windows, the odd padding cell after) or ``'VALID'``
        (``(n - ksize + stride) / stride`` truncated toward zero); case-sensitive.{explicit}
    data_format : str
        {formats}; TensorFlow's other names are refused in its words. Channels-first runs on the
        CPU only through oneDNN: float32 and bfloat16 (max pooling also float16), without explicit
        padding; otherwise "Default MaxPoolingOp only supports NHWC on device type CPU".
    name : str, optional
        Ignored.

    Returns
    -------
    ndarray
        {returns}

    Raises
    ------
    ValueError (ArgumentError)
        TensorFlow's messages: "Computed output size would be negative: -1 [input_size: 4,
        effective_filter_size: 6, stride: 1]", "Value for attr 'T' of int32 is not in the list of
        allowed values: ...", an unknown data_format or padding, a wrong rank.
    TypeError (ArgumentTypeError)
        A padding list where the op takes a string ("Expected string for argument 'padding'").
    """

_MAX_RETURNS = ("The input's dtype. NaN never wins (it compares false); in float32 and float64 the running "
                "maximum starts at the dtype's lowest finite value: a window of -inf answers -3.4028235e+38 in "
                "float32, as TensorFlow's MaxPool (measured; float16 and bfloat16 answer -inf).")
_AVG_RETURNS = ("The input's dtype: the sum of the window's input cells over their count (TensorFlow never "
                "counts padding). float16 and bfloat16 are summed in float32 and rounded once (TensorFlow's "
                "float16 kernel sums in float16: it may differ by one unit in the last place).")
_EXPLICIT = ("\n        Or an explicit list of ``rank`` ``[before, after]`` pairs (zero for batch and "
             "channels), each smaller than the window (\"Top padding 2 needs to be smaller than the window size 2\").")


def _pool_doc(what: str, name: str, nd: int | None, average: bool, explicit: bool) -> str:
    rank = "3, 4 or 5" if nd is None else str(nd + 2)
    formats = ("None (channels last) or a channels-first name of the rank's format" if nd is None else
               " or ".join(f"``'{f}'``" for f in _POOL_FORMATS[nd]) + f" (default ``'{_POOL_FORMATS[nd][0]}'``)")
    raw = ("AvgPool" if average else "MaxPool") + ("3D" if nd == 3 else "")
    cpu = "; ".join(f"{raw}: no CPU kernel for {', '.join(v)}" for r, v in _POOL_NO_CPU.items() if r == raw) or \
        "all computed on the CPU"
    return _POOL_DOC.format(what=what, name=name, rank=rank,
                            layouts="channels last (``N, *spatial, C``) or channels first (``N, C, *spatial``)",
                            dtypes=", ".join(_POOL_TYPES[raw]).replace(", qint8", ""), cpu=cpu,
                            padding="'SAME', 'VALID'" + (" or a list of pairs" if explicit else ""),
                            explicit=_EXPLICIT if explicit else "", formats=formats,
                            returns=_AVG_RETURNS if average else _MAX_RETURNS)


def _pool_rank(input: Any, op: str) -> int:
    x = tf_read(input)
    n = x.ndim - 2
    if not 1 <= n <= 3:
        raise ArgumentError(f"`input.shape.rank` must be 3, 4 or 5. Received: input.shape={tuple(x.shape)} of rank "
                            f"{x.ndim}.")
    return n


def _generic_format(data_format: Any, n: int) -> Any:
    if data_format is None:
        return None
    if isinstance(data_format, str) and data_format.startswith("NC"):
        return _POOL_FORMATS[n][1] if n == 1 or data_format in _POOL_FORMATS[n] else data_format
    return data_format


@frontend("tf.nn.max_pool")
def max_pool(input: Any, ksize: Any, strides: Any, padding: Any, data_format: str | None = None,
             name: str | None = None) -> PoolPlan:
    key = pool_key("tf.nn.max_pool", input, ksize, strides, padding, data_format)
    return pool_call(key, input, lambda: _max_pool_any(input, ksize, strides, padding, data_format))


def _max_pool_any(input: Any, ksize: Any, strides: Any, padding: Any, data_format: Any) -> PoolPlan:
    n = _pool_rank(input, "tf.nn.max_pool")
    if isinstance(padding, list | tuple) and n == 3:
        raise ArgumentError(f"Explicit padding is not supported with an input tensor of rank 5. Received: "
                            f"padding={padding}")
    raw = "MaxPool3D" if n == 3 else "MaxPool"
    return _pool_plan("tf.nn.max_pool", raw, n, input, ksize, strides, padding, _generic_format(data_format, n),
                      False, n < 3)


@frontend("tf.nn.avg_pool")
def avg_pool(input: Any, ksize: Any, strides: Any, padding: Any, data_format: str | None = None,
             name: str | None = None) -> PoolPlan:
    key = pool_key("tf.nn.avg_pool", input, ksize, strides, padding, data_format)
    return pool_call(key, input, lambda: _avg_pool_any(input, ksize, strides, padding, data_format))


def _avg_pool_any(input: Any, ksize: Any, strides: Any, padding: Any, data_format: Any) -> PoolPlan:
    n = _pool_rank(input, "tf.nn.avg_pool")
    raw = "AvgPool3D" if n == 3 else "AvgPool"
    return _pool_plan("tf.nn.avg_pool", raw, n, input, ksize, strides, padding, _generic_format(data_format, n),
                      True, False)


@frontend("tf.nn.max_pool1d")
def max_pool1d(input: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NWC",
               name: str | None = None) -> PoolPlan:
    key = pool_key("tf.nn.max_pool1d", input, ksize, strides, padding, data_format)
    return pool_call(key, input, lambda: _pool_plan("tf.nn.max_pool1d", "MaxPool", 1, input, ksize, strides,
                                                    padding, data_format, False, True))


@frontend("tf.nn.max_pool2d")
def max_pool2d(input: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NHWC",
               name: str | None = None) -> PoolPlan:
    key = pool_key("tf.nn.max_pool2d", input, ksize, strides, padding, data_format)
    return pool_call(key, input, lambda: _pool_plan("tf.nn.max_pool2d", "MaxPool", 2, input, ksize, strides,
                                                    padding, data_format, False, True))


@frontend("tf.nn.max_pool3d")
def max_pool3d(input: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NDHWC",
               name: str | None = None) -> PoolPlan:
    key = pool_key("tf.nn.max_pool3d", input, ksize, strides, padding, data_format)
    return pool_call(key, input, lambda: _pool_plan("tf.nn.max_pool3d", "MaxPool3D", 3, input, ksize, strides,
                                                    padding, data_format, False, False))


@frontend("tf.nn.avg_pool1d")
def avg_pool1d(input: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NWC",
               name: str | None = None) -> PoolPlan:
    key = pool_key("tf.nn.avg_pool1d", input, ksize, strides, padding, data_format)
    return pool_call(key, input, lambda: _pool_plan("tf.nn.avg_pool1d", "AvgPool", 1, input, ksize, strides,
                                                    padding, data_format, True, False))


@frontend("tf.nn.avg_pool2d")
def avg_pool2d(input: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NHWC",
               name: str | None = None) -> PoolPlan:
    key = pool_key("tf.nn.avg_pool2d", input, ksize, strides, padding, data_format)
    return pool_call(key, input, lambda: _pool_plan("tf.nn.avg_pool2d", "AvgPool", 2, input, ksize, strides,
                                                    padding, data_format, True, False))


@frontend("tf.nn.avg_pool3d")
def avg_pool3d(input: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NDHWC",
               name: str | None = None) -> PoolPlan:
    key = pool_key("tf.nn.avg_pool3d", input, ksize, strides, padding, data_format)
    return pool_call(key, input, lambda: _pool_plan("tf.nn.avg_pool3d", "AvgPool3D", 3, input, ksize, strides,
                                                    padding, data_format, True, False))


for _fn, _what, _nd, _avg, _exp in ((max_pool, "Max pooling over 1, 2 or 3 spatial axes", None, False, True),
                                    (avg_pool, "Average pooling over 1, 2 or 3 spatial axes", None, True, False),
                                    (max_pool1d, "1-d max pooling", 1, False, True),
                                    (max_pool2d, "2-d max pooling", 2, False, True),
                                    (max_pool3d, "3-d max pooling", 3, False, False),
                                    (avg_pool1d, "1-d average pooling", 1, True, False),
                                    (avg_pool2d, "2-d average pooling", 2, True, False),
                                    (avg_pool3d, "3-d average pooling", 3, True, False)):
    _fn.__doc__ = _pool_doc(_what, _fn.name.removeprefix("tf.nn."), _nd, _avg, _exp)


def _targmax(output_dtype: Any) -> np.dtype[Any]:
    name = getattr(output_dtype, "name", None) if not isinstance(output_dtype, str) else output_dtype
    try:
        dt = np.dtype(getattr(output_dtype, "as_numpy_dtype", None) or name or output_dtype)
    except TypeError:
        raise ArgumentTypeError(f"output_dtype must be int32 or int64, got {output_dtype!r}") from None
    if dt not in (np.dtype(np.int32), np.dtype(np.int64)):
        raise ArgumentError(f"Value for attr 'Targmax' of {_tf_name(dt)} is not in the list of allowed values: "
                            "int32, int64")
    return dt


@frontend("tf.nn.max_pool_with_argmax")
def max_pool_with_argmax(input: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NHWC",
                         output_dtype: Any = "int64", include_batch_in_index: bool = False,
                         name: str | None = None) -> PoolPlan:
    """2-d max pooling with the flat index of each maximum, as ``tf.nn.max_pool_with_argmax``.

    Parameters
    ----------
    input : array_like, 4-d NHWC
        float16, bfloat16, float32, float64 and every integer dtype but bool (TensorFlow's
        registration).
    ksize, strides : int or list of int
        As :func:`max_pool2d`.
    padding : {'SAME', 'VALID'}
        No explicit pairs ("Expected string for argument 'padding'").
    data_format : 'NHWC'
        Anything else is refused, as TensorFlow does.
    output_dtype : int64 or int32
        The index dtype (TensorFlow's ``Targmax``; a ``tf.DType``, NumPy dtype or name).
    include_batch_in_index : bool
        The index is ``((b * H + y) * W + x) * C + c`` with it, ``(y * W + x) * C + c`` without.

    Returns
    -------
    (output, argmax) : tuple of ndarray
        The values (input dtype) and the indices (``output_dtype``). The window's first input
        cell seeds the maximum and only a greater cell replaces it (ties: the first in row-major
        order; a NaN wins only as the window's first input cell), as TensorFlow's CPU kernel
        (measured). No finite floor here: a window of -inf answers -inf.

    Raises
    ------
    ValueError (ArgumentError)
        "`data_format` values other  than 'NHWC' are not supported.", "Value for attr 'Targmax' of
        float is not in the list of allowed values: int32, int64", and :func:`max_pool2d`'s.
    """
    key = pool_key("tf.nn.max_pool_with_argmax", input, ksize, strides, padding, data_format, output_dtype,
                   include_batch_in_index)
    return pool_call(key, input, lambda: _argmax_plan(input, ksize, strides, padding, data_format, output_dtype,
                                                      include_batch_in_index))


def _argmax_plan(input: Any, ksize: Any, strides: Any, padding: Any, data_format: Any, output_dtype: Any,
                 include_batch_in_index: Any) -> PoolPlan:
    if data_format != "NHWC":
        raise ArgumentError(f"`data_format` values other  than 'NHWC' are not supported. Received: "
                            f"data_format={data_format}")
    dt = _targmax(output_dtype)
    x = tf_read(input)
    if x.ndim != 4:
        raise ArgumentError(f"tensor_in must be 4-dimensional, got shape {tuple(x.shape)}")
    encoding = "nhwc_batch" if include_batch_in_index else "nhwc"
    return _pool_plan("tf.nn.max_pool_with_argmax", "MaxPoolWithArgmax", 2, input, ksize, strides, padding,
                      "NHWC", False, False, argmax=(encoding, dt))


def _parse_pool_padding(text: str) -> str | list[list[int]]:
    """``SAME``, ``VALID`` or explicit pairs ``b,a,b,a,...`` over every axis of the input."""
    if text in ("SAME", "VALID"):
        return text
    values = ints("--padding")(text)
    if len(values) % 2:
        raise ValueError(f"--padding takes SAME, VALID or before,after pairs, got {text!r}")
    return [list(values[i:i + 2]) for i in range(0, len(values), 2)]


def _register_pool() -> None:
    fns = (max_pool, avg_pool, max_pool1d, max_pool2d, max_pool3d, avg_pool1d, avg_pool2d, avg_pool3d,
           max_pool_with_argmax)
    for fn in fns:
        explicit = fn in (max_pool, max_pool1d, max_pool2d)
        options = [
            Option("--input", "input", "Input array (.npy/.npz/.csv).", kind="array", required=True, what="input"),
            Option("--ksize", "ksize", "Window size: one int or one per spatial axis.", required=True,
                   parse=int_or_ints("--ksize")),
            Option("--strides", "strides", "Strides: one int or one per spatial axis.", required=True,
                   parse=int_or_ints("--strides")),
            Option("--padding", "padding", "SAME or VALID" + (" or explicit before,after pairs per axis." if explicit
                                                               else "."), default="VALID", show_default=True,
                   parse=_parse_pool_padding if explicit else None),
        ]
        if fn is max_pool_with_argmax:
            options.append(Option("--include-batch-in-index/--no-include-batch-in-index", "include_batch_in_index",
                                  "Count the batch in the flat index.", kind="flag"))
        else:
            options.append(Option("--data-format", "data_format", "Channels-last or channels-first name."))
        register(Entry(fn.name, fn, "tensorflow", figure="pooling", cli=Cli(tuple(options), help=(
            f"Explain one output element of {fn.name}: its window, padding, the winner or the average."),
            at_help="Output index, comma-separated, in data_format.", result="shape")))


_register_pool()
__all__ += ["avg_pool", "avg_pool1d", "avg_pool2d", "avg_pool3d", "max_pool", "max_pool1d", "max_pool2d",
            "max_pool3d", "max_pool_with_argmax"]
# tf.image.resize and tf.compat.v1.image.resize_* (frontends/tensorflow_image.py)
# ----------------------------------------------------------------------------------------------

from arraylens.frontends.tensorflow_image import compat, image  # noqa: E402

__all__ += ["compat", "image"]
