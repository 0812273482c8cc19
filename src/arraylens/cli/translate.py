"""``arraylens translate SOURCE_OP TARGET --arg name=value ...``."""

from __future__ import annotations

import inspect
import re
from typing import Any

import click
import numpy as np

from arraylens.cli.common import load_array, parse_ints
from arraylens.cli.inline import looks_inline, parse_inline
from arraylens.core import registry
from arraylens.core.errors import ArgumentError
from arraylens.core.limits import check_allocations
from arraylens.translate.conv_transpose import shape_only
from arraylens.translate.dispatch import SOURCES, TARGETS, translate
from arraylens.translate.layers import parse_layer, source_name, target_name
from arraylens.translate.runnable import script
from arraylens.translate.runnable import verify as verify_translation


def register(group: click.Group) -> None:
    group.add_command(translate_command)


def parse_value(text: str, name: str) -> Any:
    """``@x.npy`` (an array file), ``[[1, 2], [3, 4]]`` (an inline array), ``shape:1,2,2,1`` (zeros
    of that shape, a read-only view of one zero: translating reads shapes only, so nothing of the
    input's size is allocated),
    ``none``, ``true``/``false`` (any case: a bool), an int, a float (``1.5``, ``-2e3``, ``nan``,
    ``-inf``), comma-separated ints (a list;
    one int and a trailing comma, ``2,``, is a one-element list), rows of them separated by ``;``
    (a nested list: ``1,1;2,2`` for tf.pad's paddings), or a string (``SAME``)."""
    if text.startswith("@"):
        return load_array(text[1:], name)
    if text.lstrip().startswith("[") and looks_inline(text):  # an inline array: [[1, 2], [3, 4]]
        return parse_inline(text, name)
    if text.startswith("shape:"):
        return shape_only(parse_ints(text[6:], f"{name} shape"))
    if text.lower() == "none":
        return None
    if text.lower() in ("true", "false"):  # ceil_mode=true, align_corners=False
        return text.lower() == "true"
    if re.fullmatch(r" *-?[0-9]+ *,", text):  # a one-element list: '2,' (plain '2' is the int)
        return list(parse_ints(text[:-1], name))
    if ";" in text:
        return [list(parse_ints(row, name)) for row in text.split(";")]
    if "," in text:
        return list(parse_ints(text, name))
    single = parse_ints(text, name) if re.fullmatch(r" *-?[0-9]+ *", text) else ()  # not int(): '1_0', '١'
    if single:
        return single[0]
    if _FLOAT.fullmatch(text):  # ASCII only, unlike float(): no '1_0.5', no '١.٥'
        return float(text)
    return text


#: A float as typed: decimals with an optional exponent, or nan/inf (either sign).
_FLOAT = re.compile(r"[-+]?(([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+|nan|inf|infinity)",
                    re.IGNORECASE)
#: Source parameters that take a number whatever their annotation says (fills).
_NUMERIC = frozenset({"value", "constant_value", "constant_values"})


def _check_numbers(source_op: str, kwargs: dict[str, Any]) -> None:
    """Refuse, in one line, text given for a numeric parameter (an int, a float or a fill)."""
    parameters = inspect.signature(registry.get(source_op).fn).parameters
    for name, value in kwargs.items():
        if not isinstance(value, str) or name not in parameters:
            continue
        note = str(parameters[name].annotation)
        if name in _NUMERIC or (re.search(r"\b(int|float|IntOrInts)\b", note) and "str" not in note):
            raise click.UsageError(f"{source_op}: {name} must be a number (an integer, a decimal, nan or inf), "
                                   f"got {value!r}")


def _check_names(source_op: str, kwargs: dict[str, Any]) -> None:
    """Refuse argument names the source call does not take, and missing required ones, in one
    line naming the call's arguments (Python itself would raise a TypeError deep inside)."""
    signature = inspect.signature(registry.get(source_op).fn)
    try:
        signature.bind(**kwargs)
    except TypeError as exc:
        names = ", ".join(signature.parameters)
        raise click.UsageError(f"{source_op}: {exc} (its arguments: {names})") from None


def resolve_source(text: str, input_shape: tuple[int, ...] | None
                   ) -> tuple[str, dict[str, Any], list[str], tuple[int, ...] | None]:
    """``(registered source op, arguments a layer implies, notes, bias added after)`` for a source
    as typed: a registered name or an alias of one (``tensorflow.nn.conv2d_transpose``), or a layer
    call (``torch.nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1)``)."""
    if "(" in text:
        layer = parse_layer(text, input_shape)
        return layer.source_op, dict(layer.arguments), list(layer.notes), layer.bias_after
    name = source_name(text, SOURCES)
    if name not in SOURCES:
        raise ArgumentError(
            f"unknown source {text!r}; known: {', '.join(SOURCES)}; or a layer such as "
            "'torch.nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1)'"
        )
    return name, {}, [], None


