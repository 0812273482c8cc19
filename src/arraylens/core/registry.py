"""The one registry of front-end functions, keyed by their public op name.

Each front-end module registers its functions once, at its end: the :class:`Explainable`, its
framework, how ``arraylens explain OP`` builds its arguments (:class:`Cli`, a declarative list
of :class:`Option`), and for a transposed convolution translate's inverse rule and snippet
writer (:class:`TranslateRule`). The CLI and :mod:`arraylens.translate` only read it, so adding a
function to a framework touches that framework's module and nothing else.

This module imports nothing of arraylens but :mod:`arraylens.core`; plans are typed ``Any``
here (they belong to the op families).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from arraylens.core.frontend import Explainable

__all__ = [
    "Cli",
    "Entry",
    "FrameworkView",
    "Native",
    "Option",
    "PoolTarget",
    "RearrangeTarget",
    "ResizeCandidate",
    "ResizeTarget",
    "TranslateRule",
    "entries",
    "get",
    "int_or_ints",
    "ints",
    "names",
    "pool_targets",
    "rearrange_targets",
    "register",
    "register_pool_target",
    "register_rearrange_target",
    "register_resize_target",
    "resize_targets",
]

Candidates = Iterator[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]


@dataclass(frozen=True)
class Option:
    """One option of an ``arraylens explain`` command, read into one argument of the call.

    Attributes
    ----------
    flag : str
        The option as typed, e.g. ``"--strides"`` (``"--rowvar/--no-rowvar"`` for a boolean
        pair).
    param : str
        The front-end parameter it fills, by keyword; ``"*dims"`` spreads a list positionally
        after the other positional values (Octave's ``reshape``); a name the function does not
        take is left for :attr:`Cli.prepare`.
    kind : {'array', 'text', 'int', 'flag'}
        ``array``: a file name read as an array (``what`` names it in errors); ``text``: the
        typed text, through ``parse`` when given; ``int``: an integer; ``flag``: a boolean.
    parse : callable, optional
        Text -> argument; raises ``ValueError`` with a one-line message for bad text.
    positional : bool
        Pass the value positionally (in option order) rather than by keyword.
    """

    flag: str
    param: str
    help: str = ""
    kind: str = "text"
    required: bool = False
    default: Any = None
    show_default: bool = False
    choices: tuple[str, ...] = ()
    parse: Callable[[str], Any] | None = None
    what: str = ""
    positional: bool = False


@dataclass(frozen=True)
class Cli:
    """How ``arraylens explain OP`` reads its arguments and prints the result.

    Attributes
    ----------
    options : tuple of Option
        The op's own options; ``--at``, ``--html`` and ``--figure`` are added by the CLI.
    help : str
    at : {'index', 'optional', 'vector'}
        ``index``: required comma-separated output index; ``optional``: empty means the scalar
        result; ``vector``: one number indexes along a vector result (Octave).
    at_help : str
    result : {'none', 'shape', 'array', 'values'}
        What is printed before the explanation: nothing, the result's shape and dtype, the
        array, or Octave's ``result =`` / ``values =`` and ``indices =`` display.
    prepare : callable, optional
        ``prepare(values) -> note``: may replace parsed values (a dict by parameter name) before
        the call, e.g. Octave's ``fft(x')``; the note is printed first.
    exclusive : tuple of str
        Flags of which at most one may be given (a usage error otherwise).
    outputs : tuple of str
        The names of a multi-output function's outputs, in order (``("r", "c", "v")`` for
        Octave's ``[r, c, v] = find(x)``): each is printed under its name when the call returns
        several (the explanation is of the first).
    """

    options: tuple[Option, ...]
    help: str
    at: str = "index"
    at_help: str = "Output index, comma-separated, in the output's layout."
    result: str = "none"
    prepare: Callable[[dict[str, Any]], str] | None = None
    exclusive: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class TranslateRule:
    """What :func:`arraylens.translate` needs of a transposed convolution.

    Attributes
    ----------
    input, weight : str
        The call's argument names of the input and the weight.
    bias : str or None
        The bias argument's name; None when the call has none (the bias is added afterwards).
    target : bool
        True when this function is its framework's translation target for ``ndim`` spatial
        dimensions (``ndim`` None: for any).
    ndim : int or None
    grouped : bool
        Whether the framework has a grouped transposed convolution.
    probe : callable
        ``probe(nd)``: arguments besides the arrays that make a valid call on arrays of ones of
        rank ``nd + 2`` with the layouts every candidate uses.
    candidates : callable
        The inverse rule: ``candidates(plan)`` for a canonical ``ConvTransposePlan`` yields
        ``(arguments, residual crop)`` pairs, exact ones first.
    snippet : callable
        ``snippet(arguments, nd, has_bias)``: code lines from ``xt``, ``wt`` (``b``) in this
        framework's layouts to a NumPy ``y``.
    refuse : callable
        ``refuse(plan)``: why the framework cannot compute it ('' when it can).
    notes : callable
        ``notes(plan)``: remarks on the translation into this framework.
    """

    input: str
    weight: str
    bias: str | None
    candidates: Callable[[Any], Candidates] | None = None
    snippet: Callable[[dict[str, Any], int, bool], list[str]] | None = None
    target: bool = False
    ndim: int | None = None
    grouped: bool = True
    probe: Callable[[int], dict[str, Any]] = lambda nd: {}
    refuse: Callable[[Any], str] = lambda plan: ""
    notes: Callable[[Any], list[str]] = lambda plan: []


@dataclass(frozen=True)
class Entry:
    """A registered front-end function.

    Attributes
    ----------
    op : str
        The public op name: the ``arraylens explain`` command and translate's source name.
    fn : Explainable
    framework : str
        ``tensorflow``, ``torch``, ``onnx``, ``keras``, ``jax``, ``numpy`` or ``octave``.
    cli : Cli or None
        None: no ``arraylens explain`` command.
    translate : TranslateRule or None
    aliases : tuple of str
        Other spellings translate accepts (``F.conv_transpose2d``).
    figure : str or None
        The :mod:`arraylens.show` function that draws an explanation of it (``"overlay"``).
    """

    op: str
    fn: Explainable[..., Any]
    framework: str
    cli: Cli | None = None
    translate: TranslateRule | None = None
    aliases: tuple[str, ...] = ()
    figure: str | None = None


_ENTRIES: dict[str, Entry] = {}


def register(entry: Entry) -> Entry:
    """Add ``entry``; an op name registered twice is a programming error.

    Raises
    ------
    ValueError
        If ``entry.op`` or one of its aliases is already registered.
    """
    for name in (entry.op, *entry.aliases):
        if name in _ENTRIES:
            raise ValueError(f"{name!r} is registered twice")
    for name in (entry.op, *entry.aliases):
        _ENTRIES[name] = entry
    return entry


def entries(framework: str | None = None) -> list[Entry]:
    """Registered entries in registration order (each once, aliases not repeated)."""
    seen: list[Entry] = []
    for name, e in _ENTRIES.items():
        if name == e.op and (framework is None or e.framework == framework):
            seen.append(e)
    return seen


def get(op: str) -> Entry:
    """The entry of ``op`` (or one of its aliases).

    Raises
    ------
    KeyError
        If nothing is registered under ``op``.
    """
    return _ENTRIES[op]


def names() -> list[str]:
    """Every registered op name and alias."""
    return list(_ENTRIES)


class FrameworkView(Mapping[str, Explainable[Any, Any]]):
    """A read-only view of one framework's functions by short name (``octave.FUNCTIONS``)."""

    def __init__(self, framework: str, prefix: str) -> None:
        self._framework = framework
        self._prefix = prefix

    def _table(self) -> dict[str, Explainable[Any, Any]]:
        return {e.op.removeprefix(self._prefix): e.fn for e in entries(self._framework)}

    def __getitem__(self, key: str) -> Explainable[Any, Any]:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


