"""The source map of a padding: the padded plane, each cell labelled by the input index it
reads (or its fill), padded cells coloured by mode.

Reads only ``explanation.details["source_map"]`` (written by the pad explanation: at most 16 x
16 cells of the explained plane around the element).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.patches import Patch, Rectangle

from arraylens.render.figures._grid import FONT_SIZE, outline
from arraylens.render.figures.contrast import text_color_on

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from arraylens.core.explanation import Explanation

MODE_COLORS = {
    "reflect": "#4e79a7", "symmetric": "#59a14f", "wrap": "#b07aa1", "edge": "#f28e2b", "constant": "#bab0ac",
    "linear_ramp": "#edc948", "maximum": "#e15759", "minimum": "#76b7b2", "mean": "#ff9da7", "median": "#9c755f",
}
INPUT_COLOR = "#f4f4f4"


def source_map(explanation: Explanation) -> Figure:
    """A matplotlib figure of the source map of a pad explanation.

    Raises
    ------
    ValueError
        If the explanation is not a padding's (no ``details["source_map"]``).
    """
    from matplotlib.figure import Figure

    data = explanation.details.get("source_map")
    if data is None:
        raise ValueError(f"{explanation.op}: this explanation has no source map")
    labels: list[list[str]] = data["labels"]
    padded: list[list[bool]] = data["padded"]
    rows, cols = len(labels), len(labels[0]) if labels else 0
    color = MODE_COLORS.get(data["mode"], "#999999")
    fig = Figure(figsize=(max(3.0, 0.55 * cols + 1.2), max(1.8, 0.5 * rows + 1.4)), layout="constrained")
    ax = fig.add_subplot()
    ax.set_label("source map")
    for r in range(rows):
        for c in range(cols):
            face = color if padded[r][c] else INPUT_COLOR
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=face, edgecolor="white", linewidth=1))
            ax.text(c, r, labels[r][c], ha="center", va="center", fontsize=6.5 if len(labels[r][c]) > 3 else 8,
                    color=text_color_on(face))
    at_r, at_c = data["at"]
    outline(ax, at_r, at_c, color="black", lw=2.2, gid="explained")
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_aspect("equal")
    axes = data["axes"]
    origin = data["origin"]
    ax.set_xticks(range(cols), [str(origin[-1] + c) for c in range(cols)] if origin else [], fontsize=7)
    if len(axes) == 2:
        ax.set_yticks(range(rows), [str(origin[0] + r) for r in range(rows)], fontsize=7)
        ax.set_ylabel(f"output axis {axes[0]}", fontsize=FONT_SIZE)
    else:
        ax.set_yticks([])
    ax.set_xlabel(f"output axis {axes[-1]}" if axes else "", fontsize=FONT_SIZE)
    label = explanation.details.get("label", data["mode"])
    ax.set_title(f"{explanation.op} ({label}): source index of each cell; out{data['index']} outlined",
                 fontsize=FONT_SIZE)
    ax.legend(handles=[Patch(facecolor=INPUT_COLOR, edgecolor="#999999", label="input"),
                       Patch(facecolor=color, label=f"padding ({label})")],
              loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=FONT_SIZE, frameon=False)
    return fig
