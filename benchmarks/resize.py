"""Speed of arraylens's resize against PyTorch, TensorFlow, OpenCV and PIL, in one run.

Run by hand: ``PYTHONPATH=src .venv/bin/python benchmarks/resize.py [--repeat 15] [--threads 1]
[--clock cpu]``.
Cases: float32 1x3x512x512 upsampled to 1024x1024 and downsampled to 128x128 (bilinear and
bicubic with antialias) by nearest, bilinear and bicubic. arraylens computes
``arraylens.torch.interpolate`` (PyTorch's semantics, checked equal to
``torch.nn.functional.interpolate`` here); the peers compute their own library's resize of the
same data in its own layout (``tf.image.resize`` NHWC, ``cv2.resize`` HWC, PIL per channel in
mode ``F``), which are not all the same numbers (PIL always antialiases when downsampling; cv2's
INTER_LINEAR never does). Prints the median wall time of each, the ratio arraylens / torch and
arraylens / the fastest peer, and the median and largest ratio to torch. ``--clock cpu`` times
the process's CPU time instead (steadier on a shared machine; meaningful for the peers with
``--threads 1`` only, since their threads' CPU time adds up).
"""

from __future__ import annotations

import argparse
import os
import statistics
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

from _timing import median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--threads", type=int, default=0, help="threads for torch, TF and cv2 (0: their default)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time (default) or the process's CPU time")
    args = parser.parse_args()
    import cv2
    import tensorflow as tf
    import torch
    from PIL import Image

    from arraylens import torch as altorch

    if args.threads:
        torch.set_num_threads(args.threads)
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        cv2.setNumThreads(args.threads)
    F = torch.nn.functional
    x = np.random.default_rng(0).random((1, 3, 512, 512), dtype=np.float32)
    xt = torch.from_numpy(x)
    nhwc = tf.constant(np.ascontiguousarray(x.transpose(0, 2, 3, 1)))
    hwc = np.ascontiguousarray(x[0].transpose(1, 2, 0))
    planes = [Image.fromarray(x[0, c], mode="F") for c in range(3)]
    tf_method = {"nearest": "nearest", "bilinear": "bilinear", "bicubic": "bicubic"}
    cv_flag = {"nearest": cv2.INTER_NEAREST, "bilinear": cv2.INTER_LINEAR, "bicubic": cv2.INTER_CUBIC}
    pil_flag = {"nearest": Image.Resampling.NEAREST, "bilinear": Image.Resampling.BILINEAR,
                "bicubic": Image.Resampling.BICUBIC}
    print(f"{'case':44s} {'arraylens':>9s} {'torch':>8s} {'tf':>8s} {'cv2':>8s} {'PIL':>8s}"
          f" {'/torch':>7s} {'/fastest':>9s}  equal to torch")
    ratios = []
    for size in (1024, 128):
        for mode in ("nearest", "bilinear", "bicubic"):
            antialias = size < 512 and mode != "nearest"
            kw: dict[str, Any] = {"size": (size, size), "mode": mode, "antialias": antialias}
            if mode != "nearest":
                kw["align_corners"] = False
            ours = median_ms(lambda kw=kw: altorch.interpolate(x, **kw), args.repeat, args.clock)
            got = altorch.interpolate(x, **kw)
            want = F.interpolate(xt, **kw).numpy()
            equal = np.allclose(got, want, rtol=1e-5, atol=1e-5)
            peers = {
                "torch": median_ms(lambda kw=kw: F.interpolate(xt, **kw).numpy(), args.repeat, args.clock),
                "tf": median_ms(lambda m=mode, s=size, a=antialias: tf.image.resize(
                    nhwc, (s, s), method=tf_method[m], antialias=a).numpy(), args.repeat, args.clock),
                "cv2": median_ms(lambda m=mode, s=size: cv2.resize(hwc, (s, s), interpolation=cv_flag[m]),
                                 args.repeat, args.clock),
                "PIL": median_ms(lambda m=mode, s=size: [p.resize((s, s), pil_flag[m]) for p in planes],
                                 args.repeat, args.clock),
            }
            fastest = min(peers, key=peers.__getitem__)
            ratios.append(ours / peers["torch"])
            name = f"{mode} 1x3x512x512 -> {size}x{size}" + (" antialias" if antialias else "")
            print(f"{name:44s} {ours:8.2f}ms {peers['torch']:7.2f}ms {peers['tf']:7.2f}ms {peers['cv2']:7.2f}ms"
                  f" {peers['PIL']:7.2f}ms {ours / peers['torch']:6.2f}x {ours / peers[fastest]:6.2f}x ({fastest})"
                  f"  {equal} (max diff {float(np.max(np.abs(got - want))):.1e})")
    print(f"median ratio to torch {statistics.median(ratios):.2f}x, largest {max(ratios):.2f}x")


if __name__ == "__main__":
    main()
