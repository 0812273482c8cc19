"""Array helpers shared by the front-ends' plans."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["contiguous", "transposed_copy"]


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


#: Elements a :func:`transposed_copy` block holds: source and destination blocks stay in cache.
TRANSPOSE_BLOCK = 1 << 16
#: Up to this many elements NumPy's own copy is as fast (the source stays in cache).
TRANSPOSE_DIRECT_UP_TO = 1 << 18


def transposed_copy(a: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """``np.ascontiguousarray(a.transpose(axes))``, copied a cache-sized block at a time.

    NumPy copies a transposed view element by element in the destination's order, reading the
    source with a large stride; moving a channels-last image to channels-first that way costs
    several times a plain copy once the source outgrows the cache (2.5 ms against 0.3 ms for
    256x256x16 float32). Here the axes that lead in both orders are looped over, and the next
    source axis is cut into blocks of about :data:`TRANSPOSE_BLOCK` elements, each block
    transposed from cache into cache. Up to :data:`TRANSPOSE_DIRECT_UP_TO` elements, or when
    that axis becomes the destination's last in blocks of fewer than 64 (channels-first to
    channels-last, where NumPy's order already reads the source in a few long runs), it is
    NumPy's copy.

    Parameters
    ----------
    a : ndarray
    axes : tuple of int
        A permutation of ``range(a.ndim)``, as for ``ndarray.transpose``.

    Returns
    -------
    ndarray
        C-contiguous, equal element for element to ``a.transpose(axes)`` (a plain copy: the
        same values and dtype); ``a.transpose(axes)`` itself when that is already contiguous.
    """
    view = a.transpose(axes)
    if view.flags.c_contiguous or a.size <= TRANSPOSE_DIRECT_UP_TO:
        return np.ascontiguousarray(view)
    lead = 0  # the axes that lead both orders are looped over, unchanged
    while lead < a.ndim - 1 and axes[lead] == lead:
        lead += 1
    inner = math.prod(a.shape[lead + 1 :])  # elements of one index of the source's next axis
    step = max(1, TRANSPOSE_BLOCK // max(inner, 1))
    k = axes.index(lead)  # where the cut axis sits in the destination
    if step >= a.shape[lead] or (k == a.ndim - 1 and step < 64):  # nothing to cut, or blocks too thin:
        # the cut axis becomes the destination's rows, a few elements long (channels-first to
        # channels-last), where NumPy's own order reads the source in a few long runs
        return np.ascontiguousarray(view)
    out = np.empty(view.shape, dtype=a.dtype)
    for outer in np.ndindex(*a.shape[:lead]):
        for start in range(0, a.shape[lead], step):
            part = slice(start, start + step)
            dst = (*outer, *(part if i == k else slice(None) for i in range(lead, a.ndim)))
            out[dst] = a[(*outer, part)].transpose([p - lead for p in axes[lead:]])
    return out
