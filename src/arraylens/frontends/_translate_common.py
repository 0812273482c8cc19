"""Small helpers the frameworks' translate vocabularies share (see ``*_translate.py``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["call_writer", "index_text", "literal", "python_scalar", "same_scalar", "uniform_fill"]


def python_scalar(value: Any, dtype: Any) -> Any:
    """``value`` cast to ``dtype`` as a Python ``bool``, ``int`` or ``float`` (exact for the dtype)."""
    return np.array(value).astype(dtype).item()


def literal(value: Any) -> str:
    """``repr(value)`` that runs as Python code: a NaN or an infinity, also inside a tuple or
    list, is written ``float('nan')``/``float('inf')`` (``repr`` gives the unbound ``nan``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value).lstrip('-')!r})" if value > 0 or value != value else "-float('inf')"
    if isinstance(value, tuple | list):
        inner = ", ".join(literal(v) for v in value) + ("," if isinstance(value, tuple) and len(value) == 1 else "")
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    return repr(value)


def same_scalar(a: Any, b: Any) -> bool:
    """``a == b``, with NaN equal to NaN (a NaN fill is one constant, the same on every side)."""
    return bool(a == b) or (a != a and b != b)


def uniform_fill(spec: Any, dtype: Any) -> tuple[Any, str]:
    """The one constant every padded side of a ``constant`` ``PadSpec`` uses, or ``(None, why)``."""
    fills: list[Any] = []
    for (b, a), pair in zip(spec.widths, spec.values, strict=True):
        for w, v in zip((b, a), pair, strict=True):
            value = python_scalar(v, dtype)
            if w > 0 and not any(same_scalar(value, f) for f in fills):
                fills.append(value)
    if len(fills) > 1:
        return None, f"the source pads with several constants {fills}; one call takes one"
    return (fills[0] if fills else python_scalar(0, dtype)), ""


def index_text(var: str, ndim: int, axis: int, start: int, stop: int) -> str:
    """``v[:, :, start:stop]``: a basic slice of one axis."""
    parts = [":"] * ndim
    parts[axis] = f"{start}:{stop}"
    return f"{var}[{', '.join(parts)}]"


def call_writer(head: str, tail: str) -> Callable[[str], str]:
    """The expression writer ``v -> head + v + tail`` (a pooling proposal's call on ``v``)."""
    return lambda v: f"{head}{v}{tail}"