_INTEGER = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"-?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|inf|infinity|nan)", re.IGNORECASE)


def ints(what: str) -> Callable[[str], tuple[int, ...]]:
    """A parser: ``"1,5,5,1"`` -> ``(1, 5, 5, 1)``; ``ValueError`` naming ``what`` otherwise.

    Each value is ASCII digits with an optional leading ``-`` (spaces around it are allowed);
    values are separated by single commas. Empty values (``",,0"``, ``"0,"``), ``_`` digit
    separators (``"1_0"``), ``+``, and non-ASCII digits (``"١"``) are refused, never guessed.
    An empty or all-space text is the empty tuple.
    """

    def parse(text: str) -> tuple[int, ...]:
        if not text.strip(" "):
            return ()
        parts = [v.strip(" ") for v in text.split(",")]
        if not all(_INTEGER.fullmatch(v) for v in parts):
            raise ValueError(
                f"{what} must be comma-separated integers (ASCII digits, optional '-'), got {text!r}"
            )
        return tuple(int(v) for v in parts)

    return parse


def int_or_ints(what: str) -> Callable[[str], int | tuple[int, ...]]:
    """A parser: ``"2"`` -> ``2``; ``"1,2,2,1"`` -> ``(1, 2, 2, 1)``."""

    def parse(text: str) -> int | tuple[int, ...]:
        values = ints(what)(text)
        return values[0] if len(values) == 1 and "," not in text else values

    return parse


