"""Random conformance cases for arraylens.octave (seeded: the same cases on every run).

Real and complex data; row vectors (1xN and NumPy 1-d), column vectors, matrices, 3-d arrays,
singleton dimensions first, middle and last; NaNs (some slices all NaN); ties (small integers,
complex numbers of equal modulus); every ``n``/``dim``/``mode``/``opt`` form.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from octave_batch import Case

SHAPES: list[tuple[int, ...]] = [
    (5,),
    (1, 6),
    (4, 1),
    (3, 4),
    (4, 3),
    (2, 3, 4),
    (1, 1, 5),
    (1, 4, 3),
    (3, 1, 4),
    (2, 3, 1),
    (1, 1),
    (3, 2, 2),
    (2, 1),
]
# 0, real; 1, complex; 2, small integers (ties); 3, complex of equal moduli (ties in abs)
KINDS = 4


def make_array(
    rng: np.random.Generator, shape: tuple[int, ...], kind: int, nan: float
) -> np.ndarray:
    if kind == 0:
        a: np.ndarray = np.round(rng.normal(size=shape) * 10, 3)
    elif kind == 1:
        a = np.round(rng.normal(size=shape) * 10, 3) + 1j * np.round(rng.normal(size=shape) * 10, 3)
    elif kind == 2:
        a = rng.integers(-3, 4, size=shape).astype(np.float64)
    else:
        units = np.array([1, -1, 1j, -1j, (1 + 1j) / np.sqrt(2), -(1 + 1j) / np.sqrt(2), 2, -2j])
        a = units[rng.integers(0, len(units), size=shape)]
    if nan > 0:
        mask = rng.random(size=shape) < nan
        a = a.astype(a.dtype)
        a[mask] = np.nan
    return a


def random_array(rng: np.random.Generator, nan_ok: bool = True) -> np.ndarray:
    shape = SHAPES[rng.integers(len(SHAPES))]
    kind = int(rng.integers(KINDS))
    nan = float(rng.choice([0.0, 0.0, 0.2, 0.6])) if nan_ok else 0.0
    return make_array(rng, shape, kind, nan)


def ndims(a: np.ndarray) -> int:
    shape = list(a.shape) if a.ndim >= 2 else [1, a.size]
    while len(shape) > 2 and shape[-1] == 1:
        shape.pop()
    return len(shape)


def dims_for(rng: np.random.Generator, a: np.ndarray, beyond: bool = True) -> list[Any]:
    """None (the default dimension) and every valid dim, plus one beyond ndims."""
    nd = ndims(a)
    return [None, *range(1, nd + 1), *([nd + 1] if beyond else [])]


def build_cases(seed: int = 20261130) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases: list[Case] = []

    def add(fname: str, *args: Any, nout: int = 1) -> None:
        # the second output of max/min/sort holds 1-based indices
        cases.append(
            Case(f"{fname}-{len(cases):03d}", fname, tuple(args), nout, index_outputs=(1,) if nout == 2 else ())
        )

    # fft / ifft: n pads, truncates or is None; every dim
    for fname in ("fft", "ifft"):
        for _ in range(14):
            a = random_array(rng)
            for dim in dims_for(rng, a, beyond=False):
                size = a.size if a.ndim < 2 else 1
                axis_len = (size if a.ndim < 2 else a.shape[(dim or 1) - 1]) if dim else None
                n = rng.choice([None, 1, 3, 7]) if axis_len else rng.choice([None, 2, 8])
                add(fname, a, None if n is None else int(n), dim)
    # the motivating case: fft(v') and fft(v.') of a complex row
    v = np.array([1 + 0.5j, 3, 2, 8 + 3j])
    add("fft", v.conj().reshape(-1, 1))
    add("fft", v)

    for fname in ("transpose", "ctranspose"):
        for shape in [(5,), (1, 4), (4, 1), (3, 4), (1, 1)]:
            for kind in (0, 1):
                add(fname, make_array(rng, shape, kind, 0.1))

    # max / min, one argument: values and 1-based indices
    for fname in ("max", "min"):
        for _ in range(14):
            a = random_array(rng)
            for dim in dims_for(rng, a):
                add(fname, a, None, dim, nout=2)
        for kind in (0, 1):  # slices of NaN only
            a = make_array(rng, (3, 4), kind, 0.0)
            a[:, 1] = np.nan
            a[2, :] = np.nan
            add(fname, a, None, None, nout=2)
            add(fname, a, None, 2, nout=2)
    # max / min, two arguments: Octave broadcasting, NaN and complex rules
    pairs = [
        ((3, 4), (3, 4)),
        ((3, 4), (1, 4)),
        ((3, 4), (3, 1)),
        ((3, 4), (1, 1)),
        ((2, 3, 4), (2, 3)),
        ((5,), (5,)),
        ((1, 5), (4, 1)),
        ((2, 1, 3), (1, 4, 1)),
    ]
    for fname in ("max", "min"):
        for xs, ys in pairs:
            for kx, ky in ((0, 0), (2, 2), (1, 1), (3, 3), (0, 1)):
                add(fname, make_array(rng, xs, kx, 0.3), make_array(rng, ys, ky, 0.3))

    for fname in ("sum", "mean", "cumsum"):
        for _ in range(9):
            a = random_array(rng)
            for dim in dims_for(rng, a):
                add(fname, a, dim)

    for _ in range(14):
        a = random_array(rng)
        for dim in dims_for(rng, a, beyond=False):  # [s, i] = sort(x, ndims + 1) is an error
            mode = ["ascend", "descend"][int(rng.integers(2))]
            if dim is None:
                add("sort", a, mode, nout=2) if rng.random() < 0.5 else add("sort", a, nout=2)
            else:
                add("sort", a, dim, mode, nout=2)

    # cov, corr, corrcoef: rows are observations; row vectors are one variable
    stat_shapes = [(6, 3), (5,), (1, 7), (7, 1), (4, 4), (3, 2), (1, 1)]
    for shape in stat_shapes:
        for kind in (0, 1, 2):
            x = make_array(rng, shape, kind, 0.0)
            add("cov", x)
            add("cov", x, 1)
            add("corr", x)
            add("corrcoef", x)
    for kind in (0, 1):
        x = make_array(rng, (6, 3), kind, 0.0)
        y = make_array(rng, (6, 2), kind, 0.0)
        add("cov", x, y)
        add("cov", x, y, 1)
        add("corr", x, y)
        x1, y1 = make_array(rng, (7,), kind, 0.0), make_array(rng, (1, 7), kind, 0.0)
        add("cov", x1, y1)
        add("corrcoef", x1, y1)
    constant = make_array(rng, (6, 3), 0, 0.0)
    constant[:, 1] = 2.5
    add("corr", constant)
    add("corrcoef", constant)
    with_nan = make_array(rng, (6, 3), 0, 0.0)
    with_nan[2, 0] = np.nan
    add("corrcoef", with_nan)
    add("corrcoef", make_array(rng, (4, 2, 3), 0, 0.0))
    add("corrcoef", make_array(rng, (1, 1), 0, 0.0))

    for shape in [(12,), (3, 4), (2, 3, 2), (1, 12), (12, 1)]:
        a = make_array(rng, shape, int(rng.integers(2)), 0.1)
        for size in [(4, 3), (2, None), (None, 6), (2, 2, 3), (1, 1, 12), (3, 4, 1), (12, 1)]:
            add("reshape", a, *size)
        add("reshape", a, [6, 2])
        add("reshape", a, [None, 3])  # Octave's reshape(x, [], 3)
        add("reshape", a, [2, None, 2])
        add("to_column", a)
    # special values: infinities, signed zeros, NaN next to -Inf, complex infinities
    special = np.array(
        [
            [np.inf, -np.inf, np.nan, 0.0],
            [-0.0, np.nan, -np.inf, 1.0],
            [np.nan, np.nan, np.inf, -0.0],
        ]
    )
    special_c = special.astype(complex)
    special_c.imag = [[0, 1, 0, -1], [np.inf, 0, 2, 0], [1, 0, -np.inf, 0]]
    for a in (special, special_c):
        for fname in ("max", "min", "sort"):
            for dim in (1, 2):
                add(fname, a, *((None, dim) if fname != "sort" else (dim, "descend")), nout=2)
                if fname == "sort":
                    add(fname, a, dim, nout=2)
        add("max", a, a[::-1])
        add("min", a, a[:, ::-1])
        add("sum", a)
        add("cumsum", a, 2)
    # empties: Octave's reductions read a 0x0 array as 0x1 (sum([]) is 0, sum([], 2) is 0x1)
    for shape in [(0, 0), (0, 3), (3, 0), (1, 0), (0, 0, 2)]:
        for dim in (None, 1, 2, 3):
            add("sum", np.zeros(shape), dim)
            add("cumsum", np.zeros(shape), dim)
    # single precision (NumPy float32/complex64 is Octave's single): values and precision
    for fname, extra in [
        ("fft", ()),
        ("ifft", (3,)),
        ("sum", ()),
        ("mean", (2,)),
        ("cumsum", ()),
        ("max", (None, 2)),
        ("min", ()),
        ("sort", ()),
        ("cov", ()),
        ("corr", ()),
        ("corrcoef", ()),
        ("transpose", ()),
        ("ctranspose", ()),
    ]:
        for kind in (0, 1):
            a = make_array(rng, (4, 3), kind, 0.0).astype(np.complex64 if kind else np.float32)
            nout = 2 if fname in ("max", "min", "sort") else 1
            add(fname, a, *extra, nout=nout)
    return cases


ERROR_CASES: list[Case] = [
    Case("err-fft-dim", "fft", (np.ones((2, 3)), None, 3)),
    Case("err-fft-n", "fft", (np.ones(3), -1)),
    Case("err-transpose-nd", "transpose", (np.ones((2, 3, 4)),)),
    Case("err-reshape-size", "reshape", (np.arange(6.0), 4, 2)),
    Case("err-reshape-unknown", "reshape", (np.arange(6.0), 4, None)),
    Case("err-reshape-unknown-list", "reshape", (np.arange(6.0), [4, None])),
    Case("err-reshape-two-unknown-list", "reshape", (np.arange(6.0), [None, None])),
    Case("err-max-nonconformant", "max", (np.ones((1, 2)), np.ones((1, 3)))),
    Case("err-sum-dim", "sum", (np.ones(3), 0)),
    Case("err-sort-mode", "sort", (np.ones(3), "up"), nout=2),
    Case("err-sort-dim", "sort", (np.ones((2, 3)), 3), nout=2),
    Case("err-cov-3d", "cov", (np.ones((2, 3, 4)),)),
    Case("err-cov-opt", "cov", (np.ones((3, 2)), 2)),
    Case("err-cov-obs", "cov", (np.ones((3, 2)), np.ones((4, 2)))),
    Case("err-corrcoef-size", "corrcoef", (np.ones(3), np.ones(4))),
]
