"""Octave's ``[y, zf] = filter(b, a, x, zi, dim)``: a direct form II transposed IIR filter.

GNU Octave 7.3 (``libinterp/corefcn/filter.cc``): ``b`` and ``a`` are padded with zeros to a
common length ``K + 1``, both are divided by ``a(1)`` (``a(1) == 0`` is an error), and along
``dim`` (default the first non-singleton dimension)::

    y(n) = zi(1) + b(1) x(n);  zi(j) = zi(j+1) + b(j+1) x(n) - a(j+1) y(n);  zi(K) = ...

so ``y(n) = sum_k b(k+1) x(n-k) - sum_{k>=1} a(k+1) y(n-k) + zi(n)`` (``zi(n)`` while
``n <= K``). The state ``zi``/``zf`` has the shape ``[K, size(x) without dim]`` (a vector
``zi`` of a vector ``x`` is read as a column): SciPy's ``lfilter`` holds the same state with
the filtered axis in ``x``'s place, so ``zi_scipy = np.moveaxis(zi, 0, axis)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.core.text import count, join_ints
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
    window,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, section
from arraylens.frontends.octave._nargout import check_nargout, select_outputs
from arraylens.frontends.octave.convolution import result_dtype
from arraylens.frontends.octave.numpy_calls import Given, given, prepared


def state_shape(x_shape: Sequence[int], axis: int, k: int) -> tuple[int, ...]:
    """Octave's shape of the filter state: ``[K, size(x) without dim]``."""
    return (k, *(n for a, n in enumerate(x_shape) if a != axis))


