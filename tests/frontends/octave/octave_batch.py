"""Run many Octave calls in ONE ``octave-cli`` process and read the results back.

The inputs go to a ``.mat`` file (``scipy.io.savemat``: a 1-d array becomes a row vector, as
arraylens reads it); a generated script makes each call inside ``try``/``catch`` and saves every
output (``-v7``), every error message, and ``version()``; ``scipy.io.loadmat`` reads them back.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.io


@dataclass(frozen=True)
class Case:
    """``fname(*args)`` with ``nout`` outputs; ``None`` in args is Octave's ``[]``.

    ``kwargs`` are Python-only keyword arguments of the arraylens call (never sent to Octave);
    ``index_outputs`` are the 0-based positions of outputs holding 1-based indices, which
    Octave returns as double and arraylens as int64 (the one deliberate class difference).
    """

    id: str
    fname: str
    args: tuple[Any, ...]
    nout: int = 1
    kwargs: tuple[tuple[str, Any], ...] = ()
    index_outputs: tuple[int, ...] = ()


@dataclass
class OctaveResult:
    outputs: list[np.ndarray] | None
    error: str | None
    classes: list[str] | None = None  # Octave's class() of each output


def _literal(value: Any, var: str, inputs: dict[str, Any]) -> str:
    if value is None:
        return "[]"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    inputs[var] = np.asarray(value)
    return var


def octave_call(case: Case, k: int, inputs: dict[str, Any]) -> str:
    """The Octave statement for ``case`` (outputs ``o{k}_1``, ``o{k}_2``...)."""
    given = list(case.args)
    while given and given[-1] is None and case.fname != "reshape":  # None is "not given" here
        given.pop()
    if (
        case.fname == "reshape" and len(given) == 2 and isinstance(given[1], list)
        and None in given[1]
    ):
        given = [given[0], *given[1]]  # [None, 2] in Python is reshape(x, [], 2) in Octave
    args = [_literal(a, f"a{k}_{j}", inputs) for j, a in enumerate(given)]
    outs = ", ".join(f"o{k}_{j}" for j in range(1, case.nout + 1))
    if case.fname == "to_column" or (case.fname == "colon" and len(args) == 1):
        expr = f"{args[0]}(:)"
    else:
        expr = f"{case.fname}({', '.join(args)})"
    return f"[{outs}] = {expr};"


def run_batch(
    octave_cli: str, cases: list[Case], timeout: float = 300
) -> tuple[str, dict[str, OctaveResult]]:
    """Run every case in one Octave process; returns (Octave version, results by case id)."""
    inputs: dict[str, Any] = {}
    lines = ["warning('off', 'all');", "load(INFILE);"]
    for k, case in enumerate(cases):
        lines += [
            "try",
            "  " + octave_call(case, k, inputs),
            *(f"  c{k}_{j} = class(o{k}_{j});" for j in range(1, case.nout + 1)),
            "catch caught",
            f"  e{k} = caught.message;",
            "end",
        ]
    lines.append("clear caught; octave_version = version();")
    lines.append("save('-v7', OUTFILE, 'o*', 'e*', 'c*');")
    with tempfile.TemporaryDirectory(prefix="arraylens-octave-") as tmp:
        infile, outfile, script = Path(tmp, "in.mat"), Path(tmp, "out.mat"), Path(tmp, "batch.m")
        scipy.io.savemat(infile, inputs, oned_as="row")
        text = "\n".join(lines).replace("INFILE", f"'{infile}'").replace("OUTFILE", f"'{outfile}'")
        script.write_text(text + "\n")
        proc = subprocess.run(
            [octave_cli, "--no-gui", "--norc", "--quiet", str(script)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode != 0 or not outfile.exists():
            raise RuntimeError(f"octave-cli failed ({proc.returncode}): {proc.stderr[-2000:]}")
        data = scipy.io.loadmat(outfile, squeeze_me=False)
    version = str(np.asarray(data["octave_version"]).ravel()[0])
    results: dict[str, OctaveResult] = {}
    for k, case in enumerate(cases):
        if f"e{k}" in data:
            results[case.id] = OctaveResult(None, str(np.asarray(data[f"e{k}"]).ravel()[0]))
        else:
            outs = [np.asarray(data[f"o{k}_{j}"]) for j in range(1, case.nout + 1)]
            classes = [str(np.asarray(data[f"c{k}_{j}"]).ravel()[0]) for j in range(1, case.nout + 1)]
            results[case.id] = OctaveResult(outs, None, classes)
    return version, results
