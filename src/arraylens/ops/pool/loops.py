"""Compiled pooling loops (numba, through :func:`arraylens.core.compiled.compiled`).

The NumPy kernel (:mod:`arraylens.ops.pool.kernel`) reads its input once per kernel tap through
strided views; these loops read it once, in its memory order, and give the same bits: the same
separable order (the outer spatial axis of the memory first, then the inner one), per axis the
same order of additions (a sliding window adds its cells one after the other, from 0 where the
NumPy kernel starts from 0; an adaptive window sums in
:func:`~arraylens.ops.pool.kernel.fixed_order_sum`'s lanes and trees), the same maximum (NaN
rule aside from which NaN and which zero's sign a tie keeps), the same divisor (a power of two
multiplies by its reciprocal, the same real rounded once). ``tests/ops/pool/test_pool_compiled.py``
compares the two bit for bit.

The arrays are C-contiguous ``(G, H, W * B)`` inputs and ``(G, OH, OW, B)`` outputs: channel
planes (NCHW memory: ``G`` = N C, ``B`` = 1) or channel vectors (NHWC memory: ``G`` = N, ``B`` = C).
Each loop is its own compiled function, compiled on its first call (per dtype) and cached on
disk, so a call compiles only the loop it runs:

- :func:`sum_planes_taps`, :func:`max_planes_taps`: channel planes with a sliding window along
  the width, walked tap after tap along a row split into its ``stride`` phases (contiguous reads,
  vectorised); k2 s2 means in one fused pass over the row;
- :func:`sum_windows`, :func:`max_windows`: any ``B``, window after window along the width (the
  ``B`` values as the vector; adaptive windows in lanes: on channel planes, as the global mean's
  width, the lanes are scalars side by side);
- :func:`sum_tiles_planes`: channel planes whose width windows tile the row with one lane each
  (adaptive 7x7 on 112: 16 cells), all the row's windows summed at once;
- :func:`argmax_windows`: the maximum and its plane index, window by window.

The height pass (:func:`_run_sum`, :func:`_fold`, :func:`_run_max`, helpers the loops share)
sums or takes the maximum of a window's input rows into one row buffer, vectorised along the
row. The helpers are compiled as functions of their own (``jitable(inline=False)``), not inlined
in numba's IR. Each loop's small integer arguments travel in one int64 ``params`` array (fewer
arguments for numba's dispatcher to type on every call).

This module does not import numba: :func:`~arraylens.core.compiled.compiled` does, on the first
call of a loop.
"""

from __future__ import annotations

import numpy as np

from arraylens.core.compiled import compiled, jitable

__all__ = [
    "argmax_windows",
    "max_planes_taps",
    "max_windows",
    "sum_planes_taps",
    "sum_tiles_planes",
    "sum_windows",
]

NAN_CODES = {"last": 0, "first": 1, "ignore": 2, "leading": 2}
"""The NaN rule of :func:`argmax_windows` (``"leading"`` runs as ``"ignore"``; the kernel
finishes it)."""


# ----------------------------------------------------------------------------------------------
# Helpers (inlined into each loop that calls them: numba compiles each loop alone)
# ----------------------------------------------------------------------------------------------


@jitable(inline=False)
def _tree(buf, n, tmp, out, add):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """The pairwise tree over the rows ``buf[:n]`` (rows 2i and 2i + 1 added, an odd last one
    carried; :func:`~arraylens.ops.pool.kernel._tree_sum`): the sum into the row ``out``, or added
    to it (``add``: ``out + sum``). Each level is written into the other of ``buf`` and ``tmp``
    (at least ``(n + 1) // 2`` rows), never in place: LLVM's overlap check fails on a row summed
    into itself (row 0), which then ran unvectorised (the global mean's loop, 112 x 112 planes:
    about 15 us of its 125)."""
    width = out.shape[0]
    a, b = buf, tmp
    m = n
    while m > 1:
        h = m // 2
        for i in range(h):
            for j in range(width):
                b[i, j] = a[2 * i, j] + a[2 * i + 1, j]
        if m % 2:
            for j in range(width):
                b[h, j] = a[m - 1, j]
        m = h + m % 2
        a, b = b, a
    if add:
        for j in range(width):
            out[j] = out[j] + a[0, j]
    else:
        for j in range(width):
            out[j] = a[0, j]


