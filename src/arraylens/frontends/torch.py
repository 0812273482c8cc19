"""PyTorch's (transposed) convolutions: ``torch.nn.functional.conv*d`` and ``conv_transpose*d``.

Every function takes PyTorch's own arguments, layouts and defaults (channels-first
``(N, C, *spatial)`` data, or unbatched ``(C, *spatial)``; weight ``(C_out, C_in/groups, *k)``
for the convolution and ``(C_in, C_out/groups, *k)`` for the transpose), checks them as
PyTorch 2.13 does, with PyTorch's wording, and translates them into a
:class:`~arraylens.ops.conv.plan.ConvPlan` / :class:`~arraylens.ops.conv.plan.ConvTransposePlan`.

PyTorch raises ``RuntimeError`` for most bad arguments; arraylens raises ``ValueError`` with the
same message (``TypeError`` where PyTorch raises ``TypeError``). Dtypes follow PyTorch 2.13's CPU
kernels (:mod:`arraylens.frontends._dtypes`): input, weight and bias of one dtype (a transposed
1-d/2-d convolution casts a floating bias), the result in that dtype (float16, bfloat16 and
integers included: rounded once, integers wrapping); bool, and integers other than int64 in a
transposed convolution, are refused with PyTorch's message. Array-likes that are not arrays are
read as ``torch.tensor`` reads them (floats as float32, integers as int64). Dtypes are checked
before shapes (PyTorch checks shapes first). Deliberate difference: a float16 transposed
convolution accumulates in float32 here (PyTorch's CPU kernel: float16), with a
:class:`~arraylens.core.dtype_rules.DtypeWarning`.
"""

from __future__ import annotations

import dataclasses
import math
import operator
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from arraylens.core.arrays import contiguous
from arraylens.core.axis_map import AxisMap
from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import ArgumentError, ArgumentOverflowError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.registry import Cli, Entry, Option, TranslateRule, int_or_float, int_or_ints, ints, register
from arraylens.core.text import format_index as _size_list
from arraylens.frontends._conv_layouts import SPATIAL_NAMES, channels_first_weights
from arraylens.frontends._dtypes import torch_operands, torch_read
from arraylens.frontends._memo import CallCache, call_key, shape_memo
from arraylens.ops.conv.plan import ConvPlan, ConvTransposePlan, Layouts, crop_ends, per_axis
from arraylens.ops.conv.prepared import prepare
from arraylens.ops.conv.spec import ConvSpec, ConvTransposeSpec, full_extent, split_padding
from arraylens.ops.rearrange.pad.plan import PadPlan
from arraylens.ops.rearrange.pad.spec import PadSpec

__all__ = [
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
]

IntOrInts = int | Sequence[int]

# The prepared plans of calls that passed every check, by call_key (shapes, dtype, arguments).
_TRANSPOSE_CALLS = CallCache(64)
_CONV_CALLS = CallCache(64)


@dataclasses.dataclass(frozen=True)
class _Shape:
    """An operand's shape where a check reads ``.shape``, ``.ndim`` and ``.size`` only (the
    cached checks of :func:`_conv_frame` and :func:`_conv_transpose_frame`)."""

    shape: tuple[int, ...]

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return math.prod(self.shape)


def _as_int(value: Any, op: str, name: str) -> int:
    """PyTorch's int-list argument parsing: ints only (no bool, no float)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise ArgumentTypeError(f"{op}(): argument '{name}' must be tuple of ints, not {type(value).__name__}")
    return operator.index(value)


def _expand(value: IntOrInts, nd: int, op: str, name: str) -> tuple[int, ...]:
    """An int, or a list of 1 or ``nd`` ints, expanded to ``nd`` ints (PyTorch's
    ``expand_param_if_needed``)."""
    if isinstance(value, str):
        raise ArgumentTypeError(f"{op}(): argument '{name}' must be tuple of ints, not str")
    if isinstance(value, Sequence) or isinstance(value, np.ndarray):
        items = [_as_int(v, op, name) for v in value]
        if len(items) == 1:
            return (items[0],) * nd
        if len(items) != nd:
            raise ArgumentError(
                f"expected {name} to be a single integer value or a list of {nd} values to "
                f"match the convolution dimensions, but got {name}={_size_list(items)}"
            )
        return tuple(items)
    return (_as_int(value, op, name),) * nd


def _check_input(x: np.ndarray | _Shape, nd: int, op: str) -> bool:
    """Returns whether the input is batched; raises PyTorch's error for a wrong rank."""
    if x.ndim not in (nd + 1, nd + 2):
        raise ArgumentError(
            f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {op}, but got "
            f"input of size: {_size_list(x.shape)}"
        )
    return x.ndim == nd + 2


def _per_axis(name: str, values: Sequence[int], nd: int, filler: int = 1) -> str:
    """PyTorch's ``name_height: a name_width: b`` listing (1-d is computed as 2-d, so it lists
    a height entry ``filler``: 0 for output_padding, 1 for stride and dilation)."""
    axes = SPATIAL_NAMES[max(nd, 2)]
    vals = (filler, *values) if nd == 1 else tuple(values)
    return " ".join(f"{name}_{a}: {v}" for a, v in zip(axes, vals, strict=True))


def _common_checks(
    x: np.ndarray | _Shape,
    w: np.ndarray | _Shape,
    nd: int,
    padding: Sequence[int],
    stride: Sequence[int],
    dilation: Sequence[int],
    groups: int,
    transposed: bool,
) -> None:
    """The checks PyTorch's ``check_shape_forward`` makes first, in its order."""
    if any(p < 0 for p in padding):
        raise ArgumentError("negative padding is not supported")
    if any(s <= 0 for s in stride):
        raise ArgumentError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        listing = ", ".join(
            f"dilation_{a}: {v}"
            for a, v in zip(SPATIAL_NAMES[max(nd, 2)], (1, *dilation) if nd == 1 else dilation, strict=True)
        )
        raise ArgumentError(f"dilation should be greater than zero, but got {listing}")
    if groups <= 0:
        raise ArgumentError("non-positive groups is not supported")
    if w.ndim != x.ndim:
        raise ArgumentError(
            f"Expected {w.ndim}-dimensional input for {w.ndim}-dimensional weight "
            f"{_size_list(w.shape)}, but got {x.ndim}-dimensional input of size "
            f"{_size_list(x.shape)} instead"
        )
    if w.shape[0] < groups:
        raise ArgumentError(
            f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, "
            f"but got weight of size {_size_list(w.shape)} instead"
        )
    if w.shape[0] % groups:
        raise ArgumentError(
            f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
            f"but got weight of size [{_size_list(w.shape)}] instead"
        )
    if any(k == 0 for k in w.shape[2:]):
        if nd < 3:
            raise ArgumentError(
                f"kernel size should be greater than zero, but got {_per_axis('kernel', tuple(w.shape[2:]), nd)}"
            )
        if not transposed:  # (a 3-d transpose reports the empty weight instead, below)
            raise ArgumentError(
                f"kernel size should be greater than zero, but got: {' x '.join(str(k) for k in w.shape[2:])} (TxHxW)"
            )


def _check_empty_spatial(x: np.ndarray | _Shape, nd: int) -> None:
    """PyTorch's backend choice, after ``check_shape_forward``: an input with an empty spatial
    axis is refused unless its batch or channel axis is empty (1-d runs as 2-d, hence the
    shape with a height of 1)."""
    if any(s == 0 for s in x.shape[2:]) and x.shape[0] and x.shape[1]:
        shape = (*x.shape[:2], 1, *x.shape[2:]) if nd == 1 else x.shape
        raise ArgumentError(
            f"Only zero batch or zero channel inputs are supported, but got input shape: {_size_list(shape)}"
        )


def _dtype_notes(dtype: Any) -> list[str]:
    """What the explanation should say about the result dtype."""
    if dtype is None or np.dtype(dtype) in (np.float32, np.float64):
        return []
    name = np.dtype(dtype).name
    if np.dtype(dtype).kind in "iu":
        bits = 8 * np.dtype(dtype).itemsize
        return [f"PyTorch returns {name}: the sum wraps modulo 2**{bits} (the sums shown are exact)."]
    return [f"PyTorch returns {name}: the sum is rounded to {name} once (overflow gives inf)."]


_TYPE_NAMES = {  # c10's TypeMeta names, as in "Input type (double) and bias type (...)"
    "float64": "double", "float32": "float", "float16": "c10::Half", "int64": "long int",
    "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
    "bool": "bool", "complex128": "c10::complex<double>", "complex64": "c10::complex<float>",
}
_SCALAR_TYPES = {  # c10's ScalarType names, as in "result type ComplexDouble can't be cast ..."
    "float64": "Double", "float32": "Float", "float16": "Half", "int64": "Long", "int32": "Int",
    "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool",
    "complex128": "ComplexDouble", "complex64": "ComplexFloat",
}


def _check_complex_bias(input: Any, bias: Any) -> None:
    """``at::conv{1,2,3}d``'s first check: a complex bias with a real input is refused in
    PyTorch's words (other dtype pairs follow arraylens's dtype rule)."""
    if bias is None:
        return
    b, x = np.asarray(bias), np.asarray(input)
    if b.dtype.kind == "c" and x.dtype.kind != "c":
        raise ArgumentError(
            f"Input type ({_TYPE_NAMES.get(x.dtype.name, x.dtype.name)}) and bias type "
            f"({_TYPE_NAMES.get(b.dtype.name, b.dtype.name)}) should be the same"
        )


def _check_weight_rank(
    x: np.ndarray | _Shape, w: np.ndarray | _Shape, nd: int, given: Sequence[tuple[str, Sequence[int]]]
) -> None:
    """``at::_convolution``'s first checks, made before ``check_shape_forward``: the weight
    has at least 3 dimensions, and each of ``given`` (stride, padding, dilation as PyTorch's
    argument parser hands them: 1 value for 1-d, ``nd`` otherwise) is a single value or has
    one per spatial dimension *of the weight*."""
    if w.ndim < 3:
        raise ArgumentError("weight should have at least three dimensions")
    dim = w.ndim - 2
    if dim == nd:
        return
    for name, values in given:
        if len(values) not in (1, dim):
            raise ArgumentError(
                f"expected {name} to be a single integer value or a list of {dim} values to "
                f"match the convolution dimensions, but got {name}={_size_list(values)}"
            )


def _check_bias(
    bias: Any, n_out: int, w: np.ndarray | _Shape, transposed: bool, real_type: np.dtype[Any] | None = None
) -> np.ndarray | None:
    if bias is None:
        return None
    raw = np.asarray(bias)
    b = raw if raw.dtype.kind == "c" and real_type is not None else as_real_array(bias, "bias")
    if b.ndim != 1 or b.shape[0] != n_out:
        prefix = "Given transposed=1, weight" if transposed else "Given weight"
        raise ArgumentError(
            f"{prefix} of size {_size_list(w.shape)}, expected bias to be 1-dimensional with "
            f"{n_out} elements, but got bias of size {_size_list(b.shape)} instead"
        )
    if b.dtype.kind == "c" and real_type is not None:
        # conv_transpose adds the bias to a real result: PyTorch's type-promotion error
        raise ArgumentError(
            f"result type {_SCALAR_TYPES.get(b.dtype.name, b.dtype.name)} can't be cast to the "
            f"desired output type {_SCALAR_TYPES.get(real_type.name, real_type.name)}"
        )
    return b


def _output_padding_from_size(
    output_size: Sequence[int],
    x_shape: tuple[int, ...],
    batched: bool,
    nd: int,
    kernel: Sequence[int],
    stride: Sequence[int],
    padding: Sequence[int],
    dilation: Sequence[int],
) -> tuple[int, ...]:
    """``nn.ConvTranspose{nd}d._output_padding``: the output_padding that gives ``output_size``."""
    non_spatial = 2 if batched else 1
    requested: Any = output_size
    if len(requested) == non_spatial + nd:
        requested = requested[non_spatial:]
    if len(requested) != nd:
        raise ArgumentError(
            f"ConvTranspose{nd}D: for {len(x_shape)}D input, output_size must have {nd} "
            f"or {non_spatial + nd} elements (got {len(requested)})"
        )
    sizes = [operator.index(s) for s in requested]
    full = full_extent(x_shape[non_spatial:non_spatial + nd], kernel[:nd], stride[:nd], dilation[:nd])
    min_sizes = [full[a] - 2 * padding[a] for a in range(nd)]
    max_sizes = [m + s - 1 for m, s in zip(min_sizes, stride, strict=True)]
    for size, lo, hi in zip(sizes, min_sizes, max_sizes, strict=True):
        if size < lo or size > hi:
            raise ArgumentError(
                f"requested an output size of {requested!r}, but valid sizes range from "
                f"{min_sizes} to {max_sizes} (for an input of "
                f"torch.Size({list(x_shape[2:])}))"
            )
    return tuple(s - m for s, m in zip(sizes, min_sizes, strict=True))


def _conv_transpose_plan(
    nd: int,
    input: Any,
    weight: Any,
    bias: Any,
    stride: IntOrInts,
    padding: IntOrInts,
    output_padding: IntOrInts,
    groups: int,
    dilation: IntOrInts,
    output_size: Sequence[int] | None,
) -> ConvTransposePlan:
    # A float32/float64 call whose shapes, dtype and arguments passed every check before is
    # rebuilt from that call's prepared plan: no check can answer differently (they read
    # nothing else), and the prepared plan computes as the plan (arraylens.ops.conv.prepared).
    key = call_key((input, weight, bias), nd, stride, padding, output_padding, groups, dilation, output_size)
    prepared = None if key is None else _TRANSPOSE_CALLS.get(key)
    if prepared is not None:
        return prepared.plan(*_transpose_operands(prepared.fields["layouts"], input, weight), bias)
    plan = _checked_transpose_plan(nd, input, weight, bias, stride, padding, output_padding, groups, dilation,
                                   output_size)
    prepared = None if key is None else prepare(plan)
    if prepared is None:
        return plan
    _TRANSPOSE_CALLS.put(key, prepared)
    return prepared.plan(plan.x, plan.w, plan.bias)


def _transpose_operands(layouts: Layouts, x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The canonical operands of a transposed convolution's plan: the input a view of the
    caller's (the kernel copies it channels-last and drops that copy before the result's copy),
    the weight contiguous."""
    return layouts.x.to_canonical(x), contiguous(layouts.w.to_canonical(w))


def _checked_transpose_plan(
    nd: int,
    input: Any,
    weight: Any,
    bias: Any,
    stride: IntOrInts,
    padding: IntOrInts,
    output_padding: IntOrInts,
    groups: int,
    dilation: IntOrInts,
    output_size: Sequence[int] | None,
) -> ConvTransposePlan:
    """:func:`_conv_transpose_plan`'s plan, every check made."""
    op = f"conv_transpose{nd}d"
    input, weight, bias, dtype = torch_operands(op, input, weight, bias, True, nd)
    x = as_real_array(input, "input")
    w = as_real_array(weight, "weight")
    # the checks read shapes and arguments only (the bias's values too, when there is one:
    # then the cache is bypassed), so a repeated call reuses them
    layouts, spec, notes, b = shape_memo(
        _conv_transpose_frame, nd, x.shape, w.shape, x.dtype.str, bias, stride, padding, output_padding, groups,
        dilation, output_size,
    )
    xc, wc = _transpose_operands(layouts, x, w)
    return ConvTransposePlan(
        op=f"torch.nn.functional.{op}",
        x=xc,
        w=wc,
        spec=spec,
        layouts=layouts,
        bias=b,
        notes=[*notes, *_dtype_notes(dtype)],
        out_dtype=dtype,
    )


