"""``jax.lax.conv_transpose``: a transposed convolution as JAX defines it.

JAX computes ``conv_general_dilated(lhs, rhs, window_strides=1, padding=pads,
lhs_dilation=strides, rhs_dilation=rhs_dilation)``: it inserts ``stride - 1`` zeros between the
input elements, pads, and *correlates* with ``rhs`` as given. Unlike TensorFlow and PyTorch it
does not rotate the kernel unless ``transpose_kernel=True`` (which also swaps the kernel's
``I`` and ``O`` axes), so the same weights give a mirrored result. In canonical form that is a
transposed convolution with the kernel ``rot180(rhs)`` (or ``rhs`` with ``O``/``I`` swapped
when ``transpose_kernel=True``) and the crop ``(d*(k-1) - pad_lo, d*(k-1) - pad_hi)``.

Source of the semantics: ``jax.lax.conv_transpose``, ``_conv_transpose_padding`` and
``conv_general_permutations`` in ``jax/_src/lax/convolution.py`` (JAX 0.10).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from arraylens.core.arrays import contiguous
from arraylens.core.axis_map import AxisMap
from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation, Term
from arraylens.core.frontend import frontend
from arraylens.core.registry import Cli, Entry, Option, TranslateRule, ints, register
from arraylens.ops.conv.plan import ConvTransposePlan, Layouts
from arraylens.ops.conv.spec import ConvTransposeSpec, split_padding

__all__ = ["conv_transpose", "conv_transpose_padding", "pads_for_crop"]

_DEFAULT_DN = {
    3: ("NHC", "HIO", "NHC"),
    4: ("NHWC", "HWIO", "NHWC"),
    5: ("NHWDC", "HWDIO", "NHWDC"),
}


def conv_transpose_padding(k: int, s: int, padding: str) -> tuple[int, int]:
    """JAX's ``_conv_transpose_padding`` for the dilated kernel size ``k`` and stride ``s``."""
    if padding == "SAME":
        pad_len = k + s - 2
        pad_a = k - 1 if s > k - 1 else int(np.ceil(pad_len / 2))
    elif padding == "VALID":
        pad_len = k + s - 2 + max(k - s, 0)
        pad_a = k - 1
    else:
        raise ArgumentError("Padding mode must be `SAME` or `VALID`.")
    return pad_a, pad_len - pad_a


def pads_for_crop(
    k_eff: Sequence[int], crop: Sequence[tuple[int, int]]
) -> tuple[tuple[int, int], ...]:
    """JAX's rule between padding and crop: padding the zero-inserted input by
    ``(k_eff-1-begin, k_eff-1-end)`` crops ``(begin, end)`` from the full result (and the
    other way round: the rule is its own inverse). ``k_eff`` is the dilated kernel size."""
    return tuple((ke - 1 - b, ke - 1 - e) for ke, (b, e) in zip(k_eff, crop, strict=True))


