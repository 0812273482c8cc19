"""Block rearrangements against torch, tensorflow-cpu and onnxruntime: values, dtypes and every
accept/reject decision over random configurations; the public reports as named tests.

TensorFlow's CPU kernels refuse data_format='NCHW' ("Could not find device for node"); there the
reference is TensorFlow's definition, the NHWC result in NCHW layout (what its GPU kernel computes).
onnxruntime's CPU provider implements DepthToSpace/SpaceToDepth for float32/float64/float16/uint8/
int8 only; the specification allows every tensor type, which arraylens follows.
"""

from __future__ import annotations

import importlib
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

torch = importlib.import_module("torch")
tf = importlib.import_module("tensorflow")
onnx = importlib.import_module("onnx")
ort = importlib.import_module("onnxruntime")
from onnx import helper  # noqa: E402
from onnx.helper import np_dtype_to_tensor_dtype  # noqa: E402

from arraylens import onnx as alonnx  # noqa: E402
from arraylens import tensorflow as altf  # noqa: E402
from arraylens import torch as altorch  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402

pytestmark = pytest.mark.conformance
ort.set_default_logger_severity(4)
F = torch.nn.functional
ORT_DTYPES = (np.float32, np.float64, np.float16, np.uint8, np.int8)
DTYPES = (np.float32, np.float64, np.int32, np.int64, np.uint8, np.float16, np.bool_)


def run_ort(op: str, x: np.ndarray, **attrs) -> np.ndarray:
    et = np_dtype_to_tensor_dtype(x.dtype)
    node = helper.make_node(op, ["X"], ["Y"], **attrs)
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("X", et, x.shape)],
                              [helper.make_tensor_value_info("Y", et, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 10
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"X": x})[0]


def outcome(fn):
    """("ok", array) or ("error", message)."""
    try:
        return "ok", np.asarray(fn())
    except ArgumentError as exc:
        return "error", str(exc)
    except (RuntimeError, ValueError, tf.errors.InvalidArgumentError, ort.capi.onnxruntime_pybind11_state.Fail,
            ort.capi.onnxruntime_pybind11_state.InvalidArgument) as exc:
        return "error", str(exc)


def same(ours, ref):
    assert ours[0] == ref[0], (ours, ref)
    if ours[0] == "ok":
        assert ours[1].dtype == ref[1].dtype and ours[1].shape == ref[1].shape
        np.testing.assert_array_equal(ours[1], ref[1])


def _array(rng, shape, dtype):
    return (rng.integers(-100, 100, shape) if dtype != np.bool_ else rng.integers(0, 2, shape)).astype(dtype)


def _shape(rng, to_space, b, lead_ok=True):
    c = int(rng.integers(1, 4)) * (b * b if to_space and rng.random() < 0.85 else int(rng.integers(1, 3)))
    h, w = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    if not to_space and rng.random() < 0.85:
        h, w = h * b, w * b
    return c, h, w


CASES = 70


@pytest.mark.parametrize("seed", range(CASES))
def test_torch_pixel_shuffle_and_unshuffle(seed):
    rng = np.random.default_rng(seed)
    b = int(rng.integers(1, 5)) if seed % 10 else 0
    to_space = seed % 2 == 0
    c, h, w = _shape(rng, to_space, max(b, 1))
    lead = tuple(int(n) for n in rng.integers(1, 3, int(rng.integers(0, 3))))
    if seed % 17 == 3:
        lead, c = (), None  # 2-d input
    shape = (*lead, h, w) if c is None else (*lead, c, h, w)
    x = _array(rng, shape, DTYPES[seed % len(DTYPES)])
    ref_fn = F.pixel_shuffle if to_space else F.pixel_unshuffle
    ours_fn = altorch.pixel_shuffle if to_space else altorch.pixel_unshuffle
    ref = outcome(lambda: ref_fn(torch.from_numpy(x), b).numpy())
    ours = outcome(lambda: ours_fn(x, b))
    same(ours, ref)
    if ref[0] == "error":
        assert ours[1] == ref[1]  # PyTorch's own message


