"""Octave's ``kron(A, B, ...)``: the Kronecker product of matrices (N-d operands folded to 2-d).

Element ``(i, j)`` (1-based) of ``kron(A, B)`` with ``B`` of size ``rb x cb`` is
``A(ceil(i / rb), ceil(j / cb)) * B(mod(i - 1, rb) + 1, mod(j - 1, cb) + 1)``: block ``(p, q)``
is ``A(p, q) * B``. For 2-d operands this is ``np.kron``. The traps: Octave reads a NumPy 1-d array
as a 1xN row and keeps the result 2-d (``np.kron`` of two 1-d arrays is 1-d), folds an N-d
operand to ``rows x prod(rest)`` (``np.kron`` of 3-d arrays makes 3-d blocks), converts integer
and logical classes to double, and multiplies a real by a complex factor part by part (so a real
``Inf`` times ``0+1i`` is ``NaN+Infi`` in both, but a real ``1`` times ``1+Infi`` stays
``1+Infi`` where NumPy's complex product gives ``NaN+Infi``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocation
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    fmt_shape,
    fmt_value,
    octave_ref,
    quiet,
    resolve_index,
    scalar,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, section
from arraylens.frontends.octave.numpy_calls import Given, given, prepared


def _kron2(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Kronecker product of two 2-d arrays; a real factor scales a complex one part by part."""
    rx, cx = x.shape
    ry, cy = y.shape
    if np.iscomplexobj(x) == np.iscomplexobj(y):
        return np.kron(x, y)
    real, cplx, real_first = (x, y, True) if not np.iscomplexobj(x) else (y, x, False)

    def part(p: np.ndarray) -> np.ndarray:
        return np.kron(real, p) if real_first else np.kron(p, real)

    out = np.empty((rx * ry, cx * cy), np.result_type(x, y))
    out.real, out.imag = part(cplx.real), part(cplx.imag)
    return out


def _operand(x: Any, k: int) -> tuple[np.ndarray, Given]:
    arr = as_octave_array(x, "kron", f"A{k}", allow_empty=True)
    if arr.ndim > 2:
        arr = arr.reshape(arr.shape[0], -1, order="F")
    return arr, given(x)


