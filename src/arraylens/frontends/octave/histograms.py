"""Octave's ``[n, idx] = histc(x, edges, dim)`` and ``[nn, xx] = hist(y, nbins_or_centres)``.

``histc`` counts ``edges(k) <= x < edges(k+1)`` and, in the LAST bin, only the values equal
to ``edges(end)``; values outside (and NaN) have ``idx`` 0. ``hist`` takes bin CENTRES (or a
number of bins, whose centres it computes from the finite range) and puts each value in the
bin of the nearest centre: the bin edges are the midpoints between centres, a value on a
midpoint goes to the lower bin, and the first and last bins reach to -Inf and +Inf.
``np.histogram`` takes bin EDGES, closes the last bin on the right and drops values outside.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocation
from arraylens.core.text import join_ints
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    fmt_shape,
    fmt_value,
    octave_literal,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
    scalar_argument,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave._nargout import check_nargout, select_outputs
from arraylens.frontends.octave.numpy_calls import Given, given, prepared
from arraylens.frontends.octave.unique import is_vector_shape


def bin_counts(b: np.ndarray, axis: int, nbins: int) -> np.ndarray:
    """How many of ``b`` (1-based bins, 0: none) equal 1..``nbins`` along ``axis``, per
    position of the other axes: ``b``'s shape with ``nbins`` along ``axis``, float64."""
    moved = np.moveaxis(b, axis, -1)
    others = moved.shape[:-1]
    m = math.prod(others)
    check_allocation((m, nbins + 1), np.float64, "the counts")
    flat = moved.reshape(m, moved.shape[-1]) + (nbins + 1) * np.arange(m, dtype=np.int64)[:, None]
    counts = np.bincount(flat.ravel(), minlength=m * (nbins + 1)).reshape(m, nbins + 1)[:, 1:]
    return np.moveaxis(counts.reshape(*others, nbins).astype(np.float64), -1, axis)


def _real_array(v: Any, fname: str, message: str, allow_empty: bool = True) -> np.ndarray:
    arr = as_octave_array(v, fname, allow_empty=allow_empty, keep_class=True)
    if arr.dtype.kind == "c":
        raise ArgumentTypeError(message)
    return arr


# ---------------------------------------------------------------------------------- histc


