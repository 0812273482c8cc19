"""Plans for (transposed) convolutions: canonical operands plus the caller's layouts.

Every convolution front-end (TensorFlow, PyTorch, ONNX, Keras, JAX) builds one of these plans
from its own arguments; computing and explaining are done here, once, in the canonical
channels-last form, and mapped back to the caller's layout.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arraylens.core.axis_map import AxisMap
from arraylens.core.dtype_rules import finish, finished_value, warn_inexact_integers
from arraylens.core.dtypes import result_dtype
from arraylens.core.explanation import Explanation, Section, Term, exact_sum
from arraylens.core.frontend import check_index
from arraylens.core.limits import check_allocation, check_allocations
from arraylens.core.text import count, format_factor, format_index, format_number, format_position, gloss
from arraylens.ops.conv.geometry import ConvTransposeGeometry
from arraylens.ops.conv.kernel import PRODUCT_BUDGET, conv, conv_transpose
from arraylens.ops.conv.rotation import mistaken_pairing
from arraylens.ops.conv.spec import ConvSpec, ConvTransposeSpec, taps


@dataclass(frozen=True)
class Layouts:
    """How the caller's input, weight and output relate to the canonical ones.

    ``names`` are the caller's names for the operands, used in explanations
    (e.g. ``("input", "filters", "out")``).
    """

    x: AxisMap
    w: AxisMap
    out: AxisMap
    names: tuple[str, str, str] = ("x", "w", "out")


def term_lines(terms: Sequence[Term], xname: str, wname: str, limit: int = 12) -> list[str]:
    """``x[i] = a x w[k] = b -> a*b``, one line per product (at most ``limit``, then a count)."""
    lines = [
        f"{xname}{format_index(t.input_index)} = {format_number(t.input_value)} x "
        f"{wname}{format_index(t.weight_index)} = {format_number(t.weight_value)} -> "
        f"{format_number(t.product)}"
        for t in terms[:limit]
    ]
    if len(terms) > limit:
        lines.append(f"... {len(terms) - limit} more terms")
    return lines


def _pairs(pairs: Sequence[tuple[int, int]]) -> str:
    """``((1, 1), (0, 2))`` written without Python's nesting noise: ``(1, 1), (0, 2)``."""
    return ", ".join(format_position(p) for p in pairs)


def per_axis(values: Sequence[int]) -> str:
    """One number when every axis has it (``1``), else one per axis (``(1, 2)``)."""
    return str(values[0]) if len(set(values)) == 1 else format_position(values)


def zeros(values: Sequence[int]) -> str:
    """``1 zero``, ``2 zeros``, ``(1, 2) zeros`` (one count per axis when they differ)."""
    return count(values[0], "zero") if len(set(values)) == 1 else f"{format_position(values)} zeros"


def crop_ends(crop: Sequence[tuple[int, int]]) -> str:
    """The crop of a transposed convolution in words: ``1 removed at the start and 0 at the end of
    every axis``; a negative end adds positions no kernel copy reaches (output_padding)."""

    def ends(b: int, a: int) -> str:
        start = f"{b} removed at the start" if b >= 0 else f"{-b} added at the start"
        end = f"{a} at the end" if a >= 0 else f"{-a} added at the end"
        return f"{start} and {end}"

    if len(set(crop)) == 1:
        b, a = crop[0]
        if b == 0 and a == 0:
            return "nothing removed"
        return f"{ends(b, a)} of {'every axis' if len(crop) > 1 else 'the axis'}"
    return "; ".join(f"{ends(b, a)} of axis {i}" for i, (b, a) in enumerate(crop))


def crop_words(begin: Sequence[int], out_size: Sequence[int], full: Sequence[int]) -> str:
    """Which part of the full result the output keeps, in words."""
    if all(b == 0 for b in begin) and tuple(out_size) == tuple(full):
        return f"the output is the whole full result, {format_position(full)}"
    return (
        f"the output keeps a {format_position(out_size)} part of the full {format_position(full)}, "
        f"starting at {format_position(begin)}"
    )


