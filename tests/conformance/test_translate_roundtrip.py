"""translate() between every pair of frameworks: the generated snippet, run with the REAL
target framework, reproduces the REAL source framework's result; verify() (both through
arraylens) reports ~0; and the named trouble spots translate as they should."""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
import os
import random

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = importlib.import_module("tensorflow")
torch = importlib.import_module("torch")
importlib.import_module("onnxruntime")
importlib.import_module("keras")
jax = importlib.import_module("jax")
jax.config.update("jax_enable_x64", True)

import arraylens.onnx as al_onnx  # noqa: E402
from arraylens.translation import TARGETS, translate  # noqa: E402
from tests.conformance.test_keras_conv_transpose import run_keras  # noqa: E402
from tests.conformance.test_onnx_conv import negative_total_padding, run_ort  # noqa: E402

pytestmark = pytest.mark.conformance


def real_source(kind: str, nd: int, args: dict) -> np.ndarray:
    if kind == "tf":
        fn = getattr(tf.nn, f"conv{nd}d_transpose")
        a = dict(args)
        return fn(a.pop("input"), a.pop("filters"), **a).numpy()
    if kind == "torch":
        fn = getattr(torch.nn.functional, f"conv_transpose{nd}d")
        a = dict(args)
        bias = a.pop("bias", None)
        return fn(
            torch.from_numpy(a.pop("input")),
            torch.from_numpy(a.pop("weight")),
            None if bias is None else torch.from_numpy(bias),
            **a,
        ).numpy()
    if kind == "onnx":
        a = dict(args)
        return run_ort("ConvTranspose", a.pop("X"), a.pop("W"), a.pop("B", None), **a)
    if kind == "jax":
        a = dict(args)
        return np.asarray(jax.lax.conv_transpose(a.pop("lhs"), a.pop("rhs"), **a))
    a = dict(args)
    return run_keras(nd, a.pop("inputs"), a.pop("kernel"), a.pop("bias", None), **a)


