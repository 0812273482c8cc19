"""Public face of :mod:`arraylens.frontends.numpy` (the front-end lives there)."""

from arraylens.frontends.numpy import *  # noqa: F403
from arraylens.frontends.numpy import __all__ as __all__
