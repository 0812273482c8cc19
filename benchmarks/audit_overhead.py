"""What an audit costs: ``arraylens.audit`` of a 10-node model on a 1x3x256x256 input, against
onnxruntime's own run of the same model and arraylens's own compute of the checked nodes.

Run by hand from a checkout with the test extras installed::

    .venv/bin/python benchmarks/audit_overhead.py [--repeat 5] [--threads N]

The model (onnx.helper, opset 17): Conv 3->16 3x3 pad 1, Relu, Conv 16->16 3x3 pad 1, Pad
reflect 1, Conv 16->16 3x3 stride 2, ConvTranspose 16->16 4x4 stride 2 pad 1, Relu,
SpaceToDepth 2, DepthToSpace 2 (CRD), Conv 16->3 1x1: 10 nodes, 8 of them checked. Reported
(median of ``--repeat`` runs after a warm-up): onnxruntime's ``session.run`` of the model as
given (session made once, outside the timing); arraylens's compute of the 8 checked nodes from
the same inputs; the whole audit (load, checker, shape inference, session with every value
exposed, run, recompute, compare, report); and the audit against the target
``3 x onnxruntime + arraylens``. Each is given as wall time and as CPU time (``time.process_time``:
every thread of the process, spinning ones included; steadier than wall time on a shared
machine), median and minimum. ``--threads N`` runs everything on N threads: OpenBLAS,
onnxruntime's sessions (``intra_op_num_threads``, the audit's own session included: the script
wraps ``onnxruntime.SessionOptions``) and arraylens's transposed-convolution phase fill (N=1: off);
with ``--threads 1`` the CPU time is the work itself, without threads waiting for each other.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable

from _timing import blas_threads_from_argv

blas_threads_from_argv(sys.argv)  # before NumPy is imported

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import arraylens  # noqa: E402
from arraylens.auditing import engine  # noqa: E402
from arraylens.auditing.engine import _attributes  # noqa: E402
from arraylens.auditing.model import load_model, make_inputs, run_whole_graph  # noqa: E402
from arraylens.auditing.nodes import AUDITED_OPS  # noqa: E402


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


Timing = tuple[float, float, float, float]  # wall median, wall min, CPU median, CPU min (seconds)


def median_time(fn: Callable[[], object], repeat: int) -> Timing:
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    return statistics.median(wall), min(wall), statistics.median(cpu), min(cpu)


def split_cpu(model: onnx.ModelProto, x: np.ndarray, repeat: int) -> dict[str, float]:
    """The audit's phases one after the other, as ``arraylens.audit`` runs them: CPU medians (s)."""
    compare = engine._compare
    spent = [0.0]

    def timed_compare(*args: object) -> object:
        c0 = time.process_time()
        try:
            return compare(*args)  # type: ignore[arg-type]
        finally:
            spent[0] += time.process_time() - c0

    rows: dict[str, list[float]] = {}
    engine._compare = timed_compare  # type: ignore[assignment]
    try:
        for i in range(repeat + 1):
            spent[0] = 0.0
            c = [time.process_time()]
            loaded = load_model(model)
            c.append(time.process_time())
            feeds, _ = make_inputs(loaded, {"X": x}, None, 0)
            values, error = run_whole_graph(loaded, feeds)
            assert values is not None, error
            c.append(time.process_time())
            known = {**feeds, **values}
            for index, node in enumerate(loaded.model.graph.node):
                engine._audit_node(loaded, index, node, known, "whole_graph", engine.DEFAULT_RTOL, engine.DEFAULT_ATOL)
            c.append(time.process_time())
            del known, values
            c.append(time.process_time())
            if i:  # the first pass warms up
                for name, t in (("load, check, shape inference", c[1] - c[0]),
                                ("inputs and onnxruntime's exposed run", c[2] - c[1]),
                                ("recompute the nodes (and the rest)", c[3] - c[2] - spent[0]),
                                ("compare", spent[0]), ("free the values", c[4] - c[3])):
                    rows.setdefault(name, []).append(t)
    finally:
        engine._compare = compare  # type: ignore[assignment]
    return {k: statistics.median(v) for k, v in rows.items()}


