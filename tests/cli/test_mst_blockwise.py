"""arraylens mst: the dense or the blockwise path, chosen by memory or by --method, the same outputs."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens.cli.main import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def factor_data(t: int, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(t, 3)) @ rng.normal(size=(3, n)) + rng.normal(size=(t, n))


def run(runner, tmp_path, data_file, *extra, env=None):
    out = tmp_path / f"tree{len(list(tmp_path.iterdir()))}"
    args = ["mst", str(data_file), "--json", f"{out}.json", "--out", f"{out}.csv", "--graphml", f"{out}.graphml",
            *extra]
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    return result, json.loads(open(f"{out}.json").read()), list(csv.DictReader(open(f"{out}.csv"))), \
        open(f"{out}.graphml").read()


def test_auto_path_by_memory_and_both_paths_write_the_same_tree(runner, tmp_path):
    data = factor_data(50, 150, 0)
    data[:, 7] = data[:, 3]  # a zero-distance edge
    np.save(tmp_path / "d.npy", data)
    dense, dj, dc, dg = run(runner, tmp_path, tmp_path / "d.npy")
    assert "dense path: the 150 x 150 correlation matrix" in dense.stderr and "fits comfortably" in dense.stderr
    # 3 x 8 x 150^2 bytes = 527 KiB: more than a quarter of 1 MiB, so auto goes blockwise
    block, bj, bc, bg = run(runner, tmp_path, tmp_path / "d.npy", env={"ARRAYLENS_MAX_BYTES": "1M"})
    assert "blockwise path: one block of all 150 rows" in block.stderr
    assert "more than a quarter of the 1 MiB" in block.stderr
    assert "rows recomputed" in block.stderr
    forced, fj, fc, fg = run(runner, tmp_path, tmp_path / "d.npy", "--method", "blockwise", "--block-size", "7")
    assert "blockwise path: blocks of 7 rows" in forced.stderr and "(--method blockwise)" in forced.stderr
    for j, c, g in ((bj, bc, bg), (fj, fc, fg)):
        assert [(e["i"], e["j"]) for e in j["edges"]] == [(e["i"], e["j"]) for e in dj["edges"]]
        # the copied column: rho = 1 rounds to 1 or 1 - 2**-53 by the order of the sums (BLAS or per pair),
        # a distance of 0 or 1.5e-8; every other distance agrees to the last bits
        assert j["total_distance"] == pytest.approx(dj["total_distance"], rel=1e-12, abs=3e-8)
        assert [(r["source"], r["target"]) for r in c] == [(r["source"], r["target"]) for r in dc]
        assert g.count("<edge ") == dg.count("<edge ") == 149
    assert dj["edges"][0]["distance"] < 1e-7 and (dj["edges"][0]["i"], dj["edges"][0]["j"]) == (3, 7)
    assert fj["edges"][0]["distance"] < 1e-7 and (fj["edges"][0]["i"], fj["edges"][0]["j"]) == (3, 7)
    assert "... 149 edges in all" in forced.stdout  # the terminal shows the first 100


def test_csv_with_labels_rowvar_and_figure_on_the_blockwise_path(runner, tmp_path):
    data = factor_data(30, 12, 1)
    with (tmp_path / "d.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([f"s{c}" for c in range(12)])
        w.writerows(data.tolist())
    _, j, _, _ = run(runner, tmp_path, tmp_path / "d.csv", "--method", "blockwise", "--figure",
                          str(tmp_path / "t.png"))
    assert j["labels"][0] == "s0" and (tmp_path / "t.png").stat().st_size > 1000
    _, dj, _, _ = run(runner, tmp_path, tmp_path / "d.csv")
    assert [(e["source"], e["target"]) for e in j["edges"]] == [(e["source"], e["target"]) for e in dj["edges"]]
    assert j["total_distance"] == pytest.approx(dj["total_distance"], rel=1e-12)
    np.save(tmp_path / "t.npy", data.T)
    _, rj, _, _ = run(runner, tmp_path, tmp_path / "t.npy", "--rowvar", "--method", "blockwise")
    assert [(e["i"], e["j"]) for e in rj["edges"]] == [(e["i"], e["j"]) for e in dj["edges"]]


def test_blockwise_refusals_are_one_line(runner, tmp_path):
    (tmp_path / "const.csv").write_text("a,b,c\n1,2,5\n1,3,4\n1,5,1\n")
    result = runner.invoke(cli, ["mst", str(tmp_path / "const.csv"), "--method", "blockwise"])
    assert result.exit_code == 2
    assert "variable 'a' is constant (all its values are equal): a constant variable has no correlation" in \
        result.stderr
    bad = np.ones((5, 3))
    bad[2, 1] = np.nan
    np.save(tmp_path / "nan.npy", bad)
    result = runner.invoke(cli, ["mst", str(tmp_path / "nan.npy"), "--method", "blockwise"])
    assert result.exit_code == 2 and "nan.npy[2, 1] = nan is not finite" in result.stderr
    np.save(tmp_path / "big.npy", factor_data(5, 2001, 2))
    result = runner.invoke(cli, ["mst", str(tmp_path / "big.npy"), "--figure", str(tmp_path / "f.png")])
    assert result.exit_code == 2 and "2001 variables are too many to draw (at most 2000)" in result.stderr
    assert not (tmp_path / "f.png").exists()
    corr = np.corrcoef(factor_data(20, 4, 3), rowvar=False)
    np.save(tmp_path / "corr.npy", corr)
    for flag in (["--method", "blockwise"], ["--scheduler", "tcp://127.0.0.1:1"]):
        result = runner.invoke(cli, ["mst", str(tmp_path / "corr.npy"), "--kind", "correlation", *flag])
        assert result.exit_code == 2 and "computes the tree from observations; --kind correlation" in result.stderr
    result = runner.invoke(cli, ["mst", str(tmp_path / "const.csv"), "--method", "dense"])
    assert result.exit_code == 2 and "a constant variable has no correlation" in result.stderr  # the same rule
    assert "Traceback" not in result.output


def test_block_size_with_the_dense_path_is_refused(runner, tmp_path):
    np.save(tmp_path / "d.npy", factor_data(20, 6, 4))
    result = runner.invoke(cli, ["mst", str(tmp_path / "d.npy"), "--method", "dense", "--block-size", "3"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == ("arraylens: error: --block-size applies to the blockwise path; "
                                              "--method dense computes the whole N x N matrix: drop one of them")
