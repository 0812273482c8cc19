"""Issue 10, items 5 (CSV rule, orientation, markup), 9 (misleading messages) and 10 (strict
integer lists): each reproducer, its exit status, its one line, and what was printed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens.cli.csvfile import parse_number, read_csv_table, visible
from arraylens.cli.main import cli, main
from arraylens.core.errors import ArgumentError
from arraylens.core.registry import int_or_ints, ints


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, list[str]]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err.strip().splitlines()


def _error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The run ends in exit 2 and its last stderr line is the one error line; returns it."""
    code, _, err = _run(capsys, *argv)
    assert code == 2, err
    assert err and err[-1].startswith("arraylens: error: ")
    assert not any("Traceback" in line for line in err)
    return err[-1]


# -- item 5: the CSV rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("2", 2.0), ("-1.5e-3", -1.5e-3), (".5", 0.5), ("1+0.5i", 1 + 0.5j), ("1+0.5j", 1 + 0.5j),
     ("-2i", -2j), ("3i", 3j), ("1 - 2I", 1 - 2j), ("(1+2j)", 1 + 2j), ("-inf", -np.inf)],
)
def test_csv_cells_read_in_octaves_and_pythons_spelling(text: str, value: complex) -> None:
    assert parse_number(text) == value
    assert type(parse_number(text)) is type(value)


@pytest.mark.parametrize("text", ["N/A", "", "1_0", "\u0661", "i", "j", "1+2", "0x10", "1e", "+-1"])
def test_csv_cells_that_are_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_a_first_row_mixing_numbers_and_labels_is_an_error_not_a_dropped_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for first, bad, good in (("9,N/A", "column 2 ('N/A')", "column 1 ('9')"),
                             ("x,1+2j,3", "column 1 ('x')", "column 2 ('1+2j')")):
        path = tmp_path / "d.csv"
        path.write_text(f"{first}\n1,2{',3' if first.count(',') == 2 else ''}\n")
        line = _error(capsys, "explain", "np.argmax", "--input", str(path), "--at", "")
        assert line == (f"arraylens: error: {path} line 1: {bad} is not a number but {good} is; "
                        "a header row holds only labels and a data row only numbers")
        assert _error(capsys, "mst", str(path)) == line


