"""Octave's integer and logical classes, its option strings and its wording, against the real
``octave-cli`` (one batched run).

Integer inputs go to Octave with their class (``scipy.io.savemat`` keeps int8..uint64), so the
values Octave returns are compared exactly, and so is the class of the result (the index output
of max/min/sort is Octave's double, arraylens's int64: values compared). Error cases compare
arraylens's message with Octave's own, word for word.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from octave_batch import Case, OctaveResult, run_batch

from arraylens import octave
from arraylens.core.errors import ArgumentError

pytestmark = pytest.mark.conformance

BIG = np.array([2**62 + 1, 2**62 + 3, 1], dtype=np.int64)  # not representable as doubles

CASES: list[Case] = [
    Case("max-int64-exact", "max", (BIG, None), nout=2),
    Case("min-int64-exact", "min", (BIG, None), nout=2),
    Case("sort-int64-descend", "sort", (BIG, "descend"), nout=2),
    Case("sort-int64-ascend", "sort", (BIG,), nout=2),
    Case("sort-uint64-top", "sort", (np.array([2**64 - 1, 2**64 - 2, 0], dtype=np.uint64), "descend"), nout=2),
    Case("sort-int8-extremes", "sort", (np.array([[-128, 127, 0], [5, -128, 127]], dtype=np.int8), 2, "descend"),
         nout=2),
    Case("max-int8-matrix", "max", (np.array([[1, -7], [3, 3]], dtype=np.int8), None, 2), nout=2),
    Case("max-uint16-ties", "max", (np.array([4, 9, 9, 1], dtype=np.uint16), None), nout=2),
    Case("max-logical", "max", (np.array([[True, False]]), None), nout=2),
    Case("sort-logical", "sort", (np.array([[True, False, True]]),), nout=2),
    Case("max-int8-double", "max", (np.array([1, 2, 3], dtype=np.int8), np.array([2.5, 2.5, -200.0]))),
    Case("min-uint8-negative", "min", (np.array([1, 2, 3], dtype=np.uint8), -2.5)),
    Case("max-int8-nan", "max", (np.array([1, 2], dtype=np.int8), np.array(np.nan))),
    Case("max-int16-int16", "max", (np.array([-5, 300], dtype=np.int16), np.array([4, 2], dtype=np.int16))),
    Case("max-single-int32", "max", (np.array([1.5, -2.5], dtype=np.float32), np.array([1, -3], dtype=np.int32))),
    Case("max-logical-double", "max", (np.array([True, False]), np.array([0.5, -1.0]))),
    Case("reshape-int64", "reshape", (BIG.copy(), 3, 1)),
    Case("transpose-uint32", "transpose", (np.array([[1, 2**32 - 1]], dtype=np.uint32),)),
    Case("to_column-int16", "to_column", (np.array([[1, 2], [3, 4]], dtype=np.int16),)),
    Case("sum-int8-double", "sum", (np.array([100, 100, -50], dtype=np.int8),)),
    Case("sum-int32-double", "sum", (np.array([2**31 - 1, 1], dtype=np.int32),)),
    Case("sum-single-double", "sum", (np.array([1.5, 2.25], dtype=np.float32), "double")),
    Case("cumsum-uint8-double", "cumsum", (np.array([200, 100, 50], dtype=np.uint8),)),
    Case("mean-int8-double", "mean", (np.array([100, 100, -50], dtype=np.int8),)),
    Case("mean-int8-native", "mean", (np.array([1, 2], dtype=np.int8), "native")),
    Case("mean-int8-native-saturated", "mean", (np.array([[120, 127], [126, 127]], dtype=np.int8), 1, "native")),
    Case("mean-int64", "mean", (BIG.copy(),)),
    Case("mean-g", "mean", (np.array([1.0, 2.0, 4.0]), "g")),
    Case("mean-h", "mean", (np.array([[1.0, 2.0], [4.0, 8.0]]), 2, "h")),
    Case("mean-a", "mean", (np.array([1.0, 2.0, 4.0]), "a")),
    Case("mean-default", "mean", (np.array([1.0, 2.0, 4.0]), "default")),
    Case("mean-double", "mean", (np.array([1.0, 2.0, 4.0], dtype=np.float32), "double")),
    Case("mean-native-double", "mean", (np.array([1.0, 2.0, 4.0]), "native")),
    Case("mean-int8-g", "mean", (np.array([1, 2, 4], dtype=np.int8), "g")),
    Case("fft-int16", "fft", (np.array([1, 2, 4], dtype=np.int16),)),
    Case("cov-int8", "cov", (np.array([1, 2, 4], dtype=np.int8),)),
    Case("corrcoef-int8", "corrcoef", (np.array([1, 2, 4], dtype=np.int8), np.array([1, 3, 4], dtype=np.int8))),
]

# Octave answers these (arraylens refused them before)
ANSWERS: list[Case] = [
    Case("fft-empty-row", "fft", (np.zeros((1, 0)),)),
    Case("fft-empty-0x3", "fft", (np.zeros((0, 3)),)),
    Case("fft-empty-padded", "fft", (np.zeros((1, 0)), 4)),
    Case("fft-empty-0x3-padded", "fft", (np.zeros((0, 3)), 2)),
    Case("fft-empty-3x0", "fft", (np.zeros((3, 0)),)),
    Case("fft-n-zero", "fft", (np.ones((1, 3)), 0)),
    Case("ifft-empty", "ifft", (np.zeros((0, 3)),)),
    Case("ifft-n-zero", "ifft", (np.ones((3, 2)), 0)),
    Case("fft-empty-single", "fft", (np.zeros((1, 0), dtype=np.float32),)),
    Case("max-empty-row", "max", (np.zeros((1, 0)), None), nout=2),
    Case("max-empty-0x3", "max", (np.zeros((0, 3)), None), nout=2),
    Case("max-empty-0x3-dim2", "max", (np.zeros((0, 3)), None, 2), nout=2),
    Case("min-empty-3x0", "min", (np.zeros((3, 0)), None), nout=2),
    Case("min-empty-3x0-dim2", "min", (np.zeros((3, 0)), None, 2), nout=2),
    Case("max-empty-3d", "max", (np.zeros((1, 0, 2)), None), nout=2),
    Case("max-empty-int8", "max", (np.zeros((1, 0), dtype=np.int8), None), nout=2),
    Case("max-empty-and-scalar", "max", (np.zeros((1, 0)), 1.0)),
    Case("max-empty-both", "max", (np.zeros((1, 0)), np.zeros((0, 1)))),
    Case("min-empty-column-broadcast", "min", (np.zeros((2, 0)), np.array([[1.0], [2.0]]))),
]

# Octave's own message, which arraylens gives word for word
WORDING: list[Case] = [
    Case("sum-type-foobar", "sum", (1, "foobar")),
    Case("mean-dim-fraction", "mean", (1, 1.5)),
    Case("mean-dim-zero", "mean", (1, 0)),
    Case("mean-type-b", "mean", (1, "b")),
    Case("mean-g-negative", "mean", (np.array([1.0, -2.0, 4.0]), "g")),
    Case("max-int8-complex", "max", (np.array([1, 2, 3], dtype=np.int8), np.array(1 + 2j))),
]


@pytest.fixture(scope="module")
def results(octave_cli: str) -> dict[str, OctaveResult]:
    return run_batch(octave_cli, CASES + ANSWERS + WORDING)[1]


def octave_class_of(a: np.ndarray) -> str:
    """Octave's class as ``scipy.io.loadmat`` hands it back."""
    return "logical" if a.dtype.kind == "b" else a.dtype.name


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_class_and_exact_values_match_octave(case: Case, results: dict[str, OctaveResult]) -> None:
    expected = results[case.id]
    assert expected.error is None, expected.error
    assert expected.outputs is not None
    got: Any = octave.FUNCTIONS[case.fname](*case.args)
    ours = list(got) if case.nout > 1 else [got]
    for k, (mine, theirs) in enumerate(zip(ours, expected.outputs, strict=True)):
        assert mine.shape == theirs.shape
        if k == 1:  # the 1-based index output
            np.testing.assert_array_equal(mine, theirs)
            continue
        if theirs.dtype == np.uint8 and mine.dtype == np.bool_:
            # scipy reads a logical back as uint8 (no uint8 input in these cases): Octave kept
            # the logical class
            assert not any(a.dtype == np.uint8 for a in case.args if isinstance(a, np.ndarray))
            assert mine.astype(np.uint8).tolist() == theirs.tolist()
        elif theirs.dtype.kind in "iu":
            assert mine.dtype == theirs.dtype
            assert mine.tolist() == theirs.tolist()  # exact, as Python ints
        else:
            assert np.real(mine).dtype == np.real(theirs).dtype, (mine.dtype, theirs.dtype)
            np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=0)
    explanation = octave.FUNCTIONS[case.fname].explain(*case.args, at=(0,) * ours[0].ndim)
    assert explanation.check(), str(explanation)


