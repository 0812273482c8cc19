"""Poolings translated between frameworks: every snippet EXECUTED in the real target framework
and compared with the real source framework's result; refusals give their reason."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens.cli.main import cli
from arraylens.translate.pool import translate

torch = pytest.importorskip("torch")
tf = pytest.importorskip("tensorflow")
F = torch.nn.functional


def _torch_configs() -> list[tuple[str, dict[str, Any]]]:
    rng = np.random.default_rng(12)
    out: list[tuple[str, dict[str, Any]]] = []
    while len(out) < 48:
        nd = int(rng.integers(1, 3))
        k = int(rng.integers(1, 5))
        s = int(rng.integers(1, 4))
        p = int(rng.integers(0, k // 2 + 1))
        n = int(rng.integers(max(k, 3), 10))
        kw: dict[str, Any] = {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": bool(rng.integers(2))}
        kind = ("max", "avg")[len(out) % 2]
        if kind == "avg":
            kw["count_include_pad"] = bool(rng.integers(2))
        kw["input"] = np.zeros((2, 3, *([n] * nd)), np.float32)
        out.append((f"torch.{kind}_pool{nd}d", kw))
    return out


def _run_torch(op: str, kw: dict[str, Any], x: np.ndarray) -> np.ndarray:
    name = op.removeprefix("torch.")
    args = {k: v for k, v in kw.items() if k != "input"}
    return getattr(F, name)(torch.tensor(x), **args).numpy()


@pytest.mark.parametrize("target", ["torch", "tensorflow"])
def test_random_torch_poolings_run_in_the_target(target: str) -> None:
    rng = np.random.default_rng(5)
    translated = refused = 0
    for op, kw in _torch_configs():
        t = translate(op, target, **kw)
        if not t.possible:
            assert t.reason
            refused += 1
            continue
        x = rng.standard_normal(kw["input"].shape).astype(np.float32)
        np.testing.assert_allclose(t.run(x), _run_torch(op, kw, x), rtol=1e-5, atol=1e-6, err_msg=f"{op} {kw}\n{t}")
        translated += 1
    assert translated >= (48 if target == "torch" else 20)
    if target == "torch":
        assert refused == 0


def test_tf_same_poolings_to_torch_run_in_torch() -> None:
    rng = np.random.default_rng(7)
    for kind in ("max", "avg"):
        for k, s, n in ((3, 2, 6), (2, 2, 7), (3, 1, 5), (4, 3, 9)):
            x = rng.standard_normal((2, n, n + 1, 3)).astype(np.float32)
            t = translate(f"tf.nn.{kind}_pool2d", "torch", input=np.zeros_like(x), ksize=k, strides=s,
                          padding="SAME")
            want = getattr(tf.nn, f"{kind}_pool2d")(x, k, s, "SAME").numpy()
            if not t.possible:  # SAME pads (0, 1) where torch's symmetric padding and ceil_mode cannot
                assert "windows cover other input cells" in t.reason or "output is" in t.reason, t.reason
                continue
            np.testing.assert_allclose(t.run(x), want, rtol=1e-5, atol=1e-6, err_msg=str(t))


def test_count_include_pad_to_tf_is_zero_padding_then_valid() -> None:
    x = np.random.default_rng(1).standard_normal((1, 2, 6, 6)).astype(np.float32)
    t = translate("torch.avg_pool2d", "tensorflow", input=np.zeros_like(x), kernel_size=3, stride=2, padding=1)
    assert t.possible and t.composed
    assert "tf.pad(v, [[0, 0], [1, 1], [1, 1], [0, 0]])" in t.code and "padding='VALID'" in t.code
    assert "its windows cover other input cells" in t.reason
    np.testing.assert_allclose(t.run(x), F.avg_pool2d(torch.tensor(x), 3, 2, 1).numpy(), rtol=1e-6)
    # with the ceil extension: no composition, and why
    t = translate("torch.avg_pool2d", "tensorflow", input=np.zeros_like(x), kernel_size=3, stride=2, padding=1,
                  ceil_mode=True)
    assert not t.possible and "but not by the ceil extension beyond them" in t.reason


def test_adaptive_pooling_divisible_and_not() -> None:
    x = np.random.default_rng(2).standard_normal((1, 2, 6, 9)).astype(np.float32)
    t = translate("torch.adaptive_avg_pool2d", "tensorflow", input=np.zeros_like(x), output_size=(3, 3))
    assert t.possible and "ksize=[2, 3], strides=[2, 3], padding='VALID'" in t.code
    np.testing.assert_allclose(t.run(x), F.adaptive_avg_pool2d(torch.tensor(x), (3, 3)).numpy(), rtol=1e-6)
    # sizes that do not divide: no single op, and the windows written out axis by axis
    t = translate("torch.adaptive_avg_pool2d", "tensorflow", input=np.zeros_like(x), output_size=(4, 4))
    assert t.possible and t.composed and "no adaptive pooling" in t.reason and "do not divide" in t.reason
    assert "tf.reduce_mean(v[:, 0:2], axis=1, keepdims=True)" in t.code
    np.testing.assert_allclose(t.run(x), F.adaptive_avg_pool2d(torch.tensor(x), (4, 4)).numpy(), rtol=1e-6,
                               atol=1e-6)
    t = translate("torch.adaptive_max_pool2d", "onnx", input=np.zeros_like(x), output_size=(4, 5))
    assert t.possible and t.composed and "ONNX has no adaptive pooling" in t.reason
    assert "node('ReduceMax', node('Slice', v, const([0]), const([2]), const([2])), const([2]), keepdims=1)" in t.code
    np.testing.assert_array_equal(t.run(x), F.adaptive_max_pool2d(torch.tensor(x), (4, 5)).numpy())
    t = translate("torch.adaptive_max_pool2d", "keras", input=np.zeros_like(x), output_size=(4, 5))
    assert not t.possible and "Keras has no adaptive pooling" in t.reason


def test_cli_translate_verifies(tmp_path: Any) -> None:
    result = CliRunner().invoke(cli, ["translate", "torch.avg_pool2d", "tensorflow", "--arg", "input=shape:1,3,6,6",
                                      "--arg", "kernel_size=3", "--arg", "stride=2", "--arg", "padding=1", "--verify"])
    assert result.exit_code == 0, result.output
    assert "exact, composed" in result.output
    verified = re.search(r"verified against tensorflow \S+ on random data .*max \|diff\| (\S+) from", result.output)
    assert verified is not None, result.output
    assert float(verified.group(1)) < 1e-6


def test_torch_poolings_to_onnx_run_in_onnxruntime() -> None:
    """Takes effect once the ONNX pooling front-end registers onnx.AveragePool / onnx.MaxPool."""
    from arraylens.core import registry

    pytest.importorskip("onnxruntime")
    if "onnx.AveragePool" not in registry.names():
        pytest.skip("the ONNX pooling front-end is not registered in this build")
    x = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
    t = translate("torch.avg_pool2d", "onnx", input=np.zeros_like(x), kernel_size=3, stride=2, padding=1,
                  ceil_mode=True, count_include_pad=True)
    assert t.possible, t.reason
    assert ("node('AveragePool', v, kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1, "
            "count_include_pad=1)") in t.code
    np.testing.assert_allclose(t.run(x), F.avg_pool2d(torch.tensor(x), 3, 2, 1, ceil_mode=True).numpy(), rtol=1e-6)
    rng = np.random.default_rng(9)
    translated = 0
    for op, kw in _torch_configs():
        t = translate(op, "onnx", **kw)
        if not t.possible:
            assert t.reason
            continue
        xr = rng.standard_normal(kw["input"].shape).astype(np.float32)
        np.testing.assert_allclose(t.run(xr), _run_torch(op, kw, xr), rtol=1e-5, atol=1e-6, err_msg=f"{op} {kw}\n{t}")
        translated += 1
    assert translated >= 24


def test_printed_snippet_runs_as_printed_and_keras_both_ways() -> None:
    keras = pytest.importorskip("keras")
    x = np.zeros((2, 3, 7, 6), np.float32)
    t = translate("torch.max_pool2d", "keras", input=x, kernel_size=2, stride=2)
    assert t.possible and "keras.layers.MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid')" in t.code
    namespace: dict[str, Any] = {}
    exec(str(t).split("\n", 1)[1], namespace)  # everything after the headline, x defined by the snippet
    want = F.max_pool2d(torch.tensor(namespace["x"]), 2, 2).numpy()
    np.testing.assert_array_equal(namespace["y"], want)
    rng = np.random.default_rng(4)
    for layer, k, s, n in (("AveragePooling2D", 3, 2, 6), ("MaxPooling2D", 2, 1, 5), ("AveragePooling1D", 4, 3, 9)):
        nd = int(layer[-2])
        xk = rng.standard_normal((2, *([n] * nd), 3)).astype(np.float32)
        want = keras.ops.convert_to_numpy(getattr(keras.layers, layer)(k, s, padding="same")(xk))
        t = translate(f"keras.{layer}", "torch", x=np.zeros_like(xk), pool_size=k, strides=s, padding="same")
        if t.possible:
            np.testing.assert_allclose(t.run(xk), want, rtol=1e-5, atol=1e-6, err_msg=str(t))
        else:
            assert "its windows cover other input cells" in t.reason or "output is" in t.reason, t.reason