def _conv_transpose_frame(
    nd: int,
    x_shape: tuple[int, ...],
    w_shape: tuple[int, ...],
    x_dtype: str,
    bias: Any,
    stride: IntOrInts,
    padding: IntOrInts,
    output_padding: IntOrInts,
    groups: int,
    dilation: IntOrInts,
    output_size: Sequence[int] | None,
) -> tuple[Layouts, ConvTransposeSpec, tuple[str, ...], np.ndarray | None]:
    """The checks of :func:`_conv_transpose_plan`, in PyTorch's order, from the operands' shapes
    (and the bias): the layouts, the spec, the notes and the checked bias."""
    op = f"conv_transpose{nd}d"
    x = _Shape(x_shape)
    w = _Shape(w_shape)
    batched = _check_input(x, nd, op)
    x_b = x if batched else _Shape((1, *x_shape))
    stride_t = _expand(stride, nd, op, "stride")
    padding_t = _expand(padding, nd, op, "padding")
    out_pad_t = _expand(output_padding, nd, op, "output_padding")
    dilation_t = _expand(dilation, nd, op, "dilation")
    groups = _as_int(groups, op, "groups")
    _check_weight_rank(x_b, w, nd, (("stride", stride_t), ("padding", padding_t), ("dilation", dilation_t)))
    if any(p < 0 for p in padding_t):
        raise ArgumentError("negative padding is not supported")
    if any(p < 0 for p in out_pad_t):
        raise ArgumentError("negative output_padding is not supported")
    _common_checks(x_b, w, nd, padding_t, stride_t, dilation_t, groups, transposed=True)
    if w.size == 0:
        # 1-d runs as 2-d in PyTorch, hence the 2-d wording (and a kernel height of 1)
        shape_2d = (*w.shape[:2], 1, *w.shape[2:]) if nd == 1 else w.shape
        expected = (
            "5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x "
            "kernel_width) tensor expected for weight"
            if nd == 3
            else "2D or 4D weight tensor expected"
        )
        raise ArgumentError(f"non-empty {expected}, but got: {_size_list(shape_2d)}")
    if x_b.shape[1] != w.shape[0]:
        raise ArgumentError(
            f"Given transposed=1, weight of size {_size_list(w.shape)}, expected "
            f"input{_size_list(x_b.shape)} to have {w.shape[0]} channels, but got "
            f"{x_b.shape[1]} channels instead"
        )
    c_out = w.shape[1] * groups
    b = _check_bias(bias, c_out, w, transposed=True, real_type=np.dtype(x_dtype))
    _check_empty_spatial(x_b, nd)
    kernel = tuple(int(k) for k in w.shape[2:])
    notes = []
    if output_size is not None:
        out_pad_t = _output_padding_from_size(
            output_size, x.shape, batched, nd, kernel, stride_t, padding_t, dilation_t
        )
        notes.append(
            f"output_size {tuple(output_size)} was turned into output_padding {per_axis(out_pad_t)} "
            "(nn.ConvTranspose's forward(input, output_size) ignores the layer's own "
            "output_padding)"
        )
    if any(o >= s and o >= d for o, s, d in zip(out_pad_t, stride_t, dilation_t, strict=True)):
        raise ArgumentError(
            "output padding must be smaller than either stride or dilation, but got "
            f"{_per_axis('output_padding', out_pad_t, nd, 0)} {_per_axis('stride', stride_t, nd)} "
            f"{_per_axis('dilation', dilation_t, nd)}"
        )
    spec = ConvTransposeSpec(
        stride=stride_t,
        dilation=dilation_t,
        crop=tuple((p, p - o) for p, o in zip(padding_t, out_pad_t, strict=True)),
        groups=groups,
    )
    out_size = spec.output_size(x_b.shape[2:], kernel)
    if any(o <= 0 for o in out_size):
        in_sp = (1, *x_b.shape[2:]) if nd == 1 else x_b.shape[2:]
        out_sp = (1, *out_size) if nd == 1 else out_size
        raise ArgumentError(
            f"Given input size per channel: ({' x '.join(map(str, in_sp))}). Calculated output "
            f"size per channel: ({' x '.join(map(str, out_sp))}). Output size is too small"
        )
    notes.append(
        f"padding={per_axis(padding_t)} removes that many elements from both ends of the full result "
        f"and output_padding={per_axis(out_pad_t)} gives back that many at the end: the full result has "
        f"{crop_ends(spec.crop)}"
        + (" (positions added at the end are reached by no kernel copy)" if any(e < 0 for _, e in spec.crop) else "")
    )
    x_map = AxisMap.channels_first(nd + 2) if batched else AxisMap.channels_first(nd + 1, True)
    w_map = channels_first_weights(nd, transposed=True)
    layouts = Layouts(x=x_map, w=w_map, out=x_map, names=("input", "weight", "out"))
    return layouts, spec, tuple(notes), b


def _conv_plan(
    nd: int,
    input: Any,
    weight: Any,
    bias: Any,
    stride: IntOrInts,
    padding: IntOrInts | str,
    dilation: IntOrInts,
    groups: int,
) -> ConvPlan:
    # as _conv_transpose_plan: a call like one that passed every check reuses its prepared plan
    key = call_key((input, weight, bias), nd, stride, padding, dilation, groups)
    prepared = None if key is None else _CONV_CALLS.get(key)
    if prepared is not None:
        return prepared.plan(*_conv_operands(prepared.fields["layouts"], input, weight, False), bias)
    plan = _checked_conv_plan(nd, input, weight, bias, stride, padding, dilation, groups)
    prepared = None if key is None else prepare(plan)
    if prepared is None:
        return plan
    _CONV_CALLS.put(key, prepared)
    return prepared.plan(plan.x, plan.w, plan.bias)


def _conv_operands(
    layouts: Layouts, x: np.ndarray, w: np.ndarray, no_channels: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The canonical operands of a convolution's plan, both views of the caller's arrays: the
    kernel reads the input's windows through the view block by block (no channels-last copy of
    the whole input) and makes the weight's contiguous copy; with no input channels, a weight
    of no output channels (PyTorch's empty result)."""
    w_canon = layouts.w.to_canonical(w)  # (O, I, *k) -> (*k, I, O)
    if no_channels:
        w_canon = w_canon[..., :0]
    return layouts.x.to_canonical(x), w_canon


def _checked_conv_plan(
    nd: int,
    input: Any,
    weight: Any,
    bias: Any,
    stride: IntOrInts,
    padding: IntOrInts | str,
    dilation: IntOrInts,
    groups: int,
) -> ConvPlan:
    """:func:`_conv_plan`'s plan, every check made."""
    op = f"conv{nd}d"
    _check_complex_bias(input, bias)
    input, weight, bias, dtype = torch_operands(op, input, weight, bias, False, nd)
    x = as_real_array(input, "input")
    w = as_real_array(weight, "weight")
    # the checks read shapes and arguments only (the bias's values too, when there is one:
    # then the cache is bypassed), so a repeated call reuses them
    layouts, spec, notes, b, no_channels = shape_memo(
        _conv_frame, nd, x.shape, w.shape, bias, stride, padding, dilation, groups
    )
    xc, wc = _conv_operands(layouts, x, w, no_channels)
    return ConvPlan(
        op=f"torch.nn.functional.{op}",
        x=xc,
        w=wc,
        spec=spec,
        layouts=layouts,
        bias=b,
        notes=[*notes, *_dtype_notes(dtype)],
        out_dtype=dtype,
    )


def _conv_frame(
    nd: int,
    x_shape: tuple[int, ...],
    w_shape: tuple[int, ...],
    bias: Any,
    stride: IntOrInts,
    padding: IntOrInts | str,
    dilation: IntOrInts,
    groups: int,
) -> tuple[Layouts, ConvSpec, tuple[str, ...], np.ndarray | None, bool]:
    """The checks of :func:`_conv_plan`, in PyTorch's order, from the operands' shapes (and the
    bias): the layouts, the spec, the notes, the checked bias and whether the input has no
    channels (then the result has none either)."""
    op = f"conv{nd}d"
    x = _Shape(x_shape)
    w = _Shape(w_shape)
    batched = _check_input(x, nd, op)
    x_b = x if batched else _Shape((1, *x_shape))
    stride_t = _expand(stride, nd, op, "stride")
    dilation_t = _expand(dilation, nd, op, "dilation")
    groups = _as_int(groups, op, "groups")
    notes = []
    if isinstance(padding, str):
        if padding not in ("same", "valid"):
            raise ArgumentError(f"Invalid padding string: '{padding}'")
        padding_mode = padding
        padding_t: tuple[int, ...] = (0,) * nd
    else:
        padding_mode = ""
        padding_t = _expand(padding, nd, op, "padding")
    if padding_mode == "same":  # at::_convolution_same's checks, in its order
        if w.ndim < 3:
            raise ArgumentError("weight should have at least three dimensions")
        if groups <= 0:
            raise ArgumentError("non-positive groups is not supported")
        if w.ndim != x_b.ndim:
            raise ArgumentError(
                f"Expected {w.ndim}-dimensional input for {w.ndim}-dimensional weight"
                f"{_size_list(w.shape)}, but got {x_b.ndim}-dimensional input of size "
                f"{_size_list(x_b.shape)} instead"
            )
        if any(s != 1 for s in stride_t):
            raise ArgumentError("padding='same' is not supported for strided convolutions")
    # valid padding reaches at::convolution as the single value [0]
    given_pad = (0,) if padding_mode == "valid" else padding_t
    _check_weight_rank(x_b, w, nd, (("stride", stride_t), ("padding", given_pad), ("dilation", dilation_t)))
    _common_checks(x_b, w, nd, padding_t, stride_t, dilation_t, groups, transposed=False)
    c_in = w.shape[1] * groups
    if x_b.shape[1] != c_in:
        raise ArgumentError(
            f"Given groups={groups}, weight of size {_size_list(w.shape)}, expected "
            f"input{_size_list(x_b.shape)} to have {c_in} channels, but got {x_b.shape[1]} "
            "channels instead"
        )
    b = _check_bias(bias, w.shape[0], w, transposed=False)
    kernel = tuple(int(k) for k in w.shape[2:])
    if padding_mode == "same":
        pads = []
        for k, d in zip(kernel, dilation_t, strict=True):
            total = d * (k - 1)
            pads.append(split_padding(total))
        pad_pairs = tuple(pads)
        notes.append(f"padding='same' pads dilation*(kernel-1) zeros per axis, the odd one at the end: {pad_pairs}")
    else:
        pad_pairs = tuple((p, p) for p in padding_t)
        padded = [i + 2 * p for i, p in zip(x_b.shape[2:], padding_t, strict=True)]
        eff = [d * (k - 1) + 1 for k, d in zip(kernel, dilation_t, strict=True)]
        if any(p < e for p, e in zip(padded, eff, strict=True)):
            raise ArgumentError(
                f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). "
                f"Kernel size: ({' x '.join(map(str, eff))}). Kernel size can't be greater than "
                "actual input size"
            )
    _check_empty_spatial(x_b, nd)
    spec = ConvSpec(stride=stride_t, dilation=dilation_t, padding=pad_pairs, groups=groups)
    no_channels = x_b.shape[1] == 0
    if no_channels:
        # PyTorch answers a 0-channel input with an empty result of 0 channels (bias unused).
        b = None
        notes.append("a 0-channel input gives PyTorch's empty result with 0 output channels")
    x_map = AxisMap.channels_first(nd + 2) if batched else AxisMap.channels_first(nd + 1, True)
    w_map = channels_first_weights(nd, transposed=False)
    layouts = Layouts(x=x_map, w=w_map, out=x_map, names=("input", "weight", "out"))
    return layouts, spec, tuple(notes), b, no_channels


_TRANSPOSE_DOC = """Transposed convolution, ``torch.nn.functional.conv_transpose{nd}d``'s semantics.

Parameters
----------
input : array_like, shape (N, C_in, {sp}) or unbatched (C_in, {sp})
weight : array_like, shape (C_in, C_out / groups, {k})
bias : array_like, shape (C_out,), optional
stride, padding, output_padding, dilation : int or sequence of {nd} ints (or of 1)
    The full result of size ``(in-1)*stride + dilation*(kernel-1) + 1`` is cropped by
    ``padding`` at both ends, then ``output_padding`` positions are added back at the end.
    ``output_padding`` must be smaller than ``stride`` or ``dilation`` on every axis.
groups : int
output_size : sequence of ints, keyword-only, optional
    As ``nn.ConvTranspose{nd}d.forward(input, output_size)``: {nd} spatial sizes (or the whole
    shape); each must lie in ``[min, min + stride - 1]`` with ``min`` the size for
    ``output_padding=0``. It determines ``output_padding`` (the ``output_padding`` argument is
    then ignored, as the module ignores its own).

Returns
-------
ndarray, shape (N, C_out, {sp_out}) (unbatched input: no N)
    ``out = (in-1)*stride - 2*padding + dilation*(kernel-1) + output_padding + 1``.

Raises
------
ValueError
    With PyTorch 2.13's wording (PyTorch raises ``RuntimeError``; for ``output_size``
    ``ValueError``): wrong input rank, negative padding or output_padding, non-positive stride,
    dilation or groups, weight not divisible by groups, channel or bias mismatch, output_padding
    not smaller than stride or dilation, output size too small, an ``output_size`` out of range.
TypeError
    For a non-integer stride/padding/dilation/output_padding, or complex/non-numeric arrays.

Notes
-----
Source of the semantics: ``torch.nn.functional.conv_transpose{nd}d`` and
``torch.nn.ConvTranspose{nd}d.forward`` of PyTorch 2.13.0.
"""

