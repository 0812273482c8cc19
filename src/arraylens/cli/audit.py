"""``arraylens audit MODEL.onnx``: every supported node checked against the ONNX specification."""

from __future__ import annotations

from pathlib import Path

import click

from arraylens.auditing import audit as run_audit
from arraylens.auditing.engine import DEFAULT_ATOL, DEFAULT_RTOL
from arraylens.cli.common import STRICT_INT, console, load_array, parse_ints
from arraylens.core.errors import ArgumentError
from arraylens.core.files import output_target


def register(group: click.Group) -> None:
    group.add_command(audit)


def _pair(text: str, flag: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name or not value:
        raise click.UsageError(f"{flag} takes NAME=VALUE, got {text!r}")
    return name, value


def _positive_float(value: float, flag: str) -> float:
    if not value >= 0 or value == float("inf"):
        raise click.UsageError(f"{flag} must be a finite number >= 0, got {value}")
    return value


@click.command()
@click.argument("model", type=str)
@click.option("--input", "inputs", multiple=True, metavar="NAME=FILE",
              help="A graph input's values (.npy, .npz or .csv); repeat for several. Others are random.")
@click.option("--dim", "dims", multiple=True, metavar="NAME=N",
              help="The size of a symbolic input dimension (dim_param) for random inputs; repeatable.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report as one self-contained HTML page.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report as JSON (schema arraylens.audit/1, docs/audit.md).")
@click.option("--rtol", type=float, default=DEFAULT_RTOL, show_default=True,
              help="Relative tolerance: an element differs when |spec - ort| > atol + rtol*|ort|.")
@click.option("--atol", type=float, default=DEFAULT_ATOL, show_default=True, help="Absolute tolerance.")
@click.option("--seed", type=STRICT_INT, default=0, show_default=True, help="Seed of the random inputs.")
@click.option("--quiet", is_flag=True, help="Print the table only, not the explanations of flagged nodes.")
def audit(model: str, inputs: tuple[str, ...], dims: tuple[str, ...], html_path: Path | None,
          json_path: Path | None, rtol: float, atol: float, seed: int, quiet: bool) -> None:
    """Check every node of an ONNX model that arraylens implements against the ONNX
    specification, from onnxruntime's own inputs to that node, and explain where it diverges.

    Exit status: 0 when every checked node agrees and no pitfall fires, 1 when something is
    found, 2 for a usage error (a file that is not ONNX, wrong input names or shapes).
    """
    for path, flag in ((html_path, "--html"), (json_path, "--json")):
        if path is not None:
            output_target(path, flag)
    _positive_float(rtol, "--rtol")
    _positive_float(atol, "--atol")
    given = {}
    sources = {}
    for text in inputs:
        name, file = _pair(text, "--input")
        if name in given:
            raise click.UsageError(f"--input {name} is given twice")
        given[name] = load_array(file, f"input {name}")
        sources[name] = file
    sizes: dict[str, int] = {}
    for text in dims:
        name, value = _pair(text, "--dim")
        parsed = parse_ints(value, f"--dim {name}")
        if len(parsed) != 1:
            raise ArgumentError(f"--dim {name} takes one integer, got {value!r}")
        sizes[name] = parsed[0]
    report = run_audit(model, given, dims=sizes, rtol=rtol, atol=atol, seed=seed, input_sources=sources)
    report.print(console(), explain=not quiet)
    if html_path is not None or json_path is not None:
        report.write(json_path=json_path, html_path=html_path)
    click.get_current_context().exit(report.exit_status)
