"""Canonical kernels on empty operands (zero batch or zero channels) give zero-filled results."""

import numpy as np

from arraylens.ops.conv.kernel import conv, conv_transpose
from arraylens.ops.conv.spec import ConvSpec, ConvTransposeSpec


def test_conv_with_zero_input_channels_is_all_zero() -> None:
    x = np.ones((1, 4, 4, 0))
    w = np.ones((3, 3, 0, 5))
    out = conv(x, w, ConvSpec((1, 1), (1, 1), ((0, 0), (0, 0))))
    assert out.shape == (1, 2, 2, 5)
    assert not out.any()


def test_conv_and_transpose_with_zero_batch() -> None:
    out = conv(
        np.ones((0, 4, 4, 2)), np.ones((3, 3, 2, 5)), ConvSpec((2, 2), (1, 1), ((1, 1), (1, 1)))
    )
    assert out.shape == (0, 2, 2, 5)
    t = conv_transpose(
        np.ones((0, 2, 2, 2)),
        np.ones((3, 3, 2, 4)),
        ConvTransposeSpec((2, 2), (1, 1), ((0, 0), (0, 0))),
    )
    assert t.shape == (0, 5, 5, 4)