_CONV_DOC = """Convolution (cross-correlation) with ``torch.nn.functional.conv{nd}d``'s semantics.

Parameters
----------
input : array_like, shape (N, C_in, {sp}) or unbatched (C_in, {sp})
weight : array_like, shape (C_out, C_in / groups, {k})
bias : array_like, shape (C_out,), optional
stride, dilation : int or sequence of {nd} ints (or of 1)
padding : int, sequence of {nd} ints, ``'valid'`` or ``'same'``
    ``'same'`` (stride 1 only) pads ``dilation*(kernel-1)`` zeros per axis, the odd one at
    the end.
groups : int

Returns
-------
ndarray, shape (N, C_out, {sp_out}) (unbatched input: no N)
    ``out = floor((in + 2*padding - dilation*(kernel-1) - 1) / stride) + 1``.

Raises
------
ValueError
    With PyTorch 2.13's wording: wrong input rank, invalid padding string, ``'same'`` with a
    stride, negative padding, non-positive stride, dilation or groups, channel or bias
    mismatch, kernel larger than the padded input.
TypeError
    For non-integer stride/padding/dilation, or complex/non-numeric arrays.

Notes
-----
Source of the semantics: ``torch.nn.functional.conv{nd}d`` of PyTorch 2.13.0.
"""

_SP = {
    1: ("L", "kW", "L_out"),
    2: ("H, W", "kH, kW", "H_out, W_out"),
    3: ("D, H, W", "kD, kH, kW", "D_out, H_out, W_out"),
}


def _doc(template: str, nd: int) -> str:
    sp, k, sp_out = _SP[nd]
    return template.format(nd=nd, sp=sp, k=k, sp_out=sp_out)


@frontend("torch.nn.functional.conv_transpose1d")
def conv_transpose1d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: IntOrInts = 1,
    padding: IntOrInts = 0,
    output_padding: IntOrInts = 0,
    groups: int = 1,
    dilation: IntOrInts = 1,
    *,
    output_size: Sequence[int] | None = None,
) -> ConvTransposePlan:
    return _conv_transpose_plan(1, input, weight, bias, stride, padding, output_padding, groups, dilation, output_size)


@frontend("torch.nn.functional.conv_transpose2d")
def conv_transpose2d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: IntOrInts = 1,
    padding: IntOrInts = 0,
    output_padding: IntOrInts = 0,
    groups: int = 1,
    dilation: IntOrInts = 1,
    *,
    output_size: Sequence[int] | None = None,
) -> ConvTransposePlan:
    return _conv_transpose_plan(2, input, weight, bias, stride, padding, output_padding, groups, dilation, output_size)


@frontend("torch.nn.functional.conv_transpose3d")
def conv_transpose3d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: IntOrInts = 1,
    padding: IntOrInts = 0,
    output_padding: IntOrInts = 0,
    groups: int = 1,
    dilation: IntOrInts = 1,
    *,
    output_size: Sequence[int] | None = None,
) -> ConvTransposePlan:
    return _conv_transpose_plan(3, input, weight, bias, stride, padding, output_padding, groups, dilation, output_size)


@frontend("torch.nn.functional.conv1d")
def conv1d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: IntOrInts = 1,
    padding: IntOrInts | str = 0,
    dilation: IntOrInts = 1,
    groups: int = 1,
) -> ConvPlan:
    return _conv_plan(1, input, weight, bias, stride, padding, dilation, groups)


@frontend("torch.nn.functional.conv2d")
def conv2d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: IntOrInts = 1,
    padding: IntOrInts | str = 0,
    dilation: IntOrInts = 1,
    groups: int = 1,
) -> ConvPlan:
    return _conv_plan(2, input, weight, bias, stride, padding, dilation, groups)


@frontend("torch.nn.functional.conv3d")
def conv3d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: IntOrInts = 1,
    padding: IntOrInts | str = 0,
    dilation: IntOrInts = 1,
    groups: int = 1,
) -> ConvPlan:
    return _conv_plan(3, input, weight, bias, stride, padding, dilation, groups)


for _nd, _ft in ((1, conv_transpose1d), (2, conv_transpose2d), (3, conv_transpose3d)):
    _ft.__doc__ = _ft.build_plan.__doc__ = _doc(_TRANSPOSE_DOC, _nd)
for _nd, _fc in ((1, conv1d), (2, conv2d), (3, conv3d)):
    _fc.__doc__ = _fc.build_plan.__doc__ = _doc(_CONV_DOC, _nd)


# ----------------------------------------------------------------------------------------------
# Registry: the CLI's arguments and translate's inverse rule, beside the forward rules above.
# ----------------------------------------------------------------------------------------------


def _translate_candidates(ref: ConvTransposePlan) -> Iterator[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]:
    """The inverse rule: ``padding`` is the begin crop and ``output_padding`` the begin minus the
    end; where that is out of range, the symmetric part and a slice afterwards."""
    nd = ref.spec.ndim
    crop = ref.spec.crop
    zero = ((0, 0),) * nd
    base = {"stride": ref.spec.stride, "dilation": ref.spec.dilation, "groups": ref.spec.groups}
    yield (
        {**base, "padding": tuple(b for b, _ in crop), "output_padding": tuple(b - e for b, e in crop)},
        zero,
    )
    p = tuple(max(0, min(b, e)) for b, e in crop)
    yield (
        {**base, "padding": p, "output_padding": (0,) * nd},
        tuple((b - pp, e - pp) for (b, e), pp in zip(crop, p, strict=True)),
    )
    if any(p):
        # PyTorch refuses an output of size 0 (a JAX source may have one): the full result,
        # sliced to nothing afterwards
        yield {**base, "padding": (0,) * nd, "output_padding": (0,) * nd}, crop


def _translate_snippet(a: dict[str, Any], nd: int, has_bias: bool) -> list[str]:
    return [
        "import torch",
        f"y = torch.nn.functional.conv_transpose{nd}d(torch.from_numpy(xt), "
        f"torch.from_numpy(wt), {'torch.from_numpy(b)' if has_bias else 'None'}, "
        f"stride={a['stride']}, padding={a['padding']}, output_padding={a['output_padding']}, "
        f"groups={a['groups']}, dilation={a['dilation']}).numpy()",
    ]


def _parse_conv_padding(text: str) -> Any:
    return text if text in ("same", "valid") else int_or_ints("--padding")(text)


def _register() -> None:
    common = (
        Option("--input", "input", "Input array (.npy/.npz/.csv), (N, C, *spatial) or (C, *spatial).",
               kind="array", required=True, what="input"),
        Option("--weight", "weight", "Weight array (.npy/.npz/.csv).", kind="array", required=True, what="weight"),
        Option("--bias", "bias", "Optional bias array, shape (C_out,).", kind="array", what="bias"),
        Option("--stride", "stride", "int or comma-separated ints.", default="1", show_default=True,
               parse=int_or_ints("--stride")),
        Option("--dilation", "dilation", "int or comma-separated ints.", default="1", show_default=True,
               parse=int_or_ints("--dilation")),
        Option("--groups", "groups", kind="int", default=1, show_default=True),
    )
    rule = TranslateRule("input", "weight", "bias", _translate_candidates, _translate_snippet, target=True)
    for nd, fn in ((1, conv_transpose1d), (2, conv_transpose2d), (3, conv_transpose3d)):
        op = f"torch.conv_transpose{nd}d"
        register(Entry(
            op, fn, "torch", figure="overlay",
            aliases=(f"torch.nn.functional.conv_transpose{nd}d", f"F.conv_transpose{nd}d"),
            cli=Cli((
                *common,
                Option("--padding", "padding", "int or comma-separated ints.", default="0", show_default=True,
                       parse=int_or_ints("--padding")),
                Option("--output-padding", "output_padding", "int or comma-separated ints.", default="0",
                       show_default=True, parse=int_or_ints("--output-padding")),
                Option("--output-size", "output_size", "Like nn.ConvTranspose forward(input, output_size).",
                       parse=ints("--output-size")),
            ), help=f"Explain one element of torch.nn.functional.conv_transpose{nd}d."),
            translate=dataclasses.replace(rule, ndim=nd),
        ))
    for nd, conv_fn in ((1, conv1d), (2, conv2d), (3, conv3d)):
        register(Entry(f"torch.conv{nd}d", conv_fn, "torch", cli=Cli((
            *common,
            Option("--padding", "padding", "int, comma-separated ints, 'same' or 'valid'.", default="0",
                   show_default=True, parse=_parse_conv_padding),
        ), help=f"Explain one element of torch.nn.functional.conv{nd}d.")))


_register()


# ----------------------------------------------------------------------------------------------
# Block rearrangements: pixel_shuffle and pixel_unshuffle (CRD order, any leading batch axes).
# ----------------------------------------------------------------------------------------------

from arraylens.ops.rearrange.blocks.kernel import check_values as _block_values  # noqa: E402
from arraylens.ops.rearrange.blocks.plan import BlockPlan  # noqa: E402
from arraylens.ops.rearrange.blocks.spec import BlockSpec  # noqa: E402


def _shuffle_plan(op: str, input: Any, factor: Any, to_space: bool) -> BlockPlan:
    """PyTorch's checks, in its order: the factor's type, rank, sign, then the sizes."""
    fn, arg = ("pixel_shuffle", "upscale_factor") if to_space else ("pixel_unshuffle", "downscale_factor")
    if isinstance(factor, bool | np.bool_) or not isinstance(factor, int | np.integer):
        raise ArgumentTypeError(
            f"{fn}(): argument '{arg}' (position 2) must be int, not {type(factor).__name__}")
    b = int(factor)
    x = _block_values(torch_read(input) if isinstance(input, np.ndarray) else input)
    if x.ndim < 3:
        raise ArgumentError(
            f"{fn} expects input to have at least 3 dimensions, but got input with {x.ndim} dimension(s)")
    if b <= 0:
        raise ArgumentError(f"{fn} expects a positive {arg}, but got {b}")
    spec = BlockSpec("to_space" if to_space else "to_depth", b, "CRD", channels_last=False)
    c, h, w = spec.split_cf(x.shape)
    if to_space:
        if b * b > 2**63 - 1:
            raise ArgumentError(f"upscale factor is too large, (upscale_factor)^2 overflowed: upscale_factor={b}")
        if c % (b * b):
            raise ArgumentError(
                f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                f"upscale_factor, but input.size(-3)={c} is not divisible by {b * b}")
    else:
        if h % b:
            raise ArgumentError(f"pixel_unshuffle expects height to be divisible by downscale_factor, but "
                                f"input.size(-2)={h} is not divisible by {b}")
        if w % b:
            raise ArgumentError(f"pixel_unshuffle expects width to be divisible by downscale_factor, but "
                                f"input.size(-1)={w} is not divisible by {b}")
    return BlockPlan(op, x, spec)


@frontend("torch.pixel_shuffle")
def pixel_shuffle(input: Any, upscale_factor: int) -> BlockPlan:
    """Rearrange ``(*, C*r*r, H, W)`` into ``(*, C, H*r, W*r)``, as ``torch.nn.functional.pixel_shuffle``.

    The CRD order: output channel ``c`` at ``(y, x) = (h*r + by, w*r + bx)`` is input channel
    ``c*r*r + by*r + bx`` at ``(h, w)`` (TensorFlow's depth_to_space and ONNX's default DCR
    take ``(by*r + bx)*C + c``).

    Parameters
    ----------
    input : array_like, at least 3-d
        ``(*, C*r*r, H, W)``; any leading axes; any numeric or boolean dtype (kept).
    upscale_factor : int
        ``r``, positive (1 copies).

    Returns
    -------
    ndarray, shape ``(*, C, H*r, W*r)``

    Raises
    ------
    ValueError (ArgumentError)
        PyTorch 2.13's messages: "pixel_shuffle expects input to have at least 3 dimensions, ...",
        "pixel_shuffle expects a positive upscale_factor, but got 0", "pixel_shuffle expects its
        input's 'channel' dimension to be divisible by the square of upscale_factor, ...".
    TypeError (ArgumentTypeError)
        "pixel_shuffle(): argument 'upscale_factor' (position 2) must be int, not float".
    """
    return _shuffle_plan("torch.pixel_shuffle", input, upscale_factor, True)


@frontend("torch.pixel_unshuffle")
def pixel_unshuffle(input: Any, downscale_factor: int) -> BlockPlan:
    """Rearrange ``(*, C, H*r, W*r)`` into ``(*, C*r*r, H, W)``, as ``torch.nn.functional.pixel_unshuffle``.

    The CRD order: output channel ``c*r*r + by*r + bx`` at ``(h, w)`` is input channel ``c`` at
    ``(h*r + by, w*r + bx)``. ONNX's SpaceToDepth and TensorFlow's space_to_depth use DCR
    instead, ``(by*r + bx)*C + c``: exporting one as the other permutes the channels
    (microsoft/onnxscript#2891, tensorflow/tensorflow#53291).

    Parameters
    ----------
    input : array_like, at least 3-d
        ``(*, C, H*r, W*r)``.
    downscale_factor : int
        ``r``, positive.

    Returns
    -------
    ndarray, shape ``(*, C*r*r, H, W)``

    Raises
    ------
    ValueError (ArgumentError)
        PyTorch's messages, e.g. "pixel_unshuffle expects height to be divisible by
        downscale_factor, but input.size(-2)=3 is not divisible by 2".
    TypeError (ArgumentTypeError)
        For a factor that is not an int.
    """
    return _shuffle_plan("torch.pixel_unshuffle", input, downscale_factor, False)


def _register_blocks() -> None:
    for fn, arg, flag, alias in ((pixel_shuffle, "upscale_factor", "--upscale-factor", "F.pixel_shuffle"),
                                 (pixel_unshuffle, "downscale_factor", "--downscale-factor", "F.pixel_unshuffle")):
        register(Entry(fn.name, fn, "torch", figure="blocks",
                       aliases=(alias, f"torch.nn.functional.{fn.name.removeprefix('torch.')}"), cli=Cli((
                           Option("--input", "input", "Input array (.npy/.npz/.csv), (*, C, H, W).", kind="array",
                                  required=True, what="input"),
                           Option(flag, arg, "Block size r (positive).", kind="int", required=True),
                       ), help=f"Explain one output element of {fn.name}: its source (channel, y, x), CRD "
                               "against DCR.", result="shape")))


_register_blocks()
__all__ += ["pixel_shuffle", "pixel_unshuffle"]


# ----------------------------------------------------------------------------------------------
# torch.nn.functional.pad
# ----------------------------------------------------------------------------------------------

_TORCH_PAD_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}
_TORCH_PAD_RANKS = {2: (2, 3), 4: (3, 4), 6: (4, 5)}


def _torch_tensor(value: Any, name: str) -> np.ndarray:
    """``value`` as the tensor torch would hold: arrays keep their dtype; Python floats become
    float32 (torch's default dtype), Python ints int64."""
    arr = torch_read(value)
    if arr.dtype.kind not in "biuf":
        raise ArgumentTypeError(f"{name} must be a bool, integer or float tensor, got {arr.dtype}")
    return arr


_TORCH_C_TYPES = {"float16": "c10::Half", "float32": "float", "float64": "double", "int8": "int8_t",
                  "int16": "int16_t", "int32": "int", "int64": "int64_t", "uint8": "uint8_t", "uint16": "uint16_t",
                  "uint32": "uint32_t", "uint64": "uint64_t"}


