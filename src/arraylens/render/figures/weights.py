"""A grid of convolution kernels, for any of the usual weight layouts.

Weights are signed; ``imshow`` wants RGB floats in 0..1. Here 0 (or ``center``) sits at the
middle of the scale and the largest magnitude at an end (:func:`display_range`,
``matplotlib.colors.CenteredNorm``), and a colour bar states the real values.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import CenteredNorm, Normalize
from matplotlib.figure import Figure

from arraylens.core.dtypes import as_real_array
from arraylens.core.errors import ArgumentError
from arraylens.render.figures._grid import FONT_SIZE
from arraylens.render.figures.scale import display_range, halfrange

LAYOUTS = {
    "OIHW": "PyTorch Conv2d weight",
    "IOHW": "PyTorch ConvTranspose2d weight",
    "HWIO": "TensorFlow conv2d filters",
    "HWOI": "TensorFlow conv2d_transpose filters",
    "OHWI": "channels-last (e.g. TFLite) weight",
}
MAX_PANELS = 64


class LayoutWarning(UserWarning):
    """The declared weight layout makes an implausible picture; another layout fits."""


def to_oihw(weights: Any, layout: str) -> np.ndarray:
    """``weights`` in ``layout`` as an (O, I, H, W) array.

    Raises
    ------
    ValueError
        For an unknown layout or an array that is not 4-d.
    TypeError
        For complex or non-numeric weights.
    """
    w = as_real_array(weights, "weights")
    key = str(layout).upper()
    if key not in LAYOUTS:
        raise ArgumentError(f"layout must be one of {', '.join(LAYOUTS)}; got {layout!r}")
    if w.ndim != 4:
        raise ArgumentError(f"weights must be 4-d ({key}: {LAYOUTS[key]}), got shape {w.shape}")
    return np.transpose(w, [key.index(ch) for ch in "OIHW"])


def _plausibility(h: int, w: int) -> int:
    """How much (H, W) looks like a kernel's spatial size: square, small."""
    return 2 * (h == w) + (max(h, w) <= 11) + (h > 1 or w > 1)


def guess_layouts(shape: tuple[int, ...]) -> list[str]:
    """The layouts under which ``shape`` reads as the most plausible kernels (best first).

    Kernels are nearly always square and small (1x1 .. 11x11); a reading whose "height" and
    "width" are unequal or large (e.g. 64x3) is the classic sign of a wrong layout.
    """
    scores = {}
    for name in LAYOUTS:
        h, w = shape[name.index("H")], shape[name.index("W")]
        scores[name] = _plausibility(h, w)
    best = max(scores.values())
    return [name for name, s in scores.items() if s == best]


def _check_layout(shape: tuple[int, ...], layout: str) -> None:
    key = layout.upper()
    fits = guess_layouts(shape)
    if key in fits:
        return
    h, w = shape[key.index("H")], shape[key.index("W")]
    first = fits[0]
    kh, kw = shape[first.index("H")], shape[first.index("W")]
    warnings.warn(
        f"weights of shape {shape} read as {key} give {h}x{w} kernels, which is unlikely for a "
        f"convolution; {' or '.join(fits)} fits better ({kh}x{kw} kernels, "
        f"{shape[first.index('O')]} outputs x {shape[first.index('I')]} inputs). "
        f"Pass layout={first!r} if that is what these weights are ({LAYOUTS[first]}).",
        LayoutWarning,
        stacklevel=3,
    )