def _permutations(
    dimension_numbers: Any, ndim: int
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[str, str, str]]:
    """``conv_general_permutations``: (N, C, *spatial), (O, I, *spatial), (N, C, *spatial)."""
    if dimension_numbers is None:
        if ndim not in _DEFAULT_DN:
            raise ArgumentError(
                "No 4+ dimensional dimension_number defaults."
                if ndim > 5
                else "arraylens.jax supports 1-, 2- and 3-d convolutions (lhs of 3 to 5 dimensions)"
            )
        dimension_numbers = _DEFAULT_DN[ndim]
    if (
        not isinstance(dimension_numbers, Sequence)
        or len(dimension_numbers) != 3
        or not all(isinstance(s, str) for s in dimension_numbers)
    ):
        raise ArgumentTypeError(
            "dimension_numbers must be None or three strings such as ('NHWC', 'HWIO', 'NHWC'); "
            f"got {dimension_numbers!r}"
        )
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    charpairs = (("N", "C"), ("O", "I"), ("N", "C"))
    for spec, (a, b) in zip(dimension_numbers, charpairs, strict=True):
        if not spec.count(a) == spec.count(b) == 1:
            raise ArgumentTypeError(
                f"convolution dimension_numbers[{dimension_numbers.index(spec)}] must contain "
                f"the characters '{a}' and '{b}' exactly once, got {spec}."
            )
        if len(spec) != len(set(spec)):
            raise ArgumentTypeError(
                f"convolution dimension_numbers[{dimension_numbers.index(spec)}] cannot have "
                f"duplicate characters, got {spec}."
            )
        if len(spec) != ndim:
            raise ArgumentTypeError(
                f"convolution dimension_numbers {dimension_numbers} must each have {ndim} "
                "characters, one per array dimension"
            )
    if not set(lhs_spec) - {"N", "C"} == set(rhs_spec) - {"O", "I"} == set(out_spec) - {"N", "C"}:
        raise ArgumentTypeError(
            "conv_general_dilated dimension_numbers spatial dimensions must match, got "
            f"{lhs_spec}, {rhs_spec}, {out_spec}."
        )

    def getperm(spec: str, pair: tuple[str, str]) -> tuple[int, ...]:
        spatial = [i for i, c in enumerate(spec) if c not in pair]
        if spec is not rhs_spec:
            spatial = sorted(spatial, key=lambda i: rhs_spec.index(spec[i]))
        return (spec.index(pair[0]), spec.index(pair[1]), *spatial)

    perms = [getperm(s, p) for s, p in zip(dimension_numbers, charpairs, strict=True)]
    return perms[0], perms[1], perms[2], (lhs_spec, rhs_spec, out_spec)


def _output_size(
    in_size: Sequence[int],
    stride: Sequence[int],
    k_eff: Sequence[int],
    pads: Sequence[tuple[int, int]],
) -> tuple[int, ...]:
    """JAX's ``conv_shape_tuple`` for the zero-inserted input: the padded size
    ``dilated_in + low + high`` (``dilated_in = (in-1)*stride + 1``, 0 for an empty input) must
    not be negative, and the output size is ``max(0, padded - k_eff + 1)``, so a padding that
    leaves no element gives an empty result."""
    dilated = tuple(0 if i == 0 else (i - 1) * s + 1 for i, s in zip(in_size, stride, strict=True))
    padded = tuple(d + lo + hi for d, (lo, hi) in zip(dilated, pads, strict=True))
    if any(p < 0 for p in padded):
        raise ArgumentError(
            "Negative padding is larger than the size of the corresponding dimension: got "
            f"padding={tuple(pads)} for lhs_shape[2:]={dilated} (the input with stride - 1 "
            "zeros inserted between its elements)"
        )
    return tuple(max(0, p - k + 1) for p, k in zip(padded, k_eff, strict=True))


@dataclass
class JaxConvTransposePlan:
    """A :class:`ConvTransposePlan` whose canonical kernel may be ``rhs`` rotated by 180
    degrees; explanations report the terms' weight indices in ``rhs`` itself."""

    inner: ConvTransposePlan
    flipped_axes: tuple[tuple[int, int], ...]  # (caller rhs axis, size) of every rotated axis

    def compute(self) -> np.ndarray:
        return self.inner.compute()

    def explain(self, at: Sequence[int]) -> Explanation:
        e = self.inner.explain(at)
        if not self.flipped_axes:
            return e

        def rhs_index(index: tuple[int, ...]) -> tuple[int, ...]:
            out = list(index)
            for axis, size in self.flipped_axes:
                out[axis] = size - 1 - out[axis]
            return tuple(out)

        terms = tuple(
            Term(t.input_index, rhs_index(t.weight_index), t.input_value, t.weight_value)
            for t in e.terms
        )
        return dataclasses.replace(e, terms=terms)


