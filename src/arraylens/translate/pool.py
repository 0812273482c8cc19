"""Translate a pooling from one framework's convention into another's, exactly, or say why not.

The source call's plan gives the canonical form, a :class:`~arraylens.ops.pool.spec.PoolSpec`:
per spatial axis a window (kernel, stride, dilation, ``(before, after)`` padding, ceil rule) or
adaptive ``(start, end)`` lists, and a reduction (max with its NaN rule; mean with its divisor
rule; Lp). The target framework (:class:`arraylens.core.registry.PoolTarget`, registered beside
its front-end in ``frontends/<framework>_translate.py``) proposes candidate single calls; each is
built by the target's own front-end and kept only when its spec has, on this input's sizes, the
same output sizes, the same input cells in every window and the same divisor everywhere
(:func:`differences`). Adaptive windows whose sizes divide are also offered to the target as the
fixed window ``kernel = stride = in / out``.

Where no single call matches, one composition is written when it is exact: an average that counts
its explicit padding (``count_include_pad=True``) and has no ceil-mode extension is the target's
unpadded average of the input padded with zeros (TensorFlow, whose average never counts padding).
Adaptive windows whose sizes do not divide (torch ``adaptive_avg_pool2d`` to ONNX or TensorFlow)
have no single op; they are written out axis by axis, one ``ReduceMean``/``ReduceMax`` of a slice
per window, concatenated (a window is a box; the mean's rounding may differ in the last bits).
Otherwise the translation is refused with the reason (a ceil-mode window that counts the padding
but not the extension; a dilated TF pooling; Lp or adaptive pooling in Keras).
The snippet is runnable code from a NumPy ``x`` (the source input, in the source's layout) to a
NumPy ``y`` (the source's values; indices are not translated: each framework encodes them its
own way).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens import frontends
from arraylens.core import registry
from arraylens.core.errors import ArgumentError
from arraylens.core.registry import Native, PoolTarget
from arraylens.ops.pool.kernel import divisor_array, tap_table
from arraylens.ops.pool.plan import PoolPlan
from arraylens.ops.pool.spec import (
    AdaptiveWindows,
    Axis,
    LpReduction,
    MaxReduction,
    MeanReduction,
    PoolSpec,
    Window,
)
from arraylens.translate.rearrange import RearrangeTranslation

__all__ = ["SOURCES", "TARGETS", "PoolTranslation", "differences", "translate"]

frontends.load()
_TARGETS: dict[str, PoolTarget] = registry.pool_targets()
#: Source op names (and aliases) -> their registry entry (registered names only).
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
class PoolTranslation(RearrangeTranslation):
    """The target code equivalent to a source pooling (values only); fields as
    :class:`~arraylens.translate.rearrange.RearrangeTranslation`."""

    def verify(self, x: Any) -> float:
        """Largest absolute difference between the source's values through arraylens and the
        executed snippet on ``x`` (``inf`` when the shapes differ; NaN against NaN is equal)."""
        entry = registry.get(self.source_op)
        first = next(iter(inspect.signature(entry.fn).parameters))
        args = dict(self._source_arguments)
        args[first] = x
        result = entry.fn(**args)
        expected = np.asarray(result[0] if isinstance(result, tuple) else result)
        got = self.run(x)
        if got.shape != expected.shape:
            return float("inf")
        if not got.size:
            return 0.0
        a, b = got.astype(np.float64), expected.astype(np.float64)
        same = (a == b) | (np.isnan(a) & np.isnan(b))
        return float(np.max(np.where(same, 0.0, np.abs(a - b))))

    def __str__(self) -> str:
        """The account and, when possible, the snippet preceded by an input of the source's shape
        and dtype, so that it runs as printed."""
        text = super().__str__()
        if not self.possible:
            return text
        head, _, rest = text.partition("\n")
        return f"{head}\n# an input of the source's shape and dtype (replace it by yours)\nimport numpy as np\n" \
               f"{self.input_line}\n{rest}"

    @property
    def input_line(self) -> str:
        entry = registry.get(self.source_op)
        first = next(iter(inspect.signature(entry.fn).parameters))
        x = np.asarray(self._source_arguments[first])
        return f"x = np.random.default_rng(0).standard_normal({tuple(x.shape)}).astype({x.dtype.name!r})"


# ----------------------------------------------------------------------------------------------
# When two specs give the same values
# ----------------------------------------------------------------------------------------------


def _input_taps(axis: Axis, n: int) -> tuple[np.ndarray, np.ndarray, int]:
    first, count = tap_table(axis, n)
    step = axis.dilation if isinstance(axis, Window) else 1
    return np.where(count > 0, first, 0), count, step


def differences(got: PoolSpec, want: PoolSpec, spatial: tuple[int, ...]) -> tuple[str, list[str]]:
    """Why ``got`` does not compute ``want``'s values on an input of ``spatial`` sizes ('' when
    it does), and notes on what differs but leaves finite, NaN-free values equal.

    Equal values need equal output sizes, the same input cells in each window, in the same
    order along each axis, the same reduction and, for a mean, the same divisor at every output.
    """
    go, wo = got.output_spatial(spatial), want.output_spatial(spatial)
    if go != wo:
        return f"its output is {go}, the source's {wo}", []
    for k, (a, b, n) in enumerate(zip(got.axes, want.axes, spatial, strict=True)):
        fa, ca, sa = _input_taps(a, n)
        fb, cb, sb = _input_taps(b, n)
        if not (np.array_equal(ca, cb) and np.array_equal(fa, fb) and (sa == sb or int(ca.max(initial=0)) <= 1)):
            return f"spatial axis {k}: its windows cover other input cells", []
    rg, rw = got.reduction, want.reduction
    notes: list[str] = []
    if isinstance(rw, MaxReduction) and isinstance(rg, MaxReduction):
        if rg.nan != rw.nan:
            notes.append(f"NaN: the target's rule is {rg.nan!r}, the source's {rw.nan!r}: a window holding NaN "
                         "may answer differently")
        if rg.finite_floor != rw.finite_floor:
            notes.append("a window of -inf cells only: one answers -inf, the other the dtype's lowest finite value")
        return "", notes
    if isinstance(rw, MeanReduction) and isinstance(rg, MeanReduction):
        shape = (1, *wo, 1)
        dg = np.broadcast_to(divisor_array(got, spatial, rg.divisor, rg.divisor_value), shape)
        dw = np.broadcast_to(divisor_array(want, spatial, rw.divisor, rw.divisor_value), shape)
        if not np.array_equal(dg, dw):
            where = tuple(int(i) for i in np.argwhere(dg != dw)[0][1:-1])
            return (f"its divisor at output {where} is {int(dg[(0, *where, 0)])}, the source's "
                    f"{int(dw[(0, *where, 0)])}"), []
        return "", []
    if isinstance(rw, LpReduction) and isinstance(rg, LpReduction):
        if (rg.p, rg.form) != (rw.p, rw.form):
            return f"its Lp is p={rg.p} ({rg.form}), the source's p={rw.p} ({rw.form})", []
        if rw.form == "torch":
            shape = (1, *wo, 1)
            same = np.array_equal(np.broadcast_to(divisor_array(got, spatial, rg.divisor), shape),
                                  np.broadcast_to(divisor_array(want, spatial, rw.divisor), shape))
            if not same or got.kernel_area() != want.kernel_area():
                return "its Lp divides or scales by other counts", []
        return "", []
    return f"it is a {type(rg).__name__}, the source a {type(rw).__name__}", []


def fixed_windows(spec: PoolSpec) -> PoolSpec | None:
    """``spec`` with every adaptive axis whose size divides replaced by the window ``kernel =
    stride = in / out`` (the same windows); None when an adaptive axis does not divide or there
    is none."""
    if not any(isinstance(a, AdaptiveWindows) for a in spec.axes):
        return None
    axes: list[Axis] = []
    for a in spec.axes:
        if isinstance(a, AdaptiveWindows):
            out = len(a.starts)
            if a.size % out:
                return None
            axes.append(Window(a.size // out, a.size // out))
        else:
            axes.append(a)
    red = spec.reduction
    if isinstance(red, MeanReduction) and red.divisor != "fixed":
        red = MeanReduction("valid")
    return PoolSpec(tuple(axes), red)


def _describe(spec: PoolSpec, spatial: tuple[int, ...]) -> str:
    parts = []
    for a, n in zip(spec.axes, spatial, strict=True):
        if isinstance(a, AdaptiveWindows):
            bounds = ", ".join(f"{s}:{e}" for s, e in zip(a.starts, a.ends, strict=True))
            parts.append(f"adaptive {n}->{len(a.starts)} [{bounds}]")
        else:
            text = f"k{a.kernel} s{a.stride}"
            text += f" d{a.dilation}" * (a.dilation > 1)
            text += f" pad{a.padding}" * (a.padding != (0, 0))
            text += f" ceil(+{a.extension(n)})" * a.ceil_mode
            parts.append(text)
    red = spec.reduction
    if isinstance(red, MaxReduction):
        what = f"max (NaN rule {red.nan})"
    elif isinstance(red, MeanReduction):
        what = f"mean, divisor rule {red.divisor}" + (f" {red.divisor_value}" if red.divisor_value else "")
    else:
        what = f"Lp p={red.p:g} ({red.form})"
    return f"canonical form: {what}; per spatial axis {'; '.join(parts)}; input spatial {spatial}"


# ----------------------------------------------------------------------------------------------
# translate
# ----------------------------------------------------------------------------------------------


def translate(source_op: str, target_framework: str, **source_arguments: Any) -> PoolTranslation:
    """The ``target_framework`` code that computes ``source_op(**source_arguments)``'s values.

    Parameters
    ----------
    source_op : str
        A registered pooling (``torch.avg_pool2d``, ``F.max_pool1d``, ``tf.nn.avg_pool2d``, ...).
    target_framework : str
        One of :data:`TARGETS` (``torch``, ``tensorflow``, ``onnx``).
    **source_arguments
        The source call's arguments by name; the input's shape and dtype matter, not its values.
        The input must be batched (``(N, C, *spatial)`` or ``(N, *spatial, C)``).

    Returns
    -------
    PoolTranslation

    Raises
    ------
    ValueError (ArgumentError)
        For an unknown source or target, an unbatched input, or arguments the source refuses.
    """
    if source_op not in SOURCES:
        raise ArgumentError(f"unknown pooling source {source_op!r}; known: {', '.join(sorted(SOURCES))}")
    if target_framework not in _TARGETS:
        raise ArgumentError(f"unknown target framework {target_framework!r}; choose one of {', '.join(TARGETS)}")
    target = _TARGETS[target_framework]
    plan: Any = SOURCES[source_op].fn.build_plan(**source_arguments)
    if not isinstance(plan, PoolPlan):
        raise ArgumentError(f"{source_op}: translate reads a pooling plan, this call builds {type(plan).__name__}")
    if plan.layout.add_batch:
        raise ArgumentError(f"{source_op}: translate takes a batched input (N, C, *spatial) or (N, *spatial, C); "
                            f"add the batch axis (x[None])")
    spec = plan.spec
    x_shape = tuple(int(n) for n in plan.x.shape)
    canonical = plan.layout.shape_to_canonical(x_shape)
    spatial = tuple(canonical[1:-1])
    nd = spec.ndim
    # caller layout -> target layout, and back
    to_canonical = tuple(plan.layout.perm)
    canon_to_target = tuple(range(nd + 2)) if target.channels_last else (0, nd + 1, *range(1, nd + 1))
    into = tuple(to_canonical[i] for i in canon_to_target)
    back = tuple(int(i) for i in np.argsort(into))
    target_shape = tuple(x_shape[i] for i in into)
    notes = [_describe(spec, spatial)]
    t = PoolTranslation(source_op, target_framework, False, notes=notes, _source_arguments=dict(source_arguments))
    if isinstance(spec.reduction, MaxReduction):
        notes.append("values only: indices are not translated (each framework encodes them its own way)")
    reasons: list[str] = []
    found: tuple[Native, list[str]] | None = None
    forms = [spec] + ([f] if (f := fixed_windows(spec)) is not None else [])
    for form in forms:
        proposals = target.pool(form, spatial, plan.x.dtype)
        if isinstance(proposals, str):
            reasons.append(proposals)
            continue
        for proposal in proposals:
            why, more = _check(proposal, spec, spatial, target_shape, plan.x.dtype)
            if not why:
                found = proposal, more
                break
            reasons.append(f"{_call_text(proposal)}: {why}")
        if found:
            break
    lines: list[str] = []
    if into != tuple(range(nd + 2)):
        lines.append(f"v = {target.transpose('v', into)}  # to the target's layout")
    if found is not None:
        (op, _, expr), more = found
        notes.extend(more)
        lines.append(f"v = {expr('v')}  # {op}")
    elif (adaptive := _compose_adaptive(target, spec)) is not None:
        t.composed = True
        t.reason = ("no single call (" + "; ".join(dict.fromkeys(reasons)) + "): the adaptive windows written out "
                    "axis by axis, one reduction per window (a rectangle's mean is the mean of its rows' means; "
                    "the rounding may differ in the last bits)")
        lines.extend(adaptive)
    else:
        composed, why = _compose_zero_pad(target, spec, spatial, target_shape, plan.x.dtype)
        if composed is None:
            t.reason = "; ".join(dict.fromkeys(r for r in [*reasons, why] if r)) or "no single call matches"
            return t
        t.composed = True
        t.reason = ("no single call (" + "; ".join(dict.fromkeys(reasons)) + "): the source's average counts its "
                    f"explicit padding, which {target.framework}'s averages here do not; padded with zeros first, "
                    "the padding becomes input cells that an unpadded average counts")
        lines.extend(composed)
    if back != tuple(range(nd + 2)):
        lines.append(f"v = {target.transpose('v', back)}  # back to the source's layout")
    t.possible = t.exact = True
    t.code = "\n".join(target.prologue() + lines + target.epilogue())
    return t


def _call_text(proposal: Native) -> str:
    op, args, _ = proposal
    return f"{op}({', '.join(f'{k}={v!r}' for k, v in args.items())})"


def _check(proposal: Native, spec: PoolSpec, spatial: tuple[int, ...], shape: tuple[int, ...],
           dtype: Any) -> tuple[str, list[str]]:
    """('' and notes) when the target's own front-end builds ``proposal`` into ``spec``'s values."""
    op, args, _ = proposal
    probe = np.broadcast_to(np.zeros((), dtype=dtype), shape)  # shapes only: nothing allocated
    try:
        plan = registry.get(op).fn.build_plan(probe, **args)
    except (ValueError, TypeError) as exc:
        return f"{op} refuses it ({exc})", []
    if not isinstance(plan, PoolPlan):
        return f"{op} builds no pooling plan", []
    return differences(plan.spec, spec, spatial)


def _compose_zero_pad(target: PoolTarget, spec: PoolSpec, spatial: tuple[int, ...], shape: tuple[int, ...],
                      dtype: Any) -> tuple[list[str] | None, str]:
    """Explicit zeros, then an unpadded average: exact when the source's average counts every
    padding cell and no window reaches a ceil-mode extension (every divisor is then the kernel
    area, which is what an unpadded average of the padded input divides by)."""
    red = spec.reduction
    if not isinstance(red, MeanReduction) or red.divisor not in ("padded", "window"):
        return None, ""
    if target.zero_pad is None or not all(isinstance(a, Window) for a in spec.axes):
        return None, ""
    windows = [a for a in spec.axes if isinstance(a, Window)]
    if all(w.padding == (0, 0) for w in windows):
        return None, ""
    if any(w.extension(n) for w, n in zip(windows, spatial, strict=True)):
        return None, ("no composition either: the ceil-mode windows divide by their input and padding cells but not "
                      "by the ceil extension beyond them, and an average of a zero-padded input counts either every "
                      "cell (VALID) or only the input cells (SAME)")
    padded_spatial = tuple(n + sum(w.padding) for w, n in zip(windows, spatial, strict=True))
    want = PoolSpec(tuple(Window(w.kernel, w.stride, w.dilation) for w in windows), MeanReduction("valid"))
    source_divisors = np.asarray(divisor_array(spec, spatial, red.divisor))
    if not np.all(source_divisors == spec.kernel_area()) or \
            want.output_spatial(padded_spatial) != spec.output_spatial(spatial):
        return None, "no composition either: some windows reach past the padding"
    lead = 1 if target.channels_last else 2
    padded_shape = list(shape)
    for k, n in enumerate(padded_spatial):
        padded_shape[lead + k] = n
    proposals = target.pool(want, padded_spatial, dtype)
    if isinstance(proposals, str):
        return None, proposals
    for proposal in proposals:
        why, _ = _check(proposal, want, padded_spatial, tuple(padded_shape), dtype)
        if not why:
            pads = [w.padding for w in windows]
            return [f"v = {target.zero_pad('v', pads)}  # the explicit padding, zeros (spatial axes)",
                    f"v = {proposal[2]('v')}  # {proposal[0]}, every cell counted"], ""
    return None, "no composition either: the target has no unpadded average of these windows"


def _compose_adaptive(target: PoolTarget, spec: PoolSpec) -> list[str] | None:
    """Adaptive windows (max, or a mean over the input cells) as one reduction per window and
    axis, concatenated: a window is a box, so reducing one axis after another reduces the box."""
    red = spec.reduction
    kind = "max" if isinstance(red, MaxReduction) else "mean" if (
        isinstance(red, MeanReduction) and red.divisor == "valid") else ""
    if not kind or target.window_reduce is None or target.concat is None:
        return None
    if not all(isinstance(a, AdaptiveWindows) for a in spec.axes):
        return None
    lines = []
    lead = 1 if target.channels_last else 2
    for k, a in enumerate(spec.axes):
        assert isinstance(a, AdaptiveWindows)
        axis = lead + k
        parts = [target.window_reduce("v", axis, s, e, kind) for s, e in zip(a.starts, a.ends, strict=True)]
        lines.append(f"v = {target.concat(parts, axis)}  # spatial axis {k}: {len(parts)} adaptive windows")
    return lines
