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
from arraylens.frontends.octave.accumarray import accumarray  # finding, counting and ordering
from arraylens.frontends.octave.central import median, mode
from arraylens.frontends.octave.convolution import conv, conv2
from arraylens.frontends.octave.differences import cumprod, diff, trapz
from arraylens.frontends.octave.fft import fft, ifft
from arraylens.frontends.octave.filtering import filter
from arraylens.frontends.octave.find import find  # finding, counting and ordering
from arraylens.frontends.octave.grids import meshgrid, ndgrid
from arraylens.frontends.octave.histograms import hist, histc  # finding, counting and ordering
from arraylens.frontends.octave.interpolation import interp1
from arraylens.frontends.octave.logical import all, any
from arraylens.frontends.octave.minmax import max, min
from arraylens.frontends.octave.numpy_calls import to_numpy_call
from arraylens.frontends.octave.products import kron
from arraylens.frontends.octave.quantiles import prctile, quantile
from arraylens.frontends.octave.ranges import colon, linspace
from arraylens.frontends.octave.registration import register_all
from arraylens.frontends.octave.reshape import ctranspose, reshape, to_column, transpose
from arraylens.frontends.octave.rounding import fix, mod, rem, round
from arraylens.frontends.octave.shifting import circshift, rot90
from arraylens.frontends.octave.solve import SingularMatrixWarning, mldivide, mrdivide
from arraylens.frontends.octave.sort import sort
from arraylens.frontends.octave.spread import std, var
from arraylens.frontends.octave.stats import corr, corrcoef, cov
from arraylens.frontends.octave.sums import cumsum, mean, sum
from arraylens.frontends.octave.unique import unique  # finding, counting and ordering

#: The functions by short name (``FUNCTIONS["fft"]``): a view of the registry.
FUNCTIONS = FrameworkView("octave", "octave.")
register_all()

__all__ = [
    "FUNCTIONS",
    "SingularMatrixWarning",
    "accumarray",
    "all",
    "any",
    "circshift",
    "colon",
    "conv",
    "conv2",
    "corr",
    "corrcoef",
    "cov",
    "ctranspose",
    "cumprod",
    "cumsum",
    "diff",
    "fft",
    "filter",
    "find",
    "fix",
    "hist",
    "histc",
    "ifft",
    "interp1",
    "kron",
    "linspace",
    "max",
    "mean",
    "median",
    "meshgrid",
    "min",
    "mldivide",
    "mod",
    "mode",
    "mrdivide",
    "ndgrid",
    "prctile",
    "quantile",
    "rem",
    "reshape",
    "rot90",
    "round",
    "sort",
    "std",
    "sum",
    "to_column",
    "to_numpy_call",
    "transpose",
    "trapz",
    "unique",
    "var",
]
