"""``arraylens translate SOURCE_OP TARGET --arg name=value ...``."""

from __future__ import annotations

import inspect
import re
from typing import Any

import click
import numpy as np

from arraylens.cli.common import load_array, parse_ints
from arraylens.core import registry
from arraylens.translate.conv_transpose import SOURCES as CONV_SOURCES
from arraylens.translate.conv_transpose import shape_only
from arraylens.translate.dispatch import SOURCES, TARGETS, translate


def register(group: click.Group) -> None:
    group.add_command(translate_command)


def parse_value(text: str, name: str) -> Any:
    """``@x.npy`` (an array file), ``shape:1,2,2,1`` (zeros of that shape, a read-only view
    of one zero: translating reads shapes only, so nothing of the input's size is allocated),
    ``none``, an int, a float (``1.5``, ``-2e3``, ``nan``, ``-inf``), comma-separated ints (a list;
    one int and a trailing comma, ``2,``, is a one-element list), rows of them separated by ``;``
    (a nested list: ``1,1;2,2`` for tf.pad's paddings), or a string (``SAME``)."""
    if text.startswith("@"):
        return load_array(text[1:], name)
    if text.startswith("shape:"):
        return shape_only(parse_ints(text[6:], f"{name} shape"))
    if text.lower() == "none":
        return None
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


@click.command(name="translate")
@click.argument("source_op", type=click.Choice(sorted(SOURCES)), metavar="SOURCE_OP")
@click.argument("target", type=click.Choice(TARGETS))
@click.option(
    "--arg",
    "args",
    multiple=True,
    required=True,
    metavar="NAME=VALUE",
    help="A source argument: NAME=@file.npy, NAME=shape:1,2,2,1, NAME=2, NAME=1.5 (also nan, inf), NAME=1,2, "
    "NAME=SAME, NAME=none, NAME=1,1;2,2 (rows). A one-element list (ONNX's and JAX's strides) takes a "
    "trailing comma: NAME=2, (NAME=2 is the integer 2).",
)
@click.option(
    "--verify",
    is_flag=True,
    help="Run both calls through arraylens on random arrays (a pad or block rearrangement: the source "
    "through arraylens, the snippet executed); print the largest difference.",
)
def translate_command(source_op: str, target: str, args: tuple[str, ...], verify: bool) -> None:
    """Print the TARGET framework's call that computes SOURCE_OP (a transposed convolution, a pad
    or a block rearrangement).

    Example: arraylens translate tf.nn.conv2d_transpose torch --arg input=shape:1,3,3,2
    --arg filters=shape:3,3,4,2 --arg output_shape=1,6,6,4 --arg strides=2 --arg padding=SAME

    Example: arraylens translate tf.pad torch --arg tensor=shape:2,3 --arg paddings=1,1;2,2
    --arg mode=SYMMETRIC
    """
    kwargs: dict[str, Any] = {}
    for item in args:
        if "=" not in item:
            raise click.UsageError(f"--arg must be NAME=VALUE, got {item!r}")
        name, value = item.split("=", 1)
        kwargs[name.strip()] = parse_value(value.strip(), name.strip())
    _check_names(source_op, kwargs)
    _check_numbers(source_op, kwargs)
    t = translate(source_op, target, **kwargs)
    click.echo(str(t))  # plain echo: the code must not be re-wrapped
    if verify and t.possible and source_op not in CONV_SOURCES:
        first = next(iter(inspect.signature(registry.get(source_op).fn).parameters))
        x = np.random.default_rng(0).standard_normal(np.shape(kwargs[first])).astype(np.asarray(kwargs[first]).dtype)
        click.echo(f"verify: largest |difference| = {t.verify(x):.3g}")
    elif verify and t.possible:
        source = CONV_SOURCES[source_op]
        rng = np.random.default_rng(0)
        x = rng.standard_normal(np.shape(kwargs[source.input]))
        w = rng.standard_normal(np.shape(kwargs[source.weight]))
        bias = kwargs.get(source.bias) if source.bias else None
        b = None if bias is None else rng.standard_normal(np.shape(bias))
        click.echo(f"verify: largest |difference| = {t.verify(x, w, b):.3g}")