def int_or_float(what: str) -> Callable[[str], int | float]:
    """A parser of one fill value: ``"7"`` -> ``7`` (a Python int, exact however large);
    ``"2.5"``, ``"-inf"``, ``"nan"`` -> a float; ``ValueError`` naming ``what`` otherwise.

    Integers are kept as ints so that a value above 2**53 reaches the library unrounded.
    """

    def parse(text: str) -> int | float:
        value = text.strip(" ")
        if _INTEGER.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        raise ValueError(f"{what} must be an integer or a float (ASCII digits, optional '-', '.', exponent, "
                         f"inf or nan), got {text!r}")

    return parse


# ----------------------------------------------------------------------------------------------
# Translating pads and block rearrangements: each framework registers its vocabulary once.
# ----------------------------------------------------------------------------------------------

#: A native call a framework proposes for a canonical form: ``(op, arguments, expression)``:
#: ``op`` is the registered front-end that checks it (called as ``fn(array, **arguments)``, its
#: plan must have the source's canonical form), ``expression`` the call in the snippet's spelling.
Native = tuple[str, dict[str, Any], Callable[[str], str]]
#: A resize candidate of a translate target: (op, arguments after the array, call text on ``v``).
ResizeCandidate = tuple[str, dict[str, Any], str]


@dataclass(frozen=True)
class RearrangeTarget:
    """A framework as a target of :func:`arraylens.translate` for pads and block rearrangements.

    The translator in :mod:`arraylens.translate.rearrange` builds the source's canonical form
    (a ``PadSpec`` or a ``BlockSpec``), asks ``pad``/``blocks`` for a native call, checks it
    against the framework's own front-end, and otherwise writes a composition from the
    primitives below. Every expression function takes the expression of the array (``v``)
    first; ``ndim`` is its rank.

    Attributes
    ----------
    framework : str
    sources : tuple of str
        The framework's registered pad and block ops that translate accepts as sources.
    prologue : callable
        ``prologue()``: snippet lines from a NumPy ``x`` to the framework's ``v``.
    epilogue : callable
        ``epilogue()``: snippet lines from the final ``v`` to a NumPy ``y``.
    slice, flip, concat, gather, reshape, transpose : callable
        ``slice(v, ndim, axis, start, stop)``, ``flip(v, axis)``, ``concat([v, ...], axis)``,
        ``gather(v, axis, indices)``, ``reshape(v, shape)``, ``transpose(v, perm)``:
        expressions.
    pad : callable or None
        ``pad(spec, shape, dtype)``: a :data:`Native` call for a canonical ``PadSpec``, or a
        string saying why the framework's pad cannot (it is then composed); None: no pad op.
    full : callable or None
        ``full(shape, value)``: an array of the input's dtype filled with ``value`` (a constant
        pad composed by concatenation where the framework's pad cannot take the dtype).
    blocks : callable or None
        ``blocks(spec, shape, dtype)``: the same for a ``BlockSpec``; None: no block op. Both
        refuse (a string) a dtype the framework's kernel does not implement, so the snippet
        runs as written.
    """

    framework: str
    sources: tuple[str, ...]
    prologue: Callable[[], list[str]]
    epilogue: Callable[[], list[str]]
    slice: Callable[[str, int, int, int, int], str]
    flip: Callable[[str, int], str]
    concat: Callable[[list[str], int], str]
    gather: Callable[[str, int, list[int]], str]
    reshape: Callable[[str, tuple[int, ...]], str]
    transpose: Callable[[str, tuple[int, ...]], str]
    pad: Callable[[Any, tuple[int, ...], Any], Native | str] | None = None
    blocks: Callable[[Any, tuple[int, ...], Any], Native | str] | None = None
    full: Callable[[tuple[int, ...], Any], str] | None = None


_REARRANGE_TARGETS: dict[str, RearrangeTarget] = {}

_T = TypeVar("_T")


def _add_target(table: dict[str, _T], framework: str, target: _T, family: str) -> _T:
    """Put ``target`` in a family's table of translate targets; one per framework."""
    if framework in table:
        raise ValueError(f"{framework!r} registers its {family} target twice")
    table[framework] = target
    return target


def register_rearrange_target(target: RearrangeTarget) -> RearrangeTarget:
    """Add a framework's translate vocabulary; a framework registered twice is a programming error."""
    return _add_target(_REARRANGE_TARGETS, target.framework, target, "rearrange")


def rearrange_targets() -> dict[str, RearrangeTarget]:
    """The registered rearrange targets by framework, in registration order."""
    return dict(_REARRANGE_TARGETS)


