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
from arraylens.frontends.octave.accumarray import accumarray  # finding, counting and ordering
from arraylens.frontends.octave.central import median, mode
from arraylens.frontends.octave.convolution import conv, conv2
from arraylens.frontends.octave.differences import cumprod, diff, trapz
from arraylens.frontends.octave.fft import FFTPlan, fft, ifft
from arraylens.frontends.octave.filtering import filter
from arraylens.frontends.octave.find import find  # finding, counting and ordering
from arraylens.frontends.octave.grids import meshgrid, ndgrid  # interpolation, ranges and grids
from arraylens.frontends.octave.histograms import hist, histc  # finding, counting and ordering
from arraylens.frontends.octave.interpolation import interp1  # interpolation, ranges and grids
from arraylens.frontends.octave.logical import all, any
from arraylens.frontends.octave.minmax import max, min
from arraylens.frontends.octave.numpy_calls import derived, given, to_numpy_call
from arraylens.frontends.octave.products import kron
from arraylens.frontends.octave.quantiles import prctile, quantile
from arraylens.frontends.octave.ranges import colon, linspace  # interpolation, ranges and grids
from arraylens.frontends.octave.reshape import TransposePlan, ctranspose, reshape, to_column, transpose
from arraylens.frontends.octave.rounding import fix, mod, rem, round
from arraylens.frontends.octave.shifting import circshift, rot90
from arraylens.frontends.octave.solve import mldivide, mrdivide
from arraylens.frontends.octave.sort import sort
from arraylens.frontends.octave.spread import std, var
from arraylens.frontends.octave.stats import corr, corrcoef, cov
from arraylens.frontends.octave.stats_cli import dim_or_all, floats, weights
from arraylens.frontends.octave.sums import cumsum, mean, sum
from arraylens.frontends.octave.unique import unique  # finding, counting and ordering

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


def _extrap(text: str) -> str | float:
    """interp1's ``--extrap``: the word ``extrap`` or a number."""
    if text == "extrap":
        return text
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"--extrap takes 'extrap' or a number, got {text!r}") from None


