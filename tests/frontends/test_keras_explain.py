"""arraylens.keras explanations and the CLI subcommand."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

import arraylens.frontends.keras as al
from arraylens.cli.main import cli


@pytest.mark.parametrize(
    "kwargs",
    [
        {"strides": (2, 1), "padding": "same", "output_padding": 0},
        {"strides": (2, 3), "padding": "valid"},
        {"dilation_rate": 2, "padding": "same", "data_format": "channels_first"},
    ],
)
def test_explain_every_index(kwargs) -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 3, 3, 3) if kwargs.get("data_format") else (1, 3, 3, 2))
    c_in = 3 if kwargs.get("data_format") else 2
    kernel, bias = rng.standard_normal((3, 3, 4, c_in)), rng.standard_normal(4)
    out = al.conv2d_transpose(x, kernel, bias, **kwargs)
    for index in np.ndindex(out.shape):
        e = al.conv2d_transpose.explain(x, kernel, bias, at=index, **kwargs)
        assert e.value == pytest.approx(out[index], abs=1e-12) and e.check()
        assert e.op == "keras.layers.Conv2DTranspose"
        for t in e.terms:
            assert x[t.input_index] == t.input_value and kernel[t.weight_index] == t.weight_value


def test_keras_rejections_with_its_wording() -> None:
    x, k = np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 1))
    with pytest.raises(ValueError, match="`output_padding` must be strictly less than `strides`"):
        al.conv2d_transpose(x, k, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="not supported in conjunction with `dilation_rate > 1`"):
        al.conv2d_transpose(x, k, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="TensorFlow rejects it"):
        al.conv2d_transpose(x, np.ones((2, 2, 1, 1)), strides=2, padding="same", output_padding=0)


def test_cli_keras_conv2d_transpose(tmp_path) -> None:
    np.save(tmp_path / "x.npy", np.arange(16.0).reshape(1, 4, 4, 1))
    np.save(tmp_path / "k.npy", np.ones((3, 3, 1, 1)))
    base = [
        "explain",
        "keras.Conv2DTranspose",
        "--inputs",
        str(tmp_path / "x.npy"),
        "--kernel",
        str(tmp_path / "k.npy"),
        "--strides",
        "2",
        "--padding",
        "same",
    ]
    none = CliRunner().invoke(cli, [*base, "--at", "0,7,7,0"])
    assert none.exit_code == 0, none.output
    zero = CliRunner().invoke(cli, [*base, "--output-padding", "0", "--at", "0,7,7,0"])
    assert zero.exit_code == 2 and "out of range" in zero.output  # 7x7 output with 0
