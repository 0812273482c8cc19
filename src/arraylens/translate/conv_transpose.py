"""Translate a transposed convolution from one framework's convention into another's.

``translate(source_op, target_framework, **source_arguments)`` builds the source call's
canonical plan (stride, dilation, groups and the ``(begin, end)`` crop of the full result), then
searches the target framework's arguments whose plan has the same canonical form. What the
target cannot express (e.g. TensorFlow's asymmetric SAME crop in PyTorch) becomes an explicit
slice (or zero padding) after the call. The result carries the target's arguments, the layout
permutations, a runnable code snippet and ``verify(x, w)``, which runs both calls through
arraylens and reports the largest difference.

Sources and targets are read from :mod:`arraylens.core.registry`: each front-end module
registers its transposed convolutions with their inverse rule (the candidate arguments for a
canonical plan) and snippet writer, beside its forward rule. Supported sources:
``tf.nn.conv{1,2,3}d_transpose``, ``tf.nn.conv_transpose``,
``torch.conv_transpose{1,2,3}d`` (also spelled ``torch.nn.functional.conv_transpose2d`` or
``F.conv_transpose2d``), ``onnx.ConvTranspose``, ``keras.Conv{1,2,3}DTranspose``,
``jax.lax.conv_transpose``. Targets (the frameworks that register one): ``tensorflow``,
``torch``, ``onnx``, ``keras``, ``jax``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from arraylens import frontends
from arraylens.core import registry
from arraylens.core.axis_map import AxisMap
from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import Explainable
from arraylens.core.registry import TranslateRule
from arraylens.ops.conv.plan import ConvTransposePlan, Layouts

__all__ = ["SOURCES", "TARGETS", "Translation", "shape_only", "translate"]


def shape_only(shape: tuple[int, ...] | list[int], dtype: Any = np.float32) -> np.ndarray:
    """A read-only array of zeros of ``shape`` that takes no memory (every element is one zero).

    Translating reads the operands' shapes only: pass these as the source's arrays to translate
    a call on inputs too large to allocate, e.g. ``translate(op, "torch",
    input=shape_only((1, 100000, 100000, 100000)), ...)``.
    """
    return np.broadcast_to(np.zeros((), dtype=dtype), tuple(shape))


@dataclass(frozen=True)
class _Source:
    """A registered transposed convolution that translate reads: its callable and argument names."""

    fn: Explainable[..., np.ndarray]
    rule: TranslateRule

    @property
    def input(self) -> str:
        return self.rule.input

    @property
    def weight(self) -> str:
        return self.rule.weight

    @property
    def bias(self) -> str | None:
        return self.rule.bias


def _sources() -> dict[str, _Source]:
    frontends.load()
    table: dict[str, _Source] = {}
    for name in registry.names():
        entry = registry.get(name)
        if entry.translate is not None:
            table[name] = _Source(entry.fn, entry.translate)
    return table


SOURCES = _sources()
#: The target frameworks, in registration order.
TARGETS = tuple(
    dict.fromkeys(e.framework for e in registry.entries() if e.translate is not None and e.translate.target)
)


def _perm_between(src: AxisMap, dst: AxisMap) -> tuple[int, ...]:
    """Axes permutation taking an array in ``src``'s caller layout to ``dst``'s (both batched)."""
    inverse_dst = dst.inverse
    return tuple(src.perm[j] for j in inverse_dst)


@dataclass
class Translation:
    """The target call equivalent to a source call.

    Attributes
    ----------
    source_op, target : str
    exact : bool
        True when the target's own arguments express the source's crop (no slice afterwards).
    possible : bool
        False when the target cannot compute the source's result at all (``reason`` says why).
    reason : str
    arguments : dict
        The target call's non-array arguments.
    input_perm, weight_perm, output_perm : tuple of int
        ``np.transpose`` permutations: source input -> target input, source weight -> target
        weight, target output -> source output.
    residual_crop : tuple of (int, int)
        ``(begin, end)`` per spatial axis still to remove from the target's output (negative:
        zeros to add).
    code : str
        A runnable snippet: from NumPy arrays ``x``, ``w`` (and ``b``) in the source's layouts to
        ``y`` in the source's output layout, with the target framework.
    notes : list of str
    """

    source_op: str
    target: str
    possible: bool
    exact: bool = False
    reason: str = ""
    arguments: dict[str, Any] = field(default_factory=dict)
    input_perm: tuple[int, ...] = ()
    weight_perm: tuple[int, ...] = ()
    output_perm: tuple[int, ...] = ()
    residual_crop: tuple[tuple[int, int], ...] = ()
    code: str = ""
    notes: list[str] = field(default_factory=list)
    _source: _Source | None = None
    _source_arguments: dict[str, Any] = field(default_factory=dict)
    _target_fn: Callable[..., np.ndarray] | None = None
    _target_rule: TranslateRule | None = None
    _out_spatial_axes: tuple[int, ...] = ()
    _out_channel_axis: int = -1
    _add_batch: bool = False
    weight_flip: tuple[int, ...] = ()

    def run_target(self, x: Any, w: Any, b: Any = None) -> np.ndarray:
        """The target call (through arraylens) on source-layout arrays, in the source's layout."""
        if not self.possible or self._target_fn is None:
            raise ArgumentError(f"no translation of {self.source_op} to {self.target}: {self.reason}")
        xa, wa = np.asarray(x), np.asarray(w)
        if self._add_batch:
            xa = xa[None]
        xt = np.transpose(xa, self.input_perm)
        wt = np.transpose(wa, self.weight_perm)
        if self.weight_flip:
            wt = np.flip(wt, axis=self.weight_flip)
        # the bias goes in after any residual crop/pad (zero-extended positions hold it too),
        # and always for a target without a bias argument (TensorFlow, JAX)
        no_bias_argument = self._target_rule is not None and self._target_rule.bias is None
        late_bias = b is not None and (no_bias_argument or not self.exact)
        if no_bias_argument:
            y = self._target_fn(xt, wt, **self.arguments)
        else:
            y = self._target_fn(xt, wt, None if late_bias else b, **self.arguments)
        y = _apply_crop(y, self._out_spatial_axes, self.residual_crop)
        if late_bias:
            y = y + np.asarray(b, dtype=y.dtype).reshape(self._bias_shape(y.ndim))
        y = np.transpose(y, self.output_perm)
        return y[0] if self._add_batch else y

    def _bias_shape(self, ndim: int) -> tuple[int, ...]:
        """Shape that broadcasts a bias along the target output's channel axis."""
        axis = self._out_channel_axis % ndim
        if axis == ndim - 1:
            return (-1,)
        shape = [1] * ndim
        shape[axis] = -1
        return tuple(shape)

    def verify(self, x: Any, w: Any, b: Any = None) -> float:
        """Largest absolute difference between the source call and the translated call, both
        computed by arraylens on ``x``, ``w`` (and bias ``b``) in the source's layouts."""
        assert self._source is not None
        args = dict(self._source_arguments)
        args[self._source.input] = x
        args[self._source.weight] = w
        if self._source.bias is not None:
            args[self._source.bias] = b
        expected = self._source.fn(**args)
        got = self.run_target(x, w, b)
        if got.shape != expected.shape:
            raise ValueError(  # not the caller's mistake: the translation disagrees with its source (a bug)
                f"translated result has shape {got.shape}, the source {expected.shape}"
            )
        return float(np.max(np.abs(got - expected))) if got.size else 0.0

    def __str__(self) -> str:
        head = f"{self.source_op} -> {self.target}: "
        if not self.possible:
            return head + "no translation: " + self.reason
        kind = "exact" if self.exact else "needs a crop/pad after the call: " + self.reason
        return head + kind + "\n" + "\n".join(f"# {n}" for n in self.notes) + "\n" + self.code


