"""Conformance cases of the rounding and rearranging group: round, fix, mod, rem, any, all,
circshift, rot90 (seeded: the same cases on every run).

Rows (NumPy 1-d and 1xN), columns, matrices, 3-d and 4-d arrays, NaN/Inf, halves, signed
zeros, empties, complex, single, every integer class and logical where Octave takes them, mixed
integer/double operands, every dim/n/k form, and the refusals (Octave's wording).
"""

from __future__ import annotations

import numpy as np
from octave_batch import Case

SHAPES: list[tuple[int, ...]] = [(5,), (1, 6), (4, 1), (3, 4), (2, 3, 4), (1, 1, 5), (3, 1, 2), (2, 2, 1, 2)]
INT_CLASSES = (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
HALVES = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])


def _real(rng: np.random.Generator, shape: tuple[int, ...], special: bool) -> np.ndarray:
    """Halves, near-halves, integers and ordinary values; with ``special`` NaN and +-Inf."""
    pool = np.concatenate(
        [
            rng.integers(-12, 13, 8) / 2,
            np.round(rng.normal(size=8) * 7, 3),
            [0.49999999999999994, -0.49999999999999994, 2.0**52 + 1, -(2.0**52) - 1, 1e15 + 0.5, -0.0],
        ]
    )
    a = rng.choice(pool, size=shape)
    if special:
        mask = rng.random(shape)
        a = np.where(mask < 0.1, np.nan, np.where(mask > 0.93, np.inf * np.sign(mask - 0.965), a))
    return a


def _round_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    for fname in ("round", "fix"):
        p = f"rnd-{fname}"
        cases.append(Case(f"{p}-halves", fname, (HALVES,)))
        cases.append(Case(f"{p}-halves-col", fname, (HALVES.reshape(-1, 1),)))
        cases.append(Case(f"{p}-specials", fname, (np.array([np.nan, np.inf, -np.inf, -0.4, 0.4, -0.0]),)))
        cases.append(Case(f"{p}-near-half", fname, (np.array([0.49999999999999994, 2.0**52 + 1, 2.0**53, 1e300]),)))
        for k in range(12):
            shape = SHAPES[k % len(SHAPES)]
            cases.append(Case(f"{p}-real-{k}", fname, (_real(rng, shape, special=k % 3 == 0),)))
        for k in range(6):
            shape = SHAPES[(k + 3) % len(SHAPES)]
            z = _real(rng, shape, k == 0) + 1j * _real(rng, shape, False)
            cases.append(Case(f"{p}-complex-{k}", fname, (z,)))
        for k in range(4):
            shape = SHAPES[(2 * k + 1) % len(SHAPES)]
            cases.append(Case(f"{p}-single-{k}", fname, (_real(rng, shape, k == 0).astype(np.float32),)))
        cases.append(Case(f"{p}-single-complex", fname, ((HALVES + 1j * HALVES[::-1]).astype(np.complex64),)))
        for cls in INT_CLASSES:
            info = np.iinfo(cls)
            cases.append(
                Case(f"{p}-{np.dtype(cls).name}", fname, (np.array([[info.min, 0, 7], [info.max, 1, 3]], dtype=cls),))
            )
        cases.append(Case(f"{p}-logical", fname, (np.array([[True, False, True]]),)))
        cases.append(Case(f"{p}-empty", fname, (np.zeros((0, 3)),)))
        cases.append(Case(f"{p}-empty-3d", fname, (np.zeros((2, 0, 3)),)))
        cases.append(Case(f"{p}-scalar", fname, (-3.5,)))
    return cases


def _pairs_signs() -> tuple[np.ndarray, np.ndarray]:
    x = np.array([5, -5, 5, -5, 0, -0.0, 0, -0.0, 3, -3, 3, -3, 7.5, -7.5, 1, -1])
    y = np.array([3, 3, -3, -3, 3, 3, -3, -3, 3, 3, -3, -3, 2, 2, 0.5, -0.5])
    return x, y