@dataclass(frozen=True)
class HistcPlan:
    x: np.ndarray  # Octave's shape and class
    source: Given
    edges: np.ndarray  # float64, sorted, 1-d
    sorted_edges: bool  # the caller's edges were sorted (no sort in the NumPy code)
    axis: int
    nargout: int

    @property
    def n_shape(self) -> tuple[int, ...]:
        shape = list(self.x.shape)
        shape[self.axis] = self.edges.size
        return octave_shape(shape)

    def bins(self) -> np.ndarray:
        """1-based bin of every element (0: outside or NaN), x's shape, int64."""
        x = self.x.astype(np.float64) if self.x.dtype.kind in "iub" else self.x
        b = np.searchsorted(self.edges, x, side="right")
        return np.where(x <= self.edges[-1], b, 0).astype(np.int64)

    def count(self, b: np.ndarray) -> np.ndarray:
        """Counts of the 1-based bins ``b`` along the axis: ``n``'s values, as float64."""
        return bin_counts(b, self.axis, self.edges.size)

    @property
    def flat_counts(self) -> bool:
        """histc.m's lookup path (more than 3 edges) for a VECTOR x accumulates the counts at
        linear positions 1..numel(edges) of ``n`` (``accumarray(idx(:), 1, nsz)`` without the
        offsets it adds for a matrix): along the vector's own dimension that is the usual
        result; along a singleton dimension the counts fill ``n`` in column-major order."""
        s = self.x.shape
        return self.edges.size > 3 and is_vector_shape(s) and s[self.axis] == 1 and self.x.size > 1

    def counts(self, b: np.ndarray) -> np.ndarray:
        if self.flat_counts:
            flat = np.zeros(math.prod(self.n_shape))
            flat[: self.edges.size] = np.bincount(b.ravel(), minlength=self.edges.size + 1)[1:]
            return flat.reshape(self.n_shape, order="F")
        return self.count(b).reshape(self.n_shape)

    @quiet
    def compute(self) -> Any:
        if self.edges.size == 0:
            e = np.zeros((0, 0))
            return select_outputs((e, e.astype(np.int64)), self.nargout)
        b = self.bins()
        return select_outputs((self.counts(b), b), self.nargout)

    def numpy_call(self) -> str:
        if self.edges.size == 0:
            return "np.zeros((0, 0))" if self.nargout == 1 else "(np.zeros((0, 0)), np.zeros((0, 0), dtype=np.int64))"
        src = prepared("x", self.source, self.x.shape, np.float64 if self.x.dtype.kind in "iub" else self.x.dtype)
        e = "np.ravel(edges, order='F')"
        if not self.sorted_edges:
            e = f"np.sort({e})"
        ax = self.axis
        lines = [
            f"xo = {src}; e = {e}",
            "b = np.where(xo <= e[-1], np.searchsorted(e, xo, side='right'), 0)",
        ]
        if self.flat_counts:
            lines += [
                f"n = np.zeros({math.prod(self.n_shape)})",
                "n[:e.size] = np.bincount(b.ravel(), minlength=e.size + 1)[1:]",
                f"n = n.reshape({join_ints(self.n_shape)}, order='F')  # histc.m's counts of a vector x along a "
                "singleton dimension: column-major from the start",
            ]
        else:
            lines += [
                f"bm = np.moveaxis(b, {ax}, -1); sh = bm.shape[:-1]; m = int(np.prod(sh)); "
                f"bm = bm.reshape(m, bm.shape[-1]) + (e.size + 1) * np.arange(m)[:, None]",
                "c = np.bincount(bm.ravel(), minlength=m * (e.size + 1)).reshape(m, e.size + 1)[:, 1:]",
                f"n = np.moveaxis(c.reshape(*sh, e.size), -1, {ax}).astype(float).reshape({join_ints(self.n_shape)})",
            ]
        return "\n".join([*lines, "n" if self.nargout == 1 else "(n, b)"])

    def _explain_flat_zero(self, idx: tuple[int, ...], k: int) -> OctaveExplanation:
        return OctaveExplanation(
            op="octave.histc",
            index=idx,
            value=0.0,
            expected=0.0,
            summary=f"{octave_ref('n', idx)} = 0: Octave 7.3's histc.m puts the counts of a vector x "
            f"along a singleton dimension at the first {self.edges.size} positions of n (column-major); "
            f"this is position {k + 1}.",
            sections=(section("NumPy equivalent", *self.numpy_call().splitlines()),),
            details={"position": k + 1},
        )

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        if self.edges.size == 0:
            raise ArgumentError("histc: the result is empty (no edges): there is no element to explain")
        idx = resolve_index(at, self.n_shape)
        full = idx + (0,) * (max(self.x.ndim, self.axis + 1) - len(idx))
        if self.flat_counts:
            k = int(np.ravel_multi_index(idx, self.n_shape, order="F"))
            if k >= self.edges.size:
                return self._explain_flat_zero(idx, k)
            xs = self.x.ravel()
        else:
            k = full[self.axis]  # 0-based bin
            xfull = self.x.reshape(self.x.shape + (1,) * (len(full) - self.x.ndim))
            xs = xfull[tuple(slice(None) if a == self.axis else i for a, i in enumerate(full))]
        x = xs.astype(np.float64) if xs.dtype.kind in "iub" else xs
        b = np.where(x <= self.edges[-1], np.searchsorted(self.edges, x, side="right"), 0)
        value = float((b == k + 1).sum())  # the kernel on one slice
        last = k == self.edges.size - 1
        lo = self.edges[k]
        if last:
            inside = x == lo
            rule = f"the last bin counts the values EQUAL to edges(end) = {fmt_value(float(lo))}"
        else:
            hi = self.edges[k + 1]
            # Independently: the same half-open interval test as histc.m's small-edges loop
            inside = (lo <= x) & (x < hi)
            # a value in [lo, hi) that also equals a later, repeated edge belongs to the later bin
            inside &= ~np.isin(x, self.edges[k + 1 :]) | (x < hi)
            rule = (
                f"bin {k + 1} counts edges({k + 1}) <= x < edges({k + 2}): "
                f"{fmt_value(float(lo))} <= x < {fmt_value(float(hi))}"
            )
        members = [int(i) for i in np.flatnonzero(inside)]
        dim = self.axis + 1
        where = ", ".join(str(i + 1) for i in members[:10]) + (", ..." if len(members) > 10 else "")
        return OctaveExplanation(
            op="octave.histc",
            index=idx,
            value=value,
            expected=float(len(members)),
            summary=f"{octave_ref('n', idx)} = {fmt_value(value)}: {rule}.",
            sections=(
                section(
                    "Bin",
                    rule,
                    f"along dimension {dim} ({fmt_shape(self.x.shape)} input): positions "
                    f"{where or 'none'} of the slice",
                ),
                section(
                    "Rules",
                    *(
                        [
                            "Octave 7.3's histc.m puts the counts of a vector x along a singleton "
                            f"dimension at the first {self.edges.size} positions of n, in column-major order"
                        ]
                        if self.flat_counts
                        else []
                    ),
                    "values below edges(1), above edges(end), and NaN are not counted (their idx is 0)",
                    "np.histogram closes its last bin on BOTH sides (a <= x <= b) and has no idx output; "
                    "np.digitize / np.searchsorted(..., side='right') give the 0-based bins",
                ),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"bin": k + 1, "dim": dim, "members": members},
        )


