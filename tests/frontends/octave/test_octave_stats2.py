"""std, var, median, mode, quantile and prctile against GNU Octave 7.3 (the shared batch), their
explanations, their NumPy equivalents, and the traps a port to NumPy falls into."""

from __future__ import annotations

import numpy as np
import pytest
from cases_stats import CASES, ERROR_CASES
from octave_batch import Case, OctaveResult
from octave_compare import (
    assert_matches_octave,
    assert_numpy_call_matches,
    assert_same_refusal,
    call,
    explain_seeded_element,
    outputs,
)

from arraylens import octave
from arraylens.core.errors import ArgumentError

pytestmark = pytest.mark.conformance

Results = tuple[str, dict[str, OctaveResult]]


def test_case_count() -> None:
    assert len(CASES) >= 900 and len(ERROR_CASES) >= 45
    names = {c.fname for c in CASES}
    assert names == {"std", "var", "median", "mode", "quantile", "prctile"}
    assert sum(any(np.iscomplexobj(a) for a in c.args if isinstance(a, np.ndarray)) for c in CASES) >= 300
    assert (
        sum(
            any(isinstance(a, np.ndarray) and a.dtype.kind in "fc" and np.isnan(a).any() for a in c.args) for c in CASES
        )
        >= 200
    )


# the NumPy line's np.nanquantile warns about all-NaN slices (its answer, NaN, is Octave's)
@pytest.mark.filterwarnings("ignore:All-NaN slice encountered:RuntimeWarning")
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_octave(case: Case, octave_results: Results) -> None:
    ours = outputs(case, call(case))
    assert_matches_octave(case, ours, octave_results[1][case.id])
    assert_numpy_call_matches(case, ours)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_explanation(case: Case) -> None:
    values = outputs(case, call(case))[0]
    explanation = explain_seeded_element(case, values)
    if explanation is not None and case.fname == "mode" and case.nout == 2:
        at = explanation.index
        f = outputs(case, call(case))[1]
        assert explanation.details["count"] == explanation.details["expected_count"] == f[at]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_refuses_where_octave_refuses(case: Case, octave_results: Results) -> None:
    assert_same_refusal(case, octave_results[1][case.id])


# --- the traps -----------------------------------------------------------------------------

M63 = np.array([[2.0, 9.0, 4.0], [7.0, 5.0, 3.0], [6.0, 1.0, 8.0], [1.5, 4.5, 7.5], [3.0, 3.0, 10.0], [8.0, 2.0, 0.5]])


def test_std_divides_by_n_minus_1_not_numpy_ddof_0() -> None:
    s = octave.std(M63)
    assert s.shape == (1, 3)  # along the columns (the first non-singleton dimension)
    # octave-cli 7.3: printf("%.17g ", std(M))
    np.testing.assert_allclose(s[0], [2.7643564651952302, 2.8357832545289261, 3.5777087639996634], rtol=1e-15)
    np.testing.assert_allclose(s, np.std(M63, axis=0, ddof=1, keepdims=True), rtol=1e-15)
    numpy_default = np.std(M63, axis=0)
    assert np.all(s[0] > numpy_default)  # np.std's default ddof=0 is Octave's std(x, 1)
    assert np.max(s[0] - numpy_default) == pytest.approx(0.31172244, abs=1e-8)
    np.testing.assert_allclose(octave.std(M63, 1)[0], numpy_default, rtol=1e-15)
    assert "divided by N - 1" in str(octave.std.explain(M63, at=1))


def test_var_of_one_element_is_0_not_numpy_nan() -> None:
    with np.errstate(invalid="ignore", divide="ignore"), pytest.warns(RuntimeWarning):
        assert np.isnan(np.var([4.0], ddof=1))
    np.testing.assert_array_equal(octave.var(np.array([[4.0, np.inf]]), 0, 1), [[0.0, np.nan]])


