"""Where one element of a pooling comes from, in O(its window).

The value is the kernel's own answer on the input box the window covers
(:meth:`~arraylens.ops.pool.spec.PoolSpec.sub_problem`); the account recomputes it independently
from the window's cells: the winner by a plain scan in row-major order under the NaN rule, or the
sum of the input cells over the divisor counted from the cells' roles (input, padding, ceil
extension). "The same element elsewhere" recomputes the element under ONNX's, TensorFlow's and
Keras's conventions for the same kernel and stride.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Protocol

import numpy as np

from arraylens.core.axis_map import AxisMap
from arraylens.core.explanation import Explanation, Section, Term
from arraylens.core.text import count, format_index, format_position, format_ref, format_scalar
from arraylens.ops.pool.kernel import pool, tap_table
from arraylens.ops.pool.spec import (
    AdaptiveWindows,
    LpReduction,
    MaxReduction,
    MeanReduction,
    PoolSpec,
    Window,
    decode_index,
    encode_index,
    same_padding,
)
from arraylens.ops.pool.view import plane_view


class PoolPlan(Protocol):
    """What an explanation reads of :class:`arraylens.ops.pool.plan.PoolPlan` (a protocol, so
    that the plan may import this module)."""

    op: str
    spec: PoolSpec
    layout: AxisMap
    dtype: np.dtype[Any]
    framework: str

    @property
    def canonical(self) -> np.ndarray: ...

__all__ = ["MAX_CELLS", "explain_pool", "kernel_element"]

MAX_CELLS = 1024
"""``details["cells"]`` lists at most this many window cells (a global pooling's window is the
whole plane); the text lists at most :data:`MAX_LISTED`."""
MAX_LISTED = 36

_AXIS_NAMES = {1: ("width",), 2: ("height", "width"), 3: ("depth", "height", "width")}

# the library's own words for the divisor rules and flags
_DIVISOR_WORDS = {
    "torch": {"valid": "count_include_pad=False", "padded": "count_include_pad=True",
              "window": "the whole window", "fixed": "divisor_override"},
    "onnx": {"valid": "count_include_pad=0", "padded": "count_include_pad=1",
             "window": "the whole window", "fixed": "a fixed divisor"},
    "tensorflow": {"valid": "TensorFlow's average (it never counts padding)", "padded": "counting the padding",
                   "window": "the whole window", "fixed": "a fixed divisor"},
    "keras": {"valid": "Keras's average (TensorFlow's: it never counts padding)", "padded": "counting the padding",
              "window": "the whole window", "fixed": "a fixed divisor"},
}

_ENCODING_WORDS = {
    "plane": "PyTorch's index: row-major within the channel's plane",
    "nchw": "ONNX's index: row-major over the whole NCHW tensor (storage_order=0)",
    "nchw_column": "ONNX's index: the plane column-major (storage_order=1)",
    "nhwc": "TensorFlow's argmax: (y * W + x) * C + c (include_batch_in_index=False)",
    "nhwc_batch": "TensorFlow's argmax: ((b * H + y) * W + x) * C + c (include_batch_in_index=True)",
}

_NAN_WORDS = {
    "last": "a NaN always wins (val > max || isnan(val)): the last NaN in scan order gives the index",
    "first": "the first NaN wins and stays",
    "ignore": "NaN never wins (it compares false)",
    "leading": "the first input cell seeds the maximum and only a greater cell replaces it: a NaN wins only as "
               "the window's first input cell",
}


def kernel_element(x_canonical: np.ndarray, spec: PoolSpec, b: int, out_spatial: tuple[int, ...], c: int,
                   with_index: bool) -> tuple[Any, int | None]:
    """The kernel's value (and row-major plane index of the winner) at one output element, run
    on the input box its window covers: O(window)."""
    spatial = tuple(int(n) for n in x_canonical.shape[1:-1])
    boxes, sub = spec.sub_problem(out_spatial, spatial)
    box = x_canonical[(slice(b, b + 1), *boxes, slice(c, c + 1))]
    values, plane = pool(box, sub, with_index=with_index)
    value = values[(0,) * values.ndim]
    if plane is None:
        return value, None
    tables = [tap_table(a, n) for a, n in zip(spec.axes, spatial, strict=True)]
    if any(int(count[o]) == 0 for (_, count), o in zip(tables, out_spatial, strict=True)):
        # no input cell: PyTorch's index, the first taps at or after 0
        firsts = [int(first[o]) for (first, _), o in zip(tables, out_spatial, strict=True)]
        flat = 0
        for f, n in zip(firsts, spatial, strict=True):
            flat = flat * n + f
        return value, flat
    local = int(plane[(0,) * plane.ndim])
    pos = np.unravel_index(local, box.shape[1:-1])
    full = [int(p) + int(s.start) for p, s in zip(pos, boxes, strict=True)]
    return value, int(np.ravel_multi_index(tuple(full), spatial))


def _cells(spec: PoolSpec, out_spatial: tuple[int, ...], spatial: tuple[int, ...]) -> list[tuple[tuple[int, ...], str]]:
    per_axis = []
    for a, o, n in zip(spec.axes, out_spatial, spatial, strict=True):
        per_axis.append([(p, a.role(p, n)) for p in a.positions(o)])
    cells = []
    for combo in itertools.product(*per_axis):
        roles = {r for _, r in combo}
        role = "extension" if "extension" in roles else "padding" if "padding" in roles else "input"
        cells.append((tuple(p for p, _ in combo), role))
    return cells


def _real(v: Any) -> int | float:
    a = np.asarray(v)
    return int(a) if a.dtype.kind in "iub" else float(a)


def _scan_max(cells: list[tuple[tuple[int, ...], Any]], nan: str, dtype: np.dtype[Any]) -> tuple[Any, int]:
    """PyTorch's loop, written plainly: start at -inf (the dtype's lowest) with the first input
    cell's index; a cell replaces the maximum when greater (or under the NaN rule)."""
    best: Any = -math.inf if dtype.kind == "f" else (np.iinfo(dtype).min if dtype.kind in "iu" else False)
    at = 0 if cells else -1
    for i, (_, v) in enumerate(cells):
        fv = float(v)
        isnan = math.isnan(fv)
        bnan = isinstance(best, float) and math.isnan(best)
        wins = (nan == "last" or (nan == "first" and not bnan)) if isnan else (not bnan and v > best)
        if nan == "leading":
            wins = i == 0 or (not bnan and not isnan and v > best)
        if wins:
            best, at = (fv if isnan else v), i
    return best, at


