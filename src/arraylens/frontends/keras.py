"""Keras 3's transposed convolution layers: ``keras.layers.Conv1DTranspose/2D/3D``.

The functions take the layer's arguments plus its weights (``kernel`` of shape
``(*kernel_size, filters, in_channels)`` and an optional ``bias`` of shape ``(filters,)``) and
compute what the layer's ``call`` returns with the TensorFlow backend (what ``tensorflow-cpu``
installs): Keras first computes an output shape with its own rule, then calls
``tf.nn.conv_transpose`` with it. So ``output_padding=None`` and ``output_padding=0`` differ:

* ``padding='valid'``: ``None`` gives ``(in-1)*stride + max(k, stride)``; an int ``p`` gives
  ``(in-1)*stride + k + p``;
* ``padding='same'``: ``None`` gives ``in*stride``; ``p`` gives ``(in-1)*stride + k % 2 + p``,

with ``k = dilation*(kernel-1) + 1``. The output shape then goes through
:mod:`arraylens.tensorflow`'s plan (TensorFlow's SAME split and its ``output_shape`` check), so
this module only translates arguments.

Source of the semantics: ``keras.src.layers.convolutional.base_conv_transpose`` and
``keras.src.backend.common.backend_utils.compute_conv_transpose_output_shape`` of Keras 3.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.registry import Cli, Entry, Option, TranslateRule, int_or_ints, register
from arraylens.core.text import format_position
from arraylens.frontends import tensorflow as tf_frontend
from arraylens.frontends._conv_layouts import data_format_for
from arraylens.frontends._dtypes import is_keras_float, keras_autocast
from arraylens.ops.conv.plan import ConvTransposePlan

__all__ = ["conv1d_transpose", "conv2d_transpose", "conv3d_transpose", "keras_output_size"]

IntOrInts = int | Sequence[int]


def _tuple(value: Any, nd: int, name: str, allow_zero: bool = False) -> tuple[int, ...]:
    """Keras's ``standardize_tuple``: an int or ``nd`` ints, each > 0 (>= 0 if allow_zero)."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        values = (int(value),) * nd
    else:
        try:
            values = tuple(operator.index(v) for v in value)
        except TypeError:
            raise ArgumentError(
                f"The `{name}` argument must be a tuple of {nd} integers. Received {name}={value!r}"
            ) from None
        if len(values) != nd:
            raise ArgumentError(
                f"The `{name}` argument must be a tuple of {nd} integers. Received {name}={value!r}"
            )
    bad = [v for v in values if (v < 0 if allow_zero else v <= 0)]
    if bad:
        rule = ">= 0" if allow_zero else "> 0"
        raise ArgumentError(
            f"The `{name}` argument must be a tuple of {nd} integers. Received {name}={value!r}, "
            f"including values {set(bad)} that do not satisfy `value {rule}`"
        )
    return values


def keras_output_size(
    in_size: int, kernel: int, stride: int, padding: str, output_padding: int | None, dilation: int
) -> int:
    """Keras's ``_get_output_shape_given_tf_padding`` for one spatial axis."""
    k = (kernel - 1) * dilation + 1
    if padding == "valid":
        op = max(k, stride) - k if output_padding is None else output_padding
        return (in_size - 1) * stride + k + op
    if output_padding is None:
        return in_size * stride
    return (in_size - 1) * stride + k % 2 + output_padding


