"""Integer results of the image-library resizes: the float result rounded half to even and saturated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from arraylens.core.explanation import Explanation, Section
from arraylens.core.frontend import check_index
from arraylens.ops.resize.fixed_point import saturate_cast
from arraylens.ops.resize.kernel import value_at
from arraylens.ops.resize.plan import ResizePlan

__all__ = ["SaturatingResizePlan"]


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
        converted = int(saturate_cast(computed, dtype))
        if converted != e.value:
            return e  # not a rounding or saturation: leave the inconsistency visible
        lines = (f"the kernel's {np.asarray(computed).dtype.name} value {float(computed)!r} (the exact sum of the "
                 f"terms is {float(e.recomputed())!r}) rounds half to even and saturates to {dtype.name}: "
                 f"{converted}", *(str(t) for t in e.terms))
        return replace(e, terms=(), offset=0.0, expected=converted,
                       sections=(*e.sections, Section("Rounding and saturation", lines)))
