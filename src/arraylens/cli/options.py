"""``arraylens explain OP`` for every registered front-end function, built from the registry.

This is the one place that owns the options every explain command shares (``--at``, ``--html``,
``--figure``), reads array files, parses each op's own options (declared by its front-end module
as :class:`arraylens.core.registry.Option`), calls the function and prints the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import numpy as np
from rich.console import Console

from arraylens.cli.common import STRICT_INT, parse_ints, read_array
from arraylens.cli.common import console as make_console
from arraylens.core import registry
from arraylens.core.explanation import Explanation
from arraylens.core.files import AtomicBatch, figure_writer, output_target
from arraylens.core.registry import Cli, Entry, Option
from arraylens.render.text import print_explanation

FIGURE_SUFFIXES = (".png", ".svg")
#: Results up to this many elements are computed to be printed (abbreviated); larger ones are
#: described by their shape (a pad of 10**11 elements is explained without being allocated).
PRINT_LIMIT = 10**7
#: How the result is abbreviated: NumPy's own summarisation (``...`` past ``threshold`` elements,
#: ``edgeitems`` shown at each end of each axis).
PRINT_OPTIONS: dict[str, Any] = {"threshold": 200, "edgeitems": 3, "precision": 8}


def register(group: click.Group) -> None:
    """Add an ``explain`` subcommand for every registered function that declares CLI options."""
    from arraylens import frontends

    frontends.load()
    for entry in registry.entries():
        if entry.cli is not None:
            command = explain_command(entry)
            group.add_command(command)
            for alias in entry.aliases:  # the other spellings (torch.interpolate, tf.image.resize_bilinear)
                if alias not in group.commands:
                    group.add_command(_alias_command(command, alias))


def _alias_command(command: click.Command, alias: str) -> click.Command:
    """``command`` under another name, left out of ``explain --help``'s list."""
    import copy

    other = copy.copy(command)
    other.name = alias
    other.hidden = True
    return other


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


def _click_option(option: Option, dest: str) -> Any:
    kwargs: dict[str, Any] = {"help": option.help or None}
    if option.kind == "array":  # every array option also takes the array typed inline (and .tsv)
        if "inline" not in option.help:
            kwargs["help"] = (option.help + " " if option.help else "") + "Or inline, e.g. \"[[1, 2], [3, 4]]\"."
        kwargs["metavar"] = "FILE|ARRAY"
    if option.kind == "flag":
        if "/" not in option.flag:
            kwargs["is_flag"] = True
        kwargs["default"] = bool(option.default)
        kwargs["show_default"] = option.show_default
    else:
        kwargs["required"] = option.required
        if option.default is not None:  # click 8.3+ counts an explicit None as a default given
            kwargs["default"] = option.default
        kwargs["show_default"] = option.show_default
        if option.choices:
            kwargs["type"] = click.Choice(option.choices)
        elif option.kind == "int":
            kwargs["type"] = STRICT_INT
    return click.option(option.flag, dest, **kwargs)


def output_options(cli: Cli) -> list[Any]:
    """``--at``, ``--html PAGE`` and ``--figure FILE``, as every explain command takes them."""
    optional = cli.at == "optional"
    return [
        click.option("--at", "at", required=True, help=cli.at_help)
        if not optional
        else click.option("--at", "at", default="", help=cli.at_help),
        click.option(
            "--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
            help="Also write the interactive page to this file.",
        ),
        click.option(
            "--figure", "figure_path", type=click.Path(dir_okay=False, path_type=Path),
            help="Also draw the explanation to this file (.png or .svg); ops without a figure say so.",
        ),
        click.option("--quiet", "quiet", is_flag=True, help="Do not print the result array (only the explanation)."),
    ]


