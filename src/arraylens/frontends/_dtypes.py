"""TensorFlow's and PyTorch's dtype rules for their convolutions, as measured on their CPU kernels.

Each function takes the caller's operands, applies the framework's conversion, promotion and
refusal rules with the framework's wording, and returns the operands as NumPy arrays in the
dtype the framework computes in, plus that dtype (the result dtype). The kernels then compute in
float32/float64 and :func:`arraylens.core.dtype_rules.finish` casts the result.

Measured with tensorflow-cpu 2.21 and torch 2.13.0+cpu:

* TensorFlow converts a NumPy operand to the dtype of the operand it converts first (``input``
  for ``conv2d``/``conv3d``, ``filters`` for ``conv2d_transpose``/``conv3d_transpose``) with
  NumPy's cast (float64 -> float32 may overflow to inf, floats -> int32 truncate);
  ``conv1d``/``conv1d_transpose`` refuse mixed dtypes. A Python list is read as TensorFlow
  reads it: floats as float32, integers as int32 (int64 when they do not fit). Allowed:
  half, bfloat16, float, double, and int32 except in 3-d. The CPU kernels compute bfloat16,
  float32 and float64 with flush-to-zero (:func:`tf_flushes`): subnormal inputs, filters and
  results are zero (a bfloat16 result is flushed in float32, before its rounding to bfloat16).
  float16 is not flushed (TensorFlow computes it in float32, where no float16 value is
  subnormal; a float32 result that small rounds to a float16 zero anyway): float16 subnormals
  are read and returned as they are. float16 forward convolutions accumulate in float32 and
  round once (as arraylens); float16 transposed convolutions accumulate in float16.
* PyTorch never converts: input, weight (and bias) must have one dtype. Forward convolutions
  take every real dtype but bool, transposed ones floats and int64. A list is read as
  ``torch.tensor`` reads it (floats as float32, integers as int64). No flushing. float16
  transposed convolutions accumulate in float16.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from arraylens.core.dtype_rules import flush_subnormals, warn_dtype
from arraylens.core.errors import ArgumentError, ArgumentTypeError

__all__ = [
    "computable", "is_keras_float", "keras_autocast", "tf_flushed", "tf_flushes", "tf_operands", "torch_operands",
]

_TF_NAMES = {"float16": "half", "float32": "float", "float64": "double"}
_TF_ALLOWED = ("half", "bfloat16", "float", "double", "int32")
_TORCH_SCALAR = {
    "float16": "Half", "bfloat16": "BFloat16", "float32": "Float", "float64": "Double", "int64": "Long",
    "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool",
}
_TORCH_CPP = {
    "float16": "c10::Half", "bfloat16": "c10::BFloat16", "float32": "float", "float64": "double",
    "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
    "bool": "bool",
}
_TORCH_TYPES = {"float16", "bfloat16", "float32", "float64", "int64", "int32", "int16", "int8", "uint8", "bool"}

_F16_TRANSPOSE = (
    "{fw} accumulates a float16 transposed convolution in float16 on the CPU; arraylens accumulates in "
    "float32 and rounds once to float16, so values may differ in the last bits (and a partial sum that "
    "overflows float16 there is finite here)"
)


def computable(a: np.ndarray) -> np.ndarray:
    """``a`` in a dtype :func:`~arraylens.core.dtypes.as_real_array` reads: bfloat16 becomes float32."""
    if a.dtype.kind in "fiubc":  # NumPy's own kinds (ml_dtypes' bfloat16 is not one of them)
        return a
    return a.astype(np.float32) if a.dtype.name == "bfloat16" else a


def _real(a: np.ndarray) -> bool:
    return a.dtype.kind in "fiub" or a.dtype.name == "bfloat16"


@lru_cache(maxsize=64)
def _tf_name(dtype: np.dtype[Any]) -> str:
    return _TF_NAMES.get(dtype.name, dtype.name)


def tf_read(a: Any) -> np.ndarray:
    """An operand as TensorFlow converts it: arrays keep their dtype, lists follow TF's inference."""
    if isinstance(a, np.ndarray | np.generic):
        return np.asarray(a)
    arr = np.asarray(a)
    if arr.dtype.kind == "f":
        return arr.astype(np.float32)
    if arr.dtype.kind in "iu":
        fits = arr.size == 0 or (int(arr.min()) >= -(2**31) and int(arr.max()) < 2**31)
        return arr.astype(np.int32 if fits else np.int64)
    return arr


