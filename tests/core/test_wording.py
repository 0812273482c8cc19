"""How explanations write numbers and lists (issue 18): the rules of ``core.text`` and a sweep
over every registered op's explanations on random inputs (``tests/explain_sweep.py``)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from arraylens.core import registry
from arraylens.core.explanation import Explanation
from arraylens.core.text import (
    both_or_all,
    count,
    format_difference,
    format_factor,
    format_list,
    format_ref,
    format_signed_sum,
    gloss,
)
from tests.explain_sweep import BUILDERS, explanations


def test_a_scalar_is_written_without_an_empty_index() -> None:
    assert format_ref("out", ()) == "out"
    assert format_ref("x", (1, 2)) == "x[1, 2]"
    assert str(Explanation(op="np.argmax", index=(), value=1.0)).startswith("np.argmax: out = 1")


def test_lists_are_written_in_words() -> None:
    assert format_list([]) == ""
    assert format_list([0]) == "0"
    assert format_list(np.array([0, 2])) == "0 and 2"
    assert format_list([0, 2, 5]) == "0, 2 and 5"
    assert format_list(["a", "b"], "or") == "a or b"
    assert [both_or_all(n) for n in (2, 3)] == ["both", "all"]
    assert f"positions {format_list([0, 2])} {both_or_all(2)} hold 9" == "positions 0 and 2 both hold 9"


def test_signs_are_written_as_a_person_writes_them() -> None:
    assert format_difference(0.372843, -0.0528292) == "0.372843 + 0.0528292"
    assert format_difference(3, 1.5) == "3 - 1.5"
    assert format_difference("2 * 3", np.float64(-1.0)) == "2 * 3 + 1"
    assert format_difference(1, 2 - 1j) == "1 - (2-1j)"
    assert format_signed_sum([3, 1, -0.0528292]) == "3 + 1 - 0.0528292"
    assert format_signed_sum([-1, 2, float("nan")]) == "-1 + 2 + nan"
    assert format_signed_sum([1 + 2j, -3 - 1j]) == "(1+2j) + (-3-1j)"
    assert format_signed_sum(np.array([5, -128], dtype=np.int8)) == "5 - 128"
    assert format_factor(-0.5) == "(-0.5)" and format_factor(2) == "2"
    assert gloss("kernel element", "tap") == "kernel element (tap)"
    assert [count(n, "zero") for n in (0, 1, 2)] == ["0 zeros", "1 zero", "2 zeros"]


SWEEP = sorted(BUILDERS)


def test_the_sweep_covers_every_registered_op() -> None:
    assert set(SWEEP) == {e.op for e in registry.entries()}


_BAD = [
    (re.compile(r" - -\d"), "a subtraction of a negative number"),
    (re.compile(r" \+ -\d"), "an addition of a negative number"),
    (re.compile(r"\w\[\]"), "an empty index for a scalar"),
    (re.compile(r"\b\d+ and \d+ all\b"), "'all' for two things"),
    (re.compile(r"positions? \d+(, \d+)+ (all|both)\b"), "a list without 'and'"),
    (re.compile(r"sizes \["), "a Python list in a sentence"),
    (re.compile(r"full position"), "'full position' (unexplained)"),
    (re.compile(r"\(\d+,\)|\),\)"), "a Python 1-tuple"),
    (re.compile(r"\w\(s\)"), "a '(s)' plural"),
    (re.compile(r"\b1 zeros\b|\b1 elements\b"), "a plural for one"),
    (re.compile(r"axes \[\d"), "axes as a Python list"),
    (re.compile(r" = (-?[\d.]+) = \1$", re.M), "a value equal to itself"),
]


@pytest.mark.parametrize("op", SWEEP)
def test_every_explanation_follows_the_wording_rules(op: str) -> None:
    """Random inputs (negative values, zeros, ties, complex), random elements: the account and
    the page's title never write ``- -``, ``+ -``, ``out[]``, Python lists or 1-tuples."""
    seen = 0
    for e in explanations(op):
        text = str(e)
        for pattern, what in _BAD:
            found = pattern.search(text)
            assert found is None, f"{op}: {what}: ...{text[max(0, found.start() - 60):found.end() + 20]}..."
        assert e.check(), op
        seen += 1
    assert seen >= 4


def test_a_tie_of_two_is_both_and_of_three_all() -> None:
    import arraylens.frontends.numpy as alnp

    two = str(alnp.argmax.explain(np.array([9, 1, 9]), at=()))
    assert "positions 0 and 2 both hold 9" in two and "np.argmax: out = 0" in two
    three = str(alnp.argmax.explain(np.array([9, 9, 1, 9]), at=()))
    assert "positions 0, 1 and 3 all hold 9" in three


def test_a_conv_transpose_explains_its_words_once() -> None:
    """The framework's terms come once, in parentheses, after plain words; the crop in words."""
    import arraylens.tensorflow as tf

    x = np.array([[-67.0, -77.0], [-117.0, -127.0]]).reshape(1, 2, 2, 1)
    f = np.arange(-1.0, 8.0).reshape(3, 3, 1, 1)
    e = tf.conv2d_transpose.explain(x, f, output_shape=(1, 5, 5, 1), strides=2, padding="VALID", at=(0, 0, 0, 0))
    text = str(e)
    assert text.count("kernel element (tap)") == 1
    assert "full result (before cropping) of size (5, 5)" in text
    assert "the output is the whole full result, (5, 5)" in text
    assert "sizes 5 and 6 both would" in text
    assert "crop begins" not in text and "output extent" not in text
