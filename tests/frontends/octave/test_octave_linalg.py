"""Linear solves and products against GNU Octave 7.3: ``mldivide``, ``mrdivide``, ``kron``.

Every case is compared with octave-cli's answer (shape, class, values, with a tolerance scaled
by the matrix's condition number: LAPACK libraries round differently and an ill-conditioned
solve magnifies that), its refusals with Octave's wording, its ``to_numpy_call`` code executed,
and an explanation of a seeded element that recomputes the value. Named tests pin the traps of
a NumPy port: ``np.linalg.solve`` refuses what Octave answers by least squares, and ``B / A``
is not ``np.linalg.solve(A, B)``.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from typing import Any

import numpy as np
import pytest
from cases_linalg import CASES, ERROR_CASES
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
from arraylens.frontends.octave.solve import SingularMatrixWarning

pytestmark = pytest.mark.conformance

Results = tuple[str, dict[str, OctaveResult]]


def quiet_call(case: Case) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SingularMatrixWarning)
        return call(case)


def solve_matrix(case: Case) -> np.ndarray | None:
    """The matrix a solve case factors (A for A \\ B, A.' for B / A), as double."""
    if case.fname == "kron":
        return None
    a = np.asarray(case.args[0] if case.fname == "mldivide" else case.args[1])
    if a.size <= 1:
        return None
    a = a.reshape(a.shape[0], -1, order="F") if a.ndim > 2 else np.atleast_2d(a)
    return a.astype(np.complex128 if a.dtype.kind == "c" else np.float64)


def tolerance(case: Case) -> float:
    """1e-10 (2e-5 for single), times the condition number of the solve where it is large
    (of the nonzero singular values: a least-squares answer depends on those)."""
    base = 2e-5 if is_single(case) else 1e-10
    a = solve_matrix(case)
    if a is None or a.size == 0 or not np.all(np.isfinite(a)):
        return base
    s = np.linalg.svd(a, compute_uv=False)
    if s[0] == 0:
        return base
    kept = s[s > s[0] * max(a.shape) * np.finfo(float).eps]
    kappa = float(s[0] / kept[-1])
    eps = 6e-8 if is_single(case) else 2.3e-16
    return max(base, 100 * eps * kappa)


def test_case_counts() -> None:
    assert len(CASES) >= 300, len(CASES)
    fnames = {c.fname for c in CASES}
    assert fnames == {"mldivide", "mrdivide", "kron"}
    assert sum(c.fname == "kron" for c in CASES) >= 60
    assert len(ERROR_CASES) >= 15
    assert all(c.id.startswith("lin-") for c in CASES + ERROR_CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_octave(case: Case, octave_results: Results) -> None:
    expected = octave_results[1][case.id]
    assert_matches_octave(case, outputs(case, quiet_call(case)), expected, rtol=tolerance(case))


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_refuses_where_octave_refuses(case: Case, octave_results: Results) -> None:
    assert_same_refusal(case, octave_results[1][case.id])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_numpy_call_gives_the_result(case: Case) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_numpy_call_matches(case, outputs(case, call(case)))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_explanation_recomputes_the_element(case: Case) -> None:
    explain_seeded_element(case, np.asarray(quiet_call(case)))


# ----- the traps ---------------------------------------------------------------------------


def test_mldivide_of_an_underdetermined_system_is_the_minimum_norm_solution_where_numpy_solve_refuses() -> None:
    a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = np.array([[1.0], [2.0]])
    x = octave.mldivide(a, b)  # Octave 7.3: [-0.055556; 0.111111; 0.277778]
    np.testing.assert_allclose(x[:, 0], [-1 / 18, 1 / 9, 5 / 18], rtol=1e-12)
    np.testing.assert_allclose(x, np.linalg.pinv(a) @ b, rtol=1e-12)
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.solve(a, b)


def test_mldivide_of_a_rank_deficient_system_is_the_minimum_norm_least_squares_solution() -> None:
    a = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])  # rank 1
    b = np.array([[1.0], [2.0], [3.0]])
    x = octave.mldivide(a, b)  # Octave 7.3: [0.2; 0.4]
    np.testing.assert_allclose(x[:, 0], [0.2, 0.4], rtol=1e-12)
    np.testing.assert_allclose(x, np.linalg.lstsq(a, b, rcond=-1)[0], rtol=1e-12)
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.solve(a, b)


