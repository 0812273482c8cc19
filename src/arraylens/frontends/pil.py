"""PIL front-end: ``PIL.Image.resize`` on arrays as ``Image.fromarray`` reads them (Pillow 13.0).

``(rows, cols)`` uint8 (mode L), ``(rows, cols, 3)`` uint8 (RGB), ``(rows, cols, 4)`` uint8
(RGBA), ``(rows, cols)`` int32 (I) or float32 (F). ``size`` is ``(width, height)``.
"""

from __future__ import annotations

from dataclasses import replace
from enum import IntEnum
from fractions import Fraction
from typing import Any

import numpy as np

from arraylens.core.dtypes import native_byte_order
from arraylens.core.errors import ArgumentError, ArgumentTypeError
from arraylens.core.explanation import Explanation, Section
from arraylens.core.frontend import check_index, frontend
from arraylens.core.registry import Cli, Entry, Option, register
from arraylens.ops.resize import fixed_point
from arraylens.ops.resize.plan import ResizePlan
from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec

__all__ = ["Resampling", "resize"]

_OP = "PIL.Image.resize"


class Resampling(IntEnum):
    """``PIL.Image.Resampling``: the same names and values."""

    NEAREST = 0
    LANCZOS = 1
    BILINEAR = 2
    BICUBIC = 3
    BOX = 4
    HAMMING = 5
    MKS2013 = 6
    MKS2021 = 7


_FILTERS = {
    Resampling.LANCZOS: Filter("lanczos", lobes=3, antialias=True),
    Resampling.BILINEAR: Filter("linear", antialias=True),
    Resampling.BICUBIC: Filter("cubic", cubic_a=-0.5, antialias=True),
    Resampling.BOX: Filter("box", antialias=True),
    Resampling.HAMMING: Filter("hamming", antialias=True),
    Resampling.MKS2013: Filter("mks2013", antialias=True),
    Resampling.MKS2021: Filter("mks2021", antialias=True),
    # (int)(start + (x + 0.5) * scale): half-pixel, halves rounded up (Pillow's running sum aside)
    Resampling.NEAREST: Filter("nearest", rounding="round_prefer_ceil"),
}


def _mode(x: np.ndarray) -> str:
    if x.dtype == np.uint8 and x.ndim == 2:
        return "L"
    if x.dtype == np.uint8 and x.ndim == 3 and x.shape[2] in (3, 4):
        return "RGB" if x.shape[2] == 3 else "RGBA"
    if x.dtype == np.int32 and x.ndim == 2:
        return "I"
    if x.dtype == np.float32 and x.ndim == 2:
        return "F"
    raise ArgumentTypeError(f"Cannot handle this data type: {(1, 1, *x.shape[2:])}, {x.dtype.str}")


class PILResizePlan(ResizePlan):
    """A ``PIL.Image.resize`` plan: the explanation's value is Pillow's, from its own taps and passes."""

    def explain(self, at: Any) -> Explanation:
        with np.errstate(invalid="ignore"):  # an I sum past int32's range: Pillow's value replaces the cast
            e = super().explain(at)
        index = check_index(at, self.output_shape())
        value, lines = fixed_point.pil_value_at(self.x, self.spec, index)
        title = "Pillow's arithmetic" + (" (8-bit fixed point)" if self.x.dtype == np.uint8 else "")
        sections = (*e.sections, Section(title, lines))
        if e.terms:
            sections = (
                *sections,
                Section("Canonical float terms (not Pillow's passes)", tuple(str(t) for t in e.terms)),
            )
        # the value is Pillow's: recomputed here from the taps with the kernel's own passes
        return replace(
            e,
            value=value,
            terms=(),
            offset=0.0,
            expected=value,
            sections=sections,
            summary=f"{e.summary.split(':')[0]}: {value} by Pillow's arithmetic",
        )


