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
from functools import cache
from typing import Any

import numpy as np

from arraylens.core.dtypes import as_real_array, result_dtype
from arraylens.core.errors import ArgumentError
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
    nbytes = int(np.prod(shape)) * dtype.itemsize
    if nbytes > SCRATCH_LIMIT:  # not kept: a rare huge call should not pin its memory
        return np.empty(shape, dtype=dtype)
    buf: np.ndarray | None = getattr(_SCRATCH, "buf", None)
    if buf is None or buf.nbytes < nbytes:
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


def _fill_phase(
    work: np.ndarray,
    prods: np.ndarray,
    r: tuple[int, ...],
    members: list[tuple[int, tuple[int, ...]]],
    stride: tuple[int, ...],
    in_size: tuple[int, ...],
    out_size: tuple[int, ...],
    accumulate: bool = False,
) -> None:
    """Write phase ``r`` of the output: the sum of its taps' shifted products.

    ``work`` is (P, *out_size, Q); ``prods`` is (T, P, *in_size, Q) and ``members`` index it.
    The phase of ``work`` is zero, or with ``accumulate`` holds the sum of the phase's other
    taps, which this adds to (a phase whose taps are split between chunks).
    """
    phase_len = tuple(len(range(rr, o, s)) for rr, o, s in zip(r, out_size, stride, strict=True))
    if any(p == 0 for p in phase_len):
        return
    sel = (slice(None), *(slice(rr, None, s) for rr, s in zip(r, stride, strict=True)))
    phase_view = work[sel]
    single = len(members) == 1 and not accumulate
    # a continued phase adds in place (no phase-sized buffer per chunk)
    buf = phase_view if single or accumulate else np.zeros(phase_view.shape, dtype=work.dtype)
    for t, q in members:
        # buf[j] += prods[t][j + q] for 0 <= j < phase_len and 0 <= j + q < in_size
        dst: list[slice] = [slice(None)]
        src: list[int | slice] = [t, slice(None)]
        for qq, plen, isz in zip(q, phase_len, in_size, strict=True):
            j0, j1 = max(0, -qq), min(plen, isz - qq)
            if j0 >= j1:
                break
            dst.append(slice(j0, j1))
            src.append(slice(j0 + qq, j1 + qq))
        else:
            if single:
                buf[tuple(dst)] = prods[tuple(src)]  # ``work`` is still zero there
            else:
                buf[tuple(dst)] += prods[tuple(src)]
    if not (single or accumulate):
        phase_view[...] = buf


#: The tap products of one chunk take at most this many times the input's and the output's
#: bytes together (with the output, the phase buffers and a converted input, the peak extra
#: memory of a call stays under 4 x (input + output)).
PRODUCT_BUDGET = 2


def product_budget(input_bytes: int, output_bytes: int) -> int:
    """Bytes the tap products of one chunk may take (``PRODUCT_BUDGET x (input + output)``)."""
    return PRODUCT_BUDGET * (input_bytes + output_bytes)


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


