"""``arraylens explain octave.<function>``: one element of a GNU Octave call, explained.

``--at`` takes 0-based NumPy indices into the returned array (comma-separated); for a vector
result (one dimension longer than 1) a single number indexes along the vector, so
``arraylens explain octave.fft --input x.npy --at 1`` explains the second frequency.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import click
import numpy as np
from rich.console import Console

from arraylens.cli.common import load_array, parse_ints, print_explanation
from arraylens.frontends import octave
from arraylens.frontends.octave._arrays import octave_shape

Options = dict[str, Any]


def resolve_at(text: str, shape: tuple[int, ...]) -> tuple[int, ...]:
    """``"1"`` on a vector result -> the index of element 1 along it; ``"2,0"`` -> ``(2, 0)``."""
    values = parse_ints(text, "--at")
    if len(values) == 1 and len(shape) > 1:
        long_axes = [a for a, n in enumerate(shape) if n != 1]
        if len(long_axes) > 1:
            raise click.UsageError(
                f"--at {text}: the result has shape {shape}; give one 0-based index per dimension "
                f"(e.g. --at {','.join('0' for _ in shape)})"
            )
        axis = long_axes[0] if long_axes else 0
        return tuple(values[0] if a == axis else 0 for a in range(len(shape)))
    return values


def compose_numpy(outer: str, inner: str) -> str:
    """``outer`` (NumPy code in ``x``) applied to the result of ``inner`` (code in ``x``)."""
    return re.sub(r"\bx\b", lambda _: inner, outer)


def _input_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--input",
        "input_path",
        required=True,
        help="x as .npy, .npz or .csv (a 1-d array is a row).",
    )(f)


def _at_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--at",
        required=True,
        help="0-based NumPy index into the result, comma-separated (one number for a vector).",
    )(f)


def _dim_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--dim", type=int, default=None, help="1-based dimension (default: first non-singleton)."
    )(f)


def _y_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--y", "y_path", default=None, help="Second argument y (.npy/.npz/.csv).")(
        f
    )


def _run(name: str, args: tuple[Any, ...], at_text: str, x_note: str = "") -> None:
    """Compute, print the result and the explanation of one element."""
    func = octave.FUNCTIONS[name]
    result = func(*args)
    values = result[0] if isinstance(result, tuple) else result
    at = resolve_at(at_text, tuple(values.shape))
    explanation = func.explain(*args, at=at)
    console = Console(soft_wrap=True)
    if x_note:
        console.print(x_note, highlight=False, markup=False)
    with np.printoptions(precision=6, suppress=True, threshold=200):
        if isinstance(result, tuple):
            console.print(f"values =\n{result[0]}\nindices (1-based) =\n{result[1]}", markup=False)
        else:
            console.print(f"result =\n{result}", markup=False)
    console.print("")
    print_explanation(explanation, console)


def _fft_command(name: str) -> click.Command:
    @click.command(name=f"octave.{name}")
    @_input_option
    @click.option("--n", type=int, default=None, help="Number of points (pads or truncates).")
    @_dim_option
    @click.option(
        "--ctranspose",
        "prime",
        is_flag=True,
        help=f"Apply Octave's x' (conjugate transpose) first, as in {name}(x').",
    )
    @click.option("--transpose", "dot_prime", is_flag=True, help=f"Apply x.' first: {name}(x.').")
    @_at_option
    def command(
        input_path: str, n: int | None, dim: int | None, prime: bool, dot_prime: bool, at: str
    ) -> None:
        x = load_array(input_path, "input")
        note = ""
        if prime and dot_prime:
            raise click.UsageError("give --ctranspose or --transpose, not both")
        if prime or dot_prime:
            op = octave.ctranspose if prime else octave.transpose
            mark = "'" if prime else ".'"
            t = op(x)
            note = (
                f"x{mark} of the {'x'.join(map(str, octave_shape(np.shape(x))))} input is "
                f"{'x'.join(map(str, t.shape))}"
                + (" and CONJUGATED (x' is the conjugate transpose)" if prime else "")
                + f"; NumPy: {octave.to_numpy_call(op.name.removeprefix('octave.'), x)}"
            )
            composed = compose_numpy(
                octave.to_numpy_call(name, t, n, dim),
                octave.to_numpy_call(op.name.removeprefix("octave."), x),
            )
            if np.allclose(eval(composed, {"np": np, "x": x}), octave.FUNCTIONS[name](t, n, dim)):
                note += f"\nNumPy line for {name}(x{mark}) from your x (checked): {composed}"
            x = t
        _run(name, (x, n, dim), at, note)

    command.help = f"Explain one element of Octave's {name}(x, n, dim)."
    return command


def _reduction_command(name: str) -> click.Command:
    @click.command(name=f"octave.{name}")
    @_input_option
    @_dim_option
    @_at_option
    def command(input_path: str, dim: int | None, at: str) -> None:
        _run(name, (load_array(input_path, "input"), dim), at)

    command.help = f"Explain one element of Octave's {name}(x, dim)."
    return command


def _minmax_command(name: str) -> click.Command:
    @click.command(name=f"octave.{name}")
    @_input_option
    @_y_option
    @_dim_option
    @_at_option
    def command(input_path: str, y_path: str | None, dim: int | None, at: str) -> None:
        y = None if y_path is None else load_array(y_path, "y")
        _run(name, (load_array(input_path, "input"), y, dim), at)

    command.help = f"Explain one element of Octave's [m, i] = {name}(x, [], dim) or {name}(x, y)."
    return command


def _stats_command(name: str) -> click.Command:
    @click.command(name=f"octave.{name}")
    @_input_option
    @_y_option
    @_at_option
    def command(input_path: str, y_path: str | None, at: str) -> None:
        y = None if y_path is None else load_array(y_path, "y")
        _run(name, (load_array(input_path, "input"), y), at)

    command.help = f"Explain one element of Octave 7's {name}(x) or {name}(x, y)."
    return command


@click.command(name="octave.cov")
@_input_option
@_y_option
@click.option("--opt", type=click.Choice(["0", "1"]), default="0", help="1: normalise by n.")
@_at_option
def cov_command(input_path: str, y_path: str | None, opt: str, at: str) -> None:
    """Explain one element of Octave 7's cov(x, opt) or cov(x, y, opt)."""
    y = None if y_path is None else load_array(y_path, "y")
    _run("cov", (load_array(input_path, "input"), y, int(opt)), at)


