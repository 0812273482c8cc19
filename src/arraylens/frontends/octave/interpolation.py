"""Octave's ``interp1(x, y, xi, method, extrap)``: NaN outside the data by default.

The trap: ``np.interp(xi, x, y)`` clamps, returning ``y[0]`` left of the data and ``y[-1]``
right of it; Octave's ``interp1`` returns NA (a NaN) there unless ``'extrap'`` or an
extrapolation value is given. Octave also sorts an unsorted ``x`` (and keeps a descending one,
which flips the tie rules of 'nearest', 'previous' and 'next'), takes a matrix ``y`` column by
column, and its 'cubic' is 'pchip' (GNU Octave 7's interp1.m). 'spline' is the not-a-knot cubic
spline (a parabola for 3 points, a line for 2), with NaN values in ``y`` first filled by the
spline of the other points, as Octave's spline.m does.
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
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave.numpy_calls import float_source

METHODS = ("linear", "nearest", "previous", "next", "pchip", "cubic", "spline")
RESIZE_WORDING = "Invalid resizing operation or ambiguous assignment to an out-of-bounds array element"


def _spline(t: np.ndarray, y: np.ndarray) -> Any:
    """Octave's spline.m on (t, y) by columns: not-a-knot; NaN values in a column are first
    replaced by the spline of that column's other points."""
    from scipy.interpolate import CubicSpline

    if np.isnan(y).any():
        y = y.copy()
        for c in np.flatnonzero(np.isnan(y).any(axis=0)):  # columns holding NaN (few)
            ok = ~np.isnan(y[:, c])
            if ok.sum() < 2:
                raise ArgumentError("spline: requires at least 2 points")
            y[~ok, c] = CubicSpline(t[ok], y[ok, c], bc_type="not-a-knot")(t[~ok])
    return CubicSpline(t, y, axis=0, bc_type="not-a-knot")


def _pchip(t: np.ndarray, y: np.ndarray) -> Any:
    """Octave's pchip (SLATEC PCHIM derivatives): SciPy's PchipInterpolator, real and
    imaginary parts separately for complex values (as pchip.m does)."""
    from scipy.interpolate import PchipInterpolator

    if np.iscomplexobj(y):
        return _ComplexPchip(PchipInterpolator(t, y.real, axis=0), PchipInterpolator(t, y.imag, axis=0))
    return PchipInterpolator(t, y, axis=0)


@dataclass(frozen=True)
class _ComplexPchip:
    """pchip of complex values: the real and imaginary parts interpolated separately."""

    re: Any
    im: Any

    def __call__(self, q: np.ndarray) -> np.ndarray:
        return np.asarray(self.re(q)) + 1j * np.asarray(self.im(q))

    def derivative(self) -> Any:
        return _ComplexPchip(self.re.derivative(), self.im.derivative())


