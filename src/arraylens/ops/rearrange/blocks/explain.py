"""The explanation of one element of a block rearrangement: its source and the formula.

Two independent paths give the value: the canonical form (the output element read through the
view ``x.reshape(split).transpose(perm)``, no copy) and the formula of the channel order (the
source ``(channel, y, x)`` computed from the output index and read from ``x``); ``check()``
compares them. The explanation also says where the other channel order (CRD against DCR,
pixel_shuffle against depth_to_space) would have taken this element from. O(1) work.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.explanation import Explanation, Section
from arraylens.core.text import format_ref, format_scalar
from arraylens.ops.rearrange.blocks.spec import (
    CONVENTIONS,
    FORMULAS,
    BlockSpec,
    Order,
    depth_channel,
    other,
    space_channel,
)

_TILE_CHANNELS = 16  # the figure's map shows at most this many space-side channels
_TILE_CELLS = 16  # ... and at most this many cells a side of each b x b block (like the pad source map)
_TILE_WIDTH = 32  # ... and at most this many cells across all shown blocks (O(1) text cells)


def _window(centre: int, size: int, cap: int) -> range:
    """At most ``cap`` consecutive positions of ``range(size)`` around ``centre``."""
    first = max(0, min(centre - cap // 2, size - cap))
    return range(first, min(size, first + cap))


def _full(spec: BlockSpec, lead: tuple[int, ...], c: int, y: int, x: int) -> tuple[int, ...]:
    return (*lead, y, x, c) if spec.channels_last else (*lead, c, y, x)


def _k_formula(order: Order, c: int, by: int, bx: int, b: int, channels: int) -> str:
    k = depth_channel(order, c, by, bx, b, channels)
    if order == "DCR":
        return f"k = (by*b + bx)*C + c = ({by}*{b} + {bx})*{channels} + {c} = {k}"
    return f"k = c*b*b + by*b + bx = {c}*{b * b} + {by}*{b} + {bx} = {k}"


def explain_block(op: str, x: np.ndarray, spec: BlockSpec, index: tuple[int, ...]) -> Explanation:
    """Explain ``op`` (a block rearrangement ``spec`` of ``x``) at the valid output ``index``."""
    b = spec.block
    split, perm, out_shape = spec.steps(x.shape)
    lead = tuple(index[:-3])
    tail = index[-3:]
    oc, oy, ox = (tail[2], tail[0], tail[1]) if spec.channels_last else tail
    c_in, _, _ = spec.split_cf(x.shape)
    alt = other(spec.order)
    if spec.direction == "to_space":
        channels = c_in // (b * b)  # space-side channels (the output's)
        c, (h, by), (w, bx) = oc, divmod(oy, b), divmod(ox, b)
        k = depth_channel(spec.order, c, by, bx, b, channels)
        k_alt = depth_channel(alt, c, by, bx, b, channels)
        source = _full(spec, lead, k, h, w)
        other_source = _full(spec, lead, k_alt, h, w)
        src_cyx, alt_cyx = (k, h, w), (k_alt, h, w)
        how = (
            f"output channel c = {c}, y = h*b + by = {h}*{b} + {by}, x = w*b + bx = {w}*{b} + {bx}; "
            f"the source channel is {_k_formula(spec.order, c, by, bx, b, channels)}"
        )
        alt_how = _k_formula(alt, c, by, bx, b, channels)
        other_space = {"c": c, "by": by, "bx": bx, "k": k_alt}
    else:
        channels = c_in
        k, h, w = oc, oy, ox
        c, by, bx = space_channel(spec.order, k, b, channels)
        c2, by2, bx2 = space_channel(alt, k, b, channels)
        source = _full(spec, lead, c, h * b + by, w * b + bx)
        other_source = _full(spec, lead, c2, h * b + by2, w * b + bx2)
        src_cyx, alt_cyx = (c, h * b + by, w * b + bx), (c2, h * b + by2, w * b + bx2)
        split_text = (
            f"block = k // C, c = k % C: ({k} // {channels}, {k} % {channels})"
            if spec.order == "DCR"
            else f"c = k // (b*b), block = k % (b*b): ({k} // {b * b}, {k} % {b * b})"
        )
        how = (
            f"output channel k = {k} splits as {split_text} -> c = {c}, (by, bx) = ({by}, {bx}); "
            f"y = h*b + by = {h}*{b} + {by}, x = w*b + bx = {w}*{b} + {bx}"
        )
        alt_how = f"{alt} splits k = {k} into c = {c2}, (by, bx) = ({by2}, {bx2})"
        other_space = {"c": c2, "by": by2, "bx": bx2, "k": k}

    # Path 1: the canonical form, read through a view (no copy for a contiguous input).
    moved = x.reshape(split).transpose(perm)
    value = moved[np.unravel_index(np.ravel_multi_index(index, out_shape), moved.shape)].item()
    # Path 2: the formula, read from the input.
    expected = x[source].item()
    other_value = x[other_source].item()

    out_ref = format_ref("out", index)
    src_ref = format_ref("x", source)
    alt_ref = format_ref("x", other_source)
    summary = (
        f"{out_ref} = {src_ref} = {format_scalar(expected)}: "
        f"source (channel, y, x) = ({src_cyx[0]}, {src_cyx[1]}, {src_cyx[2]}) by the {spec.order} order "
        f"with block size {b}; the {alt} order would have taken {alt_ref} = {format_scalar(other_value)}."
    )
    split_names, out_names = spec.axis_names()
    lead_names = tuple(f"n{i}" for i in range(len(lead)))
    form = (
        f"x.reshape({', '.join((*lead_names, *split_names))})"
        f".transpose({', '.join((*lead_names, *out_names))}).reshape(out shape {tuple(out_shape)})"
    )
    sections = (
        Section("Source", (
            f"{src_ref} (channel {src_cyx[0]}, y {src_cyx[1]}, x {src_cyx[2]})",
            how,
        )),
        Section("Canonical form", (
            form,
            f"b = {b}, C = {channels} space-side channels, {CONVENTIONS[(spec.direction, spec.order)]}: "
            f"{FORMULAS[spec.order]}",
        )),
        Section(f"The other order ({alt})", (
            f"{CONVENTIONS[(spec.direction, alt)]}: {FORMULAS[alt]}",
            f"{alt_how}: it would take {alt_ref} (channel {alt_cyx[0]}, y {alt_cyx[1]}, x {alt_cyx[2]}) = "
            f"{format_scalar(other_value)}"
            + (" (the same element: the orders agree here)" if alt_ref == src_ref else ""),
        )),
    )
    rows, cols = _window(by, b, _TILE_CELLS), _window(bx, b, _TILE_CELLS)
    shown = list(_window(c, channels, max(1, min(_TILE_CHANNELS, _TILE_WIDTH // len(cols)))))
    tiles = {
        order: [[[depth_channel(order, cc, yy, xx, b, channels) for xx in cols] for yy in rows] for cc in shown]
        for order in (spec.order, alt)
    }
    details: dict[str, Any] = {
        "kind": "block_rearrangement",
        "direction": spec.direction,
        "order": spec.order,
        "other_order": alt,
        "block": b,
        "channels": channels,
        "space": {"c": c, "by": by, "bx": bx, "h": h, "w": w, "k": k},
        "depth_channel": k,
        "other_space": other_space,
        "source": list(source),
        "other_source": list(other_source),
        "other_value": other_value,
        "tile_channels": shown,
        "tile_rows": [rows.start, rows.stop],
        "tile_cols": [cols.start, cols.stop],
        "tiles": tiles,
        "formulas": {spec.order: FORMULAS[spec.order], alt: FORMULAS[alt]},
        "conventions": {spec.order: CONVENTIONS[(spec.direction, spec.order)],
                        alt: CONVENTIONS[(spec.direction, alt)]},
    }
    return Explanation(
        op=op, index=index, value=value, summary=summary, sections=sections, expected=expected, details=details,
    )
