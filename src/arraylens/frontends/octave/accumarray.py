"""Octave's ``A = accumarray(subs, vals, sz, func, fillval)`` with the default ``@sum``.

``subs`` is a column of linear indices or a matrix whose ROWS are subscripts (one column per
dimension: a 1xN row is therefore ONE N-d subscript, not N indices); values with the same
subscript are summed, in the order given, and unreached positions hold ``fillval`` (0). The
result is a column ``max(subs) x 1`` for a column of indices, ``max(subs, [], 1)`` for
subscripts, or ``sz``. NumPy's ``np.add.at`` / ``np.bincount`` take 0-based indices.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocation
from arraylens.core.text import format_number, join_ints
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    fmt_shape,
    fmt_value,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, section
from arraylens.frontends.octave.numpy_calls import Given, given, prepared

# np.ravel_multi_index takes at most 63 index arrays (NumPy 2); Octave takes any number
MAX_SUBSCRIPT_COLUMNS = 63


@dataclass(frozen=True)
class AccumPlan:
    linear: np.ndarray  # 0-based column-major linear index of every row of subs (int64)
    subs: np.ndarray  # subs as Octave holds it (2-d), for the explanation
    vals: np.ndarray  # column-major values, in the result's class (one value: broadcast)
    vals_source: Given
    subs_source: Given
    out_shape: tuple[int, ...]
    fillval: float | None  # None: 0 (no fill)
    sz_full: tuple[int, ...] = ()  # the size subscripts index (one entry per column of subs)

    @property
    def total(self) -> int:
        return math.prod(self.out_shape)

    def accumulate(self, linear: np.ndarray, vals: np.ndarray, size: int) -> np.ndarray:
        """The kernel: ``vals`` added at ``linear`` in order (Octave's ``idx_add``)."""
        out = np.zeros(size, dtype=self.vals.dtype)
        np.add.at(out, linear, vals if vals.size != 1 else vals[0])
        return out

    @quiet
    def compute(self) -> np.ndarray:
        out = self.accumulate(self.linear, self.vals, self.total)
        if self.fillval is not None:
            reached = np.zeros(self.total, dtype=bool)
            reached[self.linear] = True
            out[~reached] = self.fillval
        return out.reshape(self.out_shape, order="F")

    def numpy_call(self) -> str:
        subs = prepared("subs", self.subs_source, self.subs.shape)
        ncols = self.subs.shape[1]
        dims = self.sz_full if ncols > 1 else (self.total,)
        vsrc = prepared("vals", self.vals_source, self.vals_source.shape or (1,), self.vals.dtype)
        lines = []
        if ncols > 1:
            lines.append(
                f"k = np.ravel_multi_index(tuple(np.asarray({subs}, dtype=np.int64).T - 1), "
                f"({join_ints(dims)},), order='F')"
            )
        else:
            lines.append(f"k = np.ravel(np.asarray({subs}, dtype=np.int64), order='F') - 1")
        lines.append(f"v = np.ravel({vsrc}, order='F')")
        lines.append(f"a = np.zeros({self.total}, dtype=np.{self.vals.dtype.name})")
        lines.append(f"np.add.at(a, k, {'v' if self.vals.size != 1 else 'v[0]'})  # in order, as Octave adds")
        if self.fillval is not None:
            fill = "np.nan" if np.isnan(self.fillval) else repr(self.fillval)
            lines.append(f"r = np.zeros({self.total}, dtype=bool); r[k] = True; a[~r] = {fill}")
        return "\n".join([*lines, f"a.reshape({join_ints(self.out_shape)}, order='F')"])

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        lin = int(np.ravel_multi_index(idx, self.out_shape, order="F"))
        rows = np.flatnonzero(self.linear == lin)
        vals = self.vals if self.vals.size != 1 else np.repeat(self.vals, rows.size)
        picked = vals[rows] if self.vals.size != 1 else vals
        value = scalar(self.accumulate(np.zeros(rows.size, dtype=np.int64), picked, 1)[0])
        if rows.size == 0 and self.fillval is not None:
            value = scalar(np.asarray(self.fillval, dtype=self.vals.dtype))
        terms = [OctaveTerm((int(r),), (), scalar(v), 1.0) for r, v in zip(rows, picked, strict=True)]
        subs_text = [
            f"row {int(r) + 1}: subs = [{join_ints(self.subs[r] if self.subs.ndim == 2 else [self.subs[r]])}]"
            for r in rows[:6]
        ]
        pos = octave_ref("A", idx)
        if rows.size:
            what = (
                f"{pos} = "
                + " + ".join(f"vals({int(r) + 1 if self.vals.size != 1 else 1})" for r in rows[:6])
                + (" + ..." if rows.size > 6 else "")
                + f" = {fmt_value(value)}"
            )
        else:
            what = f"{pos} = {fmt_value(value)}: no row of subs reaches it, so it holds fillval"
        rules = [
            "rows of subs are subscripts (one column per dimension); a column of subs holds linear "
            "indices; all 1-based",
            "values with the same subscript are summed in the order given (Octave's default @sum)",
            "np.add.at / np.bincount take 0-based indices; a 1-d NumPy array passed as subs is "
            "Octave's 1xN row: ONE N-d subscript",
        ]
        return OctaveExplanation(
            op="octave.accumarray",
            index=idx,
            value=value,
            terms=terms,
            offset=0.0,
            expected=None if terms else (0.0 if self.fillval is None else self.fillval),
            summary=(
                f"{pos} sums the {rows.size} value{'s' if rows.size != 1 else ''} whose subscript is "
                f"{fmt_shape([i + 1 for i in idx]).replace('x', ',')}."
                if rows.size
                else f"{pos}: no subscript reaches it, so it holds {'fillval' if self.fillval is not None else 0}."
            ),
            sections=(
                section("Element", what, *subs_text),
                section("Rules", *rules),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"rows": [int(r) + 1 for r in rows]},
        )


def _fmt_sub(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else format_number(float(v))


def _sub2ind_check(subs: np.ndarray, sz: Sequence[int]) -> None:
    """Octave's ``sub2ind(sz, subs(:,1), subs(:,2), ...)`` errors, in its wording."""
    ncols = subs.shape[1]
    for c in range(ncols):
        col = subs[:, c].astype(np.float64)
        bad = np.flatnonzero((col < 1) | (col != np.floor(col)) | np.isnan(col))
        place = ",".join("_" if j != c else "{}" for j in range(ncols))
        if bad.size:
            raise ArgumentError(
                f"index ({place.format(_fmt_sub(col[bad[0]]))}): subscripts must be either integers "
                "1 to (2^63)-1 or logicals"
            )
        limit = sz[c] if c < ncols - 1 else math.prod(sz[c:])
        over = np.flatnonzero(col > limit)
        if over.size:
            raise ArgumentError(
                f"index ({place.format(_fmt_sub(col[over[0]]))}): out of bound {limit} (dimensions are {fmt_shape(sz)})"
            )


def _parse_sz(sz: Any, ncols: int) -> list[int] | None:
    if sz is None:
        return None
    arr = np.asarray(sz)
    if arr.size == 0:
        return None
    if arr.dtype.kind == "f" and np.any(np.isinf(arr)):  # Octave's errors (sub2ind, or prod(sz))
        raise ArgumentError(
            "sub2ind: dimension vector DIMS must contain integers"
            if ncols > 1
            else "out of memory or dimension too large for Octave's index type"
        )
    if arr.dtype.kind not in "iuf" or arr.ndim > 2 or not np.all(arr == np.floor(arr)) or np.any(arr < 0):
        raise ArgumentError(f"accumarray: SZ must be a vector of non-negative integers, got {sz!r}")
    return [int(v) for v in arr.ravel()]


@frontend("octave.accumarray")
def accumarray(
    subs: Any, vals: Any, sz: Any = None, func: Any = None, fillval: Any = None, issparse: Any = None
) -> AccumPlan:
    """Octave's ``A = accumarray(subs, vals, sz, [], fillval)``: sums of ``vals`` by subscript.

    Parameters
    ----------
    subs : array_like of positive integers
        A column (or any Nx1) of 1-based linear indices, or an N x d matrix whose rows are
        d-dimensional subscripts. A 1-d NumPy array is a 1xN row: ONE N-d subscript.
    vals : array_like or scalar
        One value per row of ``subs`` (column-major order), or one value for all.
    sz : sequence of int, optional
        The result's size (at least 2 entries; with subscripts, one per column).
    func : None
        Only Octave's default ``@sum`` is reproduced: a Python callable is refused; a value
        that is not a function handle gets Octave's "accumarray: FUNC must be a function
        handle".
    fillval : real scalar, optional
        The value of positions no subscript reaches (default 0).
    issparse : None or False
        A sparse result is not reproduced.

    Returns
    -------
    ndarray
        ``sz``, or ``max(subs) x 1`` for indices, or ``max(subs, [], 1)`` for subscripts
        (trailing singleton dimensions dropped). Double, single for single ``vals`` (integer
        and logical ``vals`` give double, as Octave's ``__accumarray_sum__``), complex kept.

    Raises
    ------
    ValueError, TypeError
        Octave's "accumarray: dimension mismatch", "accumarray: dimensions mismatch",
        "accumarray: indices must be positive integers", "accumarray: index out of range",
        "accumarray: needs at least 2 dimensions", sub2ind's "index (3,_): out of bound 2
        (dimensions are 2x2)"; a function handle or sparse output (not reproduced).

    Notes
    -----
    GNU Octave 7.3 ``scripts/general/accumarray.m`` and ``__accumarray_sum__`` (data.cc),
    proven against ``octave-cli``.
    """
    if func is not None:
        if callable(func):
            raise ArgumentError(
                "accumarray: arraylens.octave reproduces only the default @sum; a function handle "
                f"({getattr(func, '__name__', func)!r}) is not reproduced"
            )
        raise ArgumentTypeError("accumarray: FUNC must be a function handle (pass None for the default @sum)")
    if issparse not in (None, False, 0):
        raise ArgumentError("accumarray: arraylens.octave does not produce sparse matrices (issparse)")
    if isinstance(subs, (list, tuple)) and any(np.ndim(s) >= 1 for s in subs) and len({np.size(s) for s in subs}) > 1:
        raise ArgumentTypeError("accumarray: SUBS as a cell array is not taken; pass a matrix of subscripts")
    s = as_octave_array(subs, "accumarray", name="SUBS", allow_empty=True, keep_class=True)
    if s.ndim > 2 or s.dtype.kind == "c":
        raise ArgumentTypeError(f"accumarray: SUBS must be a real matrix (got {fmt_shape(s.shape)} {s.dtype})")
    v = as_octave_array(vals, "accumarray", name="VALS", allow_empty=True, keep_class=True)
    if v.dtype.kind in "iub":
        v = v.astype(np.float64)
    lenvals = max(v.shape) if v.size else 0
    nrows, ncols = s.shape
    if lenvals > 1 and lenvals != nrows:
        raise ArgumentError(f"accumarray: dimension mismatch (vals has length {lenvals}, subs has {nrows} rows)")
    the_sz = _parse_sz(sz, ncols)
    if fillval is not None:
        f = np.asarray(fillval)
        if f.ndim != 0 or f.dtype.kind not in "iufb":
            raise ArgumentError("accumarray: arraylens.octave takes a real scalar FILLVAL only")
        fill: float | None = float(f) if float(f) != 0 else None
    else:
        fill = None
    sf = s.astype(np.float64)
    if ncols > 1:
        if the_sz is None:
            if nrows == 0:
                raise ArgumentError("accumarray: empty subscripts without SZ are not reproduced")
            if np.any(np.isposinf(sf)):  # accumarray.m: sz = max(subs), then sub2ind(sz, ...)
                raise ArgumentError("sub2ind: dimension vector DIMS must contain integers")
            the_sz = [int(m) for m in np.nanmax(sf, axis=0)]
            if any(m < 1 for m in the_sz) or np.any(np.isnan(sf)):
                _sub2ind_check(s, [max(m, 1) for m in the_sz])
        elif ncols != len(the_sz):
            raise ArgumentError(
                f"accumarray: dimensions mismatch (subs has {ncols} columns, sz has {len(the_sz)} entries)"
            )
        _sub2ind_check(s, the_sz)
        if ncols > MAX_SUBSCRIPT_COLUMNS:
            raise ArgumentError(
                f"accumarray: arraylens.octave takes at most {MAX_SUBSCRIPT_COLUMNS} subscript columns "
                f"(np.ravel_multi_index's limit), got {ncols}"
            )
        check_allocation(
            (math.prod(the_sz),),
            np.result_type(v.dtype, np.float64 if v.dtype.kind != "c" else v.dtype)
            if v.dtype != np.float32
            else v.dtype,
            "the result of accumarray",
        )
        linear = np.ravel_multi_index(tuple(s.astype(np.int64).T - 1), tuple(the_sz), order="F").astype(np.int64)
        out_shape = octave_shape(the_sz)
        total = math.prod(the_sz)
    else:
        if the_sz is not None and len(the_sz) < 2:
            raise ArgumentError("accumarray: needs at least 2 dimensions (sz must have 2 or more entries)")
        col = sf.ravel(order="F")
        if np.any((col < 1) | (col != np.floor(col)) | ~np.isfinite(col)):
            raise ArgumentError("accumarray: indices must be positive integers")
        linear = col.astype(np.int64) - 1
        extent = int(linear.max()) + 1 if linear.size else 0
        if the_sz is None:
            total = extent
            out_shape = (total, 1)
        else:
            total = math.prod(the_sz)
            if extent > total:
                raise ArgumentError(f"accumarray: index out of range (index {extent}, sz gives {total} elements)")
            out_shape = octave_shape(the_sz)
    vflat = v.ravel(order="F")
    if vflat.size != 1 and vflat.size != linear.size:
        raise ArgumentError(f"accumarray: dimensions mismatch ({vflat.size} values for {linear.size} subscripts)")
    check_allocation((total,), vflat.dtype, "the result of accumarray")
    return AccumPlan(
        linear,
        s,
        vflat,
        given(vals),
        given(subs),
        tuple(out_shape),
        fill,
        tuple(the_sz) if the_sz is not None else (),
    )
