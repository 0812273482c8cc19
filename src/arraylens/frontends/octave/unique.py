"""Octave's ``[u, i, j] = unique(x, options...)``: Octave 7.3's ``unique.m``.

The traps against ``np.unique``: ``i`` is 1-based and, by default, the FIRST occurrence in
Octave 7 (``"last"`` and ``"legacy"`` give the last; NumPy's ``return_index`` gives the first,
0-based, of the row-major flattening); ``i`` and ``j`` are COLUMNS even for a row ``x``
(except with ``"legacy"``); ``u`` keeps a row ``x``'s orientation and is a column for a
matrix; the elements of a matrix are taken in column-major order; every NaN is distinct
(NumPy >= 1.21 merges them); complex values are ordered by abs, then arg (NumPy: real part,
then imaginary part).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.text import join_ints
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    fmt_shape,
    fmt_value,
    octave_ref,
    resolve_index,
    scalar,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave._nargout import check_nargout, select_outputs
from arraylens.frontends.octave.numpy_calls import Given, given, prepared
from arraylens.frontends.octave.sort import order_lines, sort_keys

OPTIONS = ("rows", "first", "last", "sorted", "stable", "legacy")
J_WARNING = "unique: third output J is not yet implemented"


def is_vector_shape(shape: Sequence[int]) -> bool:
    """Octave's ``isvector``: 2-d with one dimension equal to 1 (a scalar too)."""
    return len(shape) == 2 and 1 in shape


def row_order(x: np.ndarray) -> np.ndarray:
    """The stable permutation sorting the rows of a 2-d ``x`` as ``sortrows`` does:
    lexicographic by columns, each in Octave's order (NaN last; complex by abs, then arg)."""
    keys: list[np.ndarray] = []
    for c in reversed(range(x.shape[1])):
        keys += sort_keys(x[:, c], False)
    return np.lexsort(keys) if keys else np.arange(x.shape[0])