def _apply_crop(
    y: np.ndarray, axes: tuple[int, ...], crop: tuple[tuple[int, int], ...]
) -> np.ndarray:
    if not crop or all(c == (0, 0) for c in crop):
        return y
    pad = [(0, 0)] * y.ndim
    for a, (b, e) in zip(axes, crop, strict=True):
        pad[a] = (max(-b, 0), max(-e, 0))
    y = np.pad(y, pad)
    sl = [slice(None)] * y.ndim
    for a, (b, e) in zip(axes, crop, strict=True):
        sl[a] = slice(max(b, 0), y.shape[a] - max(e, 0))
    return y[tuple(sl)]


def _same_spec(plan: ConvTransposePlan, ref: ConvTransposePlan) -> bool:
    return (
        plan.spec.stride == ref.spec.stride
        and plan.spec.dilation == ref.spec.dilation
        and plan.spec.groups == ref.spec.groups
    )


# ----------------------------------------------------------------------------------------
# Targets: each registered target's inverse rule yields candidate argument sets; the first whose
# plan has the source's crop wins.
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    """A target front-end and its caller layouts, read from the front-end's own plan."""

    fn: Explainable[..., np.ndarray]
    rule: TranslateRule
    layouts: Layouts  # target input/weight/output -> canonical

    @property
    def spatial_axes(self) -> tuple[int, ...]:
        """The target output's spatial axes (canonical axes 1..nd in the caller's layout)."""
        return self.layouts.out.perm[1:-1]

    @property
    def channel_axis(self) -> int:
        return self.layouts.out.perm[-1]


