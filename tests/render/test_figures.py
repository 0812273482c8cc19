"""Figures of arraylens.show: their content (numbers in cells, outlined cells, colour scales)."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from arraylens import tensorflow as tf
from arraylens.core.text import format_number
from arraylens.demos import cases
from arraylens.demos.conv_transpose import arguments
from arraylens.render.figures import (
    LayoutWarning,
    direct_view,
    display_range,
    guess_layouts,
    kernels,
    overlay,
)
from arraylens.render.figures._grid import cell_text
from arraylens.render.scene import build_scene

EXPECTED = np.array(cases()["conv2d_transpose"]["expected_2d"], dtype=float)


def motivating_explanation(at: tuple[int, ...] = (0, 0, 0, 0)):
    args, kwargs = arguments()
    return tf.conv2d_transpose.explain(*args, at=at, **kwargs)


def panel(fig: Figure, label: str) -> list[Axes]:
    return [ax for ax in fig.axes if ax.get_label() == label]


def written(ax: Axes) -> dict[tuple[int, int], str]:
    """The numbers written in an Axes' cells, by (row, col)."""
    out = {}
    for t in ax.texts:
        x, y = t.get_position()
        out[(round(y), round(x))] = t.get_text()
    return out


def outlined(fig: Figure, prefix: str) -> set[tuple[int, ...]]:
    """Indices named by the gids of outlined cells (``"term-input [0, 1, 0, 0]"``)."""
    found = set()
    for ax in fig.axes:
        for patch in ax.patches:
            gid = patch.get_gid() or ""
            if gid.startswith(prefix + " "):
                found.add(tuple(int(v) for v in re.findall(r"-?\d+", gid[len(prefix):])))
    return found


def colorbars(fig: Figure) -> list[Axes]:
    return [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]


# ---- overlay ----------------------------------------------------------------------------

def test_overlay_numbers_in_the_output_cells_equal_the_result():
    fig = overlay(motivating_explanation())
    (ax,) = panel(fig, "output")
    cells = written(ax)
    assert len(cells) == 25
    for (r, c), text in cells.items():
        assert text == format_number(EXPECTED[r, c])
    # the sum of the copies on the full grid is the result too (VALID: nothing cropped)
    (ax_sum,) = panel(fig, "sum")
    assert {k: float(v) for k, v in written(ax_sum).items()} == {
        (r, c): EXPECTED[r, c] for r in range(5) for c in range(5)
    }


def test_overlay_copy_panels_hold_each_input_times_the_kernel_at_its_stride_offset():
    args, _ = arguments()
    x, f = args[0][0, :, :, 0], args[1][:, :, 0, 0]
    fig = overlay(motivating_explanation())
    copies = panel(fig, "copy")
    assert len(copies) == 4
    for ax, (h, w) in zip(copies, [(0, 0), (0, 1), (1, 0), (1, 1)], strict=True):
        cells = written(ax)
        expected = {
            (2 * h + a, 2 * w + b): format_number(float(x[h, w] * f[a, b]))
            for a in range(3) for b in range(3)
        }
        assert cells == expected
    # 603 = (-67)(-9) is written where the first copy's last tap lands, not at out[0, 0]
    assert written(copies[0])[(2, 2)] == "603"


def test_overlay_marks_the_overlaps_and_the_focus_and_a_symmetric_colour_bar():
    fig = overlay(motivating_explanation((0, 1, 2, 0)))
    (ax_sum,) = panel(fig, "sum")
    overlaps = {(int(p.get_y() + 0.5), int(p.get_x() + 0.5)) for p in ax_sum.patches
                if p.get_gid() == "overlap"}
    # stride 2, kernel 3: the copies overlap on the even rows/columns 2
    assert overlaps == {(r, c) for r in range(5) for c in range(5) if r == 2 or c == 2}
    (ax_out,) = panel(fig, "output")
    (focus,) = [p for p in ax_out.patches if p.get_gid() == "focus"]
    assert (focus.get_y() + 0.5, focus.get_x() + 0.5) == (1, 2)
    # the input and the kernel panels have their own colour bars; one bar serves the rest
    (cbar,) = [c for c in colorbars(fig) if "output" in c.get_ylabel()]
    assert len(colorbars(fig)) == 3
    lo, hi = cbar.get_ylim()
    assert lo == pytest.approx(-hi)
    assert hi == pytest.approx(1942)


