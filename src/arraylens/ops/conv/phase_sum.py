"""Convolution as one product for all taps and a compiled sum that writes each output once.

A transposed convolution (and a stride-1 forward convolution) is ``out[o] = sum over taps k of
P[i(o, k), k]`` with ``P = x @ W`` the products of every input position with every tap's
weights: one BLAS product with ``T * C_out`` columns per group, a far better shape for BLAS
than ``T`` products of ``C_out`` columns. NumPy can only add such a sum tap by tap through
strided views of ``P`` and of the output (one pass over the output per tap, each product read
with a stride of ``T * C_out``); the loop here (:func:`tap_sum_rows`, numba through
:mod:`arraylens.core.compiled`) writes each output element once: for every output position,
the sum of its taps' products, each read as a contiguous run of channels.

Order of the sums
-----------------
Per spatial axis a table lists, for every output coordinate, the taps that reach it and the
input coordinate each reads (:func:`axis_taps_transpose`, :func:`axis_taps_forward`), taps
increasing; a position's terms are the product of its axes' lists in that nested (row-major
kernel) order: the first term assigned, each next one added (``out = out + p``, rounded to the
dtype, no fused multiply-add), a position no tap reaches is +0.0. NaN, inf and -0.0 propagate as
in a plain sum of the terms in that order.

The products are computed for a block of input rows (along the first spatial axis, counted
through the images) at a time, so that they stay in cache and within the memory bound. A block
adds the terms its rows hold into the output rows they reach; the blocks run in the order in
which their rows' terms come in the row-major sum (descending input rows for a transposed
convolution, whose later taps read earlier rows; ascending for a forward one), and a position's
first term is assigned by whichever block holds it. So the order of every sum is the same
whatever the blocks. The products are BLAS's, whose bits can depend on the block's shape (a
one-row block is a matrix-vector product); the blocks follow from the shapes, dtype and spec
only, so the result never depends on the caller's memory layout or the thread count.

BLAS computes each product as a dot product from +0.0, so a product is never -0.0; the sum
itself keeps a -0.0 term's sign as a plain sum does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.compiled import compiled

__all__ = [
    "TapSumPlan",
    "axis_taps_forward",
    "axis_taps_transpose",
    "out_strides",
    "run_tap_sum",
    "tap_sum_plan",
    "tap_sum_rows",
]

AxisTable = tuple[np.ndarray, np.ndarray, np.ndarray]


def _table(lists: list[list[tuple[int, int]]]) -> AxisTable:
    """``(count, taps, inputs)``: per output coordinate, its number of terms, then the taps and the
    input coordinates of those terms (padded with zeros to the longest list), int64."""
    width = max(1, max((len(v) for v in lists), default=0))
    cnt = np.zeros(len(lists), dtype=np.int64)
    ks = np.zeros((len(lists), width), dtype=np.int64)
    ii = np.zeros((len(lists), width), dtype=np.int64)
    for o, terms in enumerate(lists):
        cnt[o] = len(terms)
        for j, (k, i) in enumerate(terms):
            ks[o, j] = k
            ii[o, j] = i
    return cnt, ks, ii


def axis_taps_transpose(out_size: int, in_size: int, kernel: int, stride: int, dilation: int, begin: int) -> AxisTable:
    """One axis of a transposed convolution cropped by ``begin``: output ``o`` receives input
    ``i`` through tap ``k`` when ``i*stride + k*dilation == o + begin``.

    Returns
    -------
    count : ndarray of int64, (out_size,)
    taps, inputs : ndarray of int64, (out_size, width)
        Each output's terms, taps increasing (so inputs decreasing), padded with zeros.
    """
    lists = []
    for o in range(out_size):
        terms = []
        for k in range(kernel):
            num = o + begin - k * dilation
            if num % stride == 0 and 0 <= num // stride < in_size:
                terms.append((k, num // stride))
        lists.append(terms)
    return _table(lists)


def axis_taps_forward(out_size: int, in_size: int, kernel: int, stride: int, dilation: int, before: int) -> AxisTable:
    """One axis of a forward convolution (cross-correlation) padded by ``before`` zeros: output
    ``o`` reads input ``o*stride + k*dilation - before`` through tap ``k``; a term in the padding
    is zero and left out. Returns as :func:`axis_taps_transpose` (inputs increasing)."""
    lists = []
    for o in range(out_size):
        terms = []
        for k in range(kernel):
            i = o * stride + k * dilation - before
            if 0 <= i < in_size:
                terms.append((k, i))
        lists.append(terms)
    return _table(lists)


@dataclass(frozen=True, eq=False)
class TapSumPlan:
    """What :func:`run_tap_sum` needs, worked out from shapes and spec only (cached with the
    kernel's schedule).

    ``first``: the first spatial axis's table; ``rest_count`` (Q,) and ``rest_offset`` (Q, R):
    per position of the other spatial axes (row-major), its number of terms and their offsets in
    a row of products, in row-major tap order; ``blocks``: ``(row_lo, row_hi)`` of the rows
    ``N * in_0`` whose products are computed together, in the order they run; ``empty_rows``:
    output rows along the first axis that no tap reaches (zeroed).
    """

    first: AxisTable
    rest_count: np.ndarray
    rest_offset: np.ndarray
    row_stride: int  # elements of products per input row (in_1 * ... * T * C_g)
    tap0_stride: int  # elements between taps k0 and k0 + 1 of one position
    rest: int  # input positions per row (in_1 * ...)
    taps: int
    groups: int
    channels: int
    rows: int  # N * in_0
    in0: int
    blocks: tuple[tuple[int, int], ...]
    descending: bool
    empty_rows: np.ndarray


def tap_sum_plan(
    tables: list[AxisTable],
    in_size: tuple[int, ...],
    kernel: tuple[int, ...],
    n: int,
    groups: int,
    channels: int,
    descending: bool,
    rows_per_block: int,
) -> TapSumPlan:
    """The plan of a convolution computed by :func:`run_tap_sum`.

    Parameters
    ----------
    tables : list of (count, taps, inputs)
        Per spatial axis, :func:`axis_taps_transpose` or :func:`axis_taps_forward`.
    in_size, kernel : tuple of int
        The spatial sizes of the input and of the kernel.
    n, groups, channels : int
        Images, groups, output channels (all groups).
    descending : bool
        Whether the taps read decreasing input rows (a transposed convolution).
    rows_per_block : int
        Input rows (along the first spatial axis, counted through the images) per product.
    """
    taps = math.prod(kernel)
    cg = channels // groups
    tap_strides = [math.prod(kernel[a + 1 :]) for a in range(len(kernel))]
    in_strides = [math.prod(in_size[a + 1 :]) for a in range(len(in_size))]
    # offsets of the terms of every position of axes 1.. in a row of products, row-major
    count = np.ones(1, dtype=np.int64)
    offset = np.zeros((1, 1), dtype=np.int64)
    for a in range(1, len(kernel)):
        c, ks, ii = tables[a]
        off = (ii * in_strides[a] * taps + ks * tap_strides[a]) * cg  # (out_a, width_a)
        width = ks.shape[1]
        comb = offset[:, None, :, None] + off[None, :, None, :]  # (Q, out_a, R, width_a)
        ok = (np.arange(offset.shape[1])[:, None] < count[:, None, None, None]) & (
            np.arange(width)[None, :] < c[None, :, None, None]
        )  # (Q, out_a, R, width_a)
        q, oa = comb.shape[0], comb.shape[1]
        comb = comb.reshape(q * oa, -1)
        ok = ok.reshape(q * oa, -1)
        order = np.argsort(~ok, axis=1, kind="stable")  # valid terms first, in row-major order
        offset = np.take_along_axis(np.where(ok, comb, 0), order, axis=1)
        count = ok.sum(axis=1).astype(np.int64)
    blocks = tuple((lo, min(n * in_size[0], lo + rows_per_block)) for lo in range(0, n * in_size[0], rows_per_block))
    count, offset = np.ascontiguousarray(count), np.ascontiguousarray(offset)
    for arr in (*tables[0], count, offset):  # shared by every call of the cached schedule
        arr.flags.writeable = False
    return TapSumPlan(
        first=tables[0],
        rest_count=count,
        rest_offset=offset,
        row_stride=in_strides[0] * taps * cg,
        tap0_stride=tap_strides[0] * cg,
        rest=in_strides[0],
        taps=taps,
        groups=groups,
        channels=channels,
        rows=n * in_size[0],
        in0=in_size[0],
        blocks=blocks[::-1] if descending else blocks,
        descending=descending,
        empty_rows=np.flatnonzero(tables[0][0] == 0),
    )


def _block_rows(x: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Rows ``[lo, hi)`` of ``x`` (N, in_0, ..., C) counted through the images, as a C-contiguous
    (positions, C) array: a view when ``x`` is C-contiguous, else a copy of the block only (BLAS
    then reads the same contiguous operand whatever the caller's layout)."""
    in0, c = x.shape[1], x.shape[-1]
    if x.flags.c_contiguous:
        rest = x.size // (x.shape[0] * in0 * c)  # positions per row
        return x.reshape(-1, c)[lo * rest : hi * rest]
    n0, n1 = lo // in0, (hi - 1) // in0
    parts = [x[n, max(lo - n * in0, 0) : min(hi - n * in0, in0)] for n in range(n0, n1 + 1)]
    block = np.ascontiguousarray(parts[0]) if len(parts) == 1 else np.concatenate(parts)
    return block.reshape(-1, c)


def out_strides(out: np.ndarray) -> tuple[int, int, int, int] | None:
    """``(image, row, position, channel)`` element strides at which :func:`tap_sum_rows` writes
    ``out`` (N, out_0, out_1 ..., C), a C-contiguous array or a view of one (the channels-last
    view of a channels-first result); None when the positions of axes 1.. do not lie at one
    stride (no such common layout)."""
    item = out.itemsize
    if any(st < 0 or st % item for st in out.strides):
        return None
    st = [v // item for v in out.strides]
    sizes = out.shape[2:-1]
    pos = st[-2] if sizes else 0
    for a in range(len(sizes) - 1):  # axis a+2 steps over whole runs of the later ones
        if sizes[a] > 1 and st[a + 2] != st[a + 3] * sizes[a + 1]:
            return None
    return st[0], st[1], pos, 1 if out.shape[-1] == 1 else st[-1]  # one channel: contiguous runs


def _flat(out: np.ndarray) -> np.ndarray:
    """The memory of ``out`` (non-negative strides) from its first element to its last, 1-d."""
    span = 1 + sum((d - 1) * st for d, st in zip(out.shape, out.strides, strict=True)) // out.itemsize
    return np.lib.stride_tricks.as_strided(out, shape=(span,), strides=(out.itemsize,))


def run_tap_sum(
    x: np.ndarray,
    w_all: np.ndarray,
    plan: TapSumPlan,
    out: np.ndarray,
    scratch: Any,
) -> None:
    """``out`` = the convolution of ``plan``, block by block.

    Parameters
    ----------
    x : ndarray, (N, in_0, in_1 ..., C_in), the dtype of ``out``
        Read a block of rows at a time (copied block by block when not C-contiguous).
    w_all : ndarray, (groups, C_in / groups, T * C_out / groups), C-contiguous
        Each group's weights, every tap side by side (tap-major, then channel).
    plan : TapSumPlan
    out : ndarray, (N, *out_size, C_out), the dtype of the products
        Written in place (every element): C-contiguous, or a view of a C-contiguous array that
        :func:`out_strides` accepts (the channels-last view of a channels-first result, written
        in place at its strides). The sums, so the bits, are the same whatever its strides.
    scratch : callable
        ``scratch(shape, dtype)``: the work array of a block's products.

    Raises
    ------
    ValueError
        When ``out``'s strides are not ones :func:`out_strides` accepts.
    """
    strides = out_strides(out) if out.size else (0, 0, 0, 1)
    if strides is None:
        raise ValueError(f"run_tap_sum: the output's strides {out.strides} do not flatten its positions")
    g_n = plan.groups
    c_in_g = w_all.shape[1]
    width = w_all.shape[2]
    flat = _flat(out) if out.size else out.reshape(-1)
    if plan.empty_rows.size:
        out[:, plan.empty_rows] = 0
    most = max(hi - lo for lo, hi in plan.blocks)
    buf = scratch((g_n, most * plan.rest, width), out.dtype)
    cnt0, tk0, ti0 = plan.first
    n_img = plan.rows // plan.in0
    for lo, hi in plan.blocks:
        m = (hi - lo) * plan.rest
        prods = buf.reshape(-1)[: g_n * m * width].reshape(g_n, m, width)
        xs = _block_rows(x, lo, hi)
        for g in range(g_n):
            np.matmul(xs if g_n == 1 else xs[:, g * c_in_g : (g + 1) * c_in_g], w_all[g], out=prods[g])
        tap_sum_rows(
            prods.reshape(-1),
            flat,
            cnt0,
            tk0,
            ti0,
            plan.rest_count,
            plan.rest_offset,
            plan.row_stride,
            plan.tap0_stride,
            plan.channels,
            g_n,
            m * width,
            lo,
            hi,
            plan.in0,
            plan.descending,
            n_img,
            *strides,
        )


@compiled
def tap_sum_rows(
    prods: np.ndarray,
    out: np.ndarray,
    cnt0: np.ndarray,
    tk0: np.ndarray,
    ti0: np.ndarray,
    rest_count: np.ndarray,
    rest_offset: np.ndarray,
    row_stride: int,
    tap0_stride: int,
    channels: int,
    groups: int,
    group_stride: int,
    row_lo: int,
    row_hi: int,
    in0: int,
    descending: bool,
    n_img: int,
    s_img: int,
    s_row: int,
    s_pos: int,
    s_chan: int,
) -> None:  # pragma: no cover - compiled
    """Add the terms held by the products of input rows ``[row_lo, row_hi)`` into the output.

    Parameters
    ----------
    prods : ndarray, 1-d, float32 or float64
        The block's products ``(groups, row_hi - row_lo, in_1 ..., T, C_g)`` flattened; rows
        count through the images (``N * in_0``), so a block may span images.
    out : ndarray, 1-d, the dtype of ``prods``
        The memory of the output ``(N, out_0, Q, channels)`` (``Q`` the positions of the other
        axes), element ``(n, o0, q, c)`` at ``n*s_img + o0*s_row + q*s_pos + c*s_chan``, written
        in place.
    cnt0, tk0, ti0 : ndarray of int64
        The first axis's table (:func:`axis_taps_transpose`, :func:`axis_taps_forward`).
    rest_count, rest_offset : ndarray of int64, (Q,) and (Q, R)
        The other axes' terms per position: their offsets in a row of products.
    row_stride, tap0_stride, group_stride : int
        Elements of products per input row, per step of the first axis's tap, per group.
    descending : bool
        Whether the blocks run in descending input rows: a term of a row beyond the block in the
        running direction was added by an earlier block.
    n_img, s_img, s_row, s_pos, s_chan : int
        Images; the output's element strides (channels-last: ``s_chan`` 1, the sums written in
        place; a channels-first caller's array: ``s_pos`` 1, each output row summed in a
        channels-last row buffer and stored at the strides). Only where each sum is kept
        changes, never its terms or their order.
    """
    out0 = cnt0.shape[0]
    n_rest = rest_count.shape[0]
    cg = channels // groups
    zero = out.dtype.type(0)
    bases = np.empty(tk0.shape[1], dtype=np.int64)
    rowbuf = np.empty(n_rest * channels if s_chan != 1 else 0, dtype=out.dtype)
    n_first = row_lo // in0
    n_last = min((row_hi - 1) // in0, n_img - 1)
    for n in range(n_first, n_last + 1):
        lo = max(row_lo - n * in0, 0)
        hi = min(row_hi - n * in0, in0)
        for o0 in range(out0):
            earlier = False  # a term of this output row was added by an earlier block
            nb = 0
            for j0 in range(cnt0[o0]):
                i0 = ti0[o0, j0]
                if lo <= i0 < hi:
                    bases[nb] = (n * in0 + i0 - row_lo) * row_stride + tk0[o0, j0] * tap0_stride
                    nb += 1
                elif (i0 >= hi) == descending:
                    earlier = True
            if nb == 0:
                continue
            row = n * s_img + o0 * s_row
            # channels-last: the sums go straight into the output; another layout: into a
            # channels-last copy of the output row (the values an earlier block wrote loaded
            # first), stored at the output's strides after (a transposing copy from cache)
            dst_arr = out if s_chan == 1 else rowbuf
            base = row if s_chan == 1 else 0
            step = s_pos if s_chan == 1 else channels
            if s_chan != 1 and earlier:
                for c in range(channels):
                    for q in range(n_rest):
                        rowbuf[q * channels + c] = out[row + q * s_pos + c * s_chan]
            for q in range(n_rest):
                terms = rest_count[q]
                ob = base + q * step
                if terms == 0:
                    if not earlier:  # no term at all: the first block to reach the row writes 0
                        dst = dst_arr[ob : ob + channels]
                        for c in range(channels):
                            dst[c] = zero
                    continue
                for g in range(groups):
                    dst = dst_arr[ob + g * cg : ob + (g + 1) * cg]
                    gb = g * group_stride
                    start = 0
                    if not earlier:
                        p = bases[0] + rest_offset[q, 0] + gb
                        src = prods[p : p + cg]
                        for c in range(cg):
                            dst[c] = src[c]
                        start = 1
                    for b in range(nb):
                        for j in range(start, terms):
                            p = bases[b] + rest_offset[q, j] + gb
                            src = prods[p : p + cg]
                            for c in range(cg):
                                dst[c] = dst[c] + src[c]
                        start = 0
            if s_chan != 1:
                for c in range(channels):
                    for q in range(n_rest):
                        out[row + q * s_pos + c * s_chan] = rowbuf[q * channels + c]
