"""The data the interactive page ships as JSON, computed vectorised from a :class:`Scene`.

The page's script never recomputes the convolution: it reads, for output (r, c), the input row
``posH[r][a]`` and column ``posW[c][b]`` met by kernel tap (a, b) (-1: none) and the copy value
``local[l*H*W + h*W + w][a*kw + b]`` (the input position's values times the tap, summed over the
group's input channels). Everything else (the overlay, the zero-inserted input) is placed from
those arrays and the geometry.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.explanation import Explanation
from arraylens.render.scene import Scene, build_scene

MAX_CHANNELS_DRAWN = 8
MAX_3D_CELLS = 32 * 32 * 32


def _index_strings(indices: np.ndarray) -> list[str]:
    """(n, rank) integer array -> ["i,j,k", ...]."""
    if indices.size == 0:
        return []
    text = np.char.mod("%d", indices.reshape(-1, indices.shape[-1]))
    return [",".join(row) for row in text.tolist()]


def _labels(indices: np.ndarray, channel_axis: int, name: str, summed: bool) -> list[str]:
    """``name[i, j, :, l]`` labels, with ``:`` on the channel axis when channels are summed."""
    text = np.char.mod("%d", indices.reshape(-1, indices.shape[-1])).astype(object)
    if summed:
        text[:, channel_axis] = ":"
    return [f"{name}[{', '.join(row)}]" for row in text.tolist()]


def _channel_axis(amap_perm: tuple[int, ...], add_batch: bool, canonical_axis: int) -> int:
    """The caller's axis that is canonical axis ``canonical_axis``."""
    return int(amap_perm[canonical_axis - (1 if add_batch else 0)])


def _round(a: np.ndarray) -> list[Any]:
    """Floats for JSON: float64 kept to 12 significant digits (exact for small integers)."""
    out: list[Any] = np.asarray(a, dtype=np.float64).round(12).tolist()
    return out


