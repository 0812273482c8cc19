"""Pads and block rearrangements translated between frameworks, each snippet EXECUTED in the real
target framework and compared, exactly, with the real source framework's result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

import arraylens
from arraylens.cli.main import cli
from arraylens.translate.rearrange import TARGETS

torch = pytest.importorskip("torch")
tf = pytest.importorskip("tensorflow")
ort = pytest.importorskip("onnxruntime")
from onnx import helper, numpy_helper  # noqa: E402

F = torch.nn.functional
COMPUTED = ("linear_ramp", "mean", "maximum", "minimum", "median")


def _onnx(op: str, x: np.ndarray, inputs: list[Any] | None = None, **attrs: Any) -> np.ndarray:
    """One ONNX node on ``x`` (extra inputs: arrays as initializers, None as absent) through onnxruntime."""
    inits, names = [], ["X"]
    for i, value in enumerate(inputs or []):
        if value is None:
            names.append("")
        else:
            inits.append(numpy_helper.from_array(np.asarray(value), f"i{i}"))
            names.append(f"i{i}")
    elem = helper.np_dtype_to_tensor_dtype(x.dtype)
    graph = helper.make_graph([helper.make_node(op, names, ["Y"], **attrs)], "g",
                              [helper.make_tensor_value_info("X", elem, x.shape)],
                              [helper.make_tensor_value_info("Y", elem, None)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    model.ir_version = 10
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"X": x})[0]


def _tf_nchw(fn: Callable[..., Any]) -> Callable[..., np.ndarray]:
    """TensorFlow's NCHW by its definition (its CPU kernel runs NHWC only)."""
    return lambda x, b: np.transpose(fn(np.transpose(x, (0, 2, 3, 1)), b).numpy(), (0, 3, 1, 2))


Case = tuple[str, dict[str, Any], Callable[[np.ndarray], np.ndarray]]


def _pad_cases() -> list[Case]:
    rng = np.random.default_rng(13)
    cases: list[Case] = []
    for mode in ("constant", "edge", "reflect", "symmetric", "wrap", *COMPUTED):
        for _ in range(2):
            shape = tuple(int(n) for n in rng.integers(2, 5, size=int(rng.integers(1, 4))))
            widths = tuple((int(rng.integers(0, 2 * n + 1)), int(rng.integers(0, n + 2))) for n in shape)
            kw: dict[str, Any] = {}
            if mode == "constant":
                kw["constant_values"] = tuple((float(rng.integers(-5, 5)), float(rng.integers(-5, 5))) for _ in shape)
            elif mode in ("mean", "maximum"):
                kw["stat_length"] = 2
            cases.append(("np.pad", {"array": shape, "pad_width": widths, "mode": mode, **kw},
                          lambda x, w=widths, m=mode, k=kw: np.pad(x, w, mode=m, **k)))
    cases.append(("np.pad", {"array": (4,), "pad_width": ((2, 3),), "mode": "reflect", "reflect_type": "odd"},
                  lambda x: np.pad(x, ((2, 3),), mode="reflect", reflect_type="odd")))
    for mode, shape, pad in (
        ("constant", (2, 3, 4), [-1, 2, 3, -2, 1, 1]),
        ("reflect", (2, 3), [2, 1]),  # pad < size: the largest torch allows
        ("reflect", (1, 3, 4), [3, 3, 2, 0]),
        ("reflect", (2, 4), [-1, 3]),  # torch maps a cropped reflect on the uncropped axis
        ("replicate", (1, 2, 3, 2, 2), [2, 1, 0, 3, 1, -1]),
        ("replicate", (2, 4), [-2, 5]),
        ("circular", (2, 4), [3, -1]),
        ("circular", (1, 3, 3), [3, 2, -1, 2]),
    ):
        value = 1.5 if mode == "constant" else None
        cases.append(("torch.pad", {"input": shape, "pad": pad, "mode": mode, "value": value},
                      lambda x, p=pad, m=mode, v=value: F.pad(torch.tensor(x), p, mode=m, value=v).numpy()))
    for mode, shape, paddings in (
        ("CONSTANT", (2, 3), [[1, 0], [2, 3]]),
        ("REFLECT", (3, 4), [[2, 2], [3, 1]]),  # pad <= size - 1
        ("REFLECT", (2, 2, 3), [[1, 0], [0, 1], [2, 2]]),
        ("SYMMETRIC", (2, 3), [[2, 2], [3, 3]]),  # pad <= size
        ("SYMMETRIC", (3, 1, 2), [[0, 3], [1, 1], [2, 0]]),
    ):
        cases.append(("tf.pad", {"tensor": shape, "paddings": paddings, "mode": mode, "constant_values": 0.0},
                      lambda x, p=paddings, m=mode: tf.pad(x, p, mode=m).numpy()))
    for mode, shape, pads, axes in (
        ("constant", (3, 4), [-1, 2, 1, -2], None),
        ("reflect", (3, 4), [2, 3, 1, 0], None),  # onnxruntime: pad <= size - 1
        ("edge", (3, 4), [-1, 3, 2, -2], None),
        ("wrap", (2, 3, 4), [2, 4, 1, 3], [0, 2]),
        ("edge", (2, 3, 4), [3, 2], [-1]),
    ):
        fill = np.float32(2.5) if mode == "constant" else None
        cases.append(("onnx.Pad", {"data": shape, "pads": pads, "constant_value": fill, "axes": axes, "mode": mode},
                      lambda x, p=pads, a=axes, m=mode, f=fill: _onnx(
                          "Pad", x, [np.array(p, np.int64), None if f is None else np.array(f, np.float32),
                                     None if a is None else np.array(a, np.int64)], mode=m)))
    return cases