def _histc_nd_failure(shape: tuple[int, ...], axis: int, num_edges: int) -> bool:
    """True where Octave 7.3's histc.m goes wrong: with at most 3 edges it builds
    ``cell(ndims - dim)`` (a square cell) for the trailing subscripts, so two or more trailing
    dimensions add empty subscripts; the assignment of the counts then fails ("=:
    nonconformant arguments (op1 is 1x2x2x0x0, op2 is 2x2)") or silently leaves zeros."""
    return num_edges <= 3 and len(shape) - (axis + 1) >= 2


@frontend("octave.histc")
def histc(x: Any, edges: Any, dim: Any = None, *, nargout: int = 1) -> HistcPlan:
    """Octave's ``n = histc(x, edges, dim)`` and ``[n, idx] = histc(...)``.

    Parameters
    ----------
    x : array_like, real (numeric or logical), any shape (a 1-d array is a 1xN row)
    edges : array_like, real: the bin edges (any shape, read in column-major order; unsorted
        edges are sorted with Octave's warning "histc: edge values not sorted on input")
    dim : int, optional
        1-based dimension, default the first non-singleton; at most ``ndims(x)``.
    nargout : {1, 2}

    Returns
    -------
    n : ndarray of float64
        ``x``'s shape with ``size(n, dim) == numel(edges)``: bin ``k`` counts
        ``edges(k) <= x < edges(k+1)``, the last bin counts ``x == edges(end)``.
    idx : ndarray of int64, ``x``'s shape
        The 1-based bin of every element; 0 outside the edges and for NaN.

    Raises
    ------
    ValueError, TypeError
        Octave's "histc: X argument must be real-valued, not complex", "histc: EDGES must be
        real-valued, not complex", "histc: DIM must be an integer and a valid dimension";
        NaN among the edges (Octave's order of them is not reproduced); Octave 7.3's own
        failure for at most 3 edges along a dimension followed by two or more dimensions
        (Octave fails or returns zeros there; refused).

    Notes
    -----
    GNU Octave 7.3 ``scripts/statistics/histc.m``, proven against ``octave-cli``. Empty
    ``edges`` give ``n = idx = []`` with Octave's warning "histc: empty EDGES specified".
    """
    k = check_nargout("histc", nargout, 2)
    arr = _real_array(x, "histc", "histc: X argument must be real-valued, not complex")
    e = as_octave_array(edges, "histc", name="EDGES", allow_empty=True, keep_class=True)
    if e.size == 0:
        warnings.warn("histc: empty EDGES specified", UserWarning, stacklevel=3)
        return HistcPlan(arr, given(x), np.zeros(0), True, 0, k)
    if e.dtype.kind == "c":
        raise ArgumentTypeError("histc: EDGES must be real-valued, not complex")
    ev = e.ravel(order="F").astype(np.float64)
    if np.isnan(ev).any():
        raise ArgumentError("histc: EDGES holds NaN; arraylens.octave does not reproduce Octave's bins then")
    sorted_edges = bool(np.all(ev[:-1] <= ev[1:]))
    if not sorted_edges:
        warnings.warn("histc: edge values not sorted on input", UserWarning, stacklevel=3)
        ev = np.sort(ev)
    shape = arr.shape
    if dim is None:  # histc.m: find (sz > 1, 1), else 1 (an empty dimension is skipped)
        axis = next((a for a, m in enumerate(shape) if m > 1), 0)
    else:
        dim = scalar_argument(dim)
        ok = (
            not isinstance(dim, (bool, str))
            and np.ndim(dim) == 0
            and np.asarray(dim).dtype.kind in "iuf"
            and float(dim) == math.trunc(float(dim))
            and 1 <= float(dim) <= len(shape)
        )
        if not ok:
            raise ArgumentError(f"histc: DIM must be an integer and a valid dimension (1 to {len(shape)}), got {dim!r}")
        axis = int(dim) - 1
    if arr.dtype == np.bool_ and ev.size > 3:
        raise ArgumentTypeError(
            "Invalid call to lookup: Octave 7.3's histc.m calls lookup(edges, x), which refuses a "
            "logical x, for more than 3 edges"
        )
    if _histc_nd_failure(shape, axis, ev.size):
        raise ArgumentError(
            f"histc: not reproduced: with at most 3 edges along dimension {axis + 1} of a "
            f'{fmt_shape(shape)} array, Octave 7.3\'s histc.m fails ("=: nonconformant arguments") '
            "or returns zeros (it indexes the counts with a square cell of trailing subscripts); "
            "give 4 or more edges, or a dimension followed by at most one other"
        )
    return HistcPlan(arr, given(x), ev, sorted_edges, axis, k)


