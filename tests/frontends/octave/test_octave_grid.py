"""interp1, linspace, colon, meshgrid and ndgrid against GNU Octave (cases in cases_grid.py),
and the named traps of the group: interp1's NaN outside the data against np.interp's clamping,
colon's count and end point against np.arange, meshgrid against ndgrid against np.meshgrid."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from cases_grid import CASES, ERROR_CASES
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
    assert len(CASES) + len(ERROR_CASES) >= 300
    for fname in ("interp1", "linspace", "colon", "meshgrid", "ndgrid"):
        assert any(c.fname == fname for c in CASES), fname
        assert any(c.fname == fname for c in ERROR_CASES), fname


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_octave(case: Case, octave_results: Results) -> None:
    ours = outputs(case, call(case))
    assert_matches_octave(case, ours, octave_results[1][case.id])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_numpy_call_and_explanation(case: Case) -> None:
    ours = outputs(case, call(case))
    assert_numpy_call_matches(case, ours)
    explain_seeded_element(case, ours[0])


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_refuses_where_octave_refuses(case: Case, octave_results: Results) -> None:
    assert_same_refusal(case, octave_results[1][case.id])


# ------------------------------------------------------------------------ the named traps
def test_interp1_gives_nan_at_both_ends_where_np_interp_clamps() -> None:
    x, y, xi = np.array([1.0, 2, 3, 4]), np.array([10.0, 20, 15, 5]), np.array([0.0, 1.5, 5.0])
    ours = octave.interp1(x, y, xi)
    assert np.isnan(ours[0, 0]) and np.isnan(ours[0, 2]) and ours[0, 1] == 15  # Octave 7.3: NA 15 NA
    assert np.interp(xi, x, y).tolist() == [10.0, 15.0, 5.0]  # NumPy clamps to y(1), y(end)
    assert octave.interp1(x, y, xi, "linear", "extrap").tolist() == [[0.0, 15.0, -5.0]]


def test_interp1_cubic_is_pchip_and_spline_is_not_a_knot() -> None:
    x, y, xi = np.array([1.0, 2, 3, 4]), np.array([10.0, 20, 15, 5]), np.array([1.5, 2.5])
    np.testing.assert_array_equal(octave.interp1(x, y, xi, "cubic"), octave.interp1(x, y, xi, "pchip"))
    np.testing.assert_allclose(octave.interp1(x, y, xi, "pchip"), [[17.1875, 18.333333333333332]])
    np.testing.assert_allclose(octave.interp1(x, y, xi, "spline"), [[17.5, 18.75]])


def test_interp1_sorts_an_unsorted_x_and_keeps_a_descending_one() -> None:
    y = np.array([10.0, 20, 15, 5])
    np.testing.assert_array_equal(octave.interp1(np.array([3.0, 1, 2, 4]), y, np.array([1.5, 2.5])), [[17.5, 12.5]])
    # Octave 7.3: descending x, 'previous' looks along the array order: [15 15 20]
    np.testing.assert_array_equal(
        octave.interp1(np.array([4.0, 3, 2, 1]), y, np.array([1.5, 2, 2.5]), "previous"), [[15, 15, 20]]
    )


def test_colon_0_01_1_has_11_elements_ending_at_1_not_nparange() -> None:
    r = octave.colon(0.0, 0.1, 1.0)
    assert r.shape == (1, 11) and r[0, -1] == 1.0  # Octave 7.3: 11 elements, the last is 1
    assert np.arange(0, 1, 0.1).size == 10  # np.arange excludes its stop
    assert np.arange(0, 1.1, 0.1)[-1] == 1.0 and np.arange(0, 1.1, 0.1).size == 11
    assert np.arange(1, 1.3, 0.1).size == 4  # the classic over-count: [1, 1.1, 1.2, 1.3000000000000003]
    assert octave.colon(1.0, 0.1, 1.3).shape == (1, 4) and octave.colon(1.0, 0.1, 1.3)[0, -1] == 1.3
    assert octave.colon(1.0, 0.1, 1.2).shape == (1, 3)  # np.arange(1, 1.2, 0.1) has 2
    r = octave.colon(1.8, 0.05, 1.9)  # Octave's own example of the tolerance
    assert r.shape == (1, 3) and r[0, -1] == 1.9


def test_colon_elements_are_base_plus_i_times_increment_not_cumulative() -> None:
    r = octave.colon(0.0, 0.1, 1.0)
    assert r[0, 3] == 3 * 0.1 != 0.3  # 0.30000000000000004, as Octave gives
    assert np.signbit(octave.colon(-0.0, 1.0, 3.0)[0, 0])  # the first element is base itself


def test_colon_with_one_argument_is_deprecated_to_column() -> None:
    x = np.arange(6.0).reshape(2, 3)
    with pytest.warns(DeprecationWarning, match="to_column"):
        got = octave.colon(x)
    np.testing.assert_array_equal(got, octave.to_column(x))
    np.testing.assert_array_equal(got.ravel(), [0, 3, 1, 4, 2, 5])


def test_linspace_is_built_from_both_ends_unlike_np_linspace() -> None:
    ours = octave.linspace(0.0, 1.0, 10)
    assert ours[0, 0] == 0.0 and ours[0, -1] == 1.0
    delta = 1.0 / 9
    assert ours[0, 3] == 3 * delta  # the first half counts from base
    assert ours[0, 6] == 1.0 - 3 * delta  # the second half counts back from the limit
    assert np.linspace(0.0, 1.0, 10)[6] == 6 * delta != ours[0, 6]  # NumPy counts from base
    assert np.flatnonzero(np.linspace(0.0, 1.0, 10) != ours[0]).tolist() == [6, 7]


def test_meshgrid_swaps_the_first_two_dimensions_of_ndgrid() -> None:
    x, y = np.array([1.0, 2, 3]), np.array([4.0, 5])
    xx, yy = octave.meshgrid(x, y, nargout=2)
    a, b = octave.ndgrid(x, y, nargout=2)
    assert xx.shape == (2, 3) and a.shape == (3, 2)
    np.testing.assert_array_equal(xx, a.T)
    np.testing.assert_array_equal(yy, b.T)
    nx, ny = np.meshgrid(x, y)  # NumPy's default indexing='xy' is meshgrid
    np.testing.assert_array_equal(xx, nx)
    np.testing.assert_array_equal(yy, ny)
    ix, iy = np.meshgrid(x, y, indexing="ij")  # indexing='ij' is ndgrid
    np.testing.assert_array_equal(a, ix)
    np.testing.assert_array_equal(b, iy)
    assert octave.ndgrid(x).shape == (3, 1)  # ndgrid(x) with one output is x(:)


def test_meshgrid_with_three_outputs_and_two_vectors_uses_y_for_z() -> None:
    _, _, zz = octave.meshgrid(np.array([1.0, 2]), np.array([1.0, 2, 3]), nargout=3)
    assert zz.shape == (3, 2, 3)
    np.testing.assert_array_equal(zz[0, 0], [1, 2, 3])


def test_interp1_refuses_what_octave_answers_wrongly() -> None:
    with pytest.raises(ValueError, match="X has 2 points but Y has 3"):
        octave.interp1(np.array([1.0, 2]), np.array([1.0, 2, 3]), 1.5)  # Octave: 1.75
    with pytest.raises(TypeError, match="integer class"):
        octave.interp1(np.array([1.0, 2]), np.array([1, 2], dtype=np.int8), 1.5)


def test_colon_non_scalar_argument_warns_like_octave() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = octave.colon(np.array([1.0, 2.0]), 3.0)
    assert [str(w.message) for w in caught] == ["colon arguments should be scalars"]
    np.testing.assert_array_equal(r, [[1, 2, 3]])


def test_ndgrid_of_more_vectors_than_numpy_dimensions_is_refused_cleanly() -> None:
    # Octave builds a 65-d grid; NumPy arrays stop at 64 dimensions (it was NumPy's own
    # "maximum supported dimension" ValueError)
    assert octave.ndgrid(*([np.ones(1)] * 64)).shape == (1, 1)
    with pytest.raises(ArgumentError, match="at most 64 dimensions"):
        octave.ndgrid(*([np.ones(1)] * 65))
