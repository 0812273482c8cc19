"""Result dtypes and dtype refusals against the real TensorFlow and PyTorch (item 5 of issue 10).

Each case runs the framework and arraylens on the same small random operands and compares the
result dtype and values, or the refusal and its first line.
"""

from __future__ import annotations

import importlib  # test extras: a missing one must fail, not skip
import re
import warnings

import numpy as np
import pytest

import arraylens.tensorflow as atf
import arraylens.torch as atorch
from arraylens.core.dtype_rules import DtypeWarning

tf = importlib.import_module("tensorflow")
torch = importlib.import_module("torch")
ml_dtypes = importlib.import_module("ml_dtypes")  # installed with tensorflow and jax
F = torch.nn.functional

BF16 = np.dtype(ml_dtypes.bfloat16)
RNG = np.random.default_rng(10)


def _tf_cases() -> list[tuple[str, tuple[int, ...], tuple[int, ...], dict[str, object]]]:
    return [
        ("conv2d_transpose", (1, 3, 3, 4), (3, 3, 2, 4),
         {"output_shape": [1, 7, 7, 2], "strides": 2, "padding": "VALID"}),
        ("conv1d_transpose", (1, 3, 4), (3, 2, 4), {"output_shape": [1, 7, 2], "strides": 2, "padding": "VALID"}),
        ("conv3d_transpose", (1, 2, 2, 2, 4), (2, 2, 2, 2, 4),
         {"output_shape": [1, 3, 3, 3, 2], "strides": 1, "padding": "VALID"}),
        ("conv2d", (1, 5, 5, 4), (3, 3, 4, 2), {"strides": 1, "padding": "SAME"}),
        ("conv1d", (1, 5, 4), (3, 4, 2), {"stride": 1, "padding": "VALID"}),
        ("conv3d", (1, 3, 3, 3, 4), (2, 2, 2, 4, 2), {"strides": [1] * 5, "padding": "VALID"}),
    ]


def _both(fn_tf, fn_al):  # type: ignore[no-untyped-def]
    """(framework result or exception, arraylens result or exception)."""
    out = []
    for fn in (fn_tf, fn_al):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = fn()
            out.append(np.asarray(r.numpy() if hasattr(r, "numpy") else r))
        except Exception as exc:  # the framework's refusal, compared below
            out.append(exc)
    return out[0], out[1]


def _operands(xs, fs, dx, df, scale=3):  # type: ignore[no-untyped-def]
    x = RNG.integers(-scale, scale + 1, xs).astype(dx)
    f = RNG.integers(-scale, scale + 1, fs).astype(df)
    return x, f


def _assert_same(ref, got, where: str) -> None:  # type: ignore[no-untyped-def]
    if isinstance(ref, Exception):
        assert isinstance(got, Exception), f"{where}: the framework refuses ({ref}), arraylens gives {got!r}"
        first = str(ref).splitlines()[0]
        key = re.sub(r"_MklNative", "", first).split(" [Op:")[0].split(" name:")[0]
        assert key in str(got), f"{where}: {got} does not carry {key!r}"
        return
    assert not isinstance(got, Exception), f"{where}: arraylens refuses ({got}), the framework answers"
    assert got.dtype == ref.dtype, f"{where}: dtype {got.dtype} != {ref.dtype}"
    np.testing.assert_array_equal(got.astype(np.float64), ref.astype(np.float64), err_msg=where)


@pytest.mark.parametrize("case", _tf_cases(), ids=lambda c: c[0])
@pytest.mark.parametrize(
    "dtypes",
    [(np.float16, np.float16), (BF16, BF16), (np.int32, np.int32), (np.int64, np.int64), (np.float32, np.float64),
     (np.float64, np.float32), (np.int32, np.float32), (np.float32, np.int64)],
    ids=lambda d: f"{np.dtype(d[0]).name}-{np.dtype(d[1]).name}",
)
def test_tensorflow_result_dtypes_match_tensorflow(case, dtypes) -> None:  # type: ignore[no-untyped-def]
    name, xs, fs, kw = case
    x, f = _operands(xs, fs, *dtypes)
    ref, got = _both(lambda: getattr(tf.nn, name)(x, f, **kw), lambda: getattr(atf, name)(x, f, **kw))
    _assert_same(ref, got, f"tf.nn.{name} {dtypes}")


def test_tensorflow_float16_overflows_to_inf() -> None:
    x = np.full((1, 2, 2, 1), 300, np.float16)
    f = np.full((3, 3, 1, 1), 200, np.float16)
    with pytest.warns(DtypeWarning, match="accumulates a float16 transposed convolution in float16"):
        got = atf.conv2d_transpose(x, f, [1, 5, 5, 1], 2, "VALID")
    ref = tf.nn.conv2d_transpose(x, f, [1, 5, 5, 1], 2, "VALID").numpy()
    assert got.dtype == np.float16
    assert got[0, 2, 2, 0] == np.inf == ref[0, 2, 2, 0]  # 4 x 60000 overflows float16
    np.testing.assert_array_equal(got, ref)
    fwd = atf.conv2d(np.full((1, 3, 3, 1), 300, np.float16), f, 1, "VALID")
    assert fwd.dtype == np.float16 and fwd[0, 0, 0, 0] == np.inf


