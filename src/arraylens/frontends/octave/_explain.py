"""Explanations whose values may be complex (Octave's complex arrays, FFT spectra).

:class:`OctaveExplanation` is an :class:`arraylens.core.explanation.Explanation` whose ``value``,
``expected`` and term values may be complex; ``recomputed``, ``check`` and the readable account
handle both kinds. Real-valued explanations behave exactly like the base class.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from arraylens.core.explanation import Explanation, Section, exact_sum
from arraylens.frontends.octave._arrays import fmt_value


@dataclass(frozen=True)
class OctaveTerm:
    """One product ``input_value * weight_value`` of a sum; either factor may be complex.

    ``input_index`` is the input element's NumPy (0-based) index; ``weight_index`` names the
    weight's position where it has one (a DFT twiddle's ``(j, k)``), else ``()``.
    """

    input_index: tuple[int, ...]
    weight_index: tuple[int, ...]
    input_value: complex | float
    weight_value: complex | float

    @property
    def product(self) -> complex | float:
        """The product; a real factor scales both parts (as NumPy does), so that
        ``(inf+0j) * 1.0`` is ``inf+0j``, not Python's ``inf+nanj``."""
        a, w = self.input_value, self.weight_value
        if isinstance(a, complex) and not isinstance(w, complex):
            return complex(a.real * w, a.imag * w)
        if isinstance(w, complex) and not isinstance(a, complex):
            return complex(a * w.real, a * w.imag)
        return a * w


@dataclass(frozen=True, repr=False)
class OctaveExplanation(Explanation):
    """An explanation of one element of an :mod:`arraylens.octave` result (real or complex)."""

    value: complex | float  # type: ignore[assignment]
    terms: Sequence[OctaveTerm] = ()  # type: ignore[assignment]
    expected: complex | float | None = None  # type: ignore[assignment]

    def recomputed(self) -> complex | float:  # type: ignore[override]
        """Sum of the term products plus ``offset`` (or ``expected`` when there are no terms)."""
        if self.terms or self.expected is None:
            products = [complex(t.product) for t in self.terms]
            real = exact_sum(p.real for p in products) + self.offset
            imag = exact_sum(p.imag for p in products)
            if any(isinstance(t.product, complex) for t in self.terms):
                return complex(real, imag)
            return real
        return self.expected

    def check(self, rtol: float | None = None, atol: float | None = None) -> bool:
        """True when the explanation recomputes ``value`` (NaN matches NaN, complex or real);
        tolerances default to ``rtol=1e-5``, ``atol=1e-6``."""
        rtol = 1e-5 if rtol is None else rtol
        atol = 1e-6 if atol is None else atol
        rebuilt = complex(self.recomputed())
        value = complex(self.value)
        if cmath.isnan(value) or cmath.isnan(rebuilt):
            return cmath.isnan(value) and cmath.isnan(rebuilt)
        if cmath.isinf(value) or cmath.isinf(rebuilt):
            return value == rebuilt
        scale = math.fsum(abs(t.product) for t in self.terms) + abs(self.offset)
        scale = max(scale, abs(rebuilt))
        return abs(value - rebuilt) <= atol + rtol * scale

    def format_value(self, value: Any) -> str:
        """Octave's way of writing a real or complex number."""
        return fmt_value(value)


def section(title: str, *lines: str) -> Section:
    """A :class:`Section` from its lines."""
    return Section(title, tuple(lines))


def products_line(terms: Sequence[OctaveTerm], limit: int = 6) -> str:
    """``(a)(b) + (c)(d) + ...`` for the first ``limit`` terms."""
    shown = " + ".join(
        f"({fmt_value(t.input_value)})({fmt_value(t.weight_value)})" for t in terms[:limit]
    )
    return shown + (f" + ... ({len(terms)} terms)" if len(terms) > limit else "")
