"""The motivating cases run by ``arraylens demo``.

Each case is a module with ``run(console, out_dir)``; :data:`DEMOS` lists them in order.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console


@dataclass(frozen=True)
class Demo:
    name: str
    title: str
    module: str


DEMOS: list[Demo] = [
    Demo("conv2d_transpose", "tf.nn.conv2d_transpose: why is out[0,0] 67 and not 603?",
         "arraylens.demos.conv_transpose"),
    Demo("digits_kernels", "kernel grid of a conv layer learned on the 8x8 digits",
         "arraylens.demos.digits_kernels"),
    Demo("argmax", "np.argmax: values and indices in one call", "arraylens.demos.argmax_values"),
    Demo("nested_stack", "Nested lists: batch axes first", "arraylens.demos.nested_stack"),
    Demo("corrcoef_mst", "corrcoef vs cov; a sound MST", "arraylens.demos.corrcoef_mst"),
    Demo("octave_fft", "Octave fft(v') vs NumPy np.fft.fft(v.T)", "arraylens.demos.octave_fft"),
    Demo("depth_to_space", "depth_to_space: the same 8 channels by DCR and CRD", "arraylens.demos.depth_to_space"),
    Demo("pooling", "average pooling with ceil_mode: torch vs ONNX vs TF SAME",
         "arraylens.demos.pooling"),
    Demo("resize", "one image resized by torch, TF1, TF2, ONNX, OpenCV", "arraylens.demos.resize"),
]


@cache
def cases() -> dict[str, Any]:
    """The motivating cases' numbers (``arraylens/data/cases.json``)."""
    text = resources.files("arraylens").joinpath("data/cases.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def run_demo(demo: Demo, console: Console, out_dir: Path) -> None:
    importlib.import_module(demo.module).run(console, out_dir)
