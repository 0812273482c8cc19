"""correlation_mst_from_data (blockwise) against the dense correlation_mst, and the shared tie rule."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest

from arraylens import ArgumentError, correlation_mst, correlation_mst_from_data
from arraylens.ops.mst import blockwise
from arraylens.ops.mst.blockwise import memory_bound, pair_correlations, standardize


def factor_data(t: int, n: int, seed: int, factors: int = 4) -> np.ndarray:
    """Daily-returns-like data: a few common factors with sparse loadings, plus noise."""
    rng = np.random.default_rng(seed)
    loadings = rng.normal(size=(factors, n)) * (rng.random((factors, n)) < 0.5)
    return rng.normal(size=(t, factors)) @ loadings + rng.normal(size=(t, n))


def balanced_signs(t: int, n: int, seed: int) -> np.ndarray:
    """+-1 columns with t/2 of each sign (t a power of two): every sum is exact, every variance the
    same, so np.corrcoef and the per-pair correlations are the same bits and ties are exact."""
    rng = np.random.default_rng(seed)
    base = np.repeat([-1.0, 1.0], t // 2)
    return np.stack([rng.permutation(base) for _ in range(n)], axis=1)


def edges(tree):
    return [(e.i, e.j) for e in tree.edges]


def pairwise_matrix(data: np.ndarray) -> np.ndarray:
    """The float64 correlation matrix with the blockwise path's per-pair arithmetic."""
    st, _ = standardize(data, False, None)
    i, j = np.triu_indices(st.n, 1)
    r = np.eye(st.n)
    r[i, j] = r[j, i] = pair_correlations(st, i, j)
    return r


def kruskal(d: np.ndarray) -> list[tuple[int, int]]:
    """Reference: Kruskal over all pairs sorted by (distance, i, j), in plain Python."""
    n = d.shape[0]
    parent = list(range(n))

    def find(v: int) -> int:
        while parent[v] != v:
            v = parent[v]
        return v

    out = []
    for _, i, j in sorted((d[a, b], a, b) for a in range(n) for b in range(a + 1, n)):
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
            out.append((i, j))
    return sorted(out, key=lambda e: (d[e], e))


