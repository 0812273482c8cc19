"""arraylens.jax against the real jax.lax.conv_transpose (jax[cpu], float64 via jax_enable_x64)."""

from __future__ import annotations

import random

import jax  # a test extra: missing jax must fail, not skip
import numpy as np
import pytest

jax.config.update("jax_enable_x64", True)
lax = jax.lax

import arraylens.frontends.jax as al  # noqa: E402

pytestmark = pytest.mark.conformance

LAYOUTS = {
    1: [None, ("NHC", "HIO", "NHC"), ("NCH", "OIH", "NCH"), ("NCH", "HOI", "NHC")],
    2: [
        None,
        ("NCHW", "OIHW", "NCHW"),
        ("NHWC", "HWIO", "NHWC"),
        ("NHWC", "OIWH", "NCHW"),
        ("CNHW", "IOHW", "NHWC"),
    ],
    3: [None, ("NCDHW", "OIDHW", "NCDHW"), ("NDHWC", "DHWIO", "NDHWC")],
}


def shape_for(spec: str | None, default: str, sizes: dict[str, int]) -> tuple[int, ...]:
    return tuple(sizes[c] for c in (spec or default))


def config(rng: random.Random, nd: int, gen: np.random.Generator):
    dn = rng.choice(LAYOUTS[nd])
    default = {
        1: ("NHC", "HIO", "NHC"),
        2: ("NHWC", "HWIO", "NHWC"),
        3: ("NHWDC", "HWDIO", "NHWDC"),
    }[nd]
    spatial_chars = [c for c in default[1] if c not in "IO"]
    sizes_x = {"N": rng.randint(1, 2), "C": rng.randint(1, 3)}
    sizes_w = {}
    for c in spatial_chars:
        sizes_x[c] = rng.randint(1, 5)
        sizes_w[c] = rng.randint(1, 4)
    transpose_kernel = rng.random() < 0.5
    c_out = rng.randint(1, 3)
    # the I axis holds the input features, or O with transpose_kernel=True
    sizes_w.update(
        {"I": c_out, "O": sizes_x["C"]} if transpose_kernel else {"I": sizes_x["C"], "O": c_out}
    )
    if rng.random() < 0.05:
        sizes_w["I"] += 1  # feature mismatch: rejected
    lhs_spec = dn[0] if dn else default[0]
    rhs_spec = dn[1] if dn else default[1]
    x = gen.standard_normal(shape_for(lhs_spec, default[0], sizes_x))
    w = gen.standard_normal(shape_for(rhs_spec, default[1], sizes_w))
    strides = [rng.randint(1, 3) for _ in range(nd)]
    dilation = [rng.randint(1, 2) for _ in range(nd)] if rng.random() < 0.4 else None
    consistent = rng.random() < 0.3
    r = rng.random()
    if r < 0.3:
        padding = rng.choice(["SAME", "VALID"])
    elif r < 0.4 and not consistent:
        padding = "SAME_LOWER"
    else:
        padding = [(rng.randint(-2, 3), rng.randint(-2, 3)) for _ in range(nd)]
    kwargs = {
        "rhs_dilation": dilation,
        "dimension_numbers": dn,
        "transpose_kernel": transpose_kernel,
        "use_consistent_padding": consistent,
    }
    return x, w, strides, padding, kwargs


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_random_configs_against_jax(nd: int) -> None:
    rng = random.Random(9000 + nd)
    gen = np.random.default_rng(nd)
    counts = {"ok": 0, "empty": 0, "rejected": 0}
    for case in range({1: 120, 2: 120, 3: 60}[nd]):
        x, w, strides, padding, kwargs = config(rng, nd, gen)
        where = f"nd={nd} case {case} lhs{x.shape} rhs{w.shape} {strides} {padding} {kwargs}"
        try:
            expected, j_err = np.asarray(lax.conv_transpose(x, w, strides, padding, **kwargs)), None
        except Exception as exc:  # jax raises TypeError/ValueError from its shape rules
            expected, j_err = None, exc
        try:
            got, a_err = al.conv_transpose(x, w, strides, padding, **kwargs), None
        except (ValueError, TypeError) as exc:
            got, a_err = None, exc
        if j_err is not None:
            assert a_err is not None, f"{where}: jax rejected ({j_err}) but arraylens accepted"
            if str(j_err).startswith("Negative padding is larger"):
                assert str(a_err).startswith("Negative padding is larger"), f"{where}: {a_err}"
            counts["rejected"] += 1
            continue
        assert a_err is None, f"{where}: jax accepted, arraylens raised {a_err!r}"
        assert got.shape == expected.shape and got.dtype == expected.dtype, where
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9, err_msg=where)
        counts["empty" if expected.size == 0 else "ok"] += 1
    print(f"\n{counts}")
    assert counts["ok"] >= 30 and counts["empty"] >= 3 and counts["rejected"] >= 5, counts


