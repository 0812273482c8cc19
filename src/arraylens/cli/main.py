"""Entry point of the ``arraylens`` command.

Subcommands are contributed by small modules: ``explain`` subcommands, one per function in
:mod:`arraylens.core.registry`, by :mod:`arraylens.cli.options`; top-level commands by the
modules named in :data:`COMMAND_MODULES` (each has ``register(group)``). Every error a user
can cause ends in one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from arraylens.cli import options as explain_options

COMMAND_MODULES = [
    "arraylens.cli.demo",
    "arraylens.cli.mst",
    "arraylens.cli.translate",
]

USER_ERRORS = (ValueError, TypeError, IndexError, OSError, KeyError)


class FriendlyGroup(click.Group):
    """A click group that turns user errors into one line and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except click.Abort:
            raise
        except USER_ERRORS as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            click.echo(f"arraylens: error: {message}", err=True)
            ctx.exit(2)


@click.group(cls=FriendlyGroup)
@click.version_option(package_name="arraylens")
def cli() -> None:
    """Why does this array operation give this result?

    Computes operations with the exact semantics of TensorFlow, PyTorch, ONNX, NumPy and GNU
    Octave, explains where an output value comes from, and draws it.
    """


@cli.group(cls=FriendlyGroup)
def explain() -> None:
    """Explain one output element of a framework call (e.g. tf.nn.conv2d_transpose)."""


explain_options.register(explain)
for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status (2 for any user error, with one line on stderr)."""
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
