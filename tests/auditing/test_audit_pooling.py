"""The poolings in arraylens audit: recomputed at the model's opset, described in PyTorch's
terms, and onnxruntime's ceil_mode rule before opset 22 named as the reason it diverges."""

from __future__ import annotations

import pytest

from arraylens import audit
from arraylens.onnx import notes_for
from tests.auditing.models import pooling_model

pytestmark = pytest.mark.conformance  # runs onnxruntime


def test_every_pooling_agrees_at_opset_22() -> None:
    report = audit(pooling_model())
    assert {n.name: n.verdict for n in report.nodes} == {
        "maxpool": "agree", "avgpool": "agree", "lppool": "agree", "gap": "agree", "gmp": "agree"}
    assert report.exit_status == 0
    maxpool = next(n for n in report.nodes if n.name == "maxpool")
    # 7 rows, k3 s2 p1, ceil: the 5th window would start at row 8 - 1 = 7 (padding): dropped
    assert maxpool.output_shape == maxpool.specification_shape == (1, 2, 4, 4)
    assert maxpool.description == (
        "MaxPool: 2-d, kernel 3x3, stride 2, pads [1, 1, 1, 1], ceil_mode 1: PyTorch's MaxPool2d(3, stride=2, "
        "padding=1, ceil_mode=True); from opset 22 a last window that would start in the right padding is "
        "dropped, as PyTorch drops it")
    avg = next(n for n in report.nodes if n.name == "avgpool")
    assert "count_include_pad 1" in avg.description and "AvgPool2d((3, 2), stride=2" in avg.description


def test_before_opset_22_the_specification_keeps_the_ceil_window_onnxruntime_drops() -> None:
    """Opset 19: plain ceil, 6 cells k2 s2 pads (0, 1) -> ceil(5 / 2) + 1 = 4 windows, the last one
    on the padded cell (counted: 0 / 1); onnxruntime gives 3."""
    from onnx import helper

    from tests.auditing.models import model

    node = helper.make_node("AveragePool", ["X"], ["Y"], kernel_shape=[2], strides=[2], pads=[0, 1], ceil_mode=1,
                            count_include_pad=1, name="mp")
    report = audit(model([node], {"X": [1, 1, 6]}, opset=19, outputs={"Y": ["n", "c", "w"]}))
    (mp,) = report.nodes
    assert mp.specification_shape == (1, 1, 4)
    assert mp.output_shape == (1, 1, 3)
    assert mp.verdict == "diverge" and report.exit_status == 1
    assert [n["key"] for n in mp.runtime_notes] == ["pool_ceil_mode_before_opset_22"]


@pytest.mark.parametrize("op,attrs,shapes,opset,dtype,keys", [
    ("MaxPool", {"kernel_shape": [2], "strides": [2], "pads": [0, 1], "ceil_mode": 1}, [(1, 1, 6)], 19, None,
     ["pool_ceil_mode_before_opset_22"]),
    ("MaxPool", {"kernel_shape": [2], "strides": [2], "pads": [0, 1], "ceil_mode": 1}, [(1, 1, 6)], 22, None, []),
    ("MaxPool", {"kernel_shape": [2], "strides": [2], "ceil_mode": 1}, [(1, 1, 6)], 19, None, []),  # no extra
    ("AveragePool", {"kernel_shape": [3], "auto_pad": "VALID", "ceil_mode": 1}, [(1, 1, 6)], 22, None,
     ["pool_valid_ceil_mode"]),
    ("AveragePool", {"kernel_shape": [4], "auto_pad": "SAME_UPPER", "dilations": [2]}, [(1, 1, 5)], 22, None,
     ["pool_same_with_dilations"]),
    ("LpPool", {"kernel_shape": [3], "strides": [2]}, [(1, 1, 2)], 22, None, ["pool_window_larger_than_input"]),
    ("MaxPool", {"kernel_shape": [2], "pads": [2, 0]}, [(1, 1, 5)], 22, None, ["pool_pads_at_least_kernel"]),
    ("GlobalMaxPool", {}, [(1, 1, 5)], 22, "float64", ["pool_double_types"]),
    ("GlobalMaxPool", {}, [(1, 1, 5)], 22, "float32", []),
    ("MaxPool", {"kernel_shape": [2]}, [(1, 1, 5)], 22, "float64", []),  # onnxruntime's MaxPool takes double
    ("MaxPool", {"kernel_shape": [2], "auto_pad": "SAME_UPPER", "pads": [1, 0]}, [(1, 1, 5)], 22, None,
     ["pool_pads_with_auto_pad"]),
    ("AveragePool", {"kernel_shape": [1, 1, 1, 1]}, [(1, 1, 2, 2, 2, 2)], 22, None,
     ["pool_more_than_three_spatial_axes"]),
    ("LpPool", {"kernel_shape": [2], "p": 0}, [(1, 1, 5)], 22, None, ["lp_pool_p_zero"]),
])
def test_pooling_note_predicates(op, attrs, shapes, opset, dtype, keys) -> None:
    assert [n.key for n in notes_for(op, attrs, shapes, opset=opset, dtype=dtype)] == keys
