"""The plan of a pooling: the caller's input, its layout map to the canonical ``(N, *spatial,
C)``, the :class:`~arraylens.ops.pool.spec.PoolSpec`, the result dtype and whether the indices are
returned. Front-ends check their library's rules and build it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from arraylens.core.axis_map import AxisMap
from arraylens.core.errors import ArgumentError
from arraylens.core.explanation import Explanation
from arraylens.core.frontend import check_index
from arraylens.core.limits import check_allocations
from arraylens.ops.pool.explain import explain_pool
from arraylens.ops.pool.kernel import pool
from arraylens.ops.pool.spec import MaxReduction, PoolSpec, encode_index

__all__ = ["PoolPlan"]

PoolResult = np.ndarray | tuple[np.ndarray, np.ndarray]
_FLOAT64 = np.dtype(np.float64)
_INT64 = np.dtype(np.int64)


class PoolPlan:
    """A pooling translated.

    Parameters
    ----------
    op : str
        The call's public name, e.g. ``"torch.nn.functional.max_pool2d"``.
    x : ndarray
        The caller's input, in the caller's layout (``layout`` maps it to ``(N, *spatial, C)``).
    spec : PoolSpec
    layout : AxisMap
        ``canonical = layout.to_canonical(x)``; the result comes back through
        ``layout.from_canonical`` (the same layout as the input, spatial sizes replaced).
    dtype : dtype-like
        The result's dtype (values are cast to it once, at the end).
    return_indices : bool
        Max pooling: return ``(values, indices)``, the indices int64 in the spec's encoding.
    framework : str
        Whose conventions the account names (``"torch"``, ``"onnx"``, ``"tensorflow"``,
        ``"keras"``): the names of the divisor rules and flags.
    index_dtype : dtype-like
        The indices' dtype (int64 in PyTorch and ONNX; TensorFlow lets the caller choose).
    """

    def __init__(self, op: str, x: np.ndarray, spec: PoolSpec, layout: AxisMap, dtype: Any,
                 return_indices: bool = False, framework: str = "torch", index_dtype: Any = np.int64) -> None:
        if return_indices and not isinstance(spec.reduction, MaxReduction):
            raise ArgumentError("only a max pooling returns indices")
        self.op = op
        self.x = x
        self.spec = spec
        self.layout = layout
        self.dtype = np.dtype(dtype)
        self.return_indices = return_indices
        self.framework = framework
        self.index_dtype = np.dtype(index_dtype)

    @property
    def canonical(self) -> np.ndarray:
        """The input as ``(N, *spatial, C)`` (a view; bfloat16 is read as float32, exactly)."""
        bfloat16 = self.x.dtype.kind == "V" and self.x.dtype.name == "bfloat16"  # (kind first: name is slow)
        x = self.x.astype(np.float32) if bfloat16 else self.x
        return self.layout.to_canonical(x)

    def canonical_output_shape(self) -> tuple[int, ...]:
        return self.spec.output_shape(self.layout.shape_to_canonical(self.x.shape))

    def output_shape(self) -> tuple[int, ...]:
        """The result's shape in the caller's layout."""
        return self.layout.shape_from_canonical(self.canonical_output_shape())

    def result_type(self) -> tuple[tuple[int, ...], np.dtype[Any]]:
        """The values' shape and dtype, without computing them."""
        return self.output_shape(), self.dtype

    def compute(self) -> PoolResult:
        """The pooled values (``dtype``), or ``(values, indices)`` with ``return_indices``.

        Raises
        ------
        MemoryError (ResourceError)
            If the result and the kernel's intermediates exceed
            :func:`arraylens.core.limits.max_bytes`; checked before allocating.
        """
        shape = self.canonical_output_shape()
        if any(n < 0 for n in shape):
            raise ArgumentError(f"{self.op}: the output would have the negative size {shape}")
        x = self.canonical
        check_allocations(self.memory_parts(shape, x.shape), self.op)
        return self.run(x)

    def memory_parts(self, out_shape: tuple[int, ...], in_shape: tuple[int, ...]
                     ) -> list[tuple[str, tuple[int, ...], np.dtype[Any]]]:
        """What the memory check counts: the result and the kernel's intermediates, as
        ``(what, shape, dtype)`` (canonical shapes)."""
        parts = [("the result", out_shape, self.dtype), ("an intermediate", in_shape, _FLOAT64)]
        if self.return_indices:
            parts += [("the indices", out_shape, _INT64), ("an intermediate index", in_shape, _INT64)]
        return parts

    def run(self, x: np.ndarray) -> PoolResult:
        """The kernel on the canonical input ``x``, the result in ``dtype`` and the caller's
        layout (and the indices in the reduction's encoding): :meth:`compute` after its checks."""
        values, plane = pool(x, self.spec, with_index=self.return_indices)
        out = self.layout.from_canonical(values.astype(self.dtype, copy=False))
        if not self.return_indices:
            return out
        assert plane is not None and isinstance(self.spec.reduction, MaxReduction)
        encoding = self.spec.reduction.index
        if encoding == "plane":  # no batch or channel in it (PyTorch's): no arrays to make for them
            encoded = encode_index(plane, 0, 0, (), 0, encoding)
        else:
            n, *_, c = x.shape
            nd = x.ndim
            batch = np.arange(n, dtype=np.int64).reshape((n,) + (1,) * (nd - 1))
            channel = np.arange(c, dtype=np.int64).reshape((1,) * (nd - 1) + (c,))
            spatial = tuple(int(s) for s in x.shape[1:-1])
            encoded = encode_index(plane, batch, channel, spatial, c, encoding)
        encoded = np.where(plane < 0, -1, encoded)
        return out, self.layout.from_canonical(encoded.astype(self.index_dtype))

    def explain(self, at: Sequence[int]) -> Explanation:
        """Where output element ``at`` (the caller's layout) comes from: its window, the cells'
        roles and values, the winner or the sum and divisor, and the other conventions."""
        index = check_index(at, self.output_shape())
        canon = self.layout.index_to_canonical(index)
        if math.prod(self.x.shape) == 0:
            raise ArgumentError(f"{self.op}: the input is empty, there is nothing to explain")
        return explain_pool(self, index, canon)
