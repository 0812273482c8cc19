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


def sample_thresholds(unit: np.ndarray, kk: int, sign: float, block_size: int, delta: float) -> np.ndarray:
    """Per variable, the kk-th best score against an evenly spaced sample of SAMPLE columns
    (itself excluded) less ``2 delta``, float32: at least kk partners score at least this much
    however BLAS rounds them in another product (each rounding is within ``delta`` of the exact
    value), so a partner below it is never among the kk best. The float32 minimum where the
    sample is too small."""
    n = unit.shape[0]
    m = min(n, SAMPLE)
    floor = np.finfo(np.float32).min
    if m - 1 < kk:
        return np.full(n, floor, dtype=np.float32)
    sample = np.linspace(0, n - 1, m).astype(np.intp)
    cols = unit[sample]
    out = np.empty(n, dtype=np.float32)
    for r0 in range(0, n, block_size):
        r1 = min(r0 + block_size, n)
        s = unit[r0:r1] @ cols.T
        if sign < 0:
            np.negative(s, out=s)
        r, c = np.nonzero(sample[None, :] == np.arange(r0, r1)[:, None])
        s[r, c] = -np.inf
        out[r0:r1] = np.partition(s, m - kk, axis=1)[:, m - kk]
    out -= np.float32(2 * delta)
    return np.maximum(out, floor)


def block_pairs(
    unit: np.ndarray, r0: int, r1: int, thr: np.ndarray, sign: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The scores of rows ``[r0, r1)`` against columns ``[r0, N)`` (the upper triangle: each pair
    once), as ``(variable, partner, score)`` triples for both ends of each pair whose score
    reaches the variable's threshold ``thr`` (float32; the diagonal excluded). O(b N) memory."""
    s = unit[r0:r1] @ unit[r0:].T
    if sign < 0:
        np.negative(s, out=s)
    b, w = s.shape
    s[np.arange(b), np.arange(b)] = -np.inf
    flat = np.flatnonzero(s >= thr[r0:r1, None])
    r, c = np.divmod(flat, w)
    vert = [r + r0]
    part = [c + r0]
    score = [s.reshape(-1)[flat]]
    if w > b:  # the columns past the block see the rows as partners
        tail = s[:, b:]
        flat = np.flatnonzero(tail >= thr[None, r1:])
        r, c = np.divmod(flat, w - b)
        vert.append(c + r1)
        part.append(r + r0)
        score.append(tail[r, c])
    return np.concatenate(vert), np.concatenate(part), np.concatenate(score)


class CandidateLists:
    """Each variable's kk best partners so far (partner -1 and score -inf where none yet)."""

    def __init__(self, n: int, kk: int) -> None:
        self.partners = np.full((n, kk), -1, dtype=np.intp)
        self.scores = np.full((n, kk), -np.inf, dtype=np.float32)

    def merge(self, vert: np.ndarray, part: np.ndarray, score: np.ndarray) -> np.ndarray:
        """Merge new ``(variable, partner, score)`` triples (pairs not seen before); ties in
        score keep the partner seen first. Returns the variables touched."""
        kk = self.partners.shape[1]
        touched = np.unique(vert)
        old_p = self.partners[touched]
        have = old_p >= 0
        v = np.concatenate([np.broadcast_to(touched[:, None], old_p.shape)[have], vert])
        p = np.concatenate([old_p[have], part])
        s = np.concatenate([self.scores[touched][have], score.astype(np.float32, copy=False)])
        # one float64 key: the variable, then the score descending (a float32 score is exact in
        # float64 and 4 v + 1 - s keeps 2**-24 apart up to v = 2**26); equal keys keep input order
        order = np.argsort(v * 4.0 + (1.0 - s.astype(np.float64)), kind="stable")
        v, p, s = v[order], p[order], s[order]
        start = np.searchsorted(v, touched)
        pos = np.arange(v.shape[0]) - np.repeat(start, np.diff(np.append(start, v.shape[0])))
        keep = pos < kk
        row = np.searchsorted(touched, v[keep])
        new_p = np.full((touched.shape[0], kk), -1, dtype=np.intp)
        new_s = np.full((touched.shape[0], kk), -np.inf, dtype=np.float32)
        new_p[row, pos[keep]] = p[keep]
        new_s[row, pos[keep]] = s[keep]
        self.partners[touched] = new_p
        self.scores[touched] = new_s
        return touched
