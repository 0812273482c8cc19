"""Octave's ``conv(a, b, shape)`` and ``conv2`` (``conv2(A, B, shape)``, ``conv2(v1, v2, M, shape)``).

GNU Octave 7.3: ``conv.m`` calls ``conv2(a(:), b(:), shape)`` and transposes the column it
gets when the result should be a row; ``conv2`` (``libinterp/corefcn/conv2.cc``,
``liboctave/numeric/oct-convn.cc``) computes the full convolution and, for ``"same"``, keeps
the rows ``floor(mb/2) + (1:ma)`` and the columns ``floor(nb/2) + (1:na)``. NumPy's
``np.convolve(a, b, "same")`` and SciPy's ``convolve``/``convolve2d`` with ``mode="same"``
start at ``floor((mb-1)/2)`` instead: one element earlier for an even-length kernel.

The kernel sums the products of overlapping elements only (no zero padding is multiplied, so
``Inf`` in the kernel does not spread NaN beyond the overlap, as in Octave), one kernel tap
at a time: a Python loop over the taps of the smaller operand, a vectorised slice-add per tap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocation
from arraylens.core.text import count
from arraylens.frontends.octave._arrays import (
    as_octave_array,
    fmt_shape,
    fmt_value,
    octave_ref,
    quiet,
    resolve_index,
    scalar,
)
from arraylens.frontends.octave._explain import OctaveExplanation, OctaveTerm, products_line, section
from arraylens.frontends.octave.numpy_calls import Given, given, prepared

SHAPES = ("full", "same", "valid")
FLOAT64: np.dtype[Any] = np.dtype(np.float64)


def result_dtype(*arrays: np.ndarray) -> np.dtype[Any]:
    """Octave's class of a convolution or filter of these (already read) arrays: single when
    any is single, complex when any is complex (integer and logical classes count as double)."""
    single = any(x.dtype in (np.float32, np.complex64) for x in arrays)
    complex_ = any(x.dtype.kind == "c" for x in arrays)
    if complex_:
        return np.dtype(np.complex64 if single else np.complex128)
    return np.dtype(np.float32 if single else np.float64)


def real_of(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The real dtype of the same precision."""
    return np.dtype(np.float32 if dtype in (np.float32, np.complex64) else np.float64)


def full_convolution(slide: np.ndarray, taps: np.ndarray, dtype: np.dtype[Any], skip: str) -> np.ndarray:
    """The full 2-D convolution of ``slide`` and ``taps``: one slice-add per tap of ``taps``
    (in column-major order), ``out[p:p+m, q:q+n] += slide * taps[p, q]``.

    Only overlapping elements are multiplied, and the products with a zero element of Octave's
    second operand ``B`` are skipped, as Octave's ``conv2`` does (it adds ``b(i,j) * a`` with a
    BLAS ``axpy``, which returns at once for ``b(i,j) == 0``: ``Inf * 0`` makes no NaN there).
    ``skip`` names the operand that is ``B``: ``"taps"`` or ``"slide"``. The order of the
    additions into an element is the order of the taps, so a window of ``slide`` gives
    bit-identical elements.
    """
    m, n = slide.shape
    out = np.zeros((m + taps.shape[0] - 1, n + taps.shape[1] - 1), dtype)
    zero = slide == 0 if skip == "slide" else None
    for q in range(taps.shape[1]):
        for p in range(taps.shape[0]):
            w = taps[p, q]
            if zero is None:
                if w != 0:
                    out[p : p + m, q : q + n] += slide * w
            else:
                contribution = slide * w
                contribution[zero] = 0
                out[p : p + m, q : q + n] += contribution
    return out


