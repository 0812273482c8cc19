"""Octave's ``fft`` and ``ifft``: along the first non-singleton dimension, ``n`` pads or cuts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocation
from arraylens.core.text import count, format_ref
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    first_non_singleton,
    fmt_shape,
    fmt_value,
    octave_ref,
    octave_shape,
    parse_dim,
    quiet,
    resolve_index,
    scalar,
    slice_ref,
    window,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, section
from arraylens.frontends.octave.numpy_calls import Given, fit_shape, from_caller, given, prepared


@dataclass(frozen=True)
class FFTPlan:
    """A 1-d DFT of every slice of ``x`` along ``axis``, zero-padded or truncated to ``n``."""

    fname: str
    x: np.ndarray
    given_shape: Given
    axis: int
    n: int
    dim_given: bool
    inverse: bool

    @property
    def full_shape(self) -> tuple[int, ...]:
        shape = list(self.x.shape)
        shape[self.axis] = self.n
        return tuple(shape)

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(self.full_shape)

    @quiet
    def compute(self) -> np.ndarray:
        if self.n == 0 or self.x.size == 0:
            # Octave's answer for empty data or N = 0: zeros of the result's size (an empty
            # array, or zero padding of nothing: fft(zeros(1, 0), 4) is zeros(1, 4))
            return np.zeros(self.out_shape, dtype=np.result_type(self.x.dtype, np.complex64))
        f = np.fft.ifft if self.inverse else np.fft.fft
        return f(self.x, n=self.n, axis=self.axis).reshape(self.out_shape)

    def element(self, full_idx: Sequence[int]) -> complex | float:
        """The result at ``full_idx``, transforming only the slices of a small window around it
        (the same call as :meth:`compute`, on O(n) elements instead of the whole ``x``)."""
        f = np.fft.ifft if self.inverse else np.fft.fft
        view, local = window(self.x.shape, full_idx, self.axis)
        return scalar(f(self.x[view], n=self.n, axis=self.axis)[local])

    def numpy_call(self) -> str:
        src = prepared("x", self.given_shape, self.x.shape, self.x.dtype)
        f = "np.fft.ifft" if self.inverse else "np.fft.fft"
        n_arg = "" if self.n == self.x.shape[self.axis] else f", n={self.n}"
        expr = f"{f}({src}{n_arg}, axis={self.axis})"
        if self.n == 0 or self.x.size == 0:  # NumPy refuses 0 points; Octave's answer is zeros
            dt = np.result_type(self.x.dtype, np.complex64).name
            return f"np.zeros(({', '.join(map(str, self.out_shape))}), dtype=np.{dt})"
        return from_caller(fit_shape(expr, self.full_shape, self.out_shape), self.given_shape)

    def _source_note(self) -> str:
        """What the NumPy line starts from when ``x`` was derived from the caller's array."""
        g = self.given_shape
        if not g.source:
            return ""
        return f"  ({g.source_name}: your input, before the transpose{'; checked' if g.source_checked else ''})"

    def dimension_reason(self) -> str:
        d = self.axis + 1
        if self.dim_given:
            return f"dimension {d}, as given by dim={d}"
        shape = fmt_shape(self.x.shape)
        if self.x.shape[self.axis] == 1:
            return f"dimension {d}: every dimension of the {shape} input is a singleton"
        return f"dimension {d}, the first non-singleton dimension of the {shape} input"

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        out_idx = resolve_index(at, self.out_shape)
        full_idx = out_idx + (0,) * (len(self.full_shape) - len(out_idx))
        k = full_idx[self.axis]
        m = self.x.shape[self.axis]
        used = min(m, self.n)
        j = np.arange(used)
        sign = 1.0 if self.inverse else -1.0
        scale = 1.0 / self.n if self.inverse else 1.0
        twiddles = np.exp(sign * 2j * np.pi * ((j * k) % self.n) / self.n)
        # exact zeros where the angle is a multiple of pi/2 (cos/sin round to ~1e-16 there)
        twiddles = scale * (
            np.where(np.abs(twiddles.real) < 1e-15, 0.0, twiddles.real)
            + 1j * np.where(np.abs(twiddles.imag) < 1e-15, 0.0, twiddles.imag)
        )
        x_idx = [
            tuple(int(jj) if a == self.axis else int(i) for a, i in enumerate(full_idx)) for jj in j
        ]
        terms = [
            OctaveTerm(xi, (int(jj), k), scalar(self.x[xi]), complex(w))
            for xi, jj, w in zip(x_idx, j, twiddles, strict=True)
        ]
        value = self.element(full_idx)
        d = self.axis + 1
        name = "ifft" if self.inverse else "fft"
        sgn = "+" if self.inverse else "-"
        norm = f"(1/{self.n}) " if self.inverse else ""
        length_lines = [
            f"n = {self.n}; the slice {slice_ref('x', full_idx[: self.x.ndim], self.axis)} has "
            f"{m} elements"
        ]
        if self.n > m:
            length_lines.append(
                f"it was padded with {count(self.n - m, 'zero')} at its end (they add nothing to the sum)"
            )
        elif self.n < m:
            length_lines.append(f"it was truncated to its first {self.n} elements")
        shown = " + ".join(
            f"({fmt_value(t.input_value)})({fmt_value(complex(t.weight_value))})" for t in terms[:6]
        )
        if len(terms) > 6:
            shown += f" + ... ({len(terms)} terms)"
        sum_lines = [
            f"{octave_ref('out', full_idx[: len(out_idx)])} = {norm}sum over j of "
            f"x(j) * exp({sgn}2*pi*i*(j-1)*({k + 1}-1)/{self.n}), j = 1..{used}",
            f"= {shown}",
            f"= {fmt_value(value)}",
        ]
        numpy_line = self.numpy_call()
        port = [
            numpy_line + self._source_note(),
            f"np.fft.{name} works along the LAST axis (axis=-1) unless told otherwise; Octave's "
            f"{name} works along the first non-singleton dimension, so a column vector is "
            "transformed down its column",
            "a 1-d NumPy array has no rows or columns: its .T (transpose) is the same 1-d array, "
            "so transposing it first changes nothing",
            "Octave's x' is the CONJUGATE transpose (NumPy x.conj().T); x.' is the plain transpose "
            "(NumPy x.T): fft(v') transforms conj(v)",
            "arraylens reads a 1-d NumPy array as an Octave row vector (1xN)",
        ]
        summary = (
            f"{self.fname} transformed along {self.dimension_reason()}; {format_ref('out', out_idx)} "
            f"is frequency k = {k} (Octave's {k + 1}) of that slice."
        )
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=out_idx,
            value=value,
            terms=terms,
            summary=summary,
            sections=(
                section(
                    "Dimension",
                    f"{self.fname} worked along {self.dimension_reason()}",
                    f"output size {fmt_shape(self.out_shape)} (a row stays a row, a column a "
                    f"column)",
                ),
                section("Length", *length_lines),
                section("Sum", *sum_lines),
                section("NumPy equivalent", *port),
            ),
            details={"dim": d, "n": self.n, "frequency": k, "numpy": numpy_line},
        )


