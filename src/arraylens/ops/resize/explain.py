"""Where one resized pixel comes from.

Per resized axis: the coordinate formula with its numbers, the input positions the filter
reads and their weights (the clamping, exclusion or extrapolation that applied); the terms
(one input element times the product of its axis weights) that sum to the value; and "the same
pixel elsewhere": the other libraries' default calls at this pixel, and the rule that makes each
differ. Cost: O(taps) per axis and O(product of taps) terms, never a pass over the array.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from arraylens.core.explanation import Explanation, Section, Term
from arraylens.core.text import format_index, format_number, format_ref, format_scalar
from arraylens.ops.resize.conventions import Convention, conventions_for
from arraylens.ops.resize.kernel import AxisTable, axis_table, value_at
from arraylens.ops.resize.spec import ResizeSpec, round_coordinates

__all__ = ["explain_resize", "grid_window"]

MAX_TERM_LINES = 16
GRID = 16  # output positions per axis whose source coordinates ``details`` carries
GRID_TAPS = 64  # ... with their taps and weights when each has at most this many


def _real(v: Any) -> int | float:
    a = np.asarray(v)
    return int(a) if a.dtype.kind in "iub" else float(a)


def grid_window(spec: ResizeSpec, k: int, at: int) -> dict[str, Any]:
    """Source coordinates of up to :data:`GRID` output positions around ``at`` on axis ``k``
    (what a sampling-grid figure draws), and each position's taps (clamped input indices) and
    float weights when it has at most :data:`GRID_TAPS` (what the interactive page shows on
    hover; absent otherwise)."""
    r = spec.resizes[k]
    start = min(max(at - GRID // 2, 0), max(r.out_size - GRID, 0))
    pos = np.arange(start, min(start + GRID, r.out_size))
    table = axis_table(spec, k, pos)
    out: dict[str, Any] = {"start": int(start), "positions": pos.tolist(), "source": table.coords.value.tolist()}
    if table.index.shape[1] <= GRID_TAPS:
        out["taps"] = table.index.tolist()
        out["weights"] = table.weight.tolist()
    return out


def _axis_lines(spec: ResizeSpec, k: int, axis: int, j: int, table: AxisTable, names: dict[int, str]) -> list[str]:
    r = spec.resizes[k]
    lines = [f"axis {names.get(axis, axis)} ({r.in_size} -> {r.out_size}, scale {format_number(float(r.scale))}): "
             + r.formula(j, spec.precision)]
    if table.extrapolated[0]:
        lines.append(f"  x_src is outside [0, {r.in_size - 1}]: the output is the extrapolation value")
        return lines
    if spec.filter.kind == "nearest":
        idx = int(table.index[0, 0])
        raw = int(round_coordinates(table.coords, spec.filter.rounding)[0])
        lines.append(f"  nearest ({spec.filter.rounding}) of {float(table.coords.value[0]):.9g} -> input {idx}"
                     + (f" (rounded to {raw}, clamped to [0, {r.in_size - 1}])" if raw != idx else ""))
        return lines
    parts = []
    notes = []
    for pos, idx, w in zip(table.position[0], table.index[0], table.weight[0], strict=True):
        if w == 0 and not 0 <= pos < r.in_size and spec.boundary == "exclude":
            notes.append(f"position {int(pos)} is outside: excluded (weight 0)")
            continue
        if w == 0:
            continue
        parts.append(f"{int(idx)}: {format_number(float(w))}")
        if pos != idx:
            notes.append(f"position {int(pos)} is outside: clamped to {int(idx)}")
    if spec.filter.antialias and r.scale < 1:
        notes.append(f"antialiased: the filter is stretched by 1 / scale = {format_number(float(1 / r.scale))} "
                     "and the weights normalised")
    elif spec.boundary == "exclude" and any("excluded" in n for n in notes):
        notes.append("the remaining weights are renormalised to sum to 1")
    lines.append("  inputs and weights: " + ", ".join(parts))
    lines.extend(f"  {n}" for n in notes)
    return lines


def _differs(spec: ResizeSpec, c: Convention) -> list[str]:
    """The canonical rules on which ``c`` differs from ``spec``."""
    why = []
    coords = {r.coordinate for r in spec.resizes}
    if coords != {c.coordinate}:
        why.append(f"coordinate rule {c.coordinate} instead of {', '.join(sorted(coords))}")
    f, g = spec.filter, c.filter
    if f.kind == "nearest" and g.rounding != f.rounding:
        why.append(f"rounding {g.rounding} instead of {f.rounding}")
    if f.kind == "cubic" and g.cubic_a != f.cubic_a:
        why.append(f"a = {format_number(g.cubic_a)} instead of {format_number(f.cubic_a)}")
    if f.kind == "area" and g.area != f.area:
        why.append(f"area rule {g.area} instead of {f.area}")
    if g.antialias != f.antialias and any(r.scale < 1 for r in spec.resizes):
        why.append("antialiased when downsampling" if g.antialias else "no antialiasing")
    if c.boundary != spec.boundary and f.kind != "nearest":
        why.append(f"boundary {c.boundary} instead of {spec.boundary}")
    if not why and (spec.precision.arithmetic, spec.precision.scale_form) != (c.arithmetic, "multiply"):
        why.append(f"the coordinate arithmetic ({c.arithmetic} instead of {spec.precision.arithmetic}"
                   + (f", {spec.precision.scale_form} by the scale" if spec.precision.arithmetic != "exact" else "")
                   + ")")
    if not why and any(r.out_size == 1 for r in spec.resizes):
        why.append("an output of length 1")
    return why


def _elsewhere(x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...],
               value: Any) -> tuple[list[str], list[dict[str, Any]]]:
    sizes = tuple((r.in_size, r.out_size) for r in spec.resizes)
    lines: list[str] = []
    records: list[dict[str, Any]] = []
    for c in conventions_for(spec.filter):
        try:
            other = c.spec(spec.axes, sizes)
            v, tables = value_at(x, other, index, np.float64)
        except (ValueError, ArithmeticError) as exc:  # pragma: no cover - a convention that cannot apply
            lines.append(f"{c.label}: not computable here ({exc})")
            continue
        same = bool(np.isclose(float(v), float(value), rtol=1e-5, atol=1e-6))
        why = _differs(spec, c)
        text = f"{c.label}: {format_scalar(_real(v))}"
        if same:
            text += " (the same here" + (f"; it differs elsewhere by {'; '.join(why)}" if why else "") + ")"
        else:
            text += " (differs: " + ("; ".join(why) if why else "the arithmetic") + ")"
        if c.note:
            text += f"; note: {c.note}"
        lines.append(text)
        records.append({"label": c.label, "value": float(v), "same": same, "why": why,
                        "source": [float(t.coords.value[0]) for t in tables],
                        "taps": [t.index[0].tolist() for t in tables],
                        "weights": [t.weight[0].tolist() for t in tables]})
    return lines, records


def explain_resize(op: str, x: np.ndarray, spec: ResizeSpec, index: tuple[int, ...], out_dtype: Any,
                   compute_dtype: Any = None, label: str = "", axis_names: dict[int, str] | None = None,
                   value: Any = None) -> Explanation:
    """Explain output element ``index`` (checked) of ``op`` resizing ``x`` by ``spec``.

    ``out_dtype`` is the result's dtype, ``compute_dtype`` the arithmetic's (default: the
    kernel's); ``label`` the library's name of the method; ``value`` the element when the
    caller computed it otherwise (a fixed-point path), else it is computed here from the taps
    with the kernel's own operations.
    """
    names = axis_names or {}
    computed, tables = value_at(x, spec, index, compute_dtype)
    out_dtype = np.dtype(out_dtype)
    if value is None:
        value = np.asarray(computed).astype(out_dtype)
    value = _real(value)
    out_ref = format_ref("out", index)
    sections: list[Section] = []
    coord_lines: list[str] = []
    for k, a in enumerate(spec.axes):
        coord_lines.extend(_axis_lines(spec, k, a, index[a], tables[k], names))
    sections.append(Section("Coordinates and taps", tuple(coord_lines)))
    terms: list[Term] = []
    expected: Any = None
    extrapolated = spec.extrapolation_value is not None and any(t.extrapolated[0] for t in tables)
    srcs = []
    if extrapolated:
        expected = spec.extrapolation_value
        summary = f"{out_ref} = {format_scalar(value)}: the extrapolation value (tf_crop_and_resize, x_src outside)"
    else:
        wdtype = np.dtype(compute_dtype) if compute_dtype is not None else (x.dtype if x.dtype.kind == "f" else
                                                                            np.dtype(np.float64))
        per_axis = []
        for t in tables:
            keep = [(n, int(i), float(np.asarray(w, dtype=wdtype))) for n, (i, w) in
                    enumerate(zip(t.index[0], t.weight[0], strict=True)) if w != 0]
            per_axis.append(keep)
        for combo in itertools.product(*per_axis):
            src = list(index)
            w = 1.0
            tap_no = []
            for (n, i, wk), a in zip(combo, spec.axes, strict=True):
                src[a] = i
                w *= wk
                tap_no.append(n)
            srcs.append(tuple(src))
            terms.append(Term(tuple(src), tuple(tap_no), _real(x[tuple(src)]), w))
        if spec.filter.kind == "nearest":
            expected = _real(x[srcs[0]])
            if out_dtype.kind in "iub":
                terms = []  # integers: compared exactly with the source element
            summary = f"{out_ref} = {format_ref('x', srcs[0])}: {spec.filter.describe()} of x_src = " + \
                ", ".join(format_number(float(t.coords.value[0])) for t in tables)
        else:
            summary = (f"{out_ref} = {format_scalar(value)}: {spec.filter.describe()}"
                       f"{' (antialiased)' if spec.filter.antialias else ''} over {len(terms)} input element"
                       f"{'s' if len(terms) != 1 else ''} around x_src = ("
                       + ", ".join(format_number(float(t.coords.value[0])) for t in tables) + ")")
    if terms:
        lines = [f"{format_ref('x', t.input_index)} * {format_number(t.weight_value)} = "
                 f"{format_scalar(t.input_value)} * {format_number(t.weight_value)} = {format_number(t.product)}"
                 for t in terms[:MAX_TERM_LINES]]
        if len(terms) > MAX_TERM_LINES:
            lines.append(f"... {len(terms) - MAX_TERM_LINES} more terms")
        lines.append(f"sum = {format_scalar(value)}" + (f" (as {out_dtype})" if out_dtype != x.dtype else ""))
        sections.append(Section("Terms", tuple(lines)))
    rules = [f"filter: {spec.filter.describe()}" + (", antialiased (stretched by 1/scale when downsampling, weights "
                                                    "normalised)" if spec.filter.antialias else ""),
             f"boundary: {spec.boundary}" + ("" if spec.extrapolation_value is None else
                                             f", extrapolation value {format_number(spec.extrapolation_value)}"),
             f"coordinate arithmetic: {spec.precision.arithmetic}"
             + ("" if spec.precision.arithmetic == "exact" else f" ({spec.precision.scale_form} by the scale)")]
    if spec.precision.fixed_point:
        rules.append(f"fixed point: {spec.precision.fixed_point}")
    if label:
        rules.insert(0, f"method: {label}")
    sections.append(Section("Rules", tuple(rules)))
    elsewhere, records = _elsewhere(x, spec, index, value) if not extrapolated else ([], [])
    if elsewhere:
        sections.append(Section("The same pixel elsewhere", tuple(elsewhere)))
    details: dict[str, Any] = {
        "kind": "resize",
        "filter": spec.filter.describe(),
        "antialias": spec.filter.antialias,
        "boundary": spec.boundary,
        "axes": list(spec.axes),
        "axis_names": [names.get(a, str(a)) for a in spec.axes],
        "in_sizes": [r.in_size for r in spec.resizes],
        "out_sizes": [r.out_size for r in spec.resizes],
        "coordinates": [r.coordinate for r in spec.resizes],
        "scales": [float(r.scale) for r in spec.resizes],
        "at": [index[a] for a in spec.axes],
        "source": [float(t.coords.value[0]) for t in tables],
        "formulas": [r.formula(index[a], spec.precision) for r, a in zip(spec.resizes, spec.axes, strict=True)],
        "taps": [t.index[0].tolist() for t in tables],
        "positions": [t.position[0].tolist() for t in tables],
        "weights": [t.weight[0].tolist() for t in tables],
        "extrapolated": bool(extrapolated),
        "grid": [grid_window(spec, k, index[a]) for k, a in enumerate(spec.axes)],
        "elsewhere": records,
        "index": format_index(index),
    }
    if out_dtype.kind in "iub" or out_dtype != np.float64:
        details["dtype"] = str(out_dtype)
    return Explanation(op=op, index=index, value=value, terms=tuple(terms), summary=summary,
                       sections=tuple(sections), expected=None if terms else expected, details=details)


def one_axis_table(spec: ResizeSpec, k: int, j: int) -> AxisTable:
    """The taps of output position ``j`` on resized axis ``k`` (for renderers and tests)."""
    return axis_table(spec, k, np.array([j]))
