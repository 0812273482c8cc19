"""The memory check of every resize path covers its real peak: the tap tables (output positions
times taps, which grow with an antialiased shrink) and the pass buffers, not only the result."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import arraylens.jax as jx
import arraylens.keras as keras
import arraylens.onnx as onnx
import arraylens.opencv as cv
import arraylens.pil as pil
import arraylens.tensorflow as tf
import arraylens.torch as torch
from arraylens.core import limits
from arraylens.core.limits import ResourceError
from arraylens.ops.resize import kernel
from arraylens.ops.resize import plan as plan_module

N = 40_000
RNG = np.random.default_rng(7)


def _u8(*shape: int) -> np.ndarray:
    return RNG.integers(0, 256, shape).astype(np.uint8)


def _f32(*shape: int) -> np.ndarray:
    return RNG.random(shape).astype(np.float32)


PATHS: dict[str, Callable[[], Any]] = {
    "pil uint8 bicubic up": lambda: pil.resize(_u8(3, 4), (N, 1), 3),
    "pil uint8 lanczos antialiased shrink": lambda: pil.resize(_u8(3, N), (7, 3), 1),
    "pil F lanczos up": lambda: pil.resize(_f32(3, 4), (N, 2), 1),
    "pil I mks2021 up": lambda: pil.resize(_u8(3, 4).astype(np.int32), (N, 2), 7),
    "pil RGB box 2-D": lambda: pil.resize(_u8(30, 40, 3), (300, 200), 4),
    "opencv uint8 cubic": lambda: cv.resize(_u8(3, 4), (N, 1), interpolation=2),
    "opencv uint8 linear": lambda: cv.resize(_u8(30, 40, 3), (300, 200), interpolation=1),
    "opencv float32 lanczos": lambda: cv.resize(_f32(3, 4), (N, 1), interpolation=4),
    "opencv uint8 area shrink": lambda: cv.resize(_u8(2, N), (7, 2), interpolation=3),
    "opencv uint16 linear (IPP)": lambda: cv.resize(_u8(3, 4).astype(np.uint16), (N, 1), interpolation=1),
    "opencv nearest exact": lambda: cv.resize(_u8(3, 4), (N, 1), interpolation=6),
    "torch float32 bicubic": lambda: torch.interpolate(_f32(1, 1, 3, 4), size=(1, N), mode="bicubic"),
    "torch uint8 bilinear antialiased shrink": lambda: torch.interpolate(
        _u8(1, 3, 4, N), size=(3, 5), mode="bilinear", antialias=True
    ),
    "torch uint8 bicubic up": lambda: torch.interpolate(_u8(1, 3, 4, 4), size=(1, N), mode="bicubic"),
    "tf lanczos5 antialiased shrink": lambda: tf.image.resize(_f32(2, N, 1), (2, 3), "lanczos5", antialias=True),
    "tf bilinear up": lambda: tf.image.resize(_f32(2, 4, 1), (2, N), "bilinear"),
    "tf area shrink": lambda: tf.image.resize(_f32(2, N, 1), (2, 3), "area"),
    "onnx cubic": lambda: onnx.resize(_f32(1, 1, 3, 4), None, None, np.array([1, 1, 1, N], np.int64), mode="cubic"),
    "jax lanczos3 shrink": lambda: jx.image.resize(_f32(2, N), (2, 5), "lanczos3"),
    "keras uint8 bilinear 2-D": lambda: keras.resizing(_u8(1, 30, 40, 3), 300, 200),
}


@pytest.mark.parametrize("name", list(PATHS))
def test_estimate_bounds_measured_peak(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    estimates: list[int] = []

    def record(parts: Any, what: str) -> int:
        estimates.append(limits.check_allocations(parts, what))
        return estimates[-1]

    monkeypatch.setattr(plan_module, "check_allocations", record)
    for cache in (kernel._PASSES, kernel._PREPARED, kernel._PREPARED_BY_VALUE):
        cache.clear()
    tracemalloc.start()
    try:
        PATHS[name]()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert estimates, "the path did not check its memory"
    assert peak > 1 << 18  # a real measurement (the tables and passes of the large axis)
    assert peak <= max(estimates), f"{name}: peak {peak} > estimate {max(estimates)}"


HUGE: dict[str, Callable[[], Any]] = {
    "pil": lambda: pil.resize(np.zeros((3, 4), np.uint8), (10**9, 1)),
    "opencv cubic": lambda: cv.resize(np.zeros((3, 4), np.uint8), (30_000_000, 1), interpolation=2),
    "torch bicubic": lambda: torch.interpolate(np.zeros((1, 1, 3, 4), np.float32), size=(1, 3 * 10**7), mode="bicubic"),
    "torch uint8 antialiased shrink": lambda: torch.interpolate(
        np.zeros((1, 1, 2, 2_000_000), np.uint8), size=(2, 200_000), mode="bicubic", antialias=True
    ),
    "tf lanczos": lambda: tf.image.resize(np.zeros((3, 4, 1), np.float32), (3, 3 * 10**7), "lanczos5"),
}


@pytest.mark.parametrize("name", list(HUGE))
def test_huge_request_refused_before_allocating(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 GiB allowed: the results themselves (a few hundred MiB) would fit, their tables do not
    monkeypatch.setenv(limits.MAX_BYTES_ENV, "1G")
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(ResourceError, match="tap tables"):
            HUGE[name]()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - t0 < 5
    assert peak < 64 << 20