def _remainder_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    x_signs, y_signs = _pairs_signs()
    for fname in ("mod", "rem"):
        p = f"rnd-{fname}"
        cases.append(Case(f"{p}-signs", fname, (x_signs, y_signs)))
        cases.append(Case(f"{p}-zero-divisor", fname, (np.array([5, -5, 0, np.inf, -np.inf, np.nan, 2.5]), 0.0)))
        cases.append(Case(f"{p}-inf-divisor", fname, (np.array([5, -5, 0, np.inf, np.nan]), np.array([np.inf]))))
        cases.append(Case(f"{p}-minus-inf-divisor", fname, (np.array([5, -5, 0, -np.inf]), -np.inf)))
        cases.append(
            Case(f"{p}-inf-dividend", fname, (np.array([np.inf, -np.inf, np.nan, 4]), np.array([3, -3, 3, np.nan])))
        )
        tenths = np.arange(-30, 31) / 10
        cases.append(Case(f"{p}-exact-tenths", fname, (tenths, 0.1)))
        cases.append(Case(f"{p}-exact-tenths-neg", fname, (tenths, -0.1)))
        cases.append(
            Case(
                f"{p}-exact-mixed",
                fname,
                (
                    np.array([0.3, 1.0, 5.5, -5.5, 0.7, 2.2, 1e17, -1e17, 1e16 + 2]),
                    np.array([0.1, 0.1, 0.1, 0.1, 0.35, 1.1, 3.0, 3.0, 7.0]),
                ),
            )
        )
        cases.append(Case(f"{p}-minus-zero-divisor", fname, (np.array([5.0, -5.0, 0.0, -0.0]), -0.0)))
        for k, step in enumerate((0.1, 0.2, 0.3, 0.7, 1.1, 2.5, 1 / 3, 0.05)):
            multiples = rng.integers(-400, 401, size=(3, 5)).astype(np.float64) * step
            if k % 2:
                multiples = multiples + rng.choice([0.0, 1e-15, -1e-15, 1e-12], size=(3, 5))
            y = step if k % 3 else np.array([[step], [-step], [2 * step]])
            cases.append(Case(f"{p}-near-multiples-{k}", fname, (multiples, y)))
            if k < 4:
                single = (multiples.astype(np.float32), np.asarray(step, dtype=np.float32))
                cases.append(Case(f"{p}-near-multiples-single-{k}", fname, single))
        cases.append(Case(f"{p}-equal", fname, (np.array([2, -2, 0.1, -0.1]), np.array([2, -2, 0.1, -0.1]))))
        for k in range(14):
            sx = SHAPES[k % len(SHAPES)]
            x = _real(rng, sx, k % 4 == 0) * rng.choice([1, 10, 0.1])
            if k % 3 == 0:
                y = _real(rng, sx, k % 6 == 0)
            elif k % 3 == 1:
                y = float(rng.choice([2.5, -3.0, 0.7, -0.25]))
            else:
                y = _real(rng, (1,) * (len(sx) - 1) + (sx[-1],) if len(sx) > 1 else sx, False)
            cases.append(Case(f"{p}-real-{k}", fname, (x, y)))
        cases.append(
            Case(f"{p}-bcast-col-row", fname, (rng.normal(size=(3, 1)) * 9, np.array([[2.0, -3.0, 0.5, 0.0]])))
        )
        cases.append(
            Case(
                f"{p}-bcast-3d-col",
                fname,
                (np.arange(-6, 6, dtype=float).reshape(2, 3, 2) * 1.5, np.array([[3.0], [-4.0]])),
            )
        )
        cases.append(
            Case(
                f"{p}-bcast-3d-page",
                fname,
                (np.arange(-6, 6, dtype=float).reshape(2, 3, 2), np.array([2.0, 5.0]).reshape(1, 1, 2)),
            )
        )
        cases.append(Case(f"{p}-scalar-matrix", fname, (7.0, np.array([[2.0, -2.0], [0.0, 3.5]]))))
        cases.append(Case(f"{p}-empty", fname, (np.zeros((0, 3)), 2.0)))
        cases.append(Case(f"{p}-empty-bcast", fname, (np.zeros((0, 3)), np.ones((1, 3)))))
        cases.append(Case(f"{p}-empty-row", fname, (5.0, np.zeros((1, 0)))))
        for k in range(4):
            shape = SHAPES[(k + 2) % len(SHAPES)]
            x = _real(rng, shape, k == 0).astype(np.float32) * np.float32(3)
            y = np.float32(rng.choice([2.5, -3.0, 0.1, 7.0]))
            cases.append(Case(f"{p}-single-{k}", fname, (x, np.asarray(y))))
        cases.append(
            Case(
                f"{p}-single-big",
                fname,
                (np.array([1e8, -1e8, 16777217.0, 0.3], dtype=np.float32), np.array([3, 3, 2, 0.1], dtype=np.float32)),
            )
        )
        cases.append(Case(f"{p}-single-double", fname, (np.array([7.5, -7.5, 0.3], dtype=np.float32), 2.0)))
        cases.append(Case(f"{p}-double-single", fname, (np.array([7.5, -7.5, 0.3]), np.array(0.1, dtype=np.float32))))
        for cls in INT_CLASSES:
            info = np.iinfo(cls)
            name = np.dtype(cls).name
            signed = info.min < 0
            lo = max(int(info.min), -100)
            xs = np.array([lo, -7 if signed else 9, 7, 0, int(info.max), 5, 100], dtype=cls)
            ys = np.array([3, 3, -3 if signed else 4, 5, 7, 0, int(info.max)], dtype=cls)
            cases.append(Case(f"{p}-{name}", fname, (xs, ys)))
        cases.append(
            Case(
                f"{p}-int8-double",
                fname,
                (np.array([7, -7, 7, -7, 100, -100], dtype=np.int8), np.array([2.5, 2.5, -2.4, np.nan, 1e10, 0.4])),
            )
        )
        cases.append(
            Case(
                f"{p}-double-int8",
                fname,
                (np.array([7.6, -7.5, 5.5, np.nan, np.inf, -300.0]), np.array([3, -2, 0, 4, 5, 7], dtype=np.int8)),
            )
        )
        cases.append(
            Case(
                f"{p}-int32-double-scalar",
                fname,
                (np.array([[7, -7], [2147483647, -2147483647]], dtype=np.int32), -2.5),
            )
        )
        cases.append(
            Case(f"{p}-uint8-negative", fname, (np.array([5, 200, 255], dtype=np.uint8), np.array([-3.0, 7.0, 0.4])))
        )
        cases.append(
            Case(f"{p}-int16-single", fname, (np.array([7, -7, 300], dtype=np.int16), np.array(2.5, dtype=np.float32)))
        )
        cases.append(
            Case(
                f"{p}-int64-big",
                fname,
                (
                    np.array([-9223372036854775807, 9223372036854775807, 9007199254740993], dtype=np.int64),
                    np.array([10, -10, 2], dtype=np.int64),
                ),
            )
        )
        cases.append(
            Case(
                f"{p}-uint64-big",
                fname,
                (
                    np.array([18446744073709551615, 18446744073709551614], dtype=np.uint64),
                    np.array([10, 18446744073709551615], dtype=np.uint64),
                ),
            )
        )
        cases.append(
            Case(
                f"{p}-int8-bcast",
                fname,
                (np.arange(-6, 6, dtype=np.int8).reshape(3, 4), np.array([[3], [-4], [0]], dtype=np.int8)),
            )
        )
        cases.append(Case(f"{p}-int-empty", fname, (np.zeros((0, 3), dtype=np.int8), np.array(2, dtype=np.int8))))
    return cases