@frontend("jax.lax.conv_transpose")
def conv_transpose(
    lhs: Any,
    rhs: Any,
    strides: Sequence[int],
    padding: str | Sequence[tuple[int, int]],
    rhs_dilation: Sequence[int] | None = None,
    dimension_numbers: Any = None,
    transpose_kernel: bool = False,
    use_consistent_padding: bool = False,
) -> JaxConvTransposePlan:
    """``jax.lax.conv_transpose``'s result.

    Parameters
    ----------
    lhs : array_like, shape as ``dimension_numbers[0]`` (default ``NHC``/``NHWC``/``NHWDC``)
    rhs : array_like, shape as ``dimension_numbers[1]`` (default ``HIO``/``HWIO``/``HWDIO``)
        ``I`` is the input's feature count (``O`` with ``transpose_kernel=True``).
    strides : sequence of n ints
        The input dilation (``stride - 1`` zeros between elements).
    padding : 'SAME', 'VALID', 'SAME_LOWER' or a sequence of n ``(low, high)`` pairs
        Pairs pad the zero-inserted input (negative values crop). 'SAME'/'VALID' use JAX's
        ``_conv_transpose_padding`` on the dilated kernel ``k``: SAME pads
        ``(k-1, s-1)`` when ``s > k-1`` and else ``(ceil((k+s-2)/2), floor((k+s-2)/2))``,
        VALID pads ``(k-1, s-1 + max(k-s, 0))``. 'SAME_LOWER' is passed to
        ``conv_general_dilated``, which refuses it when a stride is > 1 and otherwise pads
        ``k-1`` in total, the odd element low.
    rhs_dilation : sequence of n ints, optional
    dimension_numbers : None or three layout strings, e.g. ``('NCHW', 'OIHW', 'NCHW')``
    transpose_kernel : bool
        False (default): correlate with ``rhs`` as given (no rotation). True: rotate ``rhs`` by
        180 degrees and swap its ``I``/``O`` axes, which is the gradient of a convolution with
        ``rhs`` (TensorFlow's and PyTorch's convention).
    use_consistent_padding : bool
        False (default): ``(low, high)`` pairs pad the zero-inserted input. True: pairs are the
        forward convolution's padding (PyTorch's meaning): the pairs must be tuples and pad
        ``dilation*(kernel-1) - p``, i.e. they crop ``p`` from the full result.

    Returns
    -------
    ndarray in ``dimension_numbers[2]``'s layout
        Spatial size ``max(0, (in-1)*stride + 1 + lo + hi - dilation*(kernel-1))`` (JAX's
        ``conv_shape_tuple``; an input axis of size 0 counts as 0 before padding). Where
        negative padding leaves no element the result is empty, as in JAX, and ``explain``
        raises ``IndexError`` (there is no element to explain).

    Raises
    ------
    ValueError
        For a bad padding string or pair list, strides/rhs_dilation of the wrong length or < 1,
        feature sizes that do not match, a kernel axis of size 0 (JAX refuses an empty
        window), or negative padding larger than the zero-inserted input
        (``(in-1)*stride + 1 + lo + hi < 0``: "Negative padding is larger than the size of
        the corresponding dimension").
    TypeError
        For malformed dimension_numbers, non-sequence strides, or complex/non-numeric arrays.

    Notes
    -----
    Source: ``jax.lax.conv_transpose`` (``jax/_src/lax/convolution.py``).
    """
    given = (getattr(lhs, "dtype", None), getattr(rhs, "dtype", None))
    x = as_real_array(lhs, "lhs")
    w = as_real_array(rhs, "rhs")
    if all(g is not None for g in given) and np.dtype(given[0]) != np.dtype(given[1]):  # no promotion in JAX
        raise ArgumentTypeError(
            "lax.conv_general_dilated requires arguments to have the same dtypes, got "
            f"{np.dtype(given[0])}, {np.dtype(given[1])}."
        )
    if x.ndim < 2:
        raise ArgumentError("Function requires at least 2 dimensions")
    lhs_perm, rhs_perm, out_perm, specs = _permutations(dimension_numbers, x.ndim)
    if w.ndim != x.ndim:
        raise ArgumentError(
            f"conv_general_dilated lhs and rhs must have the same number of dimensions, but got "
            f"{x.shape} and {w.shape}."
        )
    nd = x.ndim - 2
    if isinstance(strides, int | str) or not isinstance(strides, Sequence | np.ndarray):
        raise ArgumentTypeError(f"strides must be a sequence of {nd} ints, got {strides!r}")
    try:
        stride = tuple(operator.index(s) for s in strides)
        dil = (1,) * nd if rhs_dilation is None else tuple(operator.index(d) for d in rhs_dilation)
    except TypeError:
        raise ArgumentError(f"strides {strides!r} and rhs_dilation {rhs_dilation!r} must be integers") from None
    if len(stride) != nd or len(dil) != nd:
        raise ArgumentError(
            f"conv_transpose: strides {stride} and rhs_dilation {dil} must have {nd} entries, one "
            "per spatial dimension"
        )
    if any(s < 1 for s in stride) or any(d < 1 for d in dil):
        raise ArgumentError(f"strides {stride} and rhs_dilation {dil} must be positive")
    kernel = tuple(int(w.shape[p]) for p in rhs_perm[2:])
    if 0 in kernel:
        raise ArgumentError(
            f"conv_transpose: rhs has a spatial axis of size 0 (kernel {kernel}); JAX refuses "
            "it: expects window to have positive value"
        )
    k_eff = tuple((k - 1) * d + 1 for k, d in zip(kernel, dil, strict=True))
    notes = []
    if use_consistent_padding and not isinstance(padding, str):
        pairs = list(padding)
        if len(pairs) != nd:
            raise ArgumentError(f"padding must have {nd} (low, high) pairs, got {len(pairs)}")
        for p in pairs:
            if not isinstance(p, tuple):
                raise ArgumentError(f"Invalid padding mode: {p}")
        pads = pads_for_crop(k_eff, [(operator.index(lo), operator.index(hi)) for lo, hi in pairs])
        notes.append(
            f"use_consistent_padding=True: the pairs {tuple(pairs)} are the forward "
            f"convolution's padding; the zero-inserted input is padded by {pads}"
        )
    elif isinstance(padding, str):
        if use_consistent_padding and padding not in ("SAME", "VALID"):
            raise ArgumentError(f"Invalid padding mode: {padding}")
        if padding in ("SAME", "VALID"):
            pads = tuple(
                conv_transpose_padding(k, s, padding) for k, s in zip(k_eff, stride, strict=True)
            )
            notes.append(
                f"padding={padding!r}: JAX's _conv_transpose_padding gives (low, high) = {pads}"
            )
        elif any(st > 1 for st in stride):
            raise ArgumentError(
                "String padding is not implemented for transposed convolution using this op. "
                "Please either exactly specify the required padding or use conv_transpose."
            )
        else:
            # At stride 1 any other string goes to conv_general_dilated, which upper-cases it
            # and applies the forward convolution's rule to the (not zero-inserted) input.
            mode = padding.upper()
            if mode == "SAME":
                pads = tuple(split_padding(k - 1) for k in k_eff)
            elif mode == "VALID":
                pads = ((0, 0),) * nd
            elif mode == "SAME_LOWER":
                pads = tuple(split_padding(k - 1, odd_at_end=False) for k in k_eff)
            else:
                raise ArgumentError(f"Unknown padding type: {padding}.")
            notes.append(
                f"padding={padding!r} at stride 1 is not one of conv_transpose's own 'SAME'/'VALID': "
                f"conv_general_dilated's forward {mode} rule gives (low, high) = {pads}"
            )
    else:
        try:
            pads = tuple((operator.index(lo), operator.index(hi)) for lo, hi in padding)
        except (TypeError, ValueError):
            raise ArgumentError(
                f"padding must be 'SAME', 'VALID', 'SAME_LOWER' or a sequence of (low, high) "
                f"pairs, got {padding!r}"
            ) from None
        if len(pads) != nd:
            raise ArgumentError(f"padding must have {nd} (low, high) pairs, got {len(pads)}")
    # the kernel the canonical transposed convolution uses, laid out (*spatial, I, O)
    o_axis, i_axis = rhs_perm[0], rhs_perm[1]
    if transpose_kernel:
        # rotated and I/O swapped by JAX; in canonical form: rhs with O read as input features
        w_map = AxisMap((*rhs_perm[2:], o_axis, i_axis))
        flipped: tuple[tuple[int, int], ...] = ()
        names = ("lhs", "rhs", "out")
        notes.append(
            "transpose_kernel=True: JAX rotates rhs by 180 degrees and swaps its I/O axes, "
            "so rhs's O axis holds the input features: TensorFlow's and PyTorch's convention"
        )
    else:
        w_map = AxisMap((*rhs_perm[2:], i_axis, o_axis))
        flipped = tuple((a, int(w.shape[a])) for a in rhs_perm[2:])
        names = ("lhs", "rot180(rhs)", "out")
        notes.append(
            "transpose_kernel=False: JAX correlates the zero-inserted input with rhs as given, "
            "not rotated; as a transposed convolution (the views above) its kernel is "
            "rot180(rhs). Terms index rhs itself."
        )
    c_in = x.shape[lhs_perm[1]]
    w_canon = w_map.to_canonical(w)
    if w_canon.shape[-2] != c_in:
        raise ArgumentError(
            "conv_general_dilated lhs feature dimension size divided by feature_group_count must "
            f"equal the rhs input feature dimension size, but {c_in} // 1 != {w_canon.shape[-2]}."
        )
    if flipped:
        w_canon = np.flip(w_canon, axis=tuple(range(nd)))
    x_map = AxisMap((lhs_perm[0], *lhs_perm[2:], lhs_perm[1]))
    out_map = AxisMap((out_perm[0], *out_perm[2:], out_perm[1]))
    xc = x_map.to_canonical(x)
    in_size = xc.shape[1:-1]
    out_size = _output_size(in_size, stride, k_eff, pads)
    # crop (begin, end) of the full result (in-1)*stride + k_eff: pads_for_crop read backwards
    # (begin = k_eff-1 - low); the end is read from JAX's output size, which differs from
    # k_eff-1 - high only for an empty result
    crop = tuple(
        (ke - 1 - lo, (i - 1) * st + ke - (ke - 1 - lo) - o)
        for i, st, ke, (lo, _), o in zip(in_size, stride, k_eff, pads, out_size, strict=True)
    )
    spec = ConvTransposeSpec(stride=stride, dilation=dil, crop=crop, groups=1)
    notes.append(
        f"in canonical form: crop (begin, end) = dilation*(kernel-1) - (low, high) = {crop} of "
        f"the full result (layouts {specs[0]}, {specs[1]}, {specs[2]})"
    )
    plan = ConvTransposePlan(
        op="jax.lax.conv_transpose",
        x=contiguous(xc),
        w=contiguous(w_canon),
        spec=spec,
        layouts=Layouts(x=x_map, w=w_map, out=out_map, names=names),
        notes=notes,
    )
    return JaxConvTransposePlan(plan, flipped)


