"""How explanations write numbers, indices and positions: one rule each, shared by every layer.

* :func:`format_number`: integers without a decimal point, other values with 6 significant
  digits (``67``, ``-0.5``, ``0.333333``, ``nan``).
* :func:`format_scalar`: a real value as above, a complex one as Python writes it, ``(1-2j)``.
* :func:`format_index`: an array index in NumPy's 0-based subscript style, ``[1, 2]``; with a
  name, :func:`format_ref` gives ``x[1, 2]``.
* :func:`format_position`: a point in space (an output position, a grid coordinate),
  ``(1, 2)``.

How a person writes them in a sentence (issue 18):

* :func:`format_ref` of a 0-d array is the bare name: ``out = 1``, never ``out[] = 1``.
* :func:`format_list`: ``0``, ``0 and 2``, ``0, 2 and 5`` (never a Python list in prose);
  :func:`both_or_all`: ``both`` for two things, ``all`` for more (``positions 0 and 2 both
  hold 9``).
* :func:`format_difference` and :func:`format_signed_sum`: a subtraction of a negative number
  is written as an addition, an addition of a negative number as a subtraction
  (``0.372843 + 0.0528292``, ``3 + 1 - 0.0528292``).
* :func:`count`: ``1 zero``, ``3 zeros`` (never ``zero(s)``).
* :func:`gloss`: plain words first, the field's term once in parentheses:
  ``kernel tap (filter element)``.

Octave's own notation (1-based ``x(2,3)``, sizes written ``2x3``, complex values) is Octave's
rule and lives with its front-end; its real numbers use :func:`format_number`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np


def format_number(value: float) -> str:
    """Short number formatting: integers without a decimal point, others with 6 digits.

    Parameters
    ----------
    value : float
        Any real number (NaN and infinities included).

    Returns
    -------
    str
        ``"67"`` for 67.0, ``"0.333333"`` for 1/3, ``"1e+15"`` for 1e15, ``"nan"``, ``"inf"``.
    """
    if math.isfinite(value) and float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def format_scalar(value: Any) -> str:
    """A real value by :func:`format_number`; a complex one as Python writes it, ``(1-2j)``.

    Parameters
    ----------
    value : bool, int, float or complex (Python or NumPy scalar)
        Integers are written exactly.

    Returns
    -------
    str
    """
    if isinstance(value, complex | np.complexfloating):
        return str(complex(value))
    if isinstance(value, int | np.integer):  # exactly, however large (2**53 + 1 is not a float)
        return str(int(value))
    return format_number(float(value))


def join_ints(values: Iterable[Any], sep: str = ", ") -> str:
    """Integers (Python or NumPy) joined by ``sep``: ``1, 2, 3``."""
    return sep.join(str(int(v)) for v in values)


def format_index(index: Iterable[Any]) -> str:
    """A 0-based array index as NumPy subscripts it: ``[1, 2]`` (``[]`` for a 0-d array; in
    prose write an element with :func:`format_ref`, which drops it)."""
    return f"[{join_ints(index)}]"


def format_ref(name: str, index: Iterable[Any]) -> str:
    """An element of the array ``name``: ``x[1, 2]``; ``x`` itself for a 0-d array (a scalar
    result is ``out = 1``, not ``out[] = 1``)."""
    items = tuple(index)
    return f"{name}{format_index(items)}" if items else name


def format_position(position: Iterable[Any]) -> str:
    """A position (a point, not a subscript): ``(1, 2)``."""
    return f"({join_ints(position)})"


def format_list(items: Iterable[Any], conjunction: str = "and") -> str:
    """Items as a sentence lists them: ``0``, ``0 and 2``, ``0, 2 and 5`` (``str`` of each).

    Parameters
    ----------
    items : iterable
        Written with ``str`` (NumPy integers as plain integers).
    conjunction : str
        The word before the last item (``"and"``, ``"or"``).
    """
    words = [str(int(v)) if isinstance(v, np.integer) else str(v) for v in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def both_or_all(count: int) -> str:
    """``"both"`` for two things, ``"all"`` for more: ``positions 0 and 2 both hold 9``."""
    return "both" if count == 2 else "all"


def _signed(value: Any, text: Any) -> tuple[str, str]:
    """(sign, magnitude text) of a real ``value``: ``("-", "0.5")`` for -0.5; complex and NaN
    values keep a ``+`` and their own text."""
    if isinstance(value, complex | np.complexfloating) or not isinstance(value, int | float | np.number):
        return "+", text(value)
    if isinstance(value, np.integer):  # -int8(-128) would wrap to -128
        value = int(value)
    if value < 0:  # NaN is not: it keeps "+ nan"
        return "-", text(-value)
    return "+", text(value)


def format_difference(a: Any, b: Any, text: Any = None) -> str:
    """``a - b`` as a person writes it: ``0.372843 + 0.0528292`` when ``b`` is negative.

    Parameters
    ----------
    a, b : real or complex numbers
        ``a`` may be text already written (``"2 * 3"``); a complex ``b`` is written in
        parentheses, ``a - (1-2j)``.
    text : callable, optional
        How each number is written (default :func:`format_scalar`).
    """
    text = text or format_scalar
    left = a if isinstance(a, str) else text(a)
    if isinstance(b, complex | np.complexfloating):
        return f"{left} - {_grouped(text(b))}"
    sign, mag = _signed(b, text)
    return f"{left} {'+' if sign == '-' else '-'} {mag}"


def format_signed_sum(values: Iterable[Any], text: Any = None) -> str:
    """Numbers added up as a person writes it: ``3 + 1 - 0.0528292`` (a negative term is
    subtracted; the first keeps its sign: ``-1 + 2``); complex values are joined by ``+``, each
    in parentheses: ``(3-1i) + (0.5+2i)``.

    Parameters
    ----------
    values : iterable of numbers
    text : callable, optional
        How each number is written (default :func:`format_scalar`).
    """
    text = text or format_scalar
    parts: list[str] = []
    for v in values:
        if isinstance(v, complex | np.complexfloating):
            parts.append(("+ " if parts else "") + _grouped(text(v)))
            continue
        if not parts:
            parts.append(text(v))
            continue
        sign, mag = _signed(v, text)
        parts.append(f"{sign} {mag}")
    return " ".join(parts)


def _grouped(written: str) -> str:
    """A complex number's text in parentheses (once), so that a sum of them reads right."""
    return written if written.startswith("(") else f"({written})"


def format_factor(value: Any) -> str:
    """A real number as a factor or an added term: a negative one in parentheses, ``(-0.5)``
    (``(3)(-0.5)``, ``+ bias (-0.5)``), never ``+ -0.5``."""
    text = format_scalar(value)
    return f"({text})" if text.startswith("-") else text


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 zero``, ``2 zeros``, ``0 elements`` (``plural`` for irregular words)."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def gloss(plain: str, term: str) -> str:
    """Plain words first, the field's term once in parentheses: ``kernel tap (filter
    element)``."""
    return f"{plain} ({term})"
