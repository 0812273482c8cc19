"""Octave 7's ``cov``, ``corr`` and ``corrcoef``: rows are observations, columns variables.

A row vector is one variable observed ``numel`` times (Octave 7's ``cov`` turns it into a
column). ``cov`` uses the conjugate transpose, ``c = xc' * xc / (n - 1 + opt)`` with ``xc`` the
centred data, so for complex data ``c(i, j) = sum(conj(xc(:, i)) .* xc(:, j))``: NumPy's
``np.cov`` conjugates the other factor (its result is the complex conjugate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    fmt_shape,
    fmt_value,
    quiet,
    resolve_index,
    scalar,
    window,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, products_line, section
from arraylens.frontends.octave.numpy_calls import Given, given, prepared


def _columns(a: np.ndarray) -> np.ndarray:
    """Octave's ``if (isrow (x)) x = x.'``: a 1xN row is N observations of one variable."""
    return a.T if a.shape[0] == 1 else a


def _centre(a: np.ndarray) -> np.ndarray:
    """``center(x, 1)``: each column minus its mean ``sum / n``."""
    return a - a.sum(axis=0, keepdims=True) / a.shape[0]


@dataclass(frozen=True)
class CovPlan:
    """``cov``/``corr`` of the columns of ``x`` (with those of ``y`` if given)."""

    fname: str
    x: np.ndarray
    y: np.ndarray | None
    opt: int
    given_x: Given
    given_y: Given | None

    @property
    def scalar_x(self) -> bool:
        return self.x.size == 1

    @property
    def out_shape(self) -> tuple[int, int]:
        if self.scalar_x:
            return (1, 1)
        nx = _columns(self.x).shape[1]
        ny = nx if self.y is None else _columns(self.y).shape[1]
        return (nx, ny)

    def _cov(self, xc: np.ndarray, yc: np.ndarray) -> np.ndarray:
        return np.asarray(xc.conj().T @ yc / (xc.shape[0] - 1 + self.opt))

    def _block(self, cols_x: slice, cols_y: slice) -> np.ndarray:
        """The kernel: the result for variables ``cols_x`` of x and ``cols_y`` of y (of x when
        ``y`` is None); :meth:`compute` asks for all of them, an explanation for a window."""
        xs = _columns(self.x)
        xc = _centre(xs[:, cols_x])
        if self.y is None and cols_x == cols_y:
            yc = xc
        else:
            yc = _centre((xs if self.y is None else _columns(self.y))[:, cols_y])
        c = self._cov(xc, yc)
        if self.y is None and c.dtype.kind == "c":
            # Octave computes x' * x with herk: the variances on the diagonal are exactly real.
            # A general BLAS product may leave ~1e-16 there, and differently for a window than
            # for the whole matrix.
            n = self.out_shape[0]
            on_diagonal = np.arange(n)[cols_x][:, None] == np.arange(n)[cols_y][None, :]
            c.imag[on_diagonal] = 0.0
        if self.fname != "corr":
            return c
        # the divisor of each corr element: s * s' with s = sqrt(diag(cov(x))), or
        # std(x)' * std(y)
        if self.y is None:
            same = cols_x == cols_y
            sx = np.sqrt(np.diag(c if same else self._cov(xc, xc)))
            sy = sx if same else np.sqrt(np.diag(self._cov(yc, yc)))
            scales = np.outer(sx, sy.conj())
        else:
            sx = np.sqrt((np.abs(xc) ** 2).sum(axis=0) / (xc.shape[0] - 1))
            sy = np.sqrt((np.abs(yc) ** 2).sum(axis=0) / (yc.shape[0] - 1))
            scales = np.outer(sx, sy)
        return np.asarray(c / scales)  # 0/0 is NaN, silently, as in Octave (@quiet)

    @quiet
    def compute(self) -> np.ndarray:
        dtype = self.x.dtype if self.y is None else np.result_type(self.x, self.y)
        if self.scalar_x:
            return np.full(
                (1, 1), 0.0 if self.fname == "cov" else 1.0, dtype=dtype.type(0).real.dtype
            )
        return self._block(slice(None), slice(None)).reshape(self.out_shape)

    def _element(self, i: int, j: int) -> complex | float:
        """Result element ``(i, j)``: :meth:`_block` on a window of two variables around each
        of i and j, O(observations) (BLAS may round it differently from the whole product in
        the last bits)."""
        if self.scalar_x:
            return scalar(self.compute()[i, j])
        (wi,), (li,) = window(self.out_shape[:1], (i,))
        (wj,), (lj,) = window(self.out_shape[1:], (j,))
        return scalar(self._block(wi, wj)[li, lj])

    def numpy_call(self) -> str:
        if self.scalar_x:
            return f"np.full((1, 1), {0.0 if self.fname == 'cov' else 1.0})"
        xs = prepared("x", self.given_x, self.x.shape, self.x.dtype)
        if self.x.shape[0] == 1:
            xs = f"{xs}.T"
        lines = [f"xc = {xs} - {xs}.mean(axis=0, keepdims=True)"]
        if self.y is None:
            lines.append("yc = xc")
        else:
            ys = prepared("y", self.given_y, self.y.shape, self.y.dtype) if self.given_y else "y"
            if self.y.shape[0] == 1:
                ys = f"{ys}.T"
            lines.append(f"yc = {ys} - {ys}.mean(axis=0, keepdims=True)")
        lines.append(f"c = xc.conj().T @ yc / (xc.shape[0] - {1 - self.opt})")
        if self.fname == "cov":
            lines.append("c")
        elif self.y is None:
            lines.append("s = np.sqrt(np.diag(c))")
            lines.append("c / np.outer(s, s.conj())")
        else:
            lines.append(
                "c / np.outer(np.sqrt((abs(xc) ** 2).sum(axis=0) / (len(xc) - 1)), "
                "np.sqrt((abs(yc) ** 2).sum(axis=0) / (len(yc) - 1)))"
            )
        return "\n".join(lines)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        i, j = resolve_index(at, self.out_shape)
        value = self._element(i, j)
        op = f"octave.{self.fname}"
        if self.scalar_x:
            expected = 0.0 if self.fname == "cov" else 1.0
            return OctaveExplanation(
                op=op,
                index=(i, j),
                value=value,
                expected=expected,
                summary=f"x is a scalar: Octave's {self.fname} returns {expected:g} without "
                f"computing",
                sections=(
                    section(
                        "Rule",
                        f"{self.fname}.m: 'Special case, scalar has "
                        f"{'zero covariance' if self.fname == 'cov' else '100% correlation'}'",
                    ),
                ),
            )
        cols_x = _columns(self.x)
        cols_y = cols_x if self.y is None else _columns(self.y)
        n = cols_x.shape[0]
        # Independent of compute(): means and centring per column, then the products one by one.
        xi = cols_x[:, i] - np.mean(cols_x[:, i])
        yj = cols_y[:, j] - np.mean(cols_y[:, j])
        den = n - 1 + self.opt
        scale: complex | float = 1.0
        if self.fname == "corr":
            if self.y is None:
                xii = cols_x[:, i] - np.mean(cols_x[:, i])
                yjj = cols_x[:, j] - np.mean(cols_x[:, j])
                si = np.sqrt(np.vdot(xii, xii) / den)
                sj = np.sqrt(np.vdot(yjj, yjj) / den)
                scale = complex(si * np.conj(sj))
            else:
                scale = float(
                    np.sqrt(np.sum(np.abs(xi) ** 2) / (n - 1))
                    * np.sqrt(np.sum(np.abs(yj) ** 2) / (n - 1))
                )
        row_x = self.x.shape[0] == 1
        row_y = self.y is not None and self.y.shape[0] == 1
        y_is_row = row_y if self.y is not None else row_x
        weights = yj / den / scale  # vectorised; the loop below only wraps them as terms
        firsts = np.conj(xi)
        terms = [
            OctaveTerm(
                (0, k) if row_x else (k, i),
                (0, k) if y_is_row else (k, j),
                scalar(firsts[k]),
                scalar(weights[k]),
            )
            for k in range(n)
        ]
        vname = "y" if self.y is not None else "x"
        observations = (
            f"x is a 1x{self.x.shape[1]} row vector: Octave 7 treats it as {self.x.shape[1]} "
            f"observations "
            "of ONE variable (a column)"
            if row_x
            else f"x is {fmt_shape(self.x.shape)}: {n} observations (rows) of {cols_x.shape[1]} "
            f"variables (columns)"
        )
        formula = (
            f"sum over k of conj(x(k,{i + 1}) - mean) * ({vname}(k,{j + 1}) - mean) / ({n} - 1"
            f"{' + 1' if self.opt else ''})"
        )
        lines = [observations, f"cov: {formula}"]
        if self.fname == "corr":
            divisor = (
                "sqrt(c(i,i)) * conj(sqrt(c(j,j)))"
                if self.y is None
                else "std(x(:,i)) * std(y(:,j))"
            )
            lines.append(f"corr divides by {divisor} = {fmt_value(scale)}")
        mean_i, mean_j = scalar(np.mean(cols_x[:, i])), scalar(np.mean(cols_y[:, j]))
        lines.append(
            f"means: {fmt_value(mean_i)} (variable {i + 1} of x), {fmt_value(mean_j)} "
            f"(variable {j + 1} of {vname})"
        )
        lines.append(f"= {products_line(terms)} = {fmt_value(value)}")
        notes = [
            "NumPy's np.cov treats ROWS as variables by default (rowvar=True); Octave's columns "
            "are "
            "the variables: np.cov(x, rowvar=False)",
            "for complex data Octave conjugates the FIRST factor (x' * x); np.cov conjugates "
            "the second",
            "opt=1 normalises by n instead of n - 1 (NumPy: bias=True or ddof=0)",
        ]
        return OctaveExplanation(
            op=op,
            index=(i, j),
            value=value,
            terms=terms,
            summary=f"{self.fname}(i={i + 1}, j={j + 1}): variables {i + 1} and {j + 1}, {n} "
            f"observations.",
            sections=(
                section("Observations", *lines),
                section("NumPy", *notes, *self.numpy_call().splitlines()),
            ),
            details={"observations": n, "normalisation": den},
        )


def _matrix(fname: str, v: Any, name: str) -> tuple[np.ndarray, Given]:
    source = given(v)
    a = as_octave_array(v, fname, name)
    if a.ndim != 2:
        raise ArgumentError(
            f"{fname}: X and Y must be 2-D matrices or vectors ({name} is {fmt_shape(a.shape)})"
        )
    return a, source


def _is_scalar_like(v: Any) -> bool:
    return bool(np.size(v) == 1)


@frontend("octave.cov")
def cov(x: Any, y: Any = None, opt: int | None = None) -> CovPlan:
    """Octave 7's ``cov(x)``, ``cov(x, opt)``, ``cov(x, y)``, ``cov(x, y, opt)``.

    Parameters
    ----------
    x : array_like, 2-d (real or complex)
        Rows are observations, columns variables; a 1xN row is one variable (N observations).
    y : array_like or None
        Second data set (same number of observations): the cross-covariance ``xc' * yc``. A
        scalar ``y`` with ``opt=None`` is Octave's ``cov(x, opt)``; a scalar ``y`` with an
        ``opt`` is ignored, as Octave 7 does.
    opt : {0, 1} or None
        0 (default): normalise by ``n - 1``; 1: by ``n``.

    Returns
    -------
    ndarray of shape (variables of x, variables of y)
        A scalar ``x`` gives ``[[0]]``.

    Raises
    ------
    ValueError
        Octave's messages: "X and Y must be 2-D matrices or vectors", "normalization OPT must be
        0 or 1", "X and Y must have the same number of observations"; empty input.

    Notes
    -----
    GNU Octave 7.3 ``cov.m`` (changed to MATLAB's meaning in Octave 8), proven against
    ``octave-cli`` 7.3 in the tests.
    """
    return _cov_plan("cov", x, y, opt)


def _cov_plan(fname: str, x: Any, y: Any, opt: Any) -> CovPlan:
    xa, gx = _matrix(fname, x, "X")
    ya: np.ndarray | None = None
    gy: Given | None = None
    if y is not None:
        ya, gy = _matrix(fname, y, "Y")
        if fname == "cov" and _is_scalar_like(y):
            if opt is None:
                opt = scalar(ya.ravel()[0])
            ya, gy = None, None
    if opt is None:
        opt = 0
    if opt not in (0, 1):
        raise ArgumentError(f"{fname}: normalization OPT must be 0 or 1, got {opt!r}")
    if ya is not None and xa.size != 1 and _columns(ya).shape[0] != _columns(xa).shape[0]:
        raise ArgumentError(f"{fname}: X and Y must have the same number of observations")
    return CovPlan(fname, xa, ya, int(opt.real) if isinstance(opt, complex) else int(opt), gx, gy)


@frontend("octave.corr")
def corr(x: Any, y: Any = None) -> CovPlan:
    """Octave 7's ``corr(x)`` / ``corr(x, y)``: correlation of the columns (rows are observations).

    ``corr(x)`` is ``c ./ (s * s')`` with ``c = cov(x)`` and ``s = sqrt(diag(c))``;
    ``corr(x, y)`` is ``cov(x, y) ./ (std(x)' * std(y))``. A constant column gives NaN (0/0); a
    scalar ``x`` gives ``[[1]]``. Same shapes and errors as :func:`cov`. GNU Octave 7.3
    ``corr.m``, proven against ``octave-cli`` in the tests.
    """
    return _cov_plan("corr", x, y, None)


@dataclass(frozen=True)
class CorrcoefPlan:
    """``corrcoef`` of the columns of ``x`` (Octave 7's ``corrcoef.m``, rows = "all")."""

    x: np.ndarray  # m x n, columns are the variables
    given_x: Given
    given_y: Given | None
    nan_result: bool

    @quiet
    def compute(self) -> np.ndarray:
        if self.nan_result:
            return np.full((1, 1), np.nan)
        n = self.x.shape[1]
        r = self._pairs(slice(None), slice(None))
        upper = np.triu(np.ones((n, n), dtype=bool), 1)
        r = np.where(upper, r, r.T)  # r(j,i) = r(i,j): mirrored, not conjugated
        diag = np.where(np.isnan(self.x).any(axis=0), np.nan, 1.0)
        r[np.diag_indices(n)] = diag
        # corrcoef.m fills r = eye(n), a double matrix: single inputs give a double result
        return np.asarray(r).astype(self._dtype())

    def _dtype(self) -> type[np.floating[Any]] | type[np.complexfloating[Any, Any]]:
        return np.complex128 if self.x.dtype.kind == "c" else np.float64

    def _pairs(self, cols_a: slice, cols_b: slice) -> np.ndarray:
        """The kernel: correlations of columns ``cols_a`` with columns ``cols_b`` (before
        corrcoef's mirroring and diagonal); all of them for :meth:`compute`, a window around
        one pair for an explanation."""
        m = self.x.shape[0]
        xa = _centre(self.x[:, cols_a])
        xb = xa if cols_a == cols_b else _centre(self.x[:, cols_b])
        c = xa.conj().T @ xb / (m - 1)
        sa = np.sqrt((np.abs(xa) ** 2).sum(axis=0) / (m - 1))
        sb = sa if cols_a == cols_b else np.sqrt((np.abs(xb) ** 2).sum(axis=0) / (m - 1))
        return np.asarray(c / np.outer(sa, sb))  # a constant column: 0/0 is NaN (@quiet)

    def _element(self, i: int, j: int) -> complex | float:
        """Result element ``(i, j)``, from the two columns (a window around each) only:
        O(observations) (BLAS may round it differently from the whole product in the last
        bits)."""
        if self.nan_result:
            return scalar(self.compute()[i, j])
        if i == j:
            diag = np.nan if np.isnan(self.x[:, i]).any() else 1.0
            return scalar(np.asarray(diag).astype(self._dtype()))
        a, b = (i, j) if i < j else (j, i)  # below the diagonal: the mirrored upper element
        n = self.x.shape[1]
        (wa,), (la,) = window((n,), (a,))
        (wb,), (lb,) = window((n,), (b,))
        return scalar(self._pairs(wa, wb)[la, lb].astype(self._dtype()))

    def numpy_call(self) -> str:
        if self.nan_result:
            return "np.full((1, 1), np.nan)"
        if self.given_y is None:
            src = (
                prepared("x", self.given_x, self.x.shape, self.x.dtype)
                if self.x.shape == self.given_x.shape
                else f"x.reshape({self.x.shape[0]}, {self.x.shape[1]}, order='F')"
            )
        else:
            src = "np.column_stack((np.ravel(x, order='F'), np.ravel(y, order='F')))"
        n = self.x.shape[1]
        return "\n".join(
            [
                f"xc = {src}; xc = xc - xc.mean(axis=0, keepdims=True)",
                "s = np.sqrt((abs(xc) ** 2).sum(axis=0) / (len(xc) - 1))",
                "r = xc.conj().T @ xc / (len(xc) - 1) / np.outer(s, s)",
                f"r = np.where(np.triu(np.ones(({n}, {n}), dtype=bool), 1), r, r.T)",
                f"r[np.diag_indices({n})] = np.where(np.isnan(xc).any(axis=0), np.nan, 1.0)",
                "r.astype(np.complex128 if r.dtype.kind == 'c' else np.float64)"
                if self.x.dtype in (np.float32, np.complex64)
                else "r",
            ]
        )

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        shape = (1, 1) if self.nan_result else (self.x.shape[1],) * 2
        i, j = resolve_index(at, shape)
        value = self._element(i, j)
        if self.nan_result:
            return OctaveExplanation(
                op="octave.corrcoef",
                index=(i, j),
                value=value,
                expected=float("nan"),
                summary="x is empty or a scalar: Octave's corrcoef returns NaN",
            )
        m = self.x.shape[0]
        a, b = (i, j) if i <= j else (j, i)
        if i == j:
            has_nan = bool(np.isnan(self.x[:, i]).any())
            return OctaveExplanation(
                op="octave.corrcoef",
                index=(i, j),
                value=value,
                expected=float("nan") if has_nan else 1.0,
                summary="a diagonal element: corrcoef starts from eye(n), so it is exactly 1 "
                + (
                    "except that column holds NaN, which makes it NaN"
                    if has_nan
                    else "(even for a constant column, where corr gives NaN)"
                ),
                sections=(
                    section("Rule", "corrcoef.m: r = eye(n); r(i,i) = NaN if any(isnan(x(:,i)))"),
                ),
            )
        xa = self.x[:, a] - np.mean(self.x[:, a])
        xb = self.x[:, b] - np.mean(self.x[:, b])
        sa = np.sqrt(np.sum(np.abs(xa) ** 2) / (m - 1))
        sb = np.sqrt(np.sum(np.abs(xb) ** 2) / (m - 1))
        terms = [
            OctaveTerm((k, a), (k, b), scalar(np.conj(xa[k])), scalar(xb[k] / (m - 1) / (sa * sb)))
            for k in range(m)
        ]
        lines = [
            f"r({i + 1},{j + 1}) = corr(x(:,{a + 1}), x(:,{b + 1})) = cov / (std * std) over "
            f"{m} observations",
            f"std(x(:,{a + 1})) = {fmt_value(float(sa))}, std(x(:,{b + 1})) = "
            f"{fmt_value(float(sb))}",
        ]
        if i > j:
            lines.append(
                "below the diagonal corrcoef copies r(j,i) (for complex data it is not conjugated)"
            )
        return OctaveExplanation(
            op="octave.corrcoef",
            index=(i, j),
            value=value,
            terms=terms,
            summary=f"correlation of columns {a + 1} and {b + 1}: rows are observations.",
            sections=(
                section("Pair", *lines),
                section(
                    "NumPy",
                    "np.corrcoef treats ROWS as variables by default: np.corrcoef(x, rowvar=False)",
                    "corrcoef expects observations, not a covariance matrix: corrcoef(cov(x)) is "
                    "not the correlation matrix of x",
                    *self.numpy_call().splitlines(),
                ),
            ),
            details={"columns": (a, b), "observations": m},
        )


@frontend("octave.corrcoef")
def corrcoef(x: Any, y: Any = None) -> CorrcoefPlan:
    """Octave 7's ``r = corrcoef(x)`` / ``corrcoef(x, y)`` (the default ``"rows", "all"``).

    Parameters
    ----------
    x : array_like, real or complex
        Rows are observations, columns variables; a row vector is one column; an N-d array is
        read as ``m x (numel / m)``, as Octave's ``[m, n] = size(x)`` does.
    y : array_like or None
        ``corrcoef(x, y)`` is ``corrcoef([x(:), y(:)])``; x and y must have the same number
        of elements.

    Returns
    -------
    ndarray (n, n)
        Off-diagonal: ``corr`` of the two columns; the diagonal is 1, or NaN for a column that
        holds NaN. Below the diagonal the upper value is copied (not conjugated). An empty or
        scalar ``x`` gives ``[[nan]]``.

    Raises
    ------
    ValueError
        "X and Y must be the same size".

    Notes
    -----
    GNU Octave 7.3 ``corrcoef.m``, proven against ``octave-cli`` in the tests.
    """
    given_x = given(x)
    given_y = None if y is None else given(y)
    xa = as_octave_array(x, "corrcoef", "X", allow_empty=True)
    if y is not None:
        ya = as_octave_array(y, "corrcoef", "Y", allow_empty=True)
        if xa.size > 0 and ya.size > 0 and xa.size != ya.size:
            raise ArgumentError("corrcoef: X and Y must be the same size")
        columns = [xa.ravel(order="F"), ya.ravel(order="F")]
        if xa.size == 0 or ya.size == 0:  # Octave's [x(:), y(:)] skips an empty operand
            columns = [c for c in columns if c.size] or columns
        xa = np.column_stack(columns)
    if xa.size <= 1:
        return CorrcoefPlan(xa, given_x, given_y, nan_result=True)
    if xa.shape[0] == 1 and xa.ndim == 2:
        xa = xa.T
    xa = np.ascontiguousarray(xa.reshape(xa.shape[0], -1, order="F"))
    return CorrcoefPlan(xa, given_x, given_y, nan_result=False)