def crop_start(shape: str, kernel: int) -> int:
    """First index of the full result kept by ``shape`` (kernel length ``kernel``)."""
    return {"full": 0, "same": kernel // 2, "valid": kernel - 1}[shape]


def crop_size(shape: str, data: int, kernel: int) -> int:
    """Size of the result along one axis (data length ``data``, kernel length ``kernel``)."""
    if shape == "full":
        return data + kernel - 1
    if shape == "same":
        return data
    return max(data - kernel + 1, 0)


@dataclass(frozen=True)
class ConvPlan:
    """``conv2(a, b, shape)`` on 2-D operands; ``conv`` is this on columns, maybe transposed."""

    fname: str
    a: np.ndarray  # the data, cast to the result dtype
    b: np.ndarray  # the kernel (conv2.cc: B; the separable form: v1(:) * v2(:).'), result dtype
    shape: str
    transpose: bool  # conv: the column result is returned as a row
    sources: tuple[tuple[str, Given], ...]  # the caller's arguments (name, Given) for numpy_call
    separable: bool = False  # conv2(v1, v2, M): b is v1(:) * v2(:).'
    drop_imag: bool = False  # conv2(v1, v2, M) with complex v1, real v2 and M: real(v1) is used
    v_dtype: np.dtype[Any] = FLOAT64  # conv2(v1, v2, M): the class v1, v2 are read in

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.a.dtype

    @property
    def empty(self) -> bool:
        return self.a.size == 0 or self.b.size == 0

    @property
    def loop_b(self) -> bool:
        """Loop over the taps of b (else of a): the operand with fewer elements."""
        return self.b.size <= self.a.size

    @property
    def column_shape(self) -> tuple[int, int]:
        """The result's shape before ``conv``'s transpose."""
        if self.empty:
            return (0, 0)
        return tuple(  # type: ignore[return-value]
            crop_size(self.shape, da, db) for da, db in zip(self.a.shape, self.b.shape, strict=True)
        )

    @property
    def out_shape(self) -> tuple[int, int]:
        r, c = self.column_shape
        return (c, r) if self.transpose else (r, c)

    def starts(self) -> tuple[int, int]:
        return crop_start(self.shape, self.b.shape[0]), crop_start(self.shape, self.b.shape[1])

    def _full(self, a: np.ndarray) -> np.ndarray:
        if self.loop_b:
            return full_convolution(a, self.b, self.dtype, "taps")
        return full_convolution(self.b, a, self.dtype, "slide")

    @quiet
    def compute(self) -> np.ndarray:
        rows, cols = self.column_shape
        if self.empty:
            return np.zeros((0, 0), self.dtype)
        full_shape = [da + db - 1 for da, db in zip(self.a.shape, self.b.shape, strict=True)]
        check_allocation(full_shape, self.dtype, f"the full result of Octave's {self.fname}")
        r0, c0 = self.starts()
        out = self._full(self.a)[r0 : r0 + rows, c0 : c0 + cols]
        return np.ascontiguousarray(out.T if self.transpose else out)

    # -- explanation -------------------------------------------------------------------------

    @quiet
    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        i, j = (idx[1], idx[0]) if self.transpose else (idx[0], idx[1])
        r0, c0 = self.starts()
        fi, fj = i + r0, j + c0  # the element's index in the full result
        slide, taps = (self.a, self.b) if self.loop_b else (self.b, self.a)
        m, n = slide.shape
        lo_i, hi_i = max(0, fi - taps.shape[0] + 1), min(m - 1, fi)
        lo_j, hi_j = max(0, fj - taps.shape[1] + 1), min(n - 1, fj)
        terms: list[OctaveTerm] = []
        if lo_i <= hi_i and lo_j <= hi_j:
            # the kernel on the window of the sliding operand that meets this element
            win = slide[lo_i : hi_i + 1, lo_j : hi_j + 1]
            skip = "taps" if self.loop_b else "slide"
            value = scalar(full_convolution(win, taps, self.dtype, skip)[fi - lo_i, fj - lo_j])
            for q in range(taps.shape[1]):
                for p in range(taps.shape[0]):
                    si, sj = fi - p, fj - q
                    if 0 <= si < m and 0 <= sj < n:
                        t_idx, s_idx = (p, q), (si, sj)
                        a_idx, b_idx = (s_idx, t_idx) if self.loop_b else (t_idx, s_idx)
                        if self.b[b_idx] == 0:
                            continue  # Octave skips the zero elements of b
                        terms.append(OctaveTerm(a_idx, b_idx, scalar(self.a[a_idx]), scalar(self.b[b_idx])))
        else:
            value = scalar(np.zeros((), self.dtype))
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            terms=terms,
            summary=self._summary(len(terms)),
            sections=(
                section("Element", *self._element_lines(idx, fi, fj, terms, value)),
                section("Rule", *self._rule_lines()),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"full_index": (fi, fj), "shape": self.shape, "terms": len(terms)},
        )

    def _summary(self, n: int) -> str:
        made = "makes" if n == 1 else "make"
        return f"{self.fname}(..., '{self.shape}'): {count(n, 'overlapping product')} {made} this element."

    def _element_lines(self, idx: tuple[int, ...], fi: int, fj: int, terms: list[OctaveTerm], value: Any) -> list[str]:
        out = octave_ref("y", idx)
        if self.fname == "conv":
            k = fi + 1
            lines = [
                f"{out} is element {k} of the full convolution: the sum over i of "
                f"a(i) * b({k}-i+1) for the i where both exist"
            ]
            pairs = ", ".join(f"a({t.input_index[0] + 1})*b({t.weight_index[0] + 1})" for t in terms[:8])
        else:
            lines = [
                f"{out} is element ({fi + 1},{fj + 1}) of the full convolution: the sum of "
                f"A(i,j) * B({fi + 1}-i+1, {fj + 1}-j+1) over the overlapping (i, j)"
            ]
            pairs = ", ".join(f"{octave_ref('A', t.input_index)}*{octave_ref('B', t.weight_index)}" for t in terms[:6])
        more = f", ... ({len(terms)} products)" if len(terms) > (8 if self.fname == "conv" else 6) else ""
        if terms:
            lines.append(f"products: {pairs}{more}")
            lines.append(f"= {products_line(terms)} = {fmt_value(value)}")
        else:
            lines.append(f"no element of the kernel meets the data here: {fmt_value(value)}")
        return lines

    def _rule_lines(self) -> list[str]:
        mb, nb = self.b.shape
        lines: list[str] = []
        if self.shape == "same":
            kernel = mb if self.fname == "conv" else f"{mb}x{nb}"
            lines.append(
                f"'same' keeps the full result from index floor(kernel/2)+1 on (kernel {kernel}: "
                + (
                    f"rows from {self.starts()[0] + 1}, columns from {self.starts()[1] + 1}"
                    if self.fname == "conv2"
                    else f"from element {self.starts()[0] + 1}"
                )
                + "); np.convolve(..., 'same') and scipy's mode='same' start at "
                "floor((kernel-1)/2)+1, one element earlier when the kernel length is even"
            )
        elif self.shape == "valid":
            lines.append(
                "'valid' keeps the elements computed without the zero border: size "
                "max(len(a) - len(b) + 1, 0); np.convolve(..., 'valid') swaps the operands when "
                "b is the longer one and returns len(b) - len(a) + 1 elements instead"
            )
        else:
            lines.append("'full' keeps all len(a) + len(b) - 1 elements")
        if self.fname == "conv":
            lines.append(
                "conv(a, b) is conv2(a(:), b(:), shape); the result is a row when "
                + (
                    "the longer argument (b when the lengths are equal) is a row"
                    if self.shape == "full"
                    else "a is a row"
                )
                + f", here {fmt_shape(self.out_shape)}"
            )
        if self.separable:
            lines.append("conv2(v1, v2, M) convolves M with the kernel v1(:) * v2(:).' (v1 down the columns)")
        if self.drop_imag:
            lines.append("v2 and M are real: Octave's conv2 reads v1 as a real vector, dropping its imaginary part")
        if np.any(self.b == 0):
            lines.append(
                "products with a zero element of b are skipped (Octave adds b(i,j) * a with BLAS "
                "axpy, which skips b(i,j) == 0), so Inf or NaN in a meets no 0 * Inf there"
            )
        return lines

    # -- NumPy -------------------------------------------------------------------------------

    def exact_numpy(self) -> bool:
        """Whether NumPy's/SciPy's convolution multiplies the same pairs as Octave: no zero in
        b meets a non-finite element of a (Octave skips those products; np.convolve and
        scipy's convolve2d do not), and, for convolve2d, b is finite (convolve2d also
        multiplies b with its zero border of a)."""
        meets = bool(np.any(self.b == 0)) and not bool(np.all(np.isfinite(self.a)))
        if self.fname == "conv":
            return not meets
        return not meets and bool(np.all(np.isfinite(self.b)))

    def numpy_call(self) -> str:
        src = dict(self.sources)
        dt = self.dtype
        if self.empty:
            return f"np.zeros((0, 0), dtype=np.{dt.name})"
        rows, cols = self.column_shape
        if self.fname == "conv":
            a = prepared("a", src["a"], (self.a.size,), dt)
            b = prepared("b", src["b"], (self.b.size,), dt)
            start = crop_start(self.shape, self.b.size)
            tail = f".reshape({self.out_shape[0]}, {self.out_shape[1]})"
            if self.exact_numpy():
                cut = f"[{start}:{start + rows}]" if self.shape != "full" else ""
                return f"np.convolve({a}, {b}){cut}{tail}"
            lines = [f"A = {a}.reshape(-1, 1)", f"B = {b}.reshape(-1, 1)"]
            crop = f"[{start}:{start + rows}, 0]"
        else:
            r0, c0 = self.starts()
            crop = f"[{r0}:{r0 + rows}, {c0}:{c0 + cols}]"
            tail = ""
            if self.separable:
                v1 = prepared("a", src["a"], (self.b.shape[0],), None)
                v1 = f"np.asarray({'np.real(' + v1 + ')' if self.drop_imag else v1}, dtype=np.{self.v_dtype.name})"
                v2 = prepared("b", src["b"], (self.b.shape[1],), self.v_dtype)
                if len(src["c"].shape) > 2:
                    m = prepared("c", src["c"], src["c"].shape, dt)
                    m = f"{m}.reshape({self.a.shape[0]}, -1, order='F')"
                else:
                    m = prepared("c", src["c"], self.a.shape, dt)
                kernel = f"np.outer({v1}, {v2})"
                if self.v_dtype != dt:
                    kernel = f"{kernel}.astype(np.{dt.name})"
            else:
                m = prepared("a", src["a"], self.a.shape, dt)
                kernel = prepared("b", src["b"], self.b.shape, dt)
            lines = [f"A = {m}", f"B = {kernel}"]
            if self.exact_numpy():
                return "\n".join(["import scipy.signal", *lines, f"scipy.signal.convolve2d(A, B){crop}"])
        # Octave's own sum over b's taps: zero taps skipped (BLAS axpy with alpha 0 returns)
        return "\n".join(
            [
                *lines,
                f"y = np.zeros((A.shape[0] + B.shape[0] - 1, A.shape[1] + B.shape[1] - 1), dtype=np.{dt.name})",
                "for (p, q), w in np.ndenumerate(B):",
                "    if w != 0:  # Octave's conv2 skips the zero elements of B",
                "        y[p:p + A.shape[0], q:q + A.shape[1]] += A * w",
                f"y{crop}{tail}",
            ]
        )


