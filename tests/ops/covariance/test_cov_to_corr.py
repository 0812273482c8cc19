"""cov_to_corr against np.corrcoef, and its checks."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from arraylens import cov_to_corr
from arraylens import numpy as anp
from arraylens.demos import cases
from arraylens.ops.covariance.convert import looks_like_covariance


@pytest.mark.conformance
@pytest.mark.parametrize("seed", range(5))
def test_cov_to_corr_of_cov_equals_corrcoef(seed):
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(5, 12)) * rng.uniform(0.1, 10, size=(5, 1))
    np.testing.assert_allclose(cov_to_corr(np.cov(m)), np.corrcoef(m), rtol=1e-13, atol=1e-15)


def test_motivating_case():
    m = np.array(cases()["corrcoef_mst"]["mm_rows"], dtype=float)
    want = cases()["corrcoef_mst"]["expected_corr_from_data"]
    np.testing.assert_allclose(cov_to_corr(np.cov(m)), want, atol=1e-8)
    assert looks_like_covariance(np.cov(m))
    assert not looks_like_covariance(m)  # 3 x 4 observations
    assert not looks_like_covariance(np.array([[1.0, 2.0], [2.0, 1.0]]))  # not PSD


def test_zero_variance_gives_nan_rows_with_a_warning():
    c = np.array([[2.0, 0.0, 1.0], [0.0, 0.0, 0.0], [1.0, 0.0, 4.0]])
    with pytest.warns(RuntimeWarning, match=r"variables \[1\] have variance 0"):
        r = cov_to_corr(c)
    assert np.isnan(r[1]).all() and np.isnan(r[:, 1]).all()
    assert r[0, 2] == pytest.approx(1 / np.sqrt(8))


def test_bad_covariances_are_rejected_with_the_rule():
    with pytest.raises(ValueError, match="square 2-D"):
        cov_to_corr(np.ones((2, 3)))
    with pytest.raises(ValueError, match="not symmetric"):
        cov_to_corr(np.array([[1.0, 0.5], [0.4, 1.0]]))
    with pytest.raises(ValueError, match="is negative"):
        cov_to_corr(np.array([[1.0, 0.0], [0.0, -1.0]]))
    with pytest.raises(ValueError, match="non-finite"):
        cov_to_corr(np.array([[1.0, np.nan], [np.nan, 1.0]]))
    with pytest.raises(TypeError, match="complex"):
        cov_to_corr(np.eye(2) * 1j)


def test_explaining_a_covariance_of_no_observations_gives_nan() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e = anp.cov.explain(np.zeros((2, 0)), at=(0, 1))
        expected = np.cov(np.zeros((2, 0)))[0, 1]
    assert np.isnan(e.value) and np.isnan(expected)
    assert e.check()
