"""The convolution family's specifications: stride, dilation, groups, padding or crop per axis,
and the size formulas every front-end's output shape comes from.

A forward convolution pads ``(before, after)`` per spatial axis (negative: crop); a transposed
convolution scatters onto the *full* extent ``(in - 1)*stride + dilation*(kernel - 1) + 1`` and
crops ``(begin, end)`` from it (negative: zero extension). See :mod:`arraylens.ops.conv.kernel`
for the compute.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from arraylens.core.errors import ArgumentError


def full_extent(
    in_size: Sequence[int], kernel: Sequence[int], stride: Sequence[int], dilation: Sequence[int]
) -> tuple[int, ...]:
    """Size per axis of a transposed convolution's uncropped result:
    ``(in - 1)*stride + dilation*(kernel - 1) + 1``.

    Parameters
    ----------
    in_size, kernel, stride, dilation : sequence of int
        One entry per spatial axis.

    Returns
    -------
    tuple of int
    """
    return tuple(
        (i - 1) * s + d * (k - 1) + 1 for i, k, s, d in zip(in_size, kernel, stride, dilation, strict=True)
    )


def taps(kernel: Sequence[int]) -> np.ndarray:
    """Every kernel tap, in C (row-major) order.

    Parameters
    ----------
    kernel : sequence of int
        The kernel's spatial size.

    Returns
    -------
    ndarray of int64, shape (prod(kernel), len(kernel))
        Row ``t`` is the index of tap ``t`` (the tap at flat position ``t`` of the kernel).
    """
    grids = np.indices(tuple(kernel), dtype=np.int64)
    return grids.reshape(len(kernel), math.prod(kernel)).T.copy()


def split_padding(total: int, odd_at_end: bool = True) -> tuple[int, int]:
    """Split ``total`` padding into (before, after), the odd element at the end (TensorFlow's
    SAME, PyTorch's 'same', ONNX's SAME_UPPER) or at the start (ONNX's and JAX's SAME_LOWER).
    A negative total (a crop) splits the same way, with floor division."""
    half = total // 2
    return (half, total - half) if odd_at_end else (total - half, half)


def _check_spec(
    stride: tuple[int, ...], dilation: tuple[int, ...], pairs: tuple[tuple[int, int], ...],
    pairs_name: str, groups: int,
) -> None:
    """The rules both specs share: one entry per spatial axis, positive stride, dilation, groups."""
    if not (len(dilation) == len(pairs) == len(stride)):
        raise ArgumentError(f"stride, dilation and {pairs_name} must have one entry per spatial axis")
    if any(s < 1 for s in stride) or any(d < 1 for d in dilation):
        raise ArgumentError(f"stride {stride} and dilation {dilation} must be >= 1")
    if groups < 1:
        raise ArgumentError(f"groups must be >= 1, got {groups}")
    _check_magnitude({"stride": stride, "dilation": dilation, pairs_name: tuple(v for p in pairs for v in p)})


# Positions are computed in 64-bit integers (NumPy index arrays): every stride, dilation,
# padding, crop and full extent stays below this, so that sums of a few of them cannot overflow.
POSITION_LIMIT = 1 << 60


def _check_magnitude(values: dict[str, tuple[int, ...]]) -> None:
    """Refuse a geometry whose numbers are too large for 64-bit position arithmetic."""
    for name, vals in values.items():
        big = [v for v in vals if abs(v) >= POSITION_LIMIT]
        if big:
            raise ArgumentError(
                f"{name} {big[0]} is too large: strides, dilations, paddings and result extents must "
                f"be below 2**60 = {POSITION_LIMIT} (positions are computed in 64-bit integers, as the "
                "frameworks store them)"
            )


@dataclass(frozen=True)
class ConvTransposeSpec:
    """Convention-free parameters of a transposed convolution.

    Attributes
    ----------
    stride, dilation : tuple of int
        Per spatial axis, each >= 1.
    crop : tuple of (int, int)
        ``(begin, end)`` per spatial axis, removed from the full result; negative means zero
        extension on that side.
    groups : int
        Input and output channels are split into this many independent groups.
    """

    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    crop: tuple[tuple[int, int], ...]
    groups: int = 1

    def __post_init__(self) -> None:
        _check_spec(self.stride, self.dilation, self.crop, "crop", self.groups)

    @property
    def ndim(self) -> int:
        return len(self.stride)

    def full_size(self, in_size: Sequence[int], kernel: Sequence[int]) -> tuple[int, ...]:
        """Size of the uncropped result per axis: ``(in-1)*stride + dilation*(kernel-1) + 1``.

        Raises
        ------
        ArgumentError
            If an extent reaches ``POSITION_LIMIT`` (positions are 64-bit integers).
        """
        full = full_extent(in_size, kernel, self.stride, self.dilation)
        _check_magnitude({"the full (uncropped) extent": full})
        return full

    def output_size(self, in_size: Sequence[int], kernel: Sequence[int]) -> tuple[int, ...]:
        """Size of the cropped result per axis: ``full - begin - end``."""
        full = self.full_size(in_size, kernel)
        return tuple(f - b - e for f, (b, e) in zip(full, self.crop, strict=True))


@dataclass(frozen=True)
class ConvSpec:
    """Convention-free parameters of a forward convolution (cross-correlation).

    Attributes
    ----------
    stride, dilation : tuple of int
        Per spatial axis, each >= 1.
    padding : tuple of (int, int)
        ``(before, after)`` zeros added per spatial axis (negative crops).
    groups : int
        Input and output channels are split into this many independent groups.
    """

    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    padding: tuple[tuple[int, int], ...]
    groups: int = 1

    def __post_init__(self) -> None:
        _check_spec(self.stride, self.dilation, self.padding, "padding", self.groups)

    @property
    def ndim(self) -> int:
        return len(self.stride)

    def output_size(self, in_size: Sequence[int], kernel: Sequence[int]) -> tuple[int, ...]:
        """``floor((in + before + after - dilation*(kernel-1) - 1) / stride) + 1`` per axis."""
        return tuple(
            (i + b + a - d * (k - 1) - 1) // s + 1
            for i, k, s, d, (b, a) in zip(
                in_size, kernel, self.stride, self.dilation, self.padding, strict=True
            )
        )
