"""What the resize front-ends share: the CLI parsers of their options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from arraylens.core.explanation import Explanation, Section
from arraylens.core.frontend import check_index
from arraylens.ops.resize.kernel import value_at
from arraylens.ops.resize.plan import ResizePlan

__all__ = ["SaturatingResizePlan", "float_list", "floats", "optional_bool"]


class SaturatingResizePlan(ResizePlan):
    """A resize whose integer result is the float result rounded half to even and saturated
    (OpenCV's saturate_cast, Keras's cast back). Where the exact sum of the terms does not give
    the value (saturation, or a float32 sum at an exact half), the explanation shows the kernel's
    float value and its conversion, and the terms move to a section."""

    def explain(self, at: Sequence[int]) -> Explanation:
        e = super().explain(at)
        dtype = np.dtype(self.out_dtype)
        if dtype.kind not in "iu" or not e.terms or e.check():
            return e
        index = check_index(at, self.output_shape())
        computed, _ = value_at(self.x, self.spec, index, self.compute_dtype)
        info = np.iinfo(dtype)
        converted = int(np.clip(np.rint(computed), info.min, info.max))
        if converted != e.value:
            return e  # not a rounding or saturation: leave the inconsistency visible
        lines = (f"the kernel's {np.asarray(computed).dtype.name} value {float(computed)!r} (the exact sum of the "
                 f"terms is {float(e.recomputed())!r}) rounds half to even and saturates to {dtype.name}: "
                 f"{converted}", *(str(t) for t in e.terms))
        return replace(e, terms=(), offset=0.0, expected=converted,
                       sections=(*e.sections, Section("Rounding and saturation", lines)))


def floats(what: str) -> Callable[[str], float | tuple[float, ...]]:
    """A parser: ``"2"`` -> ``2.0``; ``"1.5,2"`` -> ``(1.5, 2.0)``; ``ValueError`` naming ``what``."""

    def parse(text: str) -> float | tuple[float, ...]:
        parts = [p.strip(" ") for p in text.split(",")]
        try:
            values = tuple(float(p) for p in parts)
        except ValueError:
            raise ValueError(f"{what} must be comma-separated numbers, got {text!r}") from None
        return values[0] if len(values) == 1 else values

    return parse


def float_list(what: str) -> Callable[[str], list[float]]:
    """A parser: ``"1,1,2.5"`` -> ``[1.0, 1.0, 2.5]``; ``ValueError`` naming ``what``."""

    def parse(text: str) -> list[float]:
        value = floats(what)(text)
        return list(value) if isinstance(value, tuple) else [value]

    return parse


def optional_bool(what: str) -> Callable[[str], bool]:
    """A parser of ``true``/``false`` (also ``1``/``0``, ``yes``/``no``)."""

    def parse(text: str) -> bool:
        t = text.strip(" ").lower()
        if t in ("true", "1", "yes"):
            return True
        if t in ("false", "0", "no"):
            return False
        raise ValueError(f"{what} must be true or false, got {text!r}")

    return parse
