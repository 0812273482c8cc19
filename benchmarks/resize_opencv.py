"""Speed of ``arraylens.opencv.resize`` against ``cv2.resize`` (OpenCV's own code, IPP off), and
whether the two agree bit for bit.

Run by hand: ``PYTHONPATH=src .venv/bin/python benchmarks/resize_opencv.py [--repeat 7] [--threads 1]
[--only TEXT]``. Cases: 1024x1024x3 halved (INTER_LINEAR, OpenCV's fast INTER_AREA), shrunk by 3
(fast INTER_AREA) and to 700x700 (INTER_AREA's tables); 512x512x3 enlarged to 1024x1024 by
INTER_LINEAR, INTER_CUBIC, INTER_LANCZOS4, INTER_AREA and INTER_LINEAR_EXACT; uint8, uint16 and
float32. Prints the median wall time of each, the ratio, and ``exact`` (the results equal).
cv2 runs with ``cv2.ipp.setUseIPP(False)``: with IPP the wheels compute some of these with Intel's
code, which arraylens does not reproduce (``opencv_generic.IPP_ROUTED``).
"""

from __future__ import annotations

import argparse

import numpy as np

from _timing import median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--threads", type=int, default=0, help="threads for cv2 (0: its default)")
    parser.add_argument("--only", default="", help="run the cases whose name contains this text")
    args = parser.parse_args()

    import cv2

    from arraylens import opencv as alo

    cv2.ipp.setUseIPP(False)
    if args.threads:
        cv2.setNumThreads(args.threads)
    rng = np.random.default_rng(0)
    cases = []
    for dt in ("uint8", "uint16", "float32"):

        def image(n: int, dt: str = dt) -> np.ndarray:
            if dt == "float32":
                return rng.standard_normal((n, n, 3)).astype(dt)
            return rng.integers(0, 256 if dt == "uint8" else 65536, (n, n, 3)).astype(dt)

        big, small = image(1024), image(512)
        cases += [
            (f"{dt} 1024x1024x3 -> 512 LINEAR (halving)", big, (512, 512), cv2.INTER_LINEAR),
            (f"{dt} 1023x1023x3 -> 341 AREA (fast, 3x3)", big[:1023, :1023], (341, 341), cv2.INTER_AREA),
            (f"{dt} 1024x1024x3 -> 700 AREA (tables)", big, (700, 700), cv2.INTER_AREA),
        ]
        for name, mode in (
            ("LINEAR", cv2.INTER_LINEAR),
            ("CUBIC", cv2.INTER_CUBIC),
            ("LANCZOS4", cv2.INTER_LANCZOS4),
            ("AREA", cv2.INTER_AREA),
        ):
            cases.append((f"{dt} 512x512x3 -> 1024 {name}", small, (1024, 1024), mode))
        if dt != "float32":
            cases.append((f"{dt} 512x512x3 -> 1024 LINEAR_EXACT", small, (1024, 1024), cv2.INTER_LINEAR_EXACT))
    print(f"{'case':44s} {'arraylens':>10s} {'cv2':>9s} {'ratio':>6s}  exact")
    for name, x, dsize, mode in cases:
        if args.only not in name:
            continue
        exact = np.array_equal(alo.resize(x, dsize, interpolation=mode), cv2.resize(x, dsize, interpolation=mode))
        ours = median_ms(lambda x=x, d=dsize, m=mode: alo.resize(x, d, interpolation=m), args.repeat)
        theirs = median_ms(lambda x=x, d=dsize, m=mode: cv2.resize(x, d, interpolation=m), args.repeat * 3)
        print(f"{name:44s} {ours:8.2f}ms {theirs:7.2f}ms {ours / theirs:6.1f}  {exact}", flush=True)


if __name__ == "__main__":
    main()
