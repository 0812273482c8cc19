"""Octave's ``any`` and ``all`` along the first non-singleton dimension.

``any(x)`` of a matrix is a row (one answer per column), where NumPy's ``np.any(x)`` is one
answer for every element. The 0x0 empty matrix is read as 0x1 (Octave's reductions do so):
``any([])`` is a 1x1 false and ``all([])`` a 1x1 true, where NumPy's ``np.any(np.zeros((0,
0)), axis=0)`` has shape (0,). The result is logical (NumPy bool).

NaN, where NumPy's ``bool(nan)`` is true: Octave 7's ``any`` never counts a NaN (nor a complex
value with a NaN part) as true (``any(NaN)`` is false, ``mx-inlines.cc``'s ``xis_true``). Its
``all`` asks "is any element 0?" (``xis_false``, so NaN counts as true) when it reduces along
the leading non-trivial dimension (all dimensions before ``dim`` of size 1) or along more than
8 elements, and "is every element true?" (``xis_true``, NaN counts as false) when it reduces
along a later dimension of at most 8 elements: ``all(NaN(2, 2))`` is ``[1 1]`` but
``all(NaN(2, 2), 2)`` is ``[0; 0]``. arraylens reproduces both.
"""

from __future__ import annotations

import builtins
import cmath
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.frontends.octave._along import Along, reduced_shape
from arraylens.frontends.octave._arrays import (
    NUMPY_MAX_DIMS,
    as_octave_array,
    first_non_singleton,
    fmt_value,
    octave_literal,
    octave_ref,
    octave_shape,
    resolve_index,
    scalar,
    slice_ref,
    window,
    with_axis,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave.numpy_calls import fit_shape, given, prepared, source_name


@dataclass(frozen=True)
class TruthPlan:
    """``any(x, dim)`` (``every=False``) or ``all(x, dim)`` (``every=True``)."""

    a: Along
    every: bool
    name: str = "x"  # the argument in the NumPy call (see numpy_calls.source_name)

    @property
    def fname(self) -> str:
        return "all" if self.every else "any"

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(reduced_shape(self.a))

    @property
    def nan_true(self) -> bool:
        """Whether a NaN counts as true here: only for ``all`` along the leading non-trivial
        dimension or along more than 8 elements (see the module's notes)."""
        shape, axis = self.a.x.shape, self.a.axis
        return self.every and (math.prod(shape[:axis]) == 1 or shape[axis] > 8)

    def truth(self, x: np.ndarray) -> np.ndarray:
        """Each element's truth as Octave's kernel sees it here."""
        if x.dtype.kind in "fc" and not self.nan_true:
            return (x != 0) & ~np.isnan(x)
        return x != 0

    def reduce(self, x: np.ndarray) -> np.ndarray:
        """The kernel: ``np.all``/``np.any`` of the truth values along the axis (keepdims)."""
        f = np.all if self.every else np.any
        return np.asarray(f(self.truth(x), axis=self.a.axis, keepdims=True), dtype=bool)

    def compute(self) -> np.ndarray:
        return self.reduce(self.a.x).reshape(self.out_shape)

    def numpy_call(self) -> str:
        src = prepared(self.name, self.a.given_shape, self.a.x.shape, self.a.x.dtype)
        if self.a.x.dtype.kind in "fc" and not self.nan_true:
            src = f"({src} != 0) & ~np.isnan({src})"
        expr = f"np.{self.fname}({src}, axis={self.a.axis}, keepdims=True)"
        return fit_shape(expr, reduced_shape(self.a), self.out_shape)

    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (self.a.x.ndim - len(idx))
        view, local = window(self.a.x.shape, full, self.a.axis)
        value = scalar(self.reduce(self.a.x[view])[local])  # the kernel on a small window
        v = [scalar(self.a.x[i]) for i in self.a.slice_indices(full)]
        nan_true = self.nan_true
        nonzero = [t != 0 and (nan_true or isinstance(t, int) or not cmath.isnan(t)) for t in v]
        expected = int(builtins.all(nonzero) if self.every else builtins.any(nonzero))
        n = len(v)
        if self.every:
            zeros = [k for k, t in enumerate(nonzero) if not t]
            if zeros:
                what = "NaN, which counts as false here" if v[zeros[0]] != 0 else "0"
                why = f"element {zeros[0] + 1} of the slice is {what}, so the answer is false"
            elif n == 0:
                why = "the slice is empty: all of nothing is true"
            else:
                why = "no element is 0, so the answer is true"
        else:
            ones = [k + 1 for k, t in enumerate(nonzero) if t]
            if ones:
                why = f"element {ones[0]} of the slice is non-zero, so the answer is true"
            elif n == 0:
                why = "the slice is empty: any of nothing is false"
            else:
                why = "no element is non-zero and not NaN, so the answer is false"
        rules = [why]
        if builtins.any(not isinstance(t, int) and cmath.isnan(t) for t in v):
            if not self.every:
                rules.append("NaN counts as false in Octave's any (np.any counts it as true)")
            elif nan_true:
                rules.append(
                    "NaN counts as true here: all along the leading dimension (or more "
                    "than 8 elements) only asks whether an element is 0"
                )
            else:
                rules.append(
                    "NaN counts as false here: all along a later dimension of at most "
                    "8 elements asks whether every element is true (Octave 7's "
                    "mx_inline_all_r); np.all counts NaN as true"
                )
        if self.a.octave_in_shape == (0, 0):
            rules.append("the input is the 0x0 empty matrix, which Octave reads as 0x1")
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{self.fname} worked along {self.a.reason()}.",
            sections=(
                section(
                    "Dimension",
                    f"{self.fname} worked along {self.a.reason()}",
                    f"NumPy axis={self.a.axis}; np.{self.fname}'s own default is axis=None "
                    "(one answer for all elements)",
                ),
                section(
                    "Slice",
                    f"{slice_ref('x', full, self.a.axis)} = ["
                    + ", ".join(fmt_value(t) for t in v[:12])
                    + (", ..." if n > 12 else "")
                    + "]",
                    f"{octave_ref('out', idx)} = {'true' if value else 'false'}",
                ),
                section("Rules", *rules),
                section("NumPy equivalent", self.numpy_call()),
            ),
            details={"dim": self.a.axis + 1},
        )


