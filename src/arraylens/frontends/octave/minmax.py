"""Octave's ``max`` and ``min``: values with 1-based indices, NaN skipped, or elementwise.

The one-argument form works along a dimension and returns ``(values, indices)``. NaN is
skipped; a slice of NaN only gives its first element (NaN) and index 1; ties give the first
index; complex numbers compare by ``abs``, then by ``arg`` (Octave's ``oct-cmplx.h`` order,
-pi counted as pi). The two-argument form is elementwise with Octave's broadcasting: for real
values a NaN loses to a number (``max(NaN, 1)`` is 1), equal values give the first argument;
for complex values the comparison is on ``abs`` alone, equal moduli give the first argument and
a NaN wins (Octave 7's ``octave::math::max(Complex, Complex)``).

The one-argument form is computed by arraylens's one max/min-with-index kernel,
:func:`arraylens.ops.extremes.kernel.extreme_with_index`, with Octave's order
(``order="abs_arg"``) and NaN rule (``nan="omit"``); NumPy's ``argmax`` uses the same kernel
with its own rules (NaN wins). This module adds the 1-based indices, Octave's choice of
dimension and shapes, the two-argument elementwise form and the explanations.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.text import format_index
from arraylens.frontends.octave._along import Along, along, reduced_shape
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    broadcast_octave,
    fmt_value,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
    slice_ref,
    to_integer_class,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave.numpy_calls import Given, fit_shape, given, prepared
from arraylens.ops.extremes.kernel import Mode, extreme_with_index, modulus, ordering_keys


@dataclass(frozen=True)
class ReducePlan:
    """One-argument ``max``/``min`` along a dimension."""

    a: Along
    largest: bool

    @property
    def fname(self) -> Mode:
        return "max" if self.largest else "min"

    @property
    def out_shape(self) -> tuple[int, ...]:
        shape = list(reduced_shape(self.a))
        if self.a.x.shape[self.a.axis] == 0:
            shape[self.a.axis] = 0  # Octave: an empty dimension stays empty (max(zeros(0, 3)) is 0x3)
        return octave_shape(shape)

    @quiet
    def compute(self) -> tuple[np.ndarray, np.ndarray]:
        if self.a.x.size == 0:  # then the result is empty too, in x's class
            return np.zeros(self.out_shape, self.a.x.dtype), np.zeros(self.out_shape, np.int64)
        _, index = extreme_with_index(
            self.a.x, self.a.axis, mode=self.fname, nan="omit", order="abs_arg", keepdims=True
        )
        return self.a.gather(index, self.out_shape)

    def numpy_call(self) -> str:
        if self.a.x.size == 0:  # NumPy's reductions refuse empty slices; Octave answers empty
            dims = ", ".join(map(str, self.out_shape))
            return f"(np.zeros(({dims}), dtype=np.{self.a.x.dtype.name}), np.zeros(({dims}), dtype=np.int64))"
        ax = self.a.axis
        src, lines = self.a.named_source()
        if self.a.x.dtype.kind == "c":
            big, fill = ("max", "-np.inf") if self.largest else ("min", "np.inf")
            lines += [
                f"a = np.hypot({src}.real, {src}.imag); t = np.angle({src}); t[t == -np.pi] = "
                f"np.pi; ok = ~np.isnan({src})",
                f"best = ok & (a == np.{big}(np.where(ok, a, {fill}), axis={ax}, keepdims=True))",
                f"t = np.where(best, t, {fill})",
                f"i = np.argmax(best & (t == np.{big}(t, axis={ax}, keepdims=True)), axis={ax}, "
                f"keepdims=True)",
            ]
        else:
            f = "fmax" if self.largest else "fmin"
            lines.append(
                f"i = np.argmax({src} == np.{f}.reduce({src}, axis={ax}, keepdims=True), "
                f"axis={ax}, keepdims=True)"
            )
        shape = reduced_shape(self.a)
        values = fit_shape(f"np.take_along_axis({src}, i, axis={ax})", shape, self.out_shape)
        index = fit_shape("i + 1", shape, self.out_shape)
        lines.append(f"({values}, {index})")
        return "\n".join(lines)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (self.a.x.ndim - len(idx))
        slice_idx = self.a.slice_indices(full)
        others = tuple(i for a, i in enumerate(full) if a != self.a.axis)
        v = np.moveaxis(self.a.x, self.a.axis, -1)[others]
        # Independent recomputation: stable lexicographic order of (NaN last, key, position).
        keys = ordering_keys(v, "abs_arg")
        primary, secondary = keys[0], (keys[1] if len(keys) > 1 else None)
        sign = -1.0 if self.largest else 1.0
        nan = np.isnan(v) if v.dtype.kind in "fc" else np.zeros(v.shape, dtype=bool)
        sort_keys: list[np.ndarray] = [np.arange(len(v))]
        if v.dtype.kind in "iub":  # integer classes compare exactly (~v reverses, no overflow)
            sort_keys.append(~v if self.largest else v)
        else:
            if secondary is not None:
                sort_keys.append(sign * np.nan_to_num(secondary))
            sort_keys += [sign * np.where(nan, 0.0, primary), nan]
        order = np.lexsort(sort_keys)
        win = int(order[0]) if not nan.all() else 0
        expected = scalar(v[win])
        # The kernel of compute() on the explained slice only.
        got = int(extreme_with_index(v, 0, mode=self.fname, nan="omit", order="abs_arg")[1]) + 1
        value = scalar(v[got - 1])
        word = "largest" if self.largest else "smallest"
        lines = [
            f"{slice_ref('x', full, self.a.axis)} = ["
            + ", ".join(fmt_value(scalar(e)) for e in v[:12])
            + (", ..." if len(v) > 12 else "")
            + "]",
            f"the {word} is element {got} of the slice (1-based): "
            f"{octave_ref('x', slice_idx[got - 1])} = {fmt_value(value)}",
        ]
        rules = []
        if nan.all():
            rules.append("every element is NaN: Octave returns the first element (NaN) and index 1")
        elif nan.any():
            rules.append(
                f"{int(nan.sum())} NaN element(s) skipped (Octave's {self.fname} ignores NaN)"
            )
        tie = int(np.sum(~nan & (v == v[win]))) if not nan.all() else 0
        if tie > 1:
            rules.append(f"{tie} elements tie at {fmt_value(expected)}: the first one wins")
        if secondary is not None:
            rules.append("complex values compare by abs(z), then by arg(z) in (-pi, pi]")
        rules.append(f"the index output is 1-based (NumPy index {got - 1})")
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            expected=expected,
            summary=(
                f"{self.fname} worked along {self.a.reason()}; the {word} element of that "
                f"slice is number {got}."
            ),
            sections=(
                section(
                    "Dimension",
                    f"{self.fname} worked along {self.a.reason()}",
                    f"NumPy axis={self.a.axis}; NumPy's own default is axis=None (all elements)",
                ),
                section("Slice", *lines),
                section("Rules", *rules),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"dim": self.a.axis + 1, "index": got, "expected_index": win + 1},
        )


@dataclass(frozen=True)
class ElementwisePlan:
    """Two-argument ``max``/``min`` with Octave's broadcasting."""

    x: np.ndarray
    y: np.ndarray
    given_x: Given
    given_y: Given
    largest: bool

    @property
    def fname(self) -> str:
        return "max" if self.largest else "min"

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(np.broadcast_shapes(self.x.shape, self.y.shape))

    def dtype(self) -> np.dtype[Any]:
        if self.x.dtype.kind in "iub":  # _plan gave both operands this integer class
            return self.x.dtype
        complex_ = self.x.dtype.kind == "c" or self.y.dtype.kind == "c"
        single = np.float32 in (self.x.real.dtype, self.y.real.dtype)
        if complex_:
            return np.dtype(np.complex64 if single else np.complex128)
        return np.dtype(np.float32 if single else np.float64)

    @quiet
    def compute(self) -> np.ndarray:
        return self.pick(self.x, self.y).reshape(self.out_shape)

    def pick(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The kernel: Octave's choice between ``x`` and ``y`` elementwise (broadcast shapes)."""
        dt = self.dtype()
        x, y = x.astype(dt), y.astype(dt)
        if dt.kind == "c":
            ax, ay = modulus(x), modulus(y)
            first = (ax >= ay) if self.largest else (ax <= ay)
            first |= np.isnan(x)
        elif dt.kind in "iub":
            first = (x >= y) if self.largest else (x <= y)
        else:
            first = np.isnan(y) | ((x >= y) if self.largest else (x <= y))
        return np.where(first, x, y)

    def numpy_call(self) -> str:
        dt = self.dtype()
        xs = prepared("x", self.given_x, self.x.shape, self.x.dtype)
        ys = prepared("y", self.given_y, self.y.shape, self.y.dtype)
        if dt.kind == "c":
            cmp = ">=" if self.largest else "<="
            expr = (
                f"np.where((np.hypot({xs}.real, {xs}.imag) {cmp} np.hypot({ys}.real, {ys}.imag))"
                f" | np.isnan({xs}), {xs}, {ys})"
                f".astype(np.{dt.name})"
            )
        else:
            cmp = ">=" if self.largest else "<="
            expr = f"np.where(np.isnan({ys}) | ({xs} {cmp} {ys}), {xs}, {ys}).astype(np.{dt.name})"
            if dt.kind in "iu":  # the other operand converted as Octave does (round, saturate)
                expr = f"np.where({xs} {cmp} {ys}, {xs}, {ys})  # both operands {dt.name}"
        shape = np.broadcast_shapes(self.x.shape, self.y.shape)
        return fit_shape(expr, shape, self.out_shape)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (self.x.ndim - len(idx))
        xi = tuple(0 if n == 1 else i for i, n in zip(full, self.x.shape, strict=True))
        yi = tuple(0 if n == 1 else i for i, n in zip(full, self.y.shape, strict=True))
        xv, yv = scalar(self.x[xi]), scalar(self.y[yi])
        value = scalar(self.pick(self.x[xi], self.y[yi]))  # the kernel on this one pair
        word = "larger" if self.largest else "smaller"
        xz, yz = complex(xv), complex(yv)
        xr: Any = xv  # real here: a float, or an int (integer classes)
        yr: Any = yv
        is_complex = self.dtype().kind == "c"
        if is_complex:
            if np.isnan(xz):
                pick, why = xv, "x is NaN: for complex values Octave returns the NaN first argument"
            elif np.isnan(yz):
                pick, why = (
                    yv,
                    "y is NaN and the abs comparison with NaN is false: Octave returns y",
                )
            elif (
                (math.hypot(xz.real, xz.imag) >= math.hypot(yz.real, yz.imag))
                if self.largest
                else (math.hypot(xz.real, xz.imag) <= math.hypot(yz.real, yz.imag))
            ):
                pick, why = (
                    xv,
                    f"abs(x) = {fmt_value(abs(xz))} is {word} or equal: x (the first argument) "
                    f"wins",
                )
            else:
                pick, why = yv, f"abs(y) = {fmt_value(abs(yz))} is {word}"
        else:
            if np.isnan(xz.real) and np.isnan(yz.real):
                pick, why = xv, "both are NaN"
            elif np.isnan(yz.real):
                pick, why = xv, "y is NaN: NaN is skipped, x wins"
            elif np.isnan(xz.real):
                pick, why = yv, "x is NaN: NaN is skipped, y wins"
            elif (xr >= yr) if self.largest else (xr <= yr):  # exact for integer classes
                pick, why = xv, f"x is {word} or equal (equal values give the first argument)"
            else:
                pick, why = yv, f"y is {word}"
        expected = complex(pick) if is_complex else pick
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            expected=expected,
            summary=f"elementwise {self.fname}: {octave_ref('x', xi)} = {fmt_value(xv)} vs "
            f"{octave_ref('y', yi)} = {fmt_value(yv)}.",
            sections=(
                section(
                    "Broadcasting",
                    f"out{format_index(idx)} pairs x{format_index(xi)} with y{format_index(yi)} "
                    "(Octave pads the shorter shape with trailing singleton dimensions, NumPy with leading ones)",
                ),
                section("Rule", why),
                section(
                    "NumPy equivalent",
                    self.numpy_call(),
                    "np.fmax/np.fmin skip NaN like Octave for real values; np.maximum lets NaN win",
                ),
            ),
            details={"x_index": xi, "y_index": yi},
        )


