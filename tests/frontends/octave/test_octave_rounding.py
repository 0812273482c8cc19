"""round, fix, mod, rem, any, all, circshift and rot90 against the real GNU Octave.

Every case of ``cases_rounding`` is run in the one batched octave-cli process (conftest):
values, shapes and classes against Octave's, the explanation of a seeded element (its check
passes and its value is the call's), and ``to_numpy_call``'s code run for the same result.
The named trap tests put Octave's answer next to the NumPy default it differs from.
"""

from __future__ import annotations

import numpy as np
import pytest
from cases_rounding import CASES, ERROR_CASES
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

pytestmark = pytest.mark.conformance

Results = tuple[str, dict[str, OctaveResult]]


def _by_id(case_id: str) -> Case:
    return next(c for c in CASES if c.id == case_id)


def test_case_count() -> None:
    assert len(CASES) + len(ERROR_CASES) >= 300
    assert len(ERROR_CASES) >= 30
    for fname in ("round", "fix", "mod", "rem", "any", "all", "circshift", "rot90"):
        assert sum(c.fname == fname for c in CASES) >= 25, fname


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_octave(case: Case, octave_results: Results) -> None:
    ours = outputs(case, call(case))
    assert_matches_octave(case, ours, octave_results[1][case.id])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bit_for_bit(case: Case, octave_results: Results) -> None:
    """No tolerance: every value of this group is Octave's to the last bit (the remainders
    follow lo-mappers.h's operations in the class; the rest moves or rounds values exactly)."""
    theirs = octave_results[1][case.id].outputs[0]
    ours = np.asarray(call(case))
    np.testing.assert_array_equal(ours, theirs.astype(ours.dtype), err_msg=case.id, strict=False)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_explanation_and_numpy_call(case: Case) -> None:
    ours = outputs(case, call(case))
    assert_numpy_call_matches(case, ours)
    explain_seeded_element(case, ours[0], rtol=1e-5 if is_single(case) else 1e-12)


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_refuses_where_octave_refuses(case: Case, octave_results: Results) -> None:
    assert_same_refusal(case, octave_results[1][case.id])


def test_signed_zeros_as_octave(octave_results: Results) -> None:
    """mod copies the divisor's sign onto a zero result, rem the dividend's (unless x == y):
    the .mat file keeps -0, so the signs are compared with Octave's own."""
    for case_id in (
        "rnd-mod-signs",
        "rnd-rem-signs",
        "rnd-mod-exact-tenths-neg",
        "rnd-round-specials",
        "rnd-fix-specials",
    ):
        case = _by_id(case_id)
        ours = np.asarray(call(case))
        theirs = octave_results[1][case_id].outputs[0]
        zero = theirs == 0
        assert zero.any(), case_id
        np.testing.assert_array_equal(np.signbit(ours[zero]), np.signbit(theirs[zero]), err_msg=case_id)


# ------------------------------------------------------------------------------ the traps


def test_round_half_away_from_zero_not_numpy_half_even(octave_results: Results) -> None:
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])
    theirs = octave_results[1]["rnd-round-halves"].outputs[0]
    ours = octave.round(x)
    np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(ours, [[-3, -2, -1, 1, 2, 3]])
    numpy_default = np.round(x)
    np.testing.assert_array_equal(numpy_default, [-2, -2, -0, 0, 2, 2])
    assert np.sum(ours.ravel() != numpy_default) == 4


def test_round_is_exact_where_floor_plus_half_is_not(octave_results: Results) -> None:
    x = np.array([0.49999999999999994, 2.0**52 + 1, 2.0**53, 1e300])
    ours = octave.round(x)
    np.testing.assert_array_equal(ours, octave_results[1]["rnd-round-near-half"].outputs[0])
    assert ours[0, 0] == 0.0 and np.floor(x[0] + 0.5) == 1.0  # the naive port is wrong here
    assert ours[0, 1] == 2.0**52 + 1 and np.floor(x[1] + 0.5) == 2.0**52 + 2


