"""Octave's ascending order of one dimension, shared by ``median``, ``mode`` and ``quantile``.

Octave's ``sort`` (and ``nth_element``) put NaN last, keep equal elements in their order (a
stable sort: ``-0`` before ``0`` when it comes first) and order complex values by ``abs``, then
``arg``; :func:`octave_sorted` gives that order along one axis, with the same keys as
:func:`arraylens.frontends.octave.sort.sort_keys`.
"""

from __future__ import annotations

import numpy as np

from arraylens.frontends.octave.sort import sort_keys


def octave_sorted(x: np.ndarray, axis: int) -> np.ndarray:
    """``sort(x, dim)`` of Octave (ascending) along ``axis``: NaN last, stable, complex values
    by abs then arg. Same shape and dtype as ``x``."""
    if x.dtype.kind == "c":
        order = np.lexsort(sort_keys(x, False), axis=axis)
        return np.take_along_axis(x, order, axis=axis)
    return np.sort(x, axis=axis, kind="stable")


# NumPy code for the same order, written in ``{x}`` along ``{ax}`` (the complex form as sort's
# NumPy equivalent writes it).
COMPLEX_SORT_LINES = (
    "n = np.isnan({x}); a = np.where(n, 0, np.hypot({x}.real, {x}.imag)); t = np.angle({x})",
    "t = np.where(n, 0, np.where(t == -np.pi, np.pi, t))",
    "xs = np.take_along_axis({x}, np.lexsort((t, a, n), axis={ax}), axis={ax})",
)


def sorted_lines(x: str, ax: int, is_complex: bool) -> list[str]:
    """NumPy statements binding ``xs`` to :func:`octave_sorted` of ``x`` along ``ax``."""
    if is_complex:
        return [line.format(x=x, ax=ax) for line in COMPLEX_SORT_LINES]
    return [f"xs = np.sort({x}, axis={ax}, kind='stable')"]
