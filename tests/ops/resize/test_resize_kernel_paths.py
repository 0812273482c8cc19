"""The resize kernel's fast paths give the bits of the plain per-tap formula.

The kernel resizes the lattice interior of an axis (integer scale factors: the same weights
every ``period`` outputs, the input moved by ``step``) with strided views, the other positions
with gathers, nearest picks of whole lattices with one strided copy per phase, and keeps its
tables between calls. Each is checked here, bit for bit, against the formula written out in
NumPy: per axis in the kernel's pass order, ``acc = x[tap 0] * w0``, then ``acc += x[tap t] * wt``
in tap order (taps that weigh 0 everywhere skipped), in the arithmetic's dtype.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from arraylens.ops.resize import kernel
from arraylens.ops.resize.kernel import axis_table, pass_order, resize
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec

RULES = (
    "half_pixel",
    "pytorch_half_pixel",
    "align_corners",
    "asymmetric",
    "half_pixel_symmetric",
    "tf_crop_and_resize",
)
FILTERS = (
    Filter("nearest", rounding="floor"),
    Filter("nearest", rounding="round_prefer_ceil"),
    Filter("nearest", rounding="round_prefer_floor"),
    Filter("linear"),
    Filter("linear", antialias=True),
    Filter("cubic"),
    Filter("cubic", cubic_a=-0.5, antialias=True),
    Filter("lanczos", lobes=3, antialias=True),
    Filter("box", antialias=True, normalize=True),
    Filter("area"),
    Filter("area", area="coverage"),
)


def _reference(x: np.ndarray, spec: ResizeSpec, dtype: Any = None) -> np.ndarray:
    """The per-tap formula, one ``np.take`` per tap over the whole array."""
    if spec.filter.kind == "nearest" and spec.extrapolation_value is None:
        dtype = x.dtype
    elif dtype is None:
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    tables = [axis_table(spec, k) for k in range(len(spec.axes))]
    out = x
    for k in pass_order(x.shape, spec):
        axis, t = spec.axes[k], tables[k]
        w = t.weight.astype(dtype)
        shape = [1] * x.ndim
        shape[axis] = -1
        acc = np.take(out, t.index[:, 0], axis=axis).astype(dtype)
        if not (t.index.shape[1] == 1 and np.all(t.weight == 1.0)):
            acc *= w[:, 0].reshape(shape)
            for j in range(1, t.index.shape[1]):
                if np.any(w[:, j]):
                    term = np.take(out, t.index[:, j], axis=axis).astype(dtype)
                    term *= w[:, j].reshape(shape)
                    acc += term
        if spec.extrapolation_value is not None and t.extrapolated.any():
            sel: list[Any] = [slice(None)] * x.ndim
            sel[axis] = t.extrapolated
            acc[tuple(sel)] = spec.extrapolation_value
        out = acc
    if out is x:
        out = x.astype(dtype, copy=True)
    if spec.extrapolation_value is not None:
        for k, axis in enumerate(spec.axes):
            if tables[k].extrapolated.any():
                sel = [slice(None)] * out.ndim
                sel[axis] = tables[k].extrapolated
                out[tuple(sel)] = spec.extrapolation_value
    return out


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def _spec(rng: np.random.Generator, shape: tuple[int, ...], axes: tuple[int, ...]) -> ResizeSpec:
    resizes = []
    for a in axes:
        n = shape[a]
        factor = int(rng.integers(1, 5))
        m = n * factor if rng.random() < 0.5 else max(1, n // factor)
        resizes.append(AxisResize.of(n, m, str(rng.choice(RULES)), None, roi=(0.1, 0.8)))
    return ResizeSpec(
        axes,
        tuple(resizes),
        FILTERS[int(rng.integers(len(FILTERS)))],
        str(rng.choice(["clamp", "exclude"])),
        None if rng.random() < 0.8 else -1.5,
        Precision(str(rng.choice(["exact", "float32", "float64"])), "multiply"),
    )


@pytest.mark.parametrize("compiled_from", [kernel.COMPILED_MIN_ELEMENTS, 0], ids=["numpy-rows", "compiled-rows"])
def test_integer_factor_resizes_equal_the_per_tap_formula_bit_for_bit(
    compiled_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # small arrays take the NumPy rows; with the threshold at 0 the same calls take the compiled loop
    monkeypatch.setattr(kernel, "COMPILED_MIN_ELEMENTS", compiled_from)
    rng = np.random.default_rng(7)
    lattices = 0
    for _ in range(300):
        nd = int(rng.integers(1, 4))
        shape = (int(rng.integers(1, 4)), *(int(rng.choice([4, 6, 8, 12, 16, 40])) for _ in range(nd)))
        spec = _spec(rng, shape, tuple(range(1, nd + 1)))
        dtype = str(rng.choice(["float32", "float64", "float16", "int16"]))
        x = (rng.standard_normal(shape) * 40).astype(dtype)
        if dtype.startswith("float"):
            x.flat[int(rng.integers(x.size))] = -0.0
            if rng.random() < 0.3:
                x.flat[int(rng.integers(x.size))] = np.inf
        compute = np.dtype(dtype) if dtype.startswith("float") else np.dtype(np.float64)
        lattices += sum(kernel._axis_pass(axis_table(spec, k), compute).lattice is not None for k in range(nd))
        with np.errstate(invalid="ignore"):
            got, want = resize(x, spec), _reference(x, spec)
        assert _same_bits(got, want), (spec, dtype)
    assert lattices > 200  # the strided path is the one under test


@pytest.mark.parametrize("mode", ["nearest", "bilinear", "bicubic", "bilinear antialias", "bicubic antialias"])
@pytest.mark.parametrize("size", [8, 12, 64, 100])
def test_image_sizes_on_large_arrays_equal_the_per_tap_formula(mode: str, size: int) -> None:
    """Blocks, threads and the lattice's edges on a 2x3x48x32 batch (x2 and /4 among the sizes)."""
    filt = {
        "nearest": Filter("nearest"),
        "bilinear": Filter("linear"),
        "bicubic": Filter("cubic"),
        "bilinear antialias": Filter("linear", antialias=True),
        "bicubic antialias": Filter("cubic", cubic_a=-0.5, antialias=True),
    }[mode]
    x = np.random.default_rng(size).random((2, 3, 48, 32), dtype=np.float32)
    spec = ResizeSpec(
        (2, 3),
        (
            AxisResize.of(48, size * 2, "half_pixel" if mode != "nearest" else "asymmetric"),
            AxisResize.of(32, size, "half_pixel"),
        ),
        filt,
        "exclude" if filt.antialias else "clamp",
        None,
        Precision("float32", "multiply"),
    )
    want = _reference(x, spec)
    for layout in (x, np.asfortranarray(x), x.transpose(0, 1, 3, 2).copy().transpose(0, 1, 3, 2)):
        assert _same_bits(resize(layout, spec), want)
    assert _same_bits(resize(x, spec), want)  # the second call reads the kept tables


