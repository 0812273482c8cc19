"""``arraylens explain np.pad | torch.pad | tf.pad | onnx.Pad``: the element's source, the
figure, and library refusals as one line with exit status 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from arraylens.cli.main import main


@pytest.fixture
def x_file(tmp_path: Path) -> Path:
    path = tmp_path / "x.npy"
    np.save(path, np.arange(12.0).reshape(1, 3, 4))
    return path


def test_np_pad_explains_a_reflected_element_and_draws_the_source_map(
        x_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figure = tmp_path / "map.png"
    code = main(["explain", "np.pad", "--input", str(x_file), "--pad-width", "0,0;1,1;3,2", "--mode", "reflect",
                 "--at", "0,1,0", "--figure", str(figure)])
    out = capsys.readouterr().out
    assert code == 0
    assert "result shape (1, 5, 9), dtype float64" in out
    assert "out[0, 1, 0] = x[0, 0, 3]: reflect maps padded position -3 to 3 along axis 2" in out
    assert "symmetric (np.pad 'symmetric', tf.pad 'SYMMETRIC' (torch and ONNX have no such mode)): x[0, 0, 2]" in out
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_np_pad_statistic_option(x_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "np.pad", "--input", str(x_file), "--pad-width", "0,0;0,0;2,0", "--mode", "mean",
                 "--stat-length", "2", "--at", "0,2,1"])
    assert code == 0
    assert "out[0, 2, 1] = 8.5: the mean of x[0, 2, 0:2] (window of 2)" in capsys.readouterr().out


def test_torch_tf_and_onnx_pads_explain(x_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "torch.pad", "--input", str(x_file), "--pad", "2,-1", "--mode", "circular",
                 "--at", "0,0,0"]) == 0
    out = capsys.readouterr().out
    assert "out[0, 0, 0] = x[0, 0, 1]: circular maps padded position -2 to 1 along axis 2" in out
    assert main(["explain", "tf.pad", "--input", str(x_file), "--paddings", "0,0,0,0,2,0", "--mode", "symmetric",
                 "--at", "0,0,0"]) == 0
    out = capsys.readouterr().out
    assert "out[0, 0, 0] = x[0, 0, 1]: SYMMETRIC maps padded position -2 to 1 along axis 2" in out
    assert main(["explain", "onnx.Pad", "--input", str(x_file), "--pads", "1,0", "--axes", "-1", "--mode", "constant",
                 "--constant-value", "7", "--at", "0,2,0"]) == 0
    assert "out[0, 2, 0] = 7: the constant, since position -1 along axis 2 is outside the input" \
        in capsys.readouterr().out


def test_tf_reflect_too_wide_is_one_line_with_status_2(x_file: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "arraylens.cli.main", "explain", "tf.pad", "--input", str(x_file),
                           "--paddings", "0,0,1,1,4,0", "--mode", "REFLECT", "--at", "0,0,0"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("arraylens: error: paddings must be less than the dimension size: "
                                   "4, 0 not less than 4")


def test_torch_pad_html_page_carries_the_explanation(x_file: Path, tmp_path: Path) -> None:
    page = tmp_path / "pad.html"
    assert main(["explain", "torch.pad", "--input", str(x_file), "--pad", "3,-1", "--mode", "circular",
                 "--at", "0,0,0", "--html", str(page)]) == 0
    assert "out[0, 0, 0] = x[0, 0, 0]: circular maps padded position -3 to 0 along axis 2" in page.read_text("utf-8")


def test_huge_pads_print_the_shape_without_computing_and_refuse_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "1M")
    small = tmp_path / "small.npy"
    np.save(small, np.arange(6.0).reshape(2, 3))
    code = main(["explain", "np.pad", "--input", str(small), "--pad-width", "100000000000", "--mode", "reflect",
                 "--at", "0,0"])
    out = capsys.readouterr().out
    assert code == 0
    assert "result shape (200000000002, 200000000003), dtype float64" in out
    assert "reflect maps padded position -100000000000 to 0 along axis 0" in out
    assert main(["explain", "tf.pad", "--input", str(small), "--paddings", "1,1,99999999999,0", "--at", "0,0"]) == 0
    assert "result shape (4, 100000000002), dtype float64" in capsys.readouterr().out
    for args, message in [
        (["torch.pad", "--pad", "99999999999999999999,1"],
         "pad(): argument 'pad' failed to unpack the object at pos 1 with error \"Overflow when unpacking long long\""),
        (["tf.pad", "--paddings", "1,1,99999999999999999999,0"],
         "Can't convert Python sequence with out-of-range integer to Tensor."),
        (["tf.pad", "--paddings", "1,1,99999999999"], "--paddings takes before,after pairs"),
    ]:
        code = main(["explain", args[0], "--input", str(small), *args[1:], "--at", "0,0"])
        err = capsys.readouterr().err
        assert code == 2, args
        assert message in err and len(err.strip().splitlines()) == 1, err


def test_pad_and_block_plans_check_the_allocation_before_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    from arraylens.core.limits import ResourceError
    from arraylens.frontends import numpy as al_np
    from arraylens.frontends import torch as al_torch

    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "1K")
    with pytest.raises(ResourceError, match=r"the result of np.pad of shape \(202,\)"):
        al_np.pad(np.zeros(2), 100)
    with pytest.raises(ResourceError, match=r"the result of torch.pixel_shuffle of shape \(1, 1, 32, 32\)"):
        al_torch.pixel_shuffle(np.zeros((1, 1024, 1, 1)), 32)


def test_fill_options_reach_the_library_as_exact_integers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ints = tmp_path / "ints.npy"
    np.save(ints, np.array([1, 2], dtype=np.int64))
    big = str(2**53 + 1)
    for args in (["np.pad", "--pad-width", "1", "--constant-values", big],
                 ["onnx.Pad", "--pads", "1,1", "--constant-value", big],
                 ["tf.pad", "--paddings", "1,1", "--constant-values", big]):
        assert main(["explain", args[0], "--input", str(ints), *args[1:], "--at", "0"]) == 0, args
        assert f"out[0] = {big}: the constant" in capsys.readouterr().out, args
    assert main(["explain", "np.pad", "--input", str(ints), "--pad-width", "1", "--constant-values", "1_0",
                 "--at", "0"]) == 2
    assert "--constant-values must be an integer or a float" in capsys.readouterr().err
