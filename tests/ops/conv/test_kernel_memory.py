"""The transposed convolution's tap products are chunked: peak extra memory stays under
4 x (input + output) bytes whatever the kernel size, with the same result."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
import torch

from arraylens.ops.conv import kernel as k
from tests.ops.conv.test_kernel import CASES, torch_conv_transpose


def peak_extra(fn) -> int:  # type: ignore[no-untyped-def]
    """Peak bytes NumPy and Python allocate during ``fn()`` (kept scratch buffers freed first)."""
    k.release_scratch()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def test_large_kernel_peak_memory_is_bounded_by_input_and_output() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 128, 128, 1)).astype(np.float32)
    w = rng.standard_normal((64, 64, 1, 1)).astype(np.float32)
    spec = k.ConvTransposeSpec((1, 1), (1, 1), ((0, 0), (0, 0)), 1)
    out = k.conv_transpose(x, w, spec)
    assert out.shape == (1, 191, 191, 1)
    peak = peak_extra(lambda: k.conv_transpose(x, w, spec))
    # 4096 taps x 64 KiB of products were 268 MB at once (1276 x (input + output))
    assert peak <= 4 * (x.nbytes + out.nbytes), peak
    # the value of one element, by its definition
    i, j = 100, 37
    want = sum(
        float(x[0, i - a, j - b, 0]) * float(w[a, b, 0, 0])
        for a in range(64) for b in range(64) if 0 <= i - a < 128 and 0 <= j - b < 128
    )
    assert out[0, i, j, 0] == pytest.approx(want, rel=1e-4, abs=1e-3)


@pytest.mark.parametrize("budget", [0, 1])
@pytest.mark.parametrize("case", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_chunked_taps_give_the_same_result(case: tuple, budget: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # budget 0: one tap per chunk (every multi-tap phase split); 1: chunks that split some phases
    monkeypatch.setattr(k, "PRODUCT_BUDGET", budget)
    n, size, c_in, c_out_g, kernel, stride, dilation, crop, groups = case
    rng = np.random.default_rng(7)
    x = rng.standard_normal((n, *size, c_in))
    w = rng.standard_normal((*kernel, c_in, c_out_g))
    spec = k.ConvTransposeSpec(stride, dilation, crop, groups)
    np.testing.assert_allclose(k.conv_transpose(x, w, spec), torch_conv_transpose(x, w, spec), rtol=1e-11, atol=1e-11)


def test_chunks_split_phases_in_order() -> None:
    table = {(0,): [(0, (0,)), (2, (-1,)), (4, (-2,))], (1,): [(1, (0,)), (3, (-1,))]}
    phases = [(r, len(m)) for r, m in table.items()]
    chunks = list(k._chunks(phases, table.__getitem__, 2))
    assert [ids for ids, _ in chunks] == [[0, 2], [4], [1, 3]]  # phase (1,) is not split
    assert chunks[0][1] == [((0,), [(0, (0,)), (1, (-1,))], False)]
    assert chunks[1][1] == [((0,), [(0, (-2,))], True)]
    assert chunks[2][1] == [((1,), [(0, (0,)), (1, (-1,))], False)]
    # balanced: 5 taps in chunks of at most 4 are two chunks of 3 and 2, phase by phase
    assert [ids for ids, _ in k._chunks(phases, table.__getitem__, 4)] == [[0, 2, 4], [1, 3]]
    one = list(k._chunks(phases, table.__getitem__, 1))
    assert [ids for ids, _ in one] == [[0], [2], [4], [1], [3]]
    assert [f[0][2] for _, f in one] == [False, True, True, False, True]
    # everything fits: one chunk, the kernel's own tap numbers
    assert list(k._chunks(phases, table.__getitem__, 5)) == [
        (None, [((0,), table[(0,)], False), ((1,), table[(1,)], False)])
    ]


def test_phase_plan_is_per_axis() -> None:
    # stride 2 along axis 0 with crop begin 1: tap k lands on phase (k - 1) % 2 with shift (r + 1 - k) / 2
    spec = k.ConvTransposeSpec((2, 1), (1, 1), ((1, 0), (0, 0)), 1)
    assert k._phase_plan((3, 2), spec) == [((0, 0), 2), ((1, 0), 4)]
    # tap (k0, k1) is number 2*k0 + k1
    assert list(k._phase_members((3, 2), spec, (0, 0))) == [(2, (0, 0)), (3, (0, -1))]
    assert list(k._phase_members((3, 2), spec, (1, 0))) == [(0, (1, 0)), (1, (1, -1)), (4, (0, 0)), (5, (0, -1))]


def test_large_weight_taps_are_views_not_copies() -> None:
    # 256 x 256 channels, one tap per chunk: each chunk's weights were copied (256 KiB each,
    # 6 x (2 x output + input)); consecutive taps are now a view of the weights
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 4, 4, 256)).astype(np.float32)
    w = rng.standard_normal((3, 3, 256, 256)).astype(np.float32)
    spec = k.ConvTransposeSpec((1, 1), (1, 1), ((1, 1), (1, 1)), 1)
    out = k.conv_transpose(x, w, spec)
    assert peak_extra(lambda: k.conv_transpose(x, w, spec)) <= 2 * out.nbytes + x.nbytes + (64 << 10)
    want = torch.nn.functional.conv_transpose2d(
        torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2))),
        torch.from_numpy(np.ascontiguousarray(w.transpose(2, 3, 0, 1))),
        padding=1,
    ).numpy()
    np.testing.assert_allclose(out, want.transpose(0, 2, 3, 1), rtol=1e-4, atol=1e-3)