def test_large_x2_and_quarter_resizes_cross_the_parallel_threshold() -> None:
    x = np.random.default_rng(3).random((1, 3, 256, 256), dtype=np.float32)
    for size, filt in (
        (512, Filter("linear")),
        (512, Filter("nearest")),
        (64, Filter("cubic", cubic_a=-0.5, antialias=True)),
    ):
        coordinate = "asymmetric" if filt.kind == "nearest" else "half_pixel"
        spec = ResizeSpec(
            (2, 3),
            (AxisResize.of(256, size, coordinate), AxisResize.of(256, size, coordinate)),
            filt,
            "exclude" if filt.antialias else "clamp",
            None,
            Precision("float32", "multiply"),
        )
        assert _same_bits(resize(x, spec), _reference(x, spec))


def test_lattice_is_the_interior_of_an_x2_upsampling() -> None:
    spec = ResizeSpec((0,), (AxisResize.of(10, 20, "half_pixel"),), Filter("linear"), precision=Precision("float32"))
    lat = kernel._axis_pass(axis_table(spec, 0), np.float32).lattice
    assert lat is not None
    # output 0 reads input 0 twice (clamped) and 19 reads input 9 twice: the edges are gathered
    assert (lat.lo, lat.hi, lat.period, lat.step) == (1, 19, 2, 1)
    assert lat.starts.tolist() == [[0, 1], [0, 1]]  # x_src 0.25 and 0.75, then 1.25 and 1.75 (step 1)
    # a ratio of 3/7 has period 7; a float32 coordinate with an inexact 1 / scale has no lattice
    odd = ResizeSpec((0,), (AxisResize.of(30, 70, "half_pixel"),), Filter("linear"), precision=Precision("exact"))
    lat = kernel._axis_pass(axis_table(odd, 0), np.float64).lattice
    assert lat is not None and (lat.period, lat.step) == (7, 3)


