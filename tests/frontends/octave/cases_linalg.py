"""Conformance cases of the linear solves and products group: ``mldivide`` (``A \\ B``),
``mrdivide`` (``B / A``) and ``kron`` (seeded: the same cases on every run).

Square (well conditioned, triangular, symmetric positive definite, symmetric indefinite,
singular, nearly singular), over- and underdetermined (full rank and rank deficient), complex
(either side or both), single, scalar divisors (integer classes too), empties, N-d operands,
NaN/Inf, and the refusals with Octave's wording.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from octave_batch import Case

CASES: list[Case] = []
ERROR_CASES: list[Case] = []


def _real(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return np.round(rng.normal(size=shape) * 4, 3)


def _cplx(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return _real(rng, *shape) + 1j * _real(rng, *shape)


def _rank(rng: np.random.Generator, m: int, n: int, r: int, cplx: bool = False) -> np.ndarray:
    """An m x n matrix of rank r: a well-conditioned r x r block among zero rows and columns
    (rows and columns permuted). Householder reflections keep those zeros exact, so Octave's
    xGELSD and ours see exactly zero singular values. (A product of random small-integer
    factors is rank deficient too, but its computed smallest singular values land near the eps
    cutoff, where the rank xGELSD decides, and with it the answer, depends on the LAPACK
    build's rounding: 16 of 40 such 3x3..6x6 systems differed from Octave's, 0 of 80 of these.)"""
    a = np.zeros((m, n), complex if cplx else float)
    block = _cplx(rng, r, r) if cplx else _real(rng, r, r)
    a[:r, :r] = block + 8 * np.eye(r)
    return a[rng.permutation(m)][:, rng.permutation(n)].copy()


def _spd(rng: np.random.Generator, n: int, cplx: bool = False) -> np.ndarray:
    m = _cplx(rng, n, n) if cplx else _real(rng, n, n)
    a = m.conj().T @ m + n * np.eye(n)
    return np.round(a, 6) if not cplx else a  # exactly symmetric (Hermitian) by construction


def _sym_indefinite(rng: np.random.Generator, n: int) -> np.ndarray:
    """Symmetric, positive diagonal, off-diagonal small enough for Octave's probe, but not
    positive definite (Cholesky fails, Octave goes on to LU)."""
    a = np.full((n, n), 0.9)
    np.fill_diagonal(a, 1.0)
    a[0, n - 1] = a[n - 1, 0] = -0.9
    return a


def _add(cid: str, fname: str, *args: Any) -> None:
    CASES.append(Case(cid, fname, tuple(args)))


def _solve_cases(fname: str, tag: str, seed: int) -> None:
    """Cases for A \\ B (tag 'l') or B / A (tag 'r'): the operands in Octave's order."""
    rng = np.random.default_rng(seed)
    left = fname == "mldivide"

    def add(name: str, a: np.ndarray, b: np.ndarray) -> None:
        # b is the right-hand side as A \ B sees it (rows of A); for B / A it is transposed
        if left:
            _add(f"lin-{tag}-{name}", fname, a, b)
        else:
            _add(f"lin-{tag}-{name}", fname, np.ascontiguousarray(b.T), np.ascontiguousarray(a.T))

    k = 0
    for n in (1, 2, 3, 4, 5, 6, 8):
        for nrhs in (1, 2, 3):
            add(f"square-{n}-{nrhs}-{k}", _real(rng, n, n) + (n > 1) * 0.0, _real(rng, n, nrhs))
            k += 1
    for n in (2, 3, 4, 6):
        for nrhs in (1, 3):
            up = np.triu(_real(rng, n, n))
            np.fill_diagonal(up, np.abs(np.diag(up)) + 1)
            add(f"upper-{n}-{nrhs}", up, _real(rng, n, nrhs))
            add(f"lower-{n}-{nrhs}", up.T.copy(), _real(rng, n, nrhs))
            add(f"spd-{n}-{nrhs}", _spd(rng, n), _real(rng, n, nrhs))
            add(f"cspd-{n}-{nrhs}", _spd(rng, n, cplx=True), _cplx(rng, n, nrhs))
            add(f"utri-complex-{n}-{nrhs}", np.triu(_cplx(rng, n, n)) + 2 * np.eye(n), _cplx(rng, n, nrhs))
    for n in (3, 4, 5):
        add(f"sym-indefinite-{n}", _sym_indefinite(rng, n), _real(rng, n, 2))
        z = np.triu(_real(rng, n, n))
        z[1, 1] = 0.0  # a zero on the diagonal: not "triangular" for Octave, singular LU
        add(f"upper-zero-diag-{n}", z, _real(rng, n, 1))
        sym = _real(rng, n, n)
        add(f"sym-full-{n}", sym + sym.T, _real(rng, n, 2))  # symmetric, diagonal of any sign
    for n in (2, 3, 4, 5, 6):
        for r in range(1, n):
            add(f"singular-{n}-r{r}", _rank(rng, n, n, r), _real(rng, n, 2))
    add("singular-classic", np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([[1.0], [2.0]]))
    add("singular-zeros", np.zeros((2, 2)), np.array([[1.0], [1.0]]))
    add("singular-one-zero", np.array([[1.0, 0.0], [0.0, 0.0]]), np.array([[1.0], [1.0]]))
    add("singular-complex", _rank(rng, 3, 3, 2, cplx=True), _cplx(rng, 3, 2))
    for n in (4, 6, 8):  # nearly singular: Hilbert matrices (LU with a warning, no fallback)
        h = 1.0 / (np.arange(n)[:, None] + np.arange(n)[None, :] + 1)
        add(f"hilbert-{n}", h, np.ones((n, 1)))
    add("near-singular-upper", np.array([[1.0, 1e20], [0.0, 1e-20]]), np.array([[1.0], [1.0]]))
    add("near-singular-spd", np.array([[1.0, 0.5e-10], [0.5e-10, 1e-20]]), np.array([[1.0], [1.0]]))
    for m, n in ((3, 2), (4, 2), (5, 3), (6, 4), (8, 3), (4, 1), (7, 5)):
        for nrhs in (1, 2):
            add(f"over-{m}x{n}-{nrhs}", _real(rng, m, n), _real(rng, m, nrhs))
    for m, n in ((2, 3), (2, 4), (3, 5), (4, 6), (1, 4), (3, 8)):
        for nrhs in (1, 2):
            add(f"under-{m}x{n}-{nrhs}", _real(rng, m, n), _real(rng, m, nrhs))
    for m, n, r in ((4, 3, 2), (5, 3, 1), (6, 4, 2), (3, 4, 2), (3, 5, 1), (4, 6, 3), (5, 5, 3)):
        add(f"rankdef-{m}x{n}-r{r}", _rank(rng, m, n, r), _real(rng, m, 2))
    add("over-classic", np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([[1.0], [2.0], [3.0]]))
    add("under-ones", np.ones((2, 3)), np.array([[1.0], [2.0]]))
    for m, n in ((3, 3), (4, 2), (2, 4), (5, 5)):
        add(f"complex-{m}x{n}", _cplx(rng, m, n), _cplx(rng, m, 2))
        add(f"complexA-realB-{m}x{n}", _cplx(rng, m, n), _real(rng, m, 2))
        add(f"realA-complexB-{m}x{n}", _real(rng, m, n), _cplx(rng, m, 2))
    add("realA-complexB-singular", _rank(rng, 3, 3, 1), _cplx(rng, 3, 1))
    add("realA-complexB-upper", np.triu(_real(rng, 3, 3)) + 5 * np.eye(3), _cplx(rng, 3, 2))
    for m, n in ((3, 3), (4, 2), (2, 4)):
        add(f"single-{m}x{n}", _real(rng, m, n).astype(np.float32), _real(rng, m, 2).astype(np.float32))
        add(f"single-complex-{m}x{n}", _cplx(rng, m, n).astype(np.complex64), _cplx(rng, m, 1).astype(np.complex64))
        add(f"single-A-double-B-{m}x{n}", _real(rng, m, n).astype(np.float32), _real(rng, m, 2))
        add(f"double-A-single-B-{m}x{n}", _real(rng, m, n), _real(rng, m, 1).astype(np.float32))
    add("single-spd", _spd(rng, 3).astype(np.float32), _real(rng, 3, 1).astype(np.float32))
    add(
        "single-lower",
        np.tril(_real(rng, 3, 3) + 6 * np.eye(3)).astype(np.float32),
        _real(rng, 3, 2).astype(np.float32),
    )
    add("single-singular", _rank(rng, 3, 3, 2).astype(np.float32), _real(rng, 3, 1).astype(np.float32))
    # NaN and Inf
    add("nan-in-A", np.array([[np.nan, 1.0], [1.0, 1.0]]), np.array([[1.0], [1.0]]))
    add("inf-in-A", np.array([[np.inf, 1.0], [1.0, 1.0]]), np.array([[1.0], [1.0]]))
    add("nan-in-B", _real(rng, 2, 2) + 3 * np.eye(2), np.array([[np.nan], [1.0]]))
    add("nan-in-B-over", _real(rng, 3, 2), np.array([[np.nan], [1.0], [2.0]]))
    add("inf-in-A-over", np.array([[np.inf, 1.0], [1.0, 2.0], [3.0, 4.0]]), np.array([[1.0], [1.0], [1.0]]))
    add("nan-in-A-under", np.array([[np.nan, 1.0, 2.0], [1.0, 2.0, 3.0]]), np.array([[1.0], [1.0]]))
    # a NaN that LU would not spread to every element: Octave skips xGETRF (NaN 1-norm) and
    # answers by least squares, all NaN
    add("nan-in-A-first", np.array([[np.nan, 1.0], [2.0, 3.0]]), np.array([[1.0, 2.0], [1.0, 0.5]]))
    add("nan-in-A-3x3", np.array([[np.nan, 1.0, 2.0], [2.0, 3.0, 4.0], [1.0, 1.0, 1.0]]), np.ones((3, 1)))
    add("nan-in-A-complex", np.array([[np.nan + 1j, 1.0], [2.0, 3.0]]), np.array([[1.0], [1j]]))
    # logical operands
    add("logical-A", np.array([[True, False], [True, True]]), _real(rng, 2, 1))
    # empties
    add("empty-0x3-by-0x2", np.zeros((0, 3)), np.zeros((0, 2)))
    add("empty-3x0-by-3x2", np.zeros((3, 0)), _real(rng, 3, 2))
    add("empty-0x0-by-0x2", np.zeros((0, 0)), np.zeros((0, 2)))
    add("empty-rhs-2x2-by-2x0", _real(rng, 2, 2), np.zeros((2, 0)))
    add("empty-rhs-3x2-by-3x0", _real(rng, 3, 2), np.zeros((3, 0)))


