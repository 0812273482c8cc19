"""The plan of a resize: the input, the canonical :class:`ResizeSpec`, the result's dtype and the
library's name of the method. Front-ends check the library's rules and build it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from arraylens.core.explanation import Explanation, Section
from arraylens.core.frontend import check_index
from arraylens.core.limits import check_allocations
from arraylens.ops.resize.explain import explain_resize
from arraylens.ops.resize.kernel import peak_parts, resize, value_at
from arraylens.ops.resize.spec import ResizeSpec

__all__ = ["ResizePlan"]


class ResizePlan:
    """A resize translated.

    Parameters
    ----------
    op : str
        The library call, e.g. ``"torch.nn.functional.interpolate"``.
    x : ndarray
        The input in the caller's layout (``spec.axes`` are its resized axes).
    spec : ResizeSpec
    out_dtype : dtype
        The result's dtype (TensorFlow: float32 for every method but nearest).
    compute_dtype : dtype, optional
        The arithmetic's dtype (default: ``x``'s for floats, float64 otherwise).
    label : str
        The library's name of the method, for the account.
    axis_names : dict, optional
        Names of the resized axes (``{2: "H", 3: "W"}``).
    finish : callable, optional
        ``finish(result) -> result``: the library's conversion of the computed values to
        ``out_dtype`` (rounding and saturation for integer results); default: ``astype``.
    notes : sequence of str
        Library-specific remarks added to the explanation's rules.
    """

    def __init__(
        self,
        op: str,
        x: np.ndarray,
        spec: ResizeSpec,
        out_dtype: Any,
        compute_dtype: Any = None,
        label: str = "",
        axis_names: dict[int, str] | None = None,
        finish: Callable[[np.ndarray], np.ndarray] | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        self.op = op
        self.x = x
        self.spec = spec
        self.out_dtype = np.dtype(out_dtype)
        self.compute_dtype = None if compute_dtype is None else np.dtype(compute_dtype)
        self.label = label
        self.axis_names = axis_names or {}
        self.finish = finish
        self.notes = tuple(notes)
        self._peak: list[Any] = []  # the arrays at the peak of :meth:`compute` (the input's shape is fixed)

    def for_input(self, x: np.ndarray) -> ResizePlan:
        """The same plan on the input ``x`` (of the same shape and dtype as this plan's): what a
        front-end that keeps its checked plans by shape and arguments returns for a new call."""
        plan = object.__new__(type(self))  # a subclass keeps its own explain
        plan.__dict__.update(self.__dict__)
        plan.x = x
        return plan

    def output_shape(self) -> tuple[int, ...]:
        """The input's shape with each resized axis at its output size."""
        return self.spec.output_shape(self.x.shape)

    def result_type(self) -> tuple[tuple[int, ...], np.dtype[Any]]:
        """The result's shape and dtype, without computing it."""
        return self.output_shape(), self.out_dtype

    def compute(self) -> np.ndarray:
        """The resized array (``out_dtype``).

        Raises
        ------
        MemoryError (ResourceError)
            If the result, the pass buffers and the tap tables (:func:`.kernel.peak_parts`) exceed
            the memory limit; checked before allocating anything of their size.
        """
        kept = self.__dict__.setdefault("_peak", [])  # shared with the copies made by :meth:`for_input`
        if not kept:
            kept.append([("the result", self.output_shape(), self.out_dtype), *peak_parts(self.x.shape, self.spec)])
        check_allocations(kept[0], self.op)
        out = resize(self.x, self.spec, self.compute_dtype)
        if self.finish is not None:
            return self.finish(out)
        return out.astype(self.out_dtype, copy=False)

    def _finish_one(self, value: Any) -> Any:
        if self.finish is None:
            return None
        return self.finish(np.asarray(value).reshape((1,) * max(len(self.x.shape), 1))).reshape(())[()]

    def explain(self, at: Sequence[int]) -> Explanation:
        """Where output element ``at`` comes from: coordinates, taps, weights, terms, and the same
        pixel under the other libraries' defaults."""
        index = check_index(at, self.output_shape())
        value = None
        if self.finish is not None:
            computed, _ = value_at(self.x, self.spec, index, self.compute_dtype)
            value = self._finish_one(computed)
        e = explain_resize(
            self.op, self.x, self.spec, index, self.out_dtype, self.compute_dtype, self.label, self.axis_names, value
        )
        if self.notes:
            e = replace(e, sections=(*e.sections, Section("Notes", self.notes)))
        return e
