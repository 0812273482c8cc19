"""``arraylens explain tf.nn.*``: TensorFlow convolutions from ``.npy`` files."""

from __future__ import annotations

from pathlib import Path

import click

from arraylens.cli.common import int_or_ints, load_array, parse_ints, print_explanation
from arraylens.frontends import tensorflow as tf


def register(group: click.Group) -> None:
    for name in ("conv1d_transpose", "conv2d_transpose", "conv3d_transpose", "conv_transpose"):
        group.add_command(_transpose_command(name))
    for name in ("conv1d", "conv2d", "conv3d"):
        group.add_command(_conv_command(name))


def _padding(text: str) -> str | list[list[int]]:
    """'SAME', 'VALID', or explicit pairs '0,0,1,2,1,2,0,0'."""
    if text.upper() in ("SAME", "VALID"):
        return text.upper()
    try:
        values = tuple(int(v) for v in text.replace(" ", "").split(",") if v != "")
    except ValueError:
        raise click.UsageError(
            f"--padding must be SAME, VALID, or (2-d) explicit (before, after) pairs for every "
            f"dimension of data_format as a flat list, e.g. 0,0,1,1,2,2,0,0; got {text!r}"
        ) from None
    if len(values) % 2:
        raise click.UsageError("--padding as a list needs (before, after) pairs: an even count of integers")
    return [list(values[i : i + 2]) for i in range(0, len(values), 2)]


_input = click.option("--input", "input_path", required=True, help="Input array (.npy/.npz/.csv).")
_filters = click.option("--filters", "filters_path", required=True, help="Filters array (.npy/.npz/.csv).")
_at = click.option("--at", "at", required=True, help="Output index, comma-separated, in the output's layout.")
_padding_opt = click.option(
    "--padding", default="SAME", show_default=True,
    help="SAME, VALID, or (2-d) explicit (before, after) pairs for every dimension of data_format, "
    "as a flat list: 0,0,1,1,2,2,0,0 for NHWC (batch and channel pairs zero).",
)
_dilations = click.option("--dilations", default=None, help="Int or comma-separated list.")
_html = click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Also write the interactive page to this file.")


def _check_writable(html_path: Path | None) -> None:
    """Fail before any work when the page could not be written."""
    if html_path is not None and not html_path.resolve().parent.is_dir():
        raise click.UsageError(f"--html {html_path}: folder {html_path.resolve().parent} does not exist")


def _write_html(explanation: object, html_path: Path | None) -> None:
    if html_path is None:
        return
    to_html = getattr(explanation, "to_html", None)
    if to_html is None:
        raise click.UsageError("--html needs arraylens' HTML renderer, which this install lacks")
    to_html(html_path)
    click.echo(f"wrote {html_path}")


def _transpose_command(name: str) -> click.Command:
    fn = getattr(tf, name)
    nd = {"conv1d_transpose": 1, "conv2d_transpose": 2, "conv3d_transpose": 3}.get(name)

    @click.command(f"tf.nn.{name}", help=f"Explain one output element of tf.nn.{name}.")
    @_input
    @_filters
    @click.option("--output-shape", required=True, help="Comma-separated output shape, in data_format.")
    @click.option("--strides", required=True, help="Int or comma-separated list.")
    @_padding_opt
    @click.option("--data-format", default=None, help="Channels-last (default) or channels-first.")
    @_dilations
    @_at
    @_html
    def command(input_path: str, filters_path: str, output_shape: str, strides: str, padding: str,
                data_format: str | None, dilations: str | None, at: str, html_path: Path | None) -> None:
        _check_writable(html_path)
        x = load_array(input_path, "input")
        f = load_array(filters_path, "filters")
        kwargs: dict[str, object] = {
            "padding": _padding(padding),
            "dilations": int_or_ints(dilations, "--dilations") if dilations else None,
        }
        if data_format is not None:
            kwargs["data_format"] = data_format
        elif nd is not None:
            kwargs["data_format"] = {1: "NWC", 2: "NHWC", 3: "NDHWC"}[nd]
        args = (x, f, parse_ints(output_shape, "--output-shape"), int_or_ints(strides, "--strides"))
        result = fn(*args, **kwargs)
        click.echo(f"result shape {tuple(result.shape)}, dtype {result.dtype}")
        explanation = fn.explain(*args, at=parse_ints(at, "--at"), **kwargs)
        print_explanation(explanation)
        _write_html(explanation, html_path)

    return command


def _conv_command(name: str) -> click.Command:
    fn = getattr(tf, name)
    stride_name = "stride" if name == "conv1d" else "strides"

    @click.command(f"tf.nn.{name}", help=f"Explain one output element of tf.nn.{name}.")
    @_input
    @_filters
    @click.option("--strides", required=True, help="Int or comma-separated list.")
    @_padding_opt
    @click.option("--data-format", default=None, help="Channels-last (default) or channels-first.")
    @_dilations
    @_at
    @_html
    def command(input_path: str, filters_path: str, strides: str, padding: str,
                data_format: str | None, dilations: str | None, at: str, html_path: Path | None) -> None:
        _check_writable(html_path)
        x = load_array(input_path, "input")
        f = load_array(filters_path, "filters")
        kwargs: dict[str, object] = {
            stride_name: int_or_ints(strides, "--strides"),
            "padding": _padding(padding),
            "dilations": int_or_ints(dilations, "--dilations") if dilations else None,
        }
        if data_format is not None:
            kwargs["data_format"] = data_format
        result = fn(x, f, **kwargs)
        click.echo(f"result shape {tuple(result.shape)}, dtype {result.dtype}")
        explanation = fn.explain(x, f, at=parse_ints(at, "--at"), **kwargs)
        print_explanation(explanation)
        _write_html(explanation, html_path)

    return command
