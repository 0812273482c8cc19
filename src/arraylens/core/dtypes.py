"""The dtype rules shared by every kernel."""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentTypeError


def as_real_array(a: Any, name: str) -> np.ndarray:
    """``a`` as a real floating-point NumPy array, following the kernels' dtype rule.

    float32 stays float32 and float64 stays float64; float16 computes in float32; integer and
    boolean inputs compute in float64.

    Raises
    ------
    TypeError
        If ``a`` is complex or not numeric (strings, objects, ragged lists), naming ``name``.
    """
    try:
        arr = np.asarray(a)
    except ValueError as exc:  # ragged nested lists
        raise ArgumentTypeError(f"{name} must be a numeric array; it could not be read as one ({exc})") from None
    kind = arr.dtype.kind
    if kind == "c":
        raise ArgumentTypeError(f"{name} is complex ({arr.dtype}); this operation is defined for real inputs only")
    if kind == "f":
        if arr.dtype == np.float16:
            return arr.astype(np.float32)
        if arr.dtype not in (np.float32, np.float64):
            return arr.astype(np.float64)
        return arr
    if kind in "iub":
        return arr.astype(np.float64)
    raise ArgumentTypeError(f"{name} must be a real numeric array, got dtype {arr.dtype}")


def result_dtype(*arrays: np.ndarray) -> np.dtype[Any]:
    """The floating dtype two or more already-converted arrays compute in (NumPy promotion)."""
    return np.result_type(*arrays)
