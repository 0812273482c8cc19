"""Speed of arraylens.octave against the plain NumPy calls that do the nearest thing.

Run by hand: ``.venv/bin/python benchmarks/octave_ops.py``. Prints the median time of each
call and the ratio arraylens / NumPy measured in the same run. The NumPy peers do not apply
Octave's rules (np.argmax lets NaN win, np.sort is not stable by default...), they are the
floor that the extra rules cost on top of.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from arraylens import octave


def median_time(f: Callable[[], Any], repeat: int = 7) -> float:
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    rng = np.random.default_rng(0)
    real = rng.normal(size=(1000, 1000))
    real[rng.random(real.shape) < 0.05] = np.nan
    cplx = rng.normal(size=(1000, 1000)) + 1j * rng.normal(size=(1000, 1000))
    data = rng.normal(size=(2000, 200))
    rows: list[tuple[str, Callable[[], Any], str, Callable[[], Any]]] = [
        (
            "octave.max(x) real+NaN",
            lambda: octave.max(real),
            "np.nanmax + np.nanargmax",
            lambda: (np.nanmax(real, 0), np.nanargmax(real, 0)),
        ),
        (
            "octave.max(z) complex",
            lambda: octave.max(cplx),
            "np.abs(z).argmax(0)",
            lambda: np.abs(cplx).argmax(0),
        ),
        (
            "octave.sort(x) real+NaN",
            lambda: octave.sort(real),
            "np.argsort(kind=stable)",
            lambda: np.argsort(real, axis=0, kind="stable"),
        ),
        (
            "octave.sort(z) complex",
            lambda: octave.sort(cplx),
            "np.sort(z, axis=0)",
            lambda: np.sort(cplx, axis=0),
        ),
        (
            "octave.fft(x)",
            lambda: octave.fft(real),
            "np.fft.fft(x, axis=0)",
            lambda: np.fft.fft(real, axis=0),
        ),
        ("octave.sum(x)", lambda: octave.sum(real), "x.sum(0)", lambda: real.sum(0)),
        (
            "octave.cov(x) 2000x200",
            lambda: octave.cov(data),
            "np.cov(x, rowvar=False)",
            lambda: np.cov(data, rowvar=False),
        ),
        (
            "octave.corrcoef(x) 2000x200",
            lambda: octave.corrcoef(data),
            "np.corrcoef(x, rowvar=False)",
            lambda: np.corrcoef(data, rowvar=False),
        ),
        (
            "octave.max.explain(x, at=(0, 5))",
            lambda: octave.max.explain(real, at=(0, 5)),
            "octave.max(x)",
            lambda: octave.max(real),
        ),
    ]
    print(f"{'arraylens call':36s} {'ms':>8s}   {'peer':30s} {'ms':>8s}  ratio")
    for name, f, peer_name, peer in rows:
        a, b = median_time(f), median_time(peer)
        print(f"{name:36s} {a * 1e3:8.2f}   {peer_name:30s} {b * 1e3:8.2f}  {a / b:5.2f}")


if __name__ == "__main__":
    main()
