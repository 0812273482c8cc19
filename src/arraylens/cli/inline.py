"""Arrays typed on the command line, and ``--<name>-shape`` reshapes.

Every array option of ``arraylens explain`` (and ``translate``'s ``--arg NAME=...``) takes a file
(:func:`arraylens.cli.common.load_array`) or the array itself as a nested list, as Python or
JSON writes it: ``--input "[[[[-67],[-77]],[[-117],[-127]]]]"``, or in Octave's matrix syntax, ``"[1 2; 3 4]"``.
``NaN`` and ``Inf`` are written in any case. The text is parsed as data
only (:func:`json.loads`, then :func:`ast.literal_eval` for tuples and Python's complex
literals; never ``eval``), within :data:`MAX_INLINE_CHARS` characters, and read by the CSV rule:
float64, complex128 when any element is complex. ``--input-shape 1,2,2,1`` then reshapes it
(a file too), with one ``-1`` allowed as in :func:`numpy.reshape`.
"""

from __future__ import annotations

import ast
import json
import math
import re
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.registry import ints

__all__ = ["MAX_INLINE_CHARS", "looks_inline", "parse_inline", "reshape_checked"]

#: The longest inline array accepted (a larger array belongs in a .npy or .csv file).
MAX_INLINE_CHARS = 100_000

_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


def looks_inline(text: str) -> bool:
    """Whether ``text`` is an inline array rather than a file name: it starts with ``[`` or
    ``(``, or it is one plain number."""
    s = text.lstrip()
    return s.startswith(("[", "(")) or bool(_NUMBER.fullmatch(text))


_SPECIAL = re.compile(r"(?<![\w.])([-+]?)(nan|inf|infinity)(?![\w.])", re.IGNORECASE)
_OCTAVE_MATRIX = re.compile(r"\[([^\[\]()]*)\]")


def _octave_matrix(text: str) -> list[list[float]] | None:
    """Octave's matrix syntax, ``[1 2; 3 4]`` (rows split by ``;``, elements by spaces or
    commas, real numbers, ``NaN`` and ``Inf``), as nested lists; None for other text."""
    match = _OCTAVE_MATRIX.fullmatch(text)
    if match is None or (";" not in match.group(1) and "," in match.group(1)):
        return None
    rows = [re.split(r"[\s,]+", row.strip()) for row in match.group(1).split(";")]
    try:
        return [[float(token) for token in row if token] for row in rows]
    except ValueError:
        return None


def _literal(text: str) -> Any:
    if text.endswith(","):
        raise ArgumentError("a trailing comma (it would make a tuple of one array)")
    matrix = _octave_matrix(text)
    if matrix is not None:
        return matrix if len(matrix) > 1 else matrix[0]
    # NaN, nan, Inf, -inf as JSON spells them
    text = _SPECIAL.sub(lambda m: m.group(1) + ("NaN" if m.group(2).lower() == "nan" else "Infinity"), text)
    try:
        return json.loads(text)  # also NaN, Infinity
    except (ValueError, RecursionError):
        pass
    try:
        return ast.literal_eval(text)  # tuples, complex literals (1+2j); data only, never code
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as exc:
        first = str(exc).splitlines()[0] if str(exc).strip() else "not a literal"
        raise ArgumentError(f"{type(exc).__name__}: {first}") from None


def _check_numbers(value: Any, depth: int = 0) -> bool:
    """True when ``value`` is a number or nested lists/tuples of numbers; complex seen."""
    if depth > 32:
        raise ArgumentError("nested more than 32 levels deep")
    if isinstance(value, bool):
        raise ArgumentError(f"{value!r} is not a number (write 1 or 0)")
    if isinstance(value, int | float):
        return False
    if isinstance(value, complex):
        return True
    if isinstance(value, list | tuple):
        found = False
        for v in value:
            found = _check_numbers(v, depth + 1) or found
        return found
    raise ArgumentError(f"{str(value)[:40]!r} is not a number")


def parse_inline(text: str, what: str) -> np.ndarray:
    """The array written in ``text``: nested lists of numbers (JSON or Python literals).

    Parameters
    ----------
    text : str
        e.g. ``"[[1, 2], [3, 4]]"``, ``"[1+2j, 3]"``, ``"[NaN, -inf, 1e3]"``, ``"5"``, or
        Octave's ``"[1 2; 3 4]"`` (real numbers, NaN and Inf).
    what : str
        The option, for messages (``"--input"``).

    Returns
    -------
    numpy.ndarray
        float64, or complex128 when any element is complex (the CSV rule).

    Raises
    ------
    ArgumentError
        One line: too long, not a literal, not numbers, ragged rows, or a finite number beyond
        float64's range.
    """
    if len(text) > MAX_INLINE_CHARS:
        raise ArgumentError(f"{what}: an inline array of {len(text)} characters is longer than "
                            f"{MAX_INLINE_CHARS}; save it as a .npy or .csv file")
    try:
        value = _literal(text.strip())
        is_complex = _check_numbers(value)
    except ArgumentError as exc:
        raise ArgumentError(f"{what}: not an array of numbers ({exc}); write nested lists such as "
                            "[[1, 2], [3, 4]]") from None
    if not re.search("inf", text, re.IGNORECASE) and any(
            math.isinf(abs(v)) for v in _flatten(value) if isinstance(v, float | complex)):
        raise ArgumentError(f"{what}: a number is beyond float64's range (about 1.8e308)")
    try:
        return np.array(value, dtype=np.complex128 if is_complex else np.float64)
    except OverflowError:
        raise ArgumentError(f"{what}: an integer is beyond float64's range (about 1.8e308)") from None
    except ValueError:
        raise ArgumentError(f"{what}: the rows have different lengths (an array's rows must all be the same "
                            "length)") from None


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return [v for item in value for v in _flatten(item)]
    return [value]


def reshape_checked(a: np.ndarray, shape_text: str, what: str) -> np.ndarray:
    """``a`` reshaped to ``shape_text`` (``"1,2,2,1"``; one ``-1`` is inferred).

    Raises
    ------
    ArgumentError
        One line when the element counts differ, or the shape is not integers.
    """
    flag = f"{what}-shape" if what.startswith("--") else f"the shape of {what}"
    try:
        shape = ints(flag)(shape_text)
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None
    if sum(n == -1 for n in shape) > 1 or any(n < -1 for n in shape):
        raise ArgumentError(f"{flag} {shape_text}: sizes are >= 0, with at most one -1 (inferred)")
    known = math.prod(n for n in shape if n != -1)
    if -1 in shape:
        if known == 0 or a.size % known:
            raise ArgumentError(f"{flag} {shape_text}: {what} holds {a.size} elements (shape {a.shape}), "
                                f"not a multiple of {known}")
        shape = tuple(a.size // known if n == -1 else n for n in shape)
    elif known != a.size:
        raise ArgumentError(f"{flag} {shape_text} has {known} elements; {what} holds {a.size} (shape {a.shape})")
    return a.reshape(shape)