def _plan(
    nd: int,
    inputs: Any,
    kernel: Any,
    bias: Any,
    strides: IntOrInts,
    padding: str,
    output_padding: IntOrInts | None,
    data_format: str,
    dilation_rate: IntOrInts,
) -> ConvTransposePlan:
    layer = f"Conv{nd}DTranspose"
    given = getattr(inputs, "dtype", None)
    x = as_real_array(inputs, "inputs")
    k = as_real_array(kernel, "kernel")
    if given is not None and np.dtype(given).kind in "iub":  # Keras autocasts floating inputs only
        raise ArgumentTypeError(
            f"Incompatible type conversion requested to type {np.dtype(given)} for the kernel variable of type "
            f"{k.dtype} (Keras casts only floating-point inputs to the layer's dtype; cast the inputs first)"
        )
    if data_format not in ("channels_last", "channels_first"):
        raise ArgumentError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}"
        )
    if not isinstance(padding, str) or padding.lower() not in ("valid", "same"):
        raise ArgumentError(
            "The `padding` argument must be a list/tuple or one of {'same', 'valid'}. "
            f"Received: {padding}"
        )
    pad = padding.lower()
    stride = _tuple(strides, nd, "strides")
    dilation = _tuple(dilation_rate, nd, "dilation_rate")
    out_pad = None if output_padding is None else _tuple(output_padding, nd, "output_padding", True)
    if out_pad is not None:
        for i, (op, s) in enumerate(zip(out_pad, stride, strict=True)):
            if op >= s:
                raise ArgumentError(
                    "`output_padding` must be strictly less than `strides` for all dimensions. "
                    f"At dimension {i}, `output_padding` is {op} but `strides` is {s}. "
                    f"Received: output_padding={out_pad}, strides={stride}"
                )
    if max(stride) > 1 and max(dilation) > 1:
        raise ArgumentError(
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
            f"Received: strides={stride} and dilation_rate={dilation}"
        )
    if x.ndim != nd + 2:
        raise ArgumentError(
            f"Input 0 of layer '{layer}' is incompatible with the layer: expected "
            f"min_ndim={nd + 2}, found ndim={x.ndim}. Full shape received: {x.shape}"
        )
    if k.ndim != nd + 2:
        raise ArgumentError(
            f"{layer}: kernel must have shape (*kernel_size, filters, in_channels) with "
            f"{nd + 2} dimensions, got {k.shape}"
        )
    if any(v == 0 for v in k.shape[:nd]):
        raise ArgumentError(
            f"The argument `kernel_size` cannot contain 0. Received kernel_size={k.shape[:nd]}."
        )
    channels_first = data_format == "channels_first"
    c_in = x.shape[1] if channels_first else x.shape[-1]
    if k.shape[-1] != c_in:
        raise ArgumentError(
            f"{layer}: the kernel's last dimension (in_channels) is {k.shape[-1]} but the "
            f"input has {c_in} channels (data_format={data_format})"
        )
    filters = k.shape[-2]
    if filters <= 0:
        raise ArgumentError(
            "Invalid value for argument `filters`. Expected a strictly positive value. "
            f"Received filters={filters}."
        )
    b = None
    if bias is not None:
        b = as_real_array(bias, "bias")
        if b.shape != (filters,):
            raise ArgumentError(f"{layer}: bias must have shape ({filters},), got {b.shape}")
    spatial = x.shape[2:] if channels_first else x.shape[1:-1]
    sizes = [
        keras_output_size(
            spatial[a],
            k.shape[a],
            stride[a],
            pad,
            None if out_pad is None else out_pad[a],
            dilation[a],
        )
        for a in range(nd)
    ]
    out_shape = [x.shape[0], filters, *sizes] if channels_first else [x.shape[0], *sizes, filters]
    tf_format = data_format_for(nd, channels_first)
    try:
        plan = tf_frontend.conv_transpose_plan(  # the result comes after the bias is set
            x, k, out_shape, list(stride), pad.upper(), tf_format, list(dilation), small_result=False
        )
    except ValueError as exc:
        raise ArgumentError(
            f"{layer}: Keras computes output shape {out_shape} (padding={pad!r}, "
            f"output_padding={out_pad}) and TensorFlow rejects it: {exc}"
        ) from None
    rule = (
        "output_padding=None: valid gives (in-1)*stride + max(k, stride), same gives in*stride"
        if out_pad is None
        else f"output_padding={out_pad}: valid gives (in-1)*stride + k + output_padding, same "
        "gives (in-1)*stride + k % 2 + output_padding"
    )
    notes = [
        f"Keras computes the output size first ({rule}, k = dilation*(kernel-1) + 1): "
        f"{format_position(sizes)}; then tf.nn.conv_transpose with padding={pad.upper()} crops the full result.",
        *plan.notes,
    ]
    return dataclasses.replace(
        plan,
        op=f"keras.layers.{layer}",
        layouts=dataclasses.replace(plan.layouts, names=("inputs", "kernel", "outputs")),
        bias=b,
        notes=notes,
    )


