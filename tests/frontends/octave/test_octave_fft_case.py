"""The motivating case: Octave's fft(v') versus NumPy's np.fft.fft(v.T), both checked."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from arraylens import octave
from arraylens.demos import DEMOS, cases, run_demo
from arraylens.demos.octave_fft import PORT_LINE, case_data, compute

V_OCTAVE = "[1+0.5i, 3+0i, 2+0i, 8+3i]"


def test_numpy_result_is_the_recorded_one() -> None:
    data = case_data()
    np.testing.assert_allclose(np.fft.fft(data["v"].T), data["numpy_fft"], atol=1e-12)
    np.testing.assert_allclose(compute()["numpy"], [14 + 3.5j, -4 + 5.5j, -8 - 2.5j, 2 - 4.5j])


def test_arraylens_gives_octaves_column() -> None:
    data = case_data()
    result = octave.fft(octave.ctranspose(data["v"]))
    assert result.shape == (4, 1)
    np.testing.assert_allclose(result.ravel(), data["octave_fft"], atol=1e-12)
    np.testing.assert_allclose(result.ravel(), [14 - 3.5j, 2 + 4.5j, -8 + 2.5j, -4 - 5.5j])
    # the plain transpose .' does not conjugate: fft(v.') is NumPy's spectrum, as a column
    plain = octave.fft(octave.transpose(data["v"]))
    np.testing.assert_allclose(plain.ravel(), data["numpy_fft"], atol=1e-12)


def test_port_line_gives_octaves_result() -> None:
    r = compute()
    assert r["port"].shape == r["octave"].shape == (4, 1)
    np.testing.assert_allclose(r["port"], r["octave"], atol=1e-12)
    v = case_data()["v"]
    code = octave.to_numpy_call("fft", octave.ctranspose(v))
    assert code == "np.fft.fft(x, axis=0)"
    assert octave.to_numpy_call("ctranspose", v) == "x.reshape(1, 4).conj().T"
    assert "conj" in PORT_LINE


def test_explanations_say_what_happened() -> None:
    v = case_data()["v"]
    step1 = octave.ctranspose.explain(v, at=(0, 0))
    assert step1.check() and step1.value == 1 - 0.5j and step1.details["conjugated"]
    step2 = octave.fft.explain(octave.ctranspose(v), at=(1, 0))
    assert step2.check()
    assert step2.value == pytest.approx(2 + 4.5j)
    text = str(step2)
    assert "first non-singleton dimension" in text
    assert "CONJUGATE transpose" in text
    assert "same 1-d array" in text  # what .T did to the 1-d NumPy array
    assert step2.details["numpy"] == "np.fft.fft(x, axis=0)"
    assert len(step2.terms) == 4


def test_real_octave_agrees(octave_cli: str, tmp_path: Path) -> None:
    script = tmp_path / "case.m"
    script.write_text(
        f"v = {V_OCTAVE};\n"
        "a = fft(v'); b = fft(v.');\n"
        "printf('%d %d\\n', size(a));\n"
        "printf('%.17g %.17g\\n', [real(a), imag(a)]');\n"
        "printf('%.17g %.17g\\n', [real(b), imag(b)]');\n"
    )
    out = subprocess.run(
        [octave_cli, "--no-gui", "--norc", "--quiet", str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    shape = tuple(int(n) for n in out[:2])
    nums = np.array([float(t) for t in out[2:]]).reshape(8, 2)
    octave_prime = nums[:4, 0] + 1j * nums[:4, 1]
    octave_dot_prime = nums[4:, 0] + 1j * nums[4:, 1]
    v = case_data()["v"]
    assert shape == (4, 1)
    np.testing.assert_allclose(octave.fft(octave.ctranspose(v)).ravel(), octave_prime, atol=1e-12)
    np.testing.assert_allclose(np.fft.fft(v.T), octave_dot_prime, atol=1e-12)
    np.testing.assert_allclose(
        octave_prime,
        cases()["octave_fft"]["octave_fft_of_ctranspose_column"]["real"]
        + 1j * np.array(cases()["octave_fft"]["octave_fft_of_ctranspose_column"]["imag"]),
    )


def test_demo_runs_and_draws(tmp_path: Path) -> None:
    demo = next(d for d in DEMOS if d.name == "octave_fft")
    console = Console(record=True, width=100)
    run_demo(demo, console, tmp_path)
    text = console.export_text()
    assert "matches the recorded NumPy output: True; the recorded Octave output: True" in text
    assert "(checked: True)" in text
    png = tmp_path / "octave_fft.png"
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_demo_writes_one_numpy_form_for_fft_of_v_prime(tmp_path: Path) -> None:
    """Issue 18: the demo's step-2 explanation gives the NumPy line from v itself, and the demo's
    own port line is that same line (no second or third form to copy wrongly)."""
    import io

    from arraylens.demos import octave_fft

    buffer = io.StringIO()
    octave_fft.run(Console(file=buffer, width=200), tmp_path)
    text = buffer.getvalue()
    assert f"{PORT_LINE}  (v: your input, before the transpose)" in text
    forms = {line.split("np.fft.fft(", 1)[1].split(")  ")[0] for line in text.splitlines()
             if "np.fft.fft(v" in line and ".conj()" in line}
    assert forms == {"v.reshape(1, 4).conj().T, axis=0"}
    assert "np.fft.fft(x, axis=0)" not in text
