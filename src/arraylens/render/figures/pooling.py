"""The windows of a pooling: the input plane with every drawn window outlined, beside the output.

Left: the input cells around the explained element (``details["view"]``, written by the pooling
explanation), the explained window's cells outlined in red over thin grey outlines of the other
drawn windows; padding cells hatched ``//`` and labelled ``pad``, ceil-mode extension cells
hatched ``xx`` and labelled ``ceil``, every label on a white box so that it stays readable above
the hatching; the winner of a max pooling ringed. Right: the output tile, the explained element
outlined. Under them: the winner, or the sum and the divisor with the rule that chose it.
Reads only ``explanation.details`` (``kind == "pool"``).
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from arraylens.core.explanation import Explanation
from arraylens.render.figures._grid import cell_text, outline
from arraylens.render.figures.contrast import text_color_on

__all__ = ["pooling"]

CMAP = "Blues"
PAD_FACE = "#e6e6e6"
EXT_FACE = "#fbe3c6"
WINDOW_COLOR = "#d62728"
LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def _norm(values: list[Any]) -> Normalize:
    finite = np.asarray([v for v in values if v is not None and np.isfinite(v)], dtype=float)
    if finite.size == 0:
        return Normalize(0.0, 1.0)
    lo, hi = float(finite.min()), float(finite.max())
    return Normalize(lo, hi if hi > lo else lo + 1.0)


def _cell(ax: Axes, r: int, c: int, face: Any, hatch: str | None, text: str, fontsize: float, *,
          boxed: bool, gid: str) -> None:
    rect = Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=face, edgecolor="white", linewidth=0.8, hatch=hatch)
    if hatch:
        rect.set_edgecolor("#9a9a9a")
    rect.set_gid(gid)
    ax.add_patch(rect)
    if text:
        ax.text(c, r, text, ha="center", va="center", fontsize=fontsize, zorder=4,
                color="black" if boxed else text_color_on(face), bbox=LABEL_BOX if boxed else None)


def _input_panel(ax: Axes, view: dict[str, Any], details: dict[str, Any]) -> None:
    roles: list[list[str]] = view["roles"]
    values: list[list[Any]] = view["values"]
    rows, cols = len(roles), len(roles[0])
    r0, c0 = view["in_start"]
    cmap = colormaps[CMAP]
    norm = _norm([v for row in values for v in row])
    fontsize = 8 if max(rows, cols) <= 10 else 7 if max(rows, cols) <= 16 else 5.5
    annotate = rows * cols <= 400
    for r in range(rows):
        for c in range(cols):
            role, v = roles[r][c], values[r][c]
            if role == "input":
                face = cmap(float(norm(v))) if v is not None and np.isfinite(v) else "white"
                _cell(ax, r, c, face, None, cell_text(v) if annotate and v is not None else "", fontsize,
                      boxed=False, gid="input")
            elif role == "padding":
                _cell(ax, r, c, PAD_FACE, "//", "pad" if annotate else "", max(fontsize * 0.85, 6), boxed=True,
                      gid="padding")
            else:
                _cell(ax, r, c, EXT_FACE, "xx", "ceil" if annotate else "", max(fontsize * 0.85, 6), boxed=True,
                      gid="extension")
    # the other drawn windows: thin outlines of their bounding boxes
    win_rows, win_cols = view["windows"]
    fr, fc = view["focus"]
    for i, wr in enumerate(win_rows):
        for j, wc in enumerate(win_cols):
            if (i, j) == (fr, fc):
                continue
            outline(ax, wr[0] - r0, wc[0] - c0, wr[-1] - wr[0] + 1, wc[-1] - wc[0] + 1, color="#7f7f7f",
                    lw=0.7, ls=":", gid="window")
    # the explained window: each tap cell, and its bounding box
    wr, wc = win_rows[fr], win_cols[fc]
    dilated = (len(wr) > 1 and wr[1] - wr[0] > 1) or (len(wc) > 1 and wc[1] - wc[0] > 1)
    if dilated:
        for p in wr:
            for q in wc:
                outline(ax, p - r0, q - c0, color=WINDOW_COLOR, lw=1.4, gid="tap")
    outline(ax, wr[0] - r0, wc[0] - c0, wr[-1] - wr[0] + 1, wc[-1] - wc[0] + 1, color=WINDOW_COLOR,
            lw=2.6, ls="--" if dilated else "-", gid="explained-window")
    winner = details.get("winner")
    if winner:
        pos = winner["position"][-2:] if len(view["axes"]) == 2 else [0, winner["position"][-1]]
        if len(view["axes"]) == 2 and view["depth"] is not None and winner["position"][0] != view["depth"]["input"]:
            pos = None
        if pos is not None:
            ax.add_patch(Rectangle((pos[1] - c0 - 0.36, pos[0] - r0 - 0.36), 0.72, 0.72, fill=False,
                                   edgecolor="#ff7f0e", linewidth=2.4, zorder=5, gid="winner"))
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_aspect("equal")
    step = 1 if cols <= 16 else 2 if cols <= 32 else 4
    ax.set_xticks(range(0, cols, step), [str(c0 + c) for c in range(0, cols, step)], fontsize=7)
    if len(view["axes"]) == 2:
        step = 1 if rows <= 16 else 2 if rows <= 32 else 4
        ax.set_yticks(range(0, rows, step), [str(r0 + r) for r in range(0, rows, step)], fontsize=7)
    else:
        ax.set_yticks([])
    ax.set_label("input")
    names = ("height", "width") if len(view["axes"]) == 2 else ("", "width")
    ax.set_xlabel(f"input {names[1]} position (negative or past {view['input_size'][1] - 1}: padding)", fontsize=7)
    if names[0]:
        ax.set_ylabel(f"input {names[0]} position", fontsize=7)
    depth = view["depth"]
    extra = f"\n(input depth {depth['input']} of the window's depths {depth['positions']})" if depth else ""
    ax.set_title(f"input: the windows, the explained one in red{extra}", fontsize=9)


def _output_panel(ax: Axes, view: dict[str, Any], explanation: Explanation) -> None:
    out = np.asarray([[np.nan if v is None else v for v in row] for row in view["out_values"]], dtype=float)
    rows, cols = out.shape
    cmap = colormaps[CMAP]
    norm = _norm(out.ravel().tolist())
    fontsize = 8 if max(rows, cols) <= 6 else 7
    o0, q0 = view["out_start"]
    divisors = view.get("divisors")
    for r in range(rows):
        for c in range(cols):
            v = out[r, c]
            face = cmap(float(norm(v))) if np.isfinite(v) else "white"
            text = cell_text(v)
            if divisors is not None and divisors[r][c] is not None:
                text += f"\n/{divisors[r][c]}"
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=face, edgecolor="white", linewidth=0.8))
            ax.text(c, r, text, ha="center", va="center", fontsize=fontsize if divisors is None else fontsize - 1,
                    color=text_color_on(face))
    fr, fc = view["focus"]
    outline(ax, fr, fc, color=WINDOW_COLOR, lw=2.6, gid="explained")
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_aspect("equal")
    ax.set_xticks(range(cols), [str(q0 + c) for c in range(cols)], fontsize=7)
    if len(view["axes"]) == 2:
        ax.set_yticks(range(rows), [str(o0 + r) for r in range(rows)], fontsize=7)
    else:
        ax.set_yticks([])
    ax.set_label("output")
    size = "x".join(str(n) for n in view["output_size"][-len(view["axes"]):])
    shown = "" if view["out_stop"][0] - view["out_start"][0] == view["output_size"][0] and \
        view["out_stop"][1] - view["out_start"][1] == view["output_size"][1] else " (a tile of it)"
    ax.set_title(f"output {size}{shown}" + (" with each divisor" if divisors is not None else ""), fontsize=9)


def _caption(details: dict[str, Any], explanation: Explanation) -> str:
    lines = [explanation.summary]
    winner = details.get("winner")
    if details.get("reduction") == "max":
        if winner:
            lines.append(f"winner at {tuple(winner['position'])}, index {winner['index']} "
                         f"({winner['encoding']} encoding)")
        else:
            lines.append("the window holds no input cell")
    divisor = details.get("divisor")
    if divisor:
        lines.append(str(divisor["words"]))
    lp = details.get("lp")
    if lp and "divisor" in lp:
        lines.append(f"Lp: divisor {lp['divisor']}, kernel area {lp['area']}")
    counts = details.get("counts", {})
    lines.append(f"window cells: {counts.get('input', 0)} input, {counts.get('padding', 0)} padding, "
                 f"{counts.get('extension', 0)} ceil-mode extension")
    return "\n".join(lines)


def pooling(explanation: Explanation) -> Figure:
    """The windows of a pooling explanation beside its output.

    Parameters
    ----------
    explanation : Explanation
        From any pooling front-end's ``.explain`` (``details["kind"] == "pool"``).

    Returns
    -------
    matplotlib.figure.Figure
        Two panels (Axes labelled ``"input"`` and ``"output"``) and a caption with the winner or
        the divisor. Padding patches carry the gid ``"padding"``, ceil-extension patches
        ``"extension"``, the explained window ``"explained-window"``.

    Raises
    ------
    ValueError
        If the explanation is not a pooling's.
    """
    d: dict[str, Any] = explanation.details
    if d.get("kind") != "pool":
        raise ValueError(f"pooling() draws poolings; this explanation is of kind {d.get('kind')!r}")
    view = d.get("view")
    caption = _caption(d, explanation)
    if view is None:
        fig = Figure(figsize=(7.0, 2.4), layout="constrained")
        ax = fig.add_subplot()
        ax.set_label("too large")
        ax.axis("off")
        ax.text(0.0, 0.5, "the window is too large to draw cell by cell\n" + caption, fontsize=9, va="center",
                transform=ax.transAxes)
        fig.suptitle(explanation.op, fontsize=10)
        return fig
    in_rows, in_cols = len(view["roles"]), len(view["roles"][0])
    out_rows, out_cols = len(view["out_values"]), len(view["out_values"][0])
    scale = 0.42 if max(in_rows, in_cols) <= 16 else 0.26
    width = max(7.0, scale * in_cols + 0.62 * out_cols + 2.5)
    main = max(2.2, scale * in_rows + 1.6, 0.62 * out_rows + 1.2)
    caption = "\n".join(textwrap.fill(line, width=int(width * 12), subsequent_indent="  ")
                         for line in caption.split("\n"))
    below = 0.5 + 0.2 * (caption.count("\n") + 1)
    fig = Figure(figsize=(width, main + below + 0.4), layout="constrained")
    grid = fig.add_gridspec(2, 2, width_ratios=[max(in_cols, 3), max(out_cols * 1.4, 3)],
                            height_ratios=[main, below])
    ax_in, ax_out = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    _input_panel(ax_in, view, d)
    _output_panel(ax_out, view, explanation)
    handles = [Patch(facecolor=PAD_FACE, hatch="//", edgecolor="#9a9a9a", label="padding"),
               Patch(facecolor=EXT_FACE, hatch="xx", edgecolor="#9a9a9a", label="ceil-mode extension"),
               Patch(fill=False, edgecolor=WINDOW_COLOR, linewidth=2, label="explained window")]
    if d.get("winner"):
        handles.append(Patch(fill=False, edgecolor="#ff7f0e", linewidth=2, label="winner"))
    present = {role for row in view["roles"] for role in row}
    handles = [h for h, role in zip(handles, ("padding", "extension", "", ""), strict=False)
               if role in present or not role]
    ax_cap = fig.add_subplot(grid[1, :])
    ax_cap.axis("off")
    ax_cap.set_label("caption")
    ax_cap.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=7, frameon=False)
    ax_cap.text(0.5, 0.0, caption, ha="center", va="bottom", fontsize=9, transform=ax_cap.transAxes,
                in_layout=False)
    fig.suptitle(explanation.op, fontsize=10)
    return fig
