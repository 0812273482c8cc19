"""Reading a CSV of numbers for the CLI: the header rule, complex numbers, and what was read.

The rule every command follows (``explain --input x.csv``, ``translate --arg x=@x.csv``,
``mst data.csv``):

- The first non-blank row is a header when none of its cells is a number, data when all of them
  are; a row with both is an error naming the row and the cells (a first row such as ``9,N/A``
  or ``1+2j,3`` is never dropped without a word).
- A number is ASCII: ``12``, ``-1.5e-3``, ``.5``, ``inf``, ``nan``; a complex number in Octave's
  or Python's spelling: ``1+0.5i``, ``1-0.5j``, ``-2i``, ``3j``, ``(1+2j)``. The array is
  complex128 when any cell is complex, float64 otherwise. A finite spelling beyond float64's
  range (``1e400``) is refused rather than read as infinity.
- A UTF-8 byte-order mark is not part of the first label.

:func:`visible` makes user text safe to print on a terminal: control characters (ANSI escapes
included) are shown as ``\\x1b``-style escapes; print it with rich markup off.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from arraylens.core.errors import ArgumentError

_REAL = r"(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)"
_SPELLINGS = (
    ("real", re.compile(rf"(?P<re>[+-]?{_REAL})", re.IGNORECASE | re.ASCII)),
    ("imag", re.compile(rf"(?P<im>[+-]?{_REAL})[ij]", re.IGNORECASE | re.ASCII)),
    ("complex", re.compile(rf"(?P<re>[+-]?{_REAL})\s*(?P<sign>[+-])\s*(?P<im>{_REAL})[ij]", re.IGNORECASE | re.ASCII)),
)
_SHOWN_LABELS = 8


def parse_number(text: str) -> float | complex | None:
    """A CSV cell as a number, or None when it is not one.

    Parameters
    ----------
    text : str
        The cell; surrounding spaces and one pair of enclosing parentheses are ignored.

    Returns
    -------
    float, complex or None
        ``"2"`` -> ``2.0``; ``"1+0.5i"`` and ``"1+0.5j"`` -> ``(1+0.5j)``; ``"-2i"`` -> ``-2j``;
        ``"N/A"``, ``""``, ``"1_0"``, non-ASCII digits -> None.
    """
    s = text.strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    for kind, pattern in _SPELLINGS:
        m = pattern.fullmatch(s)
        if m is None:
            continue
        if kind == "real":
            return float(m["re"])
        imag = float(m["im"])
        if kind == "imag":
            return complex(0.0, imag)
        return complex(float(m["re"]), -imag if m["sign"] == "-" else imag)
    return None


def visible(text: str) -> str:
    """``text`` with every non-printable character (control characters, ANSI escapes, bidi
    overrides, line breaks) written as a Python escape such as ``\\x1b`` or ``\\u202e``."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


@dataclass(frozen=True)
class CsvTable:
    """What :func:`read_csv_table` read.

    Attributes
    ----------
    path : str
        The file, as the user named it.
    labels : tuple of str or None
        The header row's cells (stripped), or None when the file has no header.
    data : ndarray
        2-D, one row per data row: float64, or complex128 when a cell is complex.
    lines : tuple of int
        The file's line number of each data row (for messages).
    """

    path: str
    labels: tuple[str, ...] | None
    data: np.ndarray
    lines: tuple[int, ...]

    def summary(self) -> str:
        """One line: ``read data.csv: 4 x 3 float64, header row: a, b, c`` (or ``no header``)."""
        rows, cols = self.data.shape
        if self.labels is None:
            head = "no header"
        else:
            shown = ", ".join(visible(v) for v in self.labels[:_SHOWN_LABELS])
            more = f", ... ({len(self.labels)} labels)" if len(self.labels) > _SHOWN_LABELS else ""
            head = f"header row: {shown}{more}"
        return f"read {visible(self.path)}: {rows} x {cols} {self.data.dtype}, {head}"

    def column_name(self, c: int) -> str:
        """``column 'b'`` (by its label) or ``column 2`` (1-based) for messages."""
        if self.labels is not None:
            return f"column {visible(self.labels[c])!r}"
        return f"column {c + 1}"