def test_a_one_row_complex_csv_is_data_read_as_complex128(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.csv"
    path.write_text("1+0.5i,1+0.5j,-2i,3i,2\n")
    code, out, err = _run(capsys, "explain", "octave.fft", "--input", str(path), "--at", "1")
    assert code == 0, err
    assert err[0] == f"arraylens: read {path}: 1 x 5 complex128, no header"
    expected = np.fft.fft([1 + 0.5j, 1 + 0.5j, -2j, 3j, 2])[1]
    assert f"out[0, 1] = {expected.real:.6f}+{expected.imag:.6f}i" in out


def test_what_was_read_is_said_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6\n7,8,9\n0,1,0\n")
    code, out, err = _run(capsys, "explain", "np.argmax", "--input", str(path), "--at", "")
    assert code == 0
    assert err == [f"arraylens: read {path}: 4 x 3 float64, header row: a, b, c"]
    assert "out = 8" in out and "out[]" not in out


def test_csv_errors_name_the_line_and_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("a,b\n\n1,2\n3,x\n")  # a blank line 2: line numbers are the file's
    with pytest.raises(ArgumentError, match=r"d.csv line 4, column 'b': 'x' is not a number$"):
        read_csv_table(str(path))
    path.write_text("1,2\n3,1e400\n")
    with pytest.raises(ArgumentError, match=r"line 2, column 2: 1e400 is beyond float64's range"):
        read_csv_table(str(path))
    path.write_text("a,b\n")
    with pytest.raises(ArgumentError, match=r"has a header row \(a, b\) but no row of numbers under it"):
        read_csv_table(str(path))
    path.write_bytes(b"a,b\n1,\xff\n")
    with pytest.raises(ArgumentError, match=r"it is not UTF-8 text \(byte 0xff at offset 6\)"):
        read_csv_table(str(path))


# -- item 5: mst of a covariance, orientation ---------------------------------------------------


def test_mst_of_a_covariance_matrix_is_refused_with_the_way_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(0)
    cov = np.cov(rng.normal(size=(4, 30)))
    path = tmp_path / "cov.csv"
    np.savetxt(path, cov, delimiter=",", header="a,b,c,d", comments="")
    line = _error(capsys, "mst", str(path))
    assert line == (
        f"arraylens: error: {path} is a symmetric 4 x 4 matrix with a positive diagonal and no negative "
        "eigenvalue: it looks like a covariance matrix, not observations (mst correlates the variables of "
        "one-observation-per-row data); give --kind covariance to build the tree of this matrix, or --kind "
        "observations if its rows really are observations"
    )
    out = tmp_path / "t.json"
    code, _, err = _run(capsys, "mst", str(path), "--kind", "covariance", "--json", str(out))
    assert code == 0, err
    from arraylens import correlation_mst, cov_to_corr

    expected = correlation_mst(cov_to_corr(cov), labels="abcd")
    assert json.loads(out.read_text())["total_distance"] == pytest.approx(expected.total_distance, rel=1e-12)
    # --kind correlation hands the matrix to correlation_mst, whose own error points to cov_to_corr
    line = _error(capsys, "mst", str(path), "--kind", "correlation")
    k = int(np.argmax(np.abs(cov)))
    i, j = divmod(k, 4)
    assert line == (f"arraylens: error: corr[{i}, {j}] = {cov[i, j]} is outside [-1, 1]; a correlation matrix is "
                    "needed (convert a covariance matrix with arraylens.cov_to_corr)")


def test_mst_says_its_orientation_and_warns_with_more_variables_than_observations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("a,b,c,d\n1,2,3,4\n2,1,5,3\n4,4,1,0\n")
    code, _, err = _run(capsys, "mst", str(path))
    assert code == 0
    assert err == [
        f"arraylens: read {path}: 3 x 4 float64, header row: a, b, c, d",
        "arraylens: mst: the 4 columns are the variables and the 3 rows the observations; give --rowvar if "
        "the rows are the variables",
        "arraylens: warning: 4 variables but only 3 observations: the correlation matrix is singular (rank at "
        "most 2), its correlations are poorly determined and so is the tree; give --rowvar if the rows are "
        "the variables",
        "arraylens: mst: dense path: the 4 x 4 correlation matrix (128 bytes, 384 bytes with its temporaries) "
        "fits comfortably in memory",
    ]
    flipped = tmp_path / "rows.csv"
    flipped.write_text("1,2,4\n2,1,4\n3,5,1\n4,3,0\n")
    out = tmp_path / "t.json"
    code, _, err = _run(capsys, "mst", str(flipped), "--rowvar", "--json", str(out))
    assert code == 0
    assert err[1] == ("arraylens: mst: the 4 rows are the variables and the 3 columns the observations (--rowvar); "
                      "drop --rowvar if the columns are the variables")
    data = np.loadtxt(flipped, delimiter=",")
    tree = json.loads(out.read_text())
    assert tree["labels"] == ["v0", "v1", "v2", "v3"]
    from arraylens import correlation_mst

    assert tree["total_distance"] == pytest.approx(correlation_mst(np.corrcoef(data)).total_distance, rel=1e-12)
    assert _error(capsys, "mst", str(path), "--rowvar") == (
        f"arraylens: error: --rowvar: the rows of {path} are its variables, but its first row is a header of "
        "column labels; remove the header (the rows are then named v0, v1, ...) or drop --rowvar"
    )


def test_explain_corrcoef_says_its_orientation_and_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.csv"
    path.write_text("1,2,3\n3,4,1\n")
    code, _, err = _run(capsys, "explain", "np.corrcoef", "--input", str(path), "--at", "0,1")
    assert code == 0
    assert err[1] == ("arraylens: np.corrcoef: rowvar=True (NumPy default): the 2 rows of m are the variables "
                      "and its 3 columns the observations; give --no-rowvar if the columns are the variables")
    assert len(err) == 2
    code, _, err = _run(capsys, "explain", "np.cov", "--input", str(path), "--no-rowvar", "--at", "0,1")
    assert code == 0
    assert err[1:] == [
        "arraylens: np.cov: rowvar=False: the 3 columns of m are the variables and its 2 rows the observations; "
        "drop --no-rowvar if the rows are the variables",
        "arraylens: warning: 3 variables but only 2 observations: the matrix is singular (rank at most 1); "
        "drop --no-rowvar if the rows are the variables",
    ]


# -- item 5: markup, ANSI escapes, BOM ----------------------------------------------------------


def test_labels_print_as_written_markup_and_escapes_made_visible(tmp_path: Path) -> None:
    path = tmp_path / "mk.csv"
    path.write_bytes("\ufeff[bold red]alpha,\x1b[31mbeta,[/]\n1,2,3\n2,1,5\n3,3,1\n0,1,1\n".encode())
    out = tmp_path / "t.json"
    result = CliRunner().invoke(cli, ["mst", str(path), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "[bold red]alpha" in result.stdout and "\\x1b[31mbeta" in result.stdout and "[/]" in result.stdout
    assert "header row: [bold red]alpha, \\x1b[31mbeta, [/]" in result.stderr
    # the BOM is not part of the first label; the labels themselves are kept as written
    assert json.loads(out.read_text())["labels"] == ["[bold red]alpha", "\x1b[31mbeta", "[/]"]


def test_visible_escapes_control_characters_only() -> None:
    assert visible("a\x1b[31mb\u202e\n") == "a\\x1b[31mb\\u202e\\n"
    assert visible("[bold]é 漢") == "[bold]é 漢"


# -- item 9: misleading messages ----------------------------------------------------------------


def test_mst_of_a_one_column_csv_says_it_has_one_variable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "one.csv"
    path.write_text("a\n1\n2\n3\n")
    assert _error(capsys, "mst", str(path)) == (
        f"arraylens: error: {path} has 1 variable ('a'): a spanning tree needs at least 2 "
        "(with --rowvar the rows would be the variables)"
    )
    path.write_text("a,b\n1,2\n")
    assert _error(capsys, "mst", str(path)) == (
        f"arraylens: error: {path} has 1 observation of each variable: a correlation needs at least 2 "
        "(with --rowvar the columns would be the observations)"
    )


def test_correlation_mst_of_a_scalar_names_the_shape_not_the_labels() -> None:
    from arraylens import correlation_mst

    with pytest.raises(ArgumentError, match=r"^corr must be a square 2-D correlation matrix, got shape \(\)$"):
        correlation_mst(np.float64(1.0), labels=["a"])


@pytest.mark.parametrize("scale", [1e308, 1e-320])
def test_mst_of_huge_or_subnormal_data_is_not_a_constant_variable(
    scale: float, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unit = np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0], [1.0, 1.0, -1.0], [0.5, 0.0, 1.0]])
    path = tmp_path / "d.csv"
    np.savetxt(path, unit * scale, delimiter=",", header="a,b,c", comments="", fmt="%.17g")
    out = tmp_path / "t.json"
    code, _, err = _run(capsys, "mst", str(path), "--json", str(out))
    assert code == 0, err
    from arraylens import correlation_mst

    read = np.loadtxt(path, delimiter=",", skiprows=1) / scale  # 1e-320 is subnormal: its digits are few
    expected = correlation_mst(np.corrcoef(read, rowvar=False))
    assert json.loads(out.read_text())["total_distance"] == pytest.approx(expected.total_distance, rel=1e-6)


def test_mst_refuses_nan_and_complex_cells_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.csv"
    path.write_text("a,b\n1,2\n3,nan\n2,2\n")
    assert _error(capsys, "mst", str(path)) == (
        f"arraylens: error: {path} line 3, column 'b': nan is not finite: a correlation needs finite numbers"
    )
    path.write_text("a,b\n1,2\n3,1+2i\n2,2\n")
    assert _error(capsys, "mst", str(path)) == (
        f"arraylens: error: {path} line 3, column 'b': (1+2j) is complex: a correlation MST needs real numbers"
    )


def test_a_folder_given_as_input_is_called_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data.csv"
    folder.mkdir()
    assert _error(capsys, "mst", str(folder)) == f"arraylens: error: data file {folder} is a folder, not a file"
    assert _error(capsys, "mst", str(tmp_path / "nope.csv")) == (
        f"arraylens: error: data file not found: {tmp_path / 'nope.csv'}"
    )


# -- item 10: strict integer lists --------------------------------------------------------------


@pytest.mark.parametrize("text", [",,,0,1,1,0", "0,1_0,1,0", "\u0660,1", "0,1,", "1 0", "+1", "0,,1", "1.0"])
def test_lenient_integer_lists_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"^--at must be comma-separated integers \(ASCII digits, optional '-'\)"):
        ints("--at")(text)


