"""The ONNX trouble spots, and each place where onnxruntime differs from the specification:
every test asserts both what the specification gives (arraylens) and what onnxruntime does."""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip

import numpy as np
import pytest

onnx = importlib.import_module("onnx")
importlib.import_module("onnxruntime")
from onnx import TensorProto, helper  # noqa: E402

import arraylens.frontends.onnx as al  # noqa: E402
from tests.frontends.conformance.test_onnx_conv import run_ort  # noqa: E402

X = np.arange(1.0, 5.0, dtype=np.float32).reshape(1, 1, 4)
W = np.ones((1, 1, 3), np.float32)
# full result of X (stride 2) with the all-ones 3-tap kernel: 9 positions
FULL = [1.0, 1.0, 3.0, 2.0, 5.0, 3.0, 7.0, 4.0, 4.0]


def test_output_shape_with_notset_puts_the_odd_padding_at_the_beginning() -> None:
    """Trouble spot: output_shape with auto_pad NOTSET; total padding 9 - 8 = 1 goes to the
    beginning (the specification's 'else' branch), so the first full value is dropped."""
    got = al.conv_transpose(X, W, strides=[2], output_shape=[8])
    np.testing.assert_array_equal(got.ravel(), FULL[1:])
    np.testing.assert_array_equal(
        run_ort("ConvTranspose", X, W, None, strides=[2], output_shape=[8]).ravel(), FULL[1:]
    )
    # pads are ignored when output_shape is given
    np.testing.assert_array_equal(
        al.conv_transpose(X, W, strides=[2], output_shape=[8], pads=[0, 3]), got
    )


def test_same_upper_and_same_lower_split() -> None:
    np.testing.assert_array_equal(
        al.conv_transpose(X, W, strides=[2], auto_pad="SAME_UPPER").ravel(), FULL[:8]
    )
    np.testing.assert_array_equal(
        al.conv_transpose(X, W, strides=[2], auto_pad="SAME_LOWER").ravel(), FULL[1:]
    )
    for mode in ("SAME_UPPER", "SAME_LOWER"):
        np.testing.assert_array_equal(
            al.conv_transpose(X, W, strides=[2], auto_pad=mode),
            run_ort("ConvTranspose", X, W, None, strides=[2], auto_pad=mode),
        )


def _model(**attrs):
    node = helper.make_node("ConvTranspose", ["X", "W"], ["Y"], **attrs)
    graph = helper.make_graph(
        [node],
        "g",
        [
            helper.make_tensor_value_info("X", TensorProto.FLOAT, X.shape),
            helper.make_tensor_value_info("W", TensorProto.FLOAT, W.shape),
        ],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 22)])
    model.ir_version = 10
    return model


def test_same_upper_with_output_padding_keeps_the_size_and_shifts_the_crop() -> None:
    """Trouble spot: SAME_UPPER with output_padding. The output stays D*stride = 8;
    output_padding enters the total padding (9 + 1 - 8 = 2, split 1/1), so the window moves
    by one. onnxruntime computes the same; ONNX's shape inference disagrees (it says 9)."""
    got = al.conv_transpose(X, W, strides=[2], auto_pad="SAME_UPPER", output_padding=[1])
    assert got.shape == (1, 1, 8)
    np.testing.assert_array_equal(got.ravel(), FULL[1:])
    ort_out = run_ort(
        "ConvTranspose", X, W, None, strides=[2], auto_pad="SAME_UPPER", output_padding=[1]
    )
    np.testing.assert_array_equal(ort_out, got)
    inferred = onnx.shape_inference.infer_shapes(
        _model(strides=[2], auto_pad="SAME_UPPER", output_padding=[1])
    )
    dims = [d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim]
    assert dims == [1, 1, 9]


def test_ort_clamps_negative_total_padding_spec_extends_with_zeros() -> None:
    """SAME_UPPER with a kernel smaller than the stride: the specification asks for D*stride
    = 8 outputs from a full extent of 7 (total padding -1, split floor-wise as the ONNX
    reference implementation does: begin -1, end 0). onnxruntime clamps the total to 0 and
    returns the 7 full values."""
    w1 = np.ones((1, 1, 1), np.float32)
    got = al.conv_transpose(X, w1, strides=[2], auto_pad="SAME_UPPER")
    np.testing.assert_array_equal(got.ravel(), [0, 1, 0, 2, 0, 3, 0, 4])
    ort_out = run_ort("ConvTranspose", X, w1, None, strides=[2], auto_pad="SAME_UPPER")
    np.testing.assert_array_equal(ort_out.ravel(), [1, 0, 2, 0, 3, 0, 4])
    from onnx.reference import ReferenceEvaluator

    ref = ReferenceEvaluator(_model(strides=[2], auto_pad="SAME_UPPER")).run(
        None, {"X": X, "W": w1}
    )[0]
    np.testing.assert_array_equal(ref, got)


def _torch_full(x: np.ndarray, w: np.ndarray, stride: int) -> np.ndarray:
    """The uncropped transposed convolution, from PyTorch (padding 0, output_padding 0)."""
    torch = importlib.import_module("torch")
    return torch.nn.functional.conv_transpose1d(
        torch.from_numpy(x), torch.from_numpy(w), stride=stride
    ).numpy()


def _spec_notset_pads(total_padding: int) -> tuple[int, int]:
    """The specification's NOTSET split of the total padding (odd element at the beginning),
    with floor division as the ONNX reference implementation divides."""
    return total_padding - total_padding // 2, total_padding // 2


