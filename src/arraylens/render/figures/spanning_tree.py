"""The figure of a correlation minimum spanning tree (:class:`arraylens.SpanningTree`)."""

from __future__ import annotations

from typing import Any

import networkx as nx
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from arraylens.ops.mst.tree import SpanningTree


def spanning_tree(tree: SpanningTree, *, title: str | None = None) -> Figure:
    """A matplotlib figure of the tree (Kamada-Kawai layout on the distances for up to
    200 variables, a seeded spring layout above); edge colour shows the correlation."""
    from matplotlib.figure import Figure

    graph = tree.to_networkx()
    n = len(tree.labels)
    if 2 < n <= 200:
        # Kamada-Kawai divides by path lengths: a zero-distance edge is drawn short, not 0.
        floor = 0.15 * max((e.distance for e in tree.edges), default=1.0) or 1e-3
        layout_graph = nx.Graph()
        layout_graph.add_nodes_from(graph.nodes)
        layout_graph.add_weighted_edges_from(
            (u, v, max(d["distance"], floor)) for u, v, d in graph.edges(data=True)
        )
        pos = nx.kamada_kawai_layout(layout_graph, weight="weight")
    else:
        pos = nx.spring_layout(graph, seed=0)
    fig = Figure(figsize=(7, 6), layout="constrained")
    ax = fig.add_subplot()
    corr = [graph.edges[u, v]["correlation"] for u, v in graph.edges]
    nx.draw_networkx_edges(
        graph,
        pos,
        ax=ax,
        edge_color=corr,
        edge_cmap=_cmap(),
        edge_vmin=-1,
        edge_vmax=1,
        width=2,
    )
    nx.draw_networkx_nodes(
        graph, pos, ax=ax, node_size=300 if n <= 60 else 20, node_color="#dddddd"
    )
    if n <= 60:
        nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9)
        nx.draw_networkx_edge_labels(
            graph,
            pos,
            ax=ax,
            font_size=7,
            edge_labels={
                (u, v): f"{graph.edges[u, v]['correlation']:.2f}" for u, v in graph.edges
            },
        )
    fig.colorbar(
        ScalarMappable(norm=Normalize(-1, 1), cmap=_cmap()), ax=ax, label="correlation"
    )
    ax.set_title(
        title or f"Correlation MST ({tree.distance} distance), total {tree.total_distance:.4g}"
    )
    ax.set_axis_off()
    return fig


def _cmap() -> Any:
    return colormaps["coolwarm"]
