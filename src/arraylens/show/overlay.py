"""The scatter ("overlay") view of a 2-d transposed convolution as a figure."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import CenteredNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from arraylens.conv_plan import ConvTransposePlan
from arraylens.explanation import format_number

MAX_COPIES = 16
MAX_ANNOTATED_CELLS = 144


def scatter_copies(plan: ConvTransposePlan, batch: int = 0, out_channel: int = 0) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Each input position's scaled kernel copy placed on the full output grid.

    Returns ``(copies, positions)``: ``copies`` has shape (P, *full_size), one layer per input
    spatial position (summed over that group's input channels for ``out_channel``), and the
    sum over the layers, cropped, is the output channel ``out_channel`` of batch item ``batch``.
    """
    spec = plan.spec
    nd = spec.ndim
    in_size = plan.x.shape[1:-1]
    full = spec.full_size(in_size, plan.kernel)
    c_out_g = plan.w.shape[-1]
    c_in_g = plan.x.shape[-1] // spec.groups
    g, co = divmod(out_channel, c_out_g)
    xs = plan.x[batch][..., g * c_in_g : (g + 1) * c_in_g]  # (*in, c_in_g)
    ws = plan.w[..., g * c_in_g : (g + 1) * c_in_g, co]  # (*k, c_in_g)
    # copy[p] = sum_ci x[p, ci] * w[:, ci]  -> (*in, *k)
    local = np.tensordot(xs, ws, axes=([nd], [nd]))
    positions = [tuple(int(v) for v in p) for p in np.ndindex(*in_size)]
    copies = np.zeros((len(positions), *full), dtype=local.dtype)
    for n, p in enumerate(positions):
        sel = tuple(
            slice(pp * s, pp * s + d * (k - 1) + 1, d)
            for pp, s, d, k in zip(p, spec.stride, spec.dilation, plan.kernel, strict=True)
        )
        copies[(n, *sel)] = local[p]
    return copies, positions


def _draw_grid(ax: Axes, values: np.ndarray, title: str, norm: CenteredNorm, annotate: bool,
               crop: tuple[tuple[int, int], ...] | None = None) -> None:
    grid = np.atleast_2d(values)
    ax.imshow(grid, cmap="RdBu_r", norm=norm)
    ax.set_title(title, fontsize=9)
    ax.set_xticks(range(grid.shape[1]))
    ax.set_yticks(range(grid.shape[0]))
    ax.tick_params(labelsize=7)
    if annotate and grid.size <= MAX_ANNOTATED_CELLS:
        for (r, c), v in np.ndenumerate(grid):
            if v != 0:
                ax.text(c, r, format_number(float(v)), ha="center", va="center", fontsize=7)
    if crop is not None:
        (b0, e0), (b1, e1) = crop if len(crop) == 2 else ((0, 0), crop[0])
        h, w = grid.shape
        ax.add_patch(_crop_rect(b1, b0, w - b1 - e1, h - b0 - e0))


def _crop_rect(x0: int, y0: int, w: int, h: int) -> Rectangle:
    return Rectangle((x0 - 0.5, y0 - 0.5), w, h, fill=False, edgecolor="black", linewidth=2, linestyle="--")


def overlay(plan: ConvTransposePlan, batch: int = 0, out_channel: int = 0) -> Figure:
    """Figure of the scatter view of a 1-d or 2-d transposed convolution.

    One panel per input position (its value times the kernel, at its stride offset, on the full
    output grid), then their sum with the crop marked, then the cropped output.

    Parameters
    ----------
    plan : ConvTransposePlan
        A translated call (e.g. ``arraylens.tensorflow.conv2d_transpose.build_plan(...)``).
    batch, out_channel : int
        Which batch item and output channel (canonical numbering) to draw.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        For 3-d convolutions.
    """
    if plan.spec.ndim > 2:
        raise ValueError("overlay draws 1-d and 2-d transposed convolutions; pick a 2-d slice of a 3-d one")
    copies, positions = scatter_copies(plan, batch, out_channel)
    total = copies.sum(axis=0)
    out = plan.compute()
    out_c = plan.layouts.out.to_canonical(out)[batch, ..., out_channel]
    shown = positions[:MAX_COPIES]
    panels = len(shown) + 2
    cols = min(panels, 4)
    rows = -(-panels // cols)
    fig = Figure(figsize=(3.2 * cols, 3.0 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    norm = CenteredNorm(vcenter=0.0, halfrange=float(max(np.abs(copies).max(), np.abs(total).max(), 1e-12)))
    xname = plan.layouts.names[0]
    for ax, p, layer in zip(axes, shown, copies, strict=False):
        value = plan.x[batch][p].sum() if plan.x.shape[-1] == 1 else None
        label = f"{xname}{list(p)}" + (f" = {format_number(float(value))}" if value is not None else "")
        _draw_grid(ax, layer, f"{label} x kernel\ncorner at {tuple(pp * s for pp, s in zip(p, plan.spec.stride, strict=True))}", norm, True)
    k = len(shown)
    _draw_grid(axes[k], total, "sum of the copies (full)\ndashed: the crop kept", norm, True, plan.spec.crop)
    _draw_grid(axes[k + 1], out_c, "output", norm, True)
    for ax in axes[k + 2 :]:
        ax.set_visible(False)
    if len(positions) > MAX_COPIES:
        fig.suptitle(f"first {MAX_COPIES} of {len(positions)} input positions shown")
    else:
        fig.suptitle(f"{plan.op}: every input element adds a scaled, unflipped copy of the kernel")
    return fig