def test_singular_square_mldivide_warns_and_returns_least_squares_where_numpy_solve_raises() -> None:
    a, b = np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([[1.0], [2.0]])
    with pytest.warns(SingularMatrixWarning, match="^matrix singular to machine precision$"):
        x = octave.mldivide(a, b)
    np.testing.assert_allclose(x[:, 0], [0.2, 0.4], rtol=1e-12)  # Octave 7.3's answer
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        np.linalg.solve(a, b)
    explanation = octave.mldivide.explain(a, b, at=(1, 0))
    assert explanation.details["path"] == "lu-singular"
    assert explanation.details["rcond"] == 0.0
    assert "singular to machine precision" in str(explanation)


def test_nearly_singular_matrix_warns_with_rcond_but_keeps_the_lu_answer() -> None:
    h = 1.0 / (np.arange(12)[:, None] + np.arange(12)[None, :] + 1)  # Hilbert, rcond ~ 1e-17
    b = np.ones((12, 1))
    with pytest.warns(SingularMatrixWarning, match=r"rcond = "):
        x = octave.mldivide(h, b)
    np.testing.assert_allclose(h @ x, b, atol=1e-3)  # the LU solution, not a least-squares one
    lstsq = np.linalg.lstsq(h, b, rcond=-1)[0]
    assert not np.allclose(x, lstsq, rtol=1e-3)


def test_mrdivide_is_the_transposed_solve_not_numpy_solve() -> None:
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([[1.0, 2.0], [3.0, 5.0]])
    x = octave.mrdivide(b, a)  # Octave 7.3: [1 2; 3 5] / [1 2; 3 4] = [1 0; 1.5 0.5]
    np.testing.assert_allclose(x, [[1.0, 0.0], [1.5, 0.5]], atol=1e-14)
    np.testing.assert_allclose(x, np.linalg.solve(a.T, b.T).T, atol=1e-14)
    assert not np.allclose(x, np.linalg.solve(a, b))  # the orientation a port gets wrong
    np.testing.assert_allclose(x @ a, b, atol=1e-13)


def test_numpy_lstsq_default_cutoff_is_not_octaves() -> None:
    # singular values 1, 1 and 5e-16: Octave's xGELSD cutoff (rcond = -1: 2^-53 = 1.1e-16
    # times the largest) keeps the small one; np.linalg.lstsq's default (eps * max(m, n) =
    # 8.9e-16 here) drops it
    a = np.vstack([np.diag([1.0, 1.0, 5e-16]), np.zeros((1, 3))])  # 4x3: least squares
    b = np.array([[1.0], [1.0], [1.0], [0.0]])
    ours = octave.mldivide(a, b)
    np.testing.assert_allclose(ours[:, 0], [1.0, 1.0, 2e15], rtol=1e-12)
    np.testing.assert_allclose(ours, np.linalg.lstsq(a, b, rcond=-1)[0], rtol=1e-12)
    np.testing.assert_allclose(np.linalg.lstsq(a, b, rcond=None)[0][:, 0], [1.0, 1.0, 0.0])


def test_kron_of_numpy_vectors_stays_a_2d_row_where_np_kron_is_1d() -> None:
    k = octave.kron(np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0]))
    assert k.shape == (1, 6)
    assert np.kron([1.0, 2.0], [3.0, 4.0, 5.0]).shape == (6,)
    np.testing.assert_array_equal(k[0], [3, 4, 5, 6, 8, 10])


def test_kron_folds_nd_operands_to_2d_where_np_kron_builds_nd_blocks() -> None:
    a = np.arange(1.0, 9.0).reshape(2, 2, 2, order="F")  # Octave's reshape(1:8, 2, 2, 2)
    k = octave.kron(a, np.array([[1.0, 10.0]]))  # Octave 7.3: 2x8
    np.testing.assert_array_equal(k[0], [1, 10, 3, 30, 5, 50, 7, 70])
    np.testing.assert_array_equal(k[1], [2, 20, 4, 40, 6, 60, 8, 80])
    assert np.kron(a, np.array([[1.0, 10.0]])).shape == (2, 2, 4)


def test_kron_takes_more_than_two_operands() -> None:
    k = octave.kron(np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]]), np.array([[1.0], [2.0]]))
    np.testing.assert_array_equal(k, [[3, 4, 6, 8], [6, 8, 12, 16]])  # Octave 7.3


