"""``arraylens explain jax.lax.conv_transpose``."""

from __future__ import annotations

from typing import Any

import click

from arraylens.cli.common import load_array, parse_ints, print_explanation
from arraylens.frontends import jax as al_jax


def register(group: click.Group) -> None:
    group.add_command(conv_transpose_command)


def _padding(text: str) -> Any:
    """'SAME', 'VALID', 'SAME_LOWER', or pairs '1,1;0,2' (low,high per spatial axis)."""
    if text.upper() in ("SAME", "VALID", "SAME_LOWER"):
        return text  # as typed: at stride 1 JAX treats 'same' differently from "SAME"
    pairs = []
    for part in text.split(";"):
        values = parse_ints(part, "--padding")
        if len(values) != 2:
            raise click.UsageError(f"--padding pairs are 'low,high;low,high', got {text!r}")
        pairs.append((values[0], values[1]))
    return pairs


@click.command(name="jax.lax.conv_transpose")
@click.option("--lhs", "lhs_path", required=True, help="lhs array (.npy/.npz/.csv).")
@click.option("--rhs", "rhs_path", required=True, help="rhs array (.npy/.npz/.csv).")
@click.option("--strides", required=True, help="Comma-separated ints, one per spatial axis.")
@click.option("--padding", required=True, help="SAME, VALID, SAME_LOWER or pairs 'lo,hi;lo,hi'.")
@click.option("--rhs-dilation", default=None, help="Comma-separated ints.")
@click.option("--dimension-numbers", default=None, help="Three layouts, e.g. NCHW,OIHW,NCHW.")
@click.option(
    "--transpose-kernel", is_flag=True, help="Rotate rhs and swap its I/O axes, as JAX does."
)
@click.option(
    "--use-consistent-padding", is_flag=True, help="Pairs are the forward convolution's padding."
)
@click.option("--at", "at", required=True, help="Output index, comma-separated.")
def conv_transpose_command(
    lhs_path: str,
    rhs_path: str,
    strides: str,
    padding: str,
    rhs_dilation: str | None,
    dimension_numbers: str | None,
    transpose_kernel: bool,
    use_consistent_padding: bool,
    at: str,
) -> None:
    """Explain one element of jax.lax.conv_transpose."""
    dn = None
    if dimension_numbers is not None:
        dn = tuple(s.strip() for s in dimension_numbers.split(","))
    pad = _padding(padding)
    if use_consistent_padding and isinstance(pad, list):
        pad = [tuple(p) for p in pad]
    explanation = al_jax.conv_transpose.explain(
        load_array(lhs_path, "lhs"),
        load_array(rhs_path, "rhs"),
        parse_ints(strides, "--strides"),
        pad,
        None if rhs_dilation is None else parse_ints(rhs_dilation, "--rhs-dilation"),
        dn,
        transpose_kernel,
        use_consistent_padding,
        at=parse_ints(at, "--at"),
    )
    print_explanation(explanation)
