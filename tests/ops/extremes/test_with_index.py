"""max_with_index / min_with_index against NumPy (and Octave for nan='omit')."""

from __future__ import annotations

import shutil
import subprocess
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.exceptions import AxisError

from arraylens import ValuesIndices, max_with_index, min_with_index
from arraylens.demos import cases

# Few distinct values so that ties are common; NaN, infinities and signed zeros included.
FLOATS = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5, np.nan, np.inf, -np.inf])


@st.composite
def array_and_axis(draw: st.DrawFn, elements: st.SearchStrategy = FLOATS, dtype: object = float):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5))
    a = draw(hnp.arrays(dtype, shape, elements=elements))
    axis = draw(st.none() | st.integers(-max(a.ndim, 1), max(a.ndim, 1) - 1))
    return a, axis


def _numpy_pair(a: np.ndarray, axis: int | None, mode: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if mode == "max":
            return np.max(a, axis=axis), np.argmax(a, axis=axis)
        return np.min(a, axis=axis), np.argmin(a, axis=axis)


@pytest.mark.conformance
@settings(max_examples=300, deadline=None)
@given(array_and_axis(), st.sampled_from(["max", "min"]))
def test_propagate_matches_numpy(case, mode):
    a, axis = case
    ours = max_with_index if mode == "max" else min_with_index
    try:
        want_v, want_i = _numpy_pair(a, axis, mode)
    except (ValueError, AxisError) as exc:
        with pytest.raises(type(exc)):
            ours(a, axis)
        return
    got = ours(a, axis)
    np.testing.assert_array_equal(got.values, want_v)
    np.testing.assert_array_equal(got.indices, want_i)
    assert got.values.dtype == np.asarray(want_v).dtype
    assert got.indices.dtype == np.intp


@pytest.mark.conformance
@settings(max_examples=150, deadline=None)
@given(array_and_axis(elements=st.integers(-3, 3), dtype=np.int16), st.sampled_from(["max", "min"]))
def test_integers_match_numpy(case, mode):
    a, axis = case
    ours = max_with_index if mode == "max" else min_with_index
    try:
        want_v, want_i = _numpy_pair(a, axis, mode)
    except (ValueError, AxisError) as exc:
        with pytest.raises(type(exc)):
            ours(a, axis)
        return
    got = ours(a, axis)
    np.testing.assert_array_equal(got.values, want_v)
    np.testing.assert_array_equal(got.indices, want_i)
    assert got.values.dtype == np.int16


@pytest.mark.conformance
@settings(max_examples=200, deadline=None)
@given(array_and_axis(), st.sampled_from(["max", "min"]))
def test_omit_matches_nanmax_where_defined(case, mode):
    a, axis = case
    if a.size == 0 or (axis is not None and a.ndim == 0):
        return
    ours = max_with_index if mode == "max" else min_with_index
    got = ours(a, axis, nan="omit")
    all_nan = np.all(np.isnan(a), axis=axis)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        want_v = np.nanmax(a, axis=axis) if mode == "max" else np.nanmin(a, axis=axis)
    np.testing.assert_array_equal(got.values, want_v)  # NaN exactly where a slice is all NaN
    # nanargmax raises on all-NaN slices; elsewhere it is the first index holding the nanmax
    # (NaN compares unequal to everything, so a NaN position never matches)
    ok = ~np.asarray(all_nan)
    if ok.any():
        want_i = np.asarray(_first_index_of(a, np.asarray(want_v), axis))
        np.testing.assert_array_equal(np.asarray(got.indices)[ok], want_i[ok])
    np.testing.assert_array_equal(np.asarray(got.indices)[~ok], 0)


def _first_index_of(a: np.ndarray, v: np.ndarray, axis: int | None) -> np.ndarray:
    """First index along ``axis`` holding ``v`` (np.argmax over a boolean match)."""
    if axis is None:
        return np.argmax(a.reshape(-1) == v)
    return np.argmax(a == np.expand_dims(v, axis), axis=axis)


def test_nanargmax_agrees_on_a_mixed_slice():
    x = np.array([[np.nan, 3.0, np.nan, 3.0, 1.0], [-np.inf, np.nan, -np.inf, np.nan, np.nan]])
    got = max_with_index(x, axis=1, nan="omit")
    np.testing.assert_array_equal(got.values, np.nanmax(x, axis=1))
    np.testing.assert_array_equal(got.indices, np.nanargmax(x, axis=1))
    got = min_with_index(x, axis=1, nan="omit")
    np.testing.assert_array_equal(got.values, np.nanmin(x, axis=1))
    np.testing.assert_array_equal(got.indices, np.nanargmin(x, axis=1))


@pytest.mark.conformance
def test_omit_matches_octave():
    octave = shutil.which("octave-cli")
    if octave is None:
        pytest.skip("octave-cli is not installed (scripts/install-system-deps.sh installs it)")
    x = np.array(
        [[np.nan, 2.0, 2.0, -1.0], [np.nan, np.nan, np.nan, np.nan], [4.0, np.nan, 4.0, 5.0]]
    )
    rows = ";".join(",".join("NaN" if np.isnan(v) else repr(float(v)) for v in r) for r in x)
    script = (
        f"X=[{rows}]; [m,i]=max(X,[],2); [n,j]=min(X,[],2); [p,k]=max(X);"
        "printf('%g ', m); printf('\\n'); printf('%d ', i); printf('\\n');"
        "printf('%g ', n); printf('\\n'); printf('%d ', j); printf('\\n');"
        "printf('%g ', p); printf('\\n'); printf('%d ', k); printf('\\n');"
    )
    out = subprocess.run(
        [octave, "--no-gui", "--quiet", "--eval", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split("\n")

    def floats(line: str) -> np.ndarray:
        return np.array([float(v) for v in line.split()])

    def ints(line: str) -> np.ndarray:
        return np.array([int(v) for v in line.split()]) - 1  # one-based

    mx = max_with_index(x, axis=1, nan="omit")
    mn = min_with_index(x, axis=1, nan="omit")
    col = max_with_index(x, axis=0, nan="omit")
    np.testing.assert_array_equal(mx.values, floats(out[0]))
    np.testing.assert_array_equal(mx.indices, ints(out[1]))
    np.testing.assert_array_equal(mn.values, floats(out[2]))
    np.testing.assert_array_equal(mn.indices, ints(out[3]))
    np.testing.assert_array_equal(col.values, floats(out[4]))
    np.testing.assert_array_equal(col.indices, ints(out[5]))


def test_motivating_case_values_and_indices():
    case = cases()["argmax_values"]
    x = np.array(case["x"])
    result = max_with_index(x, axis=case["axis"])
    assert isinstance(result, ValuesIndices)
    values, indices = result
    assert indices.tolist() == case["expected_indices"] == [5, 6, 7]
    np.testing.assert_array_equal(values, case["expected_values"])


def test_keepdims_gives_take_along_axis_indices():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 4, size=(3, 4, 5)).astype(float)
    for axis in (0, 1, 2, -1):
        v, i = max_with_index(x, axis, keepdims=True)
        assert v.shape == np.max(x, axis=axis, keepdims=True).shape
        np.testing.assert_array_equal(np.take_along_axis(x, i, axis), v)
        np.testing.assert_array_equal(i, np.argmax(x, axis=axis, keepdims=True))
    v, i = min_with_index(x, None, keepdims=True)
    assert v.shape == i.shape == (1, 1, 1)
    assert i.item() == np.argmin(x)


def test_ties_take_the_first_index():
    x = np.array([[1, 5, 5, 0], [2, 2, 2, 2]])
    assert max_with_index(x, 1).indices.tolist() == [1, 0]
    assert min_with_index(x, 1).indices.tolist() == [3, 0]
    assert max_with_index(np.array([-0.0, 0.0]), 0).indices.item() == 0


def test_errors_use_numpys_words():
    with pytest.raises(ValueError, match="attempt to get argmax of an empty sequence"):
        max_with_index(np.zeros((2, 0)), axis=1)
    with pytest.raises(ValueError, match="attempt to get argmin of an empty sequence"):
        min_with_index([])
    with pytest.raises(AxisError, match="axis 2 is out of bounds for array of dimension 2"):
        max_with_index(np.zeros((2, 2)), axis=2)
    with pytest.raises(TypeError, match="axis must be an integer or None"):
        max_with_index(np.zeros((2, 2)), axis=(0, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="nan must be one of"):
        max_with_index([1.0], nan="skip")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="numeric"):
        max_with_index(["a", "b"])
    # an empty array whose reduced axis is not empty is fine, as in NumPy
    assert max_with_index(np.zeros((0, 3)), axis=1).indices.shape == (0,)
