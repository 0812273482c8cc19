"""Array helpers shared by the front-ends' plans."""

from __future__ import annotations

import numpy as np

__all__ = ["contiguous"]


def contiguous(a: np.ndarray) -> np.ndarray:
    """``np.ascontiguousarray(a)``, except for a broadcast constant (every stride zero, e.g.
    :func:`arraylens.translate.conv_transpose.shape_only`'s operands), which is returned as it
    is: copying it would allocate the whole array for one repeated value, and a plan built
    for its shapes (``arraylens translate``) never reads it element by element.

    Parameters
    ----------
    a : ndarray

    Returns
    -------
    ndarray
        C-contiguous, or ``a`` itself when ``a.size > 1`` and all its strides are zero.
    """
    if a.size > 1 and a.ndim and not any(a.strides):
        return a
    return np.ascontiguousarray(a)
