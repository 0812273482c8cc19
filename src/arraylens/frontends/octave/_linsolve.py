"""The kernel of Octave's ``A \\ B`` and ``B / A``: the solver GNU Octave 7.3 picks, with LAPACK.

Octave (``liboctave/array/dMatrix.cc`` ``Matrix::solve``, ``MatrixType.cc``
``matrix_real_probe``, ``libinterp/corefcn/xdiv.cc``, release 7.3.0) looks at the coefficient
matrix before it solves:

- not square: minimum-norm least squares, LAPACK ``xGELSD`` with ``rcond = -1`` (singular
  values at most LAPACK's machine epsilon, 2^-53 in double, times the largest count as zero);
  a matrix whose 1-norm is Inf gives zeros, NaN gives NaN (``Matrix::lssolve``);
- square, triangular with no zero on the diagonal: ``xTRTRS`` (the warning when ``xTRCON``'s
  reciprocal condition number is below machine precision; the triangular answer is kept);
- square, symmetric (Hermitian) with a positive diagonal and ``a(i,j)^2 < a(i,i) a(j,j)``:
  Cholesky (``xPOTRF``/``xPOTRS``); a failed factorisation or a tiny ``xPOCON`` rcond goes
  on to LU;
- otherwise LU (``xGETRF``/``xGETRS``): an exactly zero pivot, or a NaN in the matrix (its
  1-norm is NaN, and Octave skips the factorisation), warns "matrix singular to machine
  precision" and falls back to the least-squares solve above; a tiny ``xGECON`` rcond only
  warns.

A real matrix with a complex right-hand side is solved as one real system with the real and
imaginary parts side by side (``stack_complex_matrix``). ``B / A`` solves ``A.' \\ B.'`` (a
triangular ``A`` through ``xTRTRS`` with ``trans='T'``) and transposes back.

The solves use SciPy's wrappers of the same LAPACK routines (``scipy.linalg.solve_triangular``,
``cho_factor``/``cho_solve``, ``lu_factor``/``lu_solve``, ``lstsq(..., cond=-1,
lapack_driver='gelsd')``), so that the NumPy/SciPy line printed for a port computes the same bits.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg
from scipy.linalg import lapack

SINGULAR = "matrix singular to machine precision"


class SingularMatrixWarning(UserWarning):
    """Octave's ``warning: matrix singular to machine precision`` (``Octave:singular-matrix``),
    or ``..., rcond = R`` (``Octave:nearly-singular-matrix``), for a solve whose matrix is
    singular or whose reciprocal condition number is below machine precision. The message is
    Octave's text as ``lastwarn`` returns it (without the ``warning: `` that Octave prints)."""


def singular_text(rcond: float) -> str:
    """Octave's warning text (``warn_singular_matrix`` in ``lo-array-errwarn.cc``)."""
    return SINGULAR if rcond == 0 else f"{SINGULAR}, rcond = {rcond:g}"


@dataclass(frozen=True)
class Solved:
    """One solve: the solution and how Octave got it."""

    x: np.ndarray
    path: str  # empty, lstsq, upper, lower, cholesky, lu, lu-singular (-> lstsq)
    kind: str  # what the probe found: rectangular, upper, lower, hermitian, full
    rcond: float | None
    warnings: tuple[str, ...]
    cholesky_failed: bool = False  # a Hermitian-looking matrix that went to LU
    lstsq_special: str = ""  # "inf" / "nan": Octave's lssolve answer without xGELSD
    rank: int | None = None


def probe(a: np.ndarray) -> str:
    """Octave's ``MatrixType`` of a dense matrix: rectangular, upper, lower, hermitian, full.

    Upper/lower need every diagonal element nonzero; hermitian (symmetric for real) needs a
    positive real diagonal and ``|a(i,j)|^2 < a(i,i) a(j,j)`` off the diagonal (``MatrixType.cc``,
    ``matrix_real_probe``/``matrix_complex_probe``), computed in the matrix's precision.
    """
    n, m = a.shape
    if n != m:
        return "rectangular"
    d = np.diagonal(a)
    nonzero_diag = bool(np.all(d != 0))
    if nonzero_diag and not np.any(np.tril(a, -1)):
        return "upper"
    if nonzero_diag and not np.any(np.triu(a, 1)):
        return "lower"
    if np.iscomplexobj(a):
        dr = d.real
        if not np.all((dr > 0) & (d.imag == 0)):
            return "full"
        norm = a.real * a.real + a.imag * a.imag
        ok = (a == a.T.conj()) & (norm < np.multiply.outer(dr, dr))
    else:
        if not np.all(d > 0):
            return "full"
        ok = (a == a.T) & (a * a < np.multiply.outer(d, d))
    herm = bool(np.all(ok | np.eye(n, dtype=bool)))  # every pair i != j (both orders)
    return "hermitian" if herm else "full"


def norm1(a: np.ndarray) -> float:
    """Octave's ``norm1`` (``dMatrix.cc``): the largest column sum of ``|a|``, or the first
    column sum that is Inf or NaN."""
    sums = np.abs(a).sum(axis=0)
    bad = ~np.isfinite(sums)
    if np.any(bad):
        return float(sums[int(np.argmax(bad))])
    return float(sums.max(initial=0.0))


