"""``tf.nn.conv2d_transpose`` with the spatial sizes alone as ``output_shape``, against the real
TensorFlow (TF's testConv2DInputSizesContainsOnlySpatialDimensionsBackpropInput)."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf

from arraylens import tensorflow as al_tf
from arraylens.core.errors import ArgumentError

pytestmark = pytest.mark.conformance

X = np.arange(1, 3, dtype=np.float32).reshape(1, 1, 1, 2)
F = np.arange(1, 9, dtype=np.float32).reshape(2, 2, 1, 2)


def test_spatial_only_output_shape_tf_example() -> None:
    expected = tf.nn.conv2d_transpose(X, F, [2, 2], strides=[1, 1, 1, 1], padding="VALID").numpy()
    assert expected[0, :, :, 0].tolist() == [[5, 11], [17, 23]]
    got = al_tf.conv2d_transpose(X, F, [2, 2], strides=[1, 1, 1, 1], padding="VALID")
    assert got.shape == expected.shape == (1, 2, 2, 1)
    np.testing.assert_array_equal(got, expected)
    explanation = al_tf.conv2d_transpose.explain(X, F, [2, 2], strides=[1, 1, 1, 1], padding="VALID", at=(0, 1, 0, 0))
    assert explanation.check() and explanation.value == 17
    assert "spatial sizes only" in str(explanation)


@pytest.mark.parametrize(
    ("x_shape", "f_shape", "spatial", "strides", "padding"),
    [
        ((2, 1, 1, 2), (2, 2, 1, 2), [2, 2], 1, "VALID"),
        ((1, 3, 2, 2), (3, 2, 4, 2), [5, 3], 2, "SAME"),
        ((1, 3, 2, 2), (2, 2, 3, 2), [6, 4], [1, 2, 2, 1], "VALID"),
    ],
)
def test_spatial_only_output_shape_matches_tensorflow(
    x_shape: tuple[int, ...], f_shape: tuple[int, ...], spatial: list[int], strides: object, padding: str
) -> None:
    rng = np.random.default_rng(sum(x_shape) + sum(spatial))
    x = rng.integers(-3, 4, size=x_shape).astype(np.float32)
    f = rng.integers(-3, 4, size=f_shape).astype(np.float32)
    expected = tf.nn.conv2d_transpose(x, f, spatial, strides=strides, padding=padding).numpy()
    got = al_tf.conv2d_transpose(x, f, spatial, strides=strides, padding=padding)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-5)


def test_spatial_only_output_shape_nchw_shape() -> None:
    """TF's CPU kernels refuse NCHW here; the shape is (N, C, H, W) with the same values."""
    got = al_tf.conv2d_transpose(np.moveaxis(X, -1, 1), F, [2, 2], strides=1, padding="VALID", data_format="NCHW")
    assert got[0, 0].tolist() == [[5, 11], [17, 23]]


@pytest.mark.parametrize(
    "call",
    [
        # TensorFlow aborts the process (a CHECK failure) or fails in oneDNN for these
        lambda: al_tf.conv1d_transpose(np.ones((1, 1, 2)), np.ones((2, 1, 2)), [2], 1, padding="VALID"),
        lambda: al_tf.conv3d_transpose(np.ones((1, 1, 1, 1, 2)), np.ones((2, 2, 2, 1, 2)), [2, 2, 2], 1,
                                       padding="VALID"),
        lambda: al_tf.conv2d_transpose(X, F, [2, 2, 1], strides=1, padding="VALID"),
    ],
)
def test_other_short_output_shapes_still_refused(call: object) -> None:
    with pytest.raises(ArgumentError, match="`output_shape` must have"):
        call()  # type: ignore[operator]
