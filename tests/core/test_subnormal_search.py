"""flush_subnormals finds a subnormal wherever it sits (one pass for small arrays, cache-sized
chunks for large ones) and leaves zeros, infinities and NaN alone."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.core.dtype_rules import flush_subnormals


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [1, 7, 512, 513, 4096, 4097, 40000, 300001])
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
@pytest.mark.parametrize("n", [8, 512, 513, 50000])
def test_without_subnormals_the_array_itself_comes_back(dtype: type, n: int) -> None:
    tiny = np.finfo(dtype).tiny
    a = np.resize(np.array([0.0, -0.0, tiny, -tiny, np.inf, -np.inf, np.nan, 3.0], dtype=dtype), n)
    assert flush_subnormals(a) is a


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_zeros_nan_and_infinities_beside_one_subnormal_in_a_small_strided_array(dtype: type) -> None:
    # the small arrays' count test: zeros and NaN must neither hide nor fake a subnormal
    tiny = np.finfo(dtype).tiny
    base = np.resize(np.array([0.0, -0.0, np.nan, np.inf, tiny, 1.0], dtype=dtype), (6, 10))
    view = base[:, ::2]  # not contiguous
    assert flush_subnormals(view) is view
    base[3, 4] = np.nextafter(dtype(0), dtype(1))  # the smallest subnormal
    out = flush_subnormals(view)
    assert out[3, 2] == 0 and np.count_nonzero(np.isnan(out)) == np.count_nonzero(np.isnan(view))
    assert np.count_nonzero(out == 0) == np.count_nonzero(view == 0) + 1
