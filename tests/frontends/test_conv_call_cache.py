"""The whole-call cache of the torch and TensorFlow convolutions (issue 16's per-call overhead).

A call like one that passed every check (same operand shapes and float dtype, same argument
values and types) is rebuilt from that call's prepared plan. These tests hold it to the plan it
replaces: bit-identical results (first call, repeated call, new values of the same shapes)
against the checked plan's own ``compute``, no stale entry for any other argument, refusals
raised on every call, the memory limit and TensorFlow's flush-to-zero applied on every call,
the same explanations, and agreement across threads.
"""

from __future__ import annotations

import random
import threading
from typing import Any

import numpy as np
import pytest

import arraylens.frontends.tensorflow as al_tf
import arraylens.frontends.torch as al_torch
from arraylens.core.limits import ResourceError
from arraylens.frontends._memo import CallCache, _freeze, _thaw, call_key
from arraylens.ops.conv.plan import ConvPlan, ConvTransposePlan
from arraylens.ops.conv.prepared import PreparedConvPlan, PreparedConvTransposePlan, prepare

CT = {1: al_torch.conv_transpose1d, 2: al_torch.conv_transpose2d, 3: al_torch.conv_transpose3d}
CV = {1: al_torch.conv1d, 2: al_torch.conv2d, 3: al_torch.conv3d}


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    for cache in (al_torch._TRANSPOSE_CALLS, al_torch._CONV_CALLS, al_tf._TRANSPOSE_CALLS, al_tf._CONV_CALLS):
        cache.clear()


def _same(a: np.ndarray, b: np.ndarray) -> None:
    assert a.dtype == b.dtype and a.shape == b.shape
    assert a.flags.c_contiguous and b.flags.c_contiguous
    assert np.array_equal(a.view(np.uint8), b.view(np.uint8))  # bit for bit, NaN and -0 included


# ----------------------------------------------------------------------------------------------
# keys
# ----------------------------------------------------------------------------------------------


def test_keys_keep_each_arguments_type_and_sign() -> None:
    x = np.zeros((1, 1, 2, 2), np.float32)
    values: list[Any] = [1, True, 1.0, [1], (1,), "1", None, 0, 0.0, -0.0, False, [1, 1], (1, 1), [(1,)], [[1]]]
    keys = [call_key((x,), v) for v in values]
    assert None not in keys
    assert len(set(keys)) == len(values)  # pairwise different
    for v in values:
        thawed = _thaw(_freeze(v))
        assert thawed == v and type(thawed) is type(v)
    assert str(_thaw(_freeze(-0.0))) == "-0.0"


@pytest.mark.parametrize(
    "operands",
    [
        (np.zeros(3, np.float16),),
        (np.zeros(3, np.int64),),
        (np.zeros(3, np.dtype(">f4")),),  # not native byte order
        (np.zeros(3, np.float32), np.zeros(3, np.float64)),  # mixed dtypes
        (np.zeros(3, np.float32), np.zeros(3, np.float32), np.zeros(3, np.float64)),
        ([0.0, 1.0],),  # a list: read by the framework's rules
        (np.ma.zeros(3, np.float32),),  # a subclass
        (np.float32(1.0),),  # a NumPy scalar
    ],
)
def test_operands_outside_the_fast_path_have_no_key(operands: tuple[Any, ...]) -> None:
    assert call_key(operands, 1) is None


@pytest.mark.parametrize("arg", [np.int64(1), np.array([1, 1]), object(), {1: 1}, [1, np.int64(2)]])
def test_arguments_that_cannot_be_rebuilt_have_no_key(arg: Any) -> None:
    assert call_key((np.zeros(3, np.float32),), arg) is None


def test_absent_and_present_bias_differ() -> None:
    x, w, b = np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 3, 3)), np.zeros(1)
    assert call_key((x, w, None), 1) != call_key((x, w, b), 1)


