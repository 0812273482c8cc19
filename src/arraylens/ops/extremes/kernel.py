"""Largest/smallest value of each slice together with its index, in one vectorised pass.

This is the canonical kernel behind :func:`arraylens.max_with_index`, the NumPy front-end's
``argmax``/``amax`` family, and any front-end whose ``max``/``min`` returns indices (GNU Octave's
``[m, i] = max(x)``, ``torch.max(x, dim)``).

Rules
-----
* Ties: the first index (in C order within the slice) wins, as in NumPy, Octave and MATLAB.
* ``nan="propagate"`` (NumPy's ``max``/``argmax``): a slice that holds a NaN gives NaN, and its
  index is the first NaN.
* ``nan="omit"`` (Octave/MATLAB ``max``, NumPy's ``nanmax`` values): NaNs are skipped; a slice
  that is all NaN gives NaN with index 0 (Octave and MATLAB return index 1, one-based).
* A reduced extent of length 0 raises NumPy's ``ValueError`` ("attempt to get argmax of an
  empty sequence").

The kernel reduces the last axis of a 2-D ``(slices, length)`` view; :func:`extreme_with_index`
moves the caller's axes there and back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from arraylens.core.errors import ArgumentAxisError, ArgumentError, ArgumentTypeError

Mode = Literal["max", "min"]
NanRule = Literal["propagate", "omit"]
NAN_RULES: tuple[str, ...] = ("propagate", "omit")


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


def reduce_last(values: np.ndarray, mode: Mode, nan: NanRule) -> tuple[np.ndarray, np.ndarray]:
    """Extreme value and its first index along the last axis of ``values`` (any leading shape).

    The values come from one ufunc reduction (``maximum``/``minimum`` propagate NaN,
    ``fmax``/``fmin`` skip it); the index is the first position equal to that value (or the
    first NaN when the value is NaN under ``"propagate"``), found with one ``argmax`` over a
    boolean match array. Returns ``(values, indices)`` with the last axis removed.
    """
    if values.shape[-1] == 0:
        raise ArgumentError(f"attempt to get arg{mode} of an empty sequence")
    ufunc: Any
    if nan == "propagate":
        ufunc = np.maximum if mode == "max" else np.minimum
    else:
        ufunc = np.fmax if mode == "max" else np.fmin
    best = ufunc.reduce(values, axis=-1)
    matches = values == best[..., None]
    if values.dtype.kind in "fc" and nan == "propagate":
        best_is_nan = np.isnan(best)
        if best_is_nan.any():
            matches |= np.isnan(values) & best_is_nan[..., None]
    # argmax of a boolean array is the first True; an all-NaN slice under "omit" has no True
    # and gives index 0, Octave's (one-based 1) answer.
    indices = np.argmax(matches, axis=-1)
    return best, indices.astype(np.intp, copy=False)


def extreme_with_index(
    a: Any,
    axis: int | Sequence[int] | None = None,
    *,
    mode: Mode = "max",
    nan: NanRule = "propagate",
    keepdims: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Extreme values of ``a`` over ``axis`` and the index of each within its slice.

    Parameters
    ----------
    a : array_like
        Bool, integer, float or complex values (complex compare lexicographically, as NumPy).
    axis : int, tuple of int or None
        The reduced axes; ``None`` reduces all of them. With several axes the index is a flat
        (C-order) index into the slice, as ``np.argmax`` gives for ``axis=None``.
    mode : {"max", "min"}
    nan : {"propagate", "omit"}
        See the module's rules.
    keepdims : bool
        Keep the reduced axes with length 1.

    Returns
    -------
    values, indices : ndarray
        ``values`` has ``a``'s dtype; ``indices`` is ``intp``. Both have the shape of ``a``
        without the reduced axes (or with them as length 1 when ``keepdims``).

    Raises
    ------
    ValueError
        For an empty reduced extent, an unknown ``mode`` or ``nan`` rule, a repeated axis.
    numpy.exceptions.AxisError
        For an axis out of range.
    TypeError
        For a non-numeric ``a``.
    """
    if mode not in ("max", "min"):
        raise ArgumentError(f"mode must be 'max' or 'min', got {mode!r}")
    if nan not in NAN_RULES:
        raise ArgumentError(f"nan must be one of {NAN_RULES}, got {nan!r}")
    arr = check_values(a)
    axes = normalize_axes(axis, arr.ndim)
    kept = tuple(ax for ax in range(arr.ndim) if ax not in axes)
    kept_shape = tuple(arr.shape[ax] for ax in kept)
    length = int(np.prod([arr.shape[ax] for ax in axes], dtype=np.int64))
    moved = np.transpose(arr, kept + axes).reshape((*kept_shape, length))
    values, indices = reduce_last(moved, mode, nan)
    if keepdims:
        keep_shape = tuple(1 if ax in axes else n for ax, n in enumerate(arr.shape))
        values = values.reshape(keep_shape)
        indices = indices.reshape(keep_shape)
    return np.asarray(values), np.asarray(indices)
