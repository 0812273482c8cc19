"""Octave's ``round`` and ``fix`` (elementwise rounding) and ``mod`` and ``rem`` (remainders).

``round`` rounds half away from zero (C's ``round``), where NumPy's ``np.round`` rounds half to
even: ``round([-2.5 -1.5 -0.5 0.5 1.5 2.5])`` is ``[-3 -2 -1 1 2 3]`` in Octave and
``[-2 -2 -0 0 2 2]`` in NumPy. ``fix`` rounds toward zero (``np.trunc``). Complex values are
rounded part by part; integer classes come back unchanged, logical as double.

``mod(x, y)`` takes the sign of the divisor ``y`` (like ``np.mod``), ``rem(x, y)`` that of the
dividend ``x`` (like ``np.fmod``), both computed as Octave 7's ``lo-mappers.h`` does:
``x - y .* floor(x ./ y)`` (``trunc`` for ``rem``), except that the result is 0 when ``y`` is
not an integer and ``x ./ y`` is within one ``eps`` (relative) of an integer (so
``mod(0.3, 0.1)`` is 0, where ``np.mod`` gives 0.09999999999999998), and the sign is copied
from ``y`` (``x``) onto the result, zero included, unless ``x == y``. A zero divisor gives
``mod(x, 0) = x`` and ``rem(x, 0) = NaN``; an infinite divisor gives NaN (``x - Inf * 0``), where
NumPy's ``np.mod(5, np.inf)`` is 5. Integer classes: Octave's integer arithmetic (``mod(x, 0)``
is ``x``, ``rem(x, 0)`` is 0); a double or single operand is first converted to the other's
integer class (rounded half away from zero, saturated, NaN to 0), so ``mod(int8(7), 2.5)`` is
``mod(int8(7), int8(3))``, 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocations
from arraylens.core.text import format_index
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    broadcast_octave,
    fmt_value,
    octave_class,
    octave_literal,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    round_half_away,
    scalar,
    to_integer_class,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave.numpy_calls import (
    Given,
    fit_shape,
    given,
    octave_integer,
    prepared,
    source_name,
)

#: The NumPy expression of :func:`round_half_away`, as a one-line helper of the NumPy calls.
HALF_AWAY = "r = lambda v: np.where(np.abs(v - np.trunc(v)) >= 0.5, np.trunc(v) + np.sign(v), np.trunc(v))"


# ---------------------------------------------------------------------------------- round, fix


@dataclass(frozen=True)
class RoundPlan:
    """``round(x)`` or ``fix(x)``, elementwise."""

    fname: str  # "round" or "fix"
    x: np.ndarray  # Octave's shape and class
    source: Given
    name: str = "x"  # the argument in the NumPy call (see numpy_calls.source_name)

    @property
    def out_shape(self) -> tuple[int, ...]:
        return self.x.shape

    def real_kernel(self, v: np.ndarray) -> np.ndarray:
        return round_half_away(v) if self.fname == "round" else np.trunc(v)

    def kernel(self, x: np.ndarray) -> np.ndarray:
        """The rounding of ``x`` (any shape): integer classes unchanged, logical as double,
        complex part by part."""
        if x.dtype.kind in "iu":
            return x.copy()
        if x.dtype.kind == "b":
            return x.astype(np.float64)
        if x.dtype.kind == "c":
            out = np.empty_like(x)
            out.real = self.real_kernel(x.real)
            out.imag = self.real_kernel(x.imag)
            return out
        return self.real_kernel(x)

    @quiet
    def compute(self) -> np.ndarray:
        return self.kernel(self.x)

    def numpy_call(self) -> str:
        kind = self.x.dtype.kind
        src = prepared(self.name, self.source, self.x.shape, np.float64 if kind == "b" else self.x.dtype)
        if kind in "iub":
            return src if src != "x" else "x.copy()"
        if self.fname == "fix":
            if kind == "c":
                return f"y = {src}.copy(); y.real = np.trunc(y.real); y.imag = np.trunc(y.imag)\ny"
            return f"np.trunc({src})"
        if kind == "c":
            return f"{HALF_AWAY}\ny = {src}.copy(); y.real = r(y.real); y.imag = r(y.imag)\ny"
        return f"{HALF_AWAY}\nr({src})"

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        v = self.x[idx]
        value = scalar(self.kernel(self.x[tuple(slice(i, i + 1) for i in idx)]).reshape(()))
        mode = ROUND_HALF_UP if self.fname == "round" else ROUND_DOWN  # HALF_UP: away from 0

        def exact(t: float) -> float:
            if not math.isfinite(t):
                return t
            return math.copysign(float(Decimal(t).quantize(Decimal(1), rounding=mode)), t)

        expected: Any
        kind = self.x.dtype.kind
        if kind in "iu":
            expected = int(v)
            rule = f"{octave_class(self.x.dtype)} is an integer class: {self.fname} returns it unchanged"
        elif kind == "b":
            expected = float(int(v))
            rule = f"logical: {self.fname} returns double"
        elif kind == "c":
            z = complex(v)
            expected = complex(exact(z.real), exact(z.imag))
            rule = "complex: the real and imaginary parts are rounded separately"
        else:
            expected = exact(float(v))
            rule = (
                "halves are rounded away from zero (C's round)"
                if self.fname == "round"
                else "toward zero: the fractional part is dropped"
            )
        contrast = []
        if self.fname == "round" and kind in "fc":
            npv = scalar(np.round(v))
            contrast.append(
                f"np.round({fmt_value(scalar(v))}) = {fmt_value(npv)}"
                + (" (NumPy rounds halves to even)" if npv != value and npv == npv else "")
            )
        elif self.fname == "fix" and kind == "f":
            contrast.append(
                f"np.floor({fmt_value(scalar(v))}) = {fmt_value(scalar(np.floor(v)))} "
                "(floor rounds toward -Inf; fix is np.trunc)"
            )
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{self.fname}({octave_ref('x', idx)}) = {self.fname}({fmt_value(scalar(v))}) "
            f"= {fmt_value(value)}.",
            sections=(
                section(
                    "Element",
                    f"{octave_ref('out', idx)} = {self.fname}({octave_ref('x', idx)}) "
                    f"= {self.fname}({fmt_value(scalar(v))}) = {fmt_value(value)}",
                ),
                section("Rule", rule),
                section("NumPy", *contrast, *self.numpy_call().splitlines()),
            ),
            details={"class": octave_class(self.kernel(self.x[:0]).dtype)},
        )


def _round_plan(fname: str, x: Any, n: Any = None) -> RoundPlan:
    if n is not None:
        raise ArgumentError(
            f"Invalid call to {fname}: Octave 7's {fname} takes one argument ({fname}(x, n) to n "
            "digits is MATLAB's, not Octave's; scale, round and scale back)"
        )
    source, name = given(x), source_name(x, "x")  # as passed: the NumPy call converts literals
    arr = as_octave_array(octave_literal(x), fname, allow_empty=True, keep_class=True)
    return RoundPlan(fname, arr, source, name)


@frontend("octave.round")
def round(x: Any, n: Any = None) -> RoundPlan:
    """Octave's ``round(x)``: to the nearest integer, halves away from zero.

    Parameters
    ----------
    x : array_like, real or complex, any shape (a 1-d array is a 1xN row). A Python number or
        list is an Octave literal (double); NumPy integer and bool arrays are Octave's integer
        and logical classes.

    n : None
        Not taken: Octave 7's ``round`` has one argument (MATLAB's ``round(x, n)`` rounds to
        ``n`` digits); given, it is refused with Octave's "Invalid call to round".

    Returns
    -------
    ndarray
        ``x``'s shape (Octave's). Double and single keep their class; complex values are
        rounded part by part; integer classes are returned unchanged; logical gives double.
        ``round(-0.4)`` is ``-0``; NaN and Inf stay.

    Raises
    ------
    TypeError
        Non-numeric input.

    Notes
    -----
    GNU Octave 7.3 ``round`` (``std::round``), proven against ``octave-cli``. NumPy's
    ``np.round`` rounds halves to even (``np.round(2.5)`` is 2.0, Octave's ``round(2.5)`` 3).
    """
    return _round_plan("round", x, n)


@frontend("octave.fix")
def fix(x: Any, n: Any = None) -> RoundPlan:
    """Octave's ``fix(x)``: round toward zero (``np.trunc``).

    Same classes and shapes as :func:`round`; ``n`` is refused as there ("Invalid call to
    fix"). GNU Octave 7.3 ``fix``, proven against ``octave-cli``.
    """
    return _round_plan("fix", x, n)


# ------------------------------------------------------------------------------------ mod, rem


def _operand_class(a: np.ndarray, fname: str) -> None:
    if a.dtype.kind == "b":
        kind = "bool" if a.size == 1 else "bool matrix"
        raise ArgumentTypeError(f"{fname}: wrong type argument '{kind}'")
    if a.dtype.kind == "c":
        raise ArgumentError(f"{fname}: not defined for complex numbers")


def result_dtype(x: np.ndarray, y: np.ndarray, fname: str) -> np.dtype[Any]:
    """The class of ``mod``/``rem``'s result (Octave 7's ``Fmod``/``Frem``).

    Two integer operands must be of one class; an integer class with a double or single gives
    that integer class; otherwise single if either is single, else double.

    Raises
    ------
    TypeError
        A logical operand (Octave: "mod: wrong type argument 'bool'"); two integer classes
        (Octave: "mod: cannot combine int8 and int16").
    ValueError
        A complex operand (Octave: "mod: not defined for complex numbers").
    """
    _operand_class(x, fname)
    _operand_class(y, fname)
    xi, yi = x.dtype.kind in "iu", y.dtype.kind in "iu"
    if xi and yi and x.dtype != y.dtype:
        raise ArgumentTypeError(f"{fname}: cannot combine {x.dtype.name} and {y.dtype.name}")
    if xi or yi:
        return x.dtype if xi else y.dtype
    return np.dtype(np.float32 if np.float32 in (x.dtype, y.dtype) else np.float64)


def _nint(v: np.ndarray) -> np.ndarray:
    """Octave's ``x_nint``: ``floor(v + 0.5)`` for finite ``v``, ``v`` itself otherwise."""
    return np.where(np.isfinite(v), np.floor(v + v.dtype.type(0.5)), v)


def float_remainder(x: np.ndarray, y: np.ndarray, floor: bool) -> np.ndarray:
    """Octave 7's ``octave::math::mod`` (``floor``) or ``rem`` (trunc), vectorised, in the
    operands' floating dtype (both the same; shapes broadcast)."""
    dt = x.dtype.type
    q = x / y
    nq = _nint(q)
    tweak = (_nint(y) != y) & (np.abs((q - nq) / nq) < np.finfo(x.dtype).eps)
    n = np.floor(q) if floor else np.trunc(q)
    r = np.where(tweak, dt(0), x - y * n)
    r = np.where((x != y) & (y != 0), np.copysign(r, y if floor else x), r)
    return np.where(y == 0, x if floor else dt(np.nan), r).astype(x.dtype)


def integer_remainder(x: np.ndarray, y: np.ndarray, floor: bool) -> np.ndarray:
    """Octave's integer ``mod`` (sign of ``y``; ``mod(x, 0)`` is ``x``) or ``rem`` (sign of
    ``x``; ``rem(x, 0)`` is 0), both operands of one integer class."""
    zero = y == 0
    safe = np.where(zero, y.dtype.type(1), y)
    if floor:
        return np.where(zero, x, np.mod(x, safe)).astype(x.dtype)
    return np.where(zero, x.dtype.type(0), np.fmod(x, safe)).astype(x.dtype)


@dataclass(frozen=True)
class RemainderPlan:
    """``mod(x, y)`` or ``rem(x, y)`` with Octave's broadcasting."""

    fname: str  # "mod" or "rem"
    x: np.ndarray  # in the result's class, padded to y's number of dimensions
    y: np.ndarray
    given_x: Given
    given_y: Given
    dtype: np.dtype[Any]
    names: tuple[str, str] = ("x", "y")  # the arguments in the NumPy call
    classes: tuple[str, str] = ("", "")  # the operands' Octave classes before conversion

    @property
    def floor(self) -> bool:
        return self.fname == "mod"

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(np.broadcast_shapes(self.x.shape, self.y.shape))

    def kernel(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        if self.dtype.kind in "iu":
            return integer_remainder(x, y, self.floor)
        return float_remainder(x, y, self.floor)

    @quiet
    def compute(self) -> np.ndarray:
        return self.kernel(self.x, self.y).reshape(self.out_shape)

    def numpy_call(self) -> str:
        dt = self.dtype
        xs = _operand(self.names[0], self.given_x, self.x.shape, dt)
        ys = _operand(self.names[1], self.given_y, self.y.shape, dt)
        shape = np.broadcast_shapes(self.x.shape, self.y.shape)
        if dt.kind in "iu":
            if self.floor:  # np.mod of integers has the divisor's sign, as Octave's mod
                expr = f"np.where(yo == 0, xo, np.mod(xo, np.where(yo == 0, 1, yo))).astype(np.{dt.name})"
            else:
                expr = f"np.where(yo == 0, 0, np.fmod(xo, np.where(yo == 0, 1, yo))).astype(np.{dt.name})"
            return f"xo, yo = {xs}, {ys}\n" + fit_shape(expr, shape, self.out_shape)
        f = "floor" if self.floor else "trunc"
        sign = "yo" if self.floor else "xo"
        at_zero = "xo" if self.floor else "np.nan"
        lines = [
            f"xo, yo = {xs}, {ys}",
            "q = xo / yo",
            "nint = lambda v: np.where(np.isfinite(v), np.floor(v + 0.5), v)",
            f"tweak = (nint(yo) != yo) & (np.abs((q - nint(q)) / nint(q)) < np.finfo(np.{dt.name}).eps)"
            "  # Octave: 0 when x/y is within eps of an integer",
            f"r = np.where(tweak, 0, xo - yo * np.{f}(q))",
            f"r = np.where((xo != yo) & (yo != 0), np.copysign(r, {sign}), r)",
        ]
        expr = f"np.where(yo == 0, {at_zero}, r).astype(np.{dt.name})"
        return "\n".join([*lines, fit_shape(expr, shape, self.out_shape)])

    def _steps(self, xv: Any, yv: Any) -> tuple[Any, list[str]]:
        """Octave's scalar algorithm on one pair, step by step (NumPy scalars of the class for
        double and single, Python ints for integer classes)."""
        name, floor = self.fname, self.floor
        if self.dtype.kind in "iu":
            a, b = int(xv), int(yv)
            if b == 0:
                return (a if floor else 0), [f"y is 0: Octave's integer {name}(x, 0) is " + ("x" if floor else "0")]
            c = abs(a) % abs(b) * (1 if a >= 0 else -1)  # C's %: the sign of x
            line = f"C's x % y = {c}"
            if floor and c != 0 and (c < 0) != (b < 0):
                c += b
                line += f"; its sign differs from y's, so y is added: {c}"
            return c, [line, f"integer arithmetic in {self.dtype.name}"]
        t = self.dtype.type  # NumPy scalars: IEEE arithmetic in the class, 1/0 is Inf
        x, y = t(xv), t(yv)
        eps = np.finfo(self.dtype).eps
        if y == 0:
            return (x if floor else t(np.nan)), [f"y is 0: Octave 7's {name}(x, 0) is " + ("x" if floor else "NaN")]

        def nint(v: Any) -> Any:  # Octave's x_nint
            return t(np.floor(v + t(0.5))) if np.isfinite(v) else v

        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            q = t(x / y)
            lines = [f"q = x / y = {fmt_value(float(q))}"]
            near = bool(nint(y) != y) and bool(abs(t((q - nint(q)) / nint(q))) < eps)
            if near:
                r: Any = t(0.0)
                lines.append(
                    f"y is not an integer and q is within eps of the integer "
                    f"{fmt_value(float(nint(q)))}: Octave returns 0 (its exactness rule)"
                )
            else:
                n = t(np.floor(q) if floor else np.trunc(q))
                r = t(x - t(y * n))
                lines.append(
                    f"{'floor' if floor else 'fix'}(q) = {fmt_value(float(n))}; "
                    f"x - y * {fmt_value(float(n))} = {fmt_value(float(r))}"
                )
            if x != y:
                r = t(np.copysign(r, y if floor else x))
                lines.append(f"the sign of {'y' if floor else 'x'} is given to the result")
        return r, lines

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        nd = self.x.ndim
        full = idx + (0,) * (nd - len(idx))
        xi = tuple(0 if n == 1 else i for i, n in zip(full, self.x.shape, strict=True))
        yi = tuple(0 if n == 1 else i for i, n in zip(full, self.y.shape, strict=True))
        xv, yv = self.x[xi], self.y[yi]
        value = scalar(self.kernel(np.asarray([xv]), np.asarray([yv]))[0])  # the kernel on the pair
        expected, steps = self._steps(xv, yv)
        cls = octave_class(self.dtype)
        for arg, was in zip(("x", "y"), self.classes, strict=True):
            if was and was != cls and self.dtype.kind in "iu":
                steps.insert(
                    0,
                    f"{arg} is {was}: Octave converts it to {cls} first (rounded half away from "
                    "zero, saturated, NaN to 0); the values shown are after that conversion",
                )
        sx, sy = scalar(xv), scalar(yv)
        expected = scalar(np.asarray(expected, dtype=self.dtype))
        contrast = "np.mod" if self.floor else "np.fmod"
        with np.errstate(all="ignore"):
            npv = scalar(getattr(np, contrast.removeprefix("np."))(xv, yv))
        rule = (
            "mod(x, y) = x - y .* floor(x ./ y): the result has the sign of the divisor y"
            if self.floor
            else "rem(x, y) = x - y .* fix(x ./ y): the result has the sign of the dividend x"
        )
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{self.fname}({octave_ref('x', xi)}, {octave_ref('y', yi)}) = "
            f"{self.fname}({fmt_value(sx)}, {fmt_value(sy)}) = {fmt_value(value)}.",
            sections=(
                section(
                    "Broadcasting",
                    f"out{format_index(idx)} pairs x{format_index(xi)} with y{format_index(yi)} "
                    "(Octave pads the shorter shape with trailing singleton dimensions)",
                ),
                section("Rule", rule, *steps),
                section(
                    "NumPy",
                    f"{contrast}({fmt_value(sx)}, {fmt_value(sy)}) = "
                    + (repr(npv) if isinstance(npv, float) else fmt_value(npv))
                    + (" (differs from Octave here)" if not _same(npv, value) else ""),
                    *self.numpy_call().splitlines(),
                ),
            ),
            details={"x_index": xi, "y_index": yi, "class": octave_class(self.dtype)},
        )


def _operand(name: str, source: Given, shape: tuple[int, ...], dt: np.dtype[Any]) -> str:
    """NumPy code for an operand in the result's class: another class goes to an integer
    class through double, as Octave converts (rounded half away from zero, saturated)."""
    if dt.kind in "iu" and source.dtype != dt.name:
        return octave_integer(prepared(name, source, shape, np.float64), dt)
    return prepared(name, source, shape, dt)


def _converted(a: np.ndarray, dt: np.dtype[Any]) -> np.ndarray:
    """An operand in the result's class: Octave's conversion to an integer class, or single."""
    return to_integer_class(a, dt) if dt.kind in "iu" else a.astype(dt)


def _same(a: Any, b: Any) -> bool:
    return bool(a == b or (a != a and b != b))


def _remainder_plan(fname: str, x: Any, y: Any) -> RemainderPlan:
    if y is None:
        raise ArgumentError(f"Invalid call to {fname}: {fname}(x, y) takes two arguments")
    given_x, given_y = given(x), given(y)  # as passed: the NumPy call converts literals
    xa = as_octave_array(octave_literal(x), fname, "X", allow_empty=True, keep_class=True)
    ya = as_octave_array(octave_literal(y), fname, "Y", allow_empty=True, keep_class=True)
    dt = result_dtype(xa, ya, fname)
    classes = (octave_class(xa.dtype), octave_class(ya.dtype))
    xa, ya = (a if a.dtype == dt else _converted(a, dt) for a in (xa, ya))
    xb, yb = broadcast_octave(xa, ya, fname)
    shape = np.broadcast_shapes(xb.shape, yb.shape)
    check_allocations(  # the result and the kernel's temporaries (q, its rounding, n)
        [("the result", shape, dt), ("x ./ y and its roundings", (3, *shape), dt)], f"octave.{fname}"
    )
    names = (source_name(x, "x"), source_name(y, "y"))
    return RemainderPlan(fname, xb, yb, given_x, given_y, dt, names, classes)


@frontend("octave.mod")
def mod(x: Any, y: Any = None) -> RemainderPlan:
    """Octave 7's ``mod(x, y)``: ``x - y .* floor(x ./ y)``, the sign of ``y``.

    Parameters
    ----------
    x, y : array_like, real (a 1-d array is a 1xN row); Python numbers and lists are doubles,
        NumPy integer arrays Octave's integer classes.

    Returns
    -------
    ndarray
        The broadcast shape (Octave's broadcasting: trailing singleton dimensions). Class:
        the integer class of an integer operand (the other converted to it first: rounded
        half away from zero, saturated, NaN to 0); else single if either is single; else
        double. ``mod(x, 0)`` is ``x``; ``mod(x, ±Inf)`` and ``mod(±Inf, y)`` are NaN; 0 when
        ``y`` is not an integer and ``x ./ y`` is within eps of an integer (Octave's rule).

    Raises
    ------
    ValueError
        ``y`` missing (Octave: "Invalid call to mod"); complex operands ("mod: not defined for
        complex numbers"); shapes that do not broadcast
        ("mod: nonconformant arguments (op1 is 1x2, op2 is 1x3)").
    TypeError
        Logical operands ("mod: wrong type argument 'bool'"); two integer classes ("mod:
        cannot combine int8 and int16"); non-numeric input.

    Notes
    -----
    GNU Octave 7.3 ``mod`` (``lo-mappers.h`` ``octave::math::mod``; ``oct-inttypes.h`` for
    integers), proven against ``octave-cli``. NumPy's ``np.mod`` has the same sign rule but
    gives ``np.mod(x, 0) = 0`` with a warning, ``np.mod(5, np.inf) = 5`` and no exactness rule.
    """
    return _remainder_plan("mod", x, y)


@frontend("octave.rem")
def rem(x: Any, y: Any = None) -> RemainderPlan:
    """Octave 7's ``rem(x, y)``: ``x - y .* fix(x ./ y)``, the sign of ``x``.

    As :func:`mod` (classes, broadcasting, errors), except the sign rule and the zero divisor:
    ``rem(x, 0)`` is NaN for double and single (Octave 7) and 0 for integer classes. NumPy's
    ``np.fmod`` has the same sign rule (``np.remainder`` is ``np.mod``, the divisor's sign).
    GNU Octave 7.3 ``rem``, proven against ``octave-cli``.
    """
    return _remainder_plan("rem", x, y)
