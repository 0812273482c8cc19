"""CLI: ``arraylens explain np.argmax ...``, ``np.corrcoef``, ``arraylens mst ...``."""

from __future__ import annotations

import csv
import json

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from arraylens.cli.main import cli
from arraylens.demos import cases


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_explain_argmax_motivating_case(runner, tmp_path):
    x = np.array(cases()["argmax_values"]["x"])
    np.save(tmp_path / "x.npy", x)
    result = runner.invoke(
        cli,
        ["explain", "np.argmax", "--input", str(tmp_path / "x.npy"), "--axis", "0", "--at", "2"],
    )
    assert result.exit_code == 0, result.output
    assert "[5 6 7]" in result.output
    assert "np.argmax: out[2] = 7" in result.output
    assert "a[7, 2] = 0.88523" in result.output and "Runner-up" in result.output


def test_explain_amax_and_corrcoef(runner, tmp_path):
    m = np.array(cases()["corrcoef_mst"]["mm_rows"], dtype=float)
    np.save(tmp_path / "c.npy", np.cov(m))
    result = runner.invoke(cli, ["explain", "np.amax", "--input", str(tmp_path / "c.npy")])
    assert result.exit_code == 0, result.output
    assert "np.amax: out = 32" in result.output and "a[2, 2] = 32" in result.output
    result = runner.invoke(
        cli, ["explain", "np.corrcoef", "--input", str(tmp_path / "c.npy"), "--at", "0,1"]
    )
    assert result.exit_code == 0, result.output
    assert "looks like a covariance matrix" in result.output
    assert "R'[0,1] = C'[0,1]" in result.output and "0.866025" in result.output
    assert "R[0,1] = A[0,1]" in result.output and "0.67082" in result.output


def test_explain_user_errors_exit_2_with_one_line(runner, tmp_path):
    np.save(tmp_path / "x.npy", np.zeros((3, 2)))
    result = runner.invoke(
        cli,
        ["explain", "np.argmax", "--input", str(tmp_path / "x.npy"), "--axis", "2", "--at", "0"],
    )
    assert result.exit_code == 2
    assert "axis 2 is out of bounds for array of dimension 2" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(
        cli,
        ["explain", "np.argmax", "--input", str(tmp_path / "x.npy"), "--axis", "0", "--at", "5"],
    )
    assert result.exit_code == 2 and "out of range" in result.output
    result = runner.invoke(cli, ["explain", "np.argmax", "--input", str(tmp_path / "nope.npy")])
    assert result.exit_code == 2 and "not found" in result.output


def _write_data(path, labels, data):
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(labels)
        w.writerows(data.tolist())


def test_mst_command_writes_tree_and_figure(runner, tmp_path):
    rng = np.random.default_rng(2)
    data = rng.normal(size=(50, 5))
    data[:, 3] = -0.5 * data[:, 0] + 0.1  # perfectly (anti)correlated pair stays an edge
    data[:, 4] = data[:, 1]  # identical columns: distance 0, an edge
    _write_data(tmp_path / "data.csv", ["a", "b", "c", "d", "e"], data)
    result = runner.invoke(
        cli,
        [
            "mst",
            str(tmp_path / "data.csv"),
            "--out",
            str(tmp_path / "tree.csv"),
            "--figure",
            str(tmp_path / "tree.png"),
            "--json",
            str(tmp_path / "tree.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "tree.csv").open()))
    assert len(rows) == 4
    # identical columns: rho rounds to 1 - 2**-52 or so, a distance near 1e-8 that is kept
    assert (rows[0]["source"], rows[0]["target"]) == ("b", "e")
    assert float(rows[0]["distance"]) < 1e-7
    assert (tmp_path / "tree.png").stat().st_size > 1000
    tree = json.loads((tmp_path / "tree.json").read_text())
    corr = np.corrcoef(data, rowvar=False)
    d = np.sqrt(np.maximum(2 * (1 - corr), 0))
    g = nx.Graph()
    g.add_weighted_edges_from((i, j, d[i, j]) for i in range(5) for j in range(i + 1, 5))
    assert tree["total_distance"] == pytest.approx(
        nx.minimum_spanning_tree(g).size(weight="weight"), rel=1e-12
    )


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_mst_command_errors(runner, tmp_path):
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n3,x\n")
    result = runner.invoke(cli, ["mst", str(tmp_path / "bad.csv")])
    assert result.exit_code == 2
    assert "line 3, column 'b'" in result.output
    (tmp_path / "const.csv").write_text("a,b,c\n1,2,5\n1,3,4\n1,5,1\n")
    result = runner.invoke(cli, ["mst", str(tmp_path / "const.csv")])
    assert result.exit_code == 2
    assert "variable 'a' has NaN correlations" in result.output
    assert "Traceback" not in result.output


def test_mst_command_reads_a_headerless_csv_with_default_labels(runner, tmp_path):
    rng = np.random.default_rng(5)
    data = rng.uniform(size=(6, 3))
    data[:, 2] = data[:, 0] * 2 - data[:, 1] * 0.1
    with (tmp_path / "plain.csv").open("w", newline="") as fh:
        csv.writer(fh).writerows(data.tolist())
    result = runner.invoke(
        cli, ["mst", str(tmp_path / "plain.csv"), "--json", str(tmp_path / "t.json")]
    )
    assert result.exit_code == 0, result.output
    assert "has no header row" in result.stderr
    assert "v0..v2" in result.stderr
    tree = json.loads((tmp_path / "t.json").read_text())
    assert sorted(tree["labels"]) == ["v0", "v1", "v2"]
    # every row is an observation: the first row is not swallowed as labels
    corr = np.corrcoef(data, rowvar=False)
    d = np.sqrt(np.maximum(2 * (1 - corr), 0))
    g = nx.Graph()
    g.add_weighted_edges_from((i, j, d[i, j]) for i in range(3) for j in range(i + 1, 3))
    assert tree["total_distance"] == pytest.approx(
        nx.minimum_spanning_tree(g).size(weight="weight"), rel=1e-12
    )
    # a labelled file prints no note
    _write_data(tmp_path / "labelled.csv", ["a", "b", "c"], data)
    result = runner.invoke(cli, ["mst", str(tmp_path / "labelled.csv")])
    assert result.exit_code == 0 and "no header" not in result.output
