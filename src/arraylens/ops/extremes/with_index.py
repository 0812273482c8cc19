"""Values together with their indices: ``max_with_index`` and ``min_with_index``.

NumPy splits the question "what is the largest value of each column, and where is it?" into
``np.argmax`` (indices only) and ``np.amax`` (values only). These functions answer both in one
pass, like ``torch.max(x, dim)`` and Octave's ``[m, i] = max(x)``. The kernel,
:mod:`arraylens.ops.extremes.kernel`, is the one Octave's ``max``/``min`` use too, with Octave's
order and NaN rule.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from arraylens.core.errors import ArgumentTypeError
from arraylens.ops.extremes.kernel import NanRule, extreme_with_index


class ValuesIndices(NamedTuple):
    """The extreme values and the index of each within its slice."""

    values: np.ndarray
    indices: np.ndarray


def max_with_index(
    a: Any, axis: int | None = None, *, keepdims: bool = False, nan: NanRule = "propagate"
) -> ValuesIndices:
    """Largest value of each slice along ``axis`` and its index, in one call.

    Parameters
    ----------
    a : array_like
        Bool, integer, float or complex values, any shape.
    axis : int or None
        The axis to reduce; ``None`` reduces the flattened array and gives a flat (C-order)
        index, as ``np.argmax(a)`` does.
    keepdims : bool
        Keep the reduced axis with length 1, so that ``np.take_along_axis(a, indices, axis)``
        gives ``values`` back.
    nan : {"propagate", "omit"}
        ``"propagate"`` follows NumPy 2.x ``np.max``/``np.argmax``: a slice holding a NaN gives
        NaN and the index of its first NaN. ``"omit"`` is GNU Octave/MATLAB ``max``'s NaN rule:
        NaNs are skipped and an all-NaN slice gives NaN with index 0. Values always compare in
        NumPy's order (complex lexicographically); :func:`arraylens.octave.max` adds Octave's
        order (complex by abs, then arg) and 1-based indices.

    Returns
    -------
    ValuesIndices
        ``(values, indices)``: ``values`` equals ``np.max(a, axis)`` (with ``"propagate"``),
        ``indices`` equals ``np.argmax(a, axis)``. Ties take the first index.

    Raises
    ------
    ValueError
        If the reduced axis is empty ("attempt to get argmax of an empty sequence", NumPy's
        wording), or ``nan`` is not one of the two rules.
    numpy.exceptions.AxisError
        If ``axis`` is out of range (NumPy's error, a ``ValueError`` and an ``IndexError``).
    TypeError
        If ``a`` is not numeric or ``axis`` is not an integer.
    """
    _check_axis(axis)
    values, indices = extreme_with_index(a, axis, mode="max", nan=nan, keepdims=keepdims)
    return ValuesIndices(values, indices)


def min_with_index(
    a: Any, axis: int | None = None, *, keepdims: bool = False, nan: NanRule = "propagate"
) -> ValuesIndices:
    """Smallest value of each slice along ``axis`` and its index, in one call.

    The mirror of :func:`max_with_index` (``np.min``/``np.argmin``, Octave's ``[m, i] =
    min(x)``); same parameters, rules and errors.
    """
    _check_axis(axis)
    values, indices = extreme_with_index(a, axis, mode="min", nan=nan, keepdims=keepdims)
    return ValuesIndices(values, indices)


def _check_axis(axis: object) -> None:
    if axis is not None and (isinstance(axis, bool) or not isinstance(axis, int | np.integer)):
        raise ArgumentTypeError(
            f"axis must be an integer or None, got {axis!r} (an index is defined along one axis)"
        )
