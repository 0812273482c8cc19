"""What an audit costs: ``arraylens.audit`` of a 10-node model on a 1x3x256x256 input, against
onnxruntime's own run of the same model and arraylens's own compute of the checked nodes.

Run by hand from a checkout with the test extras installed::

    .venv/bin/python benchmarks/audit_overhead.py [--repeat 5]

The model (onnx.helper, opset 17): Conv 3->16 3x3 pad 1, Relu, Conv 16->16 3x3 pad 1, Pad
reflect 1, Conv 16->16 3x3 stride 2, ConvTranspose 16->16 4x4 stride 2 pad 1, Relu,
SpaceToDepth 2, DepthToSpace 2 (CRD), Conv 16->3 1x1: 10 nodes, 8 of them checked. Reported
(median of ``--repeat`` runs after a warm-up): onnxruntime's ``session.run`` of the model as
given (session made once, outside the timing); arraylens's compute of the 8 checked nodes from
the same inputs; the whole audit (load, checker, shape inference, session with every value
exposed, run, recompute, compare, report); and the audit against the target
``3 x onnxruntime + arraylens``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

import arraylens
from arraylens.auditing.engine import _attributes
from arraylens.auditing.nodes import AUDITED_OPS


def build() -> onnx.ModelProto:
    rng = np.random.default_rng(0)

    def w(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    inits = {"W1": w(16, 3, 3, 3), "W2": w(16, 16, 3, 3), "W3": w(16, 16, 3, 3), "W4": w(16, 16, 4, 4),
             "W5": w(3, 16, 1, 1), "B1": w(16), "pads": np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64)}
    n = helper.make_node
    nodes = [
        n("Conv", ["X", "W1", "B1"], ["a"], pads=[1, 1, 1, 1], name="conv1"),
        n("Relu", ["a"], ["b"], name="relu1"),
        n("Conv", ["b", "W2"], ["c"], pads=[1, 1, 1, 1], name="conv2"),
        n("Pad", ["c", "pads"], ["d"], mode="reflect", name="pad"),
        n("Conv", ["d", "W3"], ["e"], strides=[2, 2], name="down"),
        n("ConvTranspose", ["e", "W4"], ["f"], strides=[2, 2], pads=[1, 1, 1, 1], name="up"),
        n("Relu", ["f"], ["g"], name="relu2"),
        n("SpaceToDepth", ["g"], ["h"], blocksize=2, name="s2d"),
        n("DepthToSpace", ["h"], ["i"], blocksize=2, mode="CRD", name="d2s"),
        n("Conv", ["i", "W5"], ["Y"], name="head"),
    ]
    graph = helper.make_graph(nodes, "bench", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 3, 256, 256])],
                              [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [1, 3, 256, 256])],
                              initializer=[numpy_helper.from_array(v, k) for k, v in inits.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def median_time(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    model = build()
    x = np.random.default_rng(1).standard_normal((1, 3, 256, 256)).astype(np.float32)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    t_ort = median_time(lambda: session.run(None, {"X": x}), args.repeat)
    t_ort_cold = median_time(lambda: ort.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, {"X": x}), args.repeat)

    # arraylens's compute of the checked nodes, from onnxruntime's intermediate values
    report = arraylens.audit(model, {"X": x})
    assert report.exit_status == 0, report.counts
    exposed = onnx.ModelProto()
    exposed.CopyFrom(model)
    for node in model.graph.node:
        exposed.graph.output.append(helper.make_empty_tensor_value_info(node.output[0]))
    s2 = ort.InferenceSession(exposed.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [o.name for o in s2.get_outputs()]
    values = dict(zip(names, s2.run(names, {"X": x}), strict=True))
    values["X"] = x
    values.update({t.name: numpy_helper.to_array(t) for t in model.graph.initializer})
    calls = []
    for node in model.graph.node:
        entry = AUDITED_OPS.get(node.op_type)
        if entry is not None:
            calls.append((entry, *entry.arguments([values[i] for i in node.input], _attributes(node))))

    def compute() -> None:
        for entry, a, k in calls:
            entry.function(*a, **k)

    t_al = median_time(compute, args.repeat)
    t_audit = median_time(lambda: arraylens.audit(model, {"X": x}), args.repeat)
    target = 3 * t_ort + t_al
    target_cold = 3 * t_ort_cold + t_al
    print(f"machine: {platform.processor() or platform.machine()}, onnxruntime {ort.__version__}, "
          f"numpy {np.__version__}; median of {args.repeat}")
    print(f"onnxruntime run (model as given)      {t_ort * 1e3:8.1f} ms")
    print(f"onnxruntime session + first run       {t_ort_cold * 1e3:8.1f} ms")
    print(f"arraylens compute (8 checked nodes)   {t_al * 1e3:8.1f} ms")
    print(f"arraylens.audit (everything)          {t_audit * 1e3:8.1f} ms")
    print(f"target 3 x onnxruntime + arraylens    {target * 1e3:8.1f} ms  -> audit / target = {t_audit / target:.2f}")
    print(f"target 3 x (session + first run) + al {target_cold * 1e3:8.1f} ms  -> audit / target = "
          f"{t_audit / target_cold:.2f}")
    print(f"audit / (onnxruntime + arraylens)     {t_audit / (t_ort + t_al):.2f}")
    timing = arraylens.audit(model, {"X": x}).timing
    print("inside the audit: " + ", ".join(f"{k} {v * 1e3:.1f} ms" for k, v in timing.items()))


if __name__ == "__main__":
    main()
