"""Every file the CLI writes (``mst --out/--json/--graphml/--figure``, ``explain --html/--figure``)
goes through the one atomic writer: a device node, a FIFO, a symlink to one or a folder is
refused before any work, in one line with exit status 2, and left as it was; a multi-output run
changes all of its files or none (issue 10, items 1, 5, 6 and 9)."""

from __future__ import annotations

import csv
import errno
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import networkx as nx
import numpy as np
import pytest

from arraylens.cli.main import main
from arraylens.core.errors import ArgumentError
from arraylens.core.files import output_target

MST_FLAGS = ["--out", "--json", "--graphml", "--figure"]
EXPLAIN_FLAGS = ["--html", "--figure"]
SUFFIX = {"--out": ".csv", "--json": ".json", "--graphml": ".graphml", "--figure": ".png", "--html": ".html"}


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A FIFO opened for writing would block until a reader comes: fail instead of hanging."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("the command blocked (opened a FIFO?)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    path.write_text("a,b,c\n1,2,3\n2,1,5\n3,5,2\n4,4,4.5\n")
    return path


def _special(kind: str, tmp_path: Path) -> Path:
    """A path that is not a regular file, and how to check it is still what it was."""
    if kind == "dev-null":
        with pytest.raises(ArgumentError):  # never hand /dev/null to a writer that might replace it
            output_target("/dev/null")
        return Path("/dev/null")
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink-to-dev-null":
        path.symlink_to("/dev/null")
    elif kind == "folder":
        path.mkdir()
    return path


def _unchanged(kind: str, path: Path) -> bool:
    mode = os.lstat(path).st_mode
    return {
        "dev-null": stat.S_ISCHR(mode),
        "fifo": stat.S_ISFIFO(mode),
        "symlink-to-dev-null": stat.S_ISLNK(mode) and os.readlink(path) == "/dev/null",
        "folder": stat.S_ISDIR(mode) and not os.listdir(path),
    }[kind]


KINDS = ["dev-null", "fifo", "symlink-to-dev-null", "folder"]


# What a run says on stderr about its input before it fails (what was read, which orientation).
INFO_PREFIXES = ("arraylens: read ", "arraylens: mst: ")


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """The one error line a failed run ends in; only the input notes may stand before it."""
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert lines and all(line.startswith(INFO_PREFIXES) for line in lines[:-1]), captured.err
    assert lines[-1].startswith("arraylens: error: ") and "Traceback" not in captured.err
    return lines[-1], captured.out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("flag", MST_FLAGS)
