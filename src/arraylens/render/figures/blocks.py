"""The source map of a block rearrangement: which depth channel fills each cell of each block.

For depth_to_space / pixel_shuffle (and their inverses), every space-side channel ``c`` owns a
``b x b`` block at each pixel; each cell ``(by, bx)`` of that block comes from (or goes to) one
depth channel ``k``. The figure lays the blocks of the space-side channels side by side, colours
each cell by its depth channel and writes ``k`` in it: one panel for the explained order, one
for the other (DCR against CRD), with the explained element's cell outlined. It reads only the
explanation's ``details`` (``kind == "block_rearrangement"``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from arraylens.core.explanation import Explanation
from arraylens.render.figures._grid import FONT_SIZE, outline
from arraylens.render.figures.contrast import text_color_on


def _panel(ax: Axes, tiles: list[list[list[int]]], shown: list[int], window: tuple[range, range], depth: int,
           mark: dict[str, int] | None, title: str, label: str) -> None:
    rows, cols = window
    n = len(shown)
    block, tile_w = len(rows), len(cols)
    width = n * tile_w + (n - 1)
    grid = np.full((block, width), np.nan)
    for i, tile in enumerate(tiles):
        grid[:, i * (tile_w + 1): i * (tile_w + 1) + tile_w] = np.asarray(tile, dtype=float)
    cmap = colormaps["turbo"].with_extremes(bad="white")
    norm = Normalize(-0.5, depth - 0.5)
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, norm=norm, interpolation="nearest")
    for r in range(block):
        for col in range(width):
            v = grid[r, col]
            if np.isfinite(v):
                ax.text(col, r, str(int(v)), ha="center", va="center", fontsize=9 if block <= 3 else 7,
                        color=text_color_on(cmap(norm(v))), gid=f"k-{int(v)}")
    ax.set_xticks([i * (tile_w + 1) + (tile_w - 1) / 2 for i in range(n)])
    ax.set_xticklabels([f"c={c}" for c in shown], fontsize=FONT_SIZE)
    ax.set_yticks(range(block))
    ax.set_yticklabels([str(r) for r in rows])
    ax.set_ylabel("by", fontsize=FONT_SIZE)
    ax.set_xlabel(f"bx {cols.start}..{cols.stop - 1} of each channel's block", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE)
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.9, aspect=10)
    bar.set_label("depth channel k", fontsize=FONT_SIZE)
    if depth <= 16:
        bar.set_ticks(range(depth))
    ax.set_label(label)
    if mark is not None and mark["c"] in shown and mark["by"] in rows and mark["bx"] in cols:
        i = shown.index(mark["c"])
        outline(ax, mark["by"] - rows.start, i * (tile_w + 1) + mark["bx"] - cols.start, color="red", lw=3,
                gid=f"{label}-explained")


def blocks(explanation: Explanation) -> Figure:
    """The source map of a block rearrangement's explanation (depth_to_space, pixel_shuffle, ...).

    Parameters
    ----------
    explanation : Explanation
        From ``depth_to_space.explain``, ``pixel_shuffle.explain``, ``space_to_depth.explain``,
        ``pixel_unshuffle.explain`` or the ONNX operators.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels (Axes labelled ``"order"`` and ``"other"``): for each shown space-side channel
        ``c`` its ``b x b`` block, each cell coloured and labelled by its depth channel ``k``.

    Raises
    ------
    ValueError
        If the explanation is not of a block rearrangement.
    """
    d: dict[str, Any] = explanation.details
    if d.get("kind") != "block_rearrangement":
        raise ValueError(f"blocks() draws block rearrangements; this explanation is of kind {d.get('kind')!r}")
    b = int(d["block"])
    depth = int(d["channels"]) * b * b
    shown = [int(c) for c in d["tile_channels"]]
    rows, cols = (range(*d.get(key, (0, b))) for key in ("tile_rows", "tile_cols"))
    fig = Figure(figsize=(max(6.0, 0.45 * len(shown) * (len(cols) + 1) + 1.5), 1.2 * len(rows) + 3.4),
                 layout="constrained")
    axes = fig.subplots(2, 1)
    space = d["space"]
    for ax, order, mark, label in ((axes[0], d["order"], space, "order"),
                                   (axes[1], d["other_order"], d["other_space"], "other")):
        convention, _, users = str(d["conventions"][order]).partition(" (")
        _panel(ax, d["tiles"][order], shown, (rows, cols), depth, mark,
               f"{convention}: {d['formulas'][order]} (outlined: k = {mark['k']})\n({users}", label)
    where = "output" if d["direction"] == "to_space" else "input"
    fig.suptitle(f"{explanation.op}, block {b}\nthe {where}'s b x b block of each channel c;\n"
                 "each cell (by, bx) labelled by its depth channel k", fontsize=10)
    return fig
