"""What ``arraylens translate`` accepts as a source and a target beyond the registered names:
framework aliases (``tf``, ``pt``, ``pytorch``, ``np``, ``ort``...) and layer constructors
with their arguments (``torch.nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1)``,
``keras.layers.Conv2DTranspose(64, 4, strides=2, padding='same')``), mapped onto the functional
call the translator knows (``torch.conv_transpose2d``, ``keras.Conv2DTranspose``) with the
weight and bias shapes the layer would create.

A layer's text is parsed with :mod:`ast` and its arguments read with
:func:`ast.literal_eval`: literals only, nothing is executed. The arguments are bound to the
constructor's own signature (PyTorch 2.x ``torch.nn.ConvTranspose{1,2,3}d``; Keras 3
``keras.layers.Conv{1,2,3}DTranspose``), so a wrong name or a missing argument is refused in one
line naming the constructor's parameters.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from arraylens.core.errors import ArgumentError
from arraylens.translate.conv_transpose import shape_only

__all__ = ["FRAMEWORK_ALIASES", "LayerCall", "parse_layer", "source_name", "target_name"]

#: Framework spellings -> the target names translate knows.
FRAMEWORK_ALIASES: dict[str, str] = {
    "tensorflow": "tensorflow", "tf": "tensorflow",
    "torch": "torch", "pytorch": "torch", "pt": "torch",
    "numpy": "numpy", "np": "numpy",
    "onnx": "onnx", "onnxruntime": "onnx", "ort": "onnx",
    "keras": "keras", "tf.keras": "keras", "tensorflow.keras": "keras",
    "jax": "jax", "jax.lax": "jax",
}

#: Source prefixes -> the registry's spelling (longest first).
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("tensorflow.keras.layers.", "keras.layers."),
    ("tf.keras.layers.", "keras.layers."),
    ("tensorflow.nn.", "tf.nn."),
    ("tensorflow.", "tf."),
    ("pytorch.", "torch."),
    ("pt.", "torch."),
    ("nn.functional.", "torch.nn.functional."),
    ("numpy.", "np."),
    ("onnxruntime.", "onnx."),
    ("ort.", "onnx."),
)


def target_name(text: str, known: Sequence[str]) -> str:
    """The target framework ``text`` names (``tf`` -> ``tensorflow``, ``pt`` -> ``torch``).

    Raises
    ------
    ArgumentError
        For a name that is neither a known target nor an alias of one.
    """
    name = FRAMEWORK_ALIASES.get(text.strip().lower(), text.strip())
    if name not in known:
        aliases = ", ".join(f"{a} ({t})" for a, t in FRAMEWORK_ALIASES.items() if a != t and t in known)
        raise ArgumentError(f"unknown target framework {text!r}; choose one of {', '.join(known)} "
                            f"(aliases: {aliases})")
    return name


def source_name(text: str, known: Sequence[str] = ()) -> str:
    """``text`` with a framework alias prefix replaced by the registry's spelling
    (``tensorflow.nn.conv2d_transpose`` -> ``tf.nn.conv2d_transpose``, ``pt.pad`` ->
    ``torch.pad``; ``F.conv2d`` -> ``torch.conv2d`` when only that is in ``known``); other names
    unchanged."""
    name = text.strip()
    if name in known:
        return name
    for prefix, replacement in _PREFIXES:
        if name.startswith(prefix):
            name = replacement + name[len(prefix):]
            break
    for prefix in ("torch.nn.functional.", "F."):  # the functional spelling of a torch.* function
        if name not in known and name.startswith(prefix) and "torch." + name[len(prefix):] in known:
            return "torch." + name[len(prefix):]
    return name


@dataclass(frozen=True)
class LayerCall:
    """A layer constructor read as the functional call it computes.

    Attributes
    ----------
    source_op : str
        The registered function, e.g. ``torch.conv_transpose2d``.
    arguments : dict
        Its arguments: the arrays as shape-only views (:func:`shape_only`), the rest as given.
    notes : list of str
        What was assumed or ignored (an input shape chosen for the layer, initializers).
    bias_after : tuple of int or None
        The shape the layer's bias broadcasts to on the result, when the functional call has no
        bias argument (Keras ``Conv*D`` read as ``tf.nn.conv*d``): added after the call.
    """

    source_op: str
    arguments: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    bias_after: tuple[int, ...] | None = None


# The constructors' signatures (PyTorch 2.x, Keras 3): the arguments are bound to them.
def _torch_conv_transpose(in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                          output_padding: Any = 0, groups: int = 1, bias: bool = True, dilation: Any = 1,
                          padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
    """torch.nn.ConvTranspose{1,2,3}d."""


def _torch_conv(in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                dilation: Any = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                device: Any = None, dtype: Any = None) -> None:
    """torch.nn.Conv{1,2,3}d."""


_KERAS_IGNORED = ("name", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                  "activity_regularizer", "kernel_constraint", "bias_constraint", "trainable", "dtype")


def _keras_conv_transpose(filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                          output_padding: Any = None, data_format: str | None = None, dilation_rate: Any = 1,
                          activation: Any = None, use_bias: bool = True, **ignored: Any) -> None:
    """keras.layers.Conv{1,2,3}DTranspose."""


def _keras_conv(filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                data_format: str | None = None, dilation_rate: Any = 1, groups: int = 1, activation: Any = None,
                use_bias: bool = True, **ignored: Any) -> None:
    """keras.layers.Conv{1,2,3}D."""


def _layer_kind(name: str) -> tuple[str, int, Callable[..., None]]:
    """``(kind, ndim, signature)`` of a layer class name, kind one of torch_t, keras_t, torch, keras."""
    short = name
    for prefix in ("torch.nn.", "nn.", "tensorflow.keras.layers.", "tf.keras.layers.", "keras.layers.", "layers."):
        if name.startswith(prefix):
            short = name[len(prefix):]
            break
    torch_side = name.startswith(("torch.", "nn."))
    keras_side = "keras" in name or name.startswith("layers.")
    for pattern, kind, fn in (
        (r"ConvTranspose([123])d", "torch_t", _torch_conv_transpose),
        (r"Conv([123])DTranspose", "keras_t", _keras_conv_transpose),
        (r"Conv([123])d", "torch", _torch_conv),
        (r"Conv([123])D", "keras", _keras_conv),
    ):
        m = re.fullmatch(pattern, short)
        if m and ((kind.startswith("torch") and not keras_side) or (kind.startswith("keras") and not torch_side)):
            return kind, int(m.group(1)), fn
    raise ArgumentError(
        f"unknown layer {name!r}: translate reads torch.nn.ConvTranspose1d/2d/3d (also nn.ConvTranspose2d) and "
        "keras.layers.Conv1D/2D/3DTranspose (also tf.keras.layers...)"
    )


def _literal(node: ast.expr, layer: str) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        raise ArgumentError(f"{layer}: argument {ast.unparse(node)!r} is not a literal (numbers, strings, "
                            "tuples, True/False/None)") from None


def _ints(value: Any, nd: int, what: str, layer: str) -> tuple[int, ...]:
    values = (value,) * nd if isinstance(value, int) and not isinstance(value, bool) else value
    if (not isinstance(values, tuple | list) or len(values) != nd
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in values)):
        raise ArgumentError(f"{layer}: {what} must be an int or {nd} ints, got {value!r}")
    return tuple(int(v) for v in values)


def parse_layer(text: str, input_shape: Sequence[int] | None = None) -> LayerCall:
    """The functional call a layer constructor computes, with its weight and bias shapes.

    Parameters
    ----------
    text : str
        e.g. ``"torch.nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1)"`` or
        ``"keras.layers.Conv2DTranspose(64, 4, strides=2, padding='same')"``.
    input_shape : sequence of int, optional
        The layer input's shape, batch included. Keras layers need it (the kernel's input
        channels come from it); for a PyTorch layer it defaults to batch 1, the layer's
        ``in_channels`` and 8 per spatial axis (said in the notes).

    Returns
    -------
    LayerCall

    Raises
    ------
    ArgumentError
        One line: text that is not a call of a known layer, arguments the constructor does not
        take, a forward convolution layer (translate covers transposed convolutions, pads and
        block rearrangements), channels that do not match the input shape.
    """
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ArgumentError(f"cannot read the layer {text!r}: {exc.msg}") from None
    call = tree.body
    if not isinstance(call, ast.Call):
        raise ArgumentError(f"{text!r} is not a layer call such as torch.nn.ConvTranspose2d(128, 64, 4, stride=2)")
    name = ast.unparse(call.func)
    kind, nd, signature = _layer_kind(name)
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        raise ArgumentError(f"{name}: write its arguments out (no *args or **kwargs)")
    args = [_literal(a, name) for a in call.args]
    kwargs = {k.arg: _literal(k.value, name) for k in call.keywords if k.arg is not None}
    sig = inspect.signature(signature)
    try:
        bound = sig.bind(*args, **kwargs)
    except TypeError as exc:
        params = ", ".join(p for p in sig.parameters if p != "ignored")
        raise ArgumentError(f"{name}: {exc} (its arguments: {params})") from None
    bound.apply_defaults()
    a = dict(bound.arguments)
    ignored: dict[str, Any] = a.pop("ignored", {}) or {}
    unknown = sorted(set(ignored) - set(_KERAS_IGNORED))
    if unknown:
        raise ArgumentError(f"{name}: unexpected argument {unknown[0]!r}")
    if kind == "torch":
        return _torch_conv_layer(name, nd, a, input_shape)
    if kind == "keras":
        return _keras_conv_layer(name, nd, a, ignored, input_shape)
    if kind == "torch_t":
        return _torch_layer(name, nd, a, input_shape)
    return _keras_layer(name, nd, a, ignored, input_shape)


def _torch_layer_input(name: str, nd: int, a: dict[str, Any], input_shape: Sequence[int] | None,
                       padding_mode_refusal: str) -> tuple[tuple[int, ...], tuple[int, ...], list[str]]:
    """A PyTorch convolution layer's checks, shared by Conv{n}d and ConvTranspose{n}d: positive
    channels and groups that divide them, padding_mode 'zeros' (else ``padding_mode_refusal``),
    and the input shape (assumed ``(1, in_channels, 8, ...)`` when not given). Returns (input
    shape, kernel size, notes)."""
    notes = []
    c_in, c_out, groups = a["in_channels"], a["out_channels"], a["groups"]
    for what in ("in_channels", "out_channels", "groups"):
        if not isinstance(a[what], int) or isinstance(a[what], bool) or a[what] <= 0:
            raise ArgumentError(f"{name}: {what} must be a positive int, got {a[what]!r}")
    if c_in % groups or c_out % groups:
        raise ArgumentError(f"{name}: in_channels and out_channels must be divisible by groups "
                            f"({c_in}, {c_out}, groups={groups})")
    if a["padding_mode"] != "zeros":
        raise ArgumentError(f"{name}: {padding_mode_refusal}")
    kernel = _ints(a["kernel_size"], nd, "kernel_size", name)
    if input_shape is None:
        input_shape = (1, c_in, *(8,) * nd)
        notes.append(f"input shape assumed {tuple(input_shape)} (N, C, *spatial); give yours with --input-shape")
    shape = tuple(int(n) for n in input_shape)
    if len(shape) not in (nd + 1, nd + 2) or shape[-nd - 1] != c_in:
        raise ArgumentError(f"{name}: expected an input of shape (N, {c_in}, {', '.join('*' * nd)}) with "
                            f"in_channels={c_in} channels, got {shape}")
    return shape, tuple(kernel), notes


def _torch_conv_layer(name: str, nd: int, a: dict[str, Any], input_shape: Sequence[int] | None) -> LayerCall:
    """torch.nn.Conv{n}d -> torch.conv{n}d with weight (out_channels, in_channels/groups, *kernel_size)."""
    c_in, c_out, groups = a["in_channels"], a["out_channels"], a["groups"]
    shape, kernel, notes = _torch_layer_input(name, nd, a, input_shape, (
        f"padding_mode={a['padding_mode']!r} pads the input before the convolution; translate that pad "
        "(torch.pad) and the convolution with padding_mode='zeros' apart"))
    weight = (c_out, c_in // groups, *kernel)
    op = f"torch.conv{nd}d"
    arguments = {
        "input": shape_only(shape), "weight": shape_only(weight),
        "bias": shape_only((c_out,)) if a["bias"] else None,
        "stride": a["stride"], "padding": a["padding"], "dilation": a["dilation"], "groups": groups,
    }
    notes.insert(0, f"{name}: the layer computes {op} with its weight of shape {weight} "
                    "(out_channels, in_channels/groups, *kernel_size)" + (f" and bias ({c_out},)" if a["bias"]
                                                                          else ", no bias"))
    return LayerCall(op, arguments, notes)


def _keras_conv_layer(name: str, nd: int, a: dict[str, Any], ignored: dict[str, Any],
                      input_shape: Sequence[int] | None) -> LayerCall:
    """keras.layers.Conv{n}D -> tf.nn.conv{n}d with filters (*kernel_size, input channels, filters);
    the layer's bias is added after the call (tf.nn.conv has none)."""
    data_format = a["data_format"] or "channels_last"
    if input_shape is None:
        example = ("N," + "S," * nd + "C") if data_format == "channels_last" else ("N,C" + ",S" * nd)
        raise ArgumentError(f"{name}: the kernel's input channels come from the layer's input; give its shape "
                            f"with --input-shape ({example}, {data_format})")
    shape = tuple(int(n) for n in input_shape)
    if len(shape) != nd + 2:
        raise ArgumentError(f"{name}: expected an input of rank {nd + 2} (batch, {nd} spatial, channels), "
                            f"got shape {shape}")
    if a["activation"] not in (None, "linear"):
        raise ArgumentError(f"{name}: activation={a['activation']!r} is applied after the convolution; translate "
                            "the layer with activation=None and apply it afterwards")
    if a["groups"] != 1:
        raise ArgumentError(f"{name}: groups={a['groups']!r}: tf.nn.conv{nd}d, which the layer is read as, has no "
                            "groups argument")
    padding = str(a["padding"]).lower()
    if padding not in ("same", "valid"):
        raise ArgumentError(f"{name}: padding={a['padding']!r}: translate reads 'same' and 'valid' ('causal' pads "
                            "the start only: translate it as a pad and a 'valid' convolution)")
    filters = a["filters"]
    if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
        raise ArgumentError(f"{name}: filters must be a positive int, got {filters!r}")
    kernel = _ints(a["kernel_size"], nd, "kernel_size", name)
    c_in = shape[-1] if data_format == "channels_last" else shape[1]
    weight = (*kernel, c_in, filters)
    op = f"tf.nn.conv{nd}d"
    strides = _ints(a["strides"], nd, "strides", name)
    dilations = _ints(a["dilation_rate"], nd, "dilation_rate", name)

    def full(v: tuple[int, ...]) -> list[int]:  # tf.nn.conv*d: one entry per dimension of data_format
        return [1, *v, 1] if data_format == "channels_last" else [1, 1, *v]

    spatial = {1: "W", 2: "HW", 3: "DHW"}[nd]
    tf_format = f"N{spatial}C" if data_format == "channels_last" else f"NC{spatial}"
    arguments = {
        "input": shape_only(shape), "filters": shape_only(weight),
        ("stride" if nd == 1 else "strides"): full(strides), "padding": padding.upper(), "data_format": tf_format,
        "dilations": full(dilations),
    }
    notes = [f"{name}: the layer computes {op} (padding {padding.upper()!r}, the same rule) with its kernel of "
             f"shape {weight} (*kernel_size, input channels {c_in} read from the input shape, filters)"]
    bias_after = None
    if a["use_bias"]:
        notes.append(f"tf.nn.conv{nd}d has no bias: the layer's bias ({filters},) is added after the call")
        bias_after = (filters,) if data_format == "channels_last" else (filters, *(1,) * nd)
    if ignored:
        notes.append(f"ignored (they do not change the computation once the weights are set): {', '.join(ignored)}")
    return LayerCall(op, arguments, notes, bias_after)


