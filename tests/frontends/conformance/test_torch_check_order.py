"""PyTorch's wording and the order of its checks, against the real torch==2.13.0.

Each case was found by translating torch's own tests (OpInfo error inputs, test_convolution):
arraylens must refuse with PyTorch's first line, from the check PyTorch makes first.
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
from typing import Any

import numpy as np
import pytest

torch = importlib.import_module("torch")
F = torch.nn.functional

import arraylens.frontends.torch as al  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402

pytestmark = [pytest.mark.conformance]

C128, C64, F32 = np.complex128, np.complex64, np.float32

# (id, function name, input shape, weight shape, bias (shape, dtype) or None, kwargs, torch's message)
CASES: list[tuple[str, str, tuple[int, ...], tuple[int, ...], Any, dict[str, Any], str]] = [
    ("complex-bias", "conv1d", (1, 1, 4), (1, 1, 2), ((1,), C128), {},
     "Input type (double) and bias type (c10::complex<double>) should be the same"),
    ("complex-bias-float32", "conv2d", (1, 1, 4, 4), (1, 1, 2, 2), ((1,), C64), {"dtype": F32},
     "Input type (float) and bias type (c10::complex<float>) should be the same"),
    ("complex-bias-before-its-shape", "conv1d", (1, 1, 4), (1, 1, 2), ((3,), C128), {},
     "Input type (double) and bias type (c10::complex<double>) should be the same"),
    ("complex-bias-transposed", "conv_transpose1d", (1, 1, 4), (1, 1, 2), ((1,), C128), {},
     "result type ComplexDouble can't be cast to the desired output type Double"),
    ("complex-bias-transposed-shape-first", "conv_transpose1d", (1, 1, 4), (1, 1, 2), ((3,), C128), {},
     "Given transposed=1, weight of size [1, 1, 2], expected bias to be 1-dimensional with 1 elements, "
     "but got bias of size [3] instead"),
    ("conv1d-2d-weight", "conv1d", (1, 1, 4), (1, 2), None, {}, "weight should have at least three dimensions"),
    ("conv2d-1d-weight", "conv2d", (1, 1, 4, 4), (2,), None, {}, "weight should have at least three dimensions"),
    ("conv_transpose1d-2d-weight", "conv_transpose1d", (1, 1, 4), (1, 2), None, {},
     "weight should have at least three dimensions"),
    ("same-weight-one-short", "conv2d", (1, 1, 4, 3), (1, 2, 2), None, {"padding": "same"},
     "Expected 3-dimensional input for 3-dimensional weight[1, 2, 2], but got 4-dimensional input of "
     "size [1, 1, 4, 3] instead"),
    ("same-weight-one-short-before-stride", "conv2d", (1, 1, 4, 3), (1, 2, 2), None,
     {"padding": "same", "stride": 2},
     "Expected 3-dimensional input for 3-dimensional weight[1, 2, 2], but got 4-dimensional input of "
     "size [1, 1, 4, 3] instead"),
    ("same-weight-one-long-unbatched", "conv1d", (1, 4), (1, 1, 2, 2), None, {"padding": "same"},
     "Expected 4-dimensional input for 4-dimensional weight[1, 1, 2, 2], but got 3-dimensional input of "
     "size [1, 1, 4] instead"),
    ("valid-weight-one-short", "conv2d", (1, 1, 4, 3), (1, 2, 2), None, {"padding": "valid"},
     "expected stride to be a single integer value or a list of 1 values to match the convolution "
     "dimensions, but got stride=[1, 1]"),
    ("weight-one-long", "conv1d", (1, 1, 4), (1, 1, 2, 2), None, {"stride": 2},
     "Expected 4-dimensional input for 4-dimensional weight [1, 1, 2, 2], but got 3-dimensional input of "
     "size [1, 1, 4] instead"),
    ("weight-one-short-3d", "conv3d", (1, 1, 4, 4, 4), (1, 1, 2, 2), None, {},
     "expected stride to be a single integer value or a list of 2 values to match the convolution "
     "dimensions, but got stride=[1, 1, 1]"),
    ("transposed-weight-one-long", "conv_transpose1d", (1, 1, 4), (1, 1, 2, 2), None, {},
     "Expected 4-dimensional input for 4-dimensional weight [1, 1, 2, 2], but got 3-dimensional input of "
     "size [1, 1, 4] instead"),
    ("empty-channels-before-empty-axis", "conv1d", (2, 1, 0), (8, 0, 2), None, {},
     "Given groups=1, weight of size [8, 0, 2], expected input[2, 1, 0] to have 0 channels, but got 1 "
     "channels instead"),
    ("empty-axis-kernel-size-first", "conv1d", (2, 1, 0), (8, 1, 2), None, {},
     "Calculated padded input size per channel: (0). Kernel size: (2). Kernel size can't be greater than "
     "actual input size"),
    ("empty-axis-padded", "conv1d", (2, 1, 0), (8, 1, 2), None, {"padding": 1},
     "Only zero batch or zero channel inputs are supported, but got input shape: [2, 1, 1, 0]"),
    ("empty-axis-transposed-channels-first", "conv_transpose1d", (2, 1, 0), (3, 8, 2), None, {},
     "Given transposed=1, weight of size [3, 8, 2], expected input[2, 1, 0] to have 3 channels, but got 1 "
     "channels instead"),
    ("empty-axis-transposed", "conv_transpose1d", (2, 1, 0), (1, 8, 2), None, {},
     "Only zero batch or zero channel inputs are supported, but got input shape: [2, 1, 1, 0]"),
]


@pytest.mark.parametrize(("fname", "x_shape", "w_shape", "bias", "kwargs", "message"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_with_torchs_first_check_and_words(
    fname: str, x_shape: tuple[int, ...], w_shape: tuple[int, ...], bias: Any, kwargs: dict[str, Any], message: str
) -> None:
    kwargs = dict(kwargs)
    dtype = kwargs.pop("dtype", np.float64)
    x, w = np.ones(x_shape, dtype=dtype), np.ones(w_shape, dtype=dtype)
    b = None if bias is None else np.ones(bias[0], dtype=bias[1])
    with pytest.raises(RuntimeError) as torch_error:
        getattr(F, fname)(torch.from_numpy(x), torch.from_numpy(w), None if b is None else torch.from_numpy(b),
                          **kwargs)
    assert str(torch_error.value).splitlines()[0] == message  # the case states torch 2.13's words
    with pytest.raises(ArgumentError) as ours:
        getattr(al, fname)(x, w, b, **kwargs)
    assert str(ours.value) == message
