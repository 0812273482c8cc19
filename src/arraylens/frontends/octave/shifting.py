"""Octave's ``circshift`` and ``rot90``: rearranging elements without changing them.

``circshift(x, n)`` with a scalar ``n`` shifts along the first non-singleton dimension (a row
vector along its length), where NumPy's ``np.roll(x, n)`` without ``axis`` shifts the
flattened array; a vector ``n`` shifts dimension ``k`` by ``n(k)``; ``circshift(x, n, dim)``
shifts along ``dim``. ``rot90(A, k)`` rotates counterclockwise by ``k * 90`` degrees (any
integer ``k``, negative ones clockwise) in the plane of the first two dimensions, each page of
an N-d array alike: the same as ``np.rot90(A, k)``. Both keep the class of their input.
"""

from __future__ import annotations

import math
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
    octave_literal,
    octave_ref,
    octave_shape,
    resolve_index,
    scalar,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave.numpy_calls import Given, given, prepared, source_name


def _numeric(value: Any, fname: str, name: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype.kind not in "iubfc":
        raise ArgumentTypeError(f"{fname}: {name} must be numeric, got {value!r}")
    return arr


@dataclass(frozen=True)
class CircshiftPlan:
    """``circshift(x, n, dim)``: ``shifts[a]`` (already reduced modulo the size) along axis ``a``."""

    x: np.ndarray
    source: Given
    shifts: tuple[int, ...]  # one per leading axis, 0 <= shift < size (Octave's rem)
    given_shifts: tuple[int, ...]  # as Octave read n (zeros in front when dim was given)
    why: str
    name: str = "x"  # the argument in the NumPy call (see numpy_calls.source_name)

    @property
    def out_shape(self) -> tuple[int, ...]:
        return self.x.shape

    def compute(self) -> np.ndarray:
        axes = tuple(range(len(self.shifts)))
        if not any(self.shifts):
            return self.x.copy()
        return np.roll(self.x, self.shifts, axis=axes)

    def numpy_call(self) -> str:
        src = prepared(self.name, self.source, self.x.shape, self.x.dtype)
        moved = [(a, s) for a, s in enumerate(self.shifts) if s]
        if not moved:
            return f"{src}.copy()" if src == "x" else src
        if len(moved) == 1:
            return f"np.roll({src}, {moved[0][1]}, axis={moved[0][0]})"
        return f"np.roll({src}, ({join_ints(s for _, s in moved)}), axis=({join_ints(a for a, _ in moved)}))"

    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        d = self.x.shape
        src = tuple((j - self.shifts[a]) % d[a] if a < len(self.shifts) else j for a, j in enumerate(idx))
        value = scalar(self.x[src])
        # Octave's circshift.m builds, per dimension, the index vector [d-b+1:d, 1:d-b] (b > 0)
        # or [b+1:d, 1:b] (b < 0, b = rem(abs(b), d)) and returns x(idx{:}).
        octave_src = []
        for a, j in enumerate(idx):
            b = self.given_shifts[a] if a < len(self.given_shifts) else 0
            n = d[a]
            if b > 0:
                b = b % n
                octave_src.append(n - b + j if j < b else j - b)
            elif b < 0:
                b = (-b) % n
                octave_src.append(j + b if j < n - b else j - (n - b))
            else:
                octave_src.append(j)
        expected = scalar(self.x[tuple(octave_src)])
        return OctaveExplanation(
            op="octave.circshift",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{octave_ref('out', idx)} is {octave_ref('x', src)} = {fmt_value(value)}.",
            sections=(
                section(
                    "Shift",
                    self.why,
                    "shifts by dimension: ["
                    + " ".join(map(str, self.given_shifts))
                    + "]"
                    + (
                        f", i.e. [{' '.join(map(str, self.shifts))}] modulo the sizes"
                        if self.shifts != self.given_shifts[: len(self.shifts)]
                        else ""
                    ),
                ),
                section("Element", f"{octave_ref('out', idx)} = {octave_ref('x', src)} = {fmt_value(value)}"),
                section(
                    "NumPy equivalent",
                    self.numpy_call(),
                    "np.roll without axis= shifts the flattened (row-major) array instead",
                ),
            ),
            details={"source_index": src},
        )


@frontend("octave.circshift")
def circshift(x: Any, n: Any = None, dim: Any = None) -> CircshiftPlan:
    """Octave 7's ``circshift(x, n)`` and ``circshift(x, n, dim)`` (``circshift.m``).

    Parameters
    ----------
    x : array_like, any class, any shape (a 1-d array is a 1xN row)
    n : int or vector of ints
        A scalar shifts along ``dim`` (default the first dimension longer than 1); a vector
        shifts dimension ``k`` by ``n[k-1]``. Positive shifts move elements toward the end.
    dim : int or None
        1-based dimension for a scalar ``n``. As in Octave 7, ``dim <= 1`` is dimension 1 and
        a dimension beyond ``x``'s is an error.

    Returns
    -------
    ndarray
        ``x``'s shape and class. An empty ``x`` is returned as it is (Octave checks nothing
        else then).

    Raises
    ------
    ValueError
        ``n`` missing (Octave: "Invalid call to circshift"); Octave's "circshift: N must be
        a scalar when DIM is also specified", "circshift: N must be a vector, no longer than
        the number of dimensions in X", "circshift: all values of N must be integers",
        "conversion of 0.5 to int64_t value failed" (a non-integer ``dim``); an infinite
        ``n`` (Octave fails while indexing).
    TypeError
        Non-numeric arguments.

    Notes
    -----
    GNU Octave 7.3 ``circshift.m``, proven against ``octave-cli``.
    """
    if n is None:
        raise ArgumentError("Invalid call to circshift: circshift(x, n) needs the shift n")
    source, name = given(x), source_name(x, "x")
    arr = as_octave_array(octave_literal(x), "circshift", allow_empty=True, keep_class=True)
    if arr.size == 0:
        return CircshiftPlan(arr, source, (), (), "x is empty: circshift returns it unchanged", name)
    nv = _numeric(n, "circshift", "N")
    if nv.dtype.kind == "c":
        raise ArgumentError("circshift: N must be real (Octave 7: rem: not defined for complex numbers)")
    values = [float(v) for v in nv.astype(np.float64).ravel()]
    nd = arr.ndim
    if dim is None:
        if nv.size == 1:
            first = next((a for a, s in enumerate(arr.shape) if s > 1), 0)
            values = [0.0] * first + values
            why = f"n is a scalar: shifted along dimension {first + 1}, the first dimension longer than 1"
        else:
            why = "n is a vector: dimension k is shifted by n(k)"
    else:
        if nv.size != 1:
            raise ArgumentError("circshift: N must be a scalar when DIM is also specified")
        dv = _numeric(dim, "circshift", "DIM")
        if dv.size != 1 or dv.dtype.kind == "c":
            raise ArgumentError(f"circshift: DIM must be a real scalar, got {dim!r}")
        k = float(dv.reshape(())) - 1
        if not math.isfinite(k) or not k.is_integer():
            raise ArgumentError(f"conversion of {k:g} to int64_t value failed (circshift: DIM must be an integer)")
        if max(int(k), 0) >= nd:  # checked before building the padded N (dim=1e9 would allocate it)
            raise ArgumentError(
                "circshift: N must be a vector, no longer than the number of dimensions in X "
                f"(X is {fmt_shape(arr.shape)}, shifts for {int(k) + 1} dimensions)"
            )
        values = [0.0] * max(int(k), 0) + values
        why = f"shifted along dimension {max(int(k), 0) + 1}, as given by dim"
    shape_n = octave_shape(nv.shape)
    vector = nv.size >= 1 and len(shape_n) == 2 and min(shape_n) == 1  # Octave's isvector
    if not vector or len(values) > nd:
        raise ArgumentError(
            "circshift: N must be a vector, no longer than the number of dimensions in X "
            f"(X is {fmt_shape(arr.shape)}, shifts for {len(values)} dimensions)"
        )
    if any(not v.is_integer() for v in values if math.isfinite(v)) or any(v != v for v in values):
        raise ArgumentError("circshift: all values of N must be integers")
    if any(math.isinf(v) for v in values):
        raise ArgumentError("circshift: N must be finite (Octave 7 fails while indexing with rem(Inf, size), NaN)")
    given_shifts = tuple(int(v) for v in values)
    shifts = tuple(s % arr.shape[a] for a, s in enumerate(given_shifts))
    return CircshiftPlan(arr, source, shifts, given_shifts, why, name)


@dataclass(frozen=True)
class Rot90Plan:
    """``rot90(A, k)`` with ``k`` reduced to 0..3."""

    a: np.ndarray
    source: Given
    k: int  # as given
    turns: int  # k mod 4
    name: str = "x"  # the argument in the NumPy call

    @property
    def out_shape(self) -> tuple[int, ...]:
        s = self.a.shape
        return (s[1], s[0], *s[2:]) if self.turns % 2 else s

    def compute(self) -> np.ndarray:
        return np.rot90(self.a, self.turns, axes=(0, 1)).copy()

    def numpy_call(self) -> str:
        src = prepared(self.name, self.source, self.a.shape, self.a.dtype)
        return f"np.rot90({src}, {self.k})"

    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        m, n = self.a.shape[:2]
        i, j, rest = idx[0], idx[1], tuple(idx[2:])
        t = self.turns
        # where out(i, j) comes from, by the turn count
        src = {0: (i, j), 1: (j, n - 1 - i), 2: (m - 1 - i, n - 1 - j), 3: (m - 1 - j, i)}[t] + rest
        value = scalar(self.a[src])
        # Octave's rot90.m: k=1 flipud(permute(A, [2 1 ...])), k=2 A(end:-1:1, end:-1:1, ...),
        # k=3 permute(flipud(A), [2 1 ...]): follow the index back through those steps
        if t == 0:
            back = (i, j)
        elif t == 1:  # B = flipud(P), P = A.': B(i, j) = P(n-1-i, j) = A(j, n-1-i)
            p = (n - 1 - i, j)
            back = (p[1], p[0])
        elif t == 2:
            back = (m - 1 - i, n - 1 - j)
        else:  # B = F.', F = flipud(A): B(i, j) = F(j, i) = A(m-1-j, i)
            f = (j, i)
            back = (m - 1 - f[0], f[1])
        expected = scalar(self.a[back + rest])
        steps = {
            0: "k mod 4 = 0: rot90 returns A unchanged",
            1: "k mod 4 = 1: flipud(permute(A, [2 1 3:nd])), a quarter turn counterclockwise",
            2: "k mod 4 = 2: A(end:-1:1, end:-1:1, :), a half turn",
            3: "k mod 4 = 3: permute(flipud(A), [2 1 3:nd]), a quarter turn clockwise",
        }[t]
        return OctaveExplanation(
            op="octave.rot90",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{octave_ref('out', idx)} is {octave_ref('A', src)} = {fmt_value(value)}.",
            sections=(
                section(
                    "Rotation",
                    f"k = {self.k}; " + steps,
                    "every page of an N-d array is rotated alike (the first two dimensions)",
                ),
                section("Element", f"{octave_ref('out', idx)} = {octave_ref('A', src)} = {fmt_value(value)}"),
                section(
                    "NumPy equivalent",
                    self.numpy_call(),
                    "np.rot90 turns the same way; a 1-d NumPy array is a 1xN row here",
                ),
            ),
            details={"source_index": src, "turns": t},
        )


@frontend("octave.rot90")
def rot90(x: Any, k: Any = 1) -> Rot90Plan:
    """Octave 7's ``rot90(A, k)`` (``rot90.m``): rotate by ``k * 90`` degrees counterclockwise.

    Parameters
    ----------
    x : array_like, any class, any shape (a 1-d array is a 1xN row); N-d arrays are rotated
        in the plane of their first two dimensions, page by page
    k : int
        Any integer (negative turns clockwise); only ``k mod 4`` matters.

    Returns
    -------
    ndarray
        ``x``'s class; the first two sizes swapped for odd ``k``.

    Raises
    ------
    ValueError
        ``k`` not one real integer (Octave: "rot90: K must be a single real integer"); an
        infinite ``k`` (Octave: "rot90: internal error!").
    TypeError
        A logical ``k`` (Octave: "mod: wrong type argument 'bool'"); non-numeric input.

    Notes
    -----
    GNU Octave 7.3 ``rot90.m``, proven against ``octave-cli``; ``np.rot90(A, k)`` is the same.
    """
    source, name = given(x), source_name(x, "x")
    arr = as_octave_array(octave_literal(x), "rot90", "A", allow_empty=True, keep_class=True)
    kv = np.asarray(k)
    if kv.dtype.kind not in "iubf" or kv.size != 1:
        raise ArgumentError(f"rot90: K must be a single real integer, got {k!r}")
    kf = float(kv.reshape(()))
    if kf != kf or (math.isfinite(kf) and not kf.is_integer()):
        raise ArgumentError(f"rot90: K must be a single real integer, got {k!r}")
    if kv.dtype.kind == "b":
        raise ArgumentTypeError("mod: wrong type argument 'bool' (rot90 computes mod(K, 4))")
    if math.isinf(kf):
        raise ArgumentError("rot90: internal error! (K is infinite: mod(K, 4) is NaN)")
    return Rot90Plan(arr, source, int(kf), int(kf) % 4, name)
