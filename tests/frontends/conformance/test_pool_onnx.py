"""ONNX pooling against onnxruntime: MaxPool, AveragePool, LpPool, GlobalAveragePool, GlobalMaxPool.

Seeded random configurations (1-3 spatial axes, kernels 1-4, strides 1-3, dilations 1-2, explicit
pads below the kernel, SAME_UPPER/SAME_LOWER/VALID, ceil_mode, count_include_pad, storage_order,
NaN and -inf cells, ties from small integers, opset 22 and 19) run through onnxruntime on models
built with ``onnx.helper``: values, indices, shapes and dtypes equal, and every accept/reject
decision equal. Where onnxruntime departs from the specification
(:data:`arraylens.onnx.POOL_RUNTIME_DIFFERENCES`), arraylens follows the specification and the
named tests below assert both facts.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ort = importlib.import_module("onnxruntime")
ml_dtypes = importlib.import_module("ml_dtypes")
from onnx import TensorProto, helper  # noqa: E402

import arraylens.onnx as alo  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402
from arraylens.ops.pool.spec import same_padding  # noqa: E402

N_CASES = 180
_TYPES = {"float32": TensorProto.FLOAT, "float16": TensorProto.FLOAT16, "float64": TensorProto.DOUBLE,
          "int8": TensorProto.INT8, "uint8": TensorProto.UINT8, "int32": TensorProto.INT32,
          "bfloat16": TensorProto.BFLOAT16}


class RuntimeRefused(Exception):
    pass


def run_ort(op: str, x: np.ndarray, opset: int = 22, static_shape: bool = False, **attrs: Any) -> list[np.ndarray]:
    """One ``op`` node through onnxruntime's CPU provider."""
    tt = _TYPES[x.dtype.name]
    outs = ["Y", "I"] if op == "MaxPool" else ["Y"]
    vi = [helper.make_tensor_value_info("Y", tt, None)]
    if op == "MaxPool":
        vi.append(helper.make_tensor_value_info("I", TensorProto.INT64, None))
    graph = helper.make_graph([helper.make_node(op, ["X"], outs, **attrs)], "g",
                              [helper.make_tensor_value_info("X", tt, list(x.shape) if static_shape else None)], vi)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    options = ort.SessionOptions()
    options.log_severity_level = 4
    try:
        session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        return list(session.run(None, {"X": x}))
    except Exception as e:  # onnxruntime raises its own exception types
        raise RuntimeRefused(str(e).splitlines()[0]) from e


def ours(op: str, x: np.ndarray, **attrs: Any) -> Any:
    fn = {"MaxPool": alo.max_pool, "AveragePool": alo.average_pool, "LpPool": alo.lp_pool,
          "GlobalAveragePool": alo.global_average_pool, "GlobalMaxPool": alo.global_max_pool}[op]
    return fn(x, **attrs)


def _values(rng: np.random.Generator, shape: tuple[int, ...], dtype: str) -> np.ndarray:
    if dtype in ("int8", "uint8", "int32"):
        return rng.integers(0 if dtype == "uint8" else -5, 6, size=shape).astype(dtype)
    x = rng.integers(-4, 5, size=shape) + rng.choice([0.0, 0.5], size=shape)
    mode = rng.integers(0, 5)
    if mode == 1:
        x[rng.random(shape) < 0.2] = np.nan
    elif mode == 2:
        x[rng.random(shape) < 0.3] = -np.inf
    return x.astype(dtype)


