"""nested_stack: the motivating case, np.array's layout, broadcasting, errors, explanation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from arraylens import Explanation, nested_stack
from arraylens.demos import cases


def test_motivating_case_gives_batch_first():
    case = cases()["nested_stack"]
    x = np.array(case["x"])
    nested = [[2 + x, 2 - x], [2 * x, 2 / x]]
    assert np.array(nested).shape == tuple(case["np_array_shape"]) == (2, 2, 3)
    got = nested_stack(nested)
    assert got.shape == tuple(case["wanted_shape"]) == (3, 2, 2)
    np.testing.assert_allclose(got, case["expected"], rtol=1e-15)
    np.testing.assert_array_equal(nested_stack(nested, batch="last"), np.array(nested))


def test_scalars_broadcast_where_np_array_refuses():
    x = np.array([1.0, 2.0, 3.0])
    nested = [[2, 2 - x], [2 * x, 1]]
    with pytest.raises(ValueError, match="inhomogeneous"):
        np.array(nested)
    got = nested_stack(nested)
    assert got.shape == (3, 2, 2)
    np.testing.assert_array_equal(got[:, 0, 0], [2, 2, 2])
    np.testing.assert_array_equal(got[:, 1, 1], [1, 1, 1])
    np.testing.assert_array_equal(got[:, 0, 1], 2 - x)


@st.composite
def nested_case(draw: st.DrawFn):
    nesting = draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3))
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
    count = int(np.prod(nesting))
    leaves = []
    for _ in range(count):
        # each leaf has a shape that broadcasts to ``batch``: some axes dropped or set to 1
        keep = draw(st.integers(0, len(batch)))
        shape = tuple(n if draw(st.booleans()) else 1 for n in batch[len(batch) - keep :])
        leaves.append(draw(hnp.arrays(np.int32, shape, elements=st.integers(-50, 50))))
    flat = list(leaves)

    def build(level: int):
        if level == len(nesting):
            return flat.pop(0)
        return [build(level + 1) for _ in range(nesting[level])]

    return build(0), nesting, leaves


@settings(max_examples=100, deadline=None)
@given(nested_case())
def test_any_depth_and_batch_shape_against_np_array_of_broadcast_leaves(case):
    nested, nesting, leaves = case
    batch_shape = np.broadcast_shapes(*(leaf.shape for leaf in leaves))
    # reference: broadcast every leaf, let np.array stack them (nesting first), move axes
    full = [np.broadcast_to(leaf, batch_shape) for leaf in leaves]
    ref_last = np.array(full).reshape(nesting + batch_shape)
    ref_first = np.moveaxis(ref_last, tuple(range(len(nesting))), tuple(range(-len(nesting), 0)))
    got_first = nested_stack(nested)
    got_last = nested_stack(nested, batch="last")
    assert got_first.shape == batch_shape + nesting
    np.testing.assert_array_equal(got_first, ref_first)
    np.testing.assert_array_equal(got_last, ref_last)
    assert got_first.dtype == np.array(full).dtype


def test_dtype_follows_np_array():
    f32 = np.ones(3, np.float32)
    assert nested_stack([f32, f32]).dtype == np.array([f32, f32]).dtype == np.float32
    assert nested_stack([f32, np.ones(3)]).dtype == np.array([f32, np.ones(3)]).dtype
    assert nested_stack([[1, 2], [3, 4]]).dtype == np.array([[1, 2], [3, 4]]).dtype
    assert nested_stack([]).shape == np.array([]).shape == (0,)
    assert nested_stack([[], []]).shape == np.array([[], []]).shape == (2, 0)


def test_errors_name_the_offending_place():
    x = np.arange(3)
    with pytest.raises(ValueError, match=r"nested\[1\] has 3 items but nested\[0\] has 2"):
        nested_stack([[x, x], [x, x, x]])
    with pytest.raises(ValueError, match=r"nested\[1\] is a leaf where its siblings are lists"):
        nested_stack([[x, x], x])
    with pytest.raises(
        ValueError, match=r"nested\[0\] has shape \(3,\) and nested\[1\] has shape \(4,\)"
    ):
        nested_stack([x, np.arange(4)])
    with pytest.raises(TypeError, match=r"nested\[1\] must be a numeric"):
        nested_stack([x, "a"])
    with pytest.raises(ValueError, match="batch must be 'first' or 'last'"):
        nested_stack([x], batch="middle")  # type: ignore[arg-type]


def test_explain_names_axis_origins_and_np_array_outcome():
    x = np.array([1.0, 2.0, 3.0])
    e = nested_stack.explain([[2 + x, 2 - x], [2 * x, 2 / x]], at=(0, 0, 0))
    assert e.details["shape"] == (3, 2, 2) == nested_stack([[2 + x, 2 - x], [2 * x, 2 / x]]).shape
    assert e.details["nesting_shape"] == (2, 2) and e.details["batch_shape"] == (3,)
    assert e.details["axis_origins"][0].startswith("batch axis 0")
    assert e.details["axis_origins"][1].startswith("nesting level 0")
    assert e.details["axis_origins"][2].startswith("nesting level 1")
    assert "np.array(nested) builds shape (2, 2, 3)" in str(e)
    last = nested_stack.explain([[2 + x, 2 - x], [2 * x, 2 / x]], batch="last", at=(0, 0, 0))
    assert last.details["axis_origins"][2].startswith("batch axis 0") and last.details["shape"] == (2, 2, 3)
    ragged = nested_stack.explain([[2, x], [x, x]], at=(0, 0, 0))
    assert "raises ValueError" in ragged.details["np_array"] and "inhomogeneous" in ragged.details["np_array"]
    with pytest.raises(ValueError, match="inhomogeneous"):
        np.array([[2, x], [x, x]])


def test_explain_at_an_index_is_an_explanation_of_that_element():
    x = np.array([1.0, 2.0, 4.0])
    nested = [[2 + x, 2 - x], [2 * x, 2 / x]]
    out = nested_stack(nested)
    for at in np.ndindex(out.shape):
        e = nested_stack.explain(nested, at=at)
        assert isinstance(e, Explanation) and e.op == "arraylens.nested_stack"
        assert e.index == at and e.value == out[at] and e.check()
    e = nested_stack.explain(nested, at=(2, 1, 1))
    assert e.details["leaf_path"] == (1, 1) and e.details["leaf_index"] == (2,)
    assert e.value == 0.5 and str(e).startswith("arraylens.nested_stack: out[2, 1, 1] = 0.5")
    assert "nested[1][1][2]" in str(e)
    last = nested_stack.explain(nested, batch="last", at=(1, 0, 2))
    assert last.value == nested_stack(nested, batch="last")[1, 0, 2] == 8.0
    assert last.details["leaf_path"] == (1, 0)


def test_explain_broadcasts_scalars_and_length_one_axes():
    col = np.array([[1], [2]])  # (2, 1)
    row = np.array([10, 20, 30])  # (3,)
    nested = [col, row, 7]
    out = nested_stack(nested)
    assert out.shape == (2, 3, 3)
    for at in np.ndindex(out.shape):
        e = nested_stack.explain(nested, at=at)
        assert e.value == out[at] and e.check()
    assert nested_stack.explain(nested, at=(1, 2, 0)).details["leaf_index"] == (1, 0)
    assert "the scalar nested[2]" in str(nested_stack.explain(nested, at=(0, 0, 2)))
    z = [1 + 2j, np.array([3.0, -1.0])]
    e = nested_stack.explain(z, at=(1, 0))
    assert e.value == 1 + 2j and e.check() and "(1+2j)" in str(e)


def test_explain_refuses_an_index_outside_the_result():
    x = np.arange(3.0)
    with pytest.raises(IndexError, match="out of range"):
        nested_stack.explain([x, x], at=(3, 0))
    with pytest.raises(IndexError, match="2 dimensions"):
        nested_stack.explain([x, x], at=(0,))
