"""Octave's ranges: ``colon(base, [increment,] limit)`` (``base:increment:limit``) and
``linspace(base, limit, n)``, with Octave's element count, end points and classes.

Octave 7 does not compute ``base:inc:limit`` as NumPy's ``np.arange(base, limit, inc)``:
the element count is ``floor((limit - base + inc) / inc)`` taken with a tolerance of three
machine epsilons (Hagerty's tolerant floor) and then moved by one when the last element would
miss ``limit`` by more than that tolerance; the last element is clipped to ``limit`` when it
overshoots (and rounded when base and increment are integers), and the first is ``base``
itself. ``np.arange(0, 1.1, 0.1)`` has no such rule: its end point is excluded and its count is
``ceil((stop - start) / step)`` without tolerance. ``linspace`` is built from both ends
(element ``i`` of the first half is ``base + i*delta``, of the second half ``limit - j*delta``),
where ``np.linspace`` computes every element from ``base``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocation
from arraylens.frontends.octave._arrays import (
    fmt_shape,
    fmt_value,
    octave_class,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave.numpy_calls import float_source


class _Absent:
    """Marks an argument that was not given (``None`` is Octave's ``[]``)."""

    def __repr__(self) -> str:
        return "<not given>"


ABSENT: Any = _Absent()

INVALID_TYPES = "invalid types found in range expression"
INCOMPATIBLE_TYPES = "incompatible types found in range expression"
INFINITE = "range with infinite number of elements cannot be stored"
BOUND_WORDING = {
    "base": "colon operator lower bound invalid (not an integer or out of range for given integer type)",
    "limit": "colon operator upper bound invalid (not an integer or out of range for given integer type)",
    "increment": "colon operator increment invalid (not an integer)",
}


def _as_range_arg(value: Any, role: str) -> np.ndarray:
    """One colon argument as a NumPy array (its class kept), Octave's checks applied."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = float(value)  # a Python number is Octave's double literal
    try:
        arr = np.asarray(value)
    except ValueError as exc:
        raise ArgumentTypeError(f"colon: the {role} could not be read as a number ({exc})") from None
    if arr.dtype.kind == "b":
        raise ArgumentTypeError(f"{INVALID_TYPES} (the {role} is logical)")
    if arr.dtype.kind not in "iufc":
        raise ArgumentTypeError(f"{INVALID_TYPES} (the {role} has dtype {arr.dtype})")
    if arr.dtype == np.float16:
        arr = arr.astype(np.float32)
    return arr


def _tfloor(x: Any, ct: Any) -> Any:
    """Hagerty's tolerant floor (FL5), in ``x``'s precision: Octave's ``xtfloor``."""
    t = type(x)
    q = t(1) - ct if x < 0 else t(1)
    rmax = q / (t(2) - ct)
    t1 = t(1) + np.floor(x)
    t1 = (ct / q) * (-t1 if t1 < 0 else t1)
    t1 = rmax if rmax < t1 else t1
    t1 = ct if ct > t1 else t1
    t1 = np.floor(x + t1)
    return t1 if (x <= 0 or (t1 - x) < rmax) else t1 - t(1)


def _teq(u: Any, v: Any, ct: Any) -> bool:
    """Octave's ``xteq``: ``u`` and ``v`` within ``ct`` relative to the larger magnitude."""
    return bool(abs(u - v) < max(abs(u), abs(v)) * ct)


def float_range_count(base: Any, inc: Any, limit: Any) -> tuple[int, Any, str]:
    """(element count, last element, the rule that decided) of Octave 7's floating range.

    ``base``, ``inc`` and ``limit`` are NumPy scalars of one floating type (float64 or
    float32); the arithmetic is done in that type, as Octave's ``range<T>`` does.
    ``count`` is -1 for a range with infinitely many elements (refused by the caller).
    """
    t = type(base)
    if np.isnan(base) or np.isnan(limit) or np.isnan(inc):
        return 1, t(np.nan), "an argument is NaN: the range is one NaN"
    if inc == 0 or (limit < base and inc > 0) or (limit > base and inc < 0):
        return 0, base, "the increment is 0 or points away from the limit: the range is empty"
    if (limit <= base and base + inc < limit) or (limit >= base and base + inc > limit):
        return 1, base, "base + increment is already past the limit: one element, base"
    dnel = (limit - base) / inc
    if np.isnan(dnel):
        return 1, t(np.nan), "(limit - base) / increment is NaN: the range is one NaN"
    if dnel > 0 and np.isinf(dnel):
        return -1, limit, "infinitely many elements"
    ct = t(3) * np.finfo(t).eps
    tmp = _tfloor(t((limit - base + inc) / inc), ct)
    n = int(tmp) if tmp > 0 else 0
    rule = f"n = tolerant floor((limit - base + increment) / increment) = {n} (tolerance 3 eps)"
    if not _teq(t(base + t(n - 1) * inc), limit, ct):
        if _teq(t(base + t(n - 2) * inc), limit, ct):
            n -= 1
            rule += f"; base + (n-2)*increment is within 3 eps of the limit, so n = {n}"
        elif _teq(t(base + t(n) * inc), limit, ct):
            n += 1
            rule += f"; base + n*increment is within 3 eps of the limit, so n = {n}"
    return n, _final_value(base, inc, limit, n), rule


def _final_value(base: Any, inc: Any, limit: Any, n: int) -> Any:
    """Octave's ``xfinal_value``: base + (n-1)*inc, clipped to the limit, rounded for integers."""
    t = type(base)
    if n <= 1:
        return base
    final = t(base + t(n - 1) * inc)
    if (inc > 0 and final >= limit) or (inc < 0 and final <= limit):
        final = limit
    if not np.isnan(final) and np.round(base) == base and np.round(inc) == inc:
        final = t(np.round(final))
    return final


@dataclass(frozen=True)
class RangePlan:
    """``base:inc:limit`` as Octave 7 stores it: n elements, first ``base``, last ``final``."""

    base: Any
    inc: Any
    limit: Any
    n: int
    final: Any
    dtype: np.dtype[Any]
    rule: str
    two_args: bool

    @property
    def out_shape(self) -> tuple[int, ...]:
        return (1, self.n)

    def element(self, i: int) -> Any:
        """Element ``i`` (0-based) as Octave's ``range<T>::elem`` computes it."""
        if self.dtype.kind in "iu":
            return self.dtype.type(int(self.base) + i * int(self.inc))
        if i == self.n - 1:  # checked first: a one-element range is its final value (NaN)
            return self.final
        if i == 0:
            return self.base
        t = self.dtype.type
        return t(self.base + t(i) * self.inc)

    @quiet
    def compute(self) -> np.ndarray:
        check_allocation((1, self.n), self.dtype, "the result of Octave's colon")
        if self.dtype.kind in "iu":
            if self._fits_int64():
                values = np.arange(self.n, dtype=np.int64) * int(self.inc) + int(self.base)
            else:  # uint64 beyond 2^63, or an increment beyond int64: the same sums modulo 2^64
                lanes = np.arange(self.n, dtype=np.uint64) * np.uint64(int(self.inc) % 2**64)
                values = (lanes + np.uint64(int(self.base) % 2**64)).view(np.int64)
            return values.astype(self.dtype).reshape(1, self.n)
        out = (self.base + np.arange(self.n, dtype=self.dtype) * self.inc).astype(self.dtype)
        if self.n:
            out[0] = self.base
            out[-1] = self.final
        return out.reshape(1, self.n)

    def _fits_int64(self) -> bool:
        """Whether base, increment and the last element are int64 values (integer classes)."""
        return all(-(2**63) <= int(v) < 2**63 for v in (self.base, self.inc, self.final))

    def _call(self) -> str:
        if self.two_args:
            return f"colon({fmt_value(scalar(self.base))}, {fmt_value(scalar(self.limit))})"
        return f"colon({fmt_value(scalar(self.base))}, {fmt_value(scalar(self.inc))}, {fmt_value(scalar(self.limit))})"

    def numpy_call(self) -> str:
        dt = self.dtype.name
        if self.dtype.kind in "iu":
            if not self._fits_int64():
                return (
                    f"(np.arange({self.n}, dtype=np.uint64) * np.uint64({int(self.inc) % 2**64}) + "
                    f"np.uint64({int(self.base) % 2**64})).view(np.int64).astype(np.{dt}).reshape(1, {self.n})"
                    "  # modulo 2^64: the values fit the class, the increment may not fit int64"
                )
            return (
                f"(np.arange({self.n}, dtype=np.int64) * {int(self.inc)} + {int(self.base)})"
                f".astype(np.{dt}).reshape(1, {self.n})"
            )
        b, inc, fin = (float_source(float(v)) for v in (self.base, self.inc, self.final))
        lines = [
            f"out = np.{dt}({b}) + np.arange({self.n}, dtype=np.{dt}) * np.{dt}({inc})"
            f"  # Octave's count {self.n}, not np.arange's",
        ]
        if self.n:
            lines.append(f"out[0] = np.{dt}({b})  # the first element is base itself (-0 stays -0)")
            lines.append(f"out[-1] = np.{dt}({fin})  # Octave's last element (clipped to the limit)")
        lines.append(f"out.reshape(1, {self.n})")
        return "\n".join(lines)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        i = idx[1]
        value = scalar(self.element(i))
        if self.dtype.kind in "iu":
            expected: Any = int(self.base) + i * int(self.inc)
            formula = f"base + {i}*increment"
        elif i == self.n - 1:
            expected = scalar(self.final)
            formula = (
                "the last element: base + (n-1)*increment, replaced by the limit when it reaches "
                "or passes it, and rounded when base and increment are integers"
            )
        elif i == 0:
            expected, formula = scalar(self.base), "the first element is base itself"
        else:
            expected = float(self.base) + i * float(self.inc)
            formula = f"base + {i}*increment"
        b, inc, lim = float(self.base), float(self.inc), float(self.limit)
        if math.isfinite(b + inc + lim) and inc != 0:
            count = max(0, math.ceil((lim - b) / inc))  # np.arange's count (stop excluded)
            contrast = (
                f"np.arange({fmt_value(b)}, {fmt_value(lim)}, {fmt_value(inc)}) has {count} "
                f"elements: it excludes its stop and has no tolerance"
            )
        else:
            contrast = "np.arange(base, stop, step) excludes its stop and has no tolerance"
        return OctaveExplanation(
            op="octave.colon",
            index=idx,
            value=value,
            expected=expected,
            summary=f"{self._call()} has {self.n} elements; out(1,{i + 1}) = {fmt_value(value)}.",
            sections=(
                section(
                    "Count",
                    f"{self._call()} in {octave_class(self.dtype)}: {self.rule}",
                    f"the result is 1x{self.n}",
                ),
                section("Element", f"out(1,{i + 1}) = {formula} = {fmt_value(value)}"),
                section(
                    "NumPy contrast",
                    contrast,
                    "Octave's range includes the limit when it is reached within 3 eps",
                ),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"count": self.n, "last": scalar(self.final) if self.n else None},
        )


def _range_class(args: list[np.ndarray]) -> np.dtype[Any]:
    """The class of ``colon``'s result: an integer class if one is given (all integer
    arguments must share it; a single argument with it is refused), else single if one
    argument is single, else double."""
    ints = {a.dtype for a in args if a.dtype.kind in "iu"}
    if len(ints) > 1:
        raise ArgumentTypeError(f"{INCOMPATIBLE_TYPES} ({' and '.join(sorted(d.name for d in ints))})")
    if ints:
        if any(a.dtype in (np.float32, np.complex64) or a.dtype.kind == "c" for a in args):
            raise ArgumentTypeError(f"{INCOMPATIBLE_TYPES} (an integer class with single or complex)")
        return np.dtype(next(iter(ints)))
    if any(a.dtype in (np.float32, np.complex64) for a in args):
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def _integer_value(arr: np.ndarray, role: str, dtype: np.dtype[Any]) -> int:
    v = arr.ravel()[0]
    if arr.dtype.kind in "iu":
        return int(v)
    f = float(np.real(v))
    info = np.iinfo(dtype)
    if not math.isfinite(f) or not f.is_integer():
        raise ArgumentError(BOUND_WORDING[role])
    if role != "increment" and not info.min <= f <= info.max:
        raise ArgumentError(BOUND_WORDING[role])
    return int(f)


@frontend("octave.colon")
def colon(base: Any, increment: Any = ABSENT, limit: Any = ABSENT) -> Any:
    """Octave 7's ``colon(base, limit)`` and ``colon(base, increment, limit)``:
    ``base:limit`` and ``base:increment:limit``.

    With two arguments the second is the limit (the increment is 1), as in Octave. With ONE
    argument this is the first wave's ``colon(x)``, meaning ``x(:)``: deprecated (a
    ``DeprecationWarning``), use :func:`arraylens.octave.to_column`.

    Parameters
    ----------
    base, increment, limit : scalar (double, single or an integer class)
        ``None`` is Octave's ``[]``: the range is empty. A non-scalar argument is read by its
        first element (Octave warns "colon arguments should be scalars"; so does this, with a
        ``UserWarning``), a complex one by its real part (likewise).

    Returns
    -------
    ndarray of shape (1, n)
        double, single (when an argument is single) or the integer class of an integer
        argument. ``n`` and the last element follow Octave's ``range<T>``: a tolerant count
        (3 machine epsilons) and the last element clipped to the limit; an empty range is 1x0.

    Raises
    ------
    ValueError
        Octave's "range with infinite number of elements cannot be stored"; for integer
        classes "colon operator lower bound invalid (not an integer or out of range for given
        integer type)" (likewise upper bound, increment).
    TypeError
        Logical arguments (Octave: "invalid types found in range expression"); two integer
        classes or an integer class with single (Octave: "incompatible types found in range
        expression").

    Notes
    -----
    GNU Octave 7.3 ``colon`` / ``range<T>`` (liboctave/array/Range.cc: ``xinit``,
    ``xnumel_internal``, ``xfinal_value``), proven against ``octave-cli`` in the tests.
    """
    if increment is ABSENT and limit is ABSENT:
        warnings.warn(
            "octave.colon(x) with one argument (x(:)) is deprecated: use "
            "arraylens.octave.to_column(x); colon(base, limit) and colon(base, increment, "
            "limit) are Octave's colon function",
            DeprecationWarning,
            stacklevel=3,
        )
        from arraylens.frontends.octave.reshape import to_column

        return to_column.build_plan(base)
    if increment is ABSENT:  # colon(base, limit=...): the increment is 1
        increment = 1.0
    two = limit is ABSENT
    given = [base, increment] if two else [base, increment, limit]
    roles = ["base", "limit"] if two else ["base", "increment", "limit"]
    arrays = [np.zeros((0, 0)) if v is None else _as_range_arg(v, r) for v, r in zip(given, roles, strict=True)]
    dtype = _range_class(arrays)
    if any(a.size > 1 for a in arrays):
        warnings.warn("colon arguments should be scalars", UserWarning, stacklevel=3)
    if any(a.dtype.kind == "c" for a in arrays):
        warnings.warn("imaginary part of complex colon arguments is ignored", UserWarning, stacklevel=3)
    values = dict(zip(roles, arrays, strict=True))
    values.setdefault("increment", np.asarray(1.0))
    empty = any(a.size == 0 for a in arrays)
    if dtype.kind in "iu":
        if empty:
            return RangePlan(
                dtype.type(0),
                dtype.type(1),
                dtype.type(0),
                0,
                dtype.type(0),
                dtype,
                "an argument is empty: the range is empty",
                two,
            )
        b = _integer_value(values["base"], "base", dtype)
        lim = _integer_value(values["limit"], "limit", dtype)
        inc = _integer_value(values["increment"], "increment", dtype)
        if inc == 0 or (lim > b and inc < 0) or (lim < b and inc > 0):
            n = 0
        else:
            n = (lim - b + inc) // inc
        final = b + (n - 1) * inc if n else b
        rule = f"n = trunc((limit - base + increment) / increment) = {n} (integer arithmetic)"
        return RangePlan(b, inc, lim, n, final, dtype, rule, two)  # Python ints: uint64 passes 2^63
    t = dtype.type
    if empty:
        return RangePlan(t(0), t(1), t(0), 0, t(0), dtype, "an argument is empty: the range is empty", two)
    b, inc, lim = (t(np.real(values[r].ravel()[0])) for r in ("base", "increment", "limit"))
    n, final, rule = float_range_count(b, inc, lim)
    if n < 0 or (n > 1 and (np.isinf(b) or np.isinf(lim))):
        raise ArgumentError(
            f"{INFINITE} (colon({fmt_value(float(b))}, {fmt_value(float(inc))}, {fmt_value(float(lim))}))"
        )
    if n > 2**63 - 2:  # more than Octave's index type (octave_idx_type) can count
        raise ArgumentError(
            f"invalid range: colon({fmt_value(float(b))}, {fmt_value(float(inc))}, {fmt_value(float(lim))}) "
            f"would have about {float(n):.3g} elements, more than Octave's index type holds (2^63 - 1)"
        )
    return RangePlan(b, inc, lim, n, final, dtype, rule, two)


# --------------------------------------------------------------------------- linspace


@dataclass(frozen=True)
class LinspacePlan:
    """``linspace(base, limit, n)``: one row per element of the (column) base/limit."""

    base: np.ndarray  # (k,) of the result's class
    limit: np.ndarray  # (k,)
    n: int

    @property
    def out_shape(self) -> tuple[int, ...]:
        return (self.base.size, self.n)

    @staticmethod
    def rows(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
        """The kernel: Octave's symmetric linspace of each (a[k], b[k]) pair, shape (k, n)."""
        k = a.size
        out = np.empty((k, n), dtype=np.result_type(a, b))
        if n < 1:
            return out
        if n == 1:
            out[:, 0] = b
            return out
        a2, b2 = a[:, None], b[:, None]
        delta = (b2 - a2) / (n - 1)
        half = n // 2
        i = np.arange(1, half, dtype=out.real.dtype)
        out[:, 1:half] = a2 + i * delta
        out[:, n - half : n - 1] = (b2 - i * delta)[:, ::-1]
        if n % 2:
            out[:, half] = np.where(a == -b, 0, (a + b) / 2)
        out[:, 0] = a
        out[:, n - 1] = b
        return out

    @quiet
    def compute(self) -> np.ndarray:
        check_allocation(self.out_shape, self.base.dtype, "the result of Octave's linspace")
        return self.rows(self.base, self.limit, self.n)

    def numpy_call(self) -> str:
        n, k = self.n, self.base.size
        dt = f"np.{self.base.dtype.name}"
        a, b = ("base", "limit") if self.base.dtype.kind == "c" else ("np.real(base)", "np.real(limit)")
        a = f"np.asarray({a}, dtype={dt}).reshape(-1, 1)"
        b = f"np.asarray({b}, dtype={dt}).reshape(-1, 1)"
        lines = [f"a = np.broadcast_to({a}, ({k}, 1))", f"b = np.broadcast_to({b}, ({k}, 1))"]
        if n < 1 or k == 0:
            return f"np.zeros(({k}, {max(n, 0)}), {dt})"
        if n == 1:
            return "\n".join([*lines, "b.copy()"])
        half = n // 2
        lines += [
            f"d = (b - a) / {n - 1}",
            f"i = np.arange({n}, dtype=np.{np.zeros(0, self.base.dtype).real.dtype.name})",
            f"out = np.where(i < {n / 2}, a + i * d, b - ({n - 1} - i) * d)"
            "  # from both ends, not np.linspace's a + i*d",
        ]
        if n % 2:
            lines.append(f"out[:, {half}] = np.where(a == -b, 0, (a + b) / 2)[:, 0]  # the middle")
        lines += ["out[:, [0]] = a", f"out[:, [{n - 1}]] = b", "out"]
        return "\n".join(lines)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        r, i = idx
        a, b, n = self.base[r : r + 1], self.limit[r : r + 1], self.n
        value = scalar(self.rows(a, b, n)[0, i])
        av, bv = scalar(a[0]), scalar(b[0])
        half = n // 2
        if n == 1:
            formula, expected = "n = 1: the result is limit", bv
        elif i == 0:
            formula, expected = "the first element is base itself", av
        elif i == n - 1:
            formula, expected = "the last element is limit itself", bv
        elif n % 2 and i == half:
            formula = "the middle element: (base + limit) / 2 (0 when base == -limit)"
            expected = 0.0 if av == -bv else (av + bv) / 2
        elif i < half:
            formula, expected = f"base + {i}*delta", av + i * (bv - av) / (n - 1)
        else:
            formula, expected = f"limit - {n - 1 - i}*delta", bv - (n - 1 - i) * (bv - av) / (n - 1)
        where = (
            f"row {r + 1} (base(" + str(r + 1) + "), limit(" + str(r + 1) + "))" if self.base.size > 1 else "the row"
        )
        return OctaveExplanation(
            op="octave.linspace",
            index=idx,
            value=value,
            expected=expected,
            summary=f"linspace element {i + 1} of {n} in {where}: {formula}.",
            sections=(
                section(
                    "Element",
                    f"delta = (limit - base) / (n - 1) = ({fmt_value(bv)} - {fmt_value(av)}) / {n - 1}",
                    f"out({r + 1},{i + 1}) = {formula} = {fmt_value(value)}",
                ),
                section(
                    "Rule",
                    "Octave 7 fills linspace from both ends: the first half as base + i*delta, "
                    "the second half as limit - j*delta, both ends exact",
                    "np.linspace computes base + i*delta for every element (the last set to "
                    "limit), so the second half can differ in the last bit",
                ),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"n": n, "row": r},
        )


def _linspace_end(value: Any, name: str) -> np.ndarray:
    try:
        arr = np.asarray(value)
    except ValueError as exc:
        raise ArgumentTypeError(f"linspace: {name} could not be read as a number ({exc})") from None
    if arr.dtype.kind not in "biufc":
        raise ArgumentTypeError(f"linspace: {name} must be numeric, got dtype {arr.dtype}")
    shape = octave_shape(arr.shape)
    if len(shape) > 2 or (shape[0] != 1 and shape[1] != 1):
        raise ArgumentError(f"linspace: START, END must be scalars or vectors ({name} is {fmt_shape(shape)})")
    return arr.ravel()


@frontend("octave.linspace")
def linspace(base: Any, limit: Any, n: Any = 100) -> LinspacePlan:
    """Octave 7's ``linspace(base, limit, n)``: ``n`` points from ``base`` to ``limit``.

    Parameters
    ----------
    base, limit : scalar or vector (a vector is taken as a column: one row per element; a
        scalar pairs with every element of the other)
    n : number, default 100
        Truncated to an integer as Octave does (``2.7`` gives 2; NaN or less than 1 gives
        an empty ``k x 0`` result; 1 gives ``limit``).

    Returns
    -------
    ndarray of shape (k, n)
        single when base or limit is single, else double (integer classes give double);
        complex when either is complex. First element ``base``, last ``limit`` exactly, the
        first half ``base + i*delta`` and the second ``limit - j*delta``, ``delta = (limit -
        base) / (n - 1)``; an odd ``n``'s middle element is ``(base + limit) / 2`` (0 when
        ``base == -limit``).

    Raises
    ------
    ValueError
        Octave's "linspace: N must be a scalar", "linspace: START, END must be scalars or
        vectors", "linspace: vectors must be of equal length", and for an infinite ``n``
        "out of memory or dimension too large for Octave's index type".

    Notes
    -----
    GNU Octave 7.3 ``linspace`` (liboctave's symmetric formula), proven against ``octave-cli``.
    """
    narr = np.asarray(n) if n is not None else np.zeros((0, 0))
    if narr.size != 1 or narr.dtype.kind not in "biuf":
        raise ArgumentError("linspace: N must be a scalar")
    nf = float(narr.ravel()[0])
    if math.isinf(nf) and nf > 0:
        raise ArgumentError("out of memory or dimension too large for Octave's index type")
    count = 0 if math.isnan(nf) or nf < 1 else int(nf)
    a, b = _linspace_end(base, "START"), _linspace_end(limit, "END")
    if a.size != 1 and b.size != 1 and a.size != b.size:
        raise ArgumentError("linspace: vectors must be of equal length")
    single = any(v.dtype in (np.float32, np.complex64) for v in (a, b))
    cplx = any(v.dtype.kind == "c" and np.any(v.imag) for v in (a, b))
    dtype = np.dtype((np.complex64 if single else np.complex128) if cplx else (np.float32 if single else np.float64))
    k = max(a.size, b.size) if a.size and b.size else 0
    if a.size == 0 or b.size == 0:
        k = 0
    av = np.broadcast_to(a.astype(dtype) if cplx else a.real.astype(dtype), (k,)) if k else np.zeros(0, dtype)
    bv = np.broadcast_to(b.astype(dtype) if cplx else b.real.astype(dtype), (k,)) if k else np.zeros(0, dtype)
    if count > 0:
        check_allocation((k, count), dtype, "the result of Octave's linspace")
    return LinspacePlan(np.ascontiguousarray(av), np.ascontiguousarray(bv), count)
