"""Largest/smallest value of each slice together with its index, in one vectorised pass.

The one max/min-with-index kernel of arraylens. Two choices make a library's rule:

* the *order* of the values: ``"numpy"`` compares them as NumPy does (complex values
  lexicographically, real part first); ``"abs_arg"`` is GNU Octave's and MATLAB's order
  (complex values by ``abs``, then by ``arg`` in (-pi, pi], an argument of -pi counting as pi;
  real values by value);
* the *NaN rule*: ``"propagate"`` (NumPy's ``max``/``argmax``: a slice that holds a NaN gives
  NaN, and its index is the first NaN) or ``"omit"`` (Octave/MATLAB ``max``, NumPy's ``nanmax``
  values: NaNs are skipped; a slice that is all NaN gives its first element, NaN, with index 0).

Ties give the first index (in C order within the slice) under every rule. A reduced extent of
length 0 raises NumPy's ``ValueError`` ("attempt to get argmax of an empty sequence").

Indices are 0-based here; front-ends with 1-based indices (Octave) add 1. Users:
:func:`arraylens.max_with_index`, the NumPy front-end's ``argmax``/``amax`` family
(``order="numpy"``, ``nan="propagate"``), and Octave's ``[m, i] = max(x)``/``min``
(``order="abs_arg"``, ``nan="omit"``). :func:`ordering_keys` gives the order as sort keys, for
front-ends that sort by the same rule (Octave's ``sort``).

:func:`reduce_last` reduces the last axis of any array; :func:`extreme_with_index` moves the
caller's axes there and back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from arraylens.core.errors import ArgumentAxisError, ArgumentError, ArgumentTypeError

Mode = Literal["max", "min"]
NanRule = Literal["propagate", "omit"]
NAN_RULES: tuple[str, ...] = ("propagate", "omit")
Order = Literal["numpy", "abs_arg"]
ORDERS: tuple[str, ...] = ("numpy", "abs_arg")


def check_values(a: Any, name: str = "a") -> np.ndarray:
    """``a`` as an array whose dtype can be ordered (bool, integer, float, complex).

    Raises
    ------
    TypeError
        For strings, objects, datetimes and ragged nested lists, naming ``name``.
    """
    try:
        arr = np.asarray(a)
    except ValueError as exc:
        raise ArgumentTypeError(
            f"{name} must be a numeric array; it could not be read as one ({exc})"
        ) from None
    if arr.dtype.kind not in "buifc":
        raise ArgumentTypeError(
            f"{name} must be a numeric array (bool, integer, float or complex), "
            f"got dtype {arr.dtype}"
        )
    return arr


def normalize_axes(axis: int | Sequence[int] | None, ndim: int) -> tuple[int, ...]:
    """The reduced axes as sorted non-negative ints; ``None`` means every axis.

    Raises
    ------
    numpy.exceptions.AxisError
        NumPy's own error for an axis out of range ("axis 3 is out of bounds for array of
        dimension 2"); it is both a ``ValueError`` and an ``IndexError``.
    ValueError
        For a repeated axis ("duplicate value in 'axis'", NumPy's wording).
    TypeError
        For an axis that is not an integer.
    """
    if axis is None:
        return tuple(range(ndim))
    if ndim == 0 and axis in (0, -1, (0,), (-1,)):
        return ()  # NumPy reduces a 0-d array over axis 0 or -1 as over no axis
    raw = (axis,) if isinstance(axis, int | np.integer) else tuple(axis)
    out = []
    for ax in raw:
        if isinstance(ax, bool) or not isinstance(ax, int | np.integer):
            raise ArgumentTypeError(f"axis must be an integer or a tuple of integers, got {ax!r}")
        if not -ndim <= ax < ndim:
            raise ArgumentAxisError(int(ax), ndim)
        out.append(int(ax) % ndim if ndim else 0)
    if len(set(out)) != len(out):
        raise ArgumentError("duplicate value in 'axis'")
    return tuple(sorted(out))


def modulus(values: np.ndarray) -> np.ndarray:
    """``abs`` of complex values as C's ``hypot`` rounds it (Octave's ``std::abs``).

    ``np.abs`` of a complex array may round differently in the last bit (it gives exactly 1.0
    for ``(1+1j)/sqrt(2)``, ``hypot`` gives 0.9999999999999999), which changes who wins a tie.
    """
    return np.hypot(values.real, values.imag)


def ordering_keys(values: np.ndarray, order: Order) -> tuple[np.ndarray, ...]:
    """The keys that order ``values`` under ``order``, most significant first.

    ``"numpy"`` gives ``(values,)`` (NumPy's own comparison). ``"abs_arg"`` gives ``(values,)``
    for real values and ``(modulus, argument)`` for complex ones, with -pi counted as pi
    (Octave's ``oct-cmplx.h``). Where a value is NaN (a complex value is NaN if either part
    is), every key is NaN.
    """
    if order == "numpy" or values.dtype.kind != "c":
        return (values,)
    nan = np.isnan(values)
    arg = np.angle(values)
    arg = np.where(arg == -np.pi, np.pi, arg)
    return np.where(nan, np.nan, modulus(values)), np.where(nan, np.nan, arg)


def reduce_last(
    values: np.ndarray, mode: Mode, nan: NanRule, order: Order = "numpy"
) -> tuple[np.ndarray, np.ndarray]:
    """Extreme value and its first index along the last axis of ``values`` (any leading shape).

    One pass per ordering key: the first key is reduced with one ufunc (``maximum``/``minimum``
    propagate NaN, ``fmax``/``fmin`` skip it) and the candidates are the positions equal to
    that extreme; each further key breaks the remaining ties among the candidates (the others
    are masked as NaN, which ``fmax``/``fmin`` skip). The index is the first candidate, found
    with one ``argmax`` over a boolean array; under ``"propagate"`` a slice that holds a NaN
    takes its first NaN instead. Returns ``(values, indices)`` with the last axis removed.
    """
    if values.shape[-1] == 0:
        raise ArgumentError(f"attempt to get arg{mode} of an empty sequence")
    largest = mode == "max"
    skip: Any = np.fmax if largest else np.fmin
    first: Any = skip if nan == "omit" else (np.maximum if largest else np.minimum)
    keys = ordering_keys(values, order)
    best = first.reduce(keys[0], axis=-1)
    candidates = keys[0] == best[..., None]
    for key in keys[1:]:
        masked = np.where(candidates, key, np.nan)
        candidates = masked == skip.reduce(masked, axis=-1)[..., None]
    if nan == "propagate" and values.dtype.kind in "fc":
        has_nan = np.isnan(best)
        if has_nan.any():
            candidates |= np.isnan(values) & has_nan[..., None]
    # argmax of a boolean array is the first True; an all-NaN slice under "omit" has no True
    # and gives index 0, whose value is NaN (Octave's one-based 1).
    indices = np.argmax(candidates, axis=-1).astype(np.intp, copy=False)
    if len(keys) > 1:
        best = np.take_along_axis(values, indices[..., None], axis=-1)[..., 0]
    return best, indices


def extreme_with_index(
    a: Any,
    axis: int | Sequence[int] | None = None,
    *,
    mode: Mode = "max",
    nan: NanRule = "propagate",
    keepdims: bool = False,
    order: Order = "numpy",
) -> tuple[np.ndarray, np.ndarray]:
    """Extreme values of ``a`` over ``axis`` and the index of each within its slice.

    Parameters
    ----------
    a : array_like
        Bool, integer, float or complex values.
    axis : int, tuple of int or None
        The reduced axes; ``None`` reduces all of them. With several axes the index is a flat
        (C-order) index into the slice, as ``np.argmax`` gives for ``axis=None``.
    mode : {"max", "min"}
    nan : {"propagate", "omit"}
        See the module's rules.
    keepdims : bool
        Keep the reduced axes with length 1.
    order : {"numpy", "abs_arg"}
        How values compare (see the module's rules): NumPy's order (complex values
        lexicographically) or Octave's (complex values by abs, then arg).

    Returns
    -------
    values, indices : ndarray
        ``values`` has ``a``'s dtype; ``indices`` is ``intp``. Both have the shape of ``a``
        without the reduced axes (or with them as length 1 when ``keepdims``).

    Raises
    ------
    ValueError
        For an empty reduced extent, an unknown ``mode``, ``nan`` rule or ``order``, a
        repeated axis.
    numpy.exceptions.AxisError
        For an axis out of range.
    TypeError
        For a non-numeric ``a``.
    """
    if mode not in ("max", "min"):
        raise ArgumentError(f"mode must be 'max' or 'min', got {mode!r}")
    if nan not in NAN_RULES:
        raise ArgumentError(f"nan must be one of {NAN_RULES}, got {nan!r}")
    if order not in ORDERS:
        raise ArgumentError(f"order must be one of {ORDERS}, got {order!r}")
    arr = check_values(a)
    axes = normalize_axes(axis, arr.ndim)
    kept = tuple(ax for ax in range(arr.ndim) if ax not in axes)
    kept_shape = tuple(arr.shape[ax] for ax in kept)
    length = int(np.prod([arr.shape[ax] for ax in axes], dtype=np.int64))
    moved = np.transpose(arr, kept + axes).reshape((*kept_shape, length))
    values, indices = reduce_last(moved, mode, nan, order)
    if keepdims:
        keep_shape = tuple(1 if ax in axes else n for ax, n in enumerate(arr.shape))
        values = values.reshape(keep_shape)
        indices = indices.reshape(keep_shape)
    return np.asarray(values), np.asarray(indices)
