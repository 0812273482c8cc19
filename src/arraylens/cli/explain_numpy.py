"""``arraylens explain np.argmax|np.argmin|np.amax|np.amin|np.cov|np.corrcoef``."""

from __future__ import annotations

import click
import numpy as np
from rich.console import Console

from arraylens.cli.common import load_array, parse_ints, print_explanation
from arraylens.frontends import numpy as alnp


def register(group: click.Group) -> None:
    for name in ("argmax", "argmin", "amax", "amin"):
        group.add_command(_reduction_command(name))
    group.add_command(_cov_command("cov"))
    group.add_command(_cov_command("corrcoef"))


def _at(text: str) -> tuple[int, ...]:
    return parse_ints(text, "--at") if text.strip() else ()


def _print_result(console: Console, result: object) -> None:
    console.print(
        "result:\n" + np.array2string(np.asarray(result), precision=8),
        highlight=False,
        markup=False,
    )


def _reduction_command(name: str) -> click.Command:
    front = getattr(alnp, name)

    @click.command(name=f"np.{name}")
    @click.option("--input", "input_path", required=True, help="The array a (.npy, .npz or .csv).")
    @click.option(
        "--axis", type=int, default=None, help="Axis to reduce (default: all, flattened)."
    )
    @click.option("--keepdims", is_flag=True, help="Keep the reduced axis with length 1.")
    @click.option(
        "--at", "at", default="", help="Output index to explain, e.g. 2 or 0,1 (empty: scalar)."
    )
    def command(input_path: str, axis: int | None, keepdims: bool, at: str) -> None:
        a = load_array(input_path, "input")
        console = Console(soft_wrap=True)
        _print_result(console, front(a, axis=axis, keepdims=keepdims))
        print_explanation(front.explain(a, axis=axis, keepdims=keepdims, at=_at(at)), console)

    command.help = f"Explain one element of np.{name}(a, axis): the winner of its slice."
    return command


def _cov_command(name: str) -> click.Command:
    front = getattr(alnp, name)

    @click.command(name=f"np.{name}")
    @click.option("--input", "input_path", required=True, help="Observations (.npy, .npz, .csv).")
    @click.option(
        "--rowvar/--no-rowvar", default=True, show_default=True, help="Rows are variables."
    )
    @click.option("--at", "at", required=True, help="Output index i,j to explain.")
    def command(input_path: str, rowvar: bool, at: str) -> None:
        m = load_array(input_path, "input")
        console = Console(soft_wrap=True)
        _print_result(console, front(m, rowvar=rowvar))
        print_explanation(front.explain(m, rowvar=rowvar, at=_at(at)), console)

    command.help = f"Explain one element of np.{name}(m): C_ij or R_ij with the numbers."
    return command