def explain_pool(plan: PoolPlan, index: tuple[int, ...], canon: tuple[int, ...]) -> Explanation:
    """Explain output element ``index`` (caller's layout; ``canon`` the canonical index)."""
    spec = plan.spec
    x = plan.canonical
    b, *o_list, c = canon
    out_spatial = tuple(int(o) for o in o_list)
    spatial = tuple(int(n) for n in x.shape[1:-1])
    channels = int(x.shape[-1])
    red = spec.reduction
    words = _DIVISOR_WORDS.get(plan.framework, _DIVISOR_WORDS["torch"])
    cells = _cells(spec, out_spatial, spatial)
    inputs = [(pos, x[(b, *pos, c)]) for pos, role in cells if role == "input"]
    n_pad = sum(1 for _, r in cells if r == "padding")
    n_ext = sum(1 for _, r in cells if r == "extension")

    def caller(pos: tuple[int, ...]) -> tuple[int, ...]:
        return plan.layout.index_from_canonical((b, *pos, c))

    kvalue, kplane = kernel_element(x, spec, b, out_spatial, c, isinstance(red, MaxReduction))
    value = _real(np.asarray(kvalue).astype(plan.dtype))
    out_ref = format_ref("out", index)
    details: dict[str, Any] = {
        "kind": "pool", "op": plan.op, "framework": plan.framework,
        "reduction": "max" if isinstance(red, MaxReduction) else "mean" if isinstance(red, MeanReduction) else "lp",
        "input_spatial": list(spatial), "output_spatial": list(plan.spec.output_spatial(spatial)),
        "out_position": list(out_spatial), "batch": b, "channel": c, "dtype": str(plan.dtype),
        "axes": [_axis_details(a, o, n) for a, o, n in zip(spec.axes, out_spatial, spatial, strict=True)],
        "cells": [{"position": list(p), "role": r,
                   "value": _real(x[(b, *p, c)]) if r == "input" else None} for p, r in cells[:MAX_CELLS]],
        "cells_truncated": len(cells) > MAX_CELLS,
        "counts": {"input": len(inputs), "padding": n_pad, "extension": n_ext},
    }
    details["view"] = plane_view(x, spec, b, out_spatial, c, plan.dtype)  # what a figure or a page draws
    sections = [Section("Window", tuple(_window_lines(spec, out_spatial, spatial)))]
    listed = [f"{format_ref('x', caller(p))} = {format_scalar(v)}" for p, v in inputs[:MAX_LISTED]]
    if len(inputs) > MAX_LISTED:
        listed.append(f"... {len(inputs) - MAX_LISTED} more input cells")
    if n_pad or n_ext:
        listed.append(f"{count(n_pad, 'padding cell')} and {count(n_ext, 'ceil-mode extension cell')} hold no input")
    sections.append(Section("Cells", tuple(listed) or ("no input cell",)))
    terms: list[Term] = []
    expected: Any = None
    if isinstance(red, MaxReduction):
        best, at = _scan_max(inputs, red.nan, x.dtype)
        floored = red.finite_floor and x.dtype.kind == "f" and not math.isnan(float(best)) and (
            float(best) < float(np.finfo(x.dtype).min))
        if floored:
            best = float(np.finfo(x.dtype).min)
        expected = _real(np.asarray(best).astype(plan.dtype))
        summary, lines = _max_lines(plan, red, inputs, best, at, kplane, spatial, channels, b, c, caller, details)
        if floored:
            lines.append("the running maximum starts at the lowest finite value of the dtype, "
                         f"{format_scalar(best)}: no cell exceeds it (TensorFlow's MaxPool)")
        sections.append(Section("Winner", tuple(lines)))
    else:
        summary, lines, terms, expected = _mean_lines(plan, red, inputs, cells, n_pad, n_ext, words, value, caller,
                                                      details)
        sections.append(Section("Average" if isinstance(red, MeanReduction) else "Lp", tuple(lines)))
    sections.append(Section("The same element elsewhere", tuple(_elsewhere(plan, b, out_spatial, c, value))))
    return Explanation(op=plan.op, index=index, value=value, terms=tuple(terms), summary=f"{out_ref} = {summary}",
                       sections=tuple(sections), expected=expected, details=details)


