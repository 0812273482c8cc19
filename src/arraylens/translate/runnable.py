"""Translations as scripts that run as printed, and ``--verify`` in the real target framework.

A translation's ``code`` starts from NumPy arrays ``x`` (``w``, ``b``) in the source's
layouts. :func:`script` puts a header before it that defines them: random arrays of the source
call's shapes and dtypes from a seeded generator, which the user replaces with their own.
:func:`verify` executes that script, which imports and calls the target framework, and compares
its ``y`` with arraylens's exact result of the source call on the same arrays; where the
framework is not importable it says so and falls back to arraylens alone (a transposed
convolution: the target call computed by arraylens; a pad or block rearrangement: the
target's own front-end accepted the same canonical form when the translation was made).
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core import registry
from arraylens.translate.conv import ConvTranslation
from arraylens.translate.conv_transpose import Translation
from arraylens.translate.rearrange import RearrangeTranslation

AnyTranslation = Translation | RearrangeTranslation | ConvTranslation

__all__ = ["FRAMEWORK_MODULES", "Verification", "framework_version", "script", "verify"]

#: The module each target's snippet imports to run (the first is the one named in the report).
FRAMEWORK_MODULES: dict[str, tuple[str, ...]] = {
    "tensorflow": ("tensorflow",),
    "torch": ("torch",),
    "onnx": ("onnxruntime", "onnx"),
    "keras": ("keras",),
    "jax": ("jax",),
    "numpy": ("numpy",),
    "tensorflow.compat.v1": ("tensorflow",),
    "opencv": ("cv2",),
    "pil": ("PIL",),
}

SEED = 0


def _arrays(t: AnyTranslation) -> list[tuple[str, str, tuple[int, ...], np.dtype[Any]]]:
    """``(variable, source argument, shape, dtype)`` of each array the code reads."""
    args = t._source_arguments
    if isinstance(t, ConvTranslation):
        names = t.array_arguments
    elif isinstance(t, Translation):
        assert t._source is not None
        names = [("x", t._source.input), ("w", t._source.weight)]
        if t._source.bias is not None and args.get(t._source.bias) is not None:
            names.append(("b", t._source.bias))
    else:
        first = next(iter(inspect.signature(registry.get(t.source_op).fn).parameters))
        names = [("x", first)]
    return [(var, arg, tuple(np.shape(args[arg])), np.asarray(args[arg]).dtype) for var, arg in names]


def _random(shape: tuple[int, ...], dtype: np.dtype[Any]) -> str:
    """The NumPy expression of seeded random values of ``shape`` and ``dtype``."""
    if dtype == np.bool_:
        return f"rng.random({shape}) < 0.5"
    if dtype.kind in "iu":
        low = 0 if dtype.kind == "u" else -9
        return f"rng.integers({low}, 10, {shape}).astype(np.{dtype.name})"
    if dtype.kind == "c":
        return f"(rng.standard_normal({shape}) + 1j * rng.standard_normal({shape})).astype(np.{dtype.name})"
    return f"rng.standard_normal({shape}).astype(np.{dtype.name})"


def script(t: AnyTranslation, bias_after: tuple[int, ...] | None = None) -> str:
    """``t.code`` preceded by the lines that define its inputs: runnable as printed.

    The header makes random arrays of the source call's shapes and dtypes (seed 0); replace
    them with your arrays (same layouts) to translate your data. ``bias_after``: the shape a
    layer's bias broadcasts to on the result, when the source call has no bias argument (a
    Keras ``Conv2D`` read as ``tf.nn.conv2d``): the script makes ``b`` and adds it last.
    """
    lines = ["import numpy as np", "", f"rng = np.random.default_rng({SEED})",
             "# the source call's arrays (random here; put yours in their place, same layouts):"]
    for var, arg, shape, dtype in _arrays(t):
        lines.append(f"{var} = {_random(shape, dtype)}  # {arg}")
    if bias_after is not None:
        dtype = _arrays(t)[0][3]
        lines.append(f"b = {_random((max(bias_after),), dtype)}  # the layer's bias")
    lines.append("")
    body = [line for line in t.code.splitlines() if line != "import numpy as np"]
    if bias_after is not None:
        body.append(f"y = y + b.reshape({bias_after})  # the layer's bias, after the call")
    return "\n".join(lines + body)


@dataclass(frozen=True)
class Verification:
    """What ``--verify`` ran and found.

    Attributes
    ----------
    framework : str
        The target module that ran the snippet (``tensorflow``), or ``arraylens``.
    version : str
        Its version ('' for the arraylens fallback).
    max_abs_diff : float or None
        Largest ``|y - arraylens(source)|`` (NaN against NaN equal); None when nothing was run.
    scale : float
        The largest finite ``|value|`` of the source result, to judge the difference by.
    note : str
        Why the fallback was taken ('' when the framework ran).
    """

    framework: str
    version: str
    max_abs_diff: float | None
    note: str = ""
    scale: float = 0.0

    def __str__(self) -> str:
        if self.framework != "arraylens":
            return (f"verified against {self.framework} {self.version} on random data (seed {SEED}, the arrays "
                    f"the script makes): max |diff| {self.max_abs_diff:.3g} from arraylens's exact source result "
                    f"(values up to {self.scale:.3g})")
        if self.max_abs_diff is None:
            return f"not verified in the framework: {self.note}"
        return (f"not verified in the framework: {self.note}; checked through arraylens only (the target call "
                f"computed by arraylens): max |diff| {self.max_abs_diff:.3g}")


def framework_version(target: str) -> tuple[str, str] | str:
    """``(module, version)`` of the target's framework when importable, else why not."""
    modules = FRAMEWORK_MODULES.get(target, (target,))
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # ImportError, or a framework that fails while importing
            reason = str(exc).splitlines()[0] if str(exc) else ""
            return f"{name} is not importable here ({type(exc).__name__}: {reason})"
    module = importlib.import_module(modules[0])
    return modules[0], str(getattr(module, "__version__", "?"))


