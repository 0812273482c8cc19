"""``arraylens explain torch.interpolate | tf.image.resize | tf.compat.v1.image.resize_* ...``:
the commands come from the registry (aliases included), print the pixel's source coordinate,
taps and value, and write the resize page (--html) and the sampling grid (--figure)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from arraylens.cli.main import main
from arraylens.core import registry

# x[h, w] = 6h + w: inside the input, a bilinear value is 6 * x_src(H) + x_src(W)
X = np.arange(30, dtype=np.float32).reshape(5, 6)


@pytest.fixture
def nchw(tmp_path: Path) -> Path:
    path = tmp_path / "nchw.npy"
    np.save(path, X.reshape(1, 1, 5, 6))
    return path


@pytest.fixture
def nhwc(tmp_path: Path) -> Path:
    path = tmp_path / "nhwc.npy"
    np.save(path, X.reshape(1, 5, 6, 1))
    return path


def _page_kind(path: Path) -> dict:  # type: ignore[type-arg]
    m = re.search(r'class="alx-data">(.*?)</script>', path.read_text(encoding="utf-8"), re.S)
    assert m is not None
    return json.loads(m.group(1))


@pytest.mark.parametrize("name", ["torch.interpolate", "torch.nn.functional.interpolate", "F.interpolate"])
def test_torch_interpolate_bilinear_with_page_and_figure(
        name: str, nchw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page, figure = tmp_path / "p.html", tmp_path / "f.png"
    code = main(["explain", name, "--input", str(nchw), "--size", "8,9", "--mode", "bilinear",
                 "--at", "0,0,3,4", "--html", str(page), "--figure", str(figure)])
    out = capsys.readouterr().out
    assert code == 0
    assert "result shape (1, 1, 8, 9), dtype float32" in out
    assert "torch.nn.functional.interpolate: out[0, 0, 3, 4] = 12.625" in out  # 6 * 1.6875 + 2.5
    assert "half_pixel: x_src = (3 + 0.5) / 1.6 - 0.5 = 1.6875" in out
    assert "tf.compat.v1.image.resize_bilinear (default: asymmetric): 13.9167" in out
    data = _page_kind(page)
    assert data["kind"] == "resize" and data["value"] == 12.625
    assert [a["source"][a["positions"].index(a["at"])] for a in data["axes"]] == [1.6875, 2.5]
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_tf2_resize_nearest_and_svg_figure(nhwc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figure = tmp_path / "f.svg"
    code = main(["explain", "tf.image.resize", "--images", str(nhwc), "--size", "8,9", "--method", "nearest",
                 "--at", "0,3,4,0", "--figure", str(figure)])
    out = capsys.readouterr().out
    assert code == 0
    # half_pixel (1.6875, 2.5), rounded half up (torch's nearest-exact): x[2, 3] = 15
    assert "tf.image.resize: out[0, 3, 4, 0] = 15" in out
    assert "<svg" in figure.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "flags", "value", "formula"), [
    ("tf.compat.v1.image.resize_bilinear", [], "13.9167", "asymmetric: x_src = 3 / 1.6 = 1.875"),
    ("tf.image.resize_bilinear", ["--half-pixel-centers", "true"], "12.625", "x_src = (3 + 0.5) / 1.6 - 0.5"),
    ("tf.compat.v1.image.resize_bilinear", ["--align-corners", "true"], "12.7857", "align_corners"),
    ("tf.compat.v1.image.resize_nearest_neighbor", [], "8", "asymmetric"),  # floor(1.875), floor(2.667): x[1, 2]
])
def test_tf1_resizes(name: str, flags: list[str], value: str, formula: str, nhwc: Path,
                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", name, "--images", str(nhwc), "--size", "8,9", *flags, "--at", "0,3,4,0"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"out[0, 3, 4, 0] = {value}" in out
    assert formula in out


def test_tf1_both_flags_is_tensorflows_error_in_one_line(nhwc: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "arraylens.cli.main", "explain", "tf.compat.v1.image.resize_bilinear",
                           "--images", str(nhwc), "--size", "8,9", "--align-corners", "true",
                           "--half-pixel-centers", "true", "--at", "0,0,0,0"], capture_output=True, text=True)
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert "align_corners" in line and "half_pixel_centers" in line


def test_torch_refuses_align_corners_with_nearest(nchw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "torch.interpolate", "--input", str(nchw), "--size", "8,9", "--mode", "nearest",
                 "--align-corners", "true", "--at", "0,0,0,0"])
    assert code == 2
    assert "align_corners" in capsys.readouterr().err


def test_every_resize_entry_has_a_command_and_the_sampling_grid() -> None:
    from arraylens.cli.main import cli

    explain = cli.commands["explain"]
    resize_entries = [e for e in registry.entries() if e.figure == "sampling_grid"]
    assert {"torch.nn.functional.interpolate", "tf.image.resize", "tf.compat.v1.image.resize_bilinear",
            "tf.compat.v1.image.resize_nearest_neighbor", "tf.compat.v1.image.resize_bicubic"} <= \
        {e.op for e in resize_entries}
    for e in resize_entries:
        for name in (e.op, *e.aliases):
            assert name in explain.commands  # type: ignore[attr-defined]


@pytest.fixture
def hw(tmp_path: Path) -> Path:
    path = tmp_path / "hw.npy"
    np.save(path, X)
    return path


@pytest.mark.parametrize(("argv", "line"), [
    (["onnx.Resize", "--input", "{nchw}", "--sizes", "1,1,8,9", "--mode", "linear", "--at", "0,0,3,4"],
     "onnx.Resize: out[0, 0, 3, 4] = 12.625"),
    (["jax.image.resize", "--image", "{nchw}", "--shape", "1,1,8,9", "--method", "linear", "--at", "0,0,3,4"],
     "jax.image.resize: out[0, 0, 3, 4] = 12.625"),
    # UpSampling2D(2, bilinear): half_pixel, x_src = (1.25, 1.75): 6 * 1.25 + 1.75
    (["keras.UpSampling2D", "--x", "{nhwc}", "--size", "2", "--interpolation", "bilinear", "--at", "0,3,4,0"],
     "out[0, 3, 4, 0] = 9.25"),
    (["cv2.resize", "--src", "{hw}", "--dsize", "9,8", "--at", "3,4"], "cv2.resize: out[3, 4] = 12.625"),
    (["PIL.Image.resize", "--image", "{hw}", "--size", "9,8", "--resample", "BILINEAR", "--at", "3,4"],
     "PIL.Image.resize: out[3, 4] = 12.625"),
])
def test_the_other_libraries_resizes(argv: list[str], line: str, nchw: Path, nhwc: Path, hw: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    figure = tmp_path / "grid.png"
    argv = [a.format(nchw=nchw, nhwc=nhwc, hw=hw) for a in argv]
    code = main(["explain", *argv, "--figure", str(figure)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert line in out
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_hostile_resize_arguments_are_one_line_errors(tmp_path) -> None:
    """Found in review: NaN/inf ONNX scales, an int64-overflowing torch scale_factor and cv2's
    fx/fy without dsize used to end in internal errors."""
    import numpy as np
    from click.testing import CliRunner

    from arraylens.cli.main import cli

    img = tmp_path / "img.npy"
    np.save(img, np.arange(30, dtype=np.float32).reshape(1, 1, 5, 6))
    flat = tmp_path / "flat.npy"
    np.save(flat, np.arange(30, dtype=np.float32).reshape(5, 6))
    cases = [
        (["explain", "onnx.Resize", "--input", str(img), "--scales", "1,1,nan,2", "--at", "0,0,0,0"],
         "scales must be positive finite numbers"),
        (["explain", "onnx.Resize", "--input", str(img), "--scales", "1,1,inf,2", "--at", "0,0,0,0"],
         "scales must be positive finite numbers"),
        (["explain", "torch.interpolate", "--input", str(img), "--scale-factor", "1e300", "--at", "0,0,0,0"],
         "value cannot be converted to type int64_t without overflow"),
    ]
    for args, message in cases:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr.splitlines()[-1]
    ok = CliRunner().invoke(cli, ["explain", "cv2.resize", "--src", str(flat), "--fx", "2", "--fy", "2", "--at", "0,0",
                                  "--quiet"])
    assert ok.exit_code == 0, ok.output
    assert "cv2.resize: out[0, 0] = 0" in ok.stdout
