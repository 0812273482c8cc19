"""correlation_mst_from_data on a Dask LocalCluster of 2 worker processes: the same trees."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")
da = pytest.importorskip("dask.array")

from click.testing import CliRunner  # noqa: E402

from arraylens import correlation_mst, correlation_mst_from_data  # noqa: E402
from arraylens.cli.main import cli  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as local:
        yield local


def edges(tree):
    return [(e.i, e.j) for e in tree.edges]


def test_dask_gives_the_dense_tree(cluster):
    rng = np.random.default_rng(11)
    factor = rng.normal(size=(60, 3)) @ rng.normal(size=(3, 250)) + rng.normal(size=(60, 250))
    dup = np.concatenate([factor[:, :100], factor[:, :15]], axis=1)
    with distributed.Client(cluster) as client:
        for data, k, block_size in ((factor, 1, 40), (factor, 8, 250), (dup, 2, 17)):
            local = correlation_mst_from_data(data, k=k, block_size=block_size)
            tree = correlation_mst_from_data(data, k=k, block_size=block_size, client=client)
            assert tree.stats.engine == "dask" and local.stats.engine == "local"
            assert tree.edges == local.edges
            assert tree.stats.recomputed_rows == local.stats.recomputed_rows
            if data is factor:
                dense = correlation_mst(np.corrcoef(data, rowvar=False))
                assert edges(tree) == edges(dense)
                assert tree.total_distance == pytest.approx(dense.total_distance, rel=1e-12)
        assert correlation_mst_from_data(factor, k=1, block_size=40, client=client).stats.recomputed_rows > 0
        # a dask array runs on the active client
        tree = correlation_mst_from_data(da.from_array(factor, chunks=(30, 100)), k=3)
        assert tree.stats.engine == "dask" and edges(tree) == edges(dense)
        deadline = time.monotonic() + 10  # the scattered data is released (asynchronously)
        while any(client.has_what().values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(client.has_what().values())


def test_cli_scheduler(cluster, tmp_path):
    rng = np.random.default_rng(12)
    data = rng.normal(size=(40, 3)) @ rng.normal(size=(3, 120)) + rng.normal(size=(40, 120))
    np.save(tmp_path / "d.npy", data)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["mst", str(tmp_path / "d.npy"), "--scheduler", cluster.scheduler_address, "--json",
              str(tmp_path / "t.json")]
    )
    assert result.exit_code == 0, result.output
    assert f"on the Dask cluster at {cluster.scheduler_address}" in result.stderr
    # the path line and the run agree on the block size (at most N / 32 rows on a cluster, at least 16)
    assert "blockwise path: blocks of 16 rows" in result.stderr
    assert "arraylens: mst: dask, blocks of 16 rows" in result.stderr
    tree = json.loads((tmp_path / "t.json").read_text())
    dense = correlation_mst(np.corrcoef(data, rowvar=False), labels=[f"v{c}" for c in range(120)])
    assert [(e["i"], e["j"]) for e in tree["edges"]] == edges(dense)
    assert tree["total_distance"] == pytest.approx(dense.total_distance, rel=1e-12)
