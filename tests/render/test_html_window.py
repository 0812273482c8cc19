"""The page of a large output draws a window around the explained element: a page stays under
2 MB and is built in seconds whatever the sizes, and the window's numbers and labels are the
call's own."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import numpy as np

from arraylens import tensorflow as tf
from arraylens.render.html import page_data, render_page
from arraylens.render.html.payload import MAX_OUT_WINDOW, window_scene
from arraylens.render.scene import build_scene
from tests.render.test_html_browser import assert_shows, browser, open_page  # noqa: F401  (fixture)

TWO_MB = 2 * 1024 * 1024


def _large(dtype: type = np.float32) -> Any:
    at = (0, 1000, 1234, 0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 1000, 1000, 1)).astype(dtype)
    f = rng.standard_normal((3, 3, 1, 1)).astype(dtype)
    return tf.conv2d_transpose.explain(x, f, [1, 2001, 2001, 1], 2, padding="VALID", at=at)


def test_page_of_a_2000x2000_output_is_under_2_mb_and_built_in_seconds() -> None:
    e = _large()
    t0 = time.perf_counter()
    html = render_page(e)
    seconds = time.perf_counter() - t0
    assert len(html.encode()) < TWO_MB  # was 75 MB in 20 s
    assert seconds < 10, seconds
    assert (
        "output rows 968..1031 of 2001 and columns 1202..1265 of 2001 (4096 of 4004001 cells)" in html
    )
    assert "input rows 483..515 of 1000 and columns 600..632 of 1000" in html


def test_the_window_holds_the_calls_values_and_indices() -> None:
    e = _large()
    scene = build_scene(e)
    found = window_scene(scene)
    assert found is not None
    win, info = found
    assert info is not None and win.out_size == (MAX_OUT_WINDOW, MAX_OUT_WINDOW)
    r0, c0 = info["outStart"]
    assert win.focus == (1000 - r0, 1234 - c0)
    np.testing.assert_array_equal(win.out, scene.out[r0 : r0 + 64, c0 : c0 + 64])
    # the windowed copies sum to the window's values: the window is the same convolution
    np.testing.assert_allclose(win.contributions().sum(axis=(0, 3, 4)) + win.bias, win.out, rtol=1e-5, atol=1e-5)
    data = page_data(e)
    assert data["index"] == [0, 1000, 1234, 0] and data["focus"] == [1000 - r0, 1234 - c0]
    assert data["outIndex"][0] == f"0,{r0},{c0},0"  # true indices, not the window's
    h0, w0 = info["inStart"]
    assert data["xIndex"][0] == f"0,{h0},{w0},0"


def test_small_outputs_are_drawn_whole() -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 20, 20, 1))
    e = tf.conv2d_transpose.explain(x, rng.standard_normal((3, 3, 1, 1)), [1, 41, 41, 1], 2, padding="VALID",
                                    at=(0, 5, 6, 0))
    scene = build_scene(e)
    assert window_scene(scene) == (scene, None)
    assert page_data(e)["window"] is None


def test_a_kernel_too_large_to_draw_gets_the_account_and_terms_under_2_mb() -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((1, 256, 256, 1)).astype(np.float32)
    f = rng.standard_normal((128, 128, 1, 1)).astype(np.float32)
    e = tf.conv2d_transpose.explain(x, f, [1, 383, 383, 1], 1, padding="VALID", at=(0, 200, 200, 0))
    assert len(e.terms) == 128 * 128
    html = render_page(e)
    assert len(html.encode()) < TWO_MB
    assert "The 128x128 kernel is too large to draw its copies on this page" in html
    assert "more lines: print(explanation) lists them all" in html
    data = json.loads(re.search(r'class="alx-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert data["kind"] == "generic" and data["termsTotal"] == 128 * 128 and len(data["terms"]) == 2000


def test_windowed_page_in_the_browser_shows_the_explained_element(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    e = _large(np.float64)  # the page's float64 sum equals the value exactly
    page = open_page(browser, e, tmp_path, "window")
    try:
        page.page.hover(page.out_cell(*page_data(e)["focus"]))
        assert_shows(page, e)
        assert "draws a window of the" in page.page.inner_text(".window-note")
    finally:
        page.close()
