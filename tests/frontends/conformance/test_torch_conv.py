"""arraylens.torch against the real torch==2.13.0: values, shapes and accept/reject decisions.

Every random configuration is run through both; when PyTorch rejects it, arraylens must reject
it too, with the same message (first line), and vice versa.
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
import random

import numpy as np
import pytest

torch = importlib.import_module("torch")
F = torch.nn.functional

import arraylens.frontends.torch as al  # noqa: E402

pytestmark = [
    pytest.mark.conformance,
    pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths"),
]

CT = {
    1: (al.conv_transpose1d, F.conv_transpose1d),
    2: (al.conv_transpose2d, F.conv_transpose2d),
    3: (al.conv_transpose3d, F.conv_transpose3d),
}
CV = {1: (al.conv1d, F.conv1d), 2: (al.conv2d, F.conv2d), 3: (al.conv3d, F.conv3d)}
MODULES = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d, 3: torch.nn.ConvTranspose3d}


def _param(rng: random.Random, nd: int, lo: int, hi: int) -> int | tuple[int, ...] | list[int]:
    kind = rng.random()
    if kind < 0.4:
        return rng.randint(lo, hi)
    if kind < 0.5:
        return [rng.randint(lo, hi)]
    return tuple(rng.randint(lo, hi) for _ in range(nd))


def _per_axis(v: int | tuple[int, ...] | list[int], nd: int) -> tuple[int, ...]:
    if isinstance(v, int):
        return (v,) * nd
    return tuple(v) * nd if len(v) == 1 else tuple(v)


def _run_both(ours, theirs, args: tuple, kwargs: dict, torch_args: tuple, torch_kwargs: dict):
    try:
        expected = theirs(*torch_args, **torch_kwargs)
        t_err = None
    except (RuntimeError, ValueError, TypeError) as exc:
        expected, t_err = None, exc
    try:
        got = ours(*args, **kwargs)
        a_err = None
    except (ValueError, TypeError) as exc:
        got, a_err = None, exc
    return expected, t_err, got, a_err


def _onednn_message(exc: BaseException) -> bool:
    """float32 convolutions that fail inside oneDNN report its internal message instead of
    PyTorch's own check (e.g. an output size <= 0); only the decision is compared there."""
    return "memory descriptor" in str(exc) or "oneDNN" in str(exc)


def _compare(expected, t_err, got, a_err, where: str, check_message: bool = True) -> str:
    """Asserts both accept (same values) or both reject; returns 'ok' or 'rejected'."""
    if t_err is not None:
        assert a_err is not None, f"{where}: torch rejected ({t_err}) but arraylens accepted"
        if check_message and not _onednn_message(t_err):
            assert str(a_err) == str(t_err).splitlines()[0], where
        assert isinstance(a_err, TypeError) == isinstance(t_err, TypeError), where
        return "rejected"
    exp = expected.detach().numpy()
    if a_err is not None and exp.size == 0 and exp.dtype == np.float32 and "too small" in str(a_err):
        # float32 grouped transposes run in oneDNN, which returns an empty result where PyTorch's
        # reference path (float64, groups=1) rejects an output size of 0; arraylens follows the
        # reference path (see test_output_size_zero_depends_on_torch_backend).
        return "rejected"
    assert a_err is None, f"{where}: torch accepted, arraylens raised {a_err!r}"
    assert got.shape == exp.shape, where
    assert got.dtype == exp.dtype, where
    tol = 1e-10 if exp.dtype == np.float64 else 2e-4
    np.testing.assert_allclose(got, exp, rtol=tol, atol=tol, err_msg=where)
    return "ok"


