"""Where one element of a padded array comes from.

A source-index mode reads one input element (O(1)); a constant is the constant; a statistic is
recomputed over its window on the input line (O(window)); a ramp is the linspace between the
end value and the edge (O(width)); NumPy's odd reflection is recomputed on the input line
(O(line)). An element in the corner of several statistic, ramp or odd-reflection axes depends on
the values NumPy padded along the earlier axes: it is recomputed on the box of those axes only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.explanation import Explanation, Section
from arraylens.core.text import both_or_all, format_difference, format_index, format_list, format_ref, format_scalar
from arraylens.ops.rearrange.pad.kernel import STAT_FUNCTIONS, pad, pad_line_odd, window_lengths
from arraylens.ops.rearrange.pad.spec import MAP_MODES, STAT_MODES, PadSpec, source_index

__all__ = ["explain_pad", "source_map"]

MAX_MAP = 16  # the source map in ``details`` covers at most MAX_MAP x MAX_MAP cells


def _inside(spec: PadSpec, shape: tuple[int, ...], axis: int, j: int) -> bool:
    b, a = spec.widths[axis]
    n = shape[axis]
    if spec.crop == "original":
        return 0 <= j - b < n
    lo = max(b, 0)
    return lo <= j < lo + n - max(-b, 0) - max(-a, 0)


def _odd(spec: PadSpec) -> bool:
    return spec.reflect_type == "odd" and spec.mode in ("reflect", "symmetric")


# What each library calls each source-index rule, and when it refuses a width.
_ELSEWHERE = (
    ("reflect", "np.pad 'reflect', torch 'reflect', tf.pad 'REFLECT', ONNX 'reflect'",
     lambda w, n: (f"torch, TensorFlow and onnxruntime refuse a width of {w} >= size {n}; np.pad and the "
                   "ONNX specification repeat the reflection") if w >= n else ""),
    ("symmetric", "np.pad 'symmetric', tf.pad 'SYMMETRIC' (torch and ONNX have no such mode)",
     lambda w, n: f"TensorFlow refuses a width of {w} > size {n}; np.pad repeats" if w > n else ""),
    ("wrap", "np.pad 'wrap', torch 'circular', ONNX 'wrap'",
     lambda w, n: f"torch refuses a width of {w} > size {n}" if w > n else ""),
    ("edge", "np.pad 'edge', torch 'replicate', ONNX 'edge'", lambda w, n: ""),
)


# With negative widths, each library's own crop rule: torch 'reflect' and 'replicate' map on the
# uncropped input; torch 'circular' and every ONNX mode crop first (np.pad and tf.pad refuse them).
_ELSEWHERE_CROPPED = (
    ("reflect", "original", "torch 'reflect', on the uncropped input"),
    ("reflect", "first", "ONNX 'reflect', cropped first"),
    ("wrap", "first", "torch 'circular', ONNX 'wrap', cropped first"),
    ("edge", "original", "torch 'replicate', on the uncropped input"),
    ("edge", "first", "ONNX 'edge', cropped first"),
)


def _elsewhere_cropped(spec: PadSpec, shape: tuple[int, ...], index: tuple[int, ...]) -> list[str]:
    """The same element under each library's crop rule (negative widths)."""
    lines = []
    for mode, crop, names in _ELSEWHERE_CROPPED:
        src = []
        for k, n in enumerate(shape):
            b, a = spec.widths[k]
            if crop == "original":
                lo, m, p = 0, n, index[k] - b
            else:
                lo, m, p = max(-b, 0), n - max(-b, 0) - max(-a, 0), index[k] - max(b, 0)
            src.append(lo + (p if 0 <= p < m else int(source_index(p, m, mode)) if m > 0 else 0))
        lines.append(f"{mode} ({names}): {format_ref('x', src)}")
    lines.append("symmetric (np.pad 'symmetric', tf.pad 'SYMMETRIC'): neither takes negative widths")
    lines.append("constant (torch 'constant', ONNX 'constant'): the fill value")
    return lines