def _target_source(name: str, nd: int) -> _Source:
    """The registered function that is framework ``name``'s target for ``nd`` spatial axes."""
    for entry in registry.entries(name):
        rule = entry.translate
        if rule is not None and rule.target and rule.ndim in (None, nd):
            return _Source(entry.fn, rule)
    raise ArgumentError(f"unknown target framework {name!r}; choose one of {', '.join(TARGETS)}")


def _build_target_plan(
    rule: TranslateRule, fn: Explainable[..., Any], x: np.ndarray, w: np.ndarray, args: dict[str, Any]
) -> ConvTransposePlan:
    """The target front-end's canonical plan for ``x``, ``w`` (target layouts) and ``args``."""
    if rule.bias is None:
        plan = fn.build_plan(x, w, **args)
    else:
        plan = fn.build_plan(x, w, None, **args)
    plan = getattr(plan, "inner", plan)  # jax's plan wraps the canonical one
    assert isinstance(plan, ConvTransposePlan)
    return plan


@cache
def _target(name: str, nd: int) -> _Target:
    """The target front-end, with the layouts its own plan reports for a batched call of rank
    ``nd + 2`` (built once on arrays of ones: layouts depend on the arguments, not the sizes)."""
    source = _target_source(name, nd)
    ones = np.ones((1,) * (nd + 2))
    plan = _build_target_plan(source.rule, source.fn, ones, ones, source.rule.probe(nd))
    return _Target(source.fn, source.rule, plan.layouts)


def _why_impossible(name: str, rule: TranslateRule, ref: ConvTransposePlan) -> str:
    if not rule.grouped and ref.spec.groups > 1:
        return (
            f"{name} has no grouped transposed convolution (groups={ref.spec.groups}); "
            "split the channels into groups and concatenate the results"
        )
    return rule.refuse(ref)


