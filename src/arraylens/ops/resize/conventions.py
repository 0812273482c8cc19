"""The default calls of each library as canonical choices, for "the same pixel elsewhere".

Each :class:`Convention` is one library's call (its name as the user writes it) as a filter,
a coordinate rule, a boundary rule and an arithmetic. :func:`conventions_for` lists those of
one filter family (nearest, linear, cubic, area) so that an explanation can compute the
explained pixel under each and name the rule that makes them differ. The front-ends hold the
full rules of their library; these are the defaults people compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from arraylens.ops.resize.spec import AxisResize, Filter, Precision, ResizeSpec

__all__ = ["Convention", "conventions_for", "family"]


@dataclass(frozen=True)
class Convention:
    """A library's call as canonical choices.

    Attributes
    ----------
    label : str
        The call as written, and the calls equal to it (``"torch bilinear, align_corners=False
        = tf.image.resize bilinear"``).
    filter : Filter
    coordinate : str
    boundary : str
    arithmetic : str
        ``exact``, ``float32`` or ``float64`` coordinate arithmetic.
    note : str
        When it differs from its equals (an output of size 1, integer images).
    """

    label: str
    filter: Filter
    coordinate: str
    boundary: str = "clamp"
    arithmetic: str = "float32"
    note: str = ""

    def spec(self, axes: tuple[int, ...], sizes: tuple[tuple[int, int], ...]) -> ResizeSpec:
        """This convention on ``axes`` resized from ``sizes[k][0]`` to ``sizes[k][1]``."""
        return ResizeSpec(axes, tuple(AxisResize.of(n, m, self.coordinate) for n, m in sizes), self.filter,
                          self.boundary, None, Precision(self.arithmetic, "multiply"))


_LINEAR = (
    Convention("torch.nn.functional.interpolate bilinear, align_corners=False = tf.image.resize bilinear "
               "= ONNX Resize linear pytorch_half_pixel = cv2.resize INTER_LINEAR (float)",
               Filter("linear"), "half_pixel",
               note="ONNX's pytorch_half_pixel takes x_src = 0 on an output of length 1, torch the centre; "
                    "OpenCV's 8-bit images use fixed point"),
    Convention("ONNX Resize linear (default half_pixel)", Filter("linear"), "half_pixel", arithmetic="exact"),
    Convention("torch bilinear, align_corners=True = tf.compat.v1.image.resize_bilinear(align_corners=True) "
               "= ONNX align_corners", Filter("linear"), "align_corners"),
    Convention("tf.compat.v1.image.resize_bilinear (default: asymmetric)", Filter("linear"), "asymmetric"),
    Convention("PIL Image.resize BILINEAR = torch bilinear antialias=True = tf.image.resize bilinear "
               "antialias=True", Filter("linear", antialias=True), "half_pixel", "exclude",
               note="PIL antialiases when downsampling; PIL's 8-bit images use fixed point"),
)

_NEAREST = (
    Convention("torch 'nearest' = cv2.resize INTER_NEAREST = tf.compat.v1.image.resize_nearest_neighbor "
               "(default)", Filter("nearest", rounding="floor"), "asymmetric"),
    Convention("torch 'nearest-exact' = tf.image.resize nearest = jax.image.resize nearest",
               Filter("nearest", rounding="round_prefer_ceil"), "half_pixel"),
    Convention("ONNX Resize nearest (default: half_pixel, round_prefer_floor)",
               Filter("nearest", rounding="round_prefer_floor"), "half_pixel", arithmetic="exact"),
    Convention("tf.compat.v1.image.resize_nearest_neighbor(align_corners=True)",
               Filter("nearest", rounding="round_prefer_ceil"), "align_corners"),
)

_CUBIC = (
    Convention("torch bicubic, align_corners=False (a = -0.75) = cv2.resize INTER_CUBIC (float)",
               Filter("cubic", cubic_a=-0.75), "half_pixel"),
    Convention("ONNX Resize cubic (default: half_pixel, a = -0.75)", Filter("cubic", cubic_a=-0.75), "half_pixel",
               arithmetic="exact"),
    Convention("tf.image.resize bicubic (a = -0.5, taps outside excluded)", Filter("cubic", cubic_a=-0.5),
               "half_pixel", "exclude"),
    Convention("tf.compat.v1.image.resize_bicubic (default: asymmetric, a = -0.75)", Filter("cubic", cubic_a=-0.75),
               "asymmetric"),
    Convention("PIL Image.resize BICUBIC = torch bicubic antialias=True (a = -0.5, antialiased)",
               Filter("cubic", cubic_a=-0.5, antialias=True), "half_pixel", "exclude",
               note="PIL antialiases when downsampling; PIL's 8-bit images use fixed point"),
)

_AREA = (
    Convention("torch 'area' (adaptive average pooling windows)", Filter("area", area="adaptive"), "asymmetric"),
    Convention("tf.image.resize area (fractional coverage)", Filter("area", area="coverage"), "asymmetric"),
)


def family(f: Filter) -> str:
    """The filter family whose conventions are compared: nearest, linear, cubic, area or other."""
    return f.kind if f.kind in ("nearest", "linear", "cubic", "area") else "other"


def conventions_for(f: Filter) -> tuple[Convention, ...]:
    """The library defaults of ``f``'s family (empty for lanczos, gaussian, ...)."""
    return {"nearest": _NEAREST, "linear": _LINEAR, "cubic": _CUBIC, "area": _AREA}.get(family(f), ())
