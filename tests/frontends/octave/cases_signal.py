"""Conformance cases of the convolution, filtering and differences group (seeded): conv, conv2,
filter, cumprod, diff and trapz, with ids ``sig-...``.

Rows (NumPy 1-d and 1xN), columns, matrices and 3-d arrays; NaN/Inf; empties where Octave takes
them; complex; single; integer and logical classes where Octave takes them; every shape
option, dim, order and nargout form; and the refusals, in Octave's words. Cases that make
Octave 7.3 read past an array (a ``zi`` with the wrong size along the unchecked dimension, an
empty ``a``) are left out of the batch: Octave's answer there is undefined memory, and arraylens
refuses them (tests in test_octave_signal.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from octave_batch import Case

SEED = 20261202


def _values(rng: np.random.Generator, shape: tuple[int, ...], kind: str) -> np.ndarray:
    if kind == "int":  # small integers: ties, exact sums
        return rng.integers(-4, 5, size=shape).astype(np.float64)
    real = np.round(rng.normal(size=shape) * 3, 3)
    if kind == "complex":
        return real + 1j * np.round(rng.normal(size=shape) * 3, 3)
    return real


def _with_nan(rng: np.random.Generator, a: np.ndarray, p: float, inf: bool = False) -> np.ndarray:
    a = a.copy()
    mask = rng.random(size=a.shape) < p
    a[mask] = np.nan
    if inf and a.size > 1:
        flat = a.reshape(-1)
        flat[int(rng.integers(a.size))] = np.inf if rng.random() < 0.5 else -np.inf
    return a


def _vector(rng: np.random.Generator, n: int, orient: str, kind: str) -> np.ndarray:
    v = _values(rng, (n,), kind)
    if orient == "row":
        return v.reshape(1, n)
    if orient == "col":
        return v.reshape(n, 1)
    return v  # NumPy 1-d: a row


def _single(a: np.ndarray) -> np.ndarray:
    return a.astype(np.complex64 if np.iscomplexobj(a) else np.float32)


ORIENTS = ("1d", "row", "col")
SHAPES = ("full", "same", "valid")


def conv_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []

    def add(*args: Any) -> None:
        cases.append(Case(f"sig-conv-{len(cases):03d}", "conv", tuple(args)))

    # orientation: every row/column combination, lengths a < b, a == b, a > b, every shape
    for oa in ORIENTS:
        for ob in ORIENTS:
            for la, lb in ((3, 5), (4, 4), (6, 2), (5, 3)):
                shape = SHAPES[len(cases) % 3]
                add(_vector(rng, la, oa, "int"), _vector(rng, lb, ob, "int"), shape)
    for shape in SHAPES:  # even and odd kernels, kernels longer than the data
        for la, lb in ((7, 2), (7, 4), (7, 6), (8, 3), (3, 8), (1, 4), (4, 1), (1, 1)):
            add(_vector(rng, la, "row", "real"), _vector(rng, lb, "row", "real"), shape)
    for shape in (*SHAPES, None):
        add(_vector(rng, 6, "col", "complex"), _vector(rng, 3, "row", "real"), shape)
        add(_vector(rng, 5, "row", "real"), _vector(rng, 4, "col", "complex"), shape)
        add(_vector(rng, 5, "1d", "complex"), _vector(rng, 4, "1d", "complex"), shape)
        add(_single(_vector(rng, 6, "row", "real")), _vector(rng, 4, "row", "real"), shape)
        add(_vector(rng, 6, "col", "real"), _single(_vector(rng, 3, "col", "complex")), shape)
        add(_with_nan(rng, _vector(rng, 8, "row", "real"), 0.2, inf=True), _vector(rng, 3, "row", "int"), shape)
        add(_vector(rng, 8, "row", "real"), _with_nan(rng, _vector(rng, 4, "row", "real"), 0.3, inf=True), shape)
    # complex data holding Inf or NaN (Octave's complex products, BLAS zaxpy)
    z = _vector(rng, 6, "row", "complex")
    z[0, 2] = complex(np.inf, 1.0)
    z[0, 4] = complex(np.nan, 0.0)
    add(z, _vector(rng, 3, "row", "real"))
    add(z, np.array([1.0, 0.0, 2.0]), "same")
    add(_vector(rng, 5, "row", "real"), z, "valid")
    # integer and logical classes are read as double (single with a single operand)
    add(np.array([1, 100, -100], np.int8), np.array([100, 2], np.int8))
    add(np.array([3, 2, 1], np.uint8), np.array([0.5, 1.5]), "same")
    add(np.array([True, False, True]), np.array([1.0, 2.0]))
    add(np.array([5, 6, 7], np.int16), _single(np.array([1.5, 2.5])), "valid")
    add(np.array([2, 4, 6, 8], np.int32), np.array([1, 1], np.int64), "same")
    # scalars and empties (an empty operand gives 0x0)
    add(np.array(5.0), np.array([1.0, 2.0, 3.0]))
    add(np.array([[1.0], [2.0], [3.0]]), np.array(2.0), "same")
    add(np.zeros((1, 0)), np.array([1.0, 2.0]))
    add(np.array([1.0, 2.0, 3.0]), np.zeros((1, 0)), "same")
    add(np.zeros((0, 1)), np.array([[1.0], [2.0]]), "valid")
    return cases


def conv2_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []

    def add(*args: Any) -> None:
        cases.append(Case(f"sig-conv2-{len(cases):03d}", "conv2", tuple(args)))

    sizes = ((4, 5), (5, 4), (3, 3), (1, 6), (6, 1), (2, 2))
    kernels = ((2, 2), (3, 2), (2, 3), (3, 3), (1, 4), (4, 1), (1, 1), (5, 6))
    for i, (sa, sb) in enumerate((s, k) for s in sizes for k in kernels):
        if i % 2:
            continue
        kind = ("int", "real", "complex")[i % 3]
        shape = (None, *SHAPES)[i % 4]
        add(_values(rng, sa, kind), _values(rng, sb, "real" if i % 5 else "complex"), shape)
    for shape in SHAPES:
        add(_with_nan(rng, _values(rng, (5, 4), "real"), 0.15, inf=True), _values(rng, (2, 2), "int"), shape)
        add(_values(rng, (5, 4), "real"), _with_nan(rng, _values(rng, (2, 3), "real"), 0.3, inf=True), shape)
        add(_single(_values(rng, (4, 4), "real")), _values(rng, (3, 2), "real"), shape)
        add(_values(rng, (4, 3), "complex"), _single(_values(rng, (2, 2), "complex")), shape)
        add(np.arange(12, dtype=np.int16).reshape(3, 4), np.array([[1, -1]], np.int8), shape)
        add(np.array([[True, False], [True, True]]), np.ones((2, 2)), shape)
    # the separable form conv2(v1, v2, M): v1 down the columns, v2 along the rows
    for shape in (None, *SHAPES):
        for v1, v2 in ((3, 2), (2, 3), (4, 1), (1, 1), (2, 2)):
            add(_vector(rng, v1, "row", "int"), _vector(rng, v2, "col", "real"), _values(rng, (4, 5), "real"), shape)
        add(_vector(rng, 3, "1d", "complex"), _vector(rng, 2, "1d", "real"), _values(rng, (4, 4), "real"), shape)
        add(_vector(rng, 3, "1d", "real"), _vector(rng, 2, "1d", "complex"), _values(rng, (4, 4), "real"), shape)
        add(_vector(rng, 2, "col", "real"), _vector(rng, 3, "row", "real"), _values(rng, (3, 5), "complex"), shape)
        add(
            _single(_vector(rng, 2, "col", "real")), _vector(rng, 3, "row", "real"), _values(rng, (3, 5), "real"), shape
        )
    add(np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]), np.ones((2, 2, 2)))  # M read as 2x4
    add(np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]), np.array(5.0), "full")
    add(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0]), np.ones((2, 2)), "valid")  # 0x1
    # empties: an empty operand gives 0x0; 'valid' may give an empty result of another size
    add(np.zeros((0, 3)), np.array([[1.0, 2.0]]))
    add(np.ones((2, 3)), np.zeros((1, 0)), "same")
    add(np.ones((2, 3)), np.ones((3, 1)), "valid")
    add(np.ones((2, 3)), np.ones((3, 4)), "valid")
    return cases


def _filter_coefficients(rng: np.random.Generator, nb: int, na: int, kind: str) -> tuple[np.ndarray, np.ndarray]:
    b = _values(rng, (nb,), kind)
    a = np.round(rng.uniform(-0.4, 0.4, size=na) / max(na - 1, 1), 3).astype(b.dtype if kind == "complex" else float)
    a[0] = float(rng.choice([1.0, 2.0, -0.5, 4.0]))
    a[1:] *= a[0]
    return b, a


# filter calls whose zi Octave must refuse: a 3-d x filtered along a dimension that leaves the
# state's trailing dimensions singletons (Octave drops them, then ndims(SI) != ndims(X))
FILTER_REFUSALS: list[Case] = []


def filter_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []

    def add(*args: Any, nout: int = 1) -> None:
        case_id = f"sig-filter-{len(cases) + len(FILTER_REFUSALS):03d}"
        x = np.asarray(args[2])
        dim = args[4] if len(args) > 4 else None
        xo = x.shape if x.ndim >= 2 else (1, x.size)
        ax = next((d for d, n in enumerate(xo) if n != 1), 0) if dim is None else dim - 1
        state = [n for d, n in enumerate(xo) if d != ax]
        if x.ndim > 2 and state[-1] == 1:
            FILTER_REFUSALS.append(Case(case_id, "filter", tuple(args), nout, kwargs=(("nargout", nout),)))
            return
        cases.append(Case(case_id, "filter", tuple(args), nout, kwargs=(("nargout", nout),)))

    xshapes = ((8,), (1, 7), (6, 1), (5, 3), (3, 5), (3, 4, 2), (1, 1, 6), (2, 1, 3))
    orders = ((3, 1), (1, 3), (3, 3), (2, 4), (4, 2), (1, 1), (5, 2))
    for i, xs in enumerate(xshapes):
        for j, (nb, na) in enumerate(orders):
            kind = ("real", "int", "complex")[(i + j) % 3]
            b, a = _filter_coefficients(rng, nb, na, "complex" if (i * 7 + j) % 5 == 0 else "real")
            x = _values(rng, xs, kind)
            nd = max(len(xs), 2)
            k = max(nb, na) - 1
            choice = (i + 2 * j) % 4
            if choice == 0:
                add(b, a, x, nout=1 + j % 2)
            elif choice == 1:  # an explicit dim, no zi
                dim = 1 + j % nd
                add(b, a, x, None, dim, nout=2)
            else:  # an initial state of Octave's shape [K, size(x) without dim]
                dim = None if choice == 2 else 1 + (i + j) % nd
                xo = xs if len(xs) >= 2 else (1, xs[0])
                ax = next((d for d, n in enumerate(xo) if n != 1), 0) if dim is None else dim - 1
                zshape = (k, *(n for d, n in enumerate(xo) if d != ax))
                while len(zshape) > 2 and zshape[-1] == 1:
                    zshape = zshape[:-1]
                zi = _values(rng, zshape, "real") if k else None
                if zi is not None and 1 in xo[:2] and len(xo) == 2 and len(zshape) == 2 and zshape[1] == 1 and i % 2:
                    zi = zi.reshape(-1)  # a vector zi of a vector x: read as a column
                add(b, a, x, zi, dim, nout=2)
    # a(1) normalisation and its error; single; NaN/Inf; scalar and empty x; b = []
    add(np.array([1.0, 2.0]), np.array([2.0, 1.0]), np.array([1.0, 2.0, 3.0, 4.0]), nout=2)
    add(np.array([1.0, 2.0, 3.0]), np.array([2.0]), np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 1.0]), nout=2)
    add(np.array([2.0]), np.array([4.0, 0.5]), np.array([1.0, 2.0, 3.0]), nout=2)
    add(np.array([2.0]), np.array([1.0, 0.5, 0.25]), np.array([[1.0], [2.0], [3.0]]), nout=2)
    add(np.array([2.0]), np.array([1.0]), np.array([1.0, 2.0, 3.0]), nout=2)
    add(np.array([2.0]), np.array([4.0]), np.array([[1.0, 2.0], [3.0, 4.0]]))
    add(np.zeros((1, 0)), np.array([1.0]), np.array([1.0, 2.0, 3.0]))
    add(np.array([1.0, 2.0]), np.array([1.0]), np.array(5.0), nout=2)
    add(np.array([1.0, 2.0]), np.array([1.0]), np.zeros((0, 3)), nout=2)
    add(np.array([1.0, 2.0]), np.array([1.0, 0.5]), np.zeros((3, 0)), nout=2)
    add(np.array([1.0, 2.0]), np.array([1.0]), np.zeros((1, 0)), nout=2)
    add(np.array([1.0, 2.0]), np.array([1.0]), np.array([1.0, 2.0, 3.0]), np.array(5.0), 2, nout=2)
    add(np.array([1.0, 2.0]), np.array([1.0]), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([5.0, 6.0]), nout=2)
    add(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0]), np.array([1.0, 2.0, 3.0]), nout=2)  # b(:)
    add(np.array([1.0, 2.0]), np.array([[1.0, 0.5], [0.0, 0.0]]), np.array([1.0, 2.0, 3.0]), nout=2)
    # the state's class and values: complex, single, NaN; dim as a float; integer x with zi
    b, a = _filter_coefficients(rng, 3, 2, "real")
    add(b, a, _values(rng, (6, 2), "real"), _values(rng, (2, 2), "complex"), nout=2)
    add(b, a, _values(rng, (6, 2), "real"), _single(_values(rng, (2, 2), "real")), nout=2)
    add(b, a, _values(rng, (6, 2), "real"), np.array([[np.nan, 1.0], [2.0, 3.0]]), nout=2)
    add(b, a, _values(rng, (2, 6), "real"), _values(rng, (2, 2), "real"), 2.0, nout=2)
    add(b, a, np.arange(12, dtype=np.int8).reshape(4, 3), _values(rng, (2, 3), "real"), nout=2)
    add(b, _filter_coefficients(rng, 1, 3, "complex")[1], _values(rng, (5,), "complex"), nout=2)
    for xs in ((7,), (4, 3)):
        b, a = _filter_coefficients(rng, 3, 3, "real")
        add(_single(b), a, _values(rng, xs, "real"), nout=2)
        add(b, a, _single(_values(rng, xs, "complex")), nout=2)
        add(b, a, _with_nan(rng, _values(rng, xs, "real"), 0.2, inf=True), nout=2)
        add(b, np.array([2.0]), _with_nan(rng, _values(rng, xs, "real"), 0.2, inf=True), nout=2)
        add(np.array([1.0, 0.0, 2.0]), a, _with_nan(rng, _values(rng, xs, "real"), 0.0, inf=True))
        add(b.astype(np.int8), a, np.arange(int(np.prod(xs)), dtype=np.int16).reshape(xs))
        add(b, a, np.array([True, False, True, True, False, False, True])[: xs[0]])
    # samples along dim but no slices (a size-0 other dimension): FIR and IIR, dim given
    add(np.array([1.0, 2.0]), np.array([1.0]), np.zeros((0, 3)), None, 2, nout=2)
    add(np.array([1.0, 2.0]), np.array([1.0, 0.5]), np.zeros((1, 0)), None, 1, nout=2)
    add(np.array([1.0, 2.0, 3.0]), np.array([1.0]), np.zeros((2, 0, 3)), np.zeros((2, 0, 3)), 1, nout=2)
    return cases


def difference_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []

    def add(fname: str, *args: Any) -> None:
        cases.append(Case(f"sig-{fname}-{len(cases):03d}", fname, tuple(args)))

    shapes = ((6,), (1, 5), (5, 1), (4, 3), (3, 4), (2, 3, 4), (1, 1, 5), (1, 4, 3), (3, 1, 2), (1, 1))
    for i, s in enumerate(shapes):
        nd = max(len(s), 2) if s != (1, 1, 5) else 3
        for kind in ("int", "real", "complex"):
            x = _values(rng, s, kind)
            if kind == "real" and i % 2:
                x = _with_nan(rng, x, 0.2, inf=True)
            add("diff", x)
            add("diff", x, 1 + i % 3)
            add("diff", x, 1 + (i + 1) % 2, 1 + i % nd)
            add("cumprod", x)
            add("cumprod", x, 1 + (i + 2) % (nd + 1))
            add("trapz", x)
    # diff: an order beyond the first non-singleton dimension (Octave 7.3 restarts from x)
    for order in (0, 2, 3, 4, 5, 7):
        add("diff", np.array([1.0, 4.0, 9.0]), order)
        add("diff", np.array([[1.0, 2.0], [4.0, 8.0], [9.0, 27.0]]), order)
        add("diff", np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 7.0]]), order)
        add("diff", _values(rng, (2, 3, 2), "int"), order)
        add("diff", _values(rng, (3, 2), "real"), order, 1)
    add("diff", np.array(5.0))
    add("diff", np.zeros((0, 0)))
    add("diff", np.zeros((1, 0)))
    add("diff", np.zeros((0, 3)))
    add("diff", np.zeros((3, 0)))
    add("diff", np.zeros((3, 0)), 2)
    add("diff", np.array([1.0, 2.0, 3.0]), None, 2)
    # integer classes saturate; logical gives double; single stays single
    add("diff", np.array([1, 100, -100], np.int8))
    add("diff", np.array([5, 3, 1], np.uint8))
    add("diff", np.array([-100, 100], np.int8), 2)
    add("diff", np.array([1, 5, 2, 250], np.uint8), 2)
    add("diff", np.array([[30000, -30000], [-30000, 30000]], np.int16), 1, 2)
    add("diff", np.array([-(2**62), 2**62, -(2**62)], np.int64))
    add("diff", np.array([4000000000, 1, 4000000000], np.uint32), 2)
    add("diff", np.array([True, False, True]))
    add("diff", _values(rng, (3, 4), "real"), 2.0, 2.0)
    add("diff", _values(rng, (3, 4), "real"), np.array(1.0))
    add("cumprod", _values(rng, (3, 4), "real"), 2.0)
    add("cumprod", _values(rng, (2, 3, 2), "complex"), 3)
    add("cumprod", _values(rng, (2, 3, 2), "int"), 4)
    add("diff", _single(_values(rng, (4, 3), "real")), 2)
    add("diff", _single(_values(rng, (4,), "complex")))
    # cumprod: integers and logical give double, single stays single, dim 0 is the default
    add("cumprod", np.array([10, 10, 10], np.int8))
    add("cumprod", np.array([200, 2], np.uint8))
    add("cumprod", np.array([True, True, False]))
    add("cumprod", _single(_values(rng, (3, 3), "real")))
    add("cumprod", _values(rng, (3, 2), "real"), 0)
    add("cumprod", np.zeros((0, 3)))
    add("cumprod", np.zeros((3, 0)), 2)
    add("cumprod", _with_nan(rng, _values(rng, (4, 4), "real"), 0.3, inf=True), 2)
    # trapz: every argument form
    for s in ((6,), (5, 1), (4, 3), (2, 3, 4)):
        y = _values(rng, s, "real")
        n0 = next((n for n in (s if len(s) > 1 else (1, s[0])) if n != 1), 1)
        add("trapz", np.array(0.5), y)
        add("trapz", np.sort(_values(rng, (n0,), "real")), y)
        add("trapz", np.sort(_values(rng, (n0,), "real")).reshape(-1, 1), y)
        add("trapz", np.cumsum(np.abs(_values(rng, s, "real")), axis=0), y)
        add("trapz", y, 1)
        add("trapz", y, 2)
        add("trapz", np.arange(float(y.shape[-1] if y.ndim > 1 else y.size)), y, y.ndim if y.ndim > 1 else 2)
        add("trapz", _values(rng, s, "complex"))
        add("trapz", _single(y))
        add("trapz", np.arange(float(n0)), _single(y))
    add("trapz", np.array([1.0, 2.0, 3.0]), np.array([100, 100, 100], np.int8))
    add("trapz", np.array([0.5, 2.0, 3.0]), np.array([100, 30, -120], np.int8))
    add("trapz", np.array([100, 100, 100], np.int8))
    add("trapz", np.array([True, True, False]))
    add("trapz", np.zeros((0, 0)))
    add("trapz", np.zeros((1, 0)))
    add("trapz", np.array(5.0))
    add("trapz", np.array(2.0), np.array([1.0, 2.0, 3.0]))
    add("trapz", np.array([1.0, 2.0, 3.0]), np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), 2)
    add("trapz", np.array([[1.0], [2.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]), 2)
    add("trapz", _with_nan(rng, _values(rng, (5, 3), "real"), 0.2, inf=True))
    return cases


def error_cases() -> list[Case]:
    v = np.array([1.0, 2.0, 3.0])
    m = np.array([[1.0, 2.0], [3.0, 4.0]])
    calls: list[tuple[str, tuple[Any, ...], int]] = [
        ("conv", (m, v), 1),
        ("conv", (v, np.ones((2, 2, 2))), 1),
        ("conv", (np.zeros((0, 0)), v), 1),
        ("conv", (v,), 1),
        ("conv", (v, v, "foo"), 1),
        ("conv", (v, v, 3), 1),
        ("conv", (v, v, "Same"), 1),
        ("conv", (v, v, "FULL"), 1),
        ("conv2", (np.ones((2, 2, 2)), v), 1),
        ("conv2", (m, np.ones((2, 2, 2))), 1),
        ("conv2", (m, v, "foo"), 1),
        ("conv2", (m, v, "Valid"), 1),
        ("conv2", (m,), 1),
        ("conv2", (m, v, m), 1),
        ("conv2", (v, m, m, "same"), 1),
        ("conv2", (v, v, m, "fulll"), 1),
        ("filter", (np.array([1.0, 2.0]), np.array([0.0, 1.0]), v), 1),
        ("filter", (np.array([1.0, 2.0]), np.array([0.0]), v), 1),
        ("filter", (np.array([1.0, 2.0]), np.array([1.0, 1.0]), v, np.array([1.0, 2.0, 3.0])), 2),
        ("filter", (np.array([1.0, 2.0]), np.array([1.0, 1.0]), v, np.array([[1.0], [2.0]])), 2),
        (
            "filter",
            (np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.5]), np.ones((3, 2)), np.array([1.0, 2.0, 3.0, 4.0])),
            2,
        ),
        ("filter", (np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.5]), np.ones((3, 2)), np.array([[1.0], [2.0]])), 2),
        ("filter", (np.array([1.0, 2.0]), np.array([1.0]), m, None, 3), 1),
        ("filter", (np.array([1.0, 2.0]), np.array([1.0]), m, None, 0), 1),
        ("filter", (np.array([1.0, 2.0]), np.array([1.0]), v, np.array(5.0), 1), 1),
        ("filter", (np.array([1.0, 2.0]), np.array([1.0])), 1),
        ("filter", (np.array([2.0]), np.array([4.0]), v, np.array([1.0])), 1),
        ("filter", (np.array([1.0, 2.0]), np.array([1.0]), np.ones((2, 2, 2)), np.ones((1, 2))), 2),
        ("diff", (v, -1), 1),
        ("diff", (v, 1.5), 1),
        ("diff", (v, 1, 0), 1),
        ("diff", (v, 1, 3), 1),
        ("diff", (m, 1, 1.5), 1),
        ("diff", (v, np.array([1.0, 2.0])), 1),
        ("diff", (v, "a"), 1),
        ("cumprod", (v, -1), 1),
        ("cumprod", (v, 1.5), 1),
        ("trapz", (v, 3), 1),
        ("trapz", (v, 1.5), 1),
        ("trapz", (v, np.array([1.0, 2.0])), 1),
        ("trapz", (m, np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])), 1),
        ("trapz", (np.array([[1.0], [2.0], [3.0]]), np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])), 1),
        ("trapz", (v, m, 3), 1),
        ("trapz", (np.zeros((1, 0)), np.zeros((1, 0))), 1),
    ]
    return [
        Case(f"sig-err-{k:03d}", fname, args, nout, kwargs=(("nargout", nout),) if fname == "filter" else ())
        for k, (fname, args, nout) in enumerate(calls)
    ]


def build() -> list[Case]:
    rng = np.random.default_rng(SEED)
    return [*conv_cases(rng), *conv2_cases(rng), *filter_cases(rng), *difference_cases(rng)]


CASES = build()
ERROR_CASES = [*error_cases(), *FILTER_REFUSALS]
