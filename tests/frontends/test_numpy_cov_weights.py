"""``np.cov`` with ``fweights`` and ``aweights``: NumPy 2.x's values (exactly), checks and words."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from arraylens import numpy as anp
from arraylens.core.errors import ArgumentError

RNG = np.random.default_rng(0)
M = RNG.normal(size=(3, 6))
FW = np.array([1, 2, 0, 3, 1, 1])
AW = RNG.random(6)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fweights": FW},
        {"aweights": AW},
        {"fweights": FW, "aweights": AW},
        {"fweights": FW, "aweights": AW, "ddof": 0},
        {"fweights": FW, "aweights": AW, "bias": True},
        {"aweights": AW, "ddof": 3},
        {"fweights": FW, "ddof": 2},
        {"fweights": [1, 1, 1, 1, 1, 1]},  # unit frequencies: the unweighted result
    ],
    ids=["fweights", "aweights", "both", "both-ddof0", "both-bias", "aweights-ddof3", "fweights-ddof2", "unit"],
)
def test_cov_weights_match_numpy_exactly(kwargs: dict[str, Any]) -> None:
    expected = np.cov(M, **kwargs)
    got = anp.cov(M, **kwargs)
    np.testing.assert_array_equal(got, expected)
    explanation = anp.cov.explain(M, **kwargs, at=(0, 2))
    assert explanation.check()
    np.testing.assert_allclose(explanation.value, expected[0, 2], rtol=1e-14)


def test_cov_weights_rowvar_false_and_y() -> None:
    expected = np.cov(M.T, M[:1].T, rowvar=False, fweights=FW, aweights=AW)
    np.testing.assert_array_equal(anp.cov(M.T, M[:1].T, rowvar=False, fweights=FW, aweights=AW), expected)


def test_cov_weights_shown_in_explanation() -> None:
    text = str(anp.cov.explain(M, fweights=FW, at=(0, 1)))
    assert "w=2 *" in text and "weighted divisor" in text


def test_cov_weights_divisor_not_positive_warns_like_numpy() -> None:
    with np.errstate(invalid="ignore", divide="ignore"):  # 0 * inf, in NumPy's and ours alike
        with pytest.warns(RuntimeWarning, match="Degrees of freedom <= 0"):
            expected = np.cov(M, fweights=[1, 0, 0, 0, 0, 0])
        with pytest.warns(RuntimeWarning, match="Degrees of freedom <= 0"):
            got = anp.cov(M, fweights=[1, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fweights": [1.5] * 6},
        {"fweights": np.ones((2, 6))},
        {"fweights": [1] * 5},
        {"fweights": [-1] + [1] * 5},
        {"aweights": np.ones((2, 6))},
        {"aweights": [1] * 7},
        {"aweights": [-1.0] + [1.0] * 5},
        {"aweights": [0.0] * 6},
        {"fweights": [0] * 6, "aweights": AW},
        {"fweights": [1.5] * 6, "aweights": [-1] * 6},  # NumPy checks fweights first
    ],
)
def test_cov_weight_errors_in_numpys_words(kwargs: dict[str, Any]) -> None:
    with pytest.raises((TypeError, RuntimeError, ValueError, ZeroDivisionError)) as numpy_error:
        np.cov(M, **kwargs)
    with pytest.raises(ArgumentError) as ours:
        anp.cov(M, **kwargs)
    assert str(ours.value) == str(numpy_error.value)
    assert isinstance(ours.value, TypeError) == isinstance(numpy_error.value, TypeError)


def test_cov_weights_ignored_for_no_variables_as_numpy() -> None:
    expected = np.cov(np.zeros((0, 3)), fweights=[1.5])
    assert anp.cov(np.zeros((0, 3)), fweights=[1.5]).shape == expected.shape == (0, 0)
