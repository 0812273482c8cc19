"""Octave's ``diff(x, k, dim)``, ``cumprod(x, dim)`` and ``trapz(y)``, ``trapz(x, y, dim)``.

GNU Octave 7.3: ``diff`` is ``Fdiff`` in ``libinterp/corefcn/data.cc`` (integer classes
subtract with saturation; an order beyond the first non-singleton dimension's size continues
"along the next non-singleton dimension", in Octave 7.3 by restarting from ``x`` itself at each
step, so ``diff([1 4 9], 3)`` is ``[3 5]``), ``cumprod`` is data.cc's reduction (integer and
logical classes give double), ``trapz`` is ``scripts/general/trapz.m``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.text import count
from arraylens.frontends.octave._along import along
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    first_non_singleton,
    fmt_shape,
    fmt_value,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
    scalar_argument,
    slice_ref,
    to_integer_class,
    window,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, section
from arraylens.frontends.octave.convolution import result_dtype
from arraylens.frontends.octave.numpy_calls import Given, fit_shape, given, prepared
from arraylens.frontends.octave.sums import RunningPlan


def _numeric(x: Any, fname: str, message: str) -> np.ndarray:
    """``x`` read with its class kept (integer, logical); non-numeric refused in Octave's words."""
    arr = np.asarray(x) if not isinstance(x, np.ndarray) else x
    if arr.dtype.kind not in "biufc":
        raise ArgumentTypeError(f"{fname}: {message}, got dtype {arr.dtype}")
    return as_octave_array(x, fname, allow_empty=True, keep_class=True)


def _wide(x: np.ndarray) -> np.ndarray:
    """Integer values in a type where a sum or difference of two is exact."""
    return x.astype(object) if x.dtype.itemsize == 8 else x.astype(np.int64)


def saturate(wide: np.ndarray, dtype: np.dtype[Any]) -> np.ndarray:
    """Exact integer values clipped to ``dtype``'s range (Octave's integer arithmetic)."""
    info = np.iinfo(dtype)
    return np.clip(wide, info.min, info.max).astype(dtype)


def diff_kernel(x: np.ndarray, order: int, axis: int) -> np.ndarray:
    """``order``-th differences along ``axis``, as liboctave computes them: repeated first
    differences (saturating for integer classes); an order >= the size gives size 0 there."""
    if order <= 0:
        return x.copy()
    n = x.shape[axis]
    if n <= order:
        shape = list(x.shape)
        shape[axis] = 0
        return np.zeros(shape, x.dtype)
    if x.dtype.kind in "iu":
        out = x
        for _ in range(order):
            w = _wide(out)
            out = saturate(np.diff(w, axis=axis), x.dtype)
        return out
    return np.diff(x, n=order, axis=axis)


def diff_steps(shape: Sequence[int], order: int, dim: int | None) -> tuple[str, int, int]:
    """What Octave 7.3's ``do_diff`` computes for an array of ``shape``: ``("diff", k, axis)``
    (``diff(x, k, axis + 1)`` of x itself) or ``("empty", 0, 0)`` (a 0x0 result)."""
    if dim is not None:
        return "diff", order, dim
    axis = first_non_singleton(shape)
    if shape[axis] > order:
        return "diff", order, axis
    if shape[axis] == 1:
        return "empty", 0, 0
    result = ("diff", 0, axis)  # retval = x when the loop does not run
    nd = len(shape)
    while order > 0:
        if axis == nd:
            result = ("diff", order, axis - 1)
            order = 0
        elif shape[axis] == 1:
            axis += 1
        else:
            result = ("diff", shape[axis] - 1, axis)
            order -= shape[axis] - 1
            axis += 1
    return result