def _ms(t: Timing) -> str:
    return f"{t[0] * 1e3:8.1f} {t[1] * 1e3:8.1f} {t[2] * 1e3:8.1f} {t[3] * 1e3:8.1f}"


def _limit_threads(n: int) -> None:
    """Every onnxruntime session on ``n`` intra-op threads, arraylens's phase fill off for n = 1."""
    options_type = ort.SessionOptions

    def options() -> ort.SessionOptions:
        o = options_type()
        o.intra_op_num_threads = n
        return o

    ort.SessionOptions = options  # type: ignore[misc]
    if n == 1:
        from arraylens.ops.conv import kernel

        kernel.PARALLEL_FROM = 1 << 62


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=None, help="OpenBLAS threads (read before NumPy loads)")
    args = parser.parse_args()
    if args.threads is not None:
        _limit_threads(args.threads)
    model = build()
    x = np.random.default_rng(1).standard_normal((1, 3, 256, 256)).astype(np.float32)
    session = ort.InferenceSession(model.SerializeToString(), ort.SessionOptions(), providers=["CPUExecutionProvider"])
    t_ort = median_time(lambda: session.run(None, {"X": x}), args.repeat)
    t_ort_cold = median_time(lambda: ort.InferenceSession(
        model.SerializeToString(), ort.SessionOptions(), providers=["CPUExecutionProvider"]).run(None, {"X": x}),
        args.repeat)

    # arraylens's compute of the checked nodes, from onnxruntime's intermediate values
    report = arraylens.audit(model, {"X": x})
    assert report.exit_status == 0, report.counts
    exposed = onnx.ModelProto()
    exposed.CopyFrom(model)
    for node in model.graph.node:
        exposed.graph.output.append(helper.make_empty_tensor_value_info(node.output[0]))
    s2 = ort.InferenceSession(exposed.SerializeToString(), ort.SessionOptions(), providers=["CPUExecutionProvider"])
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
    inside: list[dict[str, float]] = []
    t_audit = median_time(lambda: inside.append(arraylens.audit(model, {"X": x}).timing), args.repeat)
    print(f"machine: {platform.processor() or platform.machine()}, onnxruntime {ort.__version__}, "
          f"numpy {np.__version__}; {args.repeat} runs, ms")
    print(f"{'':38s}{'wall med':>9s}{'min':>9s}{'cpu med':>9s}{'min':>9s}")
    print(f"onnxruntime run (model as given)      {_ms(t_ort)}")
    print(f"onnxruntime session + first run       {_ms(t_ort_cold)}")
    print(f"arraylens compute (8 checked nodes)   {_ms(t_al)}")
    print(f"arraylens.audit (everything)          {_ms(t_audit)}")
    for clock, i in (("wall", 0), ("cpu", 2)):
        target = 3 * t_ort[i] + t_al[i]
        target_cold = 3 * t_ort_cold[i] + t_al[i]
        print(f"{clock:4s} medians: target 3 x onnxruntime + arraylens {target * 1e3:.1f} -> audit / target = "
              f"{t_audit[i] / target:.2f}; 3 x (session + first run) + arraylens {target_cold * 1e3:.1f} -> "
              f"{t_audit[i] / target_cold:.2f}; audit / (onnxruntime + arraylens) "
              f"{t_audit[i] / (t_ort[i] + t_al[i]):.2f}")
    print("inside the audit, phase by phase (CPU medians): " + ", ".join(
        f"{k} {v * 1e3:.1f} ms" for k, v in split_cpu(model, x, args.repeat).items()))
    print("inside the audit (wall medians): " + ", ".join(
        f"{k} {statistics.median(t[k] for t in inside) * 1e3:.1f} ms" for k in inside[0]))


if __name__ == "__main__":
    main()
