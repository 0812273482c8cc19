"""How ``arraylens explain`` reads the options of the spread and order statistics (``--p``,
``--w``/``--opt``, ``--dim``): comma-separated numbers, a weight or weights, a dim or "all"."""

from __future__ import annotations

from typing import Any

import numpy as np


def floats(text: str) -> np.ndarray:
    """``"0.1,0.9"`` (or ``"[0.1, 0.9]"``) -> ``array([0.1, 0.9])``; raises ValueError for other text."""
    inner = text.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    try:
        return np.array([float(t) for t in inner.replace(" ", "").split(",") if t], dtype=np.float64)
    except ValueError:
        raise ValueError(f"expected comma-separated numbers, got {text!r}") from None


def weights(text: str) -> Any:
    """One number -> that number (0 or 1 selects N - 1 or N); several -> a weight vector."""
    values = floats(text)
    if values.size == 1:
        v = float(values[0])
        return int(v) if v.is_integer() else v
    return values


def dim_or_all(text: str) -> Any:
    """``"2"`` -> 2, ``"all"`` -> ``"all"``."""
    if text.strip().lower() == "all":
        return "all"
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"--dim: expected a 1-based dimension or 'all', got {text!r}") from None
