"""Convolution speed and memory: arraylens against torch (CPU) and TensorFlow, in one run.

Run by hand from a checkout with the test extras installed::

    .venv/bin/python benchmarks/conv.py [--repeat 7] [--threads N] [--clock wall|cpu] [--quick] [--calls-only]
        [--few-channels]

``--threads 1 --clock cpu`` compares single-threaded CPU time, which stays meaningful on a busy
machine; the default (all cores, wall clock) is what a user sees on an idle one. ``--quick``
leaves out the large-kernel cases (seconds each); ``--few-channels`` times shapes with 1-8
channels instead (one-channel images, small forward convolutions).

On the same float32 data it times, per shape:

* forward convolutions (``arraylens.tensorflow.conv2d`` on NHWC data, SAME padding) against
  ``torch.nn.functional.conv2d`` (NCHW-contiguous and ``torch.channels_last``) and
  ``tf.nn.conv2d``;
* VALID transposed convolutions producing the full ``(H-1)*stride + kernel`` output
  (``arraylens.tensorflow.conv2d_transpose``) against ``torch.nn.functional.conv_transpose2d``
  (both memory formats) and ``tf.nn.conv2d_transpose``;
* the large-kernel transposed cases (a 64x64 kernel on 1x128x128x1, a 128x128 kernel on
  1x256x256x1, stride 1);
* the 2x2 input, which is all per-call overhead (reported in microseconds), in the table and
  again after it through both front-ends (``arraylens.torch.conv_transpose2d`` / ``conv2d`` against
  torch's, ``arraylens.tensorflow.conv2d_transpose`` / ``conv2d`` against TensorFlow's), each the
  fastest of ``--repeat`` runs of 1000 calls.

It reports the median time of ``--repeat`` runs after a warm-up, the ratio of arraylens's time
to the fastest peer's, the largest difference from torch's result, and arraylens's peak extra
memory (``tracemalloc``: NumPy allocations during one call, the kernel's kept work array
counted as new) in multiples of the output's size and against the bound ``2 x output + input``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from collections.abc import Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from _timing import blas_threads_from_argv  # imports no NumPy

blas_threads_from_argv(sys.argv)  # must be set before NumPy's BLAS starts

import numpy as np  # noqa: E402  (after the thread settings)
import tensorflow as tf  # noqa: E402  (after the thread settings)
import torch  # noqa: E402  (after the thread settings)

from _timing import median_ms, peak_extra_bytes, per_call_us  # noqa: E402  (after the thread settings)
from arraylens import tensorflow as al_tf  # noqa: E402  (after the thread settings)
from arraylens import torch as al_torch  # noqa: E402  (after the thread settings)
from arraylens.ops.conv.kernel import release_scratch  # noqa: E402  (after the thread settings)

# (kind, N, H, W, C_in, C_out, kernel, stride)
SHAPES = [
    ("transpose", 1, 2, 2, 1, 1, 3, 2),
    ("forward", 1, 2, 2, 1, 1, 3, 1),
    ("forward", 1, 56, 56, 64, 64, 3, 1),
    ("forward", 1, 28, 28, 128, 256, 3, 2),
    ("forward", 8, 14, 14, 256, 256, 1, 1),
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
# ``--few-channels``: shapes with few channels (the compiled loops of ops/conv/direct.py)
FEW = [
    ("forward", 1, 512, 512, 1, 1, 3, 1),
    ("forward", 1, 512, 512, 1, 1, 3, 2),
    ("forward", 1, 256, 256, 1, 1, 15, 1),
    ("forward", 1, 256, 256, 3, 1, 5, 2),
    ("forward", 1, 256, 256, 4, 4, 3, 1),
    ("transpose", 1, 256, 256, 1, 8, 4, 2),
    ("transpose", 4, 128, 128, 1, 3, 5, 2),
    ("transpose", 1, 128, 128, 3, 3, 4, 2),
]


def case(
    kind: str, n: int, h: int, w: int, c_in: int, c_out: int, k: int, s: int, rng: np.random.Generator
) -> tuple[dict[str, Callable[[], object]], Callable[[], np.ndarray], Callable[[], np.ndarray], int, int]:
    """The peers' calls, arraylens's call, torch's result in NHWC, and the output's and input's bytes."""
    x = rng.standard_normal((n, h, w, c_in)).astype(np.float32)
    xt = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    xt_cl = xt.contiguous(memory_format=torch.channels_last)
    xtf = tf.constant(x)
    if kind == "forward":
        f = rng.standard_normal((k, k, c_in, c_out)).astype(np.float32)  # HWIO
        wt = torch.from_numpy(np.ascontiguousarray(f.transpose(3, 2, 0, 1)))  # OIHW
        wt_cl = wt.contiguous(memory_format=torch.channels_last)
        ftf = tf.constant(f)
        pad = "same" if s == 1 else (k - 1) // 2

        def ours() -> np.ndarray:
            return al_tf.conv2d(x, f, s, "SAME")

        def t_nchw(a: torch.Tensor = xt, b: torch.Tensor = wt) -> torch.Tensor:
            with torch.no_grad():
                return torch.nn.functional.conv2d(a, b, stride=s, padding=pad)

        def t_cl() -> torch.Tensor:
            return t_nchw(xt_cl, wt_cl)

        def t_tf() -> np.ndarray:
            return tf.nn.conv2d(xtf, ftf, s, "SAME").numpy()

        def reference() -> np.ndarray:
            return t_tf()  # TF's SAME pads the odd element at the end, as arraylens's conv2d

        out_bytes = int(np.prod(t_tf().shape)) * 4
    else:
        f = rng.standard_normal((k, k, c_out, c_in)).astype(np.float32)  # TF transpose filters
        out_shape = [n, (h - 1) * s + k, (w - 1) * s + k, c_out]
        wt = torch.from_numpy(np.ascontiguousarray(f.transpose(3, 2, 0, 1)))  # (in, out, kh, kw)
        wt_cl = wt.contiguous(memory_format=torch.channels_last)
        ftf = tf.constant(f)

        def ours() -> np.ndarray:
            return al_tf.conv2d_transpose(x, f, out_shape, s, padding="VALID")

        def t_nchw(a: torch.Tensor = xt, b: torch.Tensor = wt) -> torch.Tensor:
            with torch.no_grad():
                return torch.nn.functional.conv_transpose2d(a, b, stride=s)

        def t_cl() -> torch.Tensor:
            return t_nchw(xt_cl, wt_cl)

        def t_tf() -> np.ndarray:
            return tf.nn.conv2d_transpose(xtf, ftf, out_shape, s, padding="VALID").numpy()

        def reference() -> np.ndarray:
            return t_nchw().numpy().transpose(0, 2, 3, 1)

        out_bytes = int(np.prod(out_shape)) * 4
    peers: dict[str, Callable[[], object]] = {"torch": t_nchw, "torch_cl": t_cl, "tf": t_tf}
    return peers, ours, reference, out_bytes, x.nbytes


