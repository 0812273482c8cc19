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
from arraylens.ops.conv.plan import ConvPlan, ConvTransposePlan, Layouts
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


def _check_input(x: np.ndarray, nd: int, op: str) -> bool:
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
    x: np.ndarray,
    w: np.ndarray,
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


def _check_empty_spatial(x: np.ndarray, nd: int) -> None:
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
    x: np.ndarray, w: np.ndarray, nd: int, given: Sequence[tuple[str, Sequence[int]]]
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
    bias: Any, n_out: int, w: np.ndarray, transposed: bool, real_type: np.dtype[Any] | None = None
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
    op = f"conv_transpose{nd}d"
    input, weight, bias, dtype = torch_operands(op, input, weight, bias, True, nd)
    x = as_real_array(input, "input")
    w = as_real_array(weight, "weight")
    batched = _check_input(x, nd, op)
    x_b = x if batched else x[None]
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
    b = _check_bias(bias, c_out, w, transposed=True, real_type=x.dtype)
    _check_empty_spatial(x_b, nd)
    kernel = tuple(int(k) for k in w.shape[2:])
    notes = []
    if output_size is not None:
        out_pad_t = _output_padding_from_size(
            output_size, x.shape, batched, nd, kernel, stride_t, padding_t, dilation_t
        )
        notes.append(
            f"output_size {tuple(output_size)} was turned into output_padding {out_pad_t} "
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
        f"padding={padding_t} removes that many elements from both ends of the full result "
        f"and output_padding={out_pad_t} gives back that many at the end: crop (begin, end) = "
        f"{spec.crop} (a negative end extends the result with positions no kernel copy reaches)"
    )
    x_map = AxisMap.channels_first(nd + 2) if batched else AxisMap.channels_first(nd + 1, True)
    w_map = channels_first_weights(nd, transposed=True)
    layouts = Layouts(x=x_map, w=w_map, out=x_map, names=("input", "weight", "out"))
    return ConvTransposePlan(
        op=f"torch.nn.functional.{op}",
        x=contiguous(x_map.to_canonical(x)),
        w=contiguous(w_map.to_canonical(w)),
        spec=spec,
        layouts=layouts,
        bias=b,
        notes=[*notes, *_dtype_notes(dtype)],
        out_dtype=dtype,
    )


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
    op = f"conv{nd}d"
    _check_complex_bias(input, bias)
    input, weight, bias, dtype = torch_operands(op, input, weight, bias, False, nd)
    x = as_real_array(input, "input")
    w = as_real_array(weight, "weight")
    batched = _check_input(x, nd, op)
    x_b = x if batched else x[None]
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
    w_canon = np.moveaxis(w, (0, 1), (-1, -2))
    if x_b.shape[1] == 0:
        # PyTorch answers a 0-channel input with an empty result of 0 channels (bias unused).
        w_canon, b = w_canon[..., :0], None
        notes.append("a 0-channel input gives PyTorch's empty result with 0 output channels")
    x_map = AxisMap.channels_first(nd + 2) if batched else AxisMap.channels_first(nd + 1, True)
    w_map = channels_first_weights(nd, transposed=False)
    layouts = Layouts(x=x_map, w=w_map, out=x_map, names=("input", "weight", "out"))
    return ConvPlan(
        op=f"torch.nn.functional.{op}",
        x=np.ascontiguousarray(x_map.to_canonical(x)),
        w=np.ascontiguousarray(w_canon),
        spec=spec,
        layouts=layouts,
        bias=b,
        notes=[*notes, *_dtype_notes(dtype)],
        out_dtype=dtype,
    )


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
    x = _block_values(input)
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
# torch.nn.functional.interpolate
# ----------------------------------------------------------------------------------------------

from fractions import Fraction  # noqa: E402

from arraylens.frontends._resize import floats as _floats  # noqa: E402
from arraylens.frontends._resize import optional_bool as _optional_bool  # noqa: E402
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
    if not math.isfinite(v):
        raise ArgumentError("value cannot be converted to type int64_t without overflow")
    return math.floor(v)


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
    ndarray of ``input``'s dtype, ``(N, C, *size)``.

    Raises
    ------
    ValueError, TypeError, NotImplementedError (as ArgumentError subclasses)
        PyTorch's messages: "align_corners option can only be set with the interpolating modes:
        linear | bilinear | bicubic | trilinear", "only one of size or scale_factor should be
        defined", "Input and output sizes should be greater than 0, but got input (H: 5, W: 5)
        output (H: 0, W: 3)", "\\"compute_indices_weights_linear\\" not implemented for 'Byte'", ...
    """
    x = _torch_tensor(input, "input")
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
    if x.dtype == np.uint8 and mode not in ("nearest", "nearest-exact"):
        raise ArgumentTypeError(
            f"torch.nn.functional.interpolate {mode} on uint8: PyTorch computes it in its own fixed point, which "
            "arraylens does not reproduce yet; convert to float32 (x.float()) to compare")
    coordinate = "align_corners" if align_corners else "asymmetric" if mode == "nearest" else "half_pixel"
    rules = []
    for k, (n, m) in enumerate(zip(spatial, sizes, strict=True)):
        s: Any = None if scales is None or scales[k] <= 0 else Fraction(scales[k])
        rule = coordinate
        if antialias and align_corners:
            # the antialiased kernel centres taps at scale * (x + 0.5) with the align_corners scale
            step = Fraction(n - 1, m - 1) if m > 1 else Fraction(0)
            r = AxisResize.of(n, m, "half_pixel", 1 / step if step > 0 else 1)
            r = dataclasses.replace(r, step=step)
        else:
            r = AxisResize.of(n, m, rule, s)
        if antialias and k == 0 and sizes[1] == 1 and m != n:
            # PyTorch 2.13's separable antialiased kernel: with an output width of 1, every output row
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
                      Precision(arithmetic, "multiply"))
    label = mode + (", align_corners=True" if align_corners else "") + (", antialias=True" if antialias else "")
    names = {2 + k: c for k, c in enumerate(letters)}
    notes = []
    if scales is not None and mode not in ("area",) and not align_corners:
        notes.append("scale_factor is used in the coordinates as given (1 / scale_factor), not out / in: pass "
                     "recompute_scale_factor=True for out / in")
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