def _max_diff(got: Any, expected: Any) -> float:
    a, b = np.asarray(got), np.asarray(expected)
    if a.shape != b.shape:
        raise ValueError(f"the translated result has shape {a.shape}, the source {b.shape}")  # a bug
    if not a.size:
        return 0.0
    a, b = a.astype(np.complex128 if np.iscomplexobj(a) or np.iscomplexobj(b) else np.float64), b.astype(
        np.complex128 if np.iscomplexobj(a) or np.iscomplexobj(b) else np.float64)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    return float(np.max(np.where(same, 0.0, np.abs(a - b))))


def _source_result(t: AnyTranslation, arrays: dict[str, Any]) -> np.ndarray:
    args = dict(t._source_arguments)
    for var, arg, _, _ in _arrays(t):
        args[arg] = arrays[var]
    return np.asarray(registry.get(t.source_op).fn(**args))


def verify(t: AnyTranslation, bias_after: tuple[int, ...] | None = None) -> Verification:
    """Run :func:`script` in the target framework and compare with arraylens's source result
    (plus the layer's bias, ``bias_after`` as in :func:`script`).

    Returns
    -------
    Verification
        The framework and version that ran it and the largest difference; or, when the
        framework is not importable, the arraylens-only check and why.
    """
    found = framework_version(t.target)
    if isinstance(found, str):
        if isinstance(t, Translation | ConvTranslation):
            rng = np.random.default_rng(SEED)
            arrays = {var: rng.standard_normal(shape).astype(dtype) for var, _, shape, dtype in _arrays(t)}
            return Verification("arraylens", "", t.verify(arrays["x"], arrays["w"], arrays.get("b")), found)
        checked = ("the composition of moves was written from arraylens's canonical form and not run"
                   if isinstance(t, RearrangeTranslation) and t.composed
                   else "the target's own arraylens front-end accepted the same canonical form when the translation "
                   "was made")
        return Verification("arraylens", "", None, f"{found}; {checked}")
    text = script(t, bias_after)
    if t.target == "onnx" and "onnxruntime" not in text and "onnx.reference" in text:
        # a resize runs in the specification's reference evaluator (onnxruntime departs from it)
        found = ("onnx.reference (onnx", f"{importlib.import_module('onnx').__version__})")
    namespace: dict[str, Any] = {}
    exec(text, namespace)  # this module's own output: the header, then the translation's code
    expected = _source_result(t, namespace)
    if bias_after is not None:
        expected = expected + np.asarray(namespace["b"]).reshape(bias_after)
    finite = np.abs(expected[np.isfinite(expected)]) if expected.dtype.kind in "fc" else np.abs(expected)
    scale = float(finite.max()) if finite.size else 0.0
    return Verification(found[0], found[1], _max_diff(namespace["y"], expected), scale=scale)