@dataclass(frozen=True)
class DiffPlan:
    x: np.ndarray  # Octave's shape and class (logical read as double)
    source: Given
    order: int  # the order of the one diff Octave's do_diff ends up computing
    axis: int
    empty: bool  # do_diff's 0x0 result (every dimension a singleton)
    asked: int  # the order the caller asked for
    dim_given: bool

    @property
    def out_shape(self) -> tuple[int, ...]:
        if self.empty:
            return (0, 0)
        shape = list(self.x.shape) + [1] * (self.axis + 1 - self.x.ndim)
        if self.order > 0:
            shape[self.axis] = max(shape[self.axis] - self.order, 0)
        return octave_shape(shape)

    def _x_axis(self) -> np.ndarray:
        return self.x.reshape(self.x.shape + (1,) * (self.axis + 1 - self.x.ndim))

    @quiet
    def compute(self) -> np.ndarray:
        if self.empty:
            return np.zeros((0, 0), self.x.dtype)
        return diff_kernel(self._x_axis(), self.order, self.axis).reshape(self.out_shape)

    def numpy_call(self) -> str:
        src = prepared("x", self.source, self.x.shape, self.x.dtype)
        if self.empty:
            return f"np.zeros((0, 0), dtype=np.{self.x.dtype.name})"
        if self.order <= 0:
            return fit_shape(f"np.array({src})", self.x.shape, self.out_shape)
        shape = self._x_axis().shape
        if tuple(shape) != self.x.shape:
            src = f"{src}.reshape({', '.join(map(str, shape))})"
        if self.x.dtype.kind in "iu":
            info = np.iinfo(self.x.dtype)
            wide = "object" if self.x.dtype.itemsize == 8 else "np.int64"
            lines = [
                f"d = {src}",
                f"for _ in range({self.order}):  # Octave's integer subtraction saturates",
                f"    d = np.clip(np.diff(d.astype({wide}), axis={self.axis}), {info.min}, "
                f"{info.max}).astype(np.{self.x.dtype.name})",
            ]
            full = list(shape)
            full[self.axis] = max(full[self.axis] - self.order, 0)
            return "\n".join([*lines, fit_shape("d", full, self.out_shape)])
        full = list(shape)
        full[self.axis] = max(full[self.axis] - self.order, 0)
        return fit_shape(f"np.diff({src}, n={self.order}, axis={self.axis})", full, self.out_shape)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        x = self._x_axis()
        full = idx + (0,) * (x.ndim - len(idx))
        k = max(self.order, 0)
        view, local = window(x.shape, full, self.axis)
        value = scalar(diff_kernel(x[view], k, self.axis)[local])
        i = full[self.axis]
        src = [tuple(i + j if a == self.axis else v for a, v in enumerate(full)) for j in range(k + 1)]
        vals = [scalar(x[s]) for s in src]
        rules = [self._why()]
        if x.dtype.kind in "iu":
            expected: Any = vals
            for _ in range(k):  # saturating differences, recomputed in Python integers
                info = np.iinfo(x.dtype)
                expected = [min(max(b - a, info.min), info.max) for a, b in itertools.pairwise(expected)]
            rules.append(f"{x.dtype.name} subtraction saturates at the class's limits (NumPy wraps around)")
            terms: list[OctaveTerm] = []
            exp_value: Any = expected[0]
        else:
            terms = [
                OctaveTerm(s, (j,), v, float((-1) ** (k - j) * math.comb(k, j)))
                for j, (s, v) in enumerate(zip(src, vals, strict=True))
            ]
            exp_value = None
        shown = " + ".join(f"({fmt_value(t.weight_value)})*{octave_ref('x', t.input_index)}" for t in terms[:8])
        lines = [
            f"{octave_ref('y', idx)} = "
            + (
                shown.replace("+ (-", "- (")
                if terms
                else f"the {k}-th difference of " + ", ".join(octave_ref("x", s) for s in src[:8])
            )
            + f" = {fmt_value(value)}",
        ]
        return OctaveExplanation(
            op="octave.diff",
            index=idx,
            value=value,
            terms=terms,
            expected=exp_value,
            summary=f"diff: the order-{k} difference along dimension {self.axis + 1}.",
            sections=(
                section("Element", *lines),
                section("Rule", *rules),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"order": k, "dim": self.axis + 1},
        )

    def _why(self) -> str:
        if self.dim_given:
            return (
                f"differences of order {self.asked} along dim={self.axis + 1} (empty along it when "
                "the order reaches its size)"
            )
        if self.order == self.asked:
            return f"differences of order {self.asked} along the first non-singleton dimension, {self.axis + 1}"
        return (
            f"order {self.asked} reaches the size of the first non-singleton dimension: Octave 7.3's "
            f"diff then continues along the next dimension, restarting from x itself each time, and "
            f"ends with diff(x, {self.order}, {self.axis + 1}); np.diff(x, n={self.asked}) gives an "
            "empty array instead"
        )