def _elsewhere(spec: PadSpec, shape: tuple[int, ...], index: tuple[int, ...], padded: list[int]) -> list[str]:
    if spec.has_crop:
        return _elsewhere_cropped(spec, shape, index)
    lines = []
    for mode, names, refusal in _ELSEWHERE:
        src = list(index)
        notes = []
        for k in range(len(shape)):
            b, a = spec.widths[k]
            p = index[k] - b
            if 0 <= p < shape[k]:
                src[k] = p
            elif shape[k] > 0:
                src[k] = int(source_index(p, shape[k], mode))
                note = refusal(max(b, a), shape[k])
                if note and note not in notes:
                    notes.append(note)
        lines.append(f"{mode} ({names}): {format_ref('x', src)}" + (f"; {'; '.join(notes)}" if notes else ""))
    lines.append("constant (np.pad 'constant', torch 'constant', tf.pad 'CONSTANT', ONNX 'constant'): the fill value")
    return lines


def explain_pad(op: str, x: np.ndarray, spec: PadSpec, index: tuple[int, ...], label: str) -> Explanation:
    """Explain the element ``index`` (already checked) of ``op`` padding ``x`` by ``spec``.

    ``label`` is the library's name of the mode (``"replicate"``, ``"REFLECT"``, ...).
    """
    shape = x.shape
    nd = x.ndim
    padded = [k for k in range(nd) if not _inside(spec, shape, k, index[k])]
    rules: list[str] = []
    details: dict[str, Any] = {"kind": "pad", "mode": spec.mode, "label": label,
                               "widths": [list(w) for w in spec.widths], "crop": spec.crop, "padded_axes": padded}
    out_ref = format_ref("out", index)
    if not padded:
        src = tuple(_inside_source(spec, k, index[k]) for k in range(nd))
        value = expected = x[src]
        summary = f"{out_ref} = {format_ref('x', src)}: inside the input"
        details["source"] = list(src)
        what = f"{format_ref('x', src)} = {format_scalar(expected)}"
    elif spec.mode in MAP_MODES and not _odd(spec):
        # the kernel's map (value) against an independent bounce (expected)
        src = tuple(int(spec.axis_source(k, shape[k], index[k])) for k in range(nd))
        value = x[src]
        src_bounced = tuple(_bounce(spec, shape[k], k, index[k]) for k in range(nd))
        expected = x[src_bounced]
        phrases = []
        for k in padded:
            p = spec.padded_position(k, index[k])
            q = src_bounced[k] - (max(-spec.widths[k][0], 0) if spec.crop == "first" else 0)
            phrases.append(f"{label} maps padded position {p} to {q}" + (f" along axis {k}" if nd > 1 else ""))
        summary = f"{out_ref} = {format_ref('x', src_bounced)}: " + "; ".join(phrases)
        details["source"] = list(src_bounced)
        what = f"{format_ref('x', src_bounced)} = {format_scalar(expected)}"
    elif spec.mode == "constant":
        k = padded[-1]
        side = 0 if index[k] < max(spec.widths[k][0], 0) else 1
        value = _kernel_value(x, spec, index, padded)
        expected = np.empty((), x.dtype)
        expected[()] = spec.values[k][side]
        summary = (f"{out_ref} = {format_scalar(expected[()])}: the constant, since position "
                   f"{spec.padded_position(k, index[k])} along axis {k} is outside the input")
        what = f"the constant {format_scalar(expected[()])}"
        if len(padded) > 1:
            rules.append(f"a corner: axes {format_list(padded)} are {both_or_all(len(padded))} padded; the last "
                         f"padded axis ({k}) sets it, as np.pad")
    else:
        value = _kernel_value(x, spec, index, padded)
        expected, what, summary = _fill(x, spec, index, padded, label, rules)
    if spec.mode in (*MAP_MODES, "constant") and padded and not _odd(spec):
        rules.insert(0, f"mode {label}: " + _MODE_RULE[spec.mode])
    if spec.has_crop:
        crops = [f"axis {k}: {b}, {a}" for k, (b, a) in enumerate(spec.widths) if b < 0 or a < 0]
        rules.append("negative widths crop (" + "; ".join(crops) + "): " + (
            "the map reads the uncropped input" if spec.crop == "original" else "cropped first, then padded"))
    sections = [Section("Source", (what,)), Section("Rule", tuple(rules) or ("inside the input: copied",))]
    if spec.mode in (*MAP_MODES, "constant") and padded and not _odd(spec):
        sections.append(Section("The same element elsewhere", tuple(_elsewhere(spec, shape, index, padded))))
    details["source_map"] = source_map(spec, shape, index)
    if x.dtype.kind in "iu":  # check() compares integers exactly, in the input's dtype
        details["dtype"] = str(x.dtype)
    return Explanation(op=op, index=index, value=_real(value), summary=summary, sections=tuple(sections),
                       expected=_real(expected), details=details)


