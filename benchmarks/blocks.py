"""Speed of the block rearrangements against PyTorch and TensorFlow, in one run.

Run by hand: ``PYTHONPATH=src .venv/bin/python benchmarks/blocks.py [--repeat 15] [--threads 1]``.
Cases: ``pixel_shuffle`` of 1x256x64x64 by 2 (NCHW, arraylens against
``torch.nn.functional.pixel_shuffle``), the same data as ``tf.nn.depth_to_space`` in NHWC
(1x64x64x256; arraylens against TensorFlow eager, which computes the DCR order), and the
inverses. Prints the median wall time of each, the ratio arraylens / peer and whether the results
are equal.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

from _timing import median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--threads", type=int, default=0, help="threads for torch and TF (0: their default)")
    args = parser.parse_args()
    import tensorflow as tf
    import torch

    from arraylens import tensorflow as altf
    from arraylens import torch as altorch

    if args.threads:
        torch.set_num_threads(args.threads)
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    F = torch.nn.functional
    x = np.random.default_rng(0).random((1, 256, 64, 64), dtype=np.float32)
    xt = torch.from_numpy(x)
    nhwc = np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    small = altorch.pixel_shuffle(x, 2)
    small_t = torch.from_numpy(small)
    small_nhwc = np.ascontiguousarray(altf.depth_to_space(nhwc, 2))
    rows = [
        ("pixel_shuffle 1x256x64x64 r=2", lambda: altorch.pixel_shuffle(x, 2), "torch",
         lambda: F.pixel_shuffle(xt, 2).numpy()),
        ("pixel_unshuffle 1x64x128x128 r=2", lambda: altorch.pixel_unshuffle(small, 2), "torch",
         lambda: F.pixel_unshuffle(small_t, 2).numpy()),
        ("depth_to_space NHWC 1x64x64x256 b=2", lambda: altf.depth_to_space(nhwc, 2), "TF",
         lambda: tf.nn.depth_to_space(nhwc, 2).numpy()),
        ("space_to_depth NHWC 1x128x128x64 b=2", lambda: altf.space_to_depth(small_nhwc, 2), "TF",
         lambda: tf.nn.space_to_depth(small_nhwc, 2).numpy()),
    ]
    print("| case | arraylens ms | peer | peer ms | ratio | equal |")
    print("|---|---|---|---|---|---|")
    for name, ours, peer, theirs in rows:
        a, p = median_ms(ours, args.repeat), median_ms(theirs, args.repeat)
        equal = np.array_equal(ours(), theirs())
        print(f"| {name} | {a:.3f} | {peer} | {p:.3f} | {a / p:.2f} | {equal} |")


if __name__ == "__main__":
    main()
