"""The Octave functions in the registry: each function and the options of its ``explain`` command.

``--at`` takes 0-based NumPy indices into the returned array (comma-separated); for a vector
result (one dimension longer than 1) a single number indexes along the vector, so
``arraylens explain octave.fft --input x.npy --at 1`` explains the second frequency.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arraylens.core.frontend import Explainable
from arraylens.core.registry import Cli, Entry, Option, entries, ints, register
from arraylens.frontends.octave._arrays import octave_shape
from arraylens.frontends.octave.central import median, mode
from arraylens.frontends.octave.fft import FFTPlan, fft, ifft
from arraylens.frontends.octave.minmax import max, min
from arraylens.frontends.octave.numpy_calls import derived, given, to_numpy_call
from arraylens.frontends.octave.quantiles import prctile, quantile
from arraylens.frontends.octave.reshape import TransposePlan, colon, ctranspose, reshape, transpose
from arraylens.frontends.octave.sort import sort
from arraylens.frontends.octave.spread import std, var
from arraylens.frontends.octave.stats import corr, corrcoef, cov
from arraylens.frontends.octave.stats_cli import dim_or_all, floats, weights
from arraylens.frontends.octave.sums import cumsum, mean, sum

AT_HELP = "0-based NumPy index into the result, comma-separated (one number for a vector)."


def _fft_of_transpose_by_numpy(tplan: TransposePlan, fplan: FFTPlan, t: np.ndarray) -> np.ndarray:
    """What the composed NumPy line computes, step by step in NumPy (no ``eval``): the
    transpose's line on the caller's ``x``, then the fft's line on that value."""
    inner = tplan.x.conj().T if tplan.conjugate else tplan.x.T
    if given(t).narrowed:
        inner = inner.real
    f = np.fft.ifft if fplan.inverse else np.fft.fft
    return np.asarray(f(np.reshape(inner, fplan.x.shape), n=fplan.n, axis=fplan.axis)).reshape(fplan.out_shape)


def _fft_prepare(function: Explainable[..., Any]) -> Any:
    def prepare(values: dict[str, Any]) -> str:
        prime = values.pop("ctranspose", False)
        dot_prime = values.pop("transpose", False)
        if not (prime or dot_prime):
            return ""
        x, n, dim = values["x"], values.get("n"), values.get("dim")
        op = ctranspose if prime else transpose
        short = op.name.removeprefix("octave.")
        mark = "'" if prime else ".'"
        t = op(x)
        note = (
            f"x{mark} of the {'x'.join(map(str, octave_shape(np.shape(x))))} input is "
            f"{'x'.join(map(str, t.shape))}"
            + (" and CONJUGATED (x' is the conjugate transpose)" if prime else "")
        )
        tplan, fplan = op.build_plan(x), function.build_plan(t, n, dim)
        assert isinstance(tplan, TransposePlan) and isinstance(fplan, FFTPlan)
        by_numpy = _fft_of_transpose_by_numpy(tplan, fplan, t)
        if np.allclose(by_numpy, function(t, n, dim)):
            # the explanation's one NumPy line then starts from the caller's x
            values["x"] = derived(t, to_numpy_call(short, x), checked=True)
        else:
            values["x"] = t
            note += f"; the NumPy line below starts from x{mark}, not from x"
        return note

    return prepare


_X = Option("--input", "x", "x as .npy, .npz or .csv (a 1-d array is a row).", kind="array", required=True,
            what="input")
_Y = Option("--y", "y", "Second argument y (.npy/.npz/.csv).", kind="array", what="y")
_DIM = Option("--dim", "dim", "1-based dimension (default: first non-singleton).", kind="int")


def _reshape_size(text: str) -> list[int | None]:
    dims: list[int | None] = []
    for part in text.replace(" ", "").split(","):
        if part in ("[]", ""):
            dims.append(None)
        else:
            dims.extend(ints("--size")(part))
    return dims


def _cli(options: tuple[Option, ...], help: str, **more: Any) -> Cli:
    return Cli(options, help, at="vector", at_help=AT_HELP, result="values", **more)


