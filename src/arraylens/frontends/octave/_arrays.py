"""Octave's array model on NumPy arrays: shapes, dimensions, argument checks, number order.

Octave arrays have at least two dimensions and no trailing singleton dimensions beyond the
second (``size(ones(2, 3, 1))`` is ``[2 3]``). A NumPy array handed to :mod:`arraylens.octave`
is read the way ``scipy.io.savemat`` and ``oct2py`` hand it to Octave: a 0-d array is a 1x1
scalar, a 1-d array of length n is a 1xn *row* vector (the value of Octave's ``[a, b, c]``),
and trailing singleton dimensions beyond the second are dropped.

Dimensions are 1-based in the Octave-facing arguments (``dim=1`` is the first dimension, NumPy
``axis=0``); everything internal uses 0-based axes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import check_index
from arraylens.core.text import format_number


def octave_shape(shape: Sequence[int]) -> tuple[int, ...]:
    """``shape`` as Octave stores it: at least 2 entries, no trailing 1s beyond the second."""
    dims = [int(n) for n in shape]
    while len(dims) < 2:
        dims = [1, *dims] if len(dims) == 1 else [1, 1]
    while len(dims) > 2 and dims[-1] == 1:
        dims.pop()
    return tuple(dims)


INTEGER_CLASSES: tuple[str, ...] = (
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"
)


def octave_class(dtype: np.dtype[Any]) -> str:
    """Octave's class name of a NumPy dtype as :func:`as_octave_array` reads it."""
    if dtype.kind == "b":
        return "logical"
    if dtype.kind in "iu":
        return dtype.name
    return "single" if dtype in (np.float32, np.complex64) else "double"


def as_octave_array(
    x: Any, fname: str, name: str = "X", allow_empty: bool = False, keep_class: bool = False
) -> np.ndarray:
    """``x`` as the NumPy array of Octave's value: Octave's shape and class.

    NumPy's integer dtypes are Octave's integer classes (int8..int64, uint8..uint64) and bool
    is ``logical``; a Python number or list is an Octave literal, double (``[1, 2]`` is
    Octave's ``[1 2]``, not an int64 array), see :func:`octave_literal`. With
    ``keep_class`` (functions whose result keeps the class in Octave:
    ``max``, ``min``, ``sort``, ``reshape``, transposes) they are kept as they are, so values
    compare exactly (an int64 beyond 2^53 is not rounded). Without it they become float64,
    which is what Octave itself does in the functions that call this so (``sum``, ``mean`` and
    ``cumsum`` sum integers as double and return double; ``fft``, ``cov`` and ``corrcoef``
    return double): the caller has checked that Octave converts. float16 becomes float32
    (``single``); float32/float64/complex64/complex128 are kept, except that a complex array
    whose imaginary parts are all zero becomes real, as Octave narrows it.

    Raises
    ------
    TypeError
        If ``x`` is not numeric (Octave: "X must be a numeric vector or matrix").
    ValueError
        If ``x`` is empty and the function does not take empty arrays here.
    """
    try:
        arr = np.asarray(octave_literal(x))
    except ValueError as exc:
        raise ArgumentTypeError(
            f"{fname}: {name} must be a numeric array; it could not be read as one ({exc})"
        ) from None
    kind = arr.dtype.kind
    if kind in "iub" and keep_class:
        pass
    elif kind in "iub":
        arr = arr.astype(np.float64)
    elif kind == "f":
        if arr.dtype == np.float16:
            arr = arr.astype(np.float32)
        elif arr.dtype not in (np.float32, np.float64):
            arr = arr.astype(np.float64)
    elif kind == "c":
        if arr.dtype not in (np.complex64, np.complex128):
            arr = arr.astype(np.complex128)
        if not np.any(arr.imag):
            # Octave narrows a complex value whose imaginary parts are all zero to a real one
            # (on creation and on load), so the real rules (ordering, NaN) apply to it.
            arr = arr.real.copy()
    else:
        raise ArgumentTypeError(
            f"{fname}: {name} must be a numeric vector or matrix, got dtype {arr.dtype}"
        )
    if arr.size == 0 and not allow_empty:
        raise ArgumentError(
            f"{fname}: {name} is empty (shape {fmt_shape(octave_shape(arr.shape))}); "
            f"arraylens.octave "
            f"does not reproduce Octave's rules for empty arrays in {fname}"
        )
    return arr.reshape(octave_shape(arr.shape))