def _torch_layer(name: str, nd: int, a: dict[str, Any], input_shape: Sequence[int] | None) -> LayerCall:
    c_in, c_out, groups = a["in_channels"], a["out_channels"], a["groups"]
    shape, kernel, notes = _torch_layer_input(name, nd, a, input_shape, (
        f"only 'zeros' padding mode is supported for ConvTranspose (PyTorch's rule), got {a['padding_mode']!r}"))
    weight = (c_in, c_out // groups, *kernel)
    nd_op = f"torch.conv_transpose{nd}d"
    arguments = {
        "input": shape_only(shape), "weight": shape_only(weight),
        "bias": shape_only((c_out,)) if a["bias"] else None,
        "stride": a["stride"], "padding": a["padding"], "output_padding": a["output_padding"],
        "groups": groups, "dilation": a["dilation"],
    }
    notes.insert(0, f"{name}: the layer computes {nd_op} with its weight of shape {weight} "
                    f"(in_channels, out_channels/groups, *kernel_size)"
                    + (f" and bias ({c_out},)" if a["bias"] else ", no bias"))
    return LayerCall(nd_op, arguments, notes)


def _keras_layer(name: str, nd: int, a: dict[str, Any], ignored: dict[str, Any],
                 input_shape: Sequence[int] | None) -> LayerCall:
    data_format = a["data_format"] or "channels_last"
    if input_shape is None:
        example = ("N," + "S," * nd + "C") if data_format == "channels_last" else ("N,C" + ",S" * nd)
        raise ArgumentError(f"{name}: the kernel's input channels come from the layer's input; give its shape "
                            f"with --input-shape ({example}, {data_format})")
    shape = tuple(int(n) for n in input_shape)
    if len(shape) != nd + 2:
        raise ArgumentError(f"{name}: expected an input of rank {nd + 2} (batch, {nd} spatial, channels), "
                            f"got shape {shape}")
    if a["activation"] not in (None, "linear"):
        raise ArgumentError(f"{name}: activation={a['activation']!r} is applied after the convolution; translate "
                            "the layer with activation=None and apply it afterwards")
    filters = a["filters"]
    if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
        raise ArgumentError(f"{name}: filters must be a positive int, got {filters!r}")
    kernel = _ints(a["kernel_size"], nd, "kernel_size", name)
    c_in = shape[-1] if data_format == "channels_last" else shape[1]
    weight = (*kernel, filters, c_in)
    op = f"keras.Conv{nd}DTranspose"
    arguments = {
        "inputs": shape_only(shape), "kernel": shape_only(weight),
        "bias": shape_only((filters,)) if a["use_bias"] else None,
        "strides": a["strides"], "padding": a["padding"], "output_padding": a["output_padding"],
        "data_format": data_format, "dilation_rate": a["dilation_rate"],
    }
    notes = [f"{name}: the layer computes {op} with its kernel of shape {weight} (*kernel_size, filters, "
             f"input channels {c_in} read from the input shape)" + (f" and bias ({filters},)" if a["use_bias"]
                                                                    else ", no bias")]
    if ignored:
        notes.append(f"ignored (they do not change the computation once the weights are set): {', '.join(ignored)}")
    return LayerCall(op, arguments, notes)
