"""OpenCV as a translate target of resizes (``cv2.resize``): its vocabulary for
:mod:`arraylens.translate.resize`; proposals are checked by :mod:`arraylens.frontends.opencv`."""

from __future__ import annotations

from typing import Any

from arraylens.core.registry import ResizeCandidate, ResizeTarget, register_resize_target

_FLAGS = ("INTER_LINEAR", "INTER_NEAREST", "INTER_NEAREST_EXACT", "INTER_CUBIC", "INTER_AREA", "INTER_LANCZOS4",
          "INTER_LINEAR_EXACT")
_VALUES = {"INTER_NEAREST": 0, "INTER_LINEAR": 1, "INTER_CUBIC": 2, "INTER_AREA": 3, "INTER_LANCZOS4": 4,
           "INTER_LINEAR_EXACT": 5, "INTER_NEAREST_EXACT": 6}



def _candidates(ins: tuple[int, ...], outs: tuple[int, ...], scales: Any) -> list[ResizeCandidate]:
    dsize = (outs[1], outs[0])
    return [("cv2.resize", {"dsize": dsize, "interpolation": _VALUES[f]},
             f"cv2.resize(v, {dsize}, interpolation=cv2.{f})") for f in _FLAGS]


def _cannot(spec: Any) -> str:
    f = spec.filter
    if f.antialias and any(r.downsampling for r in spec.resizes):
        return ("cv2.resize never widens its filter when downsampling (no antialiasing; INTER_AREA is a pixel-area "
                f"average): the source's {f.kind} filter is stretched by in / out")
    if f.kind == "cubic" and f.cubic_a != -0.75:
        return f"cv2.resize's INTER_CUBIC uses a = -0.75; the source's cubic has a = {f.cubic_a}"
    coords = {r.coordinate for r in spec.resizes}
    if f.kind != "nearest" and coords - {"half_pixel"}:
        return f"cv2.resize interpolates at half_pixel coordinates; the source uses {', '.join(sorted(coords))}"
    return ""


register_resize_target(ResizeTarget(
    framework="opencv", layout="hwc", spatial=(2,), imports=("import cv2",),
    candidates=_candidates, cannot=_cannot,
))
