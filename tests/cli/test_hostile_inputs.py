"""Issue 10's failure contract, run as a hostile user would: every CLI command against one corpus
of bad files (:mod:`tests.cli.hostile_corpus`).

A refused case ends in exit status 2 with one ``arraylens: error: ...`` line, the last on stderr
(input notes such as ``arraylens: read ...`` may come before it), no traceback, no "internal
error", and no output file written or replaced. A case the command legitimately accepts (NaN
data for ``np.argmax``, a complex CSV for ``octave.fft``) is listed in :data:`ACCEPTED` and must
exit 0 without a traceback. Each call runs in-process under a SIGALRM guard, so a hang fails the
case instead of blocking the suite, and under a 16 MiB ``ARRAYLENS_MAX_BYTES``, so nothing big
is allocated. The figures are printed in the terminal summary (tests/cli/conftest.py).
"""

from __future__ import annotations

import signal
import stat
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from xml.etree import ElementTree

import numpy as np
import pytest

from arraylens import frontends
from arraylens.cli.main import main
from arraylens.core import registry
from tests.cli.hostile_corpus import (
    MAX_BYTES,
    TALLY,
    build_inputs,
    build_outputs,
    build_rich_csv,
    build_rich_npy,
    snapshot,
)

frontends.load()
TIMEOUT_S = 30

# Bad files every `explain OP` gets in its first array option (and a few in its second).
FIRST_OPTION_CASES = ("missing", "folder", "empty_npy", "empty_csv", "truncated_npy", "lying_npy",
                      "zip_bomb_npz", "pickle_npy", "fifo_input", "device_input")
SECOND_OPTION_CASES = ("missing", "lying_npy", "pickle_npy")
# The whole corpus, for one representative op of each framework and for mst and translate.
ALL_INPUT_CASES = (
    "missing", "folder", "empty_npy", "empty_csv", "blank_csv", "empty_npz", "truncated_npy",
    "truncated_header_npy", "lying_npy", "lying_2d_npy", "bad_magic_npy", "zip_bomb_npz", "lying_npz",
    "corrupt_npz", "npz_two", "npz_not_npy", "pickle_npy", "pickle_npz", "unknown_suffix", "not_utf8_csv",
    "mixed_header_csv", "ragged_csv", "word_cell_csv", "overflow_csv", "underscore_csv", "header_only_csv",
    "nul_csv", "fifo_input", "device_input", "dangling_link",
)
RICH_CSV_CASES = ("bom_csv", "markup_csv", "control_csv", "formula_csv", "complex_csv", "nan_csv", "huge_csv",
                  "tiny_csv", "one_column_csv", "one_row_csv", "constant_csv")
RICH_NPY_CASES = ("nan_npy", "huge_npy", "complex_npy", "float16_npy", "int64_npy", "uint8_npy", "bool_npy",
                  "str_npy", "bytes_npy", "datetime_npy", "structured_npy", "scalar_npy", "zero_size_npy",
                  "rank7_npy", "fortran_npy", "big_endian_npy")

# One representative op per framework: its usual input shape and a full, valid command line
# in which "{X}" is the hostile file ("{f}" a good 2x2 kernel in the op's layout).
REPRESENTATIVE: dict[str, tuple[tuple[int, ...], list[str]]] = {
    "tf.nn.conv2d_transpose": ((1, 3, 3, 1), ["--input", "{X}", "--filters", "{f_hwio}", "--output-shape",
                                              "1,4,4,1", "--strides", "1", "--padding", "VALID", "--at", "0,0,0,0"]),
    "tf.nn.depth_to_space": ((1, 2, 2, 4), ["--input", "{X}", "--block-size", "2", "--at", "0,0,0,0"]),
    "torch.conv_transpose2d": ((1, 1, 3, 3), ["--input", "{X}", "--weight", "{f_oihw}", "--at", "0,0,0,0"]),
    "onnx.ConvTranspose": ((1, 1, 3, 3), ["--X", "{X}", "--W", "{f_oihw}", "--at", "0,0,0,0"]),
    "keras.Conv2DTranspose": ((1, 3, 3, 1), ["--inputs", "{X}", "--kernel", "{f_hwio}", "--at", "0,0,0,0"]),
    "jax.lax.conv_transpose": ((1, 3, 3, 1), ["--lhs", "{X}", "--rhs", "{f_hwio}", "--strides", "1,1",
                                              "--padding", "VALID", "--at", "0,0,0,0"]),
    "np.argmax": ((3, 4), ["--input", "{X}"]),
    "np.cov": ((3, 4), ["--input", "{X}", "--at", "0,0"]),
    "octave.fft": ((3, 4), ["--input", "{X}", "--at", "0,0"]),
    "octave.max": ((3, 4), ["--input", "{X}", "--at", "1"]),
}

