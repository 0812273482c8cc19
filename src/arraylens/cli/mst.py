"""``arraylens mst data.csv --out tree.csv --figure tree.png``: a correlation spanning tree."""

from __future__ import annotations

import csv
from pathlib import Path

import click
import numpy as np
from rich.console import Console
from rich.table import Table
from rich.text import Text

from arraylens.frontends.numpy import corrcoef
from arraylens.ops.mst.prim import DISTANCES, correlation_mst
from arraylens.render.figures.spanning_tree import spanning_tree as spanning_tree_figure


def register(group: click.Group) -> None:
    group.add_command(mst)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_labelled_csv(path: str) -> tuple[list[str], np.ndarray, bool]:
    """A CSV with one observation per row -> (labels, data, has_header).

    The first row is a header of labels unless every one of its values is a number: then the
    file has no header, every row is data, and the columns are named ``v0``, ``v1``, ...

    Raises
    ------
    click.UsageError
        One line naming the file, row and column of the problem.
    """
    p = Path(path)
    if not p.is_file():
        raise click.UsageError(f"data file not found: {path}")
    try:
        with p.open(newline="") as fh:
            rows = [r for r in csv.reader(fh) if r and any(v.strip() for v in r)]
    except (OSError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"cannot read {path}: {exc}") from None
    if not rows:
        raise click.UsageError(f"{path} is empty: it needs at least one row of data")
    has_header = not all(_is_number(v) for v in rows[0])
    if has_header:
        labels = [v.strip() for v in rows[0]]
        body, first_line = rows[1:], 2
        if not body:
            raise click.UsageError(
                f"{path} needs a header of labels and at least one row of data"
            )
    else:
        labels = [f"v{c}" for c in range(len(rows[0]))]
        body, first_line = rows, 1
    data = np.empty((len(body), len(labels)))
    for r, row in enumerate(body, start=first_line):
        if len(row) != len(labels):
            width = "the header has" if has_header else "line 1 has"
            raise click.UsageError(
                f"{path} line {r}: {len(row)} values but {width} {len(labels)}"
                + (" labels" if has_header else " values")
            )
        for c, v in enumerate(row):
            try:
                data[r - first_line, c] = float(v)
            except ValueError:
                raise click.UsageError(
                    f"{path} line {r}, column {labels[c]!r}: {v!r} is not a number"
                ) from None
    return labels, data, has_header


@click.command()
@click.argument("data", type=str)
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Write the edges as CSV.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write JSON.")
@click.option("--graphml", "graphml_out", type=click.Path(dir_okay=False), help="Write GraphML.")
@click.option("--figure", "figure", type=click.Path(dir_okay=False), help="Draw the tree (PNG).")
@click.option(
    "--distance",
    type=click.Choice(DISTANCES),
    default="mantegna",
    show_default=True,
    help="mantegna: sqrt(2(1-rho)); one_minus: 1-rho; raw: rho.",
)
def mst(
    data: str,
    out: str | None,
    json_out: str | None,
    graphml_out: str | None,
    figure: str | None,
    distance: str,
) -> None:
    """Minimum spanning tree of the correlations of DATA's columns.

    DATA is a CSV file: a header of labels, then one observation per row. A file whose
    first row is all numbers has no header: its columns are named v0, v1, ...
    """
    labels, values, has_header = read_labelled_csv(data)
    if not has_header:
        click.echo(
            f"note: {data} has no header row (its first row is all numbers), so every row is "
            f"data and the columns are named v0..v{len(labels) - 1}; put a row of labels first "
            "to name them.",
            err=True,
        )
    tree = correlation_mst(
        corrcoef(values, rowvar=False),
        distance=distance,  # type: ignore[arg-type]
        labels=labels,
    )
    table = Table(title=f"Correlation MST ({distance} distance)")
    for col in ("source", "target", "correlation", "distance"):
        table.add_column(col)
    for e in tree.edges:
        # Text, not str: a label is printed as written, never read as rich markup ("[/]")
        table.add_row(Text(labels[e.i]), Text(labels[e.j]), f"{e.correlation:.6g}", f"{e.distance:.6g}")
    console = Console(soft_wrap=True)
    console.print(table)
    console.print(f"total distance: {tree.total_distance:.6g}", highlight=False)
    writers = [(out, tree.to_csv), (json_out, tree.to_json), (graphml_out, tree.to_graphml),
               (figure, lambda p: spanning_tree_figure(tree).savefig(p, dpi=120))]
    for path, write in writers:
        if path:
            try:
                write(path)
            except OSError as exc:  # named by the user's path, not the temporary file beside it
                raise click.UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    for path in (out, json_out, graphml_out, figure):
        if path:
            console.print(f"wrote {path}", highlight=False, markup=False)
