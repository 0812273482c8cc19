"""arraylens.onnx.RUNTIME_NOTES: each note's predicate covers its case and stays quiet outside it
(the facts themselves are asserted against onnxruntime in tests/frontends/conformance/)."""

from __future__ import annotations

import pytest

import arraylens.onnx as al


def _keys(op, attrs, shapes):
    return [n.key for n in al.notes_for(op, attrs, shapes)]


@pytest.mark.parametrize("op,attrs,shapes,keys", [
    ("ConvTranspose", {"strides": [2], "auto_pad": "SAME_UPPER"}, [(1, 1, 4), (1, 1, 1)],
     ["conv_transpose_negative_total_padding"]),
    ("ConvTranspose", {"strides": [2], "auto_pad": "SAME_UPPER"}, [(1, 1, 4), (1, 1, 3)], []),  # total 1
    ("ConvTranspose", {"strides": [2], "output_shape": [10]}, [(1, 1, 4), (1, 1, 3)], []),  # overshoot of one
    ("ConvTranspose", {"strides": [2], "output_shape": [11]}, [(1, 1, 4), (1, 1, 3)],
     ["conv_transpose_output_shape_overshoot"]),
    ("ConvTranspose", {"strides": [1], "dilations": [2], "output_padding": [1]}, [(1, 1, 4), (1, 1, 3)],
     ["conv_transpose_output_padding_below_dilation"]),
    ("ConvTranspose", {"strides": [2], "output_padding": [1]}, [(1, 1, 4), (1, 1, 3)], []),
    ("Conv", {"auto_pad": "SAME_LOWER", "dilations": [1, 2]}, [(1, 1, 4, 4), (1, 1, 3, 3)],
     ["conv_same_with_dilation"]),
    ("Conv", {"auto_pad": "SAME_LOWER"}, [(1, 1, 4, 4), (1, 1, 3, 3)], []),
    ("Pad", {"mode": "reflect", "pads": [0, 3, 0, 0]}, [(2, 3)], ["pad_reflect_beyond_size"]),
    ("Pad", {"mode": "reflect", "pads": [0, 2, 0, 2]}, [(2, 3)], []),
    ("Pad", {"mode": "edge", "pads": [0, 9, 0, 0]}, [(2, 3)], []),
    ("Resize", {"mode": "nearest", "coordinate_transformation_mode": "asymmetric"}, [(1, 4), None, None, (2,)],
     ["resize_coordinate_arithmetic", "resize_nearest_near_half"]),
    ("Resize", {"mode": "nearest", "nearest_mode": "floor"}, [(1, 4), None, (2,)],
     ["resize_coordinate_arithmetic", "resize_output_size_float32", "resize_unchanged_shape_copies"]),
    ("Resize", {"mode": "linear"}, [(1, 4), None, (0,), (2,)], ["resize_coordinate_arithmetic"]),
])
def test_note_predicates(op, attrs, shapes, keys) -> None:
    assert _keys(op, attrs, shapes) == keys


def test_every_note_names_its_test() -> None:
    from pathlib import Path

    root = Path(__file__).parent / "conformance"
    for note in al.RUNTIME_NOTES:
        file, _, name = note.test.partition("::")
        assert f"def {name}(" in (root / file).read_text(), note.key
