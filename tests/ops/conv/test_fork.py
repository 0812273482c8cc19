"""The transposed convolution's thread pool survives ``fork`` (issue 10, item 3)."""

from __future__ import annotations

import multiprocessing
import sys

import numpy as np
import pytest

from arraylens.ops.conv import kernel as k


def _large_call() -> np.ndarray:
    """A transposed convolution large enough for the thread-pool path (several stride phases,
    an output of at least ``PARALLEL_FROM`` elements)."""
    x = np.arange(200 * 200, dtype=np.float64).reshape(1, 200, 200, 1) % 7
    w = np.arange(9, dtype=np.float64).reshape(3, 3, 1, 1)
    out = k.conv_transpose(x, w, k.ConvTransposeSpec((2, 2), (1, 1), ((0, 0), (0, 0))))
    assert out.size >= k.PARALLEL_FROM
    return out


def _child(queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    queue.put(float(_large_call().sum()))


@pytest.mark.skipif(sys.platform == "win32", reason="no fork start method")
@pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")  # JAX, when another test imported it
def test_a_large_transposed_convolution_works_in_a_forked_child_after_one_in_the_parent() -> None:
    if k._workers() < 2:
        pytest.skip("one CPU: the pool is never used")
    expected = float(_large_call().sum())
    assert k._pool.cache_info().currsize == 1  # the parent made (and keeps) its pool
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(queue,))
    child.start()
    child.join(timeout=30)
    if child.is_alive():  # the deadlock this guards against: never wait on it
        child.kill()
        child.join()
        pytest.fail("the forked child hung on the parent's thread pool")
    assert child.exitcode == 0
    assert queue.get(timeout=5) == expected