def register_all() -> None:
    """Register every Octave function (once; the package does it on import)."""
    if entries("octave"):
        return
    fn: Explainable[..., Any]
    for fn in (fft, ifft):
        name = fn.name.removeprefix("octave.")
        register(Entry(fn.name, fn, "octave", cli=_cli((
            _X,
            Option("--n", "n", "Number of points (pads or truncates).", kind="int"),
            _DIM,
            Option("--ctranspose", "ctranspose", f"Apply Octave's x' (conjugate transpose) first, as in {name}(x').",
                   kind="flag"),
            Option("--transpose", "transpose", f"Apply x.' first: {name}(x.').", kind="flag"),
        ), f"Explain one element of Octave's {name}(x, n, dim).", prepare=_fft_prepare(fn),
            exclusive=("--ctranspose", "--transpose"))))
    for fn, what in ((ctranspose, "x' (conjugate transpose)"), (transpose, "x.' (transpose)")):
        register(Entry(fn.name, fn, "octave", cli=_cli((_X,), f"Explain one element of Octave's {what}.")))
    for fn in (max, min):
        name = fn.name.removeprefix("octave.")
        register(Entry(fn.name, fn, "octave", cli=_cli(
            (_X, _Y, _DIM), f"Explain one element of Octave's [m, i] = {name}(x, [], dim) or {name}(x, y).")))
    for fn in (sum, mean, cumsum):
        name = fn.name.removeprefix("octave.")
        register(Entry(fn.name, fn, "octave", cli=_cli((_X, _DIM), f"Explain one element of Octave's {name}(x, dim).")))
    register(Entry(sort.name, sort, "octave", cli=_cli((
        _X, _DIM, Option("--mode", "mode", default="ascend", choices=("ascend", "descend")),
    ), "Explain one element of Octave's [s, i] = sort(x, dim, mode).")))
    register(Entry(cov.name, cov, "octave", cli=_cli((
        _X, _Y, Option("--opt", "opt", "1: normalise by n.", default="0", choices=("0", "1"), parse=int),
    ), "Explain one element of Octave 7's cov(x, opt) or cov(x, y, opt).")))
    for fn in (corr, corrcoef):
        name = fn.name.removeprefix("octave.")
        register(Entry(fn.name, fn, "octave", cli=_cli(
            (_X, _Y), f"Explain one element of Octave 7's {name}(x) or {name}(x, y).")))
    register(Entry(reshape.name, reshape, "octave", cli=_cli((
        Option("--input", "x", _X.help, kind="array", required=True, what="input", positional=True),
        Option("--size", "*dims", "New size, e.g. '3,4' or '2,[]' ([] is computed).", required=True,
               parse=_reshape_size),
    ), "Explain one element of Octave's reshape(x, m, n, ...) (column-major).")))
    register(Entry(colon.name, colon, "octave", cli=_cli((_X,), "Explain one element of Octave's x(:).")))
    # spread and order statistics (second wave): std, var, median, mode, quantile, prctile
    _W = Option("--w", "w", "0 (divide by N - 1, the default), 1 (by N) or weights '1,2,3'.", parse=weights)
    for fn in (var, std):
        name = fn.name.removeprefix("octave.")
        w = _W if name == "var" else Option("--opt", "opt", _W.help, parse=weights)
        register(Entry(fn.name, fn, "octave", cli=_cli(
            (_X, w, Option("--dim", "dim", "1-based dimension or 'all' (default: first non-singleton).",
                           parse=dim_or_all)), f"Explain one element of Octave's {name}(x, w, dim).")))
    register(Entry(median.name, median, "octave", cli=_cli(
        (_X, _DIM), "Explain one element of Octave's median(x, dim).")))
    register(Entry(mode.name, mode, "octave", cli=_cli(
        (_X, _DIM), "Explain one element of Octave's [m, f] = mode(x, dim).")))
    _P = Option("--p", "p", "Probabilities, comma-separated (default 0,0.25,0.5,0.75,1).", parse=floats)
    register(Entry(quantile.name, quantile, "octave", cli=_cli((
        _X, _P, _DIM, Option("--method", "method", "R's method 1..9 (default 5; needs --dim).", kind="int"),
    ), "Explain one element of Octave's quantile(x, p, dim, method).")))
    register(Entry(prctile.name, prctile, "octave", cli=_cli((
        _X, Option("--p", "p", "Percentages, comma-separated (default 0,25,50,75,100).", parse=floats), _DIM,
    ), "Explain one element of Octave's prctile(x, p, dim).")))

