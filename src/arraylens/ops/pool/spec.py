"""The canonical form of a pooling: per spatial axis a window rule, and one reduction.

Per axis, either

* a :class:`Window`: ``kernel``, ``stride``, ``dilation``, explicit ``padding`` ``(before,
  after)``, and the ceil rule (``ceil_mode`` and what happens to a last window that would start
  past the input, ``drop_last``); output position ``o`` reads the input positions
  ``o * stride - before + t * dilation`` for the taps ``t = 0 .. kernel - 1``. A position in
  ``[-before, 0)`` or ``[n, n + after)`` is *padding*; one at or beyond ``n + after`` is the
  *ceil extension* (only ``ceil_mode`` reaches it); or
* an :class:`AdaptiveWindows`: explicit per-output ``(start, end)`` input ranges (PyTorch's
  adaptive pooling: ``start = floor(i * n / out)``, ``end = ceil((i + 1) * n / out)``).

The reduction is one of

* :class:`MaxReduction`: the largest input cell of the window (padding and extension cells never
  count), its NaN rule (``"last"``: a NaN wins and the last NaN in scan order gives the index, as
  PyTorch's CPU kernels; ``"first"``: the first NaN wins; ``"ignore"``: NaN never wins) and the
  index encoding of the winner (:data:`INDEX_ENCODINGS`). Ties go to the first cell in row-major
  scan order. A window whose cells are all ``-inf`` answers ``-inf`` at its first input cell;
* :class:`MeanReduction`: the sum of the input cells (padding reads 0) divided by a divisor
  chosen by :data:`DIVISOR_RULES`;
* :class:`LpReduction`: ``(sum |x|**p) ** (1/p)`` (``form="norm"``, ONNX LpPool) or PyTorch's
  ``(mean(x**p) * kernel_area) ** (1/p)`` (``form="torch"``, with the mean's divisor rule).

The output size of a window axis is :meth:`Window.output_size` (the formula lives there, once).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.ops.conv.spec import split_padding

__all__ = [
    "CELL_ROLES",
    "DIVISOR_RULES",
    "DROP_RULES",
    "INDEX_ENCODINGS",
    "NAN_RULES",
    "AdaptiveWindows",
    "Axis",
    "LpReduction",
    "MaxReduction",
    "MeanReduction",
    "PoolSpec",
    "Reduction",
    "Window",
    "adaptive_bounds",
    "decode_index",
    "encode_index",
    "same_padding",
]

DROP_RULES = ("start_past_input", "none")
"""With ``ceil_mode``: ``"start_past_input"`` drops the last window when it would start at or
beyond the end of the input, i.e. in the right padding or beyond (PyTorch's
``pooling_output_shape`` and the ONNX specification since opset 19, "sliding windows that would
start in the right padded region are ignored": the same test ``(out - 1) * stride >= n + before``
in both, checked against ``onnx.reference``); ``"none"`` keeps it (plain ceil: ONNX before opset
19 and runtimes that follow it)."""

NAN_RULES = ("last", "first", "ignore", "leading")
"""How a max pooling treats NaN: ``"last"``: a NaN always replaces the running maximum, so the
result is NaN and the index the last NaN in scan order (PyTorch CPU: ``val > max || isnan(val)``);
``"first"``: the first NaN wins and stays; ``"ignore"``: NaN compares false and never wins;
``"leading"``: the window's first input cell seeds the maximum and a later cell replaces it only
when greater, so a NaN wins only as the window's first input cell (then it stays): TensorFlow's
``MaxPoolWithArgmax`` and onnxruntime's ``MaxPool``, measured."""

INDEX_ENCODINGS = ("plane", "nchw", "nchw_column", "nhwc", "nhwc_batch")
"""How a max pooling numbers its winner (``H, W``: the input's spatial sizes, ``C`` channels):

* ``"plane"``: row-major within the channel's spatial plane, ``y * W + x`` (PyTorch);
* ``"nchw"``: row-major over the whole NCHW tensor, ``((n * C + c) * H + y) * W + x`` (ONNX
  MaxPool ``Indices``, ``storage_order=0``);
* ``"nchw_column"``: the plane column-major, ``(n * C + c) * H * W + x * H + y`` (ONNX
  ``storage_order=1``; in 3-d the first spatial axis varies fastest);
* ``"nhwc"``: ``(y * W + x) * C + c`` (TensorFlow ``max_pool_with_argmax``,
  ``include_batch_in_index=False``);
* ``"nhwc_batch"``: ``((n * H + y) * W + x) * C + c`` (``include_batch_in_index=True``).
"""

