"""NumPy front-end: ``argmax``, ``argmin``, ``amax``, ``amin``, ``cov``, ``corrcoef``.

Each function has NumPy 2.x's name, parameters, defaults, results and error messages, and an
``explain(..., at=INDEX)`` that says where the output element at ``INDEX`` comes from. The
reductions use :mod:`arraylens.ops.extremes.kernel`; ``cov``/``corrcoef`` follow
``numpy/lib/_function_base_impl.py`` (NumPy 2.x) step by step, without frequency or
analytic weights (``fweights``/``aweights`` are not offered).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arraylens.core.errors import ArgumentError, ArgumentOverflowError, ArgumentTypeError
from arraylens.core.frontend import frontend
from arraylens.core.registry import Cli, Entry, Option, int_or_float, register
from arraylens.ops.covariance.plan import CovPlan
from arraylens.ops.extremes.kernel import Mode
from arraylens.ops.extremes.plan import ExtremePlan
from arraylens.ops.rearrange.pad.kernel import window_lengths
from arraylens.ops.rearrange.pad.plan import PadPlan
from arraylens.ops.rearrange.pad.spec import STAT_MODES, PadSpec


def _extreme(
    op: str, mode: Mode, returns: str, a: Any, axis: Any, keepdims: Any, out: Any
) -> ExtremePlan:
    if out is not None:
        raise ArgumentTypeError(f"{op}: the 'out' argument is not supported by arraylens; use the result")
    if returns == "index" and axis is not None and not isinstance(axis, int | np.integer):
        raise ArgumentTypeError(f"{op}: axis must be an integer or None, got {axis!r}")
    return ExtremePlan(op, a, axis, keepdims, mode, returns)


@frontend("np.argmax")
def argmax(
    a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False
) -> ExtremePlan:
    """Indices of the maximum values along an axis, as ``numpy.argmax`` (NumPy 2.x).

    Parameters
    ----------
    a : array_like
        Bool, integer, float or complex values, any shape.
    axis : int or None
        The axis to reduce; ``None`` gives the index into the flattened (C-order) array.
    out : None
        Not supported (NumPy's output buffer); passing one raises ``TypeError``.
    keepdims : bool
        Keep the reduced axis with length 1.

    Returns
    -------
    ndarray of intp, or an intp scalar when ``axis`` is None.
        Ties give the first index; a slice holding NaN gives the index of its first NaN.

    Raises
    ------
    ValueError
        "attempt to get argmax of an empty sequence" for an empty reduced axis.
    numpy.exceptions.AxisError
        For an axis out of range, with NumPy's wording.

    ``argmax.explain(a, axis=..., at=INDEX)`` names the winning element of that slice, the
    runner-up, and the tie/NaN rule that applied.
    """
    return _extreme("np.argmax", "max", "index", a, axis, keepdims, out)


@frontend("np.argmin")
def argmin(
    a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False
) -> ExtremePlan:
    """Indices of the minimum values along an axis, as ``numpy.argmin`` (NumPy 2.x).

    Same parameters, rules and errors as :func:`argmax`, with "smallest" for "largest".
    """
    return _extreme("np.argmin", "min", "index", a, axis, keepdims, out)


@frontend("np.amax")
def amax(
    a: Any, axis: int | Sequence[int] | None = None, out: None = None, keepdims: bool = False
) -> ExtremePlan:
    """Maximum of an array or along axes, as ``numpy.amax``/``numpy.max`` (NumPy 2.x).

    Parameters
    ----------
    a : array_like
        Bool, integer, float or complex values.
    axis : int, tuple of int or None
        The reduced axes; ``None`` reduces all.
    out : None
        Not supported; ``initial`` and ``where`` are not offered either.
    keepdims : bool
        Keep the reduced axes with length 1.

    Returns
    -------
    ndarray or scalar of ``a``'s dtype; NaN propagates (a slice with a NaN gives NaN).

    Raises
    ------
    ValueError
        For an empty reduced extent ("zero-size array to reduction operation maximum which has
        no identity", NumPy's words), or a repeated axis ("duplicate value in 'axis'").
    numpy.exceptions.AxisError
        For an axis out of range.
    """
    return _extreme("np.amax", "max", "value", a, axis, keepdims, out)


@frontend("np.amin")
def amin(
    a: Any, axis: int | Sequence[int] | None = None, out: None = None, keepdims: bool = False
) -> ExtremePlan:
    """Minimum of an array or along axes, as ``numpy.amin``/``numpy.min`` (NumPy 2.x).

    Same parameters, rules and errors as :func:`amax`, with "smallest" for "largest".
    """
    return _extreme("np.amin", "min", "value", a, axis, keepdims, out)


@frontend("np.cov")
def cov(
    m: Any,
    y: Any = None,
    rowvar: bool = True,
    bias: bool = False,
    ddof: int | None = None,
    fweights: Any = None,
    aweights: Any = None,
    *,
    dtype: Any = None,
) -> CovPlan:
    """Covariance matrix, as ``numpy.cov`` (NumPy 2.x).

    Parameters
    ----------
    m : array_like, 1-D or 2-D
        Variables and observations: with ``rowvar=True`` (the default) each row is a variable
        and each column an observation; with ``rowvar=False`` the other way round.
    y : array_like, optional
        More variables, in the same layout as ``m``; they follow ``m``'s variables.
    rowvar : bool
        Whether variables are rows (True) or columns (False).
    bias : bool
        Divide by ``n`` instead of ``n - 1`` (when ``ddof`` is None).
    ddof : int, optional
        Divide by ``n - ddof``; overrides ``bias``.
    fweights : array_like of int, shape (observations,), optional
        Frequency weights: how many times each observation occurs.
    aweights : array_like, shape (observations,), optional
        Observation weights. With ``w = fweights * aweights`` the means are weighted
        (``np.average``) and ``C = dot(X - mean, ((X - mean) * w).T.conj()) / fact`` with
        NumPy's ``fact``: ``sum(w)`` for ddof=0, ``sum(w) - ddof`` with fweights only, else
        ``sum(w) - ddof * sum(w * aweights) / sum(w)``.
    dtype : dtype, optional
        Computing dtype; default ``np.result_type(m, y, np.float64)``.

    Returns
    -------
    ndarray, shape (V, V)
        ``C_ij = sum_k (x_ik - mean_i)(x_jk - mean_j)* / (n - ddof)``, squeezed (one variable
        gives a 0-d array). A divisor ``n - ddof <= 0`` warns "Degrees of freedom <= 0 for
        slice" and divides by 0, as NumPy.

    Raises
    ------
    ValueError
        "m has more than 2 dimensions", "y has more than 2 dimensions", "ddof must be integer",
        "incompatible numbers of samples and fweights", "fweights cannot be negative",
        "cannot handle multidimensional aweights", "Weights sum to zero, can't be normalized"
        (NumPy's messages; NumPy raises RuntimeError or ZeroDivisionError for some), or ``m``
        and ``y`` with different numbers of observations.
    TypeError
        For non-numeric input; "fweights must be integer".
    """
    return CovPlan("np.cov", m, y, rowvar, bias, ddof, dtype, correlation=False, fweights=fweights, aweights=aweights)


@frontend("np.corrcoef")
def corrcoef(x: Any, y: Any = None, rowvar: bool = True, *, dtype: Any = None) -> CovPlan:
    """Pearson correlation coefficients, as ``numpy.corrcoef`` (NumPy 2.x).

    ``R_ij = C_ij / sqrt(C_ii C_jj)`` with ``C = np.cov(x, y, rowvar)``, clipped to [-1, 1].
    ``x`` holds *observations* (each row a variable when ``rowvar``), not a covariance matrix:
    to convert a covariance matrix use :func:`arraylens.cov_to_corr`. ``corrcoef.explain``
    warns when its input looks like a covariance matrix.

    Parameters
    ----------
    x, y, rowvar, dtype
        As :func:`cov` (NumPy's deprecated ``bias``/``ddof`` are not offered: they cancel).

    Returns
    -------
    ndarray, shape (V, V)
        A constant variable (variance 0) gives NaN in its row and column (0/0), with NumPy's
        ``RuntimeWarning`` "invalid value encountered in divide".

    Raises
    ------
    ValueError, TypeError
        As :func:`cov`.
    """
    return CovPlan("np.corrcoef", x, y, rowvar, False, None, dtype, correlation=True)


__all__ = ["amax", "amin", "argmax", "argmin", "corrcoef", "cov"]


# ----------------------------------------------------------------------------------------------
# Registry: the CLI's arguments.
# ----------------------------------------------------------------------------------------------

for _fn in (argmax, argmin, amax, amin):
    register(Entry(_fn.name, _fn, "numpy", cli=Cli((
        Option("--input", "a", "The array a (.npy, .npz or .csv).", kind="array", required=True, what="input"),
        Option("--axis", "axis", "Axis to reduce (default: all, flattened).", kind="int"),
        Option("--keepdims", "keepdims", "Keep the reduced axis with length 1.", kind="flag"),
    ), help=f"Explain one element of {_fn.name}(a, axis): the winner of its slice.", at="optional",
        at_help="Output index to explain, e.g. 2 or 0,1 (empty: scalar).", result="array")))
def _orientation_note(op: str) -> Any:
    """``prepare`` for ``explain np.cov``/``np.corrcoef``: which axis holds the variables, how to
    flip it, and a warning when there are more variables than observations (a singular matrix)."""

    def note(values: dict[str, Any]) -> str:
        m = np.asarray(values["m"])
        rowvar = bool(values.get("rowvar", True))
        if m.ndim != 2:
            return ""
        n_vars, n_obs = m.shape if rowvar else m.shape[::-1]
        axis_v, axis_o = ("rows", "columns") if rowvar else ("columns", "rows")
        flip = "give --no-rowvar if the columns are the variables" if rowvar else (
            "drop --no-rowvar if the rows are the variables")
        lines = [f"{op}: rowvar={rowvar}{' (NumPy default)' if rowvar else ''}: the {n_vars} {axis_v} of m are the "
                 f"variables and its {n_obs} {axis_o} the observations; {flip}"]
        if n_vars > n_obs:
            lines.append(f"warning: {n_vars} variables but only {n_obs} observations: the matrix is singular "
                         f"(rank at most {max(n_obs - 1, 0)}); {flip}")
        return "\n".join(lines)

    return note


for _cov in (cov, corrcoef):
    register(Entry(_cov.name, _cov, "numpy", cli=Cli((
        Option("--input", "m", "Observations (.npy, .npz, .csv).", kind="array", required=True, what="input",
               positional=True),
        Option("--rowvar/--no-rowvar", "rowvar", "Rows are variables.", kind="flag", default=True, show_default=True),
    ), help=f"Explain one element of {_cov.name}(m): C_ij or R_ij with the numbers.",
        at_help="Output index i,j to explain.", result="array", prepare=_orientation_note(_cov.name))))


# ----------------------------------------------------------------------------------------------
# np.pad
# ----------------------------------------------------------------------------------------------

_PAD_KWARGS = {
    "empty": (), "edge": (), "wrap": (), "constant": ("constant_values",), "linear_ramp": ("end_values",),
    "maximum": ("stat_length",), "mean": ("stat_length",), "median": ("stat_length",),
    "minimum": ("stat_length",), "reflect": ("reflect_type",), "symmetric": ("reflect_type",),
}


def _as_pairs(x: Any, ndim: int, as_index: bool = False) -> tuple[tuple[Any, Any], ...]:
    """NumPy's ``_as_pairs`` (``numpy/lib/_arraypad_impl.py``): broadcast to ``(ndim, 2)``."""
    if x is None:
        return ((None, None),) * ndim
    x = np.array(x)
    if as_index:
        x = np.round(x).astype(np.intp, copy=False)
    if x.ndim < 3:
        if x.size == 1:
            x = x.ravel()
            if as_index and x[0] < 0:
                raise ArgumentError("index can't contain negative values")
            return ((x[0], x[0]),) * ndim
        if x.size == 2 and x.shape != (2, 1):
            x = x.ravel()
            if as_index and (x[0] < 0 or x[1] < 0):
                raise ArgumentError("index can't contain negative values")
            return ((x[0], x[1]),) * ndim
    if as_index and x.size and x.min() < 0:
        raise ArgumentError("index can't contain negative values")
    try:
        pairs = np.broadcast_to(x, (ndim, 2)).tolist()
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None
    return tuple((p[0], p[1]) for p in pairs)


def _castable(value: Any, dtype: np.dtype[Any]) -> None:
    """NumPy's assignment of a fill value into the array (an out-of-range Python int fails)."""
    try:
        np.empty((), dtype)[()] = value
    except OverflowError as exc:
        raise ArgumentOverflowError(str(exc)) from None
    except (TypeError, ValueError) as exc:
        raise ArgumentError(str(exc)) from None


@frontend("np.pad")
def pad(array: Any, pad_width: Any, mode: str = "constant", **kwargs: Any) -> PadPlan:
    """Pad an array, as ``numpy.pad`` (NumPy 2.x).

    Parameters
    ----------
    array : array_like
        Bool, integer or float values, any rank.
    pad_width : int, sequence or dict
        ``((before_1, after_1), ..., (before_N, after_N))``, ``(before, after)`` or an int for
        every axis, or a dict ``{axis: int or (before, after)}``; non-negative integers.
    mode : str
        ``constant`` (default), ``edge``, ``linear_ramp``, ``maximum``, ``mean``, ``median``,
        ``minimum``, ``reflect``, ``symmetric``, ``wrap``. ``empty`` is refused (its content is
        undefined), and so is a callable.
    **kwargs
        ``constant_values`` (constant), ``end_values`` (linear_ramp), ``stat_length``
        (statistics: the window next to each edge, None for the whole axis), ``reflect_type``
        (``'even'`` or ``'odd'``: ``2 * edge - reflection``).

    Returns
    -------
    ndarray of ``array``'s dtype. ``reflect``, ``symmetric`` and ``wrap`` repeat when a width
    exceeds the size; a statistic or ramp at a corner is taken over the values an earlier axis
    padded, as NumPy pads axis by axis.

    Raises
    ------
    TypeError
        "`pad_width` must be of integral type."
    ValueError
        NumPy's messages: "index can't contain negative values", "mode 'x' is not supported",
        "unsupported keyword arguments for mode ...", "can't extend empty axis 0 using modes
        other than 'constant' or 'empty'", "stat_length of 0 yields no value for padding".
    """
    x = np.asarray(array)
    if x.dtype.kind not in "biuf":
        raise ArgumentTypeError(f"np.pad: arraylens pads bool, integer and float arrays, got {x.dtype}")
    if isinstance(pad_width, dict):
        seq: list[Any] = [(0, 0)] * x.ndim
        for axis, width in pad_width.items():
            if isinstance(width, int):
                seq[axis] = (width, width)
            elif isinstance(width, tuple) and len(width) == 2 and all(isinstance(w, int) for w in width):
                seq[axis] = width
            else:
                raise ArgumentTypeError(f"np.pad: a pad_width dict maps an axis to an int or (before, after), "
                                        f"got {width!r}")
        pad_width = seq
    widths_array = np.asarray(pad_width)
    if widths_array.dtype.kind != "i":
        raise ArgumentTypeError("`pad_width` must be of integral type.")
    widths = _as_pairs(widths_array, x.ndim, as_index=True)
    if callable(mode):
        raise ArgumentTypeError("np.pad: a callable mode is not supported by arraylens")
    if mode not in _PAD_KWARGS:
        raise ArgumentError(f"mode '{mode}' is not supported")
    unsupported = set(kwargs) - set(_PAD_KWARGS[mode])
    if unsupported:
        raise ArgumentError(f"unsupported keyword arguments for mode '{mode}': {unsupported}")
    if mode == "empty":
        raise ArgumentError("np.pad: mode 'empty' leaves the padded area uninitialized (undefined content); "
                            "arraylens does not offer it")
    int_widths = tuple((int(b), int(a)) for b, a in widths)
    values: tuple[tuple[Any, Any], ...] = ()
    stat_length: tuple[tuple[Any, Any], ...] = ()
    if mode in ("constant", "linear_ramp"):
        values = _as_pairs(kwargs.get("constant_values" if mode == "constant" else "end_values", 0), x.ndim)
        if mode == "constant":  # NumPy assigns constant_values; end_values go through np.linspace
            for pair in values:
                for v in pair:
                    _castable(v, x.dtype)
    if x.size == 0 and mode != "constant":
        for axis, pair in enumerate(int_widths):
            if x.shape[axis] == 0 and any(pair):
                raise ArgumentError(f"can't extend empty axis {axis} using modes other than 'constant' or 'empty'")
    if mode in STAT_MODES:
        stat_length = tuple((None if b is None else int(b), None if a is None else int(a))
                            for b, a in _as_pairs(kwargs.get("stat_length"), x.ndim, as_index=True))
        if x.size and mode in ("maximum", "minimum"):
            for n, (left, right) in zip(x.shape, stat_length, strict=True):
                if 0 in window_lengths(n, (left, right)):
                    raise ArgumentError("stat_length of 0 yields no value for padding")
    reflect_type = "odd" if kwargs.get("reflect_type", "even") == "odd" else "even"
    if x.size == 0 and mode not in ("constant",):
        # NumPy returns the (empty) padded shape without filling anything
        spec = PadSpec(int_widths, "constant", values=((0, 0),) * x.ndim)
    else:
        spec = PadSpec(int_widths, mode, values=values, stat_length=stat_length, reflect_type=reflect_type)
    return PadPlan("np.pad", x, spec, mode)


__all__ += ["pad"]


def _pad_width_text(text: str) -> Any:
    """``"2"`` -> 2; ``"1,2"`` -> (1, 2); ``"1,2;0,3"`` -> ((1, 2), (0, 3))."""
    try:
        rows = [tuple(int(v) for v in row.split(",") if v.strip()) for row in text.replace(" ", "").split(";")]
    except ValueError:
        raise ValueError(f"--pad-width must be integers: N, B,A or B1,A1;B2,A2;..., got {text!r}") from None
    if len(rows) == 1:
        return rows[0][0] if len(rows[0]) == 1 else rows[0]
    return tuple(rows)


register(Entry(pad.name, pad, "numpy", figure="source_map", cli=Cli((
    Option("--input", "array", "The array (.npy, .npz or .csv).", kind="array", required=True, what="input",
           positional=True),
    Option("--pad-width", "pad_width", "N, B,A or B1,A1;B2,A2;... (per axis).", required=True,
           parse=_pad_width_text, positional=True),
    Option("--mode", "mode", "The pad mode.", default="constant", show_default=True,
           choices=("constant", "edge", "linear_ramp", "maximum", "mean", "median", "minimum", "reflect",
                    "symmetric", "wrap")),
    Option("--constant-values", "constant_values", "constant: the fill value.",
           parse=int_or_float("--constant-values")),
    Option("--end-values", "end_values", "linear_ramp: the end value.", parse=int_or_float("--end-values")),
    Option("--stat-length", "stat_length", "Statistics: the window next to each edge.", kind="int"),
    Option("--reflect-type", "reflect_type", "reflect/symmetric: even or odd.", choices=("even", "odd")),
), help="Explain one element of np.pad(array, pad_width, mode): its source, statistic or constant.",
    result="shape")))