def _transpose_config(rng: random.Random, nd: int, valid_bias: float = 0.85):
    groups = rng.choice([1, 1, 1, 2, 3])
    c_in = groups * rng.randint(1, 3)
    c_out_g = rng.randint(1, 3)
    kernel = tuple(rng.randint(1, 4) for _ in range(nd))
    size = tuple(rng.randint(1, 6) for _ in range(nd))
    stride = _param(rng, nd, 1, 3)
    dilation = _param(rng, nd, 1, 2)
    s, d = _per_axis(stride, nd), _per_axis(dilation, nd)
    # output_padding at its limit (max(stride, dilation) - 1), or just past it
    limit = tuple(max(a, b) - 1 for a, b in zip(s, d, strict=True))
    r = rng.random()
    if r < 0.45:
        output_padding: int | tuple[int, ...] = tuple(limit)
    elif r < 0.6:
        output_padding = tuple(x + 1 for x in limit)  # always rejected
    elif r < 0.8:
        output_padding = tuple(rng.randint(0, x) for x in limit)
    else:
        output_padding = 0
    padding = _param(rng, nd, 0, 3)
    batched = rng.random() < 0.8
    n = rng.randint(1, 2)
    dtype = rng.choice([np.float64, np.float64, np.float32])
    x = (
        np.random.default_rng(rng.randint(0, 2**31))
        .standard_normal(((n,) if batched else ()) + (c_in, *size))
        .astype(dtype)
    )
    w = np.random.default_rng(rng.randint(0, 2**31)).standard_normal((c_in, c_out_g, *kernel)).astype(dtype)
    bias = (
        np.random.default_rng(rng.randint(0, 2**31)).standard_normal(c_out_g * groups).astype(dtype)
        if rng.random() < 0.5
        else None
    )
    if rng.random() > valid_bias:
        # one deliberate mistake, each an error path of PyTorch
        mistake = rng.choice(
            [
                "groups",
                "channels",
                "bias",
                "neg_pad",
                "stride0",
                "dil0",
                "rank",
                "neg_out_pad",
                "groups0",
                "len",
            ]
        )
        if mistake == "groups":
            groups = c_in + 1
        elif mistake == "channels":
            x = np.concatenate([x, x], axis=-nd - 1)
        elif mistake == "bias" and bias is not None:
            bias = np.concatenate([bias, bias[:1]])
        elif mistake == "neg_pad":
            padding = -1
        elif mistake == "stride0":
            stride = 0
        elif mistake == "dil0":
            dilation = 0
        elif mistake == "rank":
            x = x[None, None]
        elif mistake == "neg_out_pad":
            output_padding = -1
        elif mistake == "groups0":
            groups = 0
        elif mistake == "len":
            stride = (1,) * (nd + 1)
    return dict(
        x=x,
        w=w,
        bias=bias,
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        groups=groups,
        dilation=dilation,
    )


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_transpose_random_configs(nd: int) -> None:
    rng = random.Random(1000 + nd)
    counts = {"ok": 0, "rejected": 0}
    for case in range({1: 160, 2: 160, 3: 80}[nd]):
        c = _transpose_config(rng, nd)
        ours, theirs = CT[nd]
        args = (
            c["x"],
            c["w"],
            c["bias"],
            c["stride"],
            c["padding"],
            c["output_padding"],
            c["groups"],
            c["dilation"],
        )
        t_args = (
            torch.from_numpy(c["x"]),
            torch.from_numpy(c["w"]),
            None if c["bias"] is None else torch.from_numpy(c["bias"]),
            *args[3:],
        )
        res = _run_both(ours, theirs, args, {}, t_args, {})
        counts[_compare(*res, where=f"nd={nd} case {case}: {c['x'].shape} {c['w'].shape} {args[3:]}")] += 1
    # the generator must exercise both sides of the decision
    print(f"\n{counts}")
    assert counts["ok"] >= 30 and counts["rejected"] >= 15, counts


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_transpose_output_size_like_module(nd: int) -> None:
    """output_size= behaves like nn.ConvTranspose{nd}d.forward(input, output_size)."""
    rng = random.Random(2000 + nd)
    counts = {"ok": 0, "rejected": 0}
    for case in range(60):
        c = _transpose_config(rng, nd, valid_bias=1.0)
        s = _per_axis(c["stride"], nd)
        d = _per_axis(c["dilation"], nd)
        p = _per_axis(c["padding"], nd)
        k = c["w"].shape[2:]
        size = c["x"].shape[-nd:]
        lo = [(i - 1) * ss - 2 * pp + dd * (kk - 1) + 1 for i, ss, pp, dd, kk in zip(size, s, p, d, k, strict=True)]
        # sizes from one below the minimum to one above the maximum
        if rng.random() < 0.6:
            req = [rng.randint(m, m + ss - 1) for m, ss in zip(lo, s, strict=True)]
        else:
            req = [rng.randint(m - 1, m + ss) for m, ss in zip(lo, s, strict=True)]
        if rng.random() < 0.3:
            req = [*c["x"].shape[: c["x"].ndim - nd], *req] if rng.random() < 0.7 else [1, *req]
        output_size = tuple(req) if rng.random() < 0.5 else list(req)
        module = MODULES[nd](
            c["w"].shape[0],
            c["w"].shape[1] * c["groups"],
            k,
            stride=s,
            padding=p,
            dilation=d,
            groups=c["groups"],
            bias=c["bias"] is not None,
            dtype=torch.from_numpy(c["x"]).dtype,
        )
        with torch.no_grad():
            module.weight.copy_(torch.from_numpy(c["w"]))
            if c["bias"] is not None:
                module.bias.copy_(torch.from_numpy(c["bias"]))

        def run_module(x, output_size, module=module):
            with torch.no_grad():
                return module(x, output_size=output_size)

        res = _run_both(
            CT[nd][0],
            run_module,
            (c["x"], c["w"], c["bias"], c["stride"], c["padding"]),
            {"groups": c["groups"], "dilation": c["dilation"], "output_size": output_size},
            (torch.from_numpy(c["x"]), output_size),
            {},
        )
        counts[_compare(*res, where=f"nd={nd} case {case} output_size={output_size}")] += 1
    print(f"\n{counts}")
    assert counts["ok"] >= 15 and counts["rejected"] >= 10, counts