def _real(v: Any) -> int | float:
    """A value for the Explanation: an integer dtype's as a Python int (exact above 2**53)."""
    a = np.asarray(v)
    return int(a) if a.dtype.kind in "iu" else float(a.real)


def _bounce(spec: PadSpec, n: int, k: int, j: int) -> int:
    """The source index by reflecting (or wrapping) step by step: independent of the kernel's
    closed-form periodic map."""
    b, a = spec.widths[k]
    lo = 0
    if spec.crop == "original":
        p = j - b
    else:
        lo = max(-b, 0)
        n = n - lo - max(-a, 0)
        p = j - max(b, 0)
    mode = spec.mode
    if mode == "edge":
        return lo + min(max(p, 0), n - 1)
    if mode == "reflect" and n == 1:
        return lo
    # whole periods first (a width of 10**11 would take 10**11 steps), then the bounces
    period = n if mode == "wrap" else 2 * (n - 1) if mode == "reflect" else 2 * n
    if not -period <= p < n + period:
        p = p % period
    while not 0 <= p < n:
        if mode == "wrap":
            p += n if p < 0 else -n
        elif mode == "reflect":
            p = -p if p < 0 else 2 * (n - 1) - p
        else:
            p = -1 - p if p < 0 else 2 * n - 1 - p
    return lo + p


def _kernel_value(x: np.ndarray, spec: PadSpec, index: tuple[int, ...], padded: list[int]) -> Any:
    """The kernel's answer for this element, on the box of its padded axes only."""
    nd = x.ndim
    if spec.mode == "constant":
        # the fill does not read the input: one element (or none) of each cropped padded axis
        box_list, local_list, widths = [], [], []
        for k in range(nd):
            b, _ = spec.widths[k]
            if k in padded:
                lo, m = max(-b, 0), spec.cropped_shape(x.shape)[k]
                box_list.append(slice(lo, lo + min(1, m)))
                before = index[k] < max(b, 0)  # one fill element of that side: O(1) however wide
                local_list.append(0 if before else min(1, m))
                widths.append((1, 0) if before else (0, 1))
            else:
                src = _inside_source(spec, k, index[k])
                box_list.append(slice(src, src + 1))
                local_list.append(0)
                widths.append((0, 0))
        sub_constant = PadSpec(tuple(widths), "constant", values=spec.values)
        return pad(x[tuple(box_list)], sub_constant)[tuple(local_list)]
    else:
        box = tuple(slice(None) if k in padded else slice(_inside_source(spec, k, index[k]),
                                                            _inside_source(spec, k, index[k]) + 1)
                    for k in range(nd))
        local = tuple(index[k] if k in padded else 0 for k in range(nd))
    sub = PadSpec(tuple(spec.widths[k] if k in padded else (0, 0) for k in range(nd)), spec.mode,
                  values=spec.values, stat_length=spec.stat_length, reflect_type=spec.reflect_type)
    return pad(x[box], sub)[local]


_MODE_RULE = {
    "reflect": "mirror about the edge element (-1 reads 1)",
    "symmetric": "mirror including the edge element (-1 reads 0)",
    "wrap": "periodic (-1 reads the last element)",
    "edge": "repeat the edge element",
    "constant": "a fill value",
}


def _inside_source(spec: PadSpec, k: int, j: int) -> int:
    b, _ = spec.widths[k]
    return j - b if spec.crop == "original" else j - max(b, 0) + max(-b, 0)


