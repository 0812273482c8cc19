"""Public face of :mod:`arraylens.frontends.jax` (the front-end lives there)."""

from arraylens.frontends.jax import *  # noqa: F403
from arraylens.frontends.jax import __all__ as __all__
