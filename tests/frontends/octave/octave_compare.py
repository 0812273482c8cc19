"""The checks every arraylens.octave conformance case goes through, shared by the test modules.

- :func:`assert_matches_octave`: each output's shape, class (Octave's ``class()``) and values
  against Octave's; NaN and Inf in the same places; index outputs exactly.
- :func:`assert_same_refusal`: arraylens refuses where Octave errors, with Octave's wording.
- :func:`run_numpy_call`: executes ``to_numpy_call``'s code with the call's arguments bound to
  the function's own parameter names and returns what its last line evaluates to.
- :func:`call`: the arraylens call of a case.
"""

from __future__ import annotations

import inspect
import re
import zlib
from typing import Any

import numpy as np
import pytest
from octave_batch import Case, OctaveResult

from arraylens import octave
from arraylens.frontends.octave._arrays import octave_class


def kwargs_of(case: Case) -> dict[str, Any]:
    return dict(case.kwargs)


def call(case: Case) -> Any:
    """``arraylens.octave.<fname>(*args, **kwargs)`` for the case."""
    return octave.FUNCTIONS[case.fname](*case.args, **kwargs_of(case))


def outputs(case: Case, result: Any) -> list[np.ndarray]:
    """The call's outputs as a list (one output is returned bare, several as a tuple)."""
    return [np.asarray(r) for r in result] if case.nout > 1 else [np.asarray(result)]


def is_single(case: Case) -> bool:
    """Single-precision input (NumPy float32/complex64, Octave's single)."""
    return any(
        isinstance(a, np.ndarray) and a.dtype in (np.float32, np.complex64) for a in case.args
    )


def assert_matches_octave(
    case: Case, ours: list[np.ndarray], expected: OctaveResult, rtol: float | None = None
) -> None:
    """Every output: Octave's shape, class and values (``rtol`` relative to the largest finite
    magnitude; default 2e-5 for single input, 1e-10 for double); index outputs exactly."""
    assert expected.error is None, f"Octave raised for {case.id}: {expected.error}"
    assert expected.outputs is not None
    assert len(ours) == case.nout, f"{len(ours)} outputs, asked for {case.nout}"
    tol = rtol if rtol is not None else (2e-5 if is_single(case) else 1e-10)
    classes = expected.classes or [""] * len(ours)
    for k, (mine, theirs, cls) in enumerate(zip(ours, expected.outputs, classes, strict=True)):
        where = f"{case.id} output {k + 1}"
        assert mine.shape == theirs.shape, f"{where}: shape {mine.shape} != Octave's {theirs.shape}"
        if k in case.index_outputs:
            assert mine.dtype == np.int64, f"{where}: index outputs are int64, got {mine.dtype}"
            assert cls in ("double", ""), f"{where}: Octave gave class {cls} for an index output"
            np.testing.assert_array_equal(mine, theirs, err_msg=where)
            continue
        if cls:
            assert octave_class(mine.dtype) == cls, f"{where}: class {octave_class(mine.dtype)} != Octave's {cls}"
        if np.iscomplexobj(mine) and not np.iscomplexobj(theirs):
            # Octave narrows a complex result whose imaginary parts are all zero
            assert not np.any(np.imag(mine)), f"{where}: complex where Octave's result is real"
        if mine.dtype.kind in "iub" or (theirs.dtype.kind in "iub" and cls != "double"):
            np.testing.assert_array_equal(mine, theirs.astype(mine.dtype), err_msg=where)
            continue
        finite = np.abs(theirs)[np.isfinite(theirs)]
        scale = float(finite.max(initial=1.0))
        np.testing.assert_allclose(mine, theirs, rtol=tol, atol=tol * scale, equal_nan=True, err_msg=where)
        np.testing.assert_array_equal(np.isnan(mine), np.isnan(theirs), err_msg=where)
        np.testing.assert_array_equal(np.isinf(mine), np.isinf(theirs), err_msg=where)


def octave_wording(message: str) -> str:
    """The part of Octave's error message arraylens' message must contain: its first line
    without a trailing period; for a usage error, ``Invalid call to NAME``."""
    first = message.strip().splitlines()[0].strip() if message.strip() else ""
    first = first.removeprefix("error: ")
    usage = re.match(r"(Invalid call to \w+)", first)
    if usage:
        return usage.group(1)
    return first.rstrip(".").strip()


def assert_same_refusal(case: Case, expected: OctaveResult) -> None:
    """Octave errors for the case; arraylens raises a ValueError (or TypeError) containing
    Octave's wording (:func:`octave_wording`)."""
    assert expected.error is not None, f"Octave accepted {case.id}: {case}"
    wording = octave_wording(expected.error)
    with pytest.raises((ValueError, TypeError)) as caught:
        call(case)
    assert wording in str(caught.value), (
        f"{case.id}: arraylens said {str(caught.value)!r}; Octave said {expected.error!r}"
    )


def run_numpy_call(case: Case) -> tuple[Any, str]:
    """Execute ``to_numpy_call(fname, *args, **kwargs)``'s code with every argument bound to
    the function's parameter name; returns (the value of its last line, the code)."""
    code = octave.to_numpy_call(case.fname, *case.args, **kwargs_of(case))
    fn = octave.FUNCTIONS[case.fname]
    bound = inspect.signature(fn.build_plan).bind(*case.args, **kwargs_of(case))
    env: dict[str, Any] = {"np": np, **bound.arguments}
    *statements, last = code.splitlines()
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        exec("\n".join(statements), env)
        return eval(last, env), code


def assert_numpy_call_matches(case: Case, ours: list[np.ndarray], rtol: float | None = None) -> None:
    """``to_numpy_call``'s code yields the call's outputs: same shapes, dtypes, values."""
    got, code = run_numpy_call(case)
    tol = rtol if rtol is not None else (1e-6 if is_single(case) else 1e-12)
    for mine, theirs in zip(ours, outputs(case, got), strict=True):
        assert mine.shape == theirs.shape, code
        assert mine.dtype == theirs.dtype, code
        np.testing.assert_allclose(theirs, mine, rtol=tol, atol=tol, equal_nan=True, err_msg=code)


def explain_seeded_element(case: Case, values: np.ndarray, rtol: float | None = None) -> Any:
    """Explain the element of ``values`` (the call's first output) at an index seeded by the
    case id (the same every run): the explanation's index is that index, its ``check()``
    recomputes its value (``rtol``: default 1e-5 for single input, 1e-9 for double), and its
    value is exactly the call's element. Returns the explanation (None for an empty result)."""
    if not values.size:
        return None
    rng = np.random.default_rng(zlib.crc32(case.id.encode()))
    at = tuple(int(rng.integers(n)) for n in values.shape)
    explanation = octave.FUNCTIONS[case.fname].explain(*case.args, at=at, **kwargs_of(case))
    assert explanation.index == at
    tol = rtol if rtol is not None else (1e-5 if is_single(case) else 1e-9)
    assert explanation.check(rtol=tol, atol=tol), str(explanation)
    np.testing.assert_array_equal(np.asarray(explanation.value), values[at], err_msg=str(explanation))
    return explanation