def translate(source_op: str, target_framework: str, **source_arguments: Any) -> Translation:
    """The ``target_framework`` call that computes what ``source_op(**source_arguments)`` does.

    Parameters
    ----------
    source_op : str
        e.g. ``'tf.nn.conv2d_transpose'``, ``'torch.conv_transpose2d'``,
        ``'onnx.ConvTranspose'``, ``'keras.Conv2DTranspose'``.
    target_framework : {'tensorflow', 'torch', 'onnx', 'keras', 'jax'}
    **source_arguments
        The source call's arguments by name, arrays included (their shapes matter; the values
        do not).

    Returns
    -------
    Translation
        ``possible`` False with ``reason`` when no translation exists (e.g. groups into
        TensorFlow); otherwise the target's arguments, permutations, any residual crop, a code
        snippet and ``verify(x, w, b=None)``.

    Raises
    ------
    ValueError
        For an unknown source op or target, or source arguments the source rejects.
    """
    if source_op not in SOURCES:
        raise ArgumentError(f"unknown source op {source_op!r}; known: {', '.join(sorted(SOURCES))}")
    if target_framework not in TARGETS:
        raise ArgumentError(
            f"unknown target framework {target_framework!r}; choose one of {', '.join(TARGETS)}"
        )
    source = SOURCES[source_op]
    for needed in (source.input, source.weight):
        if needed not in source_arguments:
            raise ArgumentError(f"{source_op} needs the argument {needed!r} (its shape is used)")
    built = source.fn.build_plan(**source_arguments)
    ref = getattr(built, "inner", built)  # jax's plan wraps the canonical one
    source_flip = tuple(getattr(built, "flipped_axes", ()))  # jax: canonical kernel = rot180(rhs)
    if not isinstance(ref, ConvTransposePlan):
        raise ArgumentError(f"{source_op} is not a transposed convolution")
    nd = ref.spec.ndim
    tgt = _target(target_framework, nd)
    reason = _why_impossible(target_framework, tgt.rule, ref)

    def make(**fields: Any) -> Translation:
        return Translation(
            source_op=source_op,
            target=target_framework,
            _source=source,
            _source_arguments=dict(source_arguments),
            **fields,
        )

    if reason:
        return make(possible=False, reason=reason)
    src_x_map = _batched(ref.layouts.x)  # batched view of the source input
    src_out_map = _batched(ref.layouts.out)
    input_perm = _perm_between(src_x_map, tgt.layouts.x)
    weight_perm = _perm_between(ref.layouts.w, tgt.layouts.w)
    output_perm = _perm_between(tgt.layouts.out, src_out_map)
    # the candidates' plans need shapes only: zero-strided views, nothing of the input's size
    x_t = shape_only(tgt.layouts.x.shape_from_canonical(ref.x.shape), ref.x.dtype)
    w_t = shape_only(tgt.layouts.w.shape_from_canonical(ref.w.shape), ref.w.dtype)
    chosen: tuple[dict[str, Any], tuple[tuple[int, int], ...]] | None = None
    assert tgt.rule.candidates is not None
    for args, residual in tgt.rule.candidates(ref):
        try:
            plan = _build_target_plan(tgt.rule, tgt.fn, x_t, w_t, args)
        except (ValueError, TypeError):
            continue
        # the layouts the perms above were made with are the candidate's own
        assert plan.layouts.x == tgt.layouts.x and plan.layouts.w == tgt.layouts.w, args
        assert plan.layouts.out == tgt.layouts.out, args
        if not _same_spec(plan, ref):
            continue
        got = tuple(
            (b + rb, e + re) for (b, e), (rb, re) in zip(plan.spec.crop, residual, strict=True)
        )
        if got == ref.spec.crop:
            chosen = (args, residual)
            break
    if chosen is None:
        return make(possible=False, reason="no argument set of the target reproduces the crop")
    args, residual = chosen
    exact = all(r == (0, 0) for r in residual)
    notes = [
        f"canonical form: stride {ref.spec.stride}, dilation {ref.spec.dilation}, "
        f"groups {ref.spec.groups}, crop (begin, end) of the full result {ref.spec.crop}"
    ]
    why = ""
    if not exact:
        computed = tuple(
            (b - rb, e - re) for (b, e), (rb, re) in zip(ref.spec.crop, residual, strict=True)
        )
        why = (
            f"{target_framework}'s arguments cannot express the crop {ref.spec.crop}; the call "
            f"computes crop {computed} and the snippet slices (or zero-pads) {residual} afterwards"
        )
        notes.append(why)
    notes += tgt.rule.notes(ref)
    add_batch = ref.layouts.x.add_batch
    weight_flip = tgt.layouts.w.perm[:nd] if source_flip else ()
    if weight_flip:
        notes.append(
            "jax.lax.conv_transpose (transpose_kernel=False) correlates with rhs unrotated: "
            "the target's kernel is rhs rotated by 180 degrees (np.flip on the spatial axes)"
        )
    if add_batch:
        notes.append("the source input is unbatched: the snippet adds a batch axis and drops it")
    translation = make(
        possible=True,
        exact=exact,
        reason=why,
        arguments=args,
        input_perm=input_perm,
        weight_perm=weight_perm,
        output_perm=output_perm,
        residual_crop=residual,
        notes=notes,
        _target_fn=tgt.fn,
        _target_rule=tgt.rule,
        _out_spatial_axes=tgt.spatial_axes,
        _out_channel_axis=tgt.channel_axis,
        _add_batch=add_batch,
        weight_flip=weight_flip,
    )
    has_bias = source.bias is not None and source_arguments.get(source.bias) is not None
    translation.code = _code(translation, nd, has_bias)
    return translation


