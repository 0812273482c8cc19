"""Explanations of ``np.cov`` and ``np.corrcoef`` elements, with the numbers.

``C_ij = sum_k (x_ik - mean_i)(x_jk - mean_j) / (n - ddof)`` and ``R_ij = C_ij / sqrt(C_ii
C_jj)``. The explanation recomputes them from variables ``i`` and ``j`` alone with exactly
rounded sums (``math.fsum``, with IEEE results where it raises on overflow or ``inf - inf``:
:func:`arraylens.core.explanation.exact_sum`), independently of the matrix product the call uses.
"""

from __future__ import annotations

import warnings
from typing import Protocol

import numpy as np

from arraylens.core.explanation import Explanation, Section, exact_sum
from arraylens.core.text import format_difference
from arraylens.core.text import format_number as fmt
from arraylens.ops.covariance.convert import cov_to_corr_element, looks_like_covariance


class CovarianceOperands(Protocol):
    """What an explanation reads of a covariance plan (:class:`arraylens.ops.covariance.plan.CovPlan`):
    the variables in rows of ``X``, where they came from, and the divisor."""

    op: str
    X: np.ndarray
    m: np.ndarray
    y: np.ndarray | None
    rowvar: bool
    m_variables: int
    ddof: int
    weights: np.ndarray | None

    @property
    def divisor(self) -> float: ...

    def element(self, i: int, j: int) -> float: ...

_SHOWN = 6


def _where(plan: CovarianceOperands, v: int, name: str = "m") -> str:
    """Where variable ``v`` sits in the caller's input (first argument called ``name``)."""
    src, k, arr = (name, v, plan.m) if v < plan.m_variables else ("y", v - plan.m_variables, plan.y)
    if arr is None or arr.ndim < 2:
        return src
    return f"{src} row {k}" if plan.rowvar else f"{src} column {k}"


def _cov_fsum(plan: CovarianceOperands, i: int, j: int) -> tuple[float, np.ndarray, np.ndarray, float]:
    """(sum of deviation products, deviations of i, deviations of j, C_ij) by exact sums."""
    xi = plan.X[i].astype(np.float64)
    xj = plan.X[j].astype(np.float64)
    n = xi.size
    if n == 0:  # no observations: NumPy's mean is NaN, and so is the covariance
        return 0.0, xi, xj, float("nan")
    w = plan.weights
    # exact sums that fall back to IEEE arithmetic (inf - inf is NaN, an overflow is inf) where
    # fsum raises: data near +-1e308 or with infinities is explained, not refused
    with np.errstate(all="ignore"):
        if w is None:
            di = xi - exact_sum(xi.tolist()) / n
            dj = xj - exact_sum(xj.tolist()) / n
            total = exact_sum((di * dj).tolist())
        else:  # weighted means and products (np.cov's fweights * aweights)
            w_sum = exact_sum(w.tolist())
            di = xi - exact_sum((w * xi).tolist()) / w_sum
            dj = xj - exact_sum((w * xj).tolist()) / w_sum
            total = exact_sum((w * di * dj).tolist())
        divisor = plan.divisor
        c = float(np.float64(total) / np.float64(divisor))
    return total, di, dj, c


@np.errstate(all="ignore")  # overflow and inf - inf print as IEEE results, without warnings
def _cov_lines(
    plan: CovarianceOperands, i: int, j: int, *, c_sym: str = "C", x_sym: str = "x", name: str = "m"
) -> list[Section]:
    """Variables, deviation products and covariance; ``c_sym[i,j]`` is the covariance of the
    data ``x_sym`` whose first argument is called ``name``."""
    total, di, dj, c = _cov_fsum(plan, i, j)
    n = plan.X.shape[1]
    xi, xj = plan.X[i], plan.X[j]
    w = plan.weights
    products = [
        (f"k={k}: w={fmt(float(w[k]))} * " if w is not None else f"k={k}: ")
        + f"({format_difference(float(xi[k]), float(xi[k] - di[k]), fmt)}) * "
        f"({format_difference(float(xj[k]), float(xj[k] - dj[k]), fmt)}) = "
        f"{fmt(float((w[k] if w is not None else 1.0) * di[k] * dj[k]))}"
        for k in range(min(n, _SHOWN))
    ]
    if n > _SHOWN:
        products.append(f"... ({n} products in all)")
    layout = (
        "rows are variables (rowvar=True)"
        if plan.rowvar
        else "columns are variables (rowvar=False)"
    )
    return [
        Section(
            "Variables",
            (
                f"{layout}: variable {i} is {_where(plan, i, name)}, "
                f"variable {j} is {_where(plan, j, name)}",
                f"n = {n} observations; mean_{i} = {fmt(float(xi[0] - di[0])) if n else 'nan'}, "
                f"mean_{j} = {fmt(float(xj[0] - dj[0])) if n else 'nan'}",
            ),
        ),
        Section(
            f"Deviation products ({x_sym}_ik - mean_i)({x_sym}_jk - mean_j)", tuple(products)
        ),
        Section(
            "Covariance",
            (
                (
                    f"sum = {fmt(total)}; divisor n - ddof = {format_difference(n, plan.ddof)} = {fmt(plan.divisor)}"
                    if w is None
                    else f"sum = {fmt(total)}; NumPy's weighted divisor (sum(w) = {fmt(float(np.sum(w)))}, "
                    f"ddof = {plan.ddof}) = {fmt(plan.divisor)}"
                )
                + (" (not positive: NumPy warns and divides by 0)" if plan.divisor == 0 else ""),
                f"{c_sym}[{i},{j}] = {fmt(total)} / {fmt(plan.divisor)} = {fmt(c)}",
            ),
        ),
    ]