def _remainder_errors() -> list[Case]:
    cases: list[Case] = []
    for fname in ("mod", "rem"):
        p = f"rnd-{fname}-err"
        cases += [
            Case(f"{p}-nonconformant", fname, (np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]))),
            Case(f"{p}-nonconformant-col", fname, (np.ones((2, 1)), np.ones((3, 2)))),
            Case(f"{p}-nonconformant-empty", fname, (np.zeros((0, 3)), np.ones((2, 3)))),
            Case(f"{p}-complex-x", fname, (np.array([1 + 2j, 3]), 2.0)),
            Case(f"{p}-complex-y", fname, (5.0, np.array([2j]))),
            Case(f"{p}-logical-x", fname, (np.array([True, False]), 2.0)),
            Case(f"{p}-logical-y", fname, (np.array([3.0]), np.array([True]))),
            Case(f"{p}-logical-int", fname, (np.array([3], dtype=np.int8), np.array([True]))),
            Case(f"{p}-int8-int16", fname, (np.array([3], dtype=np.int8), np.array([2], dtype=np.int16))),
            Case(f"{p}-int32-uint32", fname, (np.array([3], dtype=np.int32), np.array([2], dtype=np.uint32))),
            Case(f"{p}-int-complex", fname, (np.array([3], dtype=np.int8), np.array([1 + 2j]))),
        ]
    return cases


