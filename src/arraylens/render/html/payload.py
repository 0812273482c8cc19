"""The data the interactive page ships as JSON, computed vectorised from a :class:`Scene`.

The page's script never recomputes the convolution: it reads, for output (r, c), the input row
``posH[r][a]`` and column ``posW[c][b]`` met by kernel tap (a, b) (-1: none) and the copy value
``local[l*H*W + h*W + w][a*kw + b]`` (the input position's values times the tap, summed over the
group's input channels). Everything else (the overlay, the zero-inserted input) is placed from
those arrays and the geometry.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import numpy as np

from arraylens.core.explanation import Explanation
from arraylens.core.text import format_number
from arraylens.ops.conv.spec import full_extent
from arraylens.render.scene import Scene, build_scene

MAX_CHANNELS_DRAWN = 8
MAX_3D_CELLS = 32 * 32 * 32
#: The page draws at most this many output cells per side, around the explained element ...
MAX_OUT_WINDOW = 64
#: ... and at most this many kernel-copy values (input positions x taps x layers), the bulk
#: of the page's data: the window shrinks until they fit, so a page stays well under 2 MB.
MAX_LOCAL = 48 * 1024


#: A section of the page lists at most this many lines (the terminal account has them all).
MAX_SECTION_LINES = 40


def json_for_script(data: dict[str, Any]) -> str:
    """JSON that cannot end its ``<script>`` element early."""
    text = json.dumps(data, separators=(",", ":"), allow_nan=False, default=float)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def shown_sections(explanation: Explanation) -> Explanation:
    """``explanation`` with each section cut to :data:`MAX_SECTION_LINES` lines plus one that
    says how many were left out (a large kernel lists thousands of products)."""
    cut = []
    for sec in explanation.sections:
        lines = sec.lines
        if len(lines) > MAX_SECTION_LINES:
            lines = (*lines[:MAX_SECTION_LINES],
                     f"... ({len(lines) - MAX_SECTION_LINES} more lines: print(explanation) lists them all)")
        cut.append(dataclasses.replace(sec, lines=tuple(lines)))
    return dataclasses.replace(explanation, sections=tuple(cut))


def page_sections(explanation: Explanation) -> list[dict[str, Any]]:
    """The sections as the page's JSON, cut as :func:`shown_sections` does."""
    return [{"title": s.title, "lines": list(s.lines)} for s in shown_sections(explanation).sections]


