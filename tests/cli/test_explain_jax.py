"""``arraylens explain jax.lax.conv_transpose``."""

from __future__ import annotations

import numpy as np
from click.testing import CliRunner

from arraylens.cli.main import cli


def test_cli_jax_conv_transpose(tmp_path) -> None:
    np.save(tmp_path / "x.npy", np.array([[[1.0], [0.0], [0.0]]]))
    np.save(tmp_path / "w.npy", np.array([[[1.0]], [[2.0]], [[3.0]]]))
    base = [
        "explain",
        "jax.lax.conv_transpose",
        "--lhs",
        str(tmp_path / "x.npy"),
        "--rhs",
        str(tmp_path / "w.npy"),
        "--strides",
        "2",
        "--padding",
        "VALID",
    ]
    plain = CliRunner().invoke(cli, [*base, "--at", "0,0,0"])
    assert plain.exit_code == 0, plain.output
    assert "out[0, 0, 0] = 3" in plain.output and "rot180(rhs)" in plain.output
    flipped = CliRunner().invoke(cli, [*base, "--transpose-kernel", "--at", "0,0,0"])
    assert flipped.exit_code == 0 and "out[0, 0, 0] = 1" in flipped.output
    pairs = CliRunner().invoke(
        cli, [*base[:-1], "0,0", "--use-consistent-padding", "--at", "0,4,0"]
    )
    assert pairs.exit_code == 0, pairs.output
    bad = CliRunner().invoke(cli, [*base[:-1], "SAME_LOWER", "--at", "0,0,0"])
    assert bad.exit_code == 2 and "String padding is not implemented" in bad.output


def test_cli_jax_conv_transpose_empty_output_has_no_element_to_explain(tmp_path) -> None:
    """Padding (-2, 0) leaves JAX an empty result (see the conformance test); the CLI says
    there is no such element, in one line with exit status 2."""
    np.save(tmp_path / "x.npy", np.ones((1, 3, 1)))
    np.save(tmp_path / "w.npy", np.ones((2, 1, 1)))
    args = ["explain", "jax.lax.conv_transpose", "--lhs", str(tmp_path / "x.npy")]
    args += ["--rhs", str(tmp_path / "w.npy"), "--strides", "1", "--padding", "-2,0"]
    result = CliRunner().invoke(cli, [*args, "--at", "0,0,0"])
    assert result.exit_code == 2, result.output
    assert "out of range for the output of shape (1, 0, 1): axis 1 has size 0" in result.output
    assert "Traceback" not in result.output
