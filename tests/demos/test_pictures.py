"""`arraylens demo` writes the pictures: overlay, direct view, page, learned kernel grid."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens.cli.main import cli
from arraylens.demos.digits_kernels import digits_conv1
from arraylens.render.figures import kernels


def test_demo_writes_every_picture(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("conv2d_transpose_overlay.png", "conv2d_transpose_direct.png",
                 "digits_conv1_kernels.png"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000, name
    page = (tmp_path / "conv2d_transpose.html").read_text()
    assert "tf.nn.conv2d_transpose: out[0, 0, 0, 0] = 67" in page
    assert "digits conv1" not in page
    assert "held-out accuracy" in result.output


def test_shipped_digits_weights_and_their_grid():
    data = digits_conv1()
    w = data["weight"]
    assert w.shape == (8, 1, 3, 3) and w.dtype == np.float32
    assert str(data["layout"]) == "OIHW"
    assert data["bias"].shape == (8,)
    assert float(data["test_accuracy"]) > 0.9
    assert "scripts/train_digits_conv.py" in str(data["made_by"])
    assert np.isfinite(w).all() and w.min() < 0 < w.max()  # signed: imshow would clip them
    fig = kernels(w, "OIHW")
    (cbar,) = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    lo, hi = cbar.get_ylim()
    assert (lo, hi) == pytest.approx((-np.abs(w).max(), np.abs(w).max()))
    images = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    np.testing.assert_array_equal(np.array(images), w[:, 0])