# ----------------------------------------------------------------------------------------------
# Registry: the CLI's arguments and translate's inverse rule, beside the forward rules above.
# ----------------------------------------------------------------------------------------------


def _translate_candidates(ref: ConvTransposePlan) -> Iterator[tuple[dict[str, Any], tuple[tuple[int, int], ...]]]:
    """The inverse rule: explicit pairs from :func:`pads_for_crop` (with transpose_kernel=True,
    whose rhs has TensorFlow's layout) express every crop."""
    keff = [(k - 1) * d + 1 for k, d in zip(ref.kernel, ref.spec.dilation, strict=True)]
    yield (
        {
            "strides": list(ref.spec.stride),
            "padding": list(pads_for_crop(keff, ref.spec.crop)),
            "rhs_dilation": list(ref.spec.dilation),
            "transpose_kernel": True,
        },
        ((0, 0),) * ref.spec.ndim,
    )


def _translate_snippet(a: dict[str, Any], nd: int, has_bias: bool) -> list[str]:
    return [
        "import jax  # float64 needs jax.config.update('jax_enable_x64', True)",
        f"y = np.asarray(jax.lax.conv_transpose(xt, wt, strides={a['strides']}, "
        f"padding={a['padding']}, rhs_dilation={a['rhs_dilation']}, transpose_kernel=True))",
    ]


