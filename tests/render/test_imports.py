"""Rendering reads explanations only: writing a page needs no matplotlib, and the plain data
module imports nothing else of arraylens."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

PAGE_SCRIPT = """
import sys
import numpy as np
from arraylens import tensorflow as tf
from arraylens.render.html import write_page

x = np.array([[-67, -77], [-117, -127]], np.float32).reshape(1, 2, 2, 1)
f = np.arange(1, 10, dtype=np.float32).reshape(3, 3, 1, 1)
e = tf.conv2d_transpose.explain(x, f, [1, 5, 5, 1], 2, padding="VALID", at=(0, 0, 0, 0))
out = sys.argv[1]
e.to_html(out + "/to_html.html")
write_page(e, out + "/write_page.html")
e._repr_html_()
for name in ("to_html.html", "write_page.html"):
    text = open(out + "/" + name, encoding="utf-8").read()
    assert '"kind":"conv_transpose"' in text, name
loaded = sorted(m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib."))
print("MATPLOTLIB", loaded)
"""


def test_writing_a_page_imports_no_matplotlib(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", PAGE_SCRIPT, str(tmp_path)],
        capture_output=True, text=True, timeout=300,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert "MATPLOTLIB []" in done.stdout, done.stdout
    assert (tmp_path / "to_html.html").read_text(encoding="utf-8") != ""


def _arraylens_imports(path: Path) -> list[str]:
    """Every module of arraylens that ``path`` imports, at any depth (functions included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "arraylens"]
        elif isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("arraylens")):
            found.append(node.module or ".")
    return found


def test_the_explanation_module_imports_nothing_outside_core():
    imported = _arraylens_imports(SRC / "arraylens" / "core" / "explanation.py")
    assert sorted(imported) == ["arraylens.core.files", "arraylens.core.text"]  # the atomic writer of to_html


def test_render_reads_no_plan():
    """render/ names no plan class and tests no framework name."""
    for path in (SRC / "arraylens" / "render").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "ConvTransposePlan" not in text and "ConvPlan" not in text, path
        assert ".startswith(" not in text and "tf.nn." not in text, path
        assert not re.search(r"\.source\b", text), path  # no Explanation.source (a module named source_map is fine)
