"""``arraylens explain torch.conv_transpose{1,2,3}d`` and ``torch.conv{1,2,3}d``."""

from __future__ import annotations

from typing import Any

import click

from arraylens.cli.common import int_or_ints, load_array, parse_ints, print_explanation
from arraylens.frontends import torch as al_torch


def register(group: click.Group) -> None:
    for nd in (1, 2, 3):
        group.add_command(_transpose_command(nd))
        group.add_command(_conv_command(nd))


def _common_options(f: Any) -> Any:
    for option in reversed(
        [
            click.option(
                "--input",
                "input_path",
                required=True,
                help="Input array (.npy/.npz/.csv), (N, C, *spatial) or (C, *spatial).",
            ),
            click.option(
                "--weight", "weight_path", required=True, help="Weight array (.npy/.npz/.csv)."
            ),
            click.option(
                "--bias", "bias_path", default=None, help="Optional bias array, shape (C_out,)."
            ),
            click.option(
                "--stride", default="1", show_default=True, help="int or comma-separated ints."
            ),
            click.option(
                "--dilation", default="1", show_default=True, help="int or comma-separated ints."
            ),
            click.option("--groups", default=1, show_default=True, type=int),
            click.option(
                "--at",
                "at",
                required=True,
                help="Output index, comma-separated, in the output's layout.",
            ),
        ]
    ):
        f = option(f)
    return f


def _transpose_command(nd: int) -> click.Command:
    fn = {1: al_torch.conv_transpose1d, 2: al_torch.conv_transpose2d, 3: al_torch.conv_transpose3d}[
        nd
    ]

    @click.command(name=f"torch.conv_transpose{nd}d")
    @_common_options
    @click.option("--padding", default="0", show_default=True, help="int or comma-separated ints.")
    @click.option(
        "--output-padding", default="0", show_default=True, help="int or comma-separated ints."
    )
    @click.option(
        "--output-size", default=None, help="Like nn.ConvTranspose forward(input, output_size)."
    )
    def command(
        input_path: str,
        weight_path: str,
        bias_path: str | None,
        stride: str,
        dilation: str,
        groups: int,
        at: str,
        padding: str,
        output_padding: str,
        output_size: str | None,
    ) -> None:
        x = load_array(input_path, "input")
        w = load_array(weight_path, "weight")
        b = None if bias_path is None else load_array(bias_path, "bias")
        explanation = fn.explain(
            x,
            w,
            b,
            int_or_ints(stride, "--stride"),
            int_or_ints(padding, "--padding"),
            int_or_ints(output_padding, "--output-padding"),
            groups,
            int_or_ints(dilation, "--dilation"),
            output_size=None if output_size is None else parse_ints(output_size, "--output-size"),
            at=parse_ints(at, "--at"),
        )
        print_explanation(explanation)

    command.help = f"Explain one element of torch.nn.functional.conv_transpose{nd}d."
    return command


def _conv_command(nd: int) -> click.Command:
    fn = {1: al_torch.conv1d, 2: al_torch.conv2d, 3: al_torch.conv3d}[nd]

    @click.command(name=f"torch.conv{nd}d")
    @_common_options
    @click.option(
        "--padding",
        default="0",
        show_default=True,
        help="int, comma-separated ints, 'same' or 'valid'.",
    )
    def command(
        input_path: str,
        weight_path: str,
        bias_path: str | None,
        stride: str,
        dilation: str,
        groups: int,
        at: str,
        padding: str,
    ) -> None:
        x = load_array(input_path, "input")
        w = load_array(weight_path, "weight")
        b = None if bias_path is None else load_array(bias_path, "bias")
        pad: Any = padding if padding in ("same", "valid") else int_or_ints(padding, "--padding")
        explanation = fn.explain(
            x,
            w,
            b,
            int_or_ints(stride, "--stride"),
            pad,
            int_or_ints(dilation, "--dilation"),
            groups,
            at=parse_ints(at, "--at"),
        )
        print_explanation(explanation)

    command.help = f"Explain one element of torch.nn.functional.conv{nd}d."
    return command
