"""Property tests: the adjoint identity and self-checking explanations."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arraylens import tensorflow as tf

TRANSPOSE = {1: tf.conv1d_transpose, 2: tf.conv2d_transpose, 3: tf.conv3d_transpose}
FORWARD = {1: tf.conv1d, 2: tf.conv2d, 3: tf.conv3d}


@st.composite
def conv_setups(draw: st.DrawFn) -> dict:
    nd = draw(st.integers(1, 3))
    stride = [draw(st.integers(1, 3)) for _ in range(nd)]
    dilation = [draw(st.integers(1, 2)) for _ in range(nd)]
    kernel = [draw(st.integers(1, 3)) for _ in range(nd)]
    padding = draw(st.sampled_from(["SAME", "VALID"]))
    size = [draw(st.integers(d * (k - 1) + 1, d * (k - 1) + 5)) for k, d in zip(kernel, dilation, strict=True)]
    c_in, c_out, batch = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
    seed = draw(st.integers(0, 2**31))
    return {"nd": nd, "stride": stride, "dilation": dilation, "kernel": kernel, "padding": padding,
            "size": size, "c_in": c_in, "c_out": c_out, "batch": batch, "seed": seed}


def forward(s: dict, x: np.ndarray, f: np.ndarray) -> np.ndarray:
    nd = s["nd"]
    strides = [1, *s["stride"], 1] if nd == 3 else s["stride"]
    dil = [1, *s["dilation"], 1] if nd == 3 else s["dilation"]
    kw = {"stride" if nd == 1 else "strides": strides}
    return FORWARD[nd](x, f, padding=s["padding"], dilations=dil, **kw)


@settings(max_examples=120, deadline=None)
@given(conv_setups())
def test_adjoint_identity(s: dict) -> None:
    """<conv(x), y> == <x, conv_transpose(y)>: TensorFlow's transpose is the forward
    convolution's adjoint with the same filters and output_shape = x.shape."""
    rng = np.random.default_rng(s["seed"])
    x = rng.standard_normal((s["batch"], *s["size"], s["c_in"]))
    f = rng.standard_normal((*s["kernel"], s["c_in"], s["c_out"]))
    y_shape = forward(s, x, f).shape
    y = rng.standard_normal(y_shape)
    xt = TRANSPOSE[s["nd"]](y, f, list(x.shape), s["stride"], padding=s["padding"], dilations=s["dilation"])
    lhs = float(np.vdot(forward(s, x, f), y))
    rhs = float(np.vdot(x, xt))
    assert np.isclose(lhs, rhs, rtol=1e-9, atol=1e-9)


@settings(max_examples=120, deadline=None)
@given(conv_setups(), st.data())
def test_explanations_check_at_random_indices(s: dict, data: st.DataObject) -> None:
    rng = np.random.default_rng(s["seed"])
    x = rng.standard_normal((s["batch"], *s["size"], s["c_in"])).astype(np.float32)
    f = rng.standard_normal((*s["kernel"], s["c_in"], s["c_out"])).astype(np.float32)
    y = forward(s, x, f)
    args = (y, f, list(x.shape), s["stride"])
    kw = {"padding": s["padding"], "dilations": s["dilation"]}
    out = TRANSPOSE[s["nd"]](*args, **kw)
    idx = tuple(data.draw(st.integers(0, n - 1)) for n in out.shape)
    e = TRANSPOSE[s["nd"]].explain(*args, at=idx, **kw)
    assert e.check()
    assert np.isclose(e.value, out[idx], rtol=1e-5, atol=1e-5)
    for t in e.terms:
        assert t.input_value == y[t.input_index]
        assert t.weight_value == f[t.weight_index]
    # forward explanations too
    fidx = tuple(data.draw(st.integers(0, n - 1)) for n in y.shape)
    nd = s["nd"]
    strides = [1, *s["stride"], 1] if nd == 3 else s["stride"]
    dil = [1, *s["dilation"], 1] if nd == 3 else s["dilation"]
    kw2 = {"stride" if nd == 1 else "strides": strides, "padding": s["padding"], "dilations": dil}
    fe = FORWARD[nd].explain(x, f, at=fidx, **kw2)
    assert fe.check() and np.isclose(fe.value, y[fidx], rtol=1e-5, atol=1e-5)


def test_exact_sum_gives_ieee_results_where_fsum_raises():
    import math

    from arraylens.core.explanation import exact_sum

    assert math.isnan(exact_sum([math.inf, -math.inf, 1.0]))
    assert exact_sum([1e308, 1e308, -1e308]) == math.inf  # the float sum's overflow
    assert exact_sum([0.1] * 10) == 1.0  # still exactly rounded
