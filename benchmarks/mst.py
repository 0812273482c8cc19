"""Correlation MST: arraylens' dense Prim vs SciPy's sparse MST and networkx, in one run.

Run by hand (not a test):  .venv/bin/python benchmarks/mst.py [--sizes 500,2000,5000]

For each N it builds one random correlation matrix (1000 observations of N variables) and times
    * arraylens.correlation_mst(corr)                       (distances computed row by row)
    * SciPy: D = sqrt(2 (1 - corr)); minimum_spanning_tree(D)   (the usual recipe)
    * networkx: minimum_spanning_tree(from_numpy_array(D))  (skipped above --nx-max)
Time is the best of --repeat runs (networkx: one run). Peak memory is measured with tracemalloc
(NumPy reports its buffers to it) after the input matrix exists, in units of N^2 float64.
All three totals are compared (they agree: random matrices have no zero distances).
"""

from __future__ import annotations

import argparse
import platform
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
import scipy
from scipy.sparse.csgraph import minimum_spanning_tree

from arraylens import correlation_mst


def random_correlation(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(1000, n)) + 0.3 * rng.normal(size=(1000, 1))
    return np.corrcoef(data, rowvar=False)


def measure(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(best seconds, peak bytes of the first run, result)."""
    tracemalloc.start()
    t0 = time.perf_counter()
    result = fn()
    best = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for _ in range(repeat - 1):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best, peak, result


def ours(corr: np.ndarray) -> float:
    return correlation_mst(corr).total_distance


def scipy_mst(corr: np.ndarray) -> float:
    d = np.sqrt(np.maximum(2.0 * (1.0 - corr), 0.0))
    return float(minimum_spanning_tree(d).sum())


def networkx_mst(corr: np.ndarray) -> float:
    d = np.sqrt(np.maximum(2.0 * (1.0 - corr), 0.0))
    np.fill_diagonal(d, 0.0)
    tree = nx.minimum_spanning_tree(nx.from_numpy_array(d))
    return float(tree.size(weight="weight"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nx-max", type=int, default=2000, help="largest N run with networkx")
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, SciPy {scipy.__version__}, "
        f"networkx {nx.__version__}, {platform.machine()}"
    )
    header = (
        "| N | arraylens s | SciPy s | SciPy / arraylens | networkx s | networkx / arraylens "
        "| arraylens peak (N^2 floats) | SciPy peak (N^2 floats) |"
    )
    print(header)
    print("|" + "---|" * 8)
    for n in (int(v) for v in args.sizes.split(",")):
        corr = random_correlation(n)
        unit = 8.0 * n * n
        t_ours, m_ours, total_ours = measure(lambda c=corr: ours(c), args.repeat)
        t_sp, m_sp, total_sp = measure(lambda c=corr: scipy_mst(c), args.repeat)
        assert abs(total_ours - total_sp) <= 1e-9 * total_sp, (total_ours, total_sp)
        if n <= args.nx_max:
            t_nx, _, total_nx = measure(lambda c=corr: networkx_mst(c), 1)
            assert abs(total_ours - total_nx) <= 1e-9 * total_nx, (total_ours, total_nx)
            nx_cols = f"{t_nx:.3f} | {t_nx / t_ours:.0f}x"
        else:
            nx_cols = "not run | -"
        print(
            f"| {n} | {t_ours:.4f} | {t_sp:.3f} | {t_sp / t_ours:.1f}x | {nx_cols} "
            f"| {m_ours / unit:.3f} | {m_sp / unit:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