def test_weighted_var_of_complex_squares_the_deviation() -> None:
    v = octave.var(np.array([1 + 2j, 3 - 1j, 2]), np.array([1.0, 2, 1]))
    assert v.dtype == np.complex128
    np.testing.assert_allclose(v, [[-0.8125 - 2j]])  # Octave 7.3's value
    assert octave.var(np.array([1 + 2j, 3 - 1j, 2])).dtype == np.float64  # unweighted: |x - mu|^2


def test_quantile_method_5_not_numpy_linear() -> None:
    x = np.array([[2.0], [9.0], [4.0], [7.0], [5.0], [3.0], [6.0], [1.0]])
    q = octave.quantile(x, np.array([0.1, 0.5, 0.9]))
    assert q.shape == (1, 3)  # a vector result takes p's orientation (a row)
    np.testing.assert_allclose(q[0], [1.3, 4.5, 8.4])  # octave-cli 7.3 (method 5, 'hazen')
    numpy_default = np.quantile(x[:, 0], [0.1, 0.5, 0.9])  # method='linear' (Octave's 7)
    np.testing.assert_allclose(numpy_default, [1.7, 4.5, 7.6])
    assert np.max(np.abs(q[0] - numpy_default)) == pytest.approx(0.8)
    np.testing.assert_allclose(q[0], np.quantile(x[:, 0], [0.1, 0.5, 0.9], method="hazen"))


def test_quantile_skips_nan_but_median_does_not() -> None:
    x = np.array([1.0, np.nan, 3.0, 4.0])
    assert octave.quantile(x, 0.5)[0, 0] == 3.0  # NaN ignored: median of [1, 3, 4]
    assert np.isnan(octave.median(x)[0, 0])  # any NaN gives NaN
    assert np.isnan(np.quantile(x, 0.5))


def test_quantile_outside_0_1_is_inf_not_an_error() -> None:
    q = octave.quantile(np.array([1.0, 2, 3, 4]), np.array([-0.5, 0.5, 1.5]))
    np.testing.assert_array_equal(q, [[-np.inf, 2.5, np.inf]])
    with pytest.raises(ValueError):
        np.quantile([1.0, 2, 3, 4], 1.5)


def test_median_of_integers_stays_integer_and_saturates() -> None:
    m = octave.median(np.array([100, 120], dtype=np.int8))
    assert m.dtype == np.int8 and m[0, 0] == 64  # int8 sum saturates at 127; 63.5 rounds to 64
    assert np.median(np.array([100, 120], dtype=np.int8)) == 110.0


def test_median_of_complex_orders_by_abs() -> None:
    x = np.array([1 + 1j, 2, -3, 1j])
    assert octave.median(x)[0, 0] == 1.5 + 0.5j  # middle two by abs: 1+1i and 2
    assert np.median(x) != 1.5 + 0.5j


def test_mode_ties_to_smallest_and_counts_inf_alone() -> None:
    m, f = octave.mode(np.array([3.0, 3, 1, 1, 2]), nargout=2)
    assert (m[0, 0], f[0, 0]) == (1.0, 2.0)
    m, f = octave.mode(np.array([np.inf, np.inf, 1.0]), nargout=2)
    assert (m[0, 0], f[0, 0]) == (1.0, 1.0)  # diff(sort(x)) != 0: Inf - Inf is NaN
    assert f.dtype == np.float64


def test_mode_third_output_refused_with_reason() -> None:
    with pytest.raises(ArgumentError, match="cell array"):
        octave.mode(np.array([1.0, 2.0]), nargout=3)


def test_prctile_is_quantile_of_percent() -> None:
    x = np.arange(11.0) ** 2
    np.testing.assert_array_equal(
        octave.prctile(x, np.array([10.0, 50, 90])), octave.quantile(x, np.array([0.1, 0.5, 0.9]))
    )


@pytest.mark.parametrize("fname", ["std", "var", "median", "mode", "quantile", "prctile"])
def test_to_numpy_call_binds_parameter_names(fname: str) -> None:
    code = octave.to_numpy_call(fname, np.arange(6.0).reshape(2, 3))
    assert code.splitlines()[-1]
