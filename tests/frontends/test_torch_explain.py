"""arraylens.torch explanations, the named trouble spots, and the CLI subcommands."""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip

import numpy as np
import pytest
from click.testing import CliRunner

import arraylens.frontends.torch as al
from arraylens.cli.main import cli

torch = importlib.import_module("torch")
F = torch.nn.functional


def _t(a: np.ndarray | None):
    return None if a is None else torch.from_numpy(a)


@pytest.mark.parametrize(
    ("fn", "tfn", "xs", "ws", "kwargs"),
    [
        (
            al.conv_transpose2d,
            F.conv_transpose2d,
            (2, 4, 3, 5),
            (4, 3, 3, 2),
            {
                "stride": (2, 3),
                "padding": (1, 0),
                "output_padding": (1, 2),
                "groups": 2,
                "dilation": (1, 2),
            },
        ),
        (
            al.conv_transpose1d,
            F.conv_transpose1d,
            (3, 5),
            (3, 2, 4),
            {"stride": 3, "padding": 2, "output_padding": 2},
        ),
        (
            al.conv_transpose3d,
            F.conv_transpose3d,
            (1, 2, 2, 3, 2),
            (2, 2, 2, 2, 3),
            {"stride": (1, 2, 2), "dilation": (2, 1, 1), "output_padding": (1, 1, 0)},
        ),
        (al.conv2d, F.conv2d, (2, 4, 6, 5), (6, 2, 3, 2), {"stride": 2, "padding": 1, "groups": 2}),
        (al.conv1d, F.conv1d, (3, 7), (2, 3, 4), {"padding": "same", "dilation": 2}),
        (
            al.conv3d,
            F.conv3d,
            (1, 2, 4, 5, 3),
            (3, 2, 2, 3, 1),
            {"padding": "valid", "stride": (1, 2, 1)},
        ),
    ],
)
def test_explain_matches_torch_at_every_index(fn, tfn, xs, ws, kwargs) -> None:
    rng = np.random.default_rng(7)
    x, w = rng.standard_normal(xs), rng.standard_normal(ws)
    n_out = ws[1] * kwargs.get("groups", 1) if "transpose" in fn.name else ws[0]
    b = rng.standard_normal(n_out)
    expected = tfn(_t(x), _t(w), _t(b), **kwargs).numpy()
    for index in np.ndindex(expected.shape):
        e = fn.explain(x, w, b, at=index, **kwargs)
        assert e.index == index
        assert e.value == pytest.approx(expected[index], abs=1e-10)
        assert e.check()
        # terms use the caller's layouts: the input index addresses the value it reports
        for term in e.terms:
            assert x[term.input_index] == term.input_value
            assert w[term.weight_index] == term.weight_value


def test_output_padding_greater_than_padding_gives_bias_only_rows() -> None:
    """Trouble spot: output_padding > padding extends the full result; no kernel copy reaches
    the added last row and column, so they hold the bias alone."""
    x = np.arange(1.0, 5.0).reshape(1, 1, 2, 2)
    w = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    b = np.array([0.5])
    kwargs = {"stride": 2, "padding": 0, "output_padding": 1}
    expected = F.conv_transpose2d(_t(x), _t(w), _t(b), **kwargs).numpy()
    out = al.conv_transpose2d(x, w, b, **kwargs)
    assert out.shape == (1, 1, 6, 6)
    np.testing.assert_allclose(out, expected, atol=1e-12)
    np.testing.assert_array_equal(out[0, 0, 5, :], 0.5)
    np.testing.assert_array_equal(out[0, 0, :, 5], 0.5)
    e = al.conv_transpose2d.explain(x, w, b, at=(0, 0, 5, 5), **kwargs)
    assert e.terms == () and e.value == 0.5 and e.check()
    assert "no input element's kernel copy reaches" in str(e)