def _slice_code(
    var: str, ndim: int, axes: tuple[int, ...], crop: tuple[tuple[int, int], ...]
) -> list[str]:
    if all(c == (0, 0) for c in crop):
        return []
    lines = []
    if any(b < 0 or e < 0 for b, e in crop):
        pads = [(0, 0)] * ndim
        for a, (b, e) in zip(axes, crop, strict=True):
            pads[a] = (max(-b, 0), max(-e, 0))
        lines.append(f"{var} = np.pad({var}, {pads})  # zeros the target cannot produce")
    sl = [":"] * ndim
    for a, (b, e) in zip(axes, crop, strict=True):
        b, e = max(b, 0), max(e, 0)
        if (b, e) != (0, 0):
            sl[a] = f"{b}:{f'-{e}' if e else ''}"
    if any(s != ":" for s in sl):
        lines.append(f"{var} = {var}[{', '.join(sl)}]  # the crop the target cannot express")
    return lines


def _code(t: Translation, nd: int, has_bias: bool) -> str:
    """A snippet from NumPy ``x``, ``w`` (``b``) in the source's layouts to NumPy ``y``."""
    lines = ["import numpy as np"]
    xin = "x[None]" if t._add_batch else "x"
    lines.append(f"xt = np.transpose({xin}, {t.input_perm})  # input in the target's layout")
    lines.append(f"wt = np.transpose(w, {t.weight_perm})  # weight in the target's layout")
    if t.weight_flip:
        lines.append(
            f"wt = np.flip(wt, axis={t.weight_flip}).copy()  # rotate the kernel 180 degrees"
        )
    out_ndim = nd + 2
    no_bias_argument = t._target_rule is not None and t._target_rule.bias is None
    late_bias = has_bias and (no_bias_argument or not t.exact)
    has_bias = has_bias and not late_bias
    assert t._target_rule is not None and t._target_rule.snippet is not None
    lines += t._target_rule.snippet(t.arguments, nd, has_bias)
    lines += _slice_code("y", out_ndim, t._out_spatial_axes, t.residual_crop)
    if late_bias:
        lines.append(f"y = y + b.reshape({t._bias_shape(out_ndim)})  # the bias, after the crop")
    lines.append(f"y = np.transpose(y, {t.output_perm})  # back to the source's output layout")
    if t._add_batch:
        lines.append("y = y[0]")
    return "\n".join(lines)


def _batched(m: AxisMap) -> AxisMap:
    """The map of the caller's array with its batch axis present (an unbatched caller's axes
    shift by one behind the added batch axis)."""
    if m.add_batch:
        return AxisMap((0, *(p + 1 for p in m.perm)))
    return m
