"""Demo: one 6x6 plane average-pooled with a 3x3 window, stride 2, by PyTorch, ONNX and TensorFlow.

PyTorch ``avg_pool2d(k3, s2, p1, ceil_mode=True)`` (``count_include_pad=True``, its default) and
ONNX ``AveragePool(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1)``
(``count_include_pad=0``, its default) read the same 4x4 windows but divide the edge windows
differently: the corner window holds one input cell, x[5, 5] = 35, one padded row and column and
the ceil-mode cells beyond them; PyTorch divides by 4 (the input cell and the 3 padding cells, not
the ceil extension), ONNX by 1. TensorFlow's ``SAME`` has no ``ceil_mode``: 3x3 windows starting
at 0 with the odd padding cell after, and it never counts padding (the corner: 4 input cells).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import numpy as np
from rich.console import Console

from arraylens.core import registry
from arraylens.core.explanation import Explanation
from arraylens.core.files import AtomicBatch, figure_writer
from arraylens.frontends import load
from arraylens.render.figures.pooling import pooling
from arraylens.render.html import render_page

X = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)
"""The plane: x[0, 0, r, c] = 6 r + c."""
TORCH = {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}
ONNX = {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "ceil_mode": 1}
TF = {"ksize": 3, "strides": 2, "padding": "SAME"}
CORNER = (0, 0, 3, 3)


def results() -> dict[str, tuple[np.ndarray, Any]]:
    """Each library's result (in NCHW) and its explainable, by label."""
    load()
    out: dict[str, tuple[np.ndarray, Any]] = {}
    torch_fn = registry.get("torch.avg_pool2d").fn
    out["torch avg_pool2d(k3, s2, p1, ceil_mode=True), count_include_pad=True"] = (
        np.asarray(torch_fn(X, **TORCH)), lambda at: torch_fn.explain(X, **TORCH, at=at))
    onnx_fn = registry.get("onnx.AveragePool").fn
    out["ONNX AveragePool(pads 1, ceil_mode=1), count_include_pad=0"] = (
        np.asarray(onnx_fn(X, **ONNX)), lambda at: onnx_fn.explain(X, **ONNX, at=at))
    tf_fn = registry.get("tf.nn.avg_pool2d").fn
    x_nhwc = np.ascontiguousarray(X.transpose(0, 2, 3, 1))
    out["TensorFlow avg_pool2d(k3, s2, SAME) (NHWC, shown as NCHW)"] = (
        np.asarray(tf_fn(x_nhwc, **TF)).transpose(0, 3, 1, 2),
        lambda at: tf_fn.explain(x_nhwc, **TF, at=(at[0], at[2], at[3], at[1])))
    return out


def run(console: Console, out_dir: Path) -> None:
    console.print("x: a 6x6 plane, x[0, 0, r, c] = 6 r + c; a 3x3 window, stride 2", highlight=False)
    console.print(np.array2string(X[0, 0].astype(int), separator=" "), highlight=False, markup=False)
    computed = results()
    for label, (y, _) in computed.items():
        console.print(f"\n{label} -> {y.shape[2]}x{y.shape[3]}:", highlight=False)
        console.print(np.array2string(y[0, 0], precision=4, suppress_small=True, separator=" "), highlight=False,
                      markup=False)
    (torch_label, (y_torch, torch_explain)), (onnx_label, (y_onnx, onnx_explain)) = list(computed.items())[:2]
    differ = [tuple(int(i) for i in p) for p in np.argwhere(y_torch[0, 0] != y_onnx[0, 0])]
    border = all(min(r, c) == 0 or max(r, c) == y_torch.shape[2] - 1 for r, c in differ)
    console.print(f"\ntorch and ONNX differ at {len(differ)} of {y_torch[0, 0].size} elements"
                  + (", all on the border (the windows that reach the padding)" if border else "") + f": {differ}",
                  highlight=False)
    explanations: list[tuple[str, Explanation]] = [
        ("pool_torch_corner", torch_explain(CORNER)), ("pool_onnx_corner", onnx_explain(CORNER)),
    ]
    tf_y, tf_explain = list(computed.values())[2]
    tf_corner = (0, 0, tf_y.shape[2] - 1, tf_y.shape[3] - 1)
    explanations.append(("pool_tf_corner", tf_explain(tf_corner)))
    for (_, e), label in zip(explanations, [torch_label, onnx_label, list(computed)[2]], strict=True):
        console.print(f"\n--- {label}: the corner ---", highlight=False)
        console.print(str(e), highlight=False, markup=False)
    divisors = [e.details["divisor"]["value"] for _, e in explanations]
    console.print(f"\nthe corner divisor: torch {divisors[0]} (input + padding, not the ceil extension), ONNX "
                  f"{divisors[1]} (the input cell only), TensorFlow SAME {divisors[2]} (its corner window holds "
                  f"{divisors[2]} input cells and padding it never counts)", highlight=False)
    written: list[Path] = []
    with AtomicBatch() as batch:
        for name, e in explanations:
            png, html = out_dir / f"{name}.png", out_dir / f"{name}.html"
            batch.write(png, figure_writer(pooling(e), png, dpi=110), what="figure")
            with batch.open(html, "w", what="page", encoding="utf-8") as fh:
                fh.write(render_page(e))
            written += [png, html]
    for path in written:
        console.print(f"wrote {path}", highlight=False)

