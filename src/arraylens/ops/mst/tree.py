"""``SpanningTree``: the result of :func:`arraylens.correlation_mst`, and its files.

Every writer goes through :mod:`arraylens.core.files` (atomic). The figure is drawn by
:func:`arraylens.show.spanning_tree`.
"""

from __future__ import annotations

import csv
import json
import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from arraylens.core.files import atomic_with, atomic_write

if TYPE_CHECKING:
    import networkx as nx


class TreeEdge(NamedTuple):
    """One edge: variables ``i < j``, their correlation and the distance the tree used."""

    i: int
    j: int
    correlation: float
    distance: float


@dataclass(frozen=True)
class SpanningTree:
    """A spanning tree of N labelled variables.

    Attributes
    ----------
    labels : tuple of str
        The variables' names, in matrix order.
    edges : tuple of TreeEdge
        N - 1 edges ``(i, j, correlation, distance)``, ``i < j``, sorted by distance.
    distance : str
        The distance used: ``"mantegna"``, ``"one_minus"`` or ``"raw"``.
    """

    labels: tuple[str, ...]
    edges: tuple[TreeEdge, ...]
    distance: str

    @property
    def total_distance(self) -> float:
        """Sum of the edges' distances (exactly rounded)."""
        return math.fsum(e.distance for e in self.edges)

    def to_networkx(self) -> nx.Graph:
        """An undirected ``networkx.Graph``: nodes are labels; edges carry ``correlation``,
        ``distance`` and ``weight`` (= distance)."""
        import networkx as nx

        g = nx.Graph(distance=self.distance)
        g.add_nodes_from(self.labels)
        g.add_edges_from(
            (
                self.labels[e.i],
                self.labels[e.j],
                {"correlation": e.correlation, "distance": e.distance, "weight": e.distance},
            )
            for e in self.edges
        )
        return g

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write ``source,target,i,j,correlation,distance`` rows (floats with 17 digits)."""
        with atomic_write(path) as fh:
            writer = csv.writer(fh)
            writer.writerow(["source", "target", "i", "j", "correlation", "distance"])
            for e in self.edges:
                writer.writerow(
                    [
                        self.labels[e.i],
                        self.labels[e.j],
                        e.i,
                        e.j,
                        repr(e.correlation),
                        repr(e.distance),
                    ]
                )

    def to_json(self, path: str | os.PathLike[str]) -> None:
        """Write ``{"distance", "labels", "total_distance", "edges": [{...}]}``."""
        data = {
            "distance": self.distance,
            "labels": list(self.labels),
            "total_distance": self.total_distance,
            "edges": [
                {"source": self.labels[e.i], "target": self.labels[e.j], **e._asdict()}
                for e in self.edges
            ],
        }
        with atomic_write(path) as fh:
            json.dump(data, fh, indent=1)
            fh.write("\n")

    def to_graphml(self, path: str | os.PathLike[str]) -> None:
        """Write GraphML (``networkx.write_graphml``) with the edge attributes."""
        import networkx as nx

        graph = self.to_networkx()
        atomic_with(path, lambda tmp: nx.write_graphml(graph, tmp))