def _fill(x: np.ndarray, spec: PadSpec, index: tuple[int, ...], padded: list[int], label: str,
          rules: list[str]) -> tuple[Any, str, str]:
    """Statistic, ramp or odd reflection (NumPy only, no crops)."""
    nd = x.ndim
    out_ref = format_ref("out", index)
    if len(padded) > 1:
        value = _corner(x, spec, index, padded)
        rules.append(f"a corner of axes {format_list(padded)}: np.pad pads axis by axis, so axis {padded[-1]}'s "
                     f"{spec.mode} is taken over values axis {padded[0]} padded; recomputed on those axes only")
        return value, f"{spec.mode} over the padded values (a corner)", f"{out_ref} = {format_scalar(value)}: " \
            f"{label} of a corner, axis by axis as np.pad"
    k = padded[0]
    b, a = spec.widths[k]
    n = x.shape[k]
    line_sel = list(index[i] - spec.widths[i][0] for i in range(nd))
    line_sel[k] = slice(None)  # type: ignore[call-overload]
    line = x[tuple(line_sel)]
    j = index[k]
    before = j < b
    def ref(lo: int, hi: int) -> str:
        sel = [str(v) for v in line_sel]
        sel[k] = f"{lo}:{hi}"
        return "x[" + ", ".join(sel) + "]"
    if spec.mode in STAT_MODES:
        left, right = window_lengths(n, spec.stat_length[k])
        lo, hi = (0, left) if before else (n - right, n)
        func = STAT_FUNCTIONS[spec.mode]
        stat = np.asarray(func(line[lo:hi]))
        if np.issubdtype(x.dtype, np.integer):
            stat = stat.round()
        value = np.empty((), x.dtype)
        value[()] = stat
        length = spec.stat_length[k][0 if before else 1]
        rules.append(f"{spec.mode} over stat_length {'the whole axis' if length is None else length} "
                     f"next to the {'start' if before else 'end'} of axis {k}: {ref(lo, hi)}"
                     + ("; rounded to the integer dtype" if np.issubdtype(x.dtype, np.integer) else ""))
        return value, f"{spec.mode} of {ref(lo, hi)} = {format_scalar(value[()])}", \
            f"{out_ref} = {format_scalar(value[()])}: the {spec.mode} of {ref(lo, hi)} (window of {hi - lo})"
    if spec.mode == "linear_ramp":
        end = spec.values[k][0 if before else 1]
        width = b if before else a
        edge_pos = 0 if before else n - 1
        ramp = np.linspace(end, line[edge_pos], width, endpoint=False, dtype=x.dtype)
        t = j if before else (b + n + a - 1 - j)
        value = ramp[t]
        rules.append(f"linear_ramp from the end value {format_scalar(end)} (the outermost position) to the edge "
                     f"{ref(edge_pos, edge_pos + 1)} = {format_scalar(line[edge_pos])}, step {t} of {width} "
                     "(np.linspace in the array's dtype)")
        return value, f"step {t} of {width} from {format_scalar(end)} to {format_scalar(line[edge_pos])}", \
            f"{out_ref} = {format_scalar(value)}: a linear ramp from {format_scalar(end)} to the edge"
    # odd reflection
    full = pad_line_odd(line, (b, a), spec.mode == "symmetric")
    value = full[j]
    p = j - b
    mirror = int(source_index(p, n, spec.mode))
    edge_pos = 0 if before else n - 1
    simple = (-(n - 1) <= p < 0 or n <= p < 2 * n - 1) if spec.mode == "reflect" else (-n <= p < 0 or n <= p < 2 * n)
    if simple and n > 1:
        rules.append(f"reflect_type='odd': 2 * edge - mirror = 2 * x[..{edge_pos}..] - x[..{mirror}..]")
        text = (f"2 * {ref(edge_pos, edge_pos + 1)} - {ref(mirror, mirror + 1)} = "
                f"{format_difference(f'2 * {format_scalar(line[edge_pos])}', line[mirror])}")
    else:
        rules.append("reflect_type='odd' beyond the size: np.pad reflects again about the outermost value so far")
        text = f"odd reflection repeated along {ref(0, n)}"
    return value, text, f"{out_ref} = {format_scalar(value)}: {label} with reflect_type='odd', padded position {p}"