def _case(seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(1000 + seed)
    op = str(rng.choice(["MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool"],
                        p=[0.4, 0.3, 0.14, 0.08, 0.08]))
    nd = int(rng.integers(1, 4))
    dtypes = ["float32"] * 5 + ["float16"] + (["float64", "int8", "uint8"] if op == "MaxPool" else [])
    if rng.random() < 0.05:
        dtypes = ["int32"]
    dtype = str(rng.choice(dtypes))
    attrs: dict[str, Any] = {}
    k = [int(v) for v in rng.integers(1, 5, nd)]
    spatial = [int(max(1, kk + rng.integers(-1, 5))) for kk in k]
    if op.startswith("Global"):
        spatial = [int(v) for v in rng.integers(1, 6, nd)]
    else:
        attrs["kernel_shape"] = k
        if rng.random() < 0.85:
            attrs["strides"] = [int(v) for v in rng.integers(1, 4, nd)]
        if op != "LpPool" and rng.random() < 0.4:
            attrs["dilations"] = [int(v) for v in rng.integers(1, 3, nd)]
        auto = str(rng.choice(["NOTSET", "NOTSET", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"]))
        if auto != "NOTSET":
            attrs["auto_pad"] = auto
        elif rng.random() < 0.8:
            attrs["pads"] = [int(rng.integers(0, kk)) for kk in k] + [int(rng.integers(0, kk)) for kk in k]
        if auto != "VALID" and rng.random() < 0.5:
            attrs["ceil_mode"] = 1
        if op == "AveragePool" and rng.random() < 0.5:
            attrs["count_include_pad"] = 1
        if op == "MaxPool" and rng.random() < 0.4:
            attrs["storage_order"] = 1
        if op == "LpPool":
            attrs["p"] = int(rng.choice([1, 2, 3]))
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 3)), *spatial)
    return {"op": op, "x": _values(rng, shape, dtype), "attrs": attrs}


def _compare(a: np.ndarray, b: np.ndarray, op: str) -> None:
    assert a.shape == b.shape and a.dtype == b.dtype, (a.shape, b.shape, a.dtype, b.dtype)
    if op in ("MaxPool", "GlobalMaxPool") or a.dtype.kind in "iu":
        np.testing.assert_array_equal(a, b)
    elif a.dtype == np.float16:
        np.testing.assert_allclose(a.astype(np.float32), b.astype(np.float32), rtol=2 ** -9, atol=2 ** -9)
    else:
        np.testing.assert_allclose(a, b, rtol=2e-6, atol=1e-6)


def runtime_same_pads(x: np.ndarray, attrs: dict[str, Any]) -> dict[str, Any]:
    """onnxruntime's SAME_UPPER/SAME_LOWER with dilations: it sizes the padding with the
    undilated kernel, ``(ceil(n / s) - 1) * s + k - n``, then slides the dilated one
    (``pool_same_with_dilations``): the explicit pads that reproduce it."""
    nd = x.ndim - 2
    k, s = attrs["kernel_shape"], attrs.get("strides", [1] * nd)
    lower = attrs["auto_pad"] == "SAME_LOWER"
    pairs = [same_padding(int(n), k[i], s[i], 1, lower) for i, n in enumerate(x.shape[2:])]
    out = {key: v for key, v in attrs.items() if key not in ("auto_pad",)}
    out["pads"] = [b for b, _ in pairs] + [a for _, a in pairs]
    return out


def _span_below_zero(x: np.ndarray, attrs: dict[str, Any]) -> bool:
    """Explicit pads or VALID where the dilated kernel is longer than the padded input."""
    if "kernel_shape" not in attrs or attrs.get("auto_pad", "NOTSET").startswith("SAME"):
        return False
    nd = x.ndim - 2
    pads = attrs.get("pads", [0] * 2 * nd)
    d = attrs.get("dilations", [1] * nd)
    return any(int(n) + pads[i] + pads[i + nd] - (attrs["kernel_shape"][i] - 1) * d[i] - 1 < 0
               for i, n in enumerate(x.shape[2:]))


def test_onnxruntime_random_configurations() -> None:
    accepted = refused = same_dilated = short = 0
    for seed in range(N_CASES):
        case = _case(seed)
        op, x, attrs = case["op"], case["x"], case["attrs"]
        if _span_below_zero(x, attrs):
            # a documented difference (pool_window_larger_than_input): floor here, truncation there
            short += 1
            try:
                mine = ours(op, x, **attrs)
            except ArgumentError:
                continue
            mine = list(mine) if isinstance(mine, tuple) else [mine]
            try:
                theirs = run_ort(op, x, **attrs)
            except RuntimeRefused:
                continue
            if mine[0].shape == theirs[0].shape:  # ceil_mode can make both one window
                for m, t in zip(mine, theirs, strict=True):
                    _compare(m, t, op)
            else:
                assert all(a <= b for a, b in zip(mine[0].shape, theirs[0].shape, strict=True))
            continue
        if attrs.get("auto_pad", "").startswith("SAME") and max(attrs.get("dilations", [1])) > 1:
            # a documented difference: the specification's sizes here, the runtime's rule there
            same_dilated += 1
            mine = ours(op, x, **attrs)
            mine = mine[0] if op == "MaxPool" else mine
            assert mine.shape[2:] == tuple(-(-n // s) for n, s in zip(x.shape[2:], attrs.get(
                "strides", [1] * (x.ndim - 2)), strict=True))
            try:
                theirs = run_ort(op, x, **attrs)
            except RuntimeRefused:
                continue
            runtime_attrs = runtime_same_pads(x, attrs)
            if _span_below_zero(x, runtime_attrs):
                continue  # and then it truncates as well (pool_window_larger_than_input)
            emulated = ours(op, x, **runtime_attrs)
            for m, t in zip(emulated if op == "MaxPool" else [emulated], theirs, strict=True):
                _compare(m, t, op)
            continue
        try:
            theirs = run_ort(op, x, **attrs)
        except RuntimeRefused:
            with pytest.raises((ArgumentError, TypeError)):
                ours(op, x, **attrs)
            refused += 1
            continue
        try:
            mine = ours(op, x, **attrs)
        except (ArgumentError, TypeError) as e:
            raise AssertionError(f"seed {seed}: onnxruntime accepts {op} {attrs} {x.shape}, arraylens refuses: {e}"
                                 ) from e
        accepted += 1
        mine = list(mine) if isinstance(mine, tuple) else [mine]
        assert len(mine) == len(theirs)
        for m, t in zip(mine, theirs, strict=True):
            try:
                _compare(m, t, op)
            except AssertionError as e:
                raise AssertionError(f"seed {seed}: {op} {attrs} {x.shape} {x.dtype}: {e}") from e
    print(f"onnx pooling: {accepted} accepted, {refused} refused, {same_dilated} SAME with dilations, "
          f"{short} windows larger than the padded input")
    assert accepted >= 140 and refused >= 5, (accepted, refused)


