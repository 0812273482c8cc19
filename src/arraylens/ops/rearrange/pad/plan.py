"""The plan of a padding: the input, the canonical :class:`PadSpec`, and the library's name of
the mode (for the account). Front-ends check the library's rules and build it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arraylens.core.explanation import Explanation
from arraylens.core.frontend import check_index
from arraylens.core.limits import check_allocation
from arraylens.ops.rearrange.pad.explain import explain_pad
from arraylens.ops.rearrange.pad.kernel import pad
from arraylens.ops.rearrange.pad.spec import PadSpec

__all__ = ["PadPlan"]


class PadPlan:
    """A padding translated: ``x``, its :class:`PadSpec` and the mode as the library names it."""

    def __init__(self, op: str, x: np.ndarray, spec: PadSpec, label: str) -> None:
        self.op = op
        self.x = x
        self.spec = spec
        self.label = label

    def output_shape(self) -> tuple[int, ...]:
        """``n + before + after`` per axis."""
        return self.spec.output_shape(self.x.shape)

    def result_type(self) -> tuple[tuple[int, ...], np.dtype[Any]]:
        """The result's shape and dtype, without computing it."""
        return self.output_shape(), self.x.dtype

    def compute(self) -> np.ndarray:
        """The padded array (``x``'s dtype).

        Raises
        ------
        MemoryError (ResourceError)
            If the result exceeds :func:`arraylens.core.limits.max_bytes`; checked before allocating.
        """
        check_allocation(self.output_shape(), self.x.dtype, f"the result of {self.op}")
        return pad(self.x, self.spec)

    def explain(self, at: Sequence[int]) -> Explanation:
        """Where output element ``at`` comes from (its source, statistic or constant)."""
        index = check_index(at, self.output_shape())
        return explain_pad(self.op, self.x, self.spec, index, self.label)
