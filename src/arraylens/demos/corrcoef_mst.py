"""Demo: corrcoef takes observations, not a covariance; and a sound correlation MST."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
from matplotlib.figure import Figure
from rich.console import Console

from arraylens.core.files import save_figure
from arraylens.demos import cases
from arraylens.frontends import numpy as alnp
from arraylens.ops.covariance.convert import cov_to_corr
from arraylens.ops.mst.prim import correlation_mst
from arraylens.render.figures.contrast import annotate_cells
from arraylens.render.figures.spanning_tree import spanning_tree


def run(console: Console, out_dir: Path) -> None:
    # One name per matrix: m the data, A = np.cov(m) its covariance, R = np.corrcoef(m) the
    # correlation of the data, R' = np.corrcoef(A) the misuse (A's rows taken as data).
    m = np.array(cases()["corrcoef_mst"]["mm_rows"], dtype=float)
    a = alnp.cov(m)
    r = alnp.corrcoef(m)
    r_misuse = alnp.corrcoef(a)
    console.print("m (3 variables in rows, 4 observations):", highlight=False)
    console.print(str(m), highlight=False)
    console.print("A = np.cov(m), the covariance matrix of the data:", highlight=False)
    console.print(np.array2string(a, precision=6), highlight=False)
    console.print("R = np.corrcoef(m), the correlation of the data:", highlight=False)
    console.print(np.array2string(r, precision=6), highlight=False)
    console.print("R' = np.corrcoef(A), a misuse (A's rows taken as data):", highlight=False)
    console.print(np.array2string(r_misuse, precision=6), highlight=False)
    console.print("arraylens.cov_to_corr(A), equal to R:", highlight=False)
    console.print(np.array2string(cov_to_corr(a), precision=6), highlight=False)
    console.print("arraylens.numpy.corrcoef.explain(A, at=(0, 1)):", highlight=False)
    console.print(str(alnp.corrcoef.explain(a, at=(0, 1))), highlight=False, markup=False)

    tree = correlation_mst(r, labels=["m0", "m1", "m2"])
    console.print("Correlation MST (Mantegna distance sqrt(2(1-rho))):", highlight=False)
    for e in tree.edges:
        console.print(
            f"  {tree.labels[e.i]} - {tree.labels[e.j]}: rho = {e.correlation:.6g}, "
            f"d = {e.distance:.6g}",
            highlight=False,
        )
    console.print(f"  total distance {tree.total_distance:.6g}", highlight=False)
    tree.to_csv(out_dir / "corrcoef_mst.csv")

    save_figure(figure(r, r_misuse, cov_to_corr(a)), out_dir / "corrcoef_vs_cov.png", dpi=110)
    save_figure(spanning_tree(tree, title="Correlation MST of m's rows"), out_dir / "corrcoef_mst.png", dpi=110)


def figure(r: np.ndarray, r_misuse: np.ndarray, converted: np.ndarray) -> Figure:
    """The three matrices side by side, each number readable on its cell."""
    fig = Figure(figsize=(10.2, 3.6), layout="constrained")
    panels = (
        ("R = np.corrcoef(m)", r),
        ("R' = np.corrcoef(A), A = np.cov(m)\n(misuse: A's rows taken as data)", r_misuse),
        ("cov_to_corr(A) = R", converted),
    )
    axes = []
    for k, (title, mat) in enumerate(panels):
        ax = fig.add_subplot(1, 3, k + 1)
        axes.append(ax)
        image = ax.imshow(mat, cmap="coolwarm", vmin=-1, vmax=1)
        annotate_cells(ax, image, mat, lambda v: f"{v:.3f}", fontsize=10)
        ax.set_title(title, fontsize=9)
        ax.set_xticks(range(mat.shape[1]))
        ax.set_yticks(range(mat.shape[0]))
    fig.colorbar(image, ax=axes, shrink=0.8, label="correlation")  # one scale: -1..1
    return fig
