"""Helpers shared by the CLI commands: reading arrays, parsing lists, printing explanations."""

from __future__ import annotations

import csv
from pathlib import Path

import click
import numpy as np
from rich.console import Console

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
    p = Path(path)
    if p.is_dir():
        raise click.UsageError(f"{what} file {path} is a folder, not a file")
    if not p.is_file():
        raise click.UsageError(f"{what} file not found: {path}")
    check_array_file(p, what)  # a .npy/.npz header's size against the memory limit, before loading
    try:
        suffix = p.suffix.lower()
        if suffix == ".npy":
            return np.asarray(np.load(p, allow_pickle=False))
        if suffix == ".npz":
            with np.load(p, allow_pickle=False) as z:
                if len(z.files) != 1:
                    raise click.UsageError(
                        f"{path} holds {len(z.files)} arrays ({', '.join(z.files)}); give a file with one"
                    )
                return np.asarray(z[z.files[0]])
        if suffix in (".csv", ".txt"):
            return _read_csv(p)
    except click.UsageError:
        raise
    except (OSError, ValueError, EOFError) as exc:
        reason = str(exc)
        if suffix == ".npy" and ("pickle" in reason or "magic" in reason.lower()):
            reason = "it is not a NumPy .npy file of numbers (save it with numpy.save)"
        raise click.UsageError(f"cannot read {what} from {path}: {reason}") from None
    raise click.UsageError(
        f"{what} file {path}: unknown format {p.suffix!r} (use .npy, .npz or .csv)"
    )


def _read_csv(p: Path) -> np.ndarray:
    """Numbers from a CSV; a first row that is not numeric is taken as a header and skipped."""
    with p.open(newline="") as fh:
        rows = [r for r in csv.reader(fh) if r]
    if rows and not _numeric(rows[0]):
        rows = rows[1:]
    widths = {len(r) for r in rows}
    if len(widths) > 1:
        raise ArgumentError(f"rows have different numbers of values ({sorted(widths)})")
    return np.array([[float(v) for v in r] for r in rows])


def _numeric(row: list[str]) -> bool:
    try:
        [float(v) for v in row]
    except ValueError:
        return False
    return True


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
