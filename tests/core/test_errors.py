"""arraylens.ArgumentError: the one type for the caller's mistakes, keeping the built-in bases
that the mirrored libraries raise."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.exceptions import AxisError

import arraylens
from arraylens import octave
from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import (
    ArgumentAxisError,
    ArgumentError,
    ArgumentIndexError,
    ArgumentKeyError,
    ArgumentTypeError,
)
from arraylens.core.frontend import check_index
from arraylens.frontends import numpy as alnp
from arraylens.frontends import torch as altorch


def test_argument_error_is_public_and_a_value_error() -> None:
    assert arraylens.ArgumentError is ArgumentError
    assert "ArgumentError" in arraylens.__all__
    assert issubclass(ArgumentError, ValueError)
    for cls, base in [
        (ArgumentTypeError, TypeError),
        (ArgumentIndexError, IndexError),
        (ArgumentKeyError, KeyError),
        (ArgumentAxisError, AxisError),
    ]:
        assert issubclass(cls, ArgumentError) and issubclass(cls, base)


def test_a_wrong_value_is_an_argument_error() -> None:
    with pytest.raises(ArgumentError, match="cov must be a square 2-D covariance matrix"):
        arraylens.cov_to_corr([[1.0, 2.0]])
    with pytest.raises(ArgumentError, match="non-positive stride is not supported"):
        altorch.conv_transpose2d(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)), stride=0)


def test_a_wrong_type_stays_a_type_error() -> None:
    with pytest.raises(ArgumentTypeError, match="is complex") as info:
        as_real_array(np.ones(2) * 1j, "x")
    assert isinstance(info.value, TypeError)


def test_an_index_out_of_range_stays_an_index_error() -> None:
    with pytest.raises(ArgumentIndexError, match="out of range") as info:
        check_index((5,), (3,))
    assert isinstance(info.value, IndexError)


def test_an_axis_out_of_range_stays_numpys_axis_error() -> None:
    with pytest.raises(ArgumentAxisError, match="axis 2 is out of bounds for array of dimension 2") as info:
        alnp.argmax(np.ones((2, 2)), axis=2)
    assert isinstance(info.value, AxisError) and isinstance(info.value, IndexError)
    assert info.value.axis == 2 and info.value.ndim == 2


def test_an_unknown_name_is_a_key_error_that_prints_without_quotes() -> None:
    with pytest.raises(ArgumentKeyError) as info:
        octave.to_numpy_call("fftn", np.ones(3))
    assert isinstance(info.value, KeyError)
    assert str(info.value).startswith("arraylens.octave has no function 'fftn'; known: ")


def test_found_by_the_mapping_octave_corrcoef_skips_an_empty_operand() -> None:
    # Octave 7: corrcoef([1 2 3 4 5], zeros(0, 3)) is 1 ([x(:), y(:)] skips the empty y)
    np.testing.assert_array_equal(octave.corrcoef(np.arange(1.0, 6.0), np.zeros((0, 3))), [[1.0]])
    np.testing.assert_array_equal(octave.corrcoef(np.zeros((0, 0)), np.array([1.0, 2.0, 3.0])), [[1.0]])
    assert np.isnan(octave.corrcoef(np.zeros((0, 3)), np.zeros((0, 2)))).all()
    with pytest.raises(ValueError, match="X and Y must be the same size"):
        octave.corrcoef(np.ones(3), np.ones(4))
