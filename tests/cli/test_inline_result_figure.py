"""Issue 18, inputs and output: every array option takes an inline nested list and a checked
``--<name>-shape``; every explain prints its result (abbreviated as NumPy prints it) unless
``--quiet``; ``--figure`` either writes the op's figure or says in one line that it has none."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens import frontends
from arraylens.cli.main import cli
from arraylens.core import registry

frontends.load()
PNG = b"\x89PNG\r\n\x1a\n"
X = "[[[[-67],[-77]],[[-117],[-127]]]]"
F = "[-1, 2, -3, 4, -5, 6, -7, 8, -9]"
ONE5 = ["--input", "[2]", "--input-shape", "1,1,1,1,1"]

#: A small valid call of every explain command, with every array typed inline.
CALLS: dict[str, list[str]] = {
    "tf.nn.conv1d_transpose": ["--input", "[[[1],[2]]]", "--filters", "[1,2,3]", "--filters-shape", "3,1,1",
                               "--output-shape", "1,5,1", "--strides", "2", "--padding", "VALID", "--at", "0,0,0"],
    "tf.nn.conv2d_transpose": ["--input", X, "--filters", F, "--filters-shape", "3,3,1,1", "--output-shape",
                               "1,5,5,1", "--strides", "2", "--padding", "VALID", "--at", "0,0,0,0"],
    "tf.nn.conv3d_transpose": [*ONE5, "--filters", "[3]", "--filters-shape", "1,1,1,1,1", "--output-shape",
                               "1,1,1,1,1", "--strides", "1", "--padding", "VALID", "--at", "0,0,0,0,0"],
    "tf.nn.conv_transpose": ["--input", X, "--filters", F, "--filters-shape", "3,3,1,1", "--output-shape",
                             "1,5,5,1", "--strides", "2", "--padding", "VALID", "--at", "0,0,0,0"],
    "tf.nn.conv1d": ["--input", "[1,2,3]", "--input-shape", "1,3,1", "--filters", "[1,2]", "--filters-shape",
                     "2,1,1", "--strides", "1", "--padding", "VALID", "--at", "0,1,0"],
    "tf.nn.conv2d": ["--input", X, "--filters", "[1,2,3,4]", "--filters-shape", "2,2,1,1", "--strides", "1",
                     "--padding", "VALID", "--at", "0,0,0,0"],
    "tf.nn.conv3d": [*ONE5, "--filters", "[3]", "--filters-shape", "1,1,1,1,1", "--strides", "1,1,1,1,1",
                     "--padding", "VALID", "--at", "0,0,0,0,0"],
    "tf.nn.depth_to_space": ["--input", "[1,2,3,4]", "--input-shape", "1,1,1,4", "--block-size", "2",
                             "--at", "0,1,1,0"],
    "tf.nn.space_to_depth": ["--input", "[1,2,3,4]", "--input-shape", "1,2,2,1", "--block-size", "2",
                             "--at", "0,0,0,3"],
    "tf.pad": ["--input", "[[1,2],[3,4]]", "--paddings", "1,1,0,0", "--at", "0,0"],
    "torch.conv_transpose1d": ["--input", "[[[1,2]]]", "--weight", "[[[1,2,3]]]", "--stride", "2", "--at", "0,0,0"],
    "torch.conv_transpose2d": ["--input", "[1,2,3,4]", "--input-shape", "1,1,2,2", "--weight", "[1,2,3,4]",
                               "--weight-shape", "1,1,2,2", "--at", "0,0,0,0"],
    "torch.conv_transpose3d": [*ONE5, "--weight", "[3]", "--weight-shape", "1,1,1,1,1", "--at", "0,0,0,0,0"],
    "torch.conv1d": ["--input", "[[[1,2,3]]]", "--weight", "[[[1,2]]]", "--at", "0,0,1"],
    "torch.conv2d": ["--input", "[1,2,3,4]", "--input-shape", "1,1,2,2", "--weight", "[[[[5]]]]", "--at", "0,0,1,1"],
    "torch.conv3d": [*ONE5, "--weight", "[3]", "--weight-shape", "1,1,1,1,1", "--at", "0,0,0,0,0"],
    "torch.pixel_shuffle": ["--input", "[1,2,3,4]", "--input-shape", "1,4,1,1", "--upscale-factor", "2",
                            "--at", "0,0,1,1"],
    "torch.pixel_unshuffle": ["--input", "[1,2,3,4]", "--input-shape", "1,1,2,2", "--downscale-factor", "2",
                              "--at", "0,3,0,0"],
    "torch.pad": ["--input", "[[1,2],[3,4]]", "--pad", "1,1", "--at", "0,0"],
    "onnx.ConvTranspose": ["--X", "[[[1,2]]]", "--W", "[[[1,2,3]]]", "--strides", "2", "--at", "0,0,0"],
    "onnx.Conv": ["--X", "[[[1,2,3]]]", "--W", "[[[1,2]]]", "--at", "0,0,1"],
    "onnx.DepthToSpace": ["--input", "[1,2,3,4]", "--input-shape", "1,4,1,1", "--blocksize", "2",
                          "--at", "0,0,1,1"],
    "onnx.SpaceToDepth": ["--input", "[1,2,3,4]", "--input-shape", "1,1,2,2", "--blocksize", "2",
                          "--at", "0,3,0,0"],
    "onnx.Pad": ["--input", "[[1,2],[3,4]]", "--pads", "0,1,0,1", "--at", "0,0"],
    "keras.Conv1DTranspose": ["--inputs", "[[[1],[2]]]", "--kernel", "[1,2,3]", "--kernel-shape", "3,1,1",
                              "--strides", "2", "--at", "0,0,0"],
    "keras.Conv2DTranspose": ["--inputs", X, "--kernel", F, "--kernel-shape", "3,3,1,1", "--strides", "2",
                              "--at", "0,0,0,0"],
    "keras.Conv3DTranspose": ["--inputs", "[2]", "--inputs-shape", "1,1,1,1,1", "--kernel", "[3]",
                              "--kernel-shape", "1,1,1,1,1", "--at", "0,0,0,0,0"],
    "jax.lax.conv_transpose": ["--lhs", "[[[1],[2]]]", "--rhs", "[1,2,3]", "--rhs-shape", "3,1,1",
                               "--strides", "2", "--padding", "VALID", "--dimension-numbers", "NWC,WIO,NWC",
                               "--at", "0,0,0"],
    "np.argmax": ["--input", "[[1,5],[3,2]]", "--axis", "0", "--at", "1"],
    "np.argmin": ["--input", "[[1,5],[3,2]]", "--axis", "0", "--at", "1"],
    "np.amax": ["--input", "[[1,5],[3,2]]", "--axis", "0", "--at", "1"],
    "np.amin": ["--input", "[[1,5],[3,2]]", "--axis", "0", "--at", "1"],
    "np.cov": ["--input", "[[1,2,4],[3,1,0]]", "--at", "0,1"],
    "np.corrcoef": ["--input", "[[1,2,4],[3,1,0]]", "--at", "0,1"],
    "np.pad": ["--input", "[[1,2],[3,4]]", "--pad-width", "1", "--at", "0,0"],
    "octave.fft": ["--input", "[1,2,3,4]", "--at", "1"],
    "octave.ifft": ["--input", "[1,2,3,4]", "--at", "1"],
    "octave.ctranspose": ["--input", "[[1,2],[3,4]]", "--at", "0,1"],
    "octave.transpose": ["--input", "[[1,2],[3,4]]", "--at", "0,1"],
    "octave.max": ["--input", "[[1,5],[3,2]]", "--at", "1"],
    "octave.min": ["--input", "[[1,5],[3,2]]", "--at", "1"],
    "octave.sum": ["--input", "[[1,5],[3,2]]", "--at", "1"],
    "octave.mean": ["--input", "[[1,5],[3,2]]", "--at", "1"],
    "octave.cumsum": ["--input", "[[1,5],[3,2]]", "--at", "1,1"],
    "octave.sort": ["--input", "[[1,5],[3,2]]", "--at", "1,1"],
    "octave.cov": ["--input", "[[1,2],[3,1],[0,4]]", "--at", "0,1"],
    "octave.corr": ["--input", "[[1,2],[3,1],[0,4]]", "--at", "0,1"],
    "octave.corrcoef": ["--input", "[[1,2],[3,1],[0,4]]", "--at", "0,1"],
    "octave.reshape": ["--input", "[[1,2],[3,4]]", "--size", "1,4", "--at", "2"],
    "octave.conv": ["--input", "[1,2,3,4,5]", "--kernel", "[1,1,1,1]", "--shape", "same", "--at", "2"],
    "octave.conv2": ["--input", "[[1,2,3],[4,5,6]]", "--kernel", "[[1,2],[3,4]]", "--at", "1,1"],
    "octave.filter": ["--b", "[1,2]", "--a", "[2,1]", "--input", "[1,2,3,4]", "--at", "2"],
    "octave.cumprod": ["--input", "[[1,5],[3,2]]", "--at", "1,1"],
    "octave.diff": ["--input", "[1,4,9,16]", "--order", "2", "--at", "1"],
    "octave.trapz": ["--x", "[0,1,3]", "--input", "[1,2,4]", "--at", "0"],
    "octave.find": ["--input", "[[0,5],[7,0]]", "--at", "1"],
    "octave.unique": ["--input", "[3,1,3,2]", "--options", "last", "--at", "1"],
    "octave.histc": ["--input", "[1,2,2,3,5]", "--edges", "[1,2,3]", "--at", "1"],
    "octave.hist": ["--input", "[1,2,2,3,5]", "--bins", "3", "--at", "1"],
    "octave.accumarray": ["--subs", "[[1],[3],[1]]", "--vals", "[10,20,30]", "--at", "0"],
    "octave.mldivide": ["--a", "[[1,2],[2,4]]", "--b", "[[1],[2]]", "--at", "1"],
    "octave.mrdivide": ["--b", "[[1,2]]", "--a", "[[1,2],[3,4]]", "--at", "1"],
    "octave.kron": ["--a", "[[1,2]]", "--b", "[[1],[10]]", "--at", "1,1"],
    "octave.to_column": ["--input", "[[1,2],[3,4]]", "--at", "2"],
    "octave.colon": ["--base", "0", "--increment", "0.1", "--limit", "1", "--at", "3"],
    "octave.linspace": ["--base", "0", "--limit", "1", "--n", "7", "--at", "4"],
    "octave.interp1": ["--input", "[1,2,3,4]", "--y", "[10,20,15,5]", "--xi", "[0,1.5,5]", "--at", "1"],
    "octave.meshgrid": ["--input", "[1,2,3]", "--y", "[4,5]", "--at", "1,2"],
    "octave.ndgrid": ["--input", "[1,2,3]", "--y", "[4,5]", "--at", "2,1"],
    "octave.round": ["--input", "[-2.5,2.5]", "--at", "1"],
    "octave.fix": ["--input", "[-2.5,2.5]", "--at", "0"],
    "octave.mod": ["--input", "[5,-5]", "--y", "[3]", "--at", "1"],
    "octave.rem": ["--input", "[5,-5]", "--y", "[3]", "--at", "1"],
    "octave.any": ["--input", "[[1,0],[0,0]]", "--at", "1"],
    "octave.all": ["--input", "[[1,0],[1,1]]", "--dim", "2", "--at", "0"],
    "octave.circshift": ["--input", "[[1,2],[3,4]]", "--n", "1,1", "--at", "0,0"],
    "octave.rot90": ["--input", "[[1,2],[3,4]]", "--k", "-1", "--at", "0,0"],
    "octave.std": ["--input", "[[1,5],[3,2],[4,4]]", "--at", "1"],
    "octave.var": ["--input", "[[1,5],[3,2],[4,4]]", "--w", "1,2,1", "--at", "1"],
    "octave.median": ["--input", "[[1,5],[3,2],[4,4]]", "--at", "1"],
    "octave.mode": ["--input", "[[1,5],[3,5],[1,4]]", "--at", "1"],
    "octave.quantile": ["--input", "[1,5,3,2,4,4]", "--p", "0.1,0.9", "--at", "1"],
    "octave.prctile": ["--input", "[1,5,3,2,4,4]", "--p", "10,90", "--at", "1"],
}

# Poolings: one small plane per rank, channels first (torch, ONNX) or last (TF, Keras).
_SEQ = {1: "[3,1,4,1]", 2: "[3,1,4,1,5,9,2,6,5,3,5,8,9,7,9,3]", 3: "[3,1,4,1,5,9,2,6]"}
_FIRST = {1: "1,1,4", 2: "1,1,4,4", 3: "1,1,2,2,2"}
_LAST = {1: "1,4,1", 2: "1,4,4,1", 3: "1,2,2,2,1"}
for _nd in (1, 2, 3):
    _t = ["--input", _SEQ[_nd], "--input-shape", _FIRST[_nd]]
    _l = ["--input", _SEQ[_nd], "--input-shape", _LAST[_nd]]
    _z = ",".join(["0"] * (_nd + 2))
    CALLS.update({
        f"torch.max_pool{_nd}d": [*_t, "--kernel-size", "2", "--padding", "1", "--ceil-mode", "--at", _z],
        f"torch.avg_pool{_nd}d": [*_t, "--kernel-size", "2", "--stride", "2", "--padding", "1", "--at", _z],
        f"torch.adaptive_avg_pool{_nd}d": [*_t, "--output-size", "1", "--at", _z],
        f"torch.adaptive_max_pool{_nd}d": [*_t, "--output-size", "1", "--at", _z],
        f"torch.lp_pool{_nd}d": [*_t, "--norm-type", "2", "--kernel-size", "2", "--at", _z],
        f"tf.nn.max_pool{_nd}d": [*_l, "--ksize", "2", "--strides", "2", "--padding", "SAME", "--at", _z],
        f"tf.nn.avg_pool{_nd}d": [*_l, "--ksize", "2", "--strides", "2", "--padding", "SAME", "--at", _z],
        f"keras.MaxPooling{_nd}D": [*_l, "--pool-size", "2", "--at", _z],
        f"keras.AveragePooling{_nd}D": [*_l, "--pool-size", "2", "--padding", "same", "--at", _z],
        f"keras.GlobalAveragePooling{_nd}D": [*_l, "--at", "0,0"],
        f"keras.GlobalMaxPooling{_nd}D": [*_l, "--at", "0,0"],
    })
_t2 = ["--input", _SEQ[2], "--input-shape", _FIRST[2]]
_l2 = ["--input", _SEQ[2], "--input-shape", _LAST[2]]
CALLS["PIL.Image.resize"] = ["--image", "[[1,2,3],[4,5,6]]", "--size", "5,3", "--at", "1,2"]
CALLS.update({
    "tf.nn.max_pool": [*_l2, "--ksize", "2", "--strides", "2", "--at", "0,0,0,0"],
    "tf.nn.avg_pool": [*_l2, "--ksize", "3", "--strides", "2", "--padding", "SAME", "--at", "0,1,1,0"],
    "tf.nn.max_pool_with_argmax": [*_l2, "--ksize", "2", "--strides", "2", "--padding", "SAME", "--at", "0,1,1,0"],
    "onnx.MaxPool": [*_t2, "--kernel-shape", "2,2", "--pads", "1,1,1,1", "--ceil-mode", "1", "--at", "0,0,2,2"],
    "onnx.AveragePool": [*_t2, "--kernel-shape", "3,3", "--strides", "2,2", "--pads", "1,1,1,1", "--at", "0,0,0,0"],
    "onnx.LpPool": [*_t2, "--kernel-shape", "2,2", "--at", "0,0,1,1"],
    "onnx.GlobalAveragePool": [*_t2, "--at", "0,0,0,0"],
    "onnx.GlobalMaxPool": [*_t2, "--at", "0,0,0,0"],
})
# Resizes: a 2x3 image to 3x5 (upsampling, fractional scales).
_IMG = "[[1,2,3],[4,5,6]]"
CALLS.update({
    "tf.image.resize": ["--images", _IMG, "--images-shape", "1,2,3,1", "--size", "3,5", "--at", "0,1,2,0"],
    "tf.compat.v1.image.resize_bilinear": ["--images", _IMG, "--images-shape", "1,2,3,1", "--size", "3,5",
                                           "--at", "0,1,2,0"],
    "tf.compat.v1.image.resize_nearest_neighbor": ["--images", _IMG, "--images-shape", "1,2,3,1", "--size", "3,5",
                                                   "--at", "0,1,2,0"],
    "tf.compat.v1.image.resize_bicubic": ["--images", _IMG, "--images-shape", "1,2,3,1", "--size", "3,5",
                                          "--at", "0,1,2,0"],
    "torch.nn.functional.interpolate": ["--input", _IMG, "--input-shape", "1,1,2,3", "--size", "3,5",
                                        "--mode", "bilinear", "--at", "0,0,1,2"],
    "onnx.Resize": ["--input", _IMG, "--input-shape", "1,1,2,3", "--sizes", "1,1,3,5", "--mode", "linear",
                    "--at", "0,0,1,2"],
    "jax.image.resize": ["--image", _IMG, "--shape", "3,5", "--at", "1,2"],
    "keras.UpSampling2D": ["--x", _IMG, "--x-shape", "1,2,3,1", "--at", "0,1,2,0"],
    "keras.Resizing": ["--x", _IMG, "--x-shape", "1,2,3,1", "--height", "3", "--width", "5", "--at", "0,1,2,0"],
    "cv2.resize": ["--src", _IMG, "--dsize", "5,3", "--at", "1,2"],
})
EXPLAINED = [e.op for e in registry.entries() if e.cli is not None]


def invoke(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def test_every_explain_command_has_a_call_here() -> None:
    assert sorted(CALLS) == sorted(EXPLAINED)


#: These take no float64 array, and an inline array is read as float64: the library's refusal.
FLOAT32_ONLY = {
    "PIL.Image.resize": "Cannot handle this data type: (1, 1), <f8",
    "tf.nn.max_pool3d": "Value for attr 'T' of double is not in the list of allowed values: half, bfloat16, float",
    "tf.nn.avg_pool3d": "Could not find device for node: {{node AvgPool3D}} = AvgPool3D[T=DT_DOUBLE, ...]",
}


@pytest.mark.parametrize("op", sorted(FLOAT32_ONLY))
def test_an_inline_float64_array_gets_tensorflows_refusal_where_tf_has_no_float64_kernel(op: str) -> None:
    code, _, err = invoke(["explain", op, *CALLS[op]])
    assert code == 2
    assert FLOAT32_ONLY[op] in err.splitlines()[-1]


@pytest.mark.parametrize("op", [op for op in EXPLAINED if op not in FLOAT32_ONLY])
def test_every_explain_takes_inline_arrays_prints_the_result_and_answers_figure(op: str, tmp_path: Path) -> None:
    figure = tmp_path / "f.png"
    code, out, err = invoke(["explain", op, *CALLS[op], "--figure", str(figure)])
    assert code == 0, (out, err)
    assert "inline: shape" in err  # what was read, said on stderr
    if registry.get(op).figure is None:
        assert not figure.exists()
        notes = [line for line in err.splitlines() if "has no figure" in line]
        assert notes == [f"arraylens: note: {op} has no figure; {figure} was not written"]
    else:
        assert figure.read_bytes()[:8] == PNG and f"wrote {figure}" in out
    assert "result" in out.splitlines()[0] or "=" in out.splitlines()[0]
    code_q, out_q, _ = invoke(["explain", op, *CALLS[op], "--quiet"])
    assert code_q == 0 and len(out_q) < len(out)  # the result array is left out


def test_the_motivating_case_typed_inline_prints_the_whole_result() -> None:
    code, out, err = invoke(["explain", "tf.nn.conv2d_transpose", *CALLS["tf.nn.conv2d_transpose"]])
    assert code == 0, err
    head, _, rest = out.partition("\n")
    assert head == "result shape (1, 5, 5, 1), dtype float64:"
    body = rest[: rest.index("]]]]") + 4]
    printed = np.array([float(v) for v in body.replace("[", " ").replace("]", " ").split()]).reshape(5, 5)
    x = np.array([[-67, -77], [-117, -127]], float)
    f = np.arange(1, 10, dtype=float).reshape(3, 3) * np.array([-1, 1, -1, 1, -1, 1, -1, 1, -1]).reshape(3, 3)
    expected = np.zeros((5, 5))
    for i in range(2):
        for j in range(2):  # the scatter rule, by hand: each input element adds a scaled kernel copy
            expected[2 * i:2 * i + 3, 2 * j:2 * j + 3] += x[i, j] * f
    np.testing.assert_array_equal(printed, expected)
    assert printed[0, 0] == 67 and printed[2, 2] == 1620


def test_a_large_result_is_abbreviated_as_numpy_prints_it(tmp_path: Path) -> None:
    np.save(tmp_path / "x.npy", np.arange(1000.0).reshape(1, 1000))
    code, out, _ = invoke(["explain", "np.pad", "--input", str(tmp_path / "x.npy"), "--pad-width", "1",
                           "--at", "0,0"])
    assert code == 0
    block = out[: out.index("]]") + 2]
    assert "..." in block and len(block.splitlines()) <= 8
    assert block.splitlines()[2] == " [  0.   0.   1. ... 998. 999.   0.]"  # 3 edge items each side


def test_octave_values_and_numpy_arrays_respect_quiet() -> None:
    code, out, _ = invoke(["explain", "octave.sum", "--input", "[[1,5],[3,2]]", "--at", "1"])
    assert code == 0 and "result =\n[[4. 7.]]" in out
    code, out, _ = invoke(["explain", "octave.sum", "--input", "[[1,5],[3,2]]", "--at", "1", "--quiet"])
    assert code == 0 and "result =" not in out
    code, out, _ = invoke(["explain", "np.amax", "--input", "[[1,5],[3,2]]", "--axis", "0", "--at", "1"])
    assert "result:\n[3. 5.]" in out


@pytest.mark.parametrize(("value", "words"), [
    ("[[1,2],[3]]", "rows have different lengths"),
    ("[[1,2],[3,4]", "not an array of numbers"),
    ("[1, 'a']", "not an array of numbers"),
    ("[True, 2]", "not an array of numbers"),
    ("[1e400]", "beyond float64's range"),
    ("[" + "1," * 60_000 + "1]", "longer than 100000"),
    ("[" * 5000 + "]" * 5000, "not an array of numbers"),
    ("[__import__('os').system('echo hi')]", "not an array of numbers"),
])
def test_bad_inline_arrays_are_one_line_errors(value: str, words: str) -> None:
    code, out, err = invoke(["explain", "np.argmax", "--input", value, "--at", "0"])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("arraylens: error: --input: ") and words in err, err


def test_shape_options_reshape_with_a_check(tmp_path: Path) -> None:
    np.save(tmp_path / "v.npy", np.arange(6.0))
    code, out, err = invoke(["explain", "np.argmax", "--input", str(tmp_path / "v.npy"), "--input-shape", "2,-1",
                             "--axis", "1", "--at", "1"])
    assert code == 0 and "result:\n[2 2]" in out
    code, out, err = invoke(["explain", "np.argmax", "--input", str(tmp_path / "v.npy"), "--input-shape", "4,2",
                             "--at", "1"])
    assert code == 2 and err == ("arraylens: error: --input-shape 4,2 has 8 elements; --input holds 6 "
                                 "(shape (6,))\n")
    code, _, err = invoke(["explain", "np.argmax", "--input", "[1,2,3]", "--input-shape", "-1,-1", "--at", "1"])
    assert code == 2 and err.splitlines()[-1].endswith("at most one -1 (inferred)")
    code, _, err = invoke(["explain", "np.argmax", "--input", "[1,2,3]", "--input-shape", "2,-1", "--at", "1"])
    assert code == 2 and "not a multiple of 2" in err
    code, _, err = invoke(["explain", "torch.conv2d", "--input", "[[[[1]]]]", "--weight", "[[[[1]]]]",
                           "--bias-shape", "1", "--at", "0,0,0,0"])
    assert code == 2 and err.splitlines()[-1].endswith("--bias-shape needs --bias")


def test_tsv_files_are_read_with_tabs(tmp_path: Path) -> None:
    (tmp_path / "m.tsv").write_text("a\tb\n1\t5\n3\t2\n")
    code, out, err = invoke(["explain", "np.argmax", "--input", str(tmp_path / "m.tsv"), "--axis", "0", "--at", "1"])
    assert code == 0 and "result:\n[1 0]" in out and "2 x 2" in err


def test_mst_takes_its_data_inline() -> None:
    code, out, err = invoke(["mst", "[[1, 2, 0], [3, 5, 1], [4, 4, 2], [0, 1, 3]]"])
    assert code == 0, err
    assert "arraylens: read DATA: 4 x 3 float64, no header" in err and "put a row of labels" not in err
    assert "│ v0     │ v1     │ 0.9         │ 0.447214 │" in out  # corr of columns 0 and 1 is 0.9
    code, _, err = invoke(["mst", "[1, 2, 3]"])
    assert code == 2 and err == "arraylens: error: DATA typed inline must be 2-d (one observation per row), got " \
        "shape (3,)\n"
