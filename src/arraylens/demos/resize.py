"""Demo: one small image resized by each library's default call (torch, TF1, TF2, ONNX,
OpenCV), the pixels where they differ, and one of those pixels explained and drawn.

Each library is called as a user writes it without options: ``F.interpolate(x, size)``
(nearest: asymmetric, floor), ``tf.compat.v1.image.resize_bilinear(x, size)`` (asymmetric),
``tf.image.resize(x, size)`` (bilinear, half_pixel), ONNX ``Resize(X, sizes=...)`` (nearest:
half_pixel, round_prefer_floor) and ``cv2.resize(x, dsize)`` (INTER_LINEAR, half_pixel).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from arraylens.core.files import AtomicBatch, figure_writer
from arraylens.core.text import format_number
from arraylens.frontends import onnx as alonnx
from arraylens.frontends import opencv as alcv
from arraylens.frontends import tensorflow_image as altfi
from arraylens.frontends import torch as altorch

IN = (5, 6)
OUT = (8, 9)
FIGURE = "resize_sampling_grid.png"
PAGE = "resize.html"


def image() -> np.ndarray:
    """The 5x6 grey image: a bright diagonal stripe over a ramp (float32, 0..255)."""
    h, w = np.mgrid[0:IN[0], 0:IN[1]]
    return (20 * w + 10 * h + 120 * (np.abs(h - w) <= 0)).astype(np.float32)


def results(x: np.ndarray) -> dict[str, np.ndarray]:
    """Each library's default resize of ``x`` (H x W) to :data:`OUT`, as H x W float32 arrays."""
    nchw = x[None, None]
    nhwc = x[None, :, :, None]
    return {
        "torch F.interpolate(x, size) (nearest)": altorch.interpolate(nchw, size=OUT)[0, 0],
        "tf.compat.v1.image.resize_bilinear (bilinear, asymmetric)":
            np.asarray(altfi.compat.v1.image.resize_bilinear(nhwc, OUT))[0, :, :, 0],
        "tf.image.resize (bilinear)": np.asarray(altfi.resize(nhwc, OUT))[0, :, :, 0],
        "ONNX Resize(sizes) (nearest)": alonnx.resize(nchw, sizes=np.array([1, 1, *OUT], dtype=np.int64))[0, 0],
        "cv2.resize(x, dsize) (INTER_LINEAR)": alcv.resize(x, (OUT[1], OUT[0])),
    }


def differing(res: dict[str, np.ndarray], reference: str, tol: float = 1e-4) -> dict[str, np.ndarray]:
    """Per library, the mask of pixels that differ from ``reference``'s."""
    ref = res[reference]
    return {k: ~np.isclose(v, ref, rtol=0, atol=tol) for k, v in res.items()}


def _mask_text(mask: np.ndarray) -> str:
    return "\n".join("    " + " ".join("x" if m else "." for m in row) for row in mask)


def explained_pixel(masks: dict[str, np.ndarray]) -> tuple[int, int]:
    """The first pixel (row-major) where TF1's default differs from TF2's."""
    r, c = np.argwhere(masks["tf.compat.v1.image.resize_bilinear (bilinear, asymmetric)"])[0]
    return int(r), int(c)


def run(console: Console, out_dir: Path) -> dict[str, Any]:
    x = image()
    console.print(f"x: a {IN[0]}x{IN[1]} grey image (float32), resized to {OUT[0]}x{OUT[1]} by each library's "
                  "default call:", highlight=False)
    console.print(np.array2string(x, separator=", "), highlight=False, markup=False)
    res = results(x)
    reference = "tf.image.resize (bilinear)"
    masks = differing(res, reference)
    console.print(f"\nPixels that differ from {reference} (bilinear, half_pixel); x = differs:", highlight=False)
    for name, mask in masks.items():
        if name == reference:
            continue
        diff = float(np.max(np.abs(res[name] - res[reference])))
        console.print(f"  {name}: {int(mask.sum())} of {mask.size} pixels differ, by up to {format_number(diff)}",
                      highlight=False)
        console.print(_mask_text(mask), highlight=False, markup=False)
    names = list(res)
    console.print("\nPixels that differ, each pair (of 72):", highlight=False)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            n = int((~np.isclose(res[a], res[b], rtol=0, atol=1e-4)).sum())
            console.print(f"  {a} vs {b}: {n}", highlight=False)
    r, c = explained_pixel(masks)
    nhwc = x[None, :, :, None]
    tf2 = altfi.resize.explain(nhwc, OUT, at=(0, r, c, 0))
    tf1 = altfi.compat.v1.image.resize_bilinear.explain(nhwc, OUT, at=(0, r, c, 0))
    console.print(f"\nOne pixel where they differ, out[{r}, {c}]: TF2 {format_number(float(tf2.value))}, "
                  f"TF1 {format_number(float(tf1.value))}", highlight=False)
    console.print(str(tf2), highlight=False, markup=False)
    console.print("\n" + str(tf1), highlight=False, markup=False)
    from arraylens.render.figures.sampling import sampling_grid  # matplotlib only when drawing

    figure, page = out_dir / FIGURE, out_dir / PAGE
    with AtomicBatch() as batch:
        batch.write(figure, figure_writer(sampling_grid(tf2, compare=tf1), figure, dpi=110), what="figure")
        batch.write(page, tf2.to_html, what="page")
    console.print(f"\nwrote {figure} (TF2 and TF1 sampling grids side by side) and {page} (point at an output "
                  "pixel: its source position and weights)", highlight=False)
    return {"results": res, "masks": masks, "at": (r, c), "explanations": (tf2, tf1)}