def check_regular_file(path: str, what: str = "data") -> Path:
    """``path`` as a Path when it is a regular file; an :class:`ArgumentError` saying what it is
    otherwise (missing, a folder, a device or a pipe)."""
    p = Path(path)
    if p.is_dir():
        raise ArgumentError(f"{what} file {visible(path)} is a folder, not a file")
    if not p.exists():
        raise ArgumentError(f"{what} file not found: {visible(path)}")
    if not p.is_file():
        raise ArgumentError(f"{what} file {visible(path)} is not a regular file (a device, a pipe or a socket)")
    return p


def read_csv_table(path: str, what: str = "data") -> CsvTable:
    """Read a CSV of numbers by the header rule of this module.

    Parameters
    ----------
    path : str
        The file.
    what : str
        What the file holds, for messages (``"data"``, ``"input"``).

    Returns
    -------
    CsvTable

    Raises
    ------
    ArgumentError
        One line naming the file, and where it applies the line and the cell: missing file,
        folder, not UTF-8, no data, a first row mixing numbers and labels, a cell that is not
        a number, rows of different lengths, a finite number beyond float64's range.
    """
    p = check_regular_file(path, what)
    name = visible(path)
    rows: list[tuple[int, list[str]]] = []
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh, delimiter="\t" if p.suffix.lower() == ".tsv" else ",")
            for row in reader:
                if any(v.strip() for v in row):
                    rows.append((reader.line_num, row))
    except UnicodeDecodeError as exc:
        raise ArgumentError(
            f"cannot read {what} from {name}: it is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} "
            f"at offset {exc.start})"
        ) from None
    except csv.Error as exc:
        raise ArgumentError(f"cannot read {what} from {name}: {exc}") from None
    if not rows:
        raise ArgumentError(f"{what} file {name} is empty: it needs at least one row of numbers")
    first_line, first = rows[0]
    numbers = [parse_number(v) for v in first]
    labels: tuple[str, ...] | None = None
    if all(v is None for v in numbers):
        labels = tuple(v.strip() for v in first)
        rows = rows[1:]
        if not rows:
            raise ArgumentError(f"{name} has a header row ({_cells(labels)}) but no row of numbers under it")
    elif any(v is None for v in numbers):
        bad = next(c for c, v in enumerate(numbers) if v is None)
        good = next(c for c, v in enumerate(numbers) if v is not None)
        raise ArgumentError(
            f"{name} line {first_line}: column {bad + 1} ({visible(first[bad].strip())!r}) is not a number but "
            f"column {good + 1} ({visible(first[good].strip())!r}) is; a header row holds only labels and a "
            "data row only numbers"
        )
    width = len(labels) if labels is not None else len(first)
    table = CsvTable(path, labels, np.empty((0, width)), tuple(line for line, _ in rows))
    values: list[list[float | complex]] = []
    is_complex = False
    for line, row in rows:
        if len(row) != width:
            ref = "the header has" if labels is not None else f"line {first_line} has"
            raise ArgumentError(
                f"{name} line {line}: rows have different numbers of values ({len(row)} here, {ref} {width})"
            )
        parsed = []
        for c, cell in enumerate(row):
            v = parse_number(cell)
            if v is None:
                raise ArgumentError(
                    f"{name} line {line}, {table.column_name(c)}: {visible(cell.strip())!r} is not a number"
                )
            if _overflowed(v, cell):
                raise ArgumentError(
                    f"{name} line {line}, {table.column_name(c)}: {visible(cell.strip())} is beyond float64's "
                    "range (about 1.8e308)"
                )
            is_complex = is_complex or isinstance(v, complex)
            parsed.append(v)
        values.append(parsed)
    data = np.array(values, dtype=np.complex128 if is_complex else np.float64).reshape(len(values), width)
    return CsvTable(path, labels, data, table.lines)


def _overflowed(value: float | complex, text: str) -> bool:
    """True when a finite spelling was read as an infinity (``1e400``)."""
    parts = (value.real, value.imag) if isinstance(value, complex) else (value,)
    return any(np.isinf(v) for v in parts) and "inf" not in text.lower()


def _cells(labels: tuple[str, ...]) -> str:
    return ", ".join(visible(v) for v in labels[:_SHOWN_LABELS]) + (" ..." if len(labels) > _SHOWN_LABELS else "")
