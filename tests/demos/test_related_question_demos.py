"""The argmax, nested-stack and corrcoef/MST demos run end to end and write their figures."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from arraylens.demos import DEMOS, run_demo

NAMES = {
    "argmax": "argmax_values.png",
    "nested_stack": "nested_stack.png",
    "corrcoef_mst": "corrcoef_mst.png",
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_demo_runs(name, tmp_path):
    demo = next(d for d in DEMOS if d.name == name)
    buffer = io.StringIO()
    run_demo(demo, Console(file=buffer, width=120), tmp_path)
    assert (tmp_path / NAMES[name]).stat().st_size > 1000
    text = buffer.getvalue()
    expected = {
        "argmax": "indices = [5 6 7]",
        "nested_stack": "nested_stack(nested).shape = (3, 2, 2)",
        "corrcoef_mst": "looks like a covariance matrix",
    }[name]
    assert expected in text


def test_demo_names_are_all_snake_case():
    names = [d.name for d in DEMOS]
    assert len(set(names)) == len(names)
    for name in names:
        assert name.isidentifier() and name == name.lower(), name
