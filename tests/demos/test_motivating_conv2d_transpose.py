"""The first motivating case: tf.nn.conv2d_transpose gives 67 at out[0,0,0,0], not 603."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import arraylens
from arraylens import tensorflow as tf
from arraylens.demos import cases
from arraylens.demos.conv_transpose import arguments

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "cases" / "cases.json"


def test_packaged_numbers_equal_the_shared_case() -> None:
    if not SHARED.is_file():
        pytest.skip(f"{SHARED} is not beside this checkout")
    shared = json.loads(SHARED.read_text())["conv2d_transpose"]
    ours = cases()["conv2d_transpose"]
    for key in ("x", "f", "output_shape", "strides", "padding", "expected_2d", "user_expected_first"):
        assert ours[key] == shared[key]


def test_whole_result() -> None:
    args, kwargs = arguments()
    out = tf.conv2d_transpose(*args, **kwargs)
    assert out.shape == (1, 5, 5, 1)
    assert out.dtype == np.float32
    expected = np.array([
        [67, -134, 278, -154, 231],
        [-268, 335, -710, 385, -462],
        [586, -770, 1620, -870, 1074],
        [-468, 585, -1210, 635, -762],
        [819, -936, 1942, -1016, 1143],
    ], dtype=np.float32)
    np.testing.assert_array_equal(out[0, :, :, 0], expected)
    np.testing.assert_array_equal(out[0, :, :, 0], np.array(cases()["conv2d_transpose"]["expected_2d"]))


def test_explanation_of_the_first_element() -> None:
    args, kwargs = arguments()
    e = tf.conv2d_transpose.explain(*args, at=(0, 0, 0, 0), **kwargs)
    assert isinstance(e, arraylens.Explanation)
    assert e.index == (0, 0, 0, 0)
    assert e.value == 67.0
    assert e.terms == (arraylens.Term((0, 0, 0, 0), (0, 0, 0, 0), -67.0, -1.0),)
    assert e.terms[0].product == 67.0
    assert e.check()
    text = str(e)
    assert "603" in text  # what the reader who forgot the rotation computes
    assert "filters[2, 2, 0, 0] = -9" in text
    assert "rotated" in text and "Scatter view" in text and "Direct-convolution view" in text


def test_explanation_of_the_centre_has_four_overlapping_copies() -> None:
    args, kwargs = arguments()
    e = tf.conv2d_transpose.explain(*args, at=(0, 2, 2, 0), **kwargs)
    assert e.value == 1620.0
    got = sorted((t.input_index, t.weight_index, t.input_value, t.weight_value) for t in e.terms)
    assert got == sorted([
        ((0, 0, 0, 0), (2, 2, 0, 0), -67.0, -9.0),
        ((0, 0, 1, 0), (2, 0, 0, 0), -77.0, -7.0),
        ((0, 1, 0, 0), (0, 2, 0, 0), -117.0, -3.0),
        ((0, 1, 1, 0), (0, 0, 0, 0), -127.0, -1.0),
    ])
    assert sum(t.product for t in e.terms) == 1620.0
    assert e.check()


def test_every_element_is_explained_by_its_terms() -> None:
    args, kwargs = arguments()
    out = tf.conv2d_transpose(*args, **kwargs)
    for idx in np.ndindex(*out.shape):
        e = tf.conv2d_transpose.explain(*args, at=idx, **kwargs)
        assert e.value == out[idx]
        assert sum(t.product for t in e.terms) == out[idx]
