"""translate() between every pair of frameworks: the generated snippet, run with the REAL
target framework, reproduces the REAL source framework's result; verify() (both through
arraylens) reports ~0; and the named trouble spots translate as they should."""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = importlib.import_module("tensorflow")
torch = importlib.import_module("torch")
importlib.import_module("onnxruntime")
importlib.import_module("keras")
jax = importlib.import_module("jax")
jax.config.update("jax_enable_x64", True)

from arraylens.translate.conv_transpose import TARGETS, translate  # noqa: E402
from tests.frontends.conformance.test_keras_conv_transpose import run_keras  # noqa: E402
from tests.frontends.conformance.test_onnx_conv import (  # noqa: E402
    ORT_ONLY_REJECTIONS,
    negative_total_padding,
    run_ort,
    torch_full_then_crop,
)
from tests.frontends.conformance.tf_reference import (  # noqa: E402
    tf_transpose,
    tf_transpose_by_jacobian,
    to_first,
    to_last,
)

pytestmark = pytest.mark.conformance


def _tf_dilation_fallback(real: Callable[..., Any]) -> Callable[..., Any]:
    """``tf.nn.conv*_transpose`` as TensorFlow defines it where its CPU kernel refuses
    dilations > 1: the transposed Jacobian of TensorFlow's own forward convolution
    (tests/frontends/conformance/tf_reference.py). With dilation 1 it is TensorFlow's own kernel."""

    def call(input, filters, output_shape, strides, **kw):
        d = kw.get("dilations")
        dl = [1] if d is None else [d] if isinstance(d, int) else list(d)
        if all(v == 1 for v in dl):
            return real(input, filters, output_shape, strides, **kw)
        fmt = kw.get("data_format")
        assert fmt is None or fmt.endswith("C"), fmt  # the callers here are channels-last
        x, f = np.asarray(input), np.asarray(filters)
        shape = [int(v) for v in output_shape]
        padding = kw.get("padding", "SAME")
        return tf.constant(tf_transpose_by_jacobian(x, f, shape, x.ndim - 2, strides, padding, d))

    return call


@pytest.fixture
def tf_cpu_dilation(monkeypatch):
    """TensorFlow's CPU kernels refuse dilations > 1 in a transposed convolution (its GPU
    kernels run them); the tests run TensorFlow's definition instead, for the snippets and for
    Keras layers (whose TensorFlow backend calls tf.nn.conv_transpose)."""
    for name in ("conv_transpose", "conv1d_transpose", "conv2d_transpose", "conv3d_transpose"):
        monkeypatch.setattr(tf.nn, name, _tf_dilation_fallback(getattr(tf.nn, name)))


def real_source(kind: str, nd: int, args: dict) -> np.ndarray:
    a = dict(args)
    if kind == "tf":
        x, f, out = a.pop("input"), a.pop("filters"), a.pop("output_shape")
        first = a.pop("data_format", "NHWC")[1] == "C"
        if first:  # TensorFlow's CPU kernel refuses channels-first: through a transposition
            x, out = to_last(x), [out[0], *out[2:], out[1]]
        y = tf_transpose(x, f, out, nd, a["strides"], a["padding"], a.get("dilations", 1))
        return to_first(y) if first else y
    if kind == "torch":
        fn = getattr(torch.nn.functional, f"conv_transpose{nd}d")
        bias = a.pop("bias", None)
        return fn(
            torch.from_numpy(a.pop("input")),
            torch.from_numpy(a.pop("weight")),
            None if bias is None else torch.from_numpy(bias),
            **a,
        ).numpy()
    if kind == "onnx":
        return run_ort("ConvTranspose", a.pop("X"), a.pop("W"), a.pop("B", None), **a)
    if kind == "jax":
        return np.asarray(jax.lax.conv_transpose(a.pop("lhs"), a.pop("rhs"), **a))
    x = a.pop("inputs")
    if a.pop("data_format", "channels_last") == "channels_first":
        # TensorFlow's CPU kernel refuses channels_first: the same layer through a transposition
        return np.moveaxis(run_keras(nd, np.moveaxis(x, 1, -1), a.pop("kernel"), a.pop("bias", None), **a), -1, 1)
    return run_keras(nd, x, a.pop("kernel"), a.pop("bias", None), **a)


