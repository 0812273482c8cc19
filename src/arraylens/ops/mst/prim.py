"""The minimum spanning tree of a correlation matrix (Mantegna 1999), computed soundly.

``scipy.sparse.csgraph.minimum_spanning_tree`` reads a dense matrix as a sparse graph: an entry
of 0 is a *missing* edge, and so is any entry within 1e-8 of 0 (the conversion uses
``np.ma.masked_values`` with its default tolerance). For correlation distances that silently
drops the edges between perfectly correlated variables (distance exactly 0) and, with the
``1 - rho`` distance, those between nearly perfectly correlated ones. This module runs Prim's
algorithm on the complete graph instead: O(N^2) time, one vectorised O(N) update per added
vertex, O(N) memory beyond the input (distance rows are computed as they are needed).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import ArgumentError
from arraylens.ops.mst.tree import SpanningTree, TreeEdge

Distance = Literal["mantegna", "one_minus", "raw"]
DISTANCES: tuple[str, ...] = ("mantegna", "one_minus", "raw")
CONSTANT_VARIABLE = "a constant variable has no correlation: drop it or fix its data"
_BLOCK = 512  # rows per block when checking symmetry (bounded temporary memory)


def distance_row(rho: np.ndarray, distance: str) -> np.ndarray:
    """Distances for a row of correlations: ``sqrt(2 (1 - rho))``, ``1 - rho`` or ``rho``."""
    if distance == "mantegna":
        return np.sqrt(np.maximum(2.0 * (1.0 - rho), 0.0))
    if distance == "one_minus":
        return 1.0 - rho
    return rho.astype(np.float64, copy=True)


def label_list(labels: Sequence[Any] | None, n: int) -> tuple[str, ...]:
    if labels is None:
        return tuple(str(k) for k in range(n))
    names = tuple(str(v) for v in labels)
    if len(names) != n:
        raise ArgumentError(
            f"labels has {len(names)} names but the correlation matrix has {n} variables"
        )
    if len(set(names)) != n:
        dup = next(v for v in names if names.count(v) > 1)
        raise ArgumentError(f"labels must be distinct; {dup!r} appears more than once")
    return names


def validate_correlation(corr: Any, labels: tuple[str, ...] | None = None) -> np.ndarray:
    """``corr`` as a float64 correlation matrix, or a ``ValueError`` naming what is wrong.

    Checks: square 2-D; no NaN (naming the variable with the most NaN correlations, usually a
    constant one); no infinity; symmetric (absolute tolerance 1e-10); entries in [-1, 1]
    (tolerance 1e-10); unit diagonal (tolerance 1e-8; a covariance matrix is pointed to
    :func:`arraylens.cov_to_corr`).
    """
    c = as_real_array(corr, "corr").astype(np.float64, copy=False)
    if c.ndim != 2 or c.shape[0] != c.shape[1]:
        raise ArgumentError(f"corr must be a square 2-D correlation matrix, got shape {c.shape}")
    n = c.shape[0]
    names = labels if labels is not None else tuple(str(k) for k in range(n))
    nan = np.isnan(c)
    if nan.any():
        counts = nan.sum(axis=1)
        v = int(np.argmax(counts))
        partners = np.flatnonzero(nan[v])
        listed = ", ".join(repr(names[p]) for p in partners[:5]) + (
            " ..." if partners.size > 5 else ""
        )
        raise ArgumentError(
            f"variable {names[v]!r} has NaN correlations (with {listed}); {CONSTANT_VARIABLE}"
        )
    if np.isinf(c).any():
        i, j = np.argwhere(np.isinf(c))[0]
        raise ArgumentError(f"corr[{i}, {j}] is infinite; correlations lie in [-1, 1]")
    for start in range(0, n, _BLOCK):
        block = c[start : start + _BLOCK]
        diff = block - c[:, start : start + _BLOCK].T
        np.abs(diff, out=diff)
        if diff.max(initial=0.0) > 1e-10:
            i, j = np.unravel_index(int(np.argmax(diff)), diff.shape)
            i += start
            raise ArgumentError(
                f"corr is not symmetric: corr[{i}, {j}] = {c[i, j]} but corr[{j}, {i}] = {c[j, i]}"
            )
    lo, hi = float(c.min(initial=0.0)), float(c.max(initial=0.0))
    if lo < -1 - 1e-10 or hi > 1 + 1e-10:
        i, j = np.unravel_index(int(np.argmax(np.abs(c))), c.shape)
        raise ArgumentError(
            f"corr[{i}, {j}] = {c[i, j]} is outside [-1, 1]; a correlation matrix is needed "
            "(convert a covariance matrix with arraylens.cov_to_corr)"
        )
    diag = np.diag(c)
    off = np.flatnonzero(np.abs(diag - 1.0) > 1e-8)
    if off.size:
        k = int(off[0])
        raise ArgumentError(
            f"corr[{k}, {k}] = {diag[k]}, but a correlation matrix has 1 on its diagonal "
            "(convert a covariance matrix with arraylens.cov_to_corr)"
        )
    return c


def edge_order(dists: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The one total order on edges ``(i < j)`` that both MST paths use: by distance, then ``i``,
    then ``j`` (the positions that sort them). Under a total order the minimum spanning tree is
    unique, so the dense Prim and the blockwise Boruvka give the same tree, ties included."""
    return np.lexsort((j, i, dists))