def test_cache_keeps_at_most_maxsize_newest_entries() -> None:
    cache = CallCache(2)
    for k in "abc":
        cache.put(k, k.upper())
    assert cache.get("a") is None and cache.get("b") == "B" and cache.get("c") == "C"


# ----------------------------------------------------------------------------------------------
# torch: the cached call computes what the checked plan computes
# ----------------------------------------------------------------------------------------------


def _torch_case(rng: random.Random, transposed: bool) -> tuple[Any, tuple[Any, ...], dict[str, Any], Any]:
    """A random valid torch call: (function, operand shapes + dtype, keyword arguments, checked-plan maker)."""
    nd = rng.randint(1, 3)
    groups = rng.choice([1, 1, 2])
    c_in, c_out = groups * rng.randint(1, 3), groups * rng.randint(1, 3)
    kernel = [rng.randint(1, 3) for _ in range(nd)]
    stride = [rng.randint(1, 3) for _ in range(nd)]
    dilation = [rng.randint(1, 2) for _ in range(nd)]
    size = [d * (k - 1) + rng.randint(1, 4) for k, d in zip(kernel, dilation, strict=True)]
    batched = rng.random() < 0.7
    x_shape = ((rng.randint(1, 2),) if batched else ()) + (c_in, *size)
    dtype = rng.choice([np.float32, np.float64])
    bias = rng.random() < 0.5
    kwargs: dict[str, Any] = {
        "stride": rng.choice([stride, tuple(stride), stride[0]]),
        "dilation": rng.choice([dilation, tuple(dilation)]),
        "groups": groups,
    }
    if transposed:
        w_shape = (c_in, c_out // groups, *kernel)
        kwargs["padding"] = [rng.randint(0, (d * (k - 1)) // 2) for k, d in zip(kernel, dilation, strict=True)]
        kwargs["output_padding"] = [rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation, strict=True)]
        fn: Any = CT[nd]

        def checked(x: Any, w: Any, b: Any, **kw: Any) -> ConvTransposePlan:
            return al_torch._checked_transpose_plan(
                nd, x, w, b, kw["stride"], kw["padding"], kw["output_padding"], kw["groups"], kw["dilation"], None
            )
    else:
        w_shape = (c_out, c_in // groups, *kernel)
        pad: Any = [rng.randint(0, 2) for _ in range(nd)]
        if all(s == 1 for s in stride) and rng.random() < 0.3:
            kwargs["stride"], pad = 1, "same"
        kwargs["padding"] = pad
        fn = CV[nd]

        def checked(x: Any, w: Any, b: Any, **kw: Any) -> ConvPlan:  # type: ignore[misc]
            return al_torch._checked_conv_plan(nd, x, w, b, kw["stride"], kw["padding"], kw["dilation"], kw["groups"])

    return fn, (x_shape, w_shape, (c_out,) if bias else None, dtype), kwargs, checked


@pytest.mark.parametrize("transposed", [True, False])
def test_torch_repeated_calls_equal_the_checked_plan_bit_for_bit(transposed: bool) -> None:
    rng = random.Random(16 + transposed)
    nprng = np.random.default_rng(16)
    hits = 0
    for _ in range(60):
        fn, (xs, ws, bs, dtype), kwargs, checked = _torch_case(rng, transposed)
        cache = al_torch._TRANSPOSE_CALLS if transposed else al_torch._CONV_CALLS
        for _round in range(3):  # the first call checks; the others reuse it, with new values
            x = nprng.standard_normal(xs).astype(dtype)
            w = nprng.standard_normal(ws).astype(dtype)
            b = None if bs is None else nprng.standard_normal(bs).astype(dtype)
            had = len(cache._data)
            plan = fn.build_plan(x, w, b, **kwargs)
            hits += len(cache._data) == had and _round > 0
            assert isinstance(plan, PreparedConvTransposePlan if transposed else PreparedConvPlan)
            reference = checked(x, w, b, **kwargs)
            assert type(reference) in (ConvTransposePlan, ConvPlan)  # the plain plan, its own compute
            _same(fn(x, w, b, **kwargs), reference.compute())
    assert hits == 120  # every repeated call came from the cache


def test_torch_hit_runs_no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.ones((1, 1, 2, 2), np.float32)
    w = np.ones((1, 1, 3, 3), np.float32)
    first = al_torch.conv_transpose2d(x, w, stride=2)
    first_c = al_torch.conv2d(x, w, padding=1)

    def fail(*args: Any) -> Any:
        raise AssertionError("checked again")

    monkeypatch.setattr(al_torch, "_checked_transpose_plan", fail)
    monkeypatch.setattr(al_torch, "_checked_conv_plan", fail)
    _same(al_torch.conv_transpose2d(x, w, stride=2), first)
    _same(al_torch.conv2d(x, w, padding=1), first_c)
    with pytest.raises(AssertionError, match="checked again"):
        al_torch.conv_transpose2d(x, w, stride=(2, 2))  # another key: checked


def _message(fn: Any, *args: Any, **kwargs: Any) -> tuple[type, str]:
    with pytest.raises((ValueError, TypeError)) as info:
        fn(*args, **kwargs)
    return info.type, str(info.value)


def test_torch_other_arguments_never_reach_a_cached_entry() -> None:
    x = np.ones((1, 2, 3, 3), np.float32)
    w = np.ones((2, 1, 2, 2), np.float32)
    b = np.ones(1, np.float32)
    good = al_torch.conv_transpose2d(x, w, b, stride=2, padding=0, output_padding=1)
    bad_calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        ((x, w.astype(np.float64), b), {"stride": 2, "output_padding": 1}),  # weight dtype
        ((x, w, b), {"stride": 2, "output_padding": 2}),  # output_padding >= stride
        ((x, w, b), {"stride": 1, "output_padding": 1}),
        ((x, w, b), {"stride": 2.0, "output_padding": 1}),  # a float stride
        ((x, w, b), {"stride": True, "output_padding": 1}),  # a bool
        ((x, w, np.ones(2, np.float32)), {"stride": 2, "output_padding": 1}),  # bias size
        ((x, w, b), {"stride": 2, "output_padding": 1, "groups": 2}),
        ((x[:, :1], w, b), {"stride": 2, "output_padding": 1}),  # channels
        ((x, w, b), {"stride": 2, "output_padding": 1, "padding": -1}),
    ]
    for args, kwargs in bad_calls:
        first = _message(al_torch.conv_transpose2d, *args, **kwargs)
        assert _message(al_torch.conv_transpose2d, *args, **kwargs) == first  # refused again, alike
    # and the valid call still gives its result
    _same(al_torch.conv_transpose2d(x, w, b, stride=2, padding=0, output_padding=1), good)
    x2 = np.ones((1, 2, 5, 5), np.float32)
    good2 = al_torch.conv2d(x2, w.transpose(1, 0, 2, 3).copy().reshape(1, 2, 2, 2), stride=2)
    assert good2.shape == (1, 1, 2, 2)
    for kwargs2 in ({"stride": 0}, {"stride": 2, "padding": "same"}, {"stride": 2, "dilation": 0}):
        first = _message(al_torch.conv2d, x2, np.ones((1, 2, 2, 2), np.float32), **kwargs2)
        assert _message(al_torch.conv2d, x2, np.ones((1, 2, 2, 2), np.float32), **kwargs2) == first


def test_empty_operands_take_the_checked_path() -> None:
    # PyTorch answers a 0-channel input with an empty result of 0 channels, every time
    x = np.ones((2, 0, 4, 4), np.float32)
    w = np.ones((3, 0, 2, 2), np.float32)
    for _ in range(2):
        plan = al_torch.conv2d.build_plan(x, w)
        assert type(plan) is ConvPlan
        assert al_torch.conv2d(x, w).shape == (2, 0, 3, 3)
    xb = np.ones((0, 1, 4, 4), np.float32)
    for _ in range(2):
        assert type(al_torch.conv_transpose2d.build_plan(xb, np.ones((1, 2, 2, 2), np.float32))) is ConvTransposePlan


def test_torch_float_bias_on_another_dtype_takes_the_checked_path() -> None:
    # a transposed 1-d/2-d convolution casts a floating bias: not the prepared plan's case
    x = np.ones((1, 1, 2, 2), np.float32)
    w = np.ones((1, 1, 2, 2), np.float32)
    b64 = np.array([0.5])
    for _ in range(2):
        plan = al_torch.conv_transpose2d.build_plan(x, w, b64)
        assert type(plan) is ConvTransposePlan
        assert plan.compute().dtype == np.float32


def test_the_memory_limit_is_checked_on_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.ones((1, 1, 8, 8), np.float32)
    w = np.ones((1, 1, 3, 3), np.float32)
    xt = np.ones((1, 8, 8, 1), np.float32)
    calls = [
        (
            lambda: al_torch.conv_transpose2d(x, w, stride=2),
            lambda: al_torch._checked_transpose_plan(2, x, w, None, 2, 0, 0, 1, 1, None).compute(),
        ),
        (
            lambda: al_torch.conv2d(x, w, padding=1),
            lambda: al_torch._checked_conv_plan(2, x, w, None, 1, 1, 1, 1).compute(),
        ),
        (lambda: al_tf.conv2d(xt, np.ones((3, 3, 1, 1), np.float32), 1, "SAME"), None),
        (lambda: al_tf.conv2d_transpose(xt, np.ones((3, 3, 1, 1), np.float32), (1, 17, 17, 1), 2, "VALID"), None),
    ]
    for call, _ in calls:
        call()  # cached
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "64")
    for call, checked in calls:
        with pytest.raises(ResourceError) as hit:
            call()
        with pytest.raises(ResourceError):
            call()
        if checked is not None:
            with pytest.raises(ResourceError) as fresh:
                checked()
            assert str(hit.value) == str(fresh.value)
    monkeypatch.delenv("ARRAYLENS_MAX_BYTES")
    for call, _ in calls:
        call()


def test_explanations_of_a_cached_call_are_the_checked_plans() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 4, 5)).astype(np.float32)
    w = rng.standard_normal((3, 2, 3, 2)).astype(np.float32)
    b = rng.standard_normal(2).astype(np.float32)
    kwargs: dict[str, Any] = {"stride": (2, 1), "padding": 1, "output_padding": (1, 0)}
    al_torch.conv_transpose2d(x, w, b, **kwargs)  # cached
    reference = al_torch._checked_transpose_plan(2, x, w, b, (2, 1), 1, (1, 0), 1, 1, None)
    for at in [(0, 0, 0, 0), (1, 1, 3, 3), (1, 0, 7, 2)]:
        got = al_torch.conv_transpose2d.explain(x, w, b, at=at, **kwargs)
        want = reference.explain(at)
        assert (got.value, got.summary, got.sections) == (want.value, want.summary, want.sections)
    wc = rng.standard_normal((2, 3, 3, 3)).astype(np.float32)
    al_torch.conv2d(x, wc, b, padding="same")
    reference_c = al_torch._checked_conv_plan(2, x, wc, b, 1, "same", 1, 1)
    got = al_torch.conv2d.explain(x, wc, b, at=(1, 1, 2, 3), padding="same")
    want = reference_c.explain((1, 1, 2, 3))
    assert (got.value, got.summary, got.sections) == (want.value, want.summary, want.sections)


