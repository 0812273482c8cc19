"""Result dtypes: the kernels compute in float32/float64, the front-ends return the framework's dtype.

The kernels follow :func:`arraylens.core.dtypes.as_real_array` (float16 and bfloat16 compute in
float32, integers in float64). A front-end decides the dtype its framework returns and how the
framework treats tiny numbers; :func:`finish` applies that decision to a computed result once:

* floating results are rounded to the framework's dtype, overflowing to +-inf as IEEE
  rounding does (float16's largest finite value is 65504);
* integer results wrap modulo ``2**bits`` as the frameworks' integer kernels do (the float64
  computation is exact while every value stays below ``2**53``; past that a
  :class:`DtypeWarning` says the low bits may differ);
* ``flush_subnormals`` sets subnormal results to zero, as CPU kernels that run with
  flush-to-zero do (TensorFlow's), in the float32/float64 arithmetic the result is computed in
  and before it is rounded to a narrower dtype (see :func:`finish`).

Where arraylens computes or returns anything other than what the framework does, on purpose,
the front-end's docstring says so and a :class:`DtypeWarning` is raised.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

__all__ = ["SEARCHED_TOGETHER", "DtypeWarning", "any_subnormal", "finish", "flush_subnormals", "warn_dtype"]

_EXACT = 2.0**53
_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)


class DtypeWarning(UserWarning):
    """arraylens computes or returns a dtype, or a precision, other than the framework's.

    Raised where a front-end knowingly departs from its framework's dtype rule (for instance a
    float16 transposed convolution that the framework accumulates in float16 while arraylens
    accumulates in float32 and rounds once); the message names the framework, the dtype and
    what may differ.
    """


def warn_dtype(message: str) -> None:
    """Raise :class:`DtypeWarning` with ``message``, attributed to the caller of the front-end."""
    warnings.warn(message, DtypeWarning, stacklevel=4)


# Bit patterns of float32/float64: the magnitude's bits, and the largest subnormal's.
_BITS: dict[np.dtype[Any], tuple[Any, Any, Any]] = {
    np.dtype(np.float32): (np.uint32, np.uint32(0x7FFFFFFF), np.uint32(0x007FFFFF)),
    np.dtype(np.float64): (np.uint64, np.uint64(0x7FFFFFFFFFFFFFFF), np.uint64(0x000FFFFFFFFFFFFF)),
}
# The smallest normal value of each dtype the search reads, as a scalar of that dtype (the
# comparison then stays in the array's dtype).
_TINY: dict[np.dtype[Any], Any] = {np.dtype(t): np.finfo(t).tiny for t in (np.float16, np.float32, np.float64)}
_CHUNK = 1 << 15  # elements per pass of the subnormal search (stays in cache)
_SMALL = 1 << 12  # up to this many elements, one pass
_TINY_ARRAY = 512  # up to this many elements, the count test (fewer NumPy calls; measured faster)


def _has_subnormal(a: np.ndarray) -> bool:
    """Whether the float32/float64 array ``a`` holds a subnormal value.

    Up to :data:`_TINY_ARRAY` elements (any memory layout): ``0 < |v| < tiny`` counted as the
    values below ``tiny`` plus the nonzero values, which exceeds the size exactly when some value
    is both (NaN is neither below ``tiny`` nor zero; zeros are below ``tiny`` but not nonzero).
    Larger arrays (contiguous): a value is subnormal exactly when the bits of its magnitude lie
    in ``[1, largest subnormal]``; ``bits - 1`` wraps zero to the largest integer, so one minimum
    per cache-sized chunk answers it, without an array-sized temporary.
    """
    if a.size <= _TINY_ARRAY:
        return bool(np.count_nonzero(abs(a) < _TINY[a.dtype]) + np.count_nonzero(a) > a.size)
    utype, mask, largest = _BITS[a.dtype]
    bits = a.reshape(-1).view(utype)
    if bits.size <= _SMALL:  # one pass, in as few NumPy calls as possible
        t = bits & mask
        t -= utype(1)
        return bool(t.min() < largest)
    step = max(1 << 12, min(_CHUNK, bits.size // 8))  # the work array: at most 1/8 of ``a``
    buf = np.empty(step, dtype=utype)
    for start in range(0, bits.size, step):
        part = bits[start : start + step]
        t = buf[: part.size]
        np.bitwise_and(part, mask, out=t)
        np.subtract(t, utype(1), out=t)
        if t.min() < largest:
            return True
    return False


#: Arrays of at most this many elements together are searched by :func:`any_subnormal` in one pass.
SEARCHED_TOGETHER = _TINY_ARRAY


def any_subnormal(*arrays: np.ndarray) -> bool:
    """Whether any of the float32/float64 ``arrays`` holds a subnormal value.

    Arrays of one dtype with at most :data:`SEARCHED_TOGETHER` elements together are searched
    in one pass over their concatenation (each NumPy call costs about as much as the search of
    a small array); others one by one, as :func:`flush_subnormals` searches them.
    """
    dtype = arrays[0].dtype
    total = 0
    for a in arrays:
        if a.dtype != dtype:  # a concatenation would promote: float32's subnormals are normal float64
            total = _TINY_ARRAY + 1
            break
        total += a.size
    if total <= _TINY_ARRAY:
        both = np.concatenate([a.reshape(-1) for a in arrays])
        return bool(np.count_nonzero(abs(both) < _TINY[dtype]) + np.count_nonzero(both) > total)
    return any(flush_subnormals(a) is not a for a in arrays)


def flush_subnormals(a: np.ndarray) -> np.ndarray:
    """``a`` with its subnormal values set to (signed) zero; ``a`` itself when it has none."""
    dtype = a.dtype
    if dtype in _BITS and (a.size <= _TINY_ARRAY or a.flags.c_contiguous):
        if not _has_subnormal(a):
            return a
    elif dtype.kind != "f" or a.size == 0:
        return a
    tiny = np.finfo(dtype).tiny
    if a.ndim and not any(a.strides):  # a broadcast constant (translate's shape-only operands): one value
        v = a[(0,) * a.ndim]
        if v != 0 and abs(v) < tiny:
            return np.broadcast_to(np.copysign(np.zeros((), dtype), v), a.shape)
        return a
    sub = (a != 0) & (np.abs(a) < tiny)
    if not sub.any():
        return a
    out = a.copy()
    out[sub] = np.copysign(np.zeros((), dtype), out[sub])
    return out


def finish(result: np.ndarray, dtype: Any, flush: bool = False) -> np.ndarray:
    """``result`` (computed in float32/float64) in the framework's ``dtype``.

    Parameters
    ----------
    result : ndarray
        The kernel's result.
    dtype : numpy dtype or None
        The dtype the framework returns; None keeps ``result`` as it is.
    flush : bool
        Set subnormal results to zero (flush-to-zero CPU kernels). The flush acts where the
        kernel's arithmetic does: in float32 for a float16, bfloat16 or float32 ``dtype``, in
        float64 for float64, before the rounding to ``dtype`` (TensorFlow 2.21 computes
        bfloat16 convolutions in float32 under flush-to-zero: a float32 sum below float32's
        smallest normal is 0 even where rounding it to bfloat16 would give bfloat16's smallest
        normal). Ignored for integer dtypes.

    Returns
    -------
    ndarray of ``dtype``
        Floats rounded (overflow gives +-inf, without a RuntimeWarning), integers wrapped
        modulo ``2**bits``. ``result`` itself when it already has ``dtype`` and nothing is
        flushed: pass an array the caller owns (the kernels' fresh results).
    """
    if dtype is None:
        return flush_subnormals(result) if flush else result
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        r = np.asarray(result, dtype=np.float64)
        finite = r[np.isfinite(r)]
        if finite.size and float(np.abs(finite).max()) >= _EXACT:
            warnings.warn(
                f"an {dtype} result reaches {float(np.abs(finite).max()):.4g} >= 2**53: arraylens computes "
                f"integers in float64, so the low bits may differ from the framework's wrapped {dtype} arithmetic",
                DtypeWarning,
                stacklevel=3,
            )
        with np.errstate(invalid="ignore"):
            r = np.fmod(np.where(np.isfinite(r), r, 0.0), 2.0**64)
            r = np.where(r >= 2.0**63, r - 2.0**64, r)
            r = np.where(r < -(2.0**63), r + 2.0**64, r)
            return r.astype(np.int64).astype(dtype)
    out = np.asarray(result)
    if flush:
        work = _F64 if dtype == _F64 else _F32
        if out.dtype != work:
            with np.errstate(over="ignore"):
                out = out.astype(work)
        out = flush_subnormals(out)
    if out.dtype != dtype:
        with np.errstate(over="ignore"):
            out = out.astype(dtype)
    return out


def finished_value(value: float, dtype: Any, flush: bool = False) -> float:
    """One explained element as :func:`finish` gives it in the call's result: rounded to, or
    wrapped in, the framework's ``dtype`` (None: ``value`` itself), as a Python float."""
    if dtype is None and not flush:
        return float(value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DtypeWarning)  # the call itself warns
        return float(finish(np.asarray(value, dtype=np.float64), dtype, flush)[()])


def warn_inexact_integers(x: np.ndarray, w: np.ndarray, bias: np.ndarray | None, terms: int, dtype: Any) -> None:
    """Warn (:class:`DtypeWarning`) when an integer result cannot be computed exactly in float64.

    arraylens computes integer convolutions in float64, which is exact while every input,
    product and partial sum stays below ``2**53``; ``max|x| * max|w| * terms + max|bias|`` bounds
    them. Past it, low bits may differ from the framework's integer arithmetic.

    Parameters
    ----------
    x, w : ndarray
        The operands, as the kernel reads them (float64 for integer calls).
    bias : ndarray or None
    terms : int
        The most products one output element sums.
    dtype : numpy dtype or None
        The framework's result dtype; nothing is checked unless it is an integer dtype.
    """
    if dtype is None or np.dtype(dtype).kind not in "iu" or x.size == 0 or w.size == 0:
        return
    bound = float(np.abs(x).max()) * float(np.abs(w).max()) * max(terms, 1)
    if bias is not None and bias.size:
        bound += float(np.abs(bias).max())
    if bound >= _EXACT:
        warnings.warn(
            f"{np.dtype(dtype)} operands this large (their products and sums may reach {bound:.4g} >= 2**53) "
            "are computed in float64 by arraylens: the low bits may differ from the framework's exact "
            "integer arithmetic",
            DtypeWarning,
            stacklevel=4,
        )
