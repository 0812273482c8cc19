"""Drawing one 2-d grid of numbers on a matplotlib Axes (shared by the figures)."""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
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


def draw_grid(ax: Axes, values: np.ndarray, title: str, norm: Normalize, *, annotate: bool = True,
              mask: np.ndarray | None = None, label: str = "") -> None:
    """Show ``values`` (2-d) as coloured cells; write each cell's number when the grid is small.

    ``mask`` (same shape, bool) chooses the cells that get a number (default: all). ``label``
    names the Axes (``ax.get_label()``), so tests and callers can find a panel.
    """
    grid = np.atleast_2d(values)
    ax.imshow(grid, cmap=CMAP, norm=norm, interpolation="nearest")
    ax.set_title(title, fontsize=9)
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
    ax.tick_params(labelsize=7, length=2)
    if annotate and grid.size <= MAX_ANNOTATED_CELLS:
        keep = np.ones(grid.shape, bool) if mask is None else np.atleast_2d(mask)
        fontsize = 7 if max(h, w) <= 8 else 5.5
        cmap = colormaps[CMAP]
        for r, c in zip(*np.nonzero(keep), strict=True):
            v = float(grid[r, c])
            cell = cmap(float(norm(v))) if np.isfinite(v) else "white"
            ax.text(c, r, cell_text(v), ha="center", va="center", fontsize=fontsize,
                    color=text_color_on(cell))


def outline(ax: Axes, row: float, col: float, height: float = 1, width: float = 1, *,
            color: str = "black", lw: float = 2.0, ls: str = "-", gid: str | None = None,
            hatch: str | None = None) -> Rectangle:
    """A rectangle around cells (row, col) .. (row + height - 1, col + width - 1)."""
    rect = Rectangle((col - 0.5, row - 0.5), width, height, fill=False, edgecolor=color,
                     linewidth=lw, linestyle=ls, hatch=hatch)
    if gid is not None:
        rect.set_gid(gid)
    ax.add_patch(rect)
    return rect


index_text = format_index
"""An index as the figures write it: ``[1, 2]`` (:func:`arraylens.core.text.format_index`)."""
