"""Small ONNX models built with onnx.helper for the audit tests."""

from __future__ import annotations

import importlib

import numpy as np

onnx = importlib.import_module("onnx")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402


def model(nodes, inputs, initializers=(), *, producer: str = "", opset: int = 22, outputs=None):
    """A model: ``inputs`` maps names to shapes (float32); every node output not consumed is a
    graph output (typed float32, rank from ``outputs`` or unknown dims)."""
    consumed = {i for n in nodes for i in n.input}
    produced = [o for n in nodes for o in n.output if o not in consumed]
    graph = helper.make_graph(
        list(nodes), "audit_test",
        [helper.make_tensor_value_info(k, TensorProto.FLOAT, v) for k, v in inputs.items()],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, (outputs or {}).get(o, ["n", "c", "h", "w"]))
         for o in produced],
        initializer=[numpy_helper.from_array(np.asarray(a), name) for name, a in dict(initializers).items()],
    )
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name=producer)
    m.ir_version = 10
    return m


def weights(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def clean_model():
    """Conv, ConvTranspose (PyTorch's padding=1, output_padding=1), Pad, DepthToSpace,
    SpaceToDepth, and a Relu arraylens does not implement."""
    nodes = [
        helper.make_node("Conv", ["X", "W1", "B1"], ["c1"], pads=[1, 1, 1, 1], name="conv1"),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("ConvTranspose", ["r1", "W2"], ["up"], strides=[2, 2], pads=[1, 1, 1, 1],
                         output_padding=[1, 1], name="up"),
        helper.make_node("Pad", ["up", "pads"], ["padded"], mode="reflect", name="pad"),
        helper.make_node("SpaceToDepth", ["padded"], ["s2d"], blocksize=2, name="s2d"),
        helper.make_node("DepthToSpace", ["s2d"], ["Y"], blocksize=2, mode="CRD", name="d2s"),
    ]
    inits = {"W1": weights((4, 3, 3, 3)), "B1": weights((4,), 1), "W2": weights((4, 2, 3, 3), 2),
             "pads": np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64)}
    return model(nodes, {"X": [1, 3, "H", "W"]}, inits)


def one_node(op, x_shape, w_shape=None, *, producer: str = "", **attrs):
    """One node on X (and W); the output's rank is X's."""
    ins = ["X"] + (["W"] if w_shape is not None else [])
    node = helper.make_node(op, ins, ["Y"], name=op.lower(), **attrs)
    inits = {"W": weights(w_shape, 3)} if w_shape is not None else {}
    dims = [f"d{i}" for i in range(len(x_shape))]
    return model([node], {"X": list(x_shape)}, inits, producer=producer, outputs={"Y": dims})


def pooling_model(opset: int = 22):
    """Each pooling the audit recomputes, on a (1, 2, 7, 6) input: MaxPool with ceil_mode (the
    last window starts in the right padding), AveragePool with count_include_pad, LpPool, and
    the two global poolings."""
    nodes = [
        helper.make_node("MaxPool", ["X"], ["m"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                         ceil_mode=1, name="maxpool"),
        helper.make_node("AveragePool", ["X"], ["a"], kernel_shape=[3, 2], strides=[2, 2], pads=[1, 0, 1, 0],
                         count_include_pad=1, name="avgpool"),
        helper.make_node("LpPool", ["X"], ["l"], kernel_shape=[2, 2], p=2, name="lppool"),
        helper.make_node("GlobalAveragePool", ["a"], ["ga"], name="gap"),
        helper.make_node("GlobalMaxPool", ["m"], ["gm"], name="gmp"),
    ]
    return model(nodes, {"X": [1, 2, 7, 6]}, opset=opset,
                 outputs={"l": ["n", "c", "h", "w"], "ga": ["n", "c", 1, 1], "gm": ["n", "c", 1, 1]})