def test_tensorflow_int32_wraps_as_tensorflow() -> None:
    x = np.full((1, 1, 2, 1), 2**20, np.int32)
    f = np.full((1, 2, 1, 1), 2**20 + 1, np.int32)
    got = atf.conv2d(x, f, 1, "VALID")
    assert got.dtype == np.int32 and got[0, 0, 0, 0] == tf.nn.conv2d(x, f, 1, "VALID").numpy()[0, 0, 0, 0] == 2097152


def test_tensorflow_flushes_float32_subnormals_to_zero() -> None:
    x = np.full((1, 3, 3, 2), 1e-39, np.float32)
    f = np.ones((3, 3, 2, 1), np.float32)
    assert tf.nn.conv2d(x, f, 1, "VALID").numpy()[0, 0, 0, 0] == 0.0
    assert atf.conv2d(x, f, 1, "VALID")[0, 0, 0, 0] == 0.0
    tiny = np.full((1, 1, 1, 1), 1e-20, np.float32)
    assert atf.conv2d_transpose(tiny, tiny, [1, 1, 1, 1], 1, "VALID")[0, 0, 0, 0] == 0.0  # 1e-40 flushed


def test_tensorflow_refuses_int64_with_its_wording() -> None:
    x, f = _operands((1, 2, 2, 1), (3, 3, 1, 1), np.int64, np.int64)
    with pytest.raises(TypeError, match=r"Value for attr 'T' of int64 is not in the list of allowed values: "
                       r"half, bfloat16, float, double, int32"):
        atf.conv2d_transpose(x, f, [1, 5, 5, 1], 2, "VALID")


def test_tensorflow_reads_python_lists_as_tensorflow() -> None:
    # floats as float32; integers as int32 (filters lead a transposed convolution)
    assert atf.conv2d_transpose(np.ones((1, 1, 1, 1)), [[[[1.5]]]], [1, 1, 1, 1], 1, "VALID").dtype == np.float32
    got = atf.conv2d_transpose(np.full((1, 1, 1, 1), 2.5, np.float32), [[[[1]]]], [1, 1, 1, 1], 1, "VALID")
    assert got.dtype == np.int32 and got[0, 0, 0, 0] == 2  # the input is cast to int32, as TensorFlow


_TORCH = [
    ("conv1d", (1, 4, 5), (2, 4, 3)), ("conv2d", (1, 4, 4, 4), (2, 4, 3, 3)),
    ("conv3d", (1, 4, 3, 3, 3), (2, 4, 2, 2, 2)),
    ("conv_transpose1d", (1, 4, 3), (4, 2, 3)), ("conv_transpose2d", (1, 4, 3, 3), (4, 2, 3, 3)),
    ("conv_transpose3d", (1, 4, 2, 2, 2), (4, 2, 2, 2, 2)),
]


def _torch_run(name, x, w, b):  # type: ignore[no-untyped-def]
    def t(a):  # type: ignore[no-untyped-def]
        if a is None:
            return None
        return torch.from_numpy(a.view(np.uint16)).view(torch.bfloat16) if a.dtype == BF16 else torch.from_numpy(a)

    r = getattr(F, name)(t(x), t(w), t(b))
    return r.float().numpy().astype(BF16) if r.dtype == torch.bfloat16 else r.numpy()


@pytest.mark.parametrize("case", _TORCH, ids=lambda c: c[0])
@pytest.mark.parametrize(
    "dtypes",
    [(np.float16,) * 3, (BF16,) * 3, (np.int32,) * 3, (np.int64,) * 3, (np.uint8,) * 3, (np.float32, np.float64, None),
     (np.float32, np.float32, np.float64), (np.int64, np.int64, np.float32), (np.float64, np.float64, np.float64),
     (np.bool_, np.bool_, None)],
    ids=lambda d: "-".join(np.dtype(v).name if v is not None else "nobias" for v in d),
)
def test_torch_result_dtypes_match_torch(case, dtypes) -> None:  # type: ignore[no-untyped-def]
    name, xs, ws = case
    x, w = _operands(xs, ws, dtypes[0], dtypes[1], scale=1 if dtypes[0] == np.uint8 else 3)
    if dtypes[0] == np.uint8:
        x, w = np.abs(x.astype(np.int64)).astype(np.uint8), np.abs(w.astype(np.int64)).astype(np.uint8)
    b = None if dtypes[2] is None else np.arange(2).astype(dtypes[2])
    ref, got = _both(lambda: _torch_run(name, x, w, b), lambda: getattr(atorch, name)(x, w, b))
    _assert_same(ref, got, f"{name} {dtypes}")


def test_torch_refuses_float32_input_with_float64_weight() -> None:
    with pytest.raises(TypeError, match=r"^expected scalar type Float but found Double$"):
        atorch.conv2d(np.ones((1, 1, 3, 3), np.float32), np.ones((1, 1, 2, 2)))
    with pytest.raises(TypeError, match=r"^Input type \(long int\) and bias type \(float\) should be the same$"):
        atorch.conv2d(np.ones((1, 1, 3, 3), np.int64), np.ones((1, 1, 2, 2), np.int64), np.ones(1, np.float32))
    with pytest.raises(TypeError, match=r"^result type Float can't be cast to the desired output type Long$"):
        atorch.conv_transpose2d(
            np.ones((1, 1, 3, 3), np.int64), np.ones((1, 1, 2, 2), np.int64), np.ones(1, np.float32)
        )
