"""The resize figure (``arraylens.show.sampling_grid``) and the resize page: what they draw is
the explanation's taps, weights and source positions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from arraylens import numpy as anp
from arraylens import tensorflow as tf
from arraylens import torch as T
from arraylens.render.html import render_page
from arraylens.render.html.resize import resize_payload
from arraylens.show import sampling_grid
from tests.render.test_html_browser import Page, browser  # noqa: F401  (the module's browser fixture)

X = np.arange(5 * 6, dtype=np.float32).reshape(1, 1, 5, 6)


def _torch(at: tuple[int, ...], **kw: object):  # type: ignore[no-untyped-def]
    kw = {"size": (8, 9), "mode": "bilinear", "align_corners": False, **kw}
    return T.interpolate.explain(X, at=at, **kw)


def _tap_patches(ax) -> dict[tuple[int, int], float]:  # type: ignore[no-untyped-def]
    """(row, col) of each tap rectangle the figure drew."""
    return {(round(p.get_y() + 0.5), round(p.get_x() + 0.5)): p for p in ax.patches if p.get_gid() == "tap"}


def test_figure_draws_the_taps_the_source_and_the_mapped_centres() -> None:
    e = _torch((0, 0, 3, 4))
    fig = sampling_grid(e)
    (ax,) = fig.axes
    assert ax.get_label().startswith("torch.nn.functional.interpolate")
    taps = _tap_patches(ax)
    assert set(taps) == {t.input_index[2:] for t in e.terms} == {(1, 2), (1, 3), (2, 2), (2, 3)}
    texts = {t.get_text() for t in ax.texts}
    assert {"0.156", "0.344"} <= texts  # 0.3125 * 0.5 and 0.6875 * 0.5
    (source,) = [ln for ln in ax.lines if ln.get_gid() == "source"]
    assert (source.get_xdata()[0], source.get_ydata()[0]) == (2.5, 1.6875)
    (grid,) = [ln for ln in ax.lines if ln.get_gid() == "grid"]
    # 8 x 9 output centres, half_pixel: x_src = (x + 0.5) / scale - 0.5
    assert len(grid.get_xdata()) == 72
    assert sorted(set(np.round(grid.get_ydata(), 6))) == pytest.approx((np.arange(8) + 0.5) / 1.6 - 0.5)
    assert "half_pixel: x_src = (3 + 0.5) / 1.6 - 0.5 = 1.6875" in ax.get_title()


def test_figure_labels_clamped_taps_with_the_pixel_they_read() -> None:
    e = _torch((0, 0, 0, 4))  # x_src row = -0.1875: taps at rows -1 and 0, both read row 0
    (ax,) = sampling_grid(e).axes
    taps = _tap_patches(ax)
    assert {(-1, 2), (-1, 3), (0, 2), (0, 3)} == set(taps)
    assert "0.0938\n->(0, 2)" in {t.get_text() for t in ax.texts}  # 0.1875 * 0.5 outside, reads (0, 2)


def test_compare_draws_two_conventions_side_by_side() -> None:
    e = _torch((0, 0, 3, 4))
    e1 = tf.compat.v1.image.resize_bilinear.explain(X.transpose(0, 2, 3, 1), (8, 9), at=(0, 3, 4, 0))
    fig = sampling_grid(e, compare=e1)
    a, b = fig.axes
    assert a.get_label().startswith("torch.nn.functional.interpolate")
    assert b.get_label().startswith("tf.compat.v1.image.resize_bilinear")
    assert "asymmetric: x_src = 3 / 1.6 = 1.875" in b.get_title()
    (src,) = [ln for ln in b.lines if ln.get_gid() == "source"]
    assert src.get_ydata()[0] == 1.875
    assert set(_tap_patches(b)) == {t.input_index[1:3] for t in e1.terms} == {(1, 2), (1, 3), (2, 2), (2, 3)}


def test_one_axis_nearest_26_to_64_draws_one_row() -> None:
    x = np.arange(26, dtype=np.float32).reshape(1, 1, 26)
    e = T.interpolate.explain(x, size=64, mode="nearest", at=(0, 0, 32))
    (ax,) = sampling_grid(e).axes
    assert set(_tap_patches(ax)) == {(0, 13)}
    assert e.value == 13.0


def test_figure_refuses_other_explanations() -> None:
    with pytest.raises(ValueError, match="not a resize"):
        sampling_grid(anp.argmax.explain(np.arange(3.0), at=()))


def _page_data(html: str) -> dict:  # type: ignore[type-arg]
    m = re.search(r'<script type="application/json" class="alx-data">(.*?)</script>', html, re.S)
    assert m is not None
    return json.loads(m.group(1))


def test_page_is_the_resize_page_and_carries_each_output_pixels_taps() -> None:
    e = _torch((0, 0, 3, 4), size=(8, 9))
    html = e._repr_html_()
    assert 'class="alx-data"' in html and "output pixels (point at one)" in html
    d = _page_data(html)
    assert d == json.loads(json.dumps(resize_payload(e)))
    assert d["kind"] == "resize"
    rows, cols = d["axes"]
    i, j = rows["positions"].index(3), cols["positions"].index(4)
    weights = {(tr, tc): wr * wc for tr, wr in zip(rows["taps"][i], rows["weights"][i], strict=True)
               for tc, wc in zip(cols["taps"][j], cols["weights"][j], strict=True)}
    assert weights == {t.input_index[2:]: t.weight_value for t in e.terms}
    # another output pixel's taps are the ones its own explanation lists
    e2 = _torch((0, 0, 7, 1))
    i, j = rows["positions"].index(7), cols["positions"].index(1)
    got = {(tr, tc) for tr in rows["taps"][i] for tc in cols["taps"][j]}
    assert got == {t.input_index[2:] for t in e2.terms}
    assert [x["value"] for x in d["elsewhere"]] == [x["value"] for x in e.details["elsewhere"]]
    assert "generic" not in html
    # the plain renderer still gives the generic page for any explanation
    assert _page_data(render_page(e))["kind"] == "generic"


def test_page_file_via_to_html_and_write_page(tmp_path: Path) -> None:
    from arraylens.render.html import write_page

    e = _torch((0, 0, 3, 4))
    e.to_html(tmp_path / "r.html")
    assert _page_data((tmp_path / "r.html").read_text(encoding="utf-8"))["value"] == 12.625
    write_page(e, tmp_path / "w.html")
    assert _page_data((tmp_path / "w.html").read_text(encoding="utf-8"))["kind"] == "resize"


def test_page_in_a_browser_hover_shows_each_output_pixels_source_and_weights(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    e = _torch((0, 0, 3, 4))
    path = tmp_path / "resize.html"
    e.to_html(path)
    page = Page(browser, path)
    try:
        def taps() -> set[tuple[int, int]]:
            got = page.page.eval_on_selector_all('svg[data-kind="input"] rect.tap',
                                                 "els => els.map(e => e.dataset.row + ',' + e.dataset.col)")
            return {tuple(int(v) for v in s.split(",")) for s in got}  # type: ignore[misc]

        info = page.page.inner_text(".info")
        assert info.splitlines()[0] == "out[3, 4]: source position (1.6875, 2.5)"
        assert "x[1, 2] * 0.15625 + x[1, 3] * 0.15625 + x[2, 2] * 0.34375 + x[2, 3] * 0.34375" in info
        assert taps() == {t.input_index[2:] for t in e.terms}
        for r, c in [(0, 8), (7, 0), (5, 5)]:
            page.page.hover(f'svg[data-kind="output"] rect[data-row="{r}"][data-col="{c}"]')
            other = _torch((0, 0, r, c))
            assert page.page.get_attribute(".info", "data-out") == f"{r},{c}"
            src = ", ".join(f"{v:.6g}" for v in other.details["source"])
            assert page.page.inner_text(".info").splitlines()[0] == f"out[{r}, {c}]: source position ({src})"
            assert taps() == {t.input_index[2:] for t in other.terms}
    finally:
        page.close()
