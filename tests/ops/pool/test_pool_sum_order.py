"""The kernel's sums follow one fixed order per window, whatever the layout or the array's size.

An explanation recomputes one element by running the kernel on the box its window covers; these
tests check, element by element, that it gets the same bits as the whole computation, on NCHW
memory and on NHWC memory (what a channels_last tensor holds), and that the documented order of
:func:`~arraylens.ops.pool.kernel.fixed_order_sum` is the order computed.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from arraylens.ops.pool.explain import kernel_element
from arraylens.ops.pool.kernel import fixed_order_sum, pool, sum_lanes
from arraylens.ops.pool.spec import AdaptiveWindows, MaxReduction, MeanReduction, PoolSpec, Window


def _layouts(shape: tuple[int, ...], seed: int) -> list[np.ndarray]:
    """The same NCHW values as canonical ``(N, H, W, C)`` views: of NCHW memory, of NHWC memory."""
    x = np.random.default_rng(seed).normal(size=shape).astype(np.float32) * 100
    nhwc_memory = np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    return [x.transpose(0, 2, 3, 1), nhwc_memory]


def _documented_order(values: list[np.float32]) -> np.float32:
    """The order fixed_order_sum's docstring states, one float32 addition at a time."""
    n = len(values)
    m = sum_lanes(n)
    q, r = divmod(n, m)

    def tree(cells: list[np.float32]) -> np.float32:
        level = list(cells)
        while len(level) > 1:
            pairs = [np.float32(level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)]
            level = pairs + ([level[-1]] if len(level) % 2 else [])
        return level[0]

    lanes = list(values[:m])
    for i in range(1, q):
        lanes = [np.float32(a + b) for a, b in zip(lanes, values[i * m : (i + 1) * m], strict=True)]
    total = tree(lanes)
    if r:
        total = np.float32(total + tree(values[q * m :]))
    return total


@pytest.mark.parametrize("n", [1, 2, 3, 7, 16, 17, 31, 33, 37, 112, 129, 300, 12544])
def test_fixed_order_sum_is_the_documented_order(n: int) -> None:
    rng = np.random.default_rng(n)
    cells = (rng.normal(size=n) * 10 ** rng.uniform(-3, 3, n)).astype(np.float32)
    got = fixed_order_sum(cells.reshape(1, n, 1), 1, np.dtype(np.float32))
    assert got.shape == (1, 1, 1) and got.dtype == np.float32
    want = _documented_order([np.float32(v) for v in cells])
    assert got.reshape(()).tobytes() == want.tobytes(), (n, got, want)
    # the same cells laid out along another axis, next to other windows: the same bits
    wide = np.stack([cells, cells[::-1], cells], axis=1).reshape(n, 3)
    assert fixed_order_sum(wide, 0, np.dtype(np.float32))[0, 0].tobytes() == want.tobytes()
    assert fixed_order_sum(np.ascontiguousarray(wide.T), 1, np.dtype(np.float32))[2, 0].tobytes() == want.tobytes()


def test_sum_lanes() -> None:
    assert [sum_lanes(n) for n in (1, 16, 17, 33, 112, 12544)] == [1, 1, 2, 2, 8, 1024]


SPECS = [
    PoolSpec((AdaptiveWindows.torch(112, 1), AdaptiveWindows.torch(37, 1)), MeanReduction("valid")),  # global
    PoolSpec((AdaptiveWindows.torch(112, 7), AdaptiveWindows.torch(37, 3)), MeanReduction("valid")),  # 16 and 12-13
    PoolSpec((AdaptiveWindows.torch(112, 3), AdaptiveWindows.torch(37, 2)), MeanReduction("valid")),  # 37-38, 18-19
    PoolSpec((Window(2, 2), Window(2, 2)), MeanReduction("padded")),
    PoolSpec((Window(3, 2, 1, (1, 1), True), Window(3, 2, 1, (1, 1), True)), MeanReduction("padded")),
    PoolSpec((Window(16, 16), Window(3, 3)), MeanReduction("valid")),
    PoolSpec((Window(3, 2, 1, (1, 1)), Window(3, 2, 1, (1, 1))), MaxReduction()),
]


