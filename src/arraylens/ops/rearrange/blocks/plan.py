"""The plan of a block rearrangement (depth_to_space, space_to_depth, pixel_shuffle, ...).

A front-end checks its library's rules and builds a :class:`BlockPlan`: the input (in the
caller's layout, which is also the plan's: a :class:`BlockSpec` says where the channel axis is)
and the spec. Computing goes through :func:`arraylens.ops.rearrange.blocks.kernel.rearrange`;
explaining one element reads two input elements
(:func:`arraylens.ops.rearrange.blocks.explain.explain_block`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arraylens.core.explanation import Explanation
from arraylens.core.frontend import check_index
from arraylens.core.limits import check_allocation
from arraylens.ops.rearrange.blocks.explain import explain_block
from arraylens.ops.rearrange.blocks.kernel import rearrange
from arraylens.ops.rearrange.blocks.spec import BlockSpec


class BlockPlan:
    """A block rearrangement translated: ``op`` names the call, ``x`` its input, ``spec`` the form."""

    def __init__(self, op: str, x: np.ndarray, spec: BlockSpec) -> None:
        self.op = op
        self.x = x
        self.spec = spec
        self.shape = spec.output_shape(x.shape)

    def result_type(self) -> tuple[tuple[int, ...], np.dtype[Any]]:
        """The result's shape and dtype, without computing it."""
        return self.shape, self.x.dtype

    def compute(self) -> np.ndarray:
        """The rearranged array (``x``'s dtype); its size is checked against
        :func:`arraylens.core.limits.max_bytes` before allocating (a ``ResourceError``)."""
        check_allocation(self.shape, self.x.dtype, f"the result of {self.op}")
        return rearrange(self.x, self.spec)

    def explain(self, at: Sequence[int]) -> Explanation:
        index = check_index(at, self.shape)
        return explain_block(self.op, self.x, self.spec, index)
