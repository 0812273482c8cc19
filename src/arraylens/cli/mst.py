"""``arraylens mst data.csv --out tree.csv --figure tree.png``: a correlation spanning tree."""

from __future__ import annotations

import csv
from pathlib import Path

import click
import numpy as np
from rich.console import Console
from rich.table import Table

from arraylens.mst import DISTANCES, correlation_mst
from arraylens.numpy import corrcoef


def register(group: click.Group) -> None:
    group.add_command(mst)


def read_labelled_csv(path: str) -> tuple[list[str], np.ndarray]:
    """A CSV with a header of labels and one observation per row -> (labels, data).

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
    if len(rows) < 2:
        raise click.UsageError(f"{path} needs a header of labels and at least one row of data")
    labels = [v.strip() for v in rows[0]]
    data = np.empty((len(rows) - 1, len(labels)))
    for r, row in enumerate(rows[1:], start=2):
        if len(row) != len(labels):
            raise click.UsageError(
                f"{path} line {r}: {len(row)} values but the header has {len(labels)} labels"
            )
        for c, v in enumerate(row):
            try:
                data[r - 2, c] = float(v)
            except ValueError:
                raise click.UsageError(
                    f"{path} line {r}, column {labels[c]!r}: {v!r} is not a number"
                ) from None
    return labels, data


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

    DATA is a CSV file: a header of labels, then one observation per row.
    """
    labels, values = read_labelled_csv(data)
    tree = correlation_mst(
        corrcoef(values, rowvar=False),
        distance=distance,  # type: ignore[arg-type]
        labels=labels,
    )
    table = Table(title=f"Correlation MST ({distance} distance)")
    for col in ("source", "target", "correlation", "distance"):
        table.add_column(col)
    for e in tree.edges:
        table.add_row(labels[e.i], labels[e.j], f"{e.correlation:.6g}", f"{e.distance:.6g}")
    console = Console()
    console.print(table)
    console.print(f"total distance: {tree.total_distance:.6g}", highlight=False)
    if out:
        tree.to_csv(out)
    if json_out:
        tree.to_json(json_out)
    if graphml_out:
        tree.to_graphml(graphml_out)
    if figure:
        tree.figure().savefig(figure, dpi=120)
    for path in (out, json_out, graphml_out, figure):
        if path:
            console.print(f"wrote {path}", highlight=False)
