"""The whole-call cache of the pooling front-ends (issue 12's per-call overhead).

A pooling call like one that passed every check (same input shape and float dtype, same argument
values and types) is rebuilt from that call's prepared plan (``frontends/_pool_calls.py``,
``ops/pool/prepared.py``). These tests hold it to the checked plan it replaces: bit-identical
values and indices over random torch configurations (1-3-d, ceil_mode, count_include_pad,
divisor_override, return_indices, dilation, unbatched inputs, NHWC-memory views sharing an entry
with contiguous inputs) and TensorFlow, Keras and ONNX calls; no check on a repeated call; no
entry shared by arguments of other types; refusals raised on every call in the same words; the
memory limit on every call; the same explanations; agreement across threads.
"""

from __future__ import annotations

import contextlib
import gc
import random
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

import arraylens.frontends._pool_calls as pool_calls
import arraylens.frontends.keras as al_keras
import arraylens.frontends.onnx as al_onnx
import arraylens.frontends.tensorflow as al_tf
import arraylens.frontends.torch as al_torch
from arraylens.core.limits import ResourceError, check_allocations
from arraylens.ops.pool.plan import PoolPlan
from arraylens.ops.pool.prepared import PreparedPoolPlan, prepare


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    pool_calls.POOL_CALLS.clear()


class _NoCache:
    """A cache that keeps nothing: every call runs every check (the checked path)."""

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


