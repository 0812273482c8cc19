"""The CLI's error mapping: the user's mistakes end in one line and exit status 2; anything else
is a bug in arraylens, reported as one line naming the exception (exit status 1), with the
traceback under --debug or ARRAYLENS_DEBUG=1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from arraylens.cli.main import main
from arraylens.frontends import numpy as alnp


@pytest.fixture
def matrix(tmp_path: Path) -> Path:
    path = tmp_path / "m.npy"
    np.save(path, np.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]))
    return path


def _argmax(path: Path, *extra: str) -> list[str]:
    return [*extra, "explain", "np.argmax", "--input", str(path), "--axis", "0", "--at", "1"]


def _raise(exc: BaseException) -> Any:
    def build_plan(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return build_plan


def test_the_command_works_before_anything_is_injected(matrix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_argmax(matrix)) == 0
    assert "out[1] = 1" in capsys.readouterr().out


def test_a_user_mistake_is_one_line_and_status_2(matrix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "np.argmax", "--input", str(matrix), "--axis", "5", "--at", "0"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == ["arraylens: error: axis 5 is out of bounds for array of dimension 2"]


@pytest.mark.parametrize(
    ("exc", "line"),
    [
        (ZeroDivisionError("division by zero"), "ZeroDivisionError: division by zero"),
        (KeyError("stride"), "KeyError: 'stride'"),
        (ValueError("operands could not be broadcast together"), "ValueError: operands could not be"),
        (IndexError("list index out of range"), "IndexError: list index out of range"),
        (TypeError("unsupported operand type(s)"), "TypeError: unsupported operand type(s)"),
    ],
)
def test_a_bug_is_one_line_naming_the_exception_and_status_1(
    matrix: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exc: Exception,
    line: str,
) -> None:
    monkeypatch.delenv("ARRAYLENS_DEBUG", raising=False)
    monkeypatch.setattr(alnp.argmax, "build_plan", _raise(exc))
    code = main(_argmax(matrix))
    err = capsys.readouterr().err
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("arraylens: internal error (a bug in arraylens")
    assert line in lines[0]
    assert "Traceback" not in err
    assert "arraylens: error:" not in err


def test_debug_prints_the_traceback(
    matrix: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARRAYLENS_DEBUG", raising=False)
    monkeypatch.setattr(alnp.argmax, "build_plan", _raise(ZeroDivisionError("division by zero")))
    code = main(_argmax(matrix, "--debug"))
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Traceback (most recent call last):")
    assert "in build_plan" in err
    assert err.strip().splitlines()[-1].endswith("ZeroDivisionError: division by zero")


def test_the_environment_variable_turns_debug_on(
    matrix: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARRAYLENS_DEBUG", "1")
    monkeypatch.setattr(alnp.argmax, "build_plan", _raise(ZeroDivisionError("division by zero")))
    assert main(_argmax(matrix)) == 1
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv("ARRAYLENS_DEBUG", "0")
    assert main(_argmax(matrix)) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_debug_shows_where_a_user_mistake_was_raised_too(
    matrix: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARRAYLENS_DEBUG", raising=False)
    code = main(["--debug", "explain", "np.argmax", "--input", str(matrix), "--axis", "5", "--at", "0"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" in err and "ArgumentAxisError" in err
    assert err.strip().splitlines()[-1] == "arraylens: error: axis 5 is out of bounds for array of dimension 2"


@pytest.mark.parametrize(
    ("exc", "line"),
    [
        (PermissionError(13, "Permission denied", "/data/x.npy"), "arraylens: error: /data/x.npy: Permission denied"),
        (IsADirectoryError(21, "Is a directory", "out"), "arraylens: error: out: Is a directory"),
        (OSError("disk full"), "arraylens: error: disk full"),
        (MemoryError("Unable to allocate 8.00 TiB"),
         "arraylens: error: not enough memory for this computation: Unable to allocate 8.00 TiB"),
    ],
)
def test_file_errors_and_memory_refusals_are_the_users_to_fix(
    matrix: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exc: BaseException,
    line: str,
) -> None:
    monkeypatch.setattr(alnp.argmax, "build_plan", _raise(exc))
    code = main(_argmax(matrix))
    assert code == 2
    assert capsys.readouterr().err.strip().splitlines() == [line]


def test_click_usage_errors_stay_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "np.argmax", "--no-such-option"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("arraylens: error: No such option") and "--no-such-option" in err[0]


def test_bad_files_are_user_mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("1,2\n3\n")
    empty = tmp_path / "e.npz"
    np.savez(empty)
    for path, fragment in [(ragged, "rows have different numbers of values"), (empty, "holds 0 arrays")]:
        assert main(["explain", "np.argmax", "--input", str(path), "--at", ""]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("arraylens: error:") and fragment in err[0]


def test_found_by_the_mapping_cov_of_no_variables_has_no_element(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "none.npy"
    np.save(path, np.zeros((0, 3)))
    assert main(["explain", "np.cov", "--input", str(path), "--at", ""]) == 2
    assert "index () has 0 entries but the output has 2 dimensions (shape (0, 0))" in capsys.readouterr().err


def test_found_by_the_mapping_translate_names_unknown_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["translate", "torch.conv_transpose2d", "onnx", "--arg", "input=shape:1,4,3,3",
                 "--arg", "weight=shape:4,2,3,3", "--arg", "strides=2"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert "torch.conv_transpose2d: got an unexpected keyword argument 'strides'" in err[0]
    assert "its arguments: input, weight, bias, stride," in err[0]


def test_an_unwritable_output_names_the_users_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d.csv"
    data.write_text("a,b,c\n1,2,0\n2,1,5\n4,1,3\n")
    target = tmp_path / "missing-folder" / "tree.json"
    assert main(["mst", str(data), "--json", str(target)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert err == [f"arraylens: error: --json {target}: folder {target.parent} does not exist"]
    assert captured.out == ""  # refused before the data is read or the table is printed