def _order(k: Any) -> int:
    if k is None:
        return 1
    if isinstance(k, str):
        raise ArgumentError("diff: order K must be a scalar or []")
    arr = np.asarray(k)
    if arr.size == 0:
        return 1
    if arr.size != 1 or arr.dtype.kind not in "biuf":
        raise ArgumentError("diff: order K must be a scalar or []")
    v = float(arr.reshape(()))
    if not v.is_integer():
        raise ArgumentError(
            f"conversion of {format(v, 'g')} to int64_t value failed (diff: order K must be an integer)"
        )
    if v < 0:
        raise ArgumentError("diff: order K must be non-negative")
    return int(v)


def _int_dim(dim: Any, fname: str) -> int:
    """Octave's ``int_value (true)`` of a DIM argument."""
    dim = scalar_argument(dim)
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer, float, np.floating)):
        raise ArgumentError(f"{fname}: DIM must be a valid dimension, got {dim!r}")
    v = float(dim)
    if not v.is_integer():
        raise ArgumentError(f"conversion of {format(v, 'g')} to int value failed ({fname}: DIM must be an integer)")
    return int(v)


@frontend("octave.diff")
def diff(x: Any, k: Any = None, dim: Any = None) -> DiffPlan:
    """Octave's ``diff(x, k, dim)``: ``k``-th order differences.

    Parameters
    ----------
    x : array_like, any shape (a 1-d array is a 1xN row); real, complex, integer or logical
    k : int or None
        Order (default 1; ``[]``/None is 1; 0 returns ``x``).
    dim : int or None
        1-based, at most ``ndims(x)``. Without it, the first non-singleton dimension; when
        ``k`` reaches its size Octave 7.3 continues along the next dimensions (by restarting
        from ``x``: ``diff([1 4 9], 3)`` is ``[3 5]``, ``diff(5)`` is 0x0). With it, a ``k``
        reaching the size gives size 0 along ``dim``.

    Returns
    -------
    ndarray
        Octave's class: integer classes kept (differences saturate), logical gives double.

    Raises
    ------
    ValueError, TypeError
        "diff: X must be numeric or logical", "diff: order K must be non-negative", "diff:
        order K must be a scalar or []", "diff: DIM must be a valid dimension", a non-integer
        order or dim ("conversion of 1.5 to int64_t value failed").
    """
    arr = _numeric(x, "diff", "X must be numeric or logical")
    if arr.dtype.kind == "b":
        arr = arr.astype(np.float64)
    order = _order(k)
    axis = None
    if dim is not None:
        d = _int_dim(dim, "diff")
        if d < 1 or d > arr.ndim:
            raise ArgumentError(f"diff: DIM must be a valid dimension (1 to ndims(x) = {arr.ndim}), got {d}")
        axis = d - 1
    kind, eff, ax = diff_steps(arr.shape, order, axis)
    return DiffPlan(arr, given(x), eff, ax, kind == "empty", order, dim is not None)


