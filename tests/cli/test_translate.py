"""``arraylens translate`` on the command line."""

from __future__ import annotations

import numpy as np
from click.testing import CliRunner

from arraylens.cli.main import cli, main


def test_translate_tf_same_to_torch_prints_the_slice_and_verifies() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "translate",
            "tf.nn.conv2d_transpose",
            "torch",
            "--arg",
            "input=shape:1,3,3,2",
            "--arg",
            "filters=shape:3,3,4,2",
            "--arg",
            "output_shape=1,6,6,4",
            "--arg",
            "strides=2",
            "--arg",
            "padding=SAME",
            "--verify",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "y = y[:, :, 0:-1, 0:-1]" in result.output
    assert "verified against torch " in result.output and "max |diff| " in result.output


def test_translate_with_array_files_and_exact_onnx(tmp_path) -> None:
    np.save(tmp_path / "x.npy", np.ones((1, 2, 4)))
    np.save(tmp_path / "w.npy", np.ones((2, 3, 3)))
    result = CliRunner().invoke(
        cli,
        [
            "translate",
            "torch.conv_transpose1d",
            "onnx",
            "--arg",
            f"input=@{tmp_path / 'x.npy'}",
            "--arg",
            f"weight=@{tmp_path / 'w.npy'}",
            "--arg",
            "stride=2",
            "--arg",
            "padding=1",
            "--arg",
            "output_padding=1",
            "--verify",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "exact" in result.output and "pads=[1, 0]" in result.output


def test_translate_errors_are_one_line_exit_2() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "translate",
            "torch.conv_transpose2d",
            "onnx",
            "--arg",
            "input=shape:1,4,3,3",
            "--arg",
            "weight=shape:4,2,3,3",
            "--arg",
            "output_padding=1",
        ],
    )
    assert result.exit_code == 2
    assert "output padding must be smaller than either stride or dilation" in result.output
    assert isinstance(result.exception, SystemExit)  # a handled error, not a crash
    result = CliRunner().invoke(
        cli, ["translate", "torch.conv_transpose2d", "onnx", "--arg", "input"]
    )
    assert result.exit_code == 2 and "NAME=VALUE" in result.output
    impossible = CliRunner().invoke(
        cli,
        [
            "translate",
            "torch.conv_transpose2d",
            "keras",
            "--arg",
            "input=shape:1,4,3,3",
            "--arg",
            "weight=shape:4,2,3,3",
            "--arg",
            "groups=2",
        ],
    )
    assert impossible.exit_code == 0 and "no translation" in impossible.output


def test_translate_pixel_shuffle_of_int32_to_onnx_verifies(tmp_path) -> None:
    np.save(tmp_path / "int32.npy", np.arange(48, dtype=np.int32).reshape(1, 8, 2, 3))
    result = CliRunner().invoke(cli, ["translate", "torch.pixel_shuffle", "onnx", "--arg",
                                      f"input=@{tmp_path / 'int32.npy'}", "--arg", "upscale_factor=2", "--verify"])
    assert result.exit_code == 0, result.output
    assert "DepthToSpace does not implement int32" in result.output
    assert "max |diff| 0 from" in result.output


def test_translate_onnx_pad_with_one_int_axis_and_a_one_element_list() -> None:
    for axes in ("1", "1,"):
        result = CliRunner().invoke(cli, ["translate", "onnx.Pad", "torch", "--arg", "data=shape:2,3",
                                          "--arg", "pads=1,1", "--arg", f"axes={axes}", "--verify"])
        assert result.exit_code == 0, result.output
        assert "F.pad(v, [1, 1], mode='constant', value=0.0)" in result.output
        assert "max |diff| 0 from" in result.output


def test_translate_reads_float_fills_and_refuses_text_for_a_number(capsys) -> None:
    result = CliRunner().invoke(cli, ["translate", "torch.pad", "tensorflow", "--arg", "input=shape:2,3",
                                      "--arg", "pad=1,1", "--arg", "value=1.5", "--verify"])
    assert result.exit_code == 0, result.output
    assert "constant_values=1.5" in result.output and "max |diff| 0 from" in result.output
    result = CliRunner().invoke(cli, ["translate", "np.pad", "numpy", "--arg", "array=shape:3",
                                      "--arg", "pad_width=1", "--arg", "constant_values=nan", "--verify"])
    assert result.exit_code == 0, result.output
    assert "float('nan')" in result.output and "max |diff| 0 from" in result.output
    capsys.readouterr()
    code = main(["translate", "torch.pad", "torch", "--arg", "input=shape:2,3", "--arg", "pad=1,1",
                 "--arg", "value=1.5x"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == "arraylens: error: torch.pad: value must be a number (an integer, a decimal, nan or inf), got '1.5x'"\
        " (see 'arraylens translate --help')\n"
