"""Drawing one 2-d grid of numbers on a matplotlib Axes (shared by the figures)."""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps, patheffects
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from arraylens.core.text import format_index, format_number
from arraylens.render.figures.contrast import text_color_on

MAX_ANNOTATED_CELLS = 144
CMAP = "RdBu_r"


def cell_text(value: float) -> str:
    """A number short enough for a cell: integers in full, others to 3 significant digits."""
    if np.isfinite(value) and float(value).is_integer() and abs(value) < 1e6:
        return format_number(value)
    return f"{value:.3g}"


#: Figure text sizes: titles and labels never smaller than ``FONT_SIZE`` (tick labels and cell
#: numbers may be, down to ``SMALL_FONT_SIZE``).
FONT_SIZE = 9
SMALL_FONT_SIZE = 7
#: Cell numbers are drawn above every mark on the cells (hatching, outlines).
TEXT_ZORDER = 5
MARK_ZORDER = 3


def draw_grid(ax: Axes, values: np.ndarray, title: str, norm: Normalize, *, annotate: bool = True,
              mask: np.ndarray | None = None, muted: np.ndarray | None = None,
              boxed: np.ndarray | None = None, label: str = "") -> None:
    """Show ``values`` (2-d) as coloured cells; write each cell's number when the grid is small.

    ``mask`` (same shape, bool) chooses the cells that get a number (default: all); ``muted``
    cells get theirs in grey (e.g. the zeros a direct view inserts); ``boxed`` cells get theirs
    on a box of the cell's colour, so that marks drawn on the cell (the overlay's hatching) do
    not cross the digits. Every number is drawn above the marks (zorder ``TEXT_ZORDER``) with a
    thin outline of the cell's colour. ``label`` names the Axes (``ax.get_label()``), so tests
    and callers can find a panel.
    """
    grid = np.atleast_2d(values)
    ax.imshow(grid, cmap=CMAP, norm=norm, interpolation="nearest")
    ax.set_title(title, fontsize=FONT_SIZE)
    ax.set_label(label)
    h, w = grid.shape
    if w <= 12:
        ax.set_xticks(range(w))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    if h <= 12:
        ax.set_yticks(range(h))
    else:
        ax.yaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.tick_params(labelsize=SMALL_FONT_SIZE, length=2)
    if annotate and grid.size <= MAX_ANNOTATED_CELLS:
        keep = np.ones(grid.shape, bool) if mask is None else np.atleast_2d(mask)
        grey = np.zeros(grid.shape, bool) if muted is None else np.atleast_2d(muted)
        box = np.zeros(grid.shape, bool) if boxed is None else np.atleast_2d(boxed)
        fontsize = SMALL_FONT_SIZE if max(h, w) <= 8 else 5.5
        cmap = colormaps[CMAP]
        for r, c in zip(*np.nonzero(keep), strict=True):
            v = float(grid[r, c])
            cell = cmap(float(norm(v))) if np.isfinite(v) else "white"
            text = ax.text(c, r, cell_text(v), ha="center", va="center", fontsize=fontsize,
                           color="0.4" if grey[r, c] else text_color_on(cell), zorder=TEXT_ZORDER,
                           path_effects=[patheffects.withStroke(linewidth=2.0, foreground=cell)])
            if box[r, c]:
                text.set_bbox({"boxstyle": "round,pad=0.15", "facecolor": cell, "edgecolor": "none"})


def outline(ax: Axes, row: float, col: float, height: float = 1, width: float = 1, *,
            color: str = "black", lw: float = 2.0, ls: str = "-", gid: str | None = None,
            hatch: str | None = None) -> Rectangle:
    """A rectangle around cells (row, col) .. (row + height - 1, col + width - 1)."""
    rect = Rectangle((col - 0.5, row - 0.5), width, height, fill=False, edgecolor=color,
                     linewidth=lw, linestyle=ls, hatch=hatch, zorder=MARK_ZORDER)
    if gid is not None:
        rect.set_gid(gid)
    ax.add_patch(rect)
    return rect


index_text = format_index
"""An index as the figures write it: ``[1, 2]`` (:func:`arraylens.core.text.format_index`)."""
