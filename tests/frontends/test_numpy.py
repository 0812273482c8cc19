"""arraylens.numpy argmax/argmin/amax/amin against NumPy, and their explanations."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.exceptions import AxisError

from arraylens import numpy as alnp
from arraylens.demos import cases

VALUES = st.sampled_from([0.0, 1.0, -1.0, 3.0, np.nan, -np.inf])
NP = {"argmax": np.argmax, "argmin": np.argmin, "amax": np.amax, "amin": np.amin}


@st.composite
def reduction_case(draw: st.DrawFn):
    name = draw(st.sampled_from(sorted(NP)))
    a = draw(
        hnp.arrays(float, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), elements=VALUES)
    )
    if name.startswith("arg"):
        axis = draw(st.none() | st.integers(-a.ndim, a.ndim - 1))
    else:
        axis = draw(
            st.none()
            | st.integers(-a.ndim, a.ndim - 1)
            | st.lists(st.integers(0, a.ndim - 1), min_size=1, max_size=a.ndim, unique=True).map(
                tuple
            )
        )
    keepdims = draw(st.booleans())
    return name, a, axis, keepdims


@pytest.mark.conformance
@settings(max_examples=250, deadline=None)
@given(reduction_case())
def test_reductions_match_numpy_and_every_element_is_explained(case):
    name, a, axis, keepdims = case
    ours, theirs = getattr(alnp, name), NP[name]
    got = ours(a, axis=axis, keepdims=keepdims)
    want = theirs(a, axis=axis, keepdims=keepdims)
    np.testing.assert_array_equal(got, want)
    assert np.asarray(got).dtype == np.asarray(want).dtype
    assert np.shape(got) == np.shape(want)
    for index in np.ndindex(np.shape(want)):
        explanation = ours.explain(a, axis=axis, keepdims=keepdims, at=index)
        assert explanation.check(rtol=0, atol=0), str(explanation)
        assert explanation.index == index
        np.testing.assert_array_equal(explanation.value, np.asarray(want)[index])


def test_motivating_case_explanation_names_winner_and_runner_up():
    case = cases()["argmax_values"]
    x = np.array(case["x"])
    np.testing.assert_array_equal(alnp.argmax(x, axis=0), case["expected_indices"])
    np.testing.assert_array_equal(alnp.amax(x, axis=0), case["expected_values"])
    e = alnp.argmax.explain(x, axis=0, at=2)
    assert e.value == 7 and e.expected == 7 and e.check()
    assert e.details["winner_index"] == (7, 2)
    assert e.details["runner_up"] == 4  # 0.84959605 is the second largest of column 2
    text = str(e)
    assert "a[7, 2] = 0.88523" in text
    assert "a[4, 2] = 0.849596" in text
    assert "no tie and no NaN" in text
    v = alnp.amax.explain(x, axis=0, at=(0,))
    assert v.value == pytest.approx(0.99158904) and v.details["winner_index"] == (5, 0)


def test_explanation_names_the_tie_rule():
    e = alnp.argmax.explain([[1, 7, 3, 7, 7]], axis=1, at=0)
    assert e.value == 1
    assert e.details["ties"] == [1, 3, 4]
    assert "tie: positions 1, 3 and 4 all hold 7" in str(e) and "first" in str(e)
    assert "equal to the winner" in str(e)


def test_explanation_names_the_nan_rule():
    x = np.array([2.0, np.nan, 9.0, np.nan])
    e = alnp.argmax.explain(x, at=())
    assert e.value == 1 == np.argmax(x)
    assert e.details["nan_positions"] == [1, 3]
    assert "first NaN wins" in str(e) and "nanargmax" in str(e)
    assert "NaN at positions 1 and 3" in str(e) and "out[]" not in str(e)
    m = alnp.amin.explain(x, axis=0, at=())
    assert np.isnan(m.value) and m.check()


def test_explain_rejects_bad_indices_and_arguments():
    x = np.zeros((3, 4))
    with pytest.raises(IndexError, match="out of range"):
        alnp.argmax.explain(x, axis=0, at=4)
    with pytest.raises(IndexError, match="has 2 entries"):
        alnp.argmax.explain(x, axis=0, at=(0, 0))
    with pytest.raises(AxisError, match="axis 2 is out of bounds"):
        alnp.argmin(x, axis=2)
    with pytest.raises(TypeError, match="axis must be an integer"):
        alnp.argmax(x, axis=(0, 1))
    with pytest.raises(TypeError, match="'out' argument is not supported"):
        alnp.amax(x, 0, np.zeros(4))
    with pytest.raises(ValueError, match="duplicate value in 'axis'"):
        alnp.amax(x, axis=(0, 0))
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum"):
        alnp.amax(np.zeros((0, 2)), axis=0)
    with pytest.raises(ValueError, match="zero-size array to reduction operation minimum"):
        alnp.amin(np.zeros((2, 0)))
    with pytest.raises(ValueError, match="attempt to get argmin of an empty sequence"):
        alnp.argmin(np.zeros((2, 0)), axis=1)


def test_scalar_results_are_numpy_scalars():
    got = alnp.argmax([3, 9, 1])
    assert got == 1 and np.ndim(got) == 0
    assert alnp.amin(np.array([[4.0, -2.0]])) == -2.0


# --- cov and corrcoef -------------------------------------------------------------------


def _both(name: str, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return getattr(alnp, name)(*args, **kwargs), getattr(np, name)(*args, **kwargs)


@pytest.mark.conformance
@pytest.mark.parametrize("name", ["cov", "corrcoef"])
@pytest.mark.parametrize("rowvar", [True, False])
@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (1, 6), (6, 1), (4,), (2, 2)])
@pytest.mark.parametrize("with_y", [False, True])
def test_cov_and_corrcoef_match_numpy(name, rowvar, shape, with_y):
    rng = np.random.default_rng(hash((name, rowvar, shape, with_y)) % 2**32)
    m = rng.normal(size=shape)
    y = rng.normal(size=shape) if with_y else None
    try:
        _both(name, m, y, rowvar)  # NumPy raises here when it cannot join m and y
    except ValueError:  # NumPy cannot join m and y (e.g. (6, 1) and (1, 6) with rowvar=False)
        with pytest.raises(ValueError, match="same number of observations"):
            getattr(alnp, name)(m, y, rowvar)
        with pytest.raises(ValueError):
            getattr(np, name)(m, y, rowvar)
        return
    got, want = _both(name, m, y, rowvar)
    assert np.shape(got) == np.shape(want)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)


@pytest.mark.conformance
@pytest.mark.parametrize(
    "kwargs", [{"bias": True}, {"ddof": 0}, {"ddof": 2}, {"ddof": 1, "bias": True}, {}]
)
def test_cov_bias_and_ddof_match_numpy(kwargs):
    m = np.array([[1.0, 4, 7, 8, 3], [2, 2, 8, 4, 1], [1, 13, 1, 5, 0]])
    got, want = _both("cov", m, **kwargs)
    np.testing.assert_allclose(got, want, rtol=1e-14)


@pytest.mark.conformance
@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        float,
        st.tuples(st.integers(1, 4), st.integers(2, 6)),
        elements=st.floats(-100, 100, allow_nan=False),
    ),
    st.booleans(),
)
def test_corrcoef_matches_numpy_on_random_data(m, rowvar):
    got, want = _both("corrcoef", m, rowvar=rowvar)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, equal_nan=True)


@pytest.mark.conformance
def test_integer_complex_and_dtype_inputs_match_numpy():
    m = np.array([[1, 4, 7, 8], [2, 2, 8, 4]])
    for kwargs in ({}, {"dtype": np.float32}):
        got, want = _both("cov", m, **kwargs)
        np.testing.assert_allclose(got, want, rtol=1e-6)
        assert got.dtype == want.dtype
    z = np.array([[1 + 2j, 3 - 1j, 0.5j], [2, 1j, -1]])
    for name in ("cov", "corrcoef"):
        got, want = _both(name, z)
        np.testing.assert_allclose(got, want, rtol=1e-13)


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_cov_errors_use_numpys_words():
    with pytest.raises(ValueError, match="m has more than 2 dimensions"):
        alnp.cov(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="y has more than 2 dimensions"):
        alnp.cov(np.zeros((2, 2)), np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="ddof must be integer"):
        alnp.cov(np.zeros((2, 3)), ddof=1.5)
    with pytest.raises(ValueError, match="same number of observations"):
        alnp.cov(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.warns(RuntimeWarning, match="Degrees of freedom <= 0"):
        alnp.cov(np.array([[1.0], [2.0]]))


def test_motivating_case_corrcoef_of_data_and_of_its_covariance():
    case = cases()["corrcoef_mst"]
    m = np.array(case["mm_rows"], dtype=float)
    np.testing.assert_allclose(alnp.corrcoef(m), case["expected_corr_from_data"], atol=1e-8)
    misuse = alnp.corrcoef(alnp.cov(m))
    np.testing.assert_allclose(misuse, case["expected_corrcoef_of_cov_misuse"], atol=1e-8)


def test_corrcoef_explanation_shows_the_formula_and_warns_on_a_covariance_input():
    m = np.array(cases()["corrcoef_mst"]["mm_rows"], dtype=float)
    c = np.cov(m)
    e = alnp.corrcoef.explain(c, at=(0, 1))
    assert e.check()
    assert e.value == pytest.approx(0.8660254, abs=1e-8)
    text = str(e)
    assert "looks like a covariance matrix" in text
    # one symbol per matrix: A the input, C' = np.cov(A), R' = np.corrcoef(A) (the misuse),
    # R = cov_to_corr(A) (the correlation A describes)
    assert "R = arraylens.cov_to_corr(A)" in text
    assert "R[0,1] = A[0,1] / sqrt(A[0,0] A[1,1]) = 6 / sqrt(10 * 8) = 0.67082" in text
    assert "R'[0,1] = C'[0,1] / sqrt(C'[0,0] * C'[1,1])" in text
    assert "= 38 / sqrt(25.3333 * 76) = 0.866025" in text
    assert "C' = np.cov(A)" in text and "C'[0,1] = 76 / 2 = 38" in text
    assert "(A_ik - mean_i)(A_jk - mean_j)" in text and "variable 0 is A row 0" in text
    assert "R[0,1] = 0.866" not in text and "C[0,1]" not in text
    assert e.details["looks_like_covariance"] is True
    plain = alnp.corrcoef.explain(m, at=(1, 2))
    assert plain.check() and plain.value == pytest.approx(-0.5)
    assert "covariance matrix" not in str(plain).split("Formula")[0]
    assert "R[1,2] = C[1,2] / sqrt(C[1,1] * C[2,2])" in str(plain)
    assert "C = np.cov(x)" in str(plain) and "R'" not in str(plain) and "C'" not in str(plain)
    assert plain.details["looks_like_covariance"] is False
    assert f"= {plain.details['cov_ij']:g}" in str(plain) or "sqrt(" in str(plain)


@pytest.mark.parametrize("rowvar", [True, False])
def test_every_cov_and_corrcoef_element_is_explained(rowvar):
    rng = np.random.default_rng(7)
    m = rng.normal(size=(4, 9)) if rowvar else rng.normal(size=(9, 4))
    y = rng.normal(size=(2, 9)) if rowvar else rng.normal(size=(9, 2))
    for name in ("cov", "corrcoef"):
        want = getattr(np, name)(m, y, rowvar=rowvar)
        front = getattr(alnp, name)
        for index in np.ndindex(want.shape):
            e = front.explain(m, y, rowvar=rowvar, at=index)
            assert e.check(rtol=1e-12, atol=1e-14), str(e)
            # explained from the variables i and j only: BLAS may round that small product
            # and the whole one differently in the last bits
            assert e.value == pytest.approx(want[index], rel=1e-13, abs=1e-15)


def test_constant_variable_gives_nan_with_the_reason():
    m = np.array([[3.0, 3.0, 3.0, 3.0], [1.0, 2.0, 0.0, 5.0]])
    with pytest.warns(RuntimeWarning, match="invalid value"):
        r = alnp.corrcoef(m)
    with pytest.warns(RuntimeWarning, match="invalid value"):
        np.testing.assert_array_equal(r, np.corrcoef(m))
    e = alnp.corrcoef.explain(m, at=(0, 1))
    assert np.isnan(e.value) and e.check()
    assert e.details["constant_variables"] == [0]
    assert "variable 0 (x row 0) is constant" in str(e)
    assert "0 / 0 = NaN" in str(e)


def test_one_variable_gives_a_0d_result_explained_at_the_empty_index():
    x = np.array([1.0, 2.0, 4.0])
    got, want = _both("cov", x)
    assert np.ndim(got) == 0 and got == want
    e = alnp.cov.explain(x, at=())
    assert e.check() and e.value == pytest.approx(np.var(x, ddof=1))


@pytest.mark.conformance
def test_bool_integer_and_complex_inputs_match_numpy_and_are_explained():
    arrays = (
        np.array([[True, False, True], [False, False, False]]),
        np.array([[3, 1, 3], [0, 200, 7]], dtype=np.uint8),
        np.array([[1 + 1j, 1 + 2j, 0], [2j, 2j, -1]]),
    )
    for a in arrays:
        for name in ("argmax", "argmin"):
            want = NP[name](a, axis=1)
            np.testing.assert_array_equal(getattr(alnp, name)(a, axis=1), want)
            for row in range(2):
                e = getattr(alnp, name).explain(a, axis=1, at=row)
                assert e.check(rtol=0, atol=0) and e.value == want[row]
        np.testing.assert_array_equal(alnp.amax(a, axis=1), np.amax(a, axis=1))
    with pytest.raises(TypeError, match="real inputs only"):
        alnp.amax.explain(arrays[2], axis=1, at=0)
