"""Translate a transposed convolution from one framework's convention into another's.

``translate(source_op, target_framework, **source_arguments)`` builds the source call's
canonical plan (stride, dilation, groups and the ``(begin, end)`` crop of the full result), then
searches the target framework's arguments whose plan has the same canonical form. What the
target cannot express (e.g. TensorFlow's asymmetric SAME crop in PyTorch) becomes an explicit
slice (or zero padding) after the call. The result carries the target's arguments, the layout
permutations, a runnable code snippet and ``verify(x, w)``, which runs both calls through
arraylens and reports the largest difference.

Supported sources: ``tf.nn.conv{1,2,3}d_transpose``, ``tf.nn.conv_transpose``,
``torch.conv_transpose{1,2,3}d`` (also spelled ``torch.nn.functional.conv_transpose2d`` or
``F.conv_transpose2d``), ``onnx.ConvTranspose``, ``keras.Conv{1,2,3}DTranspose``,
``jax.lax.conv_transpose``. Targets: ``tensorflow``, ``torch``, ``onnx``, ``keras``, ``jax``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from arraylens.core.axis_map import AxisMap
from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import Explainable
from arraylens.frontends import jax as al_jax
from arraylens.frontends import keras as al_keras
from arraylens.frontends import onnx as al_onnx
from arraylens.frontends import tensorflow as al_tf
from arraylens.frontends import torch as al_torch
from arraylens.ops.conv.plan import ConvTransposePlan, Layouts

__all__ = ["TARGETS", "Translation", "translate"]

TARGETS = ("tensorflow", "torch", "onnx", "keras", "jax")
NO_BIAS_ARGUMENT = ("tensorflow", "jax")


@dataclass(frozen=True)
class _Source:
    fn: Explainable[..., np.ndarray]
    input: str
    weight: str
    bias: str | None


def _sources() -> dict[str, _Source]:
    table: dict[str, _Source] = {}
    for nd in (1, 2, 3):
        tf_fn = getattr(al_tf, f"conv{nd}d_transpose")
        table[f"tf.nn.conv{nd}d_transpose"] = _Source(tf_fn, "input", "filters", None)
        t_fn = getattr(al_torch, f"conv_transpose{nd}d")
        for prefix in ("torch.", "torch.nn.functional.", "F."):
            table[f"{prefix}conv_transpose{nd}d"] = _Source(t_fn, "input", "weight", "bias")
        table[f"keras.Conv{nd}DTranspose"] = _Source(
            getattr(al_keras, f"conv{nd}d_transpose"), "inputs", "kernel", "bias"
        )
        table[f"keras.layers.Conv{nd}DTranspose"] = table[f"keras.Conv{nd}DTranspose"]
    table["tf.nn.conv_transpose"] = _Source(al_tf.conv_transpose, "input", "filters", None)
    table["onnx.ConvTranspose"] = _Source(al_onnx.conv_transpose, "X", "W", "B")
    table["jax.lax.conv_transpose"] = _Source(al_jax.conv_transpose, "lhs", "rhs", None)
    return table


SOURCES = _sources()


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
        # and always for TensorFlow, whose transposed convolution has no bias argument
        late_bias = b is not None and (self.target in NO_BIAS_ARGUMENT or not self.exact)
        if self.target in NO_BIAS_ARGUMENT:
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
# Targets: each yields candidate argument sets; the first whose plan has the source's crop wins.
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    """A target front-end and its caller layouts, read from the front-end's own plan."""

    fn: Explainable[..., np.ndarray]
    layouts: Layouts  # target input/weight/output -> canonical

    @property
    def spatial_axes(self) -> tuple[int, ...]:
        """The target output's spatial axes (canonical axes 1..nd in the caller's layout)."""
        return self.layouts.out.perm[1:-1]

    @property
    def channel_axis(self) -> int:
        return self.layouts.out.perm[-1]


# The arguments that fix each target's layouts: the defaults (channels-last TensorFlow, Keras and
# JAX, channels-first PyTorch and ONNX), and for JAX transpose_kernel=True, which every JAX
# candidate below uses (rhs's O axis holds the input features, like TensorFlow's filters).
_LAYOUT_ARGUMENTS: dict[str, dict[str, Any]] = {"jax": {"transpose_kernel": True}}


def _target_fn(name: str, nd: int) -> Explainable[..., np.ndarray]:
    if name == "torch":
        return getattr(al_torch, f"conv_transpose{nd}d")
    if name == "onnx":
        return al_onnx.conv_transpose
    if name == "tensorflow":
        return getattr(al_tf, f"conv{nd}d_transpose")
    if name == "jax":
        return al_jax.conv_transpose
    if name == "keras":
        return getattr(al_keras, f"conv{nd}d_transpose")
    raise ArgumentError(f"unknown target framework {name!r}; choose one of {', '.join(TARGETS)}")