def test_int64_max_and_sort_are_exact_issue_example() -> None:
    """The issue's reproducer: rounded to double, the two large values tied."""
    values, index = octave.max(BIG)
    assert index.tolist() == [[2]] and values.dtype == np.int64 and values[0, 0] == 2**62 + 3
    s, i = octave.sort(BIG, "descend")
    assert i.tolist() == [[2, 1, 3]] and s.tolist() == [[2**62 + 3, 2**62 + 1, 1]]
    explanation = octave.max.explain(BIG, at=(0, 0))
    assert "tie" not in str(explanation) and "4611686018427387907" in str(explanation)


@pytest.mark.parametrize("case", WORDING, ids=[c.id for c in WORDING])
def test_octave_wording(case: Case, results: dict[str, OctaveResult]) -> None:
    octave_message = results[case.id].error
    assert octave_message is not None
    with pytest.raises(ArgumentError) as caught:
        octave.FUNCTIONS[case.fname](*case.args)
    assert str(caught.value).startswith(octave_message), (str(caught.value), octave_message)


def test_mixed_integer_classes_refused_not_converted() -> None:
    with pytest.raises(ArgumentError, match=r"max: cannot compute max \(uint8 matrix, int8 scalar\)"):
        octave.max(np.array([1, 2], dtype=np.uint8), np.int8(-3))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: octave.sum(np.array([1, 2], dtype=np.int8), "native"),
         "does not reproduce sum(x, 'native') of the int8 class"),
        (lambda: octave.sum(np.array([1.0]), "extra"), "does not reproduce sum(x, 'extra')"),
        (lambda: octave.mean(np.array([1, 2], dtype=np.int8), "h"), "mean(x, 'h') of an integer class"),
    ],
)
def test_integer_options_not_reproduced_are_refused(call: Any, message: str) -> None:
    with pytest.raises(ArgumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


@pytest.mark.parametrize("case", ANSWERS, ids=[c.id for c in ANSWERS])
def test_answers_where_octave_answers(case: Case, results: dict[str, OctaveResult]) -> None:
    expected = results[case.id]
    assert expected.error is None, expected.error
    assert expected.outputs is not None
    got: Any = octave.FUNCTIONS[case.fname](*case.args)
    ours = list(got) if case.nout > 1 else [got]
    for mine, theirs in zip(ours, expected.outputs, strict=True):
        assert mine.shape == theirs.shape
        np.testing.assert_array_equal(mine, theirs)
        if theirs.dtype.kind in "iu" and theirs.dtype != np.uint8:
            assert mine.dtype == theirs.dtype
        elif case.nout == 1 or mine is ours[0]:
            assert np.real(mine).dtype == np.real(theirs).dtype


@pytest.mark.parametrize(("fname", "y", "dim", "values", "indices"), [
    ("max", 2.0, 2, [[5.0], [7.0]], [[2], [1]]),
    ("max", 2.0, 1, [[7.0, 5.0]], [[2, 1]]),
    ("min", 9.0, 2, [[1.0], [2.0]], [[1], [2]]),
])
def test_y_with_dim_warns_and_reduces_as_octave(
    fname: str, y: float, dim: int, values: list[list[float]], indices: list[list[int]]
) -> None:
    """octave-cli 7.3: max([1 5; 7 2], 2, 2) warns "max: second argument is ignored" and gives
    [5; 7] (values checked against octave-cli by hand; the batch runner has no warnings)."""
    with pytest.warns(UserWarning, match=f"{fname}: second argument is ignored"):
        m, i = octave.FUNCTIONS[fname](np.array([[1.0, 5.0], [7.0, 2.0]]), y, dim)
    assert m.tolist() == values and i.tolist() == indices


def test_fft_of_empty_padded_is_explained() -> None:
    explanation = octave.fft.explain(np.zeros((1, 0)), 4, at=(0, 2))
    assert explanation.check() and explanation.value == 0


@pytest.mark.parametrize("case", CASES + ANSWERS, ids=[c.id for c in CASES + ANSWERS])
def test_numpy_call_gives_the_same_class_and_values(case: Case) -> None:
    """to_numpy_call's code converts as Octave does (an integer class read as double where
    Octave sums in double; a double converted to the integer class with Octave's rounding)."""
    code = octave.to_numpy_call(case.fname, *case.args)
    *statements, last = code.splitlines()
    env: dict[str, Any] = {"np": np, "x": case.args[0], "y": case.args[1] if len(case.args) > 1 else None}
    with np.errstate(invalid="ignore", divide="ignore"):
        exec("\n".join(statements), env)
        got = eval(last, env)
    result: Any = octave.FUNCTIONS[case.fname](*case.args)
    for mine, theirs in zip(list(result) if case.nout > 1 else [result], got if case.nout > 1 else [got],
                            strict=True):
        theirs = np.asarray(theirs)
        assert (mine.shape, mine.dtype) == (theirs.shape, theirs.dtype), code
        np.testing.assert_array_equal(mine, theirs, err_msg=code)
