"""ONNX Resize against the specification's reference implementation (onnx.reference) and
onnxruntime 1.32.

Seeded random configurations over every mode, coordinate_transformation_mode, nearest_mode,
cubic_coeff_a, exclude_outside, antialias, scales (integer and fractional) and sizes (with each
keep_aspect_ratio_policy), axes, outputs of size 1, odd sizes and the float and integer types.
``arraylens.onnx.resize`` follows the specification: it equals the reference evaluator (where
the reference's float64 arithmetic or its own departures from the text differ, each is named
and checked); ``runtime='onnxruntime'`` equals onnxruntime. Each Resize note of RUNTIME_NOTES is a
test, as are the public reports about ONNX Resize.
"""

from __future__ import annotations

import dataclasses
import importlib  # test extras: a missing one must fail, not skip
from typing import Any

import numpy as np
import pytest

importlib.import_module("onnxruntime")
import onnxruntime as ort  # noqa: E402
from onnx import helper, numpy_helper  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402

import arraylens.onnx as alo  # noqa: E402
import arraylens.torch as alt  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402
from arraylens.ops.resize.spec import Precision  # noqa: E402

torch = importlib.import_module("torch")

N_SPEC = 150
N_ORT = 200
COORDS = ("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
          "tf_crop_and_resize")


def _inputs(roi: Any, scales: Any, sizes: Any) -> tuple[list[str], dict[str, np.ndarray]]:
    names = ["X", "", "", ""]
    feeds: dict[str, np.ndarray] = {}
    for i, (name, value, dtype) in enumerate((("roi", roi, np.float32), ("scales", scales, np.float32),
                                              ("sizes", sizes, np.int64)), start=1):
        if value is not None:
            names[i] = name
            feeds[name] = np.asarray(value, dtype)
    while names[-1] == "":
        names.pop()
    return names, feeds


