"""Covariance to correlation, and the test for "this looks like a covariance matrix".

``np.corrcoef`` expects *observations* (each row a variable); given a covariance matrix it
treats the covariance's rows as observations and returns something else. The conversion a
covariance matrix needs is ``R_ij = C_ij / sqrt(C_ii C_jj)``: :func:`cov_to_corr`.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import ArgumentError


def cov_to_corr(cov: Any) -> np.ndarray:
    """The correlation matrix of a covariance matrix: ``R_ij = C_ij / sqrt(C_ii C_jj)``.

    ``cov_to_corr(np.cov(m))`` equals ``np.corrcoef(m)`` (NumPy 2.x) up to rounding: the same
    division by the standard deviations, and the same clipping of the result to [-1, 1].

    Parameters
    ----------
    cov : array_like, shape (N, N)
        A real, symmetric covariance matrix with a non-negative diagonal (the variances).

    Returns
    -------
    ndarray, shape (N, N)
        float64 (float32 stays float32). Rows and columns of a variable with variance 0 are NaN,
        as in ``np.corrcoef``: a correlation with a constant variable is 0/0; a
        ``RuntimeWarning`` names those variables.

    Raises
    ------
    ValueError
        If ``cov`` is not square 2-D, holds NaN or infinity, is not symmetric (relative
        tolerance 1e-10), or has a negative variance on its diagonal.
    TypeError
        If ``cov`` is complex or not numeric.
    """
    c = as_real_array(cov, "cov")
    if c.ndim != 2 or c.shape[0] != c.shape[1]:
        raise ArgumentError(f"cov must be a square 2-D covariance matrix, got shape {c.shape}")
    if not np.isfinite(c).all():
        i, j = np.argwhere(~np.isfinite(c))[0]
        raise ArgumentError(f"cov holds a non-finite value: cov[{i}, {j}] = {c[i, j]}")
    scale = float(np.abs(c).max()) if c.size else 0.0
    asym = np.abs(c - c.T)
    if c.size and asym.max() > 1e-10 * scale:
        i, j = np.unravel_index(int(np.argmax(asym)), asym.shape)
        raise ArgumentError(
            f"cov is not symmetric: cov[{i}, {j}] = {c[i, j]} but cov[{j}, {i}] = {c[j, i]}; "
            "a covariance matrix is symmetric"
        )
    variances = np.diag(c).copy()
    if (variances < 0).any():
        i = int(np.flatnonzero(variances < 0)[0])
        raise ArgumentError(
            f"cov[{i}, {i}] = {variances[i]} is negative; the diagonal of a covariance matrix "
            "holds variances, which are >= 0"
        )
    constant = np.flatnonzero(variances == 0)
    if constant.size:
        warnings.warn(
            f"variables {constant.tolist()} have variance 0 (constant); their correlations are "
            "0/0 = NaN",
            RuntimeWarning,
            stacklevel=2,
        )
    return _divide_by_stddev(c, variances)


def _divide_by_stddev(c: np.ndarray, variances: np.ndarray) -> np.ndarray:
    """``c_ij / sqrt(v_i) / sqrt(v_j)``, clipped to [-1, 1] (as ``np.corrcoef``)."""
    stddev = np.sqrt(variances)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = c / stddev[:, None]
        r /= stddev[None, :]
    np.clip(r, -1, 1, out=r)
    return r


def cov_to_corr_element(cov: np.ndarray, i: int, j: int) -> float:
    """``cov_to_corr(cov)[i, j]`` from ``cov[i, j]``, ``cov[i, i]`` and ``cov[j, j]`` alone.

    The same arithmetic (and dtype) as :func:`cov_to_corr` on the 2x2 principal sub-matrix,
    without :func:`cov_to_corr`'s checks of the whole matrix: for a matrix that passed
    :func:`looks_like_covariance` (or :func:`cov_to_corr` itself). O(1), not O(N^2).
    """
    c = as_real_array(np.asarray(cov)[np.ix_([i, j], [i, j])], "cov")
    return float(_divide_by_stddev(c, np.diag(c).copy())[0, 1])


def looks_like_covariance(a: Any) -> bool:
    """True when ``a`` is square, symmetric, positive semi-definite with a positive diagonal.

    These are the properties every covariance matrix of non-constant variables has; a data
    matrix (observations) rarely has all four. Symmetry is tested with relative tolerance 1e-10,
    semi-definiteness as ``min eigenvalue >= -1e-10 * max |eigenvalue|``.
    """
    arr = np.asarray(a)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] < 2:
        return False
    if arr.dtype.kind not in "biuf":
        return False
    # The O(N) test first: most data matrices have a non-positive entry on their diagonal,
    # and then the O(N^2) tests and the O(N^3) eigenvalues are not needed.
    if (np.diag(arr) <= 0).any():
        return False
    c = arr.astype(np.float64)
    if not np.isfinite(c).all():
        return False
    scale = float(np.abs(c).max())
    if scale == 0 or np.abs(c - c.T).max() > 1e-10 * scale:
        return False
    eig = np.linalg.eigvalsh(c)
    return bool(eig.min() >= -1e-10 * np.abs(eig).max())