def _torch_fill(value: Any, dtype: np.dtype[Any]) -> Any:
    """The ``constant`` fill as PyTorch makes it: ``value`` is a C double (a Python int is
    rounded to one), checked against the dtype's range (c10's ``overflows``: infinities pass for
    float dtypes, NaN and anything outside ``[lowest, max]`` fail), then converted (truncated
    toward zero for integers; any nonzero is True for bool)."""
    if isinstance(value, (complex, np.complexfloating)) or not isinstance(value, (int, float, np.number, np.bool_)):
        raise ArgumentTypeError(f"pad(): argument 'value' (position 4) must be float, not {type(value).__name__}")
    try:
        f = float(value)
    except OverflowError as exc:
        raise ArgumentOverflowError(str(exc)) from None
    if dtype == np.bool_:
        return bool(f)
    overflow = ArgumentError(f"value cannot be converted to type {_TORCH_C_TYPES[dtype.name]} without overflow")
    if dtype.kind == "f":
        if math.isinf(f) or math.isnan(f):
            return dtype.type(f)
        if abs(f) > float(np.finfo(dtype).max):
            raise overflow
        return dtype.type(f)
    info = np.iinfo(dtype)
    if math.isnan(f) or f < float(info.min) or f > float(info.max):
        raise overflow
    # float(info.max) of a 64-bit type is 2**63 (2**64): it passes the check and wraps, as in PyTorch
    wrapped = (int(f) - info.min) % (1 << info.bits) + info.min
    return dtype.type(wrapped)


