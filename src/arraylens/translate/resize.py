"""Translate a resize from one library's call into another's exact equivalent, or say why none
exists.

The source call's plan gives the canonical :class:`~arraylens.ops.resize.spec.ResizeSpec`
(coordinate rule, filter, boundary, precision per axis). The input is presented to the target
as a batch of planes (the resized axes last, every other axis flattened), in the target's
layout (:class:`arraylens.core.registry.ResizeTarget`, registered beside each front-end in
``frontends/<library>_translate.py``). Each of the target's candidate calls, the most usual
first, is run through arraylens's own front-end of the target on random data of the source's
shape and dtype; the first whose values equal the source's (float tolerance 1e-5 relative,
integers exactly) is the translation. When none does, the reason is the rule the target
lacks (``cannot``: PIL's antialiased BICUBIC has no OpenCV equivalent; TF1's align_corners
nearest has no torch one), or the closest candidate and how far it is.

The snippet is runnable as printed: from a NumPy ``x`` (the source's input) to a NumPy ``y``.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from arraylens import frontends
from arraylens.core import registry
from arraylens.core.errors import ArgumentError
from arraylens.core.registry import ResizeTarget
from arraylens.ops.resize.plan import ResizePlan

__all__ = ["SOURCES", "TARGETS", "ResizeTranslation", "translate"]

frontends.load()
_TARGETS: dict[str, ResizeTarget] = registry.resize_targets()
#: Source op names (and aliases) of every registered resize.
SOURCES = {name: registry.get(name) for name in registry.names() if registry.get(name).figure == "sampling_grid"}
#: The target frameworks, in registration order.
TARGETS = tuple(_TARGETS)

#: Relative tolerance of float results (the libraries' summation orders differ).
RTOL = 1e-5


@dataclass
class ResizeTranslation:
    """The target code equivalent to a source resize, or why there is none.

    Attributes
    ----------
    source_op, target : str
    possible : bool
    reason : str
        Why the target cannot (``possible`` False).
    call : str
        The target's call (on ``v``, the input in its layout).
    op : str
        The target's registered op that checked it.
    arguments : dict
        The target call's arguments after the array.
    code : str
        Runnable code from a NumPy ``x`` to a NumPy ``y`` (the source's result).
    difference : float
        Largest difference found between the source and the proposal on the check's random
        data (0 for an exact match of integer results).
    """

    source_op: str
    target: str
    possible: bool
    reason: str = ""
    call: str = ""
    op: str = ""
    arguments: dict[str, Any] = field(default_factory=dict)
    code: str = ""
    difference: float = 0.0
    _source_arguments: dict[str, Any] = field(default_factory=dict)

    def run(self, x: Any) -> np.ndarray:
        """Execute ``code`` on ``x`` (the target library must be installed) and return ``y``."""
        if not self.possible:
            raise ArgumentError(f"no translation of {self.source_op} to {self.target}: {self.reason}")
        namespace: dict[str, Any] = {"x": np.asarray(x)}
        exec(self.code, namespace)  # the snippet is this module's own output
        return np.asarray(namespace["y"])

    def verify(self, x: Any) -> float:
        """Largest absolute difference between the source through arraylens and the executed
        snippet on ``x`` (``inf`` when the shapes differ)."""
        first = _first_parameter(self.source_op)
        rest = {k: v for k, v in self._source_arguments.items() if k != first}
        expected = np.asarray(_source_fn(self.source_op)(x, **rest))
        got = self.run(x)
        if got.shape != expected.shape:
            return float("inf")
        if not got.size:
            return 0.0
        return float(np.max(np.abs(got.astype(np.float64) - expected.astype(np.float64))))

    def __str__(self) -> str:
        head = f"{self.source_op} -> {self.target}: "
        if not self.possible:
            return head + "no translation: " + self.reason
        return head + f"{self.call}\n" + self.code


def _source_fn(op: str) -> Any:
    return registry.get(op).fn


def _first_parameter(op: str) -> str:
    return next(iter(inspect.signature(registry.get(op).fn.build_plan).parameters))


@dataclass(frozen=True)
class _Layout:
    """The batch-of-planes view of the source input: resized ``axes`` moved last, the rest
    flattened into ``P``."""

    axes: tuple[int, ...]
    shape: tuple[int, ...]

    @property
    def n(self) -> int:
        return len(self.axes)

    def planes(self, x: np.ndarray) -> np.ndarray:
        b = np.moveaxis(x, self.axes, tuple(range(-self.n, 0)))
        return b.reshape((-1, *b.shape[-self.n:]))

    def back(self, r: np.ndarray) -> np.ndarray:
        lead = tuple(np.delete(np.array(self.shape), self.axes))
        return np.moveaxis(r.reshape(lead + r.shape[1:]), tuple(range(-self.n, 0)), self.axes)

    def prologue(self) -> list[str]:
        return [f"b = np.moveaxis(x, {self.axes}, {tuple(range(-self.n, 0))})",
                f"b = b.reshape((-1,) + b.shape[-{self.n}:])  # planes: (P, *resized)"]

    def epilogue(self) -> list[str]:
        lead = tuple(int(v) for v in np.delete(np.array(self.shape), self.axes))
        return [f"y = np.moveaxis(r.reshape({lead} + r.shape[1:]), {tuple(range(-self.n, 0))}, {self.axes})"]


def _present(layout: str, b: np.ndarray) -> np.ndarray | list[np.ndarray]:
    if layout == "nc":
        return b[:, None]
    if layout == "nhwc":
        return b[..., None]
    if layout == "hwc":
        return b[0] if b.shape[0] == 1 else np.ascontiguousarray(np.moveaxis(b, 0, -1))
    if layout == "planes":
        return [b[i] for i in range(b.shape[0])]
    return b


def _retrieve(layout: str, r: Any, planes: int) -> np.ndarray:
    if layout == "nc":
        return np.asarray(r)[:, 0]
    if layout == "nhwc":
        return np.asarray(r)[..., 0]
    if layout == "hwc":
        r = np.asarray(r)
        return r[None] if planes == 1 else np.moveaxis(r, -1, 0)
    if layout == "planes":
        return np.stack([np.asarray(p) for p in r])
    return np.asarray(r)


def _snippet_lines(layout: str, call: str, planes: int) -> list[str]:
    if layout == "nc":
        return ["v = b[:, None]", f"r = {call}[:, 0]"]
    if layout == "nhwc":
        return ["v = b[..., None]", f"r = {call}[..., 0]"]
    if layout == "hwc":
        if planes == 1:
            return ["v = b[0]", f"r = {call}[None]"]
        return ["v = np.ascontiguousarray(np.moveaxis(b, 0, -1))", f"r = np.moveaxis({call}, -1, 0)"]
    if layout == "planes":
        return [f"r = np.stack([{call} for v in b])"]
    return ["v = b", f"r = {call}"]


def _run_candidate(target: ResizeTarget, op: str, args: dict[str, Any], b: np.ndarray) -> np.ndarray:
    fn = registry.get(op).fn
    shown = _present(target.layout, b)
    call_args = dict(args)
    if call_args.get("shape") == "batch":
        call_args["shape"] = (b.shape[0], *call_args.pop("_outs"))
    if target.layout == "planes":
        return _retrieve(target.layout, [fn(p, **call_args) for p in shown], b.shape[0])
    return _retrieve(target.layout, fn(shown, **call_args), b.shape[0])


def _probe(shape: tuple[int, ...], dtype: np.dtype[Any]) -> np.ndarray:
    rng = np.random.default_rng(0)
    if dtype.kind == "f":
        return rng.standard_normal(shape).astype(dtype)
    if dtype.kind == "b":
        return rng.random(shape) < 0.5
    info = np.iinfo(dtype)
    return rng.integers(max(info.min, -1000), min(info.max, 1000), size=shape, endpoint=True).astype(dtype)


def _difference(got: np.ndarray, want: np.ndarray) -> float:
    if got.shape != want.shape:
        return float("inf")
    if not want.size:
        return 0.0
    return float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64))))


def _close(got: np.ndarray, want: np.ndarray) -> bool:
    if got.shape != want.shape:
        return False
    if want.dtype.kind in "iub":
        return bool(np.array_equal(got.astype(np.float64), want.astype(np.float64)))
    scale = max(1.0, float(np.max(np.abs(want)))) if want.size else 1.0
    return bool(np.allclose(got.astype(np.float64), want.astype(np.float64), rtol=RTOL, atol=RTOL * scale))


def _scales(spec: Any, kept: list[int]) -> tuple[float, ...] | None:
    """The source's scales of the ``kept`` axes where some is not ``out / in`` (else None)."""
    resizes = [spec.resizes[k] for k in kept]
    if all(r.scale == Fraction(r.out_size, r.in_size) for r in resizes if r.in_size):
        return None
    return tuple(float(r.scale) for r in resizes)


#: Filters that reproduce the input exactly at integer source positions (weight 1 on tap 0).
_INTERPOLATING = ("nearest", "linear", "cubic", "lanczos")


def _identity(spec: Any, k: int) -> bool:
    """Whether axis ``k`` of ``spec`` leaves the input as it is (ONNX lists unchanged axes)."""
    r = spec.resizes[k]
    return (r.in_size == r.out_size and r.scale == 1
            and r.coordinate not in ("tf_crop_and_resize", "tf_half_pixel_for_nn")  # x + 0.5 at scale 1
            and spec.filter.kind in _INTERPOLATING)


def translate(source_op: str, target_framework: str, **source_arguments: Any) -> ResizeTranslation:
    """The ``target_framework`` call that computes what ``source_op(**source_arguments)`` does.

    Parameters
    ----------
    source_op : str
        A registered resize (``"torch.nn.functional.interpolate"``, ``"tf.image.resize"``,
        ``"tf.compat.v1.image.resize_bilinear"``, ``"onnx.Resize"``, ``"jax.image.resize"``,
        ``"cv2.resize"``, ``"PIL.Image.resize"`` or an alias).
    target_framework : str
        One of :data:`TARGETS`.
    **source_arguments
        The source call's arguments by name, its input included (its shape and dtype are what
        the translation is for).

    Returns
    -------
    ResizeTranslation
        ``possible`` with ``code``, or the reason no call of the target computes it.

    Raises
    ------
    ValueError (ArgumentError)
        For an unknown source or target, or what the source's front-end refuses.
    """
    if source_op not in SOURCES:
        raise ArgumentError(f"{source_op!r} is not a resize arraylens translates; known: {', '.join(sorted(SOURCES))}")
    if target_framework not in _TARGETS:
        raise ArgumentError(f"unknown resize target {target_framework!r}; known: {', '.join(TARGETS)}")
    target = _TARGETS[target_framework]
    entry = SOURCES[source_op]
    first = _first_parameter(source_op)
    if first not in source_arguments:
        raise ArgumentError(f"{source_op}: give the input as {first}=...")
    x = np.asarray(source_arguments[first])
    rest = {k: v for k, v in source_arguments.items() if k != first}
    plan = entry.fn.build_plan(x, **rest)
    if not isinstance(plan, ResizePlan):
        raise ArgumentError(f"{source_op} did not build a resize plan")
    spec = plan.spec
    result = ResizeTranslation(entry.op, target_framework, False, _source_arguments=dict(source_arguments))
    kept = [k for k in range(len(spec.axes)) if not _identity(spec, k)]
    n = len(kept)
    if n not in target.spatial:
        result.reason = (f"{target_framework}'s resize takes {' or '.join(map(str, target.spatial))} resized axes; "
                         f"the source resizes {n}")
        return result
    layout = _Layout(tuple(spec.axes[k] for k in kept), x.shape)
    ins = tuple(spec.resizes[k].in_size for k in kept)
    outs = tuple(spec.resizes[k].out_size for k in kept)
    probe = _probe(x.shape, x.dtype)
    want = np.asarray(entry.fn(probe, **rest))
    b = layout.planes(probe)
    closest: tuple[float, str] | None = None
    # calls of the source's own kind of filter first (bilinear for bilinear): another kind can be
    # exact for some sizes only (a bilinear 12 -> 4 is a nearest-exact pick)
    kind = spec.filter.kind
    ordered = sorted(target.candidates(ins, outs, _scales(spec, kept)), key=lambda c: kind not in c[2].lower())
    for op, args, call in ordered:
        if args.get("shape") == "batch":
            args = {**args, "_outs": outs}
        try:
            got = layout.back(_run_candidate(target, op, args, b)).astype(want.dtype, copy=False)
        except (ArgumentError, ValueError, TypeError):
            continue  # the target's own rules refuse this call on this input
        if _close(got, want):
            result.possible = True
            result.call, result.op = call, op
            result.arguments = {k: v for k, v in args.items() if k != "_outs"}
            result.difference = _difference(got, want)
            cast = [] if _result_dtype(target, op, args, b) == want.dtype else [f"y = y.astype(np.{want.dtype})"]
            lines = ["import numpy as np", *target.imports, *layout.prologue(),
                     *_snippet_lines(target.layout, call, b.shape[0]), *layout.epilogue(), *cast]
            result.code = "\n".join(lines) + "\n"
            return result
        d = _difference(got, want)
        if closest is None or d < closest[0]:
            closest = (d, call)
    why = target.cannot(spec)
    if not why:
        why = f"none of {target_framework}'s calls gives the same values"
        if closest is not None:
            why += f" (closest: {closest[1]}, {closest[0]:.3g} apart)"
    result.reason = why
    return result


def _result_dtype(target: ResizeTarget, op: str, args: dict[str, Any], b: np.ndarray) -> np.dtype[Any]:
    return np.asarray(_run_candidate(target, op, args, b[:1])).dtype
