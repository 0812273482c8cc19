"""Octave's ``sum``, ``mean`` and ``cumsum`` along the first non-singleton dimension."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.core.text import format_signed_sum
from arraylens.frontends.octave._along import Along, along, reduced_shape
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    fmt_value,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
    slice_ref,
    to_integer_class,
    window,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, section
from arraylens.frontends.octave.numpy_calls import fit_shape, octave_integer


@dataclass(frozen=True)
class SumPlan:
    """``sum`` (``mean=False``) or ``mean`` (``mean=True``) along one dimension."""

    a: Along
    mean: bool
    mean_type: str = "a"  # Octave's mean types: "a" arithmetic, "g" geometric, "h" harmonic
    native: np.dtype[Any] | None = None  # mean(..., "native") of an integer class: cast to it
    double: bool = False  # mean(..., "double"): the mean (of single values) cast to double

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(reduced_shape(self.a))

    @quiet
    def compute(self) -> np.ndarray:
        return self.reduce(self.a.x).reshape(self.out_shape)

    def reduce(self, x: np.ndarray) -> np.ndarray:
        """The kernel: sum or mean of ``x`` along the axis (keepdims)."""
        if not self.mean:
            return x.sum(axis=self.a.axis, keepdims=True)
        n = x.shape[self.a.axis]
        if self.mean_type == "g":  # mean.m: exp(sum(log(x), dim) ./ n)
            y = np.exp(np.log(x).sum(axis=self.a.axis, keepdims=True) / n)
        elif self.mean_type == "h":  # mean.m: n ./ sum(1 ./ x, dim)
            y = n / (1 / x).sum(axis=self.a.axis, keepdims=True)
        else:  # mean.m: sum(x, dim) / n (Octave's sum of an integer class is a double sum)
            y = x.sum(axis=self.a.axis, keepdims=True) / n
        if self.native is not None:
            y = to_integer_class(y, self.native)
        elif self.double and y.dtype in (np.float32, np.complex64):  # mean.m: double(y)
            y = y.astype(np.complex128 if y.dtype.kind == "c" else np.float64)
        return y

    def numpy_call(self) -> str:
        f = "mean" if self.mean else "sum"
        src, ax = self.a.source(), self.a.axis
        expr = f"{src}.{f}(axis={ax}, keepdims=True)"
        if self.mean and self.mean_type == "g":
            expr = f"np.exp(np.log({src}).mean(axis={ax}, keepdims=True))"
        elif self.mean and self.mean_type == "h":
            expr = f"{self.a.x.shape[ax]} / (1 / {src}).sum(axis={ax}, keepdims=True)"
        if self.native is not None:  # Octave rounds half away from 0 and saturates
            expr = octave_integer(expr, self.native)
        elif self.double and self.a.x.dtype in (np.float32, np.complex64):
            expr = f"np.asarray({expr}, dtype=np.{'complex128' if self.a.x.dtype.kind == 'c' else 'float64'})"
        return fit_shape(
            expr,
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
        if self.mean and (self.mean_type != "a" or self.native is not None):
            return self._explain_other(idx, full, value)
        shown = format_signed_sum((t.input_value for t in terms[:10]), fmt_value) + (
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


    def _explain_other(
        self, idx: tuple[int, ...], full: tuple[int, ...], value: complex | float
    ) -> OctaveExplanation:
        """A geometric or harmonic mean, or a mean cast to an integer class: the formula,
        recomputed independently from the slice (``math.fsum``)."""
        v: list[Any] = [scalar(self.a.x[i]) for i in self.a.slice_indices(full)]
        n = len(v)
        arith: Any = math.fsum(float(t) for t in v) / n
        if self.mean_type == "g":
            formula = f"exp((log(x1) + ... + log(x{n})) / {n})"
            expected: Any = math.exp(math.fsum(math.log(t) if t > 0 else -math.inf for t in v) / n)
        elif self.mean_type == "h":
            formula = f"{n} / (1/x1 + ... + 1/x{n})"
            expected = n / math.fsum(1 / t if t else math.inf for t in v)
        else:
            formula, expected = f"(x1 + ... + x{n}) / {n}", arith
        if self.native is not None:
            expected = scalar(to_integer_class(np.asarray(expected), self.native))
            formula += f", cast to {self.native.name} (rounded half away from zero, saturated)"
        kind = {"a": "arithmetic", "g": "geometric", "h": "harmonic"}[self.mean_type]
        return OctaveExplanation(
            op="octave.mean",
            index=idx,
            value=value,
            expected=expected,
            summary=f"the {kind} mean along {self.a.reason()}.",
            sections=(
                section("Dimension", f"mean worked along {self.a.reason()}", self.a.numpy_axis()),
                section(
                    "Elements",
                    f"{slice_ref('x', full, self.a.axis)} = ["
                    + ", ".join(fmt_value(t) for t in v[:10]) + (", ..." if n > 10 else "") + "]",
                    f"{octave_ref('out', idx)} = {formula} = {fmt_value(value)}",
                ),
                section("NumPy equivalent", self.numpy_call()),
            ),
            details={"dim": self.a.axis + 1, "mean_type": self.mean_type},
        )


@dataclass(frozen=True)
class RunningPlan:
    """A running reduction along one dimension (``cumsum``, ``cumprod``): NumPy's method of
    that name along the axis, in Octave's shape; subclasses explain one element."""

    a: Along
    method: ClassVar[str] = "cumsum"

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(self.a.x.shape)

    @quiet
    def compute(self) -> np.ndarray:
        return getattr(self.a.x, self.method)(axis=self.a.axis).reshape(self.out_shape)

    def numpy_call(self) -> str:
        return fit_shape(
            f"{self.a.source()}.{self.method}(axis={self.a.axis})", self.a.x.shape, self.out_shape
        )


