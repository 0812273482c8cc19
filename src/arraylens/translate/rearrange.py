"""Translate a pad or a block rearrangement from one framework's convention into another's.

The source call's plan gives the canonical form: for a pad, per axis ``(before, after)`` with
the mode (a source-index map or a fill) and the crop rule; for a block rearrangement, the
direction, block size, channel order (DCR or CRD) and channel position. The target framework
(:class:`arraylens.core.registry.RearrangeTarget`, registered beside its front-end) proposes
one native call, which its own front-end must accept with the same canonical form; otherwise
the translation is a composition of moves, written out:

* a source-index mode, axis by axis: the padded sides as slices of the input, flipped where
  the map runs backwards (TF ``SYMMETRIC`` -> torch, which has no symmetric mode: flip and
  concatenate), and gathered by index where one slice cannot cover them (NumPy's reflection
  repeated beyond the size; torch's reflect of a cropped axis);
* a constant: the crops as slices, then one constant pad per axis and side where the target's
  pad takes one value;
* a block rearrangement: the canonical reshape -> transpose -> reshape (torch's
  pixel_unshuffle -> ONNX, whose SpaceToDepth is DCR: Reshape, Transpose, Reshape nodes).

Statistics, ramps and odd reflections compute values rather than move them: only NumPy's
``np.pad`` has them, and another target is refused with the reason. Every translation is exact;
the snippet is runnable code from a NumPy ``x`` to a NumPy ``y``.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np

from arraylens import frontends
from arraylens.core import registry
from arraylens.core.errors import ArgumentError
from arraylens.core.registry import Native, RearrangeTarget
from arraylens.frontends._translate_common import python_scalar, same_scalar
from arraylens.ops.rearrange.blocks.plan import BlockPlan
from arraylens.ops.rearrange.blocks.spec import FORMULAS, BlockSpec
from arraylens.ops.rearrange.pad.kernel import window_lengths
from arraylens.ops.rearrange.pad.plan import PadPlan
from arraylens.ops.rearrange.pad.spec import MAP_MODES, STAT_MODES, PadSpec

__all__ = ["SOURCES", "TARGETS", "RearrangeTranslation", "translate"]

frontends.load()
_TARGETS: dict[str, RearrangeTarget] = registry.rearrange_targets()
#: Source op names (and aliases) -> their registry entry.
SOURCES = {
    name: registry.get(name)
    for target in _TARGETS.values()
    for op in target.sources
    for name in registry.names()
    if registry.get(name).op == op
}
#: The target frameworks, in registration order.
TARGETS = tuple(_TARGETS)


@dataclass
class RearrangeTranslation:
    """The target code equivalent to a source pad or block rearrangement.

    Attributes
    ----------
    source_op, target : str
    possible : bool
        False when no exact translation is written (``reason`` says why).
    exact : bool
        True for every possible translation (moves are exact; so is a constant).
    composed : bool
        True when no single call of the target does it and ``code`` composes moves.
    reason : str
        Why the target cannot (``possible`` False) or why the code composes.
    code : str
        Runnable code from a NumPy ``x`` (the source input) to a NumPy ``y`` (the source result).
    notes : list of str
    """

    source_op: str
    target: str
    possible: bool
    exact: bool = False
    composed: bool = False
    reason: str = ""
    code: str = ""
    notes: list[str] = field(default_factory=list)
    _source_arguments: dict[str, Any] = field(default_factory=dict)

    def run(self, x: Any) -> np.ndarray:
        """Execute ``code`` on ``x`` (the target framework must be installed) and return ``y``."""
        if not self.possible:
            raise ArgumentError(f"no translation of {self.source_op} to {self.target}: {self.reason}")
        namespace: dict[str, Any] = {"x": np.asarray(x)}
        exec(self.code, namespace)  # the snippet is this module's own output
        return np.asarray(namespace["y"])

    def verify(self, x: Any) -> float:
        """Largest absolute difference between the source through arraylens and the executed
        snippet on ``x`` (``inf`` when the shapes differ; NaN against NaN counts as equal)."""
        entry = registry.get(self.source_op)
        first = next(iter(inspect.signature(entry.fn).parameters))
        args = dict(self._source_arguments)
        args[first] = x
        expected = np.asarray(entry.fn(**args))
        got = self.run(x)
        if got.shape != expected.shape:
            return float("inf")
        if not got.size:
            return 0.0
        a, b = got.astype(np.float64), expected.astype(np.float64)
        same = (a == b) | (np.isnan(a) & np.isnan(b))  # NaN fills agree; so do equal infinities
        return float(np.max(np.where(same, 0.0, np.abs(a - b))))

    def __str__(self) -> str:
        head = f"{self.source_op} -> {self.target}: "
        if not self.possible:
            return head + "no translation: " + self.reason
        kind = "exact, composed: " + self.reason if self.composed else "exact, one call"
        return head + kind + "\n" + "".join(f"# {n}\n" for n in self.notes) + self.code


def translate(source_op: str, target_framework: str, **source_arguments: Any) -> RearrangeTranslation:
    """The ``target_framework`` code that computes ``source_op(**source_arguments)``, a pad or a
    block rearrangement.

    Parameters
    ----------
    source_op : str
        ``np.pad``, ``torch.pad`` (``F.pad``), ``tf.pad``, ``onnx.Pad``,
        ``tf.nn.depth_to_space``, ``tf.nn.space_to_depth``, ``torch.pixel_shuffle``,
        ``torch.pixel_unshuffle``, ``onnx.DepthToSpace``, ``onnx.SpaceToDepth``.
    target_framework : {'numpy', 'torch', 'tensorflow', 'onnx'}
        NumPy is a target of pads only.
    **source_arguments
        The source call's arguments by name; the input's shape and dtype matter, not its values.

    Returns
    -------
    RearrangeTranslation

    Raises
    ------
    ValueError (ArgumentError)
        For an unknown source or target, or arguments the source refuses (its own message).
    """
    if source_op not in SOURCES:
        raise ArgumentError(f"unknown source op {source_op!r}; known: {', '.join(sorted(SOURCES))}")
    if target_framework not in _TARGETS:
        raise ArgumentError(f"unknown target framework {target_framework!r}; choose one of {', '.join(TARGETS)}")
    target = _TARGETS[target_framework]
    plan: Any = SOURCES[source_op].fn.build_plan(**source_arguments)
    shape = tuple(int(n) for n in plan.x.shape)
    if isinstance(plan, PadPlan):
        lines, notes, why, possible = _pad(target, plan.spec, shape, plan.x.dtype)
    elif isinstance(plan, BlockPlan):
        lines, notes, why, possible = _blocks(target, plan.spec, shape, plan.x.dtype)
    else:  # pragma: no cover - a registered source is a pad or a block rearrangement
        raise ArgumentError(f"{source_op} is not a pad or a block rearrangement")
    t = RearrangeTranslation(source_op, target_framework, possible, exact=possible, reason=why,
                             notes=notes, _source_arguments=dict(source_arguments))
    if possible:
        t.composed = bool(why)
        t.code = "\n".join(target.prologue() + lines + target.epilogue())
    return t


# ----------------------------------------------------------------------------------------------
# One native call, checked against the target's own front-end
# ----------------------------------------------------------------------------------------------


def _native(proposal: Native | str, same: Any, shape: tuple[int, ...], dtype: Any) -> tuple[Native | None, str]:
    """The proposal when the target's front-end accepts it with the source's form; else why not."""
    if isinstance(proposal, str):
        return None, proposal
    op, args, _ = proposal
    probe = np.broadcast_to(np.zeros((), dtype=dtype), shape)  # shapes only: nothing allocated
    try:
        plan = registry.get(op).fn.build_plan(probe, **args)
    except (ValueError, TypeError) as exc:
        return None, f"{op} refuses it ({exc})"
    if not same(plan):
        return None, f"{op} computes another form"
    return proposal, ""


def _same_pad(got: PadSpec, want: PadSpec, shape: tuple[int, ...], dtype: Any) -> bool:
    """Whether two canonical pads give the same result on an input of ``shape`` and ``dtype``."""
    if got.widths != want.widths or got.mode != want.mode:
        return False
    if want.has_crop and want.mode in MAP_MODES and got.crop != want.crop:
        return False
    if want.mode in ("reflect", "symmetric") and got.reflect_type != want.reflect_type:
        return False
    sides = [(k, s) for k, pair in enumerate(want.widths) for s in (0, 1) if pair[s] > 0]
    if want.mode == "constant":
        return all(same_scalar(python_scalar(got.values[k][s], dtype), python_scalar(want.values[k][s], dtype))
                   for k, s in sides)
    if want.mode == "linear_ramp":
        return all(same_scalar(got.values[k][s], want.values[k][s]) for k, s in sides)
    if want.mode in STAT_MODES:
        def window(spec: PadSpec, k: int, s: int) -> int:
            return window_lengths(shape[k], spec.stat_length[k])[s]
        return all(window(got, k, s) == window(want, k, s) for k, s in sides)
    return True


# ----------------------------------------------------------------------------------------------
# Pads
# ----------------------------------------------------------------------------------------------


def _pad(
    target: RearrangeTarget, spec: PadSpec, shape: tuple[int, ...], dtype: Any
) -> tuple[list[str], list[str], str, bool]:
    """``(code lines, notes, why composed or impossible, possible)``."""
    form = f"canonical form: {spec.mode}"
    if spec.mode in ("reflect", "symmetric") and spec.reflect_type == "odd":
        form += " (odd: 2*edge - reflection)"
    form += f", (before, after) per axis {spec.widths}"
    if spec.has_crop and spec.mode in MAP_MODES:
        form += (", negative widths crop first" if spec.crop == "first"
                 else ", the pad maps positions on the uncropped axis")
    notes = [form]
    if all(w == (0, 0) for w in spec.widths):
        return [], [*notes, "no width: the identity"], "", True
    if target.pad is None:
        return [], notes, f"{target.framework} has no pad", False
    native, why = _native(target.pad(spec, shape, dtype), lambda p: _same_pad(p.spec, spec, shape, dtype), shape, dtype)
    if native is not None:
        return [f"v = {native[2]('v')}  # {native[0]}"], notes, "", True
    if spec.mode in MAP_MODES and not (spec.mode in ("reflect", "symmetric") and spec.reflect_type == "odd"):
        lines, more = _compose_map(target, spec, shape)
        return lines, notes + more, why, True
    if spec.mode == "constant":
        lines, impossible = _compose_constant(target, spec, shape, dtype)
        if impossible:
            return [], notes, f"{why}; {impossible}", False
        return lines, notes, why, True
    return [], notes, (f"{why}; {spec.mode} computes its values (a statistic, a ramp or an odd reflection), "
                       f"no composition of moves gives them in {target.framework}"), False


def _piece(target: RearrangeTarget, ndim: int, axis: int, n: int, idx: list[int]) -> tuple[str, bool]:
    """The expression of ``v``'s elements ``idx`` along ``axis`` (size ``n``); True if gathered."""
    m = len(idx)
    if idx == list(range(idx[0], idx[0] + m)):
        return ("v" if (idx[0], m) == (0, n) else target.slice("v", ndim, axis, idx[0], idx[0] + m)), False
    if idx == list(range(idx[0], idx[0] - m, -1)):
        return target.flip(target.slice("v", ndim, axis, idx[-1], idx[0] + 1), axis), False
    return target.gather("v", axis, idx), True


