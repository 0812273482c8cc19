"""Transposed-convolution speed: arraylens against torch (CPU) and TensorFlow, in one run.

Run by hand from a checkout with the test extras installed::

    .venv/bin/python benchmarks/conv_transpose.py [--repeat 7] [--threads N] [--clock wall|cpu]

``--threads 1 --clock cpu`` compares single-threaded CPU time, which stays meaningful on a busy
machine; the default (all cores, wall clock) is what a user sees on an idle one.

For each (N, H, W, C_in -> C_out, kernel, stride) shape it times, on the same float32 data, the
VALID transposed convolution producing the full ``(H-1)*stride + kernel`` output:

* arraylens: ``arraylens.tensorflow.conv2d_transpose`` on NHWC data;
* torch: ``torch.nn.functional.conv_transpose2d`` on NCHW-contiguous data (its default) and
  on ``torch.channels_last`` data;
* TensorFlow: ``tf.nn.conv2d_transpose`` on NHWC data (eager).

It reports the median time of ``--repeat`` runs after a warm-up, the ratio of arraylens's time
to the fastest peer's, the largest difference from torch's result, and arraylens's peak extra
memory (NumPy allocations traced by ``tracemalloc``) as a multiple of the output's size.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from _timing import blas_threads_from_argv  # imports no NumPy

blas_threads_from_argv(sys.argv)  # must be set before NumPy's BLAS starts

import numpy as np  # noqa: E402  (after the thread settings)
import tensorflow as tf  # noqa: E402  (after the thread settings)
import torch  # noqa: E402  (after the thread settings)

from arraylens import tensorflow as al_tf  # noqa: E402  (after the thread settings)
from arraylens.ops.conv.kernel import release_scratch  # noqa: E402  (after the thread settings)

SHAPES = [
    (1, 2, 2, 1, 1, 3, 2),
    (8, 16, 16, 256, 128, 4, 2),
    (1, 64, 64, 64, 32, 3, 2),
    (16, 32, 32, 64, 3, 5, 2),
    (1, 128, 128, 16, 16, 2, 2),
    (1, 512, 512, 1, 1, 3, 2),
]


CLOCK = time.perf_counter


def median_time(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = CLOCK()
        fn()
        times.append(CLOCK() - t0)
    return statistics.median(times)


def peak_extra_bytes(fn: Callable[[], object]) -> int:
    """Peak NumPy allocation of one call, counting arraylens's kept work array as new."""
    release_scratch()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None, help="threads for every library")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    if args.threads is not None:
        torch.set_num_threads(args.threads)
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    rng = np.random.default_rng(0)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.processor() or 'cpu'}; "
          f"numpy {np.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads), "
          f"tensorflow {tf.__version__}; clock {args.clock}")
    header = ("| N,H,W,Cin->Cout,k,s | arraylens ms | torch ms | torch CL ms | TF ms | ratio to fastest | "
              "max abs diff | peak extra mem (x output) |")
    print(header)
    print("|---|---|---|---|---|---|---|---|")
    ratios = []
    for n, h, w, c_in, c_out, k, s in SHAPES:
        x = rng.standard_normal((n, h, w, c_in)).astype(np.float32)
        f = rng.standard_normal((k, k, c_out, c_in)).astype(np.float32)  # TF transpose filters
        out_shape = [n, (h - 1) * s + k, (w - 1) * s + k, c_out]

        def ours(x: np.ndarray = x, f: np.ndarray = f, out_shape: list[int] = out_shape, s: int = s) -> np.ndarray:
            return al_tf.conv2d_transpose(x, f, out_shape, s, padding="VALID")

        xt = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
        wt = torch.from_numpy(np.ascontiguousarray(f.transpose(3, 2, 0, 1)))  # (in, out, kh, kw)
        xt_cl = xt.contiguous(memory_format=torch.channels_last)
        wt_cl = wt.contiguous(memory_format=torch.channels_last)

        def torch_default(xt: torch.Tensor = xt, wt: torch.Tensor = wt, s: int = s) -> torch.Tensor:
            with torch.no_grad():
                return torch.nn.functional.conv_transpose2d(xt, wt, stride=s)

        def torch_cl(xt: torch.Tensor = xt_cl, wt: torch.Tensor = wt_cl, s: int = s) -> torch.Tensor:
            with torch.no_grad():
                return torch.nn.functional.conv_transpose2d(xt, wt, stride=s)

        xtf, ftf = tf.constant(x), tf.constant(f)

        def tensorflow(xtf: tf.Tensor = xtf, ftf: tf.Tensor = ftf, out_shape: list[int] = out_shape,
                       s: int = s) -> tf.Tensor:
            return tf.nn.conv2d_transpose(xtf, ftf, out_shape, s, padding="VALID").numpy()

        diff = float(np.abs(ours() - torch_default().numpy().transpose(0, 2, 3, 1)).max())
        t_ours = median_time(ours, args.repeat)
        peers = {
            "torch": median_time(torch_default, args.repeat),
            "torch_cl": median_time(torch_cl, args.repeat),
            "tf": median_time(tensorflow, args.repeat),
        }
        ratio = t_ours / min(peers.values())
        ratios.append(ratio)
        out_bytes = int(np.prod(out_shape)) * 4
        mem = peak_extra_bytes(ours) / out_bytes
        print(f"| {n},{h},{w},{c_in}->{c_out},{k},{s} | {t_ours * 1e3:.3f} | {peers['torch'] * 1e3:.3f} | "
              f"{peers['torch_cl'] * 1e3:.3f} | {peers['tf'] * 1e3:.3f} | {ratio:.2f} | {diff:.2e} | {mem:.1f} |")
    print(f"\nmedian ratio to the fastest peer: {statistics.median(ratios):.2f}; worst: {max(ratios):.2f}")


if __name__ == "__main__":
    main()