@frontend("torch.pad")
def pad(input: Any, pad: Sequence[int], mode: str = "constant", value: float | None = None) -> PadPlan:
    """Pad a tensor, as ``torch.nn.functional.pad`` (PyTorch 2.13).

    Parameters
    ----------
    input : array_like
        Any rank for ``constant``; ``reflect``, ``replicate`` and ``circular`` pad the last 1, 2
        or 3 dimensions of a (batched or unbatched) tensor: ``len(pad)`` 2 needs rank 2 or 3, 4
        needs 3 or 4, 6 needs 4 or 5.
    pad : sequence of int
        ``(left, right, top, bottom, front, back)``: pairs from the last dimension backwards;
        negative values crop.
    mode : {'constant', 'reflect', 'replicate', 'circular'}
    value : float, optional
        The fill of ``constant`` (default 0), cast to the tensor's dtype.

    Returns
    -------
    ndarray of ``input``'s dtype. ``reflect`` and ``replicate`` map output positions on the
    uncropped input (``F.pad(x, (-5, 2), 'reflect')`` on 4 elements reads ``x[1]``); ``circular``
    crops first and wraps the cropped tensor.

    Raises
    ------
    ValueError
        PyTorch's messages: "Padding length must be divisible by 2", "Padding size 2 is not
        supported for 1D input tensor.", "Argument #4: Padding size should be less than the
        corresponding input dimension, ...", "Padding value causes wrapping around more than
        once.", "narrow(): length must be non-negative.", ...
    """
    if mode not in _TORCH_PAD_MODES:
        raise ArgumentError(f"Unrecognised padding mode {mode}")
    x = _torch_tensor(input, "input")
    try:
        pads = [operator.index(p) for p in pad]
    except TypeError:
        raise ArgumentTypeError(f"pad(): argument 'pad' must be tuple of ints, got {pad!r}") from None
    for i, p in enumerate(pads):
        if not -(1 << 63) <= p < 1 << 63:
            raise ArgumentTypeError(f"pad(): argument 'pad' failed to unpack the object at pos {i + 1} with error "
                                    '"Overflow when unpacking long long"')
    nd = x.ndim
    if len(pads) % 2:
        raise ArgumentError("Padding length must be divisible by 2")
    if len(pads) // 2 > nd:
        raise ArgumentError("Padding length should be less than or equal to two times the input dimension but got "
                            f"padding length {len(pads)} and input of dimension {nd}")
    widths = [(0, 0)] * nd
    for i in range(len(pads) // 2):
        widths[nd - 1 - i] = (pads[2 * i], pads[2 * i + 1])
    canonical = _TORCH_PAD_MODES[mode]
    if mode == "constant":
        for n, (b, a) in zip(x.shape, widths, strict=True):
            if max(-b, 0) + max(-a, 0) > n:
                raise ArgumentError("narrow(): length must be non-negative.")
        fill = _torch_fill(0 if value is None else value, x.dtype)
        spec = PadSpec(tuple(widths), "constant", values=((fill, fill),) * nd)
        return PadPlan("torch.pad", x, spec, mode)
    if value is not None and value != 0:
        raise ArgumentError(f'Padding mode "{mode}" doesn\'t take in value argument')
    d = len(pads) // 2
    if nd not in _TORCH_PAD_RANKS.get(len(pads), ()):
        raise ArgumentError(f"Padding size {len(pads)} is not supported for {nd}D input tensor.")
    spatial = list(range(nd - d, nd))  # outermost first
    if mode == "circular":
        for k in spatial:
            b, a = widths[k]
            if b > x.shape[k] or a > x.shape[k]:
                raise ArgumentError("Padding value causes wrapping around more than once.")
            if x.shape[k] + b + a < 0:
                raise ArgumentError("Negative padding value is resulting in an empty dimension")
        for k in spatial:
            b, a = widths[k]
            kept = x.shape[k] - max(-b, 0) - max(-a, 0)
            if max(b, a) > kept and (b < 0 or a < 0):
                raise ArgumentError(
                    f"torch.pad circular: padding {max(b, a)} wraps the cropped size {kept} of dimension {k} more than "
                    "once (PyTorch fails: unsupported operation: some elements of the input tensor and the "
                    "written-to tensor refer to a single memory location)")
        return PadPlan("torch.pad", x, PadSpec(tuple(widths), "wrap", crop="first"), mode)
    kernel = ("reflection" if mode == "reflect" else "replication") + f"_pad{d}d"
    if x.dtype == np.bool_:
        raise ArgumentTypeError(f'"{kernel}" not implemented for \'Bool\'')
    batch = nd == d + 2
    if any(n == 0 for n in (x.shape[1:] if batch else x.shape)):
        raise ArgumentError(f"Expected {d + 1}D or {d + 2}D (batch mode) tensor with possibly 0 batch size and other "
                            f"non-zero dimensions for input, but got: {_size_list(x.shape)}")
    if mode == "reflect":
        for i in range(d):
            k = nd - 1 - i
            b, a = widths[k]
            if not (b < x.shape[k] and a < x.shape[k]):
                raise ArgumentError(
                    f"Argument #{4 + 2 * i}: Padding size should be less than the corresponding input dimension, "
                    f"but got: padding ({b}, {a}) at dimension {k} of input {_size_list(x.shape)}")
    names = "DHW"[3 - d:]
    sizes = [x.shape[k] for k in spatial]
    outs = [x.shape[k] + widths[k][0] + widths[k][1] for k in spatial]
    if all(o < 1 for o in outs) or (d == 1 and outs[0] < 1):
        inner = " ".join(f"{c}: {n}" for c, n in zip(names, sizes, strict=True)).replace(" W:", ", W:")
        outer = " ".join(f"{c}: {n}" for c, n in zip(names, outs, strict=True))
        raise ArgumentError(f"input ({inner}) is too small. Calculated output {outer}")
    if any(o < 0 for o in outs):
        raise ArgumentError(f"Trying to create tensor with negative dimension {next(o for o in outs if o < 0)}: "
                            f"{_size_list(PadSpec(tuple(widths), canonical).output_shape(x.shape))}")
    return PadPlan("torch.pad", x, PadSpec(tuple(widths), canonical, crop="original"), mode)


__all__ += ["pad"]

register(Entry(pad.name, pad, "torch", aliases=("F.pad",), figure="source_map", cli=Cli((
    Option("--input", "input", "The tensor (.npy, .npz or .csv).", kind="array", required=True, what="input",
           positional=True),
    Option("--pad", "pad", "left,right[,top,bottom[,front,back]] from the last dimension.", required=True,
           parse=ints("--pad"), positional=True),
    Option("--mode", "mode", "The pad mode.", default="constant", show_default=True,
           choices=tuple(_TORCH_PAD_MODES)),
    Option("--value", "value", "constant: the fill value.", parse=int_or_float("--value")),
), help="Explain one element of torch.nn.functional.pad(input, pad, mode): its source or the constant.",
    result="shape")))


# ----------------------------------------------------------------------------------------------
# Pooling: max_pool, avg_pool, adaptive_{avg,max}_pool and lp_pool, 1-d to 3-d.
# ----------------------------------------------------------------------------------------------

from arraylens.core.errors import ArgumentIndexError  # noqa: E402
from arraylens.core.explanation import Section  # noqa: E402
from arraylens.core.frontend import Plan, check_index  # noqa: E402
from arraylens.frontends._pool_calls import pool_call, pool_key  # noqa: E402
from arraylens.ops.pool.plan import PoolPlan  # noqa: E402
from arraylens.ops.pool.spec import (  # noqa: E402
    AdaptiveWindows,
    LpReduction,
    MaxReduction,
    MeanReduction,
    PoolSpec,
    Window,
)

_POOL_SCALAR = {**_SCALAR_TYPES, "bfloat16": "BFloat16", "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64"}
_FLOATS = ("float16", "bfloat16", "float32", "float64")
_INTS = ("int8", "int16", "int32", "int64", "uint8")
_SPATIAL_LETTERS = {1: "W", 2: "HW", 3: "THW"}


def _pool_read(input: Any, fn: str) -> np.ndarray:
    """The input as the tensor torch would hold (lists: floats float32, integers int64)."""
    if isinstance(input, np.ndarray | np.generic):
        x = torch_read(input)
    else:
        try:
            x = torch_read(input)
        except (TypeError, ValueError):
            raise ArgumentTypeError(f"{fn}(): argument 'input' (position 1) must be Tensor, not "
                                    f"{type(input).__name__}") from None
    if x.dtype.kind not in "biufc" and x.dtype.name != "bfloat16":
        raise ArgumentTypeError(f"{fn}(): argument 'input' (position 1) must be Tensor, not an array of {x.dtype}")
    return x


def _refuse_dtype(x: np.ndarray, kernel: str, allowed: Sequence[str]) -> None:
    """PyTorch's dispatch refusal, made after the shape checks: ``"max_pool2d" not implemented
    for 'Bool'``."""
    if x.dtype.name not in allowed:
        raise ArgumentTypeError(f'"{kernel}" not implemented for \'{_POOL_SCALAR.get(x.dtype.name, x.dtype.name)}\'')


def _int_list(value: Any, fn: str, name: str, position: int) -> list[int]:
    """PyTorch's parser for an int-list argument: an int, or a sequence of ints (no bool, float)."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        return [operator.index(value)]
    if isinstance(value, Sequence | np.ndarray) and not isinstance(value, str):
        items = list(value)
        for i, v in enumerate(items):
            if isinstance(v, bool | np.bool_) or not isinstance(v, int | np.integer):
                raise ArgumentTypeError(f"{fn}(): argument '{name}' (position {position}) must be tuple of ints, but "
                                        f"found element of type {type(v).__name__} at pos {i}")
        return [operator.index(v) for v in items]
    raise ArgumentTypeError(f"{fn}(): argument '{name}' (position {position}) must be tuple of ints, not "
                            f"{type(value).__name__}")


def _bool_arg(value: Any, fn: str, name: str) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise ArgumentTypeError(f"{fn}(): argument '{name}' must be bool, not {type(value).__name__}")
    return bool(value)


def _one_int(values: list[int], fn: str, name: str) -> list[int]:
    """The 1-d bindings' ``int[1]`` arguments: exactly one int."""
    if len(values) != 1:
        raise ArgumentError(f"{fn}() argument '{name}' should contain one int (got {len(values)})")
    return values


def _trunc_div(a: int, b: int) -> int:
    """C++ integer division (toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def _torch_pool_size(n: int, k: int, p: int, s: int, d: int, ceil_mode: bool) -> int:
    """``pooling_output_shape`` (ATen ``Pool.h``) with its three checks, in its order; the size
    itself is :meth:`Window.output_size` once the arguments are valid."""
    if s == 0:
        raise ArgumentError("stride should not be zero")
    if p < 0:
        raise ArgumentError(f"pad must be non-negative, but got pad: {p}")
    if p > _trunc_div((k - 1) * d + 1, 2):
        raise ArgumentError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                            f"kernel_size={k} and dilation={d}")
    if k > 0 and s > 0 and d > 0:
        return Window(k, s, d, (p, p), ceil_mode).output_size(n)
    out = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    return out


def _expand_list(values: list[int], nd: int, message: str) -> tuple[int, ...]:
    if len(values) == 1:
        return (values[0],) * nd
    if len(values) != nd:
        raise ArgumentError(message)
    return tuple(values)


_PARAM_WORDS = {  # "max_pool2d: kernel_size must either be a single int, or a tuple of two ints"
    ("max", "kernel_size"): "kernel_size must either be a single int, or a tuple of {n} ints",
    ("max", "stride"): "stride must either be omitted, a single int, or a tuple of {n} ints",
    ("max", "padding"): "padding must either be a single int, or a tuple of {n} ints",
    ("max", "dilation"): "dilation must be either a single int, or a tuple of {n} ints",
    ("avg2", "kernel_size"): "kernel_size must either be a single int, or a tuple of {n} ints",
    ("avg2", "stride"): "stride must either be omitted, a single int, or a tuple of {n} ints",
    ("avg2", "padding"): "padding must either be a single int, or a tuple of {n} ints",
    ("avg3", "kernel_size"): "kernel_size must be a single int, or a tuple of {n} ints",
    ("avg3", "stride"): "stride must be omitted, a single int, or a tuple of {n} ints",
    ("avg3", "padding"): "padding must be a single int, or a tuple of {n} ints",
}
_NUMBER_WORDS = {2: "two", 3: "three"}


def _sized(values: list[int], nd: int, fn: str, family: str, name: str, default: tuple[int, ...] | None = None
           ) -> tuple[int, ...]:
    """A 2-d or 3-d pooling's argument: one value or ``nd`` (an omitted stride: ``default``)."""
    if default is not None and not values:
        return default
    words = _PARAM_WORDS[(family, name)].format(n=_NUMBER_WORDS[nd])
    return _expand_list(values, nd, f"{fn}: {words}")


def _pool_layout(x: np.ndarray, nd: int) -> AxisMap:
    """Channels-first ``(N, C, *spatial)`` or unbatched ``(C, *spatial)``."""
    return AxisMap.channels_first(x.ndim, add_batch=x.ndim == nd + 1)


def _planes(x: np.ndarray, nd: int) -> int:
    return int(x.shape[-nd - 1])


def _sizes_text(values: Sequence[int]) -> str:
    return "x".join(str(v) for v in values)


def _check_pool2d_shape(x: np.ndarray, k: Sequence[int], s: Sequence[int], p: Sequence[int], d: Sequence[int],
                        out: Sequence[int], x_shape: Sequence[int] | None = None) -> None:
    """``pool2d_shape_check`` (ATen ``Pool.h``), on the (possibly 1-d-unsqueezed) 2-d input."""
    shape = tuple(x.shape) if x_shape is None else tuple(x_shape)
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = k, s, p, d
    if not (kw > 0 and kh > 0):
        raise ArgumentError(f"kernel size should be greater than zero, but got kH: {kh} kW: {kw}")
    if not (sw > 0 and sh > 0):
        raise ArgumentError(f"stride should be greater than zero, but got dH: {sh} dW: {sw}")
    if not (dh > 0 and dw > 0):
        raise ArgumentError(f"dilation should be greater than zero, but got dilationH: {dh} dilationW: {dw}")
    ndim = len(shape)
    valid = ndim >= 3 and shape[1] != 0 and shape[2] != 0
    if not ((ndim == 3 and shape[0] != 0 and valid) or (ndim == 4 and valid and shape[3] != 0)):
        raise ArgumentError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                            f"got:{_size_list(shape)}")
    if not (kw // 2 >= pw and kh // 2 >= ph):
        raise ArgumentError("pad should be smaller than or equal to half of kernel size, but got "
                            f"padW = {pw}, padH = {ph}, kW = {kw}, kH = {kh}")
    planes, ih, iw = shape[-3], shape[-2], shape[-1]
    if not (out[1] >= 1 and out[0] >= 1):
        raise ArgumentError(f"Given input size: ({planes}x{ih}x{iw}). Calculated output size: "
                            f"({planes}x{out[0]}x{out[1]}). Output size is too small")


def _check_pool3d_shape(x: np.ndarray, k: Sequence[int], s: Sequence[int], p: Sequence[int], d: Sequence[int],
                        out: Sequence[int], fn_name: str, check_input_size: bool) -> None:
    """``pool3d_shape_check`` (ATen ``Pool.h``)."""
    (kt, kh, kw), (st, sh, sw), (pt, ph, pw), (dt, dh, dw) = k, s, p, d
    if not (kt > 0 and kw > 0 and kh > 0):
        raise ArgumentError(f"kernel size should be greater than zero, but got kT: {kt} kH: {kh} kW: {kw}")
    if not (st > 0 and sw > 0 and sh > 0):
        raise ArgumentError(f"stride should be greater than zero, but got dT: {st} dH: {sh} dW: {sw}")
    if not (dt > 0 and dw > 0 and dh > 0):
        raise ArgumentError(f"dilation should be greater than zero, but got dilationT: {dt} dilationH: {dh} "
                            f"dilationW: {dw}")
    if x.ndim not in (4, 5):
        raise ArgumentError(f"{fn_name}: Expected 4D or 5D tensor for input, but got: {_size_list(x.shape)}")
    for i in range(x.ndim):
        if x.ndim == 5 and i == 0:
            continue
        if x.shape[i] <= 0:
            raise ArgumentError(f"{fn_name}: Expected input's non-batch dimensions to have positive length, but "
                                f"input has a shape of {_size_list(x.shape)} and non-batch dimension "
                                f"{x.shape[i]} has length zero!")
    it, ih, iw = x.shape[-3:]
    if check_input_size and not (it >= kt and ih >= kh and iw >= kw):
        raise ArgumentError(f"input image (T: {it} H: {ih} W: {iw}) smaller than kernel size "
                            f"(kT: {kt} kH: {kh} kW: {kw})")
    if not (kt // 2 >= pt and kw // 2 >= pw and kh // 2 >= ph):
        raise ArgumentError("pad should be smaller than or equal to half of kernel size, but got "
                            f"kT: {kt} kW: {kw} kH: {kh} padT: {pt} padW: {pw} padH: {ph}")
    if not (out[0] >= 1 and out[2] >= 1 and out[1] >= 1):
        raise ArgumentError(f"Given input size: ({x.shape[-4]}x{it}x{ih}x{iw}). Calculated output size: "
                            f"({x.shape[-4]}x{out[0]}x{out[1]}x{out[2]}). Output size is too small")


def _check_1d_rank(x: np.ndarray, fn: str) -> None:
    if x.ndim not in (2, 3):
        raise ArgumentError(f"Expected 2 to 3 dimensions, but got {x.ndim}-dimensional tensor for argument #1 "
                            f"'self' (while checking arguments for {fn})")


def _unsqueezed_shape(x: np.ndarray) -> tuple[int, ...]:
    """A 1-d pooling's input as the 2-d kernel sees it: a height of 1 before the width."""
    return (*x.shape[:-1], 1, x.shape[-1])


def _max_pool_plan(nd: int, input: Any, kernel_size: Any, stride: Any, padding: Any, dilation: Any,
                   ceil_mode: Any, return_indices: Any) -> PoolPlan:
    fn = f"max_pool{nd}d"
    op = f"torch.nn.functional.{fn}"
    x = _pool_read(input, fn)
    ks = _int_list(kernel_size, fn, "kernel_size", 2)
    ss = [] if stride is None else _int_list(stride, fn, "stride", 3)
    ps = _int_list(padding, fn, "padding", 4)
    ds = _int_list(dilation, fn, "dilation", 5)
    ceil = _bool_arg(ceil_mode, fn, "ceil_mode")
    with_indices = bool(return_indices)
    k: tuple[int, ...]
    s: tuple[int, ...]
    p: tuple[int, ...]
    d: tuple[int, ...]
    if nd == 1 and not with_indices:
        return _max_pool1d_values_plan(op, x, ks, ss, ps, ds, ceil)
    if nd == 1:
        for name, vals in (("kernel_size", ks), ("padding", ps), ("dilation", ds)):
            _one_int(vals, fn, name)
        if ss:
            _one_int(ss, fn, "stride")
        _check_1d_rank(x, fn)
        k2, s2 = (1, ks[0]), (1, (ss or ks)[0])
        p2, d2 = (0, ps[0]), (1, ds[0])
        shape2 = _unsqueezed_shape(x)
        out2 = tuple(_torch_pool_size(n, k, p, s, d, ceil) for n, k, p, s, d in zip(shape2[-2:], k2, p2, s2, d2,
                                                                                    strict=True))
        _check_pool2d_shape(x, k2, s2, p2, d2, out2, shape2)
        k, s, p, d = (k2[1],), (s2[1],), (p2[1],), (d2[1],)
        kernel = "max_pool2d"
    else:
        k = _sized(ks, nd, fn, "max", "kernel_size")
        s = _sized(ss, nd, fn, "max", "stride", default=k)
        p = _sized(ps, nd, fn, "max", "padding")
        d = _sized(ds, nd, fn, "max", "dilation")
        if x.ndim not in (nd + 1, nd + 2):
            raise ArgumentError(f"non-empty {nd + 1}D or {nd + 2}D (batch mode) tensor expected for input")
        out = tuple(_torch_pool_size(n, kk, pp, st, dd, ceil) for n, kk, pp, st, dd in zip(x.shape[-nd:], k, p, s, d,
                                                                                            strict=True))
        if nd == 2:
            _check_pool2d_shape(x, k, s, p, d, out)
        else:
            _check_pool3d_shape(x, k, s, p, d, out, "max_pool3d_with_indices_out_cpu_template()", False)
        kernel = fn
    _refuse_dtype(x, kernel, (*_FLOATS, *_INTS))
    spec = PoolSpec(tuple(Window(kk, st, dd, (pp, pp), ceil) for kk, st, dd, pp in zip(k, s, d, p, strict=True)),
                    MaxReduction("last", "plane"))
    return PoolPlan(op, x, spec, _pool_layout(x, nd), x.dtype, return_indices=with_indices)


def _max_pool1d_values_plan(op: str, x: np.ndarray, ks: list[int], ss: list[int], ps: list[int], ds: list[int],
                            ceil: bool) -> PoolPlan:
    """``max_pool1d`` without indices on the CPU: ATen's own 1-d kernel (``max_pool1d_impl``),
    with its own checks and wording; it refuses integer inputs (the 2-d path takes them)."""
    f = "max_pool1d()"
    if x.ndim not in (2, 3) or any(n == 0 for n in x.shape[-2:]):
        raise ArgumentError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                            f"input, but got:{_size_list(x.shape)}")
    if len(ks) != 1:
        raise ArgumentError(f"{f} kernel_size must be an int, list of ints or tuple of ints of size 1 but got size "
                            f"{len(ks)}")
    if len(ss) > 1:
        raise ArgumentError(f"{f} stride must be None, an int, list of ints, or tuple of ints of size 1 but got size "
                            f"{len(ss)}")
    if len(ps) != 1:
        raise ArgumentError(f"{f} padding must be an int, list of ints, or tuple of ints of size 1 but got size "
                            f"{len(ps)}")
    if len(ds) != 1:
        raise ArgumentError(f"{f} dilation must be an int, list of ints or tuple of ints of size 1 but got size "
                            f"{len(ds)}")
    k, s, p, d = ks[0], (ss or ks)[0], ps[0], ds[0]
    if k <= 0:
        raise ArgumentError(f"{f} kernel_size must be greater than zero, but got {k}")
    if s <= 0:
        raise ArgumentError(f"{f} stride must be greater than zero, but got {s}")
    if p < 0:
        raise ArgumentError(f"{f} padding must be non-negative, but got {p}")
    if p > k // 2:
        raise ArgumentError(f"{f} padding should be at most half of kernel size, but got padding={p} and "
                            f"kernel_size={k}")
    if d <= 0:
        raise ArgumentError(f"{f} dilation must be greater than zero, but got {d}")
    window = Window(k, s, d, (p, p), ceil)
    out = window.output_size(int(x.shape[-1]))
    if out <= 0:
        raise ArgumentError(f"{f} Invalid computed output size: {out}")
    _refuse_dtype(x, "max_pool1d_impl", _FLOATS)
    return PoolPlan(op, x, PoolSpec((window,), MaxReduction("last", "plane")), _pool_layout(x, 1), x.dtype)


def _avg_pool_plan(nd: int, input: Any, kernel_size: Any, stride: Any, padding: Any, ceil_mode: Any,
                   count_include_pad: Any, divisor_override: Any, fn: str | None = None) -> PoolPlan:
    fn = fn or f"avg_pool{nd}d"
    op = f"torch.nn.functional.{fn}"
    x = _pool_read(input, fn)
    ks = _int_list(kernel_size, fn, "kernel_size", 2)
    ss = [] if stride is None else _int_list(stride, fn, "stride", 3)
    ps = _int_list(padding, fn, "padding", 4)
    ceil = _bool_arg(ceil_mode, fn, "ceil_mode")
    cip = _bool_arg(count_include_pad, fn, "count_include_pad")
    dov: int | None = None
    k: tuple[int, ...]
    s: tuple[int, ...]
    p: tuple[int, ...]
    allowed: tuple[str, ...]
    if divisor_override is not None:
        if isinstance(divisor_override, bool | np.bool_) or not isinstance(divisor_override, int | np.integer):
            raise ArgumentTypeError(f"{fn}(): argument 'divisor_override' must be int, not "
                                    f"{type(divisor_override).__name__}")
        dov = int(divisor_override)
    if nd == 1:
        _one_int(ks, fn, "kernel_size")
        if ss:
            _one_int(ss, fn, "stride")
        _one_int(ps, fn, "padding")
        _check_1d_rank(x, fn)
        k2, s2, p2 = (1, ks[0]), (1, (ss or ks)[0]), (0, ps[0])
        shape2 = _unsqueezed_shape(x)
        out2 = tuple(_torch_pool_size(n, kk, pp, st, 1, ceil) for n, kk, pp, st in zip(shape2[-2:], k2, p2, s2,
                                                                                        strict=True))
        _check_pool2d_shape(x, k2, s2, p2, (1, 1), out2, shape2)
        k, s, p = (k2[1],), (s2[1],), (p2[1],)
        kernel, allowed = "avg_pool2d", (*_FLOATS, "int64")
    else:
        family = "avg2" if nd == 2 else "avg3"
        k = _sized(ks, nd, fn, family, "kernel_size")
        s = _sized(ss, nd, fn, family, "stride", default=k)
        p = _sized(ps, nd, fn, family, "padding")
        if nd == 3 and x.ndim not in (4, 5):
            raise ArgumentError("non-empty 4D or 5D (batch mode) tensor expected for input")
        if dov is not None and dov == 0:
            raise ArgumentError("divisor must be not zero")
        if nd == 2 and x.ndim < 3:
            raise ArgumentIndexError(f"Dimension out of range (expected to be in range of [{-x.ndim}, "
                                     f"{x.ndim - 1}], but got -3)")
        out = tuple(_torch_pool_size(n, kk, pp, st, 1, ceil) for n, kk, pp, st in zip(x.shape[-nd:], k, p, s,
                                                                                       strict=True))
        if nd == 2:
            _check_pool2d_shape(x, k, s, p, (1, 1), out)
            kernel, allowed = "avg_pool2d", (*_FLOATS, "int64")
        else:
            _check_pool3d_shape(x, k, s, p, (1, 1, 1), out, "avg_pool3d()", True)
            kernel, allowed = "avg_pool3d_out_frame", ("float32", "float64", "int64")
    _refuse_dtype(x, kernel, allowed)
    red = MeanReduction("fixed", dov) if dov is not None else MeanReduction("padded" if cip else "valid")
    spec = PoolSpec(tuple(Window(kk, st, 1, (pp, pp), ceil) for kk, st, pp in zip(k, s, p, strict=True)), red)
    return PoolPlan(op, x, spec, _pool_layout(x, nd), x.dtype)


def _adaptive_output_size(output_size: Any, x: np.ndarray, nd: int, fn: str, python_list: bool) -> list[int]:
    """``output_size`` as PyTorch reads it: the 1-d bindings take one int; 2-d and 3-d go through
    ``_list_with_default`` (``None`` entries keep the input's size)."""
    if not python_list:
        return _one_int(_int_list(output_size, fn, "output_size", 2), fn, "output_size")
    if isinstance(output_size, int | np.integer) and not isinstance(output_size, bool | np.bool_):
        return [int(output_size)] * nd
    try:
        n = len(output_size)
    except TypeError:
        raise ArgumentTypeError(f"object of type '{type(output_size).__name__}' has no len()") from None
    sizes = list(x.shape[-n:]) if n else []
    values = [int(sizes[i]) if v is None else v for i, v in enumerate(output_size)]
    return _int_list(values, fn, "output_size", 2)


def _adaptive_plan(nd: int, kind: str, input: Any, output_size: Any, return_indices: Any = False) -> Plan[Any]:
    fn = f"adaptive_{kind}_pool{nd}d"
    op = f"torch.nn.functional.{fn}"
    x = _pool_read(input, fn)
    outs = _adaptive_output_size(output_size, x, nd, fn, nd > 1)
    if kind == "avg" and nd > 1 and len(outs) == nd and all(o == 1 for o in outs):
        return _global_mean_plan(op, x, nd)
    if kind == "avg" and nd == 1 and x.ndim in (2, 3) and outs == [1]:
        return _global_mean_plan(op, x, 1)
    if nd == 1:
        _check_1d_rank(x, fn)
        if kind == "max":
            for i in range(1, x.ndim):  # ATen skips dimension 0, batched or not
                if x.shape[i] == 0:
                    raise ArgumentError(f"{fn}(): Expected input to have non-zero size for non-batch dimensions, but "
                                        f"input has sizes {_size_list(x.shape)} with dimension {i} being empty")
        checked = f"adaptive_{kind}_pool2d"
        shape = _unsqueezed_shape(x)
        full_outs = [1, *outs]
        _check_adaptive(checked, kind, shape, full_outs, 2)
        kernel = checked
    else:
        _check_adaptive(fn, kind, tuple(x.shape), outs, nd)
        kernel = fn if nd == 2 else f"{fn}_cpu"
    _refuse_dtype(x, kernel, _FLOATS)
    red: MaxReduction | MeanReduction = MaxReduction("last", "plane") if kind == "max" else MeanReduction("valid")
    axes = tuple(AdaptiveWindows.torch(int(n), int(o)) for n, o in zip(x.shape[-nd:], outs, strict=True))
    return PoolPlan(op, x, PoolSpec(axes, red), _pool_layout(x, nd), x.dtype,
                    return_indices=kind == "max" and bool(return_indices))


class _FlatLeadPlan:
    """A pooling over the last ``nd`` axes of an input with any leading axes: the plan runs on
    ``x.reshape(L, *spatial)`` (the leading axes as channels of one unbatched image)."""

    def __init__(self, plan: PoolPlan, shape: tuple[int, ...], nd: int) -> None:
        self.plan = plan
        self.lead = shape[:-nd]
        self.nd = nd

    def result_type(self) -> tuple[tuple[int, ...], np.dtype[Any]]:
        out, dtype = self.plan.result_type()
        return (*self.lead, *out[1:]), dtype

    def compute(self) -> np.ndarray:
        out = self.plan.compute()
        assert isinstance(out, np.ndarray)
        return out.reshape(*self.lead, *out.shape[1:])

    def explain(self, at: Sequence[int]) -> Any:
        index = check_index(at, self.result_type()[0])
        flat = int(np.ravel_multi_index(index[:len(self.lead)], self.lead)) if self.lead else 0
        e = self.plan.explain((flat, *index[len(self.lead):]))
        note = Section("Leading axes", (f"the {len(self.lead)} leading axes {_size_list(self.lead)} are read as one "
                                        f"axis of {math.prod(self.lead)} planes: x[{flat}, ...] above is x"
                                        f"{_size_list(index[:len(self.lead)])}[..., ...]",))
        return dataclasses.replace(e, index=index, sections=(*e.sections, note))


def _global_mean_plan(op: str, x: np.ndarray, nd: int) -> Plan[Any]:
    """PyTorch's shortcut for an adaptive average to size 1: ``input.mean(spatial axes,
    keepdim=True)``, without the adaptive checks: any leading axes, empty axes give NaN, and
    integer inputs are refused by ``mean``."""
    if x.dtype.kind in "biu":
        raise ArgumentError("mean(): could not infer output dtype. Input dtype must be either a floating point or "
                            f"complex dtype. Got: {_POOL_SCALAR.get(x.dtype.name, x.dtype.name)}")
    if x.dtype.kind == "c":
        raise ArgumentTypeError("arraylens pools real inputs: PyTorch's complex global average is not supported")
    if x.ndim < nd:
        n = max(x.ndim, 1)
        raise ArgumentIndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got "
                                 f"{-(x.ndim + 1)})")
    spatial = tuple(int(v) for v in x.shape[x.ndim - nd:])
    axes = tuple(AdaptiveWindows(n, (0,), (n,)) for n in spatial)
    spec = PoolSpec(axes, MeanReduction("valid"))
    if x.ndim in (nd + 1, nd + 2):
        return PoolPlan(op, x, spec, _pool_layout(x, nd), x.dtype)
    flat = x.reshape(math.prod(x.shape[:x.ndim - nd]), *spatial)
    return _FlatLeadPlan(PoolPlan(op, flat, spec, AxisMap.channels_first(nd + 1, add_batch=True), x.dtype),
                         tuple(x.shape), nd)


