"""arraylens.audit on models built with onnx.helper: a clean model, each known onnxruntime /
specification difference, each pitfall rule, unsupported operators, the report formats."""

from __future__ import annotations

import json

import numpy as np
import pytest
from onnx import helper

from arraylens import ArgumentError, AuditReport, audit
from arraylens.auditing.nodes import AUDITED_OPS
from arraylens.auditing.pitfalls import PITFALLS
from arraylens.frontends.onnx_runtime_notes import RUNTIME_NOTES
from tests.auditing.models import clean_model, model, one_node, pooling_model, weights

pytestmark = pytest.mark.conformance  # runs onnxruntime


def _node(report: AuditReport, name: str):
    return next(n for n in report.nodes if n.name == name)


def test_clean_model_agrees_and_lists_the_unsupported_relu() -> None:
    report = audit(clean_model(), dims={"H": 6, "W": 5})
    verdicts = {n.name: n.verdict for n in report.nodes}
    assert verdicts == {"conv1": "agree", "relu1": "unsupported", "up": "agree", "pad": "agree",
                        "s2d": "agree", "d2s": "agree"}
    assert report.exit_status == 0
    assert [n.checked for n in report.nodes] == [True, False, True, True, True, True]
    up = _node(report, "up")
    assert up.description == ("ConvTranspose: 2-d, kernel 3x3, stride 2, pads [1, 1, 1, 1], output_padding [1, 1]: "
                              "PyTorch's ConvTranspose2d(..., kernel_size=3, stride=2, padding=1, output_padding=1)")
    assert up.output_shape == up.specification_shape == (1, 2, 12, 10)
    assert up.difference is not None and up.difference.differing == 0 and up.difference.total == 240
    assert _node(report, "pad").description.startswith("Pad: reflect, pads [0, 0, 1, 1, 0, 0, 1, 1]")
    assert report.inputs[0].shape == (1, 3, 6, 5) and report.inputs[0].source == "random (seed 0)"
    assert report.counts == {"agree": 5, "diverge": 0, "pitfall": 0, "unsupported": 1, "not_run": 0}