# (command, case) pairs a command legitimately accepts: it must exit 0, without a traceback.
# Everything else in the corpus must be refused with exit status 2 and one error line.
_FINITE_ODD = ("nan_npy", "huge_npy", "fortran_npy", "big_endian_npy")  # numbers in an unusual form or value
_CSV_2D = ("bom_csv", "markup_csv", "control_csv", "formula_csv", "complex_csv", "nan_csv", "huge_csv", "tiny_csv",
           "one_column_csv", "one_row_csv", "constant_csv")
_INTS = ("int64_npy", "uint8_npy", "bool_npy")
ACCEPTED: set[tuple[str, str]] = (
    {(op, case) for op in REPRESENTATIVE for case in _FINITE_ODD}
    # TensorFlow converts the input to the filter's dtype (float64 here); DepthToSpace takes any type.
    | {("tf.nn.conv2d_transpose", c) for c in ("float16_npy", *_INTS)}
    | {("tf.nn.depth_to_space", c) for c in ("complex_npy", "float16_npy", *_INTS)}
    # Keras casts floating inputs to the layer's dtype (and refuses integers); ONNX, JAX and
    # PyTorch refuse an input whose dtype differs from the weight's.
    | {("keras.Conv2DTranspose", "float16_npy")}
    # NumPy and Octave take a 2-d CSV, complex, NaN, Inf, +-1e308, subnormals, integers, a 0-d array.
    | {("np.argmax", c) for c in (*_CSV_2D, "complex_npy", "float16_npy", *_INTS, "scalar_npy", "rank7_npy")}
    | {("np.cov", c) for c in _CSV_2D if c not in ("complex_csv", "one_row_csv")}
    | {("np.cov", c) for c in ("float16_npy", *_INTS, "zero_size_npy")}  # NumPy: a NaN matrix for no observation
    | {("octave.fft", c) for c in (*_CSV_2D, "complex_npy", "float16_npy", *_INTS, "scalar_npy", "rank7_npy")}
    | {("octave.max", c) for c in _CSV_2D if c not in ("one_column_csv", "one_row_csv")}
    | {("octave.max", c) for c in ("complex_npy", "float16_npy", *_INTS)}
    # mst: labels are printed as text (never as markup or raw escapes); +-1e308 and 1e-320 are rescaled.
    | {("mst", c) for c in ("bom_csv", "markup_csv", "control_csv", "formula_csv", "huge_csv", "tiny_csv")}
)

OUTPUT_TARGETS = ("dev_null", "fifo", "folder", "symlink_dev_null", "symlink_fifo", "missing_folder")