@dataclass(frozen=True)
class KronPlan:
    """``kron(A1, A2, ...)`` of two or more operands (folded left to right)."""

    xs: tuple[np.ndarray, ...]  # 2-d, float class of the result
    sources: tuple[Given, ...]
    shapes: tuple[tuple[int, ...], ...]  # the operands' Octave shapes
    names: tuple[str, ...]  # the Python names of the operands in numpy_call

    @property
    def out_shape(self) -> tuple[int, int]:
        r = int(np.prod([x.shape[0] for x in self.xs]))
        c = int(np.prod([x.shape[1] for x in self.xs]))
        return r, c

    @quiet
    def compute(self) -> np.ndarray:
        return reduce(_kron2, self.xs)

    def numpy_call(self) -> str:
        srcs = []
        for x, g, shape, name in zip(self.xs, self.sources, self.shapes, self.names, strict=True):
            src = prepared(name, g, shape, x.dtype)
            if len(shape) > 2:
                src = f"({src}).reshape({shape[0]}, -1, order='F')"
            srcs.append(src)
        lines: list[str] = []
        acc = srcs[0]
        complex_seen = np.iscomplexobj(self.xs[0])
        for k, (x, src) in enumerate(zip(self.xs[1:], srcs[1:], strict=True), start=1):
            if np.iscomplexobj(x) == complex_seen:
                expr = f"np.kron({acc}, {src})"
            else:  # a real factor scales the complex one part by part, as Octave does
                z, r = (acc, src) if complex_seen else (src, acc)
                pr = f"np.kron({{}}, {r})" if complex_seen else f"np.kron({r}, {{}})"
                lines.append(f"k{k} = {pr.format(f'({z}).real')}.astype(np.result_type({acc}, {src}))")
                lines.append(f"k{k}.imag = {pr.format(f'({z}).imag')}")
                expr = f"k{k}"
                complex_seen = True
            acc = expr
        lines.append(acc)
        return "\n".join(lines)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        i, j = idx
        picks: list[tuple[int, int]] = []
        for x in reversed(self.xs):  # the last operand varies fastest
            r, c = x.shape
            picks.append((i % r, j % c))
            i, j = i // r, j // c
        picks.reverse()
        factors = [scalar(x[p]) for x, p in zip(self.xs, picks, strict=True)]
        window = [x[p[0] : p[0] + 1, p[1] : p[1] + 1] for x, p in zip(self.xs, picks, strict=True)]
        value = scalar(reduce(_kron2, window)[0, 0])  # the kernel on one element of each
        refs = [octave_ref(f"A{k + 1}", p) for k, p in enumerate(picks)]
        terms: list[OctaveTerm] = []
        expected: complex | float | None = None
        if len(self.xs) == 2:
            terms = [OctaveTerm(picks[0], picks[1], factors[0], factors[1])]
        else:
            prod: Any = factors[0]
            for f in factors[1:]:
                prod = OctaveTerm((), (), prod, f).product
            expected = prod
        rows = [fmt_shape(x.shape) for x in self.xs]
        return OctaveExplanation(
            op="octave.kron",
            index=idx,
            value=value,
            terms=terms,
            expected=expected,
            summary=f"{octave_ref('K', idx)} = " + " * ".join(refs) + f" = {fmt_value(value)}.",
            sections=(
                section(
                    "Blocks",
                    "kron(A, B) is the block matrix [A(1,1)*B, A(1,2)*B, ...; A(2,1)*B, ...]; "
                    "operands " + ", ".join(rows) + f" give {fmt_shape(self.out_shape)}",
                    f"{octave_ref('K', idx)} lies in block ({picks[0][0] + 1},{picks[0][1] + 1}) "
                    "(the A1 element), at " + ", ".join(f"({p[0] + 1},{p[1] + 1})" for p in picks[1:]) + " inside",
                ),
                section(
                    "Element",
                    f"{octave_ref('K', idx)} = "
                    + " * ".join(f"{r} ({fmt_value(f)})" for r, f in zip(refs, factors, strict=True))
                    + f" = {fmt_value(value)}",
                ),
                section(
                    "NumPy equivalent",
                    "np.kron gives this for 2-d operands; Octave keeps a 1-d (row) result 2-d "
                    "and folds N-d operands to 2-d, where np.kron works blockwise in N-d",
                    *self.numpy_call().splitlines(),
                ),
            ),
            details={"factors": tuple(picks)},
        )


@frontend("octave.kron")
def kron(a: Any, b: Any = None, *more: Any) -> KronPlan:
    """Octave's ``kron(A, B)`` and ``kron(A1, A2, ...)`` (``kron(kron(A1, A2), A3)``...).

    Parameters
    ----------
    a, b, *more : array_like
        Real or complex, any class (integer and logical become double; the result is single
        when any operand is single). A 1-d array is a 1xN row; an N-d operand is read as
        ``rows x prod(other dims)``, as Octave folds it.

    Returns
    -------
    ndarray
        2-d, ``(prod of rows) x (prod of columns)``.

    Raises
    ------
    ValueError
        Octave's "Invalid call to kron" for fewer than two operands.
    TypeError
        Non-numeric operands.

    Notes
    -----
    GNU Octave 7.3 ``kron`` (``libinterp/corefcn/kron.cc``), proven against ``octave-cli``.
    """
    ops = [a, b, *more]
    if any(x is None for x in ops):
        raise ArgumentError("Invalid call to kron: it takes two or more arrays, kron(A, B, ...)")
    read = [_operand(x, k + 1) for k, x in enumerate(ops)]
    single = any(x.dtype in (np.float32, np.complex64) for x, _ in read)
    xs = []
    for x, _ in read:
        if single and x.dtype == np.float64:
            x = x.astype(np.float32)
        elif single and x.dtype == np.complex128:
            x = x.astype(np.complex64)
        xs.append(x)
    rows = int(np.prod([x.shape[0] for x in xs], dtype=object))
    cols = int(np.prod([x.shape[1] for x in xs], dtype=object))
    check_allocation((rows, cols), xs[0].dtype if len(xs) == 1 else np.result_type(*xs), "the result of kron")
    shapes = tuple(as_octave_array(x, "kron", allow_empty=True, keep_class=True).shape for x in ops)
    names = ("a", "b", *(f"more[{k}]" for k in range(len(more))))
    return KronPlan(tuple(xs), tuple(g for _, g in read), shapes, names)
