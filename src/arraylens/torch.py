"""Public face of :mod:`arraylens.frontends.torch` (the front-end lives there)."""

from arraylens.frontends.torch import *  # noqa: F403
from arraylens.frontends.torch import __all__ as __all__
