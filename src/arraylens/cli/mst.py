"""``arraylens mst data.csv --out tree.csv --figure tree.png``: a correlation spanning tree."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import numpy as np
from rich.console import Console
from rich.table import Table
from rich.text import Text

from arraylens.cli.common import load_array
from arraylens.cli.csvfile import CsvTable, read_csv_table, visible
from arraylens.cli.inline import looks_inline, parse_inline
from arraylens.cli.options import FIGURE_SUFFIXES
from arraylens.core.errors import ArgumentError
from arraylens.core.files import AtomicBatch, figure_writer, output_target
from arraylens.core.limits import format_bytes, max_bytes
from arraylens.frontends.numpy import corrcoef
from arraylens.ops.covariance.convert import cov_to_corr, looks_like_covariance
from arraylens.ops.mst.blockwise import (
    DEFAULT_K,
    correlation_mst_from_data,
    default_block_size,
    memory_bound,
    scaled_columns,
)
from arraylens.ops.mst.prim import DISTANCES, correlation_mst
from arraylens.render.figures.spanning_tree import spanning_tree as spanning_tree_figure

KINDS = ("observations", "covariance", "correlation")
METHODS = ("auto", "dense", "blockwise")
MAX_FIGURE_VARIABLES = 2000  # a drawable tree: above this the layout takes minutes and shows nothing
MAX_PRINTED_EDGES = 100  # edges printed on the terminal (the files hold them all)
DENSE_COPIES = 3  # N x N float64 arrays the dense path holds at its peak (matrix, temporaries, checks)


def register(group: click.Group) -> None:
    group.add_command(mst)



def _inline_table(text: str) -> CsvTable:
    """DATA typed inline (``"[[1, 2], [3, 5], [4, 4]]"``): a 2-d array, no header, one row per line."""
    data = parse_inline(text, "DATA")
    if data.ndim != 2:
        raise ArgumentError(f"DATA typed inline must be 2-d (one observation per row), got shape {data.shape}")
    return CsvTable("DATA", None, data, tuple(range(1, data.shape[0] + 1)))

def read_variables(path: str, rowvar: bool) -> tuple[list[str], np.ndarray, CsvTable]:
    """A CSV of observations -> (labels, data with one column per variable, the table read).

    The header rule is :mod:`arraylens.cli.csvfile`'s: a first row without numbers holds the
    labels; without one the variables are named ``v0``, ``v1``, ... Columns are the variables,
    rows the observations; ``rowvar`` swaps them (and then a header row is refused: it would
    label observations). Says on stderr what was read.

    Raises
    ------
    ArgumentError
        One line naming the file and, where it applies, the line and the column: unreadable,
        a complex or non-finite value (a correlation needs real, finite numbers), a header with
        ``rowvar``.
    """
    table = _inline_table(path) if looks_inline(path) and not Path(path).exists() else read_csv_table(path, "data")
    click.echo(f"arraylens: {table.summary()}", err=True)
    data = table.data
    for test, what in ((lambda a: a.imag != 0, "is complex: a correlation MST needs real numbers"),
                       (lambda a: ~np.isfinite(a), "is not finite: a correlation needs finite numbers")):
        bad = np.argwhere(test(data))
        if bad.size:
            r, c = (int(v) for v in bad[0])
            raise ArgumentError(
                f"{visible(path)} line {table.lines[r]}, {table.column_name(c)}: {data[r, c]} {what}"
            )
    data = data.real.astype(np.float64, copy=False)
    if not rowvar:
        labels = list(table.labels) if table.labels is not None else [f"v{c}" for c in range(data.shape[1])]
        return labels, data, table
    if table.labels is not None:
        raise ArgumentError(
            f"--rowvar: the rows of {visible(path)} are its variables, but its first row is a header of "
            "column labels; remove the header (the rows are then named v0, v1, ...) or drop --rowvar"
        )
    return [f"v{r}" for r in range(data.shape[0])], data.T, table


def _orientation(data: str, rowvar: bool, n_vars: int, n_obs: int) -> str:
    used = (f"the {n_vars} rows are the variables and the {n_obs} columns the observations (--rowvar); "
            "drop --rowvar if the columns are the variables") if rowvar else (
            f"the {n_vars} columns are the variables and the {n_obs} rows the observations; "
            "give --rowvar if the rows are the variables")
    return f"arraylens: mst: {used}"


def correlations(path: str, labels: list[str], values: np.ndarray, rowvar: bool, kind: str | None) -> np.ndarray:
    """The correlation matrix ``mst`` builds its tree on, after :func:`check_observations`."""
    if kind == "correlation":
        return values
    if kind == "covariance":
        return cov_to_corr(values)
    check_observations(path, labels, values, rowvar, kind)
    with np.errstate(invalid="ignore", divide="ignore"):  # a constant variable is named by correlation_mst
        return np.asarray(corrcoef(scaled_columns(values), rowvar=False))


def check_observations(path: str, labels: list[str], values: np.ndarray, rowvar: bool, kind: str | None) -> None:
    """The checks (both paths) that keep a misuse from giving a tree silently: a covariance or
    correlation matrix given as observations (unless ``kind`` says it is observations), fewer
    than 2 variables or observations. Says on stderr which orientation was used, and warns when
    there are more variables than observations."""
    name = visible(path)
    if kind is None and looks_like_covariance(values):
        n = values.shape[0]
        what = "correlation" if np.allclose(np.diag(values), 1.0, rtol=0, atol=1e-8) else "covariance"
        raise ArgumentError(
            f"{name} is a symmetric {n} x {n} matrix with a positive diagonal and no negative eigenvalue: it "
            f"looks like a {what} matrix, not observations (mst correlates the variables of one-observation-"
            f"per-row data); give --kind {what} to build the tree of this matrix, or --kind observations "
            "if its rows really are observations"
        )
    n_obs, n_vars = values.shape
    flip = " (with --rowvar the rows would be the variables)" if not rowvar and n_obs >= 2 else ""
    if n_vars < 2:
        only = f" ({visible(labels[0])!r})" if n_vars == 1 else ""
        raise ArgumentError(f"{name} has {n_vars} variable{only}: a spanning tree needs at least 2{flip}")
    if n_obs < 2:
        raise ArgumentError(
            f"{name} has {n_obs} observation of each variable: a correlation needs at least 2"
            + ("" if rowvar else " (with --rowvar the columns would be the observations)")
        )
    click.echo(_orientation(path, rowvar, n_vars, n_obs), err=True)
    if n_vars > n_obs:
        click.echo(
            f"arraylens: warning: {n_vars} variables but only {n_obs} observations: the correlation matrix is "
            f"singular (rank at most {n_obs - 1}), its correlations are poorly determined and so is the tree"
            + ("; give --rowvar if the rows are the variables" if not rowvar else "; drop --rowvar if the "
               "columns are the variables"),
            err=True,
        )


def read_array_variables(path: str, rowvar: bool) -> tuple[list[str], np.ndarray]:
    """A ``.npy``/``.npz`` of observations (one row each; ``rowvar``: one row per variable) ->
    (labels ``v0``, ``v1``, ..., data with one column per variable); the CSV rules for complex
    and non-finite values, said with the array index."""
    try:
        data = load_array(path, "data")
    except click.UsageError as exc:
        raise ArgumentError(exc.format_message()) from None
    if data.ndim != 2:
        raise ArgumentError(f"{visible(path)} holds an array of shape {data.shape}: mst needs a 2-D array")
    if data.dtype.kind not in "biufc":
        raise ArgumentError(f"{visible(path)} holds {data.dtype} values: mst needs numbers")
    for test, what in ((lambda a: np.imag(a) != 0, "is complex: a correlation MST needs real numbers"),
                       (lambda a: ~np.isfinite(a), "is not finite: a correlation needs finite numbers")):
        bad = np.argwhere(test(data))
        if bad.size:
            r, c = (int(v) for v in bad[0])
            raise ArgumentError(f"{visible(path)}[{r}, {c}] = {data[r, c]} {what}")
    data = np.real(data).astype(np.float64, copy=False)
    if rowvar:
        data = data.T
    return [f"v{c}" for c in range(data.shape[1])], data


def choose_path(n: int, t: int, method: str, scheduler: str | None, kind: str | None,
                block_size: int | None) -> tuple[str, str]:
    """(``"dense"`` or ``"blockwise"``, the sentence saying why). ``auto`` takes the dense path
    while its N x N float64 arrays (:data:`DENSE_COPIES` of them) need at most a quarter of the
    memory arraylens may use (:func:`arraylens.core.limits.max_bytes`), else the blockwise one."""
    if method == "dense" and block_size is not None:
        raise ArgumentError("--block-size applies to the blockwise path; --method dense computes the whole N x N "
                            "matrix: drop one of them")
    dense_bytes = DENSE_COPIES * 8 * n * n
    matrix = (f"the {n} x {n} correlation matrix ({format_bytes(8 * n * n)}, {format_bytes(dense_bytes)} "
              "with its temporaries)")
    if kind in ("covariance", "correlation"):
        if method == "blockwise" or scheduler:
            flag = "--scheduler" if scheduler else "--method blockwise"
            raise ArgumentError(
                f"{flag} computes the tree from observations; --kind {kind} gives a matrix: drop {flag}"
            )
        return "dense", f"dense path: the {kind} matrix given"
    bs = default_block_size(n, bool(scheduler)) if block_size is None else min(block_size, n)
    blocks = f"blocks of {bs} rows, never the whole matrix" if bs < n else f"one block of all {n} rows"
    blockwise = (f"blockwise path: {blocks} (memory bound "
                 f"{format_bytes(memory_bound(n, t, bs, DEFAULT_K, np.float32))})")
    if scheduler:
        return "blockwise", f"{blockwise}, on the Dask cluster at {scheduler}"
    if method != "auto":
        if method == "dense":
            return "dense", f"dense path: {matrix} (--method dense)"
        return "blockwise", f"{blockwise} (--method blockwise)"
    limit, source = max_bytes()
    if limit is None or dense_bytes <= limit // 4:
        return "dense", f"dense path: {matrix} fits comfortably in memory"
    return "blockwise", (f"{blockwise}: {matrix} would need more than a quarter of the "
                         f"{format_bytes(limit)} arraylens may use ({source})")


@click.command()
@click.argument("data", type=str)
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Write the edges as CSV.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write JSON.")
@click.option("--graphml", "graphml_out", type=click.Path(dir_okay=False), help="Write GraphML.")
@click.option("--figure", "figure", type=click.Path(dir_okay=False), help="Draw the tree (.png or .svg).")
@click.option(
    "--distance",
    type=click.Choice(DISTANCES),
    default="mantegna",
    show_default=True,
    help="mantegna: sqrt(2(1-rho)); one_minus: 1-rho; raw: rho.",
)
@click.option("--rowvar", is_flag=True, help="The rows are the variables (default: the columns are).")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default=None,
    help="What DATA holds (default: observations, refusing a file that looks like a covariance "
    "or correlation matrix).",
)
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="auto",
    show_default=True,
    help="dense: the N x N correlation matrix; blockwise: row blocks from the observations, never the "
    "whole matrix (the same tree); auto: dense while it fits comfortably in memory.",
)
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run the blockwise path on this Dask scheduler (e.g. tcp://10.0.0.1:8786); needs "
              "pip install 'arraylens[dask]' and arraylens on the workers.")
@click.option("--block-size", type=click.IntRange(min=1), default=None,
              help="Blockwise path: rows of the correlation matrix computed at once (default: about 64 MiB).")
def mst(
    data: str,
    out: str | None,
    json_out: str | None,
    graphml_out: str | None,
    figure: str | None,
    distance: str,
    rowvar: bool,
    kind: str | None,
    method: str,
    scheduler: str | None,
    block_size: int | None,
) -> None:
    """Minimum spanning tree of the correlations of DATA's columns.

    DATA is a CSV (or .tsv) file: a header of labels, then one observation per row (--rowvar: one
    variable per row); or the rows typed inline, "[[1, 2, 0], [3, 5, 1], [4, 4, 2]]".
    A first row with no number is the header; one with only numbers is data, and the
    variables are named v0, v1, ...; one with both is an error. DATA may also be a .npy or .npz
    array (variables v0, v1, ...). Data that looks like a covariance or correlation matrix is
    refused unless --kind says what it is.

    Large N: without --method, the tree is computed blockwise from the observations when the
    N x N matrix would not fit comfortably in memory (the same tree; stderr says which path).
    """
    outputs = {"--out": out, "--json": json_out, "--graphml": graphml_out, "--figure": figure}
    for flag, path in outputs.items():  # refused before any work or output, naming the user's path
        if path:
            output_target(path, flag)
    if figure and Path(figure).suffix.lower() not in FIGURE_SUFFIXES:
        raise click.UsageError(f"--figure {figure}: give a .png or .svg file name")
    if Path(data).suffix.lower() in (".npy", ".npz") and not looks_inline(data):
        labels, values = read_array_variables(data, rowvar and kind in (None, "observations"))
    else:
        labels, values, read = read_variables(data, rowvar and kind in (None, "observations"))
        if read.labels is None and not rowvar and read.path != "DATA":  # a file without labels (inline has none)
            click.echo(
                f"note: {visible(data)} has no header row (its first row is all numbers), so every row is "
                f"data and the columns are named v0..v{len(labels) - 1}; put a row of labels first "
                "to name them.",
                err=True,
            )
    n_vars = values.shape[1]
    if figure and n_vars > MAX_FIGURE_VARIABLES:
        raise ArgumentError(
            f"--figure {figure}: {n_vars} variables are too many to draw (at most {MAX_FIGURE_VARIABLES}); "
            "write --out, --json or --graphml and draw a part of the tree"
        )
    path, why = choose_path(n_vars, values.shape[0], method, scheduler, kind, block_size)
    if path == "dense":
        corr = correlations(data, labels, values, rowvar, kind)
        click.echo(f"arraylens: mst: {why}", err=True)
        tree = correlation_mst(corr, distance=distance, labels=labels)  # type: ignore[arg-type]
    else:
        check_observations(data, labels, values, rowvar, kind)
        click.echo(f"arraylens: mst: {why}", err=True)
        with _dask_client(scheduler) as client:
            tree = correlation_mst_from_data(values, False, labels, block_size=block_size, client=client,
                                             distance=distance)
        click.echo(f"arraylens: mst: {tree.stats.summary() if tree.stats else ''}", err=True)
    table = Table(title=f"Correlation MST ({distance} distance)")
    for col in ("source", "target", "correlation", "distance"):
        table.add_column(col)
    for e in tree.edges[:MAX_PRINTED_EDGES]:
        table.add_row(Text(visible(labels[e.i])), Text(visible(labels[e.j])), f"{e.correlation:.6g}",
                      f"{e.distance:.6g}")
    console = Console(soft_wrap=True)
    console.print(table)
    if len(tree.edges) > MAX_PRINTED_EDGES:
        console.print(f"... {len(tree.edges)} edges in all (--out, --json or --graphml write them all)",
                      highlight=False, markup=False)
    console.print(f"total distance: {tree.total_distance:.6g}", highlight=False)
    with AtomicBatch() as batch:  # every file changes, or none does
        if out:
            tree.to_csv(out, batch=batch)
        if json_out:
            tree.to_json(json_out, batch=batch)
        if graphml_out:
            tree.to_graphml(graphml_out, batch=batch)
        if figure:
            batch.write(figure, figure_writer(spanning_tree_figure(tree), figure, dpi=120), what="--figure")
    for path in outputs.values():
        if path:
            console.print(f"wrote {path}", highlight=False, markup=False)


@contextmanager
def _dask_client(address: str | None) -> Iterator[Any]:
    """A dask.distributed client connected to ``address`` (closed afterwards), or None."""
    if not address:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise ArgumentError("--scheduler needs Dask: pip install 'arraylens[dask]'") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ArgumentError(f"--scheduler {address}: cannot connect to a Dask scheduler there ({exc})") from None
    try:
        yield client
    finally:
        client.close()