def conv_transpose(x: np.ndarray, w: np.ndarray, spec: ConvTransposeSpec) -> np.ndarray:
    """Canonical N-d transposed convolution.

    Parameters
    ----------
    x : ndarray, shape (N, *spatial_in, C_in)
        Channels-last input.
    w : ndarray, shape (*kernel, C_in, C_out / groups)
        Weight; channel ``c`` of group ``g`` is output channel ``g * C_out/groups + c``.
    spec : ConvTransposeSpec
        Stride, dilation, crop and groups.

    Returns
    -------
    ndarray, shape (N, *spatial_out, C_out)
        ``spatial_out = (in-1)*stride + dilation*(kernel-1) + 1 - begin - end``; float32 for
        float32 operands (float16 computes in float32), float64 otherwise: the front-ends
        apply their framework's result dtype afterwards
        (:func:`arraylens.core.dtype_rules.finish`). With fewer than ``CHANNELS_FIRST_BELOW``
        output channels per group the result is a channels-last view of a channels-first array.
        Besides the result, the tap products take at most ``PRODUCT_BUDGET x (input + output)``
        bytes at a time.

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
    ``(k*dilation - begin) % stride == r``, so each phase is a dense sum of shifted
    ``x @ w[k]`` products, written once into its strided slice of the output; a phase with a
    single tap is written directly. When the kernel equals the stride (no dilation, no crop) the
    kernel copies tile the output and one product per group, rearranged once, is the result.
    The products live in a per-thread work array kept between calls (up to ``SCRATCH_LIMIT``
    bytes; :func:`release_scratch` frees it). They are computed for as many taps at a time as
    fit in ``PRODUCT_BUDGET x (input + output)`` bytes (:func:`product_budget`), so the peak
    extra memory stays under 4 x (input + output) whatever the kernel size; a phase split
    between chunks adds its later taps in place.
    """
    x = as_real_array(x, "input")
    w = as_real_array(w, "weight")
    dtype = result_dtype(x, w)
    nd = spec.ndim
    _, c_out, _, c_out_g = _check_operands(x, w, nd, spec.groups, transpose=True)
    kernel = w.shape[:nd]
    in_size = x.shape[1:-1]
    out_size = spec.output_size(in_size, kernel)
    if any(o <= 0 for o in out_size):
        raise ArgumentError(
            f"the crop {spec.crop} leaves no output: full size "
            f"{spec.full_size(in_size, kernel)}, output size {out_size}"
        )
    n = x.shape[0]
    if x.size == 0 or w.size == 0:
        return np.zeros((n, *out_size, c_out), dtype=dtype)
    n_taps = math.prod(kernel)
    wt = w.astype(dtype, copy=False).reshape(n_taps, w.shape[-2], w.shape[-1])
    x2d = x.astype(dtype, copy=False).reshape(-1, x.shape[-1])
    channels_first = c_out_g < CHANNELS_FIRST_BELOW
    if all(
        k == s and d == 1 and c == (0, 0)
        for k, s, d, c in zip(kernel, spec.stride, spec.dilation, spec.crop, strict=True)
    ):
        return _tile(x2d, wt, spec.groups, kernel, n, in_size)
    # Working layout (P, *spatial, Q): P = N, Q = C_out (channels-last) or P = C_out*N, Q = 1.
    lead, trail = (c_out * n, 1) if channels_first else (n, c_out)
    work = np.zeros((lead, *out_size, trail), dtype=dtype)
    phases = _phase_plan(kernel, spec)
    parallel = work.size >= PARALLEL_FROM and _workers() > 1
    per_tap = x2d.shape[0] * c_out * dtype.itemsize
    chunk = max(1, product_budget(x2d.nbytes, work.nbytes) // per_tap)
    for tap_ids, fragments in _chunks(phases, lambda r: _phase_members(kernel, spec, r), chunk):
        prods = _tap_products(x2d, wt if tap_ids is None else wt[tap_ids], spec.groups, channels_first)
        prods = prods.reshape(-1, lead, *in_size, trail)

        def fill(fragment: Fragment, prods: np.ndarray = prods) -> None:
            _fill_phase(work, prods, fragment[0], fragment[1], spec.stride, in_size, out_size, fragment[2])

        if parallel and len(fragments) > 1:
            # Phases write disjoint strided slices of ``work``; NumPy releases the GIL in its loops.
            list(_pool().map(fill, fragments))
        else:
            for fragment in fragments:
                fill(fragment)
    if channels_first:
        return np.moveaxis(work.reshape(c_out, n, *out_size), 0, -1)
    return work


def conv(x: np.ndarray, w: np.ndarray, spec: ConvSpec) -> np.ndarray:
    """Canonical N-d convolution (cross-correlation, as TensorFlow and PyTorch define it).

    Parameters
    ----------
    x : ndarray, shape (N, *spatial_in, C_in)
        Channels-last input.
    w : ndarray, shape (*kernel, C_in / groups, C_out)
        Weight (HWIO); output channel ``c`` belongs to group ``c // (C_out/groups)``.
    spec : ConvSpec
        Stride, dilation, padding and groups.

    Returns
    -------
    ndarray, shape (N, *spatial_out, C_out)
        ``spatial_out = floor((in + before + after - dilation*(kernel-1) - 1)/stride) + 1``.

    Raises
    ------
    TypeError
        For complex or non-numeric operands.
    ValueError
        For inconsistent shapes or padding that leaves no output element.
    """
    x = as_real_array(x, "input")
    w = as_real_array(w, "weight")
    dtype = result_dtype(x, w)
    nd = spec.ndim
    _, c_out, c_in_g, c_out_g = _check_operands(x, w, nd, spec.groups, transpose=False)
    kernel = w.shape[:nd]
    out_size = spec.output_size(x.shape[1:-1], kernel)
    if any(o <= 0 for o in out_size):
        raise ArgumentError(
            f"the effective kernel {tuple(d * (k - 1) + 1 for k, d in zip(kernel, spec.dilation, strict=True))} "
            f"is larger than the padded input; output size would be {out_size}"
        )
    n = x.shape[0]
    if x.size == 0 or w.size == 0:
        return np.zeros((n, *out_size, c_out), dtype=dtype)
    x = x.astype(dtype, copy=False)
    pad_width = [(0, 0)] + [(max(b, 0), max(a, 0)) for b, a in spec.padding] + [(0, 0)]
    xp = np.pad(x, pad_width) if any(p != (0, 0) for p in pad_width) else x
    crop = (slice(None), *(slice(max(-b, 0), xp.shape[1 + i] - max(-a, 0)) for i, (b, a) in enumerate(spec.padding)))
    xp = xp[crop]
    taps = [tuple(t) for t in kernel_taps(kernel).tolist()]
    m = n * math.prod(out_size)
    g = spec.groups
    # im2col: cols[..., t, g, ci] so one matmul per group covers every tap.
    cols = np.empty((n, *out_size, len(taps), x.shape[-1]), dtype=dtype)
    for t, k in enumerate(taps):
        sel = (
            slice(None),
            *(
                slice(kk * d, kk * d + (o - 1) * s + 1, s)
                for kk, d, s, o in zip(k, spec.dilation, spec.stride, out_size, strict=True)
            ),
        )
        cols[..., t, :] = xp[sel]
    wt = w.astype(dtype, copy=False).reshape(len(taps), c_in_g, c_out)
    if g == 1:
        res = cols.reshape(m, -1) @ wt.reshape(-1, c_out)
    else:
        res = np.empty((m, c_out), dtype=dtype)
        cols_g = cols.reshape(m, len(taps), g, c_in_g)
        for gi in range(g):
            lhs = cols_g[:, :, gi, :].reshape(m, -1)
            rhs = wt[:, :, gi * c_out_g : (gi + 1) * c_out_g].reshape(-1, c_out_g)
            res[:, gi * c_out_g : (gi + 1) * c_out_g] = lhs @ rhs
    return res.reshape(n, *out_size, c_out)
