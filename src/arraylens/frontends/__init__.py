"""One module per library; each registers its functions in :mod:`arraylens.core.registry`."""

from __future__ import annotations

import importlib

#: The front-end modules, in the order their functions are registered (translate's targets and
#: the CLI's commands follow it).
MODULES = ("tensorflow", "torch", "onnx", "keras", "jax", "numpy", "octave", "opencv", "pil")
#: Modules that register a framework's vocabulary as a translate target of pads and block
#: rearrangements (:class:`arraylens.core.registry.RearrangeTarget`).
TRANSLATE_MODULES = ("numpy_translate", "torch_translate", "tensorflow_translate", "onnx_translate",
                     "jax_translate", "opencv_translate", "pil_translate", "keras_translate")


def load() -> None:
    """Import every front-end module, so that the registry holds all their functions."""
    for name in MODULES + TRANSLATE_MODULES:
        importlib.import_module(f"arraylens.frontends.{name}")