def tiny(rcond: float, dtype: np.dtype[Any]) -> bool:
    """Octave's test ``rcond + 1 == 1 || isnan (rcond)``, in the matrix's precision."""
    real = np.float32 if dtype in (np.float32, np.complex64) else np.float64
    return bool(np.isnan(rcond) or real(rcond) + real(1) == real(1))


def _con(name: str, a: np.ndarray, *args: Any, **kwargs: Any) -> float:
    fn = lapack.get_lapack_funcs(name, (a,))
    rcond, _info = fn(a, *args, **kwargs)
    return float(rcond)


def lstsq(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, str, float, int | None]:
    """Octave's ``lssolve``: (x, special, rcond, rank)."""
    n, k = a.shape[1], b.shape[1]
    dtype = np.result_type(a, b)
    if a.size == 0 or k == 0:
        return np.zeros((n, k), dtype), "", 0.0, None
    anorm = norm1(a)
    if np.isinf(anorm):
        return np.zeros((n, k), dtype), "inf", 0.0, None
    if np.isnan(anorm):
        return np.full((n, k), np.nan, dtype), "nan", float("nan"), None
    x, _res, rank, s = scipy.linalg.lstsq(a, b, cond=-1, lapack_driver="gelsd", check_finite=False)
    rcond = 0.0 if s[0] == 0 else float(s[-1] / s[0])
    return np.asarray(x, dtype), "", rcond, int(rank)


def solve(a: np.ndarray, b: np.ndarray, trans: bool = False) -> Solved:
    """``a \\ b`` (or, ``trans``, ``a.' \\ b`` as ``B / A`` computes it) by Octave's solver.

    ``a`` and ``b`` are 2-d, ``a.shape[0] == b.shape[0]`` (``trans``: ``a.shape[1]``), both
    float32/float64/complex64/complex128 of one precision. Warnings are returned, not raised.
    """
    if np.iscomplexobj(b) and not np.iscomplexobj(a):
        k = b.shape[1]
        s = solve(a, np.concatenate([b.real, b.imag], axis=1), trans)
        x = np.empty((s.x.shape[0], k), np.result_type(a.dtype, b.dtype))
        x.real, x.imag = s.x[:, :k], s.x[:, k:]
        return Solved(x, s.path, s.kind, s.rcond, s.warnings, s.cholesky_failed, s.lstsq_special, s.rank)
    if np.iscomplexobj(a) and not np.iscomplexobj(b):
        b = b.astype(a.dtype)
    kind = probe(a)
    n = a.shape[0] if kind != "rectangular" else 0
    if kind == "rectangular":
        aa = a.T if trans else a
        x, special, rcond, rank = lstsq(aa, b)
        return Solved(x, "lstsq", kind, rcond, (), lstsq_special=special, rank=rank)
    if n == 0 or b.shape[1] == 0:
        return Solved(np.zeros((n, b.shape[1]), a.dtype), "empty", kind, None, ())
    said: list[str] = []
    if kind in ("upper", "lower"):
        x = scipy.linalg.solve_triangular(a, b, trans=1 if trans else 0, lower=kind == "lower", check_finite=False)
        rcond = _con("trcon", a, norm="1", uplo="L" if kind == "lower" else "U")
        if tiny(rcond, a.dtype):
            said.append(singular_text(rcond))
        return Solved(np.asarray(x), kind, kind, rcond, tuple(said))
    aa = a.T if trans else a
    failed = False
    if kind == "hermitian":
        try:
            c, lower = scipy.linalg.cho_factor(aa, lower=True, check_finite=False)
        except np.linalg.LinAlgError:
            failed = True
        else:
            rcond = _con("pocon", c, norm1(aa), uplo="L")
            if tiny(rcond, a.dtype):
                said.append(singular_text(rcond))
                failed = True
            else:
                x = scipy.linalg.cho_solve((c, lower), b, check_finite=False)
                return Solved(np.asarray(x), "cholesky", kind, rcond, ())
    if np.isnan(norm1(aa)):  # Matrix::fsolve skips xGETRF (Octave bug #45577): singular, least squares
        said.append(singular_text(0.0))
        x, special, _rc, rank = lstsq(aa, b)
        return Solved(x, "lu-singular", kind, 0.0, tuple(said), failed, special, rank)
    getrf = lapack.get_lapack_funcs("getrf", (aa,))
    lu, piv, info = getrf(aa)
    if info != 0:  # an exactly zero pivot: warn (rcond 0) and solve by least squares
        said.append(singular_text(0.0))
        x, special, _rc, rank = lstsq(aa, b)
        return Solved(x, "lu-singular", kind, 0.0, tuple(said), failed, special, rank)
    rcond = _con("gecon", lu, norm1(aa), norm="1")
    if tiny(rcond, a.dtype):
        said.append(singular_text(rcond))
    x = scipy.linalg.lu_solve((lu, piv), b, check_finite=False)
    return Solved(np.asarray(x), "lu", kind, rcond, tuple(said), failed)


def emit(solved: Solved) -> None:
    """Raise Octave's warnings of a solve as :class:`SingularMatrixWarning`."""
    for text in solved.warnings:
        warnings.warn(SingularMatrixWarning(text), stacklevel=5)