def _conv_config(rng: random.Random, nd: int):
    groups = rng.choice([1, 1, 2, 3])
    c_in = groups * rng.randint(1, 3)
    c_out = groups * rng.randint(1, 2)
    kernel = tuple(rng.randint(1, 4) for _ in range(nd))
    size = tuple(rng.randint(1, 7) for _ in range(nd))
    stride = _param(rng, nd, 1, 3)
    dilation = _param(rng, nd, 1, 2)
    r = rng.random()
    padding: object
    if r < 0.25:
        padding = "same"
        if rng.random() < 0.6:
            stride = 1
    elif r < 0.4:
        padding = "valid"
    else:
        padding = _param(rng, nd, 0, 3)
    batched = rng.random() < 0.8
    gen = np.random.default_rng(rng.randint(0, 2**31))
    x = gen.standard_normal(((2,) if batched else ()) + (c_in, *size))
    w = gen.standard_normal((c_out, c_in // groups, *kernel))
    bias = gen.standard_normal(c_out) if rng.random() < 0.5 else None
    if rng.random() < 0.12:
        mistake = rng.choice(["padstr", "channels", "bias", "neg_pad", "groups", "rank"])
        if mistake == "padstr":
            padding = "full"
        elif mistake == "channels":
            x = np.concatenate([x, x], axis=-nd - 1)
        elif mistake == "bias":
            bias = np.zeros(c_out + 1)
        elif mistake == "neg_pad":
            padding = -1
        elif mistake == "groups":
            groups = c_out + 1
        elif mistake == "rank":
            x = x[None, None]
    return x, w, bias, stride, padding, dilation, groups


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_random_configs(nd: int) -> None:
    rng = random.Random(3000 + nd)
    counts = {"ok": 0, "rejected": 0}
    for case in range({1: 120, 2: 120, 3: 60}[nd]):
        x, w, bias, stride, padding, dilation, groups = _conv_config(rng, nd)
        args = (x, w, bias, stride, padding, dilation, groups)
        t_args = (
            torch.from_numpy(x),
            torch.from_numpy(w),
            None if bias is None else torch.from_numpy(bias),
            stride,
            padding,
            dilation,
            groups,
        )
        res = _run_both(CV[nd][0], CV[nd][1], args, {}, t_args, {})
        counts[_compare(*res, where=f"conv nd={nd} case {case}: {x.shape} {w.shape} {args[3:]}")] += 1
    print(f"\n{counts}")
    assert counts["ok"] >= 25 and counts["rejected"] >= 10, counts


@pytest.mark.parametrize(
    ("kwargs", "kind"),
    [
        ({"padding": 1.5}, TypeError),
        ({"stride": True}, TypeError),
        ({"padding": "same"}, TypeError),
        ({"dilation": (1, 2, 3)}, ValueError),
        ({"output_padding": (2, 0), "stride": 2}, ValueError),
    ],
)
def test_conv_transpose_argument_types_rejected_like_torch(kwargs: dict, kind: type) -> None:
    x = np.ones((1, 2, 4, 4))
    w = np.ones((2, 3, 3, 3))
    with pytest.raises((RuntimeError, TypeError, ValueError)) as t_exc:
        F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), **kwargs)
    with pytest.raises(kind) as a_exc:
        al.conv_transpose2d(x, w, **kwargs)
    if kind is ValueError:
        assert str(a_exc.value) == str(t_exc.value).splitlines()[0]
    else:
        assert isinstance(t_exc.value, TypeError)


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_zero_kernel_size_rejected_like_torch(nd: int) -> None:
    x = np.ones((1, 2) + (4,) * nd)
    for ours, theirs, w_shape in ((*CV[nd], (3, 2, 0) + (2,) * (nd - 1)), (*CT[nd], (2, 3, 0) + (2,) * (nd - 1))):
        with pytest.raises(RuntimeError) as t_exc:
            theirs(torch.from_numpy(x), torch.ones(w_shape, dtype=torch.float64))
        with pytest.raises(ValueError) as a_exc:
            ours(x, np.ones(w_shape))
        assert str(a_exc.value) == str(t_exc.value).splitlines()[0]


