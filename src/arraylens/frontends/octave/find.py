"""Octave's ``find(x, n, direction)``: nonzero elements in column-major order.

``idx = find(x)`` gives 1-based *linear* indices counted down the columns (NumPy's
``np.flatnonzero`` counts along the rows of a C-order array); ``[r, c] = find(x)`` gives row
and column subscripts, with the trailing dimensions of an N-d ``x`` folded into the column
(``c`` indexes ``x`` seen as ``rows(x) x numel(x)/rows(x)``); ``[r, c, v]`` adds the values.
NaN is nonzero. The result is a row for a row-vector ``x`` (2-d, one row) and a column
otherwise, with Octave's special shapes for empty results (``find(0)`` is 0x0).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.text import join_ints
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    fmt_shape,
    fmt_value,
    octave_ref,
    resolve_index,
    scalar,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave._nargout import check_nargout, select_outputs
from arraylens.frontends.octave.numpy_calls import Given, given, prepared


def _is_nd_vector(shape: Sequence[int]) -> bool:
    """Octave's ``dim_vector::is_nd_vector``: exactly one dimension differs from 1."""
    return sum(1 for n in shape if n != 1) == 1


def find_shape(shape: Sequence[int], k: int, logical_mask: bool) -> tuple[int, int]:
    """The shape of ``find``'s index output with ``k`` elements for an ``x`` of Octave
    ``shape``.

    Octave 7.3 (``Array<T>::find``): a row for a 2-d ``x`` with one row, a column otherwise;
    an empty result is 0x0 when ``x`` has one element or when ``rows(x) == 0`` and the other
    dimensions hold no element. A logical ``x`` asked for all its indices (one output, no
    ``n``) takes the index-vector path: a one-element ``x`` gives 1x1 or 0x0, otherwise row
    or column as above, 0x1 for every other empty result.
    """
    numel = math.prod(shape)
    row = shape[0] == 1 and len(shape) == 2
    if logical_mask:
        if numel == 1:
            return (1, 1) if k else (0, 0)
        return (1, k) if row else (k, 1)
    if (numel == 1 and k == 0) or (shape[0] == 0 and math.prod(shape[1:]) == 0):
        return (0, 0)
    return (1, k) if row else (k, 1)


def values_shape(shape: Sequence[int], idx_shape: tuple[int, int], k: int) -> tuple[int, ...]:
    """The shape of ``x(idx)`` (Octave's ``Array<T>::index``): ``x``'s orientation when ``x``
    and ``idx`` are both vectors (``x`` not one element, ``idx`` not one index), else
    ``idx``'s shape."""
    if math.prod(shape) != 1 and _is_nd_vector(shape) and k != 1 and _is_nd_vector(idx_shape):
        out = list(shape)
        out[next(a for a, n in enumerate(shape) if n != 1)] = k
        return tuple(out)
    return idx_shape


def _parse_n(n: Any) -> int | None:
    """``N`` as Octave's find reads it: a non-negative integer, ``Inf`` (or more elements than
    there are) for all (None)."""
    if n is None:
        return None
    if isinstance(n, str):
        raise ArgumentTypeError("find: N must be an integer")
    if isinstance(n, bool) or np.ndim(n) != 0:
        raise ArgumentTypeError(
            f"find: N must be an integer (a real scalar; got {n!r}; arraylens does not take the "
            "first element of an array as Octave does)"
        )
    if isinstance(n, int):  # a Python int of any size: exact
        if n < 0:
            raise ArgumentError(f"find: N must be a non-negative integer, got {n!r}")
        return n
    value = np.asarray(n)
    if value.dtype.kind not in "iuf":
        raise ArgumentTypeError(f"find: N must be an integer (a real scalar), got {n!r}")
    v = float(value)
    if math.isinf(v) and v > 0:
        return None
    if not v >= 0 or not v.is_integer():
        raise ArgumentError(f"find: N must be a non-negative integer, got {n!r}")
    return int(v)