# ----------------------------------------------------------------------------------- hist


@dataclass(frozen=True)
class HistPlan:
    y: np.ndarray  # 2-d, Octave's class; a vector y is made a column (as hist.m does)
    source: Given
    is_vector: bool
    centres: np.ndarray  # 1-d, float64 or float32 (Octave's class of x)
    centres_note: str  # how the centres were made
    equal_spacing: bool
    nargout: int
    nbins: int | None = None  # the centres were computed for this many bins (None: given)
    centres_sorted: bool = True  # given centres were sorted already
    norm: np.ndarray | None = None  # hist(y, x, norm): 1-d float64, one value or one per column

    @property
    def method(self) -> str:
        """hist.m's counting path: 'cutoff' (exact comparisons with the midpoints) or
        'ceil' (equal spacing and 11 bins or more: ``ceil((y - cutoff(1)) / d)``)."""
        n = self.centres.size
        if n < 11 * (1 + (not self.equal_spacing)):
            return "cutoff"
        return "ceil" if self.equal_spacing else "cutoff"

    @property
    def cutoff(self) -> np.ndarray:
        x = self.centres
        return (x[:-1] + x[1:]) / x.dtype.type(2)

    def bins(self, y: np.ndarray) -> np.ndarray:
        """0-based bin of each element of the 2-d ``y`` (NaN: -1)."""
        cutoff = self.cutoff
        n = self.centres.size
        nan = np.isnan(y) if y.dtype.kind == "f" else np.zeros(y.shape, dtype=bool)
        if self.method == "cutoff":
            # the smallest i with y <= cutoff(i), else the last bin: 1 + count(cutoff < y)
            yy = y.astype(np.float64) if y.dtype.kind in "iub" else y
            if yy.dtype == np.float32 and cutoff.dtype == np.float64:
                yy = yy.astype(np.float64)
            c = cutoff.astype(yy.dtype) if yy.dtype == np.float64 else cutoff
            b = np.searchsorted(c, yy, side="left")
        else:
            d = (
                (self.centres[-1] - self.centres[0]) / self.centres.dtype.type(n - 1)
                if n >= 3
                else self.centres.dtype.type(1)
            )
            yd = np.where(nan, 0, y).astype(np.float64)
            if cutoff.dtype == np.float32:  # double(y) - single(cutoff(1)) is single in Octave
                yd = yd.astype(np.float32)
            t = np.ceil((yd - cutoff[0]) / d)
            b = np.maximum(0, np.minimum(cutoff.size, t)).astype(np.int64)
        return np.where(nan, -1, b).astype(np.int64)

    def counts(self, y: np.ndarray, columns: slice = slice(None)) -> np.ndarray:
        """``nbins x columns(y)`` counts (float64), scaled as hist.m does with NORM
        (``freq .*= norm ./ sum (! nanidx)``); ``columns``: which of ``y``'s columns ``y`` is."""
        freq = bin_counts(self.bins(y) + 1, 0, self.centres.size)
        if self.norm is None:
            return freq
        valid = (~np.isnan(y) if y.dtype.kind == "f" else np.ones(y.shape, dtype=bool)).sum(axis=0)
        norm = self.norm if self.norm.size == 1 else self.norm[columns]
        return freq * (norm / valid)

    @quiet
    def compute(self) -> Any:
        freq = self.counts(self.y)
        if self.is_vector:
            nn, xx = freq.T, self.centres.reshape(1, -1)
        else:
            nn, xx = freq, self.centres.reshape(-1, 1)
        return select_outputs((nn, xx), self.nargout)

    def centres_lines(self) -> list[str]:
        """NumPy statements binding ``xc``, the centres, as hist.m makes them."""
        dt = self.centres.dtype.name
        if self.nbins is None:
            conv = "" if dt == "float32" and self.centres.dtype == np.float32 else ".astype(float)"
            xc = f"np.ravel(x){conv}"
            return [f"xc = {xc if self.centres_sorted else f'np.sort({xc})'}  # the centres as given"]
        n = self.nbins
        lines = [f"f = yo[np.isfinite(yo)].astype(np.{dt}); mn, mx = f.min(), f.max()"]
        if self.centres.size and "constant" in self.centres_note:
            lines.append(
                f"xc = np.arange({-((n - 1) // 2)}, {-(-(n - 1) // 2) + 1}, dtype=np.{dt}) + mn  # y is constant"
            )
        else:
            lines.append(
                f"xc = ((mx - mn) * np.arange(1, {2 * n}, 2, dtype=np.{dt}) + np.{dt}({2 * n}) * mn) / np.{dt}({2 * n})"
                f"  # {n} bin centres over the finite range"
            )
        return lines

    def numpy_call(self) -> str:
        dt = self.centres.dtype.name
        src = prepared("y", self.source, (self.y.size,) if self.is_vector else self.y.shape)
        if self.is_vector:
            src = f"{src}.reshape(-1, 1)" if src == "y" else f"({src}).reshape(-1, 1)"
        lines = [f"yo = {src}", *self.centres_lines(), "cut = (xc[:-1] + xc[1:]) / 2"]
        if self.method == "cutoff":
            conv = (
                ".astype(float)"
                if self.y.dtype.kind in "iub" or (self.y.dtype == np.float32 and dt == "float64")
                else ""
            )
            lines.append(
                f"b = np.searchsorted(cut, yo{conv}, side='left')  # count(cut < y): a midpoint goes to the lower bin"
            )
        else:
            n = self.centres.size
            conv = ".astype(np.float32)" if dt == "float32" else ""
            lines.append(f"d = (xc[-1] - xc[0]) / np.{dt}({n - 1})")
            lines.append(
                f"b = np.clip(np.ceil((np.where(np.isnan(yo), 0, yo).astype(float){conv} - cut[0]) / d), 0, "
                f"{n - 1}).astype(int)"
                "  # hist.m's equal-spacing path"
            )
        lines.append(
            "bb = np.where(np.isnan(yo), -1, b) + 1 + (xc.size + 1) * np.arange(yo.shape[1])  # -1: NaN, not counted"
        )
        lines.append(
            "nn = np.bincount(bb.ravel(), minlength=(xc.size + 1) * yo.shape[1])"
            ".reshape(-1, xc.size + 1)[:, 1:].T.astype(float)"
        )
        if self.norm is not None:
            lines.append("nn = nn * (np.ravel(norm) / (~np.isnan(yo)).sum(axis=0))  # hist.m's NORM")
        if self.is_vector:
            out = ("nn.T", "xc.reshape(1, -1)")
        else:
            out = ("nn", "xc.reshape(-1, 1)")
        return "\n".join([*lines, out[0] if self.nargout == 1 else f"({out[0]}, {out[1]})"])

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        nbins = self.centres.size
        idx = resolve_index(at, (1, nbins) if self.is_vector else (nbins, self.y.shape[1]))
        k, col = (idx[1], 0) if self.is_vector else idx
        y = self.y[:, col : col + 1]
        value = float(self.counts(y, slice(col, col + 1))[k, 0])  # the kernel on one column
        cutoff = self.cutoff
        yv = y[:, 0].astype(np.float64)
        lo = -math.inf if k == 0 else float(cutoff[k - 1])
        hi = math.inf if k == self.centres.size - 1 else float(cutoff[k])
        inside = (yv > lo) & (yv <= hi)
        if k == 0:
            inside = yv <= hi
        members = [int(i) for i in np.flatnonzero(inside)]
        expected = float(len(members))
        if self.norm is not None:  # hist.m: freq .*= norm ./ sum (! nanidx)
            norm = float(self.norm[0] if self.norm.size == 1 else self.norm[col])
            expected = float(expected * (np.float64(norm) / np.float64(np.count_nonzero(~np.isnan(yv)))))
        centre = scalar(self.centres[k])
        rules = [
            f"bin {k + 1} has centre {fmt_value(centre)}; its edges are the midpoints between centres: "
            f"{fmt_value(lo)} < y <= {fmt_value(hi)} (a value on a midpoint goes to the lower bin; "
            "the first and last bins reach to -Inf and +Inf; NaN is not counted)",
            f"centres: {self.centres_note}",
            "np.histogram takes EDGES (bins=10 means 11 edges from min to max), closes only the last "
            "bin on the right, and returns edges, not centres",
        ]
        if self.method == "ceil":
            rules.append(
                "hist.m's path for 11 or more equally spaced bins: bin = ceil((y - cutoff(1)) / d), "
                "clipped to the range; equal to the midpoint rule up to rounding at a midpoint"
            )
        shown = ", ".join(str(i + 1) for i in members[:10]) + (", ..." if len(members) > 10 else "")
        return OctaveExplanation(
            op="octave.hist",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{octave_ref('nn', idx)} = {fmt_value(value)}: the values of "
            f"{'y' if self.is_vector else f'y(:,{col + 1})'} nearest to centre {fmt_value(centre)}.",
            sections=(
                section(
                    "Bin",
                    *rules[:1],
                    f"members: positions {shown or 'none'}" + ("" if self.is_vector else f" of column {col + 1}"),
                ),
                section("Rules", *rules[1:]),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"bin": k + 1, "members": members, "method": self.method},
        )


