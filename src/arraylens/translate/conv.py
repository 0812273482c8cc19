"""Translate a forward convolution (cross-correlation) between PyTorch, TensorFlow and ONNX.

The source call's plan (:class:`arraylens.ops.conv.plan.ConvPlan`) gives the canonical form:
input ``(N, *spatial, C_in)``, weight ``(*kernel, C_in/groups, C_out)``, stride, dilation,
groups and the ``(before, after)`` zero padding per spatial axis (negative: a crop). The target
call is written from it: the layouts by transposition, the padding in the call where the target
can say it (PyTorch: the same on both sides; TensorFlow 2-d: explicit pairs; ONNX: any
non-negative pads), otherwise as a NumPy pad or slice of the input before the call; the bias in
the call (PyTorch, ONNX) or added after it (TensorFlow). The target's own arraylens front-end
must accept the call and give the source's result shape (a refusal, e.g. TensorFlow's CPU
kernels and strides with dilations, makes the translation impossible, with its reason).

Sources: ``torch.conv{1,2,3}d`` (``F.conv2d``...), ``tf.nn.conv{1,2,3}d``, ``onnx.Conv``;
targets ``torch``, ``tensorflow``, ``onnx``.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arraylens import frontends
from arraylens.core import registry
from arraylens.core.errors import ArgumentError
from arraylens.ops.conv.plan import ConvPlan

__all__ = ["SOURCES", "TARGETS", "ConvTranslation", "translate"]

frontends.load()
_FORWARD = ("torch.conv1d", "torch.conv2d", "torch.conv3d", "tf.nn.conv1d", "tf.nn.conv2d", "tf.nn.conv3d",
            "onnx.Conv")
#: Source op names (and aliases) -> their registry entry.
SOURCES = {name: registry.get(name) for name in registry.names() if registry.get(name).op in _FORWARD}
TARGETS = ("torch", "tensorflow", "onnx")


def _array_names(op: str) -> tuple[str, str, str | None]:
    params = list(inspect.signature(registry.get(op).fn).parameters)
    bias = next((p for p in params[2:3] if p in ("bias", "B")), None)
    return params[0], params[1], bias


@dataclass
class ConvTranslation:
    """The target code equivalent to a source forward convolution.

    Attributes
    ----------
    source_op, target : str
    possible : bool
    exact : bool
        True for every possible translation.
    reason : str
        Why not (``possible`` False).
    code : str
        From NumPy ``x``, ``w`` (``b``) in the source's layouts to NumPy ``y``.
    notes : list of str
    """

    source_op: str
    target: str
    possible: bool
    exact: bool = False
    reason: str = ""
    code: str = ""
    notes: list[str] = field(default_factory=list)
    _source_arguments: dict[str, Any] = field(default_factory=dict)
    _target_op: str = ""
    _target_arguments: dict[str, Any] = field(default_factory=dict)
    _steps: dict[str, Any] = field(default_factory=dict)

    @property
    def array_arguments(self) -> list[tuple[str, str]]:
        """``(variable, source argument)`` of the arrays the code reads."""
        x, w, b = _array_names(self.source_op)
        names = [("x", x), ("w", w)]
        if b is not None and self._source_arguments.get(b) is not None:
            names.append(("b", b))
        return names

    def run_target(self, x: Any, w: Any, b: Any = None) -> np.ndarray:
        """The target call computed by arraylens's front-end of it, on source-layout arrays."""
        if not self.possible:
            raise ArgumentError(f"no translation of {self.source_op} to {self.target}: {self.reason}")
        s = self._steps
        xa = np.asarray(x)[None] if s["add_batch"] else np.asarray(x)
        xt = np.transpose(xa, s["x_perm"])
        xt = np.pad(xt, s["np_pad"])[s["np_slice"]]
        wt = np.transpose(np.asarray(w), s["w_perm"])
        fn = registry.get(self._target_op).fn
        if self.target == "tensorflow":
            y = fn(xt, wt, **self._target_arguments)
            if b is not None:
                y = y + np.asarray(b, dtype=y.dtype)
        else:
            y = fn(xt, wt, b, **self._target_arguments)
        y = np.transpose(y, s["out_perm"])
        return y[0] if s["add_batch"] else y

    def verify(self, x: Any, w: Any, b: Any = None) -> float:
        """Largest ``|difference|`` between the source and the target, both through arraylens."""
        xn, wn, bn = _array_names(self.source_op)
        args = dict(self._source_arguments)
        args[xn], args[wn] = x, w
        if bn is not None:
            args[bn] = b
        expected = registry.get(self.source_op).fn(**args)
        got = self.run_target(x, w, b)
        if got.shape != expected.shape:
            raise ValueError(f"translated result has shape {got.shape}, the source {expected.shape}")  # a bug
        return float(np.max(np.abs(got - expected))) if got.size else 0.0

    def __str__(self) -> str:
        head = f"{self.source_op} -> {self.target}: "
        if not self.possible:
            return head + "no translation: " + self.reason
        return head + "exact\n" + "".join(f"# {n}\n" for n in self.notes) + self.code


