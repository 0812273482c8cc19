"""Public face of :mod:`arraylens.frontends.octave` (the front-end lives there)."""

from arraylens.frontends.octave import *  # noqa: F403
from arraylens.frontends.octave import __all__ as __all__
