"""Fill values of the pad front-ends as each library makes them (torch.pad's C double, np.pad's
assignment) and the one int-or-float parser of the CLI's fill options."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from arraylens.core.errors import ArgumentError, ArgumentOverflowError, ArgumentTypeError
from arraylens.core.registry import int_or_float
from arraylens.frontends import numpy as al_np
from arraylens.frontends import torch as al_torch


@pytest.mark.parametrize(("dtype", "value"), [
    (np.int64, 2**53 + 1), (np.int64, 2**63 - 1), (np.uint8, 1.7), (np.int32, -1.7), (np.bool_, 0.5),
    (np.float16, float("inf")), (np.float16, 65504.0), (np.uint8, 255),
])
def test_torch_pad_fill_is_a_double_converted_as_pytorch(dtype: type, value: float) -> None:
    want = F.pad(torch.from_numpy(np.zeros(2, dtype)), (1, 0), value=value).numpy()
    got = al_torch.pad(np.zeros(2, dtype), (1, 0), value=value)
    assert got.dtype == want.dtype
    assert got.tolist() == want.tolist()


@pytest.mark.parametrize(("dtype", "value", "ctype"), [
    (np.float16, 1e5, "c10::Half"), (np.uint8, 255.5, "uint8_t"), (np.uint8, -1, "uint8_t"),
    (np.int8, -129, "int8_t"), (np.int32, float("nan"), "int"), (np.float32, 1e39, "float"),
])
def test_torch_pad_refuses_a_fill_that_overflows_in_pytorchs_words(dtype: type, value: float, ctype: str) -> None:
    message = f"value cannot be converted to type {ctype} without overflow"
    with pytest.raises(RuntimeError, match=message):
        F.pad(torch.from_numpy(np.zeros(2, dtype)), (1, 0), value=value)
    with pytest.raises(ArgumentError, match=message):
        al_torch.pad(np.zeros(2, dtype), (1, 0), value=value)


def test_torch_pad_refuses_a_fill_beyond_a_double_and_a_width_beyond_int64() -> None:
    with pytest.raises(ArgumentOverflowError, match="int too large to convert to float"):
        al_torch.pad(np.zeros(2), (1, 0), value=2**1024)
    with pytest.raises(ArgumentTypeError, match='at pos 2 with error "Overflow when unpacking long long"'):
        al_torch.pad(np.zeros(2), (1, 2**64))


def test_np_pad_linear_ramp_end_values_need_not_fit_the_dtype() -> None:
    x = np.arange(3, dtype=np.int8)
    want = np.pad(x, 2, "linear_ramp", end_values=200)
    np.testing.assert_array_equal(al_np.pad(x, 2, "linear_ramp", end_values=200), want)


def test_np_pad_constant_out_of_range_is_an_overflow_error_as_numpy() -> None:
    x = np.arange(3, dtype=np.int8)
    with pytest.raises(OverflowError) as numpy_error:
        np.pad(x, 2, constant_values=200)
    with pytest.raises(ArgumentOverflowError) as ours:
        al_np.pad(x, 2, constant_values=200)
    assert isinstance(ours.value, OverflowError) and isinstance(ours.value, ArgumentError)
    assert str(ours.value) == str(numpy_error.value)


def test_int_or_float_keeps_integers_exact_and_refuses_non_numbers() -> None:
    parse = int_or_float("--value")
    assert parse("9007199254740993") == 2**53 + 1 and isinstance(parse("9007199254740993"), int)
    assert parse(" -2.5e3 ") == -2500.0 and np.isnan(parse("nan")) and parse("-inf") == float("-inf")
    for bad in ("1_0", "abc", "", "1,2", "+"):
        with pytest.raises(ValueError, match="--value must be an integer or a float"):
            parse(bad)


def test_pad_elsewhere_lines_use_each_librarys_crop_rule() -> None:
    from arraylens.frontends import onnx as al_onnx

    x = np.arange(4.0)[None, None]
    e = al_torch.pad.explain(x, [-1, 2], "circular", at=(0, 0, 3))
    lines = dict(line.split(": ", 1) for line in e.sections[-1].lines)
    t = torch.from_numpy(x)
    for mode, key in (("circular", "wrap (torch 'circular', ONNX 'wrap', cropped first)"),
                      ("reflect", "reflect (torch 'reflect', on the uncropped input)"),
                      ("replicate", "edge (torch 'replicate', on the uncropped input)")):
        want = F.pad(t, (-1, 2), mode)[0, 0, 3].item()
        assert lines[key] == f"x[0, 0, {int(want)}]", (mode, lines[key])
    assert e.summary.startswith("out[0, 0, 3] = x[0, 0, 1]")
    for mode in ("reflect", "edge"):
        onnx_out = al_onnx.pad(x, [0, 0, -1, 0, 0, 2], mode=mode)
        key = f"{mode} (ONNX '{mode}', cropped first)"
        assert lines[key] == f"x[0, 0, {int(onnx_out[0, 0, 3])}]"
