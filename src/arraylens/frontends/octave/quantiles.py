"""Octave 7's ``quantile(x, p, dim, method)`` and ``prctile(x, p, dim)``.

GNU Octave 7.3's ``quantile.m`` and ``__quantile__``: NaN is ignored (each slice has its own
count ``m`` of numbers), the nine methods of R (Hyndman and Fan), default method 5
(``p(k) = (k - 0.5) / m``, NumPy's ``method='hazen'``; NumPy's own default is 7, ``'linear'``).
A probability below 0 gives ``-Inf`` and one above 1 gives ``Inf`` (Octave 7.3 does not refuse
them); a NaN probability gives NaN. A slice of one element gives that element for every p.
The result has ``numel(p)`` along ``dim``; when it is a vector (and p is not a scalar) it takes
p's orientation. Integer and logical inputs are computed as double; single stays single.

Methods 1 to 9 each equal ``np.nanquantile(x, p, axis, method=NAME)`` for finite real data
(NAME in :data:`NUMPY_METHODS`, checked case by case against Octave in the tests). The NumPy
equivalent spells out Octave's formula instead for complex data (NumPy's quantile refuses it),
for data holding +-Inf (NumPy interpolates ``a + (b - a) * t``, NaN between two equal
infinities; Octave ``(1 - t) * a + t * b``) and for a single ``p`` (Octave computes the
positions, and interpolates, in single: ``quantile(1:10, single(0.1*7), 2, 1)`` is 7, where the
double ``0.1*7`` gives 8).
A real factor multiplies a complex value part by part, as in Octave (:mod:`._mixed`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocations
from arraylens.core.text import join_ints
from arraylens.frontends.octave._along import Along, along
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
from arraylens.frontends.octave._mixed import over_real, real_times
from arraylens.frontends.octave._order import octave_sorted, sorted_lines

#: NumPy's ``method=`` name of each of Octave's (R's) quantile methods.
NUMPY_METHODS: dict[int, str] = {
    1: "inverted_cdf",
    2: "averaged_inverted_cdf",
    3: "closest_observation",
    4: "interpolated_inverted_cdf",
    5: "hazen",
    6: "weibull",
    7: "linear",
    8: "median_unbiased",
    9: "normal_unbiased",
}

#: The position of p in the sorted slice (1-based, before clamping), as __quantile__ writes it.
POSITION_FORMULAS: dict[int, str] = {
    1: "ceil(p*m), at least 1",
    2: "average of x(ceil(p*m)) and x(floor(p*m + 1)), clamped to 1..m",
    3: "roundb(max(p*m, 1)) (nearest integer, ties to even)",
    4: "p*m",
    5: "p*m + 0.5",
    6: "p*(m + 1)",
    7: "p*(m - 1) + 1",
    8: "p*(m + 1/3) + 1/3",
    9: "p*(m + 1/4) + 3/8",
}

DEFAULT_P = np.array([0.0, 0.25, 0.5, 0.75, 1.0])

# Octave's error when method 2 meets a first slice of NaN only (__quantile__ indexes x(0)).
METHOD2_INDEX_ERROR = "x(0): subscripts must be either integers 1 to (2^63)-1 or logicals"


def _position(p: Any, m: Any, method: int) -> Any:
    """The continuous methods' 1-based position of ``p`` among ``m`` numbers (broadcast).

    ``m`` is float64; the terms with ``m`` are computed in double and then take ``p``'s type,
    as Octave's ``kron (p, m + 1/3) + 1/3`` does with a single ``p``."""
    dt = np.asarray(p).dtype

    def cast(v: Any) -> Any:
        return np.asarray(v).astype(dt)

    if method == 4:
        return p * cast(m)
    if method == 5:
        return p * cast(m) + 0.5
    if method == 6:
        return p * cast(m + 1)
    if method == 7:
        return p * cast(m - 1) + 1
    if method == 8:
        return p * cast(m + 1 / 3) + 1 / 3
    return p * cast(m + 0.25) + 0.375


