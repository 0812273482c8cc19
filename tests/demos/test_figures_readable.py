"""The demo figures are readable: whole titles, integer ticks, numbers that contrast with cells."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from rich.console import Console

from arraylens import cov_to_corr, max_with_index, nested_stack
from arraylens.demos import argmax_values, cases
from arraylens.demos import corrcoef_mst as corrcoef_demo
from arraylens.demos import nested_stack as nested_demo
from arraylens.render.figures.contrast import contrast_ratio, relative_luminance, text_color_on


def _cell_texts(ax) -> dict[tuple[int, int], Text]:
    out = {}
    for t in ax.texts:
        c, r = t.get_position()
        out[(round(r), round(c))] = t
    return out


def _assert_numbers_contrast(ax, values: np.ndarray) -> None:
    """Each cell's text is the better of black/white on the cell's colour, and legible."""
    image = ax.images[0]
    colors = image.to_rgba(values)
    texts = _cell_texts(ax)
    assert set(texts) == set(np.ndindex(*values.shape))
    for (r, c), t in texts.items():
        cell = tuple(colors[r, c, :3])
        ratio = contrast_ratio(t.get_color(), cell)
        other = "white" if t.get_color() == "black" else "black"
        assert ratio >= contrast_ratio(other, cell), (r, c, t.get_text())
        assert ratio >= 4.5, (r, c, t.get_text(), ratio)  # WCAG AA for normal text


def _draw(fig: Figure):
    """Lay the figure out as savefig does (constrained layout runs at draw time)."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _inside_figure(fig: Figure, artists) -> None:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    box = fig.bbox
    for a in artists:
        if not a.get_visible() or not a.get_text():
            continue
        ext = a.get_window_extent(renderer)
        assert ext.x0 >= box.x0 - 0.5 and ext.x1 <= box.x1 + 0.5, a.get_text()
        assert ext.y0 >= box.y0 - 0.5 and ext.y1 <= box.y1 + 0.5, a.get_text()


def test_luminance_rule():
    assert relative_luminance("white") == pytest.approx(1.0)
    assert relative_luminance("black") == pytest.approx(0.0)
    assert contrast_ratio("black", "white") == pytest.approx(21.0)
    assert text_color_on("#08306b") == "white"  # darkest Blues
    assert text_color_on("#f7fbff") == "black"  # lightest Blues
    assert text_color_on("yellow") == "black"


def test_argmax_figure_shows_every_value_and_boxes_the_winners():
    case = cases()["argmax_values"]
    x = np.array(case["x"])
    values, indices = max_with_index(x, axis=0)
    fig = argmax_values.figure(x, 0, indices, values)
    _draw(fig)
    (ax, _cbar) = fig.axes
    assert "np.argmax(x, axis=0) = [5, 6, 7]" in ax.get_title()
    _inside_figure(fig, [ax.title, *ax.get_xticklabels(), *ax.get_yticklabels()])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(r) for r in range(10)]
    texts = _cell_texts(ax)
    for (r, c), t in texts.items():
        assert t.get_text() == f"{x[r, c]:.3f}"
        assert (t.get_fontweight() == "bold") == (indices[c] == r)
        assert t.get_fontsize() >= 9
    assert [texts[(int(r), c)].get_text() for c, r in enumerate(indices)] == [
        "0.992", "0.925", "0.885"
    ]
    boxes = {p.get_gid(): p.get_xy() for p in ax.patches if p.get_gid()}
    assert boxes == {f"winner-{c}": (c - 0.5, r - 0.5) for c, r in enumerate(case["expected_indices"])}
    _assert_numbers_contrast(ax, x)


