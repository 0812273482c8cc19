"""Plain-data explanations of one output element.

An :class:`Explanation` is built by a front-end's ``explain`` method from the same arguments as
the call it explains. It holds the output index and value in the caller's layout, the
:class:`Term` products that sum to that value (for sum-of-products operations such as
convolutions), and titled text sections (the equivalent views, the rules that applied).
Rendering to the terminal, figures and HTML reads this data; nothing here draws.
"""

from __future__ import annotations

import cmath
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arraylens.core.files import atomic_write
from arraylens.core.text import format_ref, format_scalar

__all__ = ["Explanation", "Section", "Term", "exact_sum"]


@dataclass(frozen=True)
class Term:
    """One product that contributes to an output element.

    Attributes
    ----------
    input_index : tuple of int
        Index of the input element, in the caller's input layout (e.g. NHWC or NCHW).
    weight_index : tuple of int
        Index of the weight (filter/kernel) element, in the caller's weight layout
        (e.g. TensorFlow's ``[*spatial, out_channels, in_channels]`` for a transpose).
    input_value : float
        The input element's value.
    weight_value : float
        The weight element's value.
    """

    input_index: tuple[int, ...]
    weight_index: tuple[int, ...]
    input_value: float
    weight_value: float

    @property
    def product(self) -> float:
        """``input_value * weight_value``."""
        return self.input_value * self.weight_value


