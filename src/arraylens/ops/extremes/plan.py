"""The plan of a reduction to extreme values or their indices (``np.argmax``, ``np.amax``, ...).

A front-end translates its call into an :class:`ExtremePlan`: the array, the reduced axes,
``keepdims``, max or min, and whether the indices or the values are returned. Computing goes
through :func:`arraylens.ops.extremes.kernel.extreme_with_index`; explaining one element reads
one slice (:func:`arraylens.ops.extremes.explain.explain_extreme`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.explanation import Explanation
from arraylens.core.frontend import check_index
from arraylens.ops.extremes.explain import explain_extreme
from arraylens.ops.extremes.kernel import Mode, check_values, extreme_with_index, normalize_axes


class ExtremePlan:
    """``np.argmax``/``argmin``/``amax``/``amin`` translated: array, axes, what is returned."""

    def __init__(
        self,
        op: str,
        a: Any,
        axis: int | Sequence[int] | None,
        keepdims: bool,
        mode: Mode,
        returns: str,
    ) -> None:
        self.op = op
        self.a = check_values(a)
        self.axes = normalize_axes(axis, self.a.ndim)
        self.keepdims = bool(keepdims)
        self.mode: Mode = mode
        self.returns = returns  # "index" or "value"

    def _reduce(self) -> tuple[np.ndarray, np.ndarray]:
        if self.returns == "value" and any(self.a.shape[ax] == 0 for ax in self.axes):
            ufunc = "maximum" if self.mode == "max" else "minimum"
            raise ArgumentError(
                f"zero-size array to reduction operation {ufunc} which has no identity"
            )
        return extreme_with_index(
            self.a, self.axes, mode=self.mode, nan="propagate", keepdims=self.keepdims
        )

    def compute(self) -> Any:
        values, indices = self._reduce()
        out = indices if self.returns == "index" else values
        return out[()] if out.ndim == 0 else out

    def output_shape(self) -> tuple[int, ...]:
        shape = self.a.shape
        if self.keepdims:
            return tuple(1 if ax in self.axes else n for ax, n in enumerate(shape))
        return tuple(n for ax, n in enumerate(shape) if ax not in self.axes)

    def explain(self, at: Sequence[int]) -> Explanation:
        index = check_index(at, self.output_shape())
        kept = [ax for ax in range(self.a.ndim) if ax not in self.axes]
        if self.keepdims:
            kept_index = tuple(index[ax] for ax in kept)
        else:
            kept_index = index
        return explain_extreme(
            self.op, self.a, self.axes, kept_index, index, self.mode, self.returns
        )
