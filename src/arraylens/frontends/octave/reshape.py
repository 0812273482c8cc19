"""Octave's ``x.'``, ``x'``, ``reshape`` and ``x(:)``: column-major element order."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.core.text import format_index, format_ref, join_ints
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
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave.numpy_calls import Given, given, prepared


@dataclass(frozen=True)
class TransposePlan:
    """``x.'`` (``conjugate=False``) or ``x'`` (``conjugate=True``) of a 2-d ``x``."""

    x: np.ndarray
    given_shape: Given
    conjugate: bool

    @property
    def fname(self) -> str:
        return "ctranspose" if self.conjugate else "transpose"

    @quiet
    def compute(self) -> np.ndarray:
        out = self.x.T
        return np.ascontiguousarray(out.conj() if self.conjugate else out)

    def numpy_call(self) -> str:
        src = prepared("x", self.given_shape, self.x.shape, self.x.dtype)
        return f"{src}.conj().T" if self.conjugate else f"{src}.T"

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        i, j = resolve_index(at, self.x.T.shape)
        source = scalar(self.x[j, i])
        expected = (
            complex(source).conjugate()
            if self.conjugate and isinstance(source, complex)
            else source
        )
        element = self.x.T[i, j]  # compute()'s view, read at one element
        value = scalar(np.conj(element) if self.conjugate else element)
        op = "x'" if self.conjugate else "x.'"
        lines = [
            f"out({i + 1},{j + 1}) = {'conj(' if self.conjugate else ''}{octave_ref('x', (j, i))}"
            f"{')' if self.conjugate else ''} = "
            + (f"conj({fmt_value(source)}) = " if self.conjugate else "")
            + fmt_value(value)
        ]
        rules = [
            f"{op} of the {fmt_shape(self.x.shape)} input is {fmt_shape(self.x.T.shape)}: row r "
            f"becomes column r",
            "x' is the conjugate transpose (ctranspose): imaginary parts change sign"
            if self.conjugate
            else "x.' is the plain transpose: values are not conjugated",
            "for real data x' and x.' agree; for complex data they differ",
            f"NumPy: {self.numpy_call()}; note that .T of a 1-d NumPy array is the same 1-d array "
            "(NumPy has no row or column vectors), while Octave's vectors are 1xN or Nx1",
        ]
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=(i, j),
            value=value,
            expected=expected,
            summary=f"out[{i}, {j}] is x[{j}, {i}]{' conjugated' if self.conjugate else ''}.",
            sections=(section("Element", *lines), section("Rule", *rules)),
            details={"source_index": (j, i), "conjugated": self.conjugate},
        )


def _transpose_plan(fname: str, x: Any, conjugate: bool) -> TransposePlan:
    source = given(x)
    arr = as_octave_array(x, fname, allow_empty=True, keep_class=True)
    if arr.ndim > 2:
        raise ArgumentError(
            f"{fname}: transpose not defined for N-D objects (x is {fmt_shape(arr.shape)})"
        )
    return TransposePlan(arr, source, conjugate)


@frontend("octave.transpose")
def transpose(x: Any) -> TransposePlan:
    """Octave's ``x.'`` (``transpose(x)``): rows become columns, values unchanged.

    Parameters
    ----------
    x : array_like, 2-d at most (a 1-d array is a 1xN row, so its transpose is an Nx1 column)

    Returns
    -------
    ndarray of shape (columns, rows)

    Raises
    ------
    ValueError
        ``x`` has more than two dimensions (Octave: "transpose not defined for N-D objects").

    Notes
    -----
    GNU Octave 7.3 ``transpose``; proven against ``octave-cli`` in the tests.
    """
    return _transpose_plan("transpose", x, conjugate=False)


@frontend("octave.ctranspose")
def ctranspose(x: Any) -> TransposePlan:
    """Octave's ``x'`` (``ctranspose(x)``): the conjugate transpose.

    Same shapes and errors as :func:`transpose`; complex values are conjugated.
    """
    return _transpose_plan("ctranspose", x, conjugate=True)


@dataclass(frozen=True)
class ReshapePlan:
    """Column-major reshape of ``x`` to ``shape`` (``to_column``: to ``(numel, 1)``)."""

    fname: str
    x: np.ndarray
    given_shape: Given
    shape: tuple[int, ...]

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(self.shape)

    @quiet
    def compute(self) -> np.ndarray:
        return np.ascontiguousarray(self.x.reshape(self.out_shape, order="F"))

    def numpy_call(self) -> str:
        src = prepared("x", self.given_shape, self.x.shape, self.x.dtype)
        dims = join_ints(self.out_shape)
        return f"{src}.reshape(({dims}), order='F')"

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        linear = int(np.ravel_multi_index(idx, self.out_shape, order="F"))
        source = tuple(int(i) for i in np.unravel_index(linear, self.x.shape, order="F"))
        expected = scalar(self.x[source])
        strides = np.cumprod((1, *self.out_shape[:-1]))
        # x's column-major order is the row-major order of its reversed-axes view x.T, so
        # x.T.flat reads element number k of x(:) without reshaping (copying) the whole x.
        value = scalar(self.x.T.flat[int(np.dot(idx, strides))])
        formula = " + ".join(f"{i}*{s}" for i, s in zip(idx, strides, strict=True))
        lines = [
            f"out{format_index(idx)} (Octave {octave_ref('out', idx)}) is element number {linear + 1} in "
            f"column-major order: 1 + {formula} = {linear + 1}",
            f"element number {linear + 1} of the {fmt_shape(self.x.shape)} input, counting down "
            f"the "
            f"columns first, is {octave_ref('x', source)} = {format_ref('x', source)} = "
            f"{fmt_value(expected)}",
        ]
        rules = [
            "Octave stores arrays column-major: the first index runs fastest; reshape and x(:) "
            "keep "
            "that order",
            "NumPy's reshape is row-major (order='C') by default: give order='F' to get "
            "Octave's result",
            f"NumPy: {self.numpy_call()}",
        ]
        what = "x(:)" if self.fname == "to_column" else f"reshape to {fmt_shape(self.out_shape)}"
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{what}: out{format_index(idx)} is x{format_index(source)}, element {linear + 1} in "
            f"column-major order.",
            sections=(section("Element", *lines), section("Rule", *rules)),
            details={"linear_index": linear + 1, "source_index": source},
        )


def _parse_size(
    fname: str, dims: tuple[Any, ...], numel: int, in_shape: tuple[int, ...]
) -> tuple[int, ...]:
    if len(dims) == 1 and isinstance(dims[0], (list, tuple, np.ndarray)):
        # a Python list can hold None where Octave's matrix cannot hold []: [None, 2] is
        # Octave's reshape(x, [], 2)
        dims = tuple(np.asarray(dims[0], dtype=object).ravel().tolist())
    if len(dims) < 2:
        raise ArgumentError(f"{fname}: SIZE must have 2 or more dimensions")
    unknown = [k for k, d in enumerate(dims) if d is None]
    if len(unknown) > 1:
        raise ArgumentError(f"{fname}: only a single dimension can be unknown")
    sizes: list[int] = []
    for d in dims:
        if d is None:
            sizes.append(-1)
            continue
        if (
            isinstance(d, bool)
            or not isinstance(d, (int, np.integer, float, np.floating))
            or not float(d).is_integer()
        ):
            raise ArgumentError(f"{fname}: SIZE must be non-negative integers, got {d!r}")
        if int(d) < 0:
            raise ArgumentError(f"{fname}: SIZE must be non-negative, got {int(d)}")
        sizes.append(int(d))
    if unknown:
        known = math.prod(s for s in sizes if s >= 0)
        if known == 0 or numel % known != 0:
            raise ArgumentError(
                f"{fname}: SIZE is not divisible by the product of known dimensions (= {known})"
            )
        sizes[unknown[0]] = numel // known
    if math.prod(sizes) != numel:
        raise ArgumentError(
            f"{fname}: can't reshape {fmt_shape(in_shape)} array to {fmt_shape(sizes)} array"
        )
    return tuple(sizes)


@frontend("octave.reshape")
def reshape(x: Any, *dims: Any) -> ReshapePlan:
    """Octave's ``reshape(x, m, n, ...)`` / ``reshape(x, [m n ...])``, column-major.

    Parameters
    ----------
    x : array_like, any shape
    *dims : int or None
        The new size, as separate integers or as one sequence; one of them may be ``None``,
        Octave's ``[]``, computed from the others: ``reshape(x, None, 2)`` and
        ``reshape(x, [None, 2])`` are both Octave's ``reshape(x, [], 2)``.

    Returns
    -------
    ndarray
        ``x``'s elements in column-major order, laid out column-major in the new shape (trailing
        singleton dimensions beyond the second are dropped, as Octave does).

    Raises
    ------
    ValueError
        Octave's messages: "SIZE must have 2 or more dimensions", "only a single dimension can
        be unknown", "SIZE is not divisible by the product of known dimensions (= K)", "can't
        reshape AxB array to CxD array".

    Notes
    -----
    GNU Octave 7.3 ``reshape``; proven against ``octave-cli`` in the tests.
    """
    source = given(x)
    arr = as_octave_array(x, "reshape", allow_empty=True, keep_class=True)
    shape = _parse_size("reshape", dims, arr.size, arr.shape)
    return ReshapePlan("reshape", arr, source, shape)


@frontend("octave.to_column")
def to_column(x: Any) -> ReshapePlan:
    """Octave's ``x(:)``: every element of ``x`` in column-major order, as a column.

    (The first wave called this ``colon(x)``; ``octave.colon`` is now Octave's colon function,
    ``colon(base, limit)``, and its one-argument form is a deprecated alias of this.)

    Parameters
    ----------
    x : array_like, any shape

    Returns
    -------
    ndarray of shape (x.size, 1)

    Notes
    -----
    GNU Octave 7.3 indexing with a single colon; proven against ``octave-cli`` in the tests.
    """
    source = given(x)
    arr = as_octave_array(x, "to_column", allow_empty=True, keep_class=True)
    return ReshapePlan("to_column", arr, source, (arr.size, 1))