def test_every_table_entry_is_exercised_by_the_clean_models() -> None:
    assert set(AUDITED_OPS) == {"Conv", "ConvTranspose", "Pad", "DepthToSpace", "SpaceToDepth", "MaxPool",
                                "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "Resize"}
    ops = {n.op_type for m in (clean_model(), pooling_model()) for n in m.graph.node} | {"Resize"}  # below
    assert set(AUDITED_OPS) <= ops


def test_given_inputs_are_used_and_recorded() -> None:
    x = np.ones((1, 3, 4, 4))  # float64: cast to the declared float32
    report = audit(clean_model(), {"X": x}, input_sources={"X": "x.npy"})
    assert report.inputs[0].source == "x.npy (cast from float64)"
    assert report.exit_status == 0


def test_negative_total_padding_diverges_with_its_runtime_note() -> None:
    """conv_transpose_negative_total_padding: SAME_UPPER, kernel 1 < stride 2: the
    specification gives 8 values with a leading zero, onnxruntime clamps to the 7 full ones."""
    report = audit(one_node("ConvTranspose", (1, 1, 4), (1, 1, 1), strides=[2], auto_pad="SAME_UPPER"))
    (node,) = report.nodes
    assert node.verdict == "diverge"
    assert (node.specification_shape, node.output_shape) == ((1, 1, 8), (1, 1, 7))
    assert node.difference is not None and node.difference.shapes_differ
    assert [n["key"] for n in node.runtime_notes] == ["conv_transpose_negative_total_padding"]
    assert [p["rule"] for p in node.pitfalls] == ["conv_transpose_auto_pad_same"]
    worst = node.worst
    assert worst is not None and worst.explanation.startswith("onnx ConvTranspose: out[")
    assert f"out[{', '.join(map(str, worst.index))}]" in worst.explanation
    assert report.exit_status == 1


@pytest.mark.parametrize("op,x,w,attrs,key,message", [
    ("Conv", (1, 1, 7), (1, 1, 3), {"auto_pad": "SAME_UPPER", "dilations": [2]},
     "conv_same_with_dilation", "Dilation not supported"),
    ("ConvTranspose", (1, 1, 4), (1, 1, 3), {"strides": [1], "dilations": [2], "output_padding": [1]},
     "conv_transpose_output_padding_below_dilation", "inconsistent with input spatial dimensions"),
    ("ConvTranspose", (1, 1, 4), (1, 1, 3), {"strides": [2], "output_shape": [12]},
     "conv_transpose_output_shape_overshoot", "Explicit output_shape is inconsistent"),
])
def test_onnxruntime_refusals_are_divergences_with_their_note(op, x, w, attrs, key, message) -> None:
    report = audit(one_node(op, x, w, **attrs))
    assert report.runtime["mode"] == "node_by_node" and message in report.runtime["error"]
    (node,) = report.nodes
    assert node.verdict == "diverge" and node.error is not None
    assert node.error["by"] == "onnxruntime" and message in node.error["message"]
    assert [n["key"] for n in node.runtime_notes] == [key]
    assert node.specification_shape is not None and node.worst is not None and node.worst.onnxruntime is None
    assert report.exit_status == 1


def test_pad_reflect_beyond_the_size_and_the_nodes_after_it() -> None:
    """pad_reflect_beyond_size: onnxruntime refuses; the audit goes on node by node, feeding the
    next node the specification's values, and that node agrees."""
    nodes = [helper.make_node("Pad", ["X", "pads"], ["p"], mode="reflect", name="pad"),
             helper.make_node("Conv", ["p", "W"], ["Y"], name="conv")]
    m = model(nodes, {"X": [1, 1, 3, 3]}, {"pads": np.array([0, 0, 4, 0, 0, 0, 0, 0], np.int64),
                                             "W": weights((2, 1, 2, 2))})
    report = audit(m)
    pad, conv = report.nodes
    assert pad.verdict == "diverge" and [n["key"] for n in pad.runtime_notes] == ["pad_reflect_beyond_size"]
    assert pad.specification_shape == (1, 1, 7, 3)
    assert conv.verdict == "agree" and conv.output_shape == (1, 2, 6, 2)


def test_not_run_after_an_unsupported_node_onnxruntime_refuses() -> None:
    """Node by node, a refused Conv passes the specification's values on; a Reshape (not
    implemented by arraylens) that onnxruntime refuses leaves the node after it not run."""
    nodes = [helper.make_node("Conv", ["X", "W"], ["c"], auto_pad="SAME_UPPER", dilations=[2, 2], name="conv"),
             helper.make_node("Relu", ["c"], ["r"], name="relu"),
             helper.make_node("Reshape", ["r", "shape"], ["s"], name="reshape"),
             helper.make_node("Relu", ["s"], ["Y"], name="relu2")]
    m = model(nodes, {"X": [1, 1, 5, 5]}, {"W": weights((1, 1, 3, 3)), "shape": np.array([1, -1, 7], np.int64)},
              outputs={"Y": ["a", "b", "c"]})
    report = audit(m)
    assert [n.verdict for n in report.nodes] == ["diverge", "unsupported", "unsupported", "not_run"]
    assert report.nodes[1].error is None and report.nodes[1].output_shape == (1, 1, 5, 5)
    assert report.nodes[2].error is not None and report.nodes[2].error["by"] == "onnxruntime"
    assert report.nodes[3].error == {"by": "onnxruntime", "message": "inputs not computed: s"}
    assert report.exit_status == 1


def test_value_divergence_explains_the_worst_element() -> None:
    """With zero tolerance, float32 summation order alone makes elements differ: the worst one
    is explained next to onnxruntime's value."""
    x = np.random.default_rng(5).standard_normal((1, 16, 6, 6)).astype(np.float32)
    m = one_node("Conv", (1, 16, 6, 6), (4, 16, 3, 3), pads=[1, 1, 1, 1])
    strict = audit(m, {"X": x}, rtol=0.0, atol=0.0)
    (node,) = strict.nodes
    assert node.verdict == "diverge" and node.difference is not None and 0 < node.difference.max_abs < 1e-4
    assert node.worst is not None and node.worst.onnxruntime is not None
    assert abs(node.worst.specification - node.worst.onnxruntime) == pytest.approx(node.difference.max_abs)
    assert node.runtime_notes == []
    assert audit(m, {"X": x}).nodes[0].verdict == "agree"


@pytest.mark.parametrize("op,x,w,attrs,producer,rule", [
    ("ConvTranspose", (1, 1, 4, 4), (1, 1, 3, 3), {"strides": [2, 2], "dilations": [3, 3], "output_padding": [2, 2]},
     "", "conv_transpose_output_padding_ge_stride"),
    ("ConvTranspose", (1, 1, 4, 4), (1, 1, 4, 4), {"strides": [2, 2], "auto_pad": "SAME_LOWER"},
     "", "conv_transpose_auto_pad_same"),
    ("AveragePool", (1, 1, 5, 5), None, {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1},
     "", "average_pool_ceil_mode_edges"),
    ("Resize", (1, 1, 4, 4), None, {"mode": "nearest", "coordinate_transformation_mode": "tf_half_pixel_for_nn"},
     "pytorch", "resize_coordinate_mode_vs_producer"),
    ("Resize", (1, 1, 4, 4), None, {"mode": "linear", "coordinate_transformation_mode": "pytorch_half_pixel"},
     "tf2onnx", "resize_coordinate_mode_vs_producer"),
])
def test_each_pitfall_rule_fires(op, x, w, attrs, producer, rule) -> None:
    m = one_node(op, x, w, producer=producer, **attrs)
    if op == "Resize":  # Resize(X, roi, scales)
        m.graph.node[0].input.extend(["", "scales"])
        m.graph.initializer.append(helper.make_tensor("scales", 1, [4], [1.0, 1.0, 2.0, 2.0]))
    report = audit(m)
    (node,) = report.nodes
    assert [p["rule"] for p in node.pitfalls] == [rule]
    assert node.verdict in ("pitfall", "diverge")
    assert report.exit_status == 1


@pytest.mark.parametrize("op,attrs,producer", [
    ("AveragePool", {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1}, ""),  # 4x4: no extra window
    ("AveragePool", {"kernel_shape": [2, 2], "strides": [2, 2]}, ""),
    ("Resize", {"mode": "linear", "coordinate_transformation_mode": "pytorch_half_pixel"}, "pytorch"),
    ("Resize", {"mode": "nearest", "coordinate_transformation_mode": "asymmetric"}, "pytorch"),
    ("Resize", {"mode": "nearest", "coordinate_transformation_mode": "tf_half_pixel_for_nn"}, "tf2onnx"),
    ("Resize", {"mode": "nearest", "coordinate_transformation_mode": "tf_half_pixel_for_nn"}, "other"),
])
def test_pitfall_rules_stay_quiet(op, attrs, producer) -> None:
    m = one_node(op, (1, 1, 4, 4), None, producer=producer, **attrs)
    if op == "Resize":
        m.graph.node[0].input.extend(["", "scales"])
        m.graph.initializer.append(helper.make_tensor("scales", 1, [4], [1.0, 1.0, 2.0, 2.0]))
    report = audit(m)
    recomputed = op == "AveragePool" or attrs["coordinate_transformation_mode"] != "tf_half_pixel_for_nn"
    assert [n.verdict for n in report.nodes] == ["agree" if recomputed else "unsupported"]
    assert report.exit_status == 0


def test_rule_and_note_names_are_unique_and_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "audit.md").read_text()
    names = [p.name for p in PITFALLS] + [n.key for n in RUNTIME_NOTES]
    assert len(set(names)) == len(names)
    for name in names:
        assert f"`{name}`" in doc, name


