"""Octave's ``A \\ B`` (``mldivide``) and ``B / A`` (``mrdivide``): which solver, and why.

What a NumPy port gets wrong: ``np.linalg.solve`` refuses a singular or non-square matrix, where
Octave answers with the minimum-norm least-squares solution (``xGELSD``; for a singular square
matrix after the warning "matrix singular to machine precision"), and ``np.linalg.lstsq``'s
default cutoff (``eps * max(m, n)``) is not Octave's (LAPACK's ``rcond = -1``). ``B / A`` is
``(A.' \\ B.').'``, not ``np.linalg.solve(A, B)``. The solver rules are in
:mod:`arraylens.frontends.octave._linsolve`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocation
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    fmt_shape,
    fmt_value,
    octave_ref,
    quiet,
    resolve_index,
    scalar,
    to_integer_class,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, products_line, section
from arraylens.frontends.octave._linsolve import SingularMatrixWarning, Solved, emit, lstsq, solve
from arraylens.frontends.octave.numpy_calls import Given, given, prepared

__all__ = ["SingularMatrixWarning", "mldivide", "mrdivide"]

REASONS = {
    "rectangular": "A is {shape}, not square: Octave solves it as minimum-norm least squares "
    "(LAPACK xGELSD, rcond = -1: singular values up to machine epsilon times the largest count "
    "as zero)",
    "upper": "A is square and upper triangular with no zero on its diagonal: back substitution (LAPACK xTRTRS)",
    "lower": "A is square and lower triangular with no zero on its diagonal: forward substitution (LAPACK xTRTRS)",
    "hermitian": "A is square, {sym} with a positive diagonal and |a(i,j)|^2 < a(i,i) a(j,j): "
    "Cholesky (LAPACK xPOTRF/xPOTRS)",
    "full": "A is square with no structure Octave uses: LU with partial pivoting (LAPACK xGETRF/xGETRS)",
}


PATH_NAMES = {
    "upper": "back substitution (triangular A)",
    "lower": "forward substitution (triangular A)",
    "cholesky": "Cholesky (symmetric positive definite A)",
    "lu": "LU",
    "lu-singular": "least squares after LU met a zero pivot",
    "lu-nan": "least squares, A holding NaN (Octave skips LU)",
    "lstsq": "minimum-norm least squares",
    "empty": "an empty solve",
}


def octave_type_name(x: np.ndarray) -> str:
    """Octave's name of a value's type in operator errors: ``matrix``, ``complex scalar``,
    ``float matrix``, ``int8 scalar``... (a logical operand is named as the double it is
    converted to)."""
    one = x.size == 1
    if x.dtype.kind == "b":  # Octave converts a logical operand to double before it gives up
        return "scalar" if one else "matrix"
    if x.dtype.kind in "iu":
        return f"{x.dtype.name} {'scalar' if one else 'matrix'}"
    name = ("float " if x.dtype in (np.float32, np.complex64) else "") + ("complex " if x.dtype.kind == "c" else "")
    return name + ("scalar" if one else "matrix")


def _as_matrix(x: np.ndarray) -> np.ndarray:
    """Octave's 2-d view of an N-d operand: rows by the product of the other dimensions."""
    return x if x.ndim == 2 else x.reshape(x.shape[0], -1, order="F")


def _float_class(*xs: np.ndarray) -> tuple[np.ndarray, ...]:
    """Logical becomes double; single if either is single (the double one is converted)."""
    single = any(x.dtype in (np.float32, np.complex64) for x in xs)
    out = []
    for x in xs:
        if x.dtype.kind == "b":
            x = x.astype(np.float64)
        if single and x.dtype == np.float64:
            x = x.astype(np.float32)
        elif single and x.dtype == np.complex128:
            x = x.astype(np.complex64)
        out.append(x)
    return tuple(out)