def quantile_columns(x: np.ndarray, p: np.ndarray, method: int) -> np.ndarray:
    """The kernel, ``__quantile__`` of Octave 7.3: the quantiles of each column of ``x``.

    Parameters
    ----------
    x : ndarray (n, M), float32/float64/complex
    p : ndarray (P,), float64 or float32 probabilities
        A float32 ``p`` (Octave's single) makes the positions single, and the interpolation
        single, as in Octave; the result keeps ``x``'s class.
    method : int, 1 to 9

    Returns
    -------
    ndarray (P, M)
        ``x``'s dtype. NaN in ``x`` is skipped; p < 0 gives -Inf, p > 1 Inf, NaN p NaN.
    """
    n, cols = x.shape
    real = x.real.dtype
    out = np.empty((p.size, cols), dtype=x.dtype)
    fill = np.where(p < 0, -np.inf, np.where(p > 1, np.inf, np.nan)).astype(real)
    out[...] = fill[:, None]
    inside = (p >= 0) & (p <= 1)
    if not inside.any():
        return out
    if n == 1:  # "Special case of 1 row": every p gives the element itself (NaN included)
        out[inside] = x[0]
        return out
    xs = octave_sorted(x, 0)
    m = (~np.isnan(xs)).sum(axis=0).astype(np.float64)[None, :]
    pp = p[inside][:, None]
    pm = pp * m.astype(pp.dtype)  # kron (p, m): in p's precision
    if method == 1:
        picked = np.take_along_axis(xs, np.maximum(np.ceil(pm), 1).astype(np.intp) - 1, axis=0)
    elif method == 2:  # (a first column of NaN only is refused when the plan is built, as Octave fails)
        left = np.maximum(np.ceil(pm), 1).astype(np.intp) - 1
        right = np.maximum(np.minimum(np.floor(pm + 1), m).astype(np.intp) - 1, 0)
        picked = over_real(np.take_along_axis(xs, left, axis=0) + np.take_along_axis(xs, right, axis=0), 2)
    elif method == 3:
        t = np.round(np.maximum(pm, 1)).astype(np.intp) - 1  # roundb: ties to even
        picked = np.take_along_axis(xs, t, axis=0)
    else:
        pos = _position(pp, m, method)
        xs = xs.copy()
        single = m[0] == 1
        xs[1, single] = xs[0, single]  # "Duplicate single values"
        lo = np.maximum(np.minimum(np.floor(pos), (m - 1).astype(pos.dtype)), 1)
        work = np.float32 if np.float32 in (pos.dtype, real) else np.float64
        frac = np.maximum(np.minimum(pos - lo, 1), 0)
        keep = (1 - frac).astype(work)  # 1 - pr in p's precision, then the product in x's (single wins)
        frac = frac.astype(work)
        i = lo.astype(np.intp)
        xw = xs.astype(np.complex64 if xs.dtype.kind == "c" else np.float32) if work == np.float32 else xs
        picked = real_times(keep, np.take_along_axis(xw, i - 1, axis=0)) + real_times(
            frac, np.take_along_axis(xw, i, axis=0)
        )
    out[inside] = picked
    return out


