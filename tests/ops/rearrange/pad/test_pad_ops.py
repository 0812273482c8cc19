"""The canonical padding: the source-index maps against NumPy, the kernel against np.pad, the
crop rules, and explanations that recompute their element."""

from __future__ import annotations

import numpy as np
import pytest

from arraylens.core.errors import ArgumentError
from arraylens.ops.rearrange.pad.kernel import pad
from arraylens.ops.rearrange.pad.plan import PadPlan
from arraylens.ops.rearrange.pad.spec import PadSpec, source_index


@pytest.mark.parametrize("mode", ["reflect", "symmetric", "wrap", "edge"])
def test_source_index_is_numpys_repetition_for_every_width(mode: str) -> None:
    for n in range(1, 7):
        for b in range(0, 15):
            for a in (0, 3, 14):
                want = np.pad(np.arange(n), (b, a), mode)
                got = source_index(np.arange(n + b + a) - b, n, mode)
                np.testing.assert_array_equal(got, want, err_msg=f"{mode} n={n} widths={(b, a)}")


def test_kernel_equals_np_pad_for_fills_and_odd_reflection_in_3d() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(-9, 9, (3, 2, 4)).astype(np.float32)
    widths = ((2, 1), (3, 0), (1, 6))
    for mode, kwargs, values, stat in [
        ("constant", {"constant_values": ((1, 2), (3, 4), (5, 6))}, tuple((np.float64(b), np.float64(a)) for b, a in
                                                                           ((1, 2), (3, 4), (5, 6))), ()),
        ("maximum", {"stat_length": 2}, (), ((2, 2),) * 3),
        ("median", {}, (), ((None, None),) * 3),
    ]:
        spec = PadSpec(widths, mode, values=values, stat_length=stat)
        np.testing.assert_array_equal(pad(x, spec), np.pad(x, widths, mode, **kwargs), err_msg=mode)
    for mode in ("reflect", "symmetric"):
        spec = PadSpec(widths, mode, reflect_type="odd")
        np.testing.assert_array_equal(pad(x, spec), np.pad(x, widths, mode, reflect_type="odd"), err_msg=mode)


def test_the_two_crop_rules_differ_only_when_a_width_is_negative() -> None:
    x = np.arange(4.0)
    first = PadSpec(((-1, 2),), "edge", crop="first")
    original = PadSpec(((-1, 2),), "edge", crop="original")
    np.testing.assert_array_equal(pad(x, first), [1, 2, 3, 3, 3])
    np.testing.assert_array_equal(pad(x, original), [1, 2, 3, 3, 3])
    # reflect reading past the crop: the original rule mirrors the uncropped axis (torch)
    np.testing.assert_array_equal(pad(x, PadSpec(((2, -2),), "reflect", crop="original")), [2, 1, 0, 1])
    np.testing.assert_array_equal(pad(x, PadSpec(((2, -2),), "reflect", crop="first")), [0, 1, 0, 1])
    np.testing.assert_array_equal(pad(x, PadSpec(((2, -1),), "wrap", crop="first")), [1, 2, 0, 1, 2])


def test_spec_refuses_an_unknown_mode_and_missing_values() -> None:
    with pytest.raises(ArgumentError, match="pad mode 'mirror' is not one of"):
        PadSpec(((1, 1),), "mirror")
    with pytest.raises(ArgumentError, match="constant needs one pair of values per axis"):
        PadSpec(((1, 1),), "constant")
    with pytest.raises(ArgumentError, match="'original' crop rule applies to source-index modes only"):
        PadSpec(((1, 1),), "constant", crop="original", values=((0, 0),))


def test_explain_a_statistic_names_its_window() -> None:
    x = np.array([[1.0, 2.0, 6.0, 7.0]])
    spec = PadSpec(((0, 0), (2, 1)), "mean", stat_length=((2, 2), (2, 2)))
    e = PadPlan("np.pad", x, spec, "mean").explain((0, 0))
    assert e.summary == "out[0, 0] = 1.5: the mean of x[0, 0:2] (window of 2)"
    assert e.value == 1.5 and e.check()
    e = PadPlan("np.pad", x, spec, "mean").explain((0, 6))
    assert e.summary == "out[0, 6] = 6.5: the mean of x[0, 2:4] (window of 2)"


