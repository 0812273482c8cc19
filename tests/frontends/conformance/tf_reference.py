"""Reference results from the real TensorFlow (and PyTorch) for the conformance tests.

TensorFlow's CPU kernels refuse some defined cases of the transposed convolution (dilation > 1,
NCHW). There the reference is still TensorFlow's: the transpose is, by TensorFlow's definition,
the gradient of the forward convolution with respect to its input, so we build the forward
convolution's matrix by applying ``tf.nn.convolution``'s forward kernel (which accepts dilation)
to every basis image and multiply its transpose with the input.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow as tf

FORWARD = {1: tf.nn.conv1d, 2: tf.nn.conv2d, 3: tf.nn.conv3d}
TRANSPOSE = {1: tf.nn.conv1d_transpose, 2: tf.nn.conv2d_transpose, 3: tf.nn.conv3d_transpose}
LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}


def to_last(a: np.ndarray) -> np.ndarray:
    return np.moveaxis(a, 1, -1)


def to_first(a: np.ndarray) -> np.ndarray:
    return np.moveaxis(a, -1, 1)


def explicit_to_last(padding: Any, nd: int) -> Any:
    """Explicit NCHW padding pairs reordered for NHWC."""
    if isinstance(padding, str):
        return padding
    return [padding[0], *padding[2:], padding[1]]


def tf_forward(x: np.ndarray, f: np.ndarray, nd: int, strides: Any, padding: Any, dilations: Any) -> np.ndarray:
    """TensorFlow's forward convolution on channels-last data."""
    if nd == 3:  # tf.nn.conv3d takes only full 5-entry lists
        strides = _full(strides, 3)
        dilations = _full(dilations, 3)
    kw = {"stride" if nd == 1 else "strides": strides}
    return FORWARD[nd](x, f, padding=padding, dilations=dilations, **kw).numpy()


def _full(value: Any, nd: int) -> list[int]:
    v = [value] if isinstance(value, int) else list(value)
    if len(v) == nd + 2:
        return v
    return [1, *(v * nd if len(v) == 1 else v), 1]


def tf_transpose(
    x: np.ndarray, f: np.ndarray, output_shape: list[int], nd: int, strides: Any, padding: Any, dilations: Any
) -> np.ndarray:
    """TensorFlow's transposed convolution on channels-last data.

    With dilation 1 this is TensorFlow's own ``tf.nn.conv*_transpose``. Where TensorFlow's CPU
    kernel refuses (dilation > 1), the transpose of the Jacobian of TensorFlow's forward
    convolution, which is TensorFlow's definition of the operation.
    """
    d = [dilations] if isinstance(dilations, int) else list(dilations)
    if all(v == 1 for v in d):
        return TRANSPOSE[nd](x, f, output_shape, strides, padding=padding, dilations=dilations).numpy()
    return tf_transpose_by_jacobian(x, f, output_shape, nd, strides, padding, dilations)


def tf_transpose_by_jacobian(
    x: np.ndarray, f: np.ndarray, output_shape: list[int], nd: int, strides: Any, padding: Any, dilations: Any
) -> np.ndarray:
    fwd_in = tuple(output_shape[1:])  # one batch item of the forward input
    size = int(np.prod(fwd_in))
    # TensorFlow's CPU Conv3D accepts dilation > 1 only through its oneDNN float32 kernel.
    work = np.float32 if nd == 3 else np.float64
    basis = np.eye(size, dtype=work).reshape(size, *fwd_in)
    cols = tf_forward(basis, f.astype(work), nd, strides, padding, dilations)  # (size, *fwd_out)
    jac = cols.reshape(size, -1)  # row j: forward output of basis j
    if jac.shape[1] != int(np.prod(x.shape[1:])):
        raise ValueError("output_shape does not map to the input's shape")
    out = x.reshape(x.shape[0], -1).astype(np.float64) @ jac.T.astype(np.float64)
    return out.reshape(x.shape[0], *fwd_in).astype(x.dtype)
