"""The pooling figure: windows on the input plane, padding and ceil extension hatched, the
output tile with each divisor, the winner ringed."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.core.axis_map import AxisMap
from arraylens.core.explanation import Explanation
from arraylens.ops.pool.plan import PoolPlan
from arraylens.ops.pool.spec import MaxReduction, MeanReduction, PoolSpec, Window
from arraylens.render.figures import pooling


def _panel(fig, name):
    return next(a for a in fig.axes if a.get_label() == name)


def test_torch_ceil_mode_corner_figure():
    x = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
    plan = PoolPlan("torch.avg_pool2d", x, PoolSpec((Window(3, 2, 1, (1, 1), True),) * 2, MeanReduction("padded")),
                    AxisMap.channels_first(4), np.float32)
    fig = pooling(plan.explain((0, 0, 3, 3)))
    ax_in, ax_out = _panel(fig, "input"), _panel(fig, "output")
    gids = [p.get_gid() for p in ax_in.patches]
    # the 9 x 9 drawn cells: 36 input, 8*8 - 36 = 28 padding, 17 ceil extension
    assert gids.count("input") == 36 and gids.count("padding") == 28 and gids.count("extension") == 17
    assert all(p.get_hatch() for p in ax_in.patches if p.get_gid() in ("padding", "extension"))
    (window,) = [p for p in ax_in.patches if p.get_gid() == "explained-window"]
    assert (window.get_x(), window.get_y(), window.get_width(), window.get_height()) == (5.5, 5.5, 3, 3)
    labels = [t.get_text() for t in ax_in.texts]
    assert labels.count("pad") == 28 and labels.count("ceil") == 17 and "35" in labels
    assert all(t.get_bbox_patch() is not None for t in ax_in.texts if t.get_text() in ("pad", "ceil"))
    assert "8.75\n/4" in [t.get_text() for t in ax_out.texts]
    caption = " ".join(" ".join(t.get_text() for t in _panel(fig, "caption").texts).split())
    assert "divisor 4" in caption and "count_include_pad=True" in caption


def test_max_figure_rings_the_winner_and_refuses_other_kinds():
    x = np.array([[[[1, 5, 2], [7, 0, 7], [3, 3, 3]]]], dtype=np.float32)
    plan = PoolPlan("torch.max_pool2d", x, PoolSpec((Window(2, 1),) * 2, MaxReduction("last", "plane")),
                    AxisMap.channels_first(4), np.float32)
    fig = pooling(plan.explain((0, 0, 1, 1)))
    ax_in = _panel(fig, "input")
    (ring,) = [p for p in ax_in.patches if p.get_gid() == "winner"]
    assert (ring.get_x() + 0.36, ring.get_y() + 0.36) == pytest.approx((2, 1))  # x[1, 2] = 7 (ties: first)
    with pytest.raises(ValueError, match="draws poolings"):
        pooling(Explanation(op="x", index=(0,), value=0.0, details={"kind": "pad"}))
