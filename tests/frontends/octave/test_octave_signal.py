"""conv, conv2, filter, cumprod, diff and trapz against GNU Octave 7.3 (the shared batch), plus
the named traps of the group: conv's 'same' with an even kernel against np.convolve and SciPy,
filter's a(1) normalisation, conv's orientation, diff's order beyond the size.

Every case: Octave's shapes, classes and values; the explanation of a seeded element recomputes
it and equals the call's value exactly; ``to_numpy_call``'s code gives the same outputs.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal
from cases_signal import CASES, ERROR_CASES
from octave_batch import Case, OctaveResult
from octave_compare import (
    assert_matches_octave,
    assert_numpy_call_matches,
    assert_same_refusal,
    call,
    explain_seeded_element,
    is_single,
    outputs,
)

from arraylens import octave
from arraylens.core.errors import ArgumentError

Results = tuple[str, dict[str, OctaveResult]]


def test_case_counts() -> None:
    assert len(CASES) + len(ERROR_CASES) >= 300
    names = {c.fname for c in CASES}
    assert names == {"conv", "conv2", "filter", "cumprod", "diff", "trapz"}
    arrays = [a for c in CASES for a in c.args if isinstance(a, np.ndarray)]
    assert sum(np.iscomplexobj(a) for a in arrays) >= 40
    assert sum(a.dtype.kind == "f" and bool(np.isnan(a).any()) for a in arrays) >= 20
    assert sum(a.dtype in (np.float32, np.complex64) for a in arrays) >= 20
    assert sum(a.dtype.kind in "iub" for a in arrays) >= 15
    assert sum(a.size == 0 for a in arrays) >= 10


@pytest.mark.conformance
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_octave(case: Case, octave_results: Results) -> None:
    expected = octave_results[1][case.id]
    ours = outputs(case, call(case))
    assert_matches_octave(case, ours, expected, rtol=2e-5 if is_single(case) else 1e-9)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_explanation_and_numpy_call(case: Case) -> None:
    ours = outputs(case, call(case))
    # computed by the kernel on a window of the input: exactly the call's value
    explain_seeded_element(case, ours[0], rtol=1e-4 if is_single(case) else 1e-9)
    # single precision: SciPy sums in another order than the kernel (float32 rounding of ~1e-7
    # of the sum of |terms|, which reaches 1e-5 in a cancelling element)
    assert_numpy_call_matches(case, ours, rtol=1e-4 if is_single(case) else 1e-12)


@pytest.mark.conformance
@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_refuses_where_octave_refuses(case: Case, octave_results: Results) -> None:
    assert_same_refusal(case, octave_results[1][case.id])


# -- named traps ------------------------------------------------------------------------------


def test_conv_same_even_kernel_is_not_numpy_or_scipy_same() -> None:
    a, b = np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.ones(4)
    ours = octave.conv(a, b, "same")
    # octave-cli 7.3: conv([1 2 3 4 5], ones(1, 4), 'same') is [6 10 14 12 9]
    np.testing.assert_array_equal(ours, [[6.0, 10.0, 14.0, 12.0, 9.0]])
    numpy_same = np.convolve(a, b, mode="same")  # starts at floor((4-1)/2) = 1, not floor(4/2) = 2
    np.testing.assert_array_equal(numpy_same, [3.0, 6.0, 10.0, 14.0, 12.0])
    np.testing.assert_array_equal(scipy.signal.convolve(a, b, mode="same"), numpy_same)
    full = np.convolve(a, b)
    np.testing.assert_array_equal(ours.ravel(), full[2:7])
    # an odd kernel: all three agree
    np.testing.assert_array_equal(octave.conv(a, np.ones(3), "same").ravel(), np.convolve(a, np.ones(3), "same"))


def test_conv2_same_even_kernel_is_not_scipy_same() -> None:
    a = np.arange(1.0, 17.0).reshape(4, 4)
    k = np.array([[1.0, 2.0], [3.0, 4.0]])
    ours = octave.conv2(a, k, "same")
    full = scipy.signal.convolve2d(a, k)
    np.testing.assert_array_equal(ours, full[1:5, 1:5])  # floor(2/2) = 1 on both axes
    np.testing.assert_array_equal(scipy.signal.convolve2d(a, k, mode="same"), full[0:4, 0:4])
    assert not np.array_equal(ours, scipy.signal.convolve2d(a, k, mode="same"))


def test_conv_valid_with_longer_kernel_is_empty_not_swapped() -> None:
    # octave-cli 7.3: conv([1 2 3], [1 2 3 4 5], 'valid') is a 1x0 empty
    assert octave.conv([1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0, 5.0], "valid").shape == (1, 0)
    assert np.convolve([1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0, 5.0], "valid").shape == (3,)


def test_conv_orientation_follows_the_longer_argument_for_full() -> None:
    col, row = np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 2.0])
    assert octave.conv(col, row).shape == (4, 1)  # the column is longer
    assert octave.conv(row, col).shape == (4, 1)
    assert octave.conv(np.array([1.0, 2.0, 3.0]), np.array([[1.0], [2.0]])).shape == (1, 4)
    assert octave.conv(np.array([[1.0], [2.0]]), np.array([1.0, 2.0])).shape == (1, 3)  # equal: b's
    # 'same' and 'valid' follow a
    assert octave.conv(np.array([[1.0], [2.0]]), np.array([1.0, 2.0, 3.0]), "same").shape == (2, 1)
    assert octave.conv(row, np.array([[1.0], [2.0], [3.0]]), "same").shape == (1, 2)


def test_filter_normalises_by_a1_unlike_a_plain_recurrence() -> None:
    b, a, x = np.array([1.0, 2.0]), np.array([2.0, 1.0]), np.array([1.0, 2.0, 3.0, 4.0])
    y, zf = octave.filter(b, a, x, nargout=2)
    # octave-cli 7.3: [y, zf] = filter([1 2], [2 1], [1 2 3 4]) -> y = [0.5 1.75 2.625 3.6875], zf = 2.15625
    np.testing.assert_allclose(y, [[0.5, 1.75, 2.625, 3.6875]])
    np.testing.assert_allclose(zf, [[2.15625]])
    # the recurrence y(n) = b(1)x(n) + b(2)x(n-1) - a(2)y(n-1) without dividing by a(1) differs
    naive = np.zeros(4)
    for n in range(4):
        naive[n] = b[0] * x[n] + (b[1] * x[n - 1] - a[1] * naive[n - 1] if n else 0.0)
    assert not np.allclose(naive, y.ravel())
    np.testing.assert_allclose(scipy.signal.lfilter(b, a, x), y.ravel())  # lfilter normalises too
    with pytest.raises(ArgumentError, match="filter: the first element of A must be nonzero"):
        octave.filter(b, np.array([0.0, 1.0]), x)


def test_filter_state_is_lfilter_state_with_the_axis_moved_first() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 5))
    b, a = np.array([1.0, 0.5, 0.25]), np.array([2.0, 0.3, -0.1])
    zi = rng.normal(size=(2, 3))  # Octave's [K, size(x) without dim 2]
    y, zf = octave.filter(b, a, x, zi, 2, nargout=2)
    ys, zs = scipy.signal.lfilter(b, a, x, axis=1, zi=zi.T)
    np.testing.assert_allclose(y, ys, rtol=1e-13)
    np.testing.assert_allclose(zf, zs.T, rtol=1e-13)


def test_filter_refuses_the_states_octave_reads_past() -> None:
    # Octave 7.3 does not check zi's size along the filtered position and reads past it
    with pytest.raises(ArgumentError, match="dimensionality of SI and X must agree"):
        octave.filter([1.0, 2.0], [1.0], np.ones((3, 2)), np.ones((1, 2)), 2)
    with pytest.raises(ArgumentError, match="first element of A must be nonzero"):
        octave.filter([1.0, 2.0], np.zeros((1, 0)), [1.0, 2.0, 3.0])


def test_diff_order_beyond_the_size_continues_as_octave_7() -> None:
    # octave-cli 7.3: diff([1 4 9], 3) is [3 5]; diff([1 4 9], 5) is 1x0; diff(5) is 0x0
    np.testing.assert_array_equal(octave.diff([1.0, 4.0, 9.0], 3), [[3.0, 5.0]])
    assert octave.diff([1.0, 4.0, 9.0], 5).shape == (1, 0)
    assert octave.diff(np.array(5.0)).shape == (0, 0)
    assert np.diff([1.0, 4.0, 9.0], n=3).shape == (0,)
    # diff([1 2; 4 8; 9 27], 3) is the column differences of x itself: [1; 4; 18]
    np.testing.assert_array_equal(
        octave.diff(np.array([[1.0, 2.0], [4.0, 8.0], [9.0, 27.0]]), 3), [[1.0], [4.0], [18.0]]
    )


def test_diff_of_integers_saturates_not_wraps() -> None:
    x = np.array([1, 100, -100], np.int8)
    np.testing.assert_array_equal(octave.diff(x), np.array([[99, -128]], np.int8))
    assert np.diff(x)[1] == 56  # NumPy wraps around: -200 mod 256


def test_trapz_default_dim_skips_empty_dimensions() -> None:
    # trapz.m: dim = find(size(y) > 1, 1), so a 1x0 y is integrated along dim 1; its pair
    # sums are 0x0 and Octave's sum of a 0x0 along dim 1 is 0 (1x1): octave-cli 7.3 gives 0
    np.testing.assert_array_equal(octave.trapz(np.zeros((1, 0))), [[0.0]])
    assert np.trapezoid(np.zeros((1, 0))).shape == (1,)
    np.testing.assert_allclose(octave.trapz([0.0, 1.0, 2.0], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], 2), [[4.0], [10.0]])


def test_explain_conv_lists_the_products() -> None:
    e = octave.conv.explain([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 1.0, 1.0, 1.0], "same", at=0)
    assert e.value == 6.0
    assert [(t.input_index[0], t.weight_index[0]) for t in e.terms] == [(2, 0), (1, 1), (0, 2)]
    assert "floor(kernel/2)" in str(e)


def test_explain_filter_lists_the_recurrence_terms() -> None:
    e = octave.filter.explain([1.0, 2.0], [2.0, 1.0], [1.0, 2.0, 3.0, 4.0], at=2)
    assert e.check()
    assert len(e.terms) == 3  # b(1)x(3), b(2)x(2), -a(2)y(2), divided by a(1)
    assert "divided by a(1)" in str(e)


def test_conv2_separable_refuses_a_kernel_too_large_before_forming_it() -> None:
    # conv2(v1, v2, M) forms v1(:) * v2(:).' outright: two 1e6 vectors would need 7.3 TiB
    # (it was a MemoryError from np.outer); the refusal names the kernel's size first
    v = np.ones(1_000_000)
    with pytest.raises(ArgumentError, match="separable kernel"):
        octave.conv2(v, v, np.ones((1, 1)))
