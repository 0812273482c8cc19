"""Demo: the ``tf.nn.conv2d_transpose`` case (out[0,0,0,0] is 67, not 603)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from arraylens.core.files import save_figure
from arraylens.demos import cases
from arraylens.frontends import tensorflow as tf
from arraylens.render.figures import direct_view, overlay


def arguments() -> tuple[tuple[np.ndarray, np.ndarray, list[int], list[int]], dict[str, Any]]:
    """The motivating call's arguments: (x, f, output_shape, strides), {padding}."""
    c = cases()["conv2d_transpose"]
    x = np.array(c["x"], dtype=np.float32)
    f = np.array(c["f"], dtype=np.float32)
    return (x, f, list(c["output_shape"]), list(c["strides"])), {"padding": c["padding"]}


def run(console: Console, out_dir: Path) -> None:
    args, kwargs = arguments()
    x, f = args[0], args[1]
    console.print("tf.nn.conv2d_transpose(x, f, output_shape=(1, 5, 5, 1), strides=[1, 2, 2, 1], padding='VALID')")
    console.print(f"x[0, :, :, 0] =\n{x[0, :, :, 0]}")
    console.print(f"f[:, :, 0, 0] =\n{f[:, :, 0, 0]}")
    out = tf.conv2d_transpose(*args, **kwargs)
    console.print(f"result[0, :, :, 0] =\n{out[0, :, :, 0]}", highlight=False)
    explanation = tf.conv2d_transpose.explain(*args, at=(0, 0, 0, 0), **kwargs)
    console.print(str(explanation), highlight=False, markup=False)
    fig = overlay(explanation)
    path = out_dir / "conv2d_transpose_overlay.png"
    save_figure(fig, path, dpi=110)
    console.print(f"overlay figure: {path}")
    path = out_dir / "conv2d_transpose_direct.png"
    save_figure(direct_view(explanation), path, dpi=110)
    console.print(f"direct-convolution figure: {path}")
    path = out_dir / "conv2d_transpose.html"
    explanation.to_html(path)
    console.print(f"interactive page (open in a browser): {path}")
