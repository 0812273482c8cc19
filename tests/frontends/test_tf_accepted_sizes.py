"""TensorFlow's accepted output_shape sizes, in closed form (issue 10, item 2)."""

from __future__ import annotations

import itertools

from arraylens.frontends.tensorflow import tf_accepted_sizes, tf_window


def _maps(size: int, k: int, s: int, d: int, padding: str | tuple[int, int], actual: int) -> bool:
    try:
        return tf_window(size, k, s, d, padding).out_size == actual
    except ValueError:
        return False


def test_closed_form_equals_the_search_over_sizes() -> None:
    paddings: list[str | tuple[int, int]] = ["SAME", "VALID", (0, 0), (2, 1), (0, 3)]
    for k, s, d, actual, pad in itertools.product(range(1, 5), range(1, 5), range(1, 3), range(0, 5), paddings):
        searched = [size for size in range(1, 80) if _maps(size, k, s, d, pad, actual)]
        assert list(tf_accepted_sizes(actual, k, s, d, pad)) == searched, (k, s, d, actual, pad)


def test_a_stride_of_a_billion_is_answered_without_a_search() -> None:
    assert tf_accepted_sizes(2, 3, 10**9, 1, "VALID") == range(1_000_000_003, 2_000_000_003)
    assert tf_accepted_sizes(1, 3, 10**18, 1, "SAME") == range(1, 10**18 + 1)
