"""The audit report drawn from its plain data (the ``arraylens.audit/1`` dictionary).

:func:`print_audit` prints the terminal table (rich); :func:`audit_page` writes one
self-contained HTML page. Both read only the report's dictionary (docs/audit.md), never the
model or a plan.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

__all__ = ["audit_page", "print_audit"]

_STYLES = {"agree": "green", "diverge": "bold red", "pitfall": "yellow", "unsupported": "dim", "not_run": "magenta"}
_COLOURS = {"agree": "#1b7f3b", "diverge": "#b3261e", "pitfall": "#a66b00", "unsupported": "#666", "not_run": "#7b1fa2"}


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _diff_cells(node: Mapping[str, Any]) -> tuple[str, str, str]:
    d = node.get("difference")
    if not d:
        return "", "", ""
    count = f"{d['differing']}/{d['total']}" + (" (shape)" if d.get("shapes_differ") else "")
    return _fmt(d["max_abs"]), _fmt(d["max_rel"]), count


def _headline(data: Mapping[str, Any]) -> str:
    model = data["model"]
    counts = data["summary"]
    parts = ", ".join(f"{counts[v]} {v}" for v in ("agree", "diverge", "pitfall", "unsupported", "not_run")
                      if counts.get(v))
    source = model.get("path") or model.get("graph") or "model"
    producer = model.get("producer_name") or "unknown producer"
    version = model.get("producer_version") or ""
    producer = f"{producer} {version}" if version else producer
    return f"{source} ({producer}, opset {model.get('opset')}): " \
           f"{model.get('nodes')} nodes: {parts or 'no nodes'}"


def _details(node: Mapping[str, Any]) -> list[str]:
    """The lines under a flagged node: why, the worst element and its explanation."""
    lines = []
    err = node.get("error")
    if err:
        lines.append(f"{err['by']} refused it: {err['message']}")
    if node.get("specification_shape") is not None and node.get("output_shape") is not None \
            and node["specification_shape"] != node["output_shape"]:
        lines.append(f"shape: specification {node['specification_shape']}, onnxruntime {node['output_shape']}")
    worst = node.get("worst")
    if worst:
        ort = "no value" if worst["onnxruntime"] is None else _fmt(worst["onnxruntime"])
        lines.append(f"worst element {worst['index']}: specification {_fmt(worst['specification'])}, "
                     f"onnxruntime {ort}")
    for note in node.get("runtime_notes", []):
        lines.append(f"known difference [{note['key']}]: the specification: {note['specification']}; "
                     f"onnxruntime {note['onnxruntime']}")
    for p in node.get("pitfalls", []):
        lines.append(f"pitfall [{p['rule']}]: {p['message']}")
    return lines


def print_audit(data: Mapping[str, Any], console: Console, *, explain: bool = True) -> None:
    """Print the report: a headline, one table row per node, then each flagged node's details
    (and, with ``explain``, the explanation of its worst element)."""
    console.print(_headline(data), highlight=False, markup=False)
    err = data["runtime"].get("error")
    if err:
        console.print(f"onnxruntime could not run the whole graph ({err}); ran it node by node",
                      highlight=False, markup=False)
    table = Table(show_lines=False)
    for title in ("#", "node", "op", "verdict", "max abs", "max rel", "differ"):
        table.add_column(title, no_wrap=True)
    table.add_column("attributes", overflow="fold", ratio=1, min_width=30)
    for node in data["nodes"]:
        abs_d, rel_d, count = _diff_cells(node)
        table.add_row(str(node["index"]), Text(node["name"]), Text(node["op"]),
                      Text(node["verdict"], style=_STYLES.get(node["verdict"], "")), abs_d, rel_d, count,
                      Text(node["description"]))
    console.print(table)
    for node in data["nodes"]:
        if node["verdict"] not in ("diverge", "pitfall", "not_run"):
            continue
        console.print(Text(f"\n{node['verdict']}: node {node['index']} {node['name']!r} ({node['op']})",
                           style=_STYLES.get(node["verdict"], "")))
        for line in _details(node):
            console.print("  " + line, highlight=False, markup=False)
        worst = node.get("worst")
        if explain and worst and worst.get("explanation"):
            console.print("  the specification's account of that element (arraylens explain):",
                          highlight=False, markup=False)
            for line in worst["explanation"].splitlines():
                console.print("    " + line, highlight=False, markup=False)


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
.verdict { font-weight: bold; }
pre { background: #f8f8f8; padding: 8px; overflow-x: auto; font-size: 90%; }
section.node { border-left: 4px solid #ccc; padding-left: 1em; margin: 1.5em 0; }
code { font-size: 95%; }
"""