_DOC = """Output of ``keras.layers.Conv{nd}DTranspose`` (TensorFlow backend) with the given weights.

Parameters
----------
inputs : array_like, shape (N, {sp}, C_in) (channels_last) or (N, C_in, {sp})
kernel : array_like, shape ({k}, filters, C_in)
    The layer's ``kernel`` weight.
bias : array_like, shape (filters,), optional
    The layer's ``bias`` weight (``use_bias=True``).
strides, dilation_rate : int or tuple of {nd} ints, each > 0
    Keras refuses ``strides > 1`` together with ``dilation_rate > 1``.
padding : {{'valid', 'same'}}
output_padding : None, int or tuple of {nd} ints
    ``None`` and ``0`` give different sizes (see the module notes); each value must be
    smaller than the stride.
data_format : {{'channels_last', 'channels_first'}}

Returns
-------
ndarray, shape (N, {sp_out}, filters) or (N, filters, {sp_out})

Raises
------
ValueError
    With Keras's wording where it has one: bad padding, strides, dilation_rate or
    output_padding; ``strides > 1`` with ``dilation_rate > 1``; wrong input rank or channels;
    and when TensorFlow rejects the output shape Keras computed (e.g. ``padding='same'``,
    an even kernel and ``output_padding=0``).
TypeError
    For complex or non-numeric arrays.

Notes
-----
TensorFlow's CPU kernels refuse ``dilation_rate > 1`` and ``channels_first`` in a transposed
convolution at run time; arraylens computes the result Keras defines there.
Source: Keras 3 ``Conv{nd}DTranspose`` with the TensorFlow backend.
"""
_SP = {
    1: ("W", "kW", "W_out"),
    2: ("H, W", "kH, kW", "H_out, W_out"),
    3: ("D, H, W", "kD, kH, kW", "D_out, H_out, W_out"),
}


@frontend("keras.layers.Conv1DTranspose")
def conv1d_transpose(
    inputs: Any,
    kernel: Any,
    bias: Any = None,
    strides: IntOrInts = 1,
    padding: str = "valid",
    output_padding: IntOrInts | None = None,
    data_format: str = "channels_last",
    dilation_rate: IntOrInts = 1,
) -> ConvTransposePlan:
    return _plan(
        1, inputs, kernel, bias, strides, padding, output_padding, data_format, dilation_rate
    )


@frontend("keras.layers.Conv2DTranspose")
def conv2d_transpose(
    inputs: Any,
    kernel: Any,
    bias: Any = None,
    strides: IntOrInts = 1,
    padding: str = "valid",
    output_padding: IntOrInts | None = None,
    data_format: str = "channels_last",
    dilation_rate: IntOrInts = 1,
) -> ConvTransposePlan:
    return _plan(
        2, inputs, kernel, bias, strides, padding, output_padding, data_format, dilation_rate
    )


@frontend("keras.layers.Conv3DTranspose")
def conv3d_transpose(
    inputs: Any,
    kernel: Any,
    bias: Any = None,
    strides: IntOrInts = 1,
    padding: str = "valid",
    output_padding: IntOrInts | None = None,
    data_format: str = "channels_last",
    dilation_rate: IntOrInts = 1,
) -> ConvTransposePlan:
    return _plan(
        3, inputs, kernel, bias, strides, padding, output_padding, data_format, dilation_rate
    )


for _nd, _f in ((1, conv1d_transpose), (2, conv2d_transpose), (3, conv3d_transpose)):
    _sp, _k, _sp_out = _SP[_nd]
    _f.__doc__ = _f.build_plan.__doc__ = _DOC.format(nd=_nd, sp=_sp, k=_k, sp_out=_sp_out)


# ----------------------------------------------------------------------------------------------
# Registry: the CLI's arguments and translate's inverse rule, beside the forward rules above.
# ----------------------------------------------------------------------------------------------


def _translate_candidates(ref: ConvTransposePlan) -> Iterator[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]:
    """The inverse rule: 'valid' or 'same' with each ``output_padding`` (None first); the full
    result and a slice afterwards last."""
    s, crop = ref.spec.stride, ref.spec.crop
    base = {"strides": tuple(s), "dilation_rate": tuple(ref.spec.dilation)}
    ops: list[Any] = [None, *itertools.product(*(range(ss) for ss in s))]
    for padding in ("valid", "same"):
        for op in ops:
            yield {**base, "padding": padding, "output_padding": op}, ((0, 0),) * ref.spec.ndim
    yield {**base, "padding": "valid", "output_padding": 0}, crop


