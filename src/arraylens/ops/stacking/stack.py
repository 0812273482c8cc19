"""``nested_stack``: one array from a nested list of arrays and scalars, batch axes first.

``np.array([[2 + x, 2 - x], [2 * x, 2 / x]])`` with ``x`` of shape (3,) has shape (2, 2, 3):
NumPy puts the nesting axes first and the leaves' own axes last, and it refuses leaves of
different shapes ("inhomogeneous shape"). ``nested_stack`` broadcasts the leaves together (so
scalars may sit next to arrays) and puts the broadcast *batch* axes first: shape (3, 2, 2),
one 2x2 matrix per element of ``x``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError

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
class StackExplanation:
    """Where each axis of ``nested_stack``'s result comes from, and what ``np.array`` does."""

    shape: tuple[int, ...]
    batch: str
    nesting_shape: tuple[int, ...]
    batch_shape: tuple[int, ...]
    axis_origins: tuple[str, ...]
    leaf_shapes: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    np_array: str

    def __str__(self) -> str:
        lines = [
            f"arraylens.nested_stack(batch={self.batch!r}): shape {self.shape}",
            f"nesting shape {self.nesting_shape} (the lists), batch shape {self.batch_shape} "
            "(the leaves broadcast together)",
            "",
            "Axes:",
            *(f"  axis {k}: {origin}" for k, origin in enumerate(self.axis_origins)),
            "",
            "Leaves:",
            *(f"  nested{_path(p)}: shape {s}" for p, s in self.leaf_shapes[:8]),
        ]
        if len(self.leaf_shapes) > 8:
            lines.append(f"  ... ({len(self.leaf_shapes)} leaves in all)")
        lines += ["", "np.array:", f"  {self.np_array}"]
        return "\n".join(lines)


class NestedStack:
    """``nested_stack(nested, *, batch='first')`` and ``nested_stack.explain(nested)``."""

    def __call__(self, nested: Any, *, batch: Batch = "first") -> np.ndarray:
        """One array from a nested list whose leaves are arrays and scalars that broadcast.

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
        """
        if batch not in ("first", "last"):
            raise ArgumentError(f"batch must be 'first' or 'last', got {batch!r}")
        return _stack(read_layout(nested), batch)

    def explain(self, nested: Any, *, batch: Batch = "first") -> StackExplanation:
        """Say which axes come from the nesting and which from the leaves, and what
        ``np.array(nested)`` would have built (its shape, or its error)."""
        if batch not in ("first", "last"):
            raise ArgumentError(f"batch must be 'first' or 'last', got {batch!r}")
        layout = read_layout(nested)
        nest = tuple(
            f"nesting level {d} (length {n}: "
            f"which item of the {'outer' if d == 0 else 'inner'} list)"
            for d, n in enumerate(layout.nesting_shape)
        )
        leaf = tuple(
            f"batch axis {d} (length {n}: the leaves' broadcast axis {d})"
            for d, n in enumerate(layout.batch_shape)
        )
        origins = leaf + nest if batch == "first" else nest + leaf
        shape = (
            layout.batch_shape + layout.nesting_shape
            if batch == "first"
            else layout.nesting_shape + layout.batch_shape
        )
        return StackExplanation(
            shape=shape,
            batch=batch,
            nesting_shape=layout.nesting_shape,
            batch_shape=layout.batch_shape,
            axis_origins=origins,
            leaf_shapes=tuple(
                zip(layout.leaf_paths, (x.shape for x in layout.leaves), strict=True)
            ),
            np_array=_np_array_outcome(nested, layout),
        )

    def __repr__(self) -> str:
        return "<arraylens nested_stack>"


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


nested_stack = NestedStack()
"""The public ``arraylens.nested_stack``; see :meth:`NestedStack.__call__`."""