def prim_dense(corr: np.ndarray, distance: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Prim's algorithm on the complete graph whose edge (i, j) has ``distance(corr[i, j])``.

    Starts at vertex 0. Each step adds the cheapest edge between the tree and an outside vertex
    in :func:`edge_order`'s total order (distance, then the smaller vertex, then the larger), and
    updates every outside vertex's cheapest edge to the tree with one vectorised comparison
    against the new vertex's distance row (equal distances: the edge first in that order wins).
    Every pair is an edge, so a distance of 0 is an edge like any other.

    Returns ``(parents, children, distances)`` of the N - 1 edges in the order they were added.
    """
    n = corr.shape[0]
    parents = np.empty(max(n - 1, 0), dtype=np.intp)
    children = np.empty(max(n - 1, 0), dtype=np.intp)
    dists = np.empty(max(n - 1, 0), dtype=np.float64)
    if n < 2:
        return parents, children, dists
    outside = np.ones(n, dtype=bool)
    outside[0] = False
    best = distance_row(corr[0], distance)
    best[0] = np.inf
    nearest = np.zeros(n, dtype=np.intp)
    for step in range(n - 1):
        v = int(np.argmin(best))
        tied = np.flatnonzero(best == best[v])
        if tied.size > 1:  # equal distances: the edge (min, max) first in the order wins
            lo, hi = np.minimum(nearest[tied], tied), np.maximum(nearest[tied], tied)
            v = int(tied[np.lexsort((hi, lo))[0]])
        parents[step], children[step], dists[step] = nearest[v], v, best[v]
        outside[v] = False
        best[v] = np.inf
        row = distance_row(corr[v], distance)
        closer = outside & (row < best)
        same = np.flatnonzero(outside & (row == best))
        if same.size:  # the new edge (v, u) replaces (nearest[u], u) if it comes first in the order
            old_lo, old_hi = np.minimum(nearest[same], same), np.maximum(nearest[same], same)
            new_lo, new_hi = np.minimum(v, same), np.maximum(v, same)
            closer[same[(new_lo < old_lo) | ((new_lo == old_lo) & (new_hi < old_hi))]] = True
        best[closer] = row[closer]
        nearest[closer] = v
    return parents, children, dists


def check_distance(distance: str) -> None:
    """Refuse an unknown distance; warn for ``"raw"`` (the rule both MST paths apply)."""
    if distance not in DISTANCES:
        raise ArgumentError(f"distance must be one of {DISTANCES}, got {distance!r}")
    if distance == "raw":
        warnings.warn(
            "distance='raw' uses the signed correlation as the edge weight: a minimum spanning "
            "tree then picks the most negative correlations, not the strongest links; "
            "'mantegna' (sqrt(2 (1 - rho))) is the usual metric",
            UserWarning,
            stacklevel=3,
        )


def make_tree(
    i: np.ndarray, j: np.ndarray, rho: np.ndarray, dists: np.ndarray, names: tuple[str, ...], distance: str
) -> SpanningTree:
    """The :class:`SpanningTree` of edges ``(i < j, rho, distance)``, sorted by :func:`edge_order`."""
    order = edge_order(dists, i, j)
    edges = tuple(
        TreeEdge(int(a), int(b), float(r), float(d))
        for a, b, r, d in zip(i[order], j[order], rho[order], dists[order], strict=True)
    )
    return SpanningTree(labels=names, edges=edges, distance=distance)


def correlation_mst(
    corr: Any, *, distance: Distance = "mantegna", labels: Sequence[Any] | None = None
) -> SpanningTree:
    """Minimum spanning tree of a correlation matrix on a correlation distance.

    Parameters
    ----------
    corr : array_like, shape (N, N)
        A correlation matrix: symmetric, entries in [-1, 1], 1 on the diagonal, no NaN.
    distance : {"mantegna", "one_minus", "raw"}
        ``"mantegna"``: the metric ``d = sqrt(2 (1 - rho))`` (Mantegna 1999, "Hierarchical
        structure in financial markets"); ``"one_minus"``: ``d = 1 - rho`` (same tree, not a
        metric); ``"raw"``: ``d = rho`` itself, with a ``UserWarning``: a minimum tree on
        signed correlations picks the most negative ones.
    labels : sequence, optional
        Names of the N variables (default ``"0"`` ... ``"N-1"``).

    Returns
    -------
    SpanningTree
        N - 1 edges ``(i, j, correlation, distance)`` with ``i < j``, sorted by distance (ties
        by ``(i, j)``), their ``total_distance``, and writers/figures.

    Raises
    ------
    ValueError
        If ``corr`` is not a square correlation matrix (naming the entry or, for NaN, the
        variable), ``labels`` has the wrong length or repeats, or ``distance`` is unknown.
    TypeError
        If ``corr`` is complex or not numeric.

    Notes
    -----
    Dense Prim: O(N^2) time and O(N) memory beyond ``corr``. Unlike
    ``scipy.sparse.csgraph.minimum_spanning_tree`` on a dense distance matrix, a distance of 0
    (``rho = 1`` between distinct variables) or below 1e-8 is an edge, never a missing one.
    Equal distances are ordered by ``(i, j)`` (:func:`edge_order`): the tree is the unique
    minimum spanning tree under that total order, the one :func:`correlation_mst_from_data`
    gives too.
    """
    if distance not in DISTANCES:
        raise ArgumentError(f"distance must be one of {DISTANCES}, got {distance!r}")
    arr = np.asarray(corr)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:  # before the labels: their count follows from it
        raise ArgumentError(f"corr must be a square 2-D correlation matrix, got shape {arr.shape}")
    names = label_list(labels, arr.shape[0])
    c = validate_correlation(arr, names)
    check_distance(distance)
    parents, children, dists = prim_dense(c, distance)
    i = np.minimum(parents, children)
    j = np.maximum(parents, children)
    return make_tree(i, j, c[i, j], dists, names, distance)
