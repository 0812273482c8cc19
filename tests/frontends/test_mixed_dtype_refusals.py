"""Dtype rules the hostile-input corpus found missing (issue 10): JAX, ONNX and Keras refuse
integer or mixed-dtype convolution inputs that arraylens used to convert silently to float64.
Each message is the framework's own (checked against jax 0.4 / onnxruntime / keras 3)."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.core.errors import ArgumentTypeError
from arraylens.frontends import jax as al_jax
from arraylens.frontends import keras as al_keras
from arraylens.frontends import onnx as al_onnx

X_INT = np.arange(1, 10).reshape(1, 3, 3, 1)  # int64


def test_jax_conv_transpose_refuses_an_int64_lhs_with_a_float64_rhs() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^lax.conv_general_dilated requires arguments to have the same "
                       r"dtypes, got int64, float64\.$"):
        al_jax.conv_transpose(X_INT, np.ones((2, 2, 1, 1)), (1, 1), "VALID")


def test_jax_conv_transpose_refuses_float16_with_float64_and_takes_equal_dtypes() -> None:
    with pytest.raises(ArgumentTypeError, match=r"got float16, float64"):
        al_jax.conv_transpose(X_INT.astype(np.float16), np.ones((2, 2, 1, 1)), (1, 1), "VALID")
    out = al_jax.conv_transpose(X_INT.astype(np.float64), np.ones((2, 2, 1, 1)), (1, 1), "VALID")
    assert out.shape == (1, 4, 4, 1) and out[0, 1, 1, 0] == 1 + 2 + 4 + 5


def test_onnx_conv_transpose_refuses_an_integer_x_in_onnx_runtimes_words() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^Type Error: Type 'tensor\(int64\)' of input parameter \(X\) "
                       r"of operator \(ConvTranspose\) is invalid\.$"):
        al_onnx.conv_transpose(X_INT.reshape(1, 1, 3, 3), np.ones((1, 1, 2, 2)))


def test_onnx_conv_refuses_x_and_w_of_different_float_types() -> None:
    with pytest.raises(ArgumentTypeError, match=r"bound to different types \(tensor\(float\) and tensor\(double\)\)"):
        al_onnx.conv(np.ones((1, 1, 3, 3), np.float32), np.ones((1, 1, 2, 2)))
    with pytest.raises(ArgumentTypeError, match=r"Type 'tensor\(int32\)' of input parameter \(B\)"):
        al_onnx.conv_transpose(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.ones(1, np.int32))


def test_keras_conv2d_transpose_refuses_integer_inputs_and_casts_float16() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^Incompatible type conversion requested to type int64"):
        al_keras.conv2d_transpose(X_INT, np.ones((2, 2, 1, 1)))
    out = al_keras.conv2d_transpose(X_INT.astype(np.float16), np.ones((2, 2, 1, 1)))
    assert out.shape == (1, 4, 4, 1) and float(out[0, 1, 1, 0]) == 12.0
