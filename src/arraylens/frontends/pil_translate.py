"""PIL as a translate target of resizes (``Image.resize``, one plane at a time): its vocabulary
for :mod:`arraylens.translate.resize`; proposals are checked by :mod:`arraylens.frontends.pil`."""

from __future__ import annotations

from typing import Any

from arraylens.core.registry import ResizeCandidate, ResizeTarget, register_resize_target

_FILTERS = {"BILINEAR": 2, "NEAREST": 0, "BICUBIC": 3, "LANCZOS": 1, "BOX": 4, "HAMMING": 5}



def _candidates(ins: tuple[int, ...], outs: tuple[int, ...], scales: Any) -> list[ResizeCandidate]:
    size = (outs[1], outs[0])
    return [("PIL.Image.resize", {"size": size, "resample": value},
             f"np.asarray(Image.fromarray(v).resize({size}, Image.Resampling.{name}))")
            for name, value in _FILTERS.items()]


def _cannot(spec: Any) -> str:
    f = spec.filter
    coords = {r.coordinate for r in spec.resizes}
    if coords - {"half_pixel"}:
        return f"PIL resizes at half_pixel coordinates; the source uses {', '.join(sorted(coords))}"
    if f.kind != "nearest" and not f.antialias and any(r.downsampling for r in spec.resizes):
        return "PIL's filters always antialias when downsampling (the support scaled by in / out); the source does not"
    if f.kind == "cubic" and f.cubic_a != -0.5:
        return f"PIL's BICUBIC uses a = -0.5; the source's a = {f.cubic_a}"
    return ""


register_resize_target(ResizeTarget(
    framework="pil", layout="planes", spatial=(2,), imports=("from PIL import Image",),
    candidates=_candidates, cannot=_cannot,
))