def _matrix_source(name: str, source: Given, shape: tuple[int, ...], dtype: Any) -> str:
    """NumPy code for an operand as Octave's 2-d matrix (N-d folded column-major)."""
    src = prepared(name, source, shape, dtype)
    if len(shape) > 2:
        src = f"({src}).reshape({shape[0]}, -1, order='F')"
    return src


@dataclass(frozen=True)
class DividePlan:
    """``a \\ b`` (``left``) or ``b / a``; ``a`` is the matrix that divides."""

    a: np.ndarray  # Octave's value (class kept)
    b: np.ndarray
    left: bool
    a_given: Given
    b_given: Given

    @property
    def op(self) -> str:
        return "\\" if self.left else "/"

    @property
    def fname(self) -> str:
        return "mldivide" if self.left else "mrdivide"

    @property
    def scalar_divisor(self) -> bool:
        return self.a.size == 1

    @property
    def int_class(self) -> np.dtype[Any] | None:
        kinds = [x.dtype for x in (self.a, self.b) if x.dtype.kind in "iu"]
        return kinds[0] if kinds else None

    # ----- the computation -------------------------------------------------------------
    def _scalar_quotient(self, b: np.ndarray) -> np.ndarray:
        a = self.a.reshape(())
        if self.int_class is not None:
            q = b.astype(np.float64) / a.astype(np.float64)
            return to_integer_class(q, self.int_class)
        fa, fb = _float_class(self.a, b)
        return fb / fa.reshape(())

    def matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """(A, rhs) of the solve: rhs is ``B`` for ``A \\ B`` and ``B.'`` for ``B / A``."""
        a, b = _float_class(_as_matrix(self.a), _as_matrix(self.b))
        return a, (b if self.left else b.T)

    def solved(self, rhs: np.ndarray | None = None) -> Solved:
        a, full_rhs = self.matrices()
        return solve(a, full_rhs if rhs is None else rhs, trans=not self.left)

    @quiet
    def compute(self) -> np.ndarray:
        if self.scalar_divisor:
            return self._scalar_quotient(self.b)
        s = self.solved()
        emit(s)
        return s.x if self.left else s.x.T

    # ----- NumPy ---------------------------------------------------------------------
    def _sources(self) -> tuple[str, str]:
        a_name, b_name = "a", "b"
        fa, fb = _float_class(self.a, self.b)
        return (
            _matrix_source(a_name, self.a_given, self.a.shape, fa.dtype),
            _matrix_source(b_name, self.b_given, self.b.shape, fb.dtype),
        )

    def numpy_call(self) -> str:
        if self.scalar_divisor:
            return self._scalar_numpy()
        a_src, b_src = self._sources()
        a, b = self.matrices()
        s = self.solved()
        rhs = b_src if self.left else f"{b_src}.T"
        lines = ["import scipy.linalg"]
        mat = "A" if s.path in ("upper", "lower") or self.left else "A.T"
        lines.append(f"A = {a_src}")
        stacked = np.iscomplexobj(b) and not np.iscomplexobj(a)
        if stacked:
            k = b.shape[1]
            lines.append(f"B = np.concatenate([({rhs}).real, ({rhs}).imag], axis=1)")
        else:
            lines.append(
                f"B = {rhs}" + (f".astype(np.{a.dtype.name})" if a.dtype.kind == "c" and b.dtype.kind != "c" else "")
            )
        if s.path == "empty":
            expr = f"np.zeros(({a.shape[1]}, {b.shape[1]}), dtype=np.{s.x.dtype.name})"
        elif s.path in ("upper", "lower"):
            expr = (
                f"scipy.linalg.solve_triangular(A, B, trans={0 if self.left else 1}, "
                f"lower={s.path == 'lower'}, check_finite=False)"
            )
        elif s.path == "cholesky":
            factor = f"scipy.linalg.cho_factor({mat}, lower=True, check_finite=False)"
            expr = f"scipy.linalg.cho_solve({factor}, B, check_finite=False)"
        elif s.path == "lu":
            factor = f"scipy.linalg.lu_factor({mat}, check_finite=False)"
            expr = f"scipy.linalg.lu_solve({factor}, B, check_finite=False)"
        elif s.lstsq_special == "inf":
            expr = f"np.zeros(({s.x.shape[0]}, B.shape[1]), dtype=B.dtype)"
        elif s.lstsq_special == "nan":
            expr = f"np.full(({s.x.shape[0]}, B.shape[1]), np.nan, dtype=B.dtype)"
        elif s.x.size == 0 or a.size == 0:
            expr = f"np.zeros(({s.x.shape[0]}, B.shape[1]), dtype=np.result_type(A, B))"
        else:
            expr = f"scipy.linalg.lstsq({mat}, B, cond=-1, lapack_driver='gelsd', check_finite=False)[0]"
        lines.append(f"x = {expr}")
        if stacked:
            lines.append(f"x, xi = x[:, :{k}].astype(np.{s.x.dtype.name}), x[:, {k}:]")
            lines.append("x.imag = xi")
        lines.append("x" if self.left else "x.T")
        return "\n".join(lines)

    def _scalar_numpy(self) -> str:
        fa, fb = _float_class(self.a, self.b)
        if self.int_class is not None:
            a_src = prepared("a", self.a_given, self.a.shape, np.float64)
            b_src = prepared("b", self.b_given, self.b.shape, np.float64)
            from arraylens.frontends.octave.numpy_calls import octave_integer

            q = f"(np.asarray({b_src}, dtype=float) / np.asarray({a_src}, dtype=float))"
            return octave_integer(q, self.int_class)
        a_src = prepared("a", self.a_given, self.a.shape, fa.dtype)
        b_src = prepared("b", self.b_given, self.b.shape, fb.dtype)
        return f"{b_src} / {a_src}"

    # ----- explanation -------------------------------------------------------------------
    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        if self.scalar_divisor:
            return self._explain_scalar(at)
        a, rhs_all = self.matrices()
        out_shape = (a.shape[1], rhs_all.shape[1]) if self.left else (rhs_all.shape[1], a.shape[0])
        idx = resolve_index(at, out_shape)
        i, j = idx
        # The element is taken from the solve of all of B: LAPACK's blocked triangular solves
        # round a column differently when it is solved alone, so the whole solve is needed
        # for the call's exact value (O(size of A and B), as the solve itself).
        col = j if self.left else i
        pos = i if self.left else j
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = self.solved()
            inv = self._inverse(a, rhs_all.shape[0])
        value = scalar(s.x[pos, col])
        rhs = rhs_all[:, col]
        name = octave_ref("x", idx)
        bref = f"b(:,{j + 1})" if self.left else f"b({i + 1},:)"
        terms: list[OctaveTerm] = []
        expected: complex | float | None = None
        inv_name = "pinv(A)" if s.path in ("lstsq", "lu-singular") else "inv(A)"
        if s.lstsq_special:
            expected = 0.0 if s.lstsq_special == "inf" else float("nan")
            how = (
                f"A's 1-norm is {'Inf' if s.lstsq_special == 'inf' else 'NaN'}: Octave's "
                f"least-squares solve returns {'zeros' if s.lstsq_special == 'inf' else 'NaN'} "
                f"without calling xGELSD"
            )
        else:
            if self.left:  # x(i,j) = sum_k inv(i,k) b(k,j)
                terms = [OctaveTerm((k, j), (i, k), scalar(rhs[k]), scalar(inv.x[pos, k])) for k in range(rhs.shape[0])]
                how = f"{name} = row {i + 1} of {inv_name} times {bref}"
            else:  # x(i,j) = sum_k b(i,k) inv(k,j); inv here is (A.') \ I = inv(A).'
                terms = [OctaveTerm((i, k), (k, j), scalar(rhs[k]), scalar(inv.x[pos, k])) for k in range(rhs.shape[0])]
                how = f"{name} = {bref} times column {j + 1} of {inv_name}"
            how += f" (from the same factorisation): {products_line(terms)} = {fmt_value(value)}"
        with np.errstate(all="ignore"):
            xs = s.x[:, col]
            resid = a.T @ xs - rhs if not self.left else a @ xs - rhs
            residual = float(np.linalg.norm(resid)) if resid.size else 0.0
        reason = REASONS[s.kind].format(
            shape=fmt_shape(a.T.shape if not self.left else a.shape),
            sym="Hermitian" if a.dtype.kind == "c" else "symmetric",
        )
        path_lines = [reason]
        if s.cholesky_failed:
            path_lines.append("Cholesky failed or was too ill-conditioned, so Octave went on to LU")
        nan_skip = s.path == "lu-singular" and s.lstsq_special == "nan"
        if nan_skip:
            path_lines.append(
                "A holds NaN (its 1-norm is NaN): Octave skips LU, warns 'matrix singular to "
                "machine precision' and goes to least squares, whose answer is then all NaN"
            )
        elif s.path == "lu-singular":
            path_lines.append(
                "LU met an exactly zero pivot: Octave warns 'matrix singular to machine "
                "precision' and returns the minimum-norm least-squares solution (xGELSD)"
            )
        if s.rcond is not None:
            if s.path in ("lstsq", "lu-singular") and s.rank is not None:
                path_lines.append(f"xGELSD: rank {s.rank}, smallest / largest singular value = {s.rcond:g}")
            elif s.path not in ("lstsq", "lu-singular", "empty"):
                path_lines.append(f"reciprocal condition number (1-norm estimate) rcond = {s.rcond:g}")
        for text in s.warnings:
            path_lines.append(f"Octave warns: warning: {text}")
        numpy_lines = [self._numpy_contrast(s)]
        numpy_lines += self.numpy_call().splitlines()
        op = f"octave.{self.fname}"
        expr = "A \\ B" if self.left else "B / A"
        return OctaveExplanation(
            op=op,
            index=idx,
            value=value,
            terms=terms,
            expected=expected,
            summary=f"{expr} by {PATH_NAMES['lu-nan' if nan_skip else s.path]}; {name} = {fmt_value(value)}.",
            sections=(
                section("Solver", *path_lines),
                section(
                    "Element",
                    how,
                    f"residual of this {'column' if self.left else 'row'}: norm("
                    + ("A*x(:,j) - b(:,j)" if self.left else "x(i,:)*A - b(i,:)")
                    + f") = {residual:.3g}",
                ),
                section("NumPy equivalent", *numpy_lines),
            ),
            details={
                "path": s.path,
                "matrix_type": s.kind,
                "rcond": s.rcond,
                "warnings": s.warnings,
                "residual": residual,
                "rank": s.rank,
            },
        )

    def _inverse(self, a: np.ndarray, rows: int) -> Solved:
        """``A \\ I`` (``A.' \\ I`` for ``B / A``) by the same solver: the inverse, or the
        pseudo-inverse xGELSD applies; a tall matrix's as the transpose of its transpose's,
        so that no rows x rows identity is made."""
        m = a if self.left else a.T
        if m.shape[0] > m.shape[1]:
            x, special, rcond, rank = lstsq(m.T, np.eye(m.shape[1], dtype=m.dtype))
            return Solved(x.T, "lstsq", "rectangular", rcond, (), lstsq_special=special, rank=rank)
        return self.solved(np.eye(rows, dtype=a.dtype))

    def _numpy_contrast(self, s: Solved) -> str:
        if s.kind == "rectangular":
            return (
                "np.linalg.solve refuses a non-square matrix (LinAlgError); Octave's answer is "
                "np.linalg.lstsq(A, B, rcond=-1)[0] (NumPy's default rcond, eps*max(m, n), may "
                "drop more singular values)" + ("" if self.left else "; for B / A solve A.T, then transpose")
            )
        if s.path == "lu-singular" and s.lstsq_special == "nan":
            return (
                "np.linalg.solve(A, B) factors a matrix holding NaN and may leave finite entries; "
                "Octave's answer is all NaN"
            )
        if s.path == "lu-singular":
            return (
                "np.linalg.solve raises LinAlgError('Singular matrix') here; Octave's answer is "
                "the least-squares one, np.linalg.lstsq(A, B, rcond=-1)[0]"
            )
        same = (
            "np.linalg.solve(A, B) gives the same solution up to rounding (it uses LU for every square matrix)"
            if self.left
            else "B / A is np.linalg.solve(A.T, B.T).T, not np.linalg.solve(A, B) (that would be A \\ B)"
        )
        if s.warnings:
            same += (
                "; it warns about nothing, and np.linalg.lstsq would give a different "
                "(minimum-norm) answer: Octave keeps this solve's answer, with its warning"
            )
        return same

    def _explain_scalar(self, at: Sequence[int]) -> OctaveExplanation:
        shape = self.b.shape
        idx = resolve_index(at, shape)
        bv = self.b[idx]
        value = scalar(self._scalar_quotient(np.asarray(bv).reshape(1, 1))[0, 0])
        av = scalar(self.a.reshape(()))
        bs = scalar(bv)
        if self.int_class is not None:
            with np.errstate(all="ignore"):  # a zero divisor: +-Inf (saturated) or NaN (0)
                q = float(np.float64(np.real(bs)) / np.float64(np.real(av)))
            expected: Any = scalar(to_integer_class(np.asarray(q), self.int_class))
            rule = (
                f"an integer class: the quotient {fmt_value(q)} rounded half away from zero and "
                f"saturated to {self.int_class.name}"
            )
        else:
            fb, fa = _float_class(np.asarray(bv), self.a)
            if av != 0 and np.isfinite(complex(av)) and np.isfinite(complex(bs)):
                expected = scalar(fb) / scalar(fa.reshape(()))  # Python's division, independently
            else:
                with np.errstate(all="ignore"):  # IEEE: x/0 is +-Inf or NaN
                    expected = scalar(fb / fa.reshape(()))
            rule = "elementwise division by the scalar, like ./"
        expr = f"{fmt_value(av)} \\ b" if self.left else f"b / {fmt_value(av)}"
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{expr} with a scalar divisor is elementwise: {octave_ref('x', idx)} = "
            f"{fmt_value(bs)} / {fmt_value(av)} = {fmt_value(value)}.",
            sections=(
                section("Solver", f"the divisor is a scalar: {rule}"),
                section("Element", f"{octave_ref('x', idx)} = {fmt_value(bs)} / {fmt_value(av)} = {fmt_value(value)}"),
                section("NumPy equivalent", self.numpy_call()),
            ),
            details={"path": "scalar"},
        )


