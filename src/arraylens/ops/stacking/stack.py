"""``nested_stack``: one array from a nested list of arrays and scalars, batch axes first.

``np.array([[2 + x, 2 - x], [2 * x, 2 / x]])`` with ``x`` of shape (3,) has shape (2, 2, 3):
NumPy puts the nesting axes first and the leaves' own axes last, and it refuses leaves of
different shapes ("inhomogeneous shape"). ``nested_stack`` broadcasts the leaves together (so
scalars may sit next to arrays) and puts the broadcast *batch* axes first: shape (3, 2, 2),
one 2x2 matrix per element of ``x``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation, Section
from arraylens.core.frontend import check_index, frontend
from arraylens.core.text import format_index

Batch = Literal["first", "last"]


@dataclass(frozen=True)
class NestedLayout:
    """The structure of a nested list: nesting shape, leaves in C order, their broadcast shape."""

    nesting_shape: tuple[int, ...]
    leaves: tuple[np.ndarray, ...]
    leaf_paths: tuple[tuple[int, ...], ...]
    batch_shape: tuple[int, ...]
    dtype: np.dtype[Any]


def _is_branch(node: object) -> bool:
    return isinstance(node, list | tuple)


def read_layout(nested: Any) -> NestedLayout:
    """Walk the nesting (lists and tuples; arrays and scalars are leaves) and check it.

    The walk visits each list once (a loop over the nesting, never over batch elements).

    Raises
    ------
    ValueError
        If sibling lists differ in length or depth, or the leaves do not broadcast together
        (naming the paths of the leaves that clash).
    TypeError
        If a leaf is not numeric (strings, objects, ``None``).
    """
    nesting: list[int] = []
    level: list[tuple[tuple[int, ...], Any]] = [((), nested)]
    while level and _is_branch(level[0][1]):
        kinds = {_is_branch(node) for _, node in level}
        if len(kinds) > 1:
            path = next(p for p, node in level if not _is_branch(node))
            raise ArgumentError(
                f"nested{_path(path)} is a leaf where its siblings are lists: every branch of the "
                "nesting must have the same depth"
            )
        lengths = {len(node) for _, node in level}
        if len(lengths) > 1:
            first_path, first = level[0]
            bad_path, bad = next((p, n) for p, n in level if len(n) != len(first))
            raise ArgumentError(
                f"nested{_path(bad_path)} has {len(bad)} items but nested{_path(first_path)} has "
                f"{len(first)}: the nesting must be rectangular"
            )
        nesting.append(lengths.pop())
        level = [((*p, k), child) for p, node in level for k, child in enumerate(node)]
    if level and any(_is_branch(node) for _, node in level):
        path = next(p for p, node in level if _is_branch(node))
        raise ArgumentError(
            f"nested{_path(path)} is a list where its siblings are leaves: every branch of the "
            "nesting must have the same depth"
        )
    leaves = []
    for path, node in level:
        arr = np.asarray(node)
        if arr.dtype.kind not in "biufc":
            raise ArgumentTypeError(
                f"nested{_path(path)} must be a numeric array or scalar, got {type(node).__name__} "
                f"(dtype {arr.dtype})"
            )
        leaves.append(arr)
    shapes = [leaf.shape for leaf in leaves]
    try:
        batch_shape = tuple(np.broadcast_shapes(*shapes)) if shapes else ()
    except ValueError:
        raise ArgumentError(_clash(level, shapes)) from None
    dtype = np.result_type(*leaves) if leaves else np.dtype(np.float64)
    return NestedLayout(
        tuple(nesting), tuple(leaves), tuple(p for p, _ in level), batch_shape, dtype
    )


def _path(path: tuple[int, ...]) -> str:
    return "".join(f"[{k}]" for k in path)


def _clash(level: list[tuple[tuple[int, ...], Any]], shapes: list[tuple[int, ...]]) -> str:
    """Name the first pair of leaves whose shapes do not broadcast together."""
    for a in range(len(shapes)):
        for b in range(a + 1, len(shapes)):
            try:
                np.broadcast_shapes(shapes[a], shapes[b])
            except ValueError:
                return (
                    f"the leaves do not broadcast together: nested{_path(level[a][0])} has shape "
                    f"{shapes[a]} and nested{_path(level[b][0])} has shape {shapes[b]}"
                )
    return f"the leaves do not broadcast together (shapes {shapes})"


def _stack(layout: NestedLayout, batch: Batch) -> np.ndarray:
    count = len(layout.leaves)
    if batch == "first":
        out = np.empty((*layout.batch_shape, count), dtype=layout.dtype)
        for k, leaf in enumerate(layout.leaves):
            out[..., k] = leaf  # one broadcast assignment per leaf
        return out.reshape(layout.batch_shape + layout.nesting_shape)
    out = np.empty((count, *layout.batch_shape), dtype=layout.dtype)
    for k, leaf in enumerate(layout.leaves):
        out[k] = leaf
    return out.reshape(layout.nesting_shape + layout.batch_shape)


@dataclass(frozen=True)
class StackPlan:
    """A read nesting and where its batch axes go: computes the stack or explains one element."""

    nested: Any
    layout: NestedLayout
    batch: Batch

    @property
    def shape(self) -> tuple[int, ...]:
        """The result's shape: batch shape and nesting shape in the order ``batch`` asks."""
        layout = self.layout
        if self.batch == "first":
            return layout.batch_shape + layout.nesting_shape
        return layout.nesting_shape + layout.batch_shape

    def compute(self) -> np.ndarray:
        return _stack(self.layout, self.batch)

    def axis_origins(self) -> tuple[str, ...]:
        """For each axis of the result, where it comes from (a nesting level or a batch axis)."""
        layout = self.layout
        nest = tuple(
            f"nesting level {d} (length {n}: "
            f"which item of the {'outer' if d == 0 else 'inner'} list)"
            for d, n in enumerate(layout.nesting_shape)
        )
        leaf = tuple(
            f"batch axis {d} (length {n}: the leaves' broadcast axis {d})"
            for d, n in enumerate(layout.batch_shape)
        )
        return leaf + nest if self.batch == "first" else nest + leaf

    def explain(self, at: Sequence[int]) -> Explanation:
        """Explain the element at ``at``: which leaf it is read from and where, which axes come
        from the nesting and which from the leaves, and what ``np.array(nested)`` would have
        built. Reads one element of one leaf (never stacks the whole result)."""
        layout = self.layout
        shape = self.shape
        index = check_index(at, shape)
        nb, nn = len(layout.batch_shape), len(layout.nesting_shape)
        if self.batch == "first":
            b, s = index[:nb], index[nb:]
        else:
            s, b = index[:nn], index[nn:]
        k = int(np.ravel_multi_index(s, layout.nesting_shape)) if nn else 0
        leaf, path = layout.leaves[k], layout.leaf_paths[k]
        # NumPy broadcasting: the leaf's axes align with the last ones of the batch shape, and a
        # length-1 axis is read at 0.
        own = b[nb - leaf.ndim :] if leaf.ndim else ()
        leaf_index = tuple(0 if n == 1 else i for i, n in zip(own, leaf.shape, strict=True))
        raw = leaf[leaf_index]
        value = np.asarray(raw).astype(layout.dtype).item()  # the kernel's cast, one element
        ref = f"nested{_path(path)}" + (format_index(leaf_index) if leaf.ndim else "")
        where = (
            f"the scalar {ref}, the same for every batch index"
            if leaf.ndim == 0
            else f"{ref}: leaf shape {leaf.shape} broadcast to the batch shape "
            f"{layout.batch_shape}, read at batch index {format_index(b)}"
        )
        leaf_shapes = tuple(zip(layout.leaf_paths, (x.shape for x in layout.leaves), strict=True))
        leaves = [f"nested{_path(p)}: shape {sh}" for p, sh in leaf_shapes[:8]]
        if len(leaf_shapes) > 8:
            leaves.append(f"... ({len(leaf_shapes)} leaves in all)")
        np_array = _np_array_outcome(self.nested, layout)
        other = "last" if self.batch == "first" else "first"
        other_shape = (
            layout.nesting_shape + layout.batch_shape
            if self.batch == "first"
            else layout.batch_shape + layout.nesting_shape
        )
        per_batch = (
            f"batch='first': shape {shape} = batch shape {layout.batch_shape} + nesting shape "
            f"{layout.nesting_shape}, one nested {layout.nesting_shape} array per batch element: "
            f"out[b] is the nesting with every leaf read at b"
        )
        per_nest = (
            f"batch='last': shape {shape} = nesting shape {layout.nesting_shape} + batch shape "
            f"{layout.batch_shape}, np.array's layout when the leaves share one shape"
        )
        return Explanation(
            op="arraylens.nested_stack",
            index=index,
            value=value,
            expected=raw.item(),
            summary=(
                f"arraylens.nested_stack(batch={self.batch!r}): shape {shape}; nesting shape "
                f"{layout.nesting_shape} (the lists), batch shape {layout.batch_shape} (the "
                f"leaves broadcast together). out{format_index(index)} is leaf {k} (in C order), "
                f"{where}."
            ),
            sections=(
                Section("Element", (f"nesting index {s} -> leaf nested{_path(path)}", where)),
                Section(
                    "Axes", tuple(f"axis {a}: {origin}" for a, origin in enumerate(self.axis_origins()))
                ),
                Section("Leaves", tuple(leaves)),
                Section("np.array", (np_array,)),
                Section(
                    "Batch axes",
                    (
                        per_batch if self.batch == "first" else per_nest,
                        f"batch='{other}' gives shape {other_shape}",
                    ),
                ),
            ),
            details={
                "shape": shape,
                "batch": self.batch,
                "nesting_shape": layout.nesting_shape,
                "batch_shape": layout.batch_shape,
                "axis_origins": self.axis_origins(),
                "leaf_shapes": leaf_shapes,
                "leaf": k,
                "leaf_path": path,
                "leaf_index": leaf_index,
                "np_array": np_array,
            },
        )