def _translate_snippet(a: dict[str, Any], nd: int, has_bias: bool) -> list[str]:
    return [
        "import keras",
        f"layer = keras.layers.Conv{nd}DTranspose(filters=wt.shape[-2], "
        f"kernel_size=wt.shape[:{nd}], strides={a['strides']}, padding={a['padding']!r}, "
        f"output_padding={a['output_padding']!r}, "
        f"dilation_rate={a['dilation_rate']}, use_bias={has_bias}, dtype=str(xt.dtype))",
        "layer.build(xt.shape)",
        f"layer.set_weights([wt{', b' if has_bias else ''}])",
        "y = np.asarray(layer(xt))",
    ]


def _translate_refuse(ref: ConvTransposePlan) -> str:
    if max(ref.spec.stride) > 1 and max(ref.spec.dilation) > 1:
        return (
            "Keras refuses strides > 1 together with dilation_rate > 1 "
            f"(strides {ref.spec.stride}, dilation {ref.spec.dilation})"
        )
    return ""


def _parse_output_padding(text: str) -> IntOrInts | None:
    return None if text.lower() == "none" else int_or_ints("--output-padding")(text)


def _register() -> None:
    rule = TranslateRule("inputs", "kernel", "bias", _translate_candidates, _translate_snippet, target=True,
                         grouped=False, refuse=_translate_refuse, notes=tf_frontend.dilation_notes)
    for nd, fn in ((1, conv1d_transpose), (2, conv2d_transpose), (3, conv3d_transpose)):
        register(Entry(
            f"keras.Conv{nd}DTranspose", fn, "keras", figure="overlay",
            aliases=(f"keras.layers.Conv{nd}DTranspose",),
            cli=Cli((
                Option("--inputs", "inputs", "Layer input (.npy/.npz/.csv).", kind="array", required=True,
                       what="inputs"),
                Option("--kernel", "kernel", "Layer kernel, (*kernel_size, filters, in_channels).", kind="array",
                       required=True, what="kernel"),
                Option("--bias", "bias", "Optional layer bias, (filters,).", kind="array", what="bias"),
                Option("--strides", "strides", "int or comma-separated ints.", default="1", show_default=True,
                       parse=int_or_ints("--strides")),
                Option("--padding", "padding", default="valid", show_default=True, choices=("valid", "same")),
                Option("--output-padding", "output_padding",
                       "'none' (Keras's default) or int / comma-separated ints; none and 0 differ.",
                       default="none", show_default=True, parse=_parse_output_padding),
                Option("--data-format", "data_format", default="channels_last", show_default=True,
                       choices=("channels_last", "channels_first")),
                Option("--dilation-rate", "dilation_rate", "int or comma-separated ints.", default="1",
                       show_default=True, parse=int_or_ints("--dilation-rate")),
            ), help=f"Explain one element of keras.layers.Conv{nd}DTranspose (TensorFlow backend).",
                at_help="Output index, comma-separated."),
            translate=dataclasses.replace(rule, ndim=nd),
        ))


_register()


# ----------------------------------------------------------------------------------------------
# Pooling layers: MaxPooling1D/2D/3D, AveragePooling1D/2D/3D, GlobalAveragePooling1D/2D/3D,
# GlobalMaxPooling1D/2D/3D (Keras 3, TensorFlow backend)
# ----------------------------------------------------------------------------------------------

from arraylens.core.axis_map import AxisMap  # noqa: E402
from arraylens.core.explanation import Explanation  # noqa: E402
from arraylens.core.frontend import check_index  # noqa: E402
from arraylens.core.text import format_ref  # noqa: E402
from arraylens.frontends._pool_calls import pool_call, pool_key  # noqa: E402
from arraylens.ops.pool.plan import PoolPlan  # noqa: E402
from arraylens.ops.pool.spec import AdaptiveWindows, MaxReduction, MeanReduction, PoolSpec  # noqa: E402

# the integer dtypes TensorFlow's MaxPool takes (1-d and 2-d; MaxPool3D and AvgPool take none)
_KERAS_MAX_INTS = ("int8", "uint8", "int16", "uint16", "int32", "int64")


def _keras_format(data_format: Any) -> bool:
    """True for channels_first (``None``: ``keras.config.image_data_format()``, channels_last)."""
    df = "channels_last" if data_format is None else str(data_format).lower()
    if df not in ("channels_first", "channels_last"):
        raise ArgumentError("The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
                            f"Received: data_format={df}")
    return df == "channels_first"