def test_overlay_says_where_the_603_a_reader_expects_really_lands():
    fig = overlay(motivating_explanation((0, 0, 0, 0)))
    caption = fig.get_suptitle().replace("\n", " ")
    assert "forgetting the 180° rotation pairs input[0, 0, 0, 0] with filters[2, 2, 0, 0]" \
        in caption
    assert "(-67)(-9) = 603, which lands at (2, 2)" in caption
    assert "not at out[0, 0, 0, 0]" in caption
    copies = panel(fig, "copy")
    marked = {
        (k, int(p.get_y() + 0.5), int(p.get_x() + 0.5))
        for k, ax in enumerate(copies) for p in ax.patches if p.get_gid() == "forgot-rotation"
    }
    assert marked == {(0, 2, 2)}  # in the copy of input[0, 0], on the cell that holds 603
    assert written(copies[0])[(2, 2)] == "603"
    # several terms: the wrong sum in the caption, one mark per mistaken product
    fig = overlay(motivating_explanation((0, 2, 2, 0)))
    assert "gives 2260, not 1620" in fig.get_suptitle().replace("\n", " ")
    marked = {
        (k, int(p.get_y() + 0.5), int(p.get_x() + 0.5))
        for k, ax in enumerate(panel(fig, "copy")) for p in ax.patches
        if p.get_gid() == "forgot-rotation"
    }
    assert marked == {(3, 4, 4), (2, 4, 0), (1, 0, 4), (0, 0, 0)}


def test_overlay_accepts_a_plan_and_draws_a_1d_and_a_3d_slice():
    rng = np.random.default_rng(4)
    x1 = rng.integers(-4, 5, size=(1, 4, 1)).astype(float)
    f1 = rng.integers(-3, 4, size=(3, 1, 1)).astype(float)
    plan = tf.conv1d_transpose.build_plan(x1, f1, [1, 8, 1], 2, padding="SAME")
    fig = overlay(plan)
    (ax,) = panel(fig, "output")
    out = plan.compute()[0, :, 0]
    assert {c: v for (_, c), v in written(ax).items()} == {
        c: format_number(out[c]) for c in range(8)
    }
    x3 = rng.normal(size=(1, 3, 3, 3, 1))
    f3 = rng.normal(size=(2, 2, 2, 1, 1))
    plan3 = tf.conv3d_transpose.build_plan(x3, f3, [1, 6, 6, 6, 1], 2, padding="SAME")
    fig3 = overlay(plan3, depth=3)
    (ax3,) = panel(fig3, "output")
    slice3 = plan3.compute()[0, 3, :, :, 0]
    assert {k: v for k, v in written(ax3).items()} == {
        (r, c): cell_text(float(slice3[r, c])) for r in range(6) for c in range(6)
    }


def test_overlay_rejects_what_it_cannot_draw():
    conv = tf.conv2d.explain(np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 1)), 1, "SAME",
                             at=(0, 0, 0, 0))
    with pytest.raises(TypeError) as err:
        overlay(conv)
    message = str(err.value)
    assert "draw transposed convolutions only" in message
    assert "explanation of tf.nn.conv2d, a forward convolution" in message
    assert "arraylens.tensorflow.conv2d_transpose.explain(..., at=...)" in message
    assert "NoneType" not in message and "carries" not in message
    conv1 = tf.conv1d.explain(np.ones((1, 4, 1)), np.ones((2, 1, 1)), 1, "VALID", at=(0, 0, 0))
    with pytest.raises(TypeError, match=re.escape("explanation of tf.nn.conv1d, a forward")):
        direct_view(conv1)
    with pytest.raises(TypeError, match="Explanation"):
        overlay(np.ones((3, 3)))
    x3 = np.ones((1, 2, 2, 2, 1))
    plan3 = tf.conv3d_transpose.build_plan(x3, np.ones((2, 2, 2, 1, 1)), [1, 4, 4, 4, 1], 2)
    with pytest.raises(IndexError, match="depth 4"):
        overlay(plan3, depth=4)


# ---- direct view -----------------------------------------------------------------------

@pytest.mark.parametrize("at", [(0, 0, 0, 0), (0, 1, 2, 0), (0, 2, 2, 0), (0, 4, 3, 0)])
def test_direct_view_outlines_exactly_the_explanations_terms(at):
    e = motivating_explanation(at)
    fig = direct_view(e)
    assert outlined(fig, "term-input") == {t.input_index for t in e.terms}
    assert outlined(fig, "term-weight") == {t.weight_index for t in e.terms}
    (ax_out,) = panel(fig, "output")
    assert {k: float(v) for k, v in written(ax_out).items()} == {
        (r, c): EXPECTED[r, c] for r in range(5) for c in range(5)
    }
    (ax_z,) = panel(fig, "direct-input")
    (window,) = [p for p in ax_z.patches if p.get_gid() == "window"]
    # the window of out[r, c] starts at padded position (r, c) (VALID: nothing cropped)
    assert (window.get_y() + 0.5, window.get_x() + 0.5) == (at[1], at[2])
    assert (window.get_height(), window.get_width()) == (3, 3)
    # the padded, zero-inserted input: 7x7 with x at rows/cols 2 and 4
    z_cells = written(ax_z)
    real = {(2, 2): "-67", (2, 4): "-77", (4, 2): "-117", (4, 4): "-127"}
    # every other cell is an inserted or padding zero, written 0 (in grey), not left blank
    assert z_cells == {(r, c): real.get((r, c), "0") for r in range(7) for c in range(7)}
    greys = {(round(t.get_position()[1]), round(t.get_position()[0])) for t in ax_z.texts
             if t.get_color() == "0.4"}
    assert greys == set(z_cells) - set(real)


