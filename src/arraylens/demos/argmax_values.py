"""Demo: values and their indices in one call (``np.argmax`` gives indices only)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
from matplotlib.figure import Figure
from rich.console import Console

from arraylens.core.files import save_figure
from arraylens.demos import cases
from arraylens.frontends import numpy as alnp
from arraylens.ops.extremes.with_index import max_with_index
from arraylens.render.figures._grid import outline
from arraylens.render.figures.contrast import annotate_cells


def run(console: Console, out_dir: Path) -> None:
    case = cases()["argmax_values"]
    x = np.array(case["x"])
    axis = int(case["axis"])
    values, indices = max_with_index(x, axis=axis)
    console.print(f"np.argmax(x, axis={axis})  -> {alnp.argmax(x, axis=axis)}", highlight=False)
    console.print(f"max_with_index(x, axis={axis}):", highlight=False)
    console.print(f"  values  = {values}\n  indices = {indices}", highlight=False)
    explanation = alnp.argmax.explain(x, axis=axis, at=2)
    console.print(str(explanation), highlight=False, markup=False)

    save_figure(figure(x, axis, indices, values), out_dir / "argmax_values.png", dpi=110)


def figure(x: np.ndarray, axis: int, indices: np.ndarray, values: np.ndarray) -> Figure:
    """Every value of ``x`` (2-d, ``axis=0``) in its cell; the winner of each column boxed."""
    fig = Figure(figsize=(5.2, 7), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(x, cmap="viridis", aspect="auto")
    annotate_cells(ax, image, x, lambda v: f"{v:.3f}", fontsize=10)
    for c, r in enumerate(indices):
        outline(ax, int(r), c, color="red", lw=3, gid=f"winner-{c}")
    for t in ax.texts:  # the winners' values in bold
        r, c = (round(v) for v in t.get_position()[::-1])
        if indices[c] == r:
            t.set_fontweight("bold")
    ax.set_xticks(range(x.shape[1]))
    ax.set_yticks(range(x.shape[0]))
    ax.set_xlabel("column")
    ax.set_ylabel(f"row (axis {axis})")
    ax.set_title(
        f"np.argmax(x, axis={axis}) = {list(map(int, indices))}\n"
        "boxed: the winner of each column, with its value",
        fontsize=10,
    )
    fig.colorbar(image, ax=ax, label="x")
    return fig