@dataclass(frozen=True)
class CumprodPlan(RunningPlan):
    """Running products along one dimension."""

    method: ClassVar[str] = "cumprod"

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (self.a.x.ndim - len(idx))
        k = full[self.a.axis]
        view, local = window(self.a.x.shape, full, self.a.axis)
        value = scalar(self.a.x[view].cumprod(axis=self.a.axis)[local])
        vals = [scalar(self.a.x[i]) for i in self.a.slice_indices(full, k + 1)]
        expected: Any = vals[0]
        for v in vals[1:]:
            expected = expected * v
        shown = " * ".join(f"({fmt_value(v)})" for v in vals[:10]) + (" * ..." if k >= 10 else "")
        return OctaveExplanation(
            op="octave.cumprod",
            index=idx,
            value=value,
            expected=expected,
            summary=f"cumprod worked along {self.a.reason()}: the product of the first {count(k + 1, 'element')}.",
            sections=(
                section(
                    "Dimension",
                    f"cumprod worked along {self.a.reason()}",
                    f"NumPy axis={self.a.axis}; np.cumprod's own default flattens the array",
                ),
                section(
                    "Element",
                    f"{octave_ref('y', idx)} = {shown} = {fmt_value(value)}",
                    "integer and logical classes are multiplied as double (the result is double)",
                ),
                section("NumPy equivalent", self.numpy_call()),
            ),
            details={"dim": self.a.axis + 1, "count": k + 1},
        )


@frontend("octave.cumprod")
def cumprod(x: Any, dim: Any = None) -> CumprodPlan:
    """Octave's ``cumprod(x, dim)``: running products, ``x``'s shape.

    ``dim`` is 1-based (default the first non-singleton dimension; 0 also means the default, as
    data.cc reads it; a dimension beyond ``x``'s is a singleton one). Integer and logical classes
    are multiplied as double and give double; single stays single. Errors: "cumprod: invalid
    dimension argument = -1", a non-integer dim ("conversion of 1.5 to int value failed"),
    "cumprod: wrong type argument". GNU Octave 7.3 ``cumprod`` (data.cc), proven against
    ``octave-cli``.
    """
    arr = np.asarray(x)
    if arr.dtype.kind not in "biufc":
        raise ArgumentTypeError(f"cumprod: wrong type argument '{arr.dtype}'")
    d = None
    if dim is not None:
        d = _int_dim(dim, "cumprod")
        if d < 0:
            raise ArgumentError(f"cumprod: invalid dimension argument = {d}")
        d = None if d == 0 else d
    return CumprodPlan(along("cumprod", x, d, allow_empty=True))


