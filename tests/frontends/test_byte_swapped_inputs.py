"""Byte-swapped arrays (``'>f4'`` on a little-endian machine, as a big-endian ``.npy`` file
gives). PyTorch 2.13 refuses them when they become tensors (``torch.from_numpy``,
``torch.tensor``): the torch front-end refuses in its words, for every operand. ONNX front-ends
compute on the values and return the native dtype (float32, not ``'>f4'`` and not float64):
onnxruntime itself reads the raw bytes as native floats, a silent wrong answer arraylens does not
copy."""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = importlib.import_module("torch")
ort = importlib.import_module("onnxruntime")
onnx = importlib.import_module("onnx")

import arraylens.onnx as alo  # noqa: E402
import arraylens.torch as alt  # noqa: E402
from arraylens.core.dtypes import as_real_array, native_byte_order  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402

SWAPPED = ">" if np.little_endian else "<"
X = np.arange(32, dtype=np.float32).reshape(1, 2, 4, 4)
W = np.linspace(-1, 1, 8, dtype=np.float32).reshape(1, 2, 2, 2)


def swapped(a: np.ndarray) -> np.ndarray:
    return a.astype(a.dtype.newbyteorder(SWAPPED))


def _torch_message() -> str:
    with pytest.raises(ValueError) as exc:
        torch.from_numpy(swapped(X))
    with pytest.raises(ValueError, match="byte order"):
        torch.tensor(swapped(X))
    return str(exc.value)


TORCH_CALLS: dict[str, Callable[[np.ndarray, np.ndarray], Any]] = {
    "conv2d input": lambda x, w: alt.conv2d(swapped(x), w),
    "conv2d weight": lambda x, w: alt.conv2d(x, swapped(w)),
    "conv2d bias": lambda x, w: alt.conv2d(x, w, swapped(np.ones(1, np.float32))),
    "conv_transpose2d": lambda x, w: alt.conv_transpose2d(swapped(x), w.transpose(1, 0, 2, 3)),
    "interpolate": lambda x, w: alt.interpolate(swapped(x), size=3),
    "max_pool2d": lambda x, w: alt.max_pool2d(swapped(x), 2),
    "avg_pool2d": lambda x, w: alt.avg_pool2d(swapped(x), 2),
    "pad": lambda x, w: alt.pad(swapped(x), (1, 1)),
    "pixel_shuffle": lambda x, w: alt.pixel_shuffle(swapped(np.ones((1, 4, 2, 2), np.float32)), 2),
}


@pytest.mark.parametrize("call", sorted(TORCH_CALLS))
def test_torch_refuses_a_byte_swapped_operand_in_its_words(call: str) -> None:
    message = _torch_message()
    assert message.startswith("given numpy array has byte order different from the native byte order")
    with pytest.raises(ArgumentError) as exc:
        TORCH_CALLS[call](X, W)
    assert str(exc.value) == message


def test_torch_takes_single_byte_dtypes_whatever_their_byte_order_flag() -> None:
    x = np.arange(16, dtype=np.uint8).reshape(1, 1, 4, 4)
    x = x.astype(x.dtype.newbyteorder(SWAPPED))  # '|u1': no byte order
    want = torch.nn.functional.interpolate(torch.from_numpy(x), size=2).numpy()
    np.testing.assert_array_equal(alt.interpolate(x, size=2), want)


def _ort(op: str, x: np.ndarray, **attrs: Any) -> np.ndarray:
    from onnx import TensorProto, helper

    node = helper.make_node(op, ["x"], ["y"], **attrs)
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, {"x": x})[0])


def test_onnxruntime_reads_the_raw_bytes_of_a_byte_swapped_array() -> None:
    # why arraylens does not imitate the runtime here: its answer is not the values' answer
    got = _ort("AveragePool", swapped(X), kernel_shape=[2, 2])
    assert not np.allclose(got, _ort("AveragePool", X, kernel_shape=[2, 2]))


@pytest.mark.parametrize(("call", "op", "attrs"), [
    (lambda x: alo.average_pool(x, kernel_shape=[2, 2]), "AveragePool", {"kernel_shape": [2, 2]}),
    (lambda x: alo.lp_pool(x, kernel_shape=[2, 2]), "LpPool", {"kernel_shape": [2, 2]}),
    (lambda x: alo.global_average_pool(x), "GlobalAveragePool", {}),
])
def test_onnx_pools_a_byte_swapped_array_by_its_values_in_native_order(call: Any, op: str,
                                                                      attrs: dict[str, Any]) -> None:
    got = call(swapped(X))
    want = _ort(op, X, **attrs)
    assert got.dtype == np.dtype(np.float32) and got.dtype.isnative
    np.testing.assert_allclose(got, want, rtol=1e-6)


def test_onnx_resize_pad_space_to_depth_and_conv_return_native_float32() -> None:
    r = alo.resize(swapped(X), scales=[1, 1, 2, 2])
    assert r.dtype == np.dtype(np.float32) and r.dtype.isnative
    np.testing.assert_array_equal(r, alo.resize(X, scales=[1, 1, 2, 2]))
    p = alo.pad(swapped(X), np.array([0, 0, 1, 1, 0, 0, 1, 1]))
    assert p.dtype == np.dtype(np.float32) and p.dtype.isnative
    d = alo.space_to_depth(swapped(X), blocksize=2)
    assert d.dtype == np.dtype(np.float32) and d.dtype.isnative
    np.testing.assert_array_equal(d, alo.space_to_depth(X, blocksize=2))
    c = alo.conv(swapped(X), swapped(W))  # was float64: '>f4' is not np.float32 to a dtype comparison
    assert c.dtype == np.dtype(np.float32) and c.dtype.isnative
    np.testing.assert_allclose(c, alo.conv(X, W), rtol=1e-6)


def test_the_real_array_rule_keeps_float32_of_either_byte_order() -> None:
    assert as_real_array(swapped(X), "x").dtype == np.dtype(np.float32)
    assert native_byte_order(swapped(X)).dtype.isnative
    np.testing.assert_array_equal(native_byte_order(swapped(X)), X)
    s = np.array(["a"])
    assert native_byte_order(s) is s


@pytest.mark.parametrize("dt", ["float32", "int32"])
def test_pil_resizes_a_byte_swapped_f_or_i_image_as_pillow_does(dt: str) -> None:
    """Pillow 13's ``Image.fromarray`` takes ``'>f4'`` as F and ``'>i4'`` as I (their values)."""
    from PIL import Image

    import arraylens.pil as alp

    x = (np.arange(30).reshape(5, 6) * 37 - 400).astype(dt)
    want = np.asarray(Image.fromarray(swapped(x)).resize((4, 3), Image.Resampling.BICUBIC))
    got = alp.resize(swapped(x), (4, 3), 3)
    assert got.dtype.isnative
    np.testing.assert_array_equal(got, want)
