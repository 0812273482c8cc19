"""arraylens.onnx explanations and the CLI subcommands."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

import arraylens.frontends.onnx as al
from arraylens.cli.main import cli


@pytest.mark.parametrize(
    ("fn", "xs", "ws", "attrs"),
    [
        (
            al.conv_transpose,
            (2, 4, 3, 2),
            (4, 1, 3, 2),
            {"strides": [2, 3], "group": 2, "pads": [1, 0, 0, 2], "output_padding": [1, 2]},
        ),
        (
            al.conv_transpose,
            (1, 2, 3),
            (2, 3, 4),
            {"strides": [2], "auto_pad": "SAME_LOWER", "dilations": [2]},
        ),
        (
            al.conv_transpose,
            (1, 1, 2, 2, 2),
            (1, 2, 2, 1, 2),
            {"output_shape": [4, 3, 5], "strides": [2, 2, 2]},
        ),
        (
            al.conv,
            (2, 2, 5, 4),
            (4, 1, 2, 3),
            {"group": 2, "auto_pad": "SAME_UPPER", "strides": [2, 1]},
        ),
    ],
)
def test_explain_every_index_matches_compute(fn, xs, ws, attrs) -> None:
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal(xs), rng.standard_normal(ws)
    m = ws[1] * attrs.get("group", 1) if fn is al.conv_transpose else ws[0]
    b = rng.standard_normal(m)
    out = fn(x, w, b, **attrs)
    for index in np.ndindex(out.shape):
        e = fn.explain(x, w, b, at=index, **attrs)
        assert e.value == pytest.approx(out[index], abs=1e-12)
        assert e.check()
        for t in e.terms:
            assert x[t.input_index] == t.input_value and w[t.weight_index] == t.weight_value


def test_cli_onnx_conv_transpose(tmp_path) -> None:
    np.save(tmp_path / "x.npy", np.arange(1.0, 5.0).reshape(1, 1, 4))
    np.save(tmp_path / "w.npy", np.ones((1, 1, 3)))
    base = [
        "explain",
        "onnx.ConvTranspose",
        "--X",
        str(tmp_path / "x.npy"),
        "--W",
        str(tmp_path / "w.npy"),
        "--strides",
        "2",
    ]
    result = CliRunner().invoke(cli, [*base, "--output-shape", "8", "--at", "0,0,0"])
    assert result.exit_code == 0, result.output
    assert "Y[0, 0, 0] = 1" in result.output
    assert "odd element at the beginning" in result.output
    bad = CliRunner().invoke(cli, [*base, "--output-padding", "2", "--at", "0,0,0"])
    assert bad.exit_code == 2 and "output_padding[0] (2)" in bad.output
    bad = CliRunner().invoke(
        cli, [*base, "--auto-pad", "SAME_UPPER", "--pads", "1,1", "--at", "0,0,0"]
    )
    assert bad.exit_code == 2 and "cannot be used simultaneously" in bad.output


def test_cli_onnx_conv(tmp_path) -> None:
    np.save(tmp_path / "x.npy", np.arange(1.0, 6.0).reshape(1, 1, 5))
    np.save(tmp_path / "w.npy", np.ones((1, 1, 2)))
    result = CliRunner().invoke(
        cli,
        [
            "explain",
            "onnx.Conv",
            "--X",
            str(tmp_path / "x.npy"),
            "--W",
            str(tmp_path / "w.npy"),
            "--auto-pad",
            "SAME_LOWER",
            "--at",
            "0,0,0",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Y[0, 0, 0] = 1" in result.output
