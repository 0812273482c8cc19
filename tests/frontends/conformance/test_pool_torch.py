"""PyTorch's pooling against arraylens.torch: max_pool, avg_pool, adaptive_{avg,max}_pool and
lp_pool in 1-3 d.

Seeded random configurations (kernels 1-4, strides 1-3 or omitted, dilation 1-2 for max,
padding up to and beyond half the kernel, ceil_mode on and off, both count_include_pad,
divisor_override, adaptive sizes up, down and non-divisible, NaN inputs, ties from small
integers, unbatched inputs, some invalid arguments and shapes): values and indices equal, dtypes
equal, and every accept/reject decision equal, with PyTorch's message. Named tests cover the
public reports about PyTorch's semantics.
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = importlib.import_module("torch")

import arraylens.torch as alt  # noqa: E402
from arraylens.core.errors import ArgumentError  # noqa: E402

F = torch.nn.functional

N_CASES = {"max": 400, "avg": 300, "adaptive": 200, "lp": 100}
CHECKED: dict[str, int] = {}


def _input(rng: np.random.Generator, nd: int, *, empty: bool = True, dtype: Any = np.float32) -> np.ndarray:
    spatial = [int(v) for v in rng.integers(1, 8 if nd < 3 else 6, nd)]
    lead = [int(rng.integers(1, 3)), int(rng.integers(1, 3))]
    if rng.random() < 0.2:
        lead = lead[1:]  # unbatched
    shape = [*lead, *spatial]
    if empty and rng.random() < 0.04:
        shape[int(rng.integers(0, len(shape)))] = 0
    if rng.random() < 0.5:
        x = rng.integers(-2, 3, shape).astype(dtype)  # ties
    else:
        x = rng.normal(size=shape).astype(dtype)
    if np.dtype(dtype).kind == "f" and rng.random() < 0.3 and x.size:
        x[rng.random(x.shape) < 0.15] = np.nan
    if np.dtype(dtype).kind == "f" and rng.random() < 0.1 and x.size:
        x[rng.random(x.shape) < 0.15] = -np.inf
    return x


def _ints(rng: np.random.Generator, nd: int, lo: int, hi: int) -> Any:
    if rng.random() < 0.5:
        return int(rng.integers(lo, hi + 1))
    return tuple(int(v) for v in rng.integers(lo, hi + 1, nd))


def _pads(rng: np.random.Generator, kernel: Any, nd: int) -> Any:
    """Padding up to half the kernel, now and then one more (refused)."""
    ks = [kernel] * nd if isinstance(kernel, int) else list(kernel)
    pads = [int(rng.integers(0, max(k, 0) // 2 + 1)) + (rng.random() < 0.1) for k in ks]
    return pads[0] if isinstance(kernel, int) or (len(set(pads)) == 1 and rng.random() < 0.5) else tuple(pads)


def _to_torch(x: np.ndarray) -> Any:
    return torch.from_numpy(np.ascontiguousarray(x))


def _compare(label: str, ours: Callable[[], Any], theirs: Callable[[], Any], rtol: float = 1e-5) -> bool:
    """Both raise (the same message) or both return equal results. True when it returned."""
    try:
        want = theirs()
    except (RuntimeError, TypeError, IndexError, ValueError, ZeroDivisionError) as exc:
        with pytest.raises(ArgumentError) as info:
            ours()
        message = str(exc).splitlines()[0]
        if isinstance(exc, TypeError) and "pow() received" in message:
            message = message.split(" - got ")[0]
        assert str(info.value).startswith(message), f"{label}: torch says {message!r}, arraylens {info.value}"
        if isinstance(exc, TypeError | NotImplementedError):
            assert isinstance(info.value, TypeError), label
        return False
    got = ours()
    wants = want if isinstance(want, tuple) else (want,)
    gots = got if isinstance(got, tuple) else (got,)
    assert len(gots) == len(wants), label
    for g, w in zip(gots, wants, strict=True):
        w = w.numpy() if w.dtype != torch.bfloat16 else w.float().numpy()
        g = np.asarray(g)
        assert g.shape == w.shape, f"{label}: shape {g.shape} != {w.shape}"
        if w.dtype.kind in "iu":
            assert g.dtype == w.dtype, f"{label}: dtype {g.dtype} != {w.dtype}"
            np.testing.assert_array_equal(g, w, err_msg=label)
        else:
            assert g.dtype == w.dtype or g.dtype.name == "bfloat16", f"{label}: dtype {g.dtype} != {w.dtype}"
            np.testing.assert_allclose(g.astype(np.float64), w.astype(np.float64), rtol=rtol, atol=rtol,
                                       equal_nan=True, err_msg=label)
    return True


def _count(family: str, accepted: int, total: int) -> None:
    CHECKED[family] = total
    assert accepted >= total // 3, f"{family}: only {accepted} of {total} configurations were valid"


def test_max_pool_random_configurations() -> None:
    rng = np.random.default_rng(20261202)
    accepted = 0
    for case in range(N_CASES["max"]):
        nd = int(rng.integers(1, 4))
        x = _input(rng, nd, dtype=rng.choice([np.float32, np.float64, np.int64, np.float16]) if case % 7 == 0
                   else np.float32)
        kw: dict[str, Any] = {"kernel_size": _ints(rng, nd, 0 if rng.random() < 0.05 else 1, 4)}
        if rng.random() < 0.7:
            kw["stride"] = _ints(rng, nd, -1 if rng.random() < 0.05 else 1, 3)
        kw["padding"] = _pads(rng, kw["kernel_size"], nd)
        kw["dilation"] = _ints(rng, nd, 0 if rng.random() < 0.05 else 1, 2)
        kw["ceil_mode"] = bool(rng.integers(0, 2))
        kw["return_indices"] = bool(rng.random() < 0.6)
        fn, ref = getattr(alt, f"max_pool{nd}d"), getattr(F, f"max_pool{nd}d")
        label = f"case {case}: max_pool{nd}d {x.shape} {x.dtype} {kw}"
        accepted += _compare(label, lambda fn=fn, x=x, kw=kw: fn(x, **kw),
                             lambda ref=ref, x=x, kw=kw: ref(_to_torch(x), **kw))
    _count("max", accepted, N_CASES["max"])


def test_avg_pool_random_configurations() -> None:
    rng = np.random.default_rng(7)
    accepted = 0
    for case in range(N_CASES["avg"]):
        nd = int(rng.integers(1, 4))
        dtype = rng.choice([np.float64, np.int64, np.float16]) if case % 6 == 0 else np.float32
        x = _input(rng, nd, dtype=dtype)
        kw: dict[str, Any] = {"kernel_size": _ints(rng, nd, 0 if rng.random() < 0.05 else 1, 4)}
        if rng.random() < 0.7:
            kw["stride"] = _ints(rng, nd, 1, 3)
        kw["padding"] = _pads(rng, kw["kernel_size"], nd)
        kw["ceil_mode"] = bool(rng.integers(0, 2))
        kw["count_include_pad"] = bool(rng.integers(0, 2))
        if nd > 1 and rng.random() < 0.3:
            kw["divisor_override"] = int(rng.integers(-1, 5))
        fn, ref = getattr(alt, f"avg_pool{nd}d"), getattr(F, f"avg_pool{nd}d")
        label = f"case {case}: avg_pool{nd}d {x.shape} {x.dtype} {kw}"
        rtol = 2e-3 if dtype == np.float16 else 1e-5
        accepted += _compare(label, lambda fn=fn, x=x, kw=kw: fn(x, **kw),
                             lambda ref=ref, x=x, kw=kw: ref(_to_torch(x), **kw), rtol)
    _count("avg", accepted, N_CASES["avg"])


def test_adaptive_pool_random_configurations() -> None:
    rng = np.random.default_rng(11)
    accepted = 0
    for case in range(N_CASES["adaptive"]):
        nd = int(rng.integers(1, 4))
        kind = ("avg", "max")[case % 2]
        x = _input(rng, nd, dtype=np.float64 if case % 9 == 0 else np.float32)
        spatial = x.shape[-nd:]
        out: Any = [int(rng.integers(1, 2 * max(n, 1) + 2)) for n in spatial]  # up, down, non-divisible
        if rng.random() < 0.3:
            out = [max(n, 1) // d if max(n, 1) % d == 0 else 1 for n, d in zip(spatial, (1, 2, 3), strict=False)]
        out = out[0] if (nd == 1 or rng.random() < 0.3) else tuple(out)
        if nd > 1 and rng.random() < 0.15:
            out = (None, *([2] * (nd - 1)))
        if rng.random() < 0.04:
            out = 0
        kw: dict[str, Any] = {"return_indices": bool(rng.integers(0, 2))} if kind == "max" else {}
        fn, ref = getattr(alt, f"adaptive_{kind}_pool{nd}d"), getattr(F, f"adaptive_{kind}_pool{nd}d")
        label = f"case {case}: adaptive_{kind}_pool{nd}d {x.shape} {out} {kw}"
        accepted += _compare(label, lambda fn=fn, x=x, out=out, kw=kw: fn(x, out, **kw),
                             lambda ref=ref, x=x, out=out, kw=kw: ref(_to_torch(x), out, **kw))
    _count("adaptive", accepted, N_CASES["adaptive"])


def test_lp_pool_random_configurations() -> None:
    rng = np.random.default_rng(5)
    accepted = 0
    for case in range(N_CASES["lp"]):
        nd = int(rng.integers(1, 4))
        dtype = np.float64 if case % 5 == 0 else np.int64 if case % 7 == 0 else np.float32
        x = np.abs(_input(rng, nd, empty=False, dtype=dtype)) if case % 3 else _input(rng, nd, empty=False,
                                                                                       dtype=dtype)
        p: Any = [1, 2, 3, 2.5, float("inf"), -float("inf"), 1.0][int(rng.integers(0, 7))]
        k = _ints(rng, nd, 1, 3) if nd > 1 else int(rng.integers(1, 4))
        stride = _ints(rng, nd, 1, 3) if rng.random() < 0.6 else None
        ceil = bool(rng.integers(0, 2))
        fn, ref = getattr(alt, f"lp_pool{nd}d"), getattr(F, f"lp_pool{nd}d")
        label = f"case {case}: lp_pool{nd}d {x.shape} {x.dtype} p={p} k={k} s={stride} ceil={ceil}"
        accepted += _compare(label, lambda fn=fn, x=x, p=p, k=k, s=stride, c=ceil: fn(x, p, k, s, c),
                             lambda ref=ref, x=x, p=p, k=k, s=stride, c=ceil: ref(_to_torch(x), p, k, s, c), 1e-4)
    _count("lp", accepted, N_CASES["lp"])


def test_at_least_300_configurations_were_compared() -> None:
    assert sum(N_CASES.values()) >= 300


# ----------------------------------------------------------------------------------------------
# Refusals in PyTorch's words, and dtypes
# ----------------------------------------------------------------------------------------------

REFUSALS: list[tuple[str, Callable[[Any, Any], Any], tuple[int, ...]]] = [
    ("pad beyond half the effective kernel", lambda f, x: f.max_pool2d(x, 3, 1, 2), (1, 2, 6, 6)),
    ("pad beyond half the kernel (dilated)", lambda f, x: f.max_pool2d(x, 3, 1, 2, 2), (1, 2, 6, 6)),
    ("3-d pad beyond half the kernel", lambda f, x: f.max_pool3d(x, 3, 1, 2, 2), (1, 2, 6, 6, 6)),
    ("max_pool1d's own kernel", lambda f, x: f.max_pool1d(x, 3, 1, 2, 2), (1, 2, 6)),
    ("output too small", lambda f, x: f.max_pool2d(x, 7), (1, 2, 6, 6)),
    ("1-d output too small", lambda f, x: f.max_pool1d(x, 7), (1, 2, 6)),
    ("3-d avg input smaller than kernel", lambda f, x: f.avg_pool3d(x, 3, 1, 1), (1, 2, 2, 6, 6)),
    ("divisor zero", lambda f, x: f.avg_pool2d(x, 2, divisor_override=0), (1, 2, 6, 6)),
    ("stride zero", lambda f, x: f.avg_pool2d(x, 2, 0), (1, 2, 6, 6)),
    ("negative stride", lambda f, x: f.max_pool3d(x, 2, -1), (1, 2, 6, 6, 6)),
    ("dilation zero", lambda f, x: f.max_pool2d(x, 2, 1, 0, 0), (1, 2, 6, 6)),
    ("kernel list too long", lambda f, x: f.avg_pool3d(x, (2, 2, 2, 2)), (1, 2, 6, 6, 6)),
    ("1-d kernel list too long", lambda f, x: f.avg_pool1d(x, (2, 2)), (1, 2, 6)),
    ("wrong rank", lambda f, x: f.max_pool2d(x, 2), (6,)),
    ("empty channels", lambda f, x: f.max_pool2d(x, 2), (1, 0, 6, 6)),
    ("3-d empty channels", lambda f, x: f.max_pool3d(x, 2), (1, 0, 4, 6, 6)),
    ("adaptive avg negative size", lambda f, x: f.adaptive_avg_pool2d(x, -1), (1, 2, 6, 6)),
    ("adaptive max negative size", lambda f, x: f.adaptive_max_pool2d(x, -1), (1, 2, 6, 6)),
    ("adaptive wrong length", lambda f, x: f.adaptive_avg_pool3d(x, (2, 2)), (1, 2, 4, 6, 6)),
    ("adaptive 1-d list", lambda f, x: f.adaptive_max_pool1d(x, (2, 2)), (1, 2, 6)),
    ("adaptive empty spatial", lambda f, x: f.adaptive_avg_pool2d(x, 2), (1, 2, 6, 0)),
    ("float kernel", lambda f, x: f.max_pool2d(x, 2.0), (1, 2, 6, 6)),
    ("int ceil_mode", lambda f, x: f.avg_pool2d(x, 2, ceil_mode=1), (1, 2, 6, 6)),
    ("float divisor", lambda f, x: f.avg_pool2d(x, 2, divisor_override=2.0), (1, 2, 6, 6)),
    ("lp p = 0", lambda f, x: f.lp_pool2d(x, 0, 2), (1, 2, 6, 6)),
]


@pytest.mark.parametrize("name, call, shape", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_in_pytorchs_words(name: str, call: Callable[[Any, Any], Any], shape: tuple[int, ...]) -> None:
    x = np.ones(shape, np.float32)
    assert not _compare(name, lambda: call(alt, x), lambda: call(F, _to_torch(x)))


DTYPES = [np.float16, np.float32, np.float64, np.int64, np.int32, np.int8, np.uint8, np.bool_, np.complex64]
CALLS: dict[str, Callable[[Any, Any], Any]] = {
    "max_pool1d": lambda f, x: f.max_pool1d(x[:, :, 0, 0], 2),
    "max_pool1d indices": lambda f, x: f.max_pool1d(x[:, :, 0, 0], 2, return_indices=True),
    "max_pool2d": lambda f, x: f.max_pool2d(x[:, :, 0], 2, 1, 1, return_indices=True),
    "max_pool3d": lambda f, x: f.max_pool3d(x, 2),
    "avg_pool1d": lambda f, x: f.avg_pool1d(x[:, :, 0, 0], 3, 2, 1),
    "avg_pool2d": lambda f, x: f.avg_pool2d(x[:, :, 0], 3, 2, 1, ceil_mode=True),
    "avg_pool3d": lambda f, x: f.avg_pool3d(x, 2),
    "adaptive_avg_pool2d": lambda f, x: f.adaptive_avg_pool2d(x[:, :, 0], 3),
    "adaptive_max_pool3d": lambda f, x: f.adaptive_max_pool3d(x, 3),
    "lp_pool2d": lambda f, x: f.lp_pool2d(x[:, :, 0], 2, 2),
    "lp_pool2d float p": lambda f, x: f.lp_pool2d(x[:, :, 0], 2.0, 2),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_dtypes_accepted_refused_and_kept_as_pytorch(name: str) -> None:
    rng = np.random.default_rng(3)
    base = rng.integers(-3, 4, (1, 2, 4, 5, 5))
    for dtype in DTYPES:
        x = base.astype(dtype)
        call = CALLS[name]
        _compare(f"{name} {np.dtype(dtype)}", lambda x=x, call=call: call(alt, x),
                 lambda x=x, call=call: call(F, _to_torch(x)), 2e-3)


def test_bfloat16_as_pytorch() -> None:
    ml_dtypes = pytest.importorskip("ml_dtypes")
    x = np.random.default_rng(2).normal(size=(1, 2, 5, 5)).astype(ml_dtypes.bfloat16)
    t = torch.from_numpy(x.astype(np.float32)).to(torch.bfloat16)
    for call in (lambda f, a: f.max_pool2d(a, 2, return_indices=True), lambda f, a: f.avg_pool2d(a, 3, 2, 1),
                 lambda f, a: f.adaptive_avg_pool2d(a, 3)):
        got, want = call(alt, x), call(F, t)
        got, want = (got if isinstance(got, tuple) else (got,)), (want if isinstance(want, tuple) else (want,))
        assert got[0].dtype == x.dtype
        np.testing.assert_allclose(got[0].astype(np.float32), want[0].float().numpy(), rtol=1e-2)
        if len(got) > 1:
            np.testing.assert_array_equal(got[1], want[1].numpy())


# ----------------------------------------------------------------------------------------------
# The public reports about PyTorch's semantics
# ----------------------------------------------------------------------------------------------


def test_corner_divisor_is_4_with_ceil_mode_and_count_include_pad() -> None:
    # coremltools#2772 / onnxruntime#16203: 6x6, k3 s2 p1, ceil_mode, count_include_pad=True:
    # the corner window holds one input cell, the padded row and column, and ceil-mode cells
    x = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
    want = F.avg_pool2d(_to_torch(x), 3, 2, 1, ceil_mode=True, count_include_pad=True).numpy()
    got = alt.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=True)
    np.testing.assert_array_equal(got, want)
    assert got[0, 0, 3, 3] == 35 / 4  # not 35 / 9, not 35 / 1
    e = alt.avg_pool2d.explain(x, 3, 2, 1, ceil_mode=True, count_include_pad=True, at=(0, 0, 3, 3))
    assert e.check() and e.details["divisor"]["value"] == 4
    assert "counts the padded row 6 and column 6 (3 cell(s)) but not the ceil-mode row 7 and column 7 beyond " \
           "them (5 cell(s)): divisor 4" in str(e)
    # the ONNX default (count_include_pad=0) divides by the one input cell: 35
    assert "count_include_pad=0 (its default): output spatial shape (4, 4); here 35 (divisor 1)" in str(e)


def test_export_default_count_include_pad_differs_from_onnx() -> None:
    # pytorch/pytorch#13934: torch's default count_include_pad is True, ONNX's 0
    x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
    torch_default = alt.avg_pool2d(x, 3, 1, 1)
    assert torch_default[0, 0, 0, 0] == np.float32((0 + 1 + 4 + 5) / 9)
    np.testing.assert_array_equal(torch_default, F.avg_pool2d(_to_torch(x), 3, 1, 1).numpy())
    excluded = alt.avg_pool2d(x, 3, 1, 1, count_include_pad=False)
    assert excluded[0, 0, 0, 0] == np.float32(10 / 4)


def test_onnx_5711_ceil_mode_gives_6_not_7() -> None:
    # onnx/onnx#5711: a ceil_mode pooling whose plain ceil formula gives 7 outputs; PyTorch drops
    # the window that would start in the right padding: 6
    x = np.zeros((1, 1, 12, 12), np.float32)
    assert alt.max_pool2d(x, 1, 2, ceil_mode=True).shape == tuple(F.max_pool2d(_to_torch(x), 1, 2,
                                                                                 ceil_mode=True).shape) == (1, 1, 6, 6)
    x = np.random.default_rng(0).normal(size=(4, 4, 12, 12)).astype(np.float32)
    np.testing.assert_array_equal(alt.max_pool2d(x, 1, 2, ceil_mode=True), x[:, :, ::2, ::2])
    e = alt.max_pool2d.explain(x, 1, 2, ceil_mode=True, at=(0, 0, 5, 5))
    assert e.check() and "output spatial shape (6, 6)" in str(e)
    x = np.zeros((1, 1, 13, 13), np.float32)  # 13 cells: the 7th window starts at 12, inside
    assert alt.max_pool2d(x, 1, 2, ceil_mode=True).shape == tuple(F.max_pool2d(_to_torch(x), 1, 2,
                                                                                 ceil_mode=True).shape) == (1, 1, 7, 7)


def test_nan_wins_and_the_last_nan_gives_the_index() -> None:
    x = np.array([[[1.0, np.nan, 5.0, np.nan, 2.0]]], np.float32)
    v, i = alt.max_pool1d(x, 5, return_indices=True)
    _, ti = F.max_pool1d(_to_torch(x), 5, return_indices=True)
    assert np.isnan(v[0, 0, 0]) and i[0, 0, 0] == ti[0, 0, 0].item() == 3


def test_ties_go_to_the_first_index() -> None:
    x = np.array([[[[2.0, 7.0], [7.0, 7.0]]]], np.float32)
    _, i = alt.max_pool2d(x, 2, return_indices=True)
    _, ti = F.max_pool2d(_to_torch(x), 2, return_indices=True)
    assert i[0, 0, 0, 0] == ti[0, 0, 0, 0].item() == 1


def test_dilated_window_without_input_cells() -> None:
    x = np.array([[[[5.0, 1.0, 2.0, 3.0]]]], np.float32)
    kw = {"kernel_size": 2, "stride": (1, 2), "padding": (1, 0), "dilation": (2, 1), "ceil_mode": True}
    v, i = alt.max_pool2d(x, return_indices=True, **kw)
    tv, ti = F.max_pool2d(_to_torch(x), return_indices=True, **kw)
    np.testing.assert_array_equal(v, tv.numpy())
    np.testing.assert_array_equal(i, ti.numpy())  # -inf, at PyTorch's first tap at or after 0


def test_adaptive_windows_overlap_when_sizes_do_not_divide() -> None:
    x = np.arange(5, dtype=np.float32).reshape(1, 1, 5)
    np.testing.assert_allclose(alt.adaptive_avg_pool1d(x, 3), [[[0.5, 2.0, 3.5]]])
    e = alt.adaptive_avg_pool1d.explain(x, 3, at=(0, 0, 1))
    assert e.check() and "[1, 4)" in str(e)


def test_lp_pool_ceil_mode_scales_the_short_window_by_the_whole_kernel() -> None:
    x = np.arange(1, 6, dtype=np.float32).reshape(1, 1, 5)
    got = alt.lp_pool1d(x, 2, 2, 2, ceil_mode=True)
    want = F.lp_pool1d(_to_torch(x), 2, 2, 2, ceil_mode=True).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-6)
    # the last window holds x[4] = 5 alone: mean 25 / 1, times the kernel 2: sqrt(50)
    assert got[0, 0, 2] == pytest.approx(np.sqrt(50), rel=1e-6)
    e = alt.lp_pool1d.explain(x, 2, 2, 2, ceil_mode=True, at=(0, 0, 2))
    assert e.check()


def test_explanations_check_over_random_calls() -> None:
    rng = np.random.default_rng(9)
    n = 0
    for _ in range(40):
        nd = int(rng.integers(1, 4))
        x = _input(rng, nd, empty=False)
        k = int(rng.integers(1, 4))
        calls = [
            (getattr(alt, f"max_pool{nd}d"), {"kernel_size": k, "padding": k // 2, "ceil_mode": True}),
            (getattr(alt, f"avg_pool{nd}d"), {"kernel_size": k, "stride": 2, "padding": k // 2, "ceil_mode": True}),
            (getattr(alt, f"adaptive_max_pool{nd}d"), {"output_size": 3}),
        ]
        for fn, kw in calls:
            try:
                out = fn(x, **kw)
            except ArgumentError:
                continue
            at = tuple(int(rng.integers(0, s)) for s in out.shape)
            e = fn.explain(x, at=at, **kw)
            assert e.check(), str(e)
            np.testing.assert_equal(e.value, out[at])
            n += 1
    assert n > 60


def test_global_average_shortcut_as_pytorch() -> None:
    # adaptive_avg_pool to size 1 is PyTorch's input.mean(spatial, keepdim=True): no adaptive
    # checks (any leading axes, an empty spatial axis gives NaN), integers refused by mean
    rng = np.random.default_rng(8)
    calls: list[tuple[str, np.ndarray, Callable[[Any, Any], Any]]] = [
        ("2-d, five leading axes", rng.normal(size=(2, 3, 2, 4, 5, 6)).astype(np.float32),
         lambda f, a: f.adaptive_avg_pool2d(a, 1)),
        ("3-d, one leading axis", rng.normal(size=(3, 4, 5, 6)).astype(np.float32),
         lambda f, a: f.adaptive_avg_pool3d(a, (1, 1, 1))),
        ("2-d, no channel axis", rng.normal(size=(5, 4)).astype(np.float64), lambda f, a: f.adaptive_avg_pool2d(a, 1)),
        ("3-d on a 2-d input", rng.normal(size=(5, 4)).astype(np.float32), lambda f, a: f.adaptive_avg_pool3d(a, 1)),
        ("empty spatial axis", np.zeros((1, 2, 0, 3), np.float32), lambda f, a: f.adaptive_avg_pool2d(a, 1)),
        ("1-d, empty channels", np.zeros((1, 0, 3), np.float32), lambda f, a: f.adaptive_avg_pool1d(a, 1)),
        ("integers", np.ones((1, 2, 3, 3), np.int64), lambda f, a: f.adaptive_avg_pool2d(a, 1)),
        ("float16", rng.normal(size=(1, 2, 9, 9)).astype(np.float16), lambda f, a: f.adaptive_avg_pool2d(a, 1)),
    ]
    for label, x, call in calls:
        _compare(label, lambda x=x, call=call: call(alt, x), lambda x=x, call=call: call(F, _to_torch(x)), 2e-3)
    x = calls[0][1]
    e = alt.adaptive_avg_pool2d.explain(x, 1, at=(1, 2, 1, 3, 0, 0))
    assert e.check() and e.index == (1, 2, 1, 3, 0, 0)
    assert e.value == alt.adaptive_avg_pool2d(x, 1)[1, 2, 1, 3, 0, 0]


def test_lp_pool_infinite_p_explained() -> None:
    x = np.array([[[3.0, -7.0, 2.0, -1.0]]], np.float32)
    for p, want in ((float("inf"), [7.0, 2.0]), (-float("inf"), [3.0, 1.0])):
        got = alt.lp_pool1d(x, p, 2)
        np.testing.assert_array_equal(got, F.lp_pool1d(_to_torch(x), p, 2).numpy())
        np.testing.assert_array_equal(got[0, 0], want)
        e = alt.lp_pool1d.explain(x, p, 2, at=(0, 0, 1))
        assert e.check() and e.value == want[1]