# ----------------------------------------------------------------------------------------------
# TensorFlow: the same, and flush-to-zero on every call
# ----------------------------------------------------------------------------------------------


def _unprepared(plan: Any) -> Any:
    """The plain plan a prepared plan stands for (its own compute)."""
    prepared = prepare(plan)
    assert prepared is not None
    fields = {k: v for k, v in prepared.fields.items() if k != "notes"}
    kind = ConvTransposePlan if isinstance(plan, ConvTransposePlan) else ConvPlan
    return kind(x=plan.x, w=plan.w, bias=plan.bias, notes=list(plan.notes), **fields)


@pytest.mark.parametrize("channels_first", [False, True])
def test_tf_repeated_calls_equal_the_plain_plan_and_flush_every_time(channels_first: bool) -> None:
    rng = np.random.default_rng(7)
    fmt = "NCHW" if channels_first else "NHWC"
    for dtype in (np.float32, np.float64):
        # a subnormal times a large value is a normal number: TensorFlow's CPU kernels read the
        # subnormal as 0 and give 0
        sub, big = (dtype(1e-40), dtype(1e30)) if dtype == np.float32 else (1e-310, 1e300)
        for round_ in range(4):
            x = rng.standard_normal((2, 5, 6, 3)).astype(dtype)
            f = rng.standard_normal((3, 2, 3, 4)).astype(dtype)
            ft = rng.standard_normal((3, 2, 4, 3)).astype(dtype)
            if round_ == 2:  # subnormal input, only after the call was cached
                x[...] = 0
                x[0, 1, 2, 0] = sub
                x[1, 3, 4, 2] = -sub
                f[...] = big
                ft[...] = big
            if round_ == 3:  # subnormal filters
                x[...] = big
                f[...] = 0
                ft[...] = 0
                f[1, 1, 0, 2] = -sub
                ft[0, 0, 1, 1] = sub
            xin = np.ascontiguousarray(x.transpose(0, 3, 1, 2)) if channels_first else x
            out_shape = (2, 4, 10, 12) if channels_first else (2, 10, 12, 4)
            calls: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = [
                (al_tf.conv2d, (xin, f, [1, 2], "SAME"), {"data_format": fmt}),
                (al_tf.conv2d_transpose, (xin, ft, out_shape, 2, "SAME"), {"data_format": fmt}),
            ]
            for fn, args, kwargs in calls:
                plan = fn.build_plan(*args, **kwargs)
                assert isinstance(plan, PreparedConvPlan | PreparedConvTransposePlan)
                got = fn(*args, **kwargs)
                _same(got, _unprepared(plan).compute())
                if round_ >= 2:  # every subnormal read as 0: a result of zeros
                    assert not got.any()


