"""``arraylens explain keras.Conv{1,2,3}DTranspose``."""

from __future__ import annotations

import click

from arraylens.cli.common import int_or_ints, load_array, parse_ints, print_explanation
from arraylens.frontends import keras as al_keras


def register(group: click.Group) -> None:
    for nd in (1, 2, 3):
        group.add_command(_command(nd))


def _command(nd: int) -> click.Command:
    fn = {1: al_keras.conv1d_transpose, 2: al_keras.conv2d_transpose, 3: al_keras.conv3d_transpose}[
        nd
    ]

    @click.command(name=f"keras.Conv{nd}DTranspose")
    @click.option("--inputs", "inputs_path", required=True, help="Layer input (.npy/.npz/.csv).")
    @click.option(
        "--kernel",
        "kernel_path",
        required=True,
        help="Layer kernel, (*kernel_size, filters, in_channels).",
    )
    @click.option("--bias", "bias_path", default=None, help="Optional layer bias, (filters,).")
    @click.option("--strides", default="1", show_default=True, help="int or comma-separated ints.")
    @click.option(
        "--padding", default="valid", show_default=True, type=click.Choice(["valid", "same"])
    )
    @click.option(
        "--output-padding",
        default="none",
        show_default=True,
        help="'none' (Keras's default) or int / comma-separated ints; none and 0 differ.",
    )
    @click.option(
        "--data-format",
        default="channels_last",
        show_default=True,
        type=click.Choice(["channels_last", "channels_first"]),
    )
    @click.option(
        "--dilation-rate", default="1", show_default=True, help="int or comma-separated ints."
    )
    @click.option("--at", "at", required=True, help="Output index, comma-separated.")
    def command(
        inputs_path: str,
        kernel_path: str,
        bias_path: str | None,
        strides: str,
        padding: str,
        output_padding: str,
        data_format: str,
        dilation_rate: str,
        at: str,
    ) -> None:
        bias = None if bias_path is None else load_array(bias_path, "bias")
        op = (
            None
            if output_padding.lower() == "none"
            else int_or_ints(output_padding, "--output-padding")
        )
        explanation = fn.explain(
            load_array(inputs_path, "inputs"),
            load_array(kernel_path, "kernel"),
            bias,
            int_or_ints(strides, "--strides"),
            padding,
            op,
            data_format,
            int_or_ints(dilation_rate, "--dilation-rate"),
            at=parse_ints(at, "--at"),
        )
        print_explanation(explanation)

    command.help = f"Explain one element of keras.layers.Conv{nd}DTranspose (TensorFlow backend)."
    return command