def test_transpose_kernel_flag_rotates_the_kernel() -> None:
    """The same rhs gives mirrored kernel copies with and without transpose_kernel."""
    x = np.array([[[1.0], [0.0], [0.0]]])  # one impulse, NHC
    w = np.array([[[1.0]], [[2.0]], [[3.0]]])  # HIO, I = O = 1
    plain = al.conv_transpose(x, w, (2,), "VALID")
    flipped = al.conv_transpose(x, w, (2,), "VALID", transpose_kernel=True)
    np.testing.assert_array_equal(plain, np.asarray(lax.conv_transpose(x, w, (2,), "VALID")))
    np.testing.assert_array_equal(
        flipped, np.asarray(lax.conv_transpose(x, w, (2,), "VALID", transpose_kernel=True))
    )
    assert plain[0, :3, 0].tolist() == [3.0, 2.0, 1.0]
    assert flipped[0, :3, 0].tolist() == [1.0, 2.0, 3.0]


def test_explain_terms_index_rhs_itself() -> None:
    gen = np.random.default_rng(5)
    x, w = gen.standard_normal((1, 3, 4, 2)), gen.standard_normal((3, 2, 2, 3))
    for tk in (False, True):
        wk = w if not tk else gen.standard_normal((3, 2, 3, 2))
        out = al.conv_transpose(x, wk, (2, 1), "SAME", transpose_kernel=tk)
        for index in np.ndindex(out.shape):
            e = al.conv_transpose.explain(x, wk, (2, 1), "SAME", transpose_kernel=tk, at=index)
            assert e.value == pytest.approx(out[index]) and e.check()
            for t in e.terms:
                assert x[t.input_index] == t.input_value and wk[t.weight_index] == t.weight_value


@pytest.mark.conformance
@pytest.mark.parametrize("padding", ["same", "Same", "valid", "same_lower", "SAME_LOWER"])
def test_other_padding_strings_at_stride_1_follow_conv_general_dilated(padding: str) -> None:
    """At stride 1 JAX passes any string other than 'SAME'/'VALID' to conv_general_dilated,
    which upper-cases it and applies the forward rule: 'same' and 'SAME' differ."""
    x = np.arange(1.0, 6.0).reshape(1, 5, 1)
    w = np.array([1.0, 10.0, 100.0, 1000.0]).reshape(4, 1, 1)
    dn = ("NWC", "WIO", "NWC")
    jx, jw = jax.numpy.asarray(x), jax.numpy.asarray(w)
    expected = np.asarray(lax.conv_transpose(jx, jw, (1,), padding, dimension_numbers=dn))
    got = al.conv_transpose(x, w, (1,), padding, dimension_numbers=dn)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected)