def _check_adaptive(fn: str, kind: str, shape: tuple[int, ...], outs: Sequence[int], nd: int) -> None:
    """ATen's adaptive pooling checks, in their order: the output size's length and sign, the
    rank, the empty dimensions (average 2-d checks the spatial ones only)."""
    if len(outs) != nd:
        if kind == "avg":
            raise ArgumentError(f"{fn}: output_size must be {nd}")
        raise ArgumentError(f"{fn}(): internal error: output_size.size() must be {nd}")
    if kind == "avg" and any(o < 0 for o in outs):
        sep = ", ".join(str(o) for o in outs[:2]) + "".join(f",{o}" for o in outs[2:])
        raise ArgumentError(f"{fn}: elements of output_size must be greater than or equal to 0 but received {{{sep}}}")
    colon = ":" if kind == "max" else ""
    if len(shape) not in (nd + 1, nd + 2):
        raise ArgumentError(f"{fn}(): Expected {nd + 1}D or {nd + 2}D tensor, but got{colon} {_size_list(shape)}")
    first = len(shape) - nd if (kind == "avg" and nd == 2) else 1  # ATen skips dimension 0, batched or not
    for i in range(first, len(shape)):
        if shape[i] == 0:
            raise ArgumentError(f"{fn}(): Expected input to have non-zero size for non-batch dimensions, but input "
                                f"has sizes {_size_list(shape)} with dimension {i} being empty")
    if kind == "max" and any(o < 0 for o in outs):
        out_shape = [*shape[:-nd], *outs]
        bad = next(o for o in outs if o < 0)
        raise ArgumentError(f"Trying to create tensor with negative dimension {bad}: {_size_list(out_shape)}")


class _NegatedPlan:
    """``-plan``: PyTorch's ``lp_pool`` with ``norm_type=-inf`` is ``-max_pool(-|x|)``."""

    def __init__(self, plan: PoolPlan, op: str) -> None:
        self.plan = plan
        self.op = op

    def result_type(self) -> tuple[tuple[int, ...], np.dtype[Any]]:
        return self.plan.result_type()

    def compute(self) -> np.ndarray:
        out = self.plan.compute()
        assert isinstance(out, np.ndarray)
        return -out

    def explain(self, at: Sequence[int]) -> Any:
        e = self.plan.explain(at)
        note = Section("norm_type=-inf", ("PyTorch computes -max_pool(-|x|): the smallest |x| in the window; the "
                                          "window above is of -|x|, the value negated",))
        return dataclasses.replace(e, op=self.op, value=-e.value, expected=None if e.expected is None else -e.expected,
                                   summary=f"{e.summary} (negated: the smallest |x|)", sections=(*e.sections, note))


def _lp_pool_plan(nd: int, input: Any, norm_type: Any, kernel_size: Any, stride: Any, ceil_mode: Any
                  ) -> Plan[Any]:
    """``lp_pool{nd}d`` as PyTorch composes it (``torch/nn/functional.py``): ``±inf`` go to max
    pooling of ``|x|``; otherwise ``avg_pool(x.pow(p), kernel_size, stride, 0, ceil_mode)``,
    then ``sign(out) * relu(|out|) * kernel area``, ``.pow(1 / p)``."""
    fn = f"lp_pool{nd}d"
    op = f"torch.nn.functional.{fn}"
    x = _pool_read(input, fn)
    if isinstance(norm_type, bool | np.bool_) or not isinstance(norm_type, int | float | np.integer | np.floating):
        raise ArgumentTypeError(f"pow() received an invalid combination of arguments - got "
                                f"({type(norm_type).__name__}), but expected one of: (Tensor exponent), "
                                "(Number exponent)")
    p = float(norm_type)
    if math.isinf(p):
        if x.dtype == np.bool_:
            raise ArgumentTypeError("\"abs_cpu\" not implemented for 'Bool'")
        magnitude = np.abs(x) if x.dtype.kind != "c" else np.abs(x).astype(x.real.dtype)
        inner = _max_pool_plan(nd, magnitude if p > 0 else -magnitude, kernel_size, stride, 0, 1, ceil_mode, False)
        inner.op = op
        return inner if p > 0 else _NegatedPlan(inner, op)
    integer_power = isinstance(norm_type, int | np.integer)
    if x.dtype.kind in "biu":
        if integer_power:
            if p < 0:
                raise ArgumentError("Integers to negative integer powers are not allowed.")
            powered = x.astype(np.int64) if x.dtype == np.bool_ else x
        else:
            powered = x.astype(np.float32)
    else:
        powered = x
    plan = _avg_pool_plan(nd, powered, kernel_size, stride, 0, ceil_mode, True, None, fn=fn)
    if nd == 1 and not isinstance(kernel_size, int | np.integer):
        raise ArgumentTypeError("mul(): argument 'other' (position 1) must be Tensor, not "
                                f"{type(kernel_size).__name__}")
    if nd > 1 and not isinstance(kernel_size, int | np.integer) and len(kernel_size) != nd:
        got = len(kernel_size)
        raise ArgumentError(f"not enough values to unpack (expected {nd}, got {got})" if got < nd else
                            f"too many values to unpack (expected {nd})")
    if p == 0:
        raise ArgumentError("float division by zero")
    spec = PoolSpec(plan.spec.axes, LpReduction(p, "torch", "padded"))
    dtype = powered.dtype if powered.dtype.kind == "f" or powered.dtype.name == "bfloat16" else np.dtype(np.float32)
    return PoolPlan(op, powered, spec, plan.layout, dtype)


_DOC_MAX = """Max pooling over a {nd}-d input, as ``torch.nn.functional.max_pool{nd}d`` (PyTorch 2.13, CPU).

    Parameters
    ----------
    input : array_like
        ``(N, C, {spatial})`` or unbatched ``(C, {spatial})``. Float16, bfloat16, float32, float64 and
        int8..int64/uint8 ({int_note}); bool and complex are refused in PyTorch's words.
    kernel_size, stride, padding, dilation : int or sequence of int
        One value or one per spatial axis; ``stride`` defaults to ``kernel_size``. ``padding`` is
        at most half the (effective) kernel; padding cells never win.
    ceil_mode : bool
        Round the output size up; a last window that would start past the input is dropped.
    return_indices : bool
        Also return the winners' indices, int64, row-major within each channel's plane.

    Returns
    -------
    ndarray, or (values, indices)
        ``input``'s dtype. Ties go to the first cell in row-major order; a NaN always wins and the
        last NaN gives the index (PyTorch's ``val > max || isnan(val)``); a window without input
        cells (possible with dilation) is ``-inf`` at its first tap at or after 0.

    Raises
    ------
    ValueError (ArgumentError)
        PyTorch's messages, in its order, e.g. "pad should be at most half of effective kernel
        size, but got pad=2, kernel_size=3 and dilation=1", "Given input size: (3x6x6).
        Calculated output size: (3x0x0). Output size is too small".
    TypeError (ArgumentTypeError)
        For arguments of the wrong type and refused dtypes.
    """

_DOC_AVG = """Average pooling over a {nd}-d input, as ``torch.nn.functional.avg_pool{nd}d`` (PyTorch 2.13, CPU).

    Parameters
    ----------
    input : array_like
        ``(N, C, {spatial})`` or unbatched ``(C, {spatial})``; {dtypes}; int64 averages truncate
        toward zero, as PyTorch's.
    kernel_size, stride, padding : int or sequence of int
        ``stride`` defaults to ``kernel_size``; ``padding`` at most half the kernel.
    ceil_mode : bool
        Round the output size up; a last window starting past the input is dropped.
    count_include_pad : bool
        Divide by the window's cells inside the input or the explicit padding, not the ceil-mode
        cells beyond the padding (True, the default), or by the cells inside the input only.{dov}

    Returns
    -------
    ndarray of ``input``'s dtype (float16/bfloat16 summed in float32 and rounded once).

    Raises
    ------
    ValueError (ArgumentError)
        PyTorch's messages, e.g. "pad should be at most half of effective kernel size, ...",
        "divisor must be not zero".
    TypeError (ArgumentTypeError)
        For arguments of the wrong type and refused dtypes.
    """

_DOC_ADAPTIVE = """Adaptive {kind} pooling, as ``torch.nn.functional.adaptive_{kind}_pool{nd}d`` (PyTorch 2.13, CPU).

    Output ``i`` of an axis of ``n`` cells reads ``[floor(i * n / out), ceil((i + 1) * n / out))``:
    windows of varying length that overlap where ``out`` does not divide ``n``.

    Parameters
    ----------
    input : array_like
        ``(N, C, {spatial})`` or unbatched ``(C, {spatial})``; float16, bfloat16, float32, float64.
    output_size : int or sequence of int{none_note}{ri_param}

    Returns
    -------
    ndarray{ri_ret} of ``input``'s dtype.

    Raises
    ------
    ValueError (ArgumentError), TypeError (ArgumentTypeError)
        PyTorch's messages and refusals.
    """


def _spatial_doc(nd: int) -> str:
    return ", ".join(("D", "H", "W")[3 - nd:])


@frontend("torch.nn.functional.max_pool1d")
def max_pool1d(input: Any, kernel_size: IntOrInts, stride: IntOrInts | None = None, padding: IntOrInts = 0,
               dilation: IntOrInts = 1, ceil_mode: bool = False, return_indices: bool = False) -> PoolPlan:
    key = pool_key("max_pool1d", input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)
    return pool_call(key, input, lambda: _max_pool_plan(1, input, kernel_size, stride, padding, dilation,
                                                        ceil_mode, return_indices))


@frontend("torch.nn.functional.max_pool2d")
def max_pool2d(input: Any, kernel_size: IntOrInts, stride: IntOrInts | None = None, padding: IntOrInts = 0,
               dilation: IntOrInts = 1, ceil_mode: bool = False, return_indices: bool = False) -> PoolPlan:
    key = pool_key("max_pool2d", input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)
    return pool_call(key, input, lambda: _max_pool_plan(2, input, kernel_size, stride, padding, dilation,
                                                        ceil_mode, return_indices))


@frontend("torch.nn.functional.max_pool3d")
def max_pool3d(input: Any, kernel_size: IntOrInts, stride: IntOrInts | None = None, padding: IntOrInts = 0,
               dilation: IntOrInts = 1, ceil_mode: bool = False, return_indices: bool = False) -> PoolPlan:
    key = pool_key("max_pool3d", input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)
    return pool_call(key, input, lambda: _max_pool_plan(3, input, kernel_size, stride, padding, dilation,
                                                        ceil_mode, return_indices))