@dataclass(frozen=True)
class FilterPlan:
    b: np.ndarray  # 1-d, padded to K + 1, in the result dtype (not yet divided by a(1))
    a: np.ndarray  # 1-d, padded to K + 1 when a has more than one element, else [a(1)]
    x: np.ndarray  # Octave's shape, in the result dtype
    zi: np.ndarray  # Octave's state shape [K, ...], in the result dtype
    axis: int
    nargout: int
    zi_given: bool
    sources: tuple[tuple[str, Given], ...]
    b_len: int
    a_len: int
    b_shape: tuple[int, ...] = ()  # Octave's shapes of b and a (read column by column)
    a_shape: tuple[int, ...] = ()

    @property
    def k(self) -> int:
        return self.zi.shape[0]

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.x.dtype

    @quiet
    def run(self, x: np.ndarray, zi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The kernel on ``x`` (Octave's shape) with the state ``zi`` ([K, ...])."""
        if x.size == 0:  # no samples, or no slices (lfilter's apply_along_axis refuses those)
            return x.copy(), zi.copy()
        d = self.b / self.a[0]
        if self.a_len <= 1 and self.k == 0:
            return d[0] * x, zi.copy()
        c = self.a / self.a[0]
        import scipy.signal  # here, not at import: it costs ~1 s of CPU, which every arraylens command would pay

        y, zf = scipy.signal.lfilter(d, c, x, axis=self.axis, zi=np.moveaxis(zi, 0, self.axis))
        return np.asarray(y, self.dtype), np.moveaxis(np.asarray(zf, self.dtype), self.axis, 0)

    def compute(self) -> Any:
        y, zf = self.run(self.x, self.zi)
        return select_outputs([y, np.ascontiguousarray(zf)], self.nargout)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.x.shape)
        view, local = window(self.x.shape, idx, self.axis)
        others = [a for a in range(self.x.ndim) if a != self.axis]
        zview = (slice(None), *(view[a] for a in others))
        y_win, _ = self.run(self.x[view], self.zi[zview])
        value = scalar(y_win[local])
        n = idx[self.axis]
        d = self.b / self.a[0]
        c = self.a / self.a[0]
        terms: list[OctaveTerm] = []

        def at_n(j: int) -> tuple[int, ...]:
            return tuple(j if a == self.axis else i for a, i in enumerate(idx))

        def local_n(j: int) -> tuple[int, ...]:
            return tuple(j if a == self.axis else i for a, i in enumerate(local))

        for k in range(min(n, len(d) - 1) + 1):
            terms.append(OctaveTerm(at_n(n - k), (k,), scalar(self.x[at_n(n - k)]), scalar(d[k])))
        if self.a_len > 1:
            for k in range(1, min(n, len(c) - 1) + 1):
                terms.append(OctaveTerm(at_n(n - k), (-k,), scalar(y_win[local_n(n - k)]), scalar(-c[k])))
        zi_index: tuple[int, ...] = ()
        if n < self.k:
            zi_index = (n, *(idx[a] for a in others))
            terms.append(OctaveTerm(zi_index, (), scalar(self.zi[zi_index]), 1.0))
        nx = sum(1 for t in terms if t.weight_index and t.weight_index[0] >= 0)
        ny = sum(1 for t in terms if t.weight_index and t.weight_index[0] < 0)
        formula = " + ".join(
            [f"b({k + 1})*x(n-{k})" if k else "b(1)*x(n)" for k in range(nx)]
            + [f"-a({k + 1})*y(n-{k})" for k in range(1, ny + 1)]
            + ([f"zi({n + 1})"] if zi_index else [])
        ).replace("+ -", "- ")
        shown = " + ".join(f"({fmt_value(t.input_value)})({fmt_value(t.weight_value)})" for t in terms[:8])
        a0 = scalar(self.a[0])
        return OctaveExplanation(
            op="octave.filter",
            index=idx,
            value=value,
            terms=terms,
            summary=(
                f"filter along dimension {self.axis + 1}: y(n) at n = {n + 1} from "
                f"{count(nx, 'input sample')} and {count(ny, 'earlier output sample')}"
                + (" and the initial state" if zi_index else "")
                + "."
            ),
            sections=(
                section(
                    "Recurrence",
                    f"b and a divided by a(1) = {fmt_value(a0)} (Octave's normalisation; a(1) = 0 "
                    f"is an error), both padded with zeros to length {len(d)}",
                    f"{octave_ref('y', idx)} = {formula} (n = {n + 1} along {slice_ref('x', idx, self.axis)})",
                    f"= {shown}{' + ...' if len(terms) > 8 else ''} = {fmt_value(value)}",
                ),
                section(
                    "State",
                    f"zi and zf are {fmt_shape(self.zi.shape)}: [max(length(a), length(b)) - 1, "
                    f"size(x) without dim {self.axis + 1}]; scipy.signal.lfilter takes the same "
                    f"state with the axis in x's place: np.moveaxis(zi, 0, {self.axis})",
                ),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"dim": self.axis + 1, "n": n, "state_terms": int(bool(zi_index))},
        )

    def numpy_call(self) -> str:
        src = dict(self.sources)
        dt = self.dtype
        lines = ["import scipy.signal"]

        def vector(name: str, shape: tuple[int, ...], n: int) -> str:
            if len(shape) == 2 and 1 in shape:
                return prepared(name, src[name], (n,), dt)
            return f"{prepared(name, src[name], shape, dt)}.ravel(order='F')  # column by column"

        if self.b_len:
            lines.append(f"b_ = {vector('b', self.b_shape, self.b_len)}")
        else:
            lines.append(f"b_ = np.zeros(1, dtype=np.{dt.name})  # Octave reads b = [] as [0]")
        lines.append(f"a_ = {vector('a', self.a_shape, self.a_len)}")
        lines.append(f"x_ = {prepared('x', src['x'], self.x.shape, dt)}")
        zshape = join_ints(self.zi.shape) + ("," if len(self.zi.shape) == 1 else "")
        if self.zi_given:
            lines.append(f"zi_ = {prepared('zi', src['zi'], self.zi.shape, dt)}")
        else:
            lines.append(f"zi_ = np.zeros(({zshape}), dtype=np.{dt.name})")
        ax = self.axis
        if self.x.size == 0:  # no samples, or no slices: nothing to filter
            y, zf = "x_", "zi_"
        elif self.a_len <= 1 and self.k == 0:
            y, zf = "(b_[0] / a_[0]) * x_", "zi_"
        else:
            lines.append(f"y, zf = scipy.signal.lfilter(b_, a_, x_, axis={ax}, zi=np.moveaxis(zi_, 0, {ax}))")
            y, zf = "y", f"np.moveaxis(zf, {ax}, 0)"
        lines.append(f"({y}, {zf})" if self.nargout == 2 else y)
        return "\n".join(lines)


def _vector(v: Any, name: str) -> np.ndarray:
    """``b`` or ``a`` as filter.cc reads it (``xvector_value``): any array, its elements in
    column-major order (``filter([1 2; 3 4], 1, x)`` filters with ``[1 3 2 4]``)."""
    return as_octave_array(v, "filter", name, allow_empty=True).reshape(-1, order="F")


@frontend("octave.filter")
def filter(b: Any, a: Any = None, x: Any = None, zi: Any = None, dim: Any = None, *, nargout: int = 1) -> FilterPlan:
    """Octave's ``[y, zf] = filter(b, a, x, zi, dim)``.

    Parameters
    ----------
    b, a : array_like, real or complex
        Numerator and denominator; both are divided by ``a(1)`` (Octave's normalisation).
        ``b = []`` is read as ``[0]``; a matrix is read column by column, as Octave reads it.
    x : array_like, any shape (a 1-d array is a 1xN row), real or complex
        Integer and logical classes are read as double; single when any argument is single.
    zi : array_like or None
        Initial state, shape ``[K, size(x) without dim]`` with ``K = max(length(a),
        length(b)) - 1``; a vector ``zi`` of a vector ``x`` is read as a column. ``None`` or an
        empty array: zeros.
    dim : int or None
        1-based dimension, which must exist (``dim <= ndims(x)``); default the first
        non-singleton one.
    nargout : {1, 2}
        1: ``y``; 2: ``(y, zf)``, the final state in ``zi``'s shape.

    Returns
    -------
    ndarray or tuple of ndarray
        ``y`` in ``x``'s shape (float64/complex128, float32/complex64 for single); ``zf``.

    Raises
    ------
    ValueError
        Octave's "filter: the first element of A must be nonzero", "filter: first dimension
        of SI must be of length max (length (a), length (b)) - 1", "filter: dimensionality of
        SI and X must agree" (also without ``zi`` when the state ``[K, size(x) without dim]``
        ends in singleton dimensions, e.g. a 1x1xN ``x`` along dimension 3: Octave 7.3
        refuses its own state there), "filter: DIM must be a valid dimension", "Invalid call
        to filter". ``a = []`` (Octave 7.3 reads past its end) and a ``zi`` whose size along
        the filtered position Octave does not check (it then reads past ``zi``) are refused.

    Notes
    -----
    GNU Octave 7.3 ``filter`` (filter.cc); computed with ``scipy.signal.lfilter``, proven
    against ``octave-cli`` in the tests.
    """
    nout = check_nargout("filter", nargout, 2)
    if a is None or x is None:
        raise ArgumentError("Invalid call to filter: filter(b, a, x, zi, dim)")
    xv = as_octave_array(x, "filter", "X", allow_empty=True)
    if dim is None:
        axis = first_non_singleton(xv.shape)
    else:
        dim = scalar_argument(dim)
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer, float, np.floating)):
            raise ArgumentError(f"filter: DIM must be a valid dimension, got {dim!r}")
        d = float(dim)
        axis = int(math.copysign(math.floor(abs(d) + 0.5), d)) - 1 if math.isfinite(d) else -1
        if not 0 <= axis < xv.ndim:
            raise ArgumentError(f"filter: DIM must be a valid dimension (1 to ndims(x) = {xv.ndim}), got {dim!r}")
    bv, av = _vector(b, "B"), _vector(a, "A")
    b_shape = as_octave_array(b, "filter", "B", allow_empty=True).shape
    a_shape = as_octave_array(a, "filter", "A", allow_empty=True).shape
    zv = None if zi is None else as_octave_array(zi, "filter", "SI", allow_empty=True)
    dt = result_dtype(bv, av, xv, *(() if zv is None else (zv,)))
    if av.size == 0:
        raise ArgumentError(
            "filter: the first element of A must be nonzero: A is empty (Octave 7.3 reads a(1) "
            "past the end of an empty A)"
        )
    k = max(av.size, bv.size) - 1
    bp = np.zeros(k + 1, dt)
    bp[: bv.size] = bv
    ap = np.zeros(k + 1 if av.size > 1 else 1, dt)
    ap[: av.size] = av
    if ap[0] == 0:
        raise ArgumentError("filter: the first element of A must be nonzero")
    want = state_shape(xv.shape, axis, k)
    if len(octave_shape(want)) != xv.ndim:
        # filter.cc makes its zero state of this shape, whose trailing singleton dimensions
        # Octave drops: then ndims(SI) != ndims(X), and Octave refuses its own state
        raise ArgumentError(
            f"filter: dimensionality of SI and X must agree: the state of X of "
            f"{fmt_shape(xv.shape)} along dimension {axis + 1} is {fmt_shape(octave_shape(want))} "
            f"in Octave, which has fewer dimensions than X (Octave 7.3 refuses this call)"
        )
    zi_given = zv is not None and zv.size > 0
    if zi_given:
        assert zv is not None
        if zv.ndim == 2 and 1 in zv.shape and xv.ndim == 2 and 1 in xv.shape:
            zv = zv.reshape(-1, 1)  # filter.cc: a vector SI of a vector X is a column
        if zv.shape[0] != k:
            raise ArgumentError(
                f"filter: first dimension of SI must be of length max (length (a), length (b)) "
                f"- 1 = {k}; SI is {fmt_shape(zv.shape)}"
            )
        if zv.shape != want:
            raise ArgumentError(
                f"filter: dimensionality of SI and X must agree: SI must be {fmt_shape(want)} "
                f"for X of {fmt_shape(xv.shape)} along dimension {axis + 1}, got "
                f"{fmt_shape(zv.shape)}"
                + (
                    " (Octave 7.3 does not check this dimension and reads past the end of SI)"
                    if zv.ndim == len(want)
                    else ""
                )
            )
        zarr = zv.astype(dt)
    else:
        zarr = np.zeros(want, dt)
    sources = [("b", given(b)), ("a", given(a)), ("x", given(x))]
    if zi_given:
        sources.append(("zi", given(zi)))
    return FilterPlan(
        bp,
        ap,
        xv.astype(dt),
        zarr,
        axis,
        nout,
        zi_given,
        tuple(sources),
        bv.size,
        av.size,
        b_shape,
        a_shape,
    )
