"""``SpanningTree``: the result of :func:`arraylens.correlation_mst`, and its files.

Every writer goes through :mod:`arraylens.core.files` (atomic). The figure is drawn by
:func:`arraylens.show.spanning_tree`.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from arraylens.core.errors import ArgumentError
from arraylens.core.files import AtomicBatch

if TYPE_CHECKING:
    import networkx as nx


class TreeEdge(NamedTuple):
    """One edge: variables ``i < j``, their correlation and the distance the tree used."""

    i: int
    j: int
    correlation: float
    distance: float


@dataclass(frozen=True, repr=False)
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

    def __repr__(self) -> str:
        """One line: the variables, the edges and the total distance (a tree of 300 variables is
        not a 27,000-character dump)."""
        return (f"{type(self).__name__}({len(self.labels)} variables, {len(self.edges)} edges, "
                f"{self.distance} distance, total {self.total_distance:.6g})")

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

    def to_csv(self, path: str | os.PathLike[str], batch: AtomicBatch | None = None) -> None:
        """Write ``source,target,i,j,correlation,distance`` rows (floats with 17 digits).

        A label that a spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``,
        ``@``, a tab or a carriage return) is written with a leading ``'``, which spreadsheets
        show as text. ``batch``: write as part of an :class:`~arraylens.core.files.AtomicBatch`
        (all of its files change or none); else the file is written atomically on its own.

        Raises
        ------
        ArgumentError
            If ``path`` is a folder, a device node, a FIFO or a socket (see
            :func:`arraylens.core.files.output_target`).
        """
        with _batch(batch) as b, b.open(path) as fh:
            writer = csv.writer(fh)
            writer.writerow(["source", "target", "i", "j", "correlation", "distance"])
            for e in self.edges:
                writer.writerow(
                    [
                        spreadsheet_text(self.labels[e.i]),
                        spreadsheet_text(self.labels[e.j]),
                        e.i,
                        e.j,
                        repr(e.correlation),
                        repr(e.distance),
                    ]
                )

    def to_json(self, path: str | os.PathLike[str], batch: AtomicBatch | None = None) -> None:
        """Write ``{"distance", "labels", "total_distance", "edges": [{...}]}`` (``batch``: as
        in :meth:`to_csv`)."""
        data = {
            "distance": self.distance,
            "labels": list(self.labels),
            "total_distance": self.total_distance,
            "edges": [
                {"source": self.labels[e.i], "target": self.labels[e.j], **e._asdict()}
                for e in self.edges
            ],
        }
        with _batch(batch) as b, b.open(path) as fh:
            json.dump(data, fh, indent=1)
            fh.write("\n")

    def to_graphml(self, path: str | os.PathLike[str], batch: AtomicBatch | None = None) -> None:
        """Write GraphML (``networkx.write_graphml``) with the edge attributes (``batch``: as in
        :meth:`to_csv`).

        XML 1.0 cannot carry most control characters (U+0000..U+001F but tab, newline and
        carriage return; U+FFFE, U+FFFF; lone surrogates): they are removed from the labels, so
        that any XML reader (``networkx.read_graphml`` included) reads the file back.

        Raises
        ------
        ArgumentError
            If two labels become equal once those characters are removed (the graph would lose a
            node), or ``path`` is not a regular file.
        """
        import networkx as nx

        clean = tuple(xml_text(label) for label in self.labels)
        if len(set(clean)) < len(set(self.labels)):
            seen: dict[str, str] = {}
            for label, text in zip(self.labels, clean, strict=True):
                if text in seen and seen[text] != label:
                    raise ArgumentError(
                        f"labels {seen[text]!r} and {label!r} are the same once the characters XML "
                        "forbids are removed: rename one to write GraphML"
                    )
                seen[text] = label
        graph = SpanningTree(clean, self.edges, self.distance).to_networkx()
        with _batch(batch) as b:
            b.write(path, lambda tmp: nx.write_graphml(graph, tmp))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# what XML 1.0 forbids: C0 controls but tab, LF, CR; surrogates; U+FFFE and U+FFFF
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def spreadsheet_text(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would run it as a formula.

    Examples
    --------
    >>> spreadsheet_text("=HYPERLINK(1)"), spreadsheet_text("alpha")
    ("'=HYPERLINK(1)", 'alpha')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry.

    Examples
    --------
    >>> xml_text("a\x1b[31mb\x00")
    'a[31mb'
    """
    return _XML_FORBIDDEN.sub("", text)


@contextmanager
def _batch(batch: AtomicBatch | None) -> Iterator[AtomicBatch]:
    """The caller's batch, or a batch of this one file."""
    if batch is not None:
        yield batch
        return
    with AtomicBatch() as own:
        yield own
