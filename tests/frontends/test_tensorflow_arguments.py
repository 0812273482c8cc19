"""Argument rules of arraylens.tensorflow: what is rejected, and with which message."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens import tensorflow as tf
from arraylens.demos.conv_transpose import arguments

X = np.ones((1, 2, 2, 1), np.float32)
F = np.ones((3, 3, 1, 1), np.float32)


def test_output_shape_mismatch_names_the_numbers() -> None:
    with pytest.raises(ValueError) as err:
        tf.conv2d_transpose(X, F, [1, 7, 5, 1], 2, padding="VALID")
    msg = str(err.value)
    assert "output_shape [1, 7, 5, 1]" in msg
    assert "gives 3" in msg and "input has 2" in msg and "height" in msg


def test_output_shape_length() -> None:
    with pytest.raises(ValueError, match="must have 4 elements"):
        tf.conv2d_transpose(X, F, [1, 5, 5], 2, padding="VALID")
    with pytest.raises(ValueError, match="must be of length 3, 4 or 5"):
        tf.conv_transpose(X, F, [1, 5, 5, 5, 5, 1], 2)


@pytest.mark.parametrize("strides", [[2, 2, 2, 1], [1, 2, 2, 2]])
def test_strides_in_batch_and_channel_must_be_one(strides: list[int]) -> None:
    with pytest.raises(ValueError, match="batch and depth dimensions must be 1"):
        tf.conv2d_transpose(X, F, [1, 5, 5, 1], strides, padding="VALID")


def test_strides_length() -> None:
    with pytest.raises(ValueError, match=r"strides should be of length 1, 2 or 4"):
        tf.conv2d_transpose(X, F, [1, 5, 5, 1], [2, 2, 2], padding="VALID")


def test_strides_forms_are_equivalent() -> None:
    ref = tf.conv2d_transpose(X, F, [1, 5, 5, 1], 2, padding="VALID")
    for s in ([2], [2, 2], [1, 2, 2, 1], (2, 2)):
        np.testing.assert_array_equal(tf.conv2d_transpose(X, F, [1, 5, 5, 1], s, padding="VALID"), ref)


def test_conv3d_takes_only_full_lists_like_the_raw_op() -> None:
    x = np.ones((1, 3, 3, 3, 1))
    f = np.ones((2, 2, 2, 1, 1))
    with pytest.raises(TypeError, match="Expected list for 'strides'"):
        tf.conv3d(x, f, 1, "VALID")
    with pytest.raises(ValueError, match="must be at least minimum 5"):
        tf.conv3d(x, f, [1, 1, 1], "VALID")
    assert tf.conv3d(x, f, [1, 1, 1, 1, 1], "VALID").shape == (1, 2, 2, 2, 1)


def test_padding_rules() -> None:
    with pytest.raises(ValueError, match="'SAME' or 'VALID'"):
        tf.conv2d_transpose(X, F, [1, 5, 5, 1], 2, padding="FULL")
    with pytest.raises(ValueError, match="'EXPLICIT' is not a valid value"):
        tf.conv2d_transpose(X, F, [1, 5, 5, 1], 2, padding="EXPLICIT")
    with pytest.raises(ValueError, match="it must be of size 4"):
        tf.conv2d_transpose(X, F, [1, 5, 5, 1], 2, padding=[[0, 0], [1, 1]])
    with pytest.raises(ValueError, match="batch and depth dimensions must be zero"):
        tf.conv2d_transpose(X, F, [1, 5, 5, 1], 2, padding=[[1, 0], [0, 0], [0, 0], [0, 0]])
    with pytest.raises(ValueError, match="explicit padding lists are accepted by the 2-d"):
        tf.conv1d_transpose(np.ones((1, 2, 1)), np.ones((3, 1, 1)), [1, 5, 1], 2, padding=[[0, 0], [0, 0], [0, 0]])


def test_channel_rules() -> None:
    with pytest.raises(ValueError, match=r"in_channels 1 .* input has 2 channels"):
        tf.conv2d_transpose(np.ones((1, 2, 2, 2)), F, [1, 5, 5, 1], 2, padding="VALID")
    with pytest.raises(ValueError, match="output_shape has 3 channels but filters has out_channels 1"):
        tf.conv2d_transpose(X, F, [1, 5, 5, 3], 2, padding="VALID")
    with pytest.raises(ValueError, match="batch size 2 but the input has 1"):
        tf.conv2d_transpose(X, F, [2, 5, 5, 1], 2, padding="VALID")


def test_data_format_rule() -> None:
    with pytest.raises(ValueError, match="must be 'NHWC' or 'NCHW'"):
        tf.conv2d_transpose(X, F, [1, 5, 5, 1], 2, padding="VALID", data_format="HWNC")


def test_dtypes() -> None:
    args, kwargs = arguments()
    x, f = args[0], args[1]
    assert tf.conv2d_transpose(x, f, *args[2:], **kwargs).dtype == np.float32
    assert tf.conv2d_transpose(x.astype(np.float64), f.astype(np.float64), *args[2:], **kwargs).dtype == np.float64
    # TensorFlow's dtype rules (measured with tensorflow-cpu 2.21): int32 stays int32, int64 is refused
    as_int = tf.conv2d_transpose(x.astype(np.int32), f.astype(np.int32), *args[2:], **kwargs)
    assert as_int.dtype == np.int32
    assert as_int[0, 0, 0, 0] == 67
    with pytest.raises(TypeError, match="Value for attr 'T' of int64 is not in the list of allowed values"):
        tf.conv2d_transpose(x.astype(np.int32), f.astype(np.int64), *args[2:], **kwargs)
    with pytest.raises(TypeError, match="complex"):
        tf.conv2d_transpose(x.astype(np.complex64), f, *args[2:], **kwargs)
    with pytest.raises(TypeError, match="numeric"):
        tf.conv2d_transpose(np.array([["a"]]), f, *args[2:], **kwargs)


def test_same_puts_the_odd_padding_element_at_the_end() -> None:
    # forward SAME on size 4, kernel 2, stride 1: pad total 1 -> (0 before, 1 after)
    x = np.arange(1.0, 5.0).reshape(1, 4, 1)
    f = np.array([1.0, 10.0]).reshape(2, 1, 1)
    out = tf.conv1d(x, f, 1, "SAME")
    np.testing.assert_array_equal(out[0, :, 0], [21.0, 32.0, 43.0, 4.0])
    # the transpose crops the full result [1, 12, 23, 34, 40] by (0 before, 1 after)
    out_t = tf.conv1d_transpose(x, f, [1, 4, 1], 1, padding="SAME")
    np.testing.assert_array_equal(out_t[0, :, 0], [1.0, 12.0, 23.0, 34.0])


def test_explain_index_errors() -> None:
    args, kwargs = arguments()
    with pytest.raises(IndexError, match="out of range"):
        tf.conv2d_transpose.explain(*args, at=(0, 5, 0, 0), **kwargs)
    with pytest.raises(IndexError, match="has 2 entries"):
        tf.conv2d_transpose.explain(*args, at=(0, 0), **kwargs)
    e = tf.conv2d_transpose.explain(*args, at=(0, -1, -1, 0), **kwargs)
    assert e.index == (0, 4, 4, 0) and e.value == 1143.0


def test_channels_first_indices_in_explanations() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 4, 4))  # NCHW
    f = rng.standard_normal((3, 3, 2, 3))  # [h, w, out, in]
    out = tf.conv2d_transpose(x, f, [2, 2, 8, 8], 2, padding="SAME", data_format="NCHW")
    e = tf.conv2d_transpose.explain(x, f, [2, 2, 8, 8], 2, padding="SAME", data_format="NCHW", at=(1, 1, 3, 4))
    assert e.value == pytest.approx(out[1, 1, 3, 4])
    for t in e.terms:
        assert t.input_value == x[t.input_index]
        assert t.weight_value == f[t.weight_index]
        assert t.input_index[0] == 1 and t.weight_index[2] == 1  # batch, out channel
    # stride 2, kernel 3, crop begins at 0: row 3 is reached by tap 1 only, column 4 by taps
    # 0 and 2; times 3 input channels
    assert len(e.terms) == 1 * 2 * 3
    assert e.check()


def test_argument_forms_tensorflow_accepts_or_rejects() -> None:
    x = np.ones((1, 2, 2, 2), np.float32)
    f = np.ones((3, 3, 4, 2), np.float32)
    # an integral float stride is accepted, as TensorFlow does
    assert tf.conv2d_transpose(x, f, (1, 4, 4, 4), 2.0, "SAME").shape == (1, 4, 4, 4)
    with pytest.raises(ValueError, match="strides must be integers"):
        tf.conv2d_transpose(x, f, (1, 4, 4, 4), 1.5, "SAME")
    # padding is a case-sensitive op attribute in TensorFlow
    with pytest.raises(ValueError, match="upper case"):
        tf.conv2d_transpose(x, f, (1, 4, 4, 4), 2, "same")
    # output_shape must be integers; TensorFlow raises a TypeError
    with pytest.raises(TypeError, match="output_shape"):
        tf.conv2d_transpose(x, f, [1, 4.5, 4, 4], 2, "SAME")
    # a batch of 0 gives an empty result
    assert tf.conv2d_transpose(np.ones((0, 2, 2, 2)), f, (0, 4, 4, 4), 2, "SAME").shape == (0, 4, 4, 4)
    assert tf.conv2d(np.zeros((0, 3, 3, 1)), np.ones((2, 2, 1, 1)), 1, "VALID").shape == (0, 2, 2, 1)


def test_explain_accepts_numpy_integers_as_index() -> None:
    x = np.arange(4.0).reshape(1, 4, 1)
    f = np.ones((2, 1, 1))
    e = tf.conv1d.explain(x, f, 1, "VALID", at=np.array([0, 2, 0]))
    assert e.value == 5.0
