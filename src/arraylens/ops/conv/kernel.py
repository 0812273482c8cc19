"""The canonical N-d convolution and transposed convolution (1-, 2- and 3-d).

Canonical layouts
-----------------
* data: channels-last, ``(N, *spatial, C)``;
* forward-convolution weight: ``(*kernel, C_in / groups, C_out)`` (TensorFlow's HWIO);
* transposed-convolution weight: ``(*kernel, C_in, C_out / groups)``, where ``C_in`` is the
  channel count of the transposed convolution's own input. With ``groups == 1`` this is the
  forward weight of the convolution it is the transpose of, with its two channel axes swapped.

Semantics
---------
Forward convolution is cross-correlation, as ``tf.nn.conv2d`` and ``torch.nn.functional.conv2d``
define it::

    out[n, o, c] = sum_{k, ci} xpad[n, o*stride + k*dilation, ci] * w[k, ci, c]

with ``xpad`` the input padded by ``padding[a] = (before, after)`` zeros per spatial axis (a
negative amount crops instead).

The transposed convolution scatters every input element's scaled copy of the kernel::

    full[n, i*stride + k*dilation, c] += x[n, i, ci] * w[k, ci, c]

over the *full* extent ``(in - 1)*stride + dilation*(kernel - 1) + 1`` per axis, and then crops
``(begin, end)`` elements per axis: ``out = full[begin : full_size - end]``; a negative crop
extends the result with zeros on that side. Every framework's variant (TensorFlow's
``output_shape`` and SAME/VALID, PyTorch's ``padding`` and ``output_padding``, ONNX's ``pads``)
is one choice of ``(begin, end)``.

Both are vectorised: BLAS matrix products and dense slice-adds, with Python loops over kernel
taps, stride phases and groups only, never over elements.
"""

from __future__ import annotations

import itertools
import math
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import numpy as np

from arraylens.core.axis_map import AxisMap
from arraylens.core.dtypes import as_real_array, result_dtype
from arraylens.core.errors import ArgumentError
from arraylens.ops.conv import direct
from arraylens.ops.conv.phase_sum import (
    TapSumPlan,
    axis_taps_forward,
    axis_taps_transpose,
    out_strides,
    run_tap_sum,
    tap_sum_plan,
)
from arraylens.ops.conv.spec import ConvSpec, ConvTransposeSpec
from arraylens.ops.conv.spec import taps as kernel_taps


def _check_operands(
    x: np.ndarray, w: np.ndarray, ndim: int, groups: int, transpose: bool
) -> tuple[int, int, int, int]:
    """Shapes check shared by both kernels; returns (C_in, C_out, C_in/g, C_out/g)."""
    if x.ndim != ndim + 2:
        raise ArgumentError(f"input must have {ndim + 2} dimensions (N, *spatial, C), got shape {x.shape}")
    if w.ndim != ndim + 2:
        raise ArgumentError(f"weight must have {ndim + 2} dimensions, got shape {w.shape}")
    c_in = x.shape[-1]
    if transpose:
        if w.shape[-2] != c_in:
            raise ArgumentError(
                f"weight has {w.shape[-2]} input channels but the input has {c_in}"
            )
        c_out_g = w.shape[-1]
        c_out = c_out_g * groups
    else:
        c_out = w.shape[-1]
        if w.shape[-2] * groups != c_in:
            raise ArgumentError(
                f"weight has {w.shape[-2]} input channels per group x {groups} groups "
                f"but the input has {c_in}"
            )
        if c_out % groups:
            raise ArgumentError(f"{c_out} output channels are not divisible by groups={groups}")
    if c_in % groups:
        raise ArgumentError(f"{c_in} input channels are not divisible by groups={groups}")
    return c_in, c_out, c_in // groups, c_out // groups


# Below this many output channels per group the products are computed channels-first, so
# that the slice-adds run along contiguous rows of the image instead of along a handful of
# channels.
CHANNELS_FIRST_BELOW = 16


_SCRATCH = threading.local()
# Work arrays up to this size are kept per thread between calls.
SCRATCH_LIMIT = 64 << 20


def _scratch(shape: tuple[int, ...], dtype: np.dtype[Any]) -> np.ndarray:
    """An uninitialised work array from a per-thread buffer that is kept between calls.

    A fresh multi-megabyte array per call is returned to the operating system on release and
    page-faulted in again on the next call; on the machines measured that cost more than the
    products themselves (3 ms against 0.9 ms for a 128x128x16 input).
    """
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes > SCRATCH_LIMIT:  # not kept: a rare huge call should not pin its memory
        return np.empty(shape, dtype=dtype)
    buf: np.ndarray | None = getattr(_SCRATCH, "buf", None)
    if buf is None or buf.nbytes < nbytes:
        _SCRATCH.buf = buf = None  # the smaller buffer goes before the larger one comes
        buf = np.empty(max(nbytes, 1), dtype=np.uint8)
        _SCRATCH.buf = buf
    return buf[:nbytes].view(dtype).reshape(shape)


def release_scratch() -> None:
    """Free this thread's kept work array (see ``SCRATCH_LIMIT``)."""
    _SCRATCH.buf = None


def _tap_products(x2d: np.ndarray, wt: np.ndarray, groups: int, channels_first: bool) -> np.ndarray:
    """``x2d @ wt[t]`` for every kernel tap ``t``.

    ``x2d`` is (M, C_in) and ``wt`` is (T, C_in, C_out/groups). Returns (T, M, C_out), or with
    ``channels_first`` (T, C_out, M).
    """
    taps, c_in, c_out_g = wt.shape
    m = x2d.shape[0]
    c_in_g = c_in // groups
    dtype = np.result_type(x2d, wt)
    if channels_first:
        out = _scratch((taps, groups * c_out_g, m), dtype)
        for g in range(groups):
            xs = x2d[:, g * c_in_g : (g + 1) * c_in_g]
            # (T*C_out_g, C_in_g) @ (C_in_g, M): one product with a long output row per tap.
            ws = wt[:, g * c_in_g : (g + 1) * c_in_g, :].transpose(0, 2, 1).reshape(-1, c_in_g)
            dst = out[:, g * c_out_g : (g + 1) * c_out_g, :]
            if c_in_g == 1:
                np.multiply(ws.reshape(taps, c_out_g, 1), xs.reshape(1, 1, m), out=dst)
            elif groups == 1:  # written in place, without a product-sized temporary
                np.matmul(ws, xs.T, out=out.reshape(taps * c_out_g, m))
            else:
                dst[...] = (ws @ xs.T).reshape(taps, c_out_g, m)
        return out
    out = _scratch((taps, m, groups * c_out_g), dtype)
    for g in range(groups):
        xs = x2d[:, g * c_in_g : (g + 1) * c_in_g]
        ws = wt[:, g * c_in_g : (g + 1) * c_in_g, :]
        # one (M, C_in_g) @ (C_in_g, C_out_g) product per tap, written in place
        np.matmul(xs[None], ws, out=out[:, :, g * c_out_g : (g + 1) * c_out_g])
    return out


Member = tuple[int, tuple[int, ...]]  # (tap number, input shift q)
Phase = tuple[tuple[int, ...], list[Member]]


