"""How many outputs an Octave call returns: ``nargout``.

In Octave ``[o1, ..., oK] = f(...)`` asks ``f`` for ``K`` outputs, and some functions compute
something else depending on ``K`` (``find`` with one output gives linear indices, with two the
row and column subscripts). :mod:`arraylens.octave` functions whose outputs depend on it take
``nargout=K``: with ``K == 1`` the call returns the one array, with ``K > 1`` a tuple of exactly
``K`` arrays, as the Octave statement binds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError


def check_nargout(fname: str, nargout: Any, most: int) -> int:
    """``nargout`` as an int between 1 and ``most``.

    Raises
    ------
    ValueError
        If ``nargout`` is not an integer (``nargout must be a positive integer``) or is more
        than the function returns (Octave: ``fname: function called with too many outputs``).
    """
    if isinstance(nargout, bool) or not isinstance(nargout, (int, np.integer)) or int(nargout) < 1:
        raise ArgumentError(f"{fname}: nargout must be a positive integer (1 to {most}), got {nargout!r}")
    if int(nargout) > most:
        raise ArgumentError(
            f"{fname}: function called with too many outputs (nargout={int(nargout)}; {fname} "
            f"returns at most {most})"
        )
    return int(nargout)


def select_outputs(outputs: Sequence[np.ndarray], nargout: int) -> Any:
    """The first ``nargout`` of ``outputs``: the array itself for one, else a tuple."""
    if nargout == 1:
        return outputs[0]
    return tuple(outputs[:nargout])