def truth_dim(dim: Any, fname: str) -> int | None:
    """``any``/``all``'s ``dim`` as Octave 7 reads it: a number truncated to an integer (its
    ``int_value``), 0 meaning the default dimension; ``None`` is the default.

    Raises
    ------
    ValueError
        A negative dimension (Octave: "any: invalid dimension argument = -1"); NaN, Inf or a
        vector (Octave converts them to nonsense dimensions; arraylens refuses).
    """
    if dim is None:
        return None
    arr = np.asarray(dim)
    if arr.dtype.kind not in "iubf" or arr.size != 1:
        raise ArgumentError(
            f"{fname}: DIM must be one real number (Octave 7 takes the first element of a "
            f"vector; arraylens refuses), got {dim!r}"
        )
    d = float(arr.reshape(()))
    if not math.isfinite(d):
        raise ArgumentError(
            f"{fname}: DIM must be finite (Octave 7 turns {d} into an arbitrary dimension), got {dim!r}"
        )
    k = math.trunc(d)  # Octave's int_value: 1.5 is dimension 1
    if k < 0:
        raise ArgumentError(f"{fname}: invalid dimension argument = {k}")
    if k > NUMPY_MAX_DIMS:
        raise ArgumentError(
            f"{fname}: DIM must be a valid dimension: arraylens works with NumPy arrays of at "
            f"most {NUMPY_MAX_DIMS} dimensions, got dim={k}"
        )
    return None if k == 0 else k


def _plan(fname: str, x: Any, dim: Any, every: bool) -> TruthPlan:
    source, name = given(x), source_name(x, "x")
    arr = as_octave_array(octave_literal(x), fname, allow_empty=True, keep_class=True)
    octave_in = arr.shape
    if arr.shape == (0, 0):  # Octave's reductions read the 0x0 matrix as 0x1
        arr = arr.reshape(0, 1)
    k = truth_dim(dim, fname)
    axis = first_non_singleton(arr.shape) if k is None else k - 1
    along_ = Along(fname, with_axis(arr, axis), source, octave_in, axis, k is not None)
    return TruthPlan(along_, every, name)


@frontend("octave.any")
def any(x: Any, dim: Any = None) -> TruthPlan:
    """Octave's ``any(x, dim)``: is any element non-zero, along a dimension.

    Parameters
    ----------
    x : array_like, any numeric class or logical, any shape (a 1-d array is a 1xN row)
    dim : int or None
        1-based dimension; default the first non-singleton dimension (so a row vector gives
        one answer, a matrix one per column). A dimension beyond ``x``'s is a singleton one
        (``x != 0`` elementwise). As in Octave 7, a non-integer is truncated (1.5 is 1) and 0
        means the default.

    Returns
    -------
    ndarray of bool
        ``x``'s shape with size 1 along ``dim``; the 0x0 empty matrix is read as 0x1
        (``any([])`` is a 1x1 false). NaN counts as false (Octave 7's ``any``).

    Raises
    ------
    ValueError
        A negative ``dim`` (Octave: "any: invalid dimension argument = -1"); a NaN, infinite
        or vector ``dim`` (refused; Octave gives arbitrary results).
    TypeError
        Non-numeric input.

    Notes
    -----
    GNU Octave 7.3 ``any`` (``data.cc``), proven against ``octave-cli``.
    """
    return _plan("any", x, dim, every=False)


@frontend("octave.all")
def all(x: Any, dim: Any = None) -> TruthPlan:
    """Octave's ``all(x, dim)``: are all elements non-zero, along a dimension.

    The same dimension and shape rules as :func:`any`; ``all`` of an empty slice is true
    (``all([])`` is a 1x1 true). NaN counts as true along the leading non-trivial dimension or
    more than 8 elements, as false otherwise (Octave 7's two kernels; see the module notes).
    GNU Octave 7.3 ``all``, proven against ``octave-cli``.
    """
    return _plan("all", x, dim, every=True)
