"""The compute of a block rearrangement: one reshape-transpose-reshape, written in one copy.

The input is viewed in the spec's split shape (no copy for a contiguous input), transposed
(a view) and copied once into the output, viewed in the transposed shape. Memory: the output
only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentTypeError
from arraylens.ops.rearrange.blocks.spec import BlockSpec


def check_values(x: Any, name: str = "input") -> np.ndarray:
    """``x`` as a NumPy array of a numeric or boolean dtype (kept as it is: a rearrangement moves
    elements and never converts them).

    Raises
    ------
    TypeError (ArgumentTypeError)
        For strings, objects or ragged lists.
    """
    try:
        a = np.asarray(x)
    except ValueError as exc:
        raise ArgumentTypeError(f"{name} must be a numeric array; it could not be read as one ({exc})") from None
    if a.dtype.kind not in "biufc":
        raise ArgumentTypeError(f"{name} must be a numeric or boolean array, got dtype {a.dtype}")
    return a


def rearrange(x: np.ndarray, spec: BlockSpec) -> np.ndarray:
    """``x`` rearranged by ``spec``: ``x.reshape(split).transpose(perm).reshape(output)``.

    Computed as ``b*b`` strided copies, one per block offset ``(by, bx)``: each reads the
    ``(c, h, w)`` elements of that offset from the input's split view and writes them into the
    output's split view. Every element is copied once; this runs about five times faster than
    copying the six-axis transposed view in one go (whose innermost axis has stride ``b``).

    Parameters
    ----------
    x : ndarray
        At least 3-d, last three axes ``(C, H, W)`` or ``(H, W, C)`` per ``spec.channels_last``.
    spec : BlockSpec

    Returns
    -------
    ndarray
        A new C-contiguous array of ``x``'s dtype and shape ``spec.output_shape(x.shape)``.

    Raises
    ------
    ValueError (ArgumentError)
        If the sizes do not divide by the block size.
    """
    split, perm, out_shape = spec.steps(x.shape)
    out = np.empty(out_shape, dtype=x.dtype)
    if out.size == 0:
        return out
    n_lead = x.ndim - 3
    src_names, dst_names = spec.axis_names()
    src = x.reshape(split)
    dst = out.reshape(tuple(split[p] for p in perm))
    src_rest = [n for n in src_names if n not in ("by", "bx")]
    dst_rest = [n for n in dst_names if n not in ("by", "bx")]
    order = (*range(n_lead), *(n_lead + src_rest.index(n) for n in dst_rest))
    for by in range(spec.block):
        for bx in range(spec.block):
            offset = {"by": by, "bx": bx}
            src_sel = (Ellipsis, *(offset.get(n, slice(None)) for n in src_names))
            dst_sel = (Ellipsis, *(offset.get(n, slice(None)) for n in dst_names))
            dst[dst_sel] = src[src_sel].transpose(order)
    return out
