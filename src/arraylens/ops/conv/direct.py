"""Convolutions with few channels as compiled loops (numba, through :mod:`arraylens.core.compiled`).

With few channels the BLAS products of :mod:`arraylens.ops.conv.kernel` are tiny (``K`` or ``N``
of 1-16, where BLAS runs far below its speed) and every kernel tap costs NumPy calls: a 64x64
kernel on a 128x128 one-channel image is 4096 products and 4096 slice-adds over the output
(55 ms single-threaded, 2.8 x torch). These loops compute each output row once: for every
kernel tap that reaches the row, in the kernel's row-major tap order, they add the tap's weight
times the input row the tap reads, along a contiguous run, so the row stays in the core's
cache and nothing but the output (and a channels-first copy of a several-channel input) is
allocated. The kernels choose them by shapes, dtype and arguments only (:func:`eligible`,
:func:`conv_eligible`), never by the operands' memory layout.

Transposed convolution (:func:`run_direct`): up to :data:`TRANSPOSE_MAX_C_IN` input channels
per group (one-channel images, depthwise, RGB) and fewer than ``kernel.CHANNELS_FIRST_BELOW``
output channels per group; with a stride the row is built one stride phase at a time and
interleaved at the end. Each output element adds its terms in the kernel's tap order, the order
in which the NumPy path's phase slice-adds add them; the first tap of a stride phase that
reaches any element of the phase assigns instead of adding there (the NumPy path assigns its
phase's first slice, so that a signed zero comes out as there). A term is the tap's product
summed over the group's input channels in order; with one input channel per group it is one
rounded multiplication ``x * w``, as the NumPy path's ``K = 1`` product is, and the result has
the NumPy path's bits (with more, BLAS sums the channels its own way: within rounding).

Forward convolution (:func:`run_conv_direct`): few channels per group (:func:`conv_eligible`);
each output element is ``0.0 + x*w + ...`` over the taps in row-major order and, within a tap,
the group's input channels in order (not BLAS's order: within rounding of the NumPy path).
Depthwise convolutions of :data:`DEPTHWISE_FROM` channels or more run channels-last, vectorised
over the channels, with the same sums in the same order.

``fastmath`` is off (no reassociation, no fused multiply-add), as for every compiled kernel.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.compiled import compiled

__all__ = [
    "CONV_MAX_C_IN",
    "CONV_SMALL",
    "DEPTHWISE_FROM",
    "DIRECT_FROM",
    "PARALLEL_FROM",
    "TRANSPOSE_MAX_C_IN",
    "axis_table",
    "conv_eligible",
    "conv_limits",
    "eligible",
    "lifted",
    "lifted_offsets",
    "limits",
    "run_conv_direct",
    "run_direct",
]

#: Multiply-adds (input elements x taps x output channels per group; output elements x taps x
#: input channels per group for a forward convolution) from which the compiled loops run: below
#: it the NumPy path costs less than numba's import and cache load on a process's first call
#: (about a second), which a small CLI or notebook call would pay.
DIRECT_FROM = 1 << 19
#: Multiply-adds from which the loop's rows are shared among the convolution's threads (below,
#: starting the threads costs about what they save: 512x512 input, 3x3 kernel, stride 2, 2.4M
#: multiply-adds: 0.48 ms on one thread, 0.39 ms on two).
PARALLEL_FROM = 1 << 22


#: Input channels per group up to which a transposed convolution runs in the loop (with more
#: than one, each term is a channel sum and the result is within rounding of the NumPy path's,
#: whose BLAS product sums in an order of its own). Measured against the NumPy path (one BLAS
#: thread, 1-4 images of 64-256 square, 3-5 kernels, 1-15 output channels): 0.27-0.83 x its
#: time with 2-4 input channels, 0.59-0.98 x with 8.
TRANSPOSE_MAX_C_IN = 4


def limits() -> tuple[int, int, int]:
    """The tunables above as they are now (tests change them), as :func:`eligible` takes them:
    ``(DIRECT_FROM, PARALLEL_FROM, TRANSPOSE_MAX_C_IN)``."""
    return (DIRECT_FROM, PARALLEL_FROM, TRANSPOSE_MAX_C_IN)


def eligible(macs: int, c_in_g: int, channels_first: bool, limits: tuple[int, int, int]) -> bool:
    """Whether a transposed convolution that the NumPy path would compute by stride phases runs
    in the compiled loop instead: up to ``limits[2]`` input channels per group, fewer than
    ``kernel.CHANNELS_FIRST_BELOW`` output channels per group, at least ``limits[0]``
    multiply-adds (``limits``: :func:`limits`, passed in so that a cached schedule is keyed by
    them). A decision on shapes only, never on the operands' memory layout, so that a call and
    its cached repetition take the same path and give the same bits.
    """
    return channels_first and c_in_g <= limits[2] and macs >= limits[0]


def axis_table(kernel: int, dilation: int, stride: int, begin: int, in_size: int, out_size: int) -> np.ndarray:
    """One spatial axis's taps as the loop reads them.

    Tap ``k`` lands on the output positions ``o`` with ``o % stride == r`` (``r = (k*dilation -
    begin) mod stride``); position ``o = r + j*stride`` reads input ``j + q`` (``q = (r + begin -
    k*dilation) / stride``) for ``j`` in ``[j0, j1)``, the positions whose input lies inside it.

    Returns
    -------
    ndarray of int64, shape (kernel, 5)
        Per tap: ``r, q, j0, j1, first``; ``first`` is 1 for the first tap of its phase (in tap
        order) whose ``[j0, j1)`` is not empty.
    """
    table = np.zeros((kernel, 5), dtype=np.int64)
    seen: set[int] = set()
    for k in range(kernel):
        r = (k * dilation - begin) % stride
        q = (r + begin - k * dilation) // stride
        phase_len = len(range(r, out_size, stride))
        j0, j1 = max(0, -q), min(phase_len, in_size - q)
        first = j0 < j1 and r not in seen
        if j0 < j1:
            seen.add(r)
        table[k] = (r, q, j0, j1, first)
    return table


@compiled
def _rows(
    x: np.ndarray,
    w: np.ndarray,
    out: np.ndarray,
    tz: np.ndarray,
    ty: np.ndarray,
    tx: np.ndarray,
    sz: int,
    sy: int,
    sx: int,
    row0: int,
    row1: int,
) -> None:  # pragma: no cover - compiled
    """Output rows ``[row0, row1)`` of the flattened ``(N, C_out, OZ, OY)`` rows of ``out``.

    Parameters
    ----------
    x : ndarray, (N, C_in, Z, Y, X), float32 or float64, C-contiguous
        Channels-first input (one channel per group).
    w : ndarray, (KZ, KY, KX, C_in, C_out / groups), the dtype of ``x``
    out : ndarray, (N, C_out, OZ, OY, OX), the dtype of ``x``, C-contiguous; its rows
        ``[row0, row1)`` are written (every element).
    tz, ty, tx : ndarray of int64, (KZ, 5), (KY, 5), (KX, 5)
        :func:`axis_table` of each axis.
    sz, sy, sx : int
        The strides.
    """
    c_out = out.shape[1]
    kz_n, ky_n, kx_n, _, c_out_g = w.shape
    oz_n, oy_n, ox_n = out.shape[2], out.shape[3], out.shape[4]
    # a stride phase's part of the row, contiguous: the terms add along it in vector registers,
    # then the phases are interleaved into the row (with stride 1 the row itself)
    plen = (ox_n + sx - 1) // sx
    phases = np.empty((sx, plen), dtype=out.dtype)
    for row in range(row0, row1):
        oy = row % oy_n
        rest = row // oy_n
        oz = rest % oz_n
        rest = rest // oz_n
        co = rest % c_out
        n = rest // c_out
        g = co // c_out_g  # the group, and its one input channel
        c = co - g * c_out_g
        orow = out[n, co, oz, oy]
        buf = orow.reshape((1, ox_n)) if sx == 1 else phases
        buf[:] = 0
        for kz in range(kz_n):
            if oz % sz != tz[kz, 0]:
                continue
            jz = oz // sz
            if jz < tz[kz, 2] or jz >= tz[kz, 3]:
                continue
            iz = jz + tz[kz, 1]
            for ky in range(ky_n):
                if oy % sy != ty[ky, 0]:
                    continue
                jy = oy // sy
                if jy < ty[ky, 2] or jy >= ty[ky, 3]:
                    continue
                xrow = x[n, g, iz, jy + ty[ky, 1]]
                for kx in range(kx_n):
                    j0 = tx[kx, 2]
                    j1 = tx[kx, 3]
                    if j0 >= j1:
                        continue
                    q = tx[kx, 1]
                    dst = buf[tx[kx, 0], j0:j1]
                    src = xrow[j0 + q : j1 + q]
                    wv = w[kz, ky, kx, g, c]
                    if tz[kz, 4] != 0 and ty[ky, 4] != 0 and tx[kx, 4] != 0:  # the phase's first tap
                        for j in range(j1 - j0):
                            dst[j] = src[j] * wv
                    else:
                        for j in range(j1 - j0):
                            dst[j] = dst[j] + src[j] * wv
        if sx == 2:
            half = ox_n // 2
            for j in range(half):
                orow[2 * j] = phases[0, j]
                orow[2 * j + 1] = phases[1, j]
            if ox_n % 2:
                orow[ox_n - 1] = phases[0, half]
        elif sx > 2:
            for r in range(sx):
                for j in range((ox_n - r + sx - 1) // sx):
                    orow[r + sx * j] = phases[r, j]


@compiled
def _rows_channels(
    x: np.ndarray,
    w: np.ndarray,
    out: np.ndarray,
    tz: np.ndarray,
    ty: np.ndarray,
    tx: np.ndarray,
    sz: int,
    sy: int,
    sx: int,
    row0: int,
    row1: int,
) -> None:  # pragma: no cover - compiled
    """:func:`_rows` with several input channels per group: each term is the tap's products
    summed over the group's channels in order (a run of sums), then added as :func:`_rows` adds.

    Parameters
    ----------
    x : ndarray, (N, C_in, Z, Y, X), float32 or float64, C-contiguous
        Channels-first input.
    w : ndarray, (KZ, KY, KX, C_in, C_out / groups), the dtype of ``x``
    out : ndarray, (N, C_out, OZ, OY, OX), the dtype of ``x``, C-contiguous; its rows
        ``[row0, row1)`` are written (every element).
    tz, ty, tx : ndarray of int64, (KZ, 5), (KY, 5), (KX, 5)
        :func:`axis_table` of each axis.
    sz, sy, sx : int
        The strides.
    """
    c_out = out.shape[1]
    kz_n, ky_n, kx_n, c_in, c_out_g = w.shape
    c_in_g = c_in // (c_out // c_out_g)
    oz_n, oy_n, ox_n = out.shape[2], out.shape[3], out.shape[4]
    # a stride phase's part of the row, contiguous: the terms add along it in vector registers,
    # then the phases are interleaved into the row (with stride 1 the row itself)
    plen = (ox_n + sx - 1) // sx
    phases = np.empty((sx, plen), dtype=out.dtype)
    term = np.empty(plen, dtype=out.dtype)  # one tap's channel sums along a run
    for row in range(row0, row1):
        oy = row % oy_n
        rest = row // oy_n
        oz = rest % oz_n
        rest = rest // oz_n
        co = rest % c_out
        n = rest // c_out
        g = co // c_out_g
        c = co - g * c_out_g
        ci0 = g * c_in_g  # the group's first input channel
        orow = out[n, co, oz, oy]
        buf = orow.reshape((1, ox_n)) if sx == 1 else phases
        buf[:] = 0
        for kz in range(kz_n):
            if oz % sz != tz[kz, 0]:
                continue
            jz = oz // sz
            if jz < tz[kz, 2] or jz >= tz[kz, 3]:
                continue
            iz = jz + tz[kz, 1]
            for ky in range(ky_n):
                if oy % sy != ty[ky, 0]:
                    continue
                jy = oy // sy
                if jy < ty[ky, 2] or jy >= ty[ky, 3]:
                    continue
                iy = jy + ty[ky, 1]
                xrow = x[n, ci0, iz, iy]  # a whole row first: its slices are known contiguous
                for kx in range(kx_n):
                    j0 = tx[kx, 2]
                    j1 = tx[kx, 3]
                    if j0 >= j1:
                        continue
                    q = tx[kx, 1]
                    dst = buf[tx[kx, 0], j0:j1]
                    src = xrow[j0 + q : j1 + q]
                    wv = w[kz, ky, kx, ci0, c]
                    first = tz[kz, 4] != 0 and ty[ky, 4] != 0 and tx[kx, 4] != 0  # the phase's first tap
                    t = term[: j1 - j0]  # the term: the channels' products summed in order
                    for j in range(j1 - j0):
                        t[j] = src[j] * wv
                    for ci in range(ci0 + 1, ci0 + c_in_g):
                        more = x[n, ci, iz, iy]
                        src_c = more[j0 + q : j1 + q]
                        wc = w[kz, ky, kx, ci, c]
                        for j in range(j1 - j0):
                            t[j] = t[j] + src_c[j] * wc
                    if first:
                        for j in range(j1 - j0):
                            dst[j] = t[j]
                    else:
                        for j in range(j1 - j0):
                            dst[j] = dst[j] + t[j]
        if sx == 2:
            half = ox_n // 2
            for j in range(half):
                orow[2 * j] = phases[0, j]
                orow[2 * j + 1] = phases[1, j]
            if ox_n % 2:
                orow[ox_n - 1] = phases[0, half]
        elif sx > 2:
            for r in range(sx):
                for j in range((ox_n - r + sx - 1) // sx):
                    orow[r + sx * j] = phases[r, j]


@compiled
def _channels_first(x: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    """``out[n, c, r, i] = x[n, r, i, c]``: ``x`` (N, R, X, C) channels-last rows, ``out``
    (N, C, R, X), a row of ``x`` at a time (it stays in the core's cache while its channels are
    written out: NumPy's copy through the transposed view reads it once per channel, 3.7 ms
    against 0.5 ms for 8x64x64x32 float32)."""
    n_img, rows, width, channels = x.shape
    for n in range(n_img):
        for r in range(rows):
            for c in range(channels):
                for i in range(width):
                    out[n, c, r, i] = x[n, r, i, c]


def channels_first(x: np.ndarray, lift: tuple[int, ...]) -> np.ndarray:
    """``x`` (N, *spatial, C) as a C-contiguous (N, C, *lift, *spatial) array: a view when its
    memory is laid out so (one channel; PyTorch's NCHW data), else a copy (through
    :func:`_channels_first` for channels-last data)."""
    n, c = x.shape[0], x.shape[-1]
    shape = (n, c, *lift, *x.shape[1:-1])
    moved = np.moveaxis(x, -1, 1)
    if moved.flags.c_contiguous or not x.flags.c_contiguous:  # a view, or NumPy's copy along rows
        return np.ascontiguousarray(moved).reshape(shape)
    out = np.empty(shape, dtype=x.dtype)
    _channels_first(x.reshape(n, -1, x.shape[-2], c), out.reshape(n, c, -1, x.shape[-2]))
    return out


def run_direct(
    x: np.ndarray,
    w: np.ndarray,
    tables: tuple[np.ndarray, ...],
    stride: tuple[int, ...],
    c_out: int,
    out_size: tuple[int, ...],
    pool: Any,
    workers: int,
) -> np.ndarray:
    """The transposed convolution of ``x`` by ``w`` (few input channels per group), channels-first.

    Parameters
    ----------
    x : ndarray, (N, *spatial_in, C_in), float32 or float64
        Channels-last input (1-3 spatial axes).
    w : ndarray, (taps, C_in, C_out / groups), the dtype of ``x``
        The kernel's taps in row-major order.
    tables, stride : tuples of three
        :func:`axis_table` of the spatial axes and their strides, lifted to three axes by
        :func:`lifted`.
    c_out : int
        Output channels (``groups * C_out / groups``).
    out_size : tuple of int
        The output's spatial size (1-3 axes).
    pool : executor or None
        Runs blocks of rows on several threads when given (the rows are disjoint, so the result
        does not depend on it).
    workers : int
        The pool's threads.

    Returns
    -------
    ndarray, (N, C_out, *out_size), the dtype of ``x``

    Notes
    -----
    Memory: the result, a channels-first copy of the input when it has more than one channel,
    and one output row per thread.
    """
    n = x.shape[0]
    nd = len(out_size)
    lift = (1,) * (3 - nd)
    x_cf = channels_first(x, lift)
    tz, ty, tx = tables
    w5 = np.ascontiguousarray(w).reshape(tz.shape[0], ty.shape[0], tx.shape[0], *w.shape[-2:])
    out = np.empty((n, c_out, *out_size), dtype=x.dtype)
    o5 = out.reshape(n, c_out, *lift, *out_size)
    loop = _rows if w.shape[-2] * w.shape[-1] == c_out else _rows_channels  # one input channel per group?
    _shared(loop, (x_cf, w5, o5, tz, ty, tx, *stride), n * c_out * o5.shape[2] * o5.shape[3], pool, workers)
    return out


#: A forward convolution runs in :func:`_conv_rows` (from :data:`DIRECT_FROM` multiply-adds)
#: with one output channel per group and up to this many input channels per group (one-channel
#: images, depthwise), ...
CONV_MAX_C_IN = 8
#: ... or with up to this many input and output channels per group each and stride 1 along the
#: last axis. Measured against the window blocks' BLAS products (one thread, 128x128 input,
#: 3x3 stride 1 and 5x5 stride 2 kernels): 0.1-0.9 x their time there; 1.4-13 x with 16 or 32
#: output channels, or 4 output channels and stride 2 (the loop reads every second input).
CONV_SMALL = 4


def conv_limits() -> tuple[int, int, int, int]:
    """The forward convolution's tunables now: ``(DIRECT_FROM, PARALLEL_FROM, CONV_MAX_C_IN,
    CONV_SMALL)`` (tests change them; a cached schedule is keyed by them)."""
    return (DIRECT_FROM, PARALLEL_FROM, CONV_MAX_C_IN, CONV_SMALL)


def conv_eligible(macs: int, c_in_g: int, c_out_g: int, last_stride: int, limits: tuple[int, int, int, int]) -> bool:
    """Whether a forward convolution runs in the compiled loop (:func:`run_conv_direct`) instead
    of the window blocks' BLAS products (``limits``: :func:`conv_limits`): at least ``limits[0]``
    multiply-adds, and one output channel per group with up to ``limits[2]`` input channels per
    group, or up to ``limits[3]`` of each with stride 1 along the last axis. A decision on shapes
    and arguments only, never on the operands' memory layout."""
    if macs < limits[0]:
        return False
    return (c_out_g == 1 and c_in_g <= limits[2]) or (c_in_g <= limits[3] and c_out_g <= limits[3] and last_stride == 1)


