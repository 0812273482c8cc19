"""The interactive page without a browser: its data, its self-containment, the CLI option."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens import tensorflow as tf
from arraylens.cli.main import cli
from arraylens.demos.conv_transpose import arguments
from arraylens.render.html import page_data, render_page

_DATA = re.compile(r'<script type="application/json" class="alx-data">(.*?)</script>', re.S)


def motivating(at=(0, 0, 0, 0)):
    args, kwargs = arguments()
    return tf.conv2d_transpose.explain(*args, at=at, **kwargs)


def shipped(html: str) -> dict:
    (text,) = _DATA.findall(html)
    return json.loads(text)


def rebuild_output(d: dict) -> np.ndarray:
    """What the page's script computes for every output cell: the sum over layers and taps of
    ``local[p][t]`` where ``posH``/``posW`` say a copy meets it."""
    g = d["geometry"]
    n_layers, (h_in, w_in), (kh, kw) = g["layers"], g["in"], g["kernel"]
    local = np.array(d["local"]).reshape(n_layers, h_in, w_in, kh, kw)
    pos_h, pos_w = np.array(d["posH"]), np.array(d["posW"])
    ok = (pos_h >= 0)[:, None, :, None] & (pos_w >= 0)[None, :, None, :]
    vals = local[:, np.maximum(pos_h, 0)[:, None, :, None], np.maximum(pos_w, 0)[None, :, None, :],
                 np.arange(kh)[None, None, :, None], np.arange(kw)[None, None, None, :]]
    return np.where(ok[None], vals, 0.0).sum(axis=(0, 3, 4)) + d["bias"]


def term_sets(d: dict, r: int, c: int) -> tuple[set, set]:
    """Caller's input and weight indices the page highlights for output (r, c)."""
    g = d["geometry"]
    n_layers, (h_in, w_in), (kh, kw) = g["layers"], g["in"], g["kernel"]
    n_ch = len(d["plane"]["channels"])
    xs, ws = set(), set()
    for lyr in range(n_layers):
        for a in range(kh):
            for b in range(kw):
                ph, pw = d["posH"][r][a], d["posW"][c][b]
                if ph < 0 or pw < 0:
                    continue
                for k in range(n_ch):
                    block = lyr * n_ch + k
                    x_text = d["xIndex"][block * h_in * w_in + ph * w_in + pw]
                    w_text = d["wIndex"][block * kh * kw + a * kw + b]
                    xs.add(tuple(int(v) for v in x_text.split(",")))
                    ws.add(tuple(int(v) for v in w_text.split(",")))
    return xs, ws


def test_page_is_self_contained():
    html = render_page(motivating())
    assert html.startswith("<!DOCTYPE html>")
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    assert "url(" not in html
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}  # the SVG namespace name, never fetched


def test_page_data_rebuilds_the_motivating_result_and_its_terms():
    d = shipped(render_page(motivating()))
    out = rebuild_output(d)
    args, kwargs = arguments()
    np.testing.assert_array_equal(out, tf.conv2d_transpose(*args, **kwargs)[0, :, :, 0])
    assert d["value"] == 67 and d["focus"] == [0, 0]
    for r in range(5):
        for c in range(5):
            e = motivating((0, r, c, 0))
            xs, ws = term_sets(d, r, c)
            assert xs == {t.input_index for t in e.terms}
            assert ws == {t.weight_index for t in e.terms}


@pytest.mark.parametrize("seed", range(4))
def test_page_data_of_random_cases_in_1d_2d_3d(seed):
    rng = np.random.default_rng(seed)
    nd = 1 + seed % 3
    batch, c_in, c_out = 1 + seed % 2, 1 + seed, 2
    stride = int(rng.integers(1, 4))
    size = [int(v) for v in rng.integers(2, 5, size=nd)]
    kernel = [int(v) for v in rng.integers(1, 4, size=nd)]
    x = rng.normal(size=(batch, *size, c_in))
    f = rng.normal(size=(*kernel, c_out, c_in))
    out_shape = [batch, *(s * stride for s in size), c_out]
    plan = tf.conv_transpose.build_plan(x, f, out_shape, stride, padding="SAME")
    result = plan.compute()
    at = tuple(int(rng.integers(0, n)) for n in out_shape)
    e = plan.explain(at)
    d = page_data(e)
    json.dumps(d, allow_nan=False)
    expected = result[at[0], ..., at[-1]]
    if nd == 3:
        expected = expected[at[1]]
    np.testing.assert_allclose(rebuild_output(d), np.atleast_2d(expected), rtol=1e-10, atol=1e-10)
    r, c = d["focus"]
    xs, ws = term_sets(d, r, c)
    assert xs == {t.input_index for t in e.terms}
    assert ws == {t.weight_index for t in e.terms}