def overflow_lines(terms: Sequence[Term], bias: float, value: float, dtype: np.dtype[Any]) -> list[str]:
    """Why an element whose products are finite is infinite: its sum overflowed ``dtype``.

    Empty unless ``value`` is infinite while every product's factors are finite (then the
    infinity is the sum's, not an input's). Names the float64 sum of the products, the
    dtype's largest finite value and the products that overflow the dtype on their own.
    """
    if not np.isinf(value) or not all(np.isfinite([t.input_value, t.weight_value]).all() for t in terms):
        return []
    info = np.finfo(dtype)
    exact = exact_sum([t.product for t in terms] + [bias])
    big = [t for t in terms if abs(t.product) > float(info.max)]
    lines = [
        f"The {dtype.name} sum overflowed: the products (and bias) sum to {format_number(exact)} "
        f"in float64, beyond {dtype.name}'s largest finite value {format_number(float(info.max))}, "
        f"so {dtype.name} arithmetic gives {format_number(value)}."
    ]
    if big:
        shown = ", ".join(
            f"({format_number(t.input_value)})({format_number(t.weight_value)}) = {format_number(t.product)}"
            for t in big[:6]
        )
        more = f" (and {len(big) - 6} more)" if len(big) > 6 else ""
        lines.append(f"{len(big)} product(s) overflow {dtype.name} on their own: {shown}{more}.")
    return lines


@dataclass
class _Contribution:
    """Vectorised description of the terms of one output element (canonical indices)."""

    taps: np.ndarray  # (P, nd) kernel tap of each term
    positions: np.ndarray  # (P, nd) input spatial index of each term
    channels: np.ndarray  # (P,) input channel
    w_out_channel: int  # output channel within its group (transpose) or global (forward)
    x_values: np.ndarray
    w_values: np.ndarray


class _CanonicalConv(ABC):
    """What both plans share: kernel size, caller-layout output shape, and finishing a result
    (bias, then the caller's layout)."""

    x: np.ndarray
    w: np.ndarray
    spec: ConvSpec | ConvTransposeSpec
    layouts: Layouts
    bias: np.ndarray | None
    out_dtype: Any
    flush_subnormals: bool

    @property
    def kernel(self) -> tuple[int, ...]:
        return tuple(self.w.shape[: self.spec.ndim])

    @property
    @abstractmethod
    def canonical_out_shape(self) -> tuple[int, ...]:
        """(N, *spatial, C_out): each plan knows its own output channels."""

    @property
    def out_shape(self) -> tuple[int, ...]:
        """Output shape in the caller's layout."""
        return self.layouts.out.shape_from_canonical(self.canonical_out_shape)

    def _add_bias(self, out: np.ndarray) -> np.ndarray:
        """``out``, a result the kernel wrote in the caller's layout, with the bias added in place
        through its canonical view (each element's one addition, as on the canonical result)."""
        if self.bias is not None:
            canon = self.layouts.out.to_canonical(out)
            canon += self.bias.astype(out.dtype, copy=False)
        return out


