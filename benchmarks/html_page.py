"""How the interactive page scales: build time, file size, load and hover times in Chromium.

Run by hand (needs the test extra's playwright and /usr/bin/chromium):

    .venv/bin/python benchmarks/html_page.py

For each output size: seconds to build the page in Python, its size, seconds until the page
is ready in headless Chromium, and the median time of one output hover (pointer move, the
highlight update, the sum text), measured inside the page with performance.now().
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from arraylens import tensorflow as tf
from arraylens.render.html import render_page

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HOVER_JS = """([r, c]) => {
  const rect = document.querySelector(`svg[data-kind="out"] rect[data-r="${r}"][data-c="${c}"]`);
  const t0 = performance.now();
  rect.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  document.querySelector("#sum").textContent.length;
  return performance.now() - t0;
}"""


def main() -> None:
    rng = np.random.default_rng(0)
    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n, c_in in [(16, 1), (64, 1), (64, 8), (128, 1)]:
            x = rng.normal(size=(1, n // 2, n // 2, c_in))
            f = rng.normal(size=(3, 3, 1, c_in))
            t0 = time.perf_counter()
            e = tf.conv2d_transpose.explain(x, f, [1, n, n, 1], 2, padding="SAME", at=(0, 0, 0, 0))
            html = render_page(e)
            build = time.perf_counter() - t0
            path = Path(tmp) / f"p{n}.html"
            path.write_text(html)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("[data-ready='1']")
            load = time.perf_counter() - t0
            page.click('svg[data-kind="out"] rect[data-r="0"][data-c="0"]')  # unpin
            hovers = [page.evaluate(HOVER_JS, [int(v) for v in rng.integers(0, n, 2)])
                      for _ in range(50)]
            page.close()
            rows.append((f"{n}x{n}, {c_in} ch", build, len(html) / 1e6, load,
                         statistics.median(hovers)))
        browser.close()
    print(f"{'output':<16}{'build s':>9}{'MB':>7}{'load s':>9}{'hover ms':>10}")
    for name, build, mb, load, hover in rows:
        print(f"{name:<16}{build:>9.3f}{mb:>7.2f}{load:>9.2f}{hover:>10.2f}")


if __name__ == "__main__":
    main()
