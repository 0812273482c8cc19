"""Octave 7's ``var(x, w, dim)`` and ``std(x, w, dim)`` (``std`` is ``sqrt(var(...))``).

GNU Octave 7.3's ``var.m``: ``w = 0`` (default) divides the sum of squared deviations by
``n - 1``, ``w = 1`` by ``n`` (NumPy's ``np.var``/``np.std`` default ``ddof=0`` is Octave's
``w = 1``); a weight vector ``w`` (one non-negative weight per element along ``dim``) gives
``sum(w .* (x - mu).^2) / sum(w)`` with ``mu = sum(w .* x) / sum(w)``. The squared deviation
is ``|x - mu|^2`` without weights (a complex input gives a real variance) but ``(x - mu).^2``
with weights (Octave 7.3 squares the complex deviation: the result is complex). A slice of one
element gives 0 (NaN where it is NaN or Inf) for any scalar ``w`` (``np.var(x, ddof=1)`` gives
NaN there). An empty ``x`` gives NaN with ``dim`` reduced to 1 (``var([])`` is a 1x1 NaN).
Integer and logical classes are computed as double; single stays single.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Iterable, Sequence
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
    octave_literal,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
    slice_ref,
    window,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave._mixed import over_real, py_real_times, real_times
from arraylens.frontends.octave.numpy_calls import given, prepared

W_RULE = "var: W must be 0, 1, or a vector of positive integers"
W_LENGTH = "var: the length of W must be equal to the size of X in the dimension along which variance is calculated"


def _fsum(values: Iterable[float]) -> float:
    """``math.fsum`` (exact), or a plain sum where the values are not all finite (fsum refuses
    ``Inf - Inf``; the plain sum gives NaN, as Octave's sum does)."""
    items = list(values)
    if all(math.isfinite(t) for t in items):
        return math.fsum(items)
    return sum(items, 0.0)


@dataclass(frozen=True)
class VarPlan:
    """``var`` (``root=False``) or ``std`` (``root=True``) along one dimension."""

    fname: str
    a: Along
    opt: int  # the scalar w: 0 (n - 1) or 1 (n); any scalar when the slice has one element
    weights: np.ndarray | None  # the weight vector (1-d), or None
    empty_shape: tuple[int, ...] | None  # an empty x's result shape where it is not the reduced one
    source_line: str  # dim "all" or a vector of dims: the NumPy line binding xo to the reshaped x, else ""
    collapsed: tuple[int, ...] = ()  # a vector of dims (1-based), merged into the last one

    @property
    def root(self) -> bool:
        return self.fname == "std"

    @property
    def n(self) -> int:
        return int(self.a.x.shape[self.a.axis])

    @property
    def out_shape(self) -> tuple[int, ...]:
        if self.empty_shape is not None and self.a.x.size == 0:
            return self.empty_shape
        return octave_shape(reduced_shape(self.a))

    @property
    def _dtype(self) -> np.dtype[Any]:
        single = self.a.x.dtype in (np.float32, np.complex64) or (
            self.weights is not None and self.weights.dtype == np.float32
        )
        real = np.dtype(np.float32 if single else np.float64)
        if self.weights is not None and self.a.x.dtype.kind == "c" and self.n > 1:
            return np.dtype(np.complex64 if single else np.complex128)
        return real

    def reduce(self, x: np.ndarray, narrow: bool | None = None) -> np.ndarray:
        """The kernel on ``x`` (the input or a window of it), keepdims.

        ``narrow``: whether the weighted deviations ``x - mu`` are read as real (Octave narrows a
        complex array whose imaginary parts are all 0, which changes ``(NaN+0i)^2`` from
        ``NaN+NaNi`` to ``NaN``); None decides it from ``x`` itself (the whole input)."""
        ax = self.a.axis
        n = x.shape[ax]
        if n == 1:  # var.m: zeros (sz), NaN where x is NaN or Inf
            v = np.where(np.isfinite(x), 0.0, np.nan).astype(self._dtype)
        elif self.weights is None:
            c = x - over_real(x.sum(axis=ax, keepdims=True), n)  # center (x, dim): x - sum / n
            if c.dtype.kind == "c":  # sumsq: re^2 + im^2
                sq = c.real * c.real
                sq += c.imag * c.imag
            else:
                sq = np.multiply(c, c, out=c)
            v = sq.sum(axis=ax, keepdims=True) / (n - 1 + self.opt)
        else:
            w, den, d = self._deviations(x)
            if d.dtype.kind == "c" and (not np.any(d.imag) if narrow is None else narrow):
                d = d.real
            v = over_real(real_times(w, d * d).sum(axis=ax, keepdims=True), den)
        return np.sqrt(v) if self.root else v

    @quiet
    def compute(self) -> np.ndarray:
        if self.a.x.size == 0:
            return np.full(self.out_shape, np.nan)
        return self.reduce(self.a.x).astype(self._dtype).reshape(self.out_shape)

    def numpy_call(self) -> str:
        if self.a.x.size == 0:
            return f"np.full(({join_ints(self.out_shape)}), np.nan)"
        src, lines = self._source()
        ax = self.a.axis
        f = "np.std" if self.root else "np.var"
        shape = join_ints(self.out_shape)
        if self.n == 1:
            lines.append(f"np.where(np.isfinite({src}), 0.0, np.nan).astype(np.{self._dtype.name}).reshape({shape})")
        elif self.weights is None:
            lines.append(f"{f}({src}, axis={ax}, ddof={1 - self.opt}, keepdims=True).reshape({shape})")
        else:
            wshape = ["1"] * self.a.x.ndim
            wshape[ax] = "-1"
            wname = "opt" if self.root else "w"
            single = self._dtype in (np.float32, np.complex64)
            if single:
                xdt = "np.complex64" if self.a.x.dtype.kind == "c" else "np.float32"
                lines.append(f"xw = np.asarray({src}, dtype={xdt})")
                src = "xw"
            lines.append(
                f"wv = np.asarray({wname}, dtype=np.{'float32' if single else 'float64'}).reshape({', '.join(wshape)})"
            )
            own = "float32" if self.weights is not None and self.weights.dtype == np.float32 else "float64"
            lines.append(f"den = np.{'float32' if single else 'float64'}(np.asarray({wname}, dtype=np.{own}).sum())")
            if self.a.x.dtype.kind == "c":  # real times complex, complex over real: part by part, as Octave
                part = "(wv * {z}.{p}).sum(axis={ax}, keepdims=True) / den"
                lines.append(f"mu = {part.format(z=src, p='real', ax=ax)} + 0j")
                lines.append(f"mu.imag = {part.format(z=src, p='imag', ax=ax)}")
                lines.append(f"d = {src} - mu")
                lines.append("d = (d.real if not np.any(d.imag) else d) ** 2  # Octave narrows an all-real x - mu")
                lines.append(f"v = {part.format(z='d', p='real', ax=ax)} + 0j")
                lines.append(f"v.imag = {part.format(z='d', p='imag', ax=ax)}")
                v = "v"
            else:
                lines.append(f"mu = (wv * {src}).sum(axis={ax}, keepdims=True) / den")
                v = f"(wv * ({src} - mu) ** 2).sum(axis={ax}, keepdims=True) / den"
            lines.append(f"{'np.sqrt(' + v + ')' if self.root else '(' + v + ')'}.reshape({shape})")
        return "\n".join(lines)

    def _source(self) -> tuple[str, list[str]]:
        if not self.source_line:
            return self.a.named_source()
        return "xo", [self.source_line]

    def _narrow_window(self, view: tuple[slice, ...]) -> bool | None:
        """Octave's narrowing of ``x - mu`` is decided on the whole array: a window whose
        deviations are all real asks the whole input (O(input), only then)."""
        if self.weights is None or self.a.x.dtype.kind != "c" or self.n < 2:
            return None
        if np.any(self._deviations(self.a.x[view])[2].imag):
            return False
        return not np.any(self._deviations(self.a.x)[2].imag)

    def _deviations(self, x: np.ndarray) -> tuple[np.ndarray, Any, np.ndarray]:
        """The weighted kernel's ``(w, sum (w), x - mu)``, ``mu = sum (w .* x) / sum (w)``;
        single if x or w is (``sum (w)`` in w's class first, as Octave)."""
        assert self.weights is not None
        ax = self.a.axis
        shape = [1] * x.ndim
        shape[ax] = x.shape[ax]
        w = self.weights.reshape(shape)
        if self._dtype in (np.float32, np.complex64):
            w, x = w.astype(np.float32), x.astype(np.complex64 if x.dtype.kind == "c" else np.float32)
        den = self.weights.sum().astype(w.dtype)
        return w, den, x - over_real(real_times(w, x).sum(axis=ax, keepdims=True), den)

    def _collapsed_text(self) -> str:
        if self.collapsed:
            dims = " ".join(str(d) for d in self.collapsed)
            return (
                f" of x with dimensions [{dims}] merged into dimension {self.collapsed[-1]} (Octave permutes "
                f"and reshapes x; the slice below is of that reshaped x)"
            )
        return " of x(:) (dim 'all')" if self.source_line else ""

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        op = f"octave.{self.fname}"
        if self.a.x.size == 0:
            return OctaveExplanation(
                op=op,
                index=idx,
                value=float("nan"),
                expected=float("nan"),
                summary=f"x is empty ({fmt_shape(self.a.octave_in_shape)}): Octave 7.3's var returns NaN",
                sections=(section("Rule", "var.m: an empty x gives NaN (var([]) is one NaN)"),),
            )
        full = idx + (0,) * (self.a.x.ndim - len(idx))
        view, local = window(self.a.x.shape, full, self.a.axis)
        value = scalar(self.reduce(self.a.x[view], self._narrow_window(view)).astype(self._dtype)[local])
        items = self.a.slice_indices(full)
        v: list[Any] = [scalar(self.a.x[i]) for i in items]
        n = len(v)
        ref = slice_ref("x", full, self.a.axis)
        lines = [f"{ref} = [" + ", ".join(fmt_value(t) for t in v[:10]) + (", ..." if n > 10 else "") + "]"]
        expected: Any
        if n == 1:
            expected = 0.0 if math.isfinite(abs(complex(v[0]))) else math.nan
            lines.append(
                "one element: Octave's var is 0 (NaN for NaN or Inf) whatever w is; np.var(x, ddof=1) "
                "would be 0/0 = NaN"
            )
        elif self.weights is None:
            mu = complex(_fsum(complex(t).real for t in v) / n, _fsum(complex(t).imag for t in v) / n)
            dev = [complex(t) - mu for t in v]
            squares = [d.real * d.real + d.imag * d.imag for d in dev]  # sumsq: re^2 + im^2
            den = n - 1 + self.opt
            expected = _fsum(squares) / den
            lines += [
                f"mean = sum / {n} = {fmt_value(mu if mu.imag else mu.real)}",
                "deviations x - mean: ["
                + ", ".join(fmt_value(d if d.imag else d.real) for d in dev[:10])
                + (", ..." if n > 10 else "")
                + "]",
                f"sum of |deviation|^2 = {fmt_value(_fsum(squares))}, divided by "
                + (f"N - 1 = {den} (w = 0, the default)" if self.opt == 0 else f"N = {den} (w = 1)"),
            ]
            numpy_default = _fsum(squares) / n
            lines.append(
                f"NumPy's np.{self.fname}(x) divides by N (ddof=0): "
                f"{fmt_value(math.sqrt(numpy_default) if self.root else numpy_default)}; "
                f"Octave's {self.fname}(x) is np.{self.fname}(x, ddof=1)"
            )
        else:
            w = [float(t) for t in self.weights]
            wsum = _fsum(w)
            cx = self._dtype.kind == "c"
            wx = [py_real_times(wi, complex(t) if cx else float(t)) for wi, t in zip(w, v, strict=True)]
            wmu: Any = complex(_fsum(complex(z).real for z in wx), _fsum(complex(z).imag for z in wx))
            wmu = complex(wmu.real / wsum, wmu.imag / wsum) if wsum else complex(math.nan, math.nan)
            if not cx:
                wmu = wmu.real
            terms = [
                py_real_times(wi, (t - wmu) ** 2)
                for wi, t in zip(w, (complex(t) if cx else float(t) for t in v), strict=True)
            ]
            num = complex(_fsum(complex(z).real for z in terms), _fsum(complex(z).imag for z in terms))
            total = complex(num.real / wsum, num.imag / wsum) if wsum else complex(math.nan, math.nan)
            expected = total if cx else total.real
            lines += [
                "weights w = [" + ", ".join(fmt_value(t) for t in w[:10]) + (", ..." if n > 10 else "") + "]",
                f"weighted mean = sum(w .* x) / sum(w) = {fmt_value(wmu)}",
                f"sum(w .* (x - mean).^2) / sum(w), sum(w) = {fmt_value(wsum)}"
                + (" (complex deviations are squared, not |.|^2)" if self._dtype.kind == "c" else ""),
            ]
        if self.root and n > 1:
            expected = cmath.sqrt(expected) if isinstance(expected, complex) else math.sqrt(expected)
            lines.append("std = sqrt(var)")
        if self.root and n == 1 and isinstance(expected, float):
            expected = math.sqrt(expected) if not math.isnan(expected) else expected
        if any(math.isnan(abs(complex(t))) for t in v) and n > 1:
            lines.append("the slice holds NaN, so the result is NaN (var does not skip NaN)")
        return OctaveExplanation(
            op=op,
            index=idx,
            value=value,
            expected=expected,
            summary=f"{self.fname} worked along {self.a.reason()}" + self._collapsed_text() + ".",
            sections=(
                section(
                    "Dimension",
                    f"{self.fname} worked along {self.a.reason()}",
                    f"NumPy axis={self.a.axis}; np.{self.fname}'s own default is axis=None (all elements)",
                ),
                section("Elements", *lines, f"{octave_ref('out', idx)} = {fmt_value(value)}"),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"dim": self.a.axis + 1, "divisor": "weights" if self.weights is not None else n - 1 + self.opt},
        )


def _read_w(fname: str, w: Any) -> tuple[int | float, np.ndarray | None]:
    """(scalar w, weight vector or None); Octave's checks that do not depend on n."""
    if w is None or (not isinstance(w, str) and np.size(w) == 0):
        return 0, None
    arr = np.asarray(w)
    if arr.dtype.kind not in "iuf":
        if arr.dtype.kind == "c":
            raise ArgumentTypeError(f"{fname}: arraylens.octave does not take complex weights W")
        raise ArgumentError(f"{W_RULE} (W is {arr.dtype.name}; a logical W is not numeric in Octave)")
    if arr.dtype.kind in "iu":
        if isinstance(w, (np.ndarray, np.generic)):
            raise ArgumentError(
                f"{fname}: arraylens.octave does not reproduce W of the {arr.dtype.name} class (Octave "
                "computes with it in that class: var(x, int8(1)) is int8); pass W as a Python int or float"
            )
        arr = arr.astype(np.float64)
    shape = octave_shape(arr.shape)
    if len(shape) != 2 or min(shape) != 1 or np.any(arr < 0):
        raise ArgumentError(
            f"{W_RULE} (W is {fmt_shape(shape)}" + (", with negative values)" if np.any(arr < 0) else ")")
        )
    if arr.size == 1:
        value = float(arr.ravel()[0])
        return (int(value) if value.is_integer() else value), None
    return 0, (arr if arr.dtype == np.float32 else arr.astype(np.float64)).ravel()


def _dims_vector(dim: Any) -> tuple[tuple[int, ...], bool] | None:
    """A vector DIM as 1-based ints and whether it is a column; None when ``dim`` is not one."""
    if isinstance(dim, str) or dim is None or np.ndim(dim) == 0 or np.size(dim) == 1:
        return None
    arr = np.asarray(dim)
    shape = octave_shape(arr.shape)
    vector = len(shape) == 2 and min(shape) == 1
    valid = vector and arr.dtype.kind in "iuf" and bool(np.all(arr > 0)) and bool(np.all(np.mod(arr, 1) == 0))
    if not valid:
        raise ArgumentError(f"var: DIM must be a positive integer scalar, vector, or 'all', got {arr.tolist()!r}")
    return tuple(int(d) for d in arr.ravel()), shape[1] == 1


def _collapse(fname: str, x: Any, dims: tuple[int, ...], column: bool, w: Any) -> tuple[np.ndarray, int, str]:
    """var.m's vector DIM: x permuted so that the dims are together and reshaped so that they
    are one, the last of them; returns (that array, the dim, the NumPy arguments of the
    ``np.reshape`` making it, with ``SRC`` for x)."""
    unique = list(dict.fromkeys(dims))
    if len(unique) != len(dims) and len(unique) != 1:  # var.m: if (dim != unique (dim, "stable"))
        k, u = len(dims), len(unique)
        ops = f"op1 is {k}x1, op2 is {u}x1" if column else f"op1 is 1x{k}, op2 is 1x{u}"
        raise ArgumentError(
            f"{fname}: DIM repeats a dimension; Octave's var.m fails: mx_el_ne: nonconformant arguments ({ops})"
        )
    if w is None or np.size(w) != 1:
        raise ArgumentError(
            "var: W must be either 0 or 1 when DIM is a vector"
            + (" (w=None is Octave's [], which is not a scalar: pass w=0)" if w is None else "")
        )
    if len(unique) != len(dims):
        raise ArgumentError(
            f"{fname}: DIM repeats a dimension; Octave's var.m fails: permute: permutation vector cannot "
            "contain identical elements"
        )
    raw = np.asarray(x)
    sz = list(octave_shape(raw.shape))
    nd = len(sz)
    if max(dims) > nd:
        raise ArgumentError(
            f"{fname}: a dimension in DIM is beyond ndims(x); Octave's var.m fails: sz({max(dims)}): out of "
            f"bound {nd} (dimensions are 1x{nd})"
        )
    last = dims[-1]
    before = [d for d in range(1, last) if d not in dims]
    after = [d for d in range(last + 1, nd + 1) if d not in dims]
    perm = [d - 1 for d in (*before, *dims, *after)]
    newshape = list(sz)
    for d in dims[:-1]:
        newshape[d - 1] = 1
    newshape[last - 1] = int(np.prod([sz[d - 1] for d in dims]))
    out = np.reshape(np.transpose(raw.reshape(sz), perm), newshape, order="F")
    return out, last, f"np.transpose(SRC, ({', '.join(map(str, perm))})), ({join_ints(newshape)}), order='F')"


def _var_plan(fname: str, x: Any, w: Any, dim: Any) -> VarPlan:
    raw = np.asarray(x) if not isinstance(x, str) else np.asarray([])
    if isinstance(x, str) or raw.dtype.kind not in "iubfc":
        raise ArgumentTypeError(f"var: X must be a numeric vector or matrix (got {type(x).__name__})")
    all_dims = False
    collapsed: tuple[int, ...] = ()
    source_line = ""
    data: Any = x
    vector = _dims_vector(dim)
    if vector is not None:
        collapsed = vector[0]
        data, dim, source_line = _collapse(fname, x, collapsed, vector[1], w)
    elif isinstance(dim, str):
        if dim.lower() != "all":
            raise ArgumentError(f"var: DIM must be a positive integer scalar, vector, or 'all', got {dim!r}")
        all_dims, dim = True, None
        data = raw.reshape(-1, 1, order="F") if raw.ndim else raw.reshape(1, 1)
    elif dim is not None:
        d = np.asarray(dim).ravel()[0] if np.ndim(dim) else dim
        if (
            isinstance(d, (bool, np.bool_))
            or not isinstance(d, (int, np.integer, float, np.floating))
            or not float(d).is_integer()
            or d < 1
        ):
            raise ArgumentError(f"var: DIM must be a positive integer scalar, vector, or 'all', got {dim!r}")
        dim = int(d)
    opt, weights = _read_w(fname, w)
    if all_dims and weights is not None:
        raise ArgumentError("var: W must be either 0 or 1 when using 'ALL' as dimension")
    a = along(fname, data, dim, allow_empty=True)
    if all_dims:
        src = prepared("x", given(x), np.shape(x), a.x.dtype)
        source_line = f"xo = np.reshape({src}, (-1, 1), order='F')"
    elif collapsed:
        src = prepared("x", given(x), octave_shape(np.shape(x)), a.x.dtype)
        source_line = "xo = np.reshape(" + source_line.replace("SRC", src)
    n = a.x.shape[a.axis]
    if weights is None and opt not in (0, 1) and n != 1:
        raise ArgumentError(f"{W_RULE} (W = {opt}; a scalar W must be 0 or 1)")
    if a.x.size and weights is not None:
        if weights.size != n:
            raise ArgumentError(f"{W_LENGTH} (W has {weights.size} elements, X has {n} along dim {a.axis + 1})")
        if np.asarray(octave_literal(x)).dtype.kind in "iu":  # a Python list is double
            raise ArgumentError(
                f"{fname}: arraylens.octave does not reproduce weighted var of an integer class "
                "(Octave rounds w .* x, x - mu and their squares to the class at each step)"
            )
    empty_shape: tuple[int, ...] | None = None
    if a.x.size == 0:
        if dim is None and not all_dims and a.octave_in_shape == (0, 0):
            empty_shape = (1, 1)  # var([]) is one NaN
        elif collapsed:  # var.m's output_size is x's original size with sz(dim) = 1
            sz = list(octave_shape(np.shape(x)))
            sz[collapsed[-1] - 1] = 1
            empty_shape = octave_shape(sz)
    plan_opt = opt if weights is None else 0
    return VarPlan(fname, a, plan_opt, weights, empty_shape, source_line, collapsed)  # type: ignore[arg-type]


@frontend("octave.var")
def var(x: Any, w: Any = None, dim: Any = None) -> VarPlan:
    """Octave 7's ``var(x, w, dim)``.

    Parameters
    ----------
    x : array_like, real or complex, any shape (a 1-d array is a 1xN row); may be empty
    w : 0, 1, a weight vector or None
        0 (default, also ``[]``): divide by ``n - 1``; 1: by ``n``; a vector of ``n``
        non-negative weights: the weighted variance ``sum(w .* (x - mu).^2) / sum(w)``.
    dim : int, "all", a vector of ints, or None
        1-based dimension (default the first non-singleton one; beyond ``ndims(x)`` gives
        zeros); ``"all"``: every element (``x(:)``); a vector: those dimensions merged into the
        last of them (``var.m`` permutes and reshapes x; ``w`` must then be 0 or 1, given).

    Returns
    -------
    ndarray
        ``x``'s shape with size 1 along ``dim``; double (single for single input or weights;
        complex for weighted complex input). Empty ``x``: NaN.

    Raises
    ------
    ValueError, TypeError
        Octave's messages: "var: X must be a numeric vector or matrix", "var: W must be 0, 1, or
        a vector of positive integers", "var: the length of W must be equal to the size of X in
        the dimension along which variance is calculated", "var: DIM must be a positive integer
        scalar, vector, or 'all'", "var: W must be either 0 or 1 when DIM is a vector". Not
        reproduced (refused): weights of an integer class, weighted var of integer-class x.
        Octave 7.3's own failures on a vector DIM (a repeated dimension, one beyond
        ``ndims(x)``) are refused with its text.

    Notes
    -----
    GNU Octave 7.3 ``var.m``, proven against ``octave-cli``.
    """
    return _var_plan("var", x, w, dim)


@frontend("octave.std")
def std(x: Any, opt: Any = None, dim: Any = None) -> VarPlan:
    """Octave 7's ``std(x, opt, dim)``: ``sqrt(var(x, opt, dim))`` (see :func:`var`; Octave's
    errors are ``var``'s, word for word). ``opt`` 0 (default): ``n - 1``; 1: ``n``; a weight
    vector. NumPy's ``np.std`` default ``ddof=0`` is ``opt=1``."""
    return _var_plan("std", x, opt, dim)
