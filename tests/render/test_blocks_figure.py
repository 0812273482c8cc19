"""The block rearrangement figure: depth channels placed in each channel's block, both orders."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens import onnx as alonnx
from arraylens import tensorflow as altf
from arraylens.render.figures import blocks


def _labels(ax):
    return [t.get_text() for t in ax.texts]


def test_figure_labels_each_cell_with_its_depth_channel_and_outlines_the_element():
    x = np.arange(16, dtype=np.float32).reshape(1, 16, 1, 1)
    e = alonnx.depth_to_space.explain(x, blocksize=2, mode="DCR", at=(0, 1, 1, 0))
    fig = blocks(e)
    order, other = (next(a for a in fig.axes if a.get_label() == name) for name in ("order", "other"))
    # row by = 0 of the blocks of channels c = 0..3, then row by = 1; DCR: k = (by*2 + bx)*4 + c
    assert _labels(order) == [str(k) for k in (0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15)]
    # CRD: k = c*4 + by*2 + bx
    assert _labels(other) == [str(k) for k in (0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15)]
    # the explained element: c = 1, (by, bx) = (1, 0): DCR k = 9, CRD k = 6
    assert "outlined: k = 9" in order.get_title() and "outlined: k = 6" in other.get_title()
    assert any(p.get_gid() == "order-explained" for p in order.patches)


def test_figure_refuses_other_explanations():
    e = altf.depth_to_space.explain(np.zeros((1, 1, 1, 4)), 2, at=(0, 0, 0, 0))
    with pytest.raises(ValueError, match="block rearrangements"):
        blocks(type(e)(op="x", index=(0,), value=0.0, details={"kind": "conv"}))