@dataclass(frozen=True)
class TrapzPlan:
    y: np.ndarray  # Octave's shape and class, axis existing
    x: np.ndarray | None  # spacing: None (unit), a scalar, a vector along the axis, or y's shape
    x_kind: str  # "unit", "scalar", "vector", "array"
    axis: int
    sources: tuple[tuple[str, Given], ...]
    y_name: str  # the Python parameter holding y ("x" for trapz(y), "y" for trapz(x, y))

    @property
    def empty_pairs(self) -> bool:
        """The pair sums form a 0x0 array, which Octave's ``sum`` reduces as if it were 0x1."""
        pairs = list(self.y.shape)
        pairs[self.axis] = max(pairs[self.axis] - 1, 0)
        return len(pairs) == 2 and pairs == [0, 0]

    @property
    def out_shape(self) -> tuple[int, ...]:
        if self.empty_pairs:  # liboctave's reductions: sum(zeros(0, 0), 1) is 0 (1x1)
            return octave_shape(reduced_shape_of((0, 1), self.axis))
        return octave_shape(reduced_shape_of(self.y.shape, self.axis))

    def pair_sums(self, y: np.ndarray) -> np.ndarray:
        """``y(2:n) + y(1:n-1)`` along the axis, in y's class (integers saturate)."""
        hi = np.take(y, np.arange(1, y.shape[self.axis]), axis=self.axis)
        lo = np.take(y, np.arange(0, y.shape[self.axis] - 1), axis=self.axis)
        if y.dtype.kind in "iu":
            return saturate(_wide(hi) + _wide(lo), y.dtype)
        if y.dtype.kind == "b":
            return hi.astype(np.float64) + lo.astype(np.float64)
        return hi + lo

    def reduce(self, y: np.ndarray, x: np.ndarray | None) -> np.ndarray:
        s = self.pair_sums(y)
        if self.x_kind == "scalar":
            assert x is not None
            total = _as_double_sum(s, self.axis)
            return (x.reshape(()).astype(result_dtype(x, total)) * 0.5) * total
        if self.x_kind in ("vector", "array"):
            assert x is not None
            dx = np.diff(x, axis=self.axis)
            if s.dtype.kind in "fc":  # single when either is single (Octave's mixed arithmetic)
                dt = result_dtype(dx, s)
                dx, s = dx.astype(dt), s.astype(dt)
            if s.dtype.kind in "iu":  # double .* intN is intN: rounded, saturated
                s = to_integer_class(dx * s.astype(np.float64), s.dtype)
            else:
                s = dx * s
        return 0.5 * _as_double_sum(s, self.axis)

    def _x_along(self) -> np.ndarray | None:
        if self.x is None or self.x_kind != "vector":
            return self.x
        shape = [1] * self.y.ndim
        shape[self.axis] = self.x.size
        return self.x.reshape(shape)

    @quiet
    def compute(self) -> np.ndarray:
        z = np.asarray(self.reduce(self.y, self._x_along()))
        if self.empty_pairs:
            return np.zeros(self.out_shape, z.dtype)
        return z.reshape(self.out_shape)

    def numpy_call(self) -> str:
        src = dict(self.sources)
        ax = self.axis
        ysrc = prepared(
            self.y_name, src[self.y_name], self.y.shape, self.y.dtype if self.y.dtype.kind != "b" else np.float64
        )
        lines = [f"y_ = {ysrc}"]
        n = self.y.shape[ax]
        hi = f"np.take(y_, np.arange(1, {n}), axis={ax})"
        lo = f"np.take(y_, np.arange(0, {max(n - 1, 0)}), axis={ax})"
        if self.y.dtype.kind in "iu":
            info = np.iinfo(self.y.dtype)
            wide = "object" if self.y.dtype.itemsize == 8 else "np.int64"
            lines.append(
                f"s = np.clip({hi}.astype({wide}) + {lo}.astype({wide}), {info.min}, {info.max})"
                f".astype(np.{self.y.dtype.name})  # Octave's integer addition saturates"
            )
        else:
            lines.append(f"s = {hi} + {lo}")
        tail = "sum(axis={}, keepdims=True, dtype={})".format(ax, "np.float64" if self.y.dtype.kind in "iu" else "None")
        if self.x_kind == "scalar":
            assert self.x is not None
            xs = f"np.reshape({prepared('x', src['x'], src['x'].shape, None)}, ())"
            total = np.zeros(0, np.float64 if self.y.dtype.kind in "iu" else self.y.dtype)
            dt = result_dtype(self.x, total)
            expr = f"(np.asarray({xs}, dtype=np.{dt.name}) * 0.5) * s.{tail}"
        elif self.x_kind in ("vector", "array"):
            assert self.x is not None
            shape = self._x_along().shape  # type: ignore[union-attr]
            dx = f"np.diff({prepared('x', src['x'], shape, self.x.dtype)}, axis={ax})"
            if self.y.dtype.kind in "iu":
                info = np.iinfo(self.y.dtype)
                lines.append(f"dx = {dx}")
                lines.append(
                    "p = dx * s.astype(np.float64); p = np.trunc(p) + np.where(np.abs(p - np.trunc(p)) >= 0.5, "
                    "np.sign(p), 0)  # Octave: double .* int is int, rounded half away"
                )
                lines.append(f"s = np.clip(np.nan_to_num(p), {info.min}, {info.max}).astype(np.{self.y.dtype.name})")
            else:
                dt = result_dtype(self.x, self.y)
                lines.append(f"s = np.asarray({dx}, dtype=np.{dt.name}) * np.asarray(s, dtype=np.{dt.name})")
            expr = f"0.5 * s.{tail}"
        else:
            expr = f"0.5 * s.{tail}"
        if self.empty_pairs:
            dt = self.compute().dtype
            return f"np.zeros(({', '.join(map(str, self.out_shape))}), dtype=np.{dt.name})  # sum of a 0x0 is 0"
        lines.append(fit_shape(expr, reduced_shape_of(self.y.shape, ax), self.out_shape))
        return "\n".join(lines)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        if self.empty_pairs:
            return OctaveExplanation(
                op="octave.trapz",
                index=idx,
                value=scalar(self.compute()[idx]),
                expected=0.0,
                summary="trapz of an empty y: Octave's sum of the 0x0 pair sums is 0.",
                sections=(section("NumPy equivalent", self.numpy_call()),),
            )
        full = idx + (0,) * (self.y.ndim - len(idx))
        view, local = window(self.y.shape, full, self.axis)
        xa = self._x_along()
        xw = xa[view] if self.x_kind == "array" and xa is not None else xa
        value = scalar(np.asarray(self.reduce(self.y[view], xw))[local])
        n = self.y.shape[self.axis]

        def at_j(j: int) -> tuple[int, ...]:
            return tuple(j if a == self.axis else i for a, i in enumerate(full))

        terms: list[OctaveTerm] = []
        ints = self.y.dtype.kind in "iu"
        for j in range(n - 1):
            yy: Any = scalar(self.y[at_j(j)]) + scalar(self.y[at_j(j + 1)])
            if ints:
                info = np.iinfo(self.y.dtype)
                yy = min(max(int(yy), info.min), info.max)  # saturating addition
            if self.x_kind == "unit":
                w: Any = 0.5
            elif self.x_kind == "scalar":
                assert self.x is not None
                w = scalar(self.x.reshape(())) * 0.5
            else:
                assert xa is not None
                if self.x_kind == "array":
                    dx = scalar(xa[at_j(j + 1)]) - scalar(xa[at_j(j)])
                else:
                    dx = scalar(xa.reshape(-1)[j + 1]) - scalar(xa.reshape(-1)[j])
                if ints:  # double .* intN is intN: rounded half away from zero, saturated
                    yy = scalar(to_integer_class(np.asarray(dx * yy, dtype=np.float64), self.y.dtype))
                    w = 0.5
                else:
                    w = 0.5 * dx
            terms.append(OctaveTerm(at_j(j), at_j(j + 1), yy, w))
        rule = {
            "unit": "unit spacing: 0.5 * sum(y(2:n) + y(1:n-1))",
            "scalar": "a scalar spacing x: x * 0.5 * sum(y(2:n) + y(1:n-1))",
            "vector": "x a vector of the sample points along dim: 0.5 * sum(diff(x) .* (y(2:n) + y(1:n-1)))",
            "array": "x of y's size: 0.5 * sum(diff(x, 1, dim) .* (y(2:n) + y(1:n-1)), dim)",
        }[self.x_kind]
        return OctaveExplanation(
            op="octave.trapz",
            index=idx,
            value=value,
            terms=terms,
            summary=f"trapz along dimension {self.axis + 1}: {count(max(n - 1, 0), 'trapezoid')}.",
            sections=(
                section(
                    "Rule",
                    rule,
                    f"worked along dimension {self.axis + 1} (NumPy axis={self.axis}; "
                    "np.trapezoid's default is the last axis)",
                ),
                section(
                    "Element",
                    f"{octave_ref('z', idx)} = sum over the trapezoids of "
                    f"{slice_ref('y', full, self.axis)}: "
                    + " + ".join(f"({fmt_value(t.input_value)})({fmt_value(t.weight_value)})" for t in terms[:6])
                    + (" + ..." if len(terms) > 6 else "")
                    + f" = {fmt_value(value)}",
                ),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"dim": self.axis + 1, "trapezoids": max(n - 1, 0)},
        )


