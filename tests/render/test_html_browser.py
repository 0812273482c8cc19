"""The interactive page in a real browser: Playwright driving Debian's Chromium, offline.

Chromium is the system one (``/usr/bin/chromium``, installed by scripts/install-system-deps.sh);
nothing is downloaded. In CI (``CI`` set) a missing browser or Playwright fails; locally the
tests skip with a message. Screenshots are kept under ``artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from arraylens import tensorflow as tf
from arraylens.core.text import format_number
from arraylens.demos.conv_transpose import arguments
from arraylens.render.scene import build_scene

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests need {reason} "
                    "(CI must have it: see scripts/install-system-deps.sh)")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package (test extra)")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """One generated page opened from a file:// URL with every other request refused."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("[data-ready='1']")

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def out_cell(self, r: int, c: int) -> str:
        return f'svg[data-kind="out"] rect[data-r="{r}"][data-c="{c}"]'

    def indices(self, selector: str) -> set[tuple[int, ...]]:
        values = self.page.eval_on_selector_all(
            selector, "els => els.map(e => e.getAttribute('data-index'))")
        return {tuple(int(v) for v in s.split(",")) for s in values}

    def highlighted(self, kind: str, cls: str = "hl") -> set[tuple[int, ...]]:
        return self.indices(f'svg[data-kind="{kind}"] rect.{cls}')

    def sum_text(self) -> str:
        return str(self.page.inner_text("#sum"))

    def close(self) -> None:
        assert self.errors == [], self.errors
        assert self.requests == [], f"the page asked the network for {self.requests}"
        self.page.close()


def open_page(browser: Any, explanation: Any, tmp_path: Path, name: str) -> Page:
    path = tmp_path / f"{name}.html"
    explanation.to_html(path)
    return Page(browser, path)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def assert_shows(page: Page, explanation: Any) -> None:
    """The page shows ``explanation``: highlighted inputs and taps are exactly its terms and the
    sum with its numbers is written."""
    assert page.highlighted("in") == {t.input_index for t in explanation.terms}
    assert page.highlighted("ker") == {t.weight_index for t in explanation.terms}
    text = page.sum_text()
    assert text.splitlines()[0].endswith(f"= {format_number(explanation.value)}")
    assert text.splitlines()[-1].endswith(f"= {format_number(explanation.value)}")
    value = float(page.page.get_attribute("#sum", "data-value"))
    assert value == pytest.approx(explanation.value, rel=1e-9, abs=1e-9)
    recomputed = float(page.page.get_attribute("#sum", "data-recomputed"))
    assert recomputed == pytest.approx(explanation.value, rel=1e-9, abs=1e-9)


def motivating(at: tuple[int, ...]) -> Any:
    args, kwargs = arguments()
    return tf.conv2d_transpose.explain(*args, at=at, **kwargs)


def test_motivating_case_hover_and_click(browser, tmp_path):
    page = open_page(browser, motivating((0, 0, 0, 0)), tmp_path, "motivating")
    # opened on the explained element, pinned
    assert_shows(page, motivating((0, 0, 0, 0)))
    text = page.sum_text()
    assert "input[0, 0, 0, 0] × filters[0, 0, 0, 0] = (-67)(-1) = 67" in text
    assert "603" not in text
    # the answer to "why not 603" is on the page, visible without opening the account
    box = page.page.locator("#rotation")
    assert box.is_visible()
    shown = box.inner_text()
    assert "Forgetting the 180-degree kernel rotation gives 603; the true out[0, 0, 0, 0] is 67." \
        in shown
    assert "out[0, 0, 0, 0] = input[0, 0, 0, 0] × filters[0, 0, 0, 0] = (-67)(-1) = 67" in shown
    assert "input[0, 0, 0, 0] × filters[2, 2, 0, 0] = (-67)(-9) = 603" in shown
    assert "adds at output position (2, 2), not (0, 0)" in shown
    assert not page.page.locator("details").evaluate("d => d.open")
    rotation_box = box.bounding_box()
    stage_box = page.page.locator(".stage").bounding_box()
    assert rotation_box is not None and stage_box is not None
    assert rotation_box["y"] + rotation_box["height"] <= stage_box["y"]  # above the pictures
    page.page.click(page.out_cell(0, 0))  # unpin: hovering now follows the pointer
    for r, c in [(2, 2), (1, 2), (4, 3), (0, 4)]:
        page.page.hover(page.out_cell(r, c))
        assert_shows(page, motivating((0, r, c, 0)))
    page.page.hover(page.out_cell(2, 2))
    text = page.sum_text()
    assert "input[0, 0, 0, 0] × filters[2, 2, 0, 0] = (-67)(-9) = 603" in text
    assert text.splitlines()[-1] == "sum = (127) + (351) + (539) + (603) = 1620"
    # click pins: hovering elsewhere keeps the pinned element
    page.page.click(page.out_cell(3, 1))
    page.page.hover(page.out_cell(0, 0))
    assert_shows(page, motivating((0, 3, 1, 0)))
    screenshot(page, "page_motivating")
    page.close()