def test_zero_batch_and_zero_channels_like_torch() -> None:
    x = np.ones((0, 2, 4, 4))
    w = np.ones((2, 3, 3, 3))
    assert al.conv_transpose2d(x, w).shape == tuple(
        F.conv_transpose2d(torch.ones(0, 2, 4, 4), torch.from_numpy(w)).shape
    )
    # PyTorch returns 0 output channels for a 0-channel input, whatever the weight says
    y = al.conv2d(np.ones((1, 0, 4, 4)), np.ones((4, 0, 3, 3)), np.arange(4.0))
    assert y.shape == (1, 0, 2, 2)
    t = F.conv2d(
        torch.ones(1, 0, 4, 4, dtype=torch.float64),
        torch.ones(4, 0, 3, 3, dtype=torch.float64),
        torch.arange(4.0, dtype=torch.float64),
    )
    np.testing.assert_array_equal(y, t.numpy())
    for xs, ws in [
        ((1, 2, 0, 4), (2, 3, 3, 3)),
        ((1, 2, 4, 4), (2, 0, 3, 3)),
        ((1, 2, 4), (2, 0, 3)),
        ((1, 2, 4, 4, 4), (2, 0, 3, 3, 3)),
        ((1, 2, 4, 4), (2, 2, 0, 3)),
    ]:
        nd = len(xs) - 2
        with pytest.raises(RuntimeError) as t_exc:
            CT[nd][1](torch.ones(xs), torch.ones(ws))
        with pytest.raises(ValueError) as a_exc:
            CT[nd][0](np.ones(xs), np.ones(ws))
        assert str(a_exc.value) == str(t_exc.value).splitlines()[0]


def test_output_size_zero_depends_on_torch_backend() -> None:
    """A transposed-convolution output size of 0: PyTorch's reference path rejects it, its
    oneDNN path (float32 with groups > 1) returns an empty tensor; arraylens rejects it."""
    kwargs = {"padding": (1, 0), "output_padding": (1, 0), "stride": 2, "groups": 2}
    w = np.ones((2, 1, 1, 1))
    x = np.ones((1, 2, 1, 4))
    assert F.conv_transpose2d(torch.ones(1, 2, 1, 4), torch.ones(2, 1, 1, 1), **kwargs).shape == (
        1,
        2,
        0,
        7,
    )
    with pytest.raises(RuntimeError, match="Output size is too small") as t_exc:
        F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), **kwargs)
    with pytest.raises(ValueError) as a_exc:
        al.conv_transpose2d(x.astype(np.float32), w.astype(np.float32), **kwargs)
    assert str(a_exc.value) == str(t_exc.value).splitlines()[0]
