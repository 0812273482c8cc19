"""Small helpers the frameworks' translate vocabularies share (see ``*_translate.py``)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["index_text", "python_scalar", "uniform_fill"]


def python_scalar(value: Any, dtype: Any) -> Any:
    """``value`` cast to ``dtype`` as a Python ``bool``, ``int`` or ``float`` (exact for the dtype)."""
    return np.array(value).astype(dtype).item()


def uniform_fill(spec: Any, dtype: Any) -> tuple[Any, str]:
    """The one constant every padded side of a ``constant`` ``PadSpec`` uses, or ``(None, why)``."""
    fills = {
        python_scalar(v, dtype)
        for (b, a), pair in zip(spec.widths, spec.values, strict=True)
        for w, v in zip((b, a), pair, strict=True)
        if w > 0
    }
    if len(fills) > 1:
        return None, f"the source pads with several constants {sorted(fills)}; one call takes one"
    return (next(iter(fills)) if fills else python_scalar(0, dtype)), ""


def index_text(var: str, ndim: int, axis: int, start: int, stop: int) -> str:
    """``v[:, :, start:stop]``: a basic slice of one axis."""
    parts = [":"] * ndim
    parts[axis] = f"{start}:{stop}"
    return f"{var}[{', '.join(parts)}]"