def tf_operands(op: str, input: Any, filters: Any, transposed: bool, nd: int) -> tuple[np.ndarray, np.ndarray, Any]:
    """``(input, filters, dtype)`` as TensorFlow's ``op`` converts and checks them.

    Raises
    ------
    ValueError
        With TensorFlow's wording: a dtype the op does not take ("Value for attr 'T' of int64
        is not in the list of allowed values: ..."), mixed dtypes in ``conv1d`` /
        ``conv1d_transpose`` ("cannot compute Conv2D as input #1(zero-based) was expected to
        be a float tensor but is a double tensor").
    """
    x, f = tf_read(input), tf_read(filters)
    if not (_real(x) and _real(f)):
        return x, f, None  # as_real_array refuses complex and non-numeric arrays with its own message
    lead, other = (f, x) if transposed else (x, f)
    allowed = _TF_ALLOWED if nd < 3 else _TF_ALLOWED[:-1]
    raw = "Conv2DBackpropInput" if transposed else "Conv2D"
    if nd == 3:
        raw = "Conv3DBackpropInputV2" if transposed else "Conv3D"
    if _tf_name(lead.dtype) not in allowed:
        raise ArgumentTypeError(
            f"Value for attr 'T' of {_tf_name(lead.dtype)} is not in the list of allowed values: "
            f"{', '.join(allowed)} (TensorFlow: [Op:{raw}])"
        )
    if other.dtype != lead.dtype:
        if nd == 1:
            slot = 2 if transposed else 1
            raise ArgumentTypeError(
                f"cannot compute {raw} as input #{slot}(zero-based) was expected to be a {_tf_name(lead.dtype)} "
                f"tensor but is a {_tf_name(other.dtype)} tensor [Op:{raw}]"
            )
        with np.errstate(over="ignore", invalid="ignore"):
            other = other.astype(lead.dtype)
        x, f = (other, lead) if transposed else (lead, other)
    dtype = lead.dtype
    x, f = tf_flushed(computable(x), computable(f), dtype)
    if transposed and dtype == np.float16:
        warn_dtype(_F16_TRANSPOSE.format(fw="TensorFlow"))
    return x, f, dtype


_TF_FLUSHED = frozenset({"bfloat16", "float32", "float64"})


def tf_flushes(dtype: Any) -> bool:
    """Whether TensorFlow's CPU convolutions of ``dtype`` (the dtype of the call, None for
    operands refused later) run flush-to-zero: bfloat16, float32 and float64 (measured with
    tensorflow-cpu 2.21: subnormal inputs, filters and results are 0); not float16 or int32."""
    return dtype is not None and _tf_flushes(np.dtype(dtype))


@lru_cache(maxsize=64)
def _tf_flushes(dtype: np.dtype[Any]) -> bool:
    return dtype.name in _TF_FLUSHED  # a dtype's name is built anew on every read: once per dtype