def test_direct_view_random_multichannel_nchw_dilated_case():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(2, 3, 4, 5))  # NCHW
    f = rng.normal(size=(3, 2, 2, 3))  # [kh, kw, out, in]
    args = (x, f, [2, 2, 8, 10], 2)
    kwargs = {"padding": "SAME", "data_format": "NCHW", "dilations": [1, 2]}
    cases_ = [((1, 1, 3, 4), 6), ((0, 0, 0, 0), 3), ((1, 0, 6, 8), 12), ((1, 1, 4, 5), 0)]
    for at, n_terms in cases_:
        e = tf.conv2d_transpose.explain(*args, at=at, **kwargs)
        assert len(e.terms) == n_terms, at
        fig = direct_view(e)
        assert outlined(fig, "term-input") == {t.input_index for t in e.terms}
        assert outlined(fig, "term-weight") == {t.weight_index for t in e.terms}
        scene = build_scene(e)
        np.testing.assert_allclose(
            scene.contributions().sum(axis=(0, 3, 4)) + scene.bias,
            tf.conv2d_transpose(*args, **kwargs)[at[0], at[1]], rtol=1e-12, atol=1e-12,
        )


def test_direct_view_of_a_3d_slice_outlines_the_terms_of_every_layer():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(1, 3, 3, 3, 2))
    f = rng.normal(size=(3, 2, 2, 1, 2))
    e = tf.conv3d_transpose.explain(x, f, [1, 6, 6, 6, 1], 2, padding="SAME", at=(0, 2, 3, 1, 0))
    assert {t.input_index[1] for t in e.terms} == {0, 1}  # two input depths reach depth 2
    fig = direct_view(e)
    assert outlined(fig, "term-input") == {t.input_index for t in e.terms}
    assert outlined(fig, "term-weight") == {t.weight_index for t in e.terms}


def test_figures_never_show():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    overlay(motivating_explanation())
    direct_view(motivating_explanation())
    assert plt.get_fignums() == before


# ---- display_range and kernels (the imshow-of-weights case) ------------------------------

def kernel_case_weights() -> np.ndarray:
    """Weights shaped and ranged like the motivating case: OIHW (64, 3, 3, 3), -2.25 .. +2.0."""
    spec = cases()["kernel_display"]
    lo, hi = spec["value_range"]
    rng = np.random.default_rng(0)
    w = rng.uniform(lo, hi, size=spec["shape"])
    w.flat[5], w.flat[77] = lo, hi
    w.flat[100] = 0.0
    assert spec["layout"] == "OIHW"
    return w


def test_display_range_maps_zero_to_the_middle_and_the_largest_magnitude_to_an_end():
    w = kernel_case_weights()
    d = display_range(w)
    assert d.flat[100] == 0.5
    assert d.flat[5] == 0.0  # -2.25, the largest magnitude
    assert d.flat[77] == pytest.approx(0.5 + 2.0 / 4.5)  # +2.0 stops short of 1
    assert d.min() == 0.0 and d.max() < 1.0
    np.testing.assert_allclose(d, w / 4.5 + 0.5)
    assert display_range([-1.0, 3.0], center=1.0).tolist() == [0.0, 1.0]
    assert display_range(np.full((2, 2), 7.0)).tolist() == [[0.5, 0.5], [0.5, 0.5]]
    assert display_range([2, -4]).tolist() == [0.75, 0.0]


def test_display_range_rejects_what_it_cannot_scale():
    with pytest.raises(ValueError, match="infinite"):
        display_range([1.0, np.inf])
    with pytest.raises(TypeError, match="complex"):
        display_range([1j])
    with pytest.raises(ValueError, match="center"):
        display_range([1.0], center=np.nan)


def test_kernels_rgb_grid_of_the_motivating_case():
    w = kernel_case_weights()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = kernels(w, "OIHW")
    assert fig.get_label() == "rgb"
    images = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(images) == 64
    scaled = display_range(w)
    for o in (0, 5, 63):
        np.testing.assert_allclose(images[o], scaled[o].transpose(1, 2, 0))
    (cbar,) = colorbars(fig)
    assert cbar.get_ylim() == pytest.approx((-2.25, 2.25))


