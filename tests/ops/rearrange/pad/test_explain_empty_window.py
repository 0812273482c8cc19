"""An empty statistic window (stat_length=0) on an integer array: NumPy's NaN cast, explained."""

import warnings

import numpy as np

import arraylens.numpy as aln


def test_mean_of_an_empty_window_on_integers_is_numpys_cast_of_nan() -> None:
    x = np.arange(6, dtype=np.int32).reshape(2, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.pad(x, 1, mode="mean", stat_length=0)
        ours = aln.pad(x, 1, mode="mean", stat_length=0)
        e = aln.pad.explain(x, 1, mode="mean", stat_length=0, at=(0, 0))
    np.testing.assert_array_equal(ours, expected)
    assert e.value == expected[0, 0]
    assert e.check()