def small_calls(repeat: int, clock: str) -> None:
    """The per-call overhead on a 2x2 input, 3x3 kernel: each front-end against its framework."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 1, 2, 2)).astype(np.float32)  # NCHW
    w = rng.standard_normal((1, 1, 3, 3)).astype(np.float32)
    b = rng.standard_normal(1).astype(np.float32)
    xh = np.ascontiguousarray(x.transpose(0, 2, 3, 1))  # NHWC
    f = np.ascontiguousarray(w.transpose(2, 3, 1, 0))  # HWIO (and HWOI: one channel each)
    xt, wt, bt = torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b)
    xtf, ftf = tf.constant(xh), tf.constant(f)
    F = torch.nn.functional
    rows: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        (
            "torch conv_transpose2d s2",
            lambda: al_torch.conv_transpose2d(x, w, stride=2),
            lambda: F.conv_transpose2d(xt, wt, stride=2),
        ),
        (
            "torch conv_transpose2d s2 + bias",
            lambda: al_torch.conv_transpose2d(x, w, b, stride=2),
            lambda: F.conv_transpose2d(xt, wt, bt, stride=2),
        ),
        ("torch conv2d padding 1", lambda: al_torch.conv2d(x, w, padding=1), lambda: F.conv2d(xt, wt, padding=1)),
        (
            "tf conv2d_transpose s2 VALID",
            lambda: al_tf.conv2d_transpose(xh, f, [1, 5, 5, 1], 2, "VALID"),
            lambda: tf.nn.conv2d_transpose(xtf, ftf, [1, 5, 5, 1], 2, "VALID").numpy(),
        ),
        ("tf conv2d SAME", lambda: al_tf.conv2d(xh, f, 1, "SAME"), lambda: tf.nn.conv2d(xtf, ftf, 1, "SAME").numpy()),
    ]
    print("\n| 2x2 call (3x3 kernel, float32) | arraylens us | framework us |\n|---|---|---|")
    with torch.no_grad():
        for name, ours, theirs in rows:
            t_ours, t_theirs = per_call_us(ours, 1000, repeat, clock), per_call_us(theirs, 1000, repeat, clock)
            print(f"| {name} | {t_ours:.1f} | {t_theirs:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None, help="threads for every library")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    parser.add_argument("--quick", action="store_true", help="leave out the large-kernel cases")
    parser.add_argument("--calls-only", action="store_true", help="only the 2x2 per-call overhead table")
    parser.add_argument("--few-channels", action="store_true", help="only the few-channel shapes")
    args = parser.parse_args()
    if args.threads is not None:
        torch.set_num_threads(args.threads)
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    rng = np.random.default_rng(0)
    if args.calls_only:
        small_calls(args.repeat, args.clock)
        return
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.processor() or 'cpu'}; "
        f"numpy {np.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads), "
        f"tensorflow {tf.__version__}; clock {args.clock}, repeat {args.repeat}"
    )
    print(
        "| kind | N,H,W,Cin->Cout,k,s | arraylens ms | torch ms | torch CL ms | TF ms | ratio to fastest | "
        "max abs diff | peak extra mem (x output) | within 2x out + in |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    ratios = []
    shapes = FEW if args.few_channels else SHAPES + ([] if args.quick else LARGE)
    for kind, n, h, w, c_in, c_out, k, s in shapes:
        peers, ours, reference, out_bytes, in_bytes = case(kind, n, h, w, c_in, c_out, k, s, rng)
        large = k >= 64
        repeat = 3 if large else args.repeat
        diff = float(np.abs(ours() - reference()).max())
        t_ours = median_ms(ours, repeat, args.clock)
        times = {name: median_ms(fn, repeat, args.clock) for name, fn in peers.items()}
        ratio = t_ours / min(times.values())
        if h > 2 and not large:
            ratios.append(ratio)
        peak = peak_extra_bytes(ours, release_scratch)
        bound = "yes" if peak <= 2 * out_bytes + in_bytes else "no"
        unit, scale = ("us", 1e3) if h == 2 else ("ms", 1.0)
        print(
            f"| {kind} | {n},{h},{w},{c_in}->{c_out},{k},{s} | {t_ours * scale:.3f} {unit} | "
            f"{times['torch'] * scale:.3f} | {times['torch_cl'] * scale:.3f} | {times['tf'] * scale:.3f} | "
            f"{ratio:.2f} | {diff:.2e} | {peak / out_bytes:.2f} | {bound} |",
            flush=True,
        )
    print(
        f"\nlayer shapes (not the 2x2 overhead or large-kernel cases): median ratio to the fastest peer "
        f"{statistics.median(ratios):.2f}; worst {max(ratios):.2f}"
    )
    if not args.few_channels:
        small_calls(args.repeat, args.clock)


if __name__ == "__main__":
    main()
