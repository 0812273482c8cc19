"""The canonical pooling: the kernel against a slow reference written from the definitions, the
spec's refusals and size formulas, index encodings, adaptive = ordinary pooling where the sizes
divide, and explanations that recompute their element."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arraylens.core.axis_map import AxisMap
from arraylens.core.errors import ArgumentError
from arraylens.ops.pool.kernel import pool
from arraylens.ops.pool.plan import PoolPlan
from arraylens.ops.pool.spec import (
    INDEX_ENCODINGS,
    AdaptiveWindows,
    LpReduction,
    MaxReduction,
    MeanReduction,
    PoolSpec,
    Window,
    adaptive_bounds,
    decode_index,
    encode_index,
)

# ----------------------------------------------------------------------------------------------
# A slow reference, from the definitions: positions o * s - before + t * d; roles by position.
# ----------------------------------------------------------------------------------------------


def _axis_cells(axis: Any, o: int, n: int) -> list[tuple[int, str]]:
    if isinstance(axis, AdaptiveWindows):
        return [(p, "input") for p in range(axis.starts[o], axis.ends[o])]
    b, a = axis.padding
    out = []
    for t in range(axis.kernel):
        p = o * axis.stride - b + t * axis.dilation
        out.append((p, "input" if 0 <= p < n else "padding" if -b <= p < n + a else "extension"))
    return out


def _ref_out_size(axis: Any, n: int) -> int:
    if isinstance(axis, AdaptiveWindows):
        return len(axis.starts)
    b, a = axis.padding
    eff = (axis.kernel - 1) * axis.dilation + 1
    q = (n + b + a - eff) / axis.stride
    out = (math.ceil(q) if axis.ceil_mode else math.floor(q)) + 1
    if axis.ceil_mode and axis.drop_last == "start_past_input" and (out - 1) * axis.stride - b >= n:
        out -= 1
    return out


def reference(x: np.ndarray, spec: PoolSpec) -> tuple[np.ndarray, np.ndarray | None]:
    """Pool the canonical ``(N, *spatial, C)`` ``x`` element by element (float64 sums)."""
    spatial = x.shape[1:-1]
    outs = [_ref_out_size(a, n) for a, n in zip(spec.axes, spatial, strict=True)]
    red = spec.reduction
    vals = np.zeros((x.shape[0], *outs, x.shape[-1]), np.float64 if not isinstance(red, MaxReduction) else x.dtype)
    idx = np.zeros(vals.shape, np.int64) if isinstance(red, MaxReduction) else None
    for b in range(x.shape[0]):
        for c in range(x.shape[-1]):
            for o in itertools.product(*[range(m) for m in outs]):
                per_axis = [_axis_cells(a, oo, n) for a, oo, n in zip(spec.axes, o, spatial, strict=True)]
                cells = []
                for combo in itertools.product(*per_axis):
                    role = "input" if all(r == "input" for _, r in combo) else (
                        "extension" if any(r == "extension" for _, r in combo) else "padding")
                    cells.append((tuple(p for p, _ in combo), role))
                inside = [(p, x[(b, *p, c)]) for p, r in cells if r == "input"]
                at = (b, *o, c)
                if isinstance(red, MaxReduction):
                    best = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
                    # first tap at or after 0 on every axis (PyTorch's initial index)
                    first = []
                    for cells_k in per_axis:
                        nonneg = [p for p, _ in cells_k if p >= 0]
                        first.append(nonneg[0] if nonneg else 0)
                    where = first
                    for p, v in inside:
                        isn = x.dtype.kind == "f" and np.isnan(v)
                        bn = x.dtype.kind == "f" and np.isnan(best)
                        take = (red.nan == "last" and isn) or (red.nan == "first" and isn and not bn) or (
                            not isn and not bn and v > best)
                        if take:
                            best, where = v, list(p)
                    flat = 0
                    for p, n in zip(where, spatial, strict=True):
                        flat = flat * n + p
                    vals[at] = best
                    assert idx is not None
                    idx[at] = flat
                    continue
                n_in = len(inside)
                n_pad = sum(1 for _, r in cells if r == "padding")
                n_all = len(cells)
                if isinstance(red, MeanReduction):
                    s = sum(float(v) for _, v in inside)
                    d = {"valid": n_in, "padded": n_in + n_pad, "window": n_all,
                         "fixed": red.divisor_value}[red.divisor]
                    vals[at] = s / d if d else (np.nan if s == 0 else math.copysign(math.inf, s))
                else:
                    if red.form == "norm":
                        vals[at] = sum(abs(float(v)) ** red.p for _, v in inside) ** (1 / red.p)
                    else:
                        d = {"valid": n_in, "padded": n_in + n_pad, "window": n_all}[red.divisor]
                        m = sum(float(v) ** red.p for _, v in inside) / d if d else math.nan
                        area = math.prod(a.kernel for a in spec.axes)
                        with np.errstate(invalid="ignore"):
                            vals[at] = np.float64(m * area) ** (1 / red.p)
    return vals, idx


def _random_axis(rng: np.random.Generator, n: int, adaptive: bool) -> Any:
    if adaptive:
        return AdaptiveWindows.torch(n, int(rng.integers(1, 2 * n + 2)))
    k, s, d = (int(v) for v in rng.integers(1, 4, 3))
    eff = (k - 1) * d + 1
    pads = (int(rng.integers(0, eff)), int(rng.integers(0, eff)))
    return Window(k, s, d, pads, bool(rng.integers(0, 2)), ("start_past_input", "none")[int(rng.integers(0, 2))])


def _random_case(seed: int) -> tuple[np.ndarray, PoolSpec] | None:
    rng = np.random.default_rng(seed)
    nd = int(rng.integers(1, 4))
    spatial = tuple(int(v) for v in rng.integers(1, 6, nd))
    axes = tuple(_random_axis(rng, n, rng.random() < 0.3) for n in spatial)
    kind = int(rng.integers(0, 4))
    if kind == 3 and any(isinstance(a, AdaptiveWindows) for a in axes):
        kind = 2  # PyTorch's Lp form is for sliding windows only
    red: Any
    if kind == 0:
        red = MaxReduction(("last", "first", "ignore")[int(rng.integers(0, 3))])
    elif kind == 1:
        rule = ("valid", "padded", "window", "fixed")[int(rng.integers(0, 4))]
        red = MeanReduction(rule, int(rng.integers(1, 5)) if rule == "fixed" else None)
    elif kind == 2:
        red = LpReduction(float(rng.choice([1.0, 2.0, 3.0])), "norm")
    else:
        red = LpReduction(2.0, "torch", ("valid", "padded", "window")[int(rng.integers(0, 3))])
    spec = PoolSpec(axes, red)
    if min(spec.output_spatial(spatial)) < 1:
        return None
    x = rng.integers(-3, 4, (2, *spatial, 2)).astype(np.float64)
    if kind == 0 and rng.random() < 0.5:
        x[rng.random(x.shape) < 0.25] = np.nan
    if kind == 0 and rng.random() < 0.3:
        x[rng.random(x.shape) < 0.25] = -np.inf
    return x, spec


@pytest.mark.parametrize("block", range(4))
def test_kernel_equals_the_slow_reference(block: int) -> None:
    checked = 0
    for seed in range(block * 100, block * 100 + 100):
        case = _random_case(seed)
        if case is None:
            continue
        x, spec = case
        want, want_idx = reference(x, spec)
        got, got_idx = pool(x, spec, with_index=isinstance(spec.reduction, MaxReduction))
        assert got.shape == want.shape, (seed, spec)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, equal_nan=True, err_msg=f"seed {seed} {spec}")
        if want_idx is not None:
            np.testing.assert_array_equal(got_idx, want_idx, err_msg=f"seed {seed} {spec}")
            values_only, _ = pool(x, spec)
            np.testing.assert_array_equal(values_only, got, err_msg=f"values-only path, seed {seed}")
        checked += 1
    assert checked > 60


def test_kernel_takes_strided_views_and_integers() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(-50, 50, (3, 9, 2, 8)).astype(np.int32)
    canonical = x.transpose(0, 2, 3, 1)  # NCHW -> NHWC view, not contiguous
    spec = PoolSpec((Window(3, 2, 1, (1, 1)), Window(2, 2, 1, (0, 1), True)), MaxReduction())
    got, idx = pool(canonical, spec, with_index=True)
    want, want_idx = reference(np.ascontiguousarray(canonical), spec)
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(idx, want_idx)
    mean = PoolSpec(spec.axes, MeanReduction("padded"))
    got_m, _ = pool(canonical.astype(np.int64), mean)
    want_m, _ = reference(np.ascontiguousarray(canonical).astype(np.int64), mean)
    assert got_m.dtype == np.int64
    np.testing.assert_array_equal(got_m, np.trunc(want_m).astype(np.int64))  # truncation toward zero


# ----------------------------------------------------------------------------------------------
# Sizes, refusals, encodings
# ----------------------------------------------------------------------------------------------


def test_output_size_is_pytorchs_formula_and_onnx_references() -> None:
    op_pool_common = pytest.importorskip("onnx.reference.ops.op_pool_common")
    for n, k, s, d, p, ceil in itertools.product(range(1, 9), range(1, 4), range(1, 4), (1, 2), range(0, 3),
                                                 (False, True)):
        if p > ((k - 1) * d + 1) // 2:
            continue
        w = Window(k, s, d, (p, p), ceil)
        eff = (k - 1) * d + 1
        torch_out = (n + 2 * p - eff + (s - 1 if ceil else 0)) // s + 1
        if ceil and (torch_out - 1) * s >= n + p:
            torch_out -= 1
        assert w.output_size(n) == torch_out
        if n + 2 * p >= eff:
            onnx_out, _ = op_pool_common.get_output_shape_explicit_padding([p, p], [n], [k], [s], [d], ceil)
            assert w.output_size(n) == onnx_out[0], (n, k, s, d, p, ceil)


def test_onnx_issue_5711_ceil_mode_drops_the_window_starting_past_the_input() -> None:
    # onnx/onnx#5711: kernel 1, stride 2 over 12 cells with ceil_mode: plain ceil gives 7 windows,
    # PyTorch (and the ONNX specification since opset 19) 6: the 7th would start at 12
    assert Window(1, 2, ceil_mode=True).output_size(12) == 6
    assert Window(1, 2, ceil_mode=True, drop_last="none").output_size(12) == 7
    assert Window(1, 2, ceil_mode=True).output_size(13) == 7


@pytest.mark.parametrize("make, message", [
    (lambda: Window(0), "kernel size must be at least 1"),
    (lambda: Window(2, 0), "stride must be at least 1"),
    (lambda: Window(2, 1, 0), "dilation must be at least 1"),
    (lambda: Window(2, 1, 1, (-1, 0)), "padding must be at least 0"),
    (lambda: Window(2, 1, 1, (1,)), "padding must be a"),  # type: ignore[arg-type]
    (lambda: Window(2.0), "kernel size must be an integer"),  # type: ignore[arg-type]
    (lambda: Window(2, drop_last="sometimes"), "drop_last must be one of"),
    (lambda: AdaptiveWindows(4, (0, 2), (2,)), "one (start, end) pair per output"),
    (lambda: AdaptiveWindows(-1, (), ()), "adaptive input size must be at least 0"),
    (lambda: AdaptiveWindows(4, (3,), (2,)), "0 <= start <= end <= 4"),
    (lambda: AdaptiveWindows(4, (0,), (5,)), "0 <= start <= end <= 4"),
    (lambda: AdaptiveWindows.torch(4, -1), "adaptive output size must be at least 0"),
    (lambda: MaxReduction("sometimes"), "nan rule must be one of"),
    (lambda: MaxReduction(index="hwc"), "index encoding must be one of"),
    (lambda: MeanReduction("fixed"), 'divisor rule "fixed", and only with it'),
    (lambda: MeanReduction("valid", 3), 'divisor rule "fixed", and only with it'),
    (lambda: MeanReduction("fixed", 0), "divisor must be not zero"),
    (lambda: MeanReduction("inside"), "divisor rule must be one of"),
    (lambda: LpReduction(0.0), "finite nonzero p"),
    (lambda: LpReduction(math.inf), "finite nonzero p"),
    (lambda: LpReduction(2.0, "mean"), "Lp form must be"),
    (lambda: PoolSpec((), MaxReduction()), "at least one spatial axis"),
    (lambda: PoolSpec((3,), MaxReduction()), "Window or AdaptiveWindows"),  # type: ignore[arg-type]
])
def test_spec_refusals(make: Any, message: str) -> None:
    with pytest.raises(ArgumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make()


def test_adaptive_bounds_are_pytorchs() -> None:
    assert adaptive_bounds(5, 3) == ((0, 1, 3), (2, 4, 5))
    assert adaptive_bounds(2, 5) == ((0, 0, 0, 1, 1), (1, 1, 2, 2, 2))
    assert adaptive_bounds(7, 7) == (tuple(range(7)), tuple(range(1, 8)))


def test_index_encodings_round_trip_and_match_their_formulas() -> None:
    spatial, channels = (3, 4), 5
    for enc in INDEX_ENCODINGS:
        for b, c, y, x in [(0, 0, 0, 0), (1, 4, 2, 3), (2, 1, 1, 2)]:
            code = int(encode_index(y * 4 + x, b, c, spatial, channels, enc))
            want = {"plane": y * 4 + x, "nchw": ((b * 5 + c) * 3 + y) * 4 + x,
                    "nchw_column": (b * 5 + c) * 12 + x * 3 + y, "nhwc": (y * 4 + x) * 5 + c,
                    "nhwc_batch": ((b * 3 + y) * 4 + x) * 5 + c}[enc]
            assert code == want, enc
            decoded = decode_index(code, spatial, channels, enc)
            assert decoded["position"] == (y, x)
            assert decoded["channel"] in (None, c) and decoded["batch"] in (None, b)


# ----------------------------------------------------------------------------------------------
# Adaptive pooling equals ordinary pooling where the sizes divide
# ----------------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 3)), min_size=1, max_size=3),
       st.sampled_from(["max", "mean"]), st.integers(0, 2**31 - 1))
def test_adaptive_equals_ordinary_pooling_when_sizes_divide(sizes: list[tuple[int, int]], kind: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    spatial = tuple(o * k for o, k in sizes)
    x = rng.normal(size=(1, *spatial, 2))
    red: Any = MaxReduction() if kind == "max" else MeanReduction("valid")
    adaptive = PoolSpec(tuple(AdaptiveWindows.torch(n, o) for n, (o, _) in zip(spatial, sizes, strict=True)), red)
    fixed = PoolSpec(tuple(Window(k, k) for _, k in sizes), red)
    a, ai = pool(x, adaptive, with_index=kind == "max")
    f, fi = pool(x, fixed, with_index=kind == "max")
    np.testing.assert_allclose(a, f, rtol=1e-12)
    if kind == "max":
        np.testing.assert_array_equal(ai, fi)


# ----------------------------------------------------------------------------------------------
# Explanations
# ----------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_explanations_recompute_their_element(seed: int, pick: int) -> None:
    case = _random_case(seed)
    if case is None:
        return
    x, spec = case
    nchw = np.moveaxis(x, -1, 1)
    is_max = isinstance(spec.reduction, MaxReduction)
    plan = PoolPlan("test.pool", nchw, spec, AxisMap.channels_first(x.ndim), x.dtype, return_indices=is_max)
    result = plan.compute()
    values, indices = result if isinstance(result, tuple) else (result, None)
    flat = pick % values.size
    at = tuple(int(i) for i in np.unravel_index(flat, values.shape))
    e = plan.explain(at)
    assert e.check(), (seed, spec, at, str(e))
    np.testing.assert_equal(e.value, values[at])
    assert e.details["kind"] == "pool"
    if is_max and e.details["winner"] is not None:
        assert indices is not None
        assert e.details["winner"]["index"] == indices[at]


def test_pytorch_corner_divisor_4_explained() -> None:
    # a 6x6 plane, k3 s2 p1, ceil_mode, count_include_pad: the corner window holds one input
    # cell, the padded row and column, and the ceil-mode cells beyond them: divisor 4
    x = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
    spec = PoolSpec((Window(3, 2, 1, (1, 1), True),) * 2, MeanReduction("padded"))
    plan = PoolPlan("torch.nn.functional.avg_pool2d", x, spec, AxisMap.channels_first(4), np.float32)
    out = plan.compute()
    assert isinstance(out, np.ndarray) and out.shape == (1, 1, 4, 4)
    assert out[0, 0, 3, 3] == np.float32(35 / 4)
    e = plan.explain((0, 0, 3, 3))
    assert e.check() and e.details["divisor"]["value"] == 4
    assert e.details["counts"] == {"input": 1, "padding": 3, "extension": 5}
    assert "count_include_pad=True counts the padded row 6 and column 6 (3 cell(s)) but not the ceil-mode row 7 " \
           "and column 7 beyond them (5 cell(s)): divisor 4" in str(e)
    roles = {tuple(c["position"]): c["role"] for c in e.details["cells"]}
    assert roles[(5, 5)] == "input" and roles[(6, 6)] == "padding" and roles[(7, 7)] == "extension"
    assert "The same element elsewhere" in str(e)


def test_explanation_of_a_window_without_input_cells() -> None:
    # n=1, kernel 2, dilation 2, padding 1: the taps -1 and 1 miss the input; PyTorch answers
    # -inf at index 1 (its first tap at or after 0)
    x = np.array([[[5.0]]], dtype=np.float32)
    spec = PoolSpec((Window(2, 2, 2, (1, 1), True),), MaxReduction())
    plan = PoolPlan("torch.nn.functional.max_pool1d", x, spec, AxisMap.channels_first(3), np.float32, True)
    values, idx = plan.compute()
    assert values[0, 0, 0] == -np.inf and idx[0, 0, 0] == 1
    e = plan.explain((0, 0, 0))
    assert e.check() and e.value == -np.inf


def test_explanation_costs_its_window_not_the_input() -> None:
    import tracemalloc

    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 4, 256, 256)).astype(np.float32)
    cases = [
        PoolSpec((Window(3, 2, 1, (1, 1), True),) * 2, MaxReduction()),
        PoolSpec((Window(3, 2, 1, (1, 1), True),) * 2, MeanReduction("padded")),
        PoolSpec(tuple(AdaptiveWindows.torch(256, 15) for _ in range(2)), MeanReduction("valid")),
        PoolSpec((Window(2, 2, 2, (1, 1)),) * 2, LpReduction(2.0, "torch")),
    ]
    for spec in cases:
        is_max = isinstance(spec.reduction, MaxReduction)
        plan = PoolPlan("test.pool", x, spec, AxisMap.channels_first(4), x.dtype, return_indices=is_max)

        def refuse() -> Any:
            raise AssertionError("explain computed the whole result")

        out_shape = plan.output_shape()
        at = (1, 3, out_shape[2] - 1, out_shape[3] // 2)
        result = plan.compute()
        want = result[0][at] if isinstance(result, tuple) else result[at]
        plan.compute = refuse  # type: ignore[method-assign]
        tracemalloc.start()
        e = plan.explain(at)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert e.check()
        np.testing.assert_equal(e.value, want)  # the same bits as the whole computation
        cells = len(e.details["cells"])  # O(window): a few hundred bytes per window cell
        assert peak < 1000 * cells + 300_000, (spec, peak)
        assert peak < x.nbytes / 4, (spec, peak)


def test_onnx_reference_count_include_pad_is_the_padded_rule() -> None:
    # the mapping in ops/pool/__init__.py: ONNX AveragePool count_include_pad=0 is "valid", 1 is
    # "padded" (the ceil extension is not counted), checked on onnx.reference over random cases
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper
    from onnx.reference import ReferenceEvaluator

    rng = np.random.default_rng(12)
    for case in range(12):
        n = int(rng.integers(3, 9))
        k, s = int(rng.integers(2, 4)), int(rng.integers(1, 3))
        p = int(rng.integers(0, k // 2 + 1))
        cip = case % 2
        x = rng.normal(size=(1, 2, n, n)).astype(np.float32)
        node = helper.make_node("AveragePool", ["x"], ["y"], kernel_shape=[k, k], strides=[s, s], pads=[p] * 4,
                                ceil_mode=1, count_include_pad=cip)
        graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 22)])
        want = ReferenceEvaluator(model).run(None, {"x": x})[0]
        spec = PoolSpec((Window(k, s, 1, (p, p), True),) * 2, MeanReduction("padded" if cip else "valid"))
        got, _ = pool(x.transpose(0, 2, 3, 1), spec)
        np.testing.assert_allclose(got.transpose(0, 3, 1, 2), want, rtol=1e-5, atol=1e-6,
                                   err_msg=f"n={n} k={k} s={s} p={p} cip={cip}")
    assert onnx is not None