def _axis_details(a: Window | AdaptiveWindows, o: int, n: int) -> dict[str, Any]:
    positions = a.positions(o)
    common = {"positions": positions, "roles": [a.role(p, n) for p in positions], "size": n}
    if isinstance(a, AdaptiveWindows):
        return {"kind": "adaptive", "start": a.starts[o], "end": a.ends[o], **common}
    return {"kind": "window", "kernel": a.kernel, "stride": a.stride, "dilation": a.dilation,
            "padding": list(a.padding), "ceil_mode": a.ceil_mode, "drop_last": a.drop_last,
            "extension": a.extension(n), **common}


def _window_lines(spec: PoolSpec, out_spatial: tuple[int, ...], spatial: tuple[int, ...]) -> list[str]:
    names = _AXIS_NAMES.get(spec.ndim, tuple(f"axis {k}" for k in range(spec.ndim)))
    lines = []
    for name, a, o, n in zip(names, spec.axes, out_spatial, spatial, strict=True):
        pos = a.positions(o)
        if isinstance(a, AdaptiveWindows):
            lines.append(f"{name}: output {o} of {len(a.starts)} reads [{a.starts[o]}, {a.ends[o]}) = "
                         f"floor({o} * {n} / {len(a.starts)}) .. ceil({o + 1} * {n} / {len(a.starts)}) "
                         f"(adaptive, input size {n})")
            continue
        pad = [p for p in pos if a.role(p, n) == "padding"]
        ext = [p for p in pos if a.role(p, n) == "extension"]
        text = (f"{name}: output {o} reads positions {format_position(pos)} = {o} * stride {a.stride} - padding "
                f"{a.padding[0]} + t * dilation {a.dilation} (input size {n})")
        if pad:
            text += f"; {format_position(pad)} padding"
        if ext:
            text += f"; {format_position(ext)} ceil-mode extension (beyond the padding, {n} + {a.padding[1]})"
        lines.append(text)
    return lines


