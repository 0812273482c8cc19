"""Octave 7's ``median(x, dim)`` and ``[m, f] = mode(x, dim)``.

``median`` (GNU Octave 7.3 ``median.m``): the middle element of the sorted slice, or for an even
length the two middle ones summed in x's class and halved (``sum (..., "native") / 2``: an
integer class saturates the sum and rounds the half away from zero, ``median(int8([100 120]))``
is 64; a logical median of two middle values is true if either is); any NaN in a slice gives
NaN; complex values are ordered by abs, then arg. NumPy's ``np.median`` propagates NaN too, but
returns float64 for integers and orders complex values lexicographically.

``mode`` (``mode.m``): the most frequent value of each slice, ties to the smallest (the first in
sorted order); ``f`` counts it (double). Runs of equal values are found as ``diff(sort(x)) !=
0``, so every NaN, and every Inf (``Inf - Inf`` is NaN), counts on its own. ``m`` keeps x's
class. Octave's third output ``c`` (a cell array of all the tied values) is not reproduced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.text import join_ints
from arraylens.frontends.octave._along import Along, along, reduced_shape
from arraylens.frontends.octave._arrays import (
    fmt_shape,
    fmt_value,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
    scalar_argument,
    slice_ref,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave._mixed import over_real
from arraylens.frontends.octave._nargout import check_nargout, select_outputs
from arraylens.frontends.octave._order import octave_sorted, sorted_lines


def _native_half_sum(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``sum ([a, b], "native") / 2`` of an integer class: the sum saturated in the class, then
    halved and rounded half away from zero, exactly (Octave divides 64-bit integers exactly:
    ``median(int64([2^53+1, 2^53+4]))`` is 2^53+3)."""
    info = np.iinfo(a.dtype)
    with np.errstate(over="ignore"):
        s = a + b  # wraps on overflow; saturate where it did
    if a.dtype.kind == "u":
        s = np.where(s < a, info.max, s)
    else:
        over = (a > 0) & (b > 0) & (s < 0)
        under = (a < 0) & (b < 0) & (s >= 0)
        s = np.where(over, info.max, np.where(under, info.min, s))
    return (s // 2 + ((s % 2 != 0) & (s > 0))).astype(a.dtype)


@dataclass(frozen=True)
class MedianPlan:
    a: Along

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(reduced_shape(self.a))

    def reduce(self, x: np.ndarray) -> np.ndarray:
        """The kernel on ``x`` (the input or a window of it), keepdims."""
        ax = self.a.axis
        n = x.shape[ax]
        k = (n + 1) // 2 - 1  # 0-based; Octave's k = floor((n + 1) / 2)
        if x.dtype.kind == "c":
            xs = octave_sorted(x, ax)
        else:  # nth_element: only the middle values matter (a slice with NaN is NaN below)
            xs = np.partition(x, [k, k + 1] if n % 2 == 0 else k, axis=ax)
        lo = np.take(xs, [k], axis=ax)
        if n % 2 == 1:
            out = lo
        else:
            hi = np.take(xs, [k + 1], axis=ax)
            if x.dtype.kind == "b":
                out = lo | hi  # logical(sum (..., "native") / 2): true if either is true
            elif x.dtype.kind in "iu":
                out = _native_half_sum(lo, hi)
            else:
                out = over_real(lo + hi, 2)
        if x.dtype.kind in "fc":
            out = np.where(np.isnan(x).any(axis=ax, keepdims=True), np.nan, out).astype(x.dtype)
        return out

    @quiet
    def compute(self) -> np.ndarray:
        return self.reduce(self.a.x).reshape(self.out_shape)

    def numpy_call(self) -> str:
        src, lines = self.a.named_source()
        ax = self.a.axis
        n = self.a.x.shape[ax]
        shape = join_ints(self.out_shape)
        kind = self.a.x.dtype.kind
        if kind == "f":
            lines.append(
                f"np.median({src}, axis={ax}, keepdims=True).astype(np.{self.a.x.dtype.name}).reshape({shape})"
            )
            return "\n".join(lines)
        lines += sorted_lines(src, ax, kind == "c")
        k = (n + 1) // 2 - 1
        lo = f"np.take(xs, [{k}], axis={ax})"
        hi = f"np.take(xs, [{k + 1}], axis={ax})"
        if n % 2 == 1:
            expr = lo
        elif kind == "b":
            expr = f"{lo} | {hi}"
        elif kind in "iu":
            info = np.iinfo(self.a.x.dtype)
            lines.append(f"lo, hi = {lo}, {hi}; s = lo + hi  # wraps on overflow: saturate as Octave's native sum")
            if kind == "u":
                lines.append(f"s = np.where(s < lo, {info.max}, s)")
            else:
                lines.append(
                    f"s = np.where((lo > 0) & (hi > 0) & (s < 0), {info.max}, "
                    f"np.where((lo < 0) & (hi < 0) & (s >= 0), {info.min}, s))"
                )
            expr = f"(s // 2 + ((s % 2 != 0) & (s > 0))).astype(np.{self.a.x.dtype.name})"
        elif kind == "c":  # halved part by part, as Octave divides a complex value by a real one
            lines.append(f"s = {lo} + {hi}; q = s.real / 2 + 0j; q.imag = s.imag / 2")
            expr = "q"
        else:
            expr = f"({lo} + {hi}) / 2"
        if kind == "c":
            nan = f"np.isnan({src}).any(axis={ax}, keepdims=True)"
            expr = f"np.where({nan}, np.nan, {expr}).astype(np.{self.a.x.dtype.name})"
        lines.append(f"({expr}).reshape({shape})")
        return "\n".join(lines)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (self.a.x.ndim - len(idx))
        ax = self.a.axis
        view = tuple(slice(None) if a == ax else i for a, i in enumerate(full))
        v = self.a.x[view]
        value = scalar(self.reduce(v.reshape(self._one(v.size)))[(0,) * self.a.x.ndim])
        xs = octave_sorted(v, 0)
        n = v.size
        k = (n + 1) // 2
        ref = slice_ref("x", full, ax)
        sorted_text = ", ".join(fmt_value(scalar(t)) for t in xs[:12]) + (", ..." if n > 12 else "")
        lines = [f"{ref} sorted: [{sorted_text}] ({n} elements)"]
        has_nan = v.dtype.kind in "fc" and bool(np.isnan(v).any())
        expected: Any
        if has_nan:
            expected = float("nan")
            lines.append("the slice holds NaN, so Octave's median is NaN (np.nanmedian would skip it)")
        elif n % 2 == 1:
            expected = scalar(xs[k - 1])
            lines.append(f"odd length: the middle element, x_sorted({k}) = {fmt_value(expected)}")
        else:
            a_, b_ = scalar(xs[k - 1]), scalar(xs[k])
            if v.dtype.kind == "b":
                expected = bool(a_) or bool(b_)
                rule = "logical: sum (..., 'native') / 2 made logical, true if either is true"
            elif v.dtype.kind in "iu":
                expected = scalar(_native_half_sum(xs[k - 1 : k], xs[k : k + 1])[0])
                rule = f"summed in {v.dtype.name} (saturating), halved, rounded half away from zero"
            else:
                total = a_ + b_
                expected = complex(total.real / 2, total.imag / 2) if isinstance(total, complex) else total / 2
                rule = "their mean"
            lines.append(
                f"even length: x_sorted({k}) = {fmt_value(a_)} and x_sorted({k + 1}) = {fmt_value(b_)}, {rule}"
            )
        if v.dtype.kind == "c":
            lines.append("complex values are ordered by abs, then arg (np.median sorts by real part, then imaginary)")
        if v.dtype.kind in "iu":
            lines.append(f"Octave keeps {v.dtype.name}; np.median returns float64")
        return OctaveExplanation(
            op="octave.median",
            index=idx,
            value=value,
            expected=expected,
            summary=f"median worked along {self.a.reason()}.",
            sections=(
                section(
                    "Dimension",
                    f"median worked along {self.a.reason()}",
                    f"NumPy axis={self.a.axis}; np.median's own default is axis=None (all elements)",
                ),
                section("Elements", *lines, f"{octave_ref('out', idx)} = {fmt_value(value)}"),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"dim": ax + 1, "count": n},
        )

    def _one(self, n: int) -> tuple[int, ...]:
        shape = [1] * self.a.x.ndim
        shape[self.a.axis] = n
        return tuple(shape)


@frontend("octave.median")
def median(x: Any, dim: int | None = None) -> MedianPlan:
    """Octave 7's ``median(x, dim)``.

    Parameters
    ----------
    x : array_like, non-empty, real, complex, integer or logical (a 1-d array is a 1xN row)
    dim : int or None
        1-based dimension, default the first non-singleton one (beyond ``ndims(x)``: x itself).

    Returns
    -------
    ndarray
        ``x``'s shape with size 1 along ``dim``, x's class (an integer class stays integer:
        the two middle values summed in the class, saturating, halved and rounded half away
        from zero; logical: true if either middle value is). A slice with NaN gives NaN.

    Raises
    ------
    ValueError, TypeError
        Octave's "median: X must be a numeric vector or matrix", "median: X cannot be an empty
        matrix", "median: DIM must be an integer and a valid dimension".

    Notes
    -----
    GNU Octave 7.3 ``median.m``, proven against ``octave-cli``.
    """
    _check_numeric("median", x)
    if np.size(x) == 0:
        raise ArgumentError(f"median: X cannot be an empty matrix (x is {fmt_shape(octave_shape(np.shape(x)))})")
    _check_dim("median", dim)
    return MedianPlan(along("median", x, dim, keep_class=True))


def _check_numeric(fname: str, x: Any) -> None:
    if isinstance(x, str) or np.asarray(x).dtype.kind not in "iubfc":
        raise ArgumentTypeError(f"{fname}: X must be a numeric vector or matrix (got {type(x).__name__})")


def _check_dim(fname: str, dim: Any) -> None:
    if dim is None:
        return
    dim = scalar_argument(dim)
    ok = (
        not isinstance(dim, bool)
        and isinstance(dim, (int, np.integer, float, np.floating))
        and float(dim).is_integer()
        and dim > 0
    )
    if not ok:
        raise ArgumentError(f"{fname}: DIM must be an integer and a valid dimension, got {dim!r}")


@dataclass(frozen=True)
class ModePlan:
    a: Along
    nargout: int

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(reduced_shape(self.a))

    def reduce(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The kernel on ``x`` (keepdims): (m in x's class, f as float64)."""
        ax = self.a.axis
        moved = np.moveaxis(octave_sorted(x, ax), ax, -1)
        rows = moved.reshape(-1, moved.shape[-1])
        n = rows.shape[1]
        if rows.dtype.kind in "fc":
            changed = (rows[:, 1:] - rows[:, :-1]) != 0  # diff != 0: NaN and Inf count alone
        else:
            changed = rows[:, 1:] != rows[:, :-1]
        starts = np.concatenate([np.ones((rows.shape[0], 1), dtype=bool), changed], axis=1)
        run = np.cumsum(starts, axis=1) - 1 + (np.arange(rows.shape[0]) * n)[:, None]
        counts = np.bincount(run.ravel(), minlength=rows.size)[run]
        f = counts.max(axis=1)
        first = np.argmax(counts == f[:, None], axis=1)
        m = rows[np.arange(rows.shape[0]), first]
        shape = list(moved.shape[:-1])
        m_out = np.moveaxis(m.reshape((*shape, 1)), -1, ax)
        f_out = np.moveaxis(f.astype(np.float64).reshape((*shape, 1)), -1, ax)
        return m_out, f_out

    @quiet
    def compute(self) -> Any:
        if self.a.x.size == 0:
            return select_outputs(self._empty(), self.nargout)
        m, f = self.reduce(self.a.x)
        return select_outputs([m.reshape(self.out_shape), f.reshape(self.out_shape)], self.nargout)

    def _empty_shapes(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """mode.m on an empty x (the dimension along it is not empty, else it is refused)."""
        shape = self.a.octave_in_shape
        if self.a.axis >= len(shape):
            return shape, shape
        m_shape = list(shape)
        m_shape[self.a.axis] = 1
        # f = max (t2, [], dim) of zeros (sz): Octave's max keeps an empty dimension empty
        f_shape = list(shape)
        if shape[self.a.axis] != 0:
            f_shape[self.a.axis] = 1
        return octave_shape(m_shape), octave_shape(f_shape)

    def _empty(self) -> list[np.ndarray]:
        m_shape, f_shape = self._empty_shapes()
        if self.a.axis >= len(self.a.octave_in_shape):
            return [self.a.x.reshape(m_shape), np.ones(f_shape)]
        return [np.zeros(m_shape, self.a.x.dtype), np.zeros(f_shape)]

    def numpy_call(self) -> str:
        if self.a.x.size == 0:
            m_shape, f_shape = self._empty_shapes()
            dt = self.a.x.dtype.name
            if self.a.axis >= len(self.a.octave_in_shape):
                exprs = [f"np.zeros(({join_ints(m_shape)}), dtype=np.{dt})", f"np.ones(({join_ints(f_shape)}))"]
            else:
                exprs = [f"np.zeros(({join_ints(m_shape)}), dtype=np.{dt})", f"np.zeros(({join_ints(f_shape)}))"]
            return exprs[0] if self.nargout == 1 else f"({exprs[0]}, {exprs[1]})"
        src, lines = self.a.named_source()
        ax = self.a.axis
        kind = self.a.x.dtype.kind
        lines += sorted_lines(src, ax, kind == "c")
        diff = "(r[:, 1:] - r[:, :-1]) != 0" if kind in "fc" else "r[:, 1:] != r[:, :-1]"
        shape = join_ints(self.out_shape)
        lines += [
            f"r = np.moveaxis(xs, {ax}, -1); r = r.reshape(-1, r.shape[-1])",
            f"s = np.concatenate([np.ones((len(r), 1), dtype=bool), {diff}], axis=1)",
            "run = np.cumsum(s, axis=1) - 1 + np.arange(len(r))[:, None] * r.shape[1]",
            "c = np.bincount(run.ravel(), minlength=r.size)[run]; f = c.max(axis=1)",
            "m = r[np.arange(len(r)), np.argmax(c == f[:, None], axis=1)]",
        ]
        # reduced slices come in the order of np.moveaxis(xs, ax, -1): fix it with moveaxis
        rest = [n for a, n in enumerate(self.a.x.shape) if a != ax]
        m_expr = f"np.moveaxis(m.reshape({join_ints([*rest, 1])}), -1, {ax}).reshape({shape})"
        f_expr = f"np.moveaxis(f.astype(float).reshape({join_ints([*rest, 1])}), -1, {ax}).reshape({shape})"
        lines.append(m_expr if self.nargout == 1 else f"({m_expr}, {f_expr})")
        return "\n".join(lines)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        if self.a.x.size == 0:
            m_shape, _ = self._empty_shapes()
            resolve_index(at, m_shape)  # an empty result: raises IndexError
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (self.a.x.ndim - len(idx))
        ax = self.a.axis
        view = tuple(slice(None) if a == ax else i for a, i in enumerate(full))
        v = self.a.x[view]
        shape = [1] * self.a.x.ndim
        shape[ax] = v.size
        m, f = self.reduce(v.reshape(shape))
        value = scalar(m.ravel()[0])
        count = int(f.ravel()[0])
        xs = octave_sorted(v, 0)
        # Independent count: runs of equal neighbours in the sorted slice (diff != 0 starts a run)
        runs: list[tuple[Any, int]] = []
        for t in xs.tolist():
            if runs and v.dtype.kind in "fc" and complex(t) - complex(runs[-1][0]) == 0:
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            elif runs and v.dtype.kind not in "fc" and t == runs[-1][0]:
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            else:
                runs.append((t, 1))
        best = max(c for _, c in runs)
        winner = next(t for t, c in runs if c == best)
        ties = [t for t, c in runs if c == best]
        ref = slice_ref("x", full, ax)
        lines = [
            f"{ref} sorted: ["
            + ", ".join(fmt_value(scalar(t)) for t in xs[:12])
            + (", ..." if v.size > 12 else "")
            + "]",
            f"the most frequent value occurs {best} time{'s' if best != 1 else ''}: "
            + ", ".join(fmt_value(scalar(np.asarray(t, dtype=v.dtype))) for t in ties[:8])
            + (" ..." if len(ties) > 8 else ""),
        ]
        if len(ties) > 1:
            lines.append("ties go to the smallest (the first in sorted order; complex values by abs, then arg)")
        if v.dtype.kind in "fc" and not np.isfinite(v).all():
            lines.append(
                "runs are found as diff(sort(x)) != 0: every NaN and every Inf (Inf - Inf is NaN) counts alone"
            )
        lines.append(f"{octave_ref('m', idx)} = {fmt_value(value)}, {octave_ref('f', idx)} = {count}")
        return OctaveExplanation(
            op="octave.mode",
            index=idx,
            value=value,
            expected=scalar(np.asarray(winner, dtype=v.dtype)),
            summary=f"mode worked along {self.a.reason()}: {fmt_value(value)} occurs {count} times.",
            sections=(
                section("Dimension", f"mode worked along {self.a.reason()}", f"NumPy axis={self.a.axis}"),
                section("Elements", *lines),
                section(
                    "NumPy",
                    "NumPy has no mode function; the lines below count the runs of the sorted slice as "
                    "Octave's mode.m does",
                    *self.numpy_call().splitlines(),
                ),
            ),
            details={"dim": ax + 1, "count": count, "expected_count": best},
        )


@frontend("octave.mode")
def mode(x: Any, dim: int | None = None, *, nargout: int = 1) -> ModePlan:
    """Octave 7's ``[m, f] = mode(x, dim)``.

    Parameters
    ----------
    x : array_like, real, complex, integer or logical (a 1-d array is a 1xN row)
    dim : int or None
        1-based dimension, default the first dimension longer than 1 (beyond ``ndims(x)``:
        ``m = x``, ``f = 1``).
    nargout : {1, 2}
        1: ``m``; 2: ``(m, f)``. Octave's third output ``c`` (a cell array of every value tied
        for most frequent) has no NumPy array form here and is refused.

    Returns
    -------
    m : ndarray, x's class; f : ndarray, float64 (counts, Octave's double)

    Raises
    ------
    ValueError, TypeError
        Octave's "mode: X must be a numeric vector or matrix", "mode: DIM must be an integer and
        a valid dimension", "mode: function called with too many outputs"; an empty dimension
        ``dim`` of a non-empty result (Octave 7.3's mode.m fails with an index error there).

    Notes
    -----
    GNU Octave 7.3 ``mode.m``, proven against ``octave-cli``.
    """
    if nargout == 3:
        raise ArgumentError(
            "mode: nargout=3 is not supported: Octave's third output c is a cell array (one "
            "column of every value tied for most frequent per slice), which has no NumPy array "
            "form here; ask for nargout=2 ([m, f])"
        )
    k = check_nargout("mode", nargout, 3)
    _check_numeric("mode", x)
    _check_dim("mode", dim)
    shape = octave_shape(np.shape(x))
    if dim is None and np.size(x) == 0:
        # mode.m: find (sz > 1, 1), else 1 (a dimension of size 0 is not chosen)
        longer = [a for a, s in enumerate(shape) if s > 1]
        dim = longer[0] + 1 if longer else 1
    a = along("mode", x, dim, allow_empty=True, keep_class=True)
    if a.axis < len(shape) and shape[a.axis] == 0:
        rest = int(np.prod([s for i, s in enumerate(shape) if i != a.axis]))
        if rest > 0:
            message = (
                f"xs(1,_): out of bound 0 (dimensions are 0x{rest})"
                if len(shape) == 2
                else "Invalid resizing operation or ambiguous assignment to an out-of-bounds array element"
            )
            raise ArgumentError(
                f"mode: Octave 7.3's mode.m fails on a dimension of length 0 (dim={a.axis + 1} of the "
                f"{fmt_shape(shape)} input): {message}"
            )
    return ModePlan(a, k)
