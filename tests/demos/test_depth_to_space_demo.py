"""``arraylens demo --only depth_to_space``: the same 8 channels by DCR and CRD, one element
explained both ways, and its figure."""

from __future__ import annotations

import io

from rich.console import Console

from arraylens.demos import DEMOS, run_demo


def test_depth_to_space_demo_explains_one_element_both_ways(tmp_path):
    demo = next(d for d in DEMOS if d.name == "depth_to_space")
    buffer = io.StringIO()
    run_demo(demo, Console(file=buffer, width=400), tmp_path)
    text = buffer.getvalue()
    assert "out[0, 1, 0, 1] = x[0, 3, 0, 0] = 30" in text  # DCR: k = (0*2 + 1)*2 + 1 = 3
    assert "out[0, 1, 0, 1] = x[0, 5, 0, 0] = 50" in text  # CRD: k = 1*4 + 0*2 + 1 = 5
    assert "the CRD order would have taken x[0, 5, 0, 0] = 50" in text
    assert (tmp_path / "depth_to_space.png").stat().st_size > 1000