def _cli(options: tuple[Option, ...], help: str, outputs: tuple[str, ...] = (), **more: Any) -> Cli:
    """The CLI of an Octave function; ``outputs`` names a multi-output function's outputs and
    adds ``--nargout`` (Octave's ``[o1, ..., oK] = f(...)``)."""
    if outputs:
        names = ", ".join(outputs)
        options = (*options, Option("--nargout", "nargout", f"How many outputs, as [{names}] = ... asks "
                                    "(default 1; the explanation is of the first).", kind="int"))
    return Cli(options, help, at="vector", at_help=AT_HELP, result="values", outputs=outputs, **more)


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
    ), "Explain one element of Octave's [s, i] = sort(x, dim, mode).", outputs=("s", "i"))))
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
    # Second wave: convolution, filtering and differences (conv, conv2, filter, cumprod, diff, trapz)
    _shape = Option("--shape", "shape", "'full', 'same' or 'valid'.", default="full",
                    choices=("full", "same", "valid"))
    register(Entry(conv.name, conv, "octave", cli=_cli((
        Option("--input", "a", "Vector a (.npy/.npz/.csv; a 1-d array is a row).", kind="array", required=True,
               what="a"),
        Option("--kernel", "b", "Vector b.", kind="array", required=True, what="b"), _shape,
    ), "Explain one element of Octave's conv(a, b, shape).")))
    register(Entry(conv2.name, conv2, "octave", cli=_cli((
        Option("--input", "a", "Matrix A (or the vector v1 with --matrix).", kind="array", required=True,
               what="A"),
        Option("--kernel", "b", "Matrix B (or the vector v2 with --matrix).", kind="array", required=True,
               what="B"),
        Option("--matrix", "c", "M of the separable form conv2(v1, v2, M).", kind="array", what="M"), _shape,
    ), "Explain one element of Octave's conv2(A, B, shape) or conv2(v1, v2, M, shape).")))
    register(Entry(filter.name, filter, "octave", cli=_cli((
        Option("--b", "b", "Numerator coefficients b.", kind="array", required=True, what="b"),
        Option("--a", "a", "Denominator coefficients a (a(1) nonzero).", kind="array", required=True, what="a"),
        Option("--input", "x", "x as .npy, .npz or .csv (a 1-d array is a row).", kind="array", required=True,
               what="input"),
        Option("--zi", "zi", "Initial state zi, [K, size(x) without dim].", kind="array", what="zi"), _DIM,
    ), "Explain one element of y in Octave's [y, zf] = filter(b, a, x, zi, dim).", outputs=("y", "zf"))))
    register(Entry(cumprod.name, cumprod, "octave", cli=_cli((_X, _DIM),
                   "Explain one element of Octave's cumprod(x, dim).")))
    register(Entry(diff.name, diff, "octave", cli=_cli((
        _X, Option("--order", "k", "Order k (default 1).", kind="int"), _DIM,
    ), "Explain one element of Octave's diff(x, k, dim).")))
    register(Entry(trapz.name, trapz, "octave", cli=_cli((
        Option("--x", "x", "Sample points x (with --input as y), or y itself without --input.",
               kind="array", required=True, what="x"),
        Option("--input", "y", "Samples y.", kind="array", what="y"), _DIM,
    ), "Explain one element of Octave's trapz(y), trapz(x, y) or trapz(x, y, dim).")))
    # Second wave, finding, counting and ordering: find, unique, histc, hist, accumarray
    register(Entry(find.name, find, "octave", cli=_cli((
        _X, Option("--n", "n", "The most nonzero elements to find.", kind="int"),
        Option("--direction", "direction", "With --n: the first or the last n.", choices=("first", "last")),
    ), "Explain one element of Octave's idx = find(x, n, direction) (column-major linear indices).",
        outputs=("r", "c", "v"))))
    register(Entry(unique.name, unique, "octave", cli=_cli((
        Option("--input", "x", _X.help, kind="array", required=True, what="input", positional=True),
        Option("--options", "*options", "Comma-separated options: rows, first, last, sorted, stable, legacy.",
               parse=lambda text: [t.strip() for t in text.split(",") if t.strip()]),
    ), "Explain one element of u in Octave's [u, i, j] = unique(x, options...).", outputs=("u", "i", "j"))))
    register(Entry(histc.name, histc, "octave", cli=_cli((
        _X, Option("--edges", "edges", "Bin edges (.npy/.npz/.csv or inline).", kind="array", required=True,
                   what="edges"),
        _DIM,
    ), "Explain one count of Octave's [n, idx] = histc(x, edges, dim).", outputs=("n", "idx"))))
    register(Entry(hist.name, hist, "octave", cli=_cli((
        Option("--input", "y", "y as .npy, .npz or .csv (a 1-d array is a row).", kind="array", required=True,
               what="input"),
        Option("--bins", "x", "Number of bins, or bin centres (.npy/.npz/.csv or inline).", kind="array",
               what="bins"),
    ), "Explain one count of Octave's [nn, xx] = hist(y, nbins_or_centres).", outputs=("nn", "xx"))))
    register(Entry(accumarray.name, accumarray, "octave", cli=_cli((
        Option("--subs", "subs", "Subscripts: a column of indices or one row per subscript.", kind="array",
               required=True, what="subs"),
        Option("--vals", "vals", "Values (one per row of subs, or one).", kind="array", required=True,
               what="vals"),
        Option("--size", "sz", "Result size, e.g. '3,2'.", parse=ints("--size")),
        Option("--fillval", "fillval", "Value of the positions no subscript reaches.", parse=float),
    ), "Explain one element of Octave's A = accumarray(subs, vals, sz, [], fillval) (the default @sum).")))
    # linear solves and products (second wave)
    _A = Option("--a", "a", "The matrix A (.npy/.npz/.csv or inline).", kind="array", required=True, what="A")
    _B = Option("--b", "b", "The matrix B (.npy/.npz/.csv or inline).", kind="array", required=True, what="B")
    register(Entry(mldivide.name, mldivide, "octave", cli=_cli(
        (_A, _B), "Explain one element of Octave's A \\ B (mldivide): which solver and why.")))
    register(Entry(mrdivide.name, mrdivide, "octave", cli=_cli(
        (_B, _A), "Explain one element of Octave's B / A (mrdivide), (A.' \\ B.').'.")))
    register(Entry(kron.name, kron, "octave", cli=_cli(
        (Option("--a", "a", "First operand A.", kind="array", required=True, what="A"),
         Option("--b", "b", "Second operand B.", kind="array", required=True, what="B")),
        "Explain one element of Octave's kron(A, B).")))
    register(Entry(to_column.name, to_column, "octave", cli=_cli((_X,), "Explain one element of Octave's x(:).")))
    # interpolation, ranges and grids (second wave)
    register(Entry(colon.name, colon, "octave", cli=_cli((
        Option("--base", "base", "First element (a number, inline or a file).", kind="array", required=True,
               what="base"),
        Option("--increment", "increment", "Step (default 1).", kind="array", what="increment"),
        Option("--limit", "limit", "The limit the range may reach (a number).", kind="array", required=True,
               what="limit"),
    ), "Explain one element of Octave's base:increment:limit (count and last element as Octave's range).")))
    register(Entry(linspace.name, linspace, "octave", cli=_cli((
        Option("--base", "base", "First element(s): a number or a vector (one row each).", kind="array",
               required=True, what="base"),
        Option("--limit", "limit", "Last element(s): a number or a vector.", kind="array", required=True,
               what="limit"),
        Option("--n", "n", "Number of points (default 100).", kind="int", default=100),
    ), "Explain one element of Octave's linspace(base, limit, n).")))
    register(Entry(interp1.name, interp1, "octave", cli=_cli((
        _X,
        Option("--y", "y", "Values y (.npy/.npz/.csv; a matrix: one column per curve).", kind="array",
               required=True, what="y"),
        Option("--xi", "xi", "Query points xi (.npy/.npz/.csv).", kind="array", required=True, what="xi"),
        Option("--method", "method", default="linear",
               choices=("linear", "nearest", "previous", "next", "pchip", "cubic", "spline")),
        Option("--extrap", "extrap", "'extrap' or a number (default NaN outside the range).",
               parse=_extrap),
    ), "Explain one element of Octave's interp1(x, y, xi, method, extrap).")))
    for fn in (meshgrid, ndgrid):
        name = fn.name.removeprefix("octave.")
        register(Entry(fn.name, fn, "octave", cli=_cli((
            Option("--input", "x", _X.help, kind="array", required=True, what="input", positional=True),
            Option("--y", "y", "Second vector (.npy/.npz/.csv).", kind="array", what="y", positional=True),
        ), f"Explain one element of the first output of Octave's {name}(x, y).",
            outputs=("xx", "yy", "zz") if fn is meshgrid else ("x1", "x2", "x3"))))
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
        (_X, _DIM), "Explain one element of Octave's [m, f] = mode(x, dim).", outputs=("m", "f"))))
    _P = Option("--p", "p", "Probabilities, comma-separated (default 0,0.25,0.5,0.75,1).", parse=floats)
    register(Entry(quantile.name, quantile, "octave", cli=_cli((
        _X, _P, _DIM, Option("--method", "method", "R's method 1..9 (default 5; needs --dim).", kind="int"),
    ), "Explain one element of Octave's quantile(x, p, dim, method).")))
    register(Entry(prctile.name, prctile, "octave", cli=_cli((
        _X, Option("--p", "p", "Percentages, comma-separated (default 0,25,50,75,100).", parse=floats), _DIM,
    ), "Explain one element of Octave's prctile(x, p, dim).")))

    # rounding and rearranging (second wave): round, fix, mod, rem, any, all, circshift, rot90
    for fn in (round, fix):
        name = fn.name.removeprefix("octave.")
        register(Entry(fn.name, fn, "octave", cli=_cli((_X,), f"Explain one element of Octave's {name}(x).")))
    for fn in (mod, rem):
        name = fn.name.removeprefix("octave.")
        register(Entry(fn.name, fn, "octave", cli=_cli((
            _X, Option("--y", "y", "The divisor y (.npy/.npz/.csv or inline).", kind="array", required=True,
                       what="y"),
        ), f"Explain one element of Octave's {name}(x, y).")))
    for fn in (any, all):
        name = fn.name.removeprefix("octave.")
        register(Entry(fn.name, fn, "octave", cli=_cli((_X, _DIM), f"Explain one element of Octave's {name}(x, dim).")))
    register(Entry(circshift.name, circshift, "octave", cli=_cli((
        _X, Option("--n", "n", "Shift (one integer) or shifts per dimension ('1,-2').", required=True,
                   parse=ints("--n")),
        Option("--dim", "dim", "1-based dimension for a scalar shift.", kind="int"),
    ), "Explain one element of Octave's circshift(x, n, dim).")))
    register(Entry(rot90.name, rot90, "octave", cli=_cli((
        _X, Option("--k", "k", "Number of quarter turns counterclockwise (any integer).", kind="int", default=1),
    ), "Explain one element of Octave's rot90(A, k).")))
