"""The layout's contracts that import-linter does not state: no import cycle at all (imports inside
functions count), and core imports nothing else of arraylens."""

from __future__ import annotations

import grimp
import networkx as nx


def _graph() -> nx.DiGraph:
    imports = grimp.build_graph("arraylens")
    graph = nx.DiGraph()
    for module in imports.modules:
        graph.add_node(module)
        for imported in imports.find_modules_directly_imported_by(module):
            graph.add_edge(module, imported)
    return graph


def test_no_import_cycle():
    graph = _graph()
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []


def test_core_imports_nothing_else_of_arraylens():
    graph = _graph()
    core = [m for m in graph if m == "arraylens.core" or m.startswith("arraylens.core.")]
    outside = {(m, t) for m in core for t in graph.successors(m)
               if t.startswith("arraylens") and not t.startswith("arraylens.core")}
    assert outside == set()
