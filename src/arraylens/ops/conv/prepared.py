"""Convolution plans whose computation is worked out once per shapes, dtypes and spec.

A front-end that has checked a call builds a :class:`ConvTransposePlan` or :class:`ConvPlan`;
:func:`prepare` takes from it everything that depends on the operands' shapes and dtypes and on
the call's other arguments only (the spec, the layouts, the notes, the output's shape, the
arrays the memory check counts), and :meth:`Prepared.plan` makes the plan of another call with
the same shapes, dtypes and arguments from its operands alone, without any of the checks
again. Its :meth:`~PreparedConvTransposePlan.compute` runs what the plan's own ``compute`` runs
(the memory limit, the kernel, the bias and the caller's layout, the framework's dtype) minus
the work that only repeats the first call's answers; :meth:`explain` is the plan's own.

Only float32 and float64 calls with non-empty operands and output are prepared: for those the
plan's ``compute`` warns about nothing (integer results may warn about precision, which depends
on the operands' values) and the front-ends' special cases for empty arrays (PyTorch's
0-channel input, JAX's empty axes) do not arise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

import numpy as np

from arraylens.core.dtype_rules import SEARCHED_TOGETHER, any_subnormal, finish, flush_subnormals
from arraylens.core.limits import check_allocation, check_allocations, surely_fits
from arraylens.ops.conv.kernel import run_conv, run_conv_transpose
from arraylens.ops.conv.plan import ConvPlan, ConvTransposePlan

__all__ = ["PREPARED_DTYPES", "Prepared", "PreparedConvPlan", "PreparedConvTransposePlan", "prepare"]

#: The dtypes a prepared plan serves: operands and result all float32, or all float64 (the
#: front-ends' call caches key only calls of these).
PREPARED_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))

PlanT = TypeVar("PlanT", "PreparedConvTransposePlan", "PreparedConvPlan")


@dataclass(frozen=True, eq=False)
class Prepared(Generic[PlanT]):
    """What a checked convolution plan's computation needs besides its operands.

    Attributes
    ----------
    kind : type
        :class:`PreparedConvTransposePlan` or :class:`PreparedConvPlan`.
    fields : dict
        The plan's fields other than ``x``, ``w`` and ``bias`` (op, spec, layouts, notes, ...).
    dtype : numpy dtype
        The dtype the kernel computes in (float32 or float64).
    memory : tuple
        What the memory check counts: ``(what, shape, dtype)`` per array, checked together
        (forward), or the result alone (transposed).
    out_size : int
        The result's number of elements.
    nbytes : int
        The bytes of ``memory``'s arrays together: a call whose bytes
        :func:`~arraylens.core.limits.surely_fits` skips the check's sums and messages.
    """

    kind: type[PlanT]
    fields: dict[str, Any]
    dtype: np.dtype[Any]
    memory: tuple[tuple[str, tuple[int, ...], Any], ...]
    out_size: int
    nbytes: int = field(init=False)

    _rest: dict[str, Any] = field(init=False, repr=False)  # the fields but the notes

    def __post_init__(self) -> None:
        total = sum(math.prod(shape) * np.dtype(dt).itemsize for _, shape, dt in self.memory)
        object.__setattr__(self, "nbytes", total)
        object.__setattr__(self, "_rest", {k: v for k, v in self.fields.items() if k != "notes"})

    def plan(self, x: np.ndarray, w: np.ndarray, bias: np.ndarray | None) -> PlanT:
        """The plan of a call with the prepared call's shapes, dtypes and arguments.

        Parameters
        ----------
        x, w : ndarray
            The canonical operands, as the front-end's own plan holds them.
        bias : ndarray or None
            As the front-end's own plan holds it.

        Returns
        -------
        PreparedConvTransposePlan or PreparedConvPlan
            A plan like the front-end's, whose ``compute`` skips what the first call settled.
        """
        notes = list(self.fields["notes"])  # each plan owns its list, as the front-ends' do
        return self.kind(x=x, w=w, bias=bias, notes=notes, prepared=self, **self._rest)

    def plan_flushing(self, x: np.ndarray, w: np.ndarray) -> PlanT | None:
        """The plan of a small call whose framework reads subnormal operands as zero (TensorFlow),
        with its result already computed; None for a call that is not small.

        The result of operands without subnormals is the result of their flushed copies: a
        small call (operands and result at most :data:`~arraylens.core.dtype_rules.SEARCHED_TOGETHER`
        elements, no bias, memory far below the limit) is computed from ``x`` and ``w`` as they
        are, and the operands and result are searched for subnormals once, together, instead of
        three times. When the search finds none, the plan holds ``x``, ``w`` and that result
        (handed out by its first ``compute``); otherwise the plan of the flushed operands, which
        computes and flushes its result as usual. Either way the plan's ``x`` and ``w`` are the
        operands as the framework reads them.

        Parameters
        ----------
        x, w : ndarray
            The caller's canonical operands (not yet flushed), of the prepared call's shapes
            and dtype.
        """
        if x.size + w.size + self.out_size > SEARCHED_TOGETHER or not surely_fits(self.nbytes):
            return None
        plan = self.plan(x, w, None)
        out = plan.unfinished(memory_checked=True)
        if any_subnormal(x, w, out):
            return self.plan(flush_subnormals(x), flush_subnormals(w), None)
        plan.result = out  # no subnormal: nothing to flush, and the dtype is already the result's
        return plan


def _same_float(plan: ConvTransposePlan | ConvPlan) -> np.dtype[Any] | None:
    """The dtype of a plan whose operands and result share one float32/float64 dtype, else None."""
    dtype = plan.x.dtype
    if dtype not in PREPARED_DTYPES or plan.w.dtype != dtype:
        return None
    if plan.bias is not None and plan.bias.dtype != dtype:
        return None
    if plan.out_dtype is not None and np.dtype(plan.out_dtype) != dtype:
        return None
    return dtype


@overload
def prepare(plan: ConvTransposePlan) -> Prepared[PreparedConvTransposePlan] | None: ...
@overload
def prepare(plan: ConvPlan) -> Prepared[PreparedConvPlan] | None: ...


def prepare(plan: ConvTransposePlan | ConvPlan) -> Prepared[Any] | None:
    """What :meth:`Prepared.plan` needs to rebuild ``plan`` for other operands of its shapes.

    Parameters
    ----------
    plan : ConvTransposePlan or ConvPlan
        A plan a front-end built after checking its call.

    Returns
    -------
    Prepared or None
        None unless the operands (and bias and result) share one float32/float64 dtype and
        neither they nor the output are empty: other plans keep their own ``compute``.
    """
    dtype = _same_float(plan)
    if dtype is None:
        return None
    out = plan.canonical_out_shape
    if plan.x.size == 0 or plan.w.size == 0 or any(o <= 0 for o in out):
        return None  # empty operands and results have their own rules in the front-ends
    fields: dict[str, Any] = {
        "op": plan.op,
        "spec": plan.spec,
        "layouts": plan.layouts,
        "notes": tuple(plan.notes),
        "out_dtype": plan.out_dtype,
        "flush_subnormals": plan.flush_subnormals,
    }
    if isinstance(plan, ConvTransposePlan):
        fields["describe"] = plan.describe
        memory = ((f"the result of {plan.op}", out, dtype),)
        return Prepared(PreparedConvTransposePlan, fields, dtype, memory, math.prod(out))
    fields["transposed"] = plan.transposed
    return Prepared(PreparedConvPlan, fields, dtype, tuple(plan.memory_parts()), math.prod(out))


@dataclass
class PreparedConvTransposePlan(ConvTransposePlan):
    """A :class:`ConvTransposePlan` made by :meth:`Prepared.plan`: the same result, computed
    without the checks and sizes the first call of its shapes worked out."""

    prepared: Prepared | None = None
    #: A result computed with the plan (:meth:`Prepared.plan_flushing`), handed out once.
    result: np.ndarray | None = field(default=None, init=False, repr=False)

    def compute(self) -> np.ndarray:
        out, self.result = self.result, None
        if out is not None:
            return out
        if self.prepared is None:
            return super().compute()
        return finish(self.unfinished(), self.out_dtype, self.flush_subnormals)

    def unfinished(self, memory_checked: bool = False) -> np.ndarray:
        """The result in the caller's layout, before :func:`finish` (a prepared plan's only);
        the memory limit is checked first unless ``memory_checked``."""
        p = self.prepared
        assert p is not None
        if not memory_checked and not surely_fits(p.nbytes):
            what, shape, dtype = p.memory[0]
            check_allocation(shape, dtype, what)
        return self._add_bias(run_conv_transpose(self.x, self.w, self.spec, p.dtype, self.layouts.out))


@dataclass
class PreparedConvPlan(ConvPlan):
    """A :class:`ConvPlan` made by :meth:`Prepared.plan` (see :class:`PreparedConvTransposePlan`)."""

    prepared: Prepared | None = None
    #: See :class:`PreparedConvTransposePlan`.
    result: np.ndarray | None = field(default=None, init=False, repr=False)

    def compute(self) -> np.ndarray:
        out, self.result = self.result, None
        if out is not None:
            return out
        if self.prepared is None:
            return super().compute()
        return finish(self.unfinished(), self.out_dtype, self.flush_subnormals)

    def unfinished(self, memory_checked: bool = False) -> np.ndarray:
        """See :meth:`PreparedConvTransposePlan.unfinished`."""
        p = self.prepared
        assert p is not None
        if not memory_checked and not surely_fits(p.nbytes):
            check_allocations(p.memory, self.op)
        return self._add_bias(run_conv(self.x, self.w, self.spec, p.dtype, self.layouts.out))
