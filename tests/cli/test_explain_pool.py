"""``arraylens explain`` for every pooling entry: each command runs, prints its explanation and
writes the --html page and the --figure (the pooling figure) when asked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from arraylens.cli.main import main
from arraylens.core import registry

# a 6 x 6 plane 0..35 (NCHW-like inputs; NHWC for TensorFlow and Keras), the corner element
NCHW = {1: (1, 1, 6), 2: (1, 1, 6, 6), 3: (1, 1, 6, 6, 6)}
NHWC = {1: (1, 6, 1), 2: (1, 6, 6, 1), 3: (1, 6, 6, 6, 1)}

# op -> (input shape, options, --at, a line the explanation prints)
CASES: dict[str, tuple[tuple[int, ...], list[str], str, str]] = {}
for nd in (1, 2, 3):
    last = ",".join(["3"] * nd)
    CASES[f"torch.max_pool{nd}d"] = (NCHW[nd], ["--kernel-size", "3", "--stride", "2", "--padding", "1",
                                                "--ceil-mode"], f"0,0,{last}", "the maximum of")
    CASES[f"torch.avg_pool{nd}d"] = (NCHW[nd], ["--kernel-size", "3", "--stride", "2", "--padding", "1",
                                                "--ceil-mode"], f"0,0,{last}",
                                     "count_include_pad=True counts the")
    CASES[f"torch.adaptive_avg_pool{nd}d"] = (NCHW[nd], ["--output-size", "4"], f"0,0,{last}",
                                              "(adaptive, input size")
    CASES[f"torch.adaptive_max_pool{nd}d"] = (NCHW[nd], ["--output-size", "4"], f"0,0,{last}",
                                              "the maximum of")
    CASES[f"torch.lp_pool{nd}d"] = (NCHW[nd], ["--norm-type", "2", "--kernel-size", "2", "--ceil-mode"],
                                    "0,0," + ",".join(["2"] * nd), "torch: avg_pool of x^2")
for name in ("max_pool", "avg_pool"):
    CASES[f"tf.nn.{name}"] = (NHWC[2], ["--ksize", "3", "--strides", "2", "--padding", "SAME"], "0,2,2,0",
                              "the maximum of" if name == "max_pool" else "it never counts padding")
    for nd in (1, 2, 3):
        CASES[f"tf.nn.{name}{nd}d"] = (NHWC[nd], ["--ksize", "3", "--strides", "2", "--padding", "SAME"],
                                       "0," + ",".join(["2"] * nd) + ",0",
                                       "the maximum of" if name == "max_pool" else "it never counts padding")
CASES["tf.nn.max_pool_with_argmax"] = (NHWC[2], ["--ksize", "3", "--strides", "2", "--padding", "SAME",
                                                 "--include-batch-in-index"], "0,2,2,0", "include_batch_in_index=True")
for op, extra, line in (("onnx.MaxPool", [], "the maximum of"),
                        ("onnx.AveragePool", ["--count-include-pad", "1"], "count_include_pad=1 counts the"),
                        ("onnx.LpPool", ["--p", "2"], "(sum |x|^2")):
    CASES[op] = (NCHW[2], ["--kernel-shape", "3,3", "--strides", "2,2", "--pads", "1,1,1,1", "--ceil-mode", "1",
                           *extra], "0,0,3,3", line)
CASES["onnx.GlobalAveragePool"] = (NCHW[2], [], "0,0,0,0", "the sum of 36 input cells / 36")
CASES["onnx.GlobalMaxPool"] = (NCHW[2], [], "0,0,0,0", "the maximum of 36 input cells")
for nd in (1, 2, 3):
    for name, line in (("MaxPooling", "the maximum of"), ("AveragePooling", "it never counts padding")):
        CASES[f"keras.{name}{nd}D"] = (NHWC[nd], ["--pool-size", "3", "--strides", "2", "--padding", "same"],
                                      "0," + ",".join(["2"] * nd) + ",0", line)
    for name, line in (("GlobalAveragePooling", "input cells /"), ("GlobalMaxPooling", "the maximum of")):
        CASES[f"keras.{name}{nd}D"] = (NHWC[nd], [], "0,0", line)

POOL_OPS = sorted(e.op for e in registry.entries() if e.figure == "pooling")


def test_every_pooling_entry_has_a_case_and_the_torch_ones_are_there() -> None:
    assert {f"torch.{k}_pool{nd}d" for k in ("max", "avg", "adaptive_avg", "adaptive_max", "lp")
            for nd in (1, 2, 3)} <= set(POOL_OPS)
    assert set(POOL_OPS) <= set(CASES), sorted(set(POOL_OPS) - set(CASES))


@pytest.mark.parametrize("op", POOL_OPS)
def test_command_explains_and_writes_page_and_figure(op: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    shape, options, at, line = CASES[op]
    x = tmp_path / "x.npy"
    np.save(x, np.arange(np.prod(shape), dtype=np.float32).reshape(shape) % 36)
    page, figure = tmp_path / "p.html", tmp_path / "f.svg"
    code = main(["explain", op, "--input", str(x), *options, "--at", at, "--html", str(page),
                 "--figure", str(figure)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert line in out and "The same element elsewhere:" in out
    assert f"wrote {page}" in out and f"wrote {figure}" in out
    html = page.read_text("utf-8")
    assert '"kind":"pool"' in html and line.split("(")[0].strip() in html
    assert figure.read_text("utf-8").lstrip().startswith(("<?xml", "<svg"))


def test_torch_avg_pool2d_corner_divisor_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    x = tmp_path / "x.npy"
    np.save(x, np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6))
    figure = tmp_path / "f.png"
    assert main(["explain", "torch.avg_pool2d", "--input", str(x), "--kernel-size", "3", "--stride", "2",
                 "--padding", "1", "--ceil-mode", "--at", "0,0,3,3", "--figure", str(figure)]) == 0
    out = capsys.readouterr().out
    assert "out[0, 0, 3, 3] = 8.75: the sum of 1 input cell / 4" in out
    assert "count_include_pad=True counts the padded row 6 and column 6 (3 cells) but not the ceil-mode row 7 " \
           "and column 7 beyond them (5 cells): divisor 4" in out
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["explain", "torch.avg_pool2d", "--input", str(x), "--kernel-size", "3", "--stride", "2",
                 "--padding", "1", "--ceil-mode", "--no-count-include-pad", "--at", "0,0,3,3"]) == 0
    assert "out[0, 0, 3, 3] = 35: the sum of 1 input cell / 1" in capsys.readouterr().out


def test_torch_refusal_is_one_line_with_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    x = tmp_path / "x.npy"
    np.save(x, np.arange(36, dtype=np.float32).reshape(1, 1, 6, 6))
    assert main(["explain", "torch.max_pool2d", "--input", str(x), "--kernel-size", "2", "--padding", "2",
                 "--at", "0,0,0,0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("arraylens: error:") and "pad should be at most half of effective kernel size" in err
    assert "\n" not in err