@pytest.mark.parametrize("seed", range(CASES))
def test_tensorflow_depth_to_space_and_space_to_depth(seed):
    rng = np.random.default_rng(1000 + seed)
    b = int(rng.integers(1, 5))
    to_space = seed % 2 == 0
    fmt = "NCHW" if seed % 3 == 0 else "NHWC"
    c, h, w = _shape(rng, to_space, b)
    n = int(rng.integers(1, 3))
    nhwc = _array(rng, (n, h, w, c) if seed % 23 != 5 else (h, w, c), DTYPES[seed % len(DTYPES)])
    ref_fn = tf.nn.depth_to_space if to_space else tf.nn.space_to_depth
    ours_fn = altf.depth_to_space if to_space else altf.space_to_depth
    ref = outcome(lambda: ref_fn(nhwc, b).numpy())
    if fmt == "NHWC":
        same(outcome(lambda: ours_fn(nhwc, b)), ref)
        return
    # NCHW: TensorFlow's CPU refuses it; its definition is the NHWC result in NCHW layout.
    if nhwc.ndim == 4:
        nchw = np.ascontiguousarray(np.moveaxis(nhwc, -1, 1))
        try:
            ref_fn(nchw, b, data_format="NCHW")
            raise AssertionError("TensorFlow's CPU kernel computed NCHW; compare with it directly")
        except tf.errors.NotFoundError as exc:  # the attributes passed; the CPU has no NCHW kernel
            assert "Could not find device" in str(exc)
            if ref[0] == "ok":
                ref = ("ok", np.moveaxis(ref[1], -1, 1))
        except tf.errors.InvalidArgumentError as exc:  # refused before placement (block_size < 2)
            ref = ("error", str(exc))
        same(outcome(lambda: ours_fn(nchw, b, data_format="NCHW")), ref)


@pytest.mark.parametrize("seed", range(CASES))
def test_onnx_depth_to_space_and_space_to_depth(seed):
    rng = np.random.default_rng(2000 + seed)
    b = int(rng.integers(1, 5)) if seed % 11 else 0
    to_space = seed % 3 != 0
    mode = "CRD" if seed % 2 else "DCR"
    c, h, w = _shape(rng, to_space, max(b, 1))
    shape = (int(rng.integers(1, 3)), c, h, w) if seed % 19 != 7 else (c, h, w)
    x = _array(rng, shape, ORT_DTYPES[seed % len(ORT_DTYPES)])
    if to_space:
        ref = outcome(lambda: run_ort("DepthToSpace", x, blocksize=b, mode=mode))
        ours = outcome(lambda: alonnx.depth_to_space(x, blocksize=b, mode=mode))
    else:
        ref = outcome(lambda: run_ort("SpaceToDepth", x, blocksize=b))
        ours = outcome(lambda: alonnx.space_to_depth(x, blocksize=b))
    same(ours, ref)


def test_at_least_200_configurations():
    assert 3 * CASES >= 200


def test_tensorflow_messages_are_tensorflows():
    x = np.zeros((1, 3, 3, 8), np.float32)
    with pytest.raises(ArgumentError, match="Value for attr 'block_size' of 1 must be at least minimum 2"):
        altf.depth_to_space(x, 1)
    with pytest.raises(ArgumentError, match="Input depth dimension 8 should be divisible by: 9"):
        altf.depth_to_space(x, 3)
    with pytest.raises(ArgumentError, match="Image width 3 and height 3 should be divisible by block_size: 2"):
        altf.space_to_depth(x, 2)
    with pytest.raises(ArgumentError, match="Input rank should be: 4 instead of: 3"):
        altf.depth_to_space(x[0], 2)
    with pytest.raises(ArgumentError, match='of "nhwc" is not in the list of allowed values'):
        altf.depth_to_space(x, 2, data_format="nhwc")
    with pytest.raises(ArgumentError, match="NCHW_VECT_C"):
        altf.depth_to_space(x, 2, data_format="NCHW_VECT_C")
    with pytest.raises(TypeError, match="Expected int for argument 'block_size' not '2'"):
        altf.depth_to_space(x, "2")


