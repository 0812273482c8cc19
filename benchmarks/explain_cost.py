"""Cost of explaining one element against the cost of the whole call, on large inputs.

Run by hand: ``.venv/bin/python benchmarks/explain_cost.py [--repeat N]``. For each call it
prints the median time of ``f(...)`` (the whole result) and of ``f.explain(..., at=INDEX)``
(one element) measured in the same run, and their ratio. An explanation should cost a slice or
a pair of variables (DESIGN.md), so the ratio should be far below 1 and shrink as inputs grow.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import arraylens.frontends.numpy as alnp
from arraylens import octave


def median_time(f: Callable[[], Any], repeat: int) -> float:
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat

    rng = np.random.default_rng(0)
    big = rng.normal(size=(2000, 3000))  # 6 million elements
    cplx = rng.normal(size=(1000, 1000)) + 1j * rng.normal(size=(1000, 1000))
    data = rng.normal(size=(1500, 1500))  # Octave: 1500 observations of 1500 variables
    covlike = np.cov(rng.normal(size=(300, 600)))  # a 300x300 covariance matrix
    calls: list[tuple[str, Any, tuple[Any, ...], dict[str, Any], tuple[int, ...]]] = [
        ("octave.fft 2000x3000", octave.fft, (big,), {}, (0, 0)),
        ("octave.ifft 1000x1000 complex", octave.ifft, (cplx,), {}, (5, 7)),
        ("octave.sort 2000x3000", octave.sort, (big,), {}, (0, 0)),
        ("octave.max 2000x3000", octave.max, (big,), {}, (0, 0)),
        ("octave.max(x, y) 2000x3000", octave.max, (big, big[:1]), {}, (3, 4)),
        ("octave.sum 2000x3000", octave.sum, (big,), {}, (0, 0)),
        ("octave.mean 2000x3000, dim 2", octave.mean, (big,), {"dim": 2}, (10, 0)),
        ("octave.cumsum 2000x3000", octave.cumsum, (big,), {}, (1999, 5)),
        ("octave.ctranspose 1000x1000 complex", octave.ctranspose, (cplx,), {}, (1, 2)),
        ("octave.reshape 2000x3000", octave.reshape, (big, 3000, 2000), {}, (7, 9)),
        ("octave.to_column 2000x3000", octave.to_column, (big,), {}, (12345, 0)),
        ("octave.cov 1500x1500", octave.cov, (data,), {}, (3, 7)),
        ("octave.corr 1500x1500", octave.corr, (data,), {}, (3, 7)),
        ("octave.corrcoef 1500x1500", octave.corrcoef, (data,), {}, (3, 7)),
        ("np.cov 1500x1500", alnp.cov, (data,), {}, (3, 7)),
        ("np.corrcoef 1500x1500", alnp.corrcoef, (data,), {}, (3, 7)),
        ("np.corrcoef 300x300 covariance-like", alnp.corrcoef, (covlike,), {}, (3, 7)),
    ]
    print(f"numpy {np.__version__}; median of {repeat} runs after one warm-up")
    print()
    print("| call | whole call ms | explain one element ms | explain / call |")
    print("|---|---|---|---|")
    for name, f, args, kwargs, at in calls:
        whole = median_time(lambda f=f, a=args, k=kwargs: f(*a, **k), repeat)
        one = median_time(lambda f=f, a=args, k=kwargs, at=at: f.explain(*a, at=at, **k), repeat)
        print(f"| {name} | {whole * 1e3:.1f} | {one * 1e3:.2f} | {one / whole:.4f} |")


if __name__ == "__main__":
    main()
