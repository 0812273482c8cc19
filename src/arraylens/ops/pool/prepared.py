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

The kernel picks its order of work from the strides of the input it is given
(:func:`arraylens.ops.pool.kernel.pool`). Where it runs one compiled loop and nothing after it
(:func:`~arraylens.ops.pool.kernel.values_loop`), returns no indices and no other dtype, and the
loop reads the input's memory as it lies, the first call with given strides also records how
the loop's arrays are views of the input and of the result (:func:`_direct`), and later calls
with those strides run just that: a transpose and a reshape of the input, the result's
allocation, the loop, a reshape and a transpose of the result (the same loop on the same
arrays: the same bits). The Python between a call and its loop runs after the previous call's
loop has filled the caches with the input, so each step saved counts several times over
(docs/benchmarks.md, "After both merges").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from arraylens.core.limits import check_allocations
from arraylens.ops.pool.kernel import values_loop
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
    direct : dict
        By the input's strides, the call :func:`_direct` recorded, or None (the plan's ``run``);
        at most :data:`DIRECT_STRIDES` entries.
    """

    fields: MappingProxyType[str, Any]
    memory: tuple[tuple[str, tuple[int, ...], np.dtype[Any]], ...]
    nbytes: int
    direct: dict[tuple[int, ...], Callable[[np.ndarray], np.ndarray] | None] = field(default_factory=dict)

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
        x = self.x
        run = p.direct.get(x.strides, _UNSET)
        if run is None:
            return self.run(self.canonical)
        if run is _UNSET:
            run, result = _direct(self)
            if len(p.direct) < DIRECT_STRIDES:
                p.direct[x.strides] = run
            return result
        return run(x)


DIRECT_STRIDES = 8
"""At most this many strides of one prepared call keep a direct call."""

_UNSET: Any = object()


def _direct(plan: PreparedPoolPlan) -> tuple[Callable[[np.ndarray], np.ndarray] | None, PoolResult]:
    """The result of ``plan`` and how to compute it again for an input of its shape, dtype and
    strides without the kernel's dispatch: a function of the input or None (``plan.run``).

    The function is made when the loop's input is the caller's memory read as it lies (a
    transpose and a reshape of it, no copy) and the result is the loop's array seen through a
    reshape and a transpose: both checked here on the arrays themselves (same start, shapes and
    strides), never assumed."""
    x = plan.x
    canonical = plan.canonical
    loop = None if plan.return_indices or plan.dtype != x.dtype else values_loop(canonical, plan.spec)
    if loop is None:
        return None, plan.run(canonical)
    y, out, o, values = loop.parts(canonical)
    loop.loop(y, o, *loop.args)
    result = plan.layout.from_canonical(values)
    order_in = sorted(range(x.ndim), key=lambda a: -abs(x.strides[a]))
    seen = x.transpose(order_in)
    order_out = sorted(range(result.ndim), key=lambda a: -abs(result.strides[a]))
    back = [order_out.index(a) for a in range(result.ndim)]
    out_order = tuple(result.shape[a] for a in order_out)
    again = out.reshape(out_order).transpose(back)
    if not (
        seen.flags.c_contiguous and y.flags.c_contiguous and _start(seen) == _start(y) and _same_view(again, result)
    ):
        return None, result
    run_loop, args = loop.loop, loop.args
    in_shape, out_shape, loop_shape = y.shape, out.shape, o.shape
    dtype, out_back, in_order = out.dtype, tuple(back), tuple(order_in)

    # (a transpose that keeps every axis in place is left out: the same view, one step less)
    same_in, same_out = in_order == tuple(range(x.ndim)), out_back == tuple(range(result.ndim))

    def direct(a: np.ndarray) -> np.ndarray:
        res = np.empty(out_shape, dtype)
        run_loop((a if same_in else a.transpose(in_order)).reshape(in_shape), res.reshape(loop_shape), *args)
        res = res.reshape(out_order)
        return res if same_out else res.transpose(out_back)

    return direct, result


def _start(a: np.ndarray) -> int:
    return int(a.__array_interface__["data"][0])


def _same_view(a: np.ndarray, b: np.ndarray) -> bool:
    """The same cells of the same memory in the same shape (strides of length-1 axes aside)."""
    return (
        a.shape == b.shape
        and _start(a) == _start(b)
        and all(n == 1 or s == t for n, s, t in zip(a.shape, a.strides, b.strides, strict=True))
    )
