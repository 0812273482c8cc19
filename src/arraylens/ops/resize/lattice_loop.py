"""The lattice interior of one resized axis as one compiled loop (numba, through
:mod:`arraylens.core.compiled`).

NumPy computes a lattice pass as two calls per phase and tap (a multiply into a temporary, an
add): on an antialiased 512 -> 128 pass that is 15 passes over the output, slower than
PyTorch's single loop. This loop does the same operations on each element in the same order
(``acc = x[tap 0] * w0``, then ``acc = acc + x[tap t] * wt``, each product and sum rounded to
the array's dtype; no fused multiply-add, ``fastmath`` off), so the result has the same bits,
reading every input row once per tap and writing every output row once.
"""

from __future__ import annotations

import numpy as np

from arraylens.core.compiled import compiled

__all__ = ["lattice_rows"]


@compiled
def lattice_rows(
    x3: np.ndarray,
    out3: np.ndarray,
    lo: int,
    period: int,
    step: int,
    starts: np.ndarray,
    weights: np.ndarray,
    o0: int,
    o1: int,
    j0: int,
    j1: int,
) -> None:  # pragma: no cover - compiled
    """Output rows ``lo + j * period + p`` for ``j`` in ``[j0, j1)`` and every phase ``p``, of
    the outer slices ``[o0, o1)``.

    Parameters
    ----------
    x3 : ndarray, (outer, in, inner), float32 or float64
    out3 : ndarray, (outer, out, inner), the dtype of ``x3``
        Written in place.
    starts : ndarray of int64, (period, taps)
        The input row of each phase's first position, per tap (the taps that weigh something).
    weights : ndarray, (period, taps), the dtype of ``x3``
    """
    taps = starts.shape[1]
    inner = x3.shape[2]
    for o in range(o0, o1):
        for j in range(j0, j1):
            for p in range(period):
                r = lo + j * period + p
                s = starts[p, 0] + j * step
                w = weights[p, 0]
                for i in range(inner):
                    out3[o, r, i] = x3[o, s, i] * w
                for t in range(1, taps):
                    s = starts[p, t] + j * step
                    w = weights[p, t]
                    for i in range(inner):
                        out3[o, r, i] = out3[o, r, i] + x3[o, s, i] * w