@dataclass(frozen=True)
class CumsumPlan(RunningPlan):
    """Running sums along one dimension."""

    method: ClassVar[str] = "cumsum"

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
        shown = format_signed_sum((t.input_value for t in terms[:10]), fmt_value) + (
            " + ..." if k >= 10 else ""
        )
        return OctaveExplanation(
            op="octave.cumsum",
            index=idx,
            value=value,
            terms=terms,
            summary=f"cumsum worked along {self.a.reason()}; this is "
            + (f"the sum of the first {k + 1} elements." if k else "the first element itself."),
            sections=(
                section("Dimension", f"cumsum worked along {self.a.reason()}", self.a.numpy_axis()),
                section("Elements", f"{octave_ref('out', idx)} = "
                        + (f"{shown} = " if len(terms) > 1 else "") + fmt_value(value)),
                section("NumPy equivalent", self.numpy_call()),
            ),
            details={"dim": self.a.axis + 1, "count": k + 1},
        )


SUM_TYPES = ("native", "double", "extra")


@frontend("octave.sum")
def sum(x: Any, dim: int | str | None = None, type: str | None = None) -> SumPlan:
    """Octave's ``sum(x, dim)`` and ``sum(x, dim, type)``.

    Parameters
    ----------
    x : array_like, real or complex, any shape (a 1-d array is a 1xN row)
    dim : int, str or None
        1-based dimension; default the first non-singleton dimension. A dimension beyond
        ``x``'s is a singleton (``sum(x, 3)`` of a matrix is ``x``). A string here is the type,
        as in Octave's ``sum(x, "double")``.
    type : {"double", "native", "extra"} or None
        ``"double"``: sum in double (the default for integer and logical classes; a single
        input gives double). ``"native"`` of a floating input is the default sum; of an integer
        or logical class it is refused (Octave saturates in the class; not reproduced), as is
        ``"extra"`` (Octave's extra-precise sum).

    Returns
    -------
    ndarray
        ``x``'s shape with size 1 along ``dim`` (trailing singletons beyond the second dropped).
        ``sum`` of an empty array follows the same rule (zeros), a 0x0 array read as 0x1 as
        Octave reads it (``sum([])`` is 0, ``sum([], 2)`` is 0x1). Octave's integer and logical
        classes are summed as double and give double, as Octave 7's ``sum`` does.

    Raises
    ------
    ValueError
        ``dim`` not a positive integer ("DIM must be a valid dimension"); an unknown type
        (Octave: "sum: unrecognized type argument 'foobar'"); a type not reproduced.

    Notes
    -----
    GNU Octave 7.3 ``sum``, proven against ``octave-cli`` in the tests.
    """
    if isinstance(dim, str):
        dim, type = None, dim if type is None else type
    kind = "default"
    if type is not None:
        if not isinstance(type, str) or type.lower() not in SUM_TYPES:
            raise ArgumentError(f"sum: unrecognized type argument '{type}'")
        kind = type.lower()
        raw = as_octave_array(x, "sum", allow_empty=True, keep_class=True)
        if kind == "extra" or (kind == "native" and raw.dtype.kind in "iub"):
            raise ArgumentError(
                f"sum: arraylens.octave does not reproduce sum(x, '{kind}')"
                + (f" of the {raw.dtype.name} class" if kind == "native" else "")
                + "; sum(x) or sum(x, 'double') sums in double"
            )
    a = along("sum", x, dim, allow_empty=True)
    if a.octave_in_shape == (0, 0):
        # Octave's reductions read a 0x0 array as 0x1 (liboctave's do_mx_red_op), so
        # sum([]) and sum([], 1) are 0 (1x1) and sum([], 2) is 0x1.
        a = replace(a, x=a.x.reshape((0, 1, *a.x.shape[2:])))
    if kind == "double" and a.x.dtype in (np.float32, np.complex64):
        a = replace(a, x=a.x.astype(np.complex128 if a.x.dtype.kind == "c" else np.float64))
    return SumPlan(a, mean=False)


