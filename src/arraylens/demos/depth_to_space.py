"""Demo: the same 8 channels rearranged by DCR and by CRD; one element explained both ways."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
from rich.console import Console

from arraylens.frontends import onnx as alonnx
from arraylens.render.figures.blocks import blocks

AT = (0, 1, 0, 1)  # out[n, c, y, x]: channel 1, y 0, x 1 -> block offset (by, bx) = (0, 1)


def run(console: Console, out_dir: Path) -> None:
    x = np.arange(8, dtype=np.float32).reshape(1, 8, 1, 1) * 10 + np.arange(2, dtype=np.float32).reshape(1, 1, 1, 2)
    console.print("x: 8 channels of 1x2 pixels, x[0, k, 0, w] = 10*k + w (channel k, pixel w)", highlight=False)
    for mode in ("DCR", "CRD"):
        y = alonnx.depth_to_space(x, blocksize=2, mode=mode)
        console.print(f"\nonnx DepthToSpace(blocksize=2, mode='{mode}') -> shape {y.shape}:", highlight=False)
        console.print(np.array2string(y[0], separator=", "), highlight=False, markup=False)
    for mode in ("DCR", "CRD"):
        explanation = alonnx.depth_to_space.explain(x, blocksize=2, mode=mode, at=AT)
        console.print(f"\n--- mode='{mode}' ---", highlight=False)
        console.print(str(explanation), highlight=False, markup=False)
        if mode == "DCR":
            blocks(explanation).savefig(out_dir / "depth_to_space.png", dpi=110)
