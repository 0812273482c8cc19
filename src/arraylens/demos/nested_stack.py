"""Demo: ``np.array`` puts the nesting first; ``nested_stack`` puts the batch first."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
from matplotlib.figure import Figure
from rich.console import Console

from arraylens.core.files import save_figure
from arraylens.demos import cases
from arraylens.ops.stacking.stack import nested_stack
from arraylens.render.figures.contrast import annotate_cells


def run(console: Console, out_dir: Path) -> None:
    x = np.array(cases()["nested_stack"]["x"], dtype=float)
    nested = [[2 + x, 2 - x], [2 * x, 2 / x]]
    console.print(f"x = {x}", highlight=False)
    console.print(f"np.array(nested).shape = {np.array(nested).shape}", highlight=False)
    stacked = nested_stack(nested)
    console.print(f"nested_stack(nested).shape = {stacked.shape}", highlight=False)
    console.print(str(stacked), highlight=False)
    # the last element: batch element 2 (x[2]) of the leaf nested[1][1] = 2 / x
    explanation = nested_stack.explain(nested, at=(len(x) - 1, 1, 1))
    console.print(str(explanation), highlight=False, markup=False)

    save_figure(figure(x, stacked), out_dir / "nested_stack.png", dpi=110)


def figure(x: np.ndarray, stacked: np.ndarray) -> Figure:
    """One panel per batch element ``result[b]``, each cell's number readable on its colour."""
    fig = Figure(figsize=(8.6, 3.6), layout="constrained")
    axes = fig.subplots(1, stacked.shape[0], squeeze=False)[0]
    image = None
    for b, ax in enumerate(axes):
        image = ax.imshow(
            stacked[b], cmap="Blues", vmin=float(stacked.min()) - 1, vmax=float(stacked.max())
        )
        annotate_cells(ax, image, stacked[b], lambda v: f"{v:.3g}", fontsize=11)
        ax.set_title(f"result[{b}] (x = {x[b]:g})", fontsize=10)
        ax.set_xticks(range(stacked.shape[2]))
        ax.set_yticks(range(stacked.shape[1]))
    if image is not None:  # one scale for every panel (they share vmin and vmax)
        fig.colorbar(image, ax=list(axes), shrink=0.8, label="value")
    fig.suptitle("nested_stack([[2+x, 2-x], [2*x, 2/x]]): one 2x2 matrix per element of x")
    return fig
