"""The part of a pooling's plane that a figure or a page draws around one explained element.

:func:`plane_view` cuts a tile of at most :data:`MAX_OUT_SIDE` output cells a side around the
explained element (fewer when their windows would span more than :data:`MAX_IN_SIDE` cells) and
returns, as plain data for ``Explanation.details["view"]``: the input cells those windows cover
(with their roles: input, padding, ceil-mode extension), the output values of the tile, each
output's window along each drawn axis, and its winner (max) or divisor (mean, torch's Lp). Every
output value is the kernel's own answer on the box its window covers
(:meth:`~arraylens.ops.pool.spec.PoolSpec.sub_problem`), so the cost is O(tile x window), bounded
by the caps, never a pass over the plane.

The view draws the last two spatial axes (height, width; one row for a 1-d pooling). A 3-d
pooling's view is the output depth slice of the explained element, drawn on the input depth
slice where its window starts inside the input (``depth`` says which; the other depths of the
windows are listed, not drawn).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from arraylens.ops.pool.kernel import axis_divisors, pool
from arraylens.ops.pool.spec import AdaptiveWindows, Axis, LpReduction, MaxReduction, MeanReduction, PoolSpec

__all__ = ["MAX_IN_SIDE", "MAX_OUT_SIDE", "plane_view"]

MAX_OUT_SIDE = 9
"""At most this many output cells per drawn axis."""
MAX_IN_SIDE = 40
"""At most this many input (and padding/extension) cells per drawn axis."""


def _span(a: Axis, o0: int, o1: int) -> tuple[int, int]:
    """The positions ``[lo, hi)`` covered by the windows of outputs ``o0 .. o1 - 1``."""
    if isinstance(a, AdaptiveWindows):
        return min(a.starts[o0:o1]), max(a.ends[o0:o1])
    return int(a.start(o0)), int(a.start(o1 - 1)) + a.effective_kernel


def _tile(o: int, out: int, side: int) -> tuple[int, int]:
    w = min(side, out)
    o0 = min(max(o - w // 2, 0), out - w)
    return o0, o0 + w


def _real(v: Any) -> Any:
    if isinstance(v, np.bool_ | bool):
        return int(v)
    if isinstance(v, np.integer):
        return int(v)
    return float(v)


def plane_view(x: np.ndarray, spec: PoolSpec, b: int, out_spatial: tuple[int, ...], c: int,
               dtype: np.dtype[Any]) -> dict[str, Any] | None:
    """The drawable tile around output ``(b, *out_spatial, c)`` of pooling the canonical ``x``.

    Parameters
    ----------
    x : ndarray, shape ``(N, *spatial, C)``
        The canonical input.
    spec : PoolSpec
    b, c : int
        The batch item and channel.
    out_spatial : tuple of int
        The explained output position.
    dtype : dtype
        The result dtype (the tile's output values are cast to it).

    Returns
    -------
    dict or None
        ``axes`` (the drawn spatial axes), ``depth`` (3-d: the output depth and the input depth
        drawn, else None), ``in_start``/``in_stop`` (positions, may reach into the padding: below
        0 or past the input), ``roles`` and ``values`` (per drawn input cell; ``None`` off the
        input), ``out_start``/``out_stop``, ``out_values``, ``windows`` (per drawn axis, per
        tile output along it, the window's positions in scan order), ``winners`` (max: per tile
        output the drawn position of the winner, or None), ``divisors`` (mean, torch's Lp: per
        tile output), ``focus`` (the explained element within the tile). None when not even one
        window fits :data:`MAX_IN_SIDE`.
    """
    spatial = tuple(int(n) for n in x.shape[1:-1])
    out_sizes = spec.output_spatial(spatial)
    nd = spec.ndim
    drawn = list(range(nd))[-2:]
    side = MAX_OUT_SIDE
    while True:
        tiles = {k: _tile(out_spatial[k], out_sizes[k], side) for k in drawn}
        spans = {k: _span(spec.axes[k], *tiles[k]) for k in drawn}
        if all(hi - lo <= MAX_IN_SIDE for lo, hi in spans.values()):
            break
        if side == 1:
            return None
        side = max(1, side * 2 // 3)
    depth: dict[str, Any] | None = None
    fixed: dict[int, int] = {}
    if nd == 3:
        a0 = spec.axes[0]
        inside = [p for p in a0.positions(out_spatial[0]) if 0 <= p < spatial[0]]
        shown = inside[0] if inside else 0
        fixed[0] = shown
        depth = {"output": out_spatial[0], "input": shown, "positions": a0.positions(out_spatial[0]),
                 "drawn_only": True}
    in_lo = [spans[k][0] for k in drawn]
    in_hi = [spans[k][1] for k in drawn]
    roles: list[list[str]] = []
    values: list[list[Any]] = []
    grid = [range(lo, hi) for lo, hi in zip(in_lo, in_hi, strict=True)]
    rows = grid[0] if len(drawn) == 2 else range(1)
    cols = grid[-1]
    for r in rows:
        role_row, value_row = [], []
        for q in cols:
            pos = (r, q) if len(drawn) == 2 else (q,)
            role = _cell_role(spec, drawn, pos, spatial)
            role_row.append(role)
            if role == "input":
                full = (*fixed.values(), *pos)
                value_row.append(_real(x[(b, *full, c)]))
            else:
                value_row.append(None)
        roles.append(role_row)
        values.append(value_row)
    red = spec.reduction
    is_max = isinstance(red, MaxReduction)
    rule = red.divisor if isinstance(red, MeanReduction) or (isinstance(red, LpReduction) and red.form == "torch") \
        else None
    outs = [range(*tiles[k]) for k in drawn]
    out_rows = outs[0] if len(drawn) == 2 else range(1)
    per_axis_div = {k: axis_divisors(spec.axes[k], spatial[k], rule) for k in range(nd)} \
        if rule not in (None, "fixed") else {}
    out_values: list[list[Any]] = []
    winners: list[list[Any]] = []
    divisors: list[list[Any]] = []
    for orow in out_rows:
        vrow: list[Any] = []
        wrow: list[Any] = []
        drow: list[Any] = []
        for ocol in outs[-1]:
            pos_out = list(out_spatial)
            if len(drawn) == 2:
                pos_out[drawn[0]] = orow
            pos_out[drawn[-1]] = ocol
            boxes, sub = spec.sub_problem(pos_out, spatial)
            box = x[(slice(b, b + 1), *boxes, slice(c, c + 1))]
            v, plane = pool(box, sub, with_index=is_max)
            vrow.append(_real(np.asarray(v[(0,) * v.ndim]).astype(dtype)))
            if is_max:
                assert plane is not None
                pi = int(plane[(0,) * plane.ndim])
                empty = any(not any(0 <= q < n for q in a.positions(o))
                            for a, o, n in zip(spec.axes, pos_out, spatial, strict=True))
                if pi < 0 or empty:  # no input cell in the window (dilated taps may skip the input)
                    wrow.append(None)
                else:
                    local = np.unravel_index(pi, tuple(s.stop - s.start for s in boxes))
                    full_pos = [int(s.start) + int(i) for s, i in zip(boxes, local, strict=True)]
                    wrow.append({"position": full_pos, "drawn": [full_pos[k] for k in drawn]})
            if rule == "fixed":
                assert isinstance(red, MeanReduction)
                drow.append(red.divisor_value)
            elif rule is not None:
                drow.append(int(math.prod(int(per_axis_div[k][pos_out[k]]) for k in range(nd))))
        out_values.append(vrow)
        winners.append(wrow)
        divisors.append(drow)
    windows = [[spec.axes[k].positions(o) for o in range(*tiles[k])] for k in drawn]
    focus = [out_spatial[k] - tiles[k][0] for k in drawn]
    if len(drawn) == 1:
        focus = [0, *focus]
        windows = [[[0]], *windows]
    return {
        "axes": drawn, "depth": depth,
        "in_start": ([in_lo[0]] if len(drawn) == 2 else [0]) + [in_lo[-1]],
        "in_stop": ([in_hi[0]] if len(drawn) == 2 else [1]) + [in_hi[-1]],
        "input_size": ([spatial[drawn[0]]] if len(drawn) == 2 else [1]) + [spatial[drawn[-1]]],
        "roles": roles, "values": values,
        "out_start": ([tiles[drawn[0]][0]] if len(drawn) == 2 else [0]) + [tiles[drawn[-1]][0]],
        "out_stop": ([tiles[drawn[0]][1]] if len(drawn) == 2 else [1]) + [tiles[drawn[-1]][1]],
        "output_size": ([out_sizes[drawn[0]]] if len(drawn) == 2 else [1]) + [out_sizes[drawn[-1]]],
        "out_values": out_values, "windows": windows,
        "winners": winners if is_max else None, "divisors": divisors if rule is not None else None,
        "focus": focus,
    }


def _cell_role(spec: PoolSpec, drawn: list[int], pos: tuple[int, ...], spatial: tuple[int, ...]) -> str:
    """A drawn cell's role: ``input`` when inside the input on every drawn axis, else the
    weakest role along them (``extension`` beyond ``padding``)."""
    order = {"input": 0, "padding": 1, "extension": 2}
    worst = "input"
    for k, p in zip(drawn, pos, strict=True):
        a = spec.axes[k]
        r = a.role(p, spatial[k])
        if order[r] > order[worst]:
            worst = r
    return worst
