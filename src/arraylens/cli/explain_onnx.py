"""``arraylens explain onnx.ConvTranspose`` and ``onnx.Conv``."""

from __future__ import annotations

from typing import Any

import click

from arraylens.cli.common import load_array, parse_ints, print_explanation
from arraylens.frontends import onnx as al_onnx


def register(group: click.Group) -> None:
    group.add_command(conv_transpose_command)
    group.add_command(conv_command)


def _ints_or_none(text: str | None, what: str) -> list[int] | None:
    return None if text is None else list(parse_ints(text, what))


def _options(f: Any) -> Any:
    options = [
        click.option(
            "--X", "x_path", required=True, help="X (.npy/.npz/.csv), shape (N, C, D1, ..., Dn)."
        ),
        click.option("--W", "w_path", required=True, help="W (.npy/.npz/.csv)."),
        click.option("--B", "b_path", default=None, help="Optional B, shape (M,)."),
        click.option(
            "--auto-pad", default="NOTSET", show_default=True, type=click.Choice(al_onnx.AUTO_PADS)
        ),
        click.option("--dilations", default=None, help="Comma-separated ints."),
        click.option("--group", default=1, show_default=True, type=int),
        click.option("--kernel-shape", default=None, help="Comma-separated ints."),
        click.option("--pads", default=None, help="Begins then ends, comma-separated."),
        click.option("--strides", default=None, help="Comma-separated ints."),
        click.option(
            "--at", "at", required=True, help="Output index, comma-separated (N, M, ...)."
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _attrs(
    dilations: str | None,
    group: int,
    kernel_shape: str | None,
    pads: str | None,
    strides: str | None,
    auto_pad: str,
) -> dict[str, Any]:
    return {
        "auto_pad": auto_pad,
        "dilations": _ints_or_none(dilations, "--dilations"),
        "group": group,
        "kernel_shape": _ints_or_none(kernel_shape, "--kernel-shape"),
        "pads": _ints_or_none(pads, "--pads"),
        "strides": _ints_or_none(strides, "--strides"),
    }


@click.command(name="onnx.ConvTranspose")
@_options
@click.option("--output-padding", default=None, help="Comma-separated ints.")
@click.option("--output-shape", default=None, help="Spatial output shape, comma-separated.")
def conv_transpose_command(
    x_path: str,
    w_path: str,
    b_path: str | None,
    auto_pad: str,
    dilations: str | None,
    group: int,
    kernel_shape: str | None,
    pads: str | None,
    strides: str | None,
    at: str,
    output_padding: str | None,
    output_shape: str | None,
) -> None:
    """Explain one element of the ONNX ConvTranspose operator."""
    b = None if b_path is None else load_array(b_path, "B")
    explanation = al_onnx.conv_transpose.explain(
        load_array(x_path, "X"),
        load_array(w_path, "W"),
        b,
        output_padding=_ints_or_none(output_padding, "--output-padding"),
        output_shape=_ints_or_none(output_shape, "--output-shape"),
        at=parse_ints(at, "--at"),
        **_attrs(dilations, group, kernel_shape, pads, strides, auto_pad),
    )
    print_explanation(explanation)


@click.command(name="onnx.Conv")
@_options
def conv_command(
    x_path: str,
    w_path: str,
    b_path: str | None,
    auto_pad: str,
    dilations: str | None,
    group: int,
    kernel_shape: str | None,
    pads: str | None,
    strides: str | None,
    at: str,
) -> None:
    """Explain one element of the ONNX Conv operator."""
    b = None if b_path is None else load_array(b_path, "B")
    explanation = al_onnx.conv.explain(
        load_array(x_path, "X"),
        load_array(w_path, "W"),
        b,
        at=parse_ints(at, "--at"),
        **_attrs(dilations, group, kernel_shape, pads, strides, auto_pad),
    )
    print_explanation(explanation)
