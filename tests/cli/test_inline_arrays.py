"""Inline arrays on the command line: Python/JSON nested lists, Octave's matrix syntax, NaN/Inf."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.cli.inline import parse_inline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[1, 2], [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]),
        ("[1 2; 3 4]", [[1.0, 2.0], [3.0, 4.0]]),  # Octave's matrix syntax
        ("[1, 2; 3, 4]", [[1.0, 2.0], [3.0, 4.0]]),
        ("[1;2;3]", [[1.0], [2.0], [3.0]]),  # a column
        ("[1 2 3]", [1.0, 2.0, 3.0]),  # a row (1-d: arraylens.octave reads it as 1x3)
        ("[1 NaN; -inf 4]", [[1.0, np.nan], [-np.inf, 4.0]]),
        ("[NaN, 1, inf]", [np.nan, 1.0, np.inf]),
        ("[nan, -Infinity, 1e3]", [np.nan, -np.inf, 1000.0]),
        ("5", 5.0),
    ],
)
def test_inline_array_forms(text: str, expected: object) -> None:
    np.testing.assert_array_equal(parse_inline(text, "--input"), np.array(expected))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("[[1,2],[3,4]],", "trailing comma"),  # would silently be a 1x2x2 tuple
        ("[1 2; 3]", "rows have different lengths"),
        ("[1 x; 3 4]", "not an array of numbers"),
    ],
)
def test_inline_array_mistakes_are_one_line(text: str, rule: str) -> None:
    with pytest.raises(ValueError, match=rule) as caught:
        parse_inline(text, "--input")
    assert "\n" not in str(caught.value)
