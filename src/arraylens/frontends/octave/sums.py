"""Octave's ``sum``, ``mean`` and ``cumsum`` along the first non-singleton dimension."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.frontend import frontend
from arraylens.frontends.octave._along import Along, along, reduced_shape
from arraylens.frontends.octave._arrays import (
    fmt_value,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
    slice_ref,
    window,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, section
from arraylens.frontends.octave.numpy_calls import fit_shape


@dataclass(frozen=True)
class SumPlan:
    """``sum`` (``mean=False``) or ``mean`` (``mean=True``) along one dimension."""

    a: Along
    mean: bool

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(reduced_shape(self.a))

    @quiet
    def compute(self) -> np.ndarray:
        return self.reduce(self.a.x).reshape(self.out_shape)

    def reduce(self, x: np.ndarray) -> np.ndarray:
        """The kernel: sum or mean of ``x`` along the axis (keepdims)."""
        if self.mean:
            return x.mean(axis=self.a.axis, keepdims=True)
        return x.sum(axis=self.a.axis, keepdims=True)

    def numpy_call(self) -> str:
        f = "mean" if self.mean else "sum"
        return fit_shape(
            f"{self.a.source()}.{f}(axis={self.a.axis}, keepdims=True)",
            reduced_shape(self.a),
            self.out_shape,
        )

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (self.a.x.ndim - len(idx))
        n = self.a.x.shape[self.a.axis]
        weight = 1.0 / n if self.mean else 1.0
        terms = [OctaveTerm(i, (), scalar(self.a.x[i]), weight) for i in self.a.slice_indices(full)]
        view, local = window(self.a.x.shape, full, self.a.axis)
        value = scalar(self.reduce(self.a.x[view])[local])  # the kernel on a small window
        shown = " + ".join(fmt_value(t.input_value) for t in terms[:10]) + (
            " + ..." if n > 10 else ""
        )
        fname = self.a.fname
        formula = f"({shown}) / {n}" if self.mean else shown
        lines = [
            f"{octave_ref('out', idx)} = {fname}({slice_ref('x', full, self.a.axis)}) = "
            f"{formula} = {fmt_value(value)}",
        ]
        if self.mean:
            lines.append(f"Octave 7 computes mean as sum(x, dim) / size(x, dim), here / {n}")
        if any(np.isnan(complex(t.input_value)) for t in terms):
            lines.append("the slice holds NaN, so the result is NaN (sum and mean do not skip NaN)")
        return OctaveExplanation(
            op=f"octave.{fname}",
            index=idx,
            value=value,
            terms=terms,
            summary=f"{fname} worked along {self.a.reason()}.",
            sections=(
                section(
                    "Dimension", f"{fname} worked along {self.a.reason()}", self.a.numpy_axis()
                ),
                section("Elements", *lines),
                section("NumPy equivalent", self.numpy_call()),
            ),
            details={"dim": self.a.axis + 1},
        )


@dataclass(frozen=True)
class CumsumPlan:
    """Running sums along one dimension."""

    a: Along

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(self.a.x.shape)

    @quiet
    def compute(self) -> np.ndarray:
        return self.a.x.cumsum(axis=self.a.axis).reshape(self.out_shape)

    def numpy_call(self) -> str:
        return fit_shape(
            f"{self.a.source()}.cumsum(axis={self.a.axis})", self.a.x.shape, self.out_shape
        )

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (self.a.x.ndim - len(idx))
        k = full[self.a.axis]
        terms = [
            OctaveTerm(i, (), scalar(self.a.x[i]), 1.0) for i in self.a.slice_indices(full, k + 1)
        ]
        view, local = window(self.a.x.shape, full, self.a.axis)
        value = scalar(self.a.x[view].cumsum(axis=self.a.axis)[local])
        shown = " + ".join(fmt_value(t.input_value) for t in terms[:10]) + (
            " + ..." if k >= 10 else ""
        )
        return OctaveExplanation(
            op="octave.cumsum",
            index=idx,
            value=value,
            terms=terms,
            summary=f"cumsum worked along {self.a.reason()}; this is the sum of the first "
            f"{k + 1} elements.",
            sections=(
                section("Dimension", f"cumsum worked along {self.a.reason()}", self.a.numpy_axis()),
                section("Elements", f"{octave_ref('out', idx)} = {shown} = {fmt_value(value)}"),
                section("NumPy equivalent", self.numpy_call()),
            ),
            details={"dim": self.a.axis + 1, "count": k + 1},
        )


@frontend("octave.sum")
def sum(x: Any, dim: int | None = None) -> SumPlan:
    """Octave's ``sum(x, dim)``.

    Parameters
    ----------
    x : array_like, real or complex, any shape (a 1-d array is a 1xN row)
    dim : int or None
        1-based dimension; default the first non-singleton dimension. A dimension beyond
        ``x``'s is a singleton (``sum(x, 3)`` of a matrix is ``x``).

    Returns
    -------
    ndarray
        ``x``'s shape with size 1 along ``dim`` (trailing singletons beyond the second dropped).
        ``sum`` of an empty array follows the same rule (zeros).

    Raises
    ------
    ValueError
        ``dim`` not a positive integer ("DIM must be a valid dimension").

    Notes
    -----
    GNU Octave 7.3 ``sum``; bool/integer inputs are summed as double. Proven against
    ``octave-cli`` in the tests.
    """
    return SumPlan(along("sum", x, dim, allow_empty=True), mean=False)


@frontend("octave.mean")
def mean(x: Any, dim: int | None = None) -> SumPlan:
    """Octave's ``mean(x, dim)``: ``sum(x, dim) / size(x, dim)`` (arithmetic mean).

    Same arguments and shapes as :func:`sum`; empty ``x`` raises ``ValueError``. GNU Octave 7.3
    ``mean``, proven against ``octave-cli`` in the tests.
    """
    return SumPlan(along("mean", x, dim), mean=True)


@frontend("octave.cumsum")
def cumsum(x: Any, dim: int | None = None) -> CumsumPlan:
    """Octave's ``cumsum(x, dim)``: running sums, same shape as ``x``.

    Same ``dim`` rule as :func:`sum`. GNU Octave 7.3 ``cumsum``, proven against ``octave-cli``.
    """
    return CumsumPlan(along("cumsum", x, dim, allow_empty=True))
