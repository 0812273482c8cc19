"""NumPy front-end: ``argmax``, ``argmin``, ``amax``, ``amin``, ``cov``, ``corrcoef``.

Each function has NumPy 2.x's name, parameters, defaults, results and error messages, and an
``explain(..., at=INDEX)`` that says where the output element at ``INDEX`` comes from. The
reductions use :mod:`arraylens.ops.extremes.kernel`; ``cov``/``corrcoef`` follow
``numpy/lib/_function_base_impl.py`` (NumPy 2.x) step by step, without frequency or
analytic weights (``fweights``/``aweights`` are not offered).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation
from arraylens.core.frontend import check_index, frontend
from arraylens.core.registry import Cli, Entry, Option, register
from arraylens.ops.covariance.explain import explain_corrcoef, explain_cov
from arraylens.ops.extremes.explain import explain_extreme
from arraylens.ops.extremes.kernel import Mode, check_values, extreme_with_index, normalize_axes


class ExtremePlan:
    """``np.argmax``/``argmin``/``amax``/``amin`` translated: array, axes, what is returned."""

    def __init__(
        self,
        op: str,
        a: Any,
        axis: int | Sequence[int] | None,
        keepdims: bool,
        mode: Mode,
        returns: str,
    ) -> None:
        self.op = op
        self.a = check_values(a)
        self.axes = normalize_axes(axis, self.a.ndim)
        self.keepdims = bool(keepdims)
        self.mode: Mode = mode
        self.returns = returns  # "index" or "value"

    def _reduce(self) -> tuple[np.ndarray, np.ndarray]:
        if self.returns == "value" and any(self.a.shape[ax] == 0 for ax in self.axes):
            ufunc = "maximum" if self.mode == "max" else "minimum"
            raise ArgumentError(
                f"zero-size array to reduction operation {ufunc} which has no identity"
            )
        return extreme_with_index(
            self.a, self.axes, mode=self.mode, nan="propagate", keepdims=self.keepdims
        )

    def compute(self) -> Any:
        values, indices = self._reduce()
        out = indices if self.returns == "index" else values
        return out[()] if out.ndim == 0 else out

    def output_shape(self) -> tuple[int, ...]:
        shape = self.a.shape
        if self.keepdims:
            return tuple(1 if ax in self.axes else n for ax, n in enumerate(shape))
        return tuple(n for ax, n in enumerate(shape) if ax not in self.axes)

    def explain(self, at: Sequence[int]) -> Explanation:
        index = check_index(at, self.output_shape())
        kept = [ax for ax in range(self.a.ndim) if ax not in self.axes]
        if self.keepdims:
            kept_index = tuple(index[ax] for ax in kept)
        else:
            kept_index = index
        return explain_extreme(
            self.op, self.a, self.axes, kept_index, index, self.mode, self.returns
        )


def _extreme(
    op: str, mode: Mode, returns: str, a: Any, axis: Any, keepdims: Any, out: Any
) -> ExtremePlan:
    if out is not None:
        raise ArgumentTypeError(f"{op}: the 'out' argument is not supported by arraylens; use the result")
    if returns == "index" and axis is not None and not isinstance(axis, int | np.integer):
        raise ArgumentTypeError(f"{op}: axis must be an integer or None, got {axis!r}")
    return ExtremePlan(op, a, axis, keepdims, mode, returns)


@frontend("np.argmax")
def argmax(
    a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False
) -> ExtremePlan:
    """Indices of the maximum values along an axis, as ``numpy.argmax`` (NumPy 2.x).

    Parameters
    ----------
    a : array_like
        Bool, integer, float or complex values, any shape.
    axis : int or None
        The axis to reduce; ``None`` gives the index into the flattened (C-order) array.
    out : None
        Not supported (NumPy's output buffer); passing one raises ``TypeError``.
    keepdims : bool
        Keep the reduced axis with length 1.

    Returns
    -------
    ndarray of intp, or an intp scalar when ``axis`` is None.
        Ties give the first index; a slice holding NaN gives the index of its first NaN.

    Raises
    ------
    ValueError
        "attempt to get argmax of an empty sequence" for an empty reduced axis.
    numpy.exceptions.AxisError
        For an axis out of range, with NumPy's wording.

    ``argmax.explain(a, axis=..., at=INDEX)`` names the winning element of that slice, the
    runner-up, and the tie/NaN rule that applied.
    """
    return _extreme("np.argmax", "max", "index", a, axis, keepdims, out)


@frontend("np.argmin")
def argmin(
    a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False
) -> ExtremePlan:
    """Indices of the minimum values along an axis, as ``numpy.argmin`` (NumPy 2.x).

    Same parameters, rules and errors as :func:`argmax`, with "smallest" for "largest".
    """
    return _extreme("np.argmin", "min", "index", a, axis, keepdims, out)


@frontend("np.amax")
def amax(
    a: Any, axis: int | Sequence[int] | None = None, out: None = None, keepdims: bool = False
) -> ExtremePlan:
    """Maximum of an array or along axes, as ``numpy.amax``/``numpy.max`` (NumPy 2.x).

    Parameters
    ----------
    a : array_like
        Bool, integer, float or complex values.
    axis : int, tuple of int or None
        The reduced axes; ``None`` reduces all.
    out : None
        Not supported; ``initial`` and ``where`` are not offered either.
    keepdims : bool
        Keep the reduced axes with length 1.

    Returns
    -------
    ndarray or scalar of ``a``'s dtype; NaN propagates (a slice with a NaN gives NaN).

    Raises
    ------
    ValueError
        For an empty reduced extent ("zero-size array to reduction operation maximum which has
        no identity", NumPy's words), or a repeated axis ("duplicate value in 'axis'").
    numpy.exceptions.AxisError
        For an axis out of range.
    """
    return _extreme("np.amax", "max", "value", a, axis, keepdims, out)


@frontend("np.amin")
def amin(
    a: Any, axis: int | Sequence[int] | None = None, out: None = None, keepdims: bool = False
) -> ExtremePlan:
    """Minimum of an array or along axes, as ``numpy.amin``/``numpy.min`` (NumPy 2.x).

    Same parameters, rules and errors as :func:`amax`, with "smallest" for "largest".
    """
    return _extreme("np.amin", "min", "value", a, axis, keepdims, out)


class CovPlan:
    """``np.cov``/``np.corrcoef`` translated: variables in rows of ``X`` (observations in columns).

    ``X`` is built as NumPy builds it: ``m`` as at least 2-D in the computing dtype, transposed
    when ``rowvar`` is False (and ``m`` is 2-D), then ``y``'s variables appended as rows.
    """

    def __init__(
        self,
        op: str,
        m: Any,
        y: Any,
        rowvar: bool,
        bias: bool,
        ddof: int | None,
        dtype: Any,
        correlation: bool,
    ) -> None:
        if ddof is not None and ddof != int(ddof):
            raise ArgumentError("ddof must be integer")
        self.op = op
        self.correlation = correlation
        self.rowvar = bool(rowvar)
        self.m = check_values(m, "m")
        if self.m.ndim > 2:
            raise ArgumentError("m has more than 2 dimensions")
        self.y = None if y is None else check_values(y, "y")
        if self.y is not None and self.y.ndim > 2:
            raise ArgumentError("y has more than 2 dimensions")
        if dtype is None:
            if self.y is None:
                dtype = np.result_type(self.m, np.float64)
            else:
                dtype = np.result_type(self.m, self.y, np.float64)
        X = np.array(self.m, ndmin=2, dtype=dtype)
        if not rowvar and self.m.ndim != 1:
            X = X.T
        self.m_variables = X.shape[0]
        if self.y is not None and X.shape[0] != 0:
            Y = np.array(self.y, ndmin=2, dtype=dtype)
            if not rowvar and Y.shape[0] != 1:
                Y = Y.T
            if Y.shape[1] != X.shape[1]:
                raise ArgumentError(
                    f"m and y must hold the same number of observations: m has {X.shape[1]}, "
                    f"y has {Y.shape[1]} (rowvar={bool(rowvar)})"
                )
            X = np.concatenate((X, Y), axis=0)
        self.X = X
        self.ddof = int(ddof) if ddof is not None else (1 if bias == 0 else 0)

    @property
    def divisor(self) -> float:
        """``n - ddof``, or 0.0 (NumPy's choice) when that is not positive."""
        fact = self.X.shape[1] - self.ddof
        return float(fact) if fact > 0 else 0.0

    def covariance(self, X: np.ndarray | None = None) -> np.ndarray:
        """The (unsqueezed) covariance matrix of the variables ``X`` (default all of them,
        ``self.X``), with NumPy's arithmetic order."""
        X = self.X if X is None else X
        if X.shape[0] == 0:
            return np.array([]).reshape(0, 0)
        fact: float = X.shape[1] - self.ddof
        if fact <= 0:
            warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=4)
            fact = 0.0
        X = X - X.mean(axis=1)[:, None]
        c = np.dot(X, X.T.conj())
        c *= np.true_divide(1, fact)
        return c

    def compute(self) -> Any:
        if self.X.shape[0] == 0:
            return self.covariance()
        return self._result(self.X)

    def element(self, i: int, j: int) -> float:
        """Result element ``(i, j)``: :meth:`compute`'s code on a few variables only, two
        around ``i`` and two around ``j`` (not one each, so that the sub-matrix keeps the
        layout of ``X`` and NumPy's means round as for the whole matrix). O(observations),
        not O(variables^2 x observations); BLAS may round this small product and the whole
        one differently in the last bits."""
        n_var = self.X.shape[0]
        if n_var == 0:
            return float(np.asarray(self.compute())[()])
        starts = {max(min(k, n_var - 2), 0) for k in (i, j)}
        rows = sorted({v for start in starts for v in range(start, min(start + 2, n_var))})
        X = self.X[rows]
        if self.X.flags.f_contiguous and not self.X.flags.c_contiguous:
            X = np.asfortranarray(X)  # rowvar=False: X is a transposed view, keep that layout
        r = np.asarray(self._result(X))
        return float(r[rows.index(i), rows.index(j)] if r.ndim else r)

    def _result(self, X: np.ndarray) -> Any:
        """np.cov or np.corrcoef of the variables (rows) ``X``, squeezed."""
        c = self.covariance(X).squeeze()
        if not self.correlation:
            return c
        if c.ndim == 0:
            return c / c
        stddev = np.sqrt(np.diag(c).real)
        c /= stddev[:, None]
        c /= stddev[None, :]
        np.clip(c.real, -1, 1, out=c.real)
        if np.iscomplexobj(c):
            np.clip(c.imag, -1, 1, out=c.imag)
        return c

    def explain(self, at: Sequence[int]) -> Explanation:
        n_var = self.X.shape[0]
        shape = (n_var, n_var) if n_var != 1 else ()  # no variables: an empty (0, 0) result
        index = check_index(at, shape)
        i, j = index if index else (0, 0)
        if np.iscomplexobj(self.X):
            raise ArgumentTypeError(
                f"{self.op}.explain supports real inputs only; the call itself accepts complex"
            )
        if self.correlation:
            return explain_corrcoef(self, index, i, j)
        return explain_cov(self, index, i, j)


@frontend("np.cov")
def cov(
    m: Any,
    y: Any = None,
    rowvar: bool = True,
    bias: bool = False,
    ddof: int | None = None,
    *,
    dtype: Any = None,
) -> CovPlan:
    """Covariance matrix, as ``numpy.cov`` (NumPy 2.x), without ``fweights``/``aweights``.

    Parameters
    ----------
    m : array_like, 1-D or 2-D
        Variables and observations: with ``rowvar=True`` (the default) each row is a variable
        and each column an observation; with ``rowvar=False`` the other way round.
    y : array_like, optional
        More variables, in the same layout as ``m``; they follow ``m``'s variables.
    rowvar : bool
        Whether variables are rows (True) or columns (False).
    bias : bool
        Divide by ``n`` instead of ``n - 1`` (when ``ddof`` is None).
    ddof : int, optional
        Divide by ``n - ddof``; overrides ``bias``.
    dtype : dtype, optional
        Computing dtype; default ``np.result_type(m, y, np.float64)``.

    Returns
    -------
    ndarray, shape (V, V)
        ``C_ij = sum_k (x_ik - mean_i)(x_jk - mean_j)* / (n - ddof)``, squeezed (one variable
        gives a 0-d array). A divisor ``n - ddof <= 0`` warns "Degrees of freedom <= 0 for
        slice" and divides by 0, as NumPy.

    Raises
    ------
    ValueError
        "m has more than 2 dimensions", "y has more than 2 dimensions", "ddof must be integer"
        (NumPy's messages), or ``m`` and ``y`` with different numbers of observations.
    TypeError
        For non-numeric input.
    """
    return CovPlan("np.cov", m, y, rowvar, bias, ddof, dtype, correlation=False)


@frontend("np.corrcoef")
def corrcoef(x: Any, y: Any = None, rowvar: bool = True, *, dtype: Any = None) -> CovPlan:
    """Pearson correlation coefficients, as ``numpy.corrcoef`` (NumPy 2.x).

    ``R_ij = C_ij / sqrt(C_ii C_jj)`` with ``C = np.cov(x, y, rowvar)``, clipped to [-1, 1].
    ``x`` holds *observations* (each row a variable when ``rowvar``), not a covariance matrix:
    to convert a covariance matrix use :func:`arraylens.cov_to_corr`. ``corrcoef.explain``
    warns when its input looks like a covariance matrix.

    Parameters
    ----------
    x, y, rowvar, dtype
        As :func:`cov` (NumPy's deprecated ``bias``/``ddof`` are not offered: they cancel).

    Returns
    -------
    ndarray, shape (V, V)
        A constant variable (variance 0) gives NaN in its row and column (0/0), with NumPy's
        ``RuntimeWarning`` "invalid value encountered in divide".

    Raises
    ------
    ValueError, TypeError
        As :func:`cov`.
    """
    return CovPlan("np.corrcoef", x, y, rowvar, False, None, dtype, correlation=True)


__all__ = ["amax", "amin", "argmax", "argmin", "corrcoef", "cov"]


# ----------------------------------------------------------------------------------------------
# Registry: the CLI's arguments.
# ----------------------------------------------------------------------------------------------

for _fn in (argmax, argmin, amax, amin):
    register(Entry(_fn.name, _fn, "numpy", cli=Cli((
        Option("--input", "a", "The array a (.npy, .npz or .csv).", kind="array", required=True, what="input"),
        Option("--axis", "axis", "Axis to reduce (default: all, flattened).", kind="int"),
        Option("--keepdims", "keepdims", "Keep the reduced axis with length 1.", kind="flag"),
    ), help=f"Explain one element of {_fn.name}(a, axis): the winner of its slice.", at="optional",
        at_help="Output index to explain, e.g. 2 or 0,1 (empty: scalar).", result="array")))
for _cov in (cov, corrcoef):
    register(Entry(_cov.name, _cov, "numpy", cli=Cli((
        Option("--input", "m", "Observations (.npy, .npz, .csv).", kind="array", required=True, what="input",
               positional=True),
        Option("--rowvar/--no-rowvar", "rowvar", "Rows are variables.", kind="flag", default=True, show_default=True),
    ), help=f"Explain one element of {_cov.name}(m): C_ij or R_ij with the numbers.",
        at_help="Output index i,j to explain.", result="array")))