def _compose_map(target: RearrangeTarget, spec: PadSpec, shape: tuple[int, ...]) -> tuple[list[str], list[str]]:
    """A source-index pad, axis by axis: each side a slice (flipped where the map runs
    backwards) or a gather, concatenated with the kept middle."""
    lines: list[str] = []
    notes: list[str] = []
    ndim = len(shape)
    for axis, (b, a) in enumerate(spec.widths):
        if (b, a) == (0, 0):
            continue
        n = shape[axis]
        out = n + b + a
        src = [int(i) for i in spec.axis_source(axis, n, np.arange(out))]
        cuts = [0, max(b, 0), out - max(a, 0), out]
        pieces = [_piece(target, ndim, axis, n, src[s:e]) for s, e in pairwise(cuts) if e > s]
        if any(gathered for _, gathered in pieces):
            notes.append(f"axis {axis}: the {spec.mode} map is not one slice per side "
                         "(it repeats beyond the size, or maps a cropped axis): those elements are gathered by index")
        exprs = [e for e, _ in pieces]
        rhs = exprs[0] if len(exprs) == 1 else target.concat(exprs, axis)
        lines.append(f"v = {rhs}  # axis {axis}: {spec.mode} ({b}, {a})")
    return lines, notes


def _compose_constant(
    target: RearrangeTarget, spec: PadSpec, shape: tuple[int, ...], dtype: Any
) -> tuple[list[str], str]:
    """Crops as slices, then one constant pad per axis side (NumPy's order: later axes fill the corners)."""
    assert target.pad is not None
    lines: list[str] = []
    ndim = len(shape)
    current = list(shape)
    for axis, (b, a) in enumerate(spec.widths):
        lo, hi = max(-b, 0), max(-a, 0)
        if lo or hi:
            current[axis] = shape[axis] - lo - hi
            lines.append(f"v = {target.slice('v', ndim, axis, lo, shape[axis] - hi)}  # axis {axis}: crop ({b}, {a})")
    steps: list[PadSpec] = []
    positive = tuple((max(b, 0), max(a, 0)) for b, a in spec.widths)
    whole = PadSpec(positive, "constant", values=spec.values)
    for axis, (b, a) in enumerate(positive):
        for side, w in ((0, b), (1, a)):
            if w:
                widths = [(0, 0)] * ndim
                widths[axis] = (w, 0) if side == 0 else (0, w)
                value = spec.values[axis][side]
                steps.append(PadSpec(tuple(widths), "constant", values=((value, value),) * ndim))
    for candidate in ([whole], steps):
        body: list[str] = []
        for step in candidate:
            shape_now = tuple(current)
            native, why = _native(target.pad(step, shape_now, dtype),
                                  lambda p, s=step, sh=shape_now: _same_pad(p.spec, s, sh, dtype), shape_now, dtype)
            if native is None:
                break
            body.append(f"v = {native[2]('v')}  # {native[0]}")
            current = list(step.output_shape(shape_now))
        else:
            return lines + body, ""
        current = [n - max(-b, 0) - max(-a, 0) for n, (b, a) in zip(shape, spec.widths, strict=True)]
    if target.full is None:
        return [], why
    for axis, (b, a) in enumerate(positive):  # the fills as constant blocks, concatenated
        for side, w in ((0, b), (1, a)):
            if w:
                block = (*current[:axis], w, *current[axis + 1:])
                fill = target.full(block, python_scalar(spec.values[axis][side], dtype))
                lines.append(f"v = {target.concat([fill, 'v'] if side == 0 else ['v', fill], axis)}"
                             f"  # axis {axis}: {w} constant{'s' * (w > 1)} {'before' if side == 0 else 'after'}")
                current[axis] += w
    return lines, ""


