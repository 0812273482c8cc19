"""The pooling page: its data (``pool_payload``) and, in a real browser, hover and click on the
output showing each window, its values and its winner or divisor."""

from __future__ import annotations

import numpy as np

from arraylens.core.axis_map import AxisMap
from arraylens.ops.pool.plan import PoolPlan
from arraylens.ops.pool.spec import MaxReduction, MeanReduction, PoolSpec, Window
from arraylens.render.html import page_data, render_page
from tests.render.test_html_browser import browser, open_page, screenshot  # noqa: F401

X = np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6)


def _avg(at=(0, 0, 3, 3)):
    plan = PoolPlan("torch.avg_pool2d", X, PoolSpec((Window(3, 2, 1, (1, 1), True),) * 2, MeanReduction("padded")),
                    AxisMap.channels_first(4), np.float32)
    return plan.explain(at)


def _max(at=(0, 0, 1, 1)):
    x = np.array([[[[1, 5, 2, 0], [7, 0, 7, 1], [3, 3, 3, 9]]]], dtype=np.float32)
    plan = PoolPlan("torch.max_pool2d", x, PoolSpec((Window(2, 1, 1, (1, 1)),) * 2, MaxReduction("last", "plane")),
                    AxisMap.channels_first(4), np.float32)
    return plan.explain(at)


def test_payload_reads_the_view():
    data = page_data(_avg())
    assert data["kind"] == "pool" and data["view"]["divisors"][3][3] == 4
    assert "count_include_pad=True" in data["rule"]
    huge = PoolPlan("torch.avg_pool2d", np.zeros((1, 1, 90, 90), np.float32),
                    PoolSpec((Window(90),) * 2, MeanReduction("valid")), AxisMap.channels_first(4), np.float32)
    data = page_data(huge.explain((0, 0, 0, 0)))
    assert data["kind"] == "generic" and "too large" in data["window"]["note"]
    assert "too large" in render_page(huge.explain((0, 0, 0, 0)))


def test_hover_and_click_show_window_values_and_divisor(browser, tmp_path):  # noqa: F811
    page = open_page(browser, _avg(), tmp_path, "pool_avg")
    page.page.hover(page.out_cell(0, 1))  # opened on the explained element, pinned
    text = page.sum_text()
    assert text.splitlines()[0] == "output (3, 3) = 8.75"
    assert "1 input, 3 padding, 5 ceil-mode extension" in text and "(5, 5) = 35" in text
    assert "sum 35 / divisor 4" in text
    roles = page.page.eval_on_selector_all('svg[data-kind="x"] rect.cell',
                                           "els => els.map(e => e.getAttribute('data-role'))")
    assert roles.count("padding") == 28 and roles.count("extension") == 17
    assert page.page.eval_on_selector_all("svg[data-kind='x'] rect.tap", "els => els.length") == 9
    page.page.click(page.out_cell(0, 0))
    text = page.sum_text()
    assert text.splitlines()[0] == "output (0, 0) = 1.55556"  # (0 + 1 + 6 + 7) / 9
    assert "sum 14 / divisor 9" in text and "4 input, 5 padding, 0 ceil-mode extension" in text
    page.page.hover(page.out_cell(1, 3))  # pinned: hovering does not change it
    assert page.sum_text().splitlines()[0] == "output (0, 0) = 1.55556"
    page.page.click(page.out_cell(0, 0))  # unpinned
    page.page.hover(page.out_cell(1, 3))
    text = page.sum_text()
    assert text.splitlines()[0] == "output (1, 3) = 8.5"  # (11 + 17 + 23) / 6: padding counted, not ceil
    assert "sum 51 / divisor 6" in text and "3 input, 3 padding, 3 ceil-mode extension" in text
    screenshot(page, "pool_avg")
    page.close()


def test_max_page_names_the_winner(browser, tmp_path):  # noqa: F811
    page = open_page(browser, _max(), tmp_path, "pool_max")
    text = page.sum_text()
    assert text.splitlines()[0] == "output (1, 1) = 7"
    assert "winner: position (1, 0)" in text  # window rows 0..1, columns 0..1: 1, 5, 7, 0
    assert page.page.eval_on_selector_all("svg[data-kind='x'] rect.winner", "els => els.length") == 1
    page.close()
