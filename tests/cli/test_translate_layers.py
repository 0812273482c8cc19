"""Issue 18, translate: layer constructors and framework aliases as sources and targets, a
printed script that runs as printed and takes its batch size from the input, and ``--verify``
in the real target framework (torch and tensorflow are installed in the test set-up), with
the arraylens-only fallback when the framework cannot be imported."""

from __future__ import annotations

import re
import sys
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens.cli.main import cli
from arraylens.frontends import keras as al_keras
from arraylens.frontends import torch as al_torch

VERIFIED = re.compile(r"^verified against (\S+) (\S+) on random data .*: max \|diff\| (\S+) from arraylens's exact "
                      r"source result \(values up to (\S+)\)$", re.MULTILINE)


def run(*argv: str) -> str:
    result = CliRunner().invoke(cli, ["translate", *argv])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def error(*argv: str) -> str:
    result = CliRunner().invoke(cli, ["translate", *argv])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def verified(out: str) -> tuple[str, str, float, float]:
    m = VERIFIED.search(out)
    assert m, out
    return m.group(1), m.group(2), float(m.group(3)), float(m.group(4))


def script_of(out: str) -> str:
    return out[out.index("import numpy as np"):out.index("verified against") if "verified" in out else None]


@pytest.mark.parametrize("layer", ["torch.nn.ConvTranspose2d(6, 4, 4, stride=2, padding=1)",
                                   "nn.ConvTranspose2d(6, 4, kernel_size=4, stride=2, padding=1)"])
@pytest.mark.parametrize("target", ["tf", "tensorflow"])
def test_a_torch_layer_into_tensorflow_is_verified_in_tensorflow(layer: str, target: str) -> None:
    out = run(layer, target, "--input-shape", "2,6,5,5", "--verify")
    assert out.startswith(f"# {layer.split('(')[0]}: the layer computes torch.conv_transpose2d with its weight of "
                          "shape (6, 4, 4, 4)")
    assert "torch.conv_transpose2d -> tensorflow: exact" in out
    assert "output_shape=[tf.shape(xt)[0], 10, 10, 4]" in out  # the batch size from the input
    framework, version, diff, scale = verified(out)
    assert framework == "tensorflow" and version.startswith("2.")
    assert scale > 1 and diff < 1e-5 * scale  # float32 sums in another order, nothing more


