"""The result of an audit as plain data: :class:`AuditReport` and its stable JSON schema.

``AuditReport.to_dict()`` is the ``--json`` document (schema ``arraylens.audit/1``, described in
docs/audit.md); the terminal table and the HTML page are drawn from that same dictionary by
:mod:`arraylens.render.audit`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from arraylens.core.files import AtomicBatch
from arraylens.render.audit import audit_page, print_audit

__all__ = ["SCHEMA", "VERDICTS", "AuditReport", "Difference", "InputRecord", "NodeRecord", "Worst"]

SCHEMA = "arraylens.audit/1"
VERDICTS = ("agree", "diverge", "pitfall", "unsupported", "not_run")
"""``agree``: recomputed, equal within tolerance, no pitfall. ``diverge``: recomputed and
different (values or shape), or one side refused it. ``pitfall``: a named rule fired (and no
divergence). ``unsupported``: arraylens does not implement the operator (listed, not checked).
``not_run``: onnxruntime produced none of the node's inputs (an earlier node failed)."""


@dataclass(frozen=True)
class InputRecord:
    """One model input as fed: name, shape, dtype and where the values came from."""

    name: str
    shape: tuple[int, ...]
    dtype: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "shape": list(self.shape), "dtype": self.dtype, "source": self.source}


@dataclass(frozen=True)
class Difference:
    """How onnxruntime's output differs from the specification's (arraylens's).

    ``max_abs`` and ``max_rel`` are over the elements both outputs have (``max_rel`` divides by
    ``|onnxruntime|`` where it is not 0); ``differing`` counts the elements outside
    ``atol + rtol*|onnxruntime|`` plus, when the shapes differ, every element only one side has.
    """

    max_abs: float
    max_rel: float
    differing: int
    total: int
    shapes_differ: bool

    def to_dict(self) -> dict[str, Any]:
        return {"max_abs": _num(self.max_abs), "max_rel": _num(self.max_rel), "differing": self.differing,
                "total": self.total, "shapes_differ": self.shapes_differ}


@dataclass(frozen=True)
class Worst:
    """The worst element: its index in the specification's output, both values, and arraylens's
    explanation of it under the specification."""

    index: tuple[int, ...]
    specification: float | None
    onnxruntime: float | None
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {"index": list(self.index), "specification": _num(self.specification),
                "onnxruntime": _num(self.onnxruntime), "explanation": self.explanation}


@dataclass
class NodeRecord:
    """One node of the graph, in topological order, with its verdict."""

    index: int
    name: str
    op: str
    domain: str
    verdict: str
    checked: bool
    description: str
    inputs: list[str]
    outputs: list[str]
    output_shape: tuple[int, ...] | None = None
    specification_shape: tuple[int, ...] | None = None
    difference: Difference | None = None
    worst: Worst | None = None
    pitfalls: list[dict[str, str]] = field(default_factory=list)
    runtime_notes: list[dict[str, str]] = field(default_factory=list)
    error: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index, "name": self.name, "op": self.op, "domain": self.domain,
            "verdict": self.verdict, "checked": self.checked, "description": self.description,
            "inputs": self.inputs, "outputs": self.outputs,
            "output_shape": None if self.output_shape is None else list(self.output_shape),
            "specification_shape": None if self.specification_shape is None else list(self.specification_shape),
            "difference": None if self.difference is None else self.difference.to_dict(),
            "worst": None if self.worst is None else self.worst.to_dict(),
            "pitfalls": self.pitfalls, "runtime_notes": self.runtime_notes, "error": self.error,
        }