def _fft_plan(fname: str, x: Any, n: Any, dim: Any, inverse: bool) -> FFTPlan:
    given_shape = given(x)
    arr = as_octave_array(x, fname, allow_empty=True)
    if dim is None:
        axis = first_non_singleton(arr.shape)
        dim_given = False
    else:
        axis = parse_dim(dim, fname, ndim=arr.ndim)
        dim_given = True
    if n is None:
        npts = arr.shape[axis]
    else:
        if (
            isinstance(n, bool)
            or not isinstance(n, (int, np.integer, float, np.floating))
            or not float(n).is_integer()
        ):
            raise ArgumentError(f"{fname}: number of points (N) must be a positive integer, got {n!r}")
        npts = int(n)
        if npts < 0:
            raise ArgumentError(f"{fname}: number of points (N) must be greater than zero, got {npts}")
    full = list(arr.shape)
    full[axis] = npts
    # numpy.fft copies each slice, zero-padded to N points, into its complex result: refuse
    # an N the memory cannot hold before computing or explaining anything
    check_allocation(full, np.result_type(arr.dtype, np.complex64), f"the result of {fname} (N = {npts})")
    return FFTPlan(fname, arr, given_shape, axis, npts, dim_given, inverse)


@frontend("octave.fft")
def fft(x: Any, n: int | None = None, dim: int | None = None) -> FFTPlan:
    """Octave's ``fft(x, n, dim)``: the discrete Fourier transform of every slice of ``x``.

    Parameters
    ----------
    x : array_like, real or complex, any shape
        A 1-d array is an Octave row vector (1xN); trailing singleton dimensions are dropped.
    n : int or None
        Number of points (Octave's ``[]`` is ``None``): each slice is zero-padded at its end or
        truncated to ``n``.
    dim : int or None
        1-based dimension; default the first non-singleton dimension of ``x``.

    Returns
    -------
    ndarray, complex
        The shape of ``x`` with ``n`` along ``dim`` (a row stays a row, a column a column).
        Octave stores a result whose imaginary parts are all zero as real; the values are the
        same, arraylens always returns a complex array.

    Raises
    ------
    ValueError
        ``n`` not a non-negative integer; ``dim`` not a dimension of ``x`` (Octave: "DIM must
        be a valid dimension along which to perform FFT"). Empty ``x`` or ``n = 0`` give
        Octave's answer (an empty result, or zeros where ``n`` pads).
    TypeError
        Non-numeric ``x``.

    Notes
    -----
    Semantics of GNU Octave 7.3 ``fft`` (FFTW), proven against ``octave-cli`` in the tests.
    """
    return _fft_plan("fft", x, n, dim, inverse=False)


@frontend("octave.ifft")
def ifft(x: Any, n: int | None = None, dim: int | None = None) -> FFTPlan:
    """Octave's ``ifft(x, n, dim)``: the inverse DFT (with the 1/n factor) of every slice.

    Same arguments, shapes and errors as :func:`fft`; semantics of GNU Octave 7.3 ``ifft``.
    """
    return _fft_plan("ifft", x, n, dim, inverse=True)
