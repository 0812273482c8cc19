"""How explanations write numbers, indices and positions: one rule each, shared by every layer.

* :func:`format_number`: integers without a decimal point, other values with 6 significant
  digits (``67``, ``-0.5``, ``0.333333``, ``nan``).
* :func:`format_scalar`: a real value as above, a complex one as Python writes it, ``(1-2j)``.
* :func:`format_index`: an array index in NumPy's 0-based subscript style, ``[1, 2]``; with a
  name, :func:`format_ref` gives ``x[1, 2]``.
* :func:`format_position`: a point in space (an output position, a grid coordinate),
  ``(1, 2)``.

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
    """A 0-based array index as NumPy subscripts it: ``[1, 2]`` (``[]`` for a 0-d array)."""
    return f"[{join_ints(index)}]"


def format_ref(name: str, index: Iterable[Any]) -> str:
    """An element of the array ``name``: ``x[1, 2]``."""
    return f"{name}{format_index(index)}"


def format_position(position: Iterable[Any]) -> str:
    """A position (a point, not a subscript): ``(1, 2)``."""
    return f"({join_ints(position)})"
