"""arraylens.octave without Octave: argument checks, conventions, explanations, CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from arraylens import octave
from arraylens.cli.main import cli
from arraylens.demos import cases


def test_one_d_input_is_a_row_and_results_keep_octave_shapes() -> None:
    v = np.array([3.0, 1.0, 2.0])
    assert octave.fft(v).shape == (1, 3)
    assert octave.transpose(v).shape == (3, 1)
    values, indices = octave.max(v)
    assert values.shape == (1, 1) and values[0, 0] == 3 and indices[0, 0] == 1
    assert octave.sum(np.ones((2, 3, 4)), 3).shape == (2, 3)  # trailing singleton dropped
    assert octave.sum(np.ones((2, 3)), 3).shape == (2, 3)  # dim beyond ndims is a singleton
    np.testing.assert_array_equal(
        octave.to_column(np.arange(6).reshape(2, 3)).ravel(), [0, 3, 1, 4, 2, 5]
    )


def test_max_rules_all_nan_ties_complex() -> None:
    x = np.array([[np.nan, 2.0, 5.0], [np.nan, 5.0, 1.0], [np.nan, np.nan, 5.0]])
    values, indices = octave.max(x)
    np.testing.assert_array_equal(indices, [[1, 2, 1]])
    assert np.isnan(values[0, 0]) and values[0, 1] == 5 and values[0, 2] == 5
    text = str(octave.max.explain(x, at=(0, 0)))
    assert "every element is NaN" in text and "index 1" in text
    assert "2 elements tie at 5: the first one wins" in str(octave.max.explain(x, at=(0, 2)))
    z = np.array([1 + 1j, -1 - 1j, 1j * np.sqrt(2)])  # equal moduli: the largest arg wins
    assert octave.max(z)[1][0, 0] == 3
    assert octave.max(np.array([1.0, np.nan]), np.array([np.nan, np.nan]))[0, 0] == 1


def test_sort_places_nan_and_keeps_ties_stable() -> None:
    _, i = octave.sort(np.array([3, np.nan, 1, np.nan, 3]), "descend")
    np.testing.assert_array_equal(i, [[2, 4, 1, 5, 3]])
    _, i = octave.sort(np.array([1j, -1, 1, -1j]))
    np.testing.assert_array_equal(i, [[4, 3, 1, 2]])


def test_cov_row_vector_is_one_variable() -> None:
    assert octave.cov(np.array([1.0, 2, 3, 4])).shape == (1, 1)
    assert octave.cov(np.array([1.0, 2, 3, 4]))[0, 0] == pytest.approx(5 / 3)
    assert octave.cov(np.array([1.0, 2, 3, 4]), 1)[0, 0] == pytest.approx(1.25)
    m = np.array([[1.0, 2], [3, 4], [5, 7]])
    np.testing.assert_allclose(octave.cov(m), np.cov(m, rowvar=False))
    np.testing.assert_allclose(octave.corrcoef(m), np.corrcoef(m, rowvar=False))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: octave.fft(np.ones(3), -1), ValueError, "greater than zero"),
        (lambda: octave.fft(np.ones(3), 2.5), ValueError, "positive integer"),
        (lambda: octave.fft(np.ones((2, 3)), None, 3), ValueError, "valid dimension"),
        (lambda: octave.sum(np.ones(3), 0), ValueError, "DIM must be a valid dimension"),
        (lambda: octave.mean(np.ones(3), 1.5), ValueError, "mean: DIM must be an integer and a valid dimension"),
        (lambda: octave.sort(np.ones(3), 1, "up"), ValueError, "MODE must be"),
        (lambda: octave.max(np.ones((1, 2)), np.ones((1, 3))), ValueError, "nonconformant"),
        (lambda: octave.sum(np.array(["a"])), TypeError, "numeric"),
        (lambda: octave.transpose(np.ones((2, 2, 2))), ValueError, "N-D"),
        (lambda: octave.reshape(np.ones(6), 4, 2), ValueError, "can't reshape 1x6 array to 4x2"),
        (lambda: octave.reshape(np.ones(6), 4, None), ValueError, "not divisible"),
        (lambda: octave.reshape(np.ones(6), None, None), ValueError, "single dimension"),
        (lambda: octave.reshape(np.ones(6), 6), ValueError, "2 or more dimensions"),
        (lambda: octave.reshape(np.ones(6), [4, None]), ValueError, "not divisible"),
        (lambda: octave.reshape(np.ones(6), [None, None]), ValueError, "single dimension"),
        (lambda: octave.reshape(np.ones(6), [None]), ValueError, "2 or more dimensions"),
        (lambda: octave.cov(np.ones((2, 2, 2))), ValueError, "2-D"),
        (lambda: octave.cov(np.ones((3, 2)), None, 3), ValueError, "OPT must be 0 or 1"),
        (lambda: octave.corrcoef(np.ones(3), np.ones(4)), ValueError, "same size"),
        (lambda: octave.to_numpy_call("fftn", np.ones(3)), KeyError, "no function"),
        (lambda: octave.sum.explain(np.ones((2, 3)), at=(1, 0)), IndexError, "out of range"),
        (lambda: octave.fft.explain(np.ones((2, 3)), at=(0,)), IndexError, "2 dimensions"),
    ],
)
def test_bad_input_gives_a_clear_error(call, error, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call()


def test_explain_accepts_negative_indices_and_checks() -> None:
    x = np.arange(12.0).reshape(3, 4)
    e = octave.cumsum.explain(x, 2, at=(-1, -1))
    assert e.index == (2, 3) and e.value == 8 + 9 + 10 + 11 and e.check()
    e = octave.mean.explain(x, at=(0, 1))
    assert e.value == pytest.approx(5.0) and e.check() and len(e.terms) == 3


def test_cli_explains_fft_of_ctranspose(tmp_path: Path) -> None:
    path = tmp_path / "v.npy"
    np.save(path, np.array([1 + 0.5j, 3, 2, 8 + 3j]))
    result = CliRunner().invoke(
        cli, ["explain", "octave.fft", "--input", str(path), "--ctranspose", "--at", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "octave.fft: out[1, 0] = 2+4.5i" in result.output
    assert "CONJUGATED" in result.output
    # one NumPy line, from the user's x (not from the transposed x the fft itself sees)
    text = result.output.replace("\n", "")
    assert text.count("np.fft.fft(") == 1
    assert "np.fft.fft(x.reshape(1, 4).conj().T, axis=0)  (x: your input, before the transpose; checked)" in text


def test_a_single_number_indexes_a_vector_result() -> None:
    v = np.array([1 + 0.5j, 3, 2, 8 + 3j])
    assert octave.fft.explain(octave.ctranspose(v), at=1).index == (1, 0)
    assert octave.fft.explain(v, at=-1).index == (0, 3)
    with pytest.raises(IndexError, match="1 entries"):
        octave.cumsum.explain(np.ones((2, 3)), at=1)


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "octave.fft", "--input", "missing.npy", "--at", "1"],
        ["explain", "octave.sum", "--input", "M", "--dim", "0", "--at", "0"],
        ["explain", "octave.max", "--input", "M", "--at", "5"],
        ["explain", "octave.sort", "--input", "M", "--at", "9,9"],
    ],
)
def test_cli_user_errors_are_one_line_and_status_2(args: list[str], tmp_path: Path) -> None:
    path = tmp_path / "m.npy"
    np.save(path, np.arange(6.0).reshape(2, 3))
    args = [str(path) if a == "M" else a for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_cli_commands_for_every_function(tmp_path: Path) -> None:
    path = tmp_path / "m.npy"
    np.save(path, np.array([[1.0, 2], [3, 4], [5, 7]]))
    runner = CliRunner()
    for name, extra in [
        ("ifft", []),
        ("min", []),
        ("mean", []),
        ("cumsum", []),
        ("cov", ["--opt", "1"]),
        ("corr", []),
        ("corrcoef", []),
        ("reshape", ["--size", "2,[]"]),
        ("to_column", []),
        ("transpose", []),
        ("ctranspose", []),
        ("sort", ["--mode", "descend"]),
        ("std", []),
        ("var", ["--w", "1,2,3", "--dim", "1"]),
        ("median", ["--dim", "2"]),
        ("mode", []),
        ("quantile", ["--p", "0.1,0.9", "--dim", "1", "--method", "7"]),
        ("prctile", ["--p", "25,75"]),
    ]:
        result = runner.invoke(
            cli, ["explain", f"octave.{name}", "--input", str(path), *extra, "--at", "0,0"]
        )
        assert result.exit_code == 0, (name, result.output)
        assert f"octave.{name}: out[0, 0]" in result.output


def test_missing_octave_fails_in_ci_and_skips_locally(tmp_path: Path) -> None:
    """The octave_cli fixture: a loud failure with CI set, a skip with a hint without it."""
    test_file = tmp_path / "test_needs_octave.py"
    test_file.write_text(
        textwrap.dedent("""
        def test_needs(octave_cli):
            assert octave_cli
    """)
    )
    conftest = Path(__file__).with_name("conftest.py")
    (tmp_path / "conftest.py").write_text(conftest.read_text())
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(tmp_path)  # no octave-cli on it
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "-rs",
        str(test_file),
    ]
    local = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert local.returncode == 0, local.stdout
    assert "skipped" in local.stdout and "apt-get install octave" in local.stdout
    ci = subprocess.run(
        cmd, cwd=tmp_path, env={**env, "CI": "true"}, capture_output=True, text=True, timeout=120
    )
    assert ci.returncode == 1, ci.stdout
    assert "CI requires GNU Octave" in ci.stdout


def test_corrcoef_case_observations_versus_a_covariance() -> None:
    """The corrcoef case: rows of mm are variables (Octave needs mm'); corrcoef(cov(.)) differs."""
    case = cases()["corrcoef_mst"]
    mm = np.array(case["mm_rows"], dtype=float)
    np.testing.assert_allclose(octave.corrcoef(mm.T), case["expected_corr_from_data"], atol=1e-8)
    misuse = octave.corrcoef(octave.cov(mm.T))
    np.testing.assert_allclose(misuse, case["expected_corrcoef_of_cov_misuse"], atol=1e-8)
    e = octave.corrcoef.explain(octave.cov(mm.T), at=(0, 1))
    assert e.check() and "not the correlation matrix" in str(e)


def test_reshape_takes_none_inside_the_size_list() -> None:
    # Octave's reshape(x, [], 3) is spelled reshape(x, None, 3) or reshape(x, [None, 3])
    x = np.arange(12.0).reshape(3, 4)
    listed = octave.reshape(x, [None, 3])
    np.testing.assert_array_equal(listed, octave.reshape(x, None, 3))
    np.testing.assert_array_equal(listed, x.reshape((4, 3), order="F"))
    assert octave.reshape(x, (2, None, 2)).shape == (2, 3, 2)
    e = octave.reshape.explain(x, [None, 3], at=(1, 2))
    assert e.check() and e.value == x.reshape((4, 3), order="F")[1, 2]
    assert "x.reshape((4, 3), order='F')" in octave.to_numpy_call("reshape", x, [None, 3])


def test_explaining_a_sum_of_inf_and_minus_inf_gives_nan_like_octave() -> None:
    # math.fsum raises on inf + -inf; the explanation must give IEEE's NaN, as Octave does
    x = np.array([[np.inf], [-np.inf], [1.0]])
    e = octave.sum.explain(x, at=(0, 0))
    assert np.isnan(octave.sum(x)[0, 0]) and np.isnan(complex(e.recomputed()).real)
    assert e.check()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("sum", ([1.5, 2.5],)),
        ("cumsum", ([1, 2, 3],)),
        ("max", ([1.5, 2.5, -1.0],)),
        ("sort", ([3.0, 1.0, 2.0],)),
        ("fft", ([1.0, 2.0, 0.5],)),
        ("mean", (3.0,)),
        ("reshape", ([1.0, 2.0, 3.0, 4.0], 2, 2)),
    ],
)
def test_numpy_call_of_a_python_list_runs(name: str, args: tuple[Any, ...]) -> None:
    """A Python list has no ``.reshape``: the NumPy line wraps it in ``np.asarray``."""
    code = octave.to_numpy_call(name, *args)
    env = {"np": np, "x": args[0]}
    *statements, last = code.splitlines()
    exec("\n".join(statements), env)
    got = eval(last, env)
    ours = octave.FUNCTIONS[name](*args)
    mine_all = ours if isinstance(ours, tuple) else (ours,)
    theirs_all = got if isinstance(got, tuple) else (got,)
    for mine, theirs in zip(mine_all, theirs_all, strict=True):
        np.testing.assert_array_equal(np.asarray(theirs), mine, err_msg=code)
        assert np.shape(theirs) == mine.shape, code


