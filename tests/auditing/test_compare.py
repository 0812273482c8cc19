"""The audit's comparison (``arraylens.auditing.engine._compare``) against a plain whole-array
NumPy statement of the same rule: an element differs when ``|spec - ort| > atol + rtol*|ort|``
in the outputs' float type; equal values (equal infinities, equal NaNs) agree; a value against
a NaN or another infinity is infinitely far."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.auditing import engine
from arraylens.auditing.engine import _CHUNK, _compare


def _reference(spec: np.ndarray, got: np.ndarray, rtol: float, atol: float):
    """(max_abs, max_rel, differing, worst) for outputs of one shape, whole-array."""
    dt = spec.dtype if spec.dtype == got.dtype and spec.dtype.kind == "f" else np.dtype(np.float64)
    a, b = spec.astype(dt).reshape(-1), got.astype(dt).reshape(-1)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        d = np.abs(a - b)
        s = np.abs(b)
        odd = ~np.isfinite(d)
        agree = (a == b) | (np.isnan(a) & np.isnan(b))
        d[odd] = np.where(agree[odd], 0.0, np.inf)
        s[odd] = 0.0
        tol = s * dt.type(rtol) + dt.type(atol)
        bad = d > tol
        rel = d / s
    excess = np.where(bad, d.astype(np.float64) - tol, -np.inf)
    worst = np.unravel_index(int(np.argmax(excess)), spec.shape) if bad.any() else None
    finite_rel = rel[~np.isnan(rel)]
    max_rel = float(finite_rel.max()) if finite_rel.size else 0.0
    return float(d.max()) if d.size else 0.0, max(max_rel, 0.0), int(bad.sum()), worst


def _perturbed(shape, dtype, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = (rng.standard_normal(shape) * 10).astype(dtype)
    b = a.copy()
    if np.dtype(dtype).kind == "f":
        near = rng.random(shape) < 0.1
        b[near] += (rng.standard_normal(int(near.sum())) * 1e-3).astype(dtype)
        a[rng.random(shape) < 0.01] = np.nan
        b[rng.random(shape) < 0.01] = np.nan
        both = rng.random(shape) < 0.01
        a[both] = b[both] = np.nan
        inf = rng.random(shape) < 0.01
        a[inf] = b[inf] = np.inf
        a[rng.random(shape) < 0.005] = -np.inf
    else:
        b[rng.random(shape) < 0.05] += 1
    return a, b


@pytest.mark.parametrize("shape", [(3, _CHUNK + 5), (1, 16, 70, 90), (7,), (2, 3, 4, 5)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, np.int32])
def test_matches_the_whole_array_rule(shape, dtype) -> None:
    a, b = _perturbed(shape, dtype, 1)
    d, worst = _compare(a, b, 1e-4, 1e-5)
    max_abs, max_rel, differing, want_worst = _reference(a, b, 1e-4, 1e-5)
    assert (d.differing, d.total, d.shapes_differ) == (differing, a.size, False)
    assert d.max_abs == max_abs and d.max_rel == max_rel
    if want_worst is not None:
        assert worst == tuple(int(i) for i in want_worst)


def test_a_transposed_view_is_compared_in_blocks(monkeypatch) -> None:
    """A non-contiguous output (the poolings return transposed views) gives the same answer,
    cut into blocks smaller than the array."""
    monkeypatch.setattr(engine, "_CHUNK", 100)
    a, b = _perturbed((2, 9, 11, 13), np.float32, 2)
    view = np.ascontiguousarray(a.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)
    assert not view.flags.c_contiguous
    d, worst = _compare(view, b, 1e-4, 1e-5)
    max_abs, max_rel, differing, want_worst = _reference(a, b, 1e-4, 1e-5)
    assert (d.max_abs, d.max_rel, d.differing) == (max_abs, max_rel, differing)
    assert worst == tuple(int(i) for i in want_worst)


def test_infinities() -> None:
    spec = np.array([np.inf, -np.inf, np.inf, np.inf, 1.0, np.nan], np.float32)
    got = np.array([np.inf, -np.inf, -np.inf, 1.0, 1.0, np.nan], np.float32)
    d, worst = _compare(spec, got, 1e-4, 1e-5)
    assert (d.differing, d.max_abs, d.max_rel, worst) == (2, np.inf, np.inf, (2,))  # equal infinities agree


def test_differences_beyond_atol_within_rtol_agree_and_the_boundary_is_inside() -> None:
    got = np.full(10, 1000.0, np.float32)
    spec = got + np.float32(0.05)  # beyond atol, within rtol * 1000 = 0.1
    d, _ = _compare(spec, got, 1e-4, 1e-5)
    assert d.differing == 0 and d.max_abs == pytest.approx(0.05, rel=1e-3)
    exact = np.array([2.0, 2.0], np.float64)
    d, _ = _compare(exact + np.array([0.5, 0.5000001]), exact, 0.0, 0.5)  # |diff| == tolerance agrees
    assert d.differing == 1


def test_worst_is_the_first_of_equal_excesses_across_blocks() -> None:
    spec = np.zeros(3 * _CHUNK, np.float32)
    got = spec.copy()
    got[[_CHUNK + 3, 2 * _CHUNK + 1]] = 2.0
    d, worst = _compare(spec, got, 0.0, 0.0)
    assert (d.differing, worst, d.max_rel) == (2, (_CHUNK + 3,), 1.0)


def test_empty_and_shapes_that_differ() -> None:
    d, worst = _compare(np.zeros((0, 4), np.float32), np.zeros((0, 4), np.float32), 1e-4, 1e-5)
    assert (d.differing, d.max_abs, d.max_rel, worst) == (0, 0.0, 0.0, (0, 0))
    spec, got = np.zeros((2, 3)), np.zeros((2, 4))
    got[1, 2] = 5.0
    d, worst = _compare(spec, got, 0.0, 0.0)  # the specification has fewer: the worst common element
    assert (d.differing, d.shapes_differ, worst) == (3, True, (1, 2))