def _keras_input(x: Any, nd: int, layer: str, allowed_ints: tuple[str, ...]) -> np.ndarray:
    """The layer's input as Keras hands it to TensorFlow: floats cast to the float32 dtype
    policy, integers kept (where TensorFlow's op takes them)."""
    a = np.asarray(x)
    if a.ndim != nd + 2:
        raise ArgumentError(f"Input 0 of layer '{layer}' is incompatible with the layer: expected ndim={nd + 2}, "
                            f"found ndim={a.ndim}. Full shape received: {tuple(a.shape)}")
    if is_keras_float(a):
        return keras_autocast(a)
    if a.dtype.name in allowed_ints:
        return a
    raise ArgumentTypeError(f"Exception encountered when calling {layer}.call(): TensorFlow's op takes no "
                            f"{a.dtype} (Value for attr 'T' of {a.dtype} is not in the list of allowed values)")


def _keras_pool(layer: str, nd: int, x: Any, pool_size: Any, strides: Any, padding: Any, data_format: Any,
                average: bool) -> PoolPlan:
    k = _tuple(pool_size, nd, "pool_size")
    s = k if strides is None else _tuple(strides, nd, "strides", allow_zero=True)
    pad = str(padding).lower()
    if pad not in ("valid", "same"):
        raise ArgumentError(f"The `padding` argument must be one of {{'valid', 'same'}}. Received: padding={pad}")
    channels_first = _keras_format(data_format)
    ints_ = () if average or nd == 3 else _KERAS_MAX_INTS
    a = _keras_input(x, nd, layer, ints_)
    if any(v == 0 for v in s):
        raise ArgumentError(f"Exception encountered when calling {layer}.call(): Stride must be > 0, but got 0")
    spatial = a.shape[2:] if channels_first else a.shape[1:-1]
    axes = []
    for n, kk, ss in zip(spatial, k, s, strict=True):
        axes.append(tf_frontend._pool_axis(int(n), kk, ss, pad.upper()))
    red: MaxReduction | MeanReduction = MeanReduction("valid") if average else MaxReduction(
        "ignore", "nhwc", finite_floor=a.dtype == np.float32)
    layout = AxisMap.channels_first(a.ndim) if channels_first else AxisMap.identity(a.ndim)
    return PoolPlan(f"keras.{layer}", a, PoolSpec(tuple(axes), red), layout, a.dtype, framework="keras")


class _KeepdimsPlan:
    """A global pooling's plan without its size-1 spatial axes (``keepdims=False``): ``(N, C)``."""

    def __init__(self, inner: PoolPlan, channels_first: bool) -> None:
        self.inner = inner
        self.channels_first = channels_first
        self.op = inner.op

    def rewrapper(self) -> Callable[[PoolPlan], _KeepdimsPlan]:
        """Wraps another plan as this one wraps its own (a rebuilt one: the call cache); it keeps
        no reference to this plan or its input."""
        channels_first = self.channels_first
        return lambda inner: _KeepdimsPlan(inner, channels_first)

    def output_shape(self) -> tuple[int, ...]:
        shape = self.inner.output_shape()
        return (shape[0], shape[1]) if self.channels_first else (shape[0], shape[-1])

    def result_type(self) -> tuple[tuple[int, ...], np.dtype[Any]]:
        return self.output_shape(), self.inner.dtype

    def compute(self) -> np.ndarray:
        out = self.inner.compute()
        assert isinstance(out, np.ndarray)
        return out.reshape(self.output_shape())

    def explain(self, at: Sequence[int]) -> Explanation:
        n, c = check_index(at, self.output_shape())
        spatial = (0,) * (len(self.inner.output_shape()) - 2)
        inner = (n, c, *spatial) if self.channels_first else (n, *spatial, c)
        e = self.inner.explain(inner)
        old, new = format_ref("out", inner), format_ref("out", (n, c))
        return dataclasses.replace(e, index=(n, c), summary=e.summary.replace(old, new, 1))