def _build_target_plan(
    name: str, fn: Explainable[..., Any], x: np.ndarray, w: np.ndarray, args: dict[str, Any]
) -> ConvTransposePlan:
    """The target front-end's canonical plan for ``x``, ``w`` (target layouts) and ``args``."""
    if name in NO_BIAS_ARGUMENT:
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
    fn = _target_fn(name, nd)
    ones = np.ones((1,) * (nd + 2))
    args = dict(_LAYOUT_ARGUMENTS.get(name, {}))
    if name == "tensorflow":
        args.update(output_shape=[1] * (nd + 2), strides=1, padding="VALID")
    elif name == "jax":
        args.update(strides=[1] * nd, padding="VALID")
    plan = _build_target_plan(name, fn, ones, ones, args)
    return _Target(fn, plan.layouts)


def _candidates(
    name: str, ref: ConvTransposePlan
) -> Iterator[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]:
    """(arguments, expected residual crop) pairs, exact ones first, the fallback last."""
    nd = ref.spec.ndim
    s, d, crop = ref.spec.stride, ref.spec.dilation, ref.spec.crop
    n, c_out = ref.x.shape[0], ref.w.shape[-1] * ref.spec.groups
    full = ref.spec.full_size(ref.x.shape[1:-1], ref.kernel)
    out = tuple(f - b - e for f, (b, e) in zip(full, crop, strict=True))
    zero = ((0, 0),) * nd
    if name == "torch":
        base = {"stride": s, "dilation": d, "groups": ref.spec.groups}
        yield (
            {
                **base,
                "padding": tuple(b for b, _ in crop),
                "output_padding": tuple(b - e for b, e in crop),
            },
            zero,
        )
        p = tuple(max(0, min(b, e)) for b, e in crop)
        yield (
            {**base, "padding": p, "output_padding": (0,) * nd},
            tuple((b - pp, e - pp) for (b, e), pp in zip(crop, p, strict=True)),
        )
        if any(p):
            # PyTorch refuses an output of size 0 (a JAX source may have one): the full result,
            # sliced to nothing afterwards
            yield {**base, "padding": (0,) * nd, "output_padding": (0,) * nd}, crop
    elif name == "onnx":
        base = {"strides": list(s), "dilations": list(d), "group": ref.spec.groups}
        # Explicit pads express every crop with begin >= 0 and end >= -(stride-1). output_shape
        # and SAME could reach further only through a negative total padding, where
        # onnxruntime departs from the specification, and output_padding >= stride (allowed
        # below the dilation by the specification) is refused by onnxruntime: both are avoided
        # so the snippet runs the same everywhere.
        op = [max(0, -e) for _, e in crop]
        if all(o < ss for o, ss in zip(op, s, strict=True)):
            onnx_pads = [b for b, _ in crop] + [e + o for (_, e), o in zip(crop, op, strict=True)]
            yield {**base, "pads": onnx_pads, "output_padding": op}, zero
        yield {**base, "pads": [0] * (2 * nd)}, crop
    elif name == "tensorflow":
        shape = [n, *out, c_out]
        base = {"strides": list(s), "dilations": list(d)}
        for padding in ("VALID", "SAME"):
            yield {**base, "output_shape": shape, "padding": padding}, zero
        if nd == 2:
            for r in itertools.product(*(range(ss) for ss in s)):
                pads: list[list[int]] = [
                    [0, 0],
                    *[[b, e + rr] for (b, e), rr in zip(crop, r, strict=True)],
                    [0, 0],
                ]
                yield {**base, "output_shape": shape, "padding": pads}, zero
        yield {**base, "output_shape": [n, *full, c_out], "padding": "VALID"}, crop
    elif name == "jax":
        keff = [(k - 1) * dd + 1 for k, dd in zip(ref.kernel, d, strict=True)]
        pairs = [(ke - 1 - b, ke - 1 - e) for ke, (b, e) in zip(keff, crop, strict=True)]
        yield (
            {
                "strides": list(s),
                "padding": pairs,
                "rhs_dilation": list(d),
                "transpose_kernel": True,
            },
            zero,
        )
    elif name == "keras":
        base = {"strides": tuple(s), "dilation_rate": tuple(d)}
        ops: list[Any] = [None, *itertools.product(*(range(ss) for ss in s))]
        for padding in ("valid", "same"):
            for op in ops:
                yield {**base, "padding": padding, "output_padding": op}, zero
        yield {**base, "padding": "valid", "output_padding": 0}, crop