def test_tf_other_arguments_never_reach_a_cached_entry() -> None:
    x = np.ones((1, 4, 4, 2), np.float32)
    f = np.ones((2, 2, 2, 3), np.float32)
    good = al_tf.conv2d(x, f, 1, "VALID")
    for args, kwargs in [
        ((x, f, 1, "valid"), {}),  # TensorFlow's padding is upper case
        ((x, f, 0, "VALID"), {}),
        ((x, f.astype(np.float64), 1, "VALID"), {"data_format": "NHWC"}),
        ((x, f, 1, "VALID"), {"data_format": "NCHW"}),  # then the channels do not match
        ((x, f, [1, 1, 1], "VALID"), {}),
    ]:
        try:
            first: Any = al_tf.conv2d(*args, **kwargs)
        except (ValueError, TypeError) as exc:
            first = (type(exc), str(exc))
            assert _message(al_tf.conv2d, *args, **kwargs) == first
        else:
            assert first.shape == good.shape  # a float64 filter is converted, as TensorFlow does
    _same(al_tf.conv2d(x, f, 1, "VALID"), good)
    ft = np.ones((2, 2, 3, 2), np.float32)
    al_tf.conv2d_transpose(x, ft, (1, 8, 8, 3), 2, "VALID")
    for shape in [(1, 10, 10, 3), (1, 8, 8, 2), (1, 8, 8)]:
        first = _message(al_tf.conv2d_transpose, x, ft, shape, 2, "VALID")
        assert _message(al_tf.conv2d_transpose, x, ft, shape, 2, "VALID") == first