def _truth_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    for fname in ("any", "all"):
        p = f"rnd-{fname}"
        for k in range(16):
            shape = SHAPES[k % len(SHAPES)]
            a = rng.choice(
                np.array([0.0, 0.0, 1.0, -2.5, np.nan])
                if fname == "any"
                else np.array([1.0, 1.0, 1.0, 3.0, 0.0, np.nan]),
                size=shape,
            )
            if k % 4 == 1:
                a = a * 0.0  # all zeros (NaN stays NaN)
            dim = None if k < 8 else [1, 2, 3, 4][k % 4]
            cases.append(Case(f"{p}-real-{k}", fname, (a,) if dim is None else (a, dim)))
        cases.append(Case(f"{p}-nan", fname, (np.array([np.nan, 0.0, np.nan]),)))
        cases.append(Case(f"{p}-nan-col", fname, (np.array([[np.nan], [1.0]]),)))
        cases.append(Case(f"{p}-nan-columns", fname, (np.full((3, 2), np.nan),)))
        cases.append(Case(f"{p}-nan-rows-8", fname, (np.hstack([np.full((2, 1), np.nan), np.ones((2, 7))]), 2)))
        cases.append(Case(f"{p}-nan-rows-9", fname, (np.hstack([np.full((2, 1), np.nan), np.ones((2, 8))]), 2)))
        cases.append(Case(f"{p}-nan-3d-dim3", fname, (np.full((2, 2, 3), np.nan), 3)))
        cases.append(Case(f"{p}-nan-1x1x3", fname, (np.full((1, 1, 3), np.nan),)))
        cases.append(Case(f"{p}-nan-dim-beyond-scalar", fname, (np.nan, 3)))
        cases.append(
            Case(
                f"{p}-complex-nan-part", fname, (np.array([complex(1, np.nan), complex(np.nan, 0), 0j]).reshape(3, 1),)
            )
        )
        cases.append(
            Case(f"{p}-complex-nan-rows", fname, (np.array([[complex(1, np.nan), 2j], [complex(np.nan, 1), 1]]), 2))
        )
        cases.append(
            Case(
                f"{p}-single-nan-long",
                fname,
                (np.hstack([np.full((2, 1), np.nan), np.ones((2, 9))]).astype(np.float32), 2),
            )
        )
        cases.append(Case(f"{p}-complex", fname, (np.array([[0, 1j, 0], [0, 0, 2 + 0j], [0, 1, 1j]]),)))
        cases.append(Case(f"{p}-complex-dim2", fname, (np.array([[0, 1j, 0], [0, 0, 0]]), 2)))
        cases.append(Case(f"{p}-single", fname, (np.array([[0, 0.1], [0, 0]], dtype=np.float32),)))
        cases.append(Case(f"{p}-single-nan", fname, (np.array([[np.nan, 1], [1, 1]], dtype=np.float32), 2)))
        for cls in (np.int8, np.uint16, np.int64, np.uint64):
            cases.append(
                Case(f"{p}-{np.dtype(cls).name}", fname, (np.array([[0, 3], [0, int(np.iinfo(cls).max)]], dtype=cls),))
            )
        cases.append(Case(f"{p}-logical", fname, (np.array([[True, False], [True, True]]),)))
        cases.append(Case(f"{p}-logical-row", fname, (np.array([True, True, False]),)))
        cases.append(Case(f"{p}-empty-0x0", fname, (np.zeros((0, 0)),)))
        cases.append(Case(f"{p}-empty-0x0-dim1", fname, (np.zeros((0, 0)), 1)))
        cases.append(Case(f"{p}-empty-0x0-dim2", fname, (np.zeros((0, 0)), 2)))
        cases.append(Case(f"{p}-empty-0x0-dim3", fname, (np.zeros((0, 0)), 3)))
        cases.append(Case(f"{p}-empty-0x3", fname, (np.zeros((0, 3)),)))
        cases.append(Case(f"{p}-empty-0x3-dim2", fname, (np.zeros((0, 3)), 2)))
        cases.append(Case(f"{p}-empty-3x0", fname, (np.zeros((3, 0)),)))
        cases.append(Case(f"{p}-empty-3x0-dim2", fname, (np.zeros((3, 0)), 2)))
        cases.append(Case(f"{p}-empty-1x0", fname, (np.zeros((1, 0)),)))
        cases.append(Case(f"{p}-empty-0x1", fname, (np.zeros((0, 1)),)))
        cases.append(Case(f"{p}-empty-0x0x3", fname, (np.zeros((0, 0, 3)),)))
        cases.append(Case(f"{p}-empty-1x0x3", fname, (np.zeros((1, 0, 3)),)))
        cases.append(Case(f"{p}-dim0", fname, (np.array([[0.0, 1.0], [0.0, 0.0]]), 0)))
        cases.append(Case(f"{p}-dim-1.5", fname, (np.array([[0.0, 1.0], [0.0, 0.0]]), 1.5)))
        cases.append(Case(f"{p}-dim-2.7", fname, (np.array([[0.0, 1.0], [0.0, 0.0]]), 2.7)))
        cases.append(Case(f"{p}-dim-beyond", fname, (np.array([[0.0, 1.0], [np.nan, 0.0]]), 5)))
        cases.append(Case(f"{p}-scalar", fname, (0.0,)))
        cases.append(Case(f"{p}-1x1x4", fname, (np.array([0.0, 0.0, 1.0, 0.0]).reshape(1, 1, 4),)))
    return cases


