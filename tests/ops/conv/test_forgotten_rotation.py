"""The pairing a reader who forgets the 180-degree rotation makes, its sum, and where it lands."""

from __future__ import annotations

import re

import numpy as np
import pytest

from arraylens import numpy as alnp
from arraylens import tensorflow as tf
from arraylens.demos.conv_transpose import arguments
from arraylens.ops.conv.rotation import forgotten_rotation
from arraylens.render.html import render_page


def motivating(at=(0, 0, 0, 0)):
    args, kwargs = arguments()
    return tf.conv2d_transpose.explain(*args, at=at, **kwargs)


def test_motivating_case_pairs_x00_with_f22_for_603_which_lands_at_2_2():
    f = forgotten_rotation(motivating())
    assert f is not None and f.changes_anything
    assert f.value == 67 and f.wrong_value == 603
    (pair,) = f.pairs
    assert pair.x_index == (0, 0, 0, 0) and pair.x_value == -67
    assert pair.w_index == (2, 2, 0, 0) and pair.w_value == -9
    assert pair.true_w_index == (0, 0, 0, 0)
    assert pair.output_position == (2, 2)  # x[0,0] * f[2,2] lands at (2, 2), not at (0, 0)
    assert f.headline() == (
        "Forgetting the 180-degree kernel rotation gives 603; the true out[0, 0, 0, 0] is 67."
    )
    assert f.true_line() == "input[0, 0, 0, 0] × filters[0, 0, 0, 0] = (-67)(-1) = 67"
    assert f.wrong_line() == "input[0, 0, 0, 0] × filters[2, 2, 0, 0] = (-67)(-9) = 603"
    assert "adds at output position (2, 2), not (0, 0)" in f.pair_lines()[0]
    # the product the reader expected really is in the result's sum at (2, 2)
    assert any(
        t.input_index == (0, 0, 0, 0) and t.weight_index == (2, 2, 0, 0) and t.product == 603
        for t in motivating((0, 2, 2, 0)).terms
    )


def test_the_explanations_section_states_the_mistaken_sum():
    """The section's sum equals the pairing with the mirrored taps, recomputed here from the
    arrays: input (i, j) with f[2 - (r - 2i), 2 - (c - 2j)] instead of f[r - 2i, c - 2j]."""
    args, _ = arguments()
    x, f = args[0][0, :, :, 0], args[1][:, :, 0, 0]
    for r, c in [(0, 0), (2, 2), (1, 2), (4, 3)]:
        wrong = sum(
            x[i, j] * f[2 - (r - 2 * i), 2 - (c - 2 * j)]
            for i in range(2) for j in range(2)
            if 0 <= r - 2 * i <= 2 and 0 <= c - 2 * j <= 2
        )
        e = motivating((0, r, c, 0))
        (section,) = [s for s in e.sections if s.title == "If you forget the 180-degree rotation"]
        said = re.search(r"gives (\S+); the true", section.lines[0])
        assert said is not None and float(said.group(1)) == pytest.approx(wrong), (r, c)
    assert wrong != 0


def test_equal_mirrored_taps_do_not_claim_a_different_sum():
    x = np.ones((1, 3, 1))
    f = np.ones((3, 1, 1))
    e = tf.conv1d_transpose.explain(x, f, [1, 7, 1], 2, padding="VALID", at=(0, 2, 0))
    (section,) = [s for s in e.sections if s.title == "If you forget the 180-degree rotation"]
    assert "happen to give the same" in section.lines[0]
    assert "not 2" not in " ".join(section.lines)


@pytest.mark.parametrize("seed", range(6))
def test_every_mistaken_product_is_a_term_of_the_output_where_it_lands(seed):
    rng = np.random.default_rng(seed)
    nd = 1 + seed % 3
    stride = int(rng.integers(1, 4))
    size = [int(v) for v in rng.integers(2, 4, size=nd)]
    kernel = [int(v) for v in rng.integers(1, 4, size=nd)]
    c_in = 1 + seed % 2
    x = rng.normal(size=(1, *size, c_in))
    f = rng.normal(size=(*kernel, 2, c_in))
    out_shape = [1, *(s * stride for s in size), 2]
    plan = tf.conv_transpose.build_plan(x, f, out_shape, stride, padding="SAME")
    out = plan.compute()
    for _ in range(3):
        at = tuple(int(rng.integers(0, n)) for n in out_shape)
        e = plan.explain(at)
        fr = forgotten_rotation(e)
        assert fr is not None and len(fr.pairs) == len(e.terms)
        wanted = sum(
            float(x[p.x_index]) * float(f[p.w_index]) for p in fr.pairs
        ) + e.offset
        assert fr.wrong_value == pytest.approx(wanted, rel=1e-12, abs=1e-12)
        assert fr.value == pytest.approx(float(out[at]), rel=1e-12, abs=1e-12)
        for p in fr.pairs:
            assert all(t == k - 1 - m for t, m, k in
                       zip(p.true_w_index[:nd], p.w_index[:nd], kernel, strict=True))
            landing = (at[0], *p.output_position, at[-1])
            if all(0 <= q < n for q, n in zip(landing, out_shape, strict=True)):
                there = plan.explain(landing)
                assert any(
                    t.input_index == p.x_index and t.weight_index == p.w_index
                    for t in there.terms
                ), (at, landing, p)


def test_other_explanations_have_none():
    assert forgotten_rotation(alnp.argmax.explain(np.arange(3.0), at=())) is None
    forward = tf.conv2d.explain(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), 1, "VALID",
                                at=(0, 0, 0, 0))
    assert forgotten_rotation(forward) is None


def test_page_shows_both_sums_outside_the_collapsed_account():
    html = render_page(motivating())
    head = html.split("<details>", 1)[0]
    assert 'id="rotation" data-value="67" data-wrong-value="603"' in head
    assert "Forgetting the 180-degree kernel rotation gives 603; the true out[0, 0, 0, 0] is 67." \
        in head
    assert "out[0, 0, 0, 0] = input[0, 0, 0, 0] × filters[0, 0, 0, 0] = (-67)(-1) = 67" in head
    assert "input[0, 0, 0, 0] × filters[2, 2, 0, 0] = (-67)(-9) = 603" in head
    assert "not (0, 0)" in head
    other = render_page(alnp.argmax.explain(np.arange(3.0), at=()))
    assert 'id="rotation"' not in other