@dataclass
class Source:
    op: str
    nd: int
    args: dict
    groups: int = 1
    stride: tuple[int, ...] = ()
    dilation: tuple[int, ...] = ()


JAX_LAYOUTS = {
    1: [None, ("NCH", "OIH", "NCH"), ("NCH", "HOI", "NHC")],
    2: [None, ("NCHW", "OIHW", "NCHW"), ("NHWC", "OIWH", "NCHW"), ("CNHW", "IOHW", "NHWC")],
    3: [None, ("NCDHW", "OIDHW", "NCDHW")],
}
JAX_DEFAULT = {1: ("NHC", "HIO", "NHC"), 2: ("NHWC", "HWIO", "NHWC"), 3: ("NHWDC", "HWDIO", "NHWDC")}
TF_FIRST = {1: "NCW", 2: "NCHW", 3: "NCDHW"}


def random_source(kind: str, rng: random.Random, gen: np.random.Generator) -> Source:
    nd = rng.choice([1, 2, 2, 3])
    k = [rng.randint(1, 4) for _ in range(nd)]
    s = [rng.randint(1, 3) for _ in range(nd)]
    d = [rng.randint(1, 2) for _ in range(nd)] if rng.random() < 0.35 else [1] * nd
    size = [rng.randint(1, 4) for _ in range(nd)]
    c_in, c_out = rng.randint(1, 2), rng.randint(1, 3)
    f32 = np.float32
    if kind == "torch":
        g = rng.choice([1, 1, 2])
        c_in, c_out = g * rng.randint(1, 2), g * rng.randint(1, 2)
        batch = () if rng.random() < 0.25 else (2,)  # torch accepts unbatched inputs
        x = gen.standard_normal((*batch, c_in, *size)).astype(f32)
        w = gen.standard_normal((c_in, c_out // g, *k)).astype(f32)
        pad = [rng.randint(0, (dd * (kk - 1)) // 2 + 1) for kk, dd in zip(k, d, strict=True)]
        # output_padding must be smaller than the stride or the dilation
        op = [rng.randint(0, max(ss, dd) - 1) for ss, dd in zip(s, d, strict=True)]
        args = {
            "input": x,
            "weight": w,
            "stride": tuple(s),
            "padding": tuple(pad),
            "output_padding": tuple(op),
            "groups": g,
            "dilation": tuple(d),
        }
        if rng.random() < 0.5:
            args["bias"] = gen.standard_normal(c_out).astype(f32)
        return Source(f"torch.conv_transpose{nd}d", nd, args, g, tuple(s), tuple(d))
    if kind == "onnx":
        g = rng.choice([1, 1, 2])
        c_in, c_out = g * rng.randint(1, 2), g * rng.randint(1, 2)
        x = gen.standard_normal((1, c_in, *size)).astype(f32)
        w = gen.standard_normal((c_in, c_out // g, *k)).astype(f32)
        args = {"X": x, "W": w, "strides": s}
        if g > 1 or rng.random() < 0.3:
            args["group"] = g
        if any(dd > 1 for dd in d) or rng.random() < 0.2:
            args["dilations"] = d
        r = rng.random()
        if r < 0.4:
            args["pads"] = [rng.randint(0, 1) for _ in range(2 * nd)]
        elif r < 0.7:
            args["auto_pad"] = rng.choice(["SAME_UPPER", "SAME_LOWER"])
        else:
            full = [
                ss * (i - 1) + dd * (kk - 1) + 1
                for i, kk, ss, dd in zip(size, k, s, d, strict=True)
            ]
            args["output_shape"] = [max(1, f - rng.randint(0, 2)) for f in full]
        if rng.random() < 0.4:
            # below the stride, or (the specification allows it, onnxruntime does not) below
            # the dilation
            args["output_padding"] = [
                rng.randint(0, max(ss, dd) - 1) for ss, dd in zip(s, d, strict=True)
            ]
        return Source("onnx.ConvTranspose", nd, args, g, tuple(s), tuple(d))
    if kind == "jax":
        tk = rng.random() < 0.5
        dn = rng.choice(JAX_LAYOUTS[nd])
        lhs_spec, rhs_spec, _ = dn or JAX_DEFAULT[nd]
        spatial = [c for c in rhs_spec if c not in "IO"]
        sizes_x = {"N": 1, "C": c_in, **dict(zip(spatial, size, strict=True))}
        sizes_w = dict(zip(spatial, k, strict=True))
        sizes_w.update({"I": c_out, "O": c_in} if tk else {"I": c_in, "O": c_out})
        x = gen.standard_normal(tuple(sizes_x[c] for c in lhs_spec)).astype(f32)
        w = gen.standard_normal(tuple(sizes_w[c] for c in rhs_spec)).astype(f32)
        keff = [dd * (kk - 1) + 1 for kk, dd in zip(k, d, strict=True)]
        padding = (
            rng.choice(["SAME", "VALID"])
            if rng.random() < 0.5
            else [(rng.randint(-2, ke), rng.randint(-2, ke)) for ke in keff]
        )
        args = {"lhs": x, "rhs": w, "strides": s, "padding": padding, "transpose_kernel": tk}
        if any(dd > 1 for dd in d) or rng.random() < 0.2:
            args["rhs_dilation"] = d
        if dn is not None:
            args["dimension_numbers"] = dn
        return Source("jax.lax.conv_transpose", nd, args, 1, tuple(s), tuple(d))
    if kind == "keras":
        if any(dd > 1 for dd in d):
            s = [1] * nd  # Keras refuses strides > 1 with dilation_rate > 1
        first = rng.random() < 0.3
        x = gen.standard_normal((1, c_in, *size) if first else (1, *size, c_in)).astype(f32)
        w = gen.standard_normal((*k, c_out, c_in)).astype(f32)
        op = rng.choice([None, [rng.randint(0, ss - 1) for ss in s]])
        args = {
            "inputs": x,
            "kernel": w,
            "strides": tuple(s),
            "padding": rng.choice(["same", "valid"]),
            "output_padding": op,
            "dilation_rate": tuple(d),
        }
        if first:
            args["data_format"] = "channels_first"
        if rng.random() < 0.4:
            args["bias"] = gen.standard_normal(c_out).astype(f32)
        return Source(f"keras.Conv{nd}DTranspose", nd, args, 1, tuple(s), tuple(d))
    first = rng.random() < 0.3
    x = gen.standard_normal((1, c_in, *size) if first else (1, *size, c_in)).astype(f32)
    w = gen.standard_normal((*k, c_out, c_in)).astype(f32)
    padding = rng.choice(["SAME", "VALID"])
    keff = [dd * (kk - 1) + 1 for kk, dd in zip(k, d, strict=True)]
    if padding == "SAME":
        out = [i * ss - rng.randint(0, ss - 1) for i, ss in zip(size, s, strict=True)]
    else:
        out = [
            (i - 1) * ss + ke + rng.randint(0, ss - 1)
            for i, ke, ss in zip(size, keff, s, strict=True)
        ]
    args = {
        "input": x,
        "filters": w,
        "output_shape": [1, c_out, *out] if first else [1, *out, c_out],
        "strides": s,
        "padding": padding,
        "dilations": d,
    }
    if first:
        args["data_format"] = TF_FIRST[nd]
    return Source(f"tf.nn.conv{nd}d_transpose", nd, args, 1, tuple(s), tuple(d))


def arrays(kind: str, args: dict) -> tuple:
    names = {
        "tf": ("input", "filters", None),
        "torch": ("input", "weight", "bias"),
        "onnx": ("X", "W", "B"),
        "keras": ("inputs", "kernel", "bias"),
        "jax": ("lhs", "rhs", None),
    }[kind]
    return args[names[0]], args[names[1]], (args.get(names[2]) if names[2] else None)


def expected_reason(src: Source, target: str) -> str | None:
    """What the target cannot express, from the source's own arguments (None: it can)."""
    if target in ("tensorflow", "keras", "jax") and src.groups > 1:
        return "grouped"
    if target == "keras" and max(src.stride) > 1 and max(src.dilation) > 1:
        return "dilation_rate"
    return None


@pytest.mark.parametrize("kind", ["torch", "tf", "onnx", "keras", "jax"])
def test_round_trips_to_every_framework_match_the_real_runtimes(kind: str, tf_cpu_dilation) -> None:
    # fixed seeds (hash() of a str changes from run to run)
    rng = random.Random(SEEDS[kind])
    gen = np.random.default_rng(SEEDS[kind])
    counts = dict.fromkeys(
        ["exact", "with_crop", "impossible", "source_rejected", "spec_oracle", "empty"], 0
    )
    seen = dict.fromkeys(["groups", "dilation", "unbatched", "layout"], 0)
    for case in range(CASES[kind]):
        src = random_source(kind, rng, gen)
        op, nd, args = src.op, src.nd, src.args
        x, w, b = arrays(kind, args)
        try:
            expected = real_source(kind, nd, args)
        except Exception as exc:  # the source framework itself rejects this configuration
            spec_only = kind == "onnx" and (
                negative_total_padding(x.shape, w.shape[2:], args)
                or any(m in str(exc) for m in ORT_ONLY_REJECTIONS)
            )
            if not spec_only:
                counts["source_rejected"] += 1
                continue
            expected = torch_full_then_crop(x, w, b, args)  # the specification's result
            if expected.size == 0:  # no output element: arraylens refuses it too
                counts["source_rejected"] += 1
                continue
            counts["spec_oracle"] += 1
        else:
            if kind == "onnx" and negative_total_padding(x.shape, w.shape[2:], args):
                # onnxruntime clamps here (tests/conformance/test_onnx_spec_differences.py);
                # the translations follow the specification
                expected = torch_full_then_crop(x, w, b, args)
                counts["spec_oracle"] += 1
        if expected.size == 0:
            if kind == "torch":  # PyTorch's oneDNN path returns empty outputs its reference
                counts["source_rejected"] += 1  # path rejects; arraylens rejects them too
                continue
            counts["empty"] += 1  # JAX's empty results translate too
        seen["groups"] += src.groups > 1
        seen["dilation"] += max(src.dilation) > 1
        seen["unbatched"] += kind == "torch" and x.ndim == nd + 1
        seen["layout"] += bool(args.get("data_format") or args.get("dimension_numbers"))
        for target in TARGETS:
            t = translate(op, target, **args)
            where = f"{op} -> {target} case {case}: {t}"
            why = expected_reason(src, target)
            if why is not None:
                assert not t.possible and why in t.reason and why in str(t), where
                counts["impossible"] += 1
                continue
            assert t.possible, where
            counts["exact" if t.exact else "with_crop"] += 1
            assert t.verify(x, w, b) < 1e-4, where
            scope = {"x": x, "w": w, "b": b}
            exec(t.code, scope)  # the snippet, with the real target framework
            got = scope["y"]
            assert got.shape == expected.shape, where
            np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4, err_msg=where)
    print(f"\n{counts} {seen}")
    assert counts["exact"] + counts["with_crop"] >= 40, counts
    # the generator reaches what each source can do
    assert seen["dilation"] >= 3, seen
    if kind in ("torch", "onnx"):
        assert seen["groups"] >= 3 and counts["impossible"] >= 9, (counts, seen)
    if kind == "torch":
        assert seen["unbatched"] >= 3, seen
    if kind in ("tf", "keras", "jax"):
        assert seen["layout"] >= 3, seen


CASES = {"torch": 24, "tf": 20, "onnx": 24, "keras": 24, "jax": 24}
SEEDS = {"torch": 11, "tf": 12, "onnx": 13, "keras": 14, "jax": 15}


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


def test_jax_empty_result_translates_to_every_target(tf_cpu_dilation) -> None:
    """jax.lax.conv_transpose returns an empty array where negative padding leaves no element
    (here crop (5, 5) of a full result of 10). PyTorch refuses a 0-size output, so its
    translation computes the full result and slices it to nothing; every snippet, run with the
    real target, gives JAX's empty shape."""
    gen = np.random.default_rng(3)
    x = gen.standard_normal((1, 3, 2)).astype(np.float32)
    w = gen.standard_normal((4, 2, 2)).astype(np.float32)
    args = {"lhs": x, "rhs": w, "strides": [3], "padding": [(-2, -2)]}
    expected = np.asarray(jax.lax.conv_transpose(x, w, strides=[3], padding=[(-2, -2)]))
    assert expected.shape == (1, 0, 2)
    to_torch = translate("jax.lax.conv_transpose", "torch", **args)
    assert to_torch.possible and to_torch.residual_crop == ((5, 5),)
    assert to_torch.arguments["padding"] == (0,)
    for target in TARGETS:
        t = translate("jax.lax.conv_transpose", target, **args)
        assert t.possible and t.verify(x, w) == 0.0, t
        scope = {"x": x, "w": w, "b": None}
        exec(t.code, scope)
        assert scope["y"].shape == expected.shape, t
