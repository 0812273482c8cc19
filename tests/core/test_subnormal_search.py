"""flush_subnormals finds a subnormal wherever it sits (one pass for small arrays, cache-sized
chunks for large ones) and leaves zeros, infinities and NaN alone."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.core.dtype_rules import flush_subnormals


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [1, 7, 4096, 4097, 40000, 300001])
def test_a_subnormal_anywhere_is_flushed_to_a_signed_zero(dtype: type, n: int) -> None:
    tiny = np.finfo(dtype).tiny
    for pos in {0, n // 2, n - 1}:
        a = np.full(n, 1.5, dtype=dtype)
        a[pos] = -tiny / 4
        out = flush_subnormals(a)
        assert out[pos] == 0 and np.signbit(out[pos])
        assert np.count_nonzero(out) == n - 1
        assert a[pos] == -tiny / 4  # the input is not changed


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_without_subnormals_the_array_itself_comes_back(dtype: type) -> None:
    tiny = np.finfo(dtype).tiny
    a = np.resize(np.array([0.0, -0.0, tiny, -tiny, np.inf, -np.inf, np.nan, 3.0], dtype=dtype), 50000)
    assert flush_subnormals(a) is a
