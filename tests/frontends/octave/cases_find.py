"""Conformance cases of the "finding, counting and ordering" group (issue 15): find, unique,
sort (complex order, NaN placement, one output), histc, hist and accumarray, with the
refusals. Seeded: the same cases on every run. Ids start with ``fnd-``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from octave_batch import Case
from octave_cases import SHAPES, make_array

CASES: list[Case] = []
ERROR_CASES: list[Case] = []

# outputs holding 1-based indices, by function and number of outputs
INDEX_OUTPUTS: dict[str, dict[int, tuple[int, ...]]] = {
    "find": {1: (0,), 2: (0, 1), 3: (0, 1)},
    "unique": {1: (), 2: (1,), 3: (1, 2)},
    "sort": {1: (), 2: (1,)},
    "histc": {1: (), 2: (1,)},
    "hist": {1: (), 2: ()},
    "accumarray": {1: ()},
}


def add(fname: str, *args: Any, nout: int = 1, error: bool = False) -> None:
    target = ERROR_CASES if error else CASES
    n = len(CASES) + len(ERROR_CASES)
    kwargs = () if fname == "accumarray" else (("nargout", nout),)
    target.append(Case(f"fnd-{fname}-{n:03d}", fname, tuple(args), nout, kwargs, INDEX_OUTPUTS[fname].get(nout, ())))


def with_zeros(rng: np.random.Generator, a: np.ndarray, p: float) -> np.ndarray:
    a = a.copy()
    a[rng.random(a.shape) < p] = 0
    return a


def build(seed: int = 20261202) -> None:
    rng = np.random.default_rng(seed)

    # ---------------------------------------------------------------------------- find
    for shape in SHAPES:
        for kind in (0, 1, 2):
            a = with_zeros(rng, make_array(rng, shape, kind, 0.15), 0.4)
            nout = int(rng.integers(1, 4))
            add("find", a, nout=nout)
            n = [0, 1, 2, 3, 100][int(rng.integers(5))]
            add("find", a, n, ["first", "last"][int(rng.integers(2))], nout=int(rng.integers(1, 4)))
    for shape in [(3, 4), (2, 3, 2), (1, 6), (5, 1)]:
        a = with_zeros(rng, make_array(rng, shape, 0, 0.2), 0.5)
        for nout in (1, 2, 3):
            add("find", a, 2, "last", nout=nout)
        add("find", a, np.inf, nout=2)
        add("find", a, np.inf, "last")
        add("find", a, 1)
    # empty results and empty inputs: Octave's shapes
    for shape in [
        (0, 0),
        (1, 0),
        (0, 1),
        (0, 3),
        (3, 0),
        (1, 1),
        (1, 3),
        (3, 1),
        (2, 3),
        (1, 1, 3),
        (2, 2, 2),
        (1, 0, 2),
    ]:
        z = np.zeros(shape)
        add("find", z)
        add("find", z, nout=3)
        add("find", z.astype(bool))
        add("find", np.ones(shape, dtype=bool), 1)
        if np.prod(shape) > 0:
            add("find", np.ones(shape), 0)
            add("find", np.ones(shape), nout=3)
    add("find", np.array(5.0))
    add("find", np.array([0.0, 3, 0, 4, 5]), 10**30)  # more than there are: all
    add("find", np.array([[2**62 + 1, 0], [0, 2**62]], dtype=np.int64), nout=3)
    add("find", np.array([[2**64 - 1, 0, 7]], dtype=np.uint64), 1, "last", nout=3)
    add("find", np.array([[0.0]]), nout=2)
    # classes: logical, integer, single, complex
    for dt in (np.int8, np.uint16, np.int64, np.float32, np.complex64):
        a = (rng.integers(-2, 3, size=(3, 4)) * (1 + (1j if np.dtype(dt).kind == "c" else 0))).astype(dt)
        add("find", a, nout=3)
        add("find", a.reshape(1, -1), 3, "last", nout=3)
    for shape in [(4,), (3, 3), (2, 2, 3), (4, 1)]:
        m = rng.random(shape) < 0.5
        add("find", m)
        add("find", m, nout=2)
        add("find", m, 2, "last", nout=3)
    add("find", np.array([[1.0, np.nan, 0.0], [0.0, -np.inf, np.nan]]), nout=3)
    add("find", np.array([1j, 0, 3.0, 0, 2j]), 2, "last", nout=3)
    # refusals, in Octave's words
    add("find", np.ones(3), -1, error=True)
    add("find", np.ones(3), 1.5, error=True)
    add("find", np.ones(3), np.nan, error=True)
    add("find", np.ones(3), "first", error=True)
    add("find", np.ones(3), 1, "middle", error=True)
    add("find", np.ones(3), 1, "First", error=True)

    # -------------------------------------------------------------------------- unique
    option_sets: list[tuple[str, ...]] = [
        (),
        ("first",),
        ("last",),
        ("stable",),
        ("sorted",),
        ("legacy",),
        ("legacy", "first"),
        ("legacy", "last"),
    ]
    for shape in [(8,), (1, 7), (6, 1), (3, 4), (2, 3, 2), (1, 1, 5), (1, 1), (2, 1)]:
        for kind in (0, 1, 2, 3):
            a = make_array(rng, shape, kind, [0.0, 0.2][int(rng.integers(2))])
            if kind in (0, 1):
                a = a.ravel()[rng.integers(0, a.size, size=a.size)].reshape(a.shape)  # repeats
            opts = option_sets[int(rng.integers(len(option_sets)))]
            nout = int(rng.integers(1, 4))
            if "stable" in opts and nout == 3:
                nout = 2
            add("unique", a, *opts, nout=nout)
    for opts in option_sets:
        a = np.array([3.0, 1, np.nan, 3, -0.0, 0.0, 1, np.nan, 2])
        add("unique", a, *opts, nout=2 if "stable" in opts else 3)
        add("unique", a.reshape(-1, 1), *opts, nout=2)
        add("unique", a.reshape(3, 3), *opts, nout=2 if "stable" in opts else 3)
    add("unique", np.array([3.0, 1, 3]), "stable", nout=3)  # Octave 7.3: j = [] and a warning
    rows = np.array([[1.0, 2], [0, 5], [1, 2], [np.nan, 1], [0, 5], [np.nan, 1], [1, -2]])
    crow = rows + 1j * np.array([[0, 1], [1, 0], [0, 1], [0, 0], [1, 0], [0, 0], [1, 1]])
    for m in (rows, crow, rows.astype(np.float32), np.array([[2, 1], [2, 1], [1, 9]], dtype=np.int16)):
        for opts in [("rows",), ("rows", "first"), ("rows", "last"), ("rows", "stable"), ("rows", "legacy")]:
            add("unique", m, *opts, nout=2 if "stable" in opts else 3)
    for m in (np.ones((1, 4)), np.ones((5, 1)), np.array([[1.0, 2, 3]])):
        add("unique", m, "rows", nout=3)
    for dt in (np.int8, np.uint8, np.int64, np.float32, np.complex64, np.bool_):
        a = rng.integers(0, 3, size=(3, 4)).astype(dt)
        add("unique", a, nout=3)
        add("unique", a.ravel(), "last", nout=2)
    for shape in [(0, 0), (1, 0), (0, 1), (0, 3)]:
        add("unique", np.zeros(shape), nout=3)
        add("unique", np.zeros(shape), "rows", nout=3)
    # several rows of no columns: one (empty) unique row; the NumPy line has no sort keys
    add("unique", np.zeros((3, 0)), "rows", nout=3)
    add("unique", np.zeros((3, 0)), "rows", "last", nout=3)
    add("unique", np.zeros((2, 0), dtype=np.int8), "rows", "stable", nout=2)
    add("unique", np.array(7.0), nout=3)
    add("unique", np.array([2**62 + 1, 2**62, 2**62 + 1, -(2**62)], dtype=np.int64), nout=3)
    add("unique", np.array([[2**64 - 1, 3], [2**64 - 2, 2**64 - 1]], dtype=np.uint64), "last", nout=3)
    add("unique", np.array([[4.0]]), "stable", nout=2)
    for kind in (1, 3):  # complex: abs, then arg; ties in abs
        a = make_array(rng, (2, 6), kind, 0.1)
        add("unique", a, nout=3)
        add("unique", a, "stable", nout=2)
    add("unique", np.ones(3), "foo", error=True)
    add("unique", np.ones(3), "Rows", error=True)
    add("unique", np.ones(3), "first", "last", error=True)
    add("unique", np.ones(3), "first", "stable", error=True)
    add("unique", np.ones(3), "sorted", "stable", error=True)
    add("unique", np.ones(3), "legacy", "stable", error=True)
    add("unique", np.ones(3), 1, error=True)
    add("unique", np.ones((2, 2, 2)), "rows", error=True)
    add("unique", np.ones((2, 2, 2)), "rows", nout=2, error=True)

    # ------------------------------------------------------------- sort (issue 15 part)
    units = np.array([1, -1, 1j, -1j, (1 + 1j) / np.sqrt(2), -(1 + 1j) / np.sqrt(2), 2, -2j, 0])
    for shape in [(9,), (3, 4), (2, 3, 2), (5, 1)]:
        for nan in (0.0, 0.3):
            a = units[rng.integers(0, len(units), size=shape)].astype(complex)
            a[rng.random(shape) < nan] = np.nan
            for mode in ("ascend", "descend"):
                add("sort", a, mode, nout=2)
                add("sort", a, mode, nout=1)
    special = np.array([np.nan + 1j, 1 + np.nan * 1j, np.inf, -np.inf + 0j, 1j * np.inf, -1 + 0j, 1 + 0j, 0j, -0j])
    for mode in ("ascend", "descend"):
        add("sort", special, mode, nout=2)
        add("sort", special.reshape(3, 3), 2, mode, nout=2)
    for mode in ("ascend", "descend"):
        add("sort", np.array([3.0, np.nan, -np.inf, 1, np.nan, np.inf, -0.0, 0.0]), mode, nout=2)
        add("sort", np.array([[3, 1], [2, 2]], dtype=np.int8), 2, mode, nout=1)
    add("sort", np.arange(6.0).reshape(2, 3), 3, nout=1)  # dim beyond ndims: x itself
    add("sort", make_array(rng, (3, 4), 1, 0.2).astype(np.complex64), 1, "descend", nout=1)

    # --------------------------------------------------------------------------- histc
    for shape in [(12,), (1, 10), (9, 1), (5, 4), (3, 4, 2)]:
        x = np.round(rng.normal(size=shape) * 3, 1)
        x[rng.random(shape) < 0.1] = np.nan
        x[rng.random(shape) < 0.1] = np.inf
        for edges in (
            np.array([-2.0, 0.0, 0.5, 2.0, 4.0]),
            np.array([-1.0, 1.0]),
            np.array([0.0, 0.5, 3.0]),
            np.array([-3.0, -1.0, 0.0, 1.0, 3.0, 5.0, 8.0, 10.0]),
            np.array([1.0]),
        ):
            nd = max(len(shape), 2)
            dims: list[Any] = [None, *range(1, nd + 1)]
            dim = dims[int(rng.integers(len(dims)))]
            if edges.size <= 3 and len(shape) == 3 and dim in (None, 1):
                dim = 2
            add("histc", x, edges, dim, nout=int(rng.integers(1, 3)))
    x = np.array([[0.0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0]])  # values exactly on the edges
    for edges in (np.array([0.0, 1, 2, 3, 5]), np.array([0.0, 2, 5]), np.array([1.0, 1, 3, 3]), np.array([5.0])):
        add("histc", x, edges, nout=2)
        add("histc", x, edges, 2, nout=2)
        add("histc", x.T, edges.reshape(-1, 1), nout=2)
    add("histc", x, np.array([3.0, 0, 1, 5]), nout=2)  # unsorted edges: sorted, with a warning
    add("histc", x, np.array([-np.inf, 0, 2, np.inf]), nout=2)
    add("histc", x.astype(np.int8), np.array([0.0, 1.5, 3, 4]), nout=2)
    add("histc", x.astype(np.float32), np.array([0.0, 1.5, 3, 4]), nout=2)
    add("histc", x > 2, np.array([0.0, 1, 3]), nout=2)
    add("histc", x > 2, np.array([0.0, 1, 2, 3]), nout=2, error=True)  # lookup refuses logical
    add("histc", np.zeros((0, 3)), np.array([0.0, 1, 2, 3]), nout=2)
    add("histc", np.zeros((1, 0)), np.array([0.0, 1]), nout=1)
    add("histc", rng.normal(size=(2, 3, 4)), np.array([-1.0, 0, 1, 2]), 1, nout=2)
    add("histc", rng.normal(size=(2, 3, 4)), np.array([-1.0, 0, 1]), 3, nout=2)
    for _ in range(16):  # more shapes, classes and dims, lookup path and small path
        shape = SHAPES[int(rng.integers(len(SHAPES)))]
        x = rng.integers(-4, 6, size=shape).astype([np.float64, np.float32, np.int16, np.uint8][int(rng.integers(4))])
        edges = np.sort(rng.choice(np.arange(-3.0, 6.0, 0.5), size=int(rng.integers(1, 7)), replace=False))
        nd = max(len(shape), 2)
        dim = [None, *range(1, nd + 1)][int(rng.integers(nd + 1))]
        if edges.size <= 3 and len(shape) == 3 and (dim or 1) <= len(shape) - 2:
            dim = len(shape)
        add("histc", x, edges, dim, nout=int(rng.integers(1, 3)))
    add("histc", np.array([[1.0, 5.0, 9.0]]), np.arange(0.0, 10.0), 1, nout=2)  # a row along dim 1
    add("histc", np.array([[1.0], [5.0], [9.0]]), np.arange(0.0, 10.0), 3, nout=2, error=True)  # dim > ndims
    add("histc", np.ones(3) + 1j, np.array([0.0, 1, 2]), error=True)
    add("histc", np.ones(3), np.array([0.0, 1j, 2]), error=True)
    add("histc", np.ones((2, 3)), np.array([0.0, 1, 2]), 3, error=True)
    add("histc", np.ones((2, 3)), np.array([0.0, 1, 2]), 0, error=True)
    add("histc", np.ones((2, 3)), np.array([0.0, 1, 2]), 1.5, error=True)

    # ---------------------------------------------------------------------------- hist
    for shape in [(20,), (1, 15), (30, 1), (25, 3), (6, 2)]:
        for bins in (None, 1, 2, 3, 5, 10, 11, 15, 30, 2.7):
            y = np.round(rng.normal(size=shape) * 4, 2)
            if rng.random() < 0.3:
                y[rng.random(shape) < 0.15] = np.nan
            if rng.random() < 0.2:
                y.flat[0] = np.inf
            add("hist", y, bins, nout=int(rng.integers(1, 3)))
    y = np.array([1.0, 1.5, 2, 2.5, 3, 0.5, 3.5])  # values on the midpoints between centres
    for centres in (
        np.array([1.0, 2, 3]),
        np.array([[1.0], [2], [3]]),
        np.array([1.0, 2, 4]),
        np.array([3.0, 1, 2]),
        np.arange(1.0, 13.0),
        np.array([0.0, 0.5, 1, 2, 2.5, 3, 3.2, 3.5, 3.7, 4, 5, 7]),
        np.concatenate([np.linspace(0, 1, 12), np.linspace(1.5, 4, 12)]),
        np.array([1, 2, 3], dtype=np.int8),
    ):
        add("hist", y, centres, nout=2)
        add("hist", np.stack([y, y[::-1]], axis=1), centres, nout=2)
    for yv in (
        np.full(5, 2.0),
        np.array([4.0]),
        np.array([1, 5, 5, 2, 9], dtype=np.int16),
        np.round(rng.normal(size=(9, 2)), 2).astype(np.float32),
    ):
        add("hist", yv, nout=2)
        add("hist", yv, 4, nout=2)
        add("hist", yv, 13, nout=2)
    add("hist", np.round(rng.normal(size=12), 2).astype(np.float32), np.array([-1.0, 0, 1]), nout=2)
    add("hist", np.round(rng.normal(size=12), 2), np.array([-1.0, 0, 1], dtype=np.float32), nout=2)
    add("hist", np.array([1.0, np.nan, 3]), np.array([1.0, 2, 3]), nout=2)
    for bins in (None, 13, np.array([0.0, 1.0])):
        add("hist", np.array([True, False, True, True]), bins, nout=2)
    add("hist", rng.random((5, 3)) < 0.5, 4, nout=2)
    add("hist", np.zeros((0, 3)), np.array([1.0, 2]), nout=2)
    add("hist", np.zeros((2, 0)), np.array([1.0, 2]), nout=2)
    add("hist", np.zeros((1, 0)), np.array([1.0, 2, 4]), nout=2)  # isvector: counts as a row
    add("hist", np.zeros((0, 1)), np.array([1.0, 2, 4]), nout=2)
    ym = np.round(rng.normal(size=(12, 3)), 2)
    ym[0, 1] = np.nan
    for x_, norm in ((None, 1.0), (4, 2.5), (4, np.array([1.0, 2.0, 3.0])), (np.array([-1.0, 0, 1]), 100.0), (12, 1.0)):
        add("hist", ym, 10 if x_ is None else x_, norm, nout=2)
        add("hist", ym[:, 1], 10 if x_ is None else x_, 7.0, nout=2)
    add("hist", np.full(3, np.nan), np.array([0.0, 1.0]), 1.0, nout=2)  # 0/0 scaling: NaN counts
    add("hist", ym, 4, 2, nout=2)  # a Python int NORM is Octave's double literal 2
    add("hist", ym, 4, 0.0, error=True)
    add("hist", ym, 4, np.array([1.0, 2.0]), error=True)
    add("hist", ym, None, 2.0, error=True)
    add("hist", np.zeros((0, 0)), error=True)
    add("hist", np.ones(3) + 1j, error=True)
    add("hist", np.ones(3), 0, error=True)
    add("hist", np.ones(3), -2, error=True)
    add("hist", np.ones(3), np.ones((2, 2)), error=True)
    add("hist", np.array([np.nan, np.nan]), error=True)
    add("hist", np.array([np.nan, np.inf]), 3, error=True)
    add("hist", np.ones(3), np.array([1.0, 1j]), error=True)

    # ---------------------------------------------------------------------- accumarray
    for _ in range(12):
        m = int(rng.integers(1, 9))
        subs = rng.integers(1, 6, size=(m, 1)).astype(np.float64)
        vals = np.round(rng.normal(size=m) * 5, 3)
        add("accumarray", subs, vals)
        add("accumarray", subs, vals.reshape(-1, 1), [int(subs.max()) + 2, 1])
        add("accumarray", subs, 1.5)
        add("accumarray", subs, vals, [1, int(subs.max()) + 1])
    for _ in range(10):
        m = int(rng.integers(1, 9))
        ncols = int(rng.integers(2, 4))
        subs = rng.integers(1, 4, size=(m, ncols)).astype(np.float64)
        vals = np.round(rng.normal(size=m) * 5, 3)
        add("accumarray", subs, vals)
        add("accumarray", subs, vals, [4] * ncols)
        add("accumarray", subs, vals, [4] * ncols, None, np.nan)
    subs = np.array([[1.0], [3], [1], [3], [3]])
    add("accumarray", subs, np.array([1 + 2j, 3, -1j, 0.5, 2]))
    add("accumarray", subs, np.array([1, 2, 3, 4, 5], dtype=np.float32))
    add("accumarray", subs, np.array([1, 2, 3, 4, 5], dtype=np.int8))
    add("accumarray", subs, np.array([True, False, True, True, False]))
    add("accumarray", subs, np.array([1e16, 1.0, -1e16, 1.0, 1.0]))  # added in the order given
    add("accumarray", subs.astype(np.int32), 2.0, [2, 3])
    add("accumarray", subs, 2.0, [2, 2, 2])
    add("accumarray", subs, np.arange(5.0), None, None, -7)
    add("accumarray", np.array([1.0, 2, 1]), 5.0)  # a 1xN row is ONE subscript
    add("accumarray", np.zeros((0, 1)), np.zeros(0))
    add("accumarray", np.array([[2.0, 1], [2, 1]]), np.array([1.0, 2]), [3, 2])
    add("accumarray", np.array([[1.0], [2], [5]]), np.array([1.0, 2]), error=True)
    add("accumarray", np.array([[1.0], [0]]), 1.0, error=True)
    add("accumarray", np.array([[1.0], [2.5]]), 1.0, error=True)
    add("accumarray", np.array([[1.0], [4]]), 1.0, [2, 1], error=True)
    add("accumarray", np.array([[1.0], [4]]), 1.0, 5, error=True)
    add("accumarray", np.array([[1.0, 2], [4, 1]]), 1.0, [4, 2, 1], error=True)
    add("accumarray", np.array([[1.0], [2]]), np.array([[1.0, 2], [3, 4]]), error=True)
    add("accumarray", np.array([[1.0, 2], [3, 3]]), 1.0, [2, 2], error=True)
    add("accumarray", np.array([[1.0, 2], [1, 3]]), 1.0, [2, 2], error=True)
    add("accumarray", np.array([[0.0, 2], [3, 3]]), 1.0, error=True)
    add("accumarray", np.array([[1.5, 2], [3, 3]]), 1.0, error=True)
    add("accumarray", np.array([[1.0], [2]]), 1.0, None, "max", error=True)
    # Inf in subscripts or SZ: Octave's errors, not an int() overflow or a huge allocation
    add("accumarray", np.array([[1.0], [np.inf]]), 1.0, error=True)
    add("accumarray", np.array([[1.0, np.inf]]), 1.0, error=True)
    add("accumarray", np.array([[1.0], [2]]), 1.0, np.array([np.inf, 1.0]), error=True)
    add("accumarray", np.array([[1.0, 1]]), 1.0, np.array([np.inf, 1.0]), error=True)


build()

# The traps of the group, each one call whose Octave answer a named test compares with NumPy's
# default (tests/frontends/octave/test_octave_find.py).
TRAP_X = np.array([[0.0, 5.0, 0.0], [7.0, 0.0, 9.0]])
TRAP_U = np.array([3.0, 1.0, 3.0, 2.0, 1.0])
TRAP_Y = np.array([1.0, 1.5, 2.0, 2.2, 3.0, 3.0, 4.0])
TRAP_EDGES = np.array([1.0, 2.0, 3.0])
TRAP_C = np.array([-2.0, 1j, 1.0, -1j, -1.0])
TRAPS: dict[str, Case] = {
    "find": Case("fnd-trap-find", "find", (TRAP_X,), 1, (("nargout", 1),), (0,)),
    "find_rc": Case("fnd-trap-find-rc", "find", (TRAP_X,), 2, (("nargout", 2),), (0, 1)),
    "unique": Case("fnd-trap-unique", "unique", (TRAP_U,), 3, (("nargout", 3),), (1, 2)),
    "hist": Case("fnd-trap-hist", "hist", (TRAP_Y, 3), 2, (("nargout", 2),)),
    "histc": Case("fnd-trap-histc", "histc", (TRAP_Y, TRAP_EDGES), 2, (("nargout", 2),), (1,)),
    "sort": Case("fnd-trap-sort", "sort", (TRAP_C,), 2, (("nargout", 2),), (1,)),
    "accumarray": Case(
        "fnd-trap-accumarray", "accumarray", (np.array([[1.0], [3.0], [1.0]]), np.array([10.0, 20.0, 30.0]))
    ),
}
CASES += TRAPS.values()