def audit_page(data: Mapping[str, Any]) -> str:
    """One self-contained HTML page (no script, no external resource) of the report: the
    headline, the inputs, a table of every node in topological order with its verdict, then
    each flagged node's details and the embedded explanation of its worst element."""
    e = html.escape
    out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>arraylens audit: {e(str(data['model'].get('path') or data['model'].get('graph') or 'model'))}"
           "</title>", f"<style>{_CSS}</style></head><body>",
           "<h1>arraylens audit</h1>", f"<p>{e(_headline(data))}</p>",
           f"<p>tolerance: rtol {e(str(data['tolerance']['rtol']))}, atol {e(str(data['tolerance']['atol']))}; "
           f"onnxruntime {e(str(data['runtime'].get('onnxruntime')))}, {e(str(data['runtime'].get('mode')))}</p>"]
    if data["runtime"].get("error"):
        out.append(f"<p>onnxruntime could not run the whole graph: <code>{e(data['runtime']['error'])}</code></p>")
    out.append("<h2>Inputs</h2><ul>")
    for i in data["inputs"]:
        out.append(f"<li><code>{e(i['name'])}</code> {e(str(i['shape']))} {e(i['dtype'])}: {e(i['source'])}</li>")
    out.append("</ul><h2>Nodes</h2><table><tr><th>#</th><th>node</th><th>op</th><th>verdict</th><th>max abs</th>"
               "<th>max rel</th><th>differ</th><th>attributes</th></tr>")
    for node in data["nodes"]:
        abs_d, rel_d, count = _diff_cells(node)
        colour = _COLOURS.get(node["verdict"], "#222")
        name = e(node["name"])
        link = f"<a href=\"#node-{node['index']}\">{name}</a>" if node["verdict"] in (
            "diverge", "pitfall", "not_run") else name
        out.append(f"<tr><td>{node['index']}</td><td>{link}</td><td>{e(node['op'])}</td>"
                   f"<td class=\"verdict\" style=\"color:{colour}\">{e(node['verdict'])}</td><td>{e(abs_d)}</td>"
                   f"<td>{e(rel_d)}</td><td>{e(count)}</td><td>{e(node['description'])}</td></tr>")
    out.append("</table>")
    flagged = [n for n in data["nodes"] if n["verdict"] in ("diverge", "pitfall", "not_run")]
    if flagged:
        out.append("<h2>Flagged nodes</h2>")
    for node in flagged:
        colour = _COLOURS.get(node["verdict"], "#222")
        out.append(f"<section class=\"node\" id=\"node-{node['index']}\" style=\"border-color:{colour}\">"
                   f"<h3>{e(node['verdict'])}: node {node['index']} <code>{e(node['name'])}</code> "
                   f"({e(node['op'])})</h3><p>{e(node['description'])}</p><ul>")
        for line in _details(node):
            out.append(f"<li>{e(line)}</li>")
        out.append("</ul>")
        worst = node.get("worst")
        if worst and worst.get("explanation"):
            out.append("<p>The specification's account of the worst element (arraylens explain):</p>"
                       f"<pre>{e(worst['explanation'])}</pre>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