def _truth_errors() -> list[Case]:
    return [
        Case("rnd-any-err-dim-neg", "any", (np.ones((2, 2)), -1)),
        Case("rnd-all-err-dim-neg", "all", (np.ones((2, 2)), -3)),
        Case("rnd-any-err-dim-neg-frac", "any", (np.ones((2, 2)), -2.5)),
    ]


def _circshift_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    p = "rnd-circshift"
    for k in range(20):
        shape = SHAPES[k % len(SHAPES)]
        x = np.round(rng.normal(size=shape) * 10, 2)
        if k % 5 == 0:
            x = x + 1j * np.round(rng.normal(size=shape), 2)
        n = int(rng.integers(-9, 10))
        if k < 10:
            cases.append(Case(f"{p}-{k}", "circshift", (x, n)))
        else:
            dim = int(rng.integers(1, len(np.shape(x)) + 1)) if len(np.shape(x)) > 1 else 2
            cases.append(Case(f"{p}-dim-{k}", "circshift", (x, n, dim)))
    m = np.arange(1.0, 13.0).reshape(3, 4)
    a3 = np.arange(1.0, 25.0).reshape(2, 3, 4)
    cases += [
        Case(f"{p}-row-1", "circshift", (np.arange(1.0, 5.0), 1)),
        Case(f"{p}-row-dim1", "circshift", (np.arange(1.0, 5.0), 1, 1)),
        Case(f"{p}-col", "circshift", (np.arange(1.0, 5.0).reshape(4, 1), -1)),
        Case(f"{p}-vec-2", "circshift", (m, np.array([1.0, -1.0]))),
        Case(f"{p}-vec-col", "circshift", (m, np.array([[2.0], [3.0]]))),
        Case(f"{p}-vec-1", "circshift", (a3, np.array([0.0, 2.0]))),
        Case(f"{p}-vec-3", "circshift", (a3, np.array([1.0, -2.0, 5.0]))),
        Case(f"{p}-3d-dim3", "circshift", (a3, 1, 3)),
        Case(f"{p}-4d", "circshift", (np.arange(16.0).reshape(2, 2, 1, 4), np.array([1.0, 1.0, 0.0, -1.0]))),
        Case(f"{p}-large", "circshift", (m, 1000001)),
        Case(f"{p}-large-neg", "circshift", (m, -1000001, 2)),
        Case(f"{p}-dim0", "circshift", (m, 1, 0)),
        Case(f"{p}-dim-neg", "circshift", (m, 1, -2)),
        Case(f"{p}-dim-float", "circshift", (m, 1, 2.0)),
        Case(f"{p}-n-float", "circshift", (m, 2.0)),
        Case(f"{p}-n-int8", "circshift", (m, np.array(1, dtype=np.int8))),
        Case(f"{p}-scalar", "circshift", (5.0, 3)),
        Case(f"{p}-1x1x3", "circshift", (np.arange(1.0, 4.0).reshape(1, 1, 3), 1)),
        Case(f"{p}-nan", "circshift", (np.array([[np.nan, 1.0, np.inf]]), 1)),
        Case(f"{p}-single", "circshift", (np.arange(6, dtype=np.float32).reshape(2, 3), 1, 2)),
        Case(f"{p}-int16", "circshift", (np.arange(6, dtype=np.int16).reshape(2, 3), -1)),
        Case(f"{p}-uint64", "circshift", (np.array([18446744073709551615, 1, 2], dtype=np.uint64), 1)),
        Case(f"{p}-logical", "circshift", (np.array([[True, False, False]]), 1)),
        Case(f"{p}-empty", "circshift", (np.zeros((0, 3)), 1)),
        Case(f"{p}-empty-any-n", "circshift", (np.zeros((0, 3)), 1.5)),
        Case(f"{p}-empty-long-n", "circshift", (np.zeros((0, 3)), np.array([1.0, 2.0, 3.0, 4.0]))),
    ]
    return cases


