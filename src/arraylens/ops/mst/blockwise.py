"""The exact correlation MST of N variables from their T observations, without the N x N matrix.

The tree is the one :func:`arraylens.correlation_mst` gives on ``np.corrcoef`` of the same data:
the unique minimum spanning tree under :func:`~arraylens.ops.mst.prim.edge_order` (distance,
then ``i``, then ``j``), with the same distance formula (:func:`~arraylens.ops.mst.prim.distance_row`)
and the same float64 correlations (NumPy's ``cov``/``corrcoef`` arithmetic per pair).

How (memory O(N T + block N), never N x N):

1. **Standardise** each variable: scale by a power of two (exact; the CLI's rule for extreme
   magnitudes), centre, ``unit = centred / ||centred||`` in float32 (float64 if T is huge).
2. **Candidate pass**: row blocks ``S = unit[rows] @ unit.T`` (BLAS). Each variable keeps its k
   best partners (highest score; the score is the correlation, or minus it for ``"raw"``) and a
   bound ``ub`` on the score of every partner it did not keep. A threshold taken from an evenly
   spaced sample of columns skips most of the block before any sorting.
3. **Exact float64** correlations of the candidate edges, then **Boruvka** on them with a
   certificate: a component's cheapest candidate edge ``e`` is its true cheapest edge when, for
   every member v, the distance of ``ub[v] + delta`` (``delta`` bounds the float32 error of a
   product, worst case) is larger than ``e``'s, strictly; all certified edges join the tree.
4. **Recomputation**: a member of an uncertified component whose bound is too weak (typically
   all its partners fell inside its own component) gets its row recomputed against the variables
   outside its component, keeping twice as many partners each time (so it terminates, at worst
   with every edge known), and step 3 repeats.

Every edge that enters the tree is certified to be the cheapest edge leaving a component in the
total order, so the result is exact, not approximate, ties included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import ArgumentError
from arraylens.core.limits import check_allocations, format_bytes, max_bytes
from arraylens.core.text import count
from arraylens.ops.mst.candidates import (
    CandidateLists,
    RowCandidates,
    block_pairs,
    row_candidates,
    sample_thresholds,
)
from arraylens.ops.mst.prim import (
    CONSTANT_VARIABLE,
    check_distance,
    distance_row,
    edge_order,
    label_list,
    make_tree,
)
from arraylens.ops.mst.tree import SpanningTree

DEFAULT_K = 4  # partners kept per variable in the candidate pass (measured: 4 beats 8 at N = 20000)
_BLOCK_BYTES = 64 << 20  # default block: about this many bytes of float32 scores
_PAIR_BYTES = 32 << 20  # float64 re-evaluation of candidate pairs, in chunks of this size
_PROGRESS_FLOPS = 2e11  # show a progress bar above about this many multiply-adds (seconds)


def scaled_columns(data: np.ndarray) -> np.ndarray:
    """Each column multiplied by the power of two that brings its largest magnitude into [0.5, 1).

    Correlations do not change under a positive scale per variable, and a power of two is exact,
    so the correlations of finite data near +-1e308 (whose sums overflow) or near 1e-320 (whose
    squares underflow to 0) are those of ordinary numbers, not "constant variable" NaNs.
    """
    peak = np.abs(data).max(axis=0, initial=0.0)
    _, exponent = np.frexp(peak)
    return np.ldexp(data, -exponent[None, :])


@dataclass(frozen=True)
class Standardized:
    """Data ready for the blockwise MST: one row per variable.

    ``centered`` (N, T) float64 (scaled and centred as ``np.cov``), ``inv_fact`` (``1 / (T -
    1)``), ``stddev`` (N,) float64, ``unit`` (N, T) float32 or float64 unit-norm rows, ``delta``
    a bound on ``|unit_i . unit_j - rho_ij|`` for the float64 correlation ``rho_ij`` of
    :func:`pair_correlations`.
    """

    centered: np.ndarray
    inv_fact: float
    stddev: np.ndarray
    unit: np.ndarray
    delta: float

    @property
    def n(self) -> int:
        return int(self.centered.shape[0])


def pair_dots(centered: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """``centered[i] . centered[j]`` for each pair, in float64 (chunks of bounded memory).

    The same elementwise product and NumPy summation for every pair, so a duplicated variable
    has exactly the dot product of the original with itself."""
    out = np.empty(i.shape[0], dtype=np.float64)
    step = max(1, _PAIR_BYTES // (8 * max(1, centered.shape[1])))
    for s in range(0, i.shape[0], step):
        a = centered[i[s : s + step]]
        a *= centered[j[s : s + step]]
        out[s : s + step] = a.sum(axis=1)
    return out


def pair_correlations(st: Standardized, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """float64 correlations of the pairs ``(i, j)`` with NumPy's corrcoef arithmetic:
    ``((dot * (1 / fact)) / stddev_i) / stddev_j``, clipped to [-1, 1]."""
    c = pair_dots(st.centered, i, j)
    c *= st.inv_fact
    c /= st.stddev[i]
    c /= st.stddev[j]
    return np.clip(c, -1.0, 1.0, out=c)


def standardize(data: Any, rowvar: bool, names: Sequence[str] | None) -> tuple[Standardized, tuple[str, ...]]:
    """Check ``data`` and standardise its variables (see :class:`Standardized`).

    Raises
    ------
    ArgumentError
        Not 2-D, fewer than 2 variables or 2 observations, a NaN or infinite value (naming it),
        a constant variable (naming it), labels of the wrong length or repeated.
    """
    arr = as_real_array(data, "data")
    if arr.ndim != 2:
        raise ArgumentError(
            f"data must be 2-D (observations x variables, or variables x observations with rowvar=True), "
            f"got shape {arr.shape}"
        )
    x = arr.T if not rowvar else arr  # (variables, observations)
    n, t = x.shape
    if n < 2:
        raise ArgumentError(f"data has {n} variable{'s' if n != 1 else ''}: a spanning tree needs at least 2")
    if t < 2:
        raise ArgumentError(f"data has {t} observation of each variable: a correlation needs at least 2")
    labels = label_list(names, n)
    low = t * 2.0**-24 < 1e-2  # float32 products while their error bound stays small
    unit_dtype = np.float32 if low else np.float64
    check_allocations(
        [("the centred data", (n, t), np.float64), ("its unit rows", (n, t), unit_dtype),
         ("a temporary copy", (n, t), np.float64)],
        "the blockwise correlation MST",
    )
    xs = np.array(x, dtype=np.float64, order="C")
    finite = np.isfinite(xs)
    if not finite.all():
        v, o = (int(a) for a in np.argwhere(~finite)[0])
        r, c = (v, o) if rowvar else (o, v)
        raise ArgumentError(
            f"data[{r}, {c}] = {xs[v, o]} (variable {labels[v]!r}) is not finite: a correlation needs finite numbers"
        )
    del finite
    xs = scaled_columns(xs.T).T
    xs = np.ascontiguousarray(xs)
    xs -= xs.mean(axis=1)[:, None]
    idx = np.arange(n)
    sq = pair_dots(xs, idx, idx)
    if not (sq > 0).all():
        v = int(np.flatnonzero(~(sq > 0))[0])
        raise ArgumentError(f"variable {labels[v]!r} is constant (all its values are equal): {CONSTANT_VARIABLE}")
    inv_fact = float(np.true_divide(1, t - 1))
    stddev = np.sqrt(sq * inv_fact)
    unit = (xs / np.sqrt(sq)[:, None]).astype(unit_dtype)
    u = 2.0**-24 if low else 2.0**-53
    gamma = t * u / (1 - t * u)  # any summation order: |fl(a.b) - a.b| <= gamma_T sum|a_k b_k|
    delta = 1.01 * (gamma + 3 * u) + 1e-12  # + rounding of the unit rows; + the float64 side
    return Standardized(xs, inv_fact, stddev, unit, delta), labels


Triples = tuple[np.ndarray, np.ndarray, np.ndarray]


class RowRunner(Protocol):
    """Runs the kernels on blocks of rows: in this process or on a Dask cluster."""

    def pairs(self, spans: list[tuple[int, int]], thr: np.ndarray) -> Iterator[tuple[Triples, int]]:
        """:func:`block_pairs` of each span ``[r0, r1)``, and its row count, in any order."""
        ...

    def run(self, blocks: list[np.ndarray], k: int, comp: np.ndarray | None) -> Iterator[RowCandidates]:
        """:func:`row_candidates` of each block of rows, in any order."""
        ...


class LocalRunner:
    """:func:`row_candidates` in this process, block after block (BLAS uses the cores)."""

    def __init__(self, unit: np.ndarray, sign: float) -> None:
        self.unit, self.sign = unit, sign

    def pairs(self, spans: list[tuple[int, int]], thr: np.ndarray) -> Iterator[tuple[Triples, int]]:
        for r0, r1 in spans:  # thr is read as the caller tightens it, block after block
            yield block_pairs(self.unit, r0, r1, thr, self.sign), r1 - r0

    def run(self, blocks: list[np.ndarray], k: int, comp: np.ndarray | None) -> Iterator[RowCandidates]:
        for rows in blocks:
            yield row_candidates(self.unit, rows, k, self.sign, comp)


@dataclass(frozen=True)
class BlockwiseStats:
    """How a blockwise MST was computed.

    ``engine`` ("local" or "dask"), ``block_size``, ``k``, ``memory_bytes`` (the bound on the
    arrays held at once: data, unit rows, one block of scores and its mask, the candidates),
    ``candidate_edges`` (edges evaluated in float64), ``recomputed_rows`` (rows recomputed by
    the exactness pass, 0 when the first pass sufficed), ``rounds`` (Boruvka rounds)."""

    engine: str
    block_size: int
    k: int
    memory_bytes: int
    candidate_edges: int
    recomputed_rows: int
    rounds: int

    def summary(self) -> str:
        return (
            f"{self.engine}, blocks of {self.block_size} rows, k = {self.k}, memory bound "
            f"{format_bytes(self.memory_bytes)}, {self.candidate_edges} candidate edges, "
            f"{count(self.recomputed_rows, 'row')} recomputed, {count(self.rounds, 'round')}"
        )


@dataclass(frozen=True, repr=False)
class BlockwiseTree(SpanningTree):
    """A :class:`SpanningTree` with the :class:`BlockwiseStats` of its computation."""

    stats: BlockwiseStats | None = None


def default_block_size(n: int, distributed: bool = False) -> int:
    """Rows per block: about 64 MiB of float32 scores, between 16 and 4096 rows (never above N),
    and a block (scores and mask) within an eighth of the memory arraylens may use; on a Dask
    cluster (``distributed``) also at most N / 32 rows, so that every worker has tasks."""
    bs = max(16, _BLOCK_BYTES // (4 * max(n, 1)))
    if distributed:
        bs = min(bs, max(16, -(-n // 32)))
    limit, _ = max_bytes()
    if limit is not None:
        bs = min(bs, limit // (8 * 5 * max(n, 1)))
    return max(1, min(n, 4096, bs))


def _roots(parent: np.ndarray) -> np.ndarray:
    while True:
        up = parent[parent]
        if np.array_equal(up, parent):
            return parent
        parent[:] = up


class _Edges:
    """The candidate edges known exactly: ``i < j``, float64 correlation and distance."""

    def __init__(self) -> None:
        self.i = np.empty(0, dtype=np.intp)
        self.j = np.empty(0, dtype=np.intp)
        self.rho = np.empty(0)
        self.d = np.empty(0)
        self.ordered = True  # sorted by edge_order

    def add(self, st: Standardized, distance: str, results: list[RowCandidates], n: int) -> None:
        if not results:
            return
        a = np.concatenate([np.broadcast_to(r.rows[:, None], r.partners.shape)[r.partners >= 0] for r in results])
        b = np.concatenate([r.partners[r.partners >= 0] for r in results])
        i, j = np.minimum(a, b), np.maximum(a, b)
        known = np.concatenate([self.i * n + self.j, i * n + j])
        _, first = np.unique(known, return_index=True)
        new = first[first >= self.i.shape[0]] - self.i.shape[0]
        if new.size == 0:
            return
        i, j = i[new], j[new]
        rho = pair_correlations(st, i, j)
        self.i = np.concatenate([self.i, i])
        self.j = np.concatenate([self.j, j])
        self.rho = np.concatenate([self.rho, rho])
        self.d = np.concatenate([self.d, distance_row(rho, distance)])
        self.ordered = False

    def keep(self, mask: np.ndarray) -> None:
        self.i, self.j, self.rho, self.d = self.i[mask], self.j[mask], self.rho[mask], self.d[mask]


def _lower_bounds(bound: np.ndarray, delta: float, sign: float, distance: str) -> np.ndarray:
    """The least distance an edge not among a variable's candidates can have, from its score
    bound (``+inf`` where every edge is a candidate)."""
    lb = np.full(bound.shape[0], np.inf)
    some = np.isfinite(bound)
    if sign > 0:  # rho <= bound + delta, distance decreasing in rho
        rho = np.minimum(bound[some] + delta, 1.0)
    else:  # raw: rho = -score >= -(bound + delta), distance = rho
        rho = np.maximum(-(bound[some] + delta), -1.0)
    lb[some] = distance_row(rho, distance)
    return lb


def blockwise_mst(
    st: Standardized,
    labels: tuple[str, ...],
    distance: str,
    *,
    block_size: int,
    k: int,
    runner: RowRunner,
    engine: str,
    progress: Callable[[int], AbstractContextManager[Callable[[int], None]]] | None = None,
) -> BlockwiseTree:
    """The candidate pass, then Boruvka with certificates and recomputation (module docstring)."""
    n = st.n
    sign = -1.0 if distance == "raw" else 1.0
    k = max(1, min(k, n - 1))
    edges = _Edges()
    kv = np.full(n, k, dtype=np.intp)
    # first pass: the upper triangle in row blocks; each variable keeps its kk best partners, and
    # the kk-th score bounds every partner it did not keep
    kk = min(k + 1, n - 1)
    thr0 = sample_thresholds(st.unit, kk, sign, block_size, st.delta)
    thr = thr0.copy()
    lists = CandidateLists(n, kk)
    spans = [(s, min(s + block_size, n)) for s in range(0, n, block_size)]
    with progress(n) if progress is not None else nullcontext(lambda _: None) as advance:
        for (vert, part, score), rows in runner.pairs(spans, thr):
            touched = lists.merge(vert, part, score)
            thr[touched] = np.maximum(thr0[touched], lists.scores[touched, kk - 1])
            advance(rows)
    bound = lists.scores[:, kk - 1].astype(np.float64)
    if kk == n - 1:  # every partner kept
        bound[:] = -np.inf
    edges.add(st, distance, [RowCandidates(np.arange(n), lists.partners, lists.scores, bound)], n)
    del lists, thr, thr0
    candidate_edges = edges.i.shape[0]
    parent = np.arange(n)
    tree_i: list[np.ndarray] = []
    tree_j: list[np.ndarray] = []
    found = 0
    recomputed = 0
    rounds = 0
    while found < n - 1:
        rounds += 1
        comp = _roots(parent)
        ci, cj = comp[edges.i], comp[edges.j]
        leaving = ci != cj
        edges.keep(leaving)
        ci, cj = ci[leaving], cj[leaving]
        if not edges.ordered:  # new edges since the last round (keep() preserves the order)
            order = edge_order(edges.d, edges.i, edges.j)
            edges.keep(order)
            ci, cj = ci[order], cj[order]
            edges.ordered = True
        m = edges.i.shape[0]
        best = np.full(n, m, dtype=np.intp)
        pos = np.arange(m)
        np.minimum.at(best, ci, pos)
        np.minimum.at(best, cj, pos)
        d_best = np.full(n, np.inf)
        has = best < m
        d_best[has] = edges.d[best[has]]
        lb = _lower_bounds(bound, st.delta, sign, distance)
        min_lb = np.full(n, np.inf)
        np.minimum.at(min_lb, comp, lb)
        is_root = comp == np.arange(n)
        certified = np.flatnonzero(is_root & has & (min_lb > d_best))
        chosen = np.unique(best[certified])
        for e in chosen:  # each is the cheapest edge leaving a component: an edge of the tree
            a, b = _find(parent, int(edges.i[e])), _find(parent, int(edges.j[e]))
            if a != b:
                parent[max(a, b)] = min(a, b)
                found += 1
        tree_i.append(edges.i[chosen])
        tree_j.append(edges.j[chosen])
        waiting = is_root.copy()
        waiting[certified] = False
        redo = np.flatnonzero(waiting[comp] & (lb <= d_best[comp]))
        if redo.size == 0:
            if chosen.size == 0:  # cannot happen: an uncertified component has a member to redo
                raise RuntimeError("blockwise MST made no progress")
            continue
        kv[redo] = np.minimum(kv[redo] * 2, n - 1)
        recomputed += int(redo.size)
        groups = [redo[s : s + block_size] for s in range(0, redo.size, block_size)]
        again = list(runner.run(groups, int(kv[redo].max()), comp))
        for res in again:
            bound[res.rows] = res.bound
        edges.add(st, distance, again, n)
    ti = np.concatenate(tree_i) if tree_i else np.empty(0, dtype=np.intp)
    tj = np.concatenate(tree_j) if tree_j else np.empty(0, dtype=np.intp)
    key = np.unique(ti * n + tj)
    ti, tj = key // n, key % n
    rho = pair_correlations(st, ti, tj)
    base = make_tree(ti, tj, rho, distance_row(rho, distance), labels, distance)
    memory = memory_bound(n, st.centered.shape[1], block_size, k, st.unit.dtype)
    stats = BlockwiseStats(engine, block_size, k, memory, candidate_edges, recomputed, rounds)
    return BlockwiseTree(base.labels, base.edges, base.distance, stats)


def _find(parent: np.ndarray, v: int) -> int:
    while parent[v] != v:
        parent[v] = parent[parent[v]]
        v = int(parent[v])
    return v


def memory_bound(n: int, t: int, block_size: int, k: int, unit_dtype: Any) -> int:
    """Bytes held at once: centred data (float64) and unit rows, a block of scores (and its
    mask and indices), the candidate edges (i, j, rho, distance) of N k partners."""
    unit = np.dtype(unit_dtype).itemsize
    return int(n * t * (8 + unit) + block_size * n * (unit + 1 + 8) + n * k * 4 * 8 * 2)


def rich_progress(total: int) -> AbstractContextManager[Callable[[int], None]]:
    """A rich progress bar on stderr over the candidate pass (rows done of ``total``)."""
    from contextlib import contextmanager

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    @contextmanager
    def bar() -> Iterator[Callable[[int], None]]:
        with Progress(
            TextColumn("correlation MST: rows"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True,
        ) as prog:
            task = prog.add_task("rows", total=total)
            yield lambda done: prog.advance(task, done)

    return bar()


def correlation_mst_from_data(
    data: Any,
    rowvar: bool = False,
    labels: Sequence[Any] | None = None,
    *,
    block_size: int | None = None,
    k: int | None = None,
    client: Any = None,
    distance: str = "mantegna",
    progress: bool | None = None,
) -> BlockwiseTree:
    """The exact correlation MST of the variables of ``data``, without the N x N matrix.

    Parameters
    ----------
    data : array_like or dask array, shape (T, N) (``rowvar=True``: (N, T))
        Observations of N variables, real and finite, each variable with at least two distinct
        values. A dask array is computed into memory (the method needs O(N T) anyway) and, when a
        dask.distributed client is active and ``client`` is not given, that client runs the blocks.
    rowvar : bool
        As ``numpy.corrcoef`` (but default False: one observation per row, like a data frame).
    labels : sequence, optional
        Names of the N variables (default ``"0"`` ... ``"N-1"``).
    block_size : int, optional
        Rows of the correlation matrix computed at once (default: about 64 MiB of float32 scores).
    k : int, optional
        Partners kept per variable in the first pass (default 4); a smaller k recomputes more rows.
    client : dask.distributed.Client, optional
        Run the row blocks as tasks on this client's cluster (``pip install arraylens[dask]``);
        every worker must be able to import arraylens.
    distance : {"mantegna", "one_minus", "raw"}
        As :func:`arraylens.correlation_mst`.
    progress : bool, optional
        Draw a rich progress bar on stderr (default: when the run is long and stderr is a terminal).

    Returns
    -------
    BlockwiseTree
        The :class:`SpanningTree` of ``correlation_mst(np.corrcoef(data, rowvar=rowvar))``: the
        same N - 1 edges and total distance; ``stats`` says how it was computed (engine, block size,
        k, memory bound, rows recomputed).

    Raises
    ------
    ValueError
        One line: data not 2-D, fewer than 2 variables or observations, a NaN or infinite value, a
        constant variable, bad labels, ``block_size`` or ``k`` not a positive integer, an unknown
        distance, or arrays that would exceed the memory limit (``ARRAYLENS_MAX_BYTES``).
    TypeError
        Complex or non-numeric data.
    KeyboardInterrupt
        Ctrl-C stops the run between blocks (Dask tasks are cancelled); nothing is left behind.

    Notes
    -----
    Memory O(N T + block_size N); time O(N^2 T) multiply-adds in float32 BLAS plus O(N k)
    float64 correlations. The correlations are ``numpy.corrcoef``'s (NumPy 2.x) per pair,
    summed in NumPy's order for one pair, so they can differ from a whole-matrix ``np.corrcoef``
    in the last bit (BLAS sums in another order, and ``np.corrcoef`` is not bit-symmetric:
    ``C[i, j]`` and ``C[j, i]`` can differ in the last bit, and the dense path reads the row of
    the vertex that joins). Where every variable has the same variance (balanced +-1 data) the
    correlations are the same bits as ``np.corrcoef``'s and so is the tree; in general, ties
    within the last bit can pick another tree of the same total distance. Ties are broken by
    ``(distance, i, j)`` on both paths.
    """
    for name, value in (("block_size", block_size), ("k", k)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1):
            raise ArgumentError(f"{name} must be a positive integer, got {value!r}")
    if distance not in ("mantegna", "one_minus", "raw"):
        check_distance(distance)
    if type(data).__module__.split(".")[0] == "dask":
        data = np.asarray(data.compute())
        if client is None:
            client = _active_client()
    st, names = standardize(data, rowvar, labels)
    check_distance(distance)
    n, t = st.centered.shape
    bs = default_block_size(n, client is not None) if block_size is None else min(int(block_size), n)
    kk = DEFAULT_K if k is None else int(k)
    check_allocations(
        [("a block of scores", (bs, n), st.unit.dtype), ("its mask", (bs, n), np.bool_)],
        "the blockwise correlation MST",
    )
    if progress is None:
        import sys

        progress = float(n) * n * t > _PROGRESS_FLOPS and sys.stderr.isatty()
    bar = rich_progress if progress else None
    sign = -1.0 if distance == "raw" else 1.0
    if client is None:
        return blockwise_mst(st, names, distance, block_size=bs, k=kk, runner=LocalRunner(st.unit, sign),
                             engine="local", progress=bar)
    from arraylens.ops.mst.dask_runner import DaskRunner

    with DaskRunner(client, st.unit, sign) as runner:
        return blockwise_mst(st, names, distance, block_size=bs, k=kk, runner=runner, engine="dask",
                             progress=bar)


def _active_client() -> Any:
    """The active dask.distributed client, or None (no distributed, or no client)."""
    try:
        from distributed import get_client
    except ImportError:
        return None
    try:
        return get_client()
    except ValueError:
        return None