def _checked(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """The plan the front-end builds with every check, never cached."""
    with _checked_path():
        plan = fn.build_plan(*args, **kwargs)
    assert not isinstance(plan, PreparedPoolPlan) and not isinstance(getattr(plan, "inner", None), PreparedPoolPlan)
    return plan


def _bits(a: np.ndarray) -> bytes:
    return np.ascontiguousarray(a).view(np.uint8).tobytes()


def _same(got: Any, want: Any) -> None:
    """Bit for bit (NaN and -0 included), values and indices, shapes, dtypes and strides."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _same(g, w)
        return
    assert got.dtype == want.dtype and got.shape == want.shape and got.strides == want.strides
    assert _bits(got) == _bits(want)


def _nhwc_memory(x: np.ndarray, channel_axis: int) -> np.ndarray:
    """``x`` with the same shape and values, its channel axis innermost in memory."""
    moved = np.ascontiguousarray(np.moveaxis(x, channel_axis, -1))
    return np.moveaxis(moved, -1, channel_axis)


def _torch_case(rng: random.Random) -> tuple[Any, tuple[int, ...], Any, dict[str, Any]]:
    """A random torch pooling call: (function, input shape, dtype, keyword arguments)."""
    nd = rng.randint(1, 3)
    kind = rng.choice(["max", "max", "avg", "avg", "adaptive_avg", "adaptive_max", "lp"])
    size = [rng.randint(1, 7) for _ in range(nd)]
    batched = rng.random() < 0.7
    shape = ((rng.randint(1, 2),) if batched else ()) + (rng.randint(1, 3), *size)
    dtype = rng.choice([np.float32, np.float64])
    kernel = [rng.randint(1, 4) for _ in range(nd)]

    def one_or_all(values: list[int]) -> Any:
        return (
            rng.choice([values, tuple(values), values[0]])
            if len(set(values)) == 1
            else rng.choice([values, tuple(values)])
        )

    kw: dict[str, Any] = {}
    if kind in ("max", "avg", "lp"):
        kw["kernel_size"] = kernel[0] if nd == 1 and kind == "lp" else one_or_all(kernel)
        if nd == 1 and kind != "lp":
            kw["kernel_size"] = rng.choice([kernel[0], [kernel[0]], (kernel[0],)])
        if rng.random() < 0.7:
            stride = [rng.randint(1, 3) for _ in range(nd)]
            kw["stride"] = stride[0] if nd == 1 else one_or_all(stride)
        kw["ceil_mode"] = rng.choice([False, True])
    if kind == "max":
        kw["padding"] = [rng.randint(0, k // 2) for k in kernel] if nd > 1 else rng.randint(0, kernel[0] // 2)
        kw["dilation"] = [rng.randint(1, 2) for _ in range(nd)] if nd > 1 else rng.randint(1, 2)
        kw["return_indices"] = rng.choice([False, True])
    elif kind == "avg":
        kw["padding"] = [rng.randint(0, k // 2) for k in kernel] if nd > 1 else rng.randint(0, kernel[0] // 2)
        kw["count_include_pad"] = rng.choice([False, True])
        if nd > 1 and rng.random() < 0.3:
            kw["divisor_override"] = rng.randint(1, 5)
    elif kind == "lp":
        kw["norm_type"] = rng.choice([1, 2, 2.0, 3, 1.5])
    else:
        outs = [rng.randint(1, 5) for _ in range(nd)]
        kw["output_size"] = outs[0] if nd == 1 else rng.choice([outs, tuple(outs), outs[0]])
        if nd > 1 and rng.random() < 0.2:
            kw["output_size"] = (None, *outs[1:])
        if kind == "adaptive_max":
            kw["return_indices"] = rng.choice([False, True])
    name = {
        "max": "max_pool",
        "avg": "avg_pool",
        "adaptive_avg": "adaptive_avg_pool",
        "adaptive_max": "adaptive_max_pool",
        "lp": "lp_pool",
    }[kind]
    return getattr(al_torch, f"{name}{nd}d"), shape, dtype, kw


def test_torch_repeated_random_calls_equal_the_checked_path_bit_for_bit() -> None:
    rng = random.Random(12)
    nprng = np.random.default_rng(12)
    valid = refused = hits = 0
    while valid < 100:
        fn, shape, dtype, kw = _torch_case(rng)
        x0 = nprng.standard_normal(shape).astype(dtype)
        try:
            want0 = _checked(fn, x0, **kw).compute()
        except (ValueError, TypeError) as exc:  # the front-end refuses it: refused again, alike, never stored
            refused += 1
            for _ in range(2):
                with pytest.raises(type(exc)) as again:
                    fn(x0, **kw)
                assert str(again.value) == str(exc)
            continue
        valid += 1
        _same(fn(x0, **kw), want0)  # the first call: checked, stored
        for round_ in range(3):  # later calls: new values, contiguous or NHWC-memory (one entry)
            x = nprng.standard_normal(shape).astype(dtype)
            if round_ == 1:
                x[(0,) * x.ndim] = np.nan  # NaN rules travel too
            if round_ == 2:
                x = _nhwc_memory(x, 1 if x.ndim == _nd(fn) + 2 else 0)
            plan = fn.build_plan(x, **kw)
            hits += isinstance(plan, PreparedPoolPlan)
            _same(fn(x, **kw), _checked(fn, x, **kw).compute())
    assert refused > 10  # the generator also makes calls the front-end refuses
    assert hits == 3 * 100  # every repeated call came from the cache


def _nd(fn: Any) -> int:
    return int(fn.name[-2])


def test_torch_nhwc_memory_views_share_the_entry_of_contiguous_inputs() -> None:
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 5, 9, 8)).astype(np.float32)
    view = _nhwc_memory(x, 1)
    assert not view.flags.c_contiguous
    calls: list[tuple[Any, dict[str, Any]]] = [
        (al_torch.max_pool2d, {"kernel_size": 3, "stride": 2, "padding": 1, "return_indices": True}),
        (al_torch.avg_pool2d, {"kernel_size": 2, "stride": 2, "ceil_mode": True, "count_include_pad": False}),
        (al_torch.adaptive_avg_pool2d, {"output_size": (4, 3)}),
        (al_torch.adaptive_max_pool2d, {"output_size": 3, "return_indices": True}),
    ]
    for fn, kw in calls:
        fn(x, **kw)
        entries = len(pool_calls.POOL_CALLS._data)
        _same(fn(view, **kw), _checked(fn, view, **kw).compute())
        assert len(pool_calls.POOL_CALLS._data) == entries
        assert isinstance(fn.build_plan(view, **kw), PreparedPoolPlan)


def test_torch_hit_runs_no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.ones((1, 2, 6, 6), np.float32)
    calls: list[tuple[Any, str, dict[str, Any]]] = [
        (al_torch.max_pool2d, "_max_pool_plan", {"kernel_size": 3, "stride": 2, "padding": 1}),
        (al_torch.avg_pool2d, "_avg_pool_plan", {"kernel_size": 2}),
        (al_torch.adaptive_avg_pool2d, "_adaptive_plan", {"output_size": 1}),
        (al_torch.adaptive_max_pool2d, "_adaptive_plan", {"output_size": 4}),
        (al_torch.lp_pool2d, "_lp_pool_plan", {"norm_type": 2, "kernel_size": 2}),
    ]
    first = [fn(x, **kw) for fn, _, kw in calls]
    counts = {name: 0 for _, name, _ in calls}

    def counting(name: str) -> Any:
        real = getattr(al_torch, name)

        def run(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        return run

    for name in counts:
        monkeypatch.setattr(al_torch, name, counting(name))
    for _ in range(3):
        for (fn, _, kw), want in zip(calls, first, strict=True):
            _same(fn(x, **kw), want)
    assert counts == {name: 0 for name in counts}  # no check ran
    al_torch.max_pool2d(x, kernel_size=(3, 3), stride=2, padding=1)  # another key (a tuple): checked
    assert counts["_max_pool_plan"] == 1


def _message(fn: Any, *args: Any, **kwargs: Any) -> tuple[type, str]:
    with pytest.raises((ValueError, TypeError)) as info:
        fn(*args, **kwargs)
    return info.type, str(info.value)


def test_arguments_of_other_types_never_share_an_entry() -> None:
    x = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
    good = al_torch.max_pool2d(x, 2, 2, 1, 1, True)
    # valid calls of other types are other entries; refused ones are refused every time, alike
    for kernel in ([2], (2,), [2, 2], (2, 2)):
        before = len(pool_calls.POOL_CALLS._data)
        _same(al_torch.max_pool2d(x, kernel, 2, 1, 1, True), good)
        assert len(pool_calls.POOL_CALLS._data) == before + 1
    refusals: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = [
        (al_torch.max_pool2d, (x, 2.0, 2, 1, 1, True), {}),  # a float kernel
        (al_torch.max_pool2d, (x, True, 2, 1, 1, True), {}),  # a bool kernel
        (al_torch.max_pool2d, (x, 2, 2, 1, 1, 1), {}),  # ceil_mode 1, not True
        (al_torch.max_pool2d, (x, 2, 2, 1.0, 1, True), {}),
        (al_torch.max_pool2d, (x, 2, 2, 2, 1, True), {}),  # pad over half the kernel
        (al_torch.avg_pool2d, (x, 2), {"divisor_override": 0}),
        (al_torch.avg_pool2d, (x, 2), {"divisor_override": 2.0}),
        (al_torch.avg_pool2d, (x, 2), {"count_include_pad": 1}),
        (al_torch.adaptive_avg_pool2d, (x, 2.0), {}),
        (al_torch.adaptive_max_pool2d, (x, -1), {}),
        (al_torch.lp_pool2d, (x, 0, 2), {}),
        (al_torch.max_pool2d, (x.astype(np.float16).astype(bool), 2), {}),  # a bool input: another dtype
        (al_torch.max_pool2d, (x[0, 0], 2), {}),  # 2-d input: too few dimensions
    ]
    for fn, args, kwargs in refusals:
        first = _message(fn, *args, **kwargs)
        assert _message(fn, *args, **kwargs) == first
        assert _message(fn, *args, **kwargs) == first
    # 1 and 1.0 and True as the same argument: three keys, never one entry
    keys = {pool_calls.pool_key("max_pool2d", x, v) for v in (1, 1.0, True)}
    assert len(keys) == 3
    # a value 0.0 against -0.0 (lp_pool's norm_type): other keys
    assert pool_calls.pool_key("lp_pool2d", x, 0.0) != pool_calls.pool_key("lp_pool2d", x, -0.0)
    _same(al_torch.max_pool2d(x, 2, 2, 1, 1, True), good)  # the entry still serves its own call


def test_inputs_outside_the_fast_path_are_checked_every_time() -> None:
    x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
    for other in (x.astype(np.float16), x.astype(np.int64), x.astype(">f4"), x.tolist(), np.ma.asarray(x)):
        for _ in range(2):
            try:
                plan = al_torch.max_pool2d.build_plan(other, 2)
            except (TypeError, ValueError):
                continue
            assert not isinstance(plan, PreparedPoolPlan)
    assert len(pool_calls.POOL_CALLS._data) == 0
    with pytest.raises(ValueError, match="byte"):  # a byte-swapped array: refused every time
        al_torch.max_pool2d(x.astype(">f4"), 2)
    # an argument that is no key (a NumPy integer): checked every time, the same result
    for _ in range(2):
        plan = al_torch.max_pool2d.build_plan(x, np.int64(2))  # type: ignore[arg-type]
        assert type(plan) is PoolPlan
    assert len(pool_calls.POOL_CALLS._data) == 0


def test_lp_pool_infinite_norms_are_checked_every_time() -> None:
    x = np.random.default_rng(2).standard_normal((1, 2, 5, 5)).astype(np.float32)
    for p in (float("inf"), float("-inf")):
        want = _checked(al_torch.lp_pool2d, x, p, 2).compute()
        for _ in range(2):
            plan = al_torch.lp_pool2d.build_plan(x, p, 2)
            assert not isinstance(plan, PreparedPoolPlan)
            _same(plan.compute(), want)
    # a global mean over more leading axes: its reshaped plan is not cached either
    x5 = np.random.default_rng(3).standard_normal((2, 2, 3, 4, 4)).astype(np.float32)
    for _ in range(2):
        _same(al_torch.adaptive_avg_pool2d(x5, 1), _checked(al_torch.adaptive_avg_pool2d, x5, 1).compute())


def test_the_memory_limit_is_checked_on_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.ones((1, 2, 8, 8), np.float32)
    xt = np.ones((1, 8, 8, 2), np.float32)
    calls: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = [
        (al_torch.max_pool2d, (x, 3, 2, 1), {"return_indices": True}),
        (al_torch.avg_pool2d, (x, 2), {}),
        (al_torch.adaptive_avg_pool2d, (x, 1), {}),
        (al_tf.max_pool2d, (xt, 2, 2, "SAME"), {}),
        (al_onnx.average_pool, (x,), {"kernel_shape": [2, 2]}),
        (al_keras.global_average_pooling2d, (xt,), {}),
    ]
    for fn, args, kwargs in calls:
        fn(*args, **kwargs)
        fn(*args, **kwargs)  # cached
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "64")
    for fn, args, kwargs in calls:
        with pytest.raises(ResourceError) as hit:
            fn(*args, **kwargs)
        with pytest.raises(ResourceError) as again:
            fn(*args, **kwargs)
        with pytest.raises(ResourceError) as fresh:
            _checked(fn, *args, **kwargs).compute()
        assert str(hit.value) == str(again.value) == str(fresh.value)
    monkeypatch.delenv("ARRAYLENS_MAX_BYTES")
    for fn, args, kwargs in calls:
        fn(*args, **kwargs)


def test_check_allocations_with_a_known_total_says_the_same() -> None:
    parts = [("the result", (4, 4), np.float32), ("an intermediate", (8, 8), np.float64)]
    total = 4 * 4 * 4 + 8 * 8 * 8
    assert check_allocations(parts, "op", nbytes=total) == total == check_allocations(parts, "op")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARRAYLENS_MAX_BYTES", "100")
        with pytest.raises(ResourceError) as known:
            check_allocations(parts, "op", nbytes=total)
        with pytest.raises(ResourceError) as counted:
            check_allocations(parts, "op")
        assert str(known.value) == str(counted.value)


def test_explanations_of_a_cached_call_are_the_checked_plans() -> None:
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 3, 6, 7)).astype(np.float32)
    cases: list[tuple[Any, dict[str, Any], tuple[int, ...]]] = [
        (
            al_torch.max_pool2d,
            {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "return_indices": True},
            (1, 2, 3, 3),
        ),
        (al_torch.avg_pool2d, {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, (0, 1, 3, 0)),
        (al_torch.adaptive_avg_pool2d, {"output_size": (4, 5)}, (1, 0, 2, 4)),
        (al_torch.lp_pool2d, {"norm_type": 2, "kernel_size": 2}, (0, 2, 1, 1)),
    ]
    for fn, kw, at in cases:
        fn(x, **kw)  # cached
        got = fn.explain(x, at=at, **kw)
        want = _checked(fn, x, **kw).explain(at)
        assert got == want


# ----------------------------------------------------------------------------------------------
# TensorFlow, Keras, ONNX
# ----------------------------------------------------------------------------------------------


def _repeat_against_checked(
    fn: Any, shape: tuple[int, ...], dtype: Any, kwargs: dict[str, Any], nprng: np.random.Generator, cached: bool = True
) -> None:
    x0 = nprng.standard_normal(shape).astype(dtype)
    _same(fn(x0, **kwargs), _checked(fn, x0, **kwargs).compute())
    for _ in range(2):
        x = nprng.standard_normal(shape).astype(dtype)
        x.flat[0] = np.nan
        plan = fn.build_plan(x, **kwargs)
        inner = getattr(plan, "inner", plan)
        assert isinstance(inner, PreparedPoolPlan) == cached
        _same(fn(x, **kwargs), _checked(fn, x, **kwargs).compute())


def test_tensorflow_repeated_calls_equal_the_checked_path() -> None:
    nprng = np.random.default_rng(21)
    rng = random.Random(21)
    for _ in range(30):
        nd = rng.randint(1, 3)
        average = rng.random() < 0.5
        channels_first = rng.random() < 0.3 and nd < 3
        shape = (rng.randint(1, 2), *[rng.randint(2, 7) for _ in range(nd)], rng.randint(1, 3))
        if channels_first:
            shape = (shape[0], shape[-1], *shape[1:-1])
        kw: dict[str, Any] = {
            "ksize": rng.randint(1, 3),
            "strides": rng.choice([1, 2, [2] * nd]),
            "padding": rng.choice(["SAME", "VALID"]),
        }
        if channels_first:
            kw["data_format"] = ("NCW", "NCHW")[nd - 1]
        name = f"{'avg' if average else 'max'}_pool{nd}d"
        _repeat_against_checked(getattr(al_tf, name), shape, np.float32, kw, nprng)
    _repeat_against_checked(
        al_tf.max_pool2d,
        (1, 5, 6, 2),
        np.float64,
        {"ksize": 3, "strides": 2, "padding": [[0, 0], [1, 1], [1, 0], [0, 0]]},
        nprng,
    )
    _repeat_against_checked(
        al_tf.max_pool, (2, 5, 6, 2), np.float32, {"ksize": 2, "strides": 2, "padding": "SAME"}, nprng
    )
    _repeat_against_checked(
        al_tf.avg_pool, (1, 4, 5, 6, 2), np.float32, {"ksize": 2, "strides": 1, "padding": "VALID"}, nprng
    )
    for include in (False, True):
        for out in ("int64", "int32"):
            _repeat_against_checked(
                al_tf.max_pool_with_argmax,
                (2, 5, 5, 3),
                np.float32,
                {"ksize": 2, "strides": 2, "padding": "SAME", "output_dtype": out, "include_batch_in_index": include},
                nprng,
            )


def test_tensorflow_hit_runs_no_check_and_refusals_repeat(monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.ones((1, 6, 6, 2), np.float32)
    first = al_tf.max_pool2d(x, 3, 2, "SAME")
    monkeypatch.setattr(al_tf, "_pool_plan", lambda *a, **k: (_ for _ in ()).throw(AssertionError("checked again")))
    _same(al_tf.max_pool2d(x, 3, 2, "SAME"), first)
    with pytest.raises(AssertionError, match="checked again"):
        al_tf.max_pool2d(x, 3, 2, "VALID")
    monkeypatch.undo()
    for args in (
        (x, 3, 2, "same"),
        (x, 0, 2, "SAME"),
        (x, 3, 0, "SAME"),
        (x, 3, 2, "SAME", "NCW"),
        (x[0], 3, 2, "SAME"),
    ):
        first_msg = _message(al_tf.max_pool2d, *args)
        assert _message(al_tf.max_pool2d, *args) == first_msg


def test_keras_repeated_calls_equal_the_checked_path() -> None:
    nprng = np.random.default_rng(31)
    for dtype in (np.float32, np.float64):  # float64 is read as its float32 copy, on every call
        layers: list[tuple[Any, dict[str, Any]]] = [
            (al_keras.max_pooling2d, {"pool_size": 2, "strides": 2, "padding": "same"}),
            (al_keras.average_pooling2d, {"pool_size": (3, 2), "padding": "valid", "data_format": "channels_first"}),
            (al_keras.max_pooling1d, {"pool_size": 3, "strides": 1}),
            (al_keras.average_pooling3d, {"pool_size": 2, "padding": "same"}),
        ]
        for fn, kw in layers:
            shape = {2: (2, 5, 6, 3), 1: (2, 7, 3), 3: (1, 4, 5, 4, 2)}[int(fn.name[-2])]
            _repeat_against_checked(fn, shape, dtype, kw, nprng)
        for fn in (al_keras.global_average_pooling2d, al_keras.global_max_pooling2d):
            for keepdims in (False, True):
                for data_format in (None, "channels_first"):
                    _repeat_against_checked(
                        fn, (2, 4, 5, 3), dtype, {"keepdims": keepdims, "data_format": data_format}, nprng
                    )


def test_keras_hit_runs_no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.ones((1, 6, 6, 2), np.float32)
    first = al_keras.max_pooling2d(x, 2)
    first_g = al_keras.global_average_pooling2d(x)
    monkeypatch.setattr(al_keras, "_keras_pool", lambda *a: (_ for _ in ()).throw(AssertionError("checked again")))
    monkeypatch.setattr(al_keras, "_keras_global", lambda *a: (_ for _ in ()).throw(AssertionError("checked again")))
    _same(al_keras.max_pooling2d(x, 2), first)
    _same(al_keras.global_average_pooling2d(x), first_g)
    with pytest.raises(AssertionError, match="checked again"):
        al_keras.global_average_pooling2d(x, keepdims=True)


def test_onnx_repeated_calls_equal_the_checked_path() -> None:
    nprng = np.random.default_rng(41)
    rng = random.Random(41)
    for _ in range(20):
        nd = rng.randint(1, 3)
        shape = (rng.randint(1, 2), rng.randint(1, 3), *[rng.randint(3, 7) for _ in range(nd)])
        k = [rng.randint(1, 3) for _ in range(nd)]
        kw: dict[str, Any] = {
            "kernel_shape": k,
            "strides": [rng.randint(1, 2) for _ in range(nd)],
            "ceil_mode": rng.randint(0, 1),
        }
        if rng.random() < 0.5:
            kw["pads"] = [rng.randint(0, kk - 1) for kk in k] * 2
        else:
            kw["auto_pad"] = rng.choice(["SAME_UPPER", "SAME_LOWER", "VALID"])
        which = rng.choice(["max", "avg", "lp"])
        if which == "max":
            kw["storage_order"] = rng.randint(0, 1)
            kw["dilations"] = [rng.randint(1, 2) for _ in range(nd)]
            fn: Any = al_onnx.max_pool
        elif which == "avg":
            kw["count_include_pad"] = rng.randint(0, 1)
            fn = al_onnx.average_pool
        else:
            kw["p"] = rng.randint(1, 3)
            fn = al_onnx.lp_pool
        dtype = rng.choice([np.float32, np.float64])
        try:
            _checked(fn, np.zeros(shape, dtype), **kw)
        except ValueError:
            continue
        _repeat_against_checked(fn, shape, dtype, kw, nprng)
    for fn in (al_onnx.global_average_pool, al_onnx.global_max_pool):
        _repeat_against_checked(fn, (2, 3, 4, 5), np.float32, {}, nprng)
    x = np.ones((1, 1, 4, 4), np.float32)
    for kw in (
        {"kernel_shape": [2, 2], "storage_order": 2},
        {"kernel_shape": [2, 2], "pads": [0, 0, 0, 0], "auto_pad": "VALID"},
        {},
    ):
        first_msg = _message(al_onnx.max_pool, x, **kw)
        assert _message(al_onnx.max_pool, x, **kw) == first_msg


# ----------------------------------------------------------------------------------------------
# the prepared plan itself, threads
# ----------------------------------------------------------------------------------------------


def test_prepared_plan_has_the_checked_plans_fields() -> None:
    x = np.random.default_rng(1).standard_normal((1, 2, 5, 5)).astype(np.float32)
    plan = _checked(al_torch.max_pool2d, x, 3, 2, 1, return_indices=True)
    prepared = prepare(plan)
    assert prepared is not None
    with pytest.raises(TypeError):
        prepared.fields["op"] = "another"  # type: ignore[index]  # read-only
    again = prepared.plan(x)
    again.op = "changed"  # a plan's own copy: the prepared fields stay as they were
    assert prepared.fields["op"] == plan.op != "changed"
    again = prepared.plan(x)
    assert isinstance(again, PoolPlan)
    assert {k: v for k, v in vars(again).items() if k != "prepared"} == vars(plan)
    _same(again.compute(), plan.compute())
    assert again.result_type() == plan.result_type()
    assert prepared.nbytes == sum(np.prod(s) * np.dtype(d).itemsize for _, s, d in prepared.memory)


def test_the_cache_keeps_no_input_alive() -> None:
    rng = np.random.default_rng(4)
    calls: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = [
        (al_torch.max_pool2d, (3, 2, 1), {"return_indices": True}),
        (al_torch.adaptive_avg_pool2d, (1,), {}),
        (al_tf.avg_pool2d, (2, 2, "SAME"), {}),
        (al_onnx.global_max_pool, (), {}),
        (al_keras.max_pooling2d, (2,), {}),
        (al_keras.global_average_pooling2d, (), {}),  # keepdims=False: a wrapper around the plan
    ]
    for fn, args, kwargs in calls:
        x = rng.standard_normal((1, 3, 6, 6)).astype(np.float32)
        plan = fn.build_plan(x, *args, **kwargs)  # the first call: the checked plan, stored
        read = getattr(plan, "inner", plan).x  # what the plan reads (Keras: a float32 copy)
        refs = [weakref.ref(x), weakref.ref(read)]
        del x, plan, read
        gc.collect()
        assert all(r() is None for r in refs), fn.name
    assert len(pool_calls.POOL_CALLS._data) == len(calls)


def test_threads_share_the_cache_and_agree_with_one_thread() -> None:
    rng = np.random.default_rng(11)
    cases: list[tuple[Any, np.ndarray, dict[str, Any]]] = []
    for i in range(12):
        x = rng.standard_normal((1 + i % 2, 1 + i % 3, 4 + i % 4, 5)).astype(np.float32)
        if i % 3 == 0:
            cases.append(
                (al_torch.max_pool2d, x, {"kernel_size": 2 + i % 2, "stride": 1 + i % 2, "return_indices": True})
            )
        elif i % 3 == 1:
            cases.append((al_torch.avg_pool2d, x, {"kernel_size": 2, "padding": 1, "ceil_mode": True}))
        else:
            cases.append((al_torch.adaptive_avg_pool2d, x, {"output_size": (3, 2)}))
    expected = [_checked(fn, x, **kw).compute() for fn, x, kw in cases]
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        order = random.Random(seed)
        try:
            for _ in range(60):
                i = order.randrange(len(cases))
                fn, x, kw = cases[i]
                _same(fn(x, **kw), expected[i])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert len(pool_calls.POOL_CALLS._data) == len(cases)
