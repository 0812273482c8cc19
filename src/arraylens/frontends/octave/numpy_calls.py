"""The plain NumPy code that gives an :mod:`arraylens.octave` call's result, for a port.

:func:`to_numpy_call` returns source text: one expression, or a few statements followed by a
last line that is the expression (a tuple for ``nargout > 1``). The arguments are named as the
function's own Python parameters (``x`` and ``y`` for ``max(x, y)``, ``b``, ``a``, ``x`` for
``filter(b, a, x)``, ``x``, ``y``, ``xi`` for ``interp1(x, y, xi)``; in ``interp1(y, xi)``
the two given arrays are the parameters ``x`` and ``y``); the code may use ``np`` and import
``scipy``. Run with the caller's arrays bound to those names, it gives the same values, dtype
and shape as the arraylens call, including the index arrays (1-based, like Octave's).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from arraylens.core import registry
from arraylens.core.errors import ArgumentKeyError, ArgumentTypeError
from arraylens.core.text import join_ints


class NumpyCallPlan(Protocol):
    def numpy_call(self) -> str: ...


@dataclass(frozen=True)
class Given:
    """What the caller passed, as far as the NumPy code for the call depends on it."""

    shape: tuple[int, ...]
    narrowed: bool  # complex with all-zero imaginary parts: Octave (and arraylens) read it as real
    dtype: str = ""  # the caller's dtype (after narrowing), "" if unknown
    source: str = ""  # NumPy code in the caller's array that made this argument (see derived), or ""
    source_name: str = "x"  # the caller's name of that array
    source_checked: bool = False  # the composed line was run against arraylens' result
    is_array: bool = True  # a NumPy array or scalar (a Python list or number has no .reshape)


class Derived(np.ndarray):
    """An argument made from the caller's ``x`` by an earlier Octave step (``x'`` in
    ``fft(x')``), carrying that step's NumPy code: the next call's NumPy line then starts from
    the caller's ``x`` (one line for the whole expression, never one per step)."""

    numpy_source: str = ""
    numpy_name: str = "x"
    numpy_checked: bool = False


def derived(value: Any, numpy_source: str, *, name: str = "x", checked: bool = False) -> Derived:
    """``value`` marked as made from the caller's array by the NumPy code ``numpy_source``,
    written in ``x`` as :func:`to_numpy_call` writes it (e.g. ``"x.reshape(1, 4).conj().T"``).

    ``name`` is what the caller calls that array (the NumPy line is written in it); ``checked``
    says that the composed line was run and gave arraylens' result (the line then says so).
    """
    out = np.asarray(value).view(Derived)
    out.numpy_source = compose_numpy(numpy_source, name) if name != "x" else numpy_source
    out.numpy_name = name
    out.numpy_checked = checked
    return out


def given(x: Any) -> Given:
    """The :class:`Given` of an argument.

    Raises
    ------
    TypeError
        If ``x`` cannot be read as an array (a ragged list).
    """
    try:
        dtype = np.asarray(x).dtype
    except ValueError as exc:
        raise ArgumentTypeError(f"an argument could not be read as a numeric array ({exc})") from None
    narrowed = bool(np.iscomplexobj(x) and not np.any(np.imag(x)))
    if narrowed:
        dtype = np.zeros(0, dtype).real.dtype
    return Given(tuple(np.shape(x)), narrowed, dtype.name, getattr(x, "numpy_source", ""),
                 getattr(x, "numpy_name", "x"), getattr(x, "numpy_checked", False),
                 isinstance(x, (np.ndarray, np.generic)))


def compose_numpy(outer: str, inner: str) -> str:
    """``outer`` (NumPy code in ``x``) applied to the result of ``inner`` (code in ``x``)."""
    return re.sub(r"\bx\b", lambda _: inner, outer)


def from_caller(code: str, source: Given) -> str:
    """``code`` (in the argument ``x``) rewritten in the caller's ``x`` when the argument was
    :func:`derived` from it."""
    return compose_numpy(code, source.source) if source.source else code


def prepared(name: str, source: Given, shape: Sequence[int], dtype: Any = None) -> str:
    """``name`` as Octave sees it: its real part if Octave narrows it, converted to ``dtype``
    when that is given and differs (an integer class read as double, float16 as single;
    integer classes are converted to another integer class with Octave's rounding), reshaped
    when the NumPy shape differs (1-d, 0-d, trailing singleton dimensions)."""
    base = name if source.is_array or name.startswith("np.") else f"np.asarray({name})"
    expr = f"{base}.real" if source.narrowed else base
    if dtype is not None and source.dtype and np.dtype(dtype).name != source.dtype:
        dt = np.dtype(dtype)
        if dt.kind in "iu" and np.dtype(source.dtype).kind not in "iub":
            expr = octave_integer(expr, dt)
        elif expr == base and not source.is_array:
            expr = f"np.asarray({name}, dtype=np.{dt.name})"
        else:
            expr = f"np.asarray({expr}, dtype=np.{dt.name})"
    if source.shape == tuple(shape):
        return expr
    if source.shape == ():
        return f"np.reshape({expr}, ({join_ints(shape)}))"
    return f"{expr}.reshape({join_ints(shape)})"


def octave_integer(expr: str, dtype: np.dtype[Any]) -> str:
    """NumPy code converting real values ``expr`` to an integer class as Octave does: rounded
    half away from zero, NaN to 0, saturated."""
    info = np.iinfo(dtype)
    return (
        f"np.clip(np.nan_to_num(np.where(np.abs(np.asarray({expr}, dtype=float) % 1 - 0.5) == 0, "
        f"np.trunc({expr}) + np.sign({expr}), np.round({expr})), nan=0), {info.min}, {info.max})"
        f".astype(np.{dtype.name})"
    )


def fit_shape(expr: str, shape: Sequence[int], wanted: Sequence[int]) -> str:
    """``expr`` (whose result has ``shape``) reshaped to ``wanted`` when they differ."""
    if tuple(shape) == tuple(wanted):
        return expr
    return f"({expr}).reshape({join_ints(wanted)})"


def to_numpy_call(name: str, *args: Any, **kwargs: Any) -> str:
    """The NumPy code equivalent to ``arraylens.octave.<name>(*args, **kwargs)``.

    Parameters
    ----------
    name : str
        An :mod:`arraylens.octave` function name (``"fft"``, ``"max"``, ``"cov"``, ...).
    *args, **kwargs
        The call's arguments, exactly as for the function itself (the arrays are needed: the
        default dimension depends on their shapes).

    Returns
    -------
    str
        Source text using ``np`` and the function's parameter names (see the module's
        docstring); its last line evaluates to the arraylens (= Octave) result.

    Raises
    ------
    KeyError
        If ``name`` is not an :mod:`arraylens.octave` function.
    ValueError, TypeError
        Whatever the call itself raises for these arguments.
    """
    known = {e.op.removeprefix("octave."): e.fn for e in registry.entries("octave")}
    if name not in known:
        raise ArgumentKeyError(
            f"arraylens.octave has no function {name!r}; known: {', '.join(sorted(known))}"
        )
    plan: NumpyCallPlan = known[name].build_plan(*args, **kwargs)  # type: ignore[assignment]
    return plan.numpy_call()


def float_source(v: float) -> str:
    """A float as Python source: ``np.nan``, ``np.inf``, ``-np.inf`` where ``repr`` is not
    source, else ``repr``."""
    if math.isnan(v):
        return "np.nan"
    if math.isinf(v):
        return "np.inf" if v > 0 else "-np.inf"
    return repr(float(v))


def source_name(value: Any, name: str) -> str:
    """The name a NumPy call uses for an argument: ``name`` for a NumPy array or scalar,
    ``np.asarray(name)`` for a Python list, tuple or number (which has no ``.reshape``)."""
    return name if isinstance(value, (np.ndarray, np.generic)) else f"np.asarray({name})"
