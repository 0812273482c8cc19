"""The spanning tree's files: CSV cells a spreadsheet would run as formulas get a leading ``'``;
GraphML drops what XML 1.0 forbids, and refuses labels that would then merge (issue 10, item 5)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from arraylens.core.errors import ArgumentError
from arraylens.frontends.numpy import corrcoef
from arraylens.ops.mst.prim import correlation_mst
from arraylens.ops.mst.tree import SpanningTree, spreadsheet_text, xml_text


def _tree(labels: list[str]) -> SpanningTree:
    rows = np.random.default_rng(1).normal(size=(10, len(labels)))
    return correlation_mst(corrcoef(rows, rowvar=False), labels=labels)


@pytest.mark.parametrize(
    ("text", "written"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("a=1", "a=1"), ("", "")],
)
def test_spreadsheet_text_prefixes_formula_starts(text: str, written: str) -> None:
    assert spreadsheet_text(text) == written


def test_xml_text_removes_only_what_xml_forbids() -> None:
    assert xml_text("a\x00b\x08c\x0bd\x1fe\ufffef") == "abcdef"
    assert xml_text("tab\tnl\ncr\r é€𝄞") == "tab\tnl\ncr\r é€𝄞"


def test_csv_numbers_are_not_prefixed_only_labels(tmp_path: Path) -> None:
    tree = _tree(["-a", "b", "=c"])
    tree.to_csv(tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert {c for r in rows for c in r[:2]} <= {"'-a", "b", "'=c"}
    assert [float(r[4]) for r in rows] == [e.correlation for e in tree.edges]  # negative numbers stay numbers


def test_graphml_with_control_characters_is_read_back(tmp_path: Path) -> None:
    tree = _tree(["a\x01", "b\x1b[0m", "c\x7f", "d\td"])
    tree.to_graphml(tmp_path / "t.graphml")
    graph = nx.read_graphml(tmp_path / "t.graphml")
    assert sorted(graph.nodes) == ["a", "b[0m", "c\x7f", "d\td"]  # DEL is allowed in XML 1.0
    assert nx.is_tree(graph)


def test_graphml_refuses_labels_that_merge_once_cleaned(tmp_path: Path) -> None:
    tree = _tree(["a\x01", "a", "b"])
    with pytest.raises(ArgumentError, match=r"labels 'a\\x01' and 'a' are the same once the characters XML forbids"):
        tree.to_graphml(tmp_path / "t.graphml")
    assert os.listdir(tmp_path) == []


def test_library_writers_refuse_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    tree = _tree(["a", "b", "c"])
    for write in (tree.to_csv, tree.to_json, tree.to_graphml):
        with pytest.raises(ArgumentError, match="is a FIFO"):
            write(fifo)
    assert os.listdir(tmp_path) == ["p"]