def _described(a: np.ndarray) -> str:
    """Octave's words for an operand's class and shape in its error messages."""
    kind = "scalar" if a.size == 1 else "matrix"
    if a.dtype.kind == "c":
        return f"complex {kind}"
    if a.dtype.kind == "b":
        return f"bool {kind}"
    return f"{a.dtype.name} {kind}" if a.dtype.kind in "iu" else kind


def common_class(x: np.ndarray, y: np.ndarray, fname: str) -> tuple[np.ndarray, np.ndarray]:
    """Both operands of a two-argument ``max``/``min`` in the class of Octave's result.

    An integer class wins over double, single and logical: the other operand is converted as
    Octave converts (rounded half away from zero, saturated, NaN to 0), so ``max(int8(1),
    2.5)`` is ``int8(3)``. Two logical operands stay logical; logical with a float is double.

    Raises
    ------
    TypeError
        An integer class with a complex operand (Octave: "max: cannot compute max (int8 matrix,
        complex scalar)"), or two different integer classes (Octave widens some pairs and
        refuses others; arraylens refuses them all rather than guess).
    """
    xi, yi = x.dtype.kind in "iu", y.dtype.kind in "iu"
    if xi or yi:
        if x.dtype.kind == "c" or y.dtype.kind == "c" or (xi and yi and x.dtype != y.dtype):
            detail = "" if (x.dtype.kind == "c" or y.dtype.kind == "c") else (
                "; arraylens.octave does not mix two integer classes (convert one with "
                "np.astype)"
            )
            raise ArgumentTypeError(
                f"{fname}: cannot compute {fname} ({_described(x)}, {_described(y)}){detail}"
            )
        dt = x.dtype if xi else y.dtype
        return to_integer_class(x, dt), to_integer_class(y, dt)
    if x.dtype.kind == "b" and y.dtype.kind == "b":
        return x, y
    if x.dtype.kind == "b":
        x = x.astype(np.float64)
    if y.dtype.kind == "b":
        y = y.astype(np.float64)
    return x, y


