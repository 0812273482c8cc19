"""The plan of a covariance or correlation matrix of variables held in rows (``np.cov``,
``np.corrcoef``).

:class:`CovPlan` builds the variables matrix ``X`` as ``numpy/lib/_function_base_impl.py``
(NumPy 2.x) does (``m`` at least 2-d in the computing dtype, transposed when ``rowvar`` is False,
``y``'s variables appended as rows), computes with NumPy's arithmetic order, and explains one
element from two variables (:mod:`arraylens.ops.covariance.explain`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation
from arraylens.core.frontend import check_index
from arraylens.ops.covariance.explain import explain_corrcoef, explain_cov
from arraylens.ops.extremes.kernel import check_values


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