def _axis_phases(kernel: int, dilation: int, stride: int, begin: int) -> dict[int, list[tuple[int, int]]]:
    """Along one axis: ``{r: [(tap k, q), ...]}``, tap ``k`` landing on phase ``r`` with shift ``q``."""
    out: dict[int, list[tuple[int, int]]] = {}
    for k in range(kernel):
        r = (k * dilation - begin) % stride
        out.setdefault(r, []).append((k, (r + begin - k * dilation) // stride))
    return out


def _phase_plan(kernel: tuple[int, ...], spec: ConvTransposeSpec) -> list[tuple[tuple[int, ...], int]]:
    """The output phases (positions modulo stride) the kernel taps land on, with their tap counts.

    Along an axis, tap ``k`` lands on phase ``r = (k*dilation - begin) mod stride``, and phase
    element ``j`` of the output receives input ``j + q`` with ``q = (r + begin - k*dilation) /
    stride`` (exact). A phase's taps are the product of its axes' taps, so the plan costs
    O(sum of the kernel's sides); :func:`_phase_members` lists one phase's taps.
    """
    axes = [
        _axis_phases(k, d, s, b)
        for k, d, s, (b, _) in zip(kernel, spec.dilation, spec.stride, spec.crop, strict=True)
    ]
    return [
        (r, math.prod(len(ax[rr]) for ax, rr in zip(axes, r, strict=True)))
        for r in itertools.product(*(sorted(ax) for ax in axes))
    ]


def _phase_members(
    kernel: tuple[int, ...], spec: ConvTransposeSpec, r: tuple[int, ...]
) -> Iterator[Member]:
    """Phase ``r``'s taps as ``(tap number, q)``, tap numbers in row-major kernel order."""
    axes = [
        _axis_phases(k, d, s, b)[rr]
        for k, d, s, (b, _), rr in zip(kernel, spec.dilation, spec.stride, spec.crop, r, strict=True)
    ]
    strides = [math.prod(kernel[a + 1 :]) for a in range(len(kernel))]
    for combo in itertools.product(*axes):
        yield (
            sum(k * st for (k, _), st in zip(combo, strides, strict=True)),
            tuple(q for _, q in combo),
        )


# Outputs with at least this many elements fill their stride phases on several threads.
PARALLEL_FROM = 1 << 16

#: Transposed convolutions with at least this many output elements (and at least
#: ``CHANNELS_FIRST_BELOW`` output channels per group) are one product for all taps per block of
#: input rows and a compiled sum (:mod:`arraylens.ops.conv.phase_sum`); below it numba is never
#: imported (its import and cache load, about a second, would dwarf a small call).
TAPS_FROM = 1 << 16
#: ... and, with fewer output channels per group than that, at least this many input times output
#: channels per group (measured: 64->3 and 16->8 channels 1.3-2x faster than channels-first
#: slice-adds, 8->2 and 16->1 1.5-2x slower).
TAPS_MIN_WORK = 64
#: The products of one block of input rows are those of about this many input positions (rows of
#: the BLAS product), fewer when the memory bound says so.
TAP_BLOCK_POSITIONS = 512
#: The same for stride-1 forward convolutions (``1 << 62``: never).
FORWARD_TAPS_FROM = 1 << 16


@cache
def _workers() -> int:
    return min(4, os.cpu_count() or 1)


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=_workers(), thread_name_prefix="arraylens-conv")


def _forget_pool_after_fork() -> None:
    """In a forked child, drop the parent's pool: its worker threads were not copied, so a
    task sent to it would wait forever. The child's next large call makes its own pool."""
    _pool.cache_clear()


# NumPy and BLAS survive fork; so must the cached pool (and the per-thread scratch, which the
# child's only thread keeps and may reuse).
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_after_fork)


Fragment = tuple[tuple[int, ...], list[Member], bool]