def _block_cases() -> list[Case]:
    cases: list[Case] = []
    for b in (2, 3):
        cases += [
            ("tf.nn.depth_to_space", {"input": (1, 2, 3, 2 * b * b), "block_size": b},
             lambda x, b=b: tf.nn.depth_to_space(x, b).numpy()),
            ("tf.nn.space_to_depth", {"input": (2, 2 * b, b, 3), "block_size": b},
             lambda x, b=b: tf.nn.space_to_depth(x, b).numpy()),
            ("tf.nn.depth_to_space", {"input": (1, 2 * b * b, 2, 3), "block_size": b, "data_format": "NCHW"},
             lambda x, b=b: _tf_nchw(tf.nn.depth_to_space)(x, b)),
            ("tf.nn.space_to_depth", {"input": (1, 3, 2 * b, b), "block_size": b, "data_format": "NCHW"},
             lambda x, b=b: _tf_nchw(tf.nn.space_to_depth)(x, b)),
            ("torch.pixel_shuffle", {"input": (1, 2 * b * b, 2, 3), "upscale_factor": b},
             lambda x, b=b: F.pixel_shuffle(torch.tensor(x), b).numpy()),
            ("torch.pixel_shuffle", {"input": (2 * b * b, 1, 2), "upscale_factor": b},  # no batch axis
             lambda x, b=b: F.pixel_shuffle(torch.tensor(x), b).numpy()),
            ("torch.pixel_unshuffle", {"input": (1, 3, 2 * b, b), "downscale_factor": b},
             lambda x, b=b: F.pixel_unshuffle(torch.tensor(x), b).numpy()),
            ("torch.pixel_unshuffle", {"input": (2, 1, 2, b, 2 * b), "downscale_factor": b},  # two leading axes
             lambda x, b=b: F.pixel_unshuffle(torch.tensor(x), b).numpy()),
            ("onnx.DepthToSpace", {"input": (1, 2 * b * b, 2, 2), "blocksize": b, "mode": "DCR"},
             lambda x, b=b: _onnx("DepthToSpace", x, blocksize=b, mode="DCR")),
            ("onnx.DepthToSpace", {"input": (2, b * b, 3, 1), "blocksize": b, "mode": "CRD"},
             lambda x, b=b: _onnx("DepthToSpace", x, blocksize=b, mode="CRD")),
            ("onnx.SpaceToDepth", {"input": (1, 2, b, 2 * b), "blocksize": b},
             lambda x, b=b: _onnx("SpaceToDepth", x, blocksize=b)),
        ]
    return cases


