"""``arraylens demo --only pooling``: one plane average-pooled by torch (ceil_mode,
count_include_pad=True), ONNX (count_include_pad=0) and TF SAME; the edge elements that differ and
the corner's divisor 4 vs 1 explained; figures and pages written and named."""

from __future__ import annotations

import io

import numpy as np
import pytest
from rich.console import Console

from arraylens.demos import DEMOS, run_demo
from arraylens.demos.pooling import results


def test_the_three_results_are_the_libraries_values() -> None:
    torch = pytest.importorskip("torch")
    tf = pytest.importorskip("tensorflow")
    x = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
    got = [y for y, _ in results().values()]
    want_torch = torch.nn.functional.avg_pool2d(torch.tensor(x), 3, 2, 1, ceil_mode=True).numpy()
    np.testing.assert_array_equal(got[0], want_torch)
    assert got[0][0, 0, 3, 3] == 8.75 and got[0][0, 0, 0, 0] == np.float32(14 / 9)
    # ONNX count_include_pad=0 divides by the input cells only: the corner 35 / 1, (0, 0) 14 / 4
    assert got[1][0, 0, 3, 3] == 35 and got[1][0, 0, 0, 0] == 3.5
    np.testing.assert_array_equal(got[1], torch.nn.functional.avg_pool2d(
        torch.tensor(x), 3, 2, 1, ceil_mode=True, count_include_pad=False).numpy())
    want_tf = tf.nn.avg_pool2d(x.transpose(0, 2, 3, 1), 3, 2, "SAME").numpy().transpose(0, 3, 1, 2)
    np.testing.assert_array_equal(got[2], want_tf)
    assert got[2].shape == (1, 1, 3, 3) and got[2][0, 0, 2, 2] == 31.5  # (28 + 29 + 34 + 35) / 4


def test_demo_explains_the_corner_divisors_and_names_its_files(tmp_path) -> None:
    demo = next(d for d in DEMOS if d.name == "pooling")
    buffer = io.StringIO()
    run_demo(demo, Console(file=buffer, width=400), tmp_path)
    text = buffer.getvalue()
    assert "out[0, 0, 3, 3] = 8.75: the sum of 1 input cell / 4" in text
    assert "count_include_pad=True counts the padded row 6 and column 6 (3 cells) but not the ceil-mode row 7 " \
           "and column 7 beyond them (5 cells): divisor 4" in text
    assert "out[0, 0, 3, 3] = 35: the sum of 1 input cell / 1" in text
    assert "tf.nn.avg_pool2d: out[0, 2, 2, 0] = 31.5" in text
    assert "torch and ONNX differ at 12 of 16 elements, all on the border" in text
    assert "the corner divisor: torch 4 (input + padding, not the ceil extension), ONNX 1" in text
    for name in ("pool_torch_corner", "pool_onnx_corner", "pool_tf_corner"):
        png, html = tmp_path / f"{name}.png", tmp_path / f"{name}.html"
        assert f"wrote {png}" in text and f"wrote {html}" in text
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert '"kind":"pool"' in html.read_text("utf-8")