def parse_padding(text: str) -> Any:
    """CLI text -> ``padding``: 'SAME', 'VALID', 'SAME_LOWER', or pairs '1,1;0,2' (low,high per
    spatial axis)."""
    if text.upper() in ("SAME", "VALID", "SAME_LOWER"):
        return text  # as typed: at stride 1 JAX treats 'same' differently from "SAME"
    pairs = []
    for part in text.split(";"):
        values = ints("--padding")(part)
        if len(values) != 2:
            raise ValueError(f"--padding pairs are 'low,high;low,high', got {text!r}")
        pairs.append((values[0], values[1]))
    return pairs


register(Entry(
    "jax.lax.conv_transpose", conv_transpose, "jax", figure="overlay",
    cli=Cli((
        Option("--lhs", "lhs", "lhs array (.npy/.npz/.csv).", kind="array", required=True, what="lhs"),
        Option("--rhs", "rhs", "rhs array (.npy/.npz/.csv).", kind="array", required=True, what="rhs"),
        Option("--strides", "strides", "Comma-separated ints, one per spatial axis.", required=True,
               parse=ints("--strides")),
        Option("--padding", "padding", "SAME, VALID, SAME_LOWER or pairs 'lo,hi;lo,hi'.", required=True,
               parse=parse_padding),
        Option("--rhs-dilation", "rhs_dilation", "Comma-separated ints.", parse=ints("--rhs-dilation")),
        Option("--dimension-numbers", "dimension_numbers", "Three layouts, e.g. NCHW,OIHW,NCHW.",
               parse=lambda text: tuple(s.strip() for s in text.split(","))),
        Option("--transpose-kernel", "transpose_kernel", "Rotate rhs and swap its I/O axes, as JAX does.",
               kind="flag"),
        Option("--use-consistent-padding", "use_consistent_padding",
               "Pairs are the forward convolution's padding.", kind="flag"),
    ), help="Explain one element of jax.lax.conv_transpose.", at_help="Output index, comma-separated."),
    translate=TranslateRule(
        "lhs", "rhs", None, _translate_candidates, _translate_snippet, target=True, grouped=False,
        probe=lambda nd: {"strides": [1] * nd, "padding": "VALID", "transpose_kernel": True},
    ),
))


