"""Correlation MST at scale: the blockwise path against the dense path and SciPy, and Dask.

Run by hand (not a test):
    .venv/bin/python benchmarks/mst_scale.py [--sizes 20000,50000,100000] [--t 250] [--dask-n 50000]

Data: a factor model like daily returns, T observations of N variables: 5 common factors with
random loadings (each variable loads on a random half of them) plus unit noise, seeded.

Each case runs in a fresh subprocess (so peak memory is its own) and reports wall time and
peak memory: ``rss`` is the process's maximum resident set (ru_maxrss, input data and Python
included), ``traced`` the peak of NumPy's buffers during the call (tracemalloc), beyond the input.

    * blockwise: arraylens.correlation_mst_from_data(data)                (one process, BLAS threads)
    * dense:     arraylens.correlation_mst(np.corrcoef(data, rowvar=False))    (today's dense path)
    * scipy:     minimum_spanning_tree(sqrt(2 (1 - np.corrcoef(data))))  (the usual recipe)
    * dask:      correlation_mst_from_data(data, client=Client(LocalCluster(2 worker processes,
                 1 thread each)))  (cluster start-up not timed)

The dense cases are skipped where their N x N matrices would not fit (--dense-max). The trees of
all cases that ran at one N are compared (edges and total distance).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import time
import tracemalloc

import numpy as np


def factor_data(n: int, t: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    loadings = rng.normal(size=(5, n)) * (rng.random((5, n)) < 0.5)
    return rng.normal(size=(t, 5)) @ loadings + rng.normal(size=(t, n))


def run_case(case: str, n: int, t: int) -> dict:
    """One case in this process: {'seconds', 'rss', 'traced', 'edges', 'total', ...}."""
    from arraylens import correlation_mst, correlation_mst_from_data

    data = factor_data(n, t)
    extra: dict = {}
    client = cluster = None
    if case == "dask":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
        client = Client(cluster)
    tracemalloc.start()
    t0 = time.perf_counter()
    if case in ("blockwise", "dask"):
        tree = correlation_mst_from_data(data, client=client, progress=False)
        extra = {"stats": tree.stats.summary()}
        edges = [(e.i, e.j) for e in tree.edges]
        total = tree.total_distance
    elif case == "dense":
        tree = correlation_mst(np.corrcoef(data, rowvar=False))
        edges = [(e.i, e.j) for e in tree.edges]
        total = tree.total_distance
    else:
        from scipy.sparse.csgraph import minimum_spanning_tree

        corr = np.corrcoef(data, rowvar=False)
        d = np.sqrt(np.maximum(2.0 * (1.0 - corr), 0.0))
        del corr
        mst = minimum_spanning_tree(d).tocoo()
        edges = sorted((int(min(a, b)), int(max(a, b))) for a, b in zip(mst.row, mst.col, strict=True))
        total = float(mst.sum())
    seconds = time.perf_counter() - t0
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if client is not None:
        client.close()
        cluster.close()
    return {"case": case, "n": n, "t": t, "seconds": seconds, "traced": traced,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "edges": sorted(edges), "total": total, **extra}


def in_subprocess(case: str, n: int, t: int) -> dict:
    cmd = [sys.executable, __file__, "--case", case, "--n", str(n), "--t", str(t)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    note = ""
    if out.returncode == -signal.SIGSEGV:  # NumPy's OpenBLAS: threaded x @ x.T crashes at large N (numpy#19685)
        out = subprocess.run(cmd, capture_output=True, text=True, check=False,
                             env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
        note = "x @ x.T segfaults in OpenBLAS with 2 threads (numpy#19685): rerun with 1 BLAS thread"
    if out.returncode != 0:
        return {"case": case, "n": n, "error": out.stderr.strip().splitlines()[-1:] or [f"exit {out.returncode}"]}
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if note:
        result["stats"] = note
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20000,50000,100000")
    parser.add_argument("--t", type=int, default=250)
    parser.add_argument("--dask-n", type=int, default=50000)
    parser.add_argument("--dense-max", type=int, default=20000, help="largest N for the dense cases")
    parser.add_argument("--case")
    parser.add_argument("--n", type=int)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.n, args.t)))
        return
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, NumPy "
          f"{np.__version__}, T = {args.t}")
    print("| N | case | seconds | vs blockwise | peak RSS | traced peak | tree | notes |")
    print("|---|---|---|---|---|---|---|---|")
    for n in (int(v) for v in args.sizes.split(",")):
        cases = ["blockwise"]
        if n <= args.dense_max:
            cases += ["dense", "scipy"]
        if n == args.dask_n:
            cases.append("dask")
        results = [in_subprocess(c, n, args.t) for c in cases]
        base = results[0]
        for r in results:
            if "error" in r:
                print(f"| {n} | {r['case']} | failed | | | | | {r['error']} |")
                continue
            same = "same" if (r["edges"] == base.get("edges") and abs(r["total"] - base["total"]) <= 1e-9 * n) \
                else "DIFFERENT"
            ratio = r["seconds"] / base["seconds"] if "seconds" in base else float("nan")
            print(f"| {n} | {r['case']} | {r['seconds']:.1f} | {ratio:.2f}x | {r['rss'] / 2**30:.2f} GiB | "
                  f"{r['traced'] / 2**30:.2f} GiB | {same} | {r.get('stats', '')} |", flush=True)


if __name__ == "__main__":
    main()
