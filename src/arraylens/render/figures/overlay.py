"""The scatter ("overlay") view of a transposed convolution as a figure.

Every input element adds a copy of the kernel scaled by its value, with the copy's corner at
``position * stride`` on the full (uncropped) grid; the result is the sum of the copies, cropped.
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
from arraylens.core.text import format_number, join_ints
from arraylens.ops.conv.plan import explain_geometry
from arraylens.ops.conv.rotation import ForgottenRotation, forgotten_rotation
from arraylens.render.figures._grid import CMAP, MARK_ZORDER, draw_grid, index_text, outline
from arraylens.render.scene import Scene, build_scene, geometry_of

MAX_COPIES = 16
MAX_OVERLAP_PATCHES = 400


def _scene_for(source: Any, at: Sequence[int] | None, batch: int | None, out_channel: int | None,
               depth: int | None) -> tuple[Scene, Explanation | None]:
    """Scene plus the explanation of the focused element (from ``source`` or ``at``)."""
    geometry = geometry_of(source)
    explanation = source if isinstance(source, Explanation) else None
    if at is not None:
        explanation = explain_geometry(geometry, tuple(int(i) for i in at))
    scene = build_scene(explanation if explanation is not None else geometry, batch, out_channel, depth)
    if explanation is not None and scene.focus is None:
        explanation = None  # the explained element is not in the drawn plane
    return scene, explanation


def _plane_title(scene: Scene) -> str:
    parts = []
    if scene.geometry.x.shape[0] > 1:
        parts.append(f"batch {scene.batch}")
    if scene.geometry.canonical_out_shape[-1] > 1:
        parts.append(f"output channel {scene.out_channel}")
    if scene.depth is not None:
        parts.append(f"output depth {scene.depth}")
    return (" (" + ", ".join(parts) + ")") if parts else ""


def overlay(explanation_or_call: Explanation | Any,
            at: Sequence[int] | None = None,
            *, batch: int | None = None, out_channel: int | None = None, depth: int | None = None,
            max_copies: int = MAX_COPIES) -> Figure:
    """Figure of the scatter view of a 1-, 2- or (one depth slice of a) 3-d transposed convolution.

    The input and the kernel themselves, then one panel per input position (its values times
    the kernel, summed over the group's input channels, placed at its stride offset on the full
    output grid), then the sum of all copies with the cells where copies overlap hatched (under
    the numbers) and the crop kept outlined (dashed), then the output. Numbers are written in
    the cells of small grids. When an output element is explained (an Explanation, or ``at``),
    its cell is outlined in every panel.

    Parameters
    ----------
    explanation_or_call : Explanation or plan
        ``f.explain(..., at=...)`` of a transposed convolution, or the call's plan
        ``f.build_plan(...)`` (e.g. ``arraylens.tensorflow.conv2d_transpose.build_plan``).
    at : sequence of int, optional
        Output index (caller's layout) to outline; overrides the explanation's.
    batch, out_channel, depth : int, optional
        Canonical batch item, output channel and (3-d) output depth slice to draw; default the
        explained element's, else 0.
    max_copies : int
        Draw at most this many copy panels (the sum always uses every copy).

    Returns
    -------
    matplotlib.figure.Figure
        Panels are labelled (``Axes.get_label()``) ``"input"``, ``"kernel"``, ``"copy"``,
        ``"sum"`` and ``"output"``; there is no empty panel.

    Raises
    ------
    TypeError
        If the source is not a transposed convolution's explanation or plan.
    IndexError
        If ``at``, ``batch``, ``out_channel`` or ``depth`` is out of range.
    """
    scene, explanation = _scene_for(explanation_or_call, at, batch, out_channel, depth)
    h_in, w_in = scene.in_size
    n_pos = scene.layers * h_in * w_in
    shown = np.arange(min(n_pos, max(0, max_copies)))
    copies = scene.copies_on_full(shown)
    total = scene.full_sum()
    # cells covered by two or more copies: the overlaps
    cover = _covered(scene)
    panels = len(shown) + 4  # the input, the kernel, the copies, their sum, the output
    cols = min(panels, 4)
    rows = -(-panels // cols)
    fig = Figure(figsize=(3.1 * cols + 0.8, 2.9 * rows + 0.4), layout="constrained")
    all_axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax in all_axes[panels:]:  # no empty slots
        fig.delaxes(ax)
    _draw_operands(fig, all_axes[0], all_axes[1], scene)
    axes = all_axes[2:panels]
    limit = max(float(np.abs(scene.local()).max(initial=0.0)),
                float(np.abs(total).max(initial=0.0)),
                float(np.abs(scene.out).max(initial=0.0)), 1e-12)
    norm = CenteredNorm(vcenter=0.0, halfrange=limit)
    xname = scene.geometry.names[0]
    single_channel = scene.x.shape[-1] == 1
    crop_b = scene.crop_begin
    focus_full = None
    if scene.focus is not None:
        focus_full = (scene.focus[0] + crop_b[0], scene.focus[1] + crop_b[1])
    for ax, pos, layer in zip(axes, shown, copies, strict=False):
        lyr, rem = divmod(int(pos), h_in * w_in)
        h, w = divmod(rem, w_in)
        idx = scene.input_indices(np.array([lyr]), np.array([h]), np.array([w]), np.array([0]))[0]
        if single_channel:
            label = f"{xname}{index_text(idx)} = {format_number(float(scene.x[lyr, h, w, 0]))}"
        else:
            label = f"{xname} at {index_text(idx[:-1] if idx.size else idx)}, all channels"
        corner = (h * scene.stride[0], w * scene.stride[1])
        footprint = np.zeros(scene.full_size, bool)
        kh, kw = scene.kernel
        footprint[corner[0]: corner[0] + scene.dilation[0] * (kh - 1) + 1: scene.dilation[0],
                  corner[1]: corner[1] + scene.dilation[1] * (kw - 1) + 1: scene.dilation[1]] = True
        draw_grid(ax, layer, f"{label} × kernel\ncorner at {corner}", norm, mask=footprint,
                  label="copy")
        if focus_full is not None:
            outline(ax, *focus_full, color="gold", lw=1.5)
    mistaken = forgotten_rotation(explanation) if explanation is not None else None
    if mistaken is not None and mistaken.changes_anything:
        _mark_mistaken(axes[: len(shown)], scene, mistaken)
    k = len(shown)
    ax_sum = axes[k]
    overlaps = cover >= 2
    draw_grid(ax_sum, total, "sum of all copies (full grid)\nhatched: overlaps, dashed: kept",
              norm, boxed=overlaps, label="sum")
    if overlaps.sum() <= MAX_OVERLAP_PATCHES:
        for r, c in zip(*np.nonzero(overlaps), strict=True):
            outline(ax_sum, r, c, color="0.35", lw=0.0, hatch="///", gid="overlap")
    elif overlaps.any():  # one artist for large grids, under the numbers too
        ax_sum.contourf(overlaps.astype(float), levels=[0.5, 1.5], colors="none",
                        hatches=["///"], zorder=MARK_ZORDER)
    (b0, e0), (b1, e1) = scene.crop
    fh, fw = scene.full_size
    outline(ax_sum, b0, b1, fh - b0 - e0, fw - b1 - e1, ls="--", gid="crop")
    if focus_full is not None:
        outline(ax_sum, *focus_full, color="gold", lw=2.0)
    ax_out = axes[k + 1]
    bias = f" + bias {format_number(scene.bias)}" if scene.geometry.bias is not None else ""
    draw_grid(ax_out, scene.out, f"output{bias}{_plane_title(scene)}", norm, label="output")
    if scene.focus is not None:
        outline(ax_out, *scene.focus, color="gold", lw=2.5, gid="focus")
    fig.colorbar(ScalarMappable(norm=norm, cmap=CMAP), ax=list(axes[: k + 2]), shrink=0.8,
                 label="copies, sum and output (0 at the middle)")
    head = f"{scene.geometry.op}: each input element adds a scaled, unflipped copy of the kernel"
    if n_pos > len(shown):
        head += f" (first {len(shown)} of {n_pos} copies drawn; the sum uses all)"
    if scene.depth is not None:
        head += f"\noutput depth {scene.depth} gets kernel depth {list(scene.layer_k_depth)} " \
                f"from input depth {list(scene.layer_in_depth)}"
    if explanation is not None:
        head += f"\n{explanation.op.split('.')[-1]}: out{index_text(explanation.index)} = " \
                f"{format_number(explanation.value)}"
    if mistaken is not None and mistaken.changes_anything:
        # wrapped to the figure's width (about 12 characters of 10-point text per inch)
        head += "\n" + textwrap.fill(_mistaken_caption(mistaken),
                                     width=max(50, int(fig.get_figwidth() * 12)))
    fig.suptitle(head, fontsize=10)
    return fig


MISTAKEN_COLOR = "magenta"


def _draw_operands(fig: Figure, ax_x: Any, ax_w: Any, scene: Scene) -> None:
    """The first two panels: the input plane and the kernel themselves (first layer, first input
    channel of the group), each with its own colour bar (their scales differ from the copies')."""
    xname, wname, _ = scene.geometry.names
    if scene.layers:
        x, w = scene.x[0, ..., 0], scene.w[0, ..., 0]
        parts = [f"depth {scene.layer_in_depth[0]}"] if scene.layer_in_depth else []
        note_w = [f"depth {scene.layer_k_depth[0]}"] if scene.layer_k_depth else []
    else:  # a 3-d slice no input depth reaches: the first depth of each, for reference
        g = scene.geometry
        x = g.x[scene.batch, 0, ..., 0]
        w = g.w[0, ..., 0, scene.out_channel % g.w.shape[-1]]
        parts, note_w = ["depth 0"], ["depth 0"]
    if scene.x.shape[-1] > 1:
        parts.append("first channel")
        note_w.append("first channel")
    note = f" ({', '.join(parts)})" if parts else ""
    note_k = f" ({', '.join(note_w)})" if note_w else ""
    x_title = "the input" + ("" if xname == "input" else f", {xname}")
    w_title = "the kernel" + ("" if wname == "kernel" else f", {wname}")
    for ax, values, title, label in ((ax_x, x, f"{x_title}{note}", "input"),
                                     (ax_w, w, f"{w_title}{note_k}\n(as given, not flipped)", "kernel")):
        norm = CenteredNorm(vcenter=0.0, halfrange=max(float(np.abs(values).max(initial=0.0)), 1e-12))
        draw_grid(ax, values, title, norm, label=label)
        fig.colorbar(ScalarMappable(norm=norm, cmap=CMAP), ax=ax, shrink=0.7)


def _plane_position(scene: Scene, position: tuple[int, ...]) -> tuple[int, int] | None:
    """A canonical spatial position as (row, col) of the drawn plane (None: another slice)."""
    if len(position) == 1:
        return 0, position[0]
    if len(position) == 2:
        return position[0], position[1]
    return None  # 3-d: the mistaken products may land in other depth slices; the caption says


def _mark_mistaken(copy_axes: Any, scene: Scene, mistaken: ForgottenRotation) -> None:
    """Outline, in the copy panels, the cells where the mistaken products really land."""
    w_in = scene.in_size[1]
    for pair in mistaken.pairs:
        src = _plane_position(scene, pair.position)
        land = _plane_position(scene, pair.lands_at)
        if src is None or land is None:
            continue
        panel = src[0] * w_in + src[1]
        if panel < len(copy_axes):
            outline(copy_axes[panel], *land, color=MISTAKEN_COLOR, lw=2.0, ls=":",
                    gid="forgot-rotation")


def _mistaken_caption(mistaken: ForgottenRotation) -> str:
    """Where the value expected by a reader who forgets the rotation really is."""
    xname, wname, oname = mistaken.names
    at = f"{oname}{index_text(mistaken.index)}"
    if len(mistaken.pairs) == 1:
        (p,) = mistaken.pairs
        where = join_ints(p.output_position)
        return (
            f"forgetting the 180° rotation pairs {xname}{index_text(p.x_index)} with "
            f"{wname}{index_text(p.w_index)}: ({format_number(p.x_value)})"
            f"({format_number(p.w_value)}) = {format_number(p.product)}, which lands at "
            f"({where}) (dotted magenta), not at {at}"
        )
    return (
        f"forgetting the 180° rotation gives {format_number(mistaken.wrong_value)}, not "
        f"{format_number(mistaken.value)}: those {len(mistaken.pairs)} products land at other "
        f"outputs (dotted magenta in the copies)"
    )


def _covered(scene: Scene) -> np.ndarray:
    """How many input positions' copies cover each cell of the full grid (all layers)."""
    h_in, w_in = scene.in_size
    kh, kw = scene.kernel
    (sh, sw), (dh, dw) = scene.stride, scene.dilation
    rows = (np.arange(h_in)[:, None] * sh + np.arange(kh)[None, :] * dh).ravel()
    cols = (np.arange(w_in)[:, None] * sw + np.arange(kw)[None, :] * dw).ravel()
    per_row = np.bincount(rows, minlength=scene.full_size[0])
    per_col = np.bincount(cols, minlength=scene.full_size[1])
    return np.asarray(scene.layers * np.outer(per_row, per_col))