def test_strict_integer_lists_still_read_what_they_should() -> None:
    assert ints("--at")("1,5,5,1") == (1, 5, 5, 1)
    assert ints("--at")(" 0, -2 ") == (0, -2)
    assert ints("--at")("") == ()
    assert int_or_ints("--strides")("2") == 2 and int_or_ints("--strides")("2,3") == (2, 3)


@pytest.mark.parametrize("at", [",,,0,1,1,0", "0,1_0,1,0", "\u0661,0"])
def test_cli_at_refuses_lenient_indices(at: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    np.save(tmp_path / "x.npy", np.arange(6.0).reshape(2, 3))
    line = _error(capsys, "explain", "np.argmax", "--input", str(tmp_path / "x.npy"), "--axis", "0", "--at", at)
    assert line == (f"arraylens: error: --at must be comma-separated integers (ASCII digits, optional '-'), "
                    f"got {at!r} (see 'arraylens explain np.argmax --help')")


def test_cli_integer_options_refuse_digit_separators(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    np.save(tmp_path / "x.npy", np.arange(6.0).reshape(2, 3))
    line = _error(capsys, "explain", "np.argmax", "--input", str(tmp_path / "x.npy"), "--axis", "1_0", "--at", "0")
    assert line == ("arraylens: error: Invalid value for '--axis': --axis must be an integer (ASCII digits, "
                    "optional '-'), got '1_0' (see 'arraylens explain np.argmax --help')")