def explain_cov(plan: CovarianceOperands, index: tuple[int, ...], i: int, j: int) -> Explanation:
    """Explain ``np.cov(...)[index]`` (variables ``i`` and ``j``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = plan.element(i, j)
        _, _, _, expected = _cov_fsum(plan, i, j)
    return Explanation(
        op=plan.op,
        index=index,
        value=value,
        summary=(
            f"C[{i},{j}] is the sum of the products of the deviations of variables {i} and {j} "
            f"from their means, divided by n - ddof = {fmt(plan.divisor)}."
        ),
        sections=tuple(_cov_lines(plan, i, j)),
        expected=expected,
        details={"i": i, "j": j, "ddof": plan.ddof, "observations": plan.X.shape[1]},
    )


def explain_corrcoef(plan: CovarianceOperands, index: tuple[int, ...], i: int, j: int) -> Explanation:
    """Explain ``np.corrcoef(...)[index]``: ``R_ij = C_ij / sqrt(C_ii C_jj)`` with numbers."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = plan.element(i, j)
        _, _, _, cij = _cov_fsum(plan, i, j)
        _, _, _, cii = _cov_fsum(plan, i, i)
        _, _, _, cjj = _cov_fsum(plan, j, j)
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = float(
                np.clip(np.float64(cij) / np.sqrt(np.float64(cii) * np.float64(cjj)), -1, 1)
            )
    as_covariance = plan.y is None and looks_like_covariance(plan.m)
    # One symbol, one matrix. Given data x: C = np.cov(x), R = np.corrcoef(x). Given a matrix A
    # that looks like a covariance: np.corrcoef(A) = R' is made from C' = np.cov(A) (A's rows
    # taken as data), and R = cov_to_corr(A) is the correlation A describes.
    r_sym, c_sym, x_sym = ("R'", "C'", "A") if as_covariance else ("R", "C", "x")
    formula = f"{r_sym}[{i},{j}] = {c_sym}[{i},{j}] / sqrt({c_sym}[{i},{i}] * {c_sym}[{j},{j}])"
    sections = [
        Section(
            "Formula" + (" (what np.corrcoef(A) computes)" if as_covariance else ""),
            (
                formula,
                f"{' ' * (len(r_sym) + len(f'[{i},{j}]'))} = {fmt(cij)} / sqrt({fmt(cii)} * "
                f"{fmt(cjj)}) = {fmt(expected)}",
                (
                    "C' = np.cov(A), the covariance of A's rows taken as data; its divisor "
                    "n - ddof cancels in R'."
                    if as_covariance
                    else "C = np.cov(x), x the same input; its divisor n - ddof cancels in R."
                ),
            ),
        ),
        *_cov_lines(plan, i, j, c_sym=c_sym, x_sym=x_sym, name=x_sym),
    ]
    constant = [v for v, var in ((i, cii), (j, cjj)) if var == 0]
    if constant:
        names = " and ".join(
            f"variable {v} ({_where(plan, v, x_sym)})" for v in dict.fromkeys(constant)
        )
        sections.append(
            Section(
                "Why NaN",
                (
                    f"{names} is constant: all its observations are equal, so its variance is 0",
                    f"and {r_sym}[{i},{j}] = {fmt(cij)} / 0 = NaN: a correlation with a constant "
                    "is undefined (NumPy warns 'invalid value encountered in divide').",
                ),
            )
        )
    summary = (
        f"{r_sym}[{i},{j}] = {c_sym}[{i},{j}] / sqrt({c_sym}[{i},{i}] {c_sym}[{j},{j}]), "
        "Pearson's correlation of the two variables."
    )
    if as_covariance:
        a = plan.m
        converted = cov_to_corr_element(a, i, j)  # A passed looks_like_covariance
        aij, aii, ajj = (float(a[i, j]), float(a[i, i]), float(a[j, j]))
        sections.insert(
            0,
            Section(
                "Warning: the input A looks like a covariance matrix",
                (
                    "it is square, symmetric, positive semi-definite with a positive diagonal.",
                    "np.corrcoef expects observations (each row a variable's samples); given a "
                    "covariance matrix A it correlates A's rows as if they were data, so "
                    "R' = np.corrcoef(A) is not the correlation of your variables.",
                    f"The correlation A describes is R = arraylens.cov_to_corr(A): "
                    f"R[{i},{j}] = A[{i},{j}] / sqrt(A[{i},{i}] A[{j},{j}]) = {fmt(aij)} / "
                    f"sqrt({fmt(aii)} * {fmt(ajj)}) = {fmt(converted)}.",
                ),
            ),
        )
        summary = (
            f"R'[{i},{j}] = C'[{i},{j}] / sqrt(C'[{i},{i}] C'[{j},{j}]) = {fmt(value)} "
            f"correlates rows {i} and {j} of the input A as if they were data "
            f"(C' = np.cov(A)). A looks like a covariance matrix: the correlation it describes "
            f"is R[{i},{j}] = {fmt(converted)} (arraylens.cov_to_corr(A)). See the warning."
        )
    return Explanation(
        op=plan.op,
        index=index,
        value=value,
        summary=summary,
        sections=tuple(sections),
        expected=expected,
        details={
            "i": i,
            "j": j,
            "cov_ij": cij,
            "var_i": cii,
            "var_j": cjj,
            "constant_variables": sorted(set(constant)),
            "looks_like_covariance": as_covariance,
        },
    )