# ----------------------------------------------------------------------------------------------
# threads
# ----------------------------------------------------------------------------------------------


def test_threads_share_the_cache_and_agree_with_one_thread() -> None:
    rng = np.random.default_rng(11)
    cases = []
    for i in range(12):
        n, c = 1 + i % 2, 1 + i % 3
        x = rng.standard_normal((n, c, 3 + i % 4, 4)).astype(np.float32)
        w = rng.standard_normal((c, 2, 2 + i % 2, 3)).astype(np.float32)
        cases.append((x, w, 1 + i % 3))
    expected = [al_torch._checked_transpose_plan(2, x, w, None, s, 0, 0, 1, 1, None).compute() for x, w, s in cases]
    al_torch._TRANSPOSE_CALLS.clear()
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        order = random.Random(seed)
        try:
            for _ in range(60):
                i = order.randrange(len(cases))
                x, w, s = cases[i]
                _same(al_torch.conv_transpose2d(x, w, stride=s), expected[i])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_tf_small_calls_search_once_and_equal_the_plain_plan(dtype: type, monkeypatch: pytest.MonkeyPatch) -> None:
    # small calls (operands and result at most SEARCHED_TOGETHER elements) are computed when the
    # plan is built and searched once; every subnormal case must still give the plain plan's bits
    import arraylens.core.limits as limits

    monkeypatch.setattr(limits, "_FRESH_S", 1e9)  # the memory reading stays fresh: the small path
    limits._limit()  # takes a reading of the available memory
    t = float(np.finfo(dtype).tiny)
    rng = np.random.default_rng(3)
    calls = [
        (al_tf.conv2d_transpose, lambda x, f: (x, f, [1, 5, 5, 1], 2, "VALID")),
        (al_tf.conv2d, lambda x, f: (x, f, 1, "SAME")),
        (al_tf.conv1d, lambda x, f: (x.reshape(1, 4, 1), f[1], 1, "SAME")),
    ]
    for fn, args in calls:
        for case in ("plain", "subnormal input", "subnormal filter", "subnormal result", "zeros"):
            x = rng.standard_normal((1, 2, 2, 1)).astype(dtype)
            f = rng.standard_normal((3, 3, 1, 1)).astype(dtype)
            if case == "subnormal input":
                x[...] = 0
                x[0, 1, 0, 0] = t / 8
                f[...] = 2.0**20
            elif case == "subnormal filter":
                f[...] = 0
                f[1, 2, 0, 0] = -t / 8
                x[...] = 2.0**20
            elif case == "subnormal result":  # normal operands; 1.5 t - t is subnormal
                x[...] = 0
                x[0, 0, 0, 0], x[0, 0, 1, 0] = 1.5 * t, -t
                f[...] = 1
            elif case == "zeros":
                x[...] = 0
            fn(*args(x, f))  # cached
            plan = fn.build_plan(*args(x, f))
            assert isinstance(plan, PreparedConvPlan | PreparedConvTransposePlan)
            assert (plan.result is not None) == (case in ("plain", "zeros")), case
            want = _unprepared(plan).compute()
            got = plan.compute()
            _same(got, want)
            again = plan.compute()  # the kept result is handed out once: a fresh array now
            assert again is not got
            _same(again, want)
            _same(fn(*args(x, f)), want)
            assert not ((want != 0) & (np.abs(want) < t)).any(), case  # no subnormal result
            if case in ("subnormal input", "subnormal filter", "zeros"):
                assert not want.any(), case  # every subnormal read as 0
            if case == "subnormal input":
                assert plan.x.min() == 0  # the plan's operands are TensorFlow's reading


def test_keras_bias_after_a_small_tf_call_with_its_result() -> None:
    # Keras replaces the TF plan's bias: the TF call's kept result (no bias) must not come back
    import arraylens.frontends.keras as al_keras

    rng = np.random.default_rng(4)
    x = rng.standard_normal((1, 2, 2, 1)).astype(np.float32)
    k = rng.standard_normal((3, 3, 1, 1)).astype(np.float32)
    b = np.array([100.0], np.float32)
    first = al_keras.conv2d_transpose(x, k, b, strides=2, padding="valid")
    for _ in range(3):
        _same(al_keras.conv2d_transpose(x, k, b, strides=2, padding="valid"), first)
    assert first.min() > 50