def _plan(fname: str, a: Any, b: Any, left: bool) -> DividePlan:
    op = "\\" if left else "/"
    ga, gb = given(a), given(b)
    aa = as_octave_array(a, fname, "A", allow_empty=True, keep_class=True)
    bb = as_octave_array(b, fname, "B", allow_empty=True, keep_class=True)
    first, second = (aa, bb) if left else (bb, aa)
    ints = [x.dtype for x in (aa, bb) if x.dtype.kind in "iu"]
    if ints and (aa.size != 1 or (len(ints) == 2 and ints[0] != ints[1]) or any(x.dtype.kind == "c" for x in (aa, bb))):
        raise ArgumentError(
            f"binary operator '{op}' not implemented for '{octave_type_name(first)}' by "
            f"'{octave_type_name(second)}' operations"
        )
    if any(d.itemsize == 8 for d in ints):
        raise ArgumentError(
            f"{fname}: arraylens.octave does not reproduce division in the {ints[0].name} "
            f"class (Octave divides 64-bit integers without going through double)"
        )
    if aa.size != 1:
        ma, mb = _as_matrix(aa), _as_matrix(bb)
        ok = ma.shape[0] == mb.shape[0] if left else ma.shape[1] == mb.shape[1]
        if not ok:
            f2, s2 = (ma, mb) if left else (mb, ma)
            raise ArgumentError(
                f"operator {op}: nonconformant arguments (op1 is {fmt_shape(f2.shape)}, op2 is {fmt_shape(s2.shape)})"
            )
        rows, cols = (ma.shape[1], mb.shape[1]) if left else (mb.shape[0], ma.shape[0])
        inner = ma.shape[0] if left else ma.shape[1]
        dtype = np.result_type(*_float_class(ma[:0, :0], mb[:0, :0]))
        check_allocation((rows, cols), dtype, f"the result of {fname}")
        check_allocation((max(rows, inner), cols), dtype, f"the least-squares work array of {fname}")
    return DividePlan(aa, bb, left, ga, gb)


