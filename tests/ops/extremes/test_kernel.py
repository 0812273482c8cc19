"""The one max/min-with-index kernel serves NumPy's rules and Octave's through its parameters."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens import octave
from arraylens.ops.extremes.kernel import extreme_with_index, ordering_keys

# modulus 1 for all three; args 0, pi, pi/2
Z = np.array([1 + 0j, -1 + 0j, 1j])


def test_order_decides_between_equal_moduli() -> None:
    v, i = extreme_with_index(Z, mode="max", order="numpy")
    assert (int(i), complex(v)) == (0, 1 + 0j)  # NumPy: real part first
    v, i = extreme_with_index(Z, mode="max", order="abs_arg")
    assert (int(i), complex(v)) == (1, -1 + 0j)  # Octave: equal abs, the larger arg (pi) wins
    v, i = extreme_with_index(Z, mode="min", order="abs_arg")
    assert (int(i), complex(v)) == (0, 1 + 0j)


def test_nan_rule_and_order_are_independent() -> None:
    x = np.array([[2.0, np.nan, 5.0, 5.0], [np.nan, np.nan, np.nan, np.nan]])
    v, i = extreme_with_index(x, 1, mode="max", nan="propagate")
    assert i.tolist() == [1, 0] and np.isnan(v).all()
    v, i = extreme_with_index(x, 1, mode="max", nan="omit", order="abs_arg")
    assert i.tolist() == [2, 0] and v[0] == 5.0 and np.isnan(v[1])
    z = np.array([np.nan + 1j, 2 + 0j, -2 + 0j])
    v, i = extreme_with_index(z, mode="max", nan="omit", order="abs_arg")
    assert int(i) == 2 and complex(v) == -2 + 0j


def test_octave_max_is_the_kernel_plus_one() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(-2, 3, size=(6, 5)) + 1j * rng.integers(-2, 3, size=(6, 5))
    x[2, 1] = np.nan
    values, indices = octave.max(x)
    kv, ki = extreme_with_index(x, 0, mode="max", nan="omit", order="abs_arg", keepdims=True)
    np.testing.assert_array_equal(indices, ki + 1)
    np.testing.assert_array_equal(values, kv)


def test_ordering_keys_mark_nan_and_count_minus_pi_as_pi() -> None:
    z = np.array([complex(-1.0, -0.0), complex(np.inf, np.nan)])
    modulus, arg = ordering_keys(z, "abs_arg")
    assert modulus[0] == 1.0 and arg[0] == np.pi
    assert np.isnan(modulus[1]) and np.isnan(arg[1])  # hypot(inf, nan) is inf; NaN is NaN
    assert ordering_keys(z, "numpy")[0] is z


def test_unknown_order_is_refused() -> None:
    with pytest.raises(ValueError, match="order must be one of"):
        extreme_with_index(Z, order="lexicographic")  # type: ignore[arg-type]
