"""Explanations for the NumPy front-end: which element won a slice, and how R_ij is formed.

Each explanation recomputes its value independently of the main computation: the winner of a
slice by a stable sort (not the kernel's match-and-argmax), a covariance by an exactly rounded
sum (``math.fsum``) of the deviation products of two variables only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation, Section
from arraylens.core.text import both_or_all, format_list, format_number, format_ref, format_scalar, join_ints
from arraylens.ops.extremes.kernel import Mode, reduce_last

if TYPE_CHECKING:
    pass

_SHOWN = 6  # list at most this many tie/NaN positions or products


def winner_by_sort(s: np.ndarray, mode: Mode) -> int:
    """First position of the extreme of 1-D ``s`` under NumPy's rules, found by a stable sort.

    A NaN (first one) wins; otherwise the stable ascending order holds equal values in their
    original order, so the first position of the extreme value's run is the first index.
    """
    isnan = np.isnan(s) if s.dtype.kind in "fc" else np.zeros(s.shape, dtype=bool)
    if isnan.any():
        return int(np.flatnonzero(isnan)[0])
    order = np.argsort(s, kind="stable")
    ordered = s[order]
    if mode == "min":
        return int(order[0])
    first_of_top = int(np.searchsorted(ordered, ordered[-1], side="left"))
    return int(order[first_of_top])


def _positions(k: np.ndarray) -> str:
    """``position 3``, ``positions 0 and 2``, ``positions 0, 1, ... and 3 more (9 in all)``."""
    if k.size > _SHOWN:
        return f"positions {join_ints(k[:_SHOWN])} and {k.size - _SHOWN} more ({k.size} in all)"
    return f"position{'s' if k.size > 1 else ''} {format_list(k)}"


def _axes(axes: tuple[int, ...]) -> str:
    """``axis 0``, ``axes 0 and 1``."""
    return f"axis{'es' if len(axes) > 1 else ''} {format_list(axes)}"


def explain_extreme(
    op: str,
    a: np.ndarray,
    axes: tuple[int, ...],
    kept_index: tuple[int, ...],
    out_index: tuple[int, ...],
    mode: Mode,
    returns: str,
) -> Explanation:
    """Explain ``op`` (argmax/argmin/amax/amin) at ``out_index``: winner, runner-up, rule."""
    kept = [ax for ax in range(a.ndim) if ax not in axes]
    selector: list[Any] = [slice(None)] * a.ndim
    for ax, i in zip(kept, kept_index, strict=True):
        selector[ax] = i
    reduced_shape = tuple(a.shape[ax] for ax in axes)
    s = a[tuple(selector)].reshape(-1)
    if s.size == 0:
        raise ArgumentError(f"attempt to get arg{mode} of an empty sequence")
    if returns == "value" and s.dtype.kind == "c":
        raise ArgumentTypeError(f"{op}.explain supports real inputs only; the call itself accepts complex")

    def full_index(position: int) -> tuple[int, ...]:
        inner = np.unravel_index(position, reduced_shape) if reduced_shape else ()
        idx = list(selector)
        for ax, i in zip(axes, inner, strict=True):
            idx[ax] = int(i)
        return tuple(int(v) for v in idx)

    slice_text = "a[" + ", ".join(":" if isinstance(v, slice) else str(v) for v in selector) + "]"
    winner = winner_by_sort(s, mode)
    win_value = s[winner]
    word = "largest" if mode == "max" else "smallest"
    fn = "argmax" if mode == "max" else "argmin"
    value_fn = "max" if mode == "max" else "min"

    is_float = s.dtype.kind in "fc"
    nan_at = np.flatnonzero(np.isnan(s)) if is_float else np.zeros(0, dtype=np.intp)
    same = (s == win_value) | (
        np.isnan(s) & bool(np.isnan(win_value)) if is_float else s == win_value
    )
    ties = np.flatnonzero(same)

    if s.size > 1:
        rest = np.delete(s, winner)
        _, r = reduce_last(rest, mode, "propagate")
        runner = int(r) + (1 if int(r) >= winner else 0)
        runner_value = s[runner]
        if s.dtype.kind in "cb" or (is_float and (np.isnan(runner_value) or np.isnan(win_value))):
            gap = ""
        elif runner_value == win_value:
            gap = ", equal to the winner (a tie)"
        else:
            gap = (
                f", {format_number(abs(float(win_value) - float(runner_value)))} "
                f"{'below' if mode == 'max' else 'above'} the winner"
            )
        runner_lines = (
            f"{format_ref('a', full_index(runner))} = {format_scalar(runner_value)} "
            f"(slice position {runner}){gap}",
        )
    else:
        runner = None
        runner_lines = ("none: the slice has one element",)

    rules: list[str] = []
    if nan_at.size:
        rules.append(
            f"the slice holds NaN at {_positions(nan_at)}: NumPy propagates NaN, so the "
            f"first NaN wins (np.nan{fn} and arraylens.{value_fn}_with_index(..., nan='omit') "
            "skip NaN)"
        )
    if ties.size > 1 and not nan_at.size:
        rules.append(
            f"tie: {_positions(ties)} {both_or_all(ties.size)} hold {format_scalar(win_value)}; "
            "NumPy returns the first"
        )
    if not rules:
        rules.append(f"no tie and no NaN: the {word} value wins outright")

    win_full = full_index(winner)
    # The kernel's own answer for this slice only (O(slice), not a pass over all of ``a``).
    kernel_value, kernel_index = reduce_last(s, mode, "propagate")
    if returns == "index":
        value = float(kernel_index)
        expected = float(winner)
        summary = (
            f"np.{fn} returns the position {winner} of the {word} element within the slice "
            f"{slice_text}; that element is {format_ref('a', win_full)} = {format_scalar(win_value)} "
            f"(np.{value_fn} gives the value, arraylens.{value_fn}_with_index gives both)."
        )
    else:
        value = float(kernel_value)
        expected = float(win_value)
        summary = (
            f"np.{value_fn} returns the {word} element of the slice {slice_text}, "
            f"{format_ref('a', win_full)} = {format_scalar(win_value)} "
            f"(np.{fn} gives its position {winner})."
        )
    sections = (
        Section("Slice", (f"{slice_text}: {s.size} elements along {_axes(axes)}",)),
        Section(
            "Winner",
            (f"{format_ref('a', win_full)} = {format_scalar(win_value)} (slice position {winner})",),
        ),
        Section("Runner-up", runner_lines),
        Section("Rule", tuple(rules)),
    )
    return Explanation(
        op=op,
        index=out_index,
        value=value,
        summary=summary,
        sections=sections,
        expected=expected,
        details={
            "slice": slice_text,
            "winner": winner,
            "winner_index": win_full,
            "runner_up": runner,
            "ties": ties.tolist(),
            "nan_positions": nan_at.tolist(),
        },
    )
