"""``Explanation.check``'s tolerance scales with the terms and the result's dtype."""

from __future__ import annotations

import dataclasses

import numpy as np

from arraylens import tensorflow as tf

F = np.array([-1, 2, -3, 4, -5, 6, -7, 8, -9], np.float32).reshape(3, 3, 1, 1)
X = np.array([[[[-67], [-77]], [[-117], [-127]]]], np.float32)


def _explain(x: np.ndarray, at: tuple[int, ...] = (0, 2, 2, 0)):  # type: ignore[no-untyped-def]
    return tf.conv2d_transpose.explain(x, F, output_shape=(1, 5, 5, 1), strides=[1, 2, 2, 1], padding="VALID", at=at)


def test_check_refuses_wrong_values_of_the_readme_case_scaled_by_1e_12() -> None:
    e = _explain(X * np.float32(1e-12))
    assert e.details["dtype"] == "float32"
    assert e.value != 0 and abs(e.value) < 1e-8
    assert e.check()
    for wrong in (0.0, -e.value, 100 * e.value, e.value * (1 + 1e-4)):
        assert not dataclasses.replace(e, value=wrong).check(), wrong


def test_check_tolerance_is_the_dtype_rounding_of_the_sum() -> None:
    e = _explain(X)
    assert e.value == 1620.0 and e.check()  # (-67)(-9) + (-77)(-7) + (-117)(-3) + (-127)(-1)
    # float32 rounding of a sum of 4 products whose magnitudes sum to 1620: a few ulps pass ...
    assert dataclasses.replace(e, value=1620.0 + 1620 * 2e-7).check()
    # ... one part in 10^5 does not (the old rtol passed it)
    assert not dataclasses.replace(e, value=1620.0 * (1 + 1e-5)).check()


def test_check_of_zero_terms_allows_only_a_tiny_floor() -> None:
    e = _explain(np.zeros_like(X))
    assert e.value == 0.0 and e.check()
    assert not dataclasses.replace(e, value=1e-30).check()
    assert not dataclasses.replace(e, value=1e-7).check()


def test_explicit_tolerances_still_apply() -> None:
    e = dataclasses.replace(_explain(X), value=1620.5)
    assert not e.check()
    assert e.check(rtol=1e-3, atol=0.0)


def test_check_without_terms_keeps_the_fixed_tolerance() -> None:
    # np.corrcoef near 0 carries the rounding of its deviation products, which the explanation
    # (an expected value, no terms) cannot scale by
    from arraylens import numpy as anp

    m = np.array([[0.1] * 5, [0.2, 0.2, 0.2, 0.7, 0.7], [0.2, 0.1, 0.7, 1 / 3, 1 / 3]])
    e = anp.corrcoef.explain(m, at=(2, 1))
    assert not e.terms and e.expected is not None and abs(e.value) < 1e-15
    assert e.check()
    assert not dataclasses.replace(e, value=0.5).check()
