"""The timer the benchmark scripts share: the median of repeated calls after one warm-up call."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_ms(f: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``f()`` in milliseconds over ``repeat`` calls, after one warm-up call."""
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3
