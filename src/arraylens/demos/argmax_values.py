"""Demo: values and their indices in one call (``np.argmax`` gives indices only)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
from matplotlib.figure import Figure
from rich.console import Console

from arraylens import max_with_index
from arraylens import numpy as alnp
from arraylens.demos import cases


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

    fig = Figure(figsize=(4, 6), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(x, cmap="viridis", aspect="auto")
    cols = np.arange(x.shape[1])
    ax.scatter(cols, indices, marker="s", s=400, facecolors="none", edgecolors="red", linewidths=2)
    for c, (r, v) in enumerate(zip(indices, values, strict=True)):
        ax.annotate(f"{v:.3f}", (c, r), ha="center", va="center", color="white", fontsize=8)
    ax.set_xlabel("column")
    ax.set_ylabel(f"row (axis {axis})")
    ax.set_title("np.argmax(x, axis=0): the winner of each column")
    fig.colorbar(image, ax=ax)
    fig.savefig(out_dir / "argmax_values.png", dpi=110)
