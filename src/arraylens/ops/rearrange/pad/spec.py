"""The canonical form of a padding: per axis ``(before, after)`` and one mode.

A width may be negative: that side is cropped. Every library's pad is one choice of

* a **source-index map** (``reflect``, ``symmetric``, ``wrap``, ``edge``): the padded position
  ``p`` (counted from the first input element, so ``-1`` is just before it) reads the input at
  ``source_index(p, n, mode)``; or a **fill** (``constant``; NumPy's ``maximum``, ``minimum``,
  ``mean``, ``median`` over ``stat_length`` elements next to the edge; NumPy's ``linear_ramp``
  to ``end_values``); NumPy's ``reflect_type='odd'`` is ``2 * edge - reflection``;
* a **crop rule** for negative widths: ``"first"`` crops the axis, then pads the cropped axis
  (ONNX, torch's ``constant`` and ``circular``); ``"original"`` maps the output position on the
  *uncropped* axis (torch's ``reflect`` and ``replicate``: ``F.pad(x, (-5, 2), 'reflect')`` on 4
  elements reads ``x[1]``).

The maps repeat as NumPy's ``np.pad`` does when a width exceeds the size: ``reflect`` with period
``2 (n - 1)``, ``symmetric`` with period ``2 n``, ``wrap`` with period ``n`` (checked against NumPy
for every size up to 6 and width up to 14). Libraries that refuse such widths refuse them in
their front-ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError

__all__ = [
    "FILL_MODES",
    "MAP_MODES",
    "STAT_MODES",
    "PadSpec",
    "source_index",
]

MAP_MODES = ("reflect", "symmetric", "wrap", "edge")
STAT_MODES = ("maximum", "minimum", "mean", "median")
FILL_MODES = ("constant", "linear_ramp", *STAT_MODES)


def source_index(p: Any, n: int, mode: str) -> Any:
    """The input position that padded position ``p`` reads under ``mode`` on an axis of ``n``.

    Parameters
    ----------
    p : int or ndarray of int
        Positions counted from the first input element (negative: before it; ``>= n``: after).
    n : int
        The axis size, at least 1.
    mode : {'reflect', 'symmetric', 'wrap', 'edge'}
        ``reflect`` mirrors about the edge element (``-1 -> 1``), ``symmetric`` repeats it
        (``-1 -> 0``), ``wrap`` is periodic, ``edge`` repeats the edge element.

    Returns
    -------
    int or ndarray of int, in ``[0, n)``.
    """
    if n < 1:
        raise ValueError("source_index needs a non-empty axis")
    q: Any
    if mode == "edge":
        return np.clip(p, 0, n - 1)
    if mode == "wrap":
        return np.mod(p, n)
    if mode == "reflect":
        if n == 1:
            return np.zeros_like(p)
        period = 2 * (n - 1)
        q = np.mod(p, period)
        return np.where(q < n, q, period - q)
    if mode == "symmetric":
        period = 2 * n
        q = np.mod(p, period)
        return np.where(q < n, q, period - 1 - q)
    raise ValueError(f"{mode!r} is not a source-index mode")


@dataclass(frozen=True)
class PadSpec:
    """A padding in canonical form.

    Attributes
    ----------
    widths : tuple of (int, int)
        Per axis ``(before, after)``; negative crops that side.
    mode : str
        One of :data:`MAP_MODES` or :data:`FILL_MODES`.
    crop : {'first', 'original'}
        How negative widths combine with a source-index map (see the module docstring).
    values : tuple of (Any, Any)
        Per axis: the constants (``constant``) or the end values (``linear_ramp``); empty
        otherwise.
    stat_length : tuple of (int or None, int or None)
        Per axis, the statistic's window next to each edge (None: the whole axis).
    reflect_type : {'even', 'odd'}
        NumPy's ``reflect_type`` (``odd``: ``2 * edge - reflection``).
    """

    widths: tuple[tuple[int, int], ...]
    mode: str
    crop: str = "first"
    values: tuple[tuple[Any, Any], ...] = ()
    stat_length: tuple[tuple[int | None, int | None], ...] = ()
    reflect_type: str = "even"

    def __post_init__(self) -> None:
        if self.mode not in MAP_MODES + FILL_MODES:
            raise ArgumentError(f"pad mode {self.mode!r} is not one of {', '.join(MAP_MODES + FILL_MODES)}")
        if self.crop not in ("first", "original"):
            raise ArgumentError(f"crop rule {self.crop!r} is not 'first' or 'original'")
        if self.reflect_type not in ("even", "odd"):
            raise ArgumentError(f"reflect_type {self.reflect_type!r} is not 'even' or 'odd'")
        if self.mode in ("constant", "linear_ramp") and len(self.values) != len(self.widths):
            raise ArgumentError(f"{self.mode} needs one pair of values per axis")
        if self.mode in STAT_MODES and len(self.stat_length) != len(self.widths):
            raise ArgumentError(f"{self.mode} needs one pair of stat lengths per axis")
        if self.mode not in MAP_MODES and self.crop == "original":
            raise ArgumentError("the 'original' crop rule applies to source-index modes only")

    @property
    def has_crop(self) -> bool:
        """Whether any width is negative."""
        return any(b < 0 or a < 0 for b, a in self.widths)

    def cropped_shape(self, shape: Sequence[int]) -> tuple[int, ...]:
        """The input shape after the crops (``n - max(-before, 0) - max(-after, 0)`` per axis)."""
        return tuple(n - max(-b, 0) - max(-a, 0) for n, (b, a) in zip(shape, self.widths, strict=True))

    def output_shape(self, shape: Sequence[int]) -> tuple[int, ...]:
        """``n + before + after`` per axis (both crop rules give the same size)."""
        if len(shape) != len(self.widths):
            raise ArgumentError(f"{len(self.widths)} width pairs for an input of rank {len(shape)}")
        return tuple(n + b + a for n, (b, a) in zip(shape, self.widths, strict=True))

    def axis_source(self, axis: int, n: int, positions: Any) -> Any:
        """Input positions read by output ``positions`` along ``axis`` of size ``n`` (map modes).

        Returns the source index into the *uncropped* input axis.
        """
        b, a = self.widths[axis]
        positions = np.asarray(positions)
        if self.crop == "original" or (b >= 0 and a >= 0):
            return source_index(positions - b, n, self.mode)
        lo = max(-b, 0)
        m = n - lo - max(-a, 0)
        return lo + source_index(positions - max(b, 0), m, self.mode)

    def padded_position(self, axis: int, j: int) -> int:
        """Output position ``j`` along ``axis`` as a position relative to the input's first
        element (for the ``first`` crop rule: the cropped input's)."""
        b, _ = self.widths[axis]
        return j - (b if self.crop == "original" else max(b, 0))
