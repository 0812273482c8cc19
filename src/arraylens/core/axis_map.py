"""Mappings between a caller's layout and the canonical channels-last layout.

Every canonical array is the caller's array with its axes permuted, and possibly with a batch
axis of size 1 added in front (for unbatched inputs). :class:`AxisMap` carries that relation for
arrays and for single indices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from arraylens.core.arrays import transposed_copy


@lru_cache(maxsize=256)
def _inverse(perm: tuple[int, ...]) -> tuple[int, ...]:
    """The permutation that undoes ``perm`` (computed once per permutation)."""
    return tuple(int(i) for i in np.argsort(perm))


@dataclass(frozen=True)
class AxisMap:
    """``canonical = caller.transpose(perm)``, then ``[None]`` if ``add_batch``.

    Attributes
    ----------
    perm : tuple of int
        For each canonical axis (after the added batch axis, if any), the caller's axis.
    add_batch : bool
        The caller's array has no batch axis; the canonical one has a leading axis of size 1.
    """

    perm: tuple[int, ...]
    add_batch: bool = False

    @classmethod
    def identity(cls, ndim: int) -> AxisMap:
        return cls(tuple(range(ndim)))

    @classmethod
    def channels_first(cls, ndim: int, add_batch: bool = False) -> AxisMap:
        """Caller is (N, C, *spatial) (or (C, *spatial) when ``add_batch``); canonical is
        (N, *spatial, C)."""
        if add_batch:
            return cls((*range(1, ndim), 0), True)
        return cls((0, *range(2, ndim), 1))

    @property
    def inverse(self) -> tuple[int, ...]:
        return _inverse(self.perm)

    def to_canonical(self, a: np.ndarray) -> np.ndarray:
        a = a.transpose(self.perm)
        return a[None] if self.add_batch else a

    def from_canonical(self, a: np.ndarray) -> np.ndarray:
        if self.add_batch:
            a = a[0]
        return a.transpose(self.inverse)

    def from_canonical_contiguous(self, a: np.ndarray) -> np.ndarray:
        """:meth:`from_canonical` as a C-contiguous array: a copy made a cache-sized block at a
        time (:func:`arraylens.core.arrays.transposed_copy`), or the view itself when it is
        already contiguous."""
        if self.add_batch:
            a = a[0]
        return transposed_copy(a, self.inverse)

    def shape_to_canonical(self, shape: Sequence[int]) -> tuple[int, ...]:
        s = tuple(int(shape[p]) for p in self.perm)
        return (1, *s) if self.add_batch else s

    def shape_from_canonical(self, shape: Sequence[int]) -> tuple[int, ...]:
        return self.index_from_canonical(tuple(shape))

    def index_to_canonical(self, index: Sequence[int]) -> tuple[int, ...]:
        i = tuple(int(index[p]) for p in self.perm)
        return (0, *i) if self.add_batch else i

    def index_from_canonical(self, index: Sequence[int]) -> tuple[int, ...]:
        i = tuple(index[1:]) if self.add_batch else tuple(index)
        return tuple(int(i[p]) for p in self.inverse)