def test_unsupported_batchnorm_is_listed() -> None:
    c = 2
    nodes = [helper.make_node("BatchNormalization", ["X", "s", "b", "m", "v"], ["Y"], name="bn")]
    m = model(nodes, {"X": [1, c, 3, 3]}, {k: np.ones(c, np.float32) for k in "sbmv"})
    report = audit(m)
    assert [(n.name, n.verdict, n.checked) for n in report.nodes] == [("bn", "unsupported", False)]
    assert report.nodes[0].description == "BatchNormalization"
    assert report.nodes[0].output_shape == (1, 2, 3, 3)


_F32 = np.float32


@pytest.mark.parametrize("kwargs,message", [
    ({"inputs": {"Z": np.zeros((1, 3, 4, 4), _F32)}},
     "the model has no input named 'Z' (its inputs: X (float32, [1, 3, H, W]))"),
    ({"inputs": {"X": np.zeros((1, 3, 4), _F32)}}, "input 'X': shape (1, 3, 4) has 3 dimensions, the model declares 4"),
    ({"inputs": {"X": np.zeros((1, 2, 4, 4), _F32)}}, "does not match X (float32, [1, 3, H, W]) (axis 1 must be 3)"),
    ({"inputs": {"X": np.zeros((1, 3, 4, 4), np.int32)}}, "input 'X': dtype int32, the model declares float32"),
    ({"dims": {"H": 4}}, "input 'X': axis 3 is symbolic ('W'); give it with --dim W=N"),
    ({"dims": {"H": 4, "Q": 3}}, "dimension 'Q': no model input has a symbolic dimension of that name"),
    ({"dims": {"H": 0, "W": 2}}, "dimension 'H' must be a positive integer, got 0"),
])
def test_input_mistakes_are_one_line(kwargs, message) -> None:
    with pytest.raises(ArgumentError) as info:
        audit(clean_model(), **kwargs)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_bad_files_are_one_line(tmp_path) -> None:
    text = tmp_path / "notes.onnx"
    text.write_text("this is not a model\n")
    good = tmp_path / "good.onnx"
    good.write_bytes(clean_model().SerializeToString())
    cut = tmp_path / "cut.onnx"
    cut.write_bytes(good.read_bytes()[:200])
    for path, words in ((text, "not an ONNX model"), (cut, "not an ONNX model"), (tmp_path, "not a regular file"),
                        (tmp_path / "missing.onnx", "no such file")):
        with pytest.raises(ArgumentError) as info:
            audit(path)
        assert words in str(info.value) and "\n" not in str(info.value)


