"""``SpanningTree``: the result of :func:`arraylens.correlation_mst`, its files and its figure.

Every writer is atomic: it writes a temporary file in the target's folder and renames it over
the target (``os.replace``), so a reader never sees a half-written file and a failed write
leaves the previous file untouched.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure


class TreeEdge(NamedTuple):
    """One edge: variables ``i < j``, their correlation and the distance the tree used."""

    i: int
    j: int
    correlation: float
    distance: float


def _file_mode(target: Path) -> int:
    """The mode the written file gets: the old file's, else ``0o666`` less the umask (mkstemp
    alone would leave ``0o600``)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success rename it to ``path``, else delete it."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, mode, newline="" if "b" not in mode else None) as fh:
            yield fh
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_with(path: str | os.PathLike[str], write: Callable[[str], None]) -> None:
    """Let ``write(tmp_path)`` write a file, then rename it over ``path`` (atomic)."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        _atomic_with(path, lambda tmp: nx.write_graphml(graph, tmp))

    def figure(self, *, title: str | None = None) -> Figure:
        """A matplotlib figure of the tree (Kamada-Kawai layout on the distances for up to
        200 variables, a seeded spring layout above); edge colour shows the correlation."""
        import networkx as nx
        from matplotlib.figure import Figure

        graph = self.to_networkx()
        n = len(self.labels)
        if 2 < n <= 200:
            # Kamada-Kawai divides by path lengths: a zero-distance edge is drawn short, not 0.
            floor = 0.15 * max((e.distance for e in self.edges), default=1.0) or 1e-3
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
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import Normalize

        fig.colorbar(
            ScalarMappable(norm=Normalize(-1, 1), cmap=_cmap()), ax=ax, label="correlation"
        )
        ax.set_title(
            title or f"Correlation MST ({self.distance} distance), total {self.total_distance:.4g}"
        )
        ax.set_axis_off()
        return fig


def _cmap() -> Any:
    from matplotlib import colormaps

    return colormaps["coolwarm"]