def test_ceil_mode_before_opset_22_runtime_drops_the_window() -> None:
    """Opset 19-21: plain ceil (the model's inferred shape); onnxruntime drops the last window."""
    x = np.arange(5, dtype=np.float32).reshape(1, 1, 5)
    attrs = {"kernel_shape": [2], "strides": [2], "pads": [1, 1], "ceil_mode": 1}
    for op in ("AveragePool", "LpPool"):
        y19 = ours(op, x, opset=19, **attrs)
        y22 = ours(op, x, **attrs)
        assert y19.shape == (1, 1, 4) and y22.shape == (1, 1, 3)
        runtime = run_ort(op, x, opset=19, **attrs)[0]
        assert runtime.shape == (1, 1, 3)  # the specification at 19 says 4
        np.testing.assert_allclose(runtime, y22, rtol=1e-6)
        np.testing.assert_allclose(runtime, y19[..., :3], rtol=1e-6)
    # the window kept at opset 19 starts at 5 = n: one padding cell and one ceil-extension cell
    np.testing.assert_array_equal(alo.average_pool(x, opset=19, **attrs).ravel(), [0, 1.5, 3.5, np.nan])
    np.testing.assert_array_equal(alo.average_pool(x, opset=19, count_include_pad=1, **attrs).ravel(),
                                  [0, 1.5, 3.5, 0])
    assert run_ort("MaxPool", x, opset=19, **attrs)[0].shape == (1, 1, 3)
    with pytest.raises(ArgumentError, match="covers no input cell"):
        alo.max_pool(x, opset=19, **attrs)  # the specification defines the shape, not that maximum
    assert alo.max_pool(x, **attrs)[0].shape == (1, 1, 3)
    # onnxruntime's own shape inference keeps the window: its declared output shape says 4
    X = helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 1, 5])
    graph = helper.make_graph([helper.make_node("MaxPool", ["X"], ["Y"], **attrs)], "g", [X],
                              [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)])
    options = ort.SessionOptions()
    options.log_severity_level = 4
    session = ort.InferenceSession(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
                                   .SerializeToString(), options, providers=["CPUExecutionProvider"])
    assert session.get_outputs()[0].shape == [1, 1, 4]


