"""The canonical form of a block rearrangement: reshape -> transpose -> reshape, with named axes.

A block rearrangement moves elements between the channel axis and a ``b x b`` block of the
two spatial axes. Every library's variant is one choice of

* the direction: ``to_space`` (depth_to_space, pixel_shuffle: ``C*b*b`` channels of ``H x W``
  become ``C`` channels of ``H*b x W*b``) or ``to_depth`` (space_to_depth, pixel_unshuffle: the
  inverse);
* the channel order, which says how a depth-side channel ``k`` splits into a space-side
  channel ``c`` and a block offset ``(by, bx)``:

  - ``DCR`` (depth, column, row: the block offset is the slow part):
    ``k = (by*b + bx)*C + c``: TensorFlow's depth_to_space/space_to_depth, ONNX DepthToSpace's
    default ``mode='DCR'`` and ONNX SpaceToDepth;
  - ``CRD`` (column, row, depth: the channel is the slow part): ``k = c*b*b + by*b + bx``:
    PyTorch's pixel_shuffle/pixel_unshuffle and ONNX DepthToSpace ``mode='CRD'``;

* where the channel axis is: before the two spatial axes (``..., C, H, W``: any number of
  leading axes) or after them (``N, H, W, C``: TensorFlow's NHWC).

The space-side pixel ``(y, x) = (h*b + by, w*b + bx)`` of channel ``c`` and the depth-side
element ``(k, h, w)`` are the same element in both directions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from arraylens.core.errors import ArgumentError

Direction = Literal["to_space", "to_depth"]
Order = Literal["DCR", "CRD"]

ORDERS: tuple[Order, ...] = ("DCR", "CRD")

FORMULAS: dict[Order, str] = {
    "DCR": "k = (by*b + bx)*C + c",
    "CRD": "k = c*b*b + by*b + bx",
}
"""The depth-side channel ``k`` of space-side channel ``c`` at block offset ``(by, bx)``."""

CONVENTIONS: dict[tuple[Direction, Order], str] = {
    ("to_space", "DCR"): "DCR (tf.nn.depth_to_space; ONNX DepthToSpace mode='DCR', its default)",
    ("to_space", "CRD"): "CRD (torch pixel_shuffle; ONNX DepthToSpace mode='CRD')",
    ("to_depth", "DCR"): "DCR (tf.nn.space_to_depth; ONNX SpaceToDepth, which has no mode)",
    ("to_depth", "CRD"): "CRD (torch pixel_unshuffle)",
}
"""Who uses each order, as the explanations name it."""


def other(order: Order) -> Order:
    """The other channel order."""
    return "CRD" if order == "DCR" else "DCR"


def depth_channel(order: Order, c: int, by: int, bx: int, b: int, channels: int) -> int:
    """The depth-side channel ``k`` of space-side channel ``c`` at block offset ``(by, bx)``.

    Parameters
    ----------
    order : {'DCR', 'CRD'}
    c, by, bx : int
        Space-side channel and offset inside the ``b x b`` block.
    b : int
        Block size.
    channels : int
        ``C``, the number of space-side channels.
    """
    if order == "DCR":
        return (by * b + bx) * channels + c
    return (c * b + by) * b + bx


def space_channel(order: Order, k: int, b: int, channels: int) -> tuple[int, int, int]:
    """The inverse of :func:`depth_channel`: ``(c, by, bx)`` of depth-side channel ``k``."""
    if order == "DCR":
        block, c = divmod(k, channels)
    else:
        c, block = divmod(k, b * b)
    by, bx = divmod(block, b)
    return c, by, bx


@dataclass(frozen=True)
class BlockSpec:
    """A block rearrangement: direction, block size, channel order, channel axis position.

    The array's last three axes are ``(C, H, W)`` (``channels_last=False``) or ``(H, W, C)``
    (``channels_last=True``); any axes before them are carried along.

    Raises
    ------
    ValueError (ArgumentError)
        For a block size below 1, an unknown direction or order.
    """

    direction: Direction
    block: int
    order: Order
    channels_last: bool = False

    def __post_init__(self) -> None:
        if self.direction not in ("to_space", "to_depth"):
            raise ArgumentError(f"direction must be 'to_space' or 'to_depth', got {self.direction!r}")
        if self.order not in ORDERS:
            raise ArgumentError(f"order must be 'DCR' or 'CRD', got {self.order!r}")
        if isinstance(self.block, bool) or not isinstance(self.block, int) or self.block < 1:
            raise ArgumentError(f"block size must be a positive integer, got {self.block!r}")

    # -- the axes of one array -----------------------------------------------------------------
    def split_cf(self, shape: Sequence[int]) -> tuple[int, int, int]:
        """``(C, H, W)`` of ``shape``'s last three axes in this spec's layout."""
        if len(shape) < 3:
            raise ArgumentError(f"a block rearrangement needs at least 3 dimensions, got shape {tuple(shape)}")
        if self.channels_last:
            h, w, c = shape[-3:]
        else:
            c, h, w = shape[-3:]
        return int(c), int(h), int(w)

    def output_shape(self, shape: Sequence[int]) -> tuple[int, ...]:
        """The result's shape for an input of ``shape``.

        Raises
        ------
        ValueError (ArgumentError)
            If the channels (to_space) or the height and width (to_depth) do not divide.
        """
        c, h, w = self.split_cf(shape)
        b = self.block
        if self.direction == "to_space":
            if c % (b * b):
                raise ArgumentError(f"the channel count {c} is not divisible by block*block = {b * b}")
            c, h, w = c // (b * b), h * b, w * b
        else:
            if h % b or w % b:
                raise ArgumentError(f"height {h} and width {w} must be divisible by the block size {b}")
            c, h, w = c * b * b, h // b, w // b
        tail = (h, w, c) if self.channels_last else (c, h, w)
        return (*(int(n) for n in shape[:-3]), *tail)

    def steps(self, shape: Sequence[int]) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """The canonical form for an input of ``shape``: ``(split shape, permutation, output shape)``.

        ``x.reshape(split).transpose(perm).reshape(output)`` is the rearrangement; the named axes
        are those of :meth:`axis_names`.
        """
        out_shape = self.output_shape(shape)
        lead = tuple(int(n) for n in shape[:-3])
        split_names, out_names = self.axis_names()
        c, h, w = self.split_cf(shape)
        b = self.block
        if self.direction == "to_space":
            sizes = {"c": c // (b * b), "h": h, "w": w, "by": b, "bx": b}
        else:
            sizes = {"c": c, "h": h // b, "w": w // b, "by": b, "bx": b}
        split = (*lead, *(sizes[n] for n in split_names))
        n_lead = len(lead)
        perm = (*range(n_lead), *(n_lead + split_names.index(n) for n in out_names))
        return split, perm, out_shape

    def axis_names(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The named axes after the split and in the transposed order (leading axes omitted).

        ``c`` is the space-side channel, ``h, w`` the depth-side pixel, ``by, bx`` the offset
        inside the block; ``(y, x) = (h*b + by, w*b + bx)``.
        """
        depth = ("by", "bx", "c") if self.order == "DCR" else ("c", "by", "bx")
        space = ("h", "by", "w", "bx")
        if self.channels_last:
            depth_side = ("h", "w", *depth)
            space_side = (*space, "c")
        else:
            depth_side = (*depth, "h", "w")
            space_side = ("c", *space)
        if self.direction == "to_space":
            return depth_side, space_side
        return space_side, depth_side