# ----------------------------------------------------------------------------------------------
# Translating poolings: each framework registers its pooling vocabulary once.
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolTarget:
    """A framework as a target of :func:`arraylens.translate` for poolings.

    :mod:`arraylens.translate.pool` builds the source's canonical ``PoolSpec``, asks ``pool`` for
    candidate single calls, keeps the first that the framework's own front-end builds into a
    spec with the same windows, divisors and reduction, and otherwise asks ``zero_pad`` for the
    one composition it writes (explicit zero padding, then an unpadded pooling).

    Attributes
    ----------
    framework : str
    sources : tuple of str
        The framework's registered pooling ops that translate accepts as sources (names not
        registered in this build are skipped).
    prologue, epilogue : callable
        Snippet lines from a NumPy ``x`` to the framework's ``v``, and from ``v`` to a NumPy ``y``.
    channels_last : bool
        The layout its pooling calls take: ``(N, *spatial, C)`` or ``(N, C, *spatial)``.
    transpose : callable
        ``transpose(v, perm)``: an expression.
    pool : callable
        ``pool(spec, spatial, dtype)``: a list of :data:`Native` candidates (in the target's
        layout), or a string saying why the framework has no such pooling.
    zero_pad : callable or None
        ``zero_pad(v, widths)``: ``v`` (target layout) padded with zeros by ``(before, after)``
        per spatial axis.
    window_reduce : callable or None
        ``window_reduce(v, axis, start, stop, kind)``: the mean (``kind="mean"``) or the maximum
        (``"max"``) of ``v[start:stop]`` along ``axis``, keeping the axis (adaptive windows
        written out axis by axis).
    concat : callable or None
        ``concat([v, ...], axis)``: an expression.
    """

    framework: str
    sources: tuple[str, ...]
    prologue: Callable[[], list[str]]
    epilogue: Callable[[], list[str]]
    channels_last: bool
    transpose: Callable[[str, tuple[int, ...]], str]
    pool: Callable[[Any, tuple[int, ...], Any], list[Native] | str]
    zero_pad: Callable[[str, list[tuple[int, int]]], str] | None = None
    window_reduce: Callable[[str, int, int, int, str], str] | None = None
    concat: Callable[[list[str], int], str] | None = None


_POOL_TARGETS: dict[str, PoolTarget] = {}


def register_pool_target(target: PoolTarget) -> PoolTarget:
    """Add a framework's pooling vocabulary; a framework registered twice is a programming error."""
    return _add_target(_POOL_TARGETS, target.framework, target, "pool")


def pool_targets() -> dict[str, PoolTarget]:
    """The registered pool targets by framework, in registration order."""
    return dict(_POOL_TARGETS)


@dataclass(frozen=True)
class ResizeTarget:
    """A framework as a target of :func:`arraylens.translate` for resizes.

    :mod:`arraylens.translate.resize` presents the source's input as a batch of planes ``b``
    (shape ``(P, *spatial)``: the resized axes last, every other axis flattened into ``P``),
    shows it to the target in its ``layout``, and tries ``candidates`` in order: each is run
    through the target's own front-end on random data of the source's shape and kept
    only if it gives the source's values.

    Attributes
    ----------
    framework : str
    layout : str
        How ``b`` is shown to the call: ``"nc"`` ``(P, 1, *spatial)``, ``"nhwc"``
        ``(P, H, W, 1)``, ``"flat"`` ``(P, *spatial)``, ``"hwc"`` ``(H, W, P)`` (``(H, W)``
        when ``P == 1``), ``"planes"`` one ``(H, W)`` call per plane.
    spatial : tuple of int
        The numbers of resized axes the call takes.
    imports : tuple of str
        The snippet's import lines.
    candidates : callable
        ``candidates(in_sizes, out_sizes, scales)``: ``(op, arguments, call)`` triples, the most
        usual call first: ``op`` the registered op whose front-end checks it, ``arguments`` its
        arguments after the array, ``call`` the code of the call on the variable ``v`` that gives
        a NumPy array (``scales``: the source's per-axis scales where some is not ``out / in``,
        else None).
    cannot : callable
        ``cannot(spec)``: why no call of the framework computes a canonical ``ResizeSpec``
        ('' when one may).
    """

    framework: str
    layout: str
    spatial: tuple[int, ...]
    imports: tuple[str, ...]
    candidates: Callable[[tuple[int, ...], tuple[int, ...], Any], list[ResizeCandidate]]
    cannot: Callable[[Any], str] = lambda spec: ""


_RESIZE_TARGETS: dict[str, ResizeTarget] = {}


def register_resize_target(target: ResizeTarget) -> ResizeTarget:
    """Add a framework's resize vocabulary (one per framework)."""
    return _add_target(_RESIZE_TARGETS, target.framework, target, "resize")


def resize_targets() -> dict[str, ResizeTarget]:
    """The registered resize targets by framework, in registration order."""
    return dict(_RESIZE_TARGETS)
