"""Issue 10's failure contract, resource side: every reproducer ends in one line on stderr and
exit status 2 (or the right answer), never a traceback, a hang or a huge allocation. Limits are
tested with a small ARRAYLENS_MAX_BYTES, so nothing big is allocated."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from arraylens.cli.main import main
from arraylens.core.text import format_number


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "1M")


def _save(tmp_path: Path, name: str, a: np.ndarray) -> str:
    path = tmp_path / name
    np.save(path, a)
    return str(path)


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run the CLI; assert exit status 2 and exactly one line on stderr; return that line."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("arraylens: error: ") and "Traceback" not in err
    return lines[0]


def test_conv2d_transpose_output_shape_over_the_limit_is_refused_before_allocating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = _save(tmp_path, "x.npy", np.ones((1, 3, 3, 1), np.float32))
    f = _save(tmp_path, "f.npy", np.ones((2, 2, 1, 1), np.float32))
    line = _refused(capsys, [
        "explain", "tf.nn.conv2d_transpose", "--input", x, "--filters", f,
        "--output-shape", "1,1000000,1000000,1", "--strides", "333333", "--padding", "VALID", "--at", "0,0,0,0",
    ])
    assert "the result of tf.nn.conv2d_transpose of shape (1, 1000000, 1000000, 1) (float32) needs 3.64 TiB" in line
    assert "1 MiB" in line and "ARRAYLENS_MAX_BYTES" in line


def test_conv2d_explicit_padding_over_the_limit_names_the_padded_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = _save(tmp_path, "x.npy", np.ones((1, 3, 3, 1), np.float32))
    f = _save(tmp_path, "f.npy", np.ones((2, 2, 1, 1), np.float32))
    line = _refused(capsys, [
        "explain", "tf.nn.conv2d", "--input", x, "--filters", f, "--strides", "1",
        "--padding", "0,0,30000,30000,30000,30000,0,0", "--at", "0,0,0,0",
    ])
    assert "the padded input (1, 60003, 60003, 1) (float32) 13.4 GiB" in line
    assert "the result (1, 60002, 60002, 1) (float32)" in line


def test_npy_whose_header_claims_more_than_the_limit_is_refused_from_its_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lie.npy"
    with path.open("wb") as fh:
        np.lib.format.write_array_header_1_0(fh, {"descr": "<f8", "fortran_order": False, "shape": (10**11,)})
        fh.write(b"\0" * 64)
    assert path.stat().st_size == 192
    line = _refused(capsys, ["explain", "octave.fft", "--input", str(path), "--at", "0"])
    assert "shape (100000000000,) (float64) needs 745 GiB" in line


def test_npy_whose_header_claims_more_data_than_the_file_holds_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "1T")
    path = tmp_path / "lie.npy"
    with path.open("wb") as fh:
        np.lib.format.write_array_header_1_0(fh, {"descr": "<f8", "fortran_order": False, "shape": (10**6,)})
        fh.write(b"\0" * 64)
    line = _refused(capsys, ["explain", "octave.fft", "--input", str(path), "--at", "0"])
    assert "truncated or its header lies" in line and "64 bytes of data" in line


def test_npz_member_over_the_limit_is_refused_from_its_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "100")
    path = tmp_path / "big.npz"
    np.savez_compressed(path, a=np.zeros(1000))  # 8000 bytes, compressed to a few
    line = _refused(capsys, ["explain", "octave.fft", "--input", str(path), "--at", "0"])
    assert "'a'" in line and "shape (1000,) (float64) needs 7.81 KiB" in line


def test_corrupt_npz_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.npz"
    path.write_bytes(b"PK\x03\x04" + b"garbage" * 20)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(path)
    line = _refused(capsys, ["explain", "octave.fft", "--input", str(path), "--at", "0"])
    assert "not a valid .npz (zip) file" in line


def test_octave_fft_n_over_the_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = _save(tmp_path, "v.npy", np.arange(4.0))
    line = _refused(capsys, ["explain", "octave.fft", "--input", v, "--n", "100000000000", "--at", "0"])
    assert "the result of fft (N = 100000000000) of shape (1, 100000000000) (complex128) needs 1.46 TiB" in line


def test_translate_of_a_huge_shape_only_input_allocates_nothing_and_names_the_rule(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # translating needs no data: the shape-only input is never allocated, so even a 1 MiB limit
    # holds, and the mismatch with the filters is TensorFlow's own refusal
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "1M")
    line = _refused(capsys, [
        "translate", "tf.nn.conv2d_transpose", "torch", "--arg", "input=shape:1,100000,100000,100000",
        "--arg", "filters=shape:3,3,4,2", "--arg", "output_shape=1,6,6,4", "--arg", "strides=2",
        "--arg", "padding=SAME",
    ])
    assert "filters has in_channels 2" in line and "the input has 100000 channels" in line


def test_octave_sum_dim_beyond_numpy_is_octaves_dim_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = _save(tmp_path, "v.npy", np.arange(4.0))
    line = _refused(capsys, ["explain", "octave.sum", "--input", v, "--dim", "99999999999999999999", "--at", "0"])
    assert "sum: DIM must be a valid dimension" in line and "dim=99999999999999999999" in line


def test_octave_sum_dim_64_still_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = _save(tmp_path, "v.npy", np.arange(4.0))
    assert main(["explain", "octave.sum", "--input", v, "--dim", "64", "--at", "0,1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("result =\n[[0. 1. 2. 3.]]\n") and "octave.sum: out[0, 1] = 1\n" in out


def test_conv_transpose_stride_1e20_is_one_line_not_an_index_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = _save(tmp_path, "x.npy", np.ones((1, 1, 1), np.float32))
    f = _save(tmp_path, "f.npy", np.ones((3, 1, 1), np.float32))
    line = _refused(capsys, [
        "explain", "tf.nn.conv1d_transpose", "--input", x, "--filters", f, "--output-shape", "1,3,1",
        "--strides", "100000000000000000000", "--padding", "VALID", "--at", "0,0,0",
    ])
    assert "stride 100000000000000000000 is too large" in line and "arrays used as indices" not in line


def test_conv1d_transpose_stride_1e9_explains_quickly_with_a_short_accepted_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    x = _save(tmp_path, "x.npy", np.ones((1, 1, 1), np.float32))
    f = _save(tmp_path, "f.npy", np.ones((3, 1, 1), np.float32))
    start = time.perf_counter()
    assert main([
        "explain", "tf.nn.conv1d_transpose", "--input", x, "--filters", f, "--output-shape", "1,3,1",
        "--strides", "1000000000", "--padding", "VALID", "--at", "0,0,0",
    ]) == 0
    assert time.perf_counter() - start < 5
    out = capsys.readouterr().out
    assert "every size from 3 to 1000000002 (1000000000 sizes) all would" in out
    assert len(out) < 10_000


@pytest.mark.parametrize("op", ["np.cov", "np.corrcoef"])
@pytest.mark.parametrize(
    "data",
    [[[1e308, -1e308, 1e308], [-1e308, 1e308, 5e307]], [[1.0, np.inf, 2.0], [3.0, -np.inf, 4.0]]],
    ids=["near-1e308", "inf"],
)
def test_cov_and_corrcoef_of_huge_or_infinite_data_explain_with_ieee_sums(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], op: str, data: list[list[float]]
) -> None:
    m = _save(tmp_path, "m.npy", np.array(data))
    assert main(["explain", op, "--input", m, "--at", "0,1"]) == 0
    captured = capsys.readouterr()
    assert "fsum" not in captured.out + captured.err
    with np.errstate(all="ignore"):
        numpy_value = (np.cov if op == "np.cov" else np.corrcoef)(np.array(data))[0, 1]
    assert f"{op}: out[0, 1] = {format_number(float(numpy_value))}\n" in captured.out
    lines = captured.err.splitlines()
    assert lines[0].startswith(f"arraylens: {op}: rowvar=True (NumPy default): ")  # the orientation note
    for line in lines[1:]:  # NumPy's own warnings: one short line each
        assert line.startswith("arraylens: warning: RuntimeWarning: ")
    assert len(set(lines)) == len(lines)


def test_constant_column_warning_is_one_line_without_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    m = _save(tmp_path, "m.npy", np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]]))
    assert main(["explain", "np.corrcoef", "--input", m, "--at", "0,1"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("arraylens: np.corrcoef: rowvar=True (NumPy default): ")  # the orientation note
    assert err[1:] == ["arraylens: warning: RuntimeWarning: invalid value encountered in divide"]


def test_mst_label_that_looks_like_rich_markup_is_printed_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.csv"
    path.write_text("[/],b\n1,2\n3,5\n4,4\n")
    assert main(["mst", str(path)]) == 0
    out = capsys.readouterr().out
    assert "│ [/]    │ b      │ 0.785714" in out