@dataclass
class ConvTransposePlan(_CanonicalConv):
    """A transposed convolution in canonical form.

    Attributes
    ----------
    op : str
        The framework call, for explanations.
    x : ndarray, shape (N, *spatial, C_in)
        Canonical input.
    w : ndarray, shape (*kernel, C_in, C_out / groups)
        Canonical weight.
    spec : ConvTransposeSpec
    layouts : Layouts
    bias : ndarray of shape (C_out,) or None
    notes : list of str
        Framework-specific facts (e.g. how SAME split its padding) added to explanations.
    describe : callable returning list of str, optional
        More such facts, worked out only when an explanation asks for them.
    out_dtype : numpy dtype or None
        The dtype the framework returns (None: the kernel's float32/float64); applied to the
        computed result by :func:`arraylens.core.dtype_rules.finish`.
    flush_subnormals : bool
        The framework's CPU kernel flushes subnormal results to zero.
    """

    op: str
    x: np.ndarray
    w: np.ndarray
    spec: ConvTransposeSpec
    layouts: Layouts
    bias: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    describe: Callable[[], list[str]] | None = None
    out_dtype: Any = None
    flush_subnormals: bool = False

    @property
    def canonical_out_shape(self) -> tuple[int, ...]:
        size = self.spec.output_size(self.x.shape[1:-1], self.kernel)
        return (self.x.shape[0], *size, self.w.shape[-1] * self.spec.groups)

    @property
    def geometry(self) -> ConvTransposeGeometry:
        """This call as plain data for pictures (see :class:`ConvTransposeGeometry`)."""
        lay = self.layouts
        return ConvTransposeGeometry(
            self.op, self.x, self.w, self.bias, self.spec, lay.x, lay.w, lay.out, lay.names,
            self.out_dtype, self.flush_subnormals,
        )

    def compute(self) -> np.ndarray:
        # An output axis of size 0 (JAX returns such results; the other front-ends refuse them
        # before building a plan) gives an empty result in the dtype the kernel computes in.
        warn_inexact_integers(self.x, self.w, self.bias, self._terms_per_output(), self.out_dtype)
        shape = self.canonical_out_shape
        if 0 in shape[1:-1]:
            out = self.layouts.out.from_canonical_contiguous(self.geometry.compute())
            return finish(out, self.out_dtype, self.flush_subnormals)
        # as the geometry's compute, but the kernel writes the caller's layout itself
        check_allocation(shape, result_dtype(self.x, self.w), f"the result of {self.op}")
        out = conv_transpose(self.x, self.w, self.spec, self.layouts.out)
        return finish(self._add_bias(out), self.out_dtype, self.flush_subnormals)

    def _terms_per_output(self) -> int:
        """The most products one output element sums: every tap times the group's input channels."""
        return math.prod(self.kernel) * (self.x.shape[-1] // self.spec.groups)

    def _contribution(self, idx: tuple[int, ...]) -> _Contribution:
        """Scatter view: input (i, ci) reaches full position i*s + k*d; O(kernel x channels)."""
        n, o, co = idx[0], np.array(idx[1:-1]), idx[-1]
        c_out_g = self.w.shape[-1]
        c_in_g = self.x.shape[-1] // self.spec.groups
        g, co_local = divmod(co, c_out_g)
        stride, dil = np.array(self.spec.stride), np.array(self.spec.dilation)
        begin = np.array([b for b, _ in self.spec.crop])
        tap = taps(self.kernel)
        num = (o + begin)[None, :] - tap * dil[None, :]
        ok = np.all((num >= 0) & (num % stride == 0), axis=1)
        pos = num // stride
        ok &= np.all(pos < np.array(self.x.shape[1:-1]), axis=1)
        tap, pos = tap[ok], pos[ok]
        chans = np.arange(g * c_in_g, (g + 1) * c_in_g)
        t_rep = np.repeat(tap, len(chans), axis=0)
        p_rep = np.repeat(pos, len(chans), axis=0)
        c_rep = np.tile(chans, len(tap))
        xv = self.x[(np.full(len(c_rep), n), *p_rep.T, c_rep)]
        wv = self.w[(*t_rep.T, c_rep, np.full(len(c_rep), co_local))]
        return _Contribution(t_rep, p_rep, c_rep, co_local, xv, wv)

    def _direct_value(self, idx: tuple[int, ...]) -> float:
        """The element from the direct-convolution view: correlate the zero-inserted input,
        padded by dilation*(kernel-1), with the 180-degree-rotated kernel."""
        nd = self.spec.ndim
        n, o, co = idx[0], np.array(idx[1:-1]), idx[-1]
        kernel = np.array(self.kernel)
        stride, dil = np.array(self.spec.stride), np.array(self.spec.dilation)
        begin = np.array([b for b, _ in self.spec.crop])
        c_out_g = self.w.shape[-1]
        c_in_g = self.x.shape[-1] // self.spec.groups
        g, co_local = divmod(co, c_out_g)
        rot_taps = taps(self.kernel)
        # zero-inserted coordinate of the window element met by rotated tap k'
        z = (o + begin)[None, :] + rot_taps * dil[None, :] - (kernel - 1)[None, :] * dil[None, :]
        ok = np.all((z >= 0) & (z % stride == 0) & (z // stride < np.array(self.x.shape[1:-1])), axis=1)
        rot_taps, z = rot_taps[ok], z[ok]
        w_rot = np.flip(self.w, axis=tuple(range(nd)))
        xs = self.x[(n, *(z // stride).T)][:, g * c_in_g : (g + 1) * c_in_g]
        ws = w_rot[(*rot_taps.T,)][:, g * c_in_g : (g + 1) * c_in_g, co_local]
        dtype = np.result_type(self.x, self.w)
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is explained, not warned
            total = np.dot(xs.ravel().astype(dtype), ws.ravel().astype(dtype)) if xs.size else dtype.type(0)
            if self.bias is not None:
                total = total + self.bias[co].astype(dtype)
        return float(total)

    def explain(self, at: Sequence[int]) -> Explanation:
        caller_idx = check_index(at, self.out_shape)
        idx = self.layouts.out.index_to_canonical(caller_idx)
        contrib = self._contribution(idx)
        lx, lw = self.layouts.x, self.layouts.w
        xname, wname, oname = self.layouts.names
        n, co = idx[0], idx[-1]
        g = co // self.w.shape[-1]
        terms = []
        for t, p, c, xv, wv in zip(
            contrib.taps, contrib.positions, contrib.channels, contrib.x_values, contrib.w_values,
            strict=True,
        ):
            x_i = lx.index_from_canonical((n, *p, c))
            w_i = lw.index_from_canonical((*t, c, contrib.w_out_channel))
            terms.append(Term(x_i, w_i, float(xv), float(wv)))
        bias = 0.0 if self.bias is None else float(self.bias[co])
        value = finished_value(self._direct_value(idx), self.out_dtype, self.flush_subnormals)
        nd = self.spec.ndim
        kernel = self.kernel
        begin = tuple(b for b, _ in self.spec.crop)
        pos = tuple(int(v) for v in idx[1:-1])
        full_pos = tuple(p + b for p, b in zip(pos, begin, strict=True))

        products = " + ".join(
            f"({format_number(t.input_value)})({format_number(t.weight_value)})" for t in terms[:8]
        )
        if len(terms) > 8:
            products += f" + ... ({len(terms) - 8} more)"
        bias_txt = f" + bias {format_factor(bias)}" if self.bias is not None else ""
        dtype = np.result_type(self.x, self.w)
        overflow = overflow_lines(terms, bias, value, dtype) if terms else []
        if overflow:
            summary = (
                f"{oname}{format_index(caller_idx)} = {format_number(value)}: the {dtype.name} sum of "
                f"{len(terms)} finite product{'s' if len(terms) != 1 else ''}{bias_txt} overflowed: "
                f"{products}{bias_txt} = {format_number(exact_sum([t.product for t in terms] + [bias]))} "
                f"in float64, beyond {dtype.name}'s range."
            )
        elif terms:
            summary = (
                f"{oname}{format_index(caller_idx)} = {format_number(value)} is the sum of "
                f"{len(terms)} product{'s' if len(terms) != 1 else ''}{bias_txt}: "
                f"{products}{bias_txt}."
            )
        else:
            summary = (
                f"{oname}{format_index(caller_idx)} = {format_number(value)}: no input element's "
                f"kernel copy reaches this position{bias_txt}."
            )

        # Scatter view
        full = self.spec.full_size(self.x.shape[1:-1], kernel)
        out_size = self.canonical_out_shape[1:-1]
        P = format_position
        scatter = [
            f"Each input element adds a copy of the kernel, every {gloss('kernel element', 'tap')} "
            f"times the input's value, to a larger {gloss('full result', 'before cropping')} of "
            f"size {P(full)}; the copy of input "
            f"position i starts at i*stride (stride {P(self.spec.stride)}, dilation "
            f"{P(self.spec.dilation)}). The kernel is NOT flipped in this view.",
            f"This output is position {P(full_pos)} of the full result: {crop_words(begin, out_size, full)}.",
        ]
        seen_inputs: dict[tuple[int, ...], tuple[int, ...]] = {}
        for t, p in zip(contrib.taps, contrib.positions, strict=True):
            seen_inputs.setdefault(tuple(int(v) for v in p), tuple(int(v) for v in t))
        for p, t in seen_inputs.items():
            corner = tuple(pp * s for pp, s in zip(p, self.spec.stride, strict=True))
            scatter.append(
                f"the copy from input position {P(p)}, which starts at {P(corner)}, covers it with "
                f"its kernel element {P(t)}"
            )
        scatter.extend(term_lines(terms, xname, wname))

        # Direct view
        zero_ins = tuple(s - 1 for s in self.spec.stride)
        pad = tuple(d * (k - 1) for d, k in zip(self.spec.dilation, kernel, strict=True))
        direct = [
            f"Insert {zeros(zero_ins)} between neighbouring input elements (stride - 1), "
            f"pad {zeros(pad)} on both sides (dilation*(kernel-1)), then slide the kernel "
            f"rotated by 180 degrees (its element k pairs with element kernel-1-k), with its "
            f"input and output channel axes swapped, as an ordinary stride-1 convolution; the "
            f"output is that result with {crop_ends(self.spec.crop)}.",
            f"The window of this output starts at position {P(full_pos)} of the zero-inserted, "
            f"padded input and spans "
            f"{P(tuple(d * (k - 1) + 1 for d, k in zip(self.spec.dilation, kernel, strict=True)))}.",
        ]
        for p, t in list(seen_inputs.items())[:12]:
            rot = tuple(k - 1 - tt for k, tt in zip(kernel, t, strict=True))
            direct.append(
                f"input position {P(p)} sits at window offset "
                f"{P(tuple(r * d for r, d in zip(rot, self.spec.dilation, strict=True)))} and meets "
                f"element {P(rot)} of the rotated kernel, which is element {P(t)} of the original"
            )
        direct.append(f"Sum of the window: {format_number(value)} (same as the scatter view).")

        sections = [Section("Scatter view", tuple(scatter)), Section("Direct-convolution view", tuple(direct))]
        notes = [*(self.describe() if self.describe else []), *self.notes]
        if notes:
            sections.append(Section("Framework rules that applied", tuple(notes)))
        geometry = self.geometry
        # What a reader who forgot the rotation computes: once, here, for every renderer
        rotation = mistaken_pairing(geometry, caller_idx, value, bias, terms)
        if terms:
            forget = Section("If you forget the 180-degree rotation", (rotation.headline(), *rotation.pair_lines()))
            sections.insert(2, forget)  # after the two views, before the framework's rules
        if overflow:
            sections.insert(0, Section("Overflow", tuple(overflow)))
        details = {
            "kind": "conv_transpose",
            "ndim": nd,
            "stride": self.spec.stride,
            "dilation": self.spec.dilation,
            "crop": self.spec.crop,
            "groups": self.spec.groups,
            "kernel": kernel,
            "full_position": full_pos,
            "group": g,
            "dtype": (np.dtype(self.out_dtype) if self.out_dtype is not None else dtype).name,
            "geometry": geometry,
            "forgotten_rotation": rotation,
        }
        return Explanation(
            op=self.op,
            index=caller_idx,
            value=value,
            terms=tuple(terms),
            offset=bias,
            summary=summary,
            sections=tuple(sections),
            details=details,
        )


@dataclass
class ConvPlan(_CanonicalConv):
    """A forward convolution (cross-correlation) in canonical form.

    Attributes
    ----------
    x : ndarray, shape (N, *spatial, C_in)
    w : ndarray, shape (*kernel, C_in / groups, C_out)
    spec : ConvSpec
    transposed : (str, str) or None
        The transposed counterpart of this call, as arraylens's call and the framework's name
        (e.g. ``("arraylens.tensorflow.conv2d_transpose", "tf.nn.conv2d_transpose")``), for
        messages that send the reader there; None if the front-end names none.
    out_dtype, flush_subnormals
        As :class:`ConvTransposePlan`.
    """

    op: str
    x: np.ndarray
    w: np.ndarray
    spec: ConvSpec
    layouts: Layouts
    bias: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    transposed: tuple[str, str] | None = None
    out_dtype: Any = None
    flush_subnormals: bool = False

    @property
    def canonical_out_shape(self) -> tuple[int, ...]:
        size = self.spec.output_size(self.x.shape[1:-1], self.kernel)
        return (self.x.shape[0], *size, self.w.shape[-1])

    def compute(self) -> np.ndarray:
        self._check_memory()
        taps = int(np.prod(self.kernel)) * self.w.shape[-2]
        warn_inexact_integers(self.x, self.w, self.bias, taps, self.out_dtype)
        # the kernel writes the result in the caller's layout itself (no channels-last copy back)
        out = conv(self.x, self.w, self.spec, self.layouts.out)
        return finish(self._add_bias(out), self.out_dtype, self.flush_subnormals)

    def _check_memory(self) -> None:
        """Refuse, before allocating, a call whose arrays exceed the memory limit (the arrays of
        :meth:`memory_parts`)."""
        parts = self.memory_parts()
        if parts:
            check_allocations(parts, self.op)

    def memory_parts(self) -> list[tuple[str, tuple[int, ...], Any]]:
        """The arrays :meth:`compute` holds at its peak, as ``(what, shape, dtype)``: the input
        padded (as the framework holds it), the kernel's im2col work blocks (at most
        ``PRODUCT_BUDGET x (input + output)`` elements, see :func:`arraylens.ops.conv.kernel.conv`)
        and the result; none when the output is empty (the kernel refuses it)."""
        dtype = result_dtype(self.x, self.w)
        n, c_in = self.x.shape[0], self.x.shape[-1]
        out = self.canonical_out_shape
        if any(o <= 0 for o in out[1:-1]):
            return []  # the kernel refuses it
        padded = tuple(
            i + max(b, 0) + max(a, 0) for i, (b, a) in zip(self.x.shape[1:-1], self.spec.padding, strict=True)
        )
        parts: list[tuple[str, tuple[int, ...], Any]] = []
        if padded != self.x.shape[1:-1]:
            parts.append(("the padded input", (n, *padded, c_in), dtype))
        # the kernel copies the windows a block at a time, within PRODUCT_BUDGET x (input + output)
        windows = n * math.prod(out[1:-1]) * math.prod(self.kernel) * c_in
        bound = int(PRODUCT_BUDGET * (self.x.size + math.prod(out)))
        parts.append(("the im2col work blocks", (max(min(windows, bound), c_in),), dtype))
        parts.append(("the result", out, dtype))
        return parts

    def explain(self, at: Sequence[int]) -> Explanation:
        caller_idx = check_index(at, self.out_shape)
        idx = self.layouts.out.index_to_canonical(caller_idx)
        nd = self.spec.ndim
        n, o, co = idx[0], np.array(idx[1:-1]), idx[-1]
        c_in_g = self.w.shape[-2]
        g = co // (self.w.shape[-1] // self.spec.groups)
        stride, dil = np.array(self.spec.stride), np.array(self.spec.dilation)
        before = np.array([b for b, _ in self.spec.padding])
        tap = taps(self.kernel)
        pos = (o * stride - before)[None, :] + tap * dil[None, :]
        ok = np.all((pos >= 0) & (pos < np.array(self.x.shape[1:-1])), axis=1)
        n_pad_taps = int((~ok).sum())
        tap, pos = tap[ok], pos[ok]
        chans = np.arange(g * c_in_g, (g + 1) * c_in_g)
        t_rep = np.repeat(tap, len(chans), axis=0)
        p_rep = np.repeat(pos, len(chans), axis=0)
        c_rep = np.tile(chans, len(tap))
        xv = self.x[(np.full(len(c_rep), n), *p_rep.T, c_rep)]
        wv = self.w[(*t_rep.T, c_rep - g * c_in_g, np.full(len(c_rep), co))]
        dtype = np.result_type(self.x, self.w)
        value = np.dot(xv.astype(dtype), wv.astype(dtype)) if xv.size else dtype.type(0)
        bias = 0.0 if self.bias is None else float(self.bias[co])
        if self.bias is not None:
            value = value + self.bias[co].astype(dtype)
        value = finished_value(float(value), self.out_dtype, self.flush_subnormals)
        xname, wname, oname = self.layouts.names
        terms = tuple(
            Term(
                self.layouts.x.index_from_canonical((n, *p, c)),
                self.layouts.w.index_from_canonical((*t, c - g * c_in_g, co)),
                float(a),
                float(b),
            )
            for t, p, c, a, b in zip(t_rep, p_rep, c_rep, xv, wv, strict=True)
        )
        start = tuple(int(v) for v in o * stride - before)
        lines = [
            f"Cross-correlation (the kernel is not flipped): the window of output position "
            f"{format_position(o)} starts at input position {format_position(start)} = "
            f"position*stride - padding at the start (stride {format_position(self.spec.stride)}, "
            f"padding (start, end) {_pairs(self.spec.padding)}) and takes "
            + ("neighbouring elements (dilation 1)." if set(self.spec.dilation) == {1} else
               f"every {per_axis(self.spec.dilation)}th element along each axis (the dilation)."),
            f"{len(tap)} of the {len(tap) + n_pad_taps} {gloss('kernel elements', 'taps')} meet input "
            f"values, {n_pad_taps} meet padding zeros.",
        ]
        lines.extend(term_lines(terms, xname, wname))
        sections = [Section("Direct view", tuple(lines))]
        details: dict[str, Any] = {
            "kind": "conv",
            "ndim": nd,
            "stride": self.spec.stride,
            "dilation": self.spec.dilation,
            "padding": self.spec.padding,
            "groups": self.spec.groups,
            "kernel": self.kernel,
            "window_start": start,
            "dtype": (np.dtype(self.out_dtype) if self.out_dtype is not None else dtype).name,
        }
        if self.transposed is not None:
            details["transposed_call"], details["transposed_op"] = self.transposed
        if self.notes:
            sections.append(Section("Framework rules that applied", tuple(self.notes)))
        return Explanation(
            op=self.op,
            index=caller_idx,
            value=float(value),
            terms=terms,
            offset=bias,
            summary=(
                f"{oname}{format_index(caller_idx)} = {format_number(float(value))} is the sum of "
                f"{len(terms)} products of the input window and the kernel."
            ),
            sections=tuple(sections),
            details=details,
        )


def explain_geometry(geometry: ConvTransposeGeometry, at: Sequence[int]) -> Explanation:
    """Explain another element of the transposed convolution ``geometry`` describes.

    For pictures that focus on an element other than the one explained: the account has the
    terms, views and forgotten-rotation pairings of :meth:`ConvTransposePlan.explain`, without
    the front-end's notes (the geometry does not carry them).

    Parameters
    ----------
    geometry : ConvTransposeGeometry
    at : sequence of int
        Output index in the caller's layout.

    Raises
    ------
    IndexError
        If ``at`` is not an output index.
    """
    layouts = Layouts(geometry.x_map, geometry.w_map, geometry.out_map, geometry.names)
    plan = ConvTransposePlan(geometry.op, geometry.x, geometry.w, geometry.spec, layouts, geometry.bias,
                             out_dtype=geometry.out_dtype, flush_subnormals=geometry.flush_subnormals)
    return plan.explain(at)