def test_kept_tables_are_read_only_and_axis_table_still_gives_fresh_arrays() -> None:
    spec = ResizeSpec((0,), (AxisResize.of(8, 16, "half_pixel"),), Filter("cubic"), precision=Precision("float32"))
    resize(np.zeros(8, np.float32), spec)
    kept = kernel._cached_axis_pass(spec, 0, np.float32)
    assert kernel._cached_axis_pass(spec, 0, np.float32) is kept
    with pytest.raises(ValueError, match="read-only"):
        kept.table.weight[0, 0] = 2.0
    fresh = axis_table(spec, 0)
    fresh.weight[0, 0] = 2.0  # the caller's own copy
    assert kept.table.weight[0, 0] != 2.0


def test_the_compiled_rows_loop_and_its_python_reading_give_the_same_bits() -> None:
    from arraylens.ops.resize.lattice_loop import lattice_rows

    rng = np.random.default_rng(11)
    for dtype in (np.float32, np.float64):
        x3 = rng.standard_normal((2, 9, 5)).astype(dtype)
        starts = np.array([[0, 1, 2], [1, 2, 3]], np.int64)
        weights = rng.standard_normal((2, 3)).astype(dtype)
        outs = []
        for fn in (lattice_rows, lattice_rows.py_func):
            out3 = np.full((2, 8, 5), np.nan, dtype)
            fn(x3, out3, 1, 2, 2, starts, weights, 0, 2, 0, 3)
            outs.append(out3)
        assert _same_bits(outs[0], outs[1])
        # row 1 + 2 * 2 + 1 = 6 is phase 1 of j = 2: taps 1 + 4, 2 + 4, 3 + 4, summed in tap order
        want = (x3[:, 5] * weights[1, 0] + x3[:, 6] * weights[1, 1]) + x3[:, 7] * weights[1, 2]
        assert _same_bits(outs[0][:, 6], want.astype(dtype))
        assert np.isnan(outs[0][:, 0]).all() and np.isnan(outs[0][:, 7]).all()  # rows outside the lattice untouched


def test_tables_above_the_size_limit_are_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kernel, "CACHE_TABLE_BYTES", 0)
    spec = ResizeSpec((0,), (AxisResize.of(9, 27, "half_pixel"),), Filter("cubic"), precision=Precision("float32"))
    x = np.random.default_rng(4).random(9, dtype=np.float32)
    assert _same_bits(resize(x, spec), _reference(x, spec))
    assert _same_bits(resize(x, spec), _reference(x, spec))
    key = (spec.resizes[0], spec.filter, spec.boundary, None, spec.precision, np.dtype(np.float32))
    assert key not in kernel._PASSES
    assert not any(entry[0] is spec for entry in kernel._PREPARED.values())


def test_a_small_resize_does_not_load_the_compiler() -> None:
    """A CLI-sized call stays on NumPy: numba's import and cache load cost about a second."""
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from arraylens import torch as t\n"
        "x = np.arange(2 * 3 * 8 * 8, dtype=np.float32).reshape(2, 3, 8, 8)\n"
        "t.interpolate(x, scale_factor=2, mode='bilinear')\n"
        "t.interpolate(x, size=(2, 2), mode='bicubic', antialias=True)\n"
        "print('numba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("dtype", [">f4", ">f8"])
def test_a_big_endian_input_resizes_as_its_values(dtype: str) -> None:
    # the compiled rows loop (numba) takes native byte order only: a big-endian input large enough
    # for it once failed inside numba's typing
    rng = np.random.default_rng(7)
    x = rng.standard_normal((300, 260, 3)).astype(dtype)
    spec = ResizeSpec(
        (0, 1), (AxisResize.of(300, 600, "half_pixel"), AxisResize.of(260, 520, "half_pixel")), Filter("linear"),
        precision=Precision("float32"),
    )
    out = resize(x, spec)
    native = resize(x.astype(x.dtype.newbyteorder("=")), spec)
    assert out.dtype.isnative
    np.testing.assert_array_equal(out, native)


@pytest.mark.parametrize("dtype", [">f4", ">u2", ">i2"])
@pytest.mark.parametrize("interpolation", ["linear", "cubic", "area", "lanczos4"])
def test_opencv_rules_read_a_big_endian_image_as_its_values(dtype: str, interpolation: str) -> None:
    import arraylens.opencv as cv

    flag = {"linear": 1, "cubic": 2, "area": 3, "lanczos4": 4}[interpolation]
    x = (np.random.default_rng(3).random((40, 36, 3)) * 1000).astype(dtype)
    native = x.astype(x.dtype.newbyteorder("="))
    for size in ((80, 72), (18, 20), (13, 17)):
        got = np.asarray(cv.resize(x, size, interpolation=flag))
        np.testing.assert_array_equal(got, np.asarray(cv.resize(native, size, interpolation=flag)))