def test_ceil_mode_shapes_with_pads_and_dilations_at_opset_22() -> None:
    """At opset 22 onnxruntime's inferred shape, its runtime and the specification agree (the
    {1,2,4,5} / {1,2,4,4} warning of the issue is the opset 19-21 case above)."""
    x = np.random.default_rng(0).standard_normal((1, 2, 4, 7)).astype(np.float32)
    attrs = {"kernel_shape": [2, 2], "strides": [2, 2], "pads": [1, 1, 1, 1], "dilations": [2, 2], "ceil_mode": 1}
    y, idx = alo.max_pool(x, **attrs)
    ry, ri = run_ort("MaxPool", x, static_shape=True, **attrs)
    assert y.shape == ry.shape == (1, 2, 3, 4)
    np.testing.assert_array_equal(y, ry)
    np.testing.assert_array_equal(idx, ri)


def test_valid_with_ceil_mode_runtime_adds_a_window() -> None:
    x = np.arange(5, dtype=np.float32).reshape(1, 1, 5)
    for op in ("MaxPool", "AveragePool", "LpPool"):
        spec = ours(op, x, kernel_shape=[2], strides=[2], auto_pad="VALID", ceil_mode=1)
        spec = spec[0] if op == "MaxPool" else spec
        assert spec.shape == (1, 1, 2)
        runtime = run_ort(op, x, kernel_shape=[2], strides=[2], auto_pad="VALID", ceil_mode=1)[0]
        assert runtime.shape == (1, 1, 3)
        np.testing.assert_allclose(runtime[..., :2], spec, rtol=1e-6)
        plain = ours(op, x, kernel_shape=[2], strides=[2], pads=[0, 0], ceil_mode=1)  # what it computes
        np.testing.assert_allclose(runtime, plain[0] if op == "MaxPool" else plain, rtol=1e-6)


def test_pads_at_least_kernel_runtime_refuses() -> None:
    x = np.arange(5, dtype=np.float32).reshape(1, 1, 5)
    for op in ("MaxPool", "AveragePool", "LpPool"):
        with pytest.raises(RuntimeRefused, match="Pad should be smaller than kernel"):
            run_ort(op, x, kernel_shape=[2], pads=[2, 2])
    np.testing.assert_array_equal(alo.average_pool(x, kernel_shape=[2], pads=[2, 2]).ravel(),
                                  [np.nan, 0, 0.5, 1.5, 2.5, 3.5, 4, np.nan])
    np.testing.assert_array_equal(alo.average_pool(x, kernel_shape=[2], pads=[2, 2], count_include_pad=1).ravel(),
                                  [0, 0, 0.5, 1.5, 2.5, 3.5, 2, 0])
    np.testing.assert_array_equal(alo.lp_pool(x, kernel_shape=[2], pads=[2, 2], p=1).ravel(),
                                  [0, 0, 1, 3, 5, 7, 4, 0])
    with pytest.raises(ArgumentError, match="covers no input cell"):
        alo.max_pool(x, kernel_shape=[2], pads=[2, 2])
    y, _i = alo.max_pool(x, kernel_shape=[3], strides=[3], pads=[0, 3])  # pads >= kernel, no empty window
    np.testing.assert_array_equal(y.ravel(), [2, 4])


def test_types_the_runtime_lacks() -> None:
    x = np.arange(12, dtype=np.float64).reshape(1, 1, 3, 4) - 5
    for op, attrs in (("AveragePool", {"kernel_shape": [2, 2]}), ("LpPool", {"kernel_shape": [2, 2]}),
                      ("GlobalAveragePool", {}), ("GlobalMaxPool", {})):
        with pytest.raises(RuntimeRefused, match="NOT_IMPLEMENTED"):
            run_ort(op, x, **attrs)
        mine = ours(op, x, **attrs)
        assert mine.dtype == np.float64
        reference = run_ort(op, x.astype(np.float32), **attrs)[0]
        np.testing.assert_allclose(mine, reference, rtol=1e-6)
    xb = x.astype(ml_dtypes.bfloat16)
    for op, attrs in (("MaxPool", {"kernel_shape": [2, 2]}), ("AveragePool", {"kernel_shape": [2, 2]}),
                      ("GlobalMaxPool", {})):
        with pytest.raises(RuntimeRefused, match="NOT_IMPLEMENTED"):
            run_ort(op, xb, **attrs)
        mine = ours(op, xb, **attrs)
        mine = mine[0] if op == "MaxPool" else mine
        assert mine.dtype == xb.dtype
        reference = run_ort(op, x.astype(np.float32), **attrs)[0]
        np.testing.assert_allclose(mine.astype(np.float32), reference, rtol=2 ** -8)


