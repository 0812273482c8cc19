"""The canonical kernels on their own, against torch: every code path of conv_transpose.

The front-end conformance suites use few channels and TensorFlow's groups=1; these cases reach
the channels-last product path (>= CHANNELS_FIRST_BELOW output channels per group), grouped and
depthwise weights, negative crops (zero extension), and outputs large enough for the threaded
phase fill.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from arraylens.ops.conv import kernel as k

TORCH_T = {1: torch.nn.functional.conv_transpose1d, 2: torch.nn.functional.conv_transpose2d,
           3: torch.nn.functional.conv_transpose3d}
TORCH_F = {1: torch.nn.functional.conv1d, 2: torch.nn.functional.conv2d, 3: torch.nn.functional.conv3d}


def torch_conv_transpose(x: np.ndarray, w: np.ndarray, spec: k.ConvTransposeSpec) -> np.ndarray:
    """torch's full result (padding 0), then the spec's crop with zero extension, channels-last."""
    nd = spec.ndim
    xt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(x, -1, 1)))
    # canonical (*k, C_in, C_out/g) -> torch (C_in, C_out/g, *k)
    wt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(w, (-2, -1), (0, 1))))
    full = TORCH_T[nd](xt, wt, stride=spec.stride, dilation=spec.dilation, groups=spec.groups).numpy()
    full = np.moveaxis(full, 1, -1)
    pad = [(0, 0)] + [(max(-b, 0), max(-e, 0)) for b, e in spec.crop] + [(0, 0)]
    full = np.pad(full, pad)
    sel = (slice(None), *(slice(max(b, 0), full.shape[1 + a] - max(e, 0)) for a, (b, e) in enumerate(spec.crop)))
    return full[sel]


CASES = [
    # (N, spatial, C_in, C_out/g, kernel, stride, dilation, crop, groups)
    (2, (7, 6), 8, 24, (3, 3), (2, 2), (1, 1), ((1, 0), (0, 1)), 1),      # channels-last path
    (1, (5, 5), 6, 16, (4, 3), (2, 3), (1, 2), ((2, 1), (1, 2)), 2),      # grouped, channels-last
    (1, (6, 6), 8, 1, (3, 3), (2, 2), (1, 1), ((1, 1), (1, 1)), 8),       # depthwise
    (2, (4, 5), 3, 2, (3, 2), (3, 2), (2, 1), ((-2, -1), (-1, 3)), 1),    # zero extension
    (1, (130, 129), 2, 2, (3, 3), (2, 2), (1, 1), ((1, 0), (0, 0)), 1),   # threaded phase fill
    (1, (70, 70), 4, 20, (2, 2), (2, 2), (1, 1), ((0, 0), (0, 0)), 1),    # threaded, channels-last
    (3, (9,), 4, 18, (5,), (3,), (2,), ((2, -2),), 2),                    # 1-d, grouped
    (1, (3, 4, 3), 2, 17, (2, 3, 2), (2, 1, 3), (1, 2, 1), ((0, 1), (1, 0), (-1, 0)), 1),  # 3-d
    (2, (5, 4), 6, 20, (2, 3), (2, 3), (1, 1), ((0, 0), (0, 0)), 2),      # kernel == stride: tiling
    (2, (3, 4, 2), 4, 1, (2, 2, 2), (2, 2, 2), (1, 1, 1), ((0, 0),) * 3, 4),  # tiling, channels-first
]


@pytest.mark.parametrize("case", CASES, ids=[f"case{i}" for i in range(len(CASES))])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv_transpose_paths_match_torch(case: tuple, dtype: type) -> None:
    n, size, c_in, c_out_g, kernel, stride, dilation, crop, groups = case
    rng = np.random.default_rng(len(size) * 100 + c_out_g)
    x = rng.standard_normal((n, *size, c_in)).astype(dtype)
    w = rng.standard_normal((*kernel, c_in, c_out_g)).astype(dtype)
    spec = k.ConvTransposeSpec(stride, dilation, crop, groups)
    got = k.conv_transpose(x, w, spec)
    expected = torch_conv_transpose(x, w, spec)
    assert got.dtype == dtype and got.shape == expected.shape
    tol = 1e-4 if dtype == np.float32 else 1e-11
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


def test_the_cases_reach_every_path() -> None:
    outs = [k.ConvTransposeSpec(c[5], c[6], c[7], c[8]).output_size(c[1], c[4]) for c in CASES]
    sizes = [c[0] * int(np.prod(o)) * c[3] * c[8] for c, o in zip(CASES, outs, strict=True)]
    assert any(c[3] >= k.CHANNELS_FIRST_BELOW for c in CASES)
    assert any(c[3] < k.CHANNELS_FIRST_BELOW for c in CASES)
    assert any(s >= k.PARALLEL_FROM for s in sizes)
    assert any(b < 0 or e < 0 for c in CASES for b, e in c[7])
    assert any(c[4] == c[5] and set(c[6]) == {1} and set(c[7]) == {(0, 0)} for c in CASES)


def test_non_contiguous_input() -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 9, 8, 5))[:, ::2, ::-1, :3]
    w = rng.standard_normal((3, 3, 3, 4))
    spec = k.ConvTransposeSpec((2, 2), (1, 1), ((1, 1), (0, 1)))
    np.testing.assert_allclose(k.conv_transpose(x, w, spec), torch_conv_transpose(np.ascontiguousarray(x), w, spec),
                               rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("groups", [1, 3])
def test_forward_conv_matches_torch(groups: int) -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 9, 7, 6))
    w = rng.standard_normal((3, 2, 6 // groups, 9))
    spec = k.ConvSpec((2, 1), (1, 2), ((1, 2), (0, 1)), groups)
    got = k.conv(x, w, spec)
    xt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(np.pad(x, [(0, 0), (1, 2), (0, 1), (0, 0)]), -1, 1)))
    wt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(w, (-1, -2), (0, 1))))
    ref = np.moveaxis(TORCH_F[2](xt, wt, stride=(2, 1), dilation=(1, 2), groups=groups).numpy(), 1, -1)
    np.testing.assert_allclose(got, ref, rtol=1e-11, atol=1e-11)


def test_empty_batches() -> None:
    x = np.zeros((0, 3, 3, 1))
    assert k.conv(x, np.ones((2, 2, 1, 2)), k.ConvSpec((1, 1), (1, 1), ((0, 0), (0, 0)))).shape == (0, 2, 2, 2)
    out = k.conv_transpose(x, np.ones((2, 2, 1, 2)), k.ConvTransposeSpec((1, 1), (1, 1), ((0, 0), (0, 0))))
    assert out.shape == (0, 4, 4, 2)


def test_spec_rules() -> None:
    with pytest.raises(ValueError, match="one entry per spatial axis"):
        k.ConvTransposeSpec((1, 1), (1,), ((0, 0), (0, 0)))
    with pytest.raises(ValueError, match="must be >= 1"):
        k.ConvSpec((0,), (1,), ((0, 0),))
    with pytest.raises(ValueError, match="groups must be >= 1"):
        k.ConvSpec((1,), (1,), ((0, 0),), 0)
    with pytest.raises(ValueError, match="leaves no output"):
        k.conv_transpose(np.ones((1, 2, 1)), np.ones((2, 1, 1)), k.ConvTransposeSpec((1,), (1,), ((2, 2),)))