@pytest.mark.parametrize("spec", SPECS, ids=range(len(SPECS)))
def test_every_element_recomputed_on_its_window_has_the_same_bits_in_both_layouts(spec: PoolSpec) -> None:
    nchw, nhwc = _layouts((2, 3, 112, 37), seed=5)
    whole, _ = pool(nchw, spec)
    whole_nhwc, _ = pool(nhwc, spec)
    assert whole.tobytes() == whole_nhwc.tobytes()  # the layout does not change the order of additions
    n, *out_spatial, c = whole.shape
    with_index = isinstance(spec.reduction, MaxReduction)
    for x in (nchw, nhwc):
        for b, i, j, ch in itertools.product(range(n), range(out_spatial[0]), range(out_spatial[1]), range(c)):
            if i % 5 and j % 3 and i != out_spatial[0] - 1:  # every edge and a lattice inside
                continue
            value, _ = kernel_element(x, spec, b, (i, j), ch, with_index)
            assert np.asarray(value).tobytes() == whole[b, i, j, ch].tobytes(), (spec, b, i, j, ch)


def test_adaptive_sums_are_close_to_exact() -> None:
    x = _layouts((1, 4, 112, 112), seed=9)[1]
    got, _ = pool(x, PoolSpec((AdaptiveWindows.torch(112, 1),) * 2, MeanReduction("valid")))
    want = x.astype(np.float64).mean(axis=(1, 2))
    np.testing.assert_allclose(got[:, 0, 0, :], want, rtol=2e-6, atol=1e-6)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_division_by_a_power_of_two_is_a_multiplication_with_the_same_bits(dtype: type) -> None:
    from arraylens.ops.pool.kernel import _divide

    rng = np.random.default_rng(1)
    fi = np.finfo(dtype)
    specials = [fi.tiny, fi.tiny / 2, fi.smallest_subnormal * 3, fi.max, -fi.max, np.inf, -np.inf, np.nan, 0.0, -0.0]
    with np.errstate(over="ignore", under="ignore"):
        x: np.ndarray = np.concatenate([rng.normal(size=4000) * 10.0 ** rng.uniform(-8, 8, 4000), specials]).astype(
            dtype
        )
        for d in (1, 2, 4, 8, 256, 1024, 3, 9, 12):
            got = _divide(x.copy(), d)
            assert got.tobytes() == (x / dtype(d)).tobytes(), d


def test_large_outputs_are_computed_without_being_cached() -> None:
    from arraylens.ops.pool import kernel

    n, out = 3 * kernel.CACHED_OUTPUTS, 2 * kernel.CACHED_OUTPUTS + 1
    x = np.random.default_rng(2).normal(size=(1, n, 2)).astype(np.float32)
    axis = AdaptiveWindows.torch(n, out)
    before = kernel._cached_axis.cache_info().currsize, kernel._cached_divisor.cache_info().currsize
    got, _ = pool(x, PoolSpec((axis,), MeanReduction("valid")))
    assert (kernel._cached_axis.cache_info().currsize, kernel._cached_divisor.cache_info().currsize) == before
    starts, ends = np.asarray(axis.starts), np.asarray(axis.ends)
    cum = np.concatenate([np.zeros((1, 2)), np.cumsum(x[0].astype(np.float64), axis=0)])
    want = (cum[ends] - cum[starts]) / (ends - starts)[:, None]
    np.testing.assert_allclose(got[0], want, rtol=1e-5, atol=1e-6)
    small, _ = pool(x[:, :64], PoolSpec((AdaptiveWindows.torch(64, 7),), MeanReduction("valid")))
    assert kernel._cached_axis.cache_info().currsize >= 1 and small.shape == (1, 7, 2)
