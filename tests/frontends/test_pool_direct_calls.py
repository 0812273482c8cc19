"""The direct call of a cached pooling on the compiled loops (``ops/pool/prepared.py``,
``_direct``): from the second call with the same input strides, a cached call runs the loop on
views of the caller's memory and returns a view of the loop's array. These tests hold it to the
checked plan (every check, the kernel's dispatch) bit for bit, in values, shapes, dtypes and
strides, over the layouts the front-ends see (NCHW, NHWC memory, unbatched, 1-d, TensorFlow's
NHWC), hold that it is recorded exactly where it applies (and never for a copy, indices or a
NaN finish), and that the memory limit is still checked on every call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

import arraylens.frontends._pool_calls as pool_calls
import arraylens.frontends.tensorflow as al_tf
import arraylens.frontends.torch as al_torch
from arraylens.core.limits import ResourceError
from arraylens.ops.pool.kernel import COMPILED_MIN_ELEMENTS
from arraylens.ops.pool.prepared import PreparedPoolPlan


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    pool_calls.POOL_CALLS.clear()


class _NoCache:
    def get(self, key: Any) -> None:
        return None

    def put(self, key: Any, value: Any) -> None:
        pass


@contextlib.contextmanager
def _checked_path() -> Iterator[None]:
    saved = pool_calls.POOL_CALLS
    pool_calls.POOL_CALLS = _NoCache()  # type: ignore[assignment]
    try:
        yield
    finally:
        pool_calls.POOL_CALLS = saved


def _same(got: Any, want: Any) -> None:
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _same(g, w)
        return
    assert got.dtype == want.dtype and got.shape == want.shape and got.strides == want.strides
    assert np.ascontiguousarray(got).view(np.uint8).tobytes() == np.ascontiguousarray(want).view(np.uint8).tobytes()


def _nhwc_memory(x: np.ndarray) -> np.ndarray:
    return np.moveaxis(np.ascontiguousarray(np.moveaxis(x, 1, -1)), -1, 1)


def _direct_entries(fn: Any, *args: Any, **kwargs: Any) -> dict[Any, Any]:
    plan = fn.build_plan(*args, **kwargs)
    assert isinstance(plan, PreparedPoolPlan)
    return plan.prepared.direct


def _values(shape: tuple[int, ...], dtype: Any, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape).astype(dtype)
    flat = x.reshape(-1)
    flat[::97] = -0.0  # signed zeros: 0 + x and x differ for x = -0
    flat[5::1013] = rng.normal(size=flat[5::1013].shape) * 1e30
    return x


_BIG = (1, 16, 64, 64)  # COMPILED_MIN_ELEMENTS cells: the loops
_CASES: list[tuple[str, Any, tuple[Any, ...], dict[str, Any]]] = [
    ("avg k2 s2", al_torch.avg_pool2d, (2, 2), {}),
    ("avg k3 s2 p1 no pad count", al_torch.avg_pool2d, (3, 2, 1), {"count_include_pad": False}),
    ("avg k3 s1 divisor 5", al_torch.avg_pool2d, (3, 1), {"divisor_override": 5}),
    ("adaptive 7", al_torch.adaptive_avg_pool2d, (7,), {}),
    ("adaptive 5x3", al_torch.adaptive_avg_pool2d, ((5, 3),), {}),
    ("global", al_torch.adaptive_avg_pool2d, (1,), {}),
    ("max k3 s2 p1", al_torch.max_pool2d, (3, 2, 1), {}),
    ("max k2 ceil", al_torch.max_pool2d, (2, 2), {"ceil_mode": True}),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("layout", ["nchw", "nhwc memory", "unbatched", "nhwc memory unbatched"])
@pytest.mark.parametrize(("name", "fn", "args", "kwargs"), _CASES, ids=[c[0] for c in _CASES])
def test_direct_calls_equal_the_checked_plan(
    name: str, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any], layout: str, dtype: Any
) -> None:
    assert np.prod(_BIG) >= COMPILED_MIN_ELEMENTS
    xs = [_values(_BIG, dtype, seed) for seed in range(3)]
    if "nhwc" in layout:
        xs = [_nhwc_memory(x) for x in xs]
    if "unbatched" in layout:
        xs = [x[0] for x in xs]
    for x in xs:  # first call (checks), second (records the direct call), third (runs it)
        with _checked_path():
            want = fn.build_plan(x, *args, **kwargs).compute()
        _same(fn(x, *args, **kwargs), want)
    direct = _direct_entries(fn, xs[0], *args, **kwargs)
    assert list(direct) == [xs[0].strides]
    assert callable(direct[xs[0].strides])


def test_direct_calls_of_1d_and_tensorflow_layouts() -> None:
    x1 = _values((2, 64, 1024), np.float32, 1)
    x_tf = _values((1, 64, 64, 16), np.float32, 2)
    calls: list[tuple[Any, np.ndarray, tuple[Any, ...], bool]] = [
        (al_torch.avg_pool1d, x1, (3, 2), True),
        (al_torch.adaptive_avg_pool1d, x1, (10,), True),
        (al_torch.max_pool1d, x1, (2,), True),
        (al_tf.avg_pool2d, x_tf, (2, 2, "SAME"), True),
        (al_tf.max_pool2d, x_tf, (3, 2, "VALID"), False),  # (TensorFlow's finite floor: finished after the loop)
    ]
    for fn, x, args, direct in calls:
        for scale in (1.0, -2.0, 0.5):
            a = x * np.float32(scale)
            with _checked_path():
                want = fn.build_plan(a, *args).compute()
            _same(fn(a, *args), want)
        assert callable(_direct_entries(fn, x, *args)[x.strides]) == direct


def test_no_direct_call_for_a_copy_indices_or_a_nan_finish() -> None:
    base = _values((1, 16, 64, 130), np.float32, 3)
    sliced = base[..., 1:129]  # neither order in memory: the loops read a copy
    plain = np.ascontiguousarray(sliced)
    calls: list[tuple[Any, np.ndarray, tuple[Any, ...], dict[str, Any]]] = [
        (al_torch.avg_pool2d, sliced, (2, 2), {}),
        (al_torch.max_pool2d, plain, (3, 2, 1), {"return_indices": True}),
        (al_torch.adaptive_max_pool2d, plain, (7,), {"return_indices": True}),
    ]
    for fn, x, args, kwargs in calls:
        for _ in range(3):
            with _checked_path():
                want = fn.build_plan(x, *args, **kwargs).compute()
            _same(fn(x, *args, **kwargs), want)
        assert _direct_entries(fn, x, *args, **kwargs) == {x.strides: None}


def test_direct_calls_keep_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    x = _values(_BIG, np.float32, 4)
    for _ in range(3):
        al_torch.avg_pool2d(x, 2, 2)
    assert callable(_direct_entries(al_torch.avg_pool2d, x, 2, 2)[x.strides])
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "64K")
    with pytest.raises(ResourceError):
        al_torch.avg_pool2d(x, 2, 2)
    monkeypatch.delenv("ARRAYLENS_MAX_BYTES")
    with _checked_path():
        want = al_torch.avg_pool2d.build_plan(x, 2, 2).compute()
    _same(al_torch.avg_pool2d(x, 2, 2), want)