def _max_lines(plan: PoolPlan, red: MaxReduction, inputs: list[tuple[tuple[int, ...], Any]], best: Any, at: int,
               kplane: int | None, spatial: tuple[int, ...], channels: int, b: int, c: int, caller: Any,
               details: dict[str, Any]) -> tuple[str, list[str]]:
    lines = []
    if at < 0 or not inputs:
        lines.append("the window holds no input cell: the maximum stays at its start, -inf")
        details["winner"] = None
        return f"{format_scalar(best)}: no input cell in the window", lines
    pos, v = inputs[at]
    plane = int(np.ravel_multi_index(pos, spatial))
    code = int(encode_index(plane, b, c, spatial, channels, red.index))
    decoded = decode_index(code, spatial, channels, red.index)
    nan_cells = [p for p, w in inputs if isinstance(w, float | np.floating) and math.isnan(w)]
    ties = [p for p, w in inputs if p != pos and not nan_cells and w == v]
    lines.append(f"winner {format_ref('x', caller(pos))} = {format_scalar(v)} (position {format_position(pos)})")
    if nan_cells:
        lines.append(f"{count(len(nan_cells), 'NaN cell')}: {_NAN_WORDS[red.nan]}")
    if ties:
        lines.append(f"ties with {', '.join(format_position(p) for p in ties[:8])}: the first in row-major scan "
                     "order wins (strict >)")
    if isinstance(best, float) and math.isinf(best) and best < 0 and not nan_cells:
        lines.append("every input cell is -inf: the index is the window's first input cell")
    lines.append(f"index {code}: {_ENCODING_WORDS[red.index]}; decoded: " + ", ".join(
        f"{k} {format_position(val) if k == 'position' else val}" for k, val in decoded.items() if val is not None))
    if kplane is not None and kplane != plane:
        lines.append(f"(the kernel's winner is plane index {kplane}, the scan's {plane}: they disagree)")
    details["winner"] = {"position": list(pos), "plane_index": plane, "index": code, "encoding": red.index,
                         "decoded": {k: (list(val) if isinstance(val, tuple) else val) for k, val in decoded.items()},
                         "kernel_plane_index": kplane, "ties": [list(p) for p in ties],
                         "nan_cells": [list(p) for p in nan_cells], "nan_rule": red.nan}
    return f"{format_scalar(best)}, the maximum of {count(len(inputs), 'input cell')}, at index {code}", lines


def _divisor(rule: str, fixed: int | None, n_in: int, n_pad: int, n_ext: int) -> int:
    if rule == "fixed":
        assert fixed is not None
        return fixed
    return {"valid": n_in, "padded": n_in + n_pad, "window": n_in + n_pad + n_ext}[rule]


_UNITS = {1: ("cell",), 2: ("row", "column"), 3: ("plane", "row", "column")}


def _where(spec: PoolSpec, out_spatial: tuple[int, ...], spatial: tuple[int, ...], role: str) -> str:
    """``"row 6 and column 6"``: the positions along each axis that have ``role``."""
    units = _UNITS.get(spec.ndim, tuple(f"axis-{k} position" for k in range(spec.ndim)))
    parts = []
    for unit, a, o, n in zip(units, spec.axes, out_spatial, spatial, strict=True):
        found = [p for p in a.positions(o) if a.role(p, n) == role]
        if found:
            parts.append(f"{unit}{'s' if len(found) > 1 else ''} {', '.join(str(p) for p in found)}")
    return " and ".join(parts)


def _divisor_sentence(rule: str, words: dict[str, str], d: int, n_in: int, n_pad: int, n_ext: int,
                      where: tuple[str, str] = ("", "")) -> str:
    """The divisor rule in the library's words; ``where``: the padded and the ceil-mode
    positions (``"row 6 and column 6"``)."""
    name = words[rule]
    pad_where, ext_where = where
    if rule == "fixed":
        return f"{name}={d} replaces the count: divisor {d}"
    if rule == "valid":
        extra = f" ({n_pad} padding and {count(n_ext, 'ceil-mode cell')} not counted)" if n_pad or n_ext else ""
        return f"{name} counts only the {count(n_in, 'cell')} inside the input{extra}: divisor {d}"
    if rule == "padded":
        if n_pad:
            text = (f"{name} counts the padded {pad_where} ({count(n_pad, 'cell')})" if pad_where else
                    f"{name} counts the {count(n_pad, 'padding cell')}")
        else:
            text = f"{name}: no padding cell in this window"
        if n_ext:
            text += (f" but not the ceil-mode {ext_where} beyond them ({count(n_ext, 'cell')})" if ext_where else
                     f" but not the {count(n_ext, 'ceil-mode cell')} beyond them")
        return text + f": divisor {d}"
    return f"{name}: every one of the {n_in + n_pad + n_ext} taps counts, the ceil extension too: divisor {d}"


