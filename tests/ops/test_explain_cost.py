"""An explanation of one element never computes the whole result (DESIGN.md: an explanation
costs O(kernel size x channels), never a pass over the whole tensor).

Three kinds of proof, none timed:

- the plan's ``compute`` is replaced by one that raises, and ``explain`` still works and gives
  the call's value (exactly, or to the last bits for the BLAS products cov/corr/corrcoef);
- the kernels ``explain`` does call (``np.fft.fft``, ``np.lexsort``, the reductions, the
  covariance products) are spied on: on a large input they only ever see the explained slice
  or a few variables;
- on a large input, ``explain`` allocates (``tracemalloc``) a small fraction of the result.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import arraylens.frontends.numpy as alnp
from arraylens import octave
from arraylens.frontends.octave.stats import CovPlan as OctaveCovPlan
from arraylens.frontends.octave.sums import SumPlan
from arraylens.ops.covariance.convert import cov_to_corr, cov_to_corr_element
from arraylens.ops.covariance.plan import CovPlan as NumpyCovPlan

MATRIX_PRODUCTS = {"cov", "corr", "corrcoef", "np.cov", "np.corrcoef"}

rng = np.random.default_rng(20)
X = rng.normal(size=(7, 5)) + 1j * rng.normal(size=(7, 5))
R = rng.normal(size=(7, 5))
R3 = rng.normal(size=(4, 3, 5))

# (name, function, args, kwargs, index); every Octave function, both forms of max/min
CALLS: list[tuple[str, Any, tuple[Any, ...], dict[str, Any], tuple[int, ...]]] = [
    ("fft", octave.fft, (X,), {}, (3, 2)),
    ("ifft", octave.ifft, (R3,), {"n": 6, "dim": 2}, (1, 4, 3)),
    ("sum", octave.sum, (R3,), {"dim": 2}, (2, 0, 4)),
    ("mean", octave.mean, (X,), {}, (0, 3)),
    ("cumsum", octave.cumsum, (R,), {"dim": 2}, (5, 3)),
    ("sort", octave.sort, (X,), {"mode": "descend"}, (4, 1)),
    ("max", octave.max, (R,), {}, (0, 2)),
    ("min", octave.min, (X,), {"dim": 2}, (6, 0)),
    ("max", octave.max, (R, R[:, :1]), {}, (3, 4)),
    ("min", octave.min, (X, X[:1]), {}, (5, 1)),
    ("transpose", octave.transpose, (X,), {}, (4, 6)),
    ("ctranspose", octave.ctranspose, (X,), {}, (2, 5)),
    ("reshape", octave.reshape, (R3, 6, None), {}, (5, 7)),
    ("to_column", octave.to_column, (X,), {}, (23, 0)),
    ("cov", octave.cov, (X,), {}, (1, 3)),
    ("cov", octave.cov, (R, R[:, ::-1] ** 2), {"opt": 1}, (4, 0)),
    ("corr", octave.corr, (X,), {}, (2, 2)),
    ("corr", octave.corr, (R, R[:, :3] * 2 + 1), {}, (0, 2)),
    ("corrcoef", octave.corrcoef, (R,), {}, (4, 1)),
    ("corrcoef", octave.corrcoef, (X,), {}, (3, 3)),
    ("find", octave.find, (R * (R > 0),), {"nargout": 3}, (6, 0)),
    ("find", octave.find, (R3,), {}, (11, 0)),
    ("unique", octave.unique, (np.round(R, 1),), {"nargout": 3}, (12, 0)),
    ("unique", octave.unique, (np.round(X, 0), "stable"), {"nargout": 2}, (3, 0)),
    ("unique", octave.unique, (np.round(R[:, :2], 0), "rows"), {}, (1, 1)),
    ("histc", octave.histc, (R, np.array([-1.0, 0, 0.5, 1, 2])), {"nargout": 2}, (2, 4)),
    ("histc", octave.histc, (R3, np.array([-1.0, 0, 1])), {"dim": 2}, (3, 1, 4)),
    ("hist", octave.hist, (R,), {}, (4, 3)),
    ("hist", octave.hist, (R[:, 0], np.array([-1.0, 0, 1])), {"nargout": 2}, (0, 2)),
    ("accumarray", octave.accumarray, (np.array([[1.0, 2], [3, 1], [1, 2]]), np.array([1.0, 2, 3])), {}, (0, 1)),
    ("round", octave.round, (R3 * 4,), {}, (1, 2, 3)),
    ("fix", octave.fix, (X,), {}, (2, 3)),
    ("mod", octave.mod, (R * 10, R[:1]), {}, (4, 1)),
    ("rem", octave.rem, (R3, 0.3), {}, (0, 1, 2)),
    ("any", octave.any, (np.round(R),), {"dim": 2}, (3, 0)),
    ("all", octave.all, (np.round(R3),), {}, (0, 2, 4)),
    ("circshift", octave.circshift, (R3, np.array([1, -2, 3])), {}, (2, 1, 0)),
    ("rot90", octave.rot90, (R3, 3), {}, (2, 3, 1)),
    ("std", octave.std, (R,), {}, (0, 3)),
    ("var", octave.var, (X, np.arange(1.0, 6.0), 2), {}, (4, 0)),
    ("var", octave.var, (R3,), {"dim": "all"}, (0, 0)),
    ("median", octave.median, (X,), {"dim": 2}, (5, 0)),
    ("mode", octave.mode, (np.round(R3),), {"nargout": 2}, (0, 2, 4)),
    ("quantile", octave.quantile, (R, np.array([0.1, 0.5])), {"dim": 2, "method": 7}, (6, 1)),
    ("quantile", octave.quantile, (X, 0.3), {}, (0, 4)),
    ("prctile", octave.prctile, (R3, np.array([[10.0], [90.0]]), 3), {}, (3, 2, 1)),
    ("np.cov", alnp.cov, (R,), {"rowvar": False}, (1, 3)),
    ("np.cov", alnp.cov, (R, R[::-1] ** 2), {}, (8, 2)),
    ("np.corrcoef", alnp.corrcoef, (R,), {}, (6, 0)),
    ("np.corrcoef", alnp.corrcoef, (R, R + 1), {"rowvar": False}, (7, 7)),
]
IDS = [f"{name}-{k}" for k, (name, *_) in enumerate(CALLS)]


def values_of(result: Any) -> np.ndarray:
    """The values array of a call (the first output of max/min/sort)."""
    return np.asarray(result[0] if isinstance(result, tuple) else result)


@pytest.mark.parametrize(("name", "f", "args", "kwargs", "at"), CALLS, ids=IDS)
def test_explain_works_without_the_whole_result(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    f: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    at: tuple[int, ...],
) -> None:
    want = values_of(f(*args, **kwargs))[at]
    plan_type = type(f.build_plan(*args, **kwargs))

    def refuse(self: Any) -> Any:
        raise AssertionError(f"{name}.explain computed the whole result")

    monkeypatch.setattr(plan_type, "compute", refuse)
    with pytest.raises(AssertionError, match="whole result"):
        f(*args, **kwargs)  # the patch is in force
    e = f.explain(*args, at=at, **kwargs)
    assert e.index == at
    assert e.check(rtol=1e-12, atol=1e-12), str(e)
    if name in MATRIX_PRODUCTS:
        assert complex(e.value) == pytest.approx(complex(want), rel=1e-13, abs=1e-15)
    else:
        np.testing.assert_array_equal(np.asarray(e.value), want)


def spy(
    monkeypatch: pytest.MonkeyPatch, owner: Any, attr: str, size: Callable[..., int]
) -> list[int]:
    """Replace ``owner.attr`` by a wrapper that records ``size(*args)`` of every call."""
    seen: list[int] = []
    original = getattr(owner, attr)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        seen.append(size(*args))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, attr, wrapper)
    return seen


BIG = rng.normal(size=(300, 2000))  # 600,000 elements; each column 300 long


def test_fft_explain_transforms_two_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = spy(monkeypatch, np.fft, "fft", lambda a, *_: np.asarray(a).size)
    e = octave.fft.explain(BIG, at=(7, 1500))
    assert seen and max(seen) <= 2 * 300, seen  # the column and its neighbour, not 600,000
    assert len(e.terms) == 300 and e.check()


def test_sort_explain_sorts_one_column(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = spy(monkeypatch, np, "lexsort", lambda keys, *_: max(np.size(k) for k in keys))
    e = octave.sort.explain(BIG, at=(299, 5))
    assert seen and max(seen) == 300, seen
    assert e.value == BIG[:, 5].max()


def test_max_explain_reduces_one_column(monkeypatch: pytest.MonkeyPatch) -> None:
    import arraylens.frontends.octave.minmax as minmax

    seen = spy(monkeypatch, minmax, "extreme_with_index", lambda v, *_: np.asarray(v).size)
    e = octave.max.explain(BIG, at=(0, 1999))
    assert seen and max(seen) == 300, seen
    assert e.value == BIG[:, 1999].max()


def test_sum_and_cumsum_explain_reduce_two_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = spy(monkeypatch, SumPlan, "reduce", lambda self, x: x.size)
    e = octave.sum.explain(BIG, at=(0, 42))
    assert seen and max(seen) == 2 * 300, seen
    assert e.value == BIG.sum(axis=0)[42]
    e = octave.cumsum.explain(BIG.T, dim=2, at=(42, 299))
    assert e.value == BIG.T.cumsum(axis=1)[42, 299] and len(e.terms) == 300


def test_octave_cov_explain_multiplies_a_few_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = spy(monkeypatch, OctaveCovPlan, "_cov", lambda self, xc, yc: xc.size + yc.size)
    for f in (octave.cov, octave.corr):
        seen.clear()
        e = f.explain(BIG, at=(3, 1700))  # 2000 variables: the whole product is 2000x2000
        assert seen and max(seen) <= 4 * 300, seen
        assert e.check()


def test_numpy_cov_explain_multiplies_a_few_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = spy(
        monkeypatch, NumpyCovPlan, "covariance", lambda self, X=None: len(self.X if X is None else X)
    )
    for f in (alnp.cov, alnp.corrcoef):
        seen.clear()
        e = f.explain(BIG.T, at=(1999, 0))  # 2000 variables (rows) of 300 observations
        assert seen and max(seen) <= 4, seen
        assert e.check()


WIDE = rng.normal(size=(50, 2000))  # 2000 variables (columns) of 50 observations


@pytest.mark.parametrize(
    ("f", "x", "kwargs", "at"),
    [
        (octave.fft, BIG, {}, (7, 1500)),
        (octave.sort, BIG, {}, (299, 5)),
        (octave.cumsum, BIG, {}, (150, 10)),
        (octave.transpose, BIG, {}, (1999, 0)),
        (octave.to_column, BIG, {}, (12345, 0)),
        (octave.cov, BIG, {}, (3, 1700)),
        (octave.corrcoef, BIG, {}, (1999, 3)),
        (alnp.cov, WIDE, {"rowvar": False}, (0, 1999)),
        (alnp.corrcoef, WIDE, {"rowvar": False}, (5, 1000)),
        (octave.round, BIG, {}, (17, 1500)),
        (octave.mod, BIG, {"y": BIG[:1]}, (120, 33)),
        (octave.circshift, BIG, {"n": 5}, (3, 44)),
        (octave.rot90, BIG, {"k": -1}, (1999, 0)),
    ],
    ids=["fft", "sort", "cumsum", "transpose", "to_column", "cov", "corrcoef", "np.cov", "np.corrcoef",
         "round", "mod", "circshift", "rot90"],
)
def test_explain_allocates_a_small_fraction_of_the_result(
    f: Any, x: np.ndarray, kwargs: dict[str, Any], at: Any
) -> None:
    result_bytes = values_of(f(x, **kwargs)).nbytes  # 4.8 MB or more for each of these
    tracemalloc.start()
    try:
        e = f.explain(x, at=at, **kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert e.check()
    assert peak < result_bytes / 8, (peak, result_bytes)


def test_cov_to_corr_element_is_cov_to_corrs_element() -> None:
    data = rng.normal(size=(6, 40)) * np.arange(1, 7)[:, None]
    for a in (np.cov(data), np.cov(data).astype(np.float32), np.cov(data.astype(int))):
        whole = cov_to_corr(a)
        for i, j in np.ndindex(a.shape):
            got = cov_to_corr_element(a, i, j)
            assert got == float(whole[i, j])


def test_any_all_explain_reduce_two_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("any", "all"):
        seen = spy(monkeypatch, np, name, lambda a, *_, **__: np.asarray(a).size)
        e = octave.FUNCTIONS[name].explain(np.round(BIG), at=(0, 1234))
        assert seen and max(seen) <= 2 * 300, (name, seen)  # the column and its neighbour
        assert e.check()
@pytest.mark.parametrize("fname", ["std", "var", "median", "mode", "quantile", "prctile"])
def test_spread_and_order_explain_one_slice(monkeypatch: pytest.MonkeyPatch, fname: str) -> None:
    from arraylens.frontends.octave import _order

    seen: list[int] = []
    original = _order.np.sort

    def recording_sort(a: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(np.asarray(a).size)
        return original(a, *args, **kwargs)

    monkeypatch.setattr(_order.np, "sort", recording_sort)
    f = octave.FUNCTIONS[fname]
    tracemalloc.start()
    e = f.explain(BIG, at=(0, 1234))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < BIG.nbytes / 20, peak  # a few slices, not a pass over the whole input
    assert all(n <= 2 * 300 for n in seen), seen
    want = values_of(f(BIG))[0, 1234]
    np.testing.assert_array_equal(np.asarray(e.value), want)