@dataclass(frozen=True)
class QuantilePlan:
    """``quantile``/``prctile`` of ``x`` along one dimension."""

    fname: str  # "quantile" or "prctile"
    a: Along
    p: np.ndarray  # probabilities (prctile's percentages / 100), 1-d float64
    p_given: np.ndarray  # p as the call gave it (percent for prctile), 1-d
    p_orient: str  # "row", "column" or "scalar": the orientation a vector result takes
    p_default: bool
    method: int

    @property
    def _q_shape(self) -> tuple[int, ...]:
        shape = list(self.a.x.shape)
        shape[self.a.axis] = self.p.size
        return tuple(shape)

    @property
    def out_shape(self) -> tuple[int, ...]:
        shape = octave_shape(self._q_shape)
        if self._reoriented(shape):
            return (1, int(np.prod(shape))) if self.p_orient == "row" else (int(np.prod(shape)), 1)
        return shape

    def _reoriented(self, shape: tuple[int, ...]) -> bool:
        """Octave: ``if (isvector (q) && ! isscalar (q) && ! isscalar (p))``, q takes p's
        orientation."""
        return len(shape) == 2 and 1 in shape and int(np.prod(shape)) > 1 and self.p_orient != "scalar"

    def _columns(self) -> np.ndarray:
        moved = np.moveaxis(self.a.x, self.a.axis, 0)
        return moved.reshape(moved.shape[0], -1)

    @quiet
    def compute(self) -> np.ndarray:
        cols = self._columns()
        q = quantile_columns(cols, self.p, self.method)
        rest = np.moveaxis(self.a.x, self.a.axis, 0).shape[1:]
        q = np.moveaxis(q.reshape((self.p.size, *rest)), 0, self.a.axis)
        return q.reshape(self.out_shape)

    def _has_inf(self) -> bool:
        """Whether real x holds +-Inf; fmax/fmin reductions skip NaN and allocate nothing."""
        x = self.a.x
        return bool(np.isinf(np.fmax.reduce(x, axis=None)) or np.isinf(np.fmin.reduce(x, axis=None)))

    def _p_source(self) -> str:
        if self.p_default:
            return "np.array([0, 0.25, 0.5, 0.75, 1])"
        return "np.ravel(p) / 100" if self.fname == "prctile" else "np.ravel(p)"

    def numpy_call(self) -> str:
        src, lines = self.a.named_source()
        ax = self.a.axis
        lines.append(f"pv = {self._p_source()}")
        if self.a.x.dtype.kind == "c" or self.p.dtype == np.float32 or self._has_inf():
            # NumPy's quantile refuses complex data, computes positions in double, and its
            # interpolation a + (b - a) * t gives NaN between two equal infinities
            return "\n".join(lines + self._formula_lines(src, ax))
        inside = bool(np.all((self.p >= 0) & (self.p <= 1)))
        name = NUMPY_METHODS.get(self.method, "hazen")
        if self.method not in NUMPY_METHODS:  # accepted because Octave never reaches it here
            lines.append(f"# METHOD {self.method} is not one of 1..9; Octave does not reach it for these arguments")
        probs = "pv" if inside else "np.where((pv >= 0) & (pv <= 1), pv, 0)"
        expr = f"np.moveaxis(np.nanquantile({src}, {probs}, axis={ax}, method='{name}'), 0, {ax})"
        if not inside:  # NumPy refuses p outside [0, 1]; Octave 7.3 gives -Inf / Inf / NaN
            lines.append(f"q = {expr}")
            shape = ["1"] * self.a.x.ndim
            shape[ax] = "-1"
            lines.append(f"pe = pv.reshape({', '.join(shape)})")
            expr = "np.where((pe >= 0) & (pe <= 1), q, np.where(pe < 0, -np.inf, np.where(pe > 1, np.inf, np.nan)))"
        if self.a.x.dtype == np.float32:
            expr = f"({expr}).astype(np.float32)"
        lines.append(f"({expr}).reshape({join_ints(self.out_shape)})")
        return "\n".join(lines)

    def _formula_lines(self, src: str, ax: int) -> list[str]:
        """Octave's __quantile__ spelt out in NumPy: for complex data (NumPy's quantile refuses
        it) and for a single ``p`` (Octave computes the positions, and interpolates, in single)."""
        dt = self.a.x.dtype
        lines = sorted_lines(src, ax, dt.kind == "c")
        nd = self.a.x.ndim
        lines += [
            f"xs = np.moveaxis(xs, {ax}, 0); m = (~np.isnan(xs)).sum(axis=0)",
            f"po = pv.reshape(-1, *[1] * {nd - 1}); inside = (po >= 0) & (po <= 1)",
            "pe = np.where(inside, po, 0)  # positions only for p in [0, 1]",
        ]
        if self.a.x.shape[ax] == 1:
            lines.append("q = np.where(inside, xs[:1], 0)")
        elif self.method in (1, 2, 3):
            take = "np.take_along_axis(xs, np.broadcast_to({i}, (len(pv), *xs.shape[1:])), axis=0)"
            lines.append("pm = pe * m.astype(pe.dtype)")
            if self.method == 1:
                lines.append(f"q = {take.format(i='(np.maximum(np.ceil(pm), 1) - 1).astype(int)')}")
            elif self.method == 2:
                lines += [
                    "lo = (np.maximum(np.ceil(pm), 1) - 1).astype(int)",
                    "hi = np.maximum(np.minimum(np.floor(pm + 1), m) - 1, 0).astype(int)",
                    f"s = {take.format(i='lo')} + {take.format(i='hi')}",
                    *(
                        ["q = s.real / 2 + 0j; q.imag = s.imag / 2  # part by part, as Octave"]
                        if dt.kind == "c"
                        else ["q = s / 2"]
                    ),
                ]
            else:
                lines.append(f"q = {take.format(i='(np.round(np.maximum(pm, 1)) - 1).astype(int)')}")
        else:
            pos = {
                4: "pe * m.astype(pe.dtype)",
                5: "pe * m.astype(pe.dtype) + 0.5",
                6: "pe * (m + 1).astype(pe.dtype)",
                7: "pe * (m - 1).astype(pe.dtype) + 1",
                8: "pe * (m + 1 / 3).astype(pe.dtype) + 1 / 3",
                9: "pe * (m + 0.25).astype(pe.dtype) + 0.375",
            }.get(self.method, "pe * m.astype(pe.dtype) + 0.5")  # an unknown METHOD is never reached
            single = self.p.dtype == np.float32 or dt in (np.float32, np.complex64)
            work = ("np.complex64" if dt.kind == "c" else "np.float32") if single else ""
            lines += [
                f"pos = {pos}",
                "lo = np.maximum(np.minimum(np.floor(pos), (m - 1).astype(pos.dtype)), 1)",
                "t = np.clip(pos - lo, 0, 1); u = 1 - t"
                + ("; u, t = u.astype(np.float32), t.astype(np.float32)" if single else ""),
                "xs[1] = np.where(m == 1, xs[0], xs[1])" + (f"; xs = xs.astype({work})" if work else ""),
                "i = np.broadcast_to(lo.astype(int), (len(pv), *xs.shape[1:]))",
                "a, b = np.take_along_axis(xs, i - 1, axis=0), np.take_along_axis(xs, i, axis=0)",
                *(
                    [
                        "q = (u * a.real + t * b.real) + 0j  # real times complex part by part, as Octave",
                        "q.imag = u * a.imag + t * b.imag",
                    ]
                    if dt.kind == "c"
                    else ["q = u * a + t * b"]
                ),
            ]
        lines.append("q = np.where(inside, q, np.where(po < 0, -np.inf, np.where(po > 1, np.inf, np.nan)))")
        lines.append(f"np.moveaxis(q, 0, {ax}).astype(np.{dt.name}).reshape({join_ints(self.out_shape)})")
        return lines

    def _locate(self, idx: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
        """(index into p, the 0-based index of the slice's element 0 in ``a.x``) of a result
        index."""
        qshape = self._q_shape
        if self._reoriented(octave_shape(qshape)):
            k = int(np.ravel_multi_index(idx, self.out_shape))
            full = tuple(int(i) for i in np.unravel_index(k, qshape))
        else:
            full = idx + (0,) * (len(qshape) - len(idx))
        j = full[self.a.axis]
        start = tuple(0 if a == self.a.axis else i for a, i in enumerate(full))
        return j, start

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        j, start = self._locate(idx)
        ax = self.a.axis
        view = tuple(slice(None) if a == ax else i for a, i in enumerate(start))
        v = self.a.x[view]  # the one slice
        pj = self.p[j : j + 1]
        value = scalar(quantile_columns(v.reshape(-1, 1), pj, self.method)[0, 0])
        p = float(pj[0])
        shown_p = fmt_value(float(self.p_given[j])) + ("%" if self.fname == "prctile" else "")
        xs = octave_sorted(v, 0)
        m = int((~np.isnan(xs)).sum())
        ref = slice_ref("x", start, ax)
        numbers: list[Any] = [scalar(t) for t in xs[:m]]
        lines = [
            f"x_sorted = {ref} sorted (NaN skipped): ["
            + ", ".join(fmt_value(t) for t in numbers[:12])
            + (", ..." if m > 12 else "")
            + f"], m = {m} numbers"
            + (f" ({v.size - m} NaN ignored)" if m < v.size else ""),
        ]
        expected: Any
        if not 0 <= p <= 1:
            expected = -math.inf if p < 0 else math.inf if p > 1 else math.nan
            lines.append(
                f"p = {shown_p} is outside [0, 1]: Octave 7.3's quantile gives "
                f"{fmt_value(expected)} (NumPy's quantile raises an error)"
            )
        elif v.size == 1:
            expected = scalar(v[0])
            lines.append("the slice has one element: quantile returns it for every p")
        elif m == 0:
            expected = math.nan
            lines.append("the slice holds only NaN: the quantile is NaN")
        else:
            expected = self._explain_value(p, numbers, lines)
        details: dict[str, Any] = {"dim": ax + 1, "p": p, "method": self.method, "count": m}
        contrast = self._numpy_contrast(v, p)
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{self.fname} at p = {shown_p} of {ref} (method {self.method}), along {self.a.reason()}.",
            sections=(
                section(
                    "Dimension",
                    f"{self.fname} worked along {self.a.reason()}",
                    f"NumPy axis={ax}; the result has numel(p) = {self.p.size} along it"
                    + (
                        f", then takes p's orientation ({self.p_orient})"
                        if self._reoriented(octave_shape(self._q_shape))
                        else ""
                    ),
                ),
                section("Elements", *lines, f"{octave_ref('q', idx)} = {fmt_value(value)}"),
                section("NumPy", *contrast, *self.numpy_call().splitlines()),
            ),
            details=details,
        )

    def _explain_value(self, p: float, numbers: list[Any], lines: list[str]) -> Any:
        """The method's position, neighbours and interpolation, recomputed in Python floats."""
        m = len(numbers)
        method = self.method
        pm_typed = np.asarray([p], self.p.dtype) * np.asarray([m], self.p.dtype)  # kron (p, m), p's precision
        pm, pm1 = float(pm_typed[0]), float((pm_typed + 1)[0])
        lines.append(f"method {method}: position = {POSITION_FORMULAS[method]}")
        if method == 1:
            k = max(math.ceil(pm), 1)
            lines.append(f"p*m = {fmt_value(pm)}: x_sorted({k}) = {fmt_value(numbers[k - 1])}")
            return numbers[k - 1]
        if method == 2:
            lo, hi = max(math.ceil(pm), 1), min(math.floor(pm1), m)
            lines.append(
                f"p*m = {fmt_value(pm)}: (x_sorted({lo}) + x_sorted({hi})) / 2 = ({fmt_value(numbers[lo - 1])} + "
                f"{fmt_value(numbers[hi - 1])}) / 2"
            )
            xt = self.a.x.dtype  # the sum in x's precision, halved part by part
            return scalar(over_real(np.asarray(numbers[lo - 1], xt) + np.asarray(numbers[hi - 1], xt), 2))
        if method == 3:
            k = round(max(pm, 1))  # Python's round: ties to even, as Octave's roundb
            lines.append(f"p*m = {fmt_value(pm)}: x_sorted({k}) = {fmt_value(numbers[k - 1])}")
            return numbers[k - 1]
        pos = float(_position(np.asarray([p], self.p.dtype), np.float64(m), method)[0])
        lo = max(min(math.floor(pos), m - 1), 1)
        t = max(min(pos - lo, 1.0), 0.0)
        a = numbers[lo - 1]
        b = numbers[lo] if m > 1 else a
        clamped = " (the position clamped to the first and last numbers)" if t != pos - lo else ""
        lines.append(
            f"position = {fmt_value(pos)}: between x_sorted({lo}) = {fmt_value(a)} and "
            f"x_sorted({lo + 1 if m > 1 else lo}) = {fmt_value(b)}, fraction {fmt_value(t)}{clamped}"
        )
        lines.append(f"(1 - {fmt_value(t)})*({fmt_value(a)}) + {fmt_value(t)}*({fmt_value(b)})")
        # in the kernel's precisions: 1 - t in p's, the products in single if x or p is single
        xt = self.a.x.dtype
        single = self.p.dtype == np.float32 or xt in (np.float32, np.complex64)
        work = np.dtype(np.float32 if single else np.float64)
        wx = np.dtype(np.complex64 if single else np.complex128) if xt.kind == "c" else work
        tt = np.asarray(t, self.p.dtype)
        keep, frac = (1 - tt).astype(work), tt.astype(work)
        return scalar(real_times(keep, np.asarray(a, wx)) + real_times(frac, np.asarray(b, wx)))

    def _numpy_contrast(self, v: np.ndarray, p: float) -> list[str]:
        lines = [
            f"NumPy's default is method='linear' (Octave's method 7); Octave's default is 5, "
            f"method='{NUMPY_METHODS[5]}'; np.quantile does not skip NaN (np.nanquantile does)",
        ]
        if v.dtype.kind != "c" and 0 <= p <= 1:
            default = float(np.quantile(v.astype(np.float64), p))
            lines.append(f"np.quantile(slice, {fmt_value(p)}) with NumPy's defaults gives {fmt_value(default)}")
        return lines