def test_pads_with_auto_pad() -> None:
    x = np.arange(5, dtype=np.float32).reshape(1, 1, 5)
    runtime = run_ort("MaxPool", x, kernel_shape=[2], strides=[2], auto_pad="SAME_UPPER", pads=[1, 1])[0]
    np.testing.assert_array_equal(runtime, alo.max_pool(x, kernel_shape=[2], strides=[2], auto_pad="SAME_UPPER")[0])
    with pytest.raises(ArgumentError, match="cannot be used simultaneously"):
        alo.max_pool(x, kernel_shape=[2], strides=[2], auto_pad="SAME_UPPER", pads=[1, 1])


def test_same_with_dilations_runtime_ignores_the_dilation() -> None:
    x = np.arange(2 * 5, dtype=np.float32).reshape(1, 2, 5)
    for op, extra in (("MaxPool", {}), ("AveragePool", {"count_include_pad": 1}), ("AveragePool", {})):
        for auto in ("SAME_UPPER", "SAME_LOWER"):
            attrs = {"kernel_shape": [4], "dilations": [2], "auto_pad": auto, **extra}
            mine = ours(op, x, **attrs)
            mine = mine[0] if op == "MaxPool" else mine
            assert mine.shape == (1, 2, 5)  # ceil(5 / 1), total padding (5 - 1) + 7 - 5 = 6
            runtime = run_ort(op, x, **attrs)[0]
            assert runtime.shape == (1, 2, 2)  # padding (5 - 1) + 4 - 5 = 3 for a span of 7
            emulated = ours(op, x, **runtime_same_pads(x, attrs))
            np.testing.assert_allclose(runtime, emulated[0] if op == "MaxPool" else emulated, rtol=1e-6)


def test_window_larger_than_input_runtime_truncates() -> None:
    """floor((n + pads - dk) / s + 1) is 0 for n=2, k=3, s=2; onnxruntime divides in C++
    (truncation toward zero) and pools one window that reaches past the input."""
    x = np.array([[[4.0, 7.0]]], np.float32)
    y, _ = alo.max_pool(x, kernel_shape=[3], strides=[2])
    assert y.shape == (1, 1, 0)
    assert alo.average_pool(x, kernel_shape=[3], strides=[2]).shape == (1, 1, 0)
    ry, ri = run_ort("MaxPool", x, kernel_shape=[3], strides=[2])
    assert ry.ravel().tolist() == [7.0] and ri.ravel().tolist() == [1]
    assert run_ort("AveragePool", x, kernel_shape=[3], strides=[2])[0].ravel().tolist() == [5.5]
    with pytest.raises(ArgumentError, match="negative"):
        alo.max_pool(x, kernel_shape=[5], strides=[1])
    with pytest.raises(RuntimeRefused, match="negative"):
        run_ort("MaxPool", x, kernel_shape=[5], strides=[1])


def test_four_spatial_axes() -> None:
    x = np.random.default_rng(1).standard_normal((1, 2, 3, 3, 2, 4)).astype(np.float32)
    with pytest.raises(RuntimeRefused):
        run_ort("MaxPool", x, kernel_shape=[2, 2, 2, 2])
    y, idx = alo.max_pool(x, kernel_shape=[2, 2, 2, 2])
    assert y.shape == (1, 2, 2, 2, 1, 3)
    windows = np.lib.stride_tricks.sliding_window_view(x, (2, 2, 2, 2), axis=(2, 3, 4, 5))
    np.testing.assert_array_equal(y, windows.max(axis=(-4, -3, -2, -1)))
    assert x.ravel()[idx.ravel()].tolist() == y.ravel().tolist()


def test_lp_pool_p_zero() -> None:
    x = np.arange(5, dtype=np.float32).reshape(1, 1, 5)
    assert np.isinf(run_ort("LpPool", x, kernel_shape=[2], p=0)[0]).all()
    with pytest.raises(ArgumentError, match="p must not be 0"):
        alo.lp_pool(x, kernel_shape=[2], p=0)


