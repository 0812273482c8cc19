"""What a picture of a whole transposed convolution needs, as plain data.

A :class:`ConvTransposeGeometry` is the canonical operands, the spec and the caller's layout
maps of one call. :meth:`ConvTransposePlan.explain <arraylens.ops.conv.plan.ConvTransposePlan.explain>`
puts it in ``Explanation.details["geometry"]``; the figures and the interactive page read it from
there and never see the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arraylens.core.axis_map import AxisMap
from arraylens.core.dtypes import result_dtype
from arraylens.core.limits import check_allocation
from arraylens.ops.conv.kernel import conv_transpose
from arraylens.ops.conv.spec import ConvTransposeSpec


@dataclass(frozen=True, eq=False)
class ConvTransposeGeometry:
    """A transposed convolution's canonical operands, spec and layout maps.

    Attributes
    ----------
    op : str
        The call, as explanations name it (for titles).
    x : ndarray, shape (N, *spatial, C_in)
        Canonical input.
    w : ndarray, shape (*kernel, C_in, C_out / groups)
        Canonical weight.
    bias : ndarray of shape (C_out,) or None
    spec : ConvTransposeSpec
        Stride, dilation, crop and groups.
    x_map, w_map, out_map : AxisMap
        The caller's input, weight and output layouts relative to the canonical ones.
    names : (str, str, str)
    out_dtype : numpy dtype or None
        The dtype the framework returns (None: the compute dtype); with ``flush_subnormals``,
        how an explanation of another element finishes its value (see
        :func:`arraylens.core.dtype_rules.finish`).
        The caller's names of the input, the weight and the output.

    Two geometries are equal when their operands, spec, maps and names are.
    """

    op: str
    x: np.ndarray = field(repr=False)
    w: np.ndarray = field(repr=False)
    bias: np.ndarray | None = field(repr=False)
    spec: ConvTransposeSpec
    x_map: AxisMap
    w_map: AxisMap
    out_map: AxisMap
    names: tuple[str, str, str]
    out_dtype: Any = None
    flush_subnormals: bool = False
    _cache: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False)

    @property
    def ndim(self) -> int:
        """Number of spatial axes."""
        return self.spec.ndim

    @property
    def kernel(self) -> tuple[int, ...]:
        """The kernel's spatial size."""
        return tuple(int(k) for k in self.w.shape[: self.spec.ndim])

    @property
    def in_size(self) -> tuple[int, ...]:
        """The input's spatial size."""
        return tuple(int(i) for i in self.x.shape[1:-1])

    @property
    def full_size(self) -> tuple[int, ...]:
        """The uncropped result's spatial size."""
        return self.spec.full_size(self.in_size, self.kernel)

    @property
    def canonical_out_shape(self) -> tuple[int, ...]:
        """``(N, *spatial, C_out)``."""
        size = self.spec.output_size(self.in_size, self.kernel)
        return (int(self.x.shape[0]), *size, int(self.w.shape[-1]) * self.spec.groups)

    @property
    def out_shape(self) -> tuple[int, ...]:
        """The output's shape in the caller's layout."""
        return self.out_map.shape_from_canonical(self.canonical_out_shape)

    def compute(self) -> np.ndarray:
        """The whole result in canonical layout, bias included, computed afresh (writable).

        Returns
        -------
        ndarray, shape ``canonical_out_shape``
            An output axis of size 0 gives an empty result in the dtype the kernel computes in
            (the kernel itself refuses a crop that leaves no element).
        """
        shape = self.canonical_out_shape
        check_allocation(shape, result_dtype(self.x, self.w), f"the result of {self.op}")
        if 0 in shape[1:-1]:
            out = np.zeros(shape, dtype=result_dtype(self.x, self.w))
        else:
            out = conv_transpose(self.x, self.w, self.spec)
        if self.bias is not None:
            out += self.bias.astype(out.dtype, copy=False)
        return out

    def result(self) -> np.ndarray:
        """:meth:`compute`'s result, computed on first use only and shared by every reader.

        Returns
        -------
        ndarray, shape ``canonical_out_shape``
            Read-only.
        """
        if "result" not in self._cache:
            out = self.compute()
            out.flags.writeable = False
            self._cache["result"] = out
        return self._cache["result"]

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, ConvTransposeGeometry):
            return NotImplemented
        if self.bias is None or other.bias is None:
            same_bias = self.bias is None and other.bias is None
        else:
            same_bias = np.array_equal(self.bias, other.bias, equal_nan=self.bias.dtype.kind in "fc")
        return (
            (self.op, self.spec, self.x_map, self.w_map, self.out_map, self.names)
            == (other.op, other.spec, other.x_map, other.w_map, other.out_map, other.names)
            and same_bias
            and np.array_equal(self.x, other.x, equal_nan=self.x.dtype.kind in "fc")
            and np.array_equal(self.w, other.w, equal_nan=self.w.dtype.kind in "fc")
        )

    __hash__ = None  # type: ignore[assignment]