def random_source(kind: str, rng: random.Random, gen: np.random.Generator) -> tuple[str, int, dict]:
    nd = rng.choice([1, 2, 2, 3])
    k = [rng.randint(1, 4) for _ in range(nd)]
    s = [rng.randint(1, 3) for _ in range(nd)]
    size = [rng.randint(1, 4) for _ in range(nd)]
    c_in, c_out = rng.randint(1, 2), rng.randint(1, 3)
    f32 = np.float32
    if kind == "torch":
        x = gen.standard_normal((2, c_in, *size)).astype(f32)
        w = gen.standard_normal((c_in, c_out, *k)).astype(f32)
        pad = [rng.randint(0, (kk - 1) // 2 + 1) for kk in k]
        op = [rng.randint(0, ss - 1) for ss in s]
        args = {
            "input": x,
            "weight": w,
            "stride": tuple(s),
            "padding": tuple(pad),
            "output_padding": tuple(op),
        }
        if rng.random() < 0.5:
            args["bias"] = gen.standard_normal(c_out).astype(f32)
        return f"torch.conv_transpose{nd}d", nd, args
    if kind == "onnx":
        x = gen.standard_normal((1, c_in, *size)).astype(f32)
        w = gen.standard_normal((c_in, c_out, *k)).astype(f32)
        args = {"X": x, "W": w, "strides": s}
        r = rng.random()
        if r < 0.4:
            args["pads"] = [rng.randint(0, 1) for _ in range(2 * nd)]
        elif r < 0.7:
            args["auto_pad"] = rng.choice(["SAME_UPPER", "SAME_LOWER"])
        else:
            full = [ss * (i - 1) + kk for i, kk, ss in zip(size, k, s, strict=True)]
            args["output_shape"] = [max(1, f - rng.randint(0, 2)) for f in full]
        if rng.random() < 0.4:
            args["output_padding"] = [rng.randint(0, ss - 1) for ss in s]
        return "onnx.ConvTranspose", nd, args
    if kind == "jax":
        tk = rng.random() < 0.5
        x = gen.standard_normal((1, *size, c_in)).astype(f32)
        w = gen.standard_normal((*k, c_out, c_in) if tk else (*k, c_in, c_out)).astype(f32)
        r = rng.random()
        padding = (
            rng.choice(["SAME", "VALID"])
            if r < 0.5
            else [(rng.randint(-1, kk), rng.randint(-1, kk)) for kk in k]
        )
        return (
            "jax.lax.conv_transpose",
            nd,
            {"lhs": x, "rhs": w, "strides": s, "padding": padding, "transpose_kernel": tk},
        )
    if kind == "keras":
        x = gen.standard_normal((1, *size, c_in)).astype(f32)
        w = gen.standard_normal((*k, c_out, c_in)).astype(f32)
        op = rng.choice([None, [rng.randint(0, ss - 1) for ss in s]])
        return (
            f"keras.Conv{nd}DTranspose",
            nd,
            {
                "inputs": x,
                "kernel": w,
                "strides": tuple(s),
                "padding": rng.choice(["same", "valid"]),
                "output_padding": op,
            },
        )
    x = gen.standard_normal((1, *size, c_in)).astype(f32)
    w = gen.standard_normal((*k, c_out, c_in)).astype(f32)
    padding = rng.choice(["SAME", "VALID"])
    if padding == "SAME":
        out = [i * ss - rng.randint(0, ss - 1) for i, ss in zip(size, s, strict=True)]
    else:
        out = [
            (i - 1) * ss + kk + rng.randint(0, ss - 1) for i, kk, ss in zip(size, k, s, strict=True)
        ]
    return (
        f"tf.nn.conv{nd}d_transpose",
        nd,
        {
            "input": x,
            "filters": w,
            "output_shape": [1, *out, c_out],
            "strides": s,
            "padding": padding,
        },
    )


def arrays(kind: str, args: dict) -> tuple:
    names = {
        "tf": ("input", "filters", None),
        "torch": ("input", "weight", "bias"),
        "onnx": ("X", "W", "B"),
        "keras": ("inputs", "kernel", "bias"),
        "jax": ("lhs", "rhs", None),
    }[kind]
    return args[names[0]], args[names[1]], (args.get(names[2]) if names[2] else None)


@pytest.mark.parametrize("kind", ["torch", "tf", "onnx", "keras", "jax"])
def test_round_trips_to_every_framework_match_the_real_runtimes(kind: str) -> None:
    rng = random.Random(hash(kind) % 1000)
    gen = np.random.default_rng(len(kind))
    counts = {
        "exact": 0,
        "with_crop": 0,
        "impossible": 0,
        "source_rejected": 0,
        "onnx_spec_result": 0,
    }
    for case in range(14):
        op, nd, args = random_source(kind, rng, gen)
        try:
            expected = real_source(kind, nd, args)
        except Exception:  # the source framework itself rejects this configuration
            counts["source_rejected"] += 1
            continue
        if (
            expected.size == 0
        ):  # PyTorch's oneDNN path returns empty outputs its reference path rejects
            counts["source_rejected"] += 1
            continue
        x, w, b = arrays(kind, args)
        if kind == "onnx" and negative_total_padding(x.shape, w.shape[2:], args):
            # onnxruntime departs from the specification here (tests/conformance/
            # test_onnx_spec_differences.py); the translations follow the specification
            expected = al_onnx.conv_transpose(**args)
            counts["onnx_spec_result"] += 1
        for target in TARGETS:
            t = translate(op, target, **args)
            where = f"{op} -> {target} case {case}: {t}"
            if not t.possible:
                counts["impossible"] += 1
                continue
            counts["exact" if t.exact else "with_crop"] += 1
            assert t.verify(x, w, b) < 1e-4, where
            scope = {"x": x, "w": w, "b": b}
            exec(t.code, scope)  # the snippet, with the real target framework
            got = scope["y"]
            assert got.shape == expected.shape, where
            np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4, err_msg=where)
    print(f"\n{counts}")
    assert counts["exact"] + counts["with_crop"] >= 20, counts


def test_tf_same_kernel3_stride2_to_torch_needs_a_slice() -> None:
    """Trouble spot: kernel 3, stride 2, SAME (TensorFlow) in PyTorch: SAME crops (0, 1), which
    padding/output_padding (crop (p, p - op)) cannot express; the snippet slices the last row
    and column, and the result equals TensorFlow's."""
    gen = np.random.default_rng(0)
    x = gen.standard_normal((1, 3, 3, 2)).astype(np.float32)
    f = gen.standard_normal((3, 3, 4, 2)).astype(np.float32)
    args = {"input": x, "filters": f, "output_shape": [1, 6, 6, 4], "strides": 2, "padding": "SAME"}
    t = translate("tf.nn.conv2d_transpose", "torch", **args)
    assert not t.exact and t.residual_crop == ((0, 1), (0, 1))
    assert t.arguments["padding"] == (0, 0) and t.arguments["output_padding"] == (0, 0)
    assert "y = y[:, :, 0:-1, 0:-1]" in t.code
    scope = {"x": x, "w": f, "b": None}
    exec(t.code, scope)
    np.testing.assert_allclose(scope["y"], tf.nn.conv2d_transpose(**args).numpy(), atol=1e-5)


def test_tf_same_even_kernel_stride1_translations() -> None:
    """Trouble spot: TensorFlow SAME with an even kernel and stride 1 pads 1 in total, the odd
    element at the end: crop (0, 1). PyTorch needs a slice; ONNX expresses it exactly with
    pads [0, 1]; Keras's same/None is the same call."""
    gen = np.random.default_rng(1)
    x = gen.standard_normal((1, 5, 1)).astype(np.float32)
    f = gen.standard_normal((2, 1, 1)).astype(np.float32)
    args = {"input": x, "filters": f, "output_shape": [1, 5, 1], "strides": 1, "padding": "SAME"}
    expected = tf.nn.conv1d_transpose(**args).numpy()
    # out[i] = x[i] f[0] + x[i-1] f[1]: the scatter starts at 0, the extra tap is cut at the end
    np.testing.assert_allclose(
        expected[0, 1:, 0], x[0, 1:, 0] * f[0, 0, 0] + x[0, :-1, 0] * f[1, 0, 0], rtol=1e-6
    )
    np.testing.assert_allclose(expected[0, 0, 0], x[0, 0, 0] * f[0, 0, 0], rtol=1e-6)
    to_torch = translate("tf.nn.conv1d_transpose", "torch", **args)
    assert to_torch.residual_crop == ((0, 1),)
    to_onnx = translate("tf.nn.conv1d_transpose", "onnx", **args)
    assert to_onnx.exact and to_onnx.arguments["pads"] == [0, 1]
    to_keras = translate("tf.nn.conv1d_transpose", "keras", **args)
    assert to_keras.exact and to_keras.arguments["padding"] == "same"
    for t in (to_torch, to_onnx, to_keras):
        scope = {"x": x, "w": f, "b": None}
        exec(t.code, scope)
        np.testing.assert_allclose(scope["y"], expected, atol=1e-5)


def test_no_translation_says_why() -> None:
    x, w = np.zeros((1, 4, 3)), np.zeros((4, 2, 3))
    t = translate("torch.conv_transpose1d", "keras", input=x, weight=w, groups=2)
    assert not t.possible and "grouped" in t.reason
    t = translate(
        "torch.conv_transpose1d",
        "keras",
        input=np.zeros((1, 2, 3)),
        weight=np.zeros((2, 2, 3)),
        stride=2,
        dilation=2,
    )
    assert not t.possible and "dilation_rate" in t.reason
    with pytest.raises(ValueError, match="unknown target framework"):
        translate("torch.conv_transpose1d", "mxnet", input=x, weight=w)
    with pytest.raises(ValueError, match="unknown source op"):
        translate("torch.conv9d", "onnx", input=x, weight=w)
