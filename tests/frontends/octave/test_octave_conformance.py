"""arraylens.octave against the real GNU Octave: one batched octave-cli run, 600+ calls.

Every case compares shape and values with Octave's own output (indices exactly), then checks
that the explanation of one element recomputes its value and that to_numpy_call's code gives
the same result. The Octave version used is printed in the report header and in this module's
first test.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pytest
from octave_batch import Case, OctaveResult
from octave_cases import ERROR_CASES, build_cases
from octave_compare import assert_matches_octave

from arraylens import octave

pytestmark = pytest.mark.conformance

CASES = build_cases()
MATRIX_PRODUCTS = ("cov", "corr", "corrcoef")


def call(case: Case) -> Any:
    return octave.FUNCTIONS[case.fname](*case.args)


def is_single(case: Case) -> bool:
    """Single-precision input (NumPy float32/complex64, Octave's single)."""
    return any(
        isinstance(a, np.ndarray) and a.dtype in (np.float32, np.complex64) for a in case.args
    )


def outputs(case: Case, result: Any) -> list[np.ndarray]:
    return list(result) if case.nout > 1 else [result]


def test_octave_version_recorded(
    octave_results: tuple[str, dict[str, OctaveResult]], capsys: Any
) -> None:
    version, results = octave_results
    with capsys.disabled():
        print(f"\n[arraylens.octave] conformance against GNU Octave {version}: {len(CASES)} cases")
    assert version.startswith("7."), f"these semantics are Octave 7's; found Octave {version}"
    assert all(c.id in results for c in CASES + ERROR_CASES)


def test_case_count() -> None:
    assert len(CASES) >= 200
    complex_cases = sum(
        any(np.iscomplexobj(a) for a in c.args if isinstance(a, np.ndarray)) for c in CASES
    )
    nan_cases = sum(
        any(isinstance(a, np.ndarray) and np.isnan(a).any() for a in c.args) for c in CASES
    )
    assert complex_cases >= 100 and nan_cases >= 100


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_octave(case: Case, octave_results: tuple[str, dict[str, OctaveResult]]) -> None:
    expected = octave_results[1][case.id]
    ours = outputs(case, call(case))
    assert_matches_octave(case, ours, expected)
    for mine, theirs in zip(ours, expected.outputs or [], strict=True):
        if case.fname in ("cov", "corr") and len(case.args) == 1 and mine.shape[0] > 1:
            # Octave's x' * x (herk) gives variances that are exactly real; so does ours
            assert not np.any(np.imag(np.diag(mine))), np.diag(mine)
            assert not np.any(np.imag(np.diag(theirs))), np.diag(theirs)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_explanation_and_numpy_call(case: Case) -> None:
    result = call(case)
    values = outputs(case, result)[0]
    if values.size:
        rng = np.random.default_rng(zlib.crc32(case.id.encode()))  # the same index every run
        at = tuple(int(rng.integers(n)) for n in values.shape)
        explanation = octave.FUNCTIONS[case.fname].explain(*case.args, at=at)
        assert explanation.index == at
        tol = 1e-5 if is_single(case) else 1e-9
        assert explanation.check(rtol=tol, atol=tol), str(explanation)
        if case.fname in MATRIX_PRODUCTS:
            # explained from the two variables only: BLAS may round that small product and
            # the whole one differently in the last bits
            scale = float(np.nanmax(np.abs(values), initial=1.0))
            np.testing.assert_allclose(
                explanation.value, values[at], rtol=tol / 1000, atol=tol / 1000 * scale
            )
        else:  # the kernel on a window of the input: exactly the call's value
            np.testing.assert_array_equal(np.asarray(explanation.value), values[at])
        if case.fname == "sort":
            assert explanation.details["preceding"] == explanation.details["position"]
        if case.fname in ("max", "min") and case.nout == 2:
            assert explanation.details["index"] == explanation.details["expected_index"]
    code = octave.to_numpy_call(case.fname, *case.args)
    names = {"x": case.args[0], "y": case.args[1] if len(case.args) > 1 else None}
    *statements, last = code.splitlines()
    env: dict[str, Any] = {"np": np, **names}
    with np.errstate(invalid="ignore", divide="ignore"):  # a constant column: 0/0, as in Octave
        exec("\n".join(statements), env)
        got = eval(last, env)
    for mine, theirs in zip(outputs(case, result), outputs(case, got), strict=True):
        assert mine.shape == theirs.shape, code
        assert mine.dtype == theirs.dtype, code
        tol = 1e-6 if is_single(case) else 1e-12
        np.testing.assert_allclose(theirs, mine, rtol=tol, atol=tol, equal_nan=True, err_msg=code)


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_errors_where_octave_errors(
    case: Case, octave_results: tuple[str, dict[str, OctaveResult]]
) -> None:
    expected = octave_results[1][case.id]
    assert expected.error is not None, f"Octave accepted {case}"
    with pytest.raises(ValueError, match=case.fname):
        call(case)
