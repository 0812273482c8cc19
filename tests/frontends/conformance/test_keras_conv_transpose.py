"""arraylens.keras against real Keras 3 layers (TensorFlow backend, from tensorflow-cpu).

TensorFlow's CPU kernels refuse dilation_rate > 1 and channels_first in a transposed
convolution; those cases are compared through a layout transposition (channels_first) or with
PyTorch's uncropped result cropped by Keras's and TensorFlow's rules written out here
(dilation), as the issue asks.
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
import os
import random

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = importlib.import_module("keras")

import arraylens.frontends.keras as al  # noqa: E402

pytestmark = pytest.mark.conformance
LAYERS = {
    1: keras.layers.Conv1DTranspose,
    2: keras.layers.Conv2DTranspose,
    3: keras.layers.Conv3DTranspose,
}
FUNCS = {1: al.conv1d_transpose, 2: al.conv2d_transpose, 3: al.conv3d_transpose}


def run_keras(nd, x, kernel, bias, **kwargs) -> np.ndarray:
    layer = LAYERS[nd](
        filters=kernel.shape[-2],
        kernel_size=kernel.shape[:nd],
        use_bias=bias is not None,
        dtype="float64",
        **kwargs,
    )
    layer.build(x.shape)
    layer.set_weights([kernel] + ([bias] if bias is not None else []))
    return np.asarray(layer(x))


def both(nd, x, kernel, bias, kwargs):
    try:
        expected, k_err = run_keras(nd, x, kernel, bias, **kwargs), None
    except Exception as exc:  # ValueError from the layer, InvalidArgumentError from TensorFlow
        expected, k_err = None, exc
    try:
        got, a_err = FUNCS[nd](x, kernel, bias, **kwargs), None
    except (ValueError, TypeError) as exc:
        got, a_err = None, exc
    return expected, k_err, got, a_err


def config(rng: random.Random, nd: int, gen: np.random.Generator):
    kernel_size = [rng.randint(1, 4) for _ in range(nd)]
    strides = [rng.randint(1, 3) for _ in range(nd)] if rng.random() < 0.7 else rng.randint(1, 3)
    s = strides if isinstance(strides, list) else [strides] * nd
    r = rng.random()
    output_padding = (
        None
        if r < 0.35
        else 0
        if r < 0.55
        else [rng.randint(0, x - 1) for x in s]
        if r < 0.85
        else [x for x in s]  # rejected: not smaller than the stride
    )
    padding = rng.choice(["valid", "same", "SAME"])
    c_in, filters = rng.randint(1, 3), rng.randint(1, 3)
    x = gen.standard_normal((rng.randint(1, 2), *[rng.randint(1, 5) for _ in range(nd)], c_in))
    kernel = gen.standard_normal((*kernel_size, filters, c_in))
    bias = gen.standard_normal(filters) if rng.random() < 0.5 else None
    kwargs = {"strides": strides, "padding": padding, "output_padding": output_padding}
    return x, kernel, bias, kwargs


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_random_configs_against_keras_layers(nd: int) -> None:
    rng = random.Random(6000 + nd)
    gen = np.random.default_rng(nd)
    counts = {"ok": 0, "rejected": 0}
    for case in range({1: 90, 2: 90, 3: 50}[nd]):
        x, kernel, bias, kwargs = config(rng, nd, gen)
        expected, k_err, got, a_err = both(nd, x, kernel, bias, kwargs)
        where = f"nd={nd} case {case} x{x.shape} kernel{kernel.shape} {kwargs}"
        if k_err is not None:
            assert a_err is not None, (
                f"{where}: Keras rejected ({str(k_err)[:200]}) but arraylens accepted"
            )
            counts["rejected"] += 1
            continue
        assert a_err is None, f"{where}: Keras accepted, arraylens raised {a_err!r}"
        assert got.shape == expected.shape, where
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9, err_msg=where)
        counts["ok"] += 1
    print(f"\n{counts}")
    assert counts["ok"] >= 25 and counts["rejected"] >= 5, counts


@pytest.mark.parametrize("nd", [1, 2])
def test_channels_first_through_a_layout_transposition(nd: int) -> None:
    rng = random.Random(7000 + nd)
    gen = np.random.default_rng(20 + nd)
    checked = 0
    for _ in range(25):
        x, kernel, bias, kwargs = config(rng, nd, gen)
        try:
            expected = run_keras(nd, x, kernel, bias, **kwargs)
        except Exception:
            continue
        x_cf = np.moveaxis(x, -1, 1)
        got = FUNCS[nd](x_cf, kernel, bias, data_format="channels_first", **kwargs)
        np.testing.assert_allclose(got, np.moveaxis(expected, -1, 1), rtol=1e-9, atol=1e-9)
        checked += 1
    assert checked >= 10


def test_dilation_against_torch_with_keras_and_tensorflow_rules() -> None:
    """dilation_rate > 1 (stride 1): TensorFlow's CPU kernel refuses it; the defined result is
    the full transposed convolution cropped to Keras's output size by TensorFlow's split."""
    torch = importlib.import_module("torch")
    rng = random.Random(8000)
    gen = np.random.default_rng(8)
    for _ in range(40):
        k, d, size = rng.randint(1, 4), rng.randint(2, 3), rng.randint(1, 5)
        padding = rng.choice(["valid", "same"])
        output_padding = rng.choice([None, 0])
        x = gen.standard_normal((1, size, 2))
        kernel = gen.standard_normal((k, 3, 2))
        keff = (k - 1) * d + 1
        if padding == "valid":
            out, begin = size - 1 + keff, 0
        else:
            out = size if output_padding is None else size - 1 + keff % 2
            begin = (keff - 1) // 2  # TensorFlow SAME at stride 1: total keff - 1, odd one after
        full = torch.nn.functional.conv_transpose1d(
            torch.from_numpy(np.moveaxis(x, -1, 1)),
            torch.from_numpy(np.transpose(kernel, (2, 1, 0))),
            dilation=d,
        ).numpy()
        full = np.pad(full, ((0, 0), (0, 0), (0, max(0, begin + out - full.shape[-1]))))
        expected = np.moveaxis(full[..., begin : begin + out], 1, -1)
        try:
            got = al.conv1d_transpose(
                x, kernel, dilation_rate=d, padding=padding, output_padding=output_padding
            )
        except ValueError as exc:
            # TensorFlow's output_shape check refuses e.g. same with an even effective kernel
            assert "TensorFlow rejects it" in str(exc)
            continue
        np.testing.assert_allclose(got, expected, atol=1e-12)


def test_output_padding_none_and_zero_differ() -> None:
    """Trouble spot: Keras output_padding=None vs 0 (kernel 3, stride 2, input 4):
    same gives 8 vs 7, valid gives 9 vs 9 and 10 for output_padding=1."""
    gen = np.random.default_rng(0)
    x = gen.standard_normal((1, 4, 4, 2))
    kernel = gen.standard_normal((3, 3, 5, 2))
    sizes = {}
    for padding in ("same", "valid"):
        for op in (None, 0, 1):
            got = al.conv2d_transpose(x, kernel, strides=2, padding=padding, output_padding=op)
            expected = run_keras(2, x, kernel, None, strides=2, padding=padding, output_padding=op)
            np.testing.assert_allclose(got, expected, atol=1e-12)
            sizes[padding, op] = got.shape[1]
    assert sizes == {
        ("same", None): 8,
        ("same", 0): 7,
        ("same", 1): 8,
        ("valid", None): 9,
        ("valid", 0): 9,
        ("valid", 1): 10,
    }
    # same, None vs 1 have the same size but not the same crop: TensorFlow's SAME split of
    # output 8 vs Keras's (in-1)*stride + k%2 + 1 = 8 - both 8 here, so values agree
    np.testing.assert_allclose(
        al.conv2d_transpose(x, kernel, strides=2, padding="same", output_padding=None),
        al.conv2d_transpose(x, kernel, strides=2, padding="same", output_padding=1),
    )
    e = al.conv2d_transpose.explain(
        x, kernel, strides=2, padding="same", output_padding=0, at=(0, 6, 6, 4)
    )
    assert "output_padding=(0, 0)" in str(e) and e.check()


def test_non_square_kernel_and_strides() -> None:
    """Trouble spot: non-square kernels and strides, checked against the layer."""
    gen = np.random.default_rng(4)
    x = gen.standard_normal((2, 3, 5, 2))
    kernel = gen.standard_normal((2, 3, 3, 2))
    for padding in ("same", "valid"):
        for op in (None, (1, 0)):
            kw = {
                "strides": (3, 1) if op is None else (2, 1),
                "padding": padding,
                "output_padding": op,
            }
            np.testing.assert_allclose(
                al.conv2d_transpose(x, kernel, **kw),
                run_keras(2, x, kernel, None, **kw),
                atol=1e-12,
            )
