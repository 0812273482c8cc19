"""The plan of a covariance or correlation matrix of variables held in rows (``np.cov``,
``np.corrcoef``).

:class:`CovPlan` builds the variables matrix ``X`` as ``numpy/lib/_function_base_impl.py``
(NumPy 2.x) does (``m`` at least 2-d in the computing dtype, transposed when ``rowvar`` is False,
``y``'s variables appended as rows), computes with NumPy's arithmetic order, and explains one
element from two variables (:mod:`arraylens.ops.covariance.explain`).
"""

from __future__ import annotations

import builtins
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
        fweights: Any = None,
        aweights: Any = None,
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
        self.weights: np.ndarray | None = None  # NumPy's w: fweights * aweights
        self.aweights: np.ndarray | None = None
        if X.shape[0] != 0:  # NumPy returns the empty result before it reads the weights
            self.weights, self.aweights = _weights(fweights, aweights, X.shape[1])

    @property
    def raw_divisor(self) -> float:
        """NumPy's ``fact``: ``n - ddof`` unweighted; with weights ``w`` (``fweights *
        aweights``) ``sum(w)`` for ddof=0, ``sum(w) - ddof`` with fweights only, else
        ``sum(w) - ddof * sum(w * aweights) / sum(w)``."""
        w, a = self.weights, self.aweights
        if w is None:
            return float(self.X.shape[1] - self.ddof)
        w_sum = float(np.sum(w))
        if self.ddof == 0:
            return w_sum
        if a is None:
            return w_sum - self.ddof
        return float(w_sum - self.ddof * builtins.sum(w * a) / w_sum)  # Python's sum, as NumPy

    @property
    def divisor(self) -> float:
        """:attr:`raw_divisor`, or 0.0 (NumPy's choice) when that is not positive."""
        fact = self.raw_divisor
        return fact if fact > 0 else 0.0

    def covariance(self, X: np.ndarray | None = None) -> np.ndarray:
        """The (unsqueezed) covariance matrix of the variables ``X`` (default all of them,
        ``self.X``), with NumPy's arithmetic order."""
        X = self.X if X is None else X
        if X.shape[0] == 0:
            return np.array([]).reshape(0, 0)
        fact: float = self.raw_divisor
        if fact <= 0:
            warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=4)
            fact = 0.0
        if self.weights is None:
            X = X - X.mean(axis=1)[:, None]
            c = np.dot(X, X.T.conj())
        else:  # numpy.cov: np.average with the weights, then dot(X, (X*w).T.conj())
            X = X - np.average(X, axis=1, weights=self.weights)[:, None]
            c = np.dot(X, (X * self.weights).T.conj())
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


def _weights(fweights: Any, aweights: Any, n: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    """NumPy 2.x's checks of ``fweights`` and ``aweights``, in its order and words; returns
    (``w`` = fweights * aweights, aweights)."""
    w = None
    if fweights is not None:
        f = np.array(fweights, dtype=float)
        if not np.all(f == np.around(f)):
            raise ArgumentTypeError("fweights must be integer")
        if f.ndim > 1:
            raise ArgumentError("cannot handle multidimensional fweights")
        if f.ndim == 0 or f.shape[0] != n:
            raise ArgumentError("incompatible numbers of samples and fweights")
        if any(f < 0):
            raise ArgumentError("fweights cannot be negative")
        w = f
    a = None
    if aweights is not None:
        a = np.array(aweights, dtype=float)
        if a.ndim > 1:
            raise ArgumentError("cannot handle multidimensional aweights")
        if a.ndim == 0 or a.shape[0] != n:
            raise ArgumentError("incompatible numbers of samples and aweights")
        if any(a < 0):
            raise ArgumentError("aweights cannot be negative")
        w = a if w is None else w * a
    if w is not None and np.sum(w) == 0:
        raise ArgumentError("Weights sum to zero, can't be normalized")  # np.average's ZeroDivisionError
    return w, a