def test_onnx_follows_the_specification_where_onnxruntime_lacks_a_dtype():
    x = np.arange(8, dtype=np.int64).reshape(1, 8, 1, 1)
    with pytest.raises(ort.capi.onnxruntime_pybind11_state.NotImplemented):
        run_ort("DepthToSpace", x, blocksize=2)
    ours = alonnx.depth_to_space(x, blocksize=2)
    assert ours.dtype == np.int64
    np.testing.assert_array_equal(ours, run_ort("DepthToSpace", x.astype(np.float32), blocksize=2))


# ---- the public reports --------------------------------------------------------------------


def test_onnx2tf_91_crd_depth_to_space_is_not_tf_depth_to_space():
    """PINTO0309/onnx2tf#91: a CRD DepthToSpace converted as TF's (DCR) depth_to_space is wrong;
    CRD equals torch's pixel_shuffle and differs from TF's result."""
    x = np.arange(1 * 8 * 2 * 2, dtype=np.float32).reshape(1, 8, 2, 2)
    crd = alonnx.depth_to_space(x, blocksize=2, mode="CRD")
    np.testing.assert_array_equal(crd, F.pixel_shuffle(torch.from_numpy(x), 2).numpy())
    np.testing.assert_array_equal(crd, run_ort("DepthToSpace", x, blocksize=2, mode="CRD"))
    as_tf = np.moveaxis(tf.nn.depth_to_space(np.moveaxis(x, 1, -1), 2).numpy(), -1, 1)
    assert not np.array_equal(crd, as_tf)
    np.testing.assert_array_equal(alonnx.depth_to_space(x, blocksize=2, mode="DCR"), as_tf)
    e = alonnx.depth_to_space.explain(x, blocksize=2, mode="CRD", at=(0, 1, 0, 1))
    assert e.details["source"] == [0, 5, 0, 0] and e.details["other_source"] == [0, 3, 0, 0]
    assert "the DCR order would have taken x[0, 3, 0, 0] = 12" in e.summary


def test_onnxscript_2891_pixel_unshuffle_is_not_a_dcr_space_to_depth():
    """microsoft/onnxscript#2891: PixelUnshuffle exported as one SpaceToDepth (DCR) permutes the
    channels; the reshape-transpose of CRD is needed."""
    x = np.arange(2 * 4 * 4, dtype=np.float32).reshape(1, 2, 4, 4)
    torch_out = F.pixel_unshuffle(torch.from_numpy(x), 2).numpy()
    onnx_out = run_ort("SpaceToDepth", x, blocksize=2)
    np.testing.assert_array_equal(altorch.pixel_unshuffle(x, 2), torch_out)
    np.testing.assert_array_equal(alonnx.space_to_depth(x, blocksize=2), onnx_out)
    assert not np.array_equal(torch_out, onnx_out)
    # channel k of pixel_unshuffle is channel (k % 4) * 2 + k // 4 of SpaceToDepth (C = 2, b = 2)
    np.testing.assert_array_equal(torch_out[0, [0, 1, 2, 3, 4, 5, 6, 7]], onnx_out[0, [0, 2, 4, 6, 1, 3, 5, 7]])
    e = altorch.pixel_unshuffle.explain(x, 2, at=(0, 1, 0, 0))
    assert e.details["source"] == [0, 0, 0, 1] and e.details["other_source"] == [0, 1, 0, 0]


def test_tensorflow_53291_space_to_depth_order_differs_from_pixel_unshuffle():
    """tensorflow/tensorflow#53291: space_to_depth's channel order (DCR) differs from
    pixel_unshuffle's (CRD)."""
    nchw = np.arange(2 * 2 * 2, dtype=np.float32).reshape(1, 2, 2, 2)
    tf_out = tf.nn.space_to_depth(np.moveaxis(nchw, 1, -1), 2).numpy()  # NHWC
    torch_out = F.pixel_unshuffle(torch.from_numpy(nchw), 2).numpy()
    np.testing.assert_array_equal(altf.space_to_depth(np.moveaxis(nchw, 1, -1), 2), tf_out)
    assert tf_out[0, 0, 0].tolist() == [0, 4, 1, 5, 2, 6, 3, 7]
    assert torch_out[0, :, 0, 0].tolist() == [0, 1, 2, 3, 4, 5, 6, 7]
    np.testing.assert_array_equal(altf.space_to_depth(nchw, 2, data_format="NCHW")[0, :, 0, 0],
                                  tf_out[0, 0, 0])