def _scalar_cases() -> None:
    rng = np.random.default_rng(1515)
    _add("lin-l-scalar-real", "mldivide", np.array(2.5), _real(rng, 2, 3))
    _add("lin-l-scalar-complex", "mldivide", np.array(1 - 2j), _cplx(rng, 3, 2))
    _add("lin-l-scalar-by-complex", "mldivide", np.array(3.0), _cplx(rng, 1, 4))
    _add("lin-l-scalar-zero", "mldivide", np.array(0.0), np.array([[1.0, -1.0, 0.0]]))
    _add("lin-l-scalar-nd", "mldivide", np.array(2.0), _real(rng, 2, 2, 2))
    _add("lin-l-scalar-empty", "mldivide", np.array(5.0), np.zeros((0, 3)))
    _add("lin-l-scalar-single", "mldivide", np.array(3.0, np.float32), _real(rng, 2, 2))
    _add("lin-l-int8-by-int8", "mldivide", np.array(4, np.int8), np.array([[8, 9, -10, 127]], np.int8))
    _add("lin-l-double-by-int16", "mldivide", np.array(2.5), np.array([[1, 2, 3, -5]], np.int16))
    _add("lin-l-uint8-by-double", "mldivide", np.array(3, np.uint8), np.array([[1.0, 2.0, 250.0, 1000.0, -3.0]]))
    _add("lin-l-int16-zero", "mldivide", np.array(0, np.int16), np.array([[1, -2, 0]], np.int16))
    _add("lin-l-scalar-b-row-A", "mldivide", np.array([[2.0, 4.0]]), np.array(3.0))
    _add("lin-r-scalar-real", "mrdivide", _real(rng, 2, 3), np.array(-1.5))
    _add("lin-r-scalar-complex", "mrdivide", _cplx(rng, 2, 3), np.array(2 + 1j))
    _add("lin-r-scalar-zero", "mrdivide", np.array([[1.0, -1.0, 0.0]]), np.array(0.0))
    _add("lin-r-scalar-nd", "mrdivide", _real(rng, 2, 2, 3), np.array(4.0))
    _add("lin-r-int8-by-int8", "mrdivide", np.array([[8, 9, -10]], np.int8), np.array(4, np.int8))
    _add("lin-r-double-by-int8", "mrdivide", np.array([[1.0, 2.0, 3.0]]), np.array(4, np.int8))
    _add("lin-r-int32-by-single", "mrdivide", np.array([[7, -7, 1000001]], np.int32), np.array(2.0, np.float32))
    _add("lin-l-int8-by-logical", "mldivide", np.array(2, np.int8), np.array([[True, False, True]]))
    _add("lin-l-logical-by-int8", "mldivide", np.array(True), np.array([[4, 6]], np.int8))
    _add("lin-r-int8-by-logical", "mrdivide", np.array([[4, 6]], np.int8), np.array(True))
    _add("lin-r-single-by-int8", "mrdivide", np.array([[4.0, 6.0]], np.float32), np.array(3, np.int8))
    _add("lin-l-uint8-saturates", "mldivide", np.array(200, np.uint8), np.array([[100, 255, 0]], np.uint8))
    _add("lin-r-scalar-b-column-A", "mrdivide", np.array(3.0), np.array([[1.0], [2.0]]))
    _add("lin-r-row-1d", "mrdivide", np.array([1.0, 2.0]), np.array([[1.0, 2.0], [3.0, 4.0]]))
    _add("lin-l-row-1d", "mldivide", np.array([1.0, 2.0, 3.0]), np.array([6.0]))
    _add("lin-l-nd-A", "mldivide", _real(rng, 2, 2, 2), _real(rng, 2, 1))
    _add("lin-l-nd-B", "mldivide", _real(rng, 2, 2) + 3 * np.eye(2), _real(rng, 2, 2, 2))
    _add("lin-r-nd-B", "mrdivide", _real(rng, 3, 2, 2), _real(rng, 4, 4) + 4 * np.eye(4))


