"""Octave's ``meshgrid`` and ``ndgrid``: the same grids with the first two dimensions swapped.

``[xx, yy] = meshgrid(x, y)`` is ``numel(y) x numel(x)``: x runs along the columns (NumPy's
``np.meshgrid(x, y)``, ``indexing='xy'``). ``[a, b] = ndgrid(x, y)`` is ``numel(x) x
numel(y)``: x runs down the rows (``np.meshgrid(x, y, indexing='ij')``). Porting one as the
other transposes every grid; with square grids the mistake is silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError
from arraylens.core.frontend import frontend
from arraylens.core.limits import check_allocation
from arraylens.core.text import join_ints
from arraylens.frontends.octave._arrays import (
    NUMPY_MAX_DIMS,
    as_octave_array,
    fmt_shape,
    fmt_value,
    octave_ref,
    octave_shape,
    resolve_index,
    scalar,
)
from arraylens.frontends.octave._explain import OctaveExplanation, section
from arraylens.frontends.octave._nargout import check_nargout, select_outputs


@dataclass(frozen=True)
class GridPlan:
    """Grids of the vectors ``vs``: output k varies along ``axes[k]`` of ``shape``."""

    fname: str
    vs: tuple[np.ndarray, ...]  # the vectors, raveled, classes kept
    axes: tuple[int, ...]  # the output dimension each output's vector runs along
    shape: tuple[int, ...]  # the full grid shape (before Octave's trailing-singleton rule)
    nargout: int
    names: tuple[str, ...]  # the Python names of the vectors, for numpy_call
    narrowed: tuple[bool, ...] = ()  # complex with zero imaginary parts, read as real

    @property
    def out_shape(self) -> tuple[int, ...]:
        return octave_shape(self.shape)

    def grid(self, k: int) -> np.ndarray:
        v, axis = self.vs[k], self.axes[k]
        view = v.reshape(tuple(v.size if a == axis else 1 for a in range(len(self.shape))))
        return np.ascontiguousarray(np.broadcast_to(view, self.shape)).reshape(self.out_shape)

    def compute(self) -> Any:
        for k in range(self.nargout):
            check_allocation(self.out_shape, self.vs[k].dtype, f"the result of Octave's {self.fname}")
        return select_outputs([self.grid(k) for k in range(self.nargout)], self.nargout)

    def numpy_call(self) -> str:
        nd = len(self.shape)
        lines = []
        for k in range(self.nargout):
            v, axis = self.vs[k], self.axes[k]
            view = join_ints(v.size if a == axis else 1 for a in range(nd))
            real = ".real" if self.narrowed[k] else ""
            src = f"np.asarray({self.names[k]}){real}.astype(np.{v.dtype.name})"
            lines.append(
                f"g{k + 1} = np.broadcast_to({src}.reshape({view}), ({join_ints(self.shape)}))"
                f".reshape({join_ints(self.out_shape)}).copy()"
            )
        lines.append(", ".join(f"g{k + 1}" for k in range(self.nargout)) if self.nargout > 1 else "g1")
        return "\n".join(lines)

    def explain(self, at: Sequence[int]) -> OctaveExplanation:
        idx = resolve_index(at, self.out_shape)
        full = idx + (0,) * (len(self.shape) - len(idx))
        axis = self.axes[0]
        j = full[axis]
        v = self.vs[0]
        value = scalar(v[j])
        shown = "x" if self.fname == "meshgrid" else "x1"
        source = f"{shown}({j + 1})"
        if self.fname == "meshgrid":
            rule = [
                f"meshgrid's first output is numel(y) x numel(x) ({fmt_shape(self.out_shape)}): "
                "x runs along the COLUMNS (dimension 2), y down the rows",
                "NumPy: np.meshgrid(x, y) (indexing='xy', the default) matches meshgrid; "
                "np.meshgrid(x, y, indexing='ij') is ndgrid, the transpose",
            ]
        else:
            rule = [
                f"ndgrid's k-th output varies along dimension k ({fmt_shape(self.out_shape)}): "
                "the first vector runs DOWN THE ROWS",
                "NumPy: np.meshgrid(x1, x2, ..., indexing='ij') matches ndgrid; NumPy's default "
                "indexing='xy' swaps the first two dimensions (that is meshgrid)",
            ]
        return OctaveExplanation(
            op=f"octave.{self.fname}",
            index=idx,
            value=value,
            expected=scalar(v[j]),
            summary=f"{octave_ref('out1', idx)} of {self.fname}'s first output is "
            f"{source} = {fmt_value(value)}: it varies along dimension {axis + 1}.",
            sections=(
                section(
                    "Element",
                    f"{octave_ref('out1', idx)} = {source} = {fmt_value(value)} (the index along "
                    f"dimension {axis + 1} is {j + 1})",
                ),
                section("Rule", *rule),
                section("NumPy equivalent", *self.numpy_call().splitlines()),
            ),
            details={"axis": axis + 1, "source_index": j},
        )


def _narrowed(*vs: Any) -> tuple[bool, ...]:
    return tuple(bool(np.iscomplexobj(v) and not np.any(np.imag(v))) for v in vs)


def _vector(x: Any, fname: str, message: str, allow_empty: bool) -> np.ndarray:
    arr = as_octave_array(x, fname, allow_empty=True, keep_class=True)
    is_vector = arr.ndim == 2 and 1 in arr.shape
    if not is_vector and not (allow_empty and arr.size == 0):
        raise ArgumentError(f"{message} (got {fmt_shape(arr.shape)})")
    return arr.ravel(order="F")


@frontend("octave.meshgrid")
def meshgrid(x: Any, y: Any = None, z: Any = None, nargout: int = 1) -> GridPlan:
    """Octave's ``[xx, yy, zz] = meshgrid(x, y, z)``.

    Parameters
    ----------
    x, y, z : vectors (``meshgrid(x)`` is ``meshgrid(x, x)``; with three outputs and no
        ``z``, ``z`` is ``y``, as in Octave's meshgrid.m)
    nargout : {1, 2, 3}
        How many grids, as ``[xx, yy] = meshgrid(...)`` asks.

    Returns
    -------
    ndarray or tuple of ndarray
        2-d grids of shape ``(numel(y), numel(x))``, or 3-d ``(numel(y), numel(x),
        numel(z))`` when ``z`` is given or three outputs are asked for. Each grid keeps its
        vector's class.

    Raises
    ------
    ValueError
        Octave's "meshgrid: X and Y must be vectors" / "meshgrid: X, Y, and Z must be
        vectors" (an empty ``[]`` is not a vector); "meshgrid: function called with too many
        outputs".

    Notes
    -----
    GNU Octave 7.3 ``meshgrid.m``, proven against ``octave-cli`` in the tests.
    """
    k = check_nargout("meshgrid", nargout, 3)
    ynames = "y" if y is not None else "x"
    if y is None:
        y = x
    three = z is not None or k == 3
    if three:
        znames = "z" if z is not None else ynames
        z = y if z is None else z
        msg = "meshgrid: X, Y, and Z must be vectors"
        xv, yv, zv = (_vector(v, "meshgrid", msg, False) for v in (x, y, z))
        return GridPlan(
            "meshgrid",
            (xv, yv, zv),
            (1, 0, 2),
            (yv.size, xv.size, zv.size),
            k,
            ("x", ynames, znames),
            _narrowed(x, y, z),
        )
    msg = "meshgrid: X and Y must be vectors"
    xv, yv = (_vector(v, "meshgrid", msg, False) for v in (x, y))
    return GridPlan("meshgrid", (xv, yv), (1, 0), (yv.size, xv.size), k, ("x", ynames), _narrowed(x, y))


@frontend("octave.ndgrid")
def ndgrid(*xs: Any, nargout: int = 1) -> GridPlan:
    """Octave's ``[y1, y2, ..., yn] = ndgrid(x1, x2, ..., xn)``.

    Parameters
    ----------
    *xs : vectors (empty arrays are taken); ``ndgrid(x)`` with ``nargout=K`` uses ``x`` for
        all K dimensions
    nargout : int
        How many grids (at most the number of vectors, unless one vector is given).

    Returns
    -------
    ndarray or tuple of ndarray
        Grid ``k`` varies along dimension ``k``; all have shape ``(numel(x1), ...,
        numel(xn))`` (``ndgrid(x)`` with one output is the column ``x(:)``). Each keeps its
        vector's class.

    Raises
    ------
    ValueError
        Octave's "Invalid call to ndgrid" (no argument), "ndgrid: wrong number of input
        arguments" (more outputs than vectors), "ndgrid: arguments must be vectors".

    Notes
    -----
    GNU Octave 7.3 ``ndgrid.m``, proven against ``octave-cli`` in the tests.
    """
    if not xs:
        raise ArgumentError("Invalid call to ndgrid: give at least one vector")
    k = check_nargout("ndgrid", nargout, 64)
    if len(xs) == 1:
        nd = k
        names = tuple("xs[0]" for _ in range(nd))
        vectors = [_vector(xs[0], "ndgrid", "ndgrid: arguments must be vectors", True)] * nd
    elif len(xs) >= k:
        nd = len(xs)
        if nd > NUMPY_MAX_DIMS:  # Octave builds an nd-dimensional grid; NumPy stops at 64
            raise ArgumentError(
                f"ndgrid: arraylens works with NumPy arrays of at most {NUMPY_MAX_DIMS} dimensions, got {nd} vectors"
            )
        names = tuple(f"xs[{i}]" for i in range(nd))
        vectors = [_vector(v, "ndgrid", "ndgrid: arguments must be vectors", True) for v in xs]
    else:
        raise ArgumentError("ndgrid: wrong number of input arguments")
    narrowed = _narrowed(*(xs if len(xs) > 1 else xs * nd))
    if nd == 1:
        return GridPlan("ndgrid", (vectors[0],), (0,), (vectors[0].size, 1), 1, names, narrowed)
    return GridPlan("ndgrid", tuple(vectors), tuple(range(nd)), tuple(v.size for v in vectors), k, names, narrowed)