def test_motivating_case_input_hover_slider_and_direct_view(browser, tmp_path):
    e = motivating((0, 2, 2, 0))
    page = open_page(browser, e, tmp_path, "motivating_views")
    # hovering an input shows every output it reaches
    page.page.hover('svg[data-kind="in"] rect[data-r="0"][data-c="1"]')
    reached = page.highlighted("out", "reached")
    expected = {(0, r, c, 0) for r in range(5) for c in range(5)
                if (0, 0, 1, 0) in {t.input_index for t in motivating((0, r, c, 0)).terms}}
    assert reached == expected == {(0, r, c, 0) for r in range(3) for c in range(2, 5)}
    assert "reaches 9 outputs" in page.sum_text()
    # the slider steps through the overlay one input element at a time
    scene = build_scene(e)
    for step in range(5):
        page.page.eval_on_selector(
            "#step", f"el => {{ el.value = {step}; el.dispatchEvent(new Event('input')); }}")
        values = page.page.eval_on_selector_all(
            'svg[data-kind="full"] rect.cell',
            "els => els.map(e => Number(e.getAttribute('data-value')))")
        partial = scene.copies_on_full(np.arange(step)).sum(axis=0)
        np.testing.assert_array_equal(np.array(values).reshape(5, 5), partial)
        assert page.page.get_attribute("#step-text", "data-step") == str(step)
    assert "last added input[0, 1, 1, 0] = -127" in page.page.inner_text("#step-text")
    # the switch shows the direct view: window, zero-inserted input, rotated kernel
    page.page.click("#direct-switch")
    assert page.page.is_visible('svg[data-kind="z"]')
    assert not page.page.is_visible('svg[data-kind="in"]')
    assert page.highlighted("z") == {t.input_index for t in e.terms}
    assert page.highlighted("rk") == {t.weight_index for t in e.terms}
    assert page.page.locator('svg[data-kind="z"] rect.window').count() == 1
    assert "meets element (2, 2) of the rotated kernel, which is filters[0, 0, 0, 0]" in page.sum_text()
    screenshot(page, "page_motivating_direct")
    page.close()


def test_random_2d_case(browser, tmp_path):
    rng = np.random.default_rng(7)
    x = rng.integers(-9, 10, size=(2, 5, 4, 3)).astype(np.float64)
    f = rng.integers(-5, 6, size=(3, 3, 2, 3)).astype(np.float64)
    args = (x, f, [2, 10, 8, 2], [1, 2, 2, 1])
    kwargs = {"padding": "SAME"}
    e0 = tf.conv2d_transpose.explain(*args, at=(1, 4, 3, 1), **kwargs)
    page = open_page(browser, e0, tmp_path, "random2d")
    assert_shows(page, e0)
    page.page.click(page.out_cell(4, 3))  # unpin
    for _ in range(6):
        r, c = int(rng.integers(0, 10)), int(rng.integers(0, 8))
        page.page.hover(page.out_cell(r, c))
        assert_shows(page, tf.conv2d_transpose.explain(*args, at=(1, r, c, 1), **kwargs))
    screenshot(page, "page_random2d")
    page.close()


