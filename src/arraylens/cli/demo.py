"""``arraylens demo``: every motivating case, no input needed."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.rule import Rule

from arraylens.demos import DEMOS, run_demo


def register(group: click.Group) -> None:
    group.add_command(demo)


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("arraylens-demo"),
    show_default=True,
    help="Folder for the figures.",
)
@click.option("--only", type=click.Choice([d.name for d in DEMOS]), help="Run one case only.")
def demo(out_dir: Path, only: str | None) -> None:
    """Run the built-in motivating cases: compute, explain, draw."""
    console = Console(soft_wrap=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    for case in DEMOS:
        if only and case.name != only:
            continue
        console.print(Rule(case.title))
        run_demo(case, console, out_dir)
    console.print(Rule())
    console.print(f"Figures written to {out_dir}/")