def test_python_int_lists_are_octave_double_literals() -> None:
    """``[1, 2]`` typed in Python is Octave's ``[1 2]``: double, not an int64 integer class."""
    np.testing.assert_array_equal(octave.median([1, 2]), [[1.5]])  # int64 would give 2
    values, index = octave.max([1, 5, 3])
    assert values.dtype == np.float64 and index.dtype == np.int64
    np.testing.assert_allclose(octave.mldivide([[1, 2], [3, 4]], [[1], [2]]), [[0.0], [0.5]])
    np.testing.assert_array_equal(octave.interp1([1, 2, 3], [10, 20, 30], 1.5), [[15.0]])
    # a NumPy integer array keeps its class (Octave's int64)
    assert octave.median(np.array([1, 2])).dtype == np.int64


def test_max_with_an_empty_list_is_octaves_empty_second_argument() -> None:
    """``max(x, [], 2)`` ported literally: no "second argument is ignored" warning."""
    x = np.array([[1.0, 5.0], [3.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values, index = octave.max(x, [], 2)
    np.testing.assert_array_equal(values, [[5.0], [3.0]])
    np.testing.assert_array_equal(index, [[2], [1]])


def test_a_ragged_list_is_one_clear_error() -> None:
    with pytest.raises(TypeError, match="could not be read as a numeric array"):
        octave.sum([[1, 2], [3]])


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("sum", ()), ("cumsum", ()), ("cumprod", ()), ("median", ()), ("mode", ()), ("sort", ()), ("any", ()),
        ("max", (None,)), ("fft", (None,)), ("diff", (1,)), ("quantile", (0.5,)), ("std", (0,)),
        ("circshift", (1,)), ("histc", ([0.0, 2.0, 4.0],)), ("trapz", ()),
    ],
)
def test_dim_as_a_1x1_array_is_the_number(name: str, args: tuple[Any, ...]) -> None:
    """Octave holds every number as a 1x1 array: dim=np.array([[2.0]]) is dim 2."""
    f = octave.FUNCTIONS[name]
    x = np.arange(6.0).reshape(2, 3)
    got, expected = f(x, *args, np.array([[2.0]])), f(x, *args, 2)
    for a, b in zip(got if isinstance(got, tuple) else (got,), expected if isinstance(expected, tuple) else (expected,),
                    strict=True):
        np.testing.assert_array_equal(a, b)


def test_trapz_with_dim_keyword_is_trapz_y_dim() -> None:
    y = np.array([[1.0, 2.0, 4.0], [0.0, 1.0, 1.0]])
    np.testing.assert_array_equal(octave.trapz(y, dim=2), octave.trapz(y, 2))
    np.testing.assert_array_equal(octave.trapz(y, dim=2), [[4.5], [1.5]])
