"""Helpers shared by the CLI commands: reading arrays, parsing lists, printing explanations."""

from __future__ import annotations

import zipfile
from pathlib import Path

import click
import numpy as np
from rich.console import Console

from arraylens.cli.csvfile import check_regular_file, read_csv_table
from arraylens.cli.inline import looks_inline, parse_inline, reshape_checked
from arraylens.core.dtypes import native_byte_order
from arraylens.core.errors import ArgumentError
from arraylens.core.limits import check_array_file
from arraylens.core.registry import ints


def load_array(path: str, what: str = "array") -> np.ndarray:
    """Read an array from ``.npy``, ``.npz`` (its only array) or ``.csv`` (numbers only).

    Raises
    ------
    click.UsageError
        One line naming the file and the problem (missing, unreadable, not an array).
    """
    try:  # missing, a folder, a device or a pipe: said as such (the one rule of csvfile)
        p = check_regular_file(path, what)
    except ArgumentError as exc:
        raise click.UsageError(str(exc)) from None
    if p.suffix.lower() in (".csv", ".txt", ".tsv"):  # its own one-line errors, naming the line and the cell
        return _read_csv(p, what)
    check_array_file(p, what)  # a .npy/.npz header's size against the memory limit, before loading
    try:
        suffix = p.suffix.lower()
        if suffix == ".npy":  # read_array, not np.load: np.load takes a file starting with "PK" for a zip
            with p.open("rb") as fh:
                return native_byte_order(np.lib.format.read_array(fh, allow_pickle=False))
        if suffix == ".npz":
            with np.load(p, allow_pickle=False) as z:
                if len(z.files) != 1:
                    raise click.UsageError(
                        f"{path} holds {len(z.files)} arrays ({', '.join(z.files)}); give a file with one"
                    )
                return native_byte_order(np.asarray(z[z.files[0]]))
    except click.UsageError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        reason = str(exc)
        if suffix == ".npy" and ("pickle" in reason or "magic" in reason.lower()):
            reason = "it is not a NumPy .npy file of numbers (save it with numpy.save)"
        raise click.UsageError(f"cannot read {what} from {path}: {reason}") from None
    raise click.UsageError(
        f"{what} file {path}: unknown format {p.suffix!r} (use .npy, .npz, .csv or .tsv)"
    )


def read_array(raw: str, what: str = "array", shape: str | None = None, flag: str = "") -> np.ndarray:
    """An array option's value: a file (:func:`load_array`) or an inline nested list
    (:func:`arraylens.cli.inline.parse_inline`, when no file has that name), reshaped to
    ``shape`` (``"1,2,2,1"``, checked) when given. ``flag`` (``"--input"``) names the option in
    the messages of the inline parser and the reshape.

    Raises
    ------
    click.UsageError or ArgumentError
        One line: what :func:`load_array` or the inline parser refuses, or a shape whose
        element count differs from the array's.
    """
    if looks_inline(raw) and not _is_file(raw):
        a = parse_inline(raw, flag or what)
        b = a if shape is None else reshape_checked(a, shape, flag or what)
        reshaped = "" if shape is None else f", reshaped to {b.shape}"
        click.echo(f"arraylens: read {flag or what} inline: shape {a.shape}, {a.dtype}{reshaped}", err=True)
        return b
    a = load_array(raw, what)
    return a if shape is None else reshape_checked(a, shape, flag or what)


def _is_file(name: str) -> bool:
    """Whether a file of that name exists (False for a name the system refuses: too long)."""
    try:
        return Path(name).exists()
    except (OSError, ValueError):
        return False


def _read_csv(p: Path, what: str) -> np.ndarray:
    """Numbers from a CSV by :mod:`arraylens.cli.csvfile`'s header rule; says on stderr what was read."""
    table = read_csv_table(str(p), what)
    click.echo(f"arraylens: {table.summary()}", err=True)
    return table.data


def console() -> Console:
    """The console every command prints to: lines are never hard-wrapped, so code and numbers
    stay copyable when the output goes to a file or a pipe."""
    return Console(soft_wrap=True)


def parse_ints(text: str, what: str) -> tuple[int, ...]:
    """``"1,5,5,1"`` -> ``(1, 5, 5, 1)`` (:func:`arraylens.core.registry.ints`); a click usage
    error naming ``what`` otherwise."""
    try:
        return ints(what)(text)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


class StrictInt(click.ParamType):
    """A click type for one integer by :func:`arraylens.core.registry.ints`'s rule: ASCII digits
    with an optional '-' (``1_0``, ``+1`` and non-ASCII digits are refused, unlike ``int``)."""

    name = "integer"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        what = param.opts[0] if param is not None and param.opts else "value"
        try:
            values = ints(what)(str(value))
        except ValueError:
            values = ()
        if len(values) != 1 or "," in str(value):
            self.fail(f"{what} must be an integer (ASCII digits, optional '-'), got {value!r}", param, ctx)
        return values[0]


STRICT_INT = StrictInt()
