"""Candidate ``output_shape`` values for the decision tests, and TensorFlow's decisions on them.

Run as a script (``python -m tests.frontends.conformance.output_shape_sweep SEEDS...``) it prints
TensorFlow's decisions as JSON; the tests run it with ``TF_ENABLE_ONEDNN_OPTS=0`` to get the
decisions of TensorFlow's reference (Eigen) CPU kernels, which is also what its GPU kernels
decide, beside the oneDNN kernels that a default x86 install uses.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class Candidate:
    nd: int
    x: np.ndarray
    f: np.ndarray
    shape: list[int]
    stride: list[int]
    padding: Any
    axis: int

    def truncation_zone(self) -> bool:
        """True where, with VALID padding, ``o - k`` is in (-stride, 0) and the input has size 1:
        oneDNN's size check, which divides a negative number with truncation toward zero, sees
        a forward output of 1 there. (Observed with tensorflow-cpu 2.21; explicit padding does
        not show it.)"""
        if self.padding != "VALID":
            return False
        a = self.axis
        rem = self.shape[1 + a] - self.f.shape[a]
        return -self.stride[a] < rem < 0 and self.x.shape[1 + a] == 1


def candidates(seed: int) -> Iterator[Candidate]:
    rng = np.random.default_rng(1000 + seed)
    nd = int(rng.integers(1, 4))
    padding: Any = str(rng.choice(["SAME", "VALID", "EXPLICIT"] if nd == 2 else ["SAME", "VALID"]))
    stride = [int(v) for v in rng.integers(1, 4, nd)]
    kernel = [int(v) for v in rng.integers(1, 5, nd)]
    in_size = [int(v) for v in rng.integers(1, 5, nd)]
    if padding == "EXPLICIT":
        padding = [[0, 0], *[[int(v) for v in rng.integers(0, 3, 2)] for _ in range(nd)], [0, 0]]
    c_in, c_out = 2, 3
    x = rng.standard_normal((1, *in_size, c_in)).astype(np.float32)
    f = rng.standard_normal((*kernel, c_out, c_in)).astype(np.float32)
    axis = int(rng.integers(0, nd))
    base = [(i - 1) * s + k for i, s, k in zip(in_size, stride, kernel, strict=True)]
    for size in range(1, base[axis] + 2 * stride[axis] + 3):
        sizes = list(base)
        sizes[axis] = size
        for a in range(nd):
            if a != axis and padding == "SAME":
                sizes[a] = in_size[a] * stride[a]
            elif a != axis and not isinstance(padding, str):
                sizes[a] = base[a] - sum(padding[1 + a])
        if min(sizes) >= 1:
            yield Candidate(nd, x, f, [1, *sizes, c_out], stride, padding, axis)


def tf_decisions(seeds: list[int]) -> dict[int, list[bool]]:
    """TensorFlow's accept (True) / reject (False) for every candidate of every seed."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf

    ops = {1: tf.nn.conv1d_transpose, 2: tf.nn.conv2d_transpose, 3: tf.nn.conv3d_transpose}
    out: dict[int, list[bool]] = {}
    for seed in seeds:
        decisions = []
        for c in candidates(seed):
            try:
                ops[c.nd](c.x, c.f, c.shape, c.stride, padding=c.padding)
                decisions.append(True)
            except (tf.errors.OpError, ValueError):
                decisions.append(False)
        out[seed] = decisions
    return out


if __name__ == "__main__":
    print(json.dumps(tf_decisions([int(s) for s in sys.argv[1:]])))