@frontend("octave.mldivide")
def mldivide(a: Any, b: Any) -> DividePlan:
    """Octave's ``a \\ b`` (``mldivide(a, b)``): the solution of ``a * x = b``.

    Parameters
    ----------
    a : array_like, m x n (a 1-d array is a 1xN row; N-d is read as m x prod(rest), as Octave does)
        The coefficient matrix; a 1x1 ``a`` divides ``b`` elementwise (``b ./ a``).
    b : array_like, m x k

    Returns
    -------
    ndarray
        n x k. Square ``a``: triangular substitution, Cholesky or LU, as Octave's
        ``MatrixType`` probe decides; non-square, or square with an exactly zero LU pivot: the
        minimum-norm least-squares solution (LAPACK ``xGELSD``, ``rcond = -1``). Double, or
        single when either operand is single; complex when either is complex; logical is
        double; an integer class only with a scalar ``a`` (rounded half away, saturated).

    Warns
    -----
    SingularMatrixWarning
        Octave's "warning: matrix singular to machine precision" (with ``, rcond = R`` when
        the reciprocal condition number is below machine precision but not 0).

    Raises
    ------
    ValueError
        Octave's ``operator \\: nonconformant arguments (op1 is 2x2, op2 is 3x1)``; Octave's
        ``binary operator '\\' not implemented for 'int8 matrix' by 'matrix' operations`` for
        an integer-class matrix; 64-bit integer division (not reproduced).
    TypeError
        Non-numeric input.

    Notes
    -----
    GNU Octave 7.3 ``xleftdiv`` / ``Matrix::solve`` (``liboctave/array/dMatrix.cc``), proven
    against ``octave-cli`` in the tests.
    """
    return _plan("mldivide", a, b, left=True)


@frontend("octave.mrdivide")
def mrdivide(b: Any, a: Any) -> DividePlan:
    """Octave's ``b / a`` (``mrdivide(b, a)``): the solution of ``x * a = b``, computed as
    ``(a.' \\ b.').'``.

    Parameters
    ----------
    b : array_like, k x n
    a : array_like, m x n (the divisor; 1x1 divides ``b`` elementwise)

    Returns
    -------
    ndarray
        k x m, with :func:`mldivide`'s solver rules applied to ``a.'`` (a triangular ``a`` is
        solved through ``xTRTRS`` with ``trans='T'``) and its classes.

    Warns, Raises
    -------------
    As :func:`mldivide`, with ``operator /: nonconformant arguments (op1 is BxB, op2 is AxA)``.

    Notes
    -----
    GNU Octave 7.3 ``xdiv`` (``libinterp/corefcn/xdiv.cc``), proven against ``octave-cli``.
    """
    return _plan("mrdivide", a, b, left=False)