@click.command(name="translate")
@click.argument("source_op", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@click.option(
    "--arg",
    "args",
    multiple=True,
    metavar="NAME=VALUE",
    help="A source argument: NAME=@file.npy, NAME=[[1,2],[3,4]], NAME=shape:1,2,2,1, NAME=2, NAME=1.5 (also nan, "
    "inf), NAME=1,2, NAME=SAME, NAME=none, NAME=true/false, NAME=1,1;2,2 (rows). A one-element list (ONNX's "
    "and JAX's strides) "
    "takes a trailing comma: NAME=2, (NAME=2 is the integer 2).",
)
@click.option(
    "--input-shape", "input_shape_text", metavar="N,C,H,W",
    help="The source input's shape (its first array; only the shape matters). A Keras layer needs it for the "
    "kernel's input channels; a PyTorch layer assumes (1, in_channels, 8, ...) without it.",
)
@click.option(
    "--verify",
    is_flag=True,
    help="Run the printed script in the target framework when it is installed (random data, seed 0) and print "
    "the largest difference from arraylens's exact source result; without the framework, say so and check "
    "through arraylens only.",
)
def translate_command(source_op: str, target: str, args: tuple[str, ...], input_shape_text: str | None,
                      verify: bool) -> None:
    """Print a script that computes SOURCE with the TARGET framework: a convolution or transposed
    convolution, a pad, a block rearrangement, a pooling or a resize, as a call (tf.nn.conv2d_transpose,
    torch.pad, torch.avg_pool2d, tf.image.resize, ...) or a convolution layer with its constructor's arguments.
    TARGET: tensorflow (tf), torch (pt, pytorch), onnx (ort), keras, jax, numpy (np); for resizes also
    tensorflow.compat.v1, opencv, pil.

    The script runs as printed: it starts with random arrays of the source's shapes; put yours in their place.

    Example: arraylens translate "torch.nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1)" tf
    --input-shape 1,128,16,16 --verify

    Example: arraylens translate "keras.layers.Conv2DTranspose(64, 4, strides=2, padding='same')" torch
    --input-shape 1,16,16,128

    Example: arraylens translate tf.nn.conv2d_transpose torch --arg input=shape:1,3,3,2
    --arg filters=shape:3,3,4,2 --arg output_shape=1,6,6,4 --arg strides=2 --arg padding=SAME

    Example: arraylens translate tf.pad pt --arg tensor=shape:2,3 --arg paddings=1,1;2,2 --arg mode=SYMMETRIC

    Example: arraylens translate torch.avg_pool2d onnx --arg input=shape:1,1,6,6 --arg kernel_size=3
    --arg stride=2 --arg padding=1 --arg ceil_mode=true --verify
    """
    target = target_name(target, TARGETS)
    input_shape = parse_ints(input_shape_text, "--input-shape") if input_shape_text is not None else None
    source_op, kwargs, notes, bias_after = resolve_source(source_op, input_shape)
    if not kwargs and input_shape is not None:  # a call: the shape of its first array
        first = next(iter(inspect.signature(registry.get(source_op).fn).parameters))
        kwargs[first] = shape_only(input_shape)
    for item in args:
        if "=" not in item:
            raise click.UsageError(f"--arg must be NAME=VALUE, got {item!r}")
        name, value = item.split("=", 1)
        kwargs[name.strip()] = parse_value(value.strip(), name.strip())
    if not kwargs:
        raise click.UsageError(f"{source_op} needs its arguments: --arg NAME=VALUE (see arraylens translate --help)")
    _check_names(source_op, kwargs)
    _check_numbers(source_op, kwargs)
    t = translate(source_op, target, **kwargs)
    text = str(t)
    if t.possible:
        text = text.replace(t.code, script(t, bias_after))
    for note in notes:
        click.echo(f"# {note}")
    click.echo(text)  # plain echo: the code must not be re-wrapped
    if verify and t.possible:
        arrays = [(name, np.shape(a), np.asarray(a).dtype) for name, a in kwargs.items()
                  if isinstance(a, np.ndarray)]
        check_allocations(arrays, f"--verify of {source_op}")  # the random arrays the script makes
        click.echo(str(verify_translation(t, bias_after)))