def _nbins_centres(y: np.ndarray, n: int) -> tuple[np.ndarray, str]:
    """hist.m's centres for ``n`` bins: ``min + (max - min) * (2k - 1) / (2n)`` over the finite
    values, in ``y``'s class (single stays single), or ``n`` unit-spaced centres around a
    constant ``y``."""
    finite = y[np.isfinite(y)] if y.dtype.kind == "f" else y.ravel()
    if finite.size == 0:
        raise ArgumentError(
            f"cutoff(1): out of bound 0 (dimensions are {n - 1}x0): y has no finite value, so "
            "Octave 7.3's hist.m cannot place its bins"
        )
    dt = np.float32 if y.dtype == np.float32 else np.float64
    check_allocation((n, max(y.shape[1] if y.ndim == 2 and 1 not in y.shape else 1, 1)), np.float64, "hist's counts")
    mx, mn = dt(finite.max()), dt(finite.min())
    if mn != mx:
        k: np.ndarray = np.arange(1, 2 * n, 2, dtype=np.float64).astype(dt)
        x = ((mx - mn) * k + dt(2 * n) * mn) / dt(2 * n)
        note = f"{n} bins over [{fmt_value(float(mn))}, {fmt_value(float(mx))}]: min + (max - min) * (2k - 1) / (2*{n})"
    else:
        x = (np.arange(-((n - 1) // 2), -(-(n - 1) // 2) + 1, dtype=np.float64) + mn).astype(dt)
        note = f"{n} unit-spaced centres around the constant value {fmt_value(float(mn))}"
    return np.asarray(x, dtype=dt), note


@frontend("octave.hist")
def hist(y: Any, x: Any = None, norm: Any = None, *, nargout: int = 1) -> HistPlan:
    """Octave's ``nn = hist(y, x)`` and ``[nn, xx] = hist(y, x)``: counts and bin CENTRES.

    Parameters
    ----------
    y : array_like, real (numeric or logical), vector or matrix (a 1-d array is a 1xN row)
    x : int, float or array_like, optional
        A scalar: the number of bins (``fix(x)``; default 10), centred over the finite range
        of ``y``. A vector: the bin centres (unsorted ones are sorted, with Octave's warning
        "hist: bin values X not sorted on input").
    norm : float or array_like of float, optional
        Octave's NORM: each column's counts are scaled to sum to ``norm`` (one value, or one
        per column of ``y``), as ``freq .*= norm ./ sum (! nanidx)``.
    nargout : {1, 2}

    Returns
    -------
    nn : ndarray of float64
        Counts: a ROW for a vector ``y`` (row or column), ``nbins x columns(y)`` for a matrix.
    xx : ndarray
        The centres, a row for a vector ``y``, a column for a matrix; double, or single when
        ``y`` is single and the centres were computed (or given as single).

    Raises
    ------
    ValueError, TypeError
        Octave's "hist: Y must be real-valued", "hist: number of bins NBINS must be
        positive", "hist: bin specification must be a scalar or vector", "hist: bin
        specification must be a numeric scalar or vector"; no finite value in ``y`` with
        computed centres (Octave fails: "cutoff(1): out of bound 0 ..."); an N-d ``y``.

    Notes
    -----
    GNU Octave 7.3 ``scripts/plot/draw/hist.m``, proven against ``octave-cli``; both of its
    counting paths are reproduced (comparisons with the midpoints, and ``ceil((y -
    cutoff(1)) / d)`` for 11 or more equally spaced bins).
    """
    k = check_nargout("hist", nargout, 2)
    arr = as_octave_array(y, "hist", name="Y", allow_empty=True, keep_class=True)
    if arr.dtype.kind == "c":
        raise ArgumentTypeError("hist: Y must be real-valued")
    if arr.ndim > 2:
        raise ArgumentError(
            f"=: nonconformant arguments (op1 is 1x{arr.shape[1]}, op2 is 1x{arr.shape[1]}): "
            f"Octave 7.3's hist.m fails on (or, with 11 bins or more, counts only the first page "
            f"of) an N-d y ({fmt_shape(arr.shape)}); arraylens.octave refuses it"
        )
    is_vector = is_vector_shape(arr.shape)  # hist.m: isvector (y), a 1x0 y too
    y2 = arr.reshape(-1, 1) if is_vector else arr
    equal = True
    nbins: int | None = None
    centres_sorted = True
    if x is None:
        nbins = 10
        centres, note = _nbins_centres(arr, 10)
    else:
        xa = as_octave_array(x, "hist", name="X", allow_empty=True, keep_class=True)
        if xa.dtype.kind == "c":
            raise ArgumentTypeError("hist: bin specification must be a numeric scalar or vector")
        if xa.size == 1:
            if not np.isfinite(float(xa.ravel()[0])):
                raise ArgumentError(f"hist: arraylens.octave takes a finite number of bins, got {xa.ravel()[0]!r}")
            nb = math.trunc(float(xa.ravel()[0]))
            if nb <= 0:
                raise ArgumentError(
                    f"hist: number of bins NBINS must be positive, got {fmt_value(scalar(xa.ravel()[0]))}"
                )
            nbins = nb
            centres, note = _nbins_centres(arr, nb)
        elif xa.ndim == 2 and 1 in xa.shape:
            c = xa.ravel().astype(np.float32 if xa.dtype == np.float32 else np.float64)
            diffs = np.diff(c)
            equal = bool(np.all(diffs == diffs[0])) if diffs.size else True
            if np.any(np.isnan(c)):
                raise ArgumentError(
                    "hist: the centres hold NaN; arraylens.octave does not reproduce Octave's bins then"
                )
            if not np.all(np.diff(c) >= 0):
                centres_sorted = False
                warnings.warn("hist: bin values X not sorted on input", UserWarning, stacklevel=3)
                c = np.sort(c)
            centres, note = c, "given by x"
        else:
            raise ArgumentError(f"hist: bin specification must be a scalar or vector (got {fmt_shape(xa.shape)})")
    if y2.size == 0 and x is not None and centres.size == 0:
        raise ArgumentError("hist: no bins")
    return HistPlan(y2, given(y), is_vector, centres, note, equal, k, nbins, centres_sorted, _norm(norm, y2, x))


def _norm(norm: Any, y: np.ndarray, x: Any) -> np.ndarray | None:
    """hist.m's NORM argument, checked with Octave's messages; float64, 1-d."""
    if norm is None:
        return None
    if x is None:  # hist(y, [], norm): Octave reads [] as the bins
        raise ArgumentError("hist: bin specification must be a scalar or vector (x is [] before NORM)")
    n = np.asarray(octave_literal(norm))  # a Python 1 is Octave's double literal 1
    if n.dtype.kind not in "iuf" or n.size == 0 or not np.all(n > 0):
        raise ArgumentError("hist: NORM must be a numeric constant > 0")
    shape = octave_shape(n.shape)
    if not (len(shape) == 2 and 1 in shape) or n.size not in (1, y.shape[1]):
        raise ArgumentError("hist: NORM must be scalar or vector of length 'columns (Y)'")
    if n.dtype != np.float64:
        raise ArgumentTypeError(
            f"hist: arraylens.octave takes a double NORM (Octave computes in the class of a {n.dtype} one)"
        )
    return n.ravel()