@frontend("arraylens.nested_stack")
def nested_stack(nested: Any, *, batch: Batch = "first") -> StackPlan:
    """One array from a nested list whose leaves are arrays and scalars that broadcast.

    ``nested_stack.explain(nested, batch=..., at=INDEX)`` explains one element: which leaf it
    is read from, where each axis of the result comes from, and what ``np.array(nested)``
    would have built (its shape, or its error).

    Parameters
    ----------
    nested : list or tuple, nested to any depth
        Lists/tuples are the nesting; arrays and scalars are the leaves. Sibling lists must
        have equal lengths and every leaf sits at the same depth. The leaves broadcast
        together (NumPy broadcasting) to the *batch* shape; scalars are broadcast.
    batch : {"first", "last"}
        Where the batch axes go: ``"first"`` gives ``batch_shape + nesting_shape`` (one
        nested matrix per batch element), ``"last"`` gives ``nesting_shape + batch_shape``,
        which is what ``np.array(nested)`` builds when all leaves have one shape.

    Returns
    -------
    ndarray
        dtype ``np.result_type`` of the leaves (as ``np.array`` would choose); element
        ``[*b, *s]`` (batch first) is leaf ``s`` broadcast and read at ``b``.

    Raises
    ------
    ValueError
        For a ragged or uneven nesting, leaves that do not broadcast (naming them), or an
        unknown ``batch``.
    TypeError
        For a non-numeric leaf.
    IndexError
        From ``explain``, for an ``at`` that is not an index of the result.
    """
    if batch not in ("first", "last"):
        raise ArgumentError(f"batch must be 'first' or 'last', got {batch!r}")
    return StackPlan(nested, read_layout(nested), batch)


def _np_array_outcome(nested: Any, layout: NestedLayout) -> str:
    """What ``np.array(nested)`` does, told from the leaves' shapes (NumPy 2.x rules)."""
    shapes = {x.shape for x in layout.leaves}
    if len(shapes) <= 1:
        leaf_shape = shapes.pop() if shapes else ()
        built = layout.nesting_shape + leaf_shape
        note = (
            f"; the leaves' axes come last, so the batch axes are at the end: use batch='last' "
            "for that layout or the default batch='first' for "
            f"{layout.batch_shape + layout.nesting_shape}"
            if leaf_shape
            else ""
        )
        return f"np.array(nested) builds shape {built}{note}"
    return (
        "np.array(nested) raises ValueError: the leaves have different shapes "
        f"({', '.join(str(s) for s in sorted(shapes))}), an 'inhomogeneous shape'; "
        "nested_stack broadcasts them first"
    )
