"""Demo: ``np.array`` puts the nesting first; ``nested_stack`` puts the batch first."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
from matplotlib.figure import Figure
from rich.console import Console

from arraylens import nested_stack
from arraylens.demos import cases


def run(console: Console, out_dir: Path) -> None:
    x = np.array(cases()["nested_stack"]["x"], dtype=float)
    nested = [[2 + x, 2 - x], [2 * x, 2 / x]]
    console.print(f"x = {x}", highlight=False)
    console.print(f"np.array(nested).shape = {np.array(nested).shape}", highlight=False)
    stacked = nested_stack(nested)
    console.print(f"nested_stack(nested).shape = {stacked.shape}", highlight=False)
    console.print(str(stacked), highlight=False)
    console.print(str(nested_stack.explain(nested)), highlight=False, markup=False)

    fig = Figure(figsize=(8, 3), layout="constrained")
    for b in range(stacked.shape[0]):
        ax = fig.add_subplot(1, stacked.shape[0], b + 1)
        ax.imshow(
            stacked[b], cmap="Blues", vmin=float(stacked.min()) - 1, vmax=float(stacked.max())
        )
        for (r, c), v in np.ndenumerate(stacked[b]):
            ax.text(c, r, f"{v:.3g}", ha="center", va="center")
        ax.set_title(f"result[{b}] (x = {x[b]:g})")
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
    fig.suptitle("nested_stack([[2+x, 2-x], [2*x, 2/x]]): one 2x2 matrix per element of x")
    fig.savefig(out_dir / "nested_stack.png", dpi=110)
