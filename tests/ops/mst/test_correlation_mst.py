"""correlation_mst against SciPy and networkx, the cases where SciPy is wrong, and the files."""

from __future__ import annotations

import json
import os
import warnings

import networkx as nx
import numpy as np
import pytest
from scipy.sparse.csgraph import minimum_spanning_tree

from arraylens import SpanningTree, correlation_mst, show
from arraylens.demos import cases


def random_correlation(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(3 * n, n)) @ rng.normal(size=(n, n))
    return np.corrcoef(data, rowvar=False)


def distances(corr: np.ndarray, distance: str) -> np.ndarray:
    if distance == "mantegna":
        return np.sqrt(np.maximum(2 * (1 - corr), 0))
    if distance == "one_minus":
        return 1 - corr
    return corr.copy()


@pytest.mark.conformance
@pytest.mark.parametrize("n", [2, 3, 7, 30, 120])
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("distance", ["mantegna", "one_minus"])
def test_total_and_edges_match_scipy_and_networkx(n, seed, distance):
    corr = random_correlation(n, seed)
    tree = correlation_mst(corr, distance=distance)
    d = distances(corr, distance)
    np.fill_diagonal(d, 0)
    assert (d[~np.eye(n, dtype=bool)] > 1e-6).all()  # no zero distances: SciPy is right here
    scipy_tree = minimum_spanning_tree(d)
    assert len(tree.edges) == n - 1 == scipy_tree.nnz
    assert tree.total_distance == pytest.approx(scipy_tree.sum(), rel=1e-12)
    rows, cols = scipy_tree.nonzero()
    scipy_edges = {(min(a, b), max(a, b)) for a, b in zip(rows, cols, strict=True)}
    assert {(e.i, e.j) for e in tree.edges} == scipy_edges  # distinct weights: a unique MST
    g = nx.Graph()
    g.add_weighted_edges_from((i, j, d[i, j]) for i in range(n) for j in range(i + 1, n))
    nx_tree = nx.minimum_spanning_tree(g)
    assert tree.total_distance == pytest.approx(nx_tree.size(weight="weight"), rel=1e-12)
    for e in tree.edges:
        assert e.i < e.j and e.correlation == corr[e.i, e.j]
        assert e.distance == pytest.approx(d[e.i, e.j], rel=1e-15, abs=1e-15)
    assert [e.distance for e in tree.edges] == sorted(e.distance for e in tree.edges)


@pytest.mark.conformance
def test_raw_distance_matches_scipy_on_shifted_weights_and_warns():
    corr = random_correlation(15, 11)
    with pytest.warns(UserWarning, match="most negative"):
        tree = correlation_mst(corr, distance="raw")
    shifted = corr + 2.0  # all positive, same tree
    np.fill_diagonal(shifted, 0)
    want = minimum_spanning_tree(shifted)
    assert tree.total_distance == pytest.approx(want.sum() - 2.0 * 14, rel=1e-12)


def test_zero_distance_is_an_edge_where_scipy_drops_it():
    # variables 0 and 1 are perfectly correlated: rho = 1, Mantegna distance exactly 0
    rng = np.random.default_rng(0)
    data = rng.normal(size=(40, 4))
    data[:, 1] = 2 * data[:, 0] + 1
    corr = np.corrcoef(data, rowvar=False)
    corr[0, 1] = corr[1, 0] = 1.0
    tree = correlation_mst(corr)
    assert len(tree.edges) == 3
    assert tree.edges[0] == (0, 1, 1.0, 0.0)
    d = distances(corr, "mantegna")
    scipy_tree = minimum_spanning_tree(d)
    # SciPy reads the 0 as "no edge": it returns the edge (0, 1) as missing and links 1 elsewhere
    assert scipy_tree[0, 1] == 0 and scipy_tree[1, 0] == 0
    assert scipy_tree.nnz == 3
    assert scipy_tree.sum() > tree.total_distance + 0.1
    g = nx.Graph()
    g.add_weighted_edges_from((i, j, d[i, j]) for i in range(4) for j in range(i + 1, 4))
    assert tree.total_distance == pytest.approx(nx.minimum_spanning_tree(g).size(weight="weight"))


def test_two_identical_variables_alone_scipy_gives_no_edge_at_all():
    corr = np.ones((2, 2))
    assert minimum_spanning_tree(distances(corr, "mantegna")).nnz == 0
    tree = correlation_mst(corr, labels=["a", "b"])
    assert tree.edges == ((0, 1, 1.0, 0.0),)


def test_distance_below_1e8_is_kept_where_scipy_drops_it():
    # 1 - rho = 2**-30 ~ 9.3e-10 < 1e-8: SciPy's dense-to-sparse conversion masks it as 0
    tiny = 2.0**-30
    corr = np.array([[1.0, 1 - tiny, 0.0], [1 - tiny, 1.0, -0.5], [0.0, -0.5, 1.0]])
    tree = correlation_mst(corr, distance="one_minus")
    assert {(e.i, e.j) for e in tree.edges} == {(0, 1), (0, 2)}
    assert tree.total_distance == pytest.approx(1.0 + tiny, rel=1e-15)
    assert tree.edges[0].distance == tiny
    d = 1 - corr
    np.fill_diagonal(d, 0)
    scipy_tree = minimum_spanning_tree(d)
    assert scipy_tree[0, 1] == 0 and scipy_tree[1, 0] == 0  # the 9.3e-10 edge is gone
    assert scipy_tree.sum() == pytest.approx(2.5)  # SciPy's "tree" costs 2.5, not 1 + 9.3e-10