def test_the_printed_script_runs_as_printed_and_on_another_batch() -> None:
    out = run("torch.nn.ConvTranspose2d(6, 4, 4, stride=2, padding=1)", "tf", "--input-shape", "2,6,5,5")
    code = script_of(out)
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # defines x, w, b itself
    x, w, b = namespace["x"], namespace["w"], namespace["b"]
    assert (x.shape, w.shape, b.shape) == ((2, 6, 5, 5), (6, 4, 4, 4), (4,))
    expected = al_torch.conv_transpose2d(x, w, b, stride=2, padding=1)
    np.testing.assert_allclose(namespace["y"], expected, rtol=1e-5, atol=1e-4)
    other = code.replace("(2, 6, 5, 5)", "(3, 6, 5, 5)")  # the user's batch of 3 in the header
    namespace = {}
    exec(other, namespace)
    assert namespace["y"].shape == (3, 4, 10, 10)
    np.testing.assert_allclose(namespace["y"], al_torch.conv_transpose2d(namespace["x"], namespace["w"],
                               namespace["b"], stride=2, padding=1), rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize(("layer", "shape"), [
    ("keras.layers.Conv2DTranspose(4, 3, strides=2, padding='same')", "2,5,5,6"),
    ("tf.keras.layers.Conv2DTranspose(filters=4, kernel_size=(3, 2), strides=(2, 1), padding='valid', "
     "use_bias=False, kernel_initializer='zeros')", "1,4,3,6"),
    ("keras.layers.Conv1DTranspose(3, 5, strides=3, padding='same')", "2,7,2"),
    ("keras.layers.Conv3DTranspose(2, 2, strides=2)", "1,2,3,2,3"),
])
@pytest.mark.parametrize("target", ["pt", "pytorch"])
def test_keras_layers_into_torch_are_verified_in_torch(layer: str, shape: str, target: str) -> None:
    out = run(layer, target, "--input-shape", shape, "--verify")
    channels = int(shape.split(",")[-1])
    assert re.search(rf"with its kernel of shape \(.*, {channels}\) \(\*kernel_size, filters, input channels "
                     f"{channels} read from the input shape\\)", out)
    framework, version, diff, scale = verified(out)
    assert framework == "torch" and version.startswith("2.13.0")
    assert diff <= 1e-5 * max(scale, 1)
    namespace: dict[str, Any] = {}
    exec(script_of(out), namespace)
    nd = len(shape.split(",")) - 2
    fn = getattr(al_keras, f"conv{nd}d_transpose")
    call = layer[layer.index("(") + 1:-1]
    kwargs = {k: eval(v) for k, v in re.findall(r"(strides|padding)=('[a-z]+'|\([0-9, ]+\)|[0-9]+)", call)}
    expected = fn(namespace["x"], namespace["w"], namespace.get("b"), **kwargs)
    np.testing.assert_allclose(namespace["y"], expected, rtol=1e-5, atol=1e-5)


def test_torch_1d_and_3d_layers_and_grouped_into_onnx_and_jax() -> None:
    out = run("torch.nn.ConvTranspose1d(4, 6, 3, stride=2, groups=2, output_padding=1)", "ort", "--input-shape",
              "2,4,5", "--verify")
    assert "weight of shape (4, 3, 3)" in out and verified(out)[0] == "onnxruntime"
    assert verified(out)[2] <= 1e-5 * verified(out)[3]
    out = run("nn.ConvTranspose3d(2, 3, (2, 3, 1), stride=(1, 2, 1), bias=False)", "jax", "--input-shape",
              "1,2,3,3,2", "--verify")
    assert "weight of shape (2, 3, 2, 3, 1) (in_channels, out_channels/groups, *kernel_size), no bias" in out
    framework, _, diff, scale = verified(out)
    assert framework == "jax" and diff <= 1e-5 * scale


def test_a_torch_layer_without_an_input_shape_assumes_one_and_says_so() -> None:
    out = run("torch.nn.ConvTranspose2d(3, 2, 2)", "keras")
    assert "# input shape assumed (1, 3, 8, 8) (N, C, *spatial); give yours with --input-shape" in out


@pytest.mark.parametrize(("source", "target", "extra"), [
    ("tensorflow.nn.conv2d_transpose", "pytorch", ["--arg", "input=shape:1,3,3,2", "--arg", "filters=shape:3,3,4,2",
                                                   "--arg", "output_shape=1,6,6,4", "--arg", "strides=2"]),
    ("nn.functional.conv_transpose2d", "tf", ["--arg", "input=shape:1,2,3,3", "--arg", "weight=shape:2,4,3,3"]),
    ("pt.pad", "np", ["--input-shape", "2,3", "--arg", "pad=1,2"]),
    ("numpy.pad", "tf", ["--input-shape", "2,3", "--arg", "pad_width=1"]),
    ("tf.nn.depth_to_space", "ort", ["--input-shape", "2,1,1,8", "--arg", "block_size=2"]),
    ("torch.pixel_unshuffle", "tf", ["--arg", "input=[[[[1, 2], [3, 4]]]]", "--arg", "downscale_factor=2"]),
])
def test_framework_aliases_for_sources_and_targets(source: str, target: str, extra: list[str]) -> None:
    out = run(source, target, *extra, "--verify")
    framework, _, diff, _ = verified(out)
    assert framework in ("torch", "tensorflow", "numpy", "onnxruntime") and diff < 1e-5


def test_block_rearrangements_take_the_batch_from_the_input() -> None:
    out = run("tf.nn.depth_to_space", "torch", "--input-shape", "2,1,1,8", "--arg", "block_size=2")
    assert "v.reshape((-1, 1, 1, 2, 2, 2))" in out and "v.reshape((-1, 2, 2, 2))" in out
    namespace: dict[str, Any] = {}
    exec(script_of(out).replace("(2, 1, 1, 8)", "(5, 1, 1, 8)"), namespace)
    assert namespace["y"].shape == (5, 2, 2, 2)


def test_without_the_framework_verify_falls_back_to_arraylens_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # `import tensorflow` now raises ImportError
    out = run("torch.nn.ConvTranspose2d(2, 3, 3, stride=2)", "tf", "--input-shape", "1,2,4,4", "--verify")
    last = out.strip().splitlines()[-1]
    assert last.startswith("not verified in the framework: tensorflow is not importable here (ModuleNotFoundError: ")
    assert last.endswith("checked through arraylens only (the target call computed by arraylens): max |diff| 0")
    out = run("torch.pad", "tf", "--input-shape", "2,3", "--arg", "pad=1,1", "--verify")
    last = out.strip().splitlines()[-1]
    assert last.startswith("not verified in the framework: tensorflow is not importable")
    assert last.endswith("the target's own arraylens front-end accepted the same canonical form when the "
                         "translation was made")
    assert "verified against" not in out
    monkeypatch.setitem(sys.modules, "torch", None)
    out = run("tf.pad", "pt", "--input-shape", "2,3", "--arg", "paddings=1,1;1,1", "--arg", "mode=SYMMETRIC",
              "--verify")
    last = out.strip().splitlines()[-1]
    assert last.startswith("not verified in the framework: torch is not importable")
    assert last.endswith("the composition of moves was written from arraylens's canonical form and not run")
    out = run("torch.nn.Conv2d(2, 3, 3)", "pt", "--verify")  # a forward convolution: torch computed by arraylens
    assert out.strip().splitlines()[-1].endswith("checked through arraylens only (the target call computed by "
                                                 "arraylens): max |diff| 0")


@pytest.mark.parametrize(("argv", "words"), [
    (["torch.nn.Conv2d(3, 8, 3, padding_mode='reflect')", "tf"], "translate that pad (torch.pad) and the"),
    (["keras.layers.Conv1D(8, 3, padding='causal')", "pt", "--input-shape", "1,5,3"], "'causal' pads the start"),
    (["keras.layers.Conv2D(8, 3, activation='relu')", "pt", "--input-shape", "1,5,5,3"], "activation='relu' is"),
    (["keras.layers.Conv2D(8, 3)", "pt"], "give its shape with --input-shape (N,S,S,C, channels_last)"),
    (["keras.layers.Conv2DTranspose(8, 3)", "torch"], "give its shape with --input-shape (N,S,S,C, channels_last)"),
    (["nn.ConvTranspose2d(3, 8, 3, strid=2)", "tf"], "got an unexpected keyword argument 'strid' (its arguments: "),
    (["nn.ConvTranspose2d(3, 8)", "tf"], "missing a required argument: 'kernel_size'"),
    (["nn.ConvTranspose2d(__import__('os'), 8, 3)", "tf"], "is not a literal"),
    (["nn.ConvTranspose2d(3, 8, 3)", "tf", "--input-shape", "1,4,5,5"], "expected an input of shape (N, 3, *, *)"),
    (["nn.ConvTranspose2d(3, 8, 3, padding_mode='reflect')", "tf"], "only 'zeros' padding mode"),
    (["os.system('ls')", "tf"], "unknown layer 'os.system'"),
    (["nn.ConvTranspose2d(3, 8, 3)", "caffe"], "unknown target framework 'caffe'; choose one of"),
    (["tf.nn.conv9d", "torch"], "unknown source 'tf.nn.conv9d'; known: "),
])
def test_refusals_are_one_line(argv: list[str], words: str) -> None:
    assert words in error(*argv)


def test_a_translation_the_target_cannot_make_says_why() -> None:
    out = run("torch.nn.Conv2d(4, 8, 3, groups=2)", "tf", "--verify")
    assert "torch.conv2d -> tensorflow: no translation: tf.nn.conv2d has no groups argument (groups=2)" in out
    assert "verified" not in out


@pytest.mark.parametrize(("source", "shape", "target", "framework"), [
    ("torch.nn.Conv2d(4, 6, 3, stride=2, padding=1)", "2,4,7,6", "tf", "tensorflow"),
    ("nn.Conv1d(4, 6, 3, padding='same', dilation=2)", "2,4,9", "ort", "onnxruntime"),
    ("nn.Conv3d(2, 4, (2, 3, 1), stride=(1, 2, 1), padding=(1, 0, 1), groups=2, bias=False)", "1,2,4,5,3", "pt",
     "torch"),
    ("keras.layers.Conv2D(6, 3, strides=2, padding='same')", "2,7,6,4", "pt", "torch"),
    ("tf.keras.layers.Conv1D(5, 4, padding='same', dilation_rate=2, use_bias=False)", "2,9,3", "ort", "onnxruntime"),
    ("keras.layers.Conv3D(3, 2, strides=(1, 2, 1))", "1,4,5,3,2", "tf", "tensorflow"),
])
def test_forward_convolution_layers_are_verified_in_the_target(source: str, shape: str, target: str,
                                                               framework: str) -> None:
    out = run(source, target, "--input-shape", shape, "--verify")
    assert out.startswith(f"# {source.split('(')[0]}: the layer computes ")
    found, _, diff, scale = verified(out)
    assert found == framework and diff <= 1e-5 * scale
    namespace: dict[str, Any] = {}
    exec(script_of(out), namespace)
    assert namespace["x"].shape == tuple(int(n) for n in shape.split(","))
    if "keras" in source and "use_bias=False" not in source:  # tf.nn.conv has no bias: the script adds it
        assert "y = y + b.reshape(" in out and namespace["b"].shape == (int(source.split("(")[1].split(",")[0]),)


@pytest.mark.parametrize(("source", "args"), [
    ("torch.conv2d", ["input=shape:2,4,7,6", "weight=shape:6,2,3,2", "bias=shape:6", "stride=2", "padding=1",
                      "groups=2"]),
    ("F.conv1d", ["input=shape:4,9", "weight=shape:3,4,3", "padding=same", "dilation=2"]),
    ("tf.nn.conv2d", ["input=shape:2,7,6,3", "filters=shape:3,3,3,5", "strides=2", "padding=SAME"]),
    ("tf.nn.conv3d", ["input=shape:1,5,4,6,2", "filters=shape:2,3,2,2,3", "strides=1,1,2,1,1", "padding=SAME"]),
    ("onnx.Conv", ["X=shape:1,2,6,6", "W=shape:3,2,3,3", "pads=2,0,1,1", "strides=1,2"]),
])
def test_forward_convolution_calls_into_every_target(source: str, args: list[str]) -> None:
    for target, framework in (("torch", "torch"), ("tf", "tensorflow"), ("onnx", "onnxruntime")):
        argv = [a for item in args for a in ("--arg", item)]
        out = run(source, target, *argv, "--verify")
        if "no translation" in out:  # only grouped convolutions into TensorFlow
            assert target == "tf" and "groups=2" in args and "no groups argument (groups=2)" in out
            continue
        found, _, diff, scale = verified(out)
        assert found == framework and diff <= 1e-5 * max(scale, 1), out