def _circshift_errors() -> list[Case]:
    p = "rnd-circshift-err"
    m = np.arange(1.0, 13.0).reshape(3, 4)
    return [
        Case(f"{p}-vector-with-dim", "circshift", (m, np.array([1.0, 2.0]), 1)),
        Case(f"{p}-too-long", "circshift", (m, np.array([1.0, 2.0, 3.0]))),
        Case(f"{p}-too-long-row", "circshift", (np.arange(4.0), np.array([1.0, 0.0, 1.0]))),
        Case(f"{p}-matrix-n", "circshift", (m, np.ones((2, 2)))),
        Case(f"{p}-dim-beyond", "circshift", (m, 1, 3)),
        Case(f"{p}-non-integer", "circshift", (m, 1.5)),
        Case(f"{p}-non-integer-vec", "circshift", (m, np.array([1.0, 0.5]))),
        Case(f"{p}-nan", "circshift", (m, np.nan)),
        Case(f"{p}-dim-frac", "circshift", (m, 1, 1.5)),
        Case(f"{p}-dim-frac-2", "circshift", (m, 1, 2.5)),
    ]


def _rot90_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    p = "rnd-rot90"
    shapes = [(3, 4), (4, 3), (2, 3, 2), (5,), (4, 1), (2, 2, 1, 2), (3, 2, 1, 2), (1, 1), (2, 5)]
    for k in range(22):
        shape = shapes[k % len(shapes)]
        x = np.round(rng.normal(size=shape) * 10, 2)
        if k % 4 == 3:
            x = x + 1j * np.round(rng.normal(size=shape), 2)
        turns = int(rng.integers(-9, 10))
        cases.append(Case(f"{p}-{k}", "rot90", (x,) if k % 7 == 0 else (x, turns)))
    m = np.arange(1.0, 7.0).reshape(2, 3)
    for turns in (-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 103):
        cases.append(Case(f"{p}-k{turns}", "rot90", (m, turns)))
    cases += [
        Case(f"{p}-k-float", "rot90", (m, 3.0)),
        Case(f"{p}-k-int8", "rot90", (m, np.array(3, dtype=np.int8))),
        Case(f"{p}-single", "rot90", (m.astype(np.float32), 1)),
        Case(f"{p}-int32", "rot90", (np.arange(6, dtype=np.int32).reshape(2, 3), -1)),
        Case(f"{p}-uint8-3d", "rot90", (np.arange(12, dtype=np.uint8).reshape(2, 3, 2), 2)),
        Case(f"{p}-logical", "rot90", (np.array([[True, False, False]]), 1)),
        Case(f"{p}-nan", "rot90", (np.array([[np.nan, 1.0], [np.inf, -0.0]]), 3)),
        Case(f"{p}-empty", "rot90", (np.zeros((0, 3)),)),
        Case(f"{p}-empty-3d", "rot90", (np.zeros((2, 0, 3)), 2)),
        Case(f"{p}-row", "rot90", (np.arange(1.0, 5.0),)),
    ]
    return cases