def tf_flushed(x: np.ndarray, f: np.ndarray, dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    """The operands, already :func:`computable`, as TensorFlow's CPU kernels read them in the
    call's ``dtype``: subnormals as zero when :func:`tf_flushes` (a bfloat16 subnormal is one in
    float32 too), others unchanged."""
    if tf_flushes(dtype):
        return flush_subnormals(x), flush_subnormals(f)
    return x, f


BYTE_ORDER_REFUSAL = ("given numpy array has byte order different from the native byte order. Conversion between "
                      "byte orders is currently not supported.")


def torch_read(a: Any) -> np.ndarray:
    """An operand as ``torch.tensor`` reads it: arrays keep their dtype; lists of floats are
    float32, of integers int64.

    Raises
    ------
    ValueError
        A byte-swapped array (``'>f4'`` on a little-endian machine): ``torch.from_numpy``,
        ``torch.tensor`` and ``torch.as_tensor`` (2.13) refuse it, :data:`BYTE_ORDER_REFUSAL`.
    """
    if isinstance(a, np.ndarray | np.generic):
        arr = np.asarray(a)
        if not arr.dtype.isnative:
            raise ArgumentError(BYTE_ORDER_REFUSAL)
        return arr
    arr = np.asarray(a)
    if arr.dtype.kind == "f":
        return arr.astype(np.float32)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    return arr


def torch_operands(
    op: str, input: Any, weight: Any, bias: Any, transposed: bool, nd: int
) -> tuple[np.ndarray, np.ndarray, Any, Any]:
    """``(input, weight, bias, dtype)`` as PyTorch 2.13's CPU ``op`` checks them.

    The checks run in PyTorch's order: for a forward convolution the bias's dtype
    ("Input type (float) and bias type (double) should be the same"), then the weight's
    ("expected scalar type Float but found Double"), then whether the CPU kernel exists
    ("\\"slow_conv2d_cpu\\" not implemented for 'Bool'"). A transposed 1-d/2-d convolution casts a
    floating bias to the input's dtype and refuses a floating bias on integers ("result type
    Float can't be cast to the desired output type Long"); the 3-d one refuses any other dtype.

    Raises
    ------
    ValueError
        With PyTorch's first line.
    """
    x, w = torch_read(input), torch_read(weight)
    b = None if bias is None else torch_read(bias)
    names = [a.dtype.name for a in (x, w) + (() if b is None else (b,))]
    if not all(n in _TORCH_TYPES for n in names):
        return x, w, bias, None  # complex or non-numeric: as_real_array refuses with its message
    xd = x.dtype.name
    if b is not None and b.dtype != x.dtype and not transposed:
        raise ArgumentTypeError(
            f"Input type ({_TORCH_CPP[xd]}) and bias type ({_TORCH_CPP[b.dtype.name]}) should be the same"
        )
    if w.dtype != x.dtype:
        raise ArgumentTypeError(
            f"expected scalar type {_TORCH_SCALAR[xd]} but found {_TORCH_SCALAR[w.dtype.name]}"
        )
    kernel = "slow_conv2d_cpu" if nd < 3 else "compute_columns3d"
    ok = xd != "bool"
    if transposed:
        kernel = "slow_conv_transpose2d_out_cpu" if nd < 3 else "slow_conv_transpose3d_out_cpu"
        ok = x.dtype.kind == "f" or xd in ("bfloat16", "int64")
    if not ok:
        raise ArgumentTypeError(f"\"{kernel}\" not implemented for '{_TORCH_SCALAR[xd]}'")
    if b is not None and b.dtype != x.dtype:
        if nd == 3:
            raise ArgumentTypeError(f"expected scalar type {_TORCH_SCALAR[xd]} but found {_TORCH_SCALAR[b.dtype.name]}")
        b_float = b.dtype.kind == "f" or b.dtype.name == "bfloat16"
        x_float = x.dtype.kind == "f" or xd == "bfloat16"
        if b_float and not x_float:
            raise ArgumentTypeError(
                f"result type {_TORCH_SCALAR[b.dtype.name]} can't be cast to the desired output type "
                f"{_TORCH_SCALAR[xd]}"
            )
        b = b.astype(x.dtype)
    if transposed and x.dtype == np.float16:
        warn_dtype(_F16_TRANSPOSE.format(fw="PyTorch"))
    return computable(x), computable(w), None if b is None else computable(b), x.dtype


def is_keras_float(a: np.ndarray) -> bool:
    """Whether Keras 3 treats ``a`` as floating (bfloat16 included)."""
    return a.dtype.kind == "f" or a.dtype.name == "bfloat16"


def keras_autocast(a: np.ndarray) -> np.ndarray:
    """A Keras 3 layer's input as the layer calls with it: a floating input cast to the float32
    dtype policy (a copy), anything else as given (Keras 3 ``Layer.__call__`` autocasting)."""
    return a.astype(np.float32) if is_keras_float(a) else a
