"""Data-format tables and spatial axis names shared by the convolution front-ends.

TensorFlow writes a layout as a ``data_format`` string (``"NHWC"``/``"NCHW"`` for 2-d), Keras as
``"channels_last"``/``"channels_first"`` and hands TensorFlow the string; PyTorch and ONNX are
channels-first and name their spatial axes in messages (``stride_height``). One table here, so
every front-end reads the same letters and names.
"""

from __future__ import annotations

from arraylens.core.axis_map import AxisMap

# Spatial rank -> (channels-last, channels-first) data_format, as TensorFlow spells them.
DATA_FORMATS: dict[int, tuple[str, str]] = {
    1: ("NWC", "NCW"),
    2: ("NHWC", "NCHW"),
    3: ("NDHWC", "NCDHW"),
}

# Spatial rank -> the names of the spatial axes, outermost first.
SPATIAL_NAMES: dict[int, tuple[str, ...]] = {
    1: ("width",),
    2: ("height", "width"),
    3: ("depth", "height", "width"),
}


def data_format_for(nd: int, channels_first: bool) -> str:
    """TensorFlow's ``data_format`` string for ``nd`` spatial axes (``"NCHW"`` for 2, True)."""
    return DATA_FORMATS[nd][1 if channels_first else 0]


def input_map(nd: int, channels_first: bool) -> AxisMap:
    """The map from a batched ``(N, C, *spatial)`` or ``(N, *spatial, C)`` array to the
    canonical ``(N, *spatial, C)``."""
    return AxisMap.channels_first(nd + 2) if channels_first else AxisMap.identity(nd + 2)


def channels_first_weights(nd: int, transposed: bool) -> AxisMap:
    """The map from PyTorch's and ONNX's weights to the canonical ``(*k, in, out)``.

    A convolution's weights are ``(out, in/groups, *k)`` (OIHW); a transposed convolution's are
    ``(in, out/groups, *k)`` (IOHW), the forward convolution's weights read the other way.
    """
    return AxisMap((*range(2, nd + 2), 0, 1) if transposed else (*range(2, nd + 2), 1, 0))