def run_ort(x: np.ndarray, roi: Any = None, scales: Any = None, sizes: Any = None, **attrs: Any) -> np.ndarray:
    """onnxruntime's Resize (opset 19) on ``x``."""
    names, feeds = _inputs(roi, scales, sizes)
    inits = [numpy_helper.from_array(v, k) for k, v in feeds.items()]
    et = helper.np_dtype_to_tensor_dtype(x.dtype)
    graph = helper.make_graph([helper.make_node("Resize", names, ["Y"], **attrs)], "g",
                              [helper.make_tensor_value_info("X", et, x.shape)],
                              [helper.make_tensor_value_info("Y", et, None)], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    options = ort.SessionOptions()
    options.log_severity_level = 4
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return session.run(None, {"X": x})[0]


def run_reference(x: np.ndarray, roi: Any = None, scales: Any = None, sizes: Any = None, **attrs: Any) -> np.ndarray:
    """The ONNX specification's reference implementation (onnx.reference)."""
    names, feeds = _inputs(roi, scales, sizes)
    evaluator = ReferenceEvaluator(helper.make_node("Resize", names, ["Y"], **attrs))
    return evaluator.run(None, {"X": x, **feeds})[0]


def _config(rng: np.random.Generator, for_ort: bool) -> tuple[np.ndarray, dict[str, Any]]:
    mode = str(rng.choice(["nearest", "linear", "cubic"]))
    coord = str(rng.choice(COORDS))
    rank = int(rng.integers(1, 5))
    shape = tuple(int(v) for v in rng.integers(1, 8, rank))
    attrs: dict[str, Any] = {"mode": mode, "coordinate_transformation_mode": coord}
    if mode == "nearest":
        # runtime='onnxruntime' reproduces every nearest_mode (every size pair 1..64:
        # test_runtime_onnxruntime_nearest_every_size_pair)
        attrs["nearest_mode"] = str(rng.choice(["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]))
    if mode == "cubic":
        attrs["cubic_coeff_a"] = float(rng.choice([-0.75, -0.5, -0.6]))
    if mode != "nearest" and rng.random() < 0.3:
        attrs["exclude_outside"] = 1
    if mode != "nearest" and rng.random() < 0.3 and coord != "tf_crop_and_resize":
        attrs["antialias"] = 1
    axes = None
    if rng.random() < 0.3 and rank > 1:
        axes = sorted(int(a) for a in rng.choice(rank, int(rng.integers(1, rank + 1)), replace=False))
        attrs["axes"] = axes
    k = rank if axes is None else len(axes)
    ins = [shape[a] for a in (axes if axes is not None else range(rank))]
    kw: dict[str, Any] = {}
    if rng.random() < 0.5:
        kw["scales"] = [float(rng.choice([0.5, 2.0, 3.0, 1.5, 0.6, 1.7, 2.5, 0.75, 1.0, 0.34])) for _ in range(k)]
        if coord == "tf_crop_and_resize" and for_ort is False:
            kw["scales"] = [float(rng.choice([2.0, 3.0, 1.5])) for _ in range(k)]
    else:
        kw["sizes"] = [int(v) for v in rng.integers(1, 12, k)]
        if rng.random() < 0.1:
            kw["sizes"] = [1] * k
        if rng.random() < 0.2 and k > 1:
            attrs["keep_aspect_ratio_policy"] = str(rng.choice(["not_larger", "not_smaller"]))
    if coord == "tf_crop_and_resize":
        starts = [float(v) for v in rng.uniform(-0.3, 0.5, k).astype(np.float32)]
        ends = [float(v) for v in rng.uniform(0.5, 1.3, k).astype(np.float32)]
        kw["roi"] = starts + ends
        attrs["extrapolation_value"] = float(rng.choice([0.0, -2.5]))
    if for_ort:
        dtype = str(rng.choice(["float32", "float32", "int32", "uint8", "int8"] if mode != "cubic" else ["float32"]))
        if dtype == "int8" and attrs.get("antialias"):
            dtype = "uint8"  # onnxruntime's int8 antialias reads negative values wrongly (left to its tests)
    else:
        dtype = str(rng.choice(["float32", "float64", "float64"]))
    if dtype.startswith("float"):
        x = rng.standard_normal(shape).astype(dtype)
    else:
        x = rng.integers(0 if dtype == "uint8" else -100, 100, shape).astype(dtype)
    del ins
    return x, {**kw, **attrs}


def _ours(x: np.ndarray, kw: dict[str, Any], **extra: Any) -> np.ndarray:
    return alo.resize(x, **kw, **extra)


def test_resize_follows_the_specifications_reference_on_random_configurations() -> None:
    rng = np.random.default_rng(31)
    counted = {"same": 0, "float64 arithmetic": 0, "pytorch_half_pixel of length 1": 0,
               "tf_crop_and_resize size from scales": 0, "fractional output width": 0}
    for case in range(N_SPEC):
        x, kw = _config(rng, for_ort=False)
        what = f"case {case}: {x.shape} {x.dtype} {kw}"
        want = run_reference(x, **kw)
        got = _ours(x, kw)
        if got.shape != want.shape:  # the reference ignores the roi in the output size; the text does not
            assert kw["coordinate_transformation_mode"] == "tf_crop_and_resize" and "scales" in kw, what
            counted["tf_crop_and_resize size from scales"] += 1
            continue
        tol = 1e-5  # the reference's float arithmetic (its cubic weights lose ~1e-7 even on float64 data)
        if np.allclose(got, want, rtol=tol, atol=tol):
            counted["same"] += 1
            continue
        plan = alo.resize.build_plan(x, **kw)
        if kw["coordinate_transformation_mode"] == "pytorch_half_pixel" and 1 in plan.spec.output_shape(x.shape):
            # the reference takes x_original = -0.5 for an output of length 1; the text says 0
            counted["pytorch_half_pixel of length 1"] += 1
            continue
        if kw["coordinate_transformation_mode"] in ("align_corners", "tf_crop_and_resize") and any(
                r.scale * r.in_size != r.out_size for r in plan.spec.resizes):
            # the reference divides by output_width - 1 with the fractional output_width = scale * in; the
            # text by length_resized - 1 (onnxruntime too: the random runtime test checks it)
            counted["fractional output width"] += 1
            continue
        plan.spec = dataclasses.replace(plan.spec, precision=Precision("float64", "divide"))
        np.testing.assert_allclose(plan.compute(), want, rtol=tol, atol=tol, err_msg=what)
        counted["float64 arithmetic"] += 1  # the same rule, the reference's float64 rounding at a tie
    assert counted["same"] > N_SPEC * 0.8, counted


def test_runtime_onnxruntime_matches_onnxruntime_on_random_configurations() -> None:
    rng = np.random.default_rng(32)
    counted = 0
    refused = 0
    for case in range(N_ORT):
        x, kw = _config(rng, for_ort=True)
        what = f"case {case}: {x.shape} {x.dtype} {kw}"
        try:
            want = run_ort(x, **kw)
        except Exception as exc:
            assert "upsamplebase" in str(exc) or "NOT_IMPLEMENTED" in str(exc), f"{what}: {exc}"
            refused += 1
            continue
        got = _ours(x, kw, runtime="onnxruntime")
        assert (got.shape, got.dtype) == (want.shape, want.dtype), what
        if x.dtype.kind in "iu":
            if kw["mode"] == "nearest":
                np.testing.assert_array_equal(got, want, err_msg=what)
            else:  # truncated from float32 sums: a value within rounding of an integer may land either side
                assert np.abs(got.astype(np.int64) - want.astype(np.int64)).max(initial=0) <= 1, what
        else:
            np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-5, err_msg=what)
        counted += 1
    assert counted >= N_ORT * 0.5, (counted, refused)


def test_difference_coordinate_arithmetic_onnxruntime_28085() -> None:
    """microsoft/onnxruntime#28085: nearest, asymmetric, floor, 26 -> 64 picks input 12 for output 32 in
    onnxruntime; the specification (and PyTorch) read 32 * 26 / 64 = 13."""
    x = np.arange(26, dtype=np.float32).reshape(1, 1, 26)
    kw = {"sizes": [1, 1, 64], "mode": "nearest", "coordinate_transformation_mode": "asymmetric",
          "nearest_mode": "floor"}
    assert run_ort(x, **kw)[0, 0, 32] == 12
    assert alo.resize(x, **kw, runtime="onnxruntime")[0, 0, 32] == 12
    assert alo.resize(x, **kw)[0, 0, 32] == 13
    assert run_reference(x, **kw)[0, 0, 32] == 13
    assert alt.interpolate(x, size=64, mode="nearest")[0, 0, 32] == 13
    e = alo.resize.explain(x, **kw, at=(0, 0, 32))
    assert "asymmetric: x_src = 32 / 2.46154 = 13" in str(e) and e.check()
    assert any("28085" in note.onnxruntime for note in alo.RUNTIME_NOTES if note.op_type == "Resize")


def _dynamic_session(coord: str, nearest_mode: str, roi: bool) -> Any:
    """One onnxruntime session of a 1-D nearest Resize whose input length and sizes (and roi) are
    run-time inputs: every size pair runs in the same session."""
    names = ["X", "roi" if roi else "", "", "sizes"]
    inputs = [helper.make_tensor_value_info("X", 1, ["n"]), helper.make_tensor_value_info("sizes", 7, [1])]
    if roi:
        inputs.append(helper.make_tensor_value_info("roi", 1, [2]))
    node = helper.make_node("Resize", names, ["Y"], mode="nearest", coordinate_transformation_mode=coord,
                            nearest_mode=nearest_mode, extrapolation_value=-1.0)
    graph = helper.make_graph([node], "g", inputs, [helper.make_tensor_value_info("Y", 1, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    options = ort.SessionOptions()
    options.log_severity_level = 4
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


@pytest.mark.parametrize("coord,nearest_mode", [
    *[(c, m) for c in COORDS for m in ("round_prefer_floor", "round_prefer_ceil")],
    ("half_pixel_symmetric", "floor"), ("half_pixel_symmetric", "ceil"),
])
def test_runtime_onnxruntime_nearest_every_size_pair(coord: str, nearest_mode: str) -> None:
    """runtime='onnxruntime' picks onnxruntime's nearest pixels on every size pair 1..64 (4,096 per
    rule): its float32 x_original, its tie tolerance of 1e-6 (round_prefer_*) and
    half_pixel_symmetric's double arithmetic (which also moves floor and ceil picks). The
    specification's picks differ on some pairs of every rule but align_corners (whose float32
    ``x * (n - 1) / (m - 1)`` rounds to the exact value's side on every pair up to 64)."""
    roi = [0.125, 0.8125] if coord == "tf_crop_and_resize" else None
    session = _dynamic_session(coord, nearest_mode, roi is not None)
    kw: dict[str, Any] = {"mode": "nearest", "coordinate_transformation_mode": coord, "nearest_mode": nearest_mode}
    if roi is not None:
        kw.update(roi=roi, extrapolation_value=-1.0)
    differs_from_spec = 0
    for n in range(1, 65):
        x = np.arange(n, dtype=np.float32)
        for m in range(1, 65):
            feeds = {"X": x, "sizes": np.array([m], np.int64)}
            if roi is not None:
                feeds["roi"] = np.array(roi, np.float32)
            want = session.run(None, feeds)[0]
            np.testing.assert_array_equal(alo.resize(x, sizes=[m], **kw, runtime="onnxruntime"), want,
                                          err_msg=f"{n} -> {m}")
            differs_from_spec += not np.array_equal(alo.resize(x, sizes=[m], **kw), want)
    assert (differs_from_spec > 0) == (coord != "align_corners"), differs_from_spec


def _tf_half_pixel_for_nn_session(mode: str, nearest_mode: str) -> Any:
    """One onnxruntime session (opset 19) of a Resize of a ``(1, n)`` input to ``sizes`` with the
    deprecated tf_half_pixel_for_nn (onnxruntime runs it, with a warning; linear needs 2-D)."""
    inputs = [helper.make_tensor_value_info("X", 1, [1, "n"]), helper.make_tensor_value_info("sizes", 7, [2])]
    node = helper.make_node("Resize", ["X", "", "", "sizes"], ["Y"], mode=mode,
                            coordinate_transformation_mode="tf_half_pixel_for_nn", nearest_mode=nearest_mode)
    graph = helper.make_graph([node], "g", inputs, [helper.make_tensor_value_info("Y", 1, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    options = ort.SessionOptions()
    options.log_severity_level = 4
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


@pytest.mark.parametrize("mode,nearest_mode", [
    *[("nearest", m) for m in ("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")],
    ("linear", "round_prefer_floor"), ("cubic", "round_prefer_floor"),
])
def test_runtime_onnxruntime_tf_half_pixel_for_nn_every_size_pair(mode: str, nearest_mode: str) -> None:
    """runtime='onnxruntime' runs tf_half_pixel_for_nn (removed from the specification in opset 13)
    as onnxruntime 1.32 does at opset 19, ``x_original = (x + 0.5) / scale`` in float32: nearest
    picks equal on every size pair 1..32 (1,024 per nearest_mode), linear and cubic values within
    float32 rounding. The rule is not half_pixel's (it lacks the ``- 0.5``): the picks differ."""
    session = _tf_half_pixel_for_nn_session(mode, nearest_mode)
    rng = np.random.default_rng(19)
    kw: dict[str, Any] = {"mode": mode, "nearest_mode": nearest_mode, "runtime": "onnxruntime"}
    differs_from_half_pixel = 0
    for n in range(1, 33):
        x = np.arange(n, dtype=np.float32) if mode == "nearest" else rng.standard_normal(n).astype(np.float32)
        x = x.reshape(1, n)
        for m in range(1, 33):
            want = session.run(None, {"X": x, "sizes": np.array([1, m], np.int64)})[0]
            got = alo.resize(x, sizes=[1, m], coordinate_transformation_mode="tf_half_pixel_for_nn", **kw)
            if mode == "nearest":
                np.testing.assert_array_equal(got, want, err_msg=f"{n} -> {m}")
            else:
                np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-5, err_msg=f"{n} -> {m}")
            other = alo.resize(x, sizes=[1, m], coordinate_transformation_mode="half_pixel", **kw)
            differs_from_half_pixel += not np.allclose(other, want, rtol=2e-5, atol=2e-5)
    assert differs_from_half_pixel > 100, differs_from_half_pixel


def test_tf_half_pixel_for_nn_4d_and_the_specifications_refusal() -> None:
    """A 4-D tf_half_pixel_for_nn Resize equals onnxruntime's: an axis of scale 1 is copied (the
    rule would read ``x + 0.5``), an axis whose size stays but whose scale is not 1 (4 * 1.1 -> 4)
    follows the rule. The specification's runtime refuses the mode with the specification's reason."""
    x = np.random.default_rng(5).standard_normal((1, 2, 4, 5)).astype(np.float32)
    for kw in ({"scales": [1, 1, 1, 1.6], "mode": "linear"}, {"scales": [1, 1, 1.1, 1.6], "mode": "linear"},
               {"sizes": [1, 2, 4, 8], "mode": "cubic"}, {"scales": [1, 1, 1, 1.6], "mode": "nearest",
                                                          "nearest_mode": "ceil"},
               {"scales": [1, 1, 2.5, 0.6], "mode": "nearest"},
               {"sizes": [1, 2, 7, 3], "mode": "nearest", "nearest_mode": "round_prefer_ceil"}):
        kw["coordinate_transformation_mode"] = "tf_half_pixel_for_nn"
        want = run_ort(x, **kw)
        got = alo.resize(x, **kw, runtime="onnxruntime")
        assert got.shape == want.shape, kw
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-5, err_msg=str(kw))
        if kw.get("scales") == [1, 1, 1, 1.6]:  # the rows are the input's rows, resized along W only
            rows = alo.resize(x, **{**kw, "scales": [1.6]}, axes=[3], runtime="onnxruntime")
            np.testing.assert_allclose(want, rows, rtol=2e-5, atol=2e-5)
    assert not np.allclose(want, alo.resize(x, **{**kw, "coordinate_transformation_mode": "half_pixel"}))
    with pytest.raises(ArgumentError, match="removed it in opset 13"):
        alo.resize(x, sizes=[1, 2, 7, 3], coordinate_transformation_mode="tf_half_pixel_for_nn")


def test_difference_nearest_near_half() -> None:
    """onnxruntime takes a float32 x_original within 1e-6 of a half as a half: asymmetric, scales
    [0.2857143] on 7 elements, output 1: x_original = 1 / 0.2857143 = 3.49999984, float32
    3.4999998. The specification rounds it to 3 with round_prefer_ceil; onnxruntime reads 4."""
    x = np.arange(7, dtype=np.float32)
    kw = {"scales": [0.2857143], "mode": "nearest", "coordinate_transformation_mode": "asymmetric",
          "nearest_mode": "round_prefer_ceil"}
    assert float(np.float32(1) / np.float32(0.2857143)) == 3.4999997615814209  # not a float32 half
    np.testing.assert_array_equal(run_ort(x, **kw), [0, 4])
    np.testing.assert_array_equal(run_reference(x, **kw), [0, 3])
    np.testing.assert_array_equal(alo.resize(x, **kw), [0, 3])
    np.testing.assert_array_equal(alo.resize(x, **kw, runtime="onnxruntime"), [0, 4])
    # the same tolerance brings onnxruntime back to a half the specification has exactly: half_pixel 28 -> 1
    # is 13.5 (float32 13.499999), round_prefer_ceil reads 14 in both
    y = np.arange(28, dtype=np.float32)
    kw = {"sizes": [1], "mode": "nearest", "coordinate_transformation_mode": "half_pixel",
          "nearest_mode": "round_prefer_ceil"}
    assert float((np.float32(0.5) / (np.float32(1) / np.float32(28))) - np.float32(0.5)) == 13.499999046325684
    assert run_ort(y, **kw)[0] == alo.resize(y, **kw, runtime="onnxruntime")[0] == alo.resize(y, **kw)[0] == 14
    # and only within 1e-6: asymmetric 35 -> 18, output 9 is float32 17.499998 (2 ulp, 1.9e-6 below): 17
    z = np.arange(35, dtype=np.float32)
    kw = {"sizes": [18], "mode": "nearest", "coordinate_transformation_mode": "asymmetric",
          "nearest_mode": "round_prefer_ceil"}
    assert float(np.float32(9) / (np.float32(18) / np.float32(35))) == 17.499998092651367
    assert run_ort(z, **kw)[9] == alo.resize(z, **kw, runtime="onnxruntime")[9] == 17
    assert alo.resize(z, **kw)[9] == 18  # the specification: 9 * 35 / 18 = 17.5 exactly, rounded up
    assert any(note.key == "resize_nearest_near_half" for note in alo.RUNTIME_NOTES)


def test_difference_output_size_from_scales_in_float32() -> None:
    """onnxruntime sizes the output as static_cast<int64_t>(scale * in) with a float32 product: 15 *
    1.6666666 is 24.999999, float32 25.0, so 25 elements; the specification's floor gives 24."""
    x = np.arange(15, dtype=np.float32)
    kw = {"scales": [1.6666666], "mode": "nearest", "coordinate_transformation_mode": "asymmetric",
          "nearest_mode": "floor"}
    assert run_ort(x, **kw).shape == alo.resize(x, **kw, runtime="onnxruntime").shape == (25,)
    assert run_reference(x, **kw).shape == alo.resize(x, **kw).shape == (24,)
    np.testing.assert_array_equal(alo.resize(x, **kw, runtime="onnxruntime"), run_ort(x, **kw))


def test_difference_unchanged_shape_is_copied() -> None:
    """onnxruntime copies the input when the output shape is the input's, whatever the scales:
    half_pixel_symmetric, floor, scales [1.1686623] on 3 elements (3 * 1.1686623 = 3.5: 3 elements)
    reads [0, 1, 1] in the specification; onnxruntime returns the input. Linear too (2-D)."""
    x = np.arange(3, dtype=np.float32)
    kw = {"scales": [1.1686623], "mode": "nearest", "coordinate_transformation_mode": "half_pixel_symmetric",
          "nearest_mode": "floor"}
    np.testing.assert_array_equal(run_ort(x, **kw), [0, 1, 2])
    np.testing.assert_array_equal(alo.resize(x, **kw, runtime="onnxruntime"), [0, 1, 2])
    np.testing.assert_array_equal(alo.resize(x, **kw), [0, 1, 1])
    x2 = np.arange(12, dtype=np.float32).reshape(3, 4)
    kw = {"scales": [1.2, 1.2], "mode": "linear", "coordinate_transformation_mode": "half_pixel"}
    np.testing.assert_array_equal(run_ort(x2, **kw), x2)
    np.testing.assert_array_equal(alo.resize(x2, **kw, runtime="onnxruntime"), x2)
    assert not np.array_equal(alo.resize(x2, **kw), x2)
    # one axis unchanged among resized ones is resampled at its scale, as the specification does
    kw = {"scales": [1.1686623, 2.0], "mode": "nearest", "coordinate_transformation_mode": "half_pixel_symmetric",
          "nearest_mode": "floor"}
    np.testing.assert_array_equal(alo.resize(x2, **kw, runtime="onnxruntime"), run_ort(x2, **kw))
    np.testing.assert_array_equal(run_ort(x2, **kw)[:, 0], [0, 4, 4])


def test_antialias_reads_the_edge_pixel_outside_unlike_pil_and_torch() -> None:
    """ONNX's antialias keeps the stretched filter's taps outside the input (edge padding) unless
    exclude_outside: onnxruntime agrees; PIL and torch's antialias drop them (= exclude_outside=1)."""
    x = np.random.default_rng(1).standard_normal((1, 1, 9, 10)).astype(np.float32)
    kw = {"sizes": [1, 1, 4, 3], "mode": "linear", "antialias": 1}
    spec = alo.resize(x, **kw)
    np.testing.assert_allclose(spec, run_reference(x, **kw), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(spec, run_ort(x, **kw), rtol=1e-5, atol=1e-6)
    torch_aa = alt.interpolate(x, size=(4, 3), mode="bilinear", antialias=True)
    assert np.abs(spec - torch_aa).max() > 1e-3
    np.testing.assert_allclose(alo.resize(x, **kw, exclude_outside=1), torch_aa, rtol=1e-5, atol=1e-6)


def test_difference_tf_crop_and_resize_size_from_scales() -> None:
    x = np.arange(20, dtype=np.float32).reshape(1, 1, 4, 5)
    kw = {"roi": [0, 0, 0.2, 0.1, 1, 1, 0.9, 0.8], "scales": [1, 1, 2, 2], "mode": "linear",
          "coordinate_transformation_mode": "tf_crop_and_resize"}
    assert alo.resize(x, **kw).shape == (1, 1, 5, 7)  # floor(4 * 0.7 * 2), floor(5 * 0.7 * 2)
    assert run_ort(x, **kw).shape == alo.resize(x, **kw, runtime="onnxruntime").shape == (1, 1, 8, 10)


def test_difference_tf_crop_and_resize_on_an_unchanged_axis() -> None:
    x = np.arange(15, dtype=np.float32).reshape(3, 5)
    kw = {"sizes": [3, 1], "roi": [0.48, 0.1, 1.07, 1.05], "mode": "nearest", "nearest_mode": "ceil",
          "coordinate_transformation_mode": "tf_crop_and_resize", "extrapolation_value": -1.0}
    np.testing.assert_array_equal(alo.resize(x, **kw).ravel(), [8, 13, -1])  # rows 0.96, 1.55, 2.14 (outside)
    np.testing.assert_array_equal(run_reference(x, **kw).ravel(), [8, 13, -1])
    np.testing.assert_array_equal(run_ort(x, **kw).ravel(), [3, 8, 13])  # rows 0, 1, 2: copied
    np.testing.assert_array_equal(alo.resize(x, **kw, runtime="onnxruntime").ravel(), [3, 8, 13])


def test_onnx_4276_pytorch_half_pixel_is_not_f_interpolate_for_an_output_of_1() -> None:
    """onnx/onnx#4276 (and pytorch/pytorch#183523): pytorch_half_pixel takes x_original = 0 for an output
    of length 1, F.interpolate (align_corners=False) the centre; elsewhere they agree."""
    x = np.random.default_rng(2).standard_normal((1, 2, 5, 6)).astype(np.float32)
    onnx_1 = alo.resize(x, sizes=[1, 2, 1, 1], mode="linear", coordinate_transformation_mode="pytorch_half_pixel")
    torch_1 = alt.interpolate(x, size=(1, 1), mode="bilinear")
    np.testing.assert_array_equal(onnx_1, x[:, :, :1, :1])
    np.testing.assert_allclose(run_ort(x, sizes=[1, 2, 1, 1], mode="linear",
                                       coordinate_transformation_mode="pytorch_half_pixel"), onnx_1)
    assert np.abs(onnx_1 - torch_1).max() > 1e-3
    onnx_7 = alo.resize(x, sizes=[1, 2, 7, 9], mode="linear", coordinate_transformation_mode="pytorch_half_pixel")
    np.testing.assert_allclose(onnx_7, alt.interpolate(x, size=(7, 9), mode="bilinear"), rtol=1e-6, atol=1e-6)


def test_tensorrt_273_align_corners_false_is_not_asymmetric() -> None:
    """NVIDIA/TensorRT#273: torch's align_corners=False exported as asymmetric: a different resize."""
    x = np.random.default_rng(3).standard_normal((1, 1, 4, 4)).astype(np.float32)
    torch_like = alt.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
    right = alo.resize(x, scales=[1, 1, 2, 2], mode="linear", coordinate_transformation_mode="pytorch_half_pixel")
    wrong = alo.resize(x, scales=[1, 1, 2, 2], mode="linear", coordinate_transformation_mode="asymmetric")
    np.testing.assert_allclose(right, torch_like, rtol=1e-6, atol=1e-6)
    assert np.abs(wrong - torch_like).max() > 0.05
    e = alo.resize.explain(x, scales=[1, 1, 2, 2], mode="linear", coordinate_transformation_mode="asymmetric",
                           at=(0, 0, 3, 3))
    assert "differs: coordinate rule half_pixel instead of asymmetric" in str(e)


def test_onnx_tensorflow_632_1006_pytorch_half_pixel_and_half_pixel_nearest() -> None:
    """onnx/onnx-tensorflow#632 and #1006: pytorch_half_pixel, and nearest with half_pixel, as the
    specification computes them (what a converter must reproduce)."""
    x = np.random.default_rng(4).standard_normal((1, 1, 5, 7)).astype(np.float32)
    for kw in ({"sizes": [1, 1, 9, 4], "mode": "linear", "coordinate_transformation_mode": "pytorch_half_pixel"},
               {"sizes": [1, 1, 9, 4], "mode": "nearest", "coordinate_transformation_mode": "half_pixel"},
               {"sizes": [1, 1, 3, 11], "mode": "nearest", "coordinate_transformation_mode": "half_pixel",
                "nearest_mode": "round_prefer_ceil"}):
        np.testing.assert_allclose(alo.resize(x, **kw), run_reference(x, **kw), rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(alo.resize(x, **kw), run_ort(x, **kw), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("kw", [
    {"mode": "bilinear", "sizes": [1, 1, 3, 3]},
    {"coordinate_transformation_mode": "tf_half_pixel_for_nn", "sizes": [1, 1, 3, 3]},
    {"nearest_mode": "round", "sizes": [1, 1, 3, 3]},
    {"scales": [1, 1, 2, 2], "sizes": [1, 1, 3, 3]},
    {},
    {"sizes": [3, 3]},
    {"scales": [1, 1, 0, 2]},
    {"sizes": [3, 3], "axes": [2, 2]},
    {"sizes": [3, 3], "axes": [2, 4]},
    {"sizes": [1, 1, 3, 3], "runtime": "tensorrt"},
])
def test_refusals(kw: dict[str, Any]) -> None:
    with pytest.raises(ArgumentError) as info:
        alo.resize(np.zeros((1, 1, 4, 4), np.float32), **kw)
    assert str(info.value).startswith("Resize: ") and "\n" not in str(info.value)


def test_explanations_check_for_every_mode_and_rule() -> None:
    rng = np.random.default_rng(6)
    x = rng.standard_normal((1, 2, 6, 5)).astype(np.float32)
    for mode in ("nearest", "linear", "cubic"):
        for coord in COORDS:
            kw: dict[str, Any] = {"sizes": [1, 2, 4, 9], "mode": mode, "coordinate_transformation_mode": coord}
            if coord == "tf_crop_and_resize":
                kw.update(roi=[0, 0, -0.2, 0.1, 1, 1, 0.7, 1.2], extrapolation_value=-7.0)
            y = alo.resize(x, **kw)
            for at in [(0, 0, 0, 0), (0, 1, 3, 8), (0, 1, 2, 4)]:
                e = alo.resize.explain(x, **kw, at=at)
                assert e.check() and e.value == y[at], f"{mode} {coord} {at}: {e}"


@pytest.mark.parametrize("scales", [[1, 1, 1e38, 1e38], [1, 1, 3e38, 2]])
def test_onnxruntime_sizes_past_float32_are_refused_by_the_memory_check(scales: list[float]) -> None:
    # the float32 product scale * n overflows to inf: int(inf) once raised a bare OverflowError
    from arraylens.core.limits import ResourceError

    x = np.ones((1, 1, 4, 4), np.float32)
    for runtime in ("spec", "onnxruntime"):
        with pytest.raises(ResourceError):
            alo.resize(x, scales=scales, mode="nearest", runtime=runtime)


@pytest.mark.parametrize("kw", [{"scales": [1, 1, 2, 2]}, {"sizes": [0, 3, 16, 13]},
                                {"scales": [2, 1.5], "axes": [2, 3]}, {"sizes": [16, 13], "axes": [2, 3]}])
@pytest.mark.parametrize("runtime", ["spec", "onnxruntime"])
def test_empty_batch_stays_empty_and_the_rest_resizes(kw: dict[str, Any], runtime: str) -> None:
    # the specification: output_dimension = floor(0 * scale) = 0; onnxruntime gives the same shape
    x = np.zeros((0, 3, 8, 8), np.float32)
    want = run_ort(x, mode="linear", **kw)
    assert want.shape == (0, 3, 16, {4: 16, 2: 12}.get(len(kw.get("scales", [])), 13))
    got = np.asarray(alo.resize(x, mode="linear", runtime=runtime, **kw))
    assert got.shape == want.shape and got.dtype == want.dtype


def test_empty_axis_asked_to_grow_is_refused_as_onnxruntime_does() -> None:
    x = np.zeros((0, 3, 8, 8), np.float32)
    with pytest.raises(Exception, match="Input dim is zero but required output dim is non-zero"):
        run_ort(x, sizes=[2, 3, 16, 16], mode="linear")
    with pytest.raises(ArgumentError, match="Input dim is zero but required output dim is non-zero"):
        alo.resize(x, sizes=[2, 3, 16, 16], mode="linear")