# ----------------------------------------------------------------------------------------------
# jax.image.resize
# ----------------------------------------------------------------------------------------------

from types import SimpleNamespace  # noqa: E402

from arraylens.ops.resize.plan import ResizePlan  # noqa: E402
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec  # noqa: E402

_RESIZE_METHODS = {"nearest": "nearest", "linear": "linear", "bilinear": "linear", "trilinear": "linear",
                   "triangle": "linear", "cubic": "cubic", "bicubic": "cubic", "tricubic": "cubic",
                   "lanczos3": "lanczos3", "lanczos5": "lanczos5"}
#: JAX's dtypes without jax_enable_x64: 64-bit arrays become 32-bit ones.
_JAX_32 = {"float64": np.float32, "int64": np.int32, "uint64": np.uint32, "complex128": np.complex64}


@frontend("jax.image.resize")
def image_resize(image: Any, shape: Sequence[int], method: str, antialias: bool = True,
                 precision: Any = None) -> ResizePlan:
    """Resize an array, as ``jax.image.resize`` (JAX 0.10, default 32-bit mode).

    Parameters
    ----------
    image : array_like
        Any rank; every axis whose size changes is resized.
    shape : sequence of int
        The output shape (one size per axis of ``image``).
    method : str
        'nearest', 'linear' ('bilinear', 'trilinear', 'triangle'), 'cubic' ('bicubic',
        'tricubic'), 'lanczos3' or 'lanczos5'.
        ``nearest``: ``floor((x + 0.5) * in / out)`` (half_pixel, round_prefer_ceil); the others
        are ``jax.image.scale_and_translate``: half-pixel centres, taps outside the input
        dropped, weights normalised, Keys cubic a = -0.5.
    antialias : bool
        Stretch the filter by ``in / out`` when downsampling (default True; not for nearest).
    precision : optional
        Accepted for signature compatibility; unused.

    Returns
    -------
    ndarray: nearest keeps the dtype; the others give a float (float32 for integers and bool,
    float16 stays float16). 64-bit inputs become 32-bit, as JAX without ``jax_enable_x64``.

    Raises
    ------
    ValueError
        JAX's messages: 'Unknown resize method "foo"', "shape must have length equal to the
        number of dimensions of x; ...".
    """
    x = np.asarray(image)
    if x.dtype.name in _JAX_32:
        x = x.astype(_JAX_32[x.dtype.name])
    if x.dtype.kind not in "biuf":
        raise ArgumentTypeError(f"jax.image.resize: arraylens resizes bool, integer and float arrays, got {x.dtype}")
    name = str(getattr(method, "name", method)).lower() if not isinstance(method, str) else method
    if name not in _RESIZE_METHODS:
        raise ArgumentError(f'Unknown resize method "{method}"')
    sizes = tuple(max(int(s), 0) for s in shape)
    if len(sizes) != x.ndim:
        raise ArgumentError("shape must have length equal to the number of dimensions of x;  "
                            f"{tuple(shape)} vs {x.shape}")
    kind = _RESIZE_METHODS[name]
    axes = tuple(k for k in range(x.ndim) if sizes[k] != x.shape[k])
    if any(x.shape[k] == 0 for k in axes):
        raise ArgumentError(f"jax.image.resize: cannot resize an empty axis (shape {x.shape} to {sizes})")
    if kind == "nearest":
        rules = tuple(AxisResize.of(x.shape[k], sizes[k], "half_pixel") for k in axes)
        spec = ResizeSpec(axes, rules, Filter("nearest", rounding="round_prefer_ceil"), "clamp", None,
                          Precision("exact"))
        return ResizePlan("jax.image.resize", x, spec, x.dtype, None, "nearest")
    filt = {"linear": Filter("linear", antialias=antialias, normalize=True),
            "cubic": Filter("cubic", cubic_a=-0.5, antialias=antialias, normalize=True),
            "lanczos3": Filter("lanczos", lobes=3, antialias=antialias, normalize=True),
            "lanczos5": Filter("lanczos", lobes=5, antialias=antialias, normalize=True)}[kind]
    # scale = out / in as a float32 (JAX's 32-bit mode), inverted in float32
    rules = tuple(AxisResize.of(x.shape[k], sizes[k], "half_pixel",
                                np.float32(sizes[k] / x.shape[k]) if sizes[k] else None) for k in axes)
    spec = ResizeSpec(axes, rules, filt, "exclude", None, Precision("float32", "multiply"))
    out = x.dtype if x.dtype.kind == "f" else np.dtype(np.float32)
    return ResizePlan("jax.image.resize", x, spec, out, np.float32,
                      name + ("" if antialias else ", antialias=False"))


#: ``arraylens.jax.image``: ``image.resize``.
image = SimpleNamespace(resize=image_resize)

__all__ += ["image"]

register(Entry(image_resize.name, image_resize, "jax", figure="sampling_grid", cli=Cli((
    Option("--image", "image", "The array (.npy, .npz or .csv).", kind="array", required=True, what="image",
            positional=True),
    Option("--shape", "shape", "The output shape, one size per axis.", required=True, parse=ints("--shape"),
            positional=True),
    Option("--method", "method", "The resize method.", default="linear", show_default=True,
           choices=tuple(_RESIZE_METHODS), positional=True),
    Option("--antialias/--no-antialias", "antialias", "Antialias when downsampling.", kind="flag", default=True,
            show_default=True),
), help="Explain one element of jax.image.resize: its source coordinate, input elements and weights.",
    result="shape")))
