"""JAX as a translate target of resizes (``jax.image.resize``): its vocabulary for
:mod:`arraylens.translate.resize`; proposals are checked by :mod:`arraylens.frontends.jax`."""

from __future__ import annotations

from typing import Any

from arraylens.core.registry import ResizeCandidate, ResizeTarget, register_resize_target

_METHODS = ("linear", "nearest", "cubic", "lanczos3", "lanczos5")



def _candidates(ins: tuple[int, ...], outs: tuple[int, ...], scales: Any) -> list[ResizeCandidate]:
    out = []
    for method in _METHODS:
        for aa in (True, False):
            if aa is False and method == "nearest":
                continue
            shape_text = f"v.shape[:1] + {tuple(outs)}"
            text = f"np.asarray(jax.image.resize(v, {shape_text}, method={method!r}, antialias={aa}))"
            out.append(("jax.image.resize", {"shape": "batch", "method": method, "antialias": aa}, text))
    return out


def _cannot(spec: Any) -> str:
    f = spec.filter
    coords = {r.coordinate for r in spec.resizes}
    if coords - {"half_pixel"}:
        return f"jax.image.resize maps with half_pixel coordinates; the source uses {', '.join(sorted(coords))}"
    if f.kind == "nearest" and f.rounding != "round_prefer_ceil":
        return f"jax.image.resize's nearest rounds half up; the source rounds by {f.rounding}"
    if f.kind == "cubic" and f.cubic_a != -0.5:
        return f"jax.image.resize's cubic uses a = -0.5; the source's a = {f.cubic_a}"
    if f.kind not in ("nearest", "linear", "cubic", "lanczos"):
        return f"jax.image.resize has no {f.kind} filter"
    return ""


register_resize_target(ResizeTarget(
    framework="jax", layout="flat", spatial=(1, 2, 3, 4), imports=("import jax",),
    candidates=_candidates, cannot=_cannot,
))