@click.command(name="octave.sort")
@_input_option
@_dim_option
@click.option("--mode", type=click.Choice(["ascend", "descend"]), default="ascend")
@_at_option
def sort_command(input_path: str, dim: int | None, mode: str, at: str) -> None:
    """Explain one element of Octave's [s, i] = sort(x, dim, mode)."""
    _run("sort", (load_array(input_path, "input"), dim, mode), at)


@click.command(name="octave.reshape")
@_input_option
@click.option("--size", required=True, help="New size, e.g. '3,4' or '2,[]' ([] is computed).")
@_at_option
def reshape_command(input_path: str, size: str, at: str) -> None:
    """Explain one element of Octave's reshape(x, m, n, ...) (column-major)."""
    dims: list[int | None] = []
    for part in size.replace(" ", "").split(","):
        if part in ("[]", ""):
            dims.append(None)
        else:
            dims.extend(parse_ints(part, "--size"))
    _run("reshape", (load_array(input_path, "input"), *dims), at)


def _unary_command(name: str, what: str) -> click.Command:
    @click.command(name=f"octave.{name}")
    @_input_option
    @_at_option
    def command(input_path: str, at: str) -> None:
        _run(name, (load_array(input_path, "input"),), at)

    command.help = f"Explain one element of Octave's {what}."
    return command


def register(group: click.Group) -> None:
    """Add the ``octave.*`` subcommands to ``arraylens explain``."""
    commands = [
        _fft_command("fft"),
        _fft_command("ifft"),
        _minmax_command("max"),
        _minmax_command("min"),
        *(_reduction_command(n) for n in ("sum", "mean", "cumsum")),
        sort_command,
        cov_command,
        _stats_command("corr"),
        _stats_command("corrcoef"),
        reshape_command,
        _unary_command("colon", "x(:)"),
        _unary_command("transpose", "x.' (transpose)"),
        _unary_command("ctranspose", "x' (conjugate transpose)"),
    ]
    for command in commands:
        group.add_command(command)