@jitable(inline=False)
def _fold(src, f, step, c, L, row, lane, rest):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """``row`` = the sum of the rows ``src[f + i * step]``, ``i < c``, in ``L`` > 1 lanes
    (:func:`~arraylens.ops.pool.kernel.fixed_order_sum`'s order: the chunks of ``L`` rows one
    after the other, the lanes by the tree, then the tree of the ``c % L`` rows left, added last;
    ``lane`` and ``rest``: ``L`` rows each, each the other's scratch for its tree)."""
    width = row.shape[0]
    q = c // L
    for k in range(L):
        p = f + k * step
        for j in range(width):
            lane[k, j] = src[p, j]
    for i in range(1, q):
        for k in range(L):
            p = f + (i * L + k) * step
            for j in range(width):
                lane[k, j] = lane[k, j] + src[p, j]
    _tree(lane, L, rest, row, False)
    r = c - q * L
    if r:
        for k in range(r):
            p = f + (q * L + k) * step
            for j in range(width):
                rest[k, j] = src[p, j]
        _tree(rest, r, lane, row, True)


@jitable(inline=False)
def _fold1(src, f, step, c, L, lane, rest):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """:func:`_fold` of single cells (``src`` 1-d; ``lane``, ``rest``: ``L`` scalars): the sum of
    ``src[f + i * step]``, ``i < c``, in the same order; the ``L`` lane sums are independent
    accumulators side by side (SIMD without reassociation)."""
    q = c // L
    if L == 8 and step == 1 and f >= 0 and q > 0:
        # adjacent cells, eight lanes: the lanes as eight scalars (one vector register), unsigned
        # indices (no negative-index wrap to test per cell)
        u = np.uint64(f)
        a0, a1, a2, a3 = src[u], src[u + 1], src[u + 2], src[u + 3]
        a4, a5, a6, a7 = src[u + 4], src[u + 5], src[u + 6], src[u + 7]
        for i in range(1, q):
            u = np.uint64(f + i * 8)
            a0, a1, a2, a3 = a0 + src[u], a1 + src[u + 1], a2 + src[u + 2], a3 + src[u + 3]
            a4, a5, a6, a7 = a4 + src[u + 4], a5 + src[u + 5], a6 + src[u + 6], a7 + src[u + 7]
        lane[0] = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))  # the tree below, written out
        m = 1
    else:
        for k in range(L):
            lane[k] = src[f + k * step]
        for i in range(1, q):
            base = f + i * L * step
            for k in range(L):
                lane[k] = lane[k] + src[base + k * step]
        m = L
    while m > 1:
        h = m // 2
        for i in range(h):
            lane[i] = lane[2 * i] + lane[2 * i + 1]
        if m % 2:
            lane[h] = lane[m - 1]
        m = h + m % 2
    total = lane[0]
    r = c - q * L
    if r:
        for k in range(r):
            rest[k] = src[f + (q * L + k) * step]
        m = r
        while m > 1:
            h = m // 2
            for i in range(h):
                rest[i] = rest[2 * i] + rest[2 * i + 1]
            if m % 2:
                rest[h] = rest[m - 1]
            m = h + m % 2
        total = total + rest[0]
    return total


@jitable(inline=False)
def _run_sum(src, f, step, c, zero, row):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """``row`` = the sum of the rows ``src[f + i * step]``, ``i < c``, one after the other, from
    the first row (from 0 when ``zero``; 0 for none); the first two rows in one pass."""
    width = row.shape[0]
    start = 0 if (c == 0 or zero) else min(c, 2)
    if start == 0:
        for j in range(width):
            row[j] = 0.0
    elif start == 1:
        for j in range(width):
            row[j] = src[f, j]
    else:
        p1 = f + step
        for j in range(width):
            row[j] = src[f, j] + src[p1, j]
    for i in range(start, c):
        p = f + i * step
        for j in range(width):
            row[j] = row[j] + src[p, j]