def reduced_shape_of(shape: Sequence[int], axis: int) -> tuple[int, ...]:
    out = list(shape)
    out[axis] = 1
    return tuple(out)


def _as_double_sum(s: np.ndarray, axis: int) -> np.ndarray:
    """Octave's ``sum(s, dim)``: integer classes summed as double."""
    if s.dtype.kind in "iu":
        return s.sum(axis=axis, keepdims=True, dtype=np.float64)
    return s.sum(axis=axis, keepdims=True)


def _trapz_dim(dim: Any, nd: int) -> int:
    dim = scalar_argument(dim)
    bad = isinstance(dim, bool) or not isinstance(dim, (int, np.integer, float, np.floating))
    if bad or not float(dim).is_integer() or not 1 <= float(dim) <= nd:
        raise ArgumentError(f"trapz: DIM must be an integer and a valid dimension (1 to {nd}), got {dim!r}")
    return int(dim) - 1


@frontend("octave.trapz")
def trapz(x: Any, y: Any = None, dim: Any = None) -> TrapzPlan:
    """Octave's ``trapz(y)``, ``trapz(x, y)``, ``trapz(y, dim)`` and ``trapz(x, y, dim)``.

    Parameters
    ----------
    x : array_like
        ``trapz(y)``: the samples. Otherwise the spacing: a scalar, a vector of the sample
        points along ``dim`` (its length must be ``size(y, dim)``), or an array of ``y``'s size.
    y : array_like or int, optional
        The samples; ``trapz(y, dim)``: a scalar second argument with a non-scalar first one is
        the dimension (as trapz.m decides).
    dim : int, optional
        1-based, at most ``ndims(y)``; default the first non-singleton dimension.

    Returns
    -------
    ndarray
        ``y``'s shape with size 1 along ``dim``; double (single for single input). Integer
        classes: the pair sums saturate in the class, are multiplied by ``diff(x)`` in the
        class (rounded, saturated), then summed as double, as trapz.m's Octave arithmetic does.

    Raises
    ------
    ValueError
        "trapz: DIM must be an integer and a valid dimension", "trapz: length of X and length
        of Y along DIM must match", "trapz: X and Y must have same shape".

    Notes
    -----
    GNU Octave 7.3 ``trapz.m``, proven against ``octave-cli`` in the tests.
    """
    have_xy = have_dim = False
    xv = _numeric(x, "trapz", "X must be numeric")
    if dim is not None and y is None:
        have_dim = True  # trapz(y, dim=2) in Python: Octave's trapz(y, 2)
    elif dim is not None:
        have_xy = have_dim = True
    elif y is not None:
        yv0 = np.asarray(y)
        if yv0.size == 1 and xv.size != 1:
            have_dim, dim = True, y
        else:
            have_xy = True
    if have_xy:
        yv = _numeric(y, "trapz", "Y must be numeric")
        sx: np.ndarray | None = xv
    else:
        yv, sx = xv, None
    if yv.dtype.kind == "b":
        yv = yv.astype(np.float64)
    if sx is not None and sx.dtype.kind in "iu":
        raise ArgumentError(
            f"trapz: arraylens.octave does not reproduce trapz(x, y) with X of the {sx.dtype.name} "
            "class (Octave multiplies in the integer class, rounding); pass double(x)"
        )
    if sx is not None and sx.dtype.kind == "b":
        sx = sx.astype(np.float64)
    if have_dim:
        axis = _trapz_dim(dim, yv.ndim)
    else:  # trapz.m: find (sz > 1, 1), else 1 (a size-0 dimension is passed over)
        axis = next((a for a, n in enumerate(yv.shape) if n > 1), 0)
    n = yv.shape[axis]
    if sx is None:
        kind = "unit"
    elif sx.size == 1:
        kind = "scalar"
    elif sx.ndim == 2 and 1 in sx.shape:
        kind = "vector"
        if sx.size != n:
            raise ArgumentError(
                f"trapz: length of X and length of Y along DIM must match (X has {sx.size}, "
                f"Y has {n} along dimension {axis + 1})"
            )
    else:
        kind = "array"
        if sx.shape != yv.shape:
            raise ArgumentError(
                f"trapz: X and Y must have same shape (X is {fmt_shape(sx.shape)}, Y is {fmt_shape(yv.shape)})"
            )
    sources = (("x", given(x)),) + ((("y", given(y)),) if have_xy else ())
    return TrapzPlan(yv, sx, kind, axis, sources, "y" if have_xy else "x")