@pytest.mark.parametrize("output_shape,zeros", [(11, (1, 1)), (12, (1, 2)), (13, (2, 2))])
def test_ort_rejects_output_shape_beyond_the_full_result_spec_extends_with_zeros(
    output_shape: int, zeros: tuple[int, int]
) -> None:
    """output_shape larger than the full result (9 here) by more than one: the specification's
    total padding 9 - output_shape is negative and its NOTSET split puts the odd element at the
    beginning, so the result is the full result with zeros on both sides. onnxruntime clamps an
    overshoot of one (see test_output_shape_overshoot_of_one_ort_and_spec_agree) but rejects
    these."""
    total = 2 * (4 - 1) + 3 - output_shape
    begin, end = _spec_notset_pads(total)
    assert (-begin, -end) == zeros
    expected = np.pad(_torch_full(X, W, 2), [(0, 0), (0, 0), zeros])
    got = al.conv_transpose(X, W, strides=[2], output_shape=[output_shape])
    assert got.shape == (1, 1, output_shape)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got.ravel()[zeros[0] : output_shape - zeros[1]], FULL)
    with pytest.raises(Exception, match="Explicit output_shape is inconsistent"):
        run_ort("ConvTranspose", X, W, None, strides=[2], output_shape=[output_shape])
    # the ONNX reference implementation cannot run these either (its col2im step refuses)
    from onnx.reference import ReferenceEvaluator

    with pytest.raises(Exception, match="expected size of input's dimension"):
        ReferenceEvaluator(_model(strides=[2], output_shape=[output_shape])).run(
            None, {"X": X, "W": W}
        )


def test_ort_rejects_output_shape_beyond_the_full_result_with_output_padding() -> None:
    """output_shape 11 with output_padding 1: total padding 9 + 1 - 11 = -1, split (0, -1): the
    full result, the output_padding position (no kernel copy reaches it: 0) and one more zero.
    onnxruntime rejects it."""
    begin, end = _spec_notset_pads(2 * (4 - 1) + 1 + 3 - 11)
    assert (begin, end) == (0, -1)
    got = al.conv_transpose(X, W, strides=[2], output_shape=[11], output_padding=[1])
    expected = np.pad(_torch_full(X, W, 2), [(0, 0), (0, 0), (0, 2)])
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(got.ravel(), [*FULL, 0.0, 0.0])
    with pytest.raises(Exception, match="Explicit output_shape is inconsistent"):
        run_ort("ConvTranspose", X, W, None, strides=[2], output_shape=[11], output_padding=[1])


def test_output_shape_overshoot_of_one_ort_and_spec_agree() -> None:
    """An overshoot of one (output_shape 10 for the full 9) splits (0, -1): one zero at the end,
    which is also what onnxruntime's clamp gives, with or without output_padding 1."""
    expected = np.pad(_torch_full(X, W, 2), [(0, 0), (0, 0), (0, 1)])
    for extra in ({}, {"output_padding": [1]}):
        got = al.conv_transpose(X, W, strides=[2], output_shape=[10], **extra)
        np.testing.assert_array_equal(got, expected)
        ort_out = run_ort("ConvTranspose", X, W, None, strides=[2], output_shape=[10], **extra)
        np.testing.assert_array_equal(ort_out, expected)


def test_ort_rejects_output_padding_below_dilation_but_not_below_stride() -> None:
    """The specification allows output_padding < dilation at stride 1; onnxruntime rejects it
    in its output-shape consistency check. arraylens computes the defined result (the full
    extent plus one zero position; PyTorch agrees)."""
    got = al.conv_transpose(X, W, strides=[1], dilations=[2], output_padding=[1])
    with pytest.raises(Exception, match="inconsistent with input spatial dimensions"):
        run_ort("ConvTranspose", X, W, None, strides=[1], dilations=[2], output_padding=[1])
    torch = importlib.import_module("torch")
    expected = torch.nn.functional.conv_transpose1d(
        torch.from_numpy(X), torch.from_numpy(W), dilation=2, output_padding=1
    ).numpy()
    np.testing.assert_array_equal(got, expected)


def test_ort_rejects_same_conv_with_dilation() -> None:
    """Conv with SAME_UPPER and dilations > 1 is defined by the specification; onnxruntime's
    CPU kernel refuses it. arraylens equals onnxruntime given the same pads explicitly."""
    x = np.arange(1.0, 8.0, dtype=np.float32).reshape(1, 1, 7)
    w = np.array([[[1.0, 10.0, 100.0]]], np.float32)
    got = al.conv(x, w, auto_pad="SAME_UPPER", dilations=[2])
    with pytest.raises(Exception, match="Dilation not supported"):
        run_ort("Conv", x, w, None, auto_pad="SAME_UPPER", dilations=[2])
    np.testing.assert_array_equal(got, run_ort("Conv", x, w, None, pads=[2, 2], dilations=[2]))
    assert got.shape == (1, 1, 7)


def test_same_lower_conv_even_kernel() -> None:
    x = np.arange(1.0, 6.0, dtype=np.float32).reshape(1, 1, 5)
    w = np.ones((1, 1, 2), np.float32)
    np.testing.assert_array_equal(al.conv(x, w, auto_pad="SAME_LOWER").ravel(), [1, 3, 5, 7, 9])
    np.testing.assert_array_equal(al.conv(x, w, auto_pad="SAME_UPPER").ravel(), [3, 5, 7, 9, 5])