def _kron_cases() -> None:
    rng = np.random.default_rng(715)
    shapes = [(1, 1), (1, 3), (3, 1), (2, 2), (2, 3), (3, 2), (1, 4), (4, 1)]
    k = 0
    for sa in shapes:
        for sb in shapes:
            if (k % 2) == 0 or sa[0] * sb[0] * sa[1] * sb[1] <= 36:
                kind = k % 4
                a = _real(rng, *sa) if kind in (0, 2) else _cplx(rng, *sa)
                b = _real(rng, *sb) if kind in (0, 1) else _cplx(rng, *sb)
                _add(f"lin-kron-{sa[0]}x{sa[1]}-{sb[0]}x{sb[1]}-{k}", "kron", a, b)
            k += 1
    _add("lin-kron-1d-1d", "kron", np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0]))
    _add("lin-kron-1d-column", "kron", np.array([1.0, 2.0]), np.array([[1.0], [10.0]]))
    _add("lin-kron-3d", "kron", np.arange(8.0).reshape(2, 2, 2), np.array([[1.0, 10.0]]))
    _add("lin-kron-3d-right", "kron", np.array([[1.0], [2.0]]), _real(rng, 2, 3, 2))
    _add("lin-kron-three", "kron", np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]]), np.array([[1.0], [2.0]]))
    _add("lin-kron-four", "kron", _real(rng, 1, 2), _cplx(rng, 2, 1), _real(rng, 2, 2), np.array([[2.0]]))
    _add("lin-kron-int8", "kron", np.array([[1, 2]], np.int8), np.array([[100.0, 3.0]]))
    _add("lin-kron-int-int", "kron", np.array([[1, 2]], np.int8), np.array([[100, 3]], np.int16))
    _add("lin-kron-single", "kron", _real(rng, 2, 2).astype(np.float32), _real(rng, 1, 3))
    _add("lin-kron-single-complex", "kron", _real(rng, 1, 2).astype(np.float32), _cplx(rng, 2, 1))
    _add("lin-kron-logical", "kron", np.array([[True, False]]), np.array([[True, True]]))
    _add("lin-kron-empty", "kron", np.zeros((0, 3)), np.array([[1.0, 2.0]]))
    _add("lin-kron-empty-right", "kron", _real(rng, 2, 2), np.zeros((3, 0)))
    _add("lin-kron-nan-inf", "kron", np.array([[np.nan, np.inf, -np.inf]]), np.array([[0.0, 1.0, -2.0]]))
    _add("lin-kron-inf-times-imag", "kron", np.array([[np.inf, 1.0]]), np.array([[1j, 2.0 + 0.5j]]))
    _add("lin-kron-real-times-infimag", "kron", np.array([[1.0, 0.0]]), np.array([[1.0 + np.inf * 1j]]))