def conv_transpose_payload(explanation: Explanation, scene: Scene | None = None, *,
                           with_slices: bool = True) -> dict[str, Any]:
    """JSON-ready data of the interactive page of a transposed convolution's explanation.

    For a 3-d convolution whose output has at most :data:`MAX_3D_CELLS` cells per batch item
    and channel, ``depthSlices`` holds the data of every other output depth slice (``None`` at
    the explained one), so the page can step through them; otherwise it is ``None``.
    """
    scene = scene or build_scene(explanation)
    geo = scene.geometry
    xname, wname, oname = geo.names
    n_layers = scene.layers
    h_in, w_in = scene.in_size
    kh, kw = scene.kernel
    ho, wo = scene.out_size
    c_all = scene.x.shape[-1]
    c_shown = min(c_all, MAX_CHANNELS_DRAWN)
    summed = c_all > 1

    # input cells of each (layer, channel) block: caller indices
    ll, ch, hh, ww = np.meshgrid(np.arange(n_layers), np.arange(c_shown), np.arange(h_in),
                                 np.arange(w_in), indexing="ij")
    x_idx = scene.input_indices(ll.ravel(), hh.ravel(), ww.ravel(), ch.ravel())
    ll2, ch2, aa, bb = np.meshgrid(np.arange(n_layers), np.arange(c_shown), np.arange(kh),
                                   np.arange(kw), indexing="ij")
    w_idx = scene.weight_indices(ll2.ravel(), aa.ravel(), bb.ravel(), ch2.ravel())
    rr, cc = np.meshgrid(np.arange(ho), np.arange(wo), indexing="ij")
    o_idx = scene.output_indices(rr.ravel(), cc.ravel())

    # position and tap labels (channel 0, channel axis replaced by ':' when summed)
    lp, hp, wp = np.meshgrid(np.arange(n_layers), np.arange(h_in), np.arange(w_in), indexing="ij")
    zeros_p = np.zeros(lp.size, dtype=np.int64)
    pos_idx = scene.input_indices(lp.ravel(), hp.ravel(), wp.ravel(), zeros_p)
    lt, at, bt = np.meshgrid(np.arange(n_layers), np.arange(kh), np.arange(kw), indexing="ij")
    zeros_t = np.zeros(lt.size, dtype=np.int64)
    tap_idx = scene.weight_indices(lt.ravel(), at.ravel(), bt.ravel(), zeros_t)
    nd = geo.ndim
    x_ch_axis = _channel_axis(geo.x_map.perm, geo.x_map.add_batch, nd + 1)
    w_ch_axis = _channel_axis(geo.w_map.perm, geo.w_map.add_batch, nd)

    pos_h, pos_w = scene.reach()
    layer_labels = [
        f"input depth {i} × kernel depth {k}"
        for i, k in zip(scene.layer_in_depth, scene.layer_k_depth, strict=True)
    ] or [""]
    focus = list(scene.focus) if scene.focus is not None else None
    return {
        "kind": "conv_transpose",
        "op": explanation.op,
        "names": {"x": xname, "w": wname, "out": oname},
        "ndim": nd,
        "index": list(explanation.index),
        "value": float(explanation.value),
        "summary": explanation.summary,
        "sections": [{"title": s.title, "lines": list(s.lines)} for s in explanation.sections],
        "plane": {
            "batch": scene.batch, "outChannel": scene.out_channel, "depth": scene.depth,
            "layers": layer_labels,
            "channels": [int(c) for c in scene.channels[:c_shown]],
            "channelsTotal": int(c_all),
        },
        "geometry": {
            "stride": list(scene.stride), "dilation": list(scene.dilation),
            "cropBegin": list(scene.crop_begin), "crop": [list(p) for p in scene.crop],
            "kernel": [kh, kw], "in": [h_in, w_in], "full": list(scene.full_size),
            "out": [ho, wo], "pad": list(scene.pad), "direct": list(scene.direct_size),
            "layers": n_layers,
        },
        "x": _round(scene.x[..., :c_shown].transpose(0, 3, 1, 2)
                    .reshape(n_layers, c_shown, h_in * w_in)),
        "w": _round(scene.w[..., :c_shown].transpose(0, 3, 1, 2)
                    .reshape(n_layers, c_shown, kh * kw)),
        "xIndex": _index_strings(x_idx),
        "wIndex": _index_strings(w_idx),
        "outIndex": _index_strings(o_idx),
        "posLabel": _labels(pos_idx, x_ch_axis, xname, summed),
        "tapLabel": _labels(tap_idx, w_ch_axis, wname, summed),
        "local": _round(scene.local().reshape(n_layers * h_in * w_in, kh * kw)),
        "posH": pos_h.tolist(),
        "posW": pos_w.tolist(),
        "out": _round(scene.out.ravel()),
        "bias": scene.bias,
        "hasBias": geo.bias is not None,
        "summed": summed,
        "focus": focus,
        "depthSlices": _depth_slices(explanation, scene) if with_slices else None,
    }


def _depth_slices(explanation: Explanation, scene: Scene) -> list[dict[str, Any] | None] | None:
    """The other output depth slices of a small 3-d output (see conv_transpose_payload)."""
    if scene.depth is None:
        return None
    shape = scene.geometry.canonical_out_shape
    if int(np.prod(shape[1:-1])) > MAX_3D_CELLS:
        return None
    slices: list[dict[str, Any] | None] = []
    result = scene.geometry.result()
    for d in range(shape[1]):
        if d == scene.depth:
            slices.append(None)
            continue
        other = build_scene(explanation, depth=d, result=result)
        data = conv_transpose_payload(explanation, other, with_slices=False)
        del data["sections"], data["summary"]
        slices.append(data)
    return slices


def generic_payload(explanation: Explanation) -> dict[str, Any]:
    """Data of the page of any other explanation: its account and its terms."""
    return {
        "kind": "generic",
        "op": explanation.op,
        "index": list(explanation.index),
        "value": float(explanation.value),
        "summary": explanation.summary,
        "sections": [{"title": s.title, "lines": list(s.lines)} for s in explanation.sections],
        "terms": [
            {"input": list(t.input_index), "weight": list(t.weight_index),
             "x": t.input_value, "w": t.weight_value, "product": t.product}
            for t in explanation.terms[:2000]
        ],
        "termsTotal": len(explanation.terms),
        "offset": explanation.offset,
    }