def kernels(weights: Any, layout: str = "OIHW", *, center: float = 0.0, rgb: bool | None = None,
            cmap: str = "RdBu_r", max_panels: int = MAX_PANELS, cols: int | None = None,
            title: str | None = None) -> Figure:
    """A grid of the kernels of a 2-d convolution layer.

    With 3 input channels (and ``rgb`` not False) each output kernel is one RGB image, the three
    channels mapped by :func:`display_range` (``center`` at 0.5, the largest magnitude at 0 or
    1); a grey colour bar states which value each channel intensity means. Otherwise every
    (output, input) kernel is one panel in a diverging colour map scaled with
    ``CenteredNorm(center, largest magnitude)``, with one shared colour bar.

    Parameters
    ----------
    weights : array_like, 4-d
    layout : {'OIHW', 'IOHW', 'HWIO', 'HWOI', 'OHWI'}
        OIHW: PyTorch ``Conv2d``; IOHW: PyTorch ``ConvTranspose2d``; HWIO: TensorFlow
        ``conv2d``; HWOI: TensorFlow ``conv2d_transpose``; OHWI: channels-last.
    center : float
        The value at the middle of the scale.
    rgb : bool, optional
        Force (True, needs 3 input channels) or refuse (False) the RGB rendering.
    cmap : str
        Diverging colour map of the per-channel panels.
    max_panels : int
        At most this many panels (the first output kernels).
    cols : int, optional
        Panels per row (default: the input channels, or 8 for RGB).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes[-1]`` is the colour bar; ``fig.get_label()`` is ``"rgb"`` or ``"channels"``.

    Warns
    -----
    LayoutWarning
        When the declared layout reads the array as implausible kernels (unequal or large
        height and width) while another layout reads it as plausible ones; says which.

    Raises
    ------
    ValueError
        Unknown layout, not 4-d, ``rgb=True`` without 3 input channels, non-finite values.
    TypeError
        Complex or non-numeric weights.
    """
    w = to_oihw(weights, layout)
    _check_layout(np.shape(weights), str(layout))
    if not np.isfinite(w).all():
        raise ArgumentError("weights hold NaN or infinite values; no colour scale can show them")
    o, i, kh, kw = w.shape
    as_rgb = i == 3 if rgb is None else rgb
    if as_rgb and i != 3:
        raise ArgumentError(
            f"rgb=True needs 3 input channels; these weights have {i} (layout {layout})"
        )
    m = max(halfrange(w, center), 1e-12)
    if as_rgb:
        images = display_range(np.transpose(w, (0, 2, 3, 1)), center)  # (O, H, W, 3)
        count = min(o, max_panels)
        ncols = cols or min(count, 8)
    else:
        count = min(o * i, max_panels)
        ncols = cols or (i if 2 <= i <= 16 else 8)
        ncols = min(ncols, count)
    nrows = -(-count // ncols)
    size = max(0.9, min(1.6, 12 / ncols))
    fig = Figure(figsize=(size * ncols + 1.8, size * nrows + 0.9), layout="constrained")
    fig.set_label("rgb" if as_rgb else "channels")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    if as_rgb:
        for n in range(count):
            axes[n].imshow(images[n], interpolation="nearest")
            axes[n].set_title(f"out {n}", fontsize=FONT_SIZE)
        mappable = ScalarMappable(norm=Normalize(center - m, center + m), cmap="gray")
        label = "value of each colour channel (R, G, B)"
    else:
        norm = CenteredNorm(vcenter=center, halfrange=m)
        by_row = i > 1 and ncols == i  # one row per output kernel: name rows and columns once
        for n in range(count):
            oo, ii = divmod(n, i)
            axes[n].imshow(w[oo, ii], cmap=cmap, norm=norm, interpolation="nearest")
            if not by_row:
                axes[n].set_title(f"out {oo}, in {ii}" if i > 1 else f"out {oo}", fontsize=FONT_SIZE)
                continue
            if oo == 0:
                axes[n].set_title(f"in {ii}", fontsize=FONT_SIZE)
            if ii == 0:
                axes[n].set_ylabel(f"out {oo}", fontsize=FONT_SIZE)
        mappable = ScalarMappable(norm=norm, cmap=cmap)
        label = "weight value"
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[count:]:  # no empty slots
        fig.delaxes(ax)
    fig.colorbar(mappable, ax=list(axes[:count]), shrink=0.9, label=label)
    available = o if as_rgb else o * i
    shown = f"first {count} of {available}" if count < available else f"{count}"
    fig.suptitle(title or f"{shown} kernels {kh}x{kw}, layout {str(layout).upper()}, "
                          f"{center:g} at the middle of the scale", fontsize=FONT_SIZE + 1)
    return fig
