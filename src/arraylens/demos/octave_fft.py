"""Demo: Octave's ``fft(v')`` versus NumPy's ``np.fft.fft(v.T)`` for a complex row ``v``.

Two differences meet here: Octave's ``'`` is the conjugate transpose (``.'`` is the plain
one), and a 1-d NumPy array has no orientation, so ``v.T`` is ``v`` itself. The demo computes
both results, explains one element of each step, prints the NumPy line that gives Octave's
answer (checked), and draws the three spectra.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from rich.console import Console

from arraylens.core.files import save_figure
from arraylens.demos import cases
from arraylens.frontends import octave
from arraylens.frontends.octave.numpy_calls import derived
from arraylens.render.text import print_explanation

PORT_LINE = "np.fft.fft(v.reshape(1, 4).conj().T, axis=0)"  # the line step 2's explanation gives


def case_data() -> dict[str, Any]:
    """The case's input ``v`` and the two recorded spectra, as complex arrays."""
    c = cases()["octave_fft"]
    v = np.array(c["x_real"], dtype=float) + 1j * np.array(c["x_imag"], dtype=float)
    numpy_fft = np.array(c["numpy_fft"]["real"]) + 1j * np.array(c["numpy_fft"]["imag"])
    rec = c["octave_fft_of_ctranspose_column"]
    octave_fft = np.array(rec["real"]) + 1j * np.array(rec["imag"])
    return {"v": v, "numpy_fft": numpy_fft, "octave_fft": octave_fft}


def compute() -> dict[str, np.ndarray]:
    """NumPy's ``np.fft.fft(v.T)``, arraylens' ``fft(v')`` and the port line's result."""
    v = case_data()["v"]
    return {
        "v": v,
        "numpy": np.fft.fft(v.T),
        "octave": octave.fft(octave.ctranspose(v)),
        "port": eval(PORT_LINE, {"np": np, "v": v}),
    }


def run(console: Console, out_dir: Path) -> None:
    data = case_data()
    r = compute()
    v = r["v"]
    with np.printoptions(precision=4, suppress=True):
        console.print(
            f"v = {v}  (a 1-d NumPy array; Octave's [1+0.5i, 3, 2, 8+3i] is 1x4)", markup=False
        )
        console.print(f"NumPy  np.fft.fft(v.T)      = {r['numpy']}", markup=False)
        console.print(
            f"Octave fft(v')  (arraylens) = {r['octave'].ravel()}  (a 4x1 column)", markup=False
        )
    same_numpy = np.allclose(r["numpy"], data["numpy_fft"])
    same_octave = np.allclose(r["octave"].ravel(), data["octave_fft"])
    console.print(
        f"matches the recorded NumPy output: {same_numpy}; the recorded Octave output: "
        f"{same_octave}",
        markup=False,
    )
    console.print("")
    console.print("Step 1, v' (Octave's conjugate transpose):", markup=False)
    print_explanation(octave.ctranspose.explain(v, at=(0, 0)), console)
    console.print("")
    console.print("Step 2, fft of the 4x1 column:", markup=False)
    # the explanation's NumPy line starts from v itself (one line, the one to copy)
    step2 = derived(octave.ctranspose(v), octave.to_numpy_call("ctranspose", v), name="v")
    print_explanation(octave.fft.explain(step2, at=(1, 0)), console)
    console.print("")
    port_ok = np.allclose(r["port"], r["octave"]) and r["port"].shape == r["octave"].shape
    console.print(
        f"The NumPy line for Octave's fft(v'): {PORT_LINE}  (checked: {port_ok})", markup=False
    )
    console.print(
        "Why NumPy differs: v.T of a 1-d array is v (no conjugation, no column), so "
        "np.fft.fft(v.T) is fft of v, not of conj(v).",
        markup=False,
    )
    path = draw(r, out_dir / "octave_fft.png")
    console.print(f"figure: {path}", markup=False)


def draw(r: dict[str, np.ndarray], path: Path) -> Path:
    """Real and imaginary parts of the two spectra, side by side."""
    k = np.arange(len(r["numpy"]))
    fig = Figure(figsize=(9, 3.4))  # no pyplot: no global state, Agg canvas
    axes = fig.subplots(1, 2, sharex=True)
    for ax, part, title in ((axes[0], np.real, "real part"), (axes[1], np.imag, "imaginary part")):
        ax.bar(k - 0.18, part(r["numpy"]), width=0.36, label="NumPy np.fft.fft(v.T)")
        ax.bar(k + 0.18, part(r["octave"].ravel()), width=0.36, label="Octave fft(v')")
        ax.axhline(0, color="0.3", linewidth=0.8)
        ax.set_title(title)
        ax.set_xlabel("frequency k (0-based)")
        ax.set_xticks(k)
    axes[0].legend(fontsize=8)
    fig.suptitle("fft(v') in Octave conjugates v; v.T of a 1-d NumPy array does nothing")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_figure(fig, path, dpi=110)
    return path