def octave_literal(value: Any) -> Any:
    """A Python number or list as Octave reads the same literal: ``7`` and ``[5, -5]`` are
    double (Octave's literals are), not NumPy's int64, which would be an integer class here;
    NumPy arrays and NumPy scalars keep their dtype (their class), and ``True`` stays logical."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value
    if isinstance(value, (int, float, list, tuple)) and not isinstance(value, bool):
        arr = np.asarray(value)
        if arr.dtype.kind in "iu":
            return arr.astype(np.float64)
    return value


def first_non_singleton(shape: Sequence[int]) -> int:
    """0-based axis of Octave's default dimension: the first of size != 1, else the first."""
    for axis, n in enumerate(shape):
        if n != 1:
            return axis
    return 0


# The most dimensions a NumPy array may have: a ``dim`` beyond it cannot be made a singleton axis.
NUMPY_MAX_DIMS = 64


def scalar_argument(value: Any) -> Any:
    """A one-element numeric NumPy array (``np.array([[2.0]])``) as its Python number, as
    Octave holds every number as a 1x1 array; anything else unchanged."""
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        return value.reshape(()).item()
    return value


def parse_dim(dim: Any, fname: str, ndim: int | None = None) -> int:
    """Octave's 1-based ``dim`` argument as a 0-based axis.

    ``ndim`` given: the dimension must exist (as for ``fft``); otherwise any positive integer
    is valid (a dimension beyond the array's is a singleton one, as in ``sum(x, 3)`` on a
    matrix).

    Raises
    ------
    ValueError
        If ``dim`` is not a positive integer (Octave: "DIM must be a valid dimension").
    """
    dim = scalar_argument(dim)
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer, float, np.floating)):
        raise ArgumentError(
            f"{fname}: DIM must be a valid dimension (a positive integer, 1-based), got {dim!r}"
        )
    if isinstance(dim, (float, np.floating)) and not float(dim).is_integer():
        raise ArgumentError(
            f"{fname}: DIM must be a valid dimension (a positive integer, 1-based), got {dim!r}"
        )
    d = int(dim)
    if d < 1:
        raise ArgumentError(
            f"{fname}: DIM must be a valid dimension (a positive integer, 1-based), got {d}"
        )
    if ndim is None and d > NUMPY_MAX_DIMS:
        raise ArgumentError(
            f"{fname}: DIM must be a valid dimension: arraylens works with NumPy arrays of at most "
            f"{NUMPY_MAX_DIMS} dimensions, got dim={d} (Octave takes a dimension beyond the array's "
            f"as a singleton one: dim={NUMPY_MAX_DIMS} gives the same result here)"
        )
    if ndim is not None and d > ndim:
        raise ArgumentError(
            f"{fname}: DIM must be a valid dimension along which to perform the operation: "
            f"the array has {ndim} dimensions, got dim={d}"
        )
    return d - 1


def with_axis(x: np.ndarray, axis: int) -> np.ndarray:
    """``x`` with trailing singleton dimensions appended so that ``axis`` exists."""
    if axis < x.ndim:
        return x
    return x.reshape(x.shape + (1,) * (axis + 1 - x.ndim))


def broadcast_octave(x: np.ndarray, y: np.ndarray, fname: str) -> tuple[np.ndarray, np.ndarray]:
    """Pad the shorter shape with *trailing* singletons (Octave's rule) and check conformance.

    Raises
    ------
    ValueError
        Octave's "nonconformant arguments (op1 is AxB, op2 is CxD)".
    """
    nd = max(x.ndim, y.ndim)
    xs = x.reshape(x.shape + (1,) * (nd - x.ndim))
    ys = y.reshape(y.shape + (1,) * (nd - y.ndim))
    pairs: list[tuple[int, int]] = list(zip(xs.shape, ys.shape, strict=True))
    for a, b in pairs:
        if a != b and 1 not in (a, b):
            raise ArgumentError(
                f"{fname}: nonconformant arguments (op1 is {fmt_shape(x.shape)}, op2 is "
                f"{fmt_shape(y.shape)})"
            )
    return xs, ys


def fmt_shape(shape: Sequence[int]) -> str:
    """Octave's way of writing a size: ``2x3x4``."""
    return "x".join(str(int(n)) for n in shape)


def octave_ref(name: str, index: Sequence[int]) -> str:
    """A 0-based NumPy index written as Octave's 1-based subscript: ``x(2,1)``."""
    return f"{name}(" + ",".join(str(int(i) + 1) for i in index) + ")"


def slice_ref(name: str, index: Sequence[int], axis: int) -> str:
    """The Octave slice through ``index`` along ``axis``: ``x(:,3)``."""
    parts = [":" if a == axis else str(int(i) + 1) for a, i in enumerate(index)]
    return f"{name}(" + ",".join(parts) + ")"


