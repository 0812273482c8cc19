"""``arraylens demo --only resize``: each library's default resize of one image (values checked
against the real libraries), the pixels where they differ, one of them explained and drawn."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from arraylens.demos import DEMOS, run_demo
from arraylens.demos import resize as demo


def test_demo_results_are_the_real_libraries_defaults() -> None:
    torch = pytest.importorskip("torch")
    tf = pytest.importorskip("tensorflow")
    cv2 = pytest.importorskip("cv2")
    from onnx import helper
    from onnx.reference import ReferenceEvaluator

    x = demo.image()
    res = demo.results(x)
    assert np.array_equal(res["torch F.interpolate(x, size) (nearest)"],
                          torch.nn.functional.interpolate(torch.from_numpy(x[None, None]), size=demo.OUT)[0, 0].numpy())
    nhwc = x[None, :, :, None]
    np.testing.assert_allclose(res["tf.image.resize (bilinear)"], tf.image.resize(nhwc, demo.OUT).numpy()[0, :, :, 0],
                               atol=1e-4)
    np.testing.assert_allclose(res["tf.compat.v1.image.resize_bilinear (bilinear, asymmetric)"],
                               tf.compat.v1.image.resize_bilinear(nhwc, demo.OUT).numpy()[0, :, :, 0], atol=1e-4)
    np.testing.assert_allclose(res["cv2.resize(x, dsize) (INTER_LINEAR)"], cv2.resize(x, (demo.OUT[1], demo.OUT[0])),
                               atol=1e-4)
    node = helper.make_node("Resize", ["X", "", "", "sizes"], ["Y"])
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("X", 1, None),
                                            helper.make_tensor_value_info("sizes", 7, None)],
                              [helper.make_tensor_value_info("Y", 1, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    (want,) = ReferenceEvaluator(model).run(None, {"X": x[None, None], "sizes": np.array([1, 1, *demo.OUT])})
    assert np.array_equal(res["ONNX Resize(sizes) (nearest)"], want[0, 0])


def test_demo_prints_the_differences_explains_one_and_writes_its_files(tmp_path: Path) -> None:
    case = next(d for d in DEMOS if d.name == "resize")
    buffer = io.StringIO()
    run_demo(case, Console(file=buffer, width=400), tmp_path)
    text = buffer.getvalue()
    # TF2 (half_pixel) and OpenCV INTER_LINEAR agree on floats; TF1 (asymmetric) does not
    assert "cv2.resize(x, dsize) (INTER_LINEAR): 0 of 72 pixels differ" in text
    assert "tf.compat.v1.image.resize_bilinear (bilinear, asymmetric): 68 of 72 pixels differ, by up to 35.2083" in text
    assert "torch F.interpolate(x, size) (nearest) vs ONNX Resize(sizes) (nearest): " in text
    # out[0, 1]: TF2 x_src = (-0.1875, 0.5) -> (120 + 20) / 2 = 70; TF1 (0, 2/3) -> 120/3 + 2*20/3
    assert "One pixel where they differ, out[0, 1]: TF2 70, TF1 53.3333" in text
    assert "half_pixel: x_src = (0 + 0.5) / 1.6 - 0.5 = -0.1875" in text
    assert "asymmetric: x_src = 1 / 1.5 = 0.666666687" in text  # float32 arithmetic, as TF computes it
    figure, page = tmp_path / demo.FIGURE, tmp_path / demo.PAGE
    assert f"wrote {figure}" in text and str(page) in text
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert '"kind":"resize"' in page.read_text(encoding="utf-8")


def test_the_two_nearest_defaults_pick_different_rows() -> None:
    x = demo.image()
    res = demo.results(x)
    # torch: floor(i * 5 / 8) (asymmetric); ONNX: (i + 0.5) * 5 / 8 - 0.5 rounded half down (half_pixel).
    # Columns (6 -> 9) happen to agree: 0, 0, 1, 2, 2, 3, 4, 4, 5.
    cols = [0, 0, 1, 2, 2, 3, 4, 4, 5]
    assert np.array_equal(res["torch F.interpolate(x, size) (nearest)"], x[[0, 0, 1, 1, 2, 3, 3, 4]][:, cols])
    assert np.array_equal(res["ONNX Resize(sizes) (nearest)"], x[[0, 0, 1, 2, 2, 3, 4, 4]][:, cols])