@dataclass(frozen=True)
class Section:
    """A titled block of the readable account (one view, one rule)."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True, repr=False)
class Explanation:
    """Where one output element comes from.

    Attributes
    ----------
    op : str
        The framework call explained, e.g. ``"tf.nn.conv2d_transpose"``.
    index : tuple of int
        The output index, in the caller's output layout.
    value : float
        The output element at ``index``, as the operation computes it.
    terms : sequence of Term
        The products that sum (with ``offset``) to ``value``; empty for operations that are
        not sums of products (a maximum, an index lookup).
    offset : float
        A constant added to the sum of the products (a bias), 0.0 if none.
    summary : str
        One sentence that answers the question.
    sections : sequence of Section
        The views and rules, in reading order.
    expected : float or None
        For operations that are not sums of products: the value recomputed independently by
        the explanation (e.g. the winning element read back from the input); ``check`` compares
        it with ``value``.
    details : dict
        Machine-readable facts for renderers: ``details["kind"]`` names the kind of
        explanation (``"conv_transpose"``, ``"conv"``, ...), the rest is that kind's data (e.g.
        a transposed convolution's geometry, which the figures and the page draw).
    """

    op: str
    index: tuple[int, ...]
    value: float
    terms: Sequence[Term] = ()
    offset: float = 0.0
    summary: str = ""
    sections: Sequence[Section] = ()
    expected: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def recomputed(self) -> float:
        """The value rebuilt from the explanation alone.

        Returns the sum of the term products plus ``offset`` when there are terms (or no
        ``expected`` value), otherwise ``expected``.
        """
        if self.terms or self.expected is None:
            return exact_sum(t.product for t in self.terms) + self.offset
        return self.expected

    def result_dtype(self) -> np.dtype[Any]:
        """The dtype the operation computed ``value`` in: ``details["dtype"]`` when the
        explanation records it, else the type of ``value`` itself (float64 for a Python float)."""
        recorded = self.details.get("dtype")
        if recorded is not None:
            try:
                return np.dtype(recorded)
            except TypeError:  # a name NumPy does not know (bfloat16 without ml_dtypes)
                pass
        found = np.asarray(self.value).dtype
        return found if found.kind in "fc" else np.dtype(np.float64)

    def check(self, rtol: float | None = None, atol: float | None = None) -> bool:
        """True when the explanation recomputes ``value`` within the rounding of its dtype.

        With terms, the framework sums the products in its own order and precision, so the
        default tolerance is the classic bound of a floating-point sum: ``|value - recomputed|
        <= (n + 1) * eps * sum(|product|) + tiny``, where ``n`` counts the products (and the
        offset), ``eps`` and ``tiny`` are those of :meth:`result_dtype` (float32: 1.2e-7 and
        1.2e-38). It scales with the terms, so a wrong value is caught at any magnitude. A
        result that overflowed is consistent when the exact sum rounds to the same infinity in
        that dtype, or when the products of that sign alone exceed its largest finite value
        (a partial sum overflowed). Without terms, ``expected`` is compared with ``rtol=1e-5``
        and ``atol=1e-6`` (nothing there gives the scale of the rounding). Explicit ``rtol``
        and ``atol`` replace the defaults: ``|value - recomputed| <= atol + rtol * max(sum(|product|), |recomputed|)``.

        NaN equals NaN here (a NaN output explained as NaN is consistent); complex values are
        compared by the modulus of their difference.
        """
        rebuilt = self.recomputed()
        if cmath.isnan(self.value) or cmath.isnan(rebuilt):
            return cmath.isnan(self.value) and cmath.isnan(rebuilt)
        dtype = self.result_dtype()
        if dtype.kind in "iu" and rtol is None and atol is None and not isinstance(rebuilt, complex):
            # an integer result is the exact sum wrapped modulo 2**bits, as the framework's
            # integer arithmetic gives it (int32: 2**30 * 4 is 0)
            if not math.isfinite(rebuilt):
                return False
            bits = 8 * dtype.itemsize
            wrapped = round(rebuilt) % 2**bits
            if dtype.kind == "i" and wrapped >= 2 ** (bits - 1):
                wrapped -= 2**bits
            return self.value == wrapped
        if self.value == rebuilt:  # exact agreement, including equal infinities
            return True
        info = np.finfo(dtype if dtype.kind in "fc" else np.float64)
        products = [t.product for t in self.terms]
        if rtol is None and atol is None and not isinstance(rebuilt, complex):
            with np.errstate(over="ignore"):
                rounded = float(np.asarray(rebuilt).astype(info.dtype))
            if self.value == rounded:  # e.g. an exact -2e39 is float32's -inf
                return True
            if isinstance(self.value, float | np.floating) and math.isinf(self.value):
                same_sign = [p for p in [*products, self.offset] if p * self.value > 0]
                return abs(_abs_sum(same_sign)) > float(info.max)
        if cmath.isinf(self.value) or cmath.isinf(rebuilt):
            return False
        scale = _abs_sum([*products, self.offset])
        if rtol is None and atol is None and self.terms:
            n = len(self.terms) + (self.offset != 0)
            return abs(self.value - rebuilt) <= float(info.tiny) + (n + 1) * float(info.eps) * scale
        # without terms nothing gives the scale of the rounding (a covariance near 0 carries
        # the rounding of its deviation products): the former fixed tolerances
        rtol = 1e-5 if rtol is None else rtol
        atol = 1e-6 if atol is None else atol
        return abs(self.value - rebuilt) <= atol + rtol * max(scale, abs(rebuilt))

    def to_html(self, path: str | os.PathLike[str]) -> None:
        """Write the interactive, self-contained HTML page of this explanation to ``path``
        (UTF-8; see :func:`arraylens.render.html.write_page`).

        Raises
        ------
        LookupError
            If no page renderer is registered (``import arraylens`` registers them).
        ArgumentError
            If ``path`` is a folder, a device node, a FIFO or a socket, or its folder is missing
            (the page is written atomically: :mod:`arraylens.core.files`).
        OSError
            If the file cannot be written (an older page there is left as it was).
        """
        html = page_renderer(self.details.get("kind"))(self, False)
        with atomic_write(path) as f:
            f.write(html)

    def _repr_html_(self) -> str:
        """Jupyter shows an explanation as its page (embedded): the interactive picture of a
        transposed convolution; for every other kind its sum, its table of products and its
        sections, laid out as a table (never only the headline)."""
        return page_renderer(self.details.get("kind"))(self, True)

    def format_value(self, value: Any) -> str:
        """How the account writes a value (:func:`arraylens.core.text.format_scalar`; Octave's
        explanations write complex values its way)."""
        return format_scalar(value)

    def __repr__(self) -> str:
        """One line: the op, the index, the value and how many terms sum to it."""
        return (
            f"{type(self).__name__}(op={self.op!r}, index={tuple(int(i) for i in self.index)!r}, "
            f"value={self.format_value(self.value)}, terms={len(self.terms)})"
        )

    def __str__(self) -> str:
        head = f"{self.op}: {format_ref('out', self.index)} = {self.format_value(self.value)}"
        parts = [head]
        if self.summary:
            parts.append(self.summary)
        for section in self.sections:
            parts.append("")
            parts.append(f"{section.title}:")
            parts.extend(f"  {line}" for line in section.lines)
        return "\n".join(parts)


PageRenderer = Callable[[Explanation, bool], str]
"""``render(explanation, embedded) -> HTML``: a whole document, or one ``<div>`` when embedded."""

_PAGES: dict[str | None, PageRenderer] = {}


def register_page(kind: str | None, render: PageRenderer) -> None:
    """Register the page renderer of the explanations whose ``details["kind"]`` is ``kind``.

    Renderers register themselves when imported (:mod:`arraylens.render.html` does), so that
    plain data needs no import of them: :meth:`Explanation.to_html` looks the renderer up here.

    Parameters
    ----------
    kind : str or None
        ``details["kind"]``; None registers the fallback used for every kind without its own.
    render : callable
        ``render(explanation, embedded) -> str``.
    """
    _PAGES[kind] = render


def page_renderer(kind: Any) -> PageRenderer:
    """The page renderer registered for ``kind``, else the fallback.

    Raises
    ------
    LookupError
        If neither is registered.
    """
    found = _PAGES.get(kind) if isinstance(kind, str) else None
    if found is None:
        found = _PAGES.get(None)
    if found is None:
        raise LookupError(
            "no HTML page renderer is registered: import arraylens.render.html (import arraylens "
            "does)"
        )
    return found


def exact_sum(values: Iterable[float]) -> float:
    """``math.fsum`` (exactly rounded), with IEEE results where fsum raises: ``inf + -inf`` is
    NaN and an intermediate overflow gives the float sum's infinity."""
    items = list(values)
    try:
        return math.fsum(items)
    except (ValueError, OverflowError):
        return float(sum(items, 0.0))


def _abs_sum(values: Iterable[complex | float]) -> float:
    """``sum(|v|)``, exactly rounded; ``inf`` where it overflows."""
    try:
        return math.fsum(abs(v) for v in values)
    except OverflowError:
        return math.inf