def _mean_lines(plan: PoolPlan, red: MeanReduction | LpReduction, inputs: list[tuple[tuple[int, ...], Any]],
                cells: list[Any], n_pad: int, n_ext: int, words: dict[str, str], value: Any, caller: Any,
                details: dict[str, Any]) -> tuple[str, list[str], list[Term], Any]:
    n_in = len(inputs)
    lines: list[str] = []
    terms: list[Term] = []
    expected: Any = None
    out_spatial = tuple(details["out_position"])
    spatial = tuple(details["input_spatial"])
    where = (_where(plan.spec, out_spatial, spatial, "padding"), _where(plan.spec, out_spatial, spatial, "extension"))
    if isinstance(red, MeanReduction):
        d = _divisor(red.divisor, red.divisor_value, n_in, n_pad, n_ext)
        if all(isinstance(a, AdaptiveWindows) for a in plan.spec.axes):
            sentence = (f"an adaptive average divides by its window's cells, (end - start) on each axis: divisor "
                        f"{d}" + (" (an empty window: 0 / 0 is NaN)" if d == 0 else ""))
        else:
            sentence = _divisor_sentence(red.divisor, words, d, n_in, n_pad, n_ext, where)
        integer = plan.dtype.kind in "iu"
        if integer:
            total = sum(int(v) for _, v in inputs)
            q = abs(total) // abs(d) if d else 0
            expected = -q if (total < 0) != (d < 0) else q
            lines.append(f"sum {total} / {d} = {expected}, truncated toward zero (integer division)")
        else:
            total_f = math.fsum(float(v) for _, v in inputs) if inputs else 0.0
            if d == 0:
                expected = math.nan
            elif inputs:
                terms = [Term(caller(p), (), float(v), 1.0 / d) for p, v in inputs]
            else:
                expected = 0.0
            lines.append(f"sum {format_scalar(total_f)} of {count(n_in, 'input cell')} (padding adds 0) / {d}")
        lines.append(sentence)
        details["divisor"] = {"rule": red.divisor, "value": d, "words": sentence}
        return f"{format_scalar(value)}: the sum of {count(n_in, 'input cell')} / {d}", lines, terms, expected
    p = red.p
    vals = [float(v) for _, v in inputs]
    if red.form == "norm":
        s = math.fsum(abs(v) ** p for v in vals)
        expected = s ** (1.0 / p) if s >= 0 else math.nan
        lines.append(f"(sum |x|^{format_scalar(p)} = {format_scalar(s)}) ^ (1/{format_scalar(p)})")
        details["lp"] = {"p": p, "form": "norm", "sum": s}
        headline = f"{format_scalar(value)}: the L{format_scalar(p)} norm of {count(n_in, 'input cell')}"
        return headline, lines, [], expected
    d = _divisor(red.divisor, None, n_in, n_pad, n_ext)
    area = plan.spec.kernel_area()
    try:
        s = math.fsum(v ** p for v in vals)
        mean = s / d if d else math.nan
        scaled = mean * area
        expected = scaled ** (1.0 / p) if scaled >= 0 else math.nan
    except (ValueError, OverflowError, ZeroDivisionError):
        expected = math.nan
    rule = _divisor_sentence(red.divisor, words, d, n_in, n_pad, n_ext, where)
    lines.append(f"torch: avg_pool of x^{format_scalar(p)} (sum {format_scalar(s)} / {d}: {rule}), times the kernel "
                 f"area {area}, then ^ (1/{format_scalar(p)})")
    if d != area:
        lines.append(f"the divisor {d} is not the kernel area {area}: this window's sum is scaled by {area}/{d}")
    details["lp"] = {"p": p, "form": "torch", "sum": s, "divisor": d, "area": area}
    if isinstance(expected, complex):
        expected = math.nan
    return f"{format_scalar(value)}: torch's Lp of {count(n_in, 'input cell')}", lines, [], expected