def _input_range(r0: int, r1: int, begin: int, k: int, s: int, d: int, n_in: int) -> tuple[int, int]:
    """The input rows whose kernel copies reach output rows ``r0 .. r1 - 1`` (at least one row)."""
    lo = max(0, -(-(r0 + begin - (k - 1) * d) // s))
    hi = min(n_in, (r1 - 1 + begin) // s + 1)
    if lo >= hi:  # no copy reaches the window: keep one input row, drawn but reaching nothing
        lo = min(max(lo, 0), n_in - 1)
        hi = lo + 1
    return lo, hi


def window_scene(scene: Scene) -> tuple[Scene, dict[str, Any] | None] | None:
    """The part of a large output plane the page draws, and what it leaves out.

    Returns ``(scene, None)`` when the whole plane fits (at most :data:`MAX_OUT_WINDOW` output
    cells per side and :data:`MAX_LOCAL` kernel-copy values); otherwise a window of output
    cells around the explained element (the largest that fits) with the input positions whose
    copies reach it and the whole kernel, as a smaller transposed convolution of the same
    values (its indices shifted back by ``in_offset``/``out_offset``), and a dict that
    describes the window. ``None`` when not even one output cell fits (a huge kernel): the
    page then shows the account and the terms only.
    """
    layers = scene.layers
    kh, kw = scene.kernel
    sizes = scene.out_size
    focus = scene.focus or (0, 0)

    def cut(side: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
        outs, ins = [], []
        for a in range(2):
            w = min(side, sizes[a])
            r0 = min(max(focus[a] - w // 2, 0), sizes[a] - w)
            outs.append((r0, r0 + w))
            ins.append(_input_range(r0, r0 + w, scene.crop_begin[a], scene.kernel[a], scene.stride[a],
                                    scene.dilation[a], scene.in_size[a]))
        cells = layers * (ins[0][1] - ins[0][0]) * (ins[1][1] - ins[1][0]) * kh * kw
        return outs, ins, cells

    side = MAX_OUT_WINDOW
    outs, ins, cells = cut(side)
    if max(sizes) <= side and cells == layers * scene.in_size[0] * scene.in_size[1] * kh * kw \
            and cells <= MAX_LOCAL:
        return scene, None
    while cells > MAX_LOCAL and side > 1:
        side = max(1, side * 3 // 4)
        outs, ins, cells = cut(side)
    if cells > MAX_LOCAL:
        return None
    crop = []
    for a in range(2):
        (r0, r1), (i0, i1) = outs[a], ins[a]
        s, d, k = scene.stride[a], scene.dilation[a], scene.kernel[a]
        (full,) = full_extent((i1 - i0,), (k,), (s,), (d,))
        begin = r0 + scene.crop_begin[a] - i0 * s
        crop.append((begin, full - begin - (r1 - r0)))
    windowed = dataclasses.replace(
        scene,
        x=scene.x[:, ins[0][0]:ins[0][1], ins[1][0]:ins[1][1]],
        out=scene.out[outs[0][0]:outs[0][1], outs[1][0]:outs[1][1]],
        crop=(crop[0], crop[1]),
        focus=None if scene.focus is None else (focus[0] - outs[0][0], focus[1] - outs[1][0]),
        in_offset=(ins[0][0], ins[1][0]),
        out_offset=(outs[0][0], outs[1][0]),
    )
    names = scene.geometry.names
    nd = scene.geometry.ndim
    span = (
        f"output columns {outs[1][0]}..{outs[1][1] - 1} of {sizes[1]}" if nd == 1 else
        f"output rows {outs[0][0]}..{outs[0][1] - 1} of {sizes[0]} and columns "
        f"{outs[1][0]}..{outs[1][1] - 1} of {sizes[1]}"
    )
    in_span = (
        f"input columns {ins[1][0]}..{ins[1][1] - 1} of {scene.in_size[1]}" if nd == 1 else
        f"input rows {ins[0][0]}..{ins[0][1] - 1} of {scene.in_size[0]} and columns "
        f"{ins[1][0]}..{ins[1][1] - 1} of {scene.in_size[1]}"
    )
    shown = (outs[0][1] - outs[0][0]) * (outs[1][1] - outs[1][0])
    rest = scene.out.size - shown
    note = (
        f"This page draws a window of the {names[2]} plane around the explained element: {span} "
        f"({shown} of {scene.out.size} cells), with the {in_span} whose kernel copies reach them and "
        f"the whole kernel; positions in the pictures count from the window's corner, labels are "
        f"the true indices. The other {rest} cells are left out (the whole plane ranges from "
        f"{format_number(float(np.min(scene.out)))} to {format_number(float(np.max(scene.out)))})."
    )
    info = {
        "outStart": [outs[0][0], outs[1][0]], "outStop": [outs[0][1], outs[1][1]],
        "outSize": list(sizes), "inStart": [ins[0][0], ins[1][0]], "inStop": [ins[0][1], ins[1][1]],
        "inSize": list(scene.in_size), "note": note,
    }
    return windowed, info


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
    windowed = window_scene(scene)
    if windowed is None:  # not even one output cell's data fits: the account and the terms
        data = generic_payload(explanation)
        data["window"] = {"note": (
            f"The {scene.kernel[0]}x{scene.kernel[1]} kernel is too large to draw its copies on "
            f"this page: it shows the account and the terms."
        )}
        return data
    scene, window = windowed
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
        "sections": page_sections(explanation),
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
        "depthSlices": _depth_slices(explanation, scene) if with_slices and window is None else None,
        "window": window,
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
    """Data of the page of any other explanation: its account and its terms. A complex number
    (Octave's fft, a complex sum) travels as the text the account writes it with, which the
    page shows as it is."""

    def scalar(v: Any) -> float | str:
        return explanation.format_value(v) if isinstance(v, complex | np.complexfloating) else float(v)

    return {
        "kind": "generic",
        "op": explanation.op,
        "index": list(explanation.index),
        "value": scalar(explanation.value),
        "summary": explanation.summary,
        "sections": page_sections(explanation),
        "terms": [
            {"input": list(t.input_index), "weight": list(t.weight_index),
             "x": scalar(t.input_value), "w": scalar(t.weight_value), "product": scalar(t.product)}
            for t in explanation.terms[:2000]
        ],
        "termsTotal": len(explanation.terms),
        "offset": scalar(explanation.offset),
    }


def pool_payload(explanation: Explanation) -> dict[str, Any]:
    """JSON-ready data of the interactive page of a pooling's explanation.

    Reads ``details["view"]`` (:func:`arraylens.ops.pool.view.plane_view`): the tile of input
    cells with their roles, the tile of outputs with each window (per drawn axis), winner or
    divisor. Pointing at an output cell shows its window, its values and its winner or sum and
    divisor; the explained element is selected first. Without a view (a window too large to
    draw) it is the generic page with a note.
    """
    details = explanation.details
    view = details.get("view")
    if view is None:
        data = generic_payload(explanation)
        data["window"] = {"note": "The pooling window is too large to draw cell by cell: this page shows the "
                                  "account and the terms."}
        return data
    divisor = details.get("divisor")
    return {
        "kind": "pool",
        "op": explanation.op,
        "index": list(explanation.index),
        "value": float(explanation.value),
        "summary": explanation.summary,
        "sections": page_sections(explanation),
        "reduction": details.get("reduction"),
        "rule": divisor["words"] if divisor else None,
        "lp": details.get("lp"),
        "view": view,
    }
