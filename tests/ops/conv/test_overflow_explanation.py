"""A float32 transposed convolution whose sum overflows: explained as an overflow."""

from __future__ import annotations

import dataclasses

import numpy as np

from arraylens import tensorflow as tf
from arraylens.ops.conv.rotation import forgotten_rotation

F = np.array([-1, 2, -3, 4, -5, 6, -7, 8, -9], np.float32).reshape(3, 3, 1, 1)


def test_float32_overflow_to_minus_inf_is_explained_and_checks() -> None:
    x = np.full((1, 2, 2, 1), 1e38, np.float32)
    e = tf.conv2d_transpose.explain(
        x, F, output_shape=(1, 5, 5, 1), strides=[1, 2, 2, 1], padding="VALID", at=(0, 2, 2, 0)
    )
    assert e.value == -np.inf and len(e.terms) == 4
    text = str(e)
    assert "the float32 sum of 4 finite products overflowed" in e.summary
    assert "= -2e+39 in float64" in e.summary
    assert "2 product(s) overflow float32 on their own: (1e+38)(-7) = -7e+38, (1e+38)(-9) = -9e+38" in text
    # equal inputs: the mirrored pairing has the same products; no "-2e+39 ... the true value is -inf"
    fr = forgotten_rotation(e)
    assert fr is not None and fr.same_products and fr.wrong_value == -np.inf
    assert "happen to give the same -inf here: they are the same products" in fr.headline()
    assert "gives -2e+39" not in text
    assert e.check()
    # the overflow's sign matters
    assert not dataclasses.replace(e, value=np.inf).check()
    assert not dataclasses.replace(e, value=-3e38).check()


def test_float64_does_not_overflow_there() -> None:
    x = np.full((1, 2, 2, 1), 1e38)
    e = tf.conv2d_transpose.explain(
        x, F.astype(np.float64), output_shape=(1, 5, 5, 1), strides=[1, 2, 2, 1], padding="VALID", at=(0, 2, 2, 0)
    )
    assert e.value == -2e39 and "overflow" not in str(e) and e.check()
