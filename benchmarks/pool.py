"""Speed of pooling against PyTorch (NCHW and channels_last) and TensorFlow, in one run.

Run by hand: ``PYTHONPATH=src .venv/bin/python benchmarks/pool.py [--repeat 15] [--threads 1]``.
float32 1x64x112x112: ``max_pool2d`` k3 s2 p1, ``avg_pool2d`` k2 s2, ``adaptive_avg_pool2d`` to
7x7 and a global average (``adaptive_avg_pool2d`` to 1). arraylens (``arraylens.torch``) runs on
the NCHW array and on an NCHW view of NHWC memory (what a channels_last tensor holds); the peers
are ``torch.nn.functional`` on a contiguous NCHW tensor and on a channels_last tensor, and
TensorFlow eager on NHWC (``tf.nn.max_pool2d`` with explicit padding, ``tf.nn.avg_pool2d``,
``avg_pool2d`` k16 s16 for 7x7 since 112 = 7 * 16, ``reduce_mean`` for the global average).
Prints the median wall time of each, the ratio of arraylens to the fastest peer and whether the
results equal torch's (max: exactly; averages: to 1e-5). ``--clock cpu`` times the process's CPU
time instead (steadier on a shared machine; meaningful for torch and TF with ``--threads 1`` only,
since their threads' CPU time adds up). Inputs this large run on arraylens's compiled loops
(``arraylens.ops.pool.loops``, numba, on the calling thread; compiled on their first call and
cached on disk: the warm-up call takes that). ``--kernel`` also prints the kernel alone
(``ops.pool.kernel.pool`` on the canonical view, the spec built as the torch front-end builds it):
the compiled loops and the NumPy passes.

``--calls-only`` prints the per-call cost instead (:func:`calls_only`): for each case on a
1x1x4x4 and on the 1x64x112x112 input, the whole ``arraylens.torch`` call, the kernel alone
(``ops.pool.kernel.pool`` on the plan's canonical input) and their difference, the per-call
overhead, in microseconds (the fastest of ``--repeat`` runs of 1000 calls; ``--clock`` as above).
On the large input that difference is within the noise of the kernel's time, so the overhead is
also timed directly: the call with the kernel replaced by a function that returns its result.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

from _timing import median_ms, per_call_us


def median_cpu_ms(f: Callable[[], Any], repeat: int) -> float:
    """Median CPU time (``time.process_time``) of ``f()`` in milliseconds over ``repeat`` calls,
    after one warm-up call."""
    f()
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        f()
        times.append(time.process_time() - t0)
    return statistics.median(times) * 1e3


def calls_only(repeat: int, clock: str) -> None:
    """Per-call microseconds of the four cases, whole call against the kernel alone (see the module's
    docstring); the torch column is ``torch.nn.functional`` on the same NCHW tensor."""
    import torch

    import arraylens.ops.pool.plan as pool_plan
    from arraylens import torch as alt
    from arraylens.ops.pool.kernel import pool

    F = torch.nn.functional
    cases: list[tuple[str, Any, tuple[Any, ...], Any]] = [
        ("max_pool2d k3 s2 p1", alt.max_pool2d, (3, 2, 1), F.max_pool2d),
        ("avg_pool2d k2 s2", alt.avg_pool2d, (2, 2), F.avg_pool2d),
        ("adaptive_avg_pool2d 7x7", alt.adaptive_avg_pool2d, (7,), F.adaptive_avg_pool2d),
        ("global average", alt.adaptive_avg_pool2d, (1,), F.adaptive_avg_pool2d),
    ]
    print(f"per call, us (fastest of {repeat} runs of 1000 calls, {clock} time)\n")
    print("| input | case | arraylens call | kernel (pool()) | call - kernel | call, kernel stubbed | torch |")
    print("|---|---|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    for shape in ((1, 1, 4, 4), (1, 64, 112, 112)):
        x = rng.normal(size=shape).astype(np.float32)
        xt = torch.from_numpy(x)
        for name, fn, args, theirs in cases:
            if shape[-1] < 7 and args == (7,):
                continue
            plan = fn.build_plan(x, *args)
            canonical, spec, with_index = plan.canonical, plan.spec, plan.return_indices
            call = per_call_us(functools.partial(fn, x, *args), 1000, repeat, clock)
            kernel = per_call_us(functools.partial(pool, canonical, spec, with_index), 1000, repeat, clock)
            result = pool(canonical, spec, with_index)
            pool_plan.pool = lambda *a, result=result, **k: result  # type: ignore[attr-defined]
            try:
                stubbed = per_call_us(functools.partial(fn, x, *args), 1000, repeat, clock)
            finally:
                pool_plan.pool = pool  # type: ignore[attr-defined]
            peer = per_call_us(functools.partial(theirs, xt, *args), 1000, repeat, clock)
            size = "x".join(str(n) for n in shape)
            print(f"| {size} | {name} | {call:.1f} | {kernel:.1f} | {call - kernel:.1f} | {stubbed:.1f} | {peer:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--threads", type=int, default=0, help="threads for torch and TF (0: their default)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time (default) or the process's CPU time")
    parser.add_argument("--calls-only", action="store_true", help="only the per-call cost (calls_only)")
    parser.add_argument("--kernel", action="store_true",
                        help="also time the kernel alone: the compiled loops and the NumPy passes")
    args = parser.parse_args()
    if args.calls_only:
        if args.threads:
            import torch

            torch.set_num_threads(args.threads)
        calls_only(args.repeat, args.clock)
        return
    timer = median_cpu_ms if args.clock == "cpu" else median_ms
    import tensorflow as tf
    import torch

    from arraylens import torch as alt

    if args.threads:
        torch.set_num_threads(args.threads)
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    F = torch.nn.functional
    x = np.random.default_rng(0).normal(size=(1, 64, 112, 112)).astype(np.float32)
    x_cl = np.ascontiguousarray(x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)  # NCHW view of NHWC memory
    xt = torch.from_numpy(x)
    xt_cl = xt.contiguous(memory_format=torch.channels_last)
    nhwc = tf.constant(np.ascontiguousarray(x.transpose(0, 2, 3, 1)))
    cases: list[tuple[str, Callable[[np.ndarray], Any], Callable[[Any], Any], Callable[[], Any], bool]] = [
        ("max_pool2d k3 s2 p1", lambda a: alt.max_pool2d(a, 3, 2, 1), lambda t: F.max_pool2d(t, 3, 2, 1),
         lambda: tf.nn.max_pool2d(nhwc, 3, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]), True),
        ("avg_pool2d k2 s2", lambda a: alt.avg_pool2d(a, 2, 2), lambda t: F.avg_pool2d(t, 2, 2),
         lambda: tf.nn.avg_pool2d(nhwc, 2, 2, "VALID"), False),
        ("adaptive_avg_pool2d 7x7", lambda a: alt.adaptive_avg_pool2d(a, 7), lambda t: F.adaptive_avg_pool2d(t, 7),
         lambda: tf.nn.avg_pool2d(nhwc, 16, 16, "VALID"), False),
        ("global average", lambda a: alt.adaptive_avg_pool2d(a, 1), lambda t: F.adaptive_avg_pool2d(t, 1),
         lambda: tf.reduce_mean(nhwc, axis=(1, 2), keepdims=True), False),
    ]
    print("| case | arraylens NCHW ms | arraylens NHWC-memory ms | torch NCHW ms | torch channels_last ms | TF NHWC ms "
          "| ratio to fastest peer (NCHW / NHWC memory) | equal |")
    print("|---|---|---|---|---|---|---|---|")
    ratios = []
    for name, ours, theirs, tf_call, exact in cases:
        a = timer(lambda ours=ours: ours(x), args.repeat)
        a_cl = timer(lambda ours=ours: ours(x_cl), args.repeat)
        t = timer(lambda theirs=theirs: theirs(xt).numpy(), args.repeat)
        t_cl = timer(lambda theirs=theirs: theirs(xt_cl).numpy(), args.repeat)
        f = timer(lambda tf_call=tf_call: tf_call().numpy(), args.repeat)
        best = min(t, t_cl, f)
        want = theirs(xt).numpy()
        got, got_cl = ours(x), ours(x_cl)
        if exact:
            equal = np.array_equal(got, want) and np.array_equal(got_cl, want)
        else:
            equal = np.allclose(got, want, rtol=1e-5, atol=1e-6) and np.allclose(got_cl, want, rtol=1e-5, atol=1e-6)
        ratios += [a / best, a_cl / best]
        print(f"| {name} | {a:.3f} | {a_cl:.3f} | {t:.3f} | {t_cl:.3f} | {f:.3f} | {a / best:.2f} / {a_cl / best:.2f} "
              f"| {equal} |")
    print(f"\nmedian ratio {statistics.median(ratios):.2f}, worst {max(ratios):.2f}")
    if args.kernel:
        kernel_table(x, x_cl, timer, args.repeat)


def kernel_table(x: np.ndarray, x_cl: np.ndarray, timer: Callable[..., float], repeat: int) -> None:
    """The kernel alone on the canonical ``(N, H, W, C)`` views: loops and NumPy passes, ms."""
    from arraylens.ops.pool.kernel import pool
    from arraylens.ops.pool.spec import AdaptiveWindows, MaxReduction, MeanReduction, PoolSpec, Window

    n = x.shape[2]
    specs = [
        ("max_pool2d k3 s2 p1", PoolSpec((Window(3, 2, 1, (1, 1)),) * 2, MaxReduction("last", "plane"))),
        ("avg_pool2d k2 s2", PoolSpec((Window(2, 2),) * 2, MeanReduction("padded"))),
        ("adaptive_avg_pool2d 7x7", PoolSpec((AdaptiveWindows.torch(n, 7),) * 2, MeanReduction("valid"))),
        ("global average", PoolSpec((AdaptiveWindows.torch(n, 1),) * 2, MeanReduction("valid"))),
    ]
    print("\n| case | kernel loops NCHW ms | kernel loops NHWC-memory ms | NumPy passes NCHW ms "
          "| NumPy passes NHWC-memory ms |")
    print("|---|---|---|---|---|")
    for name, spec in specs:
        cells = [timer(lambda c=c, s=spec, fast=fast: pool(c, s, compiled=fast), repeat)
                 for fast in (True, False) for c in (x.transpose(0, 2, 3, 1), x_cl.transpose(0, 2, 3, 1))]
        print(f"| {name} | " + " | ".join(f"{v:.3f}" for v in cells) + " |")


if __name__ == "__main__":
    main()