MEAN_OUT_TYPES = ("default", "double", "native")


@frontend("octave.mean")
def mean(
    x: Any, dim: int | str | None = None, mean_type: str | None = None, outtype: str | None = None
) -> SumPlan:
    """Octave 7's ``mean(x, dim, opt, outtype)``: ``mean.m`` of GNU Octave 7.3.

    Parameters
    ----------
    x : array_like, real or complex, any shape (a 1-d array is a 1xN row)
    dim, mean_type, outtype
        As in Octave, in any order after ``x`` (``mean(x, "g")``, ``mean(x, 2, "h",
        "native")``): a number is the 1-based dimension (default the first non-singleton one);
        ``"a"`` (arithmetic, ``sum(x, dim) / n``), ``"g"`` (geometric, ``exp(sum(log(x)) /
        n)``, refused for negative values as Octave does) or ``"h"`` (harmonic, ``n / sum(1 ./
        x)``); the last string may be the output type ``"default"``, ``"double"`` or
        ``"native"`` (an integer class: the mean cast back to it, rounded half away from zero).

    Returns
    -------
    ndarray
        ``x``'s shape with size 1 along ``dim``. The mean of an integer or logical class is a
        double (Octave's ``sum`` of integers is a double sum), unless ``"native"``.

    Raises
    ------
    ValueError
        Empty ``x``; Octave's "mean: DIM must be an integer and a valid dimension", "mean: mean
        type 'b' not recognized", "mean: X must not contain any negative values"; ``"h"`` of
        an integer class (Octave computes ``1 ./ x`` in the class; not reproduced).
    """
    args = [a for a in (dim, mean_type, outtype) if a is not None]
    out = "default"
    last = args[-1] if args else None
    if isinstance(last, str) and last.lower() in MEAN_OUT_TYPES:
        out = last.lower()
        args.pop()
    dims = [a for a in args if not isinstance(a, str)]
    types = [a for a in args if isinstance(a, str)]
    if len(dims) > 1 or len(types) > 1:
        raise ArgumentError("mean: Invalid call (at most one DIM and one mean type)")
    the_dim: Any = None
    if dims:
        d = dims[0]
        if isinstance(d, bool) or not isinstance(d, (int, np.integer, float, np.floating)):
            raise ArgumentError(f"mean: Invalid call: DIM must be a number, got {d!r}")
        if not float(d).is_integer() or d < 1:
            raise ArgumentError("mean: DIM must be an integer and a valid dimension")
        the_dim = int(d)
    kind = types[0] if types else "a"
    if kind not in ("a", "g", "h"):
        raise ArgumentError(f"mean: mean type '{kind}' not recognized")
    raw = as_octave_array(x, "mean", keep_class=True)
    a = along("mean", x, the_dim)
    if kind == "g" and np.any(a.x.real < 0):  # mean.m: any (x(:) < 0)
        raise ArgumentError("mean: X must not contain any negative values")
    if kind == "h" and raw.dtype.kind in "iu":
        raise ArgumentError(
            "mean: arraylens.octave does not reproduce mean(x, 'h') of an integer class "
            "(Octave computes 1 ./ x in the class, rounded)"
        )
    native = raw.dtype if out == "native" and raw.dtype.kind in "iu" else None
    return SumPlan(a, mean=True, mean_type=kind, native=native, double=out == "double")


@frontend("octave.cumsum")
def cumsum(x: Any, dim: int | None = None) -> CumsumPlan:
    """Octave's ``cumsum(x, dim)``: running sums, same shape as ``x``.

    Same ``dim`` rule as :func:`sum`. GNU Octave 7.3 ``cumsum``, proven against ``octave-cli``.
    """
    return CumsumPlan(along("cumsum", x, dim, allow_empty=True))