@dataclass(frozen=True)
class Interp1Plan:
    """The data as Octave's interp1.m prepares it, in a coordinate ``t = sign * x`` in which
    the breakpoints ascend (``sign = -1`` for a descending x, kept descending by Octave)."""

    t: np.ndarray  # (n,) ascending breakpoints (jump points removed for 'linear')
    y: np.ndarray  # (n, nc) float64 or complex128
    sign: float
    method: str  # canonical: linear, nearest, previous, next, pchip, spline
    given_method: str
    extrap: Any  # "extrap" or a float (NaN by default)
    xi: np.ndarray  # Octave's shape, float64
    lo: float
    hi: float
    dtype: np.dtype[Any]
    y_vector: bool
    names: tuple[str, str, str]  # Python names of x ("" when absent), y and xi
    x_order: str  # "ascending", "sorted" (Octave sorted it) or "descending"
    jumps: bool

    @property
    def nc(self) -> int:
        return int(self.y.shape[1])

    @property
    def xi_vector(self) -> bool:
        return self.xi.ndim == 2 and 1 in self.xi.shape

    @property
    def out_shape(self) -> tuple[int, ...]:
        if self.y_vector:
            return self.xi.shape
        if self.xi_vector:
            return (self.xi.size, self.nc)
        return octave_shape((*self.xi.shape, self.nc))

    def values(self, q: np.ndarray) -> np.ndarray:
        """The kernel: the interpolant at the points ``q`` (x units, 1-d) -> (len(q), nc)."""
        t = self.sign * q
        n = self.t.size
        if self.method == "linear":
            k = self._segment(t)
            slope = (self.y[k + 1] - self.y[k]) / (self.t[k + 1] - self.t[k])[:, None]
            out = slope * (t - self.t[k])[:, None] + self.y[k]
        elif self.method in ("nearest", "previous", "next"):
            if self.method == "nearest":
                k = np.searchsorted((self.t[:-1] + self.t[1:]) / 2, t, "right")
            elif self.method == "previous":
                k = np.clip(np.searchsorted(self.t, t, "right") - 1, 0, n - 1)
            else:
                k = np.clip(np.searchsorted(self.t, t, "left"), 0, n - 1)
                k[np.isnan(t)] = 0  # Octave's 'next' runs on the flipped data: NaN finds y(1)
            out = self.y[k]  # (a NaN xi finds the last piece, as Octave's lookup does)
        elif self.method == "pchip":
            out = np.asarray(_pchip(self.t, self.y)(t))
        else:
            out = np.asarray(_spline(self.t, self.y)(t))
        if self.extrap != "extrap":
            outside = (q < self.lo) | ~(q <= self.hi)
            out[outside] = self.extrap
        return out

    def _segment(self, t: np.ndarray) -> np.ndarray:
        """'linear': the segment of each point. A repeated x starts no segment (Octave drops
        it), but the segment before it still ends at its first y (the left limit), and the
        next one starts at its last y: interp1 jumps there and takes the later value."""
        seg = np.flatnonzero(self.t[1:] != self.t[:-1])
        k = np.clip(np.searchsorted(self.t[seg], t, "right") - 1, 0, seg.size - 1)
        return seg[k]

    def assemble(self, vals: np.ndarray) -> np.ndarray:
        if self.y_vector:
            out = vals[:, 0].reshape(self.xi.shape, order="F")
        elif self.xi_vector:
            out = vals
        else:
            out = vals.reshape((*self.xi.shape, self.nc), order="F").reshape(self.out_shape, order="F")
        if self.dtype.kind != "c":
            out = out.real
        return np.ascontiguousarray(out.astype(self.dtype))

    @quiet
    def compute(self) -> np.ndarray:
        check_allocation((self.xi.size, self.nc), self.y.dtype, "the result of Octave's interp1")
        return self.assemble(self.values(self.xi.ravel(order="F")))

    # -- NumPy / SciPy code ------------------------------------------------------------------
    def numpy_call(self) -> str:
        xn, yn, qn = self.names
        n = self.y.shape[0]
        lines = []
        yshape = f"({n}, -1)" if not self.y_vector else f"({n}, 1)"
        lines.append(f"ys = np.asarray({yn}).reshape({yshape}, order='F').astype(np.{self._work()})")
        if xn:
            lines.append(f"xs = np.asarray({xn}, dtype=np.float64).ravel(order='F')")
        else:
            lines.append(f"xs = np.arange(1.0, {n + 1})")
        if self.x_order == "sorted":
            lines.append("p = np.argsort(xs, kind='stable'); xs, ys = xs[p], ys[p]  # Octave sorts x")
        lines.append(f"q = np.asarray({qn}, dtype=np.float64).ravel(order='F')")
        if self.sign < 0:
            lines.append("t, tq = -xs, -q  # x descends: Octave keeps its order (ties flip)")
        else:
            lines.append("t, tq = xs, q")
        last = n - 1
        if self.method == "linear" and self.extrap != "extrap" and np.isfinite(self.y).all():
            lines.append(
                "v = np.stack([np.interp(tq, t, ys[:, c]) for c in range(ys.shape[1])], axis=1)"
                "  # np.interp clamps outside [x(1), x(end)]: masked below"
            )
        elif self.method == "linear":
            lines.append("seg = np.flatnonzero(t[1:] != t[:-1])  # a repeated x starts no segment")
            lines.append("k = seg[np.clip(np.searchsorted(t[seg], tq, 'right') - 1, 0, seg.size - 1)]")
            lines.append(
                "v = (ys[k + 1] - ys[k]) / (t[k + 1] - t[k])[:, None] * (tq - t[k])[:, None] + ys[k]"
                "  # Octave's ppval: slope * (xi - x(k)) + y(k), end segments extended"
            )
        elif self.method == "nearest":
            lines.append("v = ys[np.searchsorted((t[:-1] + t[1:]) / 2, tq, 'right')]  # a tie goes up")
        elif self.method == "previous":
            lines.append(f"v = ys[np.clip(np.searchsorted(t, tq, 'right') - 1, 0, {last})]")
        elif self.method == "next":
            lines.append(f"v = ys[np.clip(np.searchsorted(t, tq, 'left'), 0, {last})]")
        elif self.method == "pchip":
            lines.insert(0, "import scipy.interpolate")
            if self.dtype.kind == "c":
                lines.append(
                    "v = scipy.interpolate.PchipInterpolator(t, ys.real, axis=0)(tq) + 1j * "
                    "scipy.interpolate.PchipInterpolator(t, ys.imag, axis=0)(tq)"
                )
            else:
                lines.append("v = scipy.interpolate.PchipInterpolator(t, ys, axis=0)(tq)")
        else:
            lines.insert(0, "import scipy.interpolate")
            if np.isnan(self.y).any():
                lines.append(
                    "for c in np.flatnonzero(np.isnan(ys).any(axis=0)): ok = ~np.isnan(ys[:, c]); "
                    "ys[~ok, c] = scipy.interpolate.CubicSpline(t[ok], ys[ok, c])(t[~ok])"
                    "  # spline.m fills NaN"
                )
            lines.append("v = scipy.interpolate.CubicSpline(t, ys, axis=0, bc_type='not-a-knot')(tq)")
        if self.method == "next":
            lines.append("v[np.isnan(tq)] = ys[0]  # Octave: a NaN xi finds y(1) here ('extrap')")
        if self.extrap != "extrap":
            lines.append(
                f"v[(q < {self.lo!r}) | ~(q <= {self.hi!r})] = {float_source(self.extrap)}"
                "  # Octave: outside the data (and NaN) -> NA or the extrap value"
                if not math.isnan(self.extrap)
                else f"v[(q < {self.lo!r}) | ~(q <= {self.hi!r})] = np.nan"
                "  # Octave: NA outside the data, where np.interp clamps"
            )
        shape = self.xi.shape
        if self.y_vector:
            out = f"v[:, 0].reshape({join_ints(shape)}, order='F')"
        elif self.xi_vector:
            out = "v"
        else:
            out = (
                f"v.reshape(({join_ints((*shape, self.nc))}), order='F')"
                f".reshape(({join_ints(self.out_shape)}), order='F')"
            )
        real = "" if self.dtype.kind == "c" else ".real"
        lines.append(f"np.ascontiguousarray(({out}){real}.astype(np.{self.dtype.name}))")
        return "\n".join(lines)

    def _work(self) -> str:
        return "complex128" if self.y.dtype.kind == "c" else "float64"

    # -- explanation --------------------------------------------------------------------------
    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        if self.y_vector:
            p = int(np.ravel_multi_index(idx, self.xi.shape, order="F")) if self.xi.size else 0
            c = 0
        elif self.xi_vector:
            p, c = idx[0], idx[1]
        else:
            full = idx + (0,) * (self.xi.ndim + 1 - len(idx))
            c = full[self.xi.ndim]
            p = int(np.ravel_multi_index(full[: self.xi.ndim], self.xi.shape, order="F"))
        q = float(self.xi.ravel(order="F")[p])
        one = self.assemble_one(self.values(np.array([q]))[0, c])
        value = scalar(one)
        t = self.sign * q
        n = self.t.size
        xs = self.sign * self.t  # the breakpoints in x units
        lines: list[str] = []
        outside = not (self.lo <= q <= self.hi)
        if outside and self.extrap != "extrap":
            expected: Any = self.extrap
            lines.append(
                f"xi = {fmt_value(q)} is outside [{fmt_value(self.lo)}, {fmt_value(self.hi)}]"
                + (" (or NaN)" if math.isnan(q) else "")
                + f": Octave returns {'NA (NaN)' if math.isnan(self.extrap) else fmt_value(self.extrap)}"
            )
            lines.append(
                "np.interp would clamp to the end value " + fmt_value(scalar(self.y[0 if t < self.t[0] else -1, c]))
            )
        elif math.isnan(q) and self.method not in ("nearest", "previous", "next"):
            expected = math.nan
            lines.append("xi is NaN: the result is NaN")
        else:
            expected = self._expected(t, c, lines, xs)
        if self.dtype in (np.float32, np.complex64):
            expected = scalar(np.asarray(expected).astype(self.dtype))
        col = f" of column {c + 1}" if not self.y_vector else ""
        return OctaveExplanation(
            op="octave.interp1",
            index=idx,
            value=value,
            expected=expected,
            summary=f"interp1 '{self.given_method}' at xi = {fmt_value(q)}{col}: {fmt_value(value)}.",
            sections=(
                section(
                    "Data",
                    f"{n} points, x {self.x_order}"
                    + (" (Octave sorted x and y together)" if self.x_order == "sorted" else "")
                    + (
                        " (kept descending: 'nearest' ties go to the smaller x, 'previous' and "
                        "'next' look along the array order)"
                        if self.x_order == "descending"
                        else ""
                    ),
                    f"y is {'a vector' if self.y_vector else f'{self.y.shape[0]}x{self.nc}: each column is a curve'}",
                ),
                section("Element", f"{octave_ref('yi', idx)}: " + lines[0], *lines[1:]),
                section(
                    "Rule",
                    "Octave's interp1 gives NA (NaN) outside [min(x), max(x)] unless 'extrap' or a "
                    "value is given; np.interp clamps to y(1) and y(end)",
                    "'cubic' is 'pchip' in Octave 7; 'spline' is the not-a-knot spline",
                ),
                section("NumPy/SciPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"xi": q, "column": c, "outside": bool(outside)},
        )

    def assemble_one(self, v: Any) -> Any:
        out = np.asarray(v)
        if self.dtype.kind != "c":
            out = out.real
        return out.astype(self.dtype)

    def _expected(self, t: float, c: int, lines: list[str], xs: np.ndarray) -> Any:
        n = self.t.size
        yc = self.y[:, c]
        if self.method in ("nearest", "previous", "next"):
            if self.method == "nearest":
                k = int(np.searchsorted((self.t[:-1] + self.t[1:]) / 2, t, "right"))
                rule = "the nearest x (a tie at a midpoint goes to the later point in x's order)"
            elif self.method == "previous":
                k = max(0, min(n - 1, int(np.searchsorted(self.t, t, "right")) - 1))
                rule = "the last x at or before xi"
            else:
                k = 0 if math.isnan(t) else max(0, min(n - 1, int(np.searchsorted(self.t, t, "left"))))
                rule = "the first x at or after xi"
            lines.append(f"{rule}: x = {fmt_value(float(xs[k]))}, y = {fmt_value(scalar(yc[k]))}")
            return scalar(yc[k])
        k = (
            int(self._segment(np.array([t]))[0])
            if self.method == "linear"
            else max(0, min(n - 2, int(np.searchsorted(self.t, t, "right")) - 1))
        )
        t0, t1 = float(self.t[k]), float(self.t[k + 1])
        y0, y1 = complex(yc[k]), complex(yc[k + 1])
        seg = f"between x = {fmt_value(float(xs[k]))} and x = {fmt_value(float(xs[k + 1]))}"
        if self.method == "linear":
            e = y0 + (t - t0) * (y1 - y0) / (t1 - t0)
            lines.append(
                f"{seg}: y0 + (xi - x0) * (y1 - y0) / (x1 - x0) with y0 = {fmt_value(scalar(yc[k]))}, "
                f"y1 = {fmt_value(scalar(yc[k + 1]))}"
            )
        else:
            f = _pchip(self.t, self.y) if self.method == "pchip" else _spline(self.t, self.y)
            if self.method == "spline" and np.isnan(self.y).any():
                filled = np.asarray(f(self.t))[:, c]
                y0, y1 = complex(filled[k]), complex(filled[k + 1])
            h = t1 - t0
            d0, d1 = self._slopes(f, t0, t1, c)
            s = (t - t0) / h
            e = (
                y0 * (2 * s**3 - 3 * s**2 + 1)
                + h * d0 * (s**3 - 2 * s**2 + s)
                + y1 * (-2 * s**3 + 3 * s**2)
                + h * d1 * (s**3 - s**2)
            )
            kind = "PCHIP shape-preserving" if self.method == "pchip" else "not-a-knot spline"
            lines.append(
                f"{seg}: the cubic Hermite piece through y0 = {fmt_value(y0.real if not y0.imag else y0)}, "
                f"y1 = {fmt_value(y1.real if not y1.imag else y1)} with slopes {fmt_value(d0.real)}, "
                f"{fmt_value(d1.real)} ({kind} slopes)"
            )
        if not (self.t[0] <= t <= self.t[-1]):
            lines.append("'extrap': the end piece extended")
        return e if self.dtype.kind == "c" else e.real

    def _slopes(self, f: Any, t0: float, t1: float, c: int) -> tuple[complex, complex]:
        """The piece's end slopes, from the interpolant's derivative at its two knots."""
        d = np.asarray(f.derivative()(np.array([t0, t1])))[:, c]
        return complex(d[0]), complex(d[1])


def _parse_options(varargin: list[Any]) -> tuple[Any, bool, str, Any]:
    """Octave's loop over interp1's trailing arguments: (xi, have_xi, method, extrap)."""
    method, extrap, xi, have_xi = "linear", None, None, False
    for i, arg in enumerate(varargin):
        if isinstance(arg, str):
            a = arg.lower()
            if a == "extrap":
                extrap = "extrap"
            elif a in ("pp", "left", "-left", "right", "-right") or a.startswith("*"):
                raise ArgumentError(
                    f"interp1: arraylens.octave does not reproduce interp1(..., '{arg}'); methods: {', '.join(METHODS)}"
                )
            else:
                method = a
        elif i == 0:
            xi, have_xi = arg, True
        else:
            extrap = arg
    return xi, have_xi, method, extrap


def _float_class(*arrays: np.ndarray) -> bool:
    return any(a.dtype in (np.float32, np.complex64) for a in arrays)


@frontend("octave.interp1")
def interp1(x: Any, y: Any, xi: Any = None, method: Any = None, extrap: Any = None) -> Interp1Plan:
    """Octave 7's ``interp1(x, y, xi, method, extrap)`` (also ``interp1(y, xi, ...)``).

    Parameters
    ----------
    x : vector of the data's abscissae (any orientation; read as ``x(:)``). Unsorted x is
        sorted (y with it); a descending x is kept descending, as Octave does.
    y : vector (its orientation does not matter) or matrix with ``numel(x)`` rows: each column
        is a curve.
    xi : array of query points, any shape. ``None`` means "not given" here (Octave's
        two-argument form ``interp1(y, xi)``, x = 1:n); pass an empty array for Octave's ``[]``.
    method : {"linear", "nearest", "previous", "next", "pchip", "cubic", "spline"}
        Case-insensitive; "cubic" is "pchip" in Octave 7.
    extrap : "extrap" or a real number, optional
        Default NA (NaN) for ``xi`` outside ``[min(x), max(x)]`` and NaN ``xi``; "extrap"
        extends the end pieces; a number replaces those values. As in Octave the method and
        "extrap" may come in any order after ``xi``, and a number after a string is the
        extrapolation value. A logical ``extrap`` (``True`` or ``False``) extrapolates like
        "extrap": interp1.m replaces the outliers only with a numeric one.

    Returns
    -------
    ndarray
        Vector ``y``: ``xi``'s shape. Matrix ``y`` (``n x nc``): ``numel(xi) x nc`` for a vector
        ``xi``, else ``[size(xi), nc]``. Class: single when ``y`` is single, or (for 'linear',
        'pchip', 'spline') when x or xi is; else double; complex when ``y`` is complex.

    Raises
    ------
    ValueError
        Octave's "interp1: minimum of 2 points required in each dimension", "interp1:
        invalid METHOD 'foo'", "interp1: discontinuities not supported for METHOD 'pchip'"
        (a repeated x with a method other than linear or nearest), and for a matrix ``y``
        with a non-vector ``xi`` holding points outside the data (without 'extrap') Octave's
        "Invalid resizing operation or ambiguous assignment to an out-of-bounds array
        element". Refused where Octave
        gives an answer arraylens does not reproduce: integer classes, ``numel(x)`` not
        equal to the rows of ``y`` (Octave does not check), NaN or Inf in ``x``, NaN or Inf
        in ``y`` for 'pchip' (Inf for 'spline'), a non-scalar or complex ``extrap``, 'pp',
        'left'/'right' and the '*' methods.

    Notes
    -----
    GNU Octave 7.3 ``interp1.m`` (with ``pchip.m``, ``spline.m``, ``ppval.m``), proven against
    ``octave-cli`` in the tests.
    """
    varargin = [v for v in (xi, method, extrap) if v is not None]
    q, have_xi, meth, ext = _parse_options(varargin)
    names: tuple[str, str, str] = ("x", "y", "xi")
    if not have_xi:  # interp1(y, xi, ...): Octave's two-argument form
        x, y, q = None, x, y
        names = ("", "x", "y")
    arrays = {}
    for name, v in (("x", x), ("y", y), ("xi", q)):
        if v is None:
            continue
        v = octave_literal(v)  # a Python number or list is Octave's double literal
        arr = np.asarray(v)
        if arr.dtype.kind in "iu":
            raise ArgumentTypeError(
                f"interp1: arraylens.octave does not reproduce interp1 with the integer class "
                f"{arr.dtype.name} ({name.upper()}); convert to double"
            )
        if isinstance(v, str) or arr.dtype.kind not in "bfc":
            raise ArgumentTypeError(f"interp1: {name.upper()} must be numeric, got {v!r}")
        arrays[name] = as_octave_array(arr, "interp1", name.upper(), allow_empty=True, keep_class=False)
    yv = arrays["y"]
    xiv = arrays["xi"]
    y_vector = yv.ndim == 2 and 1 in yv.shape
    ny = yv.size if y_vector else yv.shape[0]
    xv = arrays["x"].ravel(order="F") if "x" in arrays else np.arange(1.0, ny + 1)
    if yv.ndim > 2:
        raise ArgumentError(f"interp1: arraylens.octave takes a vector or matrix Y, got {fmt_shape(yv.shape)}")
    ycols = yv.reshape(-1, 1, order="F") if y_vector else yv
    if xv.size < 2 or ny < 2:
        raise ArgumentError("interp1: minimum of 2 points required in each dimension")
    if xv.dtype.kind == "c":
        raise ArgumentTypeError("interp1: arraylens.octave takes a real X")
    if xv.size != ny:
        raise ArgumentError(
            f"interp1: X has {xv.size} points but Y has {ny} "
            f"{'elements' if y_vector else 'rows'}; Octave does not check this and returns "
            "values from mismatched data, arraylens refuses"
        )
    if not np.isfinite(xv).all():
        raise ArgumentError("interp1: arraylens.octave does not reproduce interp1 with NaN or Inf in X")
    if xiv.dtype.kind == "c":
        raise ArgumentTypeError("interp1: arraylens.octave takes a real XI")
    if meth not in METHODS:
        raise ArgumentError(f"interp1: invalid METHOD '{meth}'")
    canonical = "pchip" if meth == "cubic" else meth
    if ext is None:
        ext_value: Any = math.nan
    elif isinstance(ext, str):
        ext_value = ext
    elif np.asarray(ext).dtype.kind == "b":
        # interp1.m replaces the outliers only when isnumeric (extrap): a logical one (true or
        # false, any size) leaves the method's own extension there, as 'extrap' does
        ext_value = "extrap"
    else:
        e = np.asarray(ext)
        if e.size != 1 or e.dtype.kind not in "iuf":
            raise ArgumentError(
                "interp1: arraylens.octave takes a real scalar EXTRAP or 'extrap', got "
                f"{fmt_shape(octave_shape(e.shape))} {e.dtype}"
            )
        ext_value = float(e.ravel()[0])
    # Octave: sort x unless it is sorted either way; a descending x stays descending
    xw = xv.astype(np.float64)
    yw = ycols.astype(np.complex128 if ycols.dtype.kind == "c" else np.float64)
    d = np.diff(xw)
    if np.all(d >= 0):
        order, sign = "ascending", 1.0
    elif np.all(d <= 0):
        order, sign = "descending", -1.0
    else:
        p = np.argsort(xw, kind="stable")
        xw, yw, order, sign = xw[p], yw[p], "sorted", 1.0
    jumps = bool(np.any(xw[1:] == xw[:-1]))
    if jumps and canonical not in ("linear", "nearest"):
        # Octave has already turned 'next' into 'previous' (on the flipped data) here
        shown = "previous" if meth == "next" else meth
        raise ArgumentError(f"interp1: discontinuities not supported for METHOD '{shown}'")
    if canonical == "pchip" and not np.isfinite(yw).all():
        raise ArgumentError("interp1: arraylens.octave does not reproduce 'pchip' with NaN or Inf in Y")
    if canonical == "spline" and np.isinf(yw).any():
        raise ArgumentError("interp1: arraylens.octave does not reproduce 'spline' with Inf in Y")
    single = _float_class(yv) or (
        canonical in ("linear", "pchip", "spline") and _float_class(*(arrays.get(k, yv) for k in ("x", "xi")))
    )
    if yv.dtype.kind == "c":
        dtype = np.dtype(np.complex64 if single else np.complex128)
    else:
        dtype = np.dtype(np.float32 if single else np.float64)
    lo, hi = float(min(xv[0], xv[-1])), float(max(xv[0], xv[-1]))
    if order == "sorted":
        lo, hi = float(xw[0]), float(xw[-1])
    plan = Interp1Plan(
        t=sign * xw,
        y=yw,
        sign=sign,
        method=canonical,
        given_method=meth,
        extrap=ext_value,
        xi=xiv.astype(np.float64),
        lo=lo,
        hi=hi,
        dtype=dtype,
        y_vector=y_vector,
        names=names,
        x_order=order,
        jumps=jumps,
    )
    outliers = (xiv < lo) | ~(xiv <= hi)
    if not y_vector and not plan.xi_vector and ext_value != "extrap" and outliers.any():
        raise ArgumentError(
            f"{RESIZE_WORDING} (Octave 7's interp1 with a matrix Y, a "
            f"{fmt_shape(xiv.shape)} XI and points outside the data: Octave cannot place the "
            f"extrapolation value; give a vector XI or 'extrap')"
        )
    return plan