def _error_cases() -> None:
    rng = np.random.default_rng(99)
    e = ERROR_CASES.append
    e(Case("lin-err-l-rows", "mldivide", (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0], [2.0], [3.0]]))))
    e(Case("lin-err-l-rows-over", "mldivide", (_real(rng, 3, 2), _real(rng, 2, 2))))
    e(Case("lin-err-l-row-vs-column", "mldivide", (np.array([1.0, 2.0]), np.array([[1.0], [2.0]]))))
    e(Case("lin-err-l-empty-vs-scalar", "mldivide", (np.zeros((0, 0)), np.array(5.0))))
    e(Case("lin-err-l-nd", "mldivide", (_real(rng, 2, 2, 2), _real(rng, 3, 1))))
    e(Case("lin-err-r-cols", "mrdivide", (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0], [2.0], [3.0]]))))
    e(Case("lin-err-r-cols-row", "mrdivide", (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 2.0, 3.0]]))))
    e(Case("lin-err-r-scalar-by-row", "mrdivide", (np.array(3.0), np.array([[1.0, 2.0]]))))
    e(Case("lin-err-r-nd", "mrdivide", (_real(rng, 2, 2, 2), np.array([[1.0, 2.0], [3.0, 4.0]]))))
    e(Case("lin-err-l-int-matrix", "mldivide", (np.array([[1, 2], [3, 4]], np.int32), np.array([[1.0], [2.0]]))))
    e(Case("lin-err-l-int-rhs", "mldivide", (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1], [2]], np.int32))))
    e(
        Case(
            "lin-err-r-int-matrix",
            "mrdivide",
            (np.array([[1, 2], [3, 4]], np.int8), np.array([[1.0, 2.0], [3.0, 4.0]])),
        )
    )
    e(Case("lin-err-l-int-classes", "mldivide", (np.array(2, np.int8), np.array([[1, 2]], np.int16))))
    e(Case("lin-err-r-int-classes", "mrdivide", (np.array([[1, 2]], np.uint8), np.array(2, np.int16))))
    e(Case("lin-err-l-int-complex", "mldivide", (np.array(2, np.int8), np.array([[1 + 1j, 2]]))))
    e(
        Case(
            "lin-err-l-single-int-matrix",
            "mldivide",
            (np.array([[1.0, 2.0], [3.0, 4.0]], np.float32), np.array([[1], [2]], np.uint16)),
        )
    )
    e(Case("lin-err-r-int-by-complex", "mrdivide", (np.array([[4, 6]], np.int8), np.array(1 + 1j))))
    e(Case("lin-err-l-complex-by-int", "mldivide", (np.array(1 + 1j), np.array([[4, 6]], np.int8))))
    e(Case("lin-err-r-int-by-int-row", "mrdivide", (np.array([[4, 6]], np.int8), np.array([[2, 2]], np.int8))))
    e(Case("lin-err-kron-one", "kron", (np.array([[1.0, 2.0]]),)))
    e(Case("lin-err-l-bool-int", "mldivide", (np.array([[True, False], [False, True]]), np.array([[1], [2]], np.int8))))


_solve_cases("mldivide", "l", 2024)
_solve_cases("mrdivide", "r", 2025)
_scalar_cases()
_kron_cases()
_error_cases()
