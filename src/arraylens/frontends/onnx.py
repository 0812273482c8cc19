"""ONNX's ``ConvTranspose`` and ``Conv`` operators, as the ONNX operator specification defines them.

Operands and attributes carry the specification's names: ``X`` is ``(N, C, D1, ..., Dn)``
(channels-first, always batched), ``W`` is ``(C, M/group, k1, ..., kn)`` for ``ConvTranspose``
and ``(M, C/group, k1, ..., kn)`` for ``Conv``, ``B`` is ``(M,)``. ``pads`` lists all begins,
then all ends: ``[x1_begin, x2_begin, ..., x1_end, x2_end, ...]``. The functions only translate
the attributes into a :class:`~arraylens.ops.conv.plan.ConvTransposePlan` /
:class:`~arraylens.ops.conv.plan.ConvPlan`.

Source of the semantics: the ONNX operator specification, ``ConvTranspose`` (since opset 11,
unchanged in opset 22) and ``Conv`` (opset 22). Where onnxruntime differs from the
specification, arraylens follows the specification; see ``docs/conv-conventions.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from arraylens.core.arrays import contiguous
from arraylens.core.axis_map import AxisMap
from arraylens.core.dtypes import as_real_array, native_byte_order
from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.registry import Cli, Entry, Option, TranslateRule, int_or_float, ints, register
from arraylens.core.text import format_position
from arraylens.frontends._conv_layouts import channels_first_weights
from arraylens.ops.conv.plan import ConvPlan, ConvTransposePlan, Layouts, crop_ends, per_axis
from arraylens.ops.conv.spec import ConvSpec, ConvTransposeSpec, split_padding
from arraylens.ops.rearrange.pad.plan import PadPlan
from arraylens.ops.rearrange.pad.spec import PadSpec

__all__ = ["conv", "conv_transpose"]

AUTO_PADS = ("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID")


def _ints(value: Sequence[int] | None, n: int, default: int, name: str, op: str) -> tuple[int, ...]:
    if value is None:
        return (default,) * n
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise ArgumentTypeError(f"{op}: attribute {name} must be a list of ints, got {value!r}")
    items = []
    for v in value:
        if isinstance(v, bool | np.bool_) or not isinstance(v, int | np.integer):
            raise ArgumentTypeError(f"{op}: attribute {name} must be a list of ints, got {value!r}")
        items.append(int(v))
    if len(items) != n:
        raise ArgumentError(
            f"{op}: attribute {name} has {len(items)} values, expected {n} "
            f"(one per spatial axis{', begins then ends' if name == 'pads' else ''})"
        )
    return tuple(items)


_ONNX_TYPES = {"float16": "float16", "float32": "float", "float64": "double"}


def _onnx_type(a: Any) -> str:
    name = np.dtype(a.dtype).name
    return f"tensor({_ONNX_TYPES.get(name, name)})"


def _check_type_t(op: str, x: Any, other: Any, other_name: str = "W") -> None:
    """ONNX's type constraint T of Conv and ConvTranspose, in ONNX Runtime's words: X, W and B
    are one floating-point type (float16, float or double); nothing is promoted. Inputs without
    a dtype (Python lists) are left to :func:`as_real_array`; complex and non-numeric arrays
    keep its message."""
    if not (hasattr(x, "dtype") and hasattr(other, "dtype")):
        return
    if np.dtype(x.dtype).kind not in "biuf" or np.dtype(other.dtype).kind not in "biuf":
        return
    for name, a in (("X", x), (other_name, other)):
        if np.dtype(a.dtype).name not in _ONNX_TYPES:
            raise ArgumentTypeError(
                f"Type Error: Type '{_onnx_type(a)}' of input parameter ({name}) of operator ({op}) is invalid."
            )
    if np.dtype(x.dtype).name != np.dtype(other.dtype).name:
        raise ArgumentTypeError(
            f"Type Error: Type parameter (T) of Optype ({op}) bound to different types ({_onnx_type(x)} and "
            f"{_onnx_type(other)})."
        )


def _common(
    op: str,
    X: Any,
    W: Any,
    B: Any,
    auto_pad: str,
    dilations: Sequence[int] | None,
    group: int,
    kernel_shape: Sequence[int] | None,
    pads: Sequence[int] | None,
    strides: Sequence[int] | None,
    transposed: bool,
) -> tuple[Any, ...]:
    """Checks shared by Conv and ConvTranspose; returns the arrays and normalised attributes."""
    _check_type_t(op, X, W)
    x = as_real_array(X, "X")
    w = as_real_array(W, "W")
    if x.ndim not in (3, 4, 5):
        raise ArgumentError(
            f"{op}: X must be (N, C, D1, ..., Dn) with 1 to 3 spatial axes, got shape {x.shape}"
        )
    nd = x.ndim - 2
    if w.ndim != x.ndim:
        raise ArgumentError(
            f"{op}: W must have as many dimensions as X ({x.ndim}), got shape {w.shape}"
        )
    if auto_pad not in AUTO_PADS:
        raise ArgumentError(f"{op}: auto_pad must be one of {', '.join(AUTO_PADS)}, got {auto_pad!r}")
    if isinstance(group, bool) or not isinstance(group, int | np.integer) or group < 1:
        raise ArgumentError(f"{op}: group must be a positive integer, got {group!r}")
    group = int(group)
    kernel = tuple(int(k) for k in w.shape[2:])
    if kernel_shape is not None:
        ks = _ints(kernel_shape, nd, 1, "kernel_shape", op)
        if ks != kernel:
            raise ArgumentError(
                f"{op}: kernel_shape {list(ks)} does not match W's spatial shape {list(kernel)}"
            )
    if any(k < 1 for k in kernel):
        raise ArgumentError(f"{op}: W's kernel dimensions must be >= 1, got {list(kernel)}")
    strides_t = _ints(strides, nd, 1, "strides", op)
    dil_t = _ints(dilations, nd, 1, "dilations", op)
    pads_t = _ints(pads, 2 * nd, 0, "pads", op)
    if pads is not None and auto_pad != "NOTSET":
        raise ArgumentError(
            f"{op}: the pads attribute cannot be used simultaneously with auto_pad={auto_pad} "
            "(the specification allows pads only with auto_pad NOTSET)"
        )
    if any(s < 1 for s in strides_t):
        raise ArgumentError(f"{op}: strides must be >= 1, got {list(strides_t)}")
    if any(d < 1 for d in dil_t):
        raise ArgumentError(f"{op}: dilations must be >= 1, got {list(dil_t)}")
    if any(p < 0 for p in pads_t):
        raise ArgumentError(f"{op}: pads must be >= 0, got {list(pads_t)}")
    c = x.shape[1]
    if transposed:
        if w.shape[0] != c:
            raise ArgumentError(
                f"{op}: W's first dimension must equal X's channel count C={c}, "
                f"got W shape {w.shape}"
            )
        if c % group:
            raise ArgumentError(f"{op}: X's channel count {c} is not divisible by group={group}")
        m = w.shape[1] * group
    else:
        m = w.shape[0]
        if w.shape[1] * group != c:
            raise ArgumentError(
                f"{op}: X has {c} channels but W {w.shape} expects C/group x group = "
                f"{w.shape[1]} x {group} = {w.shape[1] * group}"
            )
        if m % group:
            raise ArgumentError(
                f"{op}: W's output channel count M={m} is not divisible by group={group}"
            )
    b = None
    if B is not None:
        _check_type_t(op, X, B, "B")
        b = as_real_array(B, "B")
        if b.shape != (m,):
            raise ArgumentError(
                f"{op}: B must have shape ({m},) (one value per output channel), got {b.shape}"
            )
    if any(s == 0 for s in x.shape[2:]):
        raise ArgumentError(f"{op}: X's spatial dimensions must be >= 1, got shape {x.shape}")
    return x, w, b, nd, kernel, strides_t, dil_t, pads_t, group


def _layouts(nd: int, transposed: bool) -> Layouts:
    x_map = AxisMap.channels_first(nd + 2)
    w_map = channels_first_weights(nd, transposed)
    return Layouts(x=x_map, w=w_map, out=x_map, names=("X", "W", "Y"))


@frontend("onnx.ConvTranspose")
def conv_transpose(
    X: Any,
    W: Any,
    B: Any = None,
    *,
    auto_pad: str = "NOTSET",
    dilations: Sequence[int] | None = None,
    group: int = 1,
    kernel_shape: Sequence[int] | None = None,
    output_padding: Sequence[int] | None = None,
    output_shape: Sequence[int] | None = None,
    pads: Sequence[int] | None = None,
    strides: Sequence[int] | None = None,
) -> ConvTransposePlan:
    """ONNX ``ConvTranspose``, as the ONNX operator specification defines it.

    Parameters
    ----------
    X : array_like, shape (N, C, D1, ..., Dn), n = 1, 2 or 3
    W : array_like, shape (C, M / group, k1, ..., kn)
    B : array_like, shape (M,), optional
    auto_pad : {'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'}
        ``SAME_*`` make the output ``D * stride`` (unless ``output_shape`` is given) and split
        the total padding, the odd element at the end for ``SAME_UPPER`` and at the beginning
        otherwise. ``VALID`` with ``pads`` is an error, as in onnxruntime ("pads attribute
        cannot be used simultaneously with auto_pad=VALID").
    dilations, strides : list of n ints, default 1
    group : int
    kernel_shape : list of n ints, optional
        Must equal W's spatial shape if given.
    output_padding : list of n ints, default 0
        Added at the end of each axis; each must be smaller than ``max(stride, dilation)``.
        It selects which computed values are kept, and, with ``output_shape`` or ``SAME_*``,
        enters the total padding instead of the output size.
    output_shape : list of n ints, optional
        The spatial output shape; ``pads`` are then derived from it (and ignored):
        ``total = stride*(D-1) + output_padding + (k-1)*dilation + 1 - output_shape``, split as
        for ``SAME_UPPER`` when ``auto_pad`` is ``SAME_UPPER`` and with the odd element at the
        beginning otherwise (``NOTSET`` included). A negative total extends the result with
        zeros (bias only).
    pads : list of 2n ints, default 0
        ``[x1_begin, ..., xn_begin, x1_end, ..., xn_end]``, each >= 0: removed from the full
        result of size ``stride*(D-1) + (k-1)*dilation + 1`` (plus output_padding at the end).

    Returns
    -------
    ndarray, shape (N, M, O1, ..., On)
        ``O = stride*(D-1) + output_padding + (k-1)*dilation + 1 - pad_begin - pad_end``.

    Raises
    ------
    ValueError
        Naming the violated rule: shapes of X, W, B; group divisibility; kernel_shape
        mismatch; strides/dilations < 1; negative pads; output_padding not smaller than
        max(stride, dilation) (onnxruntime's rule); an output_shape of the wrong length; an
        output size <= 0.
    TypeError
        For non-integer attributes or complex/non-numeric arrays.

    Notes
    -----
    Source: ONNX operator specification, ``ConvTranspose`` (opset 11 to 22).
    """
    op = "ConvTranspose"
    x, w, b, nd, kernel, strides_t, dil_t, pads_t, group = _common(
        op, X, W, B, auto_pad, dilations, group, kernel_shape, pads, strides, transposed=True
    )
    out_pad = _ints(output_padding, nd, 0, "output_padding", op)
    for axis, (o, s, d) in enumerate(zip(out_pad, strides_t, dil_t, strict=True)):
        if o < 0 or o >= max(s, d):
            raise ArgumentError(
                f"{op}: output_padding[{axis}] ({o}) must be >= 0 and less than "
                f"max(stride, dilation) ({max(s, d)}) for spatial dimension {axis}"
            )
    in_size = x.shape[2:]
    full = [
        s * (i - 1) + (k - 1) * d + 1
        for i, k, s, d in zip(in_size, kernel, strides_t, dil_t, strict=True)
    ]
    notes = []
    target: tuple[int, ...] | None = None
    if output_shape is not None:
        target = _ints(output_shape, nd, 0, "output_shape", op)
        notes.append(
            f"output_shape {list(target)} was given, so pads are derived from it (pads ignored)"
        )
    elif auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        target = tuple(i * s for i, s in zip(in_size, strides_t, strict=True))
        notes.append(f"auto_pad={auto_pad}: output shape = input shape x strides = {list(target)}")
    if target is not None:
        crop = []
        for f, o, t in zip(full, out_pad, target, strict=True):
            total = f + o - t
            begin, end = split_padding(total, odd_at_end=auto_pad == "SAME_UPPER")
            crop.append((begin, end - o))
        notes.append(
            "total padding = stride*(D-1) + output_padding + (k-1)*dilation + 1 - output_shape "
            f"= {[f + o - t for f, o, t in zip(full, out_pad, target, strict=True)]}, split "
            + (
                "with the odd element at the end (SAME_UPPER)"
                if auto_pad == "SAME_UPPER"
                else "with the odd element at the beginning"
            )
        )
    else:
        if auto_pad == "VALID":
            notes.append("auto_pad=VALID: no padding")
        crop = [(pads_t[a], pads_t[nd + a] - out_pad[a]) for a in range(nd)]
    spec = ConvTransposeSpec(stride=strides_t, dilation=dil_t, crop=tuple(crop), groups=group)
    out_size = spec.output_size(in_size, kernel)
    if any(o <= 0 for o in out_size):
        raise ArgumentError(
            f"{op}: computed output dimensions {list(out_size)} must all be > 0 "
            f"(input shape {list(in_size)})"
        )
    notes.append(
        f"the full result {format_position(full)} has {crop_ends(spec.crop)} "
        f"(pads, less output_padding {per_axis(out_pad)} at the end)"
    )
    layouts = _layouts(nd, transposed=True)
    return ConvTransposePlan(
        op="onnx ConvTranspose",
        x=contiguous(layouts.x.to_canonical(x)),
        w=contiguous(layouts.w.to_canonical(w)),
        spec=spec,
        layouts=layouts,
        bias=b,
        notes=notes,
    )


@frontend("onnx.Conv")
def conv(
    X: Any,
    W: Any,
    B: Any = None,
    *,
    auto_pad: str = "NOTSET",
    dilations: Sequence[int] | None = None,
    group: int = 1,
    kernel_shape: Sequence[int] | None = None,
    pads: Sequence[int] | None = None,
    strides: Sequence[int] | None = None,
) -> ConvPlan:
    """ONNX ``Conv`` (cross-correlation), as the ONNX operator specification defines it.

    Parameters
    ----------
    X : array_like, shape (N, C, D1, ..., Dn), n = 1, 2 or 3
    W : array_like, shape (M, C / group, k1, ..., kn)
    B : array_like, shape (M,), optional
    auto_pad : {'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'}
        ``SAME_*``: output ``ceil(D / stride)``, total padding
        ``max(0, (out-1)*stride + (k-1)*dilation + 1 - D)``, the odd element at the end for
        ``SAME_UPPER``, at the beginning for ``SAME_LOWER``. ``VALID``: no padding.
    dilations, strides : list of n ints, default 1
    group : int
    kernel_shape : list of n ints, optional (must equal W's spatial shape)
    pads : list of 2n ints, default 0
        ``[x1_begin, ..., xn_begin, x1_end, ..., xn_end]``, each >= 0 (``NOTSET`` only).

    Returns
    -------
    ndarray, shape (N, M, O1, ..., On)
        ``O = floor((D + pad_begin + pad_end - (k-1)*dilation - 1) / stride) + 1``.

    Raises
    ------
    ValueError
        For inconsistent shapes, group, kernel_shape, strides/dilations < 1, negative pads,
        or an output size <= 0 (the dilated kernel larger than the padded input).
    TypeError
        For non-integer attributes or complex/non-numeric arrays.

    Notes
    -----
    Source: ONNX operator specification, ``Conv`` (opset 22).
    """
    op = "Conv"
    x, w, b, nd, kernel, strides_t, dil_t, pads_t, group = _common(
        op, X, W, B, auto_pad, dilations, group, kernel_shape, pads, strides, transposed=False
    )
    in_size = x.shape[2:]
    notes = []
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        pairs = []
        for i, k, s, d in zip(in_size, kernel, strides_t, dil_t, strict=True):
            out = -(-i // s)
            total = max(0, (out - 1) * s + (k - 1) * d + 1 - i)
            pairs.append(split_padding(total, odd_at_end=auto_pad == "SAME_UPPER"))
        notes.append(f"auto_pad={auto_pad}: output = ceil(D / stride), pads (begin, end) {pairs}")
    elif auto_pad == "VALID":
        pairs = [(0, 0)] * nd
        notes.append("auto_pad=VALID: no padding")
    else:
        pairs = [(pads_t[a], pads_t[nd + a]) for a in range(nd)]
    spec = ConvSpec(stride=strides_t, dilation=dil_t, padding=tuple(pairs), groups=group)
    out_size = spec.output_size(in_size, kernel)
    if any(o <= 0 for o in out_size):
        raise ArgumentError(
            f"{op}: computed output dimensions {list(out_size)} must all be > 0: the dilated "
            f"kernel {[(k - 1) * d + 1 for k, d in zip(kernel, dil_t, strict=True)]} is larger "
            f"than the padded input {[i + p + q for i, (p, q) in zip(in_size, pairs, strict=True)]}"
        )
    layouts = _layouts(nd, transposed=False)
    return ConvPlan(
        op="onnx Conv",
        x=np.ascontiguousarray(layouts.x.to_canonical(x)),
        w=np.ascontiguousarray(layouts.w.to_canonical(w)),
        spec=spec,
        layouts=layouts,
        bias=b,
        notes=notes,
    )


# ----------------------------------------------------------------------------------------------
# Registry: the CLI's arguments and translate's inverse rule, beside the forward rules above.
# ----------------------------------------------------------------------------------------------


def _translate_candidates(ref: ConvTransposePlan) -> Iterator[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]:
    """The inverse rule: explicit ``pads`` (and ``output_padding`` for a negative end crop).

    Explicit pads express every crop with begin >= 0 and end >= -(stride-1). output_shape and
    SAME could reach further only through a negative total padding, where onnxruntime departs
    from the specification, and output_padding >= stride (allowed below the dilation by the
    specification) is refused by onnxruntime: both are avoided so the snippet runs the same
    everywhere.
    """
    nd = ref.spec.ndim
    s, crop = ref.spec.stride, ref.spec.crop
    base = {"strides": list(s), "dilations": list(ref.spec.dilation), "group": ref.spec.groups}
    op = [max(0, -e) for _, e in crop]
    if all(o < ss for o, ss in zip(op, s, strict=True)):
        onnx_pads = [b for b, _ in crop] + [e + o for (_, e), o in zip(crop, op, strict=True)]
        yield {**base, "pads": onnx_pads, "output_padding": op}, ((0, 0),) * nd
    yield {**base, "pads": [0] * (2 * nd)}, crop


def _translate_snippet(a: dict[str, Any], nd: int, has_bias: bool) -> list[str]:
    attrs = ", ".join(f"{k}={v!r}" for k, v in a.items())
    names = ["X", "W"] + (["B"] if has_bias else [])
    feed_b = ", 'B': b.astype(np.float32)" if has_bias else ""
    return [
        "import onnx, onnxruntime",
        "from onnx import TensorProto, helper",
        f"feeds = {{'X': xt.astype(np.float32), 'W': wt.astype(np.float32){feed_b}}}"
        "  # onnxruntime's CPU kernel is float32",
        f"node = helper.make_node('ConvTranspose', {names}, ['Y'], {attrs})",
        "graph = helper.make_graph([node], 'g', "
        "[helper.make_tensor_value_info(k, TensorProto.FLOAT, v.shape) "
        "for k, v in feeds.items()], "
        "[helper.make_tensor_value_info('Y', TensorProto.FLOAT, None)])",
        "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 22)])",
        "model.ir_version = 10",
        "session = onnxruntime.InferenceSession(model.SerializeToString(), "
        "providers=['CPUExecutionProvider'])",
        "y = session.run(None, feeds)[0]",
    ]


def _int_list(what: str) -> Callable[[str], list[int]]:
    parse = ints(what)
    return lambda text: list(parse(text))


def _register() -> None:
    common = (
        Option("--X", "X", "X (.npy/.npz/.csv), shape (N, C, D1, ..., Dn).", kind="array", required=True, what="X"),
        Option("--W", "W", "W (.npy/.npz/.csv).", kind="array", required=True, what="W"),
        Option("--B", "B", "Optional B, shape (M,).", kind="array", what="B"),
        Option("--auto-pad", "auto_pad", default="NOTSET", show_default=True, choices=AUTO_PADS),
        Option("--dilations", "dilations", "Comma-separated ints.", parse=_int_list("--dilations")),
        Option("--group", "group", kind="int", default=1, show_default=True),
        Option("--kernel-shape", "kernel_shape", "Comma-separated ints.", parse=_int_list("--kernel-shape")),
        Option("--pads", "pads", "Begins then ends, comma-separated.", parse=_int_list("--pads")),
        Option("--strides", "strides", "Comma-separated ints.", parse=_int_list("--strides")),
    )
    at_help = "Output index, comma-separated (N, M, ...)."
    register(Entry(
        "onnx.ConvTranspose", conv_transpose, "onnx", figure="overlay",
        cli=Cli((
            *common,
            Option("--output-padding", "output_padding", "Comma-separated ints.", parse=_int_list("--output-padding")),
            Option("--output-shape", "output_shape", "Spatial output shape, comma-separated.",
                   parse=_int_list("--output-shape")),
        ), help="Explain one element of the ONNX ConvTranspose operator.", at_help=at_help),
        translate=TranslateRule("X", "W", "B", _translate_candidates, _translate_snippet, target=True),
    ))
    register(Entry("onnx.Conv", conv, "onnx", cli=Cli(
        common, help="Explain one element of the ONNX Conv operator.", at_help=at_help)))


_register()


# ----------------------------------------------------------------------------------------------
# Block rearrangements: DepthToSpace (DCR or CRD) and SpaceToDepth (DCR), opset 13.
# ----------------------------------------------------------------------------------------------

from arraylens.ops.rearrange.blocks.kernel import check_values as _block_values  # noqa: E402
from arraylens.ops.rearrange.blocks.plan import BlockPlan  # noqa: E402
from arraylens.ops.rearrange.blocks.spec import BlockSpec  # noqa: E402


def _block_plan(op: str, input: Any, blocksize: Any, mode: Any, to_space: bool) -> BlockPlan:
    """The specification's rules, with onnxruntime's messages where it has them."""
    if isinstance(blocksize, bool | np.bool_) or not isinstance(blocksize, int | np.integer):
        raise ArgumentTypeError(f"{op}: attribute blocksize must be an int, got {blocksize!r}")
    if mode not in ("DCR", "CRD"):
        raise ArgumentError(f"{op}: only 'DCR' and 'CRD' are supported as mode, got {mode!r}")
    b = int(blocksize)
    if b <= 0:
        raise ArgumentError(f"{op}: Blocksize must be positive")
    x = native_byte_order(_block_values(input))
    if x.ndim != 4:
        raise ArgumentError(f"{op}: Input tensor must be 4-dimensional, got shape {x.shape}")
    spec = BlockSpec("to_space" if to_space else "to_depth", b, mode, channels_last=False)
    c, h, w = spec.split_cf(x.shape)
    if to_space and c % (b * b):
        raise ArgumentError(f"DepthToSpace requires input depth to be a multiple of (block_size * block_size): "
                            f"{c} is not a multiple of {b * b}")
    if not to_space and h % b:
        raise ArgumentError(f"SpaceToDepth requires input height to be a multiple of block_size: "
                            f"{h} is not a multiple of {b}")
    if not to_space and w % b:
        raise ArgumentError(f"SpaceToDepth requires input width to be a multiple of block_size: "
                            f"{w} is not a multiple of {b}")
    return BlockPlan(op, x, spec)


@frontend("onnx.DepthToSpace")
def depth_to_space(input: Any, *, blocksize: int, mode: str = "DCR") -> BlockPlan:
    """The ONNX ``DepthToSpace`` operator (opset 13): ``(N, C*b*b, H, W)`` -> ``(N, C, H*b, W*b)``.

    ``mode='DCR'`` (the default): output channel ``c`` at ``(h*b + by, w*b + bx)`` is input
    channel ``(by*b + bx)*C + c``, as TensorFlow's depth_to_space; ``mode='CRD'``:
    ``c*b*b + by*b + bx``, as PyTorch's pixel_shuffle (converting one as the other is
    PINTO0309/onnx2tf#91).

    Parameters
    ----------
    input : array_like, 4-d
        ``(N, C, H, W)``; every tensor type of the specification (onnxruntime's CPU provider
        implements float, double, float16, uint8 and int8 only; arraylens follows the
        specification).
    blocksize : int
        Positive (1 copies).
    mode : {'DCR', 'CRD'}

    Returns
    -------
    ndarray, shape ``(N, C, H*b, W*b)``

    Raises
    ------
    ValueError (ArgumentError)
        "Blocksize must be positive", "Input tensor must be 4-dimensional", an unknown mode,
        "DepthToSpace requires input depth to be a multiple of (block_size * block_size)".
    TypeError (ArgumentTypeError)
        For a blocksize that is not an int, or a non-numeric input.
    """
    return _block_plan("onnx.DepthToSpace", input, blocksize, mode, True)


@frontend("onnx.SpaceToDepth")
def space_to_depth(input: Any, *, blocksize: int) -> BlockPlan:
    """The ONNX ``SpaceToDepth`` operator (opset 13): ``(N, C, H*b, W*b)`` -> ``(N, C*b*b, H, W)``.

    Always the DCR order: output channel ``(by*b + bx)*C + c`` at ``(h, w)`` is input channel
    ``c`` at ``(h*b + by, w*b + bx)``. PyTorch's pixel_unshuffle is CRD (``c*b*b + by*b + bx``),
    so exporting it as one SpaceToDepth permutes the channels (microsoft/onnxscript#2891).

    Parameters
    ----------
    input, blocksize
        As :func:`depth_to_space`.

    Returns
    -------
    ndarray, shape ``(N, C*b*b, H, W)``

    Raises
    ------
    ValueError (ArgumentError)
        As :func:`depth_to_space`, and "SpaceToDepth requires input height (width) to be a
        multiple of block_size".
    TypeError (ArgumentTypeError)
        As :func:`depth_to_space`.
    """
    return _block_plan("onnx.SpaceToDepth", input, blocksize, "DCR", False)


def _register_blocks() -> None:
    x_opt = Option("--input", "input", "Input array (.npy/.npz/.csv), (N, C, H, W).", kind="array", required=True,
                   what="input")
    b_opt = Option("--blocksize", "blocksize", "Block size (positive).", kind="int", required=True)
    register(Entry("onnx.DepthToSpace", depth_to_space, "onnx", figure="blocks", cli=Cli((
        x_opt, b_opt, Option("--mode", "mode", "DCR (default) or CRD.", default="DCR", show_default=True,
                             choices=("DCR", "CRD")),
    ), help="Explain one output element of the ONNX DepthToSpace operator: DCR against CRD.", result="shape")))
    register(Entry("onnx.SpaceToDepth", space_to_depth, "onnx", figure="blocks", cli=Cli(
        (x_opt, b_opt), help="Explain one output element of the ONNX SpaceToDepth operator (DCR).",
        result="shape")))


_register_blocks()
__all__ += ["depth_to_space", "space_to_depth"]


# ----------------------------------------------------------------------------------------------
# Pad (opset 19+)
# ----------------------------------------------------------------------------------------------

_ONNX_PAD_MODES = ("constant", "reflect", "edge", "wrap")


@frontend("onnx.Pad")
def pad(data: Any, pads: Sequence[int], constant_value: Any = None, axes: Sequence[int] | int | None = None, *,
        mode: str = "constant") -> PadPlan:
    """``Pad`` as the ONNX specification defines it (opset 19 and later).

    Parameters
    ----------
    data : array_like
        Bool, integer or float tensor, any rank.
    pads : sequence of int
        ``[x1_begin, x2_begin, ..., x1_end, x2_end, ...]`` for the listed ``axes`` (all axes
        when None); negative values remove elements.
    constant_value : scalar, optional
        The ``constant`` fill (default 0), of ``data``'s type.
    axes : sequence of int or int, optional
        The padded axes (negative counts from the end; each at most once); one int is one axis.
    mode : {'constant', 'reflect', 'edge', 'wrap'}

    Returns
    -------
    ndarray of ``data``'s dtype. Negative pads crop first; the padding then extends the
    cropped axis. ``reflect`` and ``wrap`` repeat when a pad exceeds the size, as the
    specification's reference (``np.pad``) does: onnxruntime refuses ``reflect`` pads larger
    than ``size - 1`` (and any ``reflect`` pad of an axis of size 1), arraylens follows the
    specification.

    Raises
    ------
    ValueError
        For an unknown mode, a wrong number of pads, an axis out of range or repeated, a crop
        larger than the axis, or a non-constant pad of an empty axis.
    """
    if mode not in _ONNX_PAD_MODES:
        raise ArgumentError(f"Pad: mode {mode!r} is not one of constant, reflect, edge, wrap")
    x = native_byte_order(np.asarray(data))
    if x.dtype.kind not in "biuf":
        raise ArgumentTypeError(f"Pad: arraylens pads bool, integer and float tensors, got {x.dtype}")
    r = x.ndim
    if axes is None:
        axis_list = list(range(r))
    else:
        axis_list = []
        for axis in np.atleast_1d(axes):  # one int: a one-axis list
            a = int(axis)
            if not -r <= a < r:
                raise ArgumentError(f"Pad: Unexpected axis value: {a}. Expected range [{-r}, {r})")
            a = a + r if a < 0 else a
            if a in axis_list:
                raise ArgumentError(f"Pad: Axis {a} is referred to more than once.")
            axis_list.append(a)
    pad_list = [int(p) for p in pads]
    if len(pad_list) != 2 * len(axis_list):
        raise ArgumentError(f"Pad: Pads has incorrect number of values. Expected 2 * {len(axis_list)} values. "
                            f"Got {len(pad_list)} values.")
    widths = [(0, 0)] * r
    for i, axis in enumerate(axis_list):
        widths[axis] = (pad_list[i], pad_list[len(axis_list) + i])
    for axis, (b, e) in enumerate(widths):
        removed = max(-b, 0) + max(-e, 0)
        if removed > x.shape[axis]:
            raise ArgumentError(f"Pad: pads ({b}, {e}) remove {removed} elements from axis {axis} of size "
                                f"{x.shape[axis]}")
        if mode != "constant" and x.shape[axis] - removed == 0 and (b > 0 or e > 0):
            raise ArgumentError(f"Pad: mode {mode!r} cannot extend axis {axis}, which is empty after the crop")
    if mode == "constant":
        fill = np.array(0 if constant_value is None else constant_value).astype(x.dtype)[()]
        return PadPlan("onnx.Pad", x, PadSpec(tuple(widths), "constant", values=((fill, fill),) * r), mode)
    return PadPlan("onnx.Pad", x, PadSpec(tuple(widths), mode, crop="first"), mode)


__all__ += ["pad"]

register(Entry(pad.name, pad, "onnx", figure="source_map", cli=Cli((
    Option("--input", "data", "The tensor (.npy, .npz or .csv).", kind="array", required=True, what="input",
           positional=True),
    Option("--pads", "pads", "x1_begin,x2_begin,...,x1_end,x2_end,...", required=True, parse=ints("--pads"),
           positional=True),
    Option("--constant-value", "constant_value", "constant: the fill value.",
           parse=int_or_float("--constant-value")),
    Option("--axes", "axes", "The padded axes, comma-separated (default: all).", parse=ints("--axes")),
    Option("--mode", "mode", "The pad mode.", default="constant", show_default=True, choices=_ONNX_PAD_MODES),
), help="Explain one element of ONNX Pad(data, pads, constant_value, axes, mode).", result="shape")))

# ----------------------------------------------------------------------------------------------
# Where onnxruntime departs from the specification (the table `arraylens audit` reads)
# ----------------------------------------------------------------------------------------------

from arraylens.frontends.onnx_runtime_notes import RUNTIME_NOTES, RuntimeNote, notes_for  # noqa: E402

__all__ += ["RUNTIME_NOTES", "RuntimeNote", "notes_for"]

# ----------------------------------------------------------------------------------------------
# Pooling: MaxPool, AveragePool, LpPool, GlobalAveragePool, GlobalMaxPool (opset 22; 19-21 via
# ``opset``)
# ----------------------------------------------------------------------------------------------


from arraylens.frontends._pool_calls import pool_call, pool_key  # noqa: E402
from arraylens.ops.pool.kernel import tap_table  # noqa: E402
from arraylens.ops.pool.plan import PoolPlan  # noqa: E402
from arraylens.ops.pool.spec import (  # noqa: E402
    AdaptiveWindows,
    LpReduction,
    MaxReduction,
    MeanReduction,
    PoolSpec,
    same_padding,
)
from arraylens.ops.pool.spec import Window as PoolWindow  # noqa: E402

_POOL_T = {
    "MaxPool": ("bfloat16", "float16", "float", "double", "int8", "uint8"),
    "AveragePool": ("bfloat16", "float16", "float", "double"),
    "LpPool": ("bfloat16", "float16", "float", "double"),
    "GlobalAveragePool": ("bfloat16", "float16", "float", "double"),
    "GlobalMaxPool": ("bfloat16", "float16", "float", "double"),
}
_ONNX_NAMES = {"float16": "float16", "float32": "float", "float64": "double", "bfloat16": "bfloat16",
               "int8": "int8", "uint8": "uint8", "int16": "int16", "uint16": "uint16", "int32": "int32",
               "uint32": "uint32", "int64": "int64", "uint64": "uint64", "bool": "bool"}


def _pool_x(op: str, X: Any) -> tuple[np.ndarray, np.ndarray]:
    """``(X, the array the kernel reads)``: the type constraint T in the checker's words; X is
    ``(N, C, D1, ..., Dn)`` with at least one spatial axis."""
    x = native_byte_order(np.asarray(X))
    if x.dtype.kind not in "biufV" or (x.dtype.kind == "V" and x.dtype.name != "bfloat16"):
        raise ArgumentTypeError(f"{op}: X must be a real numeric tensor, got dtype {x.dtype}")
    name = _ONNX_NAMES.get(x.dtype.name, x.dtype.name)
    if name not in _POOL_T[op]:
        raise ArgumentTypeError(f"Type Error: Type 'tensor({name})' of input parameter (X) of operator ({op}) in "
                                "node () is invalid.")
    if x.ndim < 3:
        raise ArgumentError(f"{op}: X must be (N, C, D1, ..., Dn) with at least one spatial axis, got shape "
                            f"{x.shape}")
    return x, (x.astype(np.float32) if x.dtype.name == "bfloat16" else x)


def _flag(value: Any, name: str, op: str) -> bool:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise ArgumentTypeError(f"{op}: attribute {name} must be an int, got {value!r}")
    return bool(value)  # onnxruntime reads any nonzero value as 1; the specification says no more


def _pool_windows(op: str, x: np.ndarray, auto_pad: str, ceil_mode: Any, dilations: Sequence[int] | None,
                  kernel_shape: Sequence[int] | None, pads: Sequence[int] | None, strides: Sequence[int] | None,
                  opset: int) -> tuple[PoolWindow, ...]:
    """One window per spatial axis, as the specification computes them.

    Explicit pads: ``floor`` (or, with ``ceil_mode``, ``ceil``) of ``(n + pads - dilation *
    (kernel - 1) - 1) / stride + 1``; from opset 22 a window that would start in the right
    padding is dropped (the sentence opset 22 added; opset 19-21: plain ceil). ``SAME_UPPER`` /
    ``SAME_LOWER``: ``ceil(n / stride)`` windows, the total padding ``(out - 1) * stride +
    dilation * (kernel - 1) + 1 - n`` split with the odd cell after / before; ``VALID``:
    ``floor((n - dilation * (kernel - 1) - 1) / stride) + 1``. With ``auto_pad`` the
    specification's ``ceil_mode`` formulas give the same sizes, so ``ceil_mode`` changes nothing.
    """
    if isinstance(opset, bool) or not isinstance(opset, int | np.integer) or opset < 19:
        raise ArgumentError(f"{op}: arraylens models opset 19 and later, got opset={opset!r}")
    nd = x.ndim - 2
    if kernel_shape is None:
        raise ArgumentError(f"{op}: Attribute 'kernel_shape' is expected based on ONNX specifications")
    if auto_pad not in AUTO_PADS:
        raise ArgumentError(f"{op}: auto_pad must be one of {', '.join(AUTO_PADS)}, got {auto_pad!r}")
    ceil = _flag(ceil_mode, "ceil_mode", op)
    k = _ints(kernel_shape, nd, 1, "kernel_shape", op)
    s = _ints(strides, nd, 1, "strides", op)
    d = _ints(dilations, nd, 1, "dilations", op)
    p = _ints(pads, 2 * nd, 0, "pads", op)
    if pads is not None and auto_pad != "NOTSET":
        raise ArgumentError(f"{op}: the pads attribute cannot be used simultaneously with auto_pad={auto_pad} "
                            "(the specification allows pads only with auto_pad NOTSET)")
    for name, values, low in (("kernel_shape", k, 1), ("strides", s, 1), ("dilations", d, 1), ("pads", p, 0)):
        if any(v < low for v in values):
            raise ArgumentError(f"{op}: {name} must be >= {low}, got {list(values)}")
    axes = []
    for i, n in enumerate(int(v) for v in x.shape[2:]):
        if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            w = PoolWindow(k[i], s[i], d[i], same_padding(n, k[i], s[i], d[i], auto_pad == "SAME_LOWER"))
        elif auto_pad == "VALID":
            w = PoolWindow(k[i], s[i], d[i])
        else:
            w = PoolWindow(k[i], s[i], d[i], (p[i], p[i + nd]), ceil,
                           "start_past_input" if opset >= 22 else "none")
        out = w.output_size(n)
        if out < 0:
            raise ArgumentError(f"{op}: the output would have {out} cells along spatial axis {i} (input {n}, "
                                f"kernel {k[i]}, dilation {d[i]}, stride {s[i]}): Calculated output dimension is "
                                "negative.")
        axes.append(w)
    return tuple(axes)


_POOL_PARAMS = """X : array_like
        ``(N, C, D1, ..., Dn)``, at least one spatial axis. Types: {types} (the type constraint
        T; bfloat16 as an ml_dtypes array).
    auto_pad : {{'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'}}
        ``NOTSET``: ``pads``; ``SAME_*``: ``ceil(n / stride)`` outputs, the odd padding cell after
        (UPPER) or before (LOWER); ``VALID``: no padding. ``pads`` with another value is refused.
    ceil_mode : int
        Round the output size up (explicit pads only).
    dilations, kernel_shape, pads, strides : sequence of int
        One per spatial axis (``pads``: begins then ends); ``kernel_shape`` is required. Pads of
        a kernel's size or more are allowed, as the specification allows them.
    opset : int
        22 (default) or 19-21: before opset 22 ``ceil_mode`` is a plain ceil; from 22 a window
        that would start in the right padding is dropped."""


@frontend("onnx.MaxPool")
def max_pool(X: Any, *, auto_pad: str = "NOTSET", ceil_mode: int = 0, dilations: Sequence[int] | None = None,
             kernel_shape: Sequence[int] | None = None, pads: Sequence[int] | None = None, storage_order: int = 0,
             strides: Sequence[int] | None = None, opset: int = 22) -> PoolPlan:
    """``MaxPool`` as the ONNX specification defines it, both outputs: ``(Y, Indices)``.

    Parameters
    ----------
    {params}
    storage_order : {{0, 1}}
        The encoding of ``Indices``: 0 row-major over the whole NCHW tensor,
        ``((n * C + c) * H + y) * W + x``; 1 the plane column-major, ``(n * C + c) * H * W + x * H
        + y``.

    Returns
    -------
    (Y, Indices) : tuple of ndarray
        ``Y`` of X's dtype; ``Indices`` int64. Padding never wins. The window's first input
        cell seeds the maximum and only a greater cell replaces it: ties go to the first cell in
        row-major order, and a NaN wins only as the window's first input cell (the specification
        says nothing of NaN; this is onnxruntime's CPU kernel, measured).

    Raises
    ------
    ValueError (ArgumentError)
        A negative output size, a window that covers only padding (the specification defines no
        maximum of no cell), a wrong attribute length, ``pads`` with ``auto_pad``.
    TypeError (ArgumentTypeError)
        A type outside T: "Type Error: Type 'tensor(int32)' of input parameter (X) of operator
        (MaxPool) in node () is invalid."
    """
    key = pool_key("onnx.MaxPool", X, auto_pad, ceil_mode, dilations, kernel_shape, pads, storage_order, strides,
                   opset)
    return pool_call(key, X, lambda: _max_pool_plan(X, auto_pad, ceil_mode, dilations, kernel_shape, pads,
                                                    storage_order, strides, opset))


def _max_pool_plan(X: Any, auto_pad: Any, ceil_mode: Any, dilations: Any, kernel_shape: Any, pads: Any,
                   storage_order: Any, strides: Any, opset: Any) -> PoolPlan:
    x, xc = _pool_x("MaxPool", X)
    if isinstance(storage_order, bool) or storage_order not in (0, 1):
        raise ArgumentError(f"MaxPool: storage_order must be 0 (row major) or 1 (column major), got {storage_order!r}")
    axes = _pool_windows("MaxPool", x, auto_pad, ceil_mode, dilations, kernel_shape, pads, strides, opset)
    for i, (w, n) in enumerate(zip(axes, x.shape[2:], strict=True)):
        _first, count = tap_table(w, int(n))
        empty = np.flatnonzero(count == 0)
        if empty.size and n > 0:
            raise ArgumentError(f"MaxPool: output {int(empty[0])} along spatial axis {i} covers no input cell (only "
                                "padding or the ceil extension): the specification defines no maximum of no cell")
    red = MaxReduction("leading", "nchw_column" if storage_order else "nchw")
    return PoolPlan("onnx.MaxPool", xc, PoolSpec(axes, red), AxisMap.channels_first(x.ndim), x.dtype,
                    return_indices=True, framework="onnx")


@frontend("onnx.AveragePool")
def average_pool(X: Any, *, auto_pad: str = "NOTSET", ceil_mode: int = 0, count_include_pad: int = 0,
                 dilations: Sequence[int] | None = None, kernel_shape: Sequence[int] | None = None,
                 pads: Sequence[int] | None = None, strides: Sequence[int] | None = None,
                 opset: int = 22) -> PoolPlan:
    """``AveragePool`` as the ONNX specification defines it.

    Parameters
    ----------
    {params}
    count_include_pad : int
        0 (default): divide by the window's cells inside X; 1: also count the padding cells
        (explicit or ``SAME_*``), not the ceil-mode cells beyond them (the specification counts
        "pad pixels"; onnxruntime agrees, measured).

    Returns
    -------
    ndarray of X's dtype (float16 and bfloat16 summed in float32, rounded once). A window of
    padding only averages to NaN with ``count_include_pad=0`` (0 / 0) and to 0 with 1.
    """
    key = pool_key("onnx.AveragePool", X, auto_pad, ceil_mode, count_include_pad, dilations, kernel_shape, pads,
                   strides, opset)
    return pool_call(key, X, lambda: _average_pool_plan(X, auto_pad, ceil_mode, count_include_pad, dilations,
                                                        kernel_shape, pads, strides, opset))


def _average_pool_plan(X: Any, auto_pad: Any, ceil_mode: Any, count_include_pad: Any, dilations: Any,
                       kernel_shape: Any, pads: Any, strides: Any, opset: Any) -> PoolPlan:
    x, xc = _pool_x("AveragePool", X)
    cip = _flag(count_include_pad, "count_include_pad", "AveragePool")
    axes = _pool_windows("AveragePool", x, auto_pad, ceil_mode, dilations, kernel_shape, pads, strides, opset)
    return PoolPlan("onnx.AveragePool", xc, PoolSpec(axes, MeanReduction("padded" if cip else "valid")),
                    AxisMap.channels_first(x.ndim), x.dtype, framework="onnx")


@frontend("onnx.LpPool")
def lp_pool(X: Any, *, auto_pad: str = "NOTSET", ceil_mode: int = 0, dilations: Sequence[int] | None = None,
            kernel_shape: Sequence[int] | None = None, p: int = 2, pads: Sequence[int] | None = None,
            strides: Sequence[int] | None = None, opset: int = 22) -> PoolPlan:
    """``LpPool`` as the ONNX specification defines it: ``(sum over the window of |x|^p)^(1/p)``.

    Parameters
    ----------
    {params}
    p : int
        The norm's exponent (an int attribute; 0 is refused: the L0 "norm" has no ``1/p``).

    Returns
    -------
    ndarray of X's dtype (computed in float32 for float16/bfloat16). Padding adds 0. The
    window rule is MaxPool's (the ONNX reference implementation and onnxruntime drop a window
    starting in the right padding at opset 22 too, though LpPool's text does not say so).
    """
    key = pool_key("onnx.LpPool", X, auto_pad, ceil_mode, dilations, kernel_shape, p, pads, strides, opset)
    return pool_call(key, X, lambda: _lp_pool_plan(X, auto_pad, ceil_mode, dilations, kernel_shape, p, pads, strides,
                                                   opset))


def _lp_pool_plan(X: Any, auto_pad: Any, ceil_mode: Any, dilations: Any, kernel_shape: Any, p: Any, pads: Any,
                  strides: Any, opset: Any) -> PoolPlan:
    x, xc = _pool_x("LpPool", X)
    if isinstance(p, bool) or not isinstance(p, int | np.integer):
        raise ArgumentTypeError(f"LpPool: attribute p must be an int, got {p!r}")
    if p == 0:
        raise ArgumentError("LpPool: p must not be 0 (the L0 norm has no 1/p root; onnxruntime returns inf)")
    axes = _pool_windows("LpPool", x, auto_pad, ceil_mode, dilations, kernel_shape, pads, strides, opset)
    return PoolPlan("onnx.LpPool", xc, PoolSpec(axes, LpReduction(int(p), "norm")), AxisMap.channels_first(x.ndim),
                    x.dtype, framework="onnx")


def _global_axes(op: str, x: np.ndarray) -> tuple[AdaptiveWindows, ...]:
    if any(int(n) < 1 for n in x.shape[2:]):
        raise ArgumentError(f"{op}: X's spatial dimensions must be >= 1, got shape {x.shape}")
    return tuple(AdaptiveWindows(int(n), (0,), (int(n),)) for n in x.shape[2:])


@frontend("onnx.GlobalAveragePool")
def global_average_pool(X: Any) -> PoolPlan:
    """``GlobalAveragePool``: the mean over all spatial axes, ``(N, C, 1, ..., 1)``.

    Parameters
    ----------
    X : array_like
        ``(N, C, D1, ..., Dn)``; bfloat16, float16, float32 or float64.

    Returns
    -------
    ndarray of X's dtype (float16/bfloat16 summed in float32).
    """
    return pool_call(pool_key("onnx.GlobalAveragePool", X), X, lambda: _global_average_plan(X))


def _global_average_plan(X: Any) -> PoolPlan:
    x, xc = _pool_x("GlobalAveragePool", X)
    return PoolPlan("onnx.GlobalAveragePool", xc, PoolSpec(_global_axes("GlobalAveragePool", x),
                                                           MeanReduction("valid")),
                    AxisMap.channels_first(x.ndim), x.dtype, framework="onnx")


@frontend("onnx.GlobalMaxPool")
def global_max_pool(X: Any) -> PoolPlan:
    """``GlobalMaxPool``: the maximum over all spatial axes, ``(N, C, 1, ..., 1)``.

    Parameters
    ----------
    X : array_like
        ``(N, C, D1, ..., Dn)``; bfloat16, float16, float32 or float64.

    Returns
    -------
    ndarray of X's dtype. NaN never wins and the maximum starts at the dtype's lowest finite
    value (a plane of -inf gives -3.4028235e+38 in float32): onnxruntime's CPU kernel,
    measured (the specification says nothing of NaN or -inf).
    """
    return pool_call(pool_key("onnx.GlobalMaxPool", X), X, lambda: _global_max_plan(X))


def _global_max_plan(X: Any) -> PoolPlan:
    x, xc = _pool_x("GlobalMaxPool", X)
    red = MaxReduction("ignore", "nchw", finite_floor=x.dtype.kind == "f")
    return PoolPlan("onnx.GlobalMaxPool", xc, PoolSpec(_global_axes("GlobalMaxPool", x), red),
                    AxisMap.channels_first(x.ndim), x.dtype, framework="onnx")


for _fn in (max_pool, average_pool, lp_pool):
    _types = ", ".join(_POOL_T[_fn.name.removeprefix("onnx.")])
    _fn.__doc__ = (_fn.__doc__ or "").replace("{params}", _POOL_PARAMS.format(types=_types)).replace(
        "{{", "{").replace("}}", "}")


def _pool_register() -> None:
    common = (
        Option("--input", "X", "X (.npy/.npz/.csv), (N, C, D1, ..., Dn).", kind="array", required=True, what="X"),
    )
    window = (
        Option("--kernel-shape", "kernel_shape", "Kernel per spatial axis: k1,k2,...", required=True,
               parse=_int_list("--kernel-shape")),
        Option("--strides", "strides", "Strides per spatial axis.", parse=_int_list("--strides")),
        Option("--pads", "pads", "Pads: begins then ends.", parse=_int_list("--pads")),
        Option("--dilations", "dilations", "Dilations per spatial axis.", parse=_int_list("--dilations")),
        Option("--auto-pad", "auto_pad", "NOTSET, SAME_UPPER, SAME_LOWER or VALID.", default="NOTSET",
               show_default=True, choices=AUTO_PADS),
        Option("--ceil-mode", "ceil_mode", "0 or 1.", kind="int", default=0, show_default=True),
        Option("--opset", "opset", "Opset (19 or later).", kind="int", default=22, show_default=True),
    )
    extra = {
        max_pool: (Option("--storage-order", "storage_order", "0 row major, 1 column major.", kind="int",
                          default=0, show_default=True),),
        average_pool: (Option("--count-include-pad", "count_include_pad", "0 or 1.", kind="int", default=0,
                              show_default=True),),
        lp_pool: (Option("--p", "p", "The norm's exponent.", kind="int", default=2, show_default=True),),
    }
    for fn in (max_pool, average_pool, lp_pool, global_average_pool, global_max_pool):
        options = common + (window + extra[fn] if fn in extra else ())
        register(Entry(fn.name, fn, "onnx", figure="pooling", cli=Cli(options, help=(
            f"Explain one output element of {fn.name} (the specification, opset 22): its window, the winner or "
            "the divisor."), at_help="Output index N,C,D1,..., comma-separated.", result="shape")))


_pool_register()
__all__ += ["average_pool", "global_average_pool",
            "global_max_pool", "lp_pool", "max_pool"]

# ----------------------------------------------------------------------------------------------
# Resize (opset 19+)
# ----------------------------------------------------------------------------------------------

from fractions import Fraction  # noqa: E402

from arraylens.frontends._resize import float_list as _float_list  # noqa: E402
from arraylens.ops.resize.plan import ResizePlan  # noqa: E402
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec, round_half_up  # noqa: E402

_RESIZE_MODES = ("nearest", "linear", "cubic")
_COORDINATE_MODES = ("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
                     "tf_crop_and_resize")
#: Removed from the specification in opset 13, still run by onnxruntime (with a deprecation warning):
#: accepted under ``runtime='onnxruntime'`` only.
_ONNXRUNTIME_ONLY_COORDINATE_MODES = ("tf_half_pixel_for_nn",)
_NEAREST_MODES = ("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")
_ASPECT_POLICIES = ("stretch", "not_larger", "not_smaller")

# Where onnxruntime's Resize departs from the specification: the Resize notes of RUNTIME_NOTES
# (frontends/onnx_runtime_notes.py); ``runtime='onnxruntime'`` reproduces onnxruntime.


def _onnxruntime_output_size(n: int, scale: Any) -> int:
    """onnxruntime 1.32's output size from a scale (``ComputeOutputShape``):
    ``static_cast<int64_t>(scales[i] * input_dims[i])``, the product in float32 and truncated
    (15 * 1.6666666 is 24.999999, float32 25; the specification's floor gives 24). A
    tf_crop_and_resize roi does not shrink it. A product past float32's range is taken in double:
    a size no memory holds, which the memory check refuses (not ``int(inf)``'s OverflowError)."""
    with np.errstate(over="ignore"):
        v = np.float32(np.float32(scale) * np.float32(n))
    return int(v) if np.isfinite(v) else int(float(np.float32(scale)) * n)


def _resize_list(value: Any, what: str) -> list[Any] | None:
    if value is None:
        return None
    arr = np.asarray(value)
    if arr.size == 0:
        return None
    if arr.ndim != 1:
        raise ArgumentError(f"Resize: {what} must be a 1-D tensor, got shape {arr.shape}")
    return arr.tolist()


@frontend("onnx.Resize")
def resize(X: Any, roi: Any = None, scales: Any = None, sizes: Any = None, *, mode: str = "nearest",
           coordinate_transformation_mode: str = "half_pixel", nearest_mode: str = "round_prefer_floor",
           cubic_coeff_a: float = -0.75, exclude_outside: int = 0, extrapolation_value: float = 0.0,
           antialias: int = 0, axes: Sequence[int] | None = None, keep_aspect_ratio_policy: str = "stretch",
           runtime: str = "spec") -> ResizePlan:
    """``Resize`` as the ONNX specification defines it (opset 19 and later).

    Parameters
    ----------
    X : array_like
        Any rank, any numeric type.
    roi : sequence of float, optional
        ``[start1, ..., startN, end1, ..., endN]`` (normalised) for ``tf_crop_and_resize``.
    scales : sequence of float, optional
        One per resized axis (float32, as the tensor holds them); the output size is
        ``floor(in * scale)`` (``floor(in * (end - start) * scale)`` for tf_crop_and_resize) and
        the coordinates use the scale itself.
    sizes : sequence of int, optional
        The output sizes (exactly one of ``scales`` and ``sizes``), interpreted by
        ``keep_aspect_ratio_policy`` (``not_larger``/``not_smaller``: one common scale,
        ``round_int(scale * in)``).
    mode : {'nearest', 'linear', 'cubic'}
    coordinate_transformation_mode : str
        'half_pixel', 'half_pixel_symmetric', 'pytorch_half_pixel', 'align_corners',
        'asymmetric' or 'tf_crop_and_resize'; under ``runtime='onnxruntime'`` also
        'tf_half_pixel_for_nn' (``x_original = (x_resized + 0.5) / scale``, float32, for every
        mode and nearest_mode as given): the specification removed it in opset 13, so the
        ``spec`` runtime refuses it, but onnxruntime 1.32 still runs it at opset 19 (with a
        deprecation warning), copying an axis whose scale is 1 (measured); its picks and values
        equal onnxruntime's on every size pair 1..32 (measured).
    nearest_mode : {'round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'}
    cubic_coeff_a : float
    exclude_outside : int
        1: taps outside the input weigh 0, the others are renormalised.
    extrapolation_value : float
        tf_crop_and_resize's value where ``x_original`` is outside ``[0, in - 1]``.
    antialias : int
        1: linear and cubic stretch the filter by ``1 / scale`` when downsampling.
    axes : sequence of int, optional
        The axes ``roi``, ``scales`` and ``sizes`` refer to (negative counts from the end).
    keep_aspect_ratio_policy : {'stretch', 'not_larger', 'not_smaller'}
    runtime : {'spec', 'onnxruntime'}
        ``spec``: the specification's exact arithmetic; ``onnxruntime``: onnxruntime 1.32's
        float32 ``x / scale`` (``half_pixel_symmetric``: float32 offset plus a double
        ``(x + 0.5) / scale - 0.5``, rounded to float), ``round_prefer_floor`` /
        ``round_prefer_ceil`` taking a fraction within 1e-6 of 1/2 as a half
        (:func:`arraylens.ops.resize.spec.onnxruntime_coordinates`), the output size from
        ``scales`` as a float32 product truncated (15 * 1.6666666 gives 25), a copy of the input
        when the output shape is the input's, and its other departures (:data:`RUNTIME_NOTES`).
        Nearest picks equal onnxruntime's on every size pair 1..64 and every coordinate rule and
        nearest_mode (measured).

    Returns
    -------
    ndarray of ``X``'s dtype. Integer results of linear and cubic are truncated toward zero (as
    the specification's reference and onnxruntime do) and clipped to the dtype's range.

    Raises
    ------
    ValueError
        For an unknown attribute value (``tf_half_pixel_for_nn`` under ``runtime='spec'``), both or
        neither of scales and sizes, a wrong number of values, a non-positive scale, an axis out of
        range or repeated, an empty axis given a non-zero output size (onnxruntime's message; an
        empty axis otherwise stays empty, as the specification's floor(0 * scale) = 0 says).
    """
    if runtime not in ("spec", "onnxruntime"):
        raise ArgumentError(f"Resize: runtime {runtime!r} is not 'spec' or 'onnxruntime'")
    if coordinate_transformation_mode in _ONNXRUNTIME_ONLY_COORDINATE_MODES and runtime == "spec":
        raise ArgumentError(f"Resize: coordinate_transformation_mode {coordinate_transformation_mode!r} is not one of "
                            f"{', '.join(_COORDINATE_MODES)} (the specification removed it in opset 13; "
                            "onnxruntime still runs it: runtime='onnxruntime')")
    coordinate_modes = _COORDINATE_MODES + (_ONNXRUNTIME_ONLY_COORDINATE_MODES if runtime == "onnxruntime" else ())
    for name, value, allowed in (("mode", mode, _RESIZE_MODES),
                                 ("coordinate_transformation_mode", coordinate_transformation_mode, coordinate_modes),
                                 ("nearest_mode", nearest_mode, _NEAREST_MODES),
                                 ("keep_aspect_ratio_policy", keep_aspect_ratio_policy, _ASPECT_POLICIES)):
        if value not in allowed:
            raise ArgumentError(f"Resize: {name} {value!r} is not one of {', '.join(allowed)}")
    x = native_byte_order(np.asarray(X))
    if x.dtype.kind not in "iuf":
        raise ArgumentTypeError(f"Resize: arraylens resizes integer and float tensors, got {x.dtype}")
    r = x.ndim
    if axes is None:
        axis_list = list(range(r))
    else:
        axis_list = []
        for axis in axes:
            a = int(axis)
            if not -r <= a < r:
                raise ArgumentError(f"Resize: axis {a} is out of range [{-r}, {r - 1}]")
            a = a + r if a < 0 else a
            if a in axis_list:
                raise ArgumentError(f"Resize: axis {a} is listed more than once")
            axis_list.append(a)
    k = len(axis_list)
    scale_list = _resize_list(scales, "scales")
    size_list = _resize_list(sizes, "sizes")
    if scale_list is not None and size_list is not None:
        raise ArgumentError("Resize: only one of 'scales' and 'sizes' can be specified")
    if scale_list is None and size_list is None:
        raise ArgumentError("Resize: one of 'scales' and 'sizes' must be specified")
    given = scale_list if scale_list is not None else size_list
    assert given is not None
    if len(given) != k:
        raise ArgumentError(f"Resize: {'scales' if scale_list is not None else 'sizes'} has {len(given)} values for "
                            f"{k} axes")
    crop = coordinate_transformation_mode == "tf_crop_and_resize"
    roi_list = _resize_list(roi, "roi") if crop else None
    if roi_list is None:
        bounds = [(Fraction(0), Fraction(1))] * k
    else:
        if len(roi_list) != 2 * k:
            raise ArgumentError(f"Resize: roi has {len(roi_list)} values, expected 2 * {k}")
        if not all(math.isfinite(float(np.float32(v))) for v in roi_list):
            raise ArgumentError(f"Resize: roi must hold finite numbers, got {roi_list}")
        bounds = [(Fraction(float(np.float32(roi_list[i]))), Fraction(float(np.float32(roi_list[k + i]))))
                  for i in range(k)]
    ins = [x.shape[a] for a in axis_list]
    outs: list[int] = []
    coord_scales: list[Fraction] = []
    widths: list[Fraction | None] = []
    if scale_list is not None:
        for n, s, (lo, hi) in zip(ins, scale_list, bounds, strict=True):
            if not math.isfinite(float(np.float32(s))):
                raise ArgumentError(f"Resize: scales must be positive finite numbers, got {s}")
            f = Fraction(float(np.float32(s)))
            if not f > 0:
                raise ArgumentError(f"Resize: scales must be positive, got {s}")
            if runtime == "onnxruntime":
                outs.append(_onnxruntime_output_size(n, s))
            else:
                extent = hi - lo if crop else Fraction(1)
                outs.append(int(n * extent * f // 1))
            coord_scales.append(f)
            widths.append(n * f)
    else:
        requested = [int(v) for v in size_list or []]
        if any(v < 0 for v in requested):
            raise ArgumentError(f"Resize: sizes must be non-negative, got {requested}")
        if keep_aspect_ratio_policy == "stretch":
            outs = requested
            coord_scales = [Fraction(m, n) if n else Fraction(1) for n, m in zip(ins, outs, strict=True)]
        else:
            if any(n == 0 for n in ins):
                raise ArgumentError(f"Resize: cannot keep the aspect ratio of an empty axis (input shape {x.shape})")
            ratios = [Fraction(m, n) for n, m in zip(ins, requested, strict=True)]
            common = min(ratios) if keep_aspect_ratio_policy == "not_larger" else max(ratios)
            outs = [round_half_up(common * n) for n in ins]
            coord_scales = [common] * k
        widths = [None] * k
    # the specification's output size of an empty axis is floor(0 * scale) = 0: it stays empty and is not
    # resized (onnxruntime 1.32 too); one asked to grow (sizes) is refused in onnxruntime's words
    if any(n == 0 and m != 0 for n, m in zip(ins, outs, strict=True)):
        raise ArgumentError("Resize: Input dim is zero but required output dim is non-zero. Cannot scale 0 by any "
                            f"factor to generate a non-zero value. (input shape {x.shape}, output sizes {outs})")
    keep = [i for i, n in enumerate(ins) if n != 0]
    if len(keep) < k:
        axis_list, ins, outs = [axis_list[i] for i in keep], [ins[i] for i in keep], [outs[i] for i in keep]
        coord_scales, bounds = [coord_scales[i] for i in keep], [bounds[i] for i in keep]
        widths, k = [widths[i] for i in keep], len(keep)
    rules = []
    # onnxruntime copies the input when the output shape is the input's (whatever the mode and scales)
    copy_all = runtime == "onnxruntime" and list(ins) == list(outs)
    for n, m, s, b, w in zip(ins, outs, coord_scales, bounds, widths, strict=True):
        if s == 0:
            s = Fraction(1, n)
        if copy_all or (crop and runtime == "onnxruntime" and n == m):  # onnxruntime copies an unchanged axis
            rules.append(AxisResize.of(n, m, "asymmetric", 1))
            continue
        if coordinate_transformation_mode == "tf_half_pixel_for_nn" and s == 1:
            # onnxruntime copies an axis of scale 1 (measured), where the rule would read x + 0.5
            rules.append(AxisResize.of(n, m, "asymmetric", 1))
            continue
        rules.append(AxisResize.of(n, m, coordinate_transformation_mode, s, b, w))
    aa = bool(antialias) and mode != "nearest"
    if mode == "nearest":
        filt = Filter("nearest", rounding=nearest_mode)
    elif mode == "linear":
        filt = Filter("linear", antialias=aa)
    else:
        filt = Filter("cubic", cubic_a=float(cubic_coeff_a), antialias=aa)
    boundary = "exclude" if exclude_outside else "clamp"
    precision = Precision("exact") if runtime == "spec" else Precision("float32", "divide", runtime="onnxruntime")
    order = sorted(range(k), key=lambda i: axis_list[i])
    spec = ResizeSpec(tuple(axis_list[i] for i in order), tuple(rules[i] for i in order), filt, boundary,
                      float(extrapolation_value) if crop else None, precision)
    compute = np.float64 if x.dtype == np.float64 else np.float32
    finish = None
    if x.dtype.kind in "iu" and mode != "nearest":
        info = np.iinfo(x.dtype)
        dtype = x.dtype

        def finish(y: np.ndarray) -> np.ndarray:
            return np.clip(np.trunc(y), info.min, info.max).astype(dtype)
    label = f"{mode}, {coordinate_transformation_mode}" + (f", {nearest_mode}" if mode == "nearest" else "") + (
        ", antialias" if aa else "") + (", exclude_outside" if exclude_outside else "")
    notes = []
    if runtime == "onnxruntime":
        notes.append("runtime='onnxruntime': float32 x_resized / scale, as onnxruntime 1.32 computes it (a nearest "
                     "x_src within 1e-6 of a half counts as a half; an output of the input's shape is a copy); the "
                     "specification's exact arithmetic can pick a different nearest pixel")
    return ResizePlan("onnx.Resize", x, spec, x.dtype, compute, label, finish=finish, notes=notes)


__all__ += ["resize"]

register(Entry(resize.name, resize, "onnx", figure="sampling_grid", cli=Cli((
    Option("--input", "X", "The tensor (.npy, .npz or .csv).", kind="array", required=True, what="input",
           positional=True),
    Option("--scales", "scales", "One scale per resized axis, comma-separated.",
           parse=_float_list("--scales")),
    Option("--sizes", "sizes", "One size per resized axis, comma-separated.", parse=ints("--sizes")),
    Option("--roi", "roi", "starts then ends (tf_crop_and_resize).", parse=_float_list("--roi")),
    Option("--mode", "mode", "Interpolation mode.", default="nearest", show_default=True, choices=_RESIZE_MODES),
    Option("--coordinate-transformation-mode", "coordinate_transformation_mode", "Coordinate rule.",
           default="half_pixel", show_default=True,
           choices=_COORDINATE_MODES + _ONNXRUNTIME_ONLY_COORDINATE_MODES),
    Option("--nearest-mode", "nearest_mode", "Rounding of nearest.", default="round_prefer_floor",
           show_default=True, choices=_NEAREST_MODES),
    Option("--cubic-coeff-a", "cubic_coeff_a", "Cubic coefficient a.", default=-0.75, parse=float),
    Option("--exclude-outside", "exclude_outside", "0 or 1.", default=0, kind="int"),
    Option("--extrapolation-value", "extrapolation_value", "tf_crop_and_resize's outside value.", default=0.0,
           parse=float),
    Option("--antialias", "antialias", "0 or 1.", default=0, kind="int"),
    Option("--axes", "axes", "The resized axes (default: all).", parse=ints("--axes")),
    Option("--keep-aspect-ratio-policy", "keep_aspect_ratio_policy", "With sizes.", default="stretch",
           choices=_ASPECT_POLICIES),
    Option("--runtime", "runtime", "spec or onnxruntime arithmetic.", default="spec", choices=("spec", "onnxruntime")),
), help="Explain one output element of ONNX Resize: its source coordinate, input elements and weights, and what the "
        "other libraries give there.", result="shape")))