@frontend("torch.nn.functional.avg_pool1d")
def avg_pool1d(input: Any, kernel_size: IntOrInts, stride: IntOrInts | None = None, padding: IntOrInts = 0,
               ceil_mode: bool = False, count_include_pad: bool = True) -> PoolPlan:
    key = pool_key("avg_pool1d", input, kernel_size, stride, padding, ceil_mode, count_include_pad)
    return pool_call(key, input, lambda: _avg_pool_plan(1, input, kernel_size, stride, padding, ceil_mode,
                                                        count_include_pad, None))


@frontend("torch.nn.functional.avg_pool2d")
def avg_pool2d(input: Any, kernel_size: IntOrInts, stride: IntOrInts | None = None, padding: IntOrInts = 0,
               ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: int | None = None
               ) -> PoolPlan:
    key = pool_key("avg_pool2d", input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                   divisor_override)
    return pool_call(key, input, lambda: _avg_pool_plan(2, input, kernel_size, stride, padding, ceil_mode,
                                                        count_include_pad, divisor_override))


@frontend("torch.nn.functional.avg_pool3d")
def avg_pool3d(input: Any, kernel_size: IntOrInts, stride: IntOrInts | None = None, padding: IntOrInts = 0,
               ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: int | None = None
               ) -> PoolPlan:
    key = pool_key("avg_pool3d", input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                   divisor_override)
    return pool_call(key, input, lambda: _avg_pool_plan(3, input, kernel_size, stride, padding, ceil_mode,
                                                        count_include_pad, divisor_override))


@frontend("torch.nn.functional.adaptive_avg_pool1d")
def adaptive_avg_pool1d(input: Any, output_size: IntOrInts) -> Plan[Any]:
    key = pool_key("adaptive_avg_pool1d", input, output_size)
    return pool_call(key, input, lambda: _adaptive_plan(1, "avg", input, output_size))


@frontend("torch.nn.functional.adaptive_avg_pool2d")
def adaptive_avg_pool2d(input: Any, output_size: Any) -> Plan[Any]:
    key = pool_key("adaptive_avg_pool2d", input, output_size)
    return pool_call(key, input, lambda: _adaptive_plan(2, "avg", input, output_size))


@frontend("torch.nn.functional.adaptive_avg_pool3d")
def adaptive_avg_pool3d(input: Any, output_size: Any) -> Plan[Any]:
    key = pool_key("adaptive_avg_pool3d", input, output_size)
    return pool_call(key, input, lambda: _adaptive_plan(3, "avg", input, output_size))


@frontend("torch.nn.functional.adaptive_max_pool1d")
def adaptive_max_pool1d(input: Any, output_size: IntOrInts, return_indices: bool = False) -> Plan[Any]:
    key = pool_key("adaptive_max_pool1d", input, output_size, return_indices)
    return pool_call(key, input, lambda: _adaptive_plan(1, "max", input, output_size, return_indices))


@frontend("torch.nn.functional.adaptive_max_pool2d")
def adaptive_max_pool2d(input: Any, output_size: Any, return_indices: bool = False) -> Plan[Any]:
    key = pool_key("adaptive_max_pool2d", input, output_size, return_indices)
    return pool_call(key, input, lambda: _adaptive_plan(2, "max", input, output_size, return_indices))


@frontend("torch.nn.functional.adaptive_max_pool3d")
def adaptive_max_pool3d(input: Any, output_size: Any, return_indices: bool = False) -> Plan[Any]:
    key = pool_key("adaptive_max_pool3d", input, output_size, return_indices)
    return pool_call(key, input, lambda: _adaptive_plan(3, "max", input, output_size, return_indices))


@frontend("torch.nn.functional.lp_pool1d")
def lp_pool1d(input: Any, norm_type: float, kernel_size: int, stride: IntOrInts | None = None,
              ceil_mode: bool = False) -> Plan[Any]:
    key = pool_key("lp_pool1d", input, norm_type, kernel_size, stride, ceil_mode)
    return pool_call(key, input, lambda: _lp_pool_plan(1, input, norm_type, kernel_size, stride, ceil_mode))


@frontend("torch.nn.functional.lp_pool2d")
def lp_pool2d(input: Any, norm_type: float, kernel_size: IntOrInts, stride: IntOrInts | None = None,
              ceil_mode: bool = False) -> Plan[Any]:
    key = pool_key("lp_pool2d", input, norm_type, kernel_size, stride, ceil_mode)
    return pool_call(key, input, lambda: _lp_pool_plan(2, input, norm_type, kernel_size, stride, ceil_mode))


@frontend("torch.nn.functional.lp_pool3d")
def lp_pool3d(input: Any, norm_type: float, kernel_size: IntOrInts, stride: IntOrInts | None = None,
              ceil_mode: bool = False) -> Plan[Any]:
    key = pool_key("lp_pool3d", input, norm_type, kernel_size, stride, ceil_mode)
    return pool_call(key, input, lambda: _lp_pool_plan(3, input, norm_type, kernel_size, stride, ceil_mode))


_LP_DOC = """Power-average pooling, as ``torch.nn.functional.lp_pool{nd}d`` (PyTorch 2.13, CPU).

    PyTorch composes it: ``out = avg_pool{nd}d(x.pow(p), kernel_size, stride, 0, ceil_mode)``
    (``count_include_pad=True``), then ``(sign(out) * relu(|out|)).mul(kernel area).pow(1 / p)``.
    No absolute value: a negative ``x`` with an odd ``p`` can give NaN; with ``ceil_mode`` the
    last window's mean divides by its input cells and is then scaled by the whole kernel area.
    ``p = inf`` is ``max_pool{nd}d(|x|)``, ``p = -inf`` ``-max_pool{nd}d(-|x|)``.

    Parameters
    ----------
    input : array_like
        ``(N, C, {spatial})`` or unbatched. Floats keep their dtype ({dtypes}); integers and bool
        with an integer ``p`` are powered as int64 (int64, bool) and averaged with truncation,
        then the root is float32; with a float ``p`` they are float32 first.
    norm_type : int or float
        ``p`` (0 fails, as in PyTorch, with "float division by zero").
    kernel_size, stride : int or sequence of int
    ceil_mode : bool

    Returns
    -------
    ndarray: ``input``'s float dtype, float32 for integer inputs.

    Raises
    ------
    ValueError (ArgumentError), TypeError (ArgumentTypeError)
        avg_pool's checks and refusals (with ``padding=0``), PyTorch's words.
    """

for _nd in (1, 2, 3):
    _sp = _spatial_doc(_nd)
    _int_note = "integers only with return_indices: the 1-d kernel without indices refuses them" if _nd == 1 else \
        "integers too"
    globals()[f"max_pool{_nd}d"].__doc__ = _DOC_MAX.format(nd=_nd, spatial=_sp, int_note=_int_note)
    globals()[f"avg_pool{_nd}d"].__doc__ = _DOC_AVG.format(
        nd=_nd, spatial=_sp,
        dtypes="float32, float64 and int64" if _nd == 3 else "float16, bfloat16, float32, float64 and int64",
        dov="" if _nd == 1 else "\n    divisor_override : int, optional\n        Divide every window by this "
        "(nonzero) number instead.")
    for _kind in ("avg", "max"):
        globals()[f"adaptive_{_kind}_pool{_nd}d"].__doc__ = _DOC_ADAPTIVE.format(
            kind=_kind, nd=_nd, spatial=_sp,
            none_note="" if _nd == 1 else "\n        ``None`` entries keep the input's size.",
            ri_param="\n    return_indices : bool\n        Also return the winners' int64 indices within each plane; "
                     "a NaN wins (the last one)." if _kind == "max" else "",
            ri_ret=", or (values, indices)," if _kind == "max" else "")
    globals()[f"lp_pool{_nd}d"].__doc__ = _LP_DOC.format(
        nd=_nd, spatial=_sp, dtypes="float32, float64" if _nd == 3 else "float16, bfloat16, float32, float64")


def _register_pooling() -> None:
    array = Option("--input", "input", "Input array (.npy/.npz/.csv), (N, C, *spatial) or (C, *spatial).",
                   kind="array", required=True, what="input")
    ints_opt = int_or_ints
    for nd in (1, 2, 3):
        common = (
            Option("--kernel-size", "kernel_size", "int or comma-separated ints.", required=True,
                   parse=ints_opt("--kernel-size")),
            Option("--stride", "stride", "int or comma-separated ints (default: the kernel size).",
                   parse=ints_opt("--stride")),
        )
        entries: list[tuple[Any, tuple[Option, ...], str]] = [
            (globals()[f"max_pool{nd}d"], (
                array, *common,
                Option("--padding", "padding", "int or comma-separated ints.", default="0", show_default=True,
                       parse=ints_opt("--padding")),
                Option("--dilation", "dilation", "int or comma-separated ints.", default="1", show_default=True,
                       parse=ints_opt("--dilation")),
                Option("--ceil-mode", "ceil_mode", "Round the output size up.", kind="flag"),
            ), "the window, its padding, the winner (ties, NaN) and its index"),
            (globals()[f"avg_pool{nd}d"], (
                array, *common,
                Option("--padding", "padding", "int or comma-separated ints.", default="0", show_default=True,
                       parse=ints_opt("--padding")),
                Option("--ceil-mode", "ceil_mode", "Round the output size up.", kind="flag"),
                Option("--count-include-pad/--no-count-include-pad", "count_include_pad",
                       "Count the padding in the divisor.", kind="flag", default=True, show_default=True),
                *(() if nd == 1 else (Option("--divisor-override", "divisor_override", "A fixed divisor.",
                                             kind="int"),)),
            ), "the window, the sum and the divisor (count_include_pad, ceil_mode)"),
            (globals()[f"adaptive_avg_pool{nd}d"], (
                array, Option("--output-size", "output_size", "int or comma-separated ints.", required=True,
                              parse=ints_opt("--output-size")),
            ), "the adaptive window floor(i*n/out)..ceil((i+1)*n/out) and its mean"),
            (globals()[f"adaptive_max_pool{nd}d"], (
                array, Option("--output-size", "output_size", "int or comma-separated ints.", required=True,
                              parse=ints_opt("--output-size")),
            ), "the adaptive window and its winner"),
            (globals()[f"lp_pool{nd}d"], (
                array, Option("--norm-type", "norm_type", "p.", required=True, parse=int_or_float("--norm-type")),
                *common,
                Option("--ceil-mode", "ceil_mode", "Round the output size up.", kind="flag"),
            ), "torch's composition avg_pool(x^p) * area, ^(1/p)"),
        ]
        for fn, options, what in entries:
            short = fn.name.removeprefix("torch.nn.functional.")
            register(Entry(f"torch.{short}", fn, "torch", figure="pooling",
                           aliases=(fn.name, f"F.{short}"),
                           cli=Cli(options, help=f"Explain one output element of torch.nn.functional.{short}: "
                                                 f"{what}.", result="shape")))


_register_pooling()
__all__ += [f"{name}{nd}d" for name in ("max_pool", "avg_pool", "adaptive_avg_pool", "adaptive_max_pool", "lp_pool")
            for nd in (1, 2, 3)]
# torch.nn.functional.interpolate
# ----------------------------------------------------------------------------------------------

from fractions import Fraction  # noqa: E402

from arraylens.core.explanation import Explanation  # noqa: E402
from arraylens.frontends._resize import floats as _floats  # noqa: E402
from arraylens.frontends._resize import optional_bool as _optional_bool  # noqa: E402
from arraylens.ops.resize import fixed_point  # noqa: E402
from arraylens.ops.resize.plan import ResizePlan  # noqa: E402
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec  # noqa: E402

_INTERP_MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "lanczos", "area", "nearest-exact")
_INTERP_NOT_IMPLEMENTED = {"nearest": "compute_indices_weights_nearest",
                           "nearest-exact": "compute_indices_weights_nearest",
                           "linear": "compute_indices_weights_linear", "trilinear": "compute_indices_weights_linear",
                           "bicubic": "compute_indices_weights_cubic"}
_INTERP_2D = {"nearest": "upsample_nearest2d_channels_last", "nearest-exact": "upsample_nearest2d_channels_last",
              "bilinear": "upsample_bilinear2d_channels_last"}
_SPATIAL_LETTERS = {1: "W", 2: "HW", 3: "DHW"}


def _interp_size_product(n: int, s: float) -> int:
    """``floor(n * s)`` as PyTorch converts it (a double, then int64)."""
    v = float(n) * float(s)
    if not math.isfinite(v) or not -(2.0**63) <= v < 2.0**63:
        raise ArgumentError("value cannot be converted to type int64_t without overflow")
    return math.floor(v)


class TorchUint8ResizePlan(ResizePlan):
    """A uint8 bilinear, bicubic or lanczos ``interpolate``: the explanation's value is PyTorch's int16
    fixed point (:func:`arraylens.ops.resize.fixed_point.torch_uint8_value_at`), every rounding step
    shown; ``check()`` compares the kernel's passes on the taps with the steps recomputed in integers."""

    def explain(self, at: Any) -> Explanation:
        e = super().explain(at)
        index = check_index(at, self.output_shape())
        value, steps, lines = fixed_point.torch_uint8_value_at(self.x, self.spec, index, self.axis_names)
        sections = (*e.sections, Section("PyTorch's arithmetic (uint8 fixed point)", lines))
        if e.terms:
            sections = (*sections, Section("Canonical float terms (not PyTorch's uint8 passes)",
                                           tuple(str(t) for t in e.terms)))
        return dataclasses.replace(e, value=value, terms=(), offset=0.0, expected=steps, sections=sections,
                                   summary=f"{e.summary.split(':')[0]}: {value} by PyTorch's uint8 arithmetic")


def _separable_generic(x: np.ndarray, mode: str, antialias: bool) -> bool:
    """Whether PyTorch 2.13 (x86-64 CPU with AVX2 or AVX-512, contiguous NCHW) runs the 2-d resize with
    its generic separable kernel: every antialiased float resize, and uint8 bilinear, bicubic and
    lanczos with more than 4 channels (up to 4 channels run the AVX2 uint8 kernel). A CPU without
    AVX2 runs every uint8 resize through the generic kernel."""
    if x.dtype == np.uint8:
        return mode in ("bilinear", "bicubic", "lanczos") and x.shape[1] > 4
    return antialias


def _nearest_index_shortcut(mode: str, dim: int, in_size: int, out_size: int) -> bool:
    """Whether PyTorch 2.13's CPU ``nearest_idx`` (``aten/src/ATen/native/UpSample.h``) skips the
    scale on this axis: with ``out == in`` it returns the output index, with ``out == 2 * in`` the
    index ``>> 1``, whatever ``scale_factor`` was given. Measured: every 2-d ``'nearest'`` resize
    (float and uint8, contiguous and channels_last); 1-d and 3-d contiguous tensors and
    ``'nearest-exact'`` use the scale. A 3-d tensor in channels_last_3d memory format (what
    ``torch.from_numpy`` makes of an NDHWC array transposed to NCDHW) takes the shortcut in some
    configurations only; that memory format is not modelled: inputs are read as contiguous."""
    return mode == "nearest" and dim == 2 and out_size in (in_size, 2 * in_size)


