"""The compiled pooling loops give the NumPy kernel's bits, and PyTorch's values on large inputs.

An explanation recomputes an element by running the NumPy kernel on its window's box, so the
loops (which run on large inputs) must give the NumPy passes' bits.

``pool(..., compiled=True)`` runs :mod:`arraylens.ops.pool.loops`, ``compiled=False`` the NumPy
passes; both must give the same bits (a NaN's payload aside, see ``_same_bits``): sums in the
same order and signed zeros, the same maximum and index under each NaN rule, on every
memory order the loops meet: NCHW memory (channel planes), NHWC memory (channel vectors), planes
stored transposed (the width outside the height: the sums then reduce the width first, as the
NumPy kernel does) and strided views (copied first).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import arraylens
from arraylens.core.errors import ArgumentError
from arraylens.ops.pool.explain import kernel_element
from arraylens.ops.pool.kernel import COMPILED_MIN_ELEMENTS, compiled_supported, pool
from arraylens.ops.pool.spec import AdaptiveWindows, LpReduction, MaxReduction, MeanReduction, PoolSpec, Window


def _memory_orders(x: np.ndarray) -> dict[str, np.ndarray]:
    """The NCHW values ``x`` as canonical ``(N, *spatial, C)`` views of several memories."""
    nd = x.ndim - 2
    canon = (0, *range(2, 2 + nd), 1)
    out = {"nchw": x.transpose(canon), "nhwc": np.ascontiguousarray(x.transpose(canon))}
    if nd == 2:
        # planes stored transposed (N, C, W, H memory)
        out["transposed planes"] = np.ascontiguousarray(x.transpose(0, 1, 3, 2)).transpose(0, 3, 2, 1)
        big = np.zeros((x.shape[0], x.shape[1] * 2, x.shape[2] + 1, x.shape[3] * 2), x.dtype)
        big[:, ::2, 1:, ::2] = x
        out["strided view"] = big[:, ::2, 1:, ::2].transpose(canon)
    return out


def _values(rng: np.random.Generator, shape: tuple[int, ...], dtype: Any, special: bool) -> np.ndarray:
    x = (rng.normal(size=shape) * 10).astype(dtype)
    if special:
        flat = x.reshape(-1)
        k = max(1, flat.size // 12)
        for v in (np.nan, -0.0, 0.0, -np.inf, np.inf, 3.0):
            flat[rng.integers(0, flat.size, k)] = v
    return x


def _window(rng: np.random.Generator, n: int, dilation: bool) -> Window:
    k = int(rng.integers(1, min(5, n + 1)))
    d = int(rng.integers(1, 3)) if dilation else 1
    eff = (k - 1) * d + 1
    p = int(rng.integers(0, eff // 2 + 1))
    return Window(
        k,
        int(rng.integers(1, 4)),
        d,
        (p, int(rng.integers(0, eff // 2 + 1)) if rng.random() < 0.3 else p),
        ceil_mode=bool(rng.random() < 0.5),
        drop_last="start_past_input" if rng.random() < 0.7 else "none",
    )


def _axes(rng: np.random.Generator, spatial: tuple[int, ...], dilation: bool) -> tuple[Any, ...] | None:
    axes: list[Any] = []
    for n in spatial:
        if rng.random() < 0.3:
            axes.append(AdaptiveWindows.torch(n, int(rng.integers(1, n + 3))))
        else:
            axes.append(_window(rng, n, dilation))
    for a, n in zip(axes, spatial, strict=True):
        if a.output_size(n) < 1:
            return None
    return tuple(axes)


def _same_bits(a: np.ndarray, b: np.ndarray, signed_zeros: bool = True) -> bool:
    """The same bits except a NaN's sign and payload (which NaN an addition of two NaNs returns
    is unspecified in IEEE 754, and the compiler may swap an addition's operands: NaN only has to
    be at the same places); without ``signed_zeros``, 0.0 and -0.0 count as equal too."""
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    if not signed_zeros:
        return bool(np.array_equal(a, b, equal_nan=True))
    nan = np.isnan(a)
    if not np.array_equal(nan, np.isnan(b)):
        return False
    bits = np.uint32 if a.dtype == np.float32 else np.uint64
    return bool(np.array_equal(a.view(bits)[~nan], b.view(bits)[~nan]))


def _check(x: np.ndarray, spec: PoolSpec, with_index: bool = False) -> int:
    compared = 0
    for name, canon in _memory_orders(x).items():
        assert compiled_supported(canon, spec), name
        got, gidx = pool(canon, spec, with_index=with_index, compiled=True)
        with np.errstate(invalid="ignore"):  # inf - inf in the NumPy passes
            want, widx = pool(canon, spec, with_index=with_index, compiled=False)
        # a maximum of 0.0 and -0.0: NumPy's np.maximum returns either (its scalar loop the first,
        # its SIMD loop the second), so the sign of a zero maximum is not compared
        assert _same_bits(got, want, not isinstance(spec.reduction, MaxReduction)), (name, spec, x.shape)
        if with_index:
            assert gidx is not None and widx is not None and np.array_equal(gidx, widx), (name, spec, x.shape)
        compared += 1
    return compared


def test_the_loops_give_the_numpy_kernels_bits_over_random_configurations() -> None:
    rng = np.random.default_rng(20261202)
    compared = 0
    for case in range(240):
        nd = 1 + case % 2
        spatial = tuple(int(v) for v in rng.integers(1, 14, nd))
        kind = case % 4
        axes = _axes(rng, spatial, dilation=kind == 0)
        if axes is None:
            continue
        dtype = np.float64 if case % 5 == 0 else np.float32
        x = _values(rng, (int(rng.integers(1, 3)), int(rng.integers(1, 5)), *spatial), dtype, special=case % 3 == 0)
        if kind == 0:
            nan = ("last", "first", "ignore", "leading")[int(rng.integers(0, 4))]
            red: Any = MaxReduction(nan, finite_floor=nan in ("ignore", "leading") and bool(rng.random() < 0.3))
            compared += _check(x, PoolSpec(axes, red), with_index=bool(rng.random() < 0.5))
        elif kind == 3 and all(isinstance(a, Window) for a in axes):
            p = float(rng.choice([1.0, 2.0, 3.0, 0.5]))
            red = LpReduction(p, "torch" if rng.random() < 0.5 else "norm")
            compared += _check(np.abs(x) if red.form == "torch" else x, PoolSpec(axes, red))
        else:
            rule = ("valid", "padded", "window", "fixed")[int(rng.integers(0, 4))]
            red = MeanReduction(rule, int(rng.integers(1, 7)) if rule == "fixed" else None)
            compared += _check(x, PoolSpec(axes, red))
    assert compared >= 500


@pytest.mark.parametrize("n", [17, 33, 37, 112, 129])
def test_long_adaptive_windows_sum_in_lanes_as_the_numpy_kernel(n: int) -> None:
    # windows longer than 16 cells: lanes, their tree, the cells left over (fixed_order_sum)
    x = _values(np.random.default_rng(n), (1, 3, n, n + 2), np.float32, special=False) * 1000
    for out in (1, 2, 3):
        spec = PoolSpec((AdaptiveWindows.torch(n, out), AdaptiveWindows.torch(n + 2, out)), MeanReduction("valid"))
        assert _check(x, spec) == 4


@pytest.mark.parametrize("width", [65, 112, 114, 143])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_eight_lane_width_windows_on_channel_planes_sum_as_the_numpy_kernel(width: int, dtype: Any) -> None:
    # widths whose windows sum in eight lanes (65-143 cells): on channel planes the lanes are
    # eight scalars side by side, cells left over (114, 143) and windows not starting at 0 (two
    # and three windows) among them; infinities, NaN and signed zeros too, and a row of -0.0
    rng = np.random.default_rng(width)
    for special in (False, True):
        x = _values(rng, (2, 3, 9, width), dtype, special) * 1000
        x[1, 2, :, :] = -0.0
        for out in (1, 2, 3):
            spec = PoolSpec((AdaptiveWindows.torch(9, 1), AdaptiveWindows.torch(width, out)), MeanReduction("valid"))
            assert _check(x, spec) == 4


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_channel_vectors_of_many_channels_give_the_numpy_kernels_bits(dtype: Any) -> None:
    # NHWC memory with 64 channels (the loops' vectors): k2 s2 windows (one pass per row), windows
    # with padding or ceil mode (sums from 0, short windows), dilated pairs, adaptive and global
    rng = np.random.default_rng(64)
    x = _values(rng, (2, 64, 14, 18), dtype, special=True)
    x[0, :, 3, 4] = -0.0  # a window of -0.0 cells: -0.0 + -0.0, never 0 + -0.0
    x[0, :, 2, 4] = -0.0
    x[0, :, 3, 5] = -0.0
    x[0, :, 2, 5] = -0.0
    windows = [
        Window(2, 2),
        Window(2, 2, 1, (1, 1)),
        Window(2, 2, ceil_mode=True),
        Window(2, 3),
        Window(2, 2, 2),
        Window(3, 2, 1, (1, 1)),
        Window(1, 1),
    ]
    compared = 0
    for w in windows:
        for rule in ("valid", "padded", "window", "fixed"):
            red = MeanReduction(rule, 3 if rule == "fixed" else None)
            compared += _check(x, PoolSpec((w, w), red))
        compared += _check(x, PoolSpec((Window(2, 2), w), MeanReduction("padded")))
    for out in ((7, 9), (1, 1), (3, 5)):
        axes = (AdaptiveWindows.torch(14, out[0]), AdaptiveWindows.torch(18, out[1]))
        compared += _check(x, PoolSpec(axes, MeanReduction("valid")))
    assert compared == 4 * (len(windows) * 5 + 3)


@pytest.mark.parametrize("outs", [1, 7, 8, 9, 17])
def test_tiled_adaptive_windows_on_channel_planes_give_the_numpy_kernels_bits(outs: int) -> None:
    # widths out * tile: every window one lane of tile cells (summed eight windows at a time,
    # the last group short); heights any
    rng = np.random.default_rng(outs)
    for tile in (1, 2, 5, 16):
        x = _values(rng, (1, 3, 11, outs * tile), np.float32, special=tile == 5) * 1000
        for oh in (1, 4):
            spec = PoolSpec(
                (AdaptiveWindows.torch(11, oh), AdaptiveWindows.torch(outs * tile, outs)), MeanReduction("valid")
            )
            assert _check(x, spec) == 4


def test_signed_zeros_infinities_and_nan_follow_the_numpy_kernel() -> None:
    x = np.array([[[[-0.0, 0.0, -0.0], [0.0, -0.0, np.nan], [-1.0, -0.0, -np.inf]]]], np.float32)
    for nan in ("last", "first", "ignore", "leading"):
        for w in (Window(2, 1), Window(2, 1, 1, (1, 1)), Window(3, 2, 1, (1, 1), ceil_mode=True)):
            _check(x, PoolSpec((w, w), MaxReduction(nan)), with_index=True)
            _check(x, PoolSpec((w, w), MaxReduction(nan)))
    for rule in ("valid", "padded", "window"):
        for w in (Window(2, 1), Window(3, 1, 1, (1, 1)), Window(2, 2, 1, (1, 1), ceil_mode=True)):
            _check(x, PoolSpec((w, w), MeanReduction(rule)))


def test_the_loops_refuse_what_they_do_not_take() -> None:
    x = np.zeros((1, 4, 4, 4, 2), np.float32)
    spec3 = PoolSpec((Window(2),) * 3, MaxReduction())
    assert not compiled_supported(x, spec3)
    with pytest.raises(ArgumentError, match="compiled pooling loops"):
        pool(x, spec3, compiled=True)
    spec2 = PoolSpec((Window(2),) * 2, MeanReduction())
    assert not compiled_supported(np.zeros((1, 4, 4, 2), np.float16), spec2)
    assert not compiled_supported(np.zeros((1, 4, 4, 2), np.int64), spec2)
    assert compiled_supported(np.zeros((1, 4, 4, 2), np.float16), PoolSpec((Window(2),) * 2, LpReduction(2.0)))


CASES = [
    ("max_pool2d k3 s2 p1", lambda f, t: f.max_pool2d(t, 3, 2, 1)),
    ("max_pool2d k3 s2 p1 indices", lambda f, t: f.max_pool2d(t, 3, 2, 1, return_indices=True)),
    ("avg_pool2d k2 s2", lambda f, t: f.avg_pool2d(t, 2, 2)),
    ("avg_pool2d k3 s2 p1 ceil", lambda f, t: f.avg_pool2d(t, 3, 2, 1, ceil_mode=True)),
    ("adaptive_avg_pool2d 7", lambda f, t: f.adaptive_avg_pool2d(t, 7)),
    ("adaptive_avg_pool2d 5", lambda f, t: f.adaptive_avg_pool2d(t, 5)),
    ("global average", lambda f, t: f.adaptive_avg_pool2d(t, 1)),
    ("adaptive_max_pool2d 5", lambda f, t: f.adaptive_max_pool2d(t, 5, return_indices=True)),
    ("lp_pool2d 2", lambda f, t: f.lp_pool2d(t, 2.0, 3, 2)),
    ("max_pool1d k3 s2 p1", lambda f, t: f.max_pool1d(t.reshape(2, 24, -1), 3, 2, 1)),
    ("avg_pool1d k4 s3", lambda f, t: f.avg_pool1d(t.reshape(2, 24, -1), 4, 3)),
]


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_large_inputs_on_the_loops_match_pytorch(name: str) -> None:
    """Inputs large enough for the loops, NCHW and channels_last memory, against
    torch.nn.functional."""
    torch = pytest.importorskip("torch")
    import arraylens.torch as alt

    call = dict(CASES)[name]
    x = np.random.default_rng(5).normal(size=(2, 24, 61, 58)).astype(np.float32)
    x[0, 3, 10:13, 7] = np.nan
    t = torch.from_numpy(x)
    want = call(torch.nn.functional, t)
    want = [w.numpy() for w in want] if isinstance(want, tuple) else [want.numpy()]
    nhwc_memory = np.ascontiguousarray(x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)
    for data in (x, nhwc_memory):
        assert data.size >= COMPILED_MIN_ELEMENTS
        got = call(alt, data)
        got = list(got) if isinstance(got, tuple) else [got]
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert g.shape == w.shape and g.dtype == w.dtype
            if w.dtype == np.int64 or "max" in name:
                np.testing.assert_array_equal(g, w)
            else:
                np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)


BOX_SPECS = [
    PoolSpec((AdaptiveWindows.torch(112, 7), AdaptiveWindows.torch(37, 3)), MeanReduction("valid")),
    PoolSpec((AdaptiveWindows.torch(112, 1), AdaptiveWindows.torch(37, 1)), MeanReduction("valid")),
    PoolSpec((Window(2, 2), Window(2, 2)), MeanReduction("padded")),
    PoolSpec((Window(3, 2, 1, (1, 1), True), Window(3, 2, 1, (1, 1), True)), MeanReduction("padded")),
    PoolSpec((Window(3, 2, 1, (1, 1)), Window(3, 2, 1, (1, 1))), MaxReduction()),
]


@pytest.mark.parametrize("spec", BOX_SPECS, ids=range(len(BOX_SPECS)))
def test_an_element_recomputed_on_its_window_box_has_the_loops_bits(spec: PoolSpec) -> None:
    """What an explanation does: the NumPy kernel on one element's window box (a small input)
    gives the bits the loops gave for the whole (large) input."""
    x = _values(np.random.default_rng(11), (2, 8, 112, 37), np.float32, special=False)
    with_index = isinstance(spec.reduction, MaxReduction)
    for canon in _memory_orders(x).values():
        assert canon.size >= COMPILED_MIN_ELEMENTS
        whole, _ = pool(canon, spec, with_index=with_index)
        n, *out_spatial, c = whole.shape
        for i, j in itertools.product(range(out_spatial[0]), range(out_spatial[1])):
            if i % 7 and j % 5 and i != out_spatial[0] - 1 and j != out_spatial[1] - 1:
                continue
            for b, ch in ((0, 0), (n - 1, c - 1), (0, c // 2)):
                value, _ = kernel_element(canon, spec, b, (i, j), ch, with_index)
                assert np.asarray(value).tobytes() == whole[b, i, j, ch].tobytes(), (spec, b, i, j, ch)


def test_a_small_pooling_does_not_import_numba() -> None:
    """Below COMPILED_MIN_ELEMENTS the NumPy passes run: numba is never imported, by repeated
    (cached) calls either."""
    code = (
        "import sys, numpy as np\n"
        "import arraylens.torch as alt\n"
        "x = np.random.default_rng(0).normal(size=(1, 4, 32, 32)).astype(np.float32)\n"
        "for _ in range(3):  # (the first call, a cached one, a cached one with its direct call decided)\n"
        "    alt.max_pool2d(x, 3, 2, 1); alt.avg_pool2d(x, 2); alt.adaptive_avg_pool2d(x, 7)\n"
        "assert 'numba' not in sys.modules, 'numba imported'\n"
        "big = np.zeros((1, 64, 32, 32), np.float32)\n"
        "alt.avg_pool2d(big, 2)\n"
        "assert 'numba' in sys.modules, 'numba not imported for a large input'\n"
    )
    src = str(Path(arraylens.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_threshold_counts_input_and_output_elements(monkeypatch: pytest.MonkeyPatch) -> None:
    from arraylens.ops.pool import kernel

    calls: list[str] = []

    def loops(*args: Any) -> np.ndarray:
        calls.append("loops")
        return np.zeros((1, 1, 1, 1), np.float32)

    monkeypatch.setattr(kernel, "_compiled_reduce", loops)
    x = np.zeros((1, 16, 16, 16), np.float32)  # 4096 elements
    pool(x, PoolSpec((Window(2, 2),) * 2, MaxReduction()))
    assert calls == []
    monkeypatch.setattr(kernel, "COMPILED_MIN_ELEMENTS", 4096)
    pool(x, PoolSpec((Window(2, 2),) * 2, MaxReduction()))
    assert calls == ["loops"]
    monkeypatch.setattr(kernel, "COMPILED_MIN_ELEMENTS", 4097)  # output: 17 x 17 x 16 = 4624 elements
    pool(x, PoolSpec((Window(2, 1, 1, (1, 1)),) * 2, MaxReduction()))
    assert calls == ["loops", "loops"]


@pytest.mark.parametrize("form", ["torch", "norm"])
def test_float16_lp_sums_its_float32_powers_on_the_loops_with_the_same_bits(form: str) -> None:
    # float16 Lp: the powers are float32 (accumulate_dtype), which the loops take
    x = np.abs(np.random.default_rng(3).normal(size=(1, 6, 21, 17))).astype(np.float16)
    for p in (2.0, 3.0, 0.5):
        spec = PoolSpec((Window(3, 2, 1, (1, 1)), Window(2, 1)), LpReduction(p, form))
        assert _check(x, spec) == 4