def fmt_value(value: complex | float) -> str:
    """Octave-style short formatting of a real or complex value.

    Real parts and imaginary magnitudes use :func:`arraylens.core.text.format_number`; a
    complex value is written ``a+bi`` / ``a-bi`` (``1+0i`` when the imaginary part is zero),
    as Octave shows it.
    """
    if isinstance(value, (int, np.integer)):
        return str(int(value))  # an integer class: every digit, no rounding to double
    z = complex(value)
    if z.imag == 0 and not isinstance(value, complex):
        return format_number(z.real)
    if isinstance(value, complex) and z.imag == 0 and not math.isnan(z.real):
        return format_number(z.real) + "+0i"
    sign = "-" if z.imag < 0 or (z.imag == 0 and math.copysign(1, z.imag) < 0) else "+"
    return f"{format_number(z.real)}{sign}{format_number(abs(z.imag))}i"


def scalar(value: Any) -> complex | float:
    """A NumPy scalar as a Python float, complex for complex dtypes, or int for Octave's
    integer and logical classes (exact: an int64 is not rounded to double)."""
    v = np.asarray(value)
    if v.dtype.kind == "c":
        return complex(v)
    if v.dtype.kind in "iub":
        return int(v)
    return float(v)


def round_half_away(values: np.ndarray) -> np.ndarray:
    """Real values rounded half away from zero (C's ``round``, Octave's ``round``), in their
    own floating dtype: ``trunc(v)`` moved one away from zero when the dropped fraction
    ``v - trunc(v)`` (exact in floating point) is at least 0.5. Exact where ``floor(v + 0.5)``
    is not (``0.49999999999999994``, ``2^52 + 1``); NaN and Inf stay as they are."""
    t = np.trunc(values)
    with np.errstate(invalid="ignore"):  # Inf - Inf: NaN, which is not >= 0.5
        return np.where(np.abs(values - t) >= 0.5, t + np.sign(values), t)


def to_integer_class(values: np.ndarray, dtype: np.dtype[Any]) -> np.ndarray:
    """Octave's conversion of real values to an integer class: round half away from zero,
    saturate at the class's limits, NaN becomes 0 (``int8(2.5)`` is 3, ``uint8(-3)`` is 0)."""
    if values.dtype.kind in "iub":
        info = np.iinfo(dtype)
        wide = values.astype(object) if values.dtype.kind != "b" else values.astype(np.int64)
        return np.clip(wide, info.min, info.max).astype(dtype)
    r = round_half_away(values.astype(np.float64))
    r = np.where(np.isnan(r), 0.0, r)
    info = np.iinfo(dtype)
    high, low = r >= float(info.max), r <= float(info.min)
    safe = np.where(high | low, 0.0, r).astype(dtype)
    return np.where(high, info.max, np.where(low, info.min, safe)).astype(dtype)


def resolve_index(at: Sequence[int], shape: Sequence[int]) -> tuple[int, ...]:
    """A 0-based NumPy index into a result of ``shape``, validated.

    One number for a vector result (at most one dimension longer than 1) indexes along the
    vector, so ``fft.explain(v, at=1)`` works for a 1xN row and an Nx1 column alike.

    Raises
    ------
    IndexError
        Naming the index, the shape and the offending axis.
    """
    index = tuple(int(i) for i in at)
    if len(index) == 1 and len(shape) > 1:
        long_axes = [a for a, n in enumerate(shape) if n != 1]
        if len(long_axes) <= 1:
            axis = long_axes[0] if long_axes else 0
            index = tuple(index[0] if a == axis else 0 for a in range(len(shape)))
    return check_index(index, shape)


def window(
    shape: Sequence[int], index: Sequence[int], axis: int | None = None
) -> tuple[tuple[slice, ...], tuple[int, ...]]:
    """A small view around ``index`` on which NumPy rounds exactly as on the whole array.

    Returns ``(slices, local)``: ``x[slices]`` holds all of ``axis`` (when given) and two
    positions (one where the size is 1) along every other axis, and ``local`` is ``index``
    inside that view. Two positions, not one, keep the view's axes and strides those of the
    whole array, so NumPy iterates a reduction, a cumulative sum, an FFT or a matrix product
    over the view in the same order, with the same rounding, as over the whole array (a single
    position would be squeezed out and, e.g., a sum along a strided axis would become pairwise).
    An explanation computes its element on this view: O(size of ``axis``), not O(size of x).
    """
    slices: list[slice] = []
    local: list[int] = []
    for a, (i, n) in enumerate(zip(index, shape, strict=True)):
        if a == axis or n < 2:
            slices.append(slice(None))
            local.append(int(i))
        else:
            start = min(int(i), int(n) - 2)
            slices.append(slice(start, start + 2))
            local.append(int(i) - start)
    return tuple(slices), tuple(local)


F = TypeVar("F", bound=Callable[..., Any])


def quiet(method: F) -> F:
    """Run ``method`` without NumPy's floating-point warnings: Octave computes ``Inf - Inf``,
    ``0/0`` and overflow to NaN/Inf silently, and so does arraylens.octave."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            return method(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