def _interp_kernel_name(mode: str, dim: int, antialias: bool) -> str:
    if antialias:
        return "compute_index_ranges_weights"
    if mode == "area":
        return "adaptive_avg_pool3d_cpu" if dim == 3 else "adaptive_avg_pool2d"
    if dim == 2 and mode in _INTERP_2D:
        return _INTERP_2D[mode]
    return _INTERP_NOT_IMPLEMENTED[mode]


@frontend("torch.nn.functional.interpolate")
def interpolate(input: Any, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                align_corners: bool | None = None, recompute_scale_factor: bool | None = None,
                antialias: bool = False) -> ResizePlan:
    """Resize a batch of signals, images or volumes, as ``torch.nn.functional.interpolate``
    (PyTorch 2.13, CPU).

    Parameters
    ----------
    input : array_like
        ``(N, C, W)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``: 1 to 3 spatial axes.
    size : int or sequence of int, optional
        The output's spatial size (one per spatial axis, or one for all).
    scale_factor : float or sequence of float, optional
        The output size is ``floor(in * scale_factor)``; the coordinates use ``scale_factor``
        itself (``1 / scale_factor``), not ``out / in``, unless ``recompute_scale_factor``.
    mode : {'nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic', 'trilinear', 'lanczos', 'area'}
        ``nearest``: ``floor(x * in / out)`` (asymmetric, floor) in float32; ``nearest-exact``:
        ``floor((x + 0.5) * in / out)``; ``linear``/``bilinear``/``trilinear``: half-pixel (or
        align_corners) linear, edges clamped; ``bicubic``: Keys cubic a = -0.75, edges clamped;
        ``area``: adaptive average pooling; ``lanczos``: antialiased lanczos3 (4-d only).
    align_corners : bool, optional
        Only for the interpolating modes (default False).
    recompute_scale_factor : bool, optional
        With ``scale_factor``: compute the output size, then use ``out / in`` in the coordinates.
    antialias : bool
        For bilinear, bicubic (a = -0.5) and lanczos on 4-d input: the filter is stretched by
        ``in / out`` when downsampling, taps outside the input are dropped, the weights
        normalised (PIL's resampling).

    Returns
    -------
    ndarray of ``input``'s dtype, ``(N, C, *size)``. uint8 bilinear, bicubic and lanczos are
    PyTorch's int16 fixed point, bit-exact (x86-64 CPU with AVX2 or AVX-512, contiguous NCHW:
    with more than 4 channels and an output width of 1 every output row is row 0, as PyTorch's
    generic kernel gives; a channels_last tensor or a CPU without AVX2 differs there).

    Raises
    ------
    ValueError, TypeError, NotImplementedError (as ArgumentError subclasses)
        PyTorch's messages: "align_corners option can only be set with the interpolating modes:
        linear | bilinear | bicubic | trilinear", "only one of size or scale_factor should be
        defined", "Input and output sizes should be greater than 0, but got input (H: 5, W: 5)
        output (H: 0, W: 3)", "\\"compute_indices_weights_linear\\" not implemented for 'Byte'" ...;
        uint8 RGB resized to 1 x 1 after a vertical pass: PyTorch 2.13's own "num_channels ==
        unpacked_output.size(0) INTERNAL ASSERT FAILED".
    """
    x = _torch_tensor(input, "input")
    args = (size, scale_factor, mode, align_corners, recompute_scale_factor, antialias)
    if x.dtype.kind != "f":
        return _interpolate_plan(x, *args)
    # the checks and the spec read the input's shape and dtype only: a repeated call with the same
    # shapes and arguments reuses them (frontends/_memo)
    return shape_memo(_interpolate_frame, x.shape, x.dtype.str, *args).for_input(x)


def _interpolate_frame(shape: tuple[int, ...], dtype: str, *args: Any) -> ResizePlan:
    """:func:`interpolate`'s plan for an input of ``shape`` and ``dtype`` (a zero-strided stand-in
    that holds no data: the checks read its shape and dtype only)."""
    return _interpolate_plan(np.broadcast_to(np.zeros((), dtype), shape), *args)


def _interpolate_plan(x: np.ndarray, size: Any, scale_factor: Any, mode: str, align_corners: bool | None,
                      recompute_scale_factor: bool | None, antialias: bool) -> ResizePlan:
    """:func:`interpolate`'s checks and plan on the tensor ``x``."""
    if align_corners is not None and not isinstance(align_corners, bool | np.bool_):  # torch's kernels take a bool
        raise ArgumentTypeError(f"interpolate(): argument 'align_corners' must be bool, not "
                                f"{type(align_corners).__name__} (torch: the upsample kernel 'received an invalid "
                                "combination of arguments')")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ArgumentError("align_corners option can only be set with the interpolating modes: "
                                "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = x.ndim - 2
    spatial = list(x.shape[2:])
    scales: list[Any] | None
    if size is not None and scale_factor is not None:
        raise ArgumentError("only one of size or scale_factor should be defined")
    if size is not None:
        scales = None
        if isinstance(size, list | tuple):
            if len(size) != dim:
                raise ArgumentError(
                    "Input and output must have the same number of spatial dimensions, but got input with spatial "
                    f"dimensions of {spatial} and output size of {size!r}. Please provide input tensor in (N, C, d1, "
                    "d2, ...,dK) format and output size in (o1, o2, ...,oK) format.")
            if not all(isinstance(s, int | np.integer) for s in size):
                raise ArgumentTypeError(
                    "expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], but got "
                    f"size with types {[type(s) for s in size]}")
            sizes: list[int] | None = [int(s) for s in size]
        else:
            if not isinstance(size, int | np.integer):
                raise ArgumentTypeError(f"interpolate(): size must be an int or a sequence of ints, got "
                                        f"{type(size).__name__}")
            sizes = [int(size)] * max(dim, 0)
    elif scale_factor is not None:
        sizes = None
        if isinstance(scale_factor, list | tuple):
            if len(scale_factor) != dim:
                raise ArgumentError(
                    "Input and scale_factor must have the same number of spatial dimensions, but got input with "
                    f"spatial dimensions of {spatial} and scale_factor of shape {scale_factor!r}. Please provide input "
                    "tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.")
            scales = [float(s) for s in scale_factor]
        else:
            scales = [float(scale_factor)] * max(dim, 0)
    else:
        raise ArgumentError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ArgumentError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and sizes is None:
        recompute_scale_factor = True
    if recompute_scale_factor and scales is not None:
        sizes = [_interp_size_product(n, s) for n, s in zip(spatial, scales, strict=True)]
        scales = None
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and x.ndim == 4):
        raise ArgumentError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a "
                            "4-D tensor as input")
    wanted = {"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5, "lanczos": 4}
    if mode not in _INTERP_MODES or x.ndim not in (3, 4, 5) or wanted.get(mode, x.ndim) != x.ndim:
        if mode in ("linear", "bilinear", "trilinear") and x.ndim in (3, 4, 5):
            raise ArgumentError(f"Got {x.ndim}D input, but {mode} mode needs {wanted[mode]}D input")
        raise ArgumentError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {x.ndim}D) for the modes: nearest | linear "
            f"| bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got {mode})")
    if mode == "lanczos":
        if align_corners:
            raise ArgumentError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise ArgumentError("Lanczos mode requires antialias=True")
    if sizes is None:
        assert scales is not None
        sizes = [_interp_size_product(n, s) for n, s in zip(spatial, scales, strict=True)]
    letters = _SPATIAL_LETTERS[dim]
    if mode == "area":
        if any(m < 0 for m in sizes):
            raise ArgumentError(f"Trying to create tensor with negative dimension {min(sizes)}: "
                                f"{_size_list([*x.shape[:2], *sizes])}")
    elif any(n <= 0 for n in spatial) or any(m <= 0 for m in sizes):
        def sizes_text(v: Sequence[int]) -> str:
            return ", ".join(f"{c}: {n}" for c, n in zip(letters, v, strict=True))
        joint = " and" if dim == 1 else ""  # PyTorch's 1-d message has an "and"
        raise ArgumentError(f"Input and output sizes should be greater than 0, but got input ({sizes_text(spatial)})"
                            f"{joint} output ({sizes_text(sizes)})")
    if (mode != "area" and mode not in ("nearest", "nearest-exact") and x.shape[1] == 0) or (
            mode == "area" and any(n == 0 for n in x.shape[1:])):
        raise ArgumentError(f"Non-empty {x.ndim}D data tensor expected but got a tensor with sizes "
                            f"{_size_list(x.shape)}")
    uint8_ok = mode in ("nearest", "nearest-exact", "bilinear", "bicubic") or antialias
    ok = x.dtype.kind == "f" or (mode == "area" and 0 in sizes and dim < 3) or (x.dtype == np.uint8 and uint8_ok)
    if not ok:
        kind = _TORCH_SCALAR_NAMES.get(x.dtype.name, x.dtype.name)
        if mode == "area" and all(m == 1 for m in sizes):  # adaptive pooling to 1 is a mean()
            raise ArgumentTypeError("mean(): could not infer output dtype. Input dtype must be either a floating point "
                                    f"or complex dtype. Got: {kind}")
        raise ArgumentTypeError(f"\"{_interp_kernel_name(mode, dim, antialias)}\" not implemented for '{kind}'")
    if antialias and x.dtype == np.float16 and sizes != spatial:  # an unchanged size is a copy, any dtype
        raise ArgumentTypeError("\"compute_index_ranges_weights\" not implemented for 'Half'")
    # PyTorch's uint8 fixed point: bilinear, bicubic, lanczos (area reaches here only with an empty output)
    fixed = "torch_uint8" if x.dtype == np.uint8 and mode in ("bilinear", "bicubic", "lanczos") else None
    if fixed and x.shape[1] == 3 and x.shape[0] > 0 and sizes == [1, 1] and spatial[0] != 1:
        # PyTorch 2.13's AVX2 uint8 kernel: a 1 x 1 RGB output after a vertical pass fails its own check
        raise ArgumentError("num_channels == unpacked_output.size(0) INTERNAL ASSERT FAILED at "
                            "\"/__w/pytorch/pytorch/aten/src/ATen/native/cpu/UpSampleKernelAVXAntialias.h\":269, "
                            "please report a bug to PyTorch.")
    coordinate = "align_corners" if align_corners else "asymmetric" if mode == "nearest" else "half_pixel"
    rules = []
    for k, (n, m) in enumerate(zip(spatial, sizes, strict=True)):
        s: Any = None if scales is None or scales[k] <= 0 else Fraction(scales[k])
        if s is not None and _nearest_index_shortcut(mode, dim, n, m):
            s = None  # PyTorch's nearest_idx copies (out == in) or halves (out == 2 in): out / in exactly
        rule = coordinate
        if antialias and align_corners:
            # the antialiased kernel centres taps at scale * (x + 0.5) with the align_corners scale
            step = Fraction(n - 1, m - 1) if m > 1 else Fraction(0)
            r = AxisResize.of(n, m, "half_pixel", 1 / step if step > 0 else 1)
            r = dataclasses.replace(r, step=step)
        else:
            r = AxisResize.of(n, m, rule, s)
        if k == 0 and dim == 2 and sizes[1] == 1 and m != n and _separable_generic(x, mode, antialias):
            # PyTorch 2.13's generic separable kernel: with an output width of 1, every output row
            # repeats row 0 (measured on the CPU for bilinear, bicubic and lanczos)
            r = dataclasses.replace(r, repeat_first=True)
        rules.append(r)
    if mode == "nearest":
        filt = Filter("nearest", rounding="floor")
    elif mode == "nearest-exact":
        filt = Filter("nearest", rounding="round_prefer_ceil")
    elif mode in ("linear", "bilinear", "trilinear"):
        filt = Filter("linear", antialias=antialias)
    elif mode == "bicubic":
        filt = Filter("cubic", cubic_a=-0.5 if antialias else -0.75, antialias=antialias)
    elif mode == "lanczos":
        filt = Filter("lanczos", lobes=3, antialias=True)
    else:
        filt = Filter("area", area="adaptive")
    compute = np.float64 if x.dtype == np.float64 else np.float32
    arithmetic = "float64" if x.dtype == np.float64 and mode not in ("nearest", "nearest-exact") else "float32"
    spec = ResizeSpec(tuple(range(2, x.ndim)), tuple(rules), filt, "exclude" if antialias else "clamp", None,
                      Precision(arithmetic, "multiply", fixed_point=fixed))
    label = mode + (", align_corners=True" if align_corners else "") + (", antialias=True" if antialias else "")
    names = {2 + k: c for k, c in enumerate(letters)}
    notes = []
    if scales is not None and mode not in ("area",) and not align_corners:
        shortcut = [c for c, n, m in zip(letters, spatial, sizes, strict=True)
                    if _nearest_index_shortcut(mode, dim, n, m)]
        if len(shortcut) < dim:
            notes.append("scale_factor is used in the coordinates as given (1 / scale_factor), not out / in: pass "
                         "recompute_scale_factor=True for out / in")
        if shortcut:
            notes.append(f"on {', '.join(shortcut)} the output size is the input size or twice it: PyTorch's 2-d "
                         "nearest kernel then copies (index i) or halves (i >> 1) and ignores scale_factor there")
    if fixed:
        return TorchUint8ResizePlan("torch.nn.functional.interpolate", x, spec, x.dtype, compute, label, names,
                                    notes=notes)
    return ResizePlan("torch.nn.functional.interpolate", x, spec, x.dtype, compute, label, names, notes=notes)


_TORCH_SCALAR_NAMES = {"uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long",
                       "bool": "Bool", "float16": "Half", "float32": "Float", "float64": "Double"}

__all__ += ["interpolate"]

register(Entry(interpolate.name, interpolate, "torch", aliases=("F.interpolate", "torch.interpolate"),
               figure="sampling_grid", cli=Cli((
    Option("--input", "input", "The tensor (.npy, .npz or .csv), (N, C, *spatial).", kind="array", required=True,
           what="input", positional=True),
    Option("--size", "size", "Output spatial size: one int or one per spatial axis.", parse=int_or_ints("--size")),
    Option("--scale-factor", "scale_factor", "Scale factor: one float or one per spatial axis.",
           parse=_floats("--scale-factor")),
    Option("--mode", "mode", "The interpolation mode.", default="nearest", show_default=True,
           choices=_INTERP_MODES),
    Option("--align-corners", "align_corners", "true or false (interpolating modes only).",
           parse=_optional_bool("--align-corners")),
    Option("--recompute-scale-factor", "recompute_scale_factor", "true or false.",
           parse=_optional_bool("--recompute-scale-factor")),
    Option("--antialias", "antialias", "Antialias when downsampling (bilinear, bicubic, lanczos).", kind="flag"),
), help="Explain one output pixel of torch.nn.functional.interpolate: its source coordinate, the input pixels and "
        "weights, and what the other libraries give there.", result="shape")))
