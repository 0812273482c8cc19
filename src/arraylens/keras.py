"""Public face of :mod:`arraylens.frontends.keras` (the front-end lives there)."""

from arraylens.frontends.keras import *  # noqa: F403
from arraylens.frontends.keras import __all__ as __all__