def test_nested_stack_figure_layout_and_contrast():
    x = np.array(cases()["nested_stack"]["x"], dtype=float)
    stacked = nested_stack([[2 + x, 2 - x], [2 * x, 2 / x]])
    fig = nested_demo.figure(x, stacked)
    renderer = _draw(fig)
    sup = fig._suptitle.get_window_extent(renderer)  # type: ignore[union-attr]
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(fig.axes) == len(panels) + 1  # one colour bar for the shared scale
    for b, ax in enumerate(panels):
        assert ax.get_title() == f"result[{b}] (x = {x[b]:g})"
        title = ax.title.get_window_extent(renderer)
        assert not sup.overlaps(title) and sup.y0 >= title.y1  # the suptitle sits above
        _inside_figure(fig, [ax.title, *ax.get_xticklabels(), *ax.get_yticklabels()])
        assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1"]
        assert [_cell_texts(ax)[(r, c)].get_text() for r, c in np.ndindex(2, 2)] == [
            f"{v:.3g}" for v in stacked[b].ravel()
        ]
        _assert_numbers_contrast(ax, stacked[b])
    # the darkest cell (6 on navy) is written in white
    assert _cell_texts(panels[2])[(1, 0)].get_color() == "white"


def test_corrcoef_figure_names_each_matrix_once_and_contrasts():
    m = np.array(cases()["corrcoef_mst"]["mm_rows"], dtype=float)
    a = np.cov(m)
    fig = corrcoef_demo.figure(np.corrcoef(m), np.corrcoef(a), cov_to_corr(a))
    _draw(fig)
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(fig.axes) == 4  # the three matrices and one colour bar (-1..1)
    titles = [ax.get_title() for ax in panels]
    assert titles[0] == "R = np.corrcoef(m)"
    assert titles[1].startswith("R' = np.corrcoef(A), A = np.cov(m)")
    assert titles[2] == "cov_to_corr(A) = R"
    assert _cell_texts(panels[1])[(0, 1)].get_text() == "0.866"
    assert _cell_texts(panels[0])[(0, 1)].get_text() == "0.671"
    for ax, mat in zip(panels, (np.corrcoef(m), np.corrcoef(a), cov_to_corr(a)), strict=True):
        _inside_figure(fig, [ax.title, *ax.get_xticklabels(), *ax.get_yticklabels()])
        _assert_numbers_contrast(ax, mat)


def test_corrcoef_demo_prints_the_covariance_it_feeds_to_corrcoef(tmp_path):
    buffer = io.StringIO()
    corrcoef_demo.run(Console(file=buffer, width=200), tmp_path)
    text = buffer.getvalue()
    # the deviation products use A's rows (10, 6, 0 ...): A is printed before them
    assert "A = np.cov(m), the covariance matrix of the data:" in text
    assert "[[10.  6.  0.]\n [ 6.  8. -8.]\n [ 0. -8. 32.]]" in text
    assert text.index("A = np.cov(m)") < text.index("(A_ik - mean_i)")
    assert "k=0: (10 - 5.33333) * (6 - 2) = 18.6667" in text
    assert "R' = np.corrcoef(A)" in text and "R = np.corrcoef(m)" in text


def test_every_number_in_the_conv_figures_contrasts_with_its_cell():
    from arraylens import tensorflow as tf
    from arraylens.demos.conv_transpose import arguments
    from arraylens.render.figures import direct_view, overlay

    args, kwargs = arguments()
    e = tf.conv2d_transpose.explain(*args, at=(0, 0, 0, 0), **kwargs)
    checked = 0
    for fig in (overlay(e), direct_view(e)):
        for ax in fig.axes:
            if not ax.images or not ax.texts:
                continue
            image = ax.images[0]
            colors = image.to_rgba(np.asarray(image.get_array()))
            for t in ax.texts:
                c, r = (round(v) for v in t.get_position())
                cell = tuple(colors[r, c, :3])
                if t.get_color() == "0.4":  # an inserted zero of the direct view, in grey
                    assert t.get_text() == "0" and contrast_ratio("0.4", cell) >= 4.5
                    continue
                other = "white" if t.get_color() == "black" else "black"
                assert contrast_ratio(t.get_color(), cell) >= contrast_ratio(other, cell), (
                    ax.get_label(), t.get_text())
                checked += 1
    assert checked > 60