# ----------------------------------------------------------------------------------------------
# Block rearrangements
# ----------------------------------------------------------------------------------------------


def _blocks(
    target: RearrangeTarget, spec: BlockSpec, shape: tuple[int, ...], dtype: Any
) -> tuple[list[str], list[str], str, bool]:
    split, perm, out = spec.steps(shape)
    split_names, out_names = spec.axis_names()
    lead = len(shape) - 3
    notes = [
        f"canonical form: {spec.direction} by {spec.block}, {spec.order} ({FORMULAS[spec.order]}), channels "
        f"{'last' if spec.channels_last else 'before height and width'}"
    ]
    if target.blocks is None:
        return [], notes, (f"{target.framework} is a translate target of pads only; "
                           "translate block rearrangements to torch, tensorflow or onnx"), False
    native, why = _native(target.blocks(spec, shape, dtype),
                          lambda p: p.spec == spec and tuple(p.shape) == tuple(out), shape, dtype)
    if native is not None:
        return [f"v = {native[2]('v')}  # {native[0]}"], notes, "", True
    names = ", ".join(["..."] * bool(lead))
    if lead == 1 and all(n > 0 for n in shape):  # the batch from the input (-1), not fixed: runs on any batch
        split, out = (-1, *split[1:]), (-1, *out[1:])
    lines = [
        f"v = {target.reshape('v', split)}  # split: ({', '.join(filter(None, [names, *split_names]))})",
        f"v = {target.transpose('v', perm)}  # to ({', '.join(filter(None, [names, *out_names]))})",
        f"v = {target.reshape('v', out)}  # merge",
    ]
    return lines, notes, f"{why}: reshape, transpose, reshape", True
