"""arraylens.onnx against onnxruntime (models built with onnx.helper): values and decisions.

onnxruntime's CPU provider implements Conv/ConvTranspose for float32 only, so the comparison
runs in float32. Where onnxruntime and the specification disagree, the test of that case is
named and asserts both facts (see tests/frontends/conformance/test_onnx_spec_differences.py).
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
import random

import numpy as np
import pytest

onnx = importlib.import_module("onnx")
ort = importlib.import_module("onnxruntime")
from onnx import TensorProto, helper  # noqa: E402

import arraylens.frontends.onnx as al  # noqa: E402

pytestmark = pytest.mark.conformance
ort.set_default_logger_severity(4)


def run_ort(op: str, x: np.ndarray, w: np.ndarray, b: np.ndarray | None, **attrs) -> np.ndarray:
    """Build a one-node model with onnx.helper and run it with onnxruntime's CPU provider."""
    names = ["X", "W"] + (["B"] if b is not None else [])
    arrays = [x, w] + ([b] if b is not None else [])
    inputs = [
        helper.make_tensor_value_info(n, TensorProto.FLOAT, a.shape)
        for n, a in zip(names, arrays, strict=True)
    ]
    attrs = {k: v for k, v in attrs.items() if v is not None}
    node = helper.make_node(op, names, ["Y"], **attrs)
    graph = helper.make_graph(
        [node], "g", inputs, [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)]
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 22)])
    model.ir_version = 10
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, dict(zip(names, arrays, strict=True)))[0]


def both(op: str, ours, x, w, b, attrs: dict):
    try:
        expected, o_err = run_ort(op, x, w, b, **attrs), None
    except Exception as exc:  # onnxruntime's Fail / InvalidArgument / RuntimeException
        expected, o_err = None, exc
    try:
        got, a_err = ours(x, w, b, **{k: v for k, v in attrs.items() if v is not None}), None
    except (ValueError, TypeError) as exc:
        got, a_err = None, exc
    return expected, o_err, got, a_err


# onnxruntime 1.32 rejects these configurations that the specification defines (see
# docs/conv-conventions.md); there arraylens is compared with a second oracle instead.
ORT_ONLY_REJECTIONS = (
    "Dilation not supported for AutoPadType",  # Conv: SAME_* with dilation > 1
    "inconsistent with input spatial dimensions",  # ConvTranspose: output_padding >= stride
)


def spec_crop(x_shape, kernel, attrs: dict) -> list[tuple[int, int]]:
    """The specification's ConvTranspose pads, written out again independently of arraylens."""
    nd = len(kernel)
    s = attrs.get("strides") or [1] * nd
    d = attrs.get("dilations") or [1] * nd
    op = attrs.get("output_padding") or [0] * nd
    pads = attrs.get("pads") or [0] * (2 * nd)
    auto_pad = attrs.get("auto_pad", "NOTSET")
    out = []
    for a in range(nd):
        full = s[a] * (x_shape[2 + a] - 1) + (kernel[a] - 1) * d[a] + 1
        target = (attrs.get("output_shape") or [None] * nd)[a]
        if target is None and auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            target = x_shape[2 + a] * s[a]
        if target is None:
            begin, end = (0, 0) if auto_pad == "VALID" else (pads[a], pads[nd + a])
        else:
            total = full + op[a] - target
            if auto_pad == "SAME_UPPER":
                begin, end = total // 2, total - total // 2
            else:
                begin, end = total - total // 2, total // 2
        out.append((begin, end - op[a]))
    return out


def torch_full_then_crop(x, w, b, attrs: dict) -> np.ndarray:
    """Second oracle for ConvTranspose: PyTorch's uncropped transposed convolution, then the
    specification's crop (negative = zeros) and the bias."""
    torch = importlib.import_module("torch")
    nd = x.ndim - 2
    fn = getattr(torch.nn.functional, f"conv_transpose{nd}d")
    full = fn(
        torch.from_numpy(x.astype(np.float64)),
        torch.from_numpy(w.astype(np.float64)),
        stride=attrs.get("strides") or 1,
        dilation=attrs.get("dilations") or 1,
        groups=attrs.get("group", 1),
    ).numpy()
    crop = spec_crop(x.shape, w.shape[2:], attrs)
    pad = [(0, 0), (0, 0), *[(max(-bg, 0), max(-en, 0)) for bg, en in crop]]
    full = np.pad(full, pad)
    sl = (
        slice(None),
        slice(None),
        *(slice(max(bg, 0), full.shape[2 + a] - max(en, 0)) for a, (bg, en) in enumerate(crop)),
    )
    out = full[sl]
    if b is not None:
        out = out + b.reshape((1, -1) + (1,) * nd)
    return out


