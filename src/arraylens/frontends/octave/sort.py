"""Octave's ``[s, i] = sort(x, dim, mode)``: stable, NaN placed last (ascend) or first (descend)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.core.text import count, format_index
from arraylens.frontends.octave._along import Along, along
from arraylens.frontends.octave._arrays import (
    fmt_value,
    octave_ref,
    octave_shape,
    quiet,
    resolve_index,
    scalar,
    slice_ref,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave._nargout import check_nargout, select_outputs
from arraylens.ops.extremes.kernel import ordering_keys


def sort_keys(v: np.ndarray, descending: bool) -> list[np.ndarray]:
    """``np.lexsort`` keys (least significant first) of Octave's order of ``v``."""
    if v.dtype.kind in "iub":
        # Integer and logical classes compare exactly; ``~v`` reverses the order without the
        # overflow of ``-v`` (``~v == -v - 1`` for signed, ``max - v`` for unsigned).
        return [~v if descending else v]
    nan = np.isnan(v)
    sign = -1.0 if descending else 1.0
    # Octave's order (the one max/min use): abs, then arg for complex values; least significant first
    keys = [sign * np.where(nan, 0.0, key) for key in reversed(ordering_keys(v, "abs_arg"))]
    keys.append(~nan if descending else nan)
    return keys


def order_lines(src: str, dtype: np.dtype[Any], axis: int, descending: bool) -> list[str]:
    """NumPy statements that bind ``i`` to the 0-based permutation sorting ``src`` along
    ``axis`` in Octave's order (stable; NaN last ascending, first descending; complex by abs,
    then arg): the NumPy form of :func:`sort_keys`."""
    neg = "-" if descending else ""
    nan_key = f"~np.isnan({src})" if descending else f"np.isnan({src})"
    if dtype.kind == "c":
        return [
            f"n = np.isnan({src}); a = np.where(n, 0, np.hypot({src}.real, {src}.imag)); t "
            f"= np.angle({src})",
            "t = np.where(n, 0, np.where(t == -np.pi, np.pi, t))",
            f"i = np.lexsort(({neg}t, {neg}a, {'~n' if descending else 'n'}), axis={axis})",
        ]
    if descending and dtype.kind in "iub":
        return [f"i = np.argsort(~{src}, axis={axis}, kind='stable')  # exact for integers"]
    if descending:
        return [f"i = np.lexsort((-np.where(np.isnan({src}), 0, {src}), {nan_key}), axis={axis})"]
    return [f"i = np.argsort({src}, axis={axis}, kind='stable')"]