def test_zero_correlation_under_raw_distance_is_an_edge():
    corr = np.array([[1.0, 0.0, 0.3], [0.0, 1.0, 0.8], [0.3, 0.8, 1.0]])
    with pytest.warns(UserWarning):
        tree = correlation_mst(corr, distance="raw")
    assert {(e.i, e.j) for e in tree.edges} == {(0, 1), (0, 2)}


def test_motivating_case_tree():
    m = np.array(cases()["corrcoef_mst"]["mm_rows"], dtype=float)
    corr = np.corrcoef(m)
    tree = correlation_mst(corr, labels=["x", "y", "z"])
    # rho(0,1) = 0.6708 (d = 0.811), rho(0,2) = 0 (d = sqrt 2), rho(1,2) = -0.5 (d = sqrt 3)
    assert [(e.i, e.j) for e in tree.edges] == [(0, 1), (0, 2)]
    assert tree.edges[1].correlation == pytest.approx(0.0, abs=1e-15)
    assert tree.total_distance == pytest.approx(
        np.sqrt(2 * (1 - 0.67082039)) + np.sqrt(2), rel=1e-8
    )


def test_invalid_inputs_name_the_problem():
    corr = random_correlation(4, 1)
    bad = corr.copy()
    bad[2, :] = bad[:, 2] = np.nan
    bad[2, 2] = 1.0
    with pytest.raises(ValueError, match="variable 'C' has NaN correlations"):
        correlation_mst(bad, labels=["A", "B", "C", "D"])
    with pytest.raises(ValueError, match="not symmetric"):
        asym = corr.copy()
        asym[0, 1] += 0.1
        correlation_mst(asym)
    with pytest.raises(ValueError, match="outside"):
        correlation_mst(np.array([[1.0, 1.5], [1.5, 1.0]]))
    with pytest.raises(ValueError, match=r"1 on its diagonal.*cov_to_corr"):
        correlation_mst(np.array([[0.5, 0.2], [0.2, 1.0]]))
    with pytest.raises(ValueError, match="square"):
        correlation_mst(np.ones((2, 3)))
    with pytest.raises(ValueError, match="distance must be one of"):
        correlation_mst(corr, distance="euclid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="labels has 2 names"):
        correlation_mst(corr, labels=["a", "b"])
    with pytest.raises(ValueError, match="distinct"):
        correlation_mst(corr, labels=["a", "b", "a", "c"])


def test_small_trees():
    assert correlation_mst(np.ones((1, 1))).edges == ()
    assert correlation_mst(np.ones((1, 1))).total_distance == 0.0


def _tree() -> SpanningTree:
    return correlation_mst(random_correlation(6, 5), labels=list("ABCDEF"))


def test_networkx_graph(tmp_path):
    tree = _tree()
    g = tree.to_networkx()
    assert nx.is_tree(g) and set(g.nodes) == set("ABCDEF")
    for e in tree.edges:
        data = g.edges[tree.labels[e.i], tree.labels[e.j]]
        assert data["distance"] == e.distance == data["weight"]
        assert data["correlation"] == e.correlation


def test_files_round_trip_and_are_written_atomically(tmp_path):
    tree = _tree()
    tree.to_csv(tmp_path / "t.csv")
    tree.to_json(tmp_path / "t.json")
    tree.to_graphml(tmp_path / "t.graphml")
    lines = (tmp_path / "t.csv").read_text().splitlines()
    assert lines[0] == "source,target,i,j,correlation,distance"
    assert len(lines) == 6
    first = lines[1].split(",")
    assert (
        float(first[5]) == tree.edges[0].distance and float(first[4]) == tree.edges[0].correlation
    )
    data = json.loads((tmp_path / "t.json").read_text())
    assert data["labels"] == list("ABCDEF") and len(data["edges"]) == 5
    assert data["total_distance"] == tree.total_distance
    g = nx.read_graphml(tmp_path / "t.graphml")
    assert nx.is_tree(g)
    assert sum(float(d["distance"]) for _, _, d in g.edges(data=True)) == pytest.approx(
        tree.total_distance, rel=1e-15
    )
    assert sorted(os.listdir(tmp_path)) == ["t.csv", "t.graphml", "t.json"]  # no temporaries
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "t.csv").stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0o600


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    tree = _tree()
    target = tmp_path / "t.json"
    target.write_text("old")

    def broken_dump(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(json, "dump", broken_dump)
    with pytest.raises(OSError, match="disk full"):
        tree.to_json(target)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["t.json"]


def test_figure(tmp_path):
    tree = _tree()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. no divide-by-zero in the layout
        fig = show.spanning_tree(tree)
        fig.savefig(tmp_path / "t.png")
    assert (tmp_path / "t.png").stat().st_size > 1000
    zero = correlation_mst(np.ones((3, 3)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        show.spanning_tree(zero).savefig(tmp_path / "z.png")