def source_map(spec: PadSpec, shape: tuple[int, ...], index: tuple[int, ...]) -> dict[str, Any]:
    """The source map of the explained plane (the last one or two padded axes), at most
    ``MAX_MAP`` cells a side around the explained element: per cell, whether it is padding and
    its label (the source index along the plane's axes, or the fill)."""
    nd = len(shape)
    if nd == 0:
        return {"axes": [], "origin": [], "labels": [["x"]], "padded": [[False]], "at": [0, 0], "mode": spec.mode}
    with_pad = [k for k in range(nd) if spec.widths[k] != (0, 0)]
    axes = with_pad[-2:]
    for k in range(nd - 1, -1, -1):
        if len(axes) >= min(2, nd):
            break
        if k not in axes:
            axes.append(k)
    axes.sort()
    out_shape = spec.output_shape(shape)
    starts = []
    for k in axes:
        size = out_shape[k]
        start = min(max(index[k] - MAX_MAP // 2, 0), max(size - MAX_MAP, 0))
        starts.append(start)
    ranges = [np.arange(s, min(s + MAX_MAP, out_shape[k])) for s, k in zip(starts, axes, strict=True)]
    if len(axes) == 1:
        ranges = [np.array([0]), *ranges]
    rows, cols = ranges
    labels: list[list[str]] = []
    padded: list[list[bool]] = []
    fill = {"constant": "c", "linear_ramp": "ramp", "maximum": "max", "minimum": "min", "mean": "mean",
            "median": "med"}
    for r in rows:
        lab_row: list[str] = []
        pad_row: list[bool] = []
        for c in cols:
            pos = [int(r), int(c)] if len(axes) == 2 else [int(c)]
            is_pad = any(not _inside(spec, shape, k, j) for k, j in zip(axes, pos, strict=True))
            if spec.mode in MAP_MODES and all(shape[k] > 0 for k in axes):
                src = [int(spec.axis_source(k, shape[k], j)) for k, j in zip(axes, pos, strict=True)]
                text = ",".join(str(s) for s in src)
                if is_pad and _odd(spec):
                    text = "odd"
            elif is_pad:
                text = fill.get(spec.mode, "")
            else:
                text = ",".join(str(_inside_source(spec, k, j)) for k, j in zip(axes, pos, strict=True))
            lab_row.append(text)
            pad_row.append(is_pad)
        labels.append(lab_row)
        padded.append(pad_row)
    at = [index[k] - s for k, s in zip(axes, starts, strict=True)]
    if len(axes) == 1:
        at = [0, *at]
    return {"axes": axes, "origin": starts, "labels": labels, "padded": padded, "at": at, "mode": spec.mode,
            "index": format_index(index)}


def _line_value(line: np.ndarray, spec: PadSpec, k: int, j: int) -> Any:
    """Output position ``j`` along axis ``k`` of the padded 1-D ``line`` (fill modes)."""
    b, a = spec.widths[k]
    n = line.shape[0]
    before = j < b
    if spec.mode in STAT_MODES:
        left, right = window_lengths(n, spec.stat_length[k])
        window = line[:left] if before else line[n - right:]
        func = STAT_FUNCTIONS[spec.mode]
        stat = np.asarray(func(window))
        if np.issubdtype(line.dtype, np.integer):
            stat = stat.round()
        # An empty window's mean is NaN; NumPy casts it to an integer dtype as an array cast
        # does (INT_MIN on x86, with a RuntimeWarning), so the same cast here, not a scalar one.
        with np.errstate(invalid="ignore"):
            return stat.astype(line.dtype)[()]
    if spec.mode == "linear_ramp":
        end = spec.values[k][0 if before else 1]
        ramp = np.linspace(end, line[0 if before else n - 1], b if before else a, endpoint=False, dtype=line.dtype)
        return ramp[j if before else b + n + a - 1 - j]
    return pad_line_odd(line, (b, a), spec.mode == "symmetric")[j]


_CORNER_LIMIT = 100_000


def _corner(x: np.ndarray, spec: PadSpec, index: tuple[int, ...], padded: list[int]) -> Any:
    """np.pad's value at a corner of several fill axes, by recursion over the padded axes (the
    last one is filled from the values the earlier ones padded); the box is bounded."""
    if int(np.prod([x.shape[k] for k in padded])) > _CORNER_LIMIT:
        return _kernel_value(x, spec, index, padded)
    shape = x.shape

    def val(idx: tuple[int, ...], u: int) -> Any:
        if u == 0:
            return x[tuple(_inside_source(spec, k, idx[k]) for k in range(x.ndim))]
        k = padded[u - 1]
        if _inside(spec, shape, k, idx[k]):
            return val(idx, u - 1)
        b = spec.widths[k][0]
        line = np.array([val((*idx[:k], b + i, *idx[k + 1:]), u - 1) for i in range(shape[k])], dtype=x.dtype)
        return _line_value(line, spec, k, idx[k])

    return val(index, len(padded))