def _call(op: str, args: dict[str, Any]) -> tuple[dict[str, Any], np.ndarray]:
    """The translate arguments (the input as a shape-only array) and random float32 data."""
    first = next(iter(args))
    x = np.random.default_rng(len(op) + len(str(args))).standard_normal(args[first]).astype(np.float32)
    return {**args, first: np.broadcast_to(np.float32(0), args[first])}, x


CASES = _pad_cases() + _block_cases()


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(("op", "args", "real"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_snippet_run_in_the_target_equals_the_real_source(
    op: str, args: dict[str, Any], real: Callable[[np.ndarray], np.ndarray], target: str
) -> None:
    kwargs, x = _call(op, args)
    t = arraylens.translate(op, target, **kwargs)
    mode = args.get("mode")
    blocks = "pad" not in op.lower()
    if target == "numpy" and blocks:
        assert not t.possible and "pads only" in t.reason
        return
    if (mode in COMPUTED and target != "numpy") or (args.get("reflect_type") == "odd" and target != "numpy"):
        assert not t.possible and "computes its values" in t.reason, str(t)
        return
    assert t.possible and t.exact, str(t)
    expected = real(x)
    got = t.run(x)
    assert got.dtype == expected.dtype and got.shape == expected.shape, (got.shape, expected.shape)
    np.testing.assert_array_equal(got, expected, err_msg=str(t))


def test_tf_symmetric_to_torch_is_flip_and_concatenate_written_out() -> None:
    t = arraylens.translate("tf.pad", "torch", tensor=np.zeros((2, 3), np.float32), paddings=[[1, 2], [3, 0]],
                            mode="SYMMETRIC")
    assert t.possible and t.composed and "no symmetric mode" in t.reason
    assert "F.pad" not in t.code and "torch.flip(v.narrow(0, 0, 2), [0])" in t.code
    assert "torch.cat([torch.flip(v.narrow(1, 0, 3), [1]), v], dim=1)" in t.code
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(t.run(x), tf.pad(x, [[1, 2], [3, 0]], mode="SYMMETRIC").numpy())


def test_pixel_unshuffle_to_onnx_is_reshape_transpose_reshape_not_dcr_space_to_depth() -> None:
    t = arraylens.translate("torch.pixel_unshuffle", "onnx", input=np.zeros((1, 2, 4, 6), np.float32),
                            downscale_factor=2)
    assert t.possible and t.composed and "SpaceToDepth is DCR only" in t.reason
    assert "SpaceToDepth" not in t.code.split("v = 'X'")[1]
    assert "node('Transpose', v, perm=[0, 1, 3, 5, 2, 4])" in t.code
    x = np.random.default_rng(0).standard_normal((1, 2, 4, 6)).astype(np.float32)
    expected = F.pixel_unshuffle(torch.tensor(x), 2).numpy()
    np.testing.assert_array_equal(t.run(x), expected)
    assert not np.array_equal(_onnx("SpaceToDepth", x, blocksize=2), expected)  # onnxscript#2891's export


def test_torch_reflect_needs_pad_below_size_else_composed() -> None:
    ok = arraylens.translate("np.pad", "torch", array=np.zeros((2, 3), np.float32), pad_width=((0, 0), (2, 2)),
                             mode="reflect")
    assert ok.possible and not ok.composed and "F.pad(v, [2, 2], mode='reflect')" in ok.code
    big = arraylens.translate("np.pad", "torch", array=np.zeros((2, 3), np.float32), pad_width=((0, 0), (3, 5)),
                              mode="reflect")
    assert big.composed and "Padding size should be less than the corresponding input dimension" in big.reason
    assert "torch.index_select" in big.code  # NumPy's reflection repeated: gathered by index
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(big.run(x), np.pad(x, ((0, 0), (3, 5)), mode="reflect"))


def test_np_constants_that_differ_per_side_become_one_pad_per_side() -> None:
    t = arraylens.translate("np.pad", "tensorflow", array=np.zeros((2, 2), np.float32), pad_width=1,
                            constant_values=((1, 2), (3, 4)))
    assert t.possible and t.code.count("tf.pad(") == 4 and "several constants" in t.reason
    x = np.ones((2, 2), np.float32)
    np.testing.assert_array_equal(t.run(x), np.pad(x, 1, constant_values=((1, 2), (3, 4))))


def test_a_statistic_into_torch_is_refused_with_the_reason() -> None:
    t = arraylens.translate("np.pad", "torch", array=np.zeros((3,)), pad_width=2, mode="median")
    assert not t.possible and "no composition of moves" in t.reason and "no median mode" in t.reason
    assert str(t).startswith("np.pad -> torch: no translation: ")


def test_blocks_into_numpy_and_unknown_names_are_refused() -> None:
    t = arraylens.translate("torch.pixel_shuffle", "numpy", input=np.zeros((1, 4, 1, 1)), upscale_factor=2)
    assert not t.possible and "pads only" in t.reason
    with pytest.raises(ValueError, match="unknown target framework 'keras'"):
        arraylens.translate("tf.pad", "keras", tensor=np.zeros(2), paddings=[[1, 1]])
    with pytest.raises(ValueError, match=r"unknown source op 'np\.roll'"):
        arraylens.translate("np.roll", "torch")


def test_cli_translate_tf_symmetric_to_torch_prints_a_runnable_snippet() -> None:
    result = CliRunner().invoke(cli, ["translate", "tf.pad", "torch", "--arg", "tensor=shape:2,3",
                                      "--arg", "paddings=1,1;2,2", "--arg", "mode=SYMMETRIC", "--verify"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("tf.pad -> torch: exact, composed: ")
    assert "verified against torch " in result.output and "max |diff| 0 from" in result.output
    code = result.output[result.output.index("import numpy"):result.output.index("verified against")]
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # runs as printed: its header makes x
    x = namespace["x"]
    assert x.shape == (2, 3) and x.dtype == np.float32
    np.testing.assert_array_equal(namespace["y"], tf.pad(x, [[1, 1], [2, 2]], mode="SYMMETRIC").numpy())


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.bool_, np.uint16, np.int16])
def test_onnx_blocks_of_a_dtype_onnxruntime_lacks_compose_and_run(dtype: Any) -> None:
    x = (np.arange(48).reshape(1, 8, 2, 3) % 5).astype(dtype)
    t = arraylens.translate("torch.pixel_shuffle", "onnx", input=x, upscale_factor=2)
    assert t.composed and f"onnxruntime's CPU DepthToSpace does not implement {np.dtype(dtype).name}" in t.reason
    np.testing.assert_array_equal(t.run(x), F.pixel_shuffle(torch.tensor(x.astype(np.int64)), 2).numpy().astype(dtype))
    y = (np.arange(48).reshape(1, 2, 4, 6) % 5).astype(dtype)
    t = arraylens.translate("tf.nn.space_to_depth", "onnx", input=y, block_size=2, data_format="NCHW")
    assert t.composed and "SpaceToDepth does not implement" in t.reason
    np.testing.assert_array_equal(t.run(y), _tf_nchw(tf.nn.space_to_depth)(y, 2))


def test_onnx_blocks_of_an_implemented_dtype_stay_one_node() -> None:
    x = np.arange(48, dtype=np.uint8).reshape(1, 8, 2, 3)
    t = arraylens.translate("onnx.DepthToSpace", "onnx", input=x, blocksize=2)
    assert not t.composed and "node('DepthToSpace', v, blocksize=2, mode='DCR')" in t.code
    np.testing.assert_array_equal(t.run(x), _onnx("DepthToSpace", x, blocksize=2, mode="DCR"))


@pytest.mark.parametrize("dtype", [np.int16, np.uint16])
def test_onnx_pad_of_int16_composes_slices_or_constant_blocks(dtype: Any) -> None:
    x = np.arange(6, dtype=dtype).reshape(2, 3)
    t = arraylens.translate("np.pad", "onnx", array=x, pad_width=((1, 2), (2, 1)), mode="reflect")
    assert t.composed and "Pad does not implement" in t.reason and "node('Pad'" not in t.code
    np.testing.assert_array_equal(t.run(x), np.pad(x, ((1, 2), (2, 1)), mode="reflect"))
    c = arraylens.translate("np.pad", "onnx", array=x, pad_width=((1, 2), (3, 1)), constant_values=((1, 2), (3, 4)))
    assert c.composed and "node('Pad'" not in c.code and "np.full([1, 3], 1)" in c.code
    np.testing.assert_array_equal(c.run(x), np.pad(x, ((1, 2), (3, 1)), constant_values=((1, 2), (3, 4))))


@pytest.mark.parametrize("target", TARGETS)
def test_a_nan_fill_is_one_constant_in_every_target(target: str) -> None:
    x = np.arange(3.0)
    t = arraylens.translate("np.pad", target, array=x, pad_width=1, constant_values=np.nan)
    assert t.possible and not t.composed, str(t)
    np.testing.assert_array_equal(t.run(x), np.pad(x, 1, constant_values=np.nan))  # NaN equal to NaN here


def test_an_int64_fill_past_2_53_into_torch_is_composed_with_torch_full() -> None:
    x = np.arange(3, dtype=np.int64)
    t = arraylens.translate("np.pad", "torch", array=x, pad_width=1, constant_values=2**53 + 1)
    assert t.composed and "F.pad takes value as a double: 9007199254740993 is not one" in t.reason
    assert "F.pad" not in t.code and "torch.full([1], 9007199254740993, dtype=v.dtype)" in t.code
    assert t.run(x).tolist() == [2**53 + 1, 0, 1, 2, 2**53 + 1]
    small = arraylens.translate("np.pad", "torch", array=x, pad_width=1, constant_values=2**53)
    assert not small.composed and small.run(x).tolist() == [2**53, 0, 1, 2, 2**53]


def test_a_bool_edge_pad_into_torch_is_composed() -> None:
    x = np.array([[True, False, True]])
    t = arraylens.translate("np.pad", "torch", array=x, pad_width=1, mode="edge")
    assert t.composed and "replicate pad does not implement bool" in t.reason
    np.testing.assert_array_equal(t.run(x), np.pad(x, 1, mode="edge"))


DTYPES = (np.int32, np.int64, np.bool_, np.float16)
DTYPE_CASES = [(*case, target, DTYPES[(i + j) % len(DTYPES)])
               for i, case in enumerate(CASES) for j, target in enumerate(TARGETS)]


@pytest.mark.parametrize(("op", "args", "real", "target", "dtype"), DTYPE_CASES,
                         ids=[f"{c[0]}-{i // len(TARGETS)}-{c[3]}-{np.dtype(c[4]).name}"
                              for i, c in enumerate(DTYPE_CASES)])
def test_snippet_on_int_bool_and_half_inputs_equals_the_source(
    op: str, args: dict[str, Any], real: Callable[[np.ndarray], np.ndarray], target: str, dtype: Any
) -> None:
    """Every case and target again, on int32, int64, bool or float16 data (rotating): the snippet
    runs as written and equals the real source, or arraylens' source where the real one has no
    kernel for the dtype (onnxruntime's DepthToSpace on int32, a float fill of an int Pad)."""
    kwargs, x32 = _call(op, args)
    first = next(iter(args))
    x = (x32 > 0) if dtype is np.bool_ else (x32 * 4).astype(dtype)
    try:
        t = arraylens.translate(op, target, **{**kwargs, first: np.broadcast_to(np.zeros((), dtype), x.shape)})
    except ValueError as exc:  # the source's own rule for this dtype (tf.pad: a float fill of an int tensor)
        assert dtype is not np.float16, exc
        return
    if not t.possible:
        assert "pads only" in t.reason or "computes its values" in t.reason, str(t)
        return
    got = t.run(x)
    try:
        expected = real(x)
    except Exception:  # the real source has no kernel for this dtype
        assert t.verify(x) == 0.0, str(t)
        return
    assert got.dtype == expected.dtype and got.shape == expected.shape, (got.dtype, expected.dtype)
    np.testing.assert_array_equal(got, expected, err_msg=str(t))
