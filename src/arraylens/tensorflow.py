"""Public face of :mod:`arraylens.frontends.tensorflow` (the front-end lives there)."""

from arraylens.frontends.tensorflow import *  # noqa: F403
from arraylens.frontends.tensorflow import __all__ as __all__