@pytest.mark.parametrize("kind", ["random", "factor", "wide"])
def test_equals_dense_corrcoef_tree(kind):
    data = {
        "random": lambda: np.random.default_rng(0).normal(size=(40, 120)),
        "factor": lambda: factor_data(60, 300, 1),
        "wide": lambda: factor_data(12, 200, 2),  # more variables than observations
    }[kind]()
    n = data.shape[1]
    dense = correlation_mst(np.corrcoef(data, rowvar=False))
    recomputed = []
    for block_size, k in itertools.product([1, 7, n], [1, 2, 8]):
        tree = correlation_mst_from_data(data, block_size=block_size, k=k)
        assert edges(tree) == edges(dense), (block_size, k)
        assert tree.total_distance == pytest.approx(dense.total_distance, rel=1e-12)
        for e, f in zip(tree.edges, dense.edges, strict=True):
            assert e.correlation == pytest.approx(f.correlation, abs=1e-14)
        assert tree.stats is not None and tree.stats.block_size == block_size and tree.stats.k == k
        recomputed.append(tree.stats.recomputed_rows)
    assert recomputed[0] > 0  # k = 1: the exactness pass recomputed rows, and the tree is still exact
    # rowvar, labels and distances follow correlation_mst
    tree = correlation_mst_from_data(data.T, rowvar=True, labels=[f"x{c}" for c in range(n)], k=3)
    assert edges(tree) == edges(dense) and tree.labels[5] == "x5"
    for distance in ("one_minus", "raw"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            want = correlation_mst(np.corrcoef(data, rowvar=False), distance=distance)
            got = correlation_mst_from_data(data, k=2, block_size=13, distance=distance)
        assert edges(got) == edges(want) and got.distance == distance
        assert got.total_distance == pytest.approx(want.total_distance, rel=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_tied_and_duplicated_data_give_the_dense_tree_bit_for_bit(seed):
    # +-1 data: correlations take a few values (many exact ties); columns 0-9 copied twice
    # (rho = 1 within a copy group: the ties at distance ~0 are broken by (i, j) too)
    data = balanced_signs(16, 90, seed)
    data = np.concatenate([data, data[:, :10], data[:, 3:5]], axis=1)
    corr = np.corrcoef(data, rowvar=False)
    assert np.array_equal(corr, pairwise_matrix(data))  # exact arithmetic: the same bits
    assert np.unique(corr).size < 20
    dense = correlation_mst(corr)
    d = np.sqrt(np.maximum(2 * (1 - corr), 0))
    assert edges(dense) == kruskal(d)  # the dense tie rule is the (distance, i, j) order
    n = data.shape[1]
    for block_size, k in itertools.product([1, 16, n], [1, 3, 8]):
        tree = correlation_mst_from_data(data, block_size=block_size, k=k)
        assert tree.edges == dense.edges, (block_size, k)  # edges, correlations and distances
        assert tree.total_distance == dense.total_distance
    copies = {(c, 90 + c) for c in range(10)} | {(3, 100), (4, 101)}
    zero = {(e.i, e.j) for e in tree.edges if e.distance < 1e-7}
    assert copies <= zero  # every copy hangs on its original by a (near) zero distance, kept


def test_duplicated_continuous_variables_keep_their_zero_distance_edges():
    rng = np.random.default_rng(7)
    data = rng.normal(size=(50, 80))
    data = np.concatenate([data, data[:, :20], data[:, :5], 2 * data[:, 7:9] + 1], axis=1)
    want = correlation_mst(pairwise_matrix(data))  # the dense tree of the same float64 correlations
    dense = correlation_mst(np.corrcoef(data, rowvar=False))  # np.corrcoef rounds rho = 1 its own way
    for block_size, k in [(1, 1), (9, 2), (107, 8)]:
        tree = correlation_mst_from_data(data, block_size=block_size, k=k)
        assert tree.edges == want.edges
        assert tree.total_distance == pytest.approx(dense.total_distance, abs=1e-6)
    zero = {(e.i, e.j) for e in tree.edges if e.distance < 1e-7}
    assert len(zero) == 27  # 20 + 5 copies, the two affine images: all edges, none dropped
    assert zero == {(e.i, e.j) for e in dense.edges if e.distance < 1e-7}


@pytest.mark.parametrize("seed", range(6))
def test_dense_prim_ties_follow_the_total_order(seed):
    # distances from a set of 3 values on a random graph: almost every choice is a tie
    rng = np.random.default_rng(seed)
    n = 25
    d = rng.choice([0.25, 0.5, 0.75], size=(n, n))
    d = np.triu(d, 1)
    d = d + d.T
    corr = 1 - d  # "one_minus": distance = 1 - rho exactly for these values
    tree = correlation_mst(corr, distance="one_minus")
    assert edges(tree) == kruskal(d)


def test_dense_prim_tie_counterexample_to_the_old_rule():
    # Prim from 0 adds 5 (0.1) then 2 (0.2); 7 is at 1 from both: the order (1, 2, 7) < (1, 5, 7)
    d = np.full((8, 8), 2.0)
    np.fill_diagonal(d, 0)
    for (i, j), v in {(0, 5): 0.1, (0, 2): 0.2, (5, 7): 1.0, (2, 7): 1.0}.items():
        d[i, j] = d[j, i] = v
    for v in (1, 3, 4, 6):
        d[0, v] = d[v, 0] = 1.5
    tree = correlation_mst(1 - d, distance="one_minus")
    assert (2, 7) in edges(tree) and (5, 7) not in edges(tree)
    assert edges(tree) == kruskal(d)


def test_large_factor_model_equals_dense():
    data = factor_data(80, 4000, 3, factors=6)
    dense = correlation_mst(np.corrcoef(data, rowvar=False))
    tree = correlation_mst_from_data(data, block_size=300, k=4)
    assert edges(tree) == edges(dense)
    assert tree.total_distance == pytest.approx(dense.total_distance, rel=1e-12)
    n, t = 4000, 80
    assert tree.stats.memory_bytes == memory_bound(n, t, 300, 4, np.float32) < 8 * n * n


def test_refusals_are_one_line_errors():
    good = np.random.default_rng(0).normal(size=(10, 4))
    const = good.copy()
    const[:, 2] = 3.0
    nan = good.copy()
    nan[4, 1] = np.nan
    inf = good.copy()
    inf[0, 3] = -np.inf
    cases = [
        (const, {"labels": list("abcd")}, "variable 'c' is constant"),
        (nan, {}, r"data\[4, 1\] = nan \(variable '1'\) is not finite"),
        (inf, {}, r"data\[0, 3\] = -inf .* not finite"),
        (good[:, 0], {}, "must be 2-D"),
        (good[:, :1], {}, "1 variable: a spanning tree needs at least 2"),
        (good[:1], {}, "1 observation"),
        (good, {"labels": ["a", "b"]}, "labels has 2 names"),
        (good, {"labels": list("abca")}, "'a' appears more than once"),
        (good, {"k": 0}, "k must be a positive integer"),
        (good, {"block_size": 2.5}, "block_size must be a positive integer"),
        (good, {"distance": "euclid"}, "distance must be one of"),
        (good, {"client": object()}, "client must be a dask.distributed.Client"),
    ]
    for data, kwargs, match in cases:
        with pytest.raises(ArgumentError, match=match) as info:
            correlation_mst_from_data(data, **kwargs)
        assert "\n" not in str(info.value)
    with pytest.raises(TypeError):
        correlation_mst_from_data(good + 1j)
    with pytest.warns(UserWarning, match="most negative"):
        correlation_mst_from_data(good, distance="raw")


def test_memory_limit_is_checked_before_allocating(monkeypatch):
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "100K")
    with pytest.raises(ArgumentError, match="blockwise correlation MST needs"):
        correlation_mst_from_data(np.zeros((1000, 20)) + np.arange(20))
    # the default block shrinks to the limit: 400 variables run in blocks of a few rows
    data = np.random.default_rng(1).normal(size=(8, 400))
    tree = correlation_mst_from_data(data)
    assert tree.stats.block_size < 400
    monkeypatch.delenv("ARRAYLENS_MAX_BYTES")
    assert edges(tree) == edges(correlation_mst(np.corrcoef(data, rowvar=False)))


def test_progress_bar_and_ctrl_c(monkeypatch, capsys):
    data = factor_data(30, 200, 4)
    plain = correlation_mst_from_data(data, block_size=20)
    assert correlation_mst_from_data(data, block_size=20, progress=True).edges == plain.edges
    calls = []
    real = blockwise.block_pairs

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(blockwise, "block_pairs", interrupted)
    with pytest.raises(KeyboardInterrupt):
        correlation_mst_from_data(data, block_size=20, progress=True)
    assert len(calls) == 3  # stopped at once, not after the remaining blocks