@jitable(inline=False)
def _run_max(src, f, step, c, nan_wins, row):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """``row`` = the maximum of the rows ``src[f + i * step]``, ``i < c`` (-inf for none): a NaN
    wins when ``nan_wins`` (``np.maximum``), never else (``np.fmax``; -inf for NaN only)."""
    width = row.shape[0]
    start = min(c, 3)  # the first (up to) three rows in one pass
    if nan_wins:
        if start == 3:
            p1, p2 = f + step, f + 2 * step
            for j in range(width):
                d = src[f, j]
                v = src[p1, j]
                d = v if (v > d) | (v != v) else d
                v = src[p2, j]
                row[j] = v if (v > d) | (v != v) else d
        elif start == 2:
            p1 = f + step
            for j in range(width):
                d = src[f, j]
                v = src[p1, j]
                row[j] = v if (v > d) | (v != v) else d
        elif start == 1:
            for j in range(width):
                row[j] = src[f, j]
        else:
            for j in range(width):
                row[j] = -np.inf
        for i in range(start, c):
            p = f + i * step
            for j in range(width):
                d = row[j]
                v = src[p, j]
                row[j] = v if (v > d) | (v != v) else d
    else:
        if start == 3:
            p1, p2 = f + step, f + 2 * step
            for j in range(width):
                d = -np.inf
                v = src[f, j]
                d = v if v > d else d
                v = src[p1, j]
                d = v if v > d else d
                v = src[p2, j]
                row[j] = v if v > d else d
        else:
            for j in range(width):
                row[j] = -np.inf
            start = 0
        for i in range(start, c):
            p = f + i * step
            for j in range(width):
                d = row[j]
                v = src[p, j]
                row[j] = v if v > d else d


