"""Every accept/reject decision on ``output_shape`` matches TensorFlow's.

For random configurations, every candidate size along one spatial axis (from 1 to past the
largest valid one) is tried with the real TensorFlow and with arraylens. arraylens follows
TensorFlow's reference rule (its Eigen CPU kernels and its GPU kernels: the forward size formula
applied to ``output_shape`` must give the input's size). The oneDNN kernels of a default x86
install accept a few more sizes (see ``Candidate.truncation_zone``); that difference is asserted
here too, so a TensorFlow release that changes either side is noticed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from arraylens import tensorflow as al_tf
from tests.frontends.conformance.output_shape_sweep import candidates, tf_decisions

# seeds whose sweep has candidates (an explicit padding can exclude every size)
SEEDS = [s for s in range(80) if any(True for _ in candidates(s))][:60]
AL_T = {1: al_tf.conv1d_transpose, 2: al_tf.conv2d_transpose, 3: al_tf.conv3d_transpose}


def arraylens_decisions(seed: int) -> list[bool]:
    out = []
    for c in candidates(seed):
        try:
            AL_T[c.nd](c.x, c.f, c.shape, c.stride, padding=c.padding)
            out.append(True)
        except ValueError:
            out.append(False)
    return out


@pytest.fixture(scope="module")
def reference_decisions() -> dict[int, list[bool]]:
    env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS="0", TF_CPP_MIN_LOG_LEVEL="3")
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.run(
        [sys.executable, "-m", "tests.frontends.conformance.output_shape_sweep", *map(str, SEEDS)],
        cwd=root, env=env, capture_output=True, text=True, check=True, timeout=300,
    )
    return {int(k): v for k, v in json.loads(proc.stdout.strip().splitlines()[-1]).items()}


@pytest.fixture(scope="module")
def default_decisions() -> dict[int, list[bool]]:
    return tf_decisions(SEEDS)


@pytest.mark.conformance
@pytest.mark.parametrize("seed", SEEDS)
def test_decisions_match_tensorflow_reference_kernels(seed: int, reference_decisions: dict[int, list[bool]]) -> None:
    got = arraylens_decisions(seed)
    expected = reference_decisions[seed]
    shapes = [c.shape for c in candidates(seed)]
    for shape, g, e in zip(shapes, got, expected, strict=True):
        assert g == e, f"output_shape {shape}: TensorFlow accepts={e}, arraylens accepts={g}"
    assert set(expected) == {True, False}, "the sweep must see both outcomes"


@pytest.mark.conformance
@pytest.mark.parametrize("seed", SEEDS)
def test_decisions_match_default_tensorflow_outside_the_onednn_quirk(
    seed: int, default_decisions: dict[int, list[bool]]
) -> None:
    got = arraylens_decisions(seed)
    for c, g, e in zip(candidates(seed), got, default_decisions[seed], strict=True):
        if c.truncation_zone():
            # oneDNN accepts, the reference rule (and arraylens) rejects
            assert (e, g) == (True, False), f"output_shape {c.shape}"
        else:
            assert g == e, f"output_shape {c.shape}: TensorFlow accepts={e}, arraylens accepts={g}"


def test_the_onednn_quirk_is_seen_by_the_sweep(default_decisions: dict[int, list[bool]]) -> None:
    zone = [c for s in SEEDS for c in candidates(s) if c.truncation_zone()]
    assert zone, "no candidate in the oneDNN truncation zone: the sweep no longer tests it"
