"""Entry point of the ``arraylens`` command.

Subcommands are contributed by small modules: ``explain`` subcommands, one per function in
:mod:`arraylens.core.registry`, by :mod:`arraylens.cli.options`; top-level commands by the
modules named in :data:`COMMAND_MODULES` (each has ``register(group)``). Every error a user can
cause ends in one line on stderr and exit status 2, never a traceback; any other exception is a
bug in arraylens and ends in one line that says so and exit status 1 (``--debug`` adds the
traceback).
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
import warnings
from typing import Any, TextIO

import click

from arraylens.cli import options as explain_options
from arraylens.core.errors import ArgumentError

COMMAND_MODULES = [
    "arraylens.cli.demo",
    "arraylens.cli.mst",
    "arraylens.cli.translate",
    "arraylens.cli.audit",
]

INTERNAL_ERROR = "arraylens: internal error (a bug in arraylens, please report it; --debug shows the traceback)"
DEBUG_ENV = "ARRAYLENS_DEBUG"


def _first_line(exc: BaseException) -> str:
    """The first non-empty line of ``exc``'s message, or its type's name when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def user_error_line(exc: BaseException) -> str:
    """The one line a user mistake ends in (without the ``arraylens: error:`` prefix)."""
    if isinstance(exc, MemoryError):
        return f"not enough memory for this computation: {_first_line(exc)}"
    if isinstance(exc, OSError) and exc.strerror and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror}"
    return _first_line(exc)


class WarningLines:
    """A ``warnings.showwarning`` that prints each warning as one short line on stderr.

    ``arraylens: warning: RuntimeWarning: invalid value encountered in divide``: no file name,
    no source line, and a message already printed is not printed again (NumPy warns once per
    place in its code, so one NaN can otherwise print the same words several times).
    ``--debug`` keeps Python's own format.
    """

    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def __call__(
        self, message: Warning | str, category: type[Warning], filename: str, lineno: int,
        file: TextIO | None = None, line: str | None = None,
    ) -> None:
        key = (category.__name__, _first_line(message) if isinstance(message, Warning) else str(message).strip())
        if key in self.seen:
            return
        self.seen.add(key)
        click.echo(f"arraylens: warning: {key[0]}: {key[1]}", err=True)


class FriendlyGroup(click.Group):
    """The top-level group: maps every exception a command lets escape to one line.

    A user mistake (:class:`arraylens.ArgumentError`, a file error, a memory refusal) ends in
    ``arraylens: error: ...`` and exit status 2; click's own usage errors pass through to click
    (also status 2). Any other exception is a bug in arraylens: one line naming its type and
    message, exit status 1. With ``--debug`` (or ``ARRAYLENS_DEBUG=1``) the traceback is printed
    before that line.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with warnings.catch_warnings():  # restores showwarning afterwards
                if not _debug(ctx):
                    warnings.showwarning = WarningLines()
                return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (ArgumentError, OSError, MemoryError) as exc:  # what the caller can cause and fix
            _show_traceback(ctx)
            click.echo(f"arraylens: error: {user_error_line(exc)}", err=True)
            ctx.exit(2)
        except Exception as exc:
            _show_traceback(ctx)
            click.echo(f"{INTERNAL_ERROR}: {type(exc).__name__}: {_first_line(exc)}", err=True)
            ctx.exit(1)


def _debug(ctx: click.Context) -> bool:
    """Whether ``--debug`` was given or ``ARRAYLENS_DEBUG`` is set to a true value."""
    if ctx.params.get("debug"):
        return True
    return os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


def _show_traceback(ctx: click.Context) -> None:
    if _debug(ctx):
        click.echo(traceback.format_exc().rstrip(), err=True)


@click.group(cls=FriendlyGroup)
@click.version_option(package_name="arraylens")
@click.option(
    "--debug",
    is_flag=True,
    help=f"On an error, print the Python traceback too (also: {DEBUG_ENV}=1).",
)
def cli(debug: bool) -> None:
    """Why does this array operation give this result?

    Computes operations with the exact semantics of TensorFlow, PyTorch, ONNX, NumPy and GNU
    Octave, explains where an output value comes from, and draws it.
    """


@cli.group()
def explain() -> None:
    """Explain one output element of a framework call (e.g. tf.nn.conv2d_transpose)."""


explain_options.register(explain)
for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    int
        0 on success, 2 for a user mistake (one line on stderr), 1 for an internal error
        (a bug in arraylens) or an interrupted run.
    """
    try:
        rv = cli.main(args=argv, prog_name="arraylens", standalone_mode=False)
    except click.ClickException as exc:
        message = " ".join(exc.format_message().split())
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        click.echo(f"arraylens: error: {message}{hint}", err=True)
        return 2
    except click.Abort:
        click.echo("arraylens: aborted", err=True)
        return 1
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
