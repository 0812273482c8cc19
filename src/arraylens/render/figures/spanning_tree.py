"""The figure of a correlation minimum spanning tree (:class:`arraylens.SpanningTree`)."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from arraylens.ops.mst.tree import SpanningTree
from arraylens.render.figures._grid import FONT_SIZE

#: Up to this many variables the tree is drawn top-down in layers (the centre variable at the
#: top); above, the same layered layout is wrapped around the centre (radial), which keeps
#: hundreds of variables apart.
LAYERED_MAX = 40


def tree_layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Positions of a tree (or forest) drawn as a tree: each component hangs from its centre
    node (:func:`networkx.center`), one layer per edge away from it; leaves are spaced evenly
    and a parent sits above the middle of its children (a tidy layered layout, O(n)). With
    more than :data:`LAYERED_MAX` nodes the layers become rings around the centre.

    Parameters
    ----------
    graph : networkx.Graph
        Acyclic (a spanning tree or forest); node names are sorted as text for a stable drawing.

    Returns
    -------
    dict
        node -> (x, y).
    """
    pos: dict[Any, tuple[float, float]] = {}
    depth_of: dict[Any, int] = {}
    offset = 0.0
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(map(str, c))))
    for comp in components:
        sub = graph.subgraph(comp)
        root = min(nx.center(sub), key=str) if len(comp) > 1 else next(iter(comp))
        children: dict[Any, list[Any]] = {}
        order = [root]
        depth_of[root] = 0
        for parent, child in nx.bfs_edges(sub, root, sort_neighbors=lambda ns: sorted(ns, key=str)):
            children.setdefault(parent, []).append(child)
            depth_of[child] = depth_of[parent] + 1
            order.append(child)
        x: dict[Any, float] = {}
        leaf = offset
        # leaves in depth-first order get consecutive columns; parents centre over children
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            kids = children.get(node, [])
            if not kids:
                x[node] = leaf
                leaf += 1.0
            elif done:
                x[node] = (x[kids[0]] + x[kids[-1]]) / 2
            else:
                stack.append((node, True))
                stack.extend((k, False) for k in reversed(kids))
        for node in order:
            pos[node] = (x[node], -float(depth_of[node]))
        offset = leaf + 0.5
    if len(pos) > LAYERED_MAX:
        width = max(offset, 1.0)
        pos = {node: (-y * math.cos(2 * math.pi * xx / width), -y * math.sin(2 * math.pi * xx / width))
               for node, (xx, y) in pos.items()}
    return pos


def spanning_tree(tree: SpanningTree, *, title: str | None = None) -> Figure:
    """A matplotlib figure of the tree, drawn as a tree (:func:`tree_layout`: top-down layers
    from the centre variable, rings around it for more than :data:`LAYERED_MAX` variables);
    edge colour shows the correlation, with a colour bar of moderate size."""
    graph = tree.to_networkx()
    n = len(tree.labels)
    pos = tree_layout(graph)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    if n > LAYERED_MAX:
        size = (8.0, 7.0)
    else:  # about 0.8 inch per leaf column and 1 inch per layer, within sensible bounds
        size = (min(max(0.8 * (max(xs) - min(xs) + 1) + 2.5, 5.0), 12.0),
                min(max(1.0 * (max(ys) - min(ys) + 1) + 1.5, 3.5), 9.0))
    fig = Figure(figsize=size, layout="constrained")
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
        nx.draw_networkx_labels(graph, pos, ax=ax, font_size=FONT_SIZE)
        nx.draw_networkx_edge_labels(
            graph,
            pos,
            ax=ax,
            font_size=FONT_SIZE,
            edge_labels={
                (u, v): f"{graph.edges[u, v]['correlation']:.2f}" for u, v in graph.edges
            },
        )
    pad_x = 0.6 if n <= LAYERED_MAX else 0.3
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - 0.5, max(ys) + 0.5)
    fig.colorbar(
        ScalarMappable(norm=Normalize(-1, 1), cmap=_cmap()), ax=ax, label="correlation",
        shrink=0.6, aspect=15, fraction=0.04,
    )
    ax.set_title(
        title or f"Correlation MST ({tree.distance} distance), total {tree.total_distance:.4g}",
        fontsize=FONT_SIZE + 1,
    )
    ax.set_axis_off()
    return fig


def _cmap() -> Any:
    return colormaps["coolwarm"]