@dataclass(frozen=True)
class SortPlan:
    a: Along
    descending: bool
    nargout: int = 2

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(self.a.x.shape)

    @quiet
    def compute(self) -> Any:
        s, i = self.a.gather(np.lexsort(sort_keys(self.a.x, self.descending), axis=self.a.axis), self.out_shape)
        return select_outputs((s, i), self.nargout)

    def numpy_call(self) -> str:
        ax = self.a.axis
        src, lines = self.a.named_source()
        lines += order_lines(src, self.a.x.dtype, ax, self.descending)
        shape = self.a.x.shape
        tail = (
            ""
            if tuple(shape) == tuple(self.out_shape)
            else f".reshape({', '.join(map(str, self.out_shape))})"
        )
        values = f"np.take_along_axis({src}, i, axis={ax}){tail}"
        lines.append(values if self.nargout == 1 else f"({values}, (i + 1){tail})")
        return "\n".join(lines)

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (self.a.x.ndim - len(idx))
        pos = full[self.a.axis]
        # Only the explained slice is sorted (the same kernel as compute(), on one slice).
        v = np.moveaxis(self.a.x, self.a.axis, -1)[
            tuple(i for a, i in enumerate(full) if a != self.a.axis)
        ]
        order = np.lexsort(sort_keys(v, self.descending))
        value = scalar(v[order[pos]])
        orig = int(order[pos])
        source = tuple(orig if a == self.a.axis else i for a, i in enumerate(full))
        expected = scalar(self.a.x[source])
        # Independent rank check: how many elements of the slice must come before x(source)?
        keys = sort_keys(v, self.descending)[::-1]  # most significant first
        before = np.zeros(len(v), dtype=bool)
        equal = np.ones(len(v), dtype=bool)
        for k in keys:
            before |= equal & (k < k[orig])
            equal &= k == k[orig]
        before |= equal & (np.arange(len(v)) < orig)
        preceding = int(before.sum())
        mode = "descend" if self.descending else "ascend"
        rules = [
            f"mode '{mode}': {'largest' if self.descending else 'smallest'} first; the sort is "
            f"stable "
            "(equal elements keep their order)",
            "NaN elements go "
            + ("first" if self.descending else "last")
            + ", in their original order",
        ]
        if v.dtype.kind == "c":
            rules.append("complex values are ordered by abs(z), then by arg(z) in (-pi, pi]")
        rules.append("the index output is 1-based; NumPy's argsort gives 0-based indices")
        return OctaveExplanation(
            op="octave.sort",
            index=idx,
            value=value,
            expected=expected,
            summary=(
                f"sort worked along {self.a.reason()}; position {pos + 1} of the sorted slice "
                f"holds element {orig + 1} of {slice_ref('x', full, self.a.axis)}."
            ),
            sections=(
                section(
                    "Dimension",
                    f"sort worked along {self.a.reason()}",
                    f"NumPy axis={self.a.axis}; NumPy's own default is axis=-1 (the last axis)",
                ),
                section(
                    "Element",
                    f"{octave_ref('s', idx)} = {octave_ref('x', source)} = {fmt_value(expected)}; "
                    f"i{format_index(idx)} = {orig + 1}",
                    f"{count(preceding, 'element')} of the slice "
                    f"{'comes' if preceding == 1 else 'come'} before it in this order",
                ),
                section("Rules", *rules),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={
                "dim": self.a.axis + 1,
                "source_index": source,
                "position": pos,
                "preceding": preceding,
            },
        )


@frontend("octave.sort")
def sort(
    x: Any, dim: int | str | None = None, mode: str = "ascend", *, nargout: int = 2
) -> SortPlan:
    """Octave's ``[s, i] = sort(x, dim, mode)`` (``s = sort(...)`` with ``nargout=1``).

    Parameters
    ----------
    x : array_like, real or complex, any shape (a 1-d array is a 1xN row)
    dim : int, str or None
        1-based dimension, default the first non-singleton one. A string here is the mode, as
        in Octave's ``sort(x, "descend")``.
    mode : {"ascend", "descend"}
    nargout : {2, 1}
        2 (the default, as in the first wave): ``(s, i)``; 1: ``s`` alone.

    Returns
    -------
    (s, i) : tuple of ndarray, both ``x``'s shape (``s`` alone for ``nargout=1``)
        Sorted values and 1-based int64 indices with ``s == x(i)`` along ``dim``. The sort is
        stable; NaN goes last in ascending and first in descending order; complex values are
        ordered by abs, then arg.

    Raises
    ------
    ValueError
        Empty ``x``; bad ``dim``; mode other than "ascend"/"descend" (Octave: 'MODE must be
        either "ascend" or "descend"'); ``dim > ndims(x)`` with the index output (with
        ``nargout=1`` Octave returns ``x``, and so does arraylens).

    Notes
    -----
    GNU Octave 7.3 ``sort``, proven against ``octave-cli`` in the tests.
    """
    k = check_nargout("sort", nargout, 2)
    if isinstance(dim, str):
        mode, dim = dim, None
    if not isinstance(mode, str) or mode.lower() not in ("ascend", "descend"):
        raise ArgumentError(f'sort: MODE must be either "ascend" or "descend", got {mode!r}')
    a = along("sort", x, dim, keep_class=True)
    if a.axis >= len(a.octave_in_shape) and k == 2:
        raise ArgumentError(
            f"sort: invalid dimension: dim={a.axis + 1} but x has {len(a.octave_in_shape)} "
            f"dimensions "
            "(Octave 7 refuses a dimension beyond ndims(x) when the index output is requested)"
        )
    return SortPlan(a, descending=mode.lower() == "descend", nargout=k)