def test_nan_rules_measured() -> None:
    v = np.array([1, np.nan, 3, np.nan, 2, 5, np.nan, 0], np.float32).reshape(1, 1, 8)
    y, i = alo.max_pool(v, kernel_shape=[3])
    ry, ri = run_ort("MaxPool", v, kernel_shape=[3])
    np.testing.assert_array_equal(y.ravel(), [3, np.nan, 3, np.nan, 5, 5])
    np.testing.assert_array_equal(y, ry)
    np.testing.assert_array_equal(i, ri)
    g = np.array([np.nan, 1, 3, np.nan, 2, 5, np.nan, 0], np.float32).reshape(1, 1, 2, 4)
    assert alo.global_max_pool(g).ravel()[0] == run_ort("GlobalMaxPool", g)[0].ravel()[0] == 5
    ninf = np.full((1, 1, 3), -np.inf, np.float32)
    assert alo.global_max_pool(ninf).ravel()[0] == run_ort("GlobalMaxPool", ninf)[0].ravel()[0] == np.finfo(
        np.float32).min


def test_storage_order_encodings() -> None:
    x = np.random.default_rng(2).integers(0, 4, (2, 3, 3, 4, 5)).astype(np.float32)  # ties
    for so in (0, 1):
        y, i = alo.max_pool(x, kernel_shape=[2, 2, 3], strides=[1, 2, 2], pads=[1, 0, 1, 0, 1, 2],
                            storage_order=so)
        ry, ri = run_ort("MaxPool", x, kernel_shape=[2, 2, 3], strides=[1, 2, 2], pads=[1, 0, 1, 0, 1, 2],
                         storage_order=so)
        np.testing.assert_array_equal(y, ry)
        np.testing.assert_array_equal(i, ri)


# ----------------------------------------------------------------------------------------------
# The public reports
# ----------------------------------------------------------------------------------------------

