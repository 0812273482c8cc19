"""The shape shared by every front-end function: a call and its ``explain``.

A front-end function only translates the framework's arguments into a *plan*: the canonical
arrays and spec plus the layout mappings back to the caller. :func:`frontend` turns a function
that builds a plan into the public callable ``f`` with ``f(...)`` computing the result and
``f.explain(..., at=INDEX)`` explaining one element, both from the same translation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, Generic, ParamSpec, Protocol, TypeVar

import numpy as np

from arraylens.core.errors import ArgumentIndexError
from arraylens.core.explanation import Explanation

P = ParamSpec("P")
R_co = TypeVar("R_co", covariant=True)


class Plan(Protocol[R_co]):
    """A translated call: computes its result and explains one element of it."""

    def compute(self) -> R_co: ...

    def explain(self, at: Sequence[int]) -> Explanation: ...


R = TypeVar("R")


class Explainable(Generic[P, R]):
    """A front-end function: ``f(*args, **kwargs)`` and ``f.explain(*args, at=..., **kwargs)``."""

    def __init__(self, name: str, build_plan: Callable[P, Plan[R]]) -> None:
        self.name = name
        self.build_plan = build_plan
        functools.update_wrapper(self, build_plan)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.build_plan(*args, **kwargs).compute()

    def explain(self, *args: Any, at: Sequence[int] | int, **kwargs: Any) -> Explanation:
        """Explain the output element at index ``at`` (in the caller's output layout).

        Takes exactly the arguments of the call itself, plus the keyword ``at``.

        Raises
        ------
        IndexError
            If ``at`` is not an index of the output.
        """
        index = (int(at),) if isinstance(at, int | np.integer) else tuple(int(i) for i in at)
        return self.build_plan(*args, **kwargs).explain(index)

    def __repr__(self) -> str:
        return f"<arraylens front-end {self.name}>"


def frontend(name: str) -> Callable[[Callable[P, Plan[R]]], Explainable[P, R]]:
    """Decorator: make a plan-building function into a public front-end function ``name``."""

    def wrap(build_plan: Callable[P, Plan[R]]) -> Explainable[P, R]:
        return Explainable(name, build_plan)

    return wrap


def check_index(index: Sequence[int], shape: Sequence[int], what: str = "output") -> tuple[int, ...]:
    """Validate ``index`` against ``shape`` (negative entries count from the end).

    Raises
    ------
    IndexError
        Naming the index, the shape and the offending axis.
    """
    if len(index) != len(shape):
        raise ArgumentIndexError(
            f"index {tuple(index)} has {len(index)} entries but the {what} has "
            f"{len(shape)} dimensions (shape {tuple(shape)})"
        )
    out = []
    for axis, (i, n) in enumerate(zip(index, shape, strict=True)):
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise ArgumentIndexError(
                f"index {tuple(index)} is out of range for the {what} of shape {tuple(shape)}: "
                f"axis {axis} has size {n}"
            )
        out.append(j)
    return tuple(out)
