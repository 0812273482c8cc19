"""The kernel of the blockwise correlation MST: the best partners of a block of variables.

Shared by the single-process path (:mod:`arraylens.ops.mst.blockwise`) and the Dask tasks
(:mod:`arraylens.ops.mst.dask_runner`), so both compute the same candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLE = 1024  # columns sampled per block for the candidate threshold


@dataclass(frozen=True)
class RowCandidates:
    """A row block's result: ``rows`` (b,), ``partners`` (b, k) with -1 where there is none,
    ``scores`` (b, k) float32 (``-inf`` where none), ``bound`` (b,) float64: no partner not kept
    scores above it (``-inf``: every partner is kept)."""

    rows: np.ndarray
    partners: np.ndarray
    scores: np.ndarray
    bound: np.ndarray


def row_candidates(
    unit: np.ndarray, rows: np.ndarray, k: int, sign: float, comp: np.ndarray | None = None
) -> RowCandidates:
    """The k highest-scoring partners of each variable in ``rows`` (score ``sign * unit_r .
    unit_c``), excluding the variable itself, or, with ``comp``, every variable of its component.

    One BLAS product of (b, T) by (T, N); a threshold (the (k+1)-th best of an evenly spaced
    sample of columns) leaves only a few entries per row to sort. Memory O(b N)."""
    n = unit.shape[0]
    b = rows.shape[0]
    s = unit[rows] @ unit.T
    if sign < 0:
        np.negative(s, out=s)
    if comp is None:
        s[np.arange(b), rows] = -np.inf
    else:
        s[comp[rows][:, None] == comp[None, :]] = -np.inf
    kk = min(k, n - 1)
    m = min(n, SAMPLE)
    floor = np.finfo(s.dtype).min
    if m > 4 * (kk + 1):
        sample = np.linspace(0, n - 1, m).astype(np.intp)
        thr = np.partition(s[:, sample], m - kk - 1, axis=1)[:, m - kk - 1]
        np.maximum(thr, floor, out=thr)
    else:
        thr = np.full(b, floor, dtype=s.dtype)
    flat = np.flatnonzero(s >= thr[:, None])
    r, c = np.divmod(flat, n)
    v = s.reshape(-1)[flat]
    order = np.lexsort((c, -v, r))
    r, c, v = r[order], c[order], v[order]
    start = np.searchsorted(r, np.arange(b))
    pos = np.arange(r.shape[0]) - start[r]
    partners = np.full((b, kk), -1, dtype=np.intp)
    scores = np.full((b, kk), -np.inf, dtype=np.float32)
    keep = pos < kk
    partners[r[keep], pos[keep]] = c[keep]
    scores[r[keep], pos[keep]] = v[keep]
    bound = np.full(b, -np.inf)
    nxt = pos == kk
    bound[r[nxt]] = v[nxt]
    return RowCandidates(rows, partners, scores, bound)