def ort_with_explicit_pads(x, w, b, attrs: dict) -> np.ndarray:
    """Second oracle for Conv with SAME_* and dilation: onnxruntime with the specification's
    SAME pads written explicitly."""
    nd = x.ndim - 2
    s = attrs.get("strides") or [1] * nd
    d = attrs.get("dilations") or [1] * nd
    begins, ends = [], []
    for a in range(nd):
        i, k = x.shape[2 + a], w.shape[2 + a]
        out = -(-i // s[a])
        total = max(0, (out - 1) * s[a] + (k - 1) * d[a] + 1 - i)
        lo, hi = total // 2, total - total // 2
        begin, end = (lo, hi) if attrs["auto_pad"] == "SAME_UPPER" else (hi, lo)
        begins.append(begin)
        ends.append(end)
    explicit = {**attrs, "auto_pad": "NOTSET", "pads": begins + ends}
    return run_ort("Conv", x, w, b, **explicit)


def negative_total_padding(x_shape, kernel, attrs: dict) -> bool:
    """Whether the specification's derived total padding is negative on some axis (an
    output_shape, or SAME's D*stride, beyond the computed extent: zero extension)."""
    nd = len(kernel)
    if attrs.get("output_shape") is None and attrs.get("auto_pad") not in (
        "SAME_UPPER",
        "SAME_LOWER",
    ):
        return False
    op = attrs.get("output_padding") or [0] * nd
    crop = spec_crop(x_shape, kernel, attrs)
    return any(b + e + o < 0 for (b, e), o in zip(crop, op, strict=True))


def compare(expected, o_err, got, a_err, where: str, second_oracle=None, ort_differs=False) -> str:
    if ort_differs and o_err is None and a_err is None:
        # onnxruntime clamps a negative total padding to 0 (SAME: output = full extent instead of
        # D*stride; output_shape: the zeros land at the end); the specification's formula does
        # not. arraylens follows the specification, checked with the second oracle.
        reference = second_oracle()
        assert got.shape == reference.shape, where
        np.testing.assert_allclose(got, reference, rtol=2e-4, atol=2e-4, err_msg=where)
        return "ort_differs"
    if o_err is not None and any(m in str(o_err) for m in ORT_ONLY_REJECTIONS):
        assert a_err is None, f"{where}: the specification defines this case: {a_err!r}"
        reference = second_oracle()
        assert got.shape == reference.shape, where
        np.testing.assert_allclose(got, reference, rtol=2e-4, atol=2e-4, err_msg=where)
        return "ort_only_rejection"
    if o_err is not None:
        assert a_err is not None, f"{where}: onnxruntime rejected ({o_err}) but arraylens accepted"
        return "rejected"
    assert a_err is None, f"{where}: onnxruntime accepted, arraylens raised {a_err!r}"
    assert got.shape == expected.shape, where
    np.testing.assert_allclose(got, expected, rtol=2e-4, atol=2e-4, err_msg=where)
    return "ok"


def transpose_attrs(rng: random.Random, nd: int, x_shape, kernel) -> dict:
    strides = [rng.randint(1, 3) for _ in range(nd)]
    dilations = [rng.randint(1, 2) for _ in range(nd)] if rng.random() < 0.5 else None
    d = dilations or [1] * nd
    limit = [max(s, dd) - 1 for s, dd in zip(strides, d, strict=True)]
    r = rng.random()
    output_padding = (
        limit
        if r < 0.35
        else [x + 1 for x in limit]
        if r < 0.45
        else None
        if r < 0.7
        else [rng.randint(0, x) for x in limit]
    )
    auto_pad = rng.choice(["NOTSET", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"])
    pads = [rng.randint(0, 2) for _ in range(2 * nd)] if rng.random() < 0.6 else None
    output_shape = None
    if rng.random() < 0.35:
        op = output_padding or [0] * nd
        full = [
            s * (i - 1) + (k - 1) * dd + 1 + o
            for i, k, s, dd, o in zip(x_shape[2:], kernel, strides, d, op, strict=True)
        ]
        # mostly inside the computed extent; sometimes beyond it (zero extension)
        output_shape = [max(1, f - rng.randint(-1 if rng.random() < 0.15 else 0, 3)) for f in full]
    return {
        "auto_pad": auto_pad,
        "dilations": dilations,
        "output_padding": output_padding,
        "output_shape": output_shape,
        "pads": pads,
        "strides": strides,
    }


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_transpose_random_configs(nd: int) -> None:
    rng = random.Random(4000 + nd)
    gen = np.random.default_rng(nd)
    counts = {"ok": 0, "rejected": 0, "ort_only_rejection": 0, "ort_differs": 0}
    for case in range({1: 130, 2: 130, 3: 70}[nd]):
        group = rng.choice([1, 1, 2])
        c = group * rng.randint(1, 2)
        m_g = rng.randint(1, 3)
        kernel = [rng.randint(1, 4) for _ in range(nd)]
        x = gen.standard_normal(
            (rng.randint(1, 2), c, *[rng.randint(1, 5) for _ in range(nd)])
        ).astype(np.float32)
        w = gen.standard_normal((c, m_g, *kernel)).astype(np.float32)
        b = gen.standard_normal(m_g * group).astype(np.float32) if rng.random() < 0.5 else None
        attrs = transpose_attrs(rng, nd, x.shape, kernel)
        attrs["group"] = group
        if rng.random() < 0.3:
            attrs["kernel_shape"] = kernel if rng.random() < 0.7 else [k + 1 for k in kernel]
        res = both("ConvTranspose", al.conv_transpose, x, w, b, attrs)
        where = f"nd={nd} case {case} X{x.shape} W{w.shape} {attrs}"
        outcome = compare(
            *res,
            where=where,
            ort_differs=negative_total_padding(x.shape, kernel, attrs),
            second_oracle=lambda x=x, w=w, b=b, attrs=attrs: torch_full_then_crop(x, w, b, attrs),
        )
        counts[outcome] += 1
        if outcome == "ok":
            # the same values from the second oracle: the specification's crop of torch's result
            np.testing.assert_allclose(
                res[2], torch_full_then_crop(x, w, b, attrs), rtol=2e-4, atol=2e-4, err_msg=where
            )
    print(f"\n{counts}")
    assert counts["ok"] >= 20 and counts["rejected"] >= 10, counts


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_random_configs(nd: int) -> None:
    rng = random.Random(5000 + nd)
    gen = np.random.default_rng(10 + nd)
    counts = {"ok": 0, "rejected": 0, "ort_only_rejection": 0}
    for case in range({1: 100, 2: 100, 3: 50}[nd]):
        group = rng.choice([1, 1, 2])
        c = group * rng.randint(1, 2)
        m = group * rng.randint(1, 2)
        kernel = [rng.randint(1, 4) for _ in range(nd)]
        x = gen.standard_normal(
            (rng.randint(1, 2), c, *[rng.randint(1, 6) for _ in range(nd)])
        ).astype(np.float32)
        w = gen.standard_normal((m, c // group, *kernel)).astype(np.float32)
        b = gen.standard_normal(m).astype(np.float32) if rng.random() < 0.5 else None
        attrs = {
            "auto_pad": rng.choice(["NOTSET", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"]),
            "dilations": [rng.randint(1, 2) for _ in range(nd)] if rng.random() < 0.5 else None,
            "group": group,
            "pads": [rng.randint(0, 2) for _ in range(2 * nd)] if rng.random() < 0.6 else None,
            "strides": [rng.randint(1, 3) for _ in range(nd)],
        }
        res = both("Conv", al.conv, x, w, b, attrs)
        where = f"conv nd={nd} case {case} X{x.shape} W{w.shape} {attrs}"
        counts[
            compare(
                *res,
                where=where,
                second_oracle=lambda x=x, w=w, b=b, attrs=attrs: ort_with_explicit_pads(
                    x, w, b, attrs
                ),
            )
        ] += 1
    print(f"\n{counts}")
    assert counts["ok"] >= {1: 30, 2: 30, 3: 10}[nd] and counts["rejected"] >= 5, counts


@pytest.mark.parametrize(
    "attrs",
    [
        {"pads": [-1, 0]},
        {"strides": [0]},
        {"output_padding": [2], "strides": [2]},
        {"output_shape": [1, 1, 8], "strides": [2]},
        {"pads": [5, 5], "strides": [2]},
        {"kernel_shape": [2]},
        {"group": 2},
    ],
)
def test_conv_transpose_error_paths_rejected_by_both(attrs: dict) -> None:
    x = np.arange(1.0, 5.0, dtype=np.float32).reshape(1, 1, 4)
    w = np.ones((1, 1, 3), np.float32)
    with pytest.raises(Exception):  # noqa: B017 - onnxruntime's own exception classes
        run_ort("ConvTranspose", x, w, None, **attrs)
    with pytest.raises(ValueError):
        al.conv_transpose(x, w, **attrs)
