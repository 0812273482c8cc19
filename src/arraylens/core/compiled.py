"""Compiled kernels: a loop written in Python, compiled by numba on its first call.

arraylens computes with NumPy and BLAS wherever their passes reach the peers' speed. Where a
measurement shows they cannot (pooling reads its input several times through strided views;
a compiled loop reads it once), the loop is written here in plain Python over arrays and
compiled with `numba <https://numba.pydata.org>`_ (a well-kept package with wheels on PyPI).

The decorator keeps ``import arraylens`` free of numba's import and of any compilation: numba
is imported and the function compiled on the first call, once per process and per argument
types, and the machine code is cached on disk (``cache=True``: ``__pycache__`` beside the
module, or numba's user cache directory when that is read-only), so later processes load it.

Compiled code keeps IEEE semantics: ``fastmath`` is off (no reassociation: a sum adds in the
order the loop says, which is the order an explanation shows) and ``error_model='numpy'``
(division by zero gives inf/NaN, as NumPy does, never an exception).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["compiled", "jitable"]

F = TypeVar("F", bound=Callable[..., Any])

#: Helpers marked by :func:`jitable` not yet made known to numba (done before the next compile).
_PENDING: list[tuple[Callable[..., Any], str]] = []

#: One first compile at a time: the resize kernel's worker threads may call a kernel's first
#: call together; they wait for one compile instead of racing on ``_PENDING`` (a pop from an
#: emptied list) and compiling twice.
_COMPILING = threading.Lock()


def jitable(fn: F | None = None, *, inline: bool = True) -> Any:
    """Mark a module-level scalar helper as callable from :func:`compiled` kernels.

    The function itself is returned unchanged (plain Python, callable as such); before any
    kernel is compiled, numba is told to compile it into the kernels that call it (its
    ``register_jitable``, with the kernels' options, inlined: a call per element would cost
    more than the helper), so that one rule written once serves several kernels. A kernel's
    on-disk cache is keyed to its own source file: a helper in another file that changes does
    not invalidate it (keep helpers beside their kernels).

    Parameters
    ----------
    fn : callable
        A module-level function of scalars (or, with ``inline=False``, of arrays) in numba's
        nopython subset.
    inline : bool
        Inline the helper into its callers in numba's own IR (the default). ``False``: compile it
        as a function of its own that LLVM may still inline: for helpers with loops, which numba's
        IR inliner handles badly (it warns ``NumbaIRAssumptionWarning``) and compiles slowly.

    Returns
    -------
    callable
        ``fn``.
    """

    def mark(func: F) -> F:
        _PENDING.append((func, "always" if inline else "never"))
        return func

    return mark if fn is None else mark(fn)


def _register_pending() -> None:
    import numba.extending

    while _PENDING:
        func, inline = _PENDING.pop()
        numba.extending.register_jitable(fastmath=False, error_model="numpy", inline=inline)(func)


def compiled(fn: F | None = None, *, parallel: bool = False) -> Any:
    """Compile ``fn`` with ``numba.njit`` on its first call.

    Parameters
    ----------
    fn : callable
        A module-level function over NumPy arrays and scalars, in numba's nopython subset.
    parallel : bool
        Compile ``numba.prange`` loops to run on numba's threads (its own pool, sized by
        ``numba.set_num_threads``); off by default so that a kernel runs on the calling thread.

    Returns
    -------
    callable
        Calls the compiled function; ``.py_func`` is the plain Python one (for tests on tiny
        inputs and for reading).

    Notes
    -----
    Options fixed for every kernel: ``cache=True``, ``nogil=True``, ``fastmath=False``,
    ``error_model='numpy'``.
    """

    def wrap(func: F) -> Any:
        jitted: Any = None

        @functools.wraps(func)
        def call(*args: Any) -> Any:
            nonlocal jitted
            if jitted is None:
                with _COMPILING:
                    if jitted is None:
                        import numba

                        _register_pending()
                        jitted = numba.njit(
                            cache=True, nogil=True, fastmath=False, error_model="numpy", parallel=parallel
                        )(func)
            return jitted(*args)

        call.py_func = func  # type: ignore[attr-defined]
        return call

    return wrap if fn is None else wrap(fn)
