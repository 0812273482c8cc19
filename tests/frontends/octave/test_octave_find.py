"""arraylens.octave's find, unique, sort (complex order, one output), histc, hist and
accumarray against the real GNU Octave (one batched octave-cli run shared with every
conformance module), plus a named test for each trap of the group against NumPy's default.

Every case compares shapes, classes and values with Octave's (index outputs exactly, as
int64), checks the explanation of one seeded element (its value is the call's value and
``check()`` recomputes it), and runs the code ``to_numpy_call`` prints (same outputs, shapes,
dtypes). Every refusal carries Octave's wording.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from cases_find import CASES, ERROR_CASES, TRAPS
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


def quiet_call(case: Case) -> Any:
    """The call, without the warnings Octave also gives (unsorted edges, unique's J)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(case)


def test_case_count() -> None:
    assert len(CASES) + len(ERROR_CASES) >= 300
    assert len(ERROR_CASES) >= 40
    per_function = {
        f: sum(c.fname == f for c in CASES) for f in ("find", "unique", "sort", "histc", "hist", "accumarray")
    }
    assert min(per_function.values()) >= 20, per_function


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_octave(case: Case, octave_results: Results) -> None:
    assert_matches_octave(case, outputs(case, quiet_call(case)), octave_results[1][case.id])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_explanation_and_numpy_call(case: Case) -> None:
    ours = outputs(case, quiet_call(case))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_numpy_call_matches(case, ours)
        explain_seeded_element(case, ours[0])


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_refuses_where_octave_refuses(case: Case, octave_results: Results) -> None:
    assert_same_refusal(case, octave_results[1][case.id])


def octave_outputs(results: Results, key: str) -> list[np.ndarray]:
    case = TRAPS[key]
    expected = results[1][case.id]
    ours = outputs(case, call(case))
    assert_matches_octave(case, ours, expected)
    assert expected.outputs is not None
    return list(expected.outputs)


def test_find_is_column_major_not_numpy_row_major(octave_results: Results) -> None:
    x = TRAPS["find"].args[0]
    (idx,) = octave_outputs(octave_results, "find")
    assert idx.ravel().tolist() == [2, 3, 6]  # down the columns: x(2,1), x(1,2), x(2,3)
    numpy_default = np.flatnonzero(x) + 1  # along the rows: 2, 4, 6
    assert numpy_default.tolist() != idx.ravel().tolist()
    assert octave.find(x).shape == (3, 1)  # a column, as Octave gives for a matrix
    r, c = octave_outputs(octave_results, "find_rc")
    rows, cols = np.nonzero(x)  # row-major order, 0-based
    assert (r.ravel().tolist(), c.ravel().tolist()) == ([2, 1, 2], [1, 2, 3])
    assert (list(rows + 1), list(cols + 1)) != (r.ravel().tolist(), c.ravel().tolist())


def test_unique_index_outputs_first_occurrence_columns_not_numpy_return_index(octave_results: Results) -> None:
    x = TRAPS["unique"].args[0]
    u, i, j = octave_outputs(octave_results, "unique")
    assert u.shape == (1, 3) and i.shape == (3, 1) and j.shape == (5, 1)  # i, j columns for a row x
    assert i.ravel().tolist() == [2, 4, 1]  # Octave 7: the FIRST occurrence, 1-based
    nu, ni, nj = np.unique(x, return_index=True, return_inverse=True)
    assert nu.shape == (3,) and u.shape == (1, 3)  # NumPy: 1-d; Octave: the row x's orientation
    assert ni.shape == (3,) and (ni + 1).tolist() == i.ravel().tolist()  # NumPy: same, 0-based, 1-d
    assert nj.shape == (5,) and (nj + 1).tolist() == j.ravel().tolist()
    last = octave.unique(x, "last", nargout=2)[1]
    assert last.ravel().tolist() == [5, 4, 3]  # 'last' (and 'legacy') report the last one
    m = np.array([[1.0, 2.0], [2.0, 1.0]])
    assert octave.unique(m, nargout=2)[1].ravel().tolist() == [1, 2]  # column-major: x(1), x(2)
    assert (np.unique(m, return_index=True)[1] + 1).tolist() == [1, 2]  # row-major numbering
    assert octave.unique(np.array([[1.0, 3.0], [2.0, 1.0]]), nargout=2)[1].ravel().tolist() == [1, 2, 3]
    assert (np.unique(np.array([[1.0, 3.0], [2.0, 1.0]]), return_index=True)[1] + 1).tolist() == [1, 3, 2]
    nan = np.array([np.nan, 1.0, np.nan])
    assert octave.unique(nan).size == 3 and np.unique(nan).size == 2  # every NaN is distinct in Octave


def test_hist_takes_centres_not_numpy_histogram_edges(octave_results: Results) -> None:
    y, nbins = TRAPS["hist"].args
    nn, xx = octave_outputs(octave_results, "hist")
    counts, edges = np.histogram(y, bins=nbins)
    assert xx.shape == (1, nbins) and edges.shape == (nbins + 1,)  # centres, not edges
    np.testing.assert_allclose(xx.ravel(), (edges[:-1] + edges[1:]) / 2)
    # centres 1.5, 2.5, 3.5: bin edges at the midpoints 2 and 3, a value ON a midpoint goes to
    # the lower bin (2.0 to bin 1, the two 3.0 to bin 2)
    assert nn.ravel().tolist() == [3.0, 3.0, 1.0]
    assert counts.tolist() == [2, 2, 3]  # np.histogram: [1, 2), [2, 3), [3, 4]
    centres = np.array([1.0, 2.0, 3.0])  # hist(y, centres): edges at the midpoints 1.5, 2.5
    assert octave.hist(y, centres).ravel().tolist() == [2.0, 2.0, 3.0]
    assert np.histogram(y, bins=centres)[0].tolist() == [2, 4]  # the same array as EDGES: 2 bins


def test_histc_last_edge_counts_exact_matches_not_numpy_histogram(octave_results: Results) -> None:
    y, edges = TRAPS["histc"].args
    n, idx = octave_outputs(octave_results, "histc")
    assert n.ravel().tolist() == [2.0, 2.0, 2.0]  # [1,2), [2,3), and == 3
    assert idx.ravel().tolist() == [1, 1, 2, 2, 3, 3, 0]  # 4.0 is outside: 0
    assert np.histogram(y, bins=edges)[0].tolist() == [2, 4]  # last bin closed: [2, 3]


def test_sort_complex_by_abs_then_arg_not_numpy_real_then_imag(octave_results: Results) -> None:
    x = TRAPS["sort"].args[0]
    s, i = octave_outputs(octave_results, "sort")
    assert i.ravel().tolist() == [4, 3, 2, 5, 1]  # abs 1: arg -pi/2, 0, pi/2, pi; then abs 2
    assert (np.argsort(x, kind="stable") + 1).tolist() == [1, 5, 4, 2, 3]  # real, then imag
    only_values = octave.sort(x, nargout=1)
    np.testing.assert_array_equal(only_values, s)


def test_accumarray_sums_by_one_based_subscript(octave_results: Results) -> None:
    subs, vals = TRAPS["accumarray"].args
    (a,) = octave_outputs(octave_results, "accumarray")
    assert a.ravel().tolist() == [40.0, 0.0, 20.0] and a.shape == (3, 1)
    assert np.bincount(subs.ravel().astype(int), weights=vals).tolist() == [0.0, 40.0, 0.0, 20.0]  # 0-based
    row = octave.accumarray(np.array([1.0, 2.0, 1.0]), 5.0)  # a 1-d array is a 1x3 row: ONE subscript
    assert row.shape == (1, 2) and row.ravel().tolist() == [0.0, 5.0]


def test_histc_refuses_what_octave_gets_wrong() -> None:
    """With at most 3 edges along a dimension followed by two or more others, Octave 7.3's
    histc.m indexes its counts with a square cell of trailing subscripts: it fails for
    ones(2, 2, 2) with edges [0 1] but returns all zeros with edges [0 0.5 1] (checked with
    octave-cli). Neither is a count to reproduce: refused, naming the reason."""
    for edges in ([0.0, 1.0], [0.0, 0.5, 1.0], [1.0]):
        with pytest.raises(ValueError, match="histc: not reproduced"):
            octave.histc(np.ones((2, 2, 2)), np.array(edges))
    n = octave.histc(np.ones((2, 2, 2)), np.array([0.0, 0.5, 1.0, 2.0]))  # 4 edges: lookup path
    assert n.shape == (4, 2, 2) and n[2].ravel().tolist() == [2.0] * 4


def test_octave_warnings_are_given_too() -> None:
    """Where Octave 7.3 warns and answers, arraylens answers the same with Octave's text."""
    with pytest.warns(UserWarning, match="unique: third output J is not yet implemented"):
        u, i, j = octave.unique(np.array([3.0, 1.0, 3.0]), "stable", nargout=3)
    assert u.ravel().tolist() == [3.0, 1.0] and i.ravel().tolist() == [1, 2] and j.shape == (0, 0)
    with pytest.warns(UserWarning, match="histc: edge values not sorted on input"):
        n = octave.histc(np.array([1.0, 2.0, 3.0]), np.array([3.0, 1.0, 2.0]))
    assert n.ravel().tolist() == [1.0, 1.0, 1.0]
    with pytest.warns(UserWarning, match="hist: bin values X not sorted on input"):
        nn = octave.hist(np.array([1.0, 2.0, 3.0, 3.0]), np.array([3.0, 1.0, 2.0]))
    assert nn.ravel().tolist() == [1.0, 1.0, 2.0]
    with pytest.warns(UserWarning, match="histc: empty EDGES specified"):
        n, idx = octave.histc(np.array([1.0, 2.0]), np.zeros(0), nargout=2)
    assert n.shape == idx.shape == (0, 0)


@pytest.mark.parametrize(
    ("call_", "words"),
    [
        (lambda: octave.find(np.ones(3), np.array([1, 2])), "find: N must be an integer"),
        (lambda: octave.find(np.ones(3), nargout=4), "find: function called with too many outputs"),
        (lambda: octave.hist(np.ones(3), 3, np.float32(2)), "a double NORM"),
        (lambda: octave.hist(np.ones((2, 2, 2))), "N-d y"),
        (lambda: octave.histc(np.ones(3), np.array([0.0, np.nan])), "EDGES holds NaN"),
        (lambda: octave.accumarray(np.array([[1.0], [2.0]]), 1.0, None, np.max), "only the default @sum"),
        (lambda: octave.accumarray(np.array([[1.0], [2.0]]), 1.0, None, None, None, True), "sparse"),
        (lambda: octave.accumarray(np.array([[1.0], [2.0]]), 1.0, None, None, np.array([1.0, 2.0])), "FILLVAL"),
    ],
)
def test_refusals_where_octave_answers_otherwise(call_: Any, words: str) -> None:
    """Octave answers these (the first element of an array N, [] for a 4th output, a
    normalised or first-page histogram, ...); arraylens refuses them in one line, naming why."""
    with pytest.raises((ValueError, TypeError), match=words):
        call_()


def test_accumarray_with_more_subscript_columns_than_numpy_indexes_is_refused_cleanly() -> None:
    # Octave takes any number of columns (accumarray(ones(1, 70), 1) is 1); NumPy's
    # ravel_multi_index takes 63 index arrays: 63 columns work, more are an ArgumentError
    # naming the limit (it was NumPy's own "too many dimensions" ValueError)
    np.testing.assert_array_equal(octave.accumarray(np.ones((1, 63)), 1.0), [[1.0]])
    with pytest.raises(ArgumentError, match="at most 63 subscript columns"):
        octave.accumarray(np.ones((1, 70)), 1.0)
