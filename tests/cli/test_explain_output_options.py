"""Every ``arraylens explain OP`` takes the same output options: ``--html PAGE`` and
``--figure FILE`` (PNG or SVG by suffix; a one-line note for an op without a figure)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens import frontends
from arraylens.cli.main import cli, explain
from arraylens.core import registry
from arraylens.translate.conv_transpose import SOURCES, TARGETS

frontends.load()
EXPLAINED = [e.op for e in registry.entries() if e.cli is not None]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_every_registered_function_with_cli_options_is_an_explain_command() -> None:
    assert len(EXPLAINED) >= 40
    assert sorted(n for n, c in explain.commands.items() if not c.hidden) == sorted(EXPLAINED)  # aliases: hidden


@pytest.mark.parametrize("op", EXPLAINED)
def test_every_explain_command_lists_html_and_figure(op: str) -> None:
    result = CliRunner().invoke(cli, ["explain", op, "--help"])
    assert result.exit_code == 0, result.output
    assert "--html" in result.output and "--figure" in result.output
    assert "--at" in result.output


def test_translate_reads_its_sources_and_targets_from_the_registry() -> None:
    assert TARGETS == ("tensorflow", "torch", "onnx", "keras", "jax")
    for name, source in SOURCES.items():
        entry = registry.get(name)
        assert entry.translate is source.rule and entry.fn is source.fn
    assert "F.conv_transpose2d" in SOURCES and "keras.layers.Conv3DTranspose" in SOURCES
    assert "tf.nn.conv2d" not in SOURCES


def _motivating_files(tmp_path: Path) -> list[str]:
    x = np.array([[-67.0, 12.0], [5.0, 3.0]]).reshape(1, 2, 2, 1)
    f = np.arange(-1.0, 8.0).reshape(3, 3, 1, 1)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "f.npy", f)
    return [
        "explain", "tf.nn.conv2d_transpose", "--input", str(tmp_path / "x.npy"),
        "--filters", str(tmp_path / "f.npy"), "--output-shape", "1,5,5,1", "--strides", "2",
        "--padding", "VALID", "--at", "0,0,0,0",
    ]


def test_figure_on_a_conv_transpose_writes_a_png(tmp_path: Path) -> None:
    path = tmp_path / "overlay.png"
    result = CliRunner().invoke(cli, [*_motivating_files(tmp_path), "--figure", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    assert f"wrote {path}" in result.output


def test_figure_on_a_conv_transpose_writes_an_svg(tmp_path: Path) -> None:
    path = tmp_path / "overlay.svg"
    result = CliRunner().invoke(cli, [*_motivating_files(tmp_path), "--figure", str(path)])
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "<svg" in text and text.rstrip().endswith("</svg>")
    assert not text.startswith("\x89PNG")


def test_figure_with_another_suffix_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "overlay.jpg"
    result = CliRunner().invoke(cli, [*_motivating_files(tmp_path), "--figure", str(path)])
    assert result.exit_code == 2
    assert ".png or .svg" in result.output
    assert not path.exists()


def test_figure_on_torch_and_jax_transposed_convolutions(tmp_path: Path) -> None:
    np.save(tmp_path / "x.npy", np.arange(8.0).reshape(1, 2, 2, 2))
    np.save(tmp_path / "w.npy", np.arange(24.0).reshape(2, 3, 2, 2))
    torch_png = tmp_path / "torch.png"
    result = CliRunner().invoke(cli, [
        "explain", "torch.conv_transpose2d", "--input", str(tmp_path / "x.npy"),
        "--weight", str(tmp_path / "w.npy"), "--stride", "2", "--at", "0,1,1,1",
        "--figure", str(torch_png),
    ])
    assert result.exit_code == 0, result.output
    assert torch_png.read_bytes()[:8] == PNG_SIGNATURE


def test_figure_on_an_op_without_one_prints_a_note(tmp_path: Path) -> None:
    np.save(tmp_path / "a.npy", np.array([[1.0, 5.0, 2.0], [4.0, 0.0, 9.0]]))
    path = tmp_path / "argmax.png"
    result = CliRunner().invoke(
        cli, ["explain", "np.argmax", "--input", str(tmp_path / "a.npy"), "--axis", "0", "--at", "1",
              "--figure", str(path)]
    )
    assert result.exit_code == 0, result.output
    note = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(note) == 1 and "np.argmax has no figure" in note[0]
    assert not path.exists()
    assert "result:" in result.stdout  # the explanation is still printed


def test_html_on_an_op_other_than_tensorflow(tmp_path: Path) -> None:
    np.save(tmp_path / "a.npy", np.array([[1.0, 5.0, 2.0], [4.0, 0.0, 9.0]]))
    page = tmp_path / "argmax.html"
    result = CliRunner().invoke(
        cli, ["explain", "np.argmax", "--input", str(tmp_path / "a.npy"), "--axis", "0", "--at", "1",
              "--html", str(page)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {page}" in result.output
    assert "<html" in page.read_text().lower()


def test_html_into_a_missing_folder_fails_before_any_work(tmp_path: Path) -> None:
    np.save(tmp_path / "v.npy", np.array([1.0, 2.0, 3.0]))
    page = tmp_path / "nowhere" / "p.html"
    result = CliRunner().invoke(
        cli, ["explain", "octave.fft", "--input", str(tmp_path / "v.npy"), "--at", "1", "--html", str(page)]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "result =" not in result.output


def test_octave_fft_of_a_plain_transpose_is_checked_without_eval(tmp_path: Path) -> None:
    np.save(tmp_path / "v.npy", np.array([1 + 0.5j, 3, 2, 8 + 3j]))
    result = CliRunner().invoke(
        cli, ["explain", "octave.ifft", "--input", str(tmp_path / "v.npy"), "--transpose", "--at", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "CONJUGATED" not in result.output
    text = result.output.replace("\n", "")
    assert "np.fft.ifft(x.reshape(1, 4).T, axis=0)  (x: your input, before the transpose; checked)" in text
    assert text.count("np.fft.ifft(") == 1  # one NumPy line, from the user's x