def test_json_and_html_reports(tmp_path) -> None:
    report = audit(one_node("ConvTranspose", (1, 1, 4), (1, 1, 1), strides=[2], auto_pad="SAME_UPPER"))
    report.write(json_path=tmp_path / "r.json", html_path=tmp_path / "r.html")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["schema"] == "arraylens.audit/1"
    assert set(data) == {"schema", "model", "tolerance", "inputs", "runtime", "summary", "nodes", "timing"}
    assert data["summary"] == {"agree": 0, "diverge": 1, "pitfall": 0, "unsupported": 0, "not_run": 0,
                               "exit_status": 1}
    node = data["nodes"][0]
    assert set(node) == {"index", "name", "op", "domain", "verdict", "checked", "description", "inputs", "outputs",
                         "output_shape", "specification_shape", "difference", "worst", "pitfalls", "runtime_notes",
                         "error"}
    assert node["difference"]["max_rel"] == "inf" and node["worst"]["explanation"].startswith("onnx ConvTranspose")
    page = (tmp_path / "r.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page
    assert "conv_transpose_negative_total_padding" in page and "Direct-convolution view" in page


def test_html_escapes_names_from_the_model(tmp_path) -> None:
    m = one_node("ConvTranspose", (1, 1, 4), (1, 1, 1), strides=[2], auto_pad="SAME_UPPER")
    m.graph.node[0].name = "<script>alert(1)</script>"
    page = audit(m).to_html()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_pad_before_opset_11_reads_its_attributes() -> None:
    """Pad-2 (opset < 11) carries pads and value as attributes; the table's call reads them."""
    node = helper.make_node("Pad", ["X"], ["Y"], pads=[0, 0, 1, 2, 0, 0, 2, 1], value=1.5, name="pad2")
    report = audit(model([node], {"X": [1, 2, 3, 3]}, opset=10))
    (n,) = report.nodes
    assert (n.verdict, n.output_shape, n.specification_shape) == ("agree", (1, 2, 6, 6), (1, 2, 6, 6))
    assert n.description.startswith("Pad: constant, pads [0, 0, 1, 2, 0, 0, 2, 1]")


def test_compare_over_blocks_nans_and_shapes() -> None:
    from arraylens.auditing.engine import _CHUNK, _compare

    spec = np.random.default_rng(0).standard_normal((3, _CHUNK)).astype(np.float32)
    got = spec.copy()
    got[2, 7] += 1.0  # the worst, in the last block
    got[0, 3] += 0.5
    got[1, 5] = np.nan  # one NaN: infinitely far
    spec[1, 6] = got[1, 6] = np.nan  # equal NaNs agree
    d, worst = _compare(spec, got, 1e-4, 1e-5)
    assert (d.differing, d.total, d.shapes_differ, worst) == (3, 3 * _CHUNK, False, (1, 5))
    assert d.max_abs == np.inf
    got[1, 5] = spec[1, 5]
    d, worst = _compare(spec, got, 1e-4, 1e-5)
    assert (d.differing, worst) == (2, (2, 7)) and d.max_abs == pytest.approx(1.0)
    assert d.max_rel == pytest.approx(1.0 / abs(float(got[2, 7])), rel=1e-5)
    d, worst = _compare(np.zeros((1, 4)), np.zeros((1, 3)), 0.0, 0.0)  # only the specification has [0, 3]
    assert (d.differing, d.shapes_differ, worst) == (1, True, (0, 3))
    d, worst = _compare(np.array([1, 2], np.int64), np.array([1, 3], np.int64), 0.0, 0.0)
    assert (d.differing, d.max_abs, worst) == (1, 1.0, (1,))


@pytest.mark.parametrize("attrs,scales,verdict,keys", [
    ({"mode": "linear", "coordinate_transformation_mode": "pytorch_half_pixel"}, [1.0, 1.0, 2.0, 2.0], "agree", []),
    ({"mode": "cubic", "coordinate_transformation_mode": "half_pixel"}, [1.0, 1.0, 0.5, 0.75], "agree", []),
    # microsoft/onnxruntime#28085: 26 -> 64 nearest asymmetric floor reads input 12 for output 32 (the spec: 13)
    # (sizes given: the scale is 64 / 26 exactly in the specification, 2.4615386 in float32 in onnxruntime)
    ({"mode": "nearest", "coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"},
     None, "diverge", ["resize_coordinate_arithmetic"]),
])
def test_resize_is_recomputed(attrs, scales, verdict, keys) -> None:
    m = one_node("Resize", (1, 1, 4, 4 if scales else 26), None, **attrs)
    if scales:
        m.graph.node[0].input.extend(["", "scales"])
        m.graph.initializer.append(helper.make_tensor("scales", 1, [4], scales))
    else:
        m.graph.node[0].input.extend(["", "", "sizes"])
        m.graph.initializer.append(helper.make_tensor("sizes", 7, [4], [1, 1, 4, 64]))
    report = audit(m)
    (node,) = report.nodes
    assert node.checked and node.verdict == verdict
    assert [n["key"] for n in node.runtime_notes] == keys
    if verdict == "diverge":
        assert node.worst is not None and node.worst.index[-1] == 32
        assert "asymmetric: x_src = 32 / 2.46154 = 13" in node.worst.explanation
