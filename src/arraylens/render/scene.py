"""One output channel of a transposed convolution, reduced to 2-d pictures.

Figures (:mod:`arraylens.show`) and the interactive page (:mod:`arraylens.render.html`) both draw a
:class:`Scene`: the input values, the kernel taps of one output channel, the output plane and
the geometry (stride, dilation, crop) as 2-d arrays, whatever the convolution's rank:

- 1-d: one row (height 1, stride 1 along it);
- 2-d: as is;
- 3-d: one output depth slice. Only the pairs (input depth ``i``, kernel depth ``k``) with
  ``i*stride + k*dilation = full depth`` reach that slice; each pair is a *layer* with its own
  2-d input slice and 2-d kernel slice, and the slice is the sum over the layers of their 2-d
  transposed convolutions.

Every quantity is computed vectorised from the canonical operands of the explanation's
``details["geometry"]`` (a :class:`~arraylens.ops.conv.geometry.ConvTransposeGeometry`); indices
are mapped back to the caller's layouts with its :class:`~arraylens.core.axis_map.AxisMap` s.
Pure NumPy: the page uses it without matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.axis_map import AxisMap
from arraylens.core.errors import ArgumentIndexError, ArgumentTypeError
from arraylens.core.explanation import Explanation
from arraylens.ops.conv.geometry import ConvTransposeGeometry
from arraylens.ops.conv.spec import full_extent


@dataclass(frozen=True)
class Scene:
    """A 2-d picture of one output plane of a transposed convolution.

    Attributes
    ----------
    geometry : ConvTransposeGeometry
        The whole transposed convolution.
    batch, out_channel : int
        Canonical batch item and (global) output channel drawn.
    depth : int or None
        Output depth slice (3-d only).
    x : ndarray, shape (L, H, W, C)
        Input values of each layer for the group's input channels.
    w : ndarray, shape (L, kh, kw, C)
        Kernel taps of each layer for ``out_channel``.
    layer_in_depth, layer_k_depth : tuple of int
        Input depth and kernel depth of each layer (3-d); empty tuples otherwise.
    channels : ndarray of int, shape (C,)
        Canonical input channels of the group.
    stride, dilation : (int, int)
    crop : ((int, int), (int, int))
        (begin, end) cropped from the full result along height and width.
    out : ndarray, shape (Ho, Wo)
        The output plane, as the call computes it (bias included).
    bias : float
    focus : (int, int) or None
        The explained output element in this plane, if any.
    in_offset, out_offset : (int, int)
        Where ``x`` and ``out`` start in the whole plane: a window of a large plane (see
        :func:`arraylens.render.html.payload.window_scene`) is a smaller transposed
        convolution whose indices are shifted by these; (0, 0) for the whole plane.
    """

    geometry: ConvTransposeGeometry
    batch: int
    out_channel: int
    depth: int | None
    x: np.ndarray
    w: np.ndarray
    layer_in_depth: tuple[int, ...]
    layer_k_depth: tuple[int, ...]
    channels: np.ndarray
    stride: tuple[int, int]
    dilation: tuple[int, int]
    crop: tuple[tuple[int, int], tuple[int, int]]
    out: np.ndarray
    bias: float
    focus: tuple[int, int] | None
    in_offset: tuple[int, int] = (0, 0)
    out_offset: tuple[int, int] = (0, 0)

    # ---- sizes -------------------------------------------------------------------------
    @property
    def layers(self) -> int:
        return int(self.x.shape[0])

    @property
    def in_size(self) -> tuple[int, int]:
        return int(self.x.shape[1]), int(self.x.shape[2])

    @property
    def kernel(self) -> tuple[int, int]:
        return int(self.w.shape[1]), int(self.w.shape[2])

    @property
    def full_size(self) -> tuple[int, int]:
        """Size of the uncropped result: ``(in - 1)*stride + dilation*(kernel - 1) + 1``."""
        return full_extent(self.in_size, self.kernel, self.stride, self.dilation)  # type: ignore[return-value]

    @property
    def out_size(self) -> tuple[int, int]:
        return int(self.out.shape[0]), int(self.out.shape[1])

    @property
    def crop_begin(self) -> tuple[int, int]:
        return self.crop[0][0], self.crop[1][0]

    @property
    def pad(self) -> tuple[int, int]:
        """Zero padding of the direct view: ``dilation*(kernel - 1)`` on each side."""
        return tuple(d * (k - 1) for d, k in zip(self.dilation, self.kernel, strict=True))  # type: ignore[return-value]

    @property
    def direct_size(self) -> tuple[int, int]:
        """Size of the zero-inserted, padded input of the direct view: the full size plus
        ``dilation*(kernel - 1)`` (the padding on both sides makes room for the kernel twice)."""
        return tuple(f + p for f, p in zip(self.full_size, self.pad, strict=True))  # type: ignore[return-value]

    # ---- values ------------------------------------------------------------------------
    def local(self) -> np.ndarray:
        """``local[l, h, w, a, b] = sum_c x[l, h, w, c] * w[l, a, b, c]``: the kernel copy of
        input position (h, w) of layer l, before it is placed."""
        return np.einsum("lhwc,labc->lhwab", self.x.astype(np.float64), self.w.astype(np.float64))

    def copies_on_full(self, positions: np.ndarray) -> np.ndarray:
        """The placed copies of the given flat positions (``l*H*W + h*W + w``) on the full grid,
        shape (len(positions), Fh, Fw)."""
        h_in, w_in = self.in_size
        kh, kw = self.kernel
        local = self.local().reshape(-1, kh, kw)[positions]
        hs = (positions // w_in) % h_in
        ws = positions % w_in
        out = np.zeros((len(positions), *self.full_size))
        rows = hs[:, None] * self.stride[0] + np.arange(kh)[None, :] * self.dilation[0]  # (P, kh)
        cols = ws[:, None] * self.stride[1] + np.arange(kw)[None, :] * self.dilation[1]  # (P, kw)
        sel = np.arange(len(positions))[:, None, None]
        out[sel, rows[:, :, None], cols[:, None, :]] = local
        return out

    def full_sum(self) -> np.ndarray:
        """The sum of every placed copy on the full grid (before the crop), shape (Fh, Fw).

        One strided slice-add per kernel tap: memory is the full grid, not one grid per copy.
        """
        local = self.local().sum(axis=0)  # (H, W, kh, kw), layers share the geometry
        total = np.zeros(self.full_size)
        (h_in, w_in), (sh, sw), (dh, dw) = self.in_size, self.stride, self.dilation
        for a in range(self.kernel[0]):
            for b in range(self.kernel[1]):
                total[a * dh: a * dh + (h_in - 1) * sh + 1: sh,
                      b * dw: b * dw + (w_in - 1) * sw + 1: sw] += local[:, :, a, b]
        return total

    def reach(self) -> tuple[np.ndarray, np.ndarray]:
        """Which input row/column each output row/column meets with each kernel row/column.

        Returns ``(pos_h, pos_w)`` of shapes (Ho, kh) and (Wo, kw): ``pos_h[r, a]`` is the
        input row whose copy covers output row ``r`` with kernel row ``a``, or -1 if none
        (same for columns). Output (r, c) is the sum over layers and over the taps (a, b) with
        both entries valid of ``local[l, pos_h[r, a], pos_w[c, b], a, b]``.
        """
        result = []
        for axis in range(2):
            n_out, k = self.out_size[axis], self.kernel[axis]
            s, d, b = self.stride[axis], self.dilation[axis], self.crop_begin[axis]
            num = (np.arange(n_out)[:, None] + b) - np.arange(k)[None, :] * d
            ok = (num >= 0) & (num % s == 0) & (num // s < self.in_size[axis])
            result.append(np.where(ok, num // s, -1))
        return result[0], result[1]

    def contributions(self) -> np.ndarray:
        """``contrib[l, r, c, a, b]``: what layer l's tap (a, b) adds to output (r, c) (0 where
        no copy meets it). Summed over (l, a, b) plus the bias, it is the output plane."""
        pos_h, pos_w = self.reach()
        local = self.local()
        ph = np.maximum(pos_h, 0)[None, :, None, :, None]
        pw = np.maximum(pos_w, 0)[None, None, :, None, :]
        ll = np.arange(self.layers)[:, None, None, None, None]
        aa = np.arange(self.kernel[0])[None, None, None, :, None]
        bb = np.arange(self.kernel[1])[None, None, None, None, :]
        vals = local[ll, ph, pw, aa, bb]
        ok = (pos_h >= 0)[None, :, None, :, None] & (pos_w >= 0)[None, None, :, None, :]
        return np.where(ok, vals, 0.0)

    # ---- caller's indices --------------------------------------------------------------
    def _spatial(self, layer_depth: tuple[int, ...], layers: np.ndarray, rows: np.ndarray,
                 cols: np.ndarray) -> list[np.ndarray]:
        nd = self.geometry.ndim
        if nd == 1:
            return [cols]
        if nd == 2:
            return [rows, cols]
        return [np.asarray(layer_depth, dtype=np.int64)[layers], rows, cols]

    def input_indices(self, layers: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                      chans: np.ndarray) -> np.ndarray:
        """Caller's input indices, shape (n, rank), for canonical (layer, h, w, channel) arrays."""
        n = np.full(np.shape(rows), self.batch)
        rows, cols = np.asarray(rows) + self.in_offset[0], np.asarray(cols) + self.in_offset[1]
        canon = np.stack([n, *self._spatial(self.layer_in_depth, layers, rows, cols),
                          self.channels[chans]], axis=-1)
        return _to_caller(self.geometry.x_map, canon)

    def weight_indices(self, layers: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                       chans: np.ndarray) -> np.ndarray:
        """Caller's weight indices for canonical (layer, a, b, channel-in-group) arrays."""
        c_in_g = self.geometry.x.shape[-1] // self.geometry.spec.groups
        co_local = self.out_channel % self.geometry.w.shape[-1]
        canon = np.stack([*self._spatial(self.layer_k_depth, layers, rows, cols),
                          self.channels[chans] % c_in_g, np.full(np.shape(rows), co_local)],
                         axis=-1)
        return _to_caller(self.geometry.w_map, canon)

    def output_indices(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Caller's output indices for output-plane (r, c) arrays."""
        n = np.full(np.shape(rows), self.batch)
        rows, cols = np.asarray(rows) + self.out_offset[0], np.asarray(cols) + self.out_offset[1]
        nd = self.geometry.ndim
        spatial = [cols] if nd == 1 else [rows, cols] if nd == 2 else [
            np.full(np.shape(rows), self.depth), rows, cols]
        canon = np.stack([n, *spatial, np.full(np.shape(rows), self.out_channel)], axis=-1)
        return _to_caller(self.geometry.out_map, canon)


def _to_caller(amap: AxisMap, canon: np.ndarray) -> np.ndarray:
    """Vectorised :meth:`AxisMap.index_from_canonical` over the last axis."""
    c = canon[..., 1:] if amap.add_batch else canon
    return np.asarray(c[..., list(amap.inverse)], dtype=np.int64)


def _not_transposed(explanation: Explanation) -> str:
    """Why an explanation of another op cannot be drawn, and what to explain instead."""
    op = explanation.op
    text = (
        "show.overlay and show.direct_view draw transposed convolutions only (each input "
        f"element scatters a scaled copy of the kernel); this is an explanation of {op}"
    )
    if explanation.details.get("kind") == "conv":
        text += (
            ", a forward convolution (each output is one input window times the kernel): "
            "print(explanation) lists that window and its products"
        )
        call, name = explanation.details.get("transposed_call"), explanation.details.get("transposed_op")
        if call and name:
            text += f". To draw the transposed convolution, pass {call}.explain(..., at=...) ({name})"
    return text


def geometry_of(source: Any) -> ConvTransposeGeometry:
    """The geometry of an Explanation's ``details["geometry"]``, of a geometry itself, or of
    any object that offers one as its ``geometry`` attribute (a transposed convolution's plan).

    Raises
    ------
    TypeError
        If ``source`` is none of them.
    """
    if isinstance(source, Explanation):
        found = source.details.get("geometry")
        if not isinstance(found, ConvTransposeGeometry):
            raise ArgumentTypeError(_not_transposed(source))
        return found
    found = source if isinstance(source, ConvTransposeGeometry) else getattr(source, "geometry", None)
    if isinstance(found, ConvTransposeGeometry):
        return found
    raise ArgumentTypeError(
        "expected an arraylens Explanation of a transposed convolution (f.explain(..., at=...)) "
        "or its plan (f.build_plan(...)); got " + type(source).__name__
    )


def build_scene(source: Any, batch: int | None = None, out_channel: int | None = None,
                depth: int | None = None, result: np.ndarray | None = None) -> Scene:
    """The :class:`Scene` of an Explanation (its batch item, output channel and, for 3-d, depth
    slice, unless given) or of a geometry or plan (see :func:`geometry_of`; defaults 0, 0, 0).

    ``result`` is the call's result in canonical layout, when the caller has it already (else
    the geometry's, computed once). ``batch``, ``out_channel`` and ``depth`` use canonical numbering (the
    output channel across all groups; ``depth`` is the output's first spatial axis of a 3-d
    convolution).

    Raises
    ------
    TypeError
        If ``source`` is not a transposed convolution's explanation or plan.
    IndexError
        If ``batch``, ``out_channel`` or ``depth`` is out of range.
    """
    geo = geometry_of(source)
    idx = geo.out_map.index_to_canonical(source.index) if isinstance(source, Explanation) else None
    nd = geo.ndim
    shape = geo.canonical_out_shape
    b = batch if batch is not None else (idx[0] if idx else 0)
    co = out_channel if out_channel is not None else (idx[-1] if idx else 0)
    d = depth if depth is not None else (idx[1] if idx and nd == 3 else 0)
    for name, v, n in (("batch", b, shape[0]), ("out_channel", co, shape[-1])):
        if not 0 <= v < n:
            raise ArgumentIndexError(f"{name} {v} is out of range: the output has {n}")
    if nd == 3 and not 0 <= d < shape[1]:
        raise ArgumentIndexError(f"depth {d} is out of range: the output has depth {shape[1]}")
    spec = geo.spec
    c_out_g = geo.w.shape[-1]
    c_in_g = geo.x.shape[-1] // spec.groups
    g, co_local = divmod(co, c_out_g)
    channels = np.arange(g * c_in_g, (g + 1) * c_in_g)
    xs = geo.x[b][..., channels]  # (*in, C)
    ws = geo.w[..., g * c_in_g: (g + 1) * c_in_g, co_local]  # (*k, C)
    if result is None:
        result = geo.result()
    out_c = result[b, ..., co]
    in_d: tuple[int, ...] = ()
    k_d: tuple[int, ...] = ()
    if nd == 1:
        x2, w2, out2 = xs[None, None], ws[None, None], out_c[None]
        stride, dil = (1, spec.stride[0]), (1, spec.dilation[0])
        crop = ((0, 0), spec.crop[0])
    elif nd == 2:
        x2, w2, out2 = xs[None], ws[None], out_c
        stride, dil = (spec.stride[0], spec.stride[1]), (spec.dilation[0], spec.dilation[1])
        crop = (spec.crop[0], spec.crop[1])
    else:
        f = d + spec.crop[0][0]
        num = f - np.arange(geo.kernel[0]) * spec.dilation[0]
        ok = (num >= 0) & (num % spec.stride[0] == 0) & (num // spec.stride[0] < xs.shape[0])
        k_d = tuple(int(k) for k in np.flatnonzero(ok))
        in_d = tuple(int(v) for v in num[ok] // spec.stride[0])
        x2 = xs[list(in_d)] if in_d else np.zeros((0, *xs.shape[1:]), xs.dtype)
        w2 = ws[list(k_d)] if k_d else np.zeros((0, *ws.shape[1:]), ws.dtype)
        out2 = out_c[d]
        stride, dil = (spec.stride[1], spec.stride[2]), (spec.dilation[1], spec.dilation[2])
        crop = (spec.crop[1], spec.crop[2])
    focus = None
    if idx is not None and idx[0] == b and idx[-1] == co and (nd < 3 or idx[1] == d):
        focus = (0, idx[1]) if nd == 1 else (idx[1], idx[2]) if nd == 2 else (idx[2], idx[3])
    bias = 0.0 if geo.bias is None else float(geo.bias[co])
    return Scene(geo, int(b), int(co), int(d) if nd == 3 else None, np.asarray(x2),
                 np.asarray(w2), in_d, k_d, channels, stride, dil, crop, np.asarray(out2),
                 bias, focus)
