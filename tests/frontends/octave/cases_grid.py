"""Conformance cases of the "interpolation, ranges and grids" group: interp1, linspace, colon,
meshgrid, ndgrid (ids ``grd-``), answered by octave-cli in the shared batch (conftest.py).

Numbers that must reach Octave as doubles are Python floats or float64 arrays (a Python int is
an Octave literal, also a double); integer classes and single travel as 0-d NumPy arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from octave_batch import Case

CASES: list[Case] = []
ERROR_CASES: list[Case] = []


def _add(fname: str, *args: Any, nout: int = 1, error: bool = False) -> None:
    target = ERROR_CASES if error else CASES
    kwargs: tuple[tuple[str, Any], ...] = (("nargout", nout),) if fname in ("meshgrid", "ndgrid") else ()
    target.append(Case(f"grd-{fname}-{len(CASES) + len(ERROR_CASES)}", fname, args, nout=nout, kwargs=kwargs))


rng = np.random.default_rng(20261202)

# ------------------------------------------------------------------ interp1
X4 = np.array([1.0, 2.0, 3.0, 4.0])
Y4 = np.array([10.0, 20.0, 15.0, 5.0])
XI = np.array([0.0, 1.0, 1.5, 2.0, 2.5, 3.7, 4.0, 4.5])
METHODS = ("linear", "nearest", "previous", "next", "pchip", "cubic", "spline")

for method in METHODS:
    _add("interp1", X4, Y4, XI, method)
    _add("interp1", X4, Y4, XI, method, "extrap")
    _add("interp1", X4, Y4, XI, method, -1.5)
    _add("interp1", X4.reshape(-1, 1), Y4, XI.reshape(-1, 1), method)  # column x, column xi
    _add("interp1", X4, Y4.reshape(-1, 1), XI.reshape(2, 4), method)  # matrix xi: xi's shape
    _add("interp1", X4, Y4, XI.reshape(2, 2, 2), method, "extrap")  # 3-d xi
    _add("interp1", np.array([3.0, 1.0, 4.0, 2.0]), Y4, XI, method)  # unsorted x: Octave sorts
    _add("interp1", X4[::-1].copy(), Y4, XI, method)  # descending x: kept, ties flip
    _add("interp1", X4[::-1].copy(), Y4, XI, method, "extrap")
    _add("interp1", X4, np.column_stack([Y4, 2 * Y4, -Y4]), XI, method)  # matrix y, row xi
    _add("interp1", X4, np.column_stack([Y4, Y4**2]), XI.reshape(-1, 1), method, "extrap")
    _add("interp1", X4, np.column_stack([Y4, Y4**2]), XI.reshape(2, 4), method, "extrap")
    _add("interp1", X4, np.column_stack([Y4, Y4**2]), 2.5, method)  # scalar xi: 1 x nc
    _add("interp1", X4, Y4 + 1j * Y4[::-1], XI, method)  # complex y
    _add("interp1", X4, Y4.astype(np.float32), XI, method)  # single y
    _add("interp1", X4, Y4, XI.astype(np.float32), method)  # single xi
    _add("interp1", np.array([1.0, 2.0]), np.array([3.0, 5.0]), XI / 2, method, "extrap")  # 2 points
    _add("interp1", np.array([1.0, 2.0, 4.0]), np.array([3.0, 5.0, -1.0]), XI, method, "extrap")  # 3
    _add("interp1", X4, Y4, np.array([1.5, np.nan, 5.0, -np.inf, np.inf]), method)  # NaN/Inf xi
    _add("interp1", Y4, XI, method)  # two-argument form: x = 1:n
    _add("interp1", X4, Y4, 2.5, method.upper())  # the method is case-insensitive
    _add("interp1", X4, Y4, np.zeros((0, 3)), method)  # empty xi keeps its shape
    _add("interp1", X4, Y4, XI, "extrap", method)  # options in any order
    xs = np.sort(rng.uniform(-5, 5, 9))
    ys = rng.normal(size=(9, 2))
    _add("interp1", xs, ys, rng.uniform(-6, 6, 11), method)
    _add("interp1", xs, ys[:, 0], rng.uniform(-6, 6, (3, 4)), method, "extrap")
    if method not in ("pchip", "cubic"):  # NaN in y (pchip with NaN is refused)
        _add("interp1", X4, np.array([1.0, np.nan, 3.0, 4.0]), XI, method)

# repeated x: linear takes the later value at the jump; nearest allows it too
_add("interp1", np.array([1.0, 2.0, 2.0, 4.0]), Y4, np.array([1.5, 2.0, 2.5, 3.9]))
_add("interp1", np.array([1.0, 2.0, 2.0, 4.0]), Y4, np.array([1.5, 2.0, 2.5, 3.9]), "nearest")
_add("interp1", np.array([4.0, 2.0, 2.0, 1.0]), Y4, np.array([1.5, 2.0, 2.5, 3.9]))
_add("interp1", np.array([3.0, 2.0, 1.0, 2.0]), Y4, np.array([1.5, 2.0, 2.5, 2.9]), "linear", "extrap")
# a logical EXTRAP is not isnumeric in interp1.m: true and false both extrapolate
for _method in ("linear", "nearest", "pchip"):
    _add("interp1", X4, Y4, XI, _method, np.array(True))
_add("interp1", X4, Y4, np.array([-3.0, 2.5, 9.0]), "linear", np.array(False))
_add("interp1", X4, Y4, XI, "spline", True)
_add("interp1", X4, Y4, XI, "linear", 0.0)
_add("interp1", X4, Y4, XI, "linear", np.nan)
_add("interp1", X4, Y4, XI, "spline", 7)
_add("interp1", X4.astype(np.float32), Y4, XI, "linear")
_add("interp1", X4.astype(np.float32), Y4, XI, "nearest")
_add("interp1", X4.astype(np.float32), Y4, XI, "pchip")
_add("interp1", X4, (Y4 + 1j).astype(np.complex64), XI, "spline")
_add("interp1", X4, Y4, XI, "previous", "extrap")
_add("interp1", np.arange(1.0, 6.0), np.array([1.0, np.nan, 3.0, np.nan, 5.0]), XI, "spline")
_add("interp1", np.arange(1.0, 6.0), np.column_stack([np.arange(5.0), [1, np.nan, 2, 4, 0]]), XI, "spline")

# random data: uneven spacing, flat stretches and sign changes (pchip's shape rules), long x
for trial in range(12):
    n = int(rng.integers(4, 30))
    xs = np.cumsum(rng.uniform(0.05, 2.0, n)) - 3.0
    ys = np.round(rng.normal(size=n), 1)
    ys[rng.integers(0, n, 2)] = 0.0
    if trial % 3 == 0:
        ys[1:3] = ys[0]  # a flat stretch
    q = np.concatenate([xs[[0, -1]], rng.uniform(xs[0] - 1, xs[-1] + 1, 9)])
    for method in ("pchip", "spline", "linear", "nearest"):
        _add("interp1", xs, ys, q, method, "extrap" if trial % 2 else 0.5)

# a NaN xi with 'extrap': NaN for the polynomial methods; the step methods find a piece
for method in ("nearest", "previous", "next", "linear", "spline"):
    for xs4 in (X4, X4[::-1].copy(), np.array([3.0, 1.0, 2.0, 4.0])):
        _add("interp1", xs4, Y4, np.array([np.nan, 2.0, 2.5]), method, "extrap")
# matrix y and matrix xi: fine while every point is inside the data
_add("interp1", X4, np.column_stack([Y4, X4]), np.array([[1.5, 2.0], [2.5, 3.0]]))
_add("interp1", X4, np.column_stack([Y4, X4]), np.array([[1.5, 2.0], [2.5, 3.0]]), "pchip", 0.0)
_add("interp1", X4, np.array([True, False, True, True]), XI)  # logical y: double

# refusals with Octave's wording
_add("interp1", np.array([1.0]), np.array([2.0]), 1.0, error=True)
_add("interp1", X4, Y4, 2.5, "foo", error=True)
_add("interp1", X4, Y4, 2.5, "quadratic", error=True)
for method in ("pchip", "cubic", "spline", "previous", "next"):
    _add("interp1", np.array([1.0, 2.0, 2.0, 4.0]), Y4, 1.5, method, error=True)
_add("interp1", X4, np.column_stack([Y4, Y4]), XI.reshape(2, 4), error=True)
_add("interp1", X4, np.column_stack([Y4, Y4]), XI.reshape(2, 4), "pchip", error=True)

# ------------------------------------------------------------------ linspace
for a, b in ((0.0, 1.0), (1.0, 0.0), (-3.5, 7.25), (0.1, 0.7), (-1.0, 1.0), (5.0, 5.0), (1e-3, 1e3)):
    for n in (0, 1, 2, 3, 4, 5, 10, 11):
        _add("linspace", a, b, n)
    _add("linspace", a, b)  # n = 100
for n in (2.7, -2, 3.5, np.nan, -np.inf):
    _add("linspace", 0.0, 1.0, n)
for _ in range(20):
    _add("linspace", float(rng.normal() * 10), float(rng.normal() * 10), int(rng.integers(2, 40)))
_add("linspace", np.array([[1.0], [2.0]]), np.array([[3.0], [5.0]]), 3)
_add("linspace", np.array([1.0, 2.0]), np.array([3.0, 5.0]), 4)
_add("linspace", 1.0, np.array([[3.0], [5.0], [-1.0]]), 5)
_add("linspace", np.array([1.0, 2.0, 3.0]), 0.0, 6)
_add("linspace", np.array([[1.0], [2.0]]), np.array([[3.0], [4.0]]), 0)
_add("linspace", np.array([[1.0], [2.0]]), np.array([[3.0], [4.0]]), 1)
for _ in range(6):
    _add("linspace", np.array(rng.normal() * 5, dtype=np.float32), float(rng.normal() * 5), int(rng.integers(2, 30)))
_add("linspace", np.array(0.0, dtype=np.float32), 1.0, 7)
_add("linspace", 0.0, np.array(1.0, dtype=np.float32), 6)
_add("linspace", np.array(1.0 + 1.0j), 2.0, 3)
_add("linspace", np.array(1.0j), np.array(2.0j), 4)
_add("linspace", 0.0, np.inf, 3)
_add("linspace", -np.inf, np.inf, 3)
_add("linspace", np.inf, 1.0, 3)
_add("linspace", np.nan, 1.0, 4)
_add("linspace", -1e308, 1e308, 4)
_add("linspace", np.array(3, dtype=np.int8), 10.0, 4)  # an integer class gives double
_add("linspace", 0.0, 1.0, np.array([2.0, 3.0]), error=True)
_add("linspace", np.ones((2, 2)), 3.0, 2, error=True)
_add("linspace", np.array([[1.0], [2.0]]), np.array([[3.0], [5.0], [6.0]]), 3, error=True)
_add("linspace", 0.0, 1.0, np.inf, error=True)

# ------------------------------------------------------------------ colon (Octave's ranges)
for base, inc, limit in (
    (0.0, 0.1, 1.0),
    (1.8, 0.05, 1.9),
    (0.0, 0.1, 0.3),
    (0.0, 1 / 3, 1.0),
    (1.0, 0.2, 2.0),
    (2.5, -0.5, 0.0),
    (3.0, -1.0, 1.0),
    (1.0, 0.5, 3.0),
    (-0.0, 1.0, 3.0),
    (-5.0, 1.0, -0.0),
    (1e-20, 1e-20, 3e-20),
    (0.0, 0.1, 0.05),
    (0.0, 1.0, 0.0),
    (1.0, 0.0, 3.0),
    (1.0, 1.0, 0.0),
    (0.0, -1.0, 1.0),
    (np.nan, 1.0, 3.0),
    (1.0, np.nan, 3.0),
    (1.0, 1.0, np.nan),
    (0.0, np.inf, 3.0),
    (3.0, -np.inf, 1.0),
    (np.inf, 1.0, 3.0),
    (0.0, 1.0, -np.inf),
    (1.0, -np.inf, 3.0),
    (-2.5, 1 / 3, -2.1666666666666674),
    (6.5, 1 / 3, 6.833333333333332),
    (1e16, 1.0, 1e16 + 4),
    (0.1, 0.1, 0.7),
    (-1.0, 0.1, 1.0),
    (10.0, -0.3, -2.0),
):
    _add("colon", base, inc, limit)
for base, limit in ((1.0, 5.0), (1.0, 0.0), (0.5, 3.2), (-2.0, 2.0), (5.0, 5.0), (np.nan, 1.0)):
    _add("colon", base, limit)
for _ in range(40):
    base = float(np.round(rng.normal() * 5, 1))
    inc = float(rng.choice([0.1, 0.2, 0.3, 0.05, 0.7, 1 / 3, 0.01, -0.1, -0.3, 2.5]))
    limit = base + inc * int(rng.integers(0, 60)) + float(rng.choice([0.0, 1e-15, -1e-15, 0.05]))
    _add("colon", base, inc, limit)
for base, inc, limit in (
    (0.0, 0.1, 1.0),
    (0.0, 1 / 3, 1.0),
    (1.0, 0.5, 3.0),
    (1.8, 0.05, 1.9),
    (2.5, -0.5, 0.0),
    (1.0, 0.0, 3.0),
    (1.0, np.nan, 2.0),
):
    _add("colon", np.array(base, dtype=np.float32), inc, limit)  # single
    _add("colon", base, np.array(inc, dtype=np.float32), limit)
for _ in range(15):  # single ranges with random floating steps
    base = float(np.round(rng.normal() * 3, 2))
    inc = float(rng.choice([0.1, 0.3, 0.05, 1 / 3, -0.1, -0.7, 0.01]))
    limit = base + inc * int(rng.integers(0, 40)) + float(rng.choice([0.0, 1e-7, -1e-7]))
    _add("colon", np.array(base, dtype=np.float32), np.array(inc, dtype=np.float32), limit)
for _ in range(8):  # integer ranges with negative and large steps
    cls = rng.choice([np.int8, np.int16, np.int32, np.uint8])
    b = int(rng.integers(0, 100))
    _add("colon", np.array(b, dtype=cls), float(rng.choice([-7, -3, 2, 9, 25])), float(rng.integers(0, 120)))
for cls in (np.int8, np.uint8, np.int16, np.int32, np.uint16, np.int64):
    _add("colon", np.array(1, dtype=cls), 7.0)
    _add("colon", np.array(1, dtype=cls), 2.0, 8.0)
    _add("colon", 1.0, np.array(3, dtype=cls), 10.0)
    _add("colon", np.array(5, dtype=cls), -1.0, 1.0)
    _add("colon", np.array(5, dtype=cls), 1.0)  # empty
    _add("colon", np.array(1, dtype=cls), 3.5, error=True)  # not an integer
    _add("colon", np.array(1, dtype=cls), 0.5, 3.0, error=True)
_add("colon", 0.0, None, 3.0)  # Octave's colon(0, [], 3): empty
_add("colon", np.zeros((1, 0)), 3.0)
_add("colon", np.array(1, dtype=np.int8), 1.0, np.zeros((0, 0)))
_add("colon", np.array(-128, dtype=np.int8), 100.0, 127.0)
_add("colon", np.array(100, dtype=np.int8), np.array(50, dtype=np.int8), np.array(127, dtype=np.int8))
_add("colon", np.array(250, dtype=np.uint8), 10.0, 255.0)
_add("colon", np.array(1, dtype=np.int8), -300.0, 3.0)
_add("colon", np.array(1, dtype=np.int8), 300.0, error=True)
_add("colon", 1.5, np.array(3, dtype=np.int8), error=True)
# 64-bit classes at their ends: uint64 beyond 2^63, an increment beyond int64
_U64 = np.uint64
_add("colon", np.array(2**64 - 3, dtype=_U64), np.array(2**64 - 1, dtype=_U64))
_add("colon", np.array(0, dtype=_U64), np.array(2**63, dtype=_U64), np.array(2**64 - 1, dtype=_U64))
_add("colon", np.array(2**64 - 1, dtype=_U64), -1.0, np.array(2**64 - 3, dtype=_U64))
_add(
    "colon", np.array(2**63 - 1, dtype=np.int64), np.array(-(2**63), dtype=np.int64), np.array(-(2**63), dtype=np.int64)
)
_add("colon", np.array(0, dtype=np.int64), 1e19, np.array(2**63 - 1, dtype=np.int64))
_add("colon", np.array(1, dtype=np.int8), np.array(3, dtype=np.int16), error=True)
_add("colon", np.array(1, dtype=np.int8), np.array(3.0, dtype=np.float32), error=True)
_add("colon", 1.0, np.inf, error=True)
_add("colon", -np.inf, 1.0, 0.0, error=True)
_add("colon", 0.0, -1.0, -np.inf, error=True)

# ------------------------------------------------------------------ meshgrid / ndgrid
V3, V2, V4 = np.array([1.0, 2.0, 3.0]), np.array([[4.0], [5.0]]), np.array([-1.0, 0.5, 2.0, 7.0])
for k in (1, 2):
    _add("meshgrid", V3, V2, nout=k)
    _add("meshgrid", V3, nout=k)
    _add("meshgrid", V4.reshape(-1, 1), V3, nout=k)
    _add("meshgrid", V3, V2, V4, nout=k)
    _add("meshgrid", np.array([1.0 + 2.0j, 3.0]), V3, nout=k)
    _add("meshgrid", V3.astype(np.float32), np.array([4, 5], dtype=np.int8), nout=k)
    _add("meshgrid", 2.5, V3, nout=k)
_add("meshgrid", V3, V2, nout=3)  # z = y
_add("meshgrid", V3, nout=3)
_add("meshgrid", V3, V2, V4, nout=3)
_add("meshgrid", np.array([4, 5], dtype=np.uint8), V3, V2, nout=3)
_add("meshgrid", np.ones((2, 2)), V3, error=True)
_add("meshgrid", np.zeros((0, 0)), error=True)
_add("meshgrid", V3, V2, np.ones((2, 2)), nout=3, error=True)
_add("meshgrid", V3, nout=4, error=True)
for k in (1, 2, 3):
    _add("ndgrid", V3, nout=k)
    _add("ndgrid", V2, nout=k)
_add("ndgrid", V3, V2, nout=1)
_add("ndgrid", V3, V2, nout=2)
_add("ndgrid", V3, V2, V4, nout=1)
_add("ndgrid", V3, V2, V4, nout=2)
_add("ndgrid", V3, V2, V4, nout=3)
_add("ndgrid", V3, V2, V4, V3, nout=4)
_add("ndgrid", V3, np.array([1, 2], dtype=np.int16), nout=2)
_add("ndgrid", np.array([1.0j, 2.0]), V3.astype(np.float32), nout=2)
_add("ndgrid", V3, np.zeros((1, 0)), nout=2)
_add("ndgrid", np.zeros((0, 0)), nout=1)
_add("ndgrid", 4.0, V3, nout=2)
_add("ndgrid", V3, V2, nout=3, error=True)
_add("ndgrid", np.ones((2, 2)), nout=1, error=True)
_add("ndgrid", V3, np.ones((2, 3)), nout=2, error=True)
# a range longer than Octave's index type: Octave's "invalid range", refused before allocating
_add("colon", 0.0, 1e-300, 1.0, error=True)
