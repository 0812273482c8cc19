"""Public face of :mod:`arraylens.frontends.pil` (the front-end lives there)."""

from arraylens.frontends.pil import *  # noqa: F403
from arraylens.frontends.pil import __all__ as __all__
