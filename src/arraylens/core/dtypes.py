"""The dtype rules shared by every kernel."""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentTypeError


def native_byte_order(a: np.ndarray) -> np.ndarray:
    """``a`` in the machine's byte order: a byte-swapped ``'>f4'`` array (a big-endian ``.npy``
    file) holds the same float32 values as ``'<f4'``; kernels and dtype comparisons take the
    native one. Other arrays are returned as they are."""
    if a.dtype.kind in "biufc" and not a.dtype.isnative:
        return a.astype(a.dtype.newbyteorder("="))
    return a


def as_real_array(a: Any, name: str) -> np.ndarray:
    """``a`` as a real floating-point NumPy array, following the kernels' dtype rule.

    float32 stays float32 and float64 stays float64 (a byte-swapped one in native byte order);
    float16 computes in float32; integer and boolean inputs compute in float64.

    Raises
    ------
    TypeError
        If ``a`` is complex or not numeric (strings, objects, ragged lists), naming ``name``.
    """
    try:
        arr = native_byte_order(np.asarray(a))
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