@frontend(_OP)
def resize(image: Any, size: Any, resample: int = Resampling.BICUBIC, box: Any = None) -> ResizePlan:
    """Resize an image, as ``Image.fromarray(image).resize(size, resample, box)`` (Pillow 13.0,
    ``src/libImaging/Resample.c``), returned as an array.

    Parameters
    ----------
    image : array_like
        uint8 ``(rows, cols)`` (L), ``(rows, cols, 3)`` (RGB), ``(rows, cols, 4)`` (RGBA); int32
        ``(rows, cols)`` (I); float32 ``(rows, cols)`` (F).
    size : (int, int)
        ``(width, height)`` of the result.
    resample : Resampling
        NEAREST (0), LANCZOS (1), BILINEAR (2), BICUBIC (3, the default), BOX (4), HAMMING (5),
        MKS2013 (6), MKS2021 (7): PIL's values.
        Every filter but NEAREST is half-pixel and antialiased: the support is scaled by
        ``in / out`` when downsampling, taps outside the image dropped, the weights normalised
        (BOX: 1 on ``(-0.5, 0.5]``; HAMMING: radius 1; MKS2013 and MKS2021: Magic Kernel
        Sharp, radius 2.5 and 4.5). NEAREST is Pillow's affine scaling:
        ``a = box width / width``, ``xo = left + a / 2`` advanced by ``a`` per pixel (a running
        double sum), the pick ``(int)xo``; no antialias, no premultiplied alpha.
    box : (left, upper, right, lower), optional
        The source region (floats, read as C floats), default the whole image.

    Returns
    -------
    ndarray of the image's dtype, ``(height, width[, channels])``. 8-bit images are computed in
    Pillow's fixed point (weights in 1/2**22, each pass rounded and clipped); RGBA is resized
    premultiplied by alpha (``MULDIV255``, then ``255 * c // alpha``), as Pillow does; I in
    double, each pass rounded half away from zero by Pillow's ``(int)`` cast (a sum past int32's
    range, the filters' overshoot on either side, gives INT_MIN as on x86, not a saturated
    value); F in double, each pass stored as float32. Two
    passes run horizontal first, vertical first when the height shrinks by more than twice as
    many pixels as the width (``height < rows and rows - height > 2 * (cols - width)``: Pillow
    13.0.0, python-pillow/Pillow#9549; measured).

    Raises
    ------
    ArgumentError
        Pillow's messages: "height and width must be > 0", "Unknown resampling filter (7). Use
        Image.Resampling.NEAREST (0), ...", "box can't exceed original image size", "box can't be
        empty", "box offset can't be negative".
    """
    x = np.asarray(image)
    if not x.dtype.isnative and native_byte_order(x).dtype in (np.int32, np.float32):
        x = native_byte_order(x)  # Image.fromarray reads '>i4' as I and '>f4' as F: the same values
    mode = _mode(x)
    try:
        resample = Resampling(int(resample))
    except ValueError:
        raise ArgumentError(
            f"Unknown resampling filter ({resample}). Use Image.Resampling.NEAREST (0), Image.Resampling.LANCZOS "
            "(1), Image.Resampling.BILINEAR (2), Image.Resampling.BICUBIC (3), Image.Resampling.BOX (4), "
            "Image.Resampling.HAMMING (5), Image.Resampling.MKS2013 (6) or Image.Resampling.MKS2021 (7)"
        ) from None
    try:
        ow, oh = (int(v) for v in size)
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"size must be a (width, height) pair of ints, got {size!r}") from None
    h, w = int(x.shape[0]), int(x.shape[1])
    b: tuple[float, ...]
    if box is None:
        b = (0.0, 0.0, float(w), float(h))
    else:
        b = tuple(float(v) for v in box)
        if len(b) != 4:
            raise ArgumentTypeError("box must be a 4-tuple (left, upper, right, lower)")
    if ow <= 0 or oh <= 0:
        raise ArgumentError("height and width must be > 0")
    if b[0] < 0 or b[1] < 0:
        raise ArgumentError("box offset can't be negative")
    if b[2] > w or b[3] > h:
        raise ArgumentError("box can't exceed original image size")
    if b[2] - b[0] < 0 or b[3] - b[1] < 0:
        raise ArgumentError("box can't be empty")
    ry = AxisResize.of(
        h, oh, "half_pixel", Fraction(oh) / Fraction(b[3] - b[1]) if b[3] > b[1] else None, roi=(b[1], b[3])
    )
    rx = AxisResize.of(
        w, ow, "half_pixel", Fraction(ow) / Fraction(b[2] - b[0]) if b[2] > b[0] else None, roi=(b[0], b[2])
    )
    spec = ResizeSpec(
        (0, 1), (ry, rx), _FILTERS[resample], "exclude", None, Precision("float64", "multiply", fixed_point="pil")
    )
    return PILResizePlan(_OP, x, spec, x.dtype, np.float64, f"{resample.name} ({mode})", {0: "rows", 1: "cols"})


def _parse_resample(text: str) -> int:
    t = text.strip().upper()
    for r in Resampling:
        if t in (r.name, str(int(r))):
            return int(r)
    raise ValueError(f"--resample must be one of {', '.join(r.name for r in Resampling)} or 0..7, got {text!r}")


def _parse_pair(text: str) -> tuple[int, int]:
    try:
        w, h = (int(p) for p in text.split(","))
    except ValueError:
        raise ValueError(f"--size must be width,height, got {text!r}") from None
    return w, h


def _parse_box(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(p) for p in text.split(","))
    except ValueError:
        raise ValueError(f"--box must be left,upper,right,lower, got {text!r}") from None
    if len(values) != 4:
        raise ValueError(f"--box must be left,upper,right,lower, got {text!r}")
    return values


register(
    Entry(
        resize.name,
        resize,
        "pil",
        aliases=("Image.resize",),
        figure="sampling_grid",
        cli=Cli(
            (
                Option(
                    "--image",
                    "image",
                    "The image (.npy, .npz or .csv) as Image.fromarray reads it.",
                    kind="array",
                    required=True,
                    what="image",
                    positional=True,
                ),
                Option("--size", "size", "width,height of the result.", required=True, parse=_parse_pair),
                Option(
                    "--resample",
                    "resample",
                    "NEAREST, LANCZOS, BILINEAR, BICUBIC, BOX, HAMMING, MKS2013, MKS2021 or its value.",
                    default="BICUBIC",
                    show_default=True,
                    parse=_parse_resample,
                ),
                Option("--box", "box", "left,upper,right,lower: the source region.", parse=_parse_box),
            ),
            help="Explain one output pixel of PIL.Image.resize: its source coordinate, the input pixels and weights, "
            "and what the other libraries give there.",
            result="shape",
        ),
    )
)
