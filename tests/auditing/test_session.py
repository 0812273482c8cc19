"""The audit's onnxruntime session: default graph optimizations (the kernels the user runs),
without the memory arena and spinning; the values are those of a session with every default."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import pytest

from arraylens.auditing.model import _session, load_model, make_inputs, run_whole_graph
from tests.auditing.models import clean_model

pytestmark = pytest.mark.conformance  # runs onnxruntime


def test_session_keeps_the_default_optimization_level() -> None:
    options = _session(clean_model()).get_session_options()
    assert options.graph_optimization_level == ort.SessionOptions().graph_optimization_level
    assert options.graph_optimization_level == ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    assert options.enable_cpu_mem_arena is False
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_exposed_values_equal_a_default_sessions_bit_for_bit() -> None:
    loaded = load_model(clean_model())
    feeds, _ = make_inputs(loaded, None, {"H": 40, "W": 33}, 0)
    values, error = run_whole_graph(loaded, feeds)
    assert error is None and values is not None
    exposed = clean_model()
    exposed.graph.output.extend(_typed_outputs(exposed, {o.name for o in exposed.graph.output}))
    default = ort.InferenceSession(exposed.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [o.name for o in default.get_outputs()]
    for name, want in zip(names, default.run(names, feeds), strict=True):
        assert values[name].dtype == want.dtype and np.array_equal(values[name], want), name


def _typed_outputs(m, present):
    from onnx import TensorProto, helper

    return [
        helper.make_tensor_value_info(o, TensorProto.FLOAT, None)
        for n in m.graph.node
        for o in n.output
        if o not in present
    ]


def test_a_file_bytes_and_a_model_object_audit_alike(tmp_path) -> None:
    """A model read from a file or bytes is checked, shape-inferred and run from those bytes
    (the exposed outputs appended as a second message, which protobuf merges); an object is
    serialized once. The three give the same report."""
    from arraylens import audit

    m = clean_model()
    path = tmp_path / "m.onnx"
    path.write_bytes(m.SerializeToString())
    loaded = load_model(path)
    assert loaded.data == path.read_bytes() and load_model(m).data is None
    records = [
        [(n.verdict, n.output_shape, n.difference) for n in audit(src, dims={"H": 9, "W": 7}).nodes]
        for src in (m, path, path.read_bytes())
    ]
    assert records[0] == records[1] == records[2]
    assert [r[0] for r in records[0]] == ["agree", "unsupported", "agree", "agree", "agree", "agree"]


def test_a_model_with_external_data_runs_from_its_loaded_weights(tmp_path) -> None:
    import onnx

    from arraylens import audit

    m = clean_model()
    path = tmp_path / "ext.onnx"
    onnx.save_model(
        m, str(path), save_as_external_data=True, all_tensors_to_one_file=True, location="weights.bin", size_threshold=0
    )
    assert (tmp_path / "weights.bin").exists()
    loaded = load_model(path)
    assert loaded.data is None  # the file alone lacks the weights
    report = audit(path, dims={"H": 9, "W": 7})
    assert [n.verdict for n in report.nodes] == ["agree", "unsupported", "agree", "agree", "agree", "agree"]
