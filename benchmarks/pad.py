"""Reflect-pad speed: arraylens against torch (CPU) and TensorFlow, in one run.

Run by hand from a checkout with the test extras installed::

    .venv/bin/python benchmarks/pad.py [--repeat 15] [--threads N]

Times, on the same float32 data, the reflect pad of a ``1x64x256x256`` tensor by 3 on both
spatial sides (and a few other shapes): arraylens's ``arraylens.torch.pad(x, (3, 3, 3, 3),
'reflect')`` (NCHW) against ``torch.nn.functional.pad`` (NCHW) and ``tf.pad(..., 'REFLECT')`` on
the same NCHW layout (eager). Reports the median wall time after a warm-up, the ratio of
arraylens's time to each peer's, whether the results are equal, and arraylens's peak extra
memory (``tracemalloc``) in multiples of the output.
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
if "--threads" in sys.argv:  # before the libraries start their pools
    _n = sys.argv[sys.argv.index("--threads") + 1]
    os.environ["OMP_NUM_THREADS"] = _n
    os.environ["OPENBLAS_NUM_THREADS"] = _n

import numpy as np
import tensorflow as tf
import torch

import arraylens.torch as alt

SHAPES = [((1, 64, 256, 256), 3), ((8, 3, 224, 224), 1), ((1, 16, 64, 64, 64), 2)]


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cpus; numpy {np.__version__}, "
          f"torch {torch.__version__}, tensorflow {tf.__version__}; threads {args.threads or 'all'}")
    print("| shape, pad | arraylens ms | torch ms | TF ms | ratio to torch | ratio to TF | equal | "
          "peak extra mem (x output) |")
    print("|---|---|---|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    for shape, p in SHAPES:
        x = rng.standard_normal(shape).astype(np.float32)
        d = len(shape) - 2
        pads = (p,) * (2 * d)
        xt = torch.from_numpy(x)
        xtf = tf.constant(x)
        paddings = [[0, 0], [0, 0]] + [[p, p]] * d
        ours = _median_ms(lambda: alt.pad(x, pads, "reflect"), args.repeat)  # noqa: B023
        theirs = _median_ms(lambda: torch.nn.functional.pad(xt, pads, mode="reflect"), args.repeat)  # noqa: B023
        tfs = _median_ms(lambda: tf.pad(xtf, paddings, "REFLECT").numpy(), args.repeat)  # noqa: B023
        result = alt.pad(x, pads, "reflect")
        equal = np.array_equal(result, torch.nn.functional.pad(xt, pads, mode="reflect").numpy()) and \
            np.array_equal(result, tf.pad(xtf, paddings, "REFLECT").numpy())
        tracemalloc.start()
        alt.pad(x, pads, "reflect")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"| {'x'.join(map(str, shape))}, {p} | {ours:.3f} | {theirs:.3f} | {tfs:.3f} | {ours / theirs:.2f} | "
              f"{ours / tfs:.2f} | {equal} | {peak / result.nbytes:.2f} |")


if __name__ == "__main__":
    main()