def _shape_arg(shape: Any, fname: str) -> str:
    """conv2's SHAPE: exactly "full", "same" or "valid" (case-sensitive, as conv2.cc compares)."""
    if not isinstance(shape, str) or shape not in SHAPES:
        raise ArgumentError(f"{fname}: SHAPE type not valid (one of 'full', 'same', 'valid'), got {shape!r}")
    return shape


def _operands(data: np.ndarray, kernel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Octave's conversions: both to the result's class (conv2.cc's complex-by-real path
    makes each real kernel element complex for BLAS zaxpy: a full complex product)."""
    dt = result_dtype(data, kernel)
    return data.astype(dt), kernel.astype(dt)


def _is_vector(x: np.ndarray) -> bool:
    return x.ndim == 2 and 1 in x.shape


@frontend("octave.conv")
def conv(a: Any, b: Any = None, shape: Any = None) -> ConvPlan:
    """Octave's ``conv(a, b, shape)``: the convolution of two vectors.

    Parameters
    ----------
    a, b : array_like, vectors (1xN rows, Nx1 columns; a 1-d array is a row), real or complex
        Integer and logical classes are read as double; single when either is single.
    shape : {"full", "same", "valid"}
        ``"same"`` keeps ``length(a)`` elements from index ``floor(length(b)/2) + 1`` of the
        full result; ``"valid"`` keeps ``max(length(a) - length(b) + 1, 0)``. Octave's
        ``conv`` compares case-insensitively, then calls ``conv2``, which is case-sensitive:
        ``"Same"`` is refused there ("conv2: SHAPE type not valid").

    Returns
    -------
    ndarray
        A row when (``"full"``) the longer input is a row (``b`` when the lengths are equal),
        or (``"same"``/``"valid"``) when ``a`` is a row; else a column. An empty input gives a
        0x0 result. float64/complex128, float32/complex64 for single.

    Raises
    ------
    ValueError
        "Invalid call to conv" (no ``b``), "conv: both arguments A and B must be vectors",
        'conv: SHAPE argument must be "full", "same", or "valid"', "conv2: SHAPE type not valid".

    Notes
    -----
    GNU Octave 7.3 ``conv.m`` and ``conv2``, proven against ``octave-cli`` in the tests.
    """
    if b is None:
        raise ArgumentError("Invalid call to conv: conv(a, b) or conv(a, b, shape)")
    av = as_octave_array(a, "conv", "A", allow_empty=True)
    bv = as_octave_array(b, "conv", "B", allow_empty=True)
    if not (_is_vector(av) and _is_vector(bv)):
        raise ArgumentError(
            f"conv: both arguments A and B must be vectors (got {fmt_shape(av.shape)} and {fmt_shape(bv.shape)})"
        )
    shape = "full" if shape is None else shape
    if not isinstance(shape, str) or shape.lower() not in SHAPES:
        raise ArgumentError(f'conv: SHAPE argument must be "full", "same", or "valid", got {shape!r}')
    shape = _shape_arg(shape, "conv2")
    la, lb = av.size, bv.size
    a_row, b_row = av.shape[0] == 1, bv.shape[0] == 1
    if shape == "full":
        row = (la > lb and a_row) or (la <= lb and b_row)
    else:
        row = a_row
    data, kernel = _operands(av.reshape(-1, 1), bv.reshape(-1, 1))
    return ConvPlan("conv", data, kernel, shape, row, (("a", given(a)), ("b", given(b))))


@frontend("octave.conv2")
def conv2(a: Any, b: Any = None, c: Any = None, shape: Any = None) -> ConvPlan:
    """Octave's ``conv2(A, B, shape)`` and the separable ``conv2(v1, v2, M, shape)``.

    Parameters
    ----------
    a, b : array_like
        ``conv2(A, B)``: 2-D arrays (a 1-d array is a row), real or complex; integer and
        logical classes are read as double, single when either is single. ``conv2(v1, v2,
        M)``: two vectors; ``M`` is convolved with the kernel ``v1(:) * v2(:).'`` (``v1`` runs
        down the columns, ``v2`` along the rows), as Octave computes it.
    c : array_like or str, optional
        ``M`` of the separable form, or the shape (``conv2(A, B, "same")``).
    shape : {"full", "same", "valid"}, default "full"
        Case-sensitive. ``"same"`` keeps the rows ``floor(mb/2) + (1:ma)`` and the columns
        ``floor(nb/2) + (1:na)`` of the full result; ``"valid"`` keeps
        ``max(ma - mb + 1, 0)`` by ``max(na - nb + 1, 0)``.

    Returns
    -------
    ndarray
        2-D; 0x0 when an operand is empty (Octave's convn returns an empty matrix then).

    Raises
    ------
    ValueError
        "Invalid call to conv2", "conv2: A and B must be 1-D vectors or 2-D matrices",
        "conv2: SHAPE type not valid", "conv2: arguments must be vectors for separable option".

    Notes
    -----
    GNU Octave 7.3 ``conv2`` (conv2.cc, oct-convn.cc), proven against ``octave-cli``.
    """
    if b is None:
        raise ArgumentError("Invalid call to conv2: conv2(A, B), conv2(v1, v2, M) or conv2(..., shape)")
    if isinstance(c, str) and shape is None:
        c, shape = None, c
    shape = _shape_arg("full" if shape is None else shape, "conv2")
    av = as_octave_array(a, "conv2", "A", allow_empty=True)
    bv = as_octave_array(b, "conv2", "B", allow_empty=True)
    if av.ndim > 2 or bv.ndim > 2:
        raise ArgumentError(
            f"conv2: A and B must be 1-D vectors or 2-D matrices (got {fmt_shape(av.shape)} and {fmt_shape(bv.shape)})"
        )
    sources = (("a", given(a)), ("b", given(b)))
    if c is None:
        data, kernel = _operands(av, bv)
        return ConvPlan("conv2", data, kernel, shape, False, sources)
    m = as_octave_array(c, "conv2", "M", allow_empty=True)
    if not (_is_vector(av) and _is_vector(bv)):
        raise ArgumentError(
            f"conv2: arguments must be vectors for separable option (got {fmt_shape(av.shape)} "
            f"and {fmt_shape(bv.shape)})"
        )
    # conv2.cc reads M with matrix_value: an N-d M becomes rows x (the rest), column-major
    m = m.reshape(m.shape[0], -1, order="F") if m.ndim > 2 else m
    dt = result_dtype(av, bv, m)
    drop_imag = dt.kind == "c" and bv.dtype.kind != "c" and m.dtype.kind != "c"
    # conv2.cc: when v2 and M are real, v1 is read with vector_value, which keeps only the
    # real part of a complex v1 (M is made complex); otherwise all three are of the result's
    # class. The kernel is the product v1(:) * v2(:).'.
    vdt = real_of(dt) if drop_imag else dt
    v1 = (av.real if drop_imag else av).reshape(-1).astype(vdt)
    v2 = bv.reshape(-1).astype(vdt)
    # the kernel is formed outright (Octave convolves by columns, then rows): size it first
    check_allocation((v1.size, v2.size), dt, "conv2's separable kernel v1(:) * v2(:).'")
    return ConvPlan(
        "conv2",
        m.astype(dt),
        np.outer(v1, v2).astype(dt),
        shape,
        False,
        (*sources, ("c", given(c))),
        separable=True,
        drop_imag=drop_imag,
        v_dtype=vdt,
    )