def _chunks(
    phases: list[tuple[tuple[int, ...], int]],
    members: Callable[[tuple[int, ...]], Iterable[Member]],
    chunk: int,
) -> Iterator[tuple[list[int] | None, list[Fragment]]]:
    """Split the phases' taps into chunks of at most ``chunk`` taps, in phase order.

    ``phases`` is ``[(r, tap count)]`` and ``members(r)`` lists phase ``r``'s ``(tap number,
    q)``. Yields ``(tap numbers, fragments)``: each fragment ``(r, members, accumulate)`` is
    the part of phase ``r`` in that chunk, its members numbered within the chunk;
    ``accumulate`` is True when an earlier chunk already wrote part of the phase. Chunks are
    balanced (as few as ``chunk`` allows, of equal sizes) and a phase that fits in one chunk
    is not split (split phases add in place, without the phases' parallel fill). When every
    tap fits, one chunk with tap numbers ``None`` (all taps, numbered as in the kernel): one
    product call, every phase filled in parallel. Only one chunk's members exist at a time.
    """
    total = sum(c for _, c in phases)
    if total <= chunk:
        yield None, [(r, list(members(r)), False) for r, _ in phases]
        return
    chunk = -(-total // -(-total // chunk))  # as many chunks as needed, of balanced sizes
    ids: list[int] = []
    frags: list[Fragment] = []
    for r, count in phases:
        if ids and count <= chunk < len(ids) + count:  # a whole phase starts the next chunk
            yield ids, frags
            ids, frags = [], []
        started = False
        current: list[Member] = []
        for t, q in members(r):
            current.append((len(ids), q))
            ids.append(t)
            if len(ids) == chunk:
                frags.append((r, current, started))
                yield ids, frags
                ids, frags, current, started = [], [], [], True
        if current:
            frags.append((r, current, started))
    if ids:
        yield ids, frags


def _tile(
    x2d: np.ndarray, wt: np.ndarray, groups: int, kernel: tuple[int, ...], n: int,
    in_size: tuple[int, ...],
) -> np.ndarray:
    """Kernel equal to the stride, no dilation, no crop: the scaled kernel copies tile the
    output without overlapping, so the output is one product per group, rearranged once.

    ``out[n, i*k + t, c] = (x[n, i] @ w[t])[c]`` per axis.
    """
    nd = len(kernel)
    taps, c_in, c_out_g = wt.shape
    c_in_g = c_in // groups
    m = x2d.shape[0]
    dtype = np.result_type(x2d, wt)
    out = np.empty((n, *(i * k for i, k in zip(in_size, kernel, strict=True)), groups * c_out_g), dtype=dtype)
    if groups == 1:
        # Written in place: for each choice of the taps along every axis but the last, the
        # output rows it reaches are a strided view (N*in_1, in_2, ..., in_d, k_d*C_out), and
        # the product of the input with those taps' weights, side by side, fills it directly.
        # (N*in_1, k_1, in_2, k_2, ..., in_d, k_d*C_out)
        inner = [v for a in range(nd - 1) for v in (kernel[a], in_size[a + 1])]
        view = out.reshape(n * in_size[0], *inner, kernel[-1] * c_out_g)
        xs = x2d.reshape(n * in_size[0], *in_size[1:], c_in)
        w5 = wt.reshape(*kernel, c_in, c_out_g)
        for lead_taps in itertools.product(*(range(k) for k in kernel[:-1])):
            sel = (slice(None), *(v for t in lead_taps for v in (t, slice(None))), slice(None))
            rhs = w5[lead_taps].transpose(1, 0, 2).reshape(c_in, kernel[-1] * c_out_g)
            np.matmul(xs, rhs, out=view[sel])
        return out
    split: list[int] = [n]
    for i, k in zip(in_size, kernel, strict=True):
        split += [i, k]
    tiled = out.reshape(*split, groups, c_out_g)  # (N, in_1, k_1, ..., G, C_out_g)
    # (N, *in, *kernel, C) -> (N, in_1, k_1, ..., in_d, k_d, C): the kernel taps and the channels
    # stay contiguous together on both sides of the copy
    perm = [0]
    for a in range(nd):
        perm += [1 + a, 1 + nd + a]
    perm.append(1 + 2 * nd)
    for g in range(groups):
        xs = x2d[:, g * c_in_g : (g + 1) * c_in_g]
        ws = wt[:, g * c_in_g : (g + 1) * c_in_g, :].transpose(1, 0, 2).reshape(c_in_g, taps * c_out_g)
        prod = _scratch((m, taps * c_out_g), dtype)
        np.matmul(xs, ws, out=prod)
        np.copyto(tiled[..., g, :], prod.reshape(n, *in_size, *kernel, c_out_g).transpose(perm))
    return out


# Up to this many gathered terms (output elements x the most taps one of them sums), a
# transposed convolution is one product and one gather-and-sum through a cached index instead
# of a slice-add per tap: a tiny call is then a handful of NumPy calls.
GATHER_UP_TO = 1 << 14

Op = tuple[tuple[Any, ...], tuple[Any, ...], bool]  # (phase dst, products src, assign)
Fill = tuple[tuple[Any, ...], tuple[Op, ...]]  # (phase selection of ``work``, its ops)


@dataclass(frozen=True, eq=False)
class _TransposeSchedule:
    """Everything about a transposed convolution that depends on shapes and spec only.

    Worked out once per (input shape, weight shape, dtype, spec) by :func:`_transpose_schedule`
    and cached, so that a repeated call does no Python work per tap beyond the slice-adds.
    """

    out_size: tuple[int, ...]
    c_out: int
    channels_first: bool
    lead: int
    trail: int
    mode: str  # "empty", "tile", "gather", "direct", "taps" or "phases"
    gather: np.ndarray | None = None  # (lead, *out_size, trail, terms) indices into the products
    taps: TapSumPlan | None = None  # mode "taps": the blocks and tables of :mod:`.phase_sum`
    chunks: tuple[tuple[np.ndarray | slice | None, tuple[Fill, ...]], ...] = ()  # (tap numbers, fills)
    parallel: bool = False
    direct: tuple[tuple[np.ndarray, ...], tuple[int, ...]] | None = None  # (axis tables, strides), lifted to 3-d


def _phase_ops(
    r: tuple[int, ...], members: list[Member], stride: tuple[int, ...], in_size: tuple[int, ...],
    out_size: tuple[int, ...], accumulate: bool,
) -> Fill | None:
    """Phase ``r``'s slice-adds: ``work[sel][dst] (+)= prods[t][src]`` per member, in order.

    ``work`` is (P, *out_size, Q) and the products (T, P, *in_size, Q); ``P`` may be several
    axes (the selections lead with an ellipsis). The first member of a phase that no earlier
    chunk wrote is assigned (``work`` is still zero there); the others add in place in the
    phase's strided view, so that no phase-sized buffer is needed.
    """
    phase_len = tuple(len(range(rr, o, s)) for rr, o, s in zip(r, out_size, stride, strict=True))
    if any(p == 0 for p in phase_len):
        return None
    sel = (Ellipsis, *(slice(rr, None, s) for rr, s in zip(r, stride, strict=True)), slice(None))
    ops: list[Op] = []
    for t, q in members:
        # work[sel][j] += prods[t][j + q] for 0 <= j < phase_len and 0 <= j + q < in_size
        dst: list[Any] = [Ellipsis]
        src: list[Any] = [t, Ellipsis]
        for qq, plen, isz in zip(q, phase_len, in_size, strict=True):
            j0, j1 = max(0, -qq), min(plen, isz - qq)
            if j0 >= j1:
                break
            dst.append(slice(j0, j1))
            src.append(slice(j0 + qq, j1 + qq))
        else:
            ops.append(((*dst, slice(None)), (*src, slice(None)), not (accumulate or ops)))
    return (sel, tuple(ops)) if ops else None


@lru_cache(maxsize=32)  # a schedule can hold a tuple per tap and block: a few shapes at a time
def _transpose_schedule(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], itemsize: int, spec: ConvTransposeSpec,
    budget: float, channels_first_below: int, parallel_from: int, gather_up_to: int, copy_back: bool = False,
    taps_from: int = 1 << 62, tap_block_positions: int = 1, taps_min_work: int = 0,
    direct_limits: tuple[int, int, int] = (1 << 62, 0, 0),
) -> _TransposeSchedule:
    """The cached plan of :func:`conv_transpose` (the module's tunables are part of the key).

    ``copy_back``: the caller wants the result in a layout that a channels-last work array is
    copied to at the end (see :func:`run_conv_transpose`); the products of a chunk then take
    ``budget`` x the smaller of input and output, so that the work array, its copy and the
    products fit in 2 x output + input. Only the chunks of taps change, and in the channels-last
    form every tap is its own product and every phase adds its taps in the same order however
    they are chunked, so the result's bits do not."""
    nd = spec.ndim
    kernel = w_shape[:nd]
    in_size = x_shape[1:-1]
    out_size = spec.output_size(in_size, kernel)
    if any(o <= 0 for o in out_size):
        raise ArgumentError(
            f"the crop {spec.crop} leaves no output: full size "
            f"{spec.full_size(in_size, kernel)}, output size {out_size}"
        )
    n = x_shape[0]
    c_out = w_shape[-1] * spec.groups
    channels_first = w_shape[-1] < channels_first_below
    lead, trail = (c_out * n, 1) if channels_first else (n, c_out)
    base = dict(out_size=out_size, c_out=c_out, channels_first=channels_first, lead=lead, trail=trail)
    if 0 in x_shape or 0 in w_shape:
        return _TransposeSchedule(mode="empty", **base)  # type: ignore[arg-type]
    if all(
        k == s and d == 1 and c == (0, 0)
        for k, s, d, c in zip(kernel, spec.stride, spec.dilation, spec.crop, strict=True)
    ):
        return _TransposeSchedule(mode="tile", **base)  # type: ignore[arg-type]
    phases = _phase_plan(kernel, spec)
    n_taps = math.prod(kernel)
    out_elems = lead * math.prod(out_size) * trail
    most = max(c for _, c in phases)
    if out_elems * most <= gather_up_to and n_taps * lead * math.prod(in_size) * trail <= gather_up_to:
        total = n_taps * lead * math.prod(in_size) * trail
        ids = np.arange(total, dtype=np.intp).reshape(n_taps, lead, *in_size, trail)
        terms = np.full((most, lead, *out_size, trail), total, dtype=np.intp)  # ``total``: a zero
        for r, _ in phases:
            fill = _phase_ops(r, list(_phase_members(kernel, spec, r)), spec.stride, in_size, out_size, False)
            for slot, (dst, src, _) in enumerate(fill[1] if fill else ()):
                terms[slot][fill[0]][dst] = ids[src]  # type: ignore[index]
        gather = np.ascontiguousarray(np.moveaxis(terms, 0, -1))
        gather.flags.writeable = False
        return _TransposeSchedule(mode="gather", gather=gather, **base)  # type: ignore[arg-type]
    macs = math.prod(x_shape) * n_taps * w_shape[-1]
    if direct.eligible(macs, w_shape[-2] // spec.groups, channels_first, direct_limits):
        axes = zip(kernel, spec.dilation, spec.stride, spec.crop, in_size, out_size, strict=True)
        tables = [direct.axis_table(k, d, s, b, i, o) for k, d, s, (b, _), i, o in axes]
        lifted = direct.lifted(tables, spec.stride)
        parallel = macs >= direct_limits[1] and _workers() > 1
        return _TransposeSchedule(mode="direct", direct=lifted, parallel=parallel, **base)  # type: ignore[arg-type]
    in_bytes = math.prod(x_shape) * itemsize
    per_tap = n * math.prod(in_size) * c_out * itemsize
    # the weights' contiguous copy (see conv_transpose) comes out of the same budget
    w_bytes = math.prod(w_shape) * itemsize
    # the taps mode and its blocks (hence BLAS's operand shapes and the bits) never depend on
    # ``copy_back``: its sum writes the caller's layout in place (see run_conv_transpose)
    limit = int(budget * (in_bytes + out_elems * itemsize)) - w_bytes
    row_bytes = math.prod(in_size[1:]) * n_taps * c_out * itemsize  # one input row x every tap
    # few output channels: the compiled sum's cost per term (a few cycles, whatever the channels)
    # must be paid for by the products it saves (C_in/G x C_out/G multiply-adds per term)
    busy = not channels_first or w_shape[-2] // spec.groups * w_shape[-1] >= taps_min_work
    if busy and out_elems >= taps_from and row_bytes <= limit:
        # one product for every tap, a block of input rows at a time, and a compiled sum
        tap_tables = [
            axis_taps_transpose(o, i, k, s, d, b)
            for o, i, k, s, d, (b, _) in zip(
                out_size, in_size, kernel, spec.stride, spec.dilation, spec.crop, strict=True
            )
        ]
        rows = max(1, min(limit // row_bytes, -(-tap_block_positions // math.prod(in_size[1:]))))
        tap_plan = tap_sum_plan(tap_tables, in_size, kernel, n, spec.groups, c_out, True, rows)
        return _TransposeSchedule(mode="taps", taps=tap_plan, **base)  # type: ignore[arg-type]
    room = budget * (in_bytes + out_elems * itemsize)
    if copy_back and not channels_first:
        room = budget * min(in_bytes, out_elems * itemsize)
    chunk = max(1, (int(room) - w_bytes) // per_tap)
    chunks = []
    for tap_ids, fragments in _chunks(phases, lambda r: _phase_members(kernel, spec, r), chunk):
        fills = tuple(
            f for r, members, acc in fragments
            if (f := _phase_ops(r, members, spec.stride, in_size, out_size, acc)) is not None
        )
        ids_arr: np.ndarray | slice | None = None
        if tap_ids is not None:  # consecutive taps are a view of the weights, not a copy
            first, stop = tap_ids[0], tap_ids[0] + len(tap_ids)
            consecutive = tap_ids == list(range(first, stop))
            ids_arr = slice(first, stop) if consecutive else np.asarray(tap_ids, dtype=np.intp)
        chunks.append((ids_arr, fills))
    parallel = out_elems >= parallel_from and _workers() > 1
    return _TransposeSchedule(mode="phases", chunks=tuple(chunks), parallel=parallel, **base)  # type: ignore[arg-type]


def _run_fill(work: np.ndarray, prods: np.ndarray, fill: Fill) -> None:
    """Apply one phase's slice-adds (see :func:`_phase_ops`)."""
    view = work[fill[0]]
    for dst, src, assign in fill[1]:
        if assign:
            view[dst] = prods[src]
        else:
            view[dst] += prods[src]


#: The tap products of one chunk (the forward kernel's window copies of one block) take at
#: most this many times the input's and the output's bytes together. With the output itself,
#: the peak extra memory of a call stays under 2 x output + 1 x input (the phases add in place
#: in the output's strided views; the rest is left for the small arrays beside).
PRODUCT_BUDGET = 0.75


def product_budget(input_bytes: int, output_bytes: int) -> int:
    """Bytes the tap products of one chunk may take (``PRODUCT_BUDGET x (input + output)``)."""
    return int(PRODUCT_BUDGET * (input_bytes + output_bytes))


def conv_transpose(
    x: np.ndarray, w: np.ndarray, spec: ConvTransposeSpec, out_map: AxisMap | None = None
) -> np.ndarray:
    """Canonical N-d transposed convolution.

    Parameters
    ----------
    x : ndarray, shape (N, *spatial_in, C_in)
        Channels-last input.
    w : ndarray, shape (*kernel, C_in, C_out / groups)
        Weight; channel ``c`` of group ``g`` is output channel ``g * C_out/groups + c``.
    spec : ConvTransposeSpec
        Stride, dilation, crop and groups.
    out_map : AxisMap, optional
        The caller's layout of the result (e.g. channels-first): the result is returned in it,
        C-contiguous (see :func:`run_conv_transpose`).

    Returns
    -------
    ndarray, shape (N, *spatial_out, C_out)
        ``spatial_out = (in-1)*stride + dilation*(kernel-1) + 1 - begin - end``; float32 for
        float32 operands (float16 computes in float32), float64 otherwise: the front-ends
        apply their framework's result dtype afterwards
        (:func:`arraylens.core.dtype_rules.finish`). With fewer than ``CHANNELS_FIRST_BELOW``
        output channels per group the result is a channels-last view of a channels-first array.
        With ``out_map``, ``out_map.from_canonical`` of that shape, C-contiguous. Besides the
        result, the tap products take at most ``PRODUCT_BUDGET x (input + output)`` bytes at a
        time (x the smaller of the two when a channels-last result is copied to ``out_map``).

    Raises
    ------
    arraylens.core.errors.ArgumentTypeError
        For complex or non-numeric operands (a ``TypeError``).
    arraylens.ArgumentError
        For inconsistent shapes or a crop that leaves no output element (a ``ValueError``).

    Notes
    -----
    Computed by stride phase (sub-pixel decomposition): the output positions congruent to
    ``r`` modulo the stride receive exactly the kernel taps ``k`` with
    ``(k*dilation - begin) % stride == r``, so each phase is a sum of shifted ``x @ w[k]``
    products, added in place into its strided slice of the output (the first tap of a phase is
    assigned). When the kernel equals the stride (no dilation, no crop) the kernel copies tile
    the output and one product per group, rearranged once, is the result. A tiny call (at most
    ``GATHER_UP_TO`` gathered terms) sums its products through a cached index instead.
    Everything that depends on shapes and spec only (phases, slices, chunks, the index) is
    worked out once per shape and cached. The products live in a per-thread work array kept
    between calls (up to ``SCRATCH_LIMIT`` bytes; :func:`release_scratch` frees it). They are
    computed for as many taps at a time as fit in ``PRODUCT_BUDGET x (input + output)`` bytes
    (:func:`product_budget`), so the peak extra memory stays near 2 x output + 1 x input
    whatever the kernel size; a phase split between chunks adds its later taps in place.

    From ``TAPS_FROM`` output elements with at least ``CHANNELS_FIRST_BELOW`` output channels per
    group (or ``TAPS_MIN_WORK`` input times output channels per group), the products are
    instead one BLAS product for every tap (``T x C_out/G`` columns) per block of input rows,
    and a compiled loop (:mod:`arraylens.ops.conv.phase_sum`) writes each output element once,
    the sum of its taps' products in row-major kernel order (the same order as the slice-adds),
    when one input row's products fit in the budget.

    Up to ``direct.TRANSPOSE_MAX_C_IN`` input channels per group with fewer than
    ``CHANNELS_FIRST_BELOW`` output channels per group (one-channel images, depthwise, RGB) and at
    least ``direct.DIRECT_FROM`` multiply-adds run in one compiled loop instead of the phases'
    products (:mod:`arraylens.ops.conv.direct`: the sums in the same order; with one input
    channel per group, the same bits).
    """
    x = as_real_array(x, "input")
    w = as_real_array(w, "weight")
    dtype = result_dtype(x, w)
    _check_operands(x, w, spec.ndim, spec.groups, transpose=True)
    return run_conv_transpose(x, w, spec, dtype, out_map)


def run_conv_transpose(
    x: np.ndarray, w: np.ndarray, spec: ConvTransposeSpec, dtype: np.dtype[Any], out_map: AxisMap | None = None
) -> np.ndarray:
    """:func:`conv_transpose` without its operand checks, for operands that passed them.

    A repeated call with operands of the shapes and dtypes of one that :func:`conv_transpose`
    accepted needs none of its checks again (:mod:`arraylens.ops.conv.prepared`).

    Parameters
    ----------
    x, w : ndarray
        As :func:`conv_transpose` takes them, float32 or float64 (``as_real_array``'s result);
        ``x`` may be a strided view (it is copied channels-last once, and that copy is dropped
        once the last products are made).
    spec : ConvTransposeSpec
    dtype : numpy dtype
        ``result_dtype(x, w)``.
    out_map : AxisMap, optional
        The caller's layout of the result. With fewer than ``CHANNELS_FIRST_BELOW`` output
        channels per group the phases add straight into a channels-first caller's array;
        otherwise the channels-last result is copied to it once, the input's copy dropped
        first and the products chunked smaller (see :func:`_transpose_schedule`). The "taps"
        schedule writes the caller's array itself (:func:`_taps_result`), reading a strided
        input a block of rows at a time. The compiled loop (few channels) writes channels-first
        rows: a channels-first caller's array itself.

    Returns
    -------
    ndarray
        :func:`conv_transpose`'s result; in ``out_map``'s layout, C-contiguous, when given. The
        products and the order of the sums, so the result's bits, are the same either way.
    """
    nd = spec.ndim
    copy_back = out_map is not None and out_map.perm != tuple(range(len(out_map.perm)))
    plan = _transpose_schedule(
        x.shape, w.shape, dtype.itemsize, spec, PRODUCT_BUDGET, CHANNELS_FIRST_BELOW, PARALLEL_FROM, GATHER_UP_TO,
        copy_back, TAPS_FROM, TAP_BLOCK_POSITIONS, TAPS_MIN_WORK, direct.limits(),
    )
    n = x.shape[0]
    out_size = plan.out_size
    shape = (n, *out_size, plan.c_out)
    if plan.mode == "empty":
        return np.zeros(shape if out_map is None else out_map.shape_from_canonical(shape), dtype=dtype)
    kernel = w.shape[:nd]
    in_size = x.shape[1:-1]
    if plan.mode == "taps":
        taps, groups = math.prod(kernel), spec.groups
        c_in_g, c_out_g = w.shape[-2] // groups, w.shape[-1]
        # (G, C_in/G, T * C_out/G): each group's taps side by side, one BLAS product per block
        w_all = np.ascontiguousarray(
            w.astype(dtype, copy=False).reshape(taps, groups, c_in_g, c_out_g).transpose(1, 2, 0, 3)
        ).reshape(groups, c_in_g, taps * c_out_g)
        dest, canon = _taps_result(shape, dtype, out_map)
        run_tap_sum(x.astype(dtype, copy=False), w_all, plan.taps, canon, _scratch)  # type: ignore[arg-type]
        return _taps_return(dest, canon, out_map)
    # contiguous: the front-ends' weights are often transposed views, and BLAS reads those slower
    wt = np.ascontiguousarray(w.astype(dtype, copy=False).reshape(math.prod(kernel), w.shape[-2], w.shape[-1]))
    if plan.mode == "direct" and plan.direct is not None:  # few channels: ops/conv/direct.py
        pool = _pool() if plan.parallel else None
        work = direct.run_direct(x.astype(dtype, copy=False), wt, *plan.direct, plan.c_out, out_size, pool, _workers())
        # (N, C_out, *spatial) read as (N, *spatial, C_out): a channels-first caller's layout
        # itself, so ``from_canonical_contiguous`` hands the loop's array back without a copy
        res = np.moveaxis(work, 1, -1)
        return res if out_map is None else out_map.from_canonical_contiguous(res)
    # C-ordered whatever the caller's layout: the products are the same BLAS calls
    x2d = np.ascontiguousarray(x.astype(dtype, copy=False)).reshape(-1, x.shape[-1])
    del x
    if plan.mode == "tile":
        res = _tile(x2d, wt, spec.groups, kernel, n, in_size)
        del x2d
        return res if out_map is None else out_map.from_canonical_contiguous(res)
    lead, trail = plan.lead, plan.trail
    caller: np.ndarray | None = None
    if plan.mode == "gather":
        prods = _tap_products(x2d, wt, spec.groups, plan.channels_first)
        flat = np.concatenate((prods.reshape(-1), np.zeros(1, dtype=dtype)))
        work = flat[plan.gather].sum(axis=-1)
    else:
        leads: tuple[int, ...] = (lead,)
        if plan.channels_first and copy_back and out_map is not None:
            # the phases add straight into the caller's (channels-first) array, through its
            # (C_out, N, *spatial, 1) view: the products' rows are (C_out, N), so the selections'
            # ellipsis takes both (a channels-last caller keeps the contiguous rows and one copy)
            caller = np.zeros(out_map.shape_from_canonical(shape), dtype=dtype)
            work = np.moveaxis(out_map.to_canonical(caller), -1, 0)[..., None]
            leads = (plan.c_out, n)
        else:
            work = np.zeros((lead, *out_size, trail), dtype=dtype)
        last = len(plan.chunks) - 1
        for i, (tap_ids, fills) in enumerate(plan.chunks):
            prods = _tap_products(x2d, wt if tap_ids is None else wt[tap_ids], spec.groups, plan.channels_first)
            if i == last:
                del x2d  # the input's copy (a strided caller's) goes before the result's copy comes
            prods = prods.reshape(-1, *leads, *in_size, trail)
            if plan.parallel and len(fills) > 1:
                # Phases write disjoint strided slices of ``work``; NumPy releases the GIL in its loops.
                list(_pool().map(lambda f, p=prods: _run_fill(work, p, f), fills))
            else:
                for fill in fills:
                    _run_fill(work, prods, fill)
            del prods  # a larger next chunk replaces the kept buffer: never both at once
    if caller is not None:
        return caller
    if plan.channels_first:  # (C_out, N, *spatial) read as (N, *spatial, C_out)
        work = work.reshape(plan.c_out, n, *out_size).transpose((*range(1, nd + 2), 0))
    return work if out_map is None else out_map.from_canonical_contiguous(work)


#: A block of output rows computed beside a strided (channels-first) result is copied into it
#: about this many bytes at a time (a transposing copy runs several times faster from cache).
WRITE_BACK_BYTES = 1 << 14

#: A strided (channels-first) input's bands, with one block's result, fill at most what this
#: share of the memory bound (2 x output + input) leaves beside the result, the window blocks
#: and the weights' copy; the rest is for the small arrays beside.
BAND_SHARE = 0.95

#: A forward convolution copies its input windows (im2col) a block of output rows at a time,
#: about this many bytes per block, so that BLAS reads them from cache.
CONV_BLOCK_BYTES = 1 << 21

CopyOp = tuple[int, Any, Any, tuple[Any, ...]]  # (tap, dst, src, zeroed parts); dst None: all zero
Block = tuple[slice, slice, tuple[tuple[int, int, tuple[Any, ...]], ...]]


@dataclass(frozen=True, eq=False)
class _ConvSchedule:
    """Everything about a forward convolution that depends on shapes and spec only (cached)."""

    out_size: tuple[int, ...]
    mode: str  # "empty", "direct", "gather", "compiled", "taps" or "blocks"
    gather: np.ndarray | None = None  # (M, T) rows of the input (with a zero row at the end)
    taps: TapSumPlan | None = None  # mode "taps": the blocks and tables of :mod:`.phase_sum`
    blocks: tuple[Block, ...] = ()
    # per block, for a strided input: the band of it to stage channels-last first, ``(images,
    # rows)`` (None: the one staged before serves), and the block's chunks reading that band
    # (the entry None: the block reads the input in place); see :func:`_bands`
    bands: tuple[tuple[tuple[slice, slice] | None, tuple[Any, ...]] | None, ...] = ()
    compiled: tuple[tuple[np.ndarray, ...], tuple[int, ...]] | None = None  # (offsets, strides), 3-d
    parallel: bool = False


def _valid(lo: int, hi: int, size: int, offset: int, stride: int) -> tuple[int, int]:
    """Outputs ``o`` in ``[lo, hi)`` whose input ``o*stride + offset`` lies in ``[0, size)``."""
    first = max(lo, -(offset // stride))  # ceil(-offset / stride)
    last = min(hi, (size - 1 - offset) // stride + 1)
    return first, max(first, last)


def _tap_copies(
    offsets: list[tuple[int, ...]], t0: int, n: slice, rows: tuple[int, int], out_size: tuple[int, ...],
    in_size: tuple[int, ...], stride: tuple[int, ...],
) -> tuple[Any, ...]:
    """The window copies of a block of output rows ``rows`` of images ``n``: output ``o`` reads
    input ``o*stride + offset`` of each tap (zero outside the input). Returns ``(tap within the
    chunk, dst, src, zeros)`` per tap (numbered from ``t0``): ``zeros`` are the border parts of
    the block that read padding, dst None when the tap meets zeros only."""
    ops: list[Any] = []
    for t, off_t in enumerate(offsets, start=t0):
        dst: list[slice] = [slice(None)]
        src: list[slice] = [n]
        zeros: list[tuple[slice, ...]] = []  # the parts of the block this tap leaves to zero
        for a, (off, o, i, s) in enumerate(zip(off_t, out_size, in_size, stride, strict=True)):
            lo, hi = rows if a == 0 else (0, o)
            v0, v1 = _valid(lo, hi, i, off, s)
            if v0 >= v1:
                ops.append((t - t0, None, None, ((Ellipsis,),)))
                break
            before = (slice(None),) * (a + 1)
            if v0 > lo:
                zeros.append((*before, slice(0, v0 - lo)))
            if v1 < hi:
                zeros.append((*before, slice(v1 - lo, hi - lo)))
            dst.append(slice(v0 - lo, v1 - lo))
            src.append(slice(v0 * s + off, (v1 - 1) * s + off + 1, s))
        else:
            ops.append((t - t0, tuple(dst), tuple(src), tuple(zeros)))
    return tuple(ops)


def _blocks(
    offsets: list[tuple[int, ...]], stride: tuple[int, ...], n: int, out_size: tuple[int, ...],
    in_size: tuple[int, ...], c_in: int, itemsize: int, limit: int, block_bytes: int,
) -> tuple[Block, ...]:
    """Blocks of output rows (whole images when they fit) and chunks of taps whose window copies
    take about ``block_bytes`` and at most ``limit`` bytes (one output row of one image and one
    tap, at least)."""
    n_taps = len(offsets)
    per_tap_pos = c_in * itemsize  # bytes of one tap's window at one output position
    rest = math.prod(out_size[1:])
    image = out_size[0] * rest
    target = min(block_bytes, limit)
    row_bytes = rest * n_taps * per_tap_pos
    blocks: list[Block] = []
    if row_bytes <= limit:
        per_block = max(1, target // row_bytes)
        if per_block >= out_size[0]:  # whole images per block
            images = max(1, per_block // out_size[0])
            for n0 in range(0, n, images):
                ns = slice(n0, min(n, n0 + images))
                rows = (0, out_size[0])
                copies = _tap_copies(offsets, 0, ns, rows, out_size, in_size, stride)
                blocks.append((ns, slice(*rows), ((0, n_taps, copies),)))
        else:
            for n0 in range(n):
                ns = slice(n0, n0 + 1)
                for o0 in range(0, out_size[0], per_block):
                    rows = (o0, min(out_size[0], o0 + per_block))
                    copies = _tap_copies(offsets, 0, ns, rows, out_size, in_size, stride)
                    blocks.append((ns, slice(*rows), ((0, n_taps, copies),)))
    elif image * per_tap_pos <= limit:  # one row's windows for all taps exceed the bound: whole
        # images, chunks of taps, accumulated
        per_chunk = max(1, target // (image * per_tap_pos))
        for n0 in range(n):
            ns = slice(n0, n0 + 1)
            rows = (0, out_size[0])
            chunks = tuple(
                (t0, min(n_taps, t0 + per_chunk),
                 _tap_copies(offsets[t0 : t0 + per_chunk], t0, ns, rows, out_size, in_size, stride))
                for t0 in range(0, n_taps, per_chunk)
            )
            blocks.append((ns, slice(*rows), chunks))
    else:  # even one tap's windows of one image exceed the bound (an output far larger than the
        # input, by padding): blocks of rows, one tap at a time, accumulated
        per_block = max(1, target // (rest * per_tap_pos))
        for n0 in range(n):
            ns = slice(n0, n0 + 1)
            for o0 in range(0, out_size[0], per_block):
                rows = (o0, min(out_size[0], o0 + per_block))
                chunks = tuple(
                    (t, t + 1, _tap_copies(offsets[t : t + 1], t, ns, rows, out_size, in_size, stride))
                    for t in range(n_taps)
                )
                blocks.append((ns, slice(*rows), chunks))
    return tuple(blocks)


@lru_cache(maxsize=32)  # a schedule can hold a tuple per tap and block: a few shapes at a time
def _conv_schedule(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], itemsize: int, spec: ConvSpec,
    budget: float, block_bytes: int, gather_up_to: int, weights_copied: bool = True, staged: bool = False,
    band_share: float = 0.95, taps_from: int = 1 << 62, tap_block_positions: int = 1, taps_min_channels: int = 16,
    direct_limits: tuple[int, int, int, int] = (1 << 62, 0, 0, 0),
) -> _ConvSchedule:
    """The cached plan of :func:`conv` (the module's tunables are part of the key).

    ``weights_copied``: whether the call holds a copy of the weights beside the window blocks
    (weights not contiguous in the computing dtype, or one group's slice per product); the
    copy's bytes then come out of the blocks' budget. ``staged``: the input is a strided view
    (channels-first data): runs of blocks stage the band of input rows they read (see
    :func:`_bands`) where it fits, with one block's result, in ``band_share`` x (2 x output +
    input) less the result and the largest window block (a copy of the weights in another
    layout comes on top: see :func:`run_conv`); the blocks, hence the products and the result's
    bits, are the same either way."""
    nd = spec.ndim
    kernel = w_shape[:nd]
    in_size = x_shape[1:-1]
    out_size = spec.output_size(in_size, kernel)
    if any(o <= 0 for o in out_size):
        raise ArgumentError(
            f"the effective kernel {tuple(d * (k - 1) + 1 for k, d in zip(kernel, spec.dilation, strict=True))} "
            f"is larger than the padded input; output size would be {out_size}"
        )
    if 0 in x_shape or 0 in w_shape:
        return _ConvSchedule(out_size, "empty")
    n, c_in = x_shape[0], x_shape[-1]
    taps = [tuple(t) for t in kernel_taps(kernel).tolist()]
    n_taps = len(taps)
    if n_taps == 1 and spec.groups == 1 and all(s == 1 for s in spec.stride) and all(
        p == (0, 0) for p in spec.padding
    ):
        return _ConvSchedule(out_size, "direct")
    m = n * math.prod(out_size)
    if m * n_taps * c_in <= gather_up_to:
        grids = np.indices(out_size).reshape(nd, -1)  # (nd, positions)
        rows = np.zeros((math.prod(out_size), n_taps), dtype=np.intp)
        ok = np.ones(rows.shape, dtype=bool)
        for a in range(nd):
            pos = (grids[a] * spec.stride[a] - spec.padding[a][0])[:, None] + (
                np.array([k[a] for k in taps]) * spec.dilation[a]
            )[None, :]
            ok &= (pos >= 0) & (pos < in_size[a])
            rows = rows * in_size[a] + pos
        per_image = math.prod(in_size)
        idx = rows[None] + (np.arange(n) * per_image)[:, None, None]
        idx = np.where(ok[None], idx, n * per_image).reshape(m, n_taps)
        idx.flags.writeable = False
        return _ConvSchedule(out_size, "gather", gather=idx)
    macs = m * n_taps * w_shape[-2] * w_shape[-1]
    if direct.conv_eligible(macs, w_shape[-2], w_shape[-1] // spec.groups, spec.stride[-1], direct_limits):
        lifted = direct.lifted_offsets(kernel, spec.dilation, spec.padding, spec.stride)
        parallel = macs >= direct_limits[1] and _workers() > 1
        return _ConvSchedule(out_size, "compiled", compiled=lifted, parallel=parallel)
    # the weights' contiguous copy (see conv), when there is one, comes out of the same budget
    w_bytes = math.prod(w_shape) * itemsize if weights_copied else 0
    limit = max(int(budget * (math.prod(x_shape) + m * w_shape[-1]) * itemsize) - w_bytes, c_in * itemsize)
    offsets = [
        tuple(kk * d - before for kk, d, (before, _) in zip(k, spec.dilation, spec.padding, strict=True))
        for k in taps
    ]
    if (taps_plan := _forward_taps_plan(x_shape, w_shape, itemsize, spec, out_size, budget, taps_from,
                                        tap_block_positions, taps_min_channels)) is not None:
        return _ConvSchedule(out_size, "taps", taps=taps_plan)
    blocks = _blocks(offsets, spec.stride, n, out_size, in_size, c_in, itemsize, limit, block_bytes)
    bands: tuple[Any, ...] = ()
    if staged and n_taps > math.prod(spec.stride):  # input elements read by several taps each
        # what the bound leaves beside the result and the largest window block
        out_bytes = m * w_shape[-1] * itemsize
        cols = max(
            (ns.stop - ns.start) * (rs.stop - rs.start) * math.prod(out_size[1:]) * (t1 - t0) * c_in * itemsize
            for ns, rs, chunks in blocks
            for t0, t1, _ in chunks
        )
        room = int(band_share * (2 * out_bytes + math.prod(x_shape) * itemsize)) - out_bytes - cols
        out_row = math.prod(out_size[1:]) * w_shape[-1] * itemsize
        bands = _bands(blocks, in_size, c_in, itemsize, room, out_row)
    return _ConvSchedule(out_size, "blocks", blocks=blocks, bands=bands)


def _bands(
    blocks: tuple[Block, ...], in_size: tuple[int, ...], c_in: int, itemsize: int, room: int, out_row: int
) -> tuple[tuple[tuple[slice, slice] | None, tuple[Any, ...]] | None, ...]:
    """Per block: the band of input rows to stage before it (None: the band staged for an
    earlier block serves it too) and its chunks reading the staged band instead of the input;
    None for a block that reads the input in place.

    A channels-first input read through its channels-last view is staged a band at a time: one
    transposing copy per run of blocks of one image instead of one strided read per tap and
    block. A run grows while its band and one block's result (``out_row`` bytes per output row
    of an image) fit in ``room`` bytes. The copies and products are the blocks' own: only where
    the window copies read from changes, never a value or a sum."""
    row_bytes = math.prod(in_size[1:]) * c_in * itemsize

    def rows_read(block: Block) -> tuple[int, int] | None:
        rows = [src[1] for _, _, copies in block[2] for _, dst, src, _ in copies if dst is not None]
        return (min(r.start for r in rows), max(r.stop for r in rows)) if rows else None

    def moved(block: Block, lo: int) -> tuple[Any, ...]:
        return tuple(
            (
                t0,
                t1,
                tuple(
                    (
                        t,
                        dst,
                        src
                        if dst is None
                        else (slice(None), slice(src[1].start - lo, src[1].stop - lo, src[1].step), *src[2:]),
                        zeros,
                    )
                    for t, dst, src, zeros in copies
                ),
            )
            for t0, t1, copies in block[2]
        )

    out: list[Any] = [None] * len(blocks)
    b = 0
    while b < len(blocks):
        ns = blocks[b][0]
        images = ns.stop - ns.start
        first = rows_read(blocks[b])
        if first is None:
            b += 1
            continue
        lo, hi = first
        spare = 0
        end = b
        while end < len(blocks) and blocks[end][0] == ns:  # the run's blocks: one image's rows
            span = rows_read(blocks[end])
            if span is None:
                break
            new_lo, new_hi = min(lo, span[0]), max(hi, span[1])
            rs = blocks[end][1]
            new_spare = max(spare, images * (rs.stop - rs.start) * out_row)
            if images * (new_hi - new_lo) * row_bytes + new_spare > room:
                break
            lo, hi, spare, end = new_lo, new_hi, new_spare, end + 1
        if end == b:  # not even one block's band fits: it reads in place
            b += 1
            continue
        for i in range(b, end):
            out[i] = ((ns, slice(lo, hi)) if i == b else None, moved(blocks[i], lo))
        b = end
    return tuple(out)


def _forward_taps_plan(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], itemsize: int, spec: ConvSpec, out_size: tuple[int, ...],
    budget: float, taps_from: int, tap_block_positions: int, min_channels: int,
) -> TapSumPlan | None:
    """A stride-1 forward convolution as one product for every tap per block of input rows and
    a compiled sum (:mod:`arraylens.ops.conv.phase_sum`), when the output has at least
    ``taps_from`` elements and one input row's products fit in the budget; else None."""
    nd = spec.ndim
    kernel, in_size = w_shape[:nd], x_shape[1:-1]
    n, c_out = x_shape[0], w_shape[-1]
    out_elems = n * math.prod(out_size) * c_out
    c_in_g, c_out_g = w_shape[-2], c_out // spec.groups
    # the products write T x C_out/G values per input position, the window copies T x C_in/G:
    # with more output than input channels per group the copies cost less (measured)
    if any(s != 1 for s in spec.stride) or out_elems < taps_from or not min_channels <= c_out_g <= c_in_g:
        return None
    limit = int(budget * (math.prod(x_shape) + out_elems) * itemsize) - math.prod(w_shape) * itemsize
    row_bytes = math.prod(in_size[1:]) * math.prod(kernel) * c_out * itemsize
    if row_bytes > limit:
        return None
    tables = [
        axis_taps_forward(o, i, k, 1, d, before)
        for o, i, k, d, (before, _) in zip(out_size, in_size, kernel, spec.dilation, spec.padding, strict=True)
    ]
    rows = max(1, min(limit // row_bytes, -(-tap_block_positions // math.prod(in_size[1:]))))
    return tap_sum_plan(tables, in_size, kernel, n, spec.groups, c_out, False, rows)


def _window_products(
    cols: np.ndarray, wt: np.ndarray, groups: int, out2d: np.ndarray, accumulate: bool
) -> None:
    """``out2d (+)= cols @ w`` per group: ``cols`` is (P, T, C_in), ``wt`` (T, C_in/g, C_out)."""
    p, taps, c_in = cols.shape
    c_in_g = c_in // groups
    c_out = wt.shape[-1]
    if groups == 1:
        lhs, rhs = cols.reshape(p, taps * c_in), wt.reshape(taps * c_in, c_out)
        if accumulate:
            out2d += lhs @ rhs
        else:
            np.matmul(lhs, rhs, out=out2d)
        return
    c_out_g = c_out // groups
    cg = cols.reshape(p, taps, groups, c_in_g)
    for g in range(groups):
        lhs = cg[:, :, g, :].reshape(p, taps * c_in_g)
        rhs = wt[:, :, g * c_out_g : (g + 1) * c_out_g].reshape(taps * c_in_g, c_out_g)
        if accumulate:
            out2d[:, g * c_out_g : (g + 1) * c_out_g] += lhs @ rhs
        else:
            out2d[:, g * c_out_g : (g + 1) * c_out_g] = lhs @ rhs


def conv(x: np.ndarray, w: np.ndarray, spec: ConvSpec, out_map: AxisMap | None = None) -> np.ndarray:
    """Canonical N-d convolution (cross-correlation, as TensorFlow and PyTorch define it).

    Parameters
    ----------
    x : ndarray, shape (N, *spatial_in, C_in)
        Channels-last input.
    w : ndarray, shape (*kernel, C_in / groups, C_out)
        Weight (HWIO); output channel ``c`` belongs to group ``c // (C_out/groups)``.
    spec : ConvSpec
        Stride, dilation, padding and groups.
    out_map : AxisMap, optional
        The caller's layout of the result (e.g. channels-first): the result is returned in it,
        C-contiguous, written there block by block (see :func:`run_conv`).

    Returns
    -------
    ndarray, shape (N, *spatial_out, C_out)
        ``spatial_out = floor((in + before + after - dilation*(kernel-1) - 1)/stride) + 1``; with
        ``out_map``, ``out_map.from_canonical`` of that shape, C-contiguous.

    Raises
    ------
    TypeError
        For complex or non-numeric operands.
    ValueError
        For inconsistent shapes or padding that leaves no output element.

    Notes
    -----
    Implicit GEMM: the input windows of a block of output rows (every tap, ``CONV_BLOCK_BYTES``
    at a time, padding read as zeros without padding the input) are copied into a work array
    that stays in cache and multiplied by the weight in one BLAS product per block and group.
    When one image's windows would exceed ``PRODUCT_BUDGET x (input + output)`` bytes, the taps
    are taken in chunks whose products are added (one tap and a block of rows at a time when even
    one tap's windows of an image exceed it), so the peak extra memory stays near
    2 x output + 1 x input. A 1x1 kernel with stride 1 and no padding is one product; a tiny
    call gathers its windows through a cached index. The plan (blocks, slices, index) depends on
    shapes and spec only and is cached.

    A stride-1 convolution with at least ``FORWARD_TAPS_FROM`` output elements and
    ``CHANNELS_FIRST_BELOW <= C_out/G <= C_in/G`` is instead one BLAS product for every tap per
    block of input rows and a compiled sum of the shifted products in row-major kernel order
    (:mod:`arraylens.ops.conv.phase_sum`), when one input row's products fit in the budget.

    Few channels per group (``direct.conv_eligible``: one output channel with up to 8 input
    channels, or up to 4 of each with stride 1 along the last axis) and at least
    ``direct.DIRECT_FROM`` multiply-adds run in one compiled loop instead of the window blocks
    (:mod:`arraylens.ops.conv.direct`: each output summed in tap order, then channel order).
    """
    x = as_real_array(x, "input")
    w = as_real_array(w, "weight")
    dtype = result_dtype(x, w)
    _check_operands(x, w, spec.ndim, spec.groups, transpose=False)
    return run_conv(x, w, spec, dtype, out_map)


def run_conv(
    x: np.ndarray, w: np.ndarray, spec: ConvSpec, dtype: np.dtype[Any], out_map: AxisMap | None = None
) -> np.ndarray:
    """:func:`conv` without its operand checks, for operands that passed them.

    Parameters
    ----------
    x, w : ndarray
        As :func:`conv` takes them, float32 or float64 (``as_real_array``'s result). ``x`` may be
        a strided view (the channels-last view of a channels-first array): the window blocks
        read it a band of rows at a time (see :func:`_bands`), so no channels-last copy of the
        whole input is made (a 1x1 kernel's single product is the exception: it copies a
        strided input once).
    spec : ConvSpec
    dtype : numpy dtype
        ``result_dtype(x, w)``.
    out_map : AxisMap, optional
        The caller's layout of the result. The blocks of output rows are computed in a small
        array and copied into the caller's array, so a channels-first caller needs no
        channels-last result copied back; a 1x1 kernel's single product is copied into it
        after its copy of a strided input is dropped. The "taps" schedule writes the caller's
        array itself (:func:`_taps_result`).

    Returns
    -------
    ndarray
        :func:`conv`'s result, in ``out_map``'s layout (C-contiguous) when given. The products,
        and so the result's bits, are the same whatever the strides of ``x`` and the layout.
    """
    nd = spec.ndim
    c_out, c_in_g = w.shape[-1], w.shape[-2]
    # weights in ``dtype`` are read in place (the groups' products slice them); weights in another
    # memory layout are made contiguous once, beside the blocks' budget rather than charged to it:
    # the schedule (how the taps are cut, hence the order of the sums and the result's bits)
    # depends on the shapes, dtypes and spec only, never on how the caller's arrays are laid out
    copied = spec.groups > 1 or w.dtype != dtype
    staged = not x.flags.c_contiguous
    plan = _conv_schedule(
        x.shape, w.shape, dtype.itemsize, spec, PRODUCT_BUDGET, CONV_BLOCK_BYTES, GATHER_UP_TO, copied, staged,
        BAND_SHARE, FORWARD_TAPS_FROM, TAP_BLOCK_POSITIONS, CHANNELS_FIRST_BELOW, direct.conv_limits(),
    )
    n, c_in = x.shape[0], x.shape[-1]
    out_size = plan.out_size
    shape = (n, *out_size, c_out)
    if plan.mode == "empty":
        return np.zeros(shape if out_map is None else out_map.shape_from_canonical(shape), dtype=dtype)
    x = x.astype(dtype, copy=False)
    if plan.mode == "taps":  # its own copy of the weights (every tap side by side), no other
        caller, canon = _taps_result(shape, dtype, out_map)
        _run_forward_taps(x, w, spec.groups, plan.taps, canon)  # type: ignore[arg-type]
        return _taps_return(caller, canon, out_map)
    n_taps = math.prod(w.shape[:nd])
    wt = _contiguous_weights(w.astype(dtype, copy=False).reshape(n_taps, c_in_g, c_out))
    if plan.mode == "direct":
        # one product over every position, its operand C-ordered whatever the caller's layout;
        # a strided input's copy is dropped before the result is copied to the caller's layout
        x2d = np.ascontiguousarray(x).reshape(-1, c_in)
        res = np.matmul(x2d, wt.reshape(c_in, c_out)).reshape(shape)
        del x, x2d
        return res if out_map is None else out_map.from_canonical_contiguous(res)
    if plan.mode == "compiled" and plan.compiled is not None:  # few channels: ops/conv/direct.py
        pool = _pool() if plan.parallel else None
        # the loops read a channels-first caller's input in place and write (N, C_out, *spatial)
        # rows, the channels-first caller's layout: handed back without a copy (the depthwise
        # loop's channels-last result is copied once, its input's copy dropped first)
        res = direct.run_conv_direct(x, wt, *plan.compiled, out_size, pool, _workers())
        del x
        return res if out_map is None else out_map.from_canonical_contiguous(res)
    if plan.mode == "gather":
        rows = np.concatenate((x.reshape(-1, c_in), np.zeros((1, c_in), dtype=dtype)))
        cols = rows[plan.gather]  # (M, T, C_in)
        res = np.empty(shape, dtype=dtype)
        _window_products(cols, wt, spec.groups, res.reshape(-1, c_out), False)
        return res if out_map is None else out_map.from_canonical_contiguous(res)
    if out_map is None:
        out = canon = np.empty(shape, dtype=dtype)
    else:
        out = np.empty(out_map.shape_from_canonical(shape), dtype=dtype)
        canon = out_map.to_canonical(out)
    _run_blocks(x, wt, spec.groups, plan.blocks, canon, plan.bands)
    return out


#: The taps sum writes a caller's channels-first result itself, each output row summed in a
#: channels-last row buffer and stored at the result's strides (measured as fast as, or faster
#: than, a channels-last result copied to the caller once: see docs/benchmarks.md, and no
#: result-sized copy); False: the copy.
TAPS_IN_PLACE = True


def _taps_result(
    shape: tuple[int, ...], dtype: np.dtype[Any], out_map: AxisMap | None
) -> tuple[np.ndarray | None, np.ndarray]:
    """The arrays of a "taps" result of canonical ``shape``: the caller's array (None when it is
    the canonical one or a copy comes at the end) and the (N, *out, C) array or view the sum
    writes. A caller's layout whose positions lie at one stride (channels-first, channels-last)
    is written in place through its canonical view; another gets a channels-last array and one
    copy (:func:`_taps_return`). Only where the sums are stored differs, never their terms."""
    if out_map is None:
        return None, np.empty(shape, dtype=dtype)
    caller = np.empty(out_map.shape_from_canonical(shape), dtype=dtype)
    canon = out_map.to_canonical(caller)
    if canon.flags.c_contiguous or (TAPS_IN_PLACE and out_strides(canon) is not None):
        return caller, canon
    del caller, canon
    return None, np.empty(shape, dtype=dtype)


def _taps_return(caller: np.ndarray | None, canon: np.ndarray, out_map: AxisMap | None) -> np.ndarray:
    """The result of a "taps" call: the caller's array, or the channels-last one (copied to the
    caller's layout when one is asked for)."""
    if caller is not None:
        return caller
    return canon if out_map is None else out_map.from_canonical_contiguous(canon)


def _run_forward_taps(x: np.ndarray, w: np.ndarray, groups: int, plan: TapSumPlan, out: np.ndarray) -> None:
    """``out`` = the stride-1 forward convolution of ``plan`` (mode "taps"; ``x`` in ``out``'s dtype)."""
    taps = plan.taps
    c_in_g, c_out = w.shape[-2], w.shape[-1]
    c_out_g = c_out // groups
    # (G, C_in/G, T * C_out/G): each group's taps side by side
    w_all = np.ascontiguousarray(
        w.astype(out.dtype, copy=False).reshape(taps, c_in_g, groups, c_out_g).transpose(2, 1, 0, 3)
    ).reshape(groups, c_in_g, taps * c_out_g)
    run_tap_sum(x, w_all, plan, out, _scratch)


#: Weights in another layout (PyTorch's OIHW seen as HWIO) larger than this are made contiguous
#: ``WEIGHT_BLOCK`` output channels at a time: each piece is read from a few cache lines.
WEIGHT_BLOCKS_FROM = 1 << 16
WEIGHT_BLOCK = 16


def _contiguous_weights(wt: np.ndarray) -> np.ndarray:
    """``np.ascontiguousarray(wt)`` for the (T, C_in/groups, C_out) weights, the same values;
    a large strided one copied a block of output channels at a time (PyTorch's OIHW weights,
    256x128x3x3 float32: 0.33 -> 0.19 ms)."""
    if wt.flags.c_contiguous or wt.nbytes <= WEIGHT_BLOCKS_FROM:
        return np.ascontiguousarray(wt)
    out = np.empty(wt.shape, dtype=wt.dtype)
    for o0 in range(0, wt.shape[-1], WEIGHT_BLOCK):
        out[..., o0 : o0 + WEIGHT_BLOCK] = wt[..., o0 : o0 + WEIGHT_BLOCK]
    return out


def _run_blocks(
    x: np.ndarray,
    wt: np.ndarray,
    groups: int,
    blocks: tuple[Block, ...],
    out: np.ndarray,
    bands: tuple[Any, ...] = (),
) -> None:
    """``out[n, rows] = windows of x @ wt`` block by block (see :func:`_blocks`); a block with a
    band (see :func:`_bands`) reads its windows from that band of ``x``, staged channels-last.

    ``x`` is (N, *in, C_in), ``wt`` (T, C_in/groups, C_out) and ``out`` (N, *out, C_out), possibly
    a strided view (a stride phase of a larger array, the channels-last view of a channels-first
    result): a block that is not contiguous there is computed into a small array (one for the
    call) and copied in. ``x`` may be strided too: the window copies read it in place.
    """
    c_in, c_out = x.shape[-1], out.shape[-1]
    spare: np.ndarray | None = None
    stage: np.ndarray | None = None
    for b, (ns, rs, chunks) in enumerate(blocks):
        entry = bands[b] if bands else None
        if entry is None:
            source = x
        else:
            band, chunks = entry
            if band is not None:  # the first block of a run stages the run's band
                bn, br = band
                shape = (bn.stop - bn.start, br.stop - br.start, *x.shape[2:])
                size = math.prod(shape)
                if stage is None or stage.size < size:
                    source, stage = x, None  # the smaller one (and its view) go first
                    stage = np.empty(size, dtype=x.dtype)
                source = stage[:size].reshape(shape)
                source[...] = x[bn, br]
        target = out[ns, rs]
        direct = target.flags.c_contiguous
        if direct:
            res = target
        else:
            if spare is None or spare.size < target.size:
                res = out2d = target  # the smaller spare (and its views) go before the larger one comes
                spare = None
                spare = np.empty(target.size, dtype=out.dtype)
            res = spare[: target.size].reshape(target.shape)
        out2d = res.reshape(-1, c_out)
        for i, (t0, t1, copies) in enumerate(chunks):
            cols = _scratch((*target.shape[:-1], t1 - t0, c_in), out.dtype)
            for t, dst, src, zeros in copies:
                view = cols[..., t, :]
                for part in zeros:
                    view[part] = 0
                if dst is not None:
                    view[dst] = source[src]
            _window_products(cols.reshape(out2d.shape[0], t1 - t0, c_in), wt[t0:t1], groups, out2d, i > 0)
        if not direct:  # a few rows at a time: each copy's source stays in the first-level cache
            rows = target.shape[1]
            step = max(1, WRITE_BACK_BYTES // max(1, res[:, :1].nbytes))
            if step >= rows:
                target[...] = res
            else:
                for r0 in range(0, rows, step):
                    target[:, r0 : r0 + step] = res[:, r0 : r0 + step]
