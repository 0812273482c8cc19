"""The command line: demo, explain, and one-line errors with exit status 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from arraylens.cli.main import main
from arraylens.demos.conv_transpose import arguments


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "arraylens.cli.main", *args],
                          capture_output=True, text=True, timeout=300)


def test_demo_prints_the_result_and_writes_the_overlay(tmp_path: Path) -> None:
    proc = run("demo", "--out", str(tmp_path), "--only", "conv2d_transpose")
    assert proc.returncode == 0, proc.stderr
    assert "1620" in proc.stdout and "1942" in proc.stdout
    assert "out[0, 0, 0, 0] = 67" in proc.stdout
    assert "603" in proc.stdout
    png = tmp_path / "conv2d_transpose_overlay.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def case_files(tmp_path: Path) -> tuple[Path, Path]:
    args, _ = arguments()
    x, f = tmp_path / "x.npy", tmp_path / "f.npy"
    np.save(x, args[0])
    np.save(f, args[1])
    return x, f


def test_explain_from_files(case_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    x, f = case_files
    code = main(["explain", "tf.nn.conv2d_transpose", "--input", str(x), "--filters", str(f),
                 "--output-shape", "1,5,5,1", "--strides", "2", "--padding", "VALID", "--at", "0,2,2,0"])
    out = capsys.readouterr().out
    assert code == 0
    assert "out[0, 2, 2, 0] = 1620" in out
    assert "result shape (1, 5, 5, 1)" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--input", "missing.npy"], "input file not found: missing.npy"),
        (["--output-shape", "1,7,5,1"], "does not fit the input along height"),
        (["--output-shape", "1,five,5,1"], "--output-shape must be comma-separated integers"),
        (["--at", "0,9,0,0"], "out of range"),
        (["--padding", "FULL"], "--padding must be SAME, VALID, or (2-d) explicit"),
        (["--strides", "2,2,2"], "strides should be of length 1, 2 or 4"),
    ],
)
def test_bad_input_is_one_line_and_status_2(case_files: tuple[Path, Path], argv: list[str], fragment: str) -> None:
    x, f = case_files
    base = {"--input": str(x), "--filters": str(f), "--output-shape": "1,5,5,1", "--strides": "2",
            "--padding": "VALID", "--at": "0,0,0,0"}
    for key, value in zip(argv[::2], argv[1::2], strict=True):
        base[key] = value
    flat = [item for kv in base.items() for item in kv]
    proc = run("explain", "tf.nn.conv2d_transpose", *flat)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert any(fragment in line for line in lines), proc.stderr
    assert len([line for line in lines if "rror" in line]) == 1


def test_bad_array_shape_is_one_line(tmp_path: Path) -> None:
    x = tmp_path / "x.npy"
    np.save(x, np.ones((2, 2)))
    proc = run("explain", "tf.nn.conv2d_transpose", "--input", str(x), "--filters", str(x),
               "--output-shape", "1,5,5,1", "--strides", "2", "--at", "0,0,0,0")
    assert proc.returncode == 2
    assert "must be 4-dimensional" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["explain", "np.foo"], "No such command 'np.foo'"),
        (["explain", "tf.nn.conv2d_transpose", "--at", "0"], "Missing option"),
        (["demo", "--only", "nope"], "Invalid value for '--only'"),
        (["nonsense"], "No such command 'nonsense'"),
    ],
)
def test_usage_errors_are_one_line_too(argv: list[str], fragment: str) -> None:
    proc = run(*argv)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("arraylens: error: ") and fragment in lines[0], proc.stderr


def test_unreadable_files_are_named_plainly(tmp_path: Path, case_files: tuple[Path, Path]) -> None:
    bad = tmp_path / "bad.npy"
    bad.write_text("hello")
    _, f = case_files
    common = ["--filters", str(f), "--output-shape", "1,5,5,1", "--strides", "2", "--at", "0,0,0,0"]
    proc = run("explain", "tf.nn.conv2d_transpose", "--input", str(bad), *common)
    assert proc.returncode == 2 and "not a NumPy .npy file" in proc.stderr and "pickle" not in proc.stderr
    proc = run("explain", "tf.nn.conv2d_transpose", "--input", str(tmp_path), *common)
    assert proc.returncode == 2 and "is a folder, not a file" in proc.stderr


def test_channels_first_data_with_the_default_format_gets_a_hint(tmp_path: Path) -> None:
    x, f = tmp_path / "x.npy", tmp_path / "f.npy"
    np.save(x, np.ones((1, 1, 2, 2), np.float32))  # NCHW data
    np.save(f, np.ones((3, 3, 1, 1), np.float32))
    proc = run("explain", "tf.nn.conv2d_transpose", "--input", str(x), "--filters", str(f),
               "--output-shape", "1,1,5,5", "--strides", "2", "--padding", "VALID", "--at", "0,0,0,0")
    assert proc.returncode == 2 and "pass data_format='NCHW'" in proc.stderr


def test_csv_with_a_header_row_is_read(tmp_path: Path, case_files: tuple[Path, Path]) -> None:
    csv_path = tmp_path / "x.csv"
    csv_path.write_text("a,b\n1,2\n3,4\n")
    from arraylens.cli.common import load_array

    np.testing.assert_array_equal(load_array(str(csv_path)), [[1.0, 2.0], [3.0, 4.0]])


def test_output_is_not_hard_wrapped_when_piped(case_files: tuple[Path, Path]) -> None:
    x, f = case_files
    proc = run("explain", "tf.nn.conv2d_transpose", "--input", str(x), "--filters", str(f),
               "--output-shape", "1,5,5,1", "--strides", "2", "--padding", "VALID", "--at", "0,0,0,0")
    long_lines = [line for line in proc.stdout.splitlines() if len(line) > 100]
    assert long_lines, "the account's long sentences should stay on one line"
