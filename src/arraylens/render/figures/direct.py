"""The direct-convolution view of a transposed convolution as a figure.

The same result as an ordinary stride-1 correlation: insert ``stride - 1`` zeros between input
elements, pad ``dilation*(kernel - 1)`` zeros on each side, and slide the kernel rotated by 180
degrees; output ``o`` is the window starting at padded position ``o + crop_begin``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import CenteredNorm
from matplotlib.figure import Figure

from arraylens.core.explanation import Explanation
from arraylens.core.text import format_number
from arraylens.render.figures._grid import CMAP, draw_grid, index_text, outline
from arraylens.render.figures.overlay import _plane_title, _scene_for
from arraylens.render.scene import Scene, geometry_of

MAX_CHANNEL_PANELS = 4


def zero_inserted(scene: Scene) -> np.ndarray:
    """The zero-inserted, padded input of each layer and channel, shape (L, Zh, Zw, C)."""
    z = np.zeros((scene.layers, *scene.direct_size, scene.x.shape[-1]), dtype=np.float64)
    h_in, w_in = scene.in_size
    # the real cells, in row-major order, are the input's (h, w) positions
    z[:, _real_cells(scene), :] = scene.x.reshape(scene.layers, h_in * w_in, scene.x.shape[-1])
    return z


def direct_view(explanation_or_call: Explanation | Any,
                at: Sequence[int] | None = None, *,
                max_channels: int = MAX_CHANNEL_PANELS) -> Figure:
    """Figure of the direct-convolution view, with the window of one output element highlighted.

    Panels, for each layer and input channel drawn (3-d: one layer per input depth slice that
    reaches the output's depth slice): the zero-inserted, padded input with the window of the
    chosen output (dashed), every cell's number written (the inserted and padding zeros as a
    grey 0), and the input elements that meet a kernel tap (outlined, gid
    ``"term-input <caller index>"``); the kernel rotated by 180 degrees with the taps used
    outlined (gid ``"term-weight <caller index of the original tap>"``). Last panel: the output
    with the chosen element outlined. The outlined cells are exactly the explanation's terms.

    Parameters
    ----------
    explanation_or_call : Explanation or plan
        An explanation of a transposed convolution, or the call's plan (``f.build_plan(...)``).
    at : sequence of int, optional
        Output index in the caller's layout; default the explanation's, else the first element.
    max_channels : int
        Input channels drawn per layer (the sum shown always uses all).

    Returns
    -------
    matplotlib.figure.Figure
        Panels are labelled ``"direct-input"``, ``"rotated-kernel"`` and ``"output"``.

    Raises
    ------
    TypeError
        If the source is not a transposed convolution's explanation or plan.
    IndexError
        If ``at`` is not an output index.
    """
    if at is None and not isinstance(explanation_or_call, Explanation):
        at = (0,) * len(geometry_of(explanation_or_call).out_shape)
    scene, explanation = _scene_for(explanation_or_call, at, None, None, None)
    assert scene.focus is not None and explanation is not None  # _scene_for focuses on `at`
    r, c = scene.focus
    z = zero_inserted(scene)
    w_rot = scene.w[:, ::-1, ::-1, :]
    n_ch = min(scene.x.shape[-1], max(1, max_channels))
    pairs = [(lyr, ch) for lyr in range(scene.layers) for ch in range(n_ch)]
    # one row per (layer, channel): its zero-inserted input and its rotated kernel, so that one
    # colour bar serves each column; the output beside them, spanning the rows
    rows = len(pairs)
    mosaic: Any = [[f"z{n}", f"k{n}", "out"] for n in range(rows)] or [["out"]]
    fig = Figure(figsize=(3.3 * min(3, 1 + 2 * rows) + 1.6, 2.7 * max(rows, 1) + 0.9),
                 layout="constrained")
    named = fig.subplot_mosaic(mosaic)
    axes = [ax for n in range(rows) for ax in (named[f"z{n}"], named[f"k{n}"])] + [named["out"]]
    norm_x, norm_w, norm_out = (
        CenteredNorm(vcenter=0.0, halfrange=max(float(np.abs(a).max(initial=0.0)), 1e-12))
        for a in (scene.x, scene.w, scene.out)
    )
    kh, kw = scene.kernel
    dh, dw = scene.dilation
    top, left = r + scene.crop_begin[0], c + scene.crop_begin[1]
    pos_h, pos_w = scene.reach()
    taps_a = np.flatnonzero(pos_h[r] >= 0)
    taps_b = np.flatnonzero(pos_w[c] >= 0)
    xname, wname, _ = scene.geometry.names
    for n, (lyr, ch) in enumerate(pairs):
        ax_z, ax_k = axes[2 * n], axes[2 * n + 1]
        where = _where(scene, lyr, ch)
        draw_grid(ax_z, z[lyr, ..., ch], f"zero-inserted, padded {xname}{where}\n"
                  f"window of out{index_text(explanation.index)} dashed", norm_x,
                  muted=~_real_cells(scene), label="direct-input")
        outline(ax_z, top, left, dh * (kh - 1) + 1, dw * (kw - 1) + 1, ls="--", lw=2.0,
                gid="window").set_clip_on(False)
        draw_grid(ax_k, w_rot[lyr, ..., ch], f"{wname}{where} rotated 180°", norm_w,
                  label="rotated-kernel")
        if taps_a.size and taps_b.size:
            grid_a, grid_b = np.meshgrid(taps_a, taps_b, indexing="ij")
            aa, bb = grid_a.ravel(), grid_b.ravel()
            lyrs, chs = np.full(aa.shape, lyr), np.full(aa.shape, ch)
            x_idx = scene.input_indices(lyrs, pos_h[r][aa], pos_w[c][bb], chs)
            w_idx = scene.weight_indices(lyrs, aa, bb, chs)
            for a, b, xi, wi in zip(aa.tolist(), bb.tolist(), x_idx, w_idx, strict=True):
                zr, zc = top + dh * (kh - 1 - a), left + dw * (kw - 1 - b)
                outline(ax_z, zr, zc, color="gold", lw=2.0, gid=f"term-input {index_text(xi)}")
                outline(ax_k, kh - 1 - a, kw - 1 - b, color="gold", lw=2.0,
                        gid=f"term-weight {index_text(wi)}")
    # one colour bar for every input panel, one for every kernel panel (each a shared scale)
    z_axes, k_axes = list(axes[: 2 * len(pairs): 2]), list(axes[1: 2 * len(pairs): 2])
    if pairs:
        fig.colorbar(ScalarMappable(norm=norm_x, cmap=CMAP), ax=z_axes, shrink=0.7,
                     label=f"{xname} (0 at the middle)" if len(pairs) > 1 else None)
        fig.colorbar(ScalarMappable(norm=norm_w, cmap=CMAP), ax=k_axes, shrink=0.7,
                     label=f"{wname} (0 at the middle)" if len(pairs) > 1 else None)
    ax_out = axes[2 * len(pairs)]
    draw_grid(ax_out, scene.out, f"output{_plane_title(scene)}", norm_out, label="output")
    outline(ax_out, r, c, color="gold", lw=2.5, gid="focus")
    fig.colorbar(ScalarMappable(norm=norm_out, cmap=CMAP), ax=ax_out, shrink=0.7,
                 label="value (0 at the middle)")
    products = " + ".join(f"({format_number(t.input_value)})({format_number(t.weight_value)})"
                          for t in explanation.terms[:6])
    if len(explanation.terms) > 6:
        products += f" + … ({len(explanation.terms) - 6} more)"
    head = (f"{scene.geometry.op}, direct view: stride-1 correlation of the zero-inserted input "
            f"(pad {scene.pad}) with the kernel rotated 180°\n"
            f"out{index_text(explanation.index)} = {products or '0'} = "
            f"{format_number(explanation.value)}")
    if scene.x.shape[-1] > n_ch:
        head += f"  (first {n_ch} of {scene.x.shape[-1]} input channels drawn)"
    width = max(50, int(fig.get_figwidth() * 12))  # about 12 characters of 10-point text per inch
    fig.suptitle("\n".join(textwrap.fill(line, width) for line in head.split("\n")), fontsize=10)
    return fig


def _real_cells(scene: Scene) -> np.ndarray:
    """Cells of the padded grid that hold an input element (the others are inserted zeros)."""
    mask = np.zeros(scene.direct_size, bool)
    (ph, pw), (sh, sw) = scene.pad, scene.stride
    h_in, w_in = scene.in_size
    mask[ph: ph + (h_in - 1) * sh + 1: sh, pw: pw + (w_in - 1) * sw + 1: sw] = True
    return mask


def _where(scene: Scene, layer: int, channel: int) -> str:
    parts = []
    if scene.layer_in_depth:
        parts.append(f"depth {scene.layer_in_depth[layer]}"
                     f"↔kernel depth {scene.layer_k_depth[layer]}")
    if scene.x.shape[-1] > 1:
        parts.append(f"channel {int(scene.channels[channel])}")
    return (" (" + ", ".join(parts) + ")") if parts else ""
