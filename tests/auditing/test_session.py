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