def shape_option(option: Option, dest: str) -> Any:
    """``--<name>-shape`` for an array option: reshape what was read (checked)."""
    return click.option(
        f"{option.flag}-shape", f"{dest}_shape", metavar="N,N,...",
        help=f"Reshape {option.flag} to this shape (comma-separated; one -1 is inferred); "
        "the element count must match.",
    )


def result_text(result: Any) -> str:
    """``result`` as NumPy prints it, abbreviated (:data:`PRINT_OPTIONS`)."""
    return np.array2string(np.asarray(result), **PRINT_OPTIONS)


def _check_writable(path: Path | None, flag: str) -> None:
    """Fail before any work when a file could not be written: a missing folder, or anything but
    a regular file (see :func:`arraylens.core.files.output_target`)."""
    if path is not None:
        output_target(path, flag)


def _read(option: Option, raw: Any, shape: str | None = None) -> Any:
    if option.kind == "array":
        return read_array(raw, option.what or option.param, shape, option.flag)
    if option.parse is not None and isinstance(raw, str):  # a default is already a value
        try:
            return option.parse(raw)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    return raw


def _call_arguments(cli: Cli, values: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Positional values in option order (a ``*name`` spread), the rest by keyword."""
    args: list[Any] = []
    kwargs = dict(values)
    for option in cli.options:
        name = option.param.lstrip("*")
        if name not in kwargs:
            continue
        if option.param.startswith("*"):
            args.extend(kwargs.pop(name))
        elif option.positional:
            args.append(kwargs.pop(name))
    return args, kwargs


def explain_command(entry: Entry) -> click.Command:
    """The ``arraylens explain <entry.op>`` command."""
    cli = entry.cli
    assert cli is not None
    dests = [f"option{i}" for i in range(len(cli.options))]

    def command(at: str, html_path: Path | None, figure_path: Path | None, quiet: bool, **given: Any) -> None:
        _check_writable(html_path, "--html")
        if entry.figure is not None and figure_path is not None:
            _check_writable(figure_path, "--figure")
            if figure_path.suffix.lower() not in FIGURE_SUFFIXES:
                raise click.UsageError(f"--figure {figure_path}: give a .png or .svg file name")
        given_flags = [o.flag for o, d in zip(cli.options, dests, strict=True) if o.flag in cli.exclusive and given[d]]
        if len(given_flags) > 1:
            raise click.UsageError(f"give {' or '.join(given_flags)}, not both")
        values: dict[str, Any] = {}
        for option, dest in zip(cli.options, dests, strict=True):
            raw = given[dest]
            shape = given.get(f"{dest}_shape")
            if raw is None and shape is not None:
                raise click.UsageError(f"{option.flag}-shape needs {option.flag}")
            if raw is not None:
                values[option.param.lstrip("*")] = _read(option, raw, shape)
        note = cli.prepare(values) if cli.prepare is not None else ""
        args, kwargs = _call_arguments(cli, values)
        explanation = _run(entry, cli, args, kwargs, at, note, quiet)
        wrote = []
        with AtomicBatch() as batch:  # the page and the figure change together or not at all
            if html_path is not None:
                batch.write(html_path, explanation.to_html, what="--html")
                wrote.append(html_path)
            if figure_path is not None and _write_figure(entry, explanation, figure_path, batch):
                wrote.append(figure_path)
        for path in wrote:
            click.echo(f"wrote {path}")

    for dest, option in reversed(list(zip(dests, cli.options, strict=True))):
        if option.kind == "array":
            command = shape_option(option, dest)(command)
        command = _click_option(option, dest)(command)
    for decorator in reversed(output_options(cli)):
        command = decorator(command)
    return click.command(name=entry.op, help=cli.help)(command)


def _run(entry: Entry, cli: Cli, args: list[Any], kwargs: dict[str, Any], at: str, note: str,
         quiet: bool = False) -> Explanation:
    """Compute, print the result (abbreviated, unless ``quiet``), then the explanation; returns it."""
    fn = entry.fn
    if cli.result == "values":
        return _run_values(entry, args, kwargs, at, note, quiet)
    for line in note.splitlines():  # what was assumed (e.g. which axis holds the variables), on stderr
        click.echo(f"arraylens: {line}", err=True)
    console = make_console()
    if cli.result in ("shape", "none"):
        shape, dtype, _ = _result_type(fn, args, kwargs)
        size = int(np.prod(shape, dtype=object))
        if quiet:
            click.echo(f"result shape {shape}, dtype {dtype}")
        elif size > PRINT_LIMIT:
            click.echo(f"result shape {shape}, dtype {dtype} ({size} elements: too many to compute for printing; "
                       "--at explains any one of them)")
        else:
            result = fn(*args, **kwargs)  # the front-end call itself (its dtype rules)
            console.print(f"result shape {shape}, dtype {dtype}:\n" + result_text(result), highlight=False,
                          markup=False)
    elif cli.result == "array" and not quiet:
        result = fn(*args, **kwargs)
        console.print("result:\n" + result_text(result), highlight=False, markup=False)
    index = parse_ints(at, "--at") if cli.at != "optional" or at.strip() else ()
    explanation = fn.explain(*args, at=index, **kwargs)
    print_explanation(explanation, console)
    return explanation


def _result_type(fn: Any, args: list[Any], kwargs: dict[str, Any]) -> tuple[tuple[int, ...], np.dtype[Any], Any]:
    """The result's shape and dtype, and the result when it had to be computed: from the plan
    when it says them without computing (``plan.result_type()``: a pad of 10**11 elements is
    explained without allocating it), else from the computed result."""
    build = getattr(fn, "build_plan", None)
    plan = build(*args, **kwargs) if build is not None else None
    if plan is not None and hasattr(plan, "result_type"):
        shape, dtype = plan.result_type()
        return tuple(shape), np.dtype(dtype), None
    result = plan.compute() if plan is not None else fn(*args, **kwargs)
    return tuple(result.shape), result.dtype, result


def _run_values(entry: Entry, args: list[Any], kwargs: dict[str, Any], at: str, note: str,
                quiet: bool = False) -> Explanation:
    """Octave's display: ``result =`` (or ``values =`` and 1-based ``indices =``)."""
    result = entry.fn(*args, **kwargs)
    values = result[0] if isinstance(result, tuple) else result
    index = resolve_at(at, tuple(values.shape))
    explanation = entry.fn.explain(*args, at=index, **kwargs)
    console = Console(soft_wrap=True)
    if note:
        console.print(note, highlight=False, markup=False)
    with np.printoptions(precision=6, suppress=True, threshold=200, edgeitems=3):
        if quiet:
            pass
        elif isinstance(result, tuple) and entry.cli is not None and entry.cli.outputs:
            names = entry.cli.outputs
            for k, output in enumerate(result):
                name = names[k] if k < len(names) else f"out{k + 1}"
                console.print(f"{name} =\n{output}", markup=False)
            console.print(f"(explained: an element of {names[0]}, the first output)", markup=False)
        elif isinstance(result, tuple):
            console.print(f"values =\n{result[0]}\nindices (1-based) =\n{result[1]}", markup=False)
        else:
            console.print(f"result =\n{result}", markup=False)
    console.print("")
    print_explanation(explanation, console)
    return explanation


def _write_figure(entry: Entry, explanation: Explanation, path: Path, batch: AtomicBatch) -> bool:
    """Add the op's figure of ``explanation`` as PNG or SVG (by suffix) to ``batch``; or say in
    one line that the op has none (False)."""
    if entry.figure is None:
        click.echo(f"arraylens: note: {entry.op} has no figure; {path} was not written", err=True)
        return False
    from arraylens.render import figures  # matplotlib only when a figure is asked for

    figure = getattr(figures, entry.figure)(explanation)
    batch.write(path, figure_writer(figure, path), what="--figure")
    return True
