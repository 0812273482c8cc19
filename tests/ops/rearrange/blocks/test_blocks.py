"""The block rearrangement kernel against the canonical reshape-transpose-reshape; round trips;
explanations that recompute their value at random indices (hypothesis)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arraylens import onnx as alonnx
from arraylens import tensorflow as altf
from arraylens import torch as altorch
from arraylens.core.errors import ArgumentError
from arraylens.ops.rearrange.blocks.kernel import rearrange
from arraylens.ops.rearrange.blocks.spec import BlockSpec, depth_channel, space_channel


def _input_shape(direction: str, channels_last: bool, b: int, lead: tuple[int, ...]) -> tuple[int, ...]:
    c, h, w = (2 * b * b, 2, 3) if direction == "to_space" else (2, 2 * b, 3 * b)
    return (*lead, h, w, c) if channels_last else (*lead, c, h, w)


@pytest.mark.parametrize(("direction", "order", "channels_last", "b"), list(itertools.product(
    ("to_space", "to_depth"), ("DCR", "CRD"), (False, True), (1, 2, 3))))
def test_kernel_equals_the_canonical_reshape_transpose(direction, order, channels_last, b):
    spec = BlockSpec(direction, b, order, channels_last)
    x = np.random.default_rng(b).random(_input_shape(direction, channels_last, b, (2, 1)))
    split, perm, out_shape = spec.steps(x.shape)
    got = rearrange(x, spec)
    assert got.shape == out_shape
    np.testing.assert_array_equal(got, x.reshape(split).transpose(perm).reshape(out_shape))


def test_channel_formulas_invert_each_other():
    for order, b, channels in itertools.product(("DCR", "CRD"), (1, 2, 3), (1, 2, 5)):
        ks = [depth_channel(order, c, by, bx, b, channels)
              for c in range(channels) for by in range(b) for bx in range(b)]
        assert sorted(ks) == list(range(channels * b * b))
        for k in ks:
            c, by, bx = space_channel(order, k, b, channels)
            assert depth_channel(order, c, by, bx, b, channels) == k


def test_dcr_and_crd_formulas_by_hand():
    # b = 2, C = 3: channel c = 1 at block offset (1, 0)
    assert depth_channel("DCR", 1, 1, 0, 2, 3) == (1 * 2 + 0) * 3 + 1 == 7
    assert depth_channel("CRD", 1, 1, 0, 2, 3) == 1 * 4 + 1 * 2 + 0 == 6


def test_spec_refuses_a_block_below_one():
    with pytest.raises(ArgumentError, match="block size must be a positive integer"):
        BlockSpec("to_space", 0, "DCR")


def test_dtype_is_kept_and_empty_inputs_work():
    x = np.arange(16, dtype=np.int8).reshape(1, 4, 2, 2)
    assert altorch.pixel_shuffle(x, 2).dtype == np.int8
    assert altorch.pixel_shuffle(np.zeros((0, 4, 2, 2), bool), 2).shape == (0, 1, 4, 4)
    assert altorch.pixel_shuffle(np.zeros((1, 4, 2, 2), np.complex64), 2).dtype == np.complex64


_modes = st.sampled_from(["DCR", "CRD"])


@settings(max_examples=60, deadline=None)
@given(b=st.integers(1, 4), n=st.integers(1, 2), c=st.integers(1, 3), h=st.integers(1, 3), w=st.integers(1, 3),
       mode=_modes, seed=st.integers(0, 2**16))
def test_onnx_depth_to_space_after_space_to_depth_is_identity_in_the_same_mode(b, n, c, h, w, mode, seed):
    x = np.random.default_rng(seed).random((n, c, h * b, w * b)).astype(np.float32)
    depth = alonnx.space_to_depth(x, blocksize=b)  # SpaceToDepth is DCR
    back = alonnx.depth_to_space(depth, blocksize=b, mode="DCR")
    np.testing.assert_array_equal(back, x)
    # the inverse of CRD depth_to_space is CRD space_to_depth (torch's pixel_unshuffle)
    np.testing.assert_array_equal(
        altorch.pixel_unshuffle(alonnx.depth_to_space(depth, blocksize=b, mode="CRD"), b), depth)
    assert mode in ("DCR", "CRD")


@settings(max_examples=60, deadline=None)
@given(b=st.integers(2, 4), fmt=st.sampled_from(["NHWC", "NCHW"]), seed=st.integers(0, 2**16))
def test_tf_depth_to_space_after_space_to_depth_is_identity(b, fmt, seed):
    shape = (2, 2 * b, 3 * b, 3) if fmt == "NHWC" else (2, 3, 2 * b, 3 * b)
    x = np.random.default_rng(seed).integers(-50, 50, shape)
    np.testing.assert_array_equal(
        altf.depth_to_space(altf.space_to_depth(x, b, data_format=fmt), b, data_format=fmt), x)


@settings(max_examples=60, deadline=None)
@given(b=st.integers(1, 4), lead=st.lists(st.integers(1, 2), max_size=2), seed=st.integers(0, 2**16))
def test_pixel_shuffle_after_pixel_unshuffle_is_identity(b, lead, seed):
    x = np.random.default_rng(seed).random((*lead, 2, 2 * b, b))
    np.testing.assert_array_equal(altorch.pixel_shuffle(altorch.pixel_unshuffle(x, b), b), x)


_CALLS = {
    "tf.nn.depth_to_space": lambda x, b, m: altf.depth_to_space(x, max(b, 2)),
    "tf.nn.space_to_depth": lambda x, b, m: altf.space_to_depth(x, max(b, 2), data_format="NCHW"),
    "torch.pixel_shuffle": lambda x, b, m: altorch.pixel_shuffle(x, b),
    "torch.pixel_unshuffle": lambda x, b, m: altorch.pixel_unshuffle(x, b),
    "onnx.DepthToSpace": lambda x, b, m: alonnx.depth_to_space(x, blocksize=b, mode=m),
}


@settings(max_examples=80, deadline=None)
@given(op=st.sampled_from(sorted(_CALLS)), b=st.integers(1, 3), mode=_modes, data=st.data())
def test_explain_check_holds_at_random_indices(op, b, mode, data):
    bb = max(b, 2) if op.startswith("tf.") else b
    if op in ("tf.nn.depth_to_space",):
        shape = (1, 2, 3, 2 * bb * bb)
    elif op in ("torch.pixel_shuffle", "onnx.DepthToSpace"):
        shape = (2, 2 * bb * bb, 2, 3)
    else:
        shape = (1, 2, 2 * bb, 3 * bb)
    x = np.random.default_rng(b).permutation(int(np.prod(shape))).reshape(shape)
    fn = {"tf.nn.depth_to_space": altf.depth_to_space, "tf.nn.space_to_depth": altf.space_to_depth,
          "torch.pixel_shuffle": altorch.pixel_shuffle, "torch.pixel_unshuffle": altorch.pixel_unshuffle,
          "onnx.DepthToSpace": alonnx.depth_to_space}[op]
    out = _CALLS[op](x, b, mode)
    at = tuple(data.draw(st.integers(0, n - 1)) for n in out.shape)
    if op == "tf.nn.depth_to_space":
        e = fn.explain(x, bb, at=at)
    elif op == "tf.nn.space_to_depth":
        e = fn.explain(x, bb, data_format="NCHW", at=at)
    elif op == "onnx.DepthToSpace":
        e = fn.explain(x, blocksize=b, mode=mode, at=at)
    else:
        e = fn.explain(x, b, at=at)
    assert e.check()
    assert e.value == out[at]  # the explained value is the call's element
    assert x[tuple(e.details["source"])] == out[at]


def test_block_tiles_are_capped_around_the_explained_cell_and_the_figure_stays_small() -> None:
    from arraylens.frontends import torch as al_torch
    from arraylens.ops.rearrange.blocks.spec import depth_channel
    from arraylens.render.figures import blocks as draw_blocks

    e = al_torch.pixel_shuffle.explain(np.zeros((4096, 1, 1)), 32, at=(3, 31, 17))
    d = e.details
    rows, cols = range(*d["tile_rows"]), range(*d["tile_cols"])
    assert (rows, cols) == (range(16, 32), range(9, 25))
    assert d["tile_channels"] == [2, 3]
    cells = sum(len(r) for tiles in d["tiles"].values() for tile in tiles for r in tile)
    assert cells == 2 * 2 * 16 * 16
    assert d["tiles"]["CRD"][1][15][8] == depth_channel("CRD", 3, 31, 17, 32, 4) == 4081
    figure = draw_blocks(e)
    texts = [t for ax in figure.axes for t in ax.texts]
    assert len(texts) == cells
    assert any(p.get_gid() == "order-explained" for p in figure.axes[0].patches)