def test_1d_and_3d_pages(browser, tmp_path):
    rng = np.random.default_rng(5)
    x1 = rng.normal(size=(1, 6, 2))
    f1 = rng.normal(size=(3, 1, 2))
    e1 = tf.conv1d_transpose.explain(x1, f1, [1, 12, 1], 2, padding="SAME", at=(0, 5, 0))
    page = open_page(browser, e1, tmp_path, "conv1d")
    assert_shows(page, e1)
    page.close()
    x3 = rng.normal(size=(1, 3, 3, 3, 1))
    f3 = rng.normal(size=(3, 2, 2, 1, 1))
    args = (x3, f3, [1, 6, 6, 6, 1], 2)
    e3 = tf.conv3d_transpose.explain(*args, padding="SAME", at=(0, 2, 3, 1, 0))
    page = open_page(browser, e3, tmp_path, "conv3d")
    assert_shows(page, e3)
    page.page.click(page.out_cell(3, 1))
    page.page.hover(page.out_cell(4, 4))
    assert_shows(page, tf.conv3d_transpose.explain(*args, padding="SAME", at=(0, 2, 4, 4, 0)))
    # the depth slider steps through the output's depth slices
    for depth in (5, 0, 3):
        page.page.eval_on_selector(
            "#depth", f"el => {{ el.value = {depth}; el.dispatchEvent(new Event('input')); }}")
        for r, c in [(1, 2), (5, 5)]:
            page.page.hover(page.out_cell(r, c))
            assert_shows(page, tf.conv3d_transpose.explain(*args, padding="SAME",
                                                           at=(0, depth, r, c, 0)))
    screenshot(page, "page_conv3d_slice")
    page.close()


def test_64x64_output(browser, tmp_path):
    rng = np.random.default_rng(9)
    x = rng.integers(-5, 6, size=(1, 32, 32, 2)).astype(np.float64)
    f = rng.integers(-3, 4, size=(3, 3, 1, 2)).astype(np.float64)
    args = (x, f, [1, 64, 64, 1], 2)
    e = tf.conv2d_transpose.explain(*args, padding="SAME", at=(0, 63, 63, 0))
    page = open_page(browser, e, tmp_path, "big")
    assert page.page.locator('svg[data-kind="out"] rect.cell').count() == 64 * 64
    assert_shows(page, e)
    page.page.click(page.out_cell(63, 63))
    for r, c in [(0, 0), (31, 17), (40, 41), (63, 0)]:
        page.page.hover(page.out_cell(r, c))
        assert_shows(page, tf.conv2d_transpose.explain(*args, padding="SAME", at=(0, r, c, 0)))
    screenshot(page, "page_64x64")
    page.close()


def test_other_explanations_get_their_terms_table(browser, tmp_path):
    e = tf.conv2d.explain(np.arange(16.0).reshape(1, 4, 4, 1), np.ones((2, 2, 1, 1)), 1, "VALID",
                          at=(0, 1, 1, 0))
    page = open_page(browser, e, tmp_path, "conv2d")
    assert page.sum_text() == "out[0, 1, 1, 0] = (5)(1) + (6)(1) + (9)(1) + (10)(1) = 30"
    assert page.page.is_visible("table.account")  # the account, not only the headline
    cells = page.page.eval_on_selector_all("table:not(.account) tr td:last-child",
                                           "els => els.map(e => e.textContent)")
    assert cells == ["5", "6", "9", "10"]
    page.close()


def test_the_demo_page_as_written_by_the_demo(browser, tmp_path):
    """The page `arraylens demo` writes (conv2d_transpose.html), opened as the user opens it:
    it draws, shows the forgotten-rotation box and the true sum, asks nothing of the network;
    a full-page screenshot is kept (artifacts/demo_page.png) and is not blank."""
    import io

    from rich.console import Console

    from arraylens.demos import conv_transpose

    conv_transpose.run(Console(file=io.StringIO(), width=100), tmp_path)
    (path,) = tmp_path.glob("*.html")
    page = Page(browser, path)
    assert page.page.is_visible("#rotation")
    assert "67" in page.page.inner_text("#rotation")
    assert page.page.eval_on_selector_all("svg rect.cell", "els => els.length") > 25
    shot = screenshot(page, "demo_page")
    from PIL import Image

    with Image.open(shot) as im:
        assert im.width >= 800 and im.height >= 400
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 50  # a drawn page, not a blank one
    page.close()


def test_the_jupyter_view_of_an_argmax_shows_its_account(browser, tmp_path):
    """What a notebook shows for an explanation without a picture: its sections as a table."""
    from arraylens import numpy as alnp

    e = alnp.argmax.explain(np.array([[9, 1], [2, 3], [9, 0]]), axis=0, at=(0,))
    path = tmp_path / "argmax.html"
    path.write_text(f"<!DOCTYPE html><html><body>{e._repr_html_()}</body></html>", encoding="utf-8")
    page = Page(browser, path)
    assert page.page.is_visible("table.account")
    assert "positions 0 and 2 both hold 9" in page.page.inner_text("table.account")
    screenshot(page, "jupyter_argmax")
    page.close()
