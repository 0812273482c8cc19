"""The torch front-end's convolutions on NCHW data: time and peak extra memory, arraylens only.

Run by hand from a checkout with the test extras installed::

    .venv/bin/python benchmarks/conv_torch.py [--repeat 9] [--threads 1] [--clock cpu] [--large]

``arraylens.torch.conv2d`` / ``conv_transpose2d`` on NCHW-contiguous float32 data with OIHW /
IOHW weights (as PyTorch holds them), on ``benchmarks/conv.py``'s layer shapes and the forward
shapes of issue 16 that exceeded the memory bound through this front-end. Per shape: the median
time of ``--repeat`` calls after a warm-up, and the peak extra memory of one call
(``tracemalloc``, the kernel's kept work array counted as new) in multiples of the output, of the
bound ``2 x output + input``, and of that bound with the weights' copy beside it (the kernels
read PyTorch's weights reordered to ``(*kernel, C_in, C_out)``, a copy the weights' size).

Run it with ``PYTHONPATH`` pointing at two checkouts in turn to compare them (the numbers are
arraylens's own; it runs no peer).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys

from _timing import blas_threads_from_argv  # imports no NumPy

blas_threads_from_argv(sys.argv)  # must be set before NumPy's BLAS starts

import numpy as np  # noqa: E402  (after the thread settings)

from _timing import median_ms, peak_extra_bytes  # noqa: E402  (after the thread settings)
from arraylens import torch as al_torch  # noqa: E402  (after the thread settings)
from arraylens.ops.conv.kernel import release_scratch  # noqa: E402  (after the thread settings)

# (kind, N, H, W, C_in, C_out, kernel, stride)
SHAPES = [
    ("forward", 1, 56, 56, 64, 64, 3, 1),
    ("forward", 1, 28, 28, 128, 256, 3, 2),
    ("forward", 8, 14, 14, 256, 256, 1, 1),
    ("forward", 1, 16, 16, 64, 128, 3, 1),
    ("forward", 1, 32, 32, 32, 32, 5, 1),
    ("transpose", 8, 16, 16, 256, 128, 4, 2),
    ("transpose", 1, 64, 64, 64, 32, 3, 2),
    ("transpose", 16, 32, 32, 64, 3, 5, 2),
    ("transpose", 1, 128, 128, 16, 16, 2, 2),
    ("transpose", 1, 512, 512, 1, 1, 3, 2),
]
LARGE = [
    ("transpose", 1, 128, 128, 1, 1, 64, 1),
    ("transpose", 1, 256, 256, 1, 1, 128, 1),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--threads", type=int, default=None, help="BLAS threads")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    parser.add_argument("--large", action="store_true", help="add the large-kernel cases (seconds each)")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; numpy {np.__version__}; "
        f"clock {args.clock}, repeat {args.repeat}"
    )
    print("| kind | N,H,W,Cin->Cout,k,s | ms | peak (x output) | peak / bound | (peak - weights) / bound |")
    print("|---|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    for kind, n, h, w, c_in, c_out, k, s in SHAPES + (LARGE if args.large else []):
        x = rng.standard_normal((n, c_in, h, w)).astype(np.float32)
        if kind == "forward":
            wt = rng.standard_normal((c_out, c_in, k, k)).astype(np.float32)

            def call(x: np.ndarray = x, wt: np.ndarray = wt, s: int = s, k: int = k) -> np.ndarray:
                return al_torch.conv2d(x, wt, stride=s, padding=(k - 1) // 2)

        else:
            wt = rng.standard_normal((c_in, c_out, k, k)).astype(np.float32)

            def call(x: np.ndarray = x, wt: np.ndarray = wt, s: int = s, k: int = k) -> np.ndarray:
                return al_torch.conv_transpose2d(x, wt, stride=s)

        out_bytes = call().nbytes
        bound = 2 * out_bytes + x.nbytes
        t = median_ms(call, 3 if k >= 64 else args.repeat, args.clock)
        peak = peak_extra_bytes(call, release_scratch)
        print(
            f"| {kind} | {n},{h},{w},{c_in}->{c_out},{k},{s} | {t:.3f} | {peak / out_bytes:.2f} | "
            f"{peak / bound:.2f} | {(peak - wt.nbytes) / bound:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
