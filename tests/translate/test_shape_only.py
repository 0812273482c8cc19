"""Translating needs shapes only: a huge input given by its shape allocates nothing of its size."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens.cli.main import cli
from arraylens.translate.conv_transpose import TARGETS, shape_only, translate

HUGE = (1, 100000, 100000, 100000)  # 3.6 PiB of float32


def _peak(fn: Callable[[], object]) -> tuple[int, object]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    got = fn()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return peak, got


def test_shape_only_is_a_read_only_zero_view() -> None:
    a = shape_only(HUGE)
    assert a.shape == HUGE and a.dtype == np.float32 and a.strides == (0, 0, 0, 0)
    assert not a.flags.writeable and float(a[0, 5, 7, 9]) == 0.0


@pytest.mark.parametrize("target", TARGETS)
def test_translate_of_a_huge_tf_input_allocates_under_1_mb(target: str) -> None:
    translate(  # warm: registry, caches and imports are not the call's memory
        "tf.nn.conv2d_transpose", target, input=shape_only((1, 3, 3, 4)), filters=shape_only((3, 3, 4, 4)),
        output_shape=[1, 6, 6, 4], strides=2, padding="SAME",
    )
    peak, t = _peak(
        lambda: translate(
            "tf.nn.conv2d_transpose", target, input=shape_only(HUGE), filters=shape_only((3, 3, 4, 100000)),
            output_shape=[1, 200000, 200000, 4], strides=2, padding="SAME",
        )
    )
    assert t.possible and "canonical form: stride (2, 2)" in str(t)  # type: ignore[attr-defined]
    assert peak < 1 << 20, peak


@pytest.mark.parametrize("target", ["tensorflow", "onnx", "jax"])
def test_translate_of_a_huge_torch_input_allocates_under_1_mb(target: str) -> None:
    peak, t = _peak(
        lambda: translate(
            "torch.conv_transpose2d", target, input=shape_only((1, 100000, 100000, 100000)),
            weight=shape_only((100000, 4, 3, 3)), stride=2, padding=1,
        )
    )
    assert t.possible and t.code  # type: ignore[attr-defined]
    assert peak < 1 << 20, peak


def test_cli_translate_with_shapes_only_answers_without_allocating() -> None:
    args = [
        "translate", "tf.nn.conv2d_transpose", "torch", "--arg", "input=shape:1,100000,100000,100000",
        "--arg", "filters=shape:3,3,4,100000", "--arg", "output_shape=1,200000,200000,4",
        "--arg", "strides=2", "--arg", "padding=SAME",
    ]
    CliRunner().invoke(cli, args)  # warm
    peak, result = _peak(lambda: CliRunner().invoke(cli, args))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "torch.nn.functional.conv_transpose2d" in result.output  # type: ignore[attr-defined]
    assert peak < 1 << 20, peak