@dataclass(frozen=True)
class FindPlan:
    x: np.ndarray  # Octave's shape and class
    source: Given
    n: int | None  # None: all
    last: bool
    nargout: int

    @property
    def logical_mask(self) -> bool:
        return self.x.dtype == np.bool_ and self.nargout == 1 and self.n is None and not self.last

    def found(self) -> np.ndarray:
        """0-based column-major linear indices of the nonzero elements (n first or last)."""
        nz = np.flatnonzero(self.x.ravel(order="F") != 0)
        if self.n is None:
            return nz
        return nz[max(nz.size - self.n, 0) :] if self.last else nz[: self.n]

    def compute(self) -> Any:
        nz = self.found()
        shape = find_shape(self.x.shape, nz.size, self.logical_mask)
        nr = self.x.shape[0]
        outs: list[np.ndarray] = []
        if self.nargout == 1:
            outs.append((nz + 1).astype(np.int64).reshape(shape))
        else:
            outs.append((nz % nr + 1).astype(np.int64).reshape(shape))
            outs.append((nz // nr + 1).astype(np.int64).reshape(shape))
        if self.nargout == 3:
            vshape = values_shape(self.x.shape, shape, nz.size)
            outs.append(self.x.ravel(order="F")[nz].reshape(vshape))
        return select_outputs(outs, self.nargout)

    def numpy_call(self) -> str:
        src = prepared("x", self.source, self.x.shape, self.x.dtype)
        lines = [f"xo = {src}" if src != "x" else "xo = x", "nz = np.flatnonzero(xo.ravel(order='F'))"]
        if self.n is not None:
            lines.append(f"nz = nz[max(nz.size - {self.n}, 0):]  # 'last'" if self.last else f"nz = nz[:{self.n}]")
        k = self.found().size
        shape = find_shape(self.x.shape, k, self.logical_mask)
        rs = f".reshape({join_ints(shape)})"
        nr = self.x.shape[0]
        if self.nargout == 1:
            return "\n".join([*lines, f"(nz + 1){rs}"])
        outs = [f"(nz % {nr} + 1){rs}", f"(nz // {nr} + 1){rs}"]
        if self.nargout == 3:
            outs.append(f"xo.ravel(order='F')[nz].reshape({join_ints(values_shape(self.x.shape, shape, k))})")
        return "\n".join([*lines, f"({', '.join(outs)})"])

    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        nz = self.found()
        shape = find_shape(self.x.shape, nz.size, self.logical_mask)
        idx = resolve_index(at, shape)
        pos = idx[0] * shape[1] + idx[1]  # the result is a vector: its position
        linear = int(nz[pos])  # the kernel's answer at this position
        nr = self.x.shape[0]
        value = linear + 1 if self.nargout == 1 else linear % nr + 1
        # Independent recomputation: the subscripts of the element from its column-major index
        sub = tuple(int(i) for i in np.unravel_index(linear, self.x.shape, order="F"))
        flat = self.x.ravel(order="F")
        before = int(np.count_nonzero(flat[:linear]))  # nonzeros earlier in column-major order
        expected = int(np.ravel_multi_index(sub, self.x.shape, order="F")) + 1 if self.nargout == 1 else int(sub[0]) + 1
        elem = scalar(self.x[sub])
        c = linear // nr + 1
        what = {1: "idx", 2: "r", 3: "r"}[self.nargout]
        total = int(np.count_nonzero(flat))
        order = f"nonzero element number {before + 1} (of {total}) of x in column-major order"
        lines = [
            f"{what}({pos + 1}) = {value}: {octave_ref('x', sub)} = {fmt_value(elem)} is {order}",
            f"its linear index is {linear + 1} (counted down the columns, 1-based); row {int(sub[0]) + 1}, "
            f"column {c}"
            + (
                f" of x seen as {nr}x{self.x.size // max(nr, 1)} (trailing dimensions folded into the column)"
                if self.x.ndim > 2
                else ""
            ),
        ]
        rules = [
            "find counts in column-major (Fortran) order: down the first column, then the next; NaN counts as nonzero",
            "np.nonzero / np.flatnonzero of a C-order array count along the rows and are 0-based",
        ]
        if self.n is not None:
            rules.append(
                f"n={self.n} with '{'last' if self.last else 'first'}': only the "
                f"{'last' if self.last else 'first'} {self.n} are kept, in ascending order"
            )
        rules.append(
            f"the result is a {'row' if shape[0] == 1 and shape != (1, 1) else 'column'}: "
            f"Octave gives a row for a one-row 2-d x and a column otherwise ({fmt_shape(self.x.shape)} here)"
        )
        return OctaveExplanation(
            op="octave.find",
            index=idx,
            value=value,
            expected=expected,
            summary=f"find's element {pos + 1} is {octave_ref('x', sub)}, {order}.",
            sections=(
                section("Element", *lines),
                section("Rules", *rules),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"linear_index": linear + 1, "preceding_nonzeros": before, "position": pos},
        )


@frontend("octave.find")
def find(x: Any, n: Any = None, direction: Any = None, *, nargout: int = 1) -> FindPlan:
    """Octave's ``idx = find(x, n, direction)``, ``[r, c] = ...``, ``[r, c, v] = ...``.

    Parameters
    ----------
    x : array_like, numeric, logical or complex, any shape (a 1-d array is a 1xN row)
    n : int, optional
        The most elements to find (``None`` or ``inf``: all).
    direction : {"first", "last"}, optional
        With ``n``: the first or the last ``n`` nonzero elements (always in ascending order).
    nargout : {1, 2, 3}
        1: 1-based column-major linear indices; 2: ``(r, c)``; 3: ``(r, c, v)``.

    Returns
    -------
    ndarray or tuple of ndarray
        Index outputs are int64 (1-based); ``v`` keeps ``x``'s class. A row for a 2-d ``x``
        with one row, else a column; empty results take Octave's shapes (``find(0)`` is 0x0,
        ``find(zeros(1, 0))`` is 1x0, ``find(zeros(2, 2))`` is 0x1).

    Raises
    ------
    ValueError
        Octave's "find: N must be a non-negative integer", 'find: DIRECTION must be "first"
        or "last"'; more than 3 outputs.
    TypeError
        A non-numeric ``x`` or ``n`` ("find: N must be an integer").

    Notes
    -----
    GNU Octave 7.3 ``find`` (libinterp/corefcn/find.cc), proven against ``octave-cli``.
    """
    k = check_nargout("find", nargout, 3)
    if isinstance(x, str):
        raise ArgumentTypeError("find: arraylens.octave takes numeric or logical x, not text")
    the_n = _parse_n(n)
    last = False
    if direction is not None:
        if direction == "last":
            last = True
        elif direction != "first":
            raise ArgumentError(f'find: DIRECTION must be "first" or "last", got {direction!r}')
    arr = as_octave_array(x, "find", allow_empty=True, keep_class=True)
    return FindPlan(arr, given(x), the_n, last, k)