def _rot90_errors() -> list[Case]:
    p = "rnd-rot90-err"
    m = np.arange(1.0, 7.0).reshape(2, 3)
    return [
        Case(f"{p}-frac", "rot90", (m, 1.5)),
        Case(f"{p}-vector", "rot90", (m, np.array([1.0, 2.0]))),
        Case(f"{p}-complex", "rot90", (m, np.array(1j))),
        Case(f"{p}-nan", "rot90", (m, np.nan)),
        Case(f"{p}-inf", "rot90", (m, np.inf)),
        Case(f"{p}-logical", "rot90", (m, np.array(True))),
    ]


def build_cases() -> list[Case]:
    rng = np.random.default_rng(20260515)
    return [
        *_round_cases(rng),
        *_remainder_cases(rng),
        *_truth_cases(rng),
        *_circshift_cases(rng),
        *_rot90_cases(rng),
    ]


CASES = build_cases()


def _usage_errors() -> list[Case]:
    """Octave's "Invalid call to NAME": MATLAB's round(x, digits), a missing argument."""
    m = np.array([[1.25, -2.5]])
    return [
        Case("rnd-round-err-digits", "round", (m, 1)),
        Case("rnd-round-err-digits-0", "round", (m, 0)),
        Case("rnd-fix-err-digits", "fix", (m, 2)),
        Case("rnd-mod-err-one-arg", "mod", (m,)),
        Case("rnd-rem-err-one-arg", "rem", (m,)),
        Case("rnd-circshift-err-no-n", "circshift", (m,)),
    ]


ERROR_CASES = [
    *_remainder_errors(),
    *_truth_errors(),
    *_circshift_errors(),
    *_rot90_errors(),
    *_usage_errors(),
]
