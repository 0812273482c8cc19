"""Pooling plans whose sizes are worked out once per input shape, dtype and arguments.

A front-end that has checked a call builds a :class:`~arraylens.ops.pool.plan.PoolPlan`;
:func:`prepare` keeps from it everything that depends on the input's shape and dtype and on the
call's other arguments only (the plan's fields, the output's shape, the arrays the memory check
counts and their total), and :meth:`PreparedPool.plan` makes the plan of another call with the
same shape, dtype and arguments from its input alone, without any of the checks again. That
plan is a :class:`PreparedPoolPlan`, a ``PoolPlan`` with the same fields: its ``compute`` checks
the memory limit (the same arrays, the same words) and runs :meth:`PoolPlan.run` (the kernel,
the dtype, the caller's layout, the indices' encoding), as ``PoolPlan.compute`` does after its
size computations; its ``explain`` is ``PoolPlan.explain``.

Nothing here depends on the input's strides: the kernel picks its order of work from the input
it is given on every call (:func:`arraylens.ops.pool.kernel.pool`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from arraylens.core.limits import check_allocations
from arraylens.ops.pool.plan import PoolPlan, PoolResult

__all__ = ["PreparedPool", "PreparedPoolPlan", "prepare"]


@dataclass(frozen=True, eq=False)
class PreparedPool:
    """What a checked pooling plan's computation needs besides its input.

    Attributes
    ----------
    fields : mapping
        The checked plan's attributes other than ``x`` (op, spec, layout, dtype, ...), read-only
        (each plan made from them gets its own copy).
    memory : tuple
        What the memory check counts, ``(what, shape, dtype)`` per array (canonical shapes).
    nbytes : int
        Their total.
    """

    fields: MappingProxyType[str, Any]
    memory: tuple[tuple[str, tuple[int, ...], np.dtype[Any]], ...]
    nbytes: int

    def plan(self, x: np.ndarray) -> PreparedPoolPlan:
        """The plan of a call whose input ``x`` has the prepared call's shape and dtype (and whose
        other arguments equal it).

        Parameters
        ----------
        x : ndarray
            The input as the checked plan holds it (in the caller's layout).

        Returns
        -------
        PreparedPoolPlan
        """
        plan = PreparedPoolPlan.__new__(PreparedPoolPlan)
        plan.__dict__.update(self.fields.copy())  # (a dict: quicker to update from than the read-only view)
        plan.x = x
        plan.prepared = self
        return plan


def prepare(plan: PoolPlan) -> PreparedPool | None:
    """What :meth:`PreparedPool.plan` needs to rebuild ``plan`` for other inputs of its shape.

    Parameters
    ----------
    plan : PoolPlan
        A plan a front-end built after checking its call.

    Returns
    -------
    PreparedPool or None
        None for a plan whose output size is negative (its ``compute`` refuses it, on every
        call) or whose input is not a plain NumPy array.
    """
    if type(plan.x) is not np.ndarray:
        return None
    shape = plan.canonical_output_shape()
    if any(n < 0 for n in shape):
        return None
    memory = tuple(
        (what, tuple(int(v) for v in s), np.dtype(dt))
        for what, s, dt in plan.memory_parts(shape, plan.layout.shape_to_canonical(plan.x.shape))
    )
    nbytes = sum(math.prod(s) * dt.itemsize for _, s, dt in memory)
    fields = MappingProxyType({k: v for k, v in vars(plan).items() if k not in ("x", "prepared")})
    return PreparedPool(fields, memory, nbytes)


class PreparedPoolPlan(PoolPlan):
    """A :class:`PoolPlan` made by :meth:`PreparedPool.plan`: the same result, computed without the
    sizes the first call of its shape worked out."""

    prepared: PreparedPool

    def compute(self) -> PoolResult:
        p = self.prepared
        check_allocations(p.memory, self.op, nbytes=p.nbytes)
        return self.run(self.canonical)
