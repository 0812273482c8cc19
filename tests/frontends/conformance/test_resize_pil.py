"""arraylens.pil.resize against PIL.Image.resize (Pillow 13.0), seeded random configurations.

Covered: float32 (mode F) images, BILINEAR / BICUBIC / LANCZOS, up and down, box argument; L and
RGB (uint8) images, bit-exact in Pillow's 22-bit fixed point, in one pass or two (either order).
Every filter (MKS2013 and MKS2021 included) on every mode (L, RGB, RGBA premultiplied, I, F),
NEAREST's running sum. Both axes shrinking, where Pillow 13.0.0 takes the vertical pass first
when the height loses more than twice as many pixels as the width (python-pillow/Pillow#9549):
hundreds of random configurations, bit-exact, and the rule itself at its boundary.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from arraylens import opencv as alo
from arraylens import pil as alp
from arraylens.core.errors import ArgumentError
from arraylens.ops.resize import fixed_point
from arraylens.ops.resize.spec import Filter, filter_function, filter_radius

Image = importlib.import_module("PIL.Image")  # test extras: a missing one must fail, not skip
cv2 = importlib.import_module("cv2")

FILTERS = (alp.Resampling.BILINEAR, alp.Resampling.BICUBIC, alp.Resampling.LANCZOS)


def _configs(n: int, seed: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        h, w = (int(v) for v in rng.integers(1, 24, 2))
        kind = i % 3
        if kind == 0:
            size = (int(rng.integers(1, 4)) * w, int(rng.integers(1, 4)) * h)
        elif kind == 1:
            size = (int(rng.choice([1, 3, 5, 7])), int(rng.choice([1, 2, 9])))
        else:
            size = (int(rng.integers(1, 30)), int(rng.integers(1, 30)))
        box = None
        if i % 5 == 4:
            x0, y0 = float(rng.uniform(0, w / 2)), float(rng.uniform(0, h / 2))
            box = (x0, y0, float(rng.uniform(x0, w)), float(rng.uniform(y0, h)))
        out.append((FILTERS[i % 3], (h, w), size, box, int(rng.integers(0, 2**31))))
    return out


@pytest.mark.parametrize("resample,shape,size,box,seed", _configs(60, 5))
def test_float_images_match_pil(
    resample: int, shape: tuple[int, int], size: tuple[int, int], box: tuple[float, ...] | None, seed: int
) -> None:
    img = np.random.default_rng(seed).standard_normal(shape).astype(np.float32)
    want = np.asarray(Image.fromarray(img).resize(size, resample, box))
    got = alp.resize(img, size, resample, box)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def _one_pass_configs(n: int, seed: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        h, w = (int(v) for v in rng.integers(1, 30, 2))
        m = int(rng.choice([1, 2, 3, 5, int(rng.integers(1, 40))]))
        size = (m, h) if i % 2 else (w, m)
        shape = (h, w, 3) if i % 3 == 0 else (h, w)
        out.append((FILTERS[i % 3], shape, size, int(rng.integers(0, 2**31))))
    return out


@pytest.mark.parametrize("resample,shape,size,seed", _one_pass_configs(60, 8))
def test_uint8_one_pass_bit_exact(resample: int, shape: tuple[int, ...], size: tuple[int, int], seed: int) -> None:
    img = np.random.default_rng(seed).integers(0, 256, shape).astype(np.uint8)
    want = np.asarray(Image.fromarray(img).resize(size, resample))
    np.testing.assert_array_equal(alp.resize(img, size, resample), want)


def _two_pass_configs(n: int, seed: int) -> list[tuple]:
    """Both axes resampled, the output not smaller than the image on both axes (each order of
    Pillow 13's passes: vertical first when less tall and at least as wide), with and without box
    (both axes shrinking: :func:`test_both_axes_shrinking_bit_exact`)."""
    rng = np.random.default_rng(seed)
    out: list[tuple] = []
    while len(out) < n:
        i = len(out)
        h, w = (int(v) for v in rng.integers(1, 24, 2))
        size = (int(rng.integers(1, 36)), int(rng.integers(1, 36)))
        if size[0] < w and size[1] < h:
            continue
        box = None
        if i % 4 == 3:
            x0, y0 = float(rng.uniform(0, w / 2)), float(rng.uniform(0, h / 2))
            box = (x0, y0, float(rng.uniform(x0, w)), float(rng.uniform(y0, h)))
        shape = (h, w, 3) if i % 2 else (h, w)
        out.append((FILTERS[i % 3], shape, size, box, int(rng.integers(0, 2**31))))
    return out


def test_uint8_two_pass_bit_exact() -> None:
    """120 configurations in one test (each a few small arrays): L and RGB, both pass orders, boxes."""
    orders = set()
    for resample, shape, size, box, seed in _two_pass_configs(120, 21):
        img = np.random.default_rng(seed).integers(0, 256, shape).astype(np.uint8)
        want = np.asarray(Image.fromarray(img).resize(size, resample, box))
        np.testing.assert_array_equal(
            alp.resize(img, size, resample, box), want, err_msg=f"{resample!r} {shape} -> {size} box={box}"
        )
        orders.add(size[0] >= shape[1] and size[1] < shape[0])
    assert orders == {True, False}


MODES = ("L", "RGB", "RGBA", "I", "F")


def _image(mode: str, h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    if mode == "F":
        return (rng.standard_normal((h, w)) * 100).astype(np.float32)
    if mode == "I":
        return rng.integers(-(2**20), 2**20, (h, w)).astype(np.int32)
    return rng.integers(0, 256, (h, w, *{"L": (), "RGB": (3,), "RGBA": (4,)}[mode])).astype(np.uint8)


@pytest.mark.parametrize("resample", list(alp.Resampling))
def test_every_filter_and_mode_matches_pil(resample: alp.Resampling) -> None:
    """Per filter 100 random configurations over the five modes (bit-exact but F), with float and
    integer boxes (an integer box of the output's size is Pillow's crop), up and down."""
    rng = np.random.default_rng(300 + int(resample))
    checked = 0
    while checked < 100:
        mode = MODES[checked % 5]
        h, w = (int(v) for v in rng.integers(1, 25, 2))
        ow, oh = (int(v) for v in rng.integers(1, 35, 2))
        box: tuple[float, ...] | None = None
        if checked % 4 == 1:
            x0, y0 = float(rng.uniform(0, w / 2)), float(rng.uniform(0, h / 2))
            box = (x0, y0, float(rng.uniform(x0, w)), float(rng.uniform(y0, h)))
        elif checked % 4 == 2:
            x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
            box = (x0, y0, int(rng.integers(x0 + 1, w + 1)), int(rng.integers(y0 + 1, h + 1)))
            ow, oh = (box[2] - box[0], box[3] - box[1]) if checked % 8 == 2 else (ow, oh)
        img = _image(mode, h, w, rng)
        want = np.asarray(Image.fromarray(img).resize((ow, oh), int(resample), box))
        got = alp.resize(img, (ow, oh), resample, box)
        assert got.shape == want.shape and got.dtype == want.dtype
        if mode == "F":
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-4)
        else:
            np.testing.assert_array_equal(got, want, err_msg=f"{mode} {(h, w)} -> {(ow, oh)} box={box}")
        checked += 1


def test_nearest_running_sum_and_fill() -> None:
    """NEAREST's picks are Pillow's running double sum (not x * scale), and exact on sizes where
    the two differ."""
    img = np.arange(2 * 2, dtype=np.uint8).reshape(2, 2)
    for size in [(7, 15), (21, 23), (2, 1), (1, 2)]:
        want = np.asarray(Image.fromarray(img).resize(size, Image.Resampling.NEAREST))
        np.testing.assert_array_equal(alp.resize(img, size, alp.Resampling.NEAREST), want)
    # at 2 -> 7 the product (x + 0.5) * 2 / 7 picks another column than Pillow's running sum
    product = np.trunc((np.arange(7) + 0.5) * (2 / 7)).astype(int)
    pillow = np.asarray(Image.fromarray(img).resize((7, 1), Image.Resampling.NEAREST))[0] % 2
    assert not np.array_equal(product, pillow)


@pytest.mark.parametrize(
    "size,box,message",
    [
        ((0, 3), None, "height and width must be > 0"),
        ((3, 3), (-1, 0, 2, 2), "box offset can't be negative"),
        ((3, 3), (0, 0, 9, 2), "box can't exceed original image size"),
    ],
)
def test_refusals_match(size: tuple[int, int], box: tuple[float, ...] | None, message: str) -> None:
    img = np.zeros((4, 5), np.float32)
    with pytest.raises(ValueError, match=message):
        Image.fromarray(img).resize(size, Image.Resampling.BILINEAR, box)
    with pytest.raises(ArgumentError, match=message):
        alp.resize(img, size, alp.Resampling.BILINEAR, box)


def test_resampling_values_equal_pil() -> None:
    for r in alp.Resampling:
        assert int(getattr(Image.Resampling, r.name)) == int(r)


def test_unknown_filter_is_pillows_error() -> None:
    with pytest.raises(ValueError, match=r"Unknown resampling filter \(9\)"):
        Image.fromarray(np.zeros((4, 4), np.float32)).resize((2, 2), 9)
    with pytest.raises(ArgumentError, match=r"Unknown resampling filter \(9\)"):
        alp.resize(np.zeros((4, 4), np.float32), (2, 2), 9)


SHRINK_MODES = ("L", "RGB", "RGBA", "I")


def test_both_axes_shrinking_bit_exact() -> None:
    """600 random resizes to a size smaller on both axes (sizes 1..40), every filter, L, RGB, RGBA
    and I, a third with a float box: bit-exact, both pass orders met."""
    rng = np.random.default_rng(913)
    orders = {True: 0, False: 0}
    for case in range(600):
        mode = SHRINK_MODES[case % 4]
        resample = alp.Resampling(int(rng.integers(0, 8)))
        h, w = (int(v) for v in rng.integers(2, 41, 2))
        oh, ow = int(rng.integers(1, h)), int(rng.integers(1, w))
        box: tuple[float, ...] | None = None
        if case % 3 == 1:
            x0, y0 = float(rng.uniform(0, w / 2)), float(rng.uniform(0, h / 2))
            box = (x0, y0, float(rng.uniform(x0, w)), float(rng.uniform(y0, h)))
        img = _image(mode, h, w, rng)
        want = np.asarray(Image.fromarray(img).resize((ow, oh), int(resample), box))
        got = alp.resize(img, (ow, oh), resample, box)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want, err_msg=f"{resample!r} {mode} {(h, w)} -> {(ow, oh)} box={box}")
        orders[h - oh > 2 * (w - ow)] += 1
    assert min(orders.values()) > 100, orders


def _both_orders(
    img: np.ndarray, size: tuple[int, int], resample: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[np.ndarray, np.ndarray]:
    """arraylens's result with the horizontal pass first and with the vertical pass first."""
    out = []
    for horizontal_first in (True, False):
        with monkeypatch.context() as m:
            m.setattr(fixed_point, "pil_horizontal_first", lambda spec, h=horizontal_first: h)
            out.append(alp.resize(img, size, resample))
    return out[0], out[1]


@pytest.mark.parametrize(
    "h,w,oh,ow,vertical_first",
    [
        (4, 3, 1, 2, True),
        (4, 3, 1, 1, False),  # rows lose 3, columns 1 (3 > 2) / 2 (3 < 4)
        (9, 7, 4, 5, True),
        (9, 7, 4, 4, False),  # rows lose 5: columns losing 2 (4 < 5) / 3 (6 > 5)
        (20, 20, 1, 11, True),
        (20, 20, 1, 10, False),
        (13, 9, 3, 12, True),
        (13, 20, 14, 9, False),  # width enlarged: vertical first; height enlarged: horizontal
    ],
)
def test_pass_order_rule_at_its_boundary(
    h: int, w: int, oh: int, ow: int, vertical_first: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pillow 13.0.0 runs the vertical pass first iff ``oh < h and h - oh > 2 * (w - ow)``: on an
    image where the two orders give different pixels, Pillow equals that order and not the other."""
    assert (oh < h and h - oh > 2 * (w - ow)) == vertical_first
    rng = np.random.default_rng(h * 1000 + w * 100 + oh * 10 + ow)
    for _ in range(50):
        img = rng.integers(0, 256, (h, w)).astype(np.uint8)
        hfirst, vfirst = _both_orders(img, (ow, oh), alp.Resampling.BICUBIC, monkeypatch)
        if not np.array_equal(hfirst, vfirst):
            break
    else:
        pytest.fail("no image found where the two pass orders differ")
    want = np.asarray(Image.fromarray(img).resize((ow, oh), Image.Resampling.BICUBIC))
    np.testing.assert_array_equal(vfirst if vertical_first else hfirst, want)
    assert not np.array_equal(hfirst if vertical_first else vfirst, want)
    np.testing.assert_array_equal(alp.resize(img, (ow, oh), alp.Resampling.BICUBIC), want)


@pytest.mark.parametrize("resample", [alp.Resampling.MKS2013, alp.Resampling.MKS2021])
def test_magic_kernel_sharp_filters(resample: alp.Resampling) -> None:
    """MKS2013 (radius 2.5) and MKS2021 (radius 4.5), Pillow 13.0's Magic Kernel Sharp: 60 random
    configurations per filter over the five modes, up and down, bit-exact (F too); int32 images
    with values near 2**30 pin the kernel's values to about 1e-9."""
    rng = np.random.default_rng(70 + int(resample))
    for case in range(60):
        mode = MODES[case % 5]
        h, w, oh, ow = (int(v) for v in rng.integers(1, 30, 4))
        img = _image(mode, h, w, rng)
        if mode == "I":
            img = rng.integers(-(2**30), 2**30, (h, w)).astype(np.int32)
        want = np.asarray(Image.fromarray(img).resize((ow, oh), int(resample)))
        np.testing.assert_array_equal(
            alp.resize(img, (ow, oh), resample), want, err_msg=f"{mode} {(h, w)} -> {(ow, oh)}"
        )
    # the kernel itself: an impulse enlarged 9x (one tap per output pixel) is the sampled kernel
    spec_f = {alp.Resampling.MKS2013: "mks2013", alp.Resampling.MKS2021: "mks2021"}[resample]
    radius = filter_radius(Filter(spec_f))
    assert radius == {alp.Resampling.MKS2013: 2.5, alp.Resampling.MKS2021: 4.5}[resample]
    t = np.linspace(-radius - 0.5, radius + 0.5, 101)
    k = filter_function(Filter(spec_f))(t)
    assert k[np.abs(t) >= radius].max() == 0 and k.max() > 1


@pytest.mark.parametrize("mode", ["L", "RGBA", "F"])
def test_integer_box_of_the_output_size_is_a_crop(mode: str) -> None:
    """Pillow's ``_resize`` crops when the box starts at whole pixels and has the output's size:
    no filter runs, which MKS2013/MKS2021 (not interpolating) would otherwise change; RGBA still
    goes to RGBa and back."""
    rng = np.random.default_rng(44)
    img = _image(mode, 7, 15, rng)
    for resample in (alp.Resampling.MKS2013, alp.Resampling.MKS2021, alp.Resampling.BICUBIC):
        for box, size in (((2, 0, 14, 1), (12, 1)), ((1.0, 2.0, 6.0, 7.0), (5, 5)), ((0, 0, 15, 7), (15, 7))):
            want = np.asarray(Image.fromarray(img).resize(size, int(resample), box))
            got = alp.resize(img, size, resample, box)
            np.testing.assert_array_equal(got, want, err_msg=f"{resample!r} {box}")
            if mode != "RGBA":
                np.testing.assert_array_equal(got, img[int(box[1]) : int(box[3]), int(box[0]) : int(box[2])])
            at = (size[1] - 1, size[0] // 2, *((3,) if mode == "RGBA" else ()))
            e = alp.resize.explain(img, size, resample, box, at=at)
            assert e.check() and float(e.value) == float(want[at])
    # a box of the output's size that starts between pixels is resampled: MKS sharpens it
    box = (0.5, 0.0, 5.5, 7.0)
    want = np.asarray(Image.fromarray(img).resize((5, 7), int(alp.Resampling.MKS2013), box))
    np.testing.assert_array_equal(alp.resize(img, (5, 7), alp.Resampling.MKS2013, box), want)


def test_pil_bilinear_and_cv2_linear_differ_on_13x17_rgb_to_7x5() -> None:
    """PIL's BILINEAR antialiases when downsampling, cv2's INTER_LINEAR does not."""
    img = np.random.default_rng(0).integers(0, 256, (13, 17, 3)).astype(np.uint8)
    pil = np.asarray(Image.fromarray(img).resize((5, 7), Image.Resampling.BILINEAR)).astype(int)
    ocv = cv2.resize(img, (5, 7), interpolation=cv2.INTER_LINEAR)
    np.testing.assert_array_equal(alo.resize(img, (5, 7), interpolation=alo.INTER_LINEAR), ocv)
    assert int(np.abs(pil - ocv.astype(int)).max()) == 114
    # the float path of each library agrees with arraylens on the same data (mode F, one channel)
    f = img[:, :, 0].astype(np.float32)
    np.testing.assert_allclose(
        alp.resize(f, (5, 7), alp.Resampling.BILINEAR),
        np.asarray(Image.fromarray(f).resize((5, 7), Image.Resampling.BILINEAR)),
        atol=1e-4,
    )


@pytest.mark.parametrize("seed", range(20))
def test_explain_value_is_pillows_and_checks(seed: int) -> None:
    rng = np.random.default_rng(4000 + seed)
    h, w, m = (int(v) for v in rng.integers(1, 15, 3))
    resample = FILTERS[seed % 3]
    if seed % 2:
        img = rng.standard_normal((h, w)).astype(np.float32)
        size = (m, int(rng.integers(1, 15)))
    else:
        img = rng.integers(0, 256, (h, w, 3)).astype(np.uint8)
        size = (m, h)
    want = np.asarray(Image.fromarray(img).resize(size, resample))
    got = alp.resize(img, size, resample)
    for _ in range(3):
        at = (int(rng.integers(size[1])), int(rng.integers(size[0])), *((1,) if img.ndim == 3 else ()))
        e = alp.resize.explain(img, size, resample, at=at)
        assert e.check()
        assert float(e.value) == float(got[at])
        if img.dtype == np.uint8:
            assert int(e.value) == int(want[at])
        else:
            assert abs(float(e.value) - float(want[at])) <= 1e-5 * (1 + abs(float(want[at])))


@pytest.mark.parametrize("seed", range(18))
def test_explain_new_filters_and_modes(seed: int) -> None:
    """explain's value is Pillow's for NEAREST, BOX, HAMMING, MKS2013, MKS2021 and the RGBA
    (premultiplied) and I modes, both axes shrinking included."""
    rng = np.random.default_rng(5000 + seed)
    resample = (
        alp.Resampling.NEAREST,
        alp.Resampling.BOX,
        alp.Resampling.HAMMING,
        alp.Resampling.MKS2013,
        alp.Resampling.MKS2021,
    )[seed % 5]
    mode = ("RGBA", "I", "L")[(seed // 3) % 3]
    h, w = (int(v) for v in rng.integers(1, 15, 2))
    size = (int(rng.integers(1, 20)), int(rng.integers(1, 20)))
    img = _image(mode, h, w, rng)
    want = np.asarray(Image.fromarray(img).resize(size, int(resample)))
    for _ in range(3):
        channel = (int(rng.integers(4)),) if img.ndim == 3 else ()
        at = (int(rng.integers(size[1])), int(rng.integers(size[0])), *channel)
        e = alp.resize.explain(img, size, resample, at=at)
        assert e.check()
        assert int(e.value) == int(want[at])


@pytest.mark.parametrize(
    "resample",
    [alp.Resampling.LANCZOS, alp.Resampling.BICUBIC, alp.Resampling.MKS2013, alp.Resampling.MKS2021],
)
def test_int32_overshoot_past_the_range_is_pillows_c_cast(resample: alp.Resampling) -> None:
    """Full-range I images: a sum past int32's range (the filters' overshoot, either side) is
    Pillow's ``(int)`` cast, INT_MIN on x86, not a saturated value; explain says the same."""
    rng = np.random.default_rng(900 + int(resample))
    wrapped = 0
    for case in range(40):
        h, w, oh, ow = (int(v) for v in rng.integers(1, 20, 4))
        if case % 2:  # extremes next to each other: the ringing overshoots
            img = rng.choice(np.array([-(2**31), 2**31 - 6, 0, 2**31 - 1], np.int64), (h, w)).astype(np.int32)
        else:
            img = rng.integers(-(2**31), 2**31, (h, w), dtype=np.int64).astype(np.int32)
        want = np.asarray(Image.fromarray(img, "I").resize((ow, oh), int(resample)))
        got = alp.resize(img, (ow, oh), resample)
        np.testing.assert_array_equal(got, want, err_msg=f"{(h, w)} -> {(ow, oh)}")
        wrapped += int(np.count_nonzero(want == -(2**31)))
        at = tuple(int(v) for v in np.argwhere(want == -(2**31))[0]) if (want == -(2**31)).any() else (0, 0)
        assert int(alp.resize.explain(img, (ow, oh), resample, at=at).value) == int(want[at])
    assert wrapped > 0
    x = np.array([[2**31 - 6, 0, 2**31 - 6, 0]] * 3, np.int32)
    assert alp.resize(x, (7, 3), alp.Resampling.LANCZOS)[0, 0] == -(2**31)


@pytest.mark.parametrize("resample", [alp.Resampling.MKS2013, alp.Resampling.MKS2021])
def test_magic_kernel_sharp_float_images_bit_exact_on_many(resample: alp.Resampling) -> None:
    """F images in eighths (the sums are exact, so the kernel's last bit decides): 600 random
    configurations per filter, bit for bit. The expanded polynomials were 1 ulp off in about
    0.2% of calls; Pillow evaluates the factored forms of its ``mks_20xx_filter``."""
    rng = np.random.default_rng(1300 + int(resample))
    for _ in range(600):
        h, w, oh, ow = (int(v) for v in rng.integers(1, 25, 4))
        img = (rng.integers(-1000, 1000, (h, w)) / 8).astype(np.float32)
        want = np.asarray(Image.fromarray(img, "F").resize((ow, oh), int(resample)))
        np.testing.assert_array_equal(alp.resize(img, (ow, oh), resample), want, err_msg=f"{(h, w)} -> {(ow, oh)}")
    x = np.array(
        [
            [-72.125, 101.0, -39.375, -99.5],
            [-32.375, -4.25, 31.125, -103.25],
            [-76.625, -42.0, 117.125, -26.625],
            [-68.75, 32.125, -103.5, -30.375],
        ],
        np.float32,
    )
    want = np.asarray(Image.fromarray(x, "F").resize((7, 6), int(resample)))
    np.testing.assert_array_equal(alp.resize(x, (7, 6), resample), want)
