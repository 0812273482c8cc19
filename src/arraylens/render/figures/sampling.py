"""The sampling grid of a resize: the input pixels as cells (pixel ``i`` centred at ``i``), the
output pixel centres mapped into the input by the coordinate rule, the explained pixel's source
position, the input pixels its filter reads (clamped taps drawn where they land) and their
weights.

Reads only ``explanation.details`` of kind ``"resize"`` (written by
:func:`arraylens.ops.resize.explain.explain_resize`): ``in_sizes``, ``out_sizes``,
``axis_names``, ``coordinates``, ``source``, ``taps``, ``positions``, ``weights``, ``grid`` (the
source coordinates of at most 16 output positions per axis around the explained one) and
``formulas``. With more than two resized axes the last two are drawn; one resized axis is drawn
as a single row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle

from arraylens.core.text import format_number
from arraylens.render.figures._grid import cell_text
from arraylens.render.figures.contrast import text_color_on

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from arraylens.core.explanation import Explanation

__all__ = ["sampling_grid"]

#: Tap weights are written in the cells when at most this many cells carry one.
MAX_WEIGHT_LABELS = 36
#: At most this many input cells per axis are drawn (the rest of the window is cut).
MAX_CELLS = 48
WEIGHT_CMAP = "Oranges"
GRID_COLOR = "#1f77b4"
SOURCE_COLOR = "#d62728"


def _resize_details(explanation: Explanation) -> dict[str, Any]:
    d = explanation.details
    if d.get("kind") != "resize":
        raise ValueError(f"{explanation.op}: this explanation is not a resize's (no sampling grid)")
    return d


def _drawn_axes(d: dict[str, Any]) -> list[int]:
    """Positions (in the details' per-axis lists) of the axes drawn: the last two."""
    n = len(d["in_sizes"])
    return list(range(max(0, n - 2), n))


def _axis_window(d: dict[str, Any], k: int) -> tuple[int, int]:
    """The input cells drawn on axis ``k``: those under the mapped grid and the taps, at most
    :data:`MAX_CELLS`, centred on the explained source position."""
    grid = d["grid"][k]["source"]
    pts = [*grid, *d["positions"][k], *d["taps"][k], d["source"][k]]
    lo = int(np.floor(min(pts) + 0.5))
    hi = int(np.floor(max(pts) + 0.5)) + 1
    lo = max(lo, -2)
    hi = min(hi, d["in_sizes"][k] + 2)
    if hi - lo > MAX_CELLS:
        c = int(np.floor(d["source"][k] + 0.5))
        lo = max(lo, c - MAX_CELLS // 2)
        hi = lo + MAX_CELLS
    return lo, max(hi, lo + 1)


def _tap_cells(d: dict[str, Any], axes: list[int]) -> dict[tuple[int, int], tuple[float, tuple[int, int]]]:
    """Each drawn tap position (row, col) -> (product weight, clamped input index). Positions
    outside the input are kept where the filter put them (the label names the clamped pixel)."""
    rows = [(0, 0, 1.0)] if len(axes) == 1 else list(zip(d["positions"][axes[0]], d["taps"][axes[0]],
                                                       d["weights"][axes[0]], strict=True))
    kc = axes[-1]
    cols = list(zip(d["positions"][kc], d["taps"][kc], d["weights"][kc], strict=True))
    cells: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {}
    for pr, tr, wr in rows:
        for pc, tc, wc in cols:
            key = (int(pr), int(pc))
            w = float(wr) * float(wc)
            old = cells.get(key, (0.0, (int(tr), int(tc))))
            cells[key] = (old[0] + w, (int(tr), int(tc)))
    return cells


def _draw_panel(ax: Axes, explanation: Explanation, d: dict[str, Any], title: str) -> None:
    axes = _drawn_axes(d)
    names = d.get("axis_names") or [str(a) for a in d.get("axes", [])]
    kc = axes[-1]
    c0, c1 = _axis_window(d, kc)
    if len(axes) == 2:
        kr = axes[0]
        r0, r1 = _axis_window(d, kr)
    else:
        r0, r1 = 0, 1
    n_rows = d["in_sizes"][axes[0]] if len(axes) == 2 else 1
    n_cols = d["in_sizes"][kc]

    cells = _tap_cells(d, axes)
    weights = [w for w, _ in cells.values()]
    wmax = max((abs(w) for w in weights), default=1.0) or 1.0
    norm = Normalize(-wmax, wmax)
    from matplotlib import colormaps

    cmap = colormaps["RdBu_r"]
    # the input pixels: light cells, hatched outside the input
    for r in range(r0, r1):
        for c in range(c0, c1):
            inside = 0 <= r < n_rows and 0 <= c < n_cols
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="#f7f7f7" if inside else "white",
                                   edgecolor="#bbbbbb", linewidth=0.6, hatch=None if inside else "///"))
    # the taps, coloured by weight (a negative cubic lobe is blue)
    label_taps = len(cells) <= MAX_WEIGHT_LABELS
    for (r, c), (w, src) in cells.items():
        outside = not (0 <= r < n_rows and 0 <= c < n_cols)
        if not (r0 <= r < r1 and c0 <= c < c1) or (outside and w == 0):
            continue  # cut off, or an excluded tap (weight 0)
        face = cmap(norm(w))
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=face, edgecolor="#444444", linewidth=0.9,
                               gid="tap"))
        if label_taps:
            text = cell_text(w) if not outside else f"{cell_text(w)}\n->{src[-1] if len(axes) == 1 else src}"
            ax.text(c, r + 0.28, text, ha="center", va="center", fontsize=6.5, color=text_color_on(face))
    # the input's edge
    ax.add_patch(Rectangle((-0.5, -0.5), n_cols, n_rows, fill=False, edgecolor="#2ca02c", linewidth=2.0,
                           zorder=3, label="input edge"))
    # the output pixel centres mapped into the input
    gc = np.asarray(d["grid"][kc]["source"], dtype=float)
    gr = np.asarray(d["grid"][axes[0]]["source"], dtype=float) if len(axes) == 2 else np.zeros(1)
    xx, yy = np.meshgrid(gc, gr)
    ax.plot(xx.ravel(), yy.ravel(), linestyle="none", marker="o", markersize=3.2, color=GRID_COLOR,
            alpha=0.85, label="output pixel centres (x_src)", gid="grid")
    # the explained pixel's source position
    sy = d["source"][axes[0]] if len(axes) == 2 else 0.0
    sx = d["source"][kc]
    ax.plot([sx], [sy], linestyle="none", marker="X", markersize=11, color=SOURCE_COLOR,
            markeredgecolor="white", label=f"out{d['index']}: x_src = {_pos(d, axes)}", gid="source")
    ax.set_xlim(c0 - 0.5, c1 - 0.5)
    ax.set_ylim(r1 - 0.5, r0 - 0.5)
    ax.set_aspect("equal")
    step_c = max(1, (c1 - c0) // 16)
    ax.set_xticks(range(c0, c1, step_c))
    ax.tick_params(labelsize=7)
    ax.set_xlabel(f"input {names[kc]} ({d['coordinates'][kc]}, {d['in_sizes'][kc]} -> {d['out_sizes'][kc]})",
                  fontsize=8)
    if len(axes) == 2:
        step_r = max(1, (r1 - r0) // 16)
        ax.set_yticks(range(r0, r1, step_r))
        ax.set_ylabel(f"input {names[axes[0]]} ({d['coordinates'][axes[0]]}, "
                      f"{d['in_sizes'][axes[0]]} -> {d['out_sizes'][axes[0]]})", fontsize=8)
    else:
        ax.set_yticks([])
    formulas = "\n".join(d["formulas"][k] for k in axes)
    ax.set_title(f"{title}\n{formulas}\nout{d['index']} = {explanation.format_value(explanation.value)}",
                 fontsize=8)
    ax.set_label(title)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.12 if len(axes) == 2 else -0.6), fontsize=7,
              frameon=False, ncol=1)