@dataclass(frozen=True)
class UniquePlan:
    x: np.ndarray  # Octave's shape and class
    source: Given
    rows: bool
    last: bool  # i reports the last occurrence ("last", or "legacy")
    stable: bool
    legacy: bool
    nargout: int

    @property
    def n(self) -> int:
        return self.x.shape[0] if self.rows else self.x.size

    def items(self) -> np.ndarray:
        """What is made unique: the rows (2-d) or the elements in column-major order (1-d)."""
        return self.x if self.rows else self.x.ravel(order="F")

    def kernel(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(order, match, keep_value): Octave's sort of the items, where a sorted item equals
        the next one, and which sorted positions ``u`` keeps (the last of each run)."""
        v = self.items()
        order = row_order(v) if self.rows else np.lexsort(sort_keys(v, False))
        s = v[order]
        if self.rows:
            match = np.all(s[:-1] == s[1:], axis=1)
        else:
            match = s[:-1] == s[1:]
        return order, match, np.append(~match, True)

    def u_shape(self, k: int) -> tuple[int, ...]:
        if self.rows:
            return (k, self.x.shape[1])
        return (1, k) if is_vector_shape(self.x.shape) and self.x.shape[0] == 1 else (k, 1)

    def compute(self) -> Any:
        n = self.n
        empty_index = np.zeros((0, 0), dtype=np.int64)
        if n == 0:
            u = self.x
            if not self.rows and any(self.x.shape):
                u = np.zeros((0, 1), dtype=self.x.dtype)
            return select_outputs((u, empty_index, empty_index), self.nargout)
        if n == 1:
            one = np.ones((1, 1), dtype=np.int64)
            return select_outputs((self.x, one, one), self.nargout)
        v = self.items()
        order, match, keep = self.kernel()
        if self.stable:
            drop = np.zeros(n, dtype=bool)
            drop[order[1:][match]] = True
            u = v[~drop]
            i = np.flatnonzero(~drop) + 1
        else:
            u = v[order][keep]
            first = np.insert(~match, 0, True)
            i = order[keep if self.last else first] + 1
        u = u.reshape(self.u_shape(len(u)))
        j = np.empty(n, dtype=np.int64)
        j[order] = np.cumsum(np.insert(~match, 0, True))
        row_vec = not self.rows and self.x.ndim == 2 and self.x.shape[0] == 1
        ishape = (1, -1) if self.legacy and row_vec else (-1, 1)
        i_out = i.astype(np.int64).reshape(ishape)
        j_out = j.reshape(ishape)
        if self.nargout == 3 and self.stable:
            warnings.warn(J_WARNING, UserWarning, stacklevel=3)
            j_out = empty_index
        return select_outputs((u, i_out, j_out), self.nargout)

    def numpy_call(self) -> str:
        src = prepared("x", self.source, self.x.shape, self.x.dtype)
        n = self.n
        if n <= 1:
            if n == 0:
                u = "x" if self.rows or not any(self.x.shape) else f"np.zeros((0, 1), dtype=np.{self.x.dtype.name})"
                u = src if u == "x" else u
                e = "np.zeros((0, 0), dtype=np.int64)"
                return [u, f"({u}, {e})", f"({u}, {e}, {e})"][self.nargout - 1]
            one = "np.ones((1, 1), dtype=np.int64)"
            return [src, f"({src}, {one})", f"({src}, {one}, {one})"][self.nargout - 1]
        lines = [f"v = {src}" if self.rows else f"v = {src}.ravel(order='F')"]
        # rows of no columns are all equal: one row, said outright (reshape cannot infer -1 by 0)
        u_count = 1 if self.rows and self.x.shape[1] == 0 else -1
        if self.rows:
            cols = self.x.shape[1]
            if self.x.dtype.kind == "c":
                lines.append(
                    "keys = [k for c in reversed(range(v.shape[1])) for k in (np.where(np.isnan(v[:, c]), 0, "
                    "np.where(np.angle(v[:, c]) == -np.pi, np.pi, np.angle(v[:, c]))), np.where(np.isnan(v[:, c]), "
                    "0, np.hypot(v[:, c].real, v[:, c].imag)), np.isnan(v[:, c]))]"
                )
            elif self.x.dtype.kind in "iub":
                lines.append(f"keys = [v[:, c] for c in range({cols - 1}, -1, -1)]")
            else:
                lines.append(
                    f"keys = [k for c in range({cols - 1}, -1, -1) for k in (np.where(np.isnan(v[:, c]), 0, "
                    "v[:, c]), np.isnan(v[:, c]))]"
                )
            # np.lexsort refuses an empty list of keys: with no columns every row is equal
            lexsort = "np.lexsort(keys)" if cols else f"np.arange({n})  # no columns: no keys, rows in order"
            lines += [f"i = {lexsort}", "s = v[i]", "m = np.all(s[:-1] == s[1:], axis=1)"]
        else:
            lines += order_lines("v", self.x.dtype, 0, False)
            lines += ["s = v[i]", "m = s[:-1] == s[1:]"]
        if self.stable:
            lines += [
                f"keep = np.ones({n}, dtype=bool); keep[i[1:][m]] = False",
                f"u = v[keep].reshape({join_ints(self.u_shape(u_count))})",
                "io = np.flatnonzero(keep) + 1",
            ]
        else:
            which = "np.append(~m, True)" if self.last else "np.insert(~m, 0, True)"
            lines += [
                f"u = s[np.append(~m, True)].reshape({join_ints(self.u_shape(u_count))})",
                f"io = i[{which}] + 1",
            ]
        row_vec = not self.rows and self.x.ndim == 2 and self.x.shape[0] == 1
        shape = "1, -1" if self.legacy and row_vec else "-1, 1"
        if self.nargout == 1:
            return "\n".join([*lines, "u"])
        lines.append(f"io = io.reshape({shape})")
        if self.nargout == 2:
            return "\n".join([*lines, "(u, io)"])
        if self.stable:
            return "\n".join([*lines, "(u, io, np.zeros((0, 0), dtype=np.int64))  # Octave 7.3: J not implemented"])
        lines.append(f"j = np.empty({n}, dtype=np.int64); j[i] = np.cumsum(np.insert(~m, 0, True))")
        return "\n".join([*lines, f"(u, io, j.reshape({shape}))"])

    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        n = self.n
        if n <= 1:  # u is x itself (or empty)
            idx = resolve_index(at, self.x.shape if n else (0, 0))
            value = scalar(self.x[idx])
            return OctaveExplanation(
                op="octave.unique",
                index=idx,
                value=value,
                expected=scalar(self.x[idx]),
                summary=f"x has {n} {'row' if self.rows else 'element'}: unique returns x itself.",
                sections=(section("NumPy equivalent", *self.numpy_call().splitlines()),),
                details={},
            )
        v = self.items()
        order, match, keep = self.kernel()  # Octave's sort of the items: the call's own kernel
        u_shape = self.u_shape(int(keep.sum()))
        idx = resolve_index(at, u_shape)
        if self.rows:
            k, col = idx
            if self.stable:
                kept = np.flatnonzero(~np.isin(np.arange(n), order[1:][match]))
                key_row = int(kept[k])
            else:
                key_row = int(order[np.flatnonzero(keep)[k]])
            same = (
                np.flatnonzero(np.all(v == v[key_row], axis=1))
                if not np.any(np.isnan(np.asarray(v[key_row], dtype=complex)))
                else np.array([key_row])
            )
            value = scalar(v[key_row, col])
            expected = scalar(self.x[key_row, col])
            what = f"row {key_row + 1} of x"
            occ = [int(s) + 1 for s in same]
        else:
            k = idx[0] * u_shape[1] + idx[1]
            if self.stable:
                drop = np.zeros(n, dtype=bool)
                drop[order[1:][match]] = True
                pos = int(np.flatnonzero(~drop)[k])
            else:
                pos = int(order[np.flatnonzero(keep)[k]])
            value = scalar(v[pos])
            nan = bool(np.isnan(complex(value)))
            same = np.array([pos]) if nan else np.flatnonzero(v == v[pos])
            expected = scalar(v[int(same[0])])
            occ = [int(s) + 1 for s in same]
            what = f"x({occ[0]})" + (
                f" = {octave_ref('x', [int(i) for i in np.unravel_index(occ[0] - 1, self.x.shape, order='F')])}"
                if self.x.ndim > 2 or min(self.x.shape) > 1
                else ""
            )
        shown = ", ".join(map(str, occ[:8])) + (", ..." if len(occ) > 8 else "")
        reported = occ[-1] if (self.last and not self.stable) else occ[0]
        lines = [
            f"{octave_ref('u', idx)} = {fmt_value(value)}, from {what}",
            f"it occurs at {'rows' if self.rows else 'linear positions'} {shown} of x (1-based"
            + ("" if self.rows else ", column-major")
            + ")",
            f"i reports {reported}: the {'last' if self.last and not self.stable else 'first'} occurrence"
            + (
                " ('last')"
                if self.last and not self.legacy
                else " ('legacy')"
                if self.legacy
                else " (Octave 7's default)"
            ),
        ]
        rules = [
            "u is sorted (NaN last, complex by abs then arg)"
            if not self.stable
            else "'stable': u keeps the order of first appearance",
            "every NaN is distinct (NaN == NaN is false); np.unique merges NaNs (equal_nan=True)",
            (
                f"u holds the distinct rows of the {fmt_shape(self.x.shape)} x"
                if self.rows
                else f"u is a {'row' if u_shape[0] == 1 else 'column'} for this {fmt_shape(self.x.shape)} x"
            )
            + "; i and j are columns"
            + (" (rows with 'legacy' for a row x)" if self.legacy else " even for a row x"),
            "np.unique flattens row-major and returns 0-based return_index / return_inverse",
        ]
        return OctaveExplanation(
            op="octave.unique",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{octave_ref('u', idx)} is distinct value {idx[0] + 1 if self.rows else k + 1}"
            f" of x; i reports occurrence {reported}.",
            sections=(
                section("Element", *lines),
                section("Rules", *rules),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"occurrences": occ, "reported_index": reported},
        )


@frontend("octave.unique")
def unique(x: Any, *options: Any, nargout: int = 1) -> UniquePlan:
    """Octave 7.3's ``[u, i, j] = unique(x, options...)``.

    Parameters
    ----------
    x : array_like, numeric, logical or complex, any shape (a 1-d array is a 1xN row)
    *options : str
        Any of "rows", "first", "last", "sorted", "stable", "legacy" (case-sensitive, as in
        Octave).
    nargout : {1, 2, 3}

    Returns
    -------
    u : ndarray
        The distinct values, sorted (or in order of appearance with "stable"); a row for a
        row ``x``, a column otherwise; distinct rows with "rows". Keeps ``x``'s class.
    i, j : ndarray of int64 (1-based), columns
        ``u = x(i)`` and ``x = u(j)``; ``i`` is the first occurrence unless "last" or
        "legacy"; rows for a row ``x`` with "legacy". With "stable", Octave 7.3 returns
        ``j = []`` and warns "unique: third output J is not yet implemented" (so does this).

    Raises
    ------
    ValueError
        Octave's "unique: invalid option", 'unique: cannot specify both "first" and "last"',
        ...; "rows" on an N-d array; more than 3 outputs.
    TypeError
        Non-numeric ``x`` ("unique: X must be an array or cell array of strings"), or an
        option that is not a string ("unique: options must be strings").

    Notes
    -----
    GNU Octave 7.3 ``scripts/set/unique.m``, proven against ``octave-cli``.
    """
    k = check_nargout("unique", nargout, 3)
    if isinstance(x, str) or np.asarray(x).dtype.kind not in "iufcb":
        raise ArgumentTypeError(
            "unique: X must be an array or cell array of strings (arraylens.octave takes numeric and logical arrays)"
        )
    if not all(isinstance(o, str) for o in options):
        raise ArgumentTypeError("unique: options must be strings")
    flags = {name: name in options for name in OPTIONS}
    if flags["first"] and flags["last"]:
        raise ArgumentError('unique: cannot specify both "first" and "last"')
    if flags["sorted"] and flags["stable"]:
        raise ArgumentError('unique: cannot specify both "sorted" and "stable"')
    if (flags["first"] or flags["last"]) and (flags["sorted"] or flags["stable"]):
        raise ArgumentError('unique: cannot specify "first"/"last" with "sorted"/"stable"')
    if flags["legacy"] and (flags["sorted"] or flags["stable"]):
        raise ArgumentError('unique: cannot specify "sorted" or "stable" with "legacy"')
    if sum(flags.values()) != len(options):
        raise ArgumentError(
            f"unique: invalid option (got {options!r}; known: {', '.join(OPTIONS)}, case-sensitive, each once)"
        )
    arr = as_octave_array(x, "unique", allow_empty=True, keep_class=True)
    rows = flags["rows"]
    if rows and arr.ndim > 2 and arr.shape[0] > 1:
        raise ArgumentError(
            f"__sort_rows_idx__: needs a 2-D object (unique(x, 'rows') of a {fmt_shape(arr.shape)} array)"
        )
    return UniquePlan(
        arr,
        given(x),
        rows,
        last=flags["last"] or flags["legacy"],
        stable=flags["stable"],
        legacy=flags["legacy"],
        nargout=k,
    )