def _keras_global(layer: str, nd: int, x: Any, data_format: Any, keepdims: bool, average: bool) -> Any:
    channels_first = _keras_format(data_format)
    a = np.asarray(x)
    if a.ndim != nd + 2:
        raise ArgumentError(f"Input 0 of layer '{layer}' is incompatible with the layer: expected ndim={nd + 2}, "
                            f"found ndim={a.ndim}. Full shape received: {tuple(a.shape)}")
    if a.dtype.kind not in "biuf" and a.dtype.name != "bfloat16":
        raise ArgumentTypeError(f"{layer}: arraylens pools real numeric tensors, got {a.dtype}")
    a = a.astype(np.float32) if average else keras_autocast(a)  # the float32 policy; ops.mean of ints is float32
    spatial = a.shape[2:] if channels_first else a.shape[1:-1]
    if any(int(n) < 1 for n in spatial):
        raise ArgumentError(f"{layer}: the spatial dimensions must be >= 1, got shape {tuple(a.shape)}")
    axes = tuple(AdaptiveWindows(int(n), (0,), (int(n),)) for n in spatial)
    # ops.mean / ops.max: tf.reduce_mean and tf.reduce_max (NaN propagates, -inf stays -inf)
    red: MaxReduction | MeanReduction = MeanReduction("valid") if average else MaxReduction("last", "nhwc")
    layout = AxisMap.channels_first(a.ndim) if channels_first else AxisMap.identity(a.ndim)
    plan = PoolPlan(f"keras.{layer}", a, PoolSpec(axes, red), layout, a.dtype, framework="keras")
    return plan if keepdims else _KeepdimsPlan(plan, channels_first)


_KERAS_POOL_DOC = """The output of ``keras.layers.{layer}`` (Keras 3, TensorFlow backend).

    Parameters
    ----------
    x : array_like, rank {rank}
        ``(N, *spatial, C)`` (channels_last) or ``(N, C, *spatial)``. Floats are cast to the
        layer's float32 dtype policy (the result is float32); {ints}.
    pool_size : int or tuple of {nd} int
        {pool_default}Each > 0 ("The `pool_size` argument must be a tuple of {nd} integers").
    strides : int or tuple of int, optional
        Default: ``pool_size``.
    padding : {{'valid', 'same'}}, case-insensitive
        TensorFlow's VALID / SAME (the odd padding cell after); averages never count padding.
    data_format : {{'channels_last', 'channels_first'}}, optional
        Default ``keras.config.image_data_format()`` (channels_last). Keras transposes
        channels_first to channels_last before calling TensorFlow, so every dtype takes both.

    Returns
    -------
    ndarray
        {returns}

    Raises
    ------
    ValueError (ArgumentError)
        Keras's argument messages; TensorFlow's "Computed output size would be negative". A pool
        that leaves no window gives an empty axis, as TensorFlow's size rule says (its oneDNN
        kernels sometimes abort or crash on such calls instead).
    """

_KERAS_GLOBAL_DOC = """The output of ``keras.layers.{layer}`` (Keras 3, TensorFlow backend).

    Parameters
    ----------
    x : array_like, rank {rank}
        ``(N, *spatial, C)`` (channels_last) or ``(N, C, *spatial)``.
    data_format : {{'channels_last', 'channels_first'}}, optional
    keepdims : bool
        Keep the spatial axes as size 1 (default False: ``(N, C)``).

    Returns
    -------
    ndarray
        {returns}
    """


def _keras_pool_call(layer: str, nd: int, x: Any, pool_size: Any, strides: Any, padding: Any, data_format: Any,
                     average: bool) -> PoolPlan:
    if pool_size is None:
        raise ArgumentTypeError(f"{layer}.__init__() missing 1 required positional argument: 'pool_size'")
    return _keras_pool(layer, nd, x, pool_size, strides, padding, data_format, average)


def _pooling(layer: str, nd: int, average: bool) -> Any:
    @frontend(f"keras.{layer}")
    def fn(x: Any, pool_size: Any = (2,) * nd if not average else None, strides: Any = None,
           padding: str = "valid", data_format: str | None = None) -> PoolPlan:
        # a float input is read as its float32 copy (keras_autocast, as _keras_input reads it)
        key = pool_key(f"keras.{layer}", x, pool_size, strides, padding, data_format)
        return pool_call(key, x, lambda: _keras_pool_call(layer, nd, x, pool_size, strides, padding, data_format,
                                                          average), read=keras_autocast)

    ints = ("integers keep their dtype (int8, uint8, int16, uint16, int32, int64)" if not average and nd < 3 else
            "integers are refused, as TensorFlow's op refuses them")
    fn.__doc__ = _KERAS_POOL_DOC.format(
        layer=layer, rank=nd + 2, nd=nd, ints=ints,
        pool_default="Required. " if average else f"Default {(2,) * nd}. ",
        returns=("float32 (or the integer dtype): the maximum of the window's input cells; NaN never wins and the "
                 "maximum starts at -3.4028235e+38 (TensorFlow's MaxPool)" if not average else
                 "float32: the sum of the window's input cells over their count"))
    return fn