class Hang(BaseException):
    """Raised by the SIGALRM guard: not an Exception, so the CLI's error mapping cannot catch it."""


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", MAX_BYTES)
    monkeypatch.delenv("ARRAYLENS_DEBUG", raising=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Every file of the corpus by name; its input files must come out of the module unchanged."""
    root = tmp_path_factory.mktemp("hostile")
    files: dict[str, Path] = {}
    files.update(build_inputs(root / "in"))
    files.update(build_rich_csv(root / "csv"))
    good = root / "good"
    good.mkdir()
    for name, a in {"good_npy": np.arange(1.0, 13.0).reshape(3, 4), "f_hwio": np.ones((2, 2, 1, 1)),
                    "f_oihw": np.ones((1, 1, 2, 2))}.items():
        np.save(good / f"{name}.npy", a)
        files[name] = good / f"{name}.npy"
    files["good_csv"] = good / "good.csv"
    files["good_csv"].write_text("a,b,c\n1,2,0\n2,1,5\n4,5,1\n3,3,2\n")
    for op, (shape, _) in REPRESENTATIVE.items():
        for name, path in build_rich_npy(root / "npy" / op, shape).items():
            files[f"{op}:{name}"] = path
    files.update({f"out:{k}": v for k, v in build_outputs(root / "out").items()})
    files["out:regular"] = root / "out" / "regular.out"
    files["out:regular"].write_text("old contents\n")
    before = {name: snapshot(p) for name, p in files.items()}
    yield files
    damaged = [name for name, p in files.items() if snapshot(p) != before[name]]
    TALLY.damaged.extend(f"corpus file changed: {name}" for name in damaged)
    assert not damaged, damaged


def _guarded_main(argv: list[str]) -> int:
    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer within {TIMEOUT_S} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TIMEOUT_S)
    try:
        return main(argv)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _problems(rc: int, out: str, err: str, accepted: bool) -> list[str]:
    """What breaks the failure contract in one run (empty when nothing does)."""
    problems = []
    lines = err.rstrip("\n").splitlines()
    errors = [line for line in lines if line.startswith("arraylens: error:")]
    if "Traceback" in out + err:
        problems.append("traceback")
    if "internal error" in err:
        problems.append("internal error")
    if "\x1b" in out + err:
        problems.append("raw escape character reached the terminal")
    if accepted:
        if rc != 0:
            problems.append(f"exit {rc} (expected 0: the command accepts this input)")
        if errors:
            problems.append(f"error line on success: {errors[0]}")
        return problems
    if rc != 2:
        problems.append(f"exit {rc} (expected 2)")
    if len(errors) != 1:
        problems.append(f"{len(errors)} error lines (expected 1)")
    elif lines[-1] != errors[0]:
        problems.append(f"the error line is not the last one: {lines[-1]!r}")
    stray = [line for line in lines if not line.startswith(("arraylens: ", "note: "))]
    if stray:
        problems.append(f"stray stderr line: {stray[0]!r}")
    return problems


def check_run(
    case_id: str, argv: list[str], capsys: pytest.CaptureFixture[str], accepted: bool = False,
    watched: tuple[Path, ...] = (),
) -> tuple[str, str]:
    """Run the CLI on ``argv``, check the contract, count the case; returns (stdout, stderr)."""
    before = {p: snapshot(p) for p in watched}
    TALLY.tried += 1
    capsys.readouterr()
    try:
        rc = _guarded_main(argv)
    except Hang as exc:
        TALLY.mishandled.append(f"{case_id}: hang ({exc})")
        pytest.fail(f"{case_id}: {exc}")
    out, err = capsys.readouterr()
    problems = _problems(rc, out, err, accepted)
    if problems:
        TALLY.mishandled.append(f"{case_id}: {'; '.join(problems)}")
    damaged = [str(p) for p in watched if snapshot(p) != before[p]]
    if Path("/dev/null") in watched and not stat.S_ISCHR(Path("/dev/null").stat().st_mode):
        damaged.append("/dev/null is no longer a character device")
    if damaged:
        TALLY.damaged.append(f"{case_id}: {', '.join(damaged)}")
    assert not problems and not damaged, (case_id, problems, damaged, err[-2000:])
    return out, err


def _fill(template: list[str], files: dict[str, Path], hostile: Path, op: str = "") -> list[str]:
    names = {"X": str(hostile)} | {k: str(v) for k, v in files.items() if ":" not in k}
    return [t.format(**names) if "{" in t else t for t in template]


# --- every registered `explain OP`, its array options fed the basic corpus --------------------------


def _required_args(entry: registry.Entry, files: dict[str, Path]) -> dict[str, str]:
    """A value for every option click insists on (arrays: a good file), and ``--at``."""
    assert entry.cli is not None
    values = {"--at": "0"}
    text_defaults = {"--output-shape": "1,4,4,1", "--strides": "1", "--padding": "VALID", "--size": "2,2",
                     "--pad": "1,1", "--pad-width": "1", "--paddings": "1,1,1,1", "--pads": "1,1,1,1",
                     "--shape": "2,2"}
    text_defaults.update({"--kernel-size": "2", "--output-size": "2", "--norm-type": "2"})  # pooling
    text_defaults.update({"--ksize": "1", "--kernel-shape": "1", "--pool-size": "1"})  # TF, ONNX, Keras pooling
    text_defaults.update({"--n": "1"})  # octave.circshift's shift
    for option in entry.cli.options:
        if option.kind == "array":
            values[option.flag] = str(files["good_npy"])
        elif option.required:
            values[option.flag] = "2" if option.kind == "int" else text_defaults[option.flag]
    return values


def _array_flags(entry: registry.Entry) -> list[str]:
    assert entry.cli is not None
    return [o.flag for o in entry.cli.options if o.kind == "array"]


EXPLAIN_OPS = [e for e in registry.entries() if e.cli is not None]
OPTION_MATRIX = [
    (e.op, _array_flags(e)[position], case)
    for e in EXPLAIN_OPS
    for position, cases in ((0, FIRST_OPTION_CASES), (1, SECOND_OPTION_CASES))
    if len(_array_flags(e)) > position
    for case in cases
]


@pytest.mark.parametrize(("op", "flag", "case"), OPTION_MATRIX)
def test_every_explain_op_refuses_bad_array_files(
    op: str, flag: str, case: str, corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    entry = registry.get(op)
    values = _required_args(entry, corpus)
    values[flag] = str(corpus[case])
    argv = ["explain", op] + [v for pair in values.items() for v in pair]
    check_run(f"explain {op} {flag} {case}", argv, capsys)


def test_every_registered_explain_op_is_in_the_matrix() -> None:
    ops = {op for op, _, _ in OPTION_MATRIX}
    assert ops == {e.op for e in registry.entries() if e.cli is not None}
    assert len(ops) >= 40 and {"octave.fft", "np.argmax", "tf.nn.conv2d_transpose"} <= ops


# --- the whole corpus against one representative op per framework ----------------------------------

REPRESENTATIVE_MATRIX = [
    (op, case) for op in REPRESENTATIVE for case in ALL_INPUT_CASES + RICH_CSV_CASES + RICH_NPY_CASES
]


@pytest.mark.parametrize(("op", "case"), REPRESENTATIVE_MATRIX)
def test_representative_ops_against_the_whole_corpus(
    op: str, case: str, corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = corpus[f"{op}:{case}"] if case in RICH_NPY_CASES else corpus[case]
    argv = ["explain", op, *_fill(REPRESENTATIVE[op][1], corpus, hostile)]
    check_run(f"explain {op} {case}", argv, capsys, accepted=(op, case) in ACCEPTED)


# --- mst and translate ------------------------------------------------------------------------------


LABEL_SHOWN = {  # how mst prints each hostile label: as text, never as markup, an escape or a BOM
    "bom_csv": "alpha",
    "markup_csv": "[bold red]x",
    "control_csv": "\\x1b[31mred\\x1b[0m",
    "formula_csv": "=HYPERLINK",
}


@pytest.mark.parametrize("case", ALL_INPUT_CASES + RICH_CSV_CASES)
def test_mst_against_the_whole_corpus(
    case: str, corpus: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refused: the existing --out file is left as it was. Accepted: the labels come out as text,
    the CSV escapes formula cells and the GraphML is well-formed XML."""
    accepted = ("mst", case) in ACCEPTED
    regular = corpus["out:regular"]
    out = regular if not accepted else tmp_path / "tree.csv"
    graphml = tmp_path / "tree.graphml"
    argv = ["mst", str(corpus[case]), "--out", str(out), "--graphml", str(graphml)]
    printed, err = check_run(f"mst {case}", argv, capsys, accepted=accepted, watched=(regular,))
    if not accepted:
        assert not graphml.exists()
        return
    assert "\ufeff" not in printed + err + out.read_text(encoding="utf-8")
    if case in LABEL_SHOWN:
        assert LABEL_SHOWN[case] in printed
    if case == "formula_csv":
        assert "'=HYPERLINK" in out.read_text(encoding="utf-8")
    ElementTree.parse(graphml)  # well-formed, whatever the labels held


TRANSLATE = ["translate", "tf.nn.conv2d_transpose", "torch", "--arg", "input=@{X}", "--arg",
             "filters=shape:2,2,1,1", "--arg", "output_shape=1,4,4,1", "--arg", "strides=1", "--arg", "padding=VALID"]


@pytest.mark.parametrize("case", ALL_INPUT_CASES)
def test_translate_against_the_whole_corpus(
    case: str, corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    check_run(f"translate {case}", _fill(TRANSLATE, corpus, corpus[case]), capsys,
              accepted=("translate", case) in ACCEPTED)


# --- output targets that must never be written or replaced ------------------------------------------

OUTPUT_COMMANDS: dict[str, list[str]] = {
    "mst --out": ["mst", "{good_csv}", "--out", "{T}"],
    "mst --json": ["mst", "{good_csv}", "--json", "{T}"],
    "mst --graphml": ["mst", "{good_csv}", "--graphml", "{T}"],
    "mst --figure": ["mst", "{good_csv}", "--figure", "{T}"],
    "mst --out (second of two)": ["mst", "{good_csv}", "--json", "{regular}", "--out", "{T}"],
    "explain --html": ["explain", "tf.nn.conv2d_transpose", *REPRESENTATIVE["tf.nn.conv2d_transpose"][1],
                       "--html", "{T}"],
    "explain --figure": ["explain", "torch.conv_transpose2d", *REPRESENTATIVE["torch.conv_transpose2d"][1],
                         "--figure", "{T}"],
    "explain np --html": ["explain", "np.argmax", "--input", "{good_csv}", "--html", "{T}"],
    "demo --out": ["demo", "--out", "{T}", "--only", "{demo}"],
}


@pytest.mark.parametrize("target", OUTPUT_TARGETS)
@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_bad_output_targets_are_refused_and_left_alone(
    command: str, target: str, corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from arraylens.demos import DEMOS

    path = corpus[f"out:{target}"]
    if command == "demo --out" and target in ("missing_folder", "folder"):
        pytest.skip("demo --out writes into a folder and creates it (and its parents): not a bad target")
    names = {"T": str(path), "X": str(corpus["good_npy"]), "regular": str(corpus["out:regular"]),
             "demo": DEMOS[0].name} | {k: str(v) for k, v in corpus.items() if ":" not in k}
    argv = [t.format(**names) if "{" in t else t for t in OUTPUT_COMMANDS[command]]
    watched = (path, path.parent, corpus["out:regular"])
    check_run(f"{command} {target}", argv, capsys, watched=watched)


def test_bad_input_leaves_an_existing_output_unchanged(
    corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A run that fails on its input writes nothing, even to outputs it could write."""
    regular = corpus["out:regular"]
    for case in ("lying_npy", "pickle_npy", "mixed_header_csv"):
        argv = ["explain", "tf.nn.conv2d_transpose",
                *_fill(REPRESENTATIVE["tf.nn.conv2d_transpose"][1], corpus, corpus[case]),
                "--html", str(regular), "--figure", str(regular.with_suffix(".png"))]
        check_run(f"explain --html regular {case}", argv, capsys, watched=(regular, regular.with_suffix(".png")))
    assert regular.read_text() == "old contents\n"


# --- the mishandled cases the corpus found, each as a named test ------------------------------------


def _error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("arraylens: error: "), lines
    return lines[0]


def test_npy_that_starts_like_a_zip_is_refused_not_an_internal_error(
    corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """np.load took a .npy starting with "PK\\x03\\x04" for a zip (BadZipFile, exit 1)."""
    line = _error_line(capsys, ["explain", "np.argmax", "--input", str(corpus["bad_magic_npy"])])
    assert "cannot read input from" in line and "it is not a NumPy .npy file of numbers" in line


def test_big_endian_npy_is_read_as_float64(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A '>f8' file gave torch's "expected scalar type Double but found Double"."""
    np.save(tmp_path / "x.npy", np.arange(1.0, 10.0).reshape(1, 1, 3, 3).astype(">f8"))
    np.save(tmp_path / "w.npy", np.ones((1, 1, 2, 2)))
    argv = ["explain", "torch.conv_transpose2d", "--input", str(tmp_path / "x.npy"), "--weight",
            str(tmp_path / "w.npy"), "--at", "0,0,1,1"]
    assert main(argv) == 0
    assert "out[0, 0, 1, 1] = 12" in capsys.readouterr().out


@pytest.mark.parametrize("case", ["fifo_input", "device_input"])
def test_fifo_or_device_as_input_is_named_as_such_and_never_opened(
    case: str, corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """They were reported as "input file not found"; a FIFO opened for reading would block."""
    line = _error_line(capsys, ["explain", "np.argmax", "--input", str(corpus[case])])
    assert line.startswith(f"arraylens: error: input file {corpus[case]} is not a regular file (a device, a pipe")


def test_zzz_hostile_summary() -> None:
    """The closing figures: printed, and the goal (nothing mishandled, nothing damaged) held."""
    if TALLY.tried < 500:
        pytest.skip("the hostile-input matrices were not all selected in this run")
    print(TALLY.line())
    assert TALLY.mishandled == [] and TALLY.damaged == [], TALLY.mishandled + TALLY.damaged


# --- hostile option values: sizes past the limit, lenient indices, a bad limit -------------------------

TF_T = ["explain", "tf.nn.conv2d_transpose", "--input", "{X4}", "--filters", "{f_hwio}", "--strides", "1",
        "--padding", "VALID"]
HOSTILE_OPTIONS: dict[str, tuple[list[str], int]] = {
    "output shape of 3.64 TiB": ([*TF_T[:-3], "333333", "--padding", "VALID", "--output-shape", "1,1000000,1000000,1",
                                  "--at", "0,0,0,0"], 2),
    "stride 1e9 (the accepted-sizes hang)": (["explain", "tf.nn.conv1d_transpose", "--input", "{X3}", "--filters",
                                             "{f_3}", "--output-shape", "1,1000000003,1", "--strides", "1000000000",
                                             "--padding", "VALID", "--at", "0,0,0"], 2),
    "stride 1e20": ([*TF_T[:-3], "100000000000000000000", "--padding", "VALID", "--output-shape", "1,4,4,1",
                     "--at", "0,0,0,0"], 2),
    "explicit padding of 13 GiB": (["explain", "tf.nn.conv2d", "--input", "{X4}", "--filters", "{f_hwio}",
                                    "--strides", "1", "--padding", "0,0,30000,30000,30000,30000,0,0",
                                    "--at", "0,0,0,0"], 2),
    "fft --n 1e11": (["explain", "octave.fft", "--input", "{good_npy}", "--n", "100000000000", "--at", "0,0"], 2),
    "sum --dim 1e20": (["explain", "octave.sum", "--input", "{good_npy}", "--dim", "99999999999999999999",
                        "--at", "0"], 2),
    "--at with empty fields": ([*TF_T, "--output-shape", "1,4,4,1", "--at", ",,,0,1,1,0"], 2),
    "--at 1_0": ([*TF_T, "--output-shape", "1,4,4,1", "--at", "0,1_0,1,0"], 2),
    "--at in Arabic-Indic digits": ([*TF_T, "--output-shape", "1,4,4,1", "--at", "\u0660,\u0661,\u0661,\u0660"], 2),
    "translate a 1e15-element shape": (["translate", "tf.nn.conv2d_transpose", "torch", "--arg",
                                        "input=shape:1,100000,100000,100000", "--arg", "filters=shape:2,2,1,100000",
                                        "--arg", "output_shape=1,100001,100001,1", "--arg", "strides=1",
                                        "--arg", "padding=VALID"], 0),
}


@pytest.mark.parametrize("name", HOSTILE_OPTIONS)
def test_hostile_option_values(
    name: str, corpus: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    np.save(tmp_path / "x4.npy", np.ones((1, 3, 3, 1)))
    np.save(tmp_path / "x3.npy", np.ones((1, 2, 1)))
    np.save(tmp_path / "f3.npy", np.ones((3, 1, 1)))
    names = {"X4": str(tmp_path / "x4.npy"), "X3": str(tmp_path / "x3.npy"), "f_3": str(tmp_path / "f3.npy")}
    names |= {k: str(v) for k, v in corpus.items() if ":" not in k}
    template, status = HOSTILE_OPTIONS[name]
    argv = [t.format(**names) if "{" in t else t for t in template]
    _, err = check_run(f"option: {name}", argv, capsys, accepted=status == 0)
    assert OPTION_WORDS.get(name, "") in err
    assert "{" not in err  # a message template left unformatted (sum --dim printed "dim={NUMPY_MAX_DIMS}")


OPTION_WORDS = {
    "output shape of 3.64 TiB": "needs 7.28 TiB, more than the 16 MiB arraylens may use",
    "stride 1e9 (the accepted-sizes hang)": "of shape (1, 1000000003, 1) (float64) needs 7.45 GiB",
    "explicit padding of 13 GiB": "the padded input (1, 60003, 60003, 1)",
    "fft --n 1e11": "the result of fft (N = 100000000000)",
    "sum --dim 1e20": "as a singleton one: dim=64 gives the same result here",
    "--at 1_0": "--at must be comma-separated integers (ASCII digits, optional '-'), got '0,1_0,1,0'",
}


def test_a_bad_memory_limit_setting_is_one_line(
    corpus: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARRAYLENS_MAX_BYTES", "lots")
    _, err = check_run("ARRAYLENS_MAX_BYTES=lots", ["explain", "np.argmax", "--input", str(corpus["good_npy"])], capsys)
    assert "ARRAYLENS_MAX_BYTES" in err
