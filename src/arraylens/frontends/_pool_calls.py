"""The pooling front-ends' whole-call cache (as the convolutions', ``docs/benchmarks.md``,
"Per-call overhead: the whole call cached").

A pooling call whose input is a NumPy float32/float64 array (exactly ``np.ndarray``, native byte
order) and whose other arguments can be keys (:func:`arraylens.frontends._memo.call_key`: None,
bool, int, float, str and lists or tuples of those, by exact type) is looked up by the input's
shape and dtype and those arguments' values. The first call runs every check and stores what
rebuilds its plan from the input alone (:mod:`arraylens.ops.pool.prepared`); a later call with
an equal key rebuilds it and runs the kernel. A refusal is never stored: it is raised anew, in
the same words, on every call. The memory limit is checked on every call. The plan of a cached
call is a ``PoolPlan`` with the checked plan's fields, so its explanation is the checked plan's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from arraylens.frontends._memo import CallCache, call_key
from arraylens.ops.pool.plan import PoolPlan
from arraylens.ops.pool.prepared import prepare

__all__ = ["POOL_CALLS", "pool_call", "pool_key"]

#: The rebuilders of pooling calls that passed every check, by :func:`pool_key`.
POOL_CALLS = CallCache(256)

Rebuild = Callable[[np.ndarray], Any]


def pool_key(op: str, input: Any, *args: Any) -> tuple[Any, ...] | None:
    """The cache key of a pooling call: ``op`` (the public name), the input's shape and dtype
    and the other arguments' values; None when the call is not cached."""
    return call_key((input,), op, *args)


def _rebuilder(plan: Any, operand: np.ndarray, read: Rebuild | None) -> Rebuild | None:
    """How to make ``plan`` again from another input of ``operand``'s shape and dtype, or None.

    A :class:`PoolPlan` whose input is the operand itself (``read`` None) or ``read(operand)``;
    a wrapper with an ``inner`` such plan and a ``rewrapper()`` method, which returns a function
    wrapping another such plan alike (Keras's keepdims). What it returns holds no array.
    """
    inner, rewrap = plan, None
    if not isinstance(plan, PoolPlan):
        inner, rewrapper = getattr(plan, "inner", None), getattr(plan, "rewrapper", None)
        if not isinstance(inner, PoolPlan) or rewrapper is None:
            return None
        rewrap = rewrapper()  # (keeps nothing of the checked plan: its input is not held by the cache)
    if read is None and inner.x is not operand:
        return None  # the plan reads something derived from the input: not rebuilt here
    prepared = prepare(inner)
    if prepared is None:
        return None
    make = prepared.plan
    if read is None and rewrap is None:
        return make
    if rewrap is None:
        return lambda a: make(read(a))  # type: ignore[misc]
    return lambda a: rewrap(make(a if read is None else read(a)))


def pool_call(key: tuple[Any, ...] | None, input: Any, build: Callable[[], Any], read: Rebuild | None = None) -> Any:
    """The plan of a pooling call: rebuilt from the input when an equal call passed every check
    before, else ``build()`` (every check), stored for the next call when it can be rebuilt.

    Parameters
    ----------
    key : tuple or None
        :func:`pool_key` of the call (None: no cache, ``build()``).
    input : ndarray
        The caller's input (an ``np.ndarray`` whenever ``key`` is not None).
    build : callable
        Builds the checked plan (raises the front-end's refusals).
    read : callable, optional
        The array the plan reads, from the input, when it is not the input itself (Keras's
        float32 cast); the front-end's own conversion.

    Returns
    -------
    The plan: the checked plan itself on a first call, a rebuilt one (a fresh object, the same
    fields) on a later one.
    """
    if key is None:
        return build()
    rebuild = POOL_CALLS.get(key)
    if rebuild is not None:
        return rebuild(input)
    plan = build()
    rebuild = _rebuilder(plan, input, read)
    if rebuild is None:
        return plan
    POOL_CALLS.put(key, rebuild)
    return plan
