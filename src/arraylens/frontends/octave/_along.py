"""An array and the dimension an Octave function works along (``sum``, ``max``, ``sort``, ...).

Octave's functions that work along one dimension take a 1-based ``dim`` and default to the
first non-singleton dimension; :func:`along` reads both, and :class:`Along` carries the array,
the axis and why that axis, for the computation, the explanation and the NumPy snippet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.frontends.octave._arrays import (
    as_octave_array,
    first_non_singleton,
    fmt_shape,
    parse_dim,
    with_axis,
)
from arraylens.frontends.octave.numpy_calls import Given, given, prepared


@dataclass(frozen=True)
class Along:
    """An array and the dimension an operation works along, with why that one."""

    fname: str
    x: np.ndarray  # Octave's shape, extended with singletons so that ``axis`` exists
    given_shape: Given
    octave_in_shape: tuple[int, ...]
    axis: int
    dim_given: bool

    def reason(self) -> str:
        d = self.axis + 1
        shape = fmt_shape(self.octave_in_shape)
        if self.dim_given:
            if self.axis >= len(self.octave_in_shape):
                return (
                    f"dimension {d}, as given by dim={d} (a singleton dimension of the "
                    f"{shape} input)"
                )
            return f"dimension {d}, as given by dim={d}"
        if self.x.shape[self.axis] == 1:
            return f"dimension {d}: every dimension of the {shape} input is a singleton"
        return f"dimension {d}, the first non-singleton dimension of the {shape} input"

    def numpy_axis(self) -> str:
        return (
            f"NumPy axis={self.axis}; NumPy's own default is axis=None (all elements) for "
            f"sum/mean/cumsum"
        )

    def source(self) -> str:
        """``x`` as NumPy code, in the shape the NumPy call works on."""
        return prepared("x", self.given_shape, self.x.shape, self.x.dtype)

    def named_source(self) -> tuple[str, list[str]]:
        """The name a generated NumPy snippet uses for the input, and the line that binds it
        (``xo = ...``) when the input is not plain ``x``."""
        src = self.source()
        return ("x", []) if src == "x" else ("xo", [f"xo = {src}"])

    def gather(self, i: np.ndarray, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The elements at positions ``i`` along the axis and Octave's 1-based indices,
        both reshaped to ``shape``."""
        values = np.take_along_axis(self.x, i, axis=self.axis)
        return values.reshape(shape), (i + 1).reshape(shape)

    def slice_indices(self, index: Sequence[int], upto: int | None = None) -> list[tuple[int, ...]]:
        n = self.x.shape[self.axis] if upto is None else upto
        return [
            tuple(j if a == self.axis else int(i) for a, i in enumerate(index)) for j in range(n)
        ]


def along(
    fname: str, x: Any, dim: Any, allow_empty: bool = False, keep_class: bool = False
) -> Along:
    """Read ``x`` and ``dim`` (1-based, default the first non-singleton dimension);
    ``keep_class`` keeps Octave's integer and logical classes (see ``as_octave_array``)."""
    source = given(x)
    arr = as_octave_array(x, fname, allow_empty=allow_empty, keep_class=keep_class)
    if dim is None:
        axis, dim_given = first_non_singleton(arr.shape), False
    else:
        axis, dim_given = parse_dim(dim, fname), True
    return Along(fname, with_axis(arr, axis), source, arr.shape, axis, dim_given)


def reduced_shape(a: Along) -> tuple[int, ...]:
    shape = list(a.x.shape)
    shape[a.axis] = 1
    return tuple(shape)
