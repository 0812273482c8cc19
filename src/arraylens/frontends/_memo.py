"""Caches for the front-ends' argument checks.

:func:`shape_memo`: a call's checks read only the operands' shapes and the other arguments, so a
repeated call with the same shapes and arguments reuses their outcome instead of redoing them
(the per-call cost of a small call is mostly these checks).

:func:`call_key` and :class:`CallCache`: a whole call's checked outcome (a prepared plan, see
:mod:`arraylens.ops.conv.prepared`) by the operands' shapes and dtype and the other arguments'
values, so a repeated call does a dictionary look-up, the kernel and the result.

An argument is used as a key only when it can be rebuilt exactly from the key (None, a bool, an
int, a float, a str, or a list or tuple of those; the key keeps the type, so ``1``, ``1.0``,
``True``, ``[1]`` and ``(1,)`` are different keys, and so are ``0.0`` and ``-0.0``): the checks
then see the very same values and types, and a refusal's message is the same word for word.
Anything else (a NumPy array or scalar, a custom object) bypasses the caches and the checks run
as before. Refusals are not cached: they are raised anew on every call.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np

from arraylens.ops.conv.prepared import PREPARED_DTYPES

__all__ = ["CallCache", "call_key", "shape_memo"]

T = TypeVar("T")


class _Unkeyable(Exception):
    """An argument that cannot be rebuilt exactly from a key."""


def _freeze(value: Any) -> Any:
    kind = type(value)
    if kind is int or kind is str or value is None:
        return value  # equal only to an int, a str, None: no other key is one of these
    if kind is float:
        return (float, value, math.copysign(1.0, value))  # 0.0 == -0.0: the sign too
    if kind is bool:
        return (bool, value)
    if kind is tuple or kind is list:
        for v in value:
            if type(v) is not int:
                return (kind, tuple(map(_freeze, value)))
        return (kind, tuple(value))  # ints only (the usual strides and shapes): each its own key
    raise _Unkeyable


def _thaw(key: Any) -> Any:
    if type(key) is not tuple:
        return key
    kind, value = key[0], key[1]
    if kind is tuple or kind is list:
        return kind(_thaw(v) for v in value)
    return value


@lru_cache(maxsize=512)
def _cached(fn: Callable[..., Any], keys: tuple[Any, ...]) -> Any:
    return fn(*(_thaw(k) for k in keys))


def shape_memo(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, from a cache when every argument can be a key.

    Parameters
    ----------
    fn : callable
        A pure function of its arguments (shapes as tuples of int, and the caller's other
        arguments) whose result may be shared by every call with equal arguments.
    *args
        Its arguments.

    Returns
    -------
    ``fn(*args)``; with the cache, the very object an earlier equal call returned.
    """
    try:
        keys = tuple(_freeze(a) for a in args)
    except _Unkeyable:
        return fn(*args)
    return _cached(fn, keys)


def call_key(operands: tuple[Any, ...], *args: Any) -> tuple[Any, ...] | None:
    """A key for a whole call whose prepared plan may serve every call with an equal key.

    Parameters
    ----------
    operands : tuple
        The call's arrays (None for an absent one, e.g. no bias): each must be a NumPy array
        (exactly, not a subclass) and all of one dtype, float32 or float64 in native byte
        order. Their shapes and that dtype enter the key, not their values.
    *args
        The call's other arguments, whose values enter the key (see the module's notes).

    Returns
    -------
    tuple or None
        None when an operand or an argument cannot be a key: then the call is not cached.
    """
    dtype = None
    key: list[Any] = []
    for a in operands:
        if a is None:
            key.append(None)
            continue
        if type(a) is not np.ndarray:
            return None
        if dtype is None:
            dtype = a.dtype
            if dtype not in PREPARED_DTYPES:
                return None
        elif a.dtype != dtype:
            return None
        key.append(a.shape)
    key.append(dtype)
    try:
        for a in args:
            kind = type(a)
            key.append(a if kind is int or kind is str or a is None else _freeze(a))  # _freeze's first case, inline
    except _Unkeyable:
        return None
    return tuple(key)


class CallCache:
    """At most ``maxsize`` prepared calls by :func:`call_key` (the oldest leaves first).

    Only calls that passed every check are stored; a look-up and a store are single dictionary
    operations, safe across threads.
    """

    def __init__(self, maxsize: int) -> None:
        self._data: dict[Hashable, Any] = {}
        self._maxsize = maxsize

    def get(self, key: Hashable) -> Any:
        """The stored value, or None."""
        return self._data.get(key)

    def put(self, key: Hashable, value: Any) -> None:
        """Store ``value`` (evicting the oldest entry when full)."""
        data = self._data
        if len(data) >= self._maxsize:
            try:
                del data[next(iter(data))]
            except (KeyError, RuntimeError, StopIteration):  # another thread got there first
                pass
        data[key] = value

    def clear(self) -> None:
        """Forget every entry."""
        self._data.clear()
