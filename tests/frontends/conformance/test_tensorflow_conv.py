"""tf.nn.conv1d/conv2d/conv3d: arraylens against the real TensorFlow.

150 random configurations: strides 1-3, dilations 1-2, SAME/VALID/explicit, grouped
convolution (input depth a multiple of the filter depth), channels-last and (through a layout
transposition) channels-first, float32 and float64.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from arraylens import tensorflow as al_tf
from tests.frontends.conformance.tf_reference import tf_forward, to_first, to_last

AL = {1: al_tf.conv1d, 2: al_tf.conv2d, 3: al_tf.conv3d}
FIRST = {1: "NCW", 2: "NCHW", 3: "NCDHW"}


def make_config(seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(5000 + seed)
    nd = int(rng.integers(1, 4))
    stride = [int(v) for v in rng.integers(1, 4, nd)]
    # TensorFlow's CPU Conv3D refuses dilation > 1 in float64
    dtype = np.float32 if rng.random() < 0.5 else np.float64
    use_dilation = rng.random() < 0.3 and not (nd == 3 and dtype == np.float64)
    dilation = [int(v) for v in rng.integers(1, 3, nd)] if use_dilation else [1] * nd
    kernel = [int(v) for v in rng.integers(1, 4, nd)]
    groups = int(rng.choice([1, 1, 2])) if nd < 3 else 1
    c_in, c_out = groups * int(rng.integers(1, 3)), groups * int(rng.integers(1, 3))
    size = [int(rng.integers(d * (k - 1) + 1, d * (k - 1) + 6)) for k, d in zip(kernel, dilation, strict=True)]
    padding: Any = str(rng.choice(["SAME", "VALID", "EXPLICIT"] if nd == 2 else ["SAME", "VALID"]))
    if padding == "EXPLICIT":
        padding = [[0, 0], *[[int(v) for v in rng.integers(0, 3, 2)] for _ in range(nd)], [0, 0]]
    batch = int(rng.integers(1, 3))
    x = rng.standard_normal((batch, *size, c_in)).astype(dtype)
    f = rng.standard_normal((*kernel, c_in // groups, c_out)).astype(dtype)
    return {"nd": nd, "x": x, "f": f, "stride": stride, "dilation": dilation, "padding": padding,
            "channels_first": bool(rng.random() < 0.3), "dtype": dtype}


def call_arraylens(cfg: dict[str, Any]) -> np.ndarray:
    nd = cfg["nd"]
    strides: Any = [1, *cfg["stride"], 1] if nd == 3 else cfg["stride"]
    dilations: Any = [1, *cfg["dilation"], 1] if nd == 3 else cfg["dilation"]
    kw = {"stride" if nd == 1 else "strides": strides}
    if not cfg["channels_first"]:
        return AL[nd](cfg["x"], cfg["f"], padding=cfg["padding"], dilations=dilations, **kw)
    padding = cfg["padding"]
    if not isinstance(padding, str):
        padding = [padding[0], padding[-1], *padding[1:-1]]
    if nd == 3:
        kw = {"strides": [1, 1, *cfg["stride"]]}
        dilations = [1, 1, *cfg["dilation"]]
    res = AL[nd](to_first(cfg["x"]), cfg["f"], padding=padding, data_format=FIRST[nd], dilations=dilations, **kw)
    return to_last(res)


def torch_conv3d(x: np.ndarray, f: np.ndarray, stride: list[int], pads: list[tuple[int, int]]) -> np.ndarray:
    xp = np.pad(x, [(0, 0), *pads, (0, 0)])
    w = torch.from_numpy(np.ascontiguousarray(np.moveaxis(f, (-1, -2), (0, 1))))
    res = torch.nn.functional.conv3d(torch.from_numpy(np.ascontiguousarray(to_first(xp))), w, stride=stride)
    return to_last(res.numpy())


def same_pads(size: int, k: int, s: int) -> tuple[int, int]:
    total = max((-(-size // s) - 1) * s + k - size, 0)
    return total // 2, total - total // 2


@pytest.mark.conformance
@pytest.mark.parametrize("seed", range(150))
def test_conv_matches_tensorflow(seed: int) -> None:
    cfg = make_config(seed)
    got = call_arraylens(cfg)
    assert got.dtype == cfg["dtype"]
    if cfg["nd"] == 3 and cfg["dtype"] == np.float64:
        # TensorFlow's float64 CPU Conv3D is wrong for some strided shapes (see the named test
        # below): compare with its float32 kernel, and with torch in float64.
        expected32 = tf_forward(cfg["x"].astype(np.float32), cfg["f"].astype(np.float32), 3,
                                cfg["stride"], cfg["padding"], cfg["dilation"])
        np.testing.assert_allclose(got, expected32, rtol=1e-4, atol=1e-4)
        pads = [(0, 0)] * 3 if cfg["padding"] == "VALID" else [
            same_pads(n, k, s) for n, k, s in zip(cfg["x"].shape[1:-1], cfg["f"].shape[:3], cfg["stride"], strict=True)
        ]
        np.testing.assert_allclose(got, torch_conv3d(cfg["x"], cfg["f"], cfg["stride"], pads), rtol=1e-10, atol=1e-10)
        return
    expected = tf_forward(cfg["x"], cfg["f"], cfg["nd"], cfg["stride"], cfg["padding"], cfg["dilation"])
    assert got.shape == expected.shape
    tol = 1e-4 if cfg["dtype"] == np.float32 else 1e-10
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


@pytest.mark.conformance
def test_tensorflow_float64_conv3d_disagrees_with_its_float32_kernel_and_torch() -> None:
    """Recorded with tensorflow-cpu 2.21: for this SAME, stride (1, 3, 1) Conv3D with a kernel of
    size 1 along the strided axis, the float64 CPU kernel returns different numbers from the
    float32 kernel and from torch; arraylens agrees with the latter two. If TensorFlow fixes it,
    this test fails and the special case above can go."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 5, 3, 7, 1))
    f = rng.standard_normal((3, 1, 3, 1, 2))
    ours = al_tf.conv3d(x, f, [1, 1, 3, 1, 1], "SAME")
    ref = torch_conv3d(x, f, [1, 3, 1], [(1, 1), (0, 0), (1, 1)])
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-12)
    tf32 = tf_forward(x.astype(np.float32), f.astype(np.float32), 3, [1, 3, 1], "SAME", [1, 1, 1])
    np.testing.assert_allclose(ours, tf32, rtol=1e-4, atol=1e-4)
    tf64 = tf_forward(x, f, 3, [1, 3, 1], "SAME", [1, 1, 1])
    assert np.abs(tf64 - ours).max() > 1.0


def test_configurations_cover_groups_dilation_and_layouts() -> None:
    cfgs = [make_config(s) for s in range(150)]
    assert any(c["x"].shape[-1] != c["f"].shape[-2] for c in cfgs)  # grouped
    assert any(max(c["dilation"]) > 1 for c in cfgs)
    assert any(c["channels_first"] for c in cfgs)
    assert any(not isinstance(c["padding"], str) for c in cfgs)