def _why_impossible(name: str, ref: ConvTransposePlan) -> str:
    if name in ("tensorflow", "keras", "jax") and ref.spec.groups > 1:
        return (
            f"{name} has no grouped transposed convolution (groups={ref.spec.groups}); "
            "split the channels into groups and concatenate the results"
        )
    if name == "keras" and max(ref.spec.stride) > 1 and max(ref.spec.dilation) > 1:
        return (
            "Keras refuses strides > 1 together with dilation_rate > 1 "
            f"(strides {ref.spec.stride}, dilation {ref.spec.dilation})"
        )
    return ""


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
    reason = _why_impossible(target_framework, ref)

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
    tgt = _target(target_framework, nd)
    src_x_map = _batched(ref.layouts.x)  # batched view of the source input
    src_out_map = _batched(ref.layouts.out)
    input_perm = _perm_between(src_x_map, tgt.layouts.x)
    weight_perm = _perm_between(ref.layouts.w, tgt.layouts.w)
    output_perm = _perm_between(tgt.layouts.out, src_out_map)
    x_t = np.zeros(tgt.layouts.x.shape_from_canonical(ref.x.shape))
    w_t = np.zeros(tgt.layouts.w.shape_from_canonical(ref.w.shape))
    chosen: tuple[dict[str, Any], tuple[tuple[int, int], ...]] | None = None
    for args, residual in _candidates(target_framework, ref):
        try:
            plan = _build_target_plan(target_framework, tgt.fn, x_t, w_t, args)
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
    if target_framework in ("tensorflow", "keras") and max(ref.spec.dilation) > 1:
        notes.append(
            "TensorFlow's CPU kernels refuse dilations > 1 in a transposed convolution "
            "(GPU runs it); arraylens computes the defined result"
        )
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
    a = t.arguments
    lines = ["import numpy as np"]
    xin = "x[None]" if t._add_batch else "x"
    lines.append(f"xt = np.transpose({xin}, {t.input_perm})  # input in the target's layout")
    lines.append(f"wt = np.transpose(w, {t.weight_perm})  # weight in the target's layout")
    if t.weight_flip:
        lines.append(
            f"wt = np.flip(wt, axis={t.weight_flip}).copy()  # rotate the kernel 180 degrees"
        )
    out_ndim = nd + 2
    late_bias = has_bias and (t.target in NO_BIAS_ARGUMENT or not t.exact)
    has_bias = has_bias and not late_bias
    if t.target == "torch":
        lines += [
            "import torch",
            f"y = torch.nn.functional.conv_transpose{nd}d(torch.from_numpy(xt), "
            f"torch.from_numpy(wt), {'torch.from_numpy(b)' if has_bias else 'None'}, "
            f"stride={a['stride']}, padding={a['padding']}, output_padding={a['output_padding']}, "
            f"groups={a['groups']}, dilation={a['dilation']}).numpy()",
        ]
    elif t.target == "tensorflow":
        lines += [
            "import tensorflow as tf",
            f"y = tf.nn.conv{nd}d_transpose(xt, wt, output_shape={a['output_shape']}, "
            f"strides={a['strides']}, "
            f"padding={a['padding']!r}, dilations={a['dilations']}).numpy()",
        ]
    elif t.target == "jax":
        lines += [
            "import jax  # float64 needs jax.config.update('jax_enable_x64', True)",
            f"y = np.asarray(jax.lax.conv_transpose(xt, wt, strides={a['strides']}, "
            f"padding={a['padding']}, rhs_dilation={a['rhs_dilation']}, transpose_kernel=True))",
        ]
    elif t.target == "keras":
        lines += [
            "import keras",
            f"layer = keras.layers.Conv{nd}DTranspose(filters=wt.shape[-2], "
            f"kernel_size=wt.shape[:{nd}], strides={a['strides']}, padding={a['padding']!r}, "
            f"output_padding={a['output_padding']!r}, "
            f"dilation_rate={a['dilation_rate']}, use_bias={has_bias}, dtype=str(xt.dtype))",
            "layer.build(xt.shape)",
            f"layer.set_weights([wt{', b' if has_bias else ''}])",
            "y = np.asarray(layer(xt))",
        ]
    elif t.target == "onnx":
        attrs = ", ".join(f"{k}={v!r}" for k, v in a.items())
        names = ["X", "W"] + (["B"] if has_bias else [])
        feed_b = ", 'B': b.astype(np.float32)" if has_bias else ""
        lines += [
            "import onnx, onnxruntime",
            "from onnx import TensorProto, helper",
            f"feeds = {{'X': xt.astype(np.float32), 'W': wt.astype(np.float32){feed_b}}}"
            "  # onnxruntime's CPU kernel is float32",
            f"node = helper.make_node('ConvTranspose', {names}, ['Y'], {attrs})",
            "graph = helper.make_graph([node], 'g', "
            "[helper.make_tensor_value_info(k, TensorProto.FLOAT, v.shape) "
            "for k, v in feeds.items()], "
            "[helper.make_tensor_value_info('Y', TensorProto.FLOAT, None)])",
            "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 22)])",
            "model.ir_version = 10",
            "session = onnxruntime.InferenceSession(model.SerializeToString(), "
            "providers=['CPUExecutionProvider'])",
            "y = session.run(None, feeds)[0]",
        ]
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