def _channels_first(nd: int) -> tuple[int, ...]:
    """Canonical (N, *spatial, C) -> (N, C, *spatial)."""
    return (0, nd + 1, *range(1, nd + 1))


def translate(source_op: str, target_framework: str, **source_arguments: Any) -> ConvTranslation:
    """The ``target_framework`` code that computes the forward convolution ``source_op(**source_arguments)``.

    Parameters
    ----------
    source_op : str
        ``torch.conv{1,2,3}d``, ``tf.nn.conv{1,2,3}d``, ``onnx.Conv`` (or an alias).
    target_framework : {'torch', 'tensorflow', 'onnx'}
    **source_arguments
        The source call's arguments; the arrays' shapes and dtypes matter, not their values.

    Returns
    -------
    ConvTranslation

    Raises
    ------
    ValueError (ArgumentError)
        For an unknown source or target, or arguments the source refuses (its own message).
    """
    if source_op not in SOURCES:
        raise ArgumentError(f"unknown source op {source_op!r}; known: {', '.join(sorted(SOURCES))}")
    if target_framework not in TARGETS:
        raise ArgumentError(f"forward convolutions translate to {', '.join(TARGETS)}, not {target_framework!r}")
    plan = SOURCES[source_op].fn.build_plan(**source_arguments)
    assert isinstance(plan, ConvPlan)
    spec, nd = plan.spec, plan.spec.ndim
    _, _, bias_name = _array_names(source_op)
    has_bias = bias_name is not None and source_arguments.get(bias_name) is not None
    x_map, w_map, out_map = plan.layouts.x, plan.layouts.w, plan.layouts.out
    src_x = x_map.perm if not x_map.add_batch else (0, *(p + 1 for p in x_map.perm))
    src_out = out_map.perm if not out_map.add_batch else (0, *(p + 1 for p in out_map.perm))
    if target_framework == "tensorflow":
        q_x, q_w, q_out = tuple(range(nd + 2)), tuple(range(nd + 2)), tuple(range(nd + 2))
    else:  # torch and ONNX: (N, C, *spatial), weight (C_out, C_in/groups, *kernel)
        q_x, q_out = _channels_first(nd), _channels_first(nd)
        q_w = (nd + 1, nd, *range(nd))
    x_perm = tuple(src_x[i] for i in q_x)
    w_perm = tuple(w_map.perm[i] for i in q_w)
    # target output -> canonical -> the source caller's layout
    to_canonical = tuple(int(i) for i in np.argsort(q_out))
    from_canonical = tuple(int(i) for i in np.argsort(src_out))
    out_perm = tuple(to_canonical[i] for i in from_canonical)
    spatial = [q_x.index(a) for a in range(1, nd + 1)]  # the target input's spatial axes
    pads = spec.padding
    crop = [(max(-b, 0), max(-e, 0)) for b, e in pads]
    grow = [(max(b, 0), max(e, 0)) for b, e in pads]
    in_call: list[tuple[int, int]] = [(0, 0)] * nd
    np_pad = [(0, 0)] * (nd + 2)
    name = ""
    args: dict[str, Any] = {}
    if target_framework == "torch":
        name = f"torch.conv{nd}d"
        if all(b == e for b, e in grow):
            in_call = grow
        else:
            for a, g in zip(spatial, grow, strict=True):
                np_pad[a] = g
        args = {"stride": spec.stride, "padding": tuple(b for b, _ in in_call), "dilation": spec.dilation,
                "groups": spec.groups}
    elif target_framework == "tensorflow":
        name = f"tf.nn.conv{nd}d"
        if nd == 2 and any(g != (0, 0) for g in grow):
            in_call = grow
            padding: Any = [[0, 0], *[list(g) for g in grow], [0, 0]]
        else:
            for a, g in zip(spatial, grow, strict=True):
                np_pad[a] = g
            padding = "VALID"
        args = {("stride" if nd == 1 else "strides"): [1, *spec.stride, 1], "padding": padding,
                "dilations": [1, *spec.dilation, 1]}
        if spec.groups > 1:
            return ConvTranslation(source_op, target_framework, False, reason=(
                f"tf.nn.conv{nd}d has no groups argument (groups={spec.groups}); TensorFlow's CPU kernels do not "
                "run grouped convolutions: split the channels into groups and concatenate"))
    else:
        name = "onnx.Conv"
        in_call = grow
        args = {"pads": [b for b, _ in grow] + [e for _, e in grow], "strides": list(spec.stride),
                "dilations": list(spec.dilation), "group": spec.groups,
                "kernel_shape": list(plan.w.shape[:nd])}
    np_slice = [slice(None)] * (nd + 2)
    for a, (lo, hi) in zip(spatial, crop, strict=True):
        if lo or hi:
            np_slice[a] = slice(lo, -hi if hi else None)
    steps = {"add_batch": x_map.add_batch, "x_perm": x_perm, "w_perm": w_perm, "out_perm": out_perm,
             "np_pad": np_pad, "np_slice": tuple(np_slice)}
    t = ConvTranslation(source_op, target_framework, True, exact=True, _source_arguments=dict(source_arguments),
                        _target_op=name, _target_arguments=args, _steps=steps)
    # the target's own front-end must accept the call and give the source's shape
    canon_x = plan.x.shape
    xt_shape = [canon_x[i] for i in q_x]
    for a, (lo, hi), (b, e) in zip(spatial, crop, [np_pad[a] for a in spatial], strict=True):
        xt_shape[a] += b + e - lo - hi
    wt_shape = [plan.w.shape[i] for i in q_w]
    probe_x = np.broadcast_to(np.zeros((), plan.x.dtype), xt_shape)
    probe_w = np.broadcast_to(np.zeros((), plan.w.dtype), wt_shape)
    try:
        target_fn = registry.get(name).fn
        target_plan = (target_fn.build_plan(probe_x, probe_w, **args) if target_framework == "tensorflow"
                       else target_fn.build_plan(probe_x, probe_w, None, **args))
        assert isinstance(target_plan, ConvPlan)
    except (ValueError, TypeError) as exc:
        return ConvTranslation(source_op, target_framework, False, reason=f"{name} refuses it: {exc}")
    if tuple(target_plan.canonical_out_shape) != tuple(plan.canonical_out_shape):  # pragma: no cover - a bug
        raise ValueError(f"the translation to {name} gives {target_plan.canonical_out_shape}, the source "
                         f"{plan.canonical_out_shape}")
    t.notes = [f"canonical form: stride {spec.stride}, dilation {spec.dilation}, groups {spec.groups}, zero padding "
               f"(before, after) per spatial axis {spec.padding}"]
    if any(p != (0, 0) for p in np_pad) or any(c != (0, 0) for c in crop):
        t.notes.append(f"{name} cannot say this padding in the call: the input is padded (or cropped) before it")
    t.code = _code(t, has_bias)
    return t


