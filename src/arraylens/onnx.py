"""Public face of :mod:`arraylens.frontends.onnx` (the front-end lives there)."""

from arraylens.frontends.onnx import *  # noqa: F403
from arraylens.frontends.onnx import __all__ as __all__
