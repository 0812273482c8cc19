"""The drawable tile of a pooling explanation (``details["view"]``): its output values, winners
and divisors agree with the whole result computed by the kernel, and it stays bounded."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.core.axis_map import AxisMap
from arraylens.ops.pool.plan import PoolPlan
from arraylens.ops.pool.spec import AdaptiveWindows, MaxReduction, MeanReduction, PoolSpec, Window
from arraylens.ops.pool.view import MAX_IN_SIDE, MAX_OUT_SIDE


def _plan(x, axes, red, indices=False):
    return PoolPlan("test.pool", x, PoolSpec(tuple(axes), red), AxisMap.channels_first(x.ndim), x.dtype,
                    return_indices=indices)


def test_corner_of_a_ceil_mode_average_counts_padding_not_extension():
    x = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
    plan = _plan(x, [Window(3, 2, 1, (1, 1), True)] * 2, MeanReduction("padded"))
    view = plan.explain((0, 0, 3, 3)).details["view"]
    assert view["in_start"] == [-1, -1] and view["in_stop"] == [8, 8]
    assert view["divisors"] == [[9, 9, 9, 6], [9, 9, 9, 6], [9, 9, 9, 6], [6, 6, 6, 4]]
    np.testing.assert_allclose(view["out_values"], plan.compute()[0, 0], rtol=1e-6)
    assert view["out_values"][3][3] == 8.75  # 35 / 4
    assert view["windows"][0][3] == [5, 6, 7] and view["focus"] == [3, 3]
    roles = np.asarray(view["roles"])
    assert (roles[1:7, 1:7] == "input").all()
    assert (roles[:, 8] == "extension").all() and (roles[8, :] == "extension").all()
    assert (roles[0, :8] == "padding").all() and (roles[7, :8] == "padding").all()
    assert view["values"][6][6] == 35.0 and view["values"][0][0] is None


@pytest.mark.parametrize("seed", range(6))
def test_tile_agrees_with_the_whole_result(seed):
    rng = np.random.default_rng(seed)
    h, w = rng.integers(4, 14, size=2)
    x = rng.integers(-5, 5, size=(2, 3, h, w)).astype(np.float64)
    k = rng.integers(1, 4, size=2)
    axes = [Window(int(k[i]), int(rng.integers(1, 3)), int(rng.integers(1, 3)),
                   (int(rng.integers(0, k[i] // 2 + 1)),) * 2, bool(rng.integers(2))) for i in range(2)]
    at = (1, 2)
    plan = _plan(x, axes, MaxReduction("last", "plane"), indices=True)
    values, indices = plan.compute()
    out = values.shape[2:]
    pos = tuple(int(rng.integers(0, n)) for n in out)
    view = plan.explain((*at, *pos)).details["view"]
    (r0, c0), (r1, c1) = view["out_start"], view["out_stop"]
    np.testing.assert_array_equal(view["out_values"], values[at][r0:r1, c0:c1])
    for i in range(r1 - r0):
        for j in range(c1 - c0):
            winner = view["winners"][i][j]
            code = indices[at][r0 + i, c0 + j]
            assert (winner is None) == (code < 0)
            if winner is not None:
                assert winner["position"] == list(np.unravel_index(code, (h, w)))
    mean = _plan(x, axes, MeanReduction("padded"))
    mview = mean.explain((*at, *pos)).details["view"]
    np.testing.assert_allclose(mview["out_values"], mean.compute()[at][r0:r1, c0:c1])


def test_adaptive_1d_and_3d_views():
    x = np.arange(30, dtype=np.float64).reshape(1, 3, 10)
    plan = _plan(x, [AdaptiveWindows.torch(10, 4)], MeanReduction("valid"))
    view = plan.explain((0, 1, 1)).details["view"]
    assert view["windows"][1] == [[0, 1, 2], [2, 3, 4], [5, 6, 7], [7, 8, 9]]
    assert view["divisors"] == [[3, 3, 3, 3]]
    np.testing.assert_allclose(view["out_values"][0], plan.compute()[0, 1])
    x3 = np.arange(2 * 5 * 6 * 7, dtype=np.float64).reshape(1, 2, 5, 6, 7)
    p3 = _plan(x3, [Window(2, 2, 1, (1, 1)), Window(3, 2, 1, (1, 1), True), Window(2, 2)], MeanReduction("padded"))
    v3 = p3.explain((0, 1, 1, 2, 1)).details["view"]
    assert v3["depth"]["output"] == 1 and v3["depth"]["positions"] == [1, 2] and v3["depth"]["input"] == 1
    np.testing.assert_allclose(v3["out_values"], p3.compute()[0, 1, 1])


def test_view_is_bounded_and_absent_for_huge_windows():
    x = np.zeros((1, 1, 300, 300), dtype=np.float32)
    plan = _plan(x, [Window(2, 2)] * 2, MaxReduction("last", "plane"))
    view = plan.explain((0, 0, 75, 140)).details["view"]
    assert len(view["out_values"]) <= MAX_OUT_SIDE and len(view["roles"]) <= MAX_IN_SIDE
    assert view["focus"] == [75 - view["out_start"][0], 140 - view["out_start"][1]]
    big = _plan(x, [Window(300)] * 2, MeanReduction("valid"))
    assert big.explain((0, 0, 0, 0)).details["view"] is None