def _code(t: ConvTranslation, has_bias: bool) -> str:
    s, a = t._steps, t._target_arguments
    lines = ["import numpy as np"]
    lines.append(f"xt = np.transpose({'x[None]' if s['add_batch'] else 'x'}, {s['x_perm']})  # input in the "
                 "target's layout")
    if any(p != (0, 0) for p in s["np_pad"]):
        lines.append(f"xt = np.pad(xt, {s['np_pad']})  # the zero padding the call cannot say")
    if any(sl != slice(None) for sl in s["np_slice"]):
        parts = [":" if sl == slice(None) else f"{sl.start}:{'' if sl.stop is None else sl.stop}"
                 for sl in s["np_slice"]]
        lines.append(f"xt = xt[{', '.join(parts)}]  # negative padding: a crop")
    lines.append(f"wt = np.transpose(w, {s['w_perm']})  # weight in the target's layout")
    nd = len(s["x_perm"]) - 2
    if t.target == "torch":
        lines += ["import torch",
                  f"y = torch.nn.functional.conv{nd}d(torch.from_numpy(np.ascontiguousarray(xt)), "
                  f"torch.from_numpy(np.ascontiguousarray(wt)), {'torch.from_numpy(b)' if has_bias else 'None'}, "
                  f"stride={a['stride']}, padding={a['padding']}, dilation={a['dilation']}, "
                  f"groups={a['groups']}).numpy()"]
    elif t.target == "tensorflow":
        stride = "stride" if nd == 1 else "strides"
        lines += ["import tensorflow as tf",
                  f"y = tf.nn.conv{nd}d(xt, wt, {stride}={a[stride]}, padding={a['padding']!r}, "
                  f"dilations={a['dilations']}).numpy()"]
        if has_bias:
            lines.append("y = y + b  # tf.nn.conv has no bias: added after the call")
    else:
        attrs = ", ".join(f"{k}={v!r}" for k, v in a.items())
        names = ["X", "W"] + (["B"] if has_bias else [])
        feed_b = ", 'B': b.astype(np.float32)" if has_bias else ""
        lines += [
            "import onnxruntime",
            "from onnx import TensorProto, helper",
            f"feeds = {{'X': np.ascontiguousarray(xt, np.float32), 'W': np.ascontiguousarray(wt, np.float32)"
            f"{feed_b}}}  # onnxruntime's CPU Conv is float32",
            f"node = helper.make_node('Conv', {names}, ['Y'], {attrs})",
            "graph = helper.make_graph([node], 'g', [helper.make_tensor_value_info(k, TensorProto.FLOAT, v.shape) "
            "for k, v in feeds.items()], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, None)])",
            "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 22)])",
            "model.ir_version = 10",
            "session = onnxruntime.InferenceSession(model.SerializeToString(), providers=['CPUExecutionProvider'])",
            "y = session.run(None, feeds)[0]",
        ]
    lines.append(f"y = np.transpose(y, {s['out_perm']})  # back to the source's output layout")
    if s["add_batch"]:
        lines.append("y = y[0]")
    return "\n".join(lines)
