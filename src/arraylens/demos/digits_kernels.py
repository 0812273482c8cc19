"""Demo: the first-layer kernels of a small network trained here on scikit-learn's 8x8 digits.

The weights (PyTorch OIHW, ``arraylens/data/digits_conv1.npz``) were made by
``scripts/train_digits_conv.py``; they are signed, so the grid puts 0 at the middle of a
diverging scale and states the real values in its colour bar, instead of clipping to 0..1.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

import numpy as np
from rich.console import Console

from arraylens.core.files import save_figure
from arraylens.render.figures import display_range, kernels


def digits_conv1() -> dict[str, np.ndarray]:
    """The shipped first-layer weights: ``weight`` (8, 1, 3, 3) OIHW, ``bias``, ``test_accuracy``,
    ``layout`` and ``made_by``."""
    raw = resources.files("arraylens").joinpath("data/digits_conv1.npz").read_bytes()
    with np.load(io.BytesIO(raw), allow_pickle=False) as z:
        return {name: z[name] for name in z.files}


def run(console: Console, out_dir: Path) -> None:
    data = digits_conv1()
    w = data["weight"]
    console.print(
        f"first conv layer learned on the 8x8 digits: weight {w.shape} ({data['layout']}), "
        f"values {w.min():.3g} .. {w.max():.3g}; held-out accuracy of the network "
        f"{float(data['test_accuracy']):.3f} ({data['made_by']})",
        highlight=False,
    )
    scaled = display_range(w)
    console.print(
        f"display_range maps 0 to 0.5 and the largest magnitude {np.abs(w).max():.3g} to an end: "
        f"scaled values {scaled.min():.3f} .. {scaled.max():.3f}",
        highlight=False,
    )
    fig = kernels(w, layout=str(data["layout"]), title="digits conv1: 8 learned 3x3 kernels "
                  "(OIHW), 0 at the middle of the scale")
    path = out_dir / "digits_conv1_kernels.png"
    save_figure(fig, path, dpi=110)
    console.print(f"kernel grid: {path}")