def _read_p(fname: str, p: Any, percent: bool) -> tuple[np.ndarray, np.ndarray, str, bool]:
    """(probabilities, p as given, its orientation, whether it is the default)."""
    if p is None or (not isinstance(p, str) and np.size(p) == 0):
        given = DEFAULT_P * (100 if percent else 1)
        return DEFAULT_P.copy(), given, "row", True
    arr = np.asarray(p)
    if arr.dtype.kind not in "iuf":
        if arr.dtype.kind == "c":
            raise ArgumentTypeError(f"{fname}: arraylens.octave does not take complex P (Octave compares real parts)")
        raise ArgumentTypeError(f"{fname}: P must be a numeric vector (got dtype {arr.dtype})")
    shape = octave_shape(arr.shape)
    if len(shape) != 2 or min(shape) != 1:
        raise ArgumentError(f"{fname}: P must be a numeric vector (P is {fmt_shape(shape)})")
    if arr.dtype.kind in "iu" and isinstance(p, (np.ndarray, np.generic)):
        raise ArgumentTypeError(
            f"{fname}: arraylens.octave does not reproduce P of the {arr.dtype.name} class (Octave computes "
            + ("p / 100 and " if percent else "")
            + "the positions in that class, rounded); pass P as float"
        )
    orient = "scalar" if arr.size == 1 else "row" if shape[0] == 1 else "column"
    # single P (float16 read as single) keeps its precision: Octave computes the positions in it
    values: np.ndarray = arr.astype(np.float32 if arr.dtype in (np.float16, np.float32) else np.float64).ravel()
    return (values / 100 if percent else values), values, orient, False