def _pos(d: dict[str, Any], axes: list[int]) -> str:
    vals = [format_number(float(d["source"][k])) for k in axes]
    return vals[0] if len(vals) == 1 else "(" + ", ".join(vals) + ")"


def sampling_grid(explanation: Explanation, compare: Explanation | None = None) -> Figure:
    """A matplotlib figure of where a resize samples its input.

    The input pixels are cells (pixel ``i`` centred at ``i``; hatched cells lie outside the
    input); blue dots are the centres of up to 16 x 16 output pixels around the explained one,
    mapped into the input by the coordinate rule; the red cross is the explained pixel's source
    position; outlined cells are the input pixels its filter reads, coloured and labelled by
    their weight (the product of the per-axis weights; a tap outside the input is drawn where
    the filter put it and labelled with the pixel it is clamped to).

    Parameters
    ----------
    explanation : Explanation
        A resize's explanation (``details["kind"] == "resize"``), e.g. from
        ``arraylens.torch.interpolate.explain(x, size=..., mode="bilinear", at=(0, 0, 3, 4))``.
    compare : Explanation, optional
        Another resize explanation (another library or convention), drawn beside the first.

    Returns
    -------
    matplotlib.figure.Figure
        One panel, or two side by side with ``compare``; the panels' labels
        (``ax.get_label()``) are the explanations' op names.

    Raises
    ------
    ValueError
        If an explanation is not a resize's.
    """
    from matplotlib.figure import Figure

    first = _resize_details(explanation)
    panels = [(explanation, first)]
    if compare is not None:
        panels.append((compare, _resize_details(compare)))
    width = 0.0
    height = 0.0
    for _, d in panels:
        axes = _drawn_axes(d)
        c0, c1 = _axis_window(d, axes[-1])
        r0, r1 = _axis_window(d, axes[0]) if len(axes) == 2 else (0, 1)
        width += max(4.0, 0.42 * (c1 - c0) + 1.2)
        height = max(height, max(2.6, 0.42 * (r1 - r0) + 2.6))
    fig = Figure(figsize=(width, height), layout="constrained")
    for i, (e, d) in enumerate(panels):
        ax = fig.add_subplot(1, len(panels), i + 1)
        title = f"{e.op} ({d['filter']}{', antialiased' if d.get('antialias') else ''})"
        _draw_panel(ax, e, d, title)
    return fig
