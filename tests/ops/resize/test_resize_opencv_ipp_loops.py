"""IPP's cubic resizes (:mod:`arraylens.ops.resize.opencv_ipp`) compute with a compiled loop; the
element explanations with the NumPy passes ``_cubic32`` / ``_cubic8``. Both must give the same
bytes (the conformance tests compare the loop with cv2): seeded sizes, 1 / 3 / 4 channels, up,
down and kept axes, float32 images with NaN, infinities and overflowing values."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.ops.resize import opencv_ipp as ipp
from arraylens.ops.resize.spec import AxisResize, Filter, ResizeSpec


def _spec(shape: tuple[int, ...], out_hw: tuple[int, int]) -> ResizeSpec:
    axes = tuple(AxisResize.of(n, m, "half_pixel") for n, m in zip(shape[:2], out_hw, strict=True))
    return ResizeSpec((0, 1), axes, Filter("cubic", cubic_a=-0.75))


def _configs(n: int, seed: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        h, w = (int(v) for v in rng.integers(4, 40, 2))
        oh, ow = (int(v) for v in rng.integers(1, 80, 2))
        if i % 4 == 1:
            oh, ow = h, w
        out.append(((h, w, int(rng.choice([1, 3, 4]))), (oh, ow), int(rng.integers(0, 2**31))))
    return out


@pytest.mark.parametrize("shape,out_hw,seed", _configs(40, 5))
def test_cubic_loops_equal_the_numpy_passes(shape: tuple[int, ...], out_hw: tuple[int, int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    f32 = (rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4)).astype(np.float32)
    flat = f32.reshape(-1)
    flat[rng.integers(0, flat.size, 3)] = [np.nan, np.inf, -3e38]
    u8 = rng.integers(0, 256, shape).astype(np.uint8)
    spec = _spec(shape, out_hw)
    ty = ipp.ipp_cubic_axis(shape[0], out_hw[0])
    tx = ipp.ipp_cubic_axis(shape[1], out_hw[1])
    with np.errstate(all="ignore"):
        want32 = ipp._cubic32(f32, ty, tx)
        want8 = np.clip(np.rint(ipp._cubic8(u8, ty, tx)), 0, 255).astype(np.uint8)
        got32 = ipp.resize_ipp_cubic32(f32, spec)
    got8 = ipp.resize_ipp_cubic8(u8, spec)
    assert got32.dtype == np.float32 and got32.shape == want32.shape
    assert got32.tobytes() == want32.tobytes()
    np.testing.assert_array_equal(got8, want8)