def _elsewhere(plan: PoolPlan, b: int, out_spatial: tuple[int, ...], c: int, value: Any) -> list[str]:
    spec = plan.spec
    x = plan.canonical
    spatial = tuple(int(n) for n in x.shape[1:-1])
    if any(isinstance(a, AdaptiveWindows) for a in spec.axes):
        lines = ["ONNX, TensorFlow and Keras have no adaptive pooling: converters use fixed windows, exact only "
                 "where the size divides (kernel = stride = input / output)"]
        divides = all(isinstance(a, Window) or a.size % len(a.starts) == 0 for a in spec.axes)
        lines.append("here the sizes divide: an ordinary pooling with kernel = stride = "
                     + format_position([a.size // len(a.starts) if isinstance(a, AdaptiveWindows) else a.kernel
                                        for a in spec.axes]) + " gives the same result" if divides else
                     "here they do not divide: the windows overlap or vary in length, no fixed window matches")
        return lines
    red = spec.reduction
    windows = [a for a in spec.axes if isinstance(a, Window)]
    alternatives: list[tuple[str, PoolSpec]] = []
    if isinstance(red, MeanReduction):
        alternatives.append(("ONNX AveragePool with these pads and ceil_mode, count_include_pad=0 (its default)",
                             PoolSpec(spec.axes, MeanReduction("valid"))))
        alternatives.append(("PyTorch avg_pool with count_include_pad=True (its default)",
                             PoolSpec(spec.axes, MeanReduction("padded"))))
    elif isinstance(red, MaxReduction):
        alternatives.append(("ONNX MaxPool with these pads and ceil_mode", PoolSpec(spec.axes,
                                                                                      MaxReduction(red.nan, "nchw"))))
    if all(w.dilation == 1 for w in windows) and not isinstance(red, LpReduction):
        tf_red: MaxReduction | MeanReduction = (MaxReduction(red.nan, "nhwc") if isinstance(red, MaxReduction)
                                                else MeanReduction("valid"))
        same = tuple(Window(w.kernel, w.stride, 1, same_padding(n, w.kernel, w.stride))
                     for w, n in zip(windows, spatial, strict=True))
        valid = tuple(Window(w.kernel, w.stride) for w in windows)
        same_label = ("TensorFlow / Keras padding SAME (the odd padding cell after; averages never count padding)"
                      if isinstance(red, MeanReduction) else "TensorFlow / Keras padding SAME (the odd padding cell "
                      "after; NaN rule as here, TensorFlow's own is its front-end's to say)")
        alternatives.append((same_label, PoolSpec(same, tf_red)))
        alternatives.append(("TensorFlow / Keras padding VALID", PoolSpec(valid, tf_red)))
    lines = []
    for label, alt in alternatives:
        shape = alt.output_spatial(spatial)
        if any(o >= s for o, s in zip(out_spatial, shape, strict=True)) or min(shape) < 1:
            lines.append(f"{label}: output spatial shape {format_position(shape)}; position "
                         f"{format_position(out_spatial)} does not exist there")
            continue
        v, plane = kernel_element(x, alt, b, out_spatial, c, isinstance(alt.reduction, MaxReduction))
        v = _real(np.asarray(v).astype(plan.dtype))
        text = f"{label}: output spatial shape {format_position(shape)}; here {format_scalar(v)}"
        if isinstance(alt.reduction, MeanReduction):
            cells = _cells(alt, out_spatial, spatial)
            n_in = sum(1 for _, r in cells if r == "input")
            n_pad = sum(1 for _, r in cells if r == "padding")
            n_ext = sum(1 for _, r in cells if r == "extension")
            text += f" (divisor {_divisor(alt.reduction.divisor, None, n_in, n_pad, n_ext)})"
        elif plane is not None and plane >= 0:
            assert isinstance(alt.reduction, MaxReduction)
            code = int(encode_index(plane, b, c, spatial, int(x.shape[-1]), alt.reduction.index))
            text += f", index {code}"
        same_value = v == value or (isinstance(v, float) and isinstance(value, float) and math.isnan(v)
                                    and math.isnan(value))
        lines.append(text + ("" if same_value else " (differs)"))
    return lines or ["no other library has this pooling"]


def format_cells(cells: list[tuple[tuple[int, ...], str]]) -> str:
    """``(0, 1) input, (0, 2) padding, ...`` (for messages)."""
    return ", ".join(f"{format_index(p)} {r}" for p, r in cells)
