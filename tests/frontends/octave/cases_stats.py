"""Conformance cases of the spread and order statistics (std, var, median, mode, quantile,
prctile), seeded: the same cases on every run. Ids start with ``sta-``.

Rows, columns, matrices and 3-d arrays; NaN and Inf; complex values (ties in abs); single;
integer and logical classes; empties where Octave takes them; every opt/weight/dim/method/
nargout form; and the refusals, compared with Octave's wording.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from octave_batch import Case
from octave_cases import make_array

SHAPES: list[tuple[int, ...]] = [(6,), (1, 5), (4, 1), (6, 3), (3, 4), (2, 3, 4), (1, 1, 5), (3, 1, 2), (1, 1)]


def _cases() -> list[Case]:
    rng = np.random.default_rng(20261202)
    cases: list[Case] = []

    def add(fname: str, *args: Any, nout: int = 1) -> None:
        kwargs: tuple[tuple[str, Any], ...] = (("nargout", nout),) if fname == "mode" else ()
        cases.append(Case(f"sta-{fname}-{len(cases):03d}", fname, tuple(args), nout, kwargs))

    def array(shape: tuple[int, ...], kind: int | None = None, nan: float | None = None) -> np.ndarray:
        k = int(rng.integers(4)) if kind is None else kind
        f = float(rng.choice([0.0, 0.0, 0.15])) if nan is None else nan
        return make_array(rng, shape, k, f)

    def ndims(a: np.ndarray) -> int:
        shape = list(a.shape) if a.ndim >= 2 else [1, a.size]
        while len(shape) > 2 and shape[-1] == 1:
            shape.pop()
        return len(shape)

    # std / var: opt 0/1, [] , every dim and one beyond, real/complex/ties, NaN
    for fname in ("std", "var"):
        for shape in SHAPES:
            a = array(shape)
            nd = ndims(a)
            add(fname, a)
            add(fname, a, 1)
            for dim in range(1, nd + 2):
                add(fname, a, int(rng.integers(2)), dim)
            add(fname, a, None, 1)
        # weight vectors (double, along the default dim and along 2 and 3)
        for shape, dim in (((6,), None), ((6, 3), None), ((6, 3), 2), ((2, 3, 4), 3), ((4, 1), None)):
            a = array(shape, kind=int(rng.integers(3)), nan=0.0)
            n = a.size if a.ndim == 1 else a.shape[(dim or (1 if shape[0] > 1 else 2)) - 1]
            w = np.round(rng.random(n) * 3, 2)
            add(fname, a, w, *((dim,) if dim else ()))
            add(fname, a, w.reshape(-1, 1), *((dim,) if dim else ()))
        add(fname, make_array(rng, (5, 2), 1, 0.0), np.array([1.0, 2, 0, 1, 3]))  # complex, weighted
        # constant complex rows, weighted: Octave divides the complex sum by sum(w) part by part
        add(fname, np.array([[-1j, -1j], [-2j, -2j]]), np.array([0.77, 1.76]), 2)
        add(fname, np.array([[complex(1, np.inf), 2j], [3.0, 1j]]), np.array([0.5, 2.0]), 2)
        # Octave narrows x - mu to real when every imaginary part is 0: (NaN+0i)^2 is then NaN, not NaN+NaNi
        add(fname, np.array([[-1 - 1j, -1 - 1j], [np.nan, np.nan]]), np.array([0.79, 1.34]), 2)
        add(fname, np.array([[2 + 1j, 3 + 1j, np.nan + 1j], [1 + 2j, 5 + 2j, 4 + 2j]]), np.array([1.0, 2.0, 1.0]), 2)
        add(fname, np.array([[2 + 1j, 3 + 1j, np.nan + 1j], [1 + 2j, 5 + 3j, 4 + 2j]]), np.array([1.0, 2.0, 1.0]), 2)
        add(fname, make_array(rng, (5, 2), 0, 0.0), np.zeros(5))  # all weights 0: 0/0
        add(fname, make_array(rng, (4, 3), 0, 0.0), np.array([1.0, 2, 3, 4], dtype=np.float32))
        add(fname, make_array(rng, (4, 3), 0, 0.0).astype(np.float32), np.array([1.0, 2, 3, 4]))
        # one element along dim: 0 for any scalar w, NaN where NaN or Inf
        add(fname, np.array([[1.0, np.inf, np.nan], [2.0, 3.0, -np.inf]]), 0, 3)
        add(fname, np.array([1.0, 2.0, 3.0]), 5, 1)
        add(fname, np.array([[2.5]]))
        add(fname, np.array([[np.inf]]))
        add(fname, np.array([1.0, np.inf, 3.0]))
        # classes
        for dt in (np.int8, np.uint8, np.int16, np.int32, np.uint16):
            add(fname, rng.integers(0, 100, size=(4, 3)).astype(dt))
        add(fname, rng.random((5, 2)) < 0.5)
        add(fname, np.arange(5.0) > 1, 1)
        for kind in (0, 1):
            add(fname, make_array(rng, (5, 3), kind, 0.0).astype(np.complex64 if kind else np.float32))
            add(fname, make_array(rng, (5, 3), kind, 0.0).astype(np.complex64 if kind else np.float32), 1, 2)
        # empties
        add(fname, np.zeros((0, 0)))
        add(fname, np.zeros((0, 3)))
        add(fname, np.zeros((3, 0)))
        add(fname, np.zeros((1, 0)))
        add(fname, np.zeros((0, 3)), 0, 2)
        add(fname, np.zeros((0, 3)), 1, 1)
        add(fname, np.zeros((2, 0, 3)))
        # dim "all"
        add(fname, array((3, 4)), 0, "all")
        add(fname, array((2, 3, 2), kind=1), 1, "all")
        # a vector of dims: merged into the last one (var.m permutes and reshapes x)
        x3 = array((2, 3, 4))
        for dims in ([1, 3], [3, 1], [2, 1], [1, 2, 3], [3, 2]):
            add(fname, x3, int(rng.integers(2)), np.array(dims, dtype=float))
        add(fname, array((3, 4), kind=1), 0, np.array([2.0, 1.0]))
        add(fname, array((2, 3, 4)), 1, np.array([[1.0], [3.0]]))
        add(fname, np.ones((1, 1, 3)), 5, np.array([1.0, 2.0]))
        add(fname, np.zeros((0, 3)), 0, np.array([1.0, 2.0]))
        add(fname, np.zeros((2, 0, 3)), 0, np.array([1.0, 3.0]))

    # median: every dim, NaN, complex ties, even and odd lengths, classes
    for shape in [*SHAPES, (4, 2), (5, 2), (2, 2, 2)]:
        for _ in range(2):
            a = array(shape)
            add("median", a)
            for dim in range(1, ndims(a) + 2):
                add("median", a, dim)
    for dt in (np.int8, np.uint8, np.int16, np.int32, np.uint32, np.int64, np.uint64):
        info = np.iinfo(dt)
        add("median", rng.integers(max(info.min, -1000), min(info.max, 1000), size=(4, 3)).astype(dt))
        add("median", np.array([info.max, info.max - 1, info.max - 3, 0], dtype=dt))  # saturating sum
        add("median", np.array([[1, 2], [4, 8], [5, 7], [2, 3]], dtype=dt), 2)
    add("median", np.array([-128, -127, 5, -100], dtype=np.int8))
    add("median", np.array([[3, -2], [-4, 1]], dtype=np.int8))  # -0.5 and -1.5: rounded away from zero
    add("median", np.array([9007199254740993, 9007199254740996], dtype=np.int64))
    for row in ([True, False], [True, False, False, True], [False, False, True, True], [True, False, True]):
        add("median", np.array(row))
    add("median", rng.random((4, 3)) < 0.5)
    add("median", np.array([np.inf, -np.inf]))
    add("median", np.array([np.inf, np.inf, 1.0, 2.0]))
    add("median", np.array([[-0.0, 0.0, 1.0]]))
    for kind in (0, 1):
        add("median", make_array(rng, (4, 3), kind, 0.0).astype(np.complex64 if kind else np.float32))
        add("median", make_array(rng, (5, 3), kind, 0.2).astype(np.complex64 if kind else np.float32), 2)

    # mode: values and counts, ties to the smallest, NaN and Inf runs, classes, dims
    for shape in [*SHAPES, (7, 2), (2, 6)]:
        a = array(shape, kind=int(rng.choice([2, 2, 3, 0, 1])))
        for dim in [None, *range(1, ndims(a) + 2)]:
            add("mode", a, *((dim,) if dim else ()), nout=int(rng.integers(1, 3)))
    add("mode", np.array([np.nan, np.nan, 1.0]), nout=2)
    add("mode", np.array([np.nan, np.nan]), nout=2)
    add("mode", np.array([np.inf, np.inf, 1.0]), nout=2)
    add("mode", np.array([3.0, 3, np.inf, np.inf, -np.inf, -np.inf]), nout=2)
    add("mode", np.array([-0.0, 0.0, 0.0]), nout=2)
    add("mode", np.array([1j, -1, 1, -1j, 2]), nout=2)
    add("mode", np.array([[1 + 1j, 1 - 1j, 1 + 1j], [np.nan, 2, 2]]), 2, nout=2)
    for dt in (np.int8, np.uint8, np.int32, np.int64, np.uint16):
        add("mode", rng.integers(0, 4, size=(6, 3)).astype(dt), nout=2)
    add("mode", rng.random((5, 3)) < 0.5, nout=2)
    for kind in (0, 2):
        add("mode", make_array(rng, (6, 3), kind, 0.0).astype(np.float32), nout=2)
    add("mode", make_array(rng, (6, 3), 3, 0.0).astype(np.complex64), 2, nout=2)
    # empties that Octave's mode.m takes
    add("mode", np.zeros((0, 0)), nout=2)
    add("mode", np.zeros((0, 3)), nout=2)
    add("mode", np.zeros((3, 0)), nout=2)
    add("mode", np.zeros((1, 0)), nout=2)
    add("mode", np.zeros((0, 3)), 2, nout=2)
    add("mode", np.zeros((0, 3)), 3, nout=2)

    # quantile: methods 1..9, p row/column/scalar/default, dims, NaN
    probs = [
        np.array([0.1, 0.5, 0.9]),
        np.array([[0.0], [0.25], [1.0]]),
        0.3,
        np.array([0.05, 0.33, 0.5, 0.67, 0.95]),
        np.array([0.5]),
    ]
    for method in range(1, 10):
        for shape in [(7,), (5, 3), (8, 1), (2, 3, 4), (4, 2)]:
            a = array(shape, kind=int(rng.choice([0, 2])), nan=float(rng.choice([0.0, 0.0, 0.25])))
            p = probs[int(rng.integers(len(probs)))]
            dim = int(rng.integers(1, ndims(a) + 1))
            add("quantile", a, p, dim, method)
        # p at the knots of a slice of 6: the discontinuous methods' edges
        add("quantile", np.array([[3.0, 1, 4, 1, 5, 9]]).T, np.arange(0, 13) / 12, 1, method)
        add("quantile", np.array([[np.nan, 2.0], [np.nan, np.nan], [5.0, np.nan]]), np.array([0.2, 0.7]), 2, method)
    for shape in SHAPES:
        a = array(shape, kind=int(rng.choice([0, 2])))
        add("quantile", a)
        add("quantile", a, np.array([0.1, 0.9]))
        add("quantile", a, np.array([[0.1], [0.9]]), ndims(a) + 1)
    add("quantile", np.array([1.0, 2, 3, 4]), np.array([-0.5, 0.5, 1.5]))
    add("quantile", np.array([1.0, 2, 3, 4]), np.array([np.nan, 0.5]))
    add("quantile", np.array([[np.nan, np.nan], [1, 2], [3, np.nan]]), 0.5)
    add("quantile", np.array([[np.nan], [np.nan]]).T, np.array([0.2, 0.6, 2.0]), 1)
    add("quantile", np.array([[5.0]]), np.array([0.2, 0.6]))
    add("quantile", np.array([1.0, 2, 3]).reshape(-1, 1), np.array([0.1, 0.5]))  # q takes p's orientation
    add("quantile", np.array([1.0, 2, 3]), np.array([[0.1], [0.5]]))
    add("quantile", make_array(rng, (3, 1), 0, 0.0), np.array([0.1, 0.5]), 2)
    add("quantile", make_array(rng, (3, 4), 0, 0.0), np.array([0.1, 0.5, 0.7]), 3)
    add("quantile", rng.integers(-50, 50, size=(5, 2)).astype(np.int8), 0.3)
    add("quantile", rng.random(7) < 0.5, np.array([0.3, 0.8]))
    for method in (1, 2, 5, 7):
        add("quantile", make_array(rng, (6, 2), 1, 0.0), np.array([0.2, 0.5, 0.9]), 1, method)
        add("quantile", make_array(rng, (5, 3), 3, 0.2), np.array([0.3, 0.75]), 1, method)
    for kind in (0, 1):
        add("quantile", make_array(rng, (6, 3), kind, 0.0).astype(np.complex64 if kind else np.float32), 0.4)
        add("quantile", make_array(rng, (6, 3), 0, 0.1).astype(np.float32), np.array([0.1, 0.6]), 2, 8)

    # prctile: percent, default p, dims, orientation
    for shape in SHAPES:
        a = array(shape, kind=int(rng.choice([0, 2])))
        add("prctile", a)
        add("prctile", a, np.array([10.0, 50, 90]))
        add("prctile", a, 25.0, int(rng.integers(1, ndims(a) + 2)))
    add("prctile", np.array([1.0, 2, 3]).reshape(-1, 1), np.array([10.0, 50]))
    add("prctile", np.array([1.0, 2, 3, 4]), np.array([-10.0, 50, 150]))
    add("prctile", rng.integers(0, 9, size=(4, 3)).astype(np.uint8), np.array([[20.0], [80.0]]))
    add("prctile", make_array(rng, (5, 2), 1, 0.0), 60.0)
    # single p: Octave computes the positions (and interpolates) in single, even for double x
    x10 = np.arange(1.0, 11.0)
    for method in range(1, 10):
        add("quantile", x10, np.array([0.3, 0.37, 0.55, 0.9], dtype=np.float32), 2, method)
        add("quantile", make_array(rng, (7, 2), 0, 0.2), np.array([0.1, 0.45, 0.7], dtype=np.float32), 1, method)
    add("prctile", x10, np.array([30.0, 37.0, 55.0], dtype=np.float32))
    # an unknown METHOD that __quantile__ never reaches (no p in [0, 1], or one element along dim)
    add("quantile", x10, np.array([-0.5, 2.0]), 2, 10)
    add("quantile", x10, 0.5, 1, 12)
    add("quantile", make_array(rng, (3, 4), 1, 0.0), np.array([0.2, 0.6]), 3, 0)
    add("quantile", make_array(rng, (6, 2), 1, 0.0), np.array([0.3, 0.8], dtype=np.float32), 1, 6)
    for method in (1, 2, 3, 8):  # complex data (Octave's formula in NumPy) with p outside [0, 1]
        add("quantile", make_array(rng, (4, 3), 1, 0.0), np.array([-0.1, 0.5, 1.2]), 1, method)
    # special values: infinities, signed zeros, complex infinities (NumPy's quantile interpolation
    # and its complex arithmetic with a real operand differ from Octave's there)
    special = np.array([[np.inf, -np.inf, 1.0, -0.0], [np.inf, 2.0, np.nan, 0.0], [3.0, np.inf, -np.inf, -0.0]])
    special_c = special.astype(complex)
    special_c.imag = [[0.0, 1, np.inf, 0], [0, 0, 1, -1], [np.inf, 2, 0, 0]]
    for a in (special, special_c, special_c.astype(np.complex64)):
        for dim in (1, 2):
            add("std", a, 0, dim)
            add("var", a, 1, dim)
            add("median", a, dim)
            add("mode", a, dim, nout=2)
            add("quantile", a, np.array([0.0, 0.3, 0.5, 0.9, 1.0]), dim, int(rng.integers(1, 10)))
            add("prctile", a, np.array([12.5, 50.0, 87.5]), dim)
        add("var", a, np.array([0.5, 1.0, 2.0]), 1)
    add("quantile", np.array([[np.inf], [np.inf], [1.0]]), np.array([0.4, 0.95]), 1, 5)  # between two Inf
    add("quantile", np.array([[np.inf, -np.inf]]), np.array([0.2, 0.7]), 1)  # one element along dim
    cases += _random_mix(np.random.default_rng(20261203), 300)
    return cases


MIX_SHAPES = [(1,), (7,), (1, 6), (5, 1), (4, 3), (3, 5), (2, 3, 4), (1, 3, 2), (2, 1, 3), (1, 1, 4), (2, 2), (6, 2, 2)]


def _random_mix(rng: np.random.Generator, count: int) -> list[Case]:
    """Random calls of the six functions: random shapes, classes (double, single, integer,
    logical, complex), NaN, Inf and signed zeros, dims (one beyond ndims too), weights (with
    zeros, NaN and Inf), vector dims and "all", quantile methods and p outside [0, 1]."""
    cases: list[Case] = []

    def add(fname: str, *args: Any, nout: int = 1) -> None:
        kwargs: tuple[tuple[str, Any], ...] = (("nargout", nout),) if fname == "mode" else ()
        cases.append(Case(f"sta-mix-{fname}-{len(cases):03d}", fname, tuple(args), nout, kwargs))

    def ndims(a: np.ndarray) -> int:
        shape = list(a.shape) if a.ndim >= 2 else [1, a.size]
        while len(shape) > 2 and shape[-1] == 1:
            shape.pop()
        return len(shape)

    def array() -> np.ndarray:
        shape = MIX_SHAPES[int(rng.integers(len(MIX_SHAPES)))]
        a = make_array(rng, shape, int(rng.integers(4)), float(rng.choice([0, 0, 0.2, 0.5])))
        if rng.random() < 0.25:
            mask = rng.random(a.shape) < 0.2
            a[mask] = rng.choice([np.inf, -np.inf, -0.0, 0.0], size=int(mask.sum()))
            if np.iscomplexobj(a) and rng.random() < 0.5:
                a[rng.random(a.shape) < 0.1] = complex(1, np.inf)
        r = rng.random()
        if r < 0.1:
            a = (a.real if np.iscomplexobj(a) else a).astype(np.float32)
        elif r < 0.2 and not np.iscomplexobj(a) and np.isfinite(a).all():
            a = a.astype(rng.choice([np.int8, np.uint8, np.int16, np.int32, np.int64]))
        elif r < 0.25 and not np.iscomplexobj(a):
            a = a > 0
        elif r < 0.3 and np.iscomplexobj(a):
            a = a.astype(np.complex64)
        return a

    for _ in range(count):
        a = array()
        f = str(rng.choice(["std", "var", "median", "mode", "quantile", "prctile"]))
        nd = ndims(a)
        dim = [None, *range(1, nd + 2)][int(rng.integers(nd + 2))]
        if f in ("std", "var"):
            w: Any = int(rng.choice([0, 1]))
            u = rng.random()
            if u < 0.15 and nd >= 2:
                dims = rng.permutation(np.arange(1, nd + 1))[: int(rng.integers(2, nd + 1))]
                add(f, a, w, dims.astype(float))
                continue
            if u < 0.25:
                add(f, a, w, "all")
                continue
            if u < 0.45 and a.dtype.kind not in "iu":
                a2 = a.reshape(1, -1) if a.ndim == 1 else a
                first = next((i for i, n in enumerate(a2.shape) if n != 1), 0)
                axis = first if dim is None else dim - 1
                n = a2.shape[axis] if axis < a2.ndim else 1
                w = np.round(rng.random(n) * 2, 2)
                if n > 1 and rng.random() < 0.3:
                    w[int(rng.integers(n))] = rng.choice([0.0, np.nan, np.inf])
            add(f, a, w, *([dim] if dim else []))
        elif f == "median":
            add(f, a, *([dim] if dim else []))
        elif f == "mode":
            add(f, a, *([dim] if dim else []), nout=int(rng.integers(1, 3)))
        elif f == "quantile":
            choices: list[Any] = [
                np.round(rng.random(int(rng.integers(1, 5))), 3),
                float(rng.random()),
                np.array([[0.0], [1.0]]),
                np.array([-0.1, 0.5, 1.2]),
            ]
            add(f, a, choices[int(rng.integers(len(choices)))], dim or 1, int(rng.integers(1, 10)))
        else:
            add(f, a, np.round(rng.random(3) * 100, 1), *([dim] if dim else []))
    return cases


CASES = _cases()

_X3 = np.array([1.0, 2.0, 3.0])
ERROR_CASES: list[Case] = [
    Case("sta-err-var-w", "var", (_X3, 2)),
    Case("sta-err-std-w", "std", (_X3, 2)),
    Case("sta-err-var-w-frac", "var", (_X3, 0.5)),
    Case("sta-err-var-w-length", "var", (_X3, np.array([1.0, 2.0]))),
    Case("sta-err-std-w-length", "std", (np.ones((2, 3)), np.array([1.0, 2.0, 3.0]), 1)),
    Case("sta-err-var-w-negative", "var", (_X3, np.array([1.0, -2.0, 3.0]))),
    Case("sta-err-var-w-logical", "var", (_X3, np.array([True]))),
    Case("sta-err-var-w-matrix", "var", (np.ones((2, 2, 3)), np.ones((1, 1, 3)), 3)),
    Case("sta-err-var-w-empty-x", "var", (np.zeros((0, 3)), 3)),
    Case("sta-err-var-dim0", "var", (_X3, 0, 0)),
    Case("sta-err-var-dim-frac", "var", (_X3, 0, 1.5)),
    Case("sta-err-var-dim-text", "var", (_X3, 0, "rows")),
    Case("sta-err-var-all-weights", "var", (np.ones((2, 2)), np.array([1.0, 2.0]), "all")),
    Case("sta-err-var-dims-repeat", "var", (np.ones((2, 3, 4)), 0, np.array([1.0, 1.0]))),
    Case("sta-err-var-dims-repeat3", "var", (np.ones((2, 3, 4)), 0, np.array([1.0, 2.0, 1.0]))),
    Case("sta-err-std-dims-repeat-col", "std", (np.ones((2, 3, 4)), 0, np.array([[1.0], [2.0], [1.0]]))),
    Case("sta-err-var-dims-beyond", "var", (np.ones((2, 3, 4)), 0, np.array([5.0, 4.0]))),
    Case("sta-err-var-dims-beyond2", "var", (np.ones((2, 3)), 0, np.array([4.0, 1.0]))),
    Case("sta-err-var-dims-weights", "var", (np.ones((2, 3)), np.array([1.0, 2.0]), np.array([1.0, 2.0]))),
    Case("sta-err-var-dims-empty-w", "var", (np.ones((2, 3)), None, np.array([1.0, 2.0]))),
    Case("sta-err-var-dims-zero", "var", (np.ones((2, 3)), 0, np.array([0.0, 1.0]))),
    Case("sta-err-std-dim0", "std", (_X3, 0, 0)),
    Case("sta-err-median-empty", "median", (np.zeros((0, 3)),)),
    Case("sta-err-median-empty00", "median", (np.zeros((0, 0)),)),
    Case("sta-err-median-dim0", "median", (_X3, 0)),
    Case("sta-err-median-dim-frac", "median", (_X3, 2.5)),
    Case("sta-err-median-all", "median", (_X3, "all")),
    Case("sta-err-mode-dim0", "mode", (_X3, 0), kwargs=(("nargout", 1),)),
    Case("sta-err-mode-outputs", "mode", (_X3,), nout=4, kwargs=(("nargout", 4),)),
    Case("sta-err-mode-empty-dim", "mode", (np.zeros((0, 3)), 1), nout=2, kwargs=(("nargout", 2),)),
    Case("sta-err-mode-empty-dim2", "mode", (np.zeros((3, 0)), 2), nout=2, kwargs=(("nargout", 2),)),
    Case("sta-err-mode-empty-col", "mode", (np.zeros((0, 1)),), nout=2, kwargs=(("nargout", 2),)),
    Case("sta-err-mode-empty-3d", "mode", (np.zeros((0, 3, 2)), 1), nout=2, kwargs=(("nargout", 2),)),
    Case("sta-err-quantile-empty", "quantile", (np.zeros((0, 3)), 0.5)),
    Case("sta-err-quantile-p-matrix", "quantile", (_X3, np.array([[0.1, 0.2], [0.3, 0.4]]))),
    Case("sta-err-quantile-p-logical", "quantile", (_X3, np.array([True]))),
    Case("sta-err-quantile-dim0", "quantile", (_X3, 0.5, 0)),
    Case("sta-err-quantile-dim-empty", "quantile", (_X3, 0.5, None, 5)),
    Case("sta-err-quantile-method10", "quantile", (_X3, 0.5, 2, 10)),
    Case("sta-err-quantile-method0", "quantile", (_X3, 0.5, 2, 0)),
    Case("sta-err-quantile-method-frac", "quantile", (_X3, 0.5, 2, 2.5)),
    Case("sta-err-quantile-method2-nan", "quantile", (np.array([[np.nan, 1.0], [np.nan, 2.0]]), 0.5, 1, 2)),
    Case("sta-err-prctile-empty", "prctile", (np.zeros((0, 0)), 50.0)),
    Case("sta-err-prctile-dim0", "prctile", (_X3, 50.0, 0)),
    Case("sta-err-prctile-p-matrix", "prctile", (_X3, np.ones((2, 2)))),
    Case("sta-err-prctile-empty-p-matrix", "prctile", (np.zeros((0, 3)), np.ones((2, 2)))),
    Case("sta-err-quantile-method-nan-later", "quantile", (np.array([[1.0, np.nan], [2.0, np.nan]]), 0.5, 1, 11)),
    Case("sta-err-quantile-p-before-dim", "quantile", (_X3, np.ones((2, 2)), 0)),
]