def _plan(fname: str, x: Any, y: Any, dim: Any, largest: bool) -> ReducePlan | ElementwisePlan:
    if y is not None and dim is not None and not isinstance(y, str) and np.size(y) == 0:
        y = None  # max(x, [], dim) written literally: an empty y is Octave's []
    if y is not None and dim is not None:
        # Octave 7 warns and reduces x along dim: max(x, 2, 2) is max(x, [], 2)
        warnings.warn(f"{fname}: second argument is ignored", UserWarning, stacklevel=4)
        y = None
    if y is None:
        return ReducePlan(along(fname, x, dim, allow_empty=True, keep_class=True), largest)
    given_x, given_y = given(x), given(y)
    xa = as_octave_array(x, fname, "X", allow_empty=True, keep_class=True)
    ya = as_octave_array(y, fname, "Y", allow_empty=True, keep_class=True)
    xa, ya = common_class(xa, ya, fname)
    xb, yb = broadcast_octave(xa, ya, fname)
    return ElementwisePlan(xb, yb, given_x, given_y, largest)


@frontend("octave.max")
def max(x: Any, y: Any = None, dim: int | None = None) -> ReducePlan | ElementwisePlan:
    """Octave's ``max``: ``[m, i] = max(x, [], dim)`` or ``max(x, y)``.

    Parameters
    ----------
    x : array_like, real or complex, any shape (a 1-d array is a 1xN row)
    y : array_like or None
        ``None`` (Octave's ``[]``): reduce ``x`` along ``dim``. Otherwise the elementwise maximum
        of ``x`` and ``y`` with Octave's broadcasting.
    dim : int or None
        1-based dimension of the reduction; default the first non-singleton dimension. Given
        with a ``y``, Octave 7 warns "max: second argument is ignored" and reduces ``x``; so
        does arraylens (``UserWarning``).

    Returns
    -------
    (values, indices) : tuple of ndarray, for ``y=None``
        ``x``'s shape with size 1 along ``dim`` (0 if that dimension is empty); ``indices``
        are 1-based (int64). NaN is skipped; an all-NaN slice gives NaN and index 1; ties give
        the first index; complex values compare by abs, then arg. Integer and logical classes
        keep their class and compare exactly.
    ndarray, for two arguments
        The broadcast shape. Real: NaN loses, ties give ``x``. Complex: compared by abs only,
        ties give ``x``, a NaN ``x`` wins. With one integer operand: that class, the other
        operand converted as Octave converts (see :func:`common_class`).

    Raises
    ------
    ValueError
        Bad ``dim``; shapes that do not broadcast (Octave: "nonconformant arguments").
    TypeError
        Non-numeric input; an integer class with a complex operand or with another integer
        class.

    Notes
    -----
    GNU Octave 7.3 ``max``, proven against ``octave-cli`` in the tests.
    """
    return _plan("max", x, y, dim, largest=True)


@frontend("octave.min")
def min(x: Any, y: Any = None, dim: int | None = None) -> ReducePlan | ElementwisePlan:
    """Octave's ``min``: ``[m, i] = min(x, [], dim)`` or ``min(x, y)``.

    The mirror image of :func:`max` (smallest instead of largest), with the same NaN, tie,
    complex and broadcasting rules. GNU Octave 7.3 ``min``, proven against ``octave-cli``.
    """
    return _plan("min", x, y, dim, largest=False)