def _check_dim(dim: Any) -> None:
    dim = scalar_argument(dim)
    ok = (
        not isinstance(dim, bool)
        and isinstance(dim, (int, np.integer, float, np.floating))
        and float(dim).is_integer()
        and dim > 0
    )
    if not ok:
        raise ArgumentError(f"quantile: DIM must be a positive integer, got {dim!r}")


def _quantile_plan(fname: str, x: Any, p: Any, dim: Any, method: Any, dim_given: bool) -> QuantilePlan:
    """The checks in Octave's order: X, P, DIM (prctile's, then quantile's), METHOD (only where
    ``__quantile__`` reaches it: some p in [0, 1] and more than one element along DIM)."""
    kind = np.asarray(x).dtype.kind
    if kind not in "iubfc":
        raise ArgumentTypeError(
            f"{fname}: X must be a numeric vector or matrix, got dtype {np.asarray(x).dtype}"
            if fname == "prctile"
            else f"quantile: X must be a non-empty numeric vector or matrix, got dtype {np.asarray(x).dtype}"
        )
    empty = f"quantile: X must be a non-empty numeric vector or matrix (x is {fmt_shape(octave_shape(np.shape(x)))})"
    if np.size(x) == 0 and fname == "quantile":
        raise ArgumentError(empty)
    probs, given_p, orient, default = _read_p(fname, p, fname == "prctile")
    if dim is None and dim_given:
        raise ArgumentError(
            "quantile: DIM must be a positive integer (Octave's quantile(x, p, [], method) refuses "
            "an empty DIM; give dim=)"
        )
    if dim is not None:
        dim = scalar_argument(dim)
        _check_dim(dim)
    if np.size(x) == 0:  # prctile passes it on to quantile, which refuses it
        raise ArgumentError(empty + "; prctile calls quantile")
    if isinstance(method, (str, bool, np.bool_)) or not isinstance(method, (int, np.integer, float, np.floating)):
        raise ArgumentError(f"quantile: Unknown METHOD, {method!r} (Octave's METHOD is a number from 1 to 9)")
    a = along(fname, x, None if dim is None else int(dim))
    n = a.x.shape[a.axis]
    used = n > 1 and bool(np.any((probs >= 0) & (probs <= 1)))
    if used and method not in NUMPY_METHODS:
        shown = str(int(method)) if float(method).is_integer() else f"{float(method):g}"
        raise ArgumentError(f"quantile: Unknown METHOD, '{shown}'")
    if used and method == 2:
        first = a.x[tuple(slice(None) if i == a.axis else 0 for i in range(a.x.ndim))]
        if np.isnan(first).all():
            raise ArgumentError(
                f"quantile: {METHOD2_INDEX_ERROR} (Octave 7.3's method 2 fails when the first slice holds only NaN)"
            )
    columns = a.x.size // max(n, 1)
    check_allocations(
        [
            ("the result", (probs.size, columns), a.x.dtype),
            ("the positions, indices and weights", (4, probs.size, columns), np.float64),
        ],
        f"{fname} of a {fmt_shape(a.octave_in_shape)} input at {probs.size} probabilities",
    )
    number = int(method) if float(method).is_integer() else float(method)
    return QuantilePlan(fname, a, probs, given_p, orient, default, number)  # type: ignore[arg-type]