@dataclass(repr=False)
class AuditReport:
    """An ONNX model audited node by node against the ONNX specification.

    Attributes
    ----------
    model : dict
        ``path`` (or None), ``producer_name``, ``producer_version``, ``opset``, ``ir_version``,
        ``graph`` (the graph's name), ``nodes`` (count).
    inputs : list of InputRecord
    nodes : list of NodeRecord
        Every node of the main graph, in the graph's (topological) order.
    rtol, atol : float
        The tolerance: an element differs when ``|spec - ort| > atol + rtol*|ort|``.
    runtime : dict
        ``onnxruntime`` (version), ``mode`` (``"whole_graph"``: one run with every intermediate
        exposed, or ``"node_by_node"``: the fallback after the whole graph failed), ``error``
        (onnxruntime's message for the whole graph, or None).
    timing : dict
        Seconds: ``onnxruntime`` (the run exposing every value), ``arraylens`` (recomputing and
        explaining), ``total``. Varies between runs; not part of what is compared.
    """

    model: dict[str, Any]
    inputs: list[InputRecord]
    nodes: list[NodeRecord]
    rtol: float
    atol: float
    runtime: dict[str, Any]
    timing: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        """One line: the model, the verdict counts and the exit status (``print()`` draws the table)."""
        counts = ", ".join(f"{k} {v}" for k, v in self.counts.items() if v)
        return (f"AuditReport({self.model.get('path') or self.model.get('graph') or 'model'}: "
                f"{len(self.nodes)} nodes, {counts or 'no nodes'}; exit status {self.exit_status})")

    @property
    def counts(self) -> dict[str, int]:
        """How many nodes have each verdict (every verdict listed, 0 included)."""
        return {v: sum(n.verdict == v for n in self.nodes) for v in VERDICTS}

    @property
    def exit_status(self) -> int:
        """0 when every checked node agrees and no pitfall fires, 1 when something is found
        (a divergence, a pitfall, a node not run, or onnxruntime failing on the whole graph)."""
        found = any(n.verdict in ("diverge", "pitfall", "not_run") for n in self.nodes)
        return 1 if found or self.runtime.get("error") else 0

    def flagged(self) -> list[NodeRecord]:
        """The nodes whose verdict is diverge, pitfall or not_run."""
        return [n for n in self.nodes if n.verdict in ("diverge", "pitfall", "not_run")]

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` document (schema :data:`SCHEMA`; docs/audit.md)."""
        return {
            "schema": SCHEMA,
            "model": self.model,
            "tolerance": {"rtol": self.rtol, "atol": self.atol},
            "inputs": [i.to_dict() for i in self.inputs],
            "runtime": self.runtime,
            "summary": {**self.counts, "exit_status": self.exit_status},
            "nodes": [n.to_dict() for n in self.nodes],
            "timing": {k: round(v, 6) for k, v in self.timing.items()},
        }

    def to_json(self) -> str:
        """The JSON text (UTF-8, sorted as written, two-space indent)."""
        return json.dumps(self.to_dict(), indent=2, allow_nan=False) + "\n"

    def to_html(self) -> str:
        """One self-contained HTML page: the nodes in order with their verdicts, the flagged
        nodes' explanations embedded."""
        return audit_page(self.to_dict())

    def print(self, console: Console | None = None, *, explain: bool = True) -> None:
        """The terminal report: a table of the nodes, then each flagged node's details."""
        print_audit(self.to_dict(), console or Console(soft_wrap=True), explain=explain)

    def write(self, *, json_path: str | os.PathLike[str] | None = None,
              html_path: str | os.PathLike[str] | None = None) -> None:
        """Write the JSON and/or HTML report atomically (both change, or neither does).

        Raises
        ------
        ArgumentError
            If a path is a folder, a device node, a FIFO or a socket, or its folder is missing.
        OSError
            If a file cannot be written (the old ones are left as they were).
        """
        with AtomicBatch() as batch:
            if json_path is not None:
                text = self.to_json()
                batch.write(json_path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"), what="--json")
            if html_path is not None:
                page = self.to_html()
                batch.write(html_path, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"), what="--html")


def _num(value: float | None) -> float | str | None:
    """A JSON-safe number: NaN and infinities as the strings "nan", "inf", "-inf"."""
    if value is None:
        return None
    v = float(value)
    if v != v:
        return "nan"
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    return v
