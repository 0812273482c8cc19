"""GNU Octave / MATLAB conventions on NumPy arrays, explained.

Functions carry Octave's names and argument order (``[]`` is ``None``), and return what Octave
7.3 returns: indices in returned arrays are 1-based (``max``, ``min``, ``sort``), dimensions
are 1-based (``dim=1`` is NumPy's ``axis=0``), reductions default to the first non-singleton
dimension, and reshaping is column-major. A 1-d NumPy array is read as a 1xN row vector (as
``scipy.io.savemat`` and ``oct2py`` pass it to Octave); results keep Octave's shapes (at least
2-d). Every function ``f`` has ``f.explain(..., at=INDEX)``, where ``INDEX`` is a 0-based NumPy
index into the returned array (into the values array for ``max``/``min``/``sort``), and
:func:`to_numpy_call` gives the plain NumPy code for a call.
"""

from __future__ import annotations

from arraylens.core.registry import FrameworkView
from arraylens.frontends.octave.central import median, mode
from arraylens.frontends.octave.fft import fft, ifft
from arraylens.frontends.octave.minmax import max, min
from arraylens.frontends.octave.numpy_calls import to_numpy_call
from arraylens.frontends.octave.quantiles import prctile, quantile
from arraylens.frontends.octave.registration import register_all
from arraylens.frontends.octave.reshape import colon, ctranspose, reshape, transpose
from arraylens.frontends.octave.sort import sort
from arraylens.frontends.octave.spread import std, var
from arraylens.frontends.octave.stats import corr, corrcoef, cov
from arraylens.frontends.octave.sums import cumsum, mean, sum

#: The functions by short name (``FUNCTIONS["fft"]``): a view of the registry.
FUNCTIONS = FrameworkView("octave", "octave.")
register_all()

__all__ = [
    "FUNCTIONS",
    "colon",
    "corr",
    "corrcoef",
    "cov",
    "ctranspose",
    "cumsum",
    "fft",
    "ifft",
    "max",
    "mean",
    "median",
    "min",
    "mode",
    "prctile",
    "quantile",
    "reshape",
    "sort",
    "std",
    "sum",
    "to_numpy_call",
    "transpose",
    "var",
]