def test_rem_has_the_dividend_sign_mod_the_divisor_sign(octave_results: Results) -> None:
    x, y = np.array([5.0, -5.0, 5.0, -5.0]), np.array([3.0, 3.0, -3.0, -3.0])
    m, r = octave.mod(x, y), octave.rem(x, y)
    np.testing.assert_array_equal(m, [[2, 1, -1, -2]])
    np.testing.assert_array_equal(r, [[2, -2, 2, -2]])
    signs = octave_results[1]
    np.testing.assert_array_equal(m[0], signs["rnd-mod-signs"].outputs[0][0, :4])
    np.testing.assert_array_equal(r[0], signs["rnd-rem-signs"].outputs[0][0, :4])
    np.testing.assert_array_equal(np.mod(x, y), m[0])  # np.mod (np.remainder) is Octave's mod
    np.testing.assert_array_equal(np.fmod(x, y), r[0])  # np.fmod is Octave's rem
    assert not np.array_equal(np.mod(x, y), r[0])  # porting rem to np.mod flips two signs


def test_zero_and_infinite_divisors_differ_from_numpy(octave_results: Results) -> None:
    x = np.array([5.0, -5.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        np_mod0, np_fmod0 = np.mod(x, 0.0), np.fmod(x, 0.0)
    np.testing.assert_array_equal(octave.mod(x, 0.0), [[5.0, -5.0]])  # NumPy: 0 (and a warning)
    assert np.all(np.isnan(np_mod0))
    assert np.all(np.isnan(octave.rem(x, 0.0)))  # Octave 7: NaN, like np.fmod
    assert np.all(np.isnan(np_fmod0))
    theirs = octave_results[1]["rnd-mod-inf-divisor"].outputs[0]
    ours = octave.mod(np.array([5.0, -5.0, 0.0, np.inf, np.nan]), np.array([np.inf]))
    np.testing.assert_array_equal(ours, theirs)
    assert np.all(np.isnan(ours))  # x - Inf * floor(x / Inf) is NaN
    assert np.mod(5.0, np.inf) == 5.0  # NumPy gives 5


def test_mod_exactness_rule_not_numpy(octave_results: Results) -> None:
    ours = octave.mod(0.3, 0.1)
    assert ours[0, 0] == 0.0
    assert np.mod(0.3, 0.1) == pytest.approx(0.1)  # 0.09999999999999998 in NumPy
    theirs = octave_results[1]["rnd-mod-exact-tenths"].outputs[0]
    np.testing.assert_array_equal(octave.mod(np.arange(-30, 31) / 10, 0.1), theirs)
    assert np.all(theirs == 0)


def test_integer_mod_converts_the_double_operand_first() -> None:
    got = octave.mod(np.array([7], dtype=np.int8), 2.5)
    assert got.dtype == np.int8 and got[0, 0] == 1  # mod(int8(7), int8(3)); double mod gives 2
    assert octave.rem(np.array([7], dtype=np.int8), 0.0)[0, 0] == 0  # integer rem(x, 0) is 0


def test_python_literals_are_double_not_int64() -> None:
    assert octave.mod([7], 2.5).dtype == np.float64
    assert octave.mod([7], 2.5)[0, 0] == 2.0
    assert np.isnan(octave.rem(7, 0)[0, 0])


def test_any_works_along_the_first_non_singleton_dimension() -> None:
    x = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(octave.any(x), [[False, True, False]])
    assert np.any(x)  # NumPy: one answer for all elements
    np.testing.assert_array_equal(octave.any(np.array([0.0, 1.0])), [[True]])  # a row: along dim 2
    assert octave.any(np.zeros((0, 0))).shape == (1, 1)  # 0x0 is read as 0x1
    assert octave.all(np.zeros((0, 0)))[0, 0]
    assert np.any(np.zeros((0, 0)), axis=0).shape == (0,)


def test_circshift_scalar_shifts_along_the_first_non_singleton_dim() -> None:
    m = np.arange(1.0, 7.0).reshape(2, 3)
    np.testing.assert_array_equal(octave.circshift(m, 1), [[4, 5, 6], [1, 2, 3]])
    assert not np.array_equal(np.roll(m, 1), octave.circshift(m, 1))  # np.roll flattens
    np.testing.assert_array_equal(octave.circshift(np.arange(1.0, 5.0), 1), [[4, 1, 2, 3]])
    np.testing.assert_array_equal(octave.circshift(np.arange(1.0, 5.0), 1, 1), [[1, 2, 3, 4]])


def test_rot90_is_np_rot90_page_by_page() -> None:
    a = np.arange(12.0).reshape(2, 3, 2)
    for k in range(-5, 6):
        np.testing.assert_array_equal(octave.rot90(a, k), np.rot90(a, k))
    with pytest.raises(ValueError, match="rot90: K must be a single real integer"):
        octave.rot90(a, 1.5)


def test_any_counts_nan_as_false_where_numpy_counts_it_true(octave_results: Results) -> None:
    x = np.array([np.nan, 0.0, np.nan])
    theirs = octave_results[1]["rnd-any-nan"].outputs[0]
    np.testing.assert_array_equal(octave.any(x), theirs)
    assert not octave.any(x)[0, 0]
    assert np.any(x)  # bool(nan) is True in NumPy
    z = np.array([complex(1, np.nan)])
    np.testing.assert_array_equal(octave.any(z), octave_results[1]["rnd-any-complex-nan-part"].outputs[0])


def test_all_counts_nan_by_the_dimension_and_length(octave_results: Results) -> None:
    """Octave 7's all: NaN is true along the leading dimension or more than 8 elements, false
    along a later dimension of at most 8 (two kernels in mx-inlines.cc)."""
    results = octave_results[1]
    for case_id, nan_is_true in (
        ("rnd-all-nan-columns", True),
        ("rnd-all-nan-rows-8", False),
        ("rnd-all-nan-rows-9", True),
    ):
        case = _by_id(case_id)
        ours = call(case)
        np.testing.assert_array_equal(ours, results[case_id].outputs[0], err_msg=case_id)
        assert bool(ours.all()) is nan_is_true, case_id
        numpy_default = np.all(case.args[0], axis=(case.args[1] - 1) if len(case.args) > 1 else 0)
        assert bool(numpy_default.all())  # np.all always counts NaN as true


@pytest.mark.parametrize(
    ("fname", "args"),
    [
        ("round", ([1, -2, 3],)),
        ("fix", (np.array([1.5, -2.5], dtype=np.float16),)),
        ("mod", ([7, -7], 3)),
        ("rem", (7, [2, 0])),
        ("circshift", ([[1, 2], [3, 4]], 1)),
        ("rot90", ([1, 2, 3], -1)),
        ("any", ([0, 2],)),
        ("all", ([[1.5, 0.0], [2.0, 3.0]],)),
        ("mod", ([7.5, -7.5], [2.0])),
        ("round", (2.5,)),
        ("rot90", ([[1.5, 2.0]], 2)),
        ("circshift", ([0.5, 1.5, 2.5], -1)),
        ("all", (np.array([1.0, 2.0], dtype=np.float16), 2)),
    ],
)
def test_python_literals_and_float16_read_as_octave_reads_them(fname: str, args: tuple) -> None:
    """Python ints are Octave's double literals (not int64, an integer class); float16 is
    single; to_numpy_call's code, run on the same Python values, gives the same array."""
    case = Case(f"literal-{fname}", fname, args)
    ours = outputs(case, call(case))
    assert ours[0].dtype in (np.float64, np.float32, np.bool_), ours[0].dtype
    if fname in ("round", "mod", "rem", "circshift", "rot90"):
        assert ours[0].dtype == np.float64
    assert_numpy_call_matches(case, ours)


def test_circshift_dim_far_beyond_ndims_is_refused_before_padding_n() -> None:
    # circshift.m pads N with dim - 1 zeros before its length check; a huge dim must be
    # refused in Octave's words without building that padding (dim=1e12 was a MemoryError)
    m = np.arange(6.0).reshape(2, 3)
    for dim in (3, 70, 10**12):
        with pytest.raises(ArgumentError, match="N must be a vector, no longer than the number of dimensions"):
            octave.circshift(m, 1, dim)