def test_mst_refuses_a_special_file_as_output_and_writes_nothing(
    flag: str, kind: str, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _special(kind, tmp_path)
    others = [f for f in MST_FLAGS if f != flag]
    args = ["mst", str(data), flag, str(target)]
    for other in others:
        args += [other, str(tmp_path / f"ok{SUFFIX[other]}")]
    assert main(args) == 2
    line, out = _one_error_line(capsys)
    assert str(target) in line
    if kind != "folder":  # click refuses a folder itself ("... is a directory")
        assert line.startswith(f"arraylens: error: {flag} {target}")
        assert "arraylens writes only regular files" in line
    assert out == ""  # refused before the table is printed
    assert _unchanged(kind, target)
    assert sorted(os.listdir(tmp_path)) == sorted(["data.csv", *([target.name] if target.parent == tmp_path else [])])


def _conv_args(tmp_path: Path) -> list[str]:
    x = np.array([[-67.0, 12.0], [5.0, 3.0]]).reshape(1, 2, 2, 1)
    f = np.arange(-1.0, 8.0).reshape(3, 3, 1, 1)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "f.npy", f)
    return ["explain", "tf.nn.conv2d_transpose", "--input", str(tmp_path / "x.npy"), "--filters",
            str(tmp_path / "f.npy"), "--output-shape", "1,5,5,1", "--strides", "2", "--padding", "VALID",
            "--at", "0,0,0,0"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("flag", EXPLAIN_FLAGS)
def test_explain_refuses_a_special_file_as_html_or_figure(
    flag: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    target = _special(kind, tmp_path)
    assert main([*_conv_args(inputs), flag, str(target)]) == 2
    line, out = _one_error_line(capsys)
    assert str(target) in line
    if kind != "folder":
        assert line.startswith(f"arraylens: error: {flag} {target}") and "only regular files" in line
        assert out == ""  # refused before any work
    assert _unchanged(kind, target)


def test_a_missing_folder_names_the_users_path_before_the_table(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing" / "dir" / "t.csv"
    assert main(["mst", str(data), "--out", str(missing)]) == 2
    line, out = _one_error_line(capsys)
    assert line == f"arraylens: error: --out {missing}: folder {missing.parent} does not exist"
    assert out == "" and ".tmp" not in line


def test_mst_writes_all_outputs_or_none(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outs = {flag: tmp_path / f"a{SUFFIX[flag]}" for flag in MST_FLAGS}
    for path in outs.values():
        path.write_text("old")
    args = ["mst", str(data)] + [x for flag, path in outs.items() for x in (flag, str(path))]

    def full_disk(graph: object, path: str) -> None:
        Path(path).write_text("<half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(nx, "write_graphml", full_disk)
    assert main(args) == 2
    line, _ = _one_error_line(capsys)
    assert line == f"arraylens: error: {outs['--graphml']}: No space left on device"
    assert all(path.read_text() == "old" for path in outs.values())  # none changed
    assert sorted(os.listdir(tmp_path)) == sorted(["data.csv", *(p.name for p in outs.values())])  # no temporaries
    monkeypatch.undo()
    assert main(args) == 0
    assert all(path.read_text() != "old" for path in outs.values() if path.suffix != ".png")
    assert outs["--figure"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(os.listdir(tmp_path)) == sorted(["data.csv", *(p.name for p in outs.values())])


def test_explain_html_and_figure_change_together_or_not_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.figure import Figure

    html, png = tmp_path / "page.html", tmp_path / "fig.png"
    html.write_text("old page")
    png.write_bytes(b"old png")

    def full_disk(self: Figure, path: str, **kwargs: object) -> None:
        Path(path).write_bytes(b"\x89PNG half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", full_disk)
    inputs = tmp_path / "in"
    inputs.mkdir()
    assert main([*_conv_args(inputs), "--html", str(html), "--figure", str(png)]) == 2
    line, _ = _one_error_line(capsys)
    assert line == f"arraylens: error: {png}: No space left on device"
    assert html.read_text() == "old page" and png.read_bytes() == b"old png"
    assert sorted(os.listdir(tmp_path)) == ["fig.png", "in", "page.html"]


def test_mst_follows_a_symlink_to_a_regular_file(data: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real.name)
    assert main(["mst", str(data), "--out", str(link)]) == 0
    assert link.is_symlink() and real.read_text().startswith("source,target,")


def test_mst_csv_escapes_formula_cells_and_graphml_reads_back_with_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = ["=HYPERLINK(x)", "+x1", "-x2", "@SUM(A1)", "plain", "bell\x07", "esc\x1b[31m"]
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(12, len(labels)))
    data = tmp_path / "data.csv"
    with data.open("w", newline="") as fh:
        csv.writer(fh).writerows([labels, *rows.tolist()])
    out, graphml = tmp_path / "t.csv", tmp_path / "t.graphml"
    assert main(["mst", str(data), "--out", str(out), "--graphml", str(graphml)]) == 0
    with out.open(newline="") as fh:
        cells = {c for row in list(csv.reader(fh))[1:] for c in row[:2]}
    assert cells == {"'=HYPERLINK(x)", "'+x1", "'-x2", "'@SUM(A1)", "plain", "bell\x07", "esc\x1b[31m"}
    graph = nx.read_graphml(graphml)  # well-formed XML: networkx reads it back
    assert sorted(graph.nodes) == sorted(["=HYPERLINK(x)", "+x1", "-x2", "@SUM(A1)", "plain", "bell", "esc[31m"])
    assert nx.is_tree(graph)