def test_explain_odd_reflection_and_a_linear_ramp() -> None:
    x = np.array([1.0, 2.0, 4.0])
    e = PadPlan("np.pad", x, PadSpec(((2, 0),), "reflect", reflect_type="odd"), "reflect").explain((0,))
    assert e.value == 2 * 1.0 - 4.0 and e.check()
    assert "2 * x[0:1] - x[2:3]" in e.sections[0].lines[0]
    assert e.sections[1].lines == ("reflect_type='odd': 2 * edge - mirror = 2 * x[..0..] - x[..2..]",)
    ramp = PadSpec(((3, 0),), "linear_ramp", values=((np.int64(7), np.int64(0)),))
    e = PadPlan("np.pad", x, ramp, "linear_ramp").explain((1,))
    assert e.value == np.pad(x, (3, 0), "linear_ramp", end_values=7)[1] and e.check()


def test_explain_a_corner_of_two_statistics_recomputes_numpys_axis_order() -> None:
    x = np.array([[1.0, 5.0], [3.0, 20.0]])
    spec = PadSpec(((1, 0), (1, 0)), "minimum", stat_length=((2, 2), (1, 1)))
    e = PadPlan("np.pad", x, spec, "minimum").explain((0, 0))
    # axis 0 pads the row min(1, 3), min(5, 20) = [1, 5]; axis 1 then takes the first of that row
    assert e.value == np.pad(x, 1, "minimum", stat_length=((2, 2), (1, 1)))[0, 0] == 1.0
    e = PadPlan("np.pad", x, PadSpec(((1, 0), (1, 0)), "maximum", stat_length=((2, 2), (2, 2))),
                "maximum").explain((0, 0))
    assert e.value == np.pad(x, 1, "maximum", stat_length=2)[0, 0] == 20.0 and e.check()
    spec = PadSpec(((1, 0), (1, 0)), "minimum", stat_length=((2, 2), (1, 1)))
    e = PadPlan("np.pad", x, spec, "minimum").explain((0, 0))
    assert e.check() and "a corner of axes 0 and 1" in e.sections[1].lines[0]


def test_explain_does_not_pass_over_the_whole_input_for_a_map_mode() -> None:
    x = np.zeros((2, 300, 300), np.float32)
    x[1, 0, 2] = 9.0
    spec = PadSpec(((0, 0), (1, 1), (3, 3)), "reflect")
    e = PadPlan("torch.pad", x, spec, "reflect").explain((1, 1, 1))
    assert e.value == 9.0
    assert e.summary == "out[1, 1, 1] = x[1, 0, 2]: reflect maps padded position -2 to 2 along axis 2"
    sm = e.details["source_map"]
    assert len(sm["labels"]) <= 16 and len(sm["labels"][0]) <= 16 and sm["axes"] == [1, 2]


@pytest.mark.parametrize(("mode", "kwargs", "at"), [
    ("reflect", {}, (1, 0, 0)),
    ("mean", {"stat_length": ((3, 3),) * 3}, (1, 1, 0)),
    ("constant", {"values": ((5.0, 5.0),) * 3}, (1, 0, 0)),
])
def test_explain_never_computes_the_result_and_allocates_little(
        mode: str, kwargs: dict, at: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    import tracemalloc

    from arraylens.ops.rearrange.pad import explain as explain_module

    x = np.random.default_rng(1).standard_normal((2, 512, 1024)).astype(np.float32)
    spec = PadSpec(((0, 0), (1, 1), (3, 3)), mode, **kwargs)
    plan = PadPlan("np.pad", x, spec, mode)
    want = float(pad(x, spec)[at])

    def spy(sub_x: np.ndarray, sub_spec: PadSpec) -> np.ndarray:  # what explain really calls
        out = pad(sub_x, sub_spec)
        assert out.size < 0.01 * x.size, f"explain padded {sub_x.shape} to {out.shape}"
        return out

    plan.explain((0, 0, 0))  # warm-up: first-call imports are not the explanation's cost
    monkeypatch.setattr(explain_module, "pad", spy)
    tracemalloc.start()
    e = plan.explain(at)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert e.value == want and e.check()
    assert peak < 0.02 * x.nbytes, peak


def test_explain_a_constant_with_crops_on_the_same_axis() -> None:
    x = np.arange(12.0).reshape(3, 4)
    spec = PadSpec(((-1, 2), (2, -3)), "constant", values=((7.0, 8.0), (9.0, 6.0)))
    out = pad(x, spec)
    assert out.shape == (4, 3)
    for at in np.ndindex(*out.shape):
        e = PadPlan("torch.pad", x, spec, "constant").explain(at)
        assert e.value == out[at] and e.check(), (at, e.summary)
