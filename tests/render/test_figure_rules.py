"""Rules every figure keeps (issue 18): no empty slot, a colour bar on every heat map, titles and
labels at least at the figures' base font size, numbers drawn above the marks on their cells,
and a spanning tree drawn as a tree.

``figure_problems`` checks one figure; the tests run it over every figure arraylens draws (the
``arraylens.show`` figures on several calls and the demos' own figures).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from arraylens import cov_to_corr, max_with_index, nested_stack
from arraylens import numpy as alnp
from arraylens import tensorflow as tf
from arraylens import torch as th
from arraylens.demos import argmax_values, cases
from arraylens.demos import corrcoef_mst as corrcoef_demo
from arraylens.demos import nested_stack as nested_demo
from arraylens.demos.conv_transpose import arguments
from arraylens.ops.mst.prim import correlation_mst
from arraylens.render.figures import blocks, direct_view, kernels, overlay, source_map, spanning_tree
from arraylens.render.figures._grid import FONT_SIZE
from arraylens.render.figures.spanning_tree import tree_layout


def _bars(fig: Figure) -> list[Axes]:
    return [ax for ax in fig.axes if hasattr(ax, "_colorbar")]


def _is_heat_map(ax: Axes) -> bool:
    """An image of scalar values through a colour map (an RGB image needs no colour bar of
    its own)."""
    return any(np.ndim(im.get_array()) == 2 for im in ax.images)


def figure_problems(fig: Figure) -> list[str]:
    """Every broken rule of ``fig``, one line each (empty: the figure keeps them all)."""
    FigureCanvasAgg(fig).draw()
    problems = []
    bars = _bars(fig)
    served = {id(p) for b in bars for p in getattr(b, "_colorbar_info", {}).get("parents", [])}
    sup = fig.get_suptitle()
    if sup and fig._suptitle.get_fontsize() < FONT_SIZE:  # type: ignore[union-attr]
        problems.append(f"suptitle at {fig._suptitle.get_fontsize()} pt")  # type: ignore[union-attr]
    for b in bars:
        if b.yaxis.label.get_text() and b.yaxis.label.get_fontsize() < FONT_SIZE:
            problems.append(f"colour bar label {b.yaxis.label.get_text()!r} too small")
    for ax in fig.axes:
        if ax in bars:
            continue
        name = ax.get_label() or ax.get_title() or "an axes"
        drawn = ax.images or ax.patches or ax.lines or ax.collections or ax.texts
        if not ax.get_visible() or not drawn:
            problems.append(f"empty slot: {name}")
            continue
        if _is_heat_map(ax) and id(ax) not in served:
            problems.append(f"heat map without a colour bar: {name}")
        for text in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label):
            if text.get_text() and text.get_fontsize() < FONT_SIZE:
                problems.append(f"{name}: label {text.get_text()!r} at {text.get_fontsize()} pt")
        marks = [a for a in [*ax.patches, *ax.collections] if a.get_hatch()]
        if marks:
            top = max(a.get_zorder() for a in marks)
            under = [t.get_text() for t in ax.texts if t.get_zorder() <= top]
            if under:
                problems.append(f"{name}: numbers under the hatching: {under[:3]}")
    return problems


def _motivating(at: tuple[int, ...] = (0, 0, 0, 0)):
    args, kwargs = arguments()
    return tf.conv2d_transpose.explain(*args, at=at, **kwargs)


def _torch_multichannel():
    rng = np.random.default_rng(0)
    return th.conv_transpose2d.explain(rng.normal(size=(1, 3, 2, 3)), rng.normal(size=(3, 1, 3, 3)),
                                       stride=2, padding=1, at=(0, 0, 1, 1))


def _conv3d_slice():
    rng = np.random.default_rng(3)
    return tf.conv3d_transpose.explain(rng.normal(size=(1, 2, 2, 2, 1)), rng.normal(size=(2, 2, 2, 1, 1)),
                                       [1, 4, 4, 4, 1], 2, padding="VALID", at=(0, 1, 1, 1, 0))


def _conv1d():
    rng = np.random.default_rng(4)
    return tf.conv1d_transpose.explain(rng.normal(size=(1, 3, 1)), rng.normal(size=(3, 1, 1)), [1, 7, 1], 2,
                                       padding="VALID", at=(0, 2, 0))


def _mst(n: int, branchy: bool) -> Figure:
    rng = np.random.default_rng(n)
    if n == 3:
        corr = np.array([[1, 0.9, 0.5], [0.9, 1, 0.8], [0.5, 0.8, 1.0]])
    else:
        f = rng.normal(size=(60, 3))
        x = f @ rng.normal(size=(3, n)) + rng.normal(size=(60, n)) if branchy else rng.normal(size=(60, n)).cumsum(1)
        corr = np.corrcoef(x, rowvar=False)
    return spanning_tree(correlation_mst(corr))


def _demo_figures() -> dict[str, Callable[[], Figure]]:
    x = np.array(cases()["argmax_values"]["x"])
    values, indices = max_with_index(x, axis=0)
    xs = np.array(cases()["nested_stack"]["x"], dtype=float)
    m = np.array(cases()["corrcoef_mst"]["mm_rows"], dtype=float)
    a = np.cov(m)
    return {
        "demo argmax": lambda: argmax_values.figure(x, 0, indices, values),
        "demo nested_stack": lambda: nested_demo.figure(xs, nested_stack([[2 + xs, 2 - xs], [2 * xs, 2 / xs]])),
        "demo corrcoef": lambda: corrcoef_demo.figure(np.corrcoef(m), np.corrcoef(a), cov_to_corr(a)),
    }


FIGURES: dict[str, Callable[[], Figure]] = {
    "overlay motivating": lambda: overlay(_motivating()),
    "overlay torch 3 channels": lambda: overlay(_torch_multichannel()),
    "overlay 1-d": lambda: overlay(_conv1d()),
    "overlay 3-d slice": lambda: overlay(_conv3d_slice()),
    "overlay 9 copies": lambda: overlay(tf.conv2d_transpose.build_plan(
        np.arange(9.0).reshape(1, 3, 3, 1), np.ones((2, 2, 1, 1)), [1, 6, 6, 1], 2, padding="VALID")),
    "direct motivating": lambda: direct_view(_motivating()),
    "direct torch 3 channels": lambda: direct_view(_torch_multichannel()),
    "kernels channels": lambda: kernels(np.random.default_rng(1).normal(size=(4, 2, 3, 3)), "OIHW"),
    "kernels 5 of 1 channel": lambda: kernels(np.random.default_rng(1).normal(size=(5, 1, 3, 3)), "OIHW"),
    "kernels rgb": lambda: kernels(np.random.default_rng(2).normal(size=(5, 3, 3, 3)), "OIHW"),
    "mst 3": lambda: _mst(3, False),
    "mst 12 chain": lambda: _mst(12, False),
    "mst 80 branchy": lambda: _mst(80, True),
    "blocks": lambda: blocks(tf.depth_to_space.explain(np.arange(16.0).reshape(1, 2, 2, 4), 2, at=(0, 1, 2, 0))),
    "source map": lambda: source_map(alnp.pad.explain(np.arange(6.0).reshape(2, 3), 2, mode="reflect", at=(0, 0))),
    **_demo_figures(),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_keeps_the_rules(name: str) -> None:
    assert figure_problems(FIGURES[name]()) == []


def test_the_checker_finds_each_broken_rule() -> None:
    """The rules can fail: a figure that breaks each of them is reported for each."""
    fig = Figure()
    heat, _empty, hatched = fig.subplots(1, 3)
    heat.imshow(np.arange(4.0).reshape(2, 2))
    heat.set_title("tiny", fontsize=5)
    hatched.imshow(np.arange(4.0).reshape(2, 2), cmap="gray")
    fig.colorbar(hatched.images[0], ax=hatched)
    hatched.text(0, 0, "7", zorder=1)
    from matplotlib.patches import Rectangle

    hatched.add_patch(Rectangle((-0.5, -0.5), 1, 1, fill=False, hatch="///", zorder=2))
    found = "\n".join(figure_problems(fig))
    assert "heat map without a colour bar" in found
    assert "empty slot" in found
    assert "label 'tiny' at 5" in found
    assert "numbers under the hatching: ['7']" in found


def test_the_overlay_shows_the_input_and_the_kernel_and_fills_every_slot() -> None:
    fig = overlay(_motivating())
    labels = [ax.get_label() for ax in fig.axes if not hasattr(ax, "_colorbar")]
    assert labels == ["input", "kernel", "copy", "copy", "copy", "copy", "sum", "output"]
    (ax_x,) = [ax for ax in fig.axes if ax.get_label() == "input"]
    (ax_w,) = [ax for ax in fig.axes if ax.get_label() == "kernel"]
    np.testing.assert_array_equal(ax_x.images[0].get_array(), [[-67, -77], [-117, -127]])
    np.testing.assert_array_equal(ax_w.images[0].get_array(), np.arange(-1.0, 8.0).reshape(3, 3) * 0
                                  + ax_w.images[0].get_array())  # shape (3, 3), as given
    assert ax_w.images[0].get_array().shape == (3, 3)


def test_numbers_on_overlaps_sit_on_a_box_of_their_cell_colour() -> None:
    fig = overlay(_motivating())
    (ax_sum,) = [ax for ax in fig.axes if ax.get_label() == "sum"]
    hatched = {(round(p.get_y() + 0.5), round(p.get_x() + 0.5)) for p in ax_sum.patches if p.get_gid() == "overlap"}
    assert len(hatched) == 9
    for t in ax_sum.texts:
        x, y = t.get_position()
        boxed = t.get_bbox_patch() is not None
        assert boxed == ((round(y), round(x)) in hatched), t.get_text()


def _collinear(points: np.ndarray) -> bool:
    centred = points - points.mean(axis=0)
    return bool(np.linalg.matrix_rank(centred, tol=1e-9) < 2)


def test_a_three_variable_chain_is_drawn_as_a_tree_with_a_modest_colour_bar() -> None:
    """The MST of 3 variables a-b-c: b (the centre) on top, a and c below it, not one diagonal
    line; the colour bar at most 60% of the figure's height, the figure small."""
    tree = correlation_mst(np.array([[1, 0.9, 0.5], [0.9, 1, 0.8], [0.5, 0.8, 1.0]]), labels=["a", "b", "c"])
    pos = tree_layout(tree.to_networkx())
    assert pos["b"][1] > pos["a"][1] == pos["c"][1]
    assert not _collinear(np.array(list(pos.values())))
    fig = spanning_tree(tree)
    FigureCanvasAgg(fig).draw()
    (bar,) = _bars(fig)
    assert bar.get_position().height <= 0.6
    assert fig.get_figwidth() <= 6 and fig.get_figheight() <= 4


@pytest.mark.parametrize("n", [7, 40, 300])
def test_tree_layouts_spread_their_nodes(n: int) -> None:
    """Any tree with a branch is drawn off one line, every node at its own place, each child one
    layer (ring) further from the centre than its parent."""
    import networkx as nx

    rng = np.random.default_rng(n)
    graph = nx.random_labeled_tree(n, seed=int(rng.integers(1000))) if hasattr(nx, "random_labeled_tree") \
        else nx.random_tree(n, seed=int(rng.integers(1000)))
    pos = tree_layout(graph)
    points = np.array([pos[v] for v in graph.nodes])
    assert not _collinear(points)
    assert len({(round(x, 9), round(y, 9)) for x, y in points}) == n
    centre = min(nx.center(graph), key=str)
    depth = nx.single_source_shortest_path_length(graph, centre)
    radius = {v: float(np.hypot(*pos[v])) if n > 40 else -pos[v][1] for v in graph.nodes}
    for u, v in graph.edges:
        inner, outer = (u, v) if depth[u] < depth[v] else (v, u)
        assert radius[outer] == pytest.approx(radius[inner] + 1)