def test_dilation_2_with_output_padding_1_is_allowed_at_stride_1() -> None:
    """Trouble spot: output_padding must be < stride OR < dilation; stride 1, dilation 2 and
    output_padding 1 is accepted and adds one position at the end."""
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((1, 2, 4, 4)), rng.standard_normal((2, 3, 3, 3))
    kwargs = {"stride": 1, "dilation": 2, "output_padding": 1, "padding": 1}
    expected = F.conv_transpose2d(_t(x), _t(w), **kwargs).numpy()
    out = al.conv_transpose2d(x, w, **kwargs)
    assert out.shape == expected.shape == (1, 3, 7, 7)
    np.testing.assert_allclose(out, expected, atol=1e-12)
    with pytest.raises(ValueError, match="output padding must be smaller than either stride or dilation"):
        al.conv_transpose2d(x, w, stride=1, dilation=2, output_padding=2)


def test_unbatched_input_and_index() -> None:
    rng = np.random.default_rng(5)
    x, w = rng.standard_normal((2, 3, 3)), rng.standard_normal((2, 1, 2, 2))
    expected = F.conv_transpose2d(_t(x), _t(w), stride=2).numpy()
    out = al.conv_transpose2d(x, w, stride=2)
    assert out.shape == (1, 6, 6)
    np.testing.assert_allclose(out, expected, atol=1e-12)
    e = al.conv_transpose2d.explain(x, w, stride=2, at=(0, 5, 4))
    assert e.value == pytest.approx(expected[0, 5, 4])
    assert all(len(t.input_index) == 3 for t in e.terms)
    with pytest.raises(IndexError):
        al.conv_transpose2d.explain(x, w, stride=2, at=(0, 0, 6, 0))


def test_output_size_keyword_matches_module() -> None:
    rng = np.random.default_rng(11)
    x, w = rng.standard_normal((1, 2, 4, 4)), rng.standard_normal((2, 3, 3, 3))
    m = torch.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, bias=False, dtype=torch.float64)
    with torch.no_grad():
        m.weight.copy_(_t(w))
        expected = m(_t(x), output_size=(8, 7)).numpy()
    out = al.conv_transpose2d(x, w, stride=2, padding=1, output_size=(8, 7))
    np.testing.assert_allclose(out, expected, atol=1e-12)
    e = al.conv_transpose2d.explain(x, w, stride=2, padding=1, output_size=(8, 7), at=(0, 1, 7, 6))
    assert "output_padding (1, 0)" in str(e)
    with pytest.raises(ValueError, match=r"valid sizes range from \[7, 7\] to \[8, 8\]"):
        al.conv_transpose2d(x, w, stride=2, padding=1, output_size=(9, 7))


def test_cli_explain_torch_conv_transpose2d(tmp_path) -> None:
    x = np.array([[[[-67.0, 2.0], [3.0, 4.0]]]])
    w = np.arange(-1.0, -10.0, -1.0).reshape(1, 1, 3, 3)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "w.npy", w)
    args = [
        "explain",
        "torch.conv_transpose2d",
        "--input",
        str(tmp_path / "x.npy"),
        "--weight",
        str(tmp_path / "w.npy"),
        "--stride",
        "2",
        "--at",
        "0,0,0,0",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "67" in result.output  # (-67) * (-1)
    expected = F.conv_transpose2d(_t(x), _t(w), stride=2).numpy()[0, 0, 0, 0]
    assert expected == 67.0
    bad = CliRunner().invoke(cli, [*args[:-1], "0,0,9,0"])
    assert bad.exit_code == 2
    assert "out of range" in bad.output
    bad = CliRunner().invoke(cli, [*args[:6], "--stride", "1", "--output-padding", "1", "--at", "0,0,0,0"])
    assert bad.exit_code == 2
    assert "output padding must be smaller than either stride or dilation" in bad.output


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
def test_cli_explain_torch_conv2d_same(tmp_path) -> None:
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((1, 2, 5, 5)), rng.standard_normal((3, 2, 2, 2))
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "w.npy", w)
    result = CliRunner().invoke(
        cli,
        [
            "explain",
            "torch.conv2d",
            "--input",
            str(tmp_path / "x.npy"),
            "--weight",
            str(tmp_path / "w.npy"),
            "--padding",
            "same",
            "--at",
            "0,2,4,4",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "padding='same'" in result.output
    value = F.conv2d(_t(x), _t(w), padding="same").numpy()[0, 2, 4, 4]
    e = al.conv2d.explain(x, w, padding="same", at=(0, 2, 4, 4))
    assert e.value == pytest.approx(value)
