"""CLI: ``arraylens audit MODEL.onnx``: exit status 0 / 1 / 2, --input, --dim, --json, --html."""

from __future__ import annotations

import json

import numpy as np
import pytest

from arraylens.cli.main import main
from tests.auditing.models import clean_model, one_node

pytestmark = pytest.mark.conformance  # runs onnxruntime


@pytest.fixture
def files(tmp_path):
    clean = tmp_path / "clean.onnx"
    clean.write_bytes(clean_model().SerializeToString())
    bad = tmp_path / "same.onnx"
    bad.write_bytes(one_node("ConvTranspose", (1, 1, 4), (1, 1, 1), strides=[2],
                             auto_pad="SAME_UPPER").SerializeToString())
    np.save(tmp_path / "x.npy", np.ones((1, 3, 4, 4), np.float32))
    return tmp_path, clean, bad


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clean_model_exits_0_and_writes_both_reports(files, capsys) -> None:
    tmp, clean, _ = files
    code, out, err = _run(capsys, "audit", clean, "--input", f"X={tmp / 'x.npy'}", "--json", tmp / "r.json",
                          "--html", tmp / "r.html")
    assert code == 0, err
    assert "5 agree, 1 unsupported" in out and "conv1" in out
    data = json.loads((tmp / "r.json").read_text())
    assert data["inputs"] == [{"name": "X", "shape": [1, 3, 4, 4], "dtype": "float32", "source": str(tmp / "x.npy")}]
    assert [n["verdict"] for n in data["nodes"]] == ["agree", "unsupported", "agree", "agree", "agree", "agree"]
    assert "<td class=\"verdict\" style=\"color:#1b7f3b\">agree</td>" in (tmp / "r.html").read_text()


def test_divergence_exits_1_with_the_explanation(files, capsys) -> None:
    _, _, bad = files
    code, out, _ = _run(capsys, "audit", bad)
    assert code == 1
    assert "diverge: node 0 'convtranspose' (ConvTranspose)" in out
    assert "shape: specification [1, 1, 8], onnxruntime [1, 1, 7]" in out
    assert "known difference [conv_transpose_negative_total_padding]" in out
    assert "pitfall [conv_transpose_auto_pad_same]" in out
    assert "the specification's account of that element" in out
    code, out, _ = _run(capsys, "audit", bad, "--quiet")
    assert code == 1 and "the specification's account" not in out


@pytest.mark.parametrize("args,message", [
    (["--dim", "H=4"], "input 'X': axis 3 is symbolic ('W'); give it with --dim W=N"),
    (["--dim", "H=4", "--dim", "W=x"], "--dim W"),
    (["--dim", "H"], "--dim takes NAME=VALUE, got 'H'"),
    (["--input", "Q={x}"], "the model has no input named 'Q'"),
    (["--input", "X={tmp}/missing.npy"], "missing.npy"),
    (["--rtol", "-1"], "--rtol must be a finite number >= 0"),
])
def test_usage_errors_exit_2_with_one_line(files, capsys, args, message) -> None:
    tmp, clean, _ = files
    args = [a.format(x=tmp / "x.npy", tmp=tmp) for a in args]
    code, out, err = _run(capsys, "audit", clean, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("arraylens: error: ") and message in err, err


def test_bad_model_files_exit_2(files, capsys) -> None:
    tmp, clean, _ = files
    (tmp / "t.onnx").write_bytes(clean.read_bytes()[:150])
    (tmp / "n.onnx").write_text("not a model")
    for path in (tmp / "t.onnx", tmp / "n.onnx", tmp / "x.npy", tmp / "none.onnx"):
        code, _out, err = _run(capsys, "audit", path)
        assert code == 2 and err.count("\n") == 1 and str(path) in err, err


def test_report_files_untouched_on_a_usage_error(files, capsys) -> None:
    tmp, clean, _ = files
    (tmp / "r.json").write_text("old")
    code, _, _ = _run(capsys, "audit", clean, "--json", tmp / "r.json")
    assert code == 2 and (tmp / "r.json").read_text() == "old"
    code, _, err = _run(capsys, "audit", clean, "--dim", "H=3", "--dim", "W=3", "--json", tmp)
    assert code == 2 and "--json" in err
