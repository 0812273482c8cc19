"""One cache for the front-ends' argument checks: a call's checks read only the operands' shapes
and the other arguments, so a repeated call with the same shapes and arguments reuses their
outcome instead of redoing them (the per-call cost of a small call is mostly these checks).

An argument is used as a cache key only when it can be rebuilt exactly from the key (None, a
bool, an int, a float, a str, or a list or tuple of those): the checks then see the very same
values and types, and a refusal's message is the same word for word. Anything else (a NumPy
array or scalar, a custom object) bypasses the cache and the checks run as before. Refusals
are not cached: they are raised anew on every call.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

__all__ = ["shape_memo"]

T = TypeVar("T")

_SCALARS = (type(None), bool, int, float, str)


class _Unkeyable(Exception):
    """An argument that cannot be rebuilt exactly from a key."""


def _freeze(value: Any) -> Any:
    if type(value) in _SCALARS:
        return (type(value), value)  # the type too: 1, 1.0 and True are equal keys otherwise
    if type(value) in (list, tuple):
        return (type(value), tuple(_freeze(v) for v in value))
    raise _Unkeyable


def _thaw(key: Any) -> Any:
    kind, value = key
    if kind in (list, tuple):
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