@pytest.mark.conformance
@pytest.mark.parametrize("strides", [[1.5], [2.0]])
def test_non_integer_strides_are_rejected_like_jax(strides: list[float]) -> None:
    x = np.ones((1, 5, 1))
    w = np.ones((3, 1, 1))
    dn = ("NWC", "WIO", "NWC")
    with pytest.raises(Exception):  # noqa: B017 - JAX raises its own error type
        lax.conv_transpose(jax.numpy.asarray(x), jax.numpy.asarray(w), strides, "SAME", dimension_numbers=dn)
    with pytest.raises(ValueError, match="must be integers"):
        al.conv_transpose(x, w, strides, "SAME", dimension_numbers=dn)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_empty_output_like_jax(dtype: type) -> None:
    """Negative padding that leaves no element: JAX returns an empty array (size exactly 0,
    and also when low + high leaves fewer than kernel-1 positions: max(0, ...)); so does
    arraylens, with JAX's shape and dtype. explain has no element to explain."""
    x = np.arange(1.0, 4.0, dtype=dtype).reshape(1, 3, 1)  # NHC, 3 positions
    w = np.ones((2, 1, 1), dtype)  # HIO, kernel 2
    for pads in ([(-2, 0)], [(-3, 0)], [(0, -3)], [(-1, -2)]):
        # zero-inserted input 3, padded 3 + low + high in {0, 1}: output max(0, padded - 1) = 0
        expected = np.asarray(lax.conv_transpose(x, w, (1,), pads))
        got = al.conv_transpose(x, w, (1,), pads)
        assert expected.shape == got.shape == (1, 0, 1), pads
        assert got.dtype == expected.dtype == dtype
        with pytest.raises(IndexError, match="axis 1 has size 0"):
            al.conv_transpose.explain(x, w, (1,), pads, at=(0, 0, 0))
    # one more position of padding gives one element: x[1] + x[2] (padded 2, window 2)
    for got in (
        al.conv_transpose(x, w, (1,), [(-1, 0)]),
        np.asarray(lax.conv_transpose(x, w, (1,), [(-1, 0)])),
    ):
        np.testing.assert_array_equal(got.ravel(), [5.0])


def test_empty_output_in_a_channels_first_layout_like_jax() -> None:
    """The empty axis lands where dimension_numbers put it (here NCHW out, the W axis)."""
    gen = np.random.default_rng(7)
    x = gen.standard_normal((2, 3, 4, 3))  # NCHW
    w = gen.standard_normal((5, 3, 2, 2))  # OIHW
    dn = ("NCHW", "OIHW", "NCHW")
    pads = [(0, 0), (-4, 0)]  # W: zero-inserted 5 (stride 2), padded 1 < kernel 2
    expected = np.asarray(lax.conv_transpose(x, w, (1, 2), pads, dimension_numbers=dn))
    got = al.conv_transpose(x, w, (1, 2), pads, dimension_numbers=dn)
    assert expected.shape == got.shape == (2, 5, 3, 0)


def test_negative_padding_larger_than_the_input_is_refused_like_jax() -> None:
    """Below an empty result JAX refuses: the padded zero-inserted input may not be < 0."""
    x = np.ones((1, 3, 1))
    w = np.ones((2, 1, 1))
    for strides, pads in (((1,), [(-4, 0)]), ((2,), [(-3, -3)]), ((1,), [(2, -6)])):
        with pytest.raises(ValueError, match="Negative padding is larger than the size") as j:
            lax.conv_transpose(x, w, strides, pads)
        with pytest.raises(ValueError, match="Negative padding is larger than the size") as a:
            al.conv_transpose(x, w, strides, pads)
        assert str(a.value).startswith(str(j.value).split(" for lhs_shape")[0])


@pytest.mark.parametrize("strides,pads", [((1,), [(0, 0)]), ((2,), [(2, 2)]), ((3,), [(1, 0)])])
def test_empty_input_axis_counts_as_zero_before_padding_like_jax(strides, pads) -> None:
    """An input axis of size 0 dilates to 0 (not (0-1)*stride + 1); the output is the padding
    alone, all zeros."""
    x = np.ones((1, 0, 2))
    w = np.ones((2, 2, 1))
    expected = np.asarray(lax.conv_transpose(x, w, strides, pads))
    got = al.conv_transpose(x, w, strides, pads)
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_empty_kernel_axis_is_refused_like_jax() -> None:
    x = np.ones((1, 3, 1))
    w = np.ones((0, 1, 1))
    with pytest.raises(ValueError, match="expects window to have positive value"):
        np.asarray(lax.conv_transpose(x, w, (1,), "SAME"))
    with pytest.raises(ValueError, match="expects window to have positive value"):
        al.conv_transpose(x, w, (1,), "SAME")
