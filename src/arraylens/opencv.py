"""Public face of :mod:`arraylens.frontends.opencv` (the front-end lives there)."""

from arraylens.frontends.opencv import *  # noqa: F403
from arraylens.frontends.opencv import __all__ as __all__
