"""Helpers shared by the CLI commands: reading arrays, parsing lists, printing explanations."""

from __future__ import annotations

import csv
from pathlib import Path

import click
import numpy as np
from rich.console import Console

from arraylens.explanation import Explanation


def load_array(path: str, what: str = "array") -> np.ndarray:
    """Read an array from ``.npy``, ``.npz`` (its only array) or ``.csv`` (numbers only).

    Raises
    ------
    click.UsageError
        One line naming the file and the problem (missing, unreadable, not an array).
    """
    p = Path(path)
    if not p.is_file():
        raise click.UsageError(f"{what} file not found: {path}")
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
            with p.open(newline="") as fh:
                rows = [r for r in csv.reader(fh) if r]
            return np.array([[float(v) for v in r] for r in rows])
    except click.UsageError:
        raise
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"cannot read {what} from {path}: {exc}") from None
    raise click.UsageError(
        f"{what} file {path}: unknown format {p.suffix!r} (use .npy, .npz or .csv)"
    )


def parse_ints(text: str, what: str) -> tuple[int, ...]:
    """``"1,5,5,1"`` -> ``(1, 5, 5, 1)``; a one-line error naming ``what`` otherwise."""
    try:
        return tuple(int(v) for v in text.replace(" ", "").split(",") if v != "")
    except ValueError:
        raise click.UsageError(f"{what} must be comma-separated integers, got {text!r}") from None


def int_or_ints(text: str, what: str) -> int | tuple[int, ...]:
    """``"2"`` -> ``2``; ``"1,2,2,1"`` -> ``(1, 2, 2, 1)``."""
    values = parse_ints(text, what)
    return values[0] if len(values) == 1 and "," not in text else values


def print_explanation(explanation: Explanation, console: Console | None = None) -> None:
    """Print an explanation's readable account."""
    (console or Console()).print(str(explanation), highlight=False, markup=False)