@frontend("octave.quantile")
def quantile(x: Any, p: Any = None, dim: int | None = None, method: int | None = None) -> QuantilePlan:
    """Octave 7's ``q = quantile(x, p, dim, method)``.

    Parameters
    ----------
    x : array_like, real or complex, non-empty (a 1-d array is a 1xN row)
        Integer and logical classes are computed as double. NaN is skipped.
    p : array_like (a vector) or None
        Probabilities; default ``[0 0.25 0.5 0.75 1]``. p < 0 gives -Inf, p > 1 gives Inf.
    dim : int or None
        1-based dimension, default the first non-singleton one; with ``method`` given it must be
        given too (Octave's ``quantile(x, p, [], method)`` is an error).
    method : int 1..9 or None
        R's methods; default 5 (NumPy ``'hazen'``).

    Returns
    -------
    ndarray
        ``x``'s shape with ``numel(p)`` along ``dim``; a vector result takes p's orientation.
        double, or single for single input (complex stays complex).

    Raises
    ------
    ValueError, TypeError
        Octave's messages: "X must be a non-empty numeric vector or matrix", "P must be a
        numeric vector", "DIM must be a positive integer", "Unknown METHOD, '10'"; method 2 on
        a first slice of NaN only (Octave's own index error).

    Notes
    -----
    GNU Octave 7.3 ``quantile.m`` / ``__quantile__``, proven against ``octave-cli``.
    """
    return _quantile_plan("quantile", x, p, dim, 5 if method is None else method, method is not None)


@frontend("octave.prctile")
def prctile(x: Any, p: Any = None, dim: int | None = None) -> QuantilePlan:
    """Octave 7's ``q = prctile(x, p, dim)``: ``quantile(x, p / 100, dim)`` with method 5.

    ``p`` in percent (default ``[0 25 50 75 100]``); same shapes, NaN rule and errors as
    :func:`quantile` (X non-numeric: "prctile: X must be a numeric vector or matrix"). GNU Octave
    7.3 ``prctile.m``, proven against ``octave-cli``.
    """
    return _quantile_plan("prctile", x, p, dim, 5, False)
