"""Octave's arithmetic of a real and a complex operand: part by part.

Octave multiplies (and divides) a complex array by a real one part by part: ``2 * (1+Inf i)``
is ``2+Inf i``, ``(-2.53i) / 2.53`` is exactly ``-1i``. NumPy first makes the real operand
complex, so the cross terms bring ``0 * Inf = NaN`` (``nan+infj``), and its complex division
multiplies by a reciprocal (off by one ulp). These helpers do it Octave's way; real operands
give NumPy's own product and quotient.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _complex_type(r: np.ndarray, z: np.ndarray) -> type[np.complexfloating[Any, Any]]:
    """Octave's class of a real-complex result: single if either operand is single."""
    return np.complex64 if np.float32 in (r.dtype, z.dtype.type(0).real.dtype) else np.complex128


def real_times(w: Any, z: np.ndarray) -> np.ndarray:
    """``w .* z`` with ``w`` real (array or scalar), broadcast."""
    z = np.asarray(z)
    if z.dtype.kind != "c":
        return np.asarray(w * z)
    w = np.asarray(w)
    out = np.empty(np.broadcast_shapes(w.shape, z.shape), dtype=_complex_type(w, z))
    out.real, out.imag = w * z.real, w * z.imag
    return out


def over_real(z: np.ndarray, d: Any) -> np.ndarray:
    """``z ./ d`` with ``d`` real (array or scalar), broadcast."""
    z = np.asarray(z)
    if z.dtype.kind != "c":
        return np.asarray(z / d)
    d = np.asarray(d)
    out = np.empty(np.broadcast_shapes(d.shape, z.shape), dtype=_complex_type(d, z))
    out.real, out.imag = z.real / d, z.imag / d
    return out


def py_real_times(w: float, z: complex | float) -> complex | float:
    """``w * z`` of Python numbers, part by part for a complex ``z`` (explanations)."""
    if isinstance(z, complex):
        return complex(w * z.real, w * z.imag)
    return w * z
