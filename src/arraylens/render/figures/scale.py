"""Mapping values into 0..1 with a chosen center at the middle of the scale."""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import ArgumentError


def halfrange(a: np.ndarray, center: float = 0.0) -> float:
    """The largest magnitude of ``a - center`` over the finite entries (0.0 if none)."""
    dev = np.abs(np.asarray(a, dtype=np.float64) - center)
    dev = dev[np.isfinite(dev)]
    return float(dev.max()) if dev.size else 0.0


def display_range(a: Any, center: float = 0.0) -> np.ndarray:
    """``a`` mapped linearly into 0..1 with ``center`` at 0.5 and the largest magnitude at an end.

    ``(a - center) / (2 * m) + 0.5`` with ``m = max |a - center|``: the side with the larger
    magnitude reaches 0 or 1 exactly, the other side stops short, so equal magnitudes keep equal
    distances from the middle (the sign stays readable). A constant array maps to 0.5: it has
    no scale of its own (and an all-``center`` array has no magnitude to scale). The result is
    what ``matplotlib.pyplot.imshow`` accepts for an RGB(A) float image.

    Parameters
    ----------
    a : array_like of real numbers
        Any shape; e.g. convolution weights of shape (H, W, 3).
    center : float
        The value shown at the middle of the scale (0.5).

    Returns
    -------
    ndarray of float64, same shape as ``a``, values in [0, 1]; NaN stays NaN.

    Raises
    ------
    TypeError
        For complex or non-numeric input.
    ValueError
        For infinite values or a non-finite ``center`` (no finite scale maps them).
    """
    arr = as_real_array(a, "a").astype(np.float64)
    if not np.isfinite(center):
        raise ArgumentError(f"center must be a finite number, got {center!r}")
    if np.isinf(arr).any():
        raise ArgumentError(
            "display_range: the array holds infinite values, which no linear 0..1 scale can show"
        )
    m = halfrange(arr, center)
    finite = arr[np.isfinite(arr)]
    if m == 0.0 or (finite.size and finite.min() == finite.max()):
        return np.where(np.isnan(arr), np.nan, 0.5)
    return np.clip((arr - center) / (2.0 * m) + 0.5, 0.0, 1.0)
