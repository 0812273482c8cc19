"""``arraylens explain`` for the block rearrangements: output, figure, page, one-line errors."""

from __future__ import annotations

import numpy as np
from click.testing import CliRunner

from arraylens.cli.main import cli
from arraylens.core import registry


def _save(tmp_path, a):
    path = tmp_path / "x.npy"
    np.save(path, a)
    return str(path)


def test_tf_depth_to_space_explains_with_figure_and_page(tmp_path):
    x = _save(tmp_path, np.arange(16, dtype=np.float32).reshape(1, 2, 2, 4))
    fig, page = tmp_path / "d.png", tmp_path / "d.html"
    result = CliRunner().invoke(cli, ["explain", "tf.nn.depth_to_space", "--input", x, "--block-size", "2",
                                      "--at", "0,1,2,0", "--figure", str(fig), "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "result shape (1, 4, 4, 1), dtype float32" in result.output
    # y = 1 -> (h, by) = (0, 1); x = 2 -> (w, bx) = (1, 0); DCR k = (1*2 + 0)*1 + 0 = 2
    assert "out[0, 1, 2, 0] = x[0, 0, 1, 2] = 6" in result.output
    assert fig.read_bytes().startswith(b"\x89PNG") and page.stat().st_size > 1000


def test_pixel_shuffle_alias_and_error_exit_status(tmp_path):
    assert registry.get("F.pixel_shuffle") is registry.get("torch.pixel_shuffle")
    x = _save(tmp_path, np.zeros((1, 3, 2, 2)))
    result = CliRunner().invoke(cli, ["explain", "torch.pixel_shuffle", "--input", x, "--upscale-factor", "2",
                                      "--at", "0,0,0,0"])
    assert result.exit_code == 2
    assert "input.size(-3)=3 is not divisible by 4" in result.output


def test_onnx_depth_to_space_crd_on_the_command_line(tmp_path):
    x = _save(tmp_path, np.arange(8, dtype=np.float32).reshape(1, 8, 1, 1))
    result = CliRunner().invoke(cli, ["explain", "onnx.DepthToSpace", "--input", x, "--blocksize", "2",
                                      "--mode", "CRD", "--at", "0,1,0,1"])
    assert result.exit_code == 0, result.output
    assert "out[0, 1, 0, 1] = x[0, 5, 0, 0] = 5" in result.output
    assert "the DCR order would have taken x[0, 3, 0, 0] = 3" in result.output