@pytest.mark.parametrize("layout", ["OIHW", "IOHW", "HWIO", "HWOI", "OHWI"])
def test_kernels_reads_every_layout(layout):
    rng = np.random.default_rng(1)
    oihw = rng.normal(size=(4, 2, 3, 3))
    arranged = np.transpose(oihw, ["OIHW".index(ch) for ch in layout])
    fig = kernels(arranged, layout)
    assert fig.get_label() == "channels"
    images = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(images) == 8
    for n, img in enumerate(images):
        np.testing.assert_array_equal(img, oihw[n // 2, n % 2])
    (cbar,) = colorbars(fig)
    lo, hi = cbar.get_ylim()
    assert lo == pytest.approx(-hi) and hi == pytest.approx(np.abs(oihw).max())


def test_kernels_warns_when_the_declared_layout_reads_as_implausible_kernels():
    w = kernel_case_weights()  # OIHW (64, 3, 3, 3)
    with pytest.warns(LayoutWarning, match=r"64x3 kernels.*OIHW"):
        kernels(w, "HWIO")
    hwio = np.transpose(w, (2, 3, 1, 0))  # (3, 3, 3, 64)
    with pytest.warns(LayoutWarning, match=r"HWIO"):
        kernels(hwio, "OIHW", rgb=False, max_panels=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kernels(hwio, "HWIO")
    assert guess_layouts((64, 3, 3, 3))[0] == "OIHW"
    assert "HWIO" in guess_layouts((3, 3, 3, 64))


def test_kernels_rejects_bad_arguments():
    with pytest.raises(ValueError, match="layout must be one of"):
        kernels(np.zeros((1, 1, 3, 3)), "NCHW")
    with pytest.raises(ValueError, match="4-d"):
        kernels(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="3 input channels"):
        kernels(np.zeros((2, 4, 3, 3)), rgb=True)
    with pytest.raises(ValueError, match="NaN"):
        kernels(np.full((1, 1, 3, 3), np.nan))


def test_full_sum_equals_the_placed_copies_and_an_unreached_3d_slice_is_empty():
    rng = np.random.default_rng(8)
    x = rng.normal(size=(1, 5, 4, 3))
    f = rng.normal(size=(3, 2, 2, 3))
    plan = tf.conv2d_transpose.build_plan(x, f, [1, 14, 8, 2], [3, 2], padding="SAME",
                                          dilations=[1, 2])
    scene = build_scene(plan, out_channel=1)
    copies = scene.copies_on_full(np.arange(20))
    np.testing.assert_allclose(scene.full_sum(), copies.sum(axis=0), rtol=1e-12, atol=1e-12)
    (b0, e0), (b1, e1) = scene.crop
    full = scene.full_sum()
    np.testing.assert_allclose(full[b0: full.shape[0] - e0, b1: full.shape[1] - e1],
                               plan.compute()[0, :, :, 1], rtol=1e-12, atol=1e-12)
    # stride 3, kernel depth 1: output depths 1 and 2 of each period receive nothing
    x3 = rng.normal(size=(1, 3, 3, 3, 1))
    plan3 = tf.conv3d_transpose.build_plan(x3, rng.normal(size=(1, 2, 2, 1, 1)),
                                           [1, 9, 6, 6, 1], [1, 3, 2, 2, 1], padding="VALID")
    e = plan3.explain((0, 1, 2, 2, 0))
    assert e.terms == () and e.value == 0
    assert build_scene(e).layers == 0
    (ax,) = panel(overlay(e), "output")
    assert set(written(ax).values()) == {"0"}
    assert outlined(direct_view(e), "term-input") == set()


def test_source_map_labels_each_padded_cell_with_its_source_index() -> None:
    from arraylens import numpy as anp
    from arraylens.render.figures import source_map

    e = anp.pad.explain(np.arange(3.0), (2, 1), "symmetric", at=(0,))
    fig = source_map(e)
    ax = next(a for a in fig.axes if a.get_label() == "source map")
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["1", "0", "0", "1", "2", "2"]  # symmetric: -2 -> 1, -1 -> 0, 3 -> 2
    explained = [p for p in ax.patches if p.get_gid() == "explained"]
    assert len(explained) == 1 and explained[0].get_xy() == (-0.5, -0.5)
    from matplotlib.colors import to_hex

    from arraylens.render.figures.padding import INPUT_COLOR, MODE_COLORS

    cells = [to_hex(p.get_facecolor()) for p in ax.patches if p.get_gid() != "explained"]
    sym, inp = MODE_COLORS["symmetric"], INPUT_COLOR
    assert cells == [sym, sym, inp, inp, inp, sym]
    with pytest.raises(ValueError, match="has no source map"):
        source_map(anp.argmax.explain(np.arange(3.0), at=()))
