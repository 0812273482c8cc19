"""tf.nn.conv*_transpose: arraylens against the real TensorFlow and PyTorch.

360 random configurations (1-, 2-, 3-d; strides 1-3; dilations 1-2; SAME, VALID, explicit;
NHWC-style and NCHW-style; batch 1-3; channels 1-4; float32 and float64). Every configuration
is compared with TensorFlow (directly; through a layout transposition for channels-first, which
TensorFlow's CPU kernel refuses; and, for dilation > 1, which it also refuses, through the
transpose of its forward convolution's Jacobian) and with torch.nn.functional.conv_transpose*d
cropped by TensorFlow's documented padding rule.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from arraylens import tensorflow as al_tf
from tests.frontends.conformance.tf_reference import tf_transpose, to_first, to_last

TORCH_T = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
           3: torch.nn.functional.conv_transpose3d}
FUNCS = {1: al_tf.conv1d_transpose, 2: al_tf.conv2d_transpose, 3: al_tf.conv3d_transpose}
FIRST = {1: "NCW", 2: "NCHW", 3: "NCDHW"}
LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}


def tf_pads(out: int, k: int, s: int, d: int, padding: Any) -> tuple[int, int]:
    """TensorFlow's documented padding of the forward convolution of size ``out``."""
    dk = d * (k - 1) + 1
    if padding == "VALID":
        return 0, 0
    if padding == "SAME":
        n_out = -(-out // s)
        total = max((n_out - 1) * s + dk - out, 0)
        return total // 2, total - total // 2
    return padding


def make_config(seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    nd = int(rng.integers(1, 4))
    max_size = {1: 9, 2: 7, 3: 4}[nd]
    padding_kind = rng.choice(["SAME", "VALID", "EXPLICIT"] if nd == 2 else ["SAME", "VALID"])
    stride = [int(v) for v in rng.integers(1, 4, nd)]
    dilation = [int(v) for v in rng.integers(1, 3, nd)] if rng.random() < 0.3 else [1] * nd
    kernel = [int(v) for v in rng.integers(1, 5 if nd < 3 else 4, nd)]
    c_in, c_out = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    batch = int(rng.integers(1, 4))
    in_size, out_size, pads = [], [], []
    for a in range(nd):
        s, d, k = stride[a], dilation[a], kernel[a]
        dk = d * (k - 1) + 1
        i = int(rng.integers(1, max_size))
        if padding_kind == "SAME":
            o = int(rng.integers((i - 1) * s + 1, i * s + 1))
            p = tf_pads(o, k, s, d, "SAME")
        elif padding_kind == "VALID":
            o = (i - 1) * s + dk + int(rng.integers(0, s))
            p = (0, 0)
        else:
            p = (int(rng.integers(0, 3)), int(rng.integers(0, 3)))
            o = (i - 1) * s + dk - p[0] - p[1] + int(rng.integers(0, s))
            if o < 1:
                o += s * (-(-(1 - o) // s))
                i = (o + p[0] + p[1] - dk) // s + 1
                if i < 1:
                    p = (0, 0)
                    o = (i - 1) * s + dk
        in_size.append(i)
        out_size.append(o)
        pads.append(p)
    channels_first = bool(rng.random() < 0.35)
    dtype = np.float32 if rng.random() < 0.5 else np.float64
    x = rng.standard_normal((batch, *in_size, c_in)).astype(dtype)
    f = rng.standard_normal((*kernel, c_out, c_in)).astype(dtype)
    padding: Any = str(padding_kind)
    if padding_kind == "EXPLICIT":
        padding = [[0, 0], *[list(p) for p in pads], [0, 0]]
    strides_arg: Any = stride if rng.random() < 0.5 else [1, *stride, 1]
    if len(set(stride)) == 1 and rng.random() < 0.5:
        strides_arg = stride[0]
    return {
        "nd": nd, "x": x, "f": f, "output_shape": [batch, *out_size, c_out], "stride": stride,
        "strides_arg": strides_arg, "dilation": dilation, "padding": padding, "pads": pads,
        "channels_first": channels_first, "dtype": dtype,
    }


def call_arraylens(cfg: dict[str, Any]) -> np.ndarray:
    nd = cfg["nd"]
    if not cfg["channels_first"]:
        return FUNCS[nd](cfg["x"], cfg["f"], cfg["output_shape"], cfg["strides_arg"],
                         padding=cfg["padding"], dilations=cfg["dilation"])
    padding = cfg["padding"]
    if not isinstance(padding, str):
        padding = [padding[0], padding[-1], *padding[1:-1]]
    strides = cfg["strides_arg"]
    if isinstance(strides, list) and len(strides) == nd + 2:
        strides = [1, 1, *cfg["stride"]]
    out_shape = [cfg["output_shape"][0], cfg["output_shape"][-1], *cfg["output_shape"][1:-1]]
    res = FUNCS[nd](to_first(cfg["x"]), cfg["f"], out_shape, strides, padding=padding,
                    data_format=FIRST[nd], dilations=cfg["dilation"])
    return to_last(res)


def torch_reference(cfg: dict[str, Any]) -> np.ndarray:
    nd = cfg["nd"]
    x = torch.from_numpy(to_first(cfg["x"]).astype(np.float64))
    w = torch.from_numpy(np.moveaxis(cfg["f"].astype(np.float64), (-1, -2), (0, 1)).copy())
    full = TORCH_T[nd](x, w, stride=cfg["stride"], dilation=cfg["dilation"]).numpy()
    full = to_last(full)
    sel = [slice(None)]
    pad_width = [(0, 0)]
    for a in range(nd):
        b = cfg["pads"][a][0]
        o = cfg["output_shape"][1 + a]
        sel.append(slice(b, b + o))
        pad_width.append((0, max(0, b + o - full.shape[1 + a])))
    pad_width.append((0, 0))
    return np.pad(full, pad_width)[tuple(sel)]


def tolerance(dtype: Any) -> dict[str, float]:
    return {"rtol": 1e-4, "atol": 1e-4} if dtype == np.float32 else {"rtol": 1e-10, "atol": 1e-10}


@pytest.mark.conformance
@pytest.mark.parametrize("seed", range(360))
def test_conv_transpose_matches_tensorflow_and_torch(seed: int) -> None:
    cfg = make_config(seed)
    got = call_arraylens(cfg)
    assert got.dtype == cfg["dtype"]
    assert list(got.shape) == (
        cfg["output_shape"] if not cfg["channels_first"]
        else [cfg["output_shape"][0], *cfg["output_shape"][1:-1], cfg["output_shape"][-1]]
    )
    expected_tf = tf_transpose(cfg["x"], cfg["f"], cfg["output_shape"], cfg["nd"], cfg["strides_arg"],
                               cfg["padding"], cfg["dilation"])
    # the 3-d dilated reference is built from TensorFlow's float32 kernel (see tf_reference)
    tf_dtype = np.float32 if cfg["nd"] == 3 and max(cfg["dilation"]) > 1 else cfg["dtype"]
    np.testing.assert_allclose(got, expected_tf, **tolerance(tf_dtype))
    np.testing.assert_allclose(got, torch_reference(cfg), **tolerance(cfg["dtype"]))


def test_configurations_cover_the_space() -> None:
    cfgs = [make_config(s) for s in range(360)]
    seen = {(c["nd"], c["padding"] if isinstance(c["padding"], str) else "EXPLICIT") for c in cfgs}
    assert seen == {(1, "SAME"), (1, "VALID"), (2, "SAME"), (2, "VALID"), (2, "EXPLICIT"),
                    (3, "SAME"), (3, "VALID")}
    assert {max(c["stride"]) for c in cfgs} == {1, 2, 3}
    assert {max(c["dilation"]) for c in cfgs} == {1, 2}
    assert {c["channels_first"] for c in cfgs} == {True, False}
    assert {c["dtype"] for c in cfgs} == {np.float32, np.float64}
    assert {c["x"].shape[0] for c in cfgs} == {1, 2, 3}
