"""An explanation's value is the call's element in the framework's result dtype (wrapped int32,
float16 overflowing to inf), check() judges it in that dtype, and integers too large for exact
float64 arithmetic are warned about."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest

from arraylens import tensorflow as tf
from arraylens import torch
from arraylens.core.dtype_rules import DtypeWarning
from arraylens.ops.conv.plan import explain_geometry


def test_int32_explanation_is_the_wrapped_element_tensorflow_returns():
    x = np.full((1, 1, 1, 1), 2**30, np.int32)
    f = np.full((1, 1, 1, 1), 4, np.int32)
    assert tf.conv2d(x, f, 1, "VALID")[0, 0, 0, 0] == 0  # TF's int32 arithmetic wraps 2**32 to 0
    e = tf.conv2d.explain(x, f, 1, "VALID", at=(0, 0, 0, 0))
    assert e.value == 0 and e.details["dtype"] == "int32"
    assert e.check()
    assert not dataclasses.replace(e, value=4294967296.0).check()  # the unwrapped sum is not what TF gives


def test_int32_transposed_explanation_wraps_too():
    x = np.full((1, 2, 2, 1), 2**30, np.int32)
    f = np.full((2, 2, 1, 1), 4, np.int32)
    out = tf.conv2d_transpose(x, f, (1, 3, 3, 1), 1, "VALID")
    e = tf.conv2d_transpose.explain(x, f, (1, 3, 3, 1), 1, "VALID", at=(0, 1, 1, 0))
    assert e.value == out[0, 1, 1, 0] == 0 and e.check()


def test_float16_explanation_is_infinite_where_the_call_is():
    x = np.full((1, 1, 2), 60000, np.float16)
    w = np.ones((1, 1, 2), np.float16)
    assert np.isinf(torch.conv1d(x, w)[0, 0, 0])
    e = torch.conv1d.explain(x, w, at=(0, 0, 0))
    assert e.value == np.inf and e.details["dtype"] == "float16" and e.check()


def test_int64_beyond_2_53_is_warned_not_silently_rounded():
    x = np.array([[[2**60 + 1, -(2**60)]]])
    with pytest.warns(DtypeWarning, match="2\\*\\*53"):
        torch.conv1d(x, np.ones((1, 1, 2), np.int64))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DtypeWarning)  # small integers: exact, no warning
        assert torch.conv1d(np.array([[[3, -2]]]), np.ones((1, 1, 2), np.int64))[0, 0, 0] == 1


def test_another_element_explained_from_the_geometry_keeps_the_result_dtype():
    x = np.full((1, 2, 2, 1), 2**30, np.int32)
    f = np.full((2, 2, 1, 1), 4, np.int32)
    e = tf.conv2d_transpose.explain(x, f, (1, 3, 3, 1), 1, "VALID", at=(0, 0, 0, 0))
    other = explain_geometry(e.details["geometry"], (0, 1, 1, 0))
    assert other.value == 0 and other.details["dtype"] == "int32" and other.check()