DIVISOR_RULES = ("valid", "padded", "window", "fixed")
"""Which cells an average divides by: ``"valid"``: the window's cells inside the input
(PyTorch ``count_include_pad=False``, TensorFlow/Keras always, ONNX ``count_include_pad=0``);
``"padded"``: the cells inside the input or the explicit padding, not the ceil extension beyond
it (PyTorch ``count_include_pad=True``); ``"window"``: every tap of the window, the ceil
extension included (``kernel`` product); ``"fixed"``: ``divisor_value`` (PyTorch
``divisor_override``)."""

CELL_ROLES = ("input", "padding", "extension")
"""A window cell's role: inside the input, in the explicit padding, or in the ceil extension."""


def _check_int(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ArgumentError(f"pooling {name} must be an integer, got {value!r}")
    if value < minimum:
        raise ArgumentError(f"pooling {name} must be at least {minimum}, got {value}")
    return int(value)


@dataclass(frozen=True)
class Window:
    """A sliding window along one axis.

    Attributes
    ----------
    kernel, stride, dilation : int
        At least 1.
    padding : (int, int)
        Explicit padding ``(before, after)``, each at least 0.
    ceil_mode : bool
        Round the output size up (the last window may reach past ``n + after``: the ceil
        extension).
    drop_last : {'start_past_input', 'none'}
        With ``ceil_mode``, what happens to a last window that would start at or past the end of
        the input (:data:`DROP_RULES`).
    """

    kernel: int
    stride: int = 1
    dilation: int = 1
    padding: tuple[int, int] = (0, 0)
    ceil_mode: bool = False
    drop_last: str = "start_past_input"

    def __post_init__(self) -> None:
        _check_int(self.kernel, "kernel size", 1)
        _check_int(self.stride, "stride", 1)
        _check_int(self.dilation, "dilation", 1)
        if len(self.padding) != 2:
            raise ArgumentError(f"pooling padding must be a (before, after) pair, got {self.padding!r}")
        for p in self.padding:
            _check_int(p, "padding", 0)
        object.__setattr__(self, "padding", (int(self.padding[0]), int(self.padding[1])))
        if self.drop_last not in DROP_RULES:
            raise ArgumentError(f"drop_last must be one of {DROP_RULES}, got {self.drop_last!r}")

    @property
    def effective_kernel(self) -> int:
        """``(kernel - 1) * dilation + 1``: the span of one window."""
        return (self.kernel - 1) * self.dilation + 1

    def output_size(self, n: int) -> int:
        """The number of windows on an axis of ``n`` cells (may be 0 or negative: too small).

        ``floor((n + before + after - effective_kernel) / stride) + 1``, rounded up with
        ``ceil_mode``; then, with ``drop_last="start_past_input"``, one less when the last window
        starts at or past the end of the input: ``(out - 1) * stride >= n + before``.
        """
        before, after = self.padding
        span = n + before + after - self.effective_kernel
        out = (span + (self.stride - 1 if self.ceil_mode else 0)) // self.stride + 1
        if self.ceil_mode and self.drop_last == "start_past_input" and (out - 1) * self.stride >= n + before:
            out -= 1
        return out

    def start(self, o: Any) -> Any:
        """The input position of output ``o``'s first tap (negative: in the padding)."""
        return o * self.stride - self.padding[0]

    def positions(self, o: int) -> list[int]:
        """The input positions of output ``o``'s taps, in scan order."""
        s = self.start(o)
        return [s + t * self.dilation for t in range(self.kernel)]

    def role(self, position: int, n: int) -> str:
        """``"input"``, ``"padding"`` or ``"extension"`` (:data:`CELL_ROLES`)."""
        if 0 <= position < n:
            return "input"
        if -self.padding[0] <= position < n + self.padding[1]:
            return "padding"
        return "extension"

    def extension(self, n: int) -> int:
        """How many cells the ceil extension adds after ``n + after`` (0 without it)."""
        out = self.output_size(n)
        if out < 1:
            return 0
        return max(0, self.start(out - 1) + self.effective_kernel - n - self.padding[1])


def same_padding(n: int, kernel: int, stride: int, dilation: int = 1, extra_before: bool = False) -> tuple[int, int]:
    """SAME padding (TensorFlow, Keras, ONNX ``SAME_UPPER``): the output is ``ceil(n / stride)``
    and the total padding ``max((out - 1) * stride + effective_kernel - n, 0)`` is split with
    the odd cell after (``extra_before``: before, ONNX ``SAME_LOWER``)."""
    out = -(-n // stride)
    return split_padding(max((out - 1) * stride + (kernel - 1) * dilation + 1 - n, 0), not extra_before)


def adaptive_bounds(n: int, out: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """PyTorch's adaptive windows: ``start = floor(i * n / out)``, ``end = ceil((i + 1) * n / out)``
    (``aten/src/ATen/native/AdaptivePooling.h``, ``start_index`` / ``end_index``)."""
    starts = tuple((i * n) // out for i in range(out))
    ends = tuple(-((-(i + 1) * n) // out) for i in range(out))
    return starts, ends


@dataclass(frozen=True)
class AdaptiveWindows:
    """Explicit windows along one axis: output ``i`` reads input ``[starts[i], ends[i])`` (no
    outputs at all is allowed: PyTorch's adaptive pooling to size 0).

    Attributes
    ----------
    size : int
        The input size ``n`` the windows are for.
    starts, ends : tuple of int
        ``0 <= start <= end <= size`` for every output (an empty window has no input cell: a
        mean of nothing is NaN, as PyTorch's global average of an empty axis).
    """

    size: int
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __post_init__(self) -> None:
        _check_int(self.size, "adaptive input size", 0)
        object.__setattr__(self, "starts", tuple(int(s) for s in self.starts))
        object.__setattr__(self, "ends", tuple(int(e) for e in self.ends))
        if len(self.starts) != len(self.ends):
            raise ArgumentError("adaptive windows need one (start, end) pair per output")
        for i, (s, e) in enumerate(zip(self.starts, self.ends, strict=True)):
            if not 0 <= s <= e <= self.size:
                raise ArgumentError(
                    f"adaptive window {i} is [{s}, {e}): it must satisfy 0 <= start <= end <= {self.size}")

    @classmethod
    def torch(cls, n: int, out: int) -> AdaptiveWindows:
        """PyTorch's windows for ``n`` inputs and ``out`` outputs (:func:`adaptive_bounds`)."""
        _check_int(out, "adaptive output size", 0)
        return cls(n, *adaptive_bounds(n, out))

    @property
    def max_length(self) -> int:
        """The longest window."""
        return max((e - s for s, e in zip(self.starts, self.ends, strict=True)), default=0)

    def output_size(self, n: int) -> int:
        """The number of windows (``n`` must be :attr:`size`)."""
        if n != self.size:
            raise ArgumentError(f"adaptive windows made for an axis of {self.size} applied to one of {n}")
        return len(self.starts)

    def positions(self, o: int) -> list[int]:
        """The input positions of output ``o``, in scan order."""
        return list(range(self.starts[o], self.ends[o]))

    def role(self, position: int, n: int) -> str:
        """Always ``"input"``: adaptive windows lie inside the input."""
        return "input"


Axis = Window | AdaptiveWindows


@dataclass(frozen=True)
class MaxReduction:
    """The maximum of the window's input cells.

    Attributes
    ----------
    nan : {'last', 'first', 'ignore'}
        :data:`NAN_RULES`.
    index : str
        The encoding of the winner's index, :data:`INDEX_ENCODINGS`.
    finite_floor : bool
        The running maximum starts at the dtype's lowest *finite* value, so a float window of
        ``-inf`` cells (or, under ``"ignore"``, of NaN cells only) answers ``-max`` of the dtype
        rather than ``-inf`` (TensorFlow's ``MaxPool``, measured: values only, not indices).
    """

    nan: str = "last"
    index: str = "plane"
    finite_floor: bool = False

    def __post_init__(self) -> None:
        if self.finite_floor and self.nan not in ("ignore", "leading"):
            raise ArgumentError("finite_floor goes with the NaN rules 'ignore' and 'leading'")
        if self.nan not in NAN_RULES:
            raise ArgumentError(f"nan rule must be one of {NAN_RULES}, got {self.nan!r}")
        if self.index not in INDEX_ENCODINGS:
            raise ArgumentError(f"index encoding must be one of {INDEX_ENCODINGS}, got {self.index!r}")


@dataclass(frozen=True)
class MeanReduction:
    """The sum of the window's input cells over a divisor.

    Attributes
    ----------
    divisor : {'valid', 'padded', 'window', 'fixed'}
        :data:`DIVISOR_RULES`.
    divisor_value : int or None
        With ``"fixed"`` only: the divisor (nonzero).
    """

    divisor: str = "padded"
    divisor_value: int | None = None

    def __post_init__(self) -> None:
        if self.divisor not in DIVISOR_RULES:
            raise ArgumentError(f"divisor rule must be one of {DIVISOR_RULES}, got {self.divisor!r}")
        if (self.divisor == "fixed") != (self.divisor_value is not None):
            raise ArgumentError('a divisor_value goes with the divisor rule "fixed", and only with it')
        if self.divisor_value is not None:
            if isinstance(self.divisor_value, bool) or not isinstance(self.divisor_value, int | np.integer):
                raise ArgumentError(f"divisor_value must be an integer, got {self.divisor_value!r}")
            if self.divisor_value == 0:
                raise ArgumentError("divisor must be not zero")
            object.__setattr__(self, "divisor_value", int(self.divisor_value))


@dataclass(frozen=True)
class LpReduction:
    """An Lp pooling.

    Attributes
    ----------
    p : float
        The exponent (nonzero, finite).
    form : {'norm', 'torch'}
        ``"norm"``: ``(sum over input cells of |x|**p) ** (1/p)`` (ONNX LpPool);
        ``"torch"``: ``(mean(x**p) * kernel_area) ** (1/p)`` where the mean divides by the
        ``divisor`` rule (``torch.nn.functional.lp_pool*d``: ``sign(m) * relu(|m|) * kw * kh``,
        then ``pow(1/p)``; no absolute value of ``x``).
    divisor : str
        ``form="torch"`` only: the mean's divisor rule (PyTorch: ``"padded"``).
    """

    p: float
    form: str = "norm"
    divisor: str = "padded"

    def __post_init__(self) -> None:
        p = float(self.p)
        if not math.isfinite(p) or p == 0:
            raise ArgumentError(f"Lp pooling needs a finite nonzero p, got {self.p!r}")
        object.__setattr__(self, "p", p)
        if self.form not in ("norm", "torch"):
            raise ArgumentError(f"Lp form must be 'norm' or 'torch', got {self.form!r}")
        if self.divisor not in ("valid", "padded", "window"):
            raise ArgumentError(f"Lp divisor rule must be 'valid', 'padded' or 'window', got {self.divisor!r}")


Reduction = MaxReduction | MeanReduction | LpReduction


@dataclass(frozen=True)
class PoolSpec:
    """A pooling: one :class:`Window` or :class:`AdaptiveWindows` per spatial axis and a reduction.

    The canonical array is channels-last, ``(N, *spatial, C)``; the spec knows nothing of the
    caller's layout (the plan's ``AxisMap`` does).
    """

    axes: tuple[Axis, ...]
    reduction: Reduction

    def __post_init__(self) -> None:
        object.__setattr__(self, "axes", tuple(self.axes))
        if not self.axes:
            raise ArgumentError("a pooling needs at least one spatial axis")
        for a in self.axes:
            if not isinstance(a, Window | AdaptiveWindows):
                raise ArgumentError(f"a pooling axis is a Window or AdaptiveWindows, got {a!r}")
        if not isinstance(self.reduction, MaxReduction | MeanReduction | LpReduction):
            raise ArgumentError(f"unknown pooling reduction {self.reduction!r}")
        if isinstance(self.reduction, LpReduction) and self.reduction.form == "torch" and not all(
                isinstance(a, Window) for a in self.axes):
            raise ArgumentError("PyTorch's Lp form scales by the kernel area: it needs sliding windows on every axis")

    @property
    def ndim(self) -> int:
        """The number of spatial axes."""
        return len(self.axes)

    def output_spatial(self, spatial: Sequence[int]) -> tuple[int, ...]:
        """The output's spatial sizes (entries below 1 mean the input is too small)."""
        if len(spatial) != self.ndim:
            raise ArgumentError(f"the spec has {self.ndim} spatial axes, the input {len(spatial)}")
        return tuple(a.output_size(int(n)) for a, n in zip(self.axes, spatial, strict=True))

    def output_shape(self, shape: Sequence[int]) -> tuple[int, ...]:
        """``(N, *output_spatial, C)`` for a canonical input shape ``(N, *spatial, C)``."""
        return (int(shape[0]), *self.output_spatial(shape[1:-1]), int(shape[-1]))

    def kernel_area(self) -> int:
        """The product of the window kernels (an adaptive axis counts its longest window)."""
        return math.prod(a.kernel if isinstance(a, Window) else a.max_length for a in self.axes)

    def sub_problem(self, out_spatial: Sequence[int], spatial: Sequence[int]) -> tuple[tuple[slice, ...], PoolSpec]:
        """The input box one output element reads and a spec with that single output.

        For output position ``out_spatial`` on an input of spatial sizes ``spatial``: per axis
        the slice of input cells the window covers, and a spec that, applied to that box, has
        exactly one output, with the same taps, padding and ceil-extension cells (hence the same
        divisor). An explanation runs the kernel on it: O(window), not O(input).
        """
        boxes: list[slice] = []
        axes: list[Axis] = []
        for a, o, n in zip(self.axes, out_spatial, spatial, strict=True):
            if isinstance(a, AdaptiveWindows):
                s, e = a.starts[o], a.ends[o]
                boxes.append(slice(s, e))
                axes.append(AdaptiveWindows(e - s, (0,), (e - s,)))
                continue
            p0 = int(a.start(o))
            eff = a.effective_kernel
            lo = max(p0, 0)
            hi = max(min(p0 + eff, n), lo)
            before = lo - p0
            after = max(0, min(n + a.padding[1], p0 + eff) - max(hi, n))
            boxes.append(slice(lo, hi))
            # a stride past the window, ceil_mode and no drop: exactly one window, whatever
            # part of it lies in the input, the padding or the ceil extension
            axes.append(Window(a.kernel, eff + 1, a.dilation, (before, after), ceil_mode=True, drop_last="none"))
        return tuple(boxes), PoolSpec(tuple(axes), self.reduction)


# ----------------------------------------------------------------------------------------------
# Index encodings
# ----------------------------------------------------------------------------------------------


def _plane_column(position: Sequence[Any], spatial: Sequence[int]) -> Any:
    """Column-major flat index within the plane (the first spatial axis varies fastest)."""
    flat: Any = 0
    for p, n in zip(reversed(position), reversed(spatial), strict=True):
        flat = flat * n + p
    return flat


def encode_index(plane: Any, batch: Any, channel: Any, spatial: Sequence[int], channels: int,
                 encoding: str) -> Any:
    """The framework's index of a winner (works elementwise on arrays).

    Parameters
    ----------
    plane : int or ndarray of int
        The winner's row-major index within its spatial plane (``y * W + x``).
    batch, channel : int or ndarray of int
        Its batch and channel.
    spatial : sequence of int
        The input's spatial sizes.
    channels : int
        The number of channels ``C``.
    encoding : str
        One of :data:`INDEX_ENCODINGS`.
    """
    area = math.prod(spatial)
    if encoding == "plane":
        return plane
    if encoding == "nchw":
        return (batch * channels + channel) * area + plane
    if encoding == "nchw_column":
        position = np.unravel_index(plane, tuple(spatial))
        return (batch * channels + channel) * area + _plane_column(position, spatial)
    if encoding == "nhwc":
        return plane * channels + channel
    if encoding == "nhwc_batch":
        return (batch * area + plane) * channels + channel
    raise ArgumentError(f"index encoding must be one of {INDEX_ENCODINGS}, got {encoding!r}")


def decode_index(index: int, spatial: Sequence[int], channels: int, encoding: str) -> dict[str, Any]:
    """What a framework's index says: ``{"batch": int or None, "channel": int or None,
    "position": tuple}`` (None where the encoding does not carry it)."""
    area = math.prod(spatial)
    index = int(index)
    batch: int | None = None
    channel: int | None = None
    if encoding == "plane":
        plane = index
    elif encoding in ("nchw", "nchw_column"):
        bc, rest = divmod(index, area)
        batch, channel = divmod(bc, channels)
        if encoding == "nchw":
            plane = rest
        else:
            pos = np.unravel_index(rest, tuple(reversed(spatial)))
            return {"batch": batch, "channel": channel, "position": tuple(int(p) for p in reversed(pos))}
    elif encoding == "nhwc":
        plane, channel = divmod(index, channels)
    elif encoding == "nhwc_batch":
        rest, channel = divmod(index, channels)
        batch, plane = divmod(rest, area)
    else:
        raise ArgumentError(f"index encoding must be one of {INDEX_ENCODINGS}, got {encoding!r}")
    pos = np.unravel_index(plane, tuple(spatial))
    return {"batch": batch, "channel": channel, "position": tuple(int(p) for p in pos)}