def test_repr_html_is_an_embeddable_fragment_and_other_explanations_get_a_table():
    frag = motivating()._repr_html_()
    assert frag.startswith('<div class="alx"') and "<html" not in frag
    e = tf.conv2d.explain(np.arange(16.0).reshape(1, 4, 4, 1), np.ones((2, 2, 1, 1)), 1, "VALID",
                          at=(0, 1, 1, 0))
    d = shipped(render_page(e))
    assert d["kind"] == "generic" and d["value"] == 30
    assert [t["product"] for t in d["terms"]] == [5, 6, 9, 10]


def _visible_text(html: str) -> str:
    """The page's text outside its scripts, styles and the collapsed <details>."""
    import re

    html = re.sub(r"<(script|style|details)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_jupyter_shows_the_account_of_an_explanation_without_a_picture():
    """An argmax in a notebook: its sections as a visible table, not a box repeating the
    headline (issue 18)."""
    from arraylens import numpy as alnp

    e = alnp.argmax.explain(np.array([[9, 1], [2, 3], [9, 0]]), axis=0, at=(0,))
    frag = e._repr_html_()
    shown = _visible_text(frag)
    assert '<table class="account">' in frag
    for section in e.sections:
        assert section.title in shown
    assert "positions 0 and 2 both hold 9" in shown
    assert 'id="sum"' not in frag  # no products: no sum box
    assert shown.count("np.argmax: out[0] = 0") == 1  # the headline once


def test_jupyter_shows_the_sum_and_the_products_of_a_forward_conv():
    e = tf.conv2d.explain(np.arange(16.0).reshape(1, 4, 4, 1), -np.ones((2, 2, 1, 1)), 1, "VALID",
                          at=(0, 1, 1, 0))
    frag = e._repr_html_()
    assert 'id="sum">out[0, 1, 1, 0] = (5)(-1) + (6)(-1) + (9)(-1) + (10)(-1) = -30<' in frag
    assert "Direct view" in _visible_text(frag)


def test_a_scalar_page_title_has_no_empty_index():
    from arraylens import numpy as alnp

    page = render_page(alnp.amax.explain(np.array([1.0, 7.0]), at=()))
    assert "np.amax: out = 7" in page and "out[]" not in page


def test_repr_is_one_line_with_op_index_value_and_terms():
    e = tf.conv2d.explain(np.arange(16.0).reshape(1, 4, 4, 1), np.ones((2, 2, 1, 1)), 1, "VALID",
                          at=(0, 1, 1, 0))
    assert repr(e) == "Explanation(op='tf.nn.conv2d', index=(0, 1, 1, 0), value=30, terms=4)"
    assert "\n" not in repr(motivating()) and len(repr(motivating())) < 120


def test_render_page_rejects_non_explanations():
    with pytest.raises(TypeError, match="Explanation"):
        render_page("out[0]")  # type: ignore[arg-type]


def test_cli_explain_writes_the_page(tmp_path):
    args, _ = arguments()
    np.save(tmp_path / "x.npy", args[0])
    np.save(tmp_path / "f.npy", args[1])
    page = tmp_path / "out.html"
    result = CliRunner().invoke(cli, [
        "explain", "tf.nn.conv2d_transpose", "--input", str(tmp_path / "x.npy"),
        "--filters", str(tmp_path / "f.npy"), "--output-shape", "1,5,5,1", "--strides", "2",
        "--padding", "VALID", "--at", "0,1,2,0", "--html", str(page),
    ])
    assert result.exit_code == 0, result.output
    d = shipped(page.read_text())
    assert d["index"] == [0, 1, 2, 0] and d["value"] == -710 and d["focus"] == [1, 2]


def test_3d_page_ships_every_depth_slice():
    rng = np.random.default_rng(12)
    x = rng.normal(size=(2, 3, 2, 3, 2))
    f = rng.normal(size=(3, 2, 2, 2, 2))
    args = (x, f, [2, 6, 4, 6, 2], 2)
    e = tf.conv3d_transpose.explain(*args, padding="SAME", at=(1, 2, 1, 3, 1))
    d = page_data(e)
    result = tf.conv3d_transpose(*args, padding="SAME")
    assert len(d["depthSlices"]) == 6 and d["depthSlices"][2] is None
    for depth in range(6):
        s = d if depth == 2 else d["depthSlices"][depth]
        assert s["plane"]["depth"] == depth
        np.testing.assert_allclose(rebuild_output(s), result[1, depth, :, :, 1], rtol=1e-10,
                                   atol=1e-12)
        for r, c in [(0, 0), (3, 5), (2, 1)]:
            other = tf.conv3d_transpose.explain(*args, padding="SAME", at=(1, depth, r, c, 1))
            xs, ws = term_sets(s, r, c)
            assert xs == {t.input_index for t in other.terms}
            assert ws == {t.weight_index for t in other.terms}