def test_pytorch_13934_count_include_pad_defaults_differ_at_the_edges() -> None:
    """pytorch/pytorch#13934: torch's avg_pool2d counts the padding by default, ONNX's
    AveragePool does not (count_include_pad=0): exporting without the attribute changes the
    edge values and leaves the interior alone."""
    torch = importlib.import_module("torch")
    x = np.arange(25, dtype=np.float32).reshape(1, 1, 5, 5)
    t = torch.nn.functional.avg_pool2d(torch.from_numpy(x), 3, 1, 1).numpy()  # count_include_pad=True
    onnx_default = alo.average_pool(x, kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    np.testing.assert_allclose(onnx_default, run_ort("AveragePool", x, kernel_shape=[3, 3], pads=[1, 1, 1, 1])[0])
    onnx_counting = alo.average_pool(x, kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1)
    np.testing.assert_allclose(onnx_counting, t, rtol=1e-6)
    assert onnx_default[0, 0, 0, 0] == pytest.approx((0 + 1 + 5 + 6) / 4)
    assert t[0, 0, 0, 0] == pytest.approx((0 + 1 + 5 + 6) / 9)
    np.testing.assert_allclose(onnx_default[..., 1:-1, 1:-1], t[..., 1:-1, 1:-1], rtol=1e-6)


@pytest.mark.parametrize("issue", ["16203", "24681"])
def test_onnxruntime_last_window_divisor(issue: str) -> None:
    """microsoft/onnxruntime#16203 and #24681: the last (ceil-mode) window's divisor. With
    count_include_pad=1 it counts the explicit padding, not the ceil extension beyond it."""
    x = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
    attrs = {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1}
    for cip, corner in ((1, 35 / 4), (0, 35.0)):
        y = alo.average_pool(x, count_include_pad=cip, **attrs)
        np.testing.assert_allclose(y, run_ort("AveragePool", x, count_include_pad=cip, **attrs)[0], rtol=1e-6)
        assert y[0, 0, 3, 3] == pytest.approx(corner)
        e = alo.average_pool.explain(x, count_include_pad=cip, **attrs, at=(0, 0, 3, 3))
        assert e.check() and e.details["divisor"]["value"] == (4 if cip else 1)
    one_d = np.arange(5, dtype=np.float32).reshape(1, 1, 5)  # the last window holds one cell
    y = alo.average_pool(one_d, kernel_shape=[2], strides=[2], ceil_mode=1, count_include_pad=1)
    np.testing.assert_allclose(y.ravel(), [0.5, 2.5, 4.0])
    np.testing.assert_allclose(y, run_ort("AveragePool", one_d, kernel_shape=[2], strides=[2], ceil_mode=1,
                                          count_include_pad=1)[0])


def test_onnx_5711_ceil_mode_output_size() -> None:
    """onnx/onnx#5711: ceil_mode gave 7x7 where torch gives 6x6 (a window starting in the right
    padding); opset 22's rule drops it, as torch does, and before 22 the specification keeps it."""
    torch = importlib.import_module("torch")
    x = np.random.default_rng(4).standard_normal((1, 1, 11, 11)).astype(np.float32)
    attrs = {"kernel_shape": [2, 2], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1}
    t = torch.nn.functional.avg_pool2d(torch.from_numpy(x), 2, 2, 1, ceil_mode=True,
                                       count_include_pad=False).numpy()
    y22 = alo.average_pool(x, **attrs)
    y19 = alo.average_pool(x, opset=19, **attrs)
    assert t.shape[2:] == y22.shape[2:] == (6, 6) and y19.shape[2:] == (7, 7)
    np.testing.assert_allclose(y22, t, rtol=1e-6)
    np.testing.assert_allclose(y22, run_ort("AveragePool", x, **attrs)[0], rtol=1e-6)
    assert np.isnan(y19[0, 0, 6]).all() and np.isnan(y19[0, 0, :, 6]).all()  # windows of no input cell: 0 / 0


def test_coremltools_2772_ceil_mode_with_count_include_pad() -> None:
    """apple/coremltools#2772: avg_pool with ceil_mode and count_include_pad. torch's
    avg_pool2d(k3, s2, p1, ceil_mode=True, count_include_pad=True) is exactly ONNX AveragePool
    with ceil_mode=1, count_include_pad=1: the corner divides by 4 (input cell, padded row and
    column), not 9 (the whole window) and not 1 (the input cell only)."""
    torch = importlib.import_module("torch")
    x = np.random.default_rng(5).standard_normal((1, 2, 6, 6)).astype(np.float32)
    t = torch.nn.functional.avg_pool2d(torch.from_numpy(x), 3, 2, 1, ceil_mode=True,
                                       count_include_pad=True).numpy()
    attrs = {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1,
             "count_include_pad": 1}
    y = alo.average_pool(x, **attrs)
    np.testing.assert_allclose(y, t, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(y, run_ort("AveragePool", x, **attrs)[0], rtol=1e-6, atol=1e-6)
    assert y[0, 1, 3, 3] == pytest.approx(x[0, 1, 5, 5] / 4)
    assert y[0, 1, 3, 3] != pytest.approx(x[0, 1, 5, 5] / 9)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["MaxPool", "AveragePool", "LpPool", "GlobalAveragePool",
                                                 "GlobalMaxPool"]), st.data())
def test_explain_check_at_random_indices(seed: int, op: str, data: st.DataObject) -> None:
    case = _case(seed)
    x = case["x"] if case["x"].dtype.kind == "f" else case["x"].astype(np.float32)
    attrs = case["attrs"] if not op.startswith("Global") and not case["op"].startswith("Global") else {}
    attrs = {k: v for k, v in attrs.items() if (k != "storage_order" or op == "MaxPool")
             and (k != "count_include_pad" or op == "AveragePool") and (k != "p" or op == "LpPool")}
    if op.startswith("Global"):
        attrs = {}
    elif "kernel_shape" not in attrs:
        attrs["kernel_shape"] = [1] * (x.ndim - 2)
    fn = {"MaxPool": alo.max_pool, "AveragePool": alo.average_pool, "LpPool": alo.lp_pool,
          "GlobalAveragePool": alo.global_average_pool, "GlobalMaxPool": alo.global_max_pool}[op]
    try:
        out = fn(x, **attrs)
    except ArgumentError:
        return
    shape = (out[0] if isinstance(out, tuple) else out).shape
    if 0 in shape:
        return
    at = tuple(data.draw(st.integers(0, n - 1)) for n in shape)
    assert fn.explain(x, **attrs, at=at).check()
