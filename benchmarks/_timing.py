"""The timer the benchmark scripts share: the median of repeated calls after one warm-up call,
and the peak extra memory of one call."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def median_ms(f: Callable[[], Any], repeat: int, clock: str = "wall") -> float:
    """Median time of ``f()`` in milliseconds over ``repeat`` calls, after one warm-up call.

    ``clock`` is ``"wall"`` (``time.perf_counter``) or ``"cpu"`` (``time.process_time``: the
    CPU time of every thread of this process, steadier on a busy machine).
    """
    timer = time.process_time if clock == "cpu" else time.perf_counter
    f()
    times = []
    for _ in range(repeat):
        t0 = timer()
        f()
        times.append(timer() - t0)
    return statistics.median(times) * 1e3


def per_call_us(f: Callable[[], Any], number: int = 1000, repeat: int = 9, clock: str = "wall") -> float:
    """The fastest of ``repeat`` runs of ``number`` calls of ``f``, in microseconds per call,
    after one warm-up call: for calls too short to time one by one (per-call overhead). The
    minimum, not the median: on a shared machine the other runs only add others' work."""
    timer = time.process_time if clock == "cpu" else time.perf_counter
    f()
    best = float("inf")
    for _ in range(repeat):
        t0 = timer()
        for _ in range(number):
            f()
        best = min(best, timer() - t0)
    return best / number * 1e6


def peak_extra_bytes(f: Callable[[], Any], before: Callable[[], Any] | None = None) -> int:
    """Peak bytes allocated (``tracemalloc``: NumPy's and Python's) during one call of ``f``,
    above what was allocated before it; ``before()`` runs first (e.g. to free kept buffers)."""
    if before is not None:
        before()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    f()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def blas_threads_from_argv(argv: list[str]) -> int | None:
    """The ``--threads N`` of a benchmark's command line, set as OpenBLAS's and OpenMP's thread
    count in the environment; call it before NumPy (or anything using BLAS) is imported."""
    import os

    threads = None
    for i, a in enumerate(argv):
        if a == "--threads" and i + 1 < len(argv):
            threads = int(argv[i + 1])
    if threads is not None:
        os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
        os.environ["OMP_NUM_THREADS"] = str(threads)
    return threads