def _global(layer: str, nd: int, average: bool) -> Any:
    @frontend(f"keras.{layer}")
    def fn(x: Any, data_format: str | None = None, keepdims: bool = False) -> Any:
        # a float input is read as its float32 copy (both reductions' reading of a float array)
        key = pool_key(f"keras.{layer}", x, data_format, keepdims)
        return pool_call(key, x, lambda: _keras_global(layer, nd, x, data_format, keepdims, average),
                         read=keras_autocast)

    fn.__doc__ = _KERAS_GLOBAL_DOC.format(layer=layer, rank=nd + 2, returns=(
        "float32 (integers too): the mean over the spatial axes (``ops.mean``; summed in float32 here, in "
        "TensorFlow's order there: equal to float32 rounding)" if average else
        "float32 for floats, the dtype for integers and bool: the maximum (``ops.max``: NaN propagates, -inf "
        "stays -inf)"))
    return fn


max_pooling1d = _pooling("MaxPooling1D", 1, False)
max_pooling2d = _pooling("MaxPooling2D", 2, False)
max_pooling3d = _pooling("MaxPooling3D", 3, False)
average_pooling1d = _pooling("AveragePooling1D", 1, True)
average_pooling2d = _pooling("AveragePooling2D", 2, True)
average_pooling3d = _pooling("AveragePooling3D", 3, True)
global_average_pooling1d = _global("GlobalAveragePooling1D", 1, True)
global_average_pooling2d = _global("GlobalAveragePooling2D", 2, True)
global_average_pooling3d = _global("GlobalAveragePooling3D", 3, True)
global_max_pooling1d = _global("GlobalMaxPooling1D", 1, False)
global_max_pooling2d = _global("GlobalMaxPooling2D", 2, False)
global_max_pooling3d = _global("GlobalMaxPooling3D", 3, False)

_KERAS_POOLS = (max_pooling1d, max_pooling2d, max_pooling3d, average_pooling1d, average_pooling2d,
                average_pooling3d)
_KERAS_GLOBALS = (global_average_pooling1d, global_average_pooling2d, global_average_pooling3d,
                  global_max_pooling1d, global_max_pooling2d, global_max_pooling3d)


def _register_pool() -> None:
    x_opt = Option("--input", "x", "Layer input (.npy/.npz/.csv).", kind="array", required=True, what="input")
    df_opt = Option("--data-format", "data_format", default="channels_last", show_default=True,
                    choices=("channels_last", "channels_first"))
    for fn in _KERAS_POOLS:
        register(Entry(fn.name, fn, "keras", aliases=(fn.name.replace("keras.", "keras.layers."),), figure="pooling",
                       cli=Cli((
            x_opt,
            Option("--pool-size", "pool_size", "int or comma-separated ints.", required=True,
                   parse=int_or_ints("--pool-size")),
            Option("--strides", "strides", "int or comma-separated ints (default: the pool size).",
                   parse=int_or_ints("--strides")),
            Option("--padding", "padding", default="valid", show_default=True, choices=("valid", "same")),
            df_opt,
        ), help=f"Explain one output element of {fn.name} (TensorFlow backend).",
            at_help="Output index, comma-separated.", result="shape")))
    for fn in _KERAS_GLOBALS:
        register(Entry(fn.name, fn, "keras", aliases=(fn.name.replace("keras.", "keras.layers."),), figure="pooling",
                       cli=Cli((
            x_opt, df_opt,
            Option("--keepdims/--no-keepdims", "keepdims", "Keep the spatial axes as size 1.", kind="flag"),
        ), help=f"Explain one output element of {fn.name} (TensorFlow backend).",
            at_help="Output index, comma-separated.", result="shape")))


_register_pool()
__all__ += ["average_pooling1d", "average_pooling2d", "average_pooling3d", "global_average_pooling1d",
            "global_average_pooling2d", "global_average_pooling3d", "global_max_pooling1d", "global_max_pooling2d",
            "global_max_pooling3d", "max_pooling1d", "max_pooling2d", "max_pooling3d"]


# ----------------------------------------------------------------------------------------------
# keras.layers.UpSampling2D and keras.layers.Resizing (frontends/keras_resize.py)
# ----------------------------------------------------------------------------------------------

from arraylens.frontends.keras_resize import resizing, upsampling2d  # noqa: E402

__all__ += ["resizing", "upsampling2d"]
