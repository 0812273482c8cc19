"""Repeated resize calls reuse their checked plans (torch.interpolate's checks kept by shape and
arguments, tf.image.resize's spec kept by its arguments) without changing results or refusals."""

from __future__ import annotations

import numpy as np
import pytest

import arraylens.tensorflow as altf
import arraylens.torch as alt
from arraylens.core.errors import ArgumentError


def test_interpolate_repeated_calls_give_the_same_bits_on_new_data() -> None:
    rng = np.random.default_rng(5)
    a, b = rng.random((2, 3, 12, 10), dtype=np.float32), rng.random((2, 3, 12, 10), dtype=np.float32)
    first = alt.interpolate(a, size=(24, 5), mode="bicubic", align_corners=False)
    again = alt.interpolate(b, size=(24, 5), mode="bicubic", align_corners=False)  # the kept checks, new data
    np.testing.assert_array_equal(alt.interpolate(b, size=(24, 5), mode="bicubic", align_corners=False), again)
    assert not np.array_equal(first, again)
    # NumPy integers are not cache keys: the checks run again and agree
    np.testing.assert_array_equal(
        alt.interpolate(b, size=(np.int64(24), np.int64(5)), mode="bicubic", align_corners=False), again
    )
    plan = alt.interpolate.build_plan(b, size=(24, 5), mode="bicubic", align_corners=False)
    assert (
        plan.x is b
        and plan.spec is alt.interpolate.build_plan(a, size=(24, 5), mode="bicubic", align_corners=False).spec
    )


def test_interpolate_refusals_are_raised_on_every_call() -> None:
    x = np.zeros((1, 1, 4, 4), np.float32)
    for _ in range(2):
        with pytest.raises(ArgumentError, match="align_corners option can only be set"):
            alt.interpolate(x, size=(2, 2), mode="nearest", align_corners=False)
        with pytest.raises(ArgumentError, match="Input and output sizes should be greater than 0"):
            alt.interpolate(x, size=(0, 2), mode="bilinear")


def test_interpolate_explain_after_a_kept_call_recomputes_its_pixel() -> None:
    x = np.random.default_rng(1).random((1, 2, 8, 8), dtype=np.float32)
    out = alt.interpolate(x, size=(16, 16), mode="bilinear", align_corners=False)
    e = alt.interpolate.explain(x, size=(16, 16), mode="bilinear", align_corners=False, at=(0, 1, 5, 9))
    assert e.check()
    assert e.value == out[0, 1, 5, 9]


def test_tf_resize_keeps_one_spec_per_arguments() -> None:
    rng = np.random.default_rng(2)
    a, b = rng.random((1, 9, 7, 3), dtype=np.float32), rng.random((1, 9, 7, 3), dtype=np.float32)
    p1 = altf.image.resize.build_plan(a, (18, 14), method="bicubic")
    p2 = altf.image.resize.build_plan(b, (18, 14), method="bicubic")
    assert p1.spec is p2.spec and p2.x is b
    assert altf.image.resize.build_plan(b, (18, 15), method="bicubic").spec is not p1.spec
    np.testing.assert_array_equal(altf.image.resize(b, (18, 14), method="bicubic"), p2.compute())


def test_a_kept_plan_for_a_new_input_keeps_its_class() -> None:
    # for_input once rebuilt every plan as a plain ResizePlan: a subclass's explain (PyTorch's
    # uint8 fixed point, Pillow's) would have been lost on a kept plan
    x = np.random.default_rng(3).integers(0, 256, (1, 3, 6, 6)).astype(np.uint8)
    plan = alt.interpolate.build_plan(x, size=(9, 4), mode="bilinear")
    y = x[:, :, ::-1].copy()
    again = plan.for_input(y)
    assert type(again) is type(plan) and type(plan).__name__ == "TorchUint8ResizePlan" and again.x is y
    e = again.explain((0, 2, 5, 1))
    assert e.check() and e.value == alt.interpolate(y, size=(9, 4), mode="bilinear")[0, 2, 5, 1]