@jitable(inline=False)
def _phases(row, W, stride, ph):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """``ph[p, j] = row[j * stride + p]`` for the ``W`` cells of ``row``: a tap of a strided
    window then reads one phase contiguously."""
    if stride == 1:
        for j in range(W):
            ph[0, j] = row[j]
    elif stride == 2:
        for j in range(W // 2):
            ph[0, j] = row[2 * j]
            ph[1, j] = row[2 * j + 1]
        if W % 2:
            ph[0, W // 2] = row[W - 1]
    else:
        for j in range(W):
            ph[j % stride, j // stride] = row[j]


@jitable(inline=False)
def _scale_row(out, scale_row, scale_mode):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """``out`` times (``scale_mode`` 1) or divided by (2) ``scale_row``; as is for 0."""
    if scale_mode == 1:
        r = scale_row[0]  # (mode 1: one reciprocal for every window)
        for j in range(out.shape[0]):
            out[j] = out[j] * r
    elif scale_mode == 2:
        for j in range(out.shape[0]):
            out[j] = out[j] / scale_row[j]


# ----------------------------------------------------------------------------------------------
# The loops. ``scale_mode``: 0 leaves the sums, 1 multiplies by ``scale[0, 0]`` (the reciprocal
# of a power of two, the same for every window: the quotient's bits), 2 divides by ``scale[oh, ow]``.
# ----------------------------------------------------------------------------------------------


@compiled
def sum_planes_taps(y, o3, hwin, taps, scale, params):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """Sums of channel planes ``y`` ``(G, H, W)`` into ``o3`` ``(G, OH, OW)``: each output row's
    height window (``hwin``: first, count, lanes) into a row, then the width's sliding window
    tap after tap (``taps``: lo, mid, hi, off) over the row's ``stride`` phases; two taps of
    stride 2 with every window inside (``k2 s2``) in one pass over the row. ``params``: the
    height step, whether its sums start from 0, its most lanes, the width stride, the scale mode."""
    hstep, hzero, hlanes, stride, scale_mode = params[0], params[1] != 0, params[2], params[3], params[4]
    G, W = y.shape[0], y.shape[2]
    OH, OW = o3.shape[1], o3.shape[2]
    nph = W // stride + 1
    row = np.empty(W, y.dtype)
    ph = np.empty((stride, nph), y.dtype)
    pairs = (
        stride == 2
        and taps.shape[1] == 2
        and taps[0, 0] == 0
        and taps[1, 0] == OW
        and taps[2, 0] == OW
        and taps[3, 0] == 0
        and taps[0, 1] == 0
        and taps[1, 1] == 0
        and taps[2, 1] == OW
        and taps[3, 1] == 1
    )
    lane = np.empty((hlanes, W), y.dtype)
    rest = np.empty((hlanes, W), y.dtype)
    for g in range(G):
        yg = y[g]
        for oh in range(OH):
            f, c, L = hwin[0, oh], hwin[1, oh], hwin[2, oh]
            if L == 1:
                _run_sum(yg, f, hstep, c, hzero, row)
            else:
                _fold(yg, f, hstep, c, L, row, lane, rest)
            out = o3[g, oh]
            if pairs:  # two taps, stride 2, every window inside: one pass (vectorised)
                if scale_mode == 1:
                    r = scale[0, 0]  # (mode 1: one reciprocal for every window)
                    for j in range(OW):
                        out[j] = (row[2 * j] + row[2 * j + 1]) * r
                elif scale_mode == 2:
                    sc = scale[oh]
                    for j in range(OW):
                        out[j] = (row[2 * j] + row[2 * j + 1]) / sc[j]
                else:
                    for j in range(OW):
                        out[j] = row[2 * j] + row[2 * j + 1]
                continue
            _phases(row, W, stride, ph)
            for j in range(OW):
                out[j] = 0.0
            for t in range(taps.shape[1]):
                a, m, b, off = taps[0, t], taps[1, t], taps[2, t], taps[3, t]
                if b <= a:
                    continue
                phase = off % stride
                k0 = off // stride
                for i in range(m - a):
                    out[np.uint64(a + i)] = ph[phase, np.uint64(a + k0 + i)]
                for i in range(b - m):
                    u = np.uint64(m + i)
                    out[u] = out[u] + ph[phase, np.uint64(m + k0 + i)]
            _scale_row(out, scale[oh], scale_mode)


@compiled
def max_planes_taps(y, o3, hwin, taps, params):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """Maxima of channel planes ``y`` ``(G, H, W)`` into ``o3`` ``(G, OH, OW)``, as
    :func:`sum_planes_taps` (a NaN wins when ``nan_wins``, never else; -inf for no cell).
    ``params``: the height step, the width stride, ``nan_wins``."""
    hstep, stride, nan_wins = params[0], params[1], params[2] != 0
    G, W = y.shape[0], y.shape[2]
    OH, OW = o3.shape[1], o3.shape[2]
    nph = W // stride + 1
    row = np.empty(W, y.dtype)
    ph = np.empty((stride, nph), y.dtype)
    for g in range(G):
        yg = y[g]
        for oh in range(OH):
            _run_max(yg, hwin[0, oh], hstep, hwin[1, oh], nan_wins, row)
            out = o3[g, oh]
            _phases(row, W, stride, ph)
            for j in range(OW):
                out[j] = -np.inf
            for t in range(taps.shape[1]):
                a, b, off = taps[0, t], taps[2, t], taps[3, t]
                if b <= a:
                    continue
                phase = off % stride
                k0 = off // stride
                if nan_wins:
                    for i in range(b - a):
                        u = np.uint64(a + i)
                        d = out[u]
                        v = ph[phase, np.uint64(a + k0 + i)]
                        out[u] = v if (v > d) | (v != v) else d
                else:
                    for i in range(b - a):
                        u = np.uint64(a + i)
                        d = out[u]
                        v = ph[phase, np.uint64(a + k0 + i)]
                        out[u] = v if v > d else d


@compiled
def sum_tiles_planes(y, o3, hwin, scale, params):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """Sums of channel planes ``y`` ``(G, H, W)`` into ``o3`` ``(G, OH, OW)`` whose width windows
    lie side by side, ``tile`` cells each from ``wfirst``, summed one after the other from the
    first cell (one lane): the height pass as :func:`sum_planes_taps`, then all the row's windows
    at once, one cell of each after the other (independent sums, one per window). ``params``: the
    height step, whether its sums start from 0, its most lanes, ``tile``, ``wfirst``, the scale
    mode."""
    hstep, hzero, hlanes, tile, wfirst, scale_mode = (
        params[0],
        params[1] != 0,
        params[2],
        params[3],
        params[4],
        params[5],
    )
    G, W = y.shape[0], y.shape[2]
    OH, OW = o3.shape[1], o3.shape[2]
    row = np.empty(W, y.dtype)
    lane = np.empty((hlanes, W), y.dtype)
    rest = np.empty((hlanes, W), y.dtype)
    for g in range(G):
        yg = y[g]
        for oh in range(OH):
            f, c, L = hwin[0, oh], hwin[1, oh], hwin[2, oh]
            if L == 1:
                _run_sum(yg, f, hstep, c, hzero, row)
            else:
                _fold(yg, f, hstep, c, L, row, lane, rest)
            out = o3[g, oh]
            # eight windows at a time, each summed in a register from its first cell (eight
            # independent chains of additions; a group past the last window repeats the last one,
            # kept once): no store and reload of a partial sum per cell
            for j0 in range(0, OW, 8):
                last = OW - 1
                u0 = np.uint64(wfirst + j0 * tile)
                u1 = np.uint64(wfirst + min(j0 + 1, last) * tile)
                u2 = np.uint64(wfirst + min(j0 + 2, last) * tile)
                u3 = np.uint64(wfirst + min(j0 + 3, last) * tile)
                u4 = np.uint64(wfirst + min(j0 + 4, last) * tile)
                u5 = np.uint64(wfirst + min(j0 + 5, last) * tile)
                u6 = np.uint64(wfirst + min(j0 + 6, last) * tile)
                u7 = np.uint64(wfirst + min(j0 + 7, last) * tile)
                s0, s1, s2, s3 = row[u0], row[u1], row[u2], row[u3]
                s4, s5, s6, s7 = row[u4], row[u5], row[u6], row[u7]
                for i in range(1, tile):
                    k = np.uint64(i)
                    s0 = s0 + row[u0 + k]
                    s1 = s1 + row[u1 + k]
                    s2 = s2 + row[u2 + k]
                    s3 = s3 + row[u3 + k]
                    s4 = s4 + row[u4 + k]
                    s5 = s5 + row[u5 + k]
                    s6 = s6 + row[u6 + k]
                    s7 = s7 + row[u7 + k]
                n = min(8, OW - j0)
                out[j0] = s0
                if n > 1:
                    out[j0 + 1] = s1
                if n > 2:
                    out[j0 + 2] = s2
                if n > 3:
                    out[j0 + 3] = s3
                if n > 4:
                    out[j0 + 4] = s4
                if n > 5:
                    out[j0 + 5] = s5
                if n > 6:
                    out[j0 + 6] = s6
                if n > 7:
                    out[j0 + 7] = s7
            _scale_row(out, scale[oh], scale_mode)


@compiled
def sum_windows(y, o, hwin, wwin, scale, params):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """Sums of ``y`` ``(G, H, W * B)`` into ``o`` ``(G, OH, OW, B)``: each output row's height
    window into a row ``(W, B)``, then window after window along the width (``wwin``: first,
    count, lanes), the ``B`` values as the vector. ``params``: the height step, whether its sums
    start from 0, its most lanes, the same three for the width, the scale mode."""
    hstep, hzero, hlanes, wstep, wzero, wlanes = (
        params[0],
        params[1] != 0,
        params[2],
        params[3],
        params[4] != 0,
        params[5],
    )
    scale_mode = params[6]
    G = y.shape[0]
    OH, OW, B = o.shape[1], o.shape[2], o.shape[3]
    WB = y.shape[2]
    row = np.empty(WB, y.dtype)
    row2 = row.reshape((WB // B, B))
    lane = np.empty((hlanes, WB), y.dtype)
    rest = np.empty((hlanes, WB), y.dtype)
    lane_w = np.empty((wlanes, B), y.dtype)
    rest_w = np.empty((wlanes, B), y.dtype)
    lane1 = np.empty(wlanes, y.dtype)
    rest1 = np.empty(wlanes, y.dtype)
    # every width window two cells side by side from its first, no window overlapping the next
    # and the sums starting from the first cell (k2 s2 on channel vectors): one pass per row
    # without the per-window bookkeeping
    pairs = B > 1 and not wzero and wlanes == 1
    for ow in range(OW):
        pairs = pairs and wwin[1, ow] == 2 and wwin[0, ow] == 2 * ow + wwin[0, 0] and wstep == 1
    uB = np.uint64(B)
    for g in range(G):
        yg = y[g]
        for oh in range(OH):
            f, c, L = hwin[0, oh], hwin[1, oh], hwin[2, oh]
            if L == 1:
                _run_sum(yg, f, hstep, c, hzero, row)
            else:
                _fold(yg, f, hstep, c, L, row, lane, rest)
            if pairs:
                w0 = np.uint64(wwin[0, 0] * B)
                og = o[g, oh]
                for ow in range(OW):
                    out = og[ow]
                    r0 = w0 + np.uint64(2 * ow) * uB
                    r1 = r0 + uB
                    if scale_mode == 1:
                        d = scale[oh, ow]
                        for b in range(B):
                            u = np.uint64(b)
                            out[u] = (row[r0 + u] + row[r1 + u]) * d
                    elif scale_mode == 2:
                        d = scale[oh, ow]
                        for b in range(B):
                            u = np.uint64(b)
                            out[u] = (row[r0 + u] + row[r1 + u]) / d
                    else:
                        for b in range(B):
                            u = np.uint64(b)
                            out[u] = row[r0 + u] + row[r1 + u]
                continue
            for ow in range(OW):
                out = o[g, oh, ow]
                wf, wc, wl = wwin[0, ow], wwin[1, ow], wwin[2, ow]
                if wl == 1:  # (written out: no helper call per window)
                    # unsigned flat indices into the row: no negative-index wrap to test per
                    # cell, so the B-long loops vectorise (1.4x on NHWC memory, k2 s2)
                    start = 0 if (wc == 0 or wzero) else min(wc, 2)
                    r0 = np.uint64(wf * B)
                    if start == 0:
                        for b in range(B):
                            out[np.uint64(b)] = 0.0
                    elif start == 1:
                        for b in range(B):
                            u = np.uint64(b)
                            out[u] = row[r0 + u]
                    else:
                        r1 = np.uint64((wf + wstep) * B)
                        for b in range(B):
                            u = np.uint64(b)
                            out[u] = row[r0 + u] + row[r1 + u]
                    for i in range(start, wc):
                        rp = np.uint64((wf + i * wstep) * B)
                        for b in range(B):
                            u = np.uint64(b)
                            out[u] = out[u] + row[rp + u]
                elif B == 1:  # channel planes: the lanes as scalars side by side
                    out[0] = _fold1(row, wf, wstep, wc, wl, lane1, rest1)
                else:
                    _fold(row2, wf, wstep, wc, wl, out, lane_w, rest_w)
                if scale_mode == 1:
                    d = scale[oh, ow]
                    for b in range(B):
                        u = np.uint64(b)
                        out[u] = out[u] * d
                elif scale_mode == 2:
                    d = scale[oh, ow]
                    for b in range(B):
                        u = np.uint64(b)
                        out[u] = out[u] / d


@compiled
def max_windows(y, o, hwin, wwin, params):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """Maxima of ``y`` ``(G, H, W * B)`` into ``o`` ``(G, OH, OW, B)``, as :func:`sum_windows`
    (a NaN wins when ``nan_wins``, never else; -inf for no cell). ``params``: the height step,
    the width step, ``nan_wins``."""
    hstep, wstep, nan_wins = params[0], params[1], params[2] != 0
    G = y.shape[0]
    OH, OW, B = o.shape[1], o.shape[2], o.shape[3]
    WB = y.shape[2]
    row = np.empty(WB, y.dtype)
    row2 = row.reshape((WB // B, B))
    for g in range(G):
        yg = y[g]
        for oh in range(OH):
            _run_max(yg, hwin[0, oh], hstep, hwin[1, oh], nan_wins, row)
            for ow in range(OW):  # (written out: no helper call per window)
                wf, wc = wwin[0, ow], wwin[1, ow]
                if nan_wins and wc > 0:
                    for b in range(B):
                        o[g, oh, ow, b] = row2[wf, b]
                    start = 1
                else:
                    for b in range(B):
                        o[g, oh, ow, b] = -np.inf
                    start = 0
                for i in range(start, wc):
                    p = wf + i * wstep
                    if nan_wins:
                        for b in range(B):
                            d = o[g, oh, ow, b]
                            v = row2[p, b]
                            o[g, oh, ow, b] = v if (v > d) | (v != v) else d
                    else:
                        for b in range(B):
                            d = o[g, oh, ow, b]
                            v = row2[p, b]
                            o[g, oh, ow, b] = v if v > d else d


@compiled
def argmax_windows(y, v, ind, hwin, hstep, wwin, wstep, rule):  # type: ignore[no-untyped-def]  # pragma: no cover - compiled
    """Each window's maximum of ``y`` ``(G, H, W, B)`` into ``v`` and its row-major plane index
    ``h * W + w`` into ``ind`` (both ``(G, OH, OW, B)``), scanning the window row by row.
    ``rule`` 0: a NaN wins (the last one), 1: the first NaN wins, 2: NaN never wins. The index
    starts at the window's first input cell (PyTorch's index of a window without input cells:
    its first taps at or after 0; its value -inf)."""
    G, W = y.shape[0], y.shape[2]
    OH, OW, B = v.shape[1], v.shape[2], v.shape[3]
    for g in range(G):
        for oh in range(OH):
            hf, hc = hwin[0, oh], hwin[1, oh]
            for ow in range(OW):
                wf, wc = wwin[0, ow], wwin[1, ow]
                for b in range(B):
                    best = -np.inf
                    at = hf * W + wf
                    for i in range(hc):
                        hh = hf + i * hstep
                        for j in range(wc):
                            ww = wf + j * wstep
                            val = y[g, hh, ww, b]
                            if rule == 0:
                                wins = (val > best) | (val != val)
                            elif rule == 1:
                                wins = (val > best) | ((val != val) & (best == best))
                            else:
                                wins = val > best
                            if wins:
                                best = val
                                at = hh * W + ww
                    v[g, oh, ow, b] = best
                    ind[g, oh, ow, b] = at