@pytest.mark.skipif(shutil.which("octave-cli") is None, reason="GNU Octave is not installed")
def test_singular_warnings_match_octaves_text() -> None:
    """The warning Octave prints (lastwarn) for each solve path, against ours."""
    mats = {
        "zero-pivot": (np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([[1.0], [2.0]])),
        "hilbert": (1.0 / (np.arange(12)[:, None] + np.arange(12)[None, :] + 1), np.ones((12, 1))),
        "upper": (np.array([[1.0, 1e20], [0.0, 1e-20]]), np.array([[1.0], [1.0]])),
        "spd": (np.array([[1.0, 0.5e-10], [0.5e-10, 1e-20]]), np.array([[1.0], [1.0]])),
        "fine": (np.array([[2.0, 1.0], [1.0, 3.0]]), np.array([[1.0], [1.0]])),
        "rank-def-rect": (np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]), np.array([[1.0], [2.0], [3.0]])),
        "inf": (np.array([[np.inf, 1.0], [1.0, 1.0]]), np.array([[1.0], [1.0]])),
        "nan": (np.array([[np.nan, 1.0], [2.0, 3.0]]), np.array([[1.0], [1.0]])),
        "zero-diag-upper": (np.array([[1.0, 2.0], [0.0, 0.0]]), np.array([[1.0], [1.0]])),
        "mrdivide-like-lower": (np.array([[1e-20, 0.0], [1.0, 1.0]]), np.array([[1.0], [1.0]])),
    }
    script = ["warning('off', 'backtrace');"]
    for name, (a, b) in mats.items():
        rows = lambda m: "[" + ";".join(" ".join(repr(float(v)) for v in r) for r in m) + "]"  # noqa: E731
        script.append(f"lastwarn(''); x = {rows(a)} \\ {rows(b)}; printf('%s|%s\\n', '{name}', lastwarn());")
    out = subprocess.run(
        ["octave-cli", "--no-gui", "--norc", "--quiet", "--eval", "\n".join(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    theirs = dict(line.split("|", 1) for line in out.splitlines() if "|" in line)
    for name, (a, b) in mats.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            octave.mldivide(a, b)
        ours = [str(w.message) for w in caught if issubclass(w.category, SingularMatrixWarning)]
        last = ours[-1] if ours else ""
        where = f"{name}: ours {ours}, Octave's lastwarn {theirs[name]!r}"
        if ", rcond = " in theirs[name]:  # an estimate below machine precision: its digits vary
            text, rcond = last.split(", rcond = ")
            assert text == theirs[name].split(", rcond = ")[0], where
            assert 0.5 < float(rcond) / float(theirs[name].split(", rcond = ")[1]) < 2, where
        else:
            assert last == theirs[name], where


@pytest.mark.parametrize(
    ("a", "path"),
    [
        (np.array([[2.0, 1.0], [0.0, 3.0]]), "upper"),
        (np.array([[2.0, 0.0], [1.0, 3.0]]), "lower"),
        (np.array([[4.0, 1.0], [1.0, 3.0]]), "cholesky"),
        (np.array([[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]]), "lu"),  # Cholesky fails
        (np.array([[1.0, 2.0], [3.0, 4.0]]), "lu"),
        (np.array([[0.0, 1.0], [0.0, 2.0]]), "lu-singular"),
        (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), "lstsq"),
    ],
)
def test_explanation_names_octaves_solver(a: np.ndarray, path: str) -> None:
    b = np.ones((a.shape[0], 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SingularMatrixWarning)
        x = octave.mldivide(a, b)
    e = octave.mldivide.explain(a, b, at=(0, 0))
    assert e.details["path"] == path
    assert e.check(rtol=1e-12, atol=1e-12)
    assert e.value == x[0, 0]
    if path in ("lstsq", "lu-singular"):
        assert "np.linalg.solve" in str(e) and "lstsq" in str(e)
    if a.shape == (3, 3):  # symmetric with a positive diagonal, but not positive definite
        assert e.details["matrix_type"] == "hermitian" and "went on to LU" in str(e)


def test_huge_results_are_refused_before_allocating() -> None:
    from arraylens.core.limits import ResourceError

    with pytest.raises(ResourceError, match="the result of mldivide"):
        octave.mldivide(np.ones((1, 10**6)), np.ones((1, 10**6)))
    with pytest.raises(ResourceError, match="the result of kron"):
        octave.kron(np.ones((1, 10**5)), np.ones((1, 10**5)), np.ones((10**4, 1)))


def test_kron_of_one_operand_is_octaves_invalid_call() -> None:
    with pytest.raises(ValueError, match="Invalid call to kron"):
        octave.kron(np.eye(2))
