"""jax.image.resize against JAX 0.10 (CPU, default 32-bit mode).

Seeded random configurations over every method and spelling, antialias on and off, up and
down, outputs of size 1, any axes (ranks 1-4, batch axes left alone or resized) and the dtypes
JAX takes: float results within float32 tolerance (float16 within its own), nearest picks
exact in the input's dtype, shapes and dtypes equal, refusals with JAX's message.
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
from typing import Any

import numpy as np
import pytest

jax = importlib.import_module("jax")

import arraylens.jax as alj  # noqa: E402
import arraylens.tensorflow as altf  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402

N_CASES = 32  # each configuration compiles (about 0.5 s)
METHODS = ("nearest", "linear", "bilinear", "trilinear", "triangle", "cubic", "bicubic", "tricubic", "lanczos3",
           "lanczos5")


@pytest.fixture(autouse=True)
def _32_bit_jax() -> Any:
    """arraylens mirrors JAX's default 32-bit mode; other tests may have enabled x64 in this process."""
    before = bool(jax.config.jax_enable_x64)
    jax.config.update("jax_enable_x64", False)
    yield
    jax.config.update("jax_enable_x64", before)


def _run(fn: Any) -> tuple[str, Any]:
    try:
        return "ok", np.asarray(fn())
    except Exception as exc:
        return "error", exc


def test_image_resize_matches_jax_on_random_configurations() -> None:
    rng = np.random.default_rng(41)
    counted: dict[str, int] = {}
    for case in range(N_CASES):
        rank = int(rng.integers(1, 5))
        shape = tuple(int(v) for v in rng.integers(1, 8, rank))
        out = tuple(int(rng.integers(1, 12)) if rng.random() < 0.7 else n for n in shape)
        method = str(rng.choice(METHODS))
        antialias = bool(rng.random() < 0.6)
        dtype = str(rng.choice(["float32", "float32", "float64", "float16", "uint8", "int32", "int64", "bool"]))
        if rng.random() < 0.05:
            method = "bilinearr"
        if rng.random() < 0.05:
            out = (*out, 3)
        if dtype == "bool":
            x = rng.random(shape) < 0.5
        elif dtype.startswith("float"):
            x = rng.standard_normal(shape).astype(dtype)
        else:
            x = rng.integers(0, 200, shape).astype(dtype)
        what = f"case {case}: {shape} {dtype} -> {out} {method} antialias={antialias}"
        ref = _run(lambda: jax.image.resize(x, out, method, antialias=antialias))  # noqa: B023
        ours = _run(lambda: alj.image.resize(x, out, method, antialias=antialias))  # noqa: B023
        assert ours[0] == ref[0], f"{what}: arraylens {ours[1]!r:.200} vs jax {ref[1]!r:.200}"
        counted[ours[0]] = counted.get(ours[0], 0) + 1
        if ref[0] == "error":
            assert isinstance(ours[1], ArgumentError) and str(ours[1]) == str(ref[1]).splitlines()[0], what
            continue
        got, want = ours[1], ref[1]
        assert (got.shape, got.dtype) == (want.shape, want.dtype), f"{what}: {got.shape} {got.dtype} vs " \
                                                                     f"{want.shape} {want.dtype}"
        if method == "nearest":
            np.testing.assert_array_equal(got, want, err_msg=what)
        else:
            tol = 3e-3 if dtype == "float16" else 2e-5
            scale = max(1.0, float(np.abs(want.astype(np.float64)).max(initial=0)))
            np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=tol, atol=tol * scale,
                                       err_msg=what)
    assert counted.get("ok", 0) > N_CASES * 0.7 and counted.get("error", 0) >= 1, counted


def test_jax_equals_tf2_antialiased_and_nearest_exact() -> None:
    x = np.random.default_rng(1).standard_normal((1, 9, 8, 2)).astype(np.float32)
    for method, tf_method in (("linear", "bilinear"), ("cubic", "bicubic"), ("lanczos3", "lanczos3")):
        np.testing.assert_allclose(alj.image.resize(x, (1, 4, 11, 2), method),
                                   altf.image.resize(x, (4, 11), method=tf_method, antialias=True), rtol=1e-5,
                                   atol=1e-5)
    np.testing.assert_array_equal(alj.image.resize(x, (1, 4, 11, 2), "nearest"),
                                  altf.image.resize(x, (4, 11), method="nearest"))


def test_explanations_check_on_any_axes() -> None:
    x = np.random.default_rng(2).integers(0, 255, (3, 6, 5)).astype(np.uint8)
    for method in ("nearest", "linear", "cubic", "lanczos5"):
        for out in [(2, 6, 9), (3, 2, 1), (7, 11, 5)]:
            y = alj.image.resize(x, out, method)
            for at in [(0, 0, 0), tuple(s - 1 for s in out), (1, 1, 0)]:
                e = alj.image.resize.explain(x, out, method, at=at)
                assert e.check() and e.value == y[at], f"{method} {out} {at}: {e}"
