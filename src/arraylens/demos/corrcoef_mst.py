"""Demo: corrcoef takes observations, not a covariance; and a sound correlation MST."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
from matplotlib.figure import Figure
from rich.console import Console

from arraylens import correlation_mst, cov_to_corr
from arraylens import numpy as alnp
from arraylens.demos import cases


def run(console: Console, out_dir: Path) -> None:
    m = np.array(cases()["corrcoef_mst"]["mm_rows"], dtype=float)
    c = alnp.cov(m)
    from_data = alnp.corrcoef(m)
    misuse = alnp.corrcoef(c)
    console.print("m (3 variables in rows, 4 observations):", highlight=False)
    console.print(str(m), highlight=False)
    console.print("np.corrcoef(m), the correlation of the data:", highlight=False)
    console.print(np.array2string(from_data, precision=6), highlight=False)
    console.print("np.corrcoef(np.cov(m)), a misuse:", highlight=False)
    console.print(np.array2string(misuse, precision=6), highlight=False)
    console.print("arraylens.cov_to_corr(np.cov(m)):", highlight=False)
    console.print(np.array2string(cov_to_corr(c), precision=6), highlight=False)
    console.print(str(alnp.corrcoef.explain(c, at=(0, 1))), highlight=False, markup=False)

    tree = correlation_mst(from_data, labels=["m0", "m1", "m2"])
    console.print("Correlation MST (Mantegna distance sqrt(2(1-rho))):", highlight=False)
    for e in tree.edges:
        console.print(
            f"  {tree.labels[e.i]} - {tree.labels[e.j]}: rho = {e.correlation:.6g}, "
            f"d = {e.distance:.6g}",
            highlight=False,
        )
    console.print(f"  total distance {tree.total_distance:.6g}", highlight=False)
    tree.to_csv(out_dir / "corrcoef_mst.csv")

    fig = Figure(figsize=(9, 3.2), layout="constrained")
    for k, (title, mat) in enumerate(
        (
            ("np.corrcoef(m)", from_data),
            ("np.corrcoef(np.cov(m))", misuse),
            ("cov_to_corr(np.cov(m))", cov_to_corr(c)),
        )
    ):
        ax = fig.add_subplot(1, 3, k + 1)
        ax.imshow(mat, cmap="coolwarm", vmin=-1, vmax=1)
        for (r, col), v in np.ndenumerate(mat):
            ax.text(col, r, f"{v:.3f}", ha="center", va="center", fontsize=8)
        ax.set_title(title, fontsize=9)
        ax.set_xticks(range(3))
        ax.set_yticks(range(3))
    fig.savefig(out_dir / "corrcoef_vs_cov.png", dpi=110)
    tree.figure(title="Correlation MST of m's rows").savefig(out_dir / "corrcoef_mst.png", dpi=110)