@compiled
def _conv_rows(
    x: np.ndarray,
    w: np.ndarray,
    out: np.ndarray,
    offz: np.ndarray,
    offy: np.ndarray,
    offx: np.ndarray,
    sz: int,
    sy: int,
    sx: int,
    row0: int,
    row1: int,
) -> None:  # pragma: no cover - compiled
    """Forward convolution: output rows ``[row0, row1)`` of the flattened ``(N, C_out, OZ, OY)``
    rows of ``out``.

    Parameters
    ----------
    x : ndarray, (N, C_in, Z, Y, X), float32 or float64, C-contiguous
        Channels-first input.
    w : ndarray, (KZ, KY, KX, C_in / groups, C_out), the dtype of ``x``
    out : ndarray, (N, C_out, OZ, OY, OX), the dtype of ``x``, C-contiguous; its rows
        ``[row0, row1)`` are written (every element).
    offz, offy, offx : ndarray of int64, (KZ,), (KY,), (KX,)
        Per tap, ``k*dilation - padding_before``: output ``o`` reads input ``o*stride + offset``
        (zero outside the input).
    sz, sy, sx : int
        The strides.

    Notes
    -----
    Each output element is ``0.0 + term + term ...`` over the taps in row-major order and,
    within a tap, the group's input channels in order (``term = x * w``, each rounded).
    """
    z_n, y_n, x_n = x.shape[2], x.shape[3], x.shape[4]
    kz_n, ky_n, kx_n, c_in_g, c_out = w.shape
    oz_n, oy_n, ox_n = out.shape[2], out.shape[3], out.shape[4]
    c_out_g = c_out // (x.shape[1] // c_in_g)
    # with a stride, the input rows a tap row reads split by phase (input i = j*sx + r at
    # [r, j]), so that every tap reads a contiguous run
    plen = (x_n + sx - 1) // sx
    phases = np.empty((c_in_g, sx, plen), dtype=x.dtype)
    for row in range(row0, row1):
        oy = row % oy_n
        rest = row // oy_n
        oz = rest % oz_n
        rest = rest // oz_n
        co = rest % c_out
        n = rest // c_out
        ci0 = (co // c_out_g) * c_in_g
        orow = out[n, co, oz, oy]
        orow[:] = 0
        for kz in range(kz_n):
            iz = oz * sz + offz[kz]
            if iz < 0 or iz >= z_n:
                continue
            for ky in range(ky_n):
                iy = oy * sy + offy[ky]
                if iy < 0 or iy >= y_n:
                    continue
                if sx > 1:
                    for ci in range(c_in_g):
                        xrow = x[n, ci0 + ci, iz, iy]
                        for r in range(sx):
                            for j in range((x_n - r + sx - 1) // sx):
                                phases[ci, r, j] = xrow[j * sx + r]
                for kx in range(kx_n):
                    off = offx[kx]
                    o0 = max(0, -(off // sx))  # the outputs whose input lies inside it
                    o1 = min(ox_n, (x_n - 1 - off) // sx + 1)
                    if o0 >= o1:
                        continue
                    dst = orow[o0:o1]
                    for ci in range(c_in_g):
                        wv = w[kz, ky, kx, ci, co]
                        if sx == 1:
                            src = x[n, ci0 + ci, iz, iy, o0 + off : o1 + off]
                        else:  # input o*sx + off: phase off % sx, position o + off // sx
                            q = off // sx
                            src = phases[ci, off - q * sx, o0 + q : o1 + q]
                        for j in range(o1 - o0):
                            dst[j] = dst[j] + src[j] * wv


#: Depthwise forward convolutions (one input and one output channel per group) with at least
#: this many channels run channels-last (:func:`_depthwise_rows`, vectorised over the channels)
#: instead of along the rows of each channel (short rows: 8x64x64x32, 3x3 kernel, 2.9 ms).
DEPTHWISE_FROM = 8


@compiled
def _depthwise_rows(
    x: np.ndarray,
    w: np.ndarray,
    out: np.ndarray,
    offz: np.ndarray,
    offy: np.ndarray,
    offx: np.ndarray,
    sz: int,
    sy: int,
    sx: int,
    row0: int,
    row1: int,
) -> None:  # pragma: no cover - compiled
    """Depthwise forward convolution, channels-last: output rows ``[row0, row1)`` of the
    flattened ``(N, OZ, OY)`` rows of ``out``.

    Parameters
    ----------
    x : ndarray, (N, Z, Y, X, C), float32 or float64, C-contiguous
    w : ndarray, (KZ, KY, KX, C), the dtype of ``x``
    out : ndarray, (N, OZ, OY, OX, C), the dtype of ``x``, C-contiguous; its rows are written.
    offz, offy, offx, sz, sy, sx
        As :func:`_conv_rows` takes them.

    Notes
    -----
    The same sums in the same order as :func:`_conv_rows` with one channel per group
    (``0.0 + x*w + ...`` over the taps in row-major order): the same bits.
    """
    z_n, y_n, x_n, channels = x.shape[1], x.shape[2], x.shape[3], x.shape[4]
    kz_n, ky_n, kx_n = w.shape[0], w.shape[1], w.shape[2]
    oz_n, oy_n, ox_n = out.shape[1], out.shape[2], out.shape[3]
    for row in range(row0, row1):
        oy = row % oy_n
        rest = row // oy_n
        oz = rest % oz_n
        n = rest // oz_n
        orow = out[n, oz, oy]
        orow[:, :] = 0
        for kz in range(kz_n):
            iz = oz * sz + offz[kz]
            if iz < 0 or iz >= z_n:
                continue
            for ky in range(ky_n):
                iy = oy * sy + offy[ky]
                if iy < 0 or iy >= y_n:
                    continue
                xrows = x[n, iz, iy]
                for kx in range(kx_n):
                    off = offx[kx]
                    o0 = max(0, -(off // sx))
                    o1 = min(ox_n, (x_n - 1 - off) // sx + 1)
                    wk = w[kz, ky, kx]
                    for o in range(o0, o1):
                        src = xrows[o * sx + off]
                        dst = orow[o]
                        for c in range(channels):
                            dst[c] = dst[c] + src[c] * wk[c]


def run_conv_direct(
    x: np.ndarray,
    w: np.ndarray,
    offsets: tuple[np.ndarray, ...],
    stride: tuple[int, ...],
    out_size: tuple[int, ...],
    pool: Any,
    workers: int,
) -> np.ndarray:
    """The forward convolution (cross-correlation) of ``x`` by ``w``.

    Parameters
    ----------
    x : ndarray, (N, *spatial_in, C_in), float32 or float64
        Channels-last input (1-3 spatial axes).
    w : ndarray, (taps, C_in / groups, C_out), the dtype of ``x``
        The kernel's taps in row-major order.
    offsets, stride : tuples of three
        Per lifted axis (:func:`lifted_offsets`), each tap's ``k*dilation - padding_before``
        (int64 arrays) and the stride.
    out_size : tuple of int
        The output's spatial size (1-3 axes).
    pool : executor or None
        Runs blocks of rows on several threads when given (the rows are disjoint, so the result
        does not depend on it).
    workers : int
        The pool's threads.

    Returns
    -------
    ndarray, (N, *out_size, C_out), the dtype of ``x``
        Channels-last, a view of an ``(N, C_out, *out_size)`` array except for depthwise
        convolutions of at least :data:`DEPTHWISE_FROM` channels.

    Notes
    -----
    Memory: the result and a channels-first copy of the input when it has more than one channel
    (a C-contiguous copy of a depthwise convolution's input, when it is not).
    """
    n, c_in = x.shape[0], x.shape[-1]
    c_out = w.shape[-1]
    nd = len(out_size)
    lift = (1,) * (3 - nd)
    oz, oy, ox = offsets
    kernel = (oz.shape[0], oy.shape[0], ox.shape[0])
    if w.shape[-2] == 1 and c_out == c_in >= DEPTHWISE_FROM:
        x5 = np.ascontiguousarray(x).reshape(n, *lift, *x.shape[1:])
        w4 = np.ascontiguousarray(w).reshape(*kernel, c_out)
        res = np.empty((n, *out_size, c_out), dtype=x.dtype)
        r5 = res.reshape(n, *lift, *out_size, c_out)
        _shared(_depthwise_rows, (x5, w4, r5, oz, oy, ox, *stride), n * r5.shape[1] * r5.shape[2], pool, workers)
        return res
    x_cf = channels_first(x, lift)
    w5 = np.ascontiguousarray(w).reshape(*kernel, *w.shape[-2:])
    out = np.empty((n, c_out, *out_size), dtype=x.dtype)
    o5 = out.reshape(n, c_out, *lift, *out_size)
    _shared(_conv_rows, (x_cf, w5, o5, oz, oy, ox, *stride), n * c_out * o5.shape[2] * o5.shape[3], pool, workers)
    return np.moveaxis(out, 1, -1)


def _shared(loop: Any, args: tuple[Any, ...], rows: int, pool: Any, workers: int) -> None:
    """``loop(*args, row0, row1)`` over ``rows`` rows: on the pool's threads in ``4 x workers``
    blocks when there is a pool, else at once."""
    if pool is None or workers < 2 or rows < 2:
        loop(*args, 0, rows)
        return
    parts = min(rows, 4 * workers)
    bounds = [(i * rows // parts, (i + 1) * rows // parts) for i in range(parts)]
    list(pool.map(lambda b: loop(*args, *b), bounds))


def lifted_offsets(
    kernel: tuple[int, ...], dilation: tuple[int, ...], padding: tuple[tuple[int, int], ...], stride: tuple[int, ...]
) -> tuple[tuple[np.ndarray, ...], tuple[int, ...]]:
    """Per spatial axis, each tap's input offset ``k*dilation - padding_before`` (int64), and
    the strides, lifted to three axes (a leading axis: one tap at offset 0, stride 1)."""
    offs = [
        np.arange(k, dtype=np.int64) * d - before for k, d, (before, _) in zip(kernel, dilation, padding, strict=True)
    ]
    pad = 3 - len(offs)
    return (*([np.zeros(1, dtype=np.int64)] * pad), *offs), (*([1] * pad), *stride)


def lifted(tables: list[np.ndarray], stride: tuple[int, ...]) -> tuple[tuple[np.ndarray, ...], tuple[int, ...]]:
    """``tables`` and ``stride`` of 1-3 axes as three (a leading axis: one tap, stride 1)."""
    one = np.array([[0, 0, 0, 1, 1]], dtype=np.int64)
    pad = 3 - len(tables)
    return (*([one] * pad), *tables), (*([1] * pad), *stride)
