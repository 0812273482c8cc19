"""arraylens.core.arrays.transposed_copy and AxisMap.from_canonical_contiguous: a blocked copy
that must equal NumPy's own transposed copy element for element."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.core import arrays
from arraylens.core.arrays import transposed_copy
from arraylens.core.axis_map import AxisMap


@pytest.mark.parametrize(
    "shape,axes",
    [
        ((1, 256, 256, 16), (0, 3, 1, 2)),  # channels-last to channels-first: the blocked path
        ((2, 70, 90, 33), (0, 3, 1, 2)),  # blocks that do not divide the axis, two images
        ((3, 40, 30, 20, 8), (0, 4, 1, 2, 3)),  # 3-d
        ((5, 70000, 3), (0, 2, 1)),  # 1-d, few channels
        ((300, 1000), (1, 0)),  # no leading axis in common
        ((1, 16, 256, 256), (0, 2, 3, 1)),  # channels-first to channels-last: NumPy's copy
        ((4, 5, 6), (2, 0, 1)),  # small: NumPy's copy
        ((0, 600, 600), (0, 2, 1)),  # empty
    ],
)
def test_equals_numpys_transposed_copy(shape, axes) -> None:
    a = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    got = transposed_copy(a, axes)
    want = np.ascontiguousarray(a.transpose(axes))
    assert got.flags.c_contiguous and got.shape == want.shape and got.dtype == want.dtype
    assert np.array_equal(got, want)


def test_reads_a_strided_source_and_every_dtype() -> None:
    base = np.arange(2 * 300 * 200 * 12, dtype=np.int64).reshape(2, 300, 200, 12)
    a = base[:, ::2, :, ::2]  # not contiguous
    assert np.array_equal(transposed_copy(a, (0, 3, 1, 2)), np.ascontiguousarray(a.transpose(0, 3, 1, 2)))
    c = (base % 7 == 0)[:, :, :, :5]
    assert np.array_equal(transposed_copy(c, (3, 0, 1, 2)), np.ascontiguousarray(c.transpose(3, 0, 1, 2)))


def test_blocks_smaller_than_one_row(monkeypatch) -> None:
    """A block budget below one index of the cut axis still copies every element once."""
    monkeypatch.setattr(arrays, "TRANSPOSE_BLOCK", 7)
    monkeypatch.setattr(arrays, "TRANSPOSE_DIRECT_UP_TO", 0)
    a = np.random.default_rng(1).standard_normal((2, 9, 5, 3))
    assert np.array_equal(transposed_copy(a, (0, 3, 1, 2)), np.ascontiguousarray(a.transpose(0, 3, 1, 2)))


def test_contiguous_view_is_not_copied() -> None:
    a = np.zeros((1, 1, 8, 9))
    assert np.shares_memory(transposed_copy(a, (0, 2, 3, 1)), a)


@pytest.mark.parametrize(
    "amap,shape",
    [
        (AxisMap.channels_first(4), (1, 300, 300, 8)),
        (AxisMap.channels_first(3, add_batch=True), (1, 300, 300, 8)),
        (AxisMap.identity(3), (2, 5, 4)),
    ],
)
def test_axis_map_from_canonical_contiguous(amap, shape) -> None:
    a = np.random.default_rng(2).standard_normal(shape)
    got = amap.from_canonical_contiguous(a)
    assert got.flags.c_contiguous and np.array_equal(got, amap.from_canonical(a))
