"""The plan of a block rearrangement (depth_to_space, space_to_depth, pixel_shuffle, ...).

A front-end checks its library's rules and builds a :class:`BlockPlan`: the input (in the
caller's layout, which is also the plan's: a :class:`BlockSpec` says where the channel axis is)
and the spec. Computing goes through :func:`arraylens.ops.rearrange.blocks.kernel.rearrange`;
explaining one element reads two input elements
(:func:`arraylens.ops.rearrange.blocks.explain.explain_block`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from arraylens.core.explanation import Explanation
from arraylens.core.frontend import check_index
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

    def compute(self) -> np.ndarray:
        return rearrange(self.x, self.spec)

    def explain(self, at: Sequence[int]) -> Explanation:
        index = check_index(at, self.shape)
        return explain_block(self.op, self.x, self.spec, index)
