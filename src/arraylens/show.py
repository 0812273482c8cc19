"""Public face of :mod:`arraylens.render.figures`: figures of explanations and weights."""

from arraylens.render.figures import *  # noqa: F403
from arraylens.render.figures import __all__ as __all__
